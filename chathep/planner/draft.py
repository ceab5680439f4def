"""The planner's working form of a request: a flat draft that words and an LLM can both fill.

An :class:`~chathep.spec.AnalysisSpec` is exact but deep (objects, combinations, steps,
observables). A request in words says much less: "the dimuon mass, opposite-sign muons above
25 GeV". The draft holds just that, one field per thing a physicist says; ``None`` means "not
said". :mod:`chathep.planner.build` turns a draft into a spec with documented defaults.
Follow-ups ("now log scale") edit the draft and rebuild, so defaults are re-derived
consistently. The draft is flat and small so an LLM can be asked for a few of its fields
under a JSON schema.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from chathep.registry.corrections import WORDS as CORRECTION_WORDS

ObjectKind = Literal["muon", "electron", "lepton", "emu", "jet", "bjet", "fatjet", "photon", "tau"]
Quantity = Literal[
    "mass", "pt", "eta", "phi", "count", "ht", "met", "met_phi", "mt", "delta_r", "delta_phi",
    "delta_eta", "angle", "rapidity", "p", "energy", "branch", "npv", "mht", "met_significance",
    "acoplanarity", "pv_z", "delta_y",
]  # fmt: skip
#: Quantities of the whole event, plotted without an object: MET, its phi, the number of
#: primary vertices, the z position of the primary vertex
EVENT_QUANTITIES: tuple[str, ...] = ("met", "met_phi", "npv", "met_significance", "pv_z")
WorkingPoint = Literal["loose", "medium", "tight"]
#: the DeepTau working points (chathep.registry.objects.TAU_DEEPTAU_WPS)
TauWorkingPoint = Literal[
    "vvvloose", "vvloose", "vloose", "loose", "medium", "tight", "vtight", "vvtight"
]
#: Muon reconstruction types and the IDs that are not a loose/medium/tight working point
#: (NanoAOD Muon flags): "global muons", "tracker muons", "PF muons", "soft ID", "high-pT ID"
MuonFlag = Literal["isGlobal", "isTracker", "isPFcand", "softId", "highPtId"]
#: flags that are an identification (they replace the default ID)
ID_FLAGS: tuple[str, ...] = ("softId", "highPtId")
#: Properties of an object definition a request can explicitly waive ("every jet", "no ID",
#: "no eta cut", "without isolation"): three states are unspecified (None: the default is
#: chosen and stated), explicitly none (listed in ``ObjectReq.without``), or a value.
Waivable = Literal["pt", "eta", "id", "iso", "cleaning"]
WAIVABLE: tuple[str, ...] = get_args(Waivable)
Charge = Literal["opposite", "same", "any"]
#: "all" or a correction name (chathep.registry.corrections), rochester_unc included.
CorrectionWord = Literal[CORRECTION_WORDS]  # type: ignore[valid-type]
#: Physics analyses known as a whole (their selection is in chathep.planner.build.ANALYSES).
AnalysisName = Literal["zh_hbb"]
#: Lepton flavour of a vector-boson decay: muon, electron, or lepton = both (ee + mumu).
Channel = Literal["muon", "electron", "lepton"]

OBJECT_KINDS: tuple[str, ...] = get_args(ObjectKind)
QUANTITIES: tuple[str, ...] = get_args(Quantity)


class FieldCut(BaseModel):
    """A cut on a NanoAOD field named in the request ("sip3d < 4", "jetId >= 6")."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    op: Literal[">", ">=", "<", "<=", "==", "!="]
    value: float


