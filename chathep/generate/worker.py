"""One generation job: Pythia events of one process -> detector response -> one NanoAOD file.

Jobs run in worker processes; their inputs and results are plain JSON-compatible dicts.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from chathep.errors import DataError
from chathep.generate.detector import Conditions, reconstruct
from chathep.generate.nanoaod import EventBuffer, runs_tree, write_events
from chathep.generate.pileup import DATA_PILEUP, MC_PILEUP
from chathep.generate.processes import PROCESSES
from chathep.generate.truth import TruthExtractor, make_pythia

MB_TO_PB = 1.0e9
_progress_queue = None  # set in worker processes by init_worker
PROGRESS_EVERY = 50


def init_worker(queue) -> None:
    """Process-pool initializer: remember the queue progress ticks go to."""
    global _progress_queue
    _progress_queue = queue


def _tick(tag: str, n: int, callback) -> None:
    if callback is not None:
        callback(tag, n)
    elif _progress_queue is not None:
        _progress_queue.put((tag, n))


def run_job(job: dict[str, Any], progress=None) -> dict[str, Any]:
    """Generate ``job['n_events']`` events of ``job['process']`` into ``job['path']``.

    ``job`` keys: process, n_events, seed, path, is_data, run, lumi_block, first_event, mpi, tag.
    Returns counts, weight sums and Pythia's cross-section estimate (JSON-compatible).
    """
    start = time.perf_counter()
    cpu_start = time.process_time()
    process = PROCESSES[job["process"]]
    is_data = bool(job["is_data"])
    n_target = int(job["n_events"])
    pythia = make_pythia(process, int(job["seed"]), mpi=bool(job.get("mpi", False)))
    extractor = TruthExtractor(pythia)
    rng = np.random.default_rng(int(job["seed"]))
    profile = DATA_PILEUP if is_data else MC_PILEUP
    n_true_all = profile.sample(rng, n_target)
    buffer = EventBuffer(is_data)
    weights: list[float] = []
    failures = 0
    n_done = 0
    while n_done < n_target:
        if not pythia.next():
            failures += 1
            if failures > 100 + n_target // 10:
                raise DataError(
                    f"Pythia failed {failures} times generating {process.name}.",
                    hint="Check the process settings in chathep/generate/processes.py.",
                )
            continue
        truth = extractor.extract()
        n_true = float(n_true_all[n_done])
        cond = Conditions(n_true_int=n_true, n_pu=int(rng.poisson(n_true)), is_data=is_data)
        event = reconstruct(truth, cond, rng)
        scalars = {
            "run": job["run"],
            "luminosityBlock": job["lumi_block"],
            "event": int(job["first_event"]) + n_done,
            "genWeight": truth.weight,
            "Generator_weight": truth.weight,
            **{f"Generator_{k}": v for k, v in truth.generator.items()},
        }
        buffer.add(event, scalars, truth.ps_weights)
        weights.append(truth.weight)
        n_done += 1
        if n_done % PROGRESS_EVERY == 0:
            _tick(job["tag"], PROGRESS_EVERY, progress)
    _tick(job["tag"], n_done % PROGRESS_EVERY, progress)
    gen_seconds = time.perf_counter() - start
    gen_cpu_seconds = time.process_time() - cpu_start

    w = np.asarray(weights, dtype=np.float64)
    ps = np.asarray(buffer.ps_weights, dtype=np.float64).reshape(-1, 4)
    write_events(Path(job["path"]), buffer.to_arrays(), runs_tree(is_data, int(job["run"]), w, ps))
    info = pythia.infoPython()
    return {
        "process": process.name,
        "path": str(job["path"]),
        "is_data": is_data,
        "n_events": n_done,
        "sumw": float(w.sum()),
        "sumw2": float(np.square(w).sum()),
        "xsec_pb": float(info.sigmaGen() * MB_TO_PB),
        "xsec_err_pb": float(info.sigmaErr() * MB_TO_PB),
        "n_accepted": int(info.nAccepted()),
        "seconds": time.perf_counter() - start,
        "generation_seconds": gen_seconds,
        "generation_cpu_seconds": gen_cpu_seconds,
        "cpu_seconds": time.process_time() - cpu_start,
    }
