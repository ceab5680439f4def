"""Arithmetic of two per-event quantities: "the ratio of the MET to the HT", "pT2/pT1 of the
two leading jets", "the pT balance between the leading jet and the dimuon system", "the pT
asymmetry of the two leading jets", "the sum of the leading and subleading jet pT".

Reading (:func:`read`): the phrase is found in the request and split into its two terms, each
read by the parser alone ("the leading muon pT", "the dimuon mass"); the request is then read
with the phrase replaced by its first term (so the samples, cuts and binning around it are read
as for any plot) and the draft carries the kind and the second term (``Draft.arithmetic``,
``Draft.second``). A phrase whose terms cannot be read with certainty asks one question.

Building (:func:`build`): each term is built as its own plot from the same draft (the same
objects, cuts and samples), the two specs are merged, and the histogram is of the arithmetic
observable (``kind`` ratio/difference/sum/asymmetry of ``left`` and ``right``), its binning
and definition stated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

import chathep.regex as re
from chathep.catalog import Catalog
from chathep.errors import SpecError
from chathep.planner.draft import EVENT_QUANTITIES, Draft, Term
from chathep.spec import AnalysisSpec, Histogram, Observable, parse_spec

#: A term's quantity words, for the patterns that name one quantity of two objects
_Q = r"p_?t|transverse\s+momentum|mass|energy"
#: Where a term's words end: the rest of the request (samples, cuts, binning) follows
_END = (
    r"(?=\s+(?:in|for|with|where|using|from|on|after|before|requiring|when|per|binned|as|at"
    r"|vs\.?|versus|and\s+(?:plot|show|draw|make|require|use|apply|normali[sz]e|log))\b"
    r"|\s*[,;:()]|\.(?:\s|$)|\s*$|\s+\d)"
)
#: "the two leading jets", "the leading two muons", "the 2 hardest b-jets"
_TWO_LEADING = (
    r"(?:the\s+)?(?:(?:two|2)\s+(?:leading|hardest|highest[- ]pt)|(?:leading|hardest)\s+(?:two|2))"
    r"\s+(?P<obj>b-?jets|jets|muons|electrons|leptons|photons|taus)\b"
)
#: Words before a quantity that are the request's, not the term's ("plot the", "show me")
_LEAD_WORDS = re.compile(
    r"^(?:(?:please|plot|show|draw|make|histogram|me|a|an|of|the|distribution|give)\s+)+"
)
#: Words of a ratio that is not of two quantities ("the ratio of data to MC": the ratio panel)
_NOT_QUANTITIES = r"\b(?:data|mc|simulation|prediction|signal|background|events|yields?)\b"
#: How each kind joins its two terms in the plan's words
_SYMBOL = {"ratio": "/", "difference": "-", "sum": "+"}
#: Kinds whose two terms must have one unit
_SAME_UNIT = ("difference", "sum", "asymmetry")
#: The draft fields a term's own reading may set (anything else is not a plain term)
_TERM_FIELDS = {"object", "quantity", "index", "pair"}
#: Draft fields an arithmetic plot cannot combine with yet (each term is a plain quantity)
_NOT_WITH = (
    "also", "other", "with_met", "nearest", "gen_particle", "sv", "zz", "z_part", "reduce",
    "all_pairs", "max_mass", "max_pt", "min_dr", "not_in_pair", "analysis", "branch",
)  # fmt: skip
#: Draft fields of the plotted histogram (the terms' own histograms are not drawn)
_BINNING = ("bins", "start", "stop", "bin_width", "edges", "log_x", "density", "absolute")


#: The parser's reading of a request alone (chathep.planner.parser: a ParseResult)
Parse = Callable[[str], Any]


@dataclass
class Reading:
    """An arithmetic phrase found in a request: the request with the phrase replaced by its
    first term, the kind, both terms, and what is said about the reading (or one question)."""

    text: str = ""
    kind: str = ""
    first: Term | None = None
    second: Term | None = None
    notes: list[str] = field(default_factory=list)
    question: str | None = None
    absolute: bool = False  # "the absolute difference", "|pT1 - pT2|": of |first - second|


def absolute_forms(text: str) -> tuple[str, list[str]]:
    """ "|pT1 - pT2| of the two leading muons" is the absolute pT difference of the two leading
    muons (read by :func:`read`); "|eta1 - eta2| of the two leading jets" and "the absolute
    difference in eta between the two leading jets" are their |delta eta| (the parser's
    delta_eta quantity). The text with those words rewritten, and what is said about it."""
    notes: list[str] = []

    def symbol(q: str, n: str) -> str:  # "pT1", "eta_2", "pT_{1}"
        return rf"{q}_?\{{?{n}\}}?"

    q = r"(?:p_?t|eta)"
    two_leading = _TWO_LEADING.replace("<obj>", "<obj2>")
    pattern = (
        rf"(?:the\s+)?\|\s*(?P<q>{q})_?\{{?[12]\}}?\s*-\s*(?P=q)_?\{{?[12]\}}?\s*\|"
        rf"\s+(?:of|for|between)\s+{_TWO_LEADING}"
        rf"|(?:the\s+)?absolute\s+(?:value\s+of\s+the\s+)?difference\s+(?:in|of)\s+"
        rf"(?:the\s+)?(?P<q2>eta|pseudo-?rapidity)\s+(?:between|of)\s+{two_leading}"
    )
    out, pos = [], 0
    for m in re.finditer(pattern, text, re.IGNORECASE):
        q_word = (m.group("q") or m.group("q2") or "").lower()
        obj = m.group("obj") or m.group("obj2")
        if q_word.startswith("p") and not q_word.startswith("pseudo"):
            new = f"the absolute difference in pT between the two leading {obj}"
        else:
            new = f"delta eta between the two leading {obj}"
            notes.append(f"'{m.group(0).strip()}' read as |delta eta| = |eta1 - eta2| of the two "
                         f"leading {obj}.")  # fmt: skip
        out.append(text[pos : m.start()] + new)
        pos = m.end()
    return "".join(out) + text[pos:], notes


def _absolute(found: Reading) -> None:
    """``found`` of |first - second| ("the absolute difference"), its note saying so."""
    found.absolute = True
    found.notes[-1] = (
        found.notes[-1]
        .replace(" read as (", " read as |(", 1)
        .replace("), one value", ")|, one value", 1)
    )


def _singular(noun: str) -> str:
    return noun[:-1] if noun.endswith("s") else noun


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip()
    return _LEAD_WORDS.sub("", phrase + " ").strip() or phrase


def _term(phrase: str, parse: Parse) -> Term | str | None:
    """The term written in ``phrase`` ("the leading muon pT"); a question if it is a quantity
    with one value per object; None if it is no quantity the parser reads alone."""
    phrase = _clean(phrase)
    if not phrase or re.search(_NOT_QUANTITIES, phrase):
        return None
    result = parse(f"plot the {phrase}")
    d = result.draft
    said = {k for k, v in d.model_dump(exclude_none=True).items() if v not in ({}, [])}
    named = "quantity" in result.explicit  # "ee/mumu": no quantity named, a channel
    if result.question or result.unplaced or not named or said - _TERM_FIELDS:
        return None
    if d.quantity == "branch" or (d.quantity not in EVENT_QUANTITIES and d.object is None):
        return None
    term = Term(quantity=d.quantity, object=d.object, index=d.index, pair=d.pair)
    if _per_object(term):
        return (
            f"'{phrase}' has one value per {_singular(str(d.object))}, not one per event: which "
            f"{_singular(str(d.object))} (e.g. 'the leading {_singular(str(d.object))}')?"
        )
    return term


def _per_object(term: Term) -> bool:
    object_quantities = ("pt", "eta", "phi", "mass", "p", "energy", "rapidity")
    return term.quantity in object_quantities and term.index is None and not term.pair


def _terms(a: str, b: str) -> tuple[str, str]:
    """ "the subleading" and "the leading jet pT": the object and quantity written once, after
    the second term, are both terms' ("the subleading jet pT")."""
    index_word = r"(?:the\s+)?(?:leading|sub-?leading|first|second|third|hardest)"
    if re.fullmatch(index_word, a.strip()):
        rest = re.match(rf"\s*{index_word}\s+(.+)", b)
        if rest:
            return f"{a.strip()} {rest.group(1)}", b
    return a, b


