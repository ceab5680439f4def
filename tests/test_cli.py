"""The CLI as a user runs it: exit codes, --json, generate -> standalone run, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chathep import __version__
from chathep.cli import app

REQUEST = "dimuon mass, opposite-sign muons above 25 GeV, data vs Drell-Yan"


def chathep(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "chathep.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=600,
    )


def test_version() -> None:
    proc = chathep("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"chathep {__version__}"


def test_datasets_table_lists_the_catalog() -> None:
    proc = chathep("datasets", "--json")
    assert proc.returncode == 0
    assert {"data_2018A_doublemuon", "dy_2018"} <= set(json.loads(proc.stdout))


def test_ask_json_is_the_documented_answer(tmp_path: Path, demo_data: Path) -> None:
    proc = chathep("ask", REQUEST, "--json", "--planner", "parser", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["kind"] == "analysis"
    assert answer["schema_version"] == 1
    hist = answer["histograms"][0]
    assert set(hist["samples"]) == {"data_2018A_doublemuon", "dy_2018"}
    assert Path(answer["plots"][0]).exists()
    assert "Traceback" not in proc.stderr


def test_generate_writes_code_that_runs_standalone(tmp_path: Path, demo_data: Path) -> None:
    target = tmp_path / "analysis.py"
    proc = chathep("generate", REQUEST, "-o", str(target), "--planner", "parser")
    assert proc.returncode == 0, proc.stderr
    run = subprocess.run(
        [sys.executable, str(target), "--out", "standalone.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    standalone = json.loads((tmp_path / "standalone.json").read_text())
    # the same code run through `chathep run` (in the sandbox) gives the same histograms
    sandboxed = chathep("run", str(target), "--json", "--out", str(tmp_path / "sb"))
    assert sandboxed.returncode == 0, sandboxed.stderr
    via_run = json.loads(sandboxed.stdout)
    values = {s: h["values"] for s, h in via_run["histograms"][0]["samples"].items()}
    uhi = standalone["histograms"][via_run["histograms"][0]["name"]]["uhi"]
    assert uhi["axes"][0]["categories"] == list(values)
    assert standalone["yields"] == {
        s: {"events": y["events"], "sumw": y["sumw"], "sumw2": y["sumw2"]}
        for s, y in via_run["yields"].items()
    }


def test_user_errors_exit_1_without_traceback(tmp_path: Path) -> None:
    proc = chathep("run", str(tmp_path / "missing.py"))
    assert proc.returncode == 1
    assert "does not exist" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_internal_errors_exit_2_with_a_log(monkeypatch: pytest.MonkeyPatch) -> None:
    import chathep.api

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(chathep.api, "ask", broken)
    result = CliRunner().invoke(app, ["ask", "anything", "--json"])
    assert result.exit_code == 2
    assert "Internal error: RuntimeError: boom" in result.output
    log = result.output.split("The traceback is in ")[1].split(";")[0]
    assert "RuntimeError: boom" in Path(log).read_text()


def test_bad_option_is_a_usage_error() -> None:
    proc = chathep("ask", REQUEST, "--planner", "oracle")
    assert proc.returncode != 0
    assert "planner" in (proc.stdout + proc.stderr)
    assert "Traceback" not in proc.stdout + proc.stderr


def test_sandbox_check_names_the_line(tmp_path: Path) -> None:
    script = tmp_path / "evil.py"
    script.write_text("import numpy\nimport socket\nsocket.create_connection(('1.2.3.4', 80))\n")
    proc = chathep("sandbox", "check", str(script))
    assert proc.returncode == 1
    assert "line 2" in proc.stdout and "socket" in proc.stdout


@pytest.mark.parametrize(
    ("request_text", "kind"),
    [
        ("muon pT with 3 frogs", "clarification"),  # an unplaced number: a question back
        ("x" * 5000, "refusal"),  # over-long
        ("purple elephants dance on the moon", "clarification"),
    ],
)
def test_clarifications_and_refusals_exit_1_and_still_print_json(request_text, kind) -> None:
    proc = chathep("ask", request_text, "--json", "--no-run", "--planner", "parser")
    assert proc.returncode == 1, proc.stderr[-2000:]
    answer = json.loads(proc.stdout)
    assert answer["kind"] == kind
