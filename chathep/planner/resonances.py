"""Resonances named in a list that glosses a stated mass range (session 20).

"the dimuon mass spectrum up to 4 GeV (low mass range, rho/omega, phi, psi)": the list names
the peaks the range shows; it selects nothing. It is read only as a parenthesised list of two
or more names, one of them unambiguous (eta, phi and z are also a variable or an axis), and
only when the plot is a pair mass over a stated range that holds every one of them
(:meth:`chathep.planner.parser.RequestParser._check_resonance_lists`); otherwise its words are
asked about.

The names live here, not in the lexicon: every string of lexicon.py is a recogniser of the
coverage check (:mod:`chathep.planner.coverage`), and "rho" or "omega" known there would pass
silently in any other request ("the MET vs rho").
"""

from __future__ import annotations

import chathep.regex as re

#: name -> PDG mass in GeV (psi: the J/psi or the psi(2S), both within 3.1-3.7)
MASSES: dict[str, float] = {
    "rho": 0.775, "omega": 0.783, "phi": 1.019, "eta": 0.548, "eta'": 0.958, "j/psi": 3.097,
    "jpsi": 3.097, "psi": 3.097, "psi(2s)": 3.686, "psi'": 3.686, "upsilon": 9.46,
    "upsilon(1s)": 9.46, "upsilon(2s)": 10.02, "upsilon(3s)": 10.36, "z": 91.19,
}  # fmt: skip
#: names that are also a variable or an axis: a list of only these is no list of resonances
_AMBIGUOUS = {"eta", "phi", "z"}
_NAME = (
    r"(?:j\s*/\s*psi|jpsi|psi\s*\(\s*2s\s*\)|psi\s*'|upsilon(?:\s*\(\s*[123]s\s*\))?|rho|omega"
    r"|phi|eta\s*'|eta|psi|z)(?:\s*(?:\(\s*\d{3,4}\s*\)|mesons?|resonances?))?"
)
_LIST = re.compile(
    r"\(\s*(?:(?:the\s+)?(?:low|high|intermediate)[- ]mass\s+(?:range|region|resonances)\s*"
    rf"[,:;]\s*)?{_NAME}(?:\s*(?:,|/|\band\b|,\s*and\b)\s*{_NAME})+\s*,?\s*\)"
)
#: words of a clause that selects events or objects: "events with a dimuon mass around 91 GeV"
#: is a selection whose window is not given (here, not in parser.py: its bare words would be
#: recognisers of the coverage check)
SELECTION_CLAUSE = re.compile(
    r"\b(?:with|having|has|have|whose|where|requir\w*|select\w*|events?|cut)\b"
)
_SUFFIX = re.compile(r"\s+|(?:\(\s*\d+\s*\)|mesons?|resonances?)$")


def lists(text: str, regions: list[str]) -> list[tuple[int, int, list[float]]]:
    """(start, end, PDG masses) of each parenthesised list of resonances in the normalised
    ``text``. A list of only ``regions`` (patterns of the regions the parser reads on their
    own: the J/psi, psi(2S), Upsilon) is left to that rule."""
    out: list[tuple[int, int, list[float]]] = []
    for m in _LIST.finditer(text):
        names = [_SUFFIX.sub("", n.group(0)).strip() for n in re.finditer(_NAME, m.group(0)[1:])]
        masses = [MASSES.get(n) for n in names]
        if None in masses or not set(names) - _AMBIGUOUS:
            continue  # "(eta, phi)": variables, not resonances
        if all(any(re.fullmatch(p, n) for p in regions) for n in names):
            continue  # "(J/psi and psi(2S))": the regions' own rule reads them
        out.append((m.start(), m.end(), [x for x in masses if x is not None]))
    return out
