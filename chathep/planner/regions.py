"""The same quantity under different selections in one request (issue 12, item 3): "before
and after the b-jet veto", "m(ee) and m(mumu)", "in the ee and mumu channels", "Zmumu (left)
and Zee (right)", "N-1 distribution of the MET".

Each reading plans plain requests (one per selection, with the caller's one-plot planner) and
puts them together as one analysis whose histograms each name their selection steps
(``Histogram.steps``):

- **before and after X** (also "with and without X"): the request without X and the request
  with X; X must add selection steps and change nothing else (objects, the plotted quantity),
  then "before" is the histogram without those steps and "after" the one with every step.
- **two channels** (electrons and muons): the request once per flavour ("dilepton" becomes
  "dielectron" / "dimuon"); each plan must use that flavour only, and each histogram gets its
  own plan's steps.
- **N-1 of X**: the request as written; the histogram of X leaves out the steps that cut on X
  itself (the same quantity).

What cannot be read exactly is asked about (a single merged histogram would be a confident,
wrong plot): a cut that changes an object definition instead of adding a step, channels that
do not come out as one flavour each, an N-1 without a cut on the quantity, regions named by
words only ("barrel" and "end-cap").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import chathep.regex as re
from chathep.spec import AnalysisSpec, Histogram, Observable, Step

#: the flavours of two lepton channels: request word -> (flavour word, NanoAOD collection)
_FLAVOURS = {"e": ("dielectron", "Electron"), "mu": ("dimuon", "Muon")}
_LEPTON_SOURCES = {"Electron", "Muon", "Tau"}
_SIDE = r"\s*(?:\((?:left|right|top|bottom|upper|lower|a|b)\)\s*)?"
_E = (
    r"(?:z\s*(?:->|→|to)?\s*)?(?:e\s*e|e\+\s*e-|electrons?|dielectrons?|di-electrons?"
    r"|z\s*\(\s*(?:e\s*e|e\+\s*e-)\s*\)|z\s*e\s*\+\s*e\b)"  # "Z(ee)", "Ze+e" (minus lost)
)
_MU = (
    r"(?:z\s*(?:->|→|to)?\s*)?(?:mu\s*mu|μ\s*μ|mu\+\s*mu-|muons?|dimuons?|di-muons?"
    r"|z\s*\(\s*(?:mu\s*mu|μ\s*μ|mu\+\s*mu-)\s*\)|z\s*mu\s*\+\s*mu\b)"  # "Z(mumu)", "Zmu+mu"
)
_NOUNS = r"channels?|final\s+states?|samples?|events?|decays?|pairs?"
_CHANNEL_NOUN = rf"(?:\s+(?:{_NOUNS}))?"
#: "the ee and mumu channels", "(left) electrons and (right) muons", "Zmumu (left) and Zee
#: (right) samples"; "m(ee) and m(mumu)" separately
_CHANNELS = re.compile(
    rf"(?P<prep>\b(?:in|for|of)\s+(?:the\s+|both\s+)?)?{_SIDE}(?P<a>{_E}|{_MU}){_SIDE}"
    rf"(?:channels?\s*)?(?:,\s*)?(?:and|&|vs\.?|versus){_SIDE}(?P<b>{_E}|{_MU}){_SIDE}"
    rf"{_CHANNEL_NOUN}(?![\w+-])",
    re.IGNORECASE,
)
_MASS_PAIR = re.compile(
    rf"\bm\s*\(\s*(?P<a>{_E}|{_MU})\s*\)\s*(?:,\s*)?and\s+m\s*\(\s*(?P<b>{_E}|{_MU})\s*\)",
    re.IGNORECASE,
)
_BEFORE_AFTER = re.compile(
    rf"\b(?:before{_SIDE}and\s+after|with{_SIDE}and\s+without|without{_SIDE}and\s+with)"
    rf"{_SIDE}(?P<cut>[^.;]+?)\s*(?:\((?:left|right)\)\s*)?(?=[.;]|$)",
    re.IGNORECASE,
)
_NMINUS1 = re.compile(
    r"\bn\s*(?:-|−|–|minus)\s*(?:1|one)\b(?:\s+(?:distributions?|plots?|histograms?))?"
    r"(?:\s+(?:of|for))?\s*",
    re.IGNORECASE,
)
#: words of a region that need a definition the request does not give in numbers
_REGION_WORDS = re.compile(
    r"\b(?:barrel|end-?caps?|endcaps?|forward|central|signal\s+region|control\s+regions?|"
    r"sidebands?|(?:on|off)[- ]peak|channels?)\b",
    re.IGNORECASE,
)
#: the ECAL barrel-endcap gap (a cut on objects, not two regions)
_GAP = re.compile(r"\bbarrel[- ]?(?:to[- ]|/)?end-?cap\b", re.IGNORECASE)
#: one histogram of the channels together ("ee and mumu together", same-flavour pairs)
_TOGETHER = re.compile(
    r"\b(?:together|combined|summed|merged|sum\s+of|same[- ]flavou?r|sfos|ossf)\b",
    re.IGNORECASE,
)
_TWO_PANELS = re.compile(r"\((?:left|top)\).*\((?:right|bottom)\)", re.IGNORECASE | re.DOTALL)

PlanOne = Callable[[str], Any]


@dataclass
class Reading:
    """What this module made of a request: a spec (with notes), or a question.

    ``parts``: the plans put together; ``combine`` puts plans of the same parts together
    again (a follow-up edits every part, then they are combined as before).
    """

    spec: AnalysisSpec | None = None
    question: str | None = None
    notes: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    parts: list[Any] = field(default_factory=list)
    combine: Callable[[list[Any]], Reading] | None = None
    unplaced: list[str] = field(default_factory=list)  # words a part could not place


def _planned(requests: list[str], plan_one: PlanOne, combine: Callable[[list[Any]], Reading]
             ) -> Reading:  # fmt: skip
    """Plan each request, put the plans together, and keep how (for follow-ups)."""
    return recombine(combine, [plan_one(r) for r in requests])


def recombine(
    combine: Callable[[list[Any]], Reading], parts: list[Any], followup: bool = False
) -> Reading:
    """The parts' plans put together (``followup``: each edited by a follow-up, as the first
    time; a follow-up a part cannot take gets that part's question)."""
    failed = next((p for p in parts if not p.ok), None)
    if followup and failed is not None:
        return Reading(question=failed.question, unplaced=list(failed.unplaced))
    reading = combine(parts)
    if reading.spec is None:
        reading.unplaced = list(dict.fromkeys(w for p in parts for w in p.unplaced))
    reading.parts = parts
    reading.combine = combine if reading.spec is not None else None
    return reading


