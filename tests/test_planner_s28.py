"""Session 28: what the plan does with the data's luminosity sections is said, and asked for.

No certified-luminosity mask (golden JSON) is applied to data: no certification file ships with
ChatHEP and a catalog entry cannot name one. That is a default the plan did not state, and a
request for the mask ("with the golden JSON applied") was asked only as an unplaced word
('json'). Now every plan with data says that every event of the data files is used, a request
for the mask gets a question that says why, and "without the golden JSON" is read.
"""

from __future__ import annotations

import pytest

from chathep.planner.data_stream import NO_LUMI_MASK_NOTE
from tests.test_planner_s26 import _plan


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass in 2018 data",
        "the dimuon mass in data and DY MC",
        "data/MC comparison of the leading muon pT",
    ],
)
def test_a_plan_with_data_says_no_lumi_mask_is_applied(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert NO_LUMI_MASK_NOTE in plan.notes


@pytest.mark.parametrize("text", ["the dimuon mass in DY MC", "the leading jet pT in ttbar"])
def test_a_plan_without_data_does_not(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert NO_LUMI_MASK_NOTE not in plan.notes


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("dimuon mass in data with the golden JSON applied", "the golden json applied"),
        ("dimuon mass in data, certified lumi sections only", "certified lumi sections only"),
        ("the dimuon mass in 2018 data with a lumi mask", "lumi mask"),
        ("the dimuon mass, data vs MC, good run list applied", "good run list applied"),
        ("dimuon mass in data after the luminosity masking", "luminosity masking"),
    ],
)
def test_a_lumi_mask_is_asked_for_with_the_reason(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert f"'{said}'" in plan.question
    assert "certified luminosity sections" in plan.question
    assert "without the golden JSON" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "dimuon mass in data without the golden JSON",
        "the dimuon mass in 2018 data, no lumi mask",
    ],
)
def test_no_lumi_mask_said_by_the_user_is_read(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == ("dimuon", "mass")
    assert NO_LUMI_MASK_NOTE in plan.notes

