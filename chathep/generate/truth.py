"""Pythia 8 events -> the generator-level record the detector model and NanoAOD need.

Events are generated in batches with Pythia's ``nextBatch``, which returns the whole event
record of every event as an Awkward Array: one C++ -> Python transfer per batch instead of
several Python calls per particle. :func:`chathep.generate.record.analyse_batch` (numba) then
walks each record once: final-state particles (GenJets, isolation, MET), the "interesting"
particles NanoAOD keeps in ``GenPart`` (hard process, first/last copies of t/W/Z/H/tau, final
b quarks from the hard process, weakly decaying b hadrons, final leptons and prompt
neutrinos) with their NanoAOD ``statusFlags``, the weakly decaying b/c hadrons and the
partons entering hadronisation (jet flavour). GenJets are anti-kT R=0.4 on visible
final-state particles (the algorithm of Pythia's SlowJet/fjcore, also in ``record``).
"""

from __future__ import annotations

from dataclasses import dataclass

import awkward as ak
import numpy as np

from chathep.errors import ConfigError
from chathep.generate.processes import COMMON_SETTINGS, PS_WEIGHT_LABELS, Process
from chathep.generate.record import PARTICLE_COLUMNS, analyse_batch

GENPART_FLOAT = ("pt", "eta", "phi", "mass")
GENPART_INT = ("pdgId", "status", "statusFlags", "genPartIdxMother")


@dataclass
class TruthBatch:
    """Generator-level content of a batch of events: per-event arrays and jagged collections.

    A jagged collection is a ``*_counts`` array (entries per event) plus flat columns.
    """

    n: int
    weight: np.ndarray  # (n,)
    ps_weights: np.ndarray  # (n, 4) ratios w_var / w_nominal in NanoAOD order
    generator: dict[str, np.ndarray]  # id1, id2, x1, x2, scalePDF (NanoAOD Generator_*)
    n_fs: np.ndarray  # number of final-state particles
    vis: np.ndarray  # (n, 3): sum px, sum py, sum pT of visible particles with |eta| < 5
    nu_sum: np.ndarray  # (n, 2): sum px, py of the neutrinos (GenMET)
    gen_counts: np.ndarray
    gen: dict[str, np.ndarray]  # GenPart columns (NanoAOD order = Pythia record order)
    lep_counts: np.ndarray  # final e/mu with pT > 3 GeV (reconstruction candidates)
    lep_p4: np.ndarray  # (L, 4) px, py, pz, E; electrons dressed with photons within dR < 0.1
    lep_iso: np.ndarray  # (L, 2) sum pT of other visible particles within dR < 0.3, 0.4
    lep_pid: np.ndarray
    lep_gen: np.ndarray  # index into the event's GenPart
    lep_origin: np.ndarray
    jet_counts: np.ndarray
    genjets: np.ndarray  # (J, 4) px, py, pz, E, by falling pT within an event
    bhad_counts: np.ndarray
    bhad: np.ndarray  # (B, 2) eta, phi of weakly decaying b hadrons
    chad_counts: np.ndarray
    chad: np.ndarray  # (C, 2) eta, phi of weakly decaying c hadrons
    part_counts: np.ndarray
    partons: np.ndarray  # (P, 4) pt, eta, phi, pdgId of partons entering hadronisation


def _incoming_b_hook(keep: str):
    """A Pythia UserHooks that vetoes events at the process level by incoming-parton flavour.

    ``keep="b"``: only hard processes with an incoming b or anti-b quark (bb -> Z/gamma*);
    ``keep="no-b"``: only the others. The veto comes before the shower, so a vetoed event costs
    only its hard-process sampling, and Pythia's ``sigmaGen()`` is the cross section of the
    events kept.
    """
    import pythia8mc

    class IncomingB(pythia8mc.UserHooks):
        def canVetoProcessLevel(self) -> bool:  # noqa: N802 - Pythia's API
            return True

        def doVetoProcessLevel(self, process) -> bool:  # noqa: N802
            b = abs(process[3].id()) == 5 or abs(process[4].id()) == 5
            return b != (keep == "b")  # True vetoes the event

    return IncomingB()


