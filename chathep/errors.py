"""Typed errors: every failure a user can cause carries a message and a hint for the fix.

Interfaces (CLI, Jupyter, Streamlit) catch :class:`ChatHEPError` and show ``message``
and ``hint``; anything else is an internal error and is logged with its traceback.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


class ChatHEPError(Exception):
    """Base class for errors caused by input or environment, not by a bug."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class ConfigError(ChatHEPError):
    """Settings or the TOML configuration file are invalid."""


class ModelNotFoundError(ChatHEPError):
    """A GGUF or embedding model could not be located."""


class DataError(ChatHEPError):
    """Demo data are missing, corrupted or could not be fetched."""


class CatalogError(ChatHEPError):
    """The dataset catalog is malformed or names something that does not exist."""


class SpecError(ChatHEPError):
    """An analysis spec is invalid (unknown field, empty range, ...)."""


class SandboxError(ChatHEPError):
    """Code was blocked by, or failed inside, the sandbox."""


_EXCEPTION_LINE = re.compile(r"^(?:[\w.]+\.)?\w*(?:Error|Exception|Exit|Interrupt)\b.*$", re.M)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices`` to ``word``, or ``""``."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def last_exception(log: str) -> str | None:
    """The final ``SomeError: message`` line of a Python traceback in ``log`` (or None).

    Users read this first: the frames above it are for whoever debugs the code.
    """
    found = _EXCEPTION_LINE.findall(log)
    return found[-1].strip() if found else None


def failure_message(what: str, log: str, lines: int = 15) -> str:
    """``what: SomeError: message``, then the end of ``log``: the reason first, frames after."""
    error = last_exception(log)
    tail = "\n".join(log.strip().splitlines()[-lines:])
    return f"{what}" + (f": {error}" if error else "") + f"\nLast lines of its log:\n{tail}"
