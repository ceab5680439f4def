"""Object counts written as alternatives or one plot per count (session 15).

* :func:`count_alternative` (a rewrite, :mod:`chathep.planner.stated`): "events with one or
  two jets", "2 or 3 muons", "with 1 or 2 b-jets" is one selection, a count range on the
  objects (n >= 1 and n <= 2), never the histogram's axis ("the dimuon mass for 2 or 3 muons"
  is not a mass axis from 2 to 3 GeV); said in the plan. Two counts that are not neighbours
  ("1 or 3 jets") are no range: asked, naming the two readings.
* :func:`read_per_count` (a region reading, :mod:`chathep.planner.regions`): "the MET
  separately for 0, 1 and 2 jets", "the jet pT in one plot for each number of jets", "the
  dimuon mass for each jet multiplicity": one histogram per count, each from its own events.
  Listed counts are exact counts; "each number of jets" is 0, 1, 2 and >= 3 (stated; 0 is
  left out, and said, when the counted objects are the ones plotted: nothing to plot there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import chathep.regex as re

_NUMBERS = {
    "no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8,
}  # fmt: skip
_N = r"(?:\d|zero|one|two|three|four|five|six|seven|eight)"
#: the counted objects, with the adjectives the rules read before them
_ADJ = r"(?:(?:tight|loose|medium|isolated|good|central|forward|selected|additional|extra)\s+)*"
_OBJ = r"(?:b-?tagged\s+jets?|b-?jets?|bjets?|jets?|muons?|electrons?|leptons?|photons?|taus?)"
_ALTERNATIVE = re.compile(
    rf"(?<![\w.#-])(?:either\s+)?(?P<a>{_N})\s+or\s+(?P<b>{_N})\s+(?P<adj>{_ADJ})(?P<obj>{_OBJ})\b"
    r"(?!\s+(?:or\s+more|or\s+fewer|or\s+less)\b)",
    re.IGNORECASE,
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def count_alternative(text: str, notes: list[str]) -> str:
    """ "events with one or two jets": a count range, 1 <= n(jets) <= 2, written so the rules
    read it as one ("between 1 and 2 jets") and said. Counts that are not neighbours are left
    to :func:`alternative_question` (asked)."""
    for m in reversed(list(_ALTERNATIVE.finditer(text))):
        a, b = _number(m.group("a")), _number(m.group("b"))
        if b != a + 1:
            continue
        obj = m.group("obj")
        notes.append(
            f"'{m.group(0)}' read as a count range on the {_plural(obj)}: events with {a} to {b} "
            f"{_plural(obj)} ({f'n >= {a} and ' if a else ''}n <= {b}), one histogram; say "
            f"'separately for {a} "
            f"and {b} {_plural(obj)}' for one histogram per count."
        )
        words = f"at most {b}" if a == 0 else f"between {a} and {b}"  # no "n >= 0" step
        text = f"{text[: m.start()]}{words} {m.group('adj')}{obj}{text[m.end() :]}"
    return text


def alternative_question(text: str) -> str | None:
    """ "events with 1 or 3 jets": two counts that are no range (2 jets excluded): asked, with
    the two readings named (one histogram per count, or the range with everything between)."""
    for m in _ALTERNATIVE.finditer(text):
        a, b = sorted((_number(m.group("a")), _number(m.group("b"))))
        if b == a + 1 or a == b:
            continue
        obj = _plural(m.group("obj"))
        return (
            f"'{m.group(0)}': events with exactly {a} or exactly {b} {obj} are not one count "
            f"range ({', '.join(str(n) for n in range(a + 1, b))} {obj} would be left out), and "
            "one selection of two separate counts cannot be planned. Shall I make one histogram "
            f"per count (say 'separately for {a} and {b} {obj}'), or take every count from {a} "
            f"to {b} (say 'between {a} and {b} {obj}')?"
        )
    return None


def _plural(obj: str) -> str:
    word = re.sub(r"\s+", " ", obj.lower())
    return word if word.endswith("s") else word + "s"


def _singular(obj: str) -> str:
    return re.sub(r"s$", "", re.sub(r"\s+", " ", obj.strip().lower()))


# --- one histogram per count ---------------------------------------------------------------

_LIST = rf"(?P<list>{_N}(?:\s*,\s*{_N})*\s*,?\s*(?:and|&|or)\s+{_N})"
_SEPARATELY = r"(?:separately|respectively|each|one\s+(?:plot|histogram)\s+each)"
#: "separately for 0, 1 and 2 jets", "in events with 0, 1 and 2 jets separately", "for 0, 1
#: and 2 jets (one plot each)"
_LISTED = re.compile(
    rf"(?P<sep1>\b{_SEPARATELY}\s+)?(?P<prep>\b(?:for|in|with)\s+)(?:(?:the\s+)?events?\s+"
    rf"(?:with|having|containing)\s+)?(?:exactly\s+)?{_LIST}\s+(?P<adj>{_ADJ})(?P<obj>{_OBJ})\b"
    rf"(?:\s*,?\s*\(?(?P<sep2>{_SEPARATELY})\)?)?",
    re.IGNORECASE,
)
#: "in one plot for each number of jets", "separately for each jet multiplicity", "per number
#: of b-jets", "for every muon multiplicity"
_EACH = re.compile(
    r"(?:\b(?:in\s+)?(?:one|a|separate)\s+(?:plot|histogram)s?\s+|\bseparately\s+)?"
    r"\b(?:for|per|in)\s+(?:each|every)\s+(?:(?:number|count)\s+of\s+(?P<o1>"
    + _OBJ
    + r")|(?P<o2>b-?jet|jet|muon|electron|lepton|photon|tau)\s+(?:multiplicity|count))\b"
    r"|\bper\s+(?:(?:number|count)\s+of\s+(?P<o3>"
    + _OBJ
    + r")|(?P<o4>b-?jet|jet|muon|electron|lepton|photon|tau)\s+multiplicity)\b",
    re.IGNORECASE,
)
#: the counts "each number of jets" is read as: 0, 1, 2 exactly, then 3 or more
EACH_COUNTS = (0, 1, 2, 3)


def _clause(n: int, obj: str, *, at_least: bool = False) -> str:
    singular = _singular(obj)
    if n == 0:
        return f"in events with no {singular}s"
    word = "at least" if at_least else "exactly"
    return f"in events with {word} {n} {singular if n == 1 else singular + 's'}"


def _join(*parts: str) -> str:
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip(" ,")


PlanOne = Callable[[str], Any]


def read_per_count(text: str, plan_one: PlanOne) -> Any:
    """A :class:`chathep.planner.regions.Reading` of one histogram per count, or None when the
    request does not ask for one."""
    from chathep.planner.regions import Reading, recombine

    m = _EACH.search(text)
    if m is not None and re.search(r"\b(?:bins?|entry|entries)\s*$", text[: m.start()], re.I):
        m = None  # "the number of jets, one bin per jet multiplicity": the binning
    listed = None
    if m is None:
        listed = _LISTED.search(text)
        if listed is None:
            return None
        values = [_number(v) for v in re.findall(_N, listed.group("list"), re.IGNORECASE)]
        separately = listed.group("sep1") or listed.group("sep2")
        if len(set(values)) != len(values) or not separately:
            # "events with 0, 1 and 2 jets" (one selection of n <= 2, or three histograms?),
            # "for 0, 1 or 2 jets": no "separately", not read here (asked as before)
            return None
        obj, said = listed.group("obj"), listed.group(0).strip()
        adj = listed.group("adj")
        clauses = [_clause(n, f"{adj}{obj}") for n in values]
        tags = [f"{n}{re.sub(r'[^a-z]', '', _singular(obj))}" for n in values]
        chosen = None
        span = listed.span()
    else:
        obj = next(m.group(g) for g in ("o1", "o2", "o3", "o4") if m.group(g))
        said = m.group(0).strip()
        values = list(EACH_COUNTS)
        clauses = [_clause(n, obj, at_least=n == EACH_COUNTS[-1]) for n in values]
        tags = [
            f"{n}{'plus' if n == EACH_COUNTS[-1] else ''}{re.sub(r'[^a-z]', '', _singular(obj))}"
            for n in values
        ]
        chosen = _plural(obj)
        span = m.span()
    described = [c.removeprefix("in ") for c in clauses]  # "events with exactly 1 jet"
    head, tail = text[: span[0]], text[span[1] :]
    if re.search(r"\bevents?\s+with\b[^.;]*$", head, re.IGNORECASE):
        # "the MET in events with one or two muons for each number of jets": one event clause
        head = head.rstrip(" ,")
        clauses = [c.replace("in events with ", "and ", 1) for c in clauses]
    requests = [_join(head, c, tail) for c in clauses]
    ask = (
        f"I read '{said}' as one histogram per count ("
        + "; ".join(c.removeprefix("in ") for c in clauses)
        + "), but could not plan {what}. Could you ask for them one at a time, e.g. "
        f"'{requests[-1]}'?"
    )

    def combine(plans: list[Any]) -> Any:  # (also after a follow-up: the counts, not the words)
        return _combine(plans, described, tags, said, ask, chosen, Reading)

    return recombine(combine, [plan_one(r) for r in requests])


def _plots_counted(plan: Any, obj: str) -> bool:
    """Whether the plan's histogram is of the counted objects (or of a pair of them)."""
    spec = plan.spec
    observable = spec.observable(spec.histograms[0].observable)
    counted = {s.count for s in spec.selection if s.count}
    names = {observable.of} if observable.of else set()
    comb = next((c for c in spec.combinations if c.name == observable.of), None)
    if comb is not None:
        names |= set(comb.inputs)
    source = {"jet": "Jet", "bjet": "Jet", "muon": "Muon", "electron": "Electron"}.get(
        re.sub(r"[^a-z]", "", _singular(obj)).replace("btagged", "b")
    )
    return bool(names & counted) and any(
        spec.object(n).source == source for n in names if n in {o.name for o in spec.objects}
    )


