"""Several plots in one request, each of its own objects: "Left side: HT distribution. Right
side: m(j1j2) distribution.", "two histograms, one for the leading jet pT and one for the MET",
"the dimuon mass and the leading muon pT".

The draft holds one plotted object (with more quantities of that object, or event quantities,
in ``also``). A list of plots of different objects is split into one request per plot
(:func:`split_plots`); each is planned alone, and the specs are merged (:func:`merge_specs`)
into one analysis with one histogram per plot. The parts must agree on the samples, era,
luminosity and corrections, and on the definition of every object and combination they share;
each histogram is filled from the events of its own part's selection steps (``Histogram.steps``),
and that is said in the plan. Otherwise the planner asks (the single-plan question).
"""

from __future__ import annotations

from collections.abc import Callable

import chathep.regex as re
from chathep.planner.draft import Draft
from chathep.spec import AnalysisSpec

_NUMBER = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_VERB = r"(?:plot|show|draw|make|histogram|fill|give|compare|produce|create)"
_ITEM_SEP = r"\s*(?:,\s*and|,|;|\band\b)\s*"
#: "Left side: ... Right side: ...", "Top panel - ...", "(a) ... (b) ..."
_SIDE = (
    r"(?:left|right|top|bottom|upper|lower|middle|centre|center)"
    r"(?:\s+(?:side|panel|plot|figure|column))?"
)


#: "let's", "we want to", "now", "can you": words before the verb of a list of plots
_LEAD_IN = (
    r"(?:(?:let'?s|let\s+us|now|please|(?:can|could|would)\s+you|"
    r"(?:we|i)\s+(?:want|would\s+like|will|can|need|wish)\s+to)\s+)*"
)
#: "(make) a plot comparing", "(draw) one figure showing": the verb's object, before the list
_FIGURE_NOUN = (
    r"(?:a|one|the)\s+(?:single\s+)?(?:plot|histogram|figure|canvas|distribution)\s+"
    r"(?:comparing|of|showing|with|overlaying|for)\s+"
)
_FIGURE = rf"(?:{_FIGURE_NOUN})?"


#: "(Differential) cross sections are measured as a function of A, B and C": one distribution
#: of each (the parser says that no cross section is measured)
_MEASURED_AS = (
    r"\s*(?:(?:the\s+)?(?:differential\s+|fiducial\s+)*cross[- ]sections?\s+(?:are|is|were|was)\s+)"
    r"(?:measured|shown|presented|reported|studied)\s+as\s+(?:a\s+)?functions?\s+of\s+"
)


def _strip(item: str) -> str:
    item = re.sub(r"\s*\((?:left|right|top|bottom|middle|[a-d])\)\s*", " ", item, flags=re.I)
    return item.strip(" .,;:")


def _as_request(item: str) -> str:
    item = _strip(item)
    if re.match(rf"\s*{_VERB}\b", item, re.I):
        return item
    return f"plot {item}"


#: a binning said in one part of a split ("50 bins", "binning", "bin width")
_BINNING = r"\b\d+\s+bins?\b|\bbinn(?:ed|ing)\b|\bbin\s+(?:width|size)\b"


def binning_of_last_only(parts: list[str]) -> bool:
    """A binning said only after the last plot of a split ("plot Muon_dz and PV_z with 50
    bins from -0.1 to 0.1"): it may be every plot's or the last one's, so the split is not
    certain (it was the last plot's only, and the first plot silently got a default)."""
    return (
        len(parts) > 1
        and re.search(_BINNING, parts[-1], re.I) is not None
        and not any(re.search(_BINNING, p, re.I) for p in parts[:-1])
    )


def split_plots(text: str) -> list[str] | None:
    """The request as one request per plot, when it lists plots of different things; None when
    it does not (or the split is not certain)."""
    # "Left side: HT distribution. Right side: m(j1j2) distribution."
    sides = list(re.finditer(rf"(?:^|[.;]\s*|\s)({_SIDE})\s*[:\-\u2013]\s*", text, re.I))
    if len(sides) >= 2:
        items = [
            text[m.end() : (sides[i + 1].start() if i + 1 < len(sides) else len(text))]
            for i, m in enumerate(sides)
        ]
        head = text[: sides[0].start()].strip(" .;:")
        if not head or not re.search(r"\w", head) or re.fullmatch(r"(?i)figure\s*\d*", head):
            return [_as_request(i) for i in items if _strip(i)]
        return None
    # "A (left) and B (right)"
    marked = re.split(
        r"\s*\((?:left|right|top|bottom)\)\s*(?:,\s*and|and|,|;)?\s*", text, flags=re.I
    )
    if len(marked) >= 3 and not _strip(marked[-1]):
        items = [_strip(i) for i in marked[:-1]]
        verb = re.match(rf"\s*(?:please\s+)?{_VERB}\b\s*", items[0], re.I)
        prefix = verb.group(0) if verb else ""
        return [_as_request(items[0])] + [_as_request(prefix + i) for i in items[1:]]
    # "we are interested in comparing two key kinematic variables: the MET and the number of
    # jets in each event": each item in the place of the counted list (the head's words stay)
    m = re.search(
        r"\b(two|three|four|[234])\s+(?:(?:key|main|important|kinematic|different|following"
        r"|basic|interesting|separate|event)\s+){0,2}(?:variables|quantities|distributions"
        r"|observables|histograms|plots)\s*:\s*(.+?)[.\s]*$",
        text,
        re.I,
    )
    if m:
        body = m.group(2)
        tail = re.search(
            r"\s+(?:in|for|from|of)\s+(?:all\s+|each\s+|every\s+)?events?\b.*$", body, re.I
        )
        shared = tail.group(0) if tail else ""
        body = body[: tail.start()] if tail else body
        items = [i.strip() for i in re.split(_ITEM_SEP, body, flags=re.I) if i.strip()]
        # "two histograms: one for the leading muon pT and one for the MET"
        items = [re.sub(r"(?i)^one\s+(?:for|of|with|showing)\s+", "", i) for i in items]
        head = text[: m.start()].strip()
        if len(items) == _NUMBER[m.group(1).lower()]:
            return [f"{head} {i}{shared}" if head else _as_request(i + shared) for i in items]
        return None
    # "Make two histograms, one for the transverse mass and one for the mass."
    m = re.search(
        r"\b(two|three|four|[234])\s+(?:separate\s+)?(?:histograms|plots|distributions)\b"
        r"[^:.;]*?[:,]?\s*(one\s+(?:for|of|with|showing)\b.*)$",
        text,
        re.I,
    )
    if m:
        parts = re.split(rf"{_ITEM_SEP}(?=one\s+(?:for|of|with|showing)\b)", m.group(2), flags=re.I)
        items = [re.sub(r"(?i)^one\s+(?:for|of|with|showing)\s+", "", p) for p in parts]
        # "In ttbar MC, make two histograms, ...": the words before the count are every plot's
        head = re.sub(rf"(?i)(?:\s*\b(?:please|{_VERB}|me|us|the|a)\b)+\s*$", "", text[: m.start()])
        head = head.strip(" ,;:")
        # "... and one for the MET, in ttbar MC": after a comma, the words are every plot's
        tail = re.search(r",\s*((?:in|for|from|using|with)\s+[^,]+?)[.\s]*$", items[-1], re.I)
        if tail:
            items = [*items[:-1], items[-1][: tail.start()]]
            head = f"{head}, {tail.group(1)}" if head else tail.group(1)
        if len(items) == _NUMBER[m.group(1).lower()]:
            return [f"{head}, {_as_request(i)}" if head else _as_request(i) for i in items]
        return None
    return None


