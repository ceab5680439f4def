"""Vetoes of objects, also of a list joined by "or": "veto any muon or electron with pT > 15 GeV",
"events that contain an isolated muon or electron (pT above 15 GeV) should be rejected",
"drop any event that has a muon or an electron with pT over 15 GeV", "drop any event that has a
muon" (was: read as requiring a muon, silently).

Rejecting events that have *either* object is having *neither*: every listed object gets a
count of zero (was: asked "(either one?)", as for "events with a muon or an electron", where a
count cannot say "either"). A cut written after the list, before the end of its clause, is on
every listed object (the veto of "a muon or an electron with pT > 15 GeV" vetoes both above
15 GeV), said in a note. Joined by "and" the words mean events having both: not read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import chathep.regex as re

if TYPE_CHECKING:  # pragma: no cover
    from chathep.planner.parser import Mention, RequestParser

_EVENTS_WITH = (
    r"events?\s+(?:with|containing|having|that\s+(?:has|have|contains?)"
    r"|which\s+(?:has|have|contains?))\s+"
)
#: the veto said first: "veto any", "veto events with", "drop any event that has"
VETO_BEFORE = re.compile(
    rf"\bveto(?:ing|es|ed)?\s+(?:(?:any|all|every|the)\s+)?(?:{_EVENTS_WITH})?"
    r"|\b(?:reject|drop|remov(?:e|ing)|discard|exclud(?:e|ing)|delet(?:e|ing)|skip"
    r"|throw(?:ing)?\s+(?:away|out)|get(?:ting)?\s+rid\s+of)(?:ing|s)?\s+"
    rf"(?:(?:any|all|every|the)\s+)?{_EVENTS_WITH}"
)
#: "no muons or electrons", "events with neither a muon nor an electron": of lists only (one
#: object after "no" is read by the parser's veto rules)
NO_LIST = re.compile(r"\b(?:events?\s+with\s+)?(?:no|neither)\s+(?=\S)")
#: the events named first, the veto said after the list: "events that contain ... are rejected"
EVENTS_FIRST = re.compile(rf"\b(?:(?:any|every|all)\s+)?{_EVENTS_WITH}")
VETO_AFTER = re.compile(
    r"\b(?:should\s+be|are|is|must\s+be|be|gets?|will\s+be|to\s+be)\s+(?:rejected|vetoed"
    r"|removed|discarded|dropped|excluded|thrown\s+(?:out|away))\b"
)
#: before a listed object: "an", "any", "isolated", "additional"
_ARTICLE = r"(?:(?:an?|any|one\s+or\s+more)\s+)?(?:(?:isolated|additional|extra)\s+)?"
#: between two listed objects; an "or" (or "nor", "/") must join them
_GAP = re.compile(rf"\s*(?:,|/|\bor\b|\bnor\b)\s*{_ARTICLE}")
#: words after the list that make its objects words of something else
_NOT_OBJECTS = re.compile(
    r"\s*(?:id|identification|isolation|iso|requirements?|cuts?|selections?|criteria|triggers?"
    r"|channels?|pairs?|candidates?|definitions?|corrections?|scale\s+factors?)\b"
)
#: the end of the clause a veto's cuts are read in
_CLAUSE_END = re.compile(r"[;!?]|\.(?!\d)|\bin\s+what\s+survives\b|\bthen\b")


@dataclass
class VetoList:
    start: int  # of the veto's words
    end: int  # of the last listed object
    clause_end: int  # the cuts up to here are on every listed object
    mentions: list[Mention]
    cuts: list[str]  # the cuts read on every listed object, in words


def _listed(parser: RequestParser, at: int, *, single: bool = True) -> list[Mention]:
    """The objects listed from ``at``, joined by "or" (of different kinds; one alone only if
    ``single``)."""
    text = parser.t.orig
    first = re.match(_ARTICLE, text[at:])
    start = at + (first.end() if first else 0)
    listed: list[Mention] = []
    for m in sorted(parser.mentions, key=lambda m: m.start):
        if m.start < start or m.kind == "met" or m.pair:
            continue
        if not listed:
            if m.start != start:
                return []
        elif not _GAP.fullmatch(text[listed[-1].end : m.start]):
            break
        listed.append(m)
    if (
        not listed
        or len({m.kind for m in listed}) < len(listed)
        or (len(listed) < 2 and not single)
    ):
        return []
    if _NOT_OBJECTS.match(text, listed[-1].end):  # "no muon or electron ID": a waiver
        return []
    return listed


def read(parser: RequestParser) -> list[VetoList]:
    """Each veto of a list of objects: their counts set to zero, their words masked."""
    t, found = parser.t, []
    for m in t.finditer(VETO_BEFORE.pattern):
        # one object after "veto" alone ("vetoing b-jets") is the parser's veto rules'
        listed = _listed(parser, m.end(), single=bool(re.search(r"\bevents?\b", m.group(0))))
        if listed:
            found.append((m.start(), m.end(), None, listed))
    for m in t.finditer(NO_LIST.pattern):
        listed = _listed(parser, m.end(), single=False)
        if listed and not any(f[0] <= m.start() < f[3][-1].end for f in found):
            found.append((m.start(), m.end(), None, listed))
    for m in t.finditer(EVENTS_FIRST.pattern):
        listed = _listed(parser, m.end())
        if not listed or any(f[0] <= m.start() < f[3][-1].end for f in found):
            continue
        end = _clause_end(t.orig, listed[-1].end)
        verb = VETO_AFTER.search(t.orig, listed[-1].end, end)
        if verb is None or re.search(r"\bnot\s*$", t.orig[: verb.start()]):
            continue
        found.append((m.start(), m.end(), verb, listed))
    vetoes = []
    for start, end, verb, listed in found:
        for mention in listed:
            mention.used = True
            parser.set(f"requirements.{mention.kind}.max_count", 0)
        # "veto any muon or electron with ...": "any" waived the first one's defaults (every
        # muon with those cuts is vetoed); it is said of every listed object
        first = [
            w for w in parser.waivers if w[2] == listed[0].start and start <= w[0] < listed[0].start
        ]
        for mention in listed[1:] if first else []:
            parser.waivers.append((first[0][0], first[0][1], mention.start))
        t.mask(start, end)
        for a, b in zip(listed, listed[1:], strict=False):
            t.mask(a.end, b.start)  # "or an", "/"
        if verb is not None:
            t.mask(verb.start(), verb.end())
        clause_end = verb.start() if verb is not None else _clause_end(t.orig, listed[-1].end)
        vetoes.append(VetoList(start, listed[-1].end, clause_end, listed, []))
    return vetoes


def _clause_end(text: str, at: int) -> int:
    end = _CLAUSE_END.search(text, at)
    return end.start() if end else len(text)


def spread_cut(
    parser: RequestParser, vetoes: list[VetoList], target: Mention | None, pos: int,
    requirement: str, value: float, said: str,
) -> bool:  # fmt: skip
    """A cut in a veto's clause, on one of its objects: set on every listed object, said.
    True when it was."""
    for veto in vetoes:
        if target not in veto.mentions or not veto.end <= pos < veto.clause_end:
            continue
        for kind in dict.fromkeys(m.kind for m in veto.mentions):
            parser.set(f"requirements.{kind}.{requirement}", value)
        veto.cuts.append(said)
        return True
    return False


def notes(parser: RequestParser, vetoes: list[VetoList]) -> None:
    """One note per veto: what it rejects."""
    for veto in vetoes:
        kinds = list(dict.fromkeys(m.kind for m in veto.mentions))
        words = [_WORDS.get(k, k) for k in kinds]
        each = " (each of them)" if len(kinds) > 1 else ""
        cuts = f" with {', '.join(veto.cuts)}{each}" if veto.cuts else ""
        parser.result.notes.append(
            f"Vetoed: events with {' or '.join(f'{_a(w)} {w}' for w in words)}{cuts} are "
            f"rejected, i.e. none of the {' and none of the '.join(w + 's' for w in words)}."
        )


_WORDS = {"bjet": "b-tagged jet", "fatjet": "AK8 jet"}


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"
