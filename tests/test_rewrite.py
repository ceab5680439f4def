"""The restatement round (chathep/planner/rewrite.py): a request the rules could not place, restated
by a model in the rules' style, is planned only when every check passes; else the question stands.
The model is scripted here (the real one is measured in benchmarks/eval_planner.py)."""

from __future__ import annotations

import pytest

from chathep.catalog import default_catalog
from chathep.config import Settings
from chathep.llm.fake import ScriptedChatModel
from chathep.planner import plan_request, rewrite

CAT = default_catalog()

#: the rules leave "that the muon pT is above" unplaced (a question)
REQUEST = (
    "For the isolation study I want one entry per muon, for all muons, and only that the muon "
    "pT is above 10 GeV: the variable is pfRelIso04_all, 50 bins between 0 and 1, in the "
    "Drell-Yan simulation."
)
GOOD = "pfRelIso04_all of all muons with pT > 10 GeV in DY MC, 50 bins from 0 to 1"


@pytest.fixture(autouse=True)
def _capable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The configured model declares 'rewrite'; the model created is the one the test scripts."""
    from chathep import llm

    monkeypatch.setattr(llm, "has_capability", lambda _s, cap: cap == "rewrite")
    monkeypatch.setattr(llm, "get_chat_model", lambda *_a, **_k: pytest.fail("no model scripted"))


def _plan(text: str, model: ScriptedChatModel | None = None, mode: str = "auto"):
    if model is not None:
        from chathep import llm

        llm.get_chat_model = lambda *_a, **_k: model  # undone by the fixture's monkeypatch
    return plan_request(text, CAT, mode=mode, settings=Settings(), check_files=False)


def test_the_request_is_a_question_for_the_rules() -> None:
    plan = _plan(REQUEST, mode="parser")
    assert not plan.ok and plan.unplaced


def test_a_faithful_restatement_is_planned_and_said() -> None:
    model = ScriptedChatModel(responses=[GOOD])
    plan = _plan(REQUEST, model)
    assert plan.ok, plan.question
    spec = plan.spec
    muons = next(o for o in spec.objects if o.source == "Muon")
    assert [(c.field, c.value) for c in muons.cuts] == [("pt", 10.0)]  # all muons: no defaults
    (obs,) = spec.observables
    assert obs.field == "pfRelIso04_all" and obs.index is None
    (h,) = spec.histograms
    assert (h.bins, h.start, h.stop) == (50, 0.0, 1.0)
    assert spec.samples == ["dy_2018"]
    note = next(n for n in plan.notes if n.startswith("Read with the language model"))
    assert GOOD in note and "that the muon pt is above" in note
    assert plan.request == REQUEST
    # the request reached the model after the fixed prompt and examples
    sent = model.calls[0]["messages"]
    assert sent[-1].content == REQUEST and len(sent) == 2 + 2 * len(rewrite.EXAMPLES)


@pytest.mark.parametrize(
    "line, why",
    [
        ("pfRelIso04_all of all muons with pT > 20 GeV in DY MC, 50 bins from 0 to 1", "numbers"),
        ("pfRelIso04_all of all muons in DY MC, 50 bins from 0 to 1", "numbers"),
        ("pfRelIso04_all of muons with pT > 10 GeV in DY MC, 50 bins from 0 to 1", "classes"),
        ("pfRelIso04_all of all muons with pT > 10 GeV in ttbar MC, 50 bins from 0 to 1", "smp"),
        ("pfRelIso04_all of all muons with pT > 10 GeV in DY MC, 50 bins 0 to 1, log y", "log"),
        ("the purple elephant of every muon above 10 GeV, 50 bins 0 to 1", "unplanned"),
        ("", "empty"),
    ],
)
def test_an_unfaithful_restatement_leaves_the_question(line: str, why: str) -> None:
    plan = _plan(REQUEST, ScriptedChatModel(responses=[line]))
    assert not plan.ok and plan.unplaced, why
    assert "that the muon pt is above" in " ".join(plan.unplaced)


def test_problems_name_what_differs() -> None:
    request = _plan(REQUEST, mode="parser")
    line = "pfRelIso04_all of muons with pT > 20 GeV in ttbar MC, 50 bins from 0 to 1"
    found = " | ".join(rewrite.problems(request, line, _plan(line, mode="parser")))
    assert "numbers differ (dropped [10.0])" in found
    assert "'every'" in found
    assert "samples changed" in found


def test_a_sample_the_request_did_not_name_is_refused() -> None:
    text = "For every muon, I only want that the muon pT is above 10 GeV: plot its eta"
    plan = _plan(text, ScriptedChatModel(responses=["eta of all muons with pT > 10 GeV in data"]))
    assert not plan.ok and plan.unplaced
    request = _plan(text, mode="parser")
    line = "eta of all muons with pT > 10 GeV in data"
    assert "the restatement names a samples the request does not" in rewrite.problems(
        request, line, _plan(line, mode="parser")
    )


def test_a_failing_model_leaves_the_question() -> None:
    model = ScriptedChatModel(responses=[])  # raises when called
    plan = _plan(REQUEST, model)
    assert not plan.ok and len(model.calls) == 0


def test_parser_mode_never_restates() -> None:
    model = ScriptedChatModel(responses=[GOOD])
    assert not _plan(REQUEST, model, mode="parser").ok and not model.calls


def test_a_model_without_the_capability_is_never_created(monkeypatch: pytest.MonkeyPatch) -> None:
    from chathep import llm
    from chathep.llm import registry

    monkeypatch.setattr(llm, "has_capability", registry.has_capability)
    settings = Settings(model="smollm2")
    assert not registry.has_capability(settings, "rewrite")
    assert registry.has_capability(Settings(model="qwen15"), "rewrite")  # measured: README
    plan = plan_request(REQUEST, CAT, mode="auto", settings=settings, check_files=False)
    assert not plan.ok and plan.unplaced  # the fixture fails the test if a model is created


def test_a_plan_the_rules_read_never_reaches_the_model() -> None:
    model = ScriptedChatModel(responses=[])
    assert _plan(GOOD, model).ok and not model.calls


@pytest.mark.parametrize("request_text, line", rewrite.EXAMPLES)
def test_every_worked_example_passes_its_own_checks(request_text: str, line: str) -> None:
    planned = _plan(line, mode="parser")
    assert planned.ok, planned.question
    assert not planned.unplaced
    assert rewrite.numbers(request_text) == rewrite.numbers(line)
    assert rewrite.sensitive(request_text) == rewrite.sensitive(line)


def test_numbers_and_word_classes() -> None:
    assert rewrite.numbers("Fifty bins between 0 and 200 GeV, three jets, HLT_IsoMu24") == {
        50.0, 0.0, 200.0, 3.0,
    }  # fmt: skip
    assert rewrite.sensitive("veto any event with an isolated muon, log y") == {
        "negation", "isolation", "log",
    }  # fmt: skip
    assert rewrite.sensitive("the hardest jet") == rewrite.sensitive("the leading jet")


def test_a_restatement_must_say_again_what_the_rules_could_not_place() -> None:
    # "a mass window" of unstated width: "dimuon mass around 9.46 GeV" plans (the Upsilon region)
    # but leaves the window out, so the question stands
    text = "Put a mass window around the Upsilon mass of about 9.46 GeV and show the dimuon mass."
    line = "dimuon mass around 9.46 GeV"
    assert _plan(line, mode="parser").ok
    plan = _plan(text, ScriptedChatModel(responses=[line]))
    assert not plan.ok and plan.unplaced
    assert rewrite.dropped_words(plan.unplaced, line) == ["window"]


def test_unplaced_words_leave_out_annotations_filler_and_comparisons() -> None:
    assert rewrite.unplaced_words(["that the muon pt is above"]) == {"muon", "pt"}
    assert rewrite.unplaced_words(["photon id (not a quantity I know)"]) == {"photon", "id"}
    assert rewrite.dropped_words(["the hardest muons in the Drell-Yan"], "leading muon in DY") == []