class ObjectReq(BaseModel):
    """Requirements on one object collection (the plotted one or another one)."""

    model_config = ConfigDict(extra="forbid")

    pt_min: float | None = Field(None, ge=0, description="GeV")
    pt_max: float | None = Field(None, gt=0, description="GeV")
    abs_eta_min: float | None = Field(None, ge=0, description="forward objects: |eta| above")
    abs_eta_max: float | None = Field(None, gt=0)
    min_count: int | None = Field(None, ge=0)
    max_count: int | None = Field(None, ge=0)
    eta_gap: list[float] | None = Field(
        None, min_length=2, max_length=2, description="|eta| window excluded, e.g. 1.4442-1.566"
    )
    id: WorkingPoint | None = None
    isolated: bool | None = None
    iso_max: float | None = Field(None, gt=0, description="relative isolation below this")
    jet_id_min: int | None = Field(None, ge=0, description="jetId >= this (jets)")
    clean_dr: float | None = Field(
        None, gt=0, description="jets: DeltaR from the selected leptons, photons they must exceed"
    )
    btag_wp: WorkingPoint | None = None
    mva_id: Literal[
        "wp90iso", "wp80iso", "wp90noiso", "wp80noiso",
        "wp90iso_v1", "wp80iso_v1", "wp90noiso_v1", "wp80noiso_v1",
    ] | None = Field(
        None,
        description="electrons: MVA ID working point (NanoAOD mva*Iso_WP90 / WP80; _v1: the "
        "Fall17 V1 training, Run 2 only)",
    )  # fmt: skip
    deeptau_vsjet: TauWorkingPoint | None = Field(
        None, description="taus: DeepTau (against jets) working point, e.g. medium"
    )
    btag_veto: WorkingPoint | None = Field(
        None, description="light jets: b-tag score below this working point"
    )
    lead_pt_min: float | None = Field(
        None, ge=0, description="GeV: event cut on the leading object's pT only"
    )
    without: list[Waivable] | None = Field(
        None, description="properties explicitly without a requirement (no default either)"
    )
    select: bool | None = Field(None, description="Select this collection (e.g. to clean against)")
    flags: list[MuonFlag] | None = Field(
        None, description="muons: reconstruction types / IDs required (global, tracker, soft ID)"
    )
    field_cuts: list[FieldCut] | None = Field(
        None, description="cuts on NanoAOD fields named in the request, e.g. sip3d < 4"
    )

    def is_empty(self) -> bool:
        return all(v is None for v in self.model_dump().values())

    def waived(self, prop: str) -> bool:
        """The request said explicitly that ``prop`` has no requirement."""
        return prop in (self.without or [])


#: Arithmetic of two per-event quantities: ratio first/second, difference first - second, sum
#: first + second, asymmetry (first - second) / (first + second)
Arithmetic = Literal["ratio", "difference", "sum", "asymmetry"]


class Term(BaseModel):
    """The second term of an arithmetic quantity ("the ratio of the MET to the HT": the HT);
    the first is the draft's own quantity."""

    model_config = ConfigDict(extra="forbid")

    quantity: Quantity
    object: ObjectKind | None = None
    index: int | None = Field(None, ge=0, description="0 = leading, 1 = subleading")
    pair: bool | None = None


class ArithmeticCut(BaseModel):
    """An event selection on arithmetic of two per-event quantities ("MET/HT > 0.5"): the
    ``kind`` of ``first`` and ``second`` compared with ``value``."""

    model_config = ConfigDict(extra="forbid")

    kind: Arithmetic
    first: Term
    second: Term
    op: Literal[">", ">=", "<", "<="]
    value: float
    absolute: bool = False  # "|pT1 - pT2| > 20 GeV": of |first - second|


class EventCut(BaseModel):
    """An event selection on one per-event quantity that is not a cut on every object: the pT
    of the plan's pair ("events with the dimuon pT above 50 GeV"), a ranked object's pT ("the
    subleading muon has pT above 20 GeV"), an angle between two objects ("|delta eta| of the
    two leading jets above 3.5"), a ranked object's |eta| ("the leading jet has |eta| < 2.4"),
    the Z candidate's pT ("the Z pT above 50 GeV": ``z_candidate``, its flavour chosen when the
    plan is built), a pair's mass beside its pT (both on one pair), the smallest |delta phi| of
    the (N leading) jets to the MET ("min delta phi(jets, MET) > 0.4": ``per_event`` "min",
    ``first_n`` N). The quantity is the one these fields plot alone
    (chathep.planner.event_cuts), compared with ``value``."""

    model_config = ConfigDict(extra="forbid")

    quantity: Quantity
    object: ObjectKind | None = None
    pair: bool | None = None
    index: int | None = Field(None, ge=0, description="0 = leading, 1 = subleading")
    other: ObjectKind | None = None
    with_met: bool | None = None
    absolute: bool | None = Field(None, description="|eta|: of the absolute value")
    z_candidate: bool | None = Field(None, description="the Z candidate (a lepton pair)")
    per_event: Literal["min", "max"] | None = None
    first_n: int | None = Field(None, ge=1)
    op: Literal[">", ">=", "<", "<="]
    value: float


