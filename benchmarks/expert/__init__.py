"""Hand-written expert coffea processors, one per benchmark analysis (same output as ChatHEP's)."""

from __future__ import annotations

from benchmarks.expert.common import ExpertProcessor
from benchmarks.expert.dimuon import DimuonMass
from benchmarks.expert.jets import HtCleaned, JetPt, MetTwoJets
from benchmarks.expert.mt import MuonMT
from benchmarks.expert.zh import ZHbb

#: benchmark analysis name -> expert processor class
EXPERTS: dict[str, type[ExpertProcessor]] = {
    "dimuon_mass": DimuonMass,
    "jet_pt": JetPt,
    "met_two_jets": MetTwoJets,
    "ht_cleaned": HtCleaned,
    "zh_bb": ZHbb,
    "muon_mt": MuonMT,
}

__all__ = ["EXPERTS", "ExpertProcessor"]
