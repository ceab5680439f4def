"""Every NanoAOD collection and every object kind of the planner, declared once.

A *collection* is what a spec's object is built from (``ObjectDef.source``): whether it has a
charge, the planner's word for it (None: only a written spec can use it, the request words
cannot), its plural in words and the knowledge-base page of its default definition.

An object *profile* is what the planner makes of a kind of object the request names: the
spec object's name, its collection, the LaTeX symbol, the words, the default pT and |eta|
cuts, and the name, symbol and title of its pairs. Adding an object touches this module (and
the lexicon's words for it). The registry imports nothing from chathep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Collection:
    """One NanoAOD object collection a spec may build objects from."""

    source: str
    charged: bool
    kind: str | None = None  # the planner's word (None: a written spec only)
    words: str = ""  # plural, in words
    page: str | None = None  # knowledge-base page of its default object definition


#: In the order of the spec's schema (``AnalysisSpec`` -> ``ObjectDef.source``).
COLLECTIONS: tuple[Collection, ...] = (
    Collection("Muon", True, "muon", "muons", "knowledge_base/objects/muons.md"),
    Collection("Electron", True, "electron", "electrons", "knowledge_base/objects/electrons.md"),
    Collection("Jet", False, "jet", "jets", "knowledge_base/objects/jets.md"),
    Collection("FatJet", False, "fatjet", "large-radius jets", "knowledge_base/objects/jets.md"),
    Collection("Photon", False, "photon", "photons"),
    Collection("Tau", True, "tau", "taus"),
    Collection("GenPart", True, words="generator-level particles"),
    Collection("SV", False, words="secondary vertices"),
)
BY_SOURCE: dict[str, Collection] = {c.source: c for c in COLLECTIONS}
#: What ``ObjectDef.source`` may be.
SOURCES: tuple[str, ...] = tuple(BY_SOURCE)
#: Collections with an electric charge (opposite/same-charge combinations).
CHARGED: frozenset[str] = frozenset(c.source for c in COLLECTIONS if c.charged)
#: NanoAOD collection -> the planner's object word, for the collections the planner builds.
KIND_OF_SOURCE: dict[str, str] = {c.source: c.kind for c in COLLECTIONS if c.kind}
#: The collections the planner builds objects from (their fields decide default cuts).
PLANNED_SOURCES: tuple[str, ...] = tuple(KIND_OF_SOURCE)
#: The missing-momentum flavours an observable may read, and their page.
MET_SOURCES: tuple[str, ...] = ("MET", "PuppiMET", "CaloMET", "RawMET", "TkMET", "ChsMET")
MET_PAGE = "knowledge_base/objects/met.md"
#: Collection (or MET flavour) -> the knowledge-base page of its default definition.
OBJECT_PAGES: dict[str, str] = {
    **{c.source: c.page for c in COLLECTIONS if c.page},
    **dict.fromkeys(MET_SOURCES, MET_PAGE),
}


@dataclass(frozen=True)
class ObjectProfile:
    """The planner's default object of one kind, and how its pairs are named."""

    kind: str
    name: str  # the spec object's name
    source: str  # NanoAOD collection ("" for a merge of collections)
    symbol: str  # LaTeX subscript
    word: str  # plural, in words
    pt_min: float  # default cuts, GeV
    abs_eta_max: float
    pair_name: str  # the spec combination's name for its pairs
    pair_symbol: str
    pair_title: str


