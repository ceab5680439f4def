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
        era=kw.pop("era", "2018"),
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


#: the sources as an analysis result records them (systematics.sources)
SOURCES = {"jes": ["jesDown", "jesUp"], "scale": ["scaleDown", "scaleUp"], "pdf": ["pdfUp"]}


def test_band_matches_hand_computation(full_hist):
    # "pdf" is not in the histogram: a recorded source without entries is skipped
    band = mc_uncertainty_band(full_hist, ["dy_a", "dy_b", "tt"], SOURCES)
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


def test_band_luminosity_and_empty_sample_terms(full_hist):
    """A 2.5 % luminosity uncertainty is one more source; an MC sample without a selected event
    adds 1.841 events of its weight upwards in every bin (68 % Garwood limit for n = 0)."""
    _put(full_hist, "vv", "nominal", [0.0] * 4, [0.0] * 4)  # expected, but nothing selected
    mc = ["dy_a", "dy_b", "tt", "vv"]
    plain = mc_uncertainty_band(full_hist, mc, SOURCES)
    band = mc_uncertainty_band(
        full_hist, mc, SOURCES, event_weights={"vv": 0.3, "tt": 5.0}, norm_uncertainty=0.025
    )
    nominal = np.array([10.0, 22.0, 7.0, 2.0])
    np.testing.assert_allclose(band.nominal, nominal)
    np.testing.assert_allclose(
        band.syst_up**2, plain.syst_up**2 + (0.025 * nominal) ** 2, rtol=1e-9
    )
    np.testing.assert_allclose(
        band.syst_down**2, plain.syst_down**2 + (0.025 * nominal) ** 2, rtol=1e-9
    )
    # tt has entries: no extra term for it; vv: 1.841 x 0.3 = 0.5523 events up, nothing down
    np.testing.assert_allclose(band.empty_up, np.full(4, 0.5523), rtol=1e-4)
    np.testing.assert_allclose(
        band.up, np.sqrt(plain.stat**2 + band.syst_up**2 + 0.5523**2), rtol=1e-4
    )
    np.testing.assert_allclose(band.down, np.hypot(plain.stat, band.syst_down), rtol=1e-9)
    assert plain.empty_up is None


def test_a_variation_that_empties_a_sample_is_a_shift(full_hist):
    """With the per-sample variations of the result, an empty variation histogram is a real
    shift (the sample lost every event); without them it reads as "no such systematic"."""
    _put(full_hist, "dy_b", "jesDown", [0.0] * 4, [0.0] * 4)  # JES down empties dy_b
    has = {
        "dy_a": ["jesDown", "jesUp"],
        "dy_b": ["jesDown", "jesUp"],
        "tt": ["jesDown", "jesUp", "scaleDown", "scaleUp"],
    }
    mc = ["dy_a", "dy_b", "tt"]
    jes = {"jes": ["jesDown", "jesUp"]}
    band = mc_uncertainty_band(full_hist, mc, jes, sample_systematics=has)
    nominal = np.array([10.0, 22.0, 7.0, 2.0])
    down = np.array([4.6 + 0 + 1.9, 9.4 + 0 + 3.9, 1.9 + 0 + 2.9, 1.05 + 0 + 0.95])
    up = np.array([5.5 + 3.3 + 2.1, 10.5 + 8.4 + 4.2, 2.2 + 2.1 + 3.1, 0.9 + 0 + 1.1])
    shifts = np.vstack([down - nominal, up - nominal])
    np.testing.assert_allclose(band.syst_down, np.max(np.clip(-shifts, 0, None), axis=0))
    np.testing.assert_allclose(band.syst_up, np.max(np.clip(shifts, 0, None), axis=0))
    # the old reading (no per-sample record): dy_b's empty jesDown is taken as its nominal
    old = mc_uncertainty_band(full_hist, mc, jes)
    assert old.syst_down[1] == pytest.approx(22.0 - (9.4 + 8.0 + 3.9))
    assert band.syst_down[1] == pytest.approx(22.0 - (9.4 + 3.9))
    # a sample without the variation (dy has no scale weights) enters with its nominal
    scale = mc_uncertainty_band(
        full_hist, mc, {"scale": ["scaleDown", "scaleUp"]}, sample_systematics=has
    )
    np.testing.assert_allclose(scale.syst_up[0], 0.4)


def test_band_without_recorded_sources_takes_each_variation_as_a_source(full_hist):
    """No name parsing: without the result's sources, jesUp and jesDown are two sources."""
    grouped = mc_uncertainty_band(full_hist, ["dy_a", "dy_b", "tt"], SOURCES)
    alone = mc_uncertainty_band(full_hist, ["dy_a", "dy_b", "tt"])
    each = {s: [s] for s in ("jesUp", "jesDown", "scaleUp", "scaleDown")}
    np.testing.assert_allclose(
        alone.syst_up, mc_uncertainty_band(full_hist, ["dy_a", "dy_b", "tt"], each).syst_up
    )
    # bin 1: both scale variations go up; as separate sources both count, not only the larger
    assert alone.syst_up[1] > grouped.syst_up[1]
    # sources named any way at all (no "Up"/"Down" suffix needed)
    odd = {"energy scale": ["jesUp", "jesDown"], "mu_R, mu_F": ["scaleUp", "scaleDown"]}
    np.testing.assert_allclose(
        mc_uncertainty_band(full_hist, ["dy_a", "dy_b", "tt"], odd).syst_up, grouped.syst_up
    )


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


