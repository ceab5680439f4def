"""The knowledge index: incremental, content-hash keyed, safe for many processes at once.

Local layout (``index_dir``)::

    CURRENT            pointer to the published generation (JSON, replaced atomically)
    manifest.json      the user's own indexed paths (``chathep index PATH``), kept for rebuilds
    .write.lock        one writer at a time (a file lock); readers never take it
    embeddings.sqlite3 vectors of chunk text already embedded (makes a rebuild a lookup)
    gen-<id>/chroma/   the chromadb store the writer updated
    gen-<id>/chunks.json, gen-<id>/vectors.npy   the read-only snapshot readers load

A writer (under the lock) copies the current generation's chromadb store into a new
generation, applies only the changed files, exports a snapshot and swaps ``CURRENT`` with
``os.replace``; readers load a published snapshot and never open chromadb's embedded store
(which writes to its files even on a read, so it is not safe to share between processes).
Generations other than the current and the previous one are removed after the swap.

With ``CHATHEP_CHROMA_URL`` the store is a Chroma server (``chroma run``), which serialises
writes itself; the same incremental logic runs against its collection.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from chathep.config import Settings, get_settings
from chathep.errors import ChatHEPError, ConfigError
from chathep.knowledge.documents import (
    CHUNKER_VERSION,
    KB_DIR,
    Chunk,
    DocumentError,
    chunk_document,
    file_hash,
    iter_files,
    read_document,
)
from chathep.knowledge.embed_cache import EmbeddingCache
from chathep.knowledge.embeddings import embed

COLLECTION = "chathep_kb"
BATCH = 64
POINTER = "CURRENT"
MANIFEST = "manifest.json"
LOCK_FILE = ".write.lock"
CACHE_FILE = "embeddings.sqlite3"
#: How long a writer waits for another writer before giving up with a clear message.
LOCK_TIMEOUT = 900.0
#: Reader retries of a transient failure (a swap in progress, a pruned generation).
READ_ATTEMPTS = 5
Progress = Callable[[str], None]


class KnowledgeIndexError(ChatHEPError):
    """The index cannot be opened or written (server unreachable, disk not writable, ...)."""


class IndexBusyError(KnowledgeIndexError):
    """Another process holds the index (writing, locked, read-only): transient, not corruption."""


class IndexCorruptError(KnowledgeIndexError):
    """The published index fails its checksums or its store cannot be read."""


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
    generation: str = ""  # the generation published (local store), "" if nothing changed

    @property
    def touched(self) -> list[str]:
        return self.added + self.updated

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)

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
            "generation": self.generation,
        }


@dataclass(frozen=True)
class Snapshot:
    """Everything in the index, loaded into memory: what readers search."""

    location: str
    generation: str
    model: str
    ids: list[str]
    documents: list[str]
    metadatas: list[dict[str, Any]]
    vectors: np.ndarray  # (n, dim) float32, unit rows
    rebuilt: str = ""  # set when loading had to rebuild a corrupt index

    def __len__(self) -> int:
        return len(self.ids)

    def files(self) -> dict[str, str]:
        """source -> content hash of every indexed file."""
        return {str(m["source"]): str(m.get("hash", "")) for m in self.metadatas if "source" in m}

    def chunks_of(self, source: str) -> list[str]:
        return [
            d
            for d, m in zip(self.documents, self.metadatas, strict=True)
            if m.get("source") == source
        ]


# --- paths, manifest, pointer -------------------------------------------------------------


def index_root(settings: Settings) -> Path:
    return Path(settings.index_dir).expanduser()


def read_manifest(root: Path) -> list[Path]:
    """Every path ever indexed into this index (the knowledge base, the user's folders)."""
    try:
        data = json.loads((root / MANIFEST).read_text())
    except FileNotFoundError:
        return []
    except (OSError, ValueError):  # unreadable: the snapshot's sources still cover a rebuild
        return []
    return [Path(p) for p in data.get("paths", []) if isinstance(p, str)]


def _write_manifest(root: Path, paths: Iterable[Path]) -> None:
    unique = list(dict.fromkeys(str(Path(p).expanduser().resolve()) for p in paths))
    _atomic_write(root / MANIFEST, json.dumps({"paths": unique}, indent=1).encode())


def user_paths(settings: Settings | None = None) -> list[Path]:
    """The user's own indexed paths (the manifest without the shipped knowledge base)."""
    settings = settings or get_settings()
    if settings.chroma_url:
        return []
    kb = KB_DIR.resolve()
    return [p for p in read_manifest(index_root(settings)) if p.resolve() != kb]


def default_paths(settings: Settings | None = None) -> list[Path]:
    """The shipped knowledge base, the user's ``knowledge_dirs`` and the indexed paths."""
    settings = settings or get_settings()
    paths = [KB_DIR, *[Path(p).expanduser() for p in settings.knowledge_dirs]]
    paths += [p for p in user_paths(settings) if p.exists()]
    return list(dict.fromkeys(paths))


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file next to ``path``, fsync it, then ``os.replace`` it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_pointer(root: Path) -> dict[str, Any] | None:
    """The published generation, or None when nothing was published yet."""
    try:
        data = json.loads((root / POINTER).read_text())
    except FileNotFoundError:
        return None
    except ValueError as exc:  # the pointer is replaced atomically: unparsable = damaged
        raise IndexCorruptError(f"{root / POINTER} is damaged: {exc}") from None
    if not isinstance(data, dict) or "generation" not in data:
        raise IndexCorruptError(f"{root / POINTER} is damaged: no generation.")
    return data


def _legacy_store(root: Path) -> bool:
    """An index written before generations existed (chromadb files directly in index_dir)."""
    return (root / "chroma.sqlite3").is_file()


_HELD: dict[str, tuple[int, int]] = {}  # lock path -> (fd, depth) held by this process


def _try_lock(fd: int) -> bool:
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def write_lock(
    root: Path, say: Progress | None = None, timeout: float = LOCK_TIMEOUT
) -> Iterator[None]:
    """The single-writer lock of an index directory (``flock`` on ``.write.lock``).

    Readers never take it. Re-entrant within a process; the kernel releases it if the
    process dies, so a crashed writer never leaves the index locked.
    """
    root.mkdir(parents=True, exist_ok=True)
    path = str((root / LOCK_FILE).resolve())
    if path in _HELD:
        fd, depth = _HELD[path]
        _HELD[path] = (fd, depth + 1)
        try:
            yield
        finally:
            _HELD[path] = (fd, _HELD[path][1] - 1)
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IndexBusyError(
            f"Cannot lock the index at {root}: {exc}",
            hint="Check that the directory is writable, or set CHATHEP_INDEX_DIR elsewhere.",
        ) from None
    try:
        if not _try_lock(fd):
            if say and timeout > 0:
                say(f"Waiting for another ChatHEP process that is updating the index at {root} ...")
            deadline, delay = time.monotonic() + timeout, 0.02
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise IndexBusyError(
                        f"The index at {root} is being updated by another process "
                        f"(waited {timeout:g} s).",
                        hint="Wait for the other `chathep index` to finish and try again.",
                    )
                time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
                delay = min(delay * 2, 1.0)
        _HELD[path] = (fd, 1)
        try:
            yield
        finally:
            del _HELD[path]
    finally:
        os.close(fd)  # closing the descriptor releases the flock


# --- reading ------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_sqlite(path: Path) -> None:
    """A read-only integrity check of a published (never again written) chromadb store."""
    import sqlite3

    if not path.is_file():
        return
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            (result,) = db.execute("PRAGMA quick_check").fetchone()
            db.execute("SELECT COUNT(*) FROM embeddings").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise IndexBusyError(f"{path} is busy: {exc}") from None
        raise IndexCorruptError(f"{path} is not a readable database ({exc})") from None
    if result != "ok":
        raise IndexCorruptError(f"{path} failed its integrity check ({result})")


def _read_generation(root: Path, pointer: dict[str, Any]) -> Snapshot:
    """Load a published snapshot; FileNotFoundError when it was pruned meanwhile."""
    gen = root / str(pointer["generation"])
    raw_chunks = (gen / "chunks.json").read_bytes()
    raw_vectors = (gen / "vectors.npy").read_bytes()
    if _sha256(raw_chunks) != pointer.get("chunks_sha256") or _sha256(raw_vectors) != pointer.get(
        "vectors_sha256"
    ):
        raise IndexCorruptError(f"The snapshot in {gen} does not match its checksums.")
    _check_sqlite(gen / "chroma" / "chroma.sqlite3")
    import io

    try:
        data = json.loads(raw_chunks)
        vectors = np.load(io.BytesIO(raw_vectors), allow_pickle=False)
        ids, docs, metas = data["ids"], data["documents"], data["metadatas"]
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexCorruptError(f"The snapshot in {gen} cannot be read: {exc}") from None
    if not (len(ids) == len(docs) == len(metas) == vectors.shape[0]):
        raise IndexCorruptError(f"The snapshot in {gen} is inconsistent.")
    return Snapshot(
        location=str(root),
        generation=str(pointer["generation"]),
        model=str(pointer.get("model", "")),
        ids=list(ids),
        documents=list(docs),
        metadatas=[dict(m) for m in metas],
        vectors=vectors.astype(np.float32, copy=False),
    )


def _empty(location: str, model: str) -> Snapshot:
    return Snapshot(location, "", model, [], [], [], np.zeros((0, 0), dtype=np.float32))


def current_generation(settings: Settings | None = None) -> str:
    """The published generation's name ("" if none, or with a Chroma server): cheap to poll."""
    settings = settings or get_settings()
    if settings.chroma_url:
        return ""
    try:
        pointer = read_pointer(index_root(settings))
    except IndexCorruptError:
        return "?"
    return str(pointer["generation"]) if pointer else ""


def load_snapshot(
    settings: Settings | None = None, *, progress: Progress | None = None
) -> Snapshot:
    """The published index, in memory. Never blocks on a writer.

    A transient failure (a generation pruned or swapped while it was read, a busy file) is
    retried with backoff and then reported as :class:`IndexBusyError`; a snapshot that fails
    its checksums, or whose store is not a database, is rebuilt (the knowledge base and every
    path in the manifest) and the returned snapshot's ``rebuilt`` says so.
    """
    settings = settings or get_settings()
    if settings.chroma_url:
        return _server_snapshot(settings)
    root = index_root(settings)
    delay, problem = 0.05, ""
    for _attempt in range(READ_ATTEMPTS):
        try:
            pointer = read_pointer(root)
            if pointer is None:
                return _empty(str(root), settings.embedding_model)
            return _read_generation(root, pointer)
        except IndexCorruptError as exc:
            # re-check: a swap between reading the pointer and the files is not corruption
            try:
                still = read_pointer(root)
            except IndexCorruptError:
                still = None
            if pointer is not None and still is not None and still != pointer:
                continue
            report = _build_local(settings, [], rebuild=True, say=progress, repair=exc.message)
            snapshot = _read_generation(root, read_pointer(root) or {})
            return Snapshot(**{**snapshot.__dict__, "rebuilt": report.rebuilt})
        except (FileNotFoundError, IndexBusyError, PermissionError, OSError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
            time.sleep(delay)
            delay *= 2
    raise IndexBusyError(
        f"The index at {root} could not be read after {READ_ATTEMPTS} attempts ({problem}).",
        hint="Another process may be rewriting it; try again. If this persists, check the "
        "permissions of the directory or set CHATHEP_INDEX_DIR elsewhere.",
    )


# --- chromadb -----------------------------------------------------------------------------


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


def _forget_client() -> None:
    """chromadb caches one system per path; drop it so the store's files are let go."""
    try:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # older/newer chromadb without the cache: nothing to forget
        pass


def _open_store(path: Path, settings: Settings) -> Any:
    import chromadb

    path.mkdir(parents=True, exist_ok=True)
    client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    collection = client.get_or_create_collection(
        COLLECTION, metadata=_collection_meta(settings), embedding_function=None
    )
    probe(collection)
    return collection


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
    """(collection, location, why-rebuilt) of a Chroma server (``CHATHEP_CHROMA_URL``).

    The local on-disk index is read with :func:`load_snapshot` and written with
    :func:`build_index`; its chromadb store is never opened outside the write lock.
    """
    settings = settings or get_settings()
    if not settings.chroma_url:
        raise KnowledgeIndexError(
            "open_collection() is for a Chroma server; the local index is read with "
            "load_snapshot().",
            hint="Set CHATHEP_CHROMA_URL, or call chathep.knowledge.index.load_snapshot().",
        )
    say = progress or (lambda _m: None)
    client = _http_client(settings.chroma_url)
    rebuilt = ""
    if rebuild:
        _drop(client)
    collection = client.get_or_create_collection(
        COLLECTION, metadata=_collection_meta(settings), embedding_function=None
    )
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
    return collection, settings.chroma_url, rebuilt


def _drop(client: Any) -> None:
    with contextlib.suppress(Exception):  # absent already
        client.delete_collection(COLLECTION)


def _export(collection: Any) -> tuple[list[str], list[str], list[dict[str, Any]], np.ndarray]:
    ids: list[str] = []
    docs: list[str] = []
    metas: list[dict[str, Any]] = []
    rows: list[Any] = []
    offset, page = 0, 1000
    while True:
        got = collection.get(
            include=["embeddings", "documents", "metadatas"], limit=page, offset=offset
        )
        ids += list(got["ids"])
        docs += list(got.get("documents") or [])
        metas += [dict(m or {}) for m in got.get("metadatas") or []]
        emb = got.get("embeddings")
        if emb is not None and len(emb):
            rows.append(np.asarray(emb, dtype=np.float32))
        if len(got["ids"]) < page:
            break
        offset += page
    vectors = np.concatenate(rows) if rows else np.zeros((0, 0), dtype=np.float32)
    return ids, docs, metas, vectors


def _server_snapshot(settings: Settings) -> Snapshot:
    collection, location, _ = open_collection(settings)
    ids, docs, metas, vectors = _export(collection)
    return Snapshot(location, COLLECTION, settings.embedding_model, ids, docs, metas, vectors)


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


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


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
    """What the dense model sees: title, section and tags give a short chunk its context."""
    title, tags = chunk.metadata.get("title", ""), chunk.metadata.get("tags", "")
    head = " — ".join(x for x in (title, chunk.section) if x)
    if tags:
        head = f"{head} [{tags}]" if head else f"[{tags}]"
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


# --- writing ------------------------------------------------------------------------------


def _open_cache(path: Path | None, model: str, say: Progress) -> EmbeddingCache | None:
    if path is None:
        return None
    try:
        return EmbeddingCache(path, model)
    except Exception as exc:  # a damaged cache only costs time: start a new one
        say(f"The embedding cache {path} could not be opened ({exc}); starting a new one.")
        with contextlib.suppress(OSError):
            path.unlink()
        try:
            return EmbeddingCache(path, model)
        except Exception:
            return None


def _apply(
    collection: Any,
    roots: list[Path],
    report: IndexReport,
    settings: Settings,
    cache: EmbeddingCache | None,
    say: Progress,
) -> None:
    """Bring ``collection`` in line with the files under ``roots`` (only changed files)."""
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


def _up_to_date(roots: list[Path], indexed: dict[str, str]) -> bool:
    """True when no file under ``roots`` differs from ``indexed`` (hashes only, no parsing)."""
    from chathep.knowledge.documents import display_path

    seen: set[str] = set()
    for path in iter_files(roots):
        source = display_path(path)
        seen.add(source)
        if indexed.get(source) != file_hash(path):
            return False
    for source in set(indexed) - seen:
        path = _source_path(source)
        if _under(path, roots) or not path.exists():
            return False
    return True


def _existing(paths: Iterable[Path], say: Progress) -> list[Path]:
    out = []
    for path in paths:
        if Path(path).exists():
            out.append(Path(path))
        else:
            say(f"{path} (in the index manifest) no longer exists; its files leave the index.")
    return out


def _copy_store(source: Path, target: Path) -> None:
    """Copy a chromadb store (only its own files: not our snapshots, generations or locks)."""
    target.mkdir(parents=True, exist_ok=True)
    for item in source.iterdir():
        if item.name == "chroma.sqlite3" or (item.is_dir() and _is_uuid(item.name)):
            if item.is_dir():
                shutil.copytree(item, target / item.name)
            else:
                shutil.copy2(item, target / item.name)


def _is_uuid(name: str) -> bool:
    import uuid

    try:
        uuid.UUID(name)
    except ValueError:
        return False
    return True


def _new_generation() -> str:
    return f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"


def _publish(root: Path, gen: Path, collection: Any, settings: Settings, previous: str) -> int:
    """Write the snapshot of ``collection`` into ``gen`` and point ``CURRENT`` at it."""
    import io

    ids, docs, metas, vectors = _export(collection)
    _forget_client()  # let go of the store before anyone copies it
    chunks = json.dumps({"ids": ids, "documents": docs, "metadatas": metas}).encode()
    buffer = io.BytesIO()
    np.save(buffer, vectors, allow_pickle=False)
    raw_vectors = buffer.getvalue()
    _atomic_write(gen / "chunks.json", chunks)
    _atomic_write(gen / "vectors.npy", raw_vectors)
    pointer = {
        "generation": gen.name,
        "previous": previous,
        "model": settings.embedding_model,
        "chunker": CHUNKER_VERSION,
        "chunks": len(ids),
        "chunks_sha256": _sha256(chunks),
        "vectors_sha256": _sha256(raw_vectors),
        "written": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "pid": os.getpid(),
    }
    _atomic_write(root / POINTER, json.dumps(pointer, indent=1).encode())
    return len(ids)


def _prune(root: Path, keep: set[str]) -> None:
    """Remove generations other than ``keep`` (called under the write lock)."""
    for gen in root.glob("gen-*"):
        if gen.name not in keep and gen.is_dir():
            shutil.rmtree(gen, ignore_errors=True)


def _build_local(
    settings: Settings,
    roots: list[Path],
    *,
    rebuild: bool,
    say: Progress | None,
    cache_path: Path | None = None,
    repair: str = "",
    lock_timeout: float = LOCK_TIMEOUT,
) -> IndexReport:
    """The writer: under the lock, a new generation from the current one plus the changes."""
    say = say or (lambda _m: None)
    root = index_root(settings)
    start = time.perf_counter()
    cache_path = cache_path or root / CACHE_FILE
    with write_lock(root, say, lock_timeout):
        try:
            pointer = read_pointer(root)
        except IndexCorruptError as exc:
            pointer, repair = None, repair or exc.message
        if repair and pointer is not None:
            # another writer may have repaired it while we waited for the lock
            try:
                _read_generation(root, pointer)
                repair = ""
            except (IndexCorruptError, FileNotFoundError):
                pass
            if not repair:
                report = IndexReport(location=str(root), generation=str(pointer["generation"]))
                report.chunks_total = int(pointer.get("chunks", 0))
                return report
        report = IndexReport(location=str(root))
        base: Path | None = None
        if not (rebuild or repair):
            if pointer is not None and pointer.get("model") == settings.embedding_model:
                base = root / str(pointer["generation"]) / "chroma"
            elif pointer is not None:
                report.rebuilt = (
                    f"The index was built with embedding model {pointer.get('model')!r}, not "
                    f"{settings.embedding_model!r}; rebuilding it."
                )
            elif _legacy_store(root):
                base = root
        manifest = read_manifest(root)
        recorded = _existing(manifest, say) or default_paths(settings)
        everything = list(dict.fromkeys([*roots, *recorded]))
        gen = root / _new_generation()
        store = gen / "chroma"
        try:
            if base is not None:
                _copy_store(base, store)
            collection = _open_store(store, settings)
        except BaseException as exc:  # chromadb raises anything, even Rust panics
            if _is_fatal(exc):
                raise
            repair = f"its store could not be opened ({type(exc).__name__}: {str(exc)[:200]})"
            _forget_client()
            _remove(store)
            collection = _open_store(store, settings)
        if repair or rebuild or report.rebuilt:
            roots = everything  # a rebuild keeps every path the user indexed
        if repair:
            mine = [str(p) for p in roots if p.resolve() != KB_DIR.resolve()]
            report.rebuilt = (
                f"The index at {root} was corrupt ({repair}); rebuilt it from the knowledge "
                "base" + (f" and your indexed paths: {', '.join(mine)}" if mine else "") + "."
            )
        if report.rebuilt:
            say(report.rebuilt)
        cache = _open_cache(cache_path, settings.embedding_model, say)
        try:
            _apply(collection, roots, report, settings, cache, say)
        finally:
            if cache is not None:
                cache.close()
        previous = str(pointer["generation"]) if pointer else ""
        if not report.changed and base is not None and base != root:
            _forget_client()
            shutil.rmtree(gen, ignore_errors=True)  # nothing to publish: keep the current one
            report.chunks_total = int(pointer.get("chunks", 0)) if pointer else 0
        else:
            report.chunks_total = _publish(root, gen, collection, settings, previous)
            report.generation = gen.name
            _prune(root, {gen.name, previous})
        _write_manifest(root, [p for p in [*manifest, *roots] if p.exists()])
    report.seconds = time.perf_counter() - start
    return report


def build_index(
    paths: Iterable[Path | str] | None = None,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
    embedding_cache: Path | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> IndexReport:
    """Index ``paths`` (default: the knowledge base, ``knowledge_dirs`` and the manifest).

    Only files whose content hash changed are re-embedded; indexed files under ``paths`` that
    no longer exist, and indexed files whose path is gone from disk, are removed. When nothing
    changed no lock is taken and nothing is written. ``rebuild`` starts from an empty store but
    keeps every path in the manifest. ``embedding_cache`` (a SQLite file; default
    ``index_dir/embeddings.sqlite3``) reuses vectors of identical chunk text. A writer that
    waits longer than ``lock_timeout`` for another one raises :class:`IndexBusyError`.
    """
    settings = settings or get_settings()
    say = progress or (lambda _m: None)
    roots = [Path(p).expanduser() for p in paths] if paths is not None else default_paths(settings)
    start = time.perf_counter()
    if settings.chroma_url:
        report = _build_server(
            settings, roots, rebuild=rebuild, say=say, cache_path=embedding_cache
        )
    else:
        iter_files(roots)  # a missing path is a clear error before any lock is taken
        report, repaired = (None, "") if rebuild else _fast_check(settings, roots, say)
        if report is None:
            report = _build_local(
                settings,
                roots,
                rebuild=rebuild,
                say=say,
                cache_path=embedding_cache,
                lock_timeout=lock_timeout,
            )
            report.rebuilt = repaired or report.rebuilt
    report.seconds = time.perf_counter() - start
    say(report.summary())
    return report


def _fast_check(
    settings: Settings, roots: list[Path], say: Progress
) -> tuple[IndexReport | None, str]:
    """(a report, made without any write, when the published snapshot is up to date, else
    None; why a corrupt index was rebuilt while it was read)."""
    root = index_root(settings)
    try:
        snapshot = load_snapshot(settings, progress=say)
    except KnowledgeIndexError:
        return None, ""  # let the writer sort it out under the lock
    if not snapshot.generation or snapshot.model != settings.embedding_model:
        return None, snapshot.rebuilt
    indexed = snapshot.files()
    recorded = {m.resolve() for m in read_manifest(root)}
    if not _up_to_date(roots, indexed) or any(p.resolve() not in recorded for p in roots):
        return None, snapshot.rebuilt
    report = IndexReport(location=str(root), generation=snapshot.generation)
    report.unchanged = sorted(
        s for s in indexed if _under(_source_path(s), roots) and _source_path(s).exists()
    )
    report.chunks_total = len(snapshot)
    report.rebuilt = snapshot.rebuilt
    return report, snapshot.rebuilt


def _build_server(
    settings: Settings,
    roots: list[Path],
    *,
    rebuild: bool,
    say: Progress,
    cache_path: Path | None,
) -> IndexReport:
    collection, location, rebuilt = open_collection(settings, rebuild=rebuild, progress=say)
    report = IndexReport(location=location, rebuilt=rebuilt)
    cache = _open_cache(cache_path, settings.embedding_model, say)
    try:
        _apply(collection, roots, report, settings, cache, say)
    finally:
        if cache is not None:
            cache.close()
    report.chunks_total = collection.count()
    return report


def index_paths(
    paths: Iterable[Path | str],
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> IndexReport:
    """Add the user's own folders or files (markdown, text, PDF) to the index.

    The paths are recorded in the index's manifest, so a rebuild (``--rebuild``, or a corrupt
    index found by a reader) indexes them again.
    """
    paths = list(paths)
    if not paths:
        raise DocumentError("No path given to index.", hint="Give a file or a folder.")
    return build_index(paths, rebuild=rebuild, progress=progress, settings=settings)
