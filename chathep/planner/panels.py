"""Figure captions and exercise steps that ask for several panels of one quantity, each with its
own selection spelled out: "the dimuon mass for events with both muons |eta| < 1.1 (left) and
for events with both muons |eta| > 1.1 (right)", "the MET in (a) events with no jets and (b)
events with at least two jets", "two histograms of the dimuon mass, one for events with MET <
20 GeV and one for events with MET > 20 GeV", "the dimuon mass separately for ... and for ...",
"the leading jet pT in events with exactly N jets, for N = 1..4".

Each panel is planned alone, as the shared words (the quantity) with that panel's selection
(:mod:`chathep.planner.regions`' ``plan_one``); the plans are put together with
:func:`chathep.planner.multiplot.merge_specs`, one histogram per panel filled from its own
selection steps (``Histogram.steps``). An object a panel defines its own way ("muons with
|eta| < 1.1" on the left, "|eta| > 1.1" on the right) is renamed per panel, so the panels keep
their own definitions instead of one object with both cuts.

A region named by words ("barrel", "signal region") is read only with its definition beside it
("in the barrel - both muons |eta| < 1.1"); without one the request is left to the regions
module's question. A panel that cannot be planned, or that plans the same histogram as another
panel, is asked about: one histogram with every panel's cuts folded in would be a confident,
wrong plot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import chathep.regex as re
from chathep.spec import AnalysisSpec

#: a panel marker: "(left)", "(right plot)", "(top panel)", "(a)"
_MARK = re.compile(
    r"\(\s*(?P<m>left|right|top|bottom|upper|lower|middle|centre|center|[a-f])"
    r"(?:\s+(?:plot|panel|figure|side|column|histogram))?\s*\)",
    re.IGNORECASE,
)
#: words that open a panel's selection
_PREP = r"(?:for|in|with|without|when|where|requiring|after|from)"
#: a region word; read only when the panel also gives it in numbers
_REGION = re.compile(
    r"\b(?:the\s+)?(?:barrel|end-?caps?|endcaps?|forward|central|signal\s+regions?|"
    r"control\s+regions?|validation\s+regions?|sidebands?|(?:on|off)[- ]peak|"
    r"(?:pre-?)?selected|pre-?selection|(?:full|final)\s+selection)\b",
    re.IGNORECASE,
)
#: a definition in numbers ("|eta| < 1.1", "MET > 50 GeV", "at least one b-tagged jet")
_DEFINED = re.compile(
    r"\d|\b(?:no|one|two|three|four|five|six|zero|least|most|exactly)\b", re.IGNORECASE
)
#: "in the barrel - when", "in the end-cap, where", "barrel (": the region's name before its
#: definition (dropped, the definition is read)
_NAMED = re.compile(
    r"^(?P<prep>(?:in|for)\s+)?(?:the\s+)?(?P<name>barrel|end-?caps?|endcaps?|forward|central|"
    r"(?:signal|control|validation)\s+regions?|sidebands?)(?:\s+(?:region|events?))?"
    r"\s*(?:[-\u2013:,]\s*|\bi\.e\.\s*|\bdefined\s+(?:as|by)\s+)(?:(?:when|where|with)\s+)?",
    re.IGNORECASE,
)
#: "without b-tagging requirement", "without any cut": the panel with no further cut
_WITHOUT = re.compile(
    r"(?:for\s+(?:all\s+)?events\s+)?without\s+(?:any\s+|the\s+|a\s+)?[\w-]+(?:\s+[\w-]+)?"
    r"\s+(?:requirements?|cuts?|selections?|veto)|(?:for\s+)?all\s+events|"
    r"without\s+(?:any\s+)?(?:cuts?|selections?|requirements?)",
    re.IGNORECASE,
)
#: a panel's words that are a selection ("for events with ...", "with MET > 50 GeV"), not a
#: quantity ("for the transverse mass")
_SELECTION = re.compile(
    r"(?:(?:for|in|from)\s+(?:all\s+|the\s+)?(?:events|the\s+sample)\b|(?:with|without|"
    r"requiring|where|when|after|before|having)\b)",
    re.IGNORECASE,
)
#: a number of things ("no jets", "exactly one jet", "at least 2 b-tagged jets")
_AMOUNT = (
    r"(?:no|exactly|at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|zero|one|two|"
    r"three|four|five|six|\d+)\s"
)
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMERAL = r"(?:two|three|four|five|six|[2-6])"
#: "two histograms of the dimuon mass, one for ... and one for ..."
_ONE_FOR = re.compile(
    rf"\b(?P<n>{_NUMERAL})\s+(?:separate\s+|different\s+)?"
    r"(?:histograms|plots|distributions|panels|figures)\b(?P<of>[^:;]*?)[,:;]?\s*"
    rf"(?P<body>\bone\s+(?:{_PREP})\b.*)$",
    re.IGNORECASE,
)
#: "separately for A and for B", "for A and for B separately"
_SEPARATELY = re.compile(
    rf"(?:,\s*)?\bseparately\s+(?P<body>(?:{_PREP})\b.+?)[.\s]*$"
    rf"|(?:,\s*)?(?P<body2>\b(?:{_PREP})\b.+?)\s*,?\s+separately[.\s]*$",
    re.IGNORECASE,
)
#: "for N = 1..4", "for N = 1, 2, 3 and 4", "(N = 2-4)"
_RANGE = re.compile(
    r"(?:,\s*)?\(?\s*(?:for|with)?\s*\b[Nn]\s*=\s*(?P<a>\d)\s*(?:\.\.\.?|-|\u2013|to)\s*(?P<b>\d)"
    r"\s*\)?"
    r"|(?:,\s*)?\(?\s*(?:for|with)?\s*\b[Nn]\s*=\s*(?P<list>\d(?:\s*(?:,|and|or)\s*\d)+)\s*\)?",
    re.IGNORECASE,
)
_SIDE_NAMES = {"centre": "middle", "center": "middle", "upper": "top", "lower": "bottom"}


@dataclass
class Panels:
    """The request read as panels: the shared words and each panel's tag and selection."""

    head: str
    tags: list[str]
    clauses: list[str]
    said: str


