"""Theory corrections (issue #17, item 3): recommended cross sections and their uncertainties,
PS/scale variations named as CMS names them and normalised to the inclusive cross section,
top-pT reweighting, and the corrections skipped with their reason.

Every expected number is typed here from the cited documents or computed here by hand with
uproot/NumPy, never taken from the code under test.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.catalog import Catalog, Sample, default_catalog, load_catalog
from chathep.compiler import compile_spec
from chathep.corrections_info import generator_sums, ps_indices
from chathep.engine import run_spec
from chathep.generate.catalog_out import write_catalog
from chathep.generate.processes import PROCESSES, normalisations
from chathep.registry import corrections as corr
from chathep.registry.cross_sections import CROSS_SECTIONS
from chathep.spec import parse_spec

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "knowledge_base" / "recipes" / "cross_sections.md"
DATA, DY, TT = "data_2018A_doublemuon", "dy_2018", "ttbar_semilep_2022"


# --- 1. cross sections -----------------------------------------------------------------------


def test_cross_sections_are_the_documented_numbers() -> None:
    x = CROSS_SECTIONS
    # TOP LHC WG, Top++ 2.0: 831.76 +19.77 -29.20 (scale) +/- 35.06 (PDF+alpha_s) pb
    assert x["ttbar"].pb == pytest.approx(831.76)
    assert x["ttbar"].uncertainty == pytest.approx(
        (math.sqrt(19.77**2 + 35.06**2) / 831.76, math.sqrt(29.20**2 + 35.06**2) / 831.76)
    )
    # dileptonic: x B(W -> l nu)^2 with 10.86 % per flavour -> 88.29 pb
    assert x["ttbar_dilep"].pb == pytest.approx(88.29, abs=0.005)
    # YR4: qq -> ZH = 0.8839 - 0.1227 pb; x B(Z -> ll) 10.099 % x B(H -> bb) 0.5824
    assert x["ZH"].pb == pytest.approx(0.7612 * 0.10099 * 0.5824, rel=1e-4)
    assert x["WH"].pb == pytest.approx(1.373 * 0.3258 * 0.5824, rel=1e-9)
    assert x["DY"].pb == pytest.approx(3 * 2025.74)
    assert x["WJets"].pb == pytest.approx(3 * 20508.9)
    assert x["VV"].pb == pytest.approx(118.7 + 49.98 + 16.91)
    for xs in x.values():
        up, down = xs.uncertainty
        assert 0.01 < up < 0.1 and 0.01 < down < 0.1, xs.process
        assert xs.source and xs.order, xs.process


def test_the_recipe_page_has_the_registry_numbers() -> None:
    """The KB table and chathep/registry/cross_sections.py state the same sigma per process."""
    text = PAGE.read_text()
    rows = {
        line.split("|")[1].strip(): line.split("|")[4].strip()
        for line in text.splitlines()
        if line.startswith("| ") and line.count("|") > 8 and not line.startswith("| process")
    }
    typed = {  # the page's "sigma used (pb)" column, per registry process
        "DY": "6077.22", "ttbar": "831.76", "ttbar_dilep": "88.29", "WJets": "61526.7",
        "VV": "185.59", "ZH": "0.04477", "WH": "0.2605",
    }  # fmt: skip
    assert set(typed) == set(CROSS_SECTIONS)
    values = set(rows.values())
    for process, value in typed.items():
        assert value in values, process
        assert float(value) == pytest.approx(CROSS_SECTIONS[process].pb, rel=5e-4), process
    assert "13 TeV" in text and "13.6" in text  # the energy choice is stated
    assert "gg2HZ" in text  # and why gg -> ZH is not generated


def test_pythia_has_no_gg_to_zh_process() -> None:
    """The reason gg_zh gives: Pythia 8's SM Higgs switches have ffbar2HZ and no gg2HZ."""
    pythia8 = pytest.importorskip("pythia8mc")
    settings = pythia8.Pythia("", False).settings
    assert settings.isFlag("HiggsSM:ffbar2HZ")
    assert not settings.isFlag("HiggsSM:gg2HZ")
    assert "no gg -> ZH process" in corr.GG_ZH.why_not_for_process("ZH")


