"""Words physicists use, mapped to draft fields: text normalisation and patterns.

Kept apart from the parser logic so a new synonym is a one-line change. Every pattern runs on
:func:`normalise`-d text (lower case, Greek letters spelled out, ``p_T`` -> ``pt``, ...).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable

import chathep.regex as re
from chathep.planner.context_rewrites import (
    ALL_PAIRS_UNNAMED,
    COMPARED_COUNT,
    DIJET_OF_BJETS,
    ID_AFTER_PT_CUT,
    NON_NATIVE,
    OBJECTS_GEV_RANGE,
    SAME_PAIR_MASS_CUT,
    TRAILING_OF_A_PAIR,
    all_pairs_of_the_plotted,
    compared_count,
    dijet_of_bjets,
    id_after_pt_cut,
    objects_pt_range,
    same_pair_mass_cut,
    trailing_of_a_pair,
)
from chathep.planner.count_phrases import ANY_CHARGE
from chathep.planner.count_phrases import REWRITES as _COUNT_PHRASES
from chathep.planner.samples_events import CHARGED_QUADRUPLE, EVENT_REWRITES, charged_quadruple
from chathep.registry.corrections import word_patterns
from chathep.registry.objects import PROFILES

NUM = r"(\d+(?:\.\d+)?)"
UNIT = r"(?:\s*(gev|tev|mev)\b)?"

_CHAR_MAP = {
    "μ": "mu",
    "µ": "mu",
    "η": "eta",
    "Η": "eta",  # capital eta: "η of the leading jet" with its first letter capitalised
    "φ": "phi",
    "Φ": "phi",
    "ϕ": "phi",
    "τ": "tau",
    "γ": "gamma",
    "ℓ": "l",
    "≥": ">=",
    "⩾": ">=",
    "≤": "<=",
    "⩽": "<=",
    "−": "-",
    "–": "-",
    "—": "-",
    "\u2011": "-",  # non-breaking hyphen: "light‑jet pairs"
    "\u2010": "-",
    "Δ": "delta ",
    "δ": "delta ",
    "⁻¹": "^-1",
    "’": "'",
    "→": "->",
    "\u0304": "bar",  # combining macron: b̄ -> bbar
    "ψ": "psi",
    "π": " pi ",
    "⁺": "+",
    "⁻": "-",
    "°": " degrees ",
    "Υ": "upsilon",
    "“": " ",
    "”": " ",
    "²": "2",
    "`": " ",
    "±": "+-",
}

_NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "a single": 1,
    "a pair of": 2,
    "both": 2,
}

#: tens, teens and hundreds said in words ("thirty bins", "forty-five bins", "a hundred
#: bins"): digits before the rewrites below read them ("one" .. "twelve" are _NUMBER_WORDS)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_TEENS = {"eleven": 11, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}  # fmt: skip
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _tens_word(m: re.Match[str]) -> str:
    """ "forty-five" -> "45", "thirty" -> "30", "a hundred" -> "100", "two hundred" -> "200"."""
    if m.group("hundreds") is not None:
        many = m.group("hundreds")
        return str(100 * (1 if many in ("a", "one") else _UNITS.index(many) + 1))
    if m.group("teen") is not None:
        return str(_TEENS[m.group("teen")])
    unit = m.group("unit")
    return str(_TENS[m.group("tens")] + (_UNITS.index(unit) + 1 if unit else 0))


_TENS_WORDS = (
    rf"\b(?:(?P<hundreds>a|one|two|three|four|five)\s+hundred(?![\w-])"
    rf"|(?P<teen>{'|'.join(_TEENS)})"
    rf"|(?P<tens>{'|'.join(_TENS)})(?:[- ](?P<unit>{'|'.join(_UNITS)}))?)\b"
)

# (pattern, replacement), applied in order after lower-casing.
_COUNT_WORD = r"(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
_COUNTED = r"((?:[a-z-]+\s+){0,2}?(?:b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?))"


def _window_around(m: re.Match[str]) -> str:
    """ "within 10 GeV of the Z mass": the mass window around that mass, in words the parser
    reads ("between 81.1876 and 101.1876 gev")."""
    return _window_words(m, MASSES[m.group(2)], float(m.group(1)))


def _window_words(m: re.Match[str], centre: float, width: float) -> str:
    """ "(mass) between centre - width and centre + width gev", for the window matched by m."""
    mass = "" if re.search(r"\bmass\s*$", m.string[: m.start()]) else "mass "
    low, high = (f"{x:.4f}".rstrip("0").rstrip(".") for x in (centre - width, centre + width))
    # joined, not an f-string: coverage.py reads this module's f-strings as recognisers
    return mass + "between " + low + " and " + high + " gev"


def _window_around_value(m: re.Match[str]) -> str:
    """ "within 20 GeV of 91 GeV": the window around that value (was: an empty range)."""
    width, centre = float(m.group(1)), float(m.group(2))
    return m.group(0) if width >= centre else _window_words(m, centre, width)


def _spaced(m: re.Match[str], word: str) -> str:
    """``word`` for the match, set off by a space only where a letter, digit or symbol touches
    it: "jets with p_T > 25" reads as "jets with pT > 25" (no doubled space the later patterns
    do not expect), "the lower-p_T lepton" as "the lower-pt lepton" (the hyphen kept)."""
    before = m.string[m.start() - 1 : m.start()]
    after = m.string[m.end() : m.end() + 1]
    left = "" if before in ("", " ", "\t", "\n", "-") else " "
    right = "" if after in ("", " ", "\t", "\n") else " "
    return left + word + right


#: Muon POG PF isolation working points (pfRelIso04_all below), by name
_MUON_ISO = {"verytight": 0.10, "tight": 0.15, "medium": 0.20, "loose": 0.25, "veryloose": 0.40}


def _muon_iso(name: str) -> float:
    return _MUON_ISO[re.sub(r"\s+", "", name)]


#: the objects a count counts (for the count rewrites below)
_N_OBJECTS = r"(?:b-?)?jets?\b|bjets?\b|muons?\b|electrons?\b|leptons?\b|photons?\b|taus?\b"


#: "the MET of these events": events chosen elsewhere (an earlier sentence, the previous plot)
THESE_EVENTS = r"\s+(?:of|in|for)\s+(?:these|those|the\s+selected|such|the\s+remaining)\s+events\b"

#: the words before "these events" that chose them: "Select events with ...", a clause that
#: starts with a selection verb ("Require two muons with pT > 25 GeV and plot the MET for the
#: selected events")
_CHOSE_EVENTS = (
    r"\b(?:select|require|keep|take)\b[^.;]*\bevents\b"
    r"|(?:^|[.;:]\s*)(?:first\s+|please\s+)?(?:select|require|keep|take|apply)\b"
)
#: the MET in words as written ("MET", "missing transverse energy", "E_T^miss", "pT miss")
_MET_WORDS = (
    r"(?:pf[\s-]*)?(?:met|missing[\s-]+(?:transverse[\s-]+)?(?:energy|momentum|e_?t|p_?t)"
    r"|e_?\{?t\}?\s*\^?\s*\{?miss\}?|p_?\{?t\}?\s*\^?\s*\{?miss\}?)\b"
)
#: another NanoAOD MET than the PF (type-1) or the PUPPI MET: "the calo MET", "CaloMET", "raw
#: MET" (or "uncorrected MET"), "track MET", "TkMET", "ChsMET", "the raw missing transverse
#: energy": the parser reads the flavour from the words as written; the normalised text drops
#: it (one word: "met")
MET_FLAVOUR = (
    r"\b(calo(?:rimeter)?|raw|uncorrected|tk|track(?:[\s-]+based)?|chs)[\s-]*(?="
    + _MET_WORDS
    + r"|met_(?:pt|phi)\b)"  # the branch names: "CaloMET_pt", "RawMET_phi"
)


def _ranked_name(m: re.Match[str]) -> str:
    """ "l0pt" -> "leading lepton pt"; "j1eta" -> "subleading jet eta" when the request also
    writes a 0 index ("j0pt"); a lone "l1pt" (1-based: the leading?) is left as written."""
    kind = {"l": "lepton", "j": "jet"}[m.group(1)]
    if m.group(2) == "1" and not re.search(r"\b[lj]0(?:pt|eta|phi)\b", m.string):
        return m.group(0)
    rank = "leading" if m.group(2) == "0" else "subleading"
    return f" {rank} {kind} {m.group(3)} "


_GREEK_MACRO = {"m": " mu ", "t": " tau ", "g": " gamma "}  # \Pgm, \Pgt, \Pgg
#: the legs of a four-lepton subscript; "eemumu" is the 2e2mu final state ("quad2e2mu", asked:
#: was any four leptons, 4e and 4mu included, silently)
_QUAD_LEGS = {"llll": "l", "eemumu": "2e2mu", "mumuee": "2e2mu", "mumumumu": "mu", "eeee": "e"}


def _four_legs(m: re.Match[str]) -> str:
    """ "m(e e mu mu)" -> " quad2e2mu mass ", "m_{llll}" -> " quadlepton mass "; legs that are
    no four-lepton final state are left as they are."""
    legs = re.sub(r"[\s,]", "", m.group(1))
    if legs not in _QUAD_LEGS:
        return m.group(0)
    return f" {_QUAD.get(_QUAD_LEGS[legs], 'quad2e2mu')} mass "


#: one charge in a product of two: "q1", "q_mu", "q(e1)", "q_{\mu}", "mu[0].charge", "charge(e1)"
_CHARGE_TERM = (
    r"(?:\bq\s*_?\s*\{?\s*\\?[a-z0-9]{0,4}(?:_\{?\d\}?)?\s*\}?(?:\s*\(\s*[a-z]{1,4}\d?\s*\))?"
    r"|\b[a-z]{1,8}\s*\[\s*\d\s*\]\s*\.\s*charge|\bcharge\s*\(\s*[a-z]{1,8}\d?\s*\))"
)
_COUNT_WORDS = {
    ">=": "at least", "=>": "at least", "==": "exactly", "=": "exactly", ">": "more than",
}  # fmt: skip


def _indexed_noun(word: str) -> str:
    """The object of an indexed code word: "mu" -> "muon", "el" -> "electron" (a function, so
    that the abbreviations are no words the coverage check knows everywhere)."""
    return _OBJECT_LETTER.get(word) or {"el": "electron", "pho": "photon"}.get(word, word)


def _lead_sublead_slash(m: re.Match[str]) -> str:
    """ "muons with pt > 25/15" -> "muons, the leading muon pt > 25 gev and subleading muon pt >
    15 gev"; left as written unless the first threshold is the higher."""
    high, low = float(m.group(3)), float(m.group(4))
    if high <= low:
        return m.group(0)
    kind = _OBJECT_LETTER.get(m.group(1), m.group(1))
    before = re.sub(r"\s*\b(?:with|having|of|and)\s*$", "", m.group(2))
    return (
        f"{kind}s{before}, the leading {kind} pt > {m.group(3)} gev and subleading {kind} pt > "
        f"{m.group(4)} gev"
    )


def _letter_count(m: re.Match[str]) -> str:
    """ ">=4j" -> "at least 4 jets", "==1mu" -> "exactly 1 muon"."""
    n = int(m.group(2))
    noun = _OBJECT_LETTER[m.group(3)] + ("" if n == 1 and m.group(1) != ">" else "s")
    return f" {_COUNT_WORDS[m.group(1)]} {n} {noun} "


def _threshold_adjective(m: re.Match[str]) -> str:
    """ "30 GeV b jets" -> "b jets with pt > 30 gev"; not after a comparison or a range ("pT
    between 20 and 30 GeV jets" is left as written)."""
    before = m.string[: m.start()].rstrip()
    if re.search(
        r"(?:[<>=\-\u2013]|\b(?:than|above|below|over|under|to|and|between|at"
        r"|least|most|from|exceeding))$",
        before,
    ):
        return m.group(0)
    return f"{m.group(2)} with pt > {m.group(1)} gev"


def _code_binning(m: re.Match[str]) -> str:
    """A binning written as the code that makes it: hist's "Regular(50, 0, 200)" (bins, start,
    stop), numpy's "linspace(0, 200, 51)" (edges: one more than the bins) and "geomspace(10,
    1000, 21)" / "logspace(1, 3, 21)" (log-spaced edges; logspace in powers of ten), as the words
    the rules read ("50 bins from 0 to 200"). Anything else is left as written."""
    if m.group("reg_n") is not None:
        return f" {m.group('reg_n')} bins from {m.group('reg_a')} to {m.group('reg_b')} "
    n, a, b = int(m.group("np_n")), float(m.group("np_a")), float(m.group("np_b"))
    if m.group("np_f") == "logspace" and max(abs(a), abs(b)) <= 6:
        a, b = 10.0**a, 10.0**b
    elif m.group("np_f") == "logspace":
        return m.group(0)
    if n < 2 or b <= a or (m.group("np_f") != "linspace" and a <= 0):
        return m.group(0)
    log = "" if m.group("np_f") == "linspace" else " log"
    return f" {n - 1}{log} bins from {a:g} to {b:g} "


#: "hist.axis.Regular(50, 0, 200)", "Reg(50, 0, 200, name='pt')", "np.linspace(0, 200, 51)"
CODE_BINNING = (
    r"(?<![\w.])(?:(?:hist|bh)\.)?(?:(?:axis|new)\.)?reg(?:ular)?\(\s*(?P<reg_n>\d+)\s*,"
    r"\s*(?P<reg_a>-?\d+(?:\.\d+)?)\s*,\s*(?P<reg_b>-?\d+(?:\.\d+)?)\s*(?:,[^()]*)?\)"
    r"|(?<![\w.])(?:(?:np|numpy)\.)?(?P<np_f>linspace|geomspace|logspace)\(\s*"
    r"(?P<np_a>-?\d+(?:\.\d+)?)\s*,\s*(?P<np_b>-?\d+(?:\.\d+)?)\s*,\s*(?P<np_n>\d+)\s*"
    r"(?:,[^()]*)?\)"
)


def _eta_or(m: re.Match[str]) -> str:
    """ "|eta| < 1.2 or |eta| > 1.5", "|eta| < 1.4442 or 1.566 < |eta| < 2.5": the |eta| window
    between the two ranges is excluded (an "or" of two ranges read as "and" selected nothing);
    left as written when the ranges overlap."""
    lo, hi, top = float(m.group(1)), float(m.group(2)), m.group(3) or None
    if hi <= lo or (top is not None and float(top) <= hi):
        return m.group(0)
    kept = f"|eta| < {top} " if top is not None else ""
    return f"{kept}excluding {m.group(1)} < |eta| < {m.group(2)}"


_ABS_ETA_BELOW_OR = r"\|\s*eta\s*\|\s*<=?\s*(\d+(?:\.\d+)?)\s*,?\s*(?:or|\|\|)\s*"


def _photon_electron_veto(m: re.Match[str]) -> str:
    """ "photons passing the (conversion-safe) electron veto": the photons' electronVeto flag
    (was: events with no electron); left as written in a request without photons."""
    if not re.search(r"\b(?:photons?|gamma|diphotons?)\b", m.string):
        return m.group(0)
    return " with electronveto == 1 "


def _m3(m: re.Match[str]) -> str:
    """ "M3" in a request about top quarks or jets: the top-quark observable, the mass of the
    three-jet combination of the largest vector-summed pT (the plan says which it takes);
    else left as written (asked)."""
    if re.search(r"\b(?:ttbar|tt|top|jets?|trijets?|three[- ]jet)\b", m.string):
        return "the mass of the three-jet combination with the highest pt"
    return m.group(0)


#: "delta phi between each of the 4 leading jets and the MET above 0.5": every jet's angle above
#: the value is the smallest one above it (a lower bound only: "every jet's angle below 1" is
#: another reduction, left to be asked). Also run by chathep.planner.event_cuts on its clauses.
EVERY_JET_MET_ANGLE = (
    r"\|?\s*\bdelta[_ ]phi\s*\|?\s+(?:between|of)\s+(?:each|every|all)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:(?P<n>[2-6])\s+leading\s+|leading\s+(?P<m>[2-6])\s+|first\s+(?P<f>[2-6])\s+)?"
    r"(?P<obj>b-?jets?|jets?)\s+and\s+(?:the\s+)?met\b(?=\s*(?:>|(?:is\s+|are\s+|be\s+)?"
    r"(?:above|greater\s+than|larger\s+than|over|at\s+least|exceeding)\b))"
)


def _min_dphi_words(n: str | int | None, objects: str) -> str:
    """MIN_DPHI_MET's words for the smallest |delta phi| of the (``n`` leading) ``objects``."""
    leading = f"{n} leading " if n else ""
    kind = "b-jets" if objects.startswith("b") else "jets"
    return f" min delta_phi between the met and the {leading}{kind} "


def every_jet_met_angle(m: re.Match[str]) -> str:
    """EVERY_JET_MET_ANGLE as the smallest angle (MIN_DPHI_MET's words)."""
    return _min_dphi_words(m["n"] or m["m"] or m["f"], m["obj"])


#: short pair names written after an "m": "mDiMu" is the dimuon mass
_DI_NAME = {"dimu": "dimuon", "diele": "dielectron", "dilep": "dilepton"}


def _two_kinds_mass(m: re.Match[str]) -> str:
    """ "lepton photon mass", "photon/electron combo mass": m(l, y), the system of the leading
    one of each; "the jet-jet mass": the dijet mass. Left as written: "tau jet mass" (a
    hadronic tau's), "electron-muon mass" (the e-mu pair, read elsewhere)."""
    first, second = m.group(1), m.group(2)
    if {first, second} == {"tau", "jet"} or first == second == "b jet":
        return m.group(0)
    if first == second:
        kind = first.replace("-", "").replace(" ", "")
        return f" {PROFILES[kind].pair_name} mass "
    if {first, second} <= {"muon", "electron", "lepton"}:
        return m.group(0)
    return f" m({first.replace(' ', '-')}, {second.replace(' ', '-')}) "


#: delta R as written before the rewrite that spells it "delta_r"
_DR = r"(?:delta\s*[-_ ]?r|dr)\b\s*"

#: one object of a histogram title ("leading jet", "dimuon", "met", "z candidate")
_TITLE_OPERAND = (
    r"(?:(?:leading|sub-?leading|second|third)\s+)?(?:b-?jet|jet|muon|electron|lepton|photon"
    r"|tau|dimuon|dielectron|dilepton|met|z)s?(?:\s+(?:system|candidate|boson))?"
)