def _clean(clause: str) -> str:
    clause = re.sub(r"\s+", " ", clause).strip(" ,;:.")
    clause = re.sub(r"\s+(?:and|or)$", "", clause, flags=re.IGNORECASE)
    return re.sub(r"^(?:and|or|while|whereas)\s+", "", clause, flags=re.IGNORECASE).strip(" ,")


def _exactly(clauses: list[str]) -> tuple[list[str], bool]:
    """ "one for events with 1 jet, one for events with 2 jets": a bare number of objects
    beside another panel's number of the same objects is exactly that many (as the regions
    module reads "events with 1 jet and events with 2 jets")."""
    from chathep.planner.regions import _COUNTED, _N, _number, _singular

    bare = re.compile(
        rf"\b(?P<w>with|having|containing)\s+(?P<n>{_N})\s+(?P<o>{_COUNTED})\b", re.IGNORECASE
    )
    found: dict[str, set[int]] = {}
    for clause in clauses:
        for m in bare.finditer(clause):
            found.setdefault(_singular(m.group("o")), set()).add(_number(m.group("n")))
    side_by_side = {o for o, ns in found.items() if len(ns) > 1}
    if not side_by_side:
        return clauses, False

    def exact(m: re.Match[str]) -> str:
        if _singular(m.group("o")) not in side_by_side or _number(m.group("n")) == 0:
            return m.group(0)
        return f"{m.group('w')} exactly {m.group('n')} {m.group('o')}"

    return [bare.sub(exact, c) for c in clauses], True


def _tag(mark: str) -> str:
    mark = mark.lower()
    return _SIDE_NAMES.get(mark, mark)


