"""Run an analysis spec end to end: compile -> write the code -> execute it -> load the result.

The generated code is executed in a separate process through :func:`execute_code` only, so
the sandbox can replace that one function; the result comes back as JSON and is validated
by :func:`chathep.results.load_result` before anything uses it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chathep.catalog import Catalog, default_catalog, is_remote
from chathep.compiler import compile_spec, histogram_drawing
from chathep.config import Settings, get_settings
from chathep.errors import DataError, SandboxError, failure_message
from chathep.registry.corrections import BTAG_EFF_FILE
from chathep.resolve import ResolvedAnalysis, resolve_samples
from chathep.results import AnalysisResult, load_result
from chathep.spec import AnalysisSpec, Histogram

#: JSON files a generated module writes beside its result, handed out of the sandbox with it
#: (the b-tag efficiency maps of the first pass)
RUN_FILES = (BTAG_EFF_FILE,)

Executor = str  # "iterative" | "threads" | "futures" | "dask"
#: Executors the sandbox can run: no worker processes, no network.
SANDBOXED_EXECUTORS = ("iterative", "threads")
STDERR_TAIL_LINES = 15
#: What the generated code prints per processed chunk with --progress (then the events).
PROGRESS_PREFIX = "chathep-progress "
#: Progress callback: (events processed so far, events in the samples).
EventProgress = Callable[[int, int], None]


@dataclass
class ExecutionResult:
    """What a run of the generated code returned (exit code and captured output)."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class RunOutcome:
    """Everything about one run: the code, where it is, the validated result, timings.

    ``spec`` is None for code run from a file (``chathep run``): nothing to re-plot from."""

    spec: AnalysisSpec | None
    code: str
    code_path: Path
    result_path: Path
    result: AnalysisResult
    timings: dict[str, float] = field(default_factory=dict)
    log: str = ""
    #: The entries the run filled its histograms with (:data:`FILLS_NAME` in its directory),
    #: if the sandbox kept them: a binning follow-up fills from them (:func:`refill_outcome`).
    fills: Path | None = None

    @property
    def empty(self) -> bool:
        return self.result.is_empty

    @property
    def message(self) -> str:
        return result_message(self.result)


def result_message(result: AnalysisResult) -> str:
    """A one-line status for the user; says clearly when the selection removed everything."""
    if result.is_empty:
        return "No event passed all cuts: the histograms are empty (see the cutflow)."
    if result.regions:  # histograms under selections of their own: the events of each
        return "Done, events per selection: " + "; ".join(
            f"{region}: " + ", ".join(f"{s} {y.get('events', 0)}" for s, y in r["yields"].items())
            for region, r in result.regions.items()
        )
    n = {s: y.get("events", 0) for s, y in result.yields.items()}
    return "Done: " + ", ".join(f"{s}: {k} events after cuts" for s, k in n.items())


def choose_executor(spec: AnalysisSpec, catalog: Catalog, settings: Settings) -> Executor:
    """The executor for a run of compiled code: ``CHATHEP_EXECUTOR`` unless it is ``auto``.

    auto: Dask when a scheduler is configured (``CHATHEP_DASK_SCHEDULER``: the code then runs on
    the cluster, outside the local sandbox); else coffea's futures executor over threads, in the
    sandbox, when a sample has several files and ``CHATHEP_WORKERS`` > 1; else iterative.
    """
    if settings.executor != "auto":
        return settings.executor
    if settings.dask_scheduler:
        return "dask"
    several = any(len(s.files) > 1 for s in resolve_samples(spec, catalog))
    return "threads" if several and settings.workers > 1 else "iterative"


