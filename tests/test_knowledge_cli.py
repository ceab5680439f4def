"""`chathep index` / `chathep search` command bodies, on a temporary index."""

from __future__ import annotations

import json
from pathlib import Path

from chathep.config import load_settings
from chathep.knowledge.cli import index_command, search_command


def test_index_then_search_text_and_json(tmp_path: Path) -> None:
    settings = load_settings(index_dir=tmp_path / "index")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "iso.md").write_text("# Isolation\n\nUse Muon_pfRelIso04_all < 0.15 for tight muons.\n")
    (docs / "notes.txt").write_text("Jets are AK4 PF CHS in 2018 NanoAOD.")

    out: list[str] = []
    assert index_command([docs], echo=out.append, settings=settings) == 0
    assert any("2 added" in line for line in out)

    out.clear()
    assert (
        search_command(
            "Muon_pfRelIso04_all", k=2, echo=out.append, settings=settings, auto_build=False
        )
        == 0
    )
    assert out[0].startswith("1. [") and "iso.md#Isolation" in out[0]

    out.clear()
    assert (
        search_command(
            "jets", k=1, as_json=True, echo=out.append, settings=settings, auto_build=False
        )
        == 0
    )
    (hit,) = json.loads(out[0])
    assert hit["citation"].endswith("notes.txt") and hit["score"] > 0
    assert hit["metadata"]["kind"] == "user"


def test_index_reports_unreadable_files(tmp_path: Path) -> None:
    settings = load_settings(index_dir=tmp_path / "index")
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [oops\n---\n")
    out: list[str] = []
    assert index_command([bad], echo=out.append, settings=settings) == 1
    assert any(line.startswith("failed:") and "front matter" in line for line in out)
