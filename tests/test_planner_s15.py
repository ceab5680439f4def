"""Session 15: planner readings (issue #12)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request


def _plan(text: str, catalog, **kwargs):
    return plan_request(text, catalog, mode="parser", check_files=False, **kwargs)


# --- an invariant mass with no object named: the data stream's pair, said ---------------------
@pytest.mark.parametrize(
    ("text", "start", "stop", "bins"),
    [
        ("Plot invariant mass histogram on the range 70 - 110 GeV.", 70.0, 110.0, None),
        ("plot the invariant mass", None, None, None),
        ("the mass spectrum with 100 bins", None, None, 100),
    ],
)
def test_a_bare_invariant_mass_is_the_dimuon_mass_and_said(catalog, text, start, stop, bins):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.inputs == ["muons"] and pair.size == 2
    (histogram,) = plan.spec.histograms
    assert "dimuon" in histogram.name or "dimuon" in plan.describe(catalog).lower()
    if start is not None:
        assert (histogram.start, histogram.stop) == (start, stop)
    if bins is not None:
        assert histogram.bins == bins
    assert any("names no objects: the dimuon mass is chosen" in n for n in plan.notes)
    assert "names no objects" in plan.describe(catalog)


@pytest.mark.parametrize(
    "text",
    [
        "the mass",  # too little to choose for the user
        "the invariant mass of the Higgs candidates",  # a system is named
        "the invariant mass of the W boson",
    ],
)
def test_a_mass_of_a_named_system_or_a_bare_mass_is_still_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert plan.question
