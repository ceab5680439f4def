"""The physics processes the generator knows: Pythia 8 settings, legend labels, colours.

Every process is a leading-order Pythia 8 hard process at sqrt(s) = 13 TeV with the default
Monash tune. Decays are restricted in the hard process where that saves CPU (leptonic Z/W,
H -> bb); Pythia's ``sigmaGen()`` already includes the branching fraction of forced decays, so
the cross section it reports is the LO one of the generated final state. The catalog
normalises to the recommended (N)NLO cross section instead (:func:`normalisations`,
``chathep/registry/cross_sections.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chathep.errors import SpecError
from chathep.registry import cross_sections

#: Settings common to every sample (13 TeV pp, top and Higgs masses as in CMS samples).
COMMON_SETTINGS: tuple[str, ...] = (
    "Beams:idA = 2212",
    "Beams:idB = 2212",
    "Beams:eCM = 13000.",
    "6:m0 = 172.5",
    "25:m0 = 125.0",
    "Print:quiet = on",
    "Next:numberCount = 0",
    "Random:setSeed = on",
    # pi0 -> gamma gamma is left to the "calorimeter": a stable pi0 deposits the same energy in
    # jets, isolation cones and MET and halves the event record the Python side has to read.
    "111:mayDecay = off",
    # tau decays without Pythia's spin-correlated matrix elements (isotropic decays from the
    # decay tables): 5-10x faster for tau-rich samples; tau polarisation effects are lost.
    "TauDecays:mode = 0",
    # Parton-shower variations (Pythia's UncertaintyBands) -> NanoAOD PSWeight, computed by
    # reweighting the same events. Not free: to keep the variation weights small the shower
    # makes extra trial emissions ("oversampling", default 3 in FSR and 2 in ISR), and the
    # variations took 60 % of Pythia's time. Oversampling 2 (FSR) and 1 (ISR) makes Pythia
    # 26-33 % faster; the nominal events follow the same distributions (oversampling splits
    # the same emission probability into more trials) and each variation keeps 89-100 % of
    # the effective statistics it had (ZH FSR-up: 0.67 N instead of 0.75 N); measurements in
    # knowledge_base/recipes/detector_response.md.
    "UncertaintyBands:doVariations = on",
    "UncertaintyBands:overSampleFSR = 2.0",
    "UncertaintyBands:overSampleISR = 1.0",
    "UncertaintyBands:List = {isrHi isr:muRfac=0.5, fsrHi fsr:muRfac=0.5, "
    "isrLo isr:muRfac=2.0, fsrLo fsr:muRfac=2.0}",
    # no FSR variation below pT = sqrt(20) x 0.5 GeV = 2.2 GeV (default 1 GeV): the soft,
    # nearly non-perturbative branchings only add weight fluctuations (ttbar FSR-up weights:
    # per-event spread 2.8 -> 0.9, 99 % quantile 12 -> 4, at no CPU cost).
    "UncertaintyBands:FSRpTmin2Fac = 20.0",
)

#: NanoAOD PSWeight order: [0] ISR=0.5 FSR=1; [1] ISR=1 FSR=0.5; [2] ISR=2 FSR=1; [3] ISR=1 FSR=2
#: (the numbers are the factors on the shower renormalisation scale, as in the pre-v9 NanoAOD
#: doc string): the CMS layout, [0] ISR up and [1] FSR up (muRfac = 0.5: MORE radiation),
#: [2] ISR down and [3] FSR down (knowledge_base/recipes/parton_shower.md).
PS_WEIGHT_LABELS: tuple[str, ...] = (
    "isr.murfac=0.5",
    "fsr.murfac=0.5",
    "isr.murfac=2.0",
    "fsr.murfac=2.0",
)
PS_WEIGHT_DOC = (
    "PS weights (w_var / w_nominal); [0] is ISR=0.5 FSR=1; [1] is ISR=1 FSR=0.5; "
    "[2] is ISR=2 FSR=1; [3] is ISR=1 FSR=2"
)


@dataclass(frozen=True)
class Process:
    """One generated process: how to configure Pythia and how to show it."""

    name: str
    label: str
    description: str
    settings: tuple[str, ...]
    color: str
    aliases: tuple[str, ...] = field(default_factory=tuple)
    is_signal: bool = False
    #: processes generating the same events (never both in one pseudo-data sample)
    overlaps: tuple[str, ...] = field(default_factory=tuple)
    #: the b-initiated slice of another process: the same Pythia settings, only hard processes
    #: with an incoming b quark are kept (vetoed before the shower); when both are generated
    #: the parent keeps only the other hard processes (stitching by incoming flavour)
    slice_of: str | None = None
    #: events generated relative to ``n_events``
    size_factor: float = 1.0

    @property
    def catalog_process(self) -> str:
        """The ``process`` of its catalog entry: a slice is part of its parent process."""
        return self.slice_of or self.name


DY_SETTINGS: tuple[str, ...] = (
    "WeakSingleBoson:ffbar2gmZ = on",
    "PhaseSpace:mHatMin = 50.",
    "23:onMode = off",
    "23:onIfAny = 11 13 15",
)

PROCESSES: dict[str, Process] = {
    p.name: p
    for p in (
        Process(
            name="DY",
            label=r"Drell-Yan $Z/\gamma^*\to\ell\ell$",
            description="Z/gamma* -> ee, mumu, tautau with m(ll) > 50 GeV (Pythia 8 "
            "ffbar2gmZ, full Z/gamma* interference; jets from the shower with ME corrections).",
            settings=DY_SETTINGS,
            color="#ffbf3f",
            aliases=("dy", "drell-yan", "drell yan", "z+jets", "zjets", "zll", "z to ll"),
        ),
        Process(
            name="ttbar",
            label=r"$t\bar{t}$",
            description="Inclusive ttbar (gg -> tt, qqbar -> tt), all top decays, m_t = 172.5 GeV.",
            settings=("Top:gg2ttbar = on", "Top:qqbar2ttbar = on"),
            color="#e42536",
            aliases=("ttbar", "tt", "top", "top pair", "top pairs"),
            overlaps=("ttbar_dilep",),
        ),
        Process(
            name="ttbar_dilep",
            label=r"$t\bar{t}$ (dileptonic)",
            description="ttbar with both W -> e nu, mu nu, tau nu (like CMS TTTo2L2Nu): the "
            "cheap ttbar sample for dilepton selections (Z(ll)H(bb), DY control regions).",
            settings=(
                "Top:gg2ttbar = on",
                "Top:qqbar2ttbar = on",
                "24:onMode = off",
                "24:onIfAny = 11 13 15",
            ),
            color="#e42536",
            aliases=("ttbar dilepton", "tt2l2nu", "ttto2l2nu", "dileptonic ttbar"),
            overlaps=("ttbar",),
        ),
        Process(
            name="WJets",
            label=r"$W(\to\ell\nu)$+jets",
            description="W -> e nu, mu nu, tau nu (Pythia 8 ffbar2W; additional jets from the "
            "shower with matrix-element corrections for the first emission).",
            settings=(
                "WeakSingleBoson:ffbar2W = on",
                "24:onMode = off",
                "24:onIfAny = 11 13 15",
            ),
            color="#964a8b",
            aliases=("w+jets", "wjets", "w", "w to lnu", "wlnu"),
        ),
        Process(
            name="VV",
            label="Diboson (WW, WZ, ZZ)",
            description="Inclusive WW, WZ and ZZ production (Pythia 8 ffbar2WW, ffbar2ZW, "
            "ffbar2gmZgmZ with pure Z exchange), all decays; includes ZZ -> ll bb, the "
            "irreducible resonant background of ZH(bb).",
            settings=(
                "WeakDoubleBoson:ffbar2gmZgmZ = on",
                "WeakDoubleBoson:ffbar2ZW = on",
                "WeakDoubleBoson:ffbar2WW = on",
                "WeakZ0:gmZmode = 2",
            ),
            color="#94a4a2",
            aliases=("diboson", "vv", "ww", "wz", "zz"),
        ),
        Process(
            name="ZH",
            label=r"$ZH, H\to b\bar{b}$",
            description="qqbar -> ZH with Z -> ee, mumu, tautau and H -> bb (m_H = 125 GeV).",
            settings=(
                "HiggsSM:ffbar2HZ = on",
                "25:onMode = off",
                "25:onIfMatch = 5 -5",
                "23:onMode = off",
                "23:onIfAny = 11 13 15",
            ),
            color="#3f90da",
            aliases=("zh", "zhbb", "vh", "higgs", "h->bb", "hbb", "signal"),
            is_signal=True,
        ),
        Process(
            name="WH",
            label=r"$WH, H\to b\bar{b}$",
            description="qqbar' -> WH with W -> e nu, mu nu, tau nu and H -> bb (m_H = 125 GeV).",
            settings=(
                "HiggsSM:ffbar2HW = on",
                "25:onMode = off",
                "25:onIfMatch = 5 -5",
                "24:onMode = off",
                "24:onIfAny = 11 13 15",
            ),
            color="#92dadd",
            aliases=("wh", "whbb", "vh", "higgs", "signal"),
            is_signal=True,
        ),
        # new processes go at the end: a job's seed depends on the process's position here
        Process(
            name="DY_bb",
            label=r"Drell-Yan $Z/\gamma^*\to\ell\ell$",
            description="The b-initiated slice of DY: b bbar -> Z/gamma* -> ee, mumu, tautau "
            "(m(ll) > 50 GeV), 3 % of DY, where Pythia's initial-state shower makes the "
            "accompanying b jets (g -> b bbar); the source of most DY events with two b-tags. "
            "Stitched with DY by the flavour of the incoming partons: with both, DY keeps "
            "only hard processes without an incoming b quark; each LO cross section is "
            "Pythia's sigmaGen() of the events it keeps, both scaled by one k-factor to the "
            "NNLO sigma(DY).",
            settings=DY_SETTINGS,
            color="#ffbf3f",
            aliases=("dy_bb", "dy+b", "z+b", "z+bb", "zbb", "z+heavy flavour", "bb -> z"),
            slice_of="DY",
        ),
    )
}

#: the default set: every process once (inclusive ttbar, not its dileptonic subset), and the
#: b-initiated slice of DY, without which DY has almost no events in two-b-tag regions
DEFAULT_PROCESSES: tuple[str, ...] = ("DY", "ttbar", "WJets", "VV", "ZH", "WH", "DY_bb")


def resolve_processes(names: list[str] | tuple[str, ...] | None) -> list[Process]:
    """Processes by name (case-insensitive); ``None`` means :data:`DEFAULT_PROCESSES`.

    Overlapping processes (ttbar and its dileptonic subset) cannot be combined: the
    pseudo-data would contain those events twice.
    """
    if not names:
        names = DEFAULT_PROCESSES
    lookup = {k.lower(): v for k, v in PROCESSES.items()}
    out: list[Process] = []
    for name in names:
        proc = lookup.get(name.lower())
        if proc is None:
            raise SpecError(
                f"Unknown process {name!r} for the sample generator.",
                hint=f"Choose among {', '.join(PROCESSES)}.",
            )
        if proc not in out:
            out.append(proc)
    for proc in out:
        clash = [o.name for o in out if o.name in proc.overlaps]
        if clash:
            raise SpecError(
                f"Processes {proc.name} and {clash[0]} describe the same events.",
                hint="Choose one of them (ttbar_dilep is the cheap subset for dilepton work).",
            )
    return out


@dataclass(frozen=True)
class Normalisation:
    """The cross section a generated sample is normalised to, and where it comes from."""

    pb: float
    lo_pb: float
    order: str
    #: relative (up, down) uncertainty; (0, 0) where none is documented
    uncertainty: tuple[float, float]
    source: str


def normalisations(procs: list[Process], xsec_lo: dict[str, float]) -> dict[str, Normalisation]:
    """The recommended cross section of each generated process (chathep.registry.cross_sections)
    in place of Pythia's LO ``sigmaGen()`` (``xsec_lo``).

    A b-initiated slice and its parent share one k-factor, sigma_best / sigma_LO of the
    inclusive process (the sum of the slices' LO cross sections when both are generated), so
    the stitched sum is the recommended inclusive cross section. A slice generated without its
    parent keeps its LO cross section: the inclusive LO one is then unknown.
    """
    out: dict[str, Normalisation] = {}
    names = {p.name for p in procs}
    for proc in procs:
        lo = xsec_lo[proc.name]
        best = cross_sections.get(proc.catalog_process)
        parent_missing = proc.slice_of is not None and proc.slice_of not in names
        if best is None or parent_missing:
            why = (
                f"generated without {proc.slice_of}, whose LO cross section the k-factor needs"
                if parent_missing
                else "no recommended cross section in chathep/registry/cross_sections.py"
            )
            out[proc.name] = Normalisation(lo, lo, "LO (Pythia 8 sigmaGen)", (0.0, 0.0), why)
            continue
        family = [p.name for p in procs if p.catalog_process == proc.catalog_process]
        k = best.pb / sum(xsec_lo[n] for n in family)
        source = best.source
        if len(family) > 1:
            source += f"; shared k-factor {k:.4f} over the stitched slices {', '.join(family)}"
        out[proc.name] = Normalisation(lo * k, lo, best.order, best.uncertainty, source)
    return out
