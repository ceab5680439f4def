"""Session 21 (B21): binning and range wordings of probe16 -- bin counts said in words, "inside
76-106 GeV", bin widths said as "in 50 GeV steps" / "bins 50 GeV wide" / "unit-width bins",
ranges written "-5..5", "0-250", "[76, 106] GeV", and a range end ("0-2000 GeV", "1000 to 2018
GeV") that is no era."""

from __future__ import annotations

import pytest

from tests._plans import first_plotted, object_cuts, parser_plan, plotted_fields


def _axis(plan):
    h = plan.spec.histograms[0]
    return h.bins, h.start, h.stop


# --- 1. number words for a number of bins ------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "bins"),
    [
        ("thirty", 30),
        ("twenty", 20),  # was: "twenty" dropped, the default 30 bins planned
        ("fifty", 50),
        ("a hundred", 100),
        ("forty-five", 45),
        ("forty five", 45),
        ("fifteen", 15),
        ("Sixty", 60),
    ],
)
def test_a_number_of_bins_in_words(catalog, words, bins):
    text = f"Plot the dimuon mass in DY MC with {words} bins from 60 to 120 GeV"
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert _axis(plan) == (bins, 60.0, 120.0)


def test_thirty_bins_over_the_window_of_the_cut(catalog):
    # probe16 a2: the mass window is the plotted range, binned in the number said in words
    plan = parser_plan(
        "Could you please make a histogram of the invariant mass of the muon pair in the "
        "Drell-Yan simulation? I'd like events with exactly two muons, each with pT above 22 GeV "
        "and |eta| below 2.1, carrying opposite charges, and only events whose pair mass is "
        "between 76 and 106 GeV. Thirty bins over that window, please.",
        catalog,
    )
    assert plan.ok, plan.question  # was: asked ("I could not place 'thirty'")
    assert _axis(plan) == (30, 76.0, 106.0)
    assert plan.spec.samples == ["dy_2018"]
    assert ("pt", ">", 22.0) in object_cuts(plan, "muons")


# --- 5. a range end is no era --------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "axis"),
    [
        ("Plot the dijet mass in DY MC, 40 bins, 0-2000 GeV", (40, 0.0, 2000.0)),
        ("the dijet mass in DY MC, 40 bins in [0, 2000] GeV", (40, 0.0, 2000.0)),
        ("the dijet mass, 40 bins from 0 to 2000 GeV", (40, 0.0, 2000.0)),
    ],
)
def test_a_range_end_of_2000_is_no_era(catalog, text, axis):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question  # was: "There are no 2000 samples in the catalog"
    assert _axis(plan) == axis


def test_a_range_to_2018_gev_is_no_era(catalog):
    plan = parser_plan("Plot HT in DY MC from 1000 to 2018 GeV", catalog)
    assert plan.ok, plan.question  # was: asked
    assert _axis(plan)[1:] == (1000.0, 2018.0)
    assert plan.spec.samples == ["dy_2018"]


@pytest.mark.parametrize(
    "text",
    [
        "Plot the muon pT in the 2017-2018 data",  # two years
        "Plot the muon pT in 2000 data",
        "Plot the muon pT for muons with pT > 30, 2000 data",
        "Plot the muon pT of the analysis EXOT-2012-28",  # a year in a name, not a range
    ],
)
def test_years_stay_eras(catalog, text):
    plan = parser_plan(text, catalog)
    assert not plan.ok
    assert "samples in the catalog" in plan.question


