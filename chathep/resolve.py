"""A spec against the catalog and the files: its samples, the checks, the corrections that apply.

:func:`resolve_analysis` does it once per request and returns a :class:`ResolvedAnalysis`
(checked samples, correction table, eras) that the compiler and the plain-language summary
take instead of checking again. The checks read the branch names of every sample file
(:mod:`chathep.files`, cached per file version) and raise :class:`~chathep.errors.SpecError`
with a did-you-mean hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chathep.catalog import Catalog, Sample, default_catalog
from chathep.config import Settings
from chathep.corrections_info import resolve_corrections
from chathep.errors import CatalogError, ChatHEPError, SpecError, did_you_mean
from chathep.files import branches, collection_fields
from chathep.registry import objects as objects_registry
from chathep.registry import streams as streams_registry
from chathep.registry.eras import BTAG_FIELDS, BTAG_WORKING_POINTS
from chathep.registry.fields import DERIVED_FIELDS
from chathep.skims import SkimNote, skim_notes, skim_statement
from chathep.spec import (
    COMBINATION_FIELDS,
    MERGED_FIELDS,
    MET_NAME,
    AnalysisSpec,
    object_sources,
)


@dataclass(frozen=True)
class ResolvedAnalysis:
    """A spec checked against the catalog and every sample file, once per request.

    ``corrections`` is the per-sample table of :func:`chathep.corrections_info.resolve_corrections`
    (``applied`` / ``skipped`` / ``details``); ``warnings`` are the data streams that cannot
    hold the selection (:func:`stream_warnings`).
    """

    spec: AnalysisSpec
    samples: list[Sample]
    corrections: dict[str, dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    #: selections outside the skim of skimmed samples (:func:`chathep.skims.skim_notes`)
    skim_notes: list[SkimNote] = field(default_factory=list)

    @property
    def eras(self) -> list[str]:
        """The eras of the samples, sorted (more than one: MC normalised to another era's data)."""
        return sorted({s.era for s in self.samples})

    def describes(self, spec: AnalysisSpec) -> bool:
        """True when this was resolved for ``spec`` (the same spec, unchanged)."""
        return spec is self.spec or spec == self.spec


def resolve_analysis(
    spec: AnalysisSpec, catalog: Catalog | None = None, settings: Settings | None = None
) -> ResolvedAnalysis:
    """Check ``spec`` against the catalog and the files, and decide its corrections: once."""
    samples = check_spec(spec, catalog, settings)
    corrections = resolve_corrections(spec, samples, settings)
    notes = skim_notes(spec, samples)
    warnings = stream_warnings(spec, samples) + skim_statement(samples)
    warnings += [note.message for note in notes]
    return ResolvedAnalysis(spec, samples, corrections, warnings, notes)


def available_fields(
    spec: AnalysisSpec, catalog: Catalog, settings: Settings | None = None
) -> dict[str, set[str]] | None:
    """NanoAOD collection -> the fields every file of the spec's samples has (None: unknown,
    e.g. a file cannot be read; :func:`check_spec` then reports the problem)."""
    try:
        samples = resolve_samples(spec, catalog)
        keys = [branches(path, s.treename) for s in samples for path in s.paths(settings)]
    except ChatHEPError:
        return None
    if not keys:
        return None
    return {
        c: set.intersection(*(collection_fields(k, c) for k in keys))
        for c in objects_registry.PLANNED_SOURCES
    }


def trigger_spellings(
    spec: AnalysisSpec, catalog: Catalog, settings: Settings | None = None
) -> dict[str, str]:
    """Trigger path as typed -> its spelling in the files, for a path every file of the spec's
    samples has in exactly one spelling that differs only in case ("HLT_isomu24" ->
    "HLT_IsoMu24"); paths stored as typed, missing or ambiguous are left out."""
    typed = {t for step in spec.selection for t in step.triggers or []}
    if not typed:
        return {}
    try:
        samples = resolve_samples(spec, catalog)
        keys = [branches(path, s.treename) for s in samples for path in s.paths(settings)]
    except ChatHEPError:
        return {}
    out: dict[str, str] = {}
    for trig in typed:
        if not keys or all(trig in k for k in keys):
            continue
        spellings = [{b for b in k if b.lower() == trig.lower()} for k in keys]
        common = set.intersection(*spellings)
        if len(common) == 1:
            out[trig] = common.pop()
    return out


def resolve_samples(spec: AnalysisSpec, catalog: Catalog | None = None) -> list[Sample]:
    """The catalog samples of the spec (``auto`` = all data and MC of ``spec.era``)."""
    catalog = catalog or default_catalog()
    if spec.samples == "auto":
        samples = catalog.data(spec.era) + catalog.mc(spec.era)
        if not samples:
            eras = sorted({s.era for s in catalog})
            raise SpecError(
                f"No sample of era {spec.era!r} in the catalog.", hint=f"Known eras: {eras}."
            )
        return samples
    out = []
    for name in spec.samples:
        try:
            out.append(catalog[name])
        except CatalogError:
            known = list(catalog.samples)
            raise SpecError(
                f"Unknown sample {name!r}{did_you_mean(name, known)}",
                hint=f"Known samples: {', '.join(known)} (see knowledge_base/datasets.yaml).",
            ) from None
    if not out:
        raise SpecError("The spec names no sample.", hint="Give samples or use 'auto'.")
    return out


def required_collections(spec: AnalysisSpec) -> set[str]:
    """The NanoAOD collections an event must have objects of to be selected or plotted: those
    behind a count step that requires at least one, and behind every histogrammed observable
    (combinations and merged objects resolved to their sources)."""
    objects = {o.name: o for o in spec.objects}
    combos = {c.name: c for c in spec.combinations}
    observables = {o.name: o for o in spec.observables}

    def sources(name: str | None, seen: frozenset[str] = frozenset()) -> set[str]:
        if name is None or name in seen:
            return set()
        seen = seen | {name}
        if name in combos:
            return set().union(*(sources(i, seen) for i in combos[name].inputs))
        obj = objects.get(name)
        if obj is None:
            return set()
        if obj.source is not None:
            return {obj.source}
        return set().union(*(sources(m, seen) for m in obj.merge))

    out: set[str] = set()
    for step in spec.selection:
        if step.count is None or step.value is None:
            continue
        at_least_one = {">=": 1, ">": 0, "==": 1}.get(step.op)
        if at_least_one is not None and step.value >= at_least_one:
            out |= sources(step.count)
    for h in spec.histograms:
        obs = observables.get(h.observable)
        if obs is not None:
            out |= sources(obs.of)
            if obs.other != "met":
                out |= sources(obs.other)
    return out


def stream_warnings(spec: AnalysisSpec, samples: list[Sample]) -> list[str]:
    """A warning per data sample whose stream (trigger) cannot hold what the spec selects,
    e.g. electrons asked for in the DoubleMuon stream (:mod:`chathep.registry.streams`)."""
    required = required_collections(spec)
    out = []
    for sample in samples:
        if sample.is_data and sample.stream:
            warning = streams_registry.mismatch(sample.name, sample.stream, required)
            if warning:
                out.append(warning)
    return out


def check_spec(
    spec: AnalysisSpec, catalog: Catalog | None = None, settings: Settings | None = None
) -> list[Sample]:
    """Check the spec against the catalog and the branches in every sample file.

    Returns the resolved samples. Raises :class:`SpecError` with a did-you-mean hint.
    """
    samples = resolve_samples(spec, catalog)
    for sample in samples:
        for path in sample.paths(settings):
            keys = branches(path, sample.treename)
            where = f"sample {sample.name} ({path.name})"
            for obj in spec.objects:
                sources = object_sources(spec, obj.name)
                for source in sources:
                    if not collection_fields(keys, source):
                        raise SpecError(
                            f"{where} has no {source} collection.",
                            hint="Choose samples that contain it.",
                        )
                fields = _object_fields(spec, obj.name, keys)
                label = obj.source or f"merged {'+'.join(obj.merge)}"
                if obj.merge:
                    for field in MERGED_FIELDS:
                        _check_field(label, field, fields, where)
                for cut in obj.cuts:
                    _check_field(label, cut.field, fields, where)
                    if isinstance(cut.value, str) and cut.field not in BTAG_FIELDS:
                        raise SpecError(
                            f"Object '{obj.name}': working point '{cut.value}' given for "
                            f"{cut.field}, which is not a b-tag score.",
                            hint=f"Working points apply to {sorted(BTAG_FIELDS)}.",
                        )
                    if isinstance(cut.value, str) and sample.era not in BTAG_WORKING_POINTS:
                        raise SpecError(
                            f"No DeepJet working points known for era {sample.era}.",
                            hint=f"Known eras: {sorted(BTAG_WORKING_POINTS)}; or cut on a number.",
                        )
            for obs in spec.observables:
                obj = spec.object(obs.of) if obs.of else None
                if obs.kind == "field" and obj is not None:
                    derived = DERIVED_FIELDS.get(obs.field or "")
                    for needed in derived.needs if derived else (obs.field or "",):
                        _check_field(
                            obj.source or f"merged {'+'.join(obj.merge)}",
                            needed,
                            _object_fields(spec, obj.name, keys),
                            f"{where}; needed for the {derived.words}" if derived else where,
                        )
                elif obs.kind == "field" and obs.reduce is not None:
                    comb = spec.combination(obs.of or "")
                    for name in comb.inputs if comb else []:
                        _check_field(
                            f"'{name}' (a leg of {obs.of})",
                            obs.field or "",
                            _object_fields(spec, name, keys),
                            where,
                        )
                elif obs.kind == "field" and obs.field not in COMBINATION_FIELDS:
                    raise SpecError(
                        f"Combination '{obs.of}' has no field '{obs.field}'"
                        f"{did_you_mean(obs.field or '', COMBINATION_FIELDS)}",
                        hint=f"Combinations have {', '.join(COMBINATION_FIELDS)}; for a field "
                        "of its legs use reduce (max/min/sum).",
                    )
                uses_met = obs.kind in ("met", "mt") or obs.other == MET_NAME
                if uses_met and f"{obs.met}_pt" not in keys:
                    raise SpecError(
                        f"{where} has no {obs.met} (no {obs.met}_pt branch).",
                        hint="Choose samples whose files have it, or use MET or PuppiMET.",
                    )
                if (
                    obs.kind == "met"
                    and obs.field == "significance"
                    and ("MET_significance" not in keys)
                ):
                    raise SpecError(
                        f"{where} has no MET_significance branch.",
                        hint="Choose samples whose files have MET_significance.",
                    )
                if obs.kind == "pv" and f"PV_{obs.field}" not in keys:
                    raise SpecError(
                        f"{where} has no PV_{obs.field} branch (primary-vertex position).",
                        hint=f"Choose samples whose files have PV_{obs.field}.",
                    )
                branch = f"PV_{obs.field or 'npvs'}"
                if obs.kind == "npv" and branch not in keys:
                    raise SpecError(
                        f"{where} has no {branch} branch (number of primary vertices).",
                        hint=f"Choose samples whose files have {branch}.",
                    )
            for step in spec.selection:
                for trig in step.triggers or []:
                    if trig not in keys:
                        hlt = {k for k in keys if k.startswith("HLT_")}
                        raise SpecError(
                            f"{where} has no trigger {trig}{did_you_mean(trig, hlt)}",
                            hint="Trigger menus differ between eras and files: "
                            + (
                                "this file stores no usable HLT bits for it; drop the trigger "
                                "step or the sample."
                                if len(hlt) < 10
                                else "pick a path that exists in every sample."
                            ),
                        )
    return samples


def _object_fields(spec: AnalysisSpec, name: str, keys: frozenset[str]) -> set[str]:
    """Fields of an object: its collection's, or for a merge those all its inputs share."""
    sets = [collection_fields(keys, source) for source in object_sources(spec, name)]
    return set.intersection(*sets) if sets else set()


def _check_field(collection: str, field: str, fields: set[str], where: str) -> None:
    if field not in fields:
        raise SpecError(
            f"{collection} has no field '{field}'{did_you_mean(field, fields)}",
            hint=f"Fields are NanoAOD branch names without the '{collection}_' prefix "
            f"(checked in {where}).",
        )


# --- summary -------------------------------------------------------------------------
