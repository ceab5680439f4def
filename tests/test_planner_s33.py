"""Session 33: wordings that were silently wrong or asked though clear (helper hunts and the
session-32 list): a default range wholly outside the user's cut, two MET types in one
request, a definition after a list of plots, a follow-up that draws one plot of several, a
follow-up that adds a plot of other objects."""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request
from tests._plans import object_cuts, parser_plan, plotted_fields


def _after(base, followup, catalog):
    first = parser_plan(base, catalog)
    assert first.ok, first.question
    return parser_plan(followup, catalog, previous=first)


def _ranges(plan):
    return [(h.start, h.stop) for h in plan.spec.histograms]


# --- a default range that lies wholly outside the cut on the plotted quantity -------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plot the MET for events with MET > 250 GeV", (250.0, 500.0)),
        ("HT for events with HT > 1200 GeV", (1200.0, 2400.0)),
        ("leading jet pT for events with leading jet pT > 400 GeV", (400.0, 800.0)),
        ("muon pT for muons with pT > 300 GeV", (300.0, 600.0)),
        ("MET for events with MET between 300 and 400 GeV", (300.0, 400.0)),
        ("subleading jet eta for jets with |eta| > 3", (-5.0, 5.0)),
    ],
)
def test_the_range_follows_a_cut_it_lies_outside(catalog, text, expected):
    # was: the default range (0-200, 0-1000, 0-300, -2.5-2.5): an empty plot, no word
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [expected]
    assert any(d.startswith("range follows the cut") for d in plan.defaults)


def test_a_count_range_follows_the_count_on_the_integers(catalog):
    plan = parser_plan("number of jets for events with at least 12 jets", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.bins) == (11.5, 11)
    assert (h.stop - h.start) / h.bins == pytest.approx(1.0)  # one bin per integer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the cut inside the default range: the default range kept
        ("Plot the MET for events with MET > 150 GeV", (0.0, 200.0)),
        ("number of jets for events with at least 2 jets", (-0.5, 10.5)),
        # the user's own range is never moved
        ("Plot the MET from 0 to 200 GeV for events with MET > 250 GeV", (0.0, 200.0)),
    ],
)
def test_a_range_inside_the_cut_or_stated_is_kept(catalog, text, expected):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [expected]
    assert not any(d.startswith("range follows the cut") for d in plan.defaults)


# --- two MET types in one request ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Plot the PF MET for events with PUPPI MET > 80 GeV",
        "Plot PUPPI MET for events with PF MET > 50 GeV",
        "Compare MET and PUPPI MET",
        "Plot the MET and the raw MET",
        "mT of the leading muon and the type-1 MET for events with PuppiMET > 40 GeV",
    ],
)
def test_two_met_types_are_asked(catalog, text):
    # was: one MET (the PUPPI one, or the raw one) for the cut and the plot, no word
    plan = parser_plan(text, catalog)
    assert not plan.ok
    assert "MET" in plan.question and "Which MET" in plan.question


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("PUPPI MET for events with two muons", "PuppiMET"),
        ("the PUPPI missing transverse momentum (MET), 50 bins", "PuppiMET"),
        ("Plot the PF MET for events with PF MET > 80 GeV", "MET"),
        ("raw MET for events with raw MET > 30 GeV", "RawMET"),
    ],
)
def test_one_met_type_is_planned(catalog, text, met):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert {o.met for o in plan.spec.observables if o.kind == "met"} == {met}


# --- an object definition after a list of plots ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass and the leading muon pT, muons above 25 GeV",
        "the dimuon mass and the leading muon pT for muons above 25 GeV",
        "the leading muon pT and the dimuon mass, muons above 25 GeV",
    ],
)
def test_a_definition_after_a_list_is_every_plot_of_those_objects(catalog, text):
    # was: no split (the definition counted as a third item), asked
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert sorted(plotted_fields(plan)) == sorted([("dimuon", "mass"), ("muons", "pt")])
    assert ("pt", ">", 25.0) in object_cuts(plan, "muons")


def test_a_definition_after_a_list_applies_to_its_objects_only(catalog):
    plan = parser_plan("the dimuon mass and the leading jet pT, jets above 50 GeV", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 50.0) in object_cuts(plan, "jets")
    assert ("pt", ">", 20.0) in object_cuts(plan, "muons")  # the muons' default, stated
    assert any("muons: pT > 20 GeV" in d for d in plan.defaults)


# --- a follow-up that changes how one plot of several is drawn --------------------------------

TWO_PLOTS = "the dimuon mass and the leading muon pT, muons above 25 GeV"


