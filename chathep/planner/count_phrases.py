"""Counts, object definitions and waivers said as chat-style clauses (session 21, probe16).

Rewrites run by :func:`chathep.planner.lexicon.normalise` (spliced into its rewrite list), on
lower-cased text, into the words the parser reads:

- anaphoric counts: "require at least two of them", "exactly one muon like that": the count of
  the objects just named (the nearest preceding object word; left unread, so asked about, when
  that word is one of several kinds joined by "and"/"or"/"/");
- definitions said as conditions: "a muon only counts if its pT is above 22 GeV", "only count
  muons with ...", "above 25 GeV in pT", "more than 20 GeV of transverse momentum";
- LaTeX counts and charges: "$N_\\mu = 2$", "$N_j \\geq 3$", "$q_{\\mu_1} q_{\\mu_2} < 0$".

:data:`ANY_CHARGE` is the explicit "any charge" of a pair ("whatever their charges", "no charge
requirement"); :data:`NO_REQUIREMENT` an explicit "no lepton requirement".
"""

from __future__ import annotations

from collections.abc import Callable

import chathep.regex as re

_COUNT = r"(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
_KIND = r"(?:b-?jets?|bjets?|jets?|muons?|electrons?|leptons?|photons?|taus?)"
_OBJECT = re.compile(rf"\b{_KIND}\b")
_GREATER = r"(?:above|over|more\s+than|greater\s+than|larger\s+than|>=?)"
_LESS = r"(?:below|under|less\s+than|smaller\s+than|<=?)"


def _kind(word: str) -> str:
    return word.rstrip("s").replace("-", "")


def _antecedent(text: str) -> str | None:
    """The objects "them"/"those" at the end of ``text`` refer to: the object word of the
    current sentence (else of the previous one), as a plural; None when there is none, or when
    that sentence names several kinds ("muons with pT > 20 GeV and jets with pT > 30 GeV,
    require at least two of them": which?). Electrons and muons named beside leptons are
    those leptons ("electrons and muons count as leptons if ..., at least three of them")."""
    ends = [s.end() for s in re.finditer(r"[.!?;](?:\s|$)", text)]
    bounds = [0, *ends]
    found: list[re.Match[str]] = []
    for lo in reversed(bounds[-2:]):
        found = list(_OBJECT.finditer(text, lo))
        if found:
            break
    if not found:
        return None
    kinds = {_kind(m.group(0)) for m in found}
    if _kind(found[-1].group(0)) == "lepton":
        kinds -= {"muon", "electron", "tau"}
    if len(kinds) != 1:
        return None
    word = found[-1].group(0)
    return word if word.endswith("s") else word + "s"


def _of_them(m: re.Match[str]) -> str:
    kind = _antecedent(m.string[: m.start()])
    if kind is None:
        return m.group(0)  # no unique antecedent: left unread, so asked about
    prefix = (m.group(1) + " ") if m.group(1) else ""
    more = " or more" if m.group(3) else ""
    return f"{prefix}{m.group(2)}{more} {kind}"


def _counted_kind(m: re.Match[str]) -> str:
    """ "the number of b-tagged jets ..., counting only jets with pT above 25 GeV": the b-jets
    counted are among those jets, so the cuts are the b-jets' (else the objects as written)."""
    kind = m.group(1)
    before = m.string[: m.start()]
    if kind in ("jet", "jets") and re.search(r"\bnumber\s+of\s+(?:[\w-]+\s+)?b-?jets\b", before):
        return "bjets"
    return kind


