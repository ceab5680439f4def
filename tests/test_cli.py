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


def test_datasets_table_states_the_units() -> None:
    proc = chathep("datasets")
    assert proc.returncode == 0
    header = next(line for line in proc.stdout.splitlines() if "sample" in line)
    for column in ("√s [TeV]", "σ [pb]", "L [pb⁻¹]"):
        assert column in header, header


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


def test_the_plot_folds_the_overflow_so_legend_counts_are_the_yields(tmp_path: Path, demo_data):
    from PIL import Image

    request = f"{REQUEST}, 10 bins from 100 to 200 GeV"  # above the Z: its events underflow
    proc = chathep("ask", request, "--json", "--planner", "parser", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr[-2000:]
    answer = json.loads(proc.stdout)
    data = "data_2018A_doublemuon"
    in_range = sum(answer["histograms"][0]["samples"][data]["values"])  # the axis bins only
    assert answer["yields"][data]["events"] > in_range  # some selected events lie outside
    label = json.loads(Image.open(answer["plots"][0]).text["Description"])
    assert label["flow"] == "Under/overflow in the edge bins"  # folded, and the plot says so
    assert not any("not drawn" in w for w in answer["warnings"])


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


# --- the exit-code contract, verb by verb ---------------------------------------------------
# 0 success; 1 the user must act (clarification, refusal, user error, wrong option; --json
# still printed); 2 an internal error (a message and a log, never a traceback).


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(app, list(args), input=stdin)


@pytest.mark.parametrize(
    "args",
    [
        ("frobnicate",),  # no such command
        ("ask",),  # missing argument
        ("search", "muon", "-k", "many"),  # not an integer
        ("datasets", "show"),  # missing argument in a sub-group
        ("sandbox", "check", "x.py", "--nope"),  # unknown option
    ],
)
def test_usage_errors_exit_1(args) -> None:
    result = invoke(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output


def test_usage_error_exit_1_from_the_installed_entry_point() -> None:
    proc = chathep("ask", REQUEST, "--no-such-option")
    assert proc.returncode == 1
    assert "no-such-option" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def _boom(*args, **kwargs):
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("args", "module", "attr"),
    [
        (("generate", REQUEST, "-o", "x.py"), "chathep.api", "generate"),
        (("run", "x.py"), "chathep.api", "run_code"),
        (("chat",), "chathep.api", "ask"),
        (("search", "muon id"), "chathep.knowledge.retrieval", "get_retriever"),
        (("index",), "chathep.knowledge", "build_index"),
        (("datasets",), "chathep.catalog", "default_catalog"),
        (("datasets", "show", "dy_2018"), "chathep.datasets", "show"),
        (("datasets", "remove", "mine"), "chathep.datasets", "remove"),
        (("data", "fetch"), "chathep.data", "fetch_demo_data"),
        (("doctor", "--json"), "chathep.doctor", "run_checks"),
        (("sandbox", "layers"), "chathep.sandbox", "active_layers"),
    ],
)
def test_internal_errors_exit_2_for_every_verb(args, module, attr, monkeypatch, tmp_path) -> None:
    import importlib

    # the modules the commands import lazily are loaded first, so that none binds the patched
    # function by a module-level `from ... import` while the patch is active
    for name in ("api", "catalog", "data", "datasets", "doctor", "knowledge", "sandbox",
                 "knowledge.retrieval"):  # fmt: skip
        importlib.import_module(f"chathep.{name}")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.py").write_text("print(1)\n")
    monkeypatch.setattr(importlib.import_module(module), attr, _boom)
    result = invoke(*args, stdin="dimuon mass\n")
    assert result.exit_code == 2, result.output
    assert "Internal error: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output


def test_data_generate_internal_error_exits_2(monkeypatch, tmp_path) -> None:
    import chathep.generate

    monkeypatch.setattr(chathep.generate, "generate_samples", _boom, raising=False)
    result = invoke("data", "generate", "--out", str(tmp_path), "-n", "10")
    assert result.exit_code == 2, result.output


def _answer(kind: str, **fields):
    from chathep.answer import Answer

    return Answer(request="r", kind=kind, **fields)


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (_answer("clarification", message="Which muons?"), 1),
        (_answer("refusal", message="Not something ChatHEP does."), 1),
        (_answer("error", message="No such sample.", hint="See chathep datasets."), 1),
        (_answer("error", message="Internal error in the compile stage", internal_error=True), 2),
    ],
)
def test_generate_exit_codes_and_json(answer, code, monkeypatch, tmp_path) -> None:
    import chathep.api

    monkeypatch.setattr(chathep.api, "generate", lambda *a, **k: answer)
    target = tmp_path / "analysis.py"
    result = invoke("generate", "muons", "-o", str(target), "--json")
    assert result.exit_code == code, result.output
    assert json.loads(result.stdout)["kind"] == answer.kind  # the JSON is still printed
    assert not target.exists()


def test_generate_clarification_exits_1_with_real_planner(tmp_path: Path) -> None:
    target = tmp_path / "analysis.py"
    proc = chathep("generate", "muon pT with 3 frogs", "-o", str(target), "--planner", "parser")
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert not target.exists()
    assert "3" in proc.stdout  # the question names the unplaced number


def test_run_exit_codes(monkeypatch, tmp_path) -> None:
    import chathep.api

    script = tmp_path / "a.py"
    script.write_text("x = 1\n")
    for answer, code in (
        (_answer("analysis"), 0),
        (_answer("error", message="The analysis failed", hint="Fix a.py"), 1),
        (_answer("error", message="Internal error in the plot stage", internal_error=True), 2),
    ):
        monkeypatch.setattr(chathep.api, "run_code", lambda *a, answer=answer, **k: answer)
        result = invoke("run", str(script), "--json")
        assert result.exit_code == code, result.output
        assert json.loads(result.stdout)["kind"] == answer.kind


