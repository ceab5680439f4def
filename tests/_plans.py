"""Helpers the planner tests share: a rules-only plan, and what a plan plots and cuts.

(Older test files each define their own ``_plan``; new ones import these.)
"""

from __future__ import annotations

from chathep.planner.planner import Plan, plan_request


def parser_plan(text: str, catalog, previous: Plan | None = None, **kwargs) -> Plan:
    """The rule planner's plan of ``text`` (no LLM, no file checks); ``previous``: the plan a
    follow-up edits."""
    return plan_request(
        text, catalog, mode="parser", check_files=False, previous=previous, **kwargs
    )


def plotted_fields(plan: Plan) -> list[tuple[str | None, str | None]]:
    """(of, field) of every histogram's observable, in order."""
    by_name = {o.name: o for o in plan.spec.observables}
    return [(by_name[h.observable].of, by_name[h.observable].field) for h in plan.spec.histograms]


def first_plotted(plan: Plan) -> tuple[str, str | None]:
    """(kind, of) of the first histogram's observable."""
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    return obs.kind, obs.of


def object_cuts(plan: Plan, name: str) -> list[tuple[str, str, object]]:
    """(field, op, value) of every cut of the object definition ``name``."""
    return [(c.field, c.op, c.value) for c in plan.spec.object(name).cuts]
