"""Turn a :class:`~chathep.planner.draft.Draft` into an :class:`~chathep.spec.AnalysisSpec`.

Everything the request did not say comes from the defaults below, each recorded in words so
the plan shown to the user says which cuts were chosen for them (CMS-like object definitions:
tight ID + isolation for muons, cut-based tight electrons, tight jet ID, DeepJet medium).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from chathep.catalog import Catalog, Sample
from chathep.config import Settings
from chathep.describe import CHARGE_WORDS, zz_pairing_text
from chathep.errors import SpecError
from chathep.overrides import Overrides
from chathep.planner import arithmetic, arithmetic_cuts, event_cuts, reductions, working_points
from chathep.planner.draft import EVENT_QUANTITIES, ID_FLAGS, Draft, ObjectReq
from chathep.registry import fields as fields_registry
from chathep.registry import objects as objects_registry
from chathep.registry.eras import DEFAULT_ERA_RULE, default_era
from chathep.resolve import available_fields
from chathep.spec import (
    MAX_BINS,
    MET_NAME,
    AnalysisSpec,
    Cleaning,
    Combination,
    Cut,
    Histogram,
    ObjectDef,
    Observable,
    Step,
    parse_spec,
)

Z_MASS_GEV = 91.1876
#: The merged collection of light leptons (electrons and muons).
MERGED_LEPTONS = "leptons"
#: Used to normalise MC when no data sample of the era exists (and none was asked for).
DEFAULT_MC_LUMI_PB = 1000.0
#: Angular quantities between two objects (or the two leading of one collection)
ANGLES = ("delta_r", "delta_phi", "delta_eta", "delta_y", "angle", "acoplanarity")


@dataclass(frozen=True)
class AnalysisTemplate:
    """A standard analysis named by its process ("H->bb"): the selection a physicist expects.

    The request's own words modify it (plotted quantity, binning, cuts, channel, samples,
    corrections); what it leaves open comes from here and is listed in the plan.
    """

    name: str
    what: str  # the process in words, for messages
    title: str
    signal_processes: tuple[str, ...]  # catalog processes that must exist (at least one)
    reference: str  # knowledge-base page describing the selection
    lepton_triggers: dict[str, tuple[str, ...]]  # channel -> HLT paths (OR-ed)
    z_window: tuple[float, float]  # GeV, on the Z candidate mass
    bjet_pt_min: float
    bjet_abs_eta_max: float
    min_bjets: int
    mass_axis: tuple[int, float, float]  # bins, start, stop of the b-jet pair mass
    generate_hint: str  # how to make the samples when the catalog lacks them


ZH_HBB = AnalysisTemplate(
    name="zh_hbb",
    what="H -> bb",
    title="ZH(H->bb, Z->{channel})",
    signal_processes=("ZH",),
    reference="knowledge_base/analyses/vh_hbb.md",
    # the CMS VH(bb) Z(ll) channel triggers: double-muon and double-electron paths
    lepton_triggers={
        "muon": ("HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8",),
        "electron": ("HLT_Ele23_Ele12_CaloIdL_TrackIdL_IsoVL",),
    },
    z_window=(75.0, 105.0),
    bjet_pt_min=25.0,
    bjet_abs_eta_max=2.5,
    min_bjets=2,
    mass_axis=(25, 0.0, 250.0),
    # measured on the shared 2-core development machine (load average 4-6): the six default
    # processes x 5000 events plus 5449 pseudo-data events took 3 min 54 s (1000: 66 s)
    generate_hint=(
        "`chathep data generate --events 5000` (DY, ttbar, W+jets, dibosons, ZH and WH with "
        "H -> bb, plus pseudo-data; about 4 minutes on 2 cores)"
    ),
)
#: Analyses by the name the parser gives them (lexicon.ANALYSIS_PATTERNS).
ANALYSES: dict[str, AnalysisTemplate] = {ZH_HBB.name: ZH_HBB}
CHANNEL_WORDS = {"muon": "mumu", "electron": "ee", "lepton": "ll"}


#: the other MET flavours of NanoAOD, in words
MET_WORDS = {
    "CaloMET": "calorimeter MET (CaloMET)",
    "RawMET": "PF MET before the type-1 corrections (RawMET)",
    "TkMET": "track MET from the charged PF candidates of the primary vertex (TkMET)",
    "ChsMET": "PF MET of the charged-hadron-subtracted candidates (ChsMET)",
}


#: the axis-label word of each MET flavour but the PF (type-1) MET's: "Calo $p_{T}^{miss}$"
_MET_LABELS = {
    "PuppiMET": "PUPPI ",
    "CaloMET": "Calo ",
    "RawMET": "Raw ",
    "TkMET": "Track ",
    "ChsMET": "CHS ",
}


def analysis_signal_samples(name: str, catalog: Catalog, era: str | None = None) -> list[Sample]:
    """The catalog's signal samples of analysis ``name`` (of ``era`` if given)."""
    template = ANALYSES[name]
    return [s for s in catalog.mc(era) if s.process in template.signal_processes]


def analysis_samples(name: str, catalog: Catalog, era: str | None = None) -> list[str]:
    """Default samples of analysis ``name``: all data and simulation of its signal's era."""
    era = era or analysis_signal_samples(name, catalog)[0].era
    return [s.name for s in catalog.data(era) + catalog.mc(era)]


def missing_samples_message(name: str) -> str:
    """One sentence: what the analysis needs and the command that makes it."""
    template = ANALYSES[name]
    return (
        f"{template.what} needs the simulated VH samples (ZH/WH with H -> bb and their "
        "backgrounds), which are not in the catalog: make them with "
        + template.generate_hint
        + ", then ask again."
    )


#: The planner's object profiles and pair names (declared in chathep.registry.objects).
STYLES = objects_registry.PROFILES
COMPOSITE = objects_registry.COMPOSITE
PAIR_NAMES = objects_registry.PAIR_NAMES
PAIR_TITLES = objects_registry.PAIR_TITLES
#: Definition order: leptons before jets, so jets can be cleaned against them.
ORDER = ["muon", "electron", "photon", "tau", "jet", "bjet", "fatjet"]
LEPTONS = {"muon", "electron", "tau"}
#: What jets are cleaned against (when selected): leptons and photons, in definition order
CLEAN_AGAINST = ("muon", "electron", "photon", "tau")
ELECTRON_CUTBASED = {"loose": 2, "medium": 3, "tight": 4}
#: Photon cut-based ID: Run 3 ``cutBased`` (1 loose, 2 medium, 3 tight); Run 2
#: ``cutBasedBitmap`` (bit 0 loose, 1 medium, 2 tight: a medium photon has at least 0b011)
PHOTON_CUTBASED = {"loose": 1, "medium": 2, "tight": 3}
PHOTON_BITMAP = {"loose": 1, "medium": 3, "tight": 7}


@dataclass
class Built:
    spec: AnalysisSpec
    defaults: list[str] = field(default_factory=list)  # what was chosen for the user, in words


def _kinds(kind: str) -> list[str]:
    return list(COMPOSITE.get(kind, (kind,)))


#: Fields of a collection whose cut is its identification (the ID property): a cut the request
#: states on one of them by name replaces the default ID. Jets: only the jet ID (``puId`` is the
#: pile-up ID, on top of it); muons: the ``...Id`` flags except the isolation working points
#: (``pfIsoId``, ``miniIsoId``: the isolation property); ``pdgId`` is never an ID.
_JET_ID_FIELDS = frozenset({"jetId"})

#: Default binnings (bins, low, high) of the impact parameters of leptons and jets' tracks, in
#: cm (prompt leptons: |dxy| below about 0.05 cm, |dz| below 0.1 cm), and of the 3D impact-
#: parameter significance (prompt leptons below about 4); stated as chosen like every binning.
_IMPACT_RANGES: dict[str, tuple[int, float, float]] = {
    "dxy": (40, -0.2, 0.2),
    "dz": (50, -0.5, 0.5),
    "ip3d": (50, 0.0, 0.1),
    "sip3d": (50, 0.0, 10.0),
}


def _is_id_field(source: str, name: str) -> bool:
    if source in ("Jet", "FatJet"):
        return name in _JET_ID_FIELDS
    if name == "pdgId":
        return False
    if source == "Muon" and "iso" in name.lower():
        return False
    return name.endswith(("Id", "ID")) or name.startswith(("cutBased", "mva"))


