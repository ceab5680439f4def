"""Session 28: what the plan does with the data's luminosity sections is said, and asked for.

No certified-luminosity mask (golden JSON) is applied to data: no certification file ships with
ChatHEP and a catalog entry cannot name one. That is a default the plan did not state, and a
request for the mask ("with the golden JSON applied") was asked only as an unplaced word
('json'). Now every plan with data says that every event of the data files is used, a request
for the mask gets a question that says why, and "without the golden JSON" is read.
"""

from __future__ import annotations

import pytest

from chathep.planner.data_stream import NO_LUMI_MASK_NOTE
from tests.test_planner_s26 import _plan


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass in 2018 data",
        "the dimuon mass in data and DY MC",
        "data/MC comparison of the leading muon pT",
    ],
)
def test_a_plan_with_data_says_no_lumi_mask_is_applied(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert NO_LUMI_MASK_NOTE in plan.notes


@pytest.mark.parametrize("text", ["the dimuon mass in DY MC", "the leading jet pT in ttbar"])
def test_a_plan_without_data_does_not(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert NO_LUMI_MASK_NOTE not in plan.notes


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("dimuon mass in data with the golden JSON applied", "the golden json applied"),
        ("dimuon mass in data, certified lumi sections only", "certified lumi sections only"),
        ("the dimuon mass in 2018 data with a lumi mask", "lumi mask"),
        ("the dimuon mass, data vs MC, good run list applied", "good run list applied"),
        ("dimuon mass in data after the luminosity masking", "luminosity masking"),
    ],
)
def test_a_lumi_mask_is_asked_for_with_the_reason(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert f"'{said}'" in plan.question
    assert "certified luminosity sections" in plan.question
    assert "without the golden JSON" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "dimuon mass in data without the golden JSON",
        "the dimuon mass in 2018 data, no lumi mask",
    ],
)
def test_no_lumi_mask_said_by_the_user_is_read(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == ("dimuon", "mass")
    assert NO_LUMI_MASK_NOTE in plan.notes


# --- NanoAOD FatJet branch names and tagger outputs ------------------------------------------
# "FatJet_msoftdrop" (and FatJet_pt, ...) asked "What should I plot?": the branch rules knew
# Muon/Electron/Jet/Photon/Tau only. "msoftdrop" alone (the field's own name) was not read.
# A tagger or MVA ID output named by its branch was asked for a range.


def _plotted(plan):
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    source = next(o for o in plan.spec.objects if o.name == obs.of).source
    return source, obs.field, obs.index


@pytest.mark.parametrize(
    ("text", "field", "index"),
    [
        ("plot FatJet_pt", "pt", None),
        ("FatJet_eta in ttbar", "eta", None),
        ("plot FatJet_msoftdrop", "msoftdrop", None),
        ("Will look at msoftdrop", "msoftdrop", None),
        ("the msoftdrop of the fat jets", "msoftdrop", None),
        ("FatJet_msoftdrop of the leading fat jet", "msoftdrop", 0),
        ("plot FatJet_tau21", "tau21", None),
    ],
)
def test_fatjet_branch_names_are_read(catalog, text, field, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _plotted(plan) == ("FatJet", field, index)


@pytest.mark.parametrize(
    ("collection", "field", "expected"),
    [
        ("Electron", "mvaFall17V2Iso", (-1.0, 1.0)),  # a BDT score
        ("Photon", "mvaID", (-1.0, 1.0)),
        ("Muon", "mvaTTH", (-1.0, 1.0)),
        ("Tau", "rawMVAoldDM2017v2", (-1.0, 1.0)),  # an MVA's raw output
        ("Jet", "qgl", (0.0, 1.0)),  # a likelihood discriminator
        ("Jet", "btagDeepFlavCvL", (0.0, 1.0)),
        ("FatJet", "deepTagMD_WvsQCD", (0.0, 1.0)),
        ("Tau", "rawDeepTau2017v2p1VSjet", (0.0, 1.0)),
        ("FatJet", "btagHbb", (-1.0, 1.0)),  # the double-b BDT, documented as a discriminator
        ("Photon", "hoe", None),  # not a tagger output: no range chosen
        ("Tau", "decayMode", None),  # an integer
    ],
)
def test_tagger_output_ranges_from_the_documentation(collection, field, expected):
    from chathep.registry import fields

    assert fields.score_range(collection, field) == expected


@pytest.mark.parametrize(
    ("text", "bins", "start", "stop"),
    [
        ("plot Jet_qgl", 20, 0.0, 1.0),
        ("plot Electron_mvaFall17V2Iso", 20, -1.0, 1.0),
        ("plot Tau_decayMode", 12, -0.5, 11.5),  # 0-2, 5-7, 10-11: one bin per value
        ("plot Jet_hadronFlavour in DY MC", 6, -0.5, 5.5),  # 0, 4, 5
    ],
)
def test_tagger_outputs_and_integer_codes_get_a_stated_range(catalog, text, bins, start, stop):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (bins, start, stop)
    assert f"binning: {bins} bins from {start:g} to {stop:g}" in "; ".join(plan.defaults)


_RUN = {
    "sd": "ttbar MC: FatJet_msoftdrop of the leading fat jet",
    "cvl": "ttbar MC: Jet_btagDeepFlavCvL",
}


@pytest.fixture(scope="module")
def branch_run(tmp_path_factory):
    from tests.test_physics import TT
    from tests.test_planner_s26 import _run_texts

    return _run_texts(_RUN, tmp_path_factory, "s28", TT)


def test_the_fatjet_and_tagger_branches_match_the_reference(branch_run, demo_data):
    import awkward as ak
    import numpy as np
    import uproot

    from tests._planned_run import sorted_by_pt
    from tests.test_physics import FILES, TT, check, coll, weights

    hists, result = branch_run
    with uproot.open(demo_data / FILES[TT]) as f:
        ev = f["Events"].arrays(
            filter_name=["FatJet_*", "Jet_*", "Muon_*", "Electron_*", "genWeight"], library="ak"
        )
    w = weights(TT, ev)

    fat = coll(ev, "FatJet")
    fat = sorted_by_pt(fat[(fat.pt > 200) & (abs(fat.eta) < 2.4) & (fat.jetId >= 2)])
    lead = ak.firsts(fat)
    has = ak.to_numpy(~ak.is_none(lead))
    assert has.sum() > 10
    h = hists["sd"]
    sd = ak.to_numpy(ak.fill_none(lead.msoftdrop, -1.0))
    check(result, h.name, TT, sd[has], w[has], h.bins, h.start, h.stop)

    # every selected jet (pT > 30, |eta| < 2.4, tight ID), cleaned against the selected leptons:
    # no lepton is selected by this request, so none
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    h = hists["cvl"]
    values = ak.to_numpy(ak.flatten(jet.btagDeepFlavCvL))
    per_jet = np.repeat(w, ak.to_numpy(ak.num(jet)))
    check(result, h.name, TT, values, per_jet, h.bins, h.start, h.stop)


# --- a cut on the transverse mass of a lepton and the MET ------------------------------------
# "events with mT(muon, MET) > 50 GeV" was read as MET > 50 GeV (the MET rule took "MET) > 50");
# "mT(mu) > 50 GeV" as the muons' pT > 50 GeV, silently. The transverse mass of the leading
# object and the MET (the quantity the plan plots for "mT") is now an event cut, stated; an
# mT whose objects are not read stays asked, never the MET's cut.


def _mt_steps(plan):
    out = []
    for s in plan.spec.selection:
        obs = plan.spec.observable(s.observable) if s.observable else None
        if obs is not None and obs.kind == "mt":
            source = next(o for o in plan.spec.objects if o.name == obs.of).source
            out.append((source, s.op, s.value))
    return out


def _met_cuts(plan):
    return [
        s
        for s in plan.spec.selection
        if s.observable and plan.spec.observable(s.observable).kind == "met"
    ]


@pytest.mark.parametrize(
    ("text", "source", "op", "value"),
    [
        ("the muon pT for events with mT(muon, MET) > 50 GeV", "Muon", ">", 50.0),
        ("the MET with mT(muon, MET) < 40 GeV", "Muon", "<", 40.0),
        ("the muon pT for events with mT(mu) > 50 GeV", "Muon", ">", 50.0),
        ("muon pT with M_T(μ,E_T^miss) > 50 GeV", "Muon", ">", 50.0),
        ("the electron pT for events with mT(e, MET) > 50 GeV", "Electron", ">", 50.0),
        ("the muon pT for events with the transverse mass of the muon and the MET above 50 GeV",
         "Muon", ">", 50.0),
        ("the MET when the muon-MET transverse mass is below 40 GeV", "Muon", "<", 40.0),
        ("the leading jet pT in events with one muon and mT(mu, MET) > 50 GeV", "Muon", ">", 50.0),
        # asked before (tests/test_planner_cond14.py, test_planner_wording.py): now read
        ("the dimuon pT for events with the transverse mass of the leading muon and MET at "
         "least 60", "Muon", ">=", 60.0),
        ("plot the light lepton eta for every light lepton for events with a dimuon mass between "
         "60 and 120 GeV requiring the mT of the leading muon and the MET to be more than 40 GeV",
         "Muon", ">", 40.0),
        ("muon pT for events with the transverse mass of the muon and MET below 30 GeV",
         "Muon", "<", 30.0),
    ],
)  # fmt: skip
def test_a_transverse_mass_cut_is_an_event_cut_on_it(catalog, text, source, op, value):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _mt_steps(plan) == [(source, op, value)]
    assert not _met_cuts(plan)  # never a cut on the MET itself
    for o in plan.spec.objects:  # never the objects' pT cut
        assert all(c.value < value for c in o.cuts if c.field == "pt" and c.op in (">", ">="))
    assert any("transverse mass of the leading" in d for d in plan.defaults)


def test_the_plot_stays_the_quantity_named(catalog):
    # "the MET with mT(...) < 40": the MET is plotted (was: the transverse mass)
    plan = _plan("the MET with mT(muon, MET) < 40 GeV", catalog)
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind == "met"
    both = _plan("the muon pT for events with mT(mu, MET) > 50 GeV and MET > 30 GeV", catalog)
    assert both.ok, both.question
    assert _mt_steps(both) == [("Muon", ">", 50.0)]
    assert [(s.op, s.value) for s in _met_cuts(both)] == [(">", 30.0)]


@pytest.mark.parametrize(
    "text",
    [
        "muon pT with mT(W) > 50 GeV",  # which objects: not read
        "the muon pT for events with mT above 50 GeV",
        "the muon pT, mT(mu, MET) > 50 GeV",  # a terse list: asked, never the MET's cut
    ],
)
def test_a_transverse_mass_cut_not_read_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "transverse mass" in plan.question or "'w'" in plan.question


_MT_RUN = {"mt": "DY MC: the muon pT for events with mT(mu, MET) > 30 GeV"}


@pytest.fixture(scope="module")
def mt_run(tmp_path_factory):
    from tests.test_physics import DY
    from tests.test_planner_s26 import _run_texts

    return _run_texts(_MT_RUN, tmp_path_factory, "s28mt", DY)


def test_the_transverse_mass_cut_matches_the_reference(mt_run, demo_data):
    import awkward as ak
    import numpy as np
    import uproot

    from tests._planned_run import muon_jet_events, sorted_by_pt
    from tests.test_physics import DY, FILES, check, coll, weights

    hists, result = mt_run
    ev = muon_jet_events(demo_data, DY)
    w = weights(DY, ev)
    with uproot.open(demo_data / FILES[DY]) as f:
        met_phi = ak.to_numpy(f["Events"]["MET_phi"].array(library="ak"))
    met = ak.to_numpy(ev.MET_pt)
    mu = coll(ev, "Muon")
    mu = sorted_by_pt(
        mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    lead = ak.firsts(mu)
    pt = ak.to_numpy(ak.fill_none(lead.pt, 0.0))
    phi = ak.to_numpy(ak.fill_none(lead.phi, 0.0))
    mt = np.sqrt(2 * pt * met * (1 - np.cos(phi - met_phi)))
    sel = ak.to_numpy(ak.num(mu) >= 1) & (mt > 30)
    assert 0 < sel.sum() < ak.to_numpy(ak.num(mu) >= 1).sum()  # the cut removes some events
    h = hists["mt"]
    values = ak.to_numpy(ak.flatten(mu.pt[sel]))
    per_muon = np.repeat(w[sel], ak.to_numpy(ak.num(mu[sel])))
    check(result, h.name, DY, values, per_muon, h.bins, h.start, h.stop)


# --- a notation sweep of conditions: thresholds of a quantity no rule read ---------------------
# A bare threshold ("> 300 GeV") was read as the pT of the nearest objects whatever stood before
# it: "the leading electron pT in events with ST > 300 GeV" cut every electron at 300 GeV;
# "pT(jj) > 100 GeV" was a MET cut; "|m_ll - m_Z| > 15 GeV" a lepton pT cut (and a Z window);
# "m(ll) < 76 GeV or > 106 GeV" and "m(ll) > 76 GeV and < 106 GeV" cut the leptons' pT at 106;
# "m(mu, mu) > 60 GeV" and "m(e, e) > 60 GeV" cut the muons' (electrons') pT ("e)" was taken as
# a list label); "pt_mu1 > 30 GeV" the plotted electrons' pT. All silently.


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the leading electron pT in events with ST > 300 GeV", "'st'"),
        ("the leading electron pT in events with S_T above 300 GeV", "'s_t'"),
        ("the leading electron pT in events with M_eff > 300 GeV", "'m_eff'"),
        ("the MET in events with |m_ll - m_Z| > 15 GeV", "dilepton mass - z mass"),
        ("the MET in events with m(ll) < 76 GeV or > 106 GeV", "'or'"),
        ("the MET in events with m(ll) > 76 GeV and < 106 GeV", "'mass'"),
        ("the MET in events with HT > 300 GeV and < 600 GeV", "'ht'"),
        # the 2e2mu mass (was: any four leptons, or the e-mu pair: see the section below)
        ("plot m(eeμμ) in ttbar", "2e2mu final state"),
        ("plot m(μμee)", "2e2mu final state"),
        ("plot m_eemumu in DY", "2e2mu final state"),
        ("plot m(e e mu mu)", "2e2mu final state"),
        ("plot m(e,e,mu,mu)", "2e2mu final state"),
        ("plot m_{ee mu mu}", "2e2mu final state"),
        # a b-tag on a ranked jet (was: a b-jet anywhere: see the section below)
        ("the MET in ttbar events with the leading jet b-tagged", "on a ranked jet"),
        ("the MET in ttbar events where the two leading jets are b-tagged", "on a ranked jet"),
        ("the MET in ttbar with both leading jets b-tagged", "on a ranked jet"),
    ],
)
def test_what_cannot_be_planned_is_asked_with_the_reason(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    assert said in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "the MET in events with muons with pT > 20 GeV and < 100 GeV",
        "the MET in events with jets above 30 GeV and below 100 GeV",
        "the MET in events with jets (AK4) above 30 GeV",
        "jets with |eta| under 2.5 and more than 25 GeV: their pT in ttbar",
        "the leading electron pT in events with > 300 GeV",
    ],
)
def test_a_threshold_after_its_objects_stays_their_pt(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert any(c.field == "pt" for o in plan.spec.objects for c in o.cuts)


@pytest.mark.parametrize(
    ("text", "collection"),
    [
        ("the leading electron pT in events with m(mu,mu) > 60 GeV", "Muon"),
        ("the leading electron pT in events with m(mu, mu) > 60 GeV", "Muon"),
        ("the leading electron pT in events with M(μ,μ) > 60 GeV", "Muon"),
        ("the leading muon pT in events with m(e,e) > 60 GeV", "Electron"),
        ("the leading muon pT in events with m(e, e) > 60 GeV", "Electron"),
        ("the MET in events with m(γ,γ) > 60 GeV", "Photon"),
    ],
)
def test_a_pair_mass_written_with_a_comma_is_the_pair_window(catalog, text, collection):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (window,) = [c for c in plan.spec.combinations if c.mass_min == 60.0]
    sources = {o.name: o.source for o in plan.spec.objects}
    assert {sources[n] for n in window.inputs} == {collection}
    for o in plan.spec.objects:  # never the objects' pT
        assert all(c.value < 60 for c in o.cuts if c.field == "pt")


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("the MET in events with pT(jj) > 100 GeV", "dijet"),
        ("the MET in events with pT(j,j) > 100 GeV", "dijet"),
        ("the MET in events with pT(e,e) > 100 GeV", "dielectron"),
        ("the MET in events with pT(γγ) > 100 GeV", "diphoton"),
    ],
)
def test_a_pair_pt_written_as_a_function_is_that_pairs_cut(catalog, text, pair):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    steps = [
        plan.spec.observable(s.observable)
        for s in plan.spec.selection
        if s.observable and s.value == 100.0
    ]
    assert [(o.of, o.field) for o in steps] == [(pair, "pt")]
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind == "met"


