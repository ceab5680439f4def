"""Session 21 (helper C21, probe16 findings): anaphoric counts ("require at least two of
them"), a pair's charge waived ("whatever their charges"), object definitions said as
conditions ("a muon only counts if its pT is above 22 GeV"), an explicit "no lepton
requirement", and LaTeX counts and charges ("$N_\\mu = 2$", "$q_{\\mu_1} q_{\\mu_2} < 0$").
Each was asked before ("I could not place ..."), or read as something else."""

from __future__ import annotations

import pytest

from tests._plans import object_cuts, parser_plan


def _steps(plan) -> set[tuple[str | None, str, float]]:
    return {(s.count, s.op, s.value) for s in plan.spec.selection}


def _charges(plan) -> list[str]:
    return [c.charge for c in plan.spec.combinations]


# --- 1. anaphoric counts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        (
            "Plot the Delta R between the two leading muons in the DY sample. Please use muons "
            "with pT above 12 GeV and |eta| below 2.4, require at least two of them.",
            {("muons", ">=", 2.0)},
        ),
        (
            "Delta R between the leading and the subleading muon in the DY sample. Only count "
            "muons with |eta| < 2.4 and pT > 12 GeV, and the event must have at least two of "
            "those.",
            {("muons", ">=", 2.0)},
        ),
        (
            "Histogram the dimuon mass in the DY sample. The two muons need opposite charge, "
            "there have to be exactly two of them in the event, and a muon only counts if its "
            "pT is above 22 GeV with |eta| below 2.1.",
            {("muons", ">=", 2.0), ("muons", "<=", 2.0)},
        ),
        (
            "Plot the muon pT in the DY sample. Muons have to pass the tight ID and have pT "
            "above 30 GeV, and I want events where exactly one muon like that is found.",
            {("muons", ">=", 1.0), ("muons", "<=", 1.0)},
        ),
    ],
)
def test_a_count_of_them_counts_the_objects_just_defined(catalog, text, steps):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert steps <= _steps(plan)
    assert ("pt", ">", 12.0 if "12" in text else 22.0 if "22" in text else 30.0) in object_cuts(
        plan, "muons"
    )


@pytest.mark.parametrize(
    "text",
    [
        # two kinds defined in the sentence: at least two of which?
        "Plot the MET in DY MC, muons with pT > 20 GeV and jets with pT > 30 GeV, require at "
        "least two of them",
        "Plot the MET in DY MC for electrons or muons with pT > 10 GeV, with at least three of "
        "them",
    ],
)
def test_a_count_of_them_with_several_kinds_before_it_is_asked(catalog, text):
    plan = parser_plan(text, catalog)
    assert not plan.ok
    assert "of them" in plan.question


# --- 2. the charge of a pair waived ----------------------------------------------------------


@pytest.mark.parametrize(
    "waiver",
    [
        "any charge",
        "whatever their charges",
        "no charge requirement on the pair",
        "do not impose any charge requirement on the pair",
        "put no condition on the muon charges (same-sign pairs are welcome too)",
        "regardless of charge",
    ],
)
def test_a_charge_waiver_makes_the_pair_of_any_charge_and_says_so(catalog, waiver):
    text = f"Plot the dimuon mass in the DY sample, muons with pT > 12 GeV, {waiver}"
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert _charges(plan) == ["any"]
    assert any("no charge requirement" in n for n in plan.notes)


def test_without_a_waiver_the_dimuon_pair_stays_opposite_sign(catalog):
    plan = parser_plan("Plot the dimuon mass in the DY sample, muons with pT > 12 GeV", catalog)
    assert _charges(plan) == ["opposite"]


def test_any_charge_beside_the_delta_r_of_two_muons_is_read(catalog):
    plan = parser_plan("DY MC, dR(mu1,mu2), >=2 muons pt>12 |eta|<2.4, any charge", catalog)
    assert plan.ok, plan.question
    assert set(_charges(plan)) <= {"any"}
    assert ("muons", ">=", 2.0) in _steps(plan)