def make_pythia(process: Process, seed: int, *, mpi: bool = False, incoming_b: str | None = None):
    """A configured, initialised Pythia for ``process`` (``mpi``: multiparton interactions).

    ``incoming_b`` = "b" / "no-b" keeps only hard processes with / without an incoming b quark
    (the flavour split of a process and its b-initiated slice, see ``Process.slice_of``).
    Returns the Pythia object; with ``incoming_b`` it holds a reference to its hook.
    """
    import pythia8mc

    pythia = pythia8mc.Pythia("", False)
    settings = (
        *COMMON_SETTINGS,
        *process.settings,
        f"Random:seed = {int(seed)}",
        f"PartonLevel:MPI = {'on' if mpi else 'off'}",
    )
    for line in settings:
        if not pythia.readString(line):
            raise ConfigError(
                f"Pythia rejected the setting {line!r} for process {process.name}.",
                hint="Use pythia8mc==8.317.2 (the version the settings were written for).",
            )
    hook = None
    if incoming_b is not None:
        if incoming_b not in ("b", "no-b"):
            raise ConfigError(
                f"Unknown incoming-flavour selection {incoming_b!r}.", hint='Use "b" or "no-b".'
            )
        hook = _incoming_b_hook(incoming_b)
        pythia.setUserHooksPtr(hook)
    if not pythia.init():
        raise ConfigError(
            f"Pythia failed to initialise process {process.name}.",
            hint="Check the pythia8mc installation (pip install pythia8mc==8.317.2).",
        )
    _HOOKS[id(pythia)] = hook  # Pythia keeps only a C++ pointer: the hook must stay alive
    return pythia


def release_pythia(pythia) -> None:
    """Forget the hook kept alive for ``pythia`` (call when the job is done)."""
    _HOOKS.pop(id(pythia), None)


_HOOKS: dict[int, object] = {}


def ps_weight_indices(info) -> list[int]:
    """Indices of the four NanoAOD-ordered shower variations in Pythia's weight vector."""
    labels = [info.weightLabel(i) for i in range(info.nWeights())]
    try:
        return [labels.index(lab) for lab in PS_WEIGHT_LABELS]
    except ValueError:
        raise ConfigError(
            f"Pythia's shower-variation weights are {labels}, not the expected "
            f"{list(PS_WEIGHT_LABELS)}.",
            hint="Use pythia8mc==8.317.2.",
        ) from None


def batch_ps_weight_indices(info) -> list[int]:
    """:func:`ps_weight_indices`, checked against the weight vector ``nextBatch`` returns.

    ``nextBatch`` stores Pythia's ``weightValueVector()``, whose first ``nWeights()`` entries
    are the nominal weight and the shower variations in ``weightLabel`` order (the rest are
    the same variations again, by group); the names must agree.
    """
    index = ps_weight_indices(info)
    names = list(info.weightNameVector())
    for i, lab in zip(index, PS_WEIGHT_LABELS, strict=True):
        if i >= len(names) or names[i] != lab:
            raise ConfigError(
                f"Pythia's batch weight vector {names} does not hold {lab!r} at {i}.",
                hint="Use pythia8mc==8.317.2.",
            )
    return index


def _flat(array: ak.Array, dtype) -> np.ndarray:
    return np.ascontiguousarray(ak.to_numpy(ak.flatten(array, axis=1)), dtype=dtype)


def extract(run: ak.Array, ps_index: list[int]) -> TruthBatch:
    """The :class:`TruthBatch` of a batch of events returned by ``Pythia.nextBatch``."""
    prt = run["prt"]
    counts = ak.to_numpy(ak.num(prt, axis=1)).astype(np.int64)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    ints = [_flat(prt[c], np.int64) for c in PARTICLE_COLUMNS]
    mom = [_flat(prt["p", c], np.float64) for c in ("px", "py", "pz", "e")]
    mass = _flat(prt["m"], np.float64)
    n_fs, vis, nu_sum, gen, lep, jets, bhad, chad, part = analyse_batch(offsets, *ints, *mom, mass)

    info = run["info"]
    n = len(counts)
    weights = np.asarray(ak.to_numpy(info["weights"]), dtype=np.float64).reshape(n, -1)
    w0 = weights[:, 0]
    ok = w0 != 0
    ps = np.ones((n, len(ps_index)))
    ps[ok] = weights[ok][:, ps_index] / w0[ok, None]
    generator = {
        "id1": ak.to_numpy(info["id1"]),
        "id2": ak.to_numpy(info["id2"]),
        "x1": ak.to_numpy(info["x1"]),
        "x2": ak.to_numpy(info["x2"]),
        "scalePDF": np.sqrt(ak.to_numpy(info["Q2Fac"])),  # Pythia's Info::QFac()
    }
    return TruthBatch(
        n=n,
        weight=w0,
        ps_weights=ps,
        generator=generator,
        n_fs=n_fs,
        vis=vis,
        nu_sum=nu_sum,
        gen_counts=gen[0],
        gen={
            **{k: gen[1][:, j] for j, k in enumerate(GENPART_FLOAT)},
            **{k: gen[2][:, j] for j, k in enumerate(GENPART_INT)},
        },
        lep_counts=lep[0],
        lep_p4=lep[1][:, :4],
        lep_iso=lep[1][:, 4:],
        lep_pid=lep[2][:, 0],
        lep_gen=lep[2][:, 1],
        lep_origin=lep[2][:, 2],
        jet_counts=jets[0],
        genjets=jets[1],
        bhad_counts=bhad[0],
        bhad=bhad[1],
        chad_counts=chad[0],
        chad=chad[1],
        part_counts=part[0],
        partons=part[1],
    )
