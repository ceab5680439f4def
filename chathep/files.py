"""What the sample files hold: branch names, read once per file version and cached.

Used by the spec checks (:func:`chathep.spec.check_spec`) and by the per-sample correction
decisions (:mod:`chathep.corrections_info`); kept apart from both so neither imports the other
for it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from chathep.errors import SpecError


@lru_cache(maxsize=32)
def _branches_cached(path: str, mtime: float, treename: str) -> frozenset[str]:
    import uproot

    with uproot.open(path) as f:
        return frozenset(f[treename].keys())


def branches(path: Path, treename: str = "Events") -> frozenset[str]:
    """Branch names of a NanoAOD file (read once per file version, then cached)."""
    try:
        return _branches_cached(str(path), path.stat().st_mtime, treename)
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
