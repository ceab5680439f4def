"""Dimuon invariant mass near the Z: tight isolated muons, single-muon trigger, best OS pair."""

from __future__ import annotations

from typing import Any

import awkward as ak
from coffea.analysis_tools import PackedSelection

from benchmarks.expert.common import Binning, ExpertProcessor, in_float64

Z_MASS = 91.1876


def tight_muons(events: Any, pt_min: float) -> Any:
    """Tight-ID, isolated (pfRelIso04 < 0.15) muons in the tracker acceptance."""
    mu = events.Muon
    return mu[(mu.pt > pt_min) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]


def z_candidate_mass(muons: Any) -> Any:
    """Per event: mass of the opposite-charge muon pair closest to m_Z (None if there is none)."""
    pairs = ak.combinations(muons, 2, fields=["l1", "l2"])
    pairs = pairs[pairs.l1.charge * pairs.l2.charge < 0]
    mass = (in_float64(pairs.l1) + in_float64(pairs.l2)).mass
    best = ak.argmin(abs(mass - Z_MASS), axis=1, keepdims=True)
    return ak.firsts(mass[best])


class DimuonMass(ExpertProcessor):
    """m(mumu) of the best Z candidate after trigger, two tight muons and an OS pair."""

    HISTOGRAMS = {"dimuon_mass": Binning("mass_mumu", 30, 60.0, 120.0)}

    def process(self, events: Any) -> dict[str, Any]:
        dataset = events.metadata["dataset"]
        output = self.book(dataset)
        muons = tight_muons(events, 25.0)
        mll = z_candidate_mass(muons)

        selection = PackedSelection()
        selection.add("trigger", ak.to_numpy(events.HLT.IsoMu24))
        selection.add("two muons", ak.to_numpy(ak.num(muons) >= 2))
        selection.add("opposite-charge pair", ak.to_numpy(~ak.is_none(mll)))
        weight = self.weights(events, dataset)
        passed = self.summarise(output, dataset, selection, weight)

        output["histograms"]["dimuon_mass"].fill(
            dataset=dataset,
            mass_mumu=ak.to_numpy(mll[passed]),
            weight=weight[passed],
        )
        return output