#: "the pT of the leading and subleading muon": the pT of each (two plots)
_ORDINAL_PAIR = re.compile(
    r"\b((?:the\s+)?(?:pt|p_t|p_\{t\}|transverse\s+momentum|eta|pseudorapidity|phi|mass|energy)"
    r"\s+of\s+(?:the\s+)?)(leading|first)\s+and\s+(?:the\s+)?(sub-?leading|second|trailing)\s+"
    r"(muon|electron|lepton|jet|b-?jet|photon|tau)s?\b(?!\s*(?:system|pair|candidate|combination))",
    re.I,
)


#: "the eta of the jets and the electrons", "the pT of the muons and of the electrons": the
#: quantity of each kind of object (two plots); never a mass, an angle or a count (those of
#: two kinds are one quantity of a system, or a sum), never before a cut
_RANK = r"(?:(?:leading|first|hardest|sub-?leading|second|third)\s+)"
_KINDS = r"(?:b-?)?jets|muons|electrons|photons|taus|leptons"
_ONE_KIND = r"(?:b-?)?jet|muon|electron|photon|tau|lepton"
_KIND_PAIR = re.compile(
    r"(?<!delta\s)(?<!\u0394)(?<!\u0394\s)"  # "delta phi of A and B": an angle
    r"\b((?:the\s+)?(?:pt|p_t|p_\{t\}|transverse\s+momentum|eta|pseudorapidity|phi|energy)"
    rf"(?:\s*\((?:eta|pt|phi)\))?\s+of\s+)(?:the\s+|all\s+)?({_KINDS}|{_RANK}(?:{_ONE_KIND}))"
    rf"\s+and\s+(?:of\s+)?(?:the\s+|all\s+)?({_KINDS}|{_RANK}(?:{_ONE_KIND}))"
    r"\b(?!\s*(?:system|pairs?|candidates?|combined|together))"
    r"(?P<cut>(?!\s*(?:[<>=\d]|above|below|over|under)))",
    re.I,
)
#: the same, whatever follows (a cut right after the list: whose is it?)
_KIND_PAIR_ANY = re.compile(_KIND_PAIR.pattern.removesuffix(
    r"(?P<cut>(?!\s*(?:[<>=\d]|above|below|over|under)))"), re.I)  # fmt: skip


def _kind(words: str) -> str:
    """ "leading jet", "jets" -> "jet": the kind of object, without rank or plural."""
    return re.sub(rf"^{_RANK}", "", words.lower()).removesuffix("s").replace("-", "")


def kind_pair(text: str) -> str | None:
    """ "the pT of the jets and the electrons ...", "the pT of the leading jet and the leading
    muon": the words naming a quantity of two kinds of objects (a plot of each), else None."""
    m = next((m for m in _KIND_PAIR_ANY.finditer(text)
              if _kind(m.group(2)) != _kind(m.group(3))), None)  # fmt: skip
    return m.group(0) if m else None


def _each_kind(m: re.Match[str]) -> str:
    if _kind(m.group(2)) == _kind(m.group(3)):
        return m.group(0)
    return f"{m.group(1)}the {m.group(2)} and {m.group(1)}the {m.group(3)}"


def _each_ordinal(m: re.Match[str]) -> str:
    return f"{m.group(1)}{m.group(2)} {m.group(4)} and {m.group(1)}{m.group(3)} {m.group(4)}"


