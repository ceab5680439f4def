"""Per-event reductions over a collection and the system of all its objects.

"the maximum |eta| of the jets in each event", "the average jet pT per event": one value per
event from a field over the event's objects (spec ``Observable(kind="reduce")``); "the sum of
the pT of the two leading jets": the scalar pT sum of the first N objects (kind reduce, sum,
``first``); "the invariant mass of all jets in the event": a field of the four-vector sum of
every selected object (kind system).

The parser reads the field and the object as for any quantity ("|eta| of the jets"); this
module finds the reduction words (:func:`find`) and checks that the draft holds exactly that
reading (:func:`fits`), then :mod:`chathep.planner.build` makes the observable, its axis and the
sentences of the plan (:func:`observable`, :func:`axis`). Anything it cannot read with
certainty is left unplaced (the parser then asks) or asked here.
"""

from __future__ import annotations

from dataclasses import dataclass

import chathep.regex as re
from chathep.planner.draft import Draft
from chathep.spec import Observable

#: the words of each per-event reduction (the sum is read from "ht of the N leading")
_HOW = {
    "max": r"maximum|max|largest|highest|biggest|greatest|maximal",
    "min": r"minimum|min|smallest|lowest|minimal",
    "mean": r"average|mean",
}
#: the rank words of the objects of a two-object system (0 = the leading)
RANK_WORDS = ("leading", "second", "third", "fourth", "fifth", "sixth")
#: draft quantities a reduction or a system takes, as the field of the objects
REDUCIBLE = ("pt", "eta", "phi", "mass", "rapidity", "p", "energy")
SYSTEM_QUANTITIES = ("mass", "pt", "eta", "phi")
_FIELD = r"\|?\s*(?:pt|eta|phi|mass|rapidity|energy|p)\s*\|?"
_OBJECT = r"(?:b-?jet|jet|muon|electron|lepton|photon|tau)s?"
_PLURAL = r"(?:b-?jets|jets|muons|electrons|leptons|photons|taus)"
#: "in each event", "per event": the words that say it is one value per event
_EVENT = (
    r"(?:\s+(?:in|of|for)\s+(?:each|every|the|an?)\s+event|\s+per\s+event|\s+event[- ]by[- ]event)"
)
#: a number after the phrase makes it a cut ("maximum jet |eta| of 2.4"), not a plot
_CUT_AFTER = r"\s*(?:of|is|=|<|>|at|:|below|above|under|over)?\s*[<>=]?\s*-?\d"


@dataclass
class Reading:
    """What the words say: the reduction (or system), its span and the words to mask."""

    how: str  # max/min/mean/sum or "system"
    first: int | None
    spans: list[tuple[int, int]]
    words: str


