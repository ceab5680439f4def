"""The chromadb index of the knowledge base: incremental, content-hash keyed, self-healing.

State lives in the collection itself (every chunk carries its file's ``source`` and ``hash``),
so the same logic works for the embedded on-disk store and for a Chroma server
(``CHATHEP_CHROMA_URL``). A file is re-embedded only when its bytes change; files that
disappeared from an indexed folder leave the index.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from chathep.config import Settings, get_settings
from chathep.errors import ChatHEPError, ConfigError
from chathep.knowledge.documents import (
    CHUNKER_VERSION,
    KB_DIR,
    Chunk,
    DocumentError,
    chunk_document,
    iter_files,
    read_document,
)
from chathep.knowledge.embed_cache import EmbeddingCache
from chathep.knowledge.embeddings import embed

COLLECTION = "chathep_kb"
BATCH = 64
Progress = Callable[[str], None]


class KnowledgeIndexError(ChatHEPError):
    """The index cannot be opened or written (server unreachable, disk not writable, ...)."""


@dataclass
class IndexReport:
    """What one indexing run did, file by file (display paths)."""

    location: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # path -> message
    chunks_written: int = 0
    chunks_total: int = 0
    seconds: float = 0.0
    rebuilt: str = ""  # why the index was rebuilt from scratch, if it was

    @property
    def touched(self) -> list[str]:
        return self.added + self.updated

    def summary(self) -> str:
        text = (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged; {self.chunks_written} chunks embedded, "
            f"{self.chunks_total} in the index ({self.location}, {self.seconds:.1f} s)"
        )
        if self.failed:
            text += f"; {len(self.failed)} file(s) failed"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "chunks_written": self.chunks_written,
            "chunks_total": self.chunks_total,
            "seconds": self.seconds,
            "rebuilt": self.rebuilt,
        }


def default_paths(settings: Settings | None = None) -> list[Path]:
    """The shipped knowledge base plus the user's ``knowledge_dirs``."""
    settings = settings or get_settings()
    return [KB_DIR, *[Path(p).expanduser() for p in settings.knowledge_dirs]]


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=True)


def _is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError)


def _collection_meta(settings: Settings) -> dict[str, str]:
    return {
        "hnsw:space": "cosine",
        "embedding_model": settings.embedding_model,
        "chunker": CHUNKER_VERSION,
    }


def _http_client(url: str) -> Any:
    import chromadb

    parsed = urlparse(url if "://" in url else f"http://{url}")
    if not parsed.hostname:
        raise ConfigError(f"CHATHEP_CHROMA_URL={url!r} has no host.", hint="Use http://host:port.")
    ssl = parsed.scheme == "https"
    port = parsed.port or (443 if ssl else 8000)
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname, port=port, ssl=ssl, settings=_chroma_settings()
        )
        client.heartbeat()
    except Exception as exc:
        raise KnowledgeIndexError(
            f"Cannot reach the Chroma server at {url}: {exc}",
            hint="Start it (`chroma run --path DIR --port N`) or unset CHATHEP_CHROMA_URL "
            "to use the embedded on-disk index.",
        ) from None
    return client


def _forget_client(path: Path) -> None:
    """chromadb caches one system per path; drop it so a replaced directory is reopened."""
    try:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # older/newer chromadb without the cache: nothing to forget
        pass


def _open_persistent(path: Path, settings: Settings) -> Any:
    import chromadb

    path.mkdir(parents=True, exist_ok=True)
    client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    collection = client.get_or_create_collection(
        COLLECTION, metadata=_collection_meta(settings), embedding_function=None
    )
    probe(collection)
    return client, collection


def probe(collection: Any) -> None:
    """Read the metadata store and query the vector index once: a damaged store raises here."""
    if collection.count() == 0:
        return
    got = collection.get(limit=1, include=["embeddings"])
    vectors = got.get("embeddings")
    if vectors is None or len(vectors) == 0:
        return
    collection.query(query_embeddings=[list(vectors[0])], n_results=1, include=["distances"])


def open_collection(
    settings: Settings | None = None, *, rebuild: bool = False, progress: Progress | None = None
) -> tuple[Any, str, str]:
    """(collection, location, why-rebuilt) for the configured store.

    A local index directory that chromadb cannot open is moved aside to ``<dir>.corrupt`` and
    rebuilt empty, with a message; a collection made with another embedding model is dropped.
    """
    settings = settings or get_settings()
    say = progress or (lambda _m: None)
    rebuilt = ""
    if settings.chroma_url:
        client = _http_client(settings.chroma_url)
        location = settings.chroma_url
        if rebuild:
            _drop(client)
        collection = client.get_or_create_collection(
            COLLECTION, metadata=_collection_meta(settings), embedding_function=None
        )
    else:
        path = Path(settings.index_dir).expanduser()
        location = str(path)
        if rebuild and path.exists():
            _forget_client(path)
            _remove(path)
        try:
            client, collection = _open_persistent(path, settings)
        except BaseException as exc:  # chromadb raises anything, even Rust panics
            if _is_fatal(exc):
                raise
            aside = path.with_name(path.name + ".corrupt")
            rebuilt = (
                f"The index at {path} is corrupt and could not be opened "
                f"({type(exc).__name__}: {str(exc)[:200]}); moved it to {aside} and rebuilt it."
            )
            say(rebuilt)
            _forget_client(path)
            if aside.exists():
                _remove(aside)
            try:
                path.rename(aside)
                client, collection = _open_persistent(path, settings)
            except BaseException as exc2:
                if _is_fatal(exc2):
                    raise
                raise KnowledgeIndexError(
                    f"The index at {path} is corrupt and could not be rebuilt: {exc2}",
                    hint=f"Delete {path} by hand, or set CHATHEP_INDEX_DIR elsewhere.",
                ) from None
    stored = (collection.metadata or {}).get("embedding_model")
    if stored and stored != settings.embedding_model:
        rebuilt = (
            f"The index was built with embedding model {stored!r}, not "
            f"{settings.embedding_model!r}; rebuilding it."
        )
        say(rebuilt)
        _drop(client)
        collection = client.get_or_create_collection(
            COLLECTION, metadata=_collection_meta(settings), embedding_function=None
        )
    return collection, location, rebuilt


