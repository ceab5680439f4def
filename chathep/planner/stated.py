"""Readings a physicist could take two ways, made one way and said so in the plan.

Two steps around the planner (:func:`chathep.planner.planner.plan_request`):

* :func:`rewrite` turns a wording the rules misread into the wording they read right, and says
  what it read ("plot the leading jet pT for muons above 10 GeV": the muons select the events,
  the jet is plotted; "the mass of the jets": each jet's mass; "the DoubleMuon primary
  dataset": the DoubleMuon data stream; "muons with pT in the range 20-100 GeV": a cut);
* :func:`state` adds to a finished plan the sentence that says which of two readings it took
  where the plan did not say it ("the muon pT in the range 20-100 GeV": the histogram's axis,
  no cut; "in Z events": the DY sample; the Z's lepton flavour; "now the muon pT" after "the
  leading jet pT": still the leading one).

Nothing here changes a reading silently: each rewrite comes with its note.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import chathep.regex as re
from chathep.planner.branch_words import branch_question, branch_requirement
from chathep.planner.count_words import alternative_question, count_alternative
from chathep.registry.streams import STREAMS

if TYPE_CHECKING:
    from chathep.catalog import Catalog
    from chathep.planner.planner import Plan

_OBJECTS = {
    "jet": r"(?:b-?)?jets?",
    "muon": r"muons?",
    "electron": r"electrons?",
    "photon": r"photons?",
    "tau": r"taus?",
}
#: a field as the physicist writes it
_WORD = {"pt": "pT", "eta": "eta", "phi": "phi", "mass": "mass"}
_LEPTONS = r"(?P<obj>muons|electrons|leptons|photons|taus)"
_ABOVE = (
    r"(?:(?:with\s+)?(?:pt|p_t|p_\{t\}|transverse\s+momentum)\s*)?(?:above|over|>|greater\s+than)"
)
_GEV = r"\s*-?\d+(?:\.\d+)?\s*gev\b"


def _other_object_before(text: str, start: int, obj: str) -> bool:
    """An object other than ``obj`` (a plural word) is named before ``start``: it is plotted."""
    kind = next(k for k, w in _OBJECTS.items() if re.fullmatch(w, obj))
    before = text[:start]
    return any(
        re.search(rf"\b{w}\b", before) for k, w in _OBJECTS.items() if k != kind
    ) and not re.search(rf"\b(?:di-?)?{_OBJECTS[kind]}\b", before)


def _leptons_select_events(text: str, notes: list[str]) -> str:
    """ "the leading jet pT for muons above 10 GeV", "leading jet pT, muons above 10 GeV": the
    plotted object stays the jet; the muons above 10 GeV select the events (at least one)."""
    pattern = rf"(?P<lead>\bfor\s+|,\s*)(?:the\s+)?{_LEPTONS}(?P<cut>\s+{_ABOVE}{_GEV})"
    for m in reversed(list(re.finditer(pattern, text, re.IGNORECASE))):
        obj = m.group("obj").lower()
        if obj == "leptons" or not _other_object_before(text.lower(), m.start(), obj):
            continue
        said = text[m.start("obj") : m.end()].strip()
        lead = " for " if m.group("lead").strip() == "for" else ", "
        text = f"{text[: m.start()]}{lead}events with {obj}{m.group('cut')}{text[m.end() :]}"
        notes.append(
            f"'{said}' read as an event selection: events with at least one such {obj[:-1]}; "
            f"the {obj} are not plotted."
        )
    return text


def _mass_of_the_jets(text: str, notes: list[str]) -> str:
    """ "the mass of the jets": each jet's own mass (one entry per jet), not the dijet mass
    ("the dijet mass", "the mass of the two jets", "the invariant mass of the jet pair" stay
    the pair's mass)."""
    m = re.search(
        r"\b(?:the\s+)?mass(?:es)?\s+of\s+(?:the\s+)?(?:selected\s+)?(?P<rank>(?:leading|first"
        r"|hardest|sub-?leading|second|third)\s+)?(?P<kind>(?:b-?(?:tagged\s+)?|ak4\s+|ak8\s+"
        r"|fat[\s-]?|large[\s-]radius\s+)?jet)(?P<s>s)?\b"
        r"(?!'|\s*(?:pair|system|triplet|trijet|combination|candidate|quadruplet|\d|in\s+(?:each"
        r"|every)\s+event|and\b|plus\b|,|&))",
        text,
        re.IGNORECASE,
    )
    if m is None or re.search(
        # "the soft-drop mass of the leading AK8 jet": another mass than the jet's own
        r"\b(?:invariant|soft[\s-]?drop|sd|pruned|groomed|trimmed|transverse|regressed|corrected"
        r"|raw|visible|reduced|total|combined)\s+$",
        text[: m.start()],
        re.IGNORECASE,
    ):
        return text
    kind = m.group("kind").lower()
    if not m.group("s"):  # "the mass of the leading b-jet": that jet's own mass, no note
        return f"{text[: m.start()]}the {m.group('rank') or ''}{kind} mass{text[m.end() :]}"
    if m.group("rank"):
        return text
    fat = re.match(r"ak8|fat|large", kind) is not None
    branch = "FatJet_mass" if fat else "Jet_mass"
    if kind == "jet":
        pair = "say 'the dijet mass' for the mass of the two leading jets"
    else:
        pair = f"say 'the mass of the two leading {kind}s' for the mass of their pair"
    notes.append(
        f"'{m.group(0).strip()}' read as each {kind}'s own mass ({branch}, one entry per "
        f"selected {kind}); {pair}."
    )
    return f"{text[: m.start()]}the {kind} mass{text[m.end() :]}"


def _range_cut(text: str, notes: list[str]) -> str:
    """ "muons with pT in the range 20-100 GeV": a cut on the muons (20 < pT < 100 GeV)."""
    m = re.search(
        rf"\b{_LEPTONS.replace('photons', 'photons|jets')}\s+with\s+(?P<q>pt|p_t|transverse\s+"
        r"momentum)\s+in\s+the\s+(?:range|interval)\s+(?:of\s+|from\s+)?(?P<a>\d+(?:\.\d+)?)"
        r"\s*(?:gev\s*)?(?:-|–|to|and)\s*(?P<b>\d+(?:\.\d+)?)\s*gev\b",
        text,
        re.IGNORECASE,
    )
    if m is None:
        return text
    obj, a, b = m.group("obj"), m.group("a"), m.group("b")
    notes.append(
        f"'{m.group(0)}' read as a cut: {a} < pT < {b} GeV on the {obj.lower()} (the histogram "
        "axis keeps its default range)."
    )
    return f"{text[: m.start()]}{obj} with pT between {a} and {b} GeV{text[m.end() :]}"


def _primary_dataset(text: str, notes: list[str]) -> str:
    """ "from the DoubleMuon primary dataset": the data of that stream (a catalog sample)."""
    names = "|".join(re.escape(n) for n in STREAMS)
    m = re.search(rf"\b(?P<s>{names})\s+primary\s+(?P<d>datasets?|streams?)\b", text, re.I)
    if m is None:
        return text
    stream = next(n for n in STREAMS if n.lower() == m.group("s").lower())
    notes.append(
        f"'{m.group(0)}' read as the data of the {stream} stream (the catalog's {stream} data "
        "sample)."
    )
    return f"{text[: m.start()]}{stream} {m.group('d')}{text[m.end() :]}"


_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _leading_n(text: str, notes: list[str]) -> str:
    """ "the HT of the leading 3 jets": the 3 leading jets (by pT), not a count of 3 jets."""
    m = re.search(
        rf"\bthe\s+leading\s+(?P<n>[2-9]|{'|'.join(_COUNT)})\s+"
        r"(?P<obj>(?:b-?)?jets|muons|electrons|leptons|photons|taus)\b",
        text,
        re.IGNORECASE,
    )
    if m is None:
        return text
    n = _COUNT.get(m.group("n").lower(), m.group("n"))
    notes.append(
        f"'{m.group(0)}' read as the {n} leading {m.group('obj')} (by pT), not as a number of "
        f"{m.group('obj')} required."
    )
    return f"{text[: m.start()]}the {n} leading {m.group('obj')}{text[m.end() :]}"


_ONE = {"one": 1, "1": 1, "two": 2, "2": 2, "a": 1, "an": 1, "single": 1}
_OTHER_LEPTON = {"muon": "electrons", "electron": "muons"}


def _no_additional_leptons(text: str, notes: list[str]) -> str:
    """ "events with one isolated muon with pT > 26 GeV and no additional leptons": exactly that
    many muons and no electrons (a lepton veto), with the selection's own object definitions
    (no looser veto definition), said in the plan. "no additional muons": exactly that many."""
    m = re.search(
        r"\b(?P<exactly>exactly\s+)?(?P<n>one|1|two|2|a|an|single)\s+(?P<adj>(?:(?:isolated|"
        r"tight|good|selected|well-identified|identified|prompt)\s+)*)(?P<obj>muon|electron)s?\b"
        r"(?P<mid>[^.;()]{0,60}?)\s*,?\s*(?:(?:and|but|with)\s+(?:no|zero|0)|(?:and\s+)?(?:veto"
        r"|vetoing|reject|rejecting)(?:\s+events\s+with)?(?:\s+any)?)\s+(?:additional|other"
        r"|further|extra|more)\s+(?P<veto>(?:light\s+|charged\s+)?leptons?|muons?|electrons?)\b",
        text,
        re.IGNORECASE,
    )
    if m is None or re.search(r"\d|\b(?:and|or)\b", m.group("adj")):
        return text
    if re.match(
        r"\s*(?:with|above|over|of|>|having|passing|that|which|within|in\s+the)\b",
        text[m.end() :],
        re.IGNORECASE,
    ):
        return text  # the veto has a definition of its own ("with pT above 10 GeV"): the rules'

    n, obj = _ONE[m.group("n").lower()], m.group("obj").lower()
    veto = m.group("veto").lower()
    if re.search(r"\b(?:and|or|no|not|without)\b|\b(?:muon|electron|lepton|jet)", m.group("mid")):
        return text  # another object or a second count between them: left to the rules
    objects = f"{obj}s" if n > 1 else obj
    counted = f"exactly {n} {m.group('adj')}{objects}{m.group('mid')}"
    if veto.startswith(obj):  # "one muon and no additional muons": exactly one
        notes.append(f"'{' '.join(m.group(0).split())}' read as exactly {n} {objects}.")
        return f"{text[: m.start()]}{counted}{text[m.end() :]}"
    if veto.startswith(_OTHER_LEPTON[obj][:-1]) or "lepton" in veto:
        other = _OTHER_LEPTON[obj]
        notes.append(
            f"'{' '.join(m.group(0).split())}' read as exactly {n} {objects} and no {other} "
            f"(leptons: electrons and muons; the veto uses the same {other[:-1]} and {obj} "
            f"definitions as the selection: say e.g. 'no {other} with pT > 10 GeV' for a looser "
            "veto)."
        )
        return f"{text[: m.start()]}{counted} and no {other}{text[m.end() :]}"
    return text


_N = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"


def _count_range(text: str, notes: list[str]) -> str:
    """ "events with at least 2 and at most 4 jets": one selection, 2 <= n <= 4 (the regions
    reader would make two histograms of it, one per bound)."""
    m = re.search(
        rf"(?:\bat\s+least\s+|>=\s*){_N}\s+(?:and|but)\s+(?:at\s+most\s+|no\s+more\s+than\s+"
        rf"|not\s+more\s+than\s+|<=\s*){_N}\s+(?P<obj>(?:b-?)?jets?|bjets?|muons?|electrons?|leptons?|photons?|taus?)\b",
        text,
        re.IGNORECASE,
    )
    if m is None:
        return text
    obj = m.group("obj")
    notes.append(f"'{m.group(0)}' read as one selection: {m.group(1)} to {m.group(2)} {obj}.")
    return f"{text[: m.start()]}between {m.group(1)} and {m.group(2)} {obj}{text[m.end() :]}"


_BOTH_LEADING = re.compile(
    r"^\s*(?P<head>(?:plot\s+|show\s+)?(?:the\s+)?(?:invariant\s+)?mass\s+of\s+the\s+"
    r"(?:two|2)\s+leading\s+(?P<obj>(?:b-?)?jets|muons|electrons|photons))\s*,?\s+"
    r"(?:if|when|provided(?:\s+that)?|given\s+that)\s+both\s+(?:have|has)\s+(?:a\s+)?"
    r"(?P<cut>(?:pt|p_t|transverse\s+momentum)\s*(?:>|above|over|greater\s+than)\s*"
    r"(?P<value>\d+(?:\.\d+)?)(?:\s*gev)?)\s*\.?\s*$",
    re.IGNORECASE,
)


def _both_leading(text: str, notes: list[str]) -> str:
    """ "the mass of the two leading jets if both have pT > 50": the pair of the two leading
    jets in events where both are above 50 GeV, which is exactly the pair of the two leading
    jets above 50 GeV (a lower jet is softer still): read as that cut, said (was asked)."""
    m = _BOTH_LEADING.match(text)
    if m is None:
        return text
    obj, value = m.group("obj").lower(), float(m.group("value"))
    said = text[m.end("head") :].strip(" ,.")
    notes.append(
        f"'{said}' read as a {obj[:-1]} pT cut of {value:g} GeV: the two "
        f"leading {obj} above it are the same pair, in the same events, as the two leading "
        f"{obj} when both pass it."
    )
    return f"{m.group('head')}, both with {m.group('cut')}"


def rewrite(text: str) -> tuple[str, list[str]]:
    """The request in the wording the rules read as meant, and a note for each change."""
    notes: list[str] = []
    for step in (
        _leptons_select_events,
        _mass_of_the_jets,
        _range_cut,
        _primary_dataset,
        _leading_n,
        _no_additional_leptons,
        _count_range,
        count_alternative,
        branch_requirement,
        _both_leading,
        _bare_mt_cut,
        _number_of_events,
        _corrections_on_the_mc,
        _changed_count,
        _stacked_mc,
        _mc_normalised,
        _two_and_two,
        _veto_of_any_kind,
    ):
        text = step(text, notes)
    return text, notes


_STACKED_MC = re.compile(
    r"\bstack(?:ed)?\s+(?:the\s+)?(?:mc|simulation|monte[\s-]carlo)(?:\s+samples?)?\b"
    r"|\b(?:the\s+)?(?:mc|simulation)\s+(?:samples?\s+)?stacked\b",
    re.IGNORECASE,
)


#: a request that names the data or a sample itself: its MC words may choose the samples
_NAMES_SAMPLES = re.compile(r"\bdata\b|\bdy\b|drell|ttbar|tt̄|\bz\s*\+", re.IGNORECASE)


def _mc_words_not_samples(text: str, notes: list[str], pattern: re.Pattern[str], note: str) -> str:
    """``text`` without the MC words ``pattern`` finds, which say how the simulation is drawn
    or scaled, not that the MC samples alone are shown (was: the data dropped, no word); with
    ``note``. Left as written where the request names the data or a sample itself."""
    m = pattern.search(text)
    if m is None or _NAMES_SAMPLES.search(text):
        return text
    notes.append(note)
    rest = (text[: m.start()] + " " + text[m.end() :]).strip(" ,;.")
    return rest if re.search(r"\w", rest) else "same plot again"


def _stacked_mc(text: str, notes: list[str]) -> str:
    """ "stack the MC", "dimuon mass, MC stacked": the simulation is drawn stacked by process
    (as it is); the data are kept."""
    return _mc_words_not_samples(text, notes, _STACKED_MC, (
        "The simulation is drawn stacked by process, with the data on top (as by default); "
        "the data are not dropped (say 'MC only' to show the simulation alone)."
    ))  # fmt: skip


_ANY_KIND_VETO = re.compile(
    r"\b(?:no|without\s+any|zero|0)\s+(?P<rec>reconstructed\s+)?(?P<kind>muon|electron|lepton"
    r"|photon|tau)s?\b(?P<any>\s*,?\s*(?:at\s+all|of\s+any\s+(?:kind|type|quality)|whatsoever))?",
    re.IGNORECASE,
)


def _veto_of_any_kind(text: str, notes: list[str]) -> str:
    """ "MET for events with no muons at all", "without any muon, of any kind", "no
    reconstructed muons": a veto of every muon, the default cuts not applied (said by the
    plan; was: a veto of the tight, isolated muons above 20 GeV only)."""
    for m in reversed(list(_ANY_KIND_VETO.finditer(text))):
        if not (m.group("rec") or m.group("any")):
            continue
        kind = m.group("kind").lower()
        lead = "with no" if m.group(0).lower().startswith("without") else "no"
        text = f"{text[: m.start()]}{lead} {kind}s (any {kind}, no ID){text[m.end() :]}"
    return text


_TWO_AND_TWO = re.compile(
    r"\b(?:(?:four[\s-]lepton|invariant)\s+)?mass\s+of\s+(?:the\s+)?(?:two|2)\s+(?:\w+\s+)?"
    r"(?:electrons|muons)\s+(?:and|plus|\+)\s+(?:the\s+)?(?:two|2)\s+(?:\w+\s+)?(?:muons|electrons)\b",
    re.IGNORECASE,
)


def _two_and_two(text: str, notes: list[str]) -> str:
    """ "the mass of two electrons and two muons": the 2e2mu four-lepton mass (asked as such),
    not the dielectron mass with two muons required (was: no word)."""
    m = _TWO_AND_TWO.search(text)
    if (
        m is None
        or not re.search(r"electron", m.group(0), re.I)
        or not re.search(r"muon", m.group(0), re.I)
    ):
        return text
    return f"{text[: m.start()]}2e2mu mass{text[m.end() :]}"


_MC_NORMALISED = re.compile(
    r"\b(?:with\s+)?(?:the\s+)?(?:mc|simulation|monte[\s-]carlo)(?:\s+samples?)?\s+(?:is\s+|are\s+)?"
    r"(?=(?:normali[sz]ed|scaled)\s+to\s+\d)",
    re.IGNORECASE,
)


def _mc_normalised(text: str, notes: list[str]) -> str:
    """ "the dimuon mass with the MC normalized to 59.7 fb-1": how the simulation is scaled;
    the data are kept."""
    return _mc_words_not_samples(text, notes, _MC_NORMALISED, (
        "The MC words name how the simulation is normalised, not the samples: the data are "
        "kept (say 'MC only' to show the simulation alone)."
    ))  # fmt: skip


_COUNT_WORD = r"(?:\d+|zero|one|two|three|four|five|six|seven|eight)"
_COUNTED = r"(?:b-?)?jets?|muons?|electrons?|leptons?|photons?|taus?"
#: "4 jets -> 3 jets", "change 4 jets to 3 jets", "replace the 4 jets by 3": a new count
_CHANGED_COUNT = re.compile(
    rf"^\s*(?:(?:now|ok|okay|please|and)[\s,]+)*(?:change|replace|switch|go\s+from|move\s+from|"
    rf"lower|reduce|raise|increase)?\s*(?:the\s+)?(?:(?:requirement|cut)\s+(?:of|on)\s+)?"
    rf"(?P<a>{_COUNT_WORD})\s+(?P<kind>{_COUNTED})\s*(?:->|→|=>|\bto\b|\binto\b|\bby\b|\bwith\b)\s*"
    rf"(?P<b>{_COUNT_WORD})(?:\s+(?P<kind2>{_COUNTED}))?\s*(?:instead)?\s*[.!]?\s*$",
    re.IGNORECASE,
)


def _changed_count(text: str, notes: list[str]) -> str:
    """ "4 jets -> 3 jets", "change 4 jets to 3 jets": "3 jets instead" (was: the first count
    kept, "'3 jets' read as at least 3" said)."""
    m = _CHANGED_COUNT.match(text)
    if m is None:
        return text
    kind = m.group("kind").lower()
    if m.group("kind2") and m.group("kind2").lower().rstrip("s") != kind.rstrip("s"):
        return text  # "4 jets to 3 b-jets": another kind, left to the rules (asked)
    plural = kind if kind.endswith("s") else f"{kind}s"
    return f"{m.group('b')} {plural} instead"


#: the plotted transverse mass of one object and the MET: "the mT of the leading muon and the
#: MET", "transverse mass of the electron and MET", "the muon-MET mT"
_PLOTTED_MT = re.compile(
    r"\b(?:m_?\{?t\}?|transverse\s+mass)\s+of\s+(?:the\s+)?(?P<rank>leading\s+|highest[\s-]pt\s+)?"
    r"(?P<obj>muon|electron|lepton|jet|photon|tau)\s+and\s+(?:the\s+)?(?:pf\s+|puppi\s+)?(?:met|missing"
    r"\s+(?:transverse\s+)?(?:momentum|energy|e_?t|p_?t))\b",
    re.IGNORECASE,
)
#: a cut on a bare "mT" in a condition after it: "for events with mT between 60 and 100 GeV",
#: "where mT > 50", "requiring mT(mu, MET) > 50 GeV"
_BARE_MT_CUT = re.compile(
    r"\b(?P<cond>(?:for|in|with|where|when|requiring|require|and)\s+(?:(?:events?|those)\s+)?"
    r"(?:with\s+|where\s+|having\s+)?(?:an?\s+|the\s+)?)(?P<mt>m_?\{?t\}?(?:\s*\([^()]{0,20}\))?"
    r"|transverse\s+mass(?:\s*\([^()]{0,20}\))?)(?=\s*(?:[<>]=?|between\b|from\b|in\s+the\s+range"
    r"|above\b|below\b|over\b|under\b|of\s+at\s+(?:least|most)\b|greater\b|less\b|larger\b"
    r"|smaller\b|exceed|(?:is\s+|to\s+be\s+)(?:above|below|between|greater|less|at)))",
    re.IGNORECASE,
)


#: "..., number of MC events", "and the number of selected events": the event yields
_NUMBER_OF_EVENTS = re.compile(
    r"\s*(?:,|;|\band\b|\bplus\b|\balso\b)\s*(?:(?:also|give|show|print|report)\s+(?:me\s+)?)?"
    r"(?:the\s+)?(?:total\s+)?(?:number|count)\s+of\s+(?:mc|simulated|data|selected|expected|observed"
    r"|signal|background|passing|accepted|raw|weighted)?\s*events\b(?:\s+(?:per\s+sample|in\s+each"
    r"\s+sample|after\s+(?:the\s+)?(?:selection|cuts)|passing\s+(?:the\s+)?(?:selection|cuts)))?"
    r"(?=\s*(?:[,;.]|$))",
    re.IGNORECASE,
)


def _number_of_events(text: str, notes: list[str]) -> str:
    """ "ttbar leading jet pT, number of MC events": the number of events of each sample is
    in the answer's yields (was: a histogram of the number of jets added, no note)."""
    m = _NUMBER_OF_EVENTS.search(text)
    if m is None or not text[: m.start()].strip():
        return text
    notes.append(
        f"'{m.group(0).strip(' ,;')}': the number of events of each sample after the selection "
        "is in the answer's yields (and cutflow), not a histogram."
    )
    return f"{text[: m.start()]}{text[m.end() :]}"


_MC = r"(?:the\s+)?(?:mc|simulation|simulated\s+(?:samples?|events)|monte[\s-]carlo)"
#: "JEC applied to the MC", "apply b-tag SFs to the MC", "the MC reweighted for pileup": where
#: the correction goes, not which samples run
_ON_THE_MC = re.compile(
    rf"\b(?P<verb>appl(?:y|ied|ying)|us(?:e|ed|ing)|reweight(?:ed|ing)?|correct(?:ed|ing)?)\b"
    rf"(?P<what>[^,;.]{{0,50}}?)\s+(?:to|on|for|in)\s+{_MC}\b(?!\s+(?:only|alone))"
    rf"|\b{_MC}\s+(?:is\s+|are\s+)?reweighted\s+(?:for|to|with)\s+(?:the\s+)?(?P<pu>pile-?up|pu)\b",
    re.IGNORECASE,
)


def _corrections_on_the_mc(text: str, notes: list[str]) -> str:
    """ "dimuon mass with the MC reweighted for pileup", "apply b-tag SFs to the MC": the
    correction is of the simulation, the data still run (was: the MC alone, no note)."""
    m = _ON_THE_MC.search(text)
    if m is None:
        return text
    new = "pileup reweighting" if m.group("pu") else f"{m.group('verb')}{m.group('what')}"
    notes.append(
        f"'{m.group(0).strip()}': the correction applies to the simulation; the samples are "
        "the request's (data and simulation unless it names them)."
    )
    return f"{text[: m.start()]}{new}{text[m.end() :]}"


def _bare_mt_cut(text: str, notes: list[str]) -> str:
    """ "the mT of the leading electron and the MET, for events with mT between 60 and 100
    GeV": the bare "mT" of the condition is the plotted one (was: the axis range only, no cut;
    "mT > 50" was asked). Said."""
    plotted = _PLOTTED_MT.search(text)
    if plotted is None:
        return text
    m = _BARE_MT_CUT.search(text, plotted.end())
    if m is None:
        return text
    inner = re.search(r"\(([^()]*)\)", m.group("mt"))
    if inner and not re.fullmatch(
        rf"\s*(?:w|{plotted.group('obj')[0]}|{plotted.group('obj')}|l|lep|\\?mu)\s*"
        r"(?:,\s*(?:met|e_?t\^?miss|p_?t\^?miss|\\?nu|v))?\s*",
        inner.group(1),
        re.IGNORECASE,
    ):
        return text  # "mT(jet, MET)": another transverse mass than the plotted one
    rank = "leading " if plotted.group("rank") else ""
    full = f"the mT of the {rank}{plotted.group('obj').lower()} and the MET"
    notes.append(
        f"'{m.group('mt').strip()}' in the selection read as the plotted transverse mass "
        f"({full.removeprefix('the ')})."
    )
    return f"{text[: m.start('mt')]}{full}{text[m.end('mt') :]}"


def asked(text: str) -> str | None:
    """A wording of the (rewritten) request with two readings the rewrites do not choose
    between: its question ("events with 1 or 3 jets": one histogram per count, or the range;
    "the jet pT with Muon_tightId": a branch of objects the request does not name)."""
    return alternative_question(text) or branch_question(text)


# --- stated after planning ----------------------------------------------------------------


def _axis_range(text: str, plan: Plan) -> str | None:
    """ "the muon pT in the range 20-100 GeV": the histogram's axis, not a cut; said."""
    m = re.search(
        r"\bin\s+(?:the\s+(?:range|interval)\s+)?(?:of\s+|from\s+)?(?P<a>-?\d+(?:\.\d+)?)\s*"
        r"(?:gev\s*)?(?:-|–|to)\s*(?P<b>-?\d+(?:\.\d+)?)\s*(?P<u>gev)?",
        text,
        re.IGNORECASE,
    )
    if m is None or plan.spec is None:
        return None
    a, b = float(m.group("a")), float(m.group("b"))
    axes = [(h.start, h.stop) for h in plan.spec.histograms]
    if (a, b) not in axes:
        return None
    unit = " GeV" if m.group("u") else ""
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    objects = {o.name for o in plan.spec.objects}
    cut = (
        f" (say '{obs.of} with {_WORD.get(str(obs.field), obs.field)} between {a:g} and "
        f"{b:g}{unit}' to cut)"
        if obs.kind == "field" and obs.of in objects and obs.index is None
        else ""
    )
    return (
        f"'{m.group(0).strip()}' read as the histogram's axis ({a:g} to {b:g}{unit}); no cut was "
        f"applied: values outside it are kept, only not on the axis{cut}."
    )


_Z_FLAVOUR = re.compile(
    r"\bz\s*(?:->|→|to)\s*(?:mu|ee|e\s*e|e\+|μ)|\b(?:muon|electron|dimuon|dielectron|mumu|ee)"
    r"\s+(?:channel|final\s+state|decays?)",
    re.IGNORECASE,
)
#: Z words that name the Drell-Yan sample (not "DY" or "Drell-Yan": the sample's own names,
#: said by the plan's sample list already)
_Z_SAMPLE = re.compile(r"\bz\s*(?:\+|plus)\s*jets?\b|\bz\s+events\b", re.IGNORECASE)


def _z_reading(text: str, plan: Plan) -> str | None:
    """Which reading of the Z the plan took: the DY sample ("in Z events", "Z+jets") or a
    Z -> ll candidate selection ("in Z boson events", "events from the Z"), with its flavour."""
    spec = plan.spec
    if spec is None or any("Z read as" in n or "Z -> " in n for n in plan.notes):
        return None
    zcand = next((c for c in spec.combinations if c.name == "zcand"), None)
    if zcand is not None and len(zcand.inputs) > 1:
        # "in Z -> ll events": a same-flavour pair of either lepton flavour
        kinds = " or ".join(spec.object(i).source.lower() for i in zcand.inputs)
        return (
            f"The Z read as an event selection: events with a Z -> ll candidate (an "
            f"opposite-charge, same-flavour {kinds} pair near the Z mass), both channels. "
            "(Say 'in Z events' for the Drell-Yan simulation sample instead.)"
        )
    if zcand is not None:
        source = spec.object(zcand.inputs[0]).source if zcand.inputs else ""
        flavour = {"Muon": "muon", "Electron": "electron"}.get(source)
        if flavour is None:
            return None
        word, other = {"muon": ("Z -> mumu", "Z -> ee"), "electron": ("Z -> ee", "Z -> mumu")}[
            flavour
        ]
        plotted = {spec.observable(h.observable).of for h in spec.histograms}
        if zcand.inputs[0] in plotted:
            why = f"the flavour of the plotted {flavour}s"
        elif _Z_FLAVOUR.search(text):
            why = "as asked"
        else:
            why = f"chosen (say '{other}' to change)"
        return (
            f"The Z read as an event selection: events with a {word} candidate (an "
            f"opposite-charge {flavour} pair near the Z mass), {why}; the {other} channel is "
            "not included. (Say 'in Z events' for the Drell-Yan simulation sample instead.)"
        )
    m = _Z_SAMPLE.search(text)
    if m is None or not isinstance(spec.samples, list) or not spec.samples:
        return None
    return (
        f"'{m.group(0)}' read as the Drell-Yan (Z+jets) sample: {', '.join(spec.samples)} only, "
        "no Z candidate selection (say 'in events with a Z boson candidate' to select Z -> ll "
        "events in data and simulation)."
    )


_INDEX_WORD = re.compile(
    r"\b(?:leading|subleading|sub-leading|first|second|third|hardest|[1-4](?:st|nd|rd|th))\b"
    r"|\b(?:each|every|all)\b",
    re.IGNORECASE,
)


def _kept_index(text: str, plan: Plan, previous: Plan | None) -> str | None:
    """ "now the muon pT" after "the leading jet pT": the leading muon, as before; said."""
    if previous is None or plan.spec is None or previous.spec is None:
        return None
    old, new = previous.draft, plan.draft
    if new.index is None or new.index != old.index or new.object == old.object:
        return None
    if new.object is None or old.object is None or _INDEX_WORD.search(text):
        return None
    ordinal = {0: "leading", 1: "subleading"}.get(new.index, f"number {new.index + 1}")
    return (
        f"The {ordinal} {new.object}, as before (one entry per event); say 'the "
        f"{_WORD.get(str(new.quantity), new.quantity)} of each selected {new.object}' for one "
        f"entry per {new.object}."
    )


_ONE_OBJECT = re.compile(r"(?<![\w-])(?:muon|electron|tau|photon|b-?jet|jet|lepton)s?\b", re.I)
_PAIR_SAID = re.compile(
    r"\bdi-?\w+|\bpairs?\b|\bsystem\b|\btwo\b|\bboth\b|\bcombined\b|\beach\b|\ball\b", re.I
)


def _kept_pair(text: str, plan: Plan, previous: Plan | None) -> str | None:
    """ "now the muon pT" or "now the tau pT" after "the dimuon mass": the pair's pT, as
    before; said (was: the dimuon or ditau pT with no note, although the words name one
    object's quantity)."""
    from chathep.planner.followup import _PAIR_WORDS, _QUANTITY_WORDS

    if previous is None or plan.spec is None or previous.spec is None:
        return None
    old, new = previous.draft, plan.draft
    if not (old.pair and new.pair) or (new.size or 2) != 2 or new.quantity == old.quantity:
        return None
    if new.object not in _PAIR_WORDS or new.object == "lepton" or new.quantity is None:
        return None
    if old.object == "emu" and old.object != new.object:  # another pair: asked in the planner
        return None
    if not _ONE_OBJECT.search(text) or _PAIR_SAID.search(text):
        return None
    obj = {"bjet": "b-jet"}.get(str(new.object), str(new.object))
    quantity = _QUANTITY_WORDS.get(new.quantity, new.quantity)
    return (
        f"The {_PAIR_WORDS[str(new.object)]} {quantity}: of the pair of the two leading {obj}s, "
        f"as before; say 'the {quantity} of each {obj}' for one entry per {obj}."
    )


_EVENTS_WITH_FIELD = re.compile(
    r"\bevents?\s+(?:with|where|in\s+which)\s+(?:the\s+)?(?P<obj>muon|electron|jet|photon|tau)s?"
    r"(?:'s)?\s+(?:pt|p_t|p_\{t\}|transverse\s+momentum)\s*(?:is\s+|are\s+)?"
    r"(?:>|>=|above|over|greater\s+than|larger\s+than|exceeding)\s*(?P<v>\d+(?:\.\d+)?)",
    re.IGNORECASE,
)


def _field_cut_as_definition(text: str, plan: Plan) -> str | None:
    """ "the dimuon pT for events with muon pT > 200": read as the muon definition (every muon
    used, both of the pair, above 200), not as one muon above it; said where the reading
    matters -- the plot uses two or more of those objects (was: no word)."""
    spec = plan.spec
    m = _EVENTS_WITH_FIELD.search(text)
    if spec is None or m is None:
        return None
    kind, value = m.group("obj").lower(), float(m.group("v"))
    source = {"muon": "Muon", "electron": "Electron", "jet": "Jet", "photon": "Photon",
              "tau": "Tau"}[kind]  # fmt: skip
    cut_objects = [
        o.name
        for o in spec.objects
        if o.source == source
        and any(c.field == "pt" and c.op in (">", ">=") and c.value == value for c in o.cuts)
    ]
    if not cut_objects:
        return None
    used = {i for c in spec.combinations for i in c.inputs if c.size >= 2}
    for h in spec.histograms:
        obs = spec.observable(h.observable)
        if obs.kind in ("count", "ht") or (obs.kind == "field" and obs.index is None):
            used.add(str(obs.of))
    hit = next((n for n in cut_objects if n in used), None)
    if hit is None:
        return None
    return (
        f"'{m.group(0).strip()}' read as the {kind} definition: every {kind} used has pT > "
        f"{value:g} GeV (all {kind}s of the plot, not one of them); say 'the leading {kind} "
        f"above {value:g} GeV' to cut one {kind} only."
    )


#: an object kind as the plan's notes name it
_EVERY_WORDS = {"bjet": "b-jet", "fatjet": "fat jet"}


def _every_object(plan: Plan, notes: list[str]) -> list[str]:
    """ "the pT of every jet", "all muons", "muons with no cuts at all": every object as written,
    with none of the default definition's cuts -- which ones are not applied is said (was: the
    plan showed no cut and no line saying so)."""
    from chathep.planner.build import STYLES, _object_def
    from chathep.planner.draft import WAIVABLE

    draft, spec = plan.draft, plan.spec
    if spec is None or draft.as_written:
        return []
    names = [o.name for o in spec.objects]
    out = []
    reqs = [(k, r, k) for k, r in draft.requirements.items() if k != "lepton"]
    if "lepton" in draft.requirements:  # "all leptons": the muons and the electrons merged
        reqs += [(k, draft.requirements["lepton"], "lepton") for k in ("muon", "electron")]
    for kind, req, said in reqs:
        style = STYLES.get(kind)
        waived = set(req.without or [])
        if style is None or style.name not in names or not waived >= set(WAIVABLE) - {"cleaning"}:
            continue
        if any(n.startswith(f"No {said} requirement on ") for n in notes):
            continue  # a follow-up's waiver, said as such (followup._waived_note)
        usual: list[str] = []
        applied: list[str] = []
        before = names[: names.index(style.name)]
        try:
            # the user's own values stay (a stated pT cut is no default left out)
            _object_def(kind, req.model_copy(update={"without": None}), before, usual)
            _object_def(kind, req, before, applied)
        except Exception:  # noqa: BLE001 -- a kind with no default definition to name
            continue
        prefix = f"{style.word}: "
        kept = {c for d in applied if d.startswith(prefix) for c in d[len(prefix) :].split(", ")}
        cuts = [
            c
            for d in usual
            if d.startswith(prefix)
            for c in d[len(prefix) :].split(", ")
            if c not in kept  # (the b-tag of "all b-jets" stays: it is what a b-jet is)
        ]
        if not cuts:
            continue
        word = _EVERY_WORDS.get(kind, kind)
        out.append(
            f"Every {word}, as written: the default {word} cuts are not applied ({', '.join(cuts)}"
            f"); say 'the selected {_EVERY_WORDS.get(said, said)}s' to apply them."
        )
    return out


def eras_mixed(plan: Plan, catalog: Catalog) -> Plan:
    """The plan with a note when its samples are of more than one era ("the dimuon mass, data
    vs DY + ttbar": 2018 data and DY beside the 2022 ttbar at 13.6 TeV; was: no word in the
    plan, only the plot's label)."""
    spec = plan.spec
    if spec is None or not isinstance(spec.samples, list):
        return plan
    eras: dict[str, list[str]] = {}
    energy: dict[str, float] = {}
    for name in spec.samples:
        try:
            sample = catalog[name]
        except KeyError:
            continue
        eras.setdefault(str(sample.era), []).append(name)
        energy[str(sample.era)] = sample.sqrt_s_tev
    if len(eras) < 2:
        return plan
    listing = "; ".join(
        f"{era} ({energy[era]:g} TeV): {', '.join(names)}" for era, names in sorted(eras.items())
    )
    note = (
        f"The samples are of different eras: {listing}. They are compared as asked, but the "
        "conditions (energy, detector, calibrations) differ; say e.g. 'only the 2018 samples' "
        "to keep one era."
    )
    if note in plan.notes:
        return plan
    return dataclasses.replace(plan, notes=[*plan.notes, note])


def state(plan: Plan, request: str, said: list[str], previous: Plan | None) -> Plan:
    """The plan of ``request`` with the rewrites' notes and the readings it took stated."""
    notes = list(plan.notes)
    if plan.ok:
        notes += [n for n in said if n not in notes]
        for note in (
            _axis_range(request, plan),
            _z_reading(request, plan),
            _kept_index(request, plan, previous),
            _kept_pair(request, plan, previous),
            _field_cut_as_definition(request, plan),
        ):
            if note is not None and note not in notes:
                notes.append(note)
        notes += [n for n in _every_object(plan, notes) if n not in notes]
    if notes == plan.notes and plan.request == request:
        return plan
    return dataclasses.replace(plan, request=request, notes=notes)