#: a bare cut: "MET > 30 GeV", "|eta| > 1.2", "HT < 200 GeV"
_CUT = re.compile(
    r"(?P<q>[|$\\{}\w]+(?:\s+[\w|]+)?)\s*(?:<|>|<=|>=|\u2264|\u2265)\s*-?\d+(?:\.\d+)?"
    r"(?:\s*(?:gev|tev|mev))?",
    re.IGNORECASE,
)


def _cut_opened(first: str, clause: str) -> str:
    """ "for muons with |eta| < 1.2 (left) and |eta| > 1.2 (right)": a later panel's bare cut
    on what the first panel cuts on opens with the first panel's words before that cut."""
    m = _CUT.fullmatch(clause)
    if m is None or re.match(rf"{_PREP}\b", clause, re.IGNORECASE):
        return clause
    quantity = m.group("q").strip()
    at = first.lower().rfind(quantity.lower())
    opened = re.search(rf"\b{_PREP}\b[^()]*$", first[:at], re.IGNORECASE) if at > 0 else None
    return opened.group(0) + clause if opened else clause


def _marked(text: str) -> Panels | None:
    """ "A for X (left) and for Y (right)" and "A in (a) X and (b) Y"."""
    marks = list(_MARK.finditer(text))
    if len(marks) < 2:
        return None
    tags = [_tag(m.group("m")) for m in marks]
    if len(set(tags)) != len(tags):
        return None
    letters = [len(t) == 1 for t in tags]
    if any(letters) and not all(letters):
        return None
    if {"left", "right"} & set(tags) and {"top", "bottom"} & set(tags):
        return None  # a grid of plots ("pT (left) and eta (right) of the leading (upper) ..")
    after = text[marks[-1].end() :]
    shared = re.fullmatch(r"\s*,\s*((?:in|for|from|using)\s+[^,;()]+?)[\s.]*", after, re.I)
    if shared or not after.strip(" .;:,"):  # suffix markers: "X (left) and Y (right)"
        segments = [text[(marks[i - 1].end() if i else 0) : m.start()] for i, m in enumerate(marks)]
        later = [_clean(s) for s in segments[1:]]
        opener = re.search(
            rf"\b(?:(?:for|in)\s+(?:the\s+)?events\s+)?(?:with|having)\s+(?={_AMOUNT})",
            segments[0],
            re.IGNORECASE,
        )
        if opener and all(re.match(_AMOUNT, s, re.IGNORECASE) for s in later):
            # "for events with no jets (left), exactly one jet (middle) and at least two jets
            # (right)": the first panel's opening words are every panel's
            later = [opener.group(0) + s for s in later]
        later = [_cut_opened(segments[0], s) for s in later]
        if not all(re.match(rf"{_PREP}\b", s, re.IGNORECASE) for s in later):
            return None  # "A (left) and B (right)": plots of their own (multiplot)
        prep = re.match(r"\w+", later[0]).group(0)  # type: ignore[union-attr]
        # the first panel's selection opens with the same word as the next one's, else with
        # the first word that opens a selection ("X without ... (left) and for ... (right)")
        first = re.search(rf"\b{prep}\b", segments[0], re.IGNORECASE) or re.search(
            rf"\b{_PREP}\b", segments[0], re.IGNORECASE
        )
        if first is None or not segments[0][: first.start()].strip():
            return None
        head = segments[0][: first.start()]
        clauses = [_clean(segments[0][first.start() :]), *later]
        if shared:  # ", in 2018 data": every panel's
            clauses = [f"{c} {shared.group(1)}" for c in clauses]
    else:  # prefix markers: "A in (a) X and (b) Y"
        head = text[: marks[0].start()]
        if not head.strip():
            return None
        ends = [m.start() for m in marks[1:]] + [len(text)]
        clauses = [_clean(text[m.end() : end]) for m, end in zip(marks, ends, strict=True)]
        # "(left) HT < 200 GeV, (right) HT > 200 GeV": a bare cut selects the panel's events
        clauses = [f"with {c}" if _CUT.fullmatch(c) else c for c in clauses]
        if not all(re.match(rf"(?:{_PREP}|events?)\b", c, re.IGNORECASE) for c in clauses):
            return None  # "(a) electrons, (b) muons": plots of their own, not selections
    if not all(clauses):
        return None
    said = text[len(head) :].strip(" .")
    return Panels(_clean(head), tags, clauses, said)