def test_a_pdf_written_in_the_background_is_the_pdf_written_in_place(full_hist, tmp_path):
    """Issue 18: the agent writes the PDF after the answer (the PNG is shown); the file is the
    same, byte for byte, and never seen half-written (a partial file is renamed when done)."""
    import matplotlib

    from chathep.plotting import wait_for_pdfs

    kw = {"lumi_pb": None, "sqrt_s_tev": 13.0, "logy": True}
    rc_before = dict(matplotlib.rcParams)
    later = plot_data_mc(full_hist, SAMPLES, out=tmp_path / "later", pdf_in_background=True, **kw)
    # the next plot waits for the writer (matplotlib's rcParams are global): drawn as usual
    now = plot_data_mc(full_hist, SAMPLES, out=tmp_path / "now", **kw)
    wait_for_pdfs()
    assert later.png.read_bytes() == now.png.read_bytes()
    assert later.pdf.read_bytes() == now.pdf.read_bytes()
    assert later.pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "later.pdf",
        "later.png",
        "now.pdf",
        "now.png",
    ]
    assert dict(matplotlib.rcParams) == rc_before  # the writer's style did not leak


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


# --------------------------------------------------------------------------- hard cases (H->bb)


def _hbb_samples(era: str = "2018") -> dict[str, Sample]:
    """Data, four backgrounds (two without events below) and a ZH signal."""
    return {
        "data": _sample("data", "data", "data", era=era),
        "dy": _sample("dy", "mc", "DY", "#ffbf3f", era=era),
        "tt": _sample("tt", "mc", "ttbar", "#e42536", era=era),
        "wjets": _sample("wjets", "mc", "W+jets", "#964a8b", era=era),
        "vv": _sample("vv", "mc", "VV", "#94a4a2", era=era),
        "zh": _sample("zh", "mc", "ZH", "#3f90da", era=era, signal=True),
    }


def _hbb_hist(data=(0, 0, 0, 0)) -> hist.Hist:
    h = _empty_hist()
    _put(h, "data", "nominal", list(data), list(data))
    _put(h, "dy", "nominal", [0.0, 0.0, 0.0965, 0.0], [0.0, 0.0, 0.0093, 0.0])
    _put(h, "tt", "nominal", [0.0, 0.0108, 0.0, 0.0], [0.0, 0.0001, 0.0, 0.0])
    _put(h, "wjets", "nominal", [0.0] * 4, [0.0] * 4)
    _put(h, "vv", "nominal", [0.0] * 4, [0.0] * 4)
    _put(h, "zh", "nominal", [4.5e-5, 1.2e-5, 2e-6, 0.0], [1e-10, 1e-11, 1e-12, 0.0])
    return h


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _window(ax, artist):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = ax.figure.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(ax.figure)
    return artist.get_window_extent(canvas.get_renderer())


@pytest.mark.parametrize(
    ("total", "text"),
    [
        (0.0965, "0.097"),
        (0.000202, "2.0e-4"),
        (12.34, "12.3"),
        (1234.5, "1.2e3"),
        (49.0, "49"),
        (3.0, "3"),
        (0.0, "0"),
    ],
)
def test_yields_have_two_or_three_significant_digits(total, text):
    from chathep.plotting import format_yield

    assert format_yield(total) == text


@pytest.mark.parametrize(
    ("signal_peak", "stack_peak", "factor"),
    [(4.45e-5, 0.0965, 1000), (0.03, 0.1, 1), (0.3, 0.1, 1), (2e-3, 10.0, 1000), (0.5, 0, 1)],
)
def test_signal_scale_is_a_power_of_ten_that_makes_the_signal_visible(
    signal_peak, stack_peak, factor
):
    from chathep.plotting import signal_scale

    assert signal_scale(signal_peak, stack_peak) == factor
    if stack_peak and factor > 1:
        assert 0.15 * stack_peak < signal_peak * factor < 1.6 * stack_peak


def test_processes_without_events_are_not_stacked_but_named_in_one_note():
    h = _hbb_hist(data=(0, 1, 2, 0))
    samples = {k: v for k, v in _hbb_samples().items() if k != "zh"}
    fig, _ = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0, show_yields=True)
    ax = fig.axes[0]
    # only the processes with entries are stack layers (no zero-height patches with edges)
    assert set(_stack_patches(ax)) == {"#ffbf3f", "#e42536"}
    legend = _legend_texts(ax)
    assert not any("(0)" in t for t in legend[1:])
    assert not any(t.startswith(("W+jets", "VV")) for t in legend)
    notes = [t.get_text() for t in ax.texts if "No events" in t.get_text()]
    assert len(notes) == 1 and "W+jets" in notes[0] and "VV" in notes[0]


