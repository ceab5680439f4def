"""``chathep doctor``: is every component in place, and if not, what fixes it.

Each check is cheap (no model inference, no analysis run) so the doctor can be run any time.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from chathep.config import Settings, get_settings
from chathep.errors import ChatHEPError


@dataclass(frozen=True)
class Check:
    component: str
    ok: bool
    detail: str
    fix: str = ""


#: (distribution, import name) of what ChatHEP needs at run time.
DEPENDENCIES: tuple[tuple[str, str], ...] = (
    ("coffea", "coffea"),
    ("awkward", "awkward"),
    ("uproot", "uproot"),
    ("hist", "hist"),
    ("mplhep", "mplhep"),
    ("correctionlib", "correctionlib"),
    ("chromadb", "chromadb"),
    ("sentence-transformers", "sentence_transformers"),
    ("torch", "torch"),
    ("langchain-core", "langchain_core"),
    ("langchain-openai", "langchain_openai"),
    ("llama-cpp-python", "llama_cpp"),
    ("streamlit", "streamlit"),
    ("typer", "typer"),
    ("rich", "rich"),
    ("pydantic-settings", "pydantic_settings"),
    ("jinja2", "jinja2"),
)

TESTED_COFFEA = "2026.9"


def _check_python() -> Check:
    ok = sys.version_info >= (3, 11)
    return Check("python", ok, sys.version.split()[0], "" if ok else "Use Python 3.11 or newer.")


def _check_dependency(dist: str, module: str) -> Check:
    try:
        ver = version(dist)
    except PackageNotFoundError:
        ver = None
    if ver is None or importlib.util.find_spec(module) is None:
        return Check(f"package {dist}", False, "not installed", f"pip install '{dist}'")
    if dist == "coffea" and not ver.startswith(TESTED_COFFEA):
        return Check(
            f"package {dist}",
            False,
            f"{ver} (ChatHEP is tested with {TESTED_COFFEA}.*)",
            f"pip install 'coffea=={TESTED_COFFEA}.*'",
        )
    return Check(f"package {dist}", True, ver)


def _guarded(component: str, fn: Callable[[], Check]) -> Check:
    """Run one check; a ChatHEPError becomes a failed line with its hint as the fix."""
    try:
        return fn()
    except ChatHEPError as exc:
        return Check(component, False, exc.message, exc.hint)
    except ImportError as exc:
        return Check(component, False, f"component missing: {exc}", "pip install -e .")


def _check_llm(settings: Settings) -> Check:
    if settings.llm_backend == "openai":
        ok = bool(settings.llm_url)
        return Check(
            "LLM (OpenAI-compatible)",
            ok,
            settings.llm_url or "CHATHEP_LLM_URL is not set",
            ""
            if ok
            else "Set CHATHEP_LLM_URL=http://host:port/v1 or CHATHEP_LLM_BACKEND=llamacpp.",
        )
    from chathep.llm import resolve_model

    path = resolve_model(settings.model)
    size = path.stat().st_size / 2**20
    return Check("LLM model (GGUF)", True, f"{settings.model}: {path} ({size:.0f} MiB)")


def _check_registered_models(settings: Settings) -> list[Check]:
    """One line per registered model, without assembling or loading anything.

    Optional models that are not installed are fine (ok, with the install command); only a
    half-installed model (missing chunk packages, wrong pins) is a failure.
    """
    from chathep.llm import registered_models

    out = []
    for model in registered_models():
        status = model.status()
        caps = ", ".join(sorted(model.capabilities))
        shape = (
            f"{model.description}, {model.parameters / 1e9:.2g}B parameters, "
            f"{model.size_bytes / 2**20:.0f} MiB, {model.size_class}; {caps}"
        )
        component = f"model {model.name}"
        if status.installed:
            where = f" -> {status.path}" if status.path else ""
            out.append(Check(component, True, f"{status.detail}{where} ({shape})"))
        elif status.detail == "not installed":
            out.append(Check(component, True, f"optional, not installed ({shape})",
                             model.install_hint))  # fmt: skip
        else:
            out.append(Check(component, False, status.detail, model.install_hint))
    return out


def _check_embeddings(settings: Settings) -> Check:
    from chathep.knowledge.embeddings import embed, resolve_embedding_model

    path = resolve_embedding_model(settings.embedding_model)
    vector = embed(["dimuon invariant mass"], settings.embedding_model)[0]
    return Check("embedding model", True, f"{settings.embedding_model}: {path} ({len(vector)}-dim)")


def _check_data(settings: Settings) -> list[Check]:
    from chathep.data import check_files, validate_root_file

    out = []
    for status in check_files(settings):
        if status.state == "missing":
            out.append(Check(f"data {status.name}", False, "missing", "chathep data fetch"))
        elif status.state == "corrupt":
            out.append(
                Check(
                    f"data {status.name}",
                    False,
                    "checksum mismatch (corrupted or modified)",
                    "chathep data fetch (re-extracts the verified copy)",
                )
            )
        elif status.name.endswith(".root"):
            out.append(
                _guarded(
                    f"data {status.name}",
                    lambda s=status: Check(
                        f"data {s.name}", True, f"sha256 ok, {validate_root_file(s.path)} events"
                    ),
                )
            )
        else:
            out.append(Check(f"data {status.name}", True, "sha256 ok"))
    return out


def _check_catalog() -> Check:
    from chathep.catalog import load_catalog

    catalog = load_catalog()
    return Check("dataset catalog", True, f"{len(catalog.samples)} samples")


def _check_index(settings: Settings) -> Check:
    from chathep.knowledge.index import load_snapshot

    snapshot = load_snapshot(settings)
    chunks = len(snapshot)
    if chunks == 0:
        why = snapshot.rebuilt or "empty"
        return Check("knowledge index", False, f"{snapshot.location}: {why}", "chathep index")
    detail = f"{snapshot.location}: {chunks} chunks"
    if snapshot.rebuilt:
        detail += f" ({snapshot.rebuilt})"
    return Check("knowledge index", True, detail)


def _check_sandbox(settings: Settings) -> Check:
    from chathep.sandbox import active_layers

    layers = active_layers()
    on = [name for name, state in layers.items() if state is True]
    off = [name for name, state in layers.items() if state is False]
    described = [f"{name}: {state}" for name, state in layers.items() if isinstance(state, str)]
    detail = "active: " + (", ".join(on + described) or "none")
    if off:
        detail += "; unavailable: " + ", ".join(off)
    return Check("sandbox", bool(on), detail, "" if on else "apt-get install bubblewrap")


def run_checks(settings: Settings | None = None) -> list[Check]:
    """All checks, in the order a user would fix them."""
    settings = settings or get_settings()
    checks = [_check_python()]
    checks += [_check_dependency(dist, mod) for dist, mod in DEPENDENCIES]
    checks.append(_guarded("LLM model (GGUF)", lambda: _check_llm(settings)))
    try:
        checks += _check_registered_models(settings)
    except ChatHEPError as exc:
        checks.append(Check("registered models", False, exc.message, exc.hint))
    checks.append(_guarded("embedding model", lambda: _check_embeddings(settings)))
    checks.append(_guarded("dataset catalog", _check_catalog))
    checks += _check_data(settings)
    checks.append(_guarded("knowledge index", lambda: _check_index(settings)))
    checks.append(_guarded("sandbox", lambda: _check_sandbox(settings)))
    return checks
