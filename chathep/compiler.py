"""Compile an :class:`~chathep.spec.AnalysisSpec` into a readable, self-contained coffea module.

The code is rendered from Jinja2 templates (``chathep/templates/``): a coffea ``ProcessorABC``
on ``NanoAODSchema`` with ``PackedSelection`` (the cutflow), ``Weights`` (with up/down
variations) and one ``hist.Hist`` per histogram with axes dataset / systematic / observable.
This module only builds Python *expressions* from the spec; the structure lives in the
template, where a physicist can read it. The output is formatted with ``ruff format``.
"""

from __future__ import annotations

import math
import pprint
import re
import subprocess
import sys
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import jinja2

from chathep.catalog import Catalog, Sample, default_catalog
from chathep.config import Settings, get_settings
from chathep.correction_convert import JER_NAME, JES_NAME, OUT_NAME, ensure_converted
from chathep.corrections_info import btag_cuts, electron_sf_object, muon_sf_object
from chathep.data import data_dir
from chathep.describe import combination_words, cut_text, region_text, summary
from chathep.errors import SpecError
from chathep.registry import corrections as corrections_registry
from chathep.registry.corrections import (
    BTAG_EFF_FILE,
    BTAG_SF,
    ELECTRON_SF,
    JEC,
    JER,
    JER_MATCH_DR,
    JER_MATCH_SIGMAS,
    JES_SOURCES,
    MUON_SF,
    PARTON_SHOWER,
    PILEUP,
    THEORY_PDF,
    THEORY_SCALE,
    TOP_PT,
    TOP_PT_A,
    TOP_PT_B,
    XSEC_UNC,
)
from chathep.registry.eras import BTAG_FIELDS, BTAG_WORKING_POINTS
from chathep.registry.fields import DERIVED_FIELDS
from chathep.resolve import ResolvedAnalysis, resolve_analysis
from chathep.results import SCHEMA_VERSION
from chathep.spec import (
    ARITHMETIC,
    BETWEEN_TWO,
    MERGED_FIELDS,
    MET_NAME,
    AnalysisSpec,
    Combination,
    Cut,
    Histogram,
    ObjectDef,
    Observable,
    Step,
)

#: Seed of the Rochester kSmearMC randoms (counter-based, so reproducible per muon).
ROCHESTER_SEED = 20180
#: Seed of the JER stochastic smearing randoms (counter-based, so reproducible per jet).
JER_SEED = 20181
#: The key of the event's primary-vertex record (NanoAOD PV) among the analysis objects
PV_NAME = "PV"
#: How the module's observable_axis makes each kind of histogram axis (its docstring)
AXIS_DOC = {
    "regular": "regular in x",
    "log": 'regular in log(x) ("log")',
    "variable": "variable edges",
}
_PY_OPS = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "==": "==", "!=": "!="}


