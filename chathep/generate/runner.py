"""``generate_samples``: simulation and pseudo-data in NanoAOD, with a catalog for ChatHEP.

1. Simulation: every requested process, ``n_events`` each (signals x ``signal_factor``),
   split into jobs of at most ``chunk_events`` run on ``workers`` processes.
2. Pseudo-data: for an integrated luminosity L, Poisson(sigma_p * L) events of each process
   (sigma_p = the recommended cross section, knowledge_base/recipes/cross_sections.md),
   generated with other seeds and the documented
   mismodelling, then mixed, shuffled and renumbered into ``data_NNN.root`` files.
3. ``catalog.yaml`` (the format of ``knowledge_base/datasets.yaml``), the pileup profiles
   (``pileup_profile.root``), the pileup weights as correctionlib JSON (``puWeights.json``),
   the detector's jet pT resolution as correctionlib JSON (``jer_resolution.json``, for the
   JER hybrid method) and a JSON summary with the measured throughput.
"""

from __future__ import annotations

import json
import math
import multiprocessing as mp
import os
import queue as queue_mod
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np
import uproot

from chathep.errors import DataError
from chathep.generate.catalog_out import write_catalog
from chathep.generate.filters import (
    GEN_FILTERS,
    SKIMS,
    filter_efficiency,
    get_preset,
)
from chathep.generate.jer import write_jer_json
from chathep.generate.nanoaod import read_events, runs_tree, write_events
from chathep.generate.pileup import (
    DATA_PILEUP,
    DATA_PROFILE_HISTOGRAM,
    MC_PILEUP,
    MC_PROFILE_HISTOGRAM,
    write_pileup_json,
)
from chathep.generate.processes import PROCESSES, Process, normalisations, resolve_processes
from chathep.generate.worker import init_worker, run_job

DATA_RUN = 1
MC_RUN = 1
PILEUP_FILE = "pileup_profile.root"
SUMMARY_FILE = "generation_summary.json"


def _job_seed(seed: int, kind: int, process: str, chunk: int) -> int:
    """A distinct Pythia seed (1 ... 900 000 000) per (seed, mc/data, process, chunk).

    The process enters by its fixed position in PROCESSES, so a sample does not change when
    other processes are added to or removed from a request.
    """
    index = list(PROCESSES).index(process)
    mixed = (seed * 1_000_003 + kind * 7_919_000 + index * 10_007 + chunk) % 899_999_999
    return int(mixed) + 1


#: rough CPU milliseconds per event (2-core development machine, MPI off), to order the jobs
CPU_MS_PER_EVENT = {
    "DY": 1.0,
    "ttbar": 3.5,
    "ttbar_dilep": 3.3,
    "WJets": 0.9,
    "VV": 1.7,
    "DY_bb": 1.9,
}


def _job_cost(job: dict[str, Any]) -> float:
    ms = CPU_MS_PER_EVENT.get(job["process"], 1.8) * (6.0 if job.get("mpi") else 1.0)
    return 300.0 + ms * int(job["n_events"])  # + Pythia initialisation and file writing


def _incoming_b_selection(procs: list[Process]) -> dict[str, str]:
    """Incoming-b selection per process: "b" for a b-initiated slice, "no-b" for its parent
    when both are generated (stitching: every event belongs to exactly one of the samples)."""
    names = {p.name for p in procs}
    out: dict[str, str] = {}
    for proc in procs:
        if proc.slice_of is not None:
            out[proc.name] = "b"
            if proc.slice_of in names:
                out[proc.slice_of] = "no-b"
    return out


def _sample_name(process: Process) -> str:
    return {"ZH": "zh_hbb", "WH": "wh_hbb"}.get(process.name, process.name.lower()) + "_sim13"


def _skim_entry(skim: str | None, gen_filter: str | None) -> dict[str, Any] | None:
    """The catalog's ``skim`` mapping for a sample with this skim and generator filter."""
    if skim is not None:
        return SKIMS[skim].catalog_entry(GEN_FILTERS[gen_filter] if gen_filter else None)
    if gen_filter is not None:
        f = GEN_FILTERS[gen_filter]
        return {
            "name": f.name,
            "description": f.describe(),
            "min_leptons": f.min_leptons,
            "lepton_pt": f.lepton_pt,
            "min_jets": f.min_jets,
            "jet_pt": f.jet_pt,
            "jet_abs_eta": f.jet_eta,
        }
    return None


