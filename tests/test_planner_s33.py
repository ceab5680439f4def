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


def _cut_steps(plan, kind):
    """The selection steps on an observable of ``kind`` ("met", "mt", ...)."""
    spec = plan.spec
    return [
        s for s in spec.selection if s.observable and spec.observable(s.observable).kind == kind
    ]


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
        # the cut in the lower half of the default range: the default range kept (session 34:
        # a cut in the upper half, "MET > 150 GeV", moves it: tests/test_planner_s34.py)
        ("Plot the MET for events with MET > 90 GeV", (0.0, 200.0)),
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


# --- a bare mT in the selection after a plotted mT ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("mT of the leading electron and MET, for events with mT between 60 and 100 GeV",
         [(">", 60.0), ("<", 100.0)]),
        ("transverse mass of the muon and MET for events with mT > 50 GeV", [(">", 50.0)]),
        ("mT of the leading muon and MET for events with mT(mu, MET) > 50 GeV", [(">", 50.0)]),
        ("the mT of the muon and the MET, requiring mT(W) > 40", [(">", 40.0)]),
    ],
)  # fmt: skip
def test_a_bare_mt_cut_is_the_plotted_mt(catalog, text, bounds):
    # was: the axis range only (no cut), or asked
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    plotted = plan.spec.observable(plan.spec.histograms[0].observable)
    assert plotted.kind == "mt"
    assert [(s.op, s.value) for s in _cut_steps(plan, "mt")] == bounds
    assert any("read as the plotted transverse mass" in n for n in plan.notes)


def test_the_range_of_a_plotted_mt_stays_the_axis(catalog):
    plan = parser_plan("the mT of the muon and the MET from 0 to 300 GeV", catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [(0.0, 300.0)]
    assert not _cut_steps(plan, "mt")


# --- a ratio written with a slash that is not read ------------------------------------------------


def test_an_unread_ratio_is_asked(catalog):
    # was: the jet pT, the denominator dropped, no note
    plan = parser_plan("pT(jet)/pT(Z) in Z+jets events", catalog)
    assert not plan.ok
    assert "ratio" in plan.question


@pytest.mark.parametrize("text", ["MET/HT", "leading jet pT / dimuon pT"])
def test_a_read_ratio_is_planned(catalog, text):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind == "ratio"


# --- the number of leptons beside a dilepton mass; the number of events ---------------------------


def test_the_number_of_leptons_beside_the_dilepton_mass_counts_leptons(catalog):
    # was: the number of dilepton pairs
    plan = parser_plan("dilepton mass and the number of leptons", catalog)
    assert plan.ok, plan.question
    counted = plan.spec.observable(plan.spec.histograms[1].observable)
    assert (counted.kind, counted.of) == ("count", "leptons")
    assert plan.spec.object("leptons").merge == ["electrons", "muons"]


@pytest.mark.parametrize(
    "text",
    ["ttbar leading jet pT, number of MC events",
     "the dimuon mass and the number of selected events"],
)  # fmt: skip
def test_the_number_of_events_is_the_yields(catalog, text):
    # was: a histogram of the number of jets (muons) added, no note
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 1
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind != "count"
    assert any("yields" in n for n in plan.notes)


# --- session 33, second hunt ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pair"),
    [("Z->mumu, plot mll", "dimuon"),
     ("Z to mumu, apply muon ID and isolation scale factors, plot mll", "dimuon"),
     ("Z->ee, plot mll", "dielectron")],
)  # fmt: skip
def test_a_named_z_decay_is_the_flavour_of_the_plotted_pair(catalog, text, pair):
    # was: ee and mumu pairs together, no note
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [(pair, "mass")]


