"""Event selections on one per-event quantity that is not a cut on every object: "the MET in
events with the dimuon pT above 50 GeV", "the MET for events where the leading muon pT is between
30 and 50 GeV", "the dimuon mass when the subleading muon has pT above 20 GeV", "the dijet mass
in events with |delta eta| between the two leading jets above 3.5", "|Δη(j1,j2)| > 3.5", "the
MET in events with the Z pT above 50 GeV", "the MET where the leading jet has |eta| < 2.4".

Reading (:func:`read`): a comparison with a number ("above 50 GeV", "> 3.5", "between 20 and
100 GeV") whose left side, in a condition clause ("in events with", "where", "when", "require",
"for" alone where no other clause was read, and in a follow-up "add"), reads alone as one of
these quantities, with nothing else said:

- the pT of a pair (the dimuon, dijet pT): the pair the plan forms for those objects when it
  plots the pair (its pairing rule, stated in the plan);
- the Z (candidate) pT: the opposite-charge lepton pair the plan forms for the Z, its flavour
  chosen when the plan is built (the Z candidate of "Z -> mumu events", the plotted pair, the
  plotted or named leptons, else the channel of the data stream; asked when none says);
- the pT or |eta| of one ranked object (the leading, subleading, third muon): events without
  that object fail. A lower pT bound on the leading object alone is left to the parser
  (``lead_pt_min``); a signed eta is asked by the parser ("forward (|eta| > 2.5)" reads as
  "|eta| > 2.5");
- |delta eta|, |delta phi| or delta R between two objects (the two leading jets, or a leading
  object and another one or the MET);
- the transverse mass of the leading object and the MET ("mT(mu, MET) > 50 GeV", "the
  muon-MET transverse mass below 40 GeV"): the mT the plan plots. An mT whose objects are not
  said ("mT > 50 GeV", "mT(W) > 50") is asked by the parser, never read as a cut on the MET.

A pair's mass is left to the parser (a pair in the mass window: ``pair_mass_min``), except
beside a cut on the same pair's pT: then both test the one pair the plan forms (in build, a
mass window the parser read beside such a pT cut is moved onto that pair too; stated). The
clause is taken out of the request (the plotted quantity stays the one named) and the draft
carries the cut (``Draft.event_cuts``); a follow-up adds its cuts to the previous ones
(chathep.planner.followup).

Building (:func:`build`): the plot is built without the cuts; each cut's quantity is built as
its own plot from the same draft (the same objects, cuts and samples), its objects, pairs,
steps and observable are merged into the plot's spec, and the observable is cut on in one more
selection step (stated in the plan). As :mod:`chathep.planner.arithmetic_cuts` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import chathep.regex as re
from chathep.catalog import Catalog
from chathep.errors import SpecError
from chathep.planner import arithmetic, lexicon, reductions
from chathep.planner.draft import Draft, EventCut
from chathep.spec import AnalysisSpec, Observable, Step

#: Words that open a condition clause: "in events with", "for events where", "when", "require"
_LEAD = (
    r"(?P<lead>(?:\b(?:in|for|of|from|select|selecting|keep|keeping)\s+)?(?:(?:only\s+)?"
    r"(?:the\s+|all\s+|those\s+)?events?\s+)?\b(?:(?:and\s+)?(?:with|where|whose|having|requiring"
    r"|require|if|when|in\s+which)|and|cut(?:ting)?\s+on)\b(?:\s+(?:that|a))?\s*(?::\s*)?"
    # a terse list: ", |delta eta(j1, j2)| > 3" (an angle between objects: never a plot)
    # (not a delta R: "jets pt>30, dR(j, mu) > 0.4" is the jets' cleaning)
    r"|[,;]\s*(?=\|?\s*(?:delta\s*[-_ ]?(?:eta|phi)|Δη|Δφ)\s*\|?\s*\())"
)
#: "..., and requiring |delta eta| ... above 3": an "and" that opens a condition of its own
_AND_OPENER = r"and\s+(?:with|where|whose|having|requiring|require|if|when|in\s+which)\b"
#: A condition opened before an "and" ("events with MET > 50 and the dijet pT above 100")
_OPENER = re.compile(
    r"\b(?:with|where|whose|having|requiring|require|if|when|events?)\b", re.IGNORECASE
)
#: The comparison words and the op they mean
_OPS = {
    ">=": ">=", "=>": ">=", "≥": ">=", "<=": "<=", "=<": "<=", "≤": "<=", ">": ">", "<": "<",
    "above": ">", "greater than": ">", "larger than": ">", "more than": ">", "higher than": ">",
    "exceeding": ">", "exceeds": ">", "exceed": ">", "over": ">", "at least": ">=",
    "below": "<", "less than": "<", "smaller than": "<", "lower than": "<", "under": "<",
    "at most": "<=",
}  # fmt: skip
_OP = (
    r"(?P<op>>=|=>|≥|<=|=<|≤|>|<|(?:(?:is|are|be|of)\s+)?\b(?:above|greater\s+than|larger\s+than"
    r"|more\s+than|higher\s+than|exceeding|exceeds?|over|at\s+least|below|less\s+than"
    r"|smaller\s+than|lower\s+than|under|at\s+most)\b)"
)
_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)(?!\d|\.\d)"  # "above 3.5." ends a sentence
_UNIT = r"(?:\s*(?P<unit>gev|tev)(?!\w))?"
#: The quantity: words, "|...|" and one "(...)" group ("|Δη(j1,j2)|"); no clause break
_EXPR = r"(?P<expr>(?:[^,;()<>=≤≥.]|\([^()]{0,30}\)|\.\d)+?)"
_CUT = re.compile(_LEAD + _EXPR + r"\s*" + _OP + rf"\s*(?P<value>{_NUMBER}){_UNIT}", re.IGNORECASE)
_RANGE = re.compile(
    _LEAD + _EXPR + rf"\s+(?:is\s+|are\s+)?(?:between|in\s+the\s+(?:range|window)(?:\s+of)?)\s+"
    rf"\[?(?P<lo>{_NUMBER})\s*(?:gev\s*)?"
    rf"(?:and|-|to)\s*(?P<value>{_NUMBER}){_UNIT}",
    re.IGNORECASE,
)
#: "for the Z pT > 100 GeV", "for dijet mass above 500 GeV": a condition opened by "for" alone
#: (read after the other clauses, only where none of them was read: "for 2018 data with ...")
_FOR_LEAD = r"(?P<lead>\bfor\s+(?:the\s+)?)"
_FOR_CUT = re.compile(
    _FOR_LEAD + _EXPR + r"\s*" + _OP + rf"\s*(?P<value>{_NUMBER}){_UNIT}", re.IGNORECASE
)
_FOR_RANGE = re.compile(
    _FOR_LEAD + _EXPR + rf"\s+(?:is\s+|are\s+)?between\s+(?P<lo>{_NUMBER})\s*(?:gev\s*)?"
    rf"(?:and|-|to)\s*(?P<value>{_NUMBER}){_UNIT}",
    re.IGNORECASE,
)
#: "for dijet mass above 500 GeV and ...": a "for" clause with a comparison opens a condition
_FOR_OPENER = re.compile(r"\bfor\s+[^,;]*?" + _OP + rf"\s*{_NUMBER}", re.IGNORECASE)
#: In a follow-up: "add |delta eta| between the two leading jets above 3.5", "apply ..."
_ADD_LEAD = (
    r"(?P<lead>^\s*(?:(?:now|then|and|also|please|ok|okay)[\s,]+)*(?:add|apply|also\s+require)"
    r"(?:\s+(?:a|an)\s+cut\s+on)?\s+)"
)
_ADD_CUT = re.compile(
    _ADD_LEAD + _EXPR + r"\s*" + _OP + rf"\s*(?P<value>{_NUMBER}){_UNIT}", re.IGNORECASE
)
_ADD_RANGE = re.compile(
    _ADD_LEAD + _EXPR + rf"\s+(?:is\s+|are\s+)?between\s+(?P<lo>{_NUMBER})\s*(?:gev\s*)?"
    rf"(?:and|-|to)\s*(?P<value>{_NUMBER}){_UNIT}",
    re.IGNORECASE,
)
#: "the subleading jet is forward (|eta| > 2.5)": that one object's |eta| cut, the word dropped
#: (of a ranked object only: "the muons are central (|eta| < 1.2)" is the parser's)
_REGION = re.compile(
    r"\b((?:leading|sub-?leading|first|second|third|fourth|hardest)\s+(?:b-?)?(?:jet|muon"
    r"|electron|photon|tau|lepton))\s+is\s+(?:(?:very|more)\s+)?(?:forward|central|in\s+the\s+"
    r"(?:forward|central|barrel|endcaps?)(?:\s+region)?)\s*\(\s*(\|\s*(?:eta|η)\s*\|\s*"
    r"(?:[<>]=?|[≤≥])\s*(?:\d+(?:\.\d+)?|\.\d+))\s*\)",
    re.IGNORECASE,
)
#: What goes on after a cut's number: the clause is not a cut on the quantity alone
_CONTINUED = re.compile(
    r"\s*(?:from|wrt|w\.r\.t\.?|with\s+respect\s+to|away\s+from|relative\s+to)\b"
    r"|\s*to\s+(?:the|any|all|each|every|an?|selected|nearest|closest)\b",  # not "to see"
    re.IGNORECASE,
)
#: "delta phi between each of the jets and the MET above 0.5": the smallest angle above it
_EVERY_JET_MET = re.compile(lexicon.EVERY_JET_MET_ANGLE, re.IGNORECASE)
#: "for events with 100 < leading jet pT < 300 GeV": a two-sided cut on one named quantity,
#: said as "leading jet pT between 100 and 300 GeV" (the form the ranges read); one-word
#: quantities (MET, HT) and pair masses (a pair in the window) are the parser's
_TWO_SIDED = re.compile(
    r"\b(events?\s+(?:with|where|having|in\s+which)\s+(?:the\s+)?)(\d+(?:\.\d+)?)\s*(?:gev\s*)?"
    r"<=?\s*((?:leading|sub-?leading|second|third|first|di-?(?:muon|electron|jet|lepton|photon))"
    r"(?:\s+(?:b-?)?(?:jet|muon|electron|lepton|photon|tau))?\s+(?:pt|p_t|eta|\|eta\|))"
    r"\s*<=?\s*(\d+(?:\.\d+)?)\s*(gev|tev)?",
    re.IGNORECASE,
)
#: "events with the leading jet between 100 and 200 GeV", "a leading muon above 30 GeV and
#: below 60 GeV": the ranked object's pT window (was: the plotted axis 100-200, or the upper
#: bound put on another quantity)
_RANKED_GEV_WINDOW = re.compile(
    r"\b((?:leading|sub-?leading|second|third|fourth|hardest)\s+(?:b-?)?(?:jet|muon|electron|photon"
    r"|tau|lepton))\s+(?:(?:pt|p_t|transverse\s+momentum)\s+)?(?:(?:is\s+)?between\s+"
    r"(\d+(?:\.\d+)?)\s*(?:gev\s*)?(?:and|-|to)|(?:is\s+)?(?:above|over|>)\s*(\d+(?:\.\d+)?)\s*"
    r"(?:gev\s*)?(?:and|but)\s+(?:below|under|<)|(?:in\s+the\s+)?(\d+(?:\.\d+)?)\s*(?:-|–|to)"
    r"(?=\s*\d+(?:\.\d+)?\s*gev\b))\s*(\d+(?:\.\d+)?)\s*gev\b",
    re.IGNORECASE,
)
#: "requiring that the two leading jets are separated by more than 3 units in pseudorapidity":
#: their |delta eta| above 3, said as the planner reads it
_SEPARATED = re.compile(
    r"\b(?:that\s+)?the\s+(?:two|2)\s+leading\s+(jets|muons|electrons|leptons|photons)\s+"
    r"(?:are\s+|be\s+)?(?:separated|apart)\s+by\s+more\s+than\s+(\d+(?:\.\d+)?)\s+"
    r"(?:units\s+)?in\s+(?:pseudo-?rapidity|eta|η|\|\s*(?:delta\s*[-_ ]?eta|Δη)\s*\|"
    r"|delta\s*[-_ ]?eta|Δη)(?![\w|])",
    re.IGNORECASE,
)
#: "a pseudorapidity gap |Δη| above 3 between the two leading jets": their |delta eta| above 3
_GAP = re.compile(
    r"\b(?:an?\s+)?(?:pseudo-?rapidity\s+|eta\s+|η\s+|(?P<y>rapidity\s+))?(?:gap|separation)\s+"
    r"(?:\|\s*(?:delta\s*[-_ ]?eta|Δη|deta)\s*\|\s+|in\s+(?:pseudo-?rapidity|\|?\s*eta\s*\|?)"
    r"\s+)?(?:of\s+)?"
    r"(?P<op>above|over|greater\s+than|larger\s+than|more\s+than|>|of\s+at\s+least|at\s+least)"
    r"\s*(?P<value>\d+(?:\.\d+)?)\s+(?:units?\s+)?between\s+the\s+(?:two|2)\s+leading\s+"
    r"(?P<obj>jets|muons"
    r"|electrons|leptons|photons)\b",
    re.IGNORECASE,
)
#: An angle between two objects, as written: "|deta|", "|delta eta|", "Δη", "delta phi", "dR"
_ANGLE_DELTA = r"delta\s*[-_ ]?(?:eta|phi|r|y)\b|d(?:eta|phi|y)\b|dR\b|Δ\s*(?:η|φ|y|R)"
_ANGLE_WORD = rf"\|?\s*(?P<ang>{_ANGLE_DELTA})\s*\|?"
#: ... or, after "apart in", the coordinate: "more than 3 apart in pseudorapidity"
_ANGLE_COORDINATE = (
    rf"\|?\s*(?P<ang>{_ANGLE_DELTA}|(?:pseudo-?)?rapidity\b|eta\b|η|phi\b|azimuth\b)\s*\|?"
)
#: The comparison of an angle with a number, and what the canonical wording says
_ANGLE_OP = (
    r"(?P<op>>=|=>|≥|<=|=<|≤|>|<|above|over|greater\s+than|larger\s+than|more\s+than"
    r"|at\s+least|below|under|less\s+than|smaller\s+than|closer\s+than|within|at\s+most)"
)
_ANGLE_OPS = {
    ">=": "at least", "=>": "at least", "≥": "at least", "at least": "at least",
    "<=": "at most", "=<": "at most", "≤": "at most", "at most": "at most", "within": "at most",
    ">": "above", "<": "below", "closer than": "below",
}  # fmt: skip
#: The two leading objects a cut is between: "the two leading jets", "the leading jets"
_TWO_LEADING = (
    r"the\s+(?:(?:two|2)\s+)?(?:leading|highest[- ]pt|hardest)\s+(?P<obj>jets|muons|electrons"
    r"|leptons|photons)"
)
#: "|deta| > 3 between the two leading jets", "the two leading jets separated by |Δη| > 3",
#: "the two leading jets (are) more than 3 (units) apart in |Δη|", "... closer than 1.5 in
#: delta R", "|deta_jj| > 3", "|eta(j1) - eta(j2)| > 3": their angle, in the one wording
#: that is read (see :func:`_canonical_angles`)
_ANGLE_BETWEEN = re.compile(
    _ANGLE_WORD
    + r"\s*"
    + _ANGLE_OP
    + r"\s*(?P<value>\d+(?:\.\d+)?)\s+between\s+"
    + _TWO_LEADING
    + r"\b",
    re.IGNORECASE,
)
_ANGLE_SEPARATED = re.compile(
    _TWO_LEADING
    + r"\s+(?:(?:are|be|to\s+be)\s+)?(?:separated\s+by|with|having)\s+(?:an?\s+)?"
    + _ANGLE_WORD
    + r"\s*(?:separation\s+|gap\s+)?(?:of\s+)?"
    + _ANGLE_OP
    + r"\s*(?P<value>\d+(?:\.\d+)?)(?![\w.])",
    re.IGNORECASE,
)
_ANGLE_APART = re.compile(
    r"(?:" + _TWO_LEADING + r"|(?P<they>\bthey))\s+(?:(?:are|be|to\s+be|lie)\s+)?"
    r"(?:separated\s+by\s+)?"
    + _ANGLE_OP
    + r"\s*(?P<value>\d+(?:\.\d+)?)\s+(?:units?\s+)?(?:apart\s+(?:in|of)\s+"
    + _ANGLE_COORDINATE
    + r"|(?:in|of)\s+"
    + _ANGLE_WORD.replace("<ang>", "<delta>")
    + r")(?:\s+(?:of|from)\s+each\s+other)?(?![\w|])",
    re.IGNORECASE,
)
_ANGLE_SUBSCRIPT = re.compile(
    r"\|?\s*(?P<ang>delta\s*[-_ ]?(?:eta|phi|r|y)|d(?:eta|phi|r|y)|Δ\s*(?:η|φ|y|R))\s*_?\s*\{?"
    r"(?P<pair>jj|j1\s*,?\s*j2|mumu|μμ|μ1\s*,?\s*μ2|ee)\}?\s*\|?\s*"
    + _ANGLE_OP
    + r"\s*(?P<value>\d+(?:\.\d+)?)(?![\w.])",
    re.IGNORECASE,
)
_ETA_DIFFERENCE = re.compile(
    r"\|\s*(?P<ang>eta|η|y)\s*[(_]\s*(?P<a>j|jet|mu|μ|e)_?1\s*\)?\s*-\s*(?P=ang)\s*[(_]"
    r"\s*(?P=a)_?2\s*\)?\s*\|\s*" + _ANGLE_OP + r"\s*(?P<value>\d+(?:\.\d+)?)(?![\w.])",
    re.IGNORECASE,
)
_PAIR_OBJECT = {
    "jj": "jets", "j": "jets", "jet": "jets", "mumu": "muons", "μμ": "muons", "mu": "muons",
    "μ": "muons", "ee": "electrons", "e": "electrons",
}  # fmt: skip
#: (not "ll": in "the dimuon mass with |dphi_ll| > 2.5" the leptons are the muons)


#: An angle cut that names no objects: "|deta| > 3", "Δη > 3" (not delta R: "dR > 0.4" is
#: often the jets' cleaning)
_BARE_ANGLE = re.compile(
    r"(?<![\w(|])\|?\s*(?P<ang>d(?:eta|phi|y)\b|delta\s*[-_ ]?(?:eta|phi|y)\b|Δ\s*(?:η|φ|y))\s*\|?"
    r"\s*" + _ANGLE_OP + r"\s*(?P<value>\d+(?:\.\d+)?)(?![\w.])(?!\s*between)",
    re.IGNORECASE,
)
#: The two leading jets, named as a pair: "mjj", "m_jj", "j1,j2", "the dijet", "two leading jets"
_JET_PAIR = re.compile(
    r"\bm_?\{?jj\b|\bj_?1\s*,?\s*j_?2\b|\bdijets?\b|\b(?:two|2)\s+(?:leading|hardest)\s+jets\b",
    re.IGNORECASE,
)
#: Anything else an angle could be taken to: other objects, the MET
_NOT_JETS = re.compile(
    r"\b(?:b-?jets?|muons?|electrons?|leptons?|photons?|taus?|mu|e|met|missing|mht|ptmiss"
    r"|fat\s*jets?|ak8|di(?:muon|electron|lepton|photon|tau)s?|[zwh]|bosons?|tops?)\b|[μτγℓ]",
    re.IGNORECASE,
)


def _only_two_jets(text: str) -> bool:
    """The request's only objects are the two leading jets (named as a pair)."""
    return bool(_JET_PAIR.search(text)) and not _NOT_JETS.search(text)


