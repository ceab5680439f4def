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
from chathep.spec import BTAG_FIELDS, AnalysisSpec, branches

#: Always applied to MC (never to data); listed first in "applied".
ALWAYS_MC = ("normalisation", "genWeight")
ERA_2018 = "2018"
#: The generated samples (chathep.generate). Their pseudo-data were built with the central 2018
#: JER and DeepJet scale factors (chathep/generate/mismodel.py), so those 2018 files correct the
#: sim13 simulation as they would 2018 CMS simulation; the other 2018 files describe the CMS
#: detector, not the parametric one (knowledge_base/recipes/detector_response.md, Caveats).
ERA_SIM13 = "sim13"
SIM13_SKIPPED = {
    "rochester": "RoccoR2018 describes the CMS muon scale, not the sim13 detector (the sim13 "
    "pseudo-data muon scale is documented in recipes/muon_scale_pseudodata.md)",
    "rochester_unc": "RoccoR2018 describes the CMS muon scale, not the sim13 detector",
    "jec": "the Autumn18_V8 JES uncertainties describe CMS jets; sim13 jets are calibrated by "
    "construction (response 1, recipes/detector_response.md) and the pseudo-data have no JES shift",
}
JER_METHOD = (
    "scaling method only, for jets with a generator match (Jet.genJetIdx, i.e. NanoAOD's "
    "DeltaR < 0.4 match); the |pT - genpT| < 3 sigma_JER requirement and the stochastic "
    "smearing of unmatched jets need the Autumn18 PtResolution file, which does not ship, so "
    "unmatched jets keep their pT. Jet momentum changes are propagated to the PF MET (type-1 "
    "style, jets above 15 GeV); PuppiMET is left unchanged."
)


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
        path = sample.paths(settings)[0]
        keys = branches(path, sample.treename)
        applied: list[str] = [] if sample.is_data else list(ALWAYS_MC)
        skipped: dict[str, str] = {}
        details: dict[str, Any] = {}
        for name in requested:
            why = _why_not(name, spec, sample, sources, keys)
            if why is None and name in ("theory_scale", "theory_pdf", "parton_shower"):
                why = _weight_details(name, sample, path, details)
            if why is None:
                applied.append(name)
            else:
                skipped[name] = why
        out[sample.name] = {"applied": applied, "skipped": skipped, "details": details}
    return out


def _why_not(
    name: str, spec: AnalysisSpec, sample: Sample, sources: set[str], keys: frozenset[str]
) -> str | None:
    """Why correction ``name`` does not apply to ``sample`` (None = it applies)."""
    if sample.is_data and name != "rochester":
        return "data: simulation corrections and weights do not apply"
    era_bound = {"rochester": "RoccoR2018", "jer": "Autumn18_V7 JER SF", "jec": "Autumn18_V8"}
    era_bound["rochester_unc"] = "RoccoR2018"
    era_bound["btag_sf"] = "DeepJet_102XSF (2018)"
    if name in era_bound and sample.era == ERA_SIM13 and name in SIM13_SKIPPED:
        return SIM13_SKIPPED[name]
    if name in era_bound and sample.era not in (ERA_2018, ERA_SIM13):
        return f"{era_bound[name]} is for the 2018 era; this sample is era {sample.era}"
    if name in ("rochester", "rochester_unc"):
        if "Muon" not in sources:
            return "the analysis uses no muons"
        if not sample.is_data and "Muon_genPartIdx" not in keys:
            return "no Muon_genPartIdx in the file (needed to choose kSpreadMC vs kSmearMC)"
    if name in ("jer", "jec") and "Jet" not in sources:
        return "the analysis uses no jets"
    if name == "jer" and "Jet_genJetIdx" not in keys:
        return "no Jet_genJetIdx in the file (the scaling method needs gen-matched jets)"
    if name == "btag_sf":
        if not btag_cuts(spec):
            return "no jet is selected with a DeepJet working point"
        if "Jet_hadronFlavour" not in keys:
            return "no Jet_hadronFlavour in the file"
    branch = {
        "theory_scale": "LHEScaleWeight",
        "theory_pdf": "LHEPdfWeight",
        "parton_shower": "PSWeight",
    }.get(name)
    if branch and branch not in keys:
        return f"no {branch} branch in the file"
    return None


def _weight_details(name: str, sample: Sample, path: Path, details: dict[str, Any]) -> str | None:
    if name == "theory_scale":
        title = branch_title(path, "LHEScaleWeight", sample.treename)
        kept = scale_envelope_indices(title)
        if kept is None:
            return (
                f"the LHEScaleWeight title ({title!r}) does not give the muR/muF order of "
                "9 points, so the envelope points cannot be identified"
            )
        details["scale_kept"] = kept
        details["scale_title"] = title
    elif name == "theory_pdf":
        title = branch_title(path, "LHEPdfWeight", sample.treename)
        ids = pdf_set(title)
        if ids != (91400, 91432):
            return (
                f"the LHEPdfWeight title ({title!r}) does not name LHA 91400-91432 "
                "(PDF4LHC15_nnlo_30_pdfas), the only set whose prescription is implemented"
            )
        details["pdf_title"] = title
    elif name == "parton_shower":
        title = branch_title(path, "PSWeight", sample.treename)
        idx = ps_indices(title)
        if idx is None:
            return f"the PSWeight title ({title!r}) does not give the ISR/FSR index order"
        details["ps_index"] = idx
        details["ps_title"] = title
    return None
