"""Session 19: known open planner items (a follow-up's own charged pair, the leading N objects,
"these events" with no antecedent, Z events defined in a parenthesis, lepton cleaning, the mass
of two ranked jets, the lepton not in a chosen pair, capitalised MadAnalysis lines, the Z-mass
pair choice with no window)."""

from __future__ import annotations

import pytest

from tests._plans import first_plotted, object_cuts, parser_plan

OS_DIMUON = "dimuon mass of opposite-sign muons above 25 GeV"


_plan = parser_plan
_cuts = object_cuts
_plotted = first_plotted


# --- 1. a follow-up naming its own charged pair keeps the charge -------------------------------
@pytest.mark.parametrize(
    ("followup", "counted"),
    [
        ("now the number of electrons in events with two opposite-sign muons", "electrons"),
        ("now the electron multiplicity in events with two oppositely charged muons", "electrons"),
        ("and the number of jets in events with two opposite-sign muons", "jets"),
    ],
)
def test_a_followup_with_its_own_opposite_sign_muons_keeps_the_charge(catalog, followup, counted):
    plan = _plan(followup, catalog, previous=_plan(OS_DIMUON, catalog))
    assert plan.ok, plan.question
    assert _plotted(plan) == ("count", counted)
    (pair,) = plan.spec.combinations  # was: no pair, the charge dropped
    assert (pair.inputs, pair.charge, pair.choose) == (["muons"], "opposite", "all")
    assert any(s.count == pair.name and s.value == 1 for s in plan.spec.selection)
    assert any(s.count == "muons" and s.op == ">=" and s.value == 2 for s in plan.spec.selection)
    # the muons keep the cut stated for them (was: moved to the electrons)
    assert ("pt", ">", 25.0) in _cuts(plan, "muons")
    assert not any("not those of the previous plot" in n for n in plan.notes)  # was said
    assert any("read as at least 2" in n for n in plan.notes)


def test_a_followup_with_its_own_pair_plans_as_the_same_request_alone(catalog):
    text = "the number of electrons in events with two opposite-sign muons"
    alone = _plan(text, catalog)
    after = _plan("now " + text, catalog, previous=_plan("the dimuon mass", catalog))
    assert after.ok and alone.ok
    assert after.spec.combinations == alone.spec.combinations
    assert after.spec.selection == alone.spec.selection
    assert after.spec.objects == alone.spec.objects


def test_a_charge_alone_in_a_followup_still_changes_the_plotted_pair(catalog):
    plan = _plan("now same-sign pairs", catalog, previous=_plan(OS_DIMUON, catalog))
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.charge == "same" and _plotted(plan)[1] == pair.name


# --- 2. "up to three jets' pT": the pT of each of the leading jets, no count cut ---------------
@pytest.mark.parametrize(
    ("text", "n", "field"),
    [
        ("plot up to 3 jets pT", 3, "pt"),
        ("pT of up to three jets", 3, "pt"),
        ("the pT of the first three jets", 3, "pt"),
        ("the pT of the three leading jets", 3, "pt"),
        ("plot the eta of the leading four jets", 4, "eta"),
    ],
)
def test_the_leading_n_objects_are_one_histogram_per_rank(catalog, text, n, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    observables = [plan.spec.observable(h.observable) for h in plan.spec.histograms]
    assert [(o.kind, o.of, o.field, o.index) for o in observables] == [
        ("field", "jets", field, k) for k in range(n)
    ]  # was: every jet's pT in events with <= 3 jets (or asked)
    assert not any(s.op == "<=" for s in plan.spec.selection)  # no count cut
    steps = {s.name: s for s in plan.spec.selection}
    for k, h in enumerate(plan.spec.histograms):  # each rank in the events that have it
        (step,) = h.steps
        assert (steps[step].count, steps[step].value) == ("jets", k + 1)
    assert any(f"each of the {n} leading jets" in note for note in plan.notes)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the jet pT in events with up to 3 jets", "field"),  # a count cut, as written
        ("the scalar sum of the pT of the three leading jets", "reduce"),
        ("the mass of the three leading jets", "field"),  # the trijet mass
    ],
)
def test_a_cut_a_sum_or_a_system_of_n_jets_is_no_plot_per_rank(catalog, text, kind):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert plan.spec.observable(h.observable).kind == kind


