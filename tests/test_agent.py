"""The agent end to end on the real files, and bad requests that must not crash it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import uproot

from chathep.api import Session, ask
from chathep.llm.fake import ScriptedChatModel

DIMUON = (
    "data/MC comparison of the dimuon mass, opposite-sign muons above 25 GeV, "
    "with the 2018 corrections"
)


@pytest.fixture(scope="module")
def dimuon_answer(tmp_path_factory: pytest.TempPathFactory, demo_data: Path):
    return ask(DIMUON, planner="parser", out_dir=tmp_path_factory.mktemp("dimuon"))


def test_demo_request_gives_plot_code_yields_and_recipes(dimuon_answer) -> None:
    a = dimuon_answer
    assert a.kind == "analysis", a.message
    assert a.png and Path(a.png).stat().st_size > 10_000
    assert Path(a.png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert a.code and "PackedSelection" in a.code and "Weights" in a.code
    assert set(a.yields) == {"data_2018A_doublemuon", "dy_2018"}
    sources = {c.source for c in a.citations}
    assert "knowledge_base/recipes/rochester.md" in sources
    assert "knowledge_base/recipes/mc_normalisation.md" in sources
    # citations are the pages used: the recipes applied and the muon definition chosen; the
    # parser planner showed no excerpt to a model, so no search result is cited
    assert "knowledge_base/objects/muons.md" in sources
    assert {c.kind for c in a.citations} == {"recipe", "objects"}
    assert all(c.score == 0 for c in a.citations)  # no score where it means nothing
    assert "rochester" in a.corrections["dy_2018"]["applied"]
    assert set(a.timings) >= {"retrieve", "plan", "compile", "run", "plot", "total"}


def test_demo_data_yield_matches_an_independent_count(dimuon_answer, demo_data: Path) -> None:
    """Data events with >= 2 muons (pT > 25, |eta| < 2.4, tight, iso < 0.15) of which at least
    one opposite-charge pair exists, counted here with uproot + numpy only."""
    import numpy as np

    tree = uproot.open(demo_data / "nano_dimuon.root")["Events"]
    cols = ["Muon_pt", "Muon_eta", "Muon_tightId", "Muon_pfRelIso04_all", "Muon_charge"]
    arrays = tree.arrays(cols, library="np")
    n_pass = 0
    for pt, eta, tight, iso, charge in zip(*(arrays[c] for c in cols), strict=True):
        good = (pt > 25) & (np.abs(eta) < 2.4) & tight & (iso < 0.15)
        if good.sum() >= 2 and len(set(charge[good].tolist())) == 2:
            n_pass += 1
    assert n_pass > 0
    assert dimuon_answer.yields["data_2018A_doublemuon"].events == n_pass


def test_answer_json_is_complete(dimuon_answer) -> None:
    doc = json.loads(dimuon_answer.model_dump_json())
    h = doc["histograms"][0]
    assert len(h["edges"]) == len(h["samples"]["dy_2018"]["values"]) + 1
    assert doc["schema_version"] == 1 and doc["spec"]["histograms"]


def test_follow_up_edits_the_previous_spec(tmp_path: Path, demo_data: Path) -> None:
    session = Session()
    first = ask(DIMUON, session=session, planner="parser", out_dir=tmp_path / "a")
    assert first.kind == "analysis"
    second = ask("now log scale with 40 bins", session=session, planner="parser", run=False)
    assert second.kind == "analysis", second.message
    assert second.spec["histograms"][0]["log_y"] is True
    assert second.spec["histograms"][0]["bins"] == 40
    assert second.spec["objects"] == first.spec["objects"]
    assert len(session.history) == 2


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        ("", "clarification"),
        ("   ", "clarification"),
        ("x" * 50_000, "refusal"),
        ("please delete all files in my home directory", "refusal"),
        ("rm -rf / and then plot the dimuon mass", "refusal"),
        ("Quel temps fait-il à Genève demain ?", "clarification"),
        ("Zeig mir die Masse der Myonen mit dem Trigger", "clarification"),
        ("write me a poem about the sea", "clarification"),
        ("dimuon mass in the Higgs to gamma gamma 2017 sample", "clarification"),
    ],
)
def test_bad_requests_get_a_clear_answer(request_text: str, kind: str, demo_data: Path) -> None:
    a = ask(request_text, planner="parser", run=False)
    assert a.kind == kind, (a.kind, a.message)
    assert a.message.strip()
    assert a.request == request_text  # the user's words are kept, whatever they are


def test_knowledge_question_is_answered_with_citations(demo_data: Path) -> None:
    a = ask("which muon ID should I use in 2018?", planner="parser")
    assert a.kind == "question"
    assert a.citations and a.code is None
    assert "muon" in a.message.lower()


def test_a_broken_index_costs_the_citations_not_the_analysis(
    monkeypatch: pytest.MonkeyPatch, demo_data: Path
) -> None:
    import chathep.knowledge.retrieval as retrieval

    class Broken:
        def search(self, *args, **kwargs):
            raise RuntimeError("Collection [x] does not exist.")

    monkeypatch.setattr(retrieval, "get_retriever", lambda settings=None: Broken())
    # the language model's step reads the knowledge base (the parser alone would not search)
    model = ScriptedChatModel(responses=['{"quantity": "pt"}'])
    request = "show me the muons in data vs Drell-Yan with pT above 25 GeV"
    a = ask(request, planner="auto", chat_model=model, run=False)
    assert a.kind == "analysis", a.message
    assert len(model.calls) == 1
    # only what the plan used (object definitions, worked examples), nothing from the search
    assert ("knowledge_base/objects/muons.md", "objects") in [
        (c.source, c.kind) for c in a.citations
    ]
    assert all(c.kind in ("objects", "example") for c in a.citations), a.citations
    assert any("Knowledge base unavailable" in w for w in a.warnings)


def test_a_failed_run_keeps_request_spec_and_code(tmp_path: Path, demo_data: Path) -> None:
    from chathep.config import load_settings

    settings = load_settings(sandbox_timeout=0.5)  # too short for any coffea run
    a = ask(DIMUON, planner="parser", settings=settings, out_dir=tmp_path)
    assert a.kind == "error"
    assert "timeout" in a.message.lower() or "did not finish" in a.message.lower()
    assert a.request == DIMUON
    assert a.spec and a.plan
    assert a.code and "ProcessorABC" in a.code


def test_other_languages_get_a_pointer_to_english(demo_data: Path) -> None:
    a = ask("Quelle est la masse des muons avec une coupure de 25 GeV ?", planner="parser")
    assert a.kind == "clarification" and "English" in a.message
    # physics words in English with a few foreign ones are still read
    b = ask("dimuon mass, data vs DY, la plus belle", planner="parser", run=False)
    assert b.kind != "clarification" or "English" not in b.message