def _one_for(text: str) -> Panels | None:
    """ "Make two histograms of the dimuon mass, one for events with MET < 20 GeV and one for
    events with MET > 20 GeV"."""
    m = _ONE_FOR.search(text)
    if m is None:
        return None
    parts = re.split(r",?\s*\band\s+(?=one\s)|,\s*(?=one\s)", m.group("body").strip(" ."))
    clauses = [_clean(re.sub(r"(?i)^one\s+", "", p)) for p in parts]
    if not all(_SELECTION.match(c) for c in clauses):
        return None  # "one for the transverse mass and one for the mass": plots (multiplot)
    n = m.group("n").lower()
    if len(clauses) != (_COUNT.get(n) or int(n)):
        return None
    before = re.sub(
        r"(?i)(?:\b(?:please|plot|show|draw|make|produce|create|fill|give\s+me|the|a)\b\s*)+$",
        "",
        text[: m.start()],
    ).strip(" ,")
    of = re.sub(r"(?i)^\s*(?:of|showing|for)\s+", "", m.group("of")).strip(" ,")
    if not of:
        return None
    head = f"{before}, {of}" if before else of
    return Panels(head, [str(i + 1) for i in range(len(clauses))], clauses, m.group(0).strip())


def _separately(text: str) -> Panels | None:
    """ "the dimuon mass separately for events with ... and for events with ..."."""
    m = _SEPARATELY.search(text)
    if m is None:
        return None
    body = m.group("body") or m.group("body2")
    parts = re.split(rf",?\s+and\s+(?=(?:{_PREP})\b)|,\s*(?=(?:{_PREP})\b)", body, flags=re.I)
    clauses = [_clean(p) for p in parts]
    if len(clauses) < 2 or not all(_SELECTION.match(c) for c in clauses):
        return None
    head = text[: m.start()]
    if not head.strip():
        return None
    return Panels(_clean(head), [str(i + 1) for i in range(len(clauses))], clauses, m.group(0))


def _ranged(text: str) -> Panels | None:
    """ "the leading jet pT in events with exactly N jets, for N = 1..4": one panel per N."""
    m = _RANGE.search(text)
    if m is None:
        return None
    if m.group("list"):
        values = [int(v) for v in re.findall(r"\d", m.group("list"))]
    else:
        a, b = int(m.group("a")), int(m.group("b"))
        values = list(range(a, b + 1))
    rest = text[: m.start()] + " " + text[m.end() :]
    if not 2 <= len(values) <= 6 or len(set(values)) != len(values):
        return None
    if len(re.findall(r"\bN\b", rest)) != 1:
        return None  # the N the range fills is named once, as a number of something
    texts = [re.sub(r"\bN\b", str(v), rest) for v in values]
    return Panels("", [f"n{v}" for v in values], [_clean(t) for t in texts], m.group(0).strip())


_SIDES = re.compile(
    r"(?:^|(?<=[.;])\s*|\s)(?P<m>left|right|top|bottom|upper|lower|middle)"
    r"(?:\s+(?:side|panel|plot|figure|column))?\s*:\s*",
    re.IGNORECASE,
)


