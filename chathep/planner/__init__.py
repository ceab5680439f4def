"""The layered planner: rules first, an LLM only for what the rules leave open, else a question.

``plan_request(text, catalog, mode=..., previous=...)`` is the entry point.

The names below are imported on first use (PEP 562), so importing one submodule (say
``chathep.planner.draft``) does not load the whole planner, and no submodule's import runs
through this package's namespace (no import cycle).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and IDEs; at run time see __getattr__
    from chathep.planner.build import build_spec
    from chathep.planner.draft import Draft, ObjectReq
    from chathep.planner.parser import ParseResult, parse_request
    from chathep.planner.planner import Plan, plan_request

#: Public name -> the submodule that defines it.
_EXPORTS = {
    "Draft": "draft",
    "ObjectReq": "draft",
    "ParseResult": "parser",
    "Plan": "planner",
    "build_spec": "build",
    "parse_request": "parser",
    "plan_request": "planner",
}

__all__ = [
    "Draft",
    "ObjectReq",
    "ParseResult",
    "Plan",
    "build_spec",
    "parse_request",
    "plan_request",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
