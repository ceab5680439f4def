"""What the planner's LLM step is shown: retrieved documents and the nearest worked examples."""

from __future__ import annotations

import json

import pytest

from chathep.config import load_settings
from chathep.knowledge.examples import load_examples
from chathep.knowledge.retrieval import Hit
from chathep.llm.fake import ScriptedChatModel
from chathep.planner import plan_request
from chathep.planner.fewshot import example_fields, nearest_examples, reference_context

OPEN_QUANTITY = "show me the muons in data vs Drell-Yan with pT above 25 GeV"


def _example(stem: str):
    (example,) = [e for e in load_examples() if e.path.endswith(f"/{stem}.md")]
    return example


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("leading_muon_pt_log", {"object": "muon", "pair": False, "quantity": "pt"}),
        ("dimuon_mass_z_peak", {"object": "muon", "pair": True, "quantity": "mass"}),
        ("sfos_dilepton_mass", {"object": "lepton", "pair": True, "quantity": "mass"}),
        ("ttbar_nbjets_tight", {"object": "bjet", "pair": False, "quantity": "count"}),
        # light jets: a b-tag score *below* the working point is not a b-jet
        ("ttbar_dijet_w_mass", {"object": "jet", "pair": True, "quantity": "mass"}),
        ("met_z_events", {"object": "none", "pair": False, "quantity": "met"}),
        ("subleading_muon_eta", {"object": "muon", "quantity": "eta", "leading_index": 1}),
    ],
)
def test_flat_answers_derive_from_the_example_specs(stem, expected):
    fields = example_fields(_example(stem).spec)
    assert {k: fields[k] for k in expected} == expected


def test_quantities_without_a_flat_form_give_no_answer():
    # muon isolation is a raw NanoAOD branch: the LLM is never asked for those
    assert example_fields(_example("muon_isolation").spec) == {}


def test_nearest_examples_agree_with_the_parser_and_differ_from_each_other():
    shots = nearest_examples(
        "how busy are the events in jets", ["quantity"], known={"object": "jet"}, k=4
    )
    assert 2 <= len(shots) <= 4
    answers = [s.answer["quantity"] for s in shots]
    assert len(set(answers)) == len(answers)  # each choice shown once
    for shot in shots:
        source = shot.citation.split("#")[0]
        (example,) = [e for e in load_examples() if e.path == source]
        assert example_fields(example.spec)["object"] == "jet"  # no muon or b-jet examples


def test_nearest_example_is_last_and_close_in_meaning():
    shots = nearest_examples("leading muon transverse momentum", ["object", "quantity"], k=3)
    assert shots[-1].answer == {"object": "muon", "quantity": "pt"}


def test_examples_still_come_without_the_embedding_model(tmp_path):
    settings = load_settings(embedding_model=str(tmp_path / "no-such-model"))
    shots = nearest_examples("number of jets per event", ["quantity"], settings=settings)
    assert shots and any(s.answer == {"quantity": "count"} for s in shots)


def test_reference_context_quotes_documents_as_data_and_skips_examples():
    hits = [
        Hit("Example text", 1.0, "knowledge_base/examples/x.md#X", {"kind": "example"}),
        Hit("word " * 400, 0.9, "knowledge_base/recipes/r.md#R", {"kind": "recipe"}),
    ]
    context = reference_context(hits)
    assert "<<<DOC knowledge_base/recipes/r.md#R" in context and "DOC>>>" in context
    assert "examples/x.md" not in context
    assert len(context) < 1200  # shortened for small context windows


def test_the_model_sees_the_retrieved_docs_and_the_nearest_examples(catalog, demo_data):
    hits = [Hit("Muon pT is the transverse momentum.", 1.0, "kb/muons.md#pT", {"kind": "object"})]
    model = ScriptedChatModel(responses=[json.dumps({"quantity": "pt"})])
    plan = plan_request(OPEN_QUANTITY, catalog, mode="auto", chat_model=model, hits=hits)
    assert plan.ok and plan.from_llm == {"quantity": "pt"}
    (call,) = model.calls
    messages = call["messages"]
    assert "<<<DOC kb/muons.md#pT" in messages[0].content
    turns = [(m.type, m.content) for m in messages[1:-1]]
    assert turns and len(turns) % 2 == 0
    for (role_q, request), (role_a, answer) in zip(turns[::2], turns[1::2], strict=True):
        assert (role_q, role_a) == ("human", "ai")
        assert set(json.loads(answer)) == {"quantity"} and request != OPEN_QUANTITY
    assert messages[-1].content == OPEN_QUANTITY
    assert plan.examples and all(c.startswith("knowledge_base/examples/") for c in plan.examples)
    # the parser read "muons": examples about other objects are not shown
    for cite in plan.examples:
        (example,) = [e for e in load_examples() if e.path == cite.split("#")[0]]
        assert example_fields(example.spec)["object"] == "muon"


def test_the_answer_cites_the_examples_the_model_was_shown(demo_data, tmp_path):
    from chathep.api import ask

    model = ScriptedChatModel(responses=[json.dumps({"quantity": "pt"})])
    answer = ask(OPEN_QUANTITY, planner="auto", chat_model=model, run=False, out_dir=tmp_path)
    assert answer.kind == "analysis", answer.message
    examples = [c for c in answer.citations if c.kind == "example"]
    assert examples and all(c.source.startswith("knowledge_base/examples/") for c in examples)
    assert len({str(c) for c in answer.citations}) == len(answer.citations)
