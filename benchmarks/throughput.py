#!/usr/bin/env python
"""Throughput: ChatHEP's generated coffea code vs hand-written expert processors vs uproot.

For six analyses (dimuon mass, jet pT, MET with two jets, HT of cleaned jets, ZH(ll bb) b-jet
pair mass and multiplicity, muon transverse mass) on the same NanoAOD files, in one process
and one core (coffea's iterative executor, the same Runner and chunk size for both):

* generated: the module ChatHEP compiles from the analysis spec (``chathep.compiler``), its
  ``Analysis`` processor run by a coffea Runner;
* expert: the processor in ``benchmarks/expert/`` (same histograms, cutflow and yields);
* floor: an uproot read of only the branches the expert processor reads (decompression and
  interpretation, no physics): what no coffea processor can beat.

The samples come from ChatHEP's own generator (``chathep.generate``, Pythia 8 + parametric
detector). >= 1M events are *replicated* from a few
thousand generated ones (events renumbered, sums of weights recomputed): fine for a throughput
measurement, meaningless for physics. Run ``python benchmarks/throughput.py --help``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import awkward as ak  # noqa: E402
import numpy as np  # noqa: E402
import uproot  # noqa: E402
import yaml  # noqa: E402

from benchmarks.expert import EXPERTS  # noqa: E402
from chathep.catalog import Catalog, load_catalog  # noqa: E402
from chathep.config import Settings  # noqa: E402
from chathep.spec import (  # noqa: E402
    AnalysisSpec,
    Cleaning,
    Combination,
    Cut,
    Histogram,
    ObjectDef,
    Observable,
    Step,
)

CACHE = Path(os.environ.get("CHATHEP_BENCH_CACHE", "~/.cache/chathep-bench")).expanduser()
SAMPLES = ["data_sim13", "dy_sim13", "ttbar_sim13", "zh_hbb_sim13"]
GEN_PROCESSES = ["DY", "ttbar", "ZH"]
#: share of each sample in a replicated dataset (data : DY : ttbar : ZH)
SHARES = {"data_sim13": 0.32, "dy_sim13": 0.28, "ttbar_sim13": 0.22, "zh_hbb_sim13": 0.18}
FILE_EVENTS = 100_000  # events per replicated file (one coffea chunk at the default chunksize)
BASKET_EVENTS = 10_000  # events per basket (tree.extend call)
DEEPJET_MEDIUM = 0.2783
IMPLEMENTATIONS = ("generated", "expert", "floor")
SECTION = ("<!-- throughput:start -->", "<!-- throughput:end -->")
#: What profiling found and what was changed in the compiler/template (by hand, 2026-11-26,
#: pyinstrument + CPU-timed pieces of process() on in-memory 100k-event chunks).
FINDINGS = """
### Why the generated code was slower, and what changed (`chathep/compiler.py`, the template)

Both implementations read exactly the same branches, so any gap is computation. Profiling
(pyinstrument and CPU-timed pieces of `process()` on in-memory 100k-event chunks) found four
causes; the generated code now does what the expert processors do:

1. **Overlap removal**: `objs[ak.all(objs.metric_table(other) > dr, axis=2)]`, coffea's
   DeltaR table (was a `delta_r` broadcast of whole NanoAOD records: 59 ms vs 35 ms on a
   ttbar chunk).
2. **Combinations**: coffea's candidate sum `legs.l1 + legs.l2` (four-vector and summed
   charge; pt, eta, phi, mass computed when read) and `cands[ak.singletons(best)]` for
   `choose` (was: pt, eta, phi, mass and charge of *every* candidate zipped eagerly, then
   `ak.drop_none(cands[best])`).
3. **Per-object fill**: `ak.flatten(values)` with `np.repeat(weight, ak.num(values))`, the
   None test only for option types (was `ak.broadcast_arrays`, `ak.is_none` and a masked
   index on every fill).
4. **Observables of the selected events only**: the observables the selection cuts on are
   computed in `select_events` for every event (the cutflow is unchanged); the histogrammed
   ones, and combinations only histograms use (e.g. m(bb)), on the objects of the events
   that pass, with `objs[:, i]` where the selection guarantees an i-th object (else `nth()`,
   i.e. `ak.firsts` for the leading one).

