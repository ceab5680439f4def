"""The dataset catalog (``knowledge_base/datasets.yaml``): samples, cross sections, luminosity.

MC normalisation in every analysis is ``xsec * lumi / sum_genweight``, with the numbers taken
from here, so the catalog is validated strictly and errors name the offending key.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from chathep.config import Settings
from chathep.data import DEMO_FILES, data_dir
from chathep.errors import CatalogError

KB_DIR = Path(__file__).resolve().parent.parent / "knowledge_base"
DEFAULT_CATALOG = KB_DIR / "datasets.yaml"


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
    files: list[str] = Field(min_length=1, description="File names in the data directory")
    treename: str = "Events"
    n_events: int = Field(ge=0, description="Events in the shipped files")
    # MC only
    xsec_pb: float | None = Field(None, gt=0, description="Cross section in pb")
    sum_genweight: float | None = Field(None, description="Sum of genWeight of the shipped files")
    # data only
    lumi_pb: float | None = Field(None, gt=0, description="Integrated luminosity in pb^-1")
    color: str | None = None
    aliases: list[str] = Field(default_factory=list, description="Words users call it by")
    signal: bool = Field(
        False, description="Signal process: drawn as a scaled line over the background stack"
    )

    @model_validator(mode="after")
    def _kind_fields(self) -> Sample:
        if self.kind == "mc" and (self.xsec_pb is None or self.sum_genweight is None):
            raise ValueError("an MC sample needs 'xsec_pb' and 'sum_genweight'")
        if self.kind == "mc" and self.sum_genweight == 0:
            raise ValueError("'sum_genweight' must not be zero")
        if self.kind == "data" and self.lumi_pb is None:
            raise ValueError("a data sample needs 'lumi_pb'")
        return self

    @property
    def is_data(self) -> bool:
        return self.kind == "data"

    def paths(self, settings: Settings | None = None) -> list[Path]:
        root = data_dir(settings)
        return [root / f for f in self.files]


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


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Read and validate a catalog file; errors name the bad key."""
    path = Path(path) if path is not None else DEFAULT_CATALOG
    try:
        raw = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise CatalogError(
            f"Dataset catalog {path} not found.", hint="Restore knowledge_base/datasets.yaml."
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path} is not valid YAML: {exc}", hint="Fix the syntax.") from None
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


@lru_cache(maxsize=4)
def default_catalog() -> Catalog:
    """The shipped catalog plus every generated catalog found in the data directory."""
    catalog = load_catalog()
    for extra in generated_catalogs():
        catalog = merge_catalogs(catalog, extra)
    return catalog