def find(text: str) -> list[Reading]:
    """The reductions the (normalised) request text names, in order."""
    found: list[Reading] = []
    for how, words in _HOW.items():
        patterns = (
            # "the maximum |eta| of the jets (in each event)", "the mean pt of all muons"
            rf"\b(?P<how>{words})\s+{_FIELD}\s+(?:of|among|over|across)\s+"
            rf"(?:the\s+|all\s+|any\s+|selected\s+)*{_OBJECT}(?P<ev>{_EVENT})?",
            # "the largest jet eta", "the minimum muon pt per event"
            rf"\b(?P<how>{words})\s+{_OBJECT}\s+{_FIELD}(?P<ev>{_EVENT})?",
        )
        for pattern in patterns:
            for m in re.finditer(pattern, text):
                if re.match(_CUT_AFTER, text[m.end() :]):
                    continue
                spans = [m.span("how")] + ([m.span("ev")] if m.group("ev") else [])
                found.append(Reading(how, None, spans, m.group(0).strip()))
    # "the maximum |eta| of the 2 leading jets": over the first N objects only
    for how, words in _HOW.items():
        for m in re.finditer(
            rf"\b(?P<how>{words})\s+{_FIELD}\s+(?:of|among)\s+(?:the\s+)?"
            rf"(?P<lead>\d+\s+leading|leading\s+\d+)\s+{_PLURAL}(?P<ev>{_EVENT})?",
            text,
        ):
            if re.match(_CUT_AFTER, text[m.end() :]):
                continue
            n = int(re.findall(r"\d+", m.group("lead"))[0])
            spans = [m.span("how"), m.span("lead")] + ([m.span("ev")] if m.group("ev") else [])
            found.append(Reading(how, n, spans, m.group(0).strip()))
    # "the ht of the 2 leading jets" (normalised "the sum of the pT of the two leading jets")
    for m in re.finditer(
        rf"\bht\s+of\s+(?:the\s+)?(?P<lead>\d+\s+leading|leading\s+\d+)\s+{_PLURAL}"
        rf"(?P<ev>{_EVENT})?",
        text,
    ):
        n = int(re.findall(r"\d+", m.group("lead"))[0])
        spans = [m.span("lead")] + ([m.span("ev")] if m.group("ev") else [])
        found.append(Reading("sum", n, spans, m.group(0).strip()))
    # "the mass of all jets", "the mass of the system of all selected muons", "the pt of the
    # sum of all jets" (four-momenta words are removed by the normalisation)
    for m in re.finditer(
        rf"\b(?P<q>mass|pt|eta|phi)\s+of\s+(?:the\s+)?(?P<sys>(?:(?:full\s+|whole\s+)?system|"
        rf"(?:total\s+)?sum)\s+of\s+)?(?:all|every)\s+(?:the\s+)?(?:selected\s+)?{_PLURAL}'?"
        rf"(?P<ev>{_EVENT})?",
        text,
    ):
        if m.group("q") != "mass" and not m.group("sys"):
            continue  # "the pT of all jets": each jet's pT, not a system
        spans = [m.span("sys")] if m.group("sys") else []
        spans += [m.span("ev")] if m.group("ev") else []
        found.append(Reading("system", None, spans, m.group(0).strip()))
    return found


def fits(reading: Reading, draft: Draft) -> bool:
    """The draft holds exactly this reading: the field (or HT) of one plain collection, no
    pair (a "mass of all leptons" read as pairs stays a system only for the plain pair reading),
    no leading object, no second quantity. Otherwise the words stay unplaced and are asked
    about (the parser's leftovers; :func:`chathep.planner.silent.system_of_all`)."""
    quantities = SYSTEM_QUANTITIES if reading.how == "system" else REDUCIBLE
    if reading.how == "sum":
        quantities = ("ht",)
    return not (
        draft.quantity not in quantities
        or draft.object is None
        or draft.index is not None
        or draft.other
        or draft.also
        or draft.reduce
        or draft.zz
        or draft.not_in_pair
        or draft.all_pairs
        or draft.max_mass
        or draft.max_pt
        or draft.z_candidate
        or draft.target_mass
        or (draft.pair and (reading.how != "system" or draft.size not in (None, 2)))
    )


def observable(draft: Draft, of: str, word: str, defaults: list[str]) -> Observable:
    """The spec's observable of the draft's reduction, with its defaults stated."""
    if draft.system and draft.other_index is not None:  # "the mass of the leading and third jets"
        field, first, second = str(draft.quantity), draft.index or 0, draft.other_index
        charge = "; any charges" if draft.object in ("muon", "electron", "tau") else ""
        defaults.append(
            f"{field} of the {RANK_WORDS[first]} and {RANK_WORDS[second]} {word[:-1]}: the "
            f"four-vector sum of {of}[{first}] and {of}[{second}] (0 = the leading{charge}); "
            f"an event with fewer than {second + 1} selected {word} has no entry"
        )
        return Observable(
            name=f"{field}_{of}{first}_{of}{second}", kind="system", of=of, field=field,
            index=first, other_index=second,
        )  # fmt: skip
    if draft.system:
        field = str(draft.quantity)
        defaults.append(
            f"{field} of the system of the {word}: the four-vector sum of every {word[:-1]} of "
            f"'{of}' in the event (float64; no entry in an event without any)"
        )
        return Observable(name=f"system_{of}_{field}", kind="system", of=of, field=field)
    if draft.first_n is not None and not draft.per_event:  # the scalar pT sum of the first N
        n = draft.first_n
        defaults.append(
            f"scalar pT sum of the {n} leading {word} (by pT); an event with fewer than {n} "
            f"selected {word} has no entry"
        )
        return Observable(
            name=f"ht_{of}_lead{n}", kind="reduce", of=of, field="pt", reduce="sum", first=n
        )
    how = str(draft.per_event)
    field = str(draft.quantity)
    absolute = bool(draft.absolute) and field in ("eta", "rapidity")
    shown = f"|{field}|" if absolute else field
    word_how = {"max": "maximum", "min": "minimum", "mean": "mean"}[how]
    name = f"{how}_{'abs_' if absolute else ''}{field}_{of}"
    if draft.first_n is not None:  # "the maximum |eta| of the 2 leading jets"
        n = draft.first_n
        defaults.append(
            f"{word_how} {shown} of the {n} leading {word} (by pT) in each event: one entry "
            f"per event; an event with fewer than {n} selected {word} has no entry"
        )
        return Observable(
            name=f"{name}_lead{n}", kind="reduce", of=of, field=field, reduce=how,
            abs=absolute, first=n,
        )  # fmt: skip
    defaults.append(
        f"{word_how} {shown} over all selected {word} in each event: one entry per event; "
        f"no entry in an event without {word}"
    )
    return Observable(name=name, kind="reduce", of=of, field=field, reduce=how, abs=absolute)