@pytest.mark.parametrize(
    ("text", "collection", "index"),
    [
        ("the leading electron pT in events with pt_mu1 > 30 GeV", "Muon", 0),
        ("the leading electron pT in events with ptmu1 > 30 GeV", "Muon", 0),
        ("the leading electron pT in events with pt_jet2 > 30 GeV", "Jet", 1),
    ],
)
def test_a_ranked_name_with_the_quantity_first_is_that_objects_cut(
    catalog, text, collection, index
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    sources = {o.name: o.source for o in plan.spec.objects}
    cut = [
        plan.spec.observable(s.observable)
        for s in plan.spec.selection
        if s.observable and s.value == 30.0
    ]
    assert [(sources[o.of], o.field, o.index) for o in cut] == [(collection, "pt", index)]
    electrons = next(o for o in plan.spec.objects if o.source == "Electron")
    assert all(c.value == 20.0 for c in electrons.cuts if c.field == "pt")


def test_a_list_label_is_not_a_functions_last_argument(catalog):
    # "(a) the MET distribution, b) the HT": still two list items
    plan = _plan("Plot (a) the MET distribution, b) the HT", catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2


# --- four-lepton subscripts and doubled particle symbols ----------------------------------
# "m(eeμμ)" (and "m_eemumu") was the mass of any four leptons (4e and 4mu included), silently:
# the 2e2mu final state cannot be selected and is asked. "m(mu mu)" lost a "mu" to the typo
# rule for doubled words (one muon's mass), and "m(e e mu mu)" became the e-mu pair's mass.


@pytest.mark.parametrize(
    ("text", "pair"),
    [("plot m(mu mu)", "dimuon"), ("plot m(mu, mu)", "dimuon"), ("the tau tau mass", "ditau")],
)
def test_two_particle_symbols_are_a_pair(catalog, text, pair):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == (pair, "mass")


def test_four_alike_leptons_stay_read(catalog):
    plan = _plan("plot m(μμμμ)", catalog)
    assert plan.ok, plan.question
    (combo,) = plan.spec.combinations
    assert combo.size == 4
    sources = {o.name: o.source for o in plan.spec.objects}
    assert {sources[n] for n in combo.inputs} == {"Muon"}


# --- object definitions written as analysts write them --------------------------------------
# "PF isolation < 0.25 (loose)" gave the muons the loose ID (as if asked for), the label being
# the isolation's; "jets with dR(j, l) > 0.4" required a muon and cut on the leading jet and
# the leading muon; "jets passing the tight lepton veto" vetoed leptons and kept jetId >= 2.
# All without a word.


def _cuts(plan, source):
    obj = next(o for o in plan.spec.objects if o.source == source)
    return {(c.field, c.op, c.value) for c in obj.cuts}


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("the dimuon mass for muons with PF isolation < 0.25 (loose)", 0.25),
        ("the dimuon mass for muons with relIso < 0.25 (loose WP)", 0.25),
        ("the dimuon mass for muons with isolation < 0.15 (tight)", 0.15),
    ],
)
def test_an_isolation_label_after_its_cut_is_not_the_id(catalog, text, iso):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan, "Muon")
    assert ("pfRelIso04_all", "<", iso) in cuts
    assert ("tightId", "==", True) in cuts and not any(f == "looseId" for f, _, _ in cuts)
    assert any("tight ID" in d for d in plan.defaults)  # the ID is the default, said


