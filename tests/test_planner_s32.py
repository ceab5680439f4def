"""Session 32: the coverage check and the wordings read in this session.

A placeholder of an f-string pattern in the rule modules (``rf"...{lx.NUM}..."``) stands for
text the code fills in; the coverage check lets any text through there, and before this
session the words it let through counted as known when the pattern spelled them elsewhere.
"""

from __future__ import annotations

from chathep.planner import coverage
from chathep.regex import compile as re_compile


def _recogniser(source: str):
    # the f-string itself (its literal parts are collected too, as string constants)
    (pattern,) = [p for p in coverage._regexes_in(source) if coverage._HOLE in p]
    return re_compile(pattern)


def test_a_word_in_an_fstring_placeholder_is_not_known_by_that_pattern(catalog):
    pattern = _recogniser('P = rf"\\b(?:peak|window)\\s+{X}\\s+region\\b"\n')
    text = "peak window region"
    assert pattern.search(text) is not None  # the placeholder lets "window" through
    # "peak" and "region" are the pattern's own words; "window", where the value goes, is not
    assert coverage.unknown_words(text, catalog, recognisers=[pattern]) == ["window"]
    # the same word in the pattern's own place is known
    assert (
        coverage.unknown_words(
            "window", catalog, recognisers=[_recogniser('P = rf"\\b(?:peak|window)\\b{X}"\n')]
        )
        == []
    )


def test_group_names_spell_no_words():
    # the placeholder's group name ("coverage_hole_0") is no word of the pattern
    assert not coverage._spelled_in("hole", r"\bpeak\s+(?P<coverage_hole_0>[^.;]{0,40}?)")
    assert coverage._spelled_in("peaks", r"\bpeak\s+(?P<coverage_hole_0>[^.;]{0,40}?)")


# --- wordings a physicist writes that were asked about (session 31's list) -----------------

import pytest  # noqa: E402

from tests.test_planner_s18 import _cuts  # noqa: E402
from tests.test_planner_s26 import _plan  # noqa: E402


def _mass_steps(plan):
    spec = plan.spec
    return [
        (s.op, s.value)
        for s in spec.selection
        if s.observable and spec.observable(s.observable).field == "mass"
    ]


def _counts(plan):
    return {(s.count, s.op, s.value) for s in plan.spec.selection if s.count}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dimuon mass at or above 12 GeV", (">", 12.0)),  # was: "a threshold on 'or'"
        ("dimuon mass beyond 120 GeV", (">", 120.0)),  # was: 'beyond' asked
        ("dimuon mass at or below 150 GeV", ("<", 150.0)),
    ],
)
def test_comparisons_in_words_are_the_mass_cut(catalog, text, expected):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _mass_steps(plan) == [expected]


def test_up_to_and_including_is_read_as_up_to(catalog):
    # was: 'and including 150 gev' asked; "up to 150 GeV" is the histogram's upper edge
    plan = _plan("dimuon mass up to and including 150 GeV", catalog)
    reference = _plan("dimuon mass up to 150 GeV", catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms == reference.spec.histograms
    assert plan.spec.selection == reference.spec.selection
    assert plan.spec.histograms[0].stop == 150.0


def test_beyond_an_eta_value_is_the_forward_region(catalog):
    plan = _plan("jet pT for jets with |eta| beyond 2.5", catalog)
    assert plan.ok, plan.question
    assert ("eta", ">", 2.5) in {(f.replace("abs_", ""), op, v) for f, op, v in _cuts(plan, "jets")}


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("dimuon mass, no jets", "jets"),  # was: 'dimuon mass, no jets' asked
        ("dimuon mass with no jets", "jets"),
        ("dimuon mass with a jet veto", "jets"),
        ("dimuon mass with no b-jets above 30 GeV", "bjets"),  # (the follow-up phrase)
    ],
)
def test_no_jets_and_a_jet_veto_are_events_without_jets(catalog, text, count):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert {(c, op, v) for c, op, v in _counts(plan) if c == count} <= {
        (count, "<=", 0.0),
        (count, "==", 0.0),
    }
    assert any(c == count for c, _, _ in _counts(plan))
    assert plan.spec.observable(plan.spec.histograms[0].observable).field == "mass"


