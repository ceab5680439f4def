"""Models as plugins: each model declares what it is and what it can do; code asks the capability.

In the spirit of simonw's ``llm`` (``register_models``): a module-level function
``register_models(register)`` calls ``register(ModelInfo(...))`` once per model. ChatHEP's own
models are declared in :mod:`chathep.llm.builtin`; another package adds models by exposing the
same function under the entry-point group ``chathep.models``::

    [project.entry-points."chathep.models"]
    mymodels = "my_package.chathep_models:register_models"

Code never tests a model's name. It asks the configured model's capabilities::

    from chathep.llm import model_capabilities
    if model_capabilities(settings).whole_spec: ...
    # or: has_capability(settings, "freeform_code")

Capabilities:

- ``schema_decoding``: answers JSON under a schema (grammar-constrained or server-side).
- ``whole_spec``: measured useful for decoding the *whole* planner draft, not just a few
  open fields (``benchmarks/llm_decode.py``).
- ``freeform_code``: can write a coffea module from scratch (free-form mode).
"""

from __future__ import annotations

import importlib.metadata as metadata
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import chathep.llm.builtin as builtin
from chathep.llm.modelinfo import (
    CAPABILITIES,
    Capability,
    ModelCapabilities,
    ModelInfo,
    SizeClass,
    size_class,
)

if TYPE_CHECKING:
    from chathep.config import Settings

log = logging.getLogger(__name__)

__all__ = [
    "CAPABILITIES",
    "Capability",
    "ModelCapabilities",
    "ModelInfo",
    "SizeClass",
    "get_model",
    "has_capability",
    "model_capabilities",
    "model_names",
    "register",
    "registered_models",
]

ENTRY_POINT_GROUP = "chathep.models"
#: an unregistered GGUF file counts as capable of everything from this many parameters on
CAPABLE_PARAMETERS = 3_000_000_000


@dataclass
class _Registry:
    models: dict[str, ModelInfo] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    loaded: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


_REGISTRY = _Registry()


def register(model: ModelInfo) -> None:
    """Add (or replace) a model; names and aliases are case-insensitive."""
    key = model.name.lower()
    _REGISTRY.models[key] = model
    for alias in model.aliases:
        _REGISTRY.aliases[alias.lower()] = key


def _load() -> None:
    if _REGISTRY.loaded:
        return
    with _REGISTRY.lock:
        if _REGISTRY.loaded:
            return
        builtin.register_models(register)
        for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
            try:
                entry.load()(register)
            except Exception as exc:  # a broken plugin must not break ChatHEP
                log.warning("model plugin %s failed to register: %s", entry.value, exc)
        _REGISTRY.loaded = True


def registered_models() -> list[ModelInfo]:
    """Every registered model, in registration order (builtins first)."""
    _load()
    return list(_REGISTRY.models.values())


def model_names() -> list[str]:
    return [m.name for m in registered_models()]


def get_model(name: str) -> ModelInfo | None:
    """The registered model called ``name`` (or an alias), else None."""
    _load()
    key = name.strip().lower()
    key = _REGISTRY.aliases.get(key, key)
    return _REGISTRY.models.get(key)


def _estimated_parameters(path: Path) -> int | None:
    """Parameters of an unregistered GGUF, from its size at ~4.5 bits per weight."""
    try:
        return int(path.stat().st_size * 8 / 4.5)
    except OSError:
        return None


def model_capabilities(settings: Settings | None = None) -> ModelCapabilities:
    """Capabilities of the configured model.

    - an OpenAI-compatible server: everything (the user chose it for its size);
    - a registered model: what it declares;
    - any other GGUF file: schema decoding, and the rest from ~3B parameters on (estimated
      from the file size), since a small unregistered model has not been measured.
    """
    if settings is None:
        from chathep.config import get_settings

        settings = get_settings()
    if settings.llm_backend == "openai":
        return ModelCapabilities(
            settings.llm_model, "server", True, True, True, fill_fields=True, rewrite=True
        )
    info = get_model(settings.model)
    if info is not None:
        return ModelCapabilities(
            info.name,
            info.size_class,
            info.can("schema_decoding"),
            info.can("whole_spec"),
            info.can("freeform_code"),
            info.context_length,
            registered=True,
            fill_fields=info.can("fill_fields"),
            rewrite=info.can("rewrite"),
        )
    params = _estimated_parameters(Path(settings.model).expanduser())
    capable = params is not None and params >= CAPABLE_PARAMETERS
    return ModelCapabilities(
        settings.model, size_class(params or 0), True, capable, capable, None, registered=False,
        fill_fields=capable, rewrite=capable,
    )  # fmt: skip


def has_capability(settings: Settings | None, capability: Capability) -> bool:
    return model_capabilities(settings).can(capability)
