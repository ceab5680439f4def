"""Generator-level filters, reconstruction-level skims and generation presets.

A **generator-level filter** (:class:`GenFilter`) looks at the generator record of an event
right after Pythia, before the detector simulation: events that fail it are not simulated
(CPU saved) and not written. A **skim** (:class:`RecoSkim`) looks at the reconstructed
event and keeps only what an analysis of a class of final states can select: the files
stay small, and so does the analysis of them.

Both are applied the same way to the simulation and to the pseudo-data (which must stay
unweighted), so data and simulation describe the same phase space. The simulation keeps
its normalisation through the filter efficiency: ``sigma_eff = sigma x eff``, with ``eff``
= events kept / events generated, recorded in the catalog with its binomial uncertainty.
The skim is written into the catalog of every skimmed sample (``skim``), so an analysis
that selects outside it gets a note (:func:`chathep.skims.skim_notes`), never a silently
biased plot.

A **preset** (:data:`PRESETS`) is a complete generation recipe: processes, a common target
luminosity, filters and skim (``chathep data generate --preset hbb``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import awkward as ak
import numpy as np

from chathep.errors import SpecError


def _take(counts: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(new counts, flat mask) selecting the events in ``mask`` of a jagged collection."""
    counts = np.asarray(counts, dtype=np.int64)
    return counts[mask], np.repeat(mask, counts)


def _cleaned_count(
    jet_eta: ak.Array, jet_phi: ak.Array, lep_eta: ak.Array, lep_phi: ak.Array, dr: float
) -> np.ndarray:
    """Per event, the number of jets farther than ``dr`` from every lepton."""
    pairs = ak.cartesian({"j": jet_eta, "l": lep_eta}, axis=1, nested=True)
    phis = ak.cartesian({"j": jet_phi, "l": lep_phi}, axis=1, nested=True)
    dphi = np.mod(phis.j - phis.l + np.pi, 2 * np.pi) - np.pi
    dr2 = (pairs.j - pairs.l) ** 2 + dphi**2
    far = ak.all(dr2 > dr * dr, axis=2)  # True for a jet without leptons in the event
    return ak.to_numpy(ak.sum(far, axis=1)).astype(np.int64)


@dataclass(frozen=True)
class GenFilter:
    """At least ``min_leptons`` isolated generator e/mu and ``min_jets`` GenJets away from them.

    Leptons: final-state electrons (dressed) and muons with pT > ``lepton_pt``,
    |eta| < ``lepton_eta`` and a generator-level relative isolation (visible pT within
    dR < 0.4 / lepton pT) below ``lepton_iso``; leptons from b-hadron decays inside jets fail
    it, so the b jets that carry them still count as jets. Jets: GenJets (anti-kT 0.4 on
    visible particles, leptons included) with pT > ``jet_pt``, |eta| < ``jet_eta``, farther
    than dR 0.4 from the filter's leptons. Chosen looser than the reconstruction-level skim
    it precedes, so that the skim, not the filter, defines the phase space.
    """

    name: str
    min_leptons: int = 2
    lepton_pt: float = 10.0
    lepton_eta: float = 2.6
    lepton_iso: float = 0.5
    min_jets: int = 2
    jet_pt: float = 10.0
    jet_eta: float = 2.7

    def describe(self) -> str:
        return (
            f"generator level: >= {self.min_leptons} isolated e/mu (pT > {self.lepton_pt:g} "
            f"GeV, |eta| < {self.lepton_eta:g}, relative isolation < {self.lepton_iso:g}) and "
            f">= {self.min_jets} GenJets (pT > {self.jet_pt:g} GeV, |eta| < {self.jet_eta:g}, "
            "dR > 0.4 from those leptons)"
        )

    def mask(self, truth: Any) -> np.ndarray:
        """Events of a :class:`~chathep.generate.truth.TruthBatch` that pass."""
        lp = truth.lep_p4
        pt = np.hypot(lp[:, 0], lp[:, 1])
        p = np.sqrt(pt**2 + lp[:, 2] ** 2)
        eta = np.arctanh(np.clip(lp[:, 2] / np.maximum(p, 1e-12), -0.999999999, 0.999999999))
        phi = np.arctan2(lp[:, 1], lp[:, 0])
        iso = truth.lep_iso[:, 1] / np.maximum(pt, 1e-12)
        good = (pt > self.lepton_pt) & (np.abs(eta) < self.lepton_eta) & (iso < self.lepton_iso)
        good &= np.isin(np.abs(truth.lep_pid), (11, 13))
        lep_counts = np.asarray(truth.lep_counts, dtype=np.int64)
        n_lep = ak.to_numpy(ak.sum(ak.unflatten(good, lep_counts), axis=1))
        gj = truth.genjets
        jpt = np.hypot(gj[:, 0], gj[:, 1])
        jp = np.sqrt(jpt**2 + gj[:, 2] ** 2)
        jeta = np.arctanh(np.clip(gj[:, 2] / np.maximum(jp, 1e-12), -0.999999999, 0.999999999))
        jphi = np.arctan2(gj[:, 1], gj[:, 0])
        jgood = (jpt > self.jet_pt) & (np.abs(jeta) < self.jet_eta)
        jet_counts = np.asarray(truth.jet_counts, dtype=np.int64)
        jsel = ak.unflatten(jgood, jet_counts)
        lsel = ak.unflatten(good, lep_counts)
        n_jet = _cleaned_count(
            ak.unflatten(jeta, jet_counts)[jsel],
            ak.unflatten(jphi, jet_counts)[jsel],
            ak.unflatten(eta, lep_counts)[lsel],
            ak.unflatten(phi, lep_counts)[lsel],
            0.4,
        )
        return (n_lep >= self.min_leptons) & (n_jet >= self.min_jets)


