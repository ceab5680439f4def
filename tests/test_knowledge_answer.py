"""Knowledge questions get answers in words, from the right page, through chathep.api.

Ten different wordings (several paraphrases of the same need); each answer must name the
recommendation (a value or name the page states) and cite the page it comes from. Questions
the knowledge base cannot answer get "the knowledge base does not say".
The whole knowledge base is indexed once into a temporary directory (embeddings of unchanged
text come from pytest's cache, as in test_knowledge_recall.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chathep.api import ask
from chathep.config import Settings, load_settings
from chathep.knowledge.answer import NOT_FOUND, units
from chathep.knowledge.index import build_index

#: (question, the page to cite, words of the recommendation: each group needs one match)
QUESTIONS = [
    ("which muon ID should I use in 2018?", "objects/muons.md", [r"tight", r"medium"]),
    (
        "What's the recommended muon identification working point for a Z analysis?",
        "objects/muons.md",
        [r"tight"],
    ),
    (
        "What electron identification is recommended for 2018?",
        "objects/electrons.md",
        [r"mvaFall17V2Iso_WP(80|90)|cutBased"],
    ),
    (
        "what is the medium working point of DeepJet b-tagging in 2018?",
        "objects/btagging.md",
        [r"0\.2783|0\.2770"],
    ),
    (
        "how do I apply the jet energy resolution smearing?",
        "recipes/jer_jec.md",
        [r"smear", r"scale factors?|SF"],
    ),
    ("which jet ID should I apply?", "objects/jets.md", [r"tight"]),
    (
        "which trigger should I use for a dimuon Z selection?",
        "triggers/triggers.md",
        [r"HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8"],
    ),
    (
        "which MET filters should I apply in 2018?",
        "objects/met.md",
        [r"Flag_goodVertices", r"Flag_HBHENoiseFilter"],
    ),
    ("what isolation cut for muons?", "objects/muons.md", [r"0\.15|0\.25"]),
    (
        "What does the Rochester correction fix for muons?",
        "recipes/rochester.md",
        [r"scale", r"Z -> mu mu|resolution"],
    ),
]
UNANSWERABLE = ["what is the capital of France?", "how do I bake sourdough bread?"]


@pytest.fixture(scope="module")
def kb_settings(tmp_path_factory: pytest.TempPathFactory, request) -> Settings:
    root = tmp_path_factory.mktemp("kb-answer")
    settings = load_settings(index_dir=root / "index", output_dir=root / "out")
    cache = request.config.cache.mkdir("chathep-embeddings") / "vectors.sqlite"
    report = build_index(settings=settings, embedding_cache=cache)
    assert not report.failed, report.failed
    return settings


@pytest.mark.parametrize(("question", "page", "needs"), QUESTIONS, ids=[q for q, _, _ in QUESTIONS])
def test_a_knowledge_question_gets_the_recommendation_from_its_page(
    kb_settings: Settings, question: str, page: str, needs: list[str]
) -> None:
    answer = ask(question, settings=kb_settings, planner="parser")
    assert answer.kind == "question", (answer.kind, answer.message)
    assert answer.code is None and not answer.plots
    text = answer.message
    assert not text.startswith(NOT_FOUND), text
    for pattern in needs:
        assert re.search(pattern, text, re.IGNORECASE), (pattern, text)
    cited = [c.source for c in answer.citations]
    assert f"knowledge_base/{page}" in cited, (page, cited)
    # every citation has a one-line snippet, and the answer refers to each one by number
    for n, citation in enumerate(answer.citations, 1):
        assert citation.snippet and "\n" not in citation.snippet
        assert f"[{n}]" in text
        assert 0 < citation.score <= 1  # the section's cosine similarity to the question
    # extractive: each sentence of the answer is a unit of a cited page, not made up
    body = text.split("\n\nSources:")[0]
    pages = "\n".join(
        (Path(__file__).resolve().parent.parent / c.source).read_text() for c in answer.citations
    )
    for sentence in re.split(r" \[\d+\](?: |$)", body):
        if sentence.strip():
            assert sentence.strip().rstrip(".")[:60] in _flat(pages), sentence


def _flat(markdown: str) -> str:
    return "\n".join(units(markdown)) + "\n" + re.sub(r"\s+", " ", markdown)


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_the_knowledge_base_does_not_say(kb_settings: Settings, question: str) -> None:
    answer = ask(question, settings=kb_settings, planner="parser")
    assert answer.kind == "question"
    assert answer.message == NOT_FOUND
    assert answer.citations == []


def test_units_keep_list_items_and_read_table_rows_with_their_header() -> None:
    text = (
        "Intro sentence one is here. Second sentence follows it.\n\n"
        "- `Muon_tightId`: global muon. Suppresses decays in flight; the standard choice.\n\n"
        "| Era | Medium |\n|---|---|\n| 2018 | 0.2783 |\n\n"
        "```python\nignored = True\n```\n"
    )
    assert units(text) == [
        "Intro sentence one is here.",
        "Second sentence follows it.",
        "`Muon_tightId`: global muon. Suppresses decays in flight; the standard choice.",
        "Era: 2018; Medium: 0.2783",
    ]


def test_the_cli_gives_the_same_answer(kb_settings: Settings) -> None:
    """`chathep ask --json` in another process: the same API function, the same answer."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    question = QUESTIONS[6][0]  # the dimuon trigger
    exe = shutil.which("chathep") or str(Path(sys.executable).parent / "chathep")
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
        HF_HUB_OFFLINE="1",
        CHATHEP_INDEX_DIR=str(kb_settings.index_dir),
        CHATHEP_PLANNER="parser",
    )
    run = subprocess.run(
        [exe, "ask", question, "--json"], env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]
    doc = json.loads(run.stdout[run.stdout.index("{") :])
    in_process = ask(question, settings=kb_settings, planner="parser")
    assert doc["kind"] == "question"
    assert doc["message"] == in_process.message
    assert "HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8" in doc["message"]
    assert [c["source"] for c in doc["citations"]] == [c.source for c in in_process.citations]
