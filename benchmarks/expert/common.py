"""What every expert processor shares: sample normalisation, histogram booking, the cutflow.

The expert processors are the yardstick for ChatHEP's generated code: written the way an
experienced coffea user writes a processor by hand (NanoAODSchema with lazily read columns,
vectorised awkward, PackedSelection, one ``hist.Hist`` per observable with a dataset axis), and
producing the same histograms, cutflow and yields as the generated module, so that events/s of
the two measure the same work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import awkward as ak
import hist
import numpy as np
from coffea import processor
from coffea.analysis_tools import PackedSelection


@dataclass(frozen=True)
class Binning:
    """A regular histogram axis: the same numbers as the spec's histogram."""

    name: str
    bins: int
    start: float
    stop: float


class ExpertProcessor(processor.ProcessorABC):
    """Base: per-sample event weights, booking and the cutflow; subclasses do the physics.

    ``samples`` maps dataset -> {"kind", "xsec_pb", "sum_genweight"} (the catalog numbers the
    generated module embeds); MC is weighted by genWeight x xsec x lumi / sum genWeight.
    """

    #: histogram name -> binning; set by each analysis
    HISTOGRAMS: dict[str, Binning] = {}

    def __init__(self, samples: dict[str, dict[str, Any]], lumi_pb: float) -> None:
        self.samples = samples
        self.lumi_pb = lumi_pb

    def weights(self, events: Any, dataset: str) -> np.ndarray:
        """Per-event weight: ones for data, genWeight x xsec x lumi / sum genWeight for MC."""
        sample = self.samples[dataset]
        if sample["kind"] == "data":
            return np.ones(len(events))
        norm = sample["xsec_pb"] * self.lumi_pb / sample["sum_genweight"]
        return ak.to_numpy(events.genWeight) * np.full(len(events), norm)

    def book(self, dataset: str) -> dict[str, Any]:
        """Empty histograms (dataset x observable, weighted) and the per-sample summaries."""
        histograms = {
            name: hist.Hist(
                hist.axis.StrCategory(list(self.samples), name="dataset"),
                hist.axis.Regular(b.bins, b.start, b.stop, name=b.name),
                storage=hist.storage.Weight(),
            )
            for name, b in self.HISTOGRAMS.items()
        }
        return {"histograms": histograms, "cutflow": {dataset: {}}, "yields": {dataset: {}}}

    @staticmethod
    def summarise(
        output: dict[str, Any], dataset: str, selection: PackedSelection, weight: np.ndarray
    ) -> np.ndarray:
        """Fill cutflow (events, sum of weights after each step) and yields; return the mask."""
        cutflow = {"all events": {"events": len(weight), "sumw": float(np.sum(weight))}}
        passed = np.ones(len(weight), dtype=bool)
        for name in selection.names:
            passed = selection.all(*selection.names[: selection.names.index(name) + 1])
            cutflow[name] = {"events": int(np.sum(passed)), "sumw": float(np.sum(weight[passed]))}
        output["cutflow"][dataset] = cutflow
        output["yields"][dataset] = {
            "events": int(np.sum(passed)),
            "sumw": float(np.sum(weight[passed])),
            "sumw2": float(np.sum(weight[passed] ** 2)),
        }
        return passed

    def postprocess(self, accumulator: Any) -> Any:
        return accumulator


def flat(values: Any) -> np.ndarray:
    """A (possibly jagged) awkward array as a flat NumPy array."""
    return ak.to_numpy(ak.flatten(values, axis=None))


def in_float64(objects: Any) -> Any:
    """pt, eta, phi and mass as float64 (NanoAOD stores float32), so that four-vector sums and
    pair masses are computed in double precision, as the generated code computes them."""
    for field in ("pt", "eta", "phi", "mass"):
        objects = ak.with_field(objects, ak.values_astype(objects[field], np.float64), field)
    return objects
