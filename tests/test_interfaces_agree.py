"""CLI, Jupyter magic and Streamlit app: the same request gives the same spec and histogram.

Each interface is driven as a person uses it (a subprocess for the CLI, a real kernel for the
magic, AppTest for the app); all three must call the one chathep API and agree exactly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from streamlit.testing.v1 import AppTest

from chathep.config import get_settings

REPO = Path(__file__).resolve().parent.parent
REQUEST = "dimuon mass, opposite-sign muons above 25 GeV, data vs Drell-Yan, 30 bins from 60 to 120"


def _normalised(spec: dict, histogram: dict) -> tuple[str, dict]:
    values = {s: h["values"] for s, h in sorted(histogram["samples"].items())}
    return json.dumps(spec, sort_keys=True), {"edges": histogram["edges"], "values": values}


@pytest.fixture(scope="module")
def cli_answer(tmp_path_factory: pytest.TempPathFactory, demo_data: Path):
    out = tmp_path_factory.mktemp("cli")
    proc = subprocess.run(
        [sys.executable, "-m", "chathep.cli", "ask", REQUEST, "--json", "--planner", "parser",
         "--out", str(out)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    return _normalised(answer["spec"], answer["histograms"][0])


@pytest.fixture(scope="module")
def magic_answer(tmp_path_factory: pytest.TempPathFactory, demo_data: Path):
    work = tmp_path_factory.mktemp("nb")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%load_ext chathep"),
        nbformat.v4.new_code_cell(f"%%chathep --as r --planner parser --no-code-cell\n{REQUEST}"),
        nbformat.v4.new_code_cell(
            "import json\nprint(json.dumps({'spec': r.answer.spec, "
            "'histogram': r.answer.histograms[0].model_dump()}))"
        ),
    ]
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()
    text = "".join(o.get("text", "") for o in nb.cells[2].outputs if o.output_type == "stream")
    data = json.loads(text)
    return _normalised(data["spec"], data["histogram"])


@pytest.fixture(scope="module")
def app_answer(tmp_path_factory: pytest.TempPathFactory, demo_data: Path):
    out = tmp_path_factory.mktemp("app")
    old = {k: os.environ.get(k) for k in ("CHATHEP_PLANNER", "CHATHEP_OUTPUT_DIR")}
    os.environ.update(CHATHEP_PLANNER="parser", CHATHEP_OUTPUT_DIR=str(out))
    get_settings.cache_clear()
    try:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        at.run()
        at.chat_input[0].set_value(REQUEST).run(timeout=600)
        assert not at.exception
        answer = at.session_state.session.history[-1].answer
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
    assert answer.kind == "analysis", answer.message
    return _normalised(answer.spec, answer.histograms[0].model_dump())


def test_three_interfaces_give_the_same_spec_and_histogram(
    cli_answer, magic_answer, app_answer
) -> None:
    cli_spec, cli_hist = cli_answer
    assert json.loads(cli_spec)["histograms"][0]["bins"] == 30
    assert sum(cli_hist["values"]["data_2018A_doublemuon"]) > 0
    assert magic_answer == (cli_spec, cli_hist)
    assert app_answer == (cli_spec, cli_hist)
