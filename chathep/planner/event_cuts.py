"""Event selections on one per-event quantity that is not a cut on every object: "the MET in
events with the dimuon pT above 50 GeV", "the MET for events where the leading muon pT is between
30 and 50 GeV", "the dimuon mass when the subleading muon has pT above 20 GeV", "the dijet mass
in events with |delta eta| between the two leading jets above 3.5", "|Δη(j1,j2)| > 3.5".

Reading (:func:`read`): a comparison with a number ("above 50 GeV", "> 3.5", "between 20 and
100 GeV") whose left side, in a condition clause ("in events with", "where", "when", "require",
...), reads alone as one of these quantities, with nothing else said:

- the pT of a pair (the dimuon, dijet, Z candidate pT): the pair the plan forms for those
  objects when it plots the pair (its pairing rule, stated in the plan);
- the pT of one ranked object (the leading, subleading, third muon): events without that object
  fail. A lower bound on the leading object alone is left to the parser (``lead_pt_min``);
- |delta eta|, |delta phi| or delta R between two objects (the two leading jets, or a leading
  object and another one or the MET).

A pair's mass is left to the parser (a pair in the mass window: ``pair_mass_min``). The clause
is taken out of the request (the plotted quantity stays the one named) and the draft carries the
cut (``Draft.event_cuts``).

Building (:func:`build`): the plot is built without the cuts; each cut's quantity is built as
its own plot from the same draft (the same objects, cuts and samples), its objects, pairs,
steps and observable are merged into the plot's spec, and the observable is cut on in one more
selection step (stated in the plan). As :mod:`chathep.planner.arithmetic_cuts` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chathep.catalog import Catalog
from chathep.errors import SpecError
from chathep.planner import arithmetic
from chathep.planner.draft import Draft, EventCut
from chathep.spec import AnalysisSpec, Step

#: Words that open a condition clause: "in events with", "for events where", "when", "require"
_LEAD = (
    r"(?P<lead>(?:\b(?:in|for|of|from|select|selecting|keep|keeping)\s+)?(?:(?:only\s+)?"
    r"(?:the\s+|all\s+|those\s+)?events?\s+)?\b(?:with|where|whose|having|requiring|require|if"
    r"|when|in\s+which|and|cut(?:ting)?\s+on)\b(?:\s+(?:that|a))?\s*(?::\s*)?)"
)
#: A condition opened before an "and" ("events with MET > 50 and the dijet pT above 100")
_OPENER = re.compile(
    r"\b(?:with|where|whose|having|requiring|require|if|when|events?)\b", re.IGNORECASE
)
#: The comparison words and the op they mean
_OPS = {
    ">=": ">=", "=>": ">=", "≥": ">=", "<=": "<=", "=<": "<=", "≤": "<=", ">": ">", "<": "<",
    "above": ">", "greater than": ">", "larger than": ">", "more than": ">", "higher than": ">",
    "exceeding": ">", "exceeds": ">", "exceed": ">", "over": ">", "at least": ">=",
    "below": "<", "less than": "<", "smaller than": "<", "lower than": "<", "under": "<",
    "at most": "<=",
}  # fmt: skip
_OP = (
    r"(?P<op>>=|=>|≥|<=|=<|≤|>|<|(?:(?:is|are|be|of)\s+)?\b(?:above|greater\s+than|larger\s+than"
    r"|more\s+than|higher\s+than|exceeding|exceeds?|over|at\s+least|below|less\s+than"
    r"|smaller\s+than|lower\s+than|under|at\s+most)\b)"
)
_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)(?!\d|\.\d)"  # "above 3.5." ends a sentence
_UNIT = r"(?:\s*(?P<unit>gev|tev)(?!\w))?"
#: The quantity: words, "|...|" and one "(...)" group ("|Δη(j1,j2)|"); no clause break
_EXPR = r"(?P<expr>(?:[^,;()<>=≤≥.]|\([^()]{0,30}\)|\.\d)+?)"
_CUT = re.compile(_LEAD + _EXPR + r"\s*" + _OP + rf"\s*(?P<value>{_NUMBER}){_UNIT}", re.IGNORECASE)
_RANGE = re.compile(
    _LEAD + _EXPR + rf"\s+(?:is\s+|are\s+)?between\s+(?P<lo>{_NUMBER})\s*(?:gev\s*)?"
    rf"(?:and|-|to)\s*(?P<value>{_NUMBER}){_UNIT}",
    re.IGNORECASE,
)
#: "the subleading muon has pT": the verb joining an object and its quantity
_JOIN = re.compile(r"\s+(?:has|have|having|with|is|are)\s+(?:an?\s+|the\s+)?", re.IGNORECASE)
_ANGLES = ("delta_eta", "delta_phi", "delta_r")
#: "the leading muon has pT above": the wording the parser reads as ``lead_pt_min``
_LEAD_CUT = re.compile(
    r"\b(?:leading|hardest|highest[- ]pt|first)\s+(?:muon|electron|jet|bjet|photon|tau|lepton)s?"
    r"\s+(?:(?:to\s+have|with|has|having|must\s+have|should\s+have|is|be)\s+)?(?:an?\s+)?"
    r"(?:pt\s*)?(?:>=|=>|>|above|over|greater\s+than|more\s+than|larger\s+than|higher\s+than"
    r"|exceeding|exceeds?|at\s+least)$",
    re.IGNORECASE,
)
#: the quantities with a unit (GeV): a cut on them without one is in GeV; an angle has none
_GEV = ("pt",)
#: Draft fields of the plot that a cut's own plot does not take (it is a plain quantity)
_PLOT_ONLY = (
    "also", "other", "with_met", "nearest", "charge", "z_candidate", "all_pairs", "max_mass",
    "max_pt", "leading_pair", "target_mass", "size", "gen_particle", "sv", "zz", "z_part",
    "branch", "not_in_pair", "reduce", "per_event", "first_n", "system", "arithmetic",
    "second", "arithmetic_cuts", "event_cuts", "bins", "start", "stop", "bin_width", "edges",
    "log_x", "density", "absolute", "plot_title", "log_y", "unit_area", "pair", "index",
)  # fmt: skip
#: The cut's fields: set from the quantity read alone
_TERM = ("quantity", "object", "pair", "index", "other", "with_met")

#: The parser's reading of a request alone (a ParseResult)
Parse = Callable[[str], Any]


@dataclass
class Reading:
    """The request without its event cuts, the cuts and their notes."""

    text: str
    cuts: list[EventCut] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read(text: str, parse: Parse) -> Reading:
    """The event cuts of ``text`` (see the module docstring); ``parse`` reads a phrase alone."""
    out = Reading(text)
    spans: list[tuple[int, int]] = []
    matches = list(_RANGE.finditer(text))
    matches += [
        m for m in _CUT.finditer(text) if not any(r.start() <= m.start() < r.end() for r in matches)
    ]
    for m in sorted(matches, key=lambda m: m.start()):
        if any(s <= m.start() < e for s, e in spans):
            continue
        if re.match(r"and\b", m.group("lead"), re.IGNORECASE) and not _OPENER.search(
            text[max(text.rfind(".", 0, m.start()), text.rfind(";", 0, m.start())) + 1 : m.start()]
        ):
            continue  # "the dimuon mass and the dimuon pT above 50 GeV": a list, not a condition
        expr = _JOIN.sub(" ", m.group("expr").strip())
        term = _term(expr, parse)
        if term is None:
            continue
        unit = (m.group("unit") or "").lower()
        if unit and term["quantity"] not in _GEV:
            continue  # "delta eta above 3.5 GeV": asked by the parser
        scale = 1000.0 if unit == "tev" else 1.0
        bounds = _bounds(m, scale)
        lower = all(op in (">", ">=") for op, _ in bounds)
        ranked = term["quantity"] == "pt" and not term.get("pair")
        said = text[m.start("expr") : m.end("op") if m.groupdict().get("lo") is None else m.end()]
        if ranked and term.get("index") == 0 and lower and _LEAD_CUT.search(said):
            continue  # "the leading muon has pT above 30 GeV": the parser's lead_pt_min
        upper = not any(op in (">", ">=") for op, _ in bounds)
        if ranked and (term.get("index") or 0) >= 1 and upper:
            # "the third jet pT below 30 GeV" is often a veto (events with two jets pass):
            # asked by the parser, never read as "events without a third jet fail"
            continue
        if ranked and term.get("index") == 1 and lower and _leading_named(text, term["object"]):
            # "the leading muon above 30 GeV and the subleading above 10 GeV": the parser reads
            # the usual pair of thresholds (two muons above the lower one)
            continue
        for op, value in bounds:
            out.cuts.append(EventCut(**term, op=op, value=value))  # type: ignore[arg-type]
        spans.append((m.start(), m.end()))
    for start, end in reversed(spans):
        out.text = out.text[:start] + " " + out.text[end:]
    out.text = re.sub(r"\s+", " ", out.text).strip(" ,;")
    return out


def _leading_named(text: str, kind: str) -> bool:
    """Whether ``text`` names the leading ``kind`` too ("the leading muon pT > 30 GeV")."""
    return re.search(rf"(?<!sub)(?<!sub-)\bleading\s+{kind}", text, re.IGNORECASE) is not None


def _term(expr: str, parse: Parse) -> dict[str, Any] | None:
    """The fields of the one per-event quantity ``expr`` names alone, else None."""
    if not re.search(r"\w", expr):
        return None
    found = parse(expr)
    if found.question or found.unplaced or found.notes:
        return None
    d: Draft = found.draft
    said = {k for k, v in d.model_dump(exclude_none=True).items() if v not in ({}, [], False)}
    if not said <= {*_TERM, "absolute"}:
        return None  # more than one quantity: a cut, a sample, a binning ...
    q = d.quantity
    if q == "pt" and d.pair and d.object:
        pass  # the dimuon pT
    elif q == "pt" and d.index is not None and d.object and not d.pair:
        pass  # the subleading muon pT
    elif q in _ANGLES and d.with_met and d.index is None:
        # "delta phi(jet, MET) > 0.5": which jet (the leading, or every jet as in a min-delta-phi
        # cut)? asked, as before; "the leading jet and the MET" is read below
        return None
    elif q in _ANGLES and d.object and not d.nearest and d.other is None:
        # |delta eta| of the two leading jets, |delta phi| of the leading jet and the MET (of
        # two kinds of objects, the plot's and the angle's objects differ: jets are not cleaned
        # against the muons they are compared with; asked by the parser)
        pass
    else:
        return None
    term = {k: getattr(d, k) for k in _TERM if getattr(d, k) is not None}
    return term


def _bounds(m: re.Match[str], scale: float) -> list[tuple[str, float]]:
    """(op, value) of each end the match gives: one for "> 50", two for "between 20 and 100"."""
    value = float(f"{float(m.group('value')) * scale:.12g}")
    if m.groupdict().get("lo") is None:
        op = re.sub(r"^(?:is|are|be|of)\s+", "", re.sub(r"\s+", " ", m.group("op").lower()))
        return [(_OPS[op], value)]
    lo = float(f"{float(m.group('lo')) * scale:.12g}")
    return [(">", lo), ("<", value)]


# --- building ------------------------------------------------------------------------------


def words(cut: EventCut) -> str:
    """The cut's quantity in words: "the dimuon pT", "the subleading muon pT"."""
    from chathep.registry.objects import PAIR_NAMES

    rank = {0: "leading ", 1: "subleading ", 2: "third ", 3: "fourth "}
    index = "" if cut.index is None else rank.get(cut.index, f"#{cut.index + 1} ")
    if cut.quantity == "pt":
        pair = PAIR_NAMES[cut.object][0] if cut.object in PAIR_NAMES else f"{cut.object} pair"
        return f"the {pair if cut.pair else f'{index}{cut.object}'} pT"
    name = {"delta_eta": "|delta eta|", "delta_phi": "|delta phi|", "delta_r": "delta R"}
    first = f"the {index or 'leading '}{cut.object}"
    if cut.with_met:
        return f"{name[cut.quantity]} of {first} and the MET"
    if cut.other:
        return f"{name[cut.quantity]} of {first} and the leading {cut.other}"
    return f"{name[cut.quantity]} of the two leading {cut.object}s"


