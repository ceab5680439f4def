"""Event selections on arithmetic of two per-event quantities: "the leading jet pT in events with
MET/HT > 0.5", "the dimuon mass for events with pT2/pT1 of the two leading muons above 0.3",
"require MET/HT < 1".

Reading (:func:`read`): a comparison with a number ("> 0.5", "above 0.3") whose left side, in
its clause ("in events with", "require", "where", ...), is a ratio, difference, sum or asymmetry
read by :mod:`chathep.planner.arithmetic` (the same words as a plotted one), with both terms
read with certainty. The clause is taken out of the request (the plotted quantity stays the one
named) and the draft carries the cut (``Draft.arithmetic_cuts``). A clause whose terms cannot be
read with certainty asks one question.

Building (:func:`build`): the plot is built without the cut; each term is built as its own plot
from the same draft (the same objects, cuts and samples, as :mod:`chathep.planner.arithmetic`
does), their objects and observables are merged into the plot's spec, and the arithmetic
observable is cut on in one more selection step (stated in the plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import chathep.regex as re
from chathep.catalog import Catalog
from chathep.errors import SpecError
from chathep.planner import arithmetic
from chathep.planner.draft import ArithmeticCut, Draft, Term
from chathep.spec import AnalysisSpec, Observable, Step

#: Words that open a selection clause: "in events with", "for events where", "require",
#: "requiring", "with", "where", "if"; or a comma / semicolon / parenthesis
_LEAD = (
    r"(?P<lead>(?:\b(?:in|for|of|from|select|selecting|keep|keeping)\s+)?(?:(?:only\s+)?(?:the\s+|all\s+)?"
    r"events?\s+)?(?:\b(?:with|where|having|requiring|require|required|if|that\s+have|in\s+which"
    r"|and|cut)\b(?:\s+(?:that|the|a))?\s*(?::\s*)?)|[,;(]\s*)"
)
#: The comparison and its number ("> 0.5", "above 0.3", "of at least 1.2")
_OPS = {
    ">=": ">=", "=>": ">=", "≥": ">=", "<=": "<=", "=<": "<=", "≤": "<=", ">": ">", "<": "<",
    "above": ">", "greater than": ">", "larger than": ">", "more than": ">", "exceeding": ">",
    "over": ">", "at least": ">=", "below": "<", "less than": "<", "smaller than": "<",
    "under": "<", "at most": "<=",
}  # fmt: skip
_OP = (
    r"(?P<op>>=|=>|≥|<=|=<|≤|>|<|(?:(?:is|be|of)\s+)?\b(?:above|greater\s+than|larger\s+than"
    r"|more\s+than|exceeding|over|at\s+least|below|less\s+than|smaller\s+than|under|at\s+most)"
    r"\b)"
)
_NUMBER = r"-?(?:\d+(?:\.\d*)?|\.\d+)(?![\d.])"
_UNIT = r"(?:\s*(?P<unit>gev|tev|%)(?!\w))?"
_VALUE = rf"(?P<value>{_NUMBER}){_UNIT}"
_EXPR = r"(?P<expr>[^,;()<>=]+?)"
#: "MET/HT > 0.5", "pT2/pT1 of the two leading muons above 0.3"
_CUT = re.compile(_LEAD + _EXPR + r"\s*" + _OP + r"\s*" + _VALUE, re.IGNORECASE)
#: "MET/HT between 0.2 and 0.5", "0.2 < MET/HT < 0.5": both ends, two selection steps
_RANGES = (
    re.compile(
        _LEAD + _EXPR + rf"\s+(?:is\s+)?between\s+(?P<lo>{_NUMBER})\s*(?:and|-|to)\s*"
        rf"(?P<value>{_NUMBER}){_UNIT}",
        re.IGNORECASE,
    ),
    re.compile(
        _LEAD + rf"(?P<lo>{_NUMBER})\s*(?P<lo_op><=?)\s*{_EXPR}\s*(?P<op><=?)\s*(?P<value>"
        rf"{_NUMBER}){_UNIT}",
        re.IGNORECASE,
    ),
)
#: How each kind joins its two terms in the plan's words
_SYMBOL = {"ratio": "/", "difference": "-", "sum": "+"}
#: Draft fields of the plot that a term's own plot does not take (a term is a plain quantity)
_PLOT_ONLY = (
    "also", "also_before", "other", "with_met", "nearest", "charge", "z_candidate",
    "all_pairs", "max_mass", "max_pt", "min_dr", "leading_pair", "target_mass", "size",
    "gen_particle",
    "sv", "zz", "z_part",
    "branch", "not_in_pair", "reduce", "per_event", "first_n", "system", "arithmetic",
    "second", "arithmetic_cuts", "bins", "start", "stop", "bin_width", "edges", "log_x",
    "density", "absolute", "plot_title", "x_label", "log_y", "unit_area", "mc_to_data",
)  # fmt: skip

#: The parser's reading of a request alone (a ParseResult)
Parse = Callable[[str], Any]


@dataclass
class Reading:
    """The request without its arithmetic cuts, the cuts, notes, or one question."""

    text: str
    cuts: list[ArithmeticCut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    question: str | None = None


def read(text: str, parse: Parse) -> Reading:
    """The arithmetic cuts of ``text`` (see the module docstring); ``parse`` reads a phrase
    alone (for the terms)."""
    out = Reading(text)
    spans: list[tuple[int, int]] = []
    matches = [m for pattern in _RANGES for m in pattern.finditer(text)]
    matches += [
        m for m in _CUT.finditer(text) if not any(r.start() <= m.start() < r.end() for r in matches)
    ]
    for m in sorted(matches, key=lambda m: m.start()):
        expr = m.group("expr").strip()
        if not re.search(_ARITHMETIC_WORDS, expr, re.IGNORECASE):
            continue  # "muons with pT > 25": no arithmetic (the parser reads it)
        found = arithmetic.read(arithmetic.absolute_forms(expr)[0], parse)  # "|pT1 - pT2|"
        if found is None:
            continue
        said = m.group(0).strip(" ,;(")
        if found.question is not None:
            out.question = found.question
            return out
        first, second = found.first, found.second
        assert first is not None and second is not None
        if arithmetic._term(found.text, parse) != first:  # words besides the two terms
            out.question = (
                f"I could not read '{said}' as a cut on a {found.kind} of two quantities with "
                "certainty. Could you write it as e.g. 'in events with MET/HT > 0.5'?"
            )
            return out
        bounds = _bounds(m)
        unit = (m.group("unit") or "").lower()
        if unit in ("gev", "tev") and found.kind in ("ratio", "asymmetry"):
            out.question = (
                f"A {found.kind} has no unit, but the cut '{said}' gives {unit.upper()}. Which "
                "value did you mean?"
            )
            return out
        if unit == "%" and found.kind not in ("ratio", "asymmetry"):
            out.question = f"The cut '{said}' gives a percentage of a {found.kind}: of what?"
            return out
        scale = {"tev": 1000.0, "%": 0.01}.get(unit, 1.0)  # "MET/HT > 50%": 0.5
        words = arithmetic._defined(found.kind, *_written(found))
        if found.absolute:  # "|(leading muon pT) - (subleading muon pT)|"
            words = words.replace(" as (", " as |(", 1).replace("), one", ")|, one", 1)
        for op, value in bounds:
            value = float(f"{value * scale:.12g}")
            out.cuts.append(
                ArithmeticCut(
                    kind=found.kind,  # type: ignore[arg-type]
                    first=first,
                    second=second,
                    op=op,  # type: ignore[arg-type]
                    value=value,
                    absolute=found.absolute,
                )
            )
        shown = " and ".join(f"{op} {float(f'{v * scale:.12g}'):g}" for op, v in bounds)
        percent = " (the percentage as a fraction)" if unit == "%" else ""
        out.notes.append(f"event selection {expr} {shown}{percent}: {words}")
        start = m.start("lead") if m.group("lead").strip() not in (",", ";", "(") else m.start()
        spans.append((start, m.end()))
    for start, end in reversed(spans):
        out.text = out.text[:start] + " " + out.text[end:]
    out.text = re.sub(r"\s+", " ", out.text).strip(" ,;")
    return out


#: Words of arithmetic in a cut's left side (else the parser reads the cut itself)
_ARITHMETIC_WORDS = (
    r"/|\bratio\b|\bover\b|\bdivided\b|\bminus\b|\basymmetry\b|\bdifference\b|\bbalance\b"
    r"|p_?t_?\{?[12]\}?\s*[-+]"
)


def _bounds(m: re.Match[str]) -> list[tuple[str, float]]:
    """(op, value) of each end the match gives: one for "> 0.5", two for a range."""
    groups = m.groupdict()
    value = float(m.group("value"))
    if groups.get("lo") is None:
        op = re.sub(r"^(?:is|be|of)\s+", "", re.sub(r"\s+", " ", m.group("op").lower()))
        return [(_OPS[op], value)]
    lo = float(m.group("lo"))
    if groups.get("lo_op") is None:  # "between 0.2 and 0.5": both ends excluded
        return [(">", lo), ("<", value)]
    flip = {"<": ">", "<=": ">="}
    return [(flip[m.group("lo_op")], lo), (m.group("op"), value)]


def _written(found: arithmetic.Reading) -> tuple[str, str]:
    """The two terms in words, for the plan's sentence."""

    def words(t: Term | None) -> str:
        assert t is not None
        index = "" if t.index is None else {0: "leading ", 1: "subleading "}.get(t.index, "")
        what = {"met": "MET", "ht": "HT", "mht": "MHT", "pt": "pT"}.get(t.quantity, t.quantity)
        obj = f"{t.object}{' pair' if t.pair else ''} " if t.object else ""
        return f"the {index}{obj}{what}"

    return words(found.first), words(found.second)