def select_truth(truth: Any, mask: np.ndarray) -> Any:
    """The events of a TruthBatch in ``mask`` (every per-event and jagged field)."""
    from chathep.generate.truth import TruthBatch

    mask = np.asarray(mask, dtype=bool)
    gen_counts, gen_flat = _take(truth.gen_counts, mask)
    lep_counts, lep_flat = _take(truth.lep_counts, mask)
    jet_counts, jet_flat = _take(truth.jet_counts, mask)
    bhad_counts, bhad_flat = _take(truth.bhad_counts, mask)
    chad_counts, chad_flat = _take(truth.chad_counts, mask)
    part_counts, part_flat = _take(truth.part_counts, mask)
    return TruthBatch(
        n=int(mask.sum()),
        weight=truth.weight[mask],
        ps_weights=truth.ps_weights[mask],
        generator={k: v[mask] for k, v in truth.generator.items()},
        n_fs=truth.n_fs[mask],
        vis=truth.vis[mask],
        nu_sum=truth.nu_sum[mask],
        gen_counts=gen_counts,
        gen={k: v[gen_flat] for k, v in truth.gen.items()},
        lep_counts=lep_counts,
        lep_p4=truth.lep_p4[lep_flat],
        lep_iso=truth.lep_iso[lep_flat],
        lep_pid=truth.lep_pid[lep_flat],
        lep_gen=truth.lep_gen[lep_flat],
        lep_origin=truth.lep_origin[lep_flat],
        jet_counts=jet_counts,
        genjets=truth.genjets[jet_flat],
        bhad_counts=bhad_counts,
        bhad=truth.bhad[bhad_flat],
        chad_counts=chad_counts,
        chad=truth.chad[chad_flat],
        part_counts=part_counts,
        partons=truth.partons[part_flat],
    )


@dataclass(frozen=True)
class RecoSkim:
    """At least ``min_leptons`` loosely isolated reconstructed leptons and ``min_jets`` jets.

    Leptons: muons (|eta| < 2.4, pfRelIso04_all < ``lepton_iso``) and electrons (|eta| < 2.5,
    pfRelIso03_all < ``lepton_iso``) with pT > ``lepton_pt``, no identification requirement.
    Jets: pT > ``jet_pt``, |eta| < ``jet_eta``, dR > 0.4 from those leptons, no jet ID or
    pileup ID. The fields are what :func:`chathep.skims.skim_notes` compares a spec with.
    """

    name: str
    min_leptons: int = 2
    lepton_pt: float = 15.0
    lepton_iso: float = 0.4
    min_jets: int = 2
    jet_pt: float = 20.0
    jet_eta: float = 2.5

    def describe(self) -> str:
        return (
            f">= {self.min_leptons} reconstructed leptons (muons |eta| < 2.4 or electrons "
            f"|eta| < 2.5, pT > {self.lepton_pt:g} GeV, relative isolation < "
            f"{self.lepton_iso:g}, no ID) and >= {self.min_jets} jets (pT > {self.jet_pt:g} "
            f"GeV, |eta| < {self.jet_eta:g}, dR > 0.4 from those leptons, no jet ID)"
        )

    def catalog_entry(self, gen_filter: GenFilter | None) -> dict[str, Any]:
        """The ``skim`` mapping of a catalog entry (see :class:`chathep.catalog.Skim`)."""
        text = self.describe()
        if gen_filter is not None:
            text += (
                "; before it, the "
                + gen_filter.describe()
                + " (events passing the skim only through a pileup jet are missing: "
                "about 19 % of the DY events passing the skim, 3 % of ttbar)"
            )
        return {
            "name": self.name,
            "description": text,
            "min_leptons": self.min_leptons,
            "lepton_pt": self.lepton_pt,
            "min_jets": self.min_jets,
            "jet_pt": self.jet_pt,
            "jet_abs_eta": self.jet_eta,
        }

    def mask(self, events: dict) -> np.ndarray:
        """Events of a :func:`~chathep.generate.detector.reconstruct` batch that pass."""
        lep_eta, lep_phi, n_lep = [], [], None
        for coll, eta_max, iso in (
            ("Muon", 2.4, "pfRelIso04_all"),
            ("Electron", 2.5, "pfRelIso03_all"),
        ):
            counts, c = events[coll]
            counts = np.asarray(counts, dtype=np.int64)
            ok = (
                (np.asarray(c["pt"]) > self.lepton_pt)
                & (np.abs(np.asarray(c["eta"])) < eta_max)
                & (np.asarray(c[iso]) < self.lepton_iso)
            )
            sel = ak.unflatten(ok, counts)
            lep_eta.append(ak.unflatten(np.asarray(c["eta"], dtype=np.float64), counts)[sel])
            lep_phi.append(ak.unflatten(np.asarray(c["phi"], dtype=np.float64), counts)[sel])
            k = ak.to_numpy(ak.sum(sel, axis=1))
            n_lep = k if n_lep is None else n_lep + k
        counts, j = events["Jet"]
        counts = np.asarray(counts, dtype=np.int64)
        ok = (np.asarray(j["pt"]) > self.jet_pt) & (np.abs(np.asarray(j["eta"])) < self.jet_eta)
        sel = ak.unflatten(ok, counts)
        n_jet = _cleaned_count(
            ak.unflatten(np.asarray(j["eta"], dtype=np.float64), counts)[sel],
            ak.unflatten(np.asarray(j["phi"], dtype=np.float64), counts)[sel],
            ak.concatenate(lep_eta, axis=1),
            ak.concatenate(lep_phi, axis=1),
            0.4,
        )
        return (n_lep >= self.min_leptons) & (n_jet >= self.min_jets)