#: the same with the quantity after the objects: "the leading and subleading jet pT",
#: "leading/subleading muon eta" (a slash between two ranks lists them, as "and" does: a ratio
#: of the two is written with its quantity twice, "pT(j1)/pT(j2)", or named a ratio); never
#: before a comparison or a number ("the leading and subleading jet pT > 30 GeV" is a cut)
_ORDINAL_PAIR_BEFORE = re.compile(
    r"\b(?:the\s+)?(leading|first)\s*(?:\band\b|/|&)\s*(?:the\s+)?(sub-?leading|second|trailing)"
    r"\s+(muon|electron|lepton|jet|b-?jet|photon|tau)s?(?:'s?)?\s+(pt|p_t|p_\{t\}|transverse\s+"
    r"momentum|eta|pseudorapidity|phi|mass|energy)\b(?!\s*(?:ratio|balance|asymmetry|fraction))"
    r"(?!\s*(?:[<>=\d]|above|below|over|under|greater|less|larger|smaller|higher|lower|of\s+at"
    r"|thresholds?|cuts?|requirements?|must|should|to\s+be|is|are|exceed))",
    re.I,
)


def _each_ordinal_before(m: re.Match[str]) -> str:
    rank1, rank2, obj, field = m.group(1), m.group(2), m.group(3), m.group(4)
    return f"the {field} of the {rank1} {obj} and the {field} of the {rank2} {obj}"


#: a quantity word of a list that a momentum component may stand in ("px, py and pz")
_LISTED = (
    r"(?:p_?\{?[xyzt]\}?|transverse\s+momentum|eta|pseudorapidity|phi|theta|mass|energy"
    r"|rapidity|polar\s+angle)"
)
_AND = r"\s*(?:,\s*and|,|\band\b|&)\s*(?:the\s+)?"
#: the object a list of quantities is of: "the leading muon", "all electrons", "the AK8 jets"
_OF_OBJECT = (
    r"(?:the\s+|all\s+|each\s+|every\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:muon|electron|lepton|jet|b-?jet|photon|tau)s?\b"
)
#: "px, py and pz of the leading muon", "the leading muon px, py and pz": a list that names two
#: momentum components (or the polar angle), each a field of its own (chathep.registry.fields)
_COMPONENT_LIST = re.compile(
    rf"\b(?P<list>(?:the\s+)?{_LISTED}(?:{_AND}{_LISTED})+)\s+(?P<of>of\s+{_OF_OBJECT})"
    rf"|\b(?P<obj>(?:the\s+)?(?:[\w-]+\s+){{0,2}}?(?:muon|electron|lepton|jet|b-?jet|photon"
    rf"|tau)s?(?:'s?)?)\s+(?P<list2>{_LISTED}(?:{_AND}{_LISTED})+)\b",
    re.I,
)
_COMPONENT = re.compile(r"^(?:p_?\{?[xyz]\}?|theta|polar\s+angle)$", re.I)


def _each_component(m: re.Match[str]) -> str:
    """ "px, py and pz of the leading muon" -> "the px of the leading muon, the py of the
    leading muon and the pz of the leading muon" (each item then names its object)."""
    words = re.split(_AND, m.group("list") or m.group("list2"), flags=re.I)
    words = [re.sub(r"(?i)^the\s+", "", w).strip() for w in words if w.strip()]
    if sum(bool(_COMPONENT.match(w)) for w in words) < 2:
        return m.group(0)  # one component at most: the single plan reads the list
    if m.group("of"):
        items = [f"the {w} {m.group('of')}" for w in words]
    else:
        obj = re.sub(r"(?i)^the\s+", "", m.group("obj"))
        items = [f"the {obj} {w}" for w in words]
    return ", ".join(items[:-1]) + " and " + items[-1]


#: what follows a list of components and says which objects, or which events, it is of ("px and
#: py of muons with pT > 30 GeV", "... in ttbar MC"): every item's (no binning: a binning
#: after the last item only may be its own, :func:`binning_of_last_only`)
_QUALIFIER = re.compile(
    r"\s*(?:\s(?:with|having|passing|satisfying|that|which|whose|above|below|over|under"
    r"|within|in|from|for|at)\b|[<>]).*$",
    re.I | re.S,
)


def _component_items(body: str) -> list[str] | None:
    """ "px and py of muons with pT > 30 GeV": the list of components that is the whole request,
    with the words after it that qualify its objects (or events), as one item per component,
    each with those words ("the px of muons with pT > 30 GeV", "the py of muons with pT > 30
    GeV"); None when the body is not such a list (or the words after it give a binning)."""
    m = _COMPONENT_LIST.match(body.strip())
    if m is None:
        return None
    rest = body.strip()[m.end() :]
    qualifier = _QUALIFIER.fullmatch(rest)
    if not rest or qualifier is None or re.search(_BINNING + r"|\bfrom\s+-?\d", rest, re.I):
        return None
    listed = _each_component(m)
    if listed == m.group(0):
        return None  # one component at most
    items = [i for i in re.split(_ITEM_SEP, listed, flags=re.I) if i.strip()]
    return [f"{i.strip()}{rest}" for i in items]


_KIND = r"(?:muons?|electrons?|leptons?|jets?|b-?jets?|photons?|taus?)"
#: "compare the pT distributions of muons vs electrons": one quantity of two kinds of object,
#: compared: the quantity of each (two plots)
_COMPARED_KINDS = re.compile(
    r"^(?:the\s+)?(?P<q>p_?\{?t\}?|transverse\s+momentum|eta|pseudorapidity|phi|energy"
    r"|multiplicit(?:y|ies)|numbers?)\s+(?:distributions?\s+|spectra\s+|spectrum\s+)?"
    rf"(?:of|for)\s+(?:the\s+|all\s+)?(?P<a>{_KIND})\s+(?:and|vs\.?|versus|with|to|against)"
    rf"\s+(?:the\s+|all\s+)?(?P<b>{_KIND})$",
    re.I,
)


