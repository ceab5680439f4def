"""NanoAOD fields of the collections the planner reads, from the shipped reference pages.

``knowledge_base/nanoaod/<Collection>.md`` list every branch of the collection as found in the
real CMS files (written by ``tools/gen_nanoaod_reference.py``). A request may cut on any of them
by name ("sip3d < 4", "jetId >= 6", "Muon_dxy < 0.05"); the planner looks the name up here,
case-insensitively, and the run checks it against the user's files. Imports nothing from chathep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

#: the reference pages (the knowledge base ships beside the package)
NANOAOD_DIR = Path(__file__).resolve().parents[2] / "knowledge_base" / "nanoaod"
COLLECTIONS: tuple[str, ...] = ("Muon", "Electron", "Jet", "Photon", "Tau")


@dataclass(frozen=True)
class DerivedField:
    """A field computed from NanoAOD fields (not a branch): what it needs, how the generated
    code computes it (a helper of the module), and its words."""

    name: str
    needs: tuple[str, ...]  # the NanoAOD fields it is computed from
    helper: str  # the generated module's function of the objects
    label: str  # short, in the plan's words: "|p|"
    words: str
    unit: str
    #: the NanoAOD collections that have it; empty: every object and combination candidate
    collections: tuple[str, ...] = ()


#: Fields objects (and combination candidates) have besides their branches.
DERIVED_FIELDS: dict[str, DerivedField] = {
    "p": DerivedField(
        "p",
        ("pt", "eta"),
        "momentum_magnitude",
        "|p|",
        "momentum magnitude |p| = pT cosh(eta)",
        "GeV",
    ),
    "energy": DerivedField(
        "energy",
        ("pt", "eta", "mass"),
        "energy",
        "E",
        "energy E = sqrt(|p|^2 + m^2), |p| = pT cosh(eta)",
        "GeV",
    ),
    # Cartesian momentum components and the polar angle, exact functions of pT, eta, phi
    "px": DerivedField(
        "px", ("pt", "phi"), "momentum_x", "p_x", "momentum x-component p_x = pT cos(phi)", "GeV"
    ),
    "py": DerivedField(
        "py", ("pt", "phi"), "momentum_y", "p_y", "momentum y-component p_y = pT sin(phi)", "GeV"
    ),
    "pz": DerivedField(
        "pz",
        ("pt", "eta"),
        "momentum_z",
        "p_z",
        "longitudinal momentum p_z = pT sinh(eta)",
        "GeV",
    ),
    "theta": DerivedField(
        "theta",
        ("eta",),
        "polar_angle",
        "theta",
        "polar angle theta = 2 atan(exp(-eta)), 0 to pi",
        "rad",
    ),
    # an object's rapidity (a pair's is its four-vector's): not its pseudorapidity eta
    "rapidity": DerivedField(
        "rapidity",
        ("pt", "eta", "mass"),
        "rapidity_y",
        "y",
        "rapidity y = 0.5 ln((E+pz)/(E-pz)), not the pseudorapidity eta",
        "",
    ),
    # the transverse energy (not the pT: they differ by the mass)
    "transverse_energy": DerivedField(
        "transverse_energy",
        ("pt", "eta", "mass"),
        "transverse_energy",
        "E_T",
        "transverse energy E_T = E pT/|p| = E/cosh(eta), E = sqrt(|p|^2 + m^2)",
        "GeV",
    ),
    # the jet pT before the jet energy corrections of the production (NanoAOD: pT (1 - rawFactor))
    "pt_raw": DerivedField(
        "pt_raw",
        ("pt", "rawFactor"),
        "raw_pt",
        "raw pT",
        "raw (uncorrected) jet pT = pT (1 - rawFactor), before the jet energy corrections",
        "GeV",
        ("Jet", "FatJet"),
    ),
    # the electromagnetic energy fraction of a jet: its charged and neutral parts
    "em_fraction": DerivedField(
        "em_fraction",
        ("chEmEF", "neEmEF"),
        "em_fraction",
        "EM fraction",
        "electromagnetic energy fraction chEmEF + neEmEF (charged + neutral EM)",
        "",
        ("Jet",),
    ),
    # N-subjettiness ratios of large-radius jets: small for two- (tau21) or three-prong (tau32)
    # substructure; a jet whose denominator is 0 has no value
    "tau21": DerivedField(
        "tau21",
        ("tau1", "tau2"),
        "tau21",
        "tau21",
        "N-subjettiness ratio tau21 = tau2/tau1",
        "",
        ("FatJet",),
    ),
    "tau32": DerivedField(
        "tau32",
        ("tau2", "tau3"),
        "tau32",
        "tau32",
        "N-subjettiness ratio tau32 = tau3/tau2",
        "",
        ("FatJet",),
    ),
}


@cache
def _page(collection: str) -> str:
    """The collection's reference page (empty if there is none)."""
    try:
        return (NANOAOD_DIR / f"{collection}.md").read_text(encoding="utf-8")
    except OSError:
        return ""