@pytest.mark.parametrize(
    "text",
    ["dimuon mass with the MC reweighted for pileup",
     "dimuon mass, apply b-tag SFs to the MC",
     "leading jet pT, JEC applied to the MC"],
)  # fmt: skip
def test_a_correction_on_the_mc_keeps_the_data(catalog, text):
    # was: the simulation alone, the data dropped, no note
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    samples = plan.spec.samples  # "auto": the era's data and simulation
    assert samples == "auto" or any(catalog[s].is_data for s in samples)
    assert any("the correction applies to the simulation" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "delta phi between leading muon and leading jet with pt > 50",
        "delta R between the muon and the leading b-tagged jet with pt > 40",
        "dphi between the leading electron and the leading muon with pt > 30",
    ],
)
def test_an_angle_between_two_kinds_planned_within_one_is_asked(catalog, text):
    # was: DeltaPhi(muons, muons), two muons required, the jet only a cut
    plan = parser_plan(text, catalog)
    assert not plan.ok
    assert "the angle between" in plan.question


def test_an_angle_between_two_kinds_is_still_planned(catalog):
    plan = parser_plan("delta phi between the leading muon and the leading jet", catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.other) == ("muons", "jets")


@pytest.mark.parametrize(
    "text",
    [
        "cos of delta phi between the two leading muons",
        "cos delta phi(mu1, MET)",
        "delta phi/pi between the two leading jets",
        "log of the dimuon mass",
        "max delta R between any two jets",
        "min dR between jets in the event",
        "sum of delta R over all jet pairs",
    ],
)
def test_a_function_or_reduction_of_a_quantity_is_asked(catalog, text):
    # was: the quantity itself (of the leading pair; "log of": a log y axis), no note
    plan = parser_plan(text, catalog)
    assert not plan.ok


@pytest.mark.parametrize(
    "text",
    ["dimuon mass on a log scale", "the minimum delta R between the leading muon and any jet"],
)
def test_a_log_axis_and_the_nearest_object_are_still_planned(catalog, text):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question


MUON_MET = "plot the leading muon pt and the MET for events with exactly one muon pt>30 and MET>30"


def test_a_complete_request_in_a_conversation_says_it_starts_again(catalog):
    # was: every earlier cut gone, no word
    plan = _after(MUON_MET, "the muon eta", catalog)
    assert plan.ok, plan.question
    assert any(n.startswith("Read as a new request") for n in plan.notes)


@pytest.mark.parametrize(
    ("followup", "kinds"), [("only the MET", ["met"]), ("drop the MET plot", ["field"])]
)
def test_dropping_or_keeping_one_added_histogram(catalog, followup, kinds):
    # was: an invalid-spec message (two histograms of one name)
    plan = _after(MUON_MET, followup, catalog)
    assert plan.ok, plan.question
    assert [plan.spec.observable(h.observable).kind for h in plan.spec.histograms] == kinds
    assert [(s.op, s.value) for s in _cut_steps(plan, "met")] == [(">", 30.0)]  # kept


