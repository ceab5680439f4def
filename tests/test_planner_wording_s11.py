"""Readings fixed in session 11 (found on a fresh public probe set, probe5.yaml, and with the
team's own paraphrases): Markdown emphasis, "Monte-Carlo", the masses of many muons, reco and
generator-level muons named together, the neutrino of a transverse mass, and cuts on one
collection that no object passes. Each was silently wrong or asked for no reason before."""

from __future__ import annotations

import pytest

from chathep.planner import lexicon as lx
from chathep.planner import plan_request


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _cuts(plan, name):
    return {(c.field, c.op, c.value) for c in plan.spec.object(name).cuts}


# --- Markdown emphasis: "*all*" is the word all (was: the default jet cuts applied) -------------


@pytest.mark.parametrize(
    ("emphasised", "plain"),
    [
        ("plot the pT of *all* the jets", "plot the pT of all the jets"),
        ("histogram the pT of _all_ muons", "histogram the pT of all muons"),
        ("**every** jet's eta, no cuts", "every jet's eta, no cuts"),
    ],
)
def test_emphasised_words_read_as_the_words(catalog, emphasised, plain):
    got, want = _plan(emphasised, catalog), _plan(plain, catalog)
    assert got.ok and want.ok, (got.question, want.question)
    assert got.spec.objects == want.spec.objects
    (obj,) = got.spec.objects
    assert obj.cuts == []  # all of them: no default cut


@pytest.mark.parametrize(
    "text", ["2*pi*r", "p_T of Muon_pt_corr", "a * b", "$p_T > 15$ and _x", "Jet_pt*2"]
)
def test_products_subscripts_and_identifiers_are_no_emphasis(text):
    assert lx.strip_links(text) == text


# --- "Monte-Carlo" --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the dimuon mass for the different Monte-Carlo processes",
        "the dimuon mass in Monte-Carlo",
        "the dimuon mass for the various MC samples",
    ],
)
def test_monte_carlo_with_a_hyphen_is_the_simulation(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples and not any(catalog[s].is_data for s in plan.spec.samples)


# --- "the masses of many muons": each muon's own mass is a constant ------------------------------


@pytest.mark.parametrize(
    "text",
    ["histogram the masses of many muons", "plot the masses of the muons"],
)
def test_the_masses_of_muons_are_asked(catalog, text):
    # was: the dimuon mass, no note
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "rest mass" in plan.question and "pairs" in plan.question


def test_the_mass_of_muon_pairs_still_plans(catalog):
    plan = _plan("the mass of muon pairs", catalog)
    assert plan.ok, plan.question
    assert plan.spec.combinations


# --- reconstructed and generator-level muons in one request --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "make the pt distribution of good muons and compare it with the pt of generated muons",
        "compare the muon pT with the gen muon pT",
    ],
)
def test_reco_and_gen_muons_together_are_asked(catalog, text):
    # was: the generator-level muons alone, the reconstructed ones dropped without a note
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "reconstructed muons" in plan.question and "generator-level" in plan.question


def test_gen_muons_alone_still_plan(catalog):
    plan = _plan("the pT of generator-level muons in DY", catalog)
    assert plan.ok, plan.question
    assert plan.spec.objects[0].source == "GenPart"


# --- the neutrino of a transverse mass is the MET -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lepton"),
    [
        ("the transverse mass of the lepton-neutrino system", None),
        ("transverse mass of the muon and the neutrino", "Muon"),
        ("mT of the electron and neutrino, 20 bins from 0 to 200 GeV", "Electron"),
    ],
)
def test_the_neutrino_of_a_transverse_mass_is_the_met(catalog, text, lepton):
    # was: "I could not place 'neutrino'"
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (mt,) = [o for o in plan.spec.observables if o.kind == "mt"]
    if lepton is not None:
        assert plan.spec.object(mt.of).source == lepton
    assert any("neutrino is read as the missing transverse momentum" in n for n in plan.notes)


def test_a_neutrino_alone_is_not_the_met(catalog):
    assert not _plan("the neutrino pT", catalog).ok


# --- cuts on one collection that no object passes ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "pT of positively charged muons and negatively charged muons",
        "the eta of muons with charge > 0 and charge < 0",
    ],
)
def test_both_charges_on_one_collection_are_asked(catalog, text):
    # was: muons with charge > 0 and charge < 0 (no muon passes): an empty plot, no note
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "'charge > 0' and 'charge < 0' cannot both hold" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass of negative muons",
        "the dimuon mass of positively charged and negatively charged muons",
    ],
)
def test_opposite_charge_pairs_of_one_sign_are_asked(catalog, text):
    # was: opposite-charge pairs of muons with charge < 0: an empty plot, no note
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "never of opposite charge" in plan.question


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("pT of positive muons", ("charge", ">", 0.0)),
        ("the same-sign dimuon mass of positive muons", ("charge", ">", 0.0)),
        ("muons with pt > 20 and pt < 20.5, their eta", ("pt", "<", 20.5)),
    ],
)
def test_one_sign_or_a_narrow_window_still_plans(catalog, text, cut):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert cut in _cuts(plan, plan.spec.objects[0].name)