PROFILES: dict[str, ObjectProfile] = {
    p.kind: p
    for p in (
        ObjectProfile("muon", "muons", "Muon", r"\mu", "muons", 20.0, 2.4,
                      "dimuon", r"\mu\mu", "Dimuon"),
        ObjectProfile("electron", "electrons", "Electron", "e", "electrons", 20.0, 2.5,
                      "dielectron", "ee", "Dielectron"),
        ObjectProfile("photon", "photons", "Photon", r"\gamma", "photons", 20.0, 2.5,
                      "diphoton", r"\gamma\gamma", "Diphoton"),
        ObjectProfile("tau", "taus", "Tau", r"\tau", "taus", 20.0, 2.3,
                      "ditau", r"\tau\tau", "Ditau"),
        ObjectProfile("jet", "jets", "Jet", "j", "jets", 30.0, 2.4, "dijet", "jj", "Dijet"),
        ObjectProfile("bjet", "bjets", "Jet", "b", "b-tagged jets", 30.0, 2.4,
                      "dibjet", "bb", "b-jet pair"),
        # AK8 jets: NanoAOD stores them above 170 GeV (2018) / 150 GeV (Run 3)
        ObjectProfile("fatjet", "fatjets", "FatJet", "J", "large-radius (AK8) jets", 200.0, 2.4,
                      "difatjet", "JJ", "AK8 jet pair"),
        # the merged light leptons: no NanoAOD collection of their own
        ObjectProfile("lepton", "leptons", "", r"\ell", "light leptons", 0.0, 0.0,
                      "dilepton", r"\ell\ell", "Dilepton"),
    )
}  # fmt: skip
#: Composite kinds and the object kinds they stand for.
COMPOSITE: dict[str, tuple[str, ...]] = {
    "lepton": ("muon", "electron"),
    "emu": ("electron", "muon"),
}
#: Pairs of each kind (composites included): (combination name, LaTeX symbol).
PAIR_NAMES: dict[str, tuple[str, str]] = {
    **{k: (p.pair_name, p.pair_symbol) for k, p in PROFILES.items()},
    "emu": ("emu", r"e\mu"),
}
#: Pairs of each kind in a title ("Dimuon mass").
PAIR_TITLES: dict[str, str] = {
    **{k: p.pair_title for k, p in PROFILES.items()},
    "emu": "Electron-muon",
}


@dataclass(frozen=True)
class GenParticle:
    """A particle of the generator record (NanoAOD GenPart, simulation only) by its name."""

    name: str  # the planner's word, and the spec object's name suffix (gen_<name>)
    pdg_id: int  # |pdgId|
    symbol: str  # LaTeX
    word: str  # plural, in words
    mass_range: tuple[float, float]  # GeV, the default histogram range of its mass
    #: the simulated processes (a regex on Sample.process, any case) whose events hold this
    #: particle as a matter of course; None: any process
    made_by: str | None = None

    def made_in(self, process: str) -> bool:
        """Whether events of ``process`` (a Sample.process) hold this particle (any process,
        for a particle without ``made_by``)."""
        return self.made_by is None or re.search(self.made_by, process, re.IGNORECASE) is not None


#: Processes whose events hold a heavy particle: Z (Drell-Yan, dibosons, ZH), W (W+jets, top
#: pairs and single top, dibosons, WH), Higgs (ZH, WH, ggH, VBF, ttH), top (tt, single top)
_Z_MAKERS = r"dy|drell|^z|zz|wz|vv|diboson"
_W_MAKERS = r"^w|tt|top|^t[_-]|vv|ww|wz|diboson"
_HIGGS_MAKERS = r"^(?:zh|wh|vh|tth|ggh|vbf|h)(?![a-z])|higgs|hbb|hzz|hww|hgg"
_TOP_MAKERS = r"tt|top|^t[_-]"

#: The particles the planner selects from GenPart by |pdgId| (PDG numbering scheme).
GEN_PARTICLES: dict[str, GenParticle] = {
    p.name: p
    for p in (
        GenParticle("z", 23, "Z", "Z bosons", (60.0, 120.0), _Z_MAKERS),
        GenParticle("w", 24, "W", "W bosons", (50.0, 110.0), _W_MAKERS),
        GenParticle("higgs", 25, "H", "Higgs bosons", (115.0, 135.0), _HIGGS_MAKERS),
        GenParticle("top", 6, "t", "top quarks", (150.0, 200.0), _TOP_MAKERS),
        GenParticle("bottom", 5, "b", "b quarks", (0.0, 10.0)),
        GenParticle("muon", 13, r"\mu", "muons", (0.0, 0.2)),
        GenParticle("electron", 11, "e", "electrons", (0.0, 0.01)),
        GenParticle("tau", 15, r"\tau", "taus", (1.5, 2.0)),
        GenParticle("photon", 22, r"\gamma", "photons", (0.0, 1.0)),
    )
}
#: GenPart_statusFlags bit of the last copy of a particle in the record (isLastCopy): one
#: entry per physical particle, after the shower's recoils and radiation.
GEN_LAST_COPY_BIT = 13