def _found(
    text: str, span: tuple[int, int], kind: str, a: str, b: str, parse: Parse, note: str = ""
) -> Reading | None:
    first, second = _terms(a, b)
    terms = [_term(first, parse), _term(second, parse)]
    question = next((t for t in terms if isinstance(t, str)), None)
    if question is not None and None not in terms:  # both quantities, one of them per object
        return Reading(question=question)
    t1, t2 = terms
    if not isinstance(t1, Term) or not isinstance(t2, Term):
        return None
    rewritten = f"{text[: span[0]]}{_clean(first)}{text[span[1] :]}"
    notes = [note] if note else []
    return Reading(rewritten, kind, t1, t2, notes)


def read(text: str, parse: Parse) -> Reading | None:
    """The arithmetic phrase of ``text`` (see the module docstring); None: there is none.
    ``parse``: the parser's reading of a request alone (a ParseResult), for each term."""
    low = text.lower()
    if len(low) != len(text):  # (a character whose lower case is longer): read as lowered
        text = low
    low = low.replace("-to-", " to ")  # "the MET-to-HT ratio" (the same length)

    def search(pattern: str) -> re.Match[str] | None:
        return re.search(pattern, low)

    def g(m: re.Match[str], name: str) -> str:  # a group as written (its original case)
        return text[m.start(name) : m.end(name)]

    # "(pT1 - pT2)/(pT1 + pT2) of the two leading jets": the asymmetry, written out
    def symbol(n: str) -> str:  # "pT1", "pt_2", "p_T1", "pT_{1}"
        return rf"p_?t_?\{{?(?P<{n}>[12])\}}?"

    of_two = rf"(?:\s+(?:of|for|between)\s+{_TWO_LEADING})?"
    named = r"(?:(?:the\s+)?(?:ratio|difference|sum|asymmetry)\s+)?"  # "the ratio pT2/pT1"
    asym = search(
        named
        + r"(?:the\s+)?\(\s*p_?t_?\{?1\}?\s*-\s*p_?t_?\{?2\}?\s*\)\s*/\s*\(\s*p_?t_?\{?1\}?\s*\+\s*"
        r"p_?t_?\{?2\}?\s*\)" + of_two
    )
    pair = search(rf"{named}(?:the\s+)?{symbol('i')}\s*(?P<op>[-/+])\s*{symbol('j')}\b" + of_two)
    for m, kind in ((asym, "asymmetry"), (pair, None)):
        if m is None:
            continue
        if m.group("obj") is None:
            return Reading(
                question="pT1 and pT2 of which objects? Say e.g. 'pT2/pT1 of the two leading jets'."
            )
        obj = _singular(m.group("obj"))
        word = {"1": "leading", "2": "subleading"}
        i, j = (m.group("i"), m.group("j")) if kind is None else ("1", "2")
        if i == j:
            return None
        kind = kind or {"/": "ratio", "-": "difference", "+": "sum"}[m.group("op")]
        a, b = f"the {word[i]} {obj} pT", f"the {word[j]} {obj} pT"
        return _found(text, m.span(), kind, a, b, parse, _defined(kind, a, b))

    # "the pT balance between the leading jet and the dimuon system": pT(first) / pT(second)
    m = search(
        rf"(?:the\s+)?(?:p_?t|transverse\s+momentum)\s+balance\s+(?:between|of)\s+(?P<a>.+?)\s+"
        rf"(?:and|with|to|vs\.?)\s+(?P<b>.+?){_END}"
    )
    if m:
        a, b = g(m, "a") + " pT", g(m, "b") + " pT"
        note = (
            f"'pT balance' read as the ratio pT({_clean(g(m, 'a'))}) / "
            f"pT({_clean(g(m, 'b'))}) (1 when balanced; say 'pT difference' for the difference)."
        )
        return _found(text, m.span(), "ratio", a, b, parse, note)

    # "the difference in pT between the two leading muons", "the pT asymmetry of the two leading
    # jets": leading and subleading ("the sum of the pT of the two leading jets" is the pT sum
    # over the first N objects, chathep.planner.reductions: the same numbers, for any N)
    kinds = {"difference": "difference", "asymmetry": "asymmetry", "imbalance": "asymmetry"}
    for pattern in (
        rf"(?:the\s+)?(?P<abs>absolute\s+)?(?P<k>difference|asymmetry)\s+(?:in|of)\s+(?:the\s+)?"
        rf"(?P<q>{_Q})\s+(?:between|of)\s+{_TWO_LEADING}",
        rf"(?:the\s+)?(?P<abs>absolute\s+)?(?P<q>{_Q})\s+(?P<k>difference|asymmetry|imbalance)"
        rf"\s+(?:between|of)\s+{_TWO_LEADING}",
    ):
        m = search(pattern)
        if m:
            obj, q = _singular(m.group("obj")), m.group("q")
            q = "pT" if q.startswith(("p", "transverse")) else q
            kind = kinds[m.group("k")]
            a, b = f"the leading {obj} {q}", f"the subleading {obj} {q}"
            found = _found(text, m.span(), kind, a, b, parse, _defined(kind, a, b))
            if found is not None and m.group("abs"):
                _absolute(found)
            return found

    # "the ratio of the MET to the HT", "the difference between A and B", "the sum of A and B"
    for pattern, kind in (
        (rf"(?:the\s+)?ratio\s+(?:of|between)\s+(?P<a>.+?)\s+(?:to|over|and|/|divided\s+by)\s+"
         rf"(?P<b>.+?){_END}", "ratio"),
        (rf"(?:the\s+)?(?P<abs>absolute\s+)?difference\s+(?:between|of)\s+(?P<a>.+?)\s+"
         rf"(?:and|minus|-)\s+(?P<b>.+?){_END}", "difference"),
        (rf"(?:the\s+)?(?:scalar\s+)?sum\s+of\s+(?P<a>.+?)\s+(?:and|plus|\+)\s+(?P<b>.+?){_END}",
         "sum"),
        (rf"(?:the\s+)?asymmetry\s+(?:between|of)\s+(?P<a>.+?)\s+(?:and|to|vs\.?)\s+(?P<b>.+?)"
         rf"{_END}", "asymmetry"),
    ):  # fmt: skip
        m = search(pattern)
        if m:
            found = _found(text, m.span(), kind, g(m, "a"), g(m, "b"), parse)
            if found is not None:
                found.notes.append(_defined(kind, *_terms(g(m, "a"), g(m, "b"))))
                if m.groupdict().get("abs"):  # "the absolute difference between A and B"
                    _absolute(found)  # (was: the signed difference, "absolute" dropped)
                return found
            if kind == "ratio" and not re.search(_NOT_QUANTITIES, m.group(0)):
                return Reading(
                    question=f"I could not read both terms of '{text[m.start() : m.end()]}' as "
                    "quantities with one value per event. Which two, e.g. 'the ratio of the "
                    "MET to the HT'?"
                )

    # "MET/HT", "the leading muon pT divided by the dimuon mass", "the MET over the HT" (only
    # when both sides are quantities: "jets over 30 GeV" is a cut), "the MET to HT ratio",
    # "the leading muon pT minus the subleading muon pT"
    word = r"[a-z][\w-]*"
    before = rf"(?P<a>(?:{word}\s+){{0,5}}{word})"
    for pattern, kind in (
        (rf"{before}\s*(?:/|\bover\b|\bdivided\s+by\b)\s*(?P<b>.+?)(?:\s+ratio\b)?{_END}", "ratio"),
        (rf"{before}[\s-]+to[\s-]+(?P<b>(?:{word}[\s-]+){{0,3}}?{word})[\s-]+ratio\b", "ratio"),
        (rf"{before}\s+minus\s+(?P<b>.+?){_END}", "difference"),
    ):
        for m in re.finditer(pattern, low):
            second = _term(g(m, "b"), parse)
            if second is None:  # "jets over 30 GeV", "data/MC": no quantity after the sign
                continue
            words = g(m, "a").split()
            for k in range(len(words)):  # the longest words before the sign that are a term
                written = " ".join(words[k:])
                a = _terms(written, g(m, "b"))[0]  # "the subleading-to-leading jet pT ratio"
                first = _term(a, parse)
                if first is None:
                    continue
                if isinstance(first, str) or isinstance(second, str):  # "the jet pT / HT"
                    return Reading(question=first if isinstance(first, str) else second)
                start = m.start("a") + len(g(m, "a")) - len(written)
                rewritten = f"{text[:start]}{_clean(a)}{text[m.end() :]}"
                note = _defined(kind, a, g(m, "b"))
                return Reading(rewritten, kind, first, second, [note])

    # "the pT ratio of the two leading jets": which way is not said
    m = search(rf"\b(?P<q>{_Q})\s+ratio\s+(?:of|between|for)\s+{_TWO_LEADING}")
    if m:
        obj = _singular(m.group("obj"))
        return Reading(
            question=f"Which ratio of the two leading {obj}s: the subleading over the leading "
            f"(between 0 and 1) or the leading over the subleading? Say 'pT2/pT1 of the two "
            f"leading {obj}s' or 'pT1/pT2 of the two leading {obj}s'."
        )

    # "the ratio of the MET" with no second term: asked, never guessed
    m = search(r"\bratio\s+of\s+(?:the\s+)?(?P<a>[a-z][\w\s-]*?)" + _END)
    if m and not re.search(_NOT_QUANTITIES, m.group(0)):
        return Reading(
            question=f"The ratio of {_clean(g(m, 'a'))} to what? Say e.g. 'the ratio of the "
            "MET to the HT'."
        )
    return None


