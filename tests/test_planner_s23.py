"""Session 23: the hadronic-tau ID (DeepTau against jets), "no other selection" after event
cuts only, "such jets", cut-based ID wordings, "$N_{\\tau_h}$" (issue #12)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.catalog import default_catalog
from chathep.errors import SpecError
from chathep.planner import working_points
from chathep.planner.draft import TauWorkingPoint
from chathep.planner.planner import plan_request
from chathep.registry.objects import TAU_DEEPTAU_WPS
from tests._planned_run import run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, FILES, check, coll, weights


def _plan(text: str, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _cuts(plan, name):
    return [(c.field, c.op, c.value, c.bit) for c in plan.spec.object(name).cuts]


# --- DeepTau against jets ------------------------------------------------------------------------
def test_the_draft_tau_working_points_are_the_registry_s() -> None:
    assert get_args(TauWorkingPoint) == TAU_DEEPTAU_WPS


@pytest.mark.parametrize(
    "text",
    [
        "DY MC: n taus passing DeepTau VSjet Medium, no pt/eta cut, nothing else",
        "Could you please histogram the number of taus per event in the Drell-Yan simulation "
        "that pass the Medium working point of DeepTau against jets? Please apply no pT or eta "
        "cut and no other tau requirement.",
        "How many taus per event pass DeepTau vs-jet Medium in DY Monte Carlo, if there is no pT "
        "or eta cut and no other requirement on the taus?",
        r"$N_{\tau_h}$ per event, $\tau_h$: DeepTau $D_{\mathrm{jet}}$ Medium WP, no $p_T$ or "
        r"$|\eta|$ cut, no other ID; DY MC",
    ],
)
def test_deeptau_medium_is_bit_4_of_the_run2_bitmask_and_nothing_else(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == "n_taus"
    assert _cuts(plan, "taus") == [("idDeepTau2017v2p1VSjet", "==", True, 4)]
    assert not plan.spec.selection  # every event, those without a tau too


@pytest.mark.parametrize(
    ("words", "wp"),
    [
        ("DeepTau VSjet VVVLoose", "vvvloose"),
        ("DeepTau vs jets VLoose", "vloose"),
        ("the Tight working point of DeepTau against jets", "tight"),
        ("byVTightDeepTau2017v2p1VSjet", "vtight"),
        ("VVTight DeepTau", "vvtight"),
    ],
)
def test_each_deeptau_working_point_is_its_own_bit(catalog, words, wp):
    plan = _plan(f"leading tau pT in DY MC for taus passing {words}", catalog)
    assert plan.ok, plan.question
    index = TAU_DEEPTAU_WPS.index(wp)
    assert ("idDeepTau2017v2p1VSjet", "==", True, index) in _cuts(plan, "taus")
    assert ("pt", ">", 20.0, None) in _cuts(plan, "taus")  # the defaults stay, listed
    chosen = plan.describe(catalog)
    assert f"bit {index} (value {2**index}) of the Tau_idDeepTau2017v2p1VSjet bitmask" in chosen


def test_run3_deeptau_is_the_index_branch(catalog):
    plan = _plan("leading tau pT in ttbar MC, DeepTau VSjet Tight taus", catalog)
    assert plan.ok, plan.question
    assert ("idDeepTau2018v2p5VSjet", ">=", 6.0, None) in _cuts(plan, "taus")


def test_deeptau_follows_the_files_branches_or_says_it_cannot():
    cut, said = working_points.tau_deeptau_cut("medium", {"idDeepTau2018v2p5VSjet"}, {"2018"})
    assert (cut.field, cut.op, cut.value, cut.bit) == ("idDeepTau2018v2p5VSjet", ">=", 5.0, None)
    assert "branch of the sample files" in said
    with pytest.raises(SpecError, match="needs Tau_idDeepTau2017v2p1VSjet"):
        working_points.tau_deeptau_cut("medium", {"pt", "eta"}, {"2018"})


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("leading tau pT in DY MC, taus passing DeepTau VSe Tight", "against electrons or muons"),
        ("leading tau pT in DY MC, taus passing DeepTau VSmu Loose", "against electrons or muons"),
        ("leading muon pT in DY MC with DeepTau Medium", "no taus are named"),
        ("leading tau pT in DY MC for DeepTau-identified taus", "which working point"),
    ],
)
def test_deeptau_it_cannot_apply_is_asked(catalog, text, asked):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert asked in plan.question


@pytest.fixture(scope="module")
def tau_run(tmp_path_factory):
    cat = default_catalog()
    texts = {
        "n": "the number of taus passing DeepTau VSjet Medium, no pT or eta cut",
        "lead": "the leading tau pT for taus passing DeepTau VSjet VVTight",
    }
    hists, results = {}, {}
    for key, text in texts.items():  # the taus differ: one run each
        h, results[key] = run_plans({key: _plan(text, cat)}, tmp_path_factory.mktemp(key))
        hists.update(h)
    return hists, results


@pytest.mark.parametrize("sample", [DATA, DY])
def test_deeptau_runs_match_the_reference(tau_run, demo_data: Path, sample):
    hists, results = tau_run
    with uproot.open(demo_data / FILES[sample]) as f:
        ev = f["Events"].arrays(filter_name=["Tau_*", "genWeight"], library="ak")
    w = weights(sample, ev)
    tau = coll(ev, "Tau")
    medium = (tau.idDeepTau2017v2p1VSjet & 16) != 0
    n = ak.to_numpy(ak.sum(medium, axis=1))
    assert (n < ak.to_numpy(ak.num(tau))).any()  # the ID removes taus: the test can fail
    h = hists["n"]
    check(results["n"], h.name, sample, n, w, h.bins, h.start, h.stop)

    vvtight = tau[((tau.idDeepTau2017v2p1VSjet & 128) != 0) & (tau.pt > 20) & (abs(tau.eta) < 2.3)]
    lead = ak.firsts(sorted_by_pt(vvtight).pt)
    has = ak.to_numpy(~ak.is_none(lead))
    h = hists["lead"]
    values = ak.to_numpy(ak.fill_none(lead, -1.0))[has]
    check(results["lead"], h.name, sample, values, np.asarray(w)[has], h.bins, h.start, h.stop)


# --- "no other selection" after event cuts only --------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "data: MET phi, HLT_IsoMu24 only, nothing else",
        "Could you please show the MET phi distribution in the DoubleMuon 2018 data, for events "
        "that fired HLT_IsoMu24? No other selection should be applied.",
        "MET phi, 2018 DoubleMuon data, trigger HLT_IsoMu24, no offline selection",
        "data: MET phi, HLT_IsoMu24, no other cuts",
    ],
)
def test_no_other_selection_after_a_trigger_is_the_trigger_alone(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [s.triggers for s in plan.spec.selection] == [["HLT_IsoMu24"]]
    assert not plan.spec.objects
    assert any("only the selection you stated is applied" in n for n in plan.notes)


def test_nothing_else_after_and_is_not_a_waiver(catalog):
    # "the dimuon mass and nothing else": what to plot, not the muons' definition (asked)
    plan = _plan("plot the dimuon mass in DY MC and nothing else", catalog)
    assert not plan.ok


def test_plain_no_cuts_after_a_trigger_is_still_asked(catalog):
    plan = _plan("MET in DY MC with HLT_IsoMu24, no cuts", catalog)
    assert not plan.ok


# --- "such jets" ---------------------------------------------------------------------------------
def test_such_jets_after_b_jets_counts_the_b_jets(catalog):
    plan = _plan(
        "mbb of the two leading b-tagged jets in ttbar MC, b-jets with pT > 30 GeV, events need "
        "at least 2 such jets",
        catalog,
    )
    assert plan.ok, plan.question
    assert [(s.count, s.value) for s in plan.spec.selection if s.count == "bjets"] == [
        ("bjets", 2.0)
    ]
    assert [o.name for o in plan.spec.objects] == ["bjets"]


def test_such_jets_counts_the_defined_jets(catalog):
    plan = _plan(
        "leading jet pT in ttbar MC, jets with pT > 30 GeV, at least two such jets", catalog
    )
    assert plan.ok, plan.question
    assert [(s.count, s.value) for s in plan.spec.selection] == [("jets", 2.0)]
    assert ("pt", ">", 30.0, None) in _cuts(plan, "jets")


def test_such_without_an_object_before_is_asked(catalog):
    assert not _plan("leading muon pT in DY MC, events with at least two such jets", catalog).ok


# --- cut-based ID wordings -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "obj", "cut"),
    [
        ("leading photon pT in DY MC, photons passing the medium photon ID", "photons",
         ("cutBasedBitmap", ">=", 3.0, None)),
        ("leading photon pT in DY MC, photons with cutBased medium", "photons",
         ("cutBasedBitmap", ">=", 3.0, None)),
        ("leading photon pT in DY MC, photons passing the cut-based medium ID", "photons",
         ("cutBasedBitmap", ">=", 3.0, None)),
        ("leading photon pT in DY MC, photons passing the medium cut-based photon ID", "photons",
         ("cutBasedBitmap", ">=", 3.0, None)),
        ("leading electron pT in DY MC, electrons passing the tight electron ID", "electrons",
         ("cutBased", ">=", 4.0, None)),
        ("DY MC, lead pho pt, cutBased medium, pt>20, |eta|<1.4442, 18 bins 20-200", "photons",
         ("cutBasedBitmap", ">=", 3.0, None)),
    ],
)  # fmt: skip
def test_cut_based_id_wordings(catalog, text, obj, cut):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert cut in _cuts(plan, obj)


def test_an_id_of_another_object_is_not_put_on_the_plotted_one(catalog):
    plan = _plan("leading photon pT in DY MC, photons passing the tight electron ID", catalog)
    assert not plan.ok  # the electrons are defined, not plotted nor required: asked


@pytest.mark.parametrize(
    ("text", "quantity"),
    [(r"$N_{\tau_h}$ in DY MC", "n_taus"), (r"$N_{\tau}$ in DY MC", "n_taus"),
     ("DY MC: n taus", "n_taus"), (r"$N_{\gamma}$ in DY MC", "n_photons")],
)  # fmt: skip
def test_latex_and_terse_counts_of_taus_and_photons(catalog, text, quantity):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == quantity


@pytest.mark.parametrize(
    "text",
    [
        "subleading muon eta in 2018 DoubleMuon data, exactly two muons with equal charge",
        "dimuon mass in DY MC for muon pairs of identical sign",
    ],
)
def test_equal_charge_is_same_sign(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [c.charge for c in plan.spec.combinations] == ["same"]


# --- vetoes of objects, of lists joined by "or" --------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "number of jets in ttbar MC, drop any event that has a muon with pT over 15 GeV",
        "number of jets in ttbar MC; events containing a muon with pT > 15 GeV are rejected",
        "number of jets in ttbar MC; events with a muon above 15 GeV should be vetoed",
    ],
)
def test_dropping_events_with_a_muon_vetoes_it(catalog, text):
    # "drop any event that has a muon" required a muon (>= 1), silently: the opposite
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (muon_step,) = [s for s in plan.spec.selection if s.count == "muons"]
    assert muon_step.name.startswith("<=") and muon_step.value == 0
    assert ("pt", ">", 15.0, None) in _cuts(plan, "muons")
    assert any(n.startswith("Vetoed: events with a muon with pT > 15 GeV") for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "ttbar MC, njets (pt>30, |eta|<2.4), veto any mu or ele pt>15 with reliso<0.15",
        "Please make a histogram of the jet multiplicity in the ttbar simulation, counting jets "
        "with pT above 30 GeV and |eta| below 2.4. Events that contain an isolated muon or "
        "electron (pT above 15 GeV, relative isolation below 0.15) should be rejected.",
        "number of jets in ttbar MC, first drop any event that has a muon or an electron with pT "
        "over 15 GeV whose relative isolation is below 0.15",
        "number of jets in ttbar MC, no muons or electrons with pT > 15 GeV and relative "
        "isolation < 0.15",
    ],
)
def test_a_veto_of_a_muon_or_an_electron_vetoes_both_with_the_cuts(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    steps = {s.count: s for s in plan.spec.selection}
    for name, iso in (("muons", "pfRelIso04_all"), ("electrons", "pfRelIso03_all")):
        assert steps[name].name.startswith("<=") and steps[name].value == 0
        assert ("pt", ">", 15.0, None) in _cuts(plan, name)
        assert (iso, "<", 0.15, None) in _cuts(plan, name)
    assert any("none of the muons and none of the electrons" in n for n in plan.notes)


def test_veto_any_waives_the_defaults_of_every_listed_object(catalog):
    plan = _plan("ttbar MC, njets, veto any mu or ele pt>15 with reliso<0.15", catalog)
    assert plan.ok, plan.question
    for name in ("muons", "electrons"):
        fields = [c[0] for c in _cuts(plan, name)]
        assert not {"tightId", "cutBased"} & set(fields) and "eta" not in fields


@pytest.mark.parametrize(
    "text",
    [
        "number of jets in ttbar MC for events with a muon or an electron",  # either: asked
        "number of jets in ttbar MC, no muon or electron ID",  # a waiver, not a veto
    ],
)
def test_or_lists_that_are_not_vetoes_are_still_asked(catalog, text):
    assert not _plan(text, catalog).ok


@pytest.fixture(scope="module")
def veto_run(tmp_path_factory):
    cat = default_catalog()
    text = (
        "the number of jets, veto any muon or electron with pT > 15 GeV and relative isolation "
        "< 0.15"
    )
    return run_plans({"veto": _plan(text, cat)}, tmp_path_factory.mktemp("veto"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_or_veto_run_matches_the_reference(veto_run, demo_data: Path, sample):
    hists, result = veto_run
    with uproot.open(demo_data / FILES[sample]) as f:
        ev = f["Events"].arrays(
            filter_name=["Muon_*", "Electron_*", "Jet_*", "genWeight"], library="ak"
        )
    w = np.asarray(weights(sample, ev))
    mu, el, jet = coll(ev, "Muon"), coll(ev, "Electron"), coll(ev, "Jet")
    vetoed = ak.to_numpy(
        ak.any((mu.pt > 15) & (mu.pfRelIso04_all < 0.15), axis=1)
        | ak.any((el.pt > 15) & (el.pfRelIso03_all < 0.15), axis=1)
    )
    assert vetoed.any() and not vetoed.all()  # the veto removes events: the test can fail
    good = (jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)
    n = ak.to_numpy(ak.sum(good, axis=1))[~vetoed]
    h = hists["veto"]
    check(result, h.name, sample, n, w[~vetoed], h.bins, h.start, h.stop)


# --- chatty asides -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "aside"),
    [
        ("the MET in DY MC, nothing fancy", "nothing fancy"),
        ("the MET in DY MC, no rush", "no rush"),
        ("the MET in DY MC (idle curiosity, nothing official)", "idle curiosity"),
        ("the MET in DY MC, 20 bins would be great.", "would be great"),
        ("For my thesis, the dimuon mass in DY MC", "For my thesis"),
    ],
)
def test_a_chatty_aside_is_said_not_asked(catalog, text, aside):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert any(n.startswith("Not used") and aside in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        # an object or a region among the purpose's words: never taken out as an aside
        "For the forward jet meeting: the leading jet eta in ttbar MC",
        "For my tau fake-rate thesis chapter: the number of taus in DY MC",
    ],
)
def test_a_purpose_with_analysis_words_is_not_an_aside(catalog, text):
    assert not _plan(text, catalog).ok


# --- definitions said as sentences, ranks by number, m(e,mu), "neither ... nor" -----------------
@pytest.mark.parametrize(
    ("text", "obj", "cut"),
    [
        ("number of jets in ttbar MC. A jet is one with |eta| under 2.5 and more than 25 GeV.",
         "jets", ("pt", ">", 25.0, None)),
        ("number of b-tagged jets in ttbar MC. A jet counts as b-tagged if it passes the DeepJet "
         "tight working point and has pT above 30 GeV.", "bjets", ("btagDeepFlavB", ">", "tight",
         None)),
        ("number of muons in DY MC; a muon only counts if it has pT above 10 GeV", "muons",
         ("pt", ">", 10.0, None)),
    ],
)  # fmt: skip
def test_a_definition_said_as_a_sentence(catalog, text, obj, cut):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert cut in _cuts(plan, obj)


@pytest.mark.parametrize(
    "text",
    [
        "ttbar MC: j3 pt, >=3 jets pt>25 |eta|<2.5, 30 bins 25-325, logy",
        "the pT of jet number three, ordered by pT, in ttbar MC with at least three jets",
    ],
)
def test_the_third_jet_by_number(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.field, obs.index) == ("jets", "pt", 2)


@pytest.mark.parametrize(
    "text",
    [
        "ttbar MC, m(e,mu), exactly one electron and exactly one muon, opposite sign",
        r"m_{e\mu} in ttbar MC",
        "What does m(e mu) look like in ttbar MC for events with exactly one electron and exactly "
        "one muon of opposite sign, both leptons having pT > 20 GeV and |eta| < 2.4?",
    ],
)
def test_m_e_mu_is_the_electron_muon_mass(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == "emu_mass"


def test_neither_pt_nor_eta_waives_both(catalog):
    plan = _plan(
        "count per event the taus in DY MC passing the DeepTau versus-jet discriminator at "
        "Medium, with no kinematic cut on them at all (neither pT nor eta)",
        catalog,
    )
    assert plan.ok, plan.question
    assert _cuts(plan, "taus") == [("idDeepTau2017v2p1VSjet", "==", True, 4)]


# --- a |delta eta| cut written tersely -----------------------------------------------------------
_DETA_KNOWN = "dijet mass of the two leading jets in DY MC with |delta eta(j1, j2)| > 3"


@pytest.mark.parametrize(
    "text",
    [
        "dijet mass of the two leading jets in DY MC, |deta(j1, j2)| > 3",
        "dijet mass of the two leading jets in DY MC, |Δη(j1, j2)| > 3",
        "dijet mass of the two leading jets in DY MC, requiring a pseudorapidity gap |Δη| above "
        "3 between the two leading jets",
    ],
)
def test_a_terse_delta_eta_cut_is_the_event_cut(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    known = _plan(_DETA_KNOWN, catalog)
    assert [s.name for s in known.spec.selection][-1] == "|delta eta| of the two leading jets > 3"
    assert plan.spec.selection == known.spec.selection
    assert plan.spec.observables == known.spec.observables


def test_a_terse_delta_r_is_not_an_event_cut(catalog):
    # "jets pt>30, dR(j, mu) > 0.4" is the jets' cleaning, never an event cut on one pair
    assert not _plan("jet pT in ttbar MC, jets pt>30, dR(j, mu) > 0.4", catalog).ok


# --- an HT threshold a few words after "HT" ------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "What does the HT spectrum of the DoubleMuon 2018 data look like above 300 GeV, with HT "
        "summed over jets with pT > 40 GeV and |eta| < 2.5? 50 GeV bins from 300 to 1500.",
        "HT in 2018 data above 300 GeV, jets with pT > 40 GeV",
    ],
)
def test_an_ht_threshold_after_words_naming_no_object_cuts_the_ht(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question  # was: asked 'jet pt min: 40.0 or 300.0'
    assert [(s.name, s.value) for s in plan.spec.selection] == [("HT > 300 GeV", 300.0)]
    assert ("pt", ">", 40.0, None) in _cuts(plan, "jets")


def test_a_threshold_after_the_ht_s_jets_is_still_their_pt(catalog):
    plan = _plan("HT of jets above 40 GeV in 2018 data", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 40.0, None) in _cuts(plan, "jets") and not plan.spec.selection


def test_a_bound_without_gev_after_words_is_not_an_ht_cut(catalog):
    from chathep.planner.parser import parse_request

    draft = parse_request(
        "the photon pT, where the isolation requires the HT of all the particles within a cone "
        "of R < 0.4 around the photon to be small",
        catalog,
    ).draft
    assert draft.ht_max is None and draft.ht_min is None


# --- follow-ups: "also require <objects>" --------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("also require tight muons", "muons"),  # was: defined, not required, silently
        ("also require taus", "taus"),  # was: the plot switched to the taus
        ("also require DeepTau VSjet Medium taus", "taus"),
    ],
)
def test_also_require_objects_adds_at_least_one_and_keeps_the_plot(catalog, text, name):
    previous = _plan("number of jets in ttbar MC", catalog)
    plan = _plan(text, catalog, previous)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == "n_jets"
    assert [(s.count, s.value) for s in plan.spec.selection if s.count == name] == [(name, 1.0)]


def test_require_the_plotted_objects_changes_their_cut_not_a_count(catalog):
    previous = _plan("dimuon mass in DY MC", catalog)
    plan = _plan("now require muons above 30 GeV", catalog, previous)
    assert plan.ok, plan.question
    assert ("pt", ">", 30.0, None) in _cuts(plan, "muons")
    assert [(s.count, s.value) for s in plan.spec.selection if s.count == "muons"] == [
        ("muons", 2.0)
    ]


# --- another member of the plotted objects added in a follow-up; samples after a list ------------
@pytest.mark.parametrize(
    ("first", "followup"),
    [
        ("dimuon mass in DY MC and 2018 data, opposite-sign muons above 25 GeV",
         "and the leading muon pT too"),  # was: the dimuon pT added, silently
        ("leading muon pT in DY MC", "also the subleading muon pT"),
    ],
)  # fmt: skip
def test_adding_another_member_of_the_plotted_objects_adds_a_plot(catalog, first, followup):
    # asked until session 33; since then a plot of its own, of the events shown (the added
    # histogram is not of the plotted pairs: tests/test_planner_s33.py)
    previous = _plan(first, catalog)
    plan = _plan(followup, catalog, previous)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2
    assert plan.spec.histograms[0].observable == previous.spec.histograms[0].observable
    assert any(n.startswith("Added a plot of") for n in plan.notes)


@pytest.mark.parametrize("followup", ["also plot the dimuon pT", "and the eta too"])
def test_adding_a_quantity_of_the_same_pairs_still_adds_it(catalog, followup):
    first = _plan("dimuon mass in DY MC", catalog)
    plan = _plan(followup, catalog, first)
    assert plan.ok, plan.question
    assert [h.observable for h in plan.spec.histograms][0] == "dimuon_mass"
    assert len(plan.spec.histograms) == 2


@pytest.mark.parametrize(
    ("text", "samples"),
    [
        ("plot the dimuon mass and the leading muon pT in DY MC", ["dy_2018"]),
        ("plot the dimuon mass and the leading jet pT in 2018 data and DY MC",
         ["data_2018A_doublemuon", "dy_2018"]),
    ],
)  # fmt: skip
def test_samples_after_a_list_of_plots_are_every_plot_s(catalog, text, samples):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == samples and len(plan.spec.histograms) == 2


def test_plots_of_different_samples_are_still_asked(catalog):
    assert not _plan("plot the MET in data and the leading muon pT in DY MC", catalog).ok


def test_the_scalar_sum_of_the_jet_pt_stays_the_jets_with_muons_after_it(catalog):
    # was: "for muons" after it took the sum to the muons (HT of muons), silently
    plan = _plan(
        "histogram the scalar sum of the jet pT for muons with no eta cut for events with >= 4 "
        "muons",
        catalog,
    )
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of) == ("ht", "jets")


@pytest.mark.parametrize(
    "text",
    [
        "Do the shapes of the leading muon pT agree between 2018 data and DY simulation once both "
        "are scaled to unit area? Muons with tight ID, pT > 20 GeV and |eta| < 2.4",
        "leading muon pT in 2018 data and DY simulation, both scaled to unit area",
    ],
)
def test_both_scaled_to_unit_area(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question  # was: asked '2 scaled to' ("both" read as a number)
    assert plan.spec.histograms[0].unit_area
    assert plan.spec.samples == ["data_2018A_doublemuon", "dy_2018"]


# --- terse conditions: ", njets >= 4", "120 GeV of MET", "0-250 / 25 bins" -----------------------
@pytest.mark.parametrize(
    "text", ["ttbar MC, njets >= 4, leading jet pt", "leading jet pt in ttbar MC, N_jets >= 4"]
)
def test_a_terse_count_condition(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [(s.count, s.value) for s in plan.spec.selection if s.count == "jets"] == [("jets", 4.0)]


def test_gev_of_met_is_a_met_cut(catalog):
    plan = _plan("leading jet pT in ttbar MC, events with more than 120 GeV of MET", catalog)
    assert plan.ok, plan.question
    assert [(s.name, s.op, s.value) for s in plan.spec.selection if "MET" in s.name] == [
        ("MET > 120 GeV", ">", 120.0)
    ]


def test_range_slash_bins(catalog):
    plan = _plan("leading jet pT in ttbar MC, 0-300 / 30 bins", catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (30, 0.0, 300.0)


# --- "a lepton veto" -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "vetoed", "pt"),
    [
        ("number of jets in ttbar MC with a lepton veto", ["leptons"], 20.0),
        ("MET in ttbar MC applying an isolated muon veto", ["muons"], 20.0),
        ("number of jets in ttbar MC, lepton veto (no muons or electrons above 15 GeV)",
         ["muons", "electrons"], 15.0),
        ("number of jets in ttbar MC, lepton veto: no leptons above 10 GeV", ["leptons"], 10.0),
    ],
)  # fmt: skip
def test_a_lepton_veto(catalog, text, vetoed, pt):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    steps = {s.count: s for s in plan.spec.selection if s.count}
    for name in vetoed:
        assert steps[name].name.startswith("<=") and steps[name].value == 0
    leptons = [o.name for o in plan.spec.objects if o.name in ("muons", "electrons")]
    assert leptons
    for name in leptons:
        assert ("pt", ">", pt, None) in _cuts(plan, name)


# --- compositional probe seed 107: two silent readings --------------------------------------------
def test_objects_defined_with_using_are_not_an_event_cut(catalog):
    # "... and the leading jet using jets with pT over 40 GeV" took the leading jet out of the
    # delta phi as an event cut (delta phi between the muons plotted, silently)
    plan = _plan(
        "For events having at least 2 muons, histogram delta phi of the leading muon and the "
        "leading jet using jets with pT over 40 GeV in Drell-Yan MC, with a log y axis",
        catalog,
    )
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.other) == ("delta_phi", "muons", "jets")
    assert ("pt", ">", 40.0, None) in _cuts(plan, "jets")


@pytest.mark.parametrize(
    "text",
    [
        "Plot m(mumu) using muons in the central region |eta| < 1.5 for events with the pT of the "
        "dimuon system in the range 100-200 GeV, on data only",
        "dimuon mass for events with the dimuon pT in the range of 100 to 200 GeV",
    ],
)
def test_a_pair_pt_in_the_range_is_an_event_cut_not_the_axis(catalog, text):
    # was: the mass axis set to 100-200 GeV, no pT cut, silently
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.start, h.stop) == (60.0, 120.0)
    cuts = [(s.op, s.value) for s in plan.spec.selection if s.observable == "dimuon_pt_cut"]
    assert cuts == [(">", 100.0), ("<", 200.0)]


def test_in_the_range_reads_as_between_in_a_condition(catalog):
    ranged = _plan(
        "the mass of the leading jet for events with the pT of the second b-jet in the range "
        "60-120 GeV",
        catalog,
    )
    between = _plan(
        "the mass of the leading jet for events with the pT of the second b-jet between 60 and "
        "120 GeV",
        catalog,
    )
    assert ranged.ok and between.ok, (ranged.question, between.question)
    assert ranged.spec.selection == between.spec.selection
    assert ranged.spec.observables == between.spec.observables


def test_medium_taus_is_asked_with_a_deeptau_wording_that_plans(catalog):
    plan = _plan("number of medium taus per event in DY MC", catalog)
    assert not plan.ok

    (said,) = re.findall(r"say e\.g\. '([^']+)'", plan.question)
    again = _plan(f"number of {said} per event in DY MC", catalog)
    assert again.ok, again.question
    assert ("idDeepTau2017v2p1VSjet", "==", True, 4) in _cuts(again, "taus")


# --- compositional probes seeds 109 and 113 -------------------------------------------------------
def test_a_definition_after_a_comma_is_no_second_plot(catalog):
    # was: two plots, the second the delta R with the condition's range as its axis, silently
    plan = _plan(
        "Plot the number of jets, jets with |eta| below 2.4 when dR of the two leading jets is "
        "in the range 0.8-2",
        catalog,
    )
    assert not plan.ok or len(plan.spec.histograms) == 1


# --- "should count", "don't cut on isolation at all", "0 to 1 in 50 bins", "every such jet" -----
def test_should_count_after_a_definition(catalog):
    plan = _plan(
        "Could you please plot the transverse momentum of the highest-pT photon in the Drell-Yan "
        "Monte Carlo? Only photons that pass the medium cut-based identification, have pT above "
        "20 GeV and sit in the barrel with |eta| < 1.4442 should count. I'd like 18 bins from 20 "
        "to 200 GeV.",
        catalog,
    )
    assert plan.ok, plan.question
    assert ("eta", "<", 1.4442, None) in _cuts(plan, "photons")
    assert plan.spec.histograms[0].bins == 18


@pytest.mark.parametrize(
    "text",
    [
        "Could you histogram the pfRelIso04_all isolation of all muons with pT above 10 GeV in the "
        "Drell-Yan sample? Please don't cut on isolation at all, and use 50 bins between 0 and 1.",
        "What is the distribution of the relative PF isolation (pfRelIso04_all) for every muon "
        "above 10 GeV in DY Monte Carlo, with no isolation requirement applied? Binning 0 to 1 in "
        "50 bins, please.",
    ],
)
def test_isolation_of_every_muon_without_an_isolation_cut(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _cuts(plan, "muons") == [("pt", ">", 10.0, None)]
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (50, 0.0, 1.0)


def test_every_such_jet_is_as_written(catalog):
    plan = _plan(
        "How are jets with pT > 20 GeV distributed in eta in the ttbar MC if I don't cut on eta "
        "at all? Every such jet, 50 bins from -5 to 5.",
        catalog,
    )
    assert plan.ok, plan.question
    assert _cuts(plan, "jets") == [("pt", ">", 20.0, None)]


def test_deeptau_on_samples_mixing_run2_and_run3_is_asked():
    with pytest.raises(SpecError, match="one cut cannot read both"):
        working_points.tau_deeptau_cut("medium", None, {"2018", "2022"})
