"""The dataset catalog: samples, cross sections, luminosity.

Three sources are merged by :func:`default_catalog`:

- the shipped catalog, ``knowledge_base/datasets.yaml`` (the CMS demo extracts);
- generated catalogs, ``<data_dir>/<sub>/catalog.yaml`` (``chathep data generate``);
- the **user catalog**, ``<data_dir>/user_catalog.yaml`` (:data:`USER_CATALOG_NAME`): the
  user's own files, written by ``chathep datasets add`` (:mod:`chathep.datasets`). Its files are
  absolute paths or URLs, and its names may not shadow a shipped or generated sample.

MC normalisation in every analysis is ``xsec * eff * lumi / sum_genweight`` (``eff``: the
filter efficiency of a filtered sample, else 1), with the numbers taken from here, so the
catalog is validated strictly and errors name the offending key.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chathep.config import Settings, get_settings
from chathep.data import DEMO_FILES, data_dir
from chathep.errors import CatalogError
from chathep.registry import streams as streams_registry

KB_DIR = Path(__file__).resolve().parent.parent / "knowledge_base"
DEFAULT_CATALOG = KB_DIR / "datasets.yaml"
#: The user catalog, in the data directory (``CHATHEP_DATA_DIR``): see :func:`user_catalog_path`.
USER_CATALOG_NAME = "user_catalog.yaml"
#: Branches coffea's NanoAODSchema needs for sub-run identification (unless told otherwise).
EVENT_ID_BRANCHES = ("run", "luminosityBlock", "event")


def is_url(location: str) -> bool:
    """A location uproot opens remotely (``root://``, ``https://``, ``s3://``, ``file://``...)."""
    scheme, sep, _ = location.partition("://")
    return bool(sep) and scheme.isidentifier()


def is_remote(location: str) -> bool:
    """A URL read over the network (``root://``, ``https://``, ``s3://``; not ``file://``)."""
    return is_url(location) and not location.startswith("file://")


class Skim(BaseModel):
    """What a filtered or skimmed sample holds: events outside it were never written.

    The numbers are the loosest requirements of the skim (pT in GeV): an analysis that asks
    for fewer leptons or jets, or lower thresholds, selects outside it
    (:func:`chathep.skims.skim_notes`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str
    min_leptons: int = Field(0, ge=0, description="electrons + muons")
    lepton_pt: float = Field(0.0, ge=0)
    min_jets: int = Field(0, ge=0)
    jet_pt: float = Field(0.0, ge=0)
    jet_abs_eta: float | None = Field(None, gt=0)


class Sample(BaseModel):
    """One sample: a set of NanoAOD files of one process (or one data stream)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    kind: Literal["data", "mc"]
    process: str = Field(description="Physics process, e.g. 'DY', 'ttbar', 'data'")
    label: str = Field(description="Legend label, e.g. r'Drell-Yan $\\to\\ell\\ell$'")
    description: str = ""
    era: str
    sqrt_s_tev: float = Field(gt=0)
    files: list[str] = Field(
        min_length=1,
        description="File names in the data directory, absolute paths (user catalog) or URLs",
    )
    treename: str = "Events"
    n_events: int = Field(ge=0, description="Events in the shipped files")
    event_ids: bool | None = Field(
        None,
        description="The files have run/luminosityBlock/event (None: look in the files)",
    )
    # MC only
    xsec_pb: float | None = Field(None, gt=0, description="Cross section in pb")
    sum_genweight: float | None = Field(None, description="Sum of genWeight of the shipped files")
    xsec_lo_pb: float | None = Field(
        None, gt=0, description="The generator's leading-order cross section, for the record"
    )
    xsec_order: str | None = Field(None, description="Perturbative order of xsec_pb")
    xsec_uncertainty: tuple[float, float] | None = Field(
        None, description="Relative (up, down) uncertainty of xsec_pb, both >= 0"
    )
    xsec_source: str | None = Field(None, description="Where xsec_pb comes from")
    # data only
    lumi_pb: float | None = Field(
        None, gt=0, description="Integrated luminosity in pb^-1 (an explicit null: unknown)"
    )
    lumi_uncertainty: float | None = Field(
        None, ge=0, description="Relative uncertainty of lumi_pb (None: not stated)"
    )
    stream: str | None = Field(
        None,
        description="Data: the primary dataset (trigger stream), e.g. DoubleMuon; its objects "
        "are declared in chathep.registry.streams",
    )
    color: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Words users call it by")
    signal: bool = Field(
        False, description="Signal process: drawn as a scaled line over the background stack"
    )
    # filtered / skimmed samples (chathep data generate --preset)
    skim: Skim | None = Field(None, description="Generator filter / skim of the files")
    n_generated: int | None = Field(None, ge=0, description="Events generated before the skim")
    filter_efficiency: float | None = Field(
        None, gt=0, le=1, description="MC: events written / generated; multiplies xsec_pb"
    )
    filter_efficiency_err: float | None = Field(None, ge=0)
    effective_lumi_pb: float | None = Field(
        None, gt=0, description="MC: events generated / xsec_pb (the sample's luminosity)"
    )

    @model_validator(mode="after")
    def _kind_fields(self) -> Sample:
        if self.kind == "mc" and (self.xsec_pb is None or self.sum_genweight is None):
            raise ValueError("an MC sample needs 'xsec_pb' and 'sum_genweight'")
        if self.xsec_uncertainty is not None and min(self.xsec_uncertainty) < 0:
            raise ValueError("'xsec_uncertainty' must be two relative uncertainties >= 0")
        if self.kind == "mc" and self.sum_genweight == 0:
            raise ValueError("'sum_genweight' must not be zero")
        if self.kind == "data" and "lumi_pb" not in self.model_fields_set:
            raise ValueError("a data sample needs 'lumi_pb' (null when it is unknown)")
        if self.stream is not None and self.stream not in streams_registry.STREAMS:
            known = ", ".join(streams_registry.STREAMS)
            raise ValueError(f"unknown stream {self.stream!r} (known: {known})")
        return self

    @property
    def is_data(self) -> bool:
        return self.kind == "data"

    @property
    def xsec_eff_pb(self) -> float | None:
        """The cross section the files hold: ``xsec_pb`` x ``filter_efficiency`` (if any)."""
        if self.xsec_pb is None:
            return None
        return self.xsec_pb * (self.filter_efficiency or 1.0)

    def paths(self, settings: Settings | None = None) -> list[Path]:
        """Local files (data-dir relative names resolved; absolute paths kept; ``file://``
        URLs as paths; no remote URLs)."""
        root = data_dir(settings)
        return [
            Path(unquote(urlparse(f).path)) if f.startswith("file://") else root / f
            for f in self.files
            if not is_remote(f)
        ]

    def locations(self, settings: Settings | None = None) -> list[str]:
        """Every file as uproot opens it: local paths as strings, URLs unchanged."""
        root = data_dir(settings)
        return [f if is_url(f) else str(root / f) for f in self.files]

    def has_event_ids(self, settings: Settings | None = None) -> bool:
        """Whether the files have run/luminosityBlock/event (NanoAODSchema requires them).

        Taken from the catalog entry when recorded (``chathep datasets add`` does), otherwise
        from the branches of the first local file.
        """
        if self.event_ids is not None:
            return self.event_ids
        local = self.paths(settings)
        if not local:
            return True
        from chathep.files import branches

        keys = branches(local[0], self.treename)
        return all(b in keys for b in EVENT_ID_BRANCHES)


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid")

    samples: dict[str, Sample]

    def __iter__(self) -> Iterator[Sample]:  # type: ignore[override]
        return iter(self.samples.values())

    def __getitem__(self, name: str) -> Sample:
        try:
            return self.samples[name]
        except KeyError:
            raise CatalogError(
                f"Unknown sample {name!r}.",
                hint=f"Known samples: {', '.join(self.samples)} (see `chathep datasets`).",
            ) from None

    def data(self, era: str | None = None) -> list[Sample]:
        return [s for s in self if s.is_data and (era is None or s.era == era)]

    def mc(self, era: str | None = None) -> list[Sample]:
        return [s for s in self if not s.is_data and (era is None or s.era == era)]

    def lumi_pb(self, samples: list[Sample]) -> float:
        """Integrated luminosity of the data samples among ``samples`` (summed)."""
        data = [s for s in samples if s.is_data] or self.data(samples[0].era if samples else None)
        if not data:
            raise CatalogError(
                "No data sample to take the luminosity from.",
                hint="Add a data sample to the request or the catalog.",
            )
        return sum(s.lumi_pb or 0.0 for s in data)


def _format_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_catalog(path: Path | str | None = None, *, user: bool = False) -> Catalog:
    """Read and validate a catalog file; errors name the bad key.

    ``user=True`` reads the user catalog: absolute paths and URLs instead of data-dir names
    (their contents were checked by ``chathep datasets add``), and an empty file is fine.
    """
    path = Path(path) if path is not None else DEFAULT_CATALOG
    try:
        raw = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise CatalogError(
            f"Dataset catalog {path} not found.", hint="Restore knowledge_base/datasets.yaml."
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path} is not valid YAML: {exc}", hint="Fix the syntax.") from None
    if user and (raw is None or (isinstance(raw, dict) and raw.get("samples") is None)):
        return Catalog(samples={})
    if not isinstance(raw, dict) or not isinstance(raw.get("samples"), dict):
        raise CatalogError(
            f"{path} must have a top-level 'samples' mapping of name -> sample.",
            hint="See knowledge_base/datasets.yaml for the format.",
        )
    entries = {}
    for name, body in raw["samples"].items():
        if not isinstance(body, dict):
            raise CatalogError(f"{path}: samples.{name} must be a mapping.", hint="Fix the entry.")
        entries[name] = {"name": name, **body}
    try:
        catalog = Catalog.model_validate({"samples": entries})
    except ValidationError as exc:
        problems = "; ".join(
            f"{_format_loc(tuple(err['loc']))}: {err['msg']}" for err in exc.errors()
        )
        raise CatalogError(
            f"{path} is malformed: {problems}",
            hint="Fix the named key(s); every sample needs name, kind, process, label, era, "
            "sqrt_s_tev, files and n_events.",
        ) from None
    for sample in catalog:
        if user:
            relative = [f for f in sample.files if not (is_url(f) or Path(f).is_absolute())]
            if relative:
                raise CatalogError(
                    f"{path}: samples.{sample.name}.files: {relative} are not absolute paths "
                    "or URLs.",
                    hint="Register files with `chathep datasets add NAME PATH...`.",
                )
            continue
        unknown = [f for f in sample.files if f not in DEMO_FILES and Path(f).suffix != ".root"]
        if unknown:
            raise CatalogError(
                f"{path}: samples.{sample.name}.files: {unknown} are not ROOT files.",
                hint="List NanoAOD .root files.",
            )
    return catalog


def generated_catalogs(settings: Settings | None = None) -> list[Path]:
    """Catalogs written by ``chathep data generate`` into sub-directories of the data dir."""
    root = data_dir(settings)
    return sorted(root.glob("*/catalog.yaml")) if root.is_dir() else []


def merge_catalogs(base: Catalog, extra: Path) -> Catalog:
    """Add the samples of a generated catalog; its file names become data-dir relative."""
    sub = extra.parent.name
    merged = dict(base.samples)
    for sample in load_catalog(extra):
        if sample.name in merged:
            raise CatalogError(
                f"{extra}: sample {sample.name!r} is already in the catalog.",
                hint="Rename the generated sample or remove the duplicate catalog.",
            )
        merged[sample.name] = sample.model_copy(
            update={"files": [f"{sub}/{f}" for f in sample.files]}
        )
    return Catalog(samples=merged)


def user_catalog_path(settings: Settings | None = None) -> Path:
    """The user catalog: ``<data_dir>/user_catalog.yaml`` (``CHATHEP_DATA_DIR`` moves it)."""
    return data_dir(settings) / USER_CATALOG_NAME


def load_user_catalog(settings: Settings | None = None) -> Catalog:
    """The samples registered with ``chathep datasets add`` (empty when there are none)."""
    path = user_catalog_path(settings)
    return load_catalog(path, user=True) if path.is_file() else Catalog(samples={})


def merge_user_catalog(base: Catalog, extra: Path) -> Catalog:
    """Add the samples of the user catalog ``extra``; a name may not shadow a built-in one."""
    merged = dict(base.samples)
    for sample in load_catalog(extra, user=True):
        if sample.name in merged:
            raise CatalogError(
                f"{extra}: sample {sample.name!r} is already a built-in or generated sample.",
                hint=f"Rename it: `chathep datasets remove {sample.name}`, then add it again "
                "under another name.",
            )
        merged[sample.name] = sample
    return Catalog(samples=merged)


_Stamp = tuple[str, int, int, int]


def _stamp(path: Path) -> _Stamp:
    """A file's version: (path, mtime, size, inode); mtime -1 when it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return str(path), -1, 0, 0
    return str(path), st.st_mtime_ns, st.st_size, st.st_ino


@lru_cache(maxsize=4)
def _merged_catalog(generated: tuple[_Stamp, ...], user: _Stamp) -> Catalog:
    catalog = load_catalog()
    for stamp in generated:
        catalog = merge_catalogs(catalog, Path(stamp[0]))
    if user[1] >= 0:
        catalog = merge_user_catalog(catalog, Path(user[0]))
    return catalog


def default_catalog(settings: Settings | None = None) -> Catalog:
    """The shipped catalog, every generated catalog in the data directory and the user catalog.

    Cached per version of those files: a sample added by ``chathep datasets add`` (in this
    process or another one) is seen by the next call.
    """
    settings = settings or get_settings()
    generated = tuple(_stamp(p) for p in generated_catalogs(settings))
    return _merged_catalog(generated, _stamp(user_catalog_path(settings)))


default_catalog.cache_clear = _merged_catalog.cache_clear  # type: ignore[attr-defined]