def _compared_kinds(verb: str, body: str) -> str:
    """ "compare the pT distributions of muons vs electrons" -> "the pT of muons and the pT of
    electrons" (after the verb "compare" only: "the pT of muons and electrons" alone may mean
    one distribution of both)."""
    m = _COMPARED_KINDS.match(body.strip())
    if not re.match(r"(?i)compar", verb) or m is None:
        return body
    if m.group("a").lower().rstrip("s") == m.group("b").lower().rstrip("s"):
        return body
    q = re.sub(r"(?i)^numbers?$", "number", m.group("q"))
    return f"the {q} of {m.group('a')} and the {q} of {m.group('b')}"


def split_list(text: str) -> list[str] | None:
    """ "plot the dimuon mass and the leading muon pT [in events with ...]": the items of a
    plain list of plots, each with the shared verb and the shared event selection."""
    verb = re.match(
        rf"\s*{_LEAD_IN}(?:{_VERB})\b(?:\s+(?:me|us))?\s*{_FIGURE}|\s*{_LEAD_IN}{_FIGURE_NOUN}"
        rf"|{_MEASURED_AS}",
        text,
        re.I,
    )
    # "the dimuon mass and the dijet mass": a list with no verb is a list of plots too
    start = verb.end() if verb is not None else 0
    said = verb.group(0).strip() if verb is not None else "plot"
    body = _compared_kinds(said, text[start:].rstrip(" ."))
    body, before = _ORDINAL_PAIR_BEFORE.subn(_each_ordinal_before, body)
    body, ordinals = _ORDINAL_PAIR.subn(_each_ordinal, body)
    body, kinds = _KIND_PAIR.subn(_each_kind, body)
    ordinals += before + kinds
    tail = re.search(r"\s+(?:in|for|from|of)\s+(?:all\s+)?events\b.*$", body, re.I)
    shared = tail.group(0) if tail else ""
    if tail is None:
        # "the dimuon mass and the leading muon pT, with at least two jets", "..., events with
        # MET below 50", "..., HT above 500": an event requirement after the list is every
        # item's (was: asked, or "HT above 500" made a third plot)
        tail = _EVENTS_AFTER.search(body)
        shared = f" in events with {tail.group('cond').strip()}" if tail else ""
    body = body[: tail.start()] if tail else body
    # "the dimuon mass and the leading muon pT, muons above 25 GeV": the definition after the
    # last item is that of its objects in every item that plots them (was: no split, asked)
    defined = _DEFINITION_AFTER.search(body)
    if defined is not None:
        body = body[: defined.start()]
    items = _component_items(body)
    if items is None:
        body = _COMPONENT_LIST.sub(_each_component, body)
        items = [i for i in re.split(_ITEM_SEP, body, flags=re.I) if i.strip()]
    if len(items) < 2:
        return None
    if any(
        re.search(r"\bbetween\b(?!.*\band\b)(?!\s+(?:the\s+)?(?:two|2|both)\b)", i, re.I)
        for i in items[:-1]
    ):  # "the delta phi between the muon system and the MET": one quantity (an item "between
        return None  # the two muons" is complete)
    if not _items_stand_alone(items):
        return None
    if any(_DEFINITION.match(i) for i in items[1:]):
        # "the number of jets, jets with |eta| below 2.4 when ...": the second item defines the
        # first one's objects, it is no plot (was: its condition's range plotted, silently)
        return None
    # "the dimuon mass and the leading muon pT in DY MC (and 2018 data)": the samples named
    # after the last item are every item's, when no other item names its own
    samples = _SAMPLES_AFTER.search(body)
    if samples and _component_items(body) is None:
        own = [i for i in re.split(_ITEM_SEP, body[: samples.start()], flags=re.I) if i.strip()]
        if len(own) >= 2 and not any(_SAMPLES_AFTER.search(i) for i in own):
            items, shared = own, samples.group(0) + shared
    if defined is not None:
        uses = [re.search(_KIND_WORDS[_kind_stem(defined.group("kind"))], i, re.I) is not None
                for i in items]  # fmt: skip
        if not any(uses):
            return None  # "the MET and the HT, muons above 25 GeV": whose definition?
        items = [f"{i.rstrip()}, {defined.group('def').strip()}" if u else i
                 for i, u in zip(items, uses, strict=True)]  # fmt: skip
    if (
        verb is None
        and not (ordinals and len(items) == 2)  # "pT of leading and subleading jet": each
        and not all(
            re.match(r"\s*(?:\(?[a-h]\)\s+)?the\s", i, re.I)
            or (n and re.match(_EVENT_WORD, i, re.I))
            for n, i in enumerate(items)
        )
    ):  # without a verb, only "the A and the B" ("the A, MET from 0 to 50") is surely a list
        return None
    return [f"{said} {i.strip()}{shared}" for i in items]


