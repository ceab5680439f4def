"""The plan in words: the one-paragraph summary shown before anything runs, and the text of
cuts, observables, binnings and mass windows (also used in the generated code's comments)."""

from __future__ import annotations

from chathep.catalog import Catalog, Sample
from chathep.corrections_info import resolve_corrections
from chathep.errors import SpecError
from chathep.registry.fields import DERIVED_FIELDS
from chathep.resolve import ResolvedAnalysis, resolve_samples
from chathep.spec import MET_NAME, AnalysisSpec, Combination, Cut, Histogram, Observable

#: A combination's charge requirement as the adjective before "pairs" (with its space).
CHARGE_WORDS = {"opposite": "opposite-charge ", "same": "same-charge ", "any": ""}
#: What a combination of each size is called.
SIZE_WORDS = {2: "pairs", 3: "triplets", 4: "four-object combinations"}


def combination_words(comb: Combination) -> tuple[str, str]:
    """(charge adjective with its space, noun) of a combination: ``("opposite-charge ",
    "pairs")``; four objects of opposite charges are neutral (total charge zero)."""
    charge = CHARGE_WORDS[comb.charge]
    if comb.size == 4 and comb.charge == "opposite":
        charge = "neutral (total charge 0) "
    return charge, SIZE_WORDS[comb.size]


def cut_text(cut: Cut) -> str:
    """A cut in words: ``pt > 25``, ``|eta| < 2.4``, ``tightId``, ``btagDeepFlavB > medium WP``."""
    field = f"|{cut.field}|" if cut.abs else cut.field
    if cut.bit is not None:  # "statusFlags bit 13 set"
        return f"{field} bit {cut.bit} {'set' if cut.value == (cut.op == '==') else 'not set'}"
    if isinstance(cut.value, bool):
        return field if cut.value == (cut.op == "==") else f"not {field}"
    if isinstance(cut.value, str):
        return f"{field} {cut.op} {cut.value} WP"
    if cut.or_above is not None:
        return f"{field} not in {cut.value:g}-{cut.or_above:g}"
    return f"{field} {cut.op} {cut.value:g}"


#: How each arithmetic kind writes its two terms (``ARITHMETIC`` in chathep.spec)
ARITHMETIC_WORDS = {
    "ratio": "({a}) / ({b})",
    "difference": "({a}) - ({b})",
    "sum": "({a}) + ({b})",
    "asymmetry": "asymmetry (A - B) / (A + B) of A = {a}, B = {b}",
}


def observable_text(obs: Observable, spec: AnalysisSpec | None = None) -> str:
    """An observable in words: ``leading muons pt``, ``DeltaR(jets, muons)``, ``HT of jets``;
    a ratio (difference, ...) of two observables with ``spec``: of their words, else names."""
    if obs.kind in ARITHMETIC_WORDS:
        a, b = obs.left or "", obs.right or ""
        if spec is not None:
            a, b = (observable_text(spec.observable(t), spec) for t in (a, b))
        text = ARITHMETIC_WORDS[obs.kind].format(a=a, b=b)
        return f"|{text}|" if obs.abs else text
    idx = (
        ""
        if obs.index is None
        else {0: "leading ", 1: "subleading "}.get(obs.index, f"object #{obs.index + 1} of ")
    )
    of = f"{obs.of} not in {obs.exclude}" if obs.exclude else obs.of
    lead = idx or "leading "
    other = obs.met if obs.other == MET_NAME else (obs.other or obs.of)
    derived = DERIVED_FIELDS.get(obs.field or "")
    field = f"|{obs.field}|" if obs.abs else str(obs.field)
    if derived is not None:  # "|p| (momentum magnitude |p| = pT cosh(eta))"
        field = f"{derived.label} ({derived.words})"
    if obs.kind in ("reduce", "system"):
        return event_reduction_text(obs)
    if obs.reduce:
        field = f"{obs.reduce} {field} of the legs"
    if obs.pair:  # "zz Z1 mass"
        field = f"{obs.pair.upper()} {field}"
    if obs.nearest:  # "DeltaR(each muons, nearest jets); no entry without jets"
        name = {"delta_r": "DeltaR", "delta_phi": "DeltaPhi", "delta_eta": "|DeltaEta|"}[obs.kind]
        first = f"{idx}{of}" if idx else f"each of {of}"
        return f"{name}({first}, nearest {other}) (no entry without {other})"
    return {
        "field": f"{idx}{of} {field}",
        "count": f"number of {of}",
        "ht": f"HT of {of}",
        "mht": f"MHT of {of} (|vector pT sum|, 0 without {of})",
        "met": "MET significance"
        if obs.field == "significance"
        else f"{obs.met} {obs.field or 'pt'}",
        "mt": f"transverse mass of {lead}{of} and {obs.met}",
        "delta_r": f"DeltaR({idx}{of}, {other})",
        "delta_phi": f"{obs.reduce} |DeltaPhi|({_over(obs)}{of}, {other})"
        if obs.reduce
        else f"DeltaPhi({idx}{of}, {other})",
        "delta_eta": f"|DeltaY|({idx}{of}, {other}) (rapidity y)"
        if obs.field == "rapidity"
        else f"|DeltaEta|({idx}{of}, {other})",
        "angle": f"3D opening angle({idx}{of}, {other}) in radians",
        "acoplanarity": f"acoplanarity 1 - |DeltaPhi({idx}{of}, {other})|/pi",
        "npv": "number of good primary vertices (PV_npvsGood)"
        if obs.field == "npvsGood"
        else "number of primary vertices",
        "pv": f"primary-vertex {obs.field} (cm)",
    }[obs.kind]


