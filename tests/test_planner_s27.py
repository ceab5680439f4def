"""Session 27: the cut on the smallest |delta phi| between the MET and the jets.

"min delta phi(jets, MET) > 0.4" is the usual cut against mismeasured jets in MET analyses. It was
asked (session 26 read only its plot). It is now an event step on the plan's own jets, over every
selected jet or up to the N leading ones ("min Δφ(j_{1-4}, MET) > 0.5", "delta phi between each
of the 4 leading jets and the MET above 0.5"), said in the plan. The plot of the angle over "the
4 leading jets" takes up to 4 (the usual convention); before, an event with fewer than 4 jets
had no entry.

Asserted on the planner's reading, and in one sandboxed run against hand-written
uproot/awkward references on the demo ttbar file (nothing from chathep in them).
"""

from __future__ import annotations

import awkward as ak
import pytest

from tests._planned_run import muon_jet_events, sorted_by_pt
from tests.test_physics import DY, TT, check, coll, dphi, weights
from tests.test_planner_s26 import _plan, _run_texts


def _met_angle_steps(plan):
    """(reduce, first, op, value) of each selection step on a min/max angle to the MET."""
    out = []
    for s in plan.spec.selection:
        obs = plan.spec.observable(s.observable) if s.observable else None
        if obs is not None and obs.kind == "delta_phi" and obs.other == "met" and obs.reduce:
            out.append((obs.reduce, obs.of, obs.first, s.op, s.value))
    return out


@pytest.mark.parametrize(
    ("text", "first", "op", "value"),
    [
        ("the MET in events with min delta phi between the jets and the MET above 0.4",
         None, ">", 0.4),
        ("MET for events with the minimum delta phi between the MET and the 4 leading jets > 0.5",
         4, ">", 0.5),
        ("missing ET with min Δφ(jet, MET) > 0.4", None, ">", 0.4),
        ("MET in ttbar with min dphi(jets, met) > 0.4", None, ">", 0.4),
        ("the MET in ttbar with min Δφ(j_{1-4}, MET) > 0.5", 4, ">", 0.5),
        ("the HT for events with min |Δφ(MET, jets)| > 0.5", None, ">", 0.5),
        ("the MET in events with the minimum |delta phi| between the MET and the two leading "
         "jets below 0.4", 2, "<", 0.4),
        ("plot the leading jet pT requiring mindphi between met and jets greater than 0.3",
         None, ">", 0.3),
        ("the MET, requiring delta phi between each of the 4 leading jets and the MET above 0.5",
         4, ">", 0.5),
        ("MET in ttbar where |delta phi| between every jet and the MET is above 0.3",
         None, ">", 0.3),
    ],
)  # fmt: skip
def test_a_cut_on_the_minimum_delta_phi_to_the_met_is_an_event_step(
    catalog, text, first, op, value
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _met_angle_steps(plan) == [("min", "jets", first, op, value)]
    said = " ".join(plan.defaults)
    assert "events without any fail" in said
    if first:
        assert f"up to the {first} leading jets" in said


def test_the_plot_of_the_angle_itself_is_not_a_cut(catalog):
    plan = _plan("ttbar MC: min Δφ(j_{1-4}, MET)", catalog)
    assert plan.ok, plan.question
    assert _met_angle_steps(plan) == []
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.other, obs.reduce, obs.first) == ("delta_phi", "met", "min", 4)


_RUN = {
    "all": "ttbar MC: the MET in events with min delta phi between the jets and the MET above 0.5",
    "n2": "ttbar MC: the MET, requiring delta phi between each of the 2 leading jets and the MET "
    "above 1",
}


@pytest.fixture(scope="module")
def cut_run(tmp_path_factory):
    return _run_texts(_RUN, tmp_path_factory, "s27", TT)