def _defined(kind: str, a: str, b: str) -> str:
    a, b = _clean(a), _clean(b)
    if kind == "asymmetry":
        return (
            f"asymmetry read as (A - B) / (A + B), A = {a}, B = {b} (between -1 and 1; no entry "
            "where A + B is 0)."
        )
    text = f"{kind} read as ({a}) {_SYMBOL[kind]} ({b}), one value per event"
    both_pt = all(re.search(r"\bp_?t\b", x, re.IGNORECASE) for x in (a, b))
    if kind == "sum" and both_pt:  # never the vector sum silently
        text += " (the scalar sum of the two pT; the pT of their vector sum is the pair's pT)"
    return text + "."


def apply(result: Any, reading: Reading) -> Any:
    """The request's own reading (``result``, a ParseResult of the rewritten request) with
    the arithmetic added; asked if the request read its first term differently."""
    d = result.draft
    first = reading.first
    assert first is not None and reading.second is not None
    own = (d.quantity, d.object if first.object else None, d.index, bool(d.pair))
    if own != (first.quantity, first.object, first.index, bool(first.pair)) or d.also:
        result.ask(
            "I could not read the request around the two terms of the "
            f"{reading.kind} with certainty. Could you write it as one plot, e.g. 'the ratio "
            "of the MET to the HT in events with two jets'?"
        )
        return result
    d.arithmetic = reading.kind  # type: ignore[assignment]
    d.second = reading.second
    if reading.absolute:  # "the absolute difference": |first - second|
        d.absolute = True
        result.explicit.add("absolute")
    result.explicit |= {"arithmetic", "second"}
    result.notes += reading.notes
    return result