def _literal(value: Any) -> str:
    """A Python literal that ruff formats well (long strings are split by pprint)."""
    return pprint.pformat(value, width=88, sort_dicts=False)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("chathep", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = _literal
    return env


# --- expressions ---------------------------------------------------------------------


def _number(value: float) -> str:
    return repr(float(value)) if not float(value).is_integer() else f"{float(value):.1f}"


def cut_expr(var: str, cut: Cut) -> str:
    """One object cut as an awkward expression, e.g. ``(abs(muons.eta) < 2.4)``."""
    field = _field_of(var, cut.field)
    if cut.bit is not None:  # one bit of a flag field, e.g. GenPart statusFlags bit 13
        positive = cut.value == (cut.op == "==")
        return f"((({field} >> {cut.bit}) & 1) {'==' if positive else '!='} 1)"
    if isinstance(cut.value, bool):
        positive = cut.value == (cut.op == "==")
        if cut.op not in ("==", "!="):
            raise SpecError(
                f"Cut on {cut.field}: a true/false value needs == or !=, not {cut.op}.",
                hint="Write e.g. {field: tightId, op: '==', value: true}.",
            )
        return field if positive else f"~{field}"
    lhs = f"abs({field})" if cut.abs else field
    rhs = f"{cut.field}_wp" if isinstance(cut.value, str) else _number(cut.value)
    if cut.or_above is not None:  # outside a window: "not in the barrel-endcap gap"
        return f"(({lhs} {_PY_OPS[cut.op]} {rhs}) | ({lhs} > {_number(cut.or_above)}))"
    return f"({lhs} {_PY_OPS[cut.op]} {rhs})"


def _merged_fields(spec: AnalysisSpec, obj: ObjectDef) -> list[str]:
    """Fields a merged collection carries: kinematics, charge, pdgId and those the spec reads."""
    used = [c.field for c in obj.cuts]
    used += [
        o.field or ""
        for o in spec.observables
        if o.kind in ("field", "reduce") and o.of == obj.name
    ]
    for comb in spec.combinations:
        if obj.name in comb.inputs:
            used += [o.field or "" for o in spec.observables if o.reduce and o.of == comb.name]
    used = [f for f in used if f and f not in DERIVED_FIELDS]  # computed from pt, eta, ...
    return list(dict.fromkeys([*MERGED_FIELDS, *used]))


def _object_context(
    obj: ObjectDef, spec: AnalysisSpec | None = None, btag_candidates: bool = False
) -> dict[str, Any]:
    """The template's view of one object. ``btag_candidates``: the b-tag SF object (method 1a
    weighs its jets tagged or not): its working-point cut comes last, after the overlap
    removal, and the jets before it are kept as ``<name>_btag_candidates``."""
    if obj.merge:
        comment = f"{obj.name}: {' and '.join(obj.merge)} together (sorted by pT)"
    else:
        comment = f"{obj.name}: {obj.source}"
    if obj.cuts:
        comment += " with " + ", ".join(cut_text(c) for c in obj.cuts)
    wp_lines = [
        f'{c.field}_wp = BTAG_WORKING_POINTS[sample["era"]]["{c.value}"]  # DeepJet {c.value}'
        for c in obj.cuts
        if isinstance(c.value, str)
    ]
    tag_cuts = [c for c in obj.cuts if btag_candidates and c.field in BTAG_FIELDS]
    return {
        "name": obj.name,
        "source": obj.source,
        "merge": ", ".join(f'objects["{n}"]' for n in obj.merge),
        "merge_fields": _merged_fields(spec, obj) if obj.merge and spec else [],
        "comment": comment,
        "mask": " & ".join(cut_expr(obj.name, c) for c in obj.cuts if c not in tag_cuts),
        "tag_mask": " & ".join(cut_expr(obj.name, c) for c in tag_cuts),
        "wp_lines": "\n    ".join(dict.fromkeys(wp_lines)),
        "clean_against": [{"against": c.against, "dr": _number(c.dr)} for c in obj.clean_against],
    }


def _jet_dependent(spec: AnalysisSpec) -> set[str]:
    """Objects and combinations that change when the jets do (a jet momentum variation):
    made from Jet, merged from or cleaned against such an object, or combining one."""
    out: set[str] = set()
    for obj in spec.objects:
        against = {c.against for c in obj.clean_against}
        if obj.source == "Jet" or (set(obj.merge) | against) & out:
            out.add(obj.name)
    for comb in spec.combinations:
        if set(comb.inputs) & out:
            out.add(comb.name)
    return out


def _combination_context(
    comb: Combination, keep_legs: bool = False, flavour_filter: bool = False
) -> dict[str, Any]:
    """Lines building ``cands`` for one combination.

    The candidates are coffea's candidate sum ``legs.l1 + legs.l2`` (four-vector and summed
    charge; pt, eta, phi and mass are computed from it when read), as a hand-written processor
    does, with each leg's kinematics cast to float64 first (``in_float64``): NanoAOD's float32
    loses the mass of nearly collinear low-mass pairs; ``choose`` keeps one per event with
    ``ak.singletons`` of the best index.
    ``keep_legs``: the legs stay attached as fields l1, l2 (, l3) of each candidate, for
    observables of the constituents; ``flavour_filter``: legs of equal |pdgId| (same flavour
    within one merged collection).
    """
    src = [f'objects["{n}"]' for n in comb.inputs]
    if comb.leading:
        src = [f"{s}[:, : {comb.leading}]" for s in src]
    legs = ["l1", "l2", "l3", "l4"][: comb.size]
    total = " + ".join(f"in_float64(legs.{leg})" for leg in legs) + "  # four-vector sum"
    flavour = []
    if flavour_filter:
        same = " & ".join(
            f"(abs(legs.{a}.pdgId) == abs(legs.{b}.pdgId))"
            for a, b in zip(legs, legs[1:], strict=False)
        )
        flavour = [f"legs = legs[{same}]  # same flavour"]
    attach = [f'cands = ak.with_field(cands, legs.{leg}, "{leg}")  # keep the legs' for leg in legs]
    lines: list[str] = []
    if comb.pairing == "zz":  # H -> ZZ -> 4l: two same-flavour opposite-charge pairs
        target = _number(comb.target_mass or 0)
        lines.append(f"legs = ak.combinations({src[0]}, 4, fields={legs!r})")
        lines += _charge_filter(comb, legs)
        lines += [
            f"options = zz_pairings(legs, {target})  # every split into Z1 + Z2",
            *_zz_window(comb),
            "# Z1 closest to the Z mass; among those, the Z2 of highest scalar pT sum",
            f"dz1 = abs(options.z1.mass - {target})",
            "closest = dz1 == ak.min(dz1, axis=1, mask_identity=False)",
            "best = ak.argmax(ak.where(closest, options.z2_ptsum, -1.0), axis=1)",
            "options = options[ak.singletons(best)]  # [best], or [] without a candidate",
            "cands = options.z1 + options.z2  # four-vector sum",
            'cands = ak.with_field(cands, options.z1, "z1")',
            'cands = ak.with_field(cands, options.z2, "z2")',
        ]
    elif len(src) == 1 or comb.same_flavour:
        parts = []
        for i, s in enumerate(src):
            lines.append(f"legs = ak.combinations({s}, {comb.size}, fields={legs!r})")
            lines += _charge_filter(comb, legs) + flavour
            parts.append(f"cands{i}")
            lines.append(f"cands{i} = {total}")
        if len(parts) == 1:
            lines[-1] = f"cands = {total}"
            lines += attach if keep_legs else []
        else:
            lines.append(f"cands = ak.concatenate([{', '.join(parts)}], axis=1)")
    else:
        pairs = ", ".join(f'"{leg}": {s}' for leg, s in zip(legs, src, strict=True))
        lines.append(f"legs = ak.cartesian({{{pairs}}})")
        lines += _charge_filter(comb, legs)
        lines.append(f"cands = {total}")
        lines += attach if keep_legs else []
    window = []
    if comb.pairing == "zz":
        pass  # the four-object mass window is applied to the pairings above
    elif comb.mass_min is not None:
        window.append(f"(cands.mass > {_number(comb.mass_min)})")
    if comb.mass_max is not None:
        window.append(f"(cands.mass < {_number(comb.mass_max)})")
    if window:
        lines.append(f"cands = cands[{' & '.join(window)}]  # mass window")
    if comb.pairing == "zz":
        pass  # chosen above, by Z1 and Z2
    elif comb.choose == "closest_mass":
        lines.append(
            f"best = ak.argmin(abs(cands.mass - {_number(comb.target_mass or 0)}), axis=1)"
        )
    elif comb.choose == "highest_pt":
        lines.append("best = ak.argmax(cands.pt, axis=1)")
    elif comb.choose == "highest_mass":
        lines.append("best = ak.argmax(cands.mass, axis=1)")
    elif comb.choose == "smallest_dr":
        lines.append("best = ak.argmin(cands.l1.delta_r(cands.l2), axis=1)  # the closest legs")
    if comb.choose != "all" and comb.pairing != "zz":
        lines.append("cands = cands[ak.singletons(best)]  # [best], or [] without a candidate")
    charge, what = combination_words(comb)
    comment = f"{comb.name}: {charge}{what} of {' and '.join(comb.inputs)}"
    if comb.same_flavour and len(comb.inputs) == 2:
        comment += " (same flavour: within each)"
    elif flavour_filter:
        comment += " (same flavour)"
    if window or (comb.pairing == "zz" and _zz_window(comb)):
        comment += ", " + _window_comment(comb)
    if comb.leading:
        comment += f", leading {comb.leading} only"
    if comb.pairing == "zz":
        comment += (
            f", paired into two same-flavour opposite-charge pairs: Z1 = the pair closest to "
            f"{comb.target_mass:g} GeV, Z2 = the other; one per event: Z1 closest, then the Z2 "
            "of highest scalar pT sum"
        )
    elif comb.choose == "closest_mass":
        comment += f", the one closest to {comb.target_mass:g} GeV"
    elif comb.choose == "highest_pt":
        comment += ", the one with the highest pT"
    elif comb.choose == "highest_mass":
        comment += ", the one with the highest mass"
    elif comb.choose == "smallest_dr":
        comment += ", the one of smallest DeltaR between its legs"
    return {"name": comb.name, "comment": comment, "lines": lines}


def _zz_window(comb: Combination) -> list[str]:
    """The four-object mass window of a ZZ pairing, applied to every pairing before the choice."""
    window = []
    if comb.mass_min is not None:
        window.append(f"(m4 > {_number(comb.mass_min)})")
    if comb.mass_max is not None:
        window.append(f"(m4 < {_number(comb.mass_max)})")
    if not window:
        return []
    return [
        "m4 = (options.z1 + options.z2).mass",
        f"options = options[{' & '.join(window)}]  # mass window",
    ]


def _window_comment(comb: Combination) -> str:
    if comb.mass_min is not None and comb.mass_max is not None:
        return f"{comb.mass_min:g} < mass < {comb.mass_max:g} GeV"
    if comb.mass_min is not None:
        return f"mass > {comb.mass_min:g} GeV"
    return f"mass < {comb.mass_max:g} GeV"


def _charge_filter(comb: Combination, legs: list[str]) -> list[str]:
    if comb.charge == "any":
        return []
    if comb.size == 2:
        sign = "<" if comb.charge == "opposite" else ">"
        return [f"legs = legs[legs.l1.charge * legs.l2.charge {sign} 0]"]
    total = " + ".join(f"legs.{leg}.charge" for leg in legs)
    if comb.size == 4:  # opposite: neutral (total charge 0); same: all four alike
        return [f"legs = legs[abs({total}) {'== 0' if comb.charge == 'opposite' else '== 4'}]"]
    return [f"legs = legs[abs({total}) {'== 1' if comb.charge == 'opposite' else '== 3'}]"]


def _second_index(obs: Observable) -> int:
    """The index of the second object of an angle between two objects of one collection:
    ``other_index``, else the one after ``index`` (of[0] and of[1] by default)."""
    if obs.other_index is not None:
        return obs.other_index
    return (obs.index or 0) + 1


def objects_needed(obs: Observable) -> dict[str, int]:
    """Objects per event an observable needs (index i: i + 1 of them); else it is None.

    Nothing is claimed for a collection with a combination's legs removed (``exclude``).
    """
    if obs.exclude:
        return {}
    if obs.kind == "field" and obs.index is not None and obs.of:
        return {obs.of: obs.index + 1}
    if obs.kind == "mt" and obs.of:
        return {obs.of: (obs.index or 0) + 1}
    if obs.nearest and obs.of and obs.other:  # an event without `other` fails a cut on it
        return {} if obs.index is None else {obs.of: obs.index + 1, obs.other: 1}
    if obs.kind in BETWEEN_TWO and obs.of:
        if obs.other == MET_NAME:
            return {obs.of: (obs.index or 0) + 1}
        if obs.other:
            return {obs.of: (obs.index or 0) + 1, obs.other: (obs.other_index or 0) + 1}
        if obs.index is not None or obs.other_index is not None:
            return {obs.of: max(obs.index or 0, _second_index(obs)) + 1}
        return {obs.of: 2}
    return {}


def guaranteed_counts(spec: AnalysisSpec, steps: list[str] | None = None) -> dict[str, int]:
    """Least number of each object/combination in every event that passes the selection
    (``steps``: only these steps, e.g. those every histogram's region requires).

    From the count steps, and from cuts on observables of the index-th object (a missing
    object fails a cut). Observables of the selected events may then index ``[:, i]``
    directly instead of padding with None.
    """
    least: dict[str, int] = {}
    for step in spec.selection:
        if steps is not None and step.name not in steps:
            continue
        needed: dict[str, int] = {}
        if step.count is not None and step.value is not None:
            value = step.value
            n = {">=": math.ceil(value), ">": math.floor(value) + 1}.get(step.op, 0)
            if step.op == "==" and float(value).is_integer():
                n = int(value)
            needed = {step.count: n}
        elif step.observable is not None:
            for term in with_terms(spec, [step.observable]):  # a ratio needs both terms
                for name, n in objects_needed(spec.observable(term)).items():
                    needed[name] = max(needed.get(name, 0), n)
        for name, n in needed.items():
            least[name] = max(least.get(name, 0), n)
    return least


def with_terms(spec: AnalysisSpec, names: Iterable[str]) -> list[str]:
    """These observables and the terms their arithmetic (ratio, difference, ...) reads, in the
    spec's order (terms are defined before use, so each is computed before it is read)."""
    wanted = set(names)
    for obs in reversed(spec.observables):  # terms come earlier: one backward pass
        if obs.name in wanted and obs.kind in ARITHMETIC:
            wanted.update(t for t in (obs.left, obs.right) if t)
    return [o.name for o in spec.observables if o.name in wanted]


#: The generated module's helper for each arithmetic kind (one value per event, in float64)
ARITHMETIC_HELPERS = {
    "ratio": "ratio",
    "difference": "difference",
    "sum": "total",
    "asymmetry": "asymmetry",
}


def observable_expr(
    obs: Observable, guaranteed: dict[str, int] | None = None, systems: Iterable[str] = ()
) -> str:
    """The observable as an expression of ``objects``.

    ``guaranteed``: least number of each collection per event (for the selected events); the
    index-th object is then ``objects[...][:, index]``, else ``nth()`` (None where missing).
    ``systems``: the combination names (whose transverse mass keeps the system's mass).
    """
    expr = _observable_expr(obs, guaranteed or {}, set(systems))
    if obs.kind == "reduce":  # |field| of each object is taken before the reduction
        return expr
    return f"abs({expr})" if obs.abs else expr


def _event_reduction_expr(obs: Observable) -> str:
    """kind reduce / system: one value per event over the objects of ``of`` (or its first N)."""
    target = f'objects["{obs.of}"]'
    if obs.first is not None:  # the first N objects; None in an event with fewer
        target = f"first_n({target}, {obs.first})"
    if obs.other_index is not None:  # of[index] and of[other_index]; None with fewer
        target = f"ranked({target}, {obs.index or 0}, {obs.other_index})"
    if obs.kind == "system":
        return f"four_vector_sum({target}).{obs.field}"
    derived = DERIVED_FIELDS.get(obs.field or "")
    values = f"{derived.helper}({target})" if derived else _field_of(target, obs.field or "")
    if obs.abs:
        values = f"abs({values})"
    if obs.reduce == "mean":  # None in an event without objects (not NaN)
        return f"ak.mean({values}, axis=1, mask_identity=True)"
    return f"ak.{obs.reduce}({values}, axis=1)"  # max/min: None without objects; sum: 0


def _observable_expr(obs: Observable, guaranteed: dict[str, int], systems: set[str]) -> str:
    def nth(name: str, index: int) -> str:
        if guaranteed.get(name, 0) > index:
            return f'objects["{name}"][:, {index}]'
        return f'nth(objects["{name}"], {index})'

    of = f'objects["{obs.of}"]' if obs.of else ""
    if obs.exclude:  # the objects of `of` that are not legs of the event's `exclude` candidate
        of = f'not_in({of}, objects["{obs.exclude}"])'

    def nth_of(index: int) -> str:
        return f"nth({of}, {index})" if obs.exclude else nth(obs.of or "", index)

    met = f'objects["{obs.met}"]'
    if obs.kind in ARITHMETIC:  # of two observables computed before it
        helper = ARITHMETIC_HELPERS[obs.kind]
        return f'{helper}(observables["{obs.left}"], observables["{obs.right}"])'
    if obs.kind in ("reduce", "system"):
        return _event_reduction_expr(obs)
    if obs.kind == "npv":  # all reconstructed vertices, or the good ones (field npvsGood)
        return f'objects["{PV_NAME}"].{obs.field or "npvs"}'
    if obs.kind == "pv":  # a coordinate of the event's selected primary vertex (cm)
        return f'objects["{PV_NAME}"].{obs.field}'
    if obs.kind == "field":
        if obs.reduce:
            target = of if obs.index is None else nth_of(obs.index)
            return f'reduce_legs({target}, "{obs.field}", "{obs.reduce}")'
        target = of if obs.index is None else nth_of(obs.index)
        if obs.pair:  # the Z1 or Z2 pair of a ZZ-paired candidate
            target = f"{target}.{obs.pair}"
        derived = DERIVED_FIELDS.get(obs.field or "")
        if obs.field == "rapidity" and obs.of in systems:  # a pair's: its four-vector's
            derived = None
        if derived is not None:  # |p|: computed from the NanoAOD fields by a helper
            return f"{derived.helper}({target})"
        return _field_of(target, obs.field or "")
    if obs.kind == "count":
        return f"ak.num({of}, axis=1)"
    if obs.kind == "ht":
        return f"ak.sum({of}.pt, axis=1)"
    if obs.kind == "mht":
        return f"missing_ht({of})"
    if obs.kind == "met":
        return f"{met}.{obs.field or 'pt'}"
    if obs.kind == "mt":
        helper = "transverse_mass_system" if obs.of in systems else "transverse_mass"
        return f"{helper}({nth_of(obs.index or 0)}, {met})"
    # delta_r / delta_phi: index-th (leading) of `of` and leading of `other` (or the MET),
    # or of[0] and of[1]
    if obs.other == MET_NAME and obs.reduce:  # the min/max over the (first N) objects
        # up to the N leading (the usual min delta phi(j1..4, MET)); none: no entry
        target = of if obs.first is None else f"{of}[:, :{obs.first}]"
        return f"ak.{obs.reduce}(abs(delta_phi({target}.phi, {met}.phi)), axis=1)"
    if obs.other == MET_NAME:
        return f"abs(delta_phi({nth_of(obs.index or 0)}.phi, {met}.phi))"
    if obs.nearest:  # the smallest value over every `other`, per `of` (or of the index-th)
        target = of if obs.index is None else nth_of(obs.index)
        return f'nearest({target}, objects["{obs.other}"], "{obs.kind}")'
    if obs.other:
        a, b = nth_of(obs.index or 0), nth(obs.other, obs.other_index or 0)
    else:  # of[index] and of[other_index]; by default the two leading
        a, b = nth_of(obs.index or 0), nth_of(_second_index(obs))
    if obs.kind == "delta_r":
        return f"delta_r({a}, {b})"
    if obs.kind == "delta_eta" and obs.field == "rapidity":  # |y_1 - y_2|
        return f"abs(rapidity_y({a}) - rapidity_y({b}))"
    if obs.kind == "delta_eta":
        return f"abs({a}.eta - {b}.eta)"
    if obs.kind == "angle":
        return f"opening_angle({a}, {b})"
    if obs.kind == "acoplanarity":  # 1 - |DeltaPhi| / pi: 0 for back-to-back objects
        return f"1 - abs(delta_phi({a}.phi, {b}.phi)) / np.pi"
    return f"abs(delta_phi({a}.phi, {b}.phi))"


def _observable_comment(obs: Observable) -> str:
    where = "per object" if obs.per_object else "per event"
    of = f"({obs.of} not in {obs.exclude})" if obs.exclude else obs.of
    index = obs.index or 0
    first = f"{of}[{index}]" if index else f"leading {of}"
    second = obs.other or f"subleading {of}"
    if obs.kind in BETWEEN_TWO and obs.other and obs.other != MET_NAME and obs.other_index:
        second = f"{obs.other}[{obs.other_index}]"
    elif obs.kind in BETWEEN_TWO and not obs.other and _second_index(obs) != 1:
        second = f"{of}[{_second_index(obs)}]"
    if obs.other == MET_NAME:
        second = obs.met
    field = f"{of}.{obs.pair}.{obs.field}" if obs.pair else f"{of}.{obs.field}"
    if obs.reduce:
        field = f"{obs.reduce} of {obs.field} over the legs of {of}"
    objects = f"the first {obs.first} {of}" if obs.first else f"all {of}"
    if obs.kind == "system" and obs.other_index is not None:
        objects = f"{of}[{index}] and {of}[{obs.other_index}]"
    value = f"|{obs.field}|" if obs.abs else obs.field
    how = {"max": "largest", "min": "smallest", "sum": "sum of", "mean": "mean"}.get(
        obs.reduce or "", ""
    )
    empty = "0" if obs.reduce == "sum" else "no entry"
    if obs.first:
        empty = f"no entry with fewer than {obs.first}"
    text = {
        "reduce": f"{how} {value} of {objects} in the event ({empty} without any)"
        if not obs.first
        else f"{how} {value} of {objects} ({empty})",
        "system": f"{obs.field} of the four-vector sum of {objects} (no entry without any)"
        if not obs.first and obs.other_index is None
        else f"{obs.field} of the four-vector sum of {objects} (no entry with fewer)",
        "field": field + (f" of object [{obs.index}]" if obs.index else ""),
        "count": f"number of {of}",
        "ht": f"HT = scalar pT sum of {of}",
        "mht": f"MHT = |vector pT sum| of {of}",
        "met": f"{obs.met} {obs.field or 'pt'}",
        "mt": f"transverse mass of {of}[{index}] and {obs.met}",
        "delta_r": f"DeltaR of {first} and {second}",
        "delta_phi": f"{obs.reduce} |DeltaPhi| of {objects} and {second} (none: no entry)"
        if obs.reduce
        else f"|DeltaPhi| of {first} and {second}",
        "delta_eta": f"|DeltaY| (rapidity) of {first} and {second}"
        if obs.field == "rapidity"
        else f"|DeltaEta| of {first} and {second}",
        "angle": f"3D opening angle (rad) of {first} and {second}",
        "acoplanarity": f"acoplanarity 1 - |DeltaPhi|/pi of {first} and {second}",
        "npv": "number of good primary vertices (PV_npvsGood)"
        if obs.field == "npvsGood"
        else "number of reconstructed primary vertices (PV_npvs)",
        "pv": f"{obs.field} position of the primary vertex (PV_{obs.field}, cm)",
        "ratio": f"{obs.left} / {obs.right} (no entry where {obs.right} is 0)",
        "difference": f"{obs.left} - {obs.right}",
        "sum": f"{obs.left} + {obs.right}",
        "asymmetry": f"asymmetry ({obs.left} - {obs.right}) / ({obs.left} + {obs.right}) "
        "(no entry where the sum is 0)",
    }[obs.kind]
    if obs.kind in ARITHMETIC:
        text += ", of the two terms above; no entry where a term is missing"
    if obs.nearest:  # "DeltaR of each muons to the nearest of jets"
        first = f"each of {of}" if obs.index is None else first
        what = text.split(" of ", 1)[0]
        text = f"{what} of {first} to the nearest of {second} (the minimum over {second})"
    if obs.kind == "field" and obs.index == 0:
        text = f"leading {field}" if not obs.reduce else f"{field}, leading candidate"
    if obs.abs and obs.kind != "reduce":
        text = f"|{text}|"
    return f"{obs.name}: {text} ({where})"


def step_expr(step: Step) -> str:
    if step.triggers:
        return " | ".join(f'events.HLT["{t.removeprefix("HLT_")}"]' for t in step.triggers)
    op, value = _PY_OPS[step.op], _number(step.value or 0.0)
    if step.count is not None:
        if float(step.value or 0.0).is_integer():
            value = str(int(step.value or 0.0))  # a count: compare integers
        return f'ak.num(objects["{step.count}"], axis=1) {op} {value}'
    return f'observables["{step.observable}"] {op} {value}'


# --- the module ----------------------------------------------------------------------


def _correctionlib_table(
    samples: list[Sample], corrections: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The module's CORRECTIONLIB table ({key: {correction: entries}}) and each sample's key
    into it: its era, unless its entries differ from those of an earlier sample of that era
    (e.g. a puWeights.json next to its own files), then its own name."""
    table: dict[str, dict[str, Any]] = {}
    keys: dict[str, str] = {}
    for sample in samples:
        found = corrections[sample.name]["details"].get("correctionlib", {})
        if not found:
            continue
        key = sample.era
        shared = table.setdefault(key, {})
        if any(shared.get(name, entries) != entries for name, entries in found.items()):
            key = sample.name
        table.setdefault(key, {}).update(found)
        keys[sample.name] = key
    return {key: found for key, found in table.items() if found}, keys


def _sample_literal(
    sample: Sample, details: dict[str, Any], correctionlib_key: str | None = None
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": sample.kind,
        "process": sample.process,
        "era": sample.era,
        "files": list(sample.files),
        "treename": sample.treename,
    }
    if not sample.is_data:
        entry["xsec_pb"] = sample.xsec_eff_pb  # x the filter efficiency of a filtered sample
        entry["sum_genweight"] = sample.sum_genweight
    # correctionlib entries are per era: the module's CORRECTIONLIB table holds them
    entry.update(
        {k: v for k, v in details.items() if not k.endswith("_title") and k != "correctionlib"}
    )
    if correctionlib_key is not None:
        entry["correctionlib"] = correctionlib_key  # its key into CORRECTIONLIB
    return entry


def _luminosity(spec: AnalysisSpec, samples: list[Sample], catalog: Catalog) -> float:
    """pb^-1 the MC is normalised to: the spec's, else that of the data samples of the era."""
    if spec.lumi_pb is not None:
        return spec.lumi_pb
    if all(s.is_data for s in samples):
        return sum(s.lumi_pb or 0.0 for s in samples)
    data = [s for s in samples if s.is_data] or catalog.data(samples[0].era)
    if not data:
        raise SpecError(
            f"No data sample of era {samples[0].era} to take the luminosity from.",
            hint="Set lumi_pb in the spec (e.g. 1000 for 1 fb^-1) to normalise MC alone.",
        )
    return sum(s.lumi_pb or 0.0 for s in data)


def _collections_used(observables: list[Observable], counted: list[str] | None = None) -> list[str]:
    """Objects, combinations and METs these observables (and counts) read, in first-use order."""
    names = list(counted or [])
    for o in observables:
        other = "" if o.other == MET_NAME else o.other or ""
        names += [o.of or "", o.exclude or "", other, o.met if _uses_met(o) else ""]
        names += [PV_NAME if o.kind in ("npv", "pv") else ""]
    return list(dict.fromkeys(n for n in names if n))


#: NanoAOD fields that a Lorentz-vector behaviour shadows with a property of its own (FatJet
#: tau2: vector's tau2 is the squared proper time, m^2): read by name, never as an attribute
_SHADOWED_FIELDS = frozenset({"tau", "tau2", "rho", "rho2", "t", "t2", "x", "y", "z", "mag",
                              "mag2", "beta", "gamma", "theta", "costheta"})  # fmt: skip


def _field_of(target: str, field: str) -> str:
    """``target.field``, or ``target["field"]`` for a field a vector property shadows."""
    return f'{target}["{field}"]' if field in _SHADOWED_FIELDS else f"{target}.{field}"


#: the generated module's helpers of the momentum components, the polar angle, the rapidity
COMPONENT_HELPERS = ("momentum_x", "momentum_y", "momentum_z", "polar_angle", "rapidity_y",
                     "transverse_energy", "raw_pt", "em_fraction")  # fmt: skip


def _calls(exprs: list[str], helper: str) -> bool:
    """Whether one of the generated expressions calls ``helper(...)``."""
    return any(re.search(rf"\b{helper}\(", e) for e in exprs)


def _uses_met(obs: Observable) -> bool:
    return obs.kind in ("met", "mt") or obs.other == MET_NAME


def _objects_doc(spec: AnalysisSpec, cut_uses: list[str], late: bool) -> str:
    """The docstring of the module's build_objects: what it builds for this spec."""
    doc = "Analysis objects: NanoAOD collections with the spec's cuts"
    if any(o.clean_against for o in spec.objects):
        doc += ", then overlap removal"
    early = any(c.name in cut_uses for c in spec.combinations)
    if early and late:
        doc += "; also the combinations the selection uses (the others are built in"
        doc += " compute_observables)"
    elif early:
        doc += "; also the combinations"
    elif late:
        doc += " (the combinations are built in compute_observables)"
    return doc + "."


def histogram_drawing(h: Histogram) -> dict[str, Any]:
    """How a histogram is drawn (labels, log axes, per unit of x): all a re-plot may change."""
    return {
        "label": h.label,
        "unit": h.unit,
        "axis_label": h.axis_label,
        "log_y": h.log_y,
        "log_x": h.plot_log_x,
        "density": h.density,
        "unit_area": h.unit_area,
        "mc_to_data": h.mc_to_data,
    }


def _histogram_info(h: Histogram, per_object: bool) -> dict[str, Any]:
    """What the generated code and the result file record about one histogram."""
    info: dict[str, Any] = {
        "observable": h.observable,
        "axis": h.axis_kind,
        "bins": h.bins,
        "start": h.start,
        "stop": h.stop,
    }
    if h.edges is not None:
        info["edges"] = [float(e) for e in h.edges]
    info.update(histogram_drawing(h))
    for optional in ("unit_area", "mc_to_data"):  # optional in the result (absent: the
        if not info[optional]:  # event counts drawn, the MC normalised to the luminosity)
            del info[optional]
    info["per_object"] = per_object
    return info


def render(
    spec: AnalysisSpec,
    catalog: Catalog | None = None,
    settings: Settings | None = None,
    resolved: ResolvedAnalysis | None = None,
) -> str:
    """The module text before formatting (templates filled in).

    ``resolved``: the spec already checked against the catalog and files this request
    (:func:`chathep.resolve.resolve_analysis`); None (or one made for another spec) checks here.
    """
    settings = settings or get_settings()
    catalog = catalog or default_catalog()
    if resolved is None or not resolved.describes(spec):
        resolved = resolve_analysis(spec, catalog, settings)
    samples, corrections = resolved.samples, resolved.corrections
    all_applied = {c for entry in corrections.values() for c in entry["applied"]}

    kinds = corrections_registry.kinds_of(all_applied)

    btag = btag_cuts(spec)
    if BTAG_SF.name in all_applied and len({wp for _, wp in btag}) > 1:
        raise SpecError(
            "b-tag scale factors are implemented for one working point per analysis.",
            hint="Use the same DeepJet working point for every b-tagged collection.",
        )
    # method 1a weighs the jets of the first b-tagged object, tagged or not
    btag_object = btag[0][0] if btag and BTAG_SF.name in all_applied else None
    titles = {
        key: entry["details"][key]
        for entry in corrections.values()
        for key in ("scale_title", "pdf_title", "ps_title")
        if key in entry["details"]
    }
    # correctionlib entries (registered files, files next to the samples), per era
    correctionlib, correctionlib_keys = _correctionlib_table(samples, corrections)
    # the 2018 JER, JES and DeepJet text files, read as their correctionlib conversion
    shipped_files = {JER.name, JEC.name, BTAG_SF.name} & all_applied
    if shipped_files and ensure_converted(data_dir(settings)) is None:
        raise SpecError(
            f"The 2018 correction files are missing in {data_dir(settings)}.",
            hint="Run `chathep data fetch`.",
        )
    lumi = _luminosity(spec, samples, catalog)
    uses_btag_wp = any(isinstance(c.value, str) for o in spec.objects for c in o.cuts)
    histograms = {
        h.name: _histogram_info(h, spec.observable(h.observable).per_object)
        for h in spec.histograms
    }
    # histograms under selections of their own: one region per distinct set of steps (its
    # key says it in words); the observables are computed for the events of the steps every
    # region requires (common), each histogram filled with its own region's events
    regions: dict[str, list[str]] = {}
    common = [s.name for s in spec.selection]
    if spec.has_regions:
        for h in spec.histograms:
            steps = spec.histogram_steps(h)
            key = region_text(spec, steps)
            regions.setdefault(key, steps)
            histograms[h.name]["region"] = key
        common = [name for name in common if all(name in s for s in regions.values())]
    systems = [c.name for c in spec.combinations]
    # combinations whose legs observables read (reduce over them, or remove them: exclude)
    with_legs = {o.of for o in spec.observables if o.reduce} | {
        o.exclude for o in spec.observables if o.exclude
    }
    merged = {o.name for o in spec.objects if o.merge}

    jet_dependent = _jet_dependent(spec)

    def combination_context(c: Combination) -> dict[str, Any]:
        flavour = c.same_flavour and len(c.inputs) == 1 and c.inputs[0] in merged
        context = _combination_context(
            c,
            keep_legs=c.name in with_legs or c.choose == "smallest_dr",  # its legs' DeltaR
            flavour_filter=flavour,
        )
        return {**context, "jet_free": c.name not in jet_dependent}

    def step_jet_free(step: Step) -> bool:
        """A selection step no jet momentum variation can change: a trigger, or a count or
        observable of objects and combinations no jet enters (any MET counts as jet-dependent:
        the variations are propagated to it)."""
        if step.triggers:
            return True
        if step.count is not None:
            return step.count not in jet_dependent
        terms = [spec.observable(n) for n in with_terms(spec, [step.observable or ""])]
        return not any(_uses_met(o) for o in terms) and not (
            set(_collections_used(terms)) & jet_dependent
        )

    # arithmetic observables (ratio, ...) read their terms: computed with them, just before
    cut_on = set(with_terms(spec, [s.observable for s in spec.selection if s.observable]))
    histogrammed = set(with_terms(spec, [h.observable for h in spec.histograms]))
    used_observables = [o for o in spec.observables if o.name in cut_on | histogrammed]
    guaranteed = guaranteed_counts(spec, common)
    cut_uses = _collections_used(
        [o for o in spec.observables if o.name in cut_on],
        [s.count for s in spec.selection if s.count],
    )
    histogram_uses = _collections_used([o for o in spec.observables if o.name in histogrammed])
    # combinations only histograms use are built from the selected events' objects
    late = [c for c in spec.combinations if c.name in histogram_uses and c.name not in cut_uses]
    late_names = {c.name for c in late}
    selected = [n for n in histogram_uses if n not in late_names]
    selected = list(dict.fromkeys(selected + [n for c in late for n in c.inputs]))
    cut_observables = [
        {
            "name": o.name,
            "expr": observable_expr(o, systems=systems),
            "comment": _observable_comment(o),
        }
        for o in spec.observables
        if o.name in cut_on
    ]
    observables = [
        {
            "name": o.name,
            "expr": observable_expr(o, guaranteed, systems),
            "comment": _observable_comment(o),
        }
        for o in spec.observables
        if o.name in histogrammed
    ]
    # helpers the module calls (only those are emitted), from the expressions it contains
    exprs = [o["expr"] for o in cut_observables + observables]
    helpers = (
        "delta_phi", "delta_r", "nth", "transverse_mass", "momentum_magnitude", "opening_angle",
        "nearest", "energy", "missing_ht", "tau21", "tau32", "first_n", "ranked", "four_vector_sum",
        *COMPONENT_HELPERS, *ARITHMETIC_HELPERS.values(),
    )  # fmt: skip
    calls = {h for h in helpers if _calls(exprs, h)}
    momentum = bool({"muon_momentum", "electron_momentum", "jet_momentum"} & kinds)
    uses_mt_system = any(o.kind == "mt" and o.of in systems for o in used_observables)
    uses_delta_phi = (
        bool(calls & {"delta_phi", "delta_r", "transverse_mass", "nearest"}) or uses_mt_system
    )
    # up/down variations (their names come from Weights.variations and the momentum loop at
    # run time): without any, the systematic axis is just "nominal" and its machinery is omitted
    weight_variations, object_variations = corrections_registry.systematics(all_applied)
    axis_kinds = [k for k in AXIS_DOC if any(h.axis_kind == k for h in spec.histograms)]
    # what event_weights reads besides the events and the sample: the sample's applied
    # corrections (any weight correction), objects (per-object scale factors), files
    weight_args = [
        name
        for name, needed in (
            ("dataset", bool({"generator_weight", "scale_factor"} & kinds)),
            ("objects", bool({BTAG_SF.name, MUON_SF.name, ELECTRON_SF.name} & all_applied)),
            ("data_dir", "scale_factor" in kinds),
            ("btag_efficiencies", BTAG_SF.name in all_applied),
        )
        if needed
    ]
    context = {
        "title": spec.title,
        "summary": summary(spec, catalog, resolved),
        "schema_version": SCHEMA_VERSION,
        "data_dir": str(data_dir(settings)),
        "spec_literal": _literal(spec.model_dump(mode="json", exclude_defaults=True)),
        "lumi_pb": lumi,
        "samples_literal": _literal(
            {
                s.name: _sample_literal(
                    s, corrections[s.name]["details"], correctionlib_keys.get(s.name)
                )
                for s in samples
            }
        ),
        "corrections_literal": _literal(
            {
                name: {"applied": e["applied"], "skipped": e["skipped"]}
                for name, e in corrections.items()
            }
        ),
        "histograms_literal": _literal(histograms),
        "btag_wps": BTAG_WORKING_POINTS if uses_btag_wp else None,
        "objects_doc": _objects_doc(spec, cut_uses, bool(late)),
        "has_variations": bool(weight_variations or object_variations),
        "has_object_variations": bool(object_variations),
        "axis_kinds": axis_kinds,
        "axis_doc": ", or ".join(AXIS_DOC[k] for k in axis_kinds),
        "weight_args": weight_args,
        "uses_rochester": "muon_momentum" in kinds,
        "uses_momentum": momentum,
        "uses_jet_variations": "jet_momentum" in kinds,
        "uses_electron_variations": "electron_momentum" in kinds,
        "jer_method": JER.method if JER.name in all_applied else "not applied",
        "uses_btag_sf": BTAG_SF.name in all_applied,
        "pileup_method": PILEUP.method,
        "top_pt_method": TOP_PT.method,
        "top_pt_a": TOP_PT_A,
        "top_pt_b": TOP_PT_B,
        "correctionlib_literal": _literal(correctionlib) if correctionlib else None,
        "uses_correctionlib": bool(correctionlib) or bool(shipped_files),
        "converted_file": OUT_NAME,
        "jer_sf_name": JER_NAME,
        "jes_name": JES_NAME,
        "jes_sources": JES_SOURCES,
        "jer_match_dr": JER_MATCH_DR,
        "jer_match_sigmas": JER_MATCH_SIGMAS,
        "jer_seed": JER_SEED,
        "muon_sf_object": muon_sf_object(spec),
        "electron_sf_object": electron_sf_object(spec),
        "btag_object": btag_object,
        "btag_eff_file": BTAG_EFF_FILE,
        "btag_wp_name": btag[0][1] if btag else None,
        "uses_theory": "generator_weight" in kinds,
        # the weights added as 1 with up/down factors (not the top-pT weight)
        "uses_ones": bool(
            {THEORY_SCALE.name, THEORY_PDF.name, PARTON_SHOWER.name, XSEC_UNC.name} & all_applied
        ),
        "all_applied": sorted(all_applied),
        "titles": titles,
        "seed": ROCHESTER_SEED,
        "chunksize": settings.chunksize,
        "no_event_ids": [s.name for s in samples if not s.has_event_ids(settings)],
        "objects": [
            _object_context(o, spec, btag_candidates=bool(btag) and o.name == btag_object)
            for o in spec.objects
        ],
        # combinations the selection uses: for every event; only histogrammed: selected events
        "combinations": [combination_context(c) for c in spec.combinations if c.name in cut_uses],
        # jet variations reuse the nominal pass's combinations that no jet enters
        "reuses_nominal": "jet_momentum" in kinds
        and any(c.name in cut_uses and c.name not in jet_dependent for c in spec.combinations),
        "late_combinations": [combination_context(c) for c in late],
        # observables cut on: for every event; histogrammed: for the selected events only
        "cut_observables": cut_observables,
        "observables": observables,
        "selected_objects": selected,
        "steps": [{"name": s.name, "expr": step_expr(s)} for s in spec.selection],
        # the jet variations run on the events that pass these (the nominal pass's) steps
        "jet_free_steps": [s.name for s in spec.selection if step_jet_free(s) and s.name in common],
        # histograms under selections of their own: region -> its steps (empty: no regions)
        "regions_literal": _literal(regions) if regions else None,
        "common_steps": common,
        "met_sources": sorted({o.met for o in spec.observables if _uses_met(o)}),
        "uses_npv": any(o.kind in ("npv", "pv") for o in spec.observables),
        # helpers the generated module needs beyond the always-present ones
        "uses_merge": bool(merged),
        "uses_float64": bool(late) or any(c.name in cut_uses for c in spec.combinations),
        "uses_not_in": any(o.exclude for o in used_observables),
        "uses_zz": any(c.pairing == "zz" for c in spec.combinations),
        "uses_met_significance": any(
            o.kind == "met" and o.field == "significance" for o in spec.observables
        ),
        "uses_reduce": any(o.reduce for o in used_observables),
        "uses_mt_system": uses_mt_system,
        "uses_delta_phi": uses_delta_phi,
        "uses_delta_r": "delta_r" in calls,
        "uses_nth": "nth" in calls,
        "uses_mt": "transverse_mass" in calls,
        "uses_momentum_magnitude": "momentum_magnitude" in calls,
        "uses_opening_angle": "opening_angle" in calls,
        "uses_nearest": "nearest" in calls,
        "uses_energy": "energy" in calls,
        "uses_missing_ht": "missing_ht" in calls,
        "uses_first_n": "first_n" in calls,
        "uses_ranked": "ranked" in calls,
        "uses_four_vector_sum": "four_vector_sum" in calls,
        "uses_nsubjettiness": bool({"tau21", "tau32"} & calls),
        # p_x, p_y, p_z, theta: each helper only where it is called
        "component_helpers": [h for h in COMPONENT_HELPERS if h in calls],
        "arithmetic_helpers": [h for h in ARITHMETIC_HELPERS.values() if h in calls],
        "uses_helpers": uses_delta_phi
        or bool(calls)
        or momentum
        or bool(merged)
        or bool(late)
        or any(c.name in cut_uses for c in spec.combinations)
        or any(o.exclude or o.reduce for o in used_observables),
    }
    return _environment().get_template("analysis.py.j2").render(**context)


#: Formatted modules by their unformatted text (a repeated request or a follow-up back to an
#: earlier plot compiles the same text: one ruff process saved, ~0.05 s).
_FORMATTED: dict[str, str] = {}
_FORMATTED_MAX = 32
_formatted_lock = threading.Lock()


@lru_cache(maxsize=1)
def _ruff_command() -> tuple[str, ...]:
    """The ruff binary of the ruff package (``python -m ruff`` starts an interpreter only to
    run it: ~0.07 s more per module), else ``python -m ruff``."""
    try:
        from ruff import find_ruff_bin

        return (find_ruff_bin(),)
    except (ImportError, FileNotFoundError):
        return (sys.executable, "-m", "ruff")


def ruff_format(code: str) -> str:
    """Format with ``ruff format`` (line length 100); unchanged if ruff is unavailable."""
    with _formatted_lock:
        done = _FORMATTED.get(code)
    if done is not None:
        return done
    cmd = [*_ruff_command(), "format", "--isolated", "--line-length", "100"]
    try:
        proc = subprocess.run(
            [*cmd, "--stdin-filename", "analysis.py", "-"],
            input=code,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return code
    if proc.returncode != 0:
        raise SpecError(
            f"Internal error: the generated code is not valid Python ({proc.stderr.strip()}).",
            hint="Please report this spec; it exposed a compiler bug.",
        )
    with _formatted_lock:
        while len(_FORMATTED) >= _FORMATTED_MAX:
            del _FORMATTED[next(iter(_FORMATTED))]  # the oldest
        _FORMATTED[code] = proc.stdout
    return proc.stdout


def compile_spec(
    spec: AnalysisSpec,
    catalog: Catalog | None = None,
    settings: Settings | None = None,
    resolved: ResolvedAnalysis | None = None,
) -> str:
    """The complete analysis module for ``spec`` (checked against catalog and files, unless
    ``resolved`` says it already was)."""
    return ruff_format(render(spec, catalog, settings, resolved))
