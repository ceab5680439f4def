"""What the sample files hold: branch names, read once per file version and cached on disk.

Used by the spec checks (:func:`chathep.resolve.check_spec`) and by the per-sample correction
decisions (:mod:`chathep.corrections_info`); kept apart from both so neither imports the other
for it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from chathep.errors import SpecError

#: Where branch lists are kept between processes (a fresh ``chathep ask`` then neither imports
#: uproot nor reads the ~3000 branch records of a NanoAOD file to plan). Keyed by the file's
#: path, size and modification time, so a changed file is read again.
CACHE_VERSION = 1


def _cache_file(path: str, size: int, mtime_ns: int, treename: str) -> Path:
    import hashlib

    import platformdirs

    key = f"{CACHE_VERSION}|{path}|{size}|{mtime_ns}|{treename}".encode()
    root = Path(platformdirs.user_cache_dir("chathep")) / "branches"
    return root / (hashlib.sha256(key).hexdigest()[:32] + ".json")


def _read_cached(cache: Path) -> frozenset[str] | None:
    import json

    try:
        names = json.loads(cache.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    return frozenset(names)


def _write_cached(cache: Path, names: frozenset[str]) -> None:
    import json
    import os
    import tempfile

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            json.dump(sorted(names), handle)
        os.replace(tmp, cache)  # atomic: a concurrent reader sees the old file or the new
    except OSError:
        pass  # a read-only cache directory costs the next process a re-read, nothing more


@lru_cache(maxsize=32)
def _branches_cached(path: str, size: int, mtime_ns: int, treename: str) -> frozenset[str]:
    cache = _cache_file(path, size, mtime_ns, treename)
    names = _read_cached(cache)
    if names is not None:
        return names
    import uproot

    with uproot.open(path) as f:
        names = frozenset(f[treename].keys())
    _write_cached(cache, names)
    return names


def branches(path: Path, treename: str = "Events") -> frozenset[str]:
    """Branch names of a NanoAOD file (read once per file version, then cached on disk)."""
    try:
        info = Path(path).stat()
        return _branches_cached(str(Path(path).resolve()), info.st_size, info.st_mtime_ns, treename)
    except FileNotFoundError:
        raise SpecError(
            f"Sample file {path} is missing.", hint="Run `chathep data fetch`."
        ) from None
    except Exception as exc:  # uproot raises many kinds of errors on bad files
        raise SpecError(f"Cannot read {path}: {exc}", hint="Re-fetch the demo data.") from None


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