# --- building ------------------------------------------------------------------------------


def build(
    draft: Draft,
    catalog: Catalog,
    available: dict[str, set[str]] | None,
    build_one: Callable[[Draft, Catalog, dict[str, set[str]] | None], Any],
) -> Any:
    """The plot's spec with the draft's arithmetic cuts as selection steps (see the module
    docstring); ``build_one`` builds one plot (chathep.planner.build._build), a Built."""
    cuts = list(draft.arithmetic_cuts or [])
    base = draft.model_copy(update={"arithmetic_cuts": None}, deep=True)
    # every term's objects in every part: defined (and cleaned) as when used together
    kinds = {k for c in cuts for k in (c.first.object, c.second.object) if k is not None}
    kinds |= {k for k in (draft.object, draft.other) if k is not None}
    for kind in kinds:
        base.req(kind).select = base.req(kind).select or True
    main = build_one(base, catalog, available)
    spec: AnalysisSpec = main.spec
    objects, combinations = list(spec.objects), list(spec.combinations)
    observables, selection = list(spec.observables), list(spec.selection)
    defaults = list(main.defaults)
    plain = base.model_copy(update=dict.fromkeys(_PLOT_ONLY), deep=True)
    for cut in cuts:
        names = []
        for term in (cut.first, cut.second):
            built = build_one(plain.model_copy(update=term.model_dump(), deep=True), catalog,
                              available)  # fmt: skip
            part: AnalysisSpec = built.spec
            objects = arithmetic._merge(objects, part.objects, "objects")
            combinations = arithmetic._merge(combinations, part.combinations, "pairs")
            selection = arithmetic._merge(selection, part.selection, "selection steps")
            name = part.histograms[0].observable
            obs = part.observable(name)
            if obs.per_object:
                raise SpecError(
                    f"'{name}' has one value per object; a cut on a {cut.kind} needs one value "
                    "per event.",
                    hint="Say which one, e.g. 'the leading jet pT'.",
                )
            observables = arithmetic._merge(observables, part.observables, "observables")
            names.append(name)
            for d in built.defaults:
                if d not in defaults and not d.startswith(("binning:", "range:", "histogram:")):
                    defaults.append(d)
        if names[0] == names[1]:
            raise SpecError(
                f"Both terms of the {cut.kind} cut are the same quantity ({names[0]}).",
                hint="Name two different quantities, e.g. 'MET/HT > 0.5'.",
            )
        left, right = names
        name = ("abs_" if cut.absolute else "") + {
            "ratio": f"{left}_over_{right}",
            "difference": f"{left}_minus_{right}",
            "sum": f"{left}_plus_{right}",
            "asymmetry": f"asym_{left}_{right}",
        }[cut.kind]
        observables = arithmetic._merge(
            observables,
            [Observable(name=name, kind=cut.kind, left=left, right=right, abs=cut.absolute)],  # type: ignore[arg-type]
            "observables",
        )
        shown = (
            f"({left} - {right}) / ({left} + {right})"
            if cut.kind == "asymmetry"
            else f"{left} {_SYMBOL[cut.kind]} {right}"
        )
        shown = f"|{shown}|" if cut.absolute else shown
        step = Step(name=f"{shown} {cut.op} {cut.value:g}", observable=name, op=cut.op,
                    value=cut.value)  # fmt: skip
        selection = arithmetic._merge(selection, [step], "selection steps")
        zero = {"ratio": f" or {right} is 0", "asymmetry": " or the sum is 0"}.get(cut.kind, "")
        defaults.append(
            f"event selection {shown} {cut.op} {cut.value:g} (one value per event): an event "
            f"without the objects a term needs{zero} fails it"
        )
    new = arithmetic.with_cuts(spec, objects, combinations, observables, selection)
    return type(main)(spec=new, defaults=defaults)
