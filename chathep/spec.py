"""The analysis spec: a small typed language for NanoAOD analyses (the schema only).

A request in words becomes an :class:`AnalysisSpec` (by the planner, which may decode into
``AnalysisSpec.model_json_schema()``); the validators here check what the spec says about
itself (names defined before use, windows, binning). What needs the catalog or the files (the
samples, the branches, the corrections that apply) is :mod:`chathep.resolve`; the plan in
words is :mod:`chathep.describe`; the demo specs are :mod:`chathep.demo_specs`. The schema is
flat on purpose (no recursive references) so llama.cpp grammars and OpenAI structured outputs
can constrain decoding to it.

Order matters where physicists expect it to: ``selection`` steps are applied in order and
their order *is* the cutflow; objects may only be cleaned against objects defined before them.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chathep.errors import SpecError, did_you_mean
from chathep.registry import corrections as corrections_registry
from chathep.registry import objects as objects_registry
from chathep.registry.eras import FALLBACK_ERA
from chathep.registry.fields import DERIVED_FIELDS

#: NanoAOD collections an object may be built from (declared in chathep.registry.objects).
Collection = Literal[objects_registry.SOURCES]  # type: ignore[valid-type]
#: Collections that carry an electric charge (for opposite/same-charge combinations).
CHARGED = objects_registry.CHARGED
Op = Literal[">", ">=", "<", "<=", "==", "!="]
#: "all" or an opt-in correction (declared in chathep.registry.corrections).
CorrectionName = Literal[corrections_registry.WORDS]  # type: ignore[valid-type]
#: Opt-in corrections, in the order they are applied; ``"all"`` expands to these.
OPTIONAL_CORRECTIONS: tuple[str, ...] = corrections_registry.OPTIONAL
#: Asked for by name only, not part of "all" (the Rochester uncertainty: seconds per chunk).
EXTRA_CORRECTIONS: tuple[str, ...] = corrections_registry.EXTRA
#: Fields every combination candidate has (from the summed four-vector and the legs' charges).
COMBINATION_FIELDS = ("pt", "eta", "phi", "mass", "charge", "rapidity", "p", "energy")


#: ``Observable.other`` value meaning the missing transverse momentum (not a collection name).
MET_NAME = "met"
#: Fields every merged collection (``ObjectDef.merge``) has, besides those the spec uses.
MERGED_FIELDS = ("pt", "eta", "phi", "mass", "charge", "pdgId")

#: Collections a ZZ pairing (``Combination.pairing``) takes: leptons with charge and pdgId.
ZZ_SOURCES = frozenset({"Muon", "Electron"})

#: Observable kinds between two objects (``of`` and ``other``, or the two leading ``of``).
#: Fields of the primary vertex that ``kind="pv"`` plots (PV_x, PV_y, PV_z; cm).
PV_FIELDS = ("x", "y", "z")
BETWEEN_TWO = ("delta_r", "delta_phi", "delta_eta", "angle", "acoplanarity")
#: Observable kinds of arithmetic on two per-event observables (``left`` and ``right``, defined
#: earlier): left / right, left - right, left + right, (left - right) / (left + right).
ARITHMETIC = ("ratio", "difference", "sum", "asymmetry")
#: Observable kinds that may be taken to the nearest object of another collection (``nearest``).
NEAREST_KINDS = ("delta_r", "delta_phi", "delta_eta")

#: Per-event reductions of a field over the objects of a collection (``kind="reduce"``): the
#: largest, smallest, summed or mean value in each event.
EVENT_REDUCTIONS = ("max", "min", "sum", "mean")
#: Fields of the four-vector sum of a collection's objects (``kind="system"``).
SYSTEM_FIELDS = ("mass", "pt", "eta", "phi")

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
    bit: int | None = Field(
        None,
        ge=0,
        le=31,
        description="Test bit N of an integer flag field instead (op '==' or '!=', value true: "
        "the bit is set), e.g. GenPart statusFlags bit 13 (isLastCopy)",
    )
    or_above: float | None = Field(
        None,
        description="With op '<': also keep values above this, i.e. reject the window "
        "[value, or_above], e.g. the barrel-endcap gap 1.4442 < |eta| < 1.566",
    )

    @model_validator(mode="after")
    def _window(self) -> Cut:
        if self.bit is not None and (
            self.op not in ("==", "!=") or not isinstance(self.value, bool) or self.abs
        ):
            raise ValueError(f"cut on {self.field} bit {self.bit}: needs op '==' and true/false")
        if self.or_above is not None:
            numeric = isinstance(self.value, int | float) and not isinstance(self.value, bool)
            if self.op not in ("<", "<=") or not numeric or self.or_above <= self.value:  # type: ignore[operator]
                raise ValueError(
                    f"cut on {self.field}: or_above needs op '<' and a number below it"
                )
        return self


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
    """Pairs, triplets or four-object combinations, e.g. opposite-charge dimuon candidates.

    With one input: combinations within it (``same_flavour`` on a merged input: legs of equal
    |pdgId|). With two inputs: one leg from each, or with ``same_flavour`` the pairs within each
    input together (ee + mumu). ``mass_min``/``mass_max`` keep only candidates in that mass
    window (before ``choose``): a count step on the combination then means "at least one
    candidate in the window".
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    inputs: list[str] = Field(min_length=1, max_length=2, description="Object names")
    size: Literal[2, 3, 4] = Field(
        2, description="Objects per candidate: 2 pairs, 3 triplets, 4 (e.g. the four-lepton mass)"
    )
    charge: Literal["opposite", "same", "any"] = Field(
        "any",
        description="opposite: legs of opposite charge (triplets: not all alike; four objects: "
        "total charge zero); same: all legs of one charge",
    )
    same_flavour: bool = False
    leading: int | None = Field(None, ge=1, description="Use only the leading N objects")
    choose: Literal["all", "closest_mass", "highest_pt", "highest_mass", "smallest_dr"] = Field(
        "all",
        description="Keep all candidates or one per event (closest to target_mass, "
        "highest pT, highest mass, pair of smallest DeltaR)",
    )
    target_mass: float | None = Field(None, gt=0, description="GeV, for choose=closest_mass")
    mass_min: float | None = Field(None, ge=0, description="GeV: keep candidates above")
    mass_max: float | None = Field(None, gt=0, description="GeV: keep candidates below")
    pairing: Literal["none", "zz"] = Field(
        "none",
        description="zz (four leptons, H->ZZ->4l): the legs paired into two same-flavour "
        "opposite-charge pairs; Z1 = the pair closest to target_mass, Z2 = the other pair; one "
        "candidate per event (choose closest_mass): the Z1 closest, then the Z2 of highest "
        "scalar pT sum; the candidates have z1 and z2 (pairs)",
    )