@pytest.mark.parametrize(
    "text",
    ["dimuon mass applying the jet veto maps", "dimuon mass with no jet cuts, jet pT > 20 GeV"],
)
def test_jet_veto_maps_and_no_jet_cuts_are_no_jet_veto(catalog, text):
    plan = _plan(text, catalog)
    assert ("jets", "<=", 0.0) not in (_counts(plan) if plan.ok else set())


def test_the_two_muons_both_is_both_muons(catalog):
    # was: 'the 2 muons 2 exceed 40' asked
    plan = _plan("dimuon mass where the two muons both exceed 40 GeV", catalog)
    reference = _plan("dimuon mass where both muons exceed 40 GeV", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 40.0) in _cuts(plan, "muons")
    assert plan.spec == reference.spec


# --- silently wrong plans found by this session's hunt (each was planned with no note) ---------


def _hist_observables(plan):
    return [plan.spec.observable(h.observable) for h in plan.spec.histograms]


@pytest.mark.parametrize(
    "text",
    [
        "events with at least one b-tagged jet, plot HT",
        "events with no b-jets, plot HT",
        "at least 2 b-jets, plot HT and MET",
    ],
)
def test_ht_in_events_with_b_jets_sums_the_jets(catalog, text):
    # was: the HT of the b-jets (with no b-jets: always 0)
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (ht,) = [o for o in _hist_observables(plan) if o.kind == "ht"]
    assert ht.of == "jets"


def test_the_b_jet_ht_is_still_theirs(catalog):
    plan = _plan("plot the b-jet HT", catalog)
    assert plan.ok, plan.question
    assert [o.of for o in _hist_observables(plan)] == ["bjets"]


@pytest.mark.parametrize("text", ["MET and MET phi", "PUPPI MET and PUPPI MET phi"])
def test_met_and_met_phi_are_two_histograms(catalog, text):
    # was: the MET phi only
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert sorted((o.kind, o.field) for o in _hist_observables(plan)) == [
        ("met", "phi"),
        ("met", "pt"),
    ]


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("dimuon mass and the number of muons", "muons"),
        ("the dijet mass and the number of jets", "jets"),
        # every pair counted (since session 33), not only the plotted leading one
        ("dimuon mass and the number of dimuon candidates", "dimuon_all"),
    ],
)
def test_the_number_of_objects_beside_their_pair_mass(catalog, text, counted):
    # was: the number of dimuon pairs for "the number of muons"
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    counts = [o for o in _hist_observables(plan) if o.kind == "count"]
    assert [o.of for o in counts] == [counted]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("dimuon mass, 2 OS muons, 0 jets", "jets"),
        ("dimuon mass, two muons, zero jets", "jets"),
        ("mll, 2 muons, 0 electrons", "electrons"),
    ],
)
def test_zero_objects_after_another_count_is_none(catalog, text, kind):
    # was: n(jets) >= 0 (the first count's "bare" reading turned into "at least")
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    steps = {(c, op, v) for c, op, v in _counts(plan) if c == kind}
    assert steps and all(op in ("==", "<=") and v == 0.0 for _, op, v in steps)


def test_a_count_of_an_emu_pair_is_no_crash(catalog):
    # was: KeyError 'emu' while the axis was built
    plan = _plan("the e-mu mass and the number of electrons", catalog)
    assert plan.ok, plan.question  # read as two plots, the e-mu mass and the electron count