def test_the_minimum_delta_phi_cuts_match_the_reference(cut_run, demo_data):
    import uproot

    from tests.test_physics import FILES

    hists, result = cut_run
    ev = muon_jet_events(demo_data, TT)
    w = weights(TT, ev)
    with uproot.open(demo_data / FILES[TT]) as f:
        met_phi = f["Events"]["MET_phi"].array(library="ak")
    met = ak.to_numpy(ev.MET_pt)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    angle = abs(dphi(jet.phi, met_phi))
    some = ak.to_numpy(ak.num(jet) >= 1)

    # all: every selected jet at least 0.5 away from the MET; events without jets fail
    smallest = ak.to_numpy(ak.fill_none(ak.min(angle, axis=1), -1.0))
    sel = some & (smallest > 0.5)
    assert 0 < sel.sum() < some.sum()
    h = hists["all"]
    check(result, h.name, TT, met[sel], w[sel], h.bins, h.start, h.stop)

    # n2: the (up to) two leading jets at least 1 away; a third jet closer does not matter
    lead2 = ak.to_numpy(ak.fill_none(ak.min(angle[:, :2], axis=1), -1.0))
    sel2 = some & (lead2 > 1)
    assert 0 < sel2.sum() < some.sum()
    assert (sel2 & ~sel).sum() > 0  # the two cuts differ on this file
    h = hists["n2"]
    check(result, h.name, TT, met[sel2], w[sel2], h.bins, h.start, h.stop)


# --- jets cleaned against the selected photons and taus -------------------------------------
# A NanoAOD jet is clustered from every particle: an isolated photon or tau is a jet too. "Jets
# cleaned against the photon" selected the photons and left the jets uncleaned, silently (on
# the demo DY file 14 of its 36 selected jets lie within 0.4 of a photon above 20 GeV).


def _cleaning(plan, name="jets"):
    obj = next(o for o in plan.spec.objects if o.name == name)
    return {(c.against, c.dr) for c in obj.clean_against}


@pytest.mark.parametrize(
    ("text", "against"),
    [
        ("the leading jet pT in events with one photon above 100 GeV, jets cleaned against the "
         "photon", {("photons", 0.4)}),
        ("the number of jets in events with a tau", {("taus", 0.4)}),
        ("jet pT for jets with delta R > 0.5 from the photons, in events with a photon",
         {("photons", 0.5)}),
        ("the number of jets in events with a muon and a photon",
         {("muons", 0.4), ("photons", 0.4)}),
    ],
)  # fmt: skip
def test_jets_are_cleaned_against_the_selected_photons_and_taus(catalog, text, against):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _cleaning(plan) == against


def test_an_angle_between_a_jet_and_a_photon_leaves_the_jets_uncleaned(catalog):
    # else the plotted angle would be cut at 0.4 (as with the leptons), said
    plan = _plan("delta R between the leading jet and the leading photon", catalog)
    assert plan.ok, plan.question
    assert _cleaning(plan) == set()
    assert any("not cleaned against the leptons and photons" in d for d in plan.defaults)


_RUN_CLEAN = {
    "ph": "DY MC: the number of jets in events with a photon",
    "tau": "DY MC: the leading jet pT in events with a tau, jets cleaned against the taus",
}


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    hists, results = {}, {}
    for key, text in _RUN_CLEAN.items():  # two definitions of the jets: two runs
        h, r = _run_texts({key: text}, tmp_path_factory, key, DY)
        hists |= h
        results[key] = r
    return hists, results


def test_the_cleaned_jets_match_the_reference(clean_run, demo_data):
    import numpy as np
    import uproot

    from tests.test_physics import FILES, dr

    hists, results = clean_run
    with uproot.open(demo_data / FILES[DY]) as f:
        ev = f["Events"].arrays(
            filter_name=["Photon_*", "Tau_*", "Jet_*", "genWeight"], library="ak"
        )
    w = weights(DY, ev)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])

    def away(objects):
        pairs = ak.cartesian([jet, objects], nested=True)
        return jet[~ak.any(dr(pairs["0"], pairs["1"]) < 0.4, axis=2)]

    # ph: jets away from every photon (pT > 20, |eta| < 2.5), in events with a photon
    ph = coll(ev, "Photon")
    ph = ph[(ph.pt > 20) & (abs(ph.eta) < 2.5)]
    has = ak.to_numpy(ak.num(ph) >= 1)
    n = ak.to_numpy(ak.num(away(ph))).astype(float)
    assert (n[has] < ak.to_numpy(ak.num(jet))[has]).any()  # the cleaning matters here
    h = hists["ph"]
    check(results["ph"], h.name, DY, n[has], w[has], h.bins, h.start, h.stop)

    # tau: the leading jet away from every tau (pT > 20, |eta| < 2.3), in events with a tau
    tau = coll(ev, "Tau")
    tau = tau[(tau.pt > 20) & (abs(tau.eta) < 2.3)]
    lead = ak.firsts(away(tau))
    sel = ak.to_numpy((ak.num(tau) >= 1) & ~ak.is_none(lead))
    pt = ak.to_numpy(ak.fill_none(lead.pt, -1.0))
    assert not np.array_equal(pt[sel], ak.to_numpy(ak.fill_none(ak.firsts(jet).pt, -1.0))[sel])
    h = hists["tau"]
    check(results["tau"], h.name, DY, pt[sel], w[sel], h.bins, h.start, h.stop)


