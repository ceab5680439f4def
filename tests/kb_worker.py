"""A separate process for tests/test_knowledge_concurrency.py: searches or re-indexes one index.

    python tests/kb_worker.py search INDEX_DIR GO_FILE DONE_FILE
    python tests/kb_worker.py rebuild INDEX_DIR GO_FILE PATH
    python tests/kb_worker.py add INDEX_DIR GO_FILE PATH

Prints one JSON line: {"status": "ok"|"error", ...}. Waits for GO_FILE before starting, so all
workers run at the same time; a searcher searches until DONE_FILE exists (at least 6 times).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

QUERIES = {
    "Muon_pfRelIso04_all isolation": "muons.md",
    "HLT_IsoMu24 trigger": "triggers.md",
    "AK4 jets cleaned against leptons": "jets.md",
}


def _wait(path: Path) -> None:
    for _ in range(6000):
        if path.exists():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{path} never appeared")


def search(index_dir: Path, go: Path, done: Path) -> dict:
    from chathep.config import load_settings
    from chathep.knowledge.retrieval import Retriever

    settings = load_settings(index_dir=index_dir)
    retriever = Retriever(settings, auto_build=False)
    print("ready", flush=True)
    _wait(go)
    found, generations, n = [], set(), 0
    while n < 6 or not done.exists():
        if n % 2:  # a fresh reader loads the snapshot while generations are swapped
            retriever = Retriever(settings, auto_build=False)
        query = list(QUERIES)[n % len(QUERIES)]
        hits = retriever.search(query, k=1)
        generations.add(retriever._generation)
        found.append([query, hits[0].source if hits else "", retriever.location])
        n += 1
    return {"found": found, "generations": sorted(generations)}


def write(job: str, index_dir: Path, go: Path, path: Path) -> dict:
    from chathep.config import load_settings
    from chathep.knowledge.index import build_index, index_paths

    settings = load_settings(index_dir=index_dir)
    from chathep.knowledge.embeddings import load_embedder

    load_embedder(settings.embedding_model)
    print("ready", flush=True)
    _wait(go)
    generations = []
    if job == "rebuild":
        for _ in range(2):
            generations.append(build_index([path], rebuild=True, settings=settings).generation)
    else:
        generations.append(index_paths([path], settings=settings).generation)
    return {"generations": generations}


def main() -> int:
    job, index_dir, go, last = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    try:
        out = search(index_dir, go, last) if job == "search" else write(job, index_dir, go, last)
        print(json.dumps({"status": "ok", **out}), flush=True)
        return 0
    except BaseException as exc:  # reported to the test, which fails
        print(json.dumps({"status": "error", "error": f"{type(exc).__name__}: {exc}"}), flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
