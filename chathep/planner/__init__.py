"""The layered planner: rules first, an LLM only for what the rules leave open, else a question.

``plan_request(text, catalog, mode=..., previous=...)`` is the entry point.
"""

from chathep.planner.build import build_spec
from chathep.planner.draft import Draft, ObjectReq
from chathep.planner.parser import ParseResult, parse_request
from chathep.planner.planner import Plan, plan_request

__all__ = [
    "Draft",
    "ObjectReq",
    "ParseResult",
    "Plan",
    "build_spec",
    "parse_request",
    "plan_request",
]