#: an event requirement after the last item of a list: ", with at least two jets", ", events
#: with MET below 50", ", HT above 500 GeV"
_EVENTS_AFTER = re.compile(
    r"\s*,\s*(?:and\s+)?(?:(?:only\s+)?(?:in\s+|for\s+)?(?:the\s+)?events?\s+(?:with|where|having)"
    r"\s+|(?:with|requiring|require)\s+(?=(?:at\s+least|exactly|at\s+most|more\s+than|no|zero"
    r"|one|two|three|four|five|six|[0-9])\b)|(?=(?:met|ht|mht|missing\s+(?:et|ht|transverse\s+"
    r"(?:momentum|energy)))\s+(?:above|below|over|under|>|<|between|of\s+at\s+least)))"
    r"(?P<cond>[^,;:]+?)\s*\.?\s*$",
    re.IGNORECASE,
)
#: an object definition after the last item of a list: ", muons above 25 GeV", "for tight
#: muons with pT > 25 GeV", "with jet pT > 40 GeV"
_DEFINITION_AFTER = re.compile(
    r"(?:\s*,\s*(?:and\s+)?(?:(?:with|for|using)\s+)?|\s+(?:for|with|using)\s+)"
    r"(?P<def>(?:(?:all|the|only|good|selected)\s+)?(?:(?:tight|medium|loose|isolated|prompt)"
    r"(?:[\s-]+id)?\s+)?(?P<kind>muons?|electrons?|(?:b-?)?jets?|photons?|leptons?)\s+"
    r"(?:with\b|having\b|above\b|below\b|over\b|under\b|pt\b|p_t\b|p_\{t\}|\|?eta\b"
    r"|passing\b|within\b|inside\b|in\s+\|)(?:(?!\band\s+(?:the|a|an|its|their)\b)[^,;:])*?)\s*\.?\s*$",
    re.IGNORECASE,
)
#: the words of an item that plots objects of a kind (a pair, a sum over them)
_KIND_WORDS = {
    "muon": r"muon|\bmu\s*mu\b|\bm_?\{?\\?mu",
    "electron": r"electron|\bee\b|\bm_?\{?ee\b",
    "jet": r"jet|\bm_?\{?jj\b|\bm?ht\b|\bh_?\{?t\}?\b",
    "bjet": r"b-?jet|\bm_?\{?bb\b",
    "photon": r"photon|diphoton|\bm_?\{?\\?gamma",
    "lepton": r"lepton|\bm_?\{?ll\b",
}


def _kind_stem(word: str) -> str:
    return word.lower().replace("-", "").rstrip("s")


#: an item that defines objects rather than naming a plot: "jets with |eta| below 2.4",
#: "muons having pT > 20 GeV", "electrons passing the tight ID"
_DEFINITION = re.compile(
    r"\s*(?:(?:all|the|only|good|selected)\s+)?(?:[a-z-]+\s+)?(?:muons|electrons|jets|b-?jets"
    r"|photons|taus|leptons)\s+(?:with|having|that|which|whose|passing|above|below|within|inside"
    r"|in\s+\|)",
    re.IGNORECASE,
)
#: the samples named at the end of an item: "in DY MC", "in the 2018 data", "for ttbar
#: simulation", "using the Drell-Yan Monte Carlo" (no other words after them)
_SAMPLES_AFTER = re.compile(
    r"\s*,?\s+(?:in|for|from|using|with|on)\s+(?:the\s+)?(?:[\w+/-]+\s+){0,3}?(?:mc|data"
    r"|simulation|samples?|monte[\s-]carlo|dataset|ntuples?)(?:\s+(?:and|vs\.?|versus|or)\s+"
    r"(?:the\s+)?(?:[\w+/-]+\s+){0,3}?(?:mc|data|simulation|samples?|monte[\s-]carlo))?\s*$",
    re.IGNORECASE,
)
#: an event quantity named bare after the first item of a list ("the dimuon mass, MET ...")
_EVENT_WORD = r"\s*(?:met|ht|mht|missing\s+(?:et|ht|transverse\s+(?:momentum|energy)))\b"


def _items_stand_alone(items: list[str]) -> bool:
    """Whether each item of a list says whose quantity it is: "its tau21", "their charge"
    refer to an earlier item's object, and a field named alone ("the leading AK8 jet pT and
    tau21") may be of the earlier item's leading object: such a list is not split (asked)."""
    from chathep.planner import lexicon as lx

    ordinal = r"\b(?:leading|sub-?leading|first|second|third|hardest|highest)\b"
    for n, item in enumerate(items):
        if n and re.match(r"\s*(?:its|their)\b", item, re.I):
            return False
        words = lx.normalise(item)
        bare = not any(re.search(p, words) for p, _, _ in lx.OBJECT_PATTERNS)
        field = any(re.search(p, words) for p, _, _ in lx.BRANCH_WORDS)
        if n and bare and field and any(re.search(ordinal, i, re.I) for i in items[:n]):
            return False
    return True


def _title(titles: list[str]) -> str:
    """ "Jet HT, 2018 data vs DY" + "Dijet mass, 2018 data vs DY" -> "Jet HT and Dijet mass,
    2018 data vs DY"."""
    heads = [t.split(", ", 1) for t in titles]
    tails = {h[1] if len(h) > 1 else "" for h in heads}
    if len(tails) == 1:
        tail = tails.pop()
        head = " and ".join(dict.fromkeys(h[0] for h in heads))
        return f"{head}, {tail}" if tail else head
    return " and ".join(dict.fromkeys(titles))


class MergeError(ValueError):
    """The parts cannot be one analysis: the message says why (asked to the user)."""


def _by_name(specs: list[AnalysisSpec], attr: str) -> list:
    merged: dict[str, object] = {}
    for spec in specs:
        for item in getattr(spec, attr):
            old = merged.get(item.name)
            if old is not None and old != item:
                raise MergeError(
                    f"the plots define '{item.name}' differently ({attr}), so they cannot share "
                    "one selection"
                )
            merged[item.name] = item
    return list(merged.values())