@pytest.mark.parametrize(
    ("followup", "log_y"),
    [
        ("log scale for the muon pT only", [False, True]),
        ("use log y on the pT histogram only", [False, True]),
        ("log scale for the mass plot", [True, False]),
    ],
)
def test_a_drawing_followup_naming_one_plot_changes_that_plot(catalog, followup, log_y):
    # was: a new plan of the muon pT alone (the mass plot and the 25 GeV cut gone), or asked
    plan = _after(TWO_PLOTS, followup, catalog)
    assert plan.ok, plan.question
    assert sorted(plotted_fields(plan)) == sorted([("dimuon", "mass"), ("muons", "pt")])
    pairs = zip(plotted_fields(plan), plan.spec.histograms, strict=True)
    by_field = {f: h.log_y for (_, f), h in pairs}
    assert [by_field["mass"], by_field["pt"]] == log_y
    assert ("pt", ">", 25.0) in object_cuts(plan, "muons")
    assert any("only" in n for n in plan.notes)


def test_a_binning_followup_naming_one_plot_changes_that_plot(catalog):
    plan = _after(TWO_PLOTS, "50 bins for the mass", catalog)
    assert plan.ok, plan.question
    bins = {f: h.bins for (_, f), h in zip(plotted_fields(plan), plan.spec.histograms, strict=True)}
    assert bins == {"mass": 50, "pt": 40}


def test_a_drawing_followup_naming_both_plots_applies_to_each(catalog):
    # "the muon plot": both plots are of muons (the words name no one plot)
    plan = _after(TWO_PLOTS, "log scale for the muon plot", catalog)
    assert plan.ok, plan.question
    assert [h.log_y for h in plan.spec.histograms] == [True, True]


# --- a follow-up that adds a plot of other objects ---------------------------------------------

DIMUON = "dimuon mass, opposite-sign muons above 25 GeV"


@pytest.mark.parametrize(
    ("followup", "added"),
    [
        ("also the number of jets", ("jets", None)),
        ("I'd also like the number of jets", ("jets", None)),
        ("and the HT too", ("jets", None)),
        ("plus the leading jet pT", ("jets", "pt")),
        ("can you also plot the leading jet pT", ("jets", "pt")),
        ("and the leading muon pT too", ("muons", "pt")),
    ],
)
def test_a_followup_adding_a_plot_of_other_objects_adds_it(catalog, followup, added):
    # was: asked ("ask for both in one request"), a fresh plan ("I'd also like"), or an
    # invalid-spec message ("and the HT too": the HT of the dimuon pair)
    plan = _after(DIMUON, followup, catalog)
    assert plan.ok, plan.question
    fields = plotted_fields(plan)
    assert fields[0] == ("dimuon", "mass")
    assert fields[1] == added
    assert ("pt", ">", 25.0) in object_cuts(plan, "muons")
    assert any(n.startswith("Added a plot of") for n in plan.notes)
    # the added plot is filled from the events of the plot shown: it has the pair
    obs = plan.spec.observable(plan.spec.histograms[1].observable)
    steps = plan.spec.histograms[1].steps
    names = steps if steps is not None else [s.name for s in plan.spec.selection]
    pair_steps = [s.name for s in plan.spec.selection if s.count and "dimuon" in s.count]
    assert set(pair_steps) & set(names), (obs, names)


@pytest.mark.parametrize("followup", ["I would also like to see the MET", "and the MET"])
def test_a_followup_adding_the_met_fills_it_from_the_events_shown(catalog, followup):
    # was: "I would also like" a fresh plan; the MET added by a follow-up was filled from every
    # event, while the plot shown was of the dimuon events
    plan = _after(DIMUON, followup, catalog)
    assert plan.ok, plan.question
    assert [o.kind for o in (plan.spec.observable(h.observable) for h in plan.spec.histograms)] == [
        "field",
        "met",
    ]
    assert all(h.steps is None for h in plan.spec.histograms)


def test_a_met_beside_a_pair_in_one_request_is_still_of_every_event(catalog):
    # (the reading of one request, unchanged: "the dimuon mass and the MET")
    plan = plan_request(
        "the dimuon mass and the MET, muons above 25 GeV", catalog, mode="parser",
        check_files=False,
    )  # fmt: skip
    assert plan.ok, plan.question
    met = [h for h in plan.spec.histograms if plan.spec.observable(h.observable).kind == "met"]
    assert met and met[0].steps == []


# --- a jet's own mass ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "index"),
    [
        ("mass of the leading b-jet", ("bjets", "mass"), 0),
        ("b-jet mass", ("bjets", "mass"), None),
        ("b-jet mass, DeepJet medium", ("bjets", "mass"), None),
        ("mass of the b-jets", ("bjets", "mass"), None),
        ("mass of AK8 jets", ("fatjets", "mass"), None),
        ("mass of the fatjets with pt>400", ("fatjets", "mass"), None),
        ("jet mass of the AK4 jets", ("jets", "mass"), None),
        ("jets mass distribution", ("jets", "mass"), None),
    ],
)
def test_a_jets_mass_is_its_own(catalog, text, expected, index):
    # was: the mass of the two leading (b-, AK8) jets, >= 2 of them required, no note
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [expected]
    assert plan.spec.observable(plan.spec.histograms[0].observable).index == index
    assert not plan.spec.combinations