REWRITES: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    # "require at least two of them", "the event must have at least 2 of those", "exactly two of
    # them in the event": that count of the objects just named (not "2 of them b-tagged")
    (
        rf"\b(at\s+least|exactly|at\s+most|more\s+than|fewer\s+than|>=|<=|==)?\s*{_COUNT}\s+"
        r"(or\s+more\s+)?of\s+(?:them|those|these)\b"
        r"(?!\s*(?:are|is|being|be|with|b-?tagged|have|has|must|should|pass(?:es|ing)?|that"
        r"|which|need|form|make|come)\b)",
        _of_them,
    ),
    # "exactly one muon like that is found": one of the muons just defined
    (rf"\b({_KIND})\s+like\s+(?:that|this|those|these)\b", r"\1"),
    # "a muon only counts if its pT is above 22 GeV with |eta| below 2.1", "where a jet counts if
    # it has |eta| under 2.4 and pT over 35 GeV": the definition of those objects
    (
        r"\b(?:where\s+)?(?:an?|each)\s+(muon|electron|jet|lepton|photon|tau|b-?jet)\s+(?:only\s+)?"
        r"counts\s+(?:only\s+)?(?:if|when)\s+(?:it\s+(?:has|is)\s+|its\s+(?=pt|\|?eta))",
        r"\1s with ",
    ),
    # "where the muon pair mass lands between 76 and 106 GeV": the mass is between them
    (r"\b(mass|pt)\s+(?:lands|falls)\s+(?=between\b)", r"\1 "),
    # "electrons and muons both count as leptons if they have pT above 10 GeV": leptons with
    (
        r"\b(?:(?:electrons|muons)\s+(?:and|or)\s+(?:electrons|muons)\s+(?:both\s+|all\s+)?)?"
        r"(?:only\s+)?counts?\s+as\s+(?:light\s+)?leptons\s+(?:only\s+)?(?:if|when)\s+they\s+"
        r"(?:have|are)\s+",
        "leptons with ",
    ),
    (
        r"(?<=\bwith\s)(pt|\|eta\|)\s+is\s+(?=above|below|over|under|more|less|greater|smaller)",
        r"\1 ",
    ),
    # "only count muons with ...", "counting only jets with pT above 25 GeV": those objects
    # (after "the number of b-tagged jets": the counted b-jets are among those jets)
    (
        r"\b(?:only\s+count(?:ing)?|count(?:ing)?\s+only|counting)\s+"
        rf"({_KIND})(?=\s+(?:with|of|that|which|above|over|inside|within)\b)",
        _counted_kind,
    ),
    # "jets with |eta| < 2.4 that are above 25 GeV in pT": and pT above 25 GeV
    (
        rf"\b(?:(?:that|which)\s+(?:are|is)\s+)({_GREATER}|{_LESS})\s*(\d+(?:\.\d+)?)\s*gev\s+in\s+"
        r"pt\b",
        r"and pt \1 \2 gev",
    ),
    # "above 25 GeV in pT", "more than 20 GeV of transverse momentum": pT above 25 GeV
    (
        rf"\b({_GREATER}|{_LESS})\s*(\d+(?:\.\d+)?)\s*gev\s+(?:in|of)\s+pt\b",
        r"pt \1 \2 gev",
    ),
    # "each jet has pt more than 20 gev": every jet with pT above 20 GeV
    (
        r"\b(?:each|every)\s+(jet|muon|electron|lepton|photon|tau)\s+(?:has|have)\s+(?=pt\s)",
        r"\1s with ",
    ),
    # "$N_\mu = 2$" (read as "number of muons = 2"): exactly two muons (">", ">=", "<=" are
    # read by the parser: a cut on a plotted count, or a pT cut with a unit)
    (
        r"\bnumber\s+of\s+(muons|electrons|leptons|jets|bjets|photons|taus)\s*==?\s*(\d+)\b"
        r"(?!\s*(?:\.\d|gev|tev|mev))",
        r"exactly \2 \1",
    ),
    # "$q_{\mu_1} q_{\mu_2} < 0$", "q_1 q_2 > 0": the pair's charges, opposite or same
    (
        r"\bq\s*_\s*\{?\s*(?:leading|1)[^}<>]{0,20}\}?\s*\*?\s*(?:\\cdot\s*)?q\s*_\s*\{?\s*"
        r"(?:subleading|2)[^}<>]{0,20}\}?\s*<\s*0\b",
        " opposite charge ",
    ),
    (
        r"\bq\s*_\s*\{?\s*(?:leading|1)[^}<>]{0,20}\}?\s*\*?\s*(?:\\cdot\s*)?q\s*_\s*\{?\s*"
        r"(?:subleading|2)[^}<>]{0,20}\}?\s*>\s*0\b",
        " same charge ",
    ),
]