# --- 3. "these events" with nothing before them: asked; in a follow-up, the previous plot's ----
@pytest.mark.parametrize(
    "text",
    [
        "Plot the MET of these events",
        "plot the MET in these events",
        "plot the leading jet pT for those events",
    ],
)
def test_these_events_with_no_antecedent_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok  # was: the MET of every event
    assert "Which events do you mean by" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "Select events with two muons. Plot the MET of these events",
        "Require two muons with pT > 25 GeV and plot the MET for the selected events",
    ],
)
def test_these_events_chosen_in_the_request_plan(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _plotted(plan)[0] == "met"
    assert any(s.count == "muons" and s.value == 2 for s in plan.spec.selection)


@pytest.mark.parametrize(
    "followup", ["Plot the MET of these events", "plot the leading jet pT in those events"]
)
def test_these_events_in_a_followup_are_the_previous_plots(catalog, followup):
    plan = _plan(followup, catalog, previous=_plan(OS_DIMUON, catalog))
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations  # was (the MET): every event
    assert (pair.inputs, pair.charge) == (["muons"], "opposite")
    assert any(s.count == pair.name and s.value == 1 for s in plan.spec.selection)
    assert ("pt", ">", 25.0) in _cuts(plan, "muons")
    assert any("previous plot" in n for n in plan.notes)


# --- 4. "Z->mumu events (opposite-sign muons, 60 < m < 120 GeV)": the parenthesis's events ----
@pytest.mark.parametrize(
    ("text", "inputs", "window"),
    [
        (
            "the leading jet pT in Z->mumu events (opposite-sign muons, 60 < m < 120 GeV)",
            "muons", (60.0, 120.0),
        ),
        (
            "the leading jet pT in Z -> ee events (two opposite-charge electrons with "
            "70 < mee < 110 GeV)",
            "electrons", (70.0, 110.0),
        ),
        (
            "the MET in Z->mumu events (opposite-sign muons, 60 < m < 120 GeV)",
            "muons", (60.0, 120.0),
        ),
    ],
)  # fmt: skip
def test_z_events_defined_in_a_parenthesis_are_those_events(catalog, text, inputs, window):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question  # was: asked (muons), or the Z candidate closest to 91 GeV
    (pair,) = plan.spec.combinations
    assert (pair.inputs, pair.charge, pair.choose) == ([inputs], "opposite", "all")
    assert (pair.mass_min, pair.mass_max) == window
    assert pair.target_mass is None
    assert any(s.count == pair.name and s.value == 1 for s in plan.spec.selection)
    assert not any(s.observable for s in plan.spec.selection)  # no cut on a chosen candidate
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) != window  # the window is no axis


@pytest.mark.parametrize(
    "text",
    [
        "the leading jet pT in events with two opposite-sign muons with 60 < m < 120 GeV",
        "the MET in events with two opposite-sign muons, 60 < m < 120 GeV",
    ],
)
def test_a_bare_m_window_next_to_a_pair_selects_the_pair(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert (pair.mass_min, pair.mass_max) == (60.0, 120.0)  # was: the axis of the plot
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) != (60.0, 120.0)


def test_a_bare_m_window_of_a_plotted_pair_cuts_its_mass(catalog):
    plan = _plan("the dimuon pT for pairs with 60 < m < 120 GeV", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) != (60.0, 120.0)  # was: the dimuon pT axis from 60 to 120 GeV
    cuts = {(s.op, s.value) for s in plan.spec.selection if s.observable}
    assert cuts == {(">", 60.0), ("<", 120.0)}


def test_a_z_parenthesis_of_the_other_flavour_is_asked(catalog):
    text = "the leading jet pT in Z->mumu events (opposite-sign electrons, 60 < m < 120 GeV)"
    assert not _plan(text, catalog).ok


# --- 5. "jets that don't overlap with any lepton (pT>10) within dR of 0.4": lepton cleaning ---
@pytest.mark.parametrize(
    ("text", "against", "dr"),
    [
        (
            "the leading jet pT for jets that don't overlap with any lepton (pT>10) within dR "
            "of 0.4",
            ["muons", "electrons"], 0.4,
        ),
        (
            "the number of jets that don't overlap with any lepton (pT > 10 GeV) within dR of 0.4",
            ["muons", "electrons"], 0.4,
        ),
        (
            "the number of jets not overlapping with any muon (pT > 10 GeV) within Delta R < 0.3",
            ["muons"], 0.3,
        ),
    ],
)  # fmt: skip
def test_jets_that_do_not_overlap_with_leptons_are_cleaned(catalog, text, against, dr):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question  # was: asked
    jets = plan.spec.object("jets")
    assert [c.against for c in jets.clean_against] == against
    assert {c.dr for c in jets.clean_against} == {dr}
    for name in against:  # the pT in the parenthesis is the leptons'
        assert ("pt", ">", 10.0) in _cuts(plan, name)
    assert ("pt", ">", 30.0) in _cuts(plan, "jets")  # the jets keep their own cuts


def test_the_overlap_wording_plans_as_the_not_within_wording(catalog):
    said = _plan(
        "the number of jets that don't overlap with any lepton (pT > 10 GeV) within dR of 0.4",
        catalog,
    )
    known = _plan("the number of jets not within dR < 0.4 of any lepton with pT > 10 GeV", catalog)
    assert said.spec.objects == known.spec.objects