@pytest.mark.parametrize(
    "text",
    [
        "muon pT for muons with pfRelIso03_all < 0.1",
        "leading muon pt, muons with relIso03 < 0.1",
        "electrons with relIso04 < 0.1, plot electron pT",
    ],
)
def test_an_isolation_variable_the_plan_does_not_cut_on_is_asked(catalog, text):
    # was: the objects' default variable (pfRelIso04_all for muons) with the user's value
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "isolation variable" in plan.question


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("muons with pfRelIso04_all < 0.1, plot muon pT", "pfRelIso04_all", 0.1),
        ("electrons with pfRelIso03_all < 0.1, plot electron pT", "pfRelIso03_all", 0.1),
    ],
)
def test_the_objects_own_isolation_variable_is_read(catalog, text, field, value):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    kind = "muons" if "muon" in text else "electrons"
    assert (field, "<", value) in _cuts(plan, kind)


@pytest.mark.parametrize(
    "text",
    [
        "electron veto ID, plot electron pT",
        "electrons passing the cut-based veto ID, plot electron pT",
    ],
)
def test_the_electron_veto_id_is_cut_based_one(catalog, text):
    # was: no electron ID at all (read as "events with no electrons" + "id")
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert ("cutBased", ">=", 1.0) in _cuts(plan, "electrons")


def test_an_electron_veto_is_still_events_without_electrons(catalog):
    plan = _plan("dimuon mass with an electron veto", catalog)
    assert plan.ok, plan.question
    assert any(c == "electrons" and v == 0.0 for c, _, v in _counts(plan))


@pytest.mark.parametrize(
    ("text", "how", "field"),
    [
        ("the softest muon pT", "min", "pt"),
        ("the pT of the softest jet", "min", "pt"),
        ("the |eta| of the most forward jet", "max", "eta"),
        ("the most forward jet |eta|", "max", "eta"),
    ],
)
def test_softest_and_most_forward_are_per_event_extremes(catalog, text, how, field):
    # was: 'softest' / 'most' asked
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _hist_observables(plan)
    assert (obs.kind, obs.reduce, obs.field) == ("reduce", how, field)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("the eta of the softest muon", "softest"),  # no minimum of eta
        ("the maximum pz of the muons", "maximum"),  # a replacement's words are no recogniser
        ("the eta of the most forward jet", "most"),  # signed: no maximum of |eta|
    ],
)
def test_extremes_that_are_not_read_stay_asked(catalog, text, word):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert f"'{word}'" in plan.question


# --- second batch: definitions, requirements and follow-ups -----------------------------------

from chathep.planner import plan_request  # noqa: E402


def _after(base, followup, catalog):
    first = _plan(base, catalog)
    assert first.ok, first.question
    return plan_request(followup, catalog, mode="parser", check_files=False, previous=first)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("muons with pT < 15 GeV, plot their eta", "muons"),
        ("jets below 30 GeV, plot their eta", "jets"),
    ],
)
def test_an_upper_pt_bound_below_the_default_drops_the_default(catalog, text, kind):
    # was: pt > 20 and pt < 15 (no object could pass), with no note
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert not any(f == "pt" and op == ">" for f, op, _ in _cuts(plan, kind))
    assert any("no lower pT cut" in d for d in plan.defaults)


def test_an_upper_pt_bound_above_the_default_keeps_it_stated(catalog):
    plan = _plan("jets with pT < 100 GeV, plot their eta", catalog)
    assert plan.ok, plan.question
    assert {("pt", ">", 30.0), ("pt", "<", 100.0)} <= _cuts(plan, "jets")


@pytest.mark.parametrize(
    ("text", "kind", "cut"),
    [
        ("anti-isolated muons with pfRelIso04_all > 0.15, plot muon pT", "muons",
         ("pfRelIso04_all", ">", 0.15)),
        ("anti-isolated electrons with pfRelIso03_all > 0.2, plot electron pT", "electrons",
         ("pfRelIso03_all", ">", 0.2)),
    ],
)  # fmt: skip
def test_an_anti_isolation_cut_the_user_writes_replaces_the_default(catalog, text, kind, cut):
    # was: the default > 0.25 beside the user's cut (effectively > 0.25)
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    iso = {c for c in _cuts(plan, kind) if "Iso" in c[0]}
    assert iso == {cut}