def _flavour(word: str) -> str:
    w = re.sub(r"[\s()]+", "", word.lower())  # "Z(ee)" as "zee"
    return "e" if re.search(r"(?:^|z|->|→|to|di-?)e|electron", w) and "mu" not in w else "mu"


def _ok(plan: Any) -> bool:
    return bool(plan.ok and not plan.unplaced)


def _why(plan: Any) -> str:
    return f" ({plan.question})" if getattr(plan, "question", None) else ""


def _same_quantity(a: Observable, b: Observable) -> bool:
    return a.model_dump(exclude={"name"}) == b.model_dump(exclude={"name"})


def _defaults(plans: list[Any]) -> list[str]:
    return list(dict.fromkeys(d for p in plans for d in p.defaults))


def _notes(plans: list[Any]) -> list[str]:
    return list(dict.fromkeys(n for p in plans for n in p.notes))


def _join(*parts: str) -> str:
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip(" ,")


# --- before and after ------------------------------------------------------------------------


def _after_clause(cut: str) -> str:
    """The cut as the planner reads it: "requiring ...", "in events with no b-tagged jets"."""
    cut = cut.strip(" ,")
    veto = re.fullmatch(r"(?:the\s+|a\s+)?(b[- ]?(?:jets?|tag(?:ged)?(?:\s+jets?)?)|\w+)[- ]veto",
                        cut, re.IGNORECASE)  # fmt: skip
    if veto:
        obj = veto.group(1).lower()
        obj = "b-tagged jets" if obj.startswith("b") and obj not in ("bosons",) else obj + "s"
        return f"in events with no {obj.replace('ss', 's')}"
    if re.match(r"(?:requiring|require|applying|with|in\s+events|for\s+events)\b", cut, re.I):
        return cut
    cut = re.sub(r"^(?:the|a|an)\s+", "", cut, flags=re.IGNORECASE)
    cut = re.sub(r"\s+(?:cut|requirement|selection)$", "", cut, flags=re.IGNORECASE)
    return f"in events with {cut}"