class Draft(BaseModel):
    """What a request says; ``None`` everywhere it says nothing."""

    model_config = ConfigDict(extra="forbid")

    object: ObjectKind | None = Field(None, description="The object whose quantity is plotted")
    pair: bool | None = Field(None, description="Plot a quantity of pairs (dimuon, dijet)")
    quantity: Quantity | None = None
    also: list[Quantity] | None = Field(
        None, description="more quantities of the same objects, one histogram each"
    )
    #: how many of ``also`` the request names before ``quantity`` ("the pT, eta and pz": 2):
    #: the histograms keep the written order
    also_before: int | None = None
    #: the count of ``also`` is of the objects themselves, not of the plotted pairs ("the
    #: dimuon mass and the number of muons")
    also_count_objects: bool | None = None
    index: int | None = Field(None, ge=0, description="0 = leading, 1 = subleading")
    other: ObjectKind | None = Field(None, description="Second object, for delta_r")
    other_index: int | None = Field(
        None, ge=0, description="Which of the second objects (0 = leading), for delta_r"
    )
    with_met: bool | None = Field(None, description="delta_phi of the object and the MET")
    nearest: bool | None = Field(
        None, description="delta_r/delta_phi/delta_eta to the nearest 'other' object"
    )
    charge: Charge | None = None
    z_candidate: bool | None = Field(None, description="Keep the pair closest to the Z mass")
    all_pairs: bool | None = Field(None, description="Every pair per event, not the leading")
    max_mass: bool | None = Field(None, description="Keep the pair of highest mass per event")
    max_pt: bool | None = Field(None, description="Keep the pair of highest pT per event")
    min_dr: bool | None = Field(None, description="Keep the pair of smallest DeltaR")
    npv_good: bool | None = Field(None, description="npv: PV_npvsGood")
    #: "the mass of the leading muon and the leading jet": the pair is the leading ``object``
    #: and the leading object of this kind (one of each)
    system_with: ObjectKind | None = None
    #: "the two leading leptons": the two highest-pT light leptons, whatever their flavours
    leading_pair: bool | None = None
    target_mass: float | None = Field(None, gt=0, description="GeV: keep the candidate closest")
    target_name: Literal["z", "w", "top", "higgs"] | None = Field(
        None, description="The particle whose mass target_mass is, when named (the Z mass)"
    )
    size: Literal[2, 3, 4] | None = Field(
        None, description="2 = pairs, 3 = triplets, 4 = four objects (the four-lepton mass)"
    )
    gen_particle: str | None = Field(
        None,
        pattern=r"^[a-z]+$",
        description="A generator-level particle by name (chathep.registry.objects.GEN_PARTICLES:"
        " z, w, higgs, top, bottom, muon, electron, tau, photon): GenPart, simulation only",
    )
    sv: bool | None = Field(
        None, description="Secondary vertices (NanoAOD SV) are plotted: count, mass, dxy, ..."
    )
    zz: bool | None = Field(
        None, description="Four leptons paired into two Z candidates (H->ZZ->4l); size 4"
    )
    z_part: Literal["z1", "z2"] | None = Field(
        None, description="zz: the quantity of Z1 (closest to the Z mass) or Z2, e.g. mZ1"
    )
    triggers: list[str] | None = Field(None, description="HLT paths, OR-ed")
    requirements: dict[ObjectKind, ObjectReq] = Field(default_factory=dict)
    branch: str | None = Field(
        None, pattern=r"^[A-Za-z][A-Za-z0-9_]*$", description="NanoAOD field, for quantity=branch"
    )
    z_decay: Channel | None = Field(
        None, description="Events with a Z -> ll candidate of this flavour (a selection)"
    )
    pair_sel: ObjectKind | None = Field(
        None, description="Events with a pair of these objects in the mass window (a selection)"
    )
    pair_mass_min: float | None = Field(None, ge=0, description="GeV, for pair_sel / z_decay")
    pair_mass_max: float | None = Field(None, gt=0, description="GeV")
    not_in_pair: bool | None = Field(
        None, description="The plotted object is not one of the selected pair's legs"
    )
    reduce: Literal["max", "min", "sum"] | None = Field(
        None, description="branch over a candidate's legs, e.g. max b-tag score in a trijet"
    )
    per_event: Literal["max", "min", "mean"] | None = Field(
        None,
        description="One value per event: the max/min/mean of the quantity over the event's "
        "objects, e.g. the maximum jet |eta| (chathep.planner.reductions)",
    )
    first_n: int | None = Field(
        None, ge=1, description="ht of the first N (leading) objects only, e.g. 2: two leading"
    )
    system: bool | None = Field(
        None, description="The quantity of the four-vector sum of all objects (mass of all jets)"
    )
    met_min: float | None = Field(None, ge=0)
    met_sig_min: float | None = Field(None, ge=0, description="MET significance above")
    met_sig_max: float | None = Field(None, gt=0, description="MET significance below")
    met_max: float | None = Field(None, gt=0, description="GeV: events with MET below")
    ht_min: float | None = Field(None, ge=0, description="GeV: events with HT of the jets above")
    ht_max: float | None = Field(None, gt=0, description="GeV: events with HT of the jets below")
    mht_min: float | None = Field(None, ge=0, description="GeV: events with MHT of the jets above")
    mht_max: float | None = Field(None, gt=0, description="GeV: events with MHT of the jets below")
    puppi_met: bool | None = Field(None, description="PUPPI MET instead of PF MET")
    met_source: Literal["CaloMET", "RawMET", "TkMET", "ChsMET"] | None = Field(
        None, description="calo/raw/track/CHS MET, not PF or PUPPI"
    )
    bins: int | None = Field(None, ge=1, le=10_000)
    start: float | None = None
    stop: float | None = None
    bin_width: float | None = Field(None, gt=0)
    absolute: bool | None = Field(None, description="histogram |x|, e.g. |eta|, |y|")
    log_y: bool | None = None
    log_x: bool | None = Field(None, description="log x axis, bins of equal width in log(x)")
    edges: list[float] | None = Field(None, description="variable bin edges, increasing")
    density: bool | None = Field(None, description="events per unit of x (Events / GeV)")
    unit_area: bool | None = Field(
        None, description="shape comparison: each sample normalised to unit area"
    )
    mc_to_data: bool | None = Field(None, description="MC scaled to the data yield")
    plot_title: str | None = Field(None, max_length=200, description="the plot title, as written")
    x_label: str | None = Field(None, max_length=200, description="the x-axis label, as written")
    as_written: bool | None = Field(
        None, description="Apply no default object requirement: only what the request says"
    )
    samples: list[str] | None = Field(None, description="Catalog sample names")
    data_mc: bool | None = Field(None, description="A data/MC comparison was asked for")
    era: str | None = None
    lumi_pb: float | None = Field(None, gt=0)
    corrections: list[CorrectionWord] | None = None
    analysis: AnalysisName | None = Field(
        None,
        description="A standard analysis named by its process (H->bb): its selection and "
        "samples are the defaults; every other field modifies it",
    )
    channel: Channel | None = Field(
        None, description="Lepton channel of the vector boson in an analysis (None: all)"
    )

    arithmetic: Arithmetic | None = Field(
        None,
        description="Plot the quantity combined with 'second', one value per event: ratio "
        "(quantity / second), difference, sum, asymmetry (a - b) / (a + b)",
    )
    second: Term | None = Field(None, description="The second term of 'arithmetic'")
    arithmetic_cuts: list[ArithmeticCut] | None = Field(
        None, description="Event selections on a ratio/difference/sum/asymmetry, e.g. MET/HT > 0.5"
    )
    event_cuts: list[EventCut] | None = Field(
        None,
        description="Event selections on a pair's pT, a ranked object's pT or an angle between "
        "two objects, e.g. the dimuon pT above 50 GeV",
    )

    def req(self, kind: str) -> ObjectReq:
        """The requirements on ``kind``, created empty on first use."""
        return self.requirements.setdefault(kind, ObjectReq())  # type: ignore[index]