# --- 6. the mass of two ranked jets: planned since session 20 (tests/test_planner_known20.py) ---


# --- 7. "the third lepton" beside a chosen pair: the lepton outside it, said --------------------
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("events with an SFOS pair closest to the Z mass; plot the eta of the third lepton", "eta"),
        ("events with an SFOS pair closest to 91.2 GeV; plot the pT of the third lepton", "pt"),
        (
            "In events with three leptons, take the SFOS pair closest to the Z mass and plot the "
            "pT of the third lepton",
            "pt",
        ),
        (
            "events with three leptons and an SFOS pair closest to the Z mass; plot the eta of "
            "the third lepton",
            "eta",
        ),
    ],
)  # fmt: skip
def test_the_third_lepton_beside_a_chosen_pair_is_the_one_outside_it(catalog, text, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.choose == "closest_mass" and pair.same_flavour and pair.inputs == ["leptons"]
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    # was: the third lepton by pT (maybe a leg of the pair), or the pair's own eta, no note
    assert (obs.kind, obs.of, obs.field, obs.index, obs.exclude) == (
        "field", "leptons", field, 0, pair.name,
    )  # fmt: skip
    assert any(s.count == "leptons" and s.value == 3 for s in plan.spec.selection)
    assert any("highest-pT lepton not in the chosen pair" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "the pT of the third lepton in events with a Z candidate",
        "in events with a Z -> ee candidate, plot the pT of the third lepton",
    ],
)
def test_the_third_lepton_beside_a_z_candidate_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok  # was: the third lepton by pT, with no word
    assert "highest-pT lepton not in the Z candidate" in plan.question


def test_the_third_lepton_with_no_pair_is_the_third_by_pt(catalog):
    plan = _plan("in events with three leptons, plot the eta of the third lepton", catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.index, obs.exclude) == ("leptons", 2, None)


# --- 8. MadAnalysis lines written as a sentence ---------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "Plot PT(mu[1]) 40 0 200",
        "Plot PT(mu[1]) 40 0 200.",
        "PLOT PT(mu[1]) 40 0 200",
        "plot PT(mu[1]) 40 0 200.",
    ],
)
def test_a_capitalised_madanalysis_line_reads_as_the_lower_case_one(catalog, line):
    plan = _plan(line, catalog)
    assert plan.ok, plan.question  # was: asked ("Plot"), the line not recognised
    assert plan.spec == _plan("plot PT(mu[1]) 40 0 200", catalog).spec
    assert any("MadAnalysis 5 line `" in n and "200`" in n for n in plan.notes)


def test_a_final_period_is_no_part_of_a_decimal_edge(catalog):
    plan = _plan("Plot ETA(j[1]) 50 -2.5 2.5.", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (50, -2.5, 2.5)


# --- 9. "the SFOS pair closest to the Z mass": the choice, no window --------------------------
@pytest.mark.parametrize(
    "text",
    [
        "In events with three or more leptons (electrons or muons), take the SFOS pair closest "
        "to the Z mass and histogram the mT of the leading remaining lepton with the missing "
        "energy.",
        "In events with at least three light leptons, take the SFOS pair closest to the Z mass "
        "and plot the number of leptons not in the pair.",
        "Plot the pT of the highest-pT light lepton not in the SFOS pair closest to the Z mass, "
        "in events with at least three light leptons.",
    ],
)
def test_the_pair_closest_to_the_z_mass_has_no_window(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question  # the last was asked
    (pair,) = plan.spec.combinations
    assert pair.choose == "closest_mass" and abs(pair.target_mass - 91.19) < 0.01
    assert pair.mass_min is None and pair.mass_max is None
    assert not any(s.observable for s in plan.spec.selection)  # was: 60 < m < 120 GeV
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.exclude == pair.name


def test_a_z_candidate_keeps_its_stated_default_window(catalog):
    plan = _plan("the leading jet pT in events with a Z candidate", catalog)
    assert plan.ok, plan.question
    cuts = {(s.op, s.value) for s in plan.spec.selection if s.observable}
    assert cuts == {(">", 60.0), ("<", 120.0)}
    assert any("60 < m(ll) < 120" in d for d in plan.defaults)


@pytest.mark.parametrize(
    ("text", "inputs"),
    [
        ("take the SFOS muon pair closest to the Z mass and plot its pT", ["muons"]),
        ("plot the mass of the SFOS electron pair", ["electrons"]),
        ("plot the pT of the same-flavour opposite-charge muon pair", ["muons"]),
    ],
)
def test_a_flavour_named_with_same_flavour_is_kept(catalog, text, inputs):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.inputs == inputs  # was: muons and electrons
