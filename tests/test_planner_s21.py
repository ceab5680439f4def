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


# --- probe15 (GitHub issues and forum threads) ----------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "mll>30GeV cut is ok/desired here?",
        "Is the mll > 30 GeV cut ok?",
        "is the isolation cut on the muons really needed?",
    ],
)
def test_a_judgement_of_a_cut_is_asked_not_plotted(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "judgement" in plan.question


def test_a_reader_question_after_a_plot_request_still_plans(catalog):
    plan = parser_plan("Plot the dimuon mass. Is the binning fine?", catalog)
    assert plan.ok, plan.question


@pytest.mark.parametrize(
    "text",
    [
        "zPt is calculated from two opposite sign muons with invariant mass closest to Z mass",
        "plot Z_pt for two opposite sign muons with mass closest to the Z mass",
    ],
)
def test_zpt_is_the_z_candidates_pt(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert obs.field == "pt" and obs.of == "dimuon"
    (combo,) = plan.spec.combinations
    assert combo.choose == "closest_mass" and combo.charge == "opposite"


def test_a_zero_index_name_is_the_leading_object(catalog):
    plan = parser_plan("plot the l0pt and l0eta", catalog)
    assert plan.ok, plan.question
    fields = [plan.spec.observable(h.observable) for h in plan.spec.histograms]
    assert [(o.field, o.index) for o in fields] == [("pt", 0), ("eta", 0)]


def test_a_lone_one_index_name_is_not_guessed(catalog):
    # "l1pt" alone: the leading lepton (counting from 1) or the subleading (from 0)?
    assert not parser_plan("plot l1pt", catalog).ok


@pytest.mark.parametrize(
    ("text", "kind", "pt"),
    [
        ("30 GeV b jet counter", "bjets", 30.0),
        ("the number of 50 GeV jets", "jets", 50.0),
        ("b jet counter", "bjets", None),
    ],
)
def test_counters_and_threshold_adjectives(text, kind, pt, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert obs.kind == "count" and obs.of == kind
    if pt is not None:
        (obj,) = [o for o in plan.spec.objects if o.name == kind]
        assert any(c.field == "pt" and c.value == pt for c in obj.cuts), obj.cuts


def test_the_threshold_adjective_needs_no_comparison_before_it(catalog):
    # "above 20 GeV jets" keeps its own reading (no second threshold is made up)
    plan = parser_plan("the number of jets with pT above 20 GeV", catalog)
    assert plan.ok, plan.question
    (obj,) = plan.spec.objects
    assert [c.value for c in obj.cuts if c.field == "pt"] == [20.0]


def test_analysis_software_is_commentary(catalog):
    plan = parser_plan(
        "I then plot for example the missing transverse energy in MadAnalysis5.", catalog
    )
    assert plan.ok, plan.question
    assert any("MadAnalysis5" in n for n in plan.notes)


def test_rap_is_not_commentary(catalog):
    # "dimuon-rap": the rapidity, abbreviated; never passed over as ordinary English
    plan = parser_plan("Changing mass range in dimuon-rap histogram", catalog)
    assert not plan.ok, plan.spec
    assert "rap" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "Update of the dileptonMuMu.cxx to produce dimuon histograms",
        "make the dielectron distributions",
    ],
)
def test_pair_histograms_with_no_quantity_are_asked(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "which quantities" in plan.question


def test_a_pair_with_no_quantity_is_still_its_mass(catalog):
    plan = parser_plan("plot the muon-antimuon pairs", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observable(plan.spec.histograms[0].observable).field == "mass"


def test_the_famous_spectrum_asks_for_its_range(catalog):
    plan = parser_plan(
        "We have now available a nicely commented example code to produce the famous di-muon "
        "spectrum.",
        catalog,
    )
    assert not plan.ok, plan.spec
    assert "mass range" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "Additionally, I have plotted the z primary vertex distribution before selection.",
        "the z-vertex distribution",
    ],
)
def test_z_vertex_is_the_primary_vertex_z(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert h.name == "pv_z"
    assert not plan.spec.selection


@pytest.mark.parametrize(
    ("text", "kind", "stop"),
    [
        ("the jet pT between 20 and 30 GeV", "jets", 30.0),
        ("the muon pT from 0 to 15", "muons", 15.0),
    ],
)
def test_no_default_pt_cut_empties_the_asked_range(text, kind, stop, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (obj,) = plan.spec.objects
    assert not [c for c in obj.cuts if c.field == "pt"], obj.cuts
    assert plan.spec.histograms[0].stop == stop
    assert any("no default pT cut" in d for d in plan.defaults), plan.defaults
