"""Rule-based reading of a request (no LLM): what it says explicitly, what it leaves open.

Deterministic and fast, so the common requests never wait for a model and never get a guessed
cut. Each phrase that is understood is masked out of the text, so a number is read once:
"50 bins from 0 to 250" is binning, not a cut; "with the 2018 corrections" is not an era cut.
Thresholds ("above 25 GeV", "|eta| < 2.4", "at least two") are attached to the nearest object
named before them in the same clause (else after them, else the plotted object).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import chathep.planner.count_phrases as count_phrases
import chathep.planner.lexicon as lx
import chathep.planner.samples_events as se
import chathep.planner.working_points as wp
import chathep.regex as re
from chathep.catalog import Catalog, Sample
from chathep.planner import (
    arithmetic,
    arithmetic_cuts,
    event_cuts,
    reductions,
    resonances,
    silent,
    veto_lists,
)
from chathep.planner.commentary import (
    delegated_selections,
    split_commentary,
    undefined_selections,
)
from chathep.planner.context_rewrites import z_window_range
from chathep.planner.coverage import correct_spelling, is_filler, unknown_words
from chathep.planner.draft import (
    EVENT_QUANTITIES,
    WAIVABLE,
    Draft,
    FieldCut,
    ObjectReq,
    get_path,
    set_path,
)
from chathep.registry import fields as nanoaod_fields
from chathep.registry.corrections import JEC
from chathep.registry.eras import default_era
from chathep.registry.objects import KIND_OF_SOURCE

#: Quantities between two objects: "delta R between the leading and subleading jet".
_ANGLES = ("delta_r", "delta_phi", "delta_eta", "delta_y")
#: Quantities that are a property of an object (so need one).
NEEDS_OBJECT = {
    "mass", "pt", "eta", "phi", "count", "mt", "delta_r", "delta_phi", "delta_eta", "branch",
    "rapidity", "p", "angle", "energy", "acoplanarity", "delta_y",
}  # fmt: skip
#: words between a negation and a sample name that show the negation is of something else
#: ("no cuts in ttbar"); one string split, so that the coverage check does not read these
#: words as recognised (coverage.py collects this module's strings as its recognisers)
_NOT_OF_A_SAMPLE = frozenset(
    "in on for from with of at cut cuts selection selections requirement requirements".split()  # noqa: SIM905 (one string: not a recogniser)
)
#: NanoAOD's signed impact parameters: a cut written on one is on its absolute value
_SIGNED_IMPACT = frozenset({"dxy", "dz"})

#: NanoAOD collection prefix -> object kind, for branch names typed verbatim (Muon_dxy)
COLLECTION_KINDS = KIND_OF_SOURCE
ADJECTIVES = (
    r"(?:tight|loose|medium|isolated|good|central|forward|opposite[- ]sign|same[- ]sign|"
    r"high[- ]pt|energetic|hard|prompt|additional|extra|selected|reconstructed|identified|"
    r"separate|distinct|charged|well[- ]identified|ak4|the|of|light|#+)"
)
_OBJECT_WORDS = "|".join(p for p, _, _ in lx.OBJECT_PATTERNS)

#: "events with HT between 300 and 600 GeV", "for MET from 40 to 80 GeV", "with the MHT in the
#: range 200-400 GeV": a range right after a per-event quantity named as a condition is a cut on
#: it (read by :meth:`RequestParser._binning`), never the plotted axis
#: the quantities whose range in a condition no rule reads as a cut (an angle, a rapidity, a
#: transverse mass): such a range is asked about, never taken as the plotted axis
_RANGED_ELSEWHERE_NOT = frozenset(
    {"eta", "phi", "rapidity", "delta_phi", "delta_eta", "delta_y", "acoplanarity", "mt"}
)
_COUNT_RANGE = re.compile(
    r"\b(?:with|for|where|having|requir\w*|events?|if|when|and|but)\s+(?:an?\s+|the\s+)?"
    r"(?:(?:number|multiplicity|count)\s+of\s+(?:selected\s+|reconstructed\s+)?"
    r"(muons?|electrons?|jets?|bjets?|photons?|taus?)"
    # "the jet multiplicity from 1 to 3", "the bjets multiplicity in the range 1-3"
    r"|(muon|electron|jet|bjet|photon|tau)s?\s+(?:multiplicity|count))"
    r"\s*(?:is\s+|to\s+be\s+)?(?:in\s+the\s+|in\s+)?$"
)
#: "with the number of jets <= 3", "where the jet multiplicity is more than 3", "requiring
#: the number of b-jets smaller than 4": a count compared with a number in a condition
_COUNT_OPS = {
    ">=": ">=", "=>": ">=", "at least": ">=", "no fewer than": ">=", "no less than": ">=",
    ">": ">", "more than": ">", "greater than": ">", "larger than": ">", "above": ">",
    "<=": "<=", "=<": "<=", "at most": "<=", "no more than": "<=",
    "<": "<", "fewer than": "<", "less than": "<", "smaller than": "<", "below": "<",
    "==": "==", "=": "==", "equal to": "==", "exactly": "==",
}  # fmt: skip
_COUNT_KIND = {
    f"{word}{s}": kind
    for word, kind in (
        ("muon", "muon"), ("electron", "electron"), ("jet", "jet"), ("bjet", "bjet"),
        ("photon", "photon"), ("tau", "tau"), ("lepton", "lepton"),
    )
    for s in ("", "s")
}  # fmt: skip
#: the objects of a count, in words
_KIND_NAMES = {"bjet": "b-jets", "tau": "taus"}
_MC_WORD = r"\s*(?:mc|simulation|simulated|monte\s+carlo)\b"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


#: a requirement as the user would write it, for notes ("pT > 25 GeV")
_CUT_WORDS = {
    "pt_min": "pT > {} GeV", "pt_max": "pT < {} GeV", "abs_eta_max": "|eta| < {}",
    "abs_eta_min": "|eta| > {}", "iso_max": "isolation < {}",
}  # fmt: skip
_COUNT_COMPARED = (
    r"(?P<what>(?:(?:number|multiplicity|count)\s+of\s+(?:selected\s+|reconstructed\s+)?"
    r"(?P<o1>(?:light\s+)?(?:muon|electron|jet|bjet|photon|tau|lepton)s?)"
    r"|(?P<o2>(?:muon|electron|jet|bjet|photon|tau|lepton)s?)\s+(?:multiplicity|count))"
    r"\s*(?:(?:is|be|to\s+be|must\s+be|should\s+be)\s+)?"
    r"(?P<op>>=|=>|<=|=<|==|>|<|=|at\s+least|at\s+most|no\s+(?:fewer|less|more)\s+than"
    r"|(?:more|greater|larger|fewer|less|smaller)\s+than|above|below|equal\s+to|exactly)"
    r"\s*(?P<n>\d+)(?![\w.])(?!\s*(?:gev|tev|mev)\b))"
)
_COMPARED_COUNT = re.compile(
    r"(?:\b(?:with|for|where|having|requir\w*|events?|if|when|and|but)\s+|[,;]\s*)"
    r"(?:an?\s+|the\s+)?" + _COUNT_COMPARED  # ", njets >= 4": a terse list's condition
)
#: "plot the number of jets > 2" (no unit): the plotted count, cut (a plot of its own, first)
_PLOTTED_COUNT = re.compile(
    r"^\s*(?:(?:please\s+)?(?:plot|show|draw|histogram)\s+(?:me\s+)?)?(?:the\s+)?"
    + _COUNT_COMPARED
    + r"\s*(?:[,.;]|$)"
)
#: "the number of jets > 2 GeV": with a unit, a pT cut on the counted objects
_COUNT_WITH_UNIT = re.compile(
    r"\b(?:number|multiplicity|count)\s+of\s+(?:selected\s+|reconstructed\s+)?"
    r"(?P<o>(?:muon|electron|jet|bjet|photon|tau|lepton)s?)\s*(?P<op>>=?|above|over"
    r"|(?:more|greater)\s+than)\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>gev|tev|mev)\b"
)
_EVENT_RANGE = re.compile(
    r"\b(?:with|for|where|having|requir\w*|events?|if|when|and|but)\s+(?:an?\s+|the\s+)?"
    r"(?:jets?\s+)?(ht|met|mht)\s*(?:(?:is|of|values?|to\s+be)\s+)?"
    r"(?:in\s+the\s+|in\s+|within\s+(?:the\s+)?)?$"
)

#: the words that make a clause a condition on the events
_CONDITION_WORDS = r"\b(?:with|for|where|having|whose|requir\w*|events?|if|when)\b"
_ORDINALS = (
    # (no "trailing": a word of a regex here is known to the coverage check everywhere, and
    # "the trailing muon" is asked about)
    r"(?:leading|sub-?leading|first|second|third|fourth|2nd|3rd|4th|hardest|highest[- ]pt)"
)
_KIND_WORDS = r"(?:light\s+)?(?:muon|electron|lepton|jet|bjet|photon|tau)s?"
_OBJECT_QUANTITY = (
    r"(?:pt|transverse\s+momentum|momentum|\|\s*eta\s*\||eta|absolute\s+eta|phi|rapidity"
    r"|\|\s*rapidity\s*\||mass|invariant\s+mass)"
)
#: a quantity of one ranked object ("the |eta| of the first muon", "the subleading jet pt"), or
#: between two objects ("the delta_r between the leading muon and the leading jet", "the mt of
#: the leading muon and the met"), ending right before a range or a cut ("is", "to be")
_OBJECT_QUANTITY_BEFORE = re.compile(
    rf"(?:(?<!\w){_OBJECT_QUANTITY}\s+of\s+the\s+{_ORDINALS}\s+{_KIND_WORDS}"
    rf"|\b{_ORDINALS}\s+{_KIND_WORDS}\s+{_OBJECT_QUANTITY}"
    r"|\b(?:delta_r|delta_phi|delta_eta|delta_y|mt|angle|distance|separation)\s*(?:between|of|\()\s*"
    r"[^,;]{0,60}?\band\s+(?:the\s+)?(?:met|[a-z]+(?:\s+[a-z]+)?)\s*\)?"
    r"|\b(?:delta_r|delta_phi|delta_eta|delta_y)\s*\(\s*[^,;()]{0,30},[^()]{0,30}\))"
    r"\s*(?:is\s+|to\s+be\s+|of\s+)?(?:in\s+the\s+|in\s+|within\s+(?:the\s+)?)?$"
)

#: one ranked object right before a cut of its own ("the leading jet |eta| between 1.5 and 2"):
#: not a cut on every jet
_RANKED_BEFORE = re.compile(
    rf"\b{_ORDINALS}\s+(?:light\s+)?(?:muon|electron|lepton|jet|bjets?|photon|tau)\s*$"
)


def _second_operand(text: str, at: int) -> bool:
    """Whether the MET / HT word at ``at`` is the second object of a quantity of two ("the
    delta_phi between the leading jet and the met between 0.5 and 2", "the mt of the leading
    muon and met in the range 40-100"): the range is that quantity's, not the MET's."""
    return (
        re.search(
            r"\b(?:delta_r|delta_phi|delta_eta|delta_y|mt|angle|distance|separation)\s*(?:between|of)"
            r"\s+[^,;]{0,50}?\band\s+(?:the\s+)?$",
            text[max(0, at - 70) : at],
        )
        is not None
    )


@dataclass
class Mention:
    start: int
    end: int
    kind: str  # an ObjectKind or "met"
    pair: bool = False
    used: bool = False  # a count or cut was attached to it


#: "no other selection", "nothing else", "no further cuts", "no offline selection": no cut
#: beyond the ones stated (an event quantity with only event cuts stated: nothing is added)
_NOTHING_ELSE = re.compile(
    r"nothing\s+else\b|(?:no|without(?:\s+any)?|w/o)\s+(?:further|other|additional|extra"
    r"|offline)\s+(?:cuts?|selections?|requirements?|criteria|restrictions?)\b"
)


#: objects an HT (scalar pT sum) is taken of when no object is attached to the word
_HT_KINDS = ("jet", "bjet", "fatjet")
#: an object word that only narrows another ("the leading jet pT for b-tagged jets")
_NARROWS = {"jet": ("bjet",), "lepton": ("muon", "electron")}
_ORDINAL_BEFORE = re.compile(
    r"\b(?:leading|sub-?leading|trailing|first|second|third|fourth|fifth|2nd|3rd|4th|5th"
    r"|hardest|softest|highest[- ]pt)\s+(?:light\s+)?$"
)


#: "above 40 GeV in pT": the quantity a bare energy bound is on, written after it
_IN_PT = r"(?:\s+in\s+(?:pt|transverse\s+momentum)\b)?"
#: The words a bare threshold ("above 20 GeV") may follow and still be a pT cut on the objects
#: named before it (an object word, checked apart): "leading ... above", "pT of", "each >"
_THRESHOLD_SUBJECT = re.compile(
    # (only words the coverage check knows already: a word here becomes a known one)
    r"(?:pts?|p\s+_t|et|e_?t|energ(?:y|ies)|momentum|momenta|cuts?|value|values"
    r"|leading|sub-?leading|first|second|third|fourth|hardest|ones?|each|all"
    r"|both|every|any|only|with|of|and|having|has|have|is|are|be|to|at|was|were|them|it"
    r"|its|their|candidates?|objects?|gev|tev|mev|\d\w*)"
)

_BOUND_WORDS = (
    ("greater than or equal to", "it must be at least"),
    ("greater than", "it must be above"),
    ("less than or equal to", "it must be at most"),
    ("less than", "it must be below"),
)


def _plain_reason(message: str) -> str:
    """A validation message in the user's words: "Input should be greater than or equal to 0"
    -> "it must be at least 0"; a message of another kind -> that the value has the wrong form
    (the validator's own wording never reaches the question)."""
    m = re.fullmatch(r"Input should be (.+?) (-?[\d.]+)", message.strip())
    if m is not None:
        for words, plain in _BOUND_WORDS:
            if m.group(1) == words:
                return f"{plain} {m.group(2)}"
    return "that value has the wrong form for this setting"


def _word_start(text: str, lo: int, hi: int) -> int:
    """``lo`` moved past a word it cuts in two (a window text[lo:hi] of whole words)."""
    while 0 < lo < hi and text[lo - 1].isalnum() and text[lo].isalnum():
        lo += 1
    return lo


def _ordinal_object_before(
    text: str, start: int, before: list[Mention], after: Mention, follows: re.Match[str] | None
) -> Mention | None:
    """ "the second muon phi for photons in |eta| < 2.1", "the leading jet mass for jets with
    pT > 25 GeV": the object written with its ordinal right before the quantity is plotted;
    the objects after "for" are a selection (their cuts, or the collection the ordinal counts
    in), not another plotted object. None where the words after "for" narrow it ("the leading
    jet pT for b-tagged jets") or there is no such object."""
    if not before or follows is None or not follows.group(0).lstrip().startswith("for"):
        return None
    own = max(before, key=lambda m: m.end)
    if text[own.end : start].strip() or not _ORDINAL_BEFORE.search(text[: own.start]):
        return None
    if own.pair or after.kind in _NARROWS.get(own.kind, ()):
        return None
    return own


@dataclass
class ParseResult:
    """The parser's reading: the draft, which fields the text set, and what is still open."""

    draft: Draft
    explicit: set[str] = field(default_factory=set)
    inferred: set[str] = field(default_factory=set)
    open: list[str] = field(default_factory=list)
    question: str | None = None
    notes: list[str] = field(default_factory=list)
    text: str = ""
    sample_verbs: dict[str, str] = field(default_factory=dict)  # sample -> add/remove
    #: words of the request that no rule placed in the draft (numbers, negations, objects):
    #: a plan never runs with them silently dropped
    unplaced: list[str] = field(default_factory=list)
    #: phrases that leave the selection to ChatHEP ("with adequate filtering"): met by the
    #: recommended definitions, so a plan "as written" (no defaults) must ask about them
    delegated: list[str] = field(default_factory=list)

    def ask(self, question: str) -> None:
        """Keep the first question only: one clear question beats a list."""
        if self.question is None:
            self.question = question


#: |eta| of the CMS barrel and endcaps per object: (low, high, which detector part)
DETECTOR_REGIONS: dict[str, dict[str, tuple[float | None, float, str]]] = {
    **dict.fromkeys(
        ("electron", "photon"),
        {
            "barrel": (None, 1.4442, "the ECAL barrel"),
            "endcap": (1.566, 2.5, "the ECAL endcaps, after the barrel-endcap gap"),
        },
    ),
    "muon": {
        "barrel": (None, 1.2, "the muon barrel, drift tubes"),
        "endcap": (1.2, 2.4, "the muon endcaps, cathode strip chambers"),
    },
    **dict.fromkeys(
        ("jet", "bjet"),
        {
            "barrel": (None, 1.3, "the HCAL barrel"),
            "endcap": (1.3, 3.0, "the HCAL endcaps"),
        },
    ),
}


_QUOTED = r"['\"\u201c\u2018]([^'\"\u201d\u2019]{1,200})['\"\u201d\u2019]"
_TITLE_LEAD = (
    r"\b(?:(?:set|change|make|rename)\s+(?:the\s+)?(?:plot\s+|histogram\s+|figure\s+)?title\s+"
    r"(?:to|as)\s*:?|(?:with\s+)?(?:the\s+)?(?:plot\s+|histogram\s+)?title\s*[:=]?"
    r"|(?:call|name|title)\s+(?:it|the\s+(?:plot|histogram|figure))(?:\s+as)?\s*:?"
    r"|(?:en)?titled\s*:?)\s*"
)
#: a request that is only a title: "title Z peak", "now title: my plot"
_BARE_TITLE = (
    r"^\s*(?:now\s+)?(?:set\s+)?(?:the\s+)?(?:plot\s+)?title\s*(?:to|:|=)?\s*"
    r"(\S+(?:[ \t]+\S+){0,5})\s*$"  # a few words: a longer request is not only a title
)


#: "with the x axis label 'p_T [GeV]'", "label the x axis '...'", "xlabel='...'"
_X_LABEL_LEAD = (
    r"(?:\b(?:with\s+)?(?:an?\s+|the\s+)?x[- ]?(?:axis\s+)?label(?:led|ed)?(?:\s+as)?\s*[:=]?"
    r"|\b(?:label|title)\s+(?:the\s+)?x[- ]?axis(?:\s+as)?\s*[:=]?"
    r"|(?:\b(?:ax|plt|axes)\s*\.\s*)?(?:\bset_|\b)xlabel\s*[:=(]?"
    r"|\bx[- ]axis\s+(?:label|title)\s*[:=]?)\s*"
)


def split_x_label(text: str) -> tuple[str | None, str]:
    """(the x-axis label as written, the request without it): "with the x axis label 'p_T
    [GeV]'", "label the x axis 'm_{mumu} [GeV]'", "xlabel='Dimuon mass'" (was: dropped, or
    asked)."""
    m = re.search(_X_LABEL_LEAD + _QUOTED + r"\)?", text, re.IGNORECASE)
    if m is None:
        return None, text
    return m.group(1).strip(), (text[: m.start()] + " " + text[m.end() :]).strip()


def split_title(text: str) -> tuple[str | None, str]:
    """(the plot title as written, the request without it): "set the title to 'Z peak'",
    "title: 'Z -> mumu'", "call the plot 'My plot'", or a request that is only "title Z peak"."""
    m = re.search(_TITLE_LEAD + _QUOTED, text, re.IGNORECASE) or re.search(
        _BARE_TITLE, text, re.IGNORECASE
    )
    if m is None:
        return None, text
    return m.group(1).strip(), (text[: m.start()] + " " + text[m.end() :]).strip()


#: Words that ask for a plot when the request names no quantity ("plot Z -> mumu events"):
#: without one, a pair or a Z named alone is a selection, and the quantity is asked.
_ASKS_FOR_A_PLOT = (
    r"\b(?:plot|plots|plotted|plotting|draw|drawn|show|shows|display|histogram|histograms"
    r"|distributions?|spectrum|spectra|reconstruct|reconstruction|look\s+at|visuali[sz]e|find"
    r"|identify|search|fill|study|studied|examine|explore|compare|comparison)\b"
)
_PLOT_VERB = (
    r"\b(?:plot|draw|show|histogram|make|fill|compute|calculate|reconstruct|look\s+at|compare"
    r"|select|require)\b"
)


def split_reader_questions(text: str) -> tuple[str, list[str]]:
    """(the request without its questions to the reader, those questions): in "Plot the pT of
    the leading jet. What do you notice about the tail?" the question asks the reader to look,
    not ChatHEP to select. Only a question sentence after the first, with no number and no
    negation, in a request whose other sentences ask for a plot, is taken out."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    if len(sentences) < 2:
        return text, []
    kept, questions = [sentences[0]], []
    asks_us = (
        r"\b(?:can|could|would|will)\s+(?:you|we|i)\b|\bplease\b|\b(?:require|add|apply|remove"
        r"|cut|select|use|also|only|instead|change|make|plot|show|draw)\b"
    )
    for sentence in sentences[1:]:
        words = lx.normalise(sentence)
        plain = sentence.rstrip().endswith("?") and not re.search(r"\d", words)
        if plain and not re.search(lx.NEGATIONS, words) and not re.search(asks_us, words):
            questions.append(sentence.strip())
        else:
            kept.append(sentence)
    if not questions or not re.search(_PLOT_VERB, " ".join(kept), re.IGNORECASE):
        return text, []
    return " ".join(kept), questions


class _Text:
    """The normalised text with understood phrases masked (same length, so spans stay valid)."""

    def __init__(self, text: str) -> None:
        self.orig = text
        self.masked = text

    def finditer(self, pattern: str) -> list[re.Match[str]]:
        return list(re.finditer(pattern, self.masked))

    def mask(self, start: int, end: int) -> None:
        self.masked = self.masked[:start] + "#" * (end - start) + self.masked[end:]


def _a_binning_number(text: str, start: int, end: int) -> bool:
    """The number at ``text[start:end]`` is a number of bins ("2000 bins") or a bin edge
    ("bins from 0 to 2000"), a number with a unit ("2000 GeV", "[0, 2000] GeV") or an end of a
    range whose other end is a smaller (larger) number and no year ("0-2000", "from 1000 to
    2018", "2000-3000"), not a year ("2017-2018", "EXOT-2012-28" stay years)."""
    if re.match(r"\s*[\])]?\s*(?:bins?|gev|tev|mev)\b", text[end:]) or re.search(
        rf"\bbins?\s+(?:from|between)\s+{lx.NUM}\s*(?:gev\s*)?(?:to|and|-)\s*$", text[:start]
    ):
        return True
    year, value = r"20[0-3]\d(?![\d.])", float(text[start:end])
    low = re.search(
        rf"(?<![\d.])(-?(?!{year})\d+(?:\.\d+)?)\s*(?:gev\s*)?(?:to|-|\.\.)\s*$"
        rf"|[\[(]\s*(-?(?!{year})\d+(?:\.\d+)?)\s*(?:gev\s*)?,\s*$",
        text[:start],
    )
    if low is not None and float(low.group(1) or low.group(2)) < value:
        return True
    high = re.match(rf"\s*(?:to|-|\.\.)\s*((?!{year})\d+(?:\.\d+)?)(?![\d.])", text[end:])
    return high is not None and float(high.group(1)) > value


def _gev(value: str, unit: str | None) -> float:
    number = float(value)
    if unit == "tev":
        return number * 1000.0
    if unit == "mev":
        return number / 1000.0
    return number


def _single(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def _segment(text: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: between sentence/semicolon breaks."""
    # a decimal point ("relIso < 0.25 and medium ID") does not end a clause
    breaks = [m.start() for m in re.finditer(r"[;?!]|\.(?!\d)", text)]
    left = max([b for b in breaks if b < pos], default=-1)
    rights = [b for b in breaks if b >= pos]
    return left + 1, min(rights) if rights else len(text)


#: Words that may stand in front of "of <object>" without naming a quantity of their own ("the
#: distribution of the dimuon mass", "the full spectrum of the dimuons", "the reconstructed
#: invariant mass of the pair"): a closed list written from the grammar of a noun phrase.
_HEAD_WORDS: frozenset[str] = frozenset(
    """
    distribution spectrum spectra histogram plot shape value graph picture full whole entire
    reconstructed measured observed corresponding resulting respective individual overall
    kinematic kinematics same usual standard typical simple basic plain one each all every both
    some any number multiplicity leading subleading sub-leading first second third fourth
    hardest softest highest lowest largest smallest transverse invariant pair candidate
    channel final state mode topology region selection sample data mc simulation
    """.split()  # noqa: SIM905
)
#: Where such a noun phrase starts: after its article, a preposition, a verb of the sentence.
_HEAD_STOPS: frozenset[str] = frozenset(
    """
    the a an of with on in for and or is are was be which that to vs versus by from at as into
    plot plots plotting show shows draw make makes made produce fill histogram histograms
    compare give get want see overlay calculate compute
    """.split()  # noqa: SIM905
)
#: Where the words after an object stop belonging to its noun phrase ("the muons above 20 GeV").
_TAIL_STOPS: frozenset[str] = frozenset(
    """
    above below over under between than within without no not greater less larger smaller
    higher lower where when if per only must should have has having passing pass that which
    who whose up down instead too again also alone now then here there please anyway as well
    either together separately overlaid superimposed
    """.split()  # noqa: SIM905
)


#: the MET flavour by the first letters of its word ("calo", "raw", "uncorrected", "tk", "track",
#: "chs")
_MET_FLAVOURS = {"ca": "CaloMET", "ra": "RawMET", "un": "RawMET", "tk": "TkMET", "tr": "TkMET",
                 "ch": "ChsMET"}  # fmt: skip


def _field_missing(kind: str, field_name: str) -> str | None:
    """The question when the collection of ``kind`` has no field ``field_name`` in NanoAOD (no
    branch in the reference pages of the v9 and v12 files, and not computed from its branches):
    "the charge of the leading jet" planned Jet_charge, which failed at run time; None when it
    has one (or the kind merges collections: each is checked at run time)."""
    from chathep.registry.objects import BY_SOURCE, PROFILES

    profile = PROFILES.get(kind)
    source = profile.source if profile is not None else ""
    if not source or not nanoaod_fields.fields(source):
        return None
    derived = nanoaod_fields.DERIVED_FIELDS.get(field_name)
    if nanoaod_fields.field_name(source, field_name) is not None or (
        derived is not None and (not derived.collections or source in derived.collections)
    ):
        return None
    if derived is not None:
        word = derived.label
        why = f"it is computed for {' and '.join(derived.collections)} only"
        have = [p.word for p in PROFILES.values() if p.source in derived.collections]
    else:
        word = "electric charge" if field_name == "charge" else field_name
        why = f"{source}_{field_name} is not a branch of the NanoAODv9 or v12 files"
        have = [
            p.word for p in PROFILES.values()
            if p.source and nanoaod_fields.field_name(p.source, field_name) is not None
            and (field_name != "charge" or BY_SOURCE[p.source].charged)
        ]  # fmt: skip
    have = list(dict.fromkeys(have))
    listed = ", ".join(have[:-1]) + (" or " if len(have) > 1 else "") + have[-1] if have else ""
    others = f" I can plot the {word} of {listed}." if have else ""
    return (
        f"NanoAOD {profile.word} have no {word} ({why}), so I cannot plot it.{others} Which "
        "quantity did you mean?"
    )


class RequestParser:
    """One parse of one request against one catalog."""

    def __init__(
        self,
        text: str,
        catalog: Catalog,
        *,
        followup: bool = False,
        context_object: str | None = None,
    ) -> None:
        # the plot title is the user's own text: taken out before anything reads the request
        self.x_label, text = split_x_label(text)  # before the title: "x axis title '...'"
        self.title, text = split_title(text)
        text, self.questions = split_reader_questions(text)
        text, self.commentary = split_commentary(text)  # code, software, jargon: not read
        self.raw = lx.strip_links(text)
        self.catalog = catalog
        normalised, self.spelling = correct_spelling(text, catalog)
        self.t = _Text(normalised)
        self.followup = followup
        #: a dimuon resonance region named: (name, low, high, start, end in the text)
        self.resonance: tuple[str, float, float, int, int] | None = None
        self.resonance_names: list[tuple[int, str]] = []  # (where, region) of every one named
        #: "(rho/omega, phi, psi)" after a mass range: (start, end, the masses named)
        self.resonance_lists: list[tuple[int, int, list[float]]] = []
        #: a follow-up's previous plotted object: "no isolation" waives it on those objects
        self.context_object = context_object
        self.result = ParseResult(draft=Draft(), text=self.t.orig)
        if self.questions:  # "Do you see a peak?" after the request: said, not read
            quoted = " ".join(f"'{q}'" for q in self.questions)
            self.result.notes.append(f"Not used (a question to the reader): {quoted}.")
        if self.commentary:  # taken out before reading: said, never silent
            shown = "; ".join(f"'{c}'" for c in self.commentary)
            self.result.notes.append(
                f"Not used (code, software or commentary, not part of the analysis): {shown}."
            )
        if self.spelling:  # a guessed spelling is stated, never silent
            read = ", ".join(f"'{word}' as '{as_}'" for word, as_ in self.spelling)
            self.result.notes.append(f"Read {read} (spelling).")
        self.mentions: list[Mention] = []
        self.pending: list[tuple[int, str, float, bool]] = []  # pos, field, value, after
        self.waivers: list[tuple[int, tuple[str, ...], int | None]] = []  # pos, props, mention
        # spans and values of "from A to B" ranges read as the axis (start, end, lo, hi)
        self.ranges: list[tuple[int, int, float, float]] = []
        self.mass_cuts: list[tuple[int, str, float]] = []  # pos, pair_mass_min/max, GeV
        self.reduced = False  # a field reduced over a candidate's legs was read
        self.log_bins = False  # "100 log bins": log-spaced binning was asked for
        self.quantity_spans: list[tuple[int, int]] = []  # quantity words placed in the draft
        self.conflicts: list[tuple[str, object, object]] = []  # path, first value, second
        #: every explicit value each path was set to, in order (a value set twice by two rules)
        self.values_set: dict[str, list[object]] = {}
        self.vertex_z: list[tuple[int, int]] = []  # "the primary vertex z" (masked early)
        self.no_requirement: list[tuple[int, int, str]] = []  # "no lepton requirement"
        self.veto_lists: list[veto_lists.VetoList] = []  # "veto any muon or electron"
        self.generic_example = ""  # "a per-event variable, for example": the words, said
        #: "return one HT value per event": (the words, event or the object kind)
        self.fill_said: list[tuple[str, str]] = []

    # --- helpers -------------------------------------------------------------------
    def set(self, path: str, value: object, *, inferred: bool = False) -> None:
        if not inferred:
            self.values_set.setdefault(path, []).append(value)
        if not inferred and path in self.result.explicit:
            old = get_path(self.result.draft, path)
            if old is not None and old != value:
                if isinstance(old, list) and isinstance(value, list):  # waivers, triggers
                    value = old + [v for v in value if v not in old]
                elif path.endswith(("min_count", "max_count")) and isinstance(value, int):
                    # "at least 3 leptons ... two of them form a Z": both hold
                    pick = max if path.endswith("min_count") else min
                    value = pick(old, value)  # type: ignore[call-overload]
                else:
                    # two readings of one field ("the leading muon above 30 GeV and the
                    # subleading above 20 GeV" both on muon pT): ask, keep neither silently
                    self.conflicts.append((path, old, value))
        try:
            set_path(self.result.draft, path, value)
        except ValueError as exc:  # "0 bins", "|eta| < 0": ask rather than guess
            reason = _plain_reason(str(exc).split(": ", 1)[-1])
            words = path.split(".")[-1].replace("_", " ")
            self.result.ask(f"{words} = {value} is not possible ({reason}). What did you mean?")
            return
        (self.result.inferred if inferred else self.result.explicit).add(path)

    def attribute(self, pos: int, *, after_only: bool = False) -> Mention | None:
        start, end = _segment(self.t.orig, pos)
        objects = [m for m in self.mentions if start <= m.start < end]
        before = [m for m in objects if m.end <= pos]
        after = [m for m in objects if m.start >= pos]
        if before and not after_only:
            return max(before, key=lambda m: m.end)
        if after:
            return min(after, key=lambda m: m.start)
        return None

    # --- the passes, in order --------------------------------------------------------
    def parse(self) -> ParseResult:
        self._title()  # first: the title's words are the user's, never read as the analysis
        self._cross_section_wording()
        self._paths()
        self._as_written()
        self._mt_formula()  # before anything reads its symbols: checked against the plan below
        self._acoplanarity_formula()
        self._corrections()  # first: "pileup reweighting" is a correction, not a quantity
        self._trigger_descriptions()
        self._gen_particles()  # before the objects: "the generated muons" are no reco muons
        self._generic_example()  # before the quantity: "a per-event variable, e.g. the MET"
        self._fill_said()  # before the counts: "one value per event" counts nothing
        self._vertex_position()  # before the Z boson and the npv read its "z", "vertex"
        self._secondary_vertices()
        self._met_significance()
        self._unsupported()
        self._triggers_and_targets()
        self._energy_lumi_era()
        self._working_points()  # before the b-tag efficiency WP: "the MVA 90% working point"
        self._named_physics()
        self._analyses()
        self._channel()
        self._processes_and_samples()
        self._values()
        self._binning()
        self._unit_area()  # after the binning: "normalised to the bin width" is a density
        self._resonance_regions()
        self._described_peaks()
        self._higgs_peak()
        self._log_and_charge()
        self.no_requirement = count_phrases.mask_no_requirement(self)  # before the mentions
        self._mentions()
        self._met_angle_reduction()
        self._two_kind_system()
        self._double_negations()
        self._waivers()
        self._eta_gap()
        self._field_cuts()
        self._lead_cuts()
        self._sublead_cuts()
        self._cleaning()
        self._mass_cuts()
        self._thresholds()
        self._et_thresholds()
        self._detector_regions()
        self.veto_lists = veto_lists.read(self)  # "veto any muon or electron": neither
        self._vetoes()
        self._chained_vetoes()
        self._counts()
        self._ids()
        self._branches()
        if self.result.draft.quantity != "branch":
            self._quantity()
        elif self.vertex_z:  # "Muon_dz and PV_z": the branch is plotted, the vertex z unread
            said = self.t.orig[self.vertex_z[0][0] : self.vertex_z[0][1]]
            self.result.ask(
                f"'{said}' beside a branch named by name: should I plot the primary-vertex z "
                "as a histogram of its own, or is it only the reference of that branch (e.g. "
                "'Muon_dz')? Ask for one quantity per request."
            )
        self._resolve_pending()
        count_phrases.check_no_requirement(self, self.no_requirement)
        self._z_and_index()
        self._resonance_objects()
        self._check_resonance_lists()
        self._mass_window()
        self._not_in_pair()
        self._w_transverse_mass()
        self._implied_presence()
        self._check_mt_formula()
        self._check_acoplanarity_formula()
        self._event_reductions()  # after the quantity: its field and object are read
        self._check_generic_example()
        self._consistency()
        self._count_with_unit()
        self._leftovers()
        self._check_fill_said()  # after the words left over: those are asked first
        return self.result

    def _title(self) -> None:
        """The title taken out of the request in ``__init__`` (:func:`split_title`)."""
        if self.title:
            self.set("plot_title", self.title)
        if self.x_label:
            self.set("x_label", self.x_label)

    def _context(self, start: int, end: int) -> str:
        """The words around [start, end) of the original text, for quoting back to the user."""
        text = self.t.orig
        lo = text.rfind(" ", 0, max(0, start - 12)) + 1
        hi = text.find(" ", min(len(text), end + 8))
        return text[lo : hi if hi != -1 else None].strip(" ,.;")

    def _count_with_unit(self) -> None:
        """ "the number of jets > 2 GeV": the unit makes it a pT cut on the counted objects;
        said (was: read so with no word)."""
        for m in _COUNT_WITH_UNIT.finditer(self.t.orig):
            kind = _COUNT_KIND[m.group("o")]
            scale = {"gev": 1.0, "tev": 1000.0, "mev": 0.001}[m.group("unit")]
            req = self.result.draft.requirements.get(kind)  # type: ignore[call-overload]
            if req is None or req.pt_min is None:
                continue
            if abs(req.pt_min - float(m.group("n")) * scale) > 1e-9:
                continue
            words = _KIND_NAMES.get(kind, f"{kind}s")
            unit = {"gev": "GeV", "tev": "TeV", "mev": "MeV"}[m.group("unit")]
            self.result.notes.append(
                f"'number of {words} {m.group('op')} {m.group('n')} {unit}' read as the number "
                f"of {words} with pT > {req.pt_min:g} GeV (a pT cut, as it has a unit); say e.g. "
                f"'events with more than {m.group('n')} {words}' for a cut on the count."
            )

    def _leftovers(self) -> None:
        """Numbers, negations and objects the rules did not place: never silently dropped."""
        quoted: list[str] = []
        # a digit inside a code word ("dimuon_p4", "h2") is part of a name, not a value
        for m in re.finditer(r"(?<![a-z_\d.])\d+(?:\.\d+)?", self.t.masked):
            quoted.append(self._context(m.start(), m.end()))
        for m in re.finditer(lx.NEGATIONS, self.t.masked):
            quoted.append(self._context(m.start(), m.end() + 12))
        plotted = {self.result.draft.quantity, *(self.result.draft.also or [])}
        d = self.result.draft
        for quantity, pattern in lx.QUANTITY_PATTERNS:
            if quantity == "met":
                continue  # MET words are conditions or objects (below)
            for m in re.finditer(pattern, self.t.masked):
                if any(a <= m.start() < b for a, b in self.quantity_spans):
                    continue
                if quantity not in plotted:
                    quoted.append(self._context(m.start(), m.end()))
                    continue
                # the plotted quantity named again: "pT (dimuon pT)" is the same; "the jet pT
                # ... and the muon pT" is of another object, never dropped
                owner = next(
                    (o for o in self.mentions if o.end <= m.start() and m.start() - o.end <= 1),
                    None,
                ) or (
                    self.attribute(m.end(), after_only=True)
                    if re.match(r"\s*of\s", self.t.orig[m.end() :])
                    else None
                )
                if (
                    owner is not None
                    and d.object is not None
                    and owner.kind not in (d.object, d.other, "met")
                    and not (d.object in ("lepton", "emu") and owner.kind in ("muon", "electron"))
                ):
                    quoted.append(self._context(m.start(), m.end()))
        reqs = self.result.draft.requirements.values()
        stated = {
            "eta": any(r.abs_eta_max is not None or r.abs_eta_min is not None for r in reqs),
            "pt": any(r.pt_min is not None or r.lead_pt_min is not None for r in reqs),
            "trigger": bool(self.result.draft.triggers),
            "normalisation": False,
            "statistic": False,
            "cuts": False,
            "other": bool(self.result.draft.not_in_pair),
        }
        for m in re.finditer(lx.VALUELESS_CUT, self.t.masked):
            if not stated.get(m.group(0).split()[0], False):  # "pT > 50 GeV, high-pT selection"
                quoted.append(self._context(m.start(), m.end()))
        for pattern, prop in lx.VAGUE_WORDS:
            for m in re.finditer(pattern, self.t.masked):
                if not stated[prop]:
                    quoted.append(self._context(m.start(), m.end()))
        d = self.result.draft
        placed = {d.object, d.other, d.pair_sel, d.z_decay, d.channel}
        placed |= {k for k, req in d.requirements.items() if not req.is_empty()}
        if d.object in ("lepton", "emu") or d.channel == "lepton" or d.z_decay == "lepton":
            placed |= {"muon", "electron"}
        if d.analysis is not None:  # a standard analysis names its own objects
            placed |= {"muon", "electron", "lepton", "jet", "bjet"}
        plotted_pair = d.object if d.pair else None
        for m in self.mentions:
            if (
                m.kind != "met"
                and not m.used
                and m.kind not in placed
                or (
                    m.pair
                    and not m.used
                    and m.kind not in (plotted_pair, d.pair_sel, d.z_decay)
                    and not (d.pair and m.kind in placed)  # "dilepton mass (ee and mumu together)"
                    and d.analysis is None
                    and d.size != 3
                )
            ):
                quoted.append(self._context(m.start, m.end))
            if (
                m.kind == "met"
                and d.quantity not in ("met", "met_phi", "mt")
                and (d.met_min is None and d.met_max is None and not m.used)
            ):
                quoted.append(self._context(m.start, m.end))
        # "with adequate filtering": the choice is left to us, so the recommended definitions
        for a, b in delegated_selections(self.t.masked):
            phrase = self.t.orig[a:b].strip()
            self.result.delegated.append(phrase)
            if d.as_written:  # no defaults: nothing would meet it
                quoted.append(phrase)
            else:
                self.result.notes.append(
                    f"'{phrase}' names no cut of its own: read as the recommended object "
                    "definitions (listed under 'Chosen for you')."
                )
            self.t.mask(a, b)
        # a placeholder selection: "apply some criteria", "with additional requirements"
        for m in re.finditer(
            r"\b(?:some|certain|additional|extra|further"
            r"|various|several)\s+(?:(?:selection|quality|kinematic)\s+)?(?:criteria|cuts"
            r"|requirements|selections?|conditions|constraints)\b",
            self.t.masked,
        ):
            stated = re.match(
                r"\s*(?:\(|:|,?\s*(?:namely|i\.?e\.?|e\.?g\.?|such\s+as|like|in\s+this\s+case))",
                self.t.masked[m.end() :],
            )
            if not stated:  # "... certain conditions (in this case, |eta| < 1)": they follow
                quoted.append(self._context(m.start(), m.end()))
        # a selection referred to, never given: "add the requirement, and then compute ..."
        # a family of quantities, not one: "some MET-related plots"
        for m in re.finditer(
            r"\b(?:add|adding|apply|applying|impose|imposing)\s+the\s+(?:requirements?|cuts?"
            r"|selections?|criteri(?:a|on)|conditions?)(?=\s*(?:[,.;!]|and\b|then\b|$))"
            r"|\b[a-z0-9]+[- ]related\s+(?:plots?|histograms?|histos?|distributions?|quantities"
            r"|variables|observables)\b",
            self.t.masked,
        ):
            quoted.append(self._context(m.start(), m.end()))
        # "apply the 4 lepton cuts": a selection named but not given
        quoted += [self._context(a, b) for a, b in undefined_selections(self.t.orig)]
        # an ID word no rule attached to an object ("... and medium ID" read nowhere)
        for m in re.finditer(
            r"\b(?:tight|medium|loose|closest|nearest)\b|\b(?:non-?)?isolated\b", self.t.masked
        ):
            quoted.append(self._context(m.start(), m.end()))
        for path, first, second in self.conflicts:
            what = path.removeprefix("requirements.").replace(".", " ").replace("_", " ")
            quoted.append(f"{what}: {first} or {second}")
        # a word no rule of the planner knows may change the analysis: ask, never drop it
        commentary: list[str] = []
        unknown = unknown_words(
            self.t.orig, self.catalog, self.t.masked, commentary, followup=bool(self.followup)
        )
        # a quantity named around an object that no rule read, whose words pass as English
        # (quoted with its object; words asked about anyway are quoted alone)
        quoted += [
            phrase
            for phrase, words in self._unread_quantity_heads()
            if not set(words) <= set(unknown)
        ]
        quoted += unknown
        # "jets with xyz > 20 GeV": a word right before a bound names the quantity cut on; one
        # that passed as English was not read (the bound was taken as a pT), so it is asked
        bounded = [
            w
            for w in commentary
            if re.search(rf"\b{re.escape(w)}{silent.BOUND_AFTER}", self.t.orig)
        ]
        quoted += [self._context(*next(re.finditer(rf"\b{re.escape(w)}\b", self.t.orig)).span())
                   for w in bounded]  # fmt: skip
        commentary = [w for w in commentary if w not in bounded]
        if commentary:  # passed as ordinary English, but never silently: say they were not used
            shown = ", ".join(f"'{w}'" for w in commentary[:8])
            more = f" and {len(commentary) - 8} more" if len(commentary) > 8 else ""
            self.result.notes.append(
                f"Not used (read as commentary, not as part of the analysis): {shown}{more}."
            )
        for context in quoted:
            if context and context not in self.result.unplaced:
                self.result.unplaced.append(context)

    def _unread_quantity_heads(self) -> list[tuple[str, list[str]]]:
        """ "plot cos theta star of the dimuon system", "the centrality of the dimuon pair",
        "the dimuon pT imbalance": the words of the noun phrase around an object name the
        plotted quantity; one that no quantity rule read (not a quantity word, not masked, not
        filler) is a quantity the planner does not know: asked, never replaced by the object's
        default quantity (a pair's mass) with the word passed as commentary."""
        text, masked = self.t.orig, self.t.masked
        covered = [False] * len(text)
        for _quantity, pattern in lx.QUANTITY_PATTERNS:
            for m in re.finditer(pattern, text):
                covered[m.start() : m.end()] = [True] * (m.end() - m.start())
        for a, b in [*self.quantity_spans, *((m.start, m.end) for m in self.mentions)]:
            a, b = max(0, a), min(len(text), b)  # quantity words placed, and object words
            covered[a:b] = [True] * (b - a)

        def unread(words: list[tuple[int, int, str]]) -> list[str]:
            return [
                w
                for a, b, w in words
                if not any(covered[a:b])
                and w not in _HEAD_WORDS
                and w.rstrip("s") not in _HEAD_WORDS
                and not is_filler(w)
                and len(w) > 1  # a symbol: "the invariant mass $M$ of two muons"
            ]

        quoted: list[tuple[str, list[str]]] = []
        for mention in self.mentions:
            if mention.kind == "met":
                continue
            # before the object: "<head> of the <object>"; the head starts after its article, a
            # preposition or a verb; tokens are split at spaces, then into words ("cos(theta*)")
            before = re.search(
                r"(?P<head>[^,;:.#]{0,80}?)\bof\s+(?:the\s+|each\s+|all\s+|every\s+|both\s+"
                r"|a\s+|an\s+|these\s+|those\s+|its\s+|their\s+)?[#\s]*$",
                masked[: mention.start],
            )
            if before is not None:
                head: list[tuple[int, int, str]] = []
                for token in reversed(list(re.finditer(r"\S+", before.group("head")))):
                    at = before.start("head") + token.start()
                    words = [
                        (at + w.start(), at + w.end(), w.group(0))
                        for w in re.finditer(r"[a-z][a-z0-9]*", token.group(0))
                    ]
                    if not words or any(w in _HEAD_STOPS for _a, _b, w in words):
                        break
                    head = words + head
                if head and len(head) <= 4 and unread(head):
                    phrase = f"{text[head[0][0] : head[-1][1]]} (not a quantity I know)"
                    quoted.append((phrase, unread(head)))
            # after the object: "the dimuon cos theta star", up to the end of its noun phrase
            after = re.match(r"(?:'s)?\s+((?:[a-z][a-z0-9*-]*\s*){1,4})", masked[mention.end :])
            if after is None:
                continue
            offset = mention.end + after.start(1)
            tail: list[tuple[int, int, str]] = []
            for w in re.finditer(r"[a-z][a-z0-9*-]*", after.group(1)):
                word, at = w.group(0), offset + w.start()
                if word in _HEAD_STOPS or word in _TAIL_STOPS or re.search(r"..(?:ed|ing)$", word):
                    break  # "pairs registered in the detector": a clause of its own
                if any(o.start <= at < o.end for o in self.mentions):
                    break  # another object ("electron-positron and muon-antimuon pairs")
                tail.append((at, offset + w.end(), word))
            if tail and unread(tail):
                phrase = f"{text[mention.start : tail[-1][1]]} (not a quantity I know)"
                quoted.append((phrase, unread(tail)))
        return quoted

    def _paths(self) -> None:
        """A file path or URL in the request: its registered sample, or a question."""
        for m in re.finditer(
            r"(?:root|https?|s3|file)://\S+|(?:~|\.{1,2})?/?(?:[\w.+-]+/)*[\w.+-]+\.root\b"
            r"|(?<![\w/])(?:~|\.{1,2})?/(?:[\w.+-]+/){2,}[\w.+-]*",  # a directory of files
            self.raw,
        ):
            path = m.group(0).rstrip(".,;)")
            absolute = str(Path(path).expanduser().resolve()) if "://" not in path else path
            owners = [
                s.name
                for s in self.catalog
                if path in s.files or absolute in s.locations() or path in s.locations()
            ]
            low = self.t.masked.find(path.lower())
            if low != -1:
                self.t.mask(low, low + len(path))
            if owners:
                self.set("samples", owners)
                continue
            from chathep.datasets import add_command

            self.result.ask(
                f"{path} is not a registered dataset. Register it first (this checks the files "
                f"and counts the events): `{add_command(path)}`; then ask again naming the "
                "dataset."
            )

    def _as_written(self) -> None:
        for m in self.t.finditer(lx.AS_WRITTEN):
            self.set("as_written", True)
            self.t.mask(m.start(), m.end())

    def _values(self) -> None:
        """Explicit values of properties that otherwise get a default: |eta| ranges, jetId, iso."""
        t = self.t
        num = lx.NUM
        eta = r"\|?\s*eta\s*\|?"
        for m in t.finditer(
            rf"{num}\s*<=?\s*{eta}\s*<=?\s*{num}"
            rf"|{eta}\s*(?:between|from|in)\s*\[?\s*{num}\s*(?:and|to|-|,)\s*{num}\s*\]?"
        ):
            lo, hi = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            before = t.orig[max(0, m.start() - 70) : m.start()]
            if re.search(
                r"\b(?:excluding|excluded|exclude|veto\w*|remov\w+|reject\w*|not\s+in|outside"
                r"|except|avoid\w*)\b[^,;.]*$",
                before,
            ) or re.match(r"\s*\)?\s*(?:is\s+|are\s+)?(?:excluded|vetoed|removed|rejected)\b",
                          t.orig[m.end() :]):  # fmt: skip
                continue  # a window taken out: read by _eta_gap
            if _RANKED_BEFORE.search(t.orig[max(0, m.start() - 40) : m.start()]):
                continue  # "the leading jet |eta| between 1.5 and 2": one jet's (asked later)
            lo_at, hi_at = (m.start(1), m.start(2)) if m.group(1) else (m.start(3), m.start(4))
            signs = [bool(re.search(r"(?<![\d.])-\s*$", t.orig[:at])) for at in (lo_at, hi_at)]
            if any(signs):  # "-1 < eta < 2" (symmetric ranges were rewritten to |eta| < x)
                start = t.orig.rindex("-", 0, lo_at) if signs[0] else m.start()
                written = t.orig[start : m.end()].strip()
                self.result.ask(
                    f"'{written}' is a range of signed eta that is not the same on both sides, "
                    "and I cut on |eta| only (both signs alike). Which |eta| range do you mean, "
                    f"e.g. '|eta| < {hi}'?"
                )
                t.mask(m.start(), m.end())
                continue
            if float(lo) == 0 and "|" not in m.group(0):
                self.result.notes.append(
                    f"'{m.group(0).strip()}' is read as |eta| < {hi} (eta of either sign, as "
                    "usual); a cut on positive eta only is not one I make."
                )
            self._pend(m.start(), "abs_eta_min", float(lo))
            self._pend(m.start(), "abs_eta_max", float(hi))
            t.mask(m.start(), m.end())
        for m in t.finditer(
            rf"\|\s*eta\s*\|\s*{lx.GREATER}\s*{num}|\beta\s*\|\s*{lx.GREATER}\s*{num}"
        ):
            if _RANKED_BEFORE.search(t.orig[max(0, m.start() - 40) : m.start()]):
                continue  # "the hardest muon |eta| > 1": one muon's (asked later)
            self._pend(m.start(), "abs_eta_min", float(m.group(1) or m.group(2)))
            t.mask(m.start(), m.end())
        # the tight-lepton-veto jet ID: bit 3 of jetId (2017-2018 NanoAOD: 6 = tight + lepton veto)
        tight_lep_veto = r"\b(?:is)?tight\s*-?\s*lep(?:ton)?\s*-?\s*veto(?:\s*(?:jet\s*)?id)?\b"
        for m in t.finditer(tight_lep_veto):
            self.set("requirements.jet.jet_id_min", 6)
            t.mask(m.start(), m.end())
        for m in t.finditer(r"\bjet\s*_?\s*id\s*(>=|=>|>|==|=|of|at\s+least)\s*(\d+)"):
            value = int(m.group(2)) + (1 if m.group(1) == ">" else 0)
            self.set("requirements.jet.jet_id_min", value)
            if m.group(1) in ("==", "="):  # "jetId == 2": exactly (2 = tight, no lepton veto)
                old = get_path(self.result.draft, "requirements.jet.field_cuts") or []
                cut = FieldCut(field="jetId", op="==", value=float(value))
                self.set("requirements.jet.field_cuts", [*old, cut])
            t.mask(m.start(), m.end())
        for m in t.finditer(
            r"\b(?:(?:pf\s*)?rel(?:ative)?\s*[-_ ]?\s*iso(?:lation)?\w*|isolation|iso)\s*"
            r"(?:(?:is|are|must\s+be|should\s+be|be)\s+)?"  # "whose isolation is below 0.15"
            rf"(?:<=?|below|under|less\s+than|smaller\s+than|of\s+at\s+most)\s*{num}"
        ):
            self._pend(m.start(), "iso_max", float(m.group(1)))
            t.mask(m.start(), m.end())

    def _waivers(self) -> None:
        """Explicit "none": "every jet", "no cuts at all", "without any ID or isolation"."""
        t = self.t
        objects = [m for m in self.mentions if m.kind != "met"]
        for m in t.finditer(lx.NO_CUTS):
            self.waivers.append((m.start(), tuple(WAIVABLE), None))
            t.mask(m.start(), m.end())
        for m in [*t.finditer(lx.WAIVER), *t.finditer(lx.WAIVER_VERB)]:
            props: list[str] = []
            for part in re.split(r"\s*(?:,|/|\bor\b|\band\b|\bnor\b)\s*", m.group(1)):
                part = re.sub(r"^any\s+", "", part.strip())
                for words, names in lx.WAIVE_WORDS:
                    if re.fullmatch(words, part):
                        props += [n for n in names if n not in props]
                        break
            if props:
                self.waivers.append((m.start(), tuple(props), None))
                t.mask(m.start(), m.end())
                if "against" in m.group(0) or props == ["cleaning"]:
                    # "without cleaning against leptons", "without lepton cleaning": read
                    for o in objects:
                        if m.start() <= o.start < m.end():
                            o.used = True
        for m in t.finditer(
            r"\b(?:any|all|full|whole|entire)\s+(?:\|?\s*eta\s*\|?)(?:\s+range)?\b"
            r"|\bnot\s+(?:cleaned|overlap[- ]removed)\b|\buncleaned\b"
        ):
            props = ("cleaning",) if "clean" in m.group(0) or "overlap" in m.group(0) else ("eta",)
            self.waivers.append((m.start(), props, None))
            t.mask(m.start(), m.end())
        # "no pT or eta cuts either": the "either" of a waiver just read
        for m in t.finditer(r"(?<=#)(?:\s*(?:cuts?|requirements?|selections?))?\s+either\b"):
            t.mask(m.start(), m.end())
        for m in t.finditer(lx.ALL_COMBINATIONS):
            # "all combinations of muons": every pair of every muon, as written (no cuts: the
            # reading of the evaluation set's reference, TIMBER ex5); "all combinations of the
            # selected muons": every pair of the muons of the default definition
            self.set("all_pairs", True)
            after = [o for o in objects if o.start >= m.end() and o.start - m.end() < 12]
            if after and not after[0].pair:  # "all combinations of muons": pairs of muons
                after[0].pair = True
            if after and not re.search(r"(?:selected|good|chosen)\s+$", m.group(0)):
                self.waivers.append((m.start(), tuple(WAIVABLE), after[0].start))
            t.mask(m.start(), m.end())
        for m in t.finditer(lx.EVERY + r"(?:(?:possible|distinct)\s+)?"):
            after = [o for o in objects if o.start == m.end()]
            if m.group(0).rstrip().endswith(("possible", "distinct")) and not (
                after and after[0].pair
            ):  # "all possible" is of pairs or combinations only ("all possible muons": asked)
                continue
            if not after:  # "all opposite-sign muon pairs": a charge word between
                after = [
                    o for o in objects
                    if o.pair and o.start > m.end()
                    and re.fullmatch(r"[#\s-]*", t.masked[m.end() : o.start])
                    and "#" in t.masked[m.end() : o.start]
                ]  # fmt: skip
            if after and after[0].pair:  # "all muon pairs": every pair, not the leading two
                self.set("all_pairs", True)
                t.mask(m.start(), m.end())
            elif after and re.match(
                r"\s*(?:must|should|has\s+to|have\s+to|is\s+required|are\s+required|needs?\s+to"
                r"|satisf|pass)",
                t.orig[after[0].end :],
            ):  # "each lepton must satisfy pT > 20 GeV": a cut on each, not "every lepton"
                t.mask(m.start(), m.end())
            elif (
                after
                and m.group(0).strip() == "any"
                and re.search(
                    r"\b(?:without|no|not|never|nor|zero|lacking)\s*$", t.orig[: m.start()]
                )
            ):  # "events without any jets": no jet of the usual definition ("any" stresses
                t.mask(m.start(), m.end())  # the negation; it waives no definition)
            elif after and m.group(0).split()[0] == "each":
                # "the |eta| of each b-jet", "for each jet": one entry per object of the usual
                # definition, its defaults kept and listed (was: read as "every jet", no cuts);
                # "every jet", "all jets" are as written
                t.mask(m.start(), m.end())
            elif after:
                self.waivers.append((m.start(), tuple(WAIVABLE), after[0].start))
                t.mask(m.start(), m.end())

    def _eta_gap(self) -> None:
        """ "excluding the barrel-endcap transition region 1.4442 < |eta| < 1.566", "not in the
        ECAL gap": the |eta| window is rejected (never kept: "1.4442 < |eta| < 1.566" alone
        would keep only the gap)."""
        num = r"(\d+(?:\.\d+)?)"
        veto = (
            r"(?:excluding|excluded|exclude|excl\.?|vetoing|veto|removing|remove|rejecting|reject"
            r"|not\s+in|outside(?:\s+of)?|except(?:\s+for)?|avoiding|avoid)"
        )
        gap_words = (
            r"(?:the\s+)?(?:ecal\s+)?(?:barrel[- ]?(?:to[- ])?end-?caps?\s+|eb[- ]ee\s+)?"
            r"(?:transition|gap|crack|overlap)(?:\s+(?:region|regions|zone))?"
        )
        window = rf"\(?\s*{num}\s*<=?\s*\|\s*eta\s*\|\s*<=?\s*{num}\s*\)?"
        # "1.4442-1.566", "|eta| = 1.4442 and 1.566", "1.4442 to 1.566 in |eta|": beside a gap
        # word or a veto word only
        span = (
            rf"(?:\|\s*eta\s*\|\s*(?:=\s*|between\s+|from\s+|of\s+)?)?{num}\s*(?:-|to|and|\.\.)"
            rf"\s*{num}(?![\d.])(?:\s+in\s+\|\s*eta\s*\|)?"
        )
        removed = r"\s*(?:is\s+|are\s+|being\s+)?(?:excluded|vetoed|removed|rejected)\b"
        for m in self.t.finditer(
            rf"\b{veto}\s+(?:{gap_words}\s*)?(?:,\s*|of\s+|i\.e\.\s*)?{window}"
            rf"|\b{veto}\s+(?:{gap_words}\s*)?(?:,\s*|of\s+|i\.e\.\s*|between\s+|at\s+)?"
            rf"{span}(?:\s+{gap_words})?"
            rf"|{window}{removed}"
            rf"|\b{gap_words}\s*(?:,\s*|between\s+|from\s+|at\s+)?{span}{removed}"
            rf"|\b{veto}\s+{gap_words}\b"
        ):
            numbers = [g for g in m.groups() if g is not None]
            target = self.nearest(m.start(), m.end())
            kind = target.kind if target is not None else self.result.draft.object
            if numbers:
                lo, hi = float(numbers[0]), float(numbers[1])
            elif kind in ("electron", "photon"):
                lo, hi = 1.4442, 1.566
                self.result.notes.append(
                    "The ECAL barrel-endcap transition region is taken as 1.4442 < |eta| < "
                    "1.566 (of the supercluster in CMS; the object's eta is used here)."
                )
            else:
                continue  # a gap of muons or jets: left unplaced (asked)
            if kind is None or not lo < hi:
                continue
            self.set(f"requirements.{kind}.eta_gap", [lo, hi])
            if target is not None:
                target.used = True
            self.t.mask(m.start(), m.end())

    def _field_cuts(self) -> None:
        """A cut on a NanoAOD field by its name: "sip3d < 4", "jetId >= 6", "Muon_dxy < 0.05"."""
        from chathep.registry import fields as nanoaod

        kinds = {v: k for k, v in COLLECTION_KINDS.items()}
        # a length in the field's own unit (NanoAOD: cm) or converted: "dxy < 0.5 mm"
        unit = r"(?:\s*(?P<unit>cm|mm|mum|um|microns?)\b)?"
        for m in self.t.finditer(
            r"(?P<open>\|\s*|\babs\s*\(\s*)?\b(?:(?P<kind>muon|electron|jet|photon|tau)_)?"
            r"(?P<word>[a-z][a-z0-9_]*[a-z0-9])(?P<close>\s*\||\s*\))?\s*"
            r"(?P<op>==|!=|>=|<=|=|>|<)\s*(?P<value>-?\d+(?:\.\d+)?)(?![\d.])" + unit
        ):
            absolute = m["open"] is not None
            if absolute != (m["close"] is not None) or (absolute and m["op"] not in ("<", "<=")):
                continue  # "|dxy| > 0.1" is two ranges (an OR): asked about
            word = m["word"]
            if word in ("pt", "eta", "phi", "mass", "met", "ht", "mt", "m"):
                continue  # kinematics have their own rules (units, |eta|, pairs)
            if m["kind"]:
                kind = m["kind"]
            else:
                target = self.nearest(m.start(), m.end())
                kind = target.kind if target is not None else None
            members = ("Muon", "Electron") if kind == "lepton" else (kinds.get(kind or ""),)
            names = {nanoaod.field_name(c, word) for c in members if c}
            name = names.pop() if len(names) == 1 else None  # leptons: a field of both
            if name is None or kind is None:
                continue  # not a field of the object: the word check asks about it
            value = float(m["value"])
            if m["unit"]:  # a length: NanoAOD stores cm (said in the field's documentation)
                doc = " ".join(nanoaod.descriptions(c).get(name.lower(), "") for c in members if c)
                if not re.search(r"\bcm\b", doc):
                    continue  # a unit the field does not have: asked about
                scale = {"cm": 1.0, "mm": 0.1}.get(m["unit"], 1e-4)  # um, microns
                value = float(f"{value * scale:.12g}")
            op = "==" if m["op"] == "=" else m["op"]
            if name in _SIGNED_IMPACT and not absolute:
                # "dxy < 0.05 cm": the impact parameter is signed in NanoAOD, and a cut on it is
                # on its size (was: dxy < 0.05 kept every negative dxy, silently); "dxy > 0.01"
                # is two ranges (an OR): asked about
                if op not in ("<", "<="):
                    continue
                absolute = True
                self.result.notes.append(
                    f"'{m.group(0).strip()}' read as |{name}| {op} {value:g} ({name} is signed; "
                    "a cut on it is on its size)."
                )
            old = get_path(self.result.draft, f"requirements.{kind}.field_cuts") or []
            cuts = [FieldCut(field=name, op=op, value=value)]
            if absolute:  # |dxy| < 0.05: -0.05 < dxy < 0.05
                cuts.append(FieldCut(field=name, op=">" if op == "<" else ">=", value=-value))
            self.set(f"requirements.{kind}.field_cuts", [*old, *cuts])
            for mention in self.mentions:
                if mention.kind == kind and mention.start <= m.start() < mention.end + 40:
                    mention.used = True
            end = m.end()
            # "sip3d < 4 (significance of 3d impact parameter)": a gloss of the field is read
            gloss = re.match(r"[`'\s]*\(([^()]{3,80})\)", self.t.orig[end:])
            # (the lexicon may have written a gloss as the field's name: "(sip3d)")
            if gloss and (
                gloss.group(1).strip().lower() == name.lower()
                or all(nanoaod.describes(c, name, gloss.group(1)) for c in members if c)
            ):
                end += gloss.end()
            self.t.mask(m.start(), end)

    def _lead_cuts(self) -> None:
        """ "the leading muon above 40 GeV": a cut on the leading object, not on every one."""
        t = self.t
        names = r"(muons?|electrons?|jets?|bjets?|photons?|taus?|leptons?)"
        for m in t.finditer(
            rf"\b(?:leading|hardest|highest[- ]pt|first)\s+{names}\s+"
            r"(?:(?:to\s+have|with|has|having|must\s+have|should\s+have|is|be)\s+)?(?:an?\s+)?"
            rf"(?:pt\s*)?{lx.GREATER}\s*{lx.NUM}{lx.UNIT}"
        ):
            if not m.group(3) and "pt" not in m.group(0):
                continue  # "leading jet with 2 ..." is not a pT cut
            if re.search(r"\b\d+\s*$", t.orig[: m.start()]):
                continue  # "the 2 leading jets with pT > 50 GeV (each)": a cut on both
            kind = m.group(1).rstrip("s")
            kind = {"bjet": "bjet", "lepton": "lepton"}.get(kind, kind)
            self.set(f"requirements.{kind}.lead_pt_min", _gev(m.group(2), m.group(3)))
            requiring = re.search(
                r"\b(?:require|requiring|with|where|if|events)\b[^.;,]*$", t.orig[: m.start()]
            ) or re.search(r"\b(?:to\s+have|with|has|having|must|should|is|be)\b", m.group(0))
            obj = next((o for o in self.mentions if m.start() < o.start < m.end()), None)
            if obj is not None:
                obj.used = True
            # the cut words are read; "leading muon" stays the plotted object unless the
            # phrase is a requirement ("require the leading muon to have ...")
            cut_from = m.start() if requiring else m.end(1)
            t.mask(cut_from, m.end())
            if requiring and obj is not None:
                self.mentions.remove(obj)

    def _sublead_cuts(self) -> None:
        """ "requiring the subleading muon to have pT above 15 GeV": a cut on one object the spec
        cannot place on it alone (it is not a cut on every muon): asked, never widened."""
        names = r"(muons?|electrons?|jets?|bjets?|photons?|taus?|leptons?)"
        for m in self.t.finditer(
            rf"\b(sub-?leading|second(?:[- ]leading|[- ]hardest)?|third)\s+{names}\s+"
            r"(?:(?:to\s+have|with|has|having|must\s+have|should\s+have|is|be)\s+)?(?:an?\s+)?"
            rf"(?:pt\s*|transverse\s+momentum\s*)?{lx.GREATER}\s*{lx.NUM}{lx.UNIT}"
        ):
            kind = m.group(2).rstrip("s")
            req = self.result.draft.requirements.get(kind)  # type: ignore[call-overload]
            lead = req.lead_pt_min if req is not None else None
            sub = _gev(m.group(3), m.group(4))
            if m.group(1) != "third" and lead is not None and sub <= lead:
                # "leading lepton pT > 20 GeV, trailing lepton pT > 10 GeV": the usual pair of
                # thresholds = two such objects above the lower one, the leading above the higher
                self.set(f"requirements.{kind}.pt_min", sub)
                if req.min_count is None or req.min_count < 2:
                    self.set(f"requirements.{kind}.min_count", 2)
                obj = next((o for o in self.mentions if m.start() < o.start < m.end()), None)
                if obj is not None:
                    obj.used = True
                self.t.mask(m.start(), m.end())
                continue
            self.result.unplaced.append(
                self._context(m.start(), m.end()) + " (a cut on that one object only?)"
            )
            self.t.mask(m.start(), m.end())

    def _veto(self, m: re.Match[str]) -> None:
        """The object named right after ``m`` must be absent from the event."""
        target = self.attribute(m.end(), after_only=True)
        if target is None or target.kind == "met":
            return
        target.used = True
        self.set(f"requirements.{target.kind}.max_count", 0)
        self.t.mask(m.start(), m.end())

    def _double_negations(self) -> None:
        """ "exclude events that do not have exactly two muons": two negations keep the events
        that have them ("... do not contain a muon": at least one). Read before the waivers and
        vetoes, which would each take one of the negations."""
        t = self.t
        lead = rf"(?=\s*(?:{ADJECTIVES}\s+)*(?:{_OBJECT_WORDS}))"
        for m in t.finditer(
            r"\b(?:delete|remov(?:e|ing)|drop(?:ping)?|reject(?:ing)?|veto(?:ing)?|discard(?:ing)?"
            r"|exclud(?:e|ing)|skip(?:ping)?|filter(?:ing)?\s+out|throw(?:ing)?\s+(?:away|out)"
            r"|get(?:ting)?\s+rid\s+of)\s+(?:all\s+)?(?:the\s+)?events\s+(?:(?:that|which)\s+"
            r"(?:(?:do\s+not|don't|does\s+not|dont|doesn't|fail\s+to)\s+(?:have|contain)|lack)"
            r"|without|lacking|with\s+no|having\s+no)\s+(?:(exactly|at\s+least|>=)\s*)?"
            rf"(?:(\d+)|any|an?|one\s+or\s+more)?{lead}"
        ):
            target = self.attribute(m.end(), after_only=True)
            if target is None:
                continue
            n = int(m.group(2)) if m.group(2) else 1
            base = f"requirements.{target.kind}"
            self.set(f"{base}.min_count", n)
            if m.group(1) == "exactly":
                self.set(f"{base}.max_count", n)
            target.used = True
            t.mask(m.start(), m.end())

    def _vetoes(self) -> None:
        """ "delete events with fewer than two jets" is a selection: keep >= 2 jets."""
        t = self.t
        lead = rf"(?=\s*(?:{ADJECTIVES}\s+)*(?:{_OBJECT_WORDS}))"
        # "events with no muons", "events without any b-jets": none of them
        for m in t.finditer(
            rf"\bevents\s+(?:with\s+no|without(?:\s+any)?(?:\s*#+)?|that\s+have\s+no|having\s+no)"
            rf"{lead}"
        ):
            self._veto(m)
        for m in t.finditer(
            r"\b(?:delete|remove|drop|reject|veto|discard|throw\s+(?:away|out)|exclude|skip|cut"
            r"|get\s+rid\s+of)\s+(?:all\s+)?(?:the\s+)?events\s+(?:with|that\s+have|having|"
            r"containing|which\s+have)\s+(?:(fewer|less)\s+than|(more)\s+than|(at\s+least|>=)"
            rf"|(no|zero|0))\s*(\d+)?{lead}"
        ):
            target = self.attribute(m.end(), after_only=True)
            if target is None:
                continue
            n = int(m.group(5)) if m.group(5) else 1
            base = f"requirements.{target.kind}"
            if m.group(1):
                self.set(f"{base}.min_count", n)
            elif m.group(2):
                self.set(f"{base}.max_count", n)
            elif m.group(3):
                self.set(f"{base}.max_count", max(0, n - 1))
            else:
                self.set(f"{base}.min_count", 1)
            target.used = True
            t.mask(m.start(), m.end())
        # "vetoing events with any electron", "excluding events with jets above 30 GeV",
        # "events that do not contain a muon", "... no electrons and no muons": none of them
        for m in t.finditer(
            r"\b(?:(?:veto(?:ing)?|exclud(?:e|ing)|reject(?:ing)?|remov(?:e|ing)|discard(?:ing)?)"
            r"\s+(?:all\s+)?(?:the\s+)?events\s+(?:with|that\s+have|having|containing|which\s+have)"
            r"|events\s+(?:that|which)\s+(?:do\s+not|don't|does\s+not)\s+(?:contain|have))"
            rf"\s+(?:any\s+|#+\s*|an?\s+|one\s+or\s+more\s+)?{lead}"
        ):
            self._veto(m)

    def _chained_vetoes(self) -> None:
        """ "events with no electrons and no muons": the second "no" vetoes too."""
        t = self.t
        lead = rf"(?=\s*(?:{ADJECTIVES}\s+)*(?:{_OBJECT_WORDS}))"
        for m in t.finditer(rf"\b(?:and|or|nor)\s+(?:no|zero|0)\b{lead}"):
            start, _end = _segment(t.orig, m.start())
            # a veto read before it in the clause, or the clause describes the events ("events
            # with exactly one electron and no muons")
            described = re.search(
                r"\bevents?\s+(?:with|that\s+have|having|containing)\b", t.orig[start : m.start()]
            )
            if "#" not in t.masked[start : m.start()] and not described:
                continue
            self._veto(m)

    def _compared_counts(self) -> None:
        """ "events with the number of jets <= 3", "where the jet multiplicity is more than 3",
        "requiring the number of b-jets smaller than 4": a count of objects compared with a
        number in a condition, the count cut on those objects."""
        for m in self.t.finditer(_COMPARED_COUNT):
            kind = _COUNT_KIND[(m.group("o1") or m.group("o2")).removeprefix("light ")]
            n, op = int(m.group("n")), _COUNT_OPS[re.sub(r"\s+", " ", m.group("op"))]
            if op == "<" and n == 0:
                continue  # "fewer than 0 jets": left unread (asked)
            low = {">=": n, ">": n + 1, "==": n}.get(op)
            high = {"<=": n, "<": n - 1, "==": n}.get(op)
            base = f"requirements.{kind}"
            if low is not None:
                self.set(f"{base}.min_count", low)
            if high is not None:
                self.set(f"{base}.max_count", high)
            for mention in self.mentions:
                if m.start() <= mention.start < m.end():
                    mention.used = True
            self.t.mask(m.start("what"), m.end())
        m = _PLOTTED_COUNT.search(self.t.masked)
        if m is not None and not self.followup:
            # "the number of jets > 2": the count is plotted, in events where it is above 2
            # (was: asked); the cut is said, as a unit would make it a pT cut
            what = m.group("o1") or m.group("o2")
            kind = _COUNT_KIND[what.removeprefix("light ")]
            n, op = int(m.group("n")), _COUNT_OPS[re.sub(r"\s+", " ", m.group("op"))]
            low = {">=": n, ">": n + 1, "==": n}.get(op)
            high = {"<=": n, "<": n - 1, "==": n}.get(op)
            if (high is None or high >= 0) and not what.startswith("light"):
                base = f"requirements.{kind}"
                if low is not None:
                    self.set(f"{base}.min_count", low)
                if high is not None:
                    self.set(f"{base}.max_count", high)
                self.t.mask(m.start("op"), m.end("n"))
                words = _KIND_NAMES.get(kind, f"{kind}s")
                said = (
                    f"exactly {low}" if low == high else f"at least {low}" if high is None
                    else f"at most {high}" if low is None else f"{low} to {high}"
                )  # fmt: skip
                self.result.notes.append(
                    f"'{m.group('what')}' read as the number of {words}, in events with {said} "
                    f"{words} (a cut on the plotted count); say e.g. '{words} with pT > {n} GeV' "
                    "for a pT cut."
                )

    def _mass_window(self) -> None:
        """A mass range next to a pair that is not what is plotted is an event selection.

        "MET in events with a muon pair of mass 60-120 GeV": the pair must exist in the
        window; the histogram is of the MET. A range of the plotted mass stays its axis.
        """
        d = self.result.draft
        # "muon pT in dimuon events": events with such a pair
        for m in self.mentions:
            plotted = d.pair and m.kind == d.object
            if (
                m.pair
                and not m.used
                and not plotted
                and d.pair_sel is None
                and (
                    re.match(r"\s*(?:candidate\s+)?events\b", self.t.orig[m.end :])
                    # "the MET in events containing an opposite-sign muon pair"
                    or re.search(
                        r"\bevents?\s+(?:with|containing|having|that\s+(?:have|has|contains?))\s+"
                        r"(?:a|an|one|at\s+least\s+one)\s+(?:(?:opposite|same)[- ]?"
                        r"(?:sign|charged?)\s+|os\s+|ss\s+)?$",
                        self.t.orig[: m.start],
                    )
                )
            ):
                m.used = True
                self.set("pair_sel", m.kind)
        for pos, bound, value in self.mass_cuts:
            # "the dimuon pT for pairs with mass above 12 GeV": the mass word is the cut's
            width = 4 if self.t.orig.startswith("mass", pos) else 1
            self.quantity_spans.append((pos, pos + width))
            pairs = [m for m in self.mentions if m.pair and abs(m.start - pos) < 40]
            if pairs:
                pairs[0].used = True
                if not (d.pair and pairs[0].kind == d.object):  # else: the plotted pair
                    self.set("pair_sel", pairs[0].kind)
            self.set(bound, value)  # with no pair named: the plotted pair (see build)
        for start, _end, lo_gev, hi_gev in self.ranges:
            # whole words only: a window cut inside "system" must not read its "m" as a mass
            lo = _word_start(self.t.orig, max(0, start - 45), start)
            before = self.t.orig[lo:start]
            # not "... a dimuon mass between 80 and 100 GeV, 40 bins in [0, 200]": the bins' range
            if not re.search(r"\b(?:mass|m)\b[^.;]*$", before) or re.search(
                r"\bbins?\b[^.;]*$", before
            ):
                continue
            pairs = [m for m in self.mentions if m.pair and m.end <= start and start - m.end < 60]
            if d.pair and d.quantity == "mass" and (not pairs or pairs[-1].kind == d.object):
                continue  # the range of the plotted pair mass: its axis
            if not pairs and not d.pair:
                # "events with two opposite-charge muons with invariant mass between 70 and
                # 110 GeV": the two counted leptons are the pair the window selects
                pairs = [
                    m for m in self.mentions
                    if not m.pair and m.end <= start and start - m.end < 60
                    and m.kind in ("muon", "electron", "lepton", "tau")
                    and (d.requirements.get(m.kind, ObjectReq()).min_count or 0) >= 2
                ]  # fmt: skip
            if not pairs and not d.pair:
                continue
            mass_word = re.search(r"\b(?:mass|m)\b[^.;]*$", before)
            self.quantity_spans.append((lo + mass_word.start(), start))
            if pairs and not (d.pair and pairs[-1].kind == d.object):
                pairs[-1].used = True
                self.set("pair_sel", pairs[-1].kind)
            # else "the dimuon pT for pairs with mass 80-100 GeV": a window on the plotted pair
            self.set("pair_mass_min", lo_gev)
            self.set("pair_mass_max", hi_gev)
            self._axis_besides_the_window("start", lo_gev)
            self._axis_besides_the_window("stop", hi_gev)
        # "jet pT in events with two opposite-sign muons": events with such a pair
        if d.charge is not None and not d.pair and d.pair_sel is None:
            counted = [
                k for k, req in d.requirements.items()
                if k in ("muon", "electron", "lepton", "tau") and (req.min_count or 0) >= 2
            ]  # fmt: skip
            if self.followup and (len(counted) != 1 or d.object in (None, counted[0])):
                pass  # "now same-sign pairs": the charge of the previous plot's pair
            elif len(counted) == 1:
                # a follow-up too: "now the number of electrons in events with two
                # opposite-sign muons" (was: the charge dropped, every muon pair kept)
                self.set("pair_sel", counted[0])
            elif d.charge == "any" and not counted:
                pass  # "the pT of muons of any charge": no pair, so no charge cut (noted)
            else:
                self.result.unplaced.append(f"{d.charge} charge (of which pair?)")

    def _axis_besides_the_window(self, bound: str, window: float) -> None:
        """The mass window was read as the axis range too: the axis edge ``bound`` is the other
        value read for it ("for events where the dimuon mass is between 80 and 100 GeV, ...,
        20 bins between 0 and 200": the window and the binning both set the axis, a conflict),
        or none when the window was the only range."""
        d, r = self.result.draft, self.result
        if self.values_set.get(bound, []).count(window) >= 2:
            # "... 80 < m(mumu) < 100 GeV; with 25 bins from 0 to 100": the binning's own edge
            # is the window's value too; it stays (was dropped: the default stop, silently)
            return
        for conflict in self.conflicts:
            path, first, second = conflict
            if path == bound and window in (first, second):
                self.conflicts.remove(conflict)
                setattr(d, bound, second if first == window else first)
                return
        setattr(d, bound, None)
        r.explicit.discard(bound)

    def _trigger_descriptions(self) -> None:
        """ "the `HLT_TkMu50` trigger: the high-level trigger that requires a track consistent
        with a muon with pT > 50 GeV" explains the path; its threshold is not an offline cut."""
        if not re.search(r"\bHLT_[A-Za-z0-9_]+", self.raw):
            return
        for m in self.t.finditer(
            r"\bhlt_[a-z0-9_]+\W*(?:(?:trigger|path)\b)?\s*[:,(-]?\s*(?:i\.?e\.?,?\s*)?"
            r"(?:(?:the|a|an)\s+)?(?:[a-z-]+\s+){0,3}?(?:trigger|path)?\s*(?:that|which)\s+"
            r"(?:requires|selects|fires\s+on|demands|asks\s+for|needs)\b"
            r"(?:(?!,\s*(?:and|but|then|require|requiring|with|plot|select)\b)[^.;)])*"
        ):
            start = m.start() + m.group(0).find(" ")
            self.result.notes.append(
                f"'{self._context(start, m.end()).strip()}' describes the trigger; it is not "
                "used as an offline cut."
            )
            self.t.mask(start, m.end())

    def _triggers_and_targets(self) -> None:
        """HLT paths typed verbatim; "closest to the W mass" / "closest to 172.5 GeV"."""
        # "HLT_IsoMu24" (any case: "hlt_isomu24"), or the path's name before "trigger"/"path"
        # ("the IsoMu24 trigger"): the HLT path, "HLT_" + the name as typed
        raw = self.raw.replace("\\_", "_")  # LaTeX's "HLT\_IsoMu24"
        typed = re.findall(r"\b[Hh][Ll][Tt]_([A-Za-z0-9_]+)", raw)
        named = re.findall(
            r"(?i)\b((?:iso)?(?:tk)?mu\d+[a-z0-9_]*|ele\d+[a-z0-9_]*|photon\d+[a-z0-9_]*"
            r"|pf(?:ht|jet|met)\d+[a-z0-9_]*)\s+(?:trigger|path|hlt\s+path)\b",
            raw,
        )
        # "HLT_IsoMu24_v*", "HLT_IsoMu24_v12": NanoAOD's branch has no version suffix
        typed = [re.sub(r"_v\d*$", "", name) for name in typed]
        paths = list(dict.fromkeys(f"HLT_{name}" for name in typed + named))
        if paths:
            self.set("triggers", paths)
            for path in paths:
                for word in (path.lower(), path.lower().removeprefix("hlt_")):
                    for m in self.t.finditer(rf"\b{re.escape(word)}(?:_v\d*)?\b\*?"):
                        self.t.mask(m.start(), m.end())
            joined = re.search(r"(?i)\bhlt_\w+\*?\s+and\s+(?:the\s+)?hlt_\w+\*?", raw)
            if len(paths) > 1 and joined:  # "passing HLT_IsoMu24 and HLT_Mu50"
                self.result.notes.append(
                    f"'{joined.group(0)}' is read as a trigger list: events pass either path "
                    "(an OR), as analyses list their triggers."
                )
            for m in self.t.finditer(
                r"\b(?:the\s+)?(?:double[- ]muon\s+|single[- ]muon\s+)?"
                r"triggers?\b"
            ):
                self.t.mask(m.start(), m.end())
        names = "|".join(lx.MASSES)
        for m in self.t.finditer(
            rf"\b(?:closest|nearest)\s+to\s+(?:the\s+)?(?:({names})\b(?:\s+(?:boson|quark))?(?:\s+"
            rf"(?:pole\s+)?mass)?|(?:mass\s+(?:of\s+)?)?{lx.NUM}{lx.UNIT})"
        ):
            mass = lx.MASSES[m.group(1)] if m.group(1) else _gev(m.group(2), m.group(3))
            self.set("target_mass", mass)
            if m.group(1):  # "closest to the Z mass": said as such (the number: as written)
                self.set("target_name", lx.MASS_NAMES[m.group(1)])
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(r"\btri-?jets?\b|\b3[- ]jet\b"):
            self.set("size", 3)
            if m.group(0).startswith("3"):
                self.t.mask(m.start(), m.start() + 2)  # the "3-" is read; "jet" is an object
        for m in self.t.finditer(lx.MAX_MASS_SELECTS):  # "the dijet with the largest mass"
            self.set("max_mass", True)
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(lx.MAX_PT_PAIR):  # "the dimuon pair with the highest pT"
            self.set("max_pt", True)
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(lx.MIN_DR_PAIR):  # "the b-jet pair with the smallest dR"
            self.set("min_dr", True)
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(lx.MAX_MASS):  # "the maximum dijet mass", "m_jj max"
            self.set("max_mass", True)
            word = 1 if m.group(1) else 2
            self.t.mask(m.start(word), m.end(word))
        z_part = self.t.finditer(r"\bz_?([12])(?=\s+(?:mass|pt|eta|phi|rapidity)\b)")
        quad = self.t.finditer(r"\bquad(?:muon|electron|lepton|jet)s?\b")
        if z_part and not quad:  # "mZ1" alone: of the four-lepton ZZ candidate
            self.set("object", "lepton")
            self.set("pair", True)
            quad = z_part
        if self.t.finditer(se.LEPTON_TRIPLET):  # "the trilepton mass", "m_{3l}"
            self.set("size", 3)
        if quad:  # "the four-muon mass"
            self.set("size", 4)
            zz = re.search(lx.Z_PAIRING, self.t.orig)
            target = self.result.draft.target_mass
            leptons = not quad[0].group(0).startswith("quadjet")
            if leptons and (zz or target == lx.MASSES["z"]):  # H -> ZZ -> 4l pairing (said)
                self.set("zz", True)
                parts = [(m.start(), m.end()) for m in z_part]
                for m in self.t.finditer(lx.ZZ_PAIRS) + self.t.finditer(lx.Z_PAIRING):
                    if not any(a <= m.start() < b for a, b in parts):  # Z1/Z2: below
                        self.t.mask(m.start(), m.end())
                for m in z_part if len({m.group(1) for m in z_part}) == 1 else []:
                    self.set("z_part", f"z{m.group(1)}")  # both Z1 and Z2: one plot each
                    self.t.mask(m.start(), m.end())
            elif zz or target is not None:
                said = f"'{zz.group(0)}'" if zz else "the candidate closest to a mass"
                self.result.ask(
                    f"Pairing four objects into two Z candidates ({said}) is planned for four "
                    "muons, electrons or light leptons, with Z1 the same-flavour opposite-"
                    "charge pair closest to the Z mass; a four-object candidate closest to "
                    "another mass, or four jets, cannot be planned yet. I can plot the four "
                    "leading objects as one system, of any total charge or neutral ('total "
                    "charge zero'): shall I?"
                )

    def _branches(self) -> None:
        """A NanoAOD field by name (Muon_pfRelIso04_all) or in words (muon isolation)."""
        for m in re.finditer(
            r"\b(Muon|Electron|Jet|FatJet|Photon|Tau)_([A-Za-z][A-Za-z0-9_]*)\b"
            r"(?!\s*(?:[=!<>]=?|<|>)\s*-?\d)",
            self.raw,
        ):
            if m.group(2).lower() in ("pt", "eta", "phi", "mass"):
                continue  # "Muon_pt" reads as "muon pt" (normalised): a quantity, not a branch
            kind = COLLECTION_KINDS[m.group(1)]
            self.set("quantity", "branch")
            self.set("object", kind)
            self.set("branch", m.group(2))
            low = self.t.masked.find(m.group(0).lower())
            if low != -1:
                self.t.mask(low, low + len(m.group(0)))
            return
        for m in self.t.finditer(
            r"\b(?:max(?:imum)?|leading|largest|highest)\s+(b-?tag(?:ging)?(?:\s+(?:values?|scores?))?)\b"
        ):
            if self._reduced_branch(m.start(1), m.end(1), "btagDeepFlavB"):
                return
        for pattern, kind, field_name in lx.BRANCH_WORDS:
            for m in self.t.finditer(pattern):
                target = self.nearest(m.start(), m.end())
                context = None
                if target is None:  # "now the pz", "now tau21": of the plot's object
                    context = self._followup_object(m.start(), m.end())
                    context = context if kind in (None, context) else None
                kind = kind or (target.kind if target is not None else context)
                if field_name == "isolation":
                    if kind not in lx.ISOLATION_FIELD:
                        continue
                    field_name = lx.ISOLATION_FIELD[kind]
                    cone = field_name[len("pfRelIso") :][:2]  # "04" / "03"
                    other = "pfRelIso03_all" if cone == "04" else "pfRelIso04_all"
                    source = {v: k for k, v in KIND_OF_SOURCE.items()}.get(kind, "")
                    has_other = nanoaod_fields.field_name(source, other) is not None
                    self.result.notes.append(
                        f"'{self.t.orig[m.start() : m.end()].strip()}' read as {field_name}, the "
                        f"PF relative isolation in a cone of Delta R = 0.{cone[1]} (chosen for "
                        f"{kind}s"
                        + (f"; say '{other}' for the other cone)." if has_other else ").")
                    )
                if kind is None:
                    continue
                missing = _field_missing(kind, field_name)
                if missing is not None:  # "the charge of the leading jet": no Jet_charge
                    self.result.ask(missing)
                    self.t.mask(m.start(), m.end())
                    return
                if self._reduced_branch(m.start(), m.end(), field_name):
                    return
                self.set("quantity", "branch")
                self.set("object", kind, inferred=context is not None)
                self.set("branch", field_name)
                self.t.mask(m.start(), m.end())
                self._index_for(kind)
                self._kinematics_listed_with_branch(m.start(), m.end())
                return
        self._bare_field()

    def _kinematics_listed_with_branch(self, start: int, end: int) -> None:
        """ "the pT and charge of the muons", "the dxy, pt and eta of the muons": kinematics
        listed with a field are plotted too, one histogram each (before, the field alone was
        planned and the kinematics were asked about, or silently left out)."""
        # (not a cut: "the AK8 jet tau21, pT > 300 GeV" is one plot, the pT its cut)
        item = (
            r"(?:the\s+)?(pt|eta|phi|mass|energy)\b(?!\s*(?:[<>=≤≥]|above\b|below\b|over\b"
            r"|under\b|greater\b|less\b|larger\b|smaller\b|between\b|at\s+(?:least|most)\b|\d))"
        )
        sep = r"\s*(?:,\s*and|,|and|&)\s*"
        before = re.search(rf"(?:{item}{sep})+$", self.t.orig[:start])
        after = re.match(rf"(?:{sep}{item}\b)+", self.t.orig[end:])
        found: list[str] = []
        for m, offset in ((before, 0), (after, end)):
            if m is None:
                continue
            words = re.findall(r"\b(pt|eta|phi|mass|energy)\b", m.group(0))
            found += [w for w in words if w not in found]
            self.t.mask(offset + m.start(), offset + m.end())
            if offset == 0:  # "the pT, eta and pz": pT and eta are plotted before the pz
                self.set("also_before", len(found))
        if found:  # one histogram each, in the order written
            self.set("also", found)

    def _bare_field(self) -> None:
        """A NanoAOD field named alone ("a histogram with the jetId information", "plot
        `sieie` for photons"): camelCase, digits or backticks mark a code name; it is the
        plotted field of the one collection that has it (or of the object named beside it)."""
        from chathep.registry import fields as nanoaod

        for m in re.finditer(
            r"`([A-Za-z][A-Za-z0-9_]*)`|\b([a-z]+[A-Z][A-Za-z0-9]*|[A-Za-z]+[0-9][A-Za-z0-9_]*)\b"
            r"(?!\s*(?:[=!<>]=?|<|>)\s*-?\d)",
            self.raw,
        ):
            word = m.group(1) or m.group(2)
            if len(word) < 4 or word.lower() in ("pt", "eta", "phi", "mass", "charge"):
                continue  # kinematics ("pT") have their own rules
            owners = [c for c in nanoaod.COLLECTIONS if nanoaod.field_name(c, word)]
            low = self.t.masked.find(word.lower())
            if not owners or low == -1:
                continue
            target = self.nearest(low, low + len(word))
            context = self._followup_object(low, low + len(word)) if target is None else None
            if context is not None:  # "now the ptErr": of the plot's object
                target = Mention(low, low + len(word), context)
            if len(owners) > 1 or context is not None:
                owners = [
                    c for c in owners if target is not None and COLLECTION_KINDS[c] == target.kind
                ]
                if len(owners) != 1:
                    continue
            kind = COLLECTION_KINDS[owners[0]]
            self.set("quantity", "branch")
            self.set("object", kind, inferred=context is not None)
            self.set("branch", nanoaod.field_name(owners[0], word))
            self.t.mask(low, low + len(word))
            for mention in self.mentions:
                if mention.kind == kind and abs(mention.start - low) < 40:
                    mention.used = True
            self._kinematics_listed_with_branch(low, low + len(word))
            return
        self._field_beside_its_object()

    def _followup_object(self, start: int, end: int) -> str | None:
        """In a follow-up that is a field alone ("now the dxy", "the charge instead"): the
        object of the plot being edited (as for "now the pT"); None otherwise."""
        if not (self.followup and self.context_object) or self.context_object == "met":
            return None
        text = self.t.orig
        before = re.fullmatch(
            r"\s*(?:(?:now|and|then|ok|okay)[\s,]+)*(?:(?:plot|show|draw|histogram|make)\s+"
            r"(?:me\s+)?)?(?:the\s+|its\s+|their\s+)?",
            text[:start],
        )
        after = re.fullmatch(r"\s*(?:instead|please)?\s*[.!]?\s*", text[end:])
        return self.context_object if before and after else None

    def _field_beside_its_object(self) -> None:
        """A lower-case NanoAOD field that is no common English word, named with its object:
        "the dxy of the muons", "the muon dz", "jet qgl" (the field of that object's collection)."""
        from chathep.registry import fields as nanoaod

        from .coverage import FILLER, MEANINGFUL, prose_words

        for m in self.t.finditer(
            r"\b[a-z][a-z0-9]{1,15}\b(?!\s*(?:[=!<>]=?|<|>|above|below|over|under|greater|less"
            r"|at\s+(?:least|most))\s*(?:than\s+)?-?\d)"  # a cut on it, not the plotted field
        ):
            word = m.group(0)
            if word in ("pt", "eta", "phi", "mass", "charge", "energy"):
                continue  # kinematics have their own rules
            if word in prose_words() or word in MEANINGFUL or word in FILLER:
                continue  # "the jet area", "the muon size": ordinary words are not read so
            target = self.nearest(m.start(), m.end())
            context = self._followup_object(m.start(), m.end()) if target is None else None
            if context is not None:  # "now the dxy": of the plot's object
                target = Mention(m.start(), m.end(), context)
            # "the dxy, pt and eta of the leading muon": the kinematics listed after the field
            # are no distance from its object (was: too far, and the dxy silently dropped)
            listed = re.match(
                r"(?:\s*(?:,\s*and|,|and|&)\s*(?:the\s+)?(?:pt|eta|phi|mass|energy)\b)+",
                self.t.orig[m.end() :],
            )
            skipped = len(listed.group(0)) if listed and target is not None else 0
            if target is not None and target.start < m.start():
                skipped = 0
            if target is None or abs(target.start - m.start()) - skipped > 30:
                continue
            owners = [
                c
                for c in nanoaod.COLLECTIONS
                if COLLECTION_KINDS.get(c) == target.kind and nanoaod.field_name(c, word)
            ]
            if len(owners) != 1:
                continue
            self.set("quantity", "branch")
            self.set("object", target.kind, inferred=context is not None)
            self.set("branch", nanoaod.field_name(owners[0], word))
            self.t.mask(m.start(), m.end())
            target.used = True
            self._kinematics_listed_with_branch(m.start(), m.end())
            return

    def _reduced_branch(self, start: int, end: int, field_name: str) -> bool:
        """ "the maximum b-tag score among the jets in this trijet": over a candidate's legs."""
        before = re.search(
            r"\b(max(?:imum)?|largest|highest|leading|min(?:imum)?|smallest|lowest|sum(?:\s+of)?)\s+"
            r"(?:of\s+the\s+|the\s+)?(?:[a-z-]+\s+){0,2}$",
            self.t.masked[:start],
        )
        legs = re.match(
            r"\s*(?:values?\s+)?(?:among|of|in|over)\s+(?:all\s+)?(?:the\s+|its\s+)?[#\s]*"
            r"(?:(?:\d+|three|two)\s+)?(?:plotted\s+|selected\s+)?"
            r"(?:(?:jets|legs|constituents|objects|bjets)\b(?!\s+(?:in|of|forming))|"
            r"(?:(?:jets|legs|constituents|objects|bjets)\s*(?:in|of|forming|making\s+up)?\s*)?"
            r"(?:this|the|that|each)\s+(?=(?:trijet|triplet|dijet|pair|candidate|system)s?\b))",
            self.t.masked[end:],
        )
        if not before or not legs:
            return False
        word = before.group(1)
        if word[:3] in ("max", "lar", "hig", "lea"):
            reduce = "max"
        else:
            reduce = "sum" if word.startswith("sum") else "min"
        self.set("branch", field_name)
        self.set("reduce", reduce)
        self.reduced = True
        self.t.mask(before.start(), end + legs.end())
        return True

    def _index_for(self, kind: str) -> None:
        words = {"leading": 0, "first": 0, "hardest": 0, "subleading": 1, "second": 1}
        for m in self.t.finditer(r"\b(leading|first|hardest|sub-?leading|second)\b"):
            target = self.attribute(m.end(), after_only=True)
            if target is not None and target.kind == kind and target.start - m.end() < 25:
                self.set("index", words[m.group(1).replace("-", "")])
                self.t.mask(m.start(), m.end())
                return

    def _energy_lumi_era(self) -> None:
        d = self.result
        for m in self.t.finditer(r"\bpuppi\b"):
            large = re.search(
                r"(?:ak8|fat|large[- ]?r(?:adius)?)[\s-]*(?:pf\s+)?$", self.t.orig[: m.start()]
            )
            if not large and re.match(r"\s+(?:ak4\s+)?(?:pf\s+)?jets?\b", self.t.orig[m.end() :]):
                # "PUPPI jets": not the PUPPI MET; the 2018 files' AK4 'Jet' is CHS
                self.result.unplaced.append(
                    f"{self._context(m.start(), m.end())} (AK4 PUPPI jets: the 'Jet' "
                    "collection is CHS in Run 2 NanoAOD and PUPPI in Run 3; which do you mean?)"
                )
                self.t.mask(m.start(), m.end())
                continue
            self.set("puppi_met", True)
            self.t.mask(m.start(), m.end())
        # "the calo MET", "TkMET": the flavour, read from the words as written (normalised: met)
        flavours = {
            _MET_FLAVOURS[m.group(1)[:2]] for m in re.finditer(lx.MET_FLAVOUR, self.raw.lower())
        }
        if len(flavours) > 1 or (flavours and self.result.draft.puppi_met):
            self.result.ask(
                f"One MET per plan: which of {', '.join(sorted(flavours))}"
                f"{' and the PUPPI MET' if self.result.draft.puppi_met else ''} should I use?"
            )
        elif flavours:
            self.set("met_source", flavours.pop())
        collision_energy = r"(?:0\.9|2\.76|5\.02|5\.36|7|8|13(?:\.6)?|14)"
        for m in self.t.finditer(
            # "sqrt(s) = 13 TeV", "$\sqrt{s}=7$ TeV", "\surd s = 7 TeV", "a centre-of-mass
            # energy of 13 TeV": any energy; "at 13 TeV": a collision energy only (not a mass)
            r"(?:(?:sqrt|surd)\s*[({]?\s*s\s*[)}]?\s*=?|\bs\s*=|\bcent(?:re|er)[- ]of[- ]mass"
            r"\s+energy\s+(?:of\s+)?)\s*(\d+(?:\.\d+)?)\s*tev\b"
            rf"|\bat\s+({collision_energy})\s*tev\b"
            # "a set of 13 TeV Z boson data", "13.6 TeV collisions": the collision energy
            r"|(?<![<>=\d.])(?<!above )(?<!below )(?<!than )(?<!over )(?<!under )"
            rf"\b({collision_energy})\s*tev\b(?=\s+(?:[a-z0-9-]+\s+){{0,3}}?(?:data|collisions?"
            r"|events|samples?|simulation|mc|run|pp|proton))"
        ):
            energy = float(m.group(1) or m.group(2) or m.group(3))
            eras = sorted({s.era for s in self.catalog if abs(s.sqrt_s_tev - energy) < 0.05})
            if len(eras) == 1:
                self.set("era", eras[0])
            elif not eras:  # "7 TeV collisions": not what the catalog holds
                have = sorted({f"{s.sqrt_s_tev:g} TeV ({s.era})" for s in self.catalog})
                self.result.ask(
                    f"The catalog has no samples at sqrt(s) = {energy:g} TeV (it has "
                    f"{', '.join(have)}). Should I use those instead?"
                )
            self.t.mask(m.start(), m.end())
        # "in pp collisions", "proton-proton collision data": the catalog holds pp only
        for m in self.t.finditer(
            r"\b(?:pp|p\s*-\s*p|proton[- ]proton)\s+collisions?\b"
            r"|(?<=tev )\s*collisions?\b|\bcollisions?(?=\s+at\s+(?:sqrt|surd|\d))"
        ):
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(
            rf"{lx.NUM}\s*(fb|pb)\s*(?:\^?\s*\{{?-1\}}?|-1|inverse)|{lx.NUM}\s*/\s*(fb|pb)\b"
            r"|\binverse\s+(femto|pico)barns?\b"
        ):
            value = m.group(1) or m.group(3)
            unit = m.group(2) or m.group(4)
            if value is not None:
                self.set("lumi_pb", float(value) * (1000.0 if unit == "fb" else 1.0))
            self.t.mask(m.start(), m.end())
        known = sorted({s.era for s in self.catalog})
        for m in self.t.finditer(r"\b(20[0-3]\d)\b|\brun\s*-?\s*(2|3|ii|iii)\b"):
            if m.group(1) and _a_binning_number(self.t.masked, m.start(), m.end()):
                continue  # "2000 bins from 0 to 2000 GeV": a binning, read by _binning
            if m.group(1) and (
                re.search(r"(?:[<>=]|\b(?:above|below|than|over|under|exceeding))\s*$",
                          self.t.orig[: m.start()])
                or re.match(r"\s*(?:[gmt]ev|mm|cm)\b", self.t.orig[m.end() :])
            ):  # fmt: skip
                continue  # "Muon_pt < 2000", "below 2000 GeV": a value, not a year
            if m.group(1):
                era = m.group(1)
                if era not in known:
                    d.ask(
                        f"There are no {era} samples in the catalog (eras available: "
                        f"{', '.join(known)}). Which era should I use?"
                    )
                else:
                    self.set("era", era)
            else:
                run3 = m.group(2) in ("3", "iii")
                eras = [e for e in known if e.isdigit() and (int(e) >= 2022) == run3]
                if len(eras) == 1:
                    self.set("era", eras[0])
            self.t.mask(m.start(), m.end())
        for era in (e for e in known if not e.isdigit()):  # named eras, e.g. "sim13"
            for m in self.t.finditer(rf"\b{re.escape(era)}\b"):
                self.set("era", era)
                self.t.mask(m.start(), m.end())

    def _gen_particles(self) -> None:
        """A generator-level particle by name ("the gen-level top pT") or by its PDG code
        ("particles with |pdgId| == 25"): GenPart, MC only. "(PDG ID 25)" after the name
        says the same particle; "the last copy" is the one the plan takes (stated)."""
        from chathep.registry.objects import GEN_PARTICLES

        by_code = {p.pdg_id: p.name for p in GEN_PARTICLES.values()}
        for m in self.t.finditer(lx.GEN_PDG):
            if int(m.group(1)) in by_code:  # another code: asked (not a particle plans know)
                self.set("gen_particle", by_code[int(m.group(1))])
                self.t.mask(m.start(), m.end())
        for m in self.t.finditer(lx.GEN_PARTICLE_AFTER):  # "the Higgs at generator level"
            name = next(n for p, n in lx.GEN_PARTICLE_WORDS if re.fullmatch(p, m.group(1)))
            self.set("gen_particle", name)
            self.t.mask(m.start(1), m.end(1))  # (a parenthesis between: checked below)
            self.t.mask(m.start("level"), m.end("level"))
        for m in self.t.finditer(lx.GEN_PARTICLE):
            name = next(n for p, n in lx.GEN_PARTICLE_WORDS if re.fullmatch(p, m.group(2)))
            self.set("gen_particle", name)
            if m.group(1):  # "the leading gen-level muon"
                self.set("index", {"leading": 0, "subleading": 1}[m.group(1)])
            self.t.mask(m.start(), m.end())
        if self.result.draft.gen_particle is not None:  # "..., i.e. the truth particles"
            for m in self.t.finditer(lx.GEN_RECORD):
                self.t.mask(m.start(), m.end())
            again = lx.GEN_NAME_AGAIN.get(self.result.draft.gen_particle)
            for m in self.t.finditer(again) if again else ():  # "... of the Higgs boson"
                self.t.mask(m.start(), m.end())
            code = GEN_PARTICLES[self.result.draft.gen_particle].pdg_id
            for m in self.t.finditer(lx.GEN_PDG_SAID):
                if int(m.group(1)) == code:  # "the Higgs (PDG ID 25)": the same particle
                    self.t.mask(m.start(), m.end())
            for m in self.t.finditer(lx.GEN_LAST_COPY):  # the plan's own choice, stated
                self.t.mask(m.start(), m.end())
        name = self.result.draft.gen_particle
        reco = {"muon": r"muons?", "electron": r"electrons?", "photon": r"photons?"}.get(name or "")
        if reco and (
            m := re.search(rf"\b(?:{reco})\b|\breco(?:nstructed)?(?:[- ]level)?\b", self.t.masked)
        ):
            # "the reconstructed and generated muon pT": the reconstructed ones are named too
            # "the pT of good muons compared with the pT of generated muons": two collections,
            # not the generator-level one alone (the reconstructed muons were dropped)
            self.result.ask(
                f"You name reconstructed {name}s ('{m.group(0)}') and generator-level {name}s: "
                "one plan plots one collection. Which first: the reconstructed "
                f"{name}s, or the generator-level {name}s (simulation only)? Then ask for the "
                "other one."
            )

    def _generic_example(self) -> None:
        """ "a variable that is a single number in an event, for example the number of secondary
        vertices", "some per-event quantity, such as the MET": the generic words only say what
        kind of quantity the example is; the example is the plot (said in a note)."""
        for m in self.t.finditer(lx.GENERIC_EXAMPLE):
            raw = re.search(lx.GENERIC_EXAMPLE, self.raw, re.IGNORECASE)  # the user's words
            said = re.sub(r"\s+", " ", (raw or m).group(0)).strip(" ,")
            self.generic_example = said
            self.result.notes.append(
                f"'{said}' read as the example named after it: that quantity is plotted."
            )
            self.t.mask(m.start(), m.end())

    def _fill_said(self) -> None:
        """ "Return one HT value per event", ", one entry per event", "(one value per muon)":
        how the histogram is filled, said; checked against the plan once it is read
        (:meth:`_check_fill_said`). A word inside ("one HT value") is read only when it is
        filler or the request names it elsewhere too: never as the plotted quantity alone."""
        written = list(re.finditer(lx.ONE_PER, self.raw, re.IGNORECASE))  # the user's words
        for i, m in enumerate(self.t.finditer(lx.ONE_PER)):
            word = m.group("word")
            if word and not is_filler(word):
                elsewhere = re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", self.t.orig)
                if len(elsewhere) < 2:
                    continue  # "one HT value per event" and no other HT: left to the rules
            raw = (written[i] if i < len(written) else m).group(0)
            self.fill_said.append((re.sub(r"\s+", " ", raw).strip(" ,"), m.group("per")))
            self.t.mask(m.start(), m.end())

    def _check_fill_said(self) -> None:
        """The plan fills the histogram as the words said ("one value per event": one entry
        per event; "one value per muon": every muon's), said in a note; otherwise asked."""
        d = self.result.draft
        q = d.quantity
        if not self.fill_said or q is None:
            return
        fields = ("pt", "eta", "phi", "mass", "energy", "p", "rapidity", "branch")
        deltas = ("delta_r", "delta_phi", "delta_eta", "delta_y", "angle")
        special = d.gen_particle or d.sv
        per_object = not special and (
            (q in fields and d.index is None and not (d.reduce or d.per_event or d.system)
             and (not d.pair or bool(d.all_pairs)) and not d.pair)
            or (q in deltas and bool(d.nearest) and d.index is None)
        )  # fmt: skip
        per_event = not special and (
            q in EVENT_QUANTITIES or q in ("ht", "mht", "count")
            or (q in fields and (d.index is not None or d.reduce or d.per_event or d.system
                                 or (d.pair and not d.all_pairs)))
            or (q in deltas and not d.nearest and not d.all_pairs)
        )  # fmt: skip
        for said, per in self.fill_said:
            if per == "event":
                agrees = per_event and not per_object
            else:
                agrees = per_object and per in ("object", d.object)
            if agrees:
                self.result.notes.append(f"'{said}': the histogram is filled so.")
                continue
            one = d.object if d.object in ("muon", "electron", "jet", "photon", "tau") else "muon"
            fills = "one per event" if per_event else "not one per event"
            if per_object or (d.pair and d.all_pairs):
                fills = f"one per {d.object or 'object'}" + (" pair" if d.pair else "")
            self.result.ask(
                f"'{said}', but the plot I read fills {fills}. Which do you mean: one value per "
                f"event (e.g. 'the leading {one} pT') or one per {one} (e.g. 'the pT of every "
                f"{one}')?"
            )
            return

    def _vertex_position(self) -> None:
        """ "the z position of the primary vertex", "PV_z", "the event vertex in cm along the
        z axis": the primary vertex's z coordinate, one entry per event (the z is the beam
        axis, no Z boson; "primary vertex" is not their number)."""
        for m in self.t.finditer(lx.PV_Z):  # the quantity pass places it among the others
            self.vertex_z.append((m.start(), m.end()))
            self.t.mask(m.start(), m.end())

    def _check_generic_example(self) -> None:
        """ "a quantity with one value per event, e.g. the muon pT": the example has one value
        per object, not per event; the two words disagree: asked."""
        d = self.result.draft
        if not self.generic_example:
            return
        per_object = (
            d.quantity in ("pt", "eta", "phi", "mass", "energy", "p", "rapidity", "branch")
            and d.index is None
            and not (d.reduce or d.per_event or d.system)  # "the maximum |eta| of the jets"
            and (not d.pair or bool(d.all_pairs))
        )
        if per_object:
            self.result.ask(
                f"'{self.generic_example}' asks for a quantity with one value per event, but "
                "the example has one value per object. Which do you mean: every object's value, "
                "or one object's (e.g. the leading one)?"
            )

    def _secondary_vertices(self) -> None:
        """Secondary vertices as the plotted objects: their number, or one field ("SV_dxy",
        "the 2D decay length of the secondary vertices", "SV mass")."""
        from chathep.registry import fields as nanoaod

        for m in self.t.finditer(lx.SV_COUNT):
            self.set("sv", True)
            self.set("quantity", "count")
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(r"\bsv_([a-z0-9]+)\b"):  # a branch by name
            name = nanoaod.field_name("SV", m.group(1))
            if name is not None:
                self.set("sv", True)
                self.set("quantity", name if name in ("mass", "pt", "eta", "phi") else "branch")
                if name not in ("mass", "pt", "eta", "phi"):
                    self.set("branch", name)
                self.t.mask(m.start(), m.end())
        said = self.t.finditer(lx.SECONDARY_VERTICES)
        if not said:
            return
        self.set("sv", True)
        for pattern, name in lx.SV_FIELD_WORDS:
            for m in self.t.finditer(rf"\b(?:{pattern})\b"):
                self.set("quantity", "branch")
                self.set("branch", name)
                self.t.mask(m.start(), m.end())
        for m in said:
            ordinal = re.search(
                r"\b(?:leading|sub-?leading|first|second|third|hardest|highest[- ]pt)\s+$",
                self.t.masked[: m.start()],
            )
            if ordinal:  # the SV collection is not ordered by pT
                self.result.ask(
                    f"Which secondary vertex is '{ordinal.group(0).strip()}'? NanoAOD's SV "
                    "collection is not ordered by pT; I can plot a quantity of every secondary "
                    "vertex (one entry each) or their number: shall I?"
                )
            self.t.mask(m.start(), m.end())

    def _met_significance(self) -> None:
        """The MET significance as the plotted quantity, or cut on ("MET significance > 10")."""
        for m in self.t.finditer(
            rf"(?:{lx.MET_SIGNIFICANCE})\s*(?:(?:is|of)\s+)?(?:({lx.GREATER})|({lx.LESS}))\s*"
            rf"{lx.NUM}(?![\d.])(?!\s*(?:gev|tev|mev|%|bins?)\b)"
        ):
            self.set("met_sig_min" if m.group(1) else "met_sig_max", float(m.group(3)))
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(lx.MET_SIGNIFICANCE):  # what is plotted
            self.set("quantity", "met_significance")
            self.t.mask(m.start(), m.end())
        if re.search(lx.NPV_GOOD, self.t.orig):  # "the number of good vertices" (the words
            self.set("npv_good", True)  # are the npv quantity's, read with it)

    def _unsupported(self) -> None:
        npv = dict(lx.QUANTITY_PATTERNS)["npv"]
        for pattern, what in lx.UNSUPPORTED:
            if "(nPV)" in what and re.search(npv, self.t.masked):  # the pileup entry
                continue  # "asked about pileup ..., count the primary vertices": the nPV
            if what.startswith("masses of systems of leptons") and re.search(
                lx.TWO_KIND_SYSTEM, self.t.masked
            ):
                continue  # the leading lepton and the leading jet: read (_two_kind_system)
            if re.search(pattern, self.t.masked):
                self.result.ask(
                    f"I cannot plan {what} yet: plans cover muons, electrons, photons, taus, "
                    "jets, b-tagged and AK8 jets (pT, eta, rapidity y, phi, |p|, energy, E_T, "
                    "p_x, p_y, p_z, theta, multiplicity; raw jet pT, jet energy fractions; "
                    "masses, pT and rapidity of pairs, triplets and four objects; Delta R/phi/"
                    "eta, also to the nearest object, and the 3D angle; H -> ZZ -> 4l pairing), "
                    "NanoAOD fields by name, generator-level particles, secondary vertices, HT, "
                    "missing HT, MET (PF, PUPPI, Calo, Raw, Track, CHS) and its significance, mT "
                    "and the number of primary vertices. Which of these would help?"
                )
                return

    def _corrections(self) -> None:
        found: list[str] = []
        for pattern, names in lx.CORRECTION_PATTERNS:
            for m in self.t.finditer(pattern):
                found += [n for n in names if n not in found]
                self.t.mask(m.start(), m.end())
                # "without Rochester corrections": the verb is read with the correction (a
                # follow-up removes it; see chathep.planner.followup)
                verb = re.search(
                    r"\b(?:without|no|remove|drop|disable|turn\s+off|switch\s+off|minus)\s+"
                    r"(?:the\s+|any\s+)?[#\s]*$",
                    self.t.masked[: m.start()],
                )
                if verb:
                    self.t.mask(verb.start(), m.start())
                before = re.search(r"\bbefore\s+(?:the\s+|any\s+)?$", self.t.orig[: m.start()])
                jets = re.search(r"\bjets?\b", self.t.orig)
                if names == [JEC.name] and (verb or before) and jets:
                    # "the jet pT without JEC": NanoAOD's jet pT is corrected in production
                    # (was: that pT plotted, with the 'jec' correction merely not re-applied)
                    self.result.ask(
                        f"'{self._context(m.start(), m.end())}': NanoAOD's jet pT already "
                        "carries the production's jet energy corrections. Do you mean the raw "
                        "jet pT, before them (say 'the raw jet pT'), or NanoAOD's jet pT with "
                        "no correction of mine on top (say 'the jet pT with no corrections')?"
                    )
                    if before:
                        self.t.mask(before.start(), m.start())
        for m in self.t.finditer(lx.NO_CORRECTIONS):
            with_them = found or self.t.finditer(lx.ALL_CORRECTIONS)
            if with_them:  # "corrected versus uncorrected jet momenta": two analyses
                self.result.ask(
                    "One plan is either corrected or uncorrected. Which should I make first: "
                    "with the corrections, or without any? (Then ask for the other one.)"
                )
            self.set("corrections", [])
            self.t.mask(m.start(), m.end())
            if (
                "uncorrected" in m.group(0)
                and self.result.draft.met_source is None
                and re.search(r"\bmet\b[\s,]*(?:\w+[\s,]+)?$", self.t.orig[: m.start()])
            ):  # "the MET, uncorrected": the RawMET, or the type-1 MET with nothing added?
                self.result.ask(
                    f"{self._context(m.start(), m.end())}: the PF MET before the type-1 "
                    "corrections (say 'the uncorrected MET' or 'RawMET'), or NanoAOD's type-1 "
                    "MET with no corrections added by the analysis (say 'the MET with no "
                    "corrections')?"
                )
            if re.search(r"\bb?jets?\b", self.t.orig) and "uncorrected" in m.group(0):
                self.result.notes.append(
                    "'uncorrected' is read as: no corrections applied by the analysis. NanoAOD "
                    "jet pT already carries the jet energy corrections of the production; the "
                    "raw pT is Jet_pt * (1 - Jet_rawFactor) (say 'raw jet pT' to plot it)."
                )
            return
        generic = self.t.finditer(lx.ALL_CORRECTIONS)
        for m in generic:
            year = re.search(r"\b(20\d\d)\b", m.group(0))
            if year and year.group(1) in {s.era for s in self.catalog}:
                self.set("era", year.group(1))  # "the 2018 corrections" are for 2018 samples
            self.t.mask(m.start(), m.end())
        if generic and not found:
            found = ["all"]
        if found:
            self.set("corrections", found)

    def _working_points(self) -> None:
        """The electron MVA ID ("the MVA ID WP90", "mvaFall17V2Iso_WP90"): on the electrons;
        without electrons in the request, or without a working point, asked. DeepCSV: asked
        (its working points are in no registry; chathep.planner.working_points)."""
        for word in wp.find_mva(self.t.masked):
            said = self.t.orig[word.start : word.end].strip()
            # the electron words besides the ID's own ("the jet pT with electron MVA WP90":
            # no electrons named, the jets have no such ID: asked)
            rest = re.sub(r"\belectrons?\s*$", " ", self.t.orig[: word.start])
            rest += " " + self.t.orig[word.end :]
            if not wp.ELECTRON_WORDS.search(self.raw):
                self.result.ask(wp.mva_question(said, self.raw))
            elif not wp.ELECTRON_WORDS.search(rest) and wp.OTHER_OBJECT_WORDS.search(rest):
                self.result.ask(wp.mva_question(said, rest))
            else:
                self.set("requirements.electron.mva_id", word.wp)
            self.t.mask(word.start, word.end)
        # "electrons passing the 90% working point", "WP90 electrons": an electron ID, not
        # b-tagging; which one (MVA or cut-based) is asked
        btag = re.search(se.BTAG_WORDS, self.t.orig)
        for m in self.t.finditer(rf"{se.EFFICIENCY_WP}|\bwp\s?(?:80|90)\b"):
            if btag or not wp.ELECTRON_WORDS.search(self.raw):
                continue
            self.result.ask(wp.electron_wp_question(m.group(0).strip()))
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(wp.MVA_ALONE.pattern):
            self.result.ask(wp.mva_question(m.group(0).strip()))
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(wp.DEEPCSV.pattern):
            self.result.ask(wp.deepcsv_question(m.group(0).strip()))
            self.t.mask(m.start(), m.end())
        # "taus passing DeepTau VSjet Medium": the taus' ID; against leptons, or without taus
        # named or a working point: asked
        for word in wp.find_deeptau(self.t.masked):
            said = self.t.orig[word.start : word.end].strip()
            if word.against != "jet":
                self.result.ask(
                    wp.deeptau_question(said, "DeepTau against electrons or muons has no rule.")
                )
            elif not wp.TAU_WORDS.search(self.raw):
                self.result.ask(wp.deeptau_question(said, "it is a tau ID, and no taus are named."))
            else:
                self.set("requirements.tau.deeptau_vsjet", word.wp)
            self.t.mask(word.start, word.end)
        for m in self.t.finditer(wp.DEEPTAU_ALONE.pattern):
            said = m.group(0).strip()
            self.result.ask(wp.deeptau_question(said, "which working point?"))
            self.t.mask(m.start(), m.end())

    def _named_physics(self) -> None:
        """Physics named that the plan cannot select from these words: asked, quoting them.

        - "the top mass", "the mass of the W boson": a particle reconstructed from its decay
          products (never the mass of whatever objects the request names). "The mass of the W
          ... using the transverse mass" is the transverse mass (read). Target masses
          ("closest to the top mass") were read before.
        - "W+2-jet events", "the W+>=1 jet sample": a boson-plus-jets event class.
        - "the 77% efficiency working point": an ATLAS b-tag working point.
        - "quadruples of e+, e-, mu+, mu-", "2e2mu": four leptons of two flavours.
        - "in the first 1000 events in the file": an entry range.
        - "4 muons (or 4 electrons)": an alternative.
        """
        for m in self.t.finditer(se.ALTERNATIVE):  # "4 muons (or 4 electrons)"
            self.result.ask(se.alternative_question(m.group(0)))
            self.t.mask(m.start(), m.end())
        if re.search(
            r"\binclusive\s+(?:b[- ]?(?:tagged\s+)?)?(?:jet|muon|electron|lepton|photon)s?\s+"
            r"multiplicit",
            self.raw,
            re.IGNORECASE,
        ):  # in a cross-section measurement it is often the cumulative (>= N) distribution
            self.result.notes.append(
                "'inclusive ... multiplicity' read as the ordinary multiplicity, one bin per "
                "number of objects; a cumulative distribution (events with >= N in bin N) "
                "cannot be planned yet."
            )
        cumulative = re.search(
            r"\b(?:cumulative|integrated)\s+(?:distribution|histogram|spectrum|plot|yield)s?\b"
            r"|\bcumulative(?:ly)?\b(?!\s*\(?\s*>=)",
            self.raw,
            re.IGNORECASE,
        )
        if cumulative and not re.search(r"\binclusive\s+\S+\s+multiplicit", self.raw, re.I):
            # "the cumulative distribution of the muon pT" (was: 'cumulative' not used, the
            # ordinary histogram drawn)
            self.result.ask(
                f"You asked for '{cumulative.group(0)}': a cumulative distribution (each bin "
                "the sum of the bins up to it) cannot be planned yet. Should I draw the "
                "ordinary histogram?"
            )
        if re.search(r"\bmost\s+energetic\b", self.raw, re.IGNORECASE):
            self.result.notes.append(
                "'most energetic' read as the highest pT (NanoAOD orders objects by pT; the "
                "highest-energy object can differ, e.g. a forward jet)."
            )
        for m in re.finditer(se.SECOND_JET, self.raw, re.IGNORECASE):
            self.result.notes.append(
                f"'{m.group(0)}' read as at least one b-tagged jet and at least 2 jets (the "
                "b-jet among them)."
            )
        for pattern, question in (
            (se.FIRST_EVENTS, se.first_events_question),  # "in the first 1000 events"
            (se.RANKED_BTAG, se.ranked_btag_question),  # "with the leading jet b-tagged"
            (se.TAGGED_FATJET, se.tagged_fatjet_question),  # "a double-b-tagged fat jet"
            (se.RANKED_FIELD_CUT, se.ranked_field_question),  # "qgl > 0.5 for the leading jet"
        ):
            for m in self.t.finditer(pattern):
                self.result.ask(question(m.group(0).strip()))
                self.t.mask(m.start(), m.end())
        for m in self.t.finditer(se.LUMI_MASK):  # "with the golden JSON applied"
            if m.group("no") is None:
                self.result.ask(se.lumi_mask_question(m.group(0).strip()))
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(se.UNPLANNED_QUADRUPLE):
            self.result.ask(se.quadruple_question(m.group(0)))
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(se.VJETS_CLASS):
            samples = "; ".join(f"{s.name} ({s.process}, {s.era})" for s in self.catalog)
            self.result.ask(se.vjets_question(m.group(0).strip(), m.group("v"), samples))
            self.t.mask(m.start(), m.end())
        for m in self.t.finditer(se.EFFICIENCY_WP):
            if m.group(2) and not re.search(se.BTAG_WORDS, self.t.orig):
                continue  # "95% efficiency" of something else: not read here
            self.result.ask(se.efficiency_wp_question(m.group(0).strip()))
            self.t.mask(m.start(), m.end())
        transverse = re.search(r"\btransverse\s+mass\b|\bm_?t\b", self.t.orig)
        for m in self.t.finditer(se.PARENT_MASS):
            parent = se.parent_mass(m)
            if parent == "w" and transverse:
                self.t.mask(m.start(), m.end())
                continue
            self.result.ask(se.parent_mass_question(m.group(0).strip(), parent))
            self.t.mask(m.start(), m.end())

    def _analyses(self) -> None:
        """A physics process named as a whole ("H->bb"): its standard analysis, if it has samples.

        The template (chathep.planner.build.ANALYSES) supplies the selection and the plotted
        quantity; the rest of the request modifies it. Without the samples, one clear answer
        says how to make them instead of a guess on other samples.
        """
        from chathep.planner.build import (
            ANALYSES,
            analysis_signal_samples,
            missing_samples_message,
        )

        for pattern, name in lx.ANALYSIS_PATTERNS:
            found = self.t.finditer(pattern)
            if not found:
                continue
            for m in found:
                self.t.mask(m.start(), m.end())
            signal = analysis_signal_samples(name, self.catalog)
            if not signal:
                self.result.ask(missing_samples_message(name))
                return
            self.set("analysis", name)
            self.result.notes += _signal_in_data_note(ANALYSES[name].what, signal, self.catalog)
            return
        other = self.t.finditer(lx.OTHER_HIGGS_DECAY)
        higgs = [s for s in self.catalog if s.process in lx.HIGGS_PROCESSES]
        if other and higgs:  # "H -> gamma gamma": the catalog's Higgs samples cannot show it
            self.t.mask(other[0].start(), other[0].end())
            self.result.ask(
                "The catalog's Higgs samples are H -> bb only ("
                + ", ".join(s.name for s in higgs)
                + "). Should I plot H -> bb instead (e.g. 'the b-jet pair mass for H->bb')?"
            )

    def _channel(self) -> None:
        """ "only the muon channel": the lepton flavour of the vector-boson decay.

        In an analysis template the phrase is read only as the channel; elsewhere the lepton
        word stays an object mention too ("show the electron channel instead").
        """
        for pattern, channel in lx.CHANNEL_PATTERNS:
            for m in self.t.finditer(pattern):
                self.set("channel", channel)
                if self.result.draft.analysis is not None:
                    self.t.mask(m.start(), m.end())
                return

    def _sample_phrases(self) -> list[tuple[str, list[tuple[Sample, bool]]]]:
        """Normalised phrase -> the samples it names (with "generic" flags), longest first.

        Names, aliases, labels and processes from the catalog; one phrase can name several
        samples (``dy`` for the DY of each era, or a stitched DY + DY b-slice).
        """
        by_phrase: dict[str, list[tuple[Sample, bool]]] = {}
        for sample in self.catalog:
            label = re.sub(r"[$\\{}^]|\\to", " ", sample.label)
            words = {sample.name, sample.name.replace("_", " "), sample.process, label}
            words.update(sample.aliases)
            for word in words:
                norm = lx.normalise(word).strip()
                if not norm:
                    continue
                generic = norm in ("data", "mc") or sample.is_data and norm == sample.process
                entry = (sample, generic)
                if entry not in by_phrase.setdefault(norm, []):
                    by_phrase[norm].append(entry)
        return sorted(by_phrase.items(), key=lambda p: -len(p[0]))

    def _processes_and_samples(self) -> None:
        d = self.result
        if self.t.finditer(lx.DATA_MC):
            self.set("data_mc", True)
            for m in self.t.finditer(lx.DATA_MC):
                self.t.mask(m.start(), m.end())
        named: list[tuple[list[Sample], str | None]] = []  # per mention: samples it can mean
        named_data: set[str] = set()  # data samples named as such ("DoubleMuon", "collision data")
        generic_data = False
        data_verb: str | None = None  # "compare with data": the data are added
        # a process the catalog does not have is read whole: "single top" is not the "top"
        # (ttbar) sample, "EGamma data" not the catalog's data
        missing = [
            (m.start(), m.end())
            for pattern, process in lx.PROCESS_WORDS
            if process != "Higgs"
            for m in re.finditer(pattern, self.t.masked)
        ]
        for phrase, entries in self._sample_phrases():
            pattern = r"(?<![\w+])" + re.escape(phrase) + r"(?![\w+])"
            if len(phrase) == 1:  # "z": only as "z sample", "z mc", ...
                pattern += r"(?=\s*(?:mc|sample|simulation|background|events))"
            for m in self.t.finditer(pattern):
                if any(
                    a <= m.start() and m.end() <= b and b - a > m.end() - m.start()
                    for a, b in missing
                ):
                    continue
                if any(generic and s.is_data for s, generic in entries):
                    generic_data = True
                    data_verb = data_verb or self._sample_verb(m.start())
                options = [s for s, generic in entries if not (generic and s.is_data)]
                if options:
                    named.append((options, self._sample_verb(m.start())))
                    if not re.match(_MC_WORD, self.t.orig[m.end() :]):  # not "Run2018A MC"
                        named_data.update(s.name for s in options if s.is_data)
                self.t.mask(m.start(), m.end())
        # one era for all mentions: the stated one, else that of a mention with only one era
        # ("sim13 data"), else that of the first mention (the catalog lists real CMS first)
        era = d.draft.era
        if era is None:
            single = [o[0].era for o, _ in named if len({s.era for s in o}) == 1]
            era = single[0] if single else (named[0][0][0].era if named else None)
        chosen: list[Sample] = []
        for options, verb in named:
            pick = ([s for s in options if s.era == era] or options[:1])[0]
            # a process in one era is all its samples: a stitched set (DY + its b slice; the
            # generator refuses overlapping ones such as ttbar with its dileptonic subset)
            for sample in self.catalog:
                same = sample.era == pick.era and sample.process == pick.process
                if (same and not sample.is_data or sample is pick) and sample not in chosen:
                    chosen.append(sample)
                    if verb:
                        d.sample_verbs[sample.name] = verb
        # a process the catalog does not have: ask instead of substituting something else
        for pattern, process in lx.PROCESS_WORDS:
            found = list(re.finditer(pattern, self.t.masked))
            # "for the WZ part of my thesis ... in the Pythia diboson events": the mention that
            # names a sample decides (was: only the first was looked at, the sample dropped)
            m = next((f for f in found if self._names_a_sample(f.start(), f.end())), None)
            m = m or (found[0] if found else None)
            if m:
                self.t.mask(m.start(), m.end())
                higgs = [s for s in self.catalog if s.process in lx.HIGGS_PROCESSES]
                if process == "Higgs" and higgs:
                    d.ask(
                        "The catalog's Higgs samples are H -> bb only ("
                        + ", ".join(s.name for s in higgs)
                        + "). Should I plot H -> bb (e.g. 'the b-jet pair mass for H->bb')?"
                    )
                    continue
                what = (
                    f"'{m.group(0).strip()}'"
                    if process == "that data stream"
                    else f"SUSY signal ('{m.group(0).strip()}')"
                    if process == "a SUSY signal"
                    else process.removeprefix("a ")
                )
                context_only = process not in (
                    "that data stream",
                    "a signal model",
                    "a SUSY signal",
                )
                if context_only and not higgs and not self._names_a_sample(m.start(), m.end()):
                    # "the invariant mass of the Higgs boson", "H -> ZZ -> 4l final states":
                    # the physics the plot is about, not a sample to run on
                    self.result.notes.append(
                        f"'{self._context(m.start(), m.end())}' read as what the plot is "
                        f"about, not a sample: the catalog has no {what} sample, so the plot "
                        f"shows the samples below, without {what} events (register one with "
                        "`chathep datasets add` to include it)."
                    )
                    continue
                simulate = lx.GENERATED_PROCESS.get(process)
                d.ask(
                    f"The catalog has no {what} sample. Available: "
                    + "; ".join(f"{s.name} ({s.process}, {s.era})" for s in self.catalog)
                    + ". Which of these should I use?"
                    + (
                        f" Or simulate {what} events with Pythia 8 (13 TeV): `chathep data "
                        f"generate --process {simulate}` adds them to the catalog, then ask "
                        "again."
                        if simulate
                        else ""
                    )
                )
        if generic_data and not any(s.is_data for s in chosen):
            # "data": the data of the requested era, else of the era of the named MC
            era = d.draft.era or _single({s.era for s in chosen})
            data = self.catalog.data(era)
            if not data:
                d.ask(
                    f"There is no {era} data in the catalog (data: "
                    + ", ".join(f"{s.name} ({s.era})" for s in self.catalog.data())
                    + "). Which samples should I use?"
                )
            chosen = data + chosen
            if data_verb:
                d.sample_verbs.update(dict.fromkeys((s.name for s in data), data_verb))
        # "muon pT in MC", "in the simulation only": the simulated samples of the era
        generic_mc = False
        for m in self.t.finditer(
            r"\b(?:mc|simulation|simulated(?:\s+(?:events|samples?|data))?|monte\s+carlo)\b"
            # "in the generated ZH events": a named sample (masked), simulated
            r"|\bgenerated(?=\s+#+\s+(?:events|samples?)\b)"
        ):
            generic_mc = True
            self.t.mask(m.start(), m.end())
        if generic_mc and generic_data and not any(not s.is_data for s in chosen):
            # "observed in data and expected from the simulation": both, as a data/MC plot
            era = d.draft.era or _single({s.era for s in chosen}) or default_era(self.catalog)
            chosen += [s for s in self.catalog if not s.is_data and s.era == era]
        if generic_mc and not generic_data and not d.draft.data_mc:
            if not any(not s.is_data for s in chosen):
                era = d.draft.era or _single({s.era for s in chosen}) or default_era(self.catalog)
                chosen += [s for s in self.catalog if not s.is_data and s.era == era]
            # a data sample named as such stays: "2018 DoubleMuon vs DY MC", "comparing the
            # collision data to the Drell-Yan simulation" (was: the data dropped, silently)
            keep = d.sample_verbs.keys() | named_data
            chosen = [s for s in chosen if not s.is_data or s.name in keep]
        chosen = self._samples_taken_out(chosen)
        if chosen:
            self.set("samples", [s.name for s in chosen])

    def _samples_taken_out(self, chosen: list[Sample]) -> list[Sample]:
        """ "the MET without data", "the dimuon mass without the DY MC", "in MC only, no
        data": in a new request a sample named after a removing word is left out of the
        samples run on (never run alone); a follow-up removes it from the plan shown
        (:func:`~chathep.planner.followup.merge_followup`)."""
        d = self.result
        removed = {n for n, verb in d.sample_verbs.items() if verb == "remove"}
        if not removed or self.followup:
            return chosen
        kept = [s for s in chosen if s.name not in removed]
        if not kept:  # only removals named: the era's samples without them
            eras = {self.catalog[n].era for n in removed}
            era = d.draft.era or _single(eras) or default_era(self.catalog)
            kept = [s for s in self.catalog.data(era) + self.catalog.mc(era)]
            kept = [s for s in kept if s.name not in removed]
        if not kept:
            d.ask(f"Without {', '.join(sorted(removed))} no sample is left: which should I use?")
        for name in removed:
            d.sample_verbs.pop(name)
        d.notes.append(
            f"Left out as asked: {', '.join(sorted(removed))}; run on "
            f"{', '.join(s.name for s in kept) or 'nothing'}."
        )
        return kept

    def _names_a_sample(self, start: int, end: int) -> bool:
        """Is the process word at [start, end) a sample to run on ("in Higgs MC", "the ttH
        signal", "compare data with W+jets") rather than the physics the plot is about ("the
        mass of the Higgs boson", "Higgs decays to four leptons")?"""
        after = self.t.orig[end : end + 40]
        before = self.t.orig[max(0, start - 40) : start]
        if re.fullmatch(lx.DATASET_NAME, self.t.orig[start:end].strip()):
            return True  # "ZZTo4eJJ", "WJetsToLNu": a dataset's name is always a sample
        if se.names_physics(self.t.orig, end):  # "in Higgs decays", "and the Higgs mass"
            return False
        if re.match(
            r"\s*(?:bosons?\s+)?(?:\(\w+\)\s+)?(?:mc|monte|samples?|simulation|simulated|signal"
            r"|events?|datasets?|files?|ntuples?|background|contribution|process|cross[- ]section"
            r"|production|templates?|predictions?|model)\b",
            after,
        ):
            return True
        if re.search(
            r"\b(?:in|from|on|using|with|to|vs\.?|versus|against|overlay|overlaid|add|include|plus"
            r"|and|or|than|over|stack(?:ed)?)\s+(?:the\s+|a\s+)?$",
            before,
        ):
            return True
        return self._sample_verb(start) is not None

    def _sample_verb(self, pos: int) -> str | None:
        lo = max(0, pos - 30)
        before = self.t.orig[lo:pos]
        verb = re.search(r"\b(?:remove|drop|without|exclude|no|except)\b(?=[\w\s]*$)", before)
        if verb and set(re.findall(r"[a-z]+", before[verb.end() :])) & _NOT_OF_A_SAMPLE:
            verb = None  # "no cuts in ttbar": the negation is of something else
        if verb:
            self.t.mask(lo + verb.start(), lo + verb.end())  # read: "remove the WH sample"
            return "remove"
        if re.search(
            r"\b(?:add|also|include|plus|compare(?:d)?\s+(?:it\s+|this\s+)?(?:with|to|against)"
            r"|overlay|versus|vs\.?|against|together\s+with)\b[\w\s]*$",
            before,
        ):  # "compare with data": the data beside what is shown
            return "add"
        after = self.t.orig[pos : pos + 40]
        if re.match(r"[\w\s-]{0,25}?\b(?:as\s+well|too|in\s+addition|also)\b", after):
            return "add"  # "show it for data as well": beside what is shown
        return None

    def _binning(self) -> None:
        t = self.t
        snum = r"(-?\d+(?:\.\d+)?)"
        self._bin_widths()
        for m in t.finditer(
            rf"(?:\bbins?\s+of|\bbin\s+width\s+(?:of\s+)?|\bin\s+steps\s+of|\bbinned\s+in)\s*"
            rf"{lx.NUM}{lx.UNIT}(?![\d.]|\s*(?:[a-z]+[- ])?bins?\b)"  # "binned in 25 bins": a count
            rf"|{lx.NUM}\s*(gev|tev|mev)[- ](?:wide\s+)?bins\b"
        ):
            value, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            self.set("bin_width", _gev(value, unit))
            t.mask(m.start(), m.end())
        for m in t.finditer(
            r"\b(\d+)\s+(?:log(?:arithmic(?:ally)?)?[- ]?(?:spaced\s+)?|log[- ]spaced\s+)bins?\b"
        ):
            self.set("bins", int(m.group(1)))
            self.set("log_x", True)
            self.log_bins = True
            t.mask(m.start(), m.end())
        sep = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)"  # "20, 25, ..., 120 and 200"
        for m in t.finditer(
            r"\b(?:(?:binn(?:ing|ed)\s+(?:by|with|at|using)\s+(?:the\s+)?)?(?:(?:variable\s+)?bin\s+)?"
            r"(?:edges|boundaries)|variable(?:[- ]width)?\s+bins?"
            r"(?:\s+(?:with\s+)?(?:edges|boundaries))?)\s*(?:at|of|:|=)?\s*[\[({]?\s*"
            rf"(-?\d+(?:\.\d+)?(?:{sep}-?\d+(?:\.\d+)?)+)\s*[\])}}]?(?:\s*(?:gev|tev|mev)\b)?"
            # "bins [20,25,30,...,200]": three numbers or more in brackets are edges
            rf"|\bbins?\s*(?:at\s+|of\s+|:\s*|=\s*)?[\[{{]\s*(-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)"
            r"{2,})\s*[\]}](?:\s*(?:gev|tev|mev)\b)?"
        ):
            listed = m.group(1) or m.group(2)
            self.set("edges", [float(x) for x in re.split(sep, listed)])
            t.mask(m.start(), m.end())
        for m in t.finditer(
            r"\b(?:per|/)\s*gev\b|\bnormali[sz]ed\s+(?:to|by)\s+(?:the\s+)?bin\s+width\b"
            r"|\bdivided\s+by\s+(?:the\s+)?bin\s+width\b|\bdensity\b"
        ):
            self.set("density", True)
            t.mask(m.start(), m.end())
        for m in t.finditer(r"\b(\d+)\s*(?:equal[- ]width\s+|uniform\s+|even\s+)?bins?\b"):
            self.set("bins", int(m.group(1)))
            t.mask(m.start(), m.end() + self._one_edge(m.end()))
        range_patterns = [
            rf"\bfrom\s*{snum}{lx.UNIT}\s*(?:to|-|up\s+to|until)\s*{snum}{lx.UNIT}",
            rf"\bbetween\s*{snum}{lx.UNIT}\s*(?:and|-|to)\s*{snum}{lx.UNIT}",
            rf"\b(?:range|window|interval)\s*(?:of|:|=)?\s*[\[(]?\s*{snum}{lx.UNIT}\s*"
            rf"(?:,|-|to|\.\.)\s*{snum}{lx.UNIT}\s*[\])]?",
            # "in [0, 250] GeV", "50 bins on [-5, 5]", "over [76, 106] GeV": the unit after too
            rf"\b(?:in|on|over)\s*[\[(]\s*{snum}{lx.UNIT}\s*,\s*{snum}{lx.UNIT}\s*[\])]"
            rf"{lx.UNIT}",
            rf"{snum}{lx.UNIT}\s*<=?\s*(?:m\w*|ht)\s*<=?\s*{snum}{lx.UNIT}",
            rf"\b{lx.NUM}\s*-\s*{lx.NUM}\s*(gev|tev|mev)\b",
            # "20 bins 0 to 100 GeV", "dimuon mass 70 to 110 GeV": as "0-100 GeV" (after a word too)
            rf"(?<![\d.>=<-])(?<!from)(?<!between)\s{lx.NUM}\s*to\s*{lx.NUM}\s*(gev|tev|mev)\b",
        ]
        if re.search(r"\bbins?\b", t.orig):
            # "gen H pT, 0-400, 20 GeV bins": a bare range alone in a list beside the bins (in
            # the quantity's unit; "0-400 GeV" is read above). Whole numbers only: "0-2.4" may
            # be an |eta| range, never taken as the axis of a pT
            range_patterns.append(r"(?<=[,;:])\s*(\d+)\s*-\s*(\d+)()(?=\s*(?:[,;]|$))")
        for pattern in range_patterns:
            for m in t.finditer(pattern):
                after_pt = re.search(
                    r"\b(?:pt|momentum)\s*$", t.orig[max(0, m.start() - 12) : m.start()]
                )
                clause = t.orig[_segment(t.orig, m.start())[0] : m.start()]
                conditional = re.search(
                    r"\b(?:with|for|where|having|that|which|whose|requir\w*|events?|if)\b", clause
                )
                plotted_pt = (
                    re.search(
                        r"\b(?:di)?(?:jet|muon|electron|lepton|photon|tau|bjet)s?\s+pt\s*$", clause
                    )
                    and not conditional
                )
                if (
                    after_pt
                    and not plotted_pt
                    and (conditional or not re.search(r"\bbins?\b", t.orig))
                ):
                    # "jets with pT between 30 and 50 GeV" is a cut (see _thresholds), also when
                    # the request gives bins elsewhere ("..., 40 bins from -5 to 5")
                    continue
                # "plot jet pT between 30 and 500 GeV": the range of the plotted pT
                g = m.groups()
                if len(g) == 3:  # "60-120 GeV": one unit for both
                    lo, hi = _gev(g[0], g[2]), _gev(g[1], g[2])
                else:  # "[76, 106] gev": a unit after the bracket is for both
                    unit = g[1] or g[3] or (g[4] if len(g) > 4 else None)
                    lo, hi = _gev(g[0], g[1] or unit), _gev(g[2], g[3] or unit)
                if self._event_quantity_between(m, lo, hi):
                    continue  # "for events with 50 < MET < 100 GeV": a cut, or asked (mT)
                base = max(0, m.start() - 40)
                condition = _EVENT_RANGE.search(t.orig[base : m.start()])
                opened = condition is not None and self._continues_a_condition(
                    base + condition.start()
                )
                if not opened:  # "the MET from 0 to 200 and the HT from 0 to 1000": a list
                    condition = None
                counted = _COUNT_RANGE.search(t.orig[base : m.start()])
                if counted is not None and lo < hi and lo == int(lo) and hi == int(hi):
                    # "the MET for events with the number of jets between 2 and 4": a count
                    kind = (counted.group(1) or counted.group(2)).rstrip("s")
                    self.set(f"requirements.{kind}.min_count", int(lo))
                    self.set(f"requirements.{kind}.max_count", int(hi))
                    t.mask(base + counted.start(), m.end())
                    continue
                if condition is not None and _second_operand(t.orig, base + condition.start(1)):
                    condition = None  # "the delta phi between the leading jet and the MET ..."
                unread = counted is None and self._range_of_an_object_quantity(m.start())
                if (
                    condition is None
                    and counted is None
                    and (unread or self._range_of_a_condition(m.start()))
                ):
                    # "the MET for events with the leading jet eta between -2 and 2": the range
                    # of another quantity in a condition, not the plotted axis: asked
                    self.result.unplaced.append(
                        f"{self._context(m.start(), m.end())} (a range of a quantity in a "
                        "condition that I cannot place as a cut)"
                    )
                    t.mask(m.start(), m.end())
                    continue
                if condition is not None and lo < hi:
                    # "the jet multiplicity in events with HT between 300 and 600 GeV": a cut
                    # on the event's HT / MET, not the range of the plotted axis
                    name = condition.group(1)
                    self.set(f"{name}_min", lo)
                    self.set(f"{name}_max", hi)
                    if name != "met":  # the scalar / vector sum of the selected jets
                        self.set("requirements.jet.select", True, inferred=True)
                    t.mask(base + condition.start(1), m.end())  # the quantity word is read too
                    continue
                listed = self._range_of_a_listed_quantity(m.start())
                if listed is not None:
                    # "the dimuon mass, MET from 0 to 50 GeV": the range of the MET, not of the
                    # plotted mass (one plot of each is made from the list, else asked)
                    self.result.unplaced.append(
                        f"{self._context(m.start(), m.end())} (the range of the {listed}, not "
                        "of the first quantity)"
                    )
                    t.mask(m.start(), m.end())
                    continue
                self.set("start", lo)
                self.set("stop", hi)
                self.ranges.append((m.start(), m.end(), lo, hi))
                t.mask(m.start(), m.end())

    def _continues_a_condition(self, at: int) -> bool:
        """Whether the condition word at ``at`` opens a condition: "and" / "but" only continue
        one opened before them in the sentence ("events with MET > 50 and HT between ..."), not
        a list of plots ("the MET from 0 to 200 and the HT from 0 to 1000 GeV")."""
        text = self.t.orig
        if not re.match(r"(?:and|but)\b", text[at:]):
            return True
        sentence = text[max(text.rfind(".", 0, at), text.rfind(";", 0, at)) + 1 : at]
        return (
            re.search(r"\b(?:with|for|where|having|requir\w*|events?|if|when)\b", sentence)
            is not None
        )

    def _range_of_a_listed_quantity(self, at: int) -> str | None:
        """The quantity a range right after it belongs to, when it is not the first (plotted)
        quantity but one listed after it: "the dimuon mass, MET from 0 to 50 GeV" (the range
        is the MET's). The draft has one range, of its first quantity: such a range is asked
        about (the list is then planned one plot at a time)."""
        text = self.t.orig
        named = sorted(
            (q.start(), q.end(), quantity)
            for quantity, pattern in lx.QUANTITY_PATTERNS
            for q in re.finditer(pattern, text)
        )
        if not named:
            return None
        first = named[0]
        before = [n for n in named if n[1] <= at and n[0] > first[0]]
        if not before:
            return None
        start, end, quantity = before[-1]
        if _second_operand(text, start):
            return None  # "delta phi between the leading jet and the MET between 0 and 3.2"
        if quantity == first[2] or text[end:at].strip(" :=") not in ("", "is", "of", "in"):
            return None
        between = text[first[1] : start]
        if not re.search(r",|;|\band\b", between) or re.search(
            r"\b(?:with|for|where|having|whose|requir\w*|events?|if|when|in)\b", between
        ):
            return None  # "the MET in events with 2 jets and the dijet mass from 60 to 120"
        return {"met": "MET", "ht": "HT", "mht": "MHT", "pt": "pT"}.get(quantity, quantity)

    def _range_of_a_condition(self, at: int) -> bool:
        """Whether a quantity word ends right before ``at`` ("... the leading jet eta between")
        in a clause that is a condition ("for events with ...", "where ...")."""
        text = self.t.orig
        window = max(0, at - 40)
        named = [
            (q.start(), quantity)
            for quantity, pattern in lx.QUANTITY_PATTERNS
            for q in re.finditer(pattern, text)
        ]
        first = min(named)[1] if named else None  # the first quantity named: the plotted one
        for quantity, pattern in lx.QUANTITY_PATTERNS:
            if quantity == first or quantity not in _RANGED_ELSEWHERE_NOT:
                # "the dimuon mass ... in the mass range 23.9-26.1 GeV"; a pair's mass window
                # in a condition is read by _mass_window ("events with a muon pair with mass
                # between 60 and 120 GeV"), a pT range by _thresholds, HT / MET ranges above
                continue
            for q in re.finditer(pattern, text[window:at]):
                if text[window + q.end() : at].strip(" :=") not in ("", "is", "of"):
                    continue
                start = window + q.start()
                clause = text[_segment(text, start)[0] : start]
                if re.search(
                    r"\b(?:with|for|where|having|whose|requir\w*|events?|if|when)\b", clause
                ):
                    return True
        return False

    def _range_of_an_object_quantity(self, at: int) -> bool:
        """Whether the range at ``at`` follows, in a condition ("for events with", "where"),
        a quantity of one ranked object or between two objects that no rule reads as a cut:
        "the |eta| of the first muon between 0 and 1.5", "the subleading jet pt is between 60
        and 120 GeV", "the delta_r between the leading muon and the leading jet is between 0.8
        and 2", "the mt of the leading muon and the met from 60 to 120 GeV" (each was the
        plotted axis, with no cut): asked."""
        text = self.t.orig
        start = _segment(text, at)[0]
        before = text[start:at]
        m = _OBJECT_QUANTITY_BEFORE.search(before)
        if m is None:
            return False
        # the words since the last comma or verb ("For events with 2 muons, plot the leading
        # muon pT from 0 to 200 GeV" is the plotted range)
        clause = re.split(r",|\b(?:plot|show|histogram|draw|make|give)\b", before[: m.start()])[-1]
        return re.search(_CONDITION_WORDS, clause) is not None

    def _event_quantity_between(self, m: re.Match[str], lo: float, hi: float) -> bool:
        """ "for events with 50 < MET < 100 GeV", "when 100 < MHT < 200": a cut on the event's
        MET / HT / MHT when that is not the plotted quantity (was: the plotted axis); "60 < mT
        < 120 GeV": asked. Whether the range was placed so."""
        inner = re.search(r"<=?\s*(ht|met|mht|mt)\s*<", m.group(0))
        if inner is None or lo >= hi:
            return False
        name = inner.group(1)
        text = self.t.orig
        named = [
            (q.start(), quantity)
            for quantity, pattern in lx.QUANTITY_PATTERNS
            for q in re.finditer(pattern, text)
            if not m.start() <= q.start() < m.end()
            # the MET as an operand ("the muon-met mt", "mt of the muon and the met") is not
            # the plotted quantity
            and not (quantity == "met" and re.search(r"[-+]\s*$|\band\s+(?:the\s+)?$",
                                                     text[max(0, q.start() - 10) : q.start()]))
        ]  # fmt: skip
        if named and min(named)[1] == name:
            # "plot the MET for 50 < MET < 150 GeV": the range of the plotted one; "for events
            # with 100 < MET < 300": a cut too (was: the range only, the yields of every event)
            if name != "mt" and re.search(
                r"\b(?:for|in|of)\s+(?:all\s+)?(?:the\s+)?events?\s+(?:with|where|having|that\s+have)"
                r"\s*$|\b(?:where|requiring|require|when)\s*$",
                text[max(0, m.start() - 40) : m.start()],
            ):
                self.set(f"{name}_min", lo)
                self.set(f"{name}_max", hi)
                if name != "met":
                    self.set("requirements.jet.select", True, inferred=True)
            return False
        if name == "mt":
            self.result.unplaced.append(
                f"{self._context(m.start(), m.end())} (a range of a quantity in a condition "
                "that I cannot place as a cut)"
            )
        else:
            self.set(f"{name}_min", lo)
            self.set(f"{name}_max", hi)
            if name != "met":  # the scalar / vector sum of the selected jets
                self.set("requirements.jet.select", True, inferred=True)
        self.t.mask(m.start(), m.end())
        return True

    def _bin_widths(self) -> None:
        """ "50 bins of 2 GeV", "10 GeV per bin up to 300 GeV", "5 GeV/bin from 60 GeV": the
        bin width, with the number of bins or the range's end written next to it (the range
        the width does not give is the quantity's default, stated in the plan)."""
        t = self.t
        for pattern, has_bins in (
            (rf"\b(\d+)\s+(?:equal\s+)?bins\s+(?:of|with\s+a\s+width\s+of)\s+{lx.NUM}{lx.UNIT}"
             r"(?:\s+(?:each|wide))?", True),
            (rf"\b{lx.NUM}{lx.UNIT}\s*(?:per|/|a|each)\s*bin\b", False),
            # "a bin width of 10 GeV up to 300 GeV", "1 GeV binning, 60-120", "0.1-wide bins"
            (rf"\bbin\s+width\s+(?:of\s+)?{lx.NUM}{lx.UNIT}", False),
            (rf"\b{lx.NUM}\s*(gev|tev|mev)[- ](?:wide\s+)?binning\b", False),
            (rf"\b{lx.NUM}()[- ]wide\s+bins\b", False),
            # "bins of 5 GeV starting at 20 GeV", "5 GeV bins from 20 GeV": a width and one edge
            (rf"\bbins?\s+of\s+{lx.NUM}{lx.UNIT}(?=\s*,?\s*(?:starting\s+|beginning\s+)?"
             r"(?:from|at|up\s+to|until)\b)", False),
            (rf"\b{lx.NUM}\s*(gev|tev|mev)[- ](?:wide\s+)?bins(?=\s*,?\s*(?:starting\s+|"
             r"beginning\s+)?(?:from|at|up\s+to|until)\b)", False),
        ):  # fmt: skip
            for m in t.finditer(pattern):
                g = m.groups()
                if has_bins:
                    self.set("bins", int(g[0]))
                    value, unit = g[1], g[2]
                else:
                    value, unit = g[0], g[1]
                self.set("bin_width", _gev(value, unit))
                end = m.end()
                for bound, tail in (
                    ("start", rf"\s*,?\s*(?:(?:starting|beginning)\s+)?(?:from|at)\s+{lx.NUM}"
                              rf"(?![\d.]){lx.UNIT}"
                              r"(?!\s*(?:to|-|until|up|and)\b)"),
                    ("stop", rf"\s*,?\s*(?:up\s+to|until)\s+{lx.NUM}(?![\d.]){lx.UNIT}"),
                    # "1 GeV binning, 60-120": the range written right after the width
                    ("range", rf"\s*,\s*(?:from\s+)?{lx.NUM}\s*(?:-|to)\s*{lx.NUM}{lx.UNIT}"
                              r"(?![\d.])"),
                ):  # fmt: skip
                    after = re.match(tail, t.masked[end:])
                    if after is not None and bound == "range":
                        self.set("start", _gev(after.group(1), after.group(3) or unit))
                        self.set("stop", _gev(after.group(2), after.group(3) or unit))
                        end += after.end()
                    elif after is not None:
                        self.set(bound, _gev(after.group(1), after.group(2) or unit))
                        end += after.end()
                t.mask(m.start(), end)

    def _one_edge(self, end: int) -> int:
        """ "20 bins starting at 30 GeV", "50 bins up to 300 GeV": one edge of the axis written
        right after a number of bins (the other edge is the quantity's default, stated by the
        build); how many characters after ``end`` it takes (0: none)."""
        rest = self.t.masked[end:]
        low = re.match(
            rf"\s*,?\s*(?:(?:starting|beginning)\s+(?:from|at)|from)\s+(-?\d+(?:\.\d+)?)"
            rf"(?![\d.]){lx.UNIT}(?!\s*(?:to|-|until|up|and|\.\.)\b|\s*-)",
            rest,
        )
        high = re.match(
            rf"\s*,?\s*(?:up\s+to|until|ending\s+at)\s+(-?\d+(?:\.\d+)?)(?![\d.]){lx.UNIT}",
            rest,
        )
        found = low or high
        if found is None:
            return 0
        self.set("start" if low else "stop", _gev(found.group(1), found.group(2)))
        return found.end()

    def _unit_area(self) -> None:
        """A shape comparison ("normalised to unit area", "shape only", "area-normalised"):
        each process and the data drawn normalised to unit area. "MC normalised to data"
        (the MC total scaled to the data yield) is read as such; "normalised MC", "normalised to
        the luminosity / cross section" are the usual MC normalisation (read as before); a
        bare "normalised" ("the normalized muon pT distribution", "now normalised") is read as
        a shape comparison and stated; any other "normalised" is asked about, never dropped."""
        t = self.t
        for value, pattern in ((False, lx.UNIT_AREA_FALSE), (True, lx.UNIT_AREA)):
            for m in t.finditer(pattern):
                self.set("unit_area", value)
                if not value:  # "not normalised": event counts, the MC at the luminosity
                    self.set("mc_to_data", False)
                t.mask(m.start(), m.end())
        for m in re.finditer(lx.NORMALISED_TO_DATA, t.orig):
            verb = re.search(r"normali|scal", m.group(0))
            at = m.start() + (verb.start() if verb else 0)
            if "#" in t.masked[at : at + 5]:  # read above ("normalised to 1")
                continue
            # the MC total scaled to the data yield: a data/MC plot (the data named here)
            self.set("mc_to_data", True)
            self.set("data_mc", True)
            t.mask(m.start(), m.end())
        for m in re.finditer(lx.MC_NORMALISED, t.orig):  # "MC" may be read (masked) already
            # the usual MC normalisation: as before; mask only the word "normalised" (the
            # words around it, "luminosity", "MC", are read or asked about by their own rules)
            for w in re.finditer(lx.NORMALISED_WORD, m.group(0)):
                if "#" not in t.masked[m.start() + w.start() : m.start() + w.end()]:
                    t.mask(m.start() + w.start(), m.start() + w.end())
        bare = [
            m
            for m in t.finditer(lx.NORMALISED_WORD)
            if not re.match(r"\s+(?:to|by|with|using|per|according|relative|over)\b",
                            t.orig[m.end() :])
            and not m.group(0).endswith("ation")
        ]  # fmt: skip
        for m in bare:
            t.mask(m.start(), m.end())
        if bare and self.result.draft.unit_area is None:
            self.set("unit_area", True)
            self.result.notes.append(
                f"Read '{bare[0].group(0)}' as a shape comparison: each process and the data "
                "normalised to unit area (say 'not normalised' for event counts, the MC "
                "normalised to the luminosity)."
            )
        for m in t.finditer(lx.NORMALISED_WORD):
            # "normalised to the Z peak", "with the normalisation": which normalisation?
            self.result.ask(
                f"What should '{self._context(m.start(), m.end())}' normalise to? I can draw "
                "each process and the data normalised to unit area (say 'normalised to unit "
                "area'); the MC is always normalised to the data luminosity."
            )
            break

    def _resonance_regions(self) -> None:
        """ "the dimuon mass around the J/psi", "in the Upsilon region": that mass range."""
        self._resonance_lists()
        for pattern, name, (lo, hi) in lx.RESONANCE_REGIONS:
            for m in self.t.finditer(pattern):
                self.t.mask(m.start(), m.end())
                # the range is set once the plotted quantity is known (_resonance_objects)
                self.resonance = self.resonance or (name, lo, hi, m.start(), m.end())
                self.resonance_names.append((m.start(), name))
        self._mass_around_a_peak()

    def _mass_around_a_peak(self) -> None:
        """ "the dilepton invariant mass around 91 GeV", "the dimuon mass near 3.1 GeV": a
        plotted mass named with a resonance's mass is that resonance's region (the Z: 60-120
        GeV), said; another number ("the mass around 50 GeV": how wide?) and a selection
        ("events with a mass around 91 GeV": which window?) are left unplaced (asked)."""
        for m in self.t.finditer(
            rf"\b(?:invariant\s+)?mass(?:es)?\s+(?:distributions?\s+|spectrum\s+)?(?:around|near"
            rf"|close\s+to)\s+(?:about\s+|roughly\s+|~\s*)?{lx.NUM}\s*(gev|mev)\b"
        ):
            clause = re.split(r"[.;:,()]", self.t.orig[: m.start()])[-1]
            if resonances.SELECTION_CLAUSE.search(clause):
                continue  # a selection: its window is not given (asked)
            value = _gev(m.group(1), m.group(2))
            region = next((r for r in _PEAK_REGIONS if abs(value - r[3]) <= 0.05 * r[3]), None)
            if region is None:
                continue
            name, lo, hi, _ = region
            self.t.mask(m.start(), m.end())
            self.resonance = self.resonance or (name, lo, hi, m.start(), m.end())
            self.resonance_names.append((m.start(), name))
            self.result.notes.append(f"'{m.group(0)}' is read as the {name} peak.")

    def _described_peaks(self) -> None:
        """ "we expect a peak around 91 GeV", "the J/psi mass, which is about 3.097 GeV": the
        number describes the spectrum, it is not a cut. Stated; asked when outside the range."""
        d = self.result.draft
        for m in self.t.finditer(
            rf"\b(?:(?:a|the)\s+)?peak\s+(?:in\s+(?:the\s+)?mass\s+)?(?:is\s+)?(?:around|at|near"
            rf"|close\s+to|of\s+about)\s+(?:about\s+|roughly\s+|~\s*)?{lx.NUM}\s*(gev|tev|mev)?\b"
            rf"|\b(?:which|that)\s+is\s+(?:about|around|approximately|roughly|~)\s+{lx.NUM}\s*"
            rf"(gev|tev|mev)\b"
            rf"|\b(?:the\s+)?(?:muon|electron|tau|pion|kaon|proton|z|w|higgs|top|j/psi)\s+mass\s+is\s+"
            rf"(?:about\s+|approximately\s+|~\s*)?{lx.NUM}\s*(gev|tev|mev)\b"
            # "(the distribution) is centred around zero": where it lies, not a cut
            rf"|\b(?:is|are|being)\s+(?:roughly\s+|nicely\s+|well\s+)?cent(?:er|r)ed\s+(?:around|at"
            rf"|on|near)\s+(?:about\s+|roughly\s+|~\s*)?{lx.NUM}(?!\.?\d)\s*(gev|tev|mev|cm|mm)?\b"
        ):
            number = m.group(1) or m.group(3) or m.group(5) or m.group(7)
            unit = m.group(2) or m.group(4) or m.group(6) or m.group(8)
            value = {"cm": float(number), "mm": float(number) / 10}.get(unit or "") or _gev(
                number, unit
            )
            lo, hi = d.start, d.stop
            if lo is not None and hi is not None and not lo <= value <= hi:
                continue  # left unplaced: the stated range does not hold the peak
            if m.group(7) and (lo is None or hi is None) and value != 0:
                continue  # "centred around 3" with no range given: where? (asked)
            self.t.mask(m.start(), m.end())
            self.result.notes.append(
                f"'{self._context(m.start(), m.end())}' describes the spectrum; it is not used "
                "as a cut."
            )

        # "the Z boson invariant mass (M=90 GeV)": the particle's mass stated in passing; a
        # value far from the particle's mass ("M=90 MeV" for the Z) stays unplaced (asked)
        for m in self.t.finditer(
            rf"\b(z|w|higgs|h|top|t)(?:\s+boson|\s+quark)?(?:\s+invariant)?\s+mass\s*\(\s*"
            rf"(?:m(?:_?\{{?[a-z]+\}}?)?|mass)?\s*(?:=|~|\\approx|is|of)\s*(?:about\s+|~\s*)?"
            rf"{lx.NUM}\s*(gev|tev|mev)\s*\)"
        ):
            known = lx.MASSES[m.group(1)]
            value = _gev(m.group(2), m.group(3))
            if not 0.8 * known <= value <= 1.2 * known:
                continue
            start = m.start() + m.group(0).index("(")
            self.t.mask(start, m.end())
            self.result.notes.append(
                f"'{self._context(start, m.end())}' describes the particle; it is not used as "
                "a cut."
            )

    def _higgs_peak(self) -> None:
        """ "plot a Higgs peak (at 125 GeV)": the histogram range around it when none is given
        (stated); a number outside a range given stays unplaced (asked)."""
        d = self.result.draft
        for m in re.finditer(se.HIGGS_PEAK, self.t.orig):  # "higgs" was read as the physics
            value = float(m.group(1)) if m.group(1) else None
            if value is not None and not 100 <= value <= 150:
                continue  # not the Higgs mass: left unplaced
            if d.start is None and d.stop is None and d.edges is None:
                lo, hi = se.HIGGS_PEAK_RANGE
                self.set("start", lo, inferred=True)
                self.set("stop", hi, inferred=True)
                self.result.notes.append(
                    f"'{self._context(m.start(), m.end())}': the histogram range is taken as "
                    f"{lo:g}-{hi:g} GeV around the Higgs mass (give a range to change it)."
                )
            elif value is not None and not (d.start or 0) <= value <= (d.stop or value):
                continue
            if m.group(1):
                self.t.mask(m.start(1), m.end())

    def _implied_presence(self) -> None:
        """ "the MET for events with a muon with pT > 20 GeV": such events have at least one.

        An object named after "events with / containing / having" that is not the plotted one
        and has no count of its own is required to be there (>= 1), never just defined."""
        d = self.result.draft
        events = re.search(
            r"\b(?:events?|those)\s+(?:with|having|containing|that\s+(?:have|has|contain)"
            r"|which\s+(?:have|contain)|where\s+there\s+(?:is|are))\b"
            # "leading jet pT in ttbar, require an isolated muon above 30 GeV": the events must
            # have one (was: the muons only defined, and the jets cleaned against them)
            r"|\brequir(?:e|es|ed|ing)\s+(?=(?:an?|one|1)\s)",
            self.t.orig,
        )
        if events is None:
            return
        named = [m for m in self.mentions if m.start >= events.end() and m.kind != "met"]
        for a, b in zip(named, named[1:], strict=False):
            vetoed = any(a in v.mentions and b in v.mentions for v in self.veto_lists)
            if (
                a.kind != b.kind
                and not vetoed
                and re.search(r"\bor\b", self.t.orig[a.end : b.start])
            ):
                # "events with an electron or a muon": either one, which a count cannot say
                self.result.unplaced.append(self._context(a.start, b.end) + " (either one?)")
                return
        for m in self.mentions:
            if m.start < events.end() or m.kind == "met" or m.pair:
                continue
            if m.kind == d.object and d.quantity not in EVENT_QUANTITIES:
                continue  # the plotted objects: "the jet pT in events with jets above 30 GeV"
            if m.kind in (d.pair_sel, d.z_decay, d.channel) or d.analysis is not None:
                continue
            before = self.t.orig[max(0, m.start - 40) : m.start]
            if re.search(r"\b(?:no|without|zero|veto\w*|0|not)\s+(?:[a-z-]+\s+){0,2}$", before):
                continue  # a veto, read by the veto rules
            req = d.requirements.get(m.kind)
            if req is not None and (req.min_count is not None or req.max_count is not None):
                continue
            self.set(f"requirements.{m.kind}.min_count", 1)
            m.used = True

    def _log_and_charge(self) -> None:
        for m in self.t.finditer(lx.LOG_X):
            self.set("log_x", True)
            if re.search(r"log[- ]log|axes", m.group(0)):
                self.set("log_y", True)
            elif "bin" in m.group(0):
                self.log_bins = True
            self.t.mask(m.start(), m.end())
        for value, pattern in ((False, lx.LOG_FALSE), (True, lx.LOG_TRUE)):
            for m in self.t.finditer(pattern):
                self.set("log_y", value)
                self.t.mask(m.start(), m.end())
        if self.log_bins and "log_y" not in self.result.explicit:
            # "100 log bins from 0.25 to 300 GeV": a spectrum over decades, shown log-log as
            # physicists show it (stated; "linear y" changes it). "log x" alone is an axis.
            self.set("log_y", True, inferred=True)
            self.result.notes.append(
                "Log-spaced bins: the spectrum is shown log-log (say 'linear y' to change)."
            )
        for charge, pattern in lx.CHARGE_PATTERNS:
            for m in self.t.finditer(pattern):
                self.set("charge", charge)
                if charge == "any":  # "whatever their charges": said, as it is no default
                    self.result.notes.append(
                        f"'{m.group(0).strip()}': no charge requirement (objects and pairs "
                        "of any charge, not only opposite-sign), as you asked."
                    )
                self.t.mask(m.start(), m.end())
        # "all (distinct) pairs of electrons": every pair, whatever its charge, unless a charge
        # is stated ("all pairs of muons with opposite charges")
        if (
            "charge" not in self.result.explicit
            and re.search(
                r"\b(?:all|every)\s+(?:the\s+)?(?:distinct\s+|possible\s+)?(?:(?:pairs?|combinations?)"
                r"\s+of\s+(?:the\s+)?(?:muons|electrons|leptons)\b|di(?:muon|electron|lepton)\s+"
                r"(?:mass(?:es)?|pairs?|combinations|candidates)\b"
                # "every muon pair", "all possible electron pairs": every pair, any charge
                r"|(?:muon|electron|lepton)\s+(?:pairs?|combinations)\b)",
                self.t.orig,
            )
            and not re.search(r"\bcharges?\b|\bsigns?\b", self.t.orig)
        ):
            self.set("charge", "any")

    def _mentions(self) -> None:
        scratch = self.t.masked
        for pattern, kind, pair in lx.OBJECT_PATTERNS:
            for m in re.finditer(pattern, scratch):
                self.mentions.append(Mention(m.start(), m.end(), kind, pair))
                scratch = scratch[: m.start()] + "@" * (m.end() - m.start()) + scratch[m.end() :]
        for m in re.finditer(r"\bmet\b", scratch):
            self.mentions.append(Mention(m.start(), m.end(), "met"))
        self.mentions.sort(key=lambda m: m.start)
        self._such_objects()

    def _met_angle_reduction(self) -> None:
        """ "the minimum delta phi between the MET and the 4 leading jets": the smallest |delta
        phi| to the MET over the (N leading) objects, one value per event."""
        for m in self.t.finditer(lx.MIN_DPHI_MET):
            g = {k[:-1]: v for k, v in m.groupdict().items() if v is not None}  # one side's
            kind = "bjet" if g["objs"].startswith("b") else "jet"
            n = next((g[k] for k in ("n", "m", "f") if k in g), None)
            self.set("quantity", "delta_phi")
            self.set("object", kind)
            self.set("with_met", True)
            self.set("per_event", "min")
            if n is not None:
                self.set("first_n", int(n))
            for mention in self.mentions:
                if m.start() <= mention.start < m.end():
                    mention.used = True
            self.t.mask(m.start(), m.end())
            return

    def _two_kind_system(self) -> None:
        """ "the invariant mass of the leading lepton and the leading b jet", "m(l, gamma)": the
        system of the leading object of each of two kinds (one candidate per event)."""
        for m in self.t.finditer(lx.TWO_KIND_SYSTEM):
            if m.group(1):
                words = m.group(1)
                kinds = (lx.SYSTEM_KINDS[m.group(2)], lx.SYSTEM_KINDS[m.group(3)])
            elif m.group(6):  # "the mass of the electron and the muon": the leading of each
                words = "mass"
                kinds = (lx.SYSTEM_KINDS[m.group(7)], lx.SYSTEM_KINDS[m.group(8)])
                self.result.notes.append(
                    f"'{m.group(0)}' read as the system of the leading {m.group(7)} and the "
                    f"leading {m.group(8)} (one of each per event; say 'every pair' for all)"
                )
            else:
                words = "mass"
                kinds = (lx.SYSTEM_KINDS[m.group(4)], lx.SYSTEM_KINDS[m.group(5)])
            first, second = kinds
            if (
                first == second
                or {first, second} <= {"muon", "electron", "lepton"}
                and ("lepton" in kinds)
            ):
                continue  # one kind (the leading pair), or a lepton with a lepton: not this
            if words != "mass" and not re.search(r"\bsystem\b", m.group(0)):
                continue  # "the pT of the leading jet and the leading muon": each one's pT
            quantity = "pt" if words.startswith(("pt", "transverse")) else words
            self.set("quantity", quantity)
            self.set("object", first)
            self.set("pair", True)
            self.set("system_with", second)
            self.set(f"requirements.{second}.select", True)
            for mention in self.mentions:
                if m.start() <= mention.start < m.end():
                    mention.used = True
            self.t.mask(m.start(), m.end())
            return

    def _such_objects(self) -> None:
        """ "b-jets with pT > 30 GeV; events need at least 2 such jets": "such" names the objects
        defined before it, the b-jets (was: asked). The word is read only when an object of that
        kind, or one it narrows ("such jets" after b-jets), was named before; else asked."""
        for i, mention in enumerate(self.mentions):
            such = re.search(r"\bsuch\s+$", self.t.orig[max(0, mention.start - 8) : mention.start])
            if such is None or mention.kind == "met" or mention.pair:
                continue
            kinds = (mention.kind, *_NARROWS.get(mention.kind, ()))
            before = [o for o in self.mentions[:i] if o.kind in kinds and not o.pair]
            if not before:
                continue
            mention.kind = before[-1].kind
            start = max(0, mention.start - 8) + such.start()
            self.t.mask(start, start + 4)

    def _mass_cuts(self) -> None:
        """ "dimuon mass above 50 GeV", "m(mumu) < 120 GeV": a cut on a pair's mass."""
        for m in self.t.finditer(
            rf"\b(?:mass|m)\s*(?:is\s+|are\s+)?(?:(?:of\s+)?({lx.GREATER})|({lx.LESS}))\s*{lx.NUM}\s*"
            r"(gev|tev|mev)\b"
        ):
            value = _gev(m.group(3), m.group(4))
            self.mass_cuts.append((m.start(), "pair_mass_min" if m.group(1) else "pair_mass_max",
                                   value))  # fmt: skip
            self.t.mask(m.start() + (4 if m.group(0).startswith("mass") else 1), m.end())

    def _about_mass(self, pos: int) -> bool:
        """'mass above 50 GeV' is a mass cut, not a pT cut (and mass cuts are not planned)."""
        # also any other quantity named just before: "the lepton energy is higher than 20 GeV"
        # is not a pT cut (left unplaced: asked)
        return (
            re.search(
                r"\b(?:mass|m|mt|ht|mht|energy|e|isolation|iso|charge|rapidity|significance)\s*"
                r"(?:(?:is|are|must\s+be|should\s+be|to\s+be|be|of)\s+)?$",
                self.t.orig[max(0, pos - 22) : pos],
            )
            is not None
        )

    def _pair_and_ranked_pt_cuts(self) -> None:
        """ "events with the dimuon pT above 50 GeV", "the leading jet pT between 100 and 200
        GeV" (as a condition), "the Z pT below 30 GeV": a pT cut of a pair or of one ranked
        object that no rule read before (``_lead_cuts`` reads "the leading jet pT above X"). The
        cut rules below would put it on every muon or jet (the pair's pT is not its legs'; the
        leading jet's is not every jet's): left unplaced, so the user is asked."""
        t = self.t
        pt_cut = (
            rf"\b(?:pt|momentum|transverse\s+momentum)\s*(?:(?:is|are|of|be|being|to\s+be"
            rf"|must\s+be|should\s+be|has\s+to\s+be)\s+)?"
            rf"(?:(?:between|from)\s*{lx.NUM}{lx.UNIT}\s*(?:and|to|-)\s*{lx.NUM}{lx.UNIT}"
            rf"|{lx.GREATER}\s*{lx.NUM}{lx.UNIT}|(?:<=?|below|under|less\s+than|smaller\s+than"
            rf"|lower\s+than|at\s+most|not\s+exceeding)\s*{lx.NUM}{lx.UNIT})"
        )
        owner = re.compile(
            r"(?:\bdi(?:muon|electron|lepton|jet|photon|tau|bjet)|\b(?:muon|electron|lepton|jet"
            r"|photon|tau)\s+pair|\bpair|\bsystem|\bcandidate|\bz(?:\s+boson)?"
            r"|\b(?:leading|sub-?leading|second|third|hardest|first)\s+"
            r"(?:muon|electron|lepton|jet|bjet|photon|tau))(?:'s)?\s*$"
        )
        for m in t.finditer(pt_cut):
            if owner.search(t.orig[max(0, m.start() - 40) : m.start()]) is None:
                continue
            self.result.unplaced.append(
                f"{self._context(m.start(), m.end())} (a cut on one object or a pair, not on "
                "each object)"
            )
            t.mask(m.start(), m.end())
        # "dimuons below 50 GeV": a pair's mass or pT, not its muons' pT (was: each muon's pT
        # below 50 GeV, silently)
        bare = (
            r"\bdi(?:muon|electron|lepton|jet|photon|tau|bjet)s?\s+(?:(?:with\s+)?(?:masses?\s+)?"
            rf"(?:{lx.GREATER}|<=?|below|under|less\s+than|smaller\s+than|lower\s+than)\s*{lx.NUM}"
            rf"\s*(?:gev|tev|mev)\b)"
        )
        for m in t.finditer(bare):
            if "mass" in m.group(0):
                continue  # "dimuons with mass above 50 GeV": the pair mass (read elsewhere)
            self.result.unplaced.append(
                f"{self._context(m.start(), m.end())} (the pairs' mass or pT? not each object's)"
            )
            t.mask(m.start(), m.end())

    def _one_object_cuts(self) -> None:
        """ "the pt of the hardest muon below 100 GeV", "the leading jet eta below 1", "the |eta|
        of the first muon <= 1.3", "the invariant mass of the two muons greater than 70 GeV",
        "the dimuon |y| is at least 1": a cut of one ranked object, of a pair or on a rapidity
        that no rule read before. The cut rules below would put it on every object (each muon's
        pT, every jet's |eta|) or drop it: left unplaced, so the user is asked."""
        t = self.t
        bound = (
            rf"\s*(?:is\s+|to\s+be\s+|must\s+be\s+|should\s+be\s+)?(?:(?:{lx.GREATER}|{lx.LESS}"
            rf"|at\s+most)\s*-?{lx.NUM}|(?:between|from)\s*-?{lx.NUM}{lx.UNIT}\s*(?:and|to|-)\s*-?"
            rf"{lx.NUM})"
        )
        one = r"(?:light\s+)?(?:muon|electron|lepton|jet|bjets?|photon|tau)\b"
        pair = (
            r"(?:(?:two|2)\s+(?:leading\s+)?|leading\s+(?:two|2)\s+)"
            r"(?:muons|electrons|leptons|jets|bjets|photons|taus)\b"
            r"|(?:muon|electron|lepton|jet|bjet|photon|tau)\s+pair\b"
            # the objects by name, not "di[a-z]+": every pattern here is a word the coverage
            # check knows, and that one knew "disks", "distal", "dinner" in every request
            r"|di(?:muon|electron|lepton|jet|bjet|photon|tau)s?(?:\s+system)?\b"
        )
        for pattern, why in (
            (rf"(?<!\w){_OBJECT_QUANTITY}\s+of\s+the\s+{_ORDINALS}\s+{one}{bound}", "one object"),
            (rf"\b{_ORDINALS}\s+{one}\s+{_OBJECT_QUANTITY}{bound}", "one object"),
            (rf"(?<!\w){_OBJECT_QUANTITY}\s+of\s+(?:the\s+)?(?:{pair}){bound}", "a pair"),
            (rf"(?<![\w|])\|?\s*rapidity\s*\|?{bound}", "a rapidity"),
            # "the delta_phi between the leading jet and the met >= 1": not a MET cut
            (
                r"\b(?:delta_r|delta_phi|delta_eta|delta_y|angle|distance|separation)\s*(?:between|of)\s+"
                rf"[^,;]{{0,60}}?\band\s+(?:the\s+)?met{bound}",
                "an angle",
            ),
        ):
            for m in t.finditer(pattern):
                if re.search(r"\b(?:\d+|two|three|four|both|all)\s+$", t.orig[: m.start()]):
                    continue  # "the 2 leading jets pt > 50 GeV": a cut on each of them
                self.result.unplaced.append(
                    f"{self._context(m.start(), m.end())} (a cut on {why}, not on each object)"
                )
                t.mask(m.start(), m.end())

    def _pend(self, pos: int, requirement: str, value: float, after: bool = False) -> None:
        self.pending.append((pos, requirement, value, after))
        target = self.attribute(pos, after_only=after)
        if target is not None:
            target.used = True

    def _threshold_of_another(self, m: re.Match[str]) -> bool:
        """Whether the bare threshold ``m`` ("> 300 GeV") follows a word that is neither an
        object, a rank, a pT/energy word nor a joining word ("ST > 300 GeV", "M_eff > 300 GeV"):
        the number is of that quantity, which no rule read. It is left unplaced (asked), never
        read as the pT of the nearest objects (was: "the electron pT in events with ST > 300
        GeV" cut every electron at 300 GeV, silently)."""
        before = self.t.orig[: m.start()]
        # "pT(jj) > 100 GeV", "|m_ll - m_Z| > 15 GeV": a quantity of its own, not the pT of the
        # objects (an object word with a bracket, "jets (AK4) above 30 GeV", is read on)
        call = re.search(r"(?:([a-z][a-z0-9_]*)\s*\([^()]*\)|\|[^|]*\|)\s*$", before)
        word = re.search(r"((?:\bp\s+_)?[a-z][a-z0-9_]*)\s*$", before)  # "p _t": HTML p<sub>T
        # "m(ll) > 76 GeV and < 106 GeV": the bound goes on with the quantity compared before
        went_on = re.search(
            rf"(\S+)\s*(?:[<>]=?|{lx.GREATER}|{lx.LESS})\s*\d+(?:\.\d+)?\s*(?:gev|tev|mev)?\s*,?"
            r"\s*(?:and|but)\s*$",
            before,
        )
        if went_on is not None:
            said = went_on.group(1)
            if (
                _THRESHOLD_SUBJECT.fullmatch(said)
                or re.fullmatch(_OBJECT_WORDS, said)
                # "|eta| under 2.5 and more than 25 GeV": a GeV bound after an angle's is a pT
                or re.fullmatch(r"\|?(?:eta|phi|y|rapidity|dr|delta_?r|reliso\w*)\|?", said)
            ):
                return False
            start = went_on.start()
        elif call is not None and not re.fullmatch(_OBJECT_WORDS, call.group(1) or ""):
            said, start = call.group(0).strip(), call.start()
        elif (
            word is None
            or re.search(rf"(?:{_OBJECT_WORDS})\s*$", before)
            or _THRESHOLD_SUBJECT.fullmatch(word.group(1))
        ):
            return False
        else:
            said, start = word.group(1), word.start()
        self.result.unplaced.append(
            f"{self._context(start, m.end())} (a threshold on '{said}', not on the objects' pT?)"
        )
        self.t.mask(m.start(), m.end())
        return True

    def _et_thresholds(self) -> None:
        """ "jets with E_T > 30 GeV" is read as pT > 30 GeV (the rules' long-standing reading:
        E_T = E/cosh(eta) is pT for a massless object, a little above it for a jet); said."""
        m = re.search(
            r"(?:\be\s*_\s*(?:\{\s*t\s*\}|t)|\bet|\btransverse\s+energ(?:y|ies))\s*(?:>=?|=>|≥"
            r"|(?:of\s+)?(?:above|over|greater\s+than|larger\s+than|at\s+least|exceeding))\s*"
            r"(\d+(?:\.\d+)?)",
            self.t.orig,
        )
        if m is not None:
            self.result.notes.append(
                f"'{m.group(0)}' read as pT > {m.group(1)} GeV (E_T = E/cosh(eta) equals pT for a "
                "massless object and is a little above it for a jet)"
            )

    def _thresholds(self) -> None:
        t = self.t
        self._pair_and_ranked_pt_cuts()
        self._one_object_cuts()
        # "the muon+MET transverse mass to be < 30 GeV", "mT of the muon and MET below 30 GeV":
        # a cut on the transverse mass (not on the MET or a pT, the nearest words): asked
        for m in t.finditer(
            # the words between "mt" and the cut name its objects only ("... using b-jets with a
            # pt of more than 30 gev" is a cut on the b-jets)
            # (or its objects in brackets: "mT(W) > 50", never the MET's cut)
            r"\bmt\b(?:\s+(?:of|between)\s+(?:(?!\b(?:with|using|having|for|in|pt)\b)[^,;.<>])"
            r"{0,50}?|\s*\([^()<>]{0,40}\))?\s*(?:to\s+be\s+|is\s+|must\s+be\s+"
            rf"|should\s+be\s+|be\s+)?(?:<=?|>=?|below|above|under|over|less\s+than|greater\s+than"
            rf"|smaller\s+than|larger\s+than|more\s+than|higher\s+than|lower\s+than|exceeding"
            rf"|(?:of\s+)?at\s+(?:least|most))\s*{lx.NUM}{lx.UNIT}"
            r"(?!\s*(?:b-?jets?|jets?|muons?|electrons?|photons?|leptons?|taus?)\b)"  # a count
        ):
            self.result.unplaced.append(
                f"{self._context(m.start(), m.end())} (a cut on the transverse mass?)"
            )
            t.mask(m.start(), m.end())
        # "photons central (|eta| < 2.1)": the region word after the objects, its bound given
        for m in t.finditer(
            r"\b(?:muon|electron|lepton|jet|bjet|photon|tau)s\s+(central)\s*(?=\(\s*\|\s*eta\s*\|"
            r"\s*(?:<|below|under|less\s+than|smaller\s+than|lower\s+than))"
        ):
            t.mask(m.start(1), m.end(1))
        eta = (
            rf"\|?\s*eta\s*\|?\s*{lx.LESS}\s*{lx.NUM}"
            rf"|\bwithin\s+\|?\s*eta\s*\|?\s*(?:of\s*)?{lx.NUM}"
        )
        for m in t.finditer(eta):
            value = float(m.group(1) or m.group(2))
            self._pend(m.start(), "abs_eta_max", value)
            t.mask(m.start(), m.end())
        for m in t.finditer(rf"\bmet\s*{lx.GREATER}\s*{lx.NUM}{lx.UNIT}"):
            self.set("met_min", _gev(m.group(1), m.group(2)))
            t.mask(m.start(), m.end())
        # "events with HT > 300 GeV": an event cut on the scalar sum of the selected jets; "the
        # HT spectrum of the 2018 data (look like) above 300 GeV": the same, words between that
        # name no objects (was: read as a jet pT threshold, then asked as a conflict)
        for m in t.finditer(
            r"\bht(?:\s+(?:spectrum|distribution))?(?:\s+(?:of|in|for)\s+(?:(?!\b(?:b-?jets?|jets?"
            r"|muons?|electrons?|leptons?|photons?|taus?|with|having|where|whose|and|or|from"
            r"|between)\b)[^,;.<>|()]){1,50}?(?:\s+looks?\s+like)?)?"
            rf"(?P<cut>\s*(?:(?:is\s+)?({lx.LESS})|(?:is\s+)?{lx.GREATER})\s*{lx.NUM}{lx.UNIT})"
            r"(?!\s*(?:b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?)\b)"
        ):
            gap = m.start("cut") - m.start() > 3  # words between "ht" and the bound
            if gap and not m.group(4):  # "the HT of all particles within R < 0.4": no GeV
                continue
            self.set("ht_max" if m.group(2) else "ht_min", _gev(m.group(3), m.group(4)))
            self.set("requirements.jet.select", True, inferred=True)
            # the words between stay to be read (the HT is also what may be plotted)
            t.mask(m.start("cut") if gap else m.start(), m.end())
        # "MHT > 200 GeV": an event cut on the missing HT of the selected jets
        for m in t.finditer(
            rf"\bmht\s*(?:(?:is\s+)?({lx.LESS})|(?:is\s+)?{lx.GREATER})\s*{lx.NUM}{lx.UNIT}"
        ):
            self.set("mht_max" if m.group(1) else "mht_min", _gev(m.group(2), m.group(3)))
            self.set("requirements.jet.select", True, inferred=True)
            t.mask(m.start(), m.end())
        for m in t.finditer(
            rf"\b(?:pt|momentum)\s*((?:between|from)\s*{lx.NUM}{lx.UNIT}\s*(?:and|to|-)\s*"
            rf"{lx.NUM}{lx.UNIT})"
        ):
            unit = m.group(3) or m.group(5)
            self._pend(m.start(), "pt_min", _gev(m.group(2), m.group(3) or unit))
            self._pend(m.start(), "pt_max", _gev(m.group(4), m.group(5) or unit))
            t.mask(m.start(1), m.end())  # "pt" stays: it may also be what is plotted
            self.quantity_spans.append((m.start(), m.start(1)))  # ... and is placed here
        # "muons with pT in [50, 200] GeV": the window in bracket notation
        for m in t.finditer(
            rf"\b(?:pt|momentum)(\s*in\s*\[\s*{lx.NUM}{lx.UNIT}\s*,\s*{lx.NUM}{lx.UNIT}\s*\]"
            rf"{lx.UNIT})"
        ):
            unit = m.group(3) or m.group(5) or m.group(6)
            self._pend(m.start(), "pt_min", _gev(m.group(2), m.group(3) or unit))
            self._pend(m.start(), "pt_max", _gev(m.group(4), m.group(5) or unit))
            t.mask(m.start(1), m.end())
            self.quantity_spans.append((m.start(), m.start(1)))
        # "muons with 25 < pT < 50 GeV": the window written around the quantity
        for m in t.finditer(
            rf"(?<![\w.|<>=-]){lx.NUM}{lx.UNIT}\s*<=?\s*(pt|transverse\s+momentum)\s*<=?\s*"
            rf"{lx.NUM}{lx.UNIT}(?![\w.])"
        ):
            unit = m.group(2) or m.group(5)
            self._pend(m.start(3), "pt_min", _gev(m.group(1), m.group(2) or unit))
            self._pend(m.start(3), "pt_max", _gev(m.group(4), m.group(5) or unit))
            t.mask(m.start(), m.start(3))
            t.mask(m.end(3), m.end())
            self.quantity_spans.append((m.start(3), m.end(3)))
        less = (
            r"(?:<=|=<|<|below|under|less\s+than|smaller\s+than|lower\s+than|softer\s+than"
            r"|of\s+at\s+most|at\s+most)"
        )
        for m in t.finditer(rf"\bmet\s*{less}\s*{lx.NUM}{lx.UNIT}"):
            self.set("met_max", _gev(m.group(1), m.group(2)))
            t.mask(m.start(), m.end())
        for m in t.finditer(rf"\b(?:pt|momentum)\s*{less}\s*{lx.NUM}{lx.UNIT}"):
            self._pend(m.start(), "pt_max", _gev(m.group(1), m.group(2)))
            t.mask(m.start(), m.end())
        for m in t.finditer(rf"(?<![|\w]){less}\s*{lx.NUM}\s*(gev|tev|mev)\b{_IN_PT}"):
            if self._about_mass(m.start()) or self._threshold_of_another(m):
                continue
            target = self.attribute(m.start())
            if target is not None and target.kind == "met":
                self.set("met_max", _gev(m.group(1), m.group(2)))
                t.mask(m.start(), m.end())
                continue
            self._pend(m.start(), "pt_max", _gev(m.group(1), m.group(2)))
            t.mask(m.start(), m.end())
        for m in t.finditer(rf"\b(?:pt|momentum)\s*{lx.GREATER}\s*{lx.NUM}{lx.UNIT}"):
            self._pend(m.start(), "pt_min", _gev(m.group(1), m.group(2)))
            t.mask(m.start(), m.end())
        # "b-jets above 40 GeV in pT": the quantity named after the value is read with it
        for m in t.finditer(rf"{lx.GREATER}\s*{lx.NUM}\s*(gev|tev|mev)\b{_IN_PT}"):
            if self._about_mass(m.start()) or self._threshold_of_another(m):
                continue
            target = self.attribute(m.start())
            value = _gev(m.group(1), m.group(2))
            if target is not None and target.kind == "met":
                self.set("met_min", value)
            else:
                self._pend(m.start(), "pt_min", value)
            t.mask(m.start(), m.end())
        for m in t.finditer(rf"\b{lx.NUM}\s*(gev|tev|mev)\s+(?=\w)"):
            # "20 GeV muons": the value right before the objects (adjectives between). Not "a
            # mass of around 90 GeV and can decay into two muons": a value of another quantity,
            # and a clause between the value and the objects
            if self._about_mass(m.start()) or silent.APPROXIMATE_BEFORE.search(
                self.t.orig[max(0, m.start() - 22) : m.start()]
            ):
                continue
            target = self.attribute(m.end(), after_only=True)
            if target is not None and silent.CLAUSE_BREAK.search(
                self.t.orig[m.end() : target.start]
            ):
                target = None
            if target is not None and target.start - m.end() < 30:
                if target.kind == "met":
                    self.set("met_min", _gev(m.group(1), m.group(2)))
                else:
                    self._pend(m.end(), "pt_min", _gev(m.group(1), m.group(2)), after=True)
                t.mask(m.start(), m.end())

    def _counts(self) -> None:
        t = self.t
        self._compared_counts()
        lead = rf"(?=\s+(?:{ADJECTIVES}\s+)*(?:{_OBJECT_WORDS}))"
        patterns = [
            (
                rf"\b(?:at\s+least|>=|minimum\s+of|a\s+minimum\s+of|no\s+fewer\s+than)\s*(\d+)\b{lead}",
                "min",
            ),
            (rf"\b(\d+)\s+or\s+more\b{lead}", "min"),
            (rf"\bexactly\s*(\d+)\b{lead}", "exact"),
            (rf"\b(?:at\s+most|no\s+more\s+than|<=|up\s+to)\s*(\d+)\b{lead}", "max"),
            (rf"\b(?:fewer|less)\s+than\s*(\d+)\b{lead}", "below"),
            (rf"\b(?:more|greater)\s+than\s*(\d+)\b{lead}", "above"),
            # "events with <= 3 jets", "> 2 jets": a comparison sign before the count (was: the
            # sign left unread, "3 jets" read as at least 3)
            (rf"(?<![<>=!])(?:>=|=>|≥)\s*(\d+)\b{lead}", "min"),
            (rf"(?<![<>=!])(?:<=|=<|≤)\s*(\d+)\b{lead}", "max"),
            (rf"(?<![<>=!-])<(?![<>=])\s*(\d+)\b{lead}", "below"),
            (rf"(?<![<>=!-])>(?![<>=])\s*(\d+)\b{lead}", "above"),
            (rf"(?<![<>=!])==?(?![<>=])\s*(\d+)\b{lead}", "exact"),
            (rf"(?<![\w.#-])(\d+)\b{lead}", "bare"),
        ]
        # "(jets) where at least 2 have pT > 40": the count refers back to the objects
        for m in t.finditer(
            r"\b(?:where|of\s+which|such\s+that)?\s*at\s+least\s+(\d+)\s+"
            r"(?:of\s+them\s+)?(?=have|has|with|pass)"
        ):
            before = [o for o in self.mentions if o.end <= m.start() and o.kind != "met"]
            if before:
                before[-1].used = True
                self.set(f"requirements.{before[-1].kind}.min_count", int(m.group(1)))
                t.mask(m.start(), m.end())
        for pattern, written in patterns:
            for m in t.finditer(pattern):
                target = self.attribute(m.end(), after_only=True)
                if target is None:
                    continue
                n = int(m.group(1))
                # (per match: "2 OS muons, 0 jets" was read as at least 0 jets, the "bare" of
                # the first match turned into "min" for the second)
                how = written
                if how == "bare":  # "2 jets": at least two; "0 jets", "zero jets": none
                    how = "exact" if n == 0 else "min"
                    said = self.t.orig[m.start() : target.end]
                    if n > 0 and not re.search(
                        r"\b(?:the|these|those|its|their)\s*$", self.t.orig[: m.start()]
                    ):
                        self.result.notes.append(
                            f"'{said}' read as at least {n} (say 'exactly {n}' for exactly)."
                        )  # fmt: skip
                if how == "below":  # "fewer than 3 jets": at most 2
                    if n == 0:
                        continue
                    how, n = "max", n - 1
                elif how == "above":  # "more than 2 jets": at least 3
                    how, n = "min", n + 1
                target.used = True
                base = f"requirements.{target.kind}"
                if how in ("min", "exact"):
                    self.set(f"{base}.min_count", n)
                if how in ("max", "exact"):
                    self.set(f"{base}.max_count", n)
                t.mask(m.start(), m.end())

    def _detector_regions(self) -> None:
        """ "electrons in the barrel", "endcap muons": the usual |eta| ranges of the CMS
        detector parts for that object (stated). With an |eta| cut of the user's own, the word
        describes that cut (left to the vague-word check)."""
        for m in self.t.finditer(r"\b(barrel|end-?caps?)\b"):
            target = self.nearest(m.start(), m.end())
            if target is None and self.followup and self.context_object:
                # "now in the endcaps": the objects of the plot being edited
                target = Mention(m.start(), m.end(), self.context_object)
            if target is None or target.kind not in DETECTOR_REGIONS:
                continue
            base = f"requirements.{target.kind}"
            lo, hi = _segment(self.t.orig, m.start())
            part = "barrel" if m.group(1) == "barrel" else "endcap"
            low, high, what = DETECTOR_REGIONS[target.kind][part]
            stated = [
                (req, value)
                for pos, req, value, _ in self.pending
                if req.startswith("abs_eta") and lo <= pos < hi
            ]
            if stated or {f"{base}.abs_eta_max", f"{base}.abs_eta_min"} & self.result.explicit:
                # "|eta| < 1.479 (barrel)": the word describes the stated cut; read as such
                # when the cut is the part's edge within 0.15 ("barrel electrons (|eta| <
                # 1.479)"), else left to the vague-word check (asked)
                if part == "barrel" and any(
                    req == "abs_eta_max" and abs(value - high) <= 0.15 for req, value in stated
                ):
                    target.used = True
                    self.t.mask(m.start(), m.end())
                continue
            if low is not None:
                self.set(f"{base}.abs_eta_min", low)
            self.set(f"{base}.abs_eta_max", high)
            target.used = True
            self.t.mask(m.start(), m.end())
            span = f"{low:g} < |eta| < {high:g}" if low is not None else f"|eta| < {high:g}"
            self.result.notes.append(f"'{m.group(1)}' read as {span} ({what}).")

    def nearest(self, start: int, end: int) -> Mention | None:
        """The object mention closest to the phrase at [start, end), either side, same clause."""
        lo, hi = _segment(self.t.orig, start)
        near = [m for m in self.mentions if lo <= m.start < hi and m.kind != "met"]
        if not near:
            return None
        return min(near, key=lambda m: m.start - end if m.start >= end else start - m.end)

    def _ids(self) -> None:
        t = self.t
        for m in t.finditer(
            r"\b(?:cut[- ]?based\s+(?:id\s+)?(?:[:=]\s*)?(?=(?:tight|medium|loose)\b(?!\s*"
            r"(?:-|\s)?(?:b-?tag|deep[- ]?jet|working|wp))))?"
            r"(tight|medium|loose)\b(?:\s*(?:-|\s)?(?:(?:cut[- ]?based\s+)?(?:(?:muon|electron"
            r"|photon)\s+)?(?:id|identification)|((?:(b-?tag(?:ging)?|"
            r"deep[- ]?jet)\s+)?(?:working\s+point|wp)|(b-?tag(?:ging)?|deep[- ]?jet))))?"
        ):
            target = self.nearest(m.start(), m.end())
            if m.group(2):  # a working point is a b-tagging word
                lo, hi = _segment(self.t.orig, m.start())
                bjets = [b for b in self.mentions if b.kind == "bjet" and lo <= b.start < hi]
                target = bjets[0] if bjets else target
            said_btag = bool(m.group(3) or m.group(4))  # "loose DeepJet WP": b-tagging, no ID
            if said_btag and (target is None or target.kind != "bjet"):
                self.result.ask(
                    f"Which jets are b-tagged at the {m.group(1)} DeepJet working point? Say "
                    f"e.g. '{m.group(1)} b-tagged jets' or 'at least one {m.group(1)} b-tagged "
                    "jet' (it is a b-tagging working point, not a jet ID)."
                )
                t.mask(m.start(), m.end())
                continue
            if target is None:
                continue
            target.used = True
            req = "btag_wp" if target.kind == "bjet" else "id"
            self.set(f"requirements.{target.kind}.{req}", m.group(1))
            t.mask(m.start(), m.end())
        # muon reconstruction types and IDs that are flags: "global muons", "the soft ID"
        soft_muons = "'soft muons' read as muons passing the soft muon ID (Muon_softId)"
        for pattern, flag, note in (
            (r"\bglobal(?:[- ]reconstructed)?\b(?=\s+(?:[a-z-]+\s+)?mu)", "isGlobal", None),
            (r"\btracker\b(?=\s+(?:[a-z-]+\s+)?mu)", "isTracker", None),
            (r"\b(?:pf|particle[- ]flow)\b(?=\s+(?:[a-z-]+\s+)?mu)", "isPFcand", None),
            (r"\bsoft(?:\s+muon)?\s*(?:-|\s)?(?:id|identification)\b", "softId", None),
            # "soft muons": the soft muon ID (B physics, soft-lepton b tagging), said
            (r"\bsoft(?=\s+muons?\b)", "softId", soft_muons),
            (r"\bhigh[- ]?pt\s*(?:-|\s)?(?:id|identification)\b", "highPtId", None),
        ):
            for m in t.finditer(pattern):
                target = self.nearest(m.start(), m.end())
                if target is None or target.kind not in ("muon", "lepton"):
                    continue
                target.used = True
                old = get_path(self.result.draft, "requirements.muon.flags") or []
                self.set("requirements.muon.flags", [*old, flag] if flag not in old else old)
                if note is not None and note not in self.result.notes:
                    self.result.notes.append(note)
                t.mask(m.start(), m.end())
        light = list(t.finditer(r"\blight\s+(?=jets?\b)"))
        if light and re.search(r"(?<!light\s)(?<!b-)(?<!b)\bjets?\b", t.orig):
            # "at least 4 jets and 2 light jets": one jet collection cannot be both
            self.result.ask(
                "You name jets and light (not b-tagged) jets: should I count the light jets "
                "among all jets (say e.g. 'at least 4 jets, of which 2 are not b-tagged'), or "
                "should every jet be a light jet?"
            )
        for m in light:  # light jets: not b-tagged
            self.set("requirements.jet.btag_veto", "loose")
            t.mask(m.start(), m.end())
        for m in t.finditer(r"\b(non|anti)[- ]?isolated\b|\bisolated\b"):
            target = self.nearest(m.start(), m.end())
            if target is None:
                continue
            target.used = True
            self.set(f"requirements.{target.kind}.isolated", m.group(1) is None)
            t.mask(m.start(), m.end())

    def _cleaning(self) -> None:
        """ "jets cleaned against muons": the muons are selected so the jets can avoid them."""
        for m in self.t.finditer(
            r"\b(?:cleaned|clean|separated|isolated|away)\s+(?:against|from)\s+(?:the\s+)?"
            r"(?:selected\s+)?(?=\w)"
        ):
            target = self.attribute(m.end(), after_only=True)
            if target is not None and target.start == m.end() and target.kind != "met":
                target.used = True
                self.set(f"requirements.{target.kind}.select", True)
                self.t.mask(m.start(), m.end())
        # "jets that are not within 0.4 in DeltaR of any light lepton", "DeltaR > 0.5 from muons"
        for m in self.t.finditer(
            r"\b(?:that\s+are\s+|which\s+are\s+)?(?:not\s+within|outside|further\s+than|more\s+than"
            r"|at\s+least)\s+(?:a\s+)?(?:delta_r\s+(?:of\s+)?)?(\d+(?:\.\d+)?)\s+(?:in\s+delta_r\s+)?"
            r"(?:of|from|away\s+from)\s+(?:any\s+|all\s+)?(?:the\s+)?(?:selected\s+)?[#\s]*(?=\w)"
            r"|\bdelta_r\s*(?:>=?|above|greater\s+than|of\s+at\s+least)\s*(\d+(?:\.\d+)?)\s+"
            r"(?:from|to|with\s+respect\s+to|wrt|between\s+them\s+and)\s+(?:any\s+|all\s+)?"
            r"(?:the\s+)?(?:selected\s+)?[#\s]*(?=\w)"
        ):
            target = self.attribute(m.end(), after_only=True)
            subject = [o for o in self.mentions if o.end <= m.start() and o.kind in ("jet", "bjet")]
            if target is None or target.kind == "met" or not subject:
                continue
            if target.start - m.end() > 8:  # "light lepton": one adjective at most
                continue
            target.used = subject[-1].used = True
            self.set(f"requirements.{target.kind}.select", True)
            self.set(f"requirements.{subject[-1].kind}.clean_dr", float(m.group(1) or m.group(2)))
            self.t.mask(m.start(), m.end())

    def _ranked_angle_legs(self, end: int) -> None:
        """ "delta R between the second and third jets", "between the second muon and the
        third jet": the rank of the second leg (``other_index``; the first leg's is ``index``,
        read by the ranked-object pass). Two legs of one rank are asked."""
        ordinal = (
            r"(leading|first|1st|hardest|sub-?leading|second|2nd|third|3rd|fourth|4th|fifth|5th"
            r"|sixth|6th)"
        )
        kind = r"(b-?jet|jet|muon|electron|lepton|photon|tau)s?"
        m = re.match(
            rf"\s*(?:between|of|for)\s+(?:the\s+)?{ordinal}\s+(?:{kind}\s+)?(?:and|&|,)\s+"
            rf"(?:the\s+)?{ordinal}\s+{kind}\b",
            self.t.orig[end:],
        )
        if m is None:
            return
        rank = {"leading": 0, "first": 0, "1st": 0, "hardest": 0, "subleading": 1,
                "sub-leading": 1, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
                "4th": 3, "fifth": 4, "5th": 4, "sixth": 5, "6th": 5}  # fmt: skip
        first, second = rank[m.group(1)], rank[m.group(3)]
        same = m.group(2) is None or m.group(2).replace("-", "") == m.group(4).replace("-", "")
        if same and first == second:
            self.result.ask(
                f"'{m.group(0).strip()}' names one object twice: between which two should I "
                "compute it?"
            )
            return
        if same and (first, second) == (0, 1):
            return  # the leading two: the default legs (of[0], of[1]), nothing to set
        if same or second:
            self.set("other_index", second)

    def _ranked_system(
        self, quantity: str, end: int
    ) -> tuple[str, int, int, list[tuple[int, int]]] | None:
        """ "the mass of the leading and third jets", "the pT of the first and third jet
        system": the four-vector sum of two ranked objects of one collection (a system with
        ``index`` and ``other_index``): (kind, rank, rank, the spans to mask). None for
        other words, and for the two leading ("the mass of the leading and subleading jets":
        the pair of the two leading, as before); one rank twice is asked."""
        if quantity not in ("mass", "pt", "eta", "phi"):
            return None
        ordinal = (
            r"(leading|first|1st|hardest|sub-?leading|second|2nd|third|3rd|fourth|4th|fifth|5th"
            r"|sixth|6th)"
        )
        kind = r"(b-?jet|jet|muon|electron|photon|tau)s?"
        m = re.match(
            rf"\s*(?:of|for)\s+(?:the\s+)?{ordinal}\s+(?:{kind}\s+)?(?:and|&|,)\s+(?:the\s+)?"
            rf"{ordinal}\s+{kind}\b(\s+(?:system|pair))?",
            self.t.orig[end:],
        )
        if m is None or (quantity != "mass" and m.group(5) is None):
            return None  # "the pT of the leading and third jets": each jet's pT
        if m.group(2) and m.group(2).replace("-", "") != m.group(4).replace("-", ""):
            return None  # two collections: not one collection's ranked objects
        rank = {"leading": 0, "first": 0, "1st": 0, "hardest": 0, "subleading": 1,
                "sub-leading": 1, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3,
                "4th": 3, "fifth": 4, "5th": 4, "sixth": 5, "6th": 5}  # fmt: skip
        first, second = sorted((rank[m.group(1)], rank[m.group(3)]))
        if first == second:
            self.result.ask(
                f"'{m.group(0).strip()}' names one object twice: the {quantity} of which two "
                "objects should I plot?"
            )
            return None
        if (first, second) == (0, 1):
            return None
        if m.group(2) and not m.group(5) and not re.search(r"\binvariant\s+mass", self.raw, re.I):
            # "the mass of the leading jet and the third jet": of the two together, or each
            # jet's own mass? Asked
            self.result.ask(
                f"'{quantity} {m.group(0).strip()}': the invariant mass of the two together, or "
                f"each {m.group(4)}'s own {quantity}?"
            )
            return None
        spans = [(end + m.start(g), end + m.end(g)) for g in (1, 3, 5) if m.group(g)]
        return m.group(4).replace("-", ""), first, second, spans

    def _same_pair_named_again(self, gap: str, gap_start: int, start: int, end: int) -> bool:
        """Whether ``gap`` (between two quantities) is an "and" and the plotted pair's word
        again, as in "the dijet mass and the dijet pT": the same pair's second quantity. The
        pair named again is marked used. Not when a cut follows the second quantity ("the dimuon
        pT, dimuon mass above 12 GeV" cuts on the mass)."""
        m = re.fullmatch(
            r"\s*(?:and|as\s+well\s+as|plus|,\s*and)\s*(?:the\s+)?((?:di|tri)[a-z]+)\s*", gap
        )
        if m is None or re.match(
            r"\s*(?:[<>=]|above|below|over|under|between|greater|less|larger|smaller|higher"
            r"|lower|more|in\s+(?:the\s+)?(?:range|window)|within|from|of\s+at)",
            self.t.orig[end:],
        ):
            return False
        at = gap_start + m.start(1)
        again = [o for o in self.mentions if o.start == at and o.pair]
        before = [
            o for o in self.mentions
            if o.pair and o.end <= start
            and re.fullmatch(r"[\s\w-]{0,20}", self.t.orig[o.end : start])
        ]  # fmt: skip
        if not again or not before or before[-1].kind != again[0].kind:
            return False
        again[0].used = True
        return True

    def _quantity(self) -> None:
        d = self.result.draft
        found: list[tuple[int, int, str]] = []
        for quantity, pattern in lx.QUANTITY_PATTERNS:
            for m in self.t.finditer(pattern):
                found.append((m.start(), m.end(), quantity))
        found += [(start, end, "pv_z") for start, end in self.vertex_z]
        found.sort()
        if not found:
            # "plot the leading jet pT above 30 GeV": the cut's own quantity is what is plotted
            # when nothing else is named (its words were read, and masked, with the cut)
            m = re.search(
                r"\b(?:plot|show|draw|histogram(?:med)?|make\s+(?:a\s+)?histograms?\s+of"
                r"|distributions?\s+of)\s+(?:the\s+|a\s+)?(?:[a-z-]+\s+){0,3}?(pt|eta)\s*"
                r"(?:above|below|over|under|>|<|>=|<=|between|from|greater|less|larger|higher"
                r"|smaller|lower|exceeding|of\s+at\s+least)",
                self.t.orig,
            )
            if m:
                found = [(m.start(1), m.end(1), m.group(1))]
        # "number of primary vertices": the event quantity, not the count's "number of"
        first = [f for f in found if f[2] in lx.QUANTITY_PRECEDENCE]
        found = [
            f for f in found
            if f in first or not any(f[0] < g[1] and g[0] < f[1] for g in first)
        ]  # fmt: skip
        # "a pair that has the invariant mass closest to 91.2 GeV": the mass selects the pair
        # (when something else is plotted: "the trijet mass closest to 172.5 GeV" is plotted)
        selecting = [
            f for f in found
            if f[2] == "mass" and re.match(r"\s*(?:that\s+is\s+|is\s+)?(?:closest|nearest)\b",
                                           self.t.orig[f[1] :])
        ]  # fmt: skip
        if selecting and len(selecting) < len(found):
            found = [f for f in found if f not in selecting]
        # "For muons with pT between 50 and 200 GeV, plot the pT of the dimuon system": a
        # quantity in a cut clause ("with pT between ...") is the cut's, when another is named
        # (was: the muon pT plotted and the dimuon system dropped, silently)
        in_cut = [
            f for f in found
            if count_phrases.CUT_AFTER.match(self.t.orig[f[1] :])
            and count_phrases.CUT_CLAUSE_BEFORE.search(self.t.orig[: f[0]])
        ]  # fmt: skip
        if in_cut and len(in_cut) < len(found):
            found = [f for f in found if f not in in_cut]
        # "MET in events with a muon pair of mass ...": what follows "events with" selects
        # the events; the plotted quantity is named before it
        events = re.search(
            r"\b(?:in|for|of|from|select|selecting|keep)?\s*events\s+(?:with|that|where|which"
            r"|having|containing|in\s+which)\b|\bin\s+events\b|\bfor\s+events\b",
            self.t.orig,
        )
        if events and any(f[0] < events.start() for f in found):
            self.quantity_spans += [(f[0], f[1]) for f in found if f[0] >= events.start()]
            found = [f for f in found if f[0] < events.start()]
        self.quantity_spans += [(f[0], f[1]) for f in selecting]
        non_met = [f for f in found if f[2] != "met"]
        # MET counts as the plotted quantity only when nothing else is plotted
        chosen = non_met[0] if non_met else (found[0] if found else None)
        objects = [m for m in self.mentions if m.kind != "met"]
        if self.reduced:
            pairs = [m for m in objects if m.pair]
            if chosen is None and pairs:  # the reduced field is what is plotted
                self.set("quantity", "branch")
                self.set("object", pairs[0].kind)
                self.set("pair", True)
                return
        if chosen is None and d.max_mass:  # "the jet pair with the highest mass": its mass
            chosen = (0, 0, "mass")
        if chosen is None:
            pairs = [m for m in objects if m.pair]
            # in a follow-up an object that only carries a cut ("require two b-jets") is not
            # what is plotted; in a new request any named object is
            free = [m for m in objects if not (m.used and self.followup)]
            plot_words = re.search(_ASKS_FOR_A_PLOT, self.t.orig) or re.search(
                r"\b(?:spectrum|spectra|peak|mass|masses|resonances?)\b", self.t.orig
            )
            if pairs and not self.followup and plot_words:
                # "the dimuon spectrum": pairs are plotted as their mass ("a region enriched in
                # Z -> mumu events is defined by ..." names no plot: asked)
                self.set("object", pairs[0].kind, inferred=True)
                self.set("pair", True, inferred=True)
                self.set("quantity", "mass", inferred=True)
                if not re.search(
                    r"\b(?:spectrum|spectra|peak|mass|masses|resonances?|m_|m(?:ll|jj|ee|mumu)\b)",
                    self.t.orig,
                ):  # "plot the muon-antimuon pairs": no quantity named, the mass is chosen
                    many = re.search(
                        r"\b(?:histograms|plots|distributions|histos|variables|quantities)\b",
                        self.t.orig,
                    )
                    compared = re.search(r"\bcompar", self.t.orig)  # one per compared pair
                    if many and len({p.kind for p in pairs}) == 1 and not compared:
                        # "produce dimuon histograms": which ones? (not the mass alone; "the
                        # histograms of the e+e- and mu+mu- pairs" are one per pair)
                        self.result.unplaced.append(
                            f"{self._context(many.start(), many.end())} (which quantities of "
                            "the pair: its mass, pT, rapidity?)"
                        )
                    self.result.notes.append(
                        "No quantity of the pair is named: its invariant mass is plotted (say "
                        "'pT' or 'rapidity' of the pair for another)."
                    )
            elif free:  # "show the electron channel instead", "show me the muons"
                self.set("object", free[0].kind)
                if free[0].pair:
                    self.set("pair", True)
            return
        start, end, quantity = chosen
        leading_n: int | None = None
        if quantity in (
            "delta_r",
            "delta_phi",
            "delta_eta",
            "delta_y",
            "angle",
            "mass",
            "acoplanarity",
        ):  # "of the two leading"; "take the two leading muons", "using the two leading jets"
            for m in self.t.finditer(
                r"\b(?:between|of|for)\s+(?:the\s+)?([23])\s+(?:leading|hardest|highest[- ]pt)\b"
                r"|\b(?:using|uses?|tak(?:e|ing)|from|(?:(?:pair|system|candidate)s?\s+(?:should\s+"
                r"|must\s+|is\s+|are\s+)?(?:be\s+)?)?(?:built|formed|made)\s+(?:from|by|of|with))\s+"
                r"(?:the\s+|only\s+the\s+)?([23])\s+(?:leading|hardest|highest[- ]pt)"
                r"(?=\s+(?:(?:tight|medium|loose|isolated|selected|good|#+)\s+)?(?:b-?jets?|jets?|muons?"
                r"|electrons?|leptons?|photons?|taus?)\b)"
            ):
                self.t.mask(m.start(), m.end())
                leading_n = int(m.group(1) or m.group(2))
        system_of_leading = False
        if quantity in ("pt", "eta", "phi", "rapidity", "mt"):
            # "the pT of the two leading jets system", "the pT of the dijet system formed by
            # the two leading jets", "the transverse mass of the candidate made by the two
            # leading leptons and the MET": the pair's quantity, not each jet's
            for m in self.t.finditer(
                r"\b(?:between|of|for)\s+(?:the\s+)?([23])\s+(?:leading|hardest|highest[- ]pt)"
                r"(?=\s+(?:b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?)\s+"
                r"(?:system|pair)\b)"
                r"|\b(?:system|pair|candidate|combination)\s+(?:(?:should|must|is|are|will)\s+(?:be\s+)?)?"
                r"(?:of|formed\s+(?:by|from)|made\s+(?:up\s+)?(?:of|by|from)|built\s+(?:from|of|with|by)"
                r"|consisting\s+of|from)\s+(?:the\s+)?([23])\s+(?:leading|hardest|highest[- ]pt)\b"
                # "the transverse mass of the two leading leptons and the MET": of their system
                + (
                    r"|(?<=\bmt\s)\s*(?:of|for)\s+(?:the\s+)?(2)\s+(?:leading|hardest)"
                    r"(?=\s+(?:b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?)\s+"
                    r"(?:and|with|plus)\s+(?:the\s+)?met\b)"
                    if quantity == "mt"
                    else ""
                )
            ):
                self.t.mask(m.start(), m.end())
                leading_n = int(m.group(1) or m.group(2) or m.group(3))
                system_of_leading = True
            if leading_n == 3:
                self.set("size", 3)
            if system_of_leading and d.charge is None:
                self.set("charge", "any")
        if leading_n is not None and (quantity == "mass" or system_of_leading):
            # "the two leading leptons": the highest-pT ones, whatever their flavours (not the
            # highest-pT same-flavour pair)
            self.set("leading_pair", True)
        if leading_n is not None and quantity == "mass":
            # "the mass of the two leading muons": that pair, whatever its charge
            if leading_n == 3:
                self.set("size", 3)
            if d.charge is None:
                self.set("charge", "any")
        # "the pT, eta and phi of the leading muon": one histogram each
        also: list[str] = []
        last = end
        first_also = end
        conj = r"\s*(?:,|and|&|as\s+well\s+as|plus|,\s*and)\s*(?:the\s+)?"
        # "the number of jets and the MET": an event quantity may follow the first one's
        # objects (an object quantity may not: "the pT of jets and the eta of muons")
        objects_then_conj = (
            r"\s*(?:of\s+)?(?:(?:all|the|each|every|selected|leading)\s+)*"
            r"(?:b?jets?|muons?|electrons?|leptons?|photons?|taus?|di[a-z]+s?)?" + conj
        )
        bars: list[tuple[int, int]] = []  # "the Z pT and |y|": |x| of an also quantity
        for other_start, other_end, other_q in found:
            if other_start < last or other_q in (quantity, *also):
                continue
            gap = self.t.orig[last:other_start]
            closing = re.match(r"\s*\|", self.t.orig[other_end:])
            if other_q in ("eta", "rapidity") and gap.endswith("|") and closing:
                bars.append((last + len(gap.rstrip("|")), other_end + closing.end()))
                gap = gap[:-1]
            with_met = quantity in ("mt", "delta_phi", "delta_r")  # "mT of the muon and MET"
            again = self._same_pair_named_again(gap, last, start, other_end)
            if (
                not again
                and not re.fullmatch(conj, gap)
                and not (
                    other_q in EVENT_QUANTITIES
                    and not with_met
                    and re.fullmatch(objects_then_conj, gap)
                )
            ):
                bars = [b for b in bars if b[1] <= last]
                break
            also.append(other_q)
            if other_q == "count" and count_phrases.counts_the_pairs_objects(
                self.t.orig[:start], self.t.orig[other_end:]
            ):  # "the dimuon mass and the number of muons": of the muons, not of the pairs
                self.set("also_count_objects", True)
            if quantity in ("ht", "mht") and len(also) == 1:
                first_also = other_start
            last = other_end + (closing.end() if bars and bars[-1][1] > other_end else 0)
        if (
            bars
            and quantity not in ("eta", "rapidity")
            and len(bars) == sum(q in ("eta", "rapidity") for q in also)
        ):  # every eta/y of the list written |x| (the flag is of eta and y only)
            self.set("absolute", True)
            for lo, hi in bars:
                self.t.mask(lo, hi)
        elif bars:  # "the pT, |y| and eta": |y| and eta of one list cannot both be read
            self.result.unplaced += [self._context(lo, hi) for lo, hi in bars]
        if quantity in ("ht", "mht") and also:
            # "the HT and the number of b-jets": the b-jets are the count's; the HT (of all
            # jets) is not theirs. One plan cannot read it: asked, so the list is split
            theirs = [
                m for m in self.mentions if m.kind not in ("met", "jet") and m.start > first_also
            ]
            if theirs:
                self.result.ask(
                    f"Is the {'HT' if quantity == 'ht' else 'missing HT'} of all jets or only "
                    f"of the {theirs[0].kind}s named after it?"
                )
        # "the MET and the number of jets": an event quantity named just before the first;
        # "MET and MET phi": the MET, then the phi of the MET (was: the phi only, silently)
        for other_start, other_end, other_q in found:
            gap = self.t.orig[other_end:start]
            if (
                other_end <= start
                and other_q in EVENT_QUANTITIES
                and other_q not in (quantity, *also)
                and (
                    re.fullmatch(conj, gap)
                    or (
                        quantity == "phi"
                        and other_q == "met"
                        and re.fullmatch(
                            conj + r"(?:puppi\s+|calo\s+|raw\s+|tk\s+|chs\s+)?met\s+", gap
                        )
                    )
                )
            ):
                also.append(other_q)
                self.quantity_spans.append((other_start, other_end))
        for m in self.mentions:
            if m.kind == "met" and "met" in also:
                m.used = True
        if self.reduced:
            also.append("branch")
        if also:
            self.set("also", also)
            if re.search(r"\bkinematic", self.raw, re.IGNORECASE) and {quantity, *also} >= {
                "pt",
                "eta",
                "phi",
            }:
                self.result.notes.append(
                    "'Kinematics' read as pT, eta and phi, one histogram each."
                )
        self.quantity_spans.append((start, last))
        if quantity == "phi" and re.search(
            r"\bmet\s*(?:phi|'s\s+phi)\b|\bphi\s+of\s+(?:the\s+)?met\b",
            self.t.orig[max(0, start - 12) : end + 12],
        ):
            quantity = "met_phi"
        self.set("quantity", quantity)
        said = self.t.orig[start:end]
        if (
            quantity == "delta_r"
            and said.startswith("distance")
            and not re.search(r"\b(?:nearest|closest)\b", self.t.orig[end : end + 80])
        ):  # (the nearest's reading says so itself)
            self.result.notes.append(
                "'distance' read as DeltaR = sqrt(DeltaEta^2 + DeltaPhi^2) (say 'delta phi' for "
                "the azimuthal distance)."
            )
        if quantity in ("eta", "rapidity") and not also:
            # "the muon |eta|", "the absolute rapidity of the dimuon": |x| is histogrammed
            before = re.search(
                r"(?:\|\s*|\babs(?:olute)?\s+(?:value\s+of\s+(?:the\s+)?)?)$",
                self.t.orig[max(0, start - 30) : start],
            )
            bars = before is not None and before.group(0).startswith("|")
            if before and (not bars or self.t.orig[end : end + 3].lstrip().startswith("|")):
                self.set("absolute", True)
                self.t.mask(start - len(before.group(0)), start)
        if quantity in ("p", "angle"):  # the "3" of "3-momentum", "3D angle" is read
            self.t.mask(start, end)
        if (
            quantity == "pt"
            and said.startswith("moment")
            and not re.search(r"transverse[\s-]*$", self.t.orig[max(0, start - 14) : start])
        ):  # "the muon momentum": physicists often mean pT, but never silently
            self.result.notes.append(
                f"'{said}' read as the transverse momentum pT (say '|p|' or 'momentum "
                "magnitude' for the total momentum)."
            )
        if quantity in EVENT_QUANTITIES:
            return
        target = self._object_for_quantity(start, end, objects, quantity)
        ranked = self._ranked_system(quantity, end) if leading_n is None else None
        if ranked is not None and target is not None and target.kind == ranked[0]:
            # "the mass of the leading and third jets": their four-vector sum, not a pair
            self.set("object", target.kind)
            self.set("pair", False)
            self.set("system", True)
            self.set("index", ranked[1])
            self.set("other_index", ranked[2])
            for a, b in ranked[3]:
                self.t.mask(a, b)
            return
        text = self.t.orig
        of_the_z = re.search(
            r"\bz\s*(?:bosons?\s*)?(?:candidates?\s*)?(?:'s\s*)?$", text[:start]
        ) or (re.match(r"\s*of\s+(?:the\s+)?(?:reconstructed\s+)?z\b(?!\s*(?:->|\+))", text[end:]))
        if (
            of_the_z
            and target is not None
            and target.kind not in ("muon", "electron", "lepton", "emu")
            and not re.search(r"\bhadronic\s+z\b|\bz\s*(?:->|to)\s*(?:b\s?b|q\s?q|j\s?j)", text)
        ):
            # "the Z boson candidate pT for events with at least one jet": the Z's leptons are
            # plotted (the flavour is chosen and said later); the jets are a selection
            target = None
        if quantity == "delta_phi" and self._with_met(end, objects):
            return
        if quantity in _ANGLES and self._z_angle(end, objects, quantity):
            return
        if quantity in _ANGLES and self._nearest(start, end, objects):
            if leading_n is not None:  # "the minimum delta R between the two leading jets and
                # any muon": one value over both jets, which a per-object nearest is not
                self.result.unplaced.append(
                    f"the {leading_n} leading {self.result.draft.object}s (the smallest "
                    f"angle over the {leading_n} of them, or one value for each, or the "
                    "leading one alone?)"
                )
            return
        if quantity in (*_ANGLES, "angle", "acoplanarity"):
            self._ranked_angle_legs(end)
            after = [m for m in objects if m.start >= end]
            # the two objects of one phrase ("between the muon and the nearest jet"), not an
            # object of the event selection ("between the two jets in events with two muons")
            gap = self.t.orig[after[0].end : after[1].start] if len(after) >= 2 else ""
            same_phrase = not re.search(r"\bevents?\b|\bwhere\b|\bin\b|\bfor\b|[;,.]", gap)
            # "between the two leading muons (jets with ...)": both legs are muons, the jets
            # words a selection of their own
            if len(after) >= 2 and after[0].kind != after[1].kind and same_phrase and not leading_n:
                self.set("object", after[0].kind)
                self.set("other", after[1].kind)
                return
        if target is None and quantity in ("ht", "mht"):
            self.set("object", "jet", inferred=True)
            return
        if target is None:
            return
        self.set("object", target.kind)
        own_mass = (
            quantity == "mass"
            and leading_n is None
            and d.size is None
            and d.target_mass is None
            and not target.pair
            and target.kind in ("jet", "bjet", "fatjet")
            and (
                not self.t.orig[target.start : target.end].endswith("s")
                # "b-jet mass" (normalised "bjets mass"), "jets mass distribution": the mass
                # word right after the jet word is each jet's own mass (was: the pair's)
                or count_phrases.jet_word_mass(self.t.orig, target.end)
            )
        )
        if own_mass:  # "the mass of the leading jet", "jet mass": a jet's own mass
            self.set("pair", False)
        elif quantity == "mass" and self._one_lepton_mass(target, leading_n):
            return
        elif target.pair or quantity == "mass" or system_of_leading:
            self.set("pair", True, inferred=not (target.pair or system_of_leading))
        elif d.pair is None:
            self.set("pair", False, inferred=True)

    def _operand(self, pos: int, objects: list[Mention]) -> tuple[Mention | str, int] | None:
        """One of the two things an angle is between, written at ``pos``: "the Z boson
        (candidate)" ("z"), "the MET" (its mention), or an object or system ("the leading jet",
        "the dimuon system"); with where its words end. None: something else is written."""
        text = self.t.orig
        head = re.match(r"(?:the\s+)?", text[pos:])
        at = pos + (head.end() if head else 0)
        z = re.match(
            r"(?:reconstructed\s+)?z(?:\s*bosons?)?(?:\s*candidates?)?\b(?!\s*(?:->|\+|to\b))",
            text[at:],
        )
        if z is not None:
            return "z", at + z.end()
        # "the leading jet": the one an angle takes by default (the index is read later)
        lead = re.match(r"(?:(?:leading|hardest|first|sub-?leading|second|third)\s+)?", text[at:])
        start = at + (lead.end() if lead else 0)
        mention = next((m for m in self.mentions if m.start == start), None)
        if mention is None:
            return None
        system = re.match(r"\s+(?:system|candidate|pair)\b", text[mention.end :])
        if system is not None and not mention.pair:
            return None  # "the muon system": not an object this reads
        return mention, mention.end + (system.end() if system else 0)

    def _with_met(self, end: int, objects: list[Mention]) -> bool:
        """ "delta phi between the leading jet and the MET", "dphi(muon, MET)", "between the
        dimuon system and the MET", "between the Z boson (candidate) and the missing transverse
        momentum", "between the MET and the Z": the angle of one object or system with the MET;
        read, the MET placed. The Z (candidate) is the lepton pair closest to the Z mass (its
        flavour is chosen later, and said). Anything else with the MET is not read here."""
        text = self.t.orig
        opening = re.match(r"[\s)}\]|]*(?:\(|between\b|of\b)?\s*", text[end:])
        assert opening is not None
        joint = r"\s*(?:,|and|&|to|with|vs\.?)\s*"
        first = self._operand(end + opening.end(), objects)
        if first is None:
            return False
        meets = re.match(joint, text[first[1] :])
        second = self._operand(first[1] + meets.end(), objects) if meets else None
        if second is None:
            return False
        ops = [first[0], second[0]]
        met = next((o for o in ops if isinstance(o, Mention) and o.kind == "met"), None)
        if met is None:
            return False
        other = ops[1] if ops[0] is met else ops[0]
        if other == "z":
            self._z_operand()
        elif isinstance(other, Mention) and other.kind != "met":
            self.set("object", other.kind)
            if other.pair:  # "between the dimuon system and the MET": the pair's phi
                self.set("pair", True)
            other.used = True
        else:
            return False
        self.set("with_met", True)
        self.quantity_spans.append((end, second[1]))
        met.used = True
        return True

    def _z_operand(self) -> None:
        """The Z candidate one side of an angle is: the lepton pair closest to the Z mass, of
        the one flavour the request names elsewhere ("in Z -> ee events", "in the electron
        channel"), else of the flavour chosen later (and said); two flavours are asked."""
        self.set("z_candidate", True)
        if self.result.draft.target_mass is None:
            self.set("target_mass", lx.MASSES["z"])
            self.set("target_name", "z")
        leptons = [m for m in self.mentions if m.kind in ("muon", "electron", "lepton")]
        kinds = {m.kind for m in leptons}
        if len(kinds) == 1:
            self.set("object", kinds.pop())
            self.set("pair", True)
            for m in leptons:
                m.used = True
        elif kinds:
            said = " / ".join(self._context(m.start, m.end) for m in leptons)
            self.result.unplaced.append(f"which leptons form the Z: {said}")

    def _z_angle(self, end: int, objects: list[Mention], quantity: str) -> bool:
        """ "delta phi between the Z boson and the leading jet", "DeltaR between the jet and
        the Z candidate": the angle between the Z candidate (the lepton pair closest to the Z
        mass) and the leading object of a collection; read. A Z with anything else ("the
        subleading jet", a word no rule knows) is asked, never read as another angle."""
        text = self.t.orig
        opening = re.match(r"[\s)}\]|]*(?:\(|between\b|of\b)?\s*", text[end:])
        assert opening is not None
        at = end + opening.end()
        first = self._operand(at, objects)
        meets = re.match(r"\s*(?:,|and|&|to|with)\s*", text[first[1] :]) if first else None
        second = self._operand(first[1] + meets.end(), objects) if first and meets else None
        ops = [o[0] for o in (first, second) if o is not None]
        system = next((o for o in ops if isinstance(o, Mention) and o.pair), None)
        if "z" not in ops and not (
            system is not None and len(ops) == 2 and ops[0] is not ops[1] and "z" not in ops
        ):
            return False
        if "z" not in ops:  # "between the dimuon system and the leading jet": the pair's
            ops = ["z" if o is system else o for o in ops]
        if second is None or ops == ["z", "z"]:
            # "between the Z boson and the hadronic top": the second is not read
            self.result.unplaced.append(self._context(at, at + 40))
            return True
        assert first is not None
        other = ops[1] if ops[0] == "z" else ops[0]
        if (
            not isinstance(other, Mention)
            or other.pair
            or other.kind in ("met", "muon", "electron", "lepton")
        ):
            # a lepton of the Z itself, or a second pair: not an angle the spec forms here
            self.result.unplaced.append(self._context(at, second[1]))
            return True
        if re.search(r"\b(?:sub-?leading|second|third)\s+$", text[: other.start]):
            # the spec takes the leading object of the other collection only
            self.result.unplaced.append(self._context(at, second[1]))
            return True
        if system is not None:
            self.set("object", system.kind)
            self.set("pair", True)
            system.used = True
        else:
            self._z_operand()
        self.set("other", other.kind)
        other.used = True
        self.quantity_spans.append((end, second[1]))
        return True

    def _one_lepton_mass(self, target: Mention, leading_n: int | None) -> bool:
        """ "the mass of the leading muon": one lepton's mass is its rest mass, a constant, so
        the words do not say which mass to plot (the pair of the two leading muons? the pair
        that holds the leading muon?): asked, never read as some pair's mass. True when asked."""
        d = self.result.draft
        text = self.t.orig
        one = (
            leading_n is None
            and d.size is None
            and d.target_mass is None
            and not target.pair
            and target.kind in ("muon", "electron", "lepton", "photon", "tau")
            and not text[target.start : target.end].endswith("s")
        )
        ordinal = re.search(
            r"\b(?:leading|sub-?leading|trailing|first|second|third|2nd|3rd|hardest|softest"
            r"|highest[- ]pt)\s+$",
            text[: target.start],
        )
        joined = re.match(r"\s*(?:,|\+|and|with|plus|together)\b", text[target.end :])
        masses = re.search(  # "the masses of many muons": each muon's own mass, or pairs'?
            r"\bmass(?:es|\s+values)\s+of\s+(?:the\s+|many\s+|all\s+|(?:the\s+)?individual\s+)?$",
            text[: target.start],
        )
        if (
            masses
            and not joined
            and leading_n is None
            and d.size is None
            and d.target_mass is None
            and not target.pair
            and target.kind in ("muon", "electron", "lepton", "photon", "tau")
        ):
            self.result.ask(
                f"'{text[masses.start() : target.end]}': each {target.kind}'s own mass is its "
                "rest mass, a constant in NanoAOD. Which should I plot: the invariant mass of "
                f"{target.kind} pairs, or each {target.kind}'s own (constant) mass anyway?"
            )
            return True
        if not (one and ordinal) or joined:
            return False
        words = text[ordinal.start() : target.end]
        self.result.ask(
            f"'mass of the {words}': a single {target.kind}'s mass is its rest mass, a constant. "
            f"Which mass should I plot: the pair of the two leading {target.kind}s, the pair "
            f"that contains the {words}, or something else?"
        )
        return True

    def _nearest(self, start: int, end: int, objects: list[Mention]) -> bool:
        """ "DeltaR between the muon and the nearest jet", "min delta R(lepton, jet)", "the
        muon's distance to the closest jet": the smallest value over the other collection,
        per object (or of the leading one); read, the words masked."""
        text = self.t.orig
        minimum = re.search(
            r"\b(?:min(?:imum|imal)?|smallest)\s*$", text[max(0, start - 9) : start]
        )
        after = [m for m in objects if m.start >= end and m.start - end <= 60]
        near = next(
            (m for m in after if re.search(r"\b(?:nearest|closest)\s+$", text[: m.start])), None
        )
        if near is not None:
            first = next((m for m in after if m.start < near.start), None)
            if first is None:  # "the muon's distance to the nearest jet"
                before = [m for m in objects if m.end <= start and start - m.end <= 25]
                first = before[-1] if before else None
            later = next((m for m in objects if m.start > near.end), None)
            if first is None and later is not None:  # "... to the nearest jet of each muon"
                gap = text[near.end : later.start]
                if re.fullmatch(
                    r"\s+(?:of|for)\s+(?:the\s+|each\s+|every\s+)?[a-z#\s-]{0,20}", gap
                ):
                    first = later
            if first is None or first.kind == near.kind:
                return False
            word = re.search(r"\b(?:nearest|closest)\s+$", text[: near.start])
            assert word is not None
            self.t.mask(word.start(), word.end())
        elif minimum is not None and len(after) >= 2 and after[0].kind != after[1].kind:
            # "min delta R(lepton, jet)", "the minimum delta R between the lepton and the jets"
            gap = text[after[0].end : after[1].start]
            if not re.fullmatch(r"\s*(?:,|and|&|to|with)\s*(?:the\s+|all\s+|any\s+)?", gap):
                return False
            first, near = after[0], after[1]
            self.t.mask(max(0, start - 9) + minimum.start(), start)
        else:
            return False
        self.set("object", first.kind)
        self.set("other", near.kind)
        self.set("nearest", True)
        first.used = near.used = True
        if text[start:end].startswith("distance"):
            self.result.notes.append(
                "'distance' read as DeltaR = sqrt(DeltaEta^2 + DeltaPhi^2) (say 'delta phi' for "
                "the azimuthal distance)."
            )
        return True

    def _object_for_quantity(
        self, start: int, end: int, objects: list[Mention], quantity: str
    ) -> Mention | None:
        text = self.t.orig
        # "|eta| of all the electrons": the closing bar is no word between (was: the object
        # before, "for jets with pT > 30 GeV, show |eta| of all the electrons" plotted the jets)
        bar = re.match(r"\s*\|", text[end:])
        if bar is not None and re.search(r"\|\s*$", text[max(0, start - 3) : start]):
            end += bar.end()
        follows = re.match(
            r"\s*(?:of|for)\s+(?!(?:all\s+|each\s+|every\s+|the\s+)?events?\b)"
            r"(?:the\s+|all\s+|each\s+|every\s+)?(?:\w+[- ]?){0,3}?",
            text[end:],
        )
        after = [m for m in objects if m.start >= end and m.start - end <= 40]
        before = [m for m in objects if m.end <= start and start - m.end <= 25]
        ends_with_of = re.search(r"\b(?:of|many)\s*$", text[start:end]) is not None  # "number of"
        reach = 12 + (follows.end() if follows else 0)
        if se.compound_pair(text, start, before):  # "the dimuon mass for electrons and muons"
            return max(before, key=lambda m: m.end)
        # "the pt of the second light lepton": up to three words between "of the" and the object
        near = after and re.fullmatch(
            r"\s*(?:of|for)\s+(?:the\s+|all\s+|each\s+|every\s+)?(?:(?!events?\b)\w+[- ]?\s*){0,3}",
            text[end : after[0].start],
        )
        if (follows or ends_with_of) and after and (after[0].start - end <= reach or near):
            own = _ordinal_object_before(text, start, before, after[0], follows)
            return own if own is not None else after[0]
        ht = quantity in ("ht", "mht")  # HT, MHT: jets by default
        if ht:
            # "events with at least one b-tagged jet, plot HT": the b-jets carry a requirement
            # (a selection); HT still sums the jets (was: the HT of the b-jets). "the b-jet HT"
            # (right before it) is theirs.
            before = [m for m in before if not m.used or not text[m.end : start].strip()]
        if before:
            return max(before, key=lambda m: m.end)
        if ht:
            # "the HT using electrons without isolation": HT sums jets; another object named
            # further away is a selection, not what the HT sums (None: the jets, said)
            objects = [m for m in objects if m.kind in _HT_KINDS]
            after = [m for m in after if m.kind in _HT_KINDS]
        # further away, an object that carries a requirement ("with at least one b jet") is a
        # selection, not what is plotted
        after = [m for m in after if not m.used]
        if after:
            return after[0]
        unused = [m for m in objects if not m.used]
        objects = unused if (unused or ht) else objects
        return objects[0] if len(objects) == 1 else (next((m for m in objects if m.pair), None))

    def _each_of(self, target: Mention | None, pos: int) -> list[str]:
        """ "exactly one electron and exactly one muon, each with pT above 20 GeV": the other
        kinds of the list a cut after "each"/"both" is of (was: the last kind only, the
        electrons kept their default cuts, silently). The words are matched in
        :mod:`chathep.planner.count_phrases` (bare words here would be recognisers)."""
        if target is None or target.pair or target.kind == "met":
            return []
        text = self.t.orig
        # normalise() drops the "each"/"both" of ", each with ..." (not a count there): it is
        # looked for in the request as written
        if not count_phrases.EACH_WITH.search(self.raw) or not count_phrases.WITH_AFTER.match(
            text[target.end : pos]
        ):
            return []
        kinds = [m.kind for m in self._listed_before(target) if m.kind != target.kind]
        return list(dict.fromkeys(kinds))

    def _listed_before(self, target: Mention) -> list[Mention]:
        """The objects listed right before ``target`` ("an electron and a muon"), nearest first."""
        text, listed, last = self.t.orig, [], target
        for m in sorted(self.mentions, key=lambda m: -m.start):
            if m.end > last.start or m.pair or m.kind == "met":
                continue
            if not count_phrases.LIST_GAP.fullmatch(text[m.end : last.start]):
                break
            listed.append(m)
            last = m
        return listed

    def _list_cut(self, target: Mention | None, pos: int, requirement: str, value: float) -> None:
        """ "an electron and a muon with pT above 25 GeV" (no "each"/"both"): a cut right after
        a list of different objects. Leptons listed together are read as all cut (was: the muon
        only, the electron kept its default, silently); a list with other objects ("two muons
        and a jet with pT > 30 GeV") as the last object's cut. Either reading is said."""
        if target is None or target.pair or target.kind == "met" or self._each_of(target, pos):
            return
        if not count_phrases.WITH_RIGHT_AFTER.match(self.t.orig[target.end : pos]):
            return
        others = list(
            dict.fromkeys(m.kind for m in self._listed_before(target) if m.kind != target.kind)
        )
        if not others:
            return
        said = _CUT_WORDS.get(requirement, "{} " + requirement.replace("_", " ")).format(
            f"{value:g}"
        )
        if {target.kind, *others} <= {"electron", "muon"}:
            for other in others:
                self.set(f"requirements.{other}.{requirement}", value)
            every = " and the ".join([*others, target.kind])
            self.result.notes.append(
                f"'with {said}' after a list of leptons is read as a cut on the {every} (say "
                f"'{_article(target.kind)} {target.kind} with {said} and {_article(others[0])} "
                f"{others[0]}' to cut the {target.kind} only)."
            )
            return
        self.result.notes.append(
            f"'with {said}' is read as a cut on the {target.kind}s only, not on the "
            f"{' or '.join(f'{o}s' for o in others)} listed before (say 'each with {said}' to cut "
            "them all)."
        )

    def _resolve_pending(self) -> None:
        main = self.result.draft.object or self.context_object
        for pos, requirement, value, after in self.pending:
            target = self.attribute(pos, after_only=after)
            kind = target.kind if target is not None and target.kind != "met" else main
            if kind is None:
                self.result.unplaced.append(
                    f"a {requirement.replace('_', ' ')} of {value:g} (no object to apply it to)"
                )
                continue
            self.set(f"requirements.{kind}.{requirement}", value)
            said = _CUT_WORDS.get(requirement, "{} " + requirement.replace("_", " "))
            if veto_lists.spread_cut(
                self, self.veto_lists, target, pos, requirement, value, said.format(f"{value:g}")
            ):
                continue
            for other in self._each_of(target, pos):
                self.set(f"requirements.{other}.{requirement}", value)
            self._list_cut(target, pos, requirement, value)
        veto_lists.notes(self, self.veto_lists)
        for pos, props, mention_start in self.waivers:
            target = next((m for m in self.mentions if m.start == mention_start), None)
            if target is None:
                near = self.nearest(pos, pos)
                target = near
            if (
                tuple(props) == ("cleaning",)
                and target is not None
                and target.kind not in ("jet", "bjet", "fatjet")
            ):
                # ", no lepton cleaning": the leptons are what the jets are cleaned against;
                # the waiver is of the jets (was: put on the leptons, the jets kept cleaned)
                jets = [m for m in self.mentions if m.kind in ("jet", "bjet", "fatjet")]
                target = min(jets, key=lambda m: abs(m.start - pos)) if jets else None
                if target is None:
                    self.set("requirements.jet.without", ["cleaning"])
                    continue
            kind = target.kind if target is not None else main
            d = self.result.draft
            if target is None and d.quantity in EVENT_QUANTITIES and set(props) == set(WAIVABLE):
                selected = any(not r.is_empty() for r in d.requirements.values()) or any(
                    v is not None for v in (d.triggers, d.met_min, d.met_max, d.ht_min, d.ht_max)
                )
                if not selected:
                    # "the MET of all events, no selection": nothing to remove, every event
                    self.result.notes.append("No selection asked for: every event is used.")
                    continue
                nothing_else = _NOTHING_ELSE.match(self.t.orig, pos)
                if nothing_else and all(r.is_empty() for r in d.requirements.values()):
                    # "MET phi, HLT_IsoMu24 only, nothing else", "no other selection": no object
                    # is defined, so nothing but the stated event selection is applied
                    self.result.notes.append(
                        f"'{nothing_else.group(0)}': only the selection you stated is applied."
                    )
                    continue
            special = d.gen_particle is not None or bool(d.sv)
            if target is None and special and set(props) == set(WAIVABLE):
                # "the generator-level Higgs pT before any selection": the plan selects no
                # event (generator-level particles and secondary vertices are planned alone)
                note = "No selection asked for: every event is used."
                if note not in self.result.notes:
                    self.result.notes.append(note)
                continue
            if kind is None or (d.quantity in EVENT_QUANTITIES and target is None):
                self.result.unplaced.append(self._context(pos, pos + 20))
                continue
            if target is not None:
                target.used = True
            req = self.result.draft.req(kind)
            self.set(
                f"requirements.{kind}.without",
                list(dict.fromkeys([*(req.without or []), *props])),
            )

    def _resonance_lists(self) -> None:
        """ "the dimuon mass up to 4 GeV (low mass range, rho/omega, phi, psi)": the list names
        the peaks the range shows; taken out here, checked once the plot is read
        (:meth:`_check_resonance_lists`)."""
        regions = [pattern for pattern, _, _ in lx.RESONANCE_REGIONS]
        for start, end, masses in resonances.lists(self.t.masked, regions):
            self.resonance_lists.append((start, end, masses))
            self.t.mask(start, end)

    def _check_resonance_lists(self) -> None:
        """A resonance list glosses a pair mass plotted over a stated range holding every one
        of them (said in a note); otherwise its words are asked about."""
        d = self.result.draft
        for start, end, masses in self.resonance_lists:
            said = self.t.orig[start:end]
            ranged = d.start is not None and d.stop is not None
            if (
                d.quantity == "mass" and d.pair and ranged
                and all(d.start <= x <= d.stop for x in masses)  # type: ignore[operator]
            ):  # fmt: skip
                self.result.notes.append(
                    f"'{said}' names the peaks in the range; it is not a selection."
                )
            else:
                self.result.unplaced.append(f"{said} (resonances: which range or selection?)")

    def _resonance_objects(self) -> None:
        """ "the data around the mass of the J/psi meson": a mass that names no objects, in a
        dimuon resonance's region, is the dimuon mass (the J/psi, psi(2S) and Upsilon are seen
        in dimuons at CMS); said, and 'electrons' changes it."""
        d = self.result.draft
        if self.resonance is None:
            self._peaks_without_range()
            return
        name, lo, hi, at, until = self.resonance
        if d.quantity not in (None, "mass") or (d.quantity == "mass" and d.pair is False):
            # "the number of jets in the J/psi region": a dimuon mass window as a selection
            self.result.unplaced.append(
                f"{self._context(at, until)} (a dimuon mass window as a selection?)"
            )
            return
        names = list(dict.fromkeys(n for _, n in sorted(self.resonance_names)))
        if d.start is None and d.stop is None and d.edges is None:
            if len(names) > 1:  # "around the J/psi and the Upsilon": one range, or one each?
                self.result.unplaced.append(
                    f"{' and '.join(names)} (one mass range holding them all, or one plot per "
                    "peak?)"
                )
            else:
                self.set("start", lo, inferred=True)
                self.set("stop", hi, inferred=True)
                self.result.notes.append(
                    f"The {name} region is taken as {lo:g}-{hi:g} GeV (give a range to change it)."
                )
        else:  # "from 60 to 120 GeV around the J/psi": the range must hold the peak
            low = d.edges[0] if d.edges else d.start
            high = d.edges[-1] if d.edges else d.stop
            outside = [
                n for n in names
                if (low is not None and _PEAKS[n] < low)
                or (high is not None and _PEAKS[n] > high)
            ]  # fmt: skip
            if outside:
                self.result.unplaced.append(
                    f"{self._context(at, until)} (the {' and '.join(outside)} peak is outside "
                    "the range given)"
                )
                return
        if d.object is not None or d.analysis is not None or self.followup:
            return
        self.set("quantity", "mass", inferred=True)
        self.set("object", "muon", inferred=True)
        self.set("pair", True, inferred=True)
        self.result.notes.append(
            f"No objects named: the {name} is read as decaying to two muons, the dimuon mass "
            "(say 'electrons' for e+e-)."
        )

    def _peaks_without_range(self) -> None:
        """ "show the resonance peaks in the muon pair mass distribution": several peaks, none
        named and no range given; the default range (60-120 GeV for a dimuon) shows one of them
        at most: which range? (asked, never the default range with the word dropped)"""
        d = self.result.draft
        if d.quantity != "mass" or d.start is not None or d.stop is not None or d.edges:
            return
        m = re.search(
            r"\bresonances\b|\b(?:resonance\s+|mass\s+)?peaks\b|\b(?:famous|full|whole|entire"
            r"|complete)\s+(?:di-?[a-z]+\s+|invariant\s+|mass\s+)*(?:mass\s+)?spectrum\b",
            self.t.orig,
        )
        if m is not None and "#" not in self.t.masked[m.start() : m.end()]:
            self.result.unplaced.append(
                f"{m.group(0)} (which mass range should the peaks be "
                "in? e.g. 'from 0.2 to 120 GeV, log x')"
            )

    def _cross_section_wording(self) -> None:
        """ "the cross section is measured as a function of the dijet mass": the reconstructed
        distribution is plotted, and the answer says it is not a cross section."""
        for m in self.t.finditer(r"\bxsecasreco\b"):
            self.t.mask(m.start(), m.end())
            self.result.notes.append(
                "A cross section is not measured here: the plot is the reconstructed "
                "distribution (no unfolding, no efficiency or acceptance correction)."
            )

    def _mt_formula(self) -> None:
        """ "... and the MET: sqrt{2 p_T^{ll} p_T^{miss} (1 - cos Delta phi_{ll,MET})}": the
        transverse mass written out after it is named. Its words are taken out of the request
        (masked) and what it is of is kept, to be checked against what is plotted
        (:meth:`_check_mt_formula`): commentary only when it restates that quantity."""
        self.formula: tuple[int, int, str | None] | None = None
        text = self.t.orig
        m = re.search(
            r"(?:\bmt\s*=\s*)?[{(]?\s*\\?sqrt\s*[{(]\s*2\s*(?P<a>[^()]{1,40}?)\s*[({]\s*1\s*-\s*"
            r"\\?cos\s*\(?\s*delta[ _]?phi\s*(?P<b>[^()]{0,50}?)\s*\)?\s*[)}]\s*[)}]*",
            text,
        )
        if m is None:
            return
        strip = r"p_?t|\bpt\b|e_?t|\bmet\b|miss|between|\bthe\b|\band\b|[\s{}^_,()\\]"
        first = re.sub(strip, "", m.group("a"))
        second = re.sub(strip, "", m.group("b"))
        legs = {
            "ll": "lepton pair", "mumu": "muon pair", "ee": "electron pair", "l": "lepton",
            "lepton": "lepton", "mu": "muon", "muon": "muon", "e": "electron",
            "electron": "electron", "j": "jet", "jet": "jet",
        }  # fmt: skip
        same = not second or legs.get(first) == legs.get(second)
        self.formula = (m.start(), m.end(), legs.get(first) if same else None)
        self.t.mask(m.start(), m.end())

    def _acoplanarity_formula(self) -> None:
        """ "the di-lepton acoplanarity defined by: A = 1 - Delta phi(mu, mu)/pi": the definition
        written after the word, taken out (masked) with the objects it names, to be checked
        against what is plotted (:meth:`_check_acoplanarity_formula`)."""
        self.acop_formula: tuple[int, int, str | None] | None = None
        m = re.search(
            r"(?<=acoplanarity)\s*(?:,\s*)?(?:(?:defined\s+(?:by|as)|i\.?e\.?|given\s+by)\s*:?\s*)?"
            r"(?:a\s*=\s*)?1\s*-\s*\|?\s*delta_phi(?:\s+between\s+the\s+([a-z]+)\s+and\s+the\s+"
            r"([a-z]+))?\s*\|?\s*/\s*pi\b",
            self.t.orig,
        )
        if m is None:
            return
        legs = {m.group(1), m.group(2)} - {None}
        kinds = {"muon", "electron", "lepton", "jet", "photon"}
        of = legs.pop() if len(legs) == 1 and legs <= kinds else None
        self.acop_formula = (m.start(), m.end(), of if legs == set() else None)
        if not (m.group(1) or m.group(2)):
            self.acop_formula = (m.start(), m.end(), "any")
        self.t.mask(m.start(), m.end())

    def _check_acoplanarity_formula(self) -> None:
        """The written definition of the plotted acoplanarity is commentary (said); the leptons
        of a "di-lepton acoplanarity" whose formula names muons are the muons (said); anything
        else is asked about."""
        if self.acop_formula is None:
            return
        start, end, of = self.acop_formula
        d = self.result.draft
        said = self.t.orig[start:end].strip(" :,")
        if d.quantity != "acoplanarity" or of is None:
            self.result.unplaced.append(said)
            return
        if of in ("muon", "electron") and d.object == "lepton":
            self.result.explicit.discard("object")  # refined by the formula, not a conflict
            self.set("object", of)
            for m in self.mentions:
                if m.kind == "lepton":
                    m.used = True
            self.result.notes.append(
                f"The formula '{said}' names {of}s: the leptons read as {of}s."
            )
        elif of not in ("any", d.object):
            self.result.unplaced.append(said)
            return
        self.result.notes.append(
            f"The formula '{said}' read as the definition of the acoplanarity that is plotted."
        )

    def _check_mt_formula(self) -> None:
        """The written-out transverse mass (:meth:`_mt_formula`) is commentary when it is the
        plotted mT of the same object or pair (said); otherwise it is asked about."""
        if self.formula is None:
            return
        start, end, of = self.formula
        d = self.result.draft
        plotted = None
        if d.quantity == "mt" and d.object is not None:
            plotted = f"{d.object} pair" if d.pair else d.object
        said = self.t.orig[start:end].strip(" :,")
        if of is not None and of == plotted:
            self.result.notes.append(
                f"The formula '{said}' read as the definition of the transverse mass of the "
                f"{of} and the MET that is plotted."
            )
            return
        self.result.unplaced.append(said)

    def _w_transverse_mass(self) -> None:
        """ "the transverse mass of the W boson from the lepton and the MET": the W is what the
        mT of a lepton and the MET is about (read; the lepton and the MET are placed)."""
        if self.result.draft.quantity != "mt":
            return
        if re.search(r"neutrino|\u03bd", self.raw, re.IGNORECASE):
            self.result.notes.append(
                "The neutrino is read as the missing transverse momentum (MET): it is not "
                "detected, the MET is its measured transverse momentum."
            )
        for m in self.t.finditer(
            r"\bw\b(?:\s*(?:bosons?|candidates?))*(?=\s+mt\b)"
            r"|(?<=\bmt\s)\s*(?:of\s+)?(?:the\s+)?w\b(?:\s*(?:bosons?|candidates?))*"
            r"|(?<=\bmt\s\(\s)\s*w\b|(?<=\bmt\()w\b"
        ):
            self.t.mask(m.start(), m.end())

    def _not_in_pair(self) -> None:
        """ "the highest-pT light lepton not in this pair": the pair's legs are excluded."""
        for m in self.t.finditer(
            r"\b(?:that\s+is\s+|which\s+is\s+)?(?:not\s+(?:in|part\s+of|belonging\s+to|used\s+in|"
            r"from|among)|outside(?:\s+of)?)\s+(?:this|the|that|such\s+a|the\s+selected|the\s+chosen)\s+"
            # "not belonging to the same-flavour opposite-sign pair"
            r"(?:(?:same-flavou?r|opposite-(?:sign|charge)|sfos|ossf|lepton|selected|chosen|#+)\s+){0,3}"
            r"(?:(?:z\s+)?(?:pair|candidate(?:\s+pair)?|dilepton\s+pair)|z)\b"
            # "... not in the pair closest to 91.2 GeV": the mass itself is read with the pair
            r"(?:\s+(?:closest|nearest)(?=\s+to\b))?"
        ):
            # the pair named before, or in these words ("not in the same-flavour pair")
            pairs = [
                o for o in self.mentions
                if o.pair and (o.end <= m.start() or m.start() <= o.start < m.end())
            ]  # fmt: skip
            if not pairs:  # "For events with ... a lepton pair, ..." moved behind: the one pair
                named = [o for o in self.mentions if o.pair]
                pairs = named if len({o.kind for o in named}) == 1 else []
            leptons = [
                o for o in self.mentions if o.kind in ("lepton", "muon", "electron") and not o.pair
            ]
            if not pairs and re.search(r"\bz\b", m.group(0)) and leptons:
                # "the leading lepton not in the Z candidate pair": the pair of those leptons
                # closest to the Z mass (the ADL wording names the pair before; this one not)
                self.set("pair_sel", leptons[0].kind)
                self.set("not_in_pair", True)
                if self.result.draft.target_mass is None:
                    self.set("target_mass", lx.MASSES["z"])
                    self.set("target_name", "z")
                self.t.mask(m.start(), m.end())
                continue
            if not pairs:
                continue
            pairs[-1].used = True
            self.set("pair_sel", pairs[-1].kind)
            self.set("not_in_pair", True)
            self.t.mask(m.start(), m.end())
        # "the leading other lepton", "the remaining lepton": not one of the chosen pair's legs
        d = self.result.draft
        pairs = [o for o in self.mentions if o.pair and o.kind in ("lepton", "muon", "electron")]
        if d.not_in_pair or not pairs or d.pair or d.target_mass is None:
            return
        found = list(
            self.t.finditer(
                r"\b(?:other|remaining|additional|third)\s+(?=(?:leptons?|muons?|electrons?)\b)"
            )
        )
        if not found and d.index == 2:
            # "the third lepton" read as a rank before (_z_and_index masked "third"): beside the
            # chosen pair it is the lepton outside it (was: the third by pT, a leg maybe)
            found = list(
                re.finditer(
                    r"\b(?:third|3rd)\s+(?=(?:light\s+)?(?:leptons?|muons?|electrons?)\b)",
                    self.t.orig,
                )
            )
        for m in found:
            for pair in pairs:
                pair.used = True
            self.set("pair_sel", pairs[-1].kind)
            self.set("not_in_pair", True)
            if d.index is None or m.group(0).startswith(("third", "3rd")):
                # the third lepton: the leading one outside the pair (its rank 2 read before)
                if d.index == 2:
                    d.index = 0
                else:
                    self.set("index", 0)
            if m.group(0).startswith(("third", "3rd")):
                kind = pairs[-1].kind
                if (d.req(kind).min_count or 0) < 3:  # a third one: at least three of them
                    self.set(f"requirements.{kind}.min_count", 3)
                self.result.notes.append(
                    f"'{m.group(0).strip()} {d.object}' read as the highest-pT {d.object} not "
                    f"in the chosen pair, in events with at least 3 {kind}s (the third by pT "
                    "may be one of the pair's legs)."
                )
            self.t.mask(m.start(), m.end())
            return

    def _z_decay(self, z: re.Match[str]) -> bool:
        """ "leading jet pT in Z -> mumu events": a Z candidate selects the events.

        True when the plotted quantity is not of the Z's own lepton pair; the channel comes
        from the decay written (mumu, ee, ll) or the lepton named next to the Z.
        """
        d = self.result.draft
        lepton_pair = d.pair and d.object in ("muon", "electron", "lepton")
        if lepton_pair and d.object == "lepton" and d.channel is None:
            # "Z->mumu, plot mll": the pair plotted is of the decay's flavour (was: ee and
            # mumu pairs together, no note)
            named = re.match(r"\bz\s*(?:to|->)\s*(mu\s*mu|ee)\b", self.t.orig[z.start() :])
            if named:
                self.set("channel", "muon" if named.group(1).startswith("m") else "electron")
        if d.quantity is None or lepton_pair or d.analysis is not None:
            return False
        of_the_z = re.search(
            r"\b(?:pt|eta|phi|mass|rapidity)\s+of\s+(?:the\s+)?(?:reconstructed\s+)?z\b"
            # "the Z boson pT in the electron channel", "Z candidate rapidity"
            r"|\bz\s*(?:boson\s+)?(?:candidate\s+)?(?:pt|qt|rapidity|eta|phi|mass)\b",
            self.t.orig,
        )
        if of_the_z and d.quantity in ("pt", "eta", "phi", "mass", "rapidity"):
            # "the pT of the Z boson reconstructed from two muons": the Z candidate is plotted
            lepton = [m for m in self.mentions if m.kind in ("muon", "electron", "lepton")]
            if len(lepton) >= 1 and len({m.kind for m in lepton}) == 1:
                for m in lepton:
                    m.used = True
                self.set("object", lepton[0].kind)
                self.set("pair", True)
            return False
        decay = re.match(r"\bz\s*(?:to|->)\s*(mu\s*mu|mu|ee|e|ll|l)", self.t.orig[z.start() :])
        if decay:
            channel = {"m": "muon", "e": "electron", "l": "lepton"}[decay.group(1)[0]]
        else:
            near = [m for m in self.mentions if m.kind in ("muon", "electron", "lepton")
                    and abs(m.start - z.start()) < 30]  # fmt: skip
            if not near:
                return False
            channel = near[0].kind
        for m in self.mentions:
            if m.kind == channel and abs(m.start - z.start()) < 30:
                m.used = True
        self.set("z_decay", channel)
        return True

    def _z_and_index(self) -> None:
        t = self.t
        z = re.search(
            # "the Z boson peak": the peak names the plot as "the Z peak" does
            r"\bz\b\s*(?:(?:boson\s+)?(?:peak|mass|candidates?|window|pole|resonance)\b|boson|->)"
            r"|\b(?:around|near|close\s+to|closest\s+to)\s+the\s+z\b"
            r"|\bon[- ]shell\s+z\b|\bz\s*(?:to|->)\s*(?:mu|ll|ee|l)"
            r"|\bz\s+(?:pt|qt|rapidity)\b"  # "the Z pT": of the Z candidate
            # "in events from the Z", "events with a Z", "events where a Z was produced": Z
            # events, as "Z boson events" ("Z events", "the Z sample": the DY sample)
            r"|(?:(?<=\bevents\s)|(?<=\bevent\s))(?:from|with|containing|having|where"
            r"|(?:that|which)\s+(?:contain|have|has|contains))\s+(?:an?\s+|the\s+)?"
            r"(?:reconstructed\s+)?z\b(?!\s*(?:\+|plus\b|samples?\b|mc\b|simulation\b"
            r"|backgrounds?\b|data\b|datasets?\b|->|to\b|'|prime\b|jets?\b|\d"
            r"|bosons?\b|peak\b|mass\b|candidates?\b|window\b|pole\b|resonance\b))",
            t.orig,
        )
        if z:
            self.quantity_spans.append((z.start(), z.end()))
        if z and self.result.draft.gen_particle == "z" and t.masked[z.start()] == "#":
            z = None  # "the generator-level Z boson": read as a GenPart Z, not a Z candidate
        if (
            z
            and z.group(0).startswith("closest")
            and self.result.draft.target_mass is not None
            and any(m.pair for m in self.mentions)
        ):
            # "take the SFOS pair closest to the Z mass": the pair choice alone, as "closest to
            # 91.2 GeV" (was: a Z -> ll selection with a 60-120 GeV window no one asked for)
            z = None
        if z and not self._z_decay(z):
            self.set("z_candidate", True)
            no_template = self.result.draft.analysis is None
            # "the Z peak", "plot Z -> mumu events": m(ll); "a region enriched in Z -> mumu
            # events is defined by ..." asks for nothing to be plotted: asked
            asks_for_a_plot = re.search(
                r"peak|mass|resonance|pole|window|line\s*shape", z.group(0)
            ) or re.search(_ASKS_FOR_A_PLOT, t.orig)
            if self.result.draft.quantity is None and no_template and asks_for_a_plot:
                self.set("quantity", "mass", inferred=True)
                if self.result.draft.object is not None:
                    self.set("pair", True, inferred=True)
        d = self.result.draft
        if d.object is None or d.pair:
            return
        words = {"leading": 0, "first": 0, "hardest": 0, "subleading": 1, "sub-leading": 1,
                 "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
                 "fifth": 4, "5th": 4, "sixth": 5, "6th": 5}  # fmt: skip
        for m in t.finditer(
            r"\b(leading|first|hardest|sub-?leading|second|2nd|third|3rd|fourth|4th|fifth|5th"
            r"|sixth|6th)\b"
        ):
            if re.search(r"\d\s*$", t.orig[: m.start()]):  # "two leading muons"
                continue
            if re.match(r"\s+\d", t.orig[m.end() :]):  # "the first two muons": not one muon
                self.result.unplaced.append(self._context(m.start(), m.end() + 2))
                continue
            target = self.attribute(m.end(), after_only=True)
            if target is None or target.kind != d.object or target.start - m.end() >= 25:
                continue
            index = words[m.group(1).replace("-", "")]
            if d.index is None:
                self.set("index", index)
                t.mask(m.start(), m.end())
            elif index != d.index and d.other is None and d.quantity not in _ANGLES:
                # "the pT of the leading muon and the pT of the subleading muon": a second
                # plotted object, never dropped (the multi-plot split reads it as two plots)
                self.result.unplaced.append(self._context(m.start(), target.end))
                t.mask(m.start(), m.end())

    def _event_reductions(self) -> None:
        """ "the maximum |eta| of the jets in each event", "the ht of the 2 leading jets", "the
        mass of all jets": one value per event over the objects (chathep.planner.reductions);
        only the reduction's own words are placed here, and only when the draft holds exactly
        that reading (else they stay unplaced, and are asked about)."""
        d = self.result.draft
        for reading in reductions.find(self.t.orig):
            if any("#" in self.t.masked[a:b] for a, b in reading.spans):
                continue  # the words were read as something else (a cut, a pair choice)
            if not reductions.fits(reading, d):
                continue  # left unplaced: asked about, never read as something else
            if reading.how == "system":
                d.pair = False  # "the mass of all jets": not pairs of them
                self.set("system", True)
            elif reading.how == "sum":
                self.set("first_n", reading.first)
            else:
                self.set("per_event", reading.how)
                if reading.first is not None:  # "the maximum |eta| of the 2 leading jets"
                    self.set("first_n", reading.first)
            for a, b in reading.spans:
                self.t.mask(a, b)

    def _consistency(self) -> None:
        d, r = self.result.draft, self.result
        checks = (silent.at_least_one_cut, silent.legs_of_the_z, silent.system_of_all,
                  silent.window_taken_out, silent.trailing_ordinal, silent.bare_eta_of,
                  silent.z_unread, silent.two_bare_counts,
                  silent.too_few_for_the_candidate, silent.background_unread,
                  silent.z_candidate_legs, silent.third_beside_the_z,
                  silent.numbered_pairs, silent.generator_information,
                  silent.z_events_beside_another_pair, silent.parts_counted,
                  silent.all_but_ranked, silent.neither_of, silent.ranked_property,
                  silent.region_unread, silent.angle_of_a_charged_pair)  # fmt: skip
        for check in checks:
            question = check(self.t.orig, d)
            if question is not None:
                r.ask(question)
        if not self.followup and (question := silent.closest_unread(self.t.orig, d)):
            r.ask(question)  # (a follow-up's is of the previous plot's pair: after the merge)
        if not self.followup:  # a follow-up edits a plan (its selection, its sample) already read
            for first_only in (silent.selection_only, silent.unstated_reference):
                if question := first_only(self.t.orig, d):
                    r.ask(question)
        for check in (
            silent.vague_values,
            silent.one_quantity_two_definitions,
            silent.sum_of_two_collections,
        ):
            if question := check(self.t.orig, d):
                r.ask(question)
        if d.start is not None and d.stop is not None and d.stop <= d.start:
            r.ask(f"The range {d.start:g} to {d.stop:g} is empty: which range did you mean?")
        for kind, req in d.requirements.items():
            if (
                kind == d.object
                and req.max_count == 0
                and d.quantity in NEEDS_OBJECT
                and not self.followup
            ):  # "the leading jet pT for events without any jets above 100 GeV": always empty
                r.ask(
                    f"Events without any {kind}s have no {kind} to plot: should the {kind}s you "
                    f"plot and the {kind}s you veto be defined differently? Please give both "
                    "definitions."
                )
            if (empty := _empty_field_cuts(req.field_cuts or [])) is not None:
                # "positively charged muons and negatively charged muons": charge > 0 and
                # charge < 0 on one collection select nothing
                r.ask(
                    f"{empty} cannot both hold for one {kind}: did you mean two groups of "
                    f"{kind}s (then ask for each, or for the pairs they form), or one of them?"
                )
            signed = [c for c in req.field_cuts or [] if c.field == "charge" and c.op in ("<", ">")]
            if signed and kind == d.object and d.pair and d.charge in (None, "opposite"):
                # "the dimuon mass of negatively charged muons": no opposite-charge pair exists
                r.ask(
                    f"Pairs of {kind}s that all have charge {signed[0].op} 0 are never of "
                    "opposite charge: should the pairs be same-charge, or did you mean the "
                    f"pairs of a positive and a negative {kind}?"
                )
            elif (
                signed
                and kind == d.object
                and not d.pair
                and kind in (d.pair_sel, d.z_decay)
                and d.charge in (None, "opposite")
            ):  # "the pT of the positive muon in dimuon events": the pair would be built from
                # the positive muons only, so no event passes (was: planned, silently empty)
                r.ask(
                    f"The {kind}s you plot have charge {signed[0].op} 0, and the {kind} pair the "
                    f"events need would be built from those same {kind}s, so no pair is of "
                    f"opposite charge and no event passes. I cannot yet plot one {kind} of the "
                    f"pair by its charge: plot every {kind} of the pair ('the {kind} pT in "
                    f"{kind} pair events'), or give the charge cut without the pair?"
                )
            both = req.min_count is not None and req.max_count is not None
            if both and req.max_count < req.min_count:  # type: ignore[operator]
                r.ask(
                    f"At least {req.min_count} and at most {req.max_count} {kind}s cannot "
                    "both hold: how many should there be?"
                )
        lead = re.match(
            r"\s*(?:(?:plot|show|draw|histogram|make)\s+(?:a\s+histogram\s+of\s+)?)?(?:the\s+)?"
            r"(?:(leading|subleading|second|third)\s+)?(muon|electron|jet|bjet|photon|tau|lepton)s?\s+"
            r"(pt|eta|phi)\s+(?:above|below|over|under|greater|less|larger|smaller"
            r"|of\s+at\s+least|between|exceeding|harder|(?<=\S\s)(?=[<>]))",
            self.t.orig,
        )
        words = ("above", "below", "over", "under")
        if (  # a bare "muon pt > 25 GeV, |eta| < 2.4" is a cut list: only with "the" or a verb
            lead
            and not lead.group(0).rstrip().endswith(words)
            and not re.match(r"\s*(?:plot|show|draw|histogram|make|the)\b", self.t.orig)
        ):
            lead = None
        if d.quantity is None and not self.followup and d.analysis is None and lead:
            # "the leading jet pT above 30 GeV": that quantity, of the objects that pass the cut
            index = {"leading": 0, "subleading": 1, "second": 1, "third": 2}.get(
                lead.group(1) or ""
            )
            self.set("quantity", lead.group(3), inferred=True)
            self.set("object", lead.group(2), inferred=True)
            self.set("pair", False, inferred=True)
            if index is not None and d.index is None:
                self.set("index", index, inferred=True)
            what = f"{lead.group(1) + ' ' if lead.group(1) else ''}{lead.group(2)} {lead.group(3)}"
            self.result.notes.append(
                f"'{what}' with a value read as a cut on it, and as the quantity to histogram."
            )
        objects = [m for m in self.mentions if m.kind != "met"]
        if d.quantity is None and not self.followup and d.analysis is None and not objects:
            # "the MET above 50 GeV", "HT above 500 GeV": that quantity, with that cut
            cut_on = [
                q
                for q, lo, hi in (("met", d.met_min, d.met_max), ("ht", d.ht_min, d.ht_max))
                if lo is not None or hi is not None
            ]
            if len(cut_on) == 1 and re.match(
                r"\s*(?:(?:plot|show|draw|histogram)\s+(?:the\s+)?|the\s+)(?:met|ht)\b", self.t.orig
            ):
                self.set("quantity", cut_on[0], inferred=True)
                if cut_on[0] == "ht":
                    self.set("object", "jet", inferred=True)
                self.result.notes.append(
                    f"Read as the {cut_on[0].upper()} histogram of the events that pass the cut."
                )
        if not self.followup and d.analysis is None:  # an analysis has its own defaults
            if d.quantity is None:
                r.open.append("quantity")
            if d.object is None and (d.quantity in NEEDS_OBJECT or d.quantity is None):
                r.open.append("object")


def _signal_in_data_note(what: str, signal: list[Sample], catalog: Catalog) -> list[str]:
    """How many signal events the data can hold at all (sigma x L, before any cut)."""
    era = signal[0].era
    signal = [s for s in catalog.mc(era) if s.process in lx.HIGGS_PROCESSES]
    data = catalog.data(era)
    lumi = sum(s.lumi_pb or 0.0 for s in data)
    if not data or not lumi:
        return []
    # a filtered sample holds sigma x filter efficiency (the pseudo-data likewise)
    expected = ", ".join(
        f"{s.process} {s.xsec_eff_pb * lumi:.2g}" for s in signal if s.xsec_eff_pb is not None
    )
    filtered = any(s.filter_efficiency for s in signal)
    when = "after the generator filter, before any cut" if filtered else "before any cut"
    return [
        f"The {signal[0].era} data correspond to {lumi:.3g} pb^-1: sigma x L = {expected} "
        f"{what} signal events {when}, so the data test the background model, not "
        "the signal (more luminosity needs more generated events)."
    ]


def _empty_field_cuts(cuts: list[FieldCut]) -> str | None:
    """Two cuts on one field that no value passes ("charge > 0" and "charge < 0"), quoted."""
    for cut in cuts:
        for other in cuts:
            lo = cut.value if cut.op in (">", ">=", "==") else None
            hi = other.value if other.op in ("<", "<=", "==") else None
            if other.field != cut.field or lo is None or hi is None or other is cut:
                continue
            closed = cut.op in (">=", "==") and other.op in ("<=", "==")
            if lo > hi or (lo == hi and not closed):
                return (
                    f"'{cut.field} {cut.op} {cut.value:g}' and "
                    f"'{other.field} {other.op} {other.value:g}'"
                )
    return None


#: (name, region low, region high, peak) in GeV of the resonances a mass can be named by: the
#: dimuon regions of the lexicon, and the Z (its usual 60-120 GeV window)
_PEAK_REGIONS: list[tuple[str, float, float, float]] = [
    *((name, lo, hi, lx.RESONANCE_PEAKS[name]) for _, name, (lo, hi) in lx.RESONANCE_REGIONS),
    ("Z", 60.0, 120.0, lx.MASSES["z"]),
]
_PEAKS = {name: peak for name, _, _, peak in _PEAK_REGIONS}


def parse_request(
    text: str, catalog: Catalog, *, followup: bool = False, context_object: str | None = None
) -> ParseResult:
    """Read a request with rules only; see :class:`ParseResult` for what comes back.

    ``context_object``: in a follow-up, the previous plan's plotted object, which a cut or a
    waiver that names no object applies to ("no isolation"). A ratio, difference, sum or
    asymmetry of two quantities ("MET/HT") is read by :mod:`chathep.planner.arithmetic`."""

    def alone(phrase: str) -> ParseResult:  # one term of an arithmetic, read by itself
        return RequestParser(phrase, catalog).parse()

    # "with MET/HT > 0.5"; in a follow-up too ("now require MET/HT above 0.5": one more step)
    cuts = arithmetic_cuts.read(text, alone)
    if cuts is not None and cuts.question is not None:
        result = ParseResult(draft=Draft(), text=text)
        result.ask(cuts.question)
        return result
    rest = cuts.text if cuts else text
    # "in events with the dimuon pT above 50 GeV", "|delta eta(j1, j2)| > 3.5": one quantity
    # in a follow-up too ("now require the dimuon pT above 50 GeV": one more step)
    ev = event_cuts.read(rest, alone, followup=followup)
    result = _parse_plot(ev.text if ev else rest, catalog, followup, context_object, alone)
    if (z_note := z_window_range(text, result.draft)) is not None:
        result.notes.append(z_note)  # "MET in the Z window 76-106 GeV": the window, no axis
        result.explicit = (result.explicit - {"start", "stop"}) | {"pair_mass_min", "pair_mass_max"}
    if ev is not None and ev.cuts:
        result.draft.event_cuts = ev.cuts
        result.explicit.add("event_cuts")
        result.notes += ev.notes
        result.text = text
    if cuts is not None and cuts.cuts:
        result.draft.arithmetic_cuts = cuts.cuts
        result.explicit.add("arithmetic_cuts")
        result.notes += cuts.notes
        result.text = text
    return result


def _parse_plot(
    text: str,
    catalog: Catalog,
    followup: bool,
    context_object: str | None,
    alone: Callable[[str], ParseResult],
) -> ParseResult:
    notes: list[str] = []
    if not followup:  # "|pT1 - pT2| of ...": the absolute difference; "|eta1 - eta2|": delta eta
        text, notes = arithmetic.absolute_forms(text)
    if followup:  # "now the MET/HT": a complete arithmetic only, its terms without the cue
        text = re.sub(
            r"^\s*(?:(?:ok(?:ay)?|so|and|now|then|instead)\b[\s,]*)+", "", text, flags=re.I
        )
        reading = arithmetic.read(text, alone)
        if reading is not None and (reading.question is not None or not reading.text):
            reading = None
    else:
        reading = arithmetic.read(text, alone)
    if reading is not None and reading.question is not None:  # "the ratio of the MET": asked
        result = ParseResult(draft=Draft(), text=text)
        result.ask(reading.question)
        return result
    if reading is not None:  # "the ratio of the MET to the HT": read as the MET, then divided
        parser = RequestParser(
            reading.text, catalog, followup=followup, context_object=context_object
        )
        result = arithmetic.apply(parser.parse(), reading)
    else:
        result = RequestParser(
            text, catalog, followup=followup, context_object=context_object
        ).parse()
    result.notes += notes
    return result
