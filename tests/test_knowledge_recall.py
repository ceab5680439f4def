"""Retrieval quality on the labelled query set, over the whole shipped knowledge base.

Builds the full index once (in a temporary directory) and checks recall@5 >= 0.8; the
benchmark (benchmarks/retrieval.py) reports the same measurement with timings.
"""

from __future__ import annotations

import pytest

from chathep.config import Settings
from chathep.knowledge.bench import evaluate, load_queries
from chathep.knowledge.retrieval import Retriever


@pytest.fixture(scope="module")
def kb_retriever(kb_settings: Settings) -> Retriever:
    """The whole KB in a fresh index (the session's kb_settings, built once)."""
    return Retriever(kb_settings, auto_build=False)


def test_labelled_set_is_large_enough_and_points_at_real_files() -> None:
    from chathep.knowledge.documents import KB_DIR

    queries = load_queries()
    assert len(queries) >= 60
    for q in queries:
        for expected in q.expected:
            path = expected.split("#", 1)[0]
            assert (KB_DIR.parent / path).is_file(), f"{q.query!r}: {path} does not exist"


def test_recall_at_5_on_the_labelled_set(kb_retriever: Retriever) -> None:
    result = evaluate(kb_retriever, load_queries(), k=5)
    missed = [(o.query.query, o.citations[:2]) for o in result.misses]
    assert result.recall(5) >= 0.8, missed


def test_exact_identifiers_rank_first(kb_retriever: Retriever) -> None:
    for query, page in [
        ("Muon_pfRelIso04_all", "knowledge_base/nanoaod/Muon.md"),
        ("HLT_IsoMu24", "knowledge_base/"),
        ("Jet_btagDeepFlavB", "knowledge_base/"),
    ]:
        top = kb_retriever.search(query, k=1)[0]
        assert top.source.startswith(page), (query, top.citation)
        assert query.lower() in top.text.lower(), (query, top.citation)