def test_run_syntax_error_names_the_users_file_line_and_problem(tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text("import numpy\n\ndef f(:\n    pass\n")
    proc = chathep("run", str(script), "--out", str(tmp_path / "out"))
    assert proc.returncode == 1
    text = proc.stdout + proc.stderr
    assert f"{script}, line 3: invalid syntax" in text
    assert "def f(:" in text  # the offending line, with a caret under the problem
    assert f"Fix line 3 of {script}" in text
    assert "analysis.py" not in text and "sandbox" not in text.lower()  # not the copy's name
    assert "Traceback" not in text


def test_chat_code_shows_a_page_and_says_how_to_see_more(monkeypatch) -> None:
    import chathep.api

    code = "\n".join(f"line_{i} = {i}" for i in range(1, 401)) + "\n"
    answer = _answer("analysis", code=code, code_path="/tmp/out/analysis.py")

    def fake_ask(line, session, **kwargs):
        session.history.append(chathep.api.Turn(line, answer))  # as the real ask does
        return answer

    monkeypatch.setattr(chathep.api, "ask", fake_ask)
    paged = invoke("chat", stdin="dimuon mass\n/code\n").output
    assert "line_40 = 40" in paged and "line_41 = 41" not in paged
    assert "360 more lines (400 in all): /code all shows everything" in paged
    assert "/tmp/out/analysis.py" in paged
    everything = invoke("chat", stdin="dimuon mass\n/code all\n").output
    assert "line_400 = 400" in everything and "more lines" not in everything


def test_chat_exits_0_at_quit_and_end_of_input(monkeypatch) -> None:
    import chathep.api

    asked: list[str] = []

    def fake_ask(line, **kwargs):
        asked.append(line)
        return _answer("clarification", message="Which muons?")

    monkeypatch.setattr(chathep.api, "ask", fake_ask)
    # a clarification inside a chat is part of the conversation, not the session's outcome
    assert invoke("chat", stdin="muons\n/quit\nnever asked\n").exit_code == 0
    assert asked == ["muons"]
    assert invoke("chat", stdin="/code\n").exit_code == 0  # end of input


def _hit():
    from chathep.knowledge import Hit

    return Hit(text="Tight muon ID", score=0.5, citation="objects/muons.md#id")


class _FixedRetriever:
    rebuilt = ""

    def __init__(self, hits) -> None:
        self.hits = hits

    def search(self, *args, **kwargs):
        return self.hits


@pytest.mark.parametrize(("hits", "code"), [([], 1), ([_hit()], 0)])
def test_search_exit_codes(hits, code, monkeypatch) -> None:
    import chathep.knowledge.retrieval

    fixed = _FixedRetriever(hits)
    monkeypatch.setattr(chathep.knowledge.retrieval, "get_retriever", lambda *a, **k: fixed)
    result = invoke("search", "muon id", "--json")
    assert result.exit_code == code
    assert len(json.loads(result.stdout)) == len(hits)
    assert invoke("search", "muon id").exit_code == code


@pytest.mark.parametrize(("failed", "code"), [({}, 0), ({"notes.pdf": "not a PDF"}, 1)])
def test_index_exit_codes(failed, code, monkeypatch) -> None:
    import chathep.knowledge
    from chathep.knowledge import IndexReport

    report = IndexReport(location="/tmp/index", unchanged=["a.md"], failed=failed)
    monkeypatch.setattr(chathep.knowledge, "build_index", lambda **k: report)
    result = invoke("index")
    assert result.exit_code == code, result.output
    assert ("notes.pdf" in result.output) == bool(failed)


def test_datasets_user_errors_exit_1(tmp_path: Path) -> None:
    assert invoke("datasets").exit_code == 0
    for args in (
        ("datasets", "show", "no_such_sample"),
        ("datasets", "remove", "no_such_sample"),
        ("datasets", "add", "mine", str(tmp_path / "missing.root"), "--kind", "data",
         "--era", "2012", "--sqrt-s", "8"),
    ):  # fmt: skip
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "Error:" in result.output and "Traceback" not in result.output


def test_data_user_errors_exit_1(tmp_path: Path) -> None:
    result = invoke("data", "generate", "--out", str(tmp_path), "--events", "0")
    assert result.exit_code == 1, result.output
    assert "at least 1" in result.output
    result = invoke("data", "generate", "--out", str(tmp_path), "--process", "unicorns")
    assert result.exit_code == 1, result.output
    assert "unicorns" in result.output


@pytest.mark.parametrize(("ok", "code"), [(True, 0), (False, 1)])
def test_doctor_exit_codes(ok, code, monkeypatch) -> None:
    import chathep.doctor
    from chathep.doctor import Check

    checks = [Check("python", True, "3.11"), Check("index", ok, "built" if ok else "missing")]
    monkeypatch.setattr(chathep.doctor, "run_checks", lambda: checks)
    result = invoke("doctor", "--json")
    assert result.exit_code == code
    assert [c["ok"] for c in json.loads(result.stdout)] == [True, ok]
    assert invoke("doctor").exit_code == code


def test_sandbox_exit_codes(tmp_path: Path) -> None:
    clean = tmp_path / "clean.py"
    clean.write_text("import numpy as np\nprint(np.arange(3).sum())\n")
    assert invoke("sandbox", "check", str(clean)).exit_code == 0
    missing = invoke("sandbox", "check", str(tmp_path / "missing.py"))
    assert missing.exit_code == 1 and "does not exist" in missing.output
    layers = invoke("sandbox", "layers")
    assert layers.exit_code == 0 and ":" in layers.output
