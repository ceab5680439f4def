"""The one API every interface calls: the CLI, the Jupyter magic and the Streamlit app.

>>> from chathep.api import ask, Session
>>> session = Session()
>>> answer = ask("dimuon mass, opposite-sign muons above 25 GeV, data vs DY", session=session)
>>> answer.png, answer.yields
>>> ask("now log scale", session=session)   # a follow-up edits the previous spec
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from chathep.answer import Answer
from chathep.config import Settings
from chathep.guard import is_question
from chathep.overrides import Overrides

if TYPE_CHECKING:
    from chathep.agent import Progress, Session, Turn

__all__ = [
    "Answer", "Overrides", "Session", "Turn", "ask", "generate", "prestart", "run_code",
    "wait_for_files",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    """``Session`` and ``Turn`` come from the agent, imported on first use: importing this
    module stays light, so that :func:`prestart` can start the warm sandbox first."""
    if name in ("Session", "Turn", "Progress"):
        import chathep.agent

        return getattr(chathep.agent, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def prestart(request: str, settings: Settings | None = None) -> bool:
    """Start the warm sandbox now if ``request`` will run an analysis (not for a knowledge
    question): its interpreter imports the scientific stack while the caller imports the
    agent and plans. True if a sandbox is starting or ready; never raises. :func:`ask` does
    it too; a fresh process (``chathep ask``) calls it first to gain the agent's import time.
    """
    if is_question(request):
        return False
    from chathep.sandbox.runner import prestart as start

    return start(settings)


def ask(
    request: str,
    *,
    session: Session | None = None,
    settings: Settings | None = None,
    run: bool = True,
    out_dir: Path | str | None = None,
    planner: str | None = None,
    chat_model: Any = None,
    progress: Progress | None = None,
    as_written: bool = False,
    overrides: Overrides | None = None,
) -> Answer:
    """Plan, compile, run in the sandbox and plot ``request``; never raises for bad input.

    ``as_written=True`` applies no default object requirement (ID, isolation, pT and eta
    thresholds, overlap removal): only what the request says. ``overrides`` carries samples
    and corrections chosen outside the request (a form, the app's sidebar), typed: the
    samples replace the request's, the corrections are added to its own.
    """
    from chathep.agent import answer_request

    if run:  # the warm sandbox imports the scientific stack while the request is planned
        prestart(request, settings)
    return answer_request(
        request,
        session=session,
        settings=settings,
        run=run,
        out_dir=out_dir,
        planner=planner,
        chat_model=chat_model,
        progress=progress,
        as_written=as_written,
        overrides=overrides,
    )


def generate(request: str, **kwargs: Any) -> Answer:
    """Plan and compile only: the answer carries the code, nothing is run."""
    return ask(request, run=False, **kwargs)


def run_code(
    script: Path | str, *, out_dir: Path | str | None = None, settings: Settings | None = None
) -> Answer:
    """Run a generated or hand-edited analysis module in the sandbox and plot its result."""
    from chathep.agent import run_code_file

    return run_code_file(script, out_dir=out_dir, settings=settings)


def wait_for_files() -> None:
    """Wait until every file of the answers so far is written: an answer's PDFs are written
    in the background after it returns (the PNGs it shows are written before). For an
    interface that offers the PDF as soon as the answer is shown."""
    import sys

    plotting = sys.modules.get("chathep.plotting")  # nothing plotted: nothing to wait for
    if plotting is not None:
        plotting.wait_for_pdfs()