def test_slices_share_one_k_factor_and_a_lone_slice_keeps_lo() -> None:
    dy, dy_bb, tt = PROCESSES["DY"], PROCESSES["DY_bb"], PROCESSES["ttbar"]
    lo = {"DY": 4000.0, "DY_bb": 120.0, "ttbar": 500.0}
    n = normalisations([dy, dy_bb, tt], lo)
    assert n["DY"].pb + n["DY_bb"].pb == pytest.approx(6077.22)
    assert n["DY_bb"].pb == pytest.approx(120.0 * 6077.22 / 4120.0)
    assert n["ttbar"].pb == pytest.approx(831.76) and n["ttbar"].lo_pb == 500.0
    assert n["ttbar"].order == "NNLO+NNLL QCD"
    alone = normalisations([dy_bb], {"DY_bb": 120.0})["DY_bb"]
    assert alone.pb == 120.0 and alone.order.startswith("LO") and alone.uncertainty == (0, 0)


def test_generated_catalog_keeps_lo_and_states_order_and_uncertainty(tmp_path) -> None:
    procs = [PROCESSES[n] for n in ("ttbar_dilep", "ZH")]
    record = {"n_events": 10, "sumw": 10.0, "xsec_err_pb": 0.1, "n_accepted": 10}
    by_proc = {p.name: [{**record, "path": f"{p.name}_000.root"}] for p in procs}
    lo = {"ttbar_dilep": 50.0, "ZH": 0.03}
    write_catalog(
        tmp_path, procs, by_proc, normalisations(procs, lo), None, sample_name=lambda p: p.name
    )
    text = (tmp_path / "catalog.yaml").read_text()
    catalog = load_catalog(tmp_path / "catalog.yaml")
    (tt,) = [s for s in catalog if s.process == "ttbar_dilep"]
    assert tt.xsec_pb == pytest.approx(831.76 * 0.3258**2) and tt.xsec_lo_pb == 50.0
    assert tt.xsec_order == "NNLO+NNLL QCD" and "Top++" in (tt.xsec_source or "")
    assert tt.xsec_uncertainty == pytest.approx((0.0484, 0.0549), abs=5e-5)
    assert re.search(r"xsec_lo_pb: 50\.0 +# Pythia 8 sigmaGen\(\) \(LO\)", text)


# --- 2. parton-shower and scale weights ---------------------------------------------------------

V9_TITLE = (
    "PS weights (w_var / w_nominal);   [0] is ISR=2 FSR=1; [1] is ISR=1 FSR=2"
    "[2] is ISR=0.5 FSR=1; [3] is ISR=1 FSR=0.5;"
)
PRE_V9_TITLE = (
    "PS weights (w_var / w_nominal); [0] is ISR=0.5 FSR=1; [1] is ISR=1 FSR=0.5; "
    "[2] is ISR=2 FSR=1; [3] is ISR=1 FSR=2 "
)


def test_isr_up_is_more_radiation_in_either_nanoaod_doc_string() -> None:
    """CMS stores isrDefHi (muRfac 0.5, more radiation) first in every NanoAOD version."""
    cms = {"isr_up": 0, "fsr_up": 1, "isr_down": 2, "fsr_down": 3}
    assert ps_indices(V9_TITLE) == cms
    assert ps_indices(PRE_V9_TITLE) == cms
    # the generator writes the pre-v9 string, and its [0] is Pythia's isr:muRfac=0.5
    from chathep.generate.processes import PS_WEIGHT_DOC, PS_WEIGHT_LABELS

    assert ps_indices(PS_WEIGHT_DOC) == cms
    assert PS_WEIGHT_LABELS[0] == "isr.murfac=0.5" and PS_WEIGHT_LABELS[2] == "isr.murfac=2.0"
    # not the CMS layout: not guessed
    assert ps_indices("[0] is ISR=2 FSR=1; [1] is ISR=0.5 FSR=1; [2] is ISR=1 FSR=2") is None
    assert ps_indices("PSWeight/F") is None


def _weights_file(path: Path, gw, ps, runs_sumw, runs_ps) -> None:
    with uproot.recreate(path) as f:
        f["Events"] = {"genWeight": np.asarray(gw, np.float32), "PSWeight": ak.Array(ps)}
        f["Runs"] = {
            "genEventSumw": np.asarray([runs_sumw], np.float64),
            "PSSumw": ak.Array([runs_ps]),
        }


def _sample(paths: list[Path], sum_genweight: float) -> Sample:
    return Sample(
        name="s", kind="mc", process="DY", label="s", era="sim13", sqrt_s_tev=13.0,
        files=[str(p) for p in paths], n_events=3, xsec_pb=1.0, sum_genweight=sum_genweight,
    )  # fmt: skip


