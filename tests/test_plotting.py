"""Data/MC plots: band numbers against hand computations, files, edge cases, real demo data."""

from __future__ import annotations

from pathlib import Path

import awkward as ak
import hist
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest
import uproot
from matplotlib.patches import StepPatch
from PIL import Image
from scipy.stats import chi2

from chathep.catalog import Sample
from chathep.plotting import (
    data_interval,
    data_mc_figure,
    format_lumi,
    mc_uncertainty_band,
    plot_data_mc,
    plot_histograms,
)

EDGES = [0.0, 10.0, 20.0, 30.0, 40.0]


def _sample(name: str, kind: str, process: str, color: str | None = None, **kw) -> Sample:
    extra = {"lumi_pb": 10.0} if kind == "data" else {"xsec_pb": 1.0, "sum_genweight": 1.0}
    return Sample(
        name=name,
        kind=kind,
        process=process,
        label=process,
        era="2018",
        sqrt_s_tev=kw.pop("sqrt_s_tev", 13.0),
        files=["x.root"],
        n_events=1,
        color=color,
        **extra,
        **kw,
    )


SAMPLES = {
    "data": _sample("data", "data", "data"),
    "dy_a": _sample("dy_a", "mc", "DY", "#ffbf3f"),
    "dy_b": _sample("dy_b", "mc", "DY", "#ffbf3f"),
    "tt": _sample("tt", "mc", "ttbar", "#e42536"),
}


def _empty_hist(edges=EDGES) -> hist.Hist:
    return hist.Hist(
        hist.axis.StrCategory([], name="dataset", growth=True),
        hist.axis.StrCategory([], name="systematic", growth=True),
        hist.axis.Variable(edges, name="x", label="$p_{T}$ [GeV]"),
        storage=hist.storage.Weight(),
    )


def _put(h: hist.Hist, dataset: str, syst: str, values, variances) -> None:
    """Set one (dataset, systematic) cell to exact per-bin sums of weights and of weights^2."""
    h.fill(dataset=dataset, systematic=syst, x=[EDGES[0]], weight=[0.0])  # create categories
    view = h.view(flow=False)
    i, j = h.axes["dataset"].index(dataset), h.axes["systematic"].index(syst)
    view.value[i, j, :] = values
    view.variance[i, j, :] = variances


@pytest.fixture
def full_hist() -> hist.Hist:
    h = _empty_hist()
    _put(h, "data", "nominal", [12, 30, 7, 0], [12, 30, 7, 0])
    _put(h, "dy_a", "nominal", [5.0, 10.0, 2.0, 1.0], [1.0, 4.0, 0.5, 0.2])
    _put(h, "dy_b", "nominal", [3.0, 8.0, 2.0, 0.0], [0.5, 2.0, 0.4, 0.0])
    _put(h, "tt", "nominal", [2.0, 4.0, 3.0, 1.0], [0.3, 0.6, 0.5, 0.3])
    # jes: both samples shifted, up goes up in bins 0-2 and down in bin 3
    _put(h, "dy_a", "jesUp", [5.5, 10.5, 2.2, 0.9], [1, 4, 0.5, 0.2])
    _put(h, "dy_a", "jesDown", [4.6, 9.4, 1.9, 1.05], [1, 4, 0.5, 0.2])
    _put(h, "dy_b", "jesUp", [3.3, 8.4, 2.1, 0.0], [0.5, 2, 0.4, 0])
    _put(h, "dy_b", "jesDown", [2.8, 7.7, 1.9, 0.0], [0.5, 2, 0.4, 0])
    _put(h, "tt", "jesUp", [2.1, 4.2, 3.1, 1.1], [0.3, 0.6, 0.5, 0.3])
    _put(h, "tt", "jesDown", [1.9, 3.9, 2.9, 0.95], [0.3, 0.6, 0.5, 0.3])
    # scale variation exists only for tt (dy histograms of it stay unfilled); both go up in bin 1
    _put(h, "tt", "scaleUp", [2.4, 4.5, 3.0, 1.0], [0.3, 0.6, 0.5, 0.3])
    _put(h, "tt", "scaleDown", [1.7, 4.3, 3.0, 1.0], [0.3, 0.6, 0.5, 0.3])
    return h


