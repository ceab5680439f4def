"""The planner's patterns are compiled once per process (chathep.regex), not once per request.

Python's ``re`` caches 512 compiled patterns; the planner's rules use about a thousand, so with the
plain module most patterns were compiled again for every request.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import chathep
from chathep import regex
from chathep.catalog import default_catalog
from chathep.planner import plan_request

PLANNER = Path(chathep.__file__).parent / "planner"


def _imports_plain_re(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == "re" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "re":
            return True
    return False


@pytest.mark.parametrize("path", sorted(PLANNER.glob("*.py")), ids=lambda p: p.name)
def test_planner_modules_use_the_cached_regex_module(path: Path) -> None:
    assert not _imports_plain_re(path), f"{path.name}: use `import chathep.regex as re`"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("sub", (r"(\d+) ?gev", r"\1 GeV", "pt above 25 gev and 40gev")),
        ("subn", (r"\bjets?\b", "J", "jet jets jetty")),
        ("search", (r"(?i)MUON", "two muons")),
        ("match", (r"plot", "plot the mass")),
        ("fullmatch", (r"\w+", "mass")),
        ("findall", (r"(a)(b)?", "ab a")),
        ("split", (r"\s*,\s*|\s+and\s+", "pt, eta and phi")),
    ],
)
def test_the_functions_answer_like_re(name: str, args: tuple[str, ...]) -> None:
    ours, std = getattr(regex, name)(*args), getattr(re, name)(*args)
    if isinstance(std, re.Match):
        assert isinstance(ours, re.Match) and ours.group(0) == std.group(0)
    else:
        assert ours == std


def test_flags_and_keyword_arguments_pass_through() -> None:
    assert regex.sub("mass", "M", "Mass mass", flags=re.I) == "M M"
    assert regex.sub("a", "b", "aaa", count=2) == "bba"
    assert regex.split(r"\s+", "a b c", maxsplit=1) == ["a", "b c"]
    assert [m.span() for m in regex.finditer("b", "abcb")] == [(1, 2), (3, 4)]
    compiled = re.compile("x")
    assert regex.compile(compiled) is compiled
    with pytest.raises(ValueError):
        regex.compile(compiled, re.I)  # as re: flags cannot be added to a compiled pattern


REQUESTS = [
    "plot the dimuon mass for opposite-sign muons above 25 GeV",
    "leading jet pT in events with at least two b-jets, 2018 data vs MC",
    "MET in events with a muon pair of mass between 60 and 120 GeV",
    "pT of every jet in the event, no cuts at all",
    "the transverse mass of the leading muon and the MET, log y",
    "delta R between the two leading jets with 40 bins from 0 to 5",
]


def test_a_second_pass_over_the_same_requests_compiles_nothing() -> None:
    catalog = default_catalog()
    for text in REQUESTS:
        plan_request(text, catalog, mode="parser", check_files=False)
    before = regex._compiled.cache_info()
    for text in REQUESTS:
        plan_request(text, catalog, mode="parser", check_files=False)
    after = regex._compiled.cache_info()
    assert after.hits > before.hits
    assert after.misses == before.misses, "patterns were evicted and compiled again"
