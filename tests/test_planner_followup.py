"""Follow-ups edit the previous plan instead of starting over."""

from __future__ import annotations

import pytest

from chathep.planner import plan_request
from chathep.resolve import resolve_samples

MAIN = (
    "data/MC comparison of the dimuon mass, opposite-sign muons above 25 GeV, "
    "with the 2018 corrections"
)


@pytest.fixture
def first(catalog, demo_data):
    plan = plan_request(MAIN, catalog, mode="parser")
    assert plan.ok, plan.question
    return plan


def _follow(previous, text, catalog):
    plan = plan_request(text, catalog, mode="parser", previous=previous)
    assert plan.ok, plan.question
    return plan


def test_conversation(first, catalog):
    log = _follow(first, "now log scale", catalog)
    assert log.spec.histograms[0].log_y is True
    assert log.spec.model_dump(exclude={"histograms"}) == first.spec.model_dump(
        exclude={"histograms"}
    )

    bins = _follow(log, "use 40 bins", catalog)
    hist = bins.spec.histograms[0]
    assert (hist.bins, hist.start, hist.stop, hist.log_y) == (40, 60.0, 120.0, True)

    btag = _follow(bins, "require two b-tagged jets", catalog)
    bjets = btag.spec.object("bjets")
    assert any(c.field == "btagDeepFlavB" for c in bjets.cuts)
    assert any(s.count == "bjets" and s.op == ">=" and s.value == 2 for s in btag.spec.selection)
    assert btag.spec.histograms[0].observable == "dimuon_mass"  # still the same plot

    ttbar = _follow(btag, "add the ttbar sample", catalog)
    names = [s.name for s in resolve_samples(ttbar.spec, catalog)]
    assert names == ["data_2018A_doublemuon", "dy_2018", "ttbar_semilep_2022"]
    assert any("mix eras" in n for n in ttbar.notes)

    ele = _follow(ttbar, "show the electron channel instead", catalog)
    assert ele.spec.object("muons") is None
    electrons = ele.spec.object("electrons")
    assert any(c.field == "pt" and c.value == 25.0 for c in electrons.cuts)
    (pair,) = ele.spec.combinations
    assert (pair.name, pair.charge, pair.inputs) == ("dielectron", "opposite", ["electrons"])
    hist = ele.spec.histograms[0]
    assert (hist.bins, hist.log_y) == (40, True)
    assert [c.against for c in ele.spec.object("bjets").clean_against] == ["electrons"]


def test_remove_a_sample(first, catalog):
    added = _follow(first, "add the ttbar sample", catalog)
    removed = _follow(added, "drop the ttbar sample", catalog)
    assert removed.spec.samples == ["data_2018A_doublemuon", "dy_2018"]


def test_new_quantity_resets_the_binning(first, catalog):
    bins = _follow(first, "use 40 bins", catalog)
    jet = _follow(bins, "now the leading jet pT", catalog)
    hist = jet.spec.histograms[0]
    assert jet.spec.observable(hist.observable).of == "jets"
    assert (hist.bins, hist.start, hist.stop) == (30, 0.0, 300.0)
    assert jet.spec.corrections == ["all"]  # the rest of the request is kept


def test_corrections_accumulate_and_can_be_removed(catalog):
    plan = plan_request("dimuon mass with Rochester corrections", catalog, mode="parser")
    more = _follow(plan, "also with PDF uncertainties", catalog)
    assert more.spec.corrections == ["rochester", "theory_pdf"]
    fewer = _follow(more, "without rochester corrections", catalog)
    assert fewer.spec.corrections == ["theory_pdf"]


def test_followup_naming_a_missing_sample_asks(first, catalog):
    plan = plan_request("add the W+jets sample", catalog, mode="parser", previous=first)
    assert not plan.ok
    assert "no W+jets sample" in plan.question
    assert plan.draft == first.draft  # nothing was changed


def test_a_complete_new_request_starts_over(first, catalog):
    plan = plan_request("jet multiplicity in ttbar MC", catalog, mode="parser", previous=first)
    assert plan.ok, plan.question
    assert plan.spec.object("muons") is None
    assert plan.spec.corrections == []


def test_answer_to_a_question_completes_the_request(catalog, demo_data):
    asked = plan_request("the mass, with Rochester corrections", catalog, mode="parser")
    assert not asked.ok and "of which objects" in asked.question
    answered = _follow(asked, "of the two muons", catalog)
    (pair,) = answered.spec.combinations
    assert pair.inputs == ["muons"]
    assert answered.spec.corrections == ["rochester"]  # the first message is kept


def test_use_replaces_the_samples(catalog):
    plan = plan_request("dimuon mass", catalog, mode="parser")
    added = _follow(plan, "add the ttbar sample", catalog)
    replaced = _follow(added, "use data and DY only", catalog)
    assert replaced.spec.samples == ["data_2018A_doublemuon", "dy_2018"]


def test_followup_mass_cut_is_on_the_plotted_pair(first, catalog):
    plan = _follow(first, "now log scale and mass above 70 GeV", catalog)
    assert plan.spec.histograms[0].log_y is True
    steps = [(s.op, s.value) for s in plan.spec.selection if s.observable]
    assert (">", 70.0) in steps
    assert plan.spec.objects == first.spec.objects  # not a pT cut on the muons


def test_followup_words_not_placed_get_a_question(first, catalog):
    plan = plan_request("now log scale and 17 of them", catalog, mode="parser", previous=first)
    assert not plan.ok and "17" in plan.question


def _muon_fields(plan):
    return {c.field for c in plan.spec.object("muons").cuts}