def test_ps_sums_from_runs_where_they_describe_the_files_else_from_events(tmp_path) -> None:
    ps = [[1.2, 0.9, 0.8, 1.1], [1.0, 1.0, 1.0, 1.0], [0.5, 1.5, 1.5, 0.5]]
    a, b = tmp_path / "a.root", tmp_path / "b.root"
    # Runs: per-file PSSumw (divided by its genEventSumw), numbers chosen by hand
    _weights_file(a, [1.0, 1.0, 2.0], ps, 4.0, [1.1, 0.95, 0.9, 1.05])
    _weights_file(b, [1.0, 1.0, 2.0], ps, 2.0, [0.8, 1.25, 1.2, 0.85])
    got = generator_sums(_sample([a, b], 6.0), [a, b], "PSWeight")
    assert got == pytest.approx(
        [(4 * 1.1 + 2 * 0.8) / 6, (4 * 0.95 + 2 * 1.25) / 6, (4 * 0.9 + 2 * 1.2) / 6,
         (4 * 1.05 + 2 * 0.85) / 6]
    )  # fmt: skip
    # the catalog's sum of weights (8 = the events') is not the Runs one: sum over the events
    got = generator_sums(_sample([a, b], 8.0), [a, b], "PSWeight")
    # per file: (1.2 + 1.0 + 2 x 0.5) / 4 = 0.8 for [0]; (0.9 + 1 + 3) / 4 = 1.225 for [1]
    by_events = [0.8, 1.225, 1.2, 0.775]
    assert got == pytest.approx(by_events)
    # Runs sums that are no mean of weight ratios (43 at a point, as in the 2018 DY extract's
    # LHEScaleSumw_) are not used
    c = tmp_path / "c.root"
    _weights_file(c, [1.0, 1.0, 2.0], ps, 4.0, [43.0, 42.0, 44.0, 43.5])
    assert generator_sums(_sample([c], 4.0), [c], "PSWeight") == pytest.approx(by_events)


@pytest.fixture(scope="module")
def dy_theory(demo_data, tmp_path_factory):
    """Every event (no selection) of the DY extract, with PS, scale and cross-section
    variations; the catalog gives dy_2018 a cross-section uncertainty of +5 % / -3 %."""
    base = default_catalog()
    dy = base[DY].model_copy(update={"xsec_uncertainty": (0.05, 0.03), "xsec_order": "NNLO"})
    catalog = Catalog(samples={DATA: base[DATA], DY: dy})
    spec = parse_spec(
        {
            "title": "theory closure",
            "samples": [DATA, DY],
            "objects": [{"name": "muons", "source": "Muon"}],
            "observables": [{"name": "n_mu", "kind": "count", "of": "muons"}],
            "histograms": [{"name": "n_mu", "observable": "n_mu", "bins": 20, "start": -0.5,
                            "stop": 19.5, "label": "muons"}],
            "corrections": ["parton_shower", "theory_scale", "xsec_unc", "top_pt"],
        }
    )  # fmt: skip
    out = run_spec(spec, workdir=tmp_path_factory.mktemp("dy_theory"), catalog=catalog)
    return out.result, catalog


def test_ps_variations_keep_the_inclusive_normalisation(dy_theory, demo_data) -> None:
    result, catalog = dy_theory
    h = result.histograms["n_mu"]
    nominal = h[DY, "nominal", :].values(flow=True).sum()
    s, lumi = catalog[DY], catalog[DATA].lumi_pb
    assert nominal == pytest.approx(s.xsec_pb * lumi, rel=1e-6)  # every event is in range
    for syst in ("ISRUp", "ISRDown", "FSRUp", "FSRDown"):
        assert h[DY, syst, :].values(flow=True).sum() == pytest.approx(nominal, rel=1e-6), syst
    # ... but they are variations: unnormalised, [0] (ISR up) would move the total by -2.2 %
    with uproot.open(demo_data / "nano_dy.root") as f:
        ev = f["Events"].arrays(["genWeight", "PSWeight"])
    gw = ak.to_numpy(ev.genWeight).astype(float)
    ratio = (gw * ak.to_numpy(ev.PSWeight)[:, 0]).sum() / gw.sum()
    assert abs(ratio - 1) > 0.01
    by_bin = h[DY, "ISRUp", :].values() / np.maximum(h[DY, "nominal", :].values(), 1e-300)
    assert not np.allclose(by_bin[h[DY, "nominal", :].values() > 0], 1.0)