# --- an ntuple or TTree read from is the input, not a request to write one -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "Here is a quick sample that will run against a ROOT file (TTree) in the `uproot` backend "
        "to get out jet pt's.",
        "plot the jet pT from the TTree",
        "from the ntuple, plot the jet pT",
    ],
)
def test_a_tree_read_from_is_the_input(catalog, text):
    # was: "I cannot plan writing ntuples, trees or skims"
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.objects[0].source == "Jet"


@pytest.mark.parametrize(
    "text", ["write a flat ntuple with the muon pT", "make a tree of the selected events"]
)
def test_writing_a_tree_is_still_refused(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "writing ntuples" in plan.question


def test_four_muons_of_two_signs_are_not_an_empty_plot(catalog):
    # was: the dimuon mass of muons with charge > 0 and charge < 0 (no muon passes), no note
    text = (
        "four muons, two positively charged muons and 2 negatively charged muons, their "
        "invariant mass"
    )
    assert not _plan(text, catalog).ok


# --- the writer's own doubt is no negation of the analysis (forum questions) ---------------------


@pytest.mark.parametrize(
    ("text", "source", "field"),
    [
        ("I don't know how to plot the jet pT", "Jet", "pt"),
        ("I can't figure out how to plot the muon eta", "Muon", "eta"),
        ("I'm trying to plot the MET phi, but I'm not sure how to access it.", "MET", "phi"),
        ("I'm not familiar with awkward, how do I plot the electron pT?", "Electron", "pt"),
        ("plot the muon pT, it doesn't work for me", "Muon", "pt"),
    ],
)
def test_doubt_of_the_writer_is_not_a_negation(catalog, text, source, field):
    # was: "I could not place 'i do not know how to plot the'"
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.field == field
    assert plan.spec.object(obs.of).source == source if obs.of else source == "MET"


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        ("I don't want any ID on the muons, plot their pT", "pfRelIso04_all", "tightId"),
        ("we don't need isolation, plot the muon pT", "tightId", "pfRelIso04_all"),
    ],
)
def test_not_wanting_a_requirement_waives_it(catalog, text, kept, dropped):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    fields = {c.field for c in plan.spec.objects[0].cuts}
    assert kept in fields and dropped not in fields


@pytest.mark.parametrize(
    "text",
    ["the jet pT, not for jets with eta above 2", "I don't want to plot the jets, only the MET"],
)
def test_other_negations_are_still_asked(catalog, text):
    assert not _plan(text, catalog).ok


# --- an exercise's labels and a list's letters are no values ------------------------------------


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Task 3 - Make a histogram of the leading jet pT.", "the leading jet pT"),
        (
            "Q2) Plot the MET for events with exactly two muons.",
            "the MET for events with exactly two muons",
        ),
        (
            "1. Select muons with pT > 25 GeV. 2. Plot their eta.",
            "the eta of muons with pT > 25 GeV",
        ),
        (
            "Step 4: fill a histogram with the invariant mass of the two leading electrons",
            "the invariant mass of the two leading electrons",
        ),
        ("Part (b): plot the photon pT", "the photon pT"),
        ("(a) the missing ET distribution; (b) the HT distribution", "the MET; the HT"),
    ],
)
def test_labels_of_exercises_and_lists_are_not_values(catalog, text, plain):
    # was: "I could not place 'task 3 - make a'" (the label's number unplaced)
    got, want = _plan(text, catalog), _plan(plain, catalog)
    assert got.ok and want.ok, (got.question, want.question)
    assert [h.observable for h in got.spec.histograms] == [
        h.observable for h in want.spec.histograms
    ]
    assert got.spec.objects == want.spec.objects
    assert got.spec.selection == want.spec.selection


@pytest.mark.parametrize(
    "text", ["the MET in step 2 of the selection", "events with 2 muons, step 2 jets"]
)
def test_a_step_that_is_no_label_is_still_asked(catalog, text):
    assert not _plan(text, catalog).ok


def test_the_z_a_dimuon_mass_shows_is_no_selection(catalog):
    # the Z check of session 11 asked here (a regression found on probe5): the Z is the peak
    text = (
        "Calculate the invariant mass of the pair of muons in each event. Plot this mass and "
        "identify the $Z$-boson."
    )
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.combinations and plan.spec.combinations[0].size == 2