@pytest.mark.parametrize(("wp", "field"), [("WP80", "noIso_WP80"), ("WP90", "noIso_WP90")])
def test_the_mva_without_isolation_is_the_noiso_training(catalog, wp, field):
    # was: the Iso training (which cuts on isolation)
    plan = _plan(f"electrons passing the MVA {wp} without isolation, plot electron pT", catalog)
    assert plan.ok, plan.question
    assert any(f.endswith(field) for f, _, _ in _cuts(plan, "electrons"))


def test_jets_cleaned_against_one_kind_only_is_asked(catalog):
    # was: cleaned against the muons and the electrons, against the words
    plan = _plan(
        "jets cleaned against electrons only, plot the leading jet pT in events with an electron "
        "and a muon",
        catalog,
    )
    assert not plan.ok
    assert "cannot yet leave out the muons" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "events with at least one jet with pT > 100 GeV, plot HT",
        "at least one jet with pT > 100, plot the subleading jet pT",
    ],
)
def test_a_cut_on_one_jet_of_a_plot_of_several_is_asked(catalog, text):
    # was: every jet cut at 100 GeV (the HT of jets above 100, the subleading above 100)
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "one jet only" in plan.question


def test_a_cut_on_one_jet_with_the_leading_jet_plotted_is_read(catalog):
    plan = _plan("at least one jet with pT > 100, plot the leading jet pT", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 100.0) in _cuts(plan, "jets")


@pytest.mark.parametrize(
    "text",
    [
        "leading jet pT in ttbar, require an isolated muon above 30 GeV",
        "require a tight muon with pT > 30 GeV, plot the leading jet pT",
    ],
)
def test_require_a_muon_requires_one(catalog, text):
    # was: the muons defined (and the jets cleaned against them), no muon required
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert ("muons", ">=", 1.0) in _counts(plan)


DIMUON = "dimuon mass, opposite-sign muons above 25 GeV"


@pytest.mark.parametrize(
    ("followup", "added"),
    [
        ("and the dimuon pT", ("field", "pt")),
        ("and the MET", ("met", "pt")),
        ("plus the MET", ("met", "pt")),
        ("+ MET", ("met", "pt")),
        ("MET as well please", ("met", "pt")),
        ("additionally the dimuon rapidity", ("field", "rapidity")),
    ],
)
def test_a_followup_that_adds_a_plot_keeps_the_first(catalog, followup, added):
    # was: the first plot replaced (or a new plan with the default 20 GeV muons), no note
    plan = _after(DIMUON, followup, catalog)
    assert plan.ok, plan.question
    kinds = [(o.kind, o.field) for o in _hist_observables(plan)]
    assert ("field", "mass") in kinds and added in kinds
    assert ("pt", ">", 25.0) in _cuts(plan, "muons")