# --- building ------------------------------------------------------------------------------

_M = TypeVar("_M", bound=BaseModel)


def _merge(first: list[_M], second: list[_M], what: str) -> list[_M]:
    """The union by name; one name for two different definitions is asked about."""
    out = list(first)
    by_name = {x.name: x for x in first}  # type: ignore[attr-defined]
    for x in second:
        name = x.name  # type: ignore[attr-defined]
        if name not in by_name:
            out.append(x)
        elif by_name[name] != x:
            raise SpecError(
                f"The two terms need two different {what} named '{name}'.",
                hint="Plot the two quantities separately, or give them the same requirements.",
            )
    return out


def _ordered_pt(spec: AnalysisSpec, left: Observable, right: Observable) -> int:
    """1: left is the leading pT, right a lower one of the same objects (left >= right); -1:
    the reverse; 0: no order known."""
    same = (left.kind, left.of, left.field, right.kind, right.field) == (
        "field", right.of, "pt", "field", "pt"
    )  # fmt: skip
    if not same or left.index is None or right.index is None or spec.combination(left.of or ""):
        return 0
    return 1 if left.index < right.index else -1


def build(
    draft: Draft,
    catalog: Catalog,
    available: dict[str, set[str]] | None,
    build_one: Callable[[Draft, Catalog, dict[str, set[str]] | None], Any],
) -> Any:
    """The spec of an arithmetic plot (see the module docstring); ``build_one`` builds one
    term's plot (chathep.planner.build._build), returning a Built."""
    kind, second = draft.arithmetic or "", draft.second
    assert second is not None
    taken = [f for f in _NOT_WITH if getattr(draft, f) not in (None, [], False)]
    if taken:
        raise SpecError(
            f"A {kind} of two quantities can be planned for two plain quantities of each event; "
            f"not together with {', '.join(taken)}.",
            hint="Ask for the two quantities' plots separately.",
        )
    plain = {name: None for name in ("arithmetic", "second", *_BINNING)}
    first_draft = draft.model_copy(update=plain, deep=True)
    # both terms' objects in both plots: defined (and cleaned) as when they are plotted together
    for obj in {k for k in (draft.object, second.object) if k is not None}:
        first_draft.req(obj).select = first_draft.req(obj).select or True
    second_draft = first_draft.model_copy(update=second.model_dump(), deep=True)
    built = [
        build_one(first_draft, catalog, available),
        build_one(second_draft, catalog, available),
    ]
    specs: list[AnalysisSpec] = [b.spec for b in built]
    observables = _merge(specs[0].observables, specs[1].observables, "observables")
    terms = [s.histograms[0].observable for s in specs]
    if terms[0] == terms[1]:
        raise SpecError(
            f"Both terms of the {kind} are the same quantity ({terms[0]}).",
            hint="Name two different quantities, e.g. 'the ratio of the MET to the HT'.",
        )
    combinations = _merge(specs[0].combinations, specs[1].combinations, "pairs")
    for i, obs in enumerate(observables):
        if obs.name not in terms or not obs.per_object:
            continue
        comb = next((c for c in combinations if c.name == obs.of), None)
        one = comb is not None and (comb.choose != "all" or comb.leading == comb.size)
        if not one:
            raise SpecError(
                f"'{obs.name}' has one value per object; a {kind} needs one value per event.",
                hint="Say which one, e.g. 'the leading jet pT'.",
            )
        observables[i] = obs.model_copy(update={"index": 0})  # the event's one candidate
    left, right = (next(o for o in observables if o.name == t) for t in terms)
    name = {
        "ratio": f"{left.name}_over_{right.name}",
        "difference": f"{left.name}_minus_{right.name}",
        "sum": f"{left.name}_plus_{right.name}",
        "asymmetry": f"asym_{left.name}_{right.name}",
    }[kind]
    absolute = bool(draft.absolute)  # "the absolute difference", "|pT1 - pT2|"
    if absolute:
        name = f"abs_{name}"
    observables.append(
        Observable(name=name, kind=kind, left=left.name, right=right.name, abs=absolute)  # type: ignore[arg-type]
    )
    selection = _merge(specs[0].selection, specs[1].selection, "selection steps")
    selection = [s for s in selection if not _implied(s, selection)]

    h1, h2 = (s.histograms[0] for s in specs)
    defaults: list[str] = []
    for d in built[0].defaults + built[1].defaults:  # the terms' own histograms are not drawn
        if d not in defaults and not d.startswith(("binning:", "range:", "histogram: one")):
            defaults.append(d)
    ordered = _ordered_pt(specs[0], left, right)
    # "the (absolute) mass difference of the two leading jets": each term's axis label says
    # which jet (was: "|m_j - m_j|"; the pT labels say "Leading" already)
    h1, h2 = (
        h.model_copy(update={"label": _indexed_label(h.label, o)})
        if not any(c.name == o.of for c in combinations)  # a pair's index is its candidate
        else h
        for h, o in ((h1, left), (h2, right))
    )
    label, unit, bins, start, stop = _axis(kind, h1, h2, ordered)
    if absolute:  # |...|: from 0 to the larger end of the signed range
        label, stop = f"|{label}|", max(abs(start), abs(stop))
        bins, start = (bins if start >= 0 else max(1, bins // 2)), 0.0
        defaults.append(f"{kind}: its absolute value |first - second| (>= 0; the axis from 0)")
    what = {"ratio": "denominator", "asymmetry": "sum of the two terms"}
    zero = f", or where the {what[kind]} is 0," if kind in what else ""
    defaults.append(
        f"{kind}: one value per event; an event without the objects a term needs{zero} has no entry"
    )
    if draft.x_label:  # the user's own axis label, as written (not each term's)
        label = draft.x_label
    histogram = _histogram(draft, name, label, unit, bins, start, stop, defaults)
    title = draft.plot_title or _title(kind, specs[0].title, specs[1].title)
    if absolute and not draft.plot_title:  # "|Leading muon pT - subleading muon pT|, ..."
        what, comma, where = title.partition(", ")
        title = f"|{what}|{comma}{where}"
    spec = parse_spec(
        {
            **specs[0].model_dump(exclude={"histograms", "observables", "selection"}),
            "title": title,
            "objects": [
                o.model_dump() for o in _merge(specs[0].objects, specs[1].objects, "objects")
            ],  # fmt: skip
            "combinations": [c.model_dump() for c in combinations],
            "selection": [s.model_dump() for s in selection],
            "observables": [o.model_dump() for o in observables],
            "histograms": [histogram],
        }
    )
    return type(built[0])(spec=spec, defaults=defaults)


def _indexed_label(label: str, observable: Observable) -> str:
    """``label`` with "Leading " / "Subleading " in front where its observable is of the
    leading / subleading object and the label does not say so."""
    word = {0: "Leading", 1: "Subleading"}.get(observable.index)  # type: ignore[arg-type]
    if word is None or re.search(r"\b(?:sub-?)?leading\b", label, re.IGNORECASE):
        return label
    return f"{word} {label}"


def _implied(step: Any, steps: list[Any]) -> bool:
    """ ">= 1 jets" beside ">= 2 jets": the looser count is implied (one cutflow row)."""
    if step.count is None or step.op != ">=":
        return False
    return any(
        s is not step
        and s.count == step.count
        and s.op == ">="
        and (s.value or 0) > (step.value or 0)
        for s in steps
    )


def with_cuts(
    spec: AnalysisSpec,
    objects: list[Any],
    combinations: list[Any],
    observables: list[Any],
    selection: list[Any],
) -> AnalysisSpec:
    """``spec`` with the objects, pairs, observables and steps merged in by a cut builder
    (:mod:`chathep.planner.arithmetic_cuts`, :mod:`chathep.planner.event_cuts`); a count step
    implied by a tighter one is dropped (one cutflow row)."""
    selection = [s for s in selection if not _implied(s, selection)]
    return parse_spec(
        {
            **spec.model_dump(exclude={"objects", "combinations", "observables", "selection"}),
            "objects": [o.model_dump() for o in objects],
            "combinations": [c.model_dump() for c in combinations],
            "observables": [o.model_dump() for o in observables],
            "selection": [s.model_dump() for s in selection],
        }
    )


def _axis(
    kind: str, h1: Histogram, h2: Histogram, ordered: int
) -> tuple[str, str, int, float, float]:
    """(label, unit, bins, start, stop) of the arithmetic of two terms' histograms."""
    if kind in _SAME_UNIT and h1.unit != h2.unit:
        units = f"{h1.unit or 'no unit'} and {h2.unit or 'no unit'}"
        raise SpecError(
            f"The two terms of the {kind} have different units ({units}).",
            hint="A ratio of them can be plotted; or name two quantities of one unit.",
        )
    a, b = h1.label, h2.label
    lo1, hi1, lo2, hi2 = (float(x or 0.0) for x in (h1.start, h1.stop, h2.start, h2.stop))
    if kind == "ratio":
        if ordered == -1:  # pT2 / pT1: between 0 and 1
            return f"{a} / {b}", "", 20, 0.0, 1.0
        if ordered == 1:  # pT1 / pT2: 1 and above
            return f"{a} / {b}", "", 40, 1.0, 5.0
        return f"{a} / {b}", "", 40, 0.0, 2.0
    if kind == "asymmetry":
        label = f"({a} - {b}) / ({a} + {b})"
        return (label, "", 20, 0.0, 1.0) if ordered == 1 else (label, "", 20, -1.0, 1.0)
    if kind == "difference":
        if ordered == 1:  # pT1 - pT2 >= 0
            return f"{a} - {b}", h1.unit, h1.bins or 30, 0.0, hi1
        return (
            f"{a} - {b}",
            h1.unit,
            min(100, (h1.bins or 30) + (h2.bins or 30)),
            lo1 - hi2,
            hi1 - lo2,
        )
    return f"{a} + {b}", h1.unit, max(h1.bins or 30, h2.bins or 30), lo1 + lo2, hi1 + hi2


def _histogram(
    draft: Draft, name: str, label: str, unit: str, bins: int, start: float, stop: float,
    defaults: list[str],
) -> dict[str, Any]:  # fmt: skip
    """The plotted histogram: the request's binning, else the default (stated)."""
    unit_text = f" {unit}" if unit else ""
    explicit = draft.start is not None and draft.stop is not None
    if explicit:
        start, stop = float(draft.start), float(draft.stop)  # type: ignore[arg-type]
    if draft.edges:
        binning: dict[str, Any] = {"edges": list(draft.edges)}
    else:
        outside = "" if explicit else " (entries outside are not drawn)"
        if draft.bins is not None or draft.bin_width is not None:
            bins = draft.bins or max(1, round((stop - start) / (draft.bin_width or 1.0)))
            if not explicit:
                defaults.append(f"range: {start:g} to {stop:g}{unit_text}{outside}")
        else:
            defaults.append(f"binning: {bins} bins from {start:g} to {stop:g}{unit_text}{outside}")
        binning = {"bins": bins, "start": start, "stop": stop}
    if draft.log_x and not draft.edges and start <= 0:
        raise SpecError(
            f"A logarithmic x axis cannot start at {start:g}.",
            hint="Give a range above 0, e.g. 'from 0.1 to 10'.",
        )
    return {
        "name": name, "observable": name, "label": label, "unit": unit,
        "log_y": bool(draft.log_y), "log_x": bool(draft.log_x), "density": bool(draft.density),
        "unit_area": bool(draft.unit_area), "mc_to_data": bool(draft.mc_to_data), **binning,
    }  # fmt: skip


def _title(kind: str, first: str, second: str) -> str:
    """ "Leading jet pT / dimuon pT, 2018 data vs DY" from the terms' plot titles."""
    a, _, where = first.partition(", ")
    b = second.partition(", ")[0]
    b = b[:1].lower() + b[1:]
    what = f"Asymmetry of {a[:1].lower() + a[1:]} and {b}" if kind == "asymmetry" else (
        f"{a} {_SYMBOL[kind]} {b}"
    )  # fmt: skip
    return f"{what}, {where}" if where else what