Compute only (`process()` on in-memory 100k-event chunks of the four samples, CPU ms summed,
best of 9, both versions back to back on the shared machine, load 3-4), generated/expert
before -> after: dimuon_mass 0.76 -> 0.98, jet_pt 0.79 -> 0.96, met_two_jets 0.89 -> 0.93,
ht_cleaned 0.77 -> 0.98, zh_bb 0.68 -> 0.96, muon_mt 0.68 -> 0.96. What is left, about 1 ms
per 100k-event MC chunk, is structure the expert processors do not have: coffea `Weights`
with named weights and variations, and the systematic axis of every histogram; it matters
most for the lightest analysis (met_two_jets). End to end (1M events, CPU time, best of 7,
load 1.8-2.9 on 2 shared cores), generated/expert before -> after: dimuon_mass 0.90 -> 1.00,
jet_pt 0.97 -> 1.00, met_two_jets 0.96 -> 1.00, ht_cleaned 0.94 -> 1.00, zh_bb 0.88 -> 0.96,
muon_mt 0.92 -> 1.00. Single runs on the shared machine scatter by +-10 %: take the table
above (best of the repeats) as the measurement.
"""


# --- the analyses, as ChatHEP specs ----------------------------------------------------------


def _tight_muons(name: str, pt: float) -> ObjectDef:
    return ObjectDef(
        name=name,
        source="Muon",
        cuts=[
            Cut(field="pt", op=">", value=pt),
            Cut(field="eta", op="<", value=2.4, abs=True),
            Cut(field="tightId", op="==", value=True),
            Cut(field="pfRelIso04_all", op="<", value=0.15),
        ],
    )


def _hist(name: str, obs: str, bins: int, start: float, stop: float, unit: str = "") -> Histogram:
    return Histogram(
        name=name, observable=obs, bins=bins, start=start, stop=stop, label=name, unit=unit
    )


def bench_specs() -> dict[str, AnalysisSpec]:
    """The six benchmark analyses on the generated samples (names match ``EXPERTS``)."""
    jets = ObjectDef(
        name="jets",
        source="Jet",
        cuts=[Cut(field="pt", op=">", value=30), Cut(field="eta", op="<", value=2.4, abs=True)],
    )
    z_pair = Combination(
        name="dimuon",
        inputs=["muons"],
        charge="opposite",
        choose="closest_mass",
        target_mass=91.1876,
    )
    common = {"samples": SAMPLES}
    return {
        "dimuon_mass": AnalysisSpec(
            title="Dimuon mass, data vs MC",
            **common,
            objects=[_tight_muons("muons", 25)],
            combinations=[z_pair],
            selection=[
                Step(name="trigger", triggers=["HLT_IsoMu24"]),
                Step(name="two muons", count="muons", op=">=", value=2),
                Step(name="opposite-charge pair", count="dimuon", op=">=", value=1),
            ],
            observables=[Observable(name="mass_mumu", kind="field", of="dimuon", field="mass")],
            histograms=[_hist("dimuon_mass", "mass_mumu", 30, 60, 120, "GeV")],
        ),
        "jet_pt": AnalysisSpec(
            title="Jet pT, |eta| < 2.4",
            **common,
            objects=[jets],
            observables=[Observable(name="jet_pt", kind="field", of="jets", field="pt")],
            histograms=[_hist("jet_pt", "jet_pt", 20, 0, 200, "GeV")],
        ),
        "met_two_jets": AnalysisSpec(
            title="MET in events with two jets",
            **common,
            objects=[jets],
            selection=[Step(name="two jets", count="jets", op=">=", value=2)],
            observables=[Observable(name="met", kind="met")],
            histograms=[_hist("met", "met", 20, 0, 200, "GeV")],
        ),
        "ht_cleaned": AnalysisSpec(
            title="HT of jets cleaned against muons",
            **common,
            objects=[
                ObjectDef(
                    name="muons",
                    source="Muon",
                    cuts=[
                        Cut(field="pt", op=">", value=10),
                        Cut(field="looseId", op="==", value=True),
                    ],
                ),
                jets.model_copy(update={"clean_against": [Cleaning(against="muons", dr=0.4)]}),
            ],
            selection=[Step(name="one jet", count="jets", op=">=", value=1)],
            observables=[Observable(name="ht", kind="ht", of="jets")],
            histograms=[_hist("ht", "ht", 20, 0, 500, "GeV")],
        ),
        "zh_bb": AnalysisSpec(
            title="ZH(mumu bb): b-jet pair mass and b-jet multiplicity",
            **common,
            objects=[
                _tight_muons("muons", 20),
                ObjectDef(
                    name="bjets",
                    source="Jet",
                    cuts=[
                        Cut(field="pt", op=">", value=30),
                        Cut(field="eta", op="<", value=2.4, abs=True),
                        Cut(field="btagDeepFlavB", op=">", value=DEEPJET_MEDIUM),
                    ],
                    clean_against=[Cleaning(against="muons", dr=0.4)],
                ),
            ],
            combinations=[z_pair, Combination(name="bb", inputs=["bjets"], leading=2)],
            selection=[
                Step(name="Z candidate", count="dimuon", op=">=", value=1),
                Step(name="m(mumu) > 76", observable="mll", op=">", value=76),
                Step(name="m(mumu) < 106", observable="mll", op="<", value=106),
                Step(name="two b jets", count="bjets", op=">=", value=2),
            ],
            observables=[
                Observable(name="mll", kind="field", of="dimuon", field="mass", index=0),
                Observable(name="m_bb", kind="field", of="bb", field="mass"),
                Observable(name="n_bjets", kind="count", of="bjets"),
            ],
            histograms=[
                _hist("mbb", "m_bb", 25, 0, 250, "GeV"),
                _hist("n_bjets", "n_bjets", 6, -0.5, 5.5),
            ],
        ),
        "muon_mt": AnalysisSpec(
            title="Transverse mass of the leading muon and MET",
            **common,
            objects=[_tight_muons("muons", 25)],
            selection=[Step(name="one muon", count="muons", op=">=", value=1)],
            observables=[Observable(name="mt", kind="mt", of="muons")],
            histograms=[_hist("mt", "mt", 20, 0, 200, "GeV")],
        ),
    }


# --- samples: generate once, replicate to the size wanted ------------------------------------


def generate_base(out_dir: Path, n_events: int, seed: int = 7, workers: int = 2) -> Catalog:
    """Generate DY, ttbar, ZH and pseudo-data once with chathep.generate (kept if present)."""
    catalog_path = out_dir / "catalog.yaml"
    if not catalog_path.exists():
        from chathep.generate import generate_samples

        generate_samples(
            out_dir, n_events=n_events, seed=seed, processes=GEN_PROCESSES, workers=workers,
            progress=False,
        )  # fmt: skip
    return load_catalog(catalog_path)


def _read_sample(base: Path, catalog: Catalog, name: str) -> ak.Array:
    """All events of a sample, collections zipped (Muon.pt, ...) as NanoAOD writes them."""
    parts = [uproot.open(base / f)["Events"].arrays(how="zip") for f in catalog[name].files]
    events = ak.concatenate(parts)
    columns: dict[str, Any] = {}
    for field in events.fields:
        if field.startswith("jagged"):  # uproot's name for a lone jagged branch, e.g. PSWeight
            for sub in events[field].fields:
                columns[sub] = events[field][sub]
        else:
            columns[field] = events[field]
    # counters (nMuon, nPSWeight, ...) are rewritten by uproot from the jagged columns
    counters = {f for f in columns if f.startswith("n") and f[1:] in columns}
    return ak.zip({k: v for k, v in columns.items() if k not in counters}, depth_limit=1)


def _write_file(path: Path, events: ak.Array, first_event: int, is_data: bool) -> None:
    """One NanoAOD file in baskets of BASKET_EVENTS, events renumbered from ``first_event``."""
    from chathep.generate.nanoaod import runs_tree

    tmp = path.with_suffix(".root.part")
    with uproot.recreate(tmp) as f:
        tree = None
        for start in range(0, len(events), BASKET_EVENTS):
            part = events[start : start + BASKET_EVENTS]
            columns = {field: part[field] for field in part.fields}
            numbers = np.arange(first_event + start, first_event + start + len(part))
            columns["event"] = numbers.astype(np.uint64)
            if tree is None:
                types = {
                    k: (v.type if isinstance(v, ak.Array) else v.dtype) for k, v in columns.items()
                }
                tree = f.mktree("Events", types, title="Events")
            tree.extend(columns)
        weights = np.zeros(0) if is_data else ak.to_numpy(events.genWeight).astype(np.float64)
        ps = ak.to_numpy(events.PSWeight) if not is_data else np.ones((0, 4))
        runs = runs_tree(is_data, 1, weights, ps)
        run_types = {
            k: (v.type if isinstance(v, ak.Array) else np.asarray(v).dtype) for k, v in runs.items()
        }
        f.mktree("Runs", run_types, title="Runs").extend(runs)
    tmp.replace(path)


def replicate(base: Path, out_dir: Path, n_total: int) -> Catalog:
    """A dataset of ``n_total`` events made of copies of the generated ones, with its catalog.

    Each sample gets its share (``SHARES``) of the events, in files of ``FILE_EVENTS``. MC
    sum_genweight and the data luminosity scale with the number of copies, so data/MC
    normalisation stays what the generator made.
    """
    catalog_path = out_dir / "catalog.yaml"
    if catalog_path.exists():
        return load_catalog(catalog_path)
    gen = load_catalog(base / "catalog.yaml")
    raw = yaml.safe_load((base / "catalog.yaml").read_text())["samples"]
    out_dir.mkdir(parents=True, exist_ok=True)
    entries: dict[str, Any] = {}
    for name in SAMPLES:
        sample = gen[name]
        events = _read_sample(base, gen, name)
        n = int(round(n_total * SHARES[name]))
        copies = math.ceil(n / len(events))
        events = ak.concatenate([events] * copies)[:n]
        files = []
        for k, start in enumerate(range(0, n, FILE_EVENTS)):
            file_name = f"{name}_x{n}_{k:03d}.root"
            _write_file(out_dir / file_name, events[start : start + FILE_EVENTS], start + 1,
                        sample.is_data)  # fmt: skip
            files.append(file_name)
        entry = dict(raw[name])
        entry.update(files=files, n_events=n)
        entry["description"] = f"{n} events: {n / len(events) * copies:.1f} copies of " + str(
            sample.description
        )
        if sample.is_data:
            entry["lumi_pb"] = float(sample.lumi_pb or 0) * n / sample.n_events
        else:
            entry["sum_genweight"] = float(np.sum(ak.to_numpy(events.genWeight), dtype=np.float64))
        entries[name] = entry
    text = "# Replicated from chathep.generate output for the throughput benchmark.\n"
    catalog_path.write_text(text + yaml.safe_dump({"samples": entries}, sort_keys=False))
    return load_catalog(catalog_path)


def dataset_events(catalog: Catalog) -> int:
    return sum(catalog[name].n_events for name in SAMPLES)


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds of one run (CPU time is the fair figure on a shared machine)."""

    wall: float
    cpu: float