_REWRITES: list[tuple[str | re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    # non-native comparisons and terse counts ("pt bigger than 40", "minimum 2 jets",
    # "njet>=4"): context_rewrites, their words no recognisers
    *NON_NATIVE,
    # "the 1st jet": the first (every rule reads "first"; only some read "1st")
    (
        r"(?<![\w.])1st(?=\s+(?:(?:b-?)?jets?|bjets?|muons?|electrons?|leptons?|photons?|taus?)\b)",
        "first",
    ),
    # a one-digit subscript in braces, "mu_{1}": "mu_1"; "M_{inv}(mu1, mu2)": m(mu1, mu2)
    (r"_\{(\d)\}", r"_\1"),
    (CODE_BINNING, _code_binning),
    (
        r"(?:,?\s*\b(?:passing|with|applying|and)\s+|,\s*)(?:the\s+|an?\s+)?"
        r"(?:conversion[- ]safe\s+)?electron[- ]veto(?:\s+(?:applied|required|cut))?\b",
        _photon_electron_veto,
    ),
    # "e+mu- pairs", "the mu+ e- mass": an opposite-charge electron-muon pair (was: negative
    # muons, paired with each other)
    (
        r"(?<![\w+-])(?:e\s*\+\s*mu\s*-|e\s*-\s*mu\s*\+|mu\s*\+\s*e\s*-|mu\s*-\s*e\s*\+)"
        r"(?![\w+-])",
        "emu",
    ),
    # "|eta| < 1.2 or |eta| > 1.5", "|eta| < 1.4442 or 1.566 < |eta| < 2.5": a window excluded
    (_ABS_ETA_BELOW_OR + r"\|\s*eta\s*\|\s*>=?\s*(\d+(?:\.\d+)?)(?![\d.])()", _eta_or),
    (
        _ABS_ETA_BELOW_OR + r"(\d+(?:\.\d+)?)\s*<=?\s*\|\s*eta\s*\|\s*<=?\s*(\d+(?:\.\d+)?)",
        _eta_or,
    ),  # "hist.axis.Regular(50, 0, 200)": "50 bins from 0 to 200"
    (r"\bm_?\{?inv\}?(?=\s*\()", "m"),
    (MET_FLAVOUR, " "),  # the flavour word is read by the parser from the words as written
    # "M3 in ttbar MC": the mass of the three-jet combination with the highest pT
    (r"(?<![\w$.])m_?\{?3\}?(?![\w}.]|\s*(?:=|<|>|gev|tev))", _m3),
    # "For events containing a muon pair with ..., histogram the MET.": the plot first, then its
    # events ("histogram the MET in events containing ..."), as the rules read it
    (
        r"^\s*(?:for|in|among)\s+(?:all\s+|the\s+)?(events?\s+(?:with|containing|that\s+(?:have|has"
        r"|contain|contains)|having|where)\b[^,;]{3,200}?),\s*(?:please\s+)?((?:plot|histogram|draw"
        r"|show|fill|make|compute|calculate)\b[^;]*?)\s*[.!]?\s*((?:;[^;]*)*)$",
        r"\2 in \1\3",  # "...; 40 bins from 0 to 200": the binning stays after it
    ),
    (r"\bmonte-carlo\b", "monte carlo"),  # "the Monte-Carlo processes": the simulation
    # "the dimuon mass, background only": the simulated (background) samples, no data
    (r"\b(?:the\s+)?backgrounds?\s+only\b|\bonly\s+(?:the\s+)?backgrounds?\b", "mc only"),
    # "the transverse mass of the lepton-neutrino system", "mT of the muon and the neutrino":
    # the neutrino is measured as the MET (the parser states this reading)
    (
        r"\b(transverse\s+mass|m_?t)\b([^.;]{0,80}?)\b(?:the\s+)?(?:anti-?)?(?:neutrinos?|\u03bd)(?![a-z])",
        r"\1\2met",
    ),
    # "the muon-MET transverse mass", "electron+MET mT": of that object and the MET, said before
    # anything else can take the quantity ("... mass for jets with no eta cut" plotted the jets)
    (
        r"\b(muon|electron|lepton|photon|tau|jet)s?\s*[-+]\s*(?:met|missing\s+et|pt\s*miss)\s+"
        r"(?:transverse\s+mass|mt)\b",
        r"transverse mass of the \1 and the met",
    ),
    # "for the different MC processes", "the various samples": each sample (one histogram each,
    # as every plot shows them)
    (
        r"\b(?:the\s+)?(?:different|various|individual)\s+(?=(?:mc\s+|monte carlo\s+|simulated\s+)?"
        r"(?:processes|samples)\b)",
        "each ",
    ),
    # "events with only one muon", "having just two jets": exactly that many
    (
        rf"\b(with|having|containing|has|have)\s+(?:only|just)\s+{_COUNT_WORD}\s+(?={_COUNTED})",
        r"\1 exactly \2 ",
    ),
    # "events with one jet only", "with 3 jets exactly": exactly that many (was: at least)
    (
        rf"\b(with|having|containing|has|have)\s+{_COUNT_WORD}\s+{_COUNTED}\s+(?:only|exactly)\b",
        r"\1 exactly \2 \3",
    ),
    # "one jet or less", "two muons or more", "2 or fewer jets": at most / at least
    (rf"\b{_COUNT_WORD}\s+{_COUNTED}\s+or\s+(?:less|fewer)\b", r"at most \1 \2"),
    (rf"\b{_COUNT_WORD}\s+{_COUNTED}\s+or\s+more\b", r"at least \1 \2"),
    (rf"\b{_COUNT_WORD}\s+or\s+(?:less|fewer)\s+(?={_COUNTED})", r"at most \1 "),
    # "a maximum of 3 jets", "max. 3 jets", "maximally three jets", "not more than 3 jets",
    # "3 jets at most": at most that many (was: 'max 3 jets' read as at least 3, or asked)
    # (joined, not f-strings: coverage.py reads an f-string's parts as "any text", which made
    # "maximum" a known word anywhere: "maximum dijet mass of 500 GeV" was planned as > 500)
    (
        r"(?<!the\s)\b(?:(?:a|at)\s+)?(?:maximum(?:\s+of)?|max\.?(?:\s+of)?|maximally"
        r"|not\s+more\s+than)\s+(?=" + _COUNT_WORD + r"\s+" + _COUNTED + r"(?![\w-]))",
        "at most ",
    ),
    (
        r"\b" + _COUNT_WORD + r"\s+" + _COUNTED + r"\s+at\s+most\b(?!\s*(?:of\s+)?[\d.])",
        r"at most \1 \2",
    ),
    # "jets up to an |eta| of 4.7", "within |eta| = 2.4": an upper bound on |eta|
    (
        r"\b(?:up\s+to|within|inside)\s+(?:an?\s+)?(?:\|\s*eta\s*\||abs\(eta\)|pseudorapidity)"
        r"\s*(?:of\s+|=\s*)(\d+(?:\.\d+)?)",
        r"|eta| < \1",
    ),
    # "a dimuon mass within 10 GeV of the Z mass": the window around the Z (W, top, Higgs) mass
    (
        r"\bwithin\s+(\d+(?:\.\d+)?)\s*gev\s+(?:of|from|around)\s+(?:the\s+)?(?:nominal\s+)?"
        r"(z|w|top|higgs)(?:\s+boson)?(?:\s+(?:pole\s+)?mass|\s+pole|\s+peak)?\b",
        _window_around,
    ),
    (
        r"\bwithin\s+(\d+(?:\.\d+)?)\s*gev\s+(?:of|from|around)\s+(\d+(?:\.\d+)?)\s*gev\b",
        _window_around_value,
    ),
    # "the dimuon mass inside 76-106 GeV", "a mass within 76 to 106 GeV": as "between" (the
    # plotted range, or a cut in a condition, as "between" is read)
    (
        r"\b(?:inside|within)\s+(\d+(?:\.\d+)?)\s*(?:-|to)\s*(\d+(?:\.\d+)?)\s*(gev|tev|mev)\b",
        r"between \1 and \2 \3",
    ),
    # "events with between 2 and 4 jets", "2 to 4 jets", "2-4 b-jets": a count range, never
    # the histogram's range
    (
        r"\bbetween\s+(\d+|one|two|three|four|five|six)\s+and\s+(\d+|two|three|four|five|six"
        r"|seven|eight)\s+((?:b-?tagged\s+|b-?)?(?:jets?|muons?|electrons?|leptons?|photons?|taus?))\b"
        r"|\b(\d+)\s*(?:to|-|\u2013)\s*(\d+)\s+((?:b-?tagged\s+|b-?)?(?:jets|muons|electrons"
        r"|leptons|photons|taus))\b",
        lambda m: (
            f"at least {m.group(1) or m.group(4)} {m.group(3) or m.group(6)} and at most "
            f"{m.group(2) or m.group(5)} {m.group(3) or m.group(6)}"
        ),
    ),
    # "quadruples of e+, e-, mu+, mu-", "mu+mu-mu+mu-": four charged leptons, before anything
    # reads "mu+ mu-" as one pair (chathep.planner.samples_events)
    (CHARGED_QUADRUPLE, charged_quadruple),
    # an axis title without "of": "Mass 4 leptons / GeV", "mass 2 muons" (title style): the mass
    # of that many objects, as "the mass of 4 leptons" ("4 leptons" alone is an event count)
    (
        r"(^|[(,;:]\s*|\b(?:the|plot|histogram|draw|show)\s+)mass\s+"
        rf"(?=(?:[2-4]|two|three|four)\s+(?:{_N_OBJECTS}))",
        r"\1mass of ",
    ),
    *EVENT_REWRITES,  # "a b quark jet", "a b-jet and a second jet", "in association with"
    # "don't apply any cuts", "do not require isolation", "no need to apply the ID": without
    (
        r"\b(?:please\s+)?(?:do|does|did|should|must)\s*(?:n['\u2019]t|\s+not)\s+(?:apply|use|put|require"
        r"|impose|include|make|place|want|need)\s+|\bno\s+need\s+to\s+(?:apply|use|require|impose)\s+",
        " without ",
    ),
    (r"(\w)n['\u2019]t\b", r"\1 not"),  # "aren't isolated" is a negation, never "aren isolated"
    (r"(\w)['\u2019](?:ll|s|re|ve|d|m)\b", r"\1"),
    # the writer's own doubt ("I don't know how to plot ...", "I can't figure out", "not sure
    # how", "it doesn't work"): no negation of the analysis (the words are reported as not used)
    (
        r"\b((?:i|we)\s+(?:do|did|can|could|ca|am|was|were|have|had|still)|(?:it|this|that)\s+"
        r"(?:does|did|is|was))\s+not\s+(?=(?:really\s+|quite\s+|yet\s+|even\s+)?(?:know|understand"
        r"|see|figure|find|manage|managed|seem|been\s+able|able|sure|familiar|work|works|working"
        r"|run|runs|compile|look\s+right|make\s+sense|get\s+it|succeed|clear)\b)",
        r"\1 ",
    ),
    (r"\b(?:(?:i|we)\s+(?:am|are|was|were)\s+)?not\s+(?=(?:sure|certain|familiar)\b)", " "),
    # "loose isolation (relIso < 0.25)", "isolation relIso < 0.2": the name of the value written
    # beside it
    # "Muon isolation (pfRelIso04_all)": the branch in brackets says which isolation
    (
        r"\b(?:(?:relative|rel\.?|pf|combined)\s+)?iso(?:lation)?\s*\(\s*([a-z]*iso[a-z0-9_]*)\s*\)",
        r" \1 ",
    ),
    (
        r"\b(?:(?:very\s*tight|tight|medium|loose|very\s*loose)\s+)?(?:pf\s+)?(?:relative\s+)?"
        r"isolation\s*(?:of\s+)?(?=\(\s*(?:pf\s*)?rel(?:ative)?\s*[._-]?\s*iso|(?:pf\s*)?rel(?:ative)?"
        r"\s*[._-]?\s*iso)",
        " ",
    ),
    # "the number of (good) PVs": primary vertices
    (r"\b(good\s+)?pvs\b", r"\1primary vertices"),
    # "e/mu with pT > 10", "e/μ+jets": an electron or a muon, a light lepton (was: the e-mu pair)
    (r"\b(?:e\s*/\s*mu|mu\s*/\s*e)\b(?!\s*(?:pairs?|system|mass)\b)", " lepton "),
    # an isolation cut with its working point's name after the number: "PF isolation < 0.25
    # (loose)", "relIso < 0.15 (tight WP)": the name is the isolation's, given by the number (was:
    # the loose muon ID, as if explicit)
    (
        r"(\b(?:pf\s*)?(?:rel(?:ative)?\s*[._-]?\s*)?iso(?:lation)?\w*\s*(?:<=?|below|under"
        r"|less\s+than)\s*\d*\.?\d+)\s*\(\s*(?:very\s*)?(?:loose|medium|tight)(?:\s+(?:wp"
        r"|working\s+point|iso(?:lation)?))?\s*\)",
        r"\1",
    ),
    # "whose pseudorapidity is below 1 in absolute value", "eta ... in absolute value": |eta|
    (r"\b(?:pseudorapidity|eta)\b([^.;]{0,40}?)\s*\bin\s+absolute\s+values?\b", r"|eta|\1"),
    # "aggregate those results to filter at event level": the verb (select), not a filter
    (
        r"\bto\s+filter\s+(?=at\s+(?:the\s+)?event|on\s+(?:the\s+)?event|(?:the\s+)?events\b)",
        " to select ",
    ),
    # "muons that are not isolated": non-isolated muons (read below as anti-isolated, said)
    (
        r"\b(muons?|electrons?|leptons?|photons?)\s+(?:that|which)\s+(?:are|is)\s+not\s+isolated\b",
        r"non-isolated \1",
    ),
    # a muon isolation working point by name (Muon POG PF isolation, dR 0.4): "muons with medium
    # ID and loose isolation", "loosely isolated muons" (electrons: their ID holds isolation)
    (
        r"(\bmuons?\b(?:[^.;]|(?<=\d)\.(?=\d)){0,60}?)\b(very\s*tight|tight|medium|loose|very\s*loose)"
        r"(?:ly)?\s+"
        r"(?:pf\s+)?(?:relative\s+)?(?:isolation|isolated|iso)\b(?!\s*[<>=(]|\s+(?:cut|of|below|<))",
        lambda m: f"{m.group(1)}reliso < {_muon_iso(m.group(2)):g}",
    ),
    (
        r"\b(very\s*tight|tight|medium|loose|very\s*loose)ly\s+isolated\s+(muons?)\b",
        lambda m: f"{m.group(2)} with reliso < {_muon_iso(m.group(1)):g}",
    ),
    # "regardless of their ID", "irrespective of jet pT", "no matter its quality", "without
    # applying any selection": without it (a waiver, as "no ID")
    (
        r"\b(?:regardless|irrespective)\s+of\s+(?:the\s+|their\s+|its\s+|any\s+)?"
        r"|\bno\s+matter\s+(?:what\s+)?(?:the\s+|their\s+|its\s+)?(?=[a-z|])"
        r"|\bwithout\s+(?:applying|using|requiring|imposing|putting|making)\s+",
        " without ",
    ),
    # "no jet above 30 GeV at any eta", "anywhere in eta": no eta cut on them
    (
        r"\b(?:at\s+any|anywhere\s+in)\s+(eta|\|eta\|)\b(?!\s*(?:cuts?|requirements?|[<>=]))",
        "no eta cut",
    ),
    # "the number of muons, any pT", "jets of any eta": no cut on it
    (
        r"(?:(?<=,\s)|(?<=\bat\s)|(?<=\bof\s)|(?<=\bwith\s))any\s+(pt|eta|\|eta\||id|isolation)\b"
        r"(?!\s*(?:cuts?|requirements?|[<>=]))",
        r"no \1 cut",
    ),
    # angles in degrees or as fractions of pi are radians for the cuts: "< 140 degrees" (also
    # 140°, 140^\circ), "> pi/2", "> 2pi/3"
    (
        r"(\d+(?:\.\d+)?)\s*(?:\^\s*\{?\s*\\circ\s*\}?|\\circ\b|degrees?\b|deg\b)",
        lambda m: f"{math.radians(float(m.group(1))):.4f}",
    ),
    (
        r"(?:(\d+(?:\.\d+)?)\s*\*?\s*)?(?<![a-z])pi\b(?:\s*/\s*(\d+(?:\.\d+)?))?(?=\s*(?:$|[^\w/]))",
        lambda m: _pi_value(m),
    ),
    # "leading lepton pT > 20 GeV, trailing lepton pT > 10 GeV": after a leading one of the same
    # objects, the trailing one is the subleading one (alone, "trailing" is asked about)
    (r"(\bleading\s+([a-z]+)\b[^.;]*?)\btrailing\s+\2", r"\1subleading \2"),
    # "leading and trailing lepton pT", "leading-trailing jet pair": the two of a pair
    (r"\bleading(\s*(?:-|and|/|&)\s*(?:the\s+)?)trailing\b", r"leading\1subleading"),
    # "the trailing muon pT in dimuon events", "trailing lepton pT in events with exactly two
    # leptons": where the request has a pair of those objects (and never more of them), the
    # trailing one is the second; elsewhere (the last of many?) it is asked about
    (TRAILING_OF_A_PAIR, trailing_of_a_pair),
    # "the dimuon mass for all opposite-sign pairs": every muon pair (was: the two leading)
    (ALL_PAIRS_UNNAMED, all_pairs_of_the_plotted),
    # "plot their kinematics", "show the muon kinematic distributions": pT, eta and phi, one
    # histogram each (the parser says so); "events selected on the jet kinematics" stays vague
    (
        r"\b(plots?|plotting|show|showing|draw|drawing|histograms?|look\s+at|compare|comparing"
        r"|visuali[sz]e)\b([^.;:]*?)\bkinematics?\b(?:\s+(?:distributions|variables|quantities"
        r"|properties|plots))?",
        r"\1\2pt, eta and phi",
    ),
    # ", both with |eta| < 2.4" / ", each with pT > 30 GeV": the cut that follows holds for every
    # object named before (a per-object cut), "both" is not a count here
    (r"(?<=[,;(])\s*(?:both|each|all)(?:\s+of\s+them)?\s+(?=(?:with|having|within|inside)\b)", " "),
    # ", both pt>20 |eta|<2.4": the same, with the cut right after
    (
        r"(?<=[,;(])\s*(?:both|each|all)(?:\s+of\s+them)?\s+(?=(?:pt|\|eta\||eta)\s*(?:[<>]|above\b"
        r"|below\b|over\b|under\b))",
        " with ",
    ),
    # "one bin per jet multiplicity", "a bin for each value", "one bin per GeV": bins of width
    # 1 (not a histogram of 1 bin)
    (
        r"\b(?:one|1|a|a\s+single)\s+bin\s+(?:per|for\s+(?:each|every))\s+(?:(?:gev\b)|[a-z-]+"
        r"(?:\s+(?:multiplicity|count|number|value|integer))?)",
        lambda m: "bins of 1 gev" if m.group(0).endswith("gev") else "bins of 1",
    ),
    # "unit-width bins", "integer bins", "bins of unit width": bins of width 1, as "one bin per
    # count" above; "bins of width 1", "bins 50 GeV wide", "in 50 GeV steps": that width
    (
        r"\b(?:unit|integer)[- ](?:width\s+|wide\s+|sized\s+)?bins\b"
        r"|\bbins\s+of\s+unit\s+width\b",
        "bins of 1",
    ),
    (r"\bbins\s+of\s+width\s+(?=\d)", "bins of "),
    (r"\bbins\s+of\s+(\d+(?:\.\d+)?)\s*(gev|tev|mev)?\s+(?:width|wide|each)\b", r"bins of \1 \2"),
    (r"\bbins\s+(\d+(?:\.\d+)?)\s*(gev|tev|mev)?\s+wide\b", r"bins of \1 \2"),
    (r"\bin\s+(\d+(?:\.\d+)?)\s*(gev|tev|mev)\s+steps\b", r"in steps of \1 \2"),
    # "100 log bins 0.3-300", "100 bins spaced logarithmically": log-spaced bins, the count
    # next to the range as in "100 bins 0.3-300"
    (
        r"\b(\d+)\s+(?:log(?:arithmic(?:ally)?)?[- ]?(?:spaced\s+)?|log[- ]spaced\s+)bins\b"
        r"|\b(\d+)\s+bins\s+(?:spaced\s+|distributed\s+)?(?:log(?:arithmic)?ally|in\s+log)"
        r"(?:\s+spaced)?\b",
        lambda m: f"log-binned {m.group(1) or m.group(2)} bins",
    ),
    # "50 bins across [-2.5, 2.5]", "25 bins spanning 0 to 1", "40 bins across 0 to 2": the
    # axis from A to B
    (
        r"\b(\d+\s+bins)\s+(?:across|spanning|covering)\s+(?:the\s+range\s+)?(?:from\s+)?"
        r"\[?\s*(-?\d+(?:\.\d+)?)\s*(?:,|to|\.\.|-)\s*(-?\d+(?:\.\d+)?)\s*\]?(?![\d.])",
        r"\1 from \2 to \3",
    ),
    # "no isolation cut beyond the ID itself", "no iso on top of that": none besides the ID's
    (
        r"\bno\s+(?:extra\s+|added\s+|additional\s+|further\s+|separate\s+)?(iso(?:lation)?)"
        r"(?:\s+(?:cut|requirement))?\s+(?:beyond|on\s+top\s+of|besides|other\s+than|in\s+"
        r"addition\s+to)\s+(?:that|this|(?:the|its)\s+(?:id|identification)(?:\s+itself)?)\b",
        r"no \1 cut",
    ),
    # "each electron counts once": one entry per electron
    (
        r"\b(?:each|every)\s+(muon|electron|jet|photon|tau|lepton)\s+(?:counts|enters|is\s+"
        r"(?:counted|filled|entered))\s+once\b",
        r"one entry per \1",
    ),
    # "muons with pT > 25/15 GeV": the leading above 25 GeV, the subleading above 15 GeV
    (
        r"\b(muon|electron|lepton|jet|photon|mu|e|ele|lep|j)s?\b((?:[^,;.()]|\.(?=\d)){0,40}?)\bpt\s*"
        r"(?:>=?|above"
        r"|over)\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)(?![\d.])\s*(?:gev\b)?",
        _lead_sublead_slash,
    ),
    # "muons above 15 GeV, with the harder one above 25 GeV": the leading above 25 GeV
    (
        r"\b(muon|electron|lepton|jet|photon)s\b((?:[^.;]|\.(?=\d)){0,100}?)\s*,?\s*"
        r"(?:with\s+|and\s+)?the\s+(?:harder|hardest|leading|higher[- ]pt|highest[- ]pt)\s+"
        r"(?:1|one)\s+(?:with\s+pt\s+|at\s+)?"
        r"(?:above|over|>|greater\s+than|at\s+least)\s*(\d+(?:\.\d+)?)\s*(?:gev\b)?"
        # "..., the leading one above 25 GeV and the second above 15 GeV"
        r"(?:\s*(?:,\s*)?(?:and\s+)?the\s+(?:second|subleading|other|softer)(?:\s+(?:1|one))?\s+"
        r"(?:above|over|>|greater\s+than|at\s+least)\s*(\d+(?:\.\d+)?)\s*(?:gev\b)?)?",
        lambda m: (
            f"{m.group(1)}s{m.group(2)} and the leading {m.group(1)} pt > {m.group(3)} gev"
            + (f" and subleading {m.group(1)} pt > {m.group(4)} gev" if m.group(4) else "")
        ),
    ),
    # "an overlay of the dimuon pT in data and in DY": a plot of it
    (r"\ban?\s+overlay\s+of\b", "a plot of"),
    # "a histogram of the number of collisions ("events") as a function of the mass": of the mass
    (
        r"\b(?:the\s+)?(?:number\s+of\s+|counts?\s+of\s+)(?:collisions|events|entries|candidates)"
        r"\s*(?:\(\s*\W*events\W*\s*\)\s*)?(?:as\s+a\s+function\s+of|versus|vs\.?|against|per\s+bin\s+of)\s+",
        " ",
    ),
    # the product of two charges: "q1*q2 < 0", "q(e1)*q(e2)<0", "$q_\mu q_\tau < 0$",
    # "mu[0].charge*mu[1].charge<0", "q_e·q_mu < 0": opposite charges (> 0: the same charge)
    (
        rf"{_CHARGE_TERM}\s*(?:[*·x×]\s*|\\cdot\s*|\\times\s*|\s+){_CHARGE_TERM}\s*(<|>)\s*0(?![\d.])",
        lambda m: " opposite charge " if m.group(1) == "<" else " same charge ",
    ),
    # "$q_{\mu_1} = q_{\mu_2}$", "q1 != q2": the same (opposite) charges
    (
        rf"{_CHARGE_TERM}\s*(==?|!=|\\neq?|\\ne)\s*{_CHARGE_TERM}",
        lambda m: " same charge " if m.group(1) in ("=", "==") else " opposite charge ",
    ),
    # "exactly 1e + 1mu": one electron and one muon
    (
        r"\b(exactly\s+|at\s+least\s+)?(\d)\s*(e|mu|j|b|l)\s*\+\s*(\d)\s*(e|mu|j|b|l)\b",
        lambda m: (
            f"{m.group(1) or ''}{m.group(2)} {_OBJECT_LETTER[m.group(3)]}"
            f"{'s' if m.group(2) != '1' else ''} and {m.group(1) or ''}{m.group(4)} "
            f"{_OBJECT_LETTER[m.group(5)]}{'s' if m.group(4) != '1' else ''}"
        ),
    ),
    # "binw = 2 GeV", "bin width = 5 GeV", "binwidth: 10": bins of that width
    (r"\bbin[- _]?w(?:idth)?\s*(?:=|:)\s*(?=\d)", "bins of "),
    # "pT of all e", "eta of all mu": every electron (muon)
    (r"\bof\s+all\s+(e|mu)\b(?![\w+-])", lambda m: f"of all {_OBJECT_LETTER[m.group(1)]}s"),
    # "energy, momentum, and mass", "momentum and energy": beside the energy, the momentum is
    # the total momentum |p| (was: read as the transverse momentum)
    (
        r"\b(energy|energies)(\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?momentum\b",
        r"\1\2total momentum",
    ),
    (
        r"(?<!transverse\s)(?<!total\s)\bmomentum(\s*,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(energy)\b",
        r"total momentum\1\2",
    ),
    # "light-jet pairs", "Light-Jets H_T": the light jets
    (r"\blight-(jets?)\b", r"light \1"),
    # "$\Delta R_{bb}^{avg}$": an average (over the pairs), said as a word (asked where it
    # cannot be planned; was dropped silently)
    (r"\^\s*\{\s*(?:avg|average|mean)\s*\}", " average "),
    # "60-120 @ 2 GeV": the range in bins of that width
    (r"(?<=\d)\s*@\s*(\d+(?:\.\d+)?)\s*(gev|tev|mev)\b(?!\s*bins)", r" in \1 \2 bins"),
    # "both axes logarithmic", "log scale on both axes": log-log
    (
        r"\b(?:2|both|all)\s+axes\s+(?:(?:in|on|with)\s+(?:a\s+)?)?log(?:arithmic)?"
        r"(?:[- ]?scales?)?\b"
        r"|\blog(?:arithmic)?(?:[- ]?scales?)?\s+(?:on|for)\s+(?:2|both|all)\s+axes\b"
        r"|\blog[- ]log\s+axes\b",
        "log-log",
    ),
    # "16 bins 0-pi", "32 bins -pi..pi": pi as the number, so that the range below is read
    (r"(?<=\bbins\s)\s*0\s*(-|\.\.)\s*pi\b", r" 0\g<1>3.141592653589793"),
    (r"(?<=\bbins\s)\s*-\s*pi\s*(-|\.\.)\s*pi\b", r" -3.141592653589793\g<1>3.141592653589793"),
    # a range written as "A-B" or "A..B" next to the binning ("50 bins -5..5", "25 bins 0-250",
    # "300-1500 in 50 GeV bins", "0-70 bins of 1"): the axis from A to B
    (
        r"\b(\d+\s+bins),?\s+(-?\d+(?:\.\d+)?)\s*(?:\.\.|-)\s*(-?\d+(?:\.\d+)?)(?![\d.])",
        r"\1 from \2 to \3",
    ),
    (
        r"(?<![\w.-])(-?\d+(?:\.\d+)?)\s*(?:\.\.|-)\s*(-?\d+(?:\.\d+)?)(?![\d.])\s*(gev|tev|mev)?"
        r"\s*(?:(,?\s*(?:in|with|using)\s+(?:\d+(?:\.\d+)?\s*(?:gev|tev|mev)?[- ]?(?:wide\s+)?"
        r"bins\b|bins\s+of\b))|\s+(?=bins\s+of\b))",
        lambda m: f"from {m.group(1)} to {m.group(2)} {m.group(3) or ''} {m.group(4) or 'in '}",
    ),
    # counts: "2+ jets" (at least two), "a single muon" (exactly one; "a single muon trigger"
    # is a trigger)
    (rf"\b(\d+)\s*\+\s*(?={_N_OBJECTS})", r"at least \1 "),
    # ">=2b-jets", "1b-tag": the count and the objects, spaced
    (r"(?<![\w.])(\d+)(b-?(?:jets?|tag\w*))\b", r"\1 \2"),
    # ">=4j", "==1mu", ">= 2b": a count of the objects by their letter
    (
        # (not ">= 1 b-tagged jet": the letter begins a word)
        r"(?<![\w.<>=!-])(>=|=>|==|=|>)\s*(\d+)\s*(j|b|mu|e|ele|l|lep)(?![\w(\[-])",
        _letter_count,
    ),
    (
        r"(?<=\bwith\s)a\s+single\s+(?=(?:muon|electron|jet|photon|tau|lepton|b-?jet)\b(?!\s*(?:trigger"
        r"|stream|dataset|data|channel|sample|path|hlt|pd)\b))",
        "exactly 1 ",
    ),
    # "both muons and electrons": the two kinds of objects, not two muons
    (
        r"\bboth\s+(?=(?:the\s+)?(?:muons?|electrons?|jets?|leptons?|photons?|taus?|b-?jets?)\s+"
        r"(?:and|&)\s+(?:the\s+)?(?:muons?|electrons?|jets?|leptons?|photons?|taus?|b-?jets?)\b)",
        "",
    ),
    # "no trigger requirement": what the plan does when none is named (it says so, "Trigger:
    # none is required"); "data only, no MC": the data alone
    (r"(?:,\s*|\b(?:with\s+|and\s+))?\bno\s+trigger\s+(?:requirements?|selection|cuts?)\b", " "),
    (r"\bdata\s+only\s*,?\s*(?:and\s+)?no\s+(?:mc|simulation)\b", "data only"),
    # "two loose ID muons", "2 medium-ID electrons": that ID
    (
        r"\b(\d+|two|three|four)\s+(loose|medium|tight)[- ]id\s+(muons|electrons)\b",
        r"\1 \3 with \2 id",
    ),
    # "no cut on the muon pT": no pT cut on the muons (was: read as a plot of the muon pT, with
    # no cuts at all, and as a follow-up the plot shown replaced by it)
    (
        r"\bno\s+(?:cuts?|requirements?|selection)\s+on\s+(?:the\s+)?(muon|electron|jet|photon|tau"
        r"|lepton|b-?jet)s?(?:'s)?\s+(pt|\|eta\||eta|isolation|iso|id)\b",
        r"no \2 cut on the \1s",
    ),
    # "the two muons both exceed 40 GeV": both muons (the number said twice)
    (
        r"\b(?:the\s+)?(?:two|2)\s+((?:selected\s+)?(?:muons|electrons|jets|leptons|photons"
        r"|taus|b-?jets))\s+(?:both|each)\b",
        r"both \1",
    ),
    # "the softest muon pT", "the pT of the softest jet": the lowest pT of the event's objects
    # (not of one pair's: "the softest muon of the pair" stays asked); "softest" says pT only
    # ("the eta of the softest muon" is no minimum of eta, asked)
    (
        r"\bthe\s+softest\s+(muon|electron|lepton|jet|photon|tau|b-?jet)(?:'s)?\s+(?:pt|p_t"
        r"|transverse\s+momentum)\b(?!\s+(?:of|in|from|among)\s+the\s+(?:pair|two|di|z\b))",
        r"the lowest \1 pt",
    ),
    (
        r"\bthe\s+(?:pt|p_t|transverse\s+momentum)\s+of\s+the\s+softest\s+(muon|electron|lepton"
        r"|jet|photon|tau|b-?jet)\b(?!\s+(?:of|in|from|among)\b)",
        r"the lowest \1 pt",
    ),
    # "the |eta| of the most forward jet": the largest |eta| of the event's jets (its signed eta
    # is no maximum of |eta|, asked)
    # (a replacement with a group reference is no recogniser of the coverage check; an
    # f-string replacement would be one, with its own words known everywhere)
    (
        r"\bthe\s+\|\s*eta\s*\|\s+of\s+the\s+most\s+forward\s+(muon|electron|lepton|jet|photon"
        r"|tau|b-?jet)\b(?!\s+(?:of|in|from|among)\b)",
        r"the maximum \1 |eta|",
    ),
    (
        r"\bthe\s+most\s+forward\s+(muon|electron|lepton|jet|photon|tau|b-?jet)\s+\|\s*eta\s*\|",
        r"the maximum \1 |eta|",
    ),
    # "for both data and simulation", "in both data and MC": the two sample kinds, not a count
    (
        r"\bboth\s+(?=(?:the\s+)?(?:data|collision\s+data|real\s+data)\s+(?:and|&)\s+(?:the\s+)?"
        r"(?:mc|simulation|simulated|monte\s+carlo|prediction|expectation)"
        r"|(?:the\s+)?(?:mc|simulation|monte\s+carlo)\s+(?:and|&)\s+(?:the\s+)?data\b)",
        "",
    ),
    (r"\$", " "),
    (r"''", " "),  # LaTeX's closing quotes (``Tight''); the opening ones are gone already
    (r"\b([bc])\s+-\s*(tag)", r"\1-\2"),  # "$b$-tagged" once the $ are gone
    # markup of notebooks, Sphinx and LaTeX: **bold**, :math:`...`, \mathrm{GeV}, 55\,GeV, ~GeV
    (r"\*\*|:math:|:sup:", " "),
    (r"(?<![\w])__([^_]+?)__(?![\w])", r" \1 "),  # __bold__
    # figure captions: "Figure 13: ...", panel markers "(left)", "(right plot)", "Left side:"
    (r"^\s*(?:fig(?:ure)?\.?\s*\d+[a-z]?\s*[:.]\s*)", " "),
    (r"\((?:left|right|top|bottom|upper|lower)(?:\s+(?:plot|panel|side|figure))?\)", " "),
    # how a caption draws things: "(black dots with statistical error bars)", "(stacked
    # histograms)", "(filled points)"; nothing inside that can be a cut (no number, no working
    # point or ID word)
    (
        r"\((?![^()]*\b(?:loose|medium|tight|working|wp|id|iso\w*|cut|gev|tev)\b)"
        r"(?=[^()\d]*\b(?:dots|markers|error\s+bars?|histograms|lines|bands?|hatched|shaded"
        r"|(?:filled|open|full|black|solid)\s+(?:points|circles|squares|triangles|dots|markers)"
        r"|(?:solid|dashed|dotted)\s+lines?)\b)[^()\d]*\)",
        " ",
    ),
    (r"(?:^|(?<=[.;]))\s*(?:upper|lower|top|bottom|left|right)\s+panels?\s*:", " "),
    # "draw one plot showing ...", "a single histogram of": one figure, not a count of objects
    (
        r"\b(?:one|1|a\s+single)\s+(?=(?:plot|figure|histogram|canvas)\s+(?:showing|of|with|for|comparing)\b)",
        "a ",
    ),
    # "creates a single histogram that contains the pt of all jets": a histogram of
    (
        r"\b(?:one|1|a\s+single|a)\s+(plot|figure|histogram)\s+(?:that|which)\s+(?:contains|shows"
        r"|displays|holds)\s+",
        r"a \1 of ",
    ),
    # "the pT of all the jets in a single plot", "both in one figure": where it is drawn (one
    # figure, as "on the same plot"), not a count
    (
        r"\b(?:in|on|into)\s+(?:one|1|a\s+single|a)\s+(?:plot|figure|canvas|histogram|panel)"
        r"(?!\s+(?:showing|of|with|for|comparing|each|per)\b)\b",
        " on the same plot ",
    ),
    (r"(?:^|(?<=[.;]))\s*(?:left|right|top|bottom)\s+(?:side|plot|panel)\s*:", " "),
    # "\vec{p}_T^{miss}": the vector's letter; "\texttt{HLT\_IsoMu24}": the name as written
    (r"\\vec\s*\{\s*([a-z])\s*\}", r"\1"),
    (
        r"\\(?:texttt|verb|code)\s*\{([^{}]*)\}",
        lambda m: " " + m.group(1).replace("\\_", "_") + " ",
    ),
    # analysis-note LaTeX: citations and references ("Fig.~\ref{fig:met} shows", "\cite{X}"),
    # siunitx numbers ("\SI{20}{\GeV}", "\unit{25}{\GeV}"), font sizes inside \mbox, the CMS
    # particle macros (\cPqb, \PQb: b quark; \cPZ, \PW, \PH; \Pgm: muon; \Pgt; \Pgg; \Pe)
    # and missing-ET macros (\ETm, \ETmiss, \ptmiss)
    (r"\\(?:cite[pt]?|eqref|label)\s*\{[^{}]*\}", " "),
    (r"\b(?:fig(?:ure)?s?|tables?|tab)\.?\s*~?\s*\\ref\s*\{[^{}]*\}", " the figure "),
    (r"\\ref\s*\{[^{}]*\}", " "),
    (r"\\(?:si|unit|qty|num)\s*\{\s*([\d.]+)\s*\}\s*\{\s*\\?(gev|tev|mev)\s*\}", r" \1 \2 "),
    (r"\\(?:scriptsize|footnotesize|small|tiny|normalsize|displaystyle|textstyle)(?![a-z])\s*", ""),
    (r"\{\s*\{([^{}]*)\}\s*\}", r"{\1}"),
    (r"\\c?pa?q([bctsud])(?![a-z])(?=-)", r" \1"),  # "\cPqb-tagged": "b-tagged"
    (r"\\c?pa?q([bctsud])(?![a-z])", r" \1 "),
    # "$n_\textrm{vertex}$", "n_{vtx}": the number of primary vertices ("NVtx corrections" stay)
    (
        r"\bn\s*_\s*\{?\s*\\?(?:textrm|mathrm|text|rm)?\s*\{?\s*(?:vertex|vertices|vtx|pv)\s*\}?\}?"
        r"(?![a-z0-9])",
        " number of primary vertices ",
    ),
    # "the difference in pseudo-rapidity between the two leading jets": their delta eta
    (
        r"\b(?:the\s+)?difference\s+in\s+(?:the\s+)?(?:pseudo-?\s?rapidit(?:y|ies)|eta)\s+"
        r"(?=between\b)",
        " delta eta ",
    ),
    (r"\\c?pg(m|t|g)(?:p|m)?(?![a-z])", lambda m: _GREEK_MACRO[m.group(1)]),
    (r"\\c?p([zwh])(?:p|m|pr)?(?![a-z])", r" \1 "),
    (r"\\c?pe(?:p|m)?(?![a-z])", " e "),
    (r"\\(?:etm|etmiss|ptmiss|ptvecmiss|etslash|misset|ptmis)(?![a-z])", " met "),
    (r"\bex(?:atcly|aclty|actely)\b", "exactly"),  # typos of "exactly"
    # "precisely two jets", "strictly one muon": exactly (was: "precisely two jets" read as at
    # least two, silently)
    (
        r"\b(?:precisely|strictly)\s+(?=(?:\d+|one|two|three|four|five|six|zero)\s+(?:[\w-]+\s+)?"
        r"(?:jets?|muons?|electrons?|leptons?|photons?|taus?|b-?jets?|b-?tag\w*)\b)",
        "exactly ",
    ),
    # "$p_\mathrm{T}$", "$H_\text{T}$", "$m_\mathrm{ll}$": a subscript, kept on its letter
    # "$m_{\mathrm{SD}}$", "$N_{\mathrm{PV}}$": the braces' own text ("m_{sd}", not "m_{ sd }")
    (r"\{\s*\\(?:mathrm|text|rm|textrm|mbox)\s*\{([^{}]*)\}\s*\}", r"{\1}"),
    (r"([_^])\s*\\(?:mathrm|text|rm|textrm|mbox)\s*\{([^{}]*)\}", r"\1{\2}"),
    (r"\{\s*\\(?:rm|bf|it|sf)\s+([^{}]*)\}", r"{\1}"),  # "$H_{\rm T}$": a font switch
    (r"\\(?:mathrm|text|rm|textrm|mbox)\s*\{([^{}]*)\}", r" \1 "),
    (r"\\[,;!: ]", " "),
    (r"\^\s*\{\s*(miss)\s*\}", r"^{\1}"),  # "p_T^{\,\mathrm{miss}}" once the spacing is gone
    # "\phi(\vec{p}_T^{miss})", "phi(MET)": the MET's phi
    (
        r"\b(phi|pt)\s*\(\s*(?:(?:\\vec\s*\{?\s*)?p\s*\}?\s*_\s*\{?\s*t\s*\}?\s*\^\s*\{?\s*miss\s*\}?"
        r"|met)\s*\)",
        r" met \1 ",
    ),
    # "$\geq 3$ jets", "$N_{jets} \leq 2$": the comparisons (the backslash goes below)
    (r"\\(?:geq?|geqslant)(?![a-z])", " >= "),
    (r"\\(?:leq?|leqslant)(?![a-z])", " <= "),
    (r"~\s*(?=(?:gev|tev|mev)\b)", " "),
    (r"\bp_?\{?\\perp\}?", " pt "),
    # "for dimuon masses between 80 and 100 GeV": the values of the pair mass, the same quantity
    (r"\b(di(?:muon|electron|lepton|jet|photon|tau)|invariant)\s+masses\b", r"\1 mass"),
    # "the top-quark mass", "the Z-boson mass": the particle's two words
    (r"\b(top|bottom|charm|strange|b|c|z|w|higgs)-(quarks?|bosons?)\b", r"\1 \2"),
    (r"\bpts\b", "pt"),  # "all muon pts": the plural of pT (its values), the same quantity
    (r"\bnumbers\s+of\b", "number of"),  # "the numbers of jets per event": one per event
    # impact parameters by their names: the NanoAOD fields sip3d, ip3d, dxy, dz ("impact
    # parameter" alone is none of them: left unread, asked)
    (
        r"\b(?:3d|three[- ]dimensional)\s+impact[- ]parameter\s+significance\b"
        r"|\bimpact[- ]parameter\s+significance\s+in\s+3d\b"
        r"|\bsignificance\s+(?:of|on)\s+(?:the\s+)?(?:3d\s+)?impact[- ]parameter(?:\s+in\s+3d)?\b"
        r"|\bsip[ _-]?3d\b",
        " sip3d ",
    ),
    (
        r"\b(?:3d|three[- ]dimensional)\s+impact[- ]parameter\b|\bimpact[- ]parameter\s+in\s+3d\b",
        " ip3d ",
    ),
    (r"\btransverse\s+impact[- ]parameter\b", " dxy "),
    (r"\blongitudinal\s+impact[- ]parameter\b", " dz "),
    # an axis title's count: "# of b-jets", "#jets", "No. of jets", "Nb. of muons", "N. of jets"
    # (ROOT-TeX "#eta", "#Delta" is not followed by an object word)
    (
        r"(?:(?<![\w#])#\s*(?:of\s+)?|\b(?:no|nb|n)\.\s*of\s+)"
        rf"(?=(?:(?:selected|good|tagged|reconstructed)\s+)?(?:{_N_OBJECTS}))",
        " number of ",
    ),
    (r"\bwith\s+respect\s+to\b", "to"),  # "delta R with respect to the muon": to the muon
    (r"\bw/o\b", "without"),
    (r"\\mu", "mu"),
    (r"\\eta", "eta"),
    (r"\\gamma", "gamma"),
    (r"\\ell", "l"),
    # "$\tau_h$", "\tau_{\mathrm{h}}": the hadronic tau, as NanoAOD's taus are
    (r"\\?\btau\s*_\s*\{?\s*(?:\\mathrm\s*\{\s*h\s*\}|h)\s*\}?(?![a-z0-9])", "tau"),
    (r"\\tau\b", "tau"),
    # "$n_\ell$", "N_{jets}", "n_{\mu}": the number of those objects per event
    (
        r"\bn\s*_\s*\{?\s*(l|leps?|leptons?|mu|muons?|e|eles?|electrons?|j|jets?|b|bjets?|taus?"
        r"|gamma|photons?)\s*\}?"
        r"(?![a-z0-9{])",
        lambda m: f" number of {_OBJECT_PLURAL[m.group(1)]} ",
    ),
    (r"\\", " "),
    (r"\bdi[- ](muon|electron|lepton|jet|photon|tau)", r"di\1"),
    # "the jet jet mass": the dijet mass (before a doubled word is taken as a typo)
    (
        r"\b(muon|electron|lepton|jet|photon|tau)\s+\1\s+(?=(?:invariant\s+)?mass\b)",
        lambda m: f"{PROFILES[m.group(1)].pair_name} ",
    ),
    # a doubled word: "the missing missing energy"; not two particles ("m(mu mu)", "tau tau":
    # was one muon's mass, one tau)
    (r"\b(?!(?:mu|tau|gamma|nu|pi)\s)([a-z]{2,})\s+\1\b", r"\1"),
    (r"\b(gev|tev|mev)\s+each\b", r"\1"),  # "2 jets with pT > 50 GeV each": a cut on every one
    # "-2.1 < eta < 2.1", "eta within +-2.1": |eta| < 2.1
    (r"-\s*(\d+(?:\.\d+)?)\s*<=?\s*\|?eta\|?\s*<=?\s*\+?\1\b", r"|eta| < \1"),
    (r"\beta\s+(?:within|in|of)\s+(?:\+-|\+/-)\s*(\d+(?:\.\d+)?)", r"|eta| < \1"),
    # "greater than or equal to 30 GeV", "less than or equal to 2.4": >=, <=
    (r"\b(?:greater|larger|more|higher)\s+than\s+or\s+equal\s+(?:to\s+)?", ">= "),
    (r"\b(?:less|smaller|lower|fewer)\s+than\s+or\s+equal\s+(?:to\s+)?", "<= "),
    # "at or above 12 GeV", "at or below 2.4", "up to and including 150 GeV", "beyond 120 GeV"
    (r"\bat\s+or\s+(?:above|over)\s+(?=\d)", ">= "),
    (r"\bat\s+or\s+(?:below|under)\s+(?=\d)", "<= "),
    (r"\bup\s+to\s+and\s+including\s+(?=\d)", "up to "),
    (r"\bbeyond\s+(?=\d)", "above "),
    # "jets with 25 GeV < pT" (not a window "25 < pT < 50"): pT > 25 GeV
    (
        r"(?<![<\d.])(\d+(?:\.\d+)?)\s*(gev|tev|mev)?\s*(<=?)\s*(pt|mass|met|ht|\|eta\|)(?!\s*<)",
        lambda m: f"{m.group(4)} {m.group(3).replace('<', '>')} {m.group(1)} {m.group(2) or ''}",
    ),
    # "within |eta| of 2.1", "within |eta| < 2.1": inside (it was read as |eta| > 2.1)
    (r"\bwithin\s+(?:an?\s+)?\|?\s*eta\s*\|?\s*(?:of|<=?|=)\s*(\d+(?:\.\d+)?)", r"|eta| < \1"),
    # "muons with eta between -2.1 and 2.1", "with |eta| between 1.5 and 2.4": a cut on the
    # objects (a plotted eta "between -2.1 and 2.1" with no "with" stays the histogram range)
    (
        r"\b(with|having|whose|where|requiring|and|in)\s+(?:an?\s+|the\s+|their\s+)?"
        r"(?:pseudo-?\s?rapidity|eta)\s+(?:between|from)\s+-\s*(\d+(?:\.\d+)?)\s+(?:and|to)\s+\+?\2\b",
        r"\1 |eta| < \2",
    ),
    (
        r"\b(with|having|whose|where|requiring|and|in)\s+(?:an?\s+|the\s+|their\s+)?\|\s*eta\s*\|"
        r"\s+(?:between|from)\s+(\d+(?:\.\d+)?)\s+(?:and|to)\s+(\d+(?:\.\d+)?)\b",
        r"\1 \2 < |eta| < \3",
    ),
    # "40 GeV or more": above 40 GeV
    (
        r"\b(\d+(?:\.\d+)?)\s*(gev|tev|mev)\s+or\s+(?:more|above|higher|greater|larger)\b",
        r"above \1 \2",
    ),
    # "one and only one muon": exactly one
    (r"\b(one|two|three|four|\d+)\s+and\s+only\s+\1\b", r"exactly \1"),
    # "the leading and subleading jet (system)": the two leading jets
    (
        r"\b(?:the\s+)?leading\s+and\s+(?:the\s+)?sub-?leading\s+(jet|muon|electron|lepton|photon"
        r"|b-?jet)s?(\s+(?:system|pair))?\b",
        r"the 2 leading \1s\2",
    ),
    # "the three-jet combination", "combinations of three jets", "the 2-jet candidates": the
    # trijet / dijet (was: "3-jet combination" left unread, the jets' pT plotted)
    (
        r"\b(?:3|three)[- ]?jets?\s+(?:combinations?|systems?|candidates?|triplets?|objects?)\b"
        r"|\b(?:combinations?|triplets?|systems?|candidates?)\s+of\s+(?:3|three)\s+jets\b",
        "trijet",
    ),
    (
        r"\b(?:2|two)[- ]?jets?\s+(?:combinations?|candidates?|pairs?)\b"
        r"|\b(?:combinations?|candidates?)\s+of\s+(?:2|two)\s+jets\b",
        "dijet",
    ),
    # "jets whose |eta| is less than 1", "muons whose pT is above 20 GeV": with that cut
    (
        r"\b(?:whose|with\s+an?|that\s+have\s+an?)\s+((?:absolute\s+)?(?:\|\s*eta\s*\||eta|pt|mass|pseudorapidity|rapidity"
        r"|phi|energy|isolation|reliso|charge))\s+(?:value\s+)?(?:is|are|lies|lie|of)\s+"
        r"(?=(?:less|lower|smaller|greater|larger|higher|bigger|more|above|below|under|over|within"
        r"|between|at\s+(?:least|most)|[<>=]|\d))",
        r"with \1 ",
    ),
    # "among all three-jet combinations, take the one closest to ...": that candidate
    (
        r"\b(dijets?|trijets?|pairs?|triplets?|combinations?)\s*,?\s*(?:and\s+)?(?:then\s+)?"
        r"(?:take|keep|choose|select|pick|use)\s+the\s+(?:1|one)\s+(?=(?:whose|with|closest|nearest)\b)",
        r"\1 ",
    ),
    # "the one whose mass is nearest 172.5 GeV", "with a mass nearest to the top mass"
    (
        r"\b(?:whose\s+|with\s+(?:an?\s+|the\s+)?)(?:invariant\s+)?mass\s+(?:is\s+|lies\s+)?"
        r"(?:nearest|closest)(?:\s+to)?\s*"
        r"|\bnearest\s+(?:to\s+)?(?=\d|(?:the\s+)?(?:nominal\s+)?(?:top|z|w|higgs)\b)",
        "closest to ",
    ),
    # "the mass of the first two leptons", "the mT of the leading two leptons and the MET",
    # "delta R between the first two jets": the two leading ones (a pair's quantity; "the pT of
    # the first two muons" is asked)
    (
        r"\b(mass|mt|system|pair|between|delta\s*r|dr|delta\s*phi|dphi|delta\s*eta)\s+"
        r"(of\s+|formed\s+by\s+|made\s+(?:of|from|by)\s+)?(?:the\s+)?(?:first|leading|hardest)\s+"
        r"(two|three|2|3)\s+(?=(?:b-?tagged\s+jets?|b-?jets?|jets?|muons?|electrons?|leptons?"
        r"|photons?|taus?)\b)",
        r"\1 \2the \3 leading ",
    ),
    # "the dijet mass of the two b-tagged jets": the pair of those two
    (
        r"\bdijet\s+(mass|pt)\s+of\s+(?:the\s+)?(?:2|two)\s+(?:leading\s+)?(b-?tagged\s+jets|b-?jets)\b",
        r"\1 of the 2 leading \2",
    ),
    # "a cut of 30 GeV on the MET", "tighten the muon pT cut to 30 GeV": that cut
    (
        r"\b(?:a\s+)?(?:cut|threshold|requirement)\s+of\s+(\d+(?:\.\d+)?)\s*(gev|tev)\s+on\s+(?:the\s+)?"
        r"(met|ht|(?:leading\s+)?(?:[a-z-]+\s+)?pt)\b",
        r"\3 > \1 \2",
    ),
    (
        r"\b(?:tighten|raise|lower|loosen|change|set|move|increase|decrease|put)\s+(?:the\s+)?"
        r"((?:leading\s+)?(?:[a-z-]+\s+)?(?:pt|met|ht))\s+(?:cut|threshold|requirement)\s+(?:to|at)\s+"
        r"(\d+(?:\.\d+)?)\s*(gev|tev)\b",
        r"\1 > \2 \3",
    ),
    # "First, select muons ...": a step of the recipe, not the first (leading) object
    (r"(?:^|(?<=[.;:]))\s*(?:first(?:ly)?|second(?:ly)?|then|next|finally|lastly)\s*,\s*", " "),
    # "Z candidate pT (upper) and |y| (lower)": where a figure shows each plot, not analysis
    (r"\s*\((?:upper|lower|left|right|top|bottom)(?:\s+(?:panels?|plots?|pads?))?\)", " "),
    # "the difference in azimuth between": Delta phi
    (r"\b(?:difference|separation)\s+in\s+(?:the\s+)?azimuth(?:al\s+angle)?\b", " delta_phi "),
    # ROOT's TH1 binning "(50, 0, 200)": 50 bins from 0 to 200
    (
        r"\b(?:binning|bins|th1f?)\s*(?:of\s+|=\s*|:\s*)?[(\[]\s*(\d+)\s*,\s*(-?\d+(?:\.\d+)?)\s*,\s*"
        r"(-?\d+(?:\.\d+)?)\s*[)\]]",
        r"\1 bins from \2 to \3",
    ),
    # "single-muon events", "the single-lepton channel": exactly one of them
    (
        r"\bsingle[- ](muon|electron|lepton|photon|jet|tau)\s+(events?|channel|final\s+states?)\b",
        r"\2 with exactly 1 \1",
    ),
    # a data/MC plot always has its ratio panel: the words add nothing to the analysis
    (r"\b(?:with\s+)?(?:a\s+|the\s+)?(?:data/mc\s+)?ratio\s+(?:panel|pad|subplot|plot)\b", " "),
    (
        r"\b([mgt]ev)\s*/\s*c(?:\s*(?:\^|\*\*)?\s*(?:2|\{\s*2\s*\}))?(?![a-z0-9])",
        r"\1",
    ),  # GeV/c, GeV/c^2, GeV/c^{2}
    # "$M_{\mu^+\mu^-}$", "e^+e^-": the pair's symbol
    (r"\bmu\s*\^\s*(?:\{\+\}|\+)\s*mu\s*\^\s*(?:\{-\}|-)", "mumu"),
    (r"\be\s*\^\s*(?:\{\+\}|\+)\s*e\s*\^\s*(?:\{-\}|-)", "ee"),
    # "$p_T (l^{+}l^{-})$", "$m(\ell^+\ell^-)$" (\ell is l by now): the opposite-sign lepton pair
    (r"\bl\s*\^\s*(?:\{\+\}|\+)\s*l\s*\^\s*(?:\{-\}|-)", "l+l-"),
    # "the two-lepton system", "2-muon pair": the dilepton, the dimuon
    (
        r"\b(?:2|two)[- ](muon|electron|lepton|jet|photon|tau)s?\s+(?:system|pair|final\s+state)\b",
        r"di\1",
    ),
    (
        # (and "m(mu, mu)": was each muon's pT cut at the number)
        r"\bm\s*\(\s*mu\s*[+,]?\s*mu\s*-?\s*\)|\bm_?(?:\{mu\s*mu\}|mu\s*mu\b)|\bmmumu\b",
        " dimuon mass ",
    ),
    (r"\bm\s*\(\s*e\s*[+,]?\s*e\s*-?\s*\)|\bm_?(?:\{ee\}|ee\b)|\bmee\b", " dielectron mass "),
    (r"\bm\s*\(\s*l\s*[+,]?\s*l\s*-?\s*\)|\bm_?(?:\{ll\}|ll\b)|\bmll\b", " dilepton mass "),
    # "m(e,mu)", "m(e mu)", "m_{e mu}", "m_{emu}": the electron-muon pair's mass
    (
        r"\bm\s*\(\s*(?:e\s*[,+]?\s*mu|mu\s*[,+]?\s*e)\s*\)|\bm_\{\s*(?:e\s*mu|mu\s*e)\s*\}"
        r"|\bm_(?:emu|mue)\b",
        " e mu invariant mass ",
    ),
    (r"\bm\s*\(\s*j\s*,?\s*j\s*\)|\bm_?(?:\{jj\}|jj\b)|\bmjj\b", " dijet mass "),
    # "mDiMu", "m_dimuon", "mdijet": the pair's mass; "mZ", "m_{Z}": the Z (candidate) mass
    (
        r"\bm_?(di(?:mu|muon|ele|electron|lep|lepton|jet|photon|tau))s?\b",
        lambda m: f" {_DI_NAME.get(m.group(1), m.group(1))} mass ",
    ),
    (r"\bm_?(?:\{z\}|z)(?![\w{])", " z mass "),
    # "lepton photon mass", "photon/electron combo mass": the system of one of each (m(l, y);
    # not "tau jet mass", a hadronic tau's; "electron-muon mass" is the e-mu pair's, read
    # elsewhere); "the jet-jet mass": the dijet mass
    (
        r"\b(muon|electron|lepton|photon|jet|b[- ]?jet|tau)\s*(?:/|\+|-|\s)\s*(muon|electron"
        r"|lepton|photon|jet|b[- ]?jet|tau)\s+(?:combo\s+|combination\s+|system\s+)?"
        r"(?:invariant\s+)?mass\b",
        _two_kinds_mass,
    ),
    (r"\bm\s*\(\s*b\s*,?\s*b\s*\)|\bm_?(?:\{bb\}|bb\b)|\bmbb\b", " dibjet mass "),
    # "the absolute azimuthal separation": Delta phi is |Delta phi| in [0, pi] already
    (
        r"\babsolute\s+(?=(?:azimuthal\s+(?:separation|difference|distance|angle)|delta[ _]?phi"
        r"|difference\s+in\s+(?:phi|azimuth)))",
        "",
    ),
    # "16 bins from 0 to pi", "0-pi", "[0, pi]", "-pi to pi": pi as the number (angles)
    (r"(?<![\w.])-\s*pi\b(?=\s*(?:,|to|-|\.\.|and)\s*\+?pi\b)", "-3.141592653589793"),
    (
        r"((?:\bfrom\s+)?(?:(?<![\w.])0|\bzero|-3\.141592653589793)\s*(?:-|to|,|\.\.|and)\s*)"
        r"\+?pi\b",
        r"\g<1>3.141592653589793",
    ),
    # "zPt is calculated from two opposite sign muons ...": the Z candidate's pT
    (r"\bz_?pt\b", " z pt "),
    # "l0pt", "j0eta" (TopEFT-style names): index 0 is the leading object; "l1pt" is the
    # subleading one only where a "0" index says the names count from 0 (else asked)
    (r"\b([lj])([01])(pt|eta|phi)\b", _ranked_name),
    # "the muon eta for muons between 20 and 50 GeV", "jets in the 30-50 GeV bin": a GeV range
    # right after the objects is their pT range (a cut), not the plotted quantity's axis
    (OBJECTS_GEV_RANGE, objects_pt_range),
    # "the dimuon mass for events with dimuon mass > 200": the plotted pair's mass cut
    (SAME_PAIR_MASS_CUT, same_pair_mass_cut),
    # "the dijet system formed by the two b-jets": the b-jet pair
    (DIJET_OF_BJETS, dijet_of_bjets),
    # "two muons with pT > 25 GeV passing tight ID": the muons' ID, not the next object's
    (ID_AFTER_PT_CUT, id_after_pt_cut),
    # "events with under 2 jets", "over 3 jets": the comparison of the count
    (COMPARED_COUNT, compared_count),
    # "minDPhi(j,MET)", "min_dphi(jets, met)": the minimum delta phi
    (r"\bmin_?(?=d(?:elta)?_?phi\s*\()", "min "),
    # "muon pT after tight ID", "after the loose ID and isolation cuts": the objects pass them
    (
        r"\bafter\s+(?:the\s+)?(?=(?:loose|medium|tight|soft|high[- ]pt)\s+(?:muon\s+|electron\s+)?"
        r"(?:id|identification|isolation|iso)\b)",
        "with ",
    ),
    # "pT of the leading muon before isolation": no isolation cut (not "before and after")
    (
        r"\bbefore\s+(?:the\s+|any\s+)?(isolation|iso)(?:\s+(?:cuts?|requirements?|selection))?\b"
        r"(?![^.;]*\bafter\b)",
        r"without \1",
    ),
    # "N(jets)", "n(b-tagged jets) >= 2", "N(tight muons)": a histogram title's count of objects
    (
        r"(?<![\w.])n\s*\(\s*((?:[a-z][a-z+-]*\s+){0,2}(?:(?:b[- ]?)?jets?|bjets?|muons?|electrons?"
        r"|leptons?|photons?|taus?|fat\s?jets?|vertices|pvs?))\s*\)",
        r"number of \1",
    ),
    # "b jet counter", "30 GeV b jet counter": the number of b-jets (of that pT)
    (
        r"(?:\b(\d+(?:\.\d+)?)\s*gev\s+)?\b((?:b[- ]?)?jets?|bjets?|muons?|electrons?|leptons?"
        r"|photons?|taus?)\s+counters?\b",
        lambda m: (
            f"number of {m.group(2)}" + (f" with pt > {m.group(1)} gev" if m.group(1) else "")
        ),
    ),
    # "30 GeV b jet counter", "two 25 GeV muons": a threshold said as an adjective
    (
        r"(?<![\d.])(\d+(?:\.\d+)?)\s*gev\s+((?:b[- ]?)?jets?|muons?|electrons?|leptons?"
        r"|photons?)\b(?!\s*(?:mass|pt|p_t|energy))",
        _threshold_adjective,
    ),
    # "$m_{\gamma\gamma}$" (the LaTeX letters are spelled out before: "m_{gammagamma}")
    (
        r"\bm\s*\(\s*gamma\s*,?\s*gamma\s*\)|\bm_?(?:\{\s*gamma\s*gamma\s*\}|gamma\s*gamma\b)"
        r"|\bm_?\{?yy\b\}?",
        " diphoton mass ",
    ),
    (r"\bmu\s*\+\s*mu\s*-", " mumu "),
    # "the pT of mu+ only", "mu- candidates": a muon of that charge
    (r"\bmu\s*\+(?=\s|$|[,.;)])", " positive muons "),
    (r"\bmu\s*-(?=\s|$|[,.;)])", " negative muons "),
    (r"\be\s*\+\s*e\s*-", " ee "),
    # "for the big amount of collision events", "over a large number of events": how many
    # events there are, not which (no selection)
    (
        r"\b(?:the|a)\s+(?:very\s+)?(?:big|large|huge|great|vast|high)\s+(?:amount|number|set)"
        r"\s+of\s+(?=(?:(?:recorded|collision|data|simulated)\s+)?events\b)",
        " ",
    ),
    # "a combination of 4 muons": the four-muon system (one candidate of four objects)
    (
        r"\b(?:a\s+|the\s+)?(?:combination|system|sum)\s+of\s+(?:the\s+)?(?:4|four)\s+"
        r"(muon|electron|lepton|jet)s\b",
        r"the four-\1 system",
    ),
    # "after the requirement of at least four jets", "after requiring two muons": a selection
    (
        r"\bafter\s+(?:(?:the|a)\s+)?(?:requirement|request|selection|demand)\s+(?:of|for)\s+"
        r"(?=(?:at\s+least|at\s+most|exactly|only|\d|one|two|three|four|five|six|a|an)\b)"
        r"|\bafter\s+(?:requiring|selecting|demanding|asking\s+for)\s+"
        r"(?=(?:at\s+least|at\s+most|exactly|only|\d|one|two|three|four|five|six|a|an)\b)"
        r"|\bafter\s+applying\s+(?:a|the)\s+(?:cut|requirement|selection)\s+(?:of|for)\s+"
        r"(?=(?:at\s+least|at\s+most|exactly|only|\d|one|two|three|four|five|six|a|an)\b)",
        " in events with ",
    ),
    # "the pT of the electrons after applying a cut on |eta| < 1.4", "after requiring |eta| <
    # 1.4", "after a cut of pT > 25 GeV": the cut is stated right after "after" (a quantity, a
    # comparison and a number), so it is the objects' cut, as "with |eta| < 1.4"
    (
        r"\bafter\s+(?:(?:applying|imposing|placing|making|requiring)\s+)?"
        r"(?:(?:a|an|the)\s+)?(?:(?:cut|requirement|selection)\s+(?:on|of)\s+(?:the\s+)?)?"
        r"(?=(?:\|\s*(?:eta|y)\s*\||abs\s*\(\s*eta\s*\)|eta|pt|p_t|p_\{t\}|et|mass)\s*"
        r"(?:<=?|>=?|=<|=>)\s*-?\d)",
        " with ",
    ),
    # "the muon pT spectrum up to 500 GeV": a non-negative quantity's axis from 0 (a range right
    # after the plotted quantity is its axis, as "from 0 to 500 GeV")
    (
        r"\b(pt|mass|met|ht|mht|momentum|energy)((?:\s+(?:spectrum|spectra|distribution|histogram))?)"
        r"\s+up\s+to\s+(\d+(?:\.\d+)?)\s*(gev|tev)\b",
        r"\1\2 from 0 to \3 \4",
    ),
    # "20 GeV wide bins, starting at 0 and going up to 400 GeV": the range "from 0 to 400 GeV"
    (
        r"\bstarting\s+(?:at|from)\s+(-?\d+(?:\.\d+)?)\s*(gev|tev)?\s*,?\s*(?:and\s+)?"
        r"(?:going|running|extending|ending|reaching|stopping)\s+(?:up\s+)?(?:to|at)\s+"
        r"(-?\d+(?:\.\d+)?)\s*(gev|tev)?\b",
        r"from \1 \2 to \3 \4",
    ),
    # "the 2nd leading jet": the subleading one
    (r"\b(?:2nd|second)[- ]leading\b", "subleading"),
    # "the next-to-leading jet", "next leading lepton": the subleading one (not "next-to-leading
    # order", a perturbative order)
    (
        r"\bnext[- ](?:to[- ])?leading\b(?![- ]+(?:orders?|logs?|logarithm|logarithmic|nlo)\b)",
        "subleading",
    ),
    # "the second hardest jet", "the second most energetic muon": the subleading one
    (r"\b(?:2nd|second)[- ](?:hardest|most[- ]energetic)\b", "subleading"),
    (r"\b(?:3rd|third)[- ](?:hardest|most[- ]energetic)\b", "third"),
    (r"\b(?:3rd|third)[- ]leading\b", "third"),
    (r"\b(?:4th|fourth)[- ]leading\b", "fourth"),
    # "expected from the SM processes": the simulation
    (
        r"\b(?:the\s+)?(?:sm|standard[- ]model)\s+(?:processes|process|predictions?|backgrounds?"
        r"|expectations?|simulations?|mc)\b",
        " mc ",
    ),
    # "the differential cross section is measured as a function of X": the reconstructed
    # distribution of X is what can be plotted (the parser says so: no unfolding here)
    (
        r"\b(?:the\s+)?(?:differential\s+|fiducial\s+|inclusive\s+|normali[sz]ed\s+)*cross[- ]"
        r"sections?\s+(?:(?:is|are)\s+(?:also\s+)?)?(?:measured|presented|shown|determined|studied"
        r"|reported)\s+(?:(?:using|with|in)\s+[^,.;:]*?\s+)?(?:,\s*)?(?:and\s+(?:is|are)\s+"
        r"determined\s+)?(?:as\s+(?:a\s+)?functions?\s+of|in\s+bins\s+of|versus|vs\.?)\s+",
        " plot xsecasreco ",
    ),
    # "which quantifies the hadronic activity in the event": what the quantity means
    (
        r",?\s*\bwhich\s+(?:quantifies|measures|describes|characteri[sz]es|represents|reflects"
        r"|probes|is\s+sensitive\s+to)\s+[^,.;\d]*,?",
        " ",
    ),
    # "run a CMSSW job on real dimuon data": how, and the collision data
    (
        r"\b(?:run\s+)?(?:a\s+)?cmssw\s+(?:job|config(?:uration)?|analy[sz]er|module)\s+(?:on\s+)?",
        " ",
    ),
    (r"\breal\s+(?=(?:[a-z]+\s+)?(?:collision\s+)?data\b)", " "),
    # "Z>mumu", "Z > ee" (an arrow typed as ">"): Z -> mumu
    (r"\b(z|w|h)\s*>\s*(mu\s?mu|ee|ll|e\s?e|l\s?l|mu|e|l|tau\s?tau|bb)\b", r"\1 -> \2"),
    # NanoAOD counters "nJet", "nMuon": every object of the collection (the branch counts all);
    # "n_jets", "njets": the number of jets
    (r"\bn(jet|muon|electron|photon|tau|fatjet)\b", r" number of all \1s "),
    (r"\bn(?:_|\s)?(jets|muons|electrons|photons|taus|bjets|leptons)\b", r" number of \1 "),
    # "$n_{\text{ljets}}$", "N_{light jets}": the light (not b-tagged) jets
    (r"\bn_?\{?\s*(?:ljets|light[\s-]?jets)\s*\}?", " number of light jets "),
    # "electron-muon pairs" are e-mu pairs, not "muon pairs"
    (r"\b(?:electron[- ]muon|muon[- ]electron)\s+(pairs?|system|candidates?)\b", r"emu \1"),
    # "SFOS", "OSSF": same-flavour opposite-sign (lepton pairs)
    (
        r"\b(?:sfos|ossf|os\s*sf|sf\s*os)\s+(?:(?:lepton|dilepton)\s+)?(pairs?|dileptons?|leptons?)\b",
        r"same-flavour opposite-charge lepton \1",
    ),
    (r"\b(?:sfos|ossf)\b", "same-flavour opposite-charge"),
    # "Y mesons", "the Y(1S)", "Y(2S) resonance": the Upsilon, as ASCII text writes it (a "y"
    # alone is a rapidity)
    (r"\by\s*(?:\(\s*([123])s\s*\)|(?=\s+(?:mesons?|resonances?)\b))", r"upsilon"),
    # "the SFOS muon pair", "a same-flavour electron pair": of that flavour, which is one (was:
    # muon and electron pairs both, the flavour named dropped)
    (
        r"\bsame[- ]flavou?r\s+((?:opposite[- ](?:sign|charge)d?\s+)?(?:muon|electron|dimuon"
        r"|dielectron)s?\b)",
        r"\1",
    ),
    # "the J/psi meson", "the Upsilon resonance": the particle
    (
        r"\b(j\s*/\s*psi|jpsi|upsilons?(?:\s*\(\s*[123]s\s*\))?|psi\s*\(\s*2s\s*\))\s+"
        r"(?:mesons?|resonances?|states?|particles?)\b",
        r"\1",
    ),
    # "Z boson qT": the transverse momentum of the boson (of the pair)
    (r"\bq_?\{?t\}?(?![a-z0-9])", " pt "),
    # "Zμ+μ", "Ze+e" (an arrow and the minus signs lost by the page): Z -> mumu, Z -> ee
    (r"\bz\s*(mu|e)\s*\+\s*\1\b\s*-?", r"z -> \1\1 "),
    # "the ECAL barrel", "EB only": the barrel (of the ECAL: electrons and photons)
    (r"\becal\s+(barrel|endcaps?|end-caps?)\b", r"\1"),
    (r"\b(barrel|endcaps?|end-caps?)\s+of\s+the\s+ecal\b", r"\1"),
    (r"\beb\b(?=\s+only\b|\s*\(|\s+electrons?\b|\s+photons?\b)", "barrel"),
    # "in the barrel category": in the barrel
    (r"\b(barrel|endcaps?|end-caps?|forward|central)\s+(?:category|categories|class)\b", r"\1"),
    # "the magnitude of the MET": its pT; NanoAOD's MET is the Type-1 corrected PF MET
    (r"\b(?:the\s+)?magnitude\s+of\s+(?:the\s+)?(?=met\b)", " "),
    (r"\b(?:type[- ]?(?:1|i)\s+)(?:corrected\s+)?(?:pf\s*)?(?=met\b)|\bpf\s*(?=met\b)", " "),
    # a script or notebook named in a tutorial ("use fakerate_analyze.py to plot"): how, not what
    (r"\b[\w-]+\.(?:py|ipynb|cc|cxx|cpp|sh|jl)\b", " "),
    # the jet mass before grooming is a jet-substructure word: the AK8 jets' mass
    (
        r"\bungroomed\s+(?:(?:ak8|fat|large[- ]radius)\s+)?(?:jets?\s+)?mass(es)?\b",
        r"ak8 jet mass\1",
    ),
    (r"\btran?s?v?ers(?:e|al)\b", "transverse"),
    (r"\b(jets?|muons?|electrons?|photons?|taus?|fatjets?)_(pt|eta|phi|mass)\b", r"\1 \2"),
    # "pT(jj)", "pT(j, j)", "pT(bb)", "pT(e, e)": the pair's pT (was: "pT(jj) > 100 GeV" the
    # MET's cut, the nearest quantity)
    (
        r"\bpt\s*\(\s*(?:(?P<dijet>j\s*,?\s*j)|(?P<dibjet>b\s*,?\s*b)|(?P<dielectron>e\s*,\s*e)"
        r"|(?P<dimuon>mu\s*,\s*mu)|(?P<dilepton>l\s*,\s*l)|(?P<diphoton>gamma\s*,?\s*gamma))\s*\)",
        lambda m: f" {m.lastgroup} pt ",
    ),
    # "mT(e, MET)", "mT(l, MET)", "mT(j, MET)": the one-letter object of a transverse mass
    (
        r"\bmt\s*\(\s*(?:(?P<electron>e|el|ele)|(?P<lepton>l|ℓ)|(?P<jet>j))\s*(?=,)",
        lambda m: f"mt({m.lastgroup}",
    ),
    (r"\babs\s*\(\s*(?:(jets?|muons?|electrons?|photons?|taus?)[\s._]*)?eta\s*\)", r" \1 |eta| "),
    (r"\binvar(?:iant)?\.?\s+mass(es)?\b", "mass"),
    (r"\bopp\.?\s+(sign|charge)\b", r"opposite \1"),
    (r"\binvariant\s+mass(es)?\b", "mass"),
    # "the invariant dimuon mass", "invariant di-jet masses": the adjective before the system
    (r"\binvariant\s+((?:di|tri)-?(?:muon|electron|lepton|jet|photon|tau)s?\s+mass)", r"\1"),
    # four objects as one system: "the four-lepton mass", "m4l", "m_{4mu}", "the mass of the
    # first four muons" -> "quadlepton mass" ... (an object word of its own: the four leading)
    (
        r"\bm_?\{?\(?\s*(?:4|four)\s*(l|mu|e|j)\s*\)?\}?(?![a-z0-9])",
        lambda m: f" {_QUAD[m.group(1)]} mass ",
    ),
    # "m_llll", "m_{llll}", "m(llll)", "m_{eeee}", "m(e e mu mu)": the four-lepton system's mass
    (
        r"\bm_?\{?\(?\s*((?:(?:mu|e|l)[\s,]*){4})\)?\}?(?![a-z0-9])",
        _four_legs,
    ),
    # three leptons as one system: "m_{3l}", "m3mu", "the three-lepton mass" -> "trilepton mass"
    (
        r"\bm_?\{?\(?\s*(?:3|three)\s*(l|mu|e)\s*\)?\}?(?![a-z0-9])",
        lambda m: f" {_TRI[m.group(1)]} mass ",
    ),
    (
        r"\b(?:3|three)[- ]?(lepton|muon|electron|l|mu|e)s?(?=\s+(?:mass|system|pt|p_?t"
        r"|candidates?|combinations?|transverse\s+momentum)\b)",
        lambda m: _TRI[m.group(1)],
    ),
    # (not a count: ">=4j pt>30" is at least four jets with pT > 30 GeV)
    (
        r"(?<![<>=])(?<![<>=]\s)(?<!least\s)(?<!exactly\s)\b(?:4|four)[- ]?"
        r"(lepton|muon|electron|jet|l|mu|e|j)s?(?=\s+(?:mass|system|(?:pt|p_?t)(?!\s*(?:[<>=]|above\b|over\b|below\b|under\b))"
        r"|rapidity|candidates?|combinations?"
        r"|transverse\s+momentum)\b)",
        lambda m: _QUAD[m.group(1)],
    ),
    (
        r"\b(mass|pt|p_?t|rapidity|transverse\s+momentum)\s+of\s+(?:the\s+|all\s+(?:the\s+)?)?"
        r"(?:first\s+|leading\s+)?(?:4|four)\s+(?:leading\s+|selected\s+|good\s+)?"
        r"(lepton|muon|electron|jet)s\b",
        lambda m: f"{m.group(1)} of the {_QUAD[m.group(2)]}",
    ),
    # "H -> ZZ -> 4mu", "ZZ to 4l": the four leptons of the ZZ pairing
    (
        r"(?:\b(?:h|higgs)\s*(?:->|\u2192|to)\s*)?\bzz\*?\s*(?:->|\u2192|to)\s*(?:4|four)\s*(lepton|muon|electron|l|mu|e)s?\b",
        lambda m: f"zz {_QUAD[m.group(1)]}",
    ),
    # the two Z candidates of H -> ZZ -> 4l: "mZ1", "m_{Z_2}", "the mass of Z1" -> "z1 mass"
    (r"\bm_?\{?\(?\s*z_?\{?([12])\}?\s*\)?\}?(?![a-z0-9])", r" z\1 mass "),
    (
        r"\b(mass|pt|p_?t|eta|rapidity)\s+of\s+(?:the\s+)?z_?([12])(?:\s+(?:candidate|boson))?\b",
        r"z\2 \1",
    ),
    # "the muon with the highest pT (in each event)": the leading muon
    (
        r"\b(muon|electron|jet|lepton|photon|tau|b-?jet)\s+(?:with|having|of)\s+(?:the\s+)?"
        r"(?:highest|largest|maximum|max|biggest)\s+(?:pt|p_t|transverse\s+momentum)\b",
        r"leading \1",
    ),
    (
        r"\b(muon|electron|jet|lepton|photon|tau|b-?jet)\s+(?:with|having|of)\s+(?:the\s+)?"
        r"second[- ](?:highest|largest)\s+(?:pt|p_t|transverse\s+momentum)\b",
        r"subleading \1",
    ),
    # "the muon with the lower pT" (of two): the lower-pT muon, read below as the subleading one
    (
        r"\b(muon|electron|lepton|jet|photon|tau|b-?jet)\s+(?:with|having|of)\s+(?:the\s+)?"
        r"(lower|higher)\s+(pt|p_t|transverse\s+momentum)\b",
        r"\2-pt \1",
    ),
    # "the sub-subleading jet": the third one
    (r"\bsub-?sub-?leading\b", "third"),
    # "the jet with the third-highest pT": the third-leading jet (not "the leading" of "highest
    # pT" below, which would leave a bare "third")
    (
        r"\b(muon|electron|jet|lepton|photon|tau|b-?jet)\s+(?:with|having|of)\s+(?:the\s+)?"
        r"(third|fourth|fifth|sixth|3rd|4th|5th|6th)[- ](?:highest|largest)\s+"
        r"(?:pt|p_t|transverse\s+momentum)\b",
        r"\2 \1",
    ),
    # "the dimuon pair (trijet, triplet) with the highest pT": of all combinations, the one
    # whose own pT is highest (not the 2 or 3 leading objects): read by the parser (MAX_PT_PAIR)
    (
        r"\b(di[a-z]+|tri[a-z]+|pairs?|triplets?|candidates?|systems?|combinations?)\s+"
        r"(?:with|having|of|that\s+has)\s+(?:the\s+)?"
        r"(?:highest|largest|maximum|max|biggest|greatest)\s+(?:pt|p_t|transverse\s+momentum)\b",
        r"\1 maxptpair",
    ),
    (
        # (not after an ordinal no rule read: "the fourth highest pT" stays asked)
        r"(?<!second[- ])(?<!third[- ])(?<!fourth[- ])(?<!fifth[- ])(?<!sixth[- ])"
        r"(?<![0-9]th[- ])(?<![0-9]rd[- ])(?:\bhighest[- ](?:pt|p_t|p_\{t\})(?![a-z])"
        r"|\bhighest[- ]transverse[- ]momentum\b|\bmost\s+energetic\b)",
        "leading",
    ),
    (
        r"\b(?:system|(?:4-momentum\s+|four-momentum\s+)?sum)\s+(?:consisting\s+of|made\s+(?:up\s+)?of"
        r"|formed\s+by|of)\s+(?:the\s+)?"
        r"(missing\s+transverse\s+(?:momentum|energy)|met|e_?t\s*miss)\s+and\s+",
        " ",
    ),
    (r"\b(?:of\s+)?(?:the\s+)?(?:four|4)[- ]?(?:momentum|momenta|vectors?)\s+(?=of\b)", " "),
    (r"\s+(?:four|4)[- ]?(?:momentum|momenta|vectors?)\b", " "),
    (
        r"\be_\{?t\}?\^?\{?miss\}?|\bmissing\s+(?:transverse\s+)?(?:energy|momentum|et|e_t|pt)\b"
        r"|\bpt\s*-?\s*miss\b|\bp_?\{?t\}?\s*\^?\s*\{?miss\}?|\bmet\b",
        " met ",
    ),
    # "$N_{jet}$ (Exclusive)", "exclusive jet multiplicity": the ordinary multiplicity histogram,
    # one bin per number of objects (each event in exactly one bin)
    (
        r"\bexclusive\s+(?=(?:b[- ]?(?:tagged\s+)?)?(?:jet|muon|electron|lepton|photon)s?\s+"
        r"multiplicit(?:y|ies)\b|number\s+of\s+(?:b[- ]?(?:tagged\s+)?)?(?:jet|muon|electron"
        r"|lepton|photon)s\b)",
        "",
    ),
    (r"\b(number\s+of\s+(?:b[- ]?)?jets|multiplicity)\s*\(\s*exclusive\s*\)", r"\1 "),
    # "Inclusive b jet multiplicity": the multiplicity with no further selection (not a bin of it)
    (
        r"\binclusive\s+(?=(?:b[- ]?(?:tagged\s+)?)?(?:jet|muon|electron|lepton|photon)s?\s+"
        r"multiplicit(?:y|ies)\b|number\s+of\s+(?:b[- ]?(?:tagged\s+)?)?(?:jet|muon|electron"
        r"|lepton|photon)s\b)",
        "",
    ),
    # "Missing E_{T}", "MissingET" (a label written as one word)
    (
        r"\betmiss\b|\bet\s*-?\s*miss\b|\bmissing\s*e\s*_?\s*\{?\s*t\s*\}?(?![a-z0-9])|\bmpt\b",
        " met ",
    ),
    (r"\btransverse\s+mass\b|\bm_(?:\{t\}|t\b)", " mt "),
    (r"\bmt\s+of\s+(?:the\s+)?met\s+(?:and|with|plus)\s+", " mt of "),
    # "|y|", "rapidity y": the rapidity (a lone "y" is asked about)
    (r"\|\s*y\s*\|", " |rapidity| "),
    (r"\brapidity\s+\(?y\)?(?![a-z0-9])", "rapidity"),
    # "jet y", "the y of the leading muon": an object's rapidity (not a y-axis, -position or
    # -component)
    (
        r"\b((?:muon|electron|lepton|photon|tau|b-?jet|jet)s?)\s+y\b(?![-_^(']|\s*(?:[-_^(]"
        r"|axis|axes|positions?|coordinates?|components?|directions?|labels?|scales?|ranges?"
        r"|log|values?|limits?)\b)(?![^.;]*\bx\b(?![\s-]*ax[ie]s))",
        r"\1 rapidity",
    ),
    (  # (not "the y of the leading jet versus x", "jet y vs jet x": a coordinate)
        r"\by\s+of\s+(?=(?:the\s+|all\s+|each\s+)?(?:(?:leading|sub-?leading|first|second)\s+)?"
        r"(?:muon|electron|lepton|photon|tau|b-?jet|jet)s?\b)"
        r"(?![^.;]*\bx\b(?![\s-]*ax[ie]s))",
        "rapidity of ",
    ),
    # "{p_{ t }}" (LaTeX "{p_{\\mathrm {T}}}" once the markup is gone): pT, never two letters
    (r"\{\s*p\s*_\s*\{\s*t\s*\}\s*\}|\bp\s*_\s*\{\s*t\s*\}", lambda m: _spaced(m, "pt")),
    (
        r"\btransverse\s+momentum\b|\btransverse\s+momenta\b|\bp_(?:\{t\}|t\b)",
        lambda m: _spaced(m, "pt"),
    ),
    (r"\bpseudo-?\s?rapidity\b", " eta "),
    # an object's transverse energy E_T to plot: "jet Et", "photon E_T", "the transverse energy
    # of the leading electron"; not a bound on it ("jets with Et > 20 GeV" is read as before).
    # One literal pattern (no bare "et"): the coverage check knows "et" only where it is read
    (
        # ("E_{T}" ends on a brace: no word boundary after it; "E_T^gamma" is read below)
        r"(?:\btransverse\s+energ(?:y|ies)\b|\be\s*_\s*(?:\{\s*t\s*\}|t\b)(?!\s*\^|\s*\{?\s*miss)"
        r"|\bet\b)(?!\s*(?:[<>=!]|\d|above\b|below\b|over\b|under\b|greater\b|less\b"
        r"|larger\b|smaller\b|higher\b|lower\b|between\b|within\b|of\s+at\b|at\s+(?:least"
        r"|most)\b|exceed|in\s+excess\b|in\s*\[|cuts?\b|thresholds?\b|requirements?\b))",
        " transverse_energy ",
    ),
    # the raw (uncorrected) jet pT, pT (1 - rawFactor): "uncorrected jet pT", "raw leading jet
    # pT", "the raw pT of the jets", "jet raw pT", "jet pT before (jet energy) corrections"
    (
        # (not "corrected versus uncorrected jet pT": two analyses, asked)
        r"(?<!versus\s)(?<!vs\s)(?<!vs\.\s)(?<!and\s)(?<!or\s)\b(?:uncorrected|raw)\s+"
        r"((?:(?:leading|sub-?leading|first|second)\s+)?(?:ak[48]\s+|fat\s*|b-?)?jets?)\s+pt\b",
        r"\1 pt_raw",
    ),
    (
        r"\b(?:uncorrected|raw)\s+pt\s+of\s+(?=(?:the\s+|all\s+|each\s+)?(?:(?:leading|sub-?leading"
        r"|first|second)\s+)?(?:ak[48]\s+|fat\s*|b-?)?jets?\b)",
        "pt_raw of ",
    ),
    (
        r"\b((?:(?:leading|sub-?leading|first|second)\s+)?(?:ak[48]\s+|fat\s*|b-?)?jets?)\s+(?:raw|uncorrected)"
        r"\s+pt\b|\b((?:(?:leading|sub-?leading|first|second)\s+)?(?:ak[48]\s+|fat\s*|b-?)?jets?)\s+pt\s+"
        r"(?:before|without)\s+(?:the\s+|any\s+)?(?:jet\s+)?(?:energy\s+)?(?:corrections|jecs?"
        r"|calibrations?)\b",
        lambda m: f"{m[1] or m[2]} pt_raw",
    ),
    # jet energy fractions: "the charged hadron fraction" (chHEF), "the neutral EM fraction"
    # (neEmEF), "the EM fraction of jets", "the electromagnetic fraction of the jet energy"
    # (em_fraction: chEmEF + neEmEF)
    (r"\bcharged[- ]hadron(?:ic)?\s+(?:energy\s+)?fractions?\b", " chhef "),
    (r"\bneutral[- ]hadron(?:ic)?\s+(?:energy\s+)?fractions?\b", " nehef "),
    (r"\bcharged\s+(?:electromagnetic|em)\s+(?:energy\s+)?fractions?\b", " chemef "),
    (r"\bneutral\s+(?:electromagnetic|em)\s+(?:energy\s+)?fractions?\b", " neemef "),
    (r"\bmuon\s+energy\s+fractions?\b", " muef "),
    (
        r"\b(?:electromagnetic|em)\s+(?:energy\s+)?fractions?\s+of\s+(?:the\s+)?((?:leading\s+"
        r"|sub-?leading\s+)?(?:b-?)?jets?)(?:'s?)?\s+energ(?:y|ies)\b",
        r"\1 em_fraction",
    ),
    (r"\b(?:electromagnetic|em)\s+(?:energy\s+)?fractions?\b|\bemf\b", " em_fraction "),
    # a momentum component: "p_x", "p_{z}", "the x-component of the momentum", "momentum
    # z-component", "the longitudinal momentum" (p_z); "the polar angle" (theta) of an object
    (r"\bp\s*_\s*(?:\{\s*([xyz])\s*\}|([xyz])\b)", lambda m: _spaced(m, f"p{m[1] or m[2]}")),
    (
        r"\b([xyz])[- ]components?\s+of\s+(?:the\s+|its\s+|their\s+)?(?:3[- ]?)?momen(?:tum|ta)\b"
        r"|\bmomen(?:tum|ta)\s+([xyz])[- ]components?\b",
        lambda m: f"p{m[1] or m[2]}",
    ),
    # "the z component of the (leading) electron momentum": the pz of that object
    (
        r"\b([xyz])[- ]components?\s+of\s+(?:the\s+)?((?:(?:leading|sub-?leading|first|second)\s+)?"
        r"(?:muon|electron|lepton|photon|tau|b-?jet|jet)s?)\s+momen(?:tum|ta)\b",
        r"p\1 of the \2",
    ),
    (r"\blongitudinal\s+momen(?:tum|ta)\b(?!\s+(?:fractions?|transfers?)\b)", "pz"),
    (r"\bpolar\s+angles?(?:\s+theta\b)?(?!\s+between\b)", "theta"),
    # "$\Delta\eta_{jj}$", "$\Delta R_{\mu\mu}$", "delta phi_{ll}": between the two leading
    (
        r"\bdelta\s*(eta|phi|r)\s*_\s*(?:\{\s*(jj|mumu|ee|ll|bb)\s*\}|(jj|mumu|ee|ll|bb)(?![a-z0-9]))",
        lambda m: f" delta {m[1]} between the 2 leading {_PAIR_LEGS[m[2] or m[3]]} ",
    ),
    # "$E_{T}^{\gamma}$": a photon's transverse energy is its pT (massless: E/cosh(eta) = pT)
    # (in an angle, "$\Delta\phi(E_T^{miss}, E_T^{\gamma})$", the photon itself)
    (
        r"(\bdelta[\s_]*(?:phi|eta|r)\s*\([^()]*?)\be_?\{?t\}?\s*\^\s*\{?\s*(?:gamma|photon)\s*\}?",
        r"\1 photon ",
    ),
    (r"\be_?\{?t\}?\s*\^\s*\{?\s*(?:gamma|photon)\s*\}?", " pt^{gamma} "),
    # axis labels with the object as a sub- or superscript: "$\eta_{\mu}$", "$p_{T}^{j_1}$",
    # "$|\eta_{\mu}|$", "$y_{\mu\mu}$", "$p_T^{\mu,1}$", "$p_{T}^{\mathrm{lead}\,\mu}$"
    (
        r"(\|\s*)?\b(pt|eta|phi|y|rapidity)\s*[_^]\s*\{\s*(?:(lead(?:ing)?|sub-?lead(?:ing)?)\s*)?"
        r"(mumu|ee|ll|jj|gammagamma|mu|e|l|j|b|gamma|tau|jet|muon|electron|lepton|photon|lep)"
        r"\s*(?:_\s*|,\s*)?([1-4])?\s*\}(\s*\|)?",
        lambda m: _scripted_quantity(m),
    ),
    # the same without braces: "$\eta_j$", "$|\eta^\mu|$", "$p_T^j$" (was: "eta_j" unread, so
    # "$\eta_j$ for every jet with $p_T^j > 20$ GeV" plotted the jet pT)
    (
        r"(\|\s*)?\b(pt|eta|phi)\s*[_^]\s*()(mu|e|j|b|l|gamma|tau|jet|muon|electron|lepton|photon)"
        r"(?![a-z0-9_{])()(\s*\|)?",
        lambda m: _scripted_quantity(m),
    ),
    (
        r"\bscalar\s+(?:pt\s+)?sum\s+(?:(?:in\s+each|per|in\s+every|for\s+each)\s+event\s+)?"
        r"of\s+(?:the\s+)?(?:pts?|momenta)\s+of\b",
        " ht of",
    ),
    # the missing HT (the vector sum of the jets' pT): "MHT", "missing HT", "H_T^miss", "HT-miss"
    (
        r"\bmissing\s+(?:h_?t|h_\{t\})\b|\bh_?\{?t\}?\s*\^\s*\{?miss\}?|\bht\s*[-_]?\s*miss\b"
        r"|\b(?:the\s+)?(?:magnitude\s+of\s+(?:the\s+)?)?vector(?:ial)?\s+sum\s+of\s+(?:the\s+)?"
        r"(?:all\s+)?(?:selected\s+)?(?:jet\s+pts?|jets?'?\s+(?:pts?|transverse\s+momenta))\b",
        " mht ",
    ),
    # "the vector sum pT of all jets", "the pT of the vector sum of all jets": the MHT
    (
        r"\b(?:pt\s+of\s+(?:the\s+)?vector(?:ial)?\s+sum|vector(?:ial)?\s+sum\s+pt)\s+of\s+"
        r"(?:the\s+)?(all\s+)?(?:the\s+)?(selected\s+)?jets\b",
        r" mht of the \1\2jets ",  # "all" kept: every jet, no cut
    ),
    # "sum the pT of the jets", "add up the jet pTs": the scalar sum, as a verb
    (
        r"(?<!vector\s)\b(?:sum(?:\s+up)?|add\s+up|adding\s+up|summing(?:\s+up)?)\s+(?:the\s+|all\s+)*"
        r"(?:scalar\s+)?(?:pt|pts|transverse\s+momenta|transverse\s+momentum)\s+of\b",
        " ht of",
    ),
    # "the sum of the muon pT", "scalar sum of all lepton pTs": the scalar sum of those objects
    (
        r"(?<!vector\s)\b(?:scalar\s+)?sum\s+of\s+(?:the\s+)?(?:all\s+)?(?:selected\s+)?"
        r"(muon|electron|lepton|photon|tau|b-?jet)s?'?\s+(?:pts?|transverse\s+momenta)\b",
        r" ht of the \1s ",
    ),
    # "the sum of the pT of all jets", "sum of jet pT": the scalar sum (a vector sum is asked)
    (
        r"(?<!vector\s)\b(?:scalar\s+)?sum\s+of\s+(?:the\s+)?(?:transverse\s+momenta|pts?)\s+of\b",
        " ht of",
    ),
    # "the scalar sum of the jet pT (for muons with ...)": of the jets, said (was " ht ": a
    # "for muons" after it took the sum to the muons, silently)
    (
        r"(?<!vector\s)\b(?:scalar\s+)?sum\s+of\s+(?:the\s+)?(?:all\s+)?jet\s+pts?\b",
        " ht of the jets ",
    ),
    # "Transverse scalar sum of jets $p_\text{T}$": the jets' pT summed
    (
        r"(?<!vector\s)\b(?:scalar\s+)?sum\s+of\s+(?:the\s+)?(?:selected\s+)?jets'?\s+(?:pts?"
        r"|transverse\s+momenta)\b",
        " ht of the jets ",
    ),
    (r"\bscalar\s+(?:pt\s+)?sum\s+of\s+(?:the\s+)?jet\s+pt\b", " ht of the jets "),
    (r"\bh_(?:\{t\}|t\b)|\bscalar\s+(?:pt\s+)?sum\b", " ht "),
    # "lead pho pt": the photon
    (r"\bphos?\b(?=\s+(?:pt|eta|phi|energy|id|mass)\b)", "photon"),
    # "the groomed (soft-drop) mass": the soft-drop mass
    (r"\bgroomed\s*\(\s*(soft[- ]?drop)\s*\)\s+mass\b", r"\1 mass"),
    # "lead jet pT", "the lead-muon eta": the leading one
    (
        r"\blead(?=[- ](?:b-?)?(?:jets?|muons?|mu|electrons?|leptons?|photons?|taus?|fat[- ]?jets?)"
        r"\b)",
        "leading",
    ),
    # "keeping only events with HT above 300 GeV", "keep events where ...", "keep only barrel
    # photons": the selection itself
    (
        r"\bkeep(?:ing|s)?\s+(?=only\s+events\b|(?:the\s+)?events\s+(?:with|where|that|having)\b"
        r"|only\s+(?:[a-z-]+\s+){0,2}(?:muons|electrons|photons|jets|taus|leptons|b-?jets)\b)",
        "",
    ),
    # "jets ... inside |eta| < 2.5", "sitting at 1.3 < |eta| < 2.5": the bound itself
    (
        r"\b(?:inside|sitting\s+(?:at|in)|lying\s+in)\s+"
        r"(?=\|\s*eta\s*\||\d+(?:\.\d+)?\s*<\s*\|\s*eta)",
        "",
    ),
    # "no identification", "without any identification": no ID
    (r"\b(no|without(?:\s+any)?)\s+identification(?:\s+at\s+all)?\b", r"\1 id"),
    # "the medium cut-based identification", "muon identification": the ID
    (
        r"\b(cut[- ]based|medium|tight|loose|muon|electron|photon|tau|lepton|jet)\s+"
        r"identification\b",
        r"\1 id",
    ),
    # "large-radius (R = 0.8) jets": the AK8 jets
    (r"\blarge[- ]radius\s*\(\s*r\s*=\s*0\.8\s*\)\s+(jets?)\b", r"ak8 \1"),
    # "large jets", "large-R jets" (ATLAS's words): the large-radius (AK8) jets
    (r"\blarge(?:[- ]r)?\s+(jets?)\b", r"ak8 \1"),
    # "the distance in the rapidity-azimuth plane between the leptons": their Delta R
    (
        r"\b(?:distance|separation)\s+in\s+(?:the\s+)?(?:pseudo-?)?rapidity[- ]azimuth(?:al)?"
        r"(?:[- ]angle)?\s+(?:plane|space)\b",
        " delta_r ",
    ),
    # "px for muon 1", "the mass calculated for muon 1", "jet 2": that rank
    (
        r"\b(muon|electron|jet|photon|lepton|tau)\s+([1-4])(?!\d|\.\d)(?!\s*(?:gev|tev|mev|%|x\b))",
        lambda m: f"{_RANK_WORD[m.group(2)]} {m.group(1)}",
    ),
    # "data and simulation, both scaled to unit area", "once both are normalised to one": the
    # samples named before (a unit-area rule reads the rest)
    (
        r"\b(?:once\s+|with\s+|after\s+)?(?:both|each|all)\s+(?:(?:are|is|being|of\s+them)\s+)?"
        r"(?=(?:scaled|normali[sz]ed)\s+to\s+(?:unit|an?\s+area|the\s+same\s+area|1\b|one\b))",
        "",
    ),
    # "Do the shapes of the leading muon pT agree between 2018 data and DY simulation": compare it
    (
        r"^\s*(?:do|does)\s+the\s+shapes?\s+of\s+(.{3,80}?)\s+agree\s+(?=between\b|in\b|for\b)",
        r"compare \1 ",
    ),
    # "a lepton veto (no muons or electrons above 15 GeV)": the parenthesis says the veto
    (
        r"\b(?:(?:with|and|plus|applying)\s+)?(?:an?\s+|the\s+)?(?:muon|electron|lepton)\s+veto\s*"
        r"(?:\(|:)\s*(?=(?:no|zero|0)\b)",
        lambda m: " (events with " if "(" in m.group(0) else " events with ",
    ),
    # "electron veto ID", "electrons passing the cut-based veto ID": the loosest cut-based
    # working point, cutBased >= 1 (was: read as events without electrons and no ID)
    (
        r"\b(electrons?)\s+(?:passing\s+|with\s+|that\s+pass\s+)?(?:the\s+)?(?:cut-?based\s+)?"
        r"veto\s+(?:id|identification|working\s+point|wp)\b",
        r"\1 with cutbased >= 1",
    ),
    (
        r"\b(?:cut-?based\s+)?veto[- ](?:id|wp)\s+(electrons?)\b",
        r"\1 with cutbased >= 1",
    ),
    # "with a lepton veto", "applying a muon veto": no such objects (their definition chosen
    # and stated); "isolated" stays a word of the vetoed objects. Not the jets' "tight lepton
    # veto" ID (jetId >= 6, read by the parser; was: events without leptons, jetId >= 2)
    (
        r"\b(?:(?:with|and|plus|applying)\s+)?(?:an?\s+|the\s+)?((?:isolated|additional|extra)\s+)?"
        r"(?<!tight\s)(?<!tight-)(muon|electron|lepton)\s+veto\b(?!\s*[(:])"
        r"(?!\s*(?:id|identification|working\s+point|wp)\b)",  # "electron veto ID": a WP
        r" in events with no \1\2s ",
    ),
    # "with a jet veto", "dimuon mass, no jets": events without jets (their definition chosen
    # and stated); not the jet veto maps of a detector calibration, nor "no jet cuts" / "no
    # jets nearby"; b-jets are read by the follow-up phrases ("with no b-jets", "b-jet veto")
    (
        r"\b(?:(?:with|and|plus|applying)\s+)?(?:an?\s+|the\s+)?(?<!b-)(?<!b\s)jet\s+veto\b"
        r"(?!\s*[(:]|\s*maps?\b)",
        " in events with no jets ",
    ),
    (
        r"(?:,\s*|(?<!events\s)\bwith\s+)no\s+(jets)(?=\s*(?:$|[,.;]|\band\b|\babove\b|\bover\b))",
        r" in events with no \1",
    ),
    # "events with more than 120 GeV of MET", "at least 300 GeV of HT": the MET (HT) cut
    (
        r"\b(more\s+than|above|over|at\s+least|less\s+than|below|under|at\s+most)\s+"
        r"(\d+(?:\.\d+)?)\s*gev\s+of\s+(?:the\s+)?(met|missing\s+(?:et|e_?t|transverse\s+"
        r"(?:momentum|energy))|ht)\b",
        r"\3 \1 \2 gev",
    ),
    # "Binning 0 to 1 in 50 bins", "from 0 to 250 GeV in 25 bins": 50 bins from 0 to 1
    (
        r"(?:\bbinning\s*:?\s*)?(?<![\w.|<>=-])(?:from\s+)?(-?\d+(?:\.\d+)?)\s*(?:to|-)\s*"
        r"(\d+(?:\.\d+)?)\s*(gev)?\s+(?:in|into|with)\s+(\d+)\s+(?:equal[- ](?:width\s+)?)?bins\b",
        r"\4 bins from \1 to \2 \3",
    ),
    # "without any threshold in the muon pT": no pT cut on the muons
    (
        r"\bwithout\s+(?:any\s+)?(?:threshold|cut|requirement)s?\s+(?:in|on)\s+(?:the\s+)?"
        r"(muon|electron|jet|photon|tau|lepton)s?\s+(pt|eta|\|eta\||isolation)\b",
        r"with no \1 \2 cut",
    ),
    # "don't cut on isolation at all", "do not require any eta cut": no such cut
    (
        r"\b(?:do\s+not|don'?t|never)\s+(?:cut|select|require\s+(?:any(?:thing)?|a)?)\s*(?:on\s+)?"
        r"(?:the\s+)?(isolation|iso|eta|pt|id|identification)(?:\s+(?:cut|requirement))?"
        r"(?:\s+at\s+all)?\b",
        r"no \1 cut",
    ),
    # "don't restrict the jet eta (for that veto)": no eta cut on the jets
    (
        r"\b(?:do\s+not|don'?t|never)\s+restrict\s+(?:the\s+)?(jet|muon|electron|photon|tau)s?"
        r"\s+(eta|pt)\b",
        r"no \1 \2 cut",
    ),
    # "Only photons that pass ... should count.": the definition said, "should count" adds none
    (r"\b(?:should|shall|must|will|would|do|does)\s+count(?=\s*(?:[.;,!)]|$))", " "),
    # "0-250 / 25 bins", "0-250 GeV / 25 bins": 25 bins from 0 to 250
    (
        r"(?<![\w.|<>=-])(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*(gev)?\s*/\s*(\d+)\s+bins\b",
        r"\4 bins from \1 to \2 \3",
    ),
    # "with HT summed over jets with pT > 40 GeV": the HT of those jets
    (r"\bht\s+(?:is\s+)?(?:summed|computed|calculated|taken)\s+(?:over|from|using)\s+", "ht of "),
    # a definition said as a sentence: "A jet is one with |eta| under 2.5", "a muon is any
    # muon with ...": the objects with those cuts
    (
        r"\b(?:an?)\s+(jet|muon|electron|photon|tau|lepton|b-?jet)\s+is\s+(?:one|any\s+\1"
        r"|defined\s+as\s+(?:one|an?\s+\1))\s+(?=with|having|whose|that|which)",
        r"\1s ",
    ),
    # "A jet counts as b-tagged if it passes the DeepJet tight working point and has pT above
    # 30 GeV": the b-tagged jets that pass and have
    (
        r"\b(?:an?\s+)?jets?\s+counts?\s+as\s+(?:a\s+)?(?:b-?tagged(?:\s+jet)?|b[- ]?jet)\s+"
        r"(?:if|when|only\s+if)\s+(?:it|they)\s+(pass(?:es)?|has|have|is|are)\b",
        lambda m: (
            "b-tagged jets that "
            + {"passes": "pass", "has": "have", "is": "are"}.get(m.group(1), m.group(1))
        ),
    ),
    # "Leptons count when they have |eta| below 2.4", "a muon counts if it passes the tight
    # ID": the objects with those cuts
    (
        r"\b(?:an?\s+)?(jet|muon|electron|photon|tau|lepton|b-?jet)s?\s+(?:only\s+)?counts?\s+"
        r"(?:when|if|only\s+if)\s+(?:it|they)\s+(?:has|have|carry|carries|pass|passes)\s+",
        r"\1s with ",
    ),
    # "Jets qualify with pT > 25 GeV", "muons qualify if they have ...": the objects with those
    # cuts; "Jet definition: pT > 25 GeV": as "jets: pT > 25 GeV"
    (
        r"\b(jet|muon|electron|photon|tau|lepton|b-?jet)s?\s+(?:only\s+)?qualif(?:y|ies)\s+"
        r"(?:(?:when|if|only\s+if)\s+(?:it|they)\s+(?:has|have|carry|carries|pass|passes)\s+"
        r"|with\s+)",
        r"\1s with ",
    ),
    (r"\b(jet|muon|electron|photon|tau|lepton|b-?jet)\s+definitions?\s*:", r"\1s:"),
    # "the dimuon mass (below 50 GeV)", "the low-mass dimuon spectrum (below 50 GeV)": the
    # threshold of the quantity just named, as without the parenthesis (was: the muons' pT
    # below 50 GeV, and the default 60-120 GeV mass range, silently)
    (
        r"\b(mass|masses|spectrum|spectra|di(?:muon|electron|lepton|jet|photon|tau)s?(?:\s+(?:pt"
        r"|p_t|transverse\s+momentum))?)\s*\(\s*("
        r"(?:below|under|above|over|less\s+than|greater\s+than|more\s+than|up\s+to|[<>]=?)\s*"
        r"\d+(?:\.\d+)?\s*(?:gev|tev|mev))\s*\)",
        r"\1 \2",
    ),
    # a comparison said with a negation: "pT no less than 25 GeV", "not below": at least; "no
    # more than", "not above": at most (was: asked, "a threshold on 'no'")
    (
        r"\b(?:no|not)\s+(?:less|lower|smaller)\s+than\b|\bnot\s+(?:below|under)\b(?=\s*\d)",
        "at least",
    ),
    (
        r"\b(?:no|not)\s+(?:more|greater|higher|larger)\s+than\b(?=\s*\d)"
        r"|\bnot\s+(?:above|over|exceeding)\b(?=\s*\d)",
        "at most",
    ),
    # "a pT threshold of 25 GeV", "a pT cut at 25 GeV", "a 25 GeV pT cut": a lower pT bound
    # (what a pT cut is); "at least 25 GeV of transverse momentum": pT of at least 25 GeV
    (
        r"\b(?:an?\s+)?(?:minimum\s+|lower\s+)?(?:pt|transverse\s+momentum)\s+(?:threshold|cut)"
        r"\s+(?:of|at)\s+(\d+(?:\.\d+)?)\s*(gev|tev|mev)\b",
        r"pt above \1 \2",
    ),
    (
        r"\b(?:an?\s+)?(\d+(?:\.\d+)?)\s*(gev|tev|mev)\s+(?:pt|transverse\s+momentum)\s+"
        r"(?:cut|threshold|requirement)\b",
        r"pt above \1 \2",
    ),
    (
        r"\b(at\s+least|more\s+than|over)\s+(\d+(?:\.\d+)?)\s*(gev|tev|mev)\s+of\s+(?:pt"
        r"|transverse\s+momentum)\b",
        r"pt \1 \2 \3",
    ),
    # "pT in the 25-100 GeV range", "pT in the range [25, 100] GeV", "pT ∈ [25, 100]", "a pT
    # window of 25-100 GeV": pT between the two (was: asked, or the plotted mass's range)
    (
        r"\b(?:an?\s+)?(pt|transverse\s+momentum)\s+(?:in\s+(?:the\s+)?(?:range\s+)?|∈\s*|window\s+"
        r"of\s+|in\s+the\s+(?:range|interval)\s+(?:of\s+)?)\[?\s*(\d+(?:\.\d+)?)\s*(?:gev\s*)?"
        r"(?:-|–|to|,)\s*(\d+(?:\.\d+)?)\s*\]?\s*(gev|tev)?(?:\s+(?:range|window|interval))?\b",
        r"\1 between \2 and \3 \4",
    ),
    # "mu_pt > 25", "el_eta", "lep_pt": a collection's short name and a field
    (
        r"\b(mu|el|ele|lep|pho|tau)_(pt|eta|phi)\b",
        lambda m: (
            {
                "mu": "muon",
                "el": "electron",
                "ele": "electron",
                "lep": "lepton",
                "pho": "photon",
            }.get(m.group(1), m.group(1))
            + f" {m.group(2)}"
        ),
    ),
    # "muons with tight ID and isolation": isolated (a requirement, not the quantity plotted)
    (
        r"\b((?:loose|medium|tight)\s+id)\s+and\s+isolation(?:\s+(?:requirements?|criteria|cuts?))?"
        r"(?!\s*(?:<|>|=|below|above|under|over|less|greater|of\b|variables?|distributions?"
        r"|values?|vs\.?|versus))",
        r"\1, isolated",
    ),
    # "anti-isolated muons (relIso > 0.25)": the parenthesis says the anti-isolation cut (on
    # the PF relative isolation the planner uses for each: dR 0.4 for muons, 0.3 for electrons)
    (
        r"\b(?:non|anti)-?isolated\s+(muon|electron)(s?)\s*\(\s*(?:rel\.?\s*iso\w*"
        r"|pfreliso\w*|(?:relative\s+)?isolation)\s*(?:>|above)\s*(\d*\.?\d+)\s*\)",
        lambda m: (
            f"{m.group(1)}{m.group(2)} with pfreliso0{4 if m.group(1) == 'muon' else 3}_all > "
            f"{m.group(3)}"
        ),
    ),
    # "iso04 < 0.15", "iso03": the PF relative isolation in that cone
    (r"\b(?:rel)?iso0([34])\b(?!_)", r"pfreliso0\1_all"),
    # "mini-isolation < 0.1", "miniIso": the mini PF relative isolation
    (r"\bmini-?\s*(?:pf\s*)?(?:rel\s*)?iso(?:lation)?\b(?!_)", "minipfreliso_all"),
    # jets cleaned in other words: "jets cleaned against muons (dR < 0.4)", "... within dR 0.4",
    # "jets not overlapping with muons (dR > 0.4)", "jets with no muon within dR 0.4", "jets
    # away from muons (dR > 0.4)": the jets with delta R above that from those objects; "jets
    # after overlap removal with muons", "overlap-removed against", "cleaned of": cleaned
    (
        r"\bjets\s+(?:cleaned|cleaning)\s+(?:against|of|from)\s+(?:the\s+)?(?:selected\s+)?"
        r"(muon|electron|lepton|photon|tau)s?\s*\(?\s*(?:with(?:in)?\s+)?(?:a\s+)?"
        + _DR
        + r"(?:<=?|of)?\s*(\d*\.?\d+)\s*\)?",
        r"jets with delta_r > \2 from \1s",
    ),
    (
        r"\bjets\s+(?:not\s+overlapping\s+with|away\s+from)\s+(?:the\s+|any\s+)?"
        r"(muon|electron|lepton|photon|tau)s?\s*\(\s*" + _DR + r">\s*(\d*\.?\d+)\s*\)",
        r"jets with delta_r > \2 from \1s",
    ),
    (
        r"\bjets\s+with\s+no\s+(muon|electron|lepton|photon|tau)s?\s+within\s+(?:a\s+)?"
        + _DR
        + r"(?:<=?|of)?\s*(\d*\.?\d+)",
        r"jets with delta_r > \2 from \1s",
    ),
    (
        r"\bjets\s+(?:cleaned\s+of|not\s+overlapping\s+with|after\s+(?:the\s+)?overlap[- ]removal"
        r"\s+(?:with|against|from)|overlap[- ]removed\s+(?:against|with|from))\s+(?:the\s+|any\s+)?"
        # (not before its own delta R or the objects' cuts: "not overlapping with any muon (pT >
        # 10 GeV) within Delta R < 0.3" is read by the rule of that wording)
        r"(muon|electron|lepton|photon|tau)s?\b(?!\s*(?:\(|within|by|closer|inside))",
        r"jets cleaned against \1s",
    ),
    # "anti-kT R=0.4 jets", "anti-kt (R = 0.8) jets": the AK4 / AK8 jets
    (
        r"\banti-?\s*k_?t\s*\(?\s*(?:,\s*)?r\s*=\s*0?\.([48])\s*\)?\s*(?=jets?\b)",
        r"ak\1 ",
    ),
    # "Z cand", ">=3 lep": the terse spellings
    (r"\b(z|w|higgs|top)\s+cands?\b", r"\1 candidate"),
    (r"(?<=\d)\s*leps?\b", " leptons"),
    (r"\bleps\b", "leptons"),
    (r"\blep\b", "lepton"),
    # "DY -> ll MC", "Drell-Yan to ll": the DY sample (inclusive in the lepton flavour)
    (
        r"\b(dy|drell[- ]yan)\s*(?:->|to|\u2192)\s*(?:ll|l\s+l|l\+\s*l-|leptons|dileptons)\b",
        r"\1",
    ),
    (
        r"\bdelta\s*[-_ ]?r\b|\bdr\b|\b(?:distance|separation)\s+in\s+(?:the\s+)?eta[- ]?"
        r"(?:,\s*|-|/)?\s*phi(?:\s+(?:plane|space))?\b",
        " delta_r ",
    ),
    # the pseudorapidity difference |eta_1 - eta_2| (rapidity y differs for massive objects)
    (
        r"\bdelta\s*[-_ ]?eta\b|\bdeta\b|\bpseudorapidity\s+(?:difference|gap|separation)\b"
        r"|\b(?:difference|separation|gap)\s+in\s+(?:the\s+)?pseudorapidity\b"
        r"|\beta\s+(?:difference|separation|gap)\b",
        " delta_eta ",
    ),
    # the rapidity difference |y_1 - y_2| (not the pseudorapidity one: y and eta differ for
    # massive objects): "the rapidity separation", "delta y", "|y1 - y2|"
    (
        r"(?<!pseudo)\brapidity\s+(?:difference|separation|gap|interval)\b"
        r"|\b(?:difference|separation|gap)\s+in\s+(?:the\s+)?(?<!pseudo)rapidity\b"
        r"|\bdelta\s*[-_ ]?y\b|\|\s*y_?\{?1\}?\s*-\s*y_?\{?2\}?\s*\|",
        " delta_y ",
    ),
    # "count the primary vertices": their number; "I keep getting asked": no selection word
    (r"\bcount(?:ing)?\s+(?:the\s+)?(primary\s+vertices|pvs)\b", r"the number of \1"),
    (r"\bkeep\s+(?=getting\b|being\b|asking\b|seeing\b|wondering\b)", ""),
    # "How far apart in Delta R are the two leading muons?": their Delta R
    (r"\bhow\s+far\s+apart\s+(?:in\s+)?(delta_(?:r|eta|phi))\s+(?:are|is)\s+", r"the \1 between "),
    # "the angle between the two muons in the transverse plane": their azimuthal angle
    (
        r"\b(?:opening\s+)?angle(\s+between\s+[^.;]{1,60}?)\s+in\s+the\s+(?:transverse|x-?y|r-?phi)"
        r"\s+plane\b",
        r" azimuthal angle\1",
    ),
    (r"\btransverse\s+(?:opening\s+)?angle(?=\s+between\b)", " azimuthal angle"),
    (
        r"\bdelta\s*[-_ ]?phi\b|\bdphi\b|\b(?:azimuthal|phi)\s+(?:separation|difference|distance)\b"
        # "the azimuthal angle between the two jets": "between" stays, it names the two
        r"|\bazimuthal\s+angle(?:\s+(?:difference|separation))?(?=\s+between\b)",
        " delta_phi ",
    ),
    (r"\blight\s*\(\s*non[- ]?b\s*\)\s*(jets?)\b", r" light \1"),
    # "jets with no b-tag", "jets failing the b-tag": light jets
    (
        r"\b(jets?)\s+(?:with\s+no|without(?:\s+a)?|failing(?:\s+the)?)\s+b[- ]?tag(?:ging)?\b",
        r" light \1 ",
    ),
    # "jets that are at least 0.4 away in Delta R from any lepton": not within 0.4 of them
    (
        r"\b(?:that\s+are\s+|which\s+are\s+)?(?:at\s+least\s+)?(\d+(?:\.\d+)?)\s+(?:away\s+)?in\s+"
        r"(?:delta[\s_-]?r)\s+(?:away\s+)?from\b",
        r"not within \1 in delta_r of",
    ),
    # "60 < m_mumu < 120 GeV" (the mass already named as the pair's): the pair mass between
    (
        r"(\d+(?:\.\d+)?)\s*(?:gev)?\s*<=?\s*(di(?:muon|electron|lepton|jet|photon|tau))\s+mass\s*<=?\s*"
        r"(\d+(?:\.\d+)?)\s*(gev|tev)?",
        r"\2 mass between \1 and \3 \4",
    ),
    # "two opposite-sign muons, 60 < m < 120 GeV": a bare m is the mass (was read as the axis
    # range of whatever was plotted, the leading jet pT)
    (
        r"(\d+(?:\.\d+)?)\s*(?:gev)?\s*<=?\s*(?:m|(?:invariant\s+)?mass)\s*<=?\s*(\d+(?:\.\d+)?)\s*"
        r"(gev|tev)?",
        r"mass between \1 and \2 \3",
    ),
    # "Z->mumu events (opposite-sign muons, 60 < m < 120 GeV)": the parenthesis says which
    # events, exactly (was: asked, or a Z candidate chosen closest to the Z mass): events with
    # such a pair; a parenthesis of another flavour is left as written (asked)
    (
        r"\bz\s*->\s*(mu\s?mu|e\s?e)\s+(?:candidate\s+)?events\s*\(\s*(?:(?:2|two)\s+)?"
        r"(opposite[- ](?:sign|charged?)|os)\s+(muons|electrons)\s*(?:,\s*|\s+with\s+|\s+and\s+)"
        r"(?:with\s+)?(?:an?\s+)?(?:invariant\s+)?((?:di(?:muon|electron)\s+)?mass\s+between\s+"
        r"\d+(?:\.\d+)?\s+and\s+\d+(?:\.\d+)?\s*(?:gev|tev)?)\s*\)",
        lambda m: (
            f"events with 2 {m.group(2)} {m.group(3)} with {m.group(4)}"
            if m.group(1).replace(" ", "")[0] == m.group(3)[0]
            else m.group(0)
        ),
    ),
    # "excluding jets within (Delta R <) 0.4 of any lepton", "after removing jets within Delta R
    # of 0.4 of leptons": the jets kept are not within 0.4 of them
    (
        r"(?:,\s*)?\b(?:after\s+)?(?:excluding|removing|vetoing|dropping|rejecting|discarding"
        r"|ignoring)\s+"
        r"(?:the\s+|any\s+|all\s+)?(?:jets?|those|ones)\s+(?:that\s+(?:are|is)\s+|which\s+(?:are|is)\s+"
        r"|lying\s+)?"
        r"within\s+(?:a\s+)?(?:delta[\s_-]?r\s*(?:<=?|=|of)?\s*)?(\d+(?:\.\d+)?)\s+"
        r"(?:in\s+delta[\s_-]?r\s+)?(?:of|from)(\s+an?\b(?=\s+(?:light\s+)?(?:lepton|muon|electron)))?",
        lambda m: f" that are not within {m.group(1)} in delta_r of{' any' if m.group(2) else ''}",
    ),
    # "jets within dR < 0.4 of the muon are ignored", "a jet closer than 0.4 in Delta R to the
    # muon doesn't count": the jets kept are not within 0.4 of it
    (
        r"\b(?:an?\s+|any\s+)?(jets?)\s+(?:w/\s*|with\s+)?(?:within|closer\s+than)\s+"
        r"(?:delta_r\s*(?:<=?|of)?\s*)?(\d+(?:\.\d+)?)\s+(?:in\s+delta_r\s+)?(?:of|to|from)\s+"
        r"(?:the\s+|that\s+|a\s+|any\s+)?(muons?|electrons?|leptons?|photons?|mu|e)\s+"
        r"(?:(?:are|is)\s+)?(?:ignored|removed|dropped|discarded|excluded|(?:do|does)\s+not\s+"
        r"count)\b",
        lambda m: (
            f"{m.group(1)} not within {m.group(2)} in delta_r of the "
            f"{_OBJECT_LETTER.get(m.group(3), m.group(3))}"
        ),
    ),
    # axis labels: "$p_{T, lead jet}$", "p_{T}^{leading muon}": that object's pT
    (r"\bp_\{\s*t\s*,\s*([a-z][a-z ]{1,30}?)\s*\}", r" \1 pt "),
    # "$\Delta R$(lepton, closest AK4 jet)": Delta R of the lepton and its nearest jet
    (
        r"\bdelta_r\s*\(\s*(?:the\s+)?(muon|electron|lepton|photon|jet)\s*,\s*(?:the\s+)?"
        r"(?:closest|nearest)\s+(?:ak4\s+)?(jet|muon|electron|lepton|photon)\s*\)",
        r" delta_r between the \1 and the nearest \2 ",
    ),
    # "not within Delta R < 0.4 of", "not within Delta R = 0.4 of", "not within Delta R of 0.4 of"
    (
        r"\bnot\s+within\s+(?:a\s+)?delta[\s_-]?r\s*(?:<=?|=|of)\s*(\d+(?:\.\d+)?)\s+(?:of|from)\b",
        r"not within \1 in delta_r of",
    ),
    # "that are separated by Delta R > 0.4 from all leptons"
    (
        r"\bseparated\s+by\s+(?:a\s+)?delta[\s_-]?r\s*(?:>=?|of\s+(?:at\s+least|more\s+than)|above"
        r"|greater\s+than)\s*(\d+(?:\.\d+)?)\s+from\b",
        r"not within \1 in delta_r of",
    ),
    # "not overlapping (Delta R < 0.4) with leptons", "that do not overlap (Delta R < 0.4) with"
    (
        r"\b(?:not\s+overlapping|non-?overlapping|(?:do|does)\s+not\s+overlap)\s*\(\s*delta[\s_-]?r"
        r"\s*<=?\s*(\d+(?:\.\d+)?)\s*\)\s*(?:with|to)\b",
        r"not within \1 in delta_r of",
    ),
    # "jets that don't overlap with any lepton (pT > 10) within dR of 0.4": not within 0.4 of
    # any lepton with pT > 10 GeV (was: asked); the pT in the parenthesis is the leptons'
    (
        r"\b(?:not\s+overlapping|non-?overlapping|(?:do|does)\s*(?:not|n't)\s+overlap)\s+"
        r"(?:with|to)\s+(any\s+|all\s+)?(?:the\s+)?((?:light\s+)?(?:leptons?|muons?|electrons?"
        r"|photons?|taus?)(?:\s*(?:or|and|/)\s*(?:any\s+)?(?:muons?|electrons?))?)"
        r"(?:\s*\(\s*(pt\s*>=?\s*\d+(?:\.\d+)?\s*(?:gev)?)\s*\))?\s+within\s+(?:a\s+)?"
        r"(?:delta[\s_-]?r|dr)\s*(?:<=?|=|of)?\s*(\d+(?:\.\d+)?)\b",
        lambda m: (
            f"not within {m.group(4)} in delta_r of {m.group(1) or ''}{m.group(2)}"
            + (f" with {m.group(3)}" if m.group(3) else "")
        ),
    ),
    # away from "any electron or muon", "electrons and muons": from both, i.e. the light leptons
    # (the pT cut after them is of both: "of any electron or muon with pT > 10 GeV")
    (
        r"(not\s+within\s+\d+(?:\.\d+)?\s+in\s+delta[\s_-]?r\s+of\s+"
        r"|delta[\s_-]?r\s*>=?\s*\d+(?:\.\d+)?\s+(?:from|to)\s+)(any\s+|all\s+)?(?:the\s+)?"
        r"(?:selected\s+)?(?:electron(s?)\s*(?:or|and|/|,)\s*(?:any\s+|all\s+)?(?:the\s+)?muons?"
        r"|muon(s?)\s*(?:or|and|/|,)\s*(?:any\s+|all\s+)?(?:the\s+)?electrons?)\b",
        lambda m: f"{m.group(1)}{m.group(2) or ''}light lepton{m.group(3) or m.group(4) or ''}",
    ),
    # "the pair closest to 91.2 GeV is the Z candidate", "(the Z candidate)": a name for the pair
    # just chosen, not a Z -> mumu selection of its own
    (
        r"\s*(?:,\s*)?(?:which\s+|that\s+)?(?:is|are)\s+"
        r"(?:called\s+|taken\s+as\s+|referred\s+to\s+as\s+)?(?:the|a|our)\s+z(?:[- ]boson)?\s+"
        r"candidates?\b|\s*\(\s*(?:the\s+|a\s+)?z(?:[- ]boson)?\s+candidates?\s*\)",
        " ",
    ),
    # "Plot the MET of these events" after a sentence that selected them (alone, it is asked:
    # THESE_EVENTS; a follow-up's are the previous plot's)
    (
        THESE_EVENTS,
        lambda m: " " if re.search(_CHOSE_EVENTS, m.string[: m.start()]) else m.group(0),
    ),
    # "... not in the Z candidate" after the pair was chosen in words: that pair
    (
        r"\bnot\s+(in|part\s+of|belonging\s+to)\s+the\s+z(?:[- ]boson)?\s+candidate(?:\s+pair)?\b",
        lambda m: (
            f"not {m.group(1)} the pair"
            if re.search(r"\bpair\b.*\b(?:closest|nearest)\b", m.string[: m.start()])
            else m.group(0)
        ),
    ),
    # "for the full dataset": every event of it, as "the whole dataset"
    (r"\bfull\s+(?=(?:data\s*sets?|samples?|statistics)\b)", "whole "),
    # "three leptons (electrons or muons)", "leptons (e/mu)": light leptons
    (
        r"\b(?:light\s+)?(leptons?)\s*\(\s*(?:(?:electrons?|e)\s*(?:or|and|/|,|\+)\s*(?:muons?|mu|\u03bc)"
        r"|(?:muons?|mu|\u03bc)\s*(?:or|and|/|,|\+)\s*(?:electrons?|e))\s*\)",
        r"light \1",
    ),
    # "the lepton not in the pair whose invariant mass is closest to 91.2 GeV": the pair is the
    # one closest to that mass, and the lepton is not in it
    (
        r"\bnot\s+in\s+the\s+pair\s+(?:whose|with|that\s+has\s+an?|which\s+has\s+an?)\s+"
        r"(?:invariant\s+)?mass\s+(?:is\s+)?(closest|nearest)\s+to\b",
        r"not in the pair \1 to",
    ),
    # "the transverse mass built from the MET and the lepton": the mT of them
    (
        r"\b(transverse\s+mass|m_?t)\s+(?:(?:that\s+is\s+|which\s+is\s+)?(?:built|formed|made|"
        r"constructed|computed|calculated|reconstructed)\s+(?:from|of|with|using|out\s+of))\s+",
        r"\1 of ",
    ),
    # "the trijet closest in mass to 172.5 GeV": the trijet with mass closest to it
    (r"\b(closest|nearest)\s+in\s+(?:invariant\s+)?mass\s+to\b", r"\1 to"),
    # "closest to the top mass (172.5 GeV)", "nearest the Z mass of 91.2 GeV": the number given
    (
        r"\b(closest|nearest|near|around)(\s+to)?\s+(?:the\s+)?(?:nominal\s+|pdg\s+)?"
        r"(?:top(?:[- ]quark)?|z(?:[- ]boson)?|w(?:[- ]boson)?|higgs(?:[- ]boson)?)\s+mass\s*"
        r"(?:\(\s*|of\s+|,\s*|=\s*|:\s*)(?:m_?\w*\s*=\s*)?(\d+(?:\.\d+)?)\s*gev\s*\)?",
        r"\1\2 \3 gev ",
    ),
    # "jets isolated from light leptons with pT > 10 GeV by Delta R > 0.4": not within 0.4 of them
    (
        r"\b(?:that\s+are\s+|which\s+are\s+)?(?:isolated|separated)\s+from\s+((?:(?:any|all|the|light|"
        r"selected)\s+)*(?:leptons?|muons?|electrons?|photons?|taus?)(?:\s+with\s+p_?t\s*(?:>=?|above|"
        r"over)\s*\d+(?:\.\d+)?\s*gev)?)\s+by\s+(?:a\s+)?delta[\s_-]?r\s*(?:>=?|of\s+(?:at\s+least|"
        r"more\s+than)|above|greater\s+than)\s*(\d+(?:\.\d+)?)",
        r"not within \2 in delta_r of \1",
    ),
    # "jets separated from muons by Delta R > 0.4": not within 0.4 of the muons
    (
        r"\bseparated\s+from\s+(?:the\s+)?(?:selected\s+)?([a-z]+)\s+by\s+(?:a\s+)?(?:delta[\s_-]?r)"
        r"\s*(?:>=?|of\s+(?:at\s+least|more\s+than)|above|greater\s+than)\s*(\d+(?:\.\d+)?)",
        r"not within \2 in delta_r of \1",
    ),
    # "5 GeV bins up to 200 GeV", "bins of 5 GeV up to 200 GeV": from 0
    (
        r"(?<!\d\s)\bbins\s+of\s+(\d+(?:\.\d+)?)\s*gev\s+up\s+to\s+(\d+(?:\.\d+)?)\s*gev\b",
        r"\1 gev bins from 0 to \2 gev",
    ),
    (
        r"\b(\d+(?:\.\d+)?)\s*gev\s+bins\s+up\s+to\s+(\d+(?:\.\d+)?)\s*gev\b",
        r"\1 gev bins from 0 to \2 gev",
    ),
    (
        r"\b(?:non|anti)[- ]?b(?:[- ]?tag(?:ged)?)?[- ](jets?)\b"
        r"|\b(?:un|not[- ]b[- ]?)tagged\s+(jets?)\b"
        r"|\blight[- ]flavou?r(?:ed)?\s+(jets?)\b",
        r" light jets ",
    ),
    # "jets passing the loose b-tag working point": loose b-tagged jets
    (
        r"\bjets?\s+(?:passing|that\s+pass(?:es)?|satisfying|fulfilling|with)\s+(?:the\s+|a\s+)?"
        r"(loose|medium|tight)\s+(?:b[- ]?tag(?:ging)?|deep[- ]?jet(?:\s+b[- ]?tag(?:ging)?)?)\s+"
        r"(?:working\s+point|wp|requirement|selection|criterion|discriminator\s+cut)\b",
        r"\1 b-tagged jets",
    ),
    # "DeepJet-medium b-tagged jets", "deepjet-tight b-jets": the working point, as "medium
    # b-tagged jets (DeepJet)" is read (was: the count's object lost beside a "jets" sentence)
    (
        r"\bdeep[- ]?jet[- ](loose|medium|tight)(?:[- ](?:wp|working[- ]point))?\s+(b-?tagged\s+"
        r"jets?|b-?jets?)\b",
        r"\1 \2",
    ),
    # "DeepJet loose WP", "b-tag medium working point": the working point word first
    (
        r"\b(?:deep[- ]?jet|b[- ]?tag(?:ging)?)\s+(loose|medium|tight)\s+(?:working\s+point|wp)\b",
        r"\1 deepjet wp",
    ),
    (r"\b(loose|medium|tight)id\s*(?:==?\s*(?:1|true)\b)?", r"\1 id"),  # mediumId(==1): the flag
    (r"\bpuppimet(?=\b|_(?:pt|phi)\b)", "puppi met"),  # "PuppiMET", "PuppiMET_pt"
    # "Anti-Muon pT", "the antimuons": the positive muons (mu+)
    (r"(?<!muon-)(?<!muon )(?<!mu-)(?<!and )\banti-?muons?\b(?!\s+pairs?\b)", "positive muons"),
    # "Phi separation b/w Leading Fat Jet and MET": "b/w" is "between" before two objects
    (
        r"\bb/w\b(?=\s+(?:the\s+)?(?:leading|sub|first|second|two|2|muon|electron|lepton|jet"
        r"|fat|b|met|photon|tau))",
        "between",
    ),
    # "Missing Transverse Energy using Small Jets", "the MET computed from the jets": built from
    # the (AK4) jets alone, the MHT (its definition is stated with the plan). Not "the MET using
    # jets with pT < 60 GeV" (the jets a selection uses): "using" needs "small"/"AK4", and no
    # cut clause may follow
    (
        r"\bmet\s+(?:(?:built|computed|calculated|made|reconstructed)\s+(?:from|with|of)\s+"
        r"(?:the\s+|only\s+)?(?:small(?:[- ]?r(?:adius)?)?\s+|ak4\s+)?|using\s+(?:the\s+|only\s+)?"
        r"(?:small(?:[- ]?r(?:adius)?)?|ak4)\s+)jets\b(?!\s+(?:with|that|which|having|passing"
        r"|above|below|over|under|in\b|of\b))",
        " mht ",
    ),
    # "Vector missing $E_T$", "the MET vector": the MET (its magnitude; its phi when said)
    (r"\bvector\s+(met)\b|\b(met)\s+vector\b", r"\1\2"),
    (r"\bmet[_ ]pt\b", "met"),
    (r"\bmet_phi\b", "met phi"),  # the branch name, as "MET_pt" above
    # "jets that are b-tagged", "jets which are b-tagged": the b-tagged jets
    (r"\bjets?\s+(?:that|which)\s+(?:are|is|were)\s+(?=b[- ]?tagged\b)", " "),
    (
        r"\bb[- ]?tag(?:ged)?\s+jets?\b|\bb[- ]jets?\b|\bbjets?\b|\bb[- ]?tags\b|\bb-tagged\b",
        " bjets ",
    ),
    # "at least one b-tag", "exactly 1 b-tag": a count of b-tagged jets (not "the b-tag score")
    (
        r"(\b(?:\d+|one|two|three|four|a|an|no|zero)\s+)b[- ]?tag\b(?![- ]?(?:ging|ger|ged)\b)"
        r"(?!\s*(?:score|discriminant|discriminator|working|wp|efficienc\w*|scale|sf|weight|value"
        r"|output|requirement|cut|algorithm))",
        r"\1 bjets",
    ),
    # "$t\bar{t}$" arrives as "t bar{t}" (the LaTeX backslash is dropped before the rewrites)
    (
        r"\bt\s?t(?:bar|-bar)\b|\bt\s+t\s*bar\b|\bt\s*\\?bar\s*\{\s*t\s*\}|\btop[- ]antitop\b",
        " ttbar ",
    ),
    # "the one mass candidate per event (that is closest to ...)": the candidate the rule picks
    (
        r"\bthe\s+(?:one|1|single)\s+((?:[\w-]+\s+){0,2}?(?:candidate|pair|combination|value"
        r"|entry))\s+per\s+event\b",
        r"the \1",
    ),
    # array indexing in code words: mu_pt[0] is the leading muon's pT, Jet_pt[:,1] the second
    (
        r"\b(?:mu|muon|el|ele|electron|jet|pho|photon|tau|lep|lepton)s?_(pt|eta|phi|mass)\s*\["
        r"\s*(?::\s*,\s*)?0\s*\]",
        lambda m: _indexed(m, "leading"),
    ),
    (
        r"\b(?:mu|muon|el|ele|electron|jet|pho|photon|tau|lep|lepton)s?_(pt|eta|phi|mass)\s*\["
        r"\s*(?::\s*,\s*)?1\s*\]",
        lambda m: _indexed(m, "subleading"),
    ),
    # "mu[0] pt", "muons[1].eta", "jets[0].pt", "Muon_pt[2]" (once "muon pt[2]"): that rank
    (
        r"\b(mu|muon|el|ele|electron|jet|j|pho|photon|tau|lep|lepton)s?\s*\[\s*(?::\s*,\s*)?([0-3])"
        r"\s*\]\s*\.?\s*(pt|eta|phi|mass)\b"
        r"|\b(mu|muon|el|ele|electron|jet|pho|photon|tau|lep|lepton)s?\s+(pt|eta|phi|mass)\s*\["
        r"\s*(?::\s*,\s*)?([0-3])\s*\]",
        lambda m: (
            f" {_RANK_WORD[str(int(m.group(2) or m.group(6)) + 1)]} "
            f"{_indexed_noun(m.group(1) or m.group(4))} "
            f"{m.group(3) or m.group(5)} "
        ),
    ),
    # variable names of analysis code: "lead_jetPt", "leadJetPt", "subleadMuonEta",
    # "jet1_pt", "mu2Eta" (lower-cased): that rank's quantity
    (
        r"\b(lead(?:ing)?|sub_?lead(?:ing)?|trail(?:ing)?)_?(jet|bjet|muon|mu|ele|electron|pho|photon"
        r"|lep|lepton|tau)_?(pt|eta|phi|mass)\b",
        lambda m: (
            f" {'leading' if m.group(1).startswith('lead') else 'subleading'} "
            f"{_indexed_noun(m.group(2))} {m.group(3)} "
        ),
    ),
    (
        r"\b(jet|bjet|muon|mu|ele|electron|pho|photon|lep|lepton|tau)_?([1-4])_?(pt|eta|phi|mass)\b",
        lambda m: f" {_RANK_WORD[m.group(2)]} {_indexed_noun(m.group(1))} {m.group(3)} ",
    ),
    # ... and the quantity first: "pt_mu1", "eta_jet2", "ptlep1" (was: "pt_mu1 > 30" a cut on
    # the plotted electrons)
    (
        r"\b(pt|eta|phi|mass)_?(jet|bjet|muon|mu|ele|electron|pho|photon|lep|lepton|tau)_?([1-4])\b",
        lambda m: f" {_RANK_WORD[m.group(3)]} {_indexed_noun(m.group(2))} {m.group(1)} ",
    ),
    # a name in parentheses restating what was just said: "the MET (`met`)", "jets (jet_n)"
    (r"\b([a-z][a-z0-9]*)\s*\(\s*\1\s*\)", r"\1"),
    (r"\(\s*[a-z][a-z0-9]*_[a-z0-9_]*\s*\)", " "),
    # a parenthesis pointing elsewhere ("(following the syntax for pT in the cell above)",
    # "(see the previous exercise)") is a comment, unless it holds a cut
    (
        r"\(\s*(?:following|see|like|similar\s+to|cf\.?|as\s+in|as\s+shown|as\s+done"
        r"|as\s+we\s+did|as\s+before)\b[^()<>=]*\)",
        " ",
    ),
    # "reject events where the MET is below 30 GeV" keeps the events above: the comparison of an
    # event quantity is turned round (object counts: see the parser's vetoes)
    (
        r"\b(?:reject(?:ing)?|remov(?:e|ing)|exclud(?:e|ing)|discard(?:ing)?|veto(?:ing)?"
        r"|filter(?:ing)?\s+out|drop(?:ping)?|delet(?:e|ing)|throw(?:ing)?\s+(?:away|out)"
        r"|get(?:ting)?\s+rid\s+of)\s+(?:all\s+)?(?:the\s+)?events\s+"
        r"(?:where|with|in\s+which|whose|that\s+have|having|for\s+which|if)\s+(?:the\s+|an?\s+)?"
        r"(met|ht|mt|(?:di[a-z]+|pair|invariant)\s+mass)\s+(?:is\s+|are\s+|of\s+)?"
        r"(below|under|less\s+than|smaller\s+than|lower\s+than|<=?|above|over|more\s+than"
        r"|greater\s+than|larger\s+than|higher\s+than|exceeding|>=?)\s*(?=-?\d)",
        lambda m: f"selecting events with {m.group(1)} {_TURNED[m.group(2).split()[0]]} ",
    ),
    # particle-antiparticle pairs are opposite-sign pairs: "electron-positron pairs",
    # "muon-antimuon pairs", "e+e-", "mu+mu-"
    (
        r"\belectron\s*-\s*positron(?:\s+pairs?)?|\be\+\s*e-(?:\s+pairs?)?",
        " opposite-sign dielectron ",
    ),
    (
        r"\bmuon(?:\s*-\s*|\s+and\s+)anti-?muon(?:\s+pairs?)?|\bmu\+\s*mu-(?:\s+pairs?)?",
        " opposite-sign dimuon ",
    ),
    (r"\bl\+\s*l-(?:\s+pairs?)?(?!\w)", " opposite-sign dilepton "),
    # "highest-$\pt$ jets" once the $ are gone; "jets not designated as b-jets"
    (r"\b(highest|leading|hardest)-\s+pt\b", r"\1-pt"),
    (
        r"\b(jets?)\s+(?:that\s+are\s+|which\s+are\s+)?not\s+(?:(?:designated|identified|tagged"
        r"|classified)\s+as\s+b\s*-?\s*jets?|b\s*-?\s*tagged|bjets?)\b",
        r" light \1 ",
    ),
    (
        r"\b(?:that\s+are\s+|which\s+are\s+)?not\s+(?:designated|identified|tagged|classified)"
        r"\s+as\s+b\s*-?\s*jets?\b",
        " with no b-tag ",
    ),
    # "the two leading jets' invariant mass", "the 2 leading muons' delta R": the quantity of
    # those two (was: "the 2 leading" left unplaced, asked)
    (
        r"\b(?:the\s+)?(two|2)\s+(leading|hardest|highest[- ]pt)\s+((?:b-?)?jets|muons|electrons"
        r"|leptons|photons|taus)'s?\s+((?:invariant\s+)?mass|delta\s*[-_ ]?(?:eta|phi|r|y)\b"
        r"|(?:angular\s+)?separation|opening\s+angle)",
        r" the \4 of the \1 \2 \3 ",
    ),
    # jet1, jet2, lep1 ...: the leading, subleading ... one; m(j1j2): the two leading jets' mass
    (
        r"\bm\s*\(\s*j_?1\s*,?\s*j_?2\s*\)|\bm_?\{?\s*j_?1\s*j_?2\s*\}?",
        " mass of the 2 leading jets ",
    ),
    # "m(b1,b2)", "m(mu1, mu2)", "m(l1,l2)": the mass of the two leading ones of that kind
    (
        r"\bm\s*\(\s*(b|bjet|mu|muon|e|ele|electron|l|lep|lepton|gamma|photon)_?1\s*,\s*\1_?2\s*\)",
        lambda m: f" mass of the 2 leading {_OBJECT_LETTER.get(m.group(1), m.group(1))}s ",
    ),
    # "m(j1,j3)", "m(mu2, mu3)": the mass of those two ranked objects (one rank twice: as is)
    (
        r"\bm\s*\(\s*(j|jet|b|bjet|mu|muon|e|ele|electron|gamma|photon)_?([1-6])\s*,?\s*\1_?([1-6])"
        r"\s*\)",
        lambda m: (
            m.group(0)
            if m.group(2) == m.group(3)
            else (
                f" mass of the {_RANK_WORD[min(m.group(2), m.group(3))]} and "
                f"{_RANK_WORD[max(m.group(2), m.group(3))]} "
                f"{_OBJECT_LETTER.get(m.group(1), m.group(1))}s "
            )
        ),
    ),
    # "pT(mu) > 10 GeV", "eta(j1)", "phi(e)": the quantity of that object
    (
        r"\b(pt|eta|phi)\s*\(\s*(mu|muon|e|ele|electron|j|jet|b|bjet|l|lep|lepton|gamma|photon|tau)"
        r"(_?[1-4])?\s*\)",
        lambda m: f" {_OBJECT_LETTER.get(m.group(2), m.group(2))}{m.group(3) or ''} {m.group(1)} ",
    ),
    # "min dphi(jets, MET)", "min Δφ(j_{1-4}, MET)", "min(Δφ(j1234, MET))", "Δφ_min(jet, MET)":
    # the smallest |delta phi| between the MET and the (N leading) jets (MIN_DPHI_MET)
    (
        r"\b(?:(?:min(?:imum)?|smallest)\s*(?P<open>\()?\s*\|?\s*delta[_ ]phi"
        r"|delta[_ ]phi\s*_?\s*min)\s*\|?\s*\(\s*(?:(?P<met>met)\s*,\s*)?"
        r"(?P<obj>b-?jets?|bjets?|jets?|j|b)(?:_?\{?1\s*(?:-|–|\.\.)\s*(?P<n>[2-6])\}?"
        r"|_?(?P<ns>12|123|1234|12345|123456))?\s*(?(met)|,\s*met)\s*\)\s*\|?(?(open)\s*\))",
        lambda m: _min_dphi_words(m["n"] or (m["ns"] and len(m["ns"])), m["obj"]),
    ),
    # "delta phi between each of the 4 leading jets and the MET above 0.5" (EVERY_JET_MET_ANGLE)
    (EVERY_JET_MET_ANGLE, every_jet_met_angle),
    # "dR(mu, j)", "delta R(muon, jet)", "dPhi(j1, MET)": the angle between the two objects
    (
        r"\b(delta_r|delta_phi|delta_eta)\s*\(\s*(mu|muon|e|ele|electron|j|jet|b|bjet|l|lep|lepton"
        r"|gamma|photon|tau|met|z|mumu|dimuon|ll|dilepton)(_?[1-4])?\s*'?\s*,\s*(mu|muon|e"
        r"|ele|electron|j|jet|b|bjet|l|lep|lepton|gamma|photon|tau|met|z|mumu|dimuon|ll"
        r"|dilepton)(_?[1-4])?\s*'?\s*\)",
        lambda m: (
            f" {m.group(1)} between the {_angle_leg(m.group(2), m.group(3))} and the "
            f"{_angle_leg(m.group(4), m.group(5))} "
        ),
    ),
    # "jets with dR(j, l) > 0.4": the jets' cleaning against those objects, as "jets with delta R
    # > 0.4 from the leptons" (was: the leading jet and the leading muon, required, silently)
    (
        r"\b((?:b-?)?jets?\s+(?:with|having|satisfying|that\s+have)\s+)delta_r\s+between\s+the\s+"
        r"(?:b-?)?jet\s+and\s+the\s+(lepton|muon|electron|photon|tau)\s*(>=?|above|greater\s+than"
        r"|larger\s+than|of\s+at\s+least|at\s+least)\s*(\d*\.?\d+)",
        r"\1delta_r > \4 from the \2s",
    ),
    (
        r"\b(jet|bjet|b-jet|lep|lepton|mu|muon|ele|electron|photon|j)_?([1-4])\b",
        lambda m: f"{_ORDINAL[m.group(2)]} {_OBJECT_ABBREV.get(m.group(1), m.group(1))}",
    ),
    # "the pT of jet number three, ordered by pT", "muon #2": the ranked object
    (
        r"\b(jet|bjet|b-jet|muon|electron|photon|lepton)\s+(?:number|no\.|#)\s*([1-4]|one|two"
        r"|three|four)\b(?:\s*,?\s*(?:when\s+)?(?:ordered|sorted|ranked)\s+(?:by|in)\s+"
        r"(?:decreasing\s+)?(?:pt|transverse\s+momentum))?",
        lambda m: (
            f"{_ORDINAL[str(_NUMBER_WORDS.get(m.group(2), m.group(2)))]} "
            f"{_OBJECT_ABBREV.get(m.group(1), m.group(1))}"
        ),
    ),
    # "after (the) event selection": what the analysis selects, said in passing
    (
        r"\bafter\s+(?:the\s+)?(?:full\s+|final\s+|event\s+|offline\s+)*(?:pre)?selection\b",
        " with the selection ",
    ),
    # "the dimuon mass after (the) muon selection", "di-lepton mass ... after lepton selection":
    # the selection of the plotted leptons themselves (another kind's selection is asked)
    (
        r"\b((?:di-?)?(muon|electron|lepton)s?\b[^.;]*?)\bafter\s+(?:the\s+)?(?:\2|lepton)s?\s+"
        r"selection\b",
        r"\1 with the selection ",
    ),
    (r"\bz\s*\^\s*\{?\s*0(?:\s*\})?", "z"),  # Z^0
    # an exercise's numbering: "5) Fill your histogram ...", "(3) plot ...", "2. Plot ..."
    (r"^\s*(?:\(\d{1,2}\)|\d{1,2}\)|\d{1,2}\.(?=\s+[a-z]))\s*", " "),
    # ... and a later step of the same list: "select muons with pT > 25 GeV. 2. plot their eta"
    (r"(?<=[.;!?]\s)\s*(?:\(\d{1,2}\)|\d{1,2}\)|\d{1,2}\.(?=\s+[a-z]))\s*", " "),
    (r"(\w)s'(?=\s)", r"\1s"),  # "todays' exercise"
    # "muon pairs (all combinations, not just the first two per event)": every pair
    (
        r"\b((?:[a-z]+\s+)?pairs)\s*\(?\s*(?:all|every)\s+combinations?\s*,?\s*(?:and\s+)?not\s+"
        r"(?:just|only)\s+the\s+(?:first|leading)\s+(?:2|two)(?:\s+(?:per|in\s+each)\s+event)?\s*\)?",
        r"all \1",
    ),
    # "the highest-E_T jet", "the second highest pT muon": leading / subleading
    (
        r"\bsecond[- ]highest[- ](?:pt|et|e_t|p_t|energy)\s+(?=(?:b-?)?jets?|muons?|electrons?"
        r"|leptons?|photons?|taus?)",
        "subleading ",
    ),
    (
        r"\b(third|fourth|fifth|sixth|3rd|4th|5th|6th)[- ]highest[- ](?:pt|et|e_t|p_t|energy)\s+"
        r"(?=(?:b-?)?jets?|muons?|electrons?|leptons?|photons?|taus?)",
        r"\1 ",
    ),
    (
        r"(?<!second[- ])(?<!third[- ])(?<!fourth[- ])(?<!fifth[- ])(?<!sixth[- ])"
        r"(?<![0-9]th[- ])(?<![0-9]rd[- ])\bhighest[- ](?:pt|et|e_t|p_t|energy)\s+"
        r"(?=(?:b-?)?jets?|muons?|electrons?|leptons?|photons?|taus?)",
        "leading ",
    ),
    # "the lower-pT lepton" (of two): the subleading one; "the higher-pT jet": the leading one
    (
        r"\blower[- ](?:pt|et|e_t|p_t)\s+(?=(?:b-?)?jets?\b|muons?\b|electrons?\b|leptons?\b"
        r"|photons?\b|taus?\b)",
        "subleading ",
    ),
    (
        r"\bhigher[- ](?:pt|et|e_t|p_t)\s+(?=(?:b-?)?jets?\b|muons?\b|electrons?\b|leptons?\b"
        r"|photons?\b|taus?\b)",
        "leading ",
    ),
    # a symbol in parentheses naming the quantity just described: "... jets (m_jj)", "(H_T)"
    (r"(\bmass\b[^.;()]{0,80}?)\(\s*(?:di[a-z]+\s+mass|mll|mjj)\s*\)", r"\1"),
    (
        r"opposite-sign\s+(?:dielectron|dimuon)\s*(?:and|or|/|,)\s*(?:the\s+)?opposite-sign\s+"
        r"(?:dimuon|dielectron)",
        # "compare the e+e- and mu+mu- pairs", "... separately": one histogram per flavour
        lambda m: (
            " opposite-sign dielectron and opposite-sign dimuon "
            if re.search(r"\bcompar|\bseparate|\beach\b|\bversus\b|\bvs\b", m.string)
            else " opposite-sign same-flavour dilepton "
        ),
    ),
    # a y-axis label or title is presentation, not a rapidity: "label the x-axis `Jet pT` and
    # the y-axis `Jets`", "a y-axis label of Events" (a log-scale y axis is read elsewhere)
    (
        r"\b(label(?:ing|led|s)?\s+(?:the\s+)?(?:x[- ]?axis\b[^.;]{0,60}?\band\s+)?(?:the\s+)?)"
        r"y[- ]?axis\b",
        r"\1axis",
    ),
    (r"\by[- ]?axis(?=\s+(?:label|title)s?\b)", "axis"),
    # "change the binning to 0-500 GeV", "set the x range to 0 - 500": the histogram range
    (
        r"\b(?:change|set|make|put)\s+(?:the\s+)?(?:binning|x[- ]?range|range|x[- ]?axis|axis"
        r"(?:\s+range)?)\s+(?:to\s+)?(?:go\s+)?(?:from\s+)?(?=-?\d)",
        "range from ",
    ),
    # "zoom in on 80 to 100 GeV", "zoom into the region 2.8-3.4 GeV": the histogram range
    (
        r"\bzoom(?:ed)?(?:\s+in)?\s+(?:on|to|into|onto)\s+(?:the\s+)?(?:region\s+|range\s+|window\s+)?"
        r"(?:from\s+|between\s+|of\s+)?(\d+(?:\.\d+)?)\s*(?:gev\s*)?(?:-|to|and)\s*(\d+(?:\.\d+)?)",
        r"range from \1 to \2",
    ),
    # "positive muons", "negatively charged electrons": a cut on the charge field
    (
        r"\bpositive(?:ly)?(?:[- ]charged)?\s+(muons?|electrons?|leptons?|taus?)\b",
        r"\1 with charge > 0",
    ),
    (
        r"\bnegative(?:ly)?(?:[- ]charged)?\s+(muons?|electrons?|leptons?|taus?)\b",
        r"\1 with charge < 0",
    ),
    # "at least 4 jets, 2 of them b-tagged": 4 jets and 2 b-jets (the b-jets are among the
    # jets); the count word of the jets carries over when the b-jets have none
    (
        r"\b(at\s+least\s+|exactly\s+)?(\d+|one|two|three|four|five|six)\s+jets\s*,?\s*"
        r"(?:(?:and|with)\s+)?(at\s+least\s+|exactly\s+)?(\d+|one|two|three|four|five|six)\s+"
        r"of\s+(?:them|which)\s+(?:are\s+|being\s+)?bjets\b",
        lambda m: (
            f"{m.group(1) or ''}{m.group(2)} jets and {m.group(3) or m.group(1) or ''}"
            f"{m.group(4)} bjets"
        ),
    ),
    # "require at least two of them", "a muon only counts if ...", "$N_\\mu = 2$": count_phrases.py
    *_COUNT_PHRASES,
    # "two photons with pT above 35 and 25 GeV", "leading (subleading) photon ... pT > 35 (25)
    # GeV": a threshold for each of the two leading objects (the higher one first, as written)
    (
        # ("two muons of opposite charge with pT > 25 and 15 GeV": the charge stays with them)
        r"\b(two|2)\s+(muon|electron|lepton|photon|jet|b-?jet|tau)s(\s+of\s+(?:opposite|the\s+same"
        r"|same)\s+(?:charge|sign|flavou?r)(?:\s+and\s+(?:opposite|the\s+same|same)\s+(?:charge"
        r"|sign|flavou?r))?)?\s+with\s+(?:pt|et|e_t)\s*"
        r"(?:>=?|above|over|greater\s+than|larger\s+than|of\s+at\s+least|exceeding)\s*"
        r"(\d+(?:\.\d+)?)\s*(?:gev\s*)?(?:and|,|\()\s*(\d+(?:\.\d+)?)\s*\)?\s*(gev|tev)\b",
        lambda m: _lead_sublead(
            m.group(2),
            m.group(4),
            m.group(5),
            m.group(6),
            m.group(0),
            m.group(1),
            qualifier=m.group(3) or "",
        ),  # fmt: skip
    ),
    (
        r"\bleading\s*\(\s*sub-?leading\s*\)\s+(muon|electron|lepton|photon|jet|b-?jet|tau)s?\b"
        r"((?:\s+[a-z]+){0,6}?)\s+(?:pt|et|e_t)(?:\s*\([a-z ]+\))?\s*"
        r"(?:>=?|above|over|greater\s+than|of\s+at\s+least|exceeding)\s*"
        r"(\d+(?:\.\d+)?)\s*(?:gev\s*)?\(\s*(\d+(?:\.\d+)?)\s*(?:gev\s*)?\)\s*(gev|tev)?",
        lambda m: _lead_sublead(
            m.group(1), m.group(3), m.group(4), m.group(5) or "gev", m.group(0), "", m.group(2)
        ),
    ),
    # "Select events containing X. Plot Y (of these events)." (the whole request): Y in events
    # with X, the order in which every condition is read
    (
        r"^\s*(?:first\s+)?(?:select|require|keep|take)\s+(?:only\s+)?(?:the\s+)?events\s+"
        r"(?:containing|with|that\s+(?:have|contain)|having|which\s+(?:have|contain))\s+([^.;:]+?)"
        r"\s*[.;]\s*(?:then\s+)?(plot|histogram|draw|show)\s+([^.;:]+?)\s*\.?\s*$",
        r"\2 \3 in events with \1",
    ),
    # "the delta phi between the MET and the nearest jet", "... between the closest jet and the
    # MET": the smallest |delta phi| of the jets with the MET (the jet nearest to it in phi;
    # "any jet" is left to the rules: every jet, with no cuts?)
    (
        r"\b(?:(?:the\s+)?(?:minimum|min|smallest)\s+)?delta_phi\s+between\s+(?:the\s+)?met\s+and\s+"
        r"(?:the\s+(?:nearest|closest)\s+jet|the\s+jet\s+(?:nearest|closest)\s+to\s+it)\b"
        r"|\b(?:(?:the\s+)?(?:minimum|min|smallest)\s+)?delta_phi\s+between\s+(?:the\s+)?"
        r"(?:nearest|closest)\s+jet\s+and\s+(?:the\s+)?met\b",
        "the minimum delta_phi between the jets and the met",
    ),
    # a histogram title naming an angle and its two objects side by side ("#Delta #phi Leading
    # Jet Dimuon", "Delta phi leading jet MET"): the angle between them
    (
        rf"^\s*(delta_(?:phi|r|eta))\s+({_TITLE_OPERAND})\s+({_TITLE_OPERAND})\s*[.;]?\s*$",
        r"\1 between the \2 and the \3",
    ),
    # "for Njets >= 2.": a sentence's full stop after a number is not its decimal point
    (r"(?<=\d)\.(?=\s|$)", " ."),
]


def _lead_sublead(
    obj: str,
    first: str,
    second: str,
    unit: str,
    said: str,
    count: str,
    between: str = "",
    qualifier: str = "",
) -> str:
    """The leading object above the first threshold, the subleading above the second; as
    written when the first is not the higher one (then the rules ask about it)."""
    if float(first) <= float(second):
        return said
    prefix = f"{count} {obj}s{qualifier}, " if count else ""
    return (
        f"{prefix}{between} leading {obj} pt > {first} {unit} and subleading {obj} pt > "
        f"{second} {unit}"
    )


_ORDINAL = {"1": "leading", "2": "subleading", "3": "third", "4": "fourth"}
_RANK_WORD = {**_ORDINAL, "5": "fifth", "6": "sixth"}
#: the word of four objects as one system (see OBJECT_PATTERNS)
_QUAD = {
    "lepton": "quadlepton", "l": "quadlepton", "muon": "quadmuon", "mu": "quadmuon",
    "electron": "quadelectron", "e": "quadelectron", "jet": "quadjet", "j": "quadjet",
}  # fmt: skip
#: the two objects of a pair subscript ("_{jj}", "_{mumu}")
_PAIR_LEGS = {"jj": "jets", "mumu": "muons", "ee": "electrons", "ll": "leptons", "bb": "bjets"}
#: the word of three leptons as one system
_TRI = {
    "lepton": "trilepton", "l": "trilepton", "muon": "trimuon", "mu": "trimuon",
    "electron": "trielectron", "e": "trielectron",
}  # fmt: skip
#: the objects of "n_l", "N_{jets}": the plural the count is of
_OBJECT_PLURAL = {
    **dict.fromkeys(["l", "lep", "leps", "lepton", "leptons"], "leptons"),
    **dict.fromkeys(["mu", "muon", "muons"], "muons"),
    **dict.fromkeys(["e", "ele", "eles", "electron", "electrons"], "electrons"),
    **dict.fromkeys(["j", "jet", "jets"], "jets"),
    **dict.fromkeys(["b", "bjet", "bjets"], "b-tagged jets"),
    **dict.fromkeys(["tau", "taus"], "taus"),
    **dict.fromkeys(["gamma", "photon", "photons"], "photons"),
}
_OBJECT_ABBREV = {"lep": "lepton", "mu": "muon", "ele": "electron", "b-jet": "bjet", "j": "jet"}
#: one-letter object symbols of a quantity's argument: pT(mu), eta(j1), phi(l)
_OBJECT_LETTER = {
    "mu": "muon", "e": "electron", "ele": "electron", "j": "jet", "b": "bjet", "l": "lepton",
    "lep": "lepton", "gamma": "photon",
}  # fmt: skip

#: the comparison that keeps what a rejection leaves ("reject ... below 30" keeps "above 30")
_TURNED = {
    **dict.fromkeys(["below", "under", "less", "smaller", "lower", "<", "<="], "above"),
    **dict.fromkeys(["above", "over", "more", "greater", "larger", "higher", "exceeding"], "below"),
    **dict.fromkeys([">", ">="], "below"),
}

_CODE_OBJECTS = ("muon", "electron", "jet", "photon", "tau", "lepton")


_PAIR_SYMBOL = {"mumu": "dimuon", "ee": "dielectron", "ll": "dilepton", "jj": "dijet",
                "gammagamma": "diphoton"}  # fmt: skip


def _scripted_quantity(m: re.Match[str]) -> str:
    """ "eta_{mu}" -> "muon eta", "|eta_{mu}|" -> "muon |eta|", "pt ^{j_1}" -> "leading jet
    pt", "y_{mumu}" -> "dimuon rapidity", "pt ^{ lead mu}" -> "leading muon pt"."""
    bars, quantity, rank, symbol, number, close = m.groups()
    if re.search(r"delta\s*$", m.string[: m.start()]):
        return m.group(0)  # "delta phi_{jet}": a Delta of unnamed objects, not the jet phi
    quantity = "rapidity" if quantity == "y" else quantity
    if bars and close:
        quantity = f"|{quantity}|"
    elif bars or close:
        return m.group(0)  # one bar only: not an absolute value, left as written
    if symbol in _PAIR_SYMBOL:
        return f" {_PAIR_SYMBOL[symbol]} {quantity} "
    name = _OBJECT_LETTER.get(symbol, _OBJECT_ABBREV.get(symbol, symbol))
    if number:
        ordinal = _ORDINAL[number]
    elif rank:
        ordinal = "subleading" if rank.startswith("sub") else "leading"
    else:
        ordinal = ""
    return f" {ordinal} {name} {quantity} "


def _angle_leg(symbol: str, number: str | None) -> str:
    """ "j", "1" -> "leading jet"; "mu", None -> "muon"; "met" -> "met"."""
    if symbol in ("met", "z"):
        return symbol
    if symbol in _PAIR_SYMBOL or symbol.startswith("di"):  # "dR(mumu, j1)": the pair's system
        return f"{_PAIR_SYMBOL.get(symbol, symbol)} system"
    name = _OBJECT_LETTER.get(symbol, symbol)
    return f"{_ORDINAL[number.lstrip('_')]} {name}" if number else name


def _indexed(m: re.Match[str], which: str) -> str:
    """mu_pt[0] -> "leading muon pt" (the object from the first two letters of the code word)."""
    obj = next(o for o in _CODE_OBJECTS if o.startswith(m.group(0)[:2]))
    return f" {which} {obj} {m.group(1)} "


def _pi_value(m: re.Match[str]) -> str:
    """ "pi", "2pi/3", "pi/2" after a comparison: the angle in radians; "pi" elsewhere stays."""
    before = m.string[max(0, m.start() - 4) : m.start()]
    if not (m.group(1) or m.group(2)) and not re.search(r"[<>=]\s*$", before):
        return m.group(0)  # "pi mesons", "the pi0": not an angle
    value = float(m.group(1) or 1) * math.pi / float(m.group(2) or 1)
    return f"{value:.4f}"


#: a Greek letter or arrow in ROOT's TLatex ("#Delta#phi", "#mu_{1}", "#rightarrow"); not
#: "#muons" (a count)
_TLATEX = re.compile(
    r"#(?=(?:delta|phi|eta|mu|gamma|tau|nu|pi|sigma|chi|rho|theta|alpha|upsilon|psi|ell|pm"
    r"|rightarrow|to)(?![a-z]))",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Lower-case and rewrite notation variants to one spelling each."""
    text = strip_links(text)
    text = re.sub(_TLATEX, r"\\", text)  # ROOT's "#Delta#phi", "#mu#mu": TeX's "\Delta\phi"
    text = re.sub(r"\\(?:long)?(?:rightarrow|to)(?![a-z])", " -> ", text, flags=re.IGNORECASE)
    for src, dst in _CHAR_MAP.items():
        text = text.replace(src, dst)
    text = text.lower()
    text = re.sub(_TENS_WORDS, _tens_word, text)  # "thirty bins": "30 bins"
    for pattern, repl in _REWRITES:
        text = re.sub(pattern, repl, text)
    for word, value in sorted(_NUMBER_WORDS.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"\b{word}\b", str(value), text)
    # doubled by a rewrite: "ht ht" (not two particles: "mu mu")
    text = re.sub(r"\b(?!(?:mu|tau|gamma|nu|pi)\s)([a-z]{2,})\s+\1\b", r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def strip_links(text: str) -> str:
    """Markup as its text (:func:`plain_text`); a Markdown link "[GeV](https://twiki...)" is
    its text: the address is not a dataset."""
    text = plain_text(text)
    text = re.sub(_EMPHASIS, r"\2", text)
    return re.sub(r"\[([^\]]*)\]\((?:https?|ftp)://[^)\s]*\)+", r"\1", text)


#: Markdown emphasis around words ("the pT of *all* the jets", "**jet pT**", "_every_ muon"):
#: the words. Not a product "2*pi", a subscript "p_T" or an identifier "Muon_pt" (a word
#: character touches the marker there).
_EMPHASIS = r"(?<![\w*])(\*{1,2}|_{1,2})(?=[^\s*_])([^*_\n]{1,80}?)(?<=[^\s*_])\1(?![\w*])"


#: an HTML tag of a web page's text, e.g. "<b>", "</span>", "<br/>", '<a href="...">' (only
#: these names, and attributes only as name="value": "m<mZ and pT>20" is no tag)
_HTML_TAG = (
    r"</?(?:a|b|i|u|s|em|strong|span|br|p|div|code|tt|small|big|font|li|ul|ol|hr|h[1-6]|td|tr"
    r"|th|pre|kbd|var|math|mi|mo|mn|msub|msup|mrow)\b"
    r"(?:\s+[a-z-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*/?>"
)


def plain_text(text: str) -> str:
    """HTML copied from a web page as the text it shows: entities decoded ("&Delta;&phi;" ->
    "Δφ", "&lt;" -> "<"), a sub/superscript written as in TeX ("m<sub>SD</sub>" -> "m_SD",
    "p<sub>T</sub>" -> "p_T", "E<sup>miss</sup>" -> "E^miss"), other tags removed. Text without
    markup is returned unchanged (a "<" of a cut stays: only a tag-shaped "<b>" is markup)."""
    if "&" not in text and "<" not in text:
        return text
    text = re.sub(
        r"<(sub|sup)>\s*([^<]{1,20}?)\s*</\1>",
        lambda m: ("_" if m.group(1).lower() == "sub" else "^") + m.group(2),
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(_HTML_TAG, " ", text, flags=re.IGNORECASE)
    return (
        html.unescape(text) if re.search(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", text, re.I) else text
    )


#: (pattern, object kind, is a pair). Order matters: longer / more specific first.
OBJECT_PATTERNS: list[tuple[str, str, bool]] = [
    # AK8 jets first: "AK8 jets" and "fat jets" must not also be read as AK4 jets
    (
        r"\b(?:ak8[\s-]*|fat[\s-]?|large[- ]?r(?:adius)?\s+)(?:pf\s+)?(?:puppi\s+)?jets?\b"
        r"|\bfatjets?\b|\bak8\b",
        "fatjet",
        False,
    ),
    # four objects as one system (normalise() writes "the four-muon mass" so): size 4
    (r"\bquadmuons?\b", "muon", True),
    (r"\bquadelectrons?\b", "electron", True),
    (r"\bquadleptons?\b", "lepton", True),
    (r"\bquadjets?\b", "jet", True),
    # three leptons as one system ("the trilepton mass", "m_{3l}"): size 3
    (r"\btrimuons?\b", "muon", True),
    (r"\btrielectrons?\b", "electron", True),
    (r"\btrileptons?\b", "lepton", True),
    (r"\bdimuons?\b|\bmu\s?mu\b|\bmuon\s+pairs?\b|\bpairs?\s+of\s+muons\b", "muon", True),
    (
        r"\bdielectrons?\b|\bee\b|\belectron\s+pairs?\b|\bpairs?\s+of\s+electrons\b",
        "electron",
        True,
    ),
    (
        r"\be\s?-?\s?mu\b|\belectron[- ]muon\b|\bmuon[- ]electron\b|\bdifferent[- ]flavou?r\b",
        "emu",
        True,
    ),
    (
        r"\bdileptons?\b|\bll\b|\blepton\s+pairs?\b|\bpairs?\s+of\s+leptons\b|\bsame[- ]flavou?r\b",
        "lepton",
        True,
    ),
    (r"\btri-?jets?\b|\b3[- ]jet\b", "jet", True),
    (r"\bdijets?\b|\bjet\s+pairs?\b|\bpairs?\s+of\s+jets\b", "jet", True),
    (r"\bdiphotons?\b|\bgamma\s?gamma\b|\bphoton\s+pairs?\b", "photon", True),
    (r"\bditaus?\b|\btau\s?tau\b", "tau", True),
    # "a b-jet pair" (normalised "a bjets pair"): a pair, not one b-jet
    (r"\bdibjets?\b|\bbjets?\s+pairs?\b|\bpairs?\s+of\s+bjets\b", "bjet", True),
    (r"\bbjets?\b", "bjet", False),
    (r"\bmuons?\b|\bmu\b", "muon", False),
    (r"\belectrons?\b|\beles?\b", "electron", False),
    (r"\bleptons?\b", "lepton", False),
    (r"\bjets?\b", "jet", False),
    (r"\bphotons?\b|\bgammas?\b", "photon", False),
    (r"\btaus?\b", "tau", False),
]

#: Quantity words (after cut phrases have been masked out).
QUANTITY_PATTERNS: list[tuple[str, str]] = [
    ("mass", r"\bmass(?:es)?\b|\blineshape\b|\bresonance\b"),
    (
        "count",
        r"\bnumber\s+of\b(?!\s+(?:selected\s+|passing\s+|collision\s+)?events\b)|\bmultiplicit(?:y|ies)\b"
        r"|\bhow\s+many\b(?!\s+events\b)|\bcounts?\b|\bn\s?(?=jets|bjets|muons|electrons|leptons|photons)",
    ),
    # the momentum magnitude |p| = pT cosh(eta) (plain "momentum" is read as pT, and said)
    (
        "p",
        r"(?:\bmomen(?:tum|ta)\s*\(?\s*)?\|\s*p\s*\|\)?|\bmomentum\s+magnitudes?\b|\bmagnitudes?\s+of\s+(?:the\s+|its\s+|their\s+)?"
        r"(?:3[- ]?)?momen(?:tum|ta)\b|\b(?:total|absolute|full)\s+(?:3[- ]?)?momen(?:tum|ta)\b"
        r"|\b3[- ]?momen(?:tum|ta)\b",
    ),
    # the energy E = sqrt(|p|^2 + m^2) of an object: not "transverse energy" (ET), not "missing
    # energy" (the MET, read before), not "high-energy", the collision energy or a jet energy scale
    (
        "energy",
        r"(?<!transverse\s)(?<!mass\s)(?<!collision\s)(?<!beam\s)(?<!tev\s)(?<!high[- ])"
        r"(?<!low[- ])\benerg(?:y|ies)\b"
        r"(?!\s+(?:scales?|resolutions?|corrections?|fractions?|deposits?|density|smearing"
        r"|regression|sums?|flow|loss|thresholds?|weighted|calibrations?|response)\b)"
        r"|\be(?=\s+of\s+(?:the\s+|all\s+|each\s+|every\s+)?(?:leading\s+|subleading\s+)?"
        r"(?:b-?jets?|jets?|muons?|electrons?|photons?|leptons?|taus?|di[a-z]+s?)\b)",
    ),
    ("pt", r"\bpt\b|\bmomentum\b|\bmomenta\b"),
    ("eta", r"\beta\b"),
    ("phi", r"\bphi\b|\bazimuth(?:al angle)?\b"),
    ("ht", r"\bht\b"),
    ("mht", r"\bmht\b"),
    ("mt", r"\bmt\b"),
    (
        "delta_r",
        r"\bdelta_r\b|\bangular\s+(?:separation|distance)\b"
        # "R-separation between hardest jet and hardest photon", "the eta-phi distance"
        r"|\b(?:r|eta[- ]phi)[- ](?:separation|distance)\b"
        # "the distance (of each muon) to the nearest jet": Delta R (the parser says so)
        r"|\bdistances?\s+(?=(?:of\s+(?:[a-z#'-]+\s+){1,3}?(?:to|from)|between\s+"
        r"(?:[a-z#'-]+\s+){1,3}?and|to|from)\s+(?:the|its|their)\s+(?:nearest|closest)\b)"
        # "the distance between the leading and subleading electrons": between two objects
        r"|\bdistances?\s+(?=between\s+(?:the\s+)?(?:2\s+)?(?:(?:leading|sub-?leading|first"
        r"|second)\s+)?(?:b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?)\b)",
    ),
    ("delta_phi", r"\bdelta_phi\b"),
    ("delta_eta", r"\bdelta_eta\b"),
    ("delta_y", r"\bdelta_y\b"),
    # 1 - |Delta phi|/pi of two objects (0 for back-to-back ones)
    ("acoplanarity", r"\bacoplanarit(?:y|ies)\b"),
    # the 3D opening angle between two momenta (not Delta R, not Delta phi)
    (
        "angle",
        r"\bopening\s+angles?\b|\b3[- ]?d(?:imensional)?\s+(?:opening\s+)?angles?\b"
        r"|\b(?:spatial|space)\s+angles?\b|\bangles?\s+(?=between\b)",
    ),
    # the rapidity y of a pair (a single object's is its eta for massless particles)
    ("rapidity", r"(?<!pseudo)\brapidity\b(?!\s+(?:differences?|gaps?|separations?))"),
    ("met", r"\bmet\b"),
    (
        "npv",
        r"\bnpvs?\b|\bn_?pv\b|\bn_\{\s*pv\s*\}|\bpv_npvs\b|\bnpvs_?good\b|\bpv_npvsgood\b"
        r"|\bn_?good_?pvs?\b|\b(?:number\s+of\s+|reconstructed\s+|good\s+)*(?:primary\s+|pile-?up\s+)"
        r"vert(?:ex|ices)\b|\b(?:number\s+of\s+)(?:reconstructed\s+)?vert(?:ex|ices)\b",
    ),
]
#: the good primary vertices (PV_npvsGood: |z| < 24 cm, rho < 2 cm, ndof > 4), not all of them
NPV_GOOD = (
    r"\bnpvs_?good\b|\bpv_npvsgood\b|\bn_?good_?pvs?\b"
    r"|\bgood\s+(?:reconstructed\s+)?(?:primary\s+)?vert(?:ex|ices)\b"
)
#: Quantities whose words may contain another's ("number of primary vertices" holds the
#: count's "number of"): where they overlap, these win
QUANTITY_PRECEDENCE = ("npv", "p")

GREATER = (
    r"(?:>=|=>|>|above|over|greater\s+than|more\s+than|larger\s+than|higher\s+than|harder\s+than"
    r"|exceeding|exceeds?|in\s+excess\s+of|of\s+at\s+least|at\s+least|of\s+more\s+than|of\s+over"
    r"|of)"
)
LESS = (
    r"(?:<=|=<|<|below|under|less\s+than|smaller\s+than|lower\s+than|within|up\s+to|of\s+at\s+most"
    r"|at\s+most)"
)

CHARGE_PATTERNS: list[tuple[str, str]] = [
    ("any", ANY_CHARGE),  # first: "(same-sign pairs are welcome too)" is no same-sign pair
    (
        "opposite",
        r"\b2\s+opposite(?:ly)?[- ]?(?:sign|charge|charged)d?\s+pairs\b"
        r"|\bopposite(?:ly)?[- ]?(?:sign|charge|charged)d?(?:\s+charges?)?\b|\bos\b"
        r"|\bunlike[- ](?:sign|charge)[sd]?(?:\s+charges?)?\b"
        r"|\bopposite\s+charges?\b|\bneutral\s+pairs?\b"
        # four objects: neutral, total charge zero ("two opposite-charge pairs": the same sum)
        r"|\bneutral(?=\s+(?:quad[a-z]+|systems?|combinations?|candidates?)\b)"
        r"|\b(?:(?:total|net|summed)\s+charge|sum\s+of\s+(?:the\s+|their\s+)?(?:electric\s+)?"
        r"charges?)\s*(?:is\s+|equal\s+to\s+|equals\s+|of\s+|=+\s*)?0\b|\b0\s+(?:total|net)\s+charge\b",
    ),
    (
        "same",
        r"\bsame[- ]?(?:sign|charge|charged)d?(?:\s+charges?)?\b|\bss\b"
        r"|\blike[- ](?:sign|charge)[sd]?(?:\s+charges?)?\b"
        # "two muons with equal charge", "of identical sign"
        r"|\b(?:equal|identical)\s+(?:electric\s+)?(?:charges?|signs?)\b",
    ),
]

LOG_X = (
    r"\blog(?:arithmic)?[- ]?x(?:[- ]?(?:axis|scale))?\b|\blogx\b"
    r"|\blog(?:arithmic)?[- ](?:scale\s+)?(?:on\s+)?(?:the\s+)?x[- ]axis\b|\blog[- ]log\b"
    r"|\blog(?:arithmic)?[- ]?scale\s+(?:on|for)\s+(?:the\s+)?x\b"
    r"|\blog(?:arithmic(?:ally)?)?[- ]?(?:binned|bins|binning)\b"
    r"|\blog(?:arithmic(?:ally)?)?[- ]?(?:spaced|uniform)\s+bins\b"
    # "bins equally spaced in log(pT)", "bins uniform in log x": the binning, not the y axis
    r"|\bbins\s+(?:(?:equally|evenly|uniformly)\s+)?(?:spaced|uniform|equidistant)\s+in\s+"
    r"log\s*(?:\(\s*[a-z_]+\s*\)|(?:\s+[a-z_]+\b)?)"
    r"|\blog(?:arithmic)?\s+axes\b"  # "log axes": both axes (log-log)
    # "make the x axis logarithmic", "x-axis in log scale", "put x on a log scale"
    r"|\bx[- ]?axis\s+(?:to\s+|in\s+|on\s+)?(?:a\s+)?log(?:arithmic)?(?:[- ]?scale)?\b"
    r"|\bx\s+(?:on\s+|in\s+)(?:a\s+)?log(?:arithmic)?(?:[- ]?scale)?\b"
)
LOG_TRUE = (
    # "log scale on y", "a logarithmic scale for the y axis", "y axis in log scale" (first: the
    # shorter "log scale" would leave "on y" unread)
    r"\blog(?:arithmic)?[- ]?scale\s+(?:on|for)\s+(?:the\s+)?y(?:[- ]?axis)?\b"
    r"|\by[- ]?axis\s+(?:in|on|to)\s+(?:a\s+)?log(?:arithmic)?(?:[- ]?scale)?\b"
    r"|\by\s+(?:on|in)\s+(?:a\s+)?log(?:arithmic)?(?:[- ]?scale)?\b"
    r"|\blog(?:arithmic)?(?:[- ]?(?:y[- ]?(?:scale|axis)|scale|y|axis|plot))?\b|\blogy\b"
    r"|\bin\s+log\b"
)
LOG_FALSE = r"\blinear(?:[- ]?(?:y[- ]?(?:scale|axis)|scale|y|axis))?\b|\bno\s+log\b"

#: A shape comparison: each process (and the data) drawn normalised to unit area
#: ("normalised to unity / unit area / one / the same area", "area-normalised", "unit-area",
#: "shape comparison", "shape only", "compare the shapes"). Never the MC normalisation to a
#: luminosity or cross section ("normalised to 1 fb^-1" is a luminosity).
UNIT_AREA = (
    # "both normalised to unity" ("both" reads as "2" after normalise())
    r"\b(?:(?:both|2|all|each)\s+(?:(?:are|is|being)\s+)?)?normali[sz](?:e|es|ed|ing|ation)\s+"
    r"(?:(?:them|it|each|all|both|the\s+(?:histograms?|distributions?|plots?"
    r"|curves?|shapes?))\s+)?to\s+(?:unity|(?:the\s+|a\s+)?unit\s+(?:area|integral)"
    r"|(?:an?\s+)?(?:area|integral)\s+of\s+(?:1|unity)\b|(?:the\s+)?same\s+(?:area|integral)"
    r"|equal\s+areas?|1(?![\d.])(?!\s*(?:/\s*[fpan]b|[fpan]b|inverse|x\s|events?)))"
    # "norm to 1", "scaled to unit area", "scale both histograms to an area of one", "$\int = 1$"
    r"|\bnorm(?:ed)?\s+to\s+(?:1|unity)(?![\d.])"
    r"|\bscal(?:e|es|ed|ing)\s+(?:(?:2|all|each|them|it)\s+)?(?:(?:the\s+)?(?:histograms?"
    r"|distributions?|plots?)\s+)?to\s+(?:unity|(?:the\s+|a\s+)?unit\s+(?:area|integral)"
    r"|(?:an?\s+)?(?:area|integral)\s+of\s+(?:1|unity)(?![\d.]))"
    r"|\bint\s*=\s*1\s+each\b"
    r"|\b(?:area|unit)[- ]?normali[sz](?:e|es|ed|ing|ation)\b"
    r"|\b(?:with\s+)?(?:(?:a|the)\s+)?unit[- ](?:area|integral)\b"
    r"|\bshapes?[- ]only\b|\bonly\s+(?:the\s+)?shapes?\b(?!\s+of\b)"
    r"|\bshapes?\s+comparisons?\b|\bcompar(?:e|es|ed|ing)\s+(?:the\s+|their\s+)?shapes\b"
    r"|\bcomparisons?\s+of\s+(?:the\s+|their\s+)?shapes\b|\bshapes?\s+compared\b"
    # "the MET shape in DY and ttbar": the shape of a quantity named right before it
    r"|(?<=met )shapes?\b|(?<=ht )shapes?\b|(?<=mass )shapes?\b|(?<=pt )shapes?\b"
    r"|(?<=eta )shapes?\b|(?<=phi )shapes?\b|(?<=multiplicity )shapes?\b"
)
#: "not normalised", "unnormalised", "without normalisation": event counts (a follow-up
#: undoing a shape plot); the MC normalisation to the luminosity stays.
UNIT_AREA_FALSE = (
    r"\b(?:not|un|non-?|without|no)[- ]?(?:area[- ])?normali[sz](?:ed|ation|ing)"
    r"(?:\s+to\s+(?:unity|(?:the\s+)?unit\s+area|1\b|one\b|(?:the\s+)?same\s+area))?\b"
    r"|\b(?:no|not\s+a|without\s+(?:the\s+)?)\s*shape\s+comparison\b"
)
#: "MC normalised to data", "DY scaled to the data integral", "normalise the simulation to
#: the data yield": the MC total scaled to the data yield (``mc_to_data``). "normalised to
#: the data luminosity" is the usual MC normalisation.
NORMALISED_TO_DATA = (
    r"\b(?:normali[sz](?:e|es|ed|ing|ation)|scal(?:e|ed|ing))\s+(?:(?:the|all)\s+)?"
    r"(?:\w+\s+)?to\s+(?:the\s+)?"
    r"(?:observed\s+)?"
    r"(?:(?:number\s+of\s+)?data\s+(?:yields?|events|integral|counts?|totals?)\b"
    r"|data(?!\s*(?:lumi|luminosity|[- ]?driven|set|sets?\b)))"
    r"|\bdata[- ]normali[sz]ed\b"
)
#: "normalised" next to a word of the usual MC normalisation ("normalised MC", "the MC is
#: normalised", "normalised to the luminosity / cross section / 10 fb^-1", "normalised by
#: xsec"): read as today (the plan states the MC normalisation), never as a shape plot.
MC_NORMALISED = (
    r"\b(?:mc|simulation|simulated|monte\s+carlo|samples?|backgrounds?|signal|weights?)\s+"
    r"(?:(?:is|are|was|were|being|properly|correctly)\s+)*normali[sz](?:e|es|ed|ing|ation)\b"
    r"|\bnormali[sz](?:e|es|ed|ing|ation)\s+(?:the\s+)?(?:mc|simulation|simulated|monte\s+carlo"
    r"|samples?"
    r"|backgrounds?|signal|weights?|cross[- ]sections?|xsecs?)\b"
    r"|\bnormali[sz](?:e|es|ed|ing|ation)\s+(?:\w+\s+){0,2}(?:to|by|with|using)\s+"
    r"(?:the\s+|its\s+|their\s+)?"
    r"(?:data\s+|integrated\s+|recorded\s+|total\s+|correct\s+)?(?:lumi|luminosity|xsecs?"
    r"|cross[- ]sections?|\d|genweight|sum\s+of)"
)
#: "normalised" alone (no "to ..."): "the normalized muon pT distribution", "now normalised".
NORMALISED_WORD = r"\bnormali[sz](?:e|es|ed|ing|ation)\b"

#: (pattern, corrections): the words of each correction, declared with it in
#: chathep.registry.corrections; specific names first; the generic phrase means "all".
CORRECTION_PATTERNS: list[tuple[str, list[str]]] = word_patterns()
ALL_CORRECTIONS = (
    r"\b(?:all|full|standard|default|usual|official|cms|recommended|latest|newest|current"
    r"|up[- ]to[- ]date|20\d\d)\b(?:\s+[\w/&+-]+){0,3}?"
    r"\s+(?:corrections|calibrations|systematics)\b|\bfully\s+corrected\b|\bcorrected\b"
    r"|\bwith\s+(?:the\s+)?corrections\b"
    # "theory and experimental corrections", "exp/theory systematics": every kind there is
    r"|\btheor(?:y|etical)\s*(?:/|and|\+|&)\s*exp(?:erimental|\.)?\s+(?:corrections|systematics)\b"
    r"|\bexp(?:erimental|\.)?\s*(?:/|and|\+|&)\s*theor(?:y|etical)\s+(?:corrections|systematics)\b"
)
NO_CORRECTIONS = r"\b(?:no|without(?:\s+any)?)\s+corrections\b|\buncorrected\b"

DATA_MC = (
    r"\bdata\s*(?:/|vs\.?|versus|and|to|-|against|compared\s+(?:to|with))\s*(?:the\s+)?"
    r"(?:mc|simulation|monte\s+carlo|prediction|expectation)\b"
    r"|\bmc\s*(?:/|vs\.?|versus|and|-)\s*data\b|\bdata[- ]?mc\b|\bdata\s*/\s*mc\b"
    # "stacked MC with (the) data overlaid", "data points superimposed on the simulation"
    r"|\b(?:stacked\s+)?(?:mc|simulation|backgrounds?)\s+(?:stacked\s+)?with\s+(?:the\s+)?data"
    r"(?:\s+points)?\s+(?:overlaid|superimposed|on\s+top)\b"
    r"|\bdata(?:\s+points)?\s+(?:overlaid|superimposed)\s+on\s+(?:the\s+)?(?:stacked\s+)?"
    r"(?:mc|simulation|backgrounds?|prediction)\b"
)

#: b-quark pair words (after normalise): bb, b bbar, b\bar{b}, b quarks, bottom quarks, b-jets.
_BB = (
    r"(?:bbbar|b\s*-?\s*(?:bbar|bar\s*\{?\s*b\s*\}?|anti-?b|b)(?![a-z])"
    r"|(?:2\s+)?(?:b|bottom)[- ]?(?:anti)?quarks?(?:\s+pairs?)?|(?:2\s+)?bjets"
    r"|bottom(?:\s+quark)?\s+pairs?)"
)
_TO = r"\s*(?:->|to|rightarrow|into|decay(?:s|ing)?\s+(?:to|into))\s*(?:a\s+)?(?:pair\s+of\s+)?"
#: Physics analyses named by their process -> the template in chathep.planner.build.ANALYSES.
#: H -> bb: H->bb, H → bb̄, Hbb, Higgs to b quarks, VH(bb), ZH(bb), Z(ll)H(bb), ZH -> llbb.
ANALYSIS_PATTERNS: list[tuple[str, str]] = [
    (
        rf"\bh{_TO}{_BB}|\bhiggs(?:\s+bosons?)?{_TO}{_BB}|\bhiggs\s*\(?\s*bb\b"
        rf"|\b(?:[vzw]\s*(?:\(\s*(?:->\s*)?(?:l\s*l|mu\s*mu|ee|l\s*nu|nu\s*nu)\s*\)\s*)?)?"
        rf"h\s*\(\s*(?:->\s*)?{_BB}\s*\)|\b[vzw]?hbb(?:bar)?\b"
        rf"|\b{_BB}\s+decays?\s+of\s+(?:the\s+)?higgs\b"
        rf"|\b[vzw]h\s*(?:->|to)\s*(?:l\s*l|mu\s*mu|ee|l\s*nu|nu\s*nu)?\s*{_BB}",
        "zh_hbb",
    ),
]
#: A Higgs decay other than to b quarks (the generated Higgs samples are H -> bb only).
OTHER_HIGGS_DECAY = (
    r"\b(?:h|higgs(?:\s+bosons?)?)\s*(?:->|to|into|rightarrow|decay(?:s|ing)?\s+(?:to|into))\s*"
    r"(?:2\s+|a\s+pair\s+of\s+)?(?:gamma|photons?|diphoton|zz|ww|z|w|tau|mu|ee|e|cc|c|charm"
    r"|4\s*l|4\s*leptons|leptons|invisible|inv|dimuon|ditau)"
)
#: Lepton channel of a vector-boson decay ("only the muon channel", "both channels").
CHANNEL_PATTERNS: list[tuple[str, str]] = [
    (
        r"\b(?:ee\s*(?:\+|and|/|or)\s*mu\s?mu|electrons?\s*(?:\+|and|/|or)\s*muons?"
        r"|mu\s?mu\s*(?:\+|and|/|or)\s*ee|muons?\s*(?:\+|and|/|or)\s*electrons?|2|all"
        r"|dilepton|lepton)\s+(?:decay\s+)?channels?\b",
        "lepton",
    ),
    (
        r"\b(?:z\s*->\s*)?(?:mu\s?mu|dimuon|muons?)\s+(?:decay\s+)?(?:channel|final\s+state)\b",
        "muon",
    ),
    (
        r"\b(?:z\s*->\s*)?(?:ee|dielectron|electrons?)\s+(?:decay\s+)?(?:channel|final\s+state)\b",
        "electron",
    ),
]

#: A CMS dataset's name ("ZZTo4eJJ", "WJetsToLNu", "TTJets", "QCD_Pt-15to7000"): a sample,
#: never the physics a plot is about
#: (the ttbar ones other than the semileptonic sample, whose name "TTToSemiLeptonic" is an
#: alias of the catalog's: asked, never run on the semileptonic sample), and the process each is
_DATASET_PROCESSES: list[tuple[str, str]] = [
    (r"w\d?jetsto\w+", "W+jets"),
    (r"ttjets\w*", "inclusive ttbar (TTJets)"),
    (r"ttto2l2nu\w*", "dileptonic ttbar (TTTo2L2Nu)"),
    (r"tttohadronic\w*", "all-hadronic ttbar (TTToHadronic)"),
    (r"qcd_\w+", "QCD multijet"),
    (r"(?:ww|wz|zz)(?:to|_)\w+", "diboson"),
    (r"st_\w+|singletop\w*", "single top"),
]
DATASET_NAME = "|".join(pattern for pattern, _ in _DATASET_PROCESSES)

#: Catalog processes that are Higgs production (the generator's VH, H -> bb samples).
HIGGS_PROCESSES = ("ZH", "WH", "ggH", "VBF", "ttH")

#: Common process names; if one is asked for and the catalog has no such sample, we ask.
#: processes of PROCESS_WORDS that ``chathep data generate --process NAME`` can simulate
#: (chathep.generate.processes.PROCESSES), offered when the catalog lacks them
GENERATED_PROCESS = {"W+jets": "WJets", "diboson": "VV", "ZH": "ZH", "WH": "WH"}
PROCESS_WORDS: list[tuple[str, str]] = [
    (r"\bw\s*\+\s*jets?\b|\bwjets\b|\bw\s+jets\b|\bw\s*->\s*l\s*nu\b", "W+jets"),
    *((rf"\b(?:{pattern})", process) for pattern, process in _DATASET_PROCESSES),
    (r"\bqcd\s+(?:multijet|background|mc|sample)\b|\bmultijets?\b", "QCD multijet"),
    (r"\bsingle[- ]top\b|\bt\s?w\s+channel\b", "single top"),
    (r"\bdibosons?\b|\bww\b|\bwz\b|\bzz\b", "diboson"),
    # "our Pythia 8 ZH sample": the generator makes one (GENERATED_PROCESS)
    (r"\bzh\b(?!\s*->)", "ZH"),
    (r"\bwh\b(?!\s*->)", "WH"),
    (r"\bhiggs\b|\bh\s*->\b|\btth\b|\bggh\b|\bvbf\b", "Higgs"),
    (r"\bttw\b|\bttz\b|\bttv\b", "ttV"),
    (r"\bgamma\s*\+\s*jets\b|\bphoton\s*\+\s*jets\b", "photon+jets"),
    (r"\b(?:tau[- ])?embedd(?:ed|ing)\s+(?:samples?|events|data|mc)\b", "tau-embedded"),
    (
        r"\bz'|\bzprime\b|\bsusy\b|\bsignal\s+(?:sample|model|mc)\b"
        # "the leading jet pT for signal and background": which sample is the signal?
        r"|\bsignal\s+(?:and|vs\.?|versus|over|to)\s+(?:the\s+)?backgrounds?\b"
        r"|\bbackgrounds?\s+(?:and|vs\.?|versus)\s+(?:the\s+)?signal\b",
        "a signal model",
    ),
    # supersymmetric particles: a SUSY signal sample ("in stop events", "the gluino signal");
    # "stop" only before a sample or process word ("stop events", "stop pair production"), not
    # the verb ("stop at 200 GeV")
    (
        r"\b(?:gluinos?|squarks?|sbottoms?|staus?|sleptons?|smuons?|selectrons?|sneutrinos?"
        r"|neutralinos?|charginos?|higgsinos?|top\s+squarks?)\b"
        r"|\bstops?(?=(?:\s*-?\s*(?:anti-?)?stops?)?\s*-?\s*(?:pairs?\b|signals?\b|samples?\b"
        r"|events?\b|mc\b|monte\b|simulation\b|production\b|models?\b|decays?\b|quarks?\b"
        r"|squarks?\b|mass(?:es)?\b|->))",
        "a SUSY signal",
    ),
    (
        r"\bdoubleeg\b|\begamma\s+(?:data|stream|pd)\b|\bsinglemuon\b|\bmet\s+(?:data|stream|pd)\b"
        r"|\b(?:singleelectron|muoneg|jetht|singlephoton|btagcsv)\b",
        "that data stream",
    ),
]

#: Per-object quantities named in words -> (object kind, NanoAOD field).
BRANCH_WORDS: list[tuple[str, str | None, str]] = [
    (
        # the NanoAOD field's own name too: "msoftdrop", "m_softdrop"
        r"\b(?:the\s+)?soft[- ]?drop(?:ped)?\s+(?:jet\s+)?mass\b|\bm_?\{?sd\}?\b"
        r"|\bm_?soft_?drop\b",
        "fatjet",
        "msoftdrop",
    ),
    # N-subjettiness ratios of AK8 jets: "tau21", "tau_{21}", "the tau2/tau1 ratio"
    (
        r"\b(?:(?:the\s+)?n-?subjettiness\s+(?:ratio\s+)?)?(?:tau_?\{?21\}?|tau_?\{?2\}?\s*/\s*"
        r"tau_?\{?1\}?)(?![\w/])(?:\s+ratios?\b)?",
        "fatjet",
        "tau21",
    ),
    (
        r"\b(?:(?:the\s+)?n-?subjettiness\s+(?:ratio\s+)?)?(?:tau_?\{?32\}?|tau_?\{?3\}?\s*/\s*"
        r"tau_?\{?2\}?)(?![\w/])(?:\s+ratios?\b)?",
        "fatjet",
        "tau32",
    ),
    # momentum components and the polar angle of the object named beside them (not "cos
    # theta", "theta*", "theta_CS" or "the angle theta between ...": other quantities)
    # "the number of particles in the leading jet", "constituents of each jet": nConstituents
    (
        r"\b(?:the\s+)?(?:total\s+)?(?:number|count|multiplicity)\s+of\s+(?:(?:jet|pf)\s+)?"
        r"(?:particles|constituents|pf\s*-?\s*candidates|pf\s*cands)\s+(?:(?:that\s+are\s+)?"
        r"(?:in|of|inside|within|constituting|making\s+up|forming|clustered\s+into))\b"
        r"|\b(?:jet\s+)?constituent\s+(?:multiplicity|count)\s+(?:of|in)\b|\bnconstituents\b",
        None,
        "nConstituents",
    ),
    (r"\btransverse_energy\b", None, "transverse_energy"),  # E_T (rewritten so)
    (r"\bpt_raw\b", None, "pt_raw"),  # the raw jet pT (rewritten so)
    (r"\bem_fraction\b", None, "em_fraction"),  # chEmEF + neEmEF (rewritten so)
    (r"\bpx\b", None, "px"),
    (r"\bpy\b", None, "py"),
    (r"\bpz\b", None, "pz"),
    (
        r"(?<!cos\s)(?<!cos)(?<!cos\()(?<!angle\s)\btheta\b"
        r"(?!\s*(?:\*|\^|_|\(|\)|star\b|between\b|cs\b|of\s+(?:the\s+)?(?:di|pair|system)))",
        None,
        "theta",
    ),
    (r"\b(?:relative\s+)?(?:pf\s+)?(?:relative\s+)?isolation\b", None, "isolation"),
    (r"\b(?:electric\s+)?charges?\b", None, "charge"),
    (
        r"\b(?:deepjet|deep\s+jet|b-?tag(?:ging)?)\s+(?:score|discriminant|discriminator|output)s?\b",
        "jet",
        "btagDeepFlavB",
    ),
]
ISOLATION_FIELD = {
    "muon": "pfRelIso04_all",
    "electron": "pfRelIso03_all",
    "photon": "pfRelIso03_all",
}

#: Low-mass resonances named as a region of a dimuon spectrum -> (pattern, display name,
#: the default mass range in GeV around the peak, stated in the plan when the request gives
#: no numbers). The ranges cover the peak and some sideband on both sides (PDG masses
#: J/psi 3.097, psi(2S) 3.686, Upsilon(1S-3S) 9.46-10.36 GeV).
RESONANCE_REGIONS: list[tuple[str, str, tuple[float, float]]] = [
    (r"\bpsi\s*\(\s*2s\s*\)|\bpsi\s*'|\bpsi[- ]?prime\b", "psi(2S)", (3.3, 4.1)),
    (r"\bj\s*/\s*psi\b|\bjpsi\b", "J/psi", (2.6, 3.6)),
    (r"\bupsilons?\b(?:\s*\(\s*[123]s\s*\))?", "Upsilon", (8.5, 11.5)),
]
#: the peak of each region (GeV, PDG; the Upsilon: its 1S-3S states), which a range given
#: with the region's name must hold
RESONANCE_PEAKS: dict[str, float] = {"psi(2S)": 3.686, "J/psi": 3.097, "Upsilon": 9.46}
#: a number after "maximum ... mass" makes it a bound ("maximum dijet mass of 500 GeV")
_BOUND = r"\s*(?:of\s+|is\s+|at\s+|=+\s*|[<>]=?\s*|:\s*|,\s*)?-?\d"
#: The candidate of highest mass: "the dijet pair with the largest mass" (the words select the
#: pair), and "the maximum dijet mass", "m_jj max" (group 1: the superlative word only)
MAX_MASS_SELECTS = (
    r"\b(?:with|having|of|that\s+has)\s+(?:the\s+)?(?:largest|highest|maximum|max|biggest"
    r"|greatest|maximal)\s+mass\b"
)
#: "the dimuon pair with the highest pT" (rewritten so): the pair of highest pT per event
MAX_PT_PAIR = r"\bmaxptpair\b"
#: The system of the leading object of two kinds: "the invariant mass of the leading lepton
#: and the leading b jet", "m(l, gamma)", "the pT of the leading muon + leading jet system"
_SYSTEM_KIND = r"(mu|muon|e|ele|electron|l|lep|lepton|gamma|photon|j|jet|b|bjet|b-jet|tau)"
TWO_KIND_SYSTEM = (
    r"\b(mass|pt|transverse\s+momentum|rapidity)\s+(?:m_?\{?[a-z]{1,4}\}?\s+)?of\s+(?:the\s+)?"
    r"(?:system\s+of\s+(?:the\s+)?)?"
    r"(?:leading|first|hardest|highest[- ]pt)\s+(muon|electron|lepton|photon|jet|b-?jet|tau)s?"
    r"\s+(?:and|plus|\+|with)\s+(?:the\s+)?(?:leading|first|hardest|highest[- ]pt)\s+"
    r"(muon|electron|lepton|photon|jet|b-?jet|tau)s?(?:\s+system)?\b"
    rf"|\bm\s*\(\s*{_SYSTEM_KIND}\s*,\s*{_SYSTEM_KIND}\s*\)"
    # "the invariant mass of the electron and the muon": one of each, named in the singular
    r"|\b(mass)\s+of\s+the\s+(muon|electron|photon|jet|b-?jet|tau)\s+(?:and|plus|\+|with)\s+the\s+"
    r"(muon|electron|photon|jet|b-?jet|tau)(?:\s+system)?\b(?!['-]|\s+(?:pairs?|candidates?|mass)\b)"
)


#: The smallest |delta phi| between the MET and the (N leading) jets: "the minimum delta phi
#: between the MET and the 4 leading jets", "min delta_phi between jets and met", "mindphi
#: between met and 2 leading jets", "the smallest |delta phi| between any of the leading 4 jets
#: and the MET" (groups objs1/objs2: the objects; n, m, f: their number)
def _met_angle_objects(tag: str) -> str:
    """The objects of MIN_DPHI_MET, their groups named with ``tag`` (each side of the "and")."""
    return (
        r"(?:the\s+|any\s+of\s+the\s+|all\s+(?:the\s+)?|each\s+of\s+the\s+|every\s+)?"
        rf"(?:(?P<n{tag}>\d+)\s+leading\s+|leading\s+(?P<m{tag}>\d+)\s+|first\s+(?P<f{tag}>\d+)\s+)?"
        rf"(?P<objs{tag}>b-?jets?|jets?)"
    )


MIN_DPHI_MET = (
    r"\b(?:(?:min(?:imum|imal)?|smallest|lowest)\s*\|?\s*delta_phi\s*\|?|mindphi)\s+"
    r"(?:between|of)\s+(?:(?:the\s+)?met\s+and\s+"
    + _met_angle_objects("1")
    + r"|"
    + _met_angle_objects("2")
    + r"\s+and\s+(?:the\s+)?met)\b"
)
#: the kind each word of TWO_KIND_SYSTEM names: the kinds themselves and the object letters
SYSTEM_KINDS = {
    **{k: k for k in ("muon", "electron", "lepton", "photon", "jet", "bjet", "tau")},
    **_OBJECT_LETTER,
    "b-jet": "bjet",
}
#: The pair of smallest DeltaR: "the b-jet pair with the smallest delta R", "the two jets
#: closest in delta R", "m_bb(min delta R(bb))"
MIN_DR_PAIR = (
    r"\b(?:with|having|of|that\s+has)\s+(?:the\s+)?(?:smallest|lowest|minimum|min|minimal|least)"
    r"\s+(?:delta_r|angular\s+(?:separation|distance))\b(?:\s+between\s+(?:them|its\s+legs))?"
    r"|\bclosest\s+(?:to\s+each\s+other\s+)?in\s+(?:delta_r|angle|angular\s+distance)\b"
    r"|\(\s*min\s+delta_r\s*\(\s*(?:bb|jj|ll|mumu|ee|b\s*,\s*b|j\s*,\s*j)\s*\)\s*\)"
)
MAX_MASS = (
    r"\b(largest|highest|maximum|max|biggest|greatest|maximal)\s+(?=(?:di[a-z]+|[a-z]+\s+pair)"
    rf"\s+mass\b(?!{_BOUND}))|(?<=mass)\s+(max(?:imum)?)\b(?!{_BOUND})"
)
#: Pairing four leptons into two Z candidates (ZZ -> 4l): not planned, asked about
Z_PAIRING = (
    r"\bzz\b|\bz\s*z\*|\bz_?[12]\b|\bz\s+candidates\b|\b2\s+z\b|\bpair(?:ed|ing)\s+(?:in)?to\b"
    r"|\bpairings?\b|\bsfos\b|\bossf\b|\bsame[- ]flavou?r\b|\bon[- ]shell\b|\boff[- ]shell\b"
)
#: A generator-level particle by name: "the generator-level Z boson", "gen-level top", "the
#: generated muons", "truth Higgs" (chathep.registry.objects.GEN_PARTICLES)
GEN_PARTICLE_WORDS: list[tuple[str, str]] = [
    (r"z(?:\s*bosons?|s)?", "z"),
    (r"w(?:\s*bosons?|s)?", "w"),
    (r"(?:higgs|h)(?:\s*bosons?)?", "higgs"),
    (r"tops?(?:\s*quarks?)?|t\s*quarks?", "top"),
    (r"(?:b|bottom)[- ]?quarks?", "bottom"),
    (r"muons?", "muon"),
    (r"electrons?", "electron"),
    (r"taus?(?:\s*leptons?)?", "tau"),
    (r"photons?", "photon"),
]
GEN_PARTICLE = (
    r"\b(?:(leading|subleading)\s+)?(?:gen(?:erator)?[- ]?level|generated|generator"
    r"|truth(?:[- ]level)?|true|mc[- ]truth"
    r"|gen|genpart)\s+(?:(?:particles?|level)\s+)?("
    + "|".join(p for p, _ in GEN_PARTICLE_WORDS)
    + r")(?![a-z0-9])"
)
#: "the Higgs (PDG ID 25) at generator level", "the top quark at truth level": the particle's
#: name before the level (group 1: the name; checked against GEN_PARTICLE_WORDS)
GEN_PARTICLE_AFTER = (
    r"\b(higgs(?:\s*bosons?)?|tops?(?:\s*quarks?)?|[wz]\s*bosons?)\s*(?:\([^()]{0,30}\)\s*)?,?\s*"
    r"(?P<level>(?:at|on)\s+(?:the\s+)?(?:gen(?:erator)?[- ]?level|truth[- ]?level"
    r"|mc[- ]truth\s+level))\b"
)
#: The names of the heavy generator-level particles, said again once the particle is read
#: ("the particle with PDG ID 25 ... the Higgs boson"): unambiguous words only
GEN_NAME_AGAIN = {
    "higgs": r"\bhiggs(?:\s*bosons?)?\b",
    "top": r"\btop\s*quarks?\b",
    "w": r"\bw\s*bosons?\b",
    "z": r"\bz\s*bosons?\b",
}
#: A generator-level particle by its PDG code: "generator-level particles with |pdgId| == 25",
#: "the particle with PDG ID 6", "GenPart with pdgId 23" (group 1: the code)
GEN_PDG = (
    r"\b(?:(?:the\s+|all\s+)?(?:gen(?:erator)?[- ]?level|generated|truth|mc[- ]truth|gen)\s+)?"
    r"(?:particles?|genpart)\s+(?:with\s+(?:an?\s+|the\s+)?)?(?:\|\s*)?"
    r"(?:pdg\s*[-_ ]?id|pdg\s+code)(?:\s*\|)?\s*(?:==?|of|equal\s+to|is|being)?\s*\+?(\d+)\b"
)
#: "(PDG ID 25)", ", pdgId 25," after a particle's name: its code, said again (group 1)
GEN_PDG_SAID = (
    r"[(,]\s*(?:\|\s*)?(?:pdg\s*[-_ ]?id|pdg\s+code)(?:\s*\|)?\s*(?:==?|of|is)?\s*\+?(\d+)\s*[),]"
)
#: "the last copy (in the chain)": the one copy of a particle the plan takes (isLastCopy)
GEN_LAST_COPY = (
    r"\b(?:(?:taking|take|using|use|with|keep(?:ing)?)\s+)?(?:only\s+)?(?:the\s+)?last[- ]copy"
    r"(?:\s+(?:of\s+(?:the|each|that)\s+particle|in\s+the\s+(?:decay\s+)?(?:chain|record|history)"
    r"|in\s+each\s+event))?\b|\bislastcopy\b"
)
#: Secondary vertices (NanoAOD SV) as the plotted objects, and their fields in words
#: "a variable that is a single number in an event, for example ...", "some per-event quantity,
#: such as ...", "an event-level variable, like ...": a generic kind of per-event quantity
#: followed by its example (the example is the plot; :meth:`Parser._generic_example`). Only
#: the per-event kind: "some property of the muons, e.g." names no kind that the example meets.
GENERIC_EXAMPLE = (
    r"\b(?:an?|any|some|1)\s+(?:(?:per[- ]event|event[- ]level|event[- ]wide)\s+"
    r"(?:variable|quantity|observable)|(?:variable|quantity|observable)\s+(?:that\s+(?:is|has)"
    r"|with|having)\s+(?:a\s+)?(?:single\s+|1\s+|one\s+)?(?:number|value)\s+(?:in|per|for)\s+"
    r"(?:an?|each|every|the)?\s*event)\s*,?\s*(?:for\s+(?:example|instance)|e\.?\s?g\.?"
    r"|such\s+as|like)\s*,?(?=\s+\S)"
)
#: How the histogram is filled, in the user's words: "Return one HT value per event", ", one
#: entry per event", "(one value per muon)", "with a single entry per jet". Read when the plan
#: fills the histogram that way, asked when not (Parser._fill_said). A word between "one" and
#: "value" ("one HT value") is read only when the request names it elsewhere too.
ONE_PER = (
    r"(?:\b(?:and\s+)?(?:return|returns|returning|give|gives|giving|with|having|as)\s+)?"
    r"\b(?:exactly\s+)?(?:1|one|a\s+single|a)\s+(?:(?P<word>[a-z][\w-]{0,15})\s+)?"
    r"(?:value|entry|number|fill)\s+(?:per|for\s+(?:each|every)|in\s+each)\s+"
    r"(?P<per>event|muon|electron|jet|photon|tau|lepton|object)\b"
)
#: The z coordinate (along the beam) of the event's primary vertex: "PV_z", "the primary vertex
#: z position", "the z position of the primary vertex", "the primary vertex position in the
#: coordinate z", "the event vertex, in cm along the z axis". Never a Z boson; the vertex must
#: be the primary (or event) one: a secondary vertex has a z of its own.
PV_Z = (
    r"\bpv_z\b"
    r"|\b(?:(?:reconstructed\s+)?(?:primary|event|collision)\s+vertex|pv)\s+(?:longitudinal|z)"
    r"(?:[- ]?(?:position|coordinate|location))?(?![a-z0-9+-])"
    r"|\b(?:longitudinal|z)[- ]?(?:position|coordinate|location)\s+of\s+(?:the\s+)?"
    r"(?:(?:reconstructed\s+)?(?:primary|event|collision)\s+vertex|pv)\b"
    # "the z primary vertex distribution", "the z-vertex"
    r"|\bz[- ](?:(?:primary|event)[- ])?vertex\b(?![- ]?(?:of|fits?|from)\b)"
    r"|\b(?:(?:reconstructed\s+)?(?:primary|event|collision)\s+vertex|pv)(?:'s)?\s*,?\s+"
    r"(?:(?:position|coordinate|location)\s+)?(?:in\s+cm\s+)?(?:in|along)\s+(?:the\s+)?"
    r"(?:coordinate\s+|direction\s+)?z(?:[- ](?:axis|coordinate|direction))?(?![a-z0-9+-])"
)
SECONDARY_VERTICES = r"\bsecondary[- ]vert(?:ex|ices|exes)\b|\bsvs?\b"
SV_FIELD_WORDS: list[tuple[str, str]] = [
    (r"(?:2d|transverse)\s+decay\s+length\s+significance|dxy\s*sig(?:nificance)?", "dxySig"),
    (r"(?:3d\s+)?decay\s+length\s+significance|dlen\s*sig(?:nificance)?", "dlenSig"),
    (r"(?:2d|transverse)\s+(?:decay|flight)\s+(?:length|distance)|dxy|lxy", "dxy"),
    (r"(?:3d\s+)?(?:decay|flight)\s+(?:length|distance)|dlen", "dlen"),
    (r"pointing\s+angle|pangle", "pAngle"),
    (r"chi2|chi\^?2|chi[- ]squared", "chi2"),
    (r"ndof", "ndof"),
]
#: "the number of secondary vertices", "nSV", "SV multiplicity"
SV_COUNT = (
    rf"\bnsv\b|\bnumber\s+of\s+(?:reconstructed\s+)?(?:{SECONDARY_VERTICES})"
    rf"|(?:{SECONDARY_VERTICES})\s+(?:multiplicity|count)\b"
)
#: The MET significance (NanoAOD MET_significance): "MET significance", "S_MET"
MET_SIGNIFICANCE = (
    r"\b(?:met|pt\s*miss|missing\s+(?:et|transverse\s+(?:momentum|energy)))\s*_?\s*"
    r"(?:significance|sig)\b|\bsignificance\s+of\s+(?:the\s+)?(?:met|missing\s+(?:et|"
    r"transverse\s+(?:momentum|energy)))\b|\bs_?\{?met\}?\b"
)
#: The generator record named again beside a particle read ("..., i.e. the truth particles")
GEN_RECORD = (
    r"\b(?:truth|gen(?:erator)?[- ]?level|mc[- ]truth|generator)(?:\s+(?:particles?|record|"
    r"level|information|info))?\b|\bgenpart(?:_\*)?"
)
#: "two same-flavour opposite-charge pairs", "2 Z candidates": the pairs of a ZZ pairing
ZZ_PAIRS = (
    r"\b(?:2|two)\s+(?:(?:same[- ]flavou?r|opposite[- ](?:sign|charge)d?|sfos|ossf|lepton|z)"
    r"[- ,]*(?:and\s+)?)+(?:pairs|candidates|bosons)\b"
)
#: Resonances a candidate can be chosen closest to (GeV; PDG 2024 values, top: MC mass).
MASSES = {"z": 91.1876, "w": 80.3692, "top": 172.5, "t": 172.5, "higgs": 125.2, "h": 125.2}
#: The particle each name of MASSES is (Draft.target_name): "the t mass" is the top's
MASS_NAMES = {"z": "z", "w": "w", "top": "top", "t": "top", "higgs": "higgs", "h": "higgs"}

#: Things people plot that the analysis spec cannot express yet: ask, do not substitute.
UNSUPPORTED: list[tuple[str, str]] = [
    # a cut on a momentum component or the polar angle ("muons with pz above 35 GeV" was read
    # as a pT cut): they are plotted, not cut on
    (
        r"(?:\|\s*|\b)(?:p[xyz]|theta)(?:\s*\|)?\s*(?:[<>]=?|=|!=|above|below|over|under"
        r"|greater|less|larger|smaller|higher|lower|(?:between|within)\s+[-+]?\.?\d|of\s+at"
        r"|at\s+(?:least|most)"
        r"|exceed|in\s+excess|in\s*\[)|(?:[<>]=?|=)\s*\|?\s*(?:p[xyz]|theta)\b"
        r"|\b(?:positive|negative|large|small|high|low)\s+(?:\|\s*)?(?:p[xyz]|theta)\b",
        "cuts on a momentum component (p_x, p_y, p_z) or the polar angle theta (they can be "
        "plotted)",
    ),
    # the cosine of an angle, an angle in another frame ("cos theta*", "the cosine of the polar
    # angle", "the polar angle in the Collins-Soper frame"): not the lab-frame theta of an object
    (
        r"\bcos(?:ine)?\s+of\s+(?:the\s+)?theta\b|\bcollins[\w-]*\s+theta\b"
        r"|\btheta\b[^.;]{0,80}?\b(?:reference\s+|rest\s+)?frames?\b",
        "the cosine of an angle or an angle in another reference frame (Collins-Soper, rest or "
        "helicity frame; the lab-frame polar angle theta of an object can be planned)",
    ),
    (r"\bmet\s+(?:uncertaint(?:y|ies)|error|resolution)\b", "the MET uncertainty or resolution"),
    # a system of leptons (or photons) and jets: "the invariant mass of two muons and two
    # jets", "the two lepton two jet invariant mass" (combinations take one kind of object)
    (
        r"\bmass\s+of\s+(?:the\s+)?(?:\d\s+)?(?:leading\s+)?(?:muons?|electrons?|leptons?|photons?"
        r"|dimuon|dielectron|dilepton)\s+(?:and|plus|\+|with)\s+(?:the\s+)?(?:\d\s+)?(?:leading\s+)?"
        r"(?:b-?)?(?:jets?|dijet)\b(?!\s+in\s+events)"
        r"|\b(?:\d\s*-?\s*)?(?:lepton|muon|electron|photon)s?\s*(?:,|and|\+|plus)?\s*\d\s*-?\s*"
        r"(?:b-?)?jets?\s+(?:invariant\s+)?mass\b",
        "masses of systems of leptons (or photons) and jets together",
    ),
    (
        r"(?:\bsum\s+of\s+(?:the\s+|their\s+|all\s+)*(?:(?:electron|muon|lepton|tau|photon|jet)s?"
        r"\s+)?(?:electric\s+)?charges?\b|\b(?:total|net)\s+"
        r"charge\b)(?!\s*(?:is\s+|equal\s+to\s+|equals\s+|of\s+|=+\s*)?0\b)",
        "sums of charges (the charge of one object, or opposite/same-sign pairs, can be planned)",
    ),
    (
        # "the sum of the muon energies": a sum other than the scalar pT sum (HT) of objects
        r"\b(?:scalar\s+)?sum\s+of\s+(?:the\s+|their\s+|all\s+)*(?:(?:electron|muon|lepton|tau"
        r"|photon|jet|b-?jet)s?\s+)?(?:energ(?:y|ies)|masse?s?|etas?|phis?|pseudorapidit(?:y|ies)"
        r"|rapidit(?:y|ies)|p[xyz]s?|thetas?|momenta\b(?!\s+(?:of|transverse)))\b",
        "sums of energies, masses or angles of several objects (the scalar pT sum, HT, and the "
        "mass of a system of objects can be planned)",
    ),
    (
        # "the pileup" as a quantity, not "to see the pileup conditions", "pileup effects",
        # nor a histogram's name in quotes (self.histograms['pileup'].fill(x=...PV_npvs)): the
        # code filling it says what is plotted
        r"(?<!['\"])\bpile-?up\b(?!['\"])(?!\s+(?:vert|condition|effect|dependen|mitigat|subtract"
        r"|environment|level|scenario|reweight|weight|correction))|\bntrueint\b|\bnpu\b"
        r"|\bpileup_\w+",
        "pileup distributions other than the number of primary vertices (nPV)",
    ),
    (r"\btracks?\b|\bisotracks?\b", "tracks"),
    (  # "events with a dijet pseudorapidity separation below 1.3", "delta phi(jet, MET) > 0.5":
        # a cut on an angle between two things (a delta R cut of jets from leptons is cleaning)
        r"\bdelta_(?:eta|phi)\b(?:\s*\([^()]{0,40}\)|\s+between\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?"
        r"\s+and\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?|(?:(?!\b(?:met|pt|mass|ht|mht|energy|eta|phi"
        r"|bins?|gev|range|from)\b)[^.;]){0,40}?)\s*(?:below|above|under|over|<|>|less|greater"
        r"|smaller|larger|exceed\w*|at\s+(?:least|most)|within)\s*(?:than\s+)?\d",
        "cuts on a delta eta or delta phi between two objects written this way (a cut on the "
        "|delta eta|, |delta phi| or delta R of the two leading jets, or of the leading jet and "
        "the MET, can be planned: say e.g. '|delta eta| between the two leading jets above 3.5' "
        "or 'delta phi between the leading jet and the MET above 0.5')",
    ),
    (  # "Read the muon pT, eta and phi into arrays": input/output, nothing to histogram
        r"^(?!.*\b(?:plot|plots|plotting|histogram\w*|draw\w*|distributions?|spectrum|show)\b)"
        r".*\b(?:read|reads|reading|load|loads|loading|store|save|write|extract)\b.*\b(?:into|as|to)"
        r"\s+(?:an?\s+|the\s+)?(?:awkward\s+|numpy\s+|pandas\s+)?(?:arrays?|columns?|data\s*frames?"
        r"|dataframes?|lists?|files?|parquet|csv)\b",
        "reading or storing columns without a histogram (plans make histograms: say 'plot the "
        "muon pT', for example)",
    ),
    (
        r"\bmass\s+of\s+(?:the\s+)?(?:first\s+|leading\s+|selected\s+)?(?:[5-9]|five|six)"
        r"\s+(?:\w+\s+)?(?:leptons?|muons?|electrons?|jets?|objects?)\b|\b(?:[5-9]|five|six)[- ]?"
        r"(?:lepton|muon|electron|jet|l)\s+(?:invariant\s+)?mass\b|\bm_?\{?[5-9]\s*(?:l|mu|e)\}?\b"
        r"|\bmass\s+of\s+(?:the\s+)?(?:4|four)\s+(?:\w+\s+)?(?:objects?|photons?|taus?)\b",
        "masses of five or more objects, or of four photons or taus (pairs, triplets and four "
        "muons, electrons, leptons or jets can be planned)",
    ),
    (  # "the Higgs mass is formed from a combination of 5 muons" (4 can be planned)
        r"\bmass\b[^.;]{0,60}?\b(?:combination|system|sum|set)\s+of\s+(?:the\s+)?(?:[5-9]|five"
        r"|six)\s+(?:\w+\s+)?(?:leptons?|muons?|electrons?|jets?|objects?)\b",
        "masses of five or more objects (pairs, triplets and four objects can be planned)",
    ),
    (r"\bboosted\b", "boosted topologies (say 'AK8 jets' for large-radius jets)"),
    (
        r"\bgen(?:erator)?[- ]level\b|\bgenpart\b|\btruth\b",
        "generator-level particles other than a Z, W, Higgs, top, b quark, muon, electron, tau "
        "or photon named as one (e.g. 'the generator-level Z mass')",
    ),
    (
        # an ntuple or tree as the output ("write a flat ntuple"); one read from ("run against a
        # ROOT file (TTree)", "from the ntuple, plot ...") is the input, not a request
        r"\b(?:write|writing|save|saving|produce|producing|make|making|create|creating|store"
        r"|storing|dump|dumping|fill|filling)\s+(?:out\s+)?(?:(?:a|an|the|new|flat|small|smaller"
        r"|reduced|slimmed|my|our|your)\s+)*(?:ntuples?|ttrees?|trees?)\b"
        r"|\bskim(?:s|med)?\b|\bper\s+row\b|\b(?:write|save|dump)\s+"
        r"(?:out\s+)?(?:a\s+|the\s+)?(?:new\s+)?(?:file|tree|table|array|csv|parquet)\b",
        "writing ntuples, trees or skims (ChatHEP makes histograms)",
    ),
    (r"\btrigger\s+efficienc(?:y|ies)\b|\btag[- ]and[- ]probe\b", "efficiency measurements"),
    (
        r"\b2d\b|\b(?:two|2)[- ]dimensional\b|\b(?:3d|(?:three|3)[- ]dimensional)\s+histo"
        r"|\b(?:versus|vs\.?)\s+(?:the\s+)?(?:(?:muon|electron|jet|photon|tau|lepton)s?\s+)?"
        r"(?:pt|eta|phi|mass)\b"
        r"|\bscatter\b",
        "two- or three-dimensional histograms",
    ),
]

FOLLOWUP_CUES = (
    r"^\s*(?:now|also|and|then|same|again|instead|but|ok|okay|please)\b|\binstead\b"
    r"|\b(?:as\s+well|too)(?:\s+please)?\s*[.!?]?\s*$"  # "the dimuon pT as well": added
    # "plus the MET", "+ MET", "additionally the dimuon rapidity", "can you also plot ...", "I'd
    # also like ...": added to the plot shown (was: a new plan, the plot shown replaced)
    r"|^\s*(?:plus|additionally)\b|^\s*\+|^\s*(?:can|could)\s+(?:you|we)\s+also\b"
    r"|^\s*i(?:'?d|\s+would)?\s+also\s+(?:like|want|need)\b"  # normalised: "i also like"
    r"|^\s*(?:use|add|remove|drop|require|make|change|switch|show|only|with|without|apply|"
    r"put|set|include|exclude|go|try|plot\s+it|redo)\b"
)

#: Properties a request can explicitly waive, in words -> ``ObjectReq.without`` entries.
WAIVE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (r"id|identification|quality|working\s+point", ("id",)),
    (r"isolation|iso|reliso", ("iso",)),
    (r"\|?\s*eta\s*\|?|pseudorapidity|acceptance", ("eta",)),
    (r"(?:minimum\s+)?pt|momentum|transverse\s+momentum", ("pt",)),
    (r"kinematic", ("pt", "eta")),
    (r"overlap[- ]removal|cleaning|delta_r", ("cleaning",)),
]
_WAIVE_ANY = "|".join(f"(?:{w})" for w, _ in WAIVE_WORDS)
#: "without any ID or isolation requirement", "no eta cut", "no pT threshold"
WAIVER = (
    rf"\b(?:no|without|w/o|not\s+requiring|without\s+(?:applying|requiring)|neither)\s+"
    rf"(?:any\s+|an\s+|a\s+|the\s+)?(?:[a-z]+\s+)?"
    rf"((?:{_WAIVE_ANY})(?:\s*(?:,|/|or|and|nor)\s*(?:any\s+)?(?:{_WAIVE_ANY}))*)"
    r"(?:\s+(?:requirements?|cuts?|criteria|selections?|restrictions?|thresholds?|applied|"
    r"requirement\s+applied))?(?:\s+against\s+(?:the\s+)?(?:leptons|muons|electrons))?\b"
    r"(?:\s+either\b)?"  # "..., and no pT or eta cuts either"
)
#: "remove the isolation requirement", "drop the eta cut" (a follow-up): the same waiver
WAIVER_VERB = (
    rf"\b(?:remove|drop|disable|turn\s+off|switch\s+off|release|lift)\s+(?:the\s+|any\s+|all\s+)?"
    rf"(?:[a-z]+\s+)?((?:{_WAIVE_ANY})(?:\s*(?:,|/|or|and)\s*(?:the\s+)?(?:{_WAIVE_ANY}))*)"
    r"\s+(?:requirements?|cuts?|criteria|selections?|restrictions?|thresholds?)\b"
)
#: Everything waived on one object: "no cuts at all", "raw", "without any selection".
NO_CUTS = (
    r"\b(?:no|without(?:\s+any)?|w/o)\s+(?:(?:further|other|additional|object|kinematic|quality"
    r"|extra|offline)\s+)?(?:cuts?|selections?|requirements?|criteria|restrictions?)"
    r"(?:\s+at\s+all)?\b"
    # "no other tau requirement": every requirement of those objects is in the request
    r"|\b(?:no|without(?:\s+any)?)\s+(?:other|further|additional)\s+(?:muon|electron|photon|tau"
    r"|jet|lepton)\s+(?:cuts?|requirements?|selections?|criteria)\b"
    r"|\bnothing\s+(?:is\s+)?cut(?:\s+away)?\b|(?:(?<=[,;:(.] )|(?<=[,;:(]))nothing\s+else\b"
    r"|\bcut\s+nothing\b|\bno\s+sel\b"
    r"|\bthe\s+raw\s+(?:picture|view|distributions?|spectrum|spectra)\b"
    r"|\buncut\b|\bunselected\b|\bbefore\s+(?:any\s+|all\s+)?(?:cuts?|selection)\b|\bas\s+they\s+come\b"
)
#: "every jet", "all reconstructed muons", "each electron in the event"
EVERY = (
    r"\b(?:every|all(?:\s+the)?|each|any|all\s+of\s+the)\s+"
    r"(?:(?:reconstructed|available|light|#+)\s+)?"  # "every such jet": "such" read (masked)
)
#: Words that remove the recommended defaults from the whole request.
AS_WRITTEN = (
    r"\bas\s+written\b|\bliterally\b|\bno\s+defaults?\b|\bwithout\s+(?:any\s+)?defaults?\b"
    r"|\bexactly\s+as\s+(?:i\s+)?(?:said|wrote|stated)\b"
)
#: "for all combinations of muons", "every combination of selected jets": every pair.
ALL_COMBINATIONS = (
    r"\b(?:for\s+)?(?:all|every|each)\s+(?:possible\s+)?(?:combinations?|pairings?)\s+of\s+"
    r"(?:the\s+)?(?:selected\s+|good\s+|chosen\s+)?"
)
#: A cut named with no value ("with eta cuts on the jet"): which value is meant?
VALUELESS_CUT = (
    r"\b(?:eta|pt|mass|isolation|iso|id|kinematic)\s+(?:cuts?|requirements?|thresholds?|windows?"
    r"|selections?)\b"
    # "a simple selection in the jet eta", "a cut on the muon pt" (with no value after it)
    r"|\b(?:cuts?|selections?|requirements?|thresholds?)\s+(?:in|on)\s+(?:the\s+)?(?:[a-z]+\s+)?"
    r"(?:eta|pt|mass|isolation)\b(?!\s*(?:of\s+)?(?:at\s+|above\s+|below\s+|>|<|=|-?\d))"
)
#: A negation the rules did not place is never dropped silently.
#: Words that carry a cut or a choice no rule reads with a value: asked about unless the
#: property they speak of is given explicitly (checked per word in the parser).
VAGUE_WORDS: list[tuple[str, str]] = [
    (r"\bcentral\b|\bbarrel\b|\bendcaps?\b|\bforward\b", "eta"),
    (r"\bhigh[- ]?pt\b|\benergetic\b|\bhard\b|\bsoft\b|\bboosted\b|\blow[- ]?pt\b", "pt"),
    # "a relatively high momentum muon with pT > 55 GeV": known when a pT cut is given
    (
        r"\b(?:relatively\s+)?(?:high|low)(?:[- ]?(?:pt|momentum|energy))?\s+(?:[a-z-]+\s+)?"
        r"(?=(?:b?jets?|muons?|electrons?|leptons?|photons?|taus?)\b)",
        "pt",
    ),
    (r"\btrigger(?:ed|s)?\b|\bfired\b", "trigger"),
    # statistics of a quantity, not its distribution: the spec makes histograms only
    (
        r"\baverage\b|\bmean\b|\bmedian\b|\brms\b|\bratio\s+of\b|\bfraction\s+of\b"
        r"|\befficienc(?:y|ies)\b|\bprofile\b|\bas\s+a\s+function\s+of\b|\bcorrelation\b"
        r"|\bresolution\b|\bresponse\b|\bvector\s+sum\b",
        "statistic",
    ),
    # "additional jets": besides which objects?
    (r"\b(?:additional|extra)\s+(?=(?:b?jets?|muons?|electrons?|leptons?|photons?)\b)", "other"),
    # "events passing the cuts", "after all selections": which cuts?
    (
        r"\b(?:passing|pass(?:es)?|after|satisfying|surviving)\s+(?:the|all|our|these|those|my)\s+"
        r"(?:\w+\s+)?(?:cuts|selections?|criteria|requirements)\b",
        "cuts",
    ),
    # "in the signal region", "the control region", "SR", "CR": a region of an analysis the
    # request does not define (which selection?)
    (
        r"\b(?:in|for|from|within|inside|of)\s+(?:the\s+|a\s+|our\s+|each\s+)?(?:[a-z]+\s+)?"
        r"(?:signal|control|validation|search|sideband|side-band|enriched|pre-?selection)\s+"
        r"(?:regions?|selections?|categor(?:y|ies))\b"
        r"|\b(?:in|for|from|of)\s+(?:the\s+)?(?:sr|cr|vr)(?:\d+[a-z]?|[-_][a-z0-9]+|z|tt|ww)?\b",
        "cuts",
    ),
    # "exactly one jet is above the cut", "muons below the threshold": which value?
    (
        r"\b(?:above|below|over|under|passing|pass(?:es)?|within)\s+(?:the|that|this|our|a|some)\s+"
        r"(?:\w+\s+)?(?:cut|threshold|requirement|value)\b(?!\s*(?:of|at|=)?\s*\d)",
        "cuts",
    ),
    (
        r"\bnormali[sz]ed\s+to\s+(?:unit(?:y)?|1|one|(?:the\s+)?area)\b|\bunit[- ]area\b"
        r"|\bshape\s+comparison\b|\bnormali[sz]ed\s+to\s+data\b",
        "normalisation",
    ),
]
NEGATIONS = (
    r"\b(?:no|not|without|except|excluding|nor|non|never|w/o|veto(?:ing|ed|es)?|exclude[sd]?"
    r"|remov(?:e|es|ed|ing)|reject(?:s|ed|ing)?|discard(?:s|ed|ing)?|nothing)\b"
)
