#!/usr/bin/env python
"""Latency of the planner's LLM step with the bundled models, by llama.cpp thread count.

One call = what ``auto`` mode does for a request with an open field: the system prompt with
quoted reference excerpts, the nearest worked examples as earlier turns, JSON-schema-
constrained decoding of the open fields. Median and max of ``--repeats`` calls per request
after one warm-up call; the model is loaded once per (model, threads). Run:
``.venv/bin/python benchmarks/llm_latency.py [--threads 1,2] [--no-write]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.markdown_section import write_section  # noqa: E402
from chathep.catalog import default_catalog  # noqa: E402
from chathep.config import load_settings  # noqa: E402
from chathep.errors import ChatHEPError  # noqa: E402
from chathep.knowledge.retrieval import get_retriever  # noqa: E402
from chathep.llm import get_chat_model  # noqa: E402
from chathep.planner.parser import parse_request  # noqa: E402
from chathep.planner.refine import refine  # noqa: E402

START, END = "<!-- llm-latency:start -->", "<!-- llm-latency:end -->"
REQUESTS = [
    "show me the muons in data vs Drell-Yan with pT above 25 GeV",
    "how busy are the ttbar events in jets, histogram",
]


def measure(model: str, threads: int, repeats: int) -> list[float]:
    settings = load_settings(model=model, llm_threads=threads)
    chat = get_chat_model(settings, max_tokens=96)
    catalog = default_catalog()
    times = []
    for i, text in enumerate(REQUESTS * (repeats + 1)):
        parsed = parse_request(text, catalog)
        hits = get_retriever(settings).search(text, k=5)
        t0 = time.perf_counter()
        refine(chat, text, parsed.draft, parsed.explicit, list(parsed.open), catalog,
               hits=hits, settings=settings)  # fmt: skip
        if i >= len(REQUESTS):  # the first round warms the model up
            times.append(time.perf_counter() - t0)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="smollm2,gemma3-270m")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    load0 = os.getloadavg()
    rows = []
    for model in args.models.split(","):
        for threads in [int(t) for t in args.threads.split(",")]:
            try:
                times = measure(model, threads, args.repeats)
            except ChatHEPError as exc:
                rows.append(f"| {model} | {threads} | skipped: {exc.message} | |")
                continue
            row = f"| {model} | {threads} | {statistics.median(times):.2f} | {max(times):.2f} |"
            print(row, flush=True)
            rows.append(row)
    load1 = os.getloadavg()
    text = "\n".join(
        [
            "## Planner LLM step latency (`benchmarks/llm_latency.py`)",
            "",
            f"{len(REQUESTS)} requests with an open field x {args.repeats} repeats after a "
            "warm-up; one call = docs + nearest worked examples + schema-constrained JSON.",
            "",
            "| model | llama.cpp threads | median s | max s |",
            "|---|---:|---:|---:|",
            *rows,
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, nproc {os.cpu_count()}, load "
            f"average {load0[0]:.1f} at the start and {load1[0]:.1f} at the end (1 min).",
        ]
    )
    print(text)
    if not args.no_write:
        write_section(START, END, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