@cache
def fields(collection: str) -> dict[str, str]:
    """lower-case field name -> its NanoAOD spelling, for one collection (empty if unknown)."""
    names = set(re.findall(rf"\b{collection}_([A-Za-z][A-Za-z0-9_]*)", _page(collection)))
    return {name.lower(): name for name in names}


def field_name(collection: str, word: str) -> str | None:
    """The NanoAOD spelling of ``word`` as a field of ``collection``, or None."""
    return fields(collection).get(word.lower())


@cache
def descriptions(collection: str) -> dict[str, str]:
    """lower-case field name -> its documentation line ("3D impact parameter significance ...")."""
    line = rf"`{collection}_([A-Za-z][A-Za-z0-9_]*)`\s*\([^)]*\):\s*(.*?)\s*coffea:"
    return {name.lower(): doc for name, doc in re.findall(line, _page(collection))}


@cache
def types(collection: str) -> dict[str, str]:
    """lower-case field name -> its C type as documented ("int32_t", "bool", "float")."""
    line = rf"`{collection}_([A-Za-z][A-Za-z0-9_]*)`\s*\(([a-z0-9_]+)"
    return {name.lower(): typ for name, typ in re.findall(line, _page(collection))}


#: Integer fields whose values the documentation does not list: (lowest, highest) value.
#: Tau decayMode: 0-2 (one prong + 0-2 pi0), 5-7 (two prongs), 10-11 (three prongs);
#: Jet/FatJet hadronFlavour: 0 (light), 4 (c), 5 (b).
_VALUES: dict[tuple[str, str], tuple[int, int]] = {
    ("Tau", "decaymode"): (0, 11),
    ("Jet", "hadronflavour"): (0, 5),
    ("FatJet", "hadronflavour"): (0, 5),
}


def integer_range(collection: str, word: str) -> tuple[int, int] | None:
    """The values an integer flag or ID field can take, from its documentation: a bool (0, 1),
    an enumeration "(0:fail, 1:veto, ..., 4:tight)" (0, 4), bit flags "bit1 ... bit3" (0, 7);
    the values of :data:`_VALUES` where the documentation lists none; None for a float, a count
    without a stated maximum, or an undocumented field."""
    if (collection, word.lower()) in _VALUES:
        return _VALUES[(collection, word.lower())]
    typ = types(collection).get(word.lower(), "")
    doc = descriptions(collection).get(word.lower(), "")
    if typ == "bool":
        return 0, 1
    if not re.fullmatch(r"u?int\d+_t", typ):
        return None
    bits = [int(b) for b in re.findall(r"\bbit\s*(\d+)\b", doc)]
    if bits and min(bits) >= 0:
        return 0, 2 ** max(bits) - 1 if min(bits) >= 1 else 2 ** (max(bits) + 1) - 1
    values = [int(v) for v in re.findall(r"(?<![\w.])(\d+)\s*[:=]\s*[A-Za-z]", doc)]
    if len(values) >= 2:
        return min(0, *values), max(values)
    return None


#: Tagger outputs documented as a discriminator whose range is not 0 to 1: the double-b
#: tagger (BDT, -1 to 1).
_SCORE_EXCEPTIONS: dict[tuple[str, str], tuple[float, float]] = {
    ("FatJet", "btaghbb"): (-1.0, 1.0),
}


def score_range(collection: str, word: str) -> tuple[float, float] | None:
    """The range of a float tagger or ID output, from its documentation: an "MVA ... score" or
    an MVA's "raw output" (a BDT) -1 to 1; a neural-network tagger's or likelihood
    "discriminator" 0 to 1 (jets without one store a negative default, left below the range);
    None for any other field."""
    key = (collection, word.lower())
    if types(collection).get(key[1]) != "float":
        return None
    if key in _SCORE_EXCEPTIONS:
        return _SCORE_EXCEPTIONS[key]
    doc = descriptions(collection).get(key[1], "")
    if "MVA" in doc or re.search(r"\bID\s+score\b", doc):
        return -1.0, 1.0
    if re.search(r"\bdiscriminator\b|\btagger\b", doc):
        return 0.0, 1.0
    return None


def describes(collection: str, word: str, gloss: str) -> bool:
    """Whether ``gloss`` ("significance of 3d impact parameter") only restates the documentation
    of the field ``word`` of ``collection``: each of its words is a word of the documentation."""
    doc = descriptions(collection).get(word.lower())
    if not doc:
        return False
    doc_words = {w[:5] for w in re.findall(r"[a-z0-9]+", doc.lower())}
    words = [w for w in re.findall(r"[a-z0-9]+", gloss.lower()) if w not in _GLUE]
    return bool(words) and all(w[:5] in doc_words for w in words)


#: words that join a gloss without meaning of their own ("significance *of the* 3d ...")
_GLUE = frozenset(
    {"of", "the", "a", "an", "in", "wrt", "with", "to", "for", "its", "aka", "i", "e"}
)
