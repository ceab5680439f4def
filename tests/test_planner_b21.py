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


