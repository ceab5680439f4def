"""Planner readings added in session 25 (each test fails on the code before it)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import Plan, plan_request


def _plan(text: str, catalog, previous: Plan | None = None) -> Plan:
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


@pytest.mark.parametrize(
    ("text", "process"),
    [
        ("the MET in W+jets events with one muon", "WJets"),
        ("dimuon mass in diboson MC", "VV"),
    ],
)
def test_a_missing_process_the_generator_makes_is_offered(catalog, text, process) -> None:
    # was: "The catalog has no W+jets sample ... Which of these should I use?" and nothing else
    plan = _plan(text, catalog)
    assert not plan.ok
    assert f"`chathep data generate --process {process}`" in plan.question


def test_the_offered_processes_are_the_generators() -> None:
    from chathep.generate.processes import PROCESSES
    from chathep.planner import lexicon as lx

    assert set(lx.GENERATED_PROCESS.values()) <= set(PROCESSES)
    assert set(lx.GENERATED_PROCESS) <= {name for _, name in lx.PROCESS_WORDS}