def _angle_name(word: str) -> str:
    """ "deta", "|Δη|", "pseudorapidity", "azimuth" -> "delta eta" (the canonical name)."""
    w = re.sub(r"[\s|_-]", "", word.lower())
    if w in ("rapidity", "y", "dy", "deltay", "δy"):
        return "delta y"
    if "phi" in w or "φ" in w or "azimuth" in w:
        return "delta phi"
    if w in ("dr", "deltar", "δr"):
        return "delta R"
    return "delta eta"


def _canonical_angles(text: str) -> str:
    """An angle cut between the two leading objects, in the wording :data:`_CUT` reads:
    "|delta eta| between the two leading jets above 3". "they" is the two leading objects named
    last before it ("the two leading jets ... when they are more than 3 apart in |Δη|")."""

    def said(m: re.Match[str], obj: str) -> str:
        op = re.sub(r"\s+", " ", m.group("op").lower())
        angle = m.group("ang") or m.groupdict().get("delta") or ""
        # "mjj, |deta| > 3": a cut in a terse list opens a condition clause ("with")
        opened = "with " if re.search(r"(?:^|[,;(])\s*$", m.string[: m.start()]) else ""
        return (
            f"{opened}|{_angle_name(angle)}| between the two leading {obj} "
            f"{_ANGLE_OPS.get(op, 'above' if op in _OPS and _OPS[op] == '>' else 'below')} "
            f"{m.group('value')}"
        )

    def apart(m: re.Match[str]) -> str:
        obj = m.group("obj")
        if obj is None:  # "they": the two leading objects named before
            named = re.findall(_TWO_LEADING, text[: m.start()], re.IGNORECASE)
            if len(set(o.lower() for o in named)) != 1:
                return m.group(0)
            obj = named[-1]
        return said(m, obj)

    text = _ANGLE_BETWEEN.sub(lambda m: said(m, m.group("obj")), text)
    text = _ANGLE_SEPARATED.sub(lambda m: said(m, m.group("obj")), text)
    text = _ANGLE_APART.sub(apart, text)
    text = _ANGLE_SUBSCRIPT.sub(
        lambda m: said(m, _PAIR_OBJECT.get(re.sub(r"[\s,12]", "", m.group("pair").lower()), "")),
        text,
    )
    text = _ETA_DIFFERENCE.sub(lambda m: said(m, _PAIR_OBJECT[m.group("a").lower()]), text)
    if _only_two_jets(text):
        # "DY MC mjj of j1,j2 (pt>30, |eta|<4.7), |deta|>3": the only two objects named (last:
        # "the two leading jets separated by |Δη| > 3" is read above)
        text = _BARE_ANGLE.sub(lambda m: said(m, "jets"), text)
    return text