def _object_def(
    kind: str,
    req: ObjectReq,
    defined: list[str],
    defaults: list[str],
    *,
    as_written: bool = False,
    available: dict[str, set[str]] | None = None,
    eras: frozenset[str] = frozenset(),
) -> ObjectDef:
    """The object's cuts: what the request states, then defaults where it was silent.

    Each property is unspecified (the recommended value is chosen and stated), explicitly
    waived (``req.without``: no cut, no default) or a value. ``as_written`` chooses nothing.
    """
    style = STYLES[kind]
    cuts: list[Cut] = []
    chosen: list[str] = []

    missing: list[str] = []
    # the recommended definition is one profile: without the files' ID branch (a user's own
    # files with kinematics only) its pT and eta cuts alone are not it, so none is applied
    id_field = {
        "muon": "tightId", "electron": "cutBased", "jet": "jetId", "bjet": "jetId",
        "fatjet": "jetId",
    }  # fmt: skip
    files_fields = None if available is None else available.get(style.source)
    no_profile = (
        kind in id_field
        and req.id is None
        and not req.flags
        and files_fields is not None
        and id_field[kind] not in files_fields
        and not as_written
    )
    if no_profile:
        defaults.append(
            f"{style.word}: no default cuts (the files have no {style.source}_{id_field[kind]},"
            " which the recommended definition needs)"
        )

    # a cut the request states on an ID or isolation field by name ("cutBased >= 3",
    # "miniPFRelIso_all < 0.1") is that property: no default one on top of it
    named = {fc.field for fc in req.field_cuts or []}
    named_ids = sorted(f for f in named if _is_id_field(style.source, f))
    stated_by_name = {"id": bool(named_ids), "iso": any("iso" in f.lower() for f in named)}

    def default(prop: str, field: str | None = None) -> bool:
        """A default applies where the request is silent and the files have its branch."""
        if as_written or req.waived(prop) or stated_by_name.get(prop, False):
            return False
        if no_profile and prop in ("pt", "eta"):
            return False
        fields = None if available is None else available.get(style.source)
        if field is not None and fields is not None and field not in fields:
            missing.append(f"{style.source}_{field}")
            return False
        return True

    for name, lo, hi, unit in (
        ("pT", req.pt_min, req.pt_max, " GeV"),
        ("|eta|", req.abs_eta_min, req.abs_eta_max, ""),
    ):  # "muons with |eta| < 1.2 and (for muons) with |eta| > 1.2": no muon passes both
        if lo is not None and hi is not None and hi <= lo:
            raise SpecError(
                f"{name} > {lo:g}{unit} and {name} < {hi:g}{unit} cannot both hold for one "
                f"{kind}: did you mean two groups of {kind}s, or either range?",
                hint=f"Ask for each range in its own request, e.g. '{name} < {hi:g}{unit}'.",
            )
    if req.pt_min is not None:
        cuts.append(Cut(field="pt", op=">", value=req.pt_min))
    elif req.pt_max is not None and req.pt_max <= style.pt_min and default("pt"):
        # "muons with pT < 15 GeV": the default lower cut would leave none (was: pt > 20 and
        # pt < 15, an empty plot)
        chosen.append(
            f"no lower pT cut (the usual pT > {style.pt_min:g} GeV is above your upper bound)"
        )
    elif default("pt"):
        cuts.append(Cut(field="pt", op=">", value=style.pt_min))
        chosen.append(f"pT > {style.pt_min:g} GeV")
    if req.pt_max is not None:
        cuts.append(Cut(field="pt", op="<", value=req.pt_max))
    if req.abs_eta_min is not None:
        cuts.append(Cut(field="eta", op=">", value=req.abs_eta_min, abs=True))
    if req.abs_eta_max is not None:
        cuts.append(Cut(field="eta", op="<", value=req.abs_eta_max, abs=True))
    elif default("eta") and req.abs_eta_min is None:
        cuts.append(Cut(field="eta", op="<", value=style.abs_eta_max, abs=True))
        chosen.append(f"|eta| < {style.abs_eta_max:g}")
    if req.eta_gap is not None:  # "excluding the barrel-endcap transition region"
        lo, hi = req.eta_gap
        cuts.append(Cut(field="eta", op="<", value=lo, abs=True, or_above=hi))
    if kind == "muon":
        for flag in req.flags or []:  # "global muons", "the high-pT ID" (2 = global high pT)
            if flag == "highPtId":
                cuts.append(Cut(field=flag, op=">=", value=2))
            else:
                cuts.append(Cut(field=flag, op="==", value=True))
        if req.id is not None:
            cuts.append(Cut(field=f"{req.id}Id", op="==", value=True))
        elif set(req.flags or []) & set(ID_FLAGS):
            pass  # the soft or high-pT ID is the identification
        elif default("id", "tightId"):
            cuts.append(Cut(field="tightId", op="==", value=True))
            chosen.append("tight ID")
        elif named_ids and not as_written:
            # "mediumPromptId == 1": the ID the user names is the identification, said
            chosen.append(
                f"note: the ID is your {' and '.join(named_ids)} cut (it replaces the default "
                "tight ID)"
            )
        if req.iso_max is not None:
            cuts.append(Cut(field="pfRelIso04_all", op="<", value=req.iso_max))
        elif req.isolated is False and stated_by_name["iso"]:
            pass  # "anti-isolated muons with pfRelIso04_all > 0.15": the user's cut is the sideband
        elif req.isolated is False:  # "non-isolated muons": the threshold is a choice
            cuts.append(Cut(field="pfRelIso04_all", op=">", value=0.25))
            chosen.append("non-isolated: PF isolation (dR 0.4) > 0.25")
        elif req.isolated or default("iso", "pfRelIso04_all"):
            cuts.append(Cut(field="pfRelIso04_all", op="<", value=0.15))
            if req.isolated is None:
                chosen.append("PF isolation (dR 0.4) < 0.15")
            else:  # "isolated": the threshold is a choice
                chosen.append("isolated: PF isolation (dR 0.4) < 0.15")
    elif kind == "electron":
        # the cut-based electron IDs include an isolation cut: a request without isolation
        # gets no default ID, and one that names an ID anyway is told what it contains
        no_iso = req.waived("iso") or req.isolated is False or _anti_isolated(req)
        if req.mva_id is not None:  # "the MVA ID WP90": the files' branch, no cut-based default
            mva_id = req.mva_id
            if req.waived("iso") and "noiso" not in mva_id:
                # "the MVA WP80 without isolation": the MVA trained without isolation (was: the
                # isolated one, which cuts on isolation)
                mva_id = mva_id.replace("iso", "noiso")  # type: ignore[assignment]
            mva_cut, said = working_points.electron_mva_cut(mva_id, files_fields, eras)
            cuts.append(mva_cut)
            chosen.append(said)
        if req.id is not None:
            cuts.append(Cut(field="cutBased", op=">=", value=ELECTRON_CUTBASED[req.id]))
            if no_iso:
                chosen.append(f"note: the cut-based {req.id} ID includes an isolation cut")
        elif req.mva_id is not None:
            pass
        elif no_iso and default("id", "cutBased"):
            chosen.append("no ID (the cut-based electron IDs include isolation, excluded here)")
        elif default("id", "cutBased"):
            cuts.append(Cut(field="cutBased", op=">=", value=ELECTRON_CUTBASED["tight"]))
            chosen.append("cut-based tight ID (includes isolation)")
        if req.iso_max is not None:
            cuts.append(Cut(field="pfRelIso03_all", op="<", value=req.iso_max))
        elif req.isolated is False and stated_by_name["iso"]:
            pass  # "anti-isolated electrons with pfRelIso03_all > 0.2": the user's cut
        elif req.isolated is False:  # "non-isolated electrons": the muons' sideband definition
            cuts.append(Cut(field="pfRelIso03_all", op=">", value=0.25))
            chosen.append("non-isolated: PF isolation (dR 0.3) > 0.25")
        elif req.isolated and not any(c.field == "cutBased" for c in cuts):
            # "isolated electrons without ID": no cut-based ID carries the isolation here
            cuts.append(Cut(field="pfRelIso03_all", op="<", value=0.15))
            chosen.append("isolated: PF isolation (dR 0.3) < 0.15")
    elif kind == "photon":
        if req.id is not None:
            # Run 3 NanoAOD: cutBased 0-3; Run 2 (the 2018 files): cutBasedBitmap, 2^(0:loose,
            # 1:medium, 2:tight); the working points are nested, so passing medium sets loose too
            if files_fields is not None and "cutBased" in files_fields:
                value = PHOTON_CUTBASED[req.id]
                cuts.append(Cut(field="cutBased", op=">=", value=value))
                chosen.append(f"{req.id} ID: cutBased >= {value}")
            else:
                value = PHOTON_BITMAP[req.id]
                cuts.append(Cut(field="cutBasedBitmap", op=">=", value=value))
                chosen.append(
                    f"{req.id} ID: cutBasedBitmap >= {value} (the cut-based working points are "
                    "nested)"
                )
        elif default("id"):  # no default photon ID: said (the muons, electrons, jets have one)
            chosen.append("no photon ID (say e.g. 'medium photon ID' for the cut-based one)")
        if req.iso_max is not None:
            cuts.append(Cut(field="pfRelIso03_all", op="<", value=req.iso_max))
    elif kind == "tau" and req.deeptau_vsjet is not None:
        tau_cut, said = working_points.tau_deeptau_cut(req.deeptau_vsjet, files_fields, eras)
        cuts.append(tau_cut)
        chosen.append(said)
    elif kind == "tau" and req.id is None and default("id"):
        # no default tau ID: said (NanoAOD taus are mostly jets without one)
        chosen.append(
            "no tau ID (most NanoAOD taus are jets without one: say e.g. 'taus passing DeepTau "
            "VSjet medium')"
        )
    elif kind in ("jet", "bjet", "fatjet"):
        if req.id in ("loose", "medium") and req.jet_id_min is None:
            # the user's word cannot be applied as written: asked, never substituted
            raise SpecError(
                f"There is no {req.id} jet ID in NanoAOD since 2017 (jetId bit 1, 'loose', is "
                "always 0; the IDs are tight and tight-lepton-veto).",
                hint="Say 'tight jet ID' (jetId >= 2), 'tight lepton veto' (jetId >= 6), or "
                "give a jetId cut.",
            )
        if req.jet_id_min is not None:
            cuts.append(Cut(field="jetId", op=">=", value=req.jet_id_min))
        elif req.id == "tight" or default("id", "jetId"):
            cuts.append(Cut(field="jetId", op=">=", value=2))
            if req.id is None:
                pileup = sorted(f for f in named if f.startswith("puId"))
                chosen.append(
                    "tight jet ID"
                    + (f" (your {' and '.join(pileup)} cut is the pile-up ID, not the jet ID)"
                       if pileup else "")
                )  # fmt: skip
        if kind == "jet" and req.btag_veto is not None:
            cuts.append(Cut(field="btagDeepFlavB", op="<", value=req.btag_veto))
            chosen.append(f"light jets: DeepJet score below the {req.btag_veto} working point")
        if kind == "bjet":
            wp = req.btag_wp or "medium"
            cuts.append(Cut(field="btagDeepFlavB", op=">", value=wp))
            if req.btag_wp is None:
                chosen.append("DeepJet medium working point")
    # a requirement this kind has no rule for is asked about, never dropped ("tight taus")
    unread = []
    if req.id is not None and kind == "tau":
        unread.append(f"a {req.id} ID")
    if req.mva_id is not None and kind != "electron":  # (an electron ID only)
        unread.append(f"the MVA ID {req.mva_id}")
    if req.deeptau_vsjet is not None and kind != "tau":  # (a tau ID only)
        unread.append(f"the DeepTau {req.deeptau_vsjet} working point")
    if req.isolated is not None and kind in ("photon", "tau", "jet", "bjet", "fatjet"):
        unread.append("isolated" if req.isolated else "non-isolated")
    if unread:
        deeptau = (
            f" For the tau ID against jets say e.g. 'taus passing DeepTau VSjet {req.id}'."
            if kind == "tau" and req.id is not None
            else ""
        )
        raise SpecError(
            f"I cannot apply {' and '.join(unread)} to {style.word} yet.{deeptau}",
            hint=f"Give it as a cut on a NanoAOD field of {style.source} by name (they are "
            f"listed in knowledge_base/nanoaod/{style.source}.md), or leave it out.",
        )
    for fc in req.field_cuts or []:  # "sip3d < 4", "jetId >= 6": as written
        cuts.append(Cut(field=fc.field, op=fc.op, value=fc.value))
    cleaning = []
    if kind in ("jet", "bjet") and (req.clean_dr is not None or default("cleaning")):
        dr = req.clean_dr if req.clean_dr is not None else 0.4
        # every selected lepton and photon: a NanoAOD jet is clustered from all particles, so
        # an isolated photon or tau is also a jet ("jets cleaned against the photon" selects
        # the photons: before, they were selected and the jets not cleaned against them)
        for other in CLEAN_AGAINST:
            if STYLES[other].name in defined:
                cleaning.append(Cleaning(against=STYLES[other].name, dr=dr))
        against = " and ".join(c.against for c in cleaning)
        if cleaning and req.clean_dr is None:
            chosen.append(f"DeltaR > 0.4 from the selected {against}")
        elif len(cleaning) > 1:  # "DeltaR > 0.5 from the muons" in a plan with photons too
            chosen.append(f"the DeltaR > {dr:g} cleaning is against all the selected {against}")
    if chosen:
        defaults.append(f"{style.word}: " + ", ".join(chosen))
    if missing and not no_profile:  # (no_profile already said why)
        defaults.append(
            f"{style.word}: no default cut on {', '.join(missing)} (not in the sample files)"
        )
    return ObjectDef(name=style.name, source=style.source, cuts=cuts, clean_against=cleaning)


def _axis(draft: Draft, symbol: str, count_kind: str | None) -> tuple[str, str, int, float, float]:
    """(label, unit, bins, start, stop) defaults for the plotted quantity."""
    q = draft.quantity
    if q == "mass" and draft.system_with is not None:  # a lepton (photon) and a jet: wide
        return rf"$m_{{{symbol}}}$", "GeV", 50, 0.0, 500.0
    if q == "mass":
        if draft.object == "bjet" and draft.analysis in ANALYSES:
            return (rf"$m_{{{symbol}}}$", "GeV", *ANALYSES[draft.analysis].mass_axis)
        if (
            draft.object in ("muon", "electron", "lepton")
            and draft.log_x
            and not (draft.z_candidate or draft.z_decay)
        ):  # "the dimuon spectrum on a log-log plot": the whole spectrum, J/psi to Z
            return rf"$m_{{{symbol}}}$", "GeV", 100, 0.25, 300.0
        if draft.size in (3, 4) and draft.object in ("muon", "electron", "lepton"):
            return rf"$m_{{{symbol}}}$", "GeV", 50, 0.0, 500.0  # WZ -> 3l; Z, H -> 4l; ZZ
        if draft.object in ("muon", "electron", "lepton") and not (
            draft.pair or draft.z_candidate or draft.z_decay or draft.size
        ):  # "the pt, eta, phi and mass of the muons": each lepton's own (tiny) mass
            return rf"$m_{{{symbol}}}$", "GeV", 50, 0.0, 1.0
        if draft.object in ("muon", "electron", "lepton") or draft.z_candidate:
            return rf"$m_{{{symbol}}}$", "GeV", 30, 60.0, 120.0
        if draft.object in ("jet", "bjet") and draft.target_mass:
            return rf"$m_{{{symbol}}}$", "GeV", 40, 0.0, float(round(2 * draft.target_mass, -1))
        if draft.object == "fatjet" and not draft.pair:  # an AK8 jet's own mass
            return rf"$m_{{{symbol}}}$", "GeV", 30, 0.0, 300.0
        if draft.object in ("jet", "bjet") and not draft.pair:  # a jet's own mass
            return rf"$m_{{{symbol}}}$", "GeV", 40, 0.0, 200.0
        if draft.object in ("jet", "bjet"):
            return rf"$m_{{{symbol}}}$", "GeV", 50, 0.0, 1000.0
        return rf"$m_{{{symbol}}}$", "GeV", 30, 0.0, 300.0
    if q == "pt":
        if draft.object == "fatjet":
            return rf"$p_{{T}}^{{{symbol}}}$", "GeV", 40, 0.0, 1000.0
        stop = 300.0 if draft.object in ("jet", "bjet") else 200.0
        return rf"$p_{{T}}^{{{symbol}}}$", "GeV", 30 if stop == 300 else 40, 0.0, stop
    if q == "eta":
        if draft.pair or draft.size or draft.z_candidate:
            # a pair's (system's) pseudorapidity is not bounded by the detector's: a low-pT
            # dimuon reaches |eta| ~ 6 (was: -2.5 to 2.5, the rest in the overflow, not drawn)
            return rf"$\eta^{{{symbol}}}$", "", 24, -6.0, 6.0
        req = draft.requirements.get(draft.object or "")
        uncut = draft.as_written or (
            req is not None and (req.waived("eta") or (req.abs_eta_max or 0.0) > 2.5)
        )
        if draft.object in ("jet", "bjet", "fatjet") and uncut:
            # "the eta of every jet, no eta cut": jets reach |eta| 4.7 (was: cut off at 2.5)
            return rf"$\eta^{{{symbol}}}$", "", 50, -5.0, 5.0
        return rf"$\eta^{{{symbol}}}$", "", 25, -2.5, 2.5
    if q == "rapidity":
        return rf"$y^{{{symbol}}}$", "", 25, -2.5, 2.5
    if q == "energy":  # E = sqrt(|p|^2 + m^2): like |p|
        return rf"$E^{{{symbol}}}$", "GeV", 50, 0.0, 500.0
    if q == "p":  # |p| = pT cosh(eta): up to ~5.5 pT at |eta| 2.4
        return rf"$|\vec{{p}}|^{{{symbol}}}$", "GeV", 50, 0.0, 500.0
    if q == "phi":
        return rf"$\phi^{{{symbol}}}$", "", 32, -math.pi, math.pi
    if q == "count":
        if count_kind is not None and count_kind not in STYLES:  # was: a KeyError
            raise SpecError(
                f"I cannot count {count_kind} candidates yet.",
                hint="Ask for the number of electrons or of muons as a plot of its own.",
            )
        top = 10 if count_kind in ("jet",) else 6
        word = STYLES[count_kind or "jet"].word
        if draft.pair:  # "the number of dimuon candidates": pairs, not objects
            word = f"pairs of {word}"
        return f"Number of {word}", "", top + 1, -0.5, top + 0.5
    if q == "ht":
        return r"$H_{T}$", "GeV", 25, 0.0, 1000.0
    if q == "mht":
        return r"$H_{T}^{miss}$", "GeV", 25, 0.0, 500.0
    flavour = _MET_LABELS.get(draft.met_source or ("PuppiMET" if draft.puppi_met else ""), "")
    if q == "met":  # "Calo $p_{T}^{miss}$": each MET flavour its own label
        return rf"{flavour}$p_{{T}}^{{miss}}$", "GeV", 20, 0.0, 200.0
    if q == "met_phi":
        if flavour:
            return rf"$\phi$({flavour}$p_{{T}}^{{miss}}$)", "", 32, -math.pi, math.pi
        return r"$\phi(p_{T}^{miss})$", "", 32, -math.pi, math.pi
    if q == "met_significance":
        return r"$p_{T}^{miss}$ significance", "", 50, 0.0, 50.0
    if q == "npv":
        good = "good " if draft.npv_good else ""
        return f"Number of {good}primary vertices", "", 70, -0.5, 69.5
    if q == "pv_z":  # PV_npvsGood counts vertices with |z| <= 24 cm: the range holds them all
        return "Primary-vertex z", "cm", 50, -25.0, 25.0
    if q == "mt":
        if flavour:  # "$m_{T}(\mu$, Calo $p_{T}^{miss})$"
            return rf"$m_{{T}}({symbol}$, {flavour}$p_{{T}}^{{miss}})$", "GeV", 20, 0.0, 200.0
        return rf"$m_{{T}}({symbol}, p_{{T}}^{{miss}})$", "GeV", 20, 0.0, 200.0
    if q == "delta_r":
        return r"$\Delta R$", "", 30, 0.0, 6.0
    if q == "delta_phi" and reductions.met_angle(draft):  # "min delta phi(jets, MET)"
        how = r"\min" if draft.per_event == "min" else r"\max"
        return rf"${how}|\Delta\phi({symbol}, p_{{T}}^{{miss}})|$", "", 32, 0.0, math.pi
    if q == "delta_phi":
        return r"$|\Delta\phi|$", "", 32, 0.0, math.pi
    if q == "delta_eta":
        return r"$|\Delta\eta|$", "", 25, 0.0, 5.0
    if q == "delta_y":
        return r"$|\Delta y|$", "", 25, 0.0, 5.0
    if q == "acoplanarity":  # 1 - |DeltaPhi|/pi
        return r"Acoplanarity $1 - |\Delta\phi|/\pi$", "", 25, 0.0, 1.0
    if q == "angle":
        return r"3D opening angle $\alpha$", "rad", 32, 0.0, math.pi
    if q == "branch":
        name = f"{STYLES[count_kind or 'jet'].source}_{draft.branch}"
        if draft.branch and draft.branch.startswith("pfRelIso"):
            return f"{name} (relative isolation)", "", 25, 0.0, 0.5
        if draft.branch == "btagDeepFlavB":
            return "DeepJet b-tag score", "", 20, 0.0, 1.0
        if draft.branch == "msoftdrop":  # AK8 jets: W/Z/H/top masses below 300 GeV
            return r"Soft-drop mass $m_{SD}$", "GeV", 30, 0.0, 300.0
        if draft.branch in _IMPACT_RANGES:  # impact parameters (cm) and the 3D significance
            bins, low, high = _IMPACT_RANGES[draft.branch]
            return name, "" if draft.branch == "sip3d" else "cm", bins, low, high
        if draft.branch in ("tau21", "tau32"):  # N-subjettiness ratios: between 0 and 1
            sub = draft.branch[3:]
            return rf"N-subjettiness $\tau_{{{sub}}}$", "", 25, 0.0, 1.0
        source = STYLES[count_kind or "jet"].source
        doc = fields_registry.descriptions(source).get((draft.branch or "").lower(), "")
        if draft.branch == "em_fraction" or doc.lower().endswith("energy fraction."):
            # a jet energy fraction (chHEF, neEmEF, ...): 0 to 1
            label = "EM energy fraction" if draft.branch == "em_fraction" else name
            return label, "", 20, 0.0, 1.0
        if draft.branch == "nConstituents":  # particles in a jet: one bin per count
            high = 159.5 if count_kind == "fatjet" else 79.5
            return f"Number of constituents of the {symbol}", "", int(high + 0.5), -0.5, high
        if draft.branch == "pt_raw":  # the jet pT's range
            stop = 1000.0 if count_kind == "fatjet" else 300.0
            return rf"$p_{{T}}^{{{symbol}}}$ (raw)", "GeV", 30 if stop == 300.0 else 40, 0.0, stop
        if draft.branch == "transverse_energy":  # E/cosh(eta): the pT's range
            stop = {"fatjet": 1000.0, "jet": 300.0, "bjet": 300.0}.get(count_kind or "", 200.0)
            bins = 40 if stop != 300.0 else 30
            return rf"$E_{{T}}^{{{symbol}}}$", "GeV", bins, 0.0, stop
        if draft.branch in ("px", "py"):  # pT cos(phi), pT sin(phi): either sign
            return rf"$p_{{{draft.branch[1]}}}^{{{symbol}}}$", "GeV", 40, -100.0, 100.0
        if draft.branch == "pz":  # pT sinh(eta): up to ~5.5 pT at |eta| 2.4, either sign
            return rf"$p_{{z}}^{{{symbol}}}$", "GeV", 50, -500.0, 500.0
        if draft.branch == "theta":  # 2 atan(exp(-eta)): 0 to pi
            return rf"$\theta^{{{symbol}}}$", "rad", 32, 0.0, math.pi
        if draft.branch == "charge":  # -1 or +1 (a sum over legs: -2 to +2)
            if not source:  # the light leptons: no one collection (was "_charge (charge)")
                return f"{(count_kind or 'lepton').capitalize()} charge", "", 5, -2.5, 2.5
            return f"{name} (charge)", "", 5, -2.5, 2.5
        if draft.start is None or draft.stop is None:
            values = fields_registry.integer_range(source, draft.branch or "")
            if values is not None:
                low, high = values  # a flag or an ID: one bin per value
                return name, "", high - low + 1, low - 0.5, high + 0.5
            score = fields_registry.score_range(source, draft.branch or "")
            if score is not None:
                return name, "", 20, *score  # a tagger or MVA ID output
            raise SpecError(
                f"I do not know a sensible range for {name}.",
                hint="Give one, e.g. '50 bins from 0 to 0.1'.",
            )
        return name, "", 50, draft.start, draft.stop
    raise SpecError(f"No quantity to plot ({q!r}).", hint="Say what to plot, e.g. 'dimuon mass'.")


