#!/usr/bin/env python
"""Sample generator throughput: ``chathep data generate`` on both cores, per process.

Runs :func:`chathep.generate.runner.generate_samples` (the CLI's function) into a temporary
directory and reports the measured figures it writes to ``generation_summary.json``: events
per second in total and per process, CPU per event and the fraction spent inside Pythia.
Run: ``.venv/bin/python benchmarks/generator.py [--events N] [--no-write]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.markdown_section import write_section  # noqa: E402
from chathep.generate.runner import SUMMARY_FILE, generate_samples  # noqa: E402

START, END = "<!-- generator:start -->", "<!-- generator:end -->"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=15_000, help="events per process")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="chathep-gen-bench-") as tmp:
        t0 = time.perf_counter()
        generate_samples(tmp, n_events=args.events, workers=args.workers, progress=False)
        wall = time.perf_counter() - t0
        summary = json.loads((Path(tmp) / SUMMARY_FILE).read_text())
    tp = summary["throughput"]
    n_total = tp["events_simulated"] + tp["events_pseudo_data"]
    rows = [
        f"| {p} | {rate:,.0f} | {summary['cpu_ms_per_event'][p]:.2f} | "
        f"{100 * summary['pythia_cpu_fraction'][p]:.0f} % |"
        for p, rate in summary["events_per_second_per_process"].items()
    ]
    text = "\n".join(
        [
            "## Sample generator (`benchmarks/generator.py`)",
            "",
            f"`generate_samples(n_events={args.events:,}, workers={args.workers})`, i.e. "
            f"`chathep data generate --events {args.events}` (Pythia 8.317, MPI off, the "
            "parametric detector, NanoAOD writing, pseudo-data): "
            f"{tp['events_simulated']:,} simulated + {tp['events_pseudo_data']:,} pseudo-data "
            f"events = {n_total:,} events in {wall:.0f} s wall, "
            f"**{n_total / wall:,.0f} events/s** on {args.workers} worker processes "
            f"(100k events: {100_000 / (n_total / wall) / 60:.1f} min).",
            "",
            "| process | events/s per worker | CPU ms per event | inside Pythia |",
            "|---|---:|---:|---:|",
            *rows,
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, nproc {os.cpu_count()}, load "
            f"average {tp['load_average_start'][0]:.1f} at the start and "
            f"{tp['load_average_end'][0]:.1f} at the end (1 min; the workers themselves load "
            "both cores).",
        ]
    )
    print(text)
    if not args.no_write:
        write_section(START, END, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
