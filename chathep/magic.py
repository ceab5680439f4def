"""Jupyter: ``%load_ext chathep``, then ``%%chathep`` (cell) or ``%chathep`` (line).

The magic shows the plan and the plot inline, puts the generated code into a new cell below
(so it can be edited and re-run), and returns a :class:`ChatHEPResult` whose ``histograms``
are ``hist.Hist`` objects. Follow-ups in later cells edit the previous spec.

    %%chathep --as zmm
    dimuon mass, opposite-sign muons above 25 GeV, data vs Drell-Yan

    zmm.histograms["dimuon_mass"]
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field
from typing import Any

from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.display import Image, Markdown, display

from chathep.answer import Answer


@dataclass
class ChatHEPResult:
    """What a ``%%chathep`` cell returns: the answer and its histograms as ``hist.Hist``."""

    answer: Answer
    histograms: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str | None:
        return self.answer.code

    def _repr_markdown_(self) -> str:
        names = ", ".join(self.histograms) or "none"
        return f"ChatHEP result ({self.answer.kind}): histograms {names}"


def _load_histograms(answer: Answer) -> dict[str, Any]:
    if not answer.result_path:
        return {}
    from chathep.results import load_result

    return dict(load_result(answer.result_path).histograms)


OPTIONS = "--as NAME --no-run --no-code-cell --planner P --as-written --reset"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="%%chathep", add_help=False)
    parser.add_argument("--as", dest="name", default=None)
    parser.add_argument("--no-run", dest="run", action="store_false")
    parser.add_argument("--no-code-cell", dest="code_cell", action="store_false")
    parser.add_argument("--planner", default=None, choices=["parser", "llm", "auto"])
    parser.add_argument("--as-written", dest="as_written", action="store_true")
    parser.add_argument("--reset", action="store_true")
    return parser


@magics_class
class ChatHEPMagics(Magics):
    """One ChatHEP session per kernel: later cells are follow-ups of earlier ones."""

    def __init__(self, shell: Any) -> None:
        super().__init__(shell)
        from chathep.api import Session

        self.session = Session()

    @line_cell_magic
    def chathep(self, line: str, cell: str | None = None) -> ChatHEPResult | None:
        from chathep.api import ask
        from chathep.tables import yields_markdown

        if cell is None:
            options, request = _parser().parse_args([]), line
        else:
            try:
                options = _parser().parse_args(shlex.split(line))
            except SystemExit:
                display(Markdown(f"Options: `{OPTIONS}`"))
                return None
            request = cell
        if options.reset:
            self.session.reset()
        answer = ask(
            request, session=self.session, run=options.run, planner=options.planner,
            as_written=options.as_written,
        )  # fmt: skip
        self._show(answer, yields_markdown)
        if answer.code and options.code_cell:
            self.shell.set_next_input(answer.code, replace=False)
        result = ChatHEPResult(answer, _load_histograms(answer))
        if options.name:
            self.shell.user_ns[options.name] = result
        return result

    @staticmethod
    def _show(answer: Answer, yields_markdown: Any) -> None:
        if answer.kind in ("error", "clarification", "refusal"):
            text = f"**{answer.kind}:** {answer.message}"
            if answer.hint:
                text += f"\n\n*Hint:* {answer.hint}"
            display(Markdown(text))
        elif answer.kind == "question":
            display(Markdown(answer.message))
        if answer.plan:
            display(Markdown("**Plan.** " + answer.plan.replace("\n", "\n\n")))
        if answer.png:
            display(Image(filename=answer.png))
        if answer.yields:
            from chathep.catalog import default_catalog

            display(Markdown(yields_markdown(answer.yields, default_catalog().samples)))
        for warning in answer.warnings:
            display(Markdown(f"*warning:* {warning}"))
        if answer.citations and answer.kind != "question":  # a question's message lists them
            display(Markdown("Sources: " + "; ".join(f"`{c}`" for c in answer.citations)))


def load_ipython_extension(ipython: Any) -> None:
    ipython.register_magics(ChatHEPMagics)