def remote_inputs(spec: AnalysisSpec, catalog: Catalog, settings: Settings) -> list[str]:
    """The URLs the spec's samples are read from over the network (checked: reachable).

    The sandbox has no network. Without ``CHATHEP_ALLOW_NETWORK`` a spec that reads remote
    files is refused (DataError with the way out); with it, each sample's first URL is
    opened once here, so an unreachable host is one clear message (RemoteOpenError), and the
    compiled code then runs in the sandbox with outbound network (``Policy.network``).
    """
    samples = resolve_samples(spec, catalog)
    remote = {s.name: [f for f in s.files if is_remote(f)] for s in samples}
    remote = {name: files for name, files in remote.items() if files}
    if not remote:
        return []
    urls = [f for files in remote.values() for f in files]
    if not settings.allow_network:
        more = f" and {len(urls) - 1} more" if len(urls) > 1 else ""
        raise DataError(
            f"{', '.join(remote)} is read over the network ({urls[0]}{more}), and analyses run "
            "in a sandbox without network.",
            hint="Set CHATHEP_ALLOW_NETWORK=1 to let the sandbox connect out for the analyses "
            "ChatHEP compiles for remote datasets (never free-form or edited code), or copy "
            "the files and register the copies, or run the generated analysis.py yourself "
            "(chathep generate).",
        )
    from chathep.datasets import check_reachable

    check_reachable([files[0] for files in remote.values()])
    return urls


def progress_reader(total: int, on_events: EventProgress) -> Callable[[str], None]:
    """A stdout-line callback: sums the events of the ``chathep-progress N`` lines, at most
    ``total`` (a retried chunk is counted again), and reports them to ``on_events``."""
    done = 0

    def read(line: str) -> None:
        nonlocal done
        if not line.startswith(PROGRESS_PREFIX):
            return
        try:
            n = int(line[len(PROGRESS_PREFIX) :].strip())
        except ValueError:
            return
        done = min(done + max(n, 0), total) if total else done + max(n, 0)
        on_events(done, total)

    return read


def progress_text(done: int, total: int, width: int = 24) -> str:
    """A text progress bar: ``[#########.........]  40 % (40,000 of 100,000 events)``."""
    if total <= 0:
        return f"{done:,} events"
    filled = round(width * min(done, total) / total)
    bar = "#" * filled + "." * (width - filled)
    return f"[{bar}] {100 * done / total:3.0f} % ({done:,} of {total:,} events)"


