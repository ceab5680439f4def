"""Command bodies for ``chathep index`` and ``chathep search`` (wired into chathep/cli.py).

They print through ``echo`` and return an exit code, so any CLI framework can call them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from chathep.config import Settings, get_settings
from chathep.knowledge.index import build_index, index_paths
from chathep.knowledge.retrieval import Retriever

Echo = Callable[[str], None]


def index_command(
    paths: list[Path] | None = None,
    rebuild: bool = False,
    *,
    echo: Echo = print,
    settings: Settings | None = None,
) -> int:
    """``chathep index [PATH ...] [--rebuild]``: index the KB (no PATH) or the user's files."""
    settings = settings or get_settings()
    if paths:
        report = index_paths(paths, rebuild=rebuild, progress=echo, settings=settings)
    else:
        report = build_index(rebuild=rebuild, progress=echo, settings=settings)
    for path, message in report.failed.items():
        echo(f"failed: {path}: {message}")
    return 1 if report.failed and not report.touched and not report.unchanged else 0


def search_command(
    query: str,
    k: int = 5,
    as_json: bool = False,
    kind: str | None = None,
    era: str | None = None,
    *,
    echo: Echo = print,
    settings: Settings | None = None,
    auto_build: bool = True,
) -> int:
    """``chathep search "QUERY" [--json] [-k N] [--kind K] [--era E]``: top hits with citations.

    The knowledge base is indexed (incrementally) first unless ``auto_build`` is False.
    """
    retriever = Retriever(
        settings or get_settings(), auto_build=auto_build, progress=None if as_json else echo
    )
    hits = retriever.search(query, k=k, kind=kind, era=era)
    if as_json:
        echo(json.dumps([h.to_dict() for h in hits], indent=2))
        return 0
    if not hits:
        echo("No results.")
        return 0
    for rank, hit in enumerate(hits, 1):
        echo(f"{rank}. [{hit.score:.4f}] {hit.citation}")
        snippet = " ".join(hit.text.split())
        echo(f"   {snippet[:240]}{'...' if len(snippet) > 240 else ''}")
    return 0