_WAIVE = r"(?:requirements?|req\.?|cuts?|conditions?|selections?|constraints?|restrictions?)"

#: A pair of any charge, said: "any charge", "whatever their charges", "no charge requirement on
#: the pair", "put no condition on the muon charges (same-sign pairs are welcome too)",
#: "regardless of charge" (normalised to "without charge")
ANY_CHARGE = (
    r"(?:\b(?:without\s+(?:any\s+)?(?:(?:a|the)\s+)?(?:electric\s+)?charges?(?:\s+" + _WAIVE + r")?"
    r"|no\s+(?:electric\s+)?charge\s+"
    + _WAIVE
    + r"|(?:put\s+|with\s+|and\s+)?no\s+"
    + _WAIVE
    + r"\s+on\s+(?:the\s+|their\s+)?"
    r"(?:(?:muon|electron|lepton|tau|pair)'?s?\s+)?charges?"
    r"|whatever\s+(?:their|its|the)\s+charges?(?:\s+(?:is|are|may\s+be))?"
    r"|(?:of\s+|with\s+)?(?:any|either|both)\s+(?:electric\s+)?charges?(?!\s*" + _WAIVE + r")"
    r")(?:\s+on\s+(?:the\s+)?(?:pairs?|muons?|electrons?|leptons?|dimuons?|dielectrons?))?"
    r"(?:\s*\(?\s*,?\s*same[- ]sign\s+(?:pairs?\s+)?(?:are\s+)?(?:welcome|allowed|included|kept"
    r"|fine|ok)(?:\s+too|\s+as\s+well)\s*\)?)?"
    r"|\bsame[- ]sign\s+(?:pairs?\s+)?(?:are\s+)?(?:welcome|allowed|included|kept)"
    r"(?:\s+too|\s+as\s+well))"
)

#: "no lepton req", "without any lepton requirement", "nothing is required of the leptons",
#: "no lepton selection", "leptons do not matter here, so no requirement on them at all"
NO_REQUIREMENT = (
    r"\b(?:no\s+|without\s+(?:any\s+)?)(lepton|muon|electron)s?\s+" + _WAIVE + r"(?:\s+at\s+all)?"
    r"|\bnothing\s+(?:is\s+)?required\s+of\s+(?:the\s+)?(lepton|muon|electron)s\b"
    r"|\b(lepton|muon|electron)s\s+do\s+not\s+matter(?:\s+here)?(?:\s*,?\s*so\s+no\s+"
    + _WAIVE
    + r"\s+on\s+them(?:\s+at\s+all)?)?"
    # "no condition on electrons", "put no requirement on the leptons"
    + r"|\bno\s+"
    + _WAIVE
    + r"\s+(?:on|for)\s+(?:the\s+|any\s+)?(lepton|muon|electron)s\b(?:\s+at\s+all)?"
    # "electrons should be neither required nor vetoed", "leptons: none required"
    + r"|\b(lepton|muon|electron)s\s+(?:are|is|should\s+be|must\s+be|will\s+be)\s+neither\s+"
    r"required\s+nor\s+vetoed\b|\b(lepton|muon|electron)s?\s*:\s*(?:none\s+required|no\s+"
    r"requirements?|no\s+cuts?\s*,?\s*(?:and\s+)?no\s+veto(?:es)?)\b"
    # "do not select any leptons (at all)", "whatever electrons they like, no condition there"
    r"|\b(?:do\s+not|don'?t)\s+(?:select|require)\s+any\s+(lepton|muon|electron)s\b"
    r"(?:\s+at\s+all)?|\bwhatever\s+(lepton|muon|electron)s\s+they\s+(?:like|have|want)\b"
    r"(?:\s*,\s*no\s+"
    + _WAIVE
    + r"\s+there)?"
    # "no e req", "no ele requirement": the abbreviations
    + r"|\bno\s+(?P<abbr>e|ele|mu|lep)\s+"
    + _WAIVE
    + r"(?![\w])"
)