def _run_unsandboxed(
    code_path: Path,
    args: list[str],
    workdir: Path,
    settings: Settings,
    on_line: Callable[[str], None] | None = None,
) -> ExecutionResult:
    import subprocess
    import sys
    import threading

    proc = subprocess.Popen(
        [sys.executable, str(code_path), *args],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    err: list[str] = []
    drain = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    drain.start()
    out: list[str] = []
    deadline = time.monotonic() + settings.sandbox_timeout
    assert proc.stdout is not None
    for line in proc.stdout:  # ends when the code closes stdout (it exits)
        out.append(line)
        if on_line is not None:
            on_line(line.rstrip("\n"))
        if time.monotonic() > deadline:
            break
    try:
        proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
    except subprocess.TimeoutExpired as exc:
        proc.kill()
        proc.wait()
        raise SandboxError(
            f"The analysis did not finish within {settings.sandbox_timeout:.0f} s.",
            hint="Raise CHATHEP_SANDBOX_TIMEOUT or use fewer samples.",
        ) from exc
    drain.join(timeout=10)
    limit = settings.sandbox_max_output_kb * 1024
    return ExecutionResult(proc.returncode, "".join(out)[-limit:], "".join(err)[-limit:])


def execute_code(
    code_path: Path,
    args: list[str],
    workdir: Path,
    settings: Settings,
    *,
    sandboxed: bool = True,
    network: bool = False,
    on_line: Callable[[str], None] | None = None,
    trees: Sequence[tuple[Path, str]] = (),
    fills: str | None = None,
) -> ExecutionResult:
    """Run a generated analysis module in the sandbox; copy its JSON result into ``workdir``.

    Inside the sandbox the iterative executor and coffea's futures executor over threads
    (``--executor threads``) run: no worker processes, no network. ``sandboxed=False`` is for
    code that :func:`run_spec` has just compiled itself (never code from an LLM or a user)
    when it must use worker processes (futures) or a Dask cluster. ``network``: the sandbox
    lets this run connect out (remote datasets, CHATHEP_ALLOW_NETWORK; every other layer
    stays). ``on_line`` gets each line
    the code prints on stdout as it comes. ``trees``: the local ROOT files (path, tree name)
    the code reads, whose metadata a warm sandbox keeps parsed between runs. ``fills``: a
    file name: the entries the result histograms were filled with are kept there, in
    ``workdir``, when the run wrote them (``bootstrap.record_fills``).
    A run that is stopped (timeout, memory, a blocked action) raises SandboxError with the
    reason and the end of the log.
    """
    import shutil

    from chathep.sandbox import Policy, load_json_output, run_script

    if not sandboxed:
        return _run_unsandboxed(code_path, args, workdir, settings, on_line)
    if "--executor" in args and args[args.index("--executor") + 1] not in SANDBOXED_EXECUTORS:
        raise SandboxError(
            "Inside the sandbox analyses run with the iterative or threads executor only.",
            hint="Run the generated analysis.py yourself for --executor futures or dask.",
        )
    out_name = args[args.index("--out") + 1] if "--out" in args else "results.json"
    run = run_script(
        Path(code_path),
        args=args,
        settings=settings,
        outputs=(out_name, *RUN_FILES, *((fills,) if fills else ())),
        policy=Policy(run_root=Path(workdir) / ".sandbox", network=network),
        on_line=on_line,
        trees=trees,
        fills=fills,
    )
    if run.killed_reason:
        run.raise_for_status()
    produced = run.outputs.get(out_name)
    if run.returncode == 0 and produced is not None:
        load_json_output(produced, max_bytes=settings.sandbox_max_file_mb * 1024 * 1024)
        shutil.copyfile(produced, Path(workdir) / out_name)
        for name in RUN_FILES:  # files the code writes beside its result (JSON)
            if (extra := run.outputs.get(name)) is not None:
                load_json_output(extra, max_bytes=settings.sandbox_max_file_mb * 1024 * 1024)
                shutil.copyfile(extra, Path(workdir) / name)
        kept = run.outputs.get(fills) if fills else None
        if kept is not None and kept.stat().st_size <= settings.sandbox_max_file_mb << 20:
            shutil.copyfile(kept, Path(workdir) / fills)
    shutil.rmtree(run.run_dir, ignore_errors=True)
    with contextlib.suppress(OSError):
        (Path(workdir) / ".sandbox").rmdir()
    return ExecutionResult(run.returncode, run.stdout, run.stderr)


def run_spec(
    spec: AnalysisSpec,
    *,
    workdir: Path | str,
    settings: Settings | None = None,
    executor: Executor | None = None,
    catalog: Catalog | None = None,
    extra_args: list[str] | None = None,
    on_events: EventProgress | None = None,
    resolved: ResolvedAnalysis | None = None,
) -> RunOutcome:
    """Compile ``spec``, write ``analysis.py`` into ``workdir``, run it, load ``results.json``.

    ``executor``: None chooses (:func:`choose_executor`); iterative and threads run in the
    sandbox. ``on_events(done, total)`` follows the events processed, chunk by chunk.
    ``resolved``: the spec as already checked this request (else it is checked here).

    Raises SpecError for a bad spec, SandboxError (with the tail of stderr) when the code
    fails, ResultError when its output is malformed.
    """
    settings = settings or get_settings()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    start = time.perf_counter()
    code = compile_spec(spec, catalog, settings, resolved)
    timings["compile_s"] = time.perf_counter() - start
    code_path = workdir / "analysis.py"
    code_path.write_text(code)
    result_path = workdir / "results.json"
    result_path.unlink(missing_ok=True)
    (workdir / FILLS_NAME).unlink(missing_ok=True)

    catalog = catalog if catalog is not None else default_catalog(settings)
    executor = executor or choose_executor(spec, catalog, settings)
    args = ["--out", result_path.name, "--executor", executor]
    if executor in ("futures", "threads"):
        args += ["--workers", str(settings.workers)]
    if executor == "dask":
        if not settings.dask_scheduler:
            raise SandboxError(
                "The dask executor needs a scheduler address.",
                hint="Set CHATHEP_DASK_SCHEDULER=tcp://host:port or use executor='futures'.",
            )
        args += ["--scheduler", settings.dask_scheduler]
    known = known_file_metadata(spec, catalog, settings)
    if known:
        args += ["--file-metadata", known]
    args += extra_args or []
    on_line = None
    if on_events is not None:
        args.append("--progress")
        total = sum(s.n_events for s in resolve_samples(spec, catalog))
        on_line = progress_reader(total, on_events)

    start = time.perf_counter()
    # compiled here from a validated spec: only this code may leave the sandbox, and only
    # because worker processes (futures) and a scheduler connection (dask) need it
    sandboxed = executor in SANDBOXED_EXECUTORS
    # remote files (refused unless CHATHEP_ALLOW_NETWORK): in the sandbox, with the network
    network = bool(remote_inputs(spec, catalog, settings))
    trees = [(path, tree) for _, path, tree in local_trees(spec, catalog, settings)]
    run = execute_code(
        code_path, args, workdir, settings, sandboxed=sandboxed, network=network,
        on_line=on_line, trees=trees[:MAX_FILES_READ_FOR_METADATA],
        fills=FILLS_NAME if sandboxed else None,
    )  # fmt: skip
    timings["run_s"] = time.perf_counter() - start
    if run.returncode != 0:
        raise SandboxError(
            failure_message(
                f"The analysis code failed (exit code {run.returncode})",
                run.stderr,
                STDERR_TAIL_LINES,
            ),  # fmt: skip
            hint=f"The code is in {code_path}; run it with python to see the full error.",
        )
    start = time.perf_counter()
    result = load_result(result_path)
    timings["load_s"] = time.perf_counter() - start
    fills_path = workdir / FILLS_NAME
    return RunOutcome(
        spec=spec,
        code=code,
        code_path=code_path,
        result_path=result_path,
        result=result,
        timings=timings,
        log=run.stdout,
        fills=fills_path if fills_path.is_file() else None,
    )


#: Above this many bytes the file metadata is not passed on the command line (coffea then reads
#: it in the run): it is for the small inputs whose run it would dominate.
MAX_FILE_METADATA_BYTES = 64 * 1024
#: Up to this many local files, ChatHEP reads the metadata of a file it has not read yet
#: (~0.4 s each, once per file version); beyond, only what is cached is passed (coffea
#: pre-processes the rest in the run, as before, with its own executor).
MAX_FILES_READ_FOR_METADATA = 8


def local_trees(
    spec: AnalysisSpec, catalog: Catalog, settings: Settings
) -> list[tuple[str, Path, str]]:
    """The spec's local input files: (name in the catalog, path, tree name)."""
    files = []
    for sample in resolve_samples(spec, catalog):
        local = [f for f in sample.files if not is_remote(f)]
        files += [
            (n, p, sample.treename) for n, p in zip(local, sample.paths(settings), strict=True)
        ]
    return files


def known_file_metadata(spec: AnalysisSpec, catalog: Catalog, settings: Settings) -> str | None:
    """The entries and UUID of the spec's local files, as the generated code's
    ``--file-metadata`` (JSON; None when there is none): read once per file version and
    cached on disk with the branch names the spec checks read (:func:`chathep.files.file_metadata`).

    Saves the run a second read of each file's ~1500 branch records (coffea's pre-processing:
    most of a run on a small file). The code uses an entry only while its file keeps the size
    and modification time it was read at.
    """
    import json

    from chathep.files import file_metadata

    files = local_trees(spec, catalog, settings)
    read = len(files) <= MAX_FILES_READ_FOR_METADATA
    known: dict[str, dict[str, int | str]] = {}
    for name, path, treename in files:
        try:
            meta = file_metadata(path, treename, read=read)
        except Exception:  # noqa: BLE001  (a file we cannot read: coffea reads it and reports)
            meta = None
        if meta is not None:
            known[name] = meta
    text = json.dumps(known, separators=(",", ":"))
    return text if known and len(text) <= MAX_FILE_METADATA_BYTES else None


#: Histogram fields that change only how the result is drawn, not what the run computes.
PLOT_ONLY_FIELDS = ("log_y", "log_x", "density", "unit_area", "mc_to_data", "label", "unit")


#: Histogram fields that set the binning: a change of these (and of the drawing) alone
#: fills the new histograms from the previous run's entries (:func:`refill_outcome`).
BINNING_FIELDS = ("bins", "start", "stop", "edges", "transform")
#: The entries a sandboxed run filled its histograms with, beside its result file.
FILLS_NAME = "fills.npz"


def plot_only_changes(
    old: AnalysisSpec, new: AnalysisSpec, fields: Sequence[str] = PLOT_ONLY_FIELDS
) -> list[str] | None:
    """What differs between two specs if only the drawing does (title, log scales, labels,
    events per unit of x); None when the run itself would differ (samples, cuts, binning...).
    ``fields``: the histogram fields that may differ (default: the drawing's)."""
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    changed = ["title"] if a.pop("title") != b.pop("title") else []
    old_hists, new_hists = a.pop("histograms"), b.pop("histograms")
    if a != b or len(old_hists) != len(new_hists):
        return None
    for ha, hb in zip(old_hists, new_hists, strict=True):
        for name in fields:
            if ha.pop(name, None) != hb.pop(name, None):
                changed.append(f"{hb['name']}.{name}")
        if ha != hb:
            return None
    return changed


def replot_outcome(
    previous: RunOutcome,
    spec: AnalysisSpec,
    *,
    workdir: Path | str,
    settings: Settings | None = None,
    catalog: Catalog | None = None,
    resolved: ResolvedAnalysis | None = None,
) -> RunOutcome | None:
    """The previous run's histograms with ``spec``'s drawing, if nothing else changed (else
    None: the spec must run). The new code is compiled and written (it would fill the same
    histograms), and the result file records where its numbers come from."""
    changes = plot_only_changes(previous.spec, spec)
    if changes is None:
        return None
    info = {}
    for h in spec.histograms:
        drawn = histogram_drawing(h)
        info[h.name] = {**previous.result.histogram_info.get(h.name, {}), **drawn}
    metadata = {
        **previous.result.metadata,
        "title": spec.title,
        "spec": spec.model_dump(mode="json", exclude_defaults=True),  # the spec drawn now
        "replotted_from": {"result": str(previous.result_path), "changed": changes},
    }
    metadata.pop("refilled_from", None)
    return _reused_outcome(
        previous,
        spec,
        {"histogram_info": info, "metadata": metadata},
        workdir=workdir,
        settings=settings or get_settings(),
        catalog=catalog,
        resolved=resolved,
    )


def _reused_outcome(
    previous: RunOutcome,
    spec: AnalysisSpec,
    changes: dict,
    *,
    workdir: Path | str,
    settings: Settings,
    catalog: Catalog | None,
    resolved: ResolvedAnalysis | None,
    timings: dict[str, float] | None = None,
) -> RunOutcome:
    """The outcome of a follow-up that reuses the previous run (:func:`replot_outcome`,
    :func:`refill_outcome`): ``spec``'s code compiled and written into ``workdir`` (it would
    compute these histograms), the previous result with ``changes`` (fields of
    :class:`AnalysisResult`) written as its result file; nothing runs (``timings``: what
    else the follow-up took)."""
    from dataclasses import replace

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    code = compile_spec(spec, catalog, settings, resolved)
    compile_s = time.perf_counter() - start
    code_path = workdir / "analysis.py"
    code_path.write_text(code)
    result = replace(previous.result, **changes)
    result_path = workdir / "results.json"
    result_path.write_text(result.to_json())
    return RunOutcome(
        spec=spec,
        code=code,
        code_path=code_path,
        result_path=result_path,
        result=result,
        timings={"compile_s": compile_s, "run_s": 0.0, **(timings or {})},
        log=previous.log,
        fills=previous.fills,
    )


def binning_changes(old: AnalysisSpec, new: AnalysisSpec) -> list[str] | None:
    """What differs between two specs if only the histograms' binning does (and perhaps the
    drawing); None when anything else differs or the binning does not."""
    changes = plot_only_changes(old, new, (*PLOT_ONLY_FIELDS, *BINNING_FIELDS))
    if not changes or not any(c.rsplit(".", 1)[-1] in BINNING_FIELDS for c in changes):
        return None
    return changes


def load_fills(path: Path, max_bytes: int) -> dict[tuple[str, str, str], tuple] | None:
    """(observable, dataset, systematic) -> (values, weights) from a run's :data:`FILLS_NAME`
    (written in the sandbox: read without pickle, every array checked); None if unusable."""
    import zipfile

    import numpy as np

    try:
        if path.stat().st_size > max_bytes:
            return None
        with zipfile.ZipFile(path) as archive:  # unpacked, too, it must stay under the limit
            if sum(member.file_size for member in archive.infolist()) > max_bytes:
                return None
        with np.load(path, allow_pickle=False) as data:
            keys = data["keys"]
            if keys.ndim != 1 or keys.dtype.kind != "U":
                return None
            fills = {}
            for i, key in enumerate(keys.tolist()):
                parts = tuple(key.split("\x1f"))
                values, weights = data[f"v{i}"], data[f"w{i}"]
                if (len(parts) != 3 or values.dtype != np.float64 or weights.dtype != np.float64
                        or values.ndim != 1 or values.shape != weights.shape):  # fmt: skip
                    return None
                fills[parts] = (values, weights)
            return fills
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None


def _observable_axis(h: Histogram, name: str):
    """The observable axis the generated code builds for ``h`` (its template's
    ``observable_axis``)."""
    import hist

    if h.axis_kind == "variable":
        return hist.axis.Variable(h.edges, name=name, label=h.axis_label)
    transform = hist.axis.transform.log if h.axis_kind == "log" else None
    return hist.axis.Regular(
        h.bins, h.start, h.stop, transform=transform, name=name, label=h.axis_label
    )


def _refill(old, axis, fills: dict[tuple[str, str, str], tuple]):
    """``old``'s datasets and systematics with the observable ``axis``, filled from ``fills``;
    a systematic a sample was not filled for holds its nominal (as the generated code's
    ``postprocess``)."""
    import hist

    observable = old.axes[2].name
    new = hist.Hist(old.axes[0], old.axes[1], axis, storage=hist.storage.Weight())
    for dataset in old.axes[0]:
        for systematic in old.axes[1]:
            entries = fills.get((observable, dataset, systematic))
            if entries is None:
                entries = fills.get((observable, dataset, "nominal"))
            if entries is not None:
                values, weights = entries
                fill = {observable: values, "weight": weights}
                new.fill(dataset=dataset, systematic=systematic, **fill)
    return new


def _same_counts(a, b) -> bool:
    import numpy as np

    va, vb = a.view(flow=True), b.view(flow=True)
    return va.shape == vb.shape and all(
        np.allclose(va[k], vb[k], rtol=1e-9, atol=1e-12) for k in ("value", "variance")
    )


def refill_outcome(
    previous: RunOutcome,
    spec: AnalysisSpec,
    *,
    workdir: Path | str,
    settings: Settings | None = None,
    catalog: Catalog | None = None,
    resolved: ResolvedAnalysis | None = None,
) -> RunOutcome | None:
    """The previous run's histograms filled again in ``spec``'s binning from the entries the
    run kept (:data:`FILLS_NAME`), if only the binning (and the drawing) changed; else None
    (the spec must run). The entries are used only if, filled into the old binning, they
    give the run's own histograms (same sums of weights and of squared weights, flow bins
    included). The new code is compiled and written (it would fill the same histograms)."""

    changes = binning_changes(previous.spec, spec) if previous.spec is not None else None
    if changes is None or previous.fills is None:
        return None
    settings = settings or get_settings()
    start = time.perf_counter()
    fills = load_fills(previous.fills, settings.sandbox_max_file_mb << 20)
    if fills is None:
        return None
    histograms, info = {}, {}
    for h in spec.histograms:
        old = previous.result.histograms.get(h.name)
        old_info = previous.result.histogram_info.get(h.name)
        if old is None or old_info is None or len(old.axes) != 3:
            return None
        try:
            if not _same_counts(_refill(old, old.axes[2], fills), old):
                return None  # the entries are not those of this result
            histograms[h.name] = _refill(old, _observable_axis(h, old.axes[2].name), fills)
        except (ValueError, TypeError):
            return None
        binning = {"axis": h.axis_kind, "bins": h.bins, "start": h.start, "stop": h.stop}
        info[h.name] = {k: v for k, v in old_info.items() if k != "edges"}
        info[h.name].update(binning, **histogram_drawing(h))
        if h.edges is not None:
            info[h.name]["edges"] = [float(e) for e in h.edges]
    fill_s = time.perf_counter() - start
    metadata = {
        **previous.result.metadata,
        "title": spec.title,
        "spec": spec.model_dump(mode="json", exclude_defaults=True),
        "refilled_from": {"result": str(previous.result_path), "changed": changes},
    }
    metadata.pop("replotted_from", None)
    return _reused_outcome(
        previous,
        spec,
        {"histograms": histograms, "histogram_info": info, "metadata": metadata},
        workdir=workdir,
        settings=settings,
        catalog=catalog,
        resolved=resolved,
        timings={"fill_s": fill_s},
    )