def merge_specs(specs: list[AnalysisSpec]) -> tuple[AnalysisSpec, list[str]]:
    """One analysis with every part's histograms, and what the merge decided (to state).

    When the parts' selections differ, each histogram is filled from the events of its own
    part's selection steps (``Histogram.steps``): "the dimuon mass and the leading jet pT" fills
    the mass from the events with a muon pair and the jet pT from those with a jet, as two
    separate requests would.
    """
    first = specs[0]
    for spec in specs[1:]:
        for attr in ("samples", "era", "lumi_pb", "corrections"):
            if getattr(spec, attr) != getattr(first, attr):
                raise MergeError(f"the plots ask for different {attr.replace('_', ' ')}")
    shared = all(spec.selection == first.selection for spec in specs)
    steps: list = []
    renamed: list[dict[str, str]] = []  # per part: its step names -> the merged names
    for spec in specs:
        names: dict[str, str] = {}
        for step in spec.selection:
            same = next((s for s in steps if s == step), None)
            if same is None:
                taken = {s.name for s in steps}
                name, k = step.name, 2
                while name in taken:  # the same name for another requirement
                    name, k = f"{step.name}_{k}", k + 1
                same = step if name == step.name else step.model_copy(update={"name": name})
                steps.append(same)
            names[step.name] = same.name
        renamed.append(names)
    histograms: list = []
    for spec, names in zip(specs, renamed, strict=True):
        for h in spec.histograms:
            if not shared:  # its own part's events
                own = h.steps if h.steps is not None else [s.name for s in spec.selection]
                h = h.model_copy(update={"steps": [names[n] for n in own]})
            if h in histograms:
                continue
            if any(o.name == h.name for o in histograms):
                raise MergeError(f"two plots are both called '{h.name}'")
            histograms.append(h)
    merged = AnalysisSpec(
        title=_title([s.title for s in specs]),
        samples=first.samples,
        era=first.era,
        lumi_pb=first.lumi_pb,
        objects=_by_name(specs, "objects"),
        combinations=_by_name(specs, "combinations"),
        selection=steps,
        observables=_by_name(specs, "observables"),
        histograms=histograms,
        corrections=first.corrections,
    )
    said: list[str] = []
    if not shared:
        said.append(
            "Each histogram is filled from the events that pass its own plot's requirements, "
            "as if asked alone (the yields are given per selection)."
        )
    return merged, said


#: "the pT of up to three jets", "up to 3 jets pT", "the pT of the first three jets": the pT of
#: each of the N leading objects, one histogram per rank (the spec has no single histogram of
#: "the N leading objects"; a rank is exact: its histogram is filled in the events that have it)
_RANK_WORDS = ("leading", "second", "third", "fourth", "fifth", "sixth")
_RANK_N = r"(?P<n>[2-6]|two|three|four|five|six)"
_RANK_FIELD = r"(?P<f>pt|p_t|p_\{t\}|transverse\s+momentum|\|eta\||eta|pseudorapidity|phi)"
_RANK_OBJECT = r"(?P<o>muon|electron|lepton|jet|b-?jet|photon|tau)"
_RANKED = re.compile(
    # "the pT of (up to) the first/leading three jets", "the pT of the 3 leading jets"
    rf"(?:the\s+)?{_RANK_FIELD}\s+of\s+(?:(?P<upto>up\s+to)\s+)?(?:the\s+)?"
    rf"(?:(?P<first>first|leading)\s+{_RANK_N}|{_RANK_N.replace('<n>', '<n2>')}"
    rf"(?:\s+(?P<lead>leading|hardest))?)\s+{_RANK_OBJECT}s\b"
    # "up to 3 jets pT", "the first three jets' pT", "the leading 3 jets pT"
    rf"|(?:(?P<upto3>up\s+to)|the\s+(?P<first3>first|leading))\s+{_RANK_N.replace('<n>', '<n3>')}"
    rf"\s+{_RANK_OBJECT.replace('<o>', '<o3>')}s'?\s+{_RANK_FIELD.replace('<f>', '<f3>')}\b",
    re.I,
)
_RANK_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
#: a per-event reduction or sum of the N leading objects (chathep.planner.reductions), a cut
#: ("events with up to 3 jets pT > 30 GeV"), or a system of them: not one histogram per rank
_RANK_BEFORE = re.compile(
    r"(?:\b(?:sum|scalar|max\w*|min\w*|average|mean|total|highest|largest|smallest|lowest|"
    r"with|having|containing|requir\w*|events?|ht|system)\s+(?:of\s+)?(?:the\s+)?)$",
    re.I,
)
_RANK_AFTER = re.compile(
    r"\s*(?:system|pair|candidate|combination|sum|[<>=]|\d|(?:is\s+)?(?:above|below|over|under"
    r"|greater|less|larger|smaller|at\s+least|at\s+most|between|cut|threshold))",
    re.I,
)


def split_ranks(text: str) -> tuple[list[str], str] | None:
    """ "plot up to 3 jets pT", "the pT of the first three jets": one request per rank ("the pT
    of the leading jet", "... of the second jet", ...), the rest of the request kept in each,
    and the note that says so; None when the words are not there (or name a sum, a cut or a
    system of the objects: those are read as before)."""
    found = [m for m in _RANKED.finditer(text)]
    if len(found) != 1:
        return None
    m = found[0]
    g = {k.rstrip("23"): v for k, v in m.groupdict().items() if v is not None}
    if "n2" in m.groupdict() and m.group("n2") is not None:
        if m.group("lead") is None and m.group("upto") is None:
            return None  # "the pT of 3 jets": which three is not said
        g["n"] = m.group("n2")
    n = _RANK_NUMBERS.get(g["n"].lower()) or int(g["n"])
    upto = "upto" in g
    if n < 3 and not upto:
        return None  # "the pT of the two leading jets": the dijet system's, or each one's
    if _RANK_BEFORE.search(text[: m.start()]) or _RANK_AFTER.match(text, m.end()):
        return None
    field, obj = g["f"], g["o"].lower()
    requests = [
        f"{text[: m.start()]}the {field} of the {_RANK_WORDS[k]} {obj}{text[m.end() :]}"
        for k in range(n)
    ]
    note = (
        f"'{m.group(0).strip()}' read as the {field} of each of the {n} leading {obj}s: one "
        f"histogram per {obj} (the leading, ..., the {_RANK_WORDS[n - 1]}), each filled in the "
        f"events that have that {obj}"
        + (
            f"; no cut on the number of {obj}s (say e.g. 'in events with at most {n} {obj}s' "
            "for one)."
            if upto
            else "."
        )
    )
    return requests, note


