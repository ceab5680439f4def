"""NanoAOD branch names written as requirements (session 15): "the electron pT with
Electron_mvaFall17V2Iso_WP80", "the muon pT for muons passing Muon_tightId".

A ``Collection_field`` name right after a requirement word ("with", "passing", "requiring",
"that pass") is a requirement on that collection's objects, not the plotted quantity (the
rules plot a branch named alone: "plot Muon_dxy"). When the request names those objects, the
collection prefix is stripped and the field is written as the rules read a requirement
(:func:`branch_requirement`, a rewrite of :mod:`chathep.planner.stated`, said in the plan): the
loose / medium / tight ID flags and the electron MVA working points by their names, any other
flag as ``field == 1``. A field the collection does not have, a field with no value to cut
at, or a branch of objects the request does not name is asked (:func:`branch_question`).
"""

from __future__ import annotations

import chathep.regex as re
from chathep.planner import working_points as wp
from chathep.registry import fields as nanoaod
from chathep.registry.objects import KIND_OF_SOURCE

#: the words that make a branch name a requirement on its objects
_REQUIRING = (
    r"(?:with|passing|pass|passes|requiring|require|satisfying|having|that\s+pass(?:es)?|"
    r"which\s+pass(?:es)?)"
)
_BRANCH = re.compile(
    rf"\b(?P<req>{_REQUIRING})\s+(?:the\s+)?(?P<coll>Muon|Electron|Jet|Photon|Tau)_"
    r"(?P<field>[A-Za-z][A-Za-z0-9_]*)\b(?!\s*(?:[=!<>]=?|<|>)\s*-?\d)(?!\s*(?:flag|branch)?\s*=)",
    re.IGNORECASE,
)
#: the words of each collection's objects in a request (besides the branch name itself)
_OBJECT_WORDS = {
    "Muon": r"\b(?:di-?)?muons?\b|\bmu\b",
    "Electron": r"\b(?:di-?)?electrons?\b|\bele\b",
    "Jet": r"\b(?:di-?|b-?)?jets?\b",
    "Photon": r"\b(?:di-?)?photons?\b",
    "Tau": r"\b(?:di-?)?taus?\b",
}
#: flags the rules read by their bare name (the ID words; the electron MVA working points)
_ID_FLAGS = re.compile(r"(?:loose|medium|tight)Id", re.IGNORECASE)


def _names_objects(text: str, coll: str, m: re.Match[str]) -> bool:
    rest = text[: m.start("coll")] + " " + text[m.end("field") :]
    return re.search(_OBJECT_WORDS[coll], rest, re.IGNORECASE) is not None


def _as_requirement(coll: str, field: str) -> str | None:
    """The words the rules read as the requirement ``field`` on ``coll``; None: not a flag."""
    name = nanoaod.field_name(coll, field)
    if name is None:
        return None
    if _ID_FLAGS.fullmatch(name) or (coll == "Electron" and wp.MVA_WP.fullmatch(name)):
        return name
    if nanoaod.types(coll).get(name.lower()) == "bool":
        return f"{name} == 1"
    return None


def branch_requirement(text: str, notes: list[str]) -> str:
    """ "the electron pT with Electron_mvaFall17V2Iso_WP80": the requirement mvaFall17V2Iso_WP80
    on the electrons (the prefix matches the electrons named), said."""
    for m in reversed(list(_BRANCH.finditer(text))):
        coll, field = m.group("coll").capitalize(), m.group("field")
        words = _as_requirement(coll, field)
        if words is None or not _names_objects(text, coll, m):
            continue  # asked by branch_question
        kind = KIND_OF_SOURCE[coll]
        notes.append(
            f"'{coll}_{field}' read as a requirement on the {kind}s: NanoAOD {coll}_"
            f"{nanoaod.field_name(coll, field)}{' == true' if words.endswith('== 1') else ''} "
            f"(the {coll}_ prefix names the {kind}s of the request)."
        )
        text = f"{text[: m.start('coll')]}{words}{text[m.end('field') :]}"
    return text


def branch_question(text: str) -> str | None:
    """A branch name as a requirement that cannot be read exactly: asked, saying why."""
    for m in _BRANCH.finditer(text):
        coll, field = m.group("coll").capitalize(), m.group("field")
        said = f"{coll}_{field}"
        kind = KIND_OF_SOURCE[coll]
        name = nanoaod.field_name(coll, field)
        if name is None:
            return (
                f"'{said}' is not a branch of the NanoAOD {coll} collection that I know, so I "
                f"cannot require it. Which {kind} requirement did you mean (e.g. '{kind}s with "
                "pT > 25 GeV', or a branch name with a value: "
                f"'{coll}_{_example(coll)}')?"
            )
        if _as_requirement(coll, field) is None:
            return (
                f"'{said}' is a value, not a pass/fail flag: which cut on it did you mean? "
                f"Give it with a number, e.g. '{said} < ...' or '{said} >= ...'."
            )
        if not _names_objects(text, coll, m):
            return (
                f"'{said}' is a requirement on {kind}s, but the request names no {kind}s (the "
                f"other objects have no such branch). Should the events have {kind}s passing "
                f"it (say e.g. 'in events with at least one {kind} passing {name}'), or did you "
                "mean a requirement of the plotted objects?"
            )
    return None


def _example(coll: str) -> str:
    return {"Muon": "pfRelIso04_all < 0.15", "Electron": "cutBased >= 3", "Jet": "jetId >= 6"}.get(
        coll, "pt > 20"
    )