@pytest.mark.parametrize(
    ("text", "against"),
    [
        ("jet pT for jets with delta R > 0.5 from the muons, in events with a muon", "muons"),
        ("jet pT for jets with delta R > 0.5 from the photons, in events with a photon",
         "photons"),
    ],
)  # fmt: skip
def test_a_delta_r_from_other_objects_is_the_jets_cleaning_not_an_event_cut(catalog, text, against):
    # was: "delta R > 0.5" an event cut on the two leading jets, and "from the muons" taken by
    # the other mention of muons: a confident wrong plot
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _cleaning(plan) == {(against, 0.5)}
    assert not [s for s in plan.spec.selection if "delta" in s.name.lower()]
    assert not any(o.kind == "delta_r" for o in plan.spec.observables)


# --- readings from the session-27 tuning sets (probe28: code comments and histogram titles,
# probe29: commit subjects) ------------------------------------------------------------------


def test_soft_muons_are_the_soft_muon_id(catalog):
    # was: tight ID muons, "soft" taken as a size word beside the threshold
    plan = _plan("the pT of soft muons with pT above 5 GeV", catalog)
    assert plan.ok, plan.question
    cuts = {(c.field, c.op, c.value) for o in plan.spec.objects for c in o.cuts}
    assert ("softId", "==", True) in cuts
    assert any("'soft muons' read as muons passing the soft muon ID" in n for n in plan.notes)
    assert not any(c.field == "tightId" for o in plan.spec.objects for c in o.cuts)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # an E_T threshold read as a pT one
        ("number of jets with E_T > 30 GeV", "read as pT > 30 GeV"),
        ("; exclusive number of jets E_{T}>30 GeV ; A.U.", "read as pT > 30 GeV"),
        ("the number of jets with Et above 40 GeV", "read as pT > 40 GeV"),
        # which object an angle to the MET takes
        ("add DeltaPhi(lepton,MET) histogram", "of the leading lepton (one per event)"),
    ],
)
def test_readings_the_request_did_not_spell_out_are_said(catalog, text, said):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert any(said in n for n in plan.notes + plan.defaults)


@pytest.mark.parametrize(
    ("text", "observable"),
    [
        # a work log's verb before the histogram it made
        ("Added MET histograms", "met_pt"),
        ("added rapidity of mumu histos", "dimuon_rapidity"),
        ("Added npv distribution", "npv"),
        # ROOT's TLatex, a braced subscript, "M_inv", "1st"
        ("M_{inv}(#mu_{1}, #Mu_{2})", "dimuon_mass"),
        ("#Delta R between leading photon and 1st jet", None),
        ("the pT of the 1st jet", "lead_jets_pt"),
    ],
)
def test_work_log_verbs_tlatex_and_ordinals_are_read(catalog, text, observable):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    if observable is not None:
        assert plan.spec.histograms[0].observable == observable
    else:
        obs = plan.spec.observable(plan.spec.histograms[0].observable)
        assert (obs.kind, obs.of, obs.other) == ("delta_r", "photons", "jets")