def _samples(draft: Draft, catalog: Catalog, defaults: list[str]) -> tuple[list[str] | str, str]:
    """(samples or "auto", era) with data added for a data/MC request."""
    names = list(draft.samples or [])
    if draft.analysis in ANALYSES and not names:
        # the analysis' era (that of its signal samples): its data and every simulated process
        era = draft.era or analysis_signal_samples(draft.analysis, catalog)[0].era
        names = analysis_samples(draft.analysis, catalog, era)
        defaults.append(
            f"samples: all {era} data and simulation (the era with {ANALYSES[draft.analysis].what} "
            "samples), so the stack has every process the data contain"
        )
    eras = {catalog[n].era for n in names}
    era = draft.era or (next(iter(eras)) if len(eras) == 1 else None)
    if era is None:
        era = default_era(catalog)
        if not names:
            defaults.append(f"samples: all {era} data and MC (the default era: {DEFAULT_ERA_RULE})")
    if not names:
        return "auto", era
    samples = [catalog[n] for n in names]
    if draft.data_mc and not any(s.is_data for s in samples):
        names = [s.name for s in catalog.data(era)] + names
    if draft.data_mc and all(s.is_data for s in samples):
        names += [s.name for s in catalog.mc(era)]
    return names, era


def _apply_analysis(
    template: AnalysisTemplate, draft: Draft, catalog: Catalog, defaults: list[str]
) -> Draft:
    """The draft with the analysis' selection filled in where the request left it open."""
    signal = analysis_signal_samples(template.name, catalog, draft.era)
    if not signal:
        have = sorted({s.era for s in analysis_signal_samples(template.name, catalog)})
        if have:
            raise SpecError(
                f"There are no {template.what} samples for era {draft.era}; they exist for "
                f"{', '.join(have)}.",
                hint=f"Drop the era from the request or ask for {have[0]}.",
            )
        raise SpecError(missing_samples_message(template.name), hint=None)
    draft = draft.model_copy(deep=True)
    z_window = f"{template.z_window[0]:g} < m(ll) < {template.z_window[1]:g} GeV"
    if draft.quantity is None:
        draft.object, draft.pair, draft.quantity = "bjet", True, "mass"
        defaults.append(
            "plotted: the mass of the two leading (highest-pT) b-tagged jets, the Higgs "
            "candidate (not the pair closest to 125 GeV: that choice would sculpt a peak into "
            "the backgrounds)"
        )
    lepton_plotted = draft.object in ("muon", "electron", "lepton")
    if draft.channel is None and lepton_plotted and draft.pair:
        draft.channel = draft.object  # "the dimuon mass in ZH(bb)": the Z -> mumu channel
    channel = draft.channel or "lepton"
    # the analysis' Z is its own lepton pair: a Z word never makes a b-jet pair a Z candidate
    draft.z_candidate = True if lepton_plotted and draft.pair else None
    for kind in _kinds(channel):
        draft.req(kind).select = True
    bjets = draft.req("bjet")
    chosen = []
    if bjets.min_count is None:
        bjets.min_count = template.min_bjets
        chosen.append(f">= {template.min_bjets}")
    if bjets.pt_min is None:
        bjets.pt_min = template.bjet_pt_min
        chosen.append(f"pT > {template.bjet_pt_min:g} GeV")
    if bjets.abs_eta_max is None:
        bjets.abs_eta_max = template.bjet_abs_eta_max
        chosen.append(f"|eta| < {template.bjet_abs_eta_max:g} (the b-tagging acceptance)")
    triggers = [t for kind in _kinds(channel) for t in template.lepton_triggers.get(kind, ())]
    if draft.triggers is None and triggers:
        draft.triggers = triggers
        chosen_triggers = f"dilepton trigger{'s' if len(triggers) > 1 else ''} " + " or ".join(
            triggers
        )
    else:
        chosen_triggers = ""
    leptons = {"lepton": "ee or mumu", "muon": "mumu", "electron": "ee"}[channel]
    defaults.append(
        f"{template.title.format(channel=CHANNEL_WORDS[channel])} selection ({template.reference}"
        f"): Z -> {leptons} candidate = the opposite-charge same-flavour lepton pair closest to "
        f"{Z_MASS_GEV:g} GeV, {z_window}"
        + (f"; {chosen_triggers}" if chosen_triggers else "")
        + (f"; b-tagged jets: {', '.join(chosen)}" if chosen else "")
    )
    return draft


def _add_z_candidate(
    template: AnalysisTemplate,
    draft: Draft,
    objects: list[ObjectDef],
    combinations: list[Combination],
    selection: list[Step],
    observables: list[Observable],
) -> None:
    """The Z -> ll candidate of the analysis and its mass window, first in the cutflow."""
    leptons = [STYLES[k].name for k in _kinds(draft.channel or "lepton")]
    same = next(
        (
            c for c in combinations
            if c.inputs == leptons and c.choose == "closest_mass" and c.charge == "opposite"
            and c.target_mass == Z_MASS_GEV
        ),
        None,
    )  # fmt: skip
    if same is None:
        same = Combination(
            name="zll",
            inputs=leptons,
            charge="opposite",
            same_flavour=len(leptons) == 2,
            choose="closest_mass",
            target_mass=Z_MASS_GEV,
        )
        combinations.insert(0, same)
    lo, hi = template.z_window
    observables.insert(
        0, Observable(name="m_ll", kind="field", of=same.name, field="mass", index=0)
    )
    steps = [
        Step(name="Z candidate (SFOS lepton pair)", count=same.name, op=">=", value=1),
        Step(name=f"m(ll) > {lo:g} GeV", observable="m_ll", op=">", value=lo),
        Step(name=f"m(ll) < {hi:g} GeV", observable="m_ll", op="<", value=hi),
    ]
    at = 1 if selection and selection[0].triggers else 0
    selection[at:at] = steps


#: Default window of a Z -> ll event selection ("in Z -> mumu events"), GeV.
Z_WINDOW = (60.0, 120.0)


#: The particles a candidate is chosen closest to, by name (Draft.target_name)
_PARTICLE_MASS_WORDS = {"z": "the Z mass", "w": "the W mass", "top": "the top-quark mass",
                        "higgs": "the Higgs mass"}  # fmt: skip


def _target_words(draft: Draft) -> str:
    """ "the Z mass (91.1876 GeV)" where the request named the particle; the number as the
    request gave it otherwise ("91.2 GeV")."""
    number = f"{draft.target_mass:g} GeV"
    named = _PARTICLE_MASS_WORDS.get(draft.target_name or "")
    return f"{named} ({number})" if named else number


def _add_pair_selection(
    draft: Draft,
    kind: str,
    names: list[str],
    combinations: list[Combination],
    selection: list[Step],
    observables: list[Observable],
    defaults: list[str],
) -> str:
    """Events with a pair of ``kind`` (of the objects ``names``): a selection; its name.

    In a mass window: "events with an opposite-charge muon pair of mass 60-120 GeV" keeps the
    candidates in the window and requires one. A Z -> ll candidate ("in Z -> mumu events") is
    the pair closest to the Z mass, in ``Z_WINDOW`` unless stated; "the pair closest to
    91.2 GeV" is one candidate per event with no window.
    """
    lo, hi = draft.pair_mass_min, draft.pair_mass_max
    lepton_like = kind in ("muon", "electron", "lepton", "emu", "tau")
    target = None
    if draft.z_decay:
        target = Z_MASS_GEV
        if lo is None and hi is None:
            lo, hi = Z_WINDOW
            defaults.append(f"Z candidate window: {lo:g} < m(ll) < {hi:g} GeV")
        what = "Z candidate"
    elif draft.target_mass is not None and not draft.pair:
        target = draft.target_mass
        what = f"{PAIR_NAMES[kind][0]} pair closest to {_target_words(draft)}"
    else:
        what = f"{PAIR_NAMES[kind][0]} pair"
    charge = draft.charge if (draft.charge and not draft.pair) else None
    if charge is None:
        charge = "opposite" if lepton_like and not draft.as_written else "any"
        if charge == "opposite":
            defaults.append(f"{what}: opposite charge")
    same_flavour = kind == "lepton"
    window = {} if target is not None else {"mass_min": lo, "mass_max": hi}
    comb = Combination(
        name="zcand" if draft.z_decay else f"{PAIR_NAMES[kind][0]}_sel",
        inputs=names,
        charge=charge,
        same_flavour=same_flavour,
        **({"choose": "closest_mass", "target_mass": target} if target is not None else {}),
        **window,
    )
    combinations.append(comb)
    if target is None and (lo is not None or hi is not None):
        bounds = " < ".join(
            ([f"{lo:g}"] if lo is not None else [])
            + ["m"]
            + ([f"{hi:g}"] if hi is not None else [])
        )
        selection.append(Step(name=f"{what}, {bounds} GeV", count=comb.name, op=">=", value=1))
        return comb.name
    selection.append(Step(name=what, count=comb.name, op=">=", value=1))
    mass = f"m_{comb.name}"
    if lo is not None or hi is not None:
        observables.append(Observable(name=mass, kind="field", of=comb.name, field="mass", index=0))
    if lo is not None:
        selection.append(Step(name=f"{what} mass > {lo:g} GeV", observable=mass, op=">", value=lo))
    if hi is not None:
        selection.append(Step(name=f"{what} mass < {hi:g} GeV", observable=mass, op="<", value=hi))
    return comb.name


def with_overrides(
    draft: Draft, overrides: Overrides, catalog: Catalog, settings: Settings | None = None
) -> tuple[Draft, Built]:
    """The draft with the samples and corrections chosen outside the request, and its spec.

    The draft fields are set directly (no words re-parsed): the samples replace the request's,
    the corrections are added to its own. The default cuts follow the fields the new samples'
    files have, as for a planned request.
    """
    overrides.check(catalog)
    update: dict[str, object] = {}
    if overrides.samples:
        update["samples"] = list(overrides.samples)
    if overrides.corrections:
        asked = list(draft.corrections or [])
        update["corrections"] = asked + [c for c in overrides.corrections if c not in asked]
    new = draft.model_copy(update=update)
    built = build_spec(new, catalog)
    available = available_fields(built.spec, catalog, settings)
    if available is not None:
        built = build_spec(new, catalog, available)
    return new, built


#: A jet's kinematic requirements that b-tagged jets (jets too) take from the jets', and how the
#: plan says each
_JET_KINEMATICS: dict[str, Callable[[Any], str]] = {
    "pt_min": lambda v: f"pT > {v:g} GeV",
    "pt_max": lambda v: f"pT < {v:g} GeV",
    "abs_eta_min": lambda v: f"|eta| > {v:g}",
    "abs_eta_max": lambda v: f"|eta| < {v:g}",
    "jet_id_min": lambda v: f"jetId >= {v:g}",
    "clean_dr": lambda v: f"cleaning at DeltaR {v:g}",
}


def _anti_isolated(req: ObjectReq) -> bool:
    """A lower bound on an isolation field by its name ("pfRelIso03_all > 0.2"): the objects
    are non-isolated (for electrons: no default cut-based ID, which includes an isolation cut
    that would empty the plot)."""
    return any("iso" in c.field.lower() and c.op in (">", ">=") for c in (req.field_cuts or []))


def _jet_kinematics(jets: ObjectReq) -> dict[str, Any]:
    """The jets' stated kinematic requirements, as ObjectReq fields (a waiver, "every jet", stays
    the jets' own)."""
    return {k: v for k in _JET_KINEMATICS if (v := getattr(jets, k)) is not None}


def build_spec(
    draft: Draft, catalog: Catalog, available: dict[str, set[str]] | None = None
) -> Built:
    """The analysis spec for ``draft``; raises SpecError if the draft cannot make one.

    ``available`` (NanoAOD collection -> fields present in every chosen sample file) leaves
    out, with a note, a default cut whose branch the files lack (e.g. muon ID in a file with
    muon kinematics only); what the request asks for itself is never dropped.
    """
    try:
        built = _build(draft, catalog, available)
    except ValidationError as exc:  # a part of the spec (a histogram, a pair) is invalid
        problems = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise SpecError(
            f"The request does not make a valid analysis: {problems}",
            hint="Rephrase the part named above.",
        ) from None
    if (draft.event_cuts or draft.arithmetic_cuts) and not draft.also:
        _ranges_inside_event_cuts(draft, built)
    return built


