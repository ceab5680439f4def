"""Latency of one request to a plot, per stage (issue 18): fresh `chathep ask` and warm `api.ask`.

Run: ``.venv/bin/python benchmarks/latency.py [--runs 5] [--followups 10] [--no-write]
[--only plot-only]`` (``--only``: the rows whose name contains the text; implies
``--no-write``).
Prints the table and replaces the latency section of BENCHMARKS.md (between the
``<!-- latency:begin -->`` and ``<!-- latency:end -->`` markers; other sections are kept).

Rows (the dimuon request on the demo files, parser mode, default settings otherwise):

- fresh ``chathep ask``: a new process per request (``--json``; wall time measured here);
- warm ``api.ask``: the same request again in one process (the app, the magic and ``chat``
  call ``api.ask`` in their long-lived process); the first request of that process is not
  counted;
- plot-only follow-up: "now log scale" / "now linear scale" after the request, in one
  process (the histograms are re-plotted; nothing runs), ``--followups`` of them in a row
  (default 10; the table gives their median and the text their maximum);
- binning follow-up: "now 40 bins" / "now 30 bins" after the request, in one process (the
  histograms are filled again from the entries the run kept; the analysis does not run);
- the first two rows again with ``CHATHEP_SANDBOX_WARM=false`` (every run a fresh sandboxed
  interpreter), to show what the warm sandbox saves.

Stage times are the answer's own ``timings``; medians over ``--runs``; the 1-minute load
average before and after is stated (the machine has 2 cores shared with other work).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BEGIN, END = "<!-- latency:begin -->", "<!-- latency:end -->"
REQUEST = "dimuon mass, opposite-sign muons above 25 GeV, data vs DY"
STAGES = ("total", "retrieve", "plan", "compile", "run", "plot")

WARM_LOOP = """
import json, sys, time
from chathep.api import Session, ask
from chathep.plotting import wait_for_pdfs
runs, out = int(sys.argv[1]), sys.argv[2]
rows = []
for i in range(runs + 1):
    wait_for_pdfs()  # the previous answer's PDF (written after it returned) is done
    start = time.perf_counter()
    answer = ask({request!r}, planner="parser", out_dir=f"{{out}}/warm{{i}}")
    wall = time.perf_counter() - start
    if answer.kind != "analysis":
        raise SystemExit(f"not an analysis: {{answer.message}}")
    rows.append({{"wall": wall, **answer.timings}})
print(json.dumps(rows[1:]))
"""

FOLLOWUP_LOOP = """
import json, sys, time
from chathep.api import Session, ask
from chathep.plotting import wait_for_pdfs
runs, out = int(sys.argv[1]), sys.argv[2]
session = Session()
first = ask({request!r}, planner="parser", session=session, out_dir=f"{{out}}/first")
if first.kind != "analysis":
    raise SystemExit(f"not an analysis: {{first.message}}")
rows = []
for i in range(runs):
    wait_for_pdfs()
    follow = ("now log scale", "now linear scale")[i % 2]
    start = time.perf_counter()
    answer = ask(follow, planner="parser", session=session, out_dir=f"{{out}}/follow{{i}}")
    wall = time.perf_counter() - start
    if answer.kind != "analysis" or answer.timings.get("run") != 0.0:
        raise SystemExit(f"not a re-plot: {{answer.message}} {{answer.timings}}")
    rows.append({{"wall": wall, **answer.timings}})