def test_empty_data_draws_no_error_bars_in_either_panel():
    """Zero data events: no Garwood bars of 1.84 events across a plot scaled to 0.1 events."""
    fig, warns = data_mc_figure(_hbb_hist(), _hbb_samples(), lumi_pb=None, sqrt_s_tev=13.0)
    ax, rax = fig.axes
    assert any("data histogram is empty" in w for w in warns)
    drawn = [
        seg
        for axis in (ax, rax)
        for c in axis.containers
        for coll in c.lines[2]
        for seg in coll.get_segments()
    ]
    assert drawn == []
    assert all(len(c.lines[0].get_xdata()) == 0 for a in (ax, rax) for c in a.containers)


def test_legend_is_inside_the_frame_beside_the_label_and_above_the_bins():
    samples = {
        "data": _sample("data", "data", "data"),
        **{
            f"p{i}": _sample(f"p{i}", "mc", name, color)
            for i, (name, color) in enumerate(
                [
                    (r"Drell-Yan $Z/\gamma^*\to\ell\ell$", "#ffbf3f"),
                    (r"$t\bar{t}$ dileptonic", "#e42536"),
                    (r"$W(\to\ell\nu)$+jets", "#964a8b"),
                    ("Diboson (WW, WZ, ZZ)", "#94a4a2"),
                    (r"Single top $tW$", "#3f90da"),
                ]
            )
        },
    }
    h = _empty_hist()
    _put(h, "data", "nominal", [1500, 300, 40, 3], [1500, 300, 40, 3])
    for i, scale in enumerate([1234.5, 150.2, 12.34, 0.0965, 0.000202]):
        values = scale * np.array([0.8, 0.15, 0.04, 0.01])
        _put(h, f"p{i}", "nominal", values, values * 0.01)
    fig, _ = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0, show_yields=True)
    ax = fig.axes[0]
    legend = ax.get_legend()
    frame, box = _window(ax, ax), _window(ax, legend)
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 <= box.y1 <= frame.y1
    for text in ax.texts:  # the experiment label
        if text.get_text() in ("CMS", "Open Data"):
            assert not box.overlaps(_window(ax, text))
    texts = _legend_texts(ax)
    # data first, then the stack top to bottom, band last; 2-3 significant digits
    assert texts == [
        "Data (1843)",
        "Drell-Yan $Z/\\gamma^*\\to\\ell\\ell$ (1.2e3)",
        "$t\\bar{t}$ dileptonic (150)",
        "$W(\\to\\ell\\nu)$+jets (12.3)",
        "Diboson (WW, WZ, ZZ) (0.097)",
        "Single top $tW$ (2.0e-4)",
        "MC stat. unc.",
    ]
    assert legend.get_texts()[0].get_fontsize() < 26  # smaller than the axis labels
    # headroom: the highest thing drawn (data upper error, band) stays below the legend
    legend_bottom = ax.transData.inverted().transform((0, box.y0))[1]
    assert legend_bottom > 1500 + 3 * np.sqrt(1500)


def test_signal_is_an_unstacked_scaled_line_and_the_ratio_is_data_over_background():
    h = _hbb_hist(data=(0, 1, 1, 0))
    fig, _ = data_mc_figure(h, _hbb_samples(), lumi_pb=None, sqrt_s_tev=13.0)
    ax, rax = fig.axes
    assert "#3f90da" not in _stack_patches(ax)  # not a stack layer
    lines = [
        p
        for p in ax.patches
        if isinstance(p, StepPatch)
        and not p.get_fill()
        and mcolors.to_hex(p.get_edgecolor()) == "#3f90da"
    ]
    assert len(lines) == 1
    np.testing.assert_allclose(lines[0].get_data().values, [0.045, 0.012, 0.002, 0.0])
    np.testing.assert_allclose(lines[0].get_data().baseline, 0.0)  # from zero, not on the stack
    assert "ZH (×1000)" in _legend_texts(ax)
    assert rax.get_ylabel() == "Data / Bkg."
    # bin 0 has signal only: neither band nor point in the ratio; bins 1-2 are data / background
    (band,) = [p for p in rax.patches if isinstance(p, StepPatch)]
    assert np.isnan(band.get_data().values[[0, 3]]).all()
    assert np.isfinite(band.get_data().values[[1, 2]]).all()
    points = rax.containers[0].lines[0]
    np.testing.assert_allclose(points.get_xdata(), [15.0, 25.0])
    np.testing.assert_allclose(points.get_ydata(), [1 / 0.0108, 1 / 0.0965])
    assert rax.get_ylim()[0] == 0.0
    # the stacked total and the band are the background's
    (tt,) = [p for c, p in _stack_patches(ax).items() if c == "#e42536"]
    np.testing.assert_allclose(tt.get_data().values, [0.0, 0.0108, 0.0, 0.0])


