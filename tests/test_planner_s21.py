"""Session 21: planner readings found on requests written for LLM plotting assistants
(benchmarks/eval/probe14.yaml, issue #12)."""

from __future__ import annotations

import pytest

from tests._plans import parser_plan


def _histograms(plan) -> list[tuple[str, str | None, str | None]]:
    """(field, object, ...) of each histogram's observable."""
    out = []
    for h in plan.spec.histograms:
        obs = plan.spec.observable(h.observable)
        out.append((obs.field, obs.of, h.name))
    return out


# --- "Compare the pT distributions of muons vs electrons": one plot each (was: asked) ----------
@pytest.mark.parametrize(
    "text",
    [
        "Compare the pT distributions of muons vs electrons",
        "Compare the pT distributions of muons and electrons",
        "compare the transverse momentum of the muons with the electrons",
    ],
)
def test_compared_kinds_are_one_plot_each(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    hists = _histograms(plan)
    assert [(f, o) for f, o, _ in hists] == [("pt", "muons"), ("pt", "electrons")], hists


# --- "Show dilepton invariant mass around 91 GeV": the Z peak's region (was: asked) ------------
@pytest.mark.parametrize(
    ("text", "start", "stop", "name"),
    [
        ("Show dilepton invariant mass around 91 GeV", 60.0, 120.0, "Z"),
        ("Show the dimuon mass around 91 GeV", 60.0, 120.0, "Z"),
        ("plot the dimuon invariant mass near 3.1 GeV", 2.6, 3.6, "J/psi"),
        ("the dimuon mass around 9.5 GeV", 8.5, 11.5, "Upsilon"),
    ],
)
def test_a_mass_around_a_peak_is_that_peaks_region(text, start, stop, name, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (start, stop)
    assert any(f"the {name} peak" in n for n in plan.notes), plan.notes


@pytest.mark.parametrize(
    "text",
    [
        "Show the dimuon mass around 50 GeV",  # no peak there: how wide?
        "events with a dimuon mass around 91 GeV, plot the MET",  # a selection: which window?
        "Show the dimuon mass around 91 GeV from 0 to 50 GeV",  # the range misses the peak
    ],
)
def test_a_mass_around_another_number_or_as_a_selection_is_asked(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "91" in plan.question or "50" in plan.question, plan.question


# --- "Highlight the Z boson peak around 91 GeV": the Z boson peak names the plot (was: "What
# should I plot?") ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["Highlight the Z boson peak around 91 GeV", "Highlight the Z boson peak"]
)
def test_the_z_boson_peak_is_the_dilepton_mass(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert obs.field == "mass" and obs.of == "dimuon"
    assert (h.start, h.stop) == (60.0, 120.0)


# --- "Show resonance peaks in the muon pair mass distribution": several peaks and no range:
# which range? (was: 60-120 GeV, where only the Z is) --------------------------------------------
def test_peaks_without_a_range_are_asked(catalog):
    plan = parser_plan("Show resonance peaks in the muon pair mass distribution", catalog)
    assert not plan.ok, plan.spec
    assert "mass range" in plan.question


def test_peaks_with_a_range_plan(catalog):
    plan = parser_plan("Show the resonances in the dimuon mass from 0.2 to 120 GeV, log x", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop, h.log_x) == (0.2, 120.0, True)


# --- "Write code to fetch electron pT data ...": fetching is how, not what (was: asked) -------
@pytest.mark.parametrize(
    "text",
    [
        "Write code to fetch electron pT data and make a histogram",
        "retrieve the electron pT and plot it",
    ],
)
def test_fetching_is_no_analysis_word(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert [(f, o) for f, o, _ in _histograms(plan)] == [("pt", "electrons")]