def _ranges_inside_event_cuts(draft: Draft, built: Built) -> None:
    """The default range of the one histogram moved inside the event cuts built after it
    ("the dimuon pT for dimuon pT > 200": was 0-200, every entry in the overflow), its binning
    said again."""
    if draft.start is not None or draft.stop is not None or draft.edges or draft.bin_width:
        return
    spec = built.spec
    for hist in spec.histograms:
        if not hist.edges:
            _move_into_cuts(
                hist, spec.observable(hist.observable), spec.selection, spec.observables,
                spec.objects, spec.combinations, built.defaults,
            )  # fmt: skip


def _move_into_cuts(
    hist: Histogram,
    obs: Observable,
    selection: list[Step],
    observables: list[Observable],
    objects: list[ObjectDef],
    combinations: list[Combination],
    defaults: list[str],
) -> None:
    """``hist``'s default range moved inside the cuts (:func:`_range_inside_cuts`) after the
    histogram was made, its "binning: ..." line said again with the new range."""
    if hist.start is None or hist.stop is None:
        return
    unit_text = f" {hist.unit}" if hist.unit else ""
    old = (hist.start, hist.stop)
    new = _range_inside_cuts(
        obs, old, selection, observables, objects, combinations, unit_text, defaults
    )
    if new == old:
        return
    said = f"binning: {hist.bins} bins from {old[0]:g} to {old[1]:g}{unit_text}"
    hist.start, hist.stop = new
    if obs.kind == "count":  # one bin per integer
        hist.bins = max(1, round(new[1] - new[0]))
    defaults[:] = [
        f"binning: {hist.bins} bins from {new[0]:g} to {new[1]:g}{unit_text}" if s == said else s
        for s in defaults
    ]


_RANK_WORDS = {0: "leading", 1: "second", 2: "third", 3: "fourth", 4: "fifth", 5: "sixth"}


