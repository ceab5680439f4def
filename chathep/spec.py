"""The analysis spec: a small typed language for NanoAOD analyses.

A request in words becomes an :class:`AnalysisSpec` (by the agent, which decodes into
``AnalysisSpec.model_json_schema()``), the spec is checked against the catalog and the
branches really present in the sample files (:func:`check_spec`), then compiled into coffea
code by :mod:`chathep.compiler`. The schema is flat on purpose (no recursive references) so
llama.cpp grammars and OpenAI structured outputs can constrain decoding to it.

Order matters where physicists expect it to: ``selection`` steps are applied in order and
their order *is* the cutflow; objects may only be cleaned against objects defined before them.
"""

from __future__ import annotations

import difflib
import json
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chathep.catalog import Catalog, Sample, default_catalog
from chathep.config import Settings
from chathep.errors import CatalogError, SpecError
from chathep.files import branches, collection_fields
from chathep.registry import corrections as corrections_registry
from chathep.registry import streams as streams_registry
from chathep.registry.eras import BTAG_FIELDS, BTAG_WORKING_POINTS, FALLBACK_ERA

#: NanoAOD collections an object may be built from.
Collection = Literal["Muon", "Electron", "Jet", "FatJet", "Photon", "Tau", "GenPart"]
#: Collections that carry an electric charge (for opposite/same-charge combinations).
CHARGED = {"Muon", "Electron", "Tau", "GenPart"}
Op = Literal[">", ">=", "<", "<=", "==", "!="]
#: "all" or an opt-in correction (declared in chathep.registry.corrections).
CorrectionName = Literal[corrections_registry.WORDS]  # type: ignore[valid-type]
#: Opt-in corrections, in the order they are applied; ``"all"`` expands to these.
OPTIONAL_CORRECTIONS: tuple[str, ...] = corrections_registry.OPTIONAL
#: Asked for by name only, not part of "all" (the Rochester uncertainty: seconds per chunk).
EXTRA_CORRECTIONS: tuple[str, ...] = corrections_registry.EXTRA
#: Fields every combination candidate has (from the summed four-vector and the legs' charges).
COMBINATION_FIELDS = ("pt", "eta", "phi", "mass", "charge")


#: ``Observable.other`` value meaning the missing transverse momentum (not a collection name).
MET_NAME = "met"
#: Fields every merged collection (``ObjectDef.merge``) has, besides those the spec uses.
MERGED_FIELDS = ("pt", "eta", "phi", "mass", "charge", "pdgId")