@pytest.mark.parametrize(
    "text",
    ["dijet mass", "the invariant mass of the b-jets", "mass of the two leading b-jets",
     "the mass of the two jets"],
)  # fmt: skip
def test_a_pair_of_jets_keeps_the_pair_mass(catalog, text):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    ((of, field),) = plotted_fields(plan)
    assert field == "mass" and of in {c.name for c in plan.spec.combinations}


# --- the number of pairs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "number of same-sign electron pairs per event",
        "number of dimuon candidates per event",
        "number of dijet combinations per event",
    ],
)
def test_the_number_of_pairs_counts_every_pair(catalog, text):
    # was: pairs of the 2 leading objects only (at most one: always 1), >= 1 pair required
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.leading is None and comb.choose == "all"
    assert not any(s.count == comb.name for s in plan.spec.selection)
    assert plan.spec.histograms[0].label.startswith("Number of pairs")


def test_the_number_of_pairs_beside_the_pair_mass_counts_every_pair(catalog):
    plan = parser_plan("the dimuon mass and the number of dimuon candidates", catalog)
    assert plan.ok, plan.question
    counted = plan.spec.observable(plan.spec.histograms[1].observable)
    assert counted.kind == "count"
    comb = next(c for c in plan.spec.combinations if c.name == counted.of)
    assert comb.leading is None
    plotted = next(c for c in plan.spec.combinations if c.name == plotted_fields(plan)[0][0])
    assert plotted.leading == 2  # the mass is still of the two leading muons


# --- "where it exceeds ..." after a pair mass ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the invariant mass of the two leading jets for events where it exceeds 1200 GeV",
        "plot the invariant mass of the two leading muons for events where it is above 200 GeV",
        "plot the mass of the two leading electrons, requiring it to be above 120 GeV",
    ],
)
def test_it_after_a_pair_mass_is_asked(catalog, text):
    # was: each object's pT cut at that value, no mass cut, no note
    plan = parser_plan(text, catalog)
    assert not plan.ok
    assert "'it'" in plan.question


def test_it_after_the_met_is_still_the_met(catalog):
    plan = parser_plan("the MET, require it to be above 50 GeV", catalog)
    assert plan.ok, plan.question
    assert [(s.op, s.value) for s in plan.spec.selection] == [(">", 50.0)]


# --- the range follows event cuts built after the plot ------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dimuon pT for dimuon pT > 200", (200.0, 400.0)),
        ("plot the leading b-jet pT for events with leading b jet pT > 400", (400.0, 800.0)),
        ("plot the dijet pT with dijet pT > 400 GeV", (400.0, 800.0)),
    ],
)
def test_the_range_follows_an_event_cut_on_the_plotted_pair_or_rank(catalog, text, expected):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [expected]
    assert any(d.startswith(f"binning: {plan.spec.histograms[0].bins} bins from {expected[0]:g}")
               for d in plan.defaults)  # fmt: skip


# --- a follow-up naming the plot shown and only how to draw it -----------------------------------

CUTS = "plot the dimuon mass for events with at least two jets above 40 GeV and MET below 50"


@pytest.mark.parametrize(
    ("followup", "drawn"),
    [
        ("dimuon mass: 50 bins", (50, 60.0, 120.0, False)),
        ("dimuon mass from 70 to 110", (30, 70.0, 110.0, False)),
        ("log scale for the dimuon mass", (30, 60.0, 120.0, True)),
    ],
)
def test_a_drawing_followup_naming_the_plot_keeps_its_selection(catalog, followup, drawn):
    # was: a new plan of the dimuon mass alone (the jets and the MET cut gone), no note
    first = parser_plan(CUTS, catalog)
    plan = parser_plan(followup, catalog, previous=first)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop, h.log_y) == drawn
    assert [s.name for s in plan.spec.selection] == [s.name for s in first.spec.selection]


@pytest.mark.parametrize(
    ("followup", "ranges"),
    [
        ("MET range 0 to 500", [(0.0, 500.0), (0.0, 300.0)]),
        ("the leading jet pT from 0 to 1000", [(0.0, 200.0), (0.0, 1000.0)]),
    ],
)
def test_a_drawing_followup_naming_one_plot_of_two_keeps_both(catalog, followup, ranges):
    # was: a new plan of that plot alone, the other plot and the >= 2 jets gone, no note
    plan = _after(
        "plot the MET and the leading jet pT for events with at least 2 jets", followup, catalog
    )
    assert plan.ok, plan.question
    assert _ranges(plan) == ranges
    assert any(s.count == "jets" and s.value == 2 for s in plan.spec.selection)