#: a follow-up that changes how one plot of several is drawn: "log scale for the muon pT
#: only", "50 bins for the mass plot", "use log y on the pT histogram only"
_ONE_PLOT_EDIT = re.compile(
    r"^\s*(?:(?:now|please|and|also|then)\s+)*(?P<edit>(?:(?:use|make\s+it|set|put|switch\s+to"
    r"|with|give\s+me)\s+)?(?:an?\s+)?(?:log(?:arithmic)?|linear|lin|\d+|finer|coarser|wider"
    r"|narrower)\b[^,;]*?)\s+(?:for|on|of|in|to)\s+(?:the\s+)?(?P<which>[^,;]+?)(?:\s+(?:plot"
    r"|histogram|distribution|panel|one))?(?:\s+only)?\s*[.!]?\s*$",
    re.IGNORECASE,
)
#: what an edit of ``_ONE_PLOT_EDIT`` may change: the drawing, never the events
_DRAWING = re.compile(
    r"\b(?:log(?:arithmic)?|linear|lin|bins?|binning|finer|coarser|range|y[\s-]?axis|x[\s-]?axis"
    r"|scale|wider|narrower)\b",
    re.IGNORECASE,
)
_NOT_NAMING = {"the", "plot", "histogram", "distribution", "panel", "one", "only", "of", "a"}


def one_plot_edit(text: str, requests: list[str]) -> tuple[int, str] | None:
    """(which plot, the edit) of a follow-up that changes how one plot of several is drawn
    ("log scale for the muon pT only" after "the dimuon mass and the leading muon pT": was a
    new plan of the muon pT alone, the mass plot and the muon cut gone); None when the words
    name no plot of ``requests`` (one per plot), or more than one, or change more than the
    drawing."""
    m = _ONE_PLOT_EDIT.match(text)
    if m is None or not _DRAWING.search(m.group("edit")):
        return None
    named = [w for w in re.findall(r"[a-z0-9]+", m.group("which").lower())
             if w not in _NOT_NAMING]  # fmt: skip
    if not named:
        return None
    matches = [
        n for n, r in enumerate(requests)
        if all(re.search(rf"(?<![a-z0-9]){re.escape(w)}", r.lower()) for w in named)
    ]  # fmt: skip
    if len(matches) != 1:
        return None
    return matches[0], m.group("edit").strip()


#: the words of a follow-up that add a plot, around the plot's own words: "also the number of
#: jets", "I'd also like the HT", "and the HT too", "can you also plot the leading jet pT"
_ADDED_BEFORE = re.compile(
    r"^\s*(?:(?:and|&|\+|plus|also|additionally|please)\s+|(?:can|could)\s+(?:you|we)\s+"
    r"also\s+|i(?:'d|\s+would|\s+also)?\s+(?:also\s+)?(?:like|want|need)(?:\s+to\s+(?:see|have|get"
    r"|plot|add))?\s+|(?:add|include|plot|show|draw|make|give\s+me)\s+)+",
    re.IGNORECASE,
)
_ADDED_AFTER = re.compile(
    r"(?:\s*,?\s*(?:too|as\s+well|also|in\s+addition)(?:\s*,?\s*please)?)?\s*[.!?]*\s*$",
    re.IGNORECASE,
)


def added_plot_words(text: str) -> str | None:
    """The plot a follow-up adds ("the number of jets" of "I'd also like the number of jets"),
    when it says it adds one (an add word before or "too" / "as well" after); else None."""
    if re.search(r"\b(?:instead|replace|rather|now)\b", text, re.IGNORECASE):
        return None  # "and now plot HT instead": the plot replaced
    before = _ADDED_BEFORE.match(text)
    after = _ADDED_AFTER.search(text)
    adds = before is not None and re.search(
        r"\b(?:and|&|plus|also|additionally|add|include)\b|\+", before.group(0), re.IGNORECASE
    )
    tail = after is not None and after.group(0).strip(" .!?")
    if not adds and not tail:
        return None
    core = text[before.end() if before else 0 : after.start() if after else len(text)]
    return core.strip(" ,") or None


#: "drop the MET plot", "remove the HT histogram": one histogram of a plan taken out
_DROP_PLOT = re.compile(
    r"^\s*(?:(?:now|please|ok|okay|and|then)[\s,]+)*(?:drop|remove|delete|get\s+rid\s+of|no\s+more"
    r"|skip|leave\s+out)\s+(?:the\s+)?(?P<what>[^,;.]+?)\s+(?:plot|histogram|distribution"
    r"|panel)s?\s*[.!]?\s*$",
    re.IGNORECASE,
)


def removed_extra_plot(text: str, previous: Draft) -> tuple[Draft, str] | None:
    """ "drop the MET plot" after "the leading muon pT and the MET": the plan without that
    added histogram (was: an invalid-spec message); None when the words name no histogram
    added beside the main one."""
    from chathep.planner import lexicon as lx

    m = _DROP_PLOT.match(text)
    if m is None or not previous.also:
        return None
    what = lx.normalise(m.group("what"))
    named = {q for q, pattern in lx.QUANTITY_PATTERNS if re.search(pattern, what)}
    dropped = [q for q in previous.also if q in named]
    if len(dropped) != 1 or previous.quantity in named:
        return None
    new = previous.model_copy(deep=True)
    new.also = [q for q in previous.also if q != dropped[0]] or None
    word = (
        dropped[0].upper() if dropped[0] in ("met", "ht", "mht") else dropped[0].replace("_", " ")
    )
    return new, f"Dropped the {word} histogram; the other plots are kept."