@pytest.mark.parametrize(
    "followup", ["plus the leading jet pT", "can you also plot the leading muon pT"]
)
def test_a_followup_adding_a_plot_of_other_objects_keeps_the_first(catalog, followup):
    # asked in session 32; since session 33 the plot is added, of the events shown
    # (tests/test_planner_s33.py)
    plan = _after(DIMUON, followup, catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2
    assert ("pt", ">", 25.0) in _cuts(plan, "muons")


def test_now_another_quantity_still_replaces(catalog):
    plan = _after(DIMUON, "now the dimuon pT", catalog)
    assert plan.ok, plan.question
    assert [(o.kind, o.field) for o in _hist_observables(plan)] == [("field", "pt")]


@pytest.mark.parametrize(
    "followup",
    [
        "ttbar instead of DY",
        "use ttbar instead of DY",
        "swap DY for ttbar",
        "replace DY with ttbar",
    ],
)
def test_a_sample_swap_takes_the_old_sample_out(catalog, followup):
    # was: both samples kept (and with a data/MC base, the data dropped)
    plan = _after("dimuon mass, data vs DY", followup, catalog)
    assert plan.ok, plan.question
    assert "dy_2018" not in plan.spec.samples
    assert "ttbar_semilep_2022" in plan.spec.samples
    assert any(s.startswith("data_") for s in plan.spec.samples)
    assert any(n.startswith("Replaced dy_2018") for n in plan.notes)


def test_and_a_sample_adds_it(catalog):
    # was: the sample shown replaced
    plan = _after("leading muon pT in DY", "and ttbar", catalog)
    assert plan.ok, plan.question
    assert set(plan.spec.samples) == {"dy_2018", "ttbar_semilep_2022"}


@pytest.mark.parametrize(
    "text",
    ["Z candidate mass from the two leading muons", "Z->mumu mass using the two leading muons"],
)
def test_a_z_candidate_of_the_two_leading_muons_is_that_pair(catalog, text):
    # was: the pair closest to the Z mass, of any charge
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.choose != "closest_mass" and comb.target_mass is None
    assert comb.charge == "opposite"


def test_a_z_candidate_alone_is_still_closest_to_the_z(catalog):
    plan = _plan("Z candidate mass", catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.choose == "closest_mass"


# --- third batch: several plots, "no cut on", "between them", sample words ---------------------

TWO_PLOTS = "the dimuon mass and the leading muon pT"


def _parts(plan):
    return [[(h.name, h.bins) for h in p.spec.histograms] for p in plan.parts]


@pytest.mark.parametrize("followup", ["drop the mass histogram"])
def test_a_followup_naming_one_plot_of_several_changes_only_it(catalog, followup):
    # was: applied to each plot, so both became the dimuon mass and the muon pT was dropped;
    # asked in session 32; since session 33 that plot is dropped ("use 50 bins for the mass" is
    # that plot's binning, tests/test_planner_s33.py)
    plan = _after(TWO_PLOTS, followup, catalog)
    assert plan.ok, plan.question
    assert [h.observable for h in plan.spec.histograms] == ["lead_muons_pt"]
    assert plan.notes[0].startswith("Dropped the plot")


def test_a_binning_followup_naming_one_plot_changes_only_it(catalog):
    plan = _after(TWO_PLOTS, "use 50 bins for the mass", catalog)
    assert plan.ok, plan.question
    assert [h.bins for h in plan.spec.histograms] == [50, 40]


@pytest.mark.parametrize(
    ("followup", "expected"),
    [
        ("finer bins", [[("dimuon_mass", 60)], [("lead_muons_pt", 80)]]),
        ("now for electrons", [[("dielectron_mass", 30)], [("lead_electrons_pt", 40)]]),
    ],
)
def test_a_followup_for_every_plot_still_applies_to_each(catalog, followup, expected):
    plan = _after(TWO_PLOTS, followup, catalog)
    assert plan.ok, plan.question
    assert _parts(plan) == expected


@pytest.mark.parametrize(
    ("followup", "kept"),
    [
        ("no cut on the muon pT", ("eta", "<", 2.4)),
        ("no cut on the muon eta", ("pt", ">", 25.0)),
    ],
)
def test_no_cut_on_the_muon_pt_removes_that_cut(catalog, followup, kept):
    # was: a new plan, the muon pT (or eta) of every muon with no cuts at all
    plan = _after(DIMUON, followup, catalog)
    assert plan.ok, plan.question
    assert [(o.kind, o.field) for o in _hist_observables(plan)] == [("field", "mass")]
    cuts = _cuts(plan, "muons")
    assert kept in cuts
    removed = "pt" if "pT" in followup else "eta"
    assert len([c for c in cuts if c[0] == removed]) == 0


def test_the_angle_between_them_after_two_kinds_is_asked(catalog):
    # was: the delta phi of two jets, while "them" is the MET and the leading jet
    plan = _plan("MET > 100 and leading jet pT > 100, plot the delta phi between them", catalog)
    assert not plan.ok
    assert "between which two" in plan.question


@pytest.mark.parametrize(
    "text",
    ["dimuon mass, MC only", "just the simulation please, dimuon mass",
     "leading muon pT in background MC"],
)  # fmt: skip
def test_mc_only_says_which_mc_is_left_out(catalog, text):
    # was: DY alone, the 2022 ttbar left out with no word
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert any("not used: ttbar_semilep_2022" in n for n in plan.notes)


def test_run_2_says_what_the_catalog_holds(catalog):
    # was: the Run2018A extract, with no word
    plan = _plan("dimuon mass for all of Run 2", catalog)
    assert plan.ok, plan.question
    assert any("not the full Run 2" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("the leading muon pT and the number of muons", "count"), ("leading jet pT and HT", "ht")],
)
def test_a_count_beside_a_ranked_plot_is_of_every_event(catalog, text, kind):
    # was: filled only in events with a leading muon (n >= 1): its 0 bin empty, and the other
    # order of the words gave two plots without that step
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (hist,) = [h for h in plan.spec.histograms if plan.spec.observable(h.observable).kind == kind]
    rank = [s.name for s in plan.spec.selection if s.count and s.op == ">=" and s.value == 1]
    assert rank and hist.steps is not None and not set(rank) & set(hist.steps)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("dimuon mass, DY normalised to data in the 80-100 GeV window", "not of a window"),
        ("dimuon mass, DY normalised to data, ttbar to its cross section", "not one sample alone"),
    ],
)
def test_a_normalisation_the_plan_cannot_do_is_asked(catalog, text, said):
    # was: the histogram range set to 80-100 GeV; both DY and ttbar scaled to the data
    plan = _plan(text, catalog)
    assert not plan.ok
    assert said in plan.question


