"""Per-object quantities NanoAOD does not store, as derived fields (chathep.registry.fields):
the rapidity y of one object (not its pseudorapidity eta), the transverse energy E_T, the raw
jet pT, the jet EM energy fraction (and the NanoAOD fractions by name); and the other MET
flavours of NanoAOD (CaloMET, RawMET, TkMET, ChsMET). For each:
the planner's reading of its wordings (and the look-alikes it keeps asking about), the stated
definition, then a sandboxed run on the demo files against an uproot/awkward reference computed
here from the branches."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.planner import plan_request
from tests._planned_run import run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, check, coll, read, weights


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _f64(values):
    return ak.values_astype(values, np.float64)


def _per_object(values, w):
    wb = ak.broadcast_arrays(ak.Array(w), values)[0]
    return ak.to_numpy(ak.flatten(values)), ak.to_numpy(ak.flatten(wb))


# --- 1. the rapidity y of one object ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "of", "index", "absolute"),
    [
        ("the rapidity of the leading jet", "jets", 0, False),
        ("muon rapidity", "muons", None, False),
        ("jet y", "jets", None, False),
        ("leading jet y", "jets", 0, False),
        ("the y of the leading muon", "muons", 0, False),
        ("|y| of the leading jet", "jets", 0, True),
        ("the absolute rapidity of the electrons", "electrons", None, True),
    ],
)
def test_an_objects_rapidity_is_planned(catalog, text, of, index, absolute):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index, obs.abs) == (
        "field", of, "rapidity", index, absolute
    )  # fmt: skip
    assert any(d.startswith("rapidity: y = 0.5 ln((E+pz)/(E-pz))") for d in plan.defaults)
    assert "rapidity y = 0.5 ln((E+pz)/(E-pz))" in plan.describe(catalog)


@pytest.mark.parametrize(
    "text", ["pseudorapidity of the leading jet", "the muon pseudo-rapidity", "jet eta"]
)
def test_the_pseudorapidity_stays_eta(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert obs.field == "eta"
    assert not any(d.startswith("rapidity") for d in plan.defaults)


def test_a_pairs_rapidity_is_its_four_vectors(catalog):
    from chathep.compiler import compile_spec

    plan = _plan("the dimuon rapidity", catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.field) == ("dimuon", "rapidity")
    assert not any(d.startswith("rapidity: y") for d in plan.defaults)
    code = compile_spec(plan.spec, catalog)
    assert "def rapidity_y(" not in code  # the candidate's own .rapidity, as before


@pytest.mark.parametrize(
    "text",
    [
        "muon pt on the y axis",
        "jet y-position",
        "the jet y component",
        "jet y versus jet x",  # coordinates: the x is not dropped
        "the y of the leading jet versus x",
    ],
)
def test_a_y_that_is_no_rapidity_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not (plan.ok and any(o.field == "rapidity" for o in plan.spec.observables))


# --- 2. the transverse energy E_T = E/cosh(eta) ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "of", "index"),
    [
        ("jet Et", "jets", None),
        ("the transverse energy of the leading electron", "electrons", 0),
        ("photon E_T", "photons", None),
        ("the E_T of the leading jet", "jets", 0),
        ("the leading jet transverse energy", "jets", 0),
        ("electron ET", "electrons", None),
    ],
)
def test_the_transverse_energy_is_planned(catalog, text, of, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", of, "transverse_energy", index)
    assert any(d.startswith("transverse energy: E_T = E/cosh(eta)") for d in plan.defaults)
    assert "E_T = E pT/|p| = E/cosh(eta)" in plan.describe(catalog)
    (h,) = plan.spec.histograms
    assert (h.start, h.unit) == (0.0, "GeV")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("plot the leading jet pt for jets with Et > 20 GeV", 20.0),
        ("plot the leading jet pt for jets with E_T > 25 GeV", 25.0),
        ("photons with ET > 30 GeV, plot the photon pt", 30.0),
        # (asked until session 27; now read like "E_T > 30", and said: test_planner_s27.py)
        ("the number of jets with Et above 40 GeV", 40.0),
    ],
)
def test_a_bound_on_et_is_read_as_before(catalog, text, value):
    # unchanged: the threshold on the objects' pT (no E_T observable)
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert all(o.field != "transverse_energy" for o in plan.spec.observables)
    (obj,) = plan.spec.objects
    assert any(c.field == "pt" and c.value == value for c in obj.cuts)


@pytest.mark.parametrize(
    "text",
    [
        "the transverse energy of the dimuon system",
        "the dijet Et",
        "the max jet Et",  # the maximum is not dropped
        "the min jet pz",
        "the max muon dxy",
        # a raw E_T: not the stored (corrected) E_T, which 'uncorrected' alone would plot
        "uncorrected net Et of jet",
        "the raw jet Et",
        "jet Et before corrections",
    ],
)
def test_et_look_alikes_and_dropped_reductions_are_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec and plan.spec.observables


def test_a_max_that_is_read_still_plans(catalog):
    plan = _plan("the max jet pt", catalog)
    assert plan.ok, plan.question
    assert [o.kind for o in plan.spec.observables] == ["reduce"]


# --- 3. the raw (uncorrected) jet pT = pT (1 - rawFactor) ------------------------------------


@pytest.mark.parametrize(
    ("text", "of", "index"),
    [
        ("uncorrected jet pT", "jets", None),
        ("raw jet pT", "jets", None),
        ("jet pT before corrections", "jets", None),
        ("the jet pT before jet energy corrections", "jets", None),
        ("the raw pT of the leading jet", "jets", 0),
        ("leading jet raw pT", "jets", 0),
        ("raw b-jet pT", "bjets", None),
        ("the raw pT of the leading AK8 jet", "fatjets", 0),
    ],
)
def test_the_raw_jet_pt_is_planned(catalog, text, of, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", of, "pt_raw", index)
    assert any(d.startswith("raw jet pT: pT (1 - rawFactor)") for d in plan.defaults)
    assert "pT (1 - rawFactor)" in plan.describe(catalog)
    assert not plan.spec.corrections


@pytest.mark.parametrize(
    "text",
    [
        "raw jet pT with JER",  # the smeared pT is no longer the files' pT
        "raw muon pT",
        "raw jet pT and the jet pT",
        "corrected versus uncorrected jet pT",  # two analyses: asked as before
    ],
)
def test_raw_look_alikes_are_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec and plan.spec.observables


def test_uncorrected_elsewhere_still_means_no_corrections(catalog):
    plan = _plan("the uncorrected dimuon mass", catalog)
    assert plan.ok, plan.question
    assert plan.spec.corrections == []
    assert [o.field for o in plan.spec.observables] == ["mass"]


def test_a_file_without_raw_factor_is_asked(catalog, monkeypatch):
    import chathep.resolve as resolve

    files = resolve.branches

    def without_raw_factor(path, tree):
        return {k for k in files(path, tree) if k != "Jet_rawFactor"}

    monkeypatch.setattr(resolve, "branches", without_raw_factor)
    plan = plan_request("raw jet pT in the DY sample", catalog, mode="parser")
    assert not plan.ok
    assert "rawFactor" in plan.question and "raw (uncorrected) jet pT" in plan.question
    monkeypatch.undo()
    plan = plan_request("raw jet pT in the DY sample", catalog, mode="parser")
    assert plan.ok, plan.question  # the demo files have it


# --- 4. jet energy fractions: EM = chEmEF + neEmEF; chHEF, neHEF, ... by name --------------


@pytest.mark.parametrize(
    ("text", "field", "index"),
    [
        ("EM fraction of jets", "em_fraction", None),
        ("electromagnetic fraction of jet energy", "em_fraction", None),
        ("the EM fraction of the leading jet", "em_fraction", 0),
        ("the leading jet EMF", "em_fraction", 0),
        ("jet chHEF", "chHEF", None),
        ("jet neHEF", "neHEF", None),
        ("the charged hadron fraction of jets", "chHEF", None),
        ("the neutral hadron energy fraction of the leading jet", "neHEF", 0),
        ("the neutral EM fraction of jets", "neEmEF", None),
    ],
)
def test_the_jet_energy_fractions_are_planned(catalog, text, field, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", "jets", field, index)
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (20, 0.0, 1.0)  # a fraction: 0 to 1, stated
    assert "binning: 20 bins from 0 to 1" in plan.defaults
    said = any(d.startswith("EM fraction: the jet's electromagnetic energy fraction chEmEF + ")
               for d in plan.defaults)  # fmt: skip
    assert said == (field == "em_fraction")


@pytest.mark.parametrize(
    "text",
    [
        "the EM fraction of electrons",  # a jet quantity only
        "jets with EM fraction below 0.9, plot the jet pt",  # a cut on it: not planned
    ],
)
def test_fraction_look_alikes_are_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec and plan.spec.observables


# --- 5. the other MET flavours: CaloMET, RawMET, TkMET, ChsMET --------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "met"),
    [
        ("the calo MET", "met", "CaloMET"),
        ("CaloMET", "met", "CaloMET"),
        ("raw MET", "met", "RawMET"),
        ("track MET", "met", "TkMET"),
        ("TkMET", "met", "TkMET"),
        ("ChsMET", "met", "ChsMET"),
        ("raw missing transverse energy", "met", "RawMET"),
        ("the uncorrected MET", "met", "RawMET"),  # was the type-1 MET, "no corrections"
        ("the calorimeter E_T^miss", "met", "CaloMET"),
        ("the track-based missing transverse momentum", "met", "TkMET"),
        ("transverse mass of the muon and the CaloMET", "mt", "CaloMET"),
        ("dPhi(muon, CaloMET)", "delta_phi", "CaloMET"),
        ("the delta phi between the leading jet and the calo MET", "delta_phi", "CaloMET"),
    ],
)
def test_a_met_flavour_is_planned(catalog, text, kind, met):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = [o for o in plan.spec.observables if o.name == plan.spec.histograms[0].observable]
    assert (obs.kind, obs.met) == (kind, met)
    said = [d for d in plan.defaults if d.startswith("MET:")]
    assert said == [d for d in said if f"({met}), as stored in the files" in d] and said
    assert not any("type-1 corrected" in d for d in plan.defaults)  # no correction said


@pytest.mark.parametrize(
    "text",
    [
        "the CaloMET significance",  # NanoAOD: MET_significance only
        "the calo MET and the PUPPI MET",  # one MET per plan
        "the calo MET and the track MET",
    ],
)
def test_met_flavour_look_alikes_are_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec and plan.spec.observables


def test_a_file_without_the_flavour_is_asked(catalog):
    # the Run-3 ttbar file has no CaloMET/TkMET branches: a question, not a crash
    for text in ("the CaloMET in ttbar", "transverse mass of the muon and the TkMET in ttbar"):
        plan = plan_request(text, catalog, mode="parser")
        assert not plan.ok
        assert "has no" in plan.question and "MET_pt branch" in plan.question
    plan = plan_request("the raw MET in ttbar", catalog, mode="parser")
    assert plan.ok, plan.question  # RawMET is in the file


def test_followups_switch_the_met_flavour(catalog):
    mt = _plan("transverse mass of the muon and the CaloMET", catalog)
    back = _plan("now the PF MET", catalog, previous=mt)
    assert back.ok and {o.met for o in back.spec.observables} == {"MET"}
    met = _plan("the MET", catalog)
    calo = _plan("now the calo MET", catalog, previous=met)
    assert calo.ok and {o.met for o in calo.spec.observables} == {"CaloMET"}
    kept = _plan("now with 30 bins", catalog, previous=mt)
    assert kept.ok and {o.met for o in kept.spec.observables} == {"CaloMET"}


def test_jet_corrections_leave_the_flavour_alone(catalog):
    from chathep.compiler import compile_spec

    plan = _plan("the calo MET with JER", catalog)
    assert plan.ok, plan.question
    code = compile_spec(plan.spec, catalog)
    assert 'objects["CaloMET"] = events.CaloMET' in code
    assert plan.spec.corrections == ["jer"]
    # the JER changes of the jets go to the PF MET only, never to the CaloMET
    assert not [line for line in code.splitlines() if "propagate_to_met" in line and "Calo" in line]
    assert 'objects["MET"]' not in code


def test_the_schema_stays_small():
    import json

    from chathep.spec import AnalysisSpec

    assert len(json.dumps(AnalysisSpec.model_json_schema())) < 16_000


@pytest.fixture(scope="module")
def derived_run(tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {
        "y_mu": _plan("muon rapidity", cat),
        "y_jet": _plan("the rapidity of the leading jet", cat),
        "et_jet": _plan("jet Et", cat),
        "raw_jet": _plan("the raw pT of the leading jet", cat),
        "emf": _plan("EM fraction of jets", cat),
        "chhef": _plan("the charged hadron fraction of jets", cat),
        "calo": _plan("the calo MET", cat),
        "mt_calo": _plan("transverse mass of the muon and the CaloMET", cat),
    }
    return run_plans(plans, tmp_path_factory.mktemp("derived_s20"))


def _rapidity(objs):
    pt, eta, mass = _f64(objs.pt), _f64(objs.eta), _f64(objs.mass)
    pz = pt * np.sinh(eta)
    e = np.sqrt((pt * np.cosh(eta)) ** 2 + mass**2)
    return 0.5 * np.log((e + pz) / (e - pz))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_rapidity_matches_the_reference(derived_run, demo_data, sample):
    hists, result = derived_run
    ev = read(demo_data, sample)
    w = weights(sample, ev)
    mu = coll(ev, "Muon")
    mu = mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    y = _rapidity(mu)
    assert ak.any(abs(y - _f64(mu.eta)) > 1e-7)  # y differs from eta: the test can fail
    h = hists["y_mu"]
    check(result, h.name, sample, *_per_object(y, w), h.bins, h.start, h.stop)

    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    has = ak.to_numpy(ak.num(jet) >= 1)
    lead = jet[has][:, 0]
    y = ak.to_numpy(_rapidity(lead))
    assert (abs(y - ak.to_numpy(_f64(lead.eta))) > 0.01).any()  # massive jets: y != eta
    h = hists["y_jet"]
    check(result, h.name, sample, y, w[has], h.bins, h.start, h.stop)


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_transverse_energy_matches_the_reference(derived_run, demo_data, sample):
    hists, result = derived_run
    ev = read(demo_data, sample)
    w = weights(sample, ev)
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    pt, eta, mass = _f64(jet.pt), _f64(jet.eta), _f64(jet.mass)
    e = np.sqrt((pt * np.cosh(eta)) ** 2 + mass**2)
    et = e * pt / (pt * np.cosh(eta))  # E pT / |p|
    assert ak.any(et - pt > 0.1)  # E_T differs from pT: the test can fail
    h = hists["et_jet"]
    check(result, h.name, sample, *_per_object(et, w), h.bins, h.start, h.stop)


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_raw_jet_pt_matches_the_reference(derived_run, demo_data, sample):
    hists, result = derived_run
    ev = read(demo_data, sample)
    w = weights(sample, ev)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    has = ak.to_numpy(ak.num(jet) >= 1)
    lead = jet[has][:, 0]
    raw = ak.to_numpy(_f64(lead.pt) * (1 - _f64(lead.rawFactor)))
    assert (abs(raw - ak.to_numpy(lead.pt)) > 0.5).any()  # raw differs: the test can fail
    h = hists["raw_jet"]
    check(result, h.name, sample, raw, w[has], h.bins, h.start, h.stop)


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_jet_fractions_match_the_reference(derived_run, demo_data, sample):
    hists, result = derived_run
    ev = read(demo_data, sample)
    w = weights(sample, ev)
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    emf = _f64(jet.chEmEF) + _f64(jet.neEmEF)
    assert ak.any((jet.chEmEF > 0.01) & (jet.neEmEF > 0.01))  # both parts count
    h = hists["emf"]
    check(result, h.name, sample, *_per_object(emf, w), h.bins, h.start, h.stop)
    h = hists["chhef"]
    check(result, h.name, sample, *_per_object(jet.chHEF, w), h.bins, h.start, h.stop)


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_calo_met_matches_the_reference(derived_run, demo_data, sample):
    import uproot

    from tests.test_physics import FILES

    hists, result = derived_run
    ev = read(demo_data, sample)
    w = weights(sample, ev)
    with uproot.open(demo_data / FILES[sample]) as f:
        calo = f["Events"].arrays(["CaloMET_pt", "CaloMET_phi", "MET_pt"])
    assert (ak.to_numpy(calo.CaloMET_pt) != ak.to_numpy(calo.MET_pt)).any()  # not the PF MET
    h = hists["calo"]
    check(result, h.name, sample, ak.to_numpy(calo.CaloMET_pt), w, h.bins, h.start, h.stop)

    mu = coll(ev, "Muon")
    mu = sorted_by_pt(
        mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    has = ak.to_numpy(ak.num(mu) >= 1)
    lead = mu[has][:, 0]
    met_pt, met_phi = calo.CaloMET_pt[has], calo.CaloMET_phi[has]
    dphi = np.mod(lead.phi - met_phi + np.pi, 2 * np.pi) - np.pi
    mt = ak.to_numpy(np.sqrt(2 * lead.pt * met_pt * (1 - np.cos(dphi))))
    h = hists["mt_calo"]
    check(result, h.name, sample, mt, w[has], h.bins, h.start, h.stop)