#: "only the muon pT", "just the leading muon pT plot": the main plot kept, the added ones gone
_ONLY_PLOT = re.compile(
    r"^\s*(?:(?:now|please|ok|okay|and|then)[\s,]+)*(?:(?:keep|show|plot)\s+)?(?:only|just)\s+"
    r"(?:the\s+)?(?P<what>[^,;.]+?)(?:\s+(?:plot|histogram|distribution|panel)s?)?(?:\s+only)?"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)


#: words after a plot's name that change it ("only the muon pT above 30 GeV", "only the
#: dimuon mass in ttbar MC"): not a plot kept as it was
_MORE_THAN_A_NAME = re.compile(r"\d|\b(?:in|for|with|from|above|below|over|under|of\s+events)\b")


def kept_only_main_plot(
    text: str, previous: Draft, parse: Callable[[str], Draft]
) -> tuple[Draft, str] | None:
    """ "only the muon pT" after "the leading muon pT and the MET": the main plot alone, the
    added histograms dropped (was: both kept, no word); None when the words do not name the
    main plot (``parse`` reads them alone)."""
    if not previous.also or only_part(text, [previous], parse) != 0:
        return None
    new = previous.model_copy(deep=True)
    new.also = None
    return new, "Kept only the first plot; the other histograms are dropped."


def only_part(text: str, drafts: list[Draft], parse: Callable[[str], Draft]) -> int | None:
    """The index of the one plot of several that "only the leading jet pT", "just the jet pT"
    names (the others are dropped); None when the words name no single plot."""
    m = _ONLY_PLOT.match(text)
    if m is None or _MORE_THAN_A_NAME.search(m.group("what")):
        return None
    named = parse(m.group("what"))
    if named.quantity is None:
        return None
    hits = [
        k
        for k, d in enumerate(drafts)
        if d.quantity == named.quantity
        and (named.object or d.object) == d.object
        and bool(named.pair) == bool(d.pair)
        and (named.index is None or named.index == d.index)
    ]
    return hits[0] if len(hits) == 1 else None


#: "drop the MET cut", "no MET cut", "without the HT requirement": an event cut taken back
_DROP_EVENT_CUT = re.compile(
    r"^\s*(?:(?:now|please|ok|okay|and|then|but)[\s,]+)*(?:drop|remove|delete|lift|release|get\s+rid"
    r"\s+of|no\s+longer\s+(?:apply|require)|without|no)\s+(?:the\s+|any\s+)?(?P<what>met|missing\s+"
    r"(?:et|transverse\s+(?:energy|momentum))|ht|mht|met\s+significance)\s+(?:cut|requirement"
    r"|threshold|selection|condition)s?\s*[.!]?\s*$",
    re.IGNORECASE,
)
_EVENT_CUT_FIELDS = {"met": ("met_min", "met_max"), "ht": ("ht_min", "ht_max"),
                     "mht": ("mht_min", "mht_max"),
                     "met significance": ("met_sig_min", "met_sig_max")}  # fmt: skip


def removed_event_cut(text: str, previous: Draft) -> tuple[Draft, str] | str | None:
    """ "drop the MET cut" after "the dimuon mass for events with MET > 50": the plan without
    that cut (was: the MET plotted instead, the cut kept); a question when the plan has no such
    cut; None when the text is no such follow-up."""
    m = _DROP_EVENT_CUT.match(text)
    if m is None:
        return None
    what = m.group("what").lower()
    key = "met" if what.startswith("missing") else what
    low, high = _EVENT_CUT_FIELDS[key]
    word = key.upper() if key != "met significance" else "MET significance"
    if getattr(previous, low) is None and getattr(previous, high) is None:
        return f"The plan has no {word} cut to remove. Which cut should I remove?"
    new = previous.model_copy(deep=True)
    said = [f"{word} {op} {getattr(previous, f):g}" for f, op in ((low, ">"), (high, "<"))
            if getattr(previous, f) is not None]  # fmt: skip
    setattr(new, low, None)
    setattr(new, high, None)
    return new, f"Removed the cut {' and '.join(said)}; the plot is kept."


def dropped_plot_question(text: str, plotted: list[str]) -> str | None:
    """ "drop the MET plot" when no histogram is of the MET: asked (was: the MET plotted)."""
    from chathep.planner import lexicon as lx

    m = _DROP_PLOT.match(text)
    if m is None:
        return None
    what = lx.normalise(m.group("what"))
    named = {q for q, pattern in lx.QUANTITY_PATTERNS if re.search(pattern, what)}
    if not named or named & set(plotted):
        return None
    return (
        f"There is no {m.group('what').strip()} plot in the plan to drop (it plots "
        f"{', '.join(q.replace('_', ' ') for q in plotted)}). Which plot should I drop?"
    )


def dropped_part(text: str, quantities: list[str | None]) -> int | None | str:
    """ "drop the mass histogram" on a plan of several plots (one ``quantities`` entry each):
    the index of the plot to drop; a question when the words name none or several of them;
    None when the text is no such follow-up."""
    from chathep.planner import lexicon as lx

    m = _DROP_PLOT.match(text)
    if m is None:
        return None
    what = lx.normalise(m.group("what"))
    named = {q for q, pattern in lx.QUANTITY_PATTERNS if re.search(pattern, what)}
    matches = [k for k, q in enumerate(quantities) if q in named]
    if len(matches) == 1:
        return matches[0]
    return (
        f"Which plot should I drop? '{m.group('what').strip()}' names "
        f"{'none' if not matches else 'more than one'} of the plan's plots "
        f"({', '.join(str(q).replace('_', ' ') for q in quantities)})."
    )
