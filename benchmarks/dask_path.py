#!/usr/bin/env python
"""The Dask path: a ChatHEP-generated analysis on a distributed.LocalCluster.

The generated module is run through its own command line (``--executor iterative``,
``--executor futures --workers N``, ``--scheduler tcp://...``), as a user would, on a
``LocalCluster`` of worker *processes* listening on loopback only. It checks that the
histograms and the cutflow are the same whatever the executor, and measures the speed-up
of 2 Dask workers over 1 (the generated code's own ``timings.run_s``: the coffea Runner,
without interpreter start-up or connecting to the scheduler).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from chathep.catalog import Catalog  # noqa: E402
from chathep.compiler import compile_spec  # noqa: E402
from chathep.config import Settings  # noqa: E402
from chathep.results import AnalysisResult, load_result  # noqa: E402
from chathep.spec import AnalysisSpec  # noqa: E402

RUN_TIMEOUT_S = 1800


def write_module(spec: AnalysisSpec, catalog: Catalog, data_dir: Path, workdir: Path) -> Path:
    """Compile ``spec`` for the samples in ``data_dir`` and write ``workdir/analysis.py``."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "analysis.py"
    path.write_text(compile_spec(spec, catalog, Settings(data_dir=data_dir)))
    return path


def run_module(
    code: Path,
    out: Path,
    data_dir: Path,
    chunksize: int,
    executor: str = "iterative",
    workers: int | None = None,
    scheduler: str | None = None,
) -> AnalysisResult:
    """Run the generated module's CLI in its own process; return its validated result."""
    args = [sys.executable, str(code), "--data-dir", str(data_dir), "--out", str(out)]
    args += ["--chunksize", str(chunksize), "--executor", executor]
    if workers is not None:
        args += ["--workers", str(workers)]
    if scheduler is not None:
        args += ["--scheduler", scheduler]
    proc = subprocess.run(
        args, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False, cwd=code.parent
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[2:])} failed:\n{proc.stderr[-3000:]}")
    return load_result(out)


@contextmanager
def local_cluster(n_workers: int) -> Iterator[Any]:
    """A LocalCluster of ``n_workers`` single-threaded worker processes on 127.0.0.1."""
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield cluster, client


def tasks_per_worker(client: Any) -> dict[str, int]:
    """How many tasks each worker of the cluster has executed so far."""
    return client.run(lambda dask_worker: dask_worker.state.executed_count)


def histogram_differences(a: AnalysisResult, b: AnalysisResult) -> dict[str, float]:
    """Per histogram: the largest relative difference of bin sums (counts/variances included).

    0.0 means bit-identical. Entries are exact; weighted sums may differ in the last bits
    when the chunks' outputs are added in another order (Dask reduces in a tree).
    """
    out = {}
    for name in sorted(set(a.histograms) | set(b.histograms)):
        if name not in a.histograms or name not in b.histograms:
            out[name] = float("inf")
            continue
        va = a.histograms[name].view(flow=True)
        vb = b.histograms[name].view(flow=True)
        worst = 0.0
        for field in ("value", "variance"):
            x, y = np.asarray(va[field]), np.asarray(vb[field])
            if x.shape != y.shape:
                worst = float("inf")
                break
            scale = np.maximum(np.abs(x), np.abs(y))
            diff = np.abs(x - y)
            rel = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
            worst = max(worst, float(rel.max(initial=0.0)))
        out[name] = worst
    return out


def run_time(result: AnalysisResult) -> float:
    return float(result.metadata["timings"]["run_s"])


def measure(
    spec: AnalysisSpec,
    catalog: Catalog,
    data_dir: Path,
    workdir: Path,
    chunksize: int,
    log: Any = print,
) -> dict[str, Any]:
    """iterative, futures (2), dask (1 and 2 workers): run times, identity of the outputs."""
    code = write_module(spec, catalog, data_dir, workdir)
    results: dict[str, AnalysisResult] = {}
    loads: dict[str, float] = {}

    def record(key: str, **kwargs: Any) -> None:
        loads[key] = os.getloadavg()[0]
        results[key] = run_module(code, workdir / f"{key}.json", data_dir, chunksize, **kwargs)
        log(f"  {key:>10}: {run_time(results[key]):7.1f} s (load {loads[key]:.1f})")

    record("iterative", executor="iterative")
    record("futures_2", executor="futures", workers=2)
    tasks: dict[str, dict[str, int]] = {}
    for n in (1, 2):
        with local_cluster(n) as (cluster, client):
            # first run on fresh workers pays their imports (coffea, awkward, hist: seconds);
            # the second, on the same warm workers, is the throughput of the cluster
            record(f"dask_{n}_cold", executor="dask", scheduler=cluster.scheduler_address)
            before = tasks_per_worker(client)
            record(f"dask_{n}", executor="dask", scheduler=cluster.scheduler_address)
            after = tasks_per_worker(client)
            tasks[f"dask_{n}"] = {w: after[w] - before.get(w, 0) for w in after}
    reference = results["iterative"]
    return {
        "analysis": spec.title,
        "n_events": sum(s.n_events for s in catalog if s.name in results["iterative"].samples),
        "chunksize": chunksize,
        "run_s": {k: run_time(r) for k, r in results.items()},
        "loadavg_1min": loads,
        "speedup_dask_2_over_1": run_time(results["dask_1"]) / run_time(results["dask_2"]),
        "speedup_dask_2_over_iterative": run_time(reference) / run_time(results["dask_2"]),
        "speedup_futures_2_over_iterative": run_time(reference) / run_time(results["futures_2"]),
        "tasks_per_worker": tasks,
        "max_relative_difference": {
            k: histogram_differences(reference, r) for k, r in results.items() if k != "iterative"
        },
        "same_cutflow": {k: r.cutflow == reference.cutflow for k, r in results.items()},
        "same_histograms_exactly": {
            k: all(r.histograms[h] == reference.histograms[h] for h in reference.histograms)
            for k, r in results.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    from benchmarks.throughput import CACHE, bench_specs, generate_base, replicate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--size", type=int, default=1_000_000, help="events (all samples)")
    parser.add_argument("--analysis", default="ht_cleaned", choices=list(bench_specs()))
    parser.add_argument("--chunksize", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "dask_path.json")
    args = parser.parse_args(argv)

    generate_base(args.cache / "gen", 2000)
    data_dir = args.cache / f"x{args.size}"
    catalog = replicate(args.cache / "gen", data_dir, args.size)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    result = measure(
        bench_specs()[args.analysis], catalog, data_dir, args.cache / "dask_work", args.chunksize
    )
    result["date_utc"] = started
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
