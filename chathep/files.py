"""What the sample files hold: branch names, entries and UUID, read once per file version and
cached on disk.

Used by the spec checks (:func:`chathep.resolve.check_spec`) and by the per-sample correction
decisions (:mod:`chathep.corrections_info`); kept apart from both so neither imports the other
for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from chathep.errors import SpecError

#: Where what a file holds is kept between processes (a fresh ``chathep ask`` then neither imports
#: uproot nor reads the ~3000 branch records of a NanoAOD file to plan). Keyed by the file's
#: path, size and modification time, so a changed file is read again. Version 2 adds the number
#: of entries and the file's UUID (what coffea's pre-processing reads), see :func:`file_metadata`.
CACHE_VERSION = 2


@dataclass(frozen=True)
class TreeInfo:
    """What one read of a file's tree gives: its branch names, its entries and the file UUID."""

    branches: frozenset[str]
    num_entries: int
    uuid: str  # hex of the ROOT file's fUUID


def _cache_file(path: str, size: int, mtime_ns: int, treename: str) -> Path:
    import hashlib

    import platformdirs

    key = f"{CACHE_VERSION}|{path}|{size}|{mtime_ns}|{treename}".encode()
    root = Path(platformdirs.user_cache_dir("chathep")) / "branches"
    return root / (hashlib.sha256(key).hexdigest()[:32] + ".json")


def _read_cached(cache: Path) -> TreeInfo | None:
    import json

    try:
        data = json.loads(cache.read_text())
        names, entries, uuid = data["branches"], data["num_entries"], data["uuid"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    if not isinstance(entries, int) or entries < 0 or not isinstance(uuid, str):
        return None
    return TreeInfo(frozenset(names), entries, uuid)


def _write_cached(cache: Path, info: TreeInfo) -> None:
    import json
    import os
    import tempfile

    data = {"branches": sorted(info.branches), "num_entries": info.num_entries, "uuid": info.uuid}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle)
        os.replace(tmp, cache)  # atomic: a concurrent reader sees the old file or the new
    except OSError:
        pass  # a read-only cache directory costs the next process a re-read, nothing more


@lru_cache(maxsize=32)
def _tree_cached(path: str, size: int, mtime_ns: int, treename: str) -> TreeInfo:
    cache = _cache_file(path, size, mtime_ns, treename)
    info = _read_cached(cache)
    if info is not None:
        return info
    import uproot

    with uproot.open(path) as f:
        tree = f[treename]
        info = TreeInfo(frozenset(tree.keys()), int(tree.num_entries), f.file.fUUID.hex())
    _write_cached(cache, info)
    return info


def _tree_info(path: Path, treename: str) -> tuple[os.stat_result, TreeInfo]:
    """The file's size and time, and what its tree held at that version."""
    try:
        stat = Path(path).stat()
        info = _tree_cached(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, treename)
        return stat, info
    except FileNotFoundError:
        raise SpecError(
            f"Sample file {path} is missing.", hint="Run `chathep data fetch`."
        ) from None
    except Exception as exc:  # uproot raises many kinds of errors on bad files
        raise SpecError(f"Cannot read {path}: {exc}", hint="Re-fetch the demo data.") from None


def branches(path: Path, treename: str = "Events") -> frozenset[str]:
    """Branch names of a NanoAOD file (read once per file version, then cached on disk)."""
    return _tree_info(path, treename)[1].branches


def file_metadata(
    path: Path, treename: str = "Events", *, read: bool = True
) -> dict[str, int | str] | None:
    """What coffea's pre-processing reads from a file (its entries and UUID), with the size and
    modification time it was read at: the generated code's ``--file-metadata`` (it uses an
    entry only if the file it opens still has that size and time, else it reads the file).

    Read once per file version, then cached on disk (with the branch names). ``read=False``:
    from the cache only (None if this version of the file was never read); raises SpecError
    for a missing or unreadable file when it reads.
    """
    if not read:
        try:
            stat = Path(path).stat()
            key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, treename)
        except OSError:
            return None
        cached = _read_cached(_cache_file(*key))
        if cached is None:
            return None
        info = cached
    else:
        stat, info = _tree_info(path, treename)
    return {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "numentries": info.num_entries,
        "uuid": info.uuid,
    }


def collection_fields(keys: frozenset[str], collection: str) -> set[str]:
    """The fields of ``collection`` among branch names ``keys`` (``Muon_pt`` -> ``pt``)."""
    prefix = collection + "_"
    return {k[len(prefix) :] for k in keys if k.startswith(prefix)}


def write_text_atomic(path: Path, text: str, check: Callable[[Path], object]) -> None:
    """Replace ``path`` with ``text`` in one step, after ``check`` accepted the new file.

    The text goes to a temporary file beside ``path`` (synced to disk); ``check`` reads that
    file and raises if it is not valid. A failure anywhere leaves the old file untouched.
    """
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        check(Path(tmp))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
