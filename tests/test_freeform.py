"""Free-form mode: a scripted model returns broken code, then a fix; the loop repairs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chathep.compiler import compile_spec
from chathep.errors import SandboxError
from chathep.freeform import extract_code, run_freeform
from chathep.llm.fake import ScriptedChatModel
from chathep.spec import parse_spec

SPEC = {
    "title": "Muon pT",
    "samples": ["data_2018A_doublemuon", "dy_2018"],
    "objects": [
        {"name": "muons", "source": "Muon", "cuts": [{"field": "pt", "op": ">", "value": 20}]}
    ],
    "observables": [{"name": "mu_pt", "kind": "field", "of": "muons", "field": "pt"}],
    "selection": [{"name": "one muon", "count": "muons", "op": ">=", "value": 1}],
    "histograms": [
        {"name": "mu_pt", "observable": "mu_pt", "bins": 10, "start": 0, "stop": 100,
         "label": "muon pT", "unit": "GeV"}
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def working_code(demo_data: Path) -> str:
    return compile_spec(parse_spec(SPEC))


def test_extract_code_takes_the_fenced_block() -> None:
    assert extract_code("Here:\n```python\nx = 1\n```\nbye") == "x = 1\n"
    assert extract_code("y = 2") == "y = 2\n"


def test_broken_code_is_repaired(working_code: str, tmp_path: Path) -> None:
    broken = working_code.replace("def main(", "def main(\n    undefined_name,", 1)
    model = ScriptedChatModel(
        responses=[f"```python\n{broken}```", f"Fixed:\n```python\n{working_code}```"]
    )
    outcome = run_freeform("muon pT above 20 GeV", model, template=working_code, workdir=tmp_path)
    assert outcome.repairs == 1
    assert outcome.attempts[0].error and "exit code" in outcome.attempts[0].error
    # the error went back to the model in the second call
    second = model.calls[1]["messages"][-1].content
    assert "That failed" in second and "exit code" in second
    assert set(outcome.result.histograms) == {"mu_pt"}
    assert json.loads(outcome.result_path.read_text())["schema"] == "chathep.result"


def test_code_refused_by_the_sandbox_is_fed_back(working_code: str, tmp_path: Path) -> None:
    evil = "import socket\nsocket.create_connection(('127.0.0.1', 9))\n"
    model = ScriptedChatModel(responses=[f"```python\n{evil}```", f"```python\n{working_code}```"])
    outcome = run_freeform("muons", model, template=working_code, workdir=tmp_path)
    assert outcome.repairs == 1
    assert "refused" in outcome.attempts[0].error
    assert "socket" in model.calls[1]["messages"][-1].content


def test_gives_up_after_max_attempts_with_a_clear_error(tmp_path: Path) -> None:
    model = ScriptedChatModel(responses=["```python\nraise ValueError('nope')\n```"] * 2)
    with pytest.raises(SandboxError, match="after 2 attempts") as info:
        run_freeform("x", model, template="", workdir=tmp_path, max_attempts=2)
    assert "nope" in info.value.message
    assert info.value.hint


def test_agent_uses_freeform_for_what_the_spec_cannot_express(
    working_code: str, tmp_path: Path
) -> None:
    from chathep.api import Session, ask
    from chathep.config import load_settings

    model = ScriptedChatModel(responses=[f"```python\n{working_code}```"])
    settings = load_settings(freeform="on", output_dir=tmp_path)
    session = Session()
    answer = ask(
        "plot the pileup density rho in data",
        settings=settings,
        planner="parser",
        chat_model=model,
        out_dir=tmp_path / "ff",
        session=session,
    )
    assert answer.kind == "analysis", answer.message
    assert answer.repair_attempts == 0
    assert answer.png and Path(answer.png).exists()
    assert any("language model wrote the code" in w for w in answer.warnings)
    # free-form code has no spec: nothing a later request could re-plot from
    assert session.outcome is None
    after = ask(
        "the dimuon mass", settings=settings, planner="parser", session=session,
        out_dir=tmp_path / "next",
    )  # fmt: skip
    assert after.kind == "analysis", after.message
    assert session.outcome is not None and session.outcome.spec is not None
    # with the bundled tiny model free-form stays off: the user gets the planner's question
    plain = ask("plot the pileup density rho in data", planner="parser", run=False)
    assert plain.kind == "clarification"
