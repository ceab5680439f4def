"""The request that motivated ChatHEP: "a data/MC comparison plot with the latest theory/exp
corrections for H->bb".

With generated sim13 samples (DY, dileptonic ttbar, dibosons, ZH and WH with H -> bb, and
pseudo-data; made once per module) it must become the Z(ll)H(bb) b-jet pair mass with every
correction that applies, run end to end, and agree with a hand-written uproot + awkward + NumPy
reference of the same selection and weights (JER hybrid smearing, b-tag scale factors and
pileup weights included, read from the correction files and pileup_profile.root here, not from
ChatHEP; b-tag SFs by method 1a with efficiency maps measured here from the MC files).
Without sim13 samples the answer is one sentence with the command that makes them.
"""

from __future__ import annotations

import gzip
import math
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import uproot

from chathep.catalog import load_catalog, merge_catalogs
from chathep.planner import plan_request
from chathep.registry.eras import BTAG_WORKING_POINTS
from chathep.resolve import resolve_samples

REQUEST = "Produce a data/MC comparison plot with latest theory/exp corrections for H->bb"
PHRASINGS = [
    "H→bb data/MC comparison",
    "Hbb data vs MC with all corrections",
    "data/MC for Higgs to b quarks",
    "VH(bb): the b-jet pair mass, data vs simulation",
    "ZH(bb) m_bb",
]
#: the selection the request must get (knowledge_base/analyses/vh_hbb.md)
Z_MASS, Z_LO, Z_HI = 91.1876, 75.0, 105.0
BJET_PT, BJET_ETA, DEEPJET_MEDIUM = 25.0, 2.5, 0.2783
TRIGGERS = ("HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8", "HLT_Ele23_Ele12_CaloIdL_TrackIdL_IsoVL")
BINS, LO, HI = 25, 0.0, 250.0
MC_APPLIED = {"jer", "jec", "btag_sf", "pileup", "parton_shower", "xsec_unc"}
MC_SKIPPED = {
    "rochester", "theory_scale", "theory_pdf", "nlo_ew", "vjets_kfactor", "gg_zh",
    # the Z -> ee channel uses electrons: both listed, skipped (nothing mismodelled in sim13)
    "electron_ss", "electron_sf",
}  # fmt: skip


# --- samples ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hbb_data(tmp_path_factory, demo_data) -> Path:
    """A data directory as a user has it after `chathep data fetch` and `data generate`."""
    pytest.importorskip("pythia8mc")
    from chathep.data import DEMO_FILES
    from chathep.generate import generate_samples

    root = tmp_path_factory.mktemp("hbb_data")
    root.chmod(0o755)  # the sandbox may read it as an unprivileged user, like a user's data dir
    for name in DEMO_FILES:  # the correction files (copies: the sandbox sees only this dir)
        if (demo_data / name).is_file():
            shutil.copy(demo_data / name, root / name)
    generate_samples(
        root / "sim13",
        n_events=500,
        seed=125,
        processes=["DY", "ttbar_dilep", "VV", "ZH", "WH"],
        workers=2,
        signal_factor=2.0,  # 1000 ZH and WH events: about 60 ZH events pass the selection
        data_lumi_pb=0.5,  # ~2300 DY pseudo-data events, so the Z selection has data in it
        chunk_events=1000,
        progress=False,
    )
    return root


@pytest.fixture(scope="module")
def settings(hbb_data):
    """The process settings point at that directory (the plan text reads the files too)."""
    from chathep.config import get_settings

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHATHEP_DATA_DIR", str(hbb_data))
        mp.setenv("CHATHEP_PLANNER", "parser")
        get_settings.cache_clear()
        yield get_settings()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def sim_catalog(hbb_data):
    return merge_catalogs(load_catalog(), hbb_data / "sim13" / "catalog.yaml")


@pytest.fixture(scope="module")
def plan(sim_catalog, settings):
    return plan_request(REQUEST, sim_catalog, mode="parser", settings=settings)


# --- (a) the plan ------------------------------------------------------------------------------


