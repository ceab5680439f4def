"""Session 15: FILLER words that carry meaning in context are asked about, not dropped silently.

coverage.FILLER words pass silently when no rule reads them; in these phrases they choose a
selection, a sample or what is drawn, so a plan without them was a confident wrong plot.
"""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request


def _plan(text: str, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a mass window with no range
        ("Plot the dimuon mass in the peak region", "peak"),
        ("Plot the dimuon mass around the peak", "peak"),
        ("Plot the dimuon mass near the peak", "peak"),
        # jet energy resolution smearing, which the plan does not apply
        ("Plot the jet pT with smearing", "smearing"),
        ("Plot the jet pT with smearing applied", "smearing"),
        # there is no previous request to take the cuts from
        ("Plot the dimuon mass with the previous cuts", "previous"),
        ("Plot the muon pT with the previous selection", "previous"),
        # associated with what?
        ("Plot the pT of the associated jets", "associated"),
        # only statistical uncertainties are drawn
        ("Plot the dimuon mass with uncertainties", "uncertainties"),
        ("Plot the muon pT with the uncertainty band", "uncertainty"),
        # no lepton veto or decay mode is made
        ("Plot the leading jet pT in hadronic events", "hadronic"),
        ("Plot the leading jet pT in hadronic top decays", "hadronic"),
        # resonant: a mass window or a generator match
        ("Plot the dimuon mass of resonant pairs", "resonant"),
        # best by which criterion?
        ("Plot the dimuon mass of the best candidate", "best"),
        ("Plot the dimuon mass of the best dimuon candidate", "best"),
        # exactly one muon?
        ("Plot the pT of the muon alone in the event", "alone"),
        # no other objects (a veto)
        ("Plot the muon pT in events with only muons", "only"),
        # looser than the default: by how much?
        ("Plot the muon pT with generous cuts", "generous"),
        # the full range, not the default binning
        ("Plot the dimuon mass in the whole mass range", "whole"),
        # which filters?
        ("Plot the pT of filtered jets", "filtered"),
        ("Plot the dimuon mass for filtered events", "filtered"),
    ],
)
def test_a_filler_word_with_meaning_is_asked(catalog, text, word):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    assert f"'{word}'" in (plan.question or "")


@pytest.mark.parametrize(
    "text",
    [
        "Plot the dimuon mass in the background events",
        "Plot the dimuon mass in the background samples only",
        "Plot the dimuon mass for the background",
        "Plot the expected background of the dimuon mass",
        "Plot the muon pT in the stacked background",
    ],
)
def test_the_background_as_a_sample_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    question = plan.question or ""
    assert "background" in question and "data vs MC" in question


@pytest.mark.parametrize(
    "text",
    [
        "Plot the dimuon mass and look at the peak",
        "Plot the dimuon mass and show the peak clearly",
        "Plot the dimuon mass in the Z peak region",
        "Plot the dimuon mass near the Z peak",
        "Plot the muon pT as in the previous exercise",
        "Plot the leading jet pT with the associated histogram saved as png",
        "Plot the pT of hadronic taus",
        "Plot the pT of only the leading muon",
        "Plot the pT of the muon only",
        "Plot the muon pT in events with only one muon",
        "Plot the dimuon mass to check the background",
        "Plot the dimuon mass to suppress the background",
        "Plot the dimuon mass over the whole dataset",
        "Plot the dimuon mass in data",
        "Plot the dimuon mass with data and MC backgrounds stacked",
        "Plot the mass of the Z candidate muons",
        "Plot the pT of the Z candidate",
    ],
)
def test_the_prose_uses_still_plan(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question


@pytest.mark.parametrize(
    ("text", "sample"),
    [
        ("Plot the muon pT for background only", "dy_2018"),
        ("Plot the muon pT in MC background", "dy_2018"),
        ("Plot the dimuon mass in the Drell-Yan background", "dy_2018"),
    ],
)
def test_a_background_read_as_samples_still_plans(catalog, text, sample):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == [sample]


@pytest.mark.parametrize(
    "text",
    [
        "Plot the dimuon mass with data and the stacked backgrounds",
        "Plot the dimuon mass of data over the background",
        "Plot the dimuon mass in data and background",
    ],
)
def test_data_with_the_background_is_not_data_alone(catalog, text):
    # the word "data" chose the data samples alone: the background simulation was dropped
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    assert "data only" in (plan.question or "")


def test_the_legs_of_the_z_candidate_are_not_the_candidate(catalog):
    # was planned as the dimuon pT (the candidate itself)
    plan = _plan("Plot the muon pT of the reconstructed Z candidate muons", catalog)
    assert not plan.ok, plan.describe(catalog)
    assert "each leg of the Z candidate" in (plan.question or "")


def test_the_previous_cuts_in_a_follow_up_are_kept(catalog):
    # a follow-up has a previous request: its cuts are kept, not asked about
    first = _plan("Plot the dimuon mass with muons above 30 GeV", catalog)
    assert first.ok, first.question
    plan = plan_request(
        "Now plot the leading muon pT with the previous cuts",
        catalog,
        mode="parser",
        check_files=False,
        previous=first,
    )
    assert plan.ok, plan.question
    assert "pt > 30" in plan.describe(catalog)
