"""The planner asks a capable model for the whole draft only where the rules left words unplaced.

The model's draft is accepted only if it keeps every explicit reading of the parser and places
every unplaced number; otherwise the user gets the clarifying question. Scripted models here
(unit tests); the real models are measured in benchmarks/llm_decode.py and
benchmarks/eval_planner.py.
"""

from __future__ import annotations

import json

from chathep.llm.fake import ScriptedChatModel
from chathep.planner import plan_request

REQUEST = "muon pT where each muon must clear 25 GeV, data vs DY"


def _plan(catalog, *answers, mode="auto"):
    model = ScriptedChatModel(responses=[json.dumps(a) for a in answers])
    plan = plan_request(REQUEST, catalog, mode=mode, chat_model=model, check_files=False)
    return plan, model


def test_the_rules_leave_the_number_unplaced(catalog):
    plan = plan_request(REQUEST, catalog, mode="parser", check_files=False)
    assert not plan.ok and "25" in plan.question


def test_a_draft_that_places_the_number_is_used(catalog):
    answer = {"quantity": "pt", "object": "muon", "pair": False, "index": None,
              "requirements": {"muon": {"pt_min": 25}}}  # fmt: skip
    plan, model = _plan(catalog, answer)
    assert plan.ok, plan.question
    assert ("pt", ">", 25.0) in {(c.field, c.op, c.value) for c in plan.spec.object("muons").cuts}
    assert model.calls, "the model was asked"
    assert any("language model" in n for n in plan.notes)


def test_a_draft_that_drops_the_number_gives_the_question(catalog):
    answer = {"quantity": "pt", "object": "muon", "pair": False, "index": None}
    plan, _ = _plan(catalog, answer, answer, answer)
    assert not plan.ok and "25" in plan.question


def test_the_parser_wins_where_the_model_contradicts_it(catalog):
    answer = {"quantity": "eta", "object": "muon", "pair": False, "index": None,
              "requirements": {"muon": {"pt_min": 25}}}  # fmt: skip
    plan, _ = _plan(catalog, answer)
    assert plan.ok, plan.question
    hist = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (hist.of, hist.field) == ("muons", "pt")  # what the request says
    assert any("the model said" in r for r in plan.rejected)


def test_a_number_put_on_an_object_the_request_does_not_name_gives_the_question(catalog):
    answer = {"quantity": "pt", "object": "muon", "pair": False, "index": None,
              "requirements": {"electron": {"pt_min": 25}}}  # fmt: skip
    plan, _ = _plan(catalog, answer)
    assert not plan.ok and "25" in plan.question


def test_parser_mode_never_asks_a_model(catalog):
    model = ScriptedChatModel(responses=[])
    plan = plan_request(REQUEST, catalog, mode="parser", chat_model=model, check_files=False)
    assert not plan.ok and model.calls == []
