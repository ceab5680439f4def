"""Whole-draft decoding (chathep.planner.decode) with the scripted model: the schema comes from
the Draft class, invalid answers get bounded repair rounds, examples are earlier turns."""

from __future__ import annotations

import json

import jsonschema
from pydantic import Field

from chathep.config import load_settings
from chathep.llm.fake import ScriptedChatModel
from chathep.planner.decode import (
    CORE_FIELDS,
    DraftShot,
    decode_draft,
    draft_answer,
    draft_schema,
    field_guide,
    nearest_draft_examples,
)
from chathep.planner.draft import Draft, ObjectReq
from chathep.planner.parser import parse_request

DIMUON = {"quantity": "mass", "object": "muon", "pair": True, "index": None}
SETTINGS = load_settings(llm_context=4096)


def _model(*answers) -> ScriptedChatModel:
    return ScriptedChatModel(
        responses=[a if isinstance(a, str) else json.dumps(a) for a in answers]
    )


def _shot(request: str, **fields) -> DraftShot:
    return DraftShot(request, Draft(**fields), citation=f"test#{request}")


SHOTS = [
    _shot("leading jet pT", quantity="pt", object="jet", pair=False, index=0),
    _shot("dielectron mass", quantity="mass", object="electron", pair=True),
]


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


# --- the schema ---------------------------------------------------------------------------


def test_schema_covers_every_draft_field_compactly():
    schema = draft_schema()
    assert set(schema["properties"]) == set(Draft.model_fields)
    core = [f for f in CORE_FIELDS if f in Draft.model_fields]
    assert schema["required"] == core
    assert list(schema["properties"])[: len(core)] == core  # the grammar's order
    assert schema["additionalProperties"] is False
    nodes = list(_walk(schema))
    assert not any({"title", "description", "default", "$ref", "$defs"} & set(n) for n in nodes)
    # the requirements map is spelled out per object kind, each with every ObjectReq field
    reqs = schema["properties"]["requirements"]
    assert reqs["additionalProperties"] is False
    assert "muon" in reqs["properties"] and "jet" in reqs["properties"]
    assert set(reqs["properties"]["muon"]["properties"]) == set(ObjectReq.model_fields)
    # null is allowed for the core fields, so "not said" is expressible
    assert {"type": "null"} in schema["properties"]["object"]["anyOf"]


def test_schema_and_guide_follow_a_new_draft_field():
    class Wider(Draft):
        mass_window: tuple[float, float] | None = Field(None, description="GeV, a pair cut")

    schema = draft_schema(Wider)
    assert "mass_window" in schema["properties"]
    assert "- mass_window:" in field_guide(Wider) and "a pair cut" in field_guide(Wider)
    model = _model({**DIMUON, "mass_window": [60, 120]})
    out = decode_draft(model, "dimuon mass 60-120", examples=[], settings=SETTINGS,
                       draft_class=Wider)  # fmt: skip
    assert out.ok and out.draft.mass_window == (60.0, 120.0)


def test_example_answers_are_valid_under_the_schema():
    schema = draft_schema()
    draft = Draft(quantity="pt", object="muon", pair=False, log_y=True)
    draft.req("muon").pt_min = 25
    answer = draft_answer(draft, schema)
    jsonschema.validate(answer, schema)
    assert list(answer)[:4] == ["quantity", "object", "pair", "index"]
    assert answer["index"] is None  # required ones are always written
    assert answer["requirements"] == {"muon": {"pt_min": 25.0}}  # only what is said
    assert "bins" not in answer and answer["log_y"] is True


# --- decoding and repair ------------------------------------------------------------------


def test_valid_first_answer_no_repair():
    model = _model({**DIMUON, "requirements": {"muon": {"pt_min": 25}}, "charge": "opposite"})
    out = decode_draft(model, "dimuon mass, OS muons above 25 GeV", examples=SHOTS,
                       settings=SETTINGS, max_tokens=200)  # fmt: skip
    assert out.ok and out.repairs == 0 and out.errors == []
    assert out.draft.quantity == "mass" and out.draft.requirements["muon"].pt_min == 25
    assert len(model.calls) == 1 and model.calls[0]["kwargs"]["max_tokens"] == 200
    assert out.examples == ["test#leading jet pT", "test#dielectron mass"]


def test_examples_are_earlier_turns_with_drafts_as_answers():
    model = _model(DIMUON)
    decode_draft(model, "the dimuon mass", examples=SHOTS, settings=SETTINGS)
    messages = model.calls[0]["messages"]
    assert [m.type for m in messages] == ["system", "human", "ai", "human", "ai", "human"]
    assert messages[1].content == "leading jet pT"
    assert json.loads(messages[2].content) == {
        "quantity": "pt", "object": "jet", "pair": False, "index": 0
    }  # fmt: skip
    assert json.loads(messages[4].content)["object"] == "electron"
    assert messages[-1].content == "the dimuon mass"
    system = messages[0].content
    assert "- quantity:" in system and "- requirements:" in system and "$fields" not in system


def test_system_prompt_is_the_same_for_every_request():
    model = _model(DIMUON, DIMUON)
    decode_draft(model, "the dimuon mass", examples=SHOTS, settings=SETTINGS)
    decode_draft(model, "jet pT in ttbar", examples=SHOTS[:1], settings=SETTINGS)
    first, second = (call["messages"][0].content for call in model.calls)
    assert first == second  # a fixed prefix: llama.cpp re-uses its evaluated tokens