def _sided(text: str) -> Panels | None:
    """ "The MET. Top: events with no jets. Bottom: events with at least two jets." (the
    shared words first; sides that name plots of their own are multiplot's)."""
    sides = list(_SIDES.finditer(text))
    if len(sides) < 2:
        return None
    head = _clean(text[: sides[0].start()])
    ends = [m.start() for m in sides[1:]] + [len(text)]
    clauses = [_clean(text[m.end() : end]) for m, end in zip(sides, ends, strict=True)]
    if not head or not all(re.match(rf"(?:{_PREP}|events?)\b", c, re.IGNORECASE) for c in clauses):
        return None
    clauses = [c if re.match(_PREP, c, re.I) else f"for {c}" for c in clauses]
    tags = [_tag(m.group("m")) for m in sides]
    if len(set(tags)) != len(tags):
        return None
    return Panels(head, tags, clauses, text[sides[0].start() :].strip(" ."))


def find_panels(text: str) -> Panels | None:
    """The request as panels of one quantity under selections it spells out, or None."""
    for reader in (_ranged, _marked, _sided, _one_for, _separately):
        panels = reader(text)
        if panels is not None:
            return panels
    return None


# --- planning ----------------------------------------------------------------------------


def _undefined(clause: str) -> str | None:
    """The region word of a panel that names a region without giving it in numbers."""
    named = _NAMED.match(clause)
    rest = clause[named.end() :] if named else clause
    found = _REGION.search(rest)
    if found is not None:
        return found.group(0)
    if named is not None and not _DEFINED.search(rest):
        return named.group("name")
    return None


def _request(head: str, clause: str) -> str:
    """One panel's request: the shared words and the panel's selection (a region's name before
    its definition dropped: "in the barrel - both muons |eta| < 1.1" is "with both muons
    |eta| < 1.1")."""
    named = _NAMED.match(clause)
    if named is not None:
        clause = "with " + clause[named.end() :]
    if _WITHOUT.fullmatch(clause):  # "without b-tagging requirement": the panel of no cut
        clause = ""
    clause = re.sub(r"^when\s+", "with ", clause, flags=re.IGNORECASE)
    clause = re.sub(r"^requiring\s+", "in events with ", clause, flags=re.IGNORECASE)
    clause = re.sub(
        r"^with\s+both\s+(\w+)\s+(?:have|having|with|within|at)\s+", r"with both \1 ", clause,
        flags=re.IGNORECASE,
    )  # fmt: skip
    return re.sub(r"\s+", " ", f"{head} {clause}" if head else clause).strip(" ,.")


_REFERENCES = (
    ("merge", True), ("inputs", True), ("of", False), ("other", False), ("exclude", False),
    ("left", False), ("right", False), ("count", False), ("observable", False),
)  # fmt: skip


def _renamed(item: Any, names: dict[str, str]) -> Any:
    """An object/combination/observable/step/histogram with the names it uses renamed."""
    update: dict[str, Any] = {}
    for attr, many in _REFERENCES:
        value = getattr(item, attr, None)
        if value is None:
            continue
        if many:
            new = [names.get(v, v) for v in value]
        elif isinstance(value, str):
            new = names.get(value, value)
        else:
            continue
        if new != value:
            update[attr] = new
    cleaning = getattr(item, "clean_against", None)
    if cleaning:
        update["clean_against"] = [
            c.model_copy(update={"against": names.get(c.against, c.against)}) for c in cleaning
        ]
    return item.model_copy(update=update) if update else item


def own_definitions(specs: list[AnalysisSpec], tags: list[str]) -> list[AnalysisSpec]:
    """The panels' specs with every object, combination and observable two panels define
    differently renamed per panel ("muons" -> "muons_left"), and what uses them; the selection
    steps that use a renamed name get the panel's tag in their name."""
    kinds = ("objects", "combinations", "observables")
    renames: list[dict[str, str]] = [{} for _ in specs]
    for _ in range(8):  # a renamed name used by another name is renamed in the next round
        current = [_apply(s, r, t) for s, r, t in zip(specs, renames, tags, strict=True)]
        seen: dict[str, Any] = {}
        clash: set[str] = set()
        for spec in current:
            for kind in kinds:
                for item in getattr(spec, kind):
                    old = seen.setdefault(item.name, item)
                    if old != item:
                        clash.add(item.name)
        if not clash:
            return current
        for spec, names, tag in zip(current, renames, tags, strict=True):
            for kind in kinds:
                for item in getattr(spec, kind):
                    if item.name in clash:
                        original = next((k for k, v in names.items() if v == item.name), item.name)
                        names[original] = f"{item.name}_{tag}"
    return current  # still clashing: merge_specs says so (asked)