#: "without any event selection", "no event selection", "before any event cuts": no event-level
#: cut (a trigger, a count, MET, HT, a pair mass) is made; only what the plotted quantity needs
NO_EVENT_SELECTION = (
    r"\b(?:without|with\s+no|no|before)\s+(?:any\s+)?(?:event[- ]?(?:level\s+)?(?:selections?|cuts?"
    r"|requirements?)|selection\s+(?:of|on)\s+(?:the\s+)?events)\b(?:\s+at\s+all)?"
)
#: the draft fields of an event-level selection the user can state
_EVENT_FIELDS = ("triggers", "met_", "ht_", "mht_", "pair_", "z_decay", "arithmetic_cuts",
                 "event_cuts")  # fmt: skip

_ABBREV = {"e": "electron", "ele": "electron", "mu": "muon", "lep": "lepton"}

_FAMILY = {
    "lepton": ("lepton", "muon", "electron", "tau"),
    "muon": ("muon", "lepton"),
    "electron": ("electron", "lepton"),
}


def mask_no_requirement(parser: object) -> list[tuple[int, int, str]]:
    """The "no lepton requirement" phrases of the parser's text, masked (read here), with the
    object kind each waives; :func:`check_no_requirement` places them once the plan is read."""
    found: list[tuple[int, int, str]] = []
    t = parser.t  # type: ignore[attr-defined]
    for m in t.finditer(NO_EVENT_SELECTION):
        found.append((m.start(), m.end(), "event"))
        t.mask(m.start(), m.end())
    for m in t.finditer(NO_REQUIREMENT):
        abbr = m.group("abbr")
        kind = _ABBREV[abbr] if abbr else next(g for g in m.groups() if g)
        found.append((m.start(), m.end(), kind))
        t.mask(m.start(), m.end())
    return found


def check_no_requirement(parser: object, found: list[tuple[int, int, str]]) -> None:
    """ "MET in events with >= 3 jets, no lepton requirement": no lepton count, veto or cut is
    made (said in a note). Where the plot or the selection uses those objects, the words could
    waive their default cuts or only deny an extra count: asked."""
    result = parser.result  # type: ignore[attr-defined]
    d = result.draft
    for start, end, kind in found:
        said = parser.t.orig[start:end].strip(" ,.;")  # type: ignore[attr-defined]
        if kind == "event":
            # a stated count, even of the plotted objects, is an event selection too
            stated = any(
                key.startswith(_EVENT_FIELDS) or key.endswith(("min_count", "max_count"))
                for key in result.explicit
            )
            if stated or d.event_cuts or d.arithmetic_cuts:
                result.ask(
                    f"'{said}', but the request also states an event selection: should I make "
                    "it, or none?"
                )
            else:
                result.notes.append(
                    f"'{said}': no event selection is made (only what the plotted quantity "
                    "needs), as you asked."
                )
            continue
        family = _FAMILY[kind]
        used = d.object in family or any(k in family for k in d.requirements)
        if used:
            result.ask(
                f"'{said}': the plan uses {kind}s. Should their default cuts (ID, isolation, pT "
                f"and eta) be dropped (say 'all {kind}s, no cuts at all'), or is it only that no "
                f"extra {kind} count or veto is made?"
            )
        else:
            result.notes.append(
                f"'{said}': no {kind} requirement is made (no {kind} count, veto or cut), as "
                "you asked."
            )


