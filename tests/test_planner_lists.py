"""Readings that were silently wrong (found with paraphrases written by the team): lists of
quantities of different objects keep each its own object; a plot of vetoed objects is asked."""

from __future__ import annotations

import pytest

from chathep.planner import plan_request


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


@pytest.mark.parametrize(
    "text",
    [
        "the HT and the number of b-jets",
        "plot the HT and the number of b-tagged jets",
        "plot the number of b-jets and the HT",
    ],
)
def test_the_ht_beside_a_count_of_b_jets_is_the_ht_of_all_jets(catalog, text):
    # was: "HT of bjets" (the b-jets of the count taken as the HT's objects), no note
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (ht,) = [o for o in plan.spec.observables if o.kind == "ht"]
    (count,) = [o for o in plan.spec.observables if o.kind == "count"]
    ht_cuts = {c.field for c in plan.spec.object(ht.of).cuts}
    count_cuts = {c.field for c in plan.spec.object(count.of).cuts}
    assert "btagDeepFlavB" not in ht_cuts
    assert "btagDeepFlavB" in count_cuts


def test_the_ht_of_b_jets_said_so_stays_the_ht_of_b_jets(catalog):
    plan = _plan("plot the HT of the b-jets and the number of b-jets", catalog)
    assert plan.ok, plan.question
    (ht,) = [o for o in plan.spec.observables if o.kind == "ht"]
    assert "btagDeepFlavB" in {c.field for c in plan.spec.object(ht.of).cuts}


@pytest.mark.parametrize(
    "text",
    [
        "plot the leading jet pT for events without any jets above 100 GeV",
        "plot the jet eta in events with no jets",
    ],
)
def test_plotting_the_objects_the_events_must_not_have_is_asked(catalog, text):
    # was: the jets of the veto plotted, in the events without any: an empty histogram
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "no jet to plot" in plan.question


def test_a_veto_of_other_objects_still_plans(catalog):
    plan = _plan("plot the leading jet pT in events with no b-jets", catalog)
    assert plan.ok, plan.question
    assert any(s.count == "bjets" and s.op == "<=" and s.value == 0 for s in plan.spec.selection)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("plot the sum of the muon pT", "Muon"),
        ("plot the sum of all electron pt", "Electron"),
        ("plot the scalar sum of the lepton pTs", None),
    ],
)
def test_the_sum_of_the_objects_pt_is_their_scalar_sum(catalog, text, source):
    # was: "the sum of the muon pT" plotted every muon's pT, no note
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert obs.kind == "ht"
    if source:
        assert plan.spec.object(obs.of).source == source


def test_a_vector_sum_of_lepton_pts_is_asked(catalog):
    plan = _plan("plot the vector sum of the muon pT", catalog)
    assert not plan.ok and "vector" in plan.question


def test_a_follow_up_the_plots_of_a_list_cannot_share_is_asked_not_a_crash(catalog):
    # was: StopIteration out of plan_request (a traceback for the user)
    first = _plan("plot the dimuon mass and the leading jet pT", catalog)
    assert first.ok and len(first.parts) == 2
    plan = plan_request("require at least two jets", catalog, mode="parser", check_files=False,
                        previous=first)  # fmt: skip
    assert not plan.ok
    assert "cannot be one analysis" in plan.question


