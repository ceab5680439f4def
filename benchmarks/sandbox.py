"""Sandbox benchmark: start-up overhead per run, and which layer stops which attack alone.

Run: ``.venv/bin/python benchmarks/sandbox.py [--runs 15] [--no-layers] [--no-write]``.
Prints the tables and replaces the sandbox section of BENCHMARKS.md (between the
``<!-- sandbox:begin -->`` and ``<!-- sandbox:end -->`` markers; other sections are kept).

Every adversarial program in tests/adversarial/ attacks only bait the harness sets up
(canary files, loopback listeners, a victim process), so running them with layers off is
safe; the resource cases are bounded (2 GiB, 300 forks, 1 GiB of output).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from adversarial.harness import arena, attack, case_names, suite_settings  # noqa: E402

from chathep.config import load_settings  # noqa: E402
from chathep.sandbox import Policy, active_layers, check_code, run_script  # noqa: E402
from chathep.sandbox.layers import bwrap_path, unshare_cmd  # noqa: E402

BEGIN, END = "<!-- sandbox:begin -->", "<!-- sandbox:end -->"
LOAD = os.getloadavg()
TRIVIAL = "print('ok')\n"
NUMPY = "import numpy as np\nprint(np.arange(3).sum())\n"

OFF = {"static_check": False, "audit_hook": False, "rlimits": False, "namespaces": "none"}
#: column -> policy with only that layer on (the supervisor -- wall clock, output flood,
#: disk watchdog, scrubbed environment, fresh run dir, host-side output checks -- is
#: always there and is measured alone in the first column).
LAYER_POLICIES: dict[str, Policy | None] = {
    "supervisor only": Policy(**OFF),
    "static check": None,  # judged without running
    "audit hook": Policy(**{**OFF, "audit_hook": True}),
    "rlimits": Policy(**{**OFF, "rlimits": True}),
    "bwrap (+nobody)": Policy(**{**OFF, "namespaces": "bwrap"}),
    "unshare --net": Policy(**{**OFF, "namespaces": "unshare"}),
    "all layers": Policy(),
}


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def overhead(runs: int) -> list[tuple[str, str, float]]:
    """Median wall time of a trivial script: plain python vs the sandbox in each mode."""
    settings = load_settings(sandbox_timeout=60.0)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, source in (("print('ok')", TRIVIAL), ("import numpy", NUMPY)):
            script = Path(tmp) / "trivial.py"
            script.write_text(source)

            def plain(script=script) -> None:
                subprocess.run([sys.executable, "-I", str(script)], check=True, capture_output=True)

            rows.append((label, "plain python", _median_ms(plain, runs)))
            modes = {"all layers, no namespaces": "none"}
            if unshare_cmd():
                modes["all layers, unshare --net"] = "unshare"
            if bwrap_path():
                modes["all layers, bwrap"] = "bwrap"
            for name, ns in modes.items():
                policy = Policy(namespaces=ns)

                def boxed(script=script, policy=policy) -> None:
                    run = run_script(script, settings=settings, policy=policy)
                    assert run.ok, run.stderr
                    import shutil

                    shutil.rmtree(run.run_dir, ignore_errors=True)

                rows.append((label, name, _median_ms(boxed, runs)))
    return rows


def layer_matrix() -> tuple[list[str], dict[str, dict[str, bool]]]:
    """case -> column -> contained with only that layer on."""
    from adversarial.harness import HERE

    settings = suite_settings()
    columns = [c for c, p in LAYER_POLICIES.items() if p is None or _available(p)]
    matrix: dict[str, dict[str, bool]] = {}
    for name in case_names():
        matrix[name] = {}
        for column in columns:
            policy = LAYER_POLICIES[column]
            if policy is None:
                matrix[name][column] = bool(check_code((HERE / f"{name}.py").read_text()))
                continue
            with tempfile.TemporaryDirectory() as tmp, arena(Path(tmp)) as bait:
                outcome = attack(name, bait, policy, settings)
            matrix[name][column] = outcome.contained
        marks = " ".join("x" if matrix[name][c] else "." for c in columns)
        print(f"  {name:24s} {marks}", flush=True)
    return columns, matrix


def _available(policy: Policy) -> bool:
    if policy.namespaces == "bwrap":
        return bwrap_path() is not None
    if policy.namespaces == "unshare":
        return unshare_cmd() is not None
    return True


def markdown(rows, columns, matrix, runs: int) -> str:
    lines = [
        "## Sandbox (`benchmarks/sandbox.py`)",
        "",
        f"Machine: {platform.machine()}, {platform.python_version()}, "
        f"layers here: {active_layers()}",
        "",
        f"Load average while measuring: {LOAD[0]:.1f} -> {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores (a shared machine: treat the times as upper bounds).",
        "",
        f"### Start-up overhead (median of {runs} runs)",
        "",
        "| script | how | median ms |",
        "|---|---|---:|",
    ]
    lines += [f"| `{label}` | {how} | {ms:.0f} |" for label, how, ms in rows]
    if matrix:
        total = len(matrix)
        lines += [
            "",
            f"### Adversarial cases contained by each layer on its own ({total} cases)",
            "",
            "Contained = no host evidence (listener contact, canary change, new file outside "
            "the run dir, victim killed, secret or success marker in the output) and, for "
            "resource cases, stopped by the right limit. The supervisor (wall clock, output "
            "flood, disk watchdog, scrubbed environment, JSON-only outputs) is part of every "
            "column.",
            "",
            "| layer | contained |",
            "|---|---:|",
        ]
        for column in columns:
            count = sum(matrix[name][column] for name in matrix)
            lines.append(f"| {column} | {count}/{total} |")
        lines += ["", "| case | " + " | ".join(columns) + " |"]
        lines.append("|---|" + "---|" * len(columns))
        for name in matrix:
            cells = " | ".join("yes" if matrix[name][c] else "-" for c in columns)
            lines.append(f"| {name} | {cells} |")
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path) -> None:
    from benchmarks.markdown_section import write_section as write

    write(BEGIN, END, text, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-layers", action="store_true", help="skip the per-layer matrix")
    parser.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    args = parser.parse_args()

    rows = overhead(args.runs)
    print(f"{'script':16s} {'how':32s} {'median ms':>10s}")
    for label, how, ms in rows:
        print(f"{label:16s} {how:32s} {ms:10.0f}")
    columns, matrix = [], {}
    if not args.no_layers:
        print("\nper-layer containment (x = contained):")
        columns, matrix = layer_matrix()
        print(f"\n{'layer':20s} contained")
        for column in columns:
            print(f"{column:20s} {sum(m[column] for m in matrix.values())}/{len(matrix)}")
    text = markdown(rows, columns, matrix, args.runs)
    if not args.no_write:
        write_section(text, REPO / "BENCHMARKS.md")
        print(f"\nwrote the sandbox section of {REPO / 'BENCHMARKS.md'}")


if __name__ == "__main__":
    main()