def test_invalid_first_answer_gets_one_repair_round():
    bad = {**DIMUON, "index": -2, "requirements": {"muon": {"pt_min": -5}}}
    model = _model("not json at all", bad, DIMUON)
    out = decode_draft(model, "the dimuon mass", examples=[], settings=SETTINGS)
    assert out.ok and out.repairs == 2 and out.answers[0] == "not json at all"
    second = model.calls[1]["messages"]
    assert second[-2].type == "ai" and second[-2].content == "not json at all"
    assert "not valid" in second[-1].content and "JSON" in second[-1].content
    third = model.calls[2]["messages"][-1].content
    assert "index" in third  # the errors name the fields
    assert model.calls[2]["messages"][0].content == second[0].content


def test_invalid_optional_values_are_dropped_without_a_round():
    answer = {
        **DIMUON,
        "requirements": {"jet": {"clean_dr": 0.0, "pt_min": 30}, "muon": {"pt_min": 25}},
        "corrections": ["rochester", "warp_drive"],
        "colour": "red",
    }
    model = _model(answer)
    out = decode_draft(model, "dimuon mass", examples=[], settings=SETTINGS)
    assert out.ok and out.repairs == 0 and len(model.calls) == 1
    assert out.draft.requirements["jet"].clean_dr is None
    assert out.draft.requirements["jet"].pt_min == 30  # the valid neighbours stay
    assert out.draft.requirements["muon"].pt_min == 25
    assert out.draft.corrections is None  # a bad item takes its list
    assert sorted(d.split(":")[0] for d in out.dropped) == [
        "colour", "corrections", "requirements.jet.clean_dr"
    ]  # fmt: skip


def test_lists_are_bounded_against_loops():
    schema = draft_schema()
    for node in _walk(schema):
        if node.get("type") == "array":
            assert node["maxItems"] >= 1
    corrections = schema["properties"]["corrections"]["anyOf"][0]
    assert corrections["maxItems"] == len(corrections["items"]["enum"])


def test_a_schema_valid_but_unbuildable_draft_is_repaired(catalog):
    unbuildable = {**DIMUON, "start": 100, "stop": 10}
    model = _model(unbuildable, DIMUON)
    out = decode_draft(model, "dimuon mass", examples=[], settings=SETTINGS, catalog=catalog)
    assert out.ok and out.repairs == 1
    assert "stop must be above start" in model.calls[1]["messages"][-1].content
    # with a catalog, sample names are the catalog's (an enum in the grammar)
    samples = draft_schema(catalog=catalog)["properties"]["samples"]["anyOf"][0]["items"]
    assert set(samples["enum"]) == set(catalog.samples)
    assert draft_schema(catalog=catalog)["properties"]["samples"]["anyOf"][0]["maxItems"] == len(
        catalog.samples
    )


def test_gives_up_after_the_repair_bound():
    model = _model("{}", "{}", {**DIMUON, "quantity": "weight"})
    out = decode_draft(model, "the dimuon mass", examples=[], settings=SETTINGS, max_repairs=2)
    assert not out.ok and out.draft is None
    assert out.repairs == 2 and len(model.calls) == 3 and len(out.answers) == 3
    assert out.errors  # the last answer's reasons
    none = _model("{}")
    out = decode_draft(none, "x", examples=[], settings=SETTINGS, max_repairs=0)
    assert not out.ok and len(none.calls) == 1 and out.repairs == 0


def test_hints_and_docs_follow_the_request(catalog):
    parsed = parse_request("dimuon mass, muons above 25 GeV", catalog)
    model = _model(DIMUON)
    decode_draft(model, "dimuon mass, muons above 25 GeV", hints=parsed, docs="muon ID page",
                 examples=[], settings=SETTINGS)  # fmt: skip
    last = model.calls[0]["messages"][-1].content
    assert last.startswith("dimuon mass, muons above 25 GeV")
    assert "rule-based parser" in last and "pt_min=25" in last and "muon ID page" in last


def test_token_budget_drops_far_examples_then_refuses():
    # the schema + 1 or 2 of the 6 long examples fit (room for a few more Draft fields: at 2560
    # it was at the edge, and the unit_area field left no example; at 2800 the session-13 fields
    # (arithmetic cuts, the electron MVA ID) left none; at 3000 the session-20 MET flavour
    # (met_source) left none; at 3100 the session-25 fields (mc_to_data, min_dr, npv_good,
    # system_with) left none)
    tight = load_settings(llm_context=3300)
    model = _model(DIMUON)
    many = [_shot(f"request number {i} " + "word " * 150, quantity="pt") for i in range(6)]
    out = decode_draft(model, "the dimuon mass", examples=many, settings=tight, max_tokens=300)
    assert out.ok and 0 < len(out.examples) < 6
    assert out.examples[-1] == many[-1].citation  # the nearest (last) example stays
    refused = decode_draft(_model(), "the dimuon mass " * 800, examples=[], settings=tight)
    assert not refused.ok and "token budget" in refused.errors[0]


# --- worked examples as drafts ------------------------------------------------------------


def test_nearest_examples_are_parser_drafts_that_agree_with_their_specs(catalog):
    request = "invariant mass of muon pairs in Drell-Yan MC"
    shots = nearest_draft_examples(request, 3, catalog=catalog, settings=SETTINGS)
    assert 1 <= len(shots) <= 3
    assert all(isinstance(s.draft, Draft) and s.citation for s in shots)
    assert len({s.draft.model_dump_json() for s in shots}) == len(shots)  # different answers
    assert shots[-1].draft.quantity == "mass"  # nearest last
    same = nearest_draft_examples(shots[-1].request, 3, catalog=catalog, settings=SETTINGS)
    assert shots[-1].request not in [s.request for s in same]