#: Names an observable cannot have: they are hist axis names or hist.fill keywords.
RESERVED_NAMES = frozenset({"dataset", "systematic", "weight", "sample", "threads"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cut(_Strict):
    """A cut on one field of an object, e.g. ``pt > 25`` or ``abs(eta) < 2.4``.

    For boolean IDs (``tightId``) use ``op="=="`` and ``value=true``. For the b-tag score
    ``btagDeepFlavB`` the value may be a working point name (loose/medium/tight), resolved
    per era of each sample.
    """

    field: str = Field(description="NanoAOD field of the collection, e.g. pt, eta, tightId")
    op: Op = ">"
    value: float | bool | Literal["loose", "medium", "tight"]
    abs: bool = Field(False, description="Cut on the absolute value, e.g. |eta|")


class Cleaning(_Strict):
    """Overlap removal: drop objects within ``dr`` of any object of ``against``."""

    against: str = Field(description="Name of an object defined earlier in 'objects'")
    dr: float = Field(0.4, gt=0)


class ObjectDef(_Strict):
    """A named collection derived from a NanoAOD one by cuts and overlap removal.

    Or, with ``merge`` instead of ``source``, objects defined earlier put together in one
    collection sorted by decreasing pT (e.g. light leptons = electrons and muons, each with its
    own ID); its fields are those its inputs share; ``cuts`` then apply to all of them.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="e.g. muons, jets, bjets")
    source: Collection | None = Field(None, description="NanoAOD collection; or give merge")
    merge: list[str] = Field(
        default_factory=list,
        max_length=4,
        description="Objects defined earlier to put together, e.g. [electrons, muons]",
    )
    cuts: list[Cut] = Field(default_factory=list)
    clean_against: list[Cleaning] = Field(default_factory=list)

    @model_validator(mode="after")
    def _source_or_merge(self) -> ObjectDef:
        if (self.source is None) == (not self.merge):
            raise ValueError(
                f"object '{self.name}' needs a NanoAOD 'source' or a 'merge' of earlier "
                "objects (one of the two)"
            )
        if self.merge and len(set(self.merge)) < 2:
            raise ValueError(f"object '{self.name}': merge needs at least two different objects")
        return self


class Combination(_Strict):
    """Pairs or triplets of objects, e.g. opposite-charge dimuon candidates.

    With one input: combinations within it (``same_flavour`` on a merged input: legs of equal
    |pdgId|). With two inputs: one leg from each, or with ``same_flavour`` the pairs within each
    input together (ee + mumu). ``mass_min``/``mass_max`` keep only candidates in that mass
    window (before ``choose``): a count step on the combination then means "at least one
    candidate in the window".
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    inputs: list[str] = Field(min_length=1, max_length=2, description="Object names")
    size: Literal[2, 3] = 2
    charge: Literal["opposite", "same", "any"] = "any"
    same_flavour: bool = False
    leading: int | None = Field(None, ge=2, description="Use only the leading N objects")
    choose: Literal["all", "closest_mass", "highest_pt"] = Field(
        "all", description="Keep all candidates or one per event"
    )
    target_mass: float | None = Field(None, gt=0, description="GeV, for choose=closest_mass")
    mass_min: float | None = Field(None, ge=0, description="GeV: keep candidates above")
    mass_max: float | None = Field(None, gt=0, description="GeV: keep candidates below")


class Observable(_Strict):
    """A quantity to cut on or histogram.

    kind=field: ``of.field`` (per object, or of the ``index``-th object per event; for a
    combination with ``reduce``: max/min/sum of ``field`` over each candidate's legs); count:
    multiplicity of ``of``; ht: scalar pT sum of ``of``; met: ``met`` pT (or phi with
    field="phi"); mt: transverse mass of the ``index``-th (default leading) ``of`` (object or
    combination) and the MET; delta_r / delta_phi: between the ``index``-th ``of`` and the
    leading ``other`` (other="met": the MET, delta_phi only), or ``of`` [0] and [1].
    ``exclude``: a combination with one candidate per event whose legs are removed from ``of``
    first, e.g. the highest-pT lepton not in the Z pair. npv: the number of reconstructed
    primary vertices of the event (``PV_npvs``; no ``of``).
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal["field", "count", "ht", "met", "mt", "delta_r", "delta_phi", "npv"]
    of: str | None = Field(None, description="Object or combination name")
    field: str | None = None
    index: int | None = Field(None, ge=0, description="0 = leading; None = every object")
    other: str | None = Field(None, description="Object/combination, or met")
    met: Literal["MET", "PuppiMET"] = "MET"
    abs: bool = Field(False, description="Take the absolute value, e.g. |eta|")
    reduce: Literal["max", "min", "sum"] | None = Field(
        None, description="Over a combination's legs, e.g. max btagDeepFlavB of a trijet"
    )
    exclude: str | None = Field(
        None, description="Combination whose legs are removed from 'of', e.g. zpair"
    )

    @property
    def per_object(self) -> bool:
        return self.kind == "field" and self.index is None and self.of is not None


class Step(_Strict):
    """One event-selection step (one cutflow row): a count, a trigger OR, or a cut."""

    name: str = Field(description="Cutflow label, e.g. 'two muons'")
    count: str | None = Field(None, description="Object/combination name: cut on its number")
    triggers: list[str] | None = Field(None, description="HLT paths, OR-ed")
    observable: str | None = Field(None, description="A per-event observable to cut on")
    op: Op = ">="
    value: float | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Step:
        given = [x for x in (self.count, self.triggers, self.observable) if x is not None]
        if len(given) != 1:
            raise ValueError(f"step '{self.name}' needs exactly one of count/triggers/observable")
        if self.triggers is None and self.value is None:
            raise ValueError(f"step '{self.name}' needs a value")
        return self


#: Most bins a histogram may have.
MAX_BINS = 10_000


class Histogram(_Strict):
    """One histogram of an observable.

    Binning: ``bins`` from ``start`` to ``stop``, of equal width in x, or in log(x) with
    ``transform="log"`` (start > 0); or variable ``edges`` (bins/start/stop then follow from
    them). ``log_x`` draws the x axis logarithmically (always so with transform=log);
    ``density`` plots events per unit of x ("Events / GeV"), each bin divided by its width.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    observable: str
    bins: int | None = Field(None, description="Number of bins (or give edges)")
    start: float | None = None
    stop: float | None = None
    edges: list[float] | None = Field(None, description="Variable bin edges, increasing")
    transform: Literal["none", "log"] = Field(
        "none", description="log: bins of equal width in log(x)"
    )
    label: str
    unit: str = ""
    log_y: bool = False
    log_x: bool = False
    density: bool = Field(False, description="Events per unit of x, e.g. Events / GeV")

    @model_validator(mode="after")
    def _binning(self) -> Histogram:
        where = f"histogram '{self.name}'"
        if self.edges is not None:
            edges = self.edges
            if len(edges) < 2:
                raise ValueError(f"{where}: edges need at least two values")
            if not all(math.isfinite(e) for e in edges):
                raise ValueError(f"{where}: edges must be finite numbers")
            if any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
                raise ValueError(f"{where}: edges must be strictly increasing, got {edges}")
            if self.transform != "none":
                raise ValueError(
                    f"{where}: give either edges or transform='log' with bins/start/stop"
                )
            derived = {"bins": len(edges) - 1, "start": edges[0], "stop": edges[-1]}
            for key, value in derived.items():
                given = getattr(self, key)
                if given is not None and not math.isclose(given, value, abs_tol=1e-12):
                    raise ValueError(
                        f"{where}: {key}={given:g} disagrees with the edges ({value:g}); "
                        "leave bins/start/stop out when giving edges"
                    )
                setattr(self, key, value)
        missing = [k for k in ("bins", "start", "stop") if getattr(self, k) is None]
        if missing:
            raise ValueError(f"{where} needs {'/'.join(missing)} (or edges)")
        bins, start, stop = self.bins, self.start, self.stop
        assert bins is not None and start is not None and stop is not None
        if bins <= 0:
            raise ValueError(f"{where}: bins must be > 0, got {bins}")
        if bins > MAX_BINS:
            raise ValueError(f"{where}: at most {MAX_BINS} bins, got {bins}")
        if not stop > start:
            raise ValueError(f"{where}: empty range [{start}, {stop}] (stop must be above start)")
        if self.transform == "log" and start <= 0:
            raise ValueError(f"{where}: log bins need start > 0, got {start:g}")
        if self.log_x and start <= 0:
            raise ValueError(f"{where}: a log x axis needs start > 0, got {start:g}")
        return self

    @property
    def axis_label(self) -> str:
        return f"{self.label} [{self.unit}]" if self.unit else self.label

    @property
    def axis_kind(self) -> Literal["regular", "log", "variable"]:
        """regular: equal bins in x; log: equal bins in log(x); variable: explicit edges."""
        if self.edges is not None:
            return "variable"
        return "log" if self.transform == "log" else "regular"

    @property
    def plot_log_x(self) -> bool:
        """The plot's x axis is logarithmic (asked for, or implied by log bins)."""
        return self.log_x or self.transform == "log"

    def bin_edges(self) -> list[float]:
        """All bin edges (for log bins: equal steps in log x)."""
        if self.edges is not None:
            return list(self.edges)
        n, lo, hi = self.bins or 1, float(self.start or 0.0), float(self.stop or 1.0)
        if self.transform == "log":
            return [
                math.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * i / n) for i in range(n + 1)
            ]
        return [lo + (hi - lo) * i / n for i in range(n + 1)]


class AnalysisSpec(_Strict):
    """A complete analysis: samples, objects, combinations, selection, histograms, corrections."""

    title: str
    samples: list[str] | Literal["auto"] = Field(
        "auto", description="Catalog sample names, or auto = all data + MC of the era"
    )
    era: str = Field(FALLBACK_ERA, description="Used when samples=auto")
    lumi_pb: float | None = Field(
        None, gt=0, description="pb^-1 to normalise MC to; default: the data samples' lumi"
    )
    objects: list[ObjectDef] = Field(default_factory=list)
    combinations: list[Combination] = Field(default_factory=list)
    selection: list[Step] = Field(default_factory=list, max_length=64)
    observables: list[Observable] = Field(default_factory=list)
    histograms: list[Histogram] = Field(min_length=1)
    corrections: list[CorrectionName] = Field(
        default_factory=list, description="Opt-in corrections; 'all' = every one that applies"
    )

    @model_validator(mode="after")
    def _references(self) -> AnalysisSpec:
        _check_references(self)
        return self

    # --- derived views -------------------------------------------------------------
    def object(self, name: str) -> ObjectDef | None:
        return next((o for o in self.objects if o.name == name), None)

    def combination(self, name: str) -> Combination | None:
        return next((c for c in self.combinations if c.name == name), None)

    def observable(self, name: str) -> Observable:
        return next(o for o in self.observables if o.name == name)

    def requested_corrections(self) -> list[str]:
        """The opt-in corrections asked for, with ``all`` expanded (and the corrections an
        uncertainty is a variation of added), in application order."""
        return corrections_registry.requested(self.corrections)

    def sources(self) -> set[str]:
        return {o.source for o in self.objects if o.source is not None}

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_defaults=False)

    def summary(self, catalog: Catalog | None = None) -> str:
        """One paragraph in words: the plan shown to the user before anything runs."""
        return _summary(self, catalog)


