"""Session 17: planner readings (issue #12)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request


def _plan(text: str, catalog, **kwargs):
    return plan_request(text, catalog, mode="parser", check_files=False, **kwargs)


def _plotted(plan):
    by_name = {o.name: o for o in plan.spec.observables}
    return [(by_name[h.observable].of, by_name[h.observable].field) for h in plan.spec.histograms]


# --- "every combination" with a Z named beside it: every pair is filled, and said --------------
def test_every_jet_combination_for_z_to_two_jets_fills_every_pair(catalog):
    plan = _plan(
        "Select jets with pT > 30 GeV and |eta| < 2.4. For every combination of selected jets, "
        "calculate the dijet invariant mass for Z -> 2 jets.",
        catalog,
    )
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.choose == "all" and pair.target_mass is None and pair.leading is None
    assert any("Every combination is filled" in n for n in plan.notes)
    (histogram,) = plan.spec.histograms
    assert (histogram.start, histogram.stop) != (60.0, 120.0)  # not a Z window


def test_jet_pair_closest_to_the_z_mass_is_still_chosen(catalog):
    plan = _plan("the dijet mass of the jet pair closest to the Z mass", catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.choose == "closest_mass"


# --- "the dijet mass and the dijet pT" with every pair: the same pair's two quantities ---------
@pytest.mark.parametrize(
    "text",
    [
        "For every combination of selected jets, calculate the dijet invariant mass and the "
        "dijet pT.",
        "the dijet mass and the dijet pT for every combination of jets",
        "for all pairs of jets, the dijet mass and the dijet pT",
    ],
)
def test_same_pair_named_again_with_every_pair(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.inputs == ["jets"] and pair.leading is None and pair.choose == "all"
    assert _plotted(plan) == [(pair.name, "mass"), (pair.name, "pt")]


def test_two_different_pairs_are_not_one_pair(catalog):
    plan = _plan("for all pairs of jets, the dijet mass and the dimuon pT", catalog)
    if plan.ok:  # two plots, each of its own pair, or a question; never the dijet pT
        assert ("dijet", "pt") not in _plotted(plan)