def test_cross_section_uncertainty_is_a_normalisation_nuisance(dy_theory) -> None:
    result, _ = dy_theory
    h = result.histograms["n_mu"]
    nominal = h[DY, "nominal", :].values()
    np.testing.assert_allclose(h[DY, "xsec_DYUp", :].values(), 1.05 * nominal, rtol=1e-9)
    np.testing.assert_allclose(h[DY, "xsec_DYDown", :].values(), 0.97 * nominal, rtol=1e-9)
    np.testing.assert_array_equal(h[DATA, "xsec_DYUp", :].values(), h[DATA, "nominal", :].values())
    assert "xsec_unc" in result.corrections[DY]["applied"]
    assert result.corrections[DY]["skipped"]["top_pt"] == (
        "it is for ttbar, ttbar_dilep samples; this is DY"
    )


def test_the_plan_states_the_order_of_each_cross_section(dy_theory) -> None:
    from chathep.describe import summary

    _, catalog = dy_theory
    spec = parse_spec(
        {
            "title": "t", "samples": [DATA, DY], "corrections": ["xsec_unc"],
            "observables": [{"name": "met", "kind": "met"}],
            "histograms": [{"name": "h", "observable": "met", "label": "MET", "bins": 10,
                            "start": 0, "stop": 100}],
        }
    )  # fmt: skip
    text = summary(spec, catalog)
    assert "NNLO: dy_2018 6077 pb" in text and "recipes/cross_sections.md" in text
    assert "xsec_unc (dy_2018)" in text


# --- 3. top-pT reweighting --------------------------------------------------------------------


def test_top_pt_weight_by_hand(demo_data) -> None:
    """The generated module's weight at hand-picked top pTs: SF = exp(0.0615 - 0.0005 pT)."""
    spec = parse_spec(
        {
            "title": "top pt", "samples": [TT], "lumi_pb": 1000.0, "corrections": ["top_pt"],
            "observables": [{"name": "met", "kind": "met"}],
            "histograms": [{"name": "h", "observable": "met", "label": "MET", "bins": 10,
                            "start": 0, "stop": 100}],
        }
    )  # fmt: skip
    namespace: dict = {"__name__": "generated"}
    exec(compile(compile_spec(spec), "analysis.py", "exec"), namespace)  # noqa: S102
    last = 1 << 13
    events = ak.Array(
        {
            "GenPart": [
                # t at 100 GeV, tbar at 300 GeV, an earlier (not last) copy of the t ignored
                [{"pt": 100.0, "pdgId": 6, "statusFlags": last},
                 {"pt": 300.0, "pdgId": -6, "statusFlags": last},
                 {"pt": 80.0, "pdgId": 6, "statusFlags": 1 << 12},
                 {"pt": 40.0, "pdgId": 5, "statusFlags": last}],
                [{"pt": 0.0, "pdgId": 6, "statusFlags": last},
                 {"pt": 0.0, "pdgId": -6, "statusFlags": last}],
            ]
        }
    )  # fmt: skip
    central, up, down = namespace["top_pt_weights"](events, [2.0, 4.0])
    # exp(0.0115) = 1.0115664, exp(-0.0885) = 0.9153031: sqrt of the product = 0.9622317
    assert central == pytest.approx([0.9622317 / 2, math.exp(0.0615) / 2], rel=1e-6)
    assert up == pytest.approx([0.9622317**2 / 4, math.exp(0.123) / 4], rel=1e-6)
    assert list(down) == [1.0, 1.0]


@pytest.fixture(scope="module")
def tt_top_pt(demo_data, tmp_path_factory):
    spec = parse_spec(
        {
            "title": "top pt closure",
            "samples": [TT],
            "lumi_pb": 1000.0,
            "objects": [{"name": "jets", "source": "Jet"}],
            "observables": [{"name": "n_jets", "kind": "count", "of": "jets"}],
            "histograms": [{"name": "n_jets", "observable": "n_jets", "bins": 30, "start": -0.5,
                            "stop": 29.5, "label": "jets"}],
            "corrections": ["top_pt", "xsec_unc"],
        }
    )  # fmt: skip
    return run_spec(spec, workdir=tmp_path_factory.mktemp("tt_top_pt")).result