def test_sim13_working_points_are_the_generators() -> None:
    from chathep.generate.btag import WORKING_POINTS

    assert BTAG_WORKING_POINTS["sim13"] == dict(
        zip(("loose", "medium", "tight"), WORKING_POINTS, strict=True)
    )


def test_request_becomes_the_zh_bb_mass_on_every_sim13_sample(plan, sim_catalog) -> None:
    assert plan.ok, plan.question
    spec = plan.spec
    names = [s.name for s in resolve_samples(spec, sim_catalog)]
    sim13 = [s.name for s in sim_catalog if s.era == "sim13"]
    assert sorted(names) == sorted(sim13)
    assert {"data_sim13", "zh_hbb_sim13", "wh_hbb_sim13", "dy_sim13", "vv_sim13"} <= set(names)

    # plotted: the mass of the two leading b-tagged jets (DeepJet medium)
    hist = spec.histograms[0]
    obs = spec.observable(hist.observable)
    pair = spec.combination(obs.of)
    assert (obs.kind, obs.field, obs.index) == ("field", "mass", None)
    assert pair.inputs == ["bjets"] and pair.leading == 2 and pair.choose == "all"
    bjets = spec.object("bjets")
    cuts = {(c.field, c.op): c.value for c in bjets.cuts}
    assert bjets.source == "Jet" and cuts[("btagDeepFlavB", ">")] == "medium"
    assert cuts[("pt", ">")] == BJET_PT and cuts[("eta", "<")] == BJET_ETA
    assert {c.against for c in bjets.clean_against} == {"muons", "electrons"}
    assert (hist.bins, hist.start, hist.stop) == (BINS, LO, HI)

    # Z -> ee/mumu candidate in a window, then >= 2 b-tags; the order is the cutflow
    steps = spec.selection
    assert steps[0].triggers == list(TRIGGERS)
    z = spec.combination(steps[1].count)
    assert z.inputs == ["muons", "electrons"] and z.same_flavour and z.charge == "opposite"
    assert z.choose == "closest_mass" and z.target_mass == pytest.approx(Z_MASS)
    window = {(s.op, s.value) for s in steps[2:4]}
    assert window == {(">", Z_LO), ("<", Z_HI)}
    assert spec.observable(steps[2].observable).of == z.name
    assert (steps[4].count, steps[4].op, steps[4].value) == ("bjets", ">=", 2)

    # "latest theory/exp corrections": all of them
    assert spec.corrections == ["all"]


def test_plan_lists_the_corrections_that_apply_and_why_others_do_not(plan, sim_catalog, settings):
    from chathep.corrections_info import resolve_corrections

    table = resolve_corrections(plan.spec, resolve_samples(plan.spec, sim_catalog), settings)
    for name, entry in table.items():
        if name == "data_sim13":
            assert entry["applied"] == []
            continue
        assert set(entry["applied"]) >= MC_APPLIED, name
        assert set(entry["skipped"]) >= MC_SKIPPED, name
    text = plan.describe(sim_catalog)
    assert "corrections applied:" in text
    for name in MC_APPLIED:
        assert re.search(rf"\b{name} \(", text), name
    assert "knowledge_base/analyses/vh_hbb.md" in text
    assert "two leading" in text and "not the pair closest to 125 GeV" in text
    assert "no Higgs sample" not in text


@pytest.mark.parametrize("text", PHRASINGS)
def test_other_phrasings_get_the_same_analysis(text, sim_catalog) -> None:
    plan = plan_request(text, sim_catalog, mode="parser", check_files=False)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert plan.spec.combination(obs.of).inputs == ["bjets"]
    assert plan.spec.combination("zll") is not None


