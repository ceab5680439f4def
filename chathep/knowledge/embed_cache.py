"""A small on-disk cache of chunk embeddings (SQLite, float32 blobs).

Re-building an index (``--rebuild``, a corrupt store, a test run) re-embeds identical text; the
cache, keyed by the model and the exact text, makes that a lookup. Only NumPy bytes are stored,
never pickles.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np


class EmbeddingCache:
    """``get`` / ``put`` unit vectors by (model, text); safe to delete at any time."""

    def __init__(self, path: Path, model: str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.model = model
        self._db = sqlite3.connect(self.path)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\0{text}".encode()).hexdigest()

    def get(self, texts: list[str]) -> list[list[float] | None]:
        keys = [self._key(t) for t in texts]
        found: dict[str, bytes] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", part)
            found.update(dict(rows))
        return [
            np.frombuffer(found[k], dtype=np.float32).tolist() if k in found else None for k in keys
        ]

    def put(self, texts: list[str], vectors: list[list[float]]) -> None:
        rows = [
            (self._key(t), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def close(self) -> None:
        self._db.close()
