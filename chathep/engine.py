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
from chathep.resolve import ResolvedAnalysis, resolve_samples
from chathep.results import AnalysisResult, load_result
from chathep.spec import AnalysisSpec

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
) -> ExecutionResult:
    """Run a generated analysis module in the sandbox; copy its JSON result into ``workdir``.

    Inside the sandbox the iterative executor and coffea's futures executor over threads
    (``--executor threads``) run: no worker processes, no network. ``sandboxed=False`` is for
    code that :func:`run_spec` has just compiled itself (never code from an LLM or a user)
    when it must use worker processes (futures) or a Dask cluster. ``network``: the sandbox
    lets this run connect out (remote datasets, CHATHEP_ALLOW_NETWORK; every other layer
    stays). ``on_line`` gets each line
    the code prints on stdout as it comes. ``trees``: the local ROOT files (path, tree name)
    the code reads, whose metadata a warm sandbox keeps parsed between runs.
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
        outputs=(out_name,),
        policy=Policy(run_root=Path(workdir) / ".sandbox", network=network),
        on_line=on_line,
        trees=trees,
    )
    if run.killed_reason:
        run.raise_for_status()
    produced = run.outputs.get(out_name)
    if run.returncode == 0 and produced is not None:
        load_json_output(produced, max_bytes=settings.sandbox_max_file_mb * 1024 * 1024)
        shutil.copyfile(produced, Path(workdir) / out_name)
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
    return RunOutcome(
        spec=spec,
        code=code,
        code_path=code_path,
        result_path=result_path,
        result=result,
        timings=timings,
        log=run.stdout,
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
PLOT_ONLY_FIELDS = ("log_y", "log_x", "density", "label", "unit")


def plot_only_changes(old: AnalysisSpec, new: AnalysisSpec) -> list[str] | None:
    """What differs between two specs if only the drawing does (title, log scales, labels,
    events per unit of x); None when the run itself would differ (samples, cuts, binning...)."""
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    changed = ["title"] if a.pop("title") != b.pop("title") else []
    old_hists, new_hists = a.pop("histograms"), b.pop("histograms")
    if a != b or len(old_hists) != len(new_hists):
        return None
    for ha, hb in zip(old_hists, new_hists, strict=True):
        for name in PLOT_ONLY_FIELDS:
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
    from dataclasses import replace

    changes = plot_only_changes(previous.spec, spec)
    if changes is None:
        return None
    settings = settings or get_settings()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    code = compile_spec(spec, catalog, settings, resolved)
    compile_s = time.perf_counter() - start
    code_path = workdir / "analysis.py"
    code_path.write_text(code)
    info = {}
    for h in spec.histograms:
        drawn = histogram_drawing(h)
        info[h.name] = {**previous.result.histogram_info.get(h.name, {}), **drawn}
    metadata = {
        **previous.result.metadata,
        "title": spec.title,
        "replotted_from": {"result": str(previous.result_path), "changed": changes},
    }
    result = replace(previous.result, histogram_info=info, metadata=metadata)
    result_path = workdir / "results.json"
    result_path.write_text(result.to_json())
    return RunOutcome(
        spec=spec,
        code=code,
        code_path=code_path,
        result_path=result_path,
        result=result,
        timings={"compile_s": compile_s, "run_s": 0.0},
        log=previous.log,
    )