def _before_after(text: str, m: re.Match[str], plan_one: PlanOne) -> Reading:
    cut = m.group("cut")
    head, tail = text[: m.start()], text[m.end() :]
    said = m.group(0).strip()
    ask = (
        f"I read '{said}' as two histograms of the same quantity, one without and one with "
        f"'{cut.strip()}', but I could not place that as a selection step of its own"
    )
    hint = (
        ". Could you write it as a requirement on events, e.g. 'before and after requiring "
        "two b-tagged jets' or 'before and after requiring the leading jet pT above 50 GeV'?"
    )
    # the cut may be followed by words for both ("... above 100 GeV in ttbar"): the cut up to
    # the end, else up to an earlier "in"/"for"/"," (the rest is said of both histograms)
    ends = [len(cut)] + [
        b.start() for b in reversed(list(re.finditer(r",|\s(?:in|for|from|using|on)\s", cut)))
    ]
    first: Reading | None = None
    for end in ends[:4]:
        part, rest = cut[:end], cut[end:]
        requests = [_join(head, rest, tail), _join(head, _after_clause(part), rest, tail)]
        reading = _planned(
            requests, plan_one, lambda plans: _combine_before_after(plans, said, ask, hint)
        )
        if reading.spec is not None:
            return reading
        first = first or reading
    assert first is not None
    return first


def _combine_before_after(plans: list[Any], said: str, ask: str, hint: str) -> Reading:
    before, after = plans
    if not (_ok(before) and _ok(after)):
        return Reading(question=ask + _why(after if _ok(before) else before) + hint)
    b, a = before.spec, after.spec
    assert b is not None and a is not None
    if len(b.histograms) != 1 or len(a.histograms) != 1:
        return Reading(question=ask + " (it gives several plots)" + hint)
    hb, ha = b.histograms[0], a.histograms[0]
    same = (
        _same_quantity(b.observable(hb.observable), a.observable(ha.observable))
        and hb.model_dump(exclude={"name"}) == ha.model_dump(exclude={"name"})
        and all(o in a.objects for o in b.objects)
        and all(c in a.combinations for c in b.combinations)
        and all(s in a.selection for s in b.selection)
        and (b.samples, b.era, b.lumi_pb, b.corrections)
        == (a.samples, a.era, a.lumi_pb, a.corrections)
    )
    added = [s.name for s in a.selection if s not in b.selection]
    if a.corrections != b.corrections:
        return Reading(
            question=ask + " (it is a correction, not a selection: the two histograms need a "
            "run each). Could you ask for them one at a time, without and then with it?"
        )
    if not same or not added:
        why = (
            " (it adds no selection step)"
            if same
            else " (it changes the objects or the plotted quantity, not only the events)"
        )
        return Reading(question=ask + why + hint)
    name = ha.name
    kept = [s.name for s in a.selection if s in b.selection]
    histograms = [
        ha.model_copy(update={"name": f"{name}_before", "steps": kept}),
        ha.model_copy(update={"name": f"{name}_after", "steps": None}),
    ]
    spec = a.model_copy(update={"histograms": histograms})
    note = (
        f"Read '{said}' as two histograms of the same quantity: '{name}_before' without "
        f"the step{'s' if len(added) > 1 else ''} {', '.join(repr(s) for s in added)}, "
        f"'{name}_after' with every step."
    )
    return Reading(spec, None, [note, *_notes([before, after])], _defaults([before, after]),
                   [before, after])  # fmt: skip


# --- two channels --------------------------------------------------------------------------


def _in_flavour(text: str, flavour: str) -> str:
    """Generic lepton words as the channel's flavour: dilepton -> dimuon, leptons -> muons."""
    word = _FLAVOURS[flavour][0]  # dielectron / dimuon
    single = word.removeprefix("di")
    text = re.sub(r"\bdi-?leptons?\b", word, text, flags=re.IGNORECASE)
    text = re.sub(r"\bleptons\b", single + "s", text, flags=re.IGNORECASE)
    return re.sub(r"\blepton\b", single, text, flags=re.IGNORECASE)


