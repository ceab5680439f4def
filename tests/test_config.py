"""Settings precedence: keyword > CHATHEP_* environment > TOML file > defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from chathep.config import load_settings
from chathep.errors import ConfigError


@pytest.fixture
def toml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("CHATHEP_CONFIG", str(path))
    for var in ("CHATHEP_MODEL", "CHATHEP_LLM_THREADS", "CHATHEP_DATA_DIR", "CHATHEP_PLANNER"):
        monkeypatch.delenv(var, raising=False)
    return path


def test_defaults_without_file_or_env(toml_file: Path) -> None:
    settings = load_settings()
    assert settings.model == "smollm2"
    assert settings.llm_backend == "llamacpp"
    assert settings.planner == "auto"


def test_toml_overrides_defaults(toml_file: Path) -> None:
    toml_file.write_text('model = "gemma3-270m"\nllm_threads = 1\ndata_dir = "/tmp/x"\n')
    settings = load_settings()
    assert settings.model == "gemma3-270m"
    assert settings.llm_threads == 1
    assert settings.data_dir == Path("/tmp/x")


def test_env_overrides_toml(toml_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml_file.write_text('model = "gemma3-270m"\nllm_threads = 1\n')
    monkeypatch.setenv("CHATHEP_MODEL", "/models/big.gguf")
    settings = load_settings()
    assert settings.model == "/models/big.gguf"
    assert settings.llm_threads == 1  # still from the file


def test_keyword_overrides_env(toml_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATHEP_PLANNER", "llm")
    assert load_settings(planner="parser").planner == "parser"


def test_invalid_value_is_a_config_error(toml_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATHEP_LLM_THREADS", "zero")
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "llm_threads" in info.value.message
    assert "CHATHEP_" in info.value.hint


def test_unknown_key_in_toml_is_named(toml_file: Path) -> None:
    toml_file.write_text('modle = "smollm2"\n')
    with pytest.raises(ConfigError, match="modle"):
        load_settings()


def test_malformed_toml_is_a_config_error(toml_file: Path) -> None:
    toml_file.write_text("model = \n")
    with pytest.raises(ConfigError, match="config"):
        load_settings()
