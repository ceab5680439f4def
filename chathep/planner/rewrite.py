"""A request the rules could not place, restated by the language model in the rules' terse style.

When the rules leave words of a request unplaced, the planner asks (issue #12, item 2: one
clarifying question, or with a capable model one repair round). This module is that round for
a model that declares the ``rewrite`` capability: the model restates the whole request as one
short line in the style the rules read ("leading muon pT in DY MC, muons with pT > 20 GeV, 50
bins from 0 to 200 GeV"), the rules plan that line, and the result is kept only if it passes
every check below; otherwise the original question stands. The model never writes the spec: it
only paraphrases, and the rules stay the reader and the checker.

Checks (all must hold):

- the restatement plans with no question and no unplaced or unused word;
- it holds the same numbers as the request (none dropped, none added);
- it says again every content word the rules could not place ("window" of "a mass window
  around the J/psi mass": no restatement may leave it out and plan the rest);
- it keeps every *sensitive* word class of the request and adds none (:data:`SENSITIVE`: a
  working point, "every/all", a negation or veto, unit area, log scale, a charge, "exactly",
  a rank, b-tagging, isolation, generator level);
- whatever the rules read with certainty in the request itself is read the same way, and no
  sample or era is named that the request did not name.

A kept restatement is always shown to the user, with the words the rules could not place.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import chathep.regex as re
from chathep.planner import lexicon as lx
from chathep.planner.draft import get_path

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

    from chathep.planner.planner import Plan

log = logging.getLogger(__name__)

SYSTEM = (
    "You restate a particle physicist's request for a histogram as one short line in a fixed "
    "terse style. Keep every object, quantity, number, cut, working point, sample, binning, "
    "scale and negation of the request; add nothing, drop nothing, invent no default. "
    "Style: '<quantity> of <objects> in <sample>, <objects> with <field> > <number> GeV and "
    "|eta| < <number>, at least <n> <objects>, <N> bins from <lo> to <hi> GeV'. "
    "Name a sample or data set only if the request names one. Answer with the line only."
)

#: (request, restatement): written for this module; each restatement is planned by the rules as
#: the request means it (tests/test_rewrite.py checks that)
EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "Would you mind plotting the pT of the hardest electron in the Drell-Yan simulation? "
        "Only electrons passing the tight cut-based ID with pT over 25 GeV should enter; 30 "
        "bins between 25 and 175 GeV.",
        "leading electron pT in DY MC, electrons with tight ID and pT > 25 GeV, 30 bins from 25 "
        "to 175 GeV",
    ),
    (
        "For every jet in the top-pair sample, with no requirement of any kind, I need the "
        "distribution of the pseudorapidity.",
        "eta of every jet in ttbar MC, no cuts",
    ),
    (
        "Plot the missing transverse energy in the Drell-Yan sample, but throw away any event "
        "containing a jet harder than 50 GeV.",
        "MET in DY MC, veto events with a jet with pT > 50 GeV",
    ),
    (
        "Does the dimuon invariant mass look the same in the 2018 data and the DY simulation "
        "once they are normalised to unit area? Opposite-charge muons above 20 GeV; 40 bins "
        "from 70 to 110 GeV.",
        "dimuon mass in 2018 data and DY MC, opposite-charge muons with pT > 20 GeV, normalised "
        "to unit area, 40 bins from 70 to 110 GeV",
    ),
    (
        "The second-hardest jet's pT in ttbar, requiring three or more jets with pT beyond 30 "
        "GeV, y axis logarithmic, edges at 30, 50, 80, 150 and 300 GeV.",
        "subleading jet pT in ttbar MC, at least 3 jets with pT > 30 GeV, log y, bin edges 30, "
        "50, 80, 150, 300 GeV",
    ),
    (
        r"$m_{\mu\mu}$ for $N_\mu = 2$ exactly, same-sign, $p_T^\mu > 15$ GeV, collision data",
        "dimuon mass in data, exactly 2 muons with pT > 15 GeV, same-sign",
    ),
)

#: word classes a restatement must keep (and may not add): each one changes the analysis
SENSITIVE: dict[str, str] = {
    "tight": r"\btight",
    "medium": r"\bmedium\b",
    "loose": r"\bloose",
    "every": r"\b(?:every|all)\b",
    "negation": (
        r"\b(?:no|not|none|nothing|without|veto\w*|reject\w*|drop\w*|remov\w*|exclud\w*|"
        r"discard\w*|except|thrown?|throw)\b|n't\b"
    ),
    "unit area": r"unit[\s-]+area|normali[sz]|\bshapes?\b",
    "log": r"\blog",
    "opposite": r"\bopposite|\bos\b|\bunlike",
    "same": r"\bsame[\s-]*(?:sign|charge)|\bss\b|\blike[\s-]*sign|\bequal\s+charge",
    "exactly": r"\bexactly\b|\bprecisely\b",
    "leading": r"\blead|\bhardest\b|\bhighest\b|\bfirst\b|\b1st\b",
    "subleading": r"\bsub-?lead|\bsecond\b|\b2nd\b|\btrail",
    "third": r"\bthird\b|\b3rd\b",
    "b-tag": r"\bb-?tag|\bdeepjet\b|\bdeepcsv\b|\bb[\s-]?jets?\b",
    "isolation": r"iso",  # also inside branch names: pfRelIso04_all
    "generator": r"\bgen\b|\bgenerat|\btruth\b",
}

#: words that say how a number is compared or joined: restated as symbols ("above" as ">")
COMPARISON: frozenset[str] = frozenset(
    [
        "above", "over", "below", "under", "greater", "less", "more", "than", "exceeding",
        "exceeds", "exceed", "larger", "smaller", "bigger", "higher", "lower", "within", "least",
        "most", "between", "beyond", "to", "from", "or", "is", "are", "be", "needs", "need",
        "has", "have",
    ]
)  # fmt: skip

#: one spelling per word a restatement may use instead ("the hardest muon": "leading muon")
CANONICAL: dict[str, str] = {
    "hardest": "leading", "highest": "leading", "first": "leading", "lead": "leading",
    "second": "subleading", "trailing": "subleading", "drell-yan": "dy", "drell": "dy",
    "yan": "dy", "simulation": "mc", "simulated": "mc", "monte": "mc", "carlo": "mc",
    "top-pair": "ttbar", "tt": "ttbar",
}  # fmt: skip

#: draft fields the restatement may not fill when the request did not: the samples and era
UNCHANGED: tuple[str, ...] = ("samples", "era", "lumi_pb")

_NUMBER = re.compile(r"(?<![a-z_\d.])\d+(?:\.\d+)?(?:e-?\d+)?(?![a-z_\d])")

#: plans a restatement with the rules alone (the planner's ``plan_request`` in parser mode)
Planner = Callable[[str], "Plan"]


def numbers(text: str) -> set[float]:
    """The numbers of a request, after number words and notations are spelled as digits."""
    return {round(float(n), 6) for n in _NUMBER.findall(lx.normalise(text))}


def sensitive(text: str) -> set[str]:
    """The :data:`SENSITIVE` word classes a request uses."""
    said = lx.normalise(text)
    return {name for name, pattern in SENSITIVE.items() if re.search(pattern, said)}


def _words(text: str) -> list[str]:
    return [CANONICAL.get(w, w) for w in re.findall(r"[a-z][a-z0-9_+-]*", lx.normalise(text))]


def unplaced_words(unplaced: list[str]) -> set[str]:
    """The content words of what the rules could not place (annotations, filler, comparison
    words and numbers left out): a restatement must say each of them again."""
    from chathep.planner.coverage import FILLER

    words: set[str] = set()
    for item in unplaced:
        said = re.sub(r"\([^()]*\)", " ", item)  # "(either one?)", "(in "...")"
        words |= {w for w in _words(said) if len(w) > 1 and w not in FILLER | COMPARISON}
    return words


def dropped_words(unplaced: list[str], line: str) -> list[str]:
    """Words the rules could not place that the restatement does not say again (a word counts
    as said when one of the restatement's words starts with its first four letters)."""
    said = {w[:4] for w in _words(line)}
    return sorted(w for w in unplaced_words(unplaced) if w[:4] not in said)


def messages(text: str) -> list[tuple[str, str]]:
    """The chat: the fixed system prompt and examples first (llama.cpp reuses them), then the
    request."""
    chat = [("system", SYSTEM)]
    for request, line in EXAMPLES:
        chat += [("human", request), ("ai", line)]
    return [*chat, ("human", text)]


def ask_model(model: BaseChatModel, text: str) -> str:
    """The model's one-line restatement of ``text`` (its first line, stripped)."""
    answer = model.invoke(messages(text))
    content = answer.content if isinstance(answer.content, str) else str(answer.content)
    lines = [line.strip() for line in content.strip().splitlines() if line.strip()]
    return lines[0].strip("`'\" ") if lines else ""


def problems(request: Plan, line: str, restated: Plan) -> list[str]:
    """Why the restatement ``line`` (planned as ``restated``) is not the request (empty: it is)."""
    found: list[str] = []
    if not line:
        return ["no restatement"]
    if not restated.ok or restated.unplaced:
        found.append("the rules cannot plan the restatement either")
    if any(note.startswith("Not used") for note in restated.notes):
        found.append("the restatement has words the rules did not use")
    if (lost := numbers(request.request) - numbers(line)) or numbers(line) - numbers(
        request.request
    ):
        found.append(f"numbers differ (dropped {sorted(lost)})")
    if lost_words := dropped_words(request.unplaced, line):
        found.append(f"words the rules could not place are not said again: {lost_words}")
    if (wanted := sensitive(request.request)) != (kept := sensitive(line)):
        found.append(f"word classes differ: {sorted(wanted ^ kept)}")
    for path in UNCHANGED:  # never chosen by the model: "in data" added to a request naming none
        if path not in request.explicit and getattr(restated.draft, path) != getattr(
            request.draft, path
        ):
            found.append(f"the restatement names a {path} the request does not")
    for path in sorted(request.explicit):
        try:
            if get_path(restated.draft, path) != get_path(request.draft, path):
                found.append(f"the request's reading of {path} changed")
        except (AttributeError, KeyError, IndexError, TypeError):
            found.append(f"the request's reading of {path} is not in the restatement")
    return found


def restate(model: BaseChatModel, request: Plan, plan_rules: Planner) -> Plan | None:
    """The plan of the model's restatement of ``request`` (a question with unplaced words), with
    a note saying so; None when the model cannot help or a check fails (the question stands)."""
    try:
        line = ask_model(model, request.request)
    except Exception as exc:  # noqa: BLE001 -- a model or server failure leaves the question
        log.warning("rewrite: the model failed: %s", exc)
        return None
    restated = plan_rules(line) if line else None
    if restated is None:
        return None
    if found := problems(request, line, restated):
        log.info("rewrite: '%s' rejected: %s", line, "; ".join(found))
        return None
    quoted = ", ".join(f"'{u}'" for u in request.unplaced[:4])
    note = (
        f"Read with the language model as: '{line}'. The rules could not place {quoted} in "
        "your wording; say it that way (or rephrase) if this is not what you meant."
    )
    return dataclasses.replace(
        restated, request=request.request, notes=[*restated.notes, note], mode=request.mode
    )