def test_signal_is_stacked_when_it_is_the_only_prediction():
    h = _empty_hist()
    _put(h, "data", "nominal", [1, 2, 0, 0], [1, 2, 0, 0])
    _put(h, "zh", "nominal", [1.0, 2.0, 0.5, 0.0], [0.1, 0.2, 0.1, 0.0])
    samples = {k: v for k, v in _hbb_samples().items() if k in ("data", "zh")}
    fig, _ = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0)
    assert set(_stack_patches(fig.axes[0])) == {"#3f90da"}
    assert fig.axes[1].get_ylabel() == "Data / MC"
    assert "ZH" in _legend_texts(fig.axes[0])


def test_ratio_has_no_band_or_point_without_prediction_and_a_0_to_2_range(full_hist):
    h = full_hist.copy()
    view = h.view(flow=False)
    for name in ("dy_a", "dy_b", "tt"):  # no MC at all in the last bin, data there
        view.value[h.axes["dataset"].index(name), :, 3] = 0.0
        view.variance[h.axes["dataset"].index(name), :, 3] = 0.0
    _put(h, "data", "nominal", [12, 30, 7, 5], [12, 30, 7, 5])
    fig, _ = data_mc_figure(h, SAMPLES, lumi_pb=None, sqrt_s_tev=13.0)
    rax = fig.axes[1]
    (band,) = [p for p in rax.patches if isinstance(p, StepPatch)]
    assert np.isnan(band.get_data().values[3]) and np.isfinite(band.get_data().values[:3]).all()
    np.testing.assert_allclose(rax.containers[0].lines[0].get_xdata(), [5.0, 15.0, 25.0])
    assert rax.get_ylim() == (0.0, 2.0)
    assert rax.get_ylabel() == "Data / MC"


def test_generated_samples_get_a_plain_simulation_label_not_cms():
    from chathep.generate.catalog_out import ERA
    from chathep.plotting import SIMULATED_ERAS

    assert ERA in SIMULATED_ERAS
    h = _hbb_hist(data=(0, 1, 1, 0))
    fig, _ = data_mc_figure(h, _hbb_samples(era="sim13"), lumi_pb=None, sqrt_s_tev=13.0)
    texts = " ".join(_labels(fig))
    assert "ChatHEP" in texts and "pseudo-data" in texts
    assert "CMS" not in texts and "Open Data" not in texts
    mc = {k: v for k, v in _hbb_samples(era="sim13").items() if k != "data"}
    fig, _ = data_mc_figure(h, mc, lumi_pb=1.0, sqrt_s_tev=13.0)
    texts = " ".join(_labels(fig))
    assert "ChatHEP" in texts and "Simulation" in texts and "pseudo-data" not in texts
    # the real CMS files keep their label
    fig, _ = data_mc_figure(h, _hbb_samples(era="2018"), lumi_pb=None, sqrt_s_tev=13.0)
    assert {"CMS", "Open Data"} <= set(_labels(fig))


def test_generated_catalog_marks_the_higgs_samples_as_signal(tmp_path):
    from chathep.catalog import load_catalog
    from chathep.generate.catalog_out import write_catalog
    from chathep.generate.processes import PROCESSES, normalisations

    procs = [PROCESSES[n] for n in ("DY", "ZH", "WH")]
    record = {"n_events": 10, "sumw": 10.0, "xsec_err_pb": 0.1, "n_accepted": 10}
    by_proc = {p.name: [{**record, "path": f"{p.name.lower()}_000.root"}] for p in procs}
    norms = normalisations(procs, {p.name: 1.0 for p in procs})
    write_catalog(tmp_path, procs, by_proc, norms, None, sample_name=lambda p: p.name)
    catalog = load_catalog(tmp_path / "catalog.yaml")
    assert {s.name: s.signal for s in catalog} == {"DY": False, "ZH": True, "WH": True}


def test_empty_data_bins_get_an_upper_bar_only_where_events_are_expected():
    """An empty bin under 0.1 predicted events is no news; under 3 predicted events it is."""
    samples = {"data": _sample("data", "data", "data"), "dy": _sample("dy", "mc", "DY", "#ffbf3f")}
    h = _empty_hist()
    _put(h, "data", "nominal", [2, 0, 0, 1], [2, 0, 0, 1])
    _put(h, "dy", "nominal", [2.0, 3.0, 0.1, 1.0], [0.1, 0.1, 0.01, 0.1])
    fig, _ = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0)
    ax, rax = fig.axes
    for axis in (ax, rax):
        bars = [
            seg
            for c in axis.containers
            if c.lines[0] is None  # the upper-bar-only container (fmt="none")
            for coll in c.lines[2]
            for seg in coll.get_segments()
        ]
        centers = sorted(round(float(seg[0][0]), 6) for seg in bars)
        edges = h.axes[-1].edges
        assert centers == [round(0.5 * (edges[1] + edges[2]), 6)]  # bin 2 only, not bin 3


# --------------------------------------------------------------------------- log-x, variable bins


VAR_EDGES = [0.0, 10.0, 20.0, 50.0, 100.0]