def _split(n: int, chunk: int) -> list[int]:
    if n <= 0:
        return []
    parts = math.ceil(n / chunk)
    base, extra = divmod(n, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


class _Workers:
    """A spawn-based process pool started on first use and kept for every phase of a run
    (each worker imports the generator and loads the compiled kernels once)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.pool: ProcessPoolExecutor | None = None
        self.ticks = None

    def get(self) -> ProcessPoolExecutor:
        if self.pool is None:
            ctx = mp.get_context("spawn")
            self.ticks = ctx.Queue()
            self.pool = ProcessPoolExecutor(
                max_workers=self.n, mp_context=ctx, initializer=init_worker, initargs=(self.ticks,)
            )
        return self.pool

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _run_jobs(
    jobs: list[dict[str, Any]],
    workers: _Workers,
    progress: bool,
    title: str,
) -> list[dict[str, Any]]:
    """Run jobs inline (one worker) or on the process pool, with a rich progress bar."""
    totals: dict[str, int] = {}
    for job in jobs:
        totals[job["tag"]] = totals.get(job["tag"], 0) + int(job["n_events"])
    bar = None
    tasks: dict[str, Any] = {}
    if progress and jobs:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        bar = Progress(
            TextColumn(f"[bold]{title}[/bold] {{task.description:>10}}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        bar.start()
        tasks = {tag: bar.add_task(tag, total=n) for tag, n in totals.items()}

    def advance(tag: str, n: int) -> None:
        if bar is not None:
            bar.update(tasks[tag], advance=n)

    try:
        if workers.n <= 1 or (len(jobs) <= 1 and workers.pool is None):
            return [run_job(job, progress=advance) for job in jobs]
        pool = workers.get()
        ticks = workers.ticks
        # longest jobs first keeps both cores busy until the end
        order = sorted(range(len(jobs)), key=lambda i: -_job_cost(jobs[i]))
        results: list[dict[str, Any] | None] = [None] * len(jobs)
        futures = {pool.submit(run_job, jobs[i]): i for i in order}
        pending = set(futures)
        while pending:
            try:
                tag, n = ticks.get(timeout=0.2)
                advance(tag, n)
            except queue_mod.Empty:
                pass
            for fut in [f for f in pending if f.done()]:
                pending.discard(fut)
                results[futures[fut]] = fut.result()
        time.sleep(0.05)  # the last ticks may still be in the pipe
        while True:
            try:
                tag, n = ticks.get_nowait()
                advance(tag, n)
            except queue_mod.Empty:
                break
        return [r for r in results if r is not None]
    finally:
        if bar is not None:
            bar.stop()


def _merge_data(parts: list[Path], out_dir: Path, chunk_events: int, seed: int) -> list[str]:
    """Mix the per-process pseudo-data parts, shuffle, renumber and write data_NNN.root."""
    # each part as its branches (read_events, not uproot's how="zip": see there)
    arrays = [read_events(p) for p in parts]
    arrays = [a for a in arrays if len(a["event"])]
    if not arrays:
        raise DataError(
            "The pseudo-data sample is empty.",
            hint="Increase the luminosity (data_lumi_pb) or the number of events.",
        )
    keys = list(arrays[0])
    for a in arrays[1:]:
        if set(a) != set(keys):  # every part is written by the same EventBuffer
            raise DataError(
                f"Pseudo-data parts have different branches ({sorted(set(a) ^ set(keys))}).",
                hint="Delete the output directory and generate again; please report this.",
            )
    merged = {
        k: np.concatenate([a[k] for a in arrays])
        if isinstance(arrays[0][k], np.ndarray)
        else ak.concatenate([a[k] for a in arrays])
        for k in keys
    }
    n = len(merged["event"])
    order = np.random.default_rng(seed + 12345).permutation(n)
    events = {k: v[order] for k, v in merged.items()}
    files: list[str] = []
    start = 0
    for k, size in enumerate(_split(n, chunk_events)):
        numbers = np.arange(start + 1, start + size + 1, dtype=np.uint64)
        columns = {f: v[start : start + size] for f, v in events.items()}
        columns["event"] = numbers
        columns["luminosityBlock"] = (1 + (numbers - 1) // 1000).astype(np.uint32)
        columns["run"] = np.full(size, DATA_RUN, dtype=np.uint32)
        name = f"data_{k:03d}.root"
        write_events(out_dir / name, columns, runs_tree(True, DATA_RUN, np.zeros(0), np.zeros(0)))
        files.append(name)
        start += size
    return files


def _load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (None where the OS has none)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def write_pileup_profiles(out_dir: Path) -> Path:
    """``pileup_profile.root``: TH1D ``pileup`` (pseudo-data) and ``pileup_mc`` in nTrueInt."""
    data, edges = DATA_PILEUP.histogram()
    mc, _ = MC_PILEUP.histogram()
    path = out_dir / PILEUP_FILE
    with uproot.recreate(path) as f:
        f[DATA_PROFILE_HISTOGRAM] = (data, edges)
        f[MC_PROFILE_HISTOGRAM] = (mc, edges)
    return path


def generate_samples(
    out_dir: str | Path,
    n_events: int = 10_000,
    seed: int = 1,
    processes: list[str] | tuple[str, ...] | None = None,
    workers: int | None = None,
    *,
    data: bool = True,
    data_lumi_pb: float | None = None,
    signal_factor: float = 1.0,
    slice_factor: float | None = None,
    chunk_events: int = 5_000,
    mpi: bool = False,
    progress: bool = True,
    log: Callable[[str], None] | None = None,
    events_per_process: dict[str, int] | None = None,
    gen_filters: dict[str, str] | None = None,
    skim: str | None = None,
    preset: str | None = None,
) -> list[dict[str, Any]]:
    """Generate NanoAOD samples and ``out_dir/catalog.yaml``; return the catalog entries.

    ``n_events`` per simulated process (signals get ``signal_factor`` times more, a
    b-initiated slice such as DY_bb ``slice_factor`` times as many, default its
    ``Process.size_factor``, 1).
    ``data_lumi_pb`` defaults to the luminosity at which the process with the largest cross
    section has ``n_events`` pseudo-data events, so every simulated sample has at least as
    many events as the pseudo-data expects from it. ``mpi`` switches on Pythia's multiparton
    interactions (about 5-10 times slower; the pileup-like noise of the detector model is on
    either way).

    ``events_per_process`` overrides the number of events generated per process (before
    filters). ``gen_filters`` (process -> name in
    :data:`chathep.generate.filters.GEN_FILTERS`) and ``skim`` (a name in
    :data:`~chathep.generate.filters.SKIMS`) are applied to the simulation and the
    pseudo-data alike; the catalog records each sample's filter efficiency (events written /
    generated), which multiplies its cross section in the normalisation. ``preset`` is only
    recorded (see :func:`generate_preset`).
    """
    say = log or (lambda _m: None)
    if n_events < 1:
        raise DataError("n_events must be at least 1.", hint="Use e.g. --events 10000.")
    if chunk_events < 1:
        raise DataError("chunk_events must be at least 1.", hint="Use e.g. 5000.")
    if slice_factor is not None and slice_factor <= 0:
        raise DataError("slice_factor must be positive.", hint="Use e.g. 1 (the default).")
    procs = resolve_processes(list(processes) if processes else None)
    gen_filters = dict(gen_filters or {})
    for name, filt in gen_filters.items():
        if name not in PROCESSES or filt not in GEN_FILTERS:
            raise DataError(
                f"Unknown process or generator filter in {name!r}: {filt!r}.",
                hint=f"Filters: {', '.join(GEN_FILTERS)}; processes: {', '.join(PROCESSES)}.",
            )
    if skim is not None and skim not in SKIMS:
        raise DataError(f"Unknown skim {skim!r}.", hint=f"Skims: {', '.join(SKIMS)}.")
    workers = max(1, int(workers or min(2, os.cpu_count() or 1)))
    out = Path(out_dir).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    load_start = _load_average()

    # 1. simulation
    jobs: list[dict[str, Any]] = []
    incoming_b = _incoming_b_selection(procs)
    for proc in procs:
        size = proc.size_factor
        if proc.slice_of is not None and slice_factor is not None:
            size = slice_factor
        factor = size * (signal_factor if proc.is_signal else 1.0)
        n_proc = max(1, int(round(n_events * factor)))
        if events_per_process and proc.name in events_per_process:
            n_proc = max(1, int(events_per_process[proc.name]))
        first = 1
        for chunk, size in enumerate(_split(n_proc, chunk_events)):
            jobs.append(
                {
                    "process": proc.name,
                    "n_events": size,
                    "seed": _job_seed(seed, 0, proc.name, chunk),
                    "path": str(out / f"{_sample_name(proc)}_{chunk:03d}.root"),
                    "is_data": False,
                    "run": MC_RUN,
                    "lumi_block": chunk + 1,
                    "first_event": first,
                    "mpi": mpi,
                    "tag": proc.name,
                    "incoming_b": incoming_b.get(proc.name),
                    "gen_filter": gen_filters.get(proc.name),
                    "skim": skim,
                }
            )
            first += size
    filtered = " (before filters)" if gen_filters or skim else ""
    say(
        f"Simulating {sum(j['n_events'] for j in jobs)} events{filtered} on {workers} worker(s) ..."
    )
    workers_pool = _Workers(workers)
    try:
        mc_results = _run_jobs(jobs, workers_pool, progress, "MC  ")
        by_proc: dict[str, list[dict[str, Any]]] = {p.name: [] for p in procs}
        for r in mc_results:
            by_proc[r["process"]].append(r)
        xsec_lo = {}
        for name, rs in by_proc.items():
            n_acc = sum(r["n_accepted"] for r in rs)
            xsec_lo[name] = sum(r["xsec_pb"] * r["n_accepted"] for r in rs) / n_acc
        # the recommended (N)NLO cross sections replace Pythia's LO ones, in the catalog and
        # for the pseudo-data: knowledge_base/recipes/cross_sections.md
        norms = normalisations(procs, xsec_lo)
        xsec = {name: n.pb for name, n in norms.items()}
        t_mc = time.perf_counter() - t0

        # 2. pseudo-data
        data_entry: dict[str, Any] | None = None
        d_results: list[dict[str, Any]] = []
        t_data = 0.0
        if data:
            lumi = data_lumi_pb or n_events / max(xsec.values())
            rng = np.random.default_rng(seed + 777)
            counts = {p.name: int(rng.poisson(xsec[p.name] * lumi)) for p in procs}
            tmp = out / ".data_parts"
            tmp.mkdir(exist_ok=True)
            djobs = []
            for proc in procs:
                for chunk, size in enumerate(_split(counts[proc.name], chunk_events)):
                    djobs.append(
                        {
                            "process": proc.name,
                            "n_events": size,
                            "seed": _job_seed(seed, 1, proc.name, chunk),
                            "path": str(tmp / f"{proc.name}_{chunk:03d}.root"),
                            "is_data": True,
                            "run": DATA_RUN,
                            "lumi_block": 1,
                            "first_event": 1,
                            "mpi": mpi,
                            "tag": "data",
                            "incoming_b": incoming_b.get(proc.name),
                            "gen_filter": gen_filters.get(proc.name),
                            "skim": skim,
                        }
                    )
            say(f"Generating {sum(counts.values())} pseudo-data events for L = {lumi:.4g} /pb ...")
            t1 = time.perf_counter()
            d_results = _run_jobs(djobs, workers_pool, progress, "data")
            files = _merge_data([Path(r["path"]) for r in d_results], out, chunk_events, seed)
            shutil.rmtree(tmp, ignore_errors=True)
            t_data = time.perf_counter() - t1
            kept = {p.name: 0 for p in procs}
            for r in d_results:
                kept[r["process"]] += r["n_events"]
            data_entry = {
                "files": files,
                "n_events": sum(kept.values()),
                "n_generated": sum(counts.values()),
                "lumi_pb": lumi,
                "composition": kept if (gen_filters or skim) else counts,
                "generated_composition": counts,
                "seconds": sum(r["generation_seconds"] for r in d_results),
            }

        # 3. catalog, pileup profiles and weights, summary
        skim_entry = None
        if skim is not None or gen_filters:
            skim_entry = {p.name: _skim_entry(skim, gen_filters.get(p.name)) for p in procs}
        entries = write_catalog(
            out,
            procs,
            by_proc,
            norms,
            data_entry,
            sample_name=_sample_name,
            skims=skim_entry,
            preset=preset,
        )
        write_pileup_profiles(out)
        write_pileup_json(out)
        write_jer_json(out)
        # events generated (before filters and skim) and written
        n_mc = sum(r["n_tried"] for r in mc_results)
        n_data = sum(r["n_tried"] for r in d_results)
        written = sum(r["n_events"] for r in mc_results) + sum(r["n_events"] for r in d_results)
        wall = time.perf_counter() - t0
        summary = {
            "n_events_per_process": n_events,
            "seed": seed,
            "workers": workers,
            "mpi": mpi,
            "wall_seconds_mc": t_mc,
            "wall_seconds_data": t_data,
            # the whole run: simulated + pseudo-data events per wall-clock second on all workers,
            # with the machine's load average (other jobs on the machine slow the workers down)
            "throughput": {
                "events_simulated": n_mc,
                "events_pseudo_data": n_data,
                "events_written": written,
                "wall_seconds": wall,
                "events_per_second": (n_mc + n_data) / wall if wall > 0 else 0.0,
                "simulation_events_per_second": n_mc / t_mc if t_mc > 0 else 0.0,
                "cpu_count": os.cpu_count(),
                "load_average_start": load_start,
                "load_average_end": _load_average(),
            },
            # wall-clock rate of one worker (depends on the machine's load) and the CPU time per
            # event (Pythia + truth extraction + detector response + file writing, Pythia's
            # initialisation included); pythia_cpu_fraction is the part spent inside Pythia
            "events_per_second_per_process": {
                name: sum(r["n_tried"] for r in rs) / sum(r["seconds"] for r in rs)
                for name, rs in by_proc.items()
            },
            "cpu_ms_per_event": {
                name: 1e3 * sum(r["cpu_seconds"] for r in rs) / sum(r["n_tried"] for r in rs)
                for name, rs in by_proc.items()
            },
            "pythia_cpu_fraction": {
                name: sum(r["pythia_cpu_seconds"] for r in rs) / sum(r["cpu_seconds"] for r in rs)
                for name, rs in by_proc.items()
            },
            "cpu_seconds_total": sum(r["cpu_seconds"] for r in mc_results)
            + sum(r["cpu_seconds"] for r in d_results if data),
            "xsec_pb": xsec,
            "xsec_lo_pb": xsec_lo,
            # the luminosity each simulated sample is worth: N / sigma (every genWeight is 1);
            # below the pseudo-data luminosity a sample's statistical error exceeds the data's
            "effective_lumi_pb": {
                name: sum(r["n_tried"] for r in rs) / xsec[name] for name, rs in by_proc.items()
            },
            # events written / generated (generator filter and skim) per simulated process
            "filter_efficiency": {
                name: filter_efficiency(
                    sum(r["n_events"] for r in rs), sum(r["n_tried"] for r in rs)
                )
                for name, rs in by_proc.items()
            },
            "generator_filter_efficiency": {
                name: sum(r["n_gen_pass"] for r in rs) / max(1, sum(r["n_tried"] for r in rs))
                for name, rs in by_proc.items()
            },
            "preset": preset,
            "gen_filters": gen_filters,
            "skim": skim,
            "data": {k: v for k, v in (data_entry or {}).items() if k != "files"},
        }
        (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n")
        lowest = min(summary["effective_lumi_pb"].items(), key=lambda kv: kv[1])
        say(
            "Effective luminosity of the simulation (N / sigma): "
            + ", ".join(f"{k} {v:.3g}" for k, v in summary["effective_lumi_pb"].items())
            + f" /pb; lowest: {lowest[0]}."
        )
        rate = summary["throughput"]["events_per_second"]
        say(
            f"Wrote {len(entries)} samples and catalog.yaml to {out}: {n_mc + n_data} events "
            f"in {wall:.0f} s ({rate:.0f} events/s on {workers} worker(s), load average "
            f"{summary['throughput']['load_average_end']})."
        )
        return entries
    finally:
        workers_pool.close()


def generate_preset(
    name: str,
    out_dir: str | Path,
    *,
    scale: float = 1.0,
    seed: int = 1,
    workers: int | None = None,
    progress: bool = True,
    log: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    """Generate the samples of preset ``name`` (:data:`chathep.generate.filters.PRESETS`).

    Every process gets sigma x L x margin generated events (the signal a fixed number), the
    pseudo-data L; ``scale`` shrinks both (tests: a few hundred events), so the pseudo-data
    luminosity is ``scale`` x the preset's.
    """
    preset = get_preset(name)
    if not scale > 0:
        raise DataError("The preset scale must be positive.", hint="Use e.g. 1 or 0.01.")
    say = log or (lambda _m: None)
    say(
        f"Preset {preset.name}: {', '.join(preset.processes)} at L = "
        f"{preset.lumi_pb * scale:.4g} /pb. Left out: {preset.left_out}"
    )
    return generate_samples(
        out_dir,
        n_events=max(1, preset.events(preset.processes[0], scale)),
        seed=seed,
        processes=preset.processes,
        workers=workers,
        data_lumi_pb=preset.lumi_pb * scale,
        chunk_events=preset.chunk_events,
        progress=progress,
        log=log,
        events_per_process={p: preset.events(p, scale) for p in preset.processes},
        gen_filters=preset.filters,
        skim=preset.skim,
        preset=preset.name,
    )
