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


# --- 2. "inside / within 76-106 GeV": the plotted range, or a cut in a condition ---------------
@pytest.mark.parametrize("word", ["inside", "within"])
def test_inside_a_range_is_the_plotted_range(catalog, word):
    plan = parser_plan(f"Plot the dimuon mass in DY MC {word} 76-106 GeV", catalog)
    assert plan.ok, plan.question  # was ("inside"): asked
    assert first_plotted(plan) == ("field", "dimuon")
    assert _axis(plan)[1:] == (76.0, 106.0)


@pytest.mark.parametrize("word", ["inside", "within", "between"])
def test_a_mass_inside_a_range_in_a_condition_is_a_cut(catalog, word):
    rng = "76 and 106" if word == "between" else "76-106"
    plan = parser_plan(
        f"Plot the MET in DY MC for events with a dimuon mass {word} {rng} GeV", catalog
    )
    assert plan.ok, plan.question  # was ("inside"): asked
    assert plotted_fields(plan) == [(None, "pt")]
    (pair,) = plan.spec.combinations
    assert (pair.mass_min, pair.mass_max) == (76.0, 106.0)
    assert _axis(plan)[1] == 0.0  # the MET's own range, not the window


def test_the_probe16_question_inside_the_window(catalog):
    plan = parser_plan(
        "What does the opposite-sign dimuon mass look like in DY Monte Carlo inside 76-106 GeV, "
        "for events with exactly two muons of pT > 22 GeV and |eta| < 2.1? 30 bins, if possible.",
        catalog,
    )
    assert plan.ok, plan.question  # was: asked ("I could not place 'inside'")
    assert _axis(plan) == (30, 76.0, 106.0)
    assert plan.spec.combinations[0].charge == "opposite"


# --- 3. bin widths --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "HT of jets in the 2018 DoubleMuon data, 300-1500 in 50 GeV bins",
        "Plot HT in the 2018 DoubleMuon data; bin it in 50 GeV steps from 300 to 1500 GeV",
        "Plot HT in the 2018 DoubleMuon data from 300 up to 1500 GeV with bins 50 GeV wide",
        "Plot HT in the 2018 DoubleMuon data, HT in [300, 1500] GeV, 50 GeV bins",
    ],
)
def test_a_bin_width_with_a_range(catalog, text):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question  # was: asked
    assert _axis(plan) == (24, 300.0, 1500.0)  # (1500 - 300) / 50
    assert any("24 bins of 50 GeV from 300 to 1500" in d for d in plan.defaults)


@pytest.mark.parametrize(
    "text",
    [
        "the number of primary vertices in data, 70 bins of width 1 on [0, 70]",
        "the number of primary vertices in data, 0-70 one bin per vertex",
        "the number of primary vertices in data from 0 to 70 with unit-width bins",
        "the number of primary vertices in data. Integer bins from 0 to 70.",
        "the number of primary vertices in data, bins of unit width from 0 to 70",
    ],
)
def test_unit_bins_of_a_count(catalog, text):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question  # was: asked ("0-70 one bin per vertex": "0-" unread)
    # as "one bin per vertex count from 0 to 70" was read: edges on the integers, said
    assert _axis(plan) == (70, 0.0, 70.0)
    assert any("edges on the integers" in d for d in plan.defaults)


def test_a_count_range_without_a_width_is_still_centred(catalog):
    plan = parser_plan("the number of primary vertices in data from 0 to 70", catalog)
    assert plan.ok, plan.question
    assert _axis(plan) == (71, -0.5, 70.5)


# --- 4. range notations -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "axis"),
    [
        ("Plot the jet eta in ttbar MC, 50 bins -5..5", (50, -5.0, 5.0)),
        ("Plot the jet eta in ttbar MC, 50 bins on [-5, 5]", (50, -5.0, 5.0)),
        ("Plot the dimuon mass in DY MC, 30 bins on [76, 106] GeV", (30, 76.0, 106.0)),
        ("Plot the MET in ttbar MC, 25 bins 0-250", (25, 0.0, 250.0)),
        ("Plot the MET in ttbar MC, 25 bins in [0, 250] GeV", (25, 0.0, 250.0)),
        ("Plot the MET in ttbar MC, 0 to 250 GeV in 25 bins", (25, 0.0, 250.0)),
    ],
)
def test_range_notations_next_to_the_bins(catalog, text, axis):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert _axis(plan) == axis


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


# --- a LaTeX label without braces: "$\eta_j$" is the jet eta -----------------------------------
def test_an_unbraced_latex_label_is_the_plotted_quantity(catalog):
    plan = parser_plan(
        r"$\eta_j$ for every jet with $p_T^j > 20$ GeV (no $|\eta|$ cut), $t\bar{t}$ MC, "
        "50 bins on $[-5, 5]$",
        catalog,
    )
    assert plan.ok, plan.question
    # was (with the range read): the jet pT from -5 to 5 GeV, silently
    assert plotted_fields(plan) == [("jets", "eta")]
    assert _axis(plan) == (50, -5.0, 5.0)
    assert object_cuts(plan, "jets") == [("pt", ">", 20.0)]


def test_an_unbraced_latex_cut(catalog):
    plan = parser_plan(
        r"the dimuon mass in DY MC for muons with $p_T^\mu > 22$ GeV and $|\eta^\mu| < 2.1$",
        catalog,
    )
    assert plan.ok, plan.question
    cuts = object_cuts(plan, "muons")
    assert ("pt", ">", 22.0) in cuts and ("eta", "<", 2.1) in cuts