def test_follow_ups_edit_the_analysis(plan, sim_catalog) -> None:
    log = plan_request(
        "now log scale", sim_catalog, mode="parser", previous=plan, check_files=False
    )
    assert log.ok and log.spec.histograms[0].log_y
    mumu = plan_request(
        "only the muon channel", sim_catalog, mode="parser", previous=log, check_files=False
    )
    spec = mumu.spec
    assert spec.combination("zll").inputs == ["muons"] and spec.object("electrons") is None
    assert spec.selection[0].triggers == [TRIGGERS[0]]
    assert spec.combination(spec.observable(spec.histograms[0].observable).of).inputs == ["bjets"]
    assert spec.histograms[0].log_y
    fine = plan_request("40 bins", sim_catalog, mode="parser", previous=mumu, check_files=False)
    h = fine.spec.histograms[0]
    assert (h.bins, h.start, h.stop, h.log_y) == (40, LO, HI, True)
    assert fine.spec.combination("zll").inputs == ["muons"]
    fewer = plan_request(
        "remove the WH sample", sim_catalog, mode="parser", previous=fine, check_files=False
    )
    assert "wh_hbb_sim13" not in fewer.spec.samples and "data_sim13" in fewer.spec.samples


def test_worked_example_matches_the_plan(plan) -> None:
    from chathep.knowledge.examples import load_examples
    from chathep.spec import parse_spec

    example = next(e for e in load_examples() if e.path.endswith("/zh_hbb_mbb.md"))
    assert example.request == REQUEST
    ref = parse_spec(example.spec)
    ours = plan.spec
    assert [o.model_dump() for o in ours.objects] == [o.model_dump() for o in ref.objects]
    assert [c.model_dump() for c in ours.combinations] == [c.model_dump() for c in ref.combinations]
    assert [s.model_dump() for s in ours.selection] == [s.model_dump() for s in ref.selection]
    assert ours.corrections == ref.corrections
    # the example lists the default `chathep data generate` set (inclusive ttbar, W+jets);
    # this module generates the cheaper dileptonic ttbar and no W+jets
    common = {"data_sim13", "dy_sim13", "vv_sim13", "zh_hbb_sim13", "wh_hbb_sim13"}
    assert common <= set(ours.samples) and common <= set(ref.samples)
    assert all(name.endswith("_sim13") for name in ref.samples)


# --- (b) end to end ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def answer(sim_catalog, settings, tmp_path_factory):
    from chathep.agent import answer_request

    return answer_request(
        REQUEST,
        settings=settings,
        catalog=sim_catalog,
        planner="parser",
        out_dir=tmp_path_factory.mktemp("hbb_answer"),
    )


