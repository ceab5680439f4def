"""Rewrites that decide from the whole request, kept out of :mod:`chathep.planner.lexicon`.

Every string of the lexicon is a recogniser of the coverage check
(:mod:`chathep.planner.coverage`): a pattern there makes the words it spells known wherever it
matches, also where its rewrite leaves the text as it was, and an f-string's open part matches
any words. The rules here look at the rest of the request before they rewrite; their compiled
patterns are no recognisers, so where they leave the words, the words are still asked about.

- "trailing": "the trailing muon" of a dimuon event is the subleading muon; "the trailing jet"
  of an event with four jets may be the fourth (the last) or the second: asked (a lexicon
  pattern spelling "trailing" would plan it as every jet, silently).
- "all opposite-sign pairs" after "the dimuon mass": every pair of those objects (was: the
  two leading ones).
- a GeV range right after objects: "the muon eta for muons between 20 and 50 GeV" is their pT
  range (a cut), except where those objects' own pT is plotted (the axis, as before).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import chathep.regex as re

if TYPE_CHECKING:
    from chathep.planner.draft import Draft

#: "trailing muon", "trailing lepton": the rank word before an object (the rewrite decides)
TRAILING_OF_A_PAIR: re.Pattern[str] = re.compile(
    r"\btrailing\s+(muon|electron|lepton|jet|photon|tau)(?=s?\b)"
)


def trailing_of_a_pair(m: re.Match[str]) -> str:
    """ "subleading <object>" where the request has a pair of those objects and no more of them
    ("dimuon", "muon pair", "two muons", "exactly 2 muons", "both muons"); else unchanged."""
    kind = m.group(1)
    text = m.string
    pair = re.search(
        rf"\bdi-?{kind}s?\b|\b{kind}s?[- ]?pairs?\b"
        rf"|\b(?:exactly\s+)?(?:two|2|both)\s+(?:[a-z-]+\s+){{0,2}}?{kind}s\b",
        text,
    )
    more = re.search(
        rf"\b(?:[3-9]|three|four|five|six)\s+(?:[a-z-]+\s+){{0,2}}?{kind}s\b"
        rf"|\b(?:third|fourth|3rd|4th)\b|\b(?:at\s+least|>=?|or\s+more)\s*(?:two|2)\s+{kind}s\b"
        rf"|\b(?:two|2)\s+or\s+more\s+{kind}s\b",
        text,
    )
    return f"subleading {kind}" if pair and not more else m.group(0)


#: "muons between 20 and 50 GeV", "jets in the 30-50 GeV bin": a GeV range after the objects
OBJECTS_GEV_RANGE: re.Pattern[str] = re.compile(
    r"\b((?:b[- ]?)?jets|bjets|muons|electrons|leptons|photons|taus)\s+(?:between|from)\s+"
    r"(\d+(?:\.\d+)?)\s*(?:gev\s*)?(?:and|to|-)\s*(\d+(?:\.\d+)?)\s*gev\b"
    r"|\b((?:b[- ]?)?jets|bjets|muons|electrons|leptons|photons|taus)\s+in\s+the\s+"
    r"(\d+(?:\.\d+)?)\s*(?:gev\s*)?(?:-|to)\s*(\d+(?:\.\d+)?)\s*gev\s+(?:pt\s+|p_t\s+)?"
    r"(?:bin|range|interval|window|slice)\b"
)


def objects_pt_range(m: re.Match[str]) -> str:
    """ "muons between 20 and 50 GeV": "muons with pt between 20 and 50 gev" (a cut), except
    where those objects' own pT is plotted ("the muon pT for muons between 20 and 50 GeV": the
    histogram's axis, as before)."""
    objects = m.group(1) or m.group(4)
    kind = objects[:-1]
    if re.search(
        rf"\b{kind}s?\s+(?:pt|p_t|transverse\s+momentum)\b|\b(?:pt|p_t|transverse\s+momentum)\s+"
        rf"(?:spectrum\s+|distribution\s+)?of\s+(?:the\s+|all\s+)?(?:{kind}|$)",
        m.string[: m.start()],
    ):
        return m.group(0)
    low, high = m.group(2) or m.group(5), m.group(3) or m.group(6)
    return f"{objects} with pt between {low} and {high} gev"


#: "for all opposite-sign pairs", "every OS pair": pairs of no named objects
ALL_PAIRS_UNNAMED: re.Pattern[str] = re.compile(
    r"\b(all|every|each)\s+((?:(?:opposite|same)[- ](?:sign|charge)d?|os|ss|oppositely[- ]charged"
    r"|possible)\s+)?pairs?\b"
)


