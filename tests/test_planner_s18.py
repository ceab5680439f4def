"""Session 18: planner readings found on fresh wording (probe9, issue #12)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request


def _plan(text: str, catalog, **kwargs):
    return plan_request(text, catalog, mode="parser", check_files=False, **kwargs)


def _plotted(plan):
    by_name = {o.name: o for o in plan.spec.observables}
    return [(by_name[h.observable].of, by_name[h.observable].field) for h in plan.spec.histograms]


# --- "compare the e+e- and mu+mu- pairs": one histogram per flavour, the mass said ------------
@pytest.mark.parametrize(
    "text",
    [
        "Compare the histograms of the electron-positron and muon-antimuon pairs.",
        "Compare the mass of the electron-positron and muon-antimuon pairs.",
        "Compare the e+e- and mu+mu- pairs",
    ],
)
def test_compared_flavours_are_two_histograms(text, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert sorted(_plotted(plan)) == [("dielectron", "mass"), ("dimuon", "mass")]
    assert not any(c.same_flavour for c in plan.spec.combinations)


def test_one_flavour_blind_pair_states_that_both_flavours_share_the_histogram(catalog):
    plan = _plan("the mass of the electron-positron and muon-antimuon pairs", catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.same_flavour and sorted(pair.inputs) == ["electrons", "muons"]
    assert any("both flavours in one histogram" in d for d in plan.defaults)


@pytest.mark.parametrize(
    "text", ["Plot the dimuon", "Plot the muon-antimuon pairs", "histogram of the electron pairs"]
)
def test_a_pair_with_no_quantity_says_that_its_mass_is_plotted(text, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [f for _of, f in _plotted(plan)] == ["mass"]
    assert any("No quantity of the pair is named" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text", ["Plot the dimuon spectrum", "plot the dimuon mass", "the Z peak in dimuon events"]
)
def test_a_named_mass_needs_no_such_note(text, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert not any("No quantity of the pair is named" in n for n in plan.notes)


# --- a y-axis label is presentation, not a rapidity -----------------------------------------
def test_y_axis_label_instruction_is_not_a_quantity(catalog):
    plan = _plan(
        "Using Python and Matplotlib, make a histogram of the `pt` field of an Awkward Array "
        "called `jets`. Select jets with `pt > 30 GeV` and `abs(eta) < 2.4`. Use 50 bins from 0 "
        "to 500 GeV. Label the x-axis `Jet pT [GeV]` and the y-axis `Jets`.",
        catalog,
    )
    assert plan.ok, plan.question
    assert _plotted(plan) == [("jets", "pt")]
    (jets,) = plan.spec.objects
    cuts = {(c.field, c.op, c.value) for c in jets.cuts}
    assert ("pt", ">", 30.0) in cuts and ("eta", "<", 2.4) in cuts
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (50, 0.0, 500.0)


def test_y_axis_label_of_events_plans_the_met(catalog):
    plan = _plan("Plot the MET with a y-axis label of Events", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].kind == "met"


@pytest.mark.parametrize("text", ["plot the dimuon y", "the y of the leading jet versus x"])
def test_a_bare_y_is_still_asked(text, catalog):
    assert not _plan(text, catalog).ok
