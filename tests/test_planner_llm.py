"""The planner's LLM layer: only for open fields, never against the parser's explicit reading."""

from __future__ import annotations

import json
import logging

import pytest

from chathep.config import load_settings
from chathep.llm.fake import ScriptedChatModel
from chathep.planner import plan_request
from chathep.planner.refine import fields_for, refine_schema, system_prompt

MAIN = (
    "data/MC comparison of the dimuon mass, opposite-sign muons above 25 GeV, "
    "with the 2018 corrections"
)
OPEN_QUANTITY = "show me the muons in data vs Drell-Yan with pT above 25 GeV"


def _model(*answers: dict) -> ScriptedChatModel:
    return ScriptedChatModel(responses=[json.dumps(a) for a in answers])


def test_auto_mode_does_not_call_the_model_when_nothing_is_open(catalog, demo_data):
    model = _model()  # any call would fail: no answer is scripted
    plan = plan_request(MAIN, catalog, mode="auto", chat_model=model)
    assert plan.ok and model.calls == []


def test_parser_mode_asks_instead_of_calling_the_model(catalog):
    model = _model({"quantity": "pt"})
    plan = plan_request(OPEN_QUANTITY, catalog, mode="parser", chat_model=model)
    assert not plan.ok and "What should I plot" in plan.question
    assert model.calls == []


def test_auto_mode_fills_only_the_open_field(catalog, demo_data):
    model = _model({"quantity": "pt"})
    plan = plan_request(OPEN_QUANTITY, catalog, mode="auto", chat_model=model)
    assert plan.ok, plan.question
    assert plan.from_llm == {"quantity": "pt"}
    assert plan.draft.requirements["muon"].pt_min == 25.0
    assert plan.spec.samples == ["data_2018A_doublemuon", "dy_2018"]
    (call,) = model.calls
    system = call["messages"][0].content
    assert "- quantity:" in system and "- object:" not in system
    assert call["messages"][-1].content == OPEN_QUANTITY
    assert any("language model" in line for line in plan.describe(catalog).splitlines())


def test_open_field_schema_is_small_and_closed():
    asked = fields_for(["quantity"], "auto")
    schema = refine_schema(asked)
    assert list(schema["properties"]) == ["quantity"]
    assert schema["required"] == ["quantity"] and schema["additionalProperties"] is False
    assert "mass" in schema["properties"]["quantity"]["enum"]
    assert "$fields" not in system_prompt(asked)


def test_llm_cannot_contradict_an_explicit_reading(catalog, demo_data, caplog):
    model = _model({"object": "electron", "pair": True, "quantity": "mass", "log_y": True})
    with caplog.at_level(logging.INFO, logger="chathep.planner.refine"):
        plan = plan_request(MAIN, catalog, mode="llm", chat_model=model)
    assert plan.ok
    assert plan.draft.object == "muon"
    assert plan.spec.object("electrons") is None
    assert plan.from_llm == {"log_y": True}  # not said by the request: accepted
    assert any("object='electron'" in r and "contradicts" in r for r in plan.rejected)
    assert "contradicts the request" in caplog.text


def test_llm_values_that_make_an_invalid_spec_are_all_rejected(catalog, demo_data):
    model = _model({"object": "muon", "pair": True, "quantity": "mass", "start": 100, "stop": 50})
    plan = plan_request(MAIN, catalog, mode="llm", chat_model=model)
    assert plan.ok
    hist = plan.spec.histograms[0]
    assert (hist.start, hist.stop) == (60.0, 120.0)
    assert any("resulting spec is invalid" in r for r in plan.rejected)


def test_invalid_json_falls_back_to_a_question(catalog):
    model = ScriptedChatModel(responses=["The muon transverse momentum!"])
    plan = plan_request(OPEN_QUANTITY, catalog, mode="auto", chat_model=model)
    assert not plan.ok
    assert "What should I plot" in plan.question
    assert any("could not help" in n for n in plan.notes)


def test_llm_names_the_object_for_a_bare_mass(catalog, demo_data):
    model = _model({"object": "jet", "pair": True})
    plan = plan_request("the mass, data vs Drell-Yan", catalog, mode="auto", chat_model=model)
    assert plan.ok, plan.question
    assert plan.spec.combinations[0].name == "dijet"


def test_llm_saying_none_leaves_the_question(catalog):
    model = _model({"object": "none", "pair": False})
    plan = plan_request("the mass", catalog, mode="auto", chat_model=model)
    assert not plan.ok
    assert "of which objects" in plan.question


def test_missing_model_is_a_note_not_a_crash(catalog, tmp_path):
    settings = load_settings(model=str(tmp_path / "absent.gguf"))
    plan = plan_request(OPEN_QUANTITY, catalog, mode="llm", settings=settings)
    assert not plan.ok and plan.question
    assert any("does not exist" in n for n in plan.notes)


def test_auto_mode_asks_instead_of_a_model_not_measured_to_fill_fields(catalog, monkeypatch):
    # the bundled tiny models were below the rules alone on the held-out requests: auto mode
    # asks the user what the rules left open instead of loading them
    import chathep.llm as llm

    def no_model(*args, **kwargs):
        raise AssertionError("auto mode must not load a model without fill_fields")

    monkeypatch.setattr(llm, "get_chat_model", no_model)
    settings = load_settings(model="smollm2")
    plan = plan_request(OPEN_QUANTITY, catalog, mode="auto", settings=settings)
    assert not plan.ok and plan.question
    assert not plan.from_llm


@pytest.mark.slow
def test_real_smollm2_fills_the_open_field_and_keeps_the_cuts(catalog, demo_data):
    from chathep.llm import get_chat_model

    model = get_chat_model(
        load_settings(model="smollm2", llm_threads=1, llm_context=2048), max_tokens=32
    )
    plan = plan_request(OPEN_QUANTITY, catalog, mode="auto", chat_model=model)
    # whatever the small model says, it may only have filled the open field
    assert set(plan.from_llm) <= {"quantity"}
    assert plan.draft.requirements["muon"].pt_min == 25.0
    assert plan.draft.object == "muon"
    assert plan.draft.samples == ["data_2018A_doublemuon", "dy_2018"]
    # exactly one outcome: a spec of the muons, or a question (never both, never neither)
    assert plan.ok != bool(plan.question)
    if plan.ok:
        assert {o.source for o in plan.spec.objects} == {"Muon"}


def test_auto_asks_instead_of_letting_the_model_invent_an_analysis() -> None:
    """'make a plot' names neither objects nor a quantity: no LLM call, one question."""
    from chathep.llm.fake import ScriptedChatModel
    from chathep.planner import plan_request

    model = ScriptedChatModel(responses=['{"object": "jet", "pair": false, "quantity": "mass"}'])
    plan = plan_request("make a plot", mode="auto", chat_model=model)
    assert plan.spec is None and plan.question
    assert model.calls == []