def all_pairs_of_the_plotted(m: re.Match[str]) -> str:
    """ "the dimuon mass for all opposite-sign pairs": every pair of the objects of the pair
    named before ("all ... muon pairs", which the rules read as every pair); else unchanged."""
    before = m.string[: m.start()]
    kinds = set(re.findall(r"\bdi-?(muon|electron|lepton|jet|photon|tau)s?\b", before))
    if len(kinds) != 1:
        return m.group(0)
    return f"{m.group(1)} {m.group(2) or ''}{kinds.pop()} pairs"


#: "the dimuon mass for events with dimuon mass > 200": a cut on the plotted pair's own mass
SAME_PAIR_MASS_CUT: re.Pattern[str] = re.compile(
    r"\b(di-?(?:muon|electron|jet|lepton|photon|tau))\s+(?:invariant\s+)?mass\s+"
    r"(?:(?:for|in)\s+(?:the\s+)?events?\s+(?:with|where|in\s+which)|for|with)\s+(?:the\s+)?"
    r"(di-?(?:muon|electron|jet|lepton|photon|tau))\s+(?:invariant\s+)?mass\s+(?:is\s+)?"
    r"(>=?|<=?|above|over|greater\s+than|larger\s+than|exceeding|below|under|less\s+than"
    r"|smaller\s+than)\s*(\d+(?:\.\d+)?)\s*(gev|tev)?\b"
)


def same_pair_mass_cut(m: re.Match[str]) -> str:
    """ "the dimuon mass for events with dimuon mass > 200": "the dimuon mass above 200 gev"
    (the plotted pair's mass cut, which the rules read); another pair's mass is unchanged."""
    if m.group(1).replace("-", "") != m.group(2).replace("-", ""):
        return m.group(0)
    below = m.group(3).startswith(("<", "below", "under", "less", "smaller"))
    word = "below" if below else "above"
    return f"{m.group(1)} mass {word} {m.group(4)} {m.group(5) or 'gev'}"


#: "MET for dimuon events in the Z window 76-106 GeV", "the number of jets in the Z peak region
#: 80-100 GeV", "HT for Z candidates between 80 and 100 GeV": a range right after the Z words
_Z_WINDOW_RANGE = re.compile(
    r"\bz\b(?:\s+(?:->|→|to)\s*\S+)?[^,;.\d]{0,30}?\b(?:window|peak|region|candidates?|mass"
    r"|bosons?)\b[^\d;.]{0,20}?(?<![\w.])(\d+(?:\.\d+)?)\s*(?:gev\s*)?(?:-|–|to|and)\s*"
    r"(\d+(?:\.\d+)?)"
)


def z_window_range(text: str, draft: Draft) -> str | None:
    """The note when a range written right after the Z words of a request that plots another
    quantity is the Z candidate's mass window (moved there from the plotted axis: was "MET
    from 76 to 106 GeV" and the default 60-120 GeV window); else None, the draft unchanged."""
    if not (draft.z_candidate or draft.z_decay) or draft.start is None or draft.stop is None:
        return None
    if draft.quantity == "mass" and (draft.pair or draft.z_candidate):
        return None  # "the dimuon mass in the Z window 76-106 GeV": the plotted mass's range
    if draft.pair_mass_min is not None or draft.pair_mass_max is not None:
        return None
    m = _Z_WINDOW_RANGE.search(text.lower())
    if m is None or (float(m.group(1)), float(m.group(2))) != (draft.start, draft.stop):
        return None
    draft.pair_mass_min, draft.pair_mass_max = draft.start, draft.stop
    draft.start = draft.stop = None
    return (
        f"'{m.group(0).strip()}' read as the Z candidate's mass window: {m.group(1)} < m(ll) < "
        f"{m.group(2)} GeV (not the range of the plotted axis)."
    )


#: "the dijet system formed by the two b-jets", "the dijet system of the two b-tagged jets":
#: the pair of those b-jets
DIJET_OF_BJETS: re.Pattern[str] = re.compile(
    r"\b(?:di-?jet|jet[\s-]pair)\s+(?:system\s+)?(?:(?:formed|made|built|composed|constructed)\s+)?"
    r"(?:by|from|of|with|out\s+of)\s+(?:the\s+)?(?:two|2)\s+(?:leading\s+)?(?:b-?(?:tagged)?[\s-]?jets|bjets)\b"
)


def dijet_of_bjets(m: re.Match[str]) -> str:
    """ "the dijet system formed by the two b-jets": "the b-jet pair" (was: the two leading
    jets of any flavour, with two b-jets required beside them)."""
    return "b-jet pair"