#: Secondary vertices (NanoAOD SV): each field the planner histograms, with its words in the
#: plan and its default histogram (label, unit, bins, start, stop). Units as in NanoAOD (cm).
SV_FIELDS: dict[str, tuple[str, str, int, float, float]] = {
    "mass": ("secondary-vertex mass", "GeV", 50, 0.0, 10.0),
    "pt": ("secondary-vertex $p_{T}$", "GeV", 50, 0.0, 100.0),
    "eta": (r"secondary-vertex $\eta$", "", 50, -2.5, 2.5),
    "phi": (r"secondary-vertex $\phi$", "", 32, -3.2, 3.2),
    "dxy": ("secondary-vertex 2D decay length", "cm", 50, 0.0, 5.0),
    "dlen": ("secondary-vertex 3D decay length", "cm", 50, 0.0, 10.0),
    "dxySig": ("secondary-vertex 2D decay length significance", "", 50, 0.0, 100.0),
    "dlenSig": ("secondary-vertex 3D decay length significance", "", 50, 0.0, 100.0),
    "chi2": (r"secondary-vertex $\chi^2$/ndof", "", 50, 0.0, 10.0),
    "ndof": ("secondary-vertex ndof", "", 20, 0.0, 20.0),
    "pAngle": ("secondary-vertex pointing angle", "rad", 32, 0.0, 3.2),
}


#: Electron MVA identification working points (the planner's word -> the NanoAOD branch of
#: Run 2 NanoAOD (v9: the 2018 files, Fall17 V2 training), then of Run 3 NanoAOD (v12: the 2022
#: files)); the branch is a bool per electron: passes the working point. WP90 / WP80: 90 % /
#: 80 % signal efficiency; "Iso": the training includes the isolation ("noIso": it does not).
#: "_v1": the older Fall17 V1 training, in Run 2 NanoAOD only (no Run 3 branch: None).
ELECTRON_MVA_IDS: dict[str, tuple[str, str | None]] = {
    "wp90iso": ("mvaFall17V2Iso_WP90", "mvaIso_WP90"),
    "wp80iso": ("mvaFall17V2Iso_WP80", "mvaIso_WP80"),
    "wp90noiso": ("mvaFall17V2noIso_WP90", "mvaNoIso_WP90"),
    "wp80noiso": ("mvaFall17V2noIso_WP80", "mvaNoIso_WP80"),
    "wp90iso_v1": ("mvaFall17V1Iso_WP90", None),
    "wp80iso_v1": ("mvaFall17V1Iso_WP80", None),
    "wp90noiso_v1": ("mvaFall17V1noIso_WP90", None),
    "wp80noiso_v1": ("mvaFall17V1noIso_WP80", None),
}
#: Hadronic-tau identification against jets (DeepTau), its working points loosest first. Run 2
#: NanoAOD (v9: the 2018 files) has ``Tau_idDeepTau2017v2p1VSjet``, a bitmask with bit i set
#: when the tau passes working point i (1 = VVVLoose ... 16 = Medium ... 128 = VVTight); Run 3
#: NanoAOD (v12) has ``Tau_idDeepTau2018v2p5VSjet``, the index of the tightest working point
#: passed (1 = VVVLoose ... 5 = Medium ... 8 = VVTight). The working points are nested.
TAU_DEEPTAU_WPS: tuple[str, ...] = (
    "vvvloose", "vvloose", "vloose", "loose", "medium", "tight", "vtight", "vvtight"
)  # fmt: skip
#: (the Run 2 bitmask branch, the Run 3 index branch) of DeepTau against jets
TAU_DEEPTAU_VSJET: tuple[str, str] = ("idDeepTau2017v2p1VSjet", "idDeepTau2018v2p5VSjet")
#: The first year of Run 3 NanoAOD naming (``ELECTRON_MVA_IDS``' second branch).
RUN3_FIRST_YEAR = 2022