@pytest.mark.parametrize(
    ("text", "gone"),
    [("no isolation", "pfRelIso04_all"), ("remove the isolation requirement", "pfRelIso04_all"),
     ("now without the muon ID", "tightId"), ("no eta cut", "eta")],
)  # fmt: skip
def test_a_waiver_without_an_object_applies_to_the_plotted_objects(first, catalog, text, gone):
    plan = _follow(first, text, catalog)
    assert gone not in _muon_fields(plan)
    assert _muon_fields(first) - {gone} == _muon_fields(plan)  # nothing else changes


def test_a_cut_of_n_gev_on_the_met_is_a_selection_not_a_new_plot(first, catalog):
    plan = _follow(first, "add a cut of 30 GeV on the MET", catalog)
    assert plan.spec.histograms == first.spec.histograms
    step = plan.spec.selection[-1]
    assert (plan.spec.observable(step.observable).kind, step.op, step.value) == ("met", ">", 30)


def test_tighten_the_muon_pt_cut(first, catalog):
    plan = _follow(first, "tighten the muon pT cut to 30 GeV", catalog)
    pts = [c.value for c in plan.spec.object("muons").cuts if c.field == "pt"]
    assert pts == [30.0]


def test_same_sign_pairs_follow_up_changes_the_charge(first, catalog):
    plan = _follow(first, "same but for same-sign pairs", catalog)
    assert plan.spec.combinations[0].charge == "same"


@pytest.mark.parametrize(
    "text", ["make the x axis logarithmic", "x-axis in log scale", "put x on a log scale"]
)
def test_a_log_x_axis_in_words_is_log_x_not_log_y(catalog, text):
    first = plan_request("dimuon mass", catalog, mode="parser", check_files=False)
    plan = _follow(first, text, catalog)
    assert plan.ok, plan.question
    assert plan.draft.log_x is True and not plan.draft.log_y


@pytest.mark.parametrize("text", ["zoom in on 80 to 100 GeV", "zoom into the region 80-100 GeV"])
def test_zoom_is_the_histogram_range(catalog, text):
    first = plan_request("dimuon mass", catalog, mode="parser", check_files=False)
    plan = _follow(first, text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (80, 100)
    assert not any(s.observable for s in plan.spec.selection)  # not a mass cut


def test_adding_electrons_to_a_dimuon_plot_makes_it_dileptons(catalog):
    first = plan_request("dimuon mass", catalog, mode="parser", check_files=False)
    plan = _follow(first, "and add the electrons", catalog)
    assert plan.ok, plan.question
    assert plan.draft.object == "lepton" and plan.draft.pair
    assert any("Muons and electrons together" in n for n in plan.notes)
    instead = _follow(first, "show the electrons instead", catalog)
    assert instead.draft.object == "electron"


def test_compare_with_data_adds_the_data_to_the_simulation(catalog):
    first = plan_request("dimuon mass in DY", catalog, mode="parser", check_files=False)
    plan = _follow(first, "compare with data", catalog)
    assert plan.spec.samples == ["dy_2018", "data_2018A_doublemuon"]
    only = _follow(first, "now only data", catalog)
    assert only.spec.samples == ["data_2018A_doublemuon"]


@pytest.mark.parametrize(
    ("text", "start", "stop"),
    [("change the binning to 0-500 GeV", 0, 500), ("set the x range to 50 - 150", 50, 150)],
)
def test_setting_the_range_in_words(catalog, text, start, stop):
    first = plan_request("dimuon mass", catalog, mode="parser", check_files=False)
    (h,) = _follow(first, text, catalog).spec.histograms
    assert (h.start, h.stop) == (start, stop)


def test_a_detector_part_in_a_follow_up_is_of_the_plotted_objects(catalog):
    first = plan_request("dimuon mass", catalog, mode="parser", check_files=False)
    plan = _follow(first, "in the endcaps", catalog)
    req = plan.draft.requirements["muon"]
    assert (req.abs_eta_min, req.abs_eta_max) == (1.2, 2.4)


@pytest.mark.parametrize(
    ("text", "title"),
    [("title Z peak", "Z peak"), ("set the title to 'Z peak'", "Z peak"),
     ("call it 'My plot'", "My plot")],
)  # fmt: skip
def test_a_title_changes_only_the_title(catalog, text, title):
    first = plan_request("dimuon mass", catalog, mode="parser", check_files=False)
    plan = _follow(first, text, catalog)
    assert plan.spec.title == title
    # the title's words are not read as the analysis ("Z peak" is no Z candidate)
    same = plan.spec.model_copy(update={"title": first.spec.title})
    assert same == first.spec


def test_a_title_in_a_new_request_is_kept_as_written(catalog):
    plan = plan_request(
        "dimuon mass with the title 'Z -> mumu at 13 TeV'", catalog, mode="parser",
        check_files=False,
    )  # fmt: skip
    assert plan.ok and plan.spec.title == "Z -> mumu at 13 TeV"
    assert (
        plan.spec.selection
        == plan_request("dimuon mass", catalog, mode="parser", check_files=False).spec.selection
    )


def test_remove_a_sample_reads_the_verb(catalog):
    # "remove" became a negation every rule must read; the sample rule reads it
    first = plan_request("plot the dimuon mass", catalog, mode="parser", check_files=False)
    plan = plan_request(
        "remove the DY sample", catalog, mode="parser", previous=first, check_files=False
    )
    assert plan.ok, plan.question
    assert plan.spec.samples == ["data_2018A_doublemuon"]
