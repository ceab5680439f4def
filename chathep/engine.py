"""Run an analysis spec end to end: compile -> write the code -> execute it -> load the result.

The generated code is executed in a separate process through :func:`execute_code` only, so
the sandbox can replace that one function; the result comes back as JSON and is validated
by :func:`chathep.results.load_result` before anything uses it.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from chathep.catalog import Catalog
from chathep.compiler import compile_spec
from chathep.config import Settings, get_settings
from chathep.errors import SandboxError, failure_message
from chathep.results import AnalysisResult, load_result
from chathep.spec import AnalysisSpec

Executor = str  # "iterative" | "futures" | "dask"
STDERR_TAIL_LINES = 15


@dataclass
class ExecutionResult:
    """What a run of the generated code returned (exit code and captured output)."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class RunOutcome:
    """Everything about one run: the code, where it is, the validated result, timings."""

    spec: AnalysisSpec
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


def _run_unsandboxed(
    code_path: Path, args: list[str], workdir: Path, settings: Settings
) -> ExecutionResult:
    import subprocess
    import sys

    try:
        proc = subprocess.run(
            [sys.executable, str(code_path), *args],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=settings.sandbox_timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SandboxError(
            f"The analysis did not finish within {settings.sandbox_timeout:.0f} s.",
            hint="Raise CHATHEP_SANDBOX_TIMEOUT or use fewer samples.",
        ) from exc
    limit = settings.sandbox_max_output_kb * 1024
    return ExecutionResult(proc.returncode, proc.stdout[-limit:], proc.stderr[-limit:])


def execute_code(
    code_path: Path,
    args: list[str],
    workdir: Path,
    settings: Settings,
    *,
    sandboxed: bool = True,
) -> ExecutionResult:
    """Run a generated analysis module in the sandbox; copy its JSON result into ``workdir``.

    Inside the sandbox only the iterative executor can run (no worker processes, no
    network). ``sandboxed=False`` is for code that :func:`run_spec` has just compiled itself
    (never code from an LLM or a user) when it must use the futures or Dask executor.
    A run that is stopped (timeout, memory, a blocked action) raises SandboxError with the
    reason and the end of the log.
    """
    import shutil

    from chathep.sandbox import Policy, load_json_output, run_script

    if not sandboxed:
        return _run_unsandboxed(code_path, args, workdir, settings)
    if "--executor" in args and args[args.index("--executor") + 1] != "iterative":
        raise SandboxError(
            "Inside the sandbox analyses run with the iterative executor only.",
            hint="Run the generated analysis.py yourself for --executor futures or dask.",
        )
    out_name = args[args.index("--out") + 1] if "--out" in args else "results.json"
    run = run_script(
        Path(code_path),
        args=args,
        settings=settings,
        outputs=(out_name,),
        policy=Policy(run_root=Path(workdir) / ".sandbox"),
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
    executor: Executor = "iterative",
    catalog: Catalog | None = None,
    extra_args: list[str] | None = None,
) -> RunOutcome:
    """Compile ``spec``, write ``analysis.py`` into ``workdir``, run it, load ``results.json``.

    Raises SpecError for a bad spec, SandboxError (with the tail of stderr) when the code
    fails, ResultError when its output is malformed.
    """
    settings = settings or get_settings()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    start = time.perf_counter()
    code = compile_spec(spec, catalog, settings)
    timings["compile_s"] = time.perf_counter() - start
    code_path = workdir / "analysis.py"
    code_path.write_text(code)
    result_path = workdir / "results.json"
    result_path.unlink(missing_ok=True)

    args = ["--out", result_path.name, "--executor", executor]
    if executor == "futures":
        args += ["--workers", str(settings.workers)]
    if executor == "dask":
        if not settings.dask_scheduler:
            raise SandboxError(
                "The dask executor needs a scheduler address.",
                hint="Set CHATHEP_DASK_SCHEDULER=tcp://host:port or use executor='futures'.",
            )
        args += ["--scheduler", settings.dask_scheduler]
    args += extra_args or []

    start = time.perf_counter()
    # compiled here from a validated spec: only this code may leave the sandbox, and only
    # because worker processes (futures) and a scheduler connection (dask) need it
    run = execute_code(code_path, args, workdir, settings, sandboxed=executor == "iterative")
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
    code = compile_spec(spec, catalog, settings)
    compile_s = time.perf_counter() - start
    code_path = workdir / "analysis.py"
    code_path.write_text(code)
    info = {}
    for h in spec.histograms:
        drawn = {
            "label": h.label,
            "unit": h.unit,
            "axis_label": h.axis_label,
            "log_y": h.log_y,
            "log_x": h.plot_log_x,
            "density": h.density,
        }
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
