"""All ChatHEP configuration in one place.

Precedence, highest first: keyword arguments > ``CHATHEP_*`` environment variables >
the TOML file (``CHATHEP_CONFIG`` or ``<user config dir>/chathep/config.toml``) > defaults.
Every interface reads :func:`get_settings`, so a setting means the same thing everywhere.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from chathep.errors import ConfigError

APP_NAME = "chathep"


def default_config_file() -> Path:
    """The TOML file read when ``CHATHEP_CONFIG`` is not set."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def config_file() -> Path:
    return Path(os.environ.get("CHATHEP_CONFIG") or default_config_file()).expanduser()


class Settings(BaseSettings):
    """ChatHEP settings; each field can be set as ``CHATHEP_<NAME>`` or in the TOML file."""

    model_config = SettingsConfigDict(env_prefix="CHATHEP_", extra="forbid")

    # --- LLM -------------------------------------------------------------------------
    llm_backend: Literal["llamacpp", "openai"] = Field(
        "llamacpp", description="llamacpp: a local GGUF model; openai: an OpenAI-compatible server"
    )
    model: str = Field(
        "smollm2",
        description="GGUF model: a bundled name (smollm2, gemma3-270m) or a path to a .gguf file",
    )
    llm_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server")
    llm_api_key: str = Field("not-needed", description="API key for the OpenAI-compatible server")
    llm_model: str = Field("local", description="Model name sent to the OpenAI-compatible server")
    llm_threads: int | None = Field(
        None,
        ge=1,
        description="CPU threads for llama.cpp (default: half the cores, at least 1: on a busy "
        "2-core machine a second thread made the planner ~10x slower, on a quiet one 3 % faster)",
    )
    llm_context: int = Field(4096, ge=512, description="Context window for llama.cpp (tokens)")
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0)
    planner: Literal["parser", "llm", "auto"] = "auto"
    freeform: Literal["off", "auto", "on"] = Field(
        "auto",
        description="Free-form code for requests the spec cannot express: auto = only with a "
        "capable model (an OpenAI-compatible server or a GGUF other than the bundled ones)",
    )
    freeform_attempts: int = Field(3, ge=1, le=10, description="Repair attempts in free-form")

    # --- retrieval -------------------------------------------------------------------
    embedding_model: str = Field(
        "all-MiniLM-L6-v2",
        description="sentence-transformers model: the bundled name or a local model directory",
    )
    chroma_url: str | None = Field(None, description="http://host:port of a Chroma server")
    index_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)) / "index"
    )
    knowledge_dirs: list[Path] = Field(default_factory=list, description="Extra folders to index")

    # --- data and execution ----------------------------------------------------------
    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)) / "data"
    )
    coffea_sdist: Path | None = Field(
        None, description="A local coffea sdist (.tar.gz) to take the demo files from"
    )
    coffea_version: str = Field("2026.9.0", description="coffea sdist the demo files come from")
    output_dir: Path = Field(Path("chathep-output"), description="Where plots and results go")
    dask_scheduler: str | None = Field(
        None, description="tcp://host:port of a Dask scheduler; set: analyses run on that cluster"
    )
    executor: Literal["auto", "iterative", "threads", "futures", "dask"] = Field(
        "auto",
        description="coffea executor of analyses ChatHEP compiles. auto: dask when "
        "dask_scheduler is set (the code runs on the cluster, outside the local sandbox), else "
        "threads (futures executor over threads, in the sandbox) for samples of several "
        "files, else iterative. futures (worker processes) also runs outside the sandbox",
    )
    workers: int = Field(2, ge=1, description="Threads or processes of the futures executor")
    chunksize: int = Field(100_000, ge=1)

    allow_network: bool = Field(
        False,
        description="Analyses of remote datasets (root://, https://, s3://) run in the "
        "sandbox with outbound network (every other layer kept); off: such a request is "
        "refused with this hint",
    )

    # --- sandbox ---------------------------------------------------------------------
    sandbox_timeout: float = Field(120.0, gt=0, description="Wall-clock seconds per run")
    sandbox_cpu_seconds: int = Field(300, gt=0)
    sandbox_memory_mb: int = Field(4096, gt=0, description="Address-space limit")
    sandbox_max_file_mb: int = Field(256, gt=0, description="Largest file a run may write")
    sandbox_max_output_kb: int = Field(1024, gt=0, description="stdout/stderr kept per run")
    sandbox_warm: bool = Field(
        True,
        description="Fork runs from a zygote that imported the scientific stack once, inside the "
        "same jail (bubblewrap only; falls back to a fresh interpreter per run)",
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return (init_settings, env_settings, toml)


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning validation errors into a :class:`ConfigError` a user can act on."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '?'}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(
            f"Invalid ChatHEP configuration: {problems}",
            hint=f"Check the CHATHEP_* environment variables and {config_file()}.",
        ) from None
    except Exception as exc:  # a malformed TOML file
        raise ConfigError(
            f"Could not read the configuration file {config_file()}: {exc}",
            hint="Fix the TOML syntax or unset CHATHEP_CONFIG.",
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings (cached; call ``get_settings.cache_clear()`` after changing env)."""
    return load_settings()
