"""A follow-up to a plan of several plots is applied to each plot's plan: its notes are said
once for the whole plan, not once per plot.

Identical notes are kept once; notes that say the same thing with each plot's own values
("Binning: 60 bins instead of 30, the same range (0 to 300) ('finer bins' read as twice as
many; ...)") become one note with each plot's values and the shared reading once. Was: the
follow-up quoted once per plot ("Read as 2 plots, one histogram each: 'finer bins'; 'finer
bins'") and its chosen reading repeated per plot.
"""

from __future__ import annotations

import re

#: "Head: body (shared reading)." -- a note with a short label, one plot's values, and an
#: optional reading the follow-up's words had (the same for every plot)
_LABELLED = re.compile(
    r"^(?P<head>[A-Z][\w -]{0,24}): (?P<body>.+?)(?P<tail> \('[^']+' read as [^)]*\))?\.$",
    re.DOTALL,
)


def applied_note(text: str, plots: int) -> str:
    """The note saying the follow-up ``text`` changed each of the ``plots`` plots."""
    return f"'{text}' applied to each of the {plots} plots."


def said_once(notes: list[str]) -> list[str]:
    """``notes`` (each plot's, in order) with each said once: identical notes once, notes of
    one label and one shared reading joined (each plot's values, then the reading)."""
    unique = list(dict.fromkeys(notes))
    keys: dict[str, tuple[str, str] | None] = {}
    for note in unique:
        m = _LABELLED.match(note)
        keys[note] = (m["head"], m["tail"] or "") if m else None
    out: list[str] = []
    done: set[tuple[str, str]] = set()
    for note in unique:
        key = keys[note]
        same = [n for n in unique if key is not None and keys[n] == key]
        if key is None or len(same) == 1:
            out.append(note)
            continue
        if key in done:
            continue
        done.add(key)
        bodies = [m["body"] for n in same if (m := _LABELLED.match(n))]
        out.append(f"{key[0]}: {'; '.join(bodies)}{key[1]}.")
    return out