def _build(draft: Draft, catalog: Catalog, available: dict[str, set[str]] | None) -> Built:
    defaults: list[str] = []
    template = ANALYSES.get(draft.analysis) if draft.analysis else None
    if template is not None:
        draft = _apply_analysis(template, draft, catalog, defaults)
    elif draft.object == "lepton" and draft.pair and draft.channel in ("muon", "electron"):
        # "the dilepton mass in the ee channel": the electron pairs (was: both flavours)
        draft = draft.model_copy(update={"object": draft.channel, "channel": None})
    if draft.quantity is None:
        raise SpecError("The request does not say what to plot.", hint="e.g. 'the dimuon mass'.")
    if draft.arithmetic_cuts:  # "in events with MET/HT > 0.5": the plot, then each term's cut
        return arithmetic_cuts.build(draft, catalog, available, _build)
    if draft.event_cuts:  # "in events with the dimuon pT above 50 GeV": the plot, then the cut
        return event_cuts.build(draft, catalog, available, _build)
    if draft.arithmetic is not None:  # "the ratio of the MET to the HT": each term, then both
        return arithmetic.build(draft, catalog, available, _build)
    if draft.gen_particle is not None:  # "the generator-level Z mass": GenPart, MC only
        return _gen_build(draft, catalog, defaults)
    if draft.sv:  # "the number of secondary vertices", "SV_dxy": the SV collection
        return _sv_build(draft, catalog, defaults)
    main = draft.object if draft.quantity not in EVENT_QUANTITIES else None
    own_mass = not draft.pair and not reductions.is_reduction(draft)
    if draft.quantity == "mass" and own_mass and main in LEPTONS | set(COMPOSITE):
        # a lepton's own mass is a constant: the mass asked for is that of a pair
        draft = draft.model_copy(update={"pair": True})
        defaults.append(f"mass of {STYLES[_kinds(main)[0]].word[:-1]} pairs")
    needs_object = (
        "mass", "pt", "eta", "phi", "count", "mt", "delta_r", "delta_phi", "delta_eta", "branch",
        "rapidity", "p", "angle", "energy", "acoplanarity", "delta_y",
    )  # fmt: skip
    if draft.max_mass and not draft.pair:
        raise SpecError(
            "The highest-mass choice can be planned for pairs (e.g. 'the dijet pair with the "
            "largest mass'); for single objects, say which one (e.g. 'the leading jet mass').",
            hint="Name a pair, or the leading object.",
        )
    if main is None and draft.quantity in needs_object:
        raise SpecError(
            f"The request asks for a {draft.quantity} but not of which objects.",
            hint="Name them, e.g. 'muon pT' or 'the dijet mass'.",
        )
    wanted: set[str] = set()
    if main:
        wanted.update(_kinds(main))
    if draft.other:
        wanted.update(_kinds(draft.other))
    pair_kind = draft.z_decay or draft.pair_sel
    window = draft.pair_mass_min is not None or draft.pair_mass_max is not None
    if window and pair_kind is None and not (main and draft.pair):
        raise SpecError(
            "The request cuts on a pair mass but names no pair to cut on.",
            hint="Name the pair, e.g. 'events with a muon pair of mass 60-120 GeV'.",
        )
    if pair_kind:
        wanted.update(_kinds(pair_kind))
    if any(v is not None for v in (draft.ht_min, draft.ht_max, draft.mht_min, draft.mht_max)):
        # "now require HT above 300 GeV" after the dimuon mass: the HT cut is on the jets
        # (was: an HT of undefined jets, a validation-error text)
        wanted.add("jet")
    named = set(wanted)
    for kind, req in draft.requirements.items():
        if not req.is_empty():  # any requirement, or select=True, defines the collection
            wanted.update(_kinds(kind))
    jets = draft.requirements.get("jet")
    bjets = draft.requirements.get("bjet", ObjectReq())
    inherited = {
        k: v
        for k, v in (_jet_kinematics(jets) if "bjet" in wanted and jets else {}).items()
        if getattr(bjets, k) is None
    }
    if inherited and jets is not None:
        # "the number of b-tagged jets (DeepJet medium) in ttbar, jets with pT > 25 GeV and
        # |eta| < 2.5": the b-tagged jets are jets, so the jets' cuts are theirs (was: the
        # b-jets took the default pT > 30, |eta| < 2.4, or the jets were asked about)
        said = ", ".join(_JET_KINEMATICS[k](v) for k, v in inherited.items())
        defaults.append(f"b-tagged jets: the jets' cuts apply to them too ({said})")
        rest = jets.model_dump(exclude=set(_JET_KINEMATICS))
        if "jet" not in named and not any(v not in (None, False, []) for v in rest.values()):
            # the jets' words define the b-tagged jets, nothing else (a count, an ID, a field
            # cut of the jets keeps them: "DeepJet medium" read as a jet ID is still asked)
            wanted.discard("jet")

    def req_for(kind: str) -> ObjectReq:
        """Own requirements, falling back to the composite's (lepton pT applies to both), and
        a b-tagged jet's kinematics to the jets' (``inherited``)."""
        own = draft.requirements.get(kind, ObjectReq())  # type: ignore[call-overload]
        merged = own.model_dump()
        for composite, members in COMPOSITE.items():
            if kind in members and composite in draft.requirements:
                for key, value in draft.requirements[composite].model_dump().items():  # type: ignore[index]
                    if merged[key] is None and key not in ("min_count", "max_count"):
                        merged[key] = value
        if kind == "bjet":
            merged.update(inherited)
        return ObjectReq(**merged)

    def req_plotted(kind: str) -> ObjectReq:
        """The plotted isolation is never cut by a default: the default would hide the tail it
        is plotted for (a cut the user states stays)."""
        req = req_for(kind)
        if (
            draft.quantity == "branch"
            and kind in _kinds(draft.object or "")
            and draft.branch in ("pfRelIso04_all", "pfRelIso03_all", "miniPFRelIso_all")
            and req.iso_max is None
            and req.isolated is None
            and not req.waived("iso")
        ):
            defaults.append(
                f"{STYLES[kind].word}: no default isolation cut (it is what is plotted)"
            )
            return req.model_copy(update={"without": [*(req.without or []), "iso"]})
        id_fields = {
            "jet": "jetId", "bjet": "jetId", "fatjet": "jetId", "electron": "cutBased",
            "photon": "cutBased",
        }  # fmt: skip
        plotted_id = draft.branch == id_fields.get(kind) or (
            kind == "muon" and (draft.branch or "").endswith("Id")
        )
        if (
            draft.quantity == "branch"
            and kind in _kinds(draft.object or "")
            and plotted_id
            and req.id is None
            and req.jet_id_min is None
            and not req.waived("id")
        ):  # the plotted ID is never cut by a default ID (the plot would show one value)
            defaults.append(f"{STYLES[kind].word}: no default ID cut (it is what is plotted)")
            return req.model_copy(update={"without": [*(req.without or []), "id"]})
        if (
            draft.quantity == "pt"
            and not draft.pair
            and kind in _kinds(draft.object or "")
            and req.pt_min is None
            and not req.waived("pt")
            and draft.stop is not None
            and draft.stop <= STYLES[kind].pt_min
            and not draft.as_written
        ):  # "the jet pT between 20 and 30 GeV": the default pT cut would empty the plot
            defaults.append(
                f"{STYLES[kind].word}: no default pT cut (the range asked for ends at "
                f"{draft.stop:g} GeV, the default cut is pT > {STYLES[kind].pt_min:g} GeV)"
            )
            return req.model_copy(update={"without": [*(req.without or []), "pt"]})
        pair_kinds = {*_kinds(draft.object or ""), *_kinds(draft.other or "")}
        if (
            draft.quantity in ANGLES
            and kind in ("jet", "bjet")
            and kind in pair_kinds
            and pair_kinds & set(CLEAN_AGAINST)
            and req.clean_dr is None
            and not req.waived("cleaning")
            and not draft.as_written
        ):
            defaults.append(
                f"{STYLES[kind].word}: not cleaned against the leptons and photons (the angle "
                "between them would be cut at DeltaR 0.4)"
            )
            return req.model_copy(update={"without": [*(req.without or []), "cleaning"]})
        return req

    mva_eras: frozenset[str] = frozenset()
    if any(r.mva_id or r.deeptau_vsjet for r in draft.requirements.values()):  # per era
        mva_eras = frozenset(working_points.sample_eras(*_samples(draft, catalog, []), catalog))
    objects: list[ObjectDef] = []
    for kind in ORDER:
        if kind in wanted:
            objects.append(
                _object_def(
                    kind,
                    req_plotted(kind),
                    [o.name for o in objects],
                    defaults,
                    as_written=bool(draft.as_written),
                    available=available,
                    eras=mva_eras,
                )
            )

    combinations: list[Combination] = []
    selection: list[Step] = []
    rank_step: Step | None = None  # "the leading muon": n(muons) >= 1
    if draft.triggers:
        selection.append(Step(name="trigger", triggers=list(draft.triggers)))
    observables: list[Observable] = []
    # light leptons as one collection (electrons and muons, each with its own definition):
    # for a single lepton ("the highest-pT lepton"), a lepton count, or a pair whose legs are
    # excluded from the plotted leptons
    lepton_counts = draft.requirements.get("lepton", ObjectReq())  # type: ignore[call-overload]
    # "the two leading leptons": the highest-pT light leptons whatever their flavours
    leading_leptons = main == "lepton" and bool(draft.pair) and bool(draft.leading_pair)
    merged = (
        (main == "lepton" and (not draft.pair or draft.size in (3, 4) or leading_leptons))
        or (lepton_counts.min_count is not None or lepton_counts.max_count is not None)
        or (draft.system_with is not None and "lepton" in (main, draft.system_with))
    )
    if merged:
        objects.append(ObjectDef(name=MERGED_LEPTONS, merge=["electrons", "muons"]))
        defaults.append("light leptons: electrons and muons together, ordered by pT")

    def names_of(kind: str) -> list[str]:
        if kind == "lepton" and merged:
            return [MERGED_LEPTONS]
        return [STYLES[k].name for k in _kinds(kind)]

    main_names = names_of(main) if main else []
    if (
        main == "lepton"
        and draft.pair
        and draft.size not in (3, 4)
        and not leading_leptons
        and draft.system_with is None
    ):
        main_names = [STYLES[k].name for k in _kinds(main)]  # ee + mumu pairs, one per flavour

    # multiplicity requirements the request states, on every collection
    for kind, req in draft.requirements.items():
        names = names_of(kind)
        if req.min_count == 0 and req.max_count == 0 and len(names) == 1:
            # "exactly 0 b-tagged jets", "no b-jets" as a follow-up: one cutflow row (was: a
            # ">= 0" row that every event passes, then "<= 0")
            selection.append(
                Step(name=f"== 0 {STYLES[kind].word}", count=names[0], op="==", value=0)
            )
            continue
        if req.min_count is not None and len(names) == 1:
            selection.append(
                Step(
                    name=f">= {req.min_count} {STYLES[kind].word}",
                    count=names[0],
                    op=">=",
                    value=req.min_count,
                )  # fmt: skip
            )
        if req.max_count is not None and len(names) == 1:
            selection.append(
                Step(
                    name=f"<= {req.max_count} {STYLES[kind].word}",
                    count=names[0],
                    op="<=",
                    value=req.max_count,
                )  # fmt: skip
            )
    counted = {s.count for s in selection}

    symbol = STYLES[main].symbol if main in STYLES else "\\ell"
    of: str | None = None
    if main and draft.pair and draft.system_with is not None:
        # "the mass of the leading lepton and the leading b jet": one of each, the leading
        other = draft.system_with
        first_name, second_name = main_names[0], names_of(other)[0]
        pair_name = f"{STYLES[main].name}_{STYLES[other].name}".replace("-", "_")
        symbol = f"{STYLES[main].symbol} {STYLES[other].symbol}"  # "\mu j": two tokens
        combinations.append(
            Combination(name=pair_name, inputs=[first_name, second_name], size=2, leading=1)
        )
        defaults.append(
            f"the system of the leading {STYLES[main].word[:-1]} and the leading "
            f"{STYLES[other].word[:-1]} (one of each, the highest pT)"
        )
        selection.append(
            Step(name=f"a {STYLES[main].word[:-1]} and a {STYLES[other].word[:-1]}",
                 count=pair_name, value=1)
        )  # fmt: skip
        of = pair_name
    elif main and draft.pair:
        pair_name, symbol = PAIR_NAMES[main]
        lepton_like = main in ("muon", "electron", "lepton", "emu", "tau")
        size = draft.size or 2
        # three or four objects: any total charge unless one is stated ("neutral")
        charge = draft.charge or ("opposite" if lepton_like and size == 2 else "any")
        if charge != "any" and not lepton_like:
            defaults.append(f"no charge requirement: {STYLES[main].word} carry no charge")
            charge = "any"
        z_of_leading = bool(draft.z_candidate and draft.leading_pair and size == 2)
        if z_of_leading and charge == "any" and lepton_like:
            # "the Z candidate mass from the two leading muons": a Z candidate is neutral
            charge = "opposite"
            defaults.append(
                "the Z candidate: the two leading ones, required to be of opposite charge"
            )
        if draft.charge is None and lepton_like and size == 2:
            defaults.append("pairs: opposite charge")
        elif draft.charge is None and lepton_like and size == 3:
            defaults.append("three objects: any total charge")
        elif draft.charge is None and lepton_like:
            defaults.append("four objects: any total charge (say 'neutral' for total charge 0)")
        if size == 3 and lepton_like:  # "m_{3l}"
            pair_name, symbol = f"tri{pair_name.removeprefix('di')}", f"3{STYLES[main].symbol}"
        elif size == 3:
            pair_name, symbol = f"tri{pair_name.removeprefix('di')}", symbol + symbol[-1]
        elif size == 4:
            pair_name, symbol = f"four{pair_name.removeprefix('di')}", f"4{STYLES[main].symbol}"
        comb = Combination(
            name=pair_name,
            inputs=main_names,
            size=size,
            charge=charge,
            same_flavour=main == "lepton" and size == 2 and not leading_leptons,
        )
        # (the two leading ones the user chose are not re-chosen as the pair closest to the Z)
        target = draft.target_mass or (
            Z_MASS_GEV if draft.z_candidate and not draft.leading_pair else None
        )
        if draft.zz and size == 4 and main in ("muon", "electron", "lepton"):  # H -> ZZ -> 4l
            comb.name = pair_name = "zz"
            comb.pairing, comb.choose, comb.target_mass = "zz", "closest_mass", Z_MASS_GEV
            comb.charge = charge = "opposite"
            defaults[:] = [x for x in defaults if not x.startswith("four objects: any total")]
            defaults.append(f"ZZ pairing (H -> ZZ -> 4l) of all selected {STYLES[main].word}: "
                            + zz_pairing_text(comb))  # fmt: skip
        elif target is not None:
            comb.choose, comb.target_mass = "closest_mass", target
        elif draft.max_pt:  # "the dimuon pair with the highest pT": of every pair
            comb.choose = "highest_pt"
            defaults.append(
                f"the {'pair' if size == 2 else 'candidate'} of highest pT among all "
                f"combinations of the selected {STYLES[main].word}"
            )
        elif draft.min_dr and size == 2:  # "the b-jet pair with the smallest delta R"
            comb.choose = "smallest_dr"
            if comb.same_flavour and len(main_names) == 2:
                raise SpecError(
                    "The pair of smallest DeltaR is chosen among the pairs of one collection "
                    "(or of one object of each of two), not among ee and mumu pairs together.",
                    hint="Name one flavour, e.g. 'the dimuon pair with the smallest delta R'.",
                )
            defaults.append(
                f"the pair of smallest DeltaR between its two objects among all pairs of the "
                f"selected {STYLES[main].word}"
            )
        elif draft.max_mass:  # "the dijet pair with the largest mass": of every pair
            comb.choose = "highest_mass"
            defaults.append(
                f"the {'pair' if size == 2 else 'candidate'} of highest mass among all "
                f"combinations of the selected {STYLES[main].word}"
            )
        elif draft.all_pairs:  # every combination of the selected objects, each filled
            what = {2: "pair", 3: "triplet", 4: "four-object combination"}[size]
            defaults.append(
                f"every {CHARGE_WORDS[charge]}{what} of the selected {STYLES[main].word} "
                "(each filled)"
                + (", any charge (say 'opposite-sign' for opposite charges)"
                   if lepton_like and charge == "any" and size != 4 else "")
            )  # fmt: skip
        elif draft.quantity == "count" and size == 2:
            # "the number of same-sign electron pairs per event": every pair is counted (of
            # the 2 leading objects there is one at most: was a histogram always at 1)
            word = STYLES[main].word if main in STYLES else "electrons and muons"  # e-mu
            defaults.append(
                f"pairs counted: every {CHARGE_WORDS[charge]}pair of the selected "
                f"{word} in the event (0 when there is none)"
            )
        elif len(main_names) == 1:
            comb.leading = size
            what = {2: "pair", 3: "triplet", 4: "four-object system"}[size]
            defaults.append(f"{what}: the {size} leading {STYLES[main].word}")
        else:
            comb.choose = "highest_pt"
            defaults.append("pair: the one with the highest pT per event")
            if comb.same_flavour:  # "the e+e- and mu+mu- pairs": both flavours, one histogram
                defaults.append(
                    "pairs: same flavour (ee or mumu), both flavours in one histogram (say "
                    "'compare the ee and mumu pairs' for one histogram each)"
                )
        combinations.append(comb)
        counts_pairs = draft.quantity == "count" and size == 2  # of every event, 0 included
        if len(main_names) == 1 and main_names[0] not in counted and not counts_pairs:
            word = STYLES[main].word
            selection.append(
                Step(name=f">= {size} {word}", count=main_names[0], op=">=", value=size)
            )
        charge_word = "neutral " if size == 4 and charge == "opposite" else CHARGE_WORDS[charge]
        kind_word = "pair" if size == 2 else "candidate"
        if not counts_pairs:
            selection.append(
                Step(name=f"{charge_word}{pair_name} {kind_word}", count=pair_name, value=1)
            )
        of = pair_name
    elif main:
        of = main_names[0]
        need = (draft.index or 0) + 1
        if draft.quantity in ANGLES and not (draft.other or draft.with_met):
            need = 2
        if draft.system and draft.other_index is not None:  # "the leading and third jets"
            need = max(draft.index or 0, draft.other_index) + 1
        needs_step = (
            draft.quantity == "mt" or draft.index is not None or need > 1 or bool(draft.with_met)
        )
        if needs_step and of not in counted:
            word = STYLES[main].word
            rank_step = Step(name=f">= {need} {word}", count=of, op=">=", value=need)
            selection.append(rank_step)

    if template is not None:
        _add_z_candidate(template, draft, objects, combinations, selection, observables)
    selected_pair = None
    if pair_kind:
        selected_pair = _add_pair_selection(
            draft, pair_kind, names_of(pair_kind), combinations, selection, observables, defaults
        )
    elif window and of is not None:  # "dimuon mass above 50 GeV": a cut on the plotted pair
        mass = f"m_{of}_cut"
        observables.append(Observable(name=mass, kind="field", of=of, field="mass", index=0))
        for bound, op in ((draft.pair_mass_min, ">"), (draft.pair_mass_max, "<")):
            if bound is not None:
                selection.append(
                    Step(name=f"m({of}) {op} {bound:g} GeV", observable=mass, op=op, value=bound)
                )
    for kind, req in draft.requirements.items():
        if req.lead_pt_min is not None and len(_kinds(kind)) == 1:
            name = STYLES[kind].name
            lead = f"lead_{name}_pt"
            observables.append(Observable(name=lead, kind="field", of=name, field="pt", index=0))
            if name not in counted and f">= 1 {STYLES[kind].word}" not in {
                step.name for step in selection
            }:
                selection.append(Step(name=f">= 1 {STYLES[kind].word}", count=name, value=1))
            selection.append(
                Step(
                    name=f"leading {STYLES[kind].word[:-1]} pT > {req.lead_pt_min:g} GeV",
                    observable=lead,
                    op=">",
                    value=req.lead_pt_min,
                )  # fmt: skip
            )

    met = draft.met_source or ("PuppiMET" if draft.puppi_met else "MET")
    uses_met = (
        draft.quantity in ("met", "met_phi", "mt")
        or "met" in (draft.also or [])
        or draft.with_met
        or draft.met_min is not None
        or draft.met_max is not None
    )
    if uses_met and draft.met_source:  # as written: no MET correction applies to it
        defaults.append(f"MET: NanoAOD's {MET_WORDS[draft.met_source]}, as stored in the files")
    elif uses_met and not draft.puppi_met:
        defaults.append(
            "MET: the type-1 corrected PF MET of NanoAOD (say 'PUPPI MET' for PuppiMET)"
        )
    if draft.met_min is not None or draft.met_max is not None:
        observables.append(Observable(name="met_pt", kind="met", field="pt", met=met))
    if draft.met_min is not None:
        selection.append(
            Step(
                name=f"{met} > {draft.met_min:g} GeV",  # "CaloMET > 50 GeV": which MET
                observable="met_pt",
                op=">",
                value=draft.met_min,
            )  # fmt: skip
        )
    if draft.met_max is not None:
        selection.append(
            Step(name=f"{met} < {draft.met_max:g} GeV", observable="met_pt", op="<",
                 value=draft.met_max)
        )  # fmt: skip

    if draft.met_sig_min is not None or draft.met_sig_max is not None:  # "MET significance > 10"
        observables.append(Observable(name="met_sig_cut", kind="met", field="significance"))
        for bound, op in ((draft.met_sig_min, ">"), (draft.met_sig_max, "<")):
            if bound is not None:
                selection.append(
                    Step(name=f"MET significance {op} {bound:g}", observable="met_sig_cut",
                         op=op, value=bound)
                )  # fmt: skip
    if (draft.quantity == "met_significance" or draft.met_sig_min or draft.met_sig_max) and (
        draft.puppi_met or draft.met_source
    ):
        other = draft.met_source or "PUPPI MET"
        raise SpecError(
            "NanoAOD stores the MET significance of the PF MET only (MET_significance), not "
            f"of the {other}.",
            hint=f"Leave out '{other}', or ask for the {other} itself.",
        )

    jets = STYLES["jet"].name
    for kind, low, high in (  # "HT > 300 GeV", "MHT > 200 GeV": event cuts on the jets
        ("ht", draft.ht_min, draft.ht_max),
        ("mht", draft.mht_min, draft.mht_max),
    ):
        if low is None and high is None:
            continue
        observables.append(Observable(name=f"{kind}_{jets}_cut", kind=kind, of=jets))
        for bound, op in ((low, ">"), (high, "<")):
            if bound is not None:
                selection.append(
                    Step(name=f"{kind.upper()} {op} {bound:g} GeV",
                         observable=f"{kind}_{jets}_cut", op=op, value=bound)
                )  # fmt: skip

    histograms: list[Histogram] = []
    of_every_event: list[Histogram] = []  # a count or HT beside a ranked object's plot
    unmoved: list[tuple[Histogram, Observable]] = []  # default ranges: checked at the end
    first = draft
    # ("only the MET" after "the leading muon pT and the MET": the MET once, not twice)
    extras = [extra for extra in draft.also or [] if extra != draft.quantity]
    for d in [draft, *(_also(draft, extra) for extra in extras)]:
        q = d.quantity
        index = None if d.pair else d.index
        if reductions.is_reduction(d):  # "the maximum jet |eta|", "the mass of all jets"
            if of is None or d.pair or main not in STYLES:
                raise SpecError(
                    "A per-event maximum, minimum, mean or system is taken over one selected "
                    "collection (jets, muons, ...).",
                    hint="e.g. 'the maximum |eta| of the jets in each event'.",
                )
            obs = reductions.observable(d, of, STYLES[main].word, defaults)
        elif q == "met":
            obs = Observable(name="met_pt", kind="met", field="pt", met=met)
        elif q == "met_phi":
            obs = Observable(name="met_phi", kind="met", field="phi", met=met)
        elif q == "met_significance":  # NanoAOD MET_significance (of the PF MET)
            obs = Observable(name="met_significance", kind="met", field="significance")
        elif q == "npv" and d.npv_good:  # PV_npvsGood
            obs = Observable(name="npv_good", kind="npv", field="npvsGood")
        elif q == "npv":
            obs = Observable(name="npv", kind="npv")
        elif q == "pv_z":
            obs = Observable(name="pv_z", kind="pv", field="z")
        elif q == "count":
            # "the number of leptons not in the pair": the pair's legs are not counted
            exclude = selected_pair if d.not_in_pair and not d.pair else None
            # "the dimuon mass and the number of muons": the muons, not the pairs
            counted = main_names[0] if draft.pair and not d.pair and len(main_names) == 1 else of
            if draft.pair and not d.pair and len(main_names) == 2 and main == "lepton":
                # "the dilepton mass and the number of leptons": the light leptons, not the
                # pairs (was: the number of dilepton pairs)
                if MERGED_LEPTONS not in {o.name for o in objects}:
                    objects.append(ObjectDef(name=MERGED_LEPTONS, merge=["electrons", "muons"]))
                counted = MERGED_LEPTONS
            plotted_comb = next((c for c in combinations if c.name == counted), None)
            if d.pair and plotted_comb is not None and plotted_comb.leading == 2:
                # "the dimuon mass and the number of dimuon candidates": every pair counted
                # (of the 2 leading muons there is one at most: was always 1)
                every = plotted_comb.model_copy(
                    update={"name": f"{counted}_all", "leading": None, "choose": "all"}
                )
                if every.name not in {c.name for c in combinations}:
                    combinations.append(every)
                counted = every.name
                defaults.append(
                    f"number of pairs: every {CHARGE_WORDS[every.charge]}pair of the selected "
                    "objects in the event (the plotted pair is of the leading ones)"
                )
            obs = Observable(
                name=f"n_{counted}" + (f"_not_{exclude}" if exclude else ""),
                kind="count",
                of=counted,
                exclude=exclude,
            )
        elif q == "ht":
            summed = of
            if of not in {o.name for o in objects} and len(main_names) == 1:
                summed = main_names[0]  # "also plot HT" beside the dijet mass: of the jets
            obs = Observable(name=f"ht_{summed}", kind="ht", of=summed)
            # an event without any: the sum of nothing, filled at 0 (never skipped silently)
            defaults.append(f"HT: 0 in an event without any selected {summed} (filled at 0)")
            if summed not in ("jets", "bjets"):  # "the HT for electrons ...": said, not silent
                defaults.append(
                    f"HT: the scalar pT sum of the selected {summed} (HT usually sums jets: say "
                    "'the jet HT' for that)"
                )
        elif q == "mht":  # "missing HT": the vector sum (HT is the scalar one)
            obs = Observable(name=f"mht_{of}", kind="mht", of=of)
            defaults.append(
                f"MHT: the magnitude of the vector pT sum of the selected {of} (0 in an event "
                "without any; HT is the scalar sum)"
            )
        elif q == "mt":
            exclude = selected_pair if d.not_in_pair else None
            obs = Observable(
                name=f"mt_{of}" + (f"_not_{exclude}" if exclude else ""), kind="mt", of=of,
                met=met, index=d.index, exclude=exclude,
            )  # fmt: skip
        elif q == "delta_phi" and d.with_met and reductions.met_angle(d):
            # "the minimum delta phi between the MET and the 4 leading jets"
            if d.per_event not in ("min", "max") or d.index is not None or d.pair:
                raise SpecError(
                    "The smallest or largest |delta phi| to the MET is taken over the objects "
                    "of one collection (e.g. the 4 leading jets).",
                    hint="e.g. 'the minimum delta phi between the MET and the 4 leading jets'.",
                )
            n = d.first_n
            obs = Observable(
                name=f"{d.per_event}dphi_{of}{n or ''}_met", kind=q, of=of, other=MET_NAME,
                met=met, reduce=d.per_event, first=n,
            )  # fmt: skip
            over = f"up to the {n} leading {of}" if n else f"every selected {of.removesuffix('s')}"
            defaults.append(
                f"{d.per_event} |delta phi| to the MET: over {over}"
                + (" (fewer: those there are; none: no entry)" if n else " (none: no entry)")
            )
        elif q == "delta_phi" and d.with_met:  # "delta phi between the leading jet and MET"
            obs = Observable(name=f"dphi_{of}_met", kind=q, of=of, other=MET_NAME, met=met,
                             index=d.index)  # fmt: skip
            if d.index is None:  # "DeltaPhi(lepton, MET)": which one was not said
                defaults.append(
                    f"delta phi to the MET: of the leading {of.removesuffix('s')} (one per event)"
                )
        elif q in ANGLES:
            other = STYLES[_kinds(d.other)[0]].name if d.other else None
            short = {"delta_r": "dr", "delta_phi": "dphi", "delta_eta": "deta", "angle": "angle",
                     "acoplanarity": "acop", "delta_y": "drap"}[q]  # fmt: skip
            # |y_1 - y_2|: the spec's delta_eta of the rapidity (field "rapidity")
            kind = "delta_eta" if q == "delta_y" else q
            if q == "delta_eta":
                defaults.append("delta eta: the absolute difference |eta_1 - eta_2|")
            if q == "delta_y":
                defaults.append(
                    "delta y: the absolute difference of the rapidities |y_1 - y_2|, y = 0.5 "
                    "ln((E+pz)/(E-pz)) (say 'delta eta' for the pseudorapidity)"
                )
                if d.nearest:
                    raise SpecError(
                        "I cannot plan the rapidity difference to the nearest object yet.",
                        hint="Ask for the delta R or |delta eta| to the nearest one, or the "
                        "rapidity difference of two ranked objects.",
                    )
            if q == "acoplanarity":
                defaults.append("acoplanarity: 1 - |DeltaPhi|/pi of the two objects (0 to 1)")
            if q == "angle":
                defaults.append(
                    "opening angle: the 3D angle between the two momenta, in radians (0 to pi)"
                )
            legs = of
            if d.pair and not other and main_names and len(main_names) == 1:
                # "the dijet mass and angular separation": between the two leading jets, not
                # between the two leading dijet candidates
                legs = main_names[0]
                if not any(
                    st.count == legs and st.op == ">=" and (st.value or 0) >= 2 for st in selection
                ):
                    name = f">= 2 {legs} (DeltaR)"
                    selection.append(Step(name=name, count=legs, op=">=", value=2))
                defaults.append(f"{q.replace('_', ' ')}: between the two leading {legs}")
            nearest = bool(d.nearest) and other is not None and q not in ("angle", "acoplanarity")
            if nearest:  # "DeltaR between the muon and the nearest jet": the minimum over jets
                index = d.index
                prefix = {None: "", 0: "lead_"}.get(index, f"n{index}_")
                every = {None: "each", 0: "the leading"}.get(index, f"the #{(index or 0) + 1}")
                word = {"delta_r": "DeltaR", "delta_phi": "|DeltaPhi|", "delta_eta": "|DeltaEta|"}
                defaults.append(
                    f"{word[q]} to the nearest of the {other}: the smallest over all selected "
                    f"{other}, for {every} of the {legs}"
                    + (
                        " (one entry each; say 'leading' for one per event)"
                        if index is None
                        else ""
                    )
                    + f"; no entry without {other}"
                )
                obs = Observable(name=f"{prefix}{short}_{legs}_nearest_{other}", kind=kind, of=legs,
                                 other=other, index=index, nearest=True)  # fmt: skip
            elif legs == of and (d.index or d.other_index):
                # "DeltaR between the second and third jets", "between the second muon and the
                # leading jet": the objects the request ranks
                leg1, leg2 = d.index or 0, d.other_index
                if leg2 is None and not other:  # "the delta R of the second jet": and which?
                    raise SpecError(
                        f"The {q.replace('_', ' ')} between the {_RANK_WORDS.get(leg1, 'ranked')} "
                        f"{legs.removesuffix('s')} and which other object? For example 'between "
                        f"the second and third {legs}' or 'between the second {legs[:-1]} and "
                        "the MET'."
                    )
                if leg2 is None:
                    leg2 = 0
                obs = Observable(
                    name=f"{short}_{legs}{leg1}" + (f"_{other}" if other else f"_{legs}")
                    + f"{leg2}",
                    kind=kind, of=legs, other=other, index=leg1, other_index=leg2,
                )  # fmt: skip
                defaults.append(
                    f"{q.replace('_', ' ')}: between {legs}[{leg1}] and "
                    f"{other or legs}[{leg2}] (0 = the leading)"
                )
                if other and leg2 and other not in counted:
                    need = leg2 + 1
                    step = Step(name=f">= {need} {other}", count=other, op=">=", value=need)
                    selection.append(step)
                    counted.add(other)
                if not other:  # both legs of one collection: as many of it as the higher rank
                    need = max(leg1, leg2) + 1
                    for i, st in enumerate(selection):
                        if st.count == legs and st.op == ">=" and (st.value or 0) < need:
                            selection[i] = st.model_copy(
                                update={"name": f">= {need} {legs}", "value": need}
                            )
                    if not any(st.count == legs and st.op == ">=" for st in selection):
                        selection.append(
                            Step(name=f">= {need} {legs}", count=legs, op=">=", value=need)
                        )
            else:
                obs = Observable(name=f"{short}_{legs}" + (f"_{other}" if other else ""), kind=kind,
                                 of=legs, other=other)  # fmt: skip
                if other and other != legs:  # "DeltaR(mu, j)": which muon, which jet
                    defaults.append(
                        f"{q.replace('_', ' ')}: between the leading {legs.removesuffix('s')} and "
                        f"the leading {other.removesuffix('s')} (say 'the nearest "
                        f"{other.removesuffix('s')}' for the closest one)"
                    )
            if other and other not in counted:
                selection.append(Step(name=f">= 1 {other}", count=other, op=">=", value=1))
            if q == "delta_y":
                obs = obs.model_copy(update={"field": "rapidity"})
        else:
            prefix = {None: "", 0: "lead_", 1: "sublead_"}.get(index, f"n{index}_")
            field_name = d.branch if q == "branch" else q
            reduce = d.reduce if q == "branch" and d.pair else None
            name = f"{reduce or prefix}{'_' if reduce else ''}{of}_{field_name}".lower()
            absolute = bool(d.absolute) and q in ("eta", "rapidity")
            if d.zz and d.z_part and of == "zz":  # "mZ1": the Z1 pair of the ZZ candidate
                name = f"{of}_{d.z_part}_{field_name}"
            # "the pT of the highest-pT lepton not in this pair": the pair's legs removed first
            exclude = selected_pair if d.not_in_pair and not d.pair and not reduce else None
            if exclude:
                name = f"{name}_not_{exclude}"
            obs = Observable(
                name=f"abs_{name}" if absolute else name, kind="field", of=of,
                field=field_name, index=index, reduce=reduce, abs=absolute,
                pair=d.z_part if d.zz and of == "zz" else None, exclude=exclude,
            )  # fmt: skip
            per_object = index is None and not d.pair and main in STYLES
            said = (
                f"histogram: one entry per selected {STYLES[main].word[:-1]}" if per_object else ""
            )
            if per_object and not any(x.startswith(said) for x in defaults):
                # "the muon pT": every muon; "the leading muon pT" is one per event
                defaults.append(f"{said} (say 'leading' for one per event)")
        if q == "energy":  # never the transverse energy, never silently
            defaults.append(
                "energy: E = sqrt(|p|^2 + m^2), |p| = pT cosh(eta), from the NanoAOD pT, eta and "
                "mass (say 'pT' for the transverse momentum)"
            )
        if q == "branch" and d.branch == "em_fraction":
            defaults.append(
                "EM fraction: the jet's electromagnetic energy fraction chEmEF + neEmEF "
                "(charged + neutral; say 'chEmEF' or 'neEmEF' for one of them)"
            )
        if q == "branch" and d.branch == "pt_raw":
            defaults.append(
                "raw jet pT: pT (1 - rawFactor), the NanoAOD jet pT before the jet energy "
                "corrections of the production (say 'jet pT' for the corrected one)"
            )
        if q == "branch" and d.branch == "transverse_energy":  # never the pT, never silently
            defaults.append(
                "transverse energy: E_T = E/cosh(eta) = E pT/|p|, E = sqrt(|p|^2 + m^2), from the "
                "NanoAOD pT, eta and mass (say 'pT' for the transverse momentum)"
            )
        if q == "rapidity" and not d.pair and obs.kind in ("field", "reduce"):  # never eta
            defaults.append(
                "rapidity: y = 0.5 ln((E+pz)/(E-pz)) of each object, from the NanoAOD pT, eta "
                "and mass (say 'eta' for the pseudorapidity)"
            )
        if d.not_in_pair and selected_pair and obs.exclude is None and obs.of != selected_pair:
            raise SpecError(  # never drop "not in the pair" silently
                f"I cannot yet compute this {q.replace('_', ' ')} for only the objects outside the "
                "chosen pair.",
                hint="The pT, eta, phi, number or mT of the leptons not in the pair can be "
                "planned, e.g. 'the mT of the MET and the highest-pT lepton not in the pair'.",
            )
        if obs.name not in {o.name for o in observables}:
            observables.append(obs)

        label, unit, bins, start, stop = _axis(d, symbol, main)
        if obs.pair and q == "mass":  # Z1 / Z2 of H -> ZZ -> 4l (Z2 mostly off shell)
            label, bins, start, stop = rf"$m_{{Z_{obs.pair[1]}}}$", 60, 0.0, 120.0
        elif obs.pair:
            label = f"{obs.pair.upper()} {label}"
        ranked = d.system and d.other_index is not None  # m_{j1 j3}: the ranks are in it
        ranked_q = q in ("pt", "eta", "phi", "rapidity", "p", "energy", "branch")
        if index is not None and ranked_q and not ranked:
            label = {0: "Leading ", 1: "Subleading "}.get(index, f"#{index + 1} ") + label
        if obs.abs:  # |eta|, |y|: from 0
            label, start, bins = f"|{label}|", 0.0, max(1, round(bins * stop / (stop - start)))
        if reductions.is_reduction(d):  # "Maximum |eta|", "System mass", "H_T (2 leading)"
            label, bins, start, stop = reductions.axis(d, label, bins, start, stop, symbol)
        explicit_range = d.start is not None and d.stop is not None
        start, stop, bins = _stated_range(d, q, bins, start, stop, defaults)
        unit_text = f" {unit}" if unit else ""
        on_plotted_pair = window and pair_kind is None and q == "mass" and d is first
        if on_plotted_pair and not explicit_range and d.start is None:
            lo, hi = d.pair_mass_min, d.pair_mass_max
            if lo is not None and not start < lo < stop:
                start, stop = lo, max(stop, 2 * lo)
                defaults.append(f"range follows the mass cut: {start:g} to {stop:g}{unit_text}")
            if hi is not None and not start < hi <= stop:
                if hi <= start:  # "the dimuon mass below 50 GeV" (was: an empty range, 60-50)
                    start = lo if lo is not None and lo < hi else 0.0
                stop = hi
                defaults.append(f"range follows the mass cut: {start:g} to {stop:g}{unit_text}")
        if d.start is None and d.stop is None and not d.edges:
            moved = _range_inside_cuts(
                obs, (start, stop), selection, observables, objects, combinations, unit_text,
                defaults,
            )  # fmt: skip
            if moved != (start, stop) and obs.kind == "count" and d.bins is None:
                bins = max(1, round(moved[1] - moved[0]))  # one bin per integer
            start, stop = moved
        if d.x_label and d is first:  # the user's own axis label, as written
            label = d.x_label
        hist = _histogram(d, q, obs.name, label, unit, (bins, start, stop), defaults)
        if d is not first and q in ("count", "ht", "mht") and first.index is not None:
            of_every_event.append(hist)  # "the leading muon pT and the number of muons"
        histograms.append(hist)
        if d.start is None and d.stop is None and not d.edges and d.bin_width is None:
            unmoved.append((hist, obs))
    for hist, obs in unmoved:
        # the cuts added with the plots ("the leading b-jet pT for events with leading b-jet
        # pT > 400"): the range follows them too
        _move_into_cuts(hist, obs, selection, observables, objects, combinations, defaults)
    draft = first
    if draft.also_before and len(histograms) > draft.also_before:  # the order written
        k = draft.also_before
        histograms = [*histograms[1 : k + 1], histograms[0], *histograms[k + 1 :]]

    samples, era = _samples(draft, catalog, defaults)
    lumi = draft.lumi_pb
    resolved = [catalog[n] for n in samples] if samples != "auto" else []
    mc_only = not any(s.is_data for s in resolved) if resolved else not catalog.data(era)
    data_only = bool(resolved) and all(s.is_data for s in resolved)
    if draft.mc_to_data and (mc_only or data_only):
        which = ", ".join(samples) if samples != "auto" else f"no {era} data in the catalog"
        raise SpecError(
            "The simulation scaled to the data yield needs both data and simulation, and "
            f"this plot has {'no data' if mc_only else 'no simulation'} ({which}).",
            hint="Name a data sample and a simulated one, or say 'not normalised'.",
        )
    mc_era = resolved[0].era if resolved else era
    if lumi is None and mc_only and not catalog.data(mc_era):
        lumi = DEFAULT_MC_LUMI_PB
        defaults.append(
            f"MC normalised to {lumi / 1000:g} fb^-1 (no {mc_era} data in the "
            "catalog to take the luminosity from)"
        )

    if rank_step is not None and of_every_event:
        # the count (or HT) beside a ranked object's plot is of every event, not only of those
        # that have the ranked one (was: the n >= 1 step of "the leading muon" applied to the
        # number of muons too, its 0 bin empty; the order the plots were named decided it)
        for hist in of_every_event:
            hist.steps = [s.name for s in selection if s is not rank_step]
        defaults.append(
            f"{', '.join(h.name for h in of_every_event)}: filled in every event that passes the "
            f"other steps (the '{rank_step.name}' step is for the ranked object's plot only)"
        )
    title = _title(draft, symbol, label, samples, catalog)
    if draft.plot_title:  # the user's own title, as written
        title = draft.plot_title
    elif template is not None:
        channel = CHANNEL_WORDS[draft.channel or "lepton"]
        title = f"{template.title.format(channel=channel)}: {title[0].lower()}{title[1:]}"
    spec = parse_spec(
        {
            "title": title,
            "samples": samples,
            "era": era,
            "lumi_pb": lumi,
            "objects": [o.model_dump() for o in objects],
            "combinations": [c.model_dump() for c in combinations],
            "selection": [s.model_dump() for s in selection],
            "observables": [o.model_dump() for o in observables],
            "histograms": [h.model_dump() for h in histograms],
            "corrections": list(draft.corrections or []),
        }
    )
    return Built(spec=spec, defaults=defaults)


