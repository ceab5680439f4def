"""The ``re`` module with a compiled-pattern cache large enough for the planner's rules.

The planner's rules use about a thousand fixed patterns, written inline as ``re.sub(pattern, ...)``.
Python's own cache of compiled patterns holds 512 (``re._MAXCACHE``), so with the plain module each
request recompiled most of them: about 80 % of the planning time went to ``re``'s compiler
(0.22 s per request, 0.05 s with this cache, on the tuning texts). Modules import this one in place
of ``re``; everything else is the standard module's (flags, ``escape``, ``Match``, ``error``).
"""

from __future__ import annotations

import functools
import re as _re
from collections.abc import Callable, Iterator
from re import *  # noqa: F403 - the flags, escape, error, Match, Pattern of the standard module
from typing import Any

_CACHE_SIZE = 8192  # fixed patterns (~1,000) plus the patterns built from a request's own words


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _compiled(pattern: str | _re.Pattern[str], flags: int) -> _re.Pattern[str]:
    return _re.compile(pattern, flags)


def compile(pattern: str | _re.Pattern[str], flags: int = 0) -> _re.Pattern[str]:  # noqa: A001
    """``re.compile``, cached."""
    if isinstance(pattern, _re.Pattern):
        return _re.compile(pattern, flags)  # as ``re``: flags with a compiled pattern raise
    return _compiled(pattern, int(flags))


def search(pattern: Any, string: str, flags: int = 0) -> _re.Match[str] | None:
    return compile(pattern, flags).search(string)


def match(pattern: Any, string: str, flags: int = 0) -> _re.Match[str] | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: Any, string: str, flags: int = 0) -> _re.Match[str] | None:
    return compile(pattern, flags).fullmatch(string)


def finditer(pattern: Any, string: str, flags: int = 0) -> Iterator[_re.Match[str]]:
    return compile(pattern, flags).finditer(string)


def findall(pattern: Any, string: str, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).findall(string)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[str | Any]:
    return compile(pattern, flags).split(string, maxsplit)


def sub(
    pattern: Any,
    repl: str | Callable[[_re.Match[str]], str],
    string: str,
    count: int = 0,
    flags: int = 0,
) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def subn(
    pattern: Any,
    repl: str | Callable[[_re.Match[str]], str],
    string: str,
    count: int = 0,
    flags: int = 0,
) -> tuple[str, int]:
    return compile(pattern, flags).subn(repl, string, count)