def test_band_matches_hand_computation(full_hist):
    band = mc_uncertainty_band(full_hist, ["dy_a", "dy_b", "tt"])
    nominal = np.array([5 + 3 + 2, 10 + 8 + 4, 2 + 2 + 3, 1 + 0 + 1.0])
    stat = np.sqrt([1 + 0.5 + 0.3, 4 + 2 + 0.6, 0.5 + 0.4 + 0.5, 0.2 + 0 + 0.3])
    jes_up = np.array([5.5 + 3.3 + 2.1, 10.5 + 8.4 + 4.2, 2.2 + 2.1 + 3.1, 0.9 + 0 + 1.1])
    jes_down = np.array([4.6 + 2.8 + 1.9, 9.4 + 7.7 + 3.9, 1.9 + 1.9 + 2.9, 1.05 + 0 + 0.95])
    # dy has no scale variation: it enters the shifted total with its nominal
    scale_up = np.array([8 + 2.4, 18 + 4.5, 4 + 3.0, 1 + 1.0])
    scale_down = np.array([8 + 1.7, 18 + 4.3, 4 + 3.0, 1 + 1.0])
    # envelope per source, by hand, bin by bin
    up2 = np.zeros(4)
    down2 = np.zeros(4)
    for shifted in ((jes_up, jes_down), (scale_up, scale_down)):
        for i in range(4):
            d = [s[i] - nominal[i] for s in shifted]
            up2[i] += max(max(d), 0.0) ** 2
            down2[i] += max(-min(d), 0.0) ** 2
    np.testing.assert_allclose(band.nominal, nominal, rtol=1e-12)
    np.testing.assert_allclose(band.stat, stat, rtol=1e-9)
    np.testing.assert_allclose(band.syst_up, np.sqrt(up2), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(band.syst_down, np.sqrt(down2), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(band.up, np.sqrt(stat**2 + up2), rtol=1e-9)
    np.testing.assert_allclose(band.down, np.sqrt(stat**2 + down2), rtol=1e-9)
    # bin 1: both scale variations go up, so the envelope has no downward scale part
    assert band.syst_down[1] == pytest.approx(abs(jes_down[1] - nominal[1]))


def test_band_without_systematics_is_stat_only():
    h = _empty_hist()
    _put(h, "tt", "nominal", [2.0, 4.0, 3.0, 1.0], [0.3, 0.6, 0.5, 0.3])
    band = mc_uncertainty_band(h, ["tt"])
    np.testing.assert_allclose(band.up, np.sqrt([0.3, 0.6, 0.5, 0.3]))
    np.testing.assert_allclose(band.down, band.up)


def test_data_interval_is_garwood():
    counts = np.array([0.0, 1.0, 4.0, 25.0])
    lo, hi = data_interval(counts)
    alpha = 1 - 0.682689492137
    exp_lo = [0.0] + [chi2.ppf(alpha / 2, 2 * n) / 2 for n in counts[1:]]
    exp_hi = [chi2.ppf(1 - alpha / 2, 2 * (n + 1)) / 2 for n in counts]
    np.testing.assert_allclose(lo, exp_lo, rtol=1e-6)
    np.testing.assert_allclose(hi, exp_hi, rtol=1e-6)
    assert hi[0] == pytest.approx(1.841, abs=1e-3)  # the textbook n = 0 upper edge


@pytest.mark.parametrize(
    ("lumi_pb", "text"),
    [
        (0.0036192, "3.62 $\\mathrm{nb^{-1}}$"),
        (59740.0, "59.7 $\\mathrm{fb^{-1}}$"),
        (137600.0, "138 $\\mathrm{fb^{-1}}$"),
        (35.9, "35.9 $\\mathrm{pb^{-1}}$"),
        (0.5, "500 $\\mathrm{nb^{-1}}$"),
    ],
)
def test_format_lumi_picks_readable_unit(lumi_pb, text):
    assert format_lumi(lumi_pb) == text


def _stack_patches(ax) -> dict[str, StepPatch]:
    """Filled StepPatches of the stack keyed by their colour (hex)."""
    out = {}
    for p in ax.patches:
        if isinstance(p, StepPatch) and p.get_fill() and p.get_facecolor()[3] > 0:
            out[mcolors.to_hex(p.get_facecolor())] = p
    return out


def test_stack_merges_samples_of_one_process(full_hist):
    fig, warns = data_mc_figure(full_hist, SAMPLES, lumi_pb=None, sqrt_s_tev=13.0)
    ax = fig.axes[0]
    patches = _stack_patches(ax)
    assert set(patches) == {"#ffbf3f", "#e42536"}  # one patch per process, not per sample
    dy, tt = patches["#ffbf3f"].get_data(), patches["#e42536"].get_data()
    # uniform 10-unit bins: events per bin; smaller process (tt) at the bottom
    np.testing.assert_allclose(tt.values, [2, 4, 3, 1])
    np.testing.assert_allclose(dy.baseline, [2, 4, 3, 1])
    np.testing.assert_allclose(dy.values, [10, 22, 7, 2])
    # data markers sit at the counts of non-empty bins
    marker_line = ax.containers[0].lines[0] if ax.containers else None
    assert marker_line is not None
    np.testing.assert_allclose(marker_line.get_ydata(), [12, 30, 7])
    assert ax.get_ylabel() == "Events / 10 GeV"
    assert fig.axes[1].get_ylabel() == "Data / MC"
    assert warns == []
    fig, _ = data_mc_figure(full_hist, SAMPLES, lumi_pb=None, sqrt_s_tev=13.0, show_yields=True)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Data (49)", "DY (31)", "ttbar (10)", "MC stat. $\\oplus$ syst. unc."]


def test_plot_data_mc_writes_valid_deterministic_files(full_hist, tmp_path):
    open_before = plt.get_fignums()
    first = plot_data_mc(full_hist, SAMPLES, lumi_pb=None, sqrt_s_tev=13.0, out=tmp_path / "a")
    second = plot_data_mc(full_hist, SAMPLES, lumi_pb=None, sqrt_s_tev=13.0, out=tmp_path / "b")
    assert plt.get_fignums() == open_before  # no figure leaked into pyplot
    assert first.png == tmp_path / "a.png" and first.pdf == tmp_path / "a.pdf"
    with Image.open(first.png) as img:
        assert img.format == "PNG"
        assert min(img.info["dpi"]) >= 150
        assert img.size[0] >= 1500
    pdf = first.pdf.read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert first.png.read_bytes() == second.png.read_bytes()
    assert pdf == second.pdf.read_bytes()


def _labels(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


@pytest.mark.parametrize(
    ("fill", "expect"),
    [
        ({}, ["nothing to draw", "No events selected"]),
        ({"dy_a": [1, 2, 0, 0]}, ["No data sample"]),
        ({"data": [3, 1, 0, 0]}, ["No simulation"]),
        ({"data": [0, 0, 0, 0], "dy_a": [0, 0, 0, 0]}, ["data histogram is empty", "No events"]),
        ({"data": [3, 1, 0, 0], "dy_a": [1, 2, 0, 0], "other": [1, 1, 1, 1]}, ["'other'"]),
    ],
    ids=["empty", "mc-only", "data-only", "zero-events", "unknown-dataset"],
)
def test_degenerate_inputs_give_labelled_plot_and_warning(fill, expect, tmp_path):
    h = _empty_hist()
    for dataset, values in fill.items():
        _put(h, dataset, "nominal", values, values)
    samples = {k: v for k, v in SAMPLES.items() if k in ("data", "dy_a")}
    result = plot_data_mc(h, samples, lumi_pb=None, sqrt_s_tev=13.0, out=tmp_path / "p")
    assert result.png.stat().st_size > 10_000 and result.pdf.stat().st_size > 1_000
    fig, warns = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0)
    text = " ".join(warns + _labels(fig))
    for needle in expect:
        assert needle in text
    assert "CMS" in _labels(fig)


def test_missing_sample_and_wrong_era_are_warned():
    h = _empty_hist()
    _put(h, "data", "nominal", [3, 1, 0, 0], [3, 1, 0, 0])
    _put(h, "tt", "nominal", [1, 1, 0, 0], [1, 1, 0, 0])
    samples = dict(SAMPLES, tt=_sample("tt", "mc", "ttbar", sqrt_s_tev=13.6))
    _, warns = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0)
    assert any("dy_a" in w and "missing" in w for w in warns)
    assert any("13.6 TeV" in w for w in warns)


def test_log_scale_and_lumi_label(full_hist):
    fig, _ = data_mc_figure(full_hist, SAMPLES, lumi_pb=0.0036192, sqrt_s_tev=13.0, logy=True)
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    low, high = ax.get_ylim()
    assert 0 < low < 2 and high > 30  # smallest MC total (2) and largest data bin (30) inside
    assert "3.62 $\\mathrm{nb^{-1}}$ (13 TeV)" in _labels(fig)


def test_bad_histogram_is_a_typed_error():
    from chathep.errors import DataError

    h = hist.Hist(hist.axis.Regular(3, 0, 1, name="x"))
    with pytest.raises(DataError) as err:
        data_mc_figure(h, SAMPLES, lumi_pb=None, sqrt_s_tev=13.0)
    assert err.value.hint


def test_shape_plot_single_sample_and_density(tmp_path):
    h = _empty_hist()
    _put(h, "tt", "nominal", [2.0, 4.0, 3.0, 1.0], [0.3, 0.6, 0.5, 0.3])
    _put(h, "dy_a", "nominal", [1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0])
    one = plot_histograms(h, {"tt": SAMPLES["tt"]}, sqrt_s_tev=13.6, out=tmp_path / "tt")
    assert one.png.exists() and one.pdf.exists()
    assert any("dy_a" in w for w in one.warnings)  # not requested: reported, not drawn
    from chathep.plotting import histograms_figure

    fig, _ = histograms_figure(
        h, {"tt": SAMPLES["tt"], "dy_a": SAMPLES["dy_a"]}, sqrt_s_tev=13.6, density=True
    )
    steps = [p for p in fig.axes[0].patches if isinstance(p, StepPatch) and not p.get_fill()]
    sums = sorted(float(p.get_data().values.sum()) for p in steps)
    assert sums == pytest.approx([1.0, 1.0])  # each process normalised to unit area
    assert fig.axes[0].get_ylabel() == "Fraction of events / 10 GeV"


def test_real_demo_dimuon_mass(demo_data, catalog, tmp_path):
    """m(mumu) of the shipped data and DY files, with a hand-written uproot reference."""
    edges = np.linspace(0, 150, 31)

    def leading_pair_mass(path: Path) -> tuple[np.ndarray, np.ndarray]:
        ev = uproot.open(path)["Events"].arrays(
            ["Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass"], library="ak"
        )
        keep = ak.num(ev.Muon_pt) >= 2
        pt, eta, phi, m = (ak.to_numpy(ev[f][keep][:, :2]) for f in ev.fields)
        px, py = pt * np.cos(phi), pt * np.sin(phi)
        pz, e = pt * np.sinh(eta), np.sqrt((pt * np.cosh(eta)) ** 2 + m**2)
        mass = np.sqrt(
            np.maximum(e.sum(1) ** 2 - px.sum(1) ** 2 - py.sum(1) ** 2 - pz.sum(1) ** 2, 0)
        )
        return mass, keep.to_numpy()

    data = catalog["data_2018A_doublemuon"]
    dy = catalog["dy_2018"]
    m_data, _ = leading_pair_mass(data.paths()[0])
    m_dy, keep = leading_pair_mass(dy.paths()[0])
    gen = uproot.open(dy.paths()[0])["Events"]["genWeight"].array(library="np")[keep]
    w_dy = gen * dy.xsec_pb * data.lumi_pb / dy.sum_genweight

    h = hist.Hist(
        hist.axis.StrCategory([], name="dataset", growth=True),
        hist.axis.StrCategory([], name="systematic", growth=True),
        hist.axis.Regular(30, 0, 150, name="mass", label=r"$m_{\mu\mu}$ [GeV]"),
        storage=hist.storage.Weight(),
    )
    h.fill(dataset=data.name, systematic="nominal", mass=m_data)
    h.fill(dataset=dy.name, systematic="nominal", mass=m_dy, weight=w_dy)
    samples = {data.name: data, dy.name: dy}
    fig, warns = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0)
    assert warns == []
    ax = fig.axes[0]
    (patch,) = _stack_patches(ax).values()
    np.testing.assert_allclose(patch.get_data().values, np.histogram(m_dy, edges, weights=w_dy)[0])
    counts = np.histogram(m_data, edges)[0]
    np.testing.assert_allclose(ax.containers[0].lines[0].get_ydata(), counts[counts > 0])
    band = mc_uncertainty_band(h, [dy.name])
    np.testing.assert_allclose(band.stat, np.sqrt(np.histogram(m_dy, edges, weights=w_dy**2)[0]))
    assert "3.62 $\\mathrm{nb^{-1}}$ (13 TeV)" in _labels(fig)
    out = plot_data_mc(h, samples, lumi_pb=None, sqrt_s_tev=13.0, out=tmp_path / "mll", logy=True)
    assert out.png.exists() and out.pdf.exists() and out.warnings == []


