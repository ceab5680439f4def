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
