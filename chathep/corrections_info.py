"""Which corrections apply to which sample, and the facts the generated code needs for them.

Decided at compile time from the catalog and the files themselves (era, data/MC, branches,
branch titles), so the generated code carries a per-sample record "applied" / "skipped: why"
and the result says exactly what was done. LHE/PS weight index orders are read from the branch
titles, never assumed: a file whose titles do not document the order gets the variation skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chathep.catalog import Sample
from chathep.config import Settings
from chathep.files import branches
from chathep.registry.corrections import ALWAYS_MC, BY_NAME, JER
from chathep.registry.eras import BTAG_FIELDS

if TYPE_CHECKING:  # annotations only: chathep.spec imports this module (no import cycle)
    from chathep.spec import AnalysisSpec

#: How JER is applied (the generated code's header says it; see the registry entry).
JER_METHOD = JER.method


@lru_cache(maxsize=64)
def _title(path: str, mtime: float, branch: str, treename: str) -> str:
    import uproot

    with uproot.open(path) as f:
        return str(f[treename][branch].title)


def branch_title(path: Path, branch: str, treename: str = "Events") -> str:
    """The ROOT title of a branch (NanoAOD documents weight index orders there)."""
    return _title(str(path), path.stat().st_mtime, branch, treename)


def scale_points(title: str) -> dict[int, tuple[float, float]]:
    """``{index: (muR, muF)}`` parsed from an LHEScaleWeight title (either name order)."""
    points = {}
    for m in re.finditer(
        r"\[(\d+)\] is (mu[RF])=\"?([\d.Ee+-]+)\"? (mu[RF])=\"?([\d.Ee+-]+)", title, re.I
    ):
        values = {m.group(2).lower(): float(m.group(3)), m.group(4).lower(): float(m.group(5))}
        points[int(m.group(1))] = (values["mur"], values["muf"])
    return points


def scale_envelope_indices(title: str) -> list[int] | None:
    """The 7 kept points: all muR, muF in {0.5, 1, 2} except (0.5, 2) and (2, 0.5)."""
    points = scale_points(title)
    kept = [i for i, (r, f) in sorted(points.items()) if {r, f} != {0.5, 2.0}]
    return kept if len(points) == 9 and len(kept) == 7 else None


def ps_indices(title: str) -> dict[str, int] | None:
    """Indices of ISR/FSR up/down (factor 2 / 0.5) parsed from a PSWeight title."""
    found: dict[str, int] = {}
    for m in re.finditer(r"\[(\d+)\] is ISR=([\d.]+) FSR=([\d.]+)", title):
        idx, isr, fsr = int(m.group(1)), float(m.group(2)), float(m.group(3))
        if fsr == 1.0 and isr in (2.0, 0.5):
            found["isr_up" if isr == 2.0 else "isr_down"] = idx
        elif isr == 1.0 and fsr in (2.0, 0.5):
            found["fsr_up" if fsr == 2.0 else "fsr_down"] = idx
    return found if len(found) == 4 else None


def pdf_set(title: str) -> tuple[int, int] | None:
    """First and last LHA ID named in an LHEPdfWeight title."""
    m = re.search(r"LHA IDs\s+(\d+)\s*-\s*(\d+)", title)
    return (int(m.group(1)), int(m.group(2))) if m else None


def btag_cuts(spec: AnalysisSpec) -> list[tuple[str, str]]:
    """(object name, working point) of every Jet object cut on a DeepJet working point."""
    return [
        (obj.name, str(cut.value))
        for obj in spec.objects
        if obj.source == "Jet"
        for cut in obj.cuts
        if cut.field in BTAG_FIELDS and isinstance(cut.value, str)
    ]


def resolve_corrections(
    spec: AnalysisSpec, samples: list[Sample], settings: Settings | None = None
) -> dict[str, dict[str, Any]]:
    """Per sample: ``applied`` (list), ``skipped`` ({name: why}) and ``details`` for the code."""
    requested = spec.requested_corrections()
    sources = spec.sources()
    out: dict[str, dict[str, Any]] = {}
    for sample in samples:
        local = sample.paths(settings)
        if not local:  # URLs only: the files are not opened before the run
            out[sample.name] = {
                "applied": [] if sample.is_data else list(ALWAYS_MC),
                "skipped": {
                    n: "remote files: their branches are not read beforehand" for n in requested
                },
                "details": {},
            }
            continue
        path = local[0]
        keys = branches(path, sample.treename)
        applied: list[str] = [] if sample.is_data else list(ALWAYS_MC)
        skipped: dict[str, str] = {}
        details: dict[str, Any] = {}
        for name in requested:
            why = _why_not(name, spec, sample, sources, keys)
            branch = BY_NAME[name].weight_branch
            if why is None and branch:
                why = _weight_details(branch, sample, path, details)
            if why is None and BY_NAME[name].beside_samples and not sample.is_data:
                why = _beside_details(name, sample, path, details)
            if why is None:
                applied.append(name)
            else:
                skipped[name] = why
        out[sample.name] = {"applied": applied, "skipped": skipped, "details": details}
    return out


def _why_not(
    name: str, spec: AnalysisSpec, sample: Sample, sources: set[str], keys: frozenset[str]
) -> str | None:
    """Why correction ``name`` does not apply to ``sample`` (None = it applies).

    Everything it checks is declared in :data:`chathep.registry.corrections.CORRECTIONS`.
    """
    corr = BY_NAME[name]
    if sample.is_data and not corr.on_data:
        return "data: simulation corrections and weights do not apply"
    why = corr.why_not_in_era(sample.era)
    if why is not None:
        return why
    if corr.collection and corr.collection not in sources:
        return f"the analysis uses no {corr.collection.lower()}s"
    if corr.needs_working_point and not btag_cuts(spec):
        return "no jet is selected with a DeepJet working point"
    if not sample.is_data:
        for branch, needed_for in corr.mc_branches:
            if branch not in keys:
                return f"no {branch} in the file" + (f" ({needed_for})" if needed_for else "")
    if corr.weight_branch and corr.weight_branch not in keys:
        return f"no {corr.weight_branch} branch in the file"
    return None


def _beside_details(name: str, sample: Sample, path: Path, details: dict[str, Any]) -> str | None:
    """The correction file that lies next to the sample's files (the generator writes it):
    its name relative to the data directory into ``details["<name>_file"]``."""
    corr = BY_NAME[name]
    file = str(corr.file)
    if not (path.parent / file).is_file():
        return (
            f"no {file} next to the sample's files ({path.parent}): samples generated before "
            "ChatHEP wrote it; generate them again with `chathep data generate`"
        )
    details[f"{name}_file"] = str(Path(sample.files[0]).parent / file)
    return None


def _weight_details(branch: str, sample: Sample, path: Path, details: dict[str, Any]) -> str | None:
    """Read the index order of generator-weight ``branch`` from its title into ``details``."""
    if branch == "LHEScaleWeight":
        title = branch_title(path, "LHEScaleWeight", sample.treename)
        kept = scale_envelope_indices(title)
        if kept is None:
            return (
                f"the LHEScaleWeight title ({title!r}) does not give the muR/muF order of "
                "9 points, so the envelope points cannot be identified"
            )
        details["scale_kept"] = kept
        details["scale_title"] = title
    elif branch == "LHEPdfWeight":
        title = branch_title(path, "LHEPdfWeight", sample.treename)
        ids = pdf_set(title)
        if ids != (91400, 91432):
            return (
                f"the LHEPdfWeight title ({title!r}) does not name LHA 91400-91432 "
                "(PDF4LHC15_nnlo_30_pdfas), the only set whose prescription is implemented"
            )
        details["pdf_title"] = title
    elif branch == "PSWeight":
        title = branch_title(path, "PSWeight", sample.treename)
        idx = ps_indices(title)
        if idx is None:
            return f"the PSWeight title ({title!r}) does not give the ISR/FSR index order"
        details["ps_index"] = idx
        details["ps_title"] = title
    return None