#: "deta(j1, j2)", "dphi", "dR(mu, j)": the angle's short spelling
_SHORT_ANGLE = re.compile(r"\bd(eta|phi)\b|\bdR(?=\s*\()", re.IGNORECASE)
#: "the subleading muon has pT": the verb joining an object and its quantity
_JOIN = re.compile(r"\s+(?:has|have|having|with|is|are)\s+(?:an?\s+|the\s+)?", re.IGNORECASE)
_ANGLES = ("delta_eta", "delta_phi", "delta_r", "delta_y")
#: "the leading muon has pT above": the wording the parser reads as ``lead_pt_min``
_LEAD_CUT = re.compile(
    r"\b(?:leading|hardest|highest[- ]pt|first)\s+(?:muon|electron|jet|bjet|photon|tau|lepton)s?"
    r"\s+(?:(?:to\s+have|with|has|having|must\s+have|should\s+have|is|be)\s+)?(?:an?\s+)?"
    r"(?:pt\s*)?(?:>=|=>|>|above|over|greater\s+than|more\s+than|larger\s+than|higher\s+than"
    r"|exceeding|exceeds?|at\s+least)$",
    re.IGNORECASE,
)
#: "jets with dR(j, l) > 0.4": an angle clause that is the jets' own cleaning (the parser's)
_JETS_WITH = re.compile(r"(?:the\s+)?(?:b-?)?jets\s+(?:with|having)\s+", re.IGNORECASE)
_JETS_WITH_BEFORE = re.compile(r"\b(?:b-?)?jets\s+(?:with|having)\s+$", re.IGNORECASE)
#: the quantities with a unit (GeV): a cut on them without one is in GeV; an angle has none
_GEV = ("pt", "mass", "mt")
#: Draft fields of the plot that a cut's own plot does not take (it is a plain quantity)
_PLOT_ONLY = (
    "also", "also_before", "other", "with_met", "nearest", "charge", "z_candidate",
    "all_pairs", "max_mass", "max_pt", "min_dr", "leading_pair", "target_mass", "size",
    "gen_particle",
    "sv", "zz", "z_part",
    "branch", "not_in_pair", "reduce", "per_event", "first_n", "system", "arithmetic",
    "second", "arithmetic_cuts", "event_cuts", "bins", "start", "stop", "bin_width", "edges",
    "log_x", "density", "absolute", "plot_title", "x_label", "log_y", "unit_area", "mc_to_data",
    "pair", "index",
)  # fmt: skip
#: The cut's fields: set from the quantity read alone
_TERM = (
    "quantity", "object", "pair", "index", "other", "with_met", "absolute", "z_candidate",
    "per_event", "first_n",
)  # fmt: skip

