"""Generator filters, skims and the hbb preset (issue 17, item 5), on a tiny preset run.

``chathep data generate --preset hbb`` at 1/1000 of its size (~600 DY events, ~650 generated
pseudo-data events; made once per module). The bookkeeping is checked against numbers that
do not come from the code under test: the events generated are the preset's recipe worked
out by hand (sigma x L x 1.05), the events kept are counted in the files with uproot, and
the skim is re-implemented here with awkward on the written branches (every written event
must pass it). The skim check of the engine and the blinding run on the parser's plan of
real requests.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import awkward as ak
import hist
import numpy as np
import pytest
import uproot
import yaml

from chathep.catalog import Sample, load_catalog, merge_catalogs
from chathep.resolve import resolve_samples

SCALE = 0.001
#: events the preset generates at SCALE, by hand: round(sigma x 100 pb^-1 x 1.05 x SCALE) with
#: the sizing cross sections 5880.6, 196.6, 88.29, 185.59 pb; ZH: 20 000 x SCALE
GENERATED = {"dy_sim13": 617, "dy_bb_sim13": 21, "ttbar_dilep_sim13": 9, "vv_sim13": 19}
GENERATED["zh_hbb_sim13"] = 20
HBB = "Produce a data/MC comparison plot with latest theory/exp corrections for H->bb"
DIMUON = "dimuon mass, opposite-sign muons above 25 GeV, data vs MC in sim13"


@pytest.fixture(scope="module")
def preset_dir(tmp_path_factory, demo_data) -> Path:
    pytest.importorskip("pythia8mc")
    from chathep.data import DEMO_FILES
    from chathep.generate.runner import generate_preset

    root = tmp_path_factory.mktemp("hbb_preset")
    root.chmod(0o755)
    for name in DEMO_FILES:
        if (demo_data / name).is_file():
            shutil.copy(demo_data / name, root / name)
    generate_preset("hbb", root / "sim13", scale=SCALE, seed=7, workers=1, progress=False)
    return root


@pytest.fixture(scope="module")
def raw_catalog(preset_dir) -> dict:
    return yaml.safe_load((preset_dir / "sim13" / "catalog.yaml").read_text())["samples"]


@pytest.fixture(scope="module")
def sim_catalog(preset_dir):
    return merge_catalogs(load_catalog(), preset_dir / "sim13" / "catalog.yaml")


def _events(preset_dir: Path, entry: dict) -> ak.Array:
    arrays = [
        uproot.open(preset_dir / "sim13" / f)["Events"].arrays(
            filter_name=["Muon_*", "Electron_*", "Jet_*", "GenJet_*", "genWeight"]
        )
        for f in entry["files"]
    ]
    return ak.concatenate(arrays)


def _hand_skim(ev: ak.Array) -> np.ndarray:
    """>= 2 leptons (mu |eta| < 2.4 iso04 < 0.4, e |eta| < 2.5 iso03 < 0.4, pT > 15) and >= 2
    jets (pT > 20, |eta| < 2.5) farther than 0.4 from all of them."""
    mu = (ev.Muon_pt > 15) & (abs(ev.Muon_eta) < 2.4) & (ev.Muon_pfRelIso04_all < 0.4)
    el = (ev.Electron_pt > 15) & (abs(ev.Electron_eta) < 2.5) & (ev.Electron_pfRelIso03_all < 0.4)
    n_lep = ak.sum(mu, axis=1) + ak.sum(el, axis=1)
    leta = ak.concatenate([ev.Muon_eta[mu], ev.Electron_eta[el]], axis=1)
    lphi = ak.concatenate([ev.Muon_phi[mu], ev.Electron_phi[el]], axis=1)
    jsel = (ev.Jet_pt > 20) & (abs(ev.Jet_eta) < 2.5)
    good_jets = 0 * ak.num(ev.Jet_pt)
    jeta, jphi = ev.Jet_eta[jsel], ev.Jet_phi[jsel]
    for i in range(len(ev)):  # plain loops: an independent reading of the definition
        count = 0
        for je, jp in zip(jeta[i], jphi[i], strict=True):
            far = True
            for le, lp in zip(leta[i], lphi[i], strict=True):
                dphi = (jp - lp + math.pi) % (2 * math.pi) - math.pi
                if (je - le) ** 2 + dphi**2 <= 0.16:
                    far = False
            count += far
        good_jets = ak.to_numpy(good_jets)
        good_jets[i] = count
    return ak.to_numpy(n_lep >= 2) & (np.asarray(good_jets) >= 2)


def test_preset_samples_and_effective_luminosity(raw_catalog) -> None:
    mc = {k: v for k, v in raw_catalog.items() if v["kind"] == "mc"}
    # the preset leaves out W+jets, inclusive ttbar and WH; what it keeps is the hbb set
    assert set(mc) <= set(GENERATED)
    assert {"dy_sim13", "zh_hbb_sim13"} <= set(mc)
    data = raw_catalog["data_sim13"]
    assert data["lumi_pb"] == pytest.approx(100.0 * SCALE)
    for name, entry in mc.items():
        assert entry["n_generated"] == GENERATED[name], name
        # effective luminosity: events generated / sigma, >= the pseudo-data's (margin 1.05)
        # up to Pythia's statistical sigma uncertainty on so few events
        assert entry["effective_lumi_pb"] == pytest.approx(
            GENERATED[name] / entry["xsec_pb"], rel=1e-9
        )
    assert mc["dy_sim13"]["effective_lumi_pb"] > 0.8 * data["lumi_pb"]


def test_filter_efficiency_is_kept_over_generated_counted_in_the_files(
    preset_dir, raw_catalog
) -> None:
    text = (preset_dir / "sim13" / "catalog.yaml").read_text()
    for name, generated in GENERATED.items():
        if name not in raw_catalog:  # nothing passed: left out, and the catalog says so
            assert f"# {name} left out: none of its {generated} events" in text
            continue
        entry = raw_catalog[name]
        ev = _events(preset_dir, entry)
        kept = len(ev)
        assert entry["n_events"] == kept
        eff = kept / generated
        assert entry["filter_efficiency"] == pytest.approx(eff, rel=1e-12)
        err = math.sqrt(eff * (1 - eff) / generated) if 0 < kept < generated else 1 / generated
        assert entry["filter_efficiency_err"] == pytest.approx(err, rel=1e-12)
        assert entry["sum_genweight"] == pytest.approx(float(ak.sum(ev.genWeight)))
        assert entry["skim"]["name"] == "dilepton_2jets"
        assert entry["skim"]["min_leptons"] == 2 and entry["skim"]["min_jets"] == 2
    # a strong filter on DY: a few per cent survive (the Z and two jets in the tracker)
    dy = raw_catalog["dy_sim13"]
    assert 0 < dy["n_events"] < 0.1 * GENERATED["dy_sim13"]


def test_every_written_event_passes_the_skim_and_the_generator_filter(
    preset_dir, raw_catalog, demo_data
) -> None:
    # the hand-written skim does reject: most events of the unskimmed CMS DY extract fail it
    cms = uproot.open(demo_data / "nano_dy.root")["Events"].arrays(
        filter_name=["Muon_*", "Electron_*", "Jet_*"]
    )
    passed = _hand_skim(cms)
    assert 0 <= passed.sum() < 0.5 * len(cms)
    for name, entry in raw_catalog.items():
        ev = _events(preset_dir, entry)
        assert len(ev) > 0, name
        assert _hand_skim(ev).all(), name
        if entry["kind"] == "mc":  # necessary for the generator filter: 2 GenJets > 10 GeV
            gj = (ev.GenJet_pt > 10) & (abs(ev.GenJet_eta) < 2.7)
            assert ak.all(ak.sum(gj, axis=1) >= 2), name
    data = raw_catalog["data_sim13"]
    assert data["skim"]["name"] == "dilepton_2jets"
    assert 0 < data["n_events"] < data["n_generated"]
    assert "Skimmed" in data["description"]


def test_normalisation_is_sigma_times_filter_efficiency(sim_catalog) -> None:
    from chathep.compiler import _sample_literal

    dy = sim_catalog.samples["dy_sim13"]
    assert dy.xsec_eff_pb == pytest.approx(dy.xsec_pb * dy.filter_efficiency)
    assert _sample_literal(dy, {})["xsec_pb"] == pytest.approx(
        dy.xsec_pb * dy.n_events / GENERATED["dy_sim13"]
    )
    plain = Sample(
        name="x", kind="mc", process="x", label="x", era="sim13", sqrt_s_tev=13, files=["a.root"],
        n_events=10, xsec_pb=2.0, sum_genweight=10.0,
    )  # fmt: skip
    assert plain.xsec_eff_pb == 2.0  # no filter: the cross section itself


@pytest.fixture(scope="module")
def settings(preset_dir):
    from chathep.config import get_settings

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHATHEP_DATA_DIR", str(preset_dir))
        mp.setenv("CHATHEP_PLANNER", "parser")
        get_settings.cache_clear()
        yield get_settings()
    get_settings.cache_clear()


def _spec(request: str, sim_catalog, settings):
    from chathep.planner import plan_request

    plan = plan_request(request, sim_catalog, mode="parser", settings=settings)
    assert plan.ok, plan.question
    return plan.spec


def test_skim_notes_flag_a_selection_outside_the_skim(sim_catalog, settings) -> None:
    from chathep.skims import skim_notes, skim_statement

    hbb = _spec(HBB, sim_catalog, settings)
    samples = resolve_samples(hbb, sim_catalog)
    assert skim_notes(hbb, samples) == []  # two leptons, two b jets > 25 GeV: inside
    statement = " ".join(skim_statement(samples))
    assert "dy_sim13 filter efficiency" in statement and "L_eff" in statement

    dimuon = _spec(DIMUON, sim_catalog, settings)
    notes = skim_notes(dimuon, resolve_samples(dimuon, sim_catalog))
    assert len(notes) == 1
    note = notes[0]
    assert "data_sim13" in note.samples and note.skim == "dilepton_2jets"
    assert any("0 jet(s)" in r for r in note.reasons)  # two muons but no jets
    assert not any("lepton" in r for r in note.reasons)
    assert "phase space" in note.message


def _result(spec, edges: np.ndarray, data_values: np.ndarray, mc_values: np.ndarray):
    from chathep.results import AnalysisResult

    name = spec.histograms[0].name
    h = hist.Hist(
        hist.axis.StrCategory(["data_sim13", "dy_sim13"], name="dataset"),
        hist.axis.StrCategory(["nominal", "jesUp"], name="systematic"),
        hist.axis.Variable(edges, name="x"),
        storage=hist.storage.Weight(),
    )
    view = h.view(flow=False)
    for k in range(2):
        view.value[0, k] = data_values
        view.variance[0, k] = data_values
        view.value[1, k] = mc_values
        view.variance[1, k] = mc_values * 0.01
    n = float(data_values.sum())
    return AnalysisResult(
        histograms={name: h},
        histogram_info={name: {"observable": spec.histograms[0].observable}},
        cutflow={"data_sim13": [{"cut": "all", "events": 99, "sumw": 99.0}], "dy_sim13": []},
        yields={
            "data_sim13": {"events": int(n), "sumw": n, "sumw2": n},
            "dy_sim13": {"events": 5, "sumw": float(mc_values.sum()), "sumw2": 1.0},
        },
        corrections={},
        metadata={},
    )


def test_blinding_hides_the_data_in_the_mass_window(sim_catalog, settings) -> None:
    from chathep.blinding import (
        DEFAULT_WINDOW,
        blind_result,
        requested_window,
        without_blinding_words,
    )

    spec = _spec(HBB, sim_catalog, settings)
    assert requested_window(HBB + ", blinded", None) == DEFAULT_WINDOW
    assert requested_window("unblinded " + HBB, None) is None
    assert requested_window(HBB, (100, 140)) == (100.0, 140.0)
    assert without_blinding_words(HBB + ", blinded") == HBB
    edges = np.arange(0.0, 260.0, 10.0)  # 25 bins of 10 GeV
    data = np.arange(1.0, 26.0)  # bin i holds i + 1 events
    mc = np.full(25, 3.0)
    blinded, note = blind_result(_result(spec, edges, data, mc), spec, sim_catalog, (90, 150))
    h = blinded.histograms[spec.histograms[0].name]
    got = h.view(flow=False).value
    inside = (edges[1:] > 90) & (edges[:-1] < 150)  # bins 90-100 ... 140-150: six bins
    assert inside.sum() == 6
    for k in range(2):  # every systematic
        assert (got[0, k][inside] == 0).all() and (got[0, k][~inside] == data[~inside]).all()
    assert (got[1] == mc).all()  # the simulation untouched
    outside = float(data[~inside].sum())  # 325 - (10 + ... + 15) = 250
    assert outside == 250.0
    assert blinded.yields["data_sim13"]["events"] == 250
    assert "data_sim13" not in blinded.cutflow and "dy_sim13" in blinded.cutflow
    assert "90 < m < 150" in note


def test_preset_rejects_unknown_names(tmp_path) -> None:
    from chathep.errors import ChatHEPError
    from chathep.generate.runner import generate_preset

    with pytest.raises(ChatHEPError, match="Unknown generation preset"):
        generate_preset("nope", tmp_path)
    with pytest.raises(ChatHEPError, match="scale"):
        generate_preset("hbb", tmp_path, scale=0)


def test_a_bad_blinding_window_is_a_spec_error(catalog) -> None:
    from chathep.errors import SpecError
    from chathep.overrides import Overrides

    assert Overrides(blind=(90.0, 150.0))  # a blinding alone is a choice made outside
    assert "blinded in 90-150 GeV" in Overrides(blind=(90.0, 150.0)).describe()
    with pytest.raises(SpecError, match="empty"):
        Overrides(blind=(150.0, 90.0)).check(catalog)
    with pytest.raises(SpecError, match="two numbers"):
        Overrides(blind=("a", "b")).check(catalog)  # type: ignore[arg-type]


def test_a_blinded_plot_draws_no_data_point_in_the_window(sim_catalog, settings) -> None:
    from matplotlib.container import ErrorbarContainer

    from chathep.plotting import data_mc_figure

    spec = _spec(HBB, sim_catalog, settings)
    edges = np.arange(0.0, 260.0, 10.0)
    result = _result(spec, edges, np.arange(1.0, 26.0), np.full(25, 3.0))
    h = result.histograms[spec.histograms[0].name]
    samples = {n: sim_catalog.samples[n] for n in ("data_sim13", "dy_sim13")}

    def data_x(blind):
        fig, _warns = data_mc_figure(h, samples, lumi_pb=1.0, sqrt_s_tev=13.0, blind=blind)
        main, ratio = fig.axes[0], fig.axes[1]
        xs = []
        for ax in (main, ratio):
            bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
            xs.append(np.concatenate([np.asarray(c.lines[0].get_xdata()) for c in bars]))
        return xs

    for xs in data_x(None):  # unblinded: a point in every bin
        assert len(xs) == 25
    for xs in data_x((90.0, 150.0)):  # blinded: none between 90 and 150 GeV
        assert len(xs) == 19
        assert not ((xs > 90) & (xs < 150)).any()