#: ", each with pT above 20 GeV" (in the request as written; normalise() drops the "each")
EACH_WITH = re.compile(
    r"[,;(]\s*(?:both|each|all)(?:\s+of\s+them)?\s+(?:(?:with|having|within|inside)\b"
    r"|(?=(?:p_?t|\|\s*eta\s*\||eta)\s*(?:[<>]|above\b|below\b|over\b|under\b)))",
    re.IGNORECASE,
)
#: the normalised words between the last object of a list and its cut: ", with ..."
WITH_AFTER = re.compile(
    r"(?:\s*[,;]\s*(?:os|ss|(?:opposite|same)[- ](?:sign|charges?)))?"  # ", OS, both pt>20"
    r"\s*[,;(]\s*(?:with|having|within|inside)\b"
)
#: ... or right after it, with no comma: "an electron and a muon with pT above 25 GeV"
WITH_RIGHT_AFTER = re.compile(r"\s*(?:with|having|within|inside)\b")
#: the words between two objects of one list: "one electron and exactly one muon"
LIST_GAP = re.compile(r"\s*(?:,|and|or|&|plus)\s*(?:exactly\s+)?(?:one|1|a|an|the|two|2)?\s*")

#: a quantity followed by its bound or range: "pT between 50 and 200", "pT > 50", "pT in [50, 200]"
CUT_AFTER = re.compile(
    r"\s*(?:[<>]=?|above|below|over|under|between|greater|less|larger|smaller|higher|lower"
    r"|exceeding|in\s*\[|in\s+the\s+range)\b|\s*[<>]"
)
#: ... inside a clause that defines objects: "(muons) with pT ..."
CUT_CLAUSE_BEFORE = re.compile(
    r"\b(?:with|having|whose|where|if)\s+(?:a\s+|an\s+|the\s+|their\s+)?(?:[a-z-]+\s+){0,2}$"
)


#: the objects a count names right after "number" ("of the selected muons")
_COUNTED = re.compile(
    r"\s*(?:of\s+)?(?:the\s+|all\s+|selected\s+|reconstructed\s+)*"
    r"(muon|electron|lepton|jet|photon|tau)s\b"
)


def counts_the_pairs_objects(before: str, after: str) -> bool:
    """ "the dimuon mass and the number of muons": the count (whose words follow, ``after``)
    names the objects of the pair plotted before it (``before``), not the pairs."""
    counted = _COUNTED.match(after)
    return counted is not None and re.search(rf"\bdi-?{counted.group(1)}s?\b", before) is not None


def jet_word_mass(text: str, end: int) -> bool:
    """Whether the jet word ending at ``end`` is followed by "mass" ("b-jet mass", normalised
    "bjets mass"; "jets mass distribution"): each jet's own mass. Not "jets mass" after "di",
    "two" or "invariant", which name a pair."""
    if re.match(r"\s*mass(?:es)?\b", text[end:]) is not None:
        return re.search(_PAIR_BEFORE, text[max(0, end - 40) : end]) is None
    # "the jet mass of the AK4 jets": the compound before the jets named again; "the fat jet
    # mass for fat jets with pt > 400 GeV": the jets it is filled for (was: the pair's mass)
    for m in re.finditer(r"\b(?:b|fat)?jets?\s+mass(?:es)?\b", text[:end]):
        if re.search(_PAIR_BEFORE, text[max(0, m.end() - 45) : m.end()]) is None and re.match(
            r"\s+(?:of|for)\s+(?:the\s+|all\s+)?(?:selected\s+)?(?:ak[48]\s+)?(?:b|fat\s?)?jets?\b",
            text[m.end() :],
        ):
            return True
    return False


_PAIR_BEFORE = (
    r"(?:\bdi-?|\btwo\s+|\b2\s+|\binvariant\s+|\bpair\s+)[a-z0-9-]*\s*jets?(?:\s+mass(?:es)?)?$"
)