def select_events(events: dict, mask: np.ndarray) -> dict:
    """The events of a reconstructed batch in ``mask`` (collections and scalars)."""
    mask = np.asarray(mask, dtype=bool)
    out: dict[str, Any] = {}
    for key, value in events.items():
        if key == "scalars":
            out[key] = {
                k: (v[mask] if np.ndim(v) and len(v) == len(mask) else v) for k, v in value.items()
            }
            continue
        counts, content = value
        new_counts, flat = _take(counts, mask)
        out[key] = (new_counts, {f: np.asarray(v)[flat] for f, v in content.items()})
    return out


#: filters and skims by name (a job carries the name; workers look it up here)
GEN_FILTERS: dict[str, GenFilter] = {f.name: f for f in (GenFilter("2l2j"),)}
SKIMS: dict[str, RecoSkim] = {s.name: s for s in (RecoSkim("dilepton_2jets"),)}


@dataclass(frozen=True)
class Preset:
    """A generation recipe: processes at a common target luminosity, with filters and skim."""

    name: str
    description: str
    processes: tuple[str, ...]
    lumi_pb: float
    #: process -> generator filter name (processes not listed are not filtered)
    filters: dict[str, str]
    skim: str | None
    #: Pythia LO cross sections (pb) used only to size the samples (events = sigma x L x
    #: margin); the normalisation uses the sigma Pythia measures in the run itself
    size_xsec_pb: dict[str, float]
    #: processes generated with a fixed number of events instead (the signal: its sigma x L
    #: is a handful of events)
    fixed_events: dict[str, int] = field(default_factory=dict)
    margin: float = 1.05
    chunk_events: int = 20_000
    left_out: str = ""

    def events(self, process: str, scale: float = 1.0) -> int:
        """Events to generate (before filters) for ``process``; ``scale`` shrinks the preset."""
        if process in self.fixed_events:
            return max(1, round(self.fixed_events[process] * scale))
        return max(1, round(self.size_xsec_pb[process] * self.lumi_pb * self.margin * scale))


PRESETS: dict[str, Preset] = {
    "hbb": Preset(
        name="hbb",
        description="Z(ll)H(bb) statistics: every process that enters a two-lepton, "
        "two-jet selection at L = 100 pb^-1 (>= 100 expected background events in the "
        "H->bb signal region), with a dilepton + two-jet generator filter and skim.",
        processes=("DY", "DY_bb", "ttbar_dilep", "VV", "ZH"),
        lumi_pb=100.0,
        filters={p: "2l2j" for p in ("DY", "DY_bb", "ttbar_dilep", "VV", "ZH")},
        skim="dilepton_2jets",
        # the recommended cross sections (chathep/registry/cross_sections.py) the samples are
        # normalised to; DY and DY_bb share DY's k-factor (their Pythia LO split 4427 : 148)
        size_xsec_pb={"DY": 5880.6, "DY_bb": 196.6, "ttbar_dilep": 88.29, "VV": 185.59},
        fixed_events={"ZH": 20_000},
        left_out="W+jets, semileptonic/hadronic ttbar and WH: one prompt lepton, so they "
        "enter a two-lepton selection only with a fake or non-prompt second lepton, "
        "which the skim's isolation removes.",
    ),
}


def get_preset(name: str) -> Preset:
    """The preset ``name``, or a :class:`SpecError` naming the known ones."""
    preset = PRESETS.get(name.lower())
    if preset is None:
        raise SpecError(
            f"Unknown generation preset {name!r}.", hint=f"Presets: {', '.join(PRESETS)}."
        )
    return preset


def filter_efficiency(kept: int, tried: int) -> tuple[float, float]:
    """Efficiency kept / tried and its binomial uncertainty (1/tried when none or all pass)."""
    if tried <= 0:
        return 0.0, 0.0
    eff = kept / tried
    err = float(np.sqrt(eff * (1.0 - eff) / tried))
    return eff, max(err, 1.0 / tried) if kept in (0, tried) else err
