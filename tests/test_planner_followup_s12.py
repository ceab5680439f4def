"""Follow-ups that silently kept, dropped or moved what the physicist changed (session 12).

A follow-up changes exactly what it names, keeps the rest, and never silently ignores a word.
Each case below was planned wrong with no note before: the PUPPI MET kept as PF MET, '|eta|'
plotted as eta, a trigger dropped, 'now in 2022' with the 2018 samples kept, 'exactly one muon'
under a dimuon pair (an empty plot), 'now all jets' still the leading jet, 'without pileup
reweighting' after all corrections (pileup kept), every muon cut dropped by 'now all muons'."""

from __future__ import annotations

import pytest

from chathep.planner import plan_request

MET = "plot the MET in DY"
DIMUON = "data vs DY comparison of the dimuon mass"
JET = "plot the leading jet pT"


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _ok(text, catalog, previous=None):
    plan = _plan(text, catalog, previous)
    assert plan.ok, plan.question
    return plan


def _hist_observable(plan):
    return plan.spec.observable(plan.spec.histograms[0].observable)


# --- the MET flavour ------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["use PUPPI MET instead", "with the PUPPI MET", "now PuppiMET"])
def test_puppi_met_followup_switches_the_met(catalog, words):
    first = _ok(MET, catalog)
    assert _hist_observable(first).met == "MET"
    puppi = _ok(words, catalog, first)
    observable = _hist_observable(puppi)
    assert (observable.kind, observable.met) == ("met", "PuppiMET")
    assert puppi.spec.samples == first.spec.samples  # the rest kept
    assert any("PUPPI" in n for n in puppi.notes)


def test_pf_met_followup_switches_back(catalog):
    puppi = _ok("use PUPPI MET instead", catalog, _ok(MET, catalog))
    back = _ok("now the PF MET", catalog, puppi)
    assert _hist_observable(back).met == "MET"
    assert any("back to the PF MET" in n for n in back.notes)
    log = _ok("now log scale", catalog, puppi)  # a follow-up not naming the MET keeps PUPPI
    assert _hist_observable(log).met == "PuppiMET"


# --- |x| ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["now the |eta|", "now the absolute eta"])
def test_absolute_value_followup(catalog, words):
    plan = _ok(words, catalog, _ok(JET, catalog))
    observable = _hist_observable(plan)
    assert (observable.field, observable.abs, observable.index) == ("eta", True, 0)
    hist = plan.spec.histograms[0]
    assert hist.start == 0.0  # a range of |eta|, not of eta


def test_absolute_value_not_carried_to_another_quantity(catalog):
    abs_eta = _ok("now the |eta|", catalog, _ok(JET, catalog))
    phi = _ok("now the phi", catalog, abs_eta)
    observable = _hist_observable(phi)
    assert (observable.field, observable.abs) == ("phi", False)
    assert any("absolute value" in n for n in phi.notes)
    pt = _ok("now the pT", catalog, abs_eta)  # |pT| is the pT: nothing to say
    assert _hist_observable(pt).abs is False
    assert not any("absolute value" in n for n in pt.notes)


# --- triggers --------------------------------------------------------------------------------


def test_trigger_followup_is_applied(catalog):
    plan = _ok("with the HLT_IsoMu24 trigger", catalog, _ok(JET, catalog))
    assert any(s.triggers == ["HLT_IsoMu24"] for s in plan.spec.selection)
    assert plan.spec.histograms[0].observable == "lead_jets_pt"


# --- the era ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "words"), [(DIMUON, "now in 2022"), (MET, "now in 2022")])
def test_era_followup_without_those_samples_asks(catalog, first, words):
    plan = _plan(words, catalog, _ok(first, catalog))
    assert not plan.ok
    assert "2022" in plan.question and "ttbar_semilep_2022" in plan.question


def test_era_followup_of_the_plans_own_era_is_planned(catalog):
    first = _ok(DIMUON, catalog)
    plan = _ok("apply the 2018 corrections", catalog, first)  # its own era: nothing to move
    assert plan.spec.samples == first.spec.samples and plan.spec.corrections == ["all"]


# --- counts that contradict the plotted pair -------------------------------------------------


def test_exactly_one_muon_under_a_dimuon_asks(catalog):
    first = _ok(DIMUON, catalog)
    plan = _plan("require exactly one muon", catalog, first)
    assert not plan.ok
    assert "at most 1" in plan.question
    two = _ok("require exactly two muons", catalog, first)  # consistent: planned
    assert any(s.count == "muons" and s.op == "<=" and s.value == 2 for s in two.spec.selection)


# --- every object, not the leading one -------------------------------------------------------


@pytest.mark.parametrize("words", ["now all jets", "now every jet"])
def test_all_jets_followup_drops_the_index(catalog, words):
    plan = _ok(words, catalog, _ok(JET, catalog))
    observable = _hist_observable(plan)
    assert (observable.of, observable.field, observable.index) == ("jets", "pt", None)
    assert any("not only the leading" in n for n in plan.notes)
    assert any("No jet requirement" in n for n in plan.notes)  # the waived cuts are said


