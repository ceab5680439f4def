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
from typing import Any

from chathep.catalog import Sample
from chathep.config import Settings
from chathep.corrections_user import (
    jer_resolution_entry,
    muon_sf_entries,
    muon_working_points,
    pileup_entries,
)
from chathep.data import data_dir
from chathep.files import branches
from chathep.registry.corrections import ALWAYS_MC, BY_NAME, JER, JER_RESOLUTION_FILE, MUON_SF
from chathep.registry.eras import BTAG_FIELDS, SIM13
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


def muon_sf_object(spec: AnalysisSpec) -> str | None:
    """The muon collection the muon scale factors apply to: the first object made from Muon."""
    return next((o.name for o in spec.objects if o.source == "Muon" and not o.merge), None)


def _correctionlib_details(
    name: str,
    spec: AnalysisSpec,
    sample: Sample,
    path: Path,
    details: dict[str, Any],
    settings: Settings | None,
) -> str | None:
    """Find the correctionlib entries for correction ``name`` (into ``details``): in the files
    registered for the sample's era, and for a ``beside_samples`` correction also in its file
    next to the sample's files (``path``: the first one)."""
    if name == MUON_SF.name:
        muons = muon_sf_object(spec)
        if muons is None:
            return "no muon collection is selected (merged lepton collections are not supported)"
        obj = next(o for o in spec.objects if o.name == muons)
        wp_id, wp_iso = muon_working_points([(c.field, c.op, c.value) for c in obj.cuts])
        entries, why = muon_sf_entries(sample.era, wp_id, wp_iso, settings)
    else:
        corr = BY_NAME[name]
        beside = path.parent / str(corr.file)
        extra = [beside] if corr.beside_samples and beside.is_file() else []
        entries, why = pileup_entries(sample.era, settings, extra=extra)
        if why is not None and corr.beside_samples and not extra:
            folder = _data_relative_name(path.parent, settings)
            why += f", and no {corr.file} next to the sample's files"
            why += f" ({folder})" if folder != "." else ""
            if sample.era == SIM13:
                why += (
                    ": samples generated before ChatHEP wrote it; generate them again with "
                    "`chathep data generate`"
                )
        if extra:
            entries = [_data_relative(e, beside, settings) for e in entries]
    if why is None:
        details.setdefault("correctionlib", {})[name] = entries
    return why


def _data_relative_name(path: Path, settings: Settings | None) -> str:
    """``path`` named relative to the data directory when it lies there, else in full."""
    try:
        return str(path.relative_to(data_dir(settings)))
    except ValueError:
        return str(path)


def _data_relative(entry: dict[str, Any], file: Path, settings: Settings | None) -> dict[str, Any]:
    """``entry`` with its file named relative to the data directory when it is ``file`` and
    lies there (the generated code joins it to its data directory, as it does the samples')."""
    if entry["file"] != str(file.resolve()):
        return entry
    return {**entry, "file": _data_relative_name(file, settings)}


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
            if why is None and BY_NAME[name].correctionlib:
                why = _correctionlib_details(name, spec, sample, path, details, settings)
            if why is None and name == JER.name:
                _jer_details(sample, path, keys, details, settings)
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


#: The method record of a sample with a jet pT resolution (else "scaling only: why")
JER_HYBRID = "hybrid"


def _jer_details(
    sample: Sample,
    path: Path,
    keys: frozenset[str],
    details: dict[str, Any],
    settings: Settings | None,
) -> None:
    """The JER method of a sample into ``details``: ``jer_resolution`` (the correctionlib
    entry of the jet pT resolution, or None) and ``jer_method`` ("hybrid", or "scaling only:
    why", when no resolution is known for the era or a branch it needs is missing)."""
    beside = path.parent / JER_RESOLUTION_FILE
    entry, why = jer_resolution_entry(sample.era, settings, extra=[beside])
    if entry is not None:
        uses_rho = any(i.lower() == "rho" for i in entry["inputs"])
        if uses_rho and "fixedGridRhoFastjetAll" not in keys:
            entry, why = None, "no fixedGridRhoFastjetAll in the file (the resolution's Rho)"
    if entry is not None and Path(entry["file"]) == beside.resolve():
        entry = _data_relative(entry, beside, settings)
    if entry is None and sample.era == SIM13 and not beside.is_file():
        why = (
            f"{why}; the generator writes {JER_RESOLUTION_FILE} next to the samples: these "
            "were generated before it did, generate them again with `chathep data generate`"
        )
    details["jer_resolution"] = entry
    details["jer_method"] = (
        JER_HYBRID
        if entry is not None
        else f"scaling only (Delta R-matched jets; unmatched jets keep their pT): {why}"
    )


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