def _over(obs: Observable) -> str:
    """ "up to the 2 leading " / "every ": the objects a min/max angle to the MET is taken over."""
    return f"up to the {obs.first} leading " if obs.first else "every "


def event_reduction_text(obs: Observable) -> str:
    """kind reduce / system in words, with what an event without (enough) objects gets."""
    objects = f"the {obs.first} leading {obs.of}" if obs.first else f"all {obs.of}"
    fewer = f"no entry with fewer than {obs.first}" if obs.first else None
    if obs.other_index is not None:  # the system of two ranked objects
        objects = f"{obs.of}[{obs.index or 0}] and {obs.of}[{obs.other_index}]"
        fewer = f"no entry with fewer than {max(obs.index or 0, obs.other_index) + 1}"
    if obs.kind == "system":
        return (
            f"{obs.field} of the four-vector sum of {objects} in the event "
            f"({fewer or f'no entry without {obs.of}'})"
        )
    field = f"|{obs.field}|" if obs.abs else str(obs.field)
    derived = DERIVED_FIELDS.get(obs.field or "")
    if derived is not None:
        field = derived.label
    how = {"max": "maximum", "min": "minimum", "sum": "sum of", "mean": "mean"}[obs.reduce or ""]
    empty = fewer or (
        f"0 without {obs.of}" if obs.reduce == "sum" else f"no entry without {obs.of}"
    )
    return f"{how} {field} over {objects} in the event ({empty})"


def binning_text(h: Histogram) -> str:
    """A histogram's binning in words, with its drawing options (per unit of x, log x/y)."""
    unit = " " + h.unit if h.unit else ""
    if h.edges is not None:
        text = f"{h.bins} variable bins, edges {', '.join(f'{e:g}' for e in h.edges)}{unit}"
    else:
        kind = " log-spaced" if h.transform == "log" else ""
        text = f"{h.bins}{kind} bins from {h.start:g} to {h.stop:g}{unit}"
    extras = [
        name
        for name, on in (
            ("per unit of x", h.density),
            ("log x", h.plot_log_x),
            ("log y", h.log_y),
            ("each process and the data normalised to unit area", h.unit_area),
            ("the simulation scaled to the data yield", h.mc_to_data),
        )
        if on
    ]
    return ", ".join([text, *extras])


def zz_pairing_text(comb: Combination) -> str:
    """The ZZ pairing rule of a four-lepton combination, in words (the plan states it)."""
    return (
        "paired into two Z candidates, each a same-flavour opposite-charge pair: Z1 = the pair "
        f"with mass closest to {comb.target_mass or 0:g} GeV, Z2 = the other pair of the same "
        "four leptons; one candidate per event (Z1 closest, then the Z2 with the highest scalar "
        "pT sum)"
    )


