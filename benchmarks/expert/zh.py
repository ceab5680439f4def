"""ZH(ll bb) with Z -> mumu: Z candidate in a mass window, two b-tagged jets, m(bb) and n(b)."""

from __future__ import annotations

from typing import Any

import awkward as ak
import numpy as np
from coffea.analysis_tools import PackedSelection

from benchmarks.expert.common import Binning, ExpertProcessor, in_float64
from benchmarks.expert.dimuon import tight_muons, z_candidate_mass

#: DeepJet medium working point (UL18 value; the generated samples have no era-specific WPs).
DEEPJET_MEDIUM = 0.2783


class ZHbb(ExpertProcessor):
    """m(bb) of the two leading muon-cleaned b jets and n(b) in Z(mumu) events."""

    HISTOGRAMS = {
        "mbb": Binning("m_bb", 25, 0.0, 250.0),
        "n_bjets": Binning("n_bjets", 6, -0.5, 5.5),
    }

    def process(self, events: Any) -> dict[str, Any]:
        dataset = events.metadata["dataset"]
        output = self.book(dataset)
        muons = tight_muons(events, 20.0)
        jets = events.Jet
        bjets = jets[(jets.pt > 30) & (abs(jets.eta) < 2.4) & (jets.btagDeepFlavB > DEEPJET_MEDIUM)]
        bjets = bjets[ak.all(bjets.metric_table(muons) > 0.4, axis=2)]
        mll = z_candidate_mass(muons)
        n_b = ak.to_numpy(ak.num(bjets))

        selection = PackedSelection()
        selection.add("Z candidate", ak.to_numpy(~ak.is_none(mll)))
        selection.add("m(mumu) > 76", ak.to_numpy(ak.fill_none(mll > 76, False)))
        selection.add("m(mumu) < 106", ak.to_numpy(ak.fill_none(mll < 106, False)))
        selection.add("two b jets", n_b >= 2)
        weight = self.weights(events, dataset)
        passed = self.summarise(output, dataset, selection, weight)

        b = in_float64(bjets[passed])
        output["histograms"]["mbb"].fill(
            dataset=dataset, m_bb=ak.to_numpy((b[:, 0] + b[:, 1]).mass), weight=weight[passed]
        )
        output["histograms"]["n_bjets"].fill(
            dataset=dataset, n_bjets=n_b[passed].astype(np.float64), weight=weight[passed]
        )
        return output