#: "two muons with pT > 25 GeV passing tight ID", "1 muon pT>25 medium ID": the ID written
#: after the objects' pT cut is theirs (was: taken by the next object named, the b-tag working
#: point or the photon ID, the muons left at their default ID)
ID_AFTER_PT_CUT: re.Pattern[str] = re.compile(
    r"\b((?:\d+|one|two|three|four|an?|the|exactly\s+(?:\d+|one|two|three|four))\s+)?"
    r"(muons?|electrons?|photons?|leptons?)\s+(?:((?:with\s+|having\s+)?(?:pt|p_t)\s*(?:>=?|above"
    r"|over|greater\s+than)\s*\d+(?:\.\d+)?\s*(?:gev)?(?:\s*(?:and|,)\s*\|?eta\|?\s*<\s*\d+"
    r"(?:\.\d+)?)?)\s*,?\s*(?:(?:passing|with|and|having)\s+)?|()passing\s+)(?:the\s+|a\s+)?"
    r"(tight|medium|loose)\s+(?:id|identification)\b"
)


def id_after_pt_cut(m: re.Match[str]) -> str:
    """ "two muons with pt > 25 gev passing tight id": "two tight muons with pt > 25 gev";
    "two muons passing loose id and two electrons": "two loose muons and two electrons"."""
    return f"{m.group(1) or ''}{m.group(5)} {m.group(2)} {m.group(3) or ''}".rstrip() + " "


#: "events with under 2 jets", "over 3 jets", "more then 2 jets": a comparison before a count
#: of objects (was: the comparison dropped, "2 jets" read as at least 2)
COMPARED_COUNT: re.Pattern[str] = re.compile(
    r"\b(under|below|smaller\s+than|lower\s+than|less\s+then|over|above|more\s+then|exceeding"
    r"|beyond)\s+(\d+|one|two|three|four|five|six)\s+((?:b-?)?jets?|bjets?|muons?|electrons?"
    r"|leptons?|photons?|taus?)\b"
)


def compared_count(m: re.Match[str]) -> str:
    """ "under 2 jets": "fewer than 2 jets"; "over 3 jets": "more than 3 jets"."""
    fewer = m.group(1).split()[0] in ("under", "below", "smaller", "lower", "less")
    return f"{'fewer' if fewer else 'more'} than {m.group(2)} {m.group(3)}"


def _terse_count(m: re.Match[str]) -> str:
    """ "njet>=4": "at least 4 jets"; "nb==0": "exactly 0 bjets"; "nmu<2": "fewer than 2
    muons" (a code-style count, read as written)."""
    kind = m.group("k").replace("-", "")
    word = {"j": "jets", "jet": "jets", "b": "bjets", "bjet": "bjets", "mu": "muons",
            "muon": "muons", "el": "electrons", "ele": "electrons", "electron": "electrons",
            "lep": "leptons", "lepton": "leptons"}.get(kind, kind)  # fmt: skip
    phrase = {">=": "at least", "<=": "at most", "==": "exactly", ">": "more than",
              "<": "fewer than"}[m.group("op")]  # fmt: skip
    return f" {phrase} {m.group('n')} {word} "


_KINDS_WORDS = r"(?:b-?)?jets?|bjets?|muons?|electrons?|leptons?|photons?|taus?"

#: non-native comparisons and terse counts, rewritten to the words the rules read. Compiled
#: here (no recognisers): "bigger", "smaller", "minimum" stay unknown where these do not match
#: ("the muon pT, smaller values only" is asked, never planned without "smaller").
NON_NATIVE: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    # "pt bigger than 40", "pt more big than 25", "superior to 25": greater than
    (
        re.compile(r"\b(?:bigger|more\s+big|superior)(?:\s+(?:than|as|to))?(?=\s*-?\d)"),
        "greater than",
    ),
    # "|eta| smaller 2.1", "smaller as 1.44", "inferior to 2.5": less than
    (re.compile(r"\b(?:smaller|inferior)(?:\s+(?:than|as|to))?(?=\s*-?\d)"), "less than"),
    # "pt greater 20": greater than
    (re.compile(r"\bgreater(?=\s+-?\d)"), "greater than"),
    # "minimum 2 jets", "2 jets minimum": at least
    (
        re.compile(rf"\b(?:minimum|min\.?)\s+(?:of\s+)?(\d+)\s+({_KINDS_WORDS})\b"),
        r"at least \1 \2",
    ),
    (re.compile(rf"\b(\d+)\s+({_KINDS_WORDS})\s+(?:at\s+)?minimum\b"), r"at least \1 \2"),
    # "min pt 25 GeV", "pt minimum 25 GeV": pt above
    (
        re.compile(
            r"\b(?:min(?:imum)?\.?\s+(?:pt|p_t)|(?:pt|p_t)\s+min(?:imum)?\.?)\s+(?:of\s+)?(?=\d)"
        ),
        "pt above ",
    ),
    # "njet>=4", "nj>=4", "nb>=1", "nbjets==0", "nmu==0", "nel>=1", "Njet>2"
    (
        re.compile(
            r"\bn_?(?P<k>jets?|j|bjets?|b|b-?jets?|mu|muons?|el|ele|electrons?|lep|leptons?)\s*"
            r"(?P<op>>=|<=|==|>|<)\s*(?P<n>\d+)\b"
        ),
        _terse_count,
    ),
]
