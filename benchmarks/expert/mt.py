"""Transverse mass of the leading tight muon and the MET (W-like selection)."""

from __future__ import annotations

from typing import Any

import awkward as ak
import numpy as np
from coffea.analysis_tools import PackedSelection

from benchmarks.expert.common import Binning, ExpertProcessor
from benchmarks.expert.dimuon import tight_muons


class MuonMT(ExpertProcessor):
    """mT(mu, MET) of the leading tight muon; computed for selected events only."""

    HISTOGRAMS = {"mt": Binning("mt", 20, 0.0, 200.0)}

    def process(self, events: Any) -> dict[str, Any]:
        dataset = events.metadata["dataset"]
        output = self.book(dataset)
        muons = tight_muons(events, 25.0)
        selection = PackedSelection()
        selection.add("one muon", ak.to_numpy(ak.num(muons) >= 1))
        weight = self.weights(events, dataset)
        passed = self.summarise(output, dataset, selection, weight)

        lead = muons[passed][:, 0]
        met = events.MET[passed]
        dphi = (lead.phi - met.phi + np.pi) % (2 * np.pi) - np.pi
        mt = np.sqrt(2 * lead.pt * met.pt * (1 - np.cos(dphi)))
        output["histograms"]["mt"].fill(dataset=dataset, mt=ak.to_numpy(mt), weight=weight[passed])
        return output
