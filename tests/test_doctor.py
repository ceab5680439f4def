"""`chathep doctor`: green after set-up, and a named fix for each thing that is removed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chathep import doctor
from chathep.config import get_settings, load_settings


def _by_component(checks: list[doctor.Check]) -> dict[str, doctor.Check]:
    return {c.component: c for c in checks}


def test_everything_is_green_after_setup(demo_data: Path) -> None:
    checks = doctor.run_checks(get_settings())
    failed = [f"{c.component}: {c.detail} (fix: {c.fix})" for c in checks if not c.ok]
    assert failed == []
    names = {c.component for c in checks}
    assert {"LLM model (GGUF)", "embedding model", "knowledge index", "sandbox"} <= names
    assert "data nano_dy.root" in names


def test_missing_model_file_names_the_fix(tmp_path: Path) -> None:
    settings = load_settings(model=str(tmp_path / "nowhere.gguf"))
    check = _by_component(doctor.run_checks(settings))["LLM model (GGUF)"]
    assert not check.ok
    assert "nowhere.gguf" in check.detail
    assert check.fix


def test_missing_embedding_model_names_the_fix(tmp_path: Path) -> None:
    settings = load_settings(embedding_model=str(tmp_path / "no-model"))
    check = _by_component(doctor.run_checks(settings))["embedding model"]
    assert not check.ok
    assert check.fix


def test_missing_data_names_the_fetch(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "empty")
    checks = [c for c in doctor.run_checks(settings) if c.component.startswith("data ")]
    assert checks and all(not c.ok for c in checks)
    assert all(c.detail == "missing" and c.fix == "chathep data fetch" for c in checks)


def test_corrupted_root_file_is_detected(tmp_path: Path, demo_data: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(demo_data, copy)
    victim = copy / "nano_dimuon.root"
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    checks = _by_component(doctor.run_checks(load_settings(data_dir=copy)))
    assert not checks["data nano_dimuon.root"].ok
    assert "checksum" in checks["data nano_dimuon.root"].detail
    assert "chathep data fetch" in checks["data nano_dimuon.root"].fix
    assert checks["data nano_dy.root"].ok


def test_missing_dependency_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        doctor, "DEPENDENCIES", (*doctor.DEPENDENCIES, ("chathep-missing-dep", "chathep_missing"))
    )
    check = _by_component(doctor.run_checks())["package chathep-missing-dep"]
    assert not check.ok
    assert check.fix == "pip install 'chathep-missing-dep'"


def test_cli_doctor_exit_code_is_1_on_failure(tmp_path: Path) -> None:
    env = {**os.environ, "CHATHEP_MODEL": str(tmp_path / "gone.gguf"), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "chathep.cli", "doctor", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 1
    checks = {c["component"]: c for c in json.loads(proc.stdout)}
    llm = checks["LLM model (GGUF)"]
    assert not llm["ok"] and "gone.gguf" in llm["detail"] and llm["fix"]
    assert "Traceback" not in proc.stdout + proc.stderr