def build(
    draft: Draft,
    catalog: Catalog,
    available: dict[str, set[str]] | None,
    build_one: Callable[[Draft, Catalog, dict[str, set[str]] | None], Any],
) -> Any:
    """The plot's spec with the draft's event cuts as selection steps (see the module
    docstring); ``build_one`` builds one plot (chathep.planner.build._build), a Built."""
    cuts = list(draft.event_cuts or [])
    base = draft.model_copy(update={"event_cuts": None}, deep=True)
    # every cut's objects in the plot: defined (and cleaned) as when used together
    kinds = {k for c in cuts for k in (c.object, c.other) if k is not None}
    kinds |= {k for k in (draft.object, draft.other) if k is not None}
    for kind in kinds:
        base.req(kind).select = base.req(kind).select or True
    main = build_one(base, catalog, available)
    spec: AnalysisSpec = main.spec
    objects, combinations = list(spec.objects), list(spec.combinations)
    observables, selection = list(spec.observables), list(spec.selection)
    defaults = list(main.defaults)
    plain = base.model_copy(update=dict.fromkeys(_PLOT_ONLY), deep=True)
    terms: dict[str, list[EventCut]] = {}  # one plan sentence per quantity ("> 20 and < 100")
    for cut in cuts:
        terms.setdefault(words(cut), []).append(cut)
    for said, same in terms.items():
        term = same[0].model_dump(include=set(_TERM))
        built = build_one(plain.model_copy(update=term, deep=True), catalog, available)
        part: AnalysisSpec = built.spec
        objects = arithmetic._merge(objects, part.objects, "objects")
        combinations = arithmetic._merge(combinations, part.combinations, "pairs")
        selection = arithmetic._merge(selection, part.selection, "selection steps")
        obs = part.observable(part.histograms[0].observable)
        if obs.per_object:  # a pair's quantity: the event's one candidate
            comb = next((c for c in combinations if c.name == obs.of), None)
            if comb is None or (comb.choose == "all" and comb.leading != comb.size):
                raise SpecError(
                    f"'{said}' has one value per object or pair; an event cut needs one value "
                    "per event.",
                    hint="Say which one, e.g. 'the leading jet pT'.",
                )
            obs = obs.model_copy(update={"name": f"{obs.name}_cut", "index": 0})
        _check_threshold(said, same, part)
        wanted = [o for o in part.observables if o.name != part.histograms[0].observable]
        observables = arithmetic._merge(observables, [*wanted, obs], "observables")
        unit = " GeV" if same[0].quantity in _GEV else ""
        for cut in same:
            step = Step(name=f"{said.removeprefix('the ')} {cut.op} {cut.value:g}{unit}",
                        observable=obs.name, op=cut.op, value=cut.value)  # fmt: skip
            selection = arithmetic._merge(selection, [step], "selection steps")
        for d in built.defaults:
            if d not in defaults and not d.startswith(("binning:", "range:", "histogram:")):
                defaults.append(d)
        bounds = " and ".join(f"{c.op} {c.value:g}{unit}" for c in same)
        defaults.append(f"event selection {said} {bounds}: {_how(same[0])}")
    new = arithmetic.with_cuts(spec, objects, combinations, observables, selection)
    return type(main)(spec=new, defaults=defaults)


