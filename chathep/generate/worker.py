"""One generation job: Pythia events of one process -> detector response -> one NanoAOD file.

Jobs run in worker processes; their inputs and results are plain JSON-compatible dicts.
Events are made in batches of :data:`BATCH_EVENTS`: Pythia's ``nextBatch`` returns the event
records of a batch as one Awkward Array, the generator-level content is extracted by compiled
code (:mod:`chathep.generate.record`) and the detector response is computed with NumPy on the
whole batch; the file is written once at the end of the job.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from chathep.errors import DataError
from chathep.generate.detector import reconstruct
from chathep.generate.filters import GEN_FILTERS, SKIMS, select_events, select_truth
from chathep.generate.nanoaod import EventBuffer, runs_tree, write_events
from chathep.generate.pileup import DATA_PILEUP, MC_PILEUP
from chathep.generate.processes import PROCESSES
from chathep.generate.truth import (
    batch_ps_weight_indices,
    extract,
    make_pythia,
    release_pythia,
)

MB_TO_PB = 1.0e9
#: events per Pythia batch: large enough that the per-batch NumPy overhead is negligible,
#: small enough for a smooth progress bar and modest memory (a ttbar batch is ~30 MB)
BATCH_EVENTS = 250
_progress_queue = None  # set in worker processes by init_worker


def init_worker(queue) -> None:
    """Process-pool initializer: remember the queue progress ticks go to."""
    global _progress_queue
    _progress_queue = queue


def _tick(tag: str, n: int, callback) -> None:
    if n <= 0:
        return
    if callback is not None:
        callback(tag, n)
    elif _progress_queue is not None:
        _progress_queue.put((tag, n))


def run_job(job: dict[str, Any], progress=None) -> dict[str, Any]:
    """Generate ``job['n_events']`` events of ``job['process']`` into ``job['path']``.

    ``job`` keys: process, n_events, seed, path, is_data, run, lumi_block, first_event, mpi, tag,
    and optionally ``incoming_b``: "b" keeps only hard processes with an incoming b quark,
    "no-b" only the others (a process split from its b-initiated slice); ``gen_filter`` and
    ``skim``: names in :mod:`chathep.generate.filters` (events failing the generator filter
    are not simulated; those failing the skim are not written). ``n_events`` is the number
    of events generated; ``n_events`` in the result those written, ``n_tried`` those
    generated. Returns counts,
    weight sums, Pythia's cross-section estimate of the generated events (JSON-compatible) and
    the CPU time split between Pythia (``pythia_cpu_seconds``: hard process, shower,
    hadronisation, decays) and the rest (extraction, detector, file writing).
    """
    start = time.perf_counter()
    cpu_start = time.process_time()
    process = PROCESSES[job["process"]]
    is_data = bool(job["is_data"])
    n_target = int(job["n_events"])
    pythia = make_pythia(
        process,
        int(job["seed"]),
        mpi=bool(job.get("mpi", False)),
        incoming_b=job.get("incoming_b"),
    )
    ps_index = batch_ps_weight_indices(pythia.infoPython())
    rng = np.random.default_rng(int(job["seed"]))
    profile = DATA_PILEUP if is_data else MC_PILEUP
    n_true_all = profile.sample(rng, n_target)
    buffer = EventBuffer(is_data)
    weights: list[np.ndarray] = []
    failures = 0
    n_done = 0  # events generated (before filter and skim)
    n_kept = 0
    n_gen_pass = 0
    sumw_tried = 0.0
    gen_filter = GEN_FILTERS[job["gen_filter"]] if job.get("gen_filter") else None
    skim = SKIMS[job["skim"]] if job.get("skim") else None
    cpu_pythia = time.process_time() - cpu_start  # initialisation counts as Pythia
    while n_done < n_target:
        asked = min(BATCH_EVENTS, n_target - n_done)
        t0 = time.process_time()
        run = pythia.nextBatch(asked)  # errorMode "skip": failed events are left out
        cpu_pythia += time.process_time() - t0
        got = len(run)
        failures += asked - got
        if failures > 100 + n_target // 10:
            raise DataError(
                f"Pythia failed {failures} times generating {process.name}.",
                hint="Check the process settings in chathep/generate/processes.py.",
            )
        if got == 0:
            continue
        truth = extract(run, ps_index)
        n_true = n_true_all[n_done : n_done + got]
        number = int(job["first_event"]) + n_done + np.arange(got, dtype=np.uint64)
        sumw_tried += float(truth.weight.sum())
        n_done += got
        _tick(job["tag"], got, progress)
        if gen_filter is not None:  # before the detector: failing events cost no more CPU
            keep = gen_filter.mask(truth)
            truth, n_true, number = select_truth(truth, keep), n_true[keep], number[keep]
        n_gen_pass += truth.n
        if truth.n == 0:
            continue
        events = reconstruct(truth, n_true, rng.poisson(n_true), is_data, rng)
        weight, ps_weights = truth.weight, truth.ps_weights
        generator = truth.generator
        if skim is not None:
            keep = skim.mask(events)
            events, number = select_events(events, keep), number[keep]
            weight, ps_weights = weight[keep], ps_weights[keep]
            generator = {k: v[keep] for k, v in generator.items()}
            if not keep.any():
                continue
        scalars = {
            "run": job["run"],
            "luminosityBlock": job["lumi_block"],
            "event": number,
            "genWeight": weight,
            "Generator_weight": weight,
            **{f"Generator_{k}": v for k, v in generator.items()},
        }
        buffer.add(events, scalars, ps_weights)
        weights.append(weight)
        n_kept += len(weight)
    gen_seconds = time.perf_counter() - start
    gen_cpu_seconds = time.process_time() - cpu_start

    w = np.concatenate(weights) if weights else np.zeros(0)
    ps = np.concatenate(buffer.ps_weights) if buffer.ps_weights else np.zeros((0, 4))
    write_events(Path(job["path"]), buffer.to_arrays(), runs_tree(is_data, int(job["run"]), w, ps))
    info = pythia.infoPython()
    release_pythia(pythia)
    return {
        "process": process.name,
        "path": str(job["path"]),
        "is_data": is_data,
        "n_events": n_kept,
        "n_tried": n_done,
        "n_gen_pass": n_gen_pass,
        "sumw_tried": sumw_tried,
        "gen_filter": job.get("gen_filter"),
        "skim": job.get("skim"),
        "sumw": float(w.sum()),
        "sumw2": float(np.square(w).sum()),
        # with an incoming-flavour veto, sigmaGen() is the cross section of the kept events
        "xsec_pb": float(info.sigmaGen() * MB_TO_PB),
        "xsec_err_pb": float(info.sigmaErr() * MB_TO_PB),
        "n_accepted": int(info.nAccepted()),
        "seconds": time.perf_counter() - start,
        "generation_seconds": gen_seconds,
        "generation_cpu_seconds": gen_cpu_seconds,
        "pythia_cpu_seconds": cpu_pythia,
        "cpu_seconds": time.process_time() - cpu_start,
    }