def test_a_dark_matter_search_is_the_purpose_of_the_plot(catalog):
    plan = _plan("MET in a dark matter search", catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == "met_pt"


@pytest.mark.parametrize(
    ("text", "observable"),
    [
        ("M_{ll}(GeV/c^{2}), with MET > 30 GeV cut", "dilepton_mass"),
        ("Update mDiMu histograms to have 0.5 GeV bins", "dimuon_mass"),
        ("plot mZ", "dimuon_mass"),  # the Z candidate (its flavour chosen, said)
        # was: each jet's mass (the doubled word taken as a typo)
        ("the jet jet mass", "dijet_mass"),
        ("Reco muon Pt", "muons_pt"),
    ],
)
def test_units_short_masses_and_reco_are_read(catalog, text, observable):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == observable


def test_half_gev_bins_of_the_dimuon_mass(catalog):
    plan = _plan("Update mDiMu histograms to have 0.5 GeV bins", catalog)
    (h,) = plan.spec.histograms
    assert (h.stop - h.start) / h.bins == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("text", "inputs"),
    [
        ("add lepton photon mass", ["leptons", "photons"]),
        ("Add photon/electron combo mass", ["photons", "electrons"]),
    ],
)
def test_two_kinds_before_mass_are_their_leading_system(catalog, text, inputs):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.leading) == (inputs, 1)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the tau pT in DY", "no tau ID"),
        ("the photon pT in DY", "no photon ID"),
    ],
)
def test_no_default_id_of_photons_and_taus_is_said(catalog, text, said):
    # muons, electrons and jets get a default ID, said; photons and taus none, unsaid before
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert any(said in d for d in plan.defaults)
    assert not any(c.field.startswith(("cutBased", "idDeepTau")) for o in plan.spec.objects
                   for c in o.cuts)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["the photon pT in DY, no ID", "medium photons pT in DY", "the tau pT in DY, as written"],
)
def test_no_id_is_said_only_where_one_was_chosen_for_the_user(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert not any("no photon ID" in d or "no tau ID" in d for d in plan.defaults)


def test_a_data_mc_plan_without_a_trigger_says_so(catalog):
    # the DoubleMuon data passed the stream's triggers, the MC passed none: said, with a path
    plan = _plan("the dimuon mass in data and DY MC", catalog)
    assert plan.ok, plan.question
    (note,) = [n for n in plan.notes if n.startswith("Trigger: none is required")]
    assert "DoubleMuon stream" in note
    assert "HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8" in note
    # the path it offers is read as a trigger step
    again = _plan("require HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8 and plot the dimuon mass "
                  "in data and DY MC", catalog)  # fmt: skip
    assert again.ok, again.question
    assert again.spec.selection[0].triggers == ["HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8"]
    assert not any(n.startswith("Trigger: none") for n in again.notes)


@pytest.mark.parametrize("text", ["the dimuon mass in DY MC", "the dimuon mass in 2018 data"])
def test_no_trigger_note_without_data_and_mc(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert not any(n.startswith("Trigger: none") for n in plan.notes)


# --- asked, never guessed ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # every jet's angle *below* a value is the largest one below it: not the minimum
        ("MET in ttbar where delta phi between all jets and the MET is below 0.3", None),
        # which jet? (as before)
        ("the MET in events with delta phi(jet, MET) > 0.5", None),
        # a selection referred to, never given
        ("Step4: Make a choice, add the requirement, and then compute some MET-related plots",
         "add the requirement"),
        ("plot the MET and add the cut.", "add the cut"),
        # a family of quantities, not one
        ("jet-related variables in DY", "jet-related variables"),
        # "soft jets": the soft-activity jets or low-pT AK4 jets? (was: AK4 jets, "soft" taken
        # as a size word beside the threshold)
        ("Multiplicity of soft jets with p_{T} > 5 GeV", "soft"),
        ("the number of soft electrons with pT above 5 GeV", "soft"),
        # a dark photon is no photon (was: the photons' eta once "Added" was read; the diphoton
        # mass with "dark" listed as not used)
        ("Added new histogram: eta of dark photon", "dark"),
        ("the dark photon mass", "dark"),
        # a hadronic tau's mass, not a tau and jet system
        ("the tau jet mass", "tau jet mass"),
    ],
)  # fmt: skip
def test_asked(catalog, text, quoted):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert plan.question
    if quoted is not None:
        assert quoted in plan.question


@pytest.mark.parametrize(
    "text", ["leading jet E_{T}", "Leading Jet E_{T} Distribution, |#eta| < 2"]
)
def test_a_braced_e_t_is_the_transverse_energy(catalog, text):
    # "E_{T}" ends on a brace, where the pattern wanted a word boundary: it was asked
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field, obs.index) == ("jets", "transverse_energy", 0)
    assert plan.spec.title.startswith("Leading jet E_T")


def test_a_stated_cleaning_applied_to_more_collections_is_said(catalog):
    # the jets are cleaned against every selected lepton and photon; the request named only
    # the muons: said, never silent
    plan = _plan(
        "jet pT for jets with delta R > 0.5 from the muons, in events with a muon and a photon",
        catalog,
    )
    assert plan.ok, plan.question
    assert _cleaning(plan) == {("muons", 0.5), ("photons", 0.5)}
    assert any("cleaning is against all the selected muons and photons" in d for d in plan.defaults)