def axis(
    draft: Draft, label: str, bins: int, start: float, stop: float, symbol: str = ""
) -> tuple[str, int, float, float]:
    """The axis of the draft's reduction from the quantity's own (label, bins, range;
    ``symbol``: the objects' in the label, e.g. j)."""
    if draft.system:
        if draft.other_index is not None and symbol:  # two ranked objects: m_{j1 j3}
            legs = "".join(f"{symbol}_{{{i + 1}}}" for i in (draft.index or 0, draft.other_index))
            label = label.replace(f"{{{symbol}}}", f"{{{legs}}}", 1)
        else:
            label = f"System {label}"
        if draft.quantity == "mass":  # the mass of many objects: up to a TeV for jets
            wide = draft.object in ("jet", "bjet")
            return label, 50 if wide else 30, 0.0, 1000.0 if wide else 300.0
        if draft.quantity == "eta":  # a sum of momenta points further forward
            return label, 25, -5.0, 5.0
        return label, bins, start, stop
    if draft.first_n is not None and not draft.per_event:
        return rf"$H_{{T}}$ ({draft.first_n} leading)", bins, start, stop
    word = {"max": "Maximum", "min": "Minimum", "mean": "Mean"}[str(draft.per_event)]
    if draft.first_n is not None:
        return f"{word} {label} ({draft.first_n} leading)", bins, start, stop
    return f"{word} {label}", bins, start, stop


def title(draft: Draft, quantity: str, word: str) -> str:
    """The plot title's quantity: "Maximum jet |eta| per event", "Mass of all muons"."""
    if draft.system and draft.other_index is not None:
        ranks = f"{RANK_WORDS[draft.index or 0]} and {RANK_WORDS[draft.other_index]}"
        return f"{quantity[0].upper()}{quantity[1:]} of the {ranks} {word}"
    if draft.system:
        return f"{quantity[0].upper()}{quantity[1:]} of the system of all {word}"
    if draft.first_n is not None and not draft.per_event:
        return f"Scalar pT sum of the {draft.first_n} leading {word}"
    how = {"max": "Maximum", "min": "Minimum", "mean": "Mean"}[str(draft.per_event)]
    if draft.first_n is not None:
        return f"{how} {quantity} of the {draft.first_n} leading {word}"
    return f"{how} {word.rstrip('s')} {quantity} per event"


def is_reduction(draft: Draft) -> bool:
    return bool(draft.per_event or draft.system or draft.first_n) and not met_angle(draft)


def met_angle(draft: Draft) -> bool:
    """ "the minimum delta phi between the MET and the 4 leading jets": the smallest |delta phi|
    to the MET over the (first N) objects, an angle (built with the other angles to the MET)."""
    return draft.quantity == "delta_phi" and bool(draft.with_met) and draft.per_event is not None
