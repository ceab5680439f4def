"""NanoAOD fields of the collections the planner reads, from the shipped reference pages.

``knowledge_base/nanoaod/<Collection>.md`` list every branch of the collection as found in the
real CMS files (written by ``tools/gen_nanoaod_reference.py``). A request may cut on any of them
by name ("sip3d < 4", "jetId >= 6", "Muon_dxy < 0.05"); the planner looks the name up here,
case-insensitively, and the run checks it against the user's files. Imports nothing from chathep.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

#: the reference pages (the knowledge base ships beside the package)
NANOAOD_DIR = Path(__file__).resolve().parents[2] / "knowledge_base" / "nanoaod"
COLLECTIONS: tuple[str, ...] = ("Muon", "Electron", "Jet", "Photon", "Tau")


@cache
def fields(collection: str) -> dict[str, str]:
    """lower-case field name -> its NanoAOD spelling, for one collection (empty if unknown)."""
    page = NANOAOD_DIR / f"{collection}.md"
    try:
        text = page.read_text(encoding="utf-8")
    except OSError:
        return {}
    names = set(re.findall(rf"\b{collection}_([A-Za-z][A-Za-z0-9_]*)", text))
    return {name.lower(): name for name in names}


def field_name(collection: str, word: str) -> str | None:
    """The NanoAOD spelling of ``word`` as a field of ``collection``, or None."""
    return fields(collection).get(word.lower())
