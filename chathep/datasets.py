"""Your own data: register ROOT files as a catalog sample, inspect it, remove it.

>>> from chathep import datasets
>>> report = datasets.add("dimu2012", ["~/data/run2012B.root"], kind="data", era="2012",
...                       sqrt_s_tev=8.0)
>>> print(report.describe())        # events, collections, whether run/lumi/event exist
>>> datasets.show("dimu2012").collections["Muon"]      # branches by collection
>>> datasets.remove("dimu2012")

Registered samples live in **one file**, the user catalog ``<data_dir>/user_catalog.yaml``
(:func:`chathep.catalog.user_catalog_path`; the data directory is ``CHATHEP_DATA_DIR`` or
``data_dir`` in the configuration, by default the user data directory). Each entry is a normal
catalog sample (``knowledge_base/datasets.yaml`` documents the keys) whose ``files`` are absolute
paths or URLs: files are never copied, remote ones are opened in place. ``default_catalog()``
merges the entries in, so requests can name them ("... in dimu2012"), and the sandbox sees the
registered local files read-only.

Every file is checked before anything is written: it exists, is a ROOT file, has the tree, all
files have the same branches; events are counted and, for MC, ``genWeight`` is summed. A
failure raises a :class:`DatasetError` subclass with a message and a hint, and the user catalog
is left as it was (it is replaced atomically).
"""

from __future__ import annotations

import glob
import os
import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from chathep.catalog import (
    EVENT_ID_BRANCHES,
    Sample,
    default_catalog,
    is_url,
    load_catalog,
    user_catalog_path,
)
from chathep.config import Settings, get_settings
from chathep.errors import CatalogError
from chathep.files import write_text_atomic

__all__ = [
    "DatasetError",
    "DatasetInfo",
    "DatasetNameError",
    "FileReport",
    "MixedSchemaError",
    "MissingFileError",
    "NotRootFileError",
    "RemoteOpenError",
    "TreeNotFoundError",
    "add",
    "add_command",
    "remove",
    "show",
    "user_samples",
]

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
_GLOB_CHARS = re.compile(r"[*?\[]")
#: seconds to wait for a remote file (only an upper bound: uproot may give up sooner)
REMOTE_TIMEOUT_S = 20


# --------------------------------------------------------------------------- errors


class DatasetError(CatalogError):
    """A dataset could not be registered, shown or removed; the user catalog is unchanged."""


class MissingFileError(DatasetError):
    """A path does not exist, or a glob or directory holds no ROOT file."""


class NotRootFileError(DatasetError):
    """A file exists but uproot cannot read it as a ROOT file."""


class TreeNotFoundError(DatasetError):
    """A ROOT file lacks the requested tree."""


class MixedSchemaError(DatasetError):
    """The files of one dataset have different branches."""


class RemoteOpenError(DatasetError):
    """A URL could not be opened (no network, no XRootD client, no such file...)."""


class DatasetNameError(DatasetError):
    """The name is invalid, clashes with a built-in sample, or is not registered."""


# --------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class FileReport:
    location: str  # an absolute path or a URL, exactly as stored
    n_events: int
    sum_genweight: float | None = None