def _data_mc_hist(axis) -> hist.Hist:
    """Data and one MC sample with known per-bin contents on the given observable axis."""
    h = hist.Hist(
        hist.axis.StrCategory(["data", "dy_a"], name="dataset"),
        hist.axis.StrCategory(["nominal"], name="systematic"),
        axis,
        storage=hist.storage.Weight(),
    )
    n = len(axis)
    view = h.view(flow=False)
    view.value[0, 0, :] = np.arange(1, n + 1) * 10.0
    view.variance[0, 0, :] = np.arange(1, n + 1) * 10.0
    view.value[1, 0, :] = np.arange(1, n + 1) * 9.0
    view.variance[1, 0, :] = 1.0
    return h


def test_variable_bins_show_events_per_bin_or_per_gev_on_request():
    h = _data_mc_hist(hist.axis.Variable(VAR_EDGES, name="x", label="$p_{T}$ [GeV]"))
    samples = {"data": SAMPLES["data"], "dy_a": SAMPLES["dy_a"]}
    fig, _ = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Events / bin"
    np.testing.assert_allclose(_stack_patches(ax)["#ffbf3f"].get_data().values, [9, 18, 27, 36])
    fig, _ = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0, per_width=True)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Events / GeV"
    widths = np.diff(VAR_EDGES)
    np.testing.assert_allclose(
        _stack_patches(ax)["#ffbf3f"].get_data().values, [9, 18, 27, 36] / widths
    )
    # the ratio does not depend on the normalisation
    marker_line = fig.axes[1].containers[0].lines[0]
    np.testing.assert_allclose(marker_line.get_ydata(), [10 / 9] * 4)
    fig, _ = histograms_figure_for(h, per_width=True)
    assert fig.axes[0].get_ylabel() == "Events / GeV"


def histograms_figure_for(h, **kw):
    from chathep.plotting import histograms_figure

    return histograms_figure(h, {"dy_a": SAMPLES["dy_a"]}, sqrt_s_tev=13.0, **kw)


def test_log_x_axis_with_log_bins():
    axis = hist.axis.Regular(
        6, 1.0, 1000.0, transform=hist.axis.transform.log, name="x", label="$m$ [GeV]"
    )
    h = _data_mc_hist(axis)
    samples = {"data": SAMPLES["data"], "dy_a": SAMPLES["dy_a"]}
    fig, _ = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0, logx=True)
    ax, rax = fig.axes[0], fig.axes[1]
    assert ax.get_xscale() == "log" and rax.get_xscale() == "log"
    assert ax.get_xlim() == pytest.approx((1.0, 1000.0))
    assert ax.get_ylabel() == "Events / bin"  # log bins are not of equal width in x
    fig, _ = histograms_figure_for(h, logx=True, per_width=True)
    assert fig.axes[0].get_xscale() == "log"
    assert fig.axes[0].get_ylabel() == "Events / GeV"
    fig, _ = histograms_figure_for(h)
    assert fig.axes[0].get_xscale() == "linear"


@pytest.mark.parametrize(
    ("bins", "start", "stop", "label"),
    [
        (300, 0.25, 300.0, "Events / 1 GeV"),  # 0.99917 GeV wide: not 'Events / 0.999 GeV'
        (30, 60.0, 120.0, "Events / 2 GeV"),
        (40, 0.0, 100.0, "Events / 2.5 GeV"),
        (3, 0.0, 1.0, "Events / 0.333 GeV"),
    ],
)
def test_bin_width_is_printed_sensibly(bins, start, stop, label):
    from chathep.plotting import format_width

    h = _data_mc_hist(hist.axis.Regular(bins, start, stop, name="x", label="m [GeV]"))
    fig, _ = histograms_figure_for(h)
    assert fig.axes[0].get_ylabel() == label
    assert format_width(0.999) == "1" and format_width(12.5) == "12.5"


def test_plot_result_applies_log_x_and_density(catalog, tmp_path, monkeypatch):
    import chathep.plotting as plotting
    from chathep.results import result_from_dict

    edges = [1.0, 2.0, 5.0, 10.0, 100.0]
    flowed = np.zeros((3, 2, len(edges) + 1))
    flowed[0, 0, 1:-1] = [4, 6, 3, 1]
    flowed[1, 0, 1:-1] = [3, 5, 4, 2]
    result = result_from_dict(
        {
            "schema": "chathep.result",
            "schema_version": 1,
            "status": "ok",
            "histograms": {
                "m": {
                    "axis": "variable",
                    "axis_label": "$m$ [GeV]",
                    "log_x": True,
                    "density": True,
                    "plain": {
                        "datasets": ["data_2018A_doublemuon", "dy_2018"],
                        "systematics": ["nominal"],
                        "edges": edges,
                        "values": flowed.tolist(),
                        "variances": flowed.tolist(),
                    },
                }
            },
            "cutflow": {},
            "yields": {d: {"events": 1, "sumw": 1.0, "sumw2": 1.0}
                       for d in ("data_2018A_doublemuon", "dy_2018")},
            "corrections": {},
            "metadata": {"lumi_pb": 0.0036192},
        }
    )  # fmt: skip
    seen = {}
    original = plotting.data_mc_figure

    def spy(*args, **kwargs):
        fig, warns = original(*args, **kwargs)
        seen.update(kwargs, ylabel=fig.axes[0].get_ylabel(), xscale=fig.axes[0].get_xscale())
        return fig, warns

    monkeypatch.setattr(plotting, "data_mc_figure", spy)
    out = plotting.plot_result(result, catalog, tmp_path)
    assert out["m"].png.exists()
    assert seen["logx"] is True and seen["per_width"] is True
    assert seen["ylabel"] == "Events / GeV" and seen["xscale"] == "log"