def _channels(text: str, m: re.Match[str], plan_one: PlanOne, masses: bool) -> Reading | None:
    def bare(word: str) -> str:
        return re.sub(r"\s+", " ", word.strip().lower())

    flavours = [_flavour(m.group("a")), _flavour(m.group("b"))]
    if sorted(flavours) != ["e", "mu"]:
        return None
    objects = r"(?:electrons?|muons?)"
    if (
        not masses
        and re.fullmatch(objects, bare(m.group("a")))
        and re.fullmatch(objects, bare(m.group("b")))
        and not re.search(rf"\((?:left|right|top|bottom|upper|lower|a|b)\)|{_NOUNS}", m.group(0),
                          re.IGNORECASE)
    ):  # fmt: skip
        return None  # "the pT of electrons and muons": not said to be two channels
    head, tail = text[: m.start()], text[m.end() :]
    said = m.group(0).strip()
    requests: list[str] = []
    for flavour in flavours:
        word = _FLAVOURS[flavour][0]
        if masses:  # "m(ee) and m(mumu)"
            request = _join(head, f"the {word} mass", tail)
        elif (
            re.fullmatch(r"(?:electrons?|muons?)", bare(m.group("a")))
            and re.fullmatch(r"(?:electrons?|muons?)", bare(m.group("b")))
            and not re.search(r"channel|sample|final|decay|event", said, re.IGNORECASE)
        ):  # "pairs of (left) electrons and (right) muons": the objects, one at a time
            noun = " pairs" if re.search(r"pairs?$", said, re.IGNORECASE) else "s"
            single = word.removeprefix("di") + noun  # "electrons", "electron pairs"
            request = _in_flavour(_join(head, m.group("prep") or "", single, tail), flavour)
        else:
            request = _in_flavour(_join(head, tail), flavour).rstrip(" .;:")
            if word not in request.lower() and word.removeprefix("di") not in request.lower():
                request = _join(request, f"in the {word} channel")
        requests.append(request)
    ask = (
        f"I read '{said}' as one histogram per channel (electrons and muons), but could not "
        "plan {what}. Could you ask for the channels one at a time, e.g. 'the dielectron mass' "
        "and then 'the dimuon mass'?"
    )
    return _planned(
        requests, plan_one, lambda plans: _combine_channels(plans, flavours, requests, said, ask)
    )


def _combine_channels(
    plans: list[Any], flavours: list[str], requests: list[str], said: str, ask: str
) -> Reading:
    for flavour, request, plan in zip(flavours, requests, plans, strict=True):
        if not _ok(plan):
            return Reading(question=ask.replace("{what}", f"'{request}'{_why(plan)}"))
        spec = plan.spec
        leptons = spec.sources() & _LEPTON_SOURCES
        if leptons != {_FLAVOURS[flavour][1]} or len(spec.histograms) != 1:
            return Reading(question=ask.replace("{what}", f"'{request}' as that channel alone"))
    merged = _merge([p.spec for p in plans], flavours)
    if isinstance(merged, str):
        return Reading(question=ask.replace("{what}", f"both in one analysis ({merged})"))
    names = [h.name for h in merged.histograms]
    note = (
        f"Read '{said}' as one histogram per channel, each with its own selection: "
        + "; ".join(f"'{n}' ({r})" for n, r in zip(names, requests, strict=True))
        + "."
    )
    notes = [note, *_notes(plans)]
    if re.search(r"samples?\b", said, re.IGNORECASE):
        notes.append(
            f"'{said}': on NanoAOD both channels are in the same Drell-Yan (Z/gamma* -> ll) "
            "sample(s); each channel is selected by the lepton flavour."
        )
    return Reading(merged, None, notes, _defaults(plans), plans)


def _merge(specs: list[AnalysisSpec], flavours: list[str]) -> AnalysisSpec | str:
    """One analysis of the channels' specs, each histogram with its own plan's steps; or why
    not."""
    first = specs[0]
    for spec in specs[1:]:
        if (spec.samples, spec.era, spec.lumi_pb, spec.corrections) != (
            first.samples, first.era, first.lumi_pb, first.corrections,
        ):  # fmt: skip
            return "they ask for different samples or corrections"
    keys = ("objects", "combinations", "observables", "selection")
    merged: dict[str, dict[str, Any]] = {k: {} for k in keys}
    for spec in specs:
        for key, items in merged.items():
            for item in getattr(spec, key):
                old = items.get(item.name)
                if old is not None and old != item:
                    return f"both define '{item.name}', differently"
                items[item.name] = item
    histograms: list[Histogram] = []
    taken = {h.name for s in specs for h in s.histograms}
    for spec, flavour in zip(specs, flavours, strict=True):
        (h,) = spec.histograms
        name = h.name
        if sum(h.name == g.name for s in specs for g in s.histograms) > 1:
            name = f"{h.name}_{'ee' if flavour == 'e' else 'mumu'}"
            if name in taken:
                return f"two histograms would be called '{name}'"
        steps = [s.name for s in spec.selection]
        histograms.append(h.model_copy(update={"name": name, "steps": steps}))
    steps: list[Step] = list(merged["selection"].values())
    return AnalysisSpec(
        title=" and ".join(dict.fromkeys(s.title for s in specs)),
        samples=first.samples,
        era=first.era,
        lumi_pb=first.lumi_pb,
        objects=list(merged["objects"].values()),
        combinations=list(merged["combinations"].values()),
        selection=steps,
        observables=list(merged["observables"].values()),
        histograms=histograms,
        corrections=first.corrections,
    )