def window_text(comb: Combination) -> str:
    """A combination's mass window in words."""
    if comb.mass_min is not None and comb.mass_max is not None:
        return f"mass between {comb.mass_min:g} and {comb.mass_max:g} GeV"
    if comb.mass_min is not None:
        return f"mass above {comb.mass_min:g} GeV"
    return f"mass below {comb.mass_max:g} GeV"


def region_text(spec: AnalysisSpec, steps: list[str]) -> str:
    """The events of a histogram under its own selection, in words (also its key in the
    result's ``regions`` and the legend title of its plot): ``all cuts``, ``no cuts``,
    ``all cuts but b-jet veto`` (one of three or more steps left out), else ``cuts: A, B``."""
    every = [s.name for s in spec.selection]
    missing = [name for name in every if name not in steps]
    if not missing:
        return "all cuts"
    if not steps:
        return "no cuts"
    if len(missing) == 1 and len(every) >= 3:
        return f"all cuts but {missing[0]}"
    return "cuts: " + ", ".join(steps)


def mixed_eras_note(eras: list[str], *, mc_lumi: str | None = None) -> str:
    """The note for samples of several eras (MC normalised to another era's data).

    ``mc_lumi``: the plan has no data sample; the luminosity every MC sample is normalised to,
    in words (:func:`mc_lumi_words`). Was: "the other's data luminosity" for MC-only plans too,
    which have no data."""
    if mc_lumi is not None:
        return (
            f"The samples mix eras ({', '.join(eras)}): with no data in the plan, the MC of "
            f"every era is normalised to {mc_lumi}, although the eras' conditions differ, so "
            "the comparison is indicative only."
        )
    return (
        f"The samples mix eras ({', '.join(eras)}): MC of one era is normalised to "
        "the other's data luminosity, so the comparison is indicative only."
    )


def mc_lumi_words(first_era: str, lumi_pb: float | None, catalog: Catalog | None) -> str:
    """The luminosity MC-only samples are normalised to, in words: the spec's, else the data
    luminosity of the first sample's era (as the compiler takes it)."""
    if lumi_pb:
        return f"{lumi_pb:g} pb^-1"
    if catalog is not None and catalog.data(first_era):
        return f"the {first_era} data luminosity"
    return "one luminosity"


def samples_mixed_eras_note(
    samples: list[Sample], lumi_pb: float | None, catalog: Catalog | None
) -> str | None:
    """:func:`mixed_eras_note` for ``samples`` (in the spec's order; MC only or not); None
    when they are all of one era."""
    eras = sorted({s.era for s in samples})
    if len(eras) < 2:
        return None
    if any(s.is_data for s in samples):
        return mixed_eras_note(eras)
    return mixed_eras_note(eras, mc_lumi=mc_lumi_words(samples[0].era, lumi_pb, catalog))


