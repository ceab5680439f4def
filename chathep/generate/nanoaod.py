"""Write reconstructed events as NanoAOD: the branch names and types of real CMS NanoAOD.

Collections become ``n<Name>`` (uint32) counters plus ``<Name>_<field>`` jagged branches, as
in CMS files, so coffea's ``NanoAODSchema`` reads them unchanged. The ``Runs`` tree carries
``genEventCount`` / ``genEventSumw`` / ``genEventSumw2`` and ``PSSumw`` for normalisation.
Pseudo-data files carry no generator-level branch at all (like real data).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import awkward as ak
import numpy as np
import uproot

from chathep.generate.docs import BRANCH_DOCS

F4, I4, U1, B = np.float32, np.int32, np.uint8, np.bool_

#: collection -> field -> (dtype, is generator-level information)
COLLECTIONS: dict[str, dict[str, tuple[type, bool]]] = {
    "Muon": {
        "pt": (F4, False),
        "eta": (F4, False),
        "phi": (F4, False),
        "mass": (F4, False),
        "charge": (I4, False),
        "pdgId": (I4, False),
        "ptErr": (F4, False),
        "dxy": (F4, False),
        "dz": (F4, False),
        "pfRelIso03_all": (F4, False),
        "pfRelIso04_all": (F4, False),
        "looseId": (B, False),
        "mediumId": (B, False),
        "tightId": (B, False),
        "isGlobal": (B, False),
        "isTracker": (B, False),
        "isPFcand": (B, False),
        "nTrackerLayers": (I4, False),
        "jetIdx": (I4, False),
        "genPartIdx": (I4, True),
        "genPartFlav": (U1, True),
    },
    "Electron": {
        "pt": (F4, False),
        "eta": (F4, False),
        "phi": (F4, False),
        "mass": (F4, False),
        "charge": (I4, False),
        "pdgId": (I4, False),
        "deltaEtaSC": (F4, False),
        "dxy": (F4, False),
        "dz": (F4, False),
        "pfRelIso03_all": (F4, False),
        "cutBased": (I4, False),
        "mvaFall17V2Iso_WP90": (B, False),
        "mvaFall17V2Iso_WP80": (B, False),
        "jetIdx": (I4, False),
        "genPartIdx": (I4, True),
        "genPartFlav": (U1, True),
    },
    "Jet": {
        "pt": (F4, False),
        "eta": (F4, False),
        "phi": (F4, False),
        "mass": (F4, False),
        "area": (F4, False),
        "rawFactor": (F4, False),
        "btagDeepFlavB": (F4, False),
        "jetId": (I4, False),
        "puId": (I4, False),
        "muonIdx1": (I4, False),
        "muonIdx2": (I4, False),
        "electronIdx1": (I4, False),
        "electronIdx2": (I4, False),
        "nMuons": (I4, False),
        "nElectrons": (I4, False),
        "genJetIdx": (I4, True),
        "hadronFlavour": (I4, True),
        "partonFlavour": (I4, True),
    },
    "GenJet": {
        "pt": (F4, True),
        "eta": (F4, True),
        "phi": (F4, True),
        "mass": (F4, True),
        "partonFlavour": (I4, True),
        "hadronFlavour": (U1, True),
    },
    "GenPart": {
        "pt": (F4, True),
        "eta": (F4, True),
        "phi": (F4, True),
        "mass": (F4, True),
        "pdgId": (I4, True),
        "status": (I4, True),
        "statusFlags": (I4, True),
        "genPartIdxMother": (I4, True),
    },
}

#: event-level branch -> (dtype, is generator-level information)
SCALARS: dict[str, tuple[type, bool]] = {
    "run": (np.uint32, False),
    "luminosityBlock": (np.uint32, False),
    "event": (np.uint64, False),
    "genWeight": (F4, True),
    "Generator_weight": (F4, True),
    "Generator_id1": (I4, True),
    "Generator_id2": (I4, True),
    "Generator_x1": (F4, True),
    "Generator_x2": (F4, True),
    "Generator_scalePDF": (F4, True),
    "MET_pt": (F4, False),
    "MET_phi": (F4, False),
    "MET_sumEt": (F4, False),
    "MET_covXX": (F4, False),
    "MET_covXY": (F4, False),
    "MET_covYY": (F4, False),
    "MET_significance": (F4, False),
    "RawMET_pt": (F4, False),
    "RawMET_phi": (F4, False),
    "RawMET_sumEt": (F4, False),
    "GenMET_pt": (F4, True),
    "GenMET_phi": (F4, True),
    "PV_npvs": (I4, False),
    "PV_x": (F4, False),
    "PV_y": (F4, False),
    "PV_z": (F4, False),
    "PV_ndof": (F4, False),
    "PV_chi2": (F4, False),
    "PV_npvsGood": (I4, False),
    "fixedGridRhoFastjetAll": (F4, False),
    "fixedGridRhoFastjetCentral": (F4, False),
    "Pileup_nPU": (I4, True),
    "Pileup_nTrueInt": (F4, True),
    "HLT_IsoMu24": (B, False),
    "HLT_Mu50": (B, False),
    "HLT_Ele32_WPTight_Gsf": (B, False),
    "HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8": (B, False),
    "HLT_Ele23_Ele12_CaloIdL_TrackIdL_IsoVL": (B, False),
    "Flag_goodVertices": (B, False),
    "Flag_METFilters": (B, False),
}


class EventBuffer:
    """Accumulates batches of reconstructed events (:func:`detector.reconstruct`) as columns."""

    def __init__(self, is_data: bool) -> None:
        self.is_data = is_data
        self.counts: dict[str, list[np.ndarray]] = {c: [] for c in COLLECTIONS}
        self.columns: dict[str, dict[str, list[np.ndarray]]] = {
            c: {f: [] for f, (_, gen) in fields.items() if not (gen and is_data)}
            for c, fields in COLLECTIONS.items()
            if not (is_data and all(g for _, g in fields.values()))
        }
        self.scalars: dict[str, list[np.ndarray]] = {
            k: [] for k, (_, gen) in SCALARS.items() if not (gen and is_data)
        }
        self.ps_weights: list[np.ndarray] = []
        self.n = 0

    def __len__(self) -> int:
        return self.n

    def add(self, events: dict, scalars: dict, ps_weights: np.ndarray | None) -> None:
        """Add a batch: ``events`` from the detector, ``scalars`` (per-event or constant)."""
        n = len(next(iter(events["scalars"].values())))
        for coll, fields in self.columns.items():
            counts, content = events[coll]
            self.counts[coll].append(np.asarray(counts, dtype=np.int64))
            for f, sink in fields.items():
                sink.append(np.asarray(content[f]).astype(COLLECTIONS[coll][f][0], copy=False))
        merged = {**events["scalars"], **scalars}
        for k, sink in self.scalars.items():
            sink.append(np.broadcast_to(np.asarray(merged[k]).astype(SCALARS[k][0]), (n,)))
        if not self.is_data and ps_weights is not None:
            self.ps_weights.append(np.asarray(ps_weights, dtype=np.float64).reshape(n, 4))
        self.n += n

    def to_arrays(self) -> dict[str, ak.Array | np.ndarray]:
        """Branch data for ``uproot``: records of jagged fields per collection, flat scalars."""
        out: dict[str, ak.Array | np.ndarray] = {}
        for k, values in self.scalars.items():
            out[k] = np.concatenate(values) if values else np.zeros(0, SCALARS[k][0])
        for coll, fields in self.columns.items():
            parts = self.counts[coll]
            counts = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            record = {}
            for f, chunks in fields.items():
                dtype = COLLECTIONS[coll][f][0]
                flat = np.concatenate(chunks) if chunks else np.zeros(0, dtype)
                record[f] = ak.unflatten(flat, counts)
            out[coll] = ak.zip(record)
        if not self.is_data:
            ps = (np.concatenate(self.ps_weights) if self.ps_weights else np.zeros((0, 4))).astype(
                np.float32
            )
            out["PSWeight"] = ak.unflatten(ps.ravel(), np.full(len(ps), 4))
        return out


def _use_unsigned_counters(tree, sink) -> None:
    """Make the ``n<Collection>`` counters uint32 and set the doc strings, as in CMS NanoAOD.

    uproot has no option for the counter type or branch titles, so the branch metadata is
    adjusted right after ``mktree`` and rewritten (the TLeaf titles that ROOT parses are
    built separately and stay untouched); if uproot's internals change, counters stay int32
    (coffea reads both), titles stay uproot's, and a warning says so.
    """
    try:
        cascading = tree._cascading
        for datum in cascading._branch_data:
            if datum.get("kind") == "counter":
                datum["dtype"] = np.dtype(">u4")
                datum["fTitle"] = datum["fTitle"].replace("/I", "/i")
            doc = BRANCH_DOCS.get(datum.get("fName", ""))
            if doc and datum.get("kind") != "record":
                datum["fTitle"] = doc
        cascading.write_anew(sink)
    except Exception as exc:  # pragma: no cover - depends on uproot internals
        warnings.warn(f"NanoAOD counters written as int32 ({exc})", stacklevel=2)


def write_events(path: Path, arrays: dict, runs: dict[str, np.ndarray]) -> None:
    """Write the ``Events`` and ``Runs`` trees to ``path`` (overwritten)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".root.part")
    with uproot.recreate(tmp) as f:
        types = {k: (v.type if isinstance(v, ak.Array) else v.dtype) for k, v in arrays.items()}
        tree = f.mktree("Events", types, title="Events")
        _use_unsigned_counters(tree, f._file.sink)
        if len(next(iter(arrays.values()))):
            tree.extend(arrays)
        run_types = {
            k: (v.type if isinstance(v, ak.Array) else np.asarray(v).dtype) for k, v in runs.items()
        }
        rtree = f.mktree("Runs", run_types, title="Runs")
        _use_unsigned_counters(rtree, f._file.sink)
        rtree.extend(runs)
    tmp.replace(path)