@pytest.mark.parametrize(
    ("text", "against", "dr"),
    [
        ("the leading jet pT in ttbar for jets with ΔR(j, ℓ) > 0.4", {"muons", "electrons"}, 0.4),
        ("the leading jet pT in ttbar for jets with ΔR(j,μ)>0.4", {"muons"}, 0.4),
        ("the leading jet pT in ttbar for jets with dR(jet, electron) > 0.3", {"electrons"}, 0.3),
    ],
)
def test_jets_with_an_angle_to_other_objects_are_cleaned(catalog, text, against, dr):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    jets = next(o for o in plan.spec.objects if o.source == "Jet")
    assert {(c.against, c.dr) for c in jets.clean_against} == {(a, dr) for a in against}
    assert [s.name for s in plan.spec.selection] == [">= 1 jets"]  # nothing else required


def test_an_angle_cut_in_events_stays_an_event_cut(catalog):
    plan = _plan("the leading jet pT in events with ΔR(j1, μ1) > 0.4", catalog)
    assert plan.ok, plan.question
    kinds = [plan.spec.observable(s.observable).kind for s in plan.spec.selection if s.observable]
    assert kinds == ["delta_r"]


@pytest.mark.parametrize(
    "text",
    [
        "the leading jet pT in ttbar for jets with tight lepton veto ID",
        "the leading jet pT in ttbar for jets passing the tight lepton veto",
    ],
)
def test_the_tight_lepton_veto_is_the_jet_id(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert ("jetId", ">=", 6) in _cuts(plan, "Jet")
    assert {o.source for o in plan.spec.objects} == {"Jet"}  # no lepton veto


# --- "e/mu" and a b-tag on a ranked jet ------------------------------------------------------
# "e/μ with pT > 25 GeV" (an electron or a muon) was the e-mu pair with pair pT > 25 GeV; "with
# the leading jet b-tagged" required a b-tagged jet anywhere. Both silently.


@pytest.mark.parametrize(
    "text",
    [
        "the MET in ttbar events with e/μ with pT > 25 GeV",
        "the MET in ttbar events with one e/mu above 25 GeV",
    ],
)
def test_e_slash_mu_is_an_electron_or_a_muon(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert not plan.spec.combinations  # no e-mu pair
    assert ("pt", ">", 25.0) in _cuts(plan, "Muon") and ("pt", ">", 25.0) in _cuts(plan, "Electron")
    assert any(o.merge for o in plan.spec.objects)  # the light leptons


def test_an_e_mu_pair_stays_the_pair(catalog):
    plan = _plan("the MET in ttbar events with an e-mu pair", catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert len(pair.inputs) == 2


def test_the_leading_btagged_jet_stays_read(catalog):
    plan = _plan("the MET in ttbar events with the leading b-tagged jet above 50 GeV", catalog)
    assert plan.ok, plan.question


@pytest.mark.parametrize(
    ("text", "kind"), [("the number of PVs", "npv"), ("the number of good PVs in DY", "npv")]
)
def test_pvs_are_primary_vertices(catalog, text, kind):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind == kind


# --- a follow-up requirement that would replace the plot -------------------------------------
# After "the dimuon mass in DY", "now require the dielectron mass above 60 GeV" plotted the
# dielectron mass (said only as "Switched from muon to electron"); "now require the dijet mass
# above 500 GeV" plotted the dijet mass. A follow-up changes only what it names: asked.


def _followup(catalog, first, then):
    from chathep.planner import plan_request

    before = plan_request(first, catalog, mode="parser", check_files=False)
    assert before.ok, before.question
    return plan_request(then, catalog, mode="parser", check_files=False, previous=before)


@pytest.mark.parametrize(
    "then",
    [
        "now require the dielectron mass above 60 GeV",
        "now require m(e,e) > 60 GeV",
        "add a requirement: dielectron mass > 60 GeV",
        "now require the dijet mass above 500 GeV",
    ],
)
def test_a_followup_requirement_never_replaces_the_plot(catalog, then):
    plan = _followup(catalog, "the dimuon mass in DY", then)
    assert not plan.ok, plan.describe(catalog)
    assert "replace the plot of muon pairs" in plan.question


@pytest.mark.parametrize(
    ("then", "kind"),
    [
        ("now require HT > 300 GeV", "ht"),
        ("now require mT(mu, MET) < 40 GeV", "mt"),
        ("require pT(jj) > 100 GeV", "field"),
        ("also require m(mu,mu) < 120 GeV", "field"),
    ],
)
def test_a_followup_requirement_keeps_the_plot(catalog, then, kind):
    plan = _followup(catalog, "the dimuon mass in DY", then)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == ("dimuon", "mass")
    added = plan.spec.observable(plan.spec.selection[-1].observable)
    assert added.kind == kind


@pytest.mark.parametrize(
    ("then", "pair"),
    [("now the dielectron mass instead", "dielectron"), ("add the electrons", "dilepton")],
)
def test_a_followup_that_changes_the_plot_on_purpose_still_does(catalog, then, pair):
    plan = _followup(catalog, "the dimuon mass in DY", then)
    assert plan.ok, plan.question
    assert plan.spec.observable(plan.spec.histograms[0].observable).of == pair