def get_path(draft: Draft, path: str) -> Any:
    """Value at a dotted path such as ``requirements.muon.pt_min`` (None if absent)."""
    node: Any = draft
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            return None
    return node


def set_path(draft: Draft, path: str, value: Any) -> None:
    """Set a dotted path, validating the value against the field's type (ValueError if not)."""
    parts = path.split(".")
    if parts[0] == "requirements":
        if len(parts) != 3 or parts[1] not in OBJECT_KINDS:
            raise ValueError(f"bad requirements path {path!r}")
        req = draft.req(parts[1])
        field = ObjectReq.model_fields.get(parts[2])
        if field is None:
            raise ValueError(f"unknown requirement {parts[2]!r}")
        setattr(req, parts[2], _validated(field.annotation, field.metadata, value, path))
        return
    field = Draft.model_fields.get(path)
    if field is None or len(parts) != 1:
        raise ValueError(f"unknown draft field {path!r}")
    setattr(draft, path, _validated(field.annotation, field.metadata, value, path))


def _validated(annotation: Any, metadata: list[Any], value: Any, path: str) -> Any:
    from typing import Annotated

    adapter: TypeAdapter[Any] = TypeAdapter(
        Annotated[(annotation, *metadata)] if metadata else annotation
    )
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise ValueError(f"{path}: {exc.errors()[0]['msg']}") from None
