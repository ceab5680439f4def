"""The opt-in corrections: each is declared once, here, and everything else imports it.

A :class:`Correction` says what asks for it (the words the planner reads, the label the app
shows), whether ``"all"`` includes it, where it applies (data or MC only, which eras, which
collections and branches it needs, with the reason when it does not apply), its recipe page in
the knowledge base and the systematic variations it adds to the histograms. The schema
(``chathep.spec.CorrectionName``), the planner's draft and lexicon, the per-sample decision
(``chathep.corrections_info``), the compiler, the agent's citations and the app's sidebar are
all built from :data:`CORRECTIONS`. Adding a correction means adding one entry here (and its
code block in ``chathep/templates/analysis.py.j2``, which the generated module needs in its
own words).

MC normalisation and genWeight are not opt-in: they are always applied to MC
(:data:`ALWAYS_MC`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from chathep.registry.eras import ERA_2018, SIM13

#: What a correction changes, which decides where its code goes and how its systematics are
#: made: a per-event weight (generator weights, scale factors) or an object momentum.
Kind = Literal[
    "muon_momentum", "electron_momentum", "jet_momentum", "scale_factor", "generator_weight"
]
#: Order of the entries of the histograms' "systematic" axis: weight variations (generator
#: weights, then scale factors), then object-momentum variations (muons, electrons, jets).
WEIGHT_KINDS: tuple[Kind, ...] = ("generator_weight", "scale_factor")
MOMENTUM_KINDS: tuple[Kind, ...] = ("muon_momentum", "electron_momentum", "jet_momentum")

#: The word that asks for every correction with ``in_all`` (in a spec and in a draft).
ALL = "all"
#: Always applied to MC (never to data); listed first in "applied".
ALWAYS_MC = ("normalisation", "genWeight")
#: Recipe pages of what is always applied to MC (cited with every MC answer).
ALWAYS_MC_RECIPES = ("mc_normalisation", "genweight", "luminosity")


@dataclass(frozen=True)
class Correction:
    """One opt-in correction and everything the rest of ChatHEP needs to know about it."""

    name: str
    #: The app's sidebar label; also what the app writes into the request, so the planner's
    #: ``words`` must match it (tests/test_registry.py checks the round trip).
    label: str
    #: ``knowledge_base/recipes/<recipe>.md``: how it is derived and applied
    recipe: str
    kind: Kind
    #: Regular expressions (on chathep.planner.lexicon.normalise-d text) that ask for it
    words: tuple[str, ...] = ()
    #: Part of "all"; False: asked for by name only
    in_all: bool = True
    #: Corrections it needs (asking for it asks for them too)
    implies: tuple[str, ...] = ()
    #: Applied to data as well as to MC
    on_data: bool = False
    #: The correction file it reads, named in the reason when an era has no such file
    file: str | None = None
    #: Eras it is for (None: every era); the first is the era of ``file``
    eras: tuple[str, ...] | None = None
    #: Eras among ``eras`` where it still does not apply, with the reason
    not_in: dict[str, str] = field(default_factory=dict, compare=False)
    #: A NanoAOD collection the analysis must use for it to matter ("Muon", "Jet")
    collection: str | None = None
    #: False: "all" leaves it out of an analysis that uses no ``collection`` (the answer does
    #: not mention it); asked for by name, it is still listed as skipped with the reason
    listed_without_collection: bool = True
    #: Needs a jet selected with a DeepJet working point (the scale factors are per WP)
    needs_working_point: bool = False
    #: (branch, why it is needed) that an MC file must have
    mc_branches: tuple[tuple[str, str], ...] = ()
    #: The generator-weight branch it reads (its index order comes from the branch title)
    weight_branch: str | None = None
    #: Histogram systematics it adds (Up/Down pairs)
    weight_systematics: tuple[str, ...] = ()
    object_systematics: tuple[str, ...] = ()
    #: How it is applied, where the generated code must say more than the recipe's name
    method: str = ""
    #: Read from correctionlib files: those registered for the era (``chathep corrections add
    #: ERA FILE``), where chathep.corrections_user finds its entries; False: a shipped file
    correctionlib: bool = False
    #: ``file`` may also lie in the folder of each sample's files (the generator writes it
    #: there); with ``correctionlib``, the era's registered files are looked at first
    beside_samples: bool = False
    #: The correction's name inside ``file`` (the name the generator writes it under)
    correction_key: str | None = None
    #: Catalog processes it is for (None: every MC process), e.g. top-pT reweighting: ttbar
    processes: tuple[str, ...] | None = None
    #: A catalog field the sample must have (e.g. the cross-section uncertainty)
    catalog_field: str | None = None
    #: Why it is never applied (asked for, it is listed as skipped with this reason): for a
    #: correction ChatHEP knows and cannot apply honestly
    unavailable: str | None = None

    def why_not_for_process(self, process: str) -> str | None:
        """Why it does not apply to a sample of catalog ``process`` (None: it may)."""
        if self.processes is not None and process not in self.processes:
            return f"it is for {', '.join(self.processes)} samples; this is {process}"
        return self.unavailable

    def why_not_in_era(self, era: str) -> str | None:
        """Why it does not apply to a sample of ``era`` (None: the era is fine)."""
        if era in self.not_in:
            return self.not_in[era]
        if self.eras is not None and era not in self.eras:
            return f"{self.file} is for the {self.eras[0]} era; this sample is era {era}"
        return None


@dataclass(frozen=True)
class CorrectionGroup:
    """Words that ask for several corrections at once ("theory uncertainties")."""

    name: str
    words: tuple[str, ...]
    members: tuple[str, ...]


_ROCHESTER_FILE = "RoccoR2018"
#: The 2018 correction files also correct the generated (sim13) simulation where its
#: pseudo-data were built with them: the central 2018 JER and DeepJet scale factors
#: (chathep/generate/mismodel.py); the 2018 JES uncertainty stands in for that of the
#: parametric detector. The Rochester corrections describe the CMS muon scale, not the
#: parametric one (knowledge_base/recipes/detector_response.md, Caveats).
_ERAS_2018 = (ERA_2018, SIM13)
_NOT_SIM13_ROCHESTER = (
    "RoccoR2018 describes the CMS muon scale, not the sim13 detector (the sim13 pseudo-data "
    "muon scale is documented in recipes/muon_scale_pseudodata.md)"
)

ROCHESTER = Correction(
    name="rochester",
    label="Rochester corrections",
    recipe="rochester",
    kind="muon_momentum",
    words=(r"\brochester\b", r"\broccor\b", r"\bmuon\s+(?:momentum\s+)?scale\s+correction"),
    on_data=True,
    file=_ROCHESTER_FILE,
    eras=_ERAS_2018,
    not_in={SIM13: _NOT_SIM13_ROCHESTER},
    collection="Muon",
    mc_branches=(("Muon_genPartIdx", "needed to choose kSpreadMC vs kSmearMC"),),
)

#: The jet pT resolution the generator writes next to the sim13 samples (correctionlib JSON,
#: chathep.generate.jer) and the name of its entry.
JER_RESOLUTION_FILE = "jer_resolution.json"
SIM13_JER_RESOLUTION = "sim13_PtResolution_AK4"
#: Matching radius of the JER hybrid method: Delta R(jet, GenJet) < R/2 for AK4 jets.
JER_MATCH_DR = 0.2
#: ... and |pT - pT_gen| < JER_MATCH_SIGMAS x sigma_JER x pT
JER_MATCH_SIGMAS = 3.0

JER = Correction(
    name="jer",
    label="JER",
    recipe="jer_jec",
    kind="jet_momentum",
    words=(r"\bjer\b", r"\bjet\s+(?:energy\s+)?resolution\b", r"\bjet\s+smearing\b"),
    file="Autumn18_V7 JER SF",
    eras=_ERAS_2018,
    collection="Jet",
    mc_branches=(
        ("Jet_genJetIdx", "the hybrid method matches jets to generator jets"),
        ("GenJet_pt", "the hybrid method matches jets to generator jets"),
    ),
    object_systematics=("JERUp", "JERDown"),
    method=(
        "hybrid method (CMS JME): a jet is matched when its generator jet (Jet.genJetIdx) has "
        "Delta R < 0.2 and |pT - pT_gen| < 3 sigma_JER pT; matched jets are scaled, pT -> "
        "pT_gen + s (pT - pT_gen), unmatched ones smeared stochastically, pT -> pT (1 + "
        "N(0, sigma_JER) sqrt(max(s^2 - 1, 0))), with a normal random number fixed per jet by "
        "(run, luminosityBlock, event, jet index); the factor is floored at 0; up/down: s "
        "up/down with the same random numbers. s: the Autumn18_V7 scale factors (their "
        "correctionlib conversion); sigma_JER: a *PtResolution* entry of a correctionlib file "
        "registered for the era (`chathep corrections add ERA jet_jerc.json`), else the "
        "jer_resolution.json the generator writes next to the sim13 samples. Without a "
        "resolution (CMS 2018: the Autumn18 PtResolution file does not ship with coffea) only "
        "the scaling of Delta R-matched jets is possible, unmatched jets keep their pT; the "
        "sample's jer_method says which. Jet momentum changes are propagated to the PF MET "
        "(type-1 style, jets above 15 GeV); PuppiMET is left unchanged."
    ),
)

#: The Autumn18_V8 JES uncertainty sources varied one by one, named as in the file: the 29
#: sources that add up to its "Total" in quadrature (tests/test_convert_corrections.py checks
#: it; AbsoluteFlavMap is zero in 2018, kept so that the set is the file's decomposition).
#: Left out: Total and its SubTotal*/TotalNo* sums, the alternative flavour (FlavorZJet, ...,
#: FlavorPure*) and time (TimeRun*) sources, PileUpMuZero/PileUpEnvelope (not in Total) and
#: the CorrelationGroup* combinations.
JES_SOURCES: tuple[str, ...] = (
    "AbsoluteStat",
    "AbsoluteScale",
    "AbsoluteSample",
    "AbsoluteFlavMap",
    "AbsoluteMPFBias",
    "Fragmentation",
    "SinglePionECAL",
    "SinglePionHCAL",
    "FlavorQCD",
    "TimePtEta",
    "RelativeJEREC1",
    "RelativeJEREC2",
    "RelativeJERHF",
    "RelativePtBB",
    "RelativePtEC1",
    "RelativePtEC2",
    "RelativePtHF",
    "RelativeBal",
    "RelativeSample",
    "RelativeFSR",
    "RelativeStatFSR",
    "RelativeStatEC",
    "RelativeStatHF",
    "PileUpDataMC",
    "PileUpPtRef",
    "PileUpPtBB",
    "PileUpPtEC1",
    "PileUpPtEC2",
    "PileUpPtHF",
)

#: The sim13 jets are calibrated in both the simulation and the pseudo-data (mean response 1.00,
#: 0.98 for b jets: chathep/generate/detector.py), so there is no JES shift to correct; their
#: jet energy scale is nevertheless not known better than a CMS detector's, so the JES
#: uncertainty applies to them: the Autumn18_V8 sources stand in for it.
JEC = Correction(
    name="jec",
    label="JEC",
    recipe="jer_jec",
    kind="jet_momentum",
    words=(r"\bjec\b", r"\bjes\b", r"\bjet\s+energy\s+(?:scale|correction)"),
    file="Autumn18_V8",
    eras=_ERAS_2018,
    collection="Jet",
    object_systematics=tuple(f"JES_{s}{d}" for s in JES_SOURCES for d in ("Up", "Down")),
    method=(
        "the JES uncertainty split into the 29 Autumn18_V8 sources that add up to Total, each "
        "its own up/down variation JES_<source>Up/Down (read from the correctionlib "
        "conversion), evaluated at the (JER-corrected) jet pT: jet pT and mass scaled by 1 +/- "
        "the source's uncertainty, propagated to the PF MET; the nominal jet energy scale is "
        "the one in the files. For sim13 the CMS 2018 uncertainty stands in for that of the "
        "CMS-like parametric detector, which has no JES measurement of its own: its jets "
        "have the same mean response in simulation and pseudo-data (1.00 for light and c, "
        "0.98 for b jets, recipes/detector_response.md), so no nominal correction applies, "
        "but the scale is not known to the analysis better than CMS knows its own"
    ),
)

#: The b-tag efficiency maps (correctionlib JSON) the generated code measures in its first
#: pass, next to its result file; the sandbox hands it out with the result.
BTAG_EFF_FILE = "btag_efficiencies.json"

BTAG_SF = Correction(
    name="btag_sf",
    label="b-tag scale factors",
    recipe="btag_sf",
    kind="scale_factor",
    words=(r"\bb-?tag(?:ging)?\s+(?:scale\s+factors?|sfs?)\b", r"\bbtv\s+sfs?\b"),
    file="DeepJet_102XSF (2018)",
    eras=_ERAS_2018,
    needs_working_point=True,
    mc_branches=(("Jet_hadronFlavour", ""),),
    weight_systematics=("btagSF_bcUp", "btagSF_bcDown", "btagSF_lightUp", "btagSF_lightDown"),
    method=(
        "method 1a: w = P(data)/P(MC) over the b-tag candidates (the b-tagged collection's "
        "jets before the working-point cut, |eta| < 2.5, pT > 20 GeV), tagged jets "
        "contributing SF*eff / eff and untagged ones (1 - SF*eff) / (1 - eff); eff(flavour, "
        "pT, |eta|) is each MC sample's own efficiency, measured from its files in a first "
        "pass and written as correctionlib JSON (btag_efficiencies.json) in the run "
        "directory; b/c (comb) and light (incl) SF uncertainties are separate nuisances "
        "(btagSF_bc, btagSF_light)"
    ),
)

PILEUP = Correction(
    name="pileup",
    label="pileup reweighting",
    recipe="pileup_reweighting",
    kind="scale_factor",
    words=(
        r"\bpile-?\s?up\s+(?:re-?weight(?:ing|ed|s)?|weights?|corrections?|scale\s+factors?|"
        r"profiles?|uncertaint(?:y|ies)|variations?|systematics?)\b",
        r"\bpu\s+(?:re-?weight(?:ing|ed|s)?|weight(?:ing|s)?|corrections?|uncertaint(?:y|ies))\b",
        r"\bpuweights?\b",
        r"\bre-?weight(?:ing|ed)?\s+(?:in\s+|of\s+|for\s+|to\s+)?(?:the\s+)?pile-?up\b",
    ),
    file="puWeights.json",
    mc_branches=(("Pileup_nTrueInt", "the weights are a function of the true pileup"),),
    weight_systematics=("pileupUp", "pileupDown"),
    method=(
        "event weight data/MC of the true pileup profile, evaluated with correctionlib at "
        "Pileup_nTrueInt (clamped into the binned range) from a puWeights entry (inputs "
        "NumTrueInteractions and nominal/up/down): a file registered for the era (`chathep "
        "corrections add ERA puWeights.json`, e.g. the LUM POG's) first, else the "
        "puWeights.json the generator writes next to the samples; up/down: the file's up/down "
        "weights (the minimum-bias cross section +/- 4.6 %)"
    ),
    correctionlib=True,
    beside_samples=True,
    correction_key="sim13_pileup",
)

THEORY_SCALE = Correction(
    name="theory_scale",
    label="scale variations",
    recipe="theory_scale",
    kind="generator_weight",
    words=(
        r"\b(?:qcd\s+|renormali[sz]ation\s+(?:and\s+factori[sz]ation\s+)?)?scale\s+"
        r"(?:variations?|uncertaint(?:y|ies))\b",
        r"\bmu_?r\s*(?:/|and)\s*mu_?f\b",
        r"\b(?:qcd\s+)?scale\b(?=(?:\s*,?\s*(?:and\s+)?[\w-]+){1,4}\s+(?:uncertaint|variation))",
    ),
    weight_branch="LHEScaleWeight",
    weight_systematics=("scaleUp", "scaleDown"),
)

THEORY_PDF = Correction(
    name="theory_pdf",
    label="PDF",
    recipe="theory_pdf",
    kind="generator_weight",
    words=(r"\bpdfs?\b",),
    weight_branch="LHEPdfWeight",
    weight_systematics=("pdfUp", "pdfDown", "alphasUp", "alphasDown"),
)

PARTON_SHOWER = Correction(
    name="parton_shower",
    label="parton shower weights",
    recipe="parton_shower",
    kind="generator_weight",
    words=(
        r"\bparton[- ]shower(?:\s+(?:(?:weights?\s+)?variations?|weights?|uncertaint(?:y|ies)))?\b",
        r"\bps\s+weights?\b",
        r"\bisr\b",
        r"\bfsr\b",
    ),
    weight_branch="PSWeight",
    weight_systematics=("ISRUp", "ISRDown", "FSRUp", "FSRDown"),
)

#: CMS TOP PAG (TopPtReweighting TWiki; data/POWHEG+Pythia 8 fit of CMS-TOP-16-008 and
#: CMS-TOP-16-011, 13 TeV): SF(pT) = exp(A + B pT) per top quark, event weight sqrt(SF(t) SF(tbar)).
TOP_PT_A = 0.0615
TOP_PT_B = -0.0005

TOP_PT = Correction(
    name="top_pt",
    label="top pT reweighting",
    recipe="top_pt_reweighting",
    kind="generator_weight",
    words=(
        r"\btop[- ]?(?:quark\s+)?p_?t\s+(?:re-?weight(?:ing|ed|s)?|corrections?|weights?)\b",
        r"\bre-?weight(?:ing)?\s+(?:of\s+)?(?:the\s+)?top[- ]?(?:quark\s+)?p_?t\b",
    ),
    processes=("ttbar", "ttbar_dilep"),
    mc_branches=(
        ("GenPart_pdgId", "the top quarks' generator record"),
        ("GenPart_statusFlags", "the last-copy flag of the top quarks"),
    ),
    weight_systematics=("topPtUp", "topPtDown"),
    method=(
        f"event weight sqrt(SF(t) SF(tbar)), SF = exp({TOP_PT_A} {TOP_PT_B:+} pT/GeV) at the pT "
        "of the last-copy top quarks in GenPart (CMS TOP PAG data/NLO recipe), divided by its "
        "genWeight-weighted mean over all generated events of the sample so that the inclusive "
        "cross section stays the NNLO+NNLL one; variations: not applied (down) and applied "
        "twice (up), each normalised the same way"
    ),
)

XSEC_UNC = Correction(
    name="xsec_unc",
    label="cross-section uncertainties",
    recipe="cross_sections",
    kind="generator_weight",
    words=(
        r"\bcross[- ]?sections?\s+(?:uncertaint(?:y|ies)|systematics?|variations?)\b",
        r"\bxsec\s+(?:uncertaint(?:y|ies)|systematics?|variations?)\b",
    ),
    catalog_field="xsec_uncertainty",
    # one nuisance per catalog process, named xsec_<process>: uncorrelated between processes,
    # correlated between the slices of one process
    weight_systematics=("xsec_<process>Up", "xsec_<process>Down"),
    method=(
        "a constant normalisation factor 1 + up / 1 - down per sample from the catalog's "
        "xsec_uncertainty (scale and PDF+alpha_s of the recommended cross section in "
        "quadrature), one nuisance per process"
    ),
)

NLO_EW = Correction(
    name="nlo_ew",
    label="NLO EW corrections",
    recipe="vh_vjets_ew",
    kind="generator_weight",
    words=(
        r"\bnlo\s+(?:ew|electroweak)(?:\s+corrections?)?\b",
        r"\b(?:ew|electroweak)\s+corrections?\b",
    ),
    processes=("ZH", "WH", "DY", "WJets"),
    unavailable=(
        "no documented pT(V) parametrisation ships with ChatHEP: the HXSWG (HAWK, VH) and "
        "V+jets (arXiv:1705.04664) NLO EW corrections are published as histograms and tables, "
        "unavailable offline (recipes/vh_vjets_ew.md)"
    ),
)

VJETS_KFACTOR = Correction(
    name="vjets_kfactor",
    label="V+jets k-factors",
    recipe="vh_vjets_ew",
    kind="generator_weight",
    words=(r"\b(?:nlo\s+)?(?:qcd\s+)?k-?\s?factors?\b",),
    processes=("DY", "WJets"),
    unavailable=(
        "the inclusive k-factor is in the NNLO normalisation; the pT(V)-dependent ones CMS "
        "uses are derived for MadGraph LO V+jets, not for Pythia 8 LO W/Z (recipes/vh_vjets_ew.md)"
    ),
)

GG_ZH = Correction(
    name="gg_zh",
    label="gluon-induced ZH",
    recipe="cross_sections",
    kind="generator_weight",
    words=(r"\bgg\s*(?:->|to)\s*zh\b", r"\bgluon[- ]induced\s+zh\b", r"\bggzh\b"),
    processes=("ZH",),
    unavailable=(
        "Pythia 8 has no gg -> ZH process (HiggsSM:ffbar2HZ only, no gg2HZ): the ZH sample is "
        "qq -> ZH, normalised to sigma(qq -> ZH); gg -> ZH, 14 % of sigma(ZH) at 13 TeV, is "
        "missing (recipes/cross_sections.md)"
    ),
)

ROCHESTER_UNC = Correction(
    name="rochester_unc",
    label="Rochester uncertainties",
    recipe="rochester",
    kind="muon_momentum",
    # "rochester uncertainty", "Rochester correction variations", "roccor systematics"
    words=(
        r"\b(?:rochester|roccor)\s+(?:corrections?\s+)?"
        r"(?:uncertaint(?:y|ies)|variations?|systematics?)\b",
    ),
    # it evaluates the correction for each of its ~100 statistical replicas, which costs
    # seconds per chunk: asked for by name only
    in_all=False,
    implies=(ROCHESTER.name,),
    file=_ROCHESTER_FILE,
    eras=_ERAS_2018,
    not_in={SIM13: "RoccoR2018 describes the CMS muon scale, not the sim13 detector"},
    collection="Muon",
    mc_branches=(("Muon_genPartIdx", "needed to choose kSpreadMC vs kSmearMC"),),
    object_systematics=("RochesterUp", "RochesterDown"),
)

#: The generator builds no lepton efficiency difference into the sim13 pseudo-data.
_NOT_SIM13_MUON_SF = (
    "the sim13 pseudo-data have the simulation's muon ID, isolation and trigger efficiencies "
    "(no lepton mismodelling is built in: chathep/generate/mismodel.py), so their scale "
    "factors are 1 and no muon SF file exists for them (recipes/muon_sf.md)"
)

MUON_SF = Correction(
    name="muon_sf",
    label="muon scale factors",
    recipe="muon_sf",
    kind="scale_factor",
    words=(
        r"\bmuon\s+(?:(?:id(?:entification)?|iso(?:lation)?|reco(?:nstruction)?)\s*"
        r"(?:/|and|,|\+)?\s*)*(?:efficiency\s+)?(?:scale\s+factors?|sfs?)\b",
    ),
    collection="Muon",
    not_in={SIM13: _NOT_SIM13_MUON_SF},
    weight_systematics=("muonSFUp", "muonSFDown"),
    correctionlib=True,
    method=(
        "per-muon ID and isolation scale factors of the working points the muons are selected "
        "with (JSON-POG muon_Z entries NUM_<ID>ID_DEN_TrackerMuons and "
        "NUM_<ISO>(Rel|PF)Iso_DEN_<ID>ID...), evaluated with correctionlib at (|eta| or eta, "
        "pT) clamped into the measured range; the event weight is the product over the "
        "selected muons; up/down: the files' systup/systdown, all muons varied together"
    ),
)

#: NanoAOD's record of the electron energy scale and smearing: the ratio calibrated /
#: uncalibrated energy (pre-UL Run 2, 102X: the calibration is applied to Electron_pt) ...
ELECTRON_ECORR = "Electron_eCorr"
#: ... and the energy-scale and smearing uncertainties (UL Run 2, NanoAOD v9: Electron_pt is
#: the calibrated one; dEscale/dEsigma are the energy shifts of the up/down variations).
ELECTRON_SS_UNCERTAINTIES = (
    "Electron_dEscaleUp",
    "Electron_dEscaleDown",
    "Electron_dEsigmaUp",
    "Electron_dEsigmaDown",
)

#: The generator builds no electron energy-scale or resolution difference into the sim13
#: pseudo-data (chathep/generate/mismodel.py: muon scale, pileup, JER, b-tag only).
_NOT_SIM13_ELECTRON_SS = (
    "the sim13 pseudo-data electrons have the simulation's energy scale and resolution (no "
    "electron mismodelling is built in: chathep/generate/mismodel.py), so there is no scale "
    "or smearing to correct; the generator writes no Electron_eCorr or energy-scale "
    "uncertainty fields (recipes/electron_scale_smearing.md)"
)

ELECTRON_SS = Correction(
    name="electron_ss",
    label="electron energy scale and smearing",
    recipe="electron_scale_smearing",
    kind="electron_momentum",
    # "electron energy scale and smearing", "electron scale & smearing", "electron smearing",
    # "electron energy scale uncertainty"; never "electron scale factors"
    words=(
        r"\belectron\s+(?:energy\s+)?(?:scale\s*(?:and|&|\+|/)\s*)?smearing\b",
        r"\belectron\s+(?:energy\s+)?scale\b(?!\s*(?:factors?|sfs?)\b)",
        r"\b(?:egamma|egm)\s+scale\s*(?:and|&|\+|/)\s*smearing\b",
    ),
    # the data's calibrated scale is in Electron_pt too: data samples get the file's record
    on_data=True,
    not_in={SIM13: _NOT_SIM13_ELECTRON_SS},
    collection="Electron",
    listed_without_collection=False,
    method=(
        "nothing is applied by ChatHEP: where the file shows it (Electron_eCorr, pre-UL "
        "Run 2; Electron_dEscaleUp/Down and Electron_dEsigmaUp/Down, UL Run 2 NanoAOD v9) "
        "Electron_pt already holds the EGM scale (data) and smearing (MC); Run 3 NanoAOD "
        "(no such field) has uncorrected electrons, whose EGM correctionlib scale and "
        "smearing ChatHEP does not apply yet; the dEscale/dEsigma uncertainties are the "
        "correction electron_ss_unc. The per-sample reason names the field"
    ),
)

ELECTRON_SS_UNC = Correction(
    name="electron_ss_unc",
    label="electron energy scale and smearing uncertainties",
    recipe="electron_scale_smearing",
    kind="electron_momentum",
    # "electron energy scale uncertainty", "electron scale and smearing uncertainties",
    # "electron smearing variations", "electron scale systematics"
    words=(
        r"\belectron\s+(?:energy\s+)?(?:scale|smearing|resolution)"
        r"(?:\s*(?:and|&|\+|/)\s*(?:smearing|resolution))?\s+"
        r"(?:uncertaint(?:y|ies)|variations?|systematics?)\b",
    ),
    implies=(ELECTRON_SS.name,),
    not_in={SIM13: _NOT_SIM13_ELECTRON_SS},
    collection="Electron",
    listed_without_collection=False,
    mc_branches=tuple(
        (branch, "the UL NanoAOD energy shifts of the scale and smearing variations")
        for branch in ELECTRON_SS_UNCERTAINTIES
    ),
    object_systematics=("EleScaleUp", "EleScaleDown", "EleSmearUp", "EleSmearDown"),
    method=(
        "the UL NanoAOD (v9) fields: dEscaleUp/Down and dEsigmaUp/Down are the calibrated "
        "energy minus the energy of the variation, so each variation rebuilds the selection "
        "with the electrons' pT x (1 - dE / E), E = pT cosh(eta) (MC only; the nominal "
        "Electron_pt already holds the calibration). In NanoAOD v9 simulation the scale "
        "shifts are zero (a known production problem): the sample's record then says that "
        "EleScaleUp/Down equal the nominal"
    ),
)

#: The generator builds no lepton efficiency difference into the sim13 pseudo-data.
_NOT_SIM13_ELECTRON_SF = (
    "the sim13 pseudo-data have the simulation's electron reconstruction, ID and isolation "
    "efficiencies (no lepton mismodelling is built in: chathep/generate/mismodel.py), so "
    "their scale factors are 1 and no electron SF file exists for them (recipes/electron_sf.md)"
)

ELECTRON_SF = Correction(
    name="electron_sf",
    label="electron scale factors",
    recipe="electron_sf",
    kind="scale_factor",
    words=(
        r"\belectron\s+(?:(?:id(?:entification)?|iso(?:lation)?|reco(?:nstruction)?)\s*"
        r"(?:/|and|,|\+)?\s*)*(?:efficiency\s+)?(?:scale\s+factors?|sfs?)\b",
        r"\b(?:egamma|egm)\s+(?:scale\s+factors?|sfs?)\b",
    ),
    collection="Electron",
    listed_without_collection=False,
    not_in={SIM13: _NOT_SIM13_ELECTRON_SF},
    mc_branches=(("Electron_deltaEtaSC", "the EGM SFs are binned in supercluster eta"),),
    weight_systematics=("electronSFUp", "electronSFDown"),
    correctionlib=True,
    method=(
        "per-electron reconstruction and ID scale factors from a registered EGM JSON-POG "
        "file (entry UL-Electron-ID-SF or Electron-ID-SF, inputs year, ValType sf/sfup/"
        "sfdown, WorkingPoint, eta, pt): the ID working point the electrons are selected "
        "with (cutBased >= 1/2/3/4: Veto/Loose/Medium/Tight; mvaFall17V2Iso_WP80/WP90 or "
        "mvaIso_WP80/WP90: wp80iso/wp90iso) and, where the file has them, RecoBelow20 / "
        "RecoAbove20 by the electron pT, evaluated at the supercluster eta (eta + "
        "deltaEtaSC) and pT clamped into the measured range; the event weight is the "
        "product over the selected electrons; up/down: sfup/sfdown, all electrons together"
    ),
)

#: Every opt-in correction, in the order they are applied (and listed in "applied").
CORRECTIONS: tuple[Correction, ...] = (
    ROCHESTER,
    ELECTRON_SS,
    ELECTRON_SS_UNC,
    JER,
    JEC,
    BTAG_SF,
    PILEUP,
    MUON_SF,
    ELECTRON_SF,
    THEORY_SCALE,
    THEORY_PDF,
    PARTON_SHOWER,
    TOP_PT,
    XSEC_UNC,
    NLO_EW,
    VJETS_KFACTOR,
    GG_ZH,
    ROCHESTER_UNC,
)

#: Words that ask for several corrections at once; tried just before their first member's own.
GROUPS: tuple[CorrectionGroup, ...] = (
    CorrectionGroup(
        name="theory",
        words=(r"\btheor(?:y|etical)\s+(?:uncertaint(?:y|ies)|systematics?|variations?)\b",),
        members=(THEORY_SCALE.name, THEORY_PDF.name, PARTON_SHOWER.name),
    ),
)

BY_NAME: dict[str, Correction] = {c.name: c for c in CORRECTIONS}
#: Every correction name, in application order.
NAMES: tuple[str, ...] = tuple(BY_NAME)
#: What "all" expands to, in application order.
OPTIONAL: tuple[str, ...] = tuple(c.name for c in CORRECTIONS if c.in_all)
#: Asked for by name only.
EXTRA: tuple[str, ...] = tuple(c.name for c in CORRECTIONS if not c.in_all)
#: What a spec's and a draft's ``corrections`` may hold.
WORDS: tuple[str, ...] = (ALL, *NAMES)
#: The app's sidebar: name -> label.
LABELS: dict[str, str] = {c.name: c.label for c in CORRECTIONS}
#: The knowledge-base recipe page of each correction and of each always-applied MC weight.
RECIPE_OF: dict[str, str] = {
    **{name: name for name in ALWAYS_MC_RECIPES},
    **{c.name: c.recipe for c in CORRECTIONS},
}


def get(name: str) -> Correction:
    """The correction called ``name`` (KeyError names the known ones)."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown correction {name!r}; known: {', '.join(NAMES)}") from None