def _gen_makers(
    particle: objects_registry.GenParticle, draft: Draft, catalog: Catalog, era: str
) -> list[Sample]:
    """The simulated samples whose process makes ``particle`` (top quarks: ttbar, not
    Drell-Yan), of the era if one was said, else of the one era that has them; asked when
    none, or several eras, have them (an empty histogram is no answer)."""
    makers = [s for s in catalog.mc(draft.era) if particle.made_in(s.process)]
    eras = sorted({s.era for s in makers})
    if draft.era is None and era in eras:
        eras = [era]
    if len(eras) == 1:
        return [s for s in makers if s.era == eras[0]]
    simulated = ", ".join(f"{s.name} ({s.process})" for s in catalog.mc()) or "none"
    if not eras:
        raise SpecError(
            f"No simulated sample{' of ' + draft.era if draft.era else ''} holds generator-level "
            f"{particle.word} (simulated samples: {simulated}).",
            hint="Name the sample to look in (e.g. 'in the ttbar sample'), or add one "
            "(`chathep data generate`, `chathep datasets add`).",
        )
    raise SpecError(
        f"Generator-level {particle.word} are in simulated samples of several eras "
        f"({', '.join(eras)}): which one?",
        hint=f"Say e.g. 'in {eras[0]} simulation'.",
    )