def test_a_z_beside_the_met_is_still_asked(catalog):
    assert not _plan("plot the MET and identify the Z", catalog).ok


# --- "regardless of", "irrespective of", "no matter", "any pT": waivers --------------------------


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        # was: the tight ID applied, no note (silently wrong)
        ("the pT of the muons regardless of their ID", "tightId", "pt"),
        ("the muon pT regardless of isolation", "pfRelIso04_all", "tightId"),
        ("jet eta, irrespective of jet pT", "pt", "jetId"),
        ("the number of muons per event, any pT", "pt", "tightId"),
        ("jets of any eta, their pT", "eta", "pt"),
    ],
)
def test_regardless_of_a_requirement_waives_it(catalog, text, absent, present):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    fields = {c.field for c in plan.spec.objects[0].cuts}
    assert absent not in fields and present in fields


@pytest.mark.parametrize(
    "text",
    [
        "muon pT without applying any selection",
        "the pT of every muon in the event, no matter its quality",
    ],
)
def test_without_applying_any_selection_is_no_cut(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.objects[0].cuts == []


# --- muon isolation working points by name --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "muon_id"),
    [
        ("muons with loose isolation, their pT", 0.25, "tightId"),  # was: asked
        ("muons with medium ID and loose isolation, their pT", 0.25, "mediumId"),
        ("the pT of loosely isolated muons", 0.25, "tightId"),
        (
            "muons passing the medium ID and loose isolation (relIso < 0.25), their eta",
            0.25,
            "mediumId",
        ),
        ("muons with medium ID and isolation relIso < 0.25, their eta", 0.25, "mediumId"),
        ("muons with tight isolation and loose ID, their eta", 0.15, "looseId"),
    ],
)
def test_muon_isolation_working_points(catalog, text, iso, muon_id):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan, plan.spec.objects[0].name)
    assert ("pfRelIso04_all", "<", iso) in cuts
    assert any(c[0] == muon_id for c in cuts)


def test_electron_isolation_by_name_is_asked(catalog):
    # the electron IDs hold their isolation: no muon working point on electrons
    assert not _plan("electrons with loose isolation, their pT", catalog).ok


# --- ADL task wordings of our own: systems, "whose ... is", a fronted selection ------------------


@pytest.mark.parametrize(
    "text",
    [
        # was: the pT of every jet, 172.5 dropped, no note (silently wrong)
        "the pT of the three-jet combination with mass closest to 172.5 GeV",
        "the pT of the three-jet system closest to 172.5 GeV",
        "Among all three-jet combinations, take the one whose mass is nearest 172.5 GeV and plot "
        "its transverse momentum, for events with three or more jets.",
    ],
)
def test_three_jet_combinations_are_trijets(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (trijet,) = plan.spec.combinations
    assert trijet.size == 3 and trijet.target_mass == 172.5
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.of == trijet.name and obs.field == "pt"


def test_the_jet_nearest_to_the_muon_is_not_a_mass_target(catalog):
    plan = _plan("the jet nearest to the muon, its pT", catalog)
    assert not plan.ok or not any(c.target_mass for c in plan.spec.combinations)


@pytest.mark.parametrize(
    ("text", "eta_max"),
    [
        ("the pT of jets whose |eta| is less than 1", 1.0),
        ("the pT of jets whose pseudorapidity is below 1 in absolute value", 1.0),
        ("Histogram the pT of all jets whose absolute pseudorapidity is smaller than one.", 1.0),
    ],
)
def test_whose_quantity_is_a_cut(catalog, text, eta_max):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    eta_cuts = [(c.op, c.value, c.abs) for c in plan.spec.objects[0].cuts if c.field == "eta"]
    assert eta_cuts == [("<", eta_max, True)]


@pytest.mark.parametrize(
    "text",
    [
        "For events containing an opposite-charge muon pair whose invariant mass lies between 60 "
        "and 120 GeV, histogram the missing transverse energy.",
        "the MET in events with an opposite-sign muon pair with mass between 60 and 120 GeV",
    ],
)
def test_a_fronted_selection_of_a_pair_window(catalog, text):
    # was: "I could not place 'histogram the met'"
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.kind == "met"
    (pair,) = plan.spec.combinations
    assert pair.charge == "opposite"
    assert (pair.mass_min, pair.mass_max) == (60, 120)


@pytest.mark.parametrize(
    ("text", "charge"),
    [
        ("the MET in events containing a muon pair", "opposite"),
        ("the MET in events with an opposite-sign muon pair", "opposite"),
        ("the MET in events with a same-sign muon pair", "same"),
        ("For events containing a muon pair, histogram the missing transverse energy.", "opposite"),
    ],
)
def test_events_with_a_pair_select_on_it(catalog, text, charge):
    # was: asked ("I could not place 'events with a muon pair'")
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.charge == charge
    assert any(s.count == pair.name and s.op == ">=" and s.value == 1 for s in plan.spec.selection)


# --- follow-ups: take back a count; a sample "as well" -------------------------------------------


def _follow(catalog, *texts):
    plan = None
    for text in texts:
        plan = plan_request(text, catalog, mode="parser", check_files=False, previous=plan)
    return plan


def test_dropping_the_b_jet_requirement_keeps_the_plot(catalog):
    # was: the plot became the leading b-jet pT, and the two b-jets stayed required (no note)
    plan = _follow(
        catalog,
        "the leading jet pT in ttbar",
        "also require two b-jets",
        "drop the b-jet requirement",
    )
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (
        plan.spec.object(obs.of).cuts == _plan("the leading jet pT", catalog).spec.objects[0].cuts
    )
    assert not any(c.field == "btagDeepFlavB" for o in plan.spec.objects for c in o.cuts)
    assert all(s.count != "bjets" for s in plan.spec.selection)
    assert any("Removed the requirement on the number of bjets" in n for n in plan.notes)


def test_no_longer_requiring_muons(catalog):
    plan = _follow(catalog, "the MET in events with at least two muons", "no longer require muons")
    assert plan.ok, plan.question
    assert plan.spec.selection == []


def test_dropping_a_requirement_that_is_not_there_is_asked(catalog):
    plan = _follow(catalog, "the dimuon mass", "drop the jet requirement")
    assert not plan.ok and "no requirement on the number of jets" in plan.question


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("the leading jet pT in ttbar", "show it for data as well"),
        ("the dimuon mass in DY", "and in data too"),
    ],
)
def test_a_sample_as_well_is_added(catalog, first, then):
    # was: the data alone (the MC sample replaced), no note
    before = _follow(catalog, first)
    plan = _follow(catalog, first, then)
    assert plan.ok, plan.question
    assert set(before.spec.samples) < set(plan.spec.samples)
    assert any(catalog[s].is_data for s in plan.spec.samples)


