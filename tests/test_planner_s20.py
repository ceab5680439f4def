"""Session 20: planner readings found on fresh wording (compositional probe, issue #12)."""

from __future__ import annotations

import pytest

from tests._plans import parser_plan


# --- "the subleading jet phi for b-jets in events with >= 2 jets": the count of two jets does
# not place "subleading" (was: the phi of every b-jet, silently; compositional probe seed 31) ----
@pytest.mark.parametrize(
    "text",
    [
        "plot second-leading jet azimuthal angle for b-jets without an eta cut for events with "
        "at least 4 b-tagged jets for events with the dijet invariant mass at most 200 GeV",
        "plot the subleading jet phi for b-tagged jets in events with at least 2 jets",
        "the second jet eta for b-jets for events with at least 3 jets",
        "the phi of the third jet for b-tagged jets in events with at least 3 jets",
    ],
)
def test_a_ranked_objects_quantity_is_not_placed_by_a_count(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "jet" in plan.question and any(
        w in plan.question for w in ("subleading", "second", "third")
    ), plan.question


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("plot the subleading jet pT in events with at least 2 jets", 1),
        ("the phi of the second jet in events with at least two jets", 1),
        ("the third jet eta for events with at least 3 jets", 2),
    ],
)
def test_a_ranked_objects_quantity_with_a_count_still_plans(text, index, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = [plan.spec.observable(h.observable) for h in plan.spec.histograms]
    assert obs.index == index


# --- probe12: "$t\bar{t}$" arrives as "t bar{t}" and was dropped (the MET of all samples,
# silently) ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        r"How much missing transverse energy do $t\bar{t}$ decays typically produce?",
        r"the MET in $t\bar{t}$ events",
        r"the MET in t\bar{t} events",
        r"the leading jet pT in $t \bar{t}$ events",
    ],
)
def test_latex_ttbar_names_the_ttbar_sample(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples and all(catalog[s].process == "ttbar" for s in plan.spec.samples), (
        plan.spec.samples
    )


# --- "mass of 2 muon pairs": two pairs per event, or one pair? (was: the leading dimuon mass
# with a note "read as at least 2" that did not say what was read) ------------------------------
@pytest.mark.parametrize(
    "text", ["mass of 2 muon pairs", "the mass of two electron pairs", "events with 2 muon pairs"]
)
def test_a_number_of_pairs_is_asked(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "pairs in each event" in plan.question


def test_pairs_without_a_number_keep_their_plan(catalog):
    plan = parser_plan("the mass of muon pairs", catalog)
    assert plan.ok, plan.question
    assert any("pair: the 2 leading muons" in d for d in plan.defaults)


# --- "selected on the basis of Monte Carlo generator information": a generator-level
# selection no rule placed (was: the reconstructed dielectron mass, silently; probe12) ----------
@pytest.mark.parametrize(
    "text",
    [
        "The events are selected on the basis of Monte Carlo generator information, requiring "
        "only Drell-Yan $e^+e^-$ events in a mass range from 50 to 130 GeV/c$^2$.",
        "the dielectron mass in DY events selected with generator information",
        "the dimuon mass in DY, using the MC truth record",
    ],
)
def test_generator_information_without_a_generator_particle_is_asked(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "generator" in plan.question or "truth" in plan.question


def test_a_generator_particle_with_the_truth_record_still_plans(catalog):
    plan = parser_plan("the generator-level Z mass using the truth record", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].of == "gen_z"
