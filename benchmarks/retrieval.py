"""Retrieval benchmark: index build time, query latency, index size and recall@k.

Builds the whole knowledge base into a fresh temporary index (never the user's), runs the
labelled queries (benchmarks/retrieval_queries.yaml), prints a table and updates the
"Retrieval" section of BENCHMARKS.md.

Run: ``.venv/bin/python benchmarks/retrieval.py [--no-write] [-k 5]``
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from chathep.config import load_settings
from chathep.knowledge.bench import evaluate, load_queries
from chathep.knowledge.index import build_index
from chathep.knowledge.retrieval import Retriever

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(ROOT))
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- retrieval:begin -->", "<!-- retrieval:end -->"


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(k: int = 5) -> dict[str, float | int | str]:
    queries = load_queries()
    with tempfile.TemporaryDirectory(prefix="chathep-bench-") as tmp:
        settings = load_settings(index_dir=Path(tmp) / "index")
        t0 = time.perf_counter()
        Retriever(settings, auto_build=False)  # loads the embedding model (not indexing time)
        load_s = time.perf_counter() - t0
        cpu = time.process_time()
        report = build_index(settings=settings)
        build_cpu = time.process_time() - cpu
        size = dir_size(Path(tmp) / "index")
        retriever = Retriever(settings, auto_build=False)
        retriever.search("warm-up query", k=k)
        cpu = time.process_time()
        result = evaluate(retriever, queries, k=k)
        query_cpu = (time.process_time() - cpu) / max(len(queries), 1)
    for outcome in result.misses:
        print(f"miss: {outcome.query.query!r} -> {outcome.citations[:3]}")
    return {
        "files": len(report.added),
        "chunks": report.chunks_total,
        "queries": len(queries),
        "model_load_s": load_s,
        "build_s": report.seconds,
        "build_cpu_s": build_cpu,
        "size_mb": size / 1e6,
        "p50_ms": result.latency_ms(0.50),
        "p95_ms": result.latency_ms(0.95),
        "cpu_mean_ms": query_cpu * 1000,
        "recall1": result.recall(1),
        "recall3": result.recall(3),
        "recallk": result.recall(k),
        "k": k,
    }


def table(m: dict) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = [
        ("Knowledge base", f"{m['files']} files, {m['chunks']} chunks"),
        ("Embedding model load", f"{m['model_load_s']:.1f} s"),
        ("Index build (whole KB, fresh)", f"{m['build_s']:.1f} s wall"),
        ("Index build CPU time", f"{m['build_cpu_s']:.1f} s"),
        ("Index size on disk", f"{m['size_mb']:.1f} MB"),
        ("Query latency p50 / p95 (wall)", f"{m['p50_ms']:.0f} / {m['p95_ms']:.0f} ms"),
        ("Query CPU time (mean over the set)", f"{m['cpu_mean_ms']:.0f} ms"),
        ("Labelled queries", f"{m['queries']}"),
        ("recall@1 / @3", f"{m['recall1']:.3f} / {m['recall3']:.3f}"),
        (f"recall@{m['k']}", f"{m['recallk']:.3f}"),
    ]
    lines = ["| Measure | Value |", "|---|---|", *[f"| {a} | {b} |" for a, b in rows]]
    lines.append(
        f"\nMeasured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at the end (other jobs were running); "
        "all-MiniLM-L6-v2 on CPU, chromadb embedded, hybrid dense + BM25 (RRF)."
    )
    return "\n".join(lines)


def update_benchmarks(text: str, path: Path = BENCHMARKS) -> None:
    from benchmarks.markdown_section import write_section

    write_section(START, END, f"## Retrieval (benchmarks/retrieval.py)\n\n{text}", path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="Do not touch BENCHMARKS.md")
    args = parser.parse_args()
    text = table(run(args.k))
    print(text)
    if not args.no_write:
        update_benchmarks(text)
        print(f"updated {BENCHMARKS}")


if __name__ == "__main__":
    main()