def test_all_muons_followup_says_the_cuts_go(catalog):
    plan = _ok("now all muons", catalog, _ok(DIMUON, catalog))
    assert plan.spec.object("muons").cuts == []
    (note,) = [n for n in plan.notes if "No muon requirement" in n]
    assert "isolation" in note and "cleaning" not in note


# --- corrections -----------------------------------------------------------------------------


def test_without_pileup_after_all_corrections(catalog):
    first = _ok("the number of b-jets in ttbar with all corrections", catalog)
    assert first.spec.corrections == ["all"]
    plan = _ok("without pileup reweighting", catalog, first)
    assert "all" not in plan.spec.corrections and "pileup" not in plan.spec.corrections
    assert {"jec", "top_pt", "btag_sf"} <= set(plan.spec.corrections)  # the rest kept
    assert any("except pileup" in n for n in plan.notes)


# --- "require a jet" is a selection, not a new plot ------------------------------------------


@pytest.mark.parametrize(
    ("words", "kind", "count"),
    [("require a jet", "jet", "jets"), ("now require a b-jet", "bjet", "bjets")],
)
def test_require_a_jet_followup_is_a_count(catalog, words, kind, count):
    plan = _ok(words, catalog, _ok(DIMUON, catalog))
    assert plan.spec.histograms[0].observable == "dimuon_mass"  # still the same plot
    assert any(s.count == count and s.op == ">=" and s.value == 1 for s in plan.spec.selection)
    assert plan.draft.requirements[kind].min_count == 1


# --- an index without a quantity under a pair asks --------------------------------------------


@pytest.mark.parametrize("words", ["the second muon instead", "now the leading muon"])
def test_index_of_a_pair_without_quantity_asks(catalog, words):
    plan = _plan(words, catalog, _ok(DIMUON, catalog))
    assert not plan.ok
    assert "Which quantity" in plan.question
    named = _ok("now the subleading muon pT", catalog, _ok(DIMUON, catalog))
    observable = _hist_observable(named)
    assert (observable.of, observable.field, observable.index) == ("muons", "pt", 1)


# --- edit verbs: the value given is read; without a value, asked ------------------------------


@pytest.mark.parametrize(
    ("first", "words", "name", "value"),
    [
        (DIMUON, "tighten the muon pT to 30", "muons", 30.0),
        (JET, "tighten the jet pT to 50", "jets", 50.0),
        ("the number of b-jets in ttbar", "raise the b-jet pT to 40", "bjets", 40.0),
    ],
)
def test_tighten_to_a_value(catalog, first, words, name, value):
    before = _ok(first, catalog)
    plan = _ok(words, catalog, before)
    assert plan.spec.histograms[0].observable == before.spec.histograms[0].observable
    assert plan.spec.samples == before.spec.samples
    cuts = {(c.field, c.op): c.value for c in plan.spec.object(name).cuts}
    assert cuts[("pt", ">")] == value


@pytest.mark.parametrize("words", ["tighten the muon pT", "loosen the isolation"])
def test_tighten_without_a_value_asks(catalog, words):
    # "tighten the muon pT" was a new request: the dimuon plot replaced by the muon pT
    plan = _plan(words, catalog, _ok(DIMUON, catalog))
    assert not plan.ok
    assert "To what value" in plan.question


# --- "the subleading one": the previous plan's object -----------------------------------------


def test_the_subleading_one_instead(catalog):
    plan = _ok("the subleading one instead", catalog, _ok("the |eta| of the leading jet", catalog))
    observable = _hist_observable(plan)
    assert (observable.of, observable.field, observable.abs, observable.index) == (
        "jets", "eta", True, 1,
    )  # fmt: skip
    # after a count there is no leading one: still asked, never a "leading multiplicity"
    count = _plan("the leading one", catalog, _ok("the number of b-jets in ttbar", catalog))
    assert not count.ok


# --- a real run: the PUPPI MET follow-up fills PuppiMET_pt ------------------------------------


def test_puppi_met_followup_runs_on_puppi_met(catalog, demo_data, tmp_path):
    import awkward as ak
    import uproot

    from chathep.engine import run_spec
    from tests.test_physics import DY, FILES, check, weights

    plan = _ok("use PUPPI MET instead", catalog, _ok(MET, catalog))
    assert plan.spec.samples == [DY]
    hist = plan.spec.histograms[0]
    result = run_spec(plan.spec, workdir=tmp_path).result
    with uproot.open(demo_data / FILES[DY]) as f:
        ev = f["Events"].arrays(["PuppiMET_pt", "MET_pt", "genWeight"])
    puppi = ak.to_numpy(ev.PuppiMET_pt)
    assert (puppi != ak.to_numpy(ev.MET_pt)).any()  # the two MET flavours differ in this file
    check(result, hist.name, DY, puppi, weights(DY, ev), hist.bins, hist.start, hist.stop)
