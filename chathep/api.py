"""The one API every interface calls: the CLI, the Jupyter magic and the Streamlit app.

>>> from chathep.api import ask, Session
>>> session = Session()
>>> answer = ask("dimuon mass, opposite-sign muons above 25 GeV, data vs DY", session=session)
>>> answer.png, answer.yields
>>> ask("now log scale", session=session)   # a follow-up edits the previous spec
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chathep.agent import Progress, Session, Turn, answer_request, run_code_file
from chathep.answer import Answer
from chathep.config import Settings
from chathep.guard import is_question
from chathep.overrides import Overrides

__all__ = ["Answer", "Overrides", "Session", "Turn", "ask", "generate", "run_code"]


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
    if run and not is_question(request):
        # the warm sandbox imports the scientific stack while the request is planned
        from chathep.sandbox.runner import prestart

        prestart(settings)
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
    return run_code_file(script, out_dir=out_dir, settings=settings)