def test_dy_normalised_to_data_alone_is_read(catalog):
    plan = _plan("dimuon mass, DY normalised to data", catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].mc_to_data


@pytest.mark.parametrize(
    "text", ["dimuon mass for all opposite-sign pairs", "dimuon mass, every OS pair in the event"]
)
def test_all_pairs_after_a_dimuon_mass_are_every_muon_pair(catalog, text):
    # was: the two leading muons
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert (pair.choose, pair.charge) == ("all", "opposite")


def test_no_trigger_requirement_is_the_plan_without_a_trigger(catalog):
    # was: asked ('dimuon mass, no trigger requirement')
    plan = _plan("dimuon mass, no trigger requirement", catalog)
    assert plan.ok, plan.question
    assert not any(s.triggers for s in plan.spec.selection)


def test_data_only_no_mc_is_the_data(catalog):
    plan = _plan("dimuon mass, data only, no MC", catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == ["data_2018A_doublemuon"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("dimuon mass with two loose ID muons", "looseId"),
        ("Plot m_mumu for two medium-ID muons with relIso < 0.15", "mediumId"),
    ],
)
def test_n_id_muons_have_that_id(catalog, text, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    ids = {f for f, _, _ in _cuts(plan, "muons") if f.endswith("Id")}
    assert ids == {field}


@pytest.mark.parametrize(
    "text",
    [
        "Plot the leading jet pT for events with at least one jet with |eta| > 3",
        "Plot the leading muon eta for events with at least one muon in the endcap",
        "Plot the muon pT for events with at least one muon in the barrel",
        "Plot the electron pT for events with at least one electron above 40 GeV",
    ],
)
def test_a_cut_on_one_object_with_every_or_the_leading_one_plotted_is_asked(catalog, text):
    # was: the cut put on every object, so the leading forward jet (not the event's leading
    # jet) and only the barrel muons were plotted, with no note (a helper's hunt)
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "one " in plan.question and "only" in plan.question
