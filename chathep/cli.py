"""The ``chathep`` command line: a thin typer layer over the chathep API.

Exit codes: 0 success, 1 user error (a clear message and a hint), 2 internal error (a message
and the path of a log with the traceback). ``NO_COLOR`` is respected, and there is no colour
when the output is not a terminal.
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

app = typer.Typer(
    name="chathep",
    help="ChatHEP: ask for a NanoAOD analysis in plain words; get coffea code, a run and a plot.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_app = typer.Typer(help="Demo and generated data.", no_args_is_help=True)
app.add_typer(data_app, name="data")

F = TypeVar("F", bound=Callable[..., Any])


def console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    tty = stream.isatty()
    no_color = bool(os.environ.get("NO_COLOR")) or not tty
    return Console(
        file=stream, no_color=no_color, highlight=False, width=None if tty else 200
    )


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


@app.command()
@handle_errors
def datasets(
    as_json: bool = typer.Option(False, "--json", help="Print the catalog as JSON."),
) -> None:
    """Show the dataset catalog."""
    from chathep.catalog import default_catalog

    catalog = default_catalog()
    if as_json:
        import json

        print(json.dumps({n: s.model_dump() for n, s in catalog.samples.items()}, indent=2))
        return
    table = Table(title="ChatHEP dataset catalog")
    for col in ("sample", "kind", "process", "era", "√s [TeV]", "events", "σ [pb]", "Σ genWeight",
                "L [pb⁻¹]", "files"):
        table.add_column(col)
    for s in catalog:
        table.add_row(
            s.name,
            s.kind,
            s.process,
            s.era,
            f"{s.sqrt_s_tev:g}",
            str(s.n_events),
            f"{s.xsec_pb:g}" if s.xsec_pb else "",
            f"{s.sum_genweight:.6g}" if s.sum_genweight is not None else "",
            f"{s.lumi_pb:.4g}" if s.lumi_pb else "",
            ", ".join(s.files),
        )
    console().print(table)


@app.command()
@handle_errors
def doctor() -> None:
    """Check Python, dependencies, models, demo data, the index and the sandbox."""
    from chathep.doctor import run_checks

    checks = run_checks()
    table = Table(title="chathep doctor")
    table.add_column("component")
    table.add_column("status")
    table.add_column("detail")
    table.add_column("fix")
    for c in checks:
        table.add_row(c.component, "[green]ok[/]" if c.ok else "[red]FAIL[/]", c.detail, c.fix)
    console().print(table)
    failed = [c for c in checks if not c.ok]
    if failed:
        console(stderr=True).print(f"{len(failed)} check(s) failed.")
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
