"""The Jupyter magic, executed as a user would: a real notebook on an ipykernel kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

#: seconds a cell may take (each takes < 30 s here). A cell over it is interrupted, so the
#: failure shows the traceback of where the kernel waited (CI once hung in a fresh kernel, with
#: pytest-timeout's 600 s stopping the whole test with no trace of the cell).
_CELL_TIMEOUT = 240

REQUEST = "dimuon mass, opposite-sign muons above 25 GeV, data vs Drell-Yan, 30 bins from 60 to 120"


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory, demo_data: Path):
    work = tmp_path_factory.mktemp("nb")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%load_ext chathep"),
        nbformat.v4.new_code_cell(f"%%chathep --as zmm --planner parser\n{REQUEST}"),
        nbformat.v4.new_code_cell(
            "h = zmm.histograms['dimuon_mass']\n"
            "print(type(h).__name__, list(h.axes.name))\n"
            "print(float(h[{'dataset': 'data_2018A_doublemuon', 'systematic': 'nominal'}]"
            ".values().sum()))"
        ),
        nbformat.v4.new_code_cell(
            "%%chathep --as logy --planner parser --no-code-cell\nnow log scale"
        ),
        nbformat.v4.new_code_cell("print(logy.answer.spec['histograms'][0]['log_y'])"),
    ]
    replies: dict[int, dict] = {}

    def on_cell_executed(cell, cell_index, execute_reply):  # nbclient hook
        replies[cell_index] = execute_reply

    client = NotebookClient(
        nb,
        timeout=_CELL_TIMEOUT,
        interrupt_on_timeout=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
        on_cell_executed=on_cell_executed,
    )
    client.execute()
    return nb, replies, work


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_magic_shows_the_plot_inline(executed) -> None:
    nb, _, _ = executed
    outputs = nb.cells[1].outputs
    assert any("image/png" in o.get("data", {}) for o in outputs)
    markdown = [o["data"]["text/markdown"] for o in outputs if "text/markdown" in o.get("data", {})]
    assert any(m.startswith("**Plan.**") for m in markdown)


def test_histograms_come_back_as_hist_objects(executed, demo_data: Path) -> None:
    import uproot

    nb, _, _ = executed
    lines = _text(nb.cells[2]).splitlines()
    assert lines[0] == "Hist ['dataset', 'systematic', 'dimuon_mass']"
    # independent count: events with >= 2 good muons forming an opposite-sign pair in the window
    ev = uproot.open(demo_data / "nano_dimuon.root")["Events"].arrays(filter_name="Muon_*")
    assert float(lines[1]) <= len(ev)
    assert float(lines[1]) > 0


def test_next_cell_holds_the_code_and_it_runs(executed) -> None:
    nb, replies, work = executed
    payloads = replies[1]["content"].get("payload", [])
    code = next(p["text"] for p in payloads if p.get("source") == "set_next_input")
    assert "class" in code and "ProcessorABC" in code
    # the code cell a user would get, run as the user would (in a fresh kernel)
    run = nbformat.v4.new_notebook()
    run.cells = [
        nbformat.v4.new_code_cell(code),  # exactly what the magic put below, unedited
        nbformat.v4.new_code_cell(
            "import json\nprint(sorted(json.load(open('results.json'))['histograms']))"
        ),
    ]
    NotebookClient(
        run,
        timeout=_CELL_TIMEOUT,
        interrupt_on_timeout=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
    ).execute()
    assert _text(run.cells[1]).strip() == "['dimuon_mass']"


def test_follow_up_cell_edits_the_previous_spec(executed) -> None:
    nb, replies, _ = executed
    assert _text(nb.cells[4]).strip() == "True"
    assert not any(p.get("source") == "set_next_input" for p in replies[3]["content"]["payload"])
