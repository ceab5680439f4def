"""One index, many processes: real processes search while others re-index; a corrupt index
is rebuilt with the user's own notes.

Every test uses its own index directory under tmp_path. The other processes are fresh
interpreters (tests/kb_worker.py), as a second CLI, notebook or app would be.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chathep.config import load_settings
from chathep.knowledge.index import build_index, index_paths, load_snapshot, read_pointer

REPO = Path(__file__).resolve().parent.parent

DOCS = {
    "muons.md": "---\ntitle: Muons\nkind: objects\nera: '2018'\n---\n# Muons\n\n## Isolation\n\n"
    "Muon_pfRelIso04_all below 0.15 is the tight PF isolation working point.\n\n"
    "## Identification\n\nThe tight muon ID requires a global PF muon.\n",
    "jets.md": "---\ntitle: Jets\nkind: objects\nera: any\n---\n# Jets\n\n"
    "AK4 jets with pT above 30 GeV; clean them against leptons within Delta R 0.4.\n",
    "triggers.md": "---\ntitle: Triggers\nkind: triggers\nera: '2022'\n---\n# Triggers\n\n"
    "HLT_IsoMu24 is the single isolated muon trigger.\n",
}
#: query -> the file its top hit must come from (the same as in kb_worker.py)
QUERIES = {
    "Muon_pfRelIso04_all isolation": "muons.md",
    "HLT_IsoMu24 trigger": "triggers.md",
    "AK4 jets cleaned against leptons": "jets.md",
}
NOTE = (
    "# My calibration notes\n\n"
    "The zorblax calibration constant for our 2018 dimuon study is 1.0137, measured by me.\n"
)


def _kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    root.mkdir()
    for name, text in DOCS.items():
        (root / name).write_text(text)
    return root


def _env(index_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPO),
        HF_HUB_OFFLINE="1",
        OMP_NUM_THREADS="1",
        CHATHEP_INDEX_DIR=str(index_dir),
    )
    return env


def _start(job: str, index_dir: Path, go: Path, last: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "kb_worker.py"), job, str(index_dir), str(go),
         str(last)],
        env=_env(index_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return proc


def _result(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=900)
    lines = [line for line in out.splitlines() if line.startswith("{")]
    assert lines, f"no result (exit {proc.returncode}): {err[-2000:]}"
    return json.loads(lines[-1])


def test_four_searches_and_two_writers_in_other_processes(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    index_dir = tmp_path / "index"
    settings = load_settings(index_dir=index_dir)
    index_paths([kb], settings=settings)
    notes_a, notes_b = tmp_path / "notes_a", tmp_path / "notes_b"
    for folder, word in ((notes_a, "quaffle"), (notes_b, "bludger")):
        folder.mkdir()
        (folder / f"{word}.md").write_text(f"# {word}\n\nThe {word} cut keeps 42 events.\n")
    go, done = tmp_path / "go", tmp_path / "done"
    searchers = [_start("search", index_dir, go, done) for _ in range(4)]
    writers = [_start("rebuild", index_dir, go, kb), _start("add", index_dir, go, notes_a)]
    for proc in searchers + writers:  # every process is loaded and waiting
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "ready", (line, proc.stderr.read() if proc.stderr else "")
    go.touch()
    wrote = [_result(proc) for proc in writers]
    # a third writer after the others: nothing the first two wrote may be lost
    index_paths([notes_b], settings=settings)
    done.touch()
    searched = [_result(proc) for proc in searchers]
    for result in wrote + searched:
        assert result["status"] == "ok", result
    assert all(proc.returncode == 0 for proc in searchers + writers)
    for result in searched:
        assert len(result["found"]) >= 6
        for query, source, location in result["found"]:
            assert source.endswith(QUERIES[query]), (query, source)
            assert location == str(index_dir)
    # three generations were published by the writers while the readers searched
    published = {g for result in wrote for g in result["generations"] if g}
    assert len(published) == 3
    # nothing moved aside, nothing lost: both writers' notes and the knowledge base are there
    assert not list(tmp_path.glob("*corrupt*")) and not list(index_dir.glob("*corrupt*"))
    files = load_snapshot(settings).files()
    assert {Path(s).name for s in files} == {*DOCS, "quaffle.md", "bludger.md"}
    # old generations were removed: at most the current and the previous one remain
    assert 1 <= len(list(index_dir.glob("gen-*"))) <= 2
    pointer = read_pointer(index_dir)
    assert pointer is not None and (index_dir / pointer["generation"]).is_dir()


def test_a_corrupt_index_is_rebuilt_with_the_users_notes(tmp_path: Path) -> None:
    """Index a note with `chathep index PATH`, corrupt the store, then `chathep search`."""
    kb = _kb(tmp_path)
    index_dir = tmp_path / "index"
    settings = load_settings(index_dir=index_dir)
    build_index([kb], settings=settings)
    notes = tmp_path / "my notes"
    notes.mkdir()
    (notes / "calibration.md").write_text(NOTE)
    exe = shutil.which("chathep") or str(Path(sys.executable).parent / "chathep")
    run = subprocess.run(
        [exe, "index", str(notes)], env=_env(index_dir), capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "1 added" in run.stdout

    pointer = read_pointer(index_dir)
    assert pointer is not None
    store = index_dir / pointer["generation"] / "chroma" / "chroma.sqlite3"
    store.write_bytes(b"\0garbage, not a database\0" * 400)

    from chathep.knowledge.cli import search_command

    out: list[str] = []
    code = search_command(
        "zorblax calibration constant", k=1, echo=out.append, settings=settings, auto_build=False
    )
    assert code == 0
    text = "\n".join(out)
    assert "corrupt" in text and "rebuilt" in text and str(notes) in text
    assert "calibration.md" in text  # the user's note is findable again
    files = load_snapshot(settings).files()
    assert any(s.endswith("calibration.md") for s in files)
    assert {Path(s).name for s in files} >= set(DOCS)  # and the knowledge indexed before
    assert not list(tmp_path.glob("*corrupt*"))


def test_a_busy_writer_is_reported_not_treated_as_corruption(tmp_path: Path) -> None:
    from chathep.knowledge.index import LOCK_FILE, IndexBusyError
    from chathep.knowledge.retrieval import Retriever

    kb = _kb(tmp_path)
    settings = load_settings(index_dir=tmp_path / "index")
    build_index([kb], settings=settings)
    before = read_pointer(settings.index_dir)
    (kb / "more.md").write_text("# More\n\nA new page about the quidditch selection.\n")
    # another process holds the write lock (a child process, so the lock is really foreign)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, fcntl; "
            f"f = open({str(settings.index_dir / LOCK_FILE)!r}, 'a'); "
            "fcntl.flock(f, fcntl.LOCK_EX); "
            "print('locked', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexBusyError) as info:
            build_index([kb], settings=settings, lock_timeout=0.5)
        assert "another process" in info.value.message and info.value.hint
        # a reader does not wait for the writer: it searches what is published
        said: list[str] = []
        retriever = Retriever(settings, auto_build=False, progress=said.append)
        assert retriever.search("HLT_IsoMu24", k=1)[0].source.endswith("triggers.md")
        assert read_pointer(settings.index_dir) == before  # nothing rebuilt, nothing moved
        assert not list(tmp_path.glob("*corrupt*"))
    finally:
        holder.kill()
        holder.wait()
    report = build_index([kb], settings=settings)
    assert [Path(p).name for p in report.added] == ["more.md"]
