"""Jet analyses: jet pT with an |eta| cut, MET with >= 2 jets, HT of muon-cleaned jets."""

from __future__ import annotations

from typing import Any

import awkward as ak
import numpy as np
from coffea.analysis_tools import PackedSelection

from benchmarks.expert.common import Binning, ExpertProcessor, flat


def central_jets(events: Any) -> Any:
    """AK4 jets with pT > 30 GeV and |eta| < 2.4."""
    jets = events.Jet
    return jets[(jets.pt > 30) & (abs(jets.eta) < 2.4)]


class JetPt(ExpertProcessor):
    """pT of every central jet (one entry per jet, event weight)."""

    HISTOGRAMS = {"jet_pt": Binning("jet_pt", 20, 0.0, 200.0)}

    def process(self, events: Any) -> dict[str, Any]:
        dataset = events.metadata["dataset"]
        output = self.book(dataset)
        jets = central_jets(events)
        weight = self.weights(events, dataset)
        self.summarise(output, dataset, PackedSelection(), weight)
        output["histograms"]["jet_pt"].fill(
            dataset=dataset,
            jet_pt=flat(jets.pt),
            weight=np.repeat(weight, ak.to_numpy(ak.num(jets))),
        )
        return output


class MetTwoJets(ExpertProcessor):
    """MET pT in events with >= 2 central jets."""

    HISTOGRAMS = {"met": Binning("met", 20, 0.0, 200.0)}

    def process(self, events: Any) -> dict[str, Any]:
        dataset = events.metadata["dataset"]
        output = self.book(dataset)
        selection = PackedSelection()
        selection.add("two jets", ak.to_numpy(ak.num(central_jets(events)) >= 2))
        weight = self.weights(events, dataset)
        passed = self.summarise(output, dataset, selection, weight)
        output["histograms"]["met"].fill(
            dataset=dataset, met=ak.to_numpy(events.MET.pt[passed]), weight=weight[passed]
        )
        return output


class HtCleaned(ExpertProcessor):
    """Scalar pT sum of central jets with DeltaR > 0.4 to every loose muon."""

    HISTOGRAMS = {"ht": Binning("ht", 20, 0.0, 500.0)}

    def process(self, events: Any) -> dict[str, Any]:
        dataset = events.metadata["dataset"]
        output = self.book(dataset)
        muons = events.Muon[(events.Muon.pt > 10) & events.Muon.looseId]
        jets = central_jets(events)
        jets = jets[ak.all(jets.metric_table(muons) > 0.4, axis=2)]
        selection = PackedSelection()
        selection.add("one jet", ak.to_numpy(ak.num(jets) >= 1))
        weight = self.weights(events, dataset)
        passed = self.summarise(output, dataset, selection, weight)
        output["histograms"]["ht"].fill(
            dataset=dataset, ht=ak.to_numpy(ak.sum(jets.pt[passed], axis=1)), weight=weight[passed]
        )
        return output