@dataclass
class DatasetInfo:
    """What a dataset's files hold: returned by :func:`add` and :func:`show`."""

    sample: Sample
    catalog_path: Path
    files: list[FileReport] = field(default_factory=list)
    #: branches by collection (``Muon_*`` -> "Muon", ``MET_*`` -> "MET"): name -> field names
    collections: dict[str, list[str]] = field(default_factory=dict)
    #: the collections with a counter (``nMuon``): NanoAOD's jagged object collections
    jagged: list[str] = field(default_factory=list)
    #: branches outside every collection (``run``, ``event``, ``MET_pt``-style singletons...)
    other_branches: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.sample.name

    @property
    def branches(self) -> list[str]:
        out = [f"{c}_{f}" for c, fields in self.collections.items() for f in fields]
        return sorted(out + [f"n{c}" for c in self.jagged] + self.other_branches)

    @property
    def nanoaod_like(self) -> bool:
        return bool(self.jagged)

    @property
    def missing_event_ids(self) -> list[str]:
        return [b for b in EVENT_ID_BRANCHES if b not in self.other_branches]

    def describe(self) -> str:
        """A few lines for a terminal: what was found in the files."""
        s = self.sample
        lines = [
            f"{s.name}: {s.kind}, era {s.era}, {s.sqrt_s_tev:g} TeV, tree {s.treename!r}, "
            f"{len(s.files)} file(s), {s.n_events} events",
        ]
        if s.is_data:
            lumi = f"{s.lumi_pb:g} pb^-1" if s.lumi_pb else "unknown (give --lumi-pb)"
            lines.append(f"  luminosity: {lumi}")
        else:
            lines.append(
                f"  cross section: {s.xsec_pb:g} pb, sum of genWeight: {s.sum_genweight:.6g}"
            )
        lines.append(
            "  NanoAOD-like: "
            + ("yes" if self.nanoaod_like else "no (no nX counter with X_* branches)")
        )
        if self.collections:
            listing = ", ".join(
                f"{c}{'[]' if c in self.jagged else ''} ({len(f)})"
                for c, f in self.collections.items()
            )
            lines.append(f"  collections (branches; [] = one entry per object): {listing}")
        if self.other_branches:
            shown = ", ".join(self.other_branches[:12])
            more = len(self.other_branches) - 12
            lines.append(f"  other branches: {shown}" + (f" (+{more} more)" if more > 0 else ""))
        present = [b for b in EVENT_ID_BRANCHES if b not in self.missing_event_ids]
        if not self.missing_event_ids:
            lines.append("  run/luminosityBlock/event: present")
        else:
            lines.append(
                f"  run/luminosityBlock/event: missing {self.missing_event_ids}"
                + (f" (present: {present})" if present else "")
                + " -- the generated code tells NanoAODSchema (error_missing_event_ids = False)"
            )
        for f in self.files:
            extra = f", sum genWeight {f.sum_genweight:.6g}" if f.sum_genweight is not None else ""
            lines.append(f"  {f.location}: {f.n_events} events{extra}")
        lines += [f"  note: {n}" for n in self.notes]
        lines.append(f"  catalog: {self.catalog_path}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sample": self.sample.model_dump(mode="json"),
            "catalog_path": str(self.catalog_path),
            "files": [f.__dict__ for f in self.files],
            "nanoaod_like": self.nanoaod_like,
            "collections": self.collections,
            "jagged": self.jagged,
            "other_branches": self.other_branches,
            "missing_event_ids": self.missing_event_ids,
            "notes": self.notes,
        }


# --------------------------------------------------------------------------- files