# --- the three implementations -------------------------------------------------------------


def compile_module(
    spec: AnalysisSpec, catalog: Catalog, data_dir: Path, workdir: Path, tag: str
) -> ModuleType:
    """Compile ``spec`` with ChatHEP, write the module and import it (our own compiler's code)."""
    from chathep.compiler import compile_spec

    code = compile_spec(spec, catalog, Settings(data_dir=data_dir))
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"generated_{tag}.py"
    path.write_text(code)
    name = f"chathep_bench_generated_{tag}"
    module_spec = importlib.util.spec_from_file_location(name, path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    module_spec.loader.exec_module(module)
    return module


def fileset_of(catalog: Catalog, data_dir: Path) -> dict[str, dict[str, Any]]:
    return {
        name: {"files": {str(data_dir / f): "Events" for f in catalog[name].files}}
        for name in SAMPLES
    }


def expert_for(name: str, module: ModuleType) -> Any:
    """The expert processor with the numbers the generated module embeds (same normalisation)."""
    samples = {
        s: {k: v.get(k) for k in ("kind", "xsec_pb", "sum_genweight")}
        for s, v in module.SAMPLES.items()
    }
    return EXPERTS[name](samples, module.LUMI_PB)


def run_coffea(
    processor_instance: Any,
    fileset: dict[str, Any],
    chunksize: int,
    executor: Any = None,
    savemetrics: bool = False,
    maxchunks: int | None = None,
) -> tuple[Any, Timing]:
    """Run a processor with a coffea Runner (NanoAODSchema); return (output, timing)."""
    from coffea import processor
    from coffea.nanoevents import NanoAODSchema

    runner = processor.Runner(
        executor=executor or processor.IterativeExecutor(status=False),
        schema=NanoAODSchema,
        chunksize=chunksize,
        savemetrics=savemetrics,
        maxchunks=maxchunks,
    )
    wall, cpu = time.perf_counter(), time.process_time()
    out = runner(fileset, processor_instance=processor_instance, treename="Events")
    return out, Timing(time.perf_counter() - wall, time.process_time() - cpu)


def columns_read(processor_instance: Any, fileset: dict[str, Any], chunksize: int) -> set[str]:
    """Branches a processor really reads (coffea's access log; first chunk of each sample)."""
    (_, metrics), _ = run_coffea(
        processor_instance, fileset, chunksize, savemetrics=True, maxchunks=1
    )
    return {c.rsplit("-", 1)[0] for c in metrics["columns"]}


def run_floor(fileset: dict[str, Any], branches: set[str], chunksize: int) -> tuple[int, Timing]:
    """The I/O floor: read only ``branches`` of every file with uproot, in chunks; no physics."""
    wall, cpu = time.perf_counter(), time.process_time()
    n = 0
    for files in fileset.values():
        for path in files["files"]:
            with uproot.open(path) as f:
                tree = f["Events"]
                wanted = [b for b in sorted(branches) if b in tree]
                for entry in range(0, tree.num_entries, chunksize):
                    arrays = tree.arrays(
                        wanted, entry_start=entry, entry_stop=entry + chunksize, library="ak"
                    )
                    n += len(arrays)
    return n, Timing(time.perf_counter() - wall, time.process_time() - cpu)


def histograms_of(output: dict[str, Any], generated: bool) -> dict[str, Any]:
    """Nominal histograms as {name: hist (dataset x observable)} for either implementation."""
    hists = output["histograms"]
    if generated:
        return {name: h[{"systematic": "nominal"}] for name, h in hists.items()}
    return dict(hists)


def same_histograms(a: dict[str, Any], b: dict[str, Any], rtol: float = 1e-12) -> list[str]:
    """Names of histograms that differ (counts exactly, sums of weights to ``rtol``)."""
    bad = []
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            bad.append(name)
            continue
        ha, hb = a[name], b[name]
        if list(ha.axes[0]) != list(hb.axes[0]) or not np.array_equal(
            ha.axes[1].edges, hb.axes[1].edges
        ):
            bad.append(name)
            continue
        va, vb = ha.view(flow=True), hb.view(flow=True)
        if not (
            np.allclose(va["value"], vb["value"], rtol=rtol, atol=0)
            and np.allclose(va["variance"], vb["variance"], rtol=rtol, atol=0)
        ):
            bad.append(name)
    return bad


# --- measuring --------------------------------------------------------------------------------


def measure(
    name: str,
    catalog: Catalog,
    data_dir: Path,
    workdir: Path,
    chunksize: int,
    repeats: int = 1,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """events/s of generated, expert and floor for one analysis on one dataset (best of N)."""
    spec = bench_specs()[name]
    module = compile_module(spec, catalog, data_dir, workdir, f"{name}_{dataset_events(catalog)}")
    fileset = fileset_of(catalog, data_dir)
    n_events = dataset_events(catalog)
    generated = module.Analysis(data_dir)
    expert = expert_for(name, module)
    times: dict[str, list[Timing]] = {k: [] for k in IMPLEMENTATIONS}
    outputs: dict[str, Any] = {}
    branches = columns_read(expert, fileset, chunksize)
    generated_branches = columns_read(generated, fileset, chunksize)
    for _ in range(repeats):
        for impl in IMPLEMENTATIONS:
            load = os.getloadavg()[0]
            if impl == "floor":
                n, timing = run_floor(fileset, branches, chunksize)
                assert n == n_events, (n, n_events)
            else:
                proc = generated if impl == "generated" else expert
                outputs[impl], timing = run_coffea(proc, fileset, chunksize)
            times[impl].append(timing)
            log(
                f"  {n_events:>9} {name:>13} {impl:>9}: {n_events / timing.cpu:>9,.0f} events/s"
                f" CPU, {n_events / timing.wall:>9,.0f} wall (load {load:.1f})"
            )
    differ = same_histograms(
        histograms_of(outputs["generated"], True), histograms_of(outputs["expert"], False)
    )
    cpu = {k: min(t.cpu for t in v) for k, v in times.items()}
    wall = {k: min(t.wall for t in v) for k, v in times.items()}
    return {
        "analysis": name,
        "n_events": n_events,
        "chunksize": chunksize,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "events_per_s": {k: n_events / v for k, v in cpu.items()},
        "events_per_s_wall": {k: n_events / v for k, v in wall.items()},
        "generated_over_expert": cpu["expert"] / cpu["generated"],
        "expert_over_floor": cpu["floor"] / cpu["expert"],
        "n_branches_floor": len(branches),
        "n_branches_generated": len(generated_branches),
        "same_histograms": not differ,
        "histograms_differing": differ,
    }


def machine() -> dict[str, Any]:
    """nproc, CPU model, memory and load: what the figures depend on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    import coffea

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kb / 1024**2, 1),
        "python": platform.python_version(),
        "coffea": coffea.__version__,
        "awkward": ak.__version__,
        "uproot": uproot.__version__,
        "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


# --- reporting --------------------------------------------------------------------------------


def table(rows: list[dict[str, Any]]) -> str:
    """Markdown table of the largest dataset's figures."""
    lines = [
        "| analysis | events | generated ev/s | expert ev/s | uproot floor ev/s "
        "| generated/expert | expert/floor | same histograms |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        e = r["events_per_s"]
        lines.append(
            f"| {r['analysis']} | {r['n_events']:,} | {e['generated']:,.0f} | {e['expert']:,.0f} "
            f"| {e['floor']:,.0f} | {r['generated_over_expert']:.2f} "
            f"| {r['expert_over_floor']:.2f} | {'yes' if r['same_histograms'] else 'NO'} |"
        )
    return "\n".join(lines)


def plot(results: list[dict[str, Any]], path: Path) -> None:
    """events/s vs number of events, one panel per analysis, one line per implementation."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(dict.fromkeys(r["analysis"] for r in results))
    cols = 3
    fig, axes = plt.subplots(
        math.ceil(len(names) / cols), cols, figsize=(13, 7), sharex=True, squeeze=False
    )
    styles = {"generated": ("C0", "o"), "expert": ("C1", "s"), "floor": ("C2", "^")}
    for ax, name in zip(axes.flat, names, strict=False):
        rows = sorted((r for r in results if r["analysis"] == name), key=lambda r: r["n_events"])
        for impl, (color, marker) in styles.items():
            ax.plot(
                [r["n_events"] for r in rows],
                [r["events_per_s"][impl] for r in rows],
                color=color, marker=marker, label=impl if impl != "floor" else "uproot floor",
            )  # fmt: skip
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(name)
        ax.grid(True, which="both", alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("events processed")
    for ax in axes[:, 0]:
        ax.set_ylabel("events / s (1 core)")
    axes.flat[0].legend()
    fig.suptitle("ChatHEP generated coffea code vs expert processors vs uproot read (1 core)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_section(path: Path, body: str) -> None:
    """Replace (or append) this benchmark's section of BENCHMARKS.md, leaving the rest alone."""
    start, end = SECTION
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)


def section_from_files(out: Path) -> str:
    """The BENCHMARKS.md section from the saved throughput (and Dask-path) JSON."""
    data = json.loads(out.read_text())
    dask_file = out.with_name("dask_path.json")
    dask = json.loads(dask_file.read_text()) if dask_file.exists() else None
    return report_markdown(data, dask, FINDINGS)


def _load_done(path: Path) -> list[dict[str, Any]]:
    try:
        return list(json.loads(path.read_text())["results"])
    except (OSError, ValueError, KeyError):
        return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=CACHE, help="generated/replicated samples")
    parser.add_argument("--generate", type=int, default=2000, help="generated events per process")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
        help="dataset sizes (events, all samples together) to measure",
    )  # fmt: skip
    parser.add_argument("--analyses", nargs="+", default=list(EXPERTS), choices=list(EXPERTS))
    parser.add_argument("--chunksize", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=1, help="best of N per measurement")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "throughput.json")
    parser.add_argument("--plot", type=Path, default=REPO / "benchmarks" / "throughput.png")
    parser.add_argument("--markdown", type=Path, default=None, help="BENCHMARKS.md to update")
    parser.add_argument("--resume", action="store_true", help="keep the results in --out")
    parser.add_argument(
        "--report-only", action="store_true", help="only rewrite --markdown from --out"
    )
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", message="Missing cross-reference index")
    if args.report_only:
        write_section(args.markdown or REPO / "BENCHMARKS.md", section_from_files(args.out))
        return 0

    base = args.cache / "gen"
    generate_base(base, args.generate)
    info = machine()
    done = _load_done(args.out) if args.resume else []
    results = list(done)
    for size in args.sizes:
        catalog = replicate(base, args.cache / f"x{size}", size)
        print(f"dataset: {dataset_events(catalog):,} events")
        for name in args.analyses:
            if any(r["analysis"] == name and r["n_events"] == size for r in done):
                continue
            results.append(
                measure(name, catalog, args.cache / f"x{size}", args.cache / "work",
                        args.chunksize, args.repeats)
            )  # fmt: skip
            # saved after every measurement: a long run can be resumed (--resume)
            args.out.write_text(json.dumps({"machine": info, "results": results}, indent=1))
    info["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.write_text(json.dumps({"machine": info, "results": results}, indent=1) + "\n")
    plot(results, args.plot)
    largest = max(r["n_events"] for r in results)
    print(table([r for r in results if r["n_events"] == largest]))
    if args.markdown:
        write_section(args.markdown, section_from_files(args.out))
    return 0


def dask_markdown(dask: dict[str, Any]) -> str:
    """The Dask-path paragraph from ``benchmarks/dask_path.json``."""
    run = dask["run_s"]
    load = dask["loadavg_1min"]
    diff = {k: max(v.values(), default=0.0) for k, v in dask["max_relative_difference"].items()}
    rows = "\n".join(
        f"| {k} | {run[k]:.1f} | {load[k]:.1f} | "
        f"{'yes' if dask['same_histograms_exactly'][k] else 'no'} | {diff.get(k, 0.0):.1g} | "
        f"{'yes' if dask['same_cutflow'][k] else 'NO'} |"
        for k in run
    )
    tasks = "; ".join(
        f"{k}: {', '.join(str(n) for n in v.values())}" for k, v in dask["tasks_per_worker"].items()
    )
    rate = dask["n_events"] / max(run["iterative"], 1e-9)
    return f"""### Dask path (`benchmarks/dask_path.py`, {dask["date_utc"]})

"{dask["analysis"]}" on {dask["n_events"]:,} events, chunksize {dask["chunksize"]}, run through
the generated module's own CLI; Dask on a `distributed.LocalCluster` of single-threaded worker
processes on 127.0.0.1. Times are the module's `timings.run_s` (the coffea Runner only).

| executor | run s | load (1 min) | bit-identical | max rel. difference | same cutflow |
|---|---:|---:|---|---:|---|
{rows}

Cutflows (event counts and sums of weights) are identical; the weighted bin sums differ by at
most the relative difference shown (last-bit rounding: Dask adds the chunks' histograms in a
tree, not in file order).

Speed-up of 2 Dask workers over 1, on warm workers (`dask_N` is the second run on the same
cluster; `dask_N_cold`, the first, pays the workers' imports):
**{dask["speedup_dask_2_over_1"]:.2f}x**. 2 Dask workers over iterative:
{dask.get("speedup_dask_2_over_iterative", float("nan")):.2f}x; futures with 2 workers (fresh
processes every run) over iterative: {dask["speedup_futures_2_over_iterative"]:.2f}x. Tasks
per worker: {tasks}. With two cores the second worker competes with the client and the
scheduler, so 2x is out of reach (load in the table). Even warm, one Dask worker is
slower than the iterative executor in the client process: that difference over the number of
chunks is the per-chunk cost of the distributed path (processor unpickled per task, outputs
compressed, pickled and tree-reduced). At {rate:,.0f} events/s (iterative) a chunk of
{dask["chunksize"]:,} events computes in a fraction of a second, so that cost is comparable;
larger chunks or heavier analyses amortise it.

Corrections on the Dask path: the generated module caches its correction lookups in a
module-level dict (`_LOOKUPS`), which Dask workers unpickle; `tests/test_dask_path.py` runs the
Rochester-corrected spec on a 2-worker LocalCluster and compares the histograms.
"""


def report_markdown(
    data: dict[str, Any], dask: dict[str, Any] | None = None, findings: str = ""
) -> str:
    """The whole BENCHMARKS.md section from the saved JSON results."""
    info, results = data["machine"], data["results"]
    largest = max(r["n_events"] for r in results)
    top = [r for r in results if r["n_events"] == largest]
    r0 = results[0]
    wall = "\n".join(
        f"| {r['analysis']} | {r['events_per_s_wall']['generated']:,.0f} | "
        f"{r['events_per_s_wall']['expert']:,.0f} | {r['events_per_s_wall']['floor']:,.0f} | "
        f"{r['n_branches_generated']} | {r['n_branches_floor']} |"
        for r in top
    )
    return f"""## Throughput (`benchmarks/throughput.py`)

Machine: {info["nproc"]} cores ({info["cpu"]}), {info["memory_gib"]} GiB RAM, Python
{info["python"]}, coffea {info["coffea"]}, awkward {info["awkward"]}, uproot {info["uproot"]};
started {info["date_utc"]}. Load average (1/5/15 min) at the start {info["loadavg"]}, at the
end {info.get("loadavg_end", "n/a")} (a load above 1 means other work shared the two cores;
single measurements then vary by about 10 %). The events/s below are per **CPU second** of
the benchmark process (`time.process_time`, best of the repeats); the three implementations
ran back to back, interleaved. Command: `python benchmarks/throughput.py --repeats 4
--markdown BENCHMARKS.md`.

Method: one core, coffea `IterativeExecutor`, the same `Runner` (NanoAODSchema, chunksize
{r0["chunksize"]}) for ChatHEP's generated processor and the hand-written expert processor
(`benchmarks/expert/`, same histograms, cutflow and yields: `tests/test_expert_equivalence.py`);
"uproot floor" reads with uproot only the branches the expert processor reads (coffea's access
log) and computes nothing. Samples: ChatHEP's generator (`chathep.generate`: Pythia 8 +
parametric detector; DY, ttbar, ZH(bb) 2000 events each + 2225 pseudo-data events, cached
from an earlier run), and the {largest:,}-event dataset is those events **replicated** (about
130 copies, events renumbered, in files of 100k events with 10k-event baskets, ZLIB-1 like the
generator): right for throughput, meaningless for physics. Every analysis runs on all four
samples (data 32 %, DY 28 %, ttbar 22 %, ZH 18 %).

{largest:,} events, events per CPU second:

{table(top)}

Wall-clock events/s of the same runs (shared machine) and branches read:

| analysis | generated | expert | floor | branches read by generated | by expert |
|---|---:|---:|---:|---:|---:|
{wall}

![events/s vs events](benchmarks/throughput.png)

{findings.strip()}

{dask_markdown(dask) if dask else ""}"""


if __name__ == "__main__":
    raise SystemExit(main())