def _check_threshold(said: str, cuts: list[EventCut], part: AnalysisSpec) -> None:
    """An upper bound on an object's pT at or below the pT its objects are selected above
    passes no event ("the leading jet pT below 25 GeV" of jets above 30 GeV): asked."""
    if cuts[0].quantity != "pt" or cuts[0].pair:
        return
    for obj in part.objects:
        low = max(
            (float(c.value) for c in obj.cuts if c.field == "pt" and c.op in (">", ">=")
             and not c.abs and isinstance(c.value, (int, float))),
            default=None,
        )  # fmt: skip
        for cut in cuts:
            if low is not None and cut.op in ("<", "<=") and cut.value <= low:
                raise SpecError(
                    f"No event passes {said} {cut.op} {cut.value:g} GeV: the {obj.name} are "
                    f"selected with pT > {low:g} GeV.",
                    hint=f"Lower the {obj.name} pT threshold (e.g. '{obj.name} above 20 GeV'), "
                    "or say what the cut should do.",
                )


def _how(cut: EventCut) -> str:
    """Which objects the cut is on, and what happens to events without them (for the plan)."""
    if cut.pair:
        return (
            f"of the {cut.object} pair the plan forms (as when it is plotted); events without "
            "such a pair fail"
        )
    if cut.quantity == "pt":
        return f"on that one {cut.object} only; events without it fail"
    return "one value per event (as when it is plotted); events without the two objects fail"