def _gen_build(draft: Draft, catalog: Catalog, defaults: list[str]) -> Built:
    """A quantity of generator-level particles of one kind (GenPart by |pdgId|, the last copy
    of each): on simulated samples only (data have no generator record)."""
    particle = objects_registry.GEN_PARTICLES[draft.gen_particle or ""]
    q = draft.quantity
    if q not in ("mass", "pt", "eta", "phi", "count") or draft.pair or draft.other:
        raise SpecError(
            f"For generator-level {particle.word} I can plot the mass, pT, eta, phi or the "
            f"number per event, not the {q}{' of pairs' if draft.pair else ''}.",
            hint=f"e.g. 'the generator-level {particle.word.rstrip('s')} pT'.",
        )
    touched = [k for k, r in draft.requirements.items() if not r.is_empty()]
    if draft.data_mc or touched or draft.z_decay or draft.pair_sel or draft.triggers:
        what = "a data/MC comparison" if draft.data_mc else "a selection of other objects"
        raise SpecError(
            f"Generator-level particles exist in simulation only: {what} with them cannot be "
            "planned.",
            hint=f"Ask for the generator-level {particle.word} alone (simulated samples).",
        )
    names, era = _samples(draft, catalog, [])
    chosen = catalog.mc(era) if names == "auto" else [catalog[n] for n in names]
    if names == "auto" and particle.made_by is not None:
        chosen = _gen_makers(particle, draft, catalog, era)
    elif (
        chosen  # none, or data: asked below
        and not any(s.is_data for s in chosen)
        and not any(particle.made_in(s.process) for s in chosen)
    ):  # "the generator-level top pT in the DY sample": an empty histogram is no answer
        raise SpecError(
            f"{' and '.join(f'{s.name} ({s.process})' for s in chosen)} hold"
            f"{'s' if len(chosen) == 1 else ''} no generator-level {particle.word}.",
            hint="Name a sample whose process makes them (e.g. 'in the ttbar sample' for top "
            "quarks).",
        )
    data = [s.name for s in chosen if s.is_data]
    if data:
        raise SpecError(
            f"Generator-level particles exist in simulation only; {', '.join(data)} "
            f"{'is' if len(data) == 1 else 'are'} data.",
            hint="Name simulated samples, or leave the samples out (all simulated ones).",
        )
    if not chosen:
        raise SpecError(f"No simulated samples of era {era}.", hint="Name an era with MC.")
    samples = [s.name for s in chosen]
    which = "the simulated samples only"
    if names == "auto" and particle.made_by is not None:
        which = f"the simulated samples only, those whose process holds {particle.word}"
    defaults.append(
        f"samples: {which} ({', '.join(samples)}): data have no generator-level particles"
    )
    name = f"gen_{particle.name}"
    obj = ObjectDef(
        name=name,
        source="GenPart",
        cuts=[
            Cut(field="pdgId", op="==", value=particle.pdg_id, abs=True),
            Cut(field="statusFlags", op="==", value=True, bit=objects_registry.GEN_LAST_COPY_BIT),
        ],
    )
    defaults.append(
        f"generator-level {particle.word}: GenPart with |pdgId| = {particle.pdg_id}, the last "
        f"copy of each (statusFlags bit {objects_registry.GEN_LAST_COPY_BIT}, isLastCopy), "
        "particles and antiparticles"
    )
    selection: list[Step] = []
    if q == "count":
        obs = Observable(name=f"n_{name}", kind="count", of=name)
    else:
        index = draft.index
        if index is not None:
            selection.append(Step(name=f">= {index + 1} {name}", count=name, value=index + 1))
            defaults.append(
                "leading: by pT (the generator record is not ordered by pT; sorted first)"
            )
        else:
            defaults.append(
                f"histogram: one entry per generator-level {particle.word.rstrip('s')}"
                " (say 'leading' for one per event)"
            )
        prefix = {None: "", 0: "lead_"}.get(index, f"n{index}_")
        obs = Observable(name=f"{prefix}{name}_{q}", kind="field", of=name, field=q, index=index)
    sym = particle.symbol
    label, unit, bins, start, stop = {
        "mass": (rf"$m_{{{sym}}}$ (generator level)", "GeV", 50, *particle.mass_range),
        "pt": (rf"$p_{{T}}^{{{sym}}}$ (generator level)", "GeV", 50, 0.0, 250.0),
        "eta": (rf"$\eta_{{{sym}}}$ (generator level)", "", 50, -5.0, 5.0),
        "phi": (rf"$\phi_{{{sym}}}$ (generator level)", "", 32, -3.2, 3.2),
        "count": (f"Number of generator-level {particle.word}", "", 6, -0.5, 5.5),
    }[q]
    hist = _stated_binning(draft, obs.name, label, unit, (bins, start, stop), defaults)
    words = {"mass": "mass", "pt": "pT", "eta": "eta", "phi": "phi", "count": "multiplicity"}
    title = f"Generator-level {particle.word.rstrip('s') if q != 'count' else particle.word} "
    title += f"{words[q]}, " + " + ".join(s.process for s in chosen)
    lumi = draft.lumi_pb
    if lumi is None and not catalog.data(chosen[0].era):
        lumi = DEFAULT_MC_LUMI_PB
        defaults.append(
            f"MC normalised to {lumi / 1000:g} fb^-1 (no {chosen[0].era} data in the catalog to "
            "take the luminosity from)"
        )
    spec = AnalysisSpec(
        title=draft.plot_title or title, samples=samples, era=era, lumi_pb=lumi, objects=[obj],
        selection=selection, observables=[obs], histograms=[hist],
    )  # fmt: skip
    return Built(spec, defaults)


def _sv_build(draft: Draft, catalog: Catalog, defaults: list[str]) -> Built:
    """The number of secondary vertices (NanoAOD SV), or one of their fields, every vertex
    (no cuts), in all events of the samples."""
    q = draft.quantity
    field_name = draft.branch if q == "branch" else q
    touched = [k for k, r in draft.requirements.items() if not r.is_empty()]
    others = touched or draft.object or draft.other or draft.z_decay or draft.pair_sel
    if others or draft.triggers or draft.also or draft.met_min is not None or draft.pair:
        raise SpecError(
            "Secondary vertices can be planned alone yet: their number or one field, every "
            "vertex, in all events; not with a selection of other objects or other plots.",
            hint="Ask e.g. 'the number of secondary vertices' or 'SV_dxy' on its own.",
        )
    if q != "count" and field_name not in objects_registry.SV_FIELDS:
        known = ", ".join(objects_registry.SV_FIELDS)
        raise SpecError(
            f"I can plot the number of secondary vertices or their {known}, not the {field_name}.",
            hint="Name one of them, e.g. 'SV_dxy' or 'the SV mass'.",
        )
    name = "svs"
    obj = ObjectDef(name=name, source="SV")
    defaults.append("secondary vertices: every vertex of the SV collection, no cuts")
    selection: list[Step] = []
    if q == "count":
        obs = Observable(name="n_svs", kind="count", of=name)
        label, unit, bins, start, stop = "Number of secondary vertices", "", 10, -0.5, 9.5
        what = "Number of secondary vertices"
    else:
        if draft.index is not None:
            raise SpecError(
                "NanoAOD's SV collection is not ordered by pT: which secondary vertex is meant?",
                hint="Ask for the quantity of every secondary vertex (one entry each).",
            )
        defaults.append("histogram: one entry per secondary vertex")
        obs = Observable(name=f"sv_{field_name}".lower(), kind="field", of=name, field=field_name)
        label, unit, bins, start, stop = objects_registry.SV_FIELDS[field_name or ""]
        what = label[0].upper() + label[1:].replace("$", "").replace("_{T}", "T")
        label = label[0].upper() + label[1:]
    hist = _stated_binning(draft, obs.name, label, unit, (bins, start, stop), defaults)
    samples, era = _samples(draft, catalog, defaults)
    resolved = [catalog[n] for n in samples] if samples != "auto" else []
    lumi = draft.lumi_pb
    mc_era = resolved[0].era if resolved else era
    if lumi is None and not any(s.is_data for s in resolved) and not catalog.data(mc_era):
        lumi = DEFAULT_MC_LUMI_PB
        defaults.append(
            f"MC normalised to {lumi / 1000:g} fb^-1 (no {mc_era} data in the catalog to take "
            "the luminosity from)"
        )
    title = draft.plot_title or _title(draft, "", what, samples, catalog).replace(
        _title(draft, "", what, samples, catalog).split(",")[0], what, 1
    )
    spec = AnalysisSpec(
        title=title, samples=samples, era=era, lumi_pb=lumi, objects=[obj],
        selection=selection, observables=[obs], histograms=[hist],
    )  # fmt: skip
    return Built(spec, defaults)


def _also(draft: Draft, quantity: str) -> Draft:
    """The draft of one more histogram of the same objects ("the pT and eta of ...")."""
    update = {"quantity": quantity, "start": None, "stop": None, "bin_width": None,
              "edges": None, "also": None, "per_event": None, "first_n": None,
              "system": None}  # fmt: skip
    if quantity == "count" and draft.also_count_objects:
        update["pair"] = None  # "the dimuon mass and the number of muons": of the muons
    return draft.model_copy(update=update)


def _title(draft: Draft, symbol: str, label: str, samples: list[str] | str, cat: Catalog) -> str:
    words = {
        "mass": "mass",
        "pt": "pT",
        "eta": "eta",
        "rapidity": "rapidity",
        "p": "|p|",
        "energy": "energy",
        "phi": "phi",
        "count": "multiplicity",
        "ht": "HT",
        "mht": "MHT",
        "met": "missing transverse momentum",
        "met_phi": "missing transverse momentum phi",
        "met_significance": "MET significance",
        "npv": "number of primary vertices",
        "pv_z": "primary-vertex z position",
        "mt": "transverse mass",
        "delta_r": "DeltaR",
        "delta_phi": "DeltaPhi",
        "delta_eta": "|DeltaEta|",
        "delta_y": "|DeltaY|",
        "angle": "3D opening angle",
        "acoplanarity": "acoplanarity",
        # (a derived field by its symbol: "Leading jet E_T", not "... transverse_energy")
        "branch": {"transverse_energy": "E_T"}.get(draft.branch or "", draft.branch or ""),
    }
    q = words[draft.quantity or "mass"]
    if draft.absolute and draft.quantity in ("eta", "rapidity"):
        q = f"|{q}|"
    if draft.quantity == "met":
        what = "Missing transverse momentum"
    elif draft.quantity == "npv":
        what = f"Number of {'good ' if draft.npv_good else ''}primary vertices"
    elif draft.quantity == "pv_z":
        what = "Primary-vertex z position"
    elif draft.quantity == "met_phi":
        what = "Missing transverse momentum phi"
    elif draft.quantity == "met_significance":
        what = "MET significance"
    elif draft.object and reductions.met_angle(draft):  # "Minimum |DeltaPhi|(jets, MET)"
        how = "Minimum" if draft.per_event == "min" else "Maximum"
        n = f"{draft.first_n} leading " if draft.first_n else ""
        what = f"{how} |DeltaPhi|({n}{STYLES[_kinds(draft.object)[0]].word}, MET)"
    elif draft.object and reductions.is_reduction(draft):  # "Maximum jet |eta| per event"
        what = reductions.title(draft, q, STYLES[_kinds(draft.object)[0]].word)
    elif draft.pair and draft.object and draft.system_with is not None:  # "Muon + jet mass"
        first, second = (
            "lepton" if k == "lepton" else STYLES[k].word[:-1]
            for k in (draft.object, draft.system_with)
        )
        what = f"Leading {first} + leading {second} {q}"
    elif draft.pair and draft.object and draft.size == 4:
        noun = "b-jet" if draft.object == "bjet" else draft.object
        what = f"Four-{noun} {q}"
    elif draft.pair and draft.object and draft.size == 3:
        noun = (  # "Three-lepton mass" of electrons and muons (was: "Three-muon")
            draft.object if draft.object in COMPOSITE
            else STYLES[_kinds(draft.object)[0]].word.rstrip("s")
        )  # fmt: skip
        what = f"Three-{noun} {q}"
    elif draft.pair and draft.object:
        what = f"{PAIR_TITLES[draft.object]} {q}"
    elif draft.object:
        ordinal = {0: "leading ", 1: "subleading ", 2: "third ", 3: "fourth "}
        idx = "" if draft.index is None else ordinal.get(draft.index, f"#{draft.index + 1} ")
        kinds = _kinds(draft.object)
        word = "leptons" if len(kinds) > 1 else STYLES[kinds[0]].word  # muons + electrons
        noun = word if draft.quantity == "count" else word.rstrip("s")
        what = f"{idx}{noun} {q}".strip()
        what = what[0].upper() + what[1:]
    else:
        what = q
    if samples == "auto":
        era = draft.era or default_era(cat)
        chosen = cat.data(era) + cat.mc(era)
    else:
        chosen = [cat[s] for s in samples]
    data = [s for s in chosen if s.is_data]
    mc = [s for s in chosen if not s.is_data]
    parts = (" + ".join(f"{s.era} data" for s in data), " + ".join(s.process for s in mc))
    where = " vs ".join(part for part in parts if part)
    return f"{what}, {where}" if where else what


def _one_edge(d: Draft, start: float, stop: float, unit: str) -> str:
    """ "20 bins starting at 30 GeV", "50 bins up to 300 GeV": a number of bins with one edge;
    the other edge is the quantity's default (``start`` / ``stop``), said; an edge beyond the
    default other edge is asked (no silent range)."""
    if d.bins is None or d.bin_width is not None or d.edges or d.log_x:
        return ""
    if d.start is not None and d.stop is None:
        if d.start >= stop:
            raise SpecError(
                f"The axis starts at {d.start:g}{unit}, above the default upper edge of this "
                f"quantity ({stop:g}{unit}).",
                hint=f"Give both edges, e.g. '{d.bins} bins from {d.start:g} to "
                f"{2 * d.start:g}{unit}'.",
            )
        return (
            f" (upper edge chosen for you: {stop:g}{unit}, the default end of this quantity; "
            "say 'up to ...' to change)"
        )
    if d.stop is not None and d.start is None:
        if d.stop <= start:
            raise SpecError(
                f"The axis ends at {d.stop:g}{unit}, below the default lower edge of this "
                f"quantity ({start:g}{unit}).",
                hint=f"Give both edges, e.g. '{d.bins} bins from ... to {d.stop:g}{unit}'.",
            )
        return (
            f" (lower edge chosen for you: {start:g}{unit}, the default start of this quantity; "
            "say 'from ...' to change)"
        )
    return ""