def _combine(
    plans: list[Any],
    described: list[str],
    tags: list[str],
    said: str,
    ask: str,
    chosen: str | None,
    reading: type,
) -> Any:
    from chathep.planner.multiplot import MergeError, merge_specs
    from chathep.planner.regions import _defaults, _notes, _same_quantity, _why

    left_out = ""
    if chosen is not None and plans[1].ok and _plots_counted(plans[1], chosen):
        # "the jet pT for each number of jets": no jet to plot in events with no jets
        plans, described, tags = plans[1:], described[1:], tags[1:]
        left_out = f" (0 {chosen} left out: no {chosen[:-1]} to plot there)"
    for plan in plans:
        if not (plan.ok and not plan.unplaced):
            return reading(question=ask.replace("{what}", f"'{plan.request}'{_why(plan)}"))
        if len(plan.spec.histograms) != 1:
            return reading(question=ask.replace("{what}", f"'{plan.request}' as one histogram"))
    specs = [p.spec for p in plans]
    first = specs[0]
    o0 = first.observable(first.histograms[0].observable)
    for spec in specs[1:]:
        other = spec.observable(spec.histograms[0].observable)
        if not _same_quantity(o0, other) or spec.objects != first.objects:
            return reading(
                question=ask.replace("{what}", "them as the same quantity under each count")
            )
    if len({repr(s.selection) for s in specs}) != len(specs):
        return reading(question=ask.replace("{what}", "a different selection for each count"))
    renamed = [
        s.model_copy(
            update={
                "histograms": [
                    s.histograms[0].model_copy(update={"name": f"{s.histograms[0].name}_{tag}"})
                ]
            }
        )
        for s, tag in zip(specs, tags, strict=True)
    ]
    try:
        merged, _ = merge_specs(renamed)
    except (MergeError, ValueError) as exc:
        return reading(question=ask.replace("{what}", f"all in one analysis ({exc})"))
    names = [h.name for h in merged.histograms]
    note = (
        f"Read '{said}' as one histogram per count, each with its own events: "
        + "; ".join(f"'{n}' ({r})" for n, r in zip(names, described, strict=True))
        + "."
    )
    if chosen is not None:
        note += (
            f" Counts chosen for you: 0, 1, 2 and 3 or more {chosen}{left_out}; name the "
            f"counts to change (e.g. 'separately for 1, 2 and 3 {chosen}')."
        )
    else:
        note += " Each listed number is an exact count (say 'at least' for at least)."
    return reading(merged, None, [note, *_notes(plans)], _defaults(plans), plans)