def read_events(path: Path) -> dict[str, ak.Array | np.ndarray]:
    """Read an ``Events`` tree written by :func:`write_events` back into its write form.

    Collections are rebuilt by the NanoAOD convention (counter ``n<Name>``, branches
    ``<Name>_<field>``), never by uproot's ``how="zip"``: that zips branches whose offsets
    happen to be equal, so a file in which, say, no event has a muon or an electron comes
    back with a ``jagged0`` field instead of ``Muon`` and ``Electron``, and concatenating it
    with other files silently dropped both collections.
    """
    tree = uproot.open(path)["Events"]
    names = list(tree.keys())
    flat = tree.arrays(names, how=dict)
    jagged = {k for k in names if flat[k].ndim > 1}
    member: dict[str, str] = {}  # jagged branch -> its collection
    for counter in names:
        coll = counter[1:]
        if counter.startswith("n") and coll:
            for k in jagged:
                if k == coll or k.startswith(coll + "_"):
                    member[k] = coll
    out: dict[str, ak.Array | np.ndarray] = {}
    for name in names:
        coll = name[1:]
        if name in member:
            continue  # read with its collection
        if name.startswith("n") and coll in flat and coll in jagged:
            out[coll] = flat[coll]  # a jagged branch of its own (PSWeight)
        elif name.startswith("n") and any(member.get(k) == coll for k in jagged):
            fields = [k for k in names if member.get(k) == coll]
            out[coll] = ak.zip({k[len(coll) + 1 :]: flat[k] for k in fields})
        else:
            out[name] = ak.to_numpy(flat[name])
    return out


def runs_tree(
    is_data: bool, run: int, weights: np.ndarray, ps_weights: np.ndarray
) -> dict[str, np.ndarray]:
    """One ``Runs`` entry: the generated-event sums NanoAOD uses for MC normalisation."""
    if is_data:
        return {"run": np.array([run], dtype=np.uint32)}
    sumw = float(np.sum(weights, dtype=np.float64))
    ps = np.asarray(ps_weights, dtype=np.float64).reshape(-1, 4)
    ps_sumw = (weights[:, None] * ps).sum(axis=0) / sumw if sumw else np.ones(4)
    return {
        "run": np.array([run], dtype=np.uint32),
        "genEventCount": np.array([len(weights)], dtype=np.int64),
        "genEventSumw": np.array([sumw], dtype=np.float64),
        "genEventSumw2": np.array([float(np.sum(np.square(weights, dtype=np.float64)))]),
        "PSSumw": ak.Array([ps_sumw.astype(np.float64)]),
    }