def test_use_puppi_met_changes_the_cut_not_the_plot(catalog):
    # was: the PUPPI MET plotted, the dimuon mass gone
    plan = _after("dimuon mass with MET < 40", "use PUPPI MET", catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [("dimuon", "mass")]
    met_cuts = [plan.spec.observable(s.observable) for s in _cut_steps(plan, "met")]
    assert [o.met for o in met_cuts] == ["PuppiMET"]


def test_a_cut_said_of_the_met_but_not_placed_on_it_is_asked(catalog):
    # was: the muons cut at 50 GeV, no MET cut, no note
    plan = parser_plan("delta phi between leading muon and MET with pt > 50", catalog)
    assert not plan.ok
    assert "a cut on the MET" in plan.question


@pytest.mark.parametrize("followup", ["now the muon eta", "and the electron pt"])
def test_one_lepton_after_an_emu_pair_is_asked(catalog, followup):
    # was: a dimuon (dielectron) pair's quantity, two such leptons required, "as before"
    base = "opposite-sign e-mu pair with pT > 20 GeV, at least one b-jet, plot the emu mass"
    plan = _after(base, followup, catalog)
    assert not plan.ok
    assert plan.question.startswith("After the e-mu pair")


def test_a_z_window_of_a_pair_inside_a_triplet_is_asked(catalog):
    # was: no pair, no window cut; the window the axis of the three-lepton mass, no note
    plan = parser_plan(
        "WZ: three leptons, an OSSF pair with mass within 15 GeV of the Z, plot the "
        "three-lepton mass", catalog,
    )  # fmt: skip
    assert not plan.ok
    assert "Z window" in plan.question


def test_the_three_lepton_mass_is_titled_so(catalog):
    plan = parser_plan("three-lepton mass for events with three leptons", catalog)
    assert plan.ok, plan.question
    assert plan.spec.title.startswith("Three-lepton mass")  # was: "Three-muon mass"


# --- the coverage hazard of session 32: an f-string replacement is a recogniser ------------------


def test_an_fstring_replacement_of_a_rewrite_is_no_recogniser():
    # every f-string of lexicon.py was collected as a pattern by the coverage check; as the
    # replacement a rewrite's lambda returns ("lambda m: f'the maximum {...} |eta|'") its open
    # part matched any text, so the words it spells were known after any words (session 32:
    # "the maximum pz of the muons" planned silently)
    from chathep.planner import coverage

    source = (
        'R = [(r"\\bmost\\s+forward\\b", lambda m: f"the maximum {m.group(0)} |eta|")]\n'
        'P = rf"\\bpeak\\s+{X}\\s+region\\b"\n'
    )
    found = coverage._regexes_in(source)
    assert not any("maximum" in p for p in found)  # the replacement: no pattern
    assert any("peak" in p and coverage._HOLE in p for p in found)  # a pattern f-string: kept


# --- session 33, third hunt -----------------------------------------------------------------------

MET_BASE = "the dimuon mass for events with MET > 50"


@pytest.mark.parametrize("followup", ["drop the MET cut", "no MET cut", "without the MET cut"])
def test_dropping_the_met_cut_removes_it(catalog, followup):
    # was: the MET plotted instead of the dimuon mass, the cut kept
    plan = _after(MET_BASE, followup, catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [("dimuon", "mass")]
    assert not _cut_steps(plan, "met")
    assert any(n.startswith("Removed the cut MET > 50") for n in plan.notes)


@pytest.mark.parametrize(
    ("followup", "start"),
    [("drop the MET plot", "There is no"), ("drop the HT cut", "The plan has no")],
)
def test_dropping_what_the_plan_has_not_is_asked(catalog, followup, start):
    # was: "drop the MET plot" plotted the MET instead of the dimuon mass
    plan = _after(MET_BASE, followup, catalog)
    assert not plan.ok
    assert plan.question.startswith(start)


@pytest.mark.parametrize(
    ("followup", "met_hist"),
    [
        ("also the MET from 0 to 500", (20, 0.0, 500.0)),
        ("also the MET with 50 bins", (50, 0.0, 200.0)),
    ],
)
def test_the_binning_of_an_added_met_is_its_own(catalog, followup, met_hist):
    # was: the binning applied to the dimuon mass too (or the range to the mass only)
    plan = _after(MET_BASE, followup, catalog)
    assert plan.ok, plan.question
    mass, met = plan.spec.histograms
    assert (mass.bins, mass.start, mass.stop) == (30, 60.0, 120.0)
    assert (met.bins, met.start, met.stop) == met_hist


def test_a_cut_of_an_added_met_is_its_own(catalog):
    # was: MET > 100 for the whole plan, the dimuon mass too
    plan = _after(MET_BASE, "also the MET for events with MET > 100", catalog)
    assert plan.ok, plan.question
    mass, met = plan.spec.histograms
    cut = {s.name: s.value for s in _cut_steps(plan, "met")}
    assert [cut[n] for n in mass.steps if n in cut] == [50.0]
    assert 100.0 in [cut[n] for n in met.steps if n in cut]


def test_every_jet_for_events_with_a_jet_above_is_asked(catalog):
    # was: only the jets above 500 GeV plotted, no note
    plan = parser_plan("the jet pT for events with a jet above 500 GeV", catalog)
    assert not plan.ok


@pytest.mark.parametrize(
    "text",
    [
        "the MET and the leading muon pT, MET above 100",
        "the MET and the dimuon mass, MET above 100",
    ],
)
def test_a_met_listed_first_then_cut_on_is_plotted_with_the_cut(catalog, text):
    # was (session 32): no MET histogram, no note; session 33: asked. Session 34: the event
    # requirement after the list is every plot's, the MET is one of them
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    kinds = {plan.spec.observable(h.observable).kind for h in plan.spec.histograms}
    assert len(plan.spec.histograms) == 2 and "met" in kinds
    assert any(s.op == ">" and s.value == 100 for s in plan.spec.selection)


@pytest.mark.parametrize(
    ("text", "kind", "bounds"),
    [
        ("MET for events with 100 < MET < 300", "met", [(">", 100.0), ("<", 300.0)]),
        ("the HT for events with 500 < HT < 1000", "ht", [(">", 500.0), ("<", 1000.0)]),
    ],
)
def test_a_two_sided_condition_on_the_plotted_quantity_is_a_cut_too(catalog, text, kind, bounds):
    # was: the axis range only, no cut (the yields of every event)
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert [(s.op, s.value) for s in _cut_steps(plan, kind)] == bounds
    assert _ranges(plan) == [(bounds[0][1], bounds[1][1])]


def test_a_two_sided_range_of_the_plotted_met_stays_the_axis(catalog):
    plan = parser_plan("plot the MET for 50 < MET < 150 GeV", catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [(50.0, 150.0)]
    assert not plan.spec.selection


def test_an_added_ht_after_a_met_plot_is_a_plot_of_its_own(catalog):
    # was: an invalid-spec message (an observable named "ht_None")
    plan = _after(
        "the MET for events with two opposite-sign muons and MET > 250",
        "also the HT with log scale", catalog,
    )  # fmt: skip
    assert plan.ok, plan.question
    kinds = [plan.spec.observable(h.observable).kind for h in plan.spec.histograms]
    assert kinds == ["met", "ht"]
    assert [h.log_y for h in plan.spec.histograms] == [False, True]


@pytest.mark.parametrize("followup", ["and the HT too", "also the number of jets"])
def test_a_plot_added_to_a_two_plot_plan_keeps_both(catalog, followup):
    # was: an invalid-spec message ("ht_dimuon"), or the follow-up applied to each plot
    plan = _after(TWO_PLOTS, followup, catalog)
    assert plan.ok, plan.question
    fields = plotted_fields(plan)
    assert fields[:2] == [("dimuon", "mass"), ("muons", "pt")]
    assert fields[2][0] == "jets" and len(fields) == 3


def test_dropping_one_plot_of_two_keeps_the_other(catalog):
    plan = _after("the dimuon mass and the leading muon pT", "remove the muon pT plot", catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [("dimuon", "mass")]
    unknown = _after("the dimuon mass and the leading muon pT", "drop the jet plot", catalog)
    assert not unknown.ok and unknown.question.startswith("Which plot should I drop?")


def test_a_plot_added_where_the_events_shown_are_not_kept_is_asked(catalog):
    # the number of jets read with "now" after the e-mu mass drops the e-mu pair: the added
    # plot would not be of the events shown (was: "filled from the same events", untrue)
    base = (
        "ttbar emu: an opposite-sign electron-muon pair, both leptons pT > 25, at least two "
        "jets, plot the emu invariant mass on the ttbar sample"
    )
    plan = _after(base, "also the number of jets", catalog)
    assert not plan.ok


def test_undo_after_a_drawing_of_one_plot_goes_back(catalog):
    plan = _after(TWO_PLOTS, "log scale for the muon pT only", catalog)
    back = parser_plan("undo", catalog, previous=plan)
    assert back.ok, back.question
    assert [h.log_y for h in back.spec.histograms] == [False, False]