# --- plots agree with tables: under/overflow, quiet matplotlib ----------------------------------


def _overflow_hist() -> tuple[hist.Hist, dict[str, np.ndarray]]:
    """32 data events, one of them above the axis (45 GeV on [0, 40)); DY has one below."""
    rng = np.random.default_rng(7)
    raw = {
        "data": np.append(rng.uniform(0.0, 40.0, 31), 45.0),
        "dy_a": np.append(rng.uniform(0.0, 40.0, 20), -3.0),
    }
    h = _empty_hist()
    for name, x in raw.items():
        h.fill(dataset=name, systematic="nominal", x=x, weight=np.ones_like(x))
    return h, raw


def test_legend_counts_equal_the_yields_when_the_flow_is_folded(tmp_path):
    h, raw = _overflow_hist()
    samples = {k: SAMPLES[k] for k in raw}
    yields = {k: len(x) for k, x in raw.items()}  # the table: every selected event
    out = plot_data_mc(
        h, samples, lumi_pb=None, sqrt_s_tev=13.0, out=tmp_path / "p", show_yields=True, flow=True
    )
    fig, warns = data_mc_figure(
        h, samples, lumi_pb=None, sqrt_s_tev=13.0, show_yields=True, flow=True
    )
    ax = fig.axes[0]
    assert _legend_texts(ax)[:2] == [f"Data ({yields['data']})", f"DY ({yields['dy_a']})"]
    assert any("Under/overflow in the edge bins" in t.get_text() for t in ax.texts)
    assert warns == []
    assert out.label["flow"] == "Under/overflow in the edge bins"
    # the data point of the last bin holds the overflow event: counted by hand with NumPy
    clipped = np.histogram(np.clip(raw["data"], 0.0, 39.999), EDGES)[0]
    marker_line = ax.containers[0].lines[0]
    np.testing.assert_allclose(marker_line.get_ydata(), clipped[clipped > 0])


def test_dropped_flow_is_said_in_the_plot_and_the_warnings():
    h, raw = _overflow_hist()
    samples = {k: SAMPLES[k] for k in raw}
    fig, warns = data_mc_figure(h, samples, lumi_pb=None, sqrt_s_tev=13.0, show_yields=True)
    ax = fig.axes[0]
    assert _legend_texts(ax)[:2] == ["Data (31)", "DY (20)"]
    assert any("Under/overflow not drawn" in t.get_text() for t in ax.texts)
    (warning,) = warns
    assert warning.startswith("2 weighted entries lie outside [0, 40) and are not drawn")


def test_no_flow_note_when_nothing_is_outside(full_hist):
    fig, _ = data_mc_figure(full_hist, SAMPLES, lumi_pb=None, sqrt_s_tev=13.0, flow=True)
    assert not any("overflow" in t.get_text() for t in fig.axes[0].texts)


def test_matplotlib_warnings_do_not_reach_the_user(tmp_path, caplog):
    import logging
    import warnings

    h, raw = _overflow_hist()
    samples = {k: SAMPLES[k] for k in raw}
    xlabel = "\U0001f9ea glyph missing from every font [GeV]"  # matplotlib warns about it
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG):
        warnings.simplefilter("always")
        plot_data_mc(h, samples, lumi_pb=None, sqrt_s_tev=13.0, out=tmp_path / "a", xlabel=xlabel)
        plot_histograms(h, {"dy_a": SAMPLES["dy_a"]}, sqrt_s_tev=13.0, out=tmp_path / "b",
                        xlabel=xlabel)  # fmt: skip
    assert [str(w.message) for w in caught] == []
    assert "Glyph" in caplog.text  # the warning happened, and went to the debug log