# --- parsing and validation ----------------------------------------------------------


def parse_spec(data: dict[str, Any] | str) -> AnalysisSpec:
    """Build a spec from a dict or JSON text; problems become one :class:`SpecError`."""
    try:
        if isinstance(data, str):
            return AnalysisSpec.model_validate_json(data)
        return AnalysisSpec.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{loc}: {msg}" if loc else msg)
        raise SpecError(
            "The analysis spec is invalid: " + "; ".join(problems),
            hint="Fix the named entries; `AnalysisSpec.model_json_schema()` lists every field.",
        ) from None


def _suggest(word: str, choices: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_references(spec: AnalysisSpec) -> None:
    """Names refer to things defined (earlier, where order matters); raise ValueError."""
    names: dict[str, str] = {}
    for kind, items in (
        ("object", spec.objects),
        ("combination", spec.combinations),
        ("observable", spec.observables),
        ("histogram", spec.histograms),
    ):
        for item in items:
            if item.name in names and kind != "histogram":
                raise ValueError(f"the name '{item.name}' is used twice")
            names.setdefault(item.name, kind)
    hist_names = [h.name for h in spec.histograms]
    if len(set(hist_names)) != len(hist_names):
        raise ValueError("histogram names must be unique")
    for obs in spec.observables:
        if obs.name in RESERVED_NAMES:
            raise ValueError(
                f"observable name '{obs.name}' is reserved (histogram axes and fill "
                f"arguments: {', '.join(sorted(RESERVED_NAMES))})"
            )
    objects = [o.name for o in spec.objects]
    for i, obj in enumerate(spec.objects):
        if obj.name == MET_NAME:
            raise ValueError(
                f"'{MET_NAME}' names the missing transverse momentum; rename the object"
            )
        for clean in obj.clean_against:
            if clean.against not in objects[:i]:
                raise ValueError(
                    f"object '{obj.name}' is cleaned against '{clean.against}', which is not "
                    f"an object defined before it{_suggest(clean.against, objects[:i])}"
                )
        for part in obj.merge:
            if part not in objects[:i]:
                raise ValueError(
                    f"object '{obj.name}' merges '{part}', which is not an object defined "
                    f"before it{_suggest(part, objects[:i])}"
                )
            if spec.object(part).source is None:  # type: ignore[union-attr]
                raise ValueError(
                    f"object '{obj.name}' merges '{part}', itself a merge: list the NanoAOD-"
                    "based objects instead"
                )
    combinations = [c.name for c in spec.combinations]
    collections = objects + combinations
    for comb in spec.combinations:
        if comb.name == MET_NAME:
            raise ValueError(f"'{MET_NAME}' names the missing transverse momentum; rename it")
        for name in comb.inputs:
            if name not in objects:
                raise ValueError(
                    f"combination '{comb.name}' uses unknown object '{name}'"
                    f"{_suggest(name, objects)}"
                )
        srcs = {s for n in comb.inputs for s in object_sources(spec, n)}
        if comb.charge != "any" and not srcs <= CHARGED:
            raise ValueError(f"combination '{comb.name}': {sorted(srcs)} have no charge")
        if comb.choose == "closest_mass" and comb.target_mass is None:
            raise ValueError(f"combination '{comb.name}': closest_mass needs target_mass (GeV)")
        if len(comb.inputs) == 2 and comb.size == 3:
            raise ValueError(f"combination '{comb.name}': triplets take one input collection")
        if (
            comb.mass_min is not None
            and comb.mass_max is not None
            and not comb.mass_max > comb.mass_min
        ):
            raise ValueError(
                f"combination '{comb.name}': empty mass window "
                f"[{comb.mass_min:g}, {comb.mass_max:g}] GeV"
            )
    for obs in spec.observables:
        where = f"observable '{obs.name}'"
        need_of = obs.kind in ("field", "count", "ht", "mt", "delta_r", "delta_phi")
        if need_of and obs.of is None:
            raise ValueError(f"{where} ({obs.kind}) needs 'of'")
        refs = [obs.of, obs.exclude] + ([obs.other] if obs.other != MET_NAME else [])
        for ref in refs:
            if ref is not None and ref not in collections:
                raise ValueError(f"{where} refers to unknown '{ref}'{_suggest(ref, collections)}")
        if obs.other is not None and obs.other == obs.of:
            raise ValueError(f"{where}: leave 'other' empty to use the two leading {obs.of}")
        if obs.other is not None and obs.kind not in ("delta_r", "delta_phi"):
            raise ValueError(f"{where}: 'other' is only for delta_r/delta_phi")
        if obs.other == MET_NAME and obs.kind == "delta_r":
            raise ValueError(f"{where}: the MET has no eta; use delta_phi with other='met'")
        if obs.kind == "field" and not obs.field:
            raise ValueError(f"{where} (field) needs 'field', e.g. pt")
        if obs.kind == "ht" and obs.of not in objects:
            raise ValueError(f"{where} (ht) needs an object, not a pair")
        if obs.kind == "met" and obs.field not in (None, "pt", "phi"):
            raise ValueError(f"{where}: MET has fields pt and phi")
        if obs.kind == "npv" and (obs.of or obs.field or obs.exclude or obs.reduce):
            raise ValueError(f"{where}: npv (PV_npvs, a per-event count) takes no of/field")
        if obs.reduce is not None:
            if obs.kind != "field" or obs.of not in combinations:
                raise ValueError(
                    f"{where}: 'reduce' takes max/min/sum over the legs of a combination "
                    "(kind field, 'of' a combination)"
                )
            _check_legs_kept(spec, obs.of, where)  # type: ignore[arg-type]
        if obs.exclude is not None:
            comb = spec.combination(obs.exclude)
            if comb is None:
                raise ValueError(f"{where}: 'exclude' must name a combination")
            if comb.choose == "all":
                raise ValueError(
                    f"{where}: 'exclude' needs a combination with one candidate per event "
                    f"(choose closest_mass or highest_pt), '{comb.name}' keeps all"
                )
            if obs.of not in objects or obs.kind == "met":
                raise ValueError(f"{where}: 'exclude' removes a combination's legs from an object")
            _check_legs_kept(spec, comb.name, where)
    observables = [o.name for o in spec.observables]
    steps = [s.name for s in spec.selection]
    if len(set(steps)) != len(steps):
        raise ValueError("selection step names must be unique (each is a cutflow row)")
    if "all events" in steps:
        raise ValueError("'all events' is the cutflow's first row; name the step differently")
    for step in spec.selection:
        if step.count is not None and step.count not in collections:
            raise ValueError(
                f"selection step '{step.name}' counts unknown '{step.count}'"
                f"{_suggest(step.count, collections)}"
            )
        if step.observable is not None:
            if step.observable not in observables:
                raise ValueError(
                    f"selection step '{step.name}' uses unknown observable '{step.observable}'"
                    f"{_suggest(step.observable, observables)}"
                )
            if spec.observable(step.observable).per_object:
                raise ValueError(
                    f"selection step '{step.name}': '{step.observable}' is per object; give "
                    "the observable an index (0 = leading) to cut on it per event"
                )
        for trig in step.triggers or []:
            if not trig.startswith("HLT_"):
                raise ValueError(f"trigger '{trig}' must be an HLT path (HLT_...)")
    for h in spec.histograms:
        if h.observable not in observables:
            raise ValueError(
                f"histogram '{h.name}' uses unknown observable '{h.observable}'"
                f"{_suggest(h.observable, observables)}"
            )


def object_sources(spec: AnalysisSpec, name: str) -> list[str]:
    """NanoAOD collections an object (or a merge of objects) is built from."""
    obj = spec.object(name)
    if obj is None:
        return []
    if obj.source is not None:
        return [obj.source]
    return [s for part in obj.merge for s in object_sources(spec, part)]


def _check_legs_kept(spec: AnalysisSpec, name: str, where: str) -> None:
    comb = spec.combination(name)
    if comb is not None and comb.same_flavour and len(comb.inputs) == 2:
        raise ValueError(
            f"{where}: the legs of '{name}' (same-flavour pairs of two collections) cannot be "
            "kept; build it from a merged collection (an object with merge) instead"
        )


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
                f"Unknown sample {name!r}{_suggest(name, known)}",
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
                    _check_field(
                        obj.source or f"merged {'+'.join(obj.merge)}",
                        obs.field or "",
                        _object_fields(spec, obj.name, keys),
                        where,
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
                        f"{_suggest(obs.field or '', COMBINATION_FIELDS)}",
                        hint=f"Combinations have {', '.join(COMBINATION_FIELDS)}; for a field "
                        "of its legs use reduce (max/min/sum).",
                    )
                uses_met = obs.kind in ("met", "mt") or obs.other == MET_NAME
                if uses_met and f"{obs.met}_pt" not in keys:
                    raise SpecError(f"{where} has no {obs.met}.", hint="Use MET or PuppiMET.")
                if obs.kind == "npv" and "PV_npvs" not in keys:
                    raise SpecError(
                        f"{where} has no PV_npvs branch (number of primary vertices).",
                        hint="Choose samples whose files have PV_npvs.",
                    )
            for step in spec.selection:
                for trig in step.triggers or []:
                    if trig not in keys:
                        hlt = {k for k in keys if k.startswith("HLT_")}
                        raise SpecError(
                            f"{where} has no trigger {trig}{_suggest(trig, hlt)}",
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
            f"{collection} has no field '{field}'{_suggest(field, fields)}",
            hint=f"Fields are NanoAOD branch names without the '{collection}_' prefix "
            f"(checked in {where}).",
        )


# --- summary -------------------------------------------------------------------------


def _cut_text(cut: Cut) -> str:
    field = f"|{cut.field}|" if cut.abs else cut.field
    if isinstance(cut.value, bool):
        return field if cut.value == (cut.op == "==") else f"not {field}"
    if isinstance(cut.value, str):
        return f"{field} {cut.op} {cut.value} WP"
    return f"{field} {cut.op} {cut.value:g}"


def _obs_text(obs: Observable) -> str:
    idx = (
        ""
        if obs.index is None
        else {0: "leading ", 1: "subleading "}.get(obs.index, f"object #{obs.index + 1} of ")
    )
    of = f"{obs.of} not in {obs.exclude}" if obs.exclude else obs.of
    lead = idx or "leading "
    other = obs.met if obs.other == MET_NAME else (obs.other or obs.of)
    field = f"|{obs.field}|" if obs.abs else str(obs.field)
    if obs.reduce:
        field = f"{obs.reduce} {field} of the legs"
    return {
        "field": f"{idx}{of} {field}",
        "count": f"number of {of}",
        "ht": f"HT of {of}",
        "met": f"{obs.met} {obs.field or 'pt'}",
        "mt": f"transverse mass of {lead}{of} and {obs.met}",
        "delta_r": f"DeltaR({idx}{of}, {other})",
        "delta_phi": f"DeltaPhi({idx}{of}, {other})",
        "npv": "number of primary vertices",
    }[obs.kind]


def _binning_text(h: Histogram) -> str:
    unit = " " + h.unit if h.unit else ""
    if h.edges is not None:
        text = f"{h.bins} variable bins, edges {', '.join(f'{e:g}' for e in h.edges)}{unit}"
    else:
        kind = " log-spaced" if h.transform == "log" else ""
        text = f"{h.bins}{kind} bins from {h.start:g} to {h.stop:g}{unit}"
    extras = [
        name
        for name, on in (("per unit of x", h.density), ("log x", h.plot_log_x), ("log y", h.log_y))
        if on
    ]
    return ", ".join([text, *extras])


def _window_text(comb: Combination) -> str:
    if comb.mass_min is not None and comb.mass_max is not None:
        return f"mass between {comb.mass_min:g} and {comb.mass_max:g} GeV"
    if comb.mass_min is not None:
        return f"mass above {comb.mass_min:g} GeV"
    return f"mass below {comb.mass_max:g} GeV"


def _summary(spec: AnalysisSpec, catalog: Catalog | None) -> str:
    try:
        samples = [s.name for s in resolve_samples(spec, catalog)]
    except SpecError:
        samples = list(spec.samples) if spec.samples != "auto" else [f"auto ({spec.era})"]
    parts = [f"{spec.title}: run on {', '.join(samples)}."]
    for obj in spec.objects:
        text = f"{obj.name} = {obj.source or ' and '.join(obj.merge) + ' together'}"
        if obj.cuts:
            text += " with " + ", ".join(_cut_text(c) for c in obj.cuts)
        if obj.clean_against:
            text += ", " + ", ".join(
                f"away from {c.against} (DeltaR > {c.dr:g})" for c in obj.clean_against
            )
        parts.append(text + ".")
    for comb in spec.combinations:
        charge = {"opposite": "opposite-charge ", "same": "same-charge ", "any": ""}[comb.charge]
        kind = "pairs" if comb.size == 2 else "triplets"
        text = f"{comb.name} = {charge}{kind} of {' and '.join(comb.inputs)}"
        if comb.same_flavour:
            text += " (same flavour)"
        if comb.mass_min is not None or comb.mass_max is not None:
            text += ", " + _window_text(comb)
        if comb.choose == "closest_mass":
            text += f", the one closest to {comb.target_mass:g} GeV"
        elif comb.choose == "highest_pt":
            text += ", the one with highest pT"
        parts.append(text + ".")
    if spec.selection:
        steps = []
        for s in spec.selection:
            if s.triggers:
                steps.append(" or ".join(s.triggers))
            elif s.count:
                steps.append(f"n({s.count}) {s.op} {s.value:g}")
            else:
                steps.append(f"{_obs_text(spec.observable(s.observable or ''))} {s.op} {s.value:g}")
        parts.append("Events must pass, in order: " + "; ".join(steps) + ".")
    hists = [
        f"{_obs_text(spec.observable(h.observable))} ({_binning_text(h)})" for h in spec.histograms
    ]
    parts.append("Histograms: " + "; ".join(hists) + ".")
    corr = spec.requested_corrections()
    lumi = f"{spec.lumi_pb:g} pb^-1" if spec.lumi_pb else "the data luminosity"
    parts.append(
        f"MC is normalised to xsec x {lumi} / sum genWeight and weighted by genWeight; "
        + (_corrections_text(spec, catalog, corr) if corr else "no other corrections.")
    )
    return " ".join(parts)


def _corrections_text(spec: AnalysisSpec, catalog: Catalog | None, corr: list[str]) -> str:
    """Which requested correction applies to which sample (from the files when readable)."""
    from chathep.corrections_info import resolve_corrections

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


def schema_json() -> str:
    """The JSON schema the agent decodes into (compact, no recursive references)."""
    return json.dumps(AnalysisSpec.model_json_schema(), separators=(",", ":"))


# --- ready specs for the demo requests -------------------------------------------------


def _dimuon(corrected: bool) -> AnalysisSpec:
    return AnalysisSpec(
        title="Dimuon invariant mass, 2018 data vs Drell-Yan"
        + (" (with the 2018 corrections)" if corrected else ""),
        samples=["data_2018A_doublemuon", "dy_2018"],
        objects=[
            ObjectDef(
                name="muons",
                source="Muon",
                cuts=[
                    Cut(field="pt", op=">", value=25),
                    Cut(field="eta", op="<", value=2.4, abs=True),
                    Cut(field="tightId", op="==", value=True),
                    Cut(field="pfRelIso04_all", op="<", value=0.15),
                ],
            )
        ],
        combinations=[
            Combination(
                name="dimuon",
                inputs=["muons"],
                charge="opposite",
                choose="closest_mass",
                target_mass=91.1876,
            )
        ],
        selection=[
            Step(name="two muons", count="muons", op=">=", value=2),
            Step(name="opposite-charge pair", count="dimuon", op=">=", value=1),
        ],
        observables=[Observable(name="mass_mumu", kind="field", of="dimuon", field="mass")],
        histograms=[
            Histogram(
                name="dimuon_mass",
                observable="mass_mumu",
                bins=30,
                start=60,
                stop=120,
                label=r"$m_{\mu\mu}$",
                unit="GeV",
            )
        ],
        corrections=["all"] if corrected else [],
    )


def demo_specs() -> dict[str, AnalysisSpec]:
    """Ready specs for the demo requests, by name."""
    jets = ObjectDef(
        name="jets",
        source="Jet",
        cuts=[Cut(field="pt", op=">", value=30), Cut(field="eta", op="<", value=2.4, abs=True)],
    )
    return {
        "dimuon_mass": _dimuon(corrected=False),
        "dimuon_mass_corrected": _dimuon(corrected=True),
        "jet_pt": AnalysisSpec(
            title="Jet pT, |eta| < 2.4, 2018 data vs Drell-Yan",
            samples=["data_2018A_doublemuon", "dy_2018"],
            objects=[jets],
            observables=[Observable(name="jet_pt", kind="field", of="jets", field="pt")],
            histograms=[
                Histogram(
                    name="jet_pt",
                    observable="jet_pt",
                    bins=20,
                    start=0,
                    stop=200,
                    label=r"Jet $p_{T}$",
                    unit="GeV",
                    log_y=True,
                )
            ],
        ),
        "met_two_jets": AnalysisSpec(
            title="Missing transverse momentum in events with two jets, 2018 data vs Drell-Yan",
            samples=["data_2018A_doublemuon", "dy_2018"],
            objects=[jets],
            selection=[Step(name="two jets", count="jets", op=">=", value=2)],
            observables=[Observable(name="met", kind="met")],
            histograms=[
                Histogram(
                    name="met",
                    observable="met",
                    bins=20,
                    start=0,
                    stop=200,
                    label=r"$p_{T}^{miss}$",
                    unit="GeV",
                )
            ],
        ),
        "ht_cleaned": AnalysisSpec(
            title="HT of jets cleaned against muons, 2018 data vs Drell-Yan",
            samples=["data_2018A_doublemuon", "dy_2018"],
            objects=[
                ObjectDef(
                    name="muons",
                    source="Muon",
                    cuts=[
                        Cut(field="pt", op=">", value=10),
                        Cut(field="looseId", op="==", value=True),
                    ],
                ),
                jets.model_copy(update={"clean_against": [Cleaning(against="muons", dr=0.4)]}),
            ],
            selection=[Step(name="one jet", count="jets", op=">=", value=1)],
            observables=[Observable(name="ht", kind="ht", of="jets")],
            histograms=[
                Histogram(
                    name="ht",
                    observable="ht",
                    bins=20,
                    start=0,
                    stop=500,
                    label="$H_{T}$",
                    unit="GeV",
                )
            ],
        ),
        "ttbar_bjets": AnalysisSpec(
            title="b-jet multiplicity in semileptonic ttbar (DeepJet medium)",
            samples=["ttbar_semilep_2022"],
            objects=[
                jets,
                ObjectDef(
                    name="bjets",
                    source="Jet",
                    cuts=[
                        Cut(field="pt", op=">", value=30),
                        Cut(field="eta", op="<", value=2.4, abs=True),
                        Cut(field="btagDeepFlavB", op=">", value="medium"),
                    ],
                ),
            ],
            lumi_pb=1000.0,
            selection=[Step(name="four jets", count="jets", op=">=", value=4)],
            observables=[Observable(name="n_bjets", kind="count", of="bjets")],
            histograms=[
                Histogram(
                    name="n_bjets",
                    observable="n_bjets",
                    bins=6,
                    start=-0.5,
                    stop=5.5,
                    label="Number of b-tagged jets",
                )
            ],
            corrections=["all"],
        ),
    }