def test_answer_has_plot_histograms_corrections_and_recipes(answer, sim_catalog) -> None:
    assert answer.kind == "analysis", f"{answer.message} {answer.hint}"
    assert answer.png and Path(answer.png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    sim13 = {s.name for s in sim_catalog if s.era == "sim13"}
    hist = answer.histograms[0]
    assert set(hist.samples) == sim13  # data and each MC
    assert len(hist.edges) == BINS + 1
    assert sum(hist.samples["zh_hbb_sim13"].values) > 0
    for name in sim13 - {"data_sim13"}:
        assert set(answer.corrections[name]["applied"]) >= MC_APPLIED, name
        assert set(answer.corrections[name]["skipped"]) >= MC_SKIPPED, name
    assert answer.corrections["data_sim13"]["applied"] == []
    assert "top_pt" in answer.corrections["ttbar_dilep_sim13"]["applied"]
    assert "corrections applied: jer" in answer.plan and "btag_sf (" in answer.plan
    # the order of the cross sections, and what cannot be applied, with why
    assert "NNLO+NNLL QCD: ttbar_dilep_sim13 88.29 pb" in answer.plan
    assert "gg_zh (Pythia 8 has no gg -> ZH process" in answer.plan
    assert "electron_ss (the sim13 pseudo-data electrons have the simulation's" in answer.plan
    assert "electron_sf (the sim13 pseudo-data have the simulation's electron" in answer.plan
    sources = {c.source for c in answer.citations}
    for recipe in ("jer_jec", "btag_sf", "pileup_reweighting", "parton_shower", "mc_normalisation",
                   "cross_sections", "top_pt_reweighting", "vh_vjets_ew",
                   "electron_scale_smearing", "electron_sf"):  # fmt: skip
        assert f"knowledge_base/recipes/{recipe}.md" in sources, recipe


def test_jer_and_jes_are_applied_as_the_recipe_says(answer, sim_catalog) -> None:
    """What the answer claims for JER/JES holds: every MC sample has the hybrid method with the
    generator's resolution file, and the JER and the 29 split JES variations were run."""
    import importlib.util
    import json

    from chathep.registry.corrections import JES_SOURCES

    spec = importlib.util.spec_from_file_location("hbb_generated", answer.code_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = json.loads(Path(answer.result_path).read_text())
    has = result["systematics"]["samples"]
    expected = {"JERUp", "JERDown"} | {f"JES_{s}{d}" for s in JES_SOURCES for d in ("Up", "Down")}
    for name in (s.name for s in sim_catalog if s.era == "sim13" and not s.is_data):
        sample = module.SAMPLES[name]
        assert sample["jer_method"] == "hybrid", name
        assert sample["jer_resolution"]["file"].endswith("sim13/jer_resolution.json"), name
        assert expected <= set(has[name]), name
    assert not has["data_sim13"]
    assert "hybrid method" in answer.code and "JES_SOURCES" in answer.code


def test_a_blinded_answer_leaves_no_data_in_the_window_on_disk(
    answer, sim_catalog, settings, tmp_path
):
    """The request ", blinded": the result file the answer points to and the entries kept
    for follow-ups (fills.npz) hold no pseudo-data event in 90 < m(bb) < 150 GeV; the data
    outside the window and the simulation are those of the unblinded answer."""
    from chathep.agent import answer_request
    from chathep.results import load_result

    blinded = answer_request(
        REQUEST + ", blinded", settings=settings, catalog=sim_catalog, planner="parser",
        out_dir=tmp_path,
    )  # fmt: skip
    assert blinded.kind == "analysis", f"{blinded.message} {blinded.hint}"
    result, unblinded = load_result(blinded.result_path), load_result(answer.result_path)
    name = next(iter(result.histograms))
    h, ref = result.histograms[name], unblinded.histograms[name]
    edges = h.axes[-1].edges
    inside = np.flatnonzero((edges[1:] > 90) & (edges[:-1] < 150)) + 1  # + the underflow bin
    outside = np.setdiff1d(np.arange(len(edges) + 1), inside)
    for dataset in h.axes[0]:
        got = h[{"dataset": dataset}].view(flow=True).value
        expected = ref[{"dataset": dataset}].view(flow=True).value
        if dataset == "data_sim13":
            assert (got[:, inside] == 0).all()
            np.testing.assert_array_equal(got[:, outside], expected[:, outside])
        else:
            np.testing.assert_array_equal(got, expected, err_msg=dataset)
    assert result.metadata["blinded"]["window"] == [90.0, 150.0]
    assert "data_sim13" not in result.cutflow and "dy_sim13" in result.cutflow
    fills = Path(blinded.result_path).parent / "fills.npz"
    if fills.exists():  # kept only by a sandboxed run
        with np.load(fills, allow_pickle=False) as kept:
            for i, key in enumerate(kept["keys"].tolist()):
                if key.split("\x1f")[1] == "data_sim13":
                    values = kept[f"v{i}"]
                    assert not ((values >= 90) & (values < 150)).any(), key


# --- (c) an independent reference ---------------------------------------------------------------


def _jer_table(path: Path) -> np.ndarray:
    """Rows (eta_lo, eta_hi, pt_lo, pt_hi, sf_nominal) of the JER scale-factor text file."""
    rows = []
    with gzip.open(path, "rt") as f:
        next(f)
        for line in f:
            v = line.split()
            rows.append([float(x) for x in v[:4]] + [float(v[5])])
    return np.array(rows)


def _jer_sf(table: np.ndarray, eta: np.ndarray, pt: np.ndarray) -> np.ndarray:
    out = np.empty(len(eta))
    for i, (e, p) in enumerate(zip(eta, pt, strict=True)):
        rows = table[(table[:, 0] <= e) & (e < table[:, 1])]
        inside = rows[(rows[:, 2] <= p) & (p < rows[:, 3])]
        row = inside[0] if len(inside) else rows[np.argmin(np.abs(rows[:, 2] - p))]
        out[i] = row[4]
    return out


MASK = (1 << 64) - 1


def _splitmix(z: int) -> int:
    z = (z + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def _normal(seed: int, run: int, lumi: int, event: int, index: int) -> float:
    """The documented per-jet random number of the JER smearing (splitmix64 of seed, run,
    lumi, event, jet index; two streams; Box-Muller), in python integers."""
    key = seed
    for value in (run, lumi, event, index):
        key = _splitmix(key ^ value)
    u1, u2 = (((_splitmix(key ^ stream) >> 11) + 0.5) * 2.0**-53 for stream in (0, 1))
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def _jer_hybrid(e, pt: np.ndarray, eta: np.ndarray, phi: np.ndarray, sf: np.ndarray) -> np.ndarray:
    """CMS hybrid JER factors of one event's jets: matched (Delta R < 0.2 to the GenJet and
    |pT - pT_gen| < 3 sigma pT) scaled, the others smeared with sigma sqrt(sf^2 - 1); sigma
    is the detector's own resolution at the pileup rho stands for (n = (rho - 1) / 0.52)."""
    from chathep.compiler import JER_SEED
    from chathep.generate.detector import jet_resolution

    n_pu = max(float(e.fixedGridRhoFastjetAll) - 1.0, 0.0) / 0.52
    sigma = jet_resolution(pt, np.abs(eta), n_pu)
    gen = np.asarray(e.Jet_genJetIdx)
    out = np.empty(len(pt))
    for k in range(len(pt)):
        matched = False
        if 0 <= gen[k] < len(e.GenJet_pt):
            g = gen[k]
            dphi = (phi[k] - e.GenJet_phi[g] + math.pi) % (2 * math.pi) - math.pi
            dr = math.hypot(eta[k] - e.GenJet_eta[g], dphi)
            gen_pt = float(e.GenJet_pt[g])
            matched = dr < 0.2 and abs(pt[k] - gen_pt) < 3 * sigma[k] * pt[k]
        if matched:
            factor = 1 + (sf[k] - 1) * (pt[k] - gen_pt) / pt[k]
        else:
            z = _normal(JER_SEED, int(e.run), int(e.luminosityBlock), int(e.event), k)
            factor = 1 + z * sigma[k] * math.sqrt(max(sf[k] ** 2 - 1, 0.0))
        out[k] = max(factor, 0.0)
    return out


def _btag_sf_medium(path: Path, flavour: np.ndarray, pt: np.ndarray) -> np.ndarray:
    """Central DeepJet medium SFs: comb for b (5) and c (4), incl for light jets."""
    formulas = {}
    with gzip.open(path, "rt") as f:
        next(f)
        for line in f:
            v = [x.strip() for x in line.split(",", 10)]
            if v[0] == "1" and v[2] == "central":
                method, flav = v[1], int(v[3])
                if (flav in (0, 1) and method == "comb") or (flav == 2 and method == "incl"):
                    formulas[flav] = v[10].strip().strip('"')
    x = np.clip(pt, 20.0, 1000.0)
    csv_flavour = np.where(flavour == 5, 0, np.where(flavour == 4, 1, 2))
    out = np.ones(len(pt))
    for flav, formula in formulas.items():
        values = eval(formula, {"log": np.log, "x": x})  # noqa: S307 - a formula of the BTV file
        out = np.where(csv_flavour == flav, values, out)
    return out


def _delta_r(eta1, phi1, eta2, phi2):
    dphi = (phi1 - phi2 + np.pi) % (2 * np.pi) - np.pi
    return np.hypot(eta1 - eta2, dphi)


def _mass(pt, eta, phi, m):
    """Invariant mass of a list of (pt, eta, phi, m) four-vectors."""
    px = sum(p * np.cos(f) for p, f in zip(pt, phi, strict=True))
    py = sum(p * np.sin(f) for p, f in zip(pt, phi, strict=True))
    pz = sum(p * np.sinh(e) for p, e in zip(pt, eta, strict=True))
    en = sum(np.sqrt((p * np.cosh(e)) ** 2 + mm**2) for p, e, mm in zip(pt, eta, m, strict=True))
    return np.sqrt(max(en**2 - px**2 - py**2 - pz**2, 0.0))


def _pileup_weight(path: Path, n_true: float) -> float:
    """data/MC of the nTrueInt profiles in the pileup_profile.root next to the samples."""
    with uproot.open(path.parent / "pileup_profile.root") as f:
        data, edges = f["pileup"].to_numpy()
        mc, _ = f["pileup_mc"].to_numpy()
    k = min(max(int(np.searchsorted(edges, n_true, side="right")) - 1, 0), len(data) - 1)
    return float(data[k] / mc[k])


def _top_pt_weight(e) -> float:
    """sqrt(SF(t) SF(tbar)), SF = exp(0.0615 - 0.0005 pT) of the last-copy top quarks (CMS TOP
    PAG; 1 for an event without top quarks)."""
    sf = 1.0
    for pt, pid, flags in zip(e.GenPart_pt, e.GenPart_pdgId, e.GenPart_statusFlags, strict=True):
        if abs(pid) == 6 and flags & (1 << 13):
            sf *= np.exp(0.0615 - 0.0005 * pt)
    return float(np.sqrt(sf))


def _leptons(e) -> tuple[list, list]:
    """The selected muons and electrons of one event: (pt, eta, phi, mass, charge) each."""
    mu = [
        (e.Muon_pt[k], e.Muon_eta[k], e.Muon_phi[k], e.Muon_mass[k], e.Muon_charge[k])
        for k in range(len(e.Muon_pt))
        if e.Muon_pt[k] > 20 and abs(e.Muon_eta[k]) < 2.4 and e.Muon_tightId[k]
        and e.Muon_pfRelIso04_all[k] < 0.15
    ]  # fmt: skip
    el = [
        (e.Electron_pt[k], e.Electron_eta[k], e.Electron_phi[k], e.Electron_mass[k],
         e.Electron_charge[k])
        for k in range(len(e.Electron_pt))
        if e.Electron_pt[k] > 20 and abs(e.Electron_eta[k]) < 2.5
        and e.Electron_cutBased[k] >= 4
    ]  # fmt: skip
    return mu, el


def _jets(e, is_data: bool, jer: np.ndarray, leptons: list) -> tuple:
    """(pt, eta, phi, mass, candidates): JER-scaled jets (MC) and, in pT order, the indices of
    the b-jet candidates: the b-jet cuts and the lepton cleaning, without the b-tag cut."""
    pt = np.asarray(e.Jet_pt, dtype=float)
    mass = np.asarray(e.Jet_mass, dtype=float)
    eta, phi = np.asarray(e.Jet_eta), np.asarray(e.Jet_phi)
    if not is_data:  # JER hybrid method with the generator's own jet resolution
        factor = _jer_hybrid(e, pt, eta, phi, _jer_sf(jer, eta, pt))
        pt, mass = pt * factor, mass * factor
    order = np.argsort(-pt, kind="stable")
    candidates = [
        k for k in order
        if pt[k] > BJET_PT and abs(eta[k]) < BJET_ETA and e.Jet_jetId[k] >= 2
        and all(_delta_r(eta[k], phi[k], lep[1], lep[2]) > 0.4 for lep in leptons)
    ]  # fmt: skip
    return pt, eta, phi, mass, candidates


#: b-tag efficiency map bins (pT, |eta|) and flavours (knowledge_base/recipes/btag_sf.md)
EFF_PT = [20, 30, 50, 70, 100, 140, 200, 300, 600, 1000]
EFF_ETA = [0, 1.5, 2.5]
FLAVOURS = (0, 4, 5)


def _efficiency_map(paths: list[Path], jer: np.ndarray) -> np.ndarray:
    """(flavour, pT bin, |eta| bin) tagged / all b-jet candidates over every event of the
    files (a bin without jets: the flavour's efficiency over all bins), in [1e-3, 1 - 1e-3]."""
    total = np.zeros((3, len(EFF_PT) - 1, len(EFF_ETA) - 1))
    tagged = np.zeros_like(total)
    for path in paths:
        ev = uproot.open(path)["Events"].arrays(library="ak")
        for i in range(len(ev)):
            e = ev[i]
            mu, el = _leptons(e)
            pt, eta, _, _, candidates = _jets(e, False, jer, mu + el)
            for k in candidates:
                f = FLAVOURS.index(int(e.Jet_hadronFlavour[k]))
                a = int(np.searchsorted(EFF_PT, min(pt[k], 999.0), side="right")) - 1
                b = int(np.searchsorted(EFF_ETA, abs(eta[k]), side="right")) - 1
                total[f, a, b] += 1
                tagged[f, a, b] += e.Jet_btagDeepFlavB[k] > DEEPJET_MEDIUM
    n_all, n_tag = total.sum(axis=(1, 2)), tagged.sum(axis=(1, 2))
    inclusive = np.where(n_all > 0, n_tag / np.maximum(n_all, 1), 0.5)
    eff = np.where(total > 0, tagged / np.maximum(total, 1), inclusive[:, None, None])
    return np.clip(eff, 1e-3, 1 - 1e-3)


def _reference(path: Path, is_data: bool, data_dir: Path, eff: np.ndarray | None) -> dict:
    """Event by event with plain NumPy: the selection, m(bb) and the weight of each event.
    The b-tag weight is method 1a with the sample's efficiency map ``eff``; for ttbar also the
    top-pT weight of the selected events and its sum over all events."""
    ev = uproot.open(path)["Events"].arrays(library="ak")
    is_ttbar = "ttbar" in path.name
    top_all = sum(_top_pt_weight(e) for e in ev) if is_ttbar else 0.0
    top = []
    jer = _jer_table(data_dir / "Autumn18_V7_MC_SF_AK4PFchs.jersf.txt.gz")
    btag_file = data_dir / "DeepJet_102XSF_WP_V1.btag.csv.gz"
    steps = {k: 0 for k in ("trigger", "z", "mlo", "mhi", "2b")}
    masses, weights = [], []
    for i in range(len(ev)):
        e = ev[i]
        if not (e[TRIGGERS[0]] or e[TRIGGERS[1]]):
            continue
        steps["trigger"] += 1
        mu, el = _leptons(e)
        pair_masses = [
            _mass(*zip(a[:4], b[:4], strict=True))
            for leptons in (mu, el)
            for j, a in enumerate(leptons)
            for b in leptons[j + 1 :]
            if a[4] != b[4]
        ]
        if not pair_masses:
            continue
        steps["z"] += 1
        mll = min(pair_masses, key=lambda m: abs(m - Z_MASS))
        if not mll > Z_LO:
            continue
        steps["mlo"] += 1
        if not mll < Z_HI:
            continue
        steps["mhi"] += 1
        pt, eta, phi, mass, candidates = _jets(e, is_data, jer, mu + el)
        score = np.asarray(e.Jet_btagDeepFlavB)
        good = [k for k in candidates if score[k] > DEEPJET_MEDIUM]
        if len(good) < 2:
            continue
        steps["2b"] += 1
        j1, j2 = good[:2]
        masses.append(_mass((pt[j1], pt[j2]), (eta[j1], eta[j2]), (phi[j1], phi[j2]),
                            (mass[j1], mass[j2])))  # fmt: skip
        if is_data:
            weights.append(1.0)
        else:
            # method 1a: tagged jets SF, untagged ones (1 - SF eff) / (1 - eff)
            jets = np.array(candidates)
            flavour = np.asarray(e.Jet_hadronFlavour)[jets]
            sfs = _btag_sf_medium(btag_file, flavour, pt[jets])
            rows = [FLAVOURS.index(int(f)) for f in flavour]
            cols = np.searchsorted(EFF_PT, np.minimum(pt[jets], 999.0), side="right") - 1
            etas = np.searchsorted(EFF_ETA, np.abs(eta[jets]), side="right") - 1
            eff_mc = eff[rows, cols, etas]
            eff_data = np.clip(sfs * eff_mc, 0.0, 1.0)
            is_tagged = score[jets] > DEEPJET_MEDIUM
            btag = np.prod(np.where(is_tagged, eff_data / eff_mc, (1 - eff_data) / (1 - eff_mc)))
            pileup = _pileup_weight(path, float(e.Pileup_nTrueInt))
            weights.append(float(e.genWeight) * float(btag) * pileup)
            top.append(_top_pt_weight(e) if is_ttbar else 1.0)
    return {
        "steps": steps,
        "mass": np.array(masses),
        "weight": np.array(weights),
        "top": np.array(top),
        "top_all": top_all,
        "n_all": len(ev),
    }


def test_mbb_histogram_matches_an_independent_reference(answer, sim_catalog, hbb_data):
    assert answer.kind == "analysis", answer.message
    hist = answer.histograms[0]
    data = sim_catalog["data_sim13"]
    passed_total = 0
    for name, out in hist.samples.items():
        sample = sim_catalog[name]
        paths = [hbb_data / f for f in sample.files]
        jer = _jer_table(hbb_data / "Autumn18_V7_MC_SF_AK4PFchs.jersf.txt.gz")
        eff = None if sample.is_data else _efficiency_map(paths, jer)
        refs = [_reference(p, sample.is_data, hbb_data, eff) for p in paths]
        masses = np.concatenate([r["mass"] for r in refs])
        weights = np.concatenate([r["weight"] for r in refs])
        if not sample.is_data:
            weights = weights * sample.xsec_pb * data.lumi_pb / sample.sum_genweight
        if sample.process.startswith("ttbar"):  # top-pT weight / its mean (genWeight = 1)
            mean = sum(r["top_all"] for r in refs) / sum(r["n_all"] for r in refs)
            weights = weights * np.concatenate([r["top"] for r in refs]) / mean
        expected, _ = np.histogram(masses, bins=BINS, range=(LO, HI), weights=weights)
        np.testing.assert_allclose(out.values, expected, rtol=1e-6, atol=1e-12, err_msg=name)
        # the cutflow, event counts step by step
        rows = {row.cut: row.events for row in answer.cutflow[name]}
        steps = {k: sum(r["steps"][k] for r in refs) for k in refs[0]["steps"]}
        assert rows["trigger"] == steps["trigger"], name
        assert rows["Z candidate (SFOS lepton pair)"] == steps["z"], name
        assert rows[f"m(ll) > {Z_LO:g} GeV"] == steps["mlo"], name
        assert rows[f"m(ll) < {Z_HI:g} GeV"] == steps["mhi"], name
        assert rows[">= 2 b-tagged jets"] == steps["2b"], name
        assert answer.yields[name].events == len(masses), name
        passed_total += len(masses)
    assert answer.cutflow["data_sim13"][3].events > 100  # the Z window holds data
    assert answer.yields["zh_hbb_sim13"].events >= 20
    assert passed_total > 0


# --- (d) without the generated samples ----------------------------------------------------------


def test_without_sim13_the_answer_says_how_to_make_the_samples() -> None:
    from chathep.agent import answer_request

    demo_only = load_catalog()
    assert not any(s.era == "sim13" for s in demo_only)
    plan = plan_request(REQUEST, demo_only, mode="parser", check_files=False)
    assert not plan.ok
    assert "`chathep data generate --events 5000`" in plan.question
    assert "H -> bb needs the simulated VH samples" in plan.question
    assert "no Higgs sample" not in plan.question
    answer = answer_request(REQUEST, catalog=demo_only, planner="parser", run=False)
    assert answer.kind == "clarification"
    assert answer.message == plan.question
    for text in PHRASINGS:
        other = plan_request(text, demo_only, mode="parser", check_files=False)
        assert other.question == plan.question, text