def requested(asked: Iterable[str], sources: Iterable[str] | None = None) -> list[str]:
    """The corrections ``asked`` stands for: ``all`` expanded, implied ones added, in order.

    ``sources``: the NanoAOD collections the analysis uses; ``all`` then leaves out the
    corrections with ``listed_without_collection=False`` whose collection is not among them.
    """
    wanted = set(asked)
    if ALL in wanted:
        used = None if sources is None else set(sources)
        wanted |= {
            c.name
            for c in CORRECTIONS
            if c.in_all
            and (
                used is None
                or c.listed_without_collection
                or c.collection is None
                or c.collection in used
            )
        }
    for name in list(wanted):
        if name in BY_NAME:
            wanted |= set(BY_NAME[name].implies)
    return [name for name in NAMES if name in wanted]


def kinds_of(applied: Iterable[str]) -> set[str]:
    """The kinds (:data:`Kind`) of the corrections in ``applied`` (other names ignored)."""
    return {BY_NAME[name].kind for name in applied if name in BY_NAME}


def systematics(applied: Iterable[str]) -> tuple[list[str], list[str]]:
    """(weight variations, object-momentum variations) the corrections in ``applied`` add.

    In the order of the "systematic" axis: generator weights, then scale factors; muon
    momentum, then jet momentum; within a kind, application order.
    """
    names = set(applied)
    chosen = [c for c in CORRECTIONS if c.name in names]
    weights = [s for k in WEIGHT_KINDS for c in chosen if c.kind == k for s in c.weight_systematics]
    objects = [
        s for k in MOMENTUM_KINDS for c in chosen if c.kind == k for s in c.object_systematics
    ]
    return weights, objects


def word_patterns() -> list[tuple[str, list[str]]]:
    """(regex, corrections it asks for), in the order the planner must try them.

    A correction whose words extend another's ("rochester uncertainty" vs "rochester") comes
    before it, so the longer phrase is read first; a group ("theory uncertainties") comes just
    before the own words of its first member.
    """
    position = {name: i for i, name in enumerate(NAMES)}

    def key(c: Correction) -> tuple[int, int]:
        return (position[c.implies[0]], 0) if c.implies else (position[c.name], 1)

    out: list[tuple[str, list[str]]] = []
    for c in sorted(CORRECTIONS, key=key):
        for group in GROUPS:
            if group.members[0] == c.name:
                out.append(("|".join(group.words), list(group.members)))
        if c.words:
            out.append(("|".join(c.words), [c.name]))
    return out
