"""A follow-up to a plan of several plots is applied to each plot's plan: its notes are said
once for the whole plan, not once per plot.

Identical notes are kept once; notes that say the same thing with each plot's own values
("Binning: 60 bins instead of 30, the same range (0 to 300) ('finer bins' read as twice as
many; ...)") become one note with each plot's values and the shared reading once. Was: the
follow-up quoted once per plot ("Read as 2 plots, one histogram each: 'finer bins'; 'finer
bins'") and its chosen reading repeated per plot.
"""

from __future__ import annotations

import chathep.regex as re

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


def _family(kind: str | None) -> str | None:
    return "lepton" if kind in ("muon", "electron", "lepton", "emu", "tau") else kind


def switch_question(text: str, before: list[str | None], after: list[str | None]) -> str | None:
    """A follow-up that switches the plotted objects of a plan whose plots are of objects of
    different kinds ("now the electrons" after "the dimuon mass and the leading jet pT"): which
    plot is meant is asked, as when plots of different objects would become one (was: every
    plot switched, the jet plot made an electron plot, or two plots merged into one, with only
    "Switched from jet to electron" said). ``before`` /
    ``after``: each plot's object before and after the follow-up (None: an event quantity)."""
    kinds = {_family(k) for k in before if k is not None}
    switched = [(b, a) for b, a in zip(before, after, strict=True) if b is not None and b != a]
    objects = {k for k in before if k is not None}
    merged = len({a for b, a in zip(before, after, strict=True) if b is not None}) < len(objects)
    if not switched or (len(kinds) < 2 and not merged):  # "the muon and electron pT" -> jets
        return None
    now = sorted({str(a) for _, a in switched})
    plots = " and ".join(sorted({f"{k}s" for k in before if k is not None}))
    return (
        f"The plan has plots of {plots}; '{text}' would make each of them a plot of "
        f"{' and '.join(f'{k}s' for k in now)}. Which plot should change? Please ask for the "
        "plots again as you want them, in one request."
    )