def test_count_axis_label_and_title_in_legend():
    from chathep.plotting import histograms_figure

    h = hist.Hist(
        hist.axis.StrCategory(["tt"], name="dataset"),
        hist.axis.StrCategory(["nominal"], name="systematic"),
        hist.axis.Regular(6, -0.5, 5.5, name="n_bjets", label="Number of b-tagged jets"),
        storage=hist.storage.Weight(),
    )
    h.fill(dataset="tt", systematic="nominal", n_bjets=[1, 2, 2, 3], weight=[1e5] * 4)
    fig, warns = histograms_figure(h, {"tt": SAMPLES["tt"]}, sqrt_s_tev=13.6, title="4 jets")
    ax = fig.axes[0]
    assert warns == []
    assert ax.get_ylabel() == "Events"  # one bin per count: no 'Events / 1'
    assert ax.get_xlabel() == "Number of b-tagged jets"
    assert ax.get_legend().get_title().get_text() == "4 jets"
    assert ax.get_ylim()[1] > 2e5  # the tallest bin (2 x 1e5) fits below the legend


def test_flow_bins_fold_into_the_edge_bins():
    from chathep.plotting import fold_flow

    h = hist.Hist(
        hist.axis.StrCategory(["tt"], name="dataset"),
        hist.axis.StrCategory(["nominal"], name="systematic"),
        hist.axis.Regular(3, 0, 3, name="x", label="x [GeV]"),
        storage=hist.storage.Weight(),
    )
    x = np.array([-1.0, 0.5, 1.5, 2.5, 5.0, 7.0])
    w = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    h.fill(dataset="tt", systematic="nominal", x=x, weight=w)
    folded = fold_flow(h)
    clipped = np.clip(x, 0.0, 2.999)  # independent: move out-of-range entries to edge bins
    expected = np.histogram(clipped, 3, (0, 3), weights=w)[0]
    np.testing.assert_allclose(folded.values()[0, 0], expected)
    np.testing.assert_allclose(
        folded.variances()[0, 0], np.histogram(clipped, 3, (0, 3), weights=w**2)[0]
    )
    band = mc_uncertainty_band(folded, ["tt"])
    assert band.nominal.sum() == pytest.approx(w.sum())
    np.testing.assert_allclose(h.values()[0, 0], [2, 3, 4])  # the input is not modified


