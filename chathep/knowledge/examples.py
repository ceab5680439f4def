"""Worked request -> spec examples (knowledge_base/examples/*.md) for few-shot prompting.

Each file has a ``## Request`` section (the user's words) and a ``## Spec`` section with the
AnalysisSpec as a fenced json block; the planner can show a few of them to the LLM.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chathep.errors import ChatHEPError
from chathep.knowledge.documents import KB_DIR, display_path, split_front_matter

EXAMPLES_DIR = KB_DIR / "examples"
_SECTION = re.compile(r"^## (Request|Notes|Spec)\s*$", re.M)
_JSON = re.compile(r"```json\s*\n(.*?)\n```", re.S)


@dataclass(frozen=True)
class WorkedExample:
    path: str
    title: str
    request: str
    notes: str
    spec: dict[str, Any]


def parse_example(path: Path) -> WorkedExample:
    """Read one example file; a malformed one raises ChatHEPError naming the file."""
    meta, body = split_front_matter(path.read_text(encoding="utf-8"), path)
    parts = _SECTION.split(body)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    match = _JSON.search(sections.get("Spec", ""))
    if "Request" not in sections or match is None:
        raise ChatHEPError(
            f"{path}: a worked example needs '## Request' and a json block under '## Spec'.",
            hint="Follow the layout of the other files in knowledge_base/examples/.",
        )
    try:
        spec = json.loads(match.group(1))
    except json.JSONDecodeError as exc:
        raise ChatHEPError(f"{path}: the spec is not valid JSON: {exc}", hint="Fix it.") from None
    return WorkedExample(
        path=display_path(path),
        title=str(meta.get("title", path.stem)),
        request=sections["Request"],
        notes=sections.get("Notes", ""),
        spec=spec,
    )


def load_examples(directory: Path | None = None) -> list[WorkedExample]:
    """All worked examples, sorted by file name."""
    directory = directory or EXAMPLES_DIR
    return [parse_example(p) for p in sorted(Path(directory).glob("*.md"))]