def _apply(spec: AnalysisSpec, names: dict[str, str], tag: str) -> AnalysisSpec:
    if not names:
        return spec

    def rename(items: list[Any]) -> list[Any]:
        out = []
        for item in items:
            new = _renamed(item, names)
            if item.name in names:
                new = new.model_copy(update={"name": names[item.name]})
            out.append(new)
        return out

    steps = []
    for step in spec.selection:
        new = _renamed(step, names)
        if new != step:
            new = new.model_copy(update={"name": f"{step.name} ({tag})"})
        steps.append(new)
    step_names = {s.name: n.name for s, n in zip(spec.selection, steps, strict=True)}
    histograms = []
    for h in spec.histograms:
        new = h.model_copy(update={"observable": names.get(h.observable, h.observable)})
        if h.steps is not None:
            new = new.model_copy(update={"steps": [step_names[s] for s in h.steps]})
        histograms.append(new)
    return spec.model_copy(
        update={
            "objects": rename(spec.objects),
            "combinations": rename(spec.combinations),
            "observables": rename(spec.observables),
            "selection": steps,
            "histograms": histograms,
        }
    )


def read_panels(text: str, plan_one: Any) -> Any:
    """The request as one histogram per panel, each with its own selection (a
    :class:`chathep.planner.regions.Reading`), a question when its panels cannot be planned
    exactly, or None when it asks for no panels of one quantity (or names a region it does not
    define: the regions module asks)."""
    from chathep.planner.regions import Reading, recombine

    panels = find_panels(text)
    if panels is None:
        return None
    undefined = [(t, w) for t, c in zip(panels.tags, panels.clauses, strict=True)
                 if (w := _undefined(c))]  # fmt: skip
    if undefined:
        from chathep.planner.regions import _REGION_WORDS

        if any(_REGION_WORDS.search(w) for _, w in undefined):
            return None  # the regions module asks about region words
        named = ", ".join(f"({t}) '{w}'" for t, w in undefined)
        return Reading(
            question=f"I read '{panels.said}' as {len(panels.clauses)} histograms, one per "
            f"panel, but {named} names a selection the request does not define, and I will not "
            "guess it. Could you give it as requirements, e.g. 'events with one muon with pT > "
            "25 GeV and at least four jets'?"
        )
    clauses, exactly = _exactly(panels.clauses)
    requests = [_request(panels.head, c) for c in clauses]
    base = plan_one(panels.head) if panels.head else None
    return recombine(lambda plans: _combine(plans, panels, requests, Reading, base, exactly), [
        plan_one(r) for r in requests
    ])  # fmt: skip


def _events(spec: AnalysisSpec) -> dict[str, Any]:
    """What a spec selects (its objects and steps), not how it bins."""
    return spec.model_dump(include={"objects", "combinations", "selection", "corrections"})