def test_top_pt_reweighting_matches_a_hand_computation(tt_top_pt, demo_data) -> None:
    with uproot.open(demo_data / "nano_tt_v12.root") as f:
        ev = f["Events"].arrays(
            ["genWeight", "nJet", "GenPart_pt", "GenPart_pdgId", "GenPart_statusFlags"]
        )
    gw = ak.to_numpy(ev.genWeight).astype(np.float64)
    sf = np.ones(len(gw))
    for i in range(len(gw)):  # event by event: the last-copy top and antitop
        for pt, pid, flags in zip(ev.GenPart_pt[i], ev.GenPart_pdgId[i],
                                  ev.GenPart_statusFlags[i], strict=True):  # fmt: skip
            if abs(pid) == 6 and flags & 8192:
                sf[i] *= math.exp(0.0615 - 0.0005 * pt)
    w = np.sqrt(sf)
    mean_w, mean_w2 = (gw * w).sum() / gw.sum(), (gw * w * w).sum() / gw.sum()
    s = default_catalog()[TT]
    norm = gw * s.xsec_pb * 1000.0 / s.sum_genweight
    n_jets = ak.to_numpy(ev.nJet)
    h = tt_top_pt.histograms["n_jets"]

    def hist(weight):
        return np.histogram(n_jets, bins=30, range=(-0.5, 29.5), weights=weight)[0]

    np.testing.assert_allclose(h[TT, "nominal", :].values(), hist(norm * w / mean_w), rtol=1e-6)
    np.testing.assert_allclose(h[TT, "topPtUp", :].values(), hist(norm * w**2 / mean_w2), rtol=1e-6)
    np.testing.assert_allclose(h[TT, "topPtDown", :].values(), hist(norm), rtol=1e-6)
    # closure: normalised, neither the weight nor its variations change sigma x L
    for syst in ("nominal", "topPtUp", "topPtDown"):
        total = h[TT, syst, :].values(flow=True).sum()
        assert total == pytest.approx(405.7 * 1000.0, rel=1e-6), syst
    assert abs(mean_w - 1) > 0.005  # unnormalised, it would have changed the rate
    # the 2022 extract states no cross-section uncertainty: skipped with that reason
    assert tt_top_pt.corrections[TT]["skipped"]["xsec_unc"] == (
        "its catalog entry states no xsec_uncertainty"
    )


# --- 4/5. skipped with their reason -----------------------------------------------------------


@pytest.mark.parametrize("name", ["nlo_ew", "vjets_kfactor", "gg_zh"])
def test_corrections_that_cannot_be_applied_say_why(name) -> None:
    c = corr.get(name)
    assert c.in_all  # the headline request ("latest theory corrections") lists them
    assert (REPO / "knowledge_base" / "recipes" / f"{c.recipe}.md").is_file()
    for process in c.processes or ():
        why = c.why_not_for_process(process)
        assert why and why == c.unavailable, process
    assert c.why_not_for_process("ttbar").startswith("it is for ")


def test_generated_isr_up_means_more_radiation(tmp_path) -> None:
    """On generated ttbar: ISR up (PSWeight[0], Pythia isr:muRfac = 0.5) gives more jets from
    initial-state radiation than ISR down ([2]), and PSSumw in the Runs tree is the
    genWeight-weighted mean of PSWeight, as NanoAOD documents it."""
    pytest.importorskip("pythia8mc")
    from chathep.generate import generate_samples

    generate_samples(tmp_path, n_events=400, seed=17, processes=["ttbar_dilep"], workers=1,
                     data=False, progress=False)  # fmt: skip
    (path,) = sorted(tmp_path.glob("ttbar_dilep_sim13_*.root"))
    with uproot.open(path) as f:
        ev = f["Events"].arrays(["genWeight", "GenJet_pt", "PSWeight"])
        runs = f["Runs"].arrays(["genEventSumw", "PSSumw"])
    gw = ak.to_numpy(ev.genWeight).astype(np.float64)
    ps = ak.to_numpy(ev.PSWeight).astype(np.float64)
    n_jets = ak.to_numpy(ak.sum(ev.GenJet_pt > 30, axis=1)).astype(np.float64)

    def mean_jets(w):
        return (w * n_jets).sum() / w.sum()

    assert mean_jets(gw * ps[:, 0]) > mean_jets(gw) > mean_jets(gw * ps[:, 2])
    assert float(runs["genEventSumw"][0]) == pytest.approx(gw.sum(), rel=1e-9)
    expected = (gw[:, None] * ps).sum(axis=0) / gw.sum()
    assert np.asarray(runs["PSSumw"][0]) == pytest.approx(expected, rel=1e-5)