print(json.dumps(rows))
"""


BINNING_LOOP = FOLLOWUP_LOOP.replace(
    '("now log scale", "now linear scale")', '("now 40 bins", "now 30 bins")'
).replace(
    'answer.timings.get("run") != 0.0', 'not any("filled again" in w for w in answer.warnings)'
)


def _env(warm: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("HF_HUB_OFFLINE", "1")
    env["CHATHEP_SANDBOX_WARM"] = "true" if warm else "false"
    return env


def fresh(runs: int, warm: bool, out: Path) -> list[dict[str, float]]:
    """``chathep ask --json`` in a new process, ``runs`` times."""
    exe = Path(sys.executable).with_name("chathep")
    rows = []
    for i in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [str(exe), "ask", REQUEST, "--planner", "parser", "--json",
             "--out", str(out / f"fresh{int(warm)}-{i}")],
            capture_output=True, text=True, env=_env(warm), check=False,
        )  # fmt: skip
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"chathep ask failed: {done.stderr[-2000:]}")
        answer = json.loads(done.stdout)
        rows.append({"wall": wall, **answer["timings"]})
    return rows


def warm_process(runs: int, warm: bool, out: Path, loop: str = WARM_LOOP) -> list[dict[str, float]]:
    """``api.ask`` again and again in one process (the first request not counted); with
    ``FOLLOWUP_LOOP``, plot-only follow-ups ("now log scale") of one request."""
    done = subprocess.run(
        [sys.executable, "-c", loop.format(request=REQUEST), str(runs), str(out)],
        capture_output=True, text=True, env=_env(warm), check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"warm loop failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cell(rows: list[dict[str, float]], key: str) -> str:
    values = [r[key] for r in rows if key in r]
    if not values:
        return "-"
    return f"{statistics.median(values):.2f}"


FOLLOWUP_ROW = "plot-only follow-up (same process)"


def table(
    results: dict[str, list[dict[str, float]]],
    runs: int,
    load: tuple,
    loads: dict[str, float] | None = None,
) -> str:
    followups = results.get(FOLLOWUP_ROW, [])
    counted = f" ({len(followups)} for the plot-only follow-up)" if followups else ""
    lines = [
        f"Median of {runs} requests per row{counted}, "
        f"seconds; the dimuon request ('{REQUEST}') on the "
        "40-event demo files, parser mode. Stage times are the answer's own timings; *wall* "
        "is the whole process for the fresh rows (start-up and imports included) and the "
        "`api.ask` call for the warm rows. Load average (1 min) "
        f"{load[0]:.2f} before, {load[1]:.2f} after, on "
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}).",
        "",
        "| | wall | " + " | ".join(STAGES) + " | load at start |",
        "|---|---:|" + "---:|" * len(STAGES) + "---:|",
    ]
    for name, rows in results.items():
        cells = " | ".join(_cell(rows, k) for k in STAGES)
        at = f"{loads[name]:.2f}" if loads and name in loads else "-"
        lines.append(f"| {name} | {_cell(rows, 'wall')} | {cells} | {at} |")
    lines += [
        "",
        "*retrieve* is 0 when no stage reads the knowledge base (a request the rules plan "
        "alone). The warm rows use one zygote per process (ARCHITECTURE.md, 'The warm "
        "sandbox'); the *cold sandbox* rows start a fresh sandboxed interpreter per run. "
        "The *plot-only follow-up* row alternates 'now log scale' and 'now linear scale' "
        "after the request: the histograms of the run are re-plotted, nothing runs. "
        f"{_followup_note(followups)}"
        "The *binning follow-up* row alternates 'now 40 bins' and 'now 30 bins': the histograms "
        "are filled again from the entries the run kept (*run* is that fill). The "
        "answer's PDF is written after the answer returns (the PNG is what it shows); the "
        "warm loops let it finish before timing the next request, as when a person reads "
        "the plot before typing.",
    ]
    return "\n".join(lines) + "\n"


def _followup_note(rows: list[dict[str, float]]) -> str:
    if not rows:
        return ""
    walls = [r["wall"] for r in rows]
    return (
        f"Its {len(rows)} follow-ups in a row: median {statistics.median(walls):.2f} s, "
        f"max {max(walls):.2f} s (wall). "
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--followups", type=int, default=10, help="Plot-only follow-ups in a row (one process)."
    )
    parser.add_argument("--no-write", action="store_true", help="Only print the table.")
    parser.add_argument("--only", help="Measure only the rows whose name contains this text.")
    opts = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="chathep-latency-") as tmp:
        out = Path(tmp)
        rows = {
            "fresh `chathep ask`": lambda: fresh(opts.runs, True, out),
            "warm `api.ask` (same process)": lambda: warm_process(opts.runs, True, out),
            FOLLOWUP_ROW: lambda: warm_process(opts.followups, True, out, FOLLOWUP_LOOP),
            "binning follow-up (same process)": lambda: warm_process(
                opts.runs, True, out, BINNING_LOOP
            ),
            "fresh `chathep ask`, cold sandbox": lambda: fresh(opts.runs, False, out),
            "warm `api.ask`, cold sandbox": lambda: warm_process(opts.runs, False, out),
        }
        if opts.only:
            rows = {k: v for k, v in rows.items() if opts.only in k}
        results, loads = {}, {}
        for name, measure in rows.items():
            loads[name] = os.getloadavg()[0]  # the machine is shared: stated per row
            results[name] = measure()
    text = table(results, opts.runs, (load_before, os.getloadavg()[0]), loads)
    print(text)
    if opts.only:
        return  # a partial table: neither latency.json nor BENCHMARKS.md
    (REPO / "benchmarks" / "latency.json").write_text(json.dumps(results, indent=1) + "\n")
    if not opts.no_write:
        from benchmarks.markdown_section import write_section

        write_section(BEGIN, END, "## Latency: request to plot (issue 18)\n\n" + text)


if __name__ == "__main__":
    main()