# --- N-1 -------------------------------------------------------------------------------------


def _nminus1(text: str, m: re.Match[str], plan_one: PlanOne) -> Reading:
    said = re.sub(r"\s+(?:of|for)$", "", m.group(0).strip(), flags=re.IGNORECASE)
    request = _join(text[: m.start()], text[m.end() :])
    ask = (
        f"An N-1 distribution ('{said}') shows a quantity with every cut but the cut on that "
        "quantity itself; {what}. Could you give the selection with the cut, e.g. 'N-1 "
        "distribution of the MET in events with two muons and MET > 50 GeV'?"
    )
    return _planned([request], plan_one, lambda plans: _combine_nminus1(plans, said, ask))


def _combine_nminus1(plans: list[Any], said: str, ask: str) -> Reading:
    (plan,) = plans
    request = plan.request
    if not _ok(plan):
        return Reading(question=ask.replace("{what}", f"I could not plan '{request}'{_why(plan)}"))
    spec = plan.spec
    if len(spec.histograms) != 1:
        return Reading(question=ask.replace("{what}", "the request gives several plots"))
    (h,) = spec.histograms
    shown = spec.observable(h.observable)
    own = [
        s.name
        for s in spec.selection
        if s.observable is not None and _same_quantity(spec.observable(s.observable), shown)
    ]
    if not own:
        return Reading(
            question=ask.replace("{what}", "the request has no cut on the plotted quantity")
        )
    kept = [s.name for s in spec.selection if s.name not in own]
    histogram = h.model_copy(update={"name": f"{h.name}_nminus1", "steps": kept})
    note = (
        f"Read '{said}' as the N-1 distribution: '{histogram.name}' with every selection step "
        f"but {', '.join(repr(s) for s in own)} (the cut on the plotted quantity)."
    )
    spec = spec.model_copy(update={"histograms": [histogram]})
    return Reading(spec, None, [note, *plan.notes], list(plan.defaults), [plan])


# --- object counts -------------------------------------------------------------------------