def _drop(client: Any) -> None:
    with contextlib.suppress(Exception):  # absent already
        client.delete_collection(COLLECTION)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


def indexed_files(collection: Any) -> dict[str, str]:
    """source -> content hash of everything in the collection (paged, server friendly)."""
    out: dict[str, str] = {}
    offset, page = 0, 2000
    while True:
        got = collection.get(include=["metadatas"], limit=page, offset=offset)
        metas = got.get("metadatas") or []
        for meta in metas:
            if meta and "source" in meta:
                out[str(meta["source"])] = str(meta.get("hash", ""))
        if len(metas) < page:
            return out
        offset += page


def _source_path(source: str) -> Path:
    path = Path(source)
    return path if path.is_absolute() else KB_DIR.parent / path


def _under(path: Path, roots: Iterable[Path]) -> bool:
    path = path.resolve()
    for root in roots:
        root = root.expanduser().resolve()
        if path == root or path.is_relative_to(root):
            return True
    return False


def _chunk_id(chunk: Chunk) -> str:
    return f"{chunk.source}::{chunk.index}"


def _embed_text(chunk: Chunk) -> str:
    """What the dense model sees: title and section give a short chunk its context."""
    title = chunk.metadata.get("title", "")
    head = " — ".join(x for x in (title, chunk.section) if x)
    return f"{head}\n{chunk.text}" if head else chunk.text


def _embed_cached(texts: list[str], model: str, cache: EmbeddingCache | None) -> list[list[float]]:
    if cache is None:
        return embed(texts, model)
    vectors = cache.get(texts)
    todo = [i for i, v in enumerate(vectors) if v is None]
    if todo:
        fresh = embed([texts[i] for i in todo], model)
        cache.put([texts[i] for i in todo], fresh)
        for i, vector in zip(todo, fresh, strict=True):
            vectors[i] = vector
    return vectors  # type: ignore[return-value]


def _write(
    collection: Any, chunks: list[Chunk], settings: Settings, cache: EmbeddingCache | None
) -> None:
    for start in range(0, len(chunks), BATCH):
        batch = chunks[start : start + BATCH]
        vectors = _embed_cached([_embed_text(c) for c in batch], settings.embedding_model, cache)
        collection.upsert(
            ids=[_chunk_id(c) for c in batch],
            embeddings=vectors,
            documents=[c.text for c in batch],
            metadatas=[{**c.metadata, "chunk": c.index} for c in batch],
        )


def build_index(
    paths: Iterable[Path | str] | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
    embedding_cache: Path | None = None,
) -> IndexReport:
    """Index ``paths`` (default: the knowledge base and ``knowledge_dirs``) incrementally.

    Only files whose content hash changed are re-embedded; indexed files under ``paths`` that
    no longer exist, and indexed files whose path is gone from disk, are removed.
    ``embedding_cache`` (a SQLite file) reuses vectors of identical chunk text across rebuilds.
    """
    settings = settings or get_settings()
    say = progress or (lambda _m: None)
    roots = [Path(p).expanduser() for p in paths] if paths is not None else default_paths(settings)
    start = time.perf_counter()
    collection, location, rebuilt = open_collection(settings, rebuild=rebuild, progress=say)
    report = IndexReport(location=location, rebuilt=rebuilt)
    cache = EmbeddingCache(embedding_cache, settings.embedding_model) if embedding_cache else None
    files = iter_files(roots)
    known = indexed_files(collection)
    seen: set[str] = set()
    for n, path in enumerate(files, 1):
        try:
            doc = read_document(path)
        except DocumentError as exc:
            report.failed[str(path)] = exc.message + (f" ({exc.hint})" if exc.hint else "")
            say(f"[{n}/{len(files)}] skipped {path}: {exc.message}")
            continue
        seen.add(doc.source)
        if known.get(doc.source) == doc.content_hash:
            report.unchanged.append(doc.source)
            continue
        chunks = chunk_document(doc)
        if doc.source in known:
            collection.delete(where={"source": doc.source})
            report.updated.append(doc.source)
        else:
            report.added.append(doc.source)
        say(f"[{n}/{len(files)}] embedding {doc.source} ({len(chunks)} chunks)")
        _write(collection, chunks, settings, cache)
        report.chunks_written += len(chunks)
    for source in sorted(set(known) - seen):
        path = _source_path(source)
        if _under(path, roots) or not path.exists():
            collection.delete(where={"source": source})
            report.removed.append(source)
            say(f"removed {source}")
    if cache is not None:
        cache.close()
    report.chunks_total = collection.count()
    report.seconds = time.perf_counter() - start
    say(report.summary())
    return report


def index_paths(
    paths: Iterable[Path | str],
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> IndexReport:
    """Add the user's own folders or files (markdown, text, PDF) to the index."""
    paths = list(paths)
    if not paths:
        raise DocumentError("No path given to index.", hint="Give a file or a folder.")
    return build_index(paths, rebuild=rebuild, progress=progress, settings=settings)
