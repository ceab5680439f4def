"""Typed overrides (the app's sidebar) and the spec resolved once per request.

The structured route must give the spec the English route gave ("Use dy_2018. With Rochester
corrections." read by the rule parser), without any words being parsed for it. Nothing runs in
the sandbox here (``generate``: plan and compile only).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chathep import api
from chathep.api import Overrides
from chathep.config import get_settings


@pytest.fixture
def settings(demo_data: Path, tmp_path: Path):
    return get_settings().model_copy(update={"planner": "parser", "output_dir": tmp_path / "out"})


def _generate(request: str, settings, overrides: Overrides | None = None) -> api.Answer:
    return api.generate(request, settings=settings, overrides=overrides)


@pytest.mark.parametrize(
    ("request_text", "overrides", "words"),
    [
        (
            "dimuon mass",
            Overrides(("dy_2018",), ("rochester",)),
            "Use dy_2018. With Rochester corrections.",
        ),
        # a data/MC comparison: the era's data is added to the chosen MC, as for named samples
        (
            "data/MC comparison of the dimuon mass",
            Overrides(samples=("dy_2018",)),
            "Use dy_2018.",
        ),
        ("the leading jet pT", Overrides(corrections=("jer", "jec")), "With JER and JEC."),
    ],
)
def test_structured_overrides_give_the_spec_the_words_gave(
    settings, request_text: str, overrides: Overrides, words: str
) -> None:
    by_words = _generate(f"{request_text}. {words}", settings)
    structured = _generate(request_text, settings, overrides)
    assert by_words.kind == structured.kind == "analysis", (by_words.message, structured.message)
    assert structured.spec == by_words.spec
    assert "Chosen in the settings:" in structured.plan
    if "data/MC" in request_text:
        assert structured.spec["samples"] == ["data_2018A_doublemuon", "dy_2018"]


@pytest.mark.parametrize(
    "request_text", ["dimuon mass in ttbar_semilep_2022", "dimuon mass, data vs Drell-Yan"]
)
def test_override_samples_replace_those_the_request_names(settings, request_text) -> None:
    """Unlike "Use dy_2018." in words (added to the samples the request names), the chosen
    samples are the samples."""
    answer = _generate(request_text, settings, Overrides(samples=("dy_2018",)))
    assert answer.kind == "analysis", answer.message
    assert answer.spec["samples"] == ["dy_2018"]
    assert answer.spec["title"] == "Dimuon mass, DY"
    assert "run on dy_2018." in answer.plan


def test_override_corrections_add_to_the_requested_ones(settings) -> None:
    answer = _generate(
        "dimuon mass with pileup reweighting", settings, Overrides(corrections=("rochester",))
    )
    assert answer.kind == "analysis", answer.message
    assert answer.spec["corrections"] == ["pileup", "rochester"]


@pytest.mark.parametrize(
    ("overrides", "named", "suggested"),
    [
        (Overrides(samples=("dy_201",)), "'dy_201'", "dy_2018"),
        (Overrides(corrections=("rochster",)), "'rochster'", "rochester"),
    ],
)
def test_unknown_override_is_a_clear_error(settings, overrides, named, suggested) -> None:
    answer = _generate("dimuon mass", settings, overrides)
    assert answer.kind == "error"
    assert named in answer.message and f"did you mean '{suggested}'" in answer.message
    assert answer.hint and suggested in answer.hint


def test_no_override_is_falsy_and_changes_nothing(settings) -> None:
    assert not Overrides()
    plain = _generate("dimuon mass", settings)
    empty = _generate("dimuon mass", settings, Overrides())
    assert plain.spec == empty.spec and "Chosen in the settings" not in empty.plan


# --- the spec is checked and its corrections resolved once per request -----------------------


def test_agent_checks_the_spec_once_and_the_compiler_reuses_it(settings, monkeypatch) -> None:
    """After planning, ``resolve_analysis`` runs once (the agent's check stage); the compiler
    takes its samples and correction table instead of checking the files and resolving the
    corrections again. (The planner's own check and the plan text of ``Plan.describe`` use
    their own bindings and are not counted here.)"""
    import chathep.compiler as compiler
    import chathep.resolve as resolve

    calls = {"resolve_analysis": 0, "check_spec": 0, "resolve_corrections": 0}

    def counted(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(resolve, "check_spec", counted("check_spec", resolve.check_spec))
    monkeypatch.setattr(
        resolve, "resolve_corrections", counted("resolve_corrections", resolve.resolve_corrections)
    )
    analysis = counted("resolve_analysis", resolve.resolve_analysis)
    monkeypatch.setattr(resolve, "resolve_analysis", analysis)
    monkeypatch.setattr(compiler, "resolve_analysis", analysis)
    answer = _generate("dimuon mass, data vs Drell-Yan, with the Rochester corrections", settings)
    assert answer.kind == "analysis", answer.message
    assert "rochester" in answer.spec["corrections"]
    assert calls == {"resolve_analysis": 1, "check_spec": 1, "resolve_corrections": 1}
    assert "check" in answer.timings


def test_a_resolution_for_another_spec_is_not_reused(settings) -> None:
    from chathep.compiler import compile_spec
    from chathep.demo_specs import demo_specs
    from chathep.resolve import resolve_analysis

    specs = demo_specs()
    plain, corrected = specs["dimuon_mass"], specs["dimuon_mass_corrected"]
    resolved = resolve_analysis(plain, settings=settings)
    assert resolved.describes(plain) and not resolved.describes(corrected)
    code = compile_spec(corrected, settings=settings, resolved=resolved)
    assert code == compile_spec(corrected, settings=settings)  # checked afresh, not reused
    assert code != compile_spec(plain, settings=settings, resolved=resolved)


def test_overrides_apply_to_every_plot_of_a_several_plot_request(settings) -> None:
    answer = _generate(
        "plot the dimuon mass and the leading muon pt", settings, Overrides(samples=("dy_2018",))
    )
    assert answer.kind == "analysis", answer.message
    assert answer.spec["samples"] == ["dy_2018"]
    assert len(answer.spec["histograms"]) == 2
