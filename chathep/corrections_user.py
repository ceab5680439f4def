"""Your own correctionlib files: point an era at JSON-POG files, inspect them, remove them.

>>> from chathep import corrections_user as cu
>>> infos = cu.add("2018", ["~/jsonpog/POG/MUO/2018_UL/muon_Z.json.gz",
...                         "~/jsonpog/POG/LUM/2018_UL/puWeights.json.gz"])
>>> print(infos[0].describe())         # the corrections it holds, their inputs, what uses them
>>> cu.show("2018")                    # {era: [FileInfo, ...]}
>>> cu.remove("2018")                  # every file of the era (or only the paths given)

Registered files live in **one file**, ``<data_dir>/user_corrections.yaml``
(:func:`user_corrections_path`; ``CHATHEP_DATA_DIR`` moves it), as
``eras: {ERA: {files: [absolute path, ...]}}``. Files are never copied; the generated code
reads them where they are with ``correctionlib.CorrectionSet.from_file`` and the sandbox sees
each of them read-only (:func:`registered_paths`).

Every file is checked before anything is written: it exists, is JSON (``.json`` or
``.json.gz``), is a correctionlib ``CorrectionSet`` (schema v2, validated by correctionlib and
loaded by its evaluator), and no correction name appears in two files of one era. A failure
raises a :class:`CorrectionFileError` subclass with a message and a hint, and the user file is
left as it was (it is replaced atomically).

Which entry serves which ChatHEP correction (:data:`chathep.registry.corrections.CORRECTIONS`
entries with ``correctionlib`` set) is decided here, from the names and inputs the CMS POGs
use: the muon scale factors take ``NUM_<ID>ID_DEN_TrackerMuons`` (or ``..._DEN_genTracks``) and
``NUM_<ISO>RelIso_DEN_<ID>IDandIPCut`` / ``NUM_<ISO>PFIso_DEN_<ID>ID`` for the working points
the muons are selected with, inputs ``abseta`` or ``eta``, ``pt`` and a string input whose keys
name the nominal and up/down values (``nominal``/``sf``, ``systup``, ``systdown``), plus an
optional one-key string input such as ``year = "2018_UL"``; the pileup weight takes an entry with
inputs ``NumTrueInteractions`` and ``nominal``/``up``/``down`` (``puWeights.json``), looked for
in the era's registered files first, then in the puWeights.json that ``chathep data generate``
writes next to its samples (:func:`pileup_entries`, ``extra``); the JER resolution takes a
``*PtResolution*`` entry with real inputs ``JetEta``, ``JetPt`` and optionally ``Rho`` (JME
POG ``jet_jerc.json``), likewise looked for in the registered files, then next to the samples
(:func:`jer_resolution_entry`). The electron scale factors take the EGM entry
``UL-Electron-ID-SF`` (Run 3: ``Electron-ID-SF``), inputs ``year``, ``ValType`` (sf, sfup,
sfdown), ``WorkingPoint``, ``eta`` (supercluster eta) and ``pt``: the ID working point the
electrons are selected with and, where the file has them, the reconstruction SFs of each pT
range (``RecoBelow20``/``RecoAbove20``; Run 3 ``RecoBelow20``/``Reco20to75``/``RecoAbove75``)
(:func:`electron_sf_entries`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from chathep.config import Settings, get_settings
from chathep.data import data_dir
from chathep.errors import DataError
from chathep.files import write_text_atomic
from chathep.registry.corrections import ELECTRON_SF, JER, MUON_SF, PILEUP
from chathep.registry.eras import year_of

__all__ = [
    "CorrectionFileError",
    "CorrectionFileMissingError",
    "CorrectionInfo",
    "DuplicateCorrectionError",
    "EraNotRegisteredError",
    "FileInfo",
    "NotCorrectionlibError",
    "NotJsonError",
    "add",
    "electron_sf_entries",
    "electron_working_point",
    "jer_resolution_entry",
    "muon_sf_entries",
    "pileup_entries",
    "registered_paths",
    "remove",
    "show",
    "user_corrections_path",
]

USER_CORRECTIONS_NAME = "user_corrections.yaml"

#: Keys of the string input that selects the nominal value and the up/down variations
#: (MUO: nominal/sf, systup, systdown; LUM: nominal, up, down).
NOMINAL_KEYS = ("nominal", "sf", "central")
UP_KEYS = ("systup", "up", "sfup")
DOWN_KEYS = ("systdown", "down", "sfdown")
#: Real inputs a per-muon scale factor may have -> the muon quantity fed to it.
MUON_INPUTS = {"abseta": "abseta", "eta": "eta", "pt": "pt"}
#: Real inputs a pileup weight may have -> the quantity fed to it (Pileup.nTrueInt).
PILEUP_INPUTS = {"numtrueinteractions": "nTrueInt", "ntrueint": "nTrueInt", "truepu": "nTrueInt"}
#: Real inputs a per-electron scale factor may have -> the electron quantity fed to it (the
#: EGM SFs are binned in supercluster eta: eta + deltaEtaSC).
ELECTRON_INPUTS = {"eta": "etaSC", "abseta": "absetaSC", "pt": "pt"}
#: EGM electron SF entries (UL Run 2, Run 3), tried in this order.
ELECTRON_SF_NAMES = ("UL-Electron-ID-SF", "Electron-ID-SF")
#: The EGM reconstruction SF of each electron pT range [low, high) (None: open), by its
#: WorkingPoint key; a file has either the UL pair or the Run 3 triple.
ELECTRON_RECO_WINDOWS: dict[str, tuple[float | None, float | None]] = {
    "RecoBelow20": (None, 20.0),
    "RecoAbove20": (20.0, None),
    "Reco20to75": (20.0, 75.0),
    "RecoAbove75": (75.0, None),
}
#: NanoAOD electron ID flags (== True) -> the EGM WorkingPoint key.
ELECTRON_MVA_WPS = {
    "mvaFall17V2Iso_WP80": "wp80iso",
    "mvaFall17V2Iso_WP90": "wp90iso",
    "mvaFall17V2noIso_WP80": "wp80noiso",
    "mvaFall17V2noIso_WP90": "wp90noiso",
    "mvaIso_WP80": "wp80iso",
    "mvaIso_WP90": "wp90iso",
    "mvaNoIso_WP80": "wp80noiso",
    "mvaNoIso_WP90": "wp90noiso",
}
#: Electron_cutBased levels (Fall17 V2 / Run 3 cut-based ID) -> the EGM WorkingPoint key.
ELECTRON_CUT_BASED_WPS = {1: "Veto", 2: "Loose", 3: "Medium", 4: "Tight"}
#: NanoAOD muon ID flags -> the POG's working-point name in a correction name.
MUON_ID_NAMES = {
    "tightId": "Tight",
    "mediumId": "Medium",
    "mediumPromptId": "MediumPrompt",
    "looseId": "Loose",
    "softId": "Soft",
}


# --------------------------------------------------------------------------- errors


class CorrectionFileError(DataError):
    """A correctionlib file could not be registered, shown or removed; nothing was changed."""


class CorrectionFileMissingError(CorrectionFileError):
    """A path does not exist or is not a regular file."""


class NotJsonError(CorrectionFileError):
    """A file is not JSON (nor gzip-compressed JSON)."""


class NotCorrectionlibError(CorrectionFileError):
    """A JSON file is not a correctionlib CorrectionSet."""


class DuplicateCorrectionError(CorrectionFileError):
    """Two files of one era hold a correction of the same name."""


class EraNotRegisteredError(CorrectionFileError):
    """No file is registered for the era (or not the file given)."""


# --------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class InputInfo:
    """One input of a correction: its type, and what the file says about its values."""

    name: str
    type: str
    description: str = ""
    #: string inputs: the keys its category nodes list
    keys: tuple[str, ...] = ()
    #: real inputs: the lowest and highest bin edge of the binnings on it (None: not binned)
    range: tuple[float, float] | None = None

    def describe(self) -> str:
        if self.keys:
            return f"{self.name} ({'/'.join(self.keys)})"
        if self.range:
            return f"{self.name} [{self.range[0]:g}, {self.range[1]:g}]"
        return f"{self.name} ({self.type})"


@dataclass(frozen=True)
class CorrectionInfo:
    name: str
    description: str
    version: int
    inputs: tuple[InputInfo, ...]
    output: str

    def input(self, name: str) -> InputInfo | None:
        return next((i for i in self.inputs if i.name.lower() == name.lower()), None)


@dataclass
class FileInfo:
    """What a registered file holds: returned by :func:`add` and :func:`show`."""

    path: Path
    era: str
    sha256: str
    corrections: list[CorrectionInfo] = field(default_factory=list)
    #: correction name -> the ChatHEP correction that can use it (MUON_SF, PILEUP)
    uses: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        lines = [f"{self.path} (era {self.era}): {len(self.corrections)} correction(s)"]
        for c in self.corrections:
            inputs = ", ".join(i.describe() for i in c.inputs)
            used = f"  -> used for {self.uses[c.name]}" if c.name in self.uses else ""
            lines.append(f"  {c.name}({inputs}){used}")
        if not self.uses:
            lines.append(
                "  (no entry ChatHEP applies yet: it reads muon ID/isolation SFs, electron "
                "ID/reconstruction SFs, pileup weights and the jet pT resolution; the others "
                "are listed for reference)"
            )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "era": self.era,
            "sha256": self.sha256,
            "corrections": [
                {
                    "name": c.name,
                    "description": c.description,
                    "version": c.version,
                    "output": c.output,
                    "inputs": [
                        {"name": i.name, "type": i.type, "keys": list(i.keys), "range": i.range}
                        for i in c.inputs
                    ],
                    "used_for": self.uses.get(c.name),
                }
                for c in self.corrections
            ],
        }


# --------------------------------------------------------------------------- reading a file


def _read_json(path: Path) -> Any:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise NotJsonError(
                f"{path} looks gzip-compressed but cannot be decompressed ({exc}).",
                hint="Give the correctionlib .json or .json.gz file as the POG distributes it.",
            ) from None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NotJsonError(
            f"{path} is not JSON ({exc}).",
            hint="Give a correctionlib JSON file (e.g. muon_Z.json.gz from the CMS jsonpog-"
            "integration repository); ROOT or text correction files are not accepted here.",
        ) from None


def _walk(node: Any, keys: dict[str, set[str]], ranges: dict[str, list[float]]) -> None:
    """Collect category keys and binning ranges per input, through every node type."""
    if isinstance(node, list):
        for item in node:
            _walk(item, keys, ranges)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("nodetype")
    if kind == "category":
        keys.setdefault(str(node.get("input")), set()).update(
            str(item.get("key")) for item in node.get("content", []) if isinstance(item, dict)
        )
    elif kind in ("binning", "multibinning"):
        names = node.get("inputs") if kind == "multibinning" else [node.get("input")]
        edges = node.get("edges") if kind == "multibinning" else [node.get("edges")]
        for name, axis in zip(names or [], edges or [], strict=False):
            if isinstance(axis, dict):  # uniform binning
                lo, hi = float(axis["low"]), float(axis["high"])
            elif axis:
                finite = [float(e) for e in axis if isinstance(e, int | float)]
                lo, hi = (min(finite), max(finite)) if finite else (-math.inf, math.inf)
            else:
                continue
            found = ranges.setdefault(str(name), [lo, hi])
            found[0], found[1] = min(found[0], lo), max(found[1], hi)
    for value in node.values():
        if isinstance(value, dict | list):
            _walk(value, keys, ranges)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=32)
def _inspect(path: str, mtime: float, size: int) -> tuple[str, tuple[CorrectionInfo, ...]]:
    import correctionlib
    import correctionlib.schemav2 as schema
    from pydantic import ValidationError

    file = Path(path)
    raw = _read_json(file)
    if not isinstance(raw, dict) or "corrections" not in raw:
        raise NotCorrectionlibError(
            f"{file} is JSON but not a correctionlib CorrectionSet (no 'corrections' list).",
            hint="Give a correctionlib file (schema_version 2), such as the JSON-POG files.",
        )
    try:
        schema.CorrectionSet.model_validate(raw)
        correctionlib.CorrectionSet.from_file(str(file))
    except (ValidationError, RuntimeError, ValueError) as exc:
        first = str(exc).strip().splitlines()
        raise NotCorrectionlibError(
            f"{file} is not a valid correctionlib CorrectionSet: "
            f"{first[0] if first else type(exc).__name__}"
            + (f" ({first[1].strip()})" if len(first) > 1 else ""),
            hint="Check the file with `correction validate FILE` (correctionlib's command).",
        ) from None
    out = []
    for corr in raw["corrections"]:
        keys: dict[str, set[str]] = {}
        ranges: dict[str, list[float]] = {}
        _walk(corr.get("data"), keys, ranges)
        inputs = tuple(
            InputInfo(
                name=i["name"],
                type=i["type"],
                description=i.get("description") or "",
                keys=tuple(sorted(keys.get(i["name"], ()))) if i["type"] == "string" else (),
                range=tuple(ranges[i["name"]]) if i["name"] in ranges else None,  # type: ignore[arg-type]
            )
            for i in corr["inputs"]
        )
        out.append(
            CorrectionInfo(
                name=corr["name"],
                description=corr.get("description") or "",
                version=int(corr.get("version", 0)),
                inputs=inputs,
                output=corr["output"]["name"],
            )
        )
    return _sha256(file), tuple(out)


def inspect_file(path: str | os.PathLike[str], era: str = "") -> FileInfo:
    """Validate one file with correctionlib and list its corrections and their inputs."""
    file = Path(path).expanduser()
    if not file.exists():
        raise CorrectionFileMissingError(
            f"{path} does not exist.",
            hint="Check the path (relative paths are taken from the current directory).",
        )
    if not file.is_file():
        raise CorrectionFileMissingError(f"{path} is not a regular file.", hint="Give JSON files.")
    file = file.resolve()
    stat = file.stat()
    sha, corrections = _inspect(str(file), stat.st_mtime, stat.st_size)
    info = FileInfo(file, era, sha, list(corrections))
    for c in corrections:
        if _muon_binding(c, era) is not None and _muon_sf_name(c.name):
            info.uses[c.name] = MUON_SF.name
        elif _pileup_binding(c, era) is not None:
            info.uses[c.name] = PILEUP.name
        elif _is_jer_resolution(c):
            info.uses[c.name] = JER.name
        elif c.name in ELECTRON_SF_NAMES and _binds_a_working_point(c, era):
            info.uses[c.name] = ELECTRON_SF.name
    return info


# --------------------------------------------------------------------------- the user file


def user_corrections_path(settings: Settings | None = None) -> Path:
    """``<data_dir>/user_corrections.yaml`` (``CHATHEP_DATA_DIR`` moves it)."""
    return data_dir(settings) / USER_CORRECTIONS_NAME


_HEADER = """\
# ChatHEP correctionlib files per era, written by `chathep corrections add`.
# eras: {ERA: {files: [absolute paths]}}; the files are read where they are (never copied).
# Edit with `chathep corrections add/remove`, or by hand with care: it is validated on every load.
"""


def _read_raw(path: Path) -> dict[str, dict[str, list[str]]]:
    if not path.is_file():
        return {}
    try:
        raw = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise CorrectionFileError(
            f"{path} is not valid YAML ({exc}).", hint="Fix it by hand or delete it."
        ) from None
    eras = raw.get("eras") if isinstance(raw, dict) else None
    if eras is None:
        eras = {}
    ok = isinstance(eras, dict) and all(
        isinstance(v, dict)
        and isinstance(v.get("files"), list)
        and all(isinstance(f, str) for f in v["files"])
        for v in eras.values()
    )
    if not ok:
        raise CorrectionFileError(
            f"{path} is malformed: expected 'eras: {{ERA: {{files: [paths]}}}}'.",
            hint="Fix it by hand or delete it (and register the files again).",
        )
    return {str(era): {"files": list(v["files"])} for era, v in eras.items()}


def _write_atomic(path: Path, eras: dict[str, dict[str, list[str]]]) -> None:
    text = _HEADER + yaml.safe_dump({"eras": eras}, sort_keys=False, allow_unicode=True)
    write_text_atomic(path, text, _read_raw)


def _check_unique(era: str, infos: Sequence[FileInfo]) -> None:
    seen: dict[str, Path] = {}
    for info in infos:
        for c in info.corrections:
            if c.name in seen and seen[c.name] != info.path:
                raise DuplicateCorrectionError(
                    f"Era {era}: {c.name!r} is in both {seen[c.name]} and {info.path}.",
                    hint=f"Register one of them (`chathep corrections remove {era} FILE` "
                    "removes a file), so that it is clear which one is applied.",
                )
            seen[c.name] = info.path


def add(
    era: str,
    paths: Sequence[str | os.PathLike[str]],
    *,
    replace: bool = False,
    settings: Settings | None = None,
) -> list[FileInfo]:
    """Check the files and register them for ``era`` (added to its files; ``replace=True``:
    instead of them). Returns what each file holds."""
    settings = settings or get_settings()
    era = str(era).strip()
    if not era or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", era):
        raise CorrectionFileError(
            f"{era!r} is not an era name.", hint="Give the era of the samples, e.g. 2018."
        )
    if not paths:
        raise CorrectionFileMissingError(
            "No file given.", hint="Give one or more correctionlib JSON files."
        )
    infos = [inspect_file(p, era) for p in paths]
    store = user_corrections_path(settings)
    raw = _read_raw(store)
    kept = [] if replace else list(raw.get(era, {}).get("files", []))
    new = [str(i.path) for i in infos]
    files = list(dict.fromkeys([*kept, *new]))
    others = [inspect_file(f, era) for f in kept if f not in new and Path(f).is_file()]
    _check_unique(era, [*others, *infos])
    raw[era] = {"files": files}
    _write_atomic(store, raw)
    return infos


def remove(
    era: str, paths: Sequence[str | os.PathLike[str]] = (), *, settings: Settings | None = None
) -> list[str]:
    """Unregister ``paths`` (default: every file) of ``era``; the files are not touched."""
    settings = settings or get_settings()
    store = user_corrections_path(settings)
    raw = _read_raw(store)
    if era not in raw:
        known = ", ".join(raw) or "none"
        raise EraNotRegisteredError(
            f"No correctionlib file is registered for era {era!r}.",
            hint=f"Eras with files: {known}.",
        )
    files = raw[era]["files"]
    if paths:
        wanted = [str(Path(p).expanduser().resolve()) for p in paths]
        missing = [p for p, w in zip(paths, wanted, strict=True) if w not in files]
        if missing:
            raise EraNotRegisteredError(
                f"Not registered for era {era}: {', '.join(map(str, missing))}.",
                hint=f"Registered: {', '.join(files)}.",
            )
        removed = wanted
        raw[era]["files"] = [f for f in files if f not in wanted]
        if not raw[era]["files"]:
            del raw[era]
    else:
        removed = files
        del raw[era]
    _write_atomic(store, raw)
    return removed


def show(era: str | None = None, *, settings: Settings | None = None) -> dict[str, list[FileInfo]]:
    """The registered files of ``era`` (default: every era), each read and checked again."""
    settings = settings or get_settings()
    raw = _read_raw(user_corrections_path(settings))
    if era is not None and era not in raw:
        raise EraNotRegisteredError(
            f"No correctionlib file is registered for era {era!r}.",
            hint=f"Register one with `chathep corrections add {era} FILE.json`.",
        )
    eras = [era] if era is not None else list(raw)
    return {e: [inspect_file(f, e) for f in raw[e]["files"]] for e in eras}


def registered_paths(settings: Settings | None = None) -> list[Path]:
    """Every registered file (existing ones), for the sandbox to show read-only."""
    try:
        raw = _read_raw(user_corrections_path(settings or get_settings()))
    except CorrectionFileError:
        return []
    found = [Path(f) for v in raw.values() for f in v["files"]]
    return list(dict.fromkeys(p for p in found if p.is_file()))


def era_files(era: str, settings: Settings | None = None) -> list[FileInfo]:
    """The files registered for ``era`` (an unreadable one raises with its path)."""
    store = user_corrections_path(settings or get_settings())
    files = _read_raw(store).get(era, {}).get("files", [])
    for f in files:
        if not Path(f).is_file():
            raise CorrectionFileMissingError(
                f"{f} is registered for era {era} ({store}) but no longer exists.",
                hint=f"Restore it, or `chathep corrections remove {era} {f}`.",
            )
    return [inspect_file(f, era) for f in files]


# --------------------------------------------------------------------------- binding


def _variation_keys(inp: InputInfo) -> dict[str, str] | None:
    def first(options: tuple[str, ...]) -> str | None:
        return next((k for k in options if k in inp.keys), None)

    nominal, up, down = first(NOMINAL_KEYS), first(UP_KEYS), first(DOWN_KEYS)
    if nominal and up and down:
        return {"nominal": nominal, "up": up, "down": down}
    return None


def _bind(
    corr: CorrectionInfo,
    era: str,
    real_inputs: dict[str, str],
    fixed: dict[str, str] | None = None,
) -> list[dict[str, Any]] | None:
    """How the generated code feeds each input, or None when an input cannot be fed.

    Real inputs get the quantity of ``real_inputs`` (clamped into the binned range); exactly
    one string input selects nominal/up/down; a string input named in ``fixed`` (lower case)
    gets that key, which it must have; any other string input must have one key or a key of
    the era's year (``year = "2018_UL"``).
    """
    bound: list[dict[str, Any]] = []
    has_variation = False
    for inp in corr.inputs:
        if inp.type == "real":
            source = real_inputs.get(inp.name.lower())
            if source is None:
                return None
            entry: dict[str, Any] = {"name": inp.name, "from": source}
            if inp.range and all(math.isfinite(x) for x in inp.range):
                lo, hi = inp.range
                entry["range"] = [lo, math.nextafter(hi, lo)]  # bins are [lo, hi)
            bound.append(entry)
        elif inp.type == "string" and fixed and inp.name.lower() in fixed:
            if fixed[inp.name.lower()] not in inp.keys:
                return None
            bound.append({"name": inp.name, "value": fixed[inp.name.lower()]})
        elif inp.type == "string":
            keys = _variation_keys(inp)
            if keys is not None and not has_variation:
                bound.append({"name": inp.name, "variation": keys})
                has_variation = True
                continue
            year = str(year_of(era))
            fitting = [k for k in inp.keys if len(inp.keys) == 1 or k.startswith(year)]
            if len(fitting) != 1:
                return None
            bound.append({"name": inp.name, "value": fitting[0]})
        else:  # int inputs (e.g. flavour) are not fed by these corrections
            return None
    return bound if has_variation else None


def _muon_binding(corr: CorrectionInfo, era: str) -> list[dict[str, Any]] | None:
    return _bind(corr, era, MUON_INPUTS)


def _pileup_binding(corr: CorrectionInfo, era: str) -> list[dict[str, Any]] | None:
    return _bind(corr, era, PILEUP_INPUTS)


def _electron_binding(
    corr: CorrectionInfo, era: str, working_point: str
) -> list[dict[str, Any]] | None:
    return _bind(corr, era, ELECTRON_INPUTS, {"workingpoint": working_point})


def _binds_a_working_point(corr: CorrectionInfo, era: str) -> bool:
    """An EGM electron SF entry the generated code can feed at one of its working points."""
    wp_input = corr.input("WorkingPoint")
    keys = wp_input.keys if wp_input is not None else ()
    return any(_electron_binding(corr, era, k) is not None for k in keys)


def electron_working_point(cuts: Sequence[tuple[str, str, Any]]) -> str | None:
    """The EGM WorkingPoint key of electron cuts (field, op, value): an MVA flag ``== True``
    (``mvaFall17V2Iso_WP80`` -> "wp80iso"), else the tightest ``cutBased >=`` level
    (``>= 4`` -> "Tight"); None: no ID working point."""
    for fld, op, value in cuts:
        if fld in ELECTRON_MVA_WPS and op == "==" and value is True:
            return ELECTRON_MVA_WPS[fld]
    levels = []
    for fld, op, value in cuts:
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if fld == "cutBased" and numeric and float(value).is_integer():
            level = {">=": int(value), ">": int(value) + 1, "==": int(value)}.get(op)
            if level in ELECTRON_CUT_BASED_WPS:
                levels.append(level)
    return ELECTRON_CUT_BASED_WPS[max(levels)] if levels else None


def electron_sf_entries(
    era: str, working_point: str | None, settings: Settings | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """(entries for the generated code, why not): the EGM ID scale factor of the era's files
    at ``working_point`` and, where the entry has them, the reconstruction SF of each pT range
    (an entry with ``pt_window`` [low, high), None: open, and its pT clamped into it)."""
    if working_point is None:
        return [], (
            "the electrons are selected without an ID working point (cutBased, or an MVA "
            "WP80/WP90 flag): the EGM scale factors are measured per working point"
        )
    infos = era_files(era, settings)
    command = f"`chathep corrections add {era} electron.json.gz`"
    if not infos:
        return [], (
            f"no correctionlib file is registered for era {era}, and no electron SF file ships "
            f"with ChatHEP (register the EGM JSON-POG file: {command})"
        )
    for info in infos:
        for c in info.corrections:
            if c.name not in ELECTRON_SF_NAMES:
                continue
            bound = _electron_binding(c, era, working_point)
            if bound is None:
                continue
            entries = [{"file": str(info.path), "correction": c.name, "inputs": bound}]
            wp_input = next(i for i in c.inputs if i.name.lower() == "workingpoint")
            for key, (low, high) in ELECTRON_RECO_WINDOWS.items():
                reco = _electron_binding(c, era, key) if key in wp_input.keys else None
                if reco is None:
                    continue
                for how in reco:
                    if how.get("from") == "pt" and "range" in how:
                        lo, hi = how["range"]
                        lo = lo if low is None else max(lo, low)
                        hi = hi if high is None else min(hi, math.nextafter(high, lo))
                        how["range"] = [lo, hi]
                entry = {"file": str(info.path), "correction": c.name, "inputs": reco}
                entries.append({**entry, "pt_window": [low, high]})
            return entries, None
    held = sorted(c.name for i in infos for c in i.corrections)
    return [], (
        f"the era {era} correctionlib files hold no {' or '.join(ELECTRON_SF_NAMES)} entry "
        f"with the working point {working_point} and inputs year, ValType, WorkingPoint, eta, "
        f"pt (they hold: {', '.join(held[:8])}{' ...' if len(held) > 8 else ''}; {command})"
    )


def _muon_sf_name(name: str) -> re.Match[str] | None:
    return re.fullmatch(
        r"NUM_(?P<num>\w+?)(?P<what>ID|RelIso|PFIso)_DEN_(?P<den>\w+?)(?:_abseta_pt|_eta_pt)?",
        name,
    )


def muon_working_points(cuts: Sequence[tuple[str, str, Any]]) -> tuple[str | None, str | None]:
    """(ID, isolation) working points in the POG's words from muon cuts (field, op, value).

    ``tightId == True`` -> "Tight"; ``pfRelIso04_all < 0.15`` -> "Tight", ``< 0.25`` ->
    "Loose" (the PF isolation working points of the muon POG).
    """
    wp_id = wp_iso = None
    for fld, op, value in cuts:
        if fld in MUON_ID_NAMES and op == "==" and value is True and wp_id is None:
            wp_id = MUON_ID_NAMES[fld]
        if fld == "pfRelIso04_all" and op in ("<", "<=") and isinstance(value, int | float):
            if value <= 0.15 + 1e-9:
                wp_iso = "Tight"
            elif value <= 0.25 + 1e-9:
                wp_iso = "Loose"
    return wp_id, wp_iso


def muon_sf_entries(
    era: str,
    wp_id: str | None,
    wp_iso: str | None,
    settings: Settings | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """(entries for the generated code, why not): the ID and isolation SFs of the era's files
    for these working points. An empty list comes with the reason."""
    if wp_id is None:
        return [], (
            "the muons are selected without an ID working point (tightId, mediumId, looseId): "
            "the muon POG scale factors are measured per working point"
        )
    infos = era_files(era, settings)
    if not infos:
        return [], (
            f"no correctionlib file is registered for era {era} "
            f"(`chathep corrections add {era} muon_Z.json`)"
        )
    wanted_id = [f"NUM_{wp_id}ID_DEN_TrackerMuons", f"NUM_{wp_id}ID_DEN_genTracks"]
    wanted_iso = []
    if wp_iso is not None:
        for kind in ("RelIso", "PFIso"):
            for den in (f"{wp_id}IDandIPCut", f"{wp_id}ID"):
                wanted_iso.append(f"NUM_{wp_iso}{kind}_DEN_{den}")
    entries: list[dict[str, Any]] = []
    for wanted in (wanted_id, wanted_iso):
        for name in wanted:
            found = _find(infos, name, _muon_binding, era)
            if found is not None:
                entries.append(found)
                break
    if not entries:
        looked = ", ".join(wanted_id + wanted_iso)
        held = sorted(c.name for i in infos for c in i.corrections)
        return [], (
            f"the era {era} correctionlib files hold no usable {looked} "
            f"(they hold: {', '.join(held[:8])}{' ...' if len(held) > 8 else ''})"
        )
    return entries, None


def pileup_entries(
    era: str, settings: Settings | None = None, extra: Sequence[Path] = ()
) -> tuple[list[dict[str, Any]], str | None]:
    """(the pileup weight entry, why not) from the era's registered files first, then the
    ``extra`` files (e.g. the puWeights.json the generator writes next to its samples):
    puWeights-style entries; with several, the one named ``*goldenJSON*``, else the first found
    (registered files before ``extra``). The reason starts with "no <era> pileup weights"."""
    registered = era_files(era, settings)
    infos = registered + [inspect_file(p, era) for p in extra if p.is_file()]
    candidates = []
    for info in infos:
        for c in info.corrections:
            bound = _pileup_binding(c, era)
            if bound is not None:
                candidates.append((info, c, bound))
    if not candidates:
        where = [f"the files registered for era {era}"] if registered else []
        where += [str(i.path) for i in infos[len(registered) :]]
        if where:
            inputs = "NumTrueInteractions and nominal/up/down"
            why = f"no entry with inputs {inputs} in {' or '.join(where)}"
        else:
            why = f"no correctionlib file is registered for era {era}"
        command = f"`chathep corrections add {era} puWeights.json`"
        return [], f"no {era} pileup weights: {why} ({command})"
    candidates.sort(key=lambda x: "goldenjson" not in x[1].name.lower())  # stable: file order
    info, corr, bound = candidates[0]
    return [{"file": str(info.path), "correction": corr.name, "inputs": bound}], None


def _find(infos: Sequence[FileInfo], name: str, binder: Any, era: str) -> dict[str, Any] | None:
    for info in infos:
        for c in info.corrections:
            if c.name == name or re.fullmatch(rf"{re.escape(name)}_(?:abseta|eta)_pt", c.name):
                bound = binder(c, era)
                if bound is not None:
                    return {"file": str(info.path), "correction": c.name, "inputs": bound}
    return None


#: Inputs a jet pT resolution entry may have (JME POG jet_jerc.json ``*_PtResolution_*``)
JER_RESOLUTION_INPUTS = {"jeteta", "jetpt", "rho"}


def _is_jer_resolution(corr: CorrectionInfo) -> bool:
    names = {i.name.lower() for i in corr.inputs}
    return (
        "ptresolution" in corr.name.lower()
        and {"jeteta", "jetpt"} <= names <= JER_RESOLUTION_INPUTS
        and all(i.type == "real" for i in corr.inputs)
    )


def jer_resolution_entry(
    era: str, settings: Settings | None = None, extra: Sequence[Path] = ()
) -> tuple[dict[str, Any] | None, str | None]:
    """(the jet pT resolution entry, why not) for the JER hybrid method: a ``*PtResolution*``
    entry (inputs JetEta, JetPt and optionally Rho, all real) of the era's registered files
    first, then of the ``extra`` files (the jer_resolution.json the generator writes next to
    its samples). The entry is ``{"file", "correction", "inputs": [input names in order]}``."""
    registered = era_files(era, settings)
    infos = registered + [inspect_file(p, era) for p in extra if p.is_file()]
    for info in infos:
        for c in info.corrections:
            if _is_jer_resolution(c):
                entry = {"file": str(info.path), "correction": c.name}
                return {**entry, "inputs": [i.name for i in c.inputs]}, None
    where = [f"the files registered for era {era}"] if registered else []
    where += [str(i.path) for i in infos[len(registered) :]]
    why = (
        f"no *PtResolution* entry (inputs JetEta, JetPt[, Rho]) in {' or '.join(where)}"
        if where
        else f"no correctionlib file with the jet pT resolution is registered for era {era}"
    )
    return None, f"{why} (`chathep corrections add {era} jet_jerc.json`)"