@pytest.mark.parametrize(
    ("text", "source", "field"),
    [
        ("plot the Z boson pT in the electron channel", "Electron", "pt"),  # was: every electron
        ("plot the Z pT", "Muon", "pt"),  # was: asked which objects
        ("plot the Z boson rapidity in the muon channel", "Muon", "rapidity"),  # was: asked
    ],
)
def test_a_quantity_of_the_z_boson_is_of_the_z_candidate(catalog, text, source, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    comb = plan.spec.combination(obs.of)
    assert obs.field == field and comb.target_mass == pytest.approx(91.1876)
    assert plan.spec.object(comb.inputs[0]).source == source


@pytest.mark.parametrize(
    "text", ["plot the leading jet pT in Z boson events", "plot the MET in Z boson events"]
)
def test_z_boson_events_without_a_flavour_select_a_z_candidate_and_say_so(catalog, text):
    # was: the Z boson selection silently dropped
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.target_mass == pytest.approx(91.1876)
    assert plan.spec.object(comb.inputs[0]).source == "Muon"
    assert any(s.observable == f"m_{comb.name}" and s.op == ">" for s in plan.spec.selection)
    assert any("Z -> mumu" in n for n in plan.notes)  # the chosen channel is stated


def test_a_dijet_near_the_z_peak_needs_no_lepton(catalog):
    plan = _plan("plot the dijet mass near the Z peak", catalog)
    assert plan.ok, plan.question
    assert [o.source for o in plan.spec.objects] == ["Jet"]


def _base(catalog):
    plan = _plan("plot the dimuon mass in DY with muons above 25 GeV", catalog)
    assert plan.ok, plan.question
    return plan


def _follow(text, previous, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


@pytest.mark.parametrize("text", ["remove the pT cut", "drop the pt requirement"])
def test_a_follow_up_removing_a_stated_cut_removes_it(catalog, text):
    # was: "remove the pT cut" kept pT > 25 GeV (the value stated before won), no note
    plan = _follow(text, _base(catalog), catalog)
    assert plan.ok, plan.question
    muons = plan.spec.object("muons")
    assert not [c for c in muons.cuts if c.field == "pt"]
    assert any("Removed" in n for n in plan.notes)


@pytest.mark.parametrize("text", ["and the dimuon pT too", "also plot the dimuon pT"])
def test_a_follow_up_adding_a_quantity_keeps_the_first_one(catalog, text):
    # was: "and the dimuon pT too" replaced the mass by the pT
    plan = _follow(text, _base(catalog), catalog)
    assert plan.ok, plan.question
    fields = sorted(plan.spec.observable(h.observable).field for h in plan.spec.histograms)
    assert fields == ["mass", "pt"]


def test_a_follow_up_changing_the_quantity_still_replaces_it(catalog):
    plan = _follow("now the dimuon pT instead", _base(catalog), catalog)
    assert plan.ok, plan.question
    assert [plan.spec.observable(h.observable).field for h in plan.spec.histograms] == ["pt"]


@pytest.mark.parametrize(
    "text",
    [
        "plot the MET for events with between 2 and 4 jets",  # was: the MET from 2 to 4 GeV
        "plot the MET in events with 2 to 4 jets",  # was: asked
        "plot the MET for events with 2-4 jets",
        "plot the MET for events with between two and four jets",
    ],
)
def test_a_count_range_of_objects_is_an_event_selection(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.start, h.stop) == (0.0, 200.0)
    counts = {(s.op, s.value) for s in plan.spec.selection if s.count == "jets"}
    assert counts == {(">=", 2), ("<=", 4)}


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # was: tight isolation, no note; then asked; since session 11 the Muon POG working
        # points by name (loose 0.25, tight 0.15)
        ("plot the leading muon pT for loosely isolated muons", 0.25),
        ("plot the muon pT for tightly isolated muons", 0.15),
    ],
)
def test_an_isolation_adverb_is_its_working_point(catalog, text, iso):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    iso_cuts = [(c.op, c.value) for c in plan.spec.objects[0].cuts if c.field == "pfRelIso04_all"]
    assert iso_cuts == [("<", iso)]


def test_an_isolation_adverb_on_electrons_is_asked(catalog):
    plan = _plan("plot the electron pT for loosely isolated electrons", catalog)
    assert not plan.ok


@pytest.mark.parametrize(
    "text",
    [
        "plot the MET for events with delta phi(jet, MET) > 0.5",  # was: MET > 0.5
        # (session 30: "the dijet mass for events with |delta eta| < 1.3" is read, the two
        # leading jets being the only objects: tests/test_planner_s30.py)
    ],
)
def test_a_cut_on_an_angle_between_two_objects_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "delta eta or delta phi" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "plot the delta phi between the leading jet and the MET for events with MET above 100 GeV",
        "plot delta phi of the two leading jets for events with MET above 50 GeV",
    ],
)
def test_an_angle_plotted_beside_another_cut_still_plans(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert any(s.observable == "met_pt" for s in plan.spec.selection)


@pytest.mark.parametrize(
    ("text", "log_y", "log_x"),
    [
        ("plot the dimuon mass on a log y scale", True, False),  # was: 'scale' asked about
        ("plot the dimuon mass with a logarithmic y scale", True, False),
        ("plot the dimuon mass with a log x scale", False, True),
        ("plot the dimuon mass on a linear y scale", False, False),
    ],
)
def test_axis_scales_written_with_scale_are_read(catalog, text, log_y, log_x):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.log_y, h.log_x) == (log_y, log_x)


def test_a_generalisation_in_brackets_is_not_an_alternative(catalog):
    # "(or any event level variable)": the MET is plotted (was: asked which alternative)
    plan = _plan("Plotting the Missing ET (or any event level variable).", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].kind == "met"
    alternative = _plan("Draw a Higgs mass peak with 4 muons (or 4 electrons).", catalog)
    assert not alternative.ok and "alternative" in alternative.question


def test_a_dijet_pseudorapidity_separation_cut_is_one_step_on_the_two_leading_jets(catalog):
    # was: jets |eta| < 1.3 (the separation read as each jet's eta), no note; then asked; read
    # since session 14 (chathep.planner.event_cuts) as |delta eta| of the two leading jets
    plan = _plan(
        "Distribution of the invariant mass of the two leading jets for events with a dijet "
        "pseudorapidity separation below 1.3.",
        catalog,
    )
    assert plan.ok, plan.question
    steps = [s for s in plan.spec.selection if s.observable is not None]
    assert [(s.op, s.value) for s in steps] == [("<", 1.3)]
    assert plan.spec.observable(steps[0].observable).kind == "delta_eta"
    jets = next(o for o in plan.spec.objects if o.name == "jets")
    assert ("eta", 1.3) not in {(c.field, c.value) for c in jets.cuts}