def _plain_result(datasets: list[str], values: list[list[float]]):
    """An engine result as the JSON a generated analysis writes ('plain' histogram form)."""
    from chathep.results import result_from_dict

    n = len(values[0])
    # flow bins included: category overflow bins (empty) and under/overflow of the observable
    flowed = np.zeros((len(datasets) + 1, 2, n + 2))
    flowed[: len(datasets), 0, 1:-1] = values
    flowed = flowed.tolist()
    return result_from_dict(
        {
            "schema": "chathep.result",
            "schema_version": 1,
            "status": "ok",
            "histograms": {
                "pt": {
                    "axis_label": "Muon $p_{T}$ [GeV]",
                    "log_y": True,
                    "plain": {
                        "datasets": datasets,
                        "systematics": ["nominal"],
                        "edges": list(np.linspace(0, 100, n + 1)),
                        "values": flowed,
                        "variances": flowed,
                    },
                }
            },
            "cutflow": {},
            "yields": {d: {"events": 1, "sumw": 1.0, "sumw2": 1.0} for d in datasets},
            "corrections": {},
            "metadata": {"lumi_pb": 0.0036192},
        }
    )


def test_plot_result_reads_engine_output(catalog, tmp_path):
    from chathep.plotting import plot_result

    both = _plain_result(["data_2018A_doublemuon", "dy_2018"], [[3, 1, 0, 2], [2.5, 1.5, 0.5, 1]])
    out = plot_result(both, catalog, tmp_path / "a")
    assert set(out) == {"pt"} and out["pt"].warnings == []
    fig, _ = data_mc_figure(
        both.histograms["pt"], {}, lumi_pb=None, sqrt_s_tev=13.0, xlabel="Muon $p_{T}$ [GeV]"
    )
    assert fig.axes[0].get_ylabel() == "Events / 25 GeV"  # unit from the given x label
    assert out["pt"].png == tmp_path / "a" / "pt.png" and out["pt"].pdf.exists()

    mc_only = _plain_result(["ttbar_semilep_2022", "mystery"], [[3, 1, 0, 2], [1, 1, 1, 1]])
    out = plot_result(mc_only, catalog, tmp_path / "b")
    assert any("mystery" in w for w in out["pt"].warnings)
    assert out["pt"].png.exists()