def summary(
    spec: AnalysisSpec, catalog: Catalog | None = None, resolved: ResolvedAnalysis | None = None
) -> str:
    """One paragraph in words: the plan shown to the user before anything runs.

    With ``resolved`` (the spec checked once, :func:`chathep.resolve.resolve_analysis`) its
    samples and correction table are used; without it they are looked up here.
    """
    if resolved is not None and not resolved.describes(spec):
        resolved = None
    all_data: bool | None = None  # unknown when the samples cannot be resolved
    found: list = []
    if resolved is not None:
        found = list(resolved.samples)
        samples = [s.name for s in resolved.samples]
        all_data = all(s.is_data for s in resolved.samples)
    else:
        try:
            found = resolve_samples(spec, catalog)
            samples = [s.name for s in found]
            all_data = all(s.is_data for s in found)
        except SpecError:
            samples = list(spec.samples) if spec.samples != "auto" else [f"auto ({spec.era})"]
    parts = [f"{spec.title}: run on {', '.join(samples)}."]
    for obj in spec.objects:
        text = f"{obj.name} = {obj.source or ' and '.join(obj.merge) + ' together'}"
        if obj.cuts:
            text += " with " + ", ".join(cut_text(c) for c in obj.cuts)
        if obj.clean_against:
            text += ", " + ", ".join(
                f"away from {c.against} (DeltaR > {c.dr:g})" for c in obj.clean_against
            )
        parts.append(text + ".")
    for comb in spec.combinations:
        charge, kind = combination_words(comb)
        text = f"{comb.name} = {charge}{kind} of {' and '.join(comb.inputs)}"
        if comb.same_flavour:
            text += " (same flavour)"
        if comb.leading == 1 and len(comb.inputs) == 2:
            text += ", the leading one of each"
        if comb.mass_min is not None or comb.mass_max is not None:
            text += ", " + window_text(comb)
        if comb.pairing == "zz":
            text += ", " + zz_pairing_text(comb)
        elif comb.choose == "closest_mass":
            text += f", the one closest to {comb.target_mass:g} GeV"
        elif comb.choose == "highest_pt":
            text += ", the one with highest pT"
        elif comb.choose == "highest_mass":
            text += ", the one with the highest mass"
        elif comb.choose == "smallest_dr":
            text += ", the one of smallest DeltaR between its legs"
        parts.append(text + ".")
    if spec.selection:
        steps = []
        for s in spec.selection:
            if s.triggers:
                steps.append(" or ".join(s.triggers))
            elif s.count:
                steps.append(f"n({s.count}) {s.op} {s.value:g}")
            else:
                what = observable_text(spec.observable(s.observable or ""), spec)
                steps.append(f"{what} {s.op} {s.value:g}")
        if spec.has_regions:  # each histogram has the steps of its own selection (below)
            parts.append("Selection steps, in order: " + "; ".join(steps) + ".")
        else:
            parts.append("Events must pass, in order: " + "; ".join(steps) + ".")
    hists = [
        f"{observable_text(spec.observable(h.observable), spec)} ({binning_text(h)})"
        for h in spec.histograms
    ]
    if spec.has_regions:  # each histogram under its own selection: say which
        hists = [
            f"{text}, events with {region_text(spec, spec.histogram_steps(h))}"
            for text, h in zip(hists, spec.histograms, strict=True)
        ]
    parts.append("Histograms: " + "; ".join(hists) + ".")
    corr = spec.requested_corrections()
    lumi = f"{spec.lumi_pb:g} pb^-1" if spec.lumi_pb else "the data luminosity"
    if all_data and not corr:
        return " ".join(parts)  # data only: no MC to normalise, nothing corrected
    parts.append(
        f"MC is normalised to xsec x {lumi} / sum genWeight{_orders_text(found)} and weighted "
        "by genWeight; "
        + (corrections_text(spec, catalog, corr, resolved) if corr else "no other corrections.")
    )
    return " ".join(parts)


def _orders_text(samples: list) -> str:
    """The order of each MC sample's cross section, where the catalog states it (generated
    samples: recipes/cross_sections.md)."""
    orders: dict[str, list[str]] = {}
    for s in samples:
        if not s.is_data and s.xsec_order:
            lo = f", LO {s.xsec_lo_pb:.4g} pb" if s.xsec_lo_pb else ""
            orders.setdefault(s.xsec_order, []).append(f"{s.name} {s.xsec_pb:.4g} pb{lo}")
    if not orders:
        return ""
    text = "; ".join(f"{order}: {', '.join(names)}" for order, names in orders.items())
    return f" (cross sections, knowledge_base/recipes/cross_sections.md: {text})"


def corrections_text(
    spec: AnalysisSpec,
    catalog: Catalog | None,
    corr: list[str],
    resolved: ResolvedAnalysis | None = None,
) -> str:
    """Which requested correction applies to which sample (from the files when readable)."""
    if resolved is not None:
        table = resolved.corrections
    else:
        try:
            table = resolve_corrections(spec, resolve_samples(spec, catalog))
        except Exception:  # files missing or unreadable: say what was asked for
            return "corrections: " + ", ".join(corr) + " (each skipped where it does not apply)."
    applied, skipped = [], []
    for name in corr:
        where = [s for s, e in table.items() if name in e["applied"]]
        if where:
            applied.append(f"{name} ({', '.join(where)})")
        else:
            reasons = {e["skipped"].get(name) for e in table.values()} - {None}
            if len(reasons) > 1:  # the data reason is implied: say why the MC is skipped
                reasons = {r for r in reasons if not r.startswith("data:")}
            skipped.append(f"{name} ({'; '.join(sorted(reasons))})")
    text = "corrections applied: " + (", ".join(applied) if applied else "none") + "."
    if skipped:
        text += " Not applicable: " + ", ".join(skipped) + "."
    return text