def _combine(
    plans: list[Any], panels: Panels, requests: list[str], reading: Any, base: Any,
    exactly: bool,
) -> Any:  # fmt: skip
    from chathep.planner.multiplot import MergeError, merge_specs

    n = len(plans)
    listed = "; ".join(f"({t}) '{r}'" for t, r in zip(panels.tags, requests, strict=True))
    ask = (
        f"I read '{panels.said}' as {n} histograms, one per panel, each with its own "
        f"selection: {listed}; but {{what}}. Could you give each panel's selection as a "
        "requirement, or ask for the panels one at a time?"
    )
    for tag, request, plan in zip(panels.tags, requests, plans, strict=True):
        if not (plan.ok and not plan.unplaced):
            why = f": {plan.question}" if plan.question else ""
            return reading(question=ask.replace("{what}", f"I could not plan ({tag}){why}"))
        if len(plan.spec.histograms) != 1:
            return reading(
                question=ask.replace("{what}", f"({tag}) '{request}' gives several plots")
            )
    specs = [p.spec for p in plans]
    for i in range(n):
        for j in range(i):
            if specs[i].model_dump(exclude={"title"}) == specs[j].model_dump(exclude={"title"}):
                what = (
                    f"({panels.tags[j]}) and ({panels.tags[i]}) come out as the same histogram "
                    "(a panel's selection was not read)"
                )
                return reading(question=ask.replace("{what}", what))
    if base is not None and base.ok:  # a panel that selects what the shared words alone do
        for tag, spec, request in zip(panels.tags, specs, requests, strict=True):
            if request != _request(panels.head, "") and _events(spec) == _events(base.spec):
                what = (
                    f"({tag}) selects the same events as '{panels.head}' alone (its words were "
                    "not read as a selection, or they repeat the defaults)"
                )
                return reading(question=ask.replace("{what}", what))
    specs = own_definitions(specs, panels.tags)
    specs = [
        s.model_copy(update={"histograms": [
            s.histograms[0].model_copy(update={"name": f"{s.histograms[0].name}_{t}"})
        ]})
        for s, t in zip(specs, panels.tags, strict=True)
    ]  # fmt: skip
    try:
        merged, _ = merge_specs(specs)
    except (MergeError, ValueError) as exc:
        return reading(question=ask.replace("{what}", f"they cannot be one analysis ({exc})"))
    names = [h.name for h in merged.histograms]
    note = (
        f"Read '{panels.said}' as {n} histograms, one per panel, each filled from the events "
        "of its own selection: "
        + "; ".join(f"'{h}' ({r})" for h, r in zip(names, requests, strict=True))
        + "."
    )
    regions = [(m.group("name"), c[m.end() :]) for c in panels.clauses if (m := _NAMED.match(c))]
    if regions:
        note += (
            " The region names are read as the definitions beside them: "
            + "; ".join(f"'{name}' as '{rest.strip()}'" for name, rest in regions)
            + "."
        )
    if exactly:
        note += (
            " A number of objects named beside another panel's is read as exactly that many "
            "(say 'at least' for at least)."
        )
    notes = [note, *dict.fromkeys(x for p in plans for x in p.notes)]
    defaults = list(dict.fromkeys(d for p in plans for d in p.defaults))
    return reading(merged, None, notes, defaults, plans)


def folded(text: str, spec: AnalysisSpec | None) -> str | None:
    """The question for a plan with fewer histograms than the panels the request marks ("X
    with A (left) and B (right)" planned as one histogram: the panels' selections folded into
    one); None when the plan has a histogram per panel (or the request marks none)."""
    if spec is None:
        return None
    found = [*_MARK.finditer(text), *_SIDES.finditer(text)]  # "(left)", "Top:"
    tags = list(dict.fromkeys(_tag(m.group("m")) for m in found))
    letters = [t for t in tags if len(t) == 1]
    sides = [t for t in tags if len(t) > 1]
    marked = max(len(letters), len(sides))
    if marked < 2 or len(spec.histograms) >= marked:
        return None
    return (
        f"The request marks {marked} panels ({', '.join(f'({t})' for t in tags)}), but I could "
        f"read only {len(spec.histograms)} histogram(s) from it, and I will not fold the "
        "panels' selections into one. Could you write each panel as its own selection, e.g. "
        "'the dimuon mass for events with MET < 30 GeV (left) and for events with MET > 30 GeV "
        "(right)'?"
    )