def _expand(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Files, globs, directories (``*.root`` below them) and URLs -> absolute paths and URLs."""
    if not paths:
        raise MissingFileError(
            "No file given.", hint="Give one or more files, globs, directories or URLs."
        )
    out: list[str] = []
    for raw in paths:
        text = os.fspath(raw)
        if is_url(text):
            out.append(text)
            continue
        path = Path(text).expanduser()
        if _GLOB_CHARS.search(text):
            found = sorted(p for p in glob.glob(str(path), recursive=True) if Path(p).is_file())
            if not found:
                raise MissingFileError(
                    f"No file matches {text!r}.",
                    hint="Check the pattern (quote it so that the shell does not expand it).",
                )
            out += [str(Path(p).resolve()) for p in found]
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*.root") if p.is_file())
            if not found:
                raise MissingFileError(
                    f"The directory {text} holds no .root file.",
                    hint="Give the files themselves, or a glob such as 'dir/*.root.1'.",
                )
            out += [str(p.resolve()) for p in found]
        elif path.is_file():
            out.append(str(path.resolve()))
        elif path.exists():
            raise MissingFileError(f"{text} is not a regular file.", hint="Give ROOT files.")
        else:
            raise MissingFileError(
                f"{text} does not exist.",
                hint="Check the path (relative paths are taken from the current directory).",
            )
    return list(dict.fromkeys(out))


def _open(location: str) -> Any:
    import uproot

    if is_url(location) and not location.startswith("file://"):
        try:
            return uproot.open(location, timeout=REMOTE_TIMEOUT_S)
        except Exception as exc:
            raise RemoteOpenError(
                f"Cannot open {location}: {type(exc).__name__}: {exc}",
                hint="Remote files are opened in place, never copied: check the URL, the "
                "network and the credentials (root:// needs the XRootD client: "
                "`pip install xrootd`; s3:// needs `pip install s3fs`).",
            ) from None
    try:
        return uproot.open(location)
    except FileNotFoundError:
        raise MissingFileError(f"{location} does not exist.", hint="Check the path.") from None
    except Exception as exc:
        raise NotRootFileError(
            f"{location} is not a ROOT file uproot can read ({type(exc).__name__}: {exc}).",
            hint="Register ROOT files (NanoAOD or any flat TTree).",
        ) from None


def check_reachable(locations: Sequence[str]) -> None:
    """Open each remote location once (nothing is read but the header); RemoteOpenError with
    the URL and a hint if one cannot be opened (host unreachable, no client, no such file)."""
    for location in locations:
        handle = _open(location)
        close = getattr(handle, "close", None)
        if close is not None:
            close()


def _trees(handle: Any, kinds: tuple[str, ...] = ("TTree", "TNtuple")) -> list[str]:
    try:
        classes = handle.classnames()
    except Exception:
        return []
    return sorted({k.split(";")[0] for k, c in classes.items() if c in kinds})


@dataclass
class _Scan:
    files: list[FileReport]
    keys: list[str]


def _scan(locations: Sequence[str], treename: str, kind: str) -> _Scan:
    reports: list[FileReport] = []
    reference: tuple[str, set[str]] | None = None
    keys: list[str] = []
    for location in locations:
        handle = _open(location)
        try:
            trees = _trees(handle)
            if treename not in trees:
                where = f"has trees {trees}" if trees else "has no TTree"
                rntuples = _trees(handle, ("ROOT::RNTuple",))
                if rntuples:
                    where += f" (RNTuples {rntuples} are not supported yet)"
                raise TreeNotFoundError(
                    f"{location} has no tree {treename!r}; it {where}.",
                    hint=f"Give the tree with --treename {trees[0]}."
                    if trees
                    else "Register files that hold a TTree.",
                )
            tree = handle[treename]
            names = list(tree.keys(recursive=False))
            if reference is None:
                reference, keys = (location, set(names)), names
            elif set(names) != reference[1]:
                only_here = sorted(set(names) - reference[1])
                only_there = sorted(reference[1] - set(names))
                raise MixedSchemaError(
                    f"{location} and {reference[0]} have different branches: "
                    f"only in the first {only_here[:8]}, only in the second {only_there[:8]}.",
                    hint="Register files of one schema as one dataset; add the others under "
                    "another name.",
                )
            sumw = None
            if kind == "mc":
                if "genWeight" not in names:
                    raise DatasetError(
                        f"{location} has no genWeight branch: an MC sample is normalised by "
                        "xsec * lumi / sum(genWeight).",
                        hint="Register it with --kind data if it is unweighted, or give "
                        "NanoAOD MC files.",
                    )
                sumw = float(tree["genWeight"].array(library="np").astype("float64").sum())
            reports.append(FileReport(location, int(tree.num_entries), sumw))
        finally:
            handle.close()
    return _Scan(reports, keys)


def _collections(keys: Iterable[str]) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """Branches by collection: ``X_*`` grouped under X; the jagged ones (with a counter ``nX``);
    the branches outside every collection (``run``, ``event``...)."""
    keys = list(keys)
    grouped: dict[str, list[str]] = {}
    for key in keys:
        prefix, sep, rest = key.partition("_")
        if sep and prefix and rest:
            grouped.setdefault(prefix, []).append(rest)
    jagged = sorted(c for c in grouped if f"n{c}" in keys)
    counters = {f"n{c}" for c in jagged}
    other = sorted(k for k in keys if k not in counters and k.partition("_")[0] not in grouped)
    return {c: sorted(f) for c, f in sorted(grouped.items())}, jagged, other


# --------------------------------------------------------------------------- the user catalog


def _read_raw(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {"samples": {}}
    load_catalog(path, user=True)  # a malformed user catalog is reported, never overwritten
    raw = yaml.safe_load(path.read_text()) or {}
    raw["samples"] = raw.get("samples") or {}
    return raw


_HEADER = """\
# ChatHEP user catalog: your own datasets, written by `chathep datasets add` (chathep.datasets).
# Same keys as knowledge_base/datasets.yaml; files are absolute paths or URLs (never copied).
# Edit with `chathep datasets add/remove`, or by hand with care: it is validated on every load.
"""


def _write_atomic(path: Path, raw: dict[str, Any]) -> None:
    """Validate and replace ``path`` in one step: a failure leaves the old file untouched."""
    text = _HEADER + yaml.safe_dump(raw, sort_keys=False, allow_unicode=True)
    write_text_atomic(path, text, lambda tmp: load_catalog(tmp, user=True))


def _builtin_names(settings: Settings) -> set[str]:
    """Names of the shipped and generated samples (those a user entry may not shadow)."""
    from chathep.catalog import generated_catalogs, merge_catalogs

    catalog = load_catalog()
    for extra in generated_catalogs(settings):
        catalog = merge_catalogs(catalog, extra)
    names = set(catalog.samples)
    for sample in catalog:
        names |= {a.lower() for a in sample.aliases}
    return names


def user_samples(settings: Settings | None = None) -> dict[str, Sample]:
    """The registered samples, by name."""
    from chathep.catalog import load_user_catalog

    return dict(load_user_catalog(settings or get_settings()).samples)


# --------------------------------------------------------------------------- API


def add(
    name: str,
    paths: Sequence[str | os.PathLike[str]],
    *,
    kind: Literal["data", "mc"],
    era: str,
    sqrt_s_tev: float,
    lumi_pb: float | None = None,
    xsec_pb: float | None = None,
    process: str | None = None,
    label: str | None = None,
    treename: str = "Events",
    description: str = "",
    aliases: Sequence[str] = (),
    replace: bool = False,
    settings: Settings | None = None,
) -> DatasetInfo:
    """Check the files and register them as sample ``name`` in the user catalog.

    ``paths``: files, globs, directories (every ``*.root`` below) and URLs (``root://``,
    ``https://``, ``s3://``, ``file://``: stored unchanged, opened in place). ``lumi_pb`` (data)
    may be left out when unknown: plots then show no luminosity. ``xsec_pb`` is required for
    MC. ``replace=True`` overwrites an earlier registration of the same name.
    """
    settings = settings or get_settings()
    if not NAME_RE.match(name or ""):
        raise DatasetNameError(
            f"{name!r} is not a valid dataset name.",
            hint="Use letters, digits, '_', '-' or '.', starting with a letter (e.g. dimu2012).",
        )
    if kind not in ("data", "mc"):
        raise DatasetError(f"Unknown kind {kind!r}.", hint="Use --kind data or --kind mc.")
    if kind == "mc" and xsec_pb is None:
        raise DatasetError(
            "An MC dataset needs its cross section.",
            hint="Give --xsec-pb (pb); the sum of genWeight is computed from the files.",
        )
    if kind == "data" and xsec_pb is not None:
        raise DatasetError("A data dataset has no cross section.", hint="Leave out --xsec-pb.")
    if kind == "mc" and lumi_pb is not None:
        raise DatasetError(
            "An MC dataset has no luminosity: it is scaled to that of the data.",
            hint="Leave out --lumi-pb.",
        )
    for what, value in (("--sqrt-s", sqrt_s_tev), ("--lumi-pb", lumi_pb), ("--xsec-pb", xsec_pb)):
        if value is not None and not value > 0:
            raise DatasetError(f"{what} must be positive, got {value}.", hint=f"Fix {what}.")
    if not str(era).strip():
        raise DatasetError("The era is empty.", hint="Give --era, e.g. 2012.")
    lowered = name.lower()
    if name in _builtin_names(settings) or lowered in _builtin_names(settings):
        raise DatasetNameError(
            f"{name!r} is the name of a built-in sample (or one of its aliases).",
            hint="Choose another name; `chathep datasets` lists the built-in samples.",
        )
    path = user_catalog_path(settings)
    raw = _read_raw(path)
    if name in raw["samples"] and not replace:
        raise DatasetNameError(
            f"{name!r} is already registered ({path}).",
            hint=f"Add with --replace to overwrite it, or `chathep datasets remove {name}`.",
        )

    locations = _expand(paths)
    scan = _scan(locations, treename, kind)
    collections, jagged, other = _collections(scan.keys)
    missing_ids = [b for b in EVENT_ID_BRANCHES if b not in other]
    entry: dict[str, Any] = {
        "kind": kind,
        "process": process or ("data" if kind == "data" else name),
        "label": label or ("Data" if kind == "data" else name),
        "description": description
        or f"Registered with `chathep datasets add`: {len(locations)} file(s).",
        "era": str(era),
        "sqrt_s_tev": float(sqrt_s_tev),
        "files": locations,
        "treename": treename,
        "n_events": sum(f.n_events for f in scan.files),
        "event_ids": not missing_ids,
    }
    if kind == "data":
        entry["lumi_pb"] = float(lumi_pb) if lumi_pb is not None else None
    else:
        entry["xsec_pb"] = float(xsec_pb)  # type: ignore[arg-type]
        entry["sum_genweight"] = sum(f.sum_genweight or 0.0 for f in scan.files)
    if aliases:
        entry["aliases"] = [str(a) for a in aliases]
    try:
        sample = Sample.model_validate({"name": name, **entry})
    except Exception as exc:  # e.g. MC files whose genWeight sums to zero
        raise DatasetError(f"Cannot register {name!r}: {exc}", hint="Check the files.") from None
    raw["samples"][name] = entry
    _write_atomic(path, raw)
    notes = []
    if kind == "data" and lumi_pb is None:
        notes.append("luminosity unknown: plots show sqrt(s) only; MC cannot be normalised to it")
    if not jagged:
        notes.append("no NanoAOD collection found: requests about objects will not apply")
    return DatasetInfo(sample, path, scan.files, collections, jagged, other, notes)


def remove(name: str, *, settings: Settings | None = None) -> Sample:
    """Remove ``name`` from the user catalog (the files themselves are not touched)."""
    settings = settings or get_settings()
    path = user_catalog_path(settings)
    raw = _read_raw(path)
    if name not in raw["samples"]:
        if name in _builtin_names(settings):
            raise DatasetNameError(
                f"{name!r} is a built-in sample; only registered datasets can be removed.",
                hint="`chathep datasets` lists all samples.",
            )
        known = ", ".join(raw["samples"]) or "none"
        raise DatasetNameError(
            f"No registered dataset {name!r}.", hint=f"Registered datasets: {known}."
        )
    sample = load_catalog(path, user=True)[name]
    del raw["samples"][name]
    _write_atomic(path, raw)
    return sample


def show(name: str, *, settings: Settings | None = None) -> DatasetInfo:
    """A sample (registered or built-in) and the branches of its first file, by collection."""
    settings = settings or get_settings()
    sample = default_catalog(settings)[name]
    location = sample.locations(settings)[0]
    handle = _open(location)
    try:
        if sample.treename not in _trees(handle):
            raise TreeNotFoundError(
                f"{location} has no tree {sample.treename!r}.", hint="Register it again."
            )
        keys = list(handle[sample.treename].keys(recursive=False))
    finally:
        handle.close()
    collections, jagged, other = _collections(keys)
    where = user_catalog_path(settings) if name in user_samples(settings) else None
    info = DatasetInfo(sample, where or Path("knowledge_base/datasets.yaml"))
    info.collections, info.jagged, info.other_branches = collections, jagged, other
    return info


def add_command(path: str, name: str | None = None) -> str:
    """The ``chathep datasets add`` line for an unregistered path (for clarifying questions)."""
    stem = Path(path.rstrip("/")).name.split(".")[0] if not is_url(path) else "mydata"
    suggested = name or (re.sub(r"[^A-Za-z0-9_]", "_", stem) or "mydata")
    if not suggested[0].isalpha():
        suggested = "d_" + suggested
    return (
        f"chathep datasets add {suggested} {shlex.quote(path)} --kind data --era ERA "
        "--sqrt-s TEV [--lumi-pb PB]"
    )