# --- 3. object definitions said as conditions -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "cuts"),
    [
        (
            "Plot the MET in ttbar MC for events with at least 3 jets, where a jet counts if it "
            "has |eta| under 2.4 and pT over 35 GeV",
            "jets",
            [("pt", ">", 35.0), ("eta", "<", 2.4)],
        ),
        (
            "Plot the number of jets in ttbar MC, only jets with |eta| < 2.4 that are above 25 "
            "GeV in pT",
            "jets",
            [("pt", ">", 25.0), ("eta", "<", 2.4)],
        ),
        (
            "Histogram the eta of every jet in the top-pair Monte Carlo, only jets with more than "
            "20 GeV of transverse momentum",
            "jets",
            [("pt", ">", 20.0)],
        ),
        (
            "Please plot the number of b-tagged jets per event in the ttbar Monte Carlo, using "
            "the DeepJet medium working point and counting only jets with pT above 25 GeV and "
            "|eta| below 2.4.",
            "bjets",
            [("pt", ">", 25.0), ("eta", "<", 2.4)],
        ),
    ],
)
def test_a_definition_said_as_a_condition_is_the_objects_cuts(catalog, text, name, cuts):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert set(cuts) <= set(object_cuts(plan, name))


# --- 4. an explicit "no lepton requirement" -------------------------------------------------


@pytest.mark.parametrize(
    "waiver",
    [
        "no lepton req",
        "Please don't apply any lepton requirement",
        "nothing is required of the leptons",
        "no lepton selection",
        "leptons don't matter here, so no requirement on them at all",
    ],
)
def test_no_lepton_requirement_beside_a_jet_selection_is_placed_and_noted(catalog, waiver):
    text = (
        "Plot the MET in the ttbar simulation for events with at least three jets with pT "
        f"above 35 GeV and |eta| below 2.4; {waiver}; 25 bins from 0 to 250 GeV"
    )
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert {o.name for o in plan.spec.objects} == {"jets"}
    assert any("no lepton requirement is made" in n for n in plan.notes)


def test_no_muon_requirement_where_the_plot_is_of_muons_is_asked(catalog):
    plan = parser_plan("Plot the dimuon mass in DY MC, no muon requirement", catalog)
    assert not plan.ok
    assert "no muon requirement" in plan.question and "default cuts" in plan.question


# --- 5. LaTeX counts and charges --------------------------------------------------------------


def test_latex_muon_count_and_charge_product(catalog):
    plan = parser_plan(
        "$m_{\\mu^+\\mu^-}$, DY MC, $N_\\mu = 2$ with $p_T > 22$ GeV and $|\\eta| < 2.1$, "
        "$q_{\\mu_1} q_{\\mu_2} < 0$, 30 bins from 76 to 106 GeV",
        catalog,
    )
    assert plan.ok, plan.question
    assert {("muons", ">=", 2.0), ("muons", "<=", 2.0)} <= _steps(plan)
    assert _charges(plan) == ["opposite"]


def test_latex_same_sign_charge_product(catalog):
    plan = parser_plan(
        "the dimuon mass in DY MC, muons with pT > 20 GeV, $q_{\\mu_1} q_{\\mu_2} > 0$", catalog
    )
    assert plan.ok, plan.question
    assert _charges(plan) == ["same"]


@pytest.mark.parametrize(
    ("count", "step"),
    [
        ("$N_j \\geq 3$", ("jets", ">=", 3.0)),
        ("$N_j > 3$", ("jets", ">=", 4.0)),
        ("$N_\\ell \\geq 3$", ("leptons", ">=", 3.0)),
    ],
)
def test_latex_counts(catalog, count, step):
    plan = parser_plan(f"Plot the MET in ttbar MC for {count} with pT > 30 GeV", catalog)
    assert plan.ok, plan.question
    assert step in _steps(plan)


def test_leptons_defined_as_electrons_and_muons_then_counted_as_them(catalog):
    plan = parser_plan(
        "I need the Z boson's transverse momentum in the DY sample. Electrons and muons both "
        "count as leptons if they have pT above 10 GeV and |eta| below 2.5, and I only want "
        "events with at least three of them.",
        catalog,
    )
    assert plan.ok, plan.question
    assert ("leptons", ">=", 3.0) in _steps(plan)
    assert ("pt", ">", 10.0) in object_cuts(plan, "electrons")
    assert ("pt", ">", 10.0) in object_cuts(plan, "muons")


def test_a_missing_sample_named_after_an_aside_on_the_same_process_is_asked(catalog):
    # "WZ" in the aside is the physics the plot is about; "the Pythia diboson events" names
    # a sample the catalog lacks (was: only the first mention looked at, planned without it)
    plan = parser_plan(
        "For the WZ part of my thesis I need the Z boson's transverse momentum in the Pythia "
        "diboson events, with at least three leptons with pT above 10 GeV.",
        catalog,
    )
    assert not plan.ok
    assert "no diboson sample" in plan.question