def _width_binning(
    d: Draft, bins: int, start: float, stop: float, unit: str, defaults: list[str]
) -> tuple[int, float, float]:
    """Bins of the width asked for ("50 bins of 2 GeV", "10 GeV per bin up to 300 GeV"): every
    bin exactly that wide. What the request does not give is stated: the quantity's default
    start ("from 60 GeV: the default start, ..."; "up to X" alone: from 0, as the lexicon reads
    "5 GeV bins up to 200 GeV") and end, rounded up to a whole number of bins; a stated range
    that is not a whole number of bins is extended (said); N bins, width and range that
    disagree are asked."""
    width = float(d.bin_width or 1.0)
    if d.start is not None:
        start = float(d.start)
    if d.stop is not None:
        stop = float(d.stop)
    said: list[str] = []
    if d.bins is not None:
        n = d.bins
        if d.start is not None and d.stop is not None:
            if not math.isclose(stop - start, n * width, rel_tol=1e-9, abs_tol=1e-9):
                raise SpecError(
                    f"{n} bins of {width:g}{unit} do not span {start:g} to {stop:g}{unit}.",
                    hint="Give two of the three: the number of bins, the width, the range.",
                )
        elif d.stop is not None and d.start is None:  # "50 bins of 2 GeV up to 300 GeV"
            start = round(stop - n * width, 9)
            said.append(f"from {start:g}{unit} ({n} bins of {width:g}{unit} below {stop:g})")
        else:
            stop = round(start + n * width, 9)
    elif d.stop is not None and d.start is None and stop > 0:
        # "10 GeV per bin up to 300 GeV": from 0, as "5 GeV bins up to 200 GeV" (lexicon)
        start = 0.0
        said.append("from 0 ('up to' with no start; give 'from ...' to change)")
    past_default = d.stop is None and d.bins is None and stop <= start
    if past_default:  # "from 200 GeV", beyond the default end: the default number of bins
        stop = start + bins * width
    if stop <= start:
        raise SpecError(
            f"The range {start:g} to {stop:g}{unit} is empty.", hint="Give 'from ... to ...'."
        )
    if d.bins is None:
        n = max(1, math.ceil((stop - start) / width - 1e-9))
        if not math.isclose(start + n * width, stop, rel_tol=1e-9, abs_tol=1e-9):
            stop = round(start + n * width, 9)
            if d.stop is not None:
                said.append(
                    f"range extended to {stop:g}{unit} so that every bin is {width:g}{unit} wide"
                )
    if n > MAX_BINS:
        raise SpecError(
            f"{width:g}{unit} bins from {start:g} to {stop:g}{unit} are {n} bins (at most "
            f"{MAX_BINS}).",
            hint="Give a wider bin or a shorter range.",
        )
    if d.start is None and not (d.stop is not None and (d.bins is not None or stop > 0)):
        said.append(f"from {start:g}{unit}: the default start, give 'from ...' to change")
    if d.stop is None and d.bins is None:
        end = f"{n} bins, the default number" if past_default else "the default end"
        said.append(f"up to {stop:g}{unit}: {end}, give 'up to ...' to change")
    defaults.append(
        f"binning: {n} bins of {width:g}{unit} from {start:g} to {stop:g}{unit}"
        + (f"; {', '.join(said)}" if said else "")
    )
    return n, start, stop


#: quantities that take integer values only: a stated range is of the integers themselves
_INTEGER_QUANTITIES = ("count", "npv")


def _integer_centred(
    d: Draft, q: str, start: float, stop: float, bins: int, defaults: list[str]
) -> tuple[float, float, int]:
    """ "the number of muons in the range 0 to 5": the counts 0, 1, ..., 5, one bin centred on
    each (6 bins from -0.5 to 5.5); bins edged on the integers would split or merge counts.
    Only when no number of bins, bin width or edges is stated; the reading is listed."""
    whole = start.is_integer() and stop.is_integer() and stop > start
    stated = d.bins is not None or d.bin_width is not None or d.edges or d.log_x
    if q not in _INTEGER_QUANTITIES or not whole or stated:
        return start, stop, bins
    bins = int(stop - start) + 1
    defaults.append(
        f"range: the counts {start:g} to {stop:g}, one bin centred on each integer "
        f"({bins} bins from {start - 0.5:g} to {stop + 0.5:g}; give the number of bins to "
        "bin otherwise)"
    )
    return start - 0.5, stop + 0.5, bins


def _stated_binning(
    draft: Draft,
    name: str,
    label: str,
    unit: str,
    binning: tuple[int, float, float],
    defaults: list[str],
) -> Histogram:
    """The histogram of one observable (generator-level particles, secondary vertices): the
    request's range, bins, bin width, edges and axis options where stated, else ``binning``
    (bins, start, stop), listed as chosen; as for every other quantity."""
    q = draft.quantity or ""
    bins, start, stop = binning
    start, stop, bins = _stated_range(draft, q, bins, start, stop, defaults)
    return _histogram(draft, q, name, label, unit, (bins, start, stop), defaults)


_SAME_QUANTITY = (
    "kind",
    "of",
    "field",
    "index",
    "met",
    "abs",
    "reduce",
    "first",
    "exclude",
    "other",
    "other_index",
    "pair",
    "nearest",
    "left",
    "right",
)


def _allowed(
    obs: Observable,
    selection: list[Step],
    observables: list[Observable],
    objects: list[ObjectDef],
    combinations: list[Combination],
) -> tuple[float | None, float | None, float | None, dict[str, str]]:
    """(lowest, highest, |x| above) values of ``obs`` that the selection lets through, from
    the event cuts on the same quantity and, for an object's field, the object's own cuts;
    with the cuts' words."""
    lo: float | None = None
    hi: float | None = None
    outside: float | None = None
    said: dict[str, str] = {}  # "lo" / "hi" / "outside" -> the cut that sets it

    def bound(op: str, value: float, what: str) -> None:
        nonlocal lo, hi
        if op in (">", ">=") and (lo is None or value > lo):
            lo, said["lo"] = value, what
        elif op in ("<", "<=") and (hi is None or value < hi):
            hi, said["hi"] = value, what

    by_name = {o.name: o for o in observables}
    one_per_event = {c.name for c in combinations if c.leading == 2 or c.choose != "all"}

    def same(cut_on: Observable) -> bool:
        if all(getattr(cut_on, k) == getattr(obs, k) for k in _SAME_QUANTITY):
            return True
        # "the dimuon pT for dimuon pT > 200": the leading pair's cut, the one pair plotted
        other = cut_on.model_copy(update={"index": obs.index})
        return (
            cut_on.of in one_per_event
            and {cut_on.index, obs.index} <= {0, None}
            and all(getattr(other, k) == getattr(obs, k) for k in _SAME_QUANTITY)
        )

    for step in selection:
        if obs.kind == "count" and step.count and step.count == obs.of and step.value is not None:
            # "the number of jets in events with at least 12 jets": integers, edges at k - 0.5
            value = float(step.value) + {">": 1.0, "<": -1.0}.get(step.op, 0.0)
            bound(step.op, value - 0.5 if ">" in step.op else value + 0.5, step.name)
            continue
        cut_on = by_name.get(step.observable or "")
        if cut_on is None or step.value is None:
            continue
        if same(cut_on):
            bound(step.op, float(step.value), step.name)
    defined = {o.name: o for o in objects}
    if obs.kind == "field" and obs.of in defined and obs.field:
        for cut in defined[obs.of].cuts:
            if cut.field != obs.field or isinstance(cut.value, (bool, str)) or cut.bit:
                continue
            what = (
                f"{obs.of} {'|' + cut.field + '|' if cut.abs else cut.field} {cut.op} {cut.value:g}"
            )
            if cut.abs == obs.abs:
                bound(cut.op, float(cut.value), what)
            elif cut.abs and cut.op in (">", ">=") and (outside is None or cut.value > outside):
                outside, said["outside"] = float(cut.value), what  # |eta| > 3, a signed eta axis
    return lo, hi, outside, said


def _range_inside_cuts(
    obs: Observable,
    axis: tuple[float, float],
    selection: list[Step],
    observables: list[Observable],
    objects: list[ObjectDef],
    combinations: list[Combination],
    unit_text: str,
    defaults: list[str],
) -> tuple[float, float]:
    """The default axis range, moved where the selection puts the plotted quantity when the
    range lies wholly outside it ("MET for events with MET > 250 GeV": was 0-200, an empty
    plot with no word); said under "Chosen for you". A range the user gave is never moved."""
    start, stop = axis
    lo, hi, outside, said = _allowed(obs, selection, observables, objects, combinations)
    if lo is not None and hi is not None and lo >= hi:
        return start, stop  # nothing passes: the cut is the user's, the plot says it
    new, why, where = None, [], "lies outside it"
    if obs.kind == "count" and hi is not None and hi > stop and (lo is None or lo < stop):
        # "the jet multiplicity up to 15 jets": the axis reaches the highest count let through
        # (was: 0-10, the counts 11-15 in the overflow); one bin per integer
        new = (lo if lo is not None else start, hi)
        why, where = ([said["lo"]] if lo is not None else []) + [said["hi"]], "does not cover it"
    elif lo is not None and hi is not None and (hi > stop or lo < start) and obs.kind != "count":
        # "MET for events with 100 < MET < 300": the window (was 0-200, its top third cut off)
        new, why, where = (lo, hi), [said["lo"], said["hi"]], "does not cover it"
    elif (
        lo is not None
        and hi is None
        and obs.kind != "count"
        and start < lo < stop
        and lo - start > 0.5 * (stop - start)
    ):  # "the dimuon mass above 100 GeV": was 60-120, most of the spectrum off the axis
        new, why, where = (lo, lo + max(lo, stop - start)), [said["lo"]], "is mostly below it"
    elif lo is not None and lo >= stop:
        width = stop - start if obs.kind == "count" else max(lo, stop - start)  # counts: 1 per bin
        new = (lo, hi if hi is not None else lo + width)
        why = [said["lo"]] + ([said["hi"]] if hi is not None else [])
    elif hi is not None and hi <= start:
        new = (lo if lo is not None else min(0.0, 2 * hi), hi)
        why = ([said["lo"]] if lo is not None else []) + [said["hi"]]
    elif outside is not None and -outside <= start and stop <= outside:
        half = 2 * outside
        if obs.field in ("eta", "rapidity") and outside < 5.0:
            half = 5.0  # no detector object beyond |eta| = 5
        new, why = (-half, half), [said["outside"]]
    if new is None:
        return start, stop
    defaults.append(
        f"range follows the cut ({'; '.join(why)}): {new[0]:g} to "
        f"{new[1]:g}{unit_text} (the default {start:g} to {stop:g} {where})"
    )
    return new


def _stated_range(
    d: Draft, q: str, bins: int, start: float, stop: float, defaults: list[str]
) -> tuple[float, float, int]:
    """(start, stop, bins): the request's range, or one edge of it, in place of the quantity's
    default ones (``bins`` changes for a count's range, centred on the integers)."""
    if d.start is not None and d.stop is not None:
        start, stop = float(d.start), float(d.stop)
        start, stop, bins = _integer_centred(d, q, start, stop, bins, defaults)
    if d.start is not None and d.stop is None and d.start < stop:
        start = float(d.start)  # "from 0.25 GeV"
    elif d.stop is not None and d.start is None and d.bin_width is None and d.stop > start:
        stop = float(d.stop)  # "50 bins up to 300 GeV"
    return start, stop, bins


def _histogram(
    d: Draft,
    q: str,
    name: str,
    label: str,
    unit: str,
    binning: tuple[int, float, float],
    defaults: list[str],
) -> Histogram:
    """The histogram of observable ``name``: ``binning`` (bins, start, stop; the range already
    the request's where stated) with the request's bins, bin width, edges, log axes and
    normalisation; what was not stated is listed as chosen."""
    bins, start, stop = binning
    explicit_range = d.start is not None and d.stop is not None
    unit_text = f" {unit}" if unit else ""
    one_edge = _one_edge(d, start, stop, unit_text)
    log_x = bool(d.log_x)
    if log_x and start <= 0 and not d.edges:
        if explicit_range:
            raise SpecError(
                f"A logarithmic x axis cannot start at {start:g}.",
                hint="Give a range above 0, e.g. 'from 0.25 to 300 GeV'.",
            )
        start = 1.0 if stop > 10 else stop / 1000.0
        defaults.append(f"log x: the range starts at {start:g}{unit_text} (log needs x > 0)")
    if d.edges:
        bins, start, stop = len(d.edges) - 1, d.edges[0], d.edges[-1]
    elif d.bin_width is not None and not log_x:  # "50 bins of 2 GeV", "5 GeV per bin"
        bins, start, stop = _width_binning(d, bins, start, stop, unit_text, defaults)
        if q in _INTEGER_QUANTITIES and d.bin_width == 1 and float(start).is_integer():
            # "one bin per vertex", "integer bins from 0 to 70": edges on the integers
            defaults[-1] += " (edges on the integers: the count k is in the bin [k, k+1))"
    elif d.bins is not None:
        bins = d.bins
        if (
            q in _INTEGER_QUANTITIES
            and not explicit_range
            and d.start is None
            and d.stop is None
            and float(start + 0.5).is_integer()
        ):
            # "the number of muons, 5 bins": one bin per integer from the first count (was: 5
            # bins over -0.5 to 6.5, edges between the integers); "..., at least 4 jets": from 4
            req = d.requirements.get(d.object) if d.object else None  # type: ignore[call-overload]
            if q == "count" and req is not None and req.min_count is not None:
                start = req.min_count - 0.5
            stop = start + bins
    else:
        spacing = " of equal width in log(x)" if log_x else ""
        defaults.append(f"binning: {bins} bins{spacing} from {start:g} to {stop:g}{unit_text}")
    if d.bins is not None and not explicit_range and not d.edges and d.bin_width is None:
        defaults.append(f"range: {start:g} to {stop:g}{unit_text}{one_edge}")
    if d.unit_area and d.mc_to_data:
        raise SpecError(
            "Both a shape comparison (each process and the data normalised to unit area) "
            "and the simulation scaled to the data yield were asked for.",
            hint="Say one of them: 'normalised to unit area' or 'MC scaled to the data'.",
        )
    return Histogram(
        name=name, observable=name, label=label, unit=unit, log_y=bool(d.log_y),
        log_x=log_x, density=bool(d.density), unit_area=bool(d.unit_area),
        mc_to_data=bool(d.mc_to_data),
        **(
            {"edges": list(d.edges)} if d.edges
            else {"bins": bins, "start": start, "stop": stop,
                  "transform": "log" if log_x else "none"}
        ),
    )  # fmt: skip