_NUMBER_WORDS = {"no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6}  # fmt: skip
_N = r"(?:\d+|no|zero|one|two|three|four|five|six)"
_COUNTED = (
    r"(?:b-?tagged\s+jets?|b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?|"
    r"(?:ak4\s+)?jets?)"
)
_QUALIFIER = r"(?:exactly|at\s+least|at\s+most|only|>=|<=|==)"
_WITH = r"(?:with|having|containing|that\s+have|which\s+have)"
#: "for events with 1 jet and for events with 2 jets", "in events with one jet and with two
#: jets", "events with 0, 1 and 2 jets" is not read (three values: asked by the parser's check)
_COUNT_PAIR = re.compile(
    rf"(?P<prep>\b(?:once\s+)?(?:in|for|from)\s+)?(?:the\s+|all\s+)?events?\s+{_WITH}\s+"
    rf"(?:(?P<q1>{_QUALIFIER})\s*)?(?P<n1>{_N})(?:\s+(?P<o1>{_COUNTED}))?\s*(?:,\s*)?"
    rf"(?:and|&|vs\.?|versus|compared\s+(?:to|with)|separately\s+from"
    # "compare ... in events with one muon to events with two muons" ("2 to 4 jets": a range)
    rf"|to(?=\s+(?:the\s+)?(?:those|events?)\b))\s+"
    rf"(?:(?:also\s+|once\s+)?(?:in|for|from|to|with)\s+)?(?:(?:the\s+)?(?:those|events?|ones)\s+)?"
    rf"(?:{_WITH}\s+)?(?:(?P<q2>{_QUALIFIER})\s*)?(?P<n2>{_N})\s+(?P<o2>{_COUNTED})\b"
    r"(?:\s*,?\s*(?:separately|respectively|each))?",
    re.IGNORECASE,
)
#: "in 1-jet and 2-jet events", "for the 0-jet and 1-jet categories"
_COUNT_BINS = re.compile(
    rf"(?P<prep>\b(?:in|for|from)\s+)?(?:the\s+)?(?P<n1>{_N})[- ](?P<o1>{_COUNTED})"
    rf"\s*(?:,\s*)?(?:and|&|vs\.?|versus)\s+(?:(?:the\s+|in\s+|for\s+)?)(?P<n2>{_N})[- ]"
    rf"(?P<o2>{_COUNTED})\s+(?:events|bins|categories|regions|final\s+states|samples|selections)"
    r"\b",
    re.IGNORECASE,
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _singular(word: str) -> str:
    return re.sub(r"s$", "", re.sub(r"\s+", " ", word.strip().lower()))


def _objects_said(n: int, singular: str) -> str:
    return singular if n == 1 else singular + "s"


def _count_clause(qualifier: str | None, n: int, singular: str) -> str:
    """ "events with exactly 2 jets": a bare number beside another count is exactly that many
    (``qualifier`` None), a stated one ("at least 2 jets") is kept."""
    if n == 0:
        return f"in events with no {singular}s"
    words = re.sub(r"\s+", " ", qualifier.lower()) if qualifier else "exactly"
    aliases = {"only": "exactly", ">=": "at least", "<=": "at most", "==": "exactly"}
    words = aliases.get(words, words)
    return f"in events with {words} {n} {_objects_said(n, singular)}"


def _counts(text: str, m: re.Match[str], plan_one: PlanOne) -> Reading | None:
    singular = _singular(m.group("o2"))
    if m.group("o1") and _singular(m.group("o1")) != singular:
        return None  # "events with 2 muons and 2 jets": one selection of two objects
    n1, n2 = _number(m.group("n1")), _number(m.group("n2"))
    if n1 == n2:  # "one and only one muon": one selection
        return None
    groups = m.groupdict()
    bounds = [re.sub(r"\s+", " ", (groups.get(q) or "").lower()) for q in ("q1", "q2")]
    lower, upper = {"at least", ">="}, {"at most", "<="}
    joined = m.group(0)[m.end("n1") - m.start() :]
    if (
        (bounds[0] in lower and bounds[1] in upper and n1 < n2)
        or (bounds[0] in upper and bounds[1] in lower and n2 < n1)
    ) and not re.search(r"\b(?:vs\.?|versus|compared|separately|for|in|from)\b", joined, re.I):
        # "events with at least 2 jets and at most 4 jets": a lower and an upper bound of one
        # count, one selection (2 <= n <= 4), not two histograms
        return None
    groups = m.groupdict()
    clauses = [
        _count_clause(groups.get("q1"), n1, singular),
        _count_clause(groups.get("q2"), n2, singular),
    ]
    head, tail = text[: m.start()], text[m.end() :]
    requests = [_join(head, clause, tail) for clause in clauses]
    said = m.group(0).strip()
    tags = [f"{n}{re.sub(r'[^a-z]', '', singular)}" for n in (n1, n2)]
    ask = (
        f"I read '{said}' as one histogram per selection ({clauses[0].removeprefix('in ')}; "
        f"{clauses[1].removeprefix('in ')}), but could not plan {{what}}. Could you ask for "
        "them one at a time, e.g. 'the leading jet pT in events with exactly 2 jets'?"
    )
    return _planned(
        requests, plan_one, lambda plans: _combine_counts(plans, requests, tags, said, ask)
    )


def _combine_counts(
    plans: list[Any], requests: list[str], tags: list[str], said: str, ask: str
) -> Reading:
    from chathep.planner.multiplot import MergeError, merge_specs

    for request, plan in zip(requests, plans, strict=True):
        if not _ok(plan):
            return Reading(question=ask.replace("{what}", f"'{request}'{_why(plan)}"))
        if len(plan.spec.histograms) != 1:
            return Reading(question=ask.replace("{what}", f"'{request}' as one histogram"))
    a, b = (p.spec for p in plans)
    ha, hb = a.histograms[0], b.histograms[0]
    if not (
        _same_quantity(a.observable(ha.observable), b.observable(hb.observable))
        and a.objects == b.objects
        and a.selection != b.selection
    ):
        return Reading(
            question=ask.replace("{what}", "them as the same quantity under two selections")
        )
    renamed = [
        spec.histograms[0].model_copy(update={"name": f"{spec.histograms[0].name}_{tag}"})
        for spec, tag in zip((a, b), tags, strict=True)
    ]
    specs = [
        spec.model_copy(update={"histograms": [h]}) for spec, h in zip((a, b), renamed, strict=True)
    ]
    try:
        merged, _ = merge_specs(specs)
    except (MergeError, ValueError) as exc:
        return Reading(question=ask.replace("{what}", f"both in one analysis ({exc})"))
    names = [h.name for h in merged.histograms]
    note = (
        f"Read '{said}' as one histogram per selection, each with its own events: "
        + "; ".join(f"'{n}' ({r})" for n, r in zip(names, requests, strict=True))
        + ". A number of objects named beside another is read as exactly that many (say 'at "
        "least' for at least)."
    )
    return Reading(merged, None, [note, *_notes(plans)], _defaults(plans), plans)


# --- like and unlike charge ------------------------------------------------------------------

_LIKE = r"(?:like|same)(?:[- ]?(?:sign|charged?))?"
_UNLIKE = r"(?:unlike|opposite)(?:[- ]?(?:sign|charged?))?"
#: "separately for like and unlike charge", "for same-sign and opposite-sign pairs separately",
#: "opposite-sign vs same-sign dimuons": one histogram per charge combination of the pair
_CHARGE_SPLIT = re.compile(
    rf"(?:\b(?:separately|split)\s+)?(?:\b(?:for|in|with|of|by|into)\s+(?:the\s+|both\s+)?)?"
    rf"\b(?P<a>{_LIKE}|{_UNLIKE})\s+(?P<join>and|&|vs\.?|versus)\s+(?P<b>{_LIKE}|{_UNLIKE})"
    r"(?:\s+(?:charges?|signs?|(?:di)?(?:muons?|electrons?|leptons?)|muon|electron|lepton))?"
    r"(?:\s+(?:pairs?|combinations?|events?))?(?:\s+separately)?(?![\w-])",
    re.IGNORECASE,
)
#: words that ask for one histogram each (not the two charges together)
_SEPARATE = re.compile(
    r"\b(?:separate(?:ly)?|split|each|vs\.?|versus|compare[ds]?|comparing|two\s+histograms"
    r"|one\s+(?:histogram|plot)\s+(?:for\s+)?each)\b",
    re.IGNORECASE,
)


def _charges(text: str, m: re.Match[str], plan_one: PlanOne) -> Reading | None:
    """ "the invariant mass of the two leading muons separately for like and unlike charge":
    the request once with a same-charge pair and once with an opposite-charge pair, one
    histogram each under its own selection (said). Asked when a part does not plan a pair of
    that charge."""
    kinds = ["same" if re.match(r"(?:like|same)", m.group(g), re.I) else "opposite"
             for g in ("a", "b")]  # fmt: skip
    if sorted(kinds) != ["opposite", "same"] or not _SEPARATE.search(text):
        return None
    said = m.group(0).strip()
    head, tail = text[: m.start()], text[m.end() :]
    requests = [
        re.sub(r"\s+([,;])", r"\1", _join(head, f"with {kind} charge", tail)).rstrip(" .;:")
        for kind in kinds
    ]
    ask = (
        f"I read '{said}' as one histogram per charge combination (same-sign and opposite-sign "
        "pairs), but could not plan {what}. Could you ask for them one at a time, e.g. 'the "
        "dimuon mass of same-sign muons' and then 'of opposite-sign muons'?"
    )
    return _planned(
        requests, plan_one, lambda plans: _combine_charges(plans, kinds, requests, said, ask)
    )


def _suffixed(spec: AnalysisSpec, suffix: str) -> AnalysisSpec:
    """The spec with its combinations, observables and histograms named ``<name>_<suffix>``
    (every reference to them too), so that two parts can share one analysis."""
    names = {c.name: f"{c.name}_{suffix}" for c in spec.combinations}
    names |= {o.name: f"{o.name}_{suffix}" for o in spec.observables}
    refs = ("of", "other", "left", "right", "exclude", "count", "observable", "inputs")
    data = spec.model_dump()

    def rename(value: Any) -> Any:
        if isinstance(value, list):
            return [names.get(v, v) if isinstance(v, str) else v for v in value]
        return names.get(value, value) if isinstance(value, str) else value

    for key in ("combinations", "observables", "selection", "histograms"):
        for item in data[key]:
            for ref in refs:
                if ref in item:
                    item[ref] = rename(item[ref])
            if key != "selection":
                item["name"] = names.get(item["name"], f"{item['name']}_{suffix}")
    return AnalysisSpec.model_validate(data)


def _combine_charges(
    plans: list[Any], kinds: list[str], requests: list[str], said: str, ask: str
) -> Reading:
    from chathep.planner.multiplot import MergeError, merge_specs

    specs = []
    for kind, request, plan in zip(kinds, requests, plans, strict=True):
        if not _ok(plan):
            return Reading(question=ask.replace("{what}", f"'{request}'{_why(plan)}"))
        spec = plan.spec
        plotted = {spec.observable(h.observable).of for h in spec.histograms}
        pairs = [c for c in spec.combinations if c.name in plotted]
        if len(spec.histograms) != 1 or len(pairs) != 1 or pairs[0].size != 2:
            return Reading(question=ask.replace("{what}", f"'{request}' as one pair's plot"))
        if pairs[0].charge != kind or len(spec.combinations) != 1:
            return Reading(question=ask.replace("{what}", f"'{request}' as a {kind}-charge pair"))
        specs.append(_suffixed(spec, "ss" if kind == "same" else "os"))
    try:
        merged, merge_said = merge_specs(specs)
    except MergeError as err:
        return Reading(question=ask.replace("{what}", f"both in one analysis ({err})"))
    names = [h.name for h in merged.histograms]
    note = (
        f"Read '{said}' as one histogram per charge combination of the pair, each with its own "
        "selection: "
        + "; ".join(f"'{n}' ({r})" for n, r in zip(names, requests, strict=True))
        + "."
    )
    return Reading(merged, None, [note, *merge_said, *_notes(plans)], _defaults(plans), plans)


# --- entry -----------------------------------------------------------------------------------


def read_regions(
    text: str,
    plan_one: PlanOne,
    panels: Callable[[str, PlanOne], Reading | None] | None = None,
    per_count: Callable[[str, PlanOne], Reading | None] | None = None,
) -> Reading | None:
    """The request as histograms under selections of their own, a question when it asks for
    such histograms in a way not read exactly, or None when it does not ask for them.

    ``plan_one`` plans one plain request (a plot under one selection) into a plan with
    ``ok``, ``spec``, ``question``, ``unplaced``, ``notes`` and ``defaults``. ``panels``
    (:func:`chathep.planner.panels.read_panels`) reads captions of several panels with their
    selections spelled out, before region words are asked about. ``per_count``
    (:func:`chathep.planner.count_words.read_per_count`) reads one histogram per object count
    ("the MET separately for 0, 1 and 2 jets").
    """
    words = text.replace("μ", "mu").replace("\u2212", "-")
    m = _BEFORE_AFTER.search(words)
    if m:
        return _before_after(words, m, plan_one)
    m = _NMINUS1.search(words)
    if m:
        return _nminus1(words, m, plan_one)
    counted = per_count(words, plan_one) if per_count else None  # "separately for 0, 1 and 2 jets"
    if counted is not None:
        return counted
    m = _CHARGE_SPLIT.search(words)
    if m:  # "separately for like and unlike charge"
        reading = _charges(words, m, plan_one)
        if reading is not None:
            return reading
    for pattern in (_COUNT_PAIR, _COUNT_BINS):
        m = pattern.search(words)
        if m:
            reading = _counts(words, m, plan_one)
            if reading is not None:
                return reading
    for pattern, masses in ((_MASS_PAIR, True), (_CHANNELS, False)):
        m = pattern.search(words)
        if m and not _TOGETHER.search(words):
            reading = _channels(words, m, plan_one, masses)
            if reading is not None:
                return reading
    if panels is not None:  # panels of one quantity, each selection given (planner.panels)
        reading = panels(words, plan_one)
        if reading is not None:
            return reading
    found = _REGION_WORDS.findall(_GAP.sub(" ", words))
    if found and (_TWO_PANELS.search(words) or re.search(r"\b(?:and|vs\.?|versus)\b", words)):
        regions = sorted({w.lower() for w in found})
        if len(regions) >= 2 or "channels" in regions or _TWO_PANELS.search(words):
            return Reading(
                question=(
                    f"You ask for histograms in different selections ({', '.join(regions)}), "
                    "which I cannot define from these words alone, and I will not merge them "
                    "into one histogram. Could you give each selection as a requirement, e.g. "
                    "'before and after requiring two b-tagged jets', 'the dimuon mass in the "
                    "ee and mumu channels' or one request per region ('... with both muons "
                    "|eta| < 1.1')?"
                )
            )
    return None
