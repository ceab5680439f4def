"""A decay named with nothing to plot: "look for decays to 4 muons", "reconstruct decays of a
particle X to 2 muons".

Tutorials and exercise sheets name the decay they want reconstructed and leave the quantity to
the reader: the invariant mass of the decay products is what every physicist draws first. When
the planner found nothing to plot (its "What should I plot?" question) and the request names
exactly one decay into a counted set of objects, :func:`decay_products` rewrites the decay into
"the invariant mass of the N objects" and the plan says so. Anything between "decay" and the
products that could select (a number, a comparison, another object) keeps the question.
"""

from __future__ import annotations

import chathep.regex as re

_COUNT = r"(?P<n>two|three|four|2|3|4|a\s+pair\s+of)"
_PRODUCTS = r"(?P<obj>muons|electrons|leptons|photons|taus|jets|b-?jets)"
#: "decays (of an unknown particle X (initial state)) to / into 2 muons": the words between the
#: decay and its products hold no digit, comparison or object of their own (checked below)
#: a pair named as such: "the muon and antimuon pair", "a muon-antimuon pair", "an electron
#: positron pair", "the muon pair"
_PAIR = (
    r"(?:the\s+|an?\s+)?(?P<pair>muon|electron|lepton|photon|tau|jet|b-?jet)"
    r"(?:\s*(?:-|and|\s)\s*(?:anti-?muon|positron|anti-?lepton|anti-?electron))?\s+pair"
)
_DECAY = re.compile(
    rf"\b(?:decays?|decaying|decayed)\b(?P<gap>[^.;:?!\d<>=]{{0,80}}?)\b(?:to|into)\s+"
    rf"(?:{_COUNT}\s+{_PRODUCTS}|{_PAIR})\b",
    re.IGNORECASE,
)
_OBJECT_WORD = re.compile(
    r"\b(?:muons?|electrons?|leptons?|photons?|taus?|jets?|b-?jets?|met|neutrinos?|quarks?"
    r"|gluons?|tracks?|vertex|vertices)\b",
    re.IGNORECASE,
)
_N = {"one": 1, "two": 2, "three": 3, "four": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_K = r"(?:one|two|1|2)"
_SIGN = r"(?:charged\s+)?"
#: ", where there are two positively charged muons and 2 negatively charged muons": as many of
#: each charge as make up the products, their total charge zero
_CHARGES = re.compile(
    rf",?\s*\b(?:where|with|in\s+which)\s+(?:there\s+(?:are|is)\s+)?(?P<k1>{_K})\s+"
    rf"positive(?:ly)?\s+{_SIGN}(?P<o1>\w+?)?\s*\band\s+(?P<k2>{_K})\s+negative(?:ly)?\s+"
    rf"{_SIGN}(?P<o2>\w+)",
    re.IGNORECASE,
)


def _neutral(text: str, n: int, obj: str) -> tuple[str, bool]:
    """``text`` with the equal split of charges among the ``n`` products said as 'total charge
    zero', and whether there was one."""
    m = _CHARGES.search(text)
    one = obj.removesuffix("s")
    if m is None or (m.group("o2") or "").lower() not in (obj, one):
        return text, False
    k1, k2 = _N[m.group("k1").lower()], _N[m.group("k2").lower()]
    if k1 != k2 or k1 + k2 != n or (m.group("o1") or obj).lower() not in (obj, one):
        return text, False
    return f"{text[: m.start()]}{text[m.end() :]}", True


def decay_products(text: str) -> tuple[str, str, bool] | None:
    """``text`` with its one decay rewritten as the invariant mass of its products, the note
    that says so, and whether the products' charges were said (then taken as total charge
    zero); None when there is no such decay, or more than one."""
    found = list(_DECAY.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    if re.search(r"\b(?:which|what)\s+(?:\w+\s+){0,3}$", text[: m.start()], re.IGNORECASE):
        return None  # "determine which particle decayed into two muons": a question of identity
    if _OBJECT_WORD.search(m.group("gap")):
        return None  # "decays of muons with ... into two jets": the gap selects something
    if m.group("pair"):
        n, obj = 2, m.group("pair").lower() + "s"
    else:
        n, obj = _N.get(m.group("n").lower(), 2), m.group("obj").lower()
    products = f"the {n} {obj}"
    post, neutral = _neutral(text[m.end() :], n, obj)
    # the words between the decay and its products stay for the parser ("of the Higgs": a
    # sample word it places or asks about)
    gap = m.group("gap").rstrip()
    source = f" from the decay{gap}" if gap.strip() else ""
    charge = " with total charge zero" if neutral else ""
    rewritten = f"{text[: m.start()]}the invariant mass of {products}{charge}{source}{post}"
    said = " (as many positive as negative: total charge zero)" if neutral else ""
    note = (
        f"Nothing to plot was named: '{' '.join(m.group(0).split())}' is read as the invariant "
        f"mass of {products}{said} (name a quantity to plot something else)."
    )
    return rewritten, note, neutral