def test_no_warning_text_in_a_fresh_interpreter(tmp_path):
    """The same plot in a new process (as `chathep ask` makes it): nothing on stderr."""
    import subprocess
    import sys

    code = (
        "import numpy as np, hist\n"
        "from chathep.catalog import Sample\n"
        "from chathep.plotting import plot_data_mc\n"
        "h = hist.Hist(hist.axis.StrCategory([], name='dataset', growth=True),\n"
        "    hist.axis.StrCategory([], name='systematic', growth=True),\n"
        "    hist.axis.Regular(4, 0, 40, name='x', label='x [GeV]'),\n"
        "    storage=hist.storage.Weight())\n"
        "h.fill(dataset='d', systematic='nominal', x=np.array([1., 15., 45.]))\n"
        "h.fill(dataset='m', systematic='nominal', x=np.array([2., 16.]))\n"
        "s = {'d': Sample(name='d', kind='data', process='data', label='Data', era='2018',\n"
        "    sqrt_s_tev=13, files=['x'], n_events=3, lumi_pb=1.0),\n"
        "    'm': Sample(name='m', kind='mc', process='DY', label='DY', era='2018',\n"
        "    sqrt_s_tev=13, files=['x'], n_events=2, xsec_pb=1.0, sum_genweight=1.0)}\n"
        f"plot_data_mc(h, s, lumi_pb=None, sqrt_s_tev=13., out={str(tmp_path / 'p')!r},\n"
        "    xlabel='\\U0001f9ea [GeV]', logy=True, flow=True)\n"
        "print('ok')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "always", "-c", code], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
    assert "Warning" not in proc.stderr, proc.stderr[-2000:]


@pytest.mark.parametrize("variant", ["cms", "cms log y", "simulated", "shape"])
def test_the_figure_drawn_once_is_the_figure_mplhep_draws_twice(
    full_hist, tmp_path, monkeypatch, variant
):
    """Issue 18: mplhep draws the whole figure before appending the label's second text; the
    plots skip that draw (the PNG is drawn once). The pixels are those of mplhep's own way."""
    from contextlib import nullcontext

    import chathep.plotting as plotting

    samples = SAMPLES
    if variant == "simulated":
        era = sorted(plotting.SIMULATED_ERAS)[0]
        samples = {n: s.model_copy(update={"era": era}) for n, s in SAMPLES.items()}

    def draw(out: Path):
        if variant == "shape":
            return plot_histograms(full_hist, {"tt": samples["tt"]}, sqrt_s_tev=13.6, out=out)
        logy = variant == "cms log y"
        return plot_data_mc(full_hist, samples, lumi_pb=10.0, sqrt_s_tev=13.0, out=out, logy=logy)

    calls: list[str] = []
    original = plotting.FigureCanvasAgg.draw
    monkeypatch.setattr(
        plotting.FigureCanvasAgg, "draw", lambda self: calls.append(mode) or original(self)
    )
    mode = "once"
    once = draw(tmp_path / "once")
    monkeypatch.setattr(plotting, "_no_draw", lambda fig: nullcontext())
    mode = "twice"
    twice = draw(tmp_path / "twice")
    # the PNG is drawn when saved; mplhep's own way draws it once more before
    assert calls.count("twice") > calls.count("once") >= 1, calls
    with Image.open(once.png) as a, Image.open(twice.png) as b:
        assert a.size == b.size and a.size[0] >= 1500  # 200 dpi, as the README states
        assert np.array_equal(np.asarray(a), np.asarray(b))


def test_png_bytes_is_a_lossless_png_with_dpi_and_text():
    """Issue 18: the plots' own PNG encoder (PIL's row-filter search costs more than the
    compression); PIL reads the pixels, the dpi and the text chunks back."""
    import io

    from chathep.plotting import png_bytes

    rng = np.random.default_rng(18)
    rgba = rng.integers(0, 256, size=(131, 77, 4), dtype=np.uint8)  # > 64 rows: two blocks
    rgba[:40] = 255  # a white band, as in a plot
    data = png_bytes(rgba, dpi=200, text={"Description": '{"a": 1}', "Title": "µ → μμ"})
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        assert img.mode == "RGBA" and img.size == (77, 131)
        assert np.array_equal(np.asarray(img), rgba)
        assert img.info["dpi"] == pytest.approx((200, 200), abs=0.01)
        assert img.info["Description"] == '{"a": 1}'
        assert img.info["Title"] == "µ → μμ"  # not Latin-1: an iTXt chunk
    with pytest.raises(ValueError, match="8-bit RGBA"):
        png_bytes(rgba[..., :3], dpi=200)


_FAST_PATH_CASES = {
    "linear": {"logy": False},
    "log y": {"logy": True, "show_yields": True, "flow": True},
    "log x per width": {"logx": True, "per_width": True},
    "blinded": {"blind": (10.0, 20.0)},
    "shape": {},
}


@pytest.mark.parametrize("case", list(_FAST_PATH_CASES))
def test_plots_on_figures_made_ahead_have_the_pixels_of_a_new_figure(full_hist, tmp_path, case):
    """Issue 18: a plot drawn on the figure made ahead for it (ticks made while the previous
    plot was read), with its thread's renderer of earlier plots, and encoded by
    ``png_bytes`` has the pixels, dpi and label metadata of a new figure saved by
    matplotlib's own ``savefig`` (PIL's PNG writer)."""
    import json

    import matplotlib
    import mplhep as mh

    from chathep import plotting

    kw = _FAST_PATH_CASES[case]
    h = full_hist
    if case == "log x per width":
        h = _empty_hist([1.0, 2.0, 5.0, 10.0, 40.0])
        for name, values in (("data", [3, 9, 4, 1]), ("dy_a", [2.0, 8.0, 5.0, 0.5])):
            h.fill(dataset=name, systematic="nominal", x=[1.0], weight=[0.0])
            view = h.view(flow=False)
            view.value[h.axes["dataset"].index(name), 0, :] = values
            view.variance[h.axes["dataset"].index(name), 0, :] = values
    samples = {"tt": SAMPLES["tt"]} if case == "shape" else SAMPLES
    common = {"sqrt_s_tev": 13.0, "lumi_pb": 10.0}
    # earlier plots of other kinds: their renderers are reused, their figures made ahead
    plot_data_mc(
        full_hist, SAMPLES, out=tmp_path / "a", logy=True, pdf_in_background=True, **common
    )
    plot_histograms(full_hist, samples, out=tmp_path / "b", pdf_in_background=True, **common)
    plot_data_mc(full_hist, SAMPLES, out=tmp_path / "c", pdf_in_background=True, **common)
    plotting.wait_for_pdfs()
    layout = case != "shape"
    assert layout in plotting._spares  # this plot draws on the figure made ahead
    if case == "shape":
        out = plot_histograms(h, samples, out=tmp_path / "fast", pdf_in_background=True, **common)
    else:
        out = plot_data_mc(
            h, samples, out=tmp_path / "fast", pdf_in_background=True, **common, **kw
        )
    assert layout not in plotting._spares  # taken
    plotting.wait_for_pdfs()

    with matplotlib.style.context(mh.style.CMS):
        if case == "shape":
            fig, _ = plotting.histograms_figure(h, samples, **common)
        else:
            fig, _ = data_mc_figure(h, samples, **common, **kw)
        assert type(fig.canvas) is plotting.FigureCanvasAgg  # a figure of its own
        fig.savefig(tmp_path / "reference.png", dpi=200, metadata={"Software": None})
    with Image.open(out.png) as fast, Image.open(tmp_path / "reference.png") as reference:
        assert fast.size == reference.size == (2000, 2000)  # 200 dpi, as the README states
        assert np.array_equal(np.asarray(fast), np.asarray(reference))
        assert fast.info["dpi"] == pytest.approx(reference.info["dpi"])
        assert json.loads(fast.info["Description"]) == out.label
    assert out.label["experiment"] == "CMS Open Data" and out.pdf.read_bytes().startswith(b"%PDF")


def test_a_figure_made_ahead_is_not_used_under_other_rcparams(full_hist, tmp_path, monkeypatch):
    """A figure made ahead carries the rcParams of its time (tick sizes, fonts): after the
    user changes them, the next plot makes a new figure, drawn with the new settings."""
    import matplotlib

    from chathep import plotting

    common = {"sqrt_s_tev": 13.0, "lumi_pb": 10.0}
    plot_data_mc(full_hist, SAMPLES, out=tmp_path / "a", pdf_in_background=True, **common)
    plotting.wait_for_pdfs()
    assert True in plotting._spares
    made: list[bool] = []
    build = plotting._build_figure

    def counting(with_ratio, canvas):
        made.append(with_ratio)
        return build(with_ratio, canvas)

    monkeypatch.setattr(plotting, "_build_figure", counting)
    with matplotlib.rc_context({"lines.linewidth": 3.0}):  # not a key of the CMS style
        plot_data_mc(full_hist, SAMPLES, out=tmp_path / "b", **common)
    assert made == [True]  # the figure made ahead was not used


def test_no_figure_is_made_ahead_when_the_interpreter_exits(tmp_path):
    """A process that exits after its plot (``chathep ask``) writes the PDF and does not wait
    for a figure no plot will use."""
    import os
    import subprocess
    import sys

    code = (
        "import threading\n"
        "from matplotlib.figure import Figure\n"
        "import chathep.plotting as plotting\n"
        "from tests.test_plotting import SAMPLES, _empty_hist, _put\n"
        "save = Figure.savefig\n"
        "def pdf_after_exit(fig, *args, **kw):\n"
        "    if kw.get('format') == 'pdf':\n"
        "        threading.main_thread().join()  # the main thread has finished\n"
        "    return save(fig, *args, **kw)\n"
        "Figure.savefig = pdf_after_exit\n"
        "def spare(fig):\n"
        f"    open({str(tmp_path / 'spare')!r}, 'w').close()\n"
        "plotting._make_spare = spare\n"
        "h = _empty_hist()\n"
        "_put(h, 'data', 'nominal', [1, 2, 3, 4], [1, 2, 3, 4])\n"
        "_put(h, 'tt', 'nominal', [1, 2, 3, 4], [1, 1, 1, 1])\n"
        "s = {k: SAMPLES[k] for k in ('data', 'tt')}\n"
        "out = plotting.plot_data_mc(h, s, lumi_pb=1.0, sqrt_s_tev=13.0,\n"
        f"    out={str(tmp_path / 'p')!r}, pdf_in_background=True)\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-2000:]
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")  # written at exit
    assert not (tmp_path / "spare").exists()