#: The parser's reading of a request alone (a ParseResult)
Parse = Callable[[str], Any]


@dataclass
class Reading:
    """The request without its event cuts, the cuts and their notes."""

    text: str
    cuts: list[EventCut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _ranked_window(m: re.Match[str]) -> str:
    """ "the leading jet between 100 and 200 GeV": "leading jet pt between 100 and 200 GeV";
    a reversed window ("between 200 and 100") is left as written (asked)."""
    lo, hi = m.group(2) or m.group(3) or m.group(4), m.group(5)
    if float(lo) >= float(hi):
        return m.group(0)
    return f"{m.group(1)} pt between {lo} and {hi} GeV"


def _two_sided(m: re.Match[str]) -> str:
    """ "events with 100 < leading jet pT < 300": "events with leading jet pT between 100 and
    300 GeV"; a reversed one ("50 < leading jet pT < 40") is left as written (asked)."""
    if float(m.group(2)) >= float(m.group(4)):
        return m.group(0)
    unit = m.group(5) or ("" if re.search(r"eta", m.group(3), re.I) else "GeV")
    return f"{m.group(1)}{m.group(3)} between {m.group(2)} and {m.group(4)} {unit}".rstrip()


def read(text: str, parse: Parse, *, followup: bool = False) -> Reading:
    """The event cuts of ``text`` (see the module docstring); ``parse`` reads a phrase alone.
    ``followup``: "add |delta eta| ... above 3.5" is a cut too."""
    text = _REGION.sub(lambda m: f"{m.group(1)} has {m.group(2)}", text)
    text = _canonical_angles(text)
    text = _RANKED_GEV_WINDOW.sub(_ranked_window, text)
    text = _TWO_SIDED.sub(_two_sided, text)
    text = _SEPARATED.sub(r"|delta eta| between the two leading \1 above \2", text)
    text = _EVERY_JET_MET.sub(lexicon.every_jet_met_angle, text)
    text = _GAP.sub(
        lambda m: (
            f"|delta {'y' if m.group('y') else 'eta'}| between the two leading {m.group('obj')} "
            f"{'at least' if 'least' in m.group('op') else 'above'} {m.group('value')}"
        ),
        text,
    )
    text = _SHORT_ANGLE.sub(lambda m: f"delta {m.group(1) or 'R'}", text)
    out = Reading(text)
    spans: list[tuple[int, int]] = []
    masses: list[tuple[re.Match[str], list[EventCut]]] = []  # kept beside their pair's pT cut
    matches = _matches(text, _RANGE, _CUT)
    # "for the Z pT > 100 GeV", "add ... above 3.5": read where no other clause was
    extra = _matches(text, _FOR_RANGE, _FOR_CUT)
    extra += _matches(text, _ADD_RANGE, _ADD_CUT) if followup else []
    for m in matches + extra:
        if any(s < m.end() and m.start() < e for s, e in spans):
            continue
        before = text[: m.start()]
        opened = re.match(_AND_OPENER, m.group("lead"), re.IGNORECASE)  # "and requiring ..."
        between = re.search(r"\bbetween\s+(?!-?\d)(?:(?!\band\b)[^,;.])*$", before, re.I)
        if not opened and re.match(r"and\b", m.group("lead"), re.IGNORECASE) and between:
            continue  # "delta R between the electron and the muon ...": the "and" is between's
            # (not after "between 70 and 110 GeV": that range is complete)
        if (
            re.match(r"and\b", m.group("lead"), re.IGNORECASE)
            and not opened
            and not (
                _OPENER.search(before[max(before.rfind("."), before.rfind(";")) + 1 :])
                or _FOR_OPENER.search(before[max(before.rfind("."), before.rfind(";")) + 1 :])
            )
        ):
            continue  # "the dimuon mass and the dimuon pT above 50 GeV": a list, not a condition
        if _CONTINUED.match(text, m.end()):
            # "jets with delta R > 0.5 from the muons": the clause goes on past the number
            # (the jets' cleaning, read by the parser); was: the two leading jets' delta R cut
            # and "from the muons" left to be taken by another mention, silently
            continue
        expr = _JOIN.sub(" ", m.group("expr").strip())
        if re.search(r"\b(?:using|made\s+of|built\s+from)\b", expr, re.IGNORECASE):
            # "... and the leading jet using jets with pT over 40 GeV": the objects' definition
            # (a pT cut on the jets), not an event cut on the leading jet (was: the leading jet
            # taken out of "delta phi of the leading muon and the leading jet", silently)
            continue
        if re.search(r"\bfor\b", expr, re.IGNORECASE):
            # "the leading electron for electrons in |eta| < 2": a cut on the electrons the
            # leading one is taken from, not on that one object
            continue
        term = _term(expr, parse)
        if term is None:
            continue
        if term["quantity"] == "delta_r" and (
            _JETS_WITH_BEFORE.search(text[: m.start("expr")])
            or _JETS_WITH.match(m.group("expr").strip())
        ):
            # "jets with dR(j, l) > 0.4": the jets' cleaning (read by the parser), not the
            # leading jet and the leading lepton, required (was: a muon required, silently)
            continue
        unit = (m.group("unit") or "").lower()
        if unit and term["quantity"] not in _GEV:
            continue  # "delta eta above 3.5 GeV": asked by the parser
        scale = 1000.0 if unit == "tev" else 1.0
        bounds = _bounds(m, scale)
        lower = all(op in (">", ">=") for op, _ in bounds)
        ranked = term["quantity"] == "pt" and not term.get("pair")
        said = text[m.start("expr") : m.end("op") if m.groupdict().get("lo") is None else m.end()]
        if ranked and term.get("index") == 0 and lower and _LEAD_CUT.search(said):
            continue  # "the leading muon has pT above 30 GeV": the parser's lead_pt_min
        upper = not any(op in (">", ">=") for op, _ in bounds)
        if ranked and (term.get("index") or 0) >= 1 and upper:
            # "the third jet pT below 30 GeV" is often a veto (events with two jets pass):
            # asked by the parser, never read as "events without a third jet fail"
            continue
        if (
            ranked
            and term.get("index") == 1
            and lower
            and (_leading_named(text, term["object"]) or _within_default(term["object"], bounds))
        ):
            # "the leading muon above 30 GeV and the subleading above 10 GeV": the parser reads
            # the usual pair of thresholds (two muons above the lower one); "the leading muon
            # pT, requiring the subleading muon above 15 GeV" lowers the default threshold:
            # asked by the parser, never a cut that every selected muon passes
            continue
        cuts = [EventCut(**term, op=op, value=value) for op, value in bounds]  # type: ignore[arg-type]
        if term["quantity"] == "mass":
            masses.append((m, cuts))  # "the dijet mass above 500 GeV": see below
            continue
        out.cuts += cuts
        spans.append((m.start(), m.end()))
    for m, cuts in masses:
        # "dijet mass above 500 GeV and dijet pT above 100 GeV": both on one pair (the plan's);
        # a pair mass alone is the parser's (a pair in the window)
        paired = any(c.pair and c.quantity == "pt" and c.object == cuts[0].object for c in out.cuts)
        if paired and not any(s < m.end() and m.start() < e for s, e in spans):
            out.cuts += cuts
            spans.append((m.start(), m.end()))
    spans.sort()
    theirs = _theirs(text, spans)
    for start, end in reversed(spans):
        out.text = out.text[:start] + " " + out.text[end:]
    out.text = re.sub(r"\s+", " ", out.text).strip(" ,;")
    if theirs:
        said = iter(theirs)
        out.text = _THEIR.sub(lambda m: next(said, None) or m.group(0), out.text)
    return out


#: "... and draw their invariant mass": the quantity of the objects a cut named
_THEIR = re.compile(
    r"\btheir\s+((?:invariant\s+)?mass|delta\s*[-_ ]?(?:eta|phi|r|y)\b|(?:angular\s+)?separation)",
    re.IGNORECASE,
)
#: The words that name objects (the last before "their" is what it refers to)
_KIND_WORDS = re.compile(
    r"\b(?:(?:b-?)?jets?|muons?|electrons?|leptons?|photons?|taus?|di(?:jet|muon|electron|lepton"
    r"|photon|tau)s?|m_?jj)\b",
    re.IGNORECASE,
)


def _theirs(text: str, spans: list[tuple[int, int]]) -> list[str | None]:
    """ "Require |delta eta| between the two leading jets above 3 and draw their invariant
    mass": with the cut taken out, "their" refers to nothing; it is the two leading objects of
    the cut when they are the objects named last before it. One entry per "their <quantity>"
    outside the cuts (None: left as written)."""
    out: list[str | None] = []
    for m in _THEIR.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        kinds = list(_KIND_WORDS.finditer(text, 0, m.start()))
        last = kinds[-1] if kinds else None
        cut = next((s for s in spans if last and s[0] <= last.start() < s[1]), None)
        two = re.search(_TWO_LEADING, text[cut[0] : cut[1]], re.IGNORECASE) if cut else None
        out.append(f"the {m.group(1)} of the two leading {two.group('obj')}" if two else None)
    return out


def _matches(text: str, ranges: re.Pattern[str], cuts: re.Pattern[str]) -> list[re.Match[str]]:
    """The range and cut clauses of ``text`` in order: a cut is not read across a range ("with
    the dimuon mass between 70 and 110 GeV and the dimuon pT above 50 GeV"), and the clause
    after each "and" inside a cut's words is a candidate too ("with a muon pair of mass 60-120
    GeV and the dimuon pT above 50 GeV": read where the whole is not)."""
    found = list(ranges.finditer(text))
    masked = text
    for r in found:  # ";" ends a clause: no cut runs over a range
        masked = masked[: r.start()] + ";" * (r.end() - r.start()) + masked[r.end() :]
    for m in cuts.finditer(masked):
        found.append(m)
        # (and after an opener inside it: "... between the electron and the muon with the
        # dimuon pT over 50 GeV" is read from "with", the "and" being the "between"'s)
        for a in re.finditer(r"\b(?:and|with|where|whose|having|requiring)\b", m.group("expr")):
            sub = cuts.match(masked, m.start("expr") + a.start())
            if sub is not None:
                found.append(sub)
    return sorted(found, key=lambda m: m.start())


def _within_default(kind: str, bounds: list[tuple[str, float]]) -> bool:
    """Whether a lower pT bound is below the default threshold of ``kind``: the cut would
    lower the threshold of every object, which a cut on one ranked object cannot do."""
    from chathep.registry.objects import PROFILES

    profile = PROFILES.get(kind)
    return profile is None or any(value < profile.pt_min for _, value in bounds)


def _leading_named(text: str, kind: str) -> bool:
    """Whether ``text`` names a cut on the leading ``kind`` too ("the leading muon pT > 30 GeV",
    "the leading muon above 30 GeV"); not the plotted one ("the leading muon pT for events with
    subleading muon pT > 100": that is the subleading muon's cut alone)."""
    return (
        re.search(
            rf"(?<!sub)(?<!sub-)\bleading\s+{kind}s?\b(?:\s*(?:pt|p_t|transverse\s+momentum))?"
            r"(?:\s*(?:is|has|having|with|must\s+have|to\s+have|should\s+have|be|of))?"
            r"(?:\s*an?)?(?:\s*pt)?\s*(?:>|=>|above|over|greater|more\s+than|larger|higher|at\s+least"
            r"|exceed|\d)",
            text,
            re.IGNORECASE,
        )
        is not None
    )


def _term(expr: str, parse: Parse) -> dict[str, Any] | None:
    """The fields of the one per-event quantity ``expr`` names alone, else None."""
    if not re.search(r"\w", expr):
        return None
    found = parse(expr)
    if found.question or found.unplaced or found.notes:
        return None
    d: Draft = found.draft
    said = {k for k, v in d.model_dump(exclude_none=True).items() if v not in ({}, [], False)}
    if not said <= {*_TERM, "absolute"}:
        return None  # more than one quantity: a cut, a sample, a binning ...
    q = d.quantity
    if q == "pt" and d.z_candidate and d.index is None and d.object in (None, "muon", "electron"):
        # the Z pT: the lepton pair the plan forms for it (its flavour chosen in build)
        return {"quantity": "pt", "pair": True, "z_candidate": True, "object": d.object}
    if q in ("pt", "mass") and d.pair and d.object and d.index is None and not d.z_candidate:
        pass  # the dimuon pT; a pair's mass (kept only beside that pair's pT cut)
    elif q == "pt" and d.index is not None and d.object and not d.pair:
        pass  # the subleading muon pT
    elif q == "eta" and d.absolute and d.index is not None and d.object and not d.pair:
        pass  # the leading jet |eta| (a signed eta cut is asked by the parser)
    elif q == "mt" and d.object and d.index in (None, 0) and not d.pair:
        pass  # "mT(muon, MET) > 50 GeV": the transverse mass the plan plots (leading object)
    elif reductions.met_angle(d) and d.object and d.index is None and not d.pair:
        pass  # "min delta phi(jets, MET) > 0.4": the smallest |delta phi| over the jets
    elif q in _ANGLES and d.with_met and d.index is None:
        # "delta phi(jet, MET) > 0.5": which jet (the leading, or every jet as in a min-delta-phi
        # cut)? asked, as before; "the leading jet and the MET" is read below
        return None
    elif q in _ANGLES and d.object and not d.nearest:
        # |delta eta| of the two leading jets, |delta phi| of the leading jet and the MET, of
        # the leading jet and the dimuon (two kinds: the angle takes the plan's objects, see
        # build)
        pass
    else:
        return None
    term = {k: getattr(d, k) for k in _TERM if getattr(d, k) is not None}
    return term


def _bounds(m: re.Match[str], scale: float) -> list[tuple[str, float]]:
    """(op, value) of each end the match gives: one for "> 50", two for "between 20 and 100"."""
    value = float(f"{float(m.group('value')) * scale:.12g}")
    if m.groupdict().get("lo") is None:
        op = re.sub(r"^(?:is|are|be|of)\s+", "", re.sub(r"\s+", " ", m.group("op").lower()))
        return [(_OPS[op], value)]
    lo = float(f"{float(m.group('lo')) * scale:.12g}")
    return [(">", lo), ("<", value)]


# --- building ------------------------------------------------------------------------------


def words(cut: EventCut) -> str:
    """The cut's quantity in words: "the dimuon pT", "the subleading muon pT"."""
    from chathep.registry.objects import PAIR_NAMES

    rank = {0: "leading ", 1: "subleading ", 2: "third ", 3: "fourth "}
    index = "" if cut.index is None else rank.get(cut.index, f"#{cut.index + 1} ")
    if cut.quantity in ("pt", "mass", "eta"):
        what = {"pt": "pT", "mass": "mass", "eta": "|eta|" if cut.absolute else "eta"}
        pair = PAIR_NAMES[cut.object][0] if cut.object in PAIR_NAMES else f"{cut.object} pair"
        if cut.z_candidate:
            pair = f"Z candidate ({pair})" if cut.object else "Z candidate"
        return f"the {pair if cut.pair else f'{index}{cut.object}'} {what[cut.quantity]}"
    if cut.quantity == "mt":
        return f"the transverse mass of the leading {cut.object} and the MET"
    name = {"delta_eta": "|delta eta|", "delta_phi": "|delta phi|", "delta_r": "delta R",
            "delta_y": "|delta y|"}  # fmt: skip
    first = f"the {index or 'leading '}{cut.object}"
    if cut.per_event:  # "the minimum |delta phi| of the 4 leading jets and the MET"
        lead = f"{cut.first_n} leading " if cut.first_n else ""
        how = "minimum" if cut.per_event == "min" else "maximum"
        return f"the {how} {name[cut.quantity]} of the {lead}{cut.object}s and the MET"
    if cut.pair:  # "the dimuon and the leading jet": the pair the plan forms
        pair = PAIR_NAMES[cut.object][0] if cut.object in PAIR_NAMES else f"{cut.object} pair"
        first = f"the {pair}"
    if cut.with_met:
        return f"{name[cut.quantity]} of {first} and the MET"
    if cut.other:
        return f"{name[cut.quantity]} of {first} and the leading {cut.other}"
    return f"{name[cut.quantity]} of the two leading {cut.object}s"


def build(
    draft: Draft,
    catalog: Catalog,
    available: dict[str, set[str]] | None,
    build_one: Callable[[Draft, Catalog, dict[str, set[str]] | None], Any],
) -> Any:
    """The plot's spec with the draft's event cuts as selection steps (see the module
    docstring); ``build_one`` builds one plot (chathep.planner.build._build), a Built."""
    cuts, notes = _resolved(draft, catalog)
    base = draft.model_copy(update={"event_cuts": None}, deep=True)
    if any(c.quantity == "mass" for c in cuts if c.object == draft.pair_sel):
        # the pair's mass window is one of these cuts now (on the plan's pair, as its pT)
        base = base.model_copy(
            update={"pair_sel": None, "pair_mass_min": None, "pair_mass_max": None}
        )
    # every cut's objects in the plot: defined (and cleaned) as when used together
    kinds = {k for c in cuts for k in (c.object, c.other) if k is not None}
    kinds |= {k for k in (draft.object, draft.other) if k is not None}
    for kind in kinds:
        base.req(kind).select = base.req(kind).select or True
    main = build_one(base, catalog, available)
    spec: AnalysisSpec = main.spec
    objects, combinations = list(spec.objects), list(spec.combinations)
    observables, selection = list(spec.observables), list(spec.selection)
    defaults = list(main.defaults) + notes
    plain = base.model_copy(update=dict.fromkeys(_PLOT_ONLY), deep=True)
    if plain.pair_sel is None and plain.z_decay is None:
        # "the dijet mass with mjj > 500 GeV and |delta eta| ... above 3": the window is on the
        # plotted pair, which the plot carries (was: the cut's own plot asked for its pair)
        plain = plain.model_copy(update={"pair_mass_min": None, "pair_mass_max": None})
    terms: dict[str, list[EventCut]] = {}  # one plan sentence per quantity ("> 20 and < 100")
    for cut in cuts:
        terms.setdefault(words(cut), []).append(cut)
    for said, same in terms.items():
        first = same[0]
        if first.z_candidate and draft.z_decay:
            # "in Z -> ee events with the Z pT above 50 GeV": the selected Z candidate's pT
            obs = Observable(name="zcand_pt_cut", kind="field", of="zcand", field="pt", index=0)
            if not any(c.name == obs.of for c in combinations):
                raise SpecError(f"I could not find the Z candidate for '{said}'.")
            observables = arithmetic._merge(observables, [obs], "observables")
            how, inside = "of the Z candidate the events are selected with", ""
        else:
            term = first.model_dump(include=set(_TERM))
            if first.z_candidate and draft.pair and draft.object == first.object:
                term["z_candidate"] = draft.z_candidate  # the plotted pair is the Z candidate
                first = first.model_copy(update={"z_candidate": draft.z_candidate})
            built = build_one(plain.model_copy(update=term, deep=True), catalog, available)
            part: AnalysisSpec = built.spec
            objects, replaced = _merge_objects(objects, part.objects, first, defaults)
            combinations = arithmetic._merge(combinations, part.combinations, "pairs")
            selection = arithmetic._merge(selection, part.selection, "selection steps")
            obs = part.observable(part.histograms[0].observable)
            if obs.per_object:  # a pair's quantity: the event's one candidate
                comb = next((c for c in combinations if c.name == obs.of), None)
                if comb is None or (comb.choose == "all" and comb.leading != comb.size):
                    raise SpecError(
                        f"'{said}' has one value per object or pair; an event cut needs one "
                        "value per event.",
                        hint="Say which one, e.g. 'the leading jet pT'.",
                    )
                obs = obs.model_copy(update={"name": f"{obs.name}_cut", "index": 0})
            _check_threshold(said, same, part, obs.of)
            inside = _within_acceptance(same, part, obs.of)
            wanted = [o for o in part.observables if o.name != part.histograms[0].observable]
            observables = arithmetic._merge(observables, [*wanted, obs], "observables")
            for d in built.defaults:
                own = ("binning:", "range:", "histogram:", *(f"{n}:" for n in replaced))
                if d not in defaults and not d.startswith(own):
                    defaults.append(d)
            how = _how(first)
        unit = " GeV" if first.quantity in _GEV else ""
        for cut in same:
            step = Step(name=f"{said.removeprefix('the ')} {cut.op} {cut.value:g}{unit}",
                        observable=obs.name, op=cut.op, value=cut.value)  # fmt: skip
            selection = arithmetic._merge(selection, [step], "selection steps")
        bounds = " and ".join(f"{c.op} {c.value:g}{unit}" for c in same)
        defaults.append(f"event selection {said} {bounds}: {how}{inside}")
    new = arithmetic.with_cuts(spec, objects, combinations, observables, selection)
    return type(main)(spec=new, defaults=defaults)


def _resolved(draft: Draft, catalog: Catalog) -> tuple[list[EventCut], list[str]]:
    """The draft's cuts with the Z candidate's flavour chosen, and a pair mass window beside
    that pair's pT cut made a cut on the same pair; the plan's sentences on both."""
    cuts = list(draft.event_cuts or [])
    notes: list[str] = []
    channel: str | None = None
    if any(c.z_candidate and c.object is None for c in cuts):
        from chathep.planner.lexicon import MASSES

        z_mass = MASSES["z"]

        channel, why = _z_channel(draft, catalog)
        word = {"muon": "Z -> mumu", "electron": "Z -> ee"}[channel]
        if draft.z_decay:
            notes.append(f"'Z' read as the {word} candidate the events are selected with")
        elif draft.pair and draft.object == channel:
            notes.append(f"'Z' read as the {word} candidate: the plotted {channel} pair")
        else:
            notes.append(
                f"'Z' read as the {word} candidate: the opposite-charge {channel} pair closest "
                f"to the Z mass ({z_mass:g} GeV); {channel}s: {why} (say 'electrons' or "
                "'muons' to change it)"
            )
        cuts = [
            c.model_copy(update={"object": channel}) if c.z_candidate and c.object is None else c
            for c in cuts
        ]
    pt_pairs = {c.object for c in cuts if c.pair and c.quantity == "pt" and not c.z_candidate}
    window = draft.pair_mass_min is not None or draft.pair_mass_max is not None
    if draft.pair_sel in pt_pairs and window and not draft.z_decay:
        # "events with a dijet mass above 500 GeV and the dijet pT above 100 GeV": the window
        # kept any pair in it, the pT cut tests the plan's pair; both test the plan's pair now
        window_cuts = [
            EventCut(quantity="mass", object=draft.pair_sel, pair=True, op=op, value=value)  # type: ignore[arg-type]
            for value, op in ((draft.pair_mass_min, ">"), (draft.pair_mass_max, "<"))
            if value is not None
        ]
        cuts = window_cuts + cuts
    for kind in dict.fromkeys(c.object for c in cuts if c.quantity == "mass" and c.pair):
        if kind in pt_pairs:
            notes.append(
                f"{words(EventCut(quantity='mass', object=kind, pair=True, op='>', value=0))} "
                f"and pT cuts both test one pair, the one the plan forms (a mass window alone "
                "keeps an event with any pair in it)"
            )
    return cuts, notes


def _z_channel(draft: Draft, catalog: Catalog) -> tuple[str, str]:
    """The Z candidate's flavour and why: the plotted or named lepton, else the channel the
    data stream records; asked when nothing says."""
    from chathep.planner.data_stream import z_channel_of_the_data

    if draft.z_decay in ("muon", "electron"):
        return draft.z_decay, "the Z candidate the events are selected with"
    if draft.object in ("muon", "electron"):
        return draft.object, "the plotted leptons"
    named = [k for k in ("muon", "electron") if k in draft.requirements]
    if len(named) == 1:
        return named[0], "the leptons the request names"
    channel = z_channel_of_the_data(draft, catalog)
    if channel is None or named:
        raise SpecError(
            "The Z candidate in which channel: Z -> mumu (a muon pair) or Z -> ee (an electron "
            "pair)?",
            hint="Say e.g. 'the Z -> mumu pT above 50 GeV' or 'the dimuon pT above 50 GeV'.",
        )
    return channel, "the channel the data stream records"


def _check_threshold(said: str, cuts: list[EventCut], part: AnalysisSpec, name: str | None) -> None:
    """An upper bound on an object's pT at or below the pT its objects are selected above
    passes no event ("the leading jet pT below 25 GeV" of jets above 30 GeV): asked. ``name``:
    the objects the cut is on."""
    if cuts[0].quantity == "eta":
        _check_eta(said, cuts, part, name)
    if cuts[0].quantity != "pt" or cuts[0].pair:
        return
    for obj in part.objects:
        low = max(
            (float(c.value) for c in obj.cuts if c.field == "pt" and c.op in (">", ">=")
             and not c.abs and isinstance(c.value, (int, float))),
            default=None,
        )  # fmt: skip
        for cut in cuts:
            if low is not None and cut.op in ("<", "<=") and cut.value <= low:
                raise SpecError(
                    f"No event passes {said} {cut.op} {cut.value:g} GeV: the {obj.name} are "
                    f"selected with pT > {low:g} GeV.",
                    hint=f"Lower the {obj.name} pT threshold (e.g. '{obj.name} above 20 GeV'), "
                    "or say what the cut should do.",
                )


def _eta_max(part: AnalysisSpec, name: str | None) -> tuple[str, float] | None:
    """(``name``, the |eta| below which the objects ``name`` are selected), else None."""
    for obj in part.objects:
        for c in obj.cuts if obj.name == name else []:
            if c.field == "eta" and c.abs and c.op in ("<", "<=") and isinstance(c.value, float):
                return obj.name, float(c.value)
    return None


def _check_eta(said: str, cuts: list[EventCut], part: AnalysisSpec, name: str | None) -> None:
    """A lower bound on a ranked object's |eta| at or above the |eta| its objects are selected
    below passes no event ("the subleading jet |eta| > 2.5" of jets with |eta| < 2.4): asked."""
    found = _eta_max(part, name)
    if found is None:
        return
    name, top = found
    for cut in cuts:
        if cut.op in (">", ">=") and cut.value >= top:
            raise SpecError(
                f"No event passes {said} {cut.op} {cut.value:g}: the {name} are selected with "
                f"|eta| < {top:g}.",
                hint=f"Widen the {name}' acceptance (e.g. '{name} with |eta| < 4.7'), or say "
                "what the cut should do.",
            )


def _within_acceptance(cuts: list[EventCut], part: AnalysisSpec, name: str | None) -> str:
    """The plan's words when an upper bound on a ranked object's |eta| is no tighter than the
    objects' own ("the leading jet |eta| < 2.4" of jets with |eta| < 2.4): it only requires
    the object."""
    if cuts[0].quantity != "eta":
        return ""
    found = _eta_max(part, name)
    upper = [c for c in cuts if c.op in ("<", "<=")]
    if found is None or not upper or any(c.value < found[1] for c in upper):
        return ""
    name, top = found
    return (
        f" (every selected {name[:-1] if name.endswith('s') else name} has |eta| < {top:g}: "
        "the cut only requires the object)"
    )


def _merge_objects(
    objects: list[Any], part: list[Any], cut: EventCut, defaults: list[str]
) -> tuple[list[Any], set[str]]:
    """The plan's objects with those of ``cut``'s quantity, and the names of the quantity's
    objects the plan's replace. An angle between two kinds ("the leading jet and the dimuon")
    takes the plan's objects where the two differ only in their cleaning (its own plot leaves
    jets uncleaned, so as not to cut the angle it shows); said."""
    if cut.other is None or cut.quantity not in _ANGLES:
        return arithmetic._merge(objects, part, "objects"), set()
    mine = {o.name: o for o in objects}
    kept, replaced = [], set()
    for obj in part:
        have = mine.get(obj.name)
        if (
            have is not None
            and have != obj
            and have.model_copy(update={"clean_against": obj.clean_against}) == obj
        ):
            against = " and ".join(c.against for c in have.clean_against) or "nothing"
            defaults.append(f"{words(cut)}: the plan's {obj.name} (cleaned against the {against})")
            replaced.add(obj.name)
            continue
        kept.append(obj)
    return arithmetic._merge(objects, kept, "objects"), replaced


def _how(cut: EventCut) -> str:
    """Which objects the cut is on, and what happens to events without them (for the plan)."""
    if cut.z_candidate:
        return (
            f"of the {cut.object} pair the plan forms for the Z (as when the Z is plotted); "
            "events without such a pair fail"
        )
    if cut.pair:
        return (
            f"of the {cut.object} pair the plan forms (as when it is plotted); events without "
            "such a pair fail"
        )
    if cut.quantity in ("pt", "eta"):
        return f"on that one {cut.object} only; events without it fail"
    if cut.per_event:
        some = f"up to the {cut.first_n} leading" if cut.first_n else "the selected"
        return f"over {some} {cut.object}s (as when it is plotted); events without any fail"
    return "one value per event (as when it is plotted); events without the two objects fail"
