"""Samples, event classes and named particles: small readings the parser hooks in at one place.

- a pair word that modifies the quantity ("the *dimuon* mass for electrons and muons") is what
  is plotted, whatever objects follow (:func:`compound_pair`);
- a process word followed by what it decays to, its mass or its peak ("Higgs decays", "the
  Higgs mass", "the Higgs to ZZ channel") is the physics the plot is about, not a sample
  (:func:`names_physics`);
- the mass of a particle that needs a reconstruction the spec does not have ("the top mass",
  "the W mass") is asked about, never replaced by the mass of the objects the request names
  (:func:`PARENT_MASS`, :func:`parent_mass_question`);
- a b-tagging working point given as an efficiency ("the 77% efficiency working point", an
  ATLAS wording) is asked about, with the CMS working points offered (:data:`EFFICIENCY_WP`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import chathep.regex as re


class _Mention(Protocol):
    start: int
    end: int
    pair: bool


def compound_pair(text: str, start: int, before: list[_Mention]) -> bool:
    """Is the quantity at ``start`` directly modified by a pair word ("dimuon mass",
    "dielectron invariant mass", "muon pair pT")? Then that pair is plotted."""
    if not before:
        return False
    last = max(before, key=lambda m: m.end)
    return last.pair and re.fullmatch(r"\s*(?:invariant\s+)?", text[last.end : start]) is not None


#: After a process word: the physics it names ("Higgs decays", "the Higgs mass", "H to ZZ").
_PHYSICS_AFTER = (
    r"\s*(?:bosons?\s+)?(?:quad[a-z]+\s+)?(?:decays?|decaying|->|\u2192|masse?s?|peaks?|candidates?|resonances?"
    r"|widths?|channels?|final\s+states?|signatures?|discovery"
    r"|(?:to|into)\s+(?:zz|ww|4|four|two|2|gamma|b|tau|mu|e\b|leptons?|muons?|electrons?))\b"
)


def names_physics(text: str, end: int) -> bool:
    """Does the process word ending at ``end`` name the physics (its decay, mass or peak)
    rather than a sample to run on?"""
    return re.match(_PHYSICS_AFTER, text[end : end + 40]) is not None


#: The mass of a particle reconstructed from its decay products: the parent (group "p").
PARENT_MASS = (
    r"\b(?:(?:reconstructed|invariant)\s+)?(?P<p>top|w)(?:[\s-]+(?:quark|boson|candidate))?"
    r"(?:\s+invariant)?\s+mass(?:es)?\b"
    r"|\bmass(?:es)?\s+of\s+(?:the\s+)?(?:reconstructed\s+)?(?P<q>top|w)"
    r"(?:[\s-]+(?:quarks?|bosons?|candidates?))?\b(?!\s*(?:-?jets?|pairs?|-?tag))"
    r"|\bm_?\{?(?P<r>top|w)\}?(?=\s|$|[,.;])"
)

#: What the plan can offer instead, per parent particle.
_PARENT_OFFER = {
    "top": (
        "the top-quark mass needs a reconstruction (which three jets of a hadronic top, or "
        "the lepton, the MET and a b-jet of a leptonic top) that the plan cannot make from "
        "these words. I can plot the three-jet mass, e.g. 'the trijet mass closest to 172.5 "
        "GeV' or 'the mass of the three leading jets'"
    ),
    "w": (
        "the W mass needs a reconstruction (two jets of a hadronic W; a leptonic W has only a "
        "transverse mass). I can plot e.g. 'the dijet mass closest to 80.4 GeV' or 'the "
        "transverse mass of the muon and the MET'"
    ),
}


def parent_mass(m: re.Match[str]) -> str:
    """The parent particle of a :data:`PARENT_MASS` match: "top" or "w"."""
    return (m.group("p") or m.group("q") or m.group("r")).lower()


def parent_mass_question(said: str, parent: str) -> str:
    """The question for "the top mass" and the like, quoting the words."""
    return f"You asked for '{said}': {_PARENT_OFFER[parent]}. Which do you mean?"


#: A b-tagging working point given by its efficiency ("the 77% efficiency working point",
#: "the 70% WP"): ATLAS names its working points so; the CMS ones are loose/medium/tight.
EFFICIENCY_WP = (
    r"\b(?:at\s+|with\s+)?(?:the\s+|a\s+)?(\d{2}(?:\.\d+)?)\s*%\s*(?:b-?tag(?:ging)?\s+)?"
    r"(?:(?:signal\s+|b-?jet\s+|tagging\s+)?efficiency\s+)?(?:working\s+point|wp|operating\s+point)\b"
    # "a b-tag at 60% efficiency" (read only when the request is about b-tagging)
    r"|\b(?:at\s+|with\s+)(?:the\s+|a\s+)?(\d{2}(?:\.\d+)?)\s*%\s+(?:b-?jet\s+|b-?tag(?:ging)?\s+)?"
    r"efficiency\b"
)
#: A request about b-tagging (an efficiency alone is read as a working point only then).
BTAG_WORDS = r"\bb-?tag|\bbtag|\bb-?jets?\b|\bdeepjet\b|\bdeepcsv\b"


def efficiency_wp_question(said: str) -> str:
    """The question for a b-tag working point given as an efficiency."""
    return (
        f"You asked for '{said}': b-tagging working points given by their b-jet efficiency "
        "are ATLAS ones. On CMS NanoAOD the DeepJet (btagDeepFlavB) working points are "
        "defined by the light-jet misidentification rate: loose (10 %), medium (1 %) and "
        "tight (0.1 %). Which should I use, e.g. 'at least one medium b-tagged jet'?"
    )


#: A vector boson with a jet multiplicity as an event class: "W+2-jet events", "the W+>=1 jet
#: sample", "W + 3 jets", "Z+2 jets" (group "v": the boson; "n": the count, if any).
VJETS_CLASS = (
    r"\b(?P<v>w|z|gamma|photon)\s*(?:\+|plus)\s*(?:(?:>=?|ge|\u2265|at\s+least)\s*)?"
    r"(?P<n>\d+|one|two|three|four|n)[- ]?(?:or\s+more\s+)?(?:jets?|j)\b"
)


_VJETS_EXAMPLE = {
    "w": "'exactly one muon with pT > 25 GeV, MET above 30 GeV and exactly 2 jets'",
    "z": "'an opposite-charge muon pair with mass 60-120 GeV and exactly 2 jets'",
    "gamma": "'exactly one photon with pT > 50 GeV and at least 1 jet'",
    "photon": "'exactly one photon with pT > 50 GeV and at least 1 jet'",
}


def vjets_question(said: str, boson: str, samples: str) -> str:
    """The question for "W+2-jet events": a boson-plus-jets event class needs the boson's
    selection, which the request does not give (nor does the catalog have the process)."""
    what = {"w": "W -> l nu (one lepton and missing ET)", "z": "Z -> ll (a lepton pair)"}.get(
        boson, "an isolated photon"
    )
    return (
        f"'{said}' names an event class: {what} plus jets. The request does not say how to "
        "select the boson (which objects, which thresholds), and I will not guess it. Could "
        f"you give the selection, e.g. {_VJETS_EXAMPLE.get(boson, _VJETS_EXAMPLE['w'])}? "
        f"Available samples: {samples}."
    )


#: One lepton with its charge, as written in tutorials: "mu+", "$\mu^-$", "e^{+}", "e⁺" (the
#: superscripts mapped to + and - before).
_CHARGED_LEPTON = r"\$?\s*\\?(mu|e)\s*\^?\s*\{?\s*([+\-])\s*\}?\s*\$?"
_SEP = r"(\s*,?\s*(?:and\s+)?)"
#: Four charged leptons named one by one ("quadruples of e+, e-, mu+, mu-", "the mu+mu-mu+mu-
#: final state"): read before any rewrite makes "mu+ mu-" a pair (which would lose two legs).
CHARGED_QUADRUPLE = (
    r"(?:\b(?:quadrupl(?:e|et)s?|sets?\s+of\s+(?:4|four)|combinations?)\s+of\s+)?"
    + _SEP.join([_CHARGED_LEPTON] * 4)
)


_TWO_E_TWO_MU = sorted([("e", "+"), ("e", "-"), ("mu", "+"), ("mu", "-")])


def charged_quadruple(m: re.Match[str]) -> str:
    """The words for four charged leptons: four muons or four electrons of total charge zero
    are "neutral quadmuon/quadelectron combinations" (the spec's four-object combinations of
    one collection); one e+e- and one mu+mu- pair is "quad2e2mu", which the spec cannot say
    (asked); any other charge set is "quadcharged" (asked)."""
    flavours = [m.group(i) for i in (1, 4, 7, 10)]
    charges = [m.group(i) for i in (2, 5, 8, 11)]
    seps = [m.group(i).strip() for i in (3, 6, 9)]
    # a list is one kind of separator: "e+, e-, mu+ and mu-" or "mu+mu-mu+mu-"; "e+e- and
    # mu+mu-", "e+e-, mu+mu-" are two pairs (left as written)
    listed = all(sep.startswith(",") for sep in seps[:2]) and seps[2] in (",", "and", ", and")
    if not listed and any(seps):
        return m.group(0)
    neutral = charges.count("+") == 2
    if neutral and len(set(flavours)) == 1:
        return f" neutral quad{'muon' if flavours[0] == 'mu' else 'electron'} combinations "
    if sorted(zip(flavours, charges, strict=True)) == _TWO_E_TWO_MU:
        return " quad2e2mu "
    return " quadcharged "


#: Four-lepton words the spec cannot say: a mixed-flavour quadruple or channel ("e+ e- mu+ mu-"
#: after :func:`charged_quadruple`, "2e2mu", "2mu2e"), or four leptons of non-zero charge.
UNPLANNED_QUADRUPLE = r"\bquad2e2mu\b|\bquadcharged\b|\b2e\s*2mu\b|\b2mu\s*2e\b"


def quadruple_question(word: str) -> str:
    """The question for a four-lepton final state the spec cannot select."""
    what = (
        "four leptons of non-zero total charge"
        if word == "quadcharged"
        else "the 2e2mu final state (one e+e- pair and one mu+mu- pair)"
    )
    return (
        f"You asked for {what}, which cannot be planned yet: a four-object combination takes "
        "one collection. I can plot the four-muon or the four-electron mass (total charge "
        "zero, e.g. 'the mass of neutral four-muon combinations'), or the four-lepton mass "
        "with the H -> ZZ -> 4l pairing, which keeps 4e, 4mu and 2e2mu together ('the ZZ -> "
        "4l four-lepton mass'). Which do you mean?"
    )


#: "a Higgs peak", "the Higgs mass peak at 125 GeV": the plot range around the peak when the
#: request gives none (stated); the number is the peak's position, never a cut.
HIGGS_PEAK = (
    r"\b(?:a\s+|the\s+)?(?:higgs|h)(?:\s+boson)?(?:\s+quad[a-z]+)?(?:\s+mass)?\s+"
    r"(?:peak|signal\s+peak|resonance)"
    r"(?:\s+(?:at|around|near)\s+(?:about\s+|~\s*)?(\d+(?:\.\d+)?)\s*gev)?"
)
#: The range of a four-lepton Higgs plot (as in the CMS H -> 4l figures, 70-170 GeV).
HIGGS_PEAK_RANGE = (70.0, 170.0)


#: An entry range of the files: "in the first 1000 events (in the file)", "the first 500
#: events of the sample". The spec has none: asked (a subset also changes the MC
#: normalisation, which uses the sum of the weights of all the events).
FIRST_EVENTS = (
    r"\b(?:(?:in|for|of|from|over|using)\s+)?(?:only\s+)?(?:the\s+)?(?:first|last)\s+(\d+)\s+"
    r"(?:events|entries)\b(?:\s+(?:in|of|from)\s+(?:the\s+|each\s+)?(?:files?|samples?|tree))?"
)


def first_events_question(said: str) -> str:
    """The question for an entry range ("the first 1000 events")."""
    return (
        f"You asked for '{said}': an entry range is not part of an analysis here (every "
        "event of the chosen samples is read, and MC is normalised with the sum of the "
        "weights of all of them). Shall I run over all events (say 'all events'), or did you "
        "mean a selection of events?"
    )


#: A b-tag on ranked jets: "with the leading jet b-tagged", "the two leading jets are b-tagged"
#: (normalised: "... jet bjets"). The spec tags a collection, not a ranked jet: asked (was: at
#: least one b-tagged jet anywhere, silently).
RANKED_BTAG = (
    r"\b(?:the\s+)?(?:leading|sub-?leading|first|second|third|fourth|hardest|(?:2|both)\s+"
    r"leading)\s+jets?\s+(?:is\s+|are\s+|being\s+|to\s+be\s+|both\s+)?bjets\b"
)


_RANKED_JET = (
    r"(?:leading|sub-?leading|first|second|third|fourth|hardest|highest[- ]pt)\s+(?:b-?)?jets?\b"
)
_OTHER_FIELD = r"(?!(?:pt|eta|phi|mass|energy|is|are|be|and|or|in|with)\b)[a-z][a-z0-9_]*"
#: "btagDeepFlavB > 0.3 for the leading jet", "the leading jet has qgl > 0.5": a cut on a field
#: of one ranked jet (was: a cut on every jet, so the "leading jet" became the leading one of
#: the jets passing it)
RANKED_FIELD_CUT = (
    rf"\b{_OTHER_FIELD}\s*(?:>=?|<=?|==)\s*-?\d+(?:\.\d+)?\s+(?:for|of|on)\s+(?:the\s+)?"
    rf"{_RANKED_JET}"
    rf"|\b(?:the\s+)?{_RANKED_JET}\s+(?:has\s+|having\s+|with\s+)?(?:an?\s+)?{_OTHER_FIELD}\s*"
    r"(?:>=?|<=?|==)\s*-?\d+(?:\.\d+)?"
)


#: "a (double-)b-tagged fat jet", "b-tagged AK8 jets": a b-tag of large-radius jets (was: an
#: AK4 b-tagged jet and a fat jet, both required)
TAGGED_FATJET = (
    r"\b(?:double-?\s*)?bjets\s+(?:fat\s*jets?|fatjets?|ak8\s+jets?|large[- ]r(?:adius)?\s+jets?)\b"
)


def tagged_fatjet_question(said: str) -> str:
    """The question for a b-tag of large-radius jets ("a double-b-tagged fat jet")."""
    return (
        f"You asked for '{said.replace('- bjets', '-b-tagged').replace('bjets', 'b-tagged')}': "
        "I have no b-tag working point for large-radius (AK8) jets. Give a cut on a FatJet "
        "tagger by its branch name (e.g. 'fat jets with btagDDBvLV2 > 0.7'), or did you mean a "
        "b-tagged AK4 jet and a fat jet?"
    )


def ranked_field_question(said: str) -> str:
    """The question for a cut on a field of one ranked jet ("qgl > 0.5 for the leading jet")."""
    return (
        f"You asked for '{said}': a cut on one ranked jet's property (other than its pT or "
        "|eta|) cannot be planned yet. I can cut every jet (e.g. 'jets with qgl > 0.5'; the "
        "leading jet is then the leading one of those). Is that what you mean?"
    )


def ranked_btag_question(said: str) -> str:
    """The question for a b-tag required of ranked jets ("the leading jet b-tagged")."""
    return (
        f"You asked for '{said.replace('bjets', 'b-tagged')}': a b-tag requirement on a ranked "
        "jet cannot be planned yet. I can require b-tagged jets anywhere in the event ('at "
        "least one b-tagged jet', 'two b-jets'), or use the leading b-tagged jet ('the leading "
        "b-jet pT'). Which do you mean?"
    )


#: A selection of certified luminosity sections: "with the golden JSON", "lumi mask",
#: "certified lumi sections only", "the good run list". The spec has none (no certification file
#: ships with ChatHEP): asked. Said as absent ("without the golden JSON", "no lumi mask"): read,
#: nothing to do (every data plan says that no mask is applied:
#: :data:`chathep.planner.data_stream.NO_LUMI_MASK_NOTE`).
LUMI_MASK = (
    r"\b(?P<no>(?:without|no|w/o)\s+(?:the\s+|a\s+|any\s+)?)?"
    r"(?:(?:(?:the|a)\s+)?(?:golden|certification|cert|dcs(?:[- ]only)?)\s+(?:json|lumi\s+list)"
    r"|lumi(?:nosity)?[- ]?mask(?:ing)?"
    r"|(?:certified|good|golden)\s+(?:lumi(?:nosity)?\s+)?(?:sections|blocks|lumis|ls)"
    r"|(?:the\s+)?good[- ]run[- ]lists?)"
    r"(?:\s+(?:applied|only))?"
)


def lumi_mask_question(said: str) -> str:
    """The question for a selection of certified luminosity sections ("golden JSON")."""
    return (
        f"You asked for '{said}': selecting certified luminosity sections (a golden JSON, "
        "coffea's LumiMask) cannot be planned yet: no certification file ships with ChatHEP "
        "and a catalog entry cannot name one. Shall I use every event of the data (say "
        "'without the golden JSON'), or the MC only?"
    )


_SYSTEM_OF = (
    r"\b(?:invariant\s+)?(mass(?:es)?)(\s+peaks?)?\s+(?:(?<=peak\s)with|(?<=peaks\s)with|of|from"
    r"|formed\s+(?:with|from|by)|built\s+(?:from|with|of)|made\s+(?:of|from|with|up\s+of)"
    r"|reconstructed\s+(?:from|with)|using|combining)\s+(?:the\s+|all\s+)?(?:first\s+|leading\s+)?"
    r"(4|four|3|three)\s+(?:leading\s+|selected\s+|good\s+|reconstructed\s+)?"
    r"(muon|electron|lepton|jet)s\b"
)
#: the word before "mass" that already says whose mass it is ("the dimuon mass with ...")
_OWNED = (
    r"(?:di\w+|\w*jets?|pairs?|muons?|electrons?|leptons?|photons?|systems?|candidates?|quad\w+"
    r"|tri\w+)\s*$"
)


def _system_of(m: re.Match[str]) -> str:
    """ "the mass of 4 muons", "a Higgs mass peak with 4 muons", "the mass from three jets":
    the mass of the N objects as one system (the four-muon mass, the trijet mass, the trilepton
    mass)."""
    if re.search(_OWNED, m.string[: m.start()]):
        return m.group(0)
    n = 4 if m.group(3) in ("4", "four") else 3
    obj, peak = m.group(4), m.group(2) or ""
    word = f"quad{obj}" if n == 4 else f"tri{obj}"
    return f"{word} {m.group(1)}{peak}"


#: Event-class wordings rewritten to the words the rules read (chathep.planner.lexicon):
#: "a b quark jet" is a b-tagged jet; "a b-jet and a second jet" is at least one b-jet among
#: at least two jets (the parser states it: :data:`SECOND_JET`); "produced in association
#: with X" selects events with X; "the mass of N objects" is the N-object system's mass.
EVENT_REWRITES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"\b(?:b|bottom)[- ]quark[- ]jets?\b", "b-jet"),
    (
        r"\b(?:a|1|one|a\s+single)\s+(b-?jets?|b-?tagged\s+jets?)\s*,?\s+and\s+(?:a\s+second"
        r"|another|an\s+additional|1\s+more|one\s+more|a\s+further|an\s+extra)\s+jet\b",
        r"at least 1 \1 and at least 2 jets",
    ),
    (r"\b(?:produced\s+)?in\s+association\s+with\b", "in events with"),
    (_SYSTEM_OF, _system_of),
    (r"\b(muon|electron|lepton|jet)\s+triplets?\b", r"tri\1"),
]
#: The original words of the second EVENT_REWRITES rule, for the note.
SECOND_JET = (
    r"\b(?:a|1|one|a\s+single)\s+(?:b[- ]quark[- ]jet|b-?jet|b-?tagged\s+jet)\s*,?\s+and\s+"
    r"(?:a\s+second|another|an\s+additional|1\s+more|one\s+more|a\s+further|an\s+extra)\s+jet\b"
)


#: An alternative in parentheses: "4 muons (or 4 electrons)", "(or the electron channel)".
#: One plan cannot be both: asked (never read as an extra requirement).
#: "(or any event level variable)", "(or similar)": a generalisation, not an alternative
ALTERNATIVE = r"\(\s*or\s+(?!(?:any|another|some|similar|whatever|something|anything)\b)[^()]*\)"


def alternative_question(said: str) -> str:
    """The question for a parenthesised alternative."""
    return (
        f"You gave an alternative, '{said}': one plan shows one of them. Which should I use? "
        "(For both, name each plot, e.g. 'the four-muon mass and the four-electron mass'.)"
    )


#: Three leptons as one system ("the mass of three muons", "the muon triplet", "m_{3l}", after
#: :data:`EVENT_REWRITES` and the lexicon): the three leading ones, as a combination of size 3.
LEPTON_TRIPLET = r"\btri(muon|electron|lepton)s?\b"