class Observable(_Strict):
    """A quantity to cut on or histogram.

    kind=field: ``of.field`` (per object, or of the ``index``-th object per event; for a
    combination with ``reduce``: max/min/sum of ``field`` over each candidate's legs); count:
    multiplicity of ``of``; ht: scalar pT sum of ``of``; mht: the missing HT, the magnitude
    of the vector pT sum of ``of`` (0 without any); met: ``met`` pT (or phi with
    field="phi", or with field="significance" the MET significance, MET_significance);
    mt: transverse mass of the ``index``-th (default leading) ``of`` (object or
    combination) and the MET; delta_r / delta_phi / delta_eta (|eta_1 - eta_2|; with
    field=rapidity: |y_1 - y_2|): between ``of``[index] and ``other``[other_index]
    (other="met": the MET, delta_phi only; with ``reduce`` min/max: over every (up to
    ``first`` N leading) ``of``), or
    ``of``[index] and ``of``[other_index] (default [0], [1]); angle: the 3D opening angle
    (radians, 0 to pi) of the same two; acoplanarity: 1 - |delta_phi| / pi of them (0 to 1).
    ``nearest`` (``other`` a collection): the smallest value over every ``other``, for each
    ``of`` object (index None) or the ``index``-th; none: no entry.
    ``field`` may also be a derived one (chathep.registry.fields), e.g. ``p`` (|p|), ``energy``.
    ``exclude``: a combination with one candidate per event whose legs are removed from ``of``
    first, e.g. the highest-pT lepton not in the Z pair. npv: the number of reconstructed
    primary vertices of the event (``PV_npvs``; no ``of``). pv: ``field`` x/y/z (cm) of the
    primary vertex (PV_z). ``pair`` (z1/z2): of a combination
    with pairing zz, the field of its Z1 or Z2 pair (e.g. the Z1 mass).
    ratio / difference / sum / asymmetry: of two per-event observables defined earlier
    (``left``, ``right``): l/r, l-r, l+r, (l-r)/(l+r); no entry without a term or with a zero
    denominator. reduce (kind): max/min/mean/sum (``reduce``) of ``field`` over the objects of
    ``of`` per event (``abs``: of |field|); system: ``field`` (mass/pt/eta/phi) of the
    four-vector sum of the objects of ``of`` (``first``: the N leading; ``index`` and
    ``other_index``: those two). No entry without them, except a sum: 0.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Literal[
        "field", "count", "ht", "mht", "met", "mt", "delta_r", "delta_phi", "delta_eta", "angle",
        "npv", "acoplanarity", "ratio", "difference", "sum", "asymmetry", "reduce", "system",
        "pv",
    ]  # fmt: skip
    of: str | None = Field(None, description="Object or combination name")
    field: str | None = None
    index: int | None = Field(None, ge=0, description="0 = leading; None = every object")
    other: str | None = Field(None, description="Object/combination, or met")
    other_index: int | None = Field(None, ge=0)
    met: Literal["MET", "PuppiMET", "CaloMET", "RawMET", "TkMET", "ChsMET"] = "MET"
    abs: bool = Field(False, description="Take the absolute value, e.g. |eta|")
    reduce: Literal["max", "min", "sum", "mean"] | None = Field(
        None,
        description="kind field: over a combination's legs (max/min/sum), e.g. max "
        "btagDeepFlavB of a trijet; kind reduce: over the event's objects of 'of' (max/min/sum/"
        "mean), e.g. the maximum jet |eta|",
    )
    first: int | None = Field(
        None,
        ge=1,
        description="reduce/system: only the N leading objects of 'of' (fewer: no entry)",
    )
    exclude: str | None = Field(
        None, description="Combination whose legs are removed from 'of', e.g. zpair"
    )
    pair: Literal["z1", "z2"] | None = Field(
        None, description="Of a combination with pairing zz: the field of its Z1 or Z2 pair"
    )
    nearest: bool = Field(
        False,
        description="Angles: to the nearest 'other' (the minimum), per 'of' object (index None) "
        "or of the index-th; none: no entry",
    )
    left: str | None = Field(
        None, description="ratio/difference/sum/asymmetry: the first term, an earlier per-event "
        "observable"
    )  # fmt: skip
    right: str | None = Field(None, description="The second term (the denominator)")

    @property
    def per_object(self) -> bool:
        return (self.kind == "field" or self.nearest) and self.index is None and self.of is not None


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
    ``steps``: the histogram is filled from the events that pass only these selection steps
    (applied in the spec's order; e.g. the same quantity before and after a cut, per channel,
    or N-1), None = all of them.
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
    unit_area: bool = Field(
        False,
        description="Shape comparison: each process and the data drawn at unit area "
        "(filled histograms and yields stay event counts)",
    )
    mc_to_data: bool = Field(
        False,
        description="Data/MC: the MC drawn scaled to the data yield",
    )
    steps: list[str] | None = Field(
        None,
        description="The selection steps this histogram's events pass (a region: 'before' a "
        "cut, one channel, N-1); None = every step. Names of 'selection' steps",
    )

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
        """The label and its unit (a label that says its unit, "p_T [GeV]", as written)."""
        said = self.unit and re.search(rf"[\[(/]\s*{re.escape(self.unit)}\s*[\])]?", self.label)
        return f"{self.label} [{self.unit}]" if self.unit and not said else self.label

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

    def histogram_steps(self, h: Histogram) -> list[str]:
        """The selection steps a histogram's events pass, in the spec's order."""
        wanted = set(h.steps) if h.steps is not None else None
        return [s.name for s in self.selection if wanted is None or s.name in wanted]

    @property
    def has_regions(self) -> bool:
        """Some histogram is filled under a selection of its own (not every step)."""
        every = [s.name for s in self.selection]
        return any(self.histogram_steps(h) != every for h in self.histograms)

    def requested_corrections(self) -> list[str]:
        """The opt-in corrections asked for, with ``all`` expanded (and the corrections an
        uncertainty is a variation of added), in application order."""
        return corrections_registry.requested(self.corrections, self.sources())

    def sources(self) -> set[str]:
        return {o.source for o in self.objects if o.source is not None}

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_defaults=False)


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


def schema_json() -> str:
    """The JSON schema the agent decodes into (compact, no recursive references)."""
    return json.dumps(AnalysisSpec.model_json_schema(), separators=(",", ":"))


# --- validation of the names a spec uses ----------------------------------------------


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
                    f"an object defined before it{did_you_mean(clean.against, objects[:i])}"
                )
        for part in obj.merge:
            if part not in objects[:i]:
                raise ValueError(
                    f"object '{obj.name}' merges '{part}', which is not an object defined "
                    f"before it{did_you_mean(part, objects[:i])}"
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
                    f"{did_you_mean(name, objects)}"
                )
        srcs = {s for n in comb.inputs for s in object_sources(spec, n)}
        if comb.charge != "any" and not srcs <= CHARGED:
            raise ValueError(f"combination '{comb.name}': {sorted(srcs)} have no charge")
        if comb.choose == "closest_mass" and comb.target_mass is None:
            raise ValueError(f"combination '{comb.name}': closest_mass needs target_mass (GeV)")
        if comb.leading == 1 and len(comb.inputs) == 1:
            raise ValueError(
                f"combination '{comb.name}': the leading 1 object of one input makes no pair "
                "(leading 1 takes two inputs: the leading object of each)"
            )
        if comb.choose == "smallest_dr" and (
            comb.size != 2 or (len(comb.inputs) == 2 and comb.same_flavour)
        ):
            raise ValueError(
                f"combination '{comb.name}': smallest_dr chooses among pairs (size 2) of one "
                "input, or of one leg from each of two inputs"
            )
        if len(comb.inputs) == 2 and comb.size >= 3:
            raise ValueError(
                f"combination '{comb.name}': triplets and four-object combinations take one "
                "input collection"
            )
        if comb.pairing == "zz" and (
            comb.size != 4
            or comb.charge == "same"
            or comb.choose != "closest_mass"
            or comb.same_flavour
            or not srcs <= ZZ_SOURCES
        ):
            raise ValueError(
                f"combination '{comb.name}': pairing zz takes four muons, electrons or light "
                "leptons (size 4, charge opposite or any) and chooses one candidate per event "
                "(choose closest_mass, target_mass the Z mass); the pairs are same flavour by "
                "construction (same_flavour false keeps 2e2mu)"
            )
        if (
            comb.mass_min is not None
            and comb.mass_max is not None
            and not comb.mass_max > comb.mass_min
        ):
            raise ValueError(
                f"combination '{comb.name}': empty mass window "
                f"[{comb.mass_min:g}, {comb.mass_max:g}] GeV"
            )
    for i, obs in enumerate(spec.observables):
        where = f"observable '{obs.name}'"
        _check_arithmetic(spec, i, obs, where)
        need_of = obs.kind in ("field", "count", "ht", "mht", "mt", "reduce", "system",
                               *BETWEEN_TWO)  # fmt: skip
        if need_of and obs.of is None:
            raise ValueError(f"{where} ({obs.kind}) needs 'of'")
        refs = [obs.of, obs.exclude] + ([obs.other] if obs.other != MET_NAME else [])
        for ref in refs:
            if ref is not None and ref not in collections:
                raise ValueError(
                    f"{where} refers to unknown '{ref}'{did_you_mean(ref, collections)}"
                )
        if obs.other is not None and obs.other == obs.of:
            raise ValueError(f"{where}: leave 'other' empty to use the two leading {obs.of}")
        if obs.other is not None and obs.kind not in BETWEEN_TWO:
            raise ValueError(f"{where}: 'other' is only for {'/'.join(BETWEEN_TWO)}")
        rapidity = obs.kind == "delta_eta" and obs.field == "rapidity" and not obs.nearest
        if obs.kind in BETWEEN_TWO and obs.field is not None and not rapidity:
            raise ValueError(f"{where}: an angle takes no 'field' (delta_eta: 'rapidity', |dy|)")
        if obs.other == MET_NAME and obs.kind in ("delta_r", "delta_eta", "angle", "acoplanarity"):
            raise ValueError(f"{where}: the MET has no eta; use delta_phi with other='met'")
        if (
            obs.other_index is not None
            and obs.kind != "system"
            and (obs.kind not in BETWEEN_TWO or obs.other == MET_NAME or obs.nearest)
        ):
            raise ValueError(
                f"{where}: 'other_index' is only for system, or {'/'.join(BETWEEN_TWO)} between "
                "two objects (not the MET, not 'nearest')"
            )
        if (
            obs.other_index is not None
            and obs.other is None
            and obs.other_index == (obs.index or 0)
        ):
            raise ValueError(f"{where}: 'index' and 'other_index' name the same object")
        if obs.nearest and (
            obs.kind not in NEAREST_KINDS or obs.other in (None, MET_NAME) or obs.exclude
        ):
            raise ValueError(
                f"{where}: 'nearest' takes {'/'.join(NEAREST_KINDS)} to another collection "
                "('other' an object or combination, not the MET; no 'exclude')"
            )
        if obs.pair is not None:
            comb = spec.combination(obs.of or "")
            if obs.kind != "field" or comb is None or comb.pairing != "zz" or obs.reduce:
                raise ValueError(
                    f"{where}: 'pair' ({obs.pair}) takes a field of a combination with "
                    "pairing zz (kind field)"
                )
        if obs.kind == "field" and not obs.field:
            raise ValueError(f"{where} (field) needs 'field', e.g. pt")
        derived = DERIVED_FIELDS.get(obs.field or "") if obs.kind in ("field", "reduce") else None
        owner = spec.object(obs.of or "") if derived else None
        if (
            derived
            and derived.collections
            and (owner is None or owner.source not in derived.collections)
        ):
            raise ValueError(
                f"{where}: '{obs.field}' ({derived.words}) is a field of "
                f"{'/'.join(derived.collections)} only"
            )
        jet_momentum = corrections_registry.kinds_of(spec.requested_corrections())
        if derived and derived.name == "pt_raw" and "jet_momentum" in jet_momentum:
            raise ValueError(
                f"{where}: the raw jet pT (pT (1 - rawFactor) of the files) is not defined for "
                "jets whose pT the analysis changes (JER/JEC): plot it without them"
            )
        if obs.kind in ("ht", "mht") and obs.of not in objects:
            raise ValueError(f"{where} ({obs.kind}) needs an object, not a pair")
        if obs.kind == "met" and obs.field not in (None, "pt", "phi", "significance"):
            raise ValueError(f"{where}: MET has fields pt, phi and significance")
        if obs.kind == "met" and obs.field == "significance" and obs.met != "MET":
            raise ValueError(f"{where}: NanoAOD stores the significance of MET only (not PuppiMET)")
        if obs.kind == "npv" and (
            obs.of or obs.field not in (None, "npvsGood") or obs.exclude or obs.reduce
        ):
            raise ValueError(
                f"{where}: npv (PV_npvs, a per-event count) takes no of, and field only "
                "npvsGood (the good vertices)"
            )
        if obs.kind == "pv" and (obs.field not in PV_FIELDS or obs.of or obs.exclude or obs.reduce):
            raise ValueError(f"{where}: pv (the primary vertex) takes a field x, y or z, no of")
        met_angle = obs.kind == "delta_phi" and obs.other == MET_NAME
        if met_angle and (obs.reduce is not None or obs.first is not None):
            if obs.reduce not in ("min", "max") or obs.index is not None or obs.of not in objects:
                raise ValueError(
                    f"{where}: the min/max delta_phi to the MET takes reduce min or max over an "
                    "object's (first N) objects, no index"
                )
        elif obs.kind in ("reduce", "system") or obs.first is not None:
            _check_event_reduction(spec, obs, where)
        elif obs.reduce is not None:
            if obs.field in DERIVED_FIELDS:
                raise ValueError(f"{where}: reduce takes NanoAOD fields, not '{obs.field}'")
            if obs.kind != "field" or obs.of not in combinations or obs.reduce == "mean":
                raise ValueError(
                    f"{where}: 'reduce' takes max/min/sum over the legs of a combination "
                    "(kind field, 'of' a combination), or max/min/sum/mean over the objects "
                    "of an event (kind reduce, 'of' an object)"
                )
            _check_legs_kept(spec, obs.of, where)  # type: ignore[arg-type]
        if obs.exclude is not None:
            comb = spec.combination(obs.exclude)
            if comb is None:
                raise ValueError(f"{where}: 'exclude' must name a combination")
            if comb.choose == "all":
                raise ValueError(
                    f"{where}: 'exclude' needs a combination with one candidate per event "
                    f"(choose closest_mass, highest_pt or highest_mass), '{comb.name}' keeps all"
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
                f"{did_you_mean(step.count, collections)}"
            )
        if step.observable is not None:
            if step.observable not in observables:
                raise ValueError(
                    f"selection step '{step.name}' uses unknown observable '{step.observable}'"
                    f"{did_you_mean(step.observable, observables)}"
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
                f"{did_you_mean(h.observable, observables)}"
            )
        for name in h.steps or []:
            if name not in steps:
                raise ValueError(
                    f"histogram '{h.name}' names unknown selection step '{name}'"
                    f"{did_you_mean(name, steps)}"
                )
        if h.steps is not None and len(set(h.steps)) != len(h.steps):
            raise ValueError(f"histogram '{h.name}' names a selection step twice")


def _check_arithmetic(spec: AnalysisSpec, i: int, obs: Observable, where: str) -> None:
    """An arithmetic observable takes two per-event observables defined before it (so there
    is no cycle); the other kinds take no terms."""
    terms = [t for t in (obs.left, obs.right) if t is not None]
    if obs.kind not in ARITHMETIC:
        if terms:
            raise ValueError(f"{where}: 'left'/'right' are only for {'/'.join(ARITHMETIC)}")
        return
    if len(terms) != 2:
        raise ValueError(f"{where} ({obs.kind}) needs 'left' and 'right' (two observables)")
    own = (obs.of, obs.field, obs.index, obs.other, obs.other_index, obs.exclude, obs.reduce,
           obs.pair)  # fmt: skip
    if any(x is not None for x in own) or obs.nearest:
        raise ValueError(
            f"{where} ({obs.kind}) takes only 'left', 'right' (and abs): its terms say the rest"
        )
    if obs.left == obs.right:
        raise ValueError(f"{where} ({obs.kind}): 'left' and 'right' are the same observable")
    earlier = [o.name for o in spec.observables[:i]]
    for term in terms:
        if term not in earlier:
            later = term in {o.name for o in spec.observables}
            raise ValueError(
                f"{where} ({obs.kind}) uses '{term}', which is not an observable defined "
                + (
                    "before it (terms come first: no observable may use itself or a later one)"
                    if later
                    else f"in the spec{did_you_mean(term, earlier)}"
                )
            )
        if spec.observable(term).per_object:
            raise ValueError(
                f"{where} ({obs.kind}): '{term}' has one value per object, not per event; "
                "give it an index (0 = leading) so that each event has one value to combine"
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
    if comb is not None and comb.size == 4:
        raise ValueError(
            f"{where}: the legs of '{name}' (four-object combinations) cannot be kept; "
            "reduce/exclude take pairs or triplets"
        )
    if comb is not None and comb.same_flavour and len(comb.inputs) == 2:
        raise ValueError(
            f"{where}: the legs of '{name}' (same-flavour pairs of two collections) cannot be "
            "kept; build it from a merged collection (an object with merge) instead"
        )


def _check_event_reduction(spec: AnalysisSpec, obs: Observable, where: str) -> None:
    """kind reduce (a field over the event's objects) and system (their four-vector sum)."""
    if obs.kind not in ("reduce", "system"):
        raise ValueError(f"{where}: 'first' is for kind reduce or system")
    if spec.object(obs.of or "") is None:
        raise ValueError(
            f"{where} ({obs.kind}): 'of' must be an object (the event's objects of a "
            "collection), not a combination"
        )
    two = obs.kind == "system" and obs.other_index is not None  # of[index] + of[other_index]
    if two and (obs.index is None or obs.first is not None):
        raise ValueError(
            f"{where} (system): the sum of two objects takes 'index' and 'other_index' (no 'first')"
        )
    if (
        (obs.index is not None and not two)
        or obs.exclude
        or obs.pair
        or obs.nearest
        or obs.other
        or (obs.other_index is not None and not two)
    ):
        raise ValueError(f"{where} ({obs.kind}): one value per event; no index/exclude/other")
    if obs.kind == "reduce" and (obs.reduce is None or not obs.field):
        raise ValueError(
            f"{where} (reduce): needs 'field' and 'reduce' ({'/'.join(EVENT_REDUCTIONS)})"
        )
    if obs.kind == "system" and (obs.reduce is not None or obs.field not in SYSTEM_FIELDS):
        raise ValueError(
            f"{where} (system): 'field' is one of {'/'.join(SYSTEM_FIELDS)} of the four-vector "
            "sum (no 'reduce')"
        )