def test_a_new_count_that_contradicts_the_old_one_replaces_it(catalog):
    # was: n(muons) >= 2 and n(muons) <= 1, an always-empty plot, no note
    plan = _follow(catalog, "the MET", "in events with exactly one muon", "change it to two muons")
    assert plan.ok, plan.question
    counts = {(s.op, s.value) for s in plan.spec.selection if s.count == "muons"}
    assert counts == {(">=", 2)}


def test_a_new_count_that_narrows_the_old_one_keeps_it(catalog):
    plan = _follow(catalog, "the MET in events with at least 2 jets", "and at most 4 jets")
    assert plan.ok, plan.question
    counts = {(s.op, s.value) for s in plan.spec.selection if s.count == "jets"}
    assert counts == {(">=", 2), ("<=", 4)}


def test_a_jet_cut_does_not_follow_the_plot_to_electrons(catalog):
    # was: electrons with pT > 50 GeV (the jets' cut carried over), no note
    plan = _follow(catalog, "the jet eta for jets above 50 GeV", "and for electrons")
    assert plan.ok, plan.question
    (electrons,) = [o for o in plan.spec.objects if o.source == "Electron"]
    assert ("pt", ">", 50) not in {(c.field, c.op, c.value) for c in electrons.cuts}
    assert any("not carried over" in n for n in plan.notes)


def test_a_channel_switch_keeps_the_lepton_cuts(catalog):
    plan = _follow(
        catalog, "the dimuon mass for muons above 30 GeV", "show the electron channel instead"
    )
    assert plan.ok, plan.question
    (electrons,) = [o for o in plan.spec.objects if o.source == "Electron"]
    assert ("pt", ">", 30) in {(c.field, c.op, c.value) for c in electrons.cuts}


# --- signal and background ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["the leading jet pT for signal and background", "compare signal vs background for the MET"],
)
def test_signal_and_background_ask_which_sample_is_the_signal(catalog, text):
    # was: data vs DY, 'signal' and 'background' passed as filler (no note)
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "no signal model sample" in plan.question


def test_background_only_is_the_simulation(catalog):
    # was: data vs DY (the data kept), no note
    plan = _plan("the dimuon mass, background only", catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples and not any(catalog[s].is_data for s in plan.spec.samples)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("the sum of the electron charges", "sums of charges"),  # was: each electron's charge
        ("the sum of the muon energies", "sums of energies"),  # was: each muon's energy
    ],
)
def test_sums_other_than_ht_are_asked(catalog, text, what):
    plan = _plan(text, catalog)
    assert not plan.ok and what in plan.question


def test_the_sum_of_the_jet_pt_is_still_the_ht(catalog):
    plan = _plan("the sum of the jet pT", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].kind == "ht"
