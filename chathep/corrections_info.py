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

import numpy as np

from chathep.catalog import Sample
from chathep.config import Settings
from chathep.corrections_user import (
    electron_sf_entries,
    electron_working_point,
    jer_resolution_entry,
    muon_sf_entries,
    muon_working_points,
    pileup_entries,
)
from chathep.data import data_dir
from chathep.files import branches
from chathep.registry.corrections import (
    ALWAYS_MC,
    BY_NAME,
    ELECTRON_ECORR,
    ELECTRON_SF,
    ELECTRON_SS,
    ELECTRON_SS_UNC,
    ELECTRON_SS_UNCERTAINTIES,
    JER,
    JER_RESOLUTION_FILE,
    MUON_SF,
    TOP_PT,
    TOP_PT_A,
    TOP_PT_B,
    XSEC_UNC,
)
from chathep.registry.eras import BTAG_FIELDS, SIM13, run_of
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
    """Indices of ISR/FSR up/down parsed from a PSWeight title; "up" is MORE radiation.

    CMS names the variation with more radiation (Pythia's ``isr:muRfac = 0.5``, ``isrDefHi``)
    "ISR up", and NanoAOD stores it first: [0] ISR up, [1] FSR up, [2] ISR down, [3] FSR down.
    The doc string's numbers changed meaning between NanoAOD versions, not the storage order:
    before v9 they were the factor on the shower scale muR ("[0] is ISR=0.5 FSR=1", as in the
    2018 DY file and the sim13 generator's), from v9 on the factor on the radiation ("[0] is
    ISR=2 FSR=1"). So the title is checked for the CMS layout and read by position.
    """
    entries: dict[int, tuple[float, float]] = {
        int(m.group(1)): (float(m.group(2)), float(m.group(3)))
        for m in re.finditer(r"\[(\d+)\] is ISR=([\d.]+) FSR=([\d.]+)", title)
    }
    # the CMS layout: [0]/[2] ISR, [1]/[3] FSR, [0] and [2] (and [1] and [3]) reciprocal factors
    if sorted(entries) != [0, 1, 2, 3]:
        return None
    (i0, f0), (i1, f1), (i2, f2), (i3, f3) = (entries[k] for k in range(4))
    if not (f0 == f2 == i1 == i3 == 1.0 and {i0, i2} == {0.5, 2.0} and {f1, f3} == {0.5, 2.0}):
        return None
    return {"isr_up": 0, "fsr_up": 1, "isr_down": 2, "fsr_down": 3}


def generator_sums(sample: Sample, paths: list[Path], branch: str) -> list[float] | None:
    """sum(genWeight x ``branch``[i]) / sum(genWeight) over all events of the sample's files.

    From the Runs tree (``PSSumw``, ``LHEScaleSumw``: per file, divided by its genEventSumw)
    where its genEventSumw, summed over the files, is the catalog's sum_genweight (the Runs
    tree describes these files); otherwise from the events themselves (the CMS extracts'
    Runs trees describe the original files, and the catalog normalises with the sum over the
    shipped events), or whose sums are not means of weight ratios (far from 1). Dividing a
    variation weight by it keeps the inclusive normalisation.
    None: neither gives it (no such branch).
    """
    runs = [_runs_sums(str(p), p.stat().st_mtime, branch) for p in paths]
    total = sum(r[0] for r in runs if r is not None)
    describes_these = bool(sample.sum_genweight) and abs(
        total - (sample.sum_genweight or 0.0)
    ) <= 1e-6 * abs(sample.sum_genweight or 0.0)
    if runs and all(r is not None for r in runs) and describes_these:
        sums = np.asarray(sum(np.asarray(r[1]) for r in runs if r is not None)) / total
        # a mean of w_var / w_nominal is near 1; older NanoAOD wrote other numbers there (the
        # 2018 DY extract's LHEScaleSumw_ is 43 at the nominal point): then use the events
        if np.all((sums > 0.1) & (sums < 10.0)):
            return [float(x) for x in sums]
    ev = [_event_sums(str(p), p.stat().st_mtime, branch, sample.treename) for p in paths]
    if any(e is None for e in ev) or not ev:
        return None
    sumw = sum(e[0] for e in ev if e is not None)
    sums = sum(np.asarray(e[1]) for e in ev if e is not None)
    return [float(x) for x in np.asarray(sums) / sumw] if sumw else None


@lru_cache(maxsize=64)
def _runs_sums(path: str, mtime: float, branch: str) -> tuple[float, tuple[float, ...]] | None:
    """(sum genEventSumw, per-index weighted mean of ``branch``'s Sumw) of one file's Runs."""
    import uproot

    stem = branch.removesuffix("Weight") + "Sumw"  # PSWeight -> PSSumw, LHEScaleWeight -> ...
    with uproot.open(path) as f:
        if "Runs" not in f:
            return None
        tree = f["Runs"]
        names = {n.rstrip("_"): n for n in tree.keys(recursive=False)}
        if stem not in names or "genEventSumw" not in names:
            return None
        arr = tree.arrays([names[stem], names["genEventSumw"]], library="np")
    sumw = arr[names["genEventSumw"]].astype(np.float64)
    per_run = np.stack([np.asarray(v, dtype=np.float64) for v in arr[names[stem]]])
    if sumw.sum() == 0:
        return None
    return float(sumw.sum()), tuple(float(x) for x in (per_run * sumw[:, None]).sum(axis=0))


@lru_cache(maxsize=64)
def _event_sums(
    path: str, mtime: float, branch: str, treename: str
) -> tuple[float, tuple[float, ...]] | None:
    """(sum genWeight, sum genWeight x ``branch``[i]) over the events of one file."""
    import awkward as ak
    import uproot

    with uproot.open(path) as f:
        tree = f[treename]
        if branch not in tree.keys(recursive=False):
            return None
        arr = tree.arrays(["genWeight", branch], library="ak")
    gw = ak.to_numpy(arr["genWeight"]).astype(np.float64)
    w = ak.to_numpy(ak.fill_none(ak.pad_none(arr[branch], 1, axis=1), 1.0)).astype(np.float64)
    if len(set(ak.to_numpy(ak.num(arr[branch], axis=1)).tolist())) > 1:
        return None  # not a fixed number of variations
    return float(gw.sum()), tuple(float(x) for x in (gw[:, None] * w).sum(axis=0))


def top_pt_sf(pt: np.ndarray) -> np.ndarray:
    """SF(pT) = exp(A + B pT) of one top quark (registry: TOP_PT_A, TOP_PT_B)."""
    return np.exp(TOP_PT_A + TOP_PT_B * pt)


def top_pt_means(sample: Sample, paths: list[Path]) -> list[float] | None:
    """genWeight-weighted means over all events of (w, w^2), w = sqrt(SF(t) SF(tbar)) of the
    last-copy top quarks: what the nominal and the "twice" weights are divided by. None: an
    event without exactly one last-copy t and tbar."""
    sums = [_top_pt_sums(str(p), p.stat().st_mtime, sample.treename) for p in paths]
    if any(s is None for s in sums) or not sums:
        return None
    sumw = sum(s[0] for s in sums if s is not None)
    return [sum(s[k] for s in sums if s is not None) / sumw for k in (1, 2)] if sumw else None


@lru_cache(maxsize=64)
def _top_pt_sums(path: str, mtime: float, treename: str) -> tuple[float, float, float] | None:
    import awkward as ak
    import uproot

    with uproot.open(path) as f:
        arr = f[treename].arrays(
            ["genWeight", "GenPart_pt", "GenPart_pdgId", "GenPart_statusFlags"], library="ak"
        )
    last = (arr["GenPart_statusFlags"] & (1 << 13)) != 0
    pt = arr["GenPart_pt"]
    top = pt[last & (arr["GenPart_pdgId"] == 6)]
    antitop = pt[last & (arr["GenPart_pdgId"] == -6)]
    if ak.any(ak.num(top) != 1) or ak.any(ak.num(antitop) != 1):
        return None
    w = np.sqrt(top_pt_sf(ak.to_numpy(top[:, 0])) * top_pt_sf(ak.to_numpy(antitop[:, 0])))
    gw = ak.to_numpy(arr["genWeight"]).astype(np.float64)
    return float(gw.sum()), float((gw * w).sum()), float((gw * w * w).sum())


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


def electron_scale_shifts_zero(path: Path, sample: Sample) -> bool:
    """True when every Electron_dEscaleUp/Down of the file is zero."""
    return _scale_shifts_zero(str(path), path.stat().st_mtime, sample.treename)


@lru_cache(maxsize=64)
def _scale_shifts_zero(path: str, mtime: float, treename: str) -> bool:
    import awkward as ak
    import uproot

    with uproot.open(path) as f:
        arr = f[treename].arrays(["Electron_dEscaleUp", "Electron_dEscaleDown"], library="ak")
    return all(not ak.any(arr[field] != 0) for field in arr.fields)


def electron_sf_object(spec: AnalysisSpec) -> str | None:
    """The electron collection the electron scale factors apply to: the first object made
    from Electron."""
    return next((o.name for o in spec.objects if o.source == "Electron" and not o.merge), None)


def electron_ss_record(sample: Sample, keys: frozenset[str], path: Path | None = None) -> str:
    """What the sample's file says about the EGM electron energy scale and smearing.

    ChatHEP applies neither (recipes/electron_scale_smearing.md): the reason says whether
    Electron_pt already holds them, from the fields the file has, and what is not done.
    ``path``: the sample's first file, read to tell whether its scale shifts are all zero.
    """
    uncertainties = [k for k in ELECTRON_SS_UNCERTAINTIES if k in keys]
    if len(uncertainties) == len(ELECTRON_SS_UNCERTAINTIES):
        text = (
            "already in the NanoAOD Electron_pt: the file has Electron_dEscaleUp/Down and "
            "Electron_dEsigmaUp/Down (UL NanoAOD v9: Electron_pt is the calibrated momentum, "
            "the EGM scale applied to data and the smearing to simulation); their "
            f"uncertainties are the correction {ELECTRON_SS_UNC.name} (EleScaleUp/Down, "
            "EleSmearUp/Down)"
        )
        if path is not None and not sample.is_data and electron_scale_shifts_zero(path, sample):
            text += (
                "; this file's Electron_dEscaleUp/Down are all zero (NanoAOD v9 simulation: a "
                "known production problem, the EGM scale-uncertainty JSON is needed), so "
                "EleScaleUp/Down equal the nominal and the band has no electron energy-scale "
                "term"
            )
        return text + " (recipes/electron_scale_smearing.md)"
    if ELECTRON_ECORR in keys:
        return (
            f"already in the NanoAOD Electron_pt: the file has {ELECTRON_ECORR} (calibrated "
            "over uncalibrated energy, pre-UL NanoAOD: the EGM scale applied to data and the "
            "smearing to simulation); its uncertainty is not in the file (Electron_dEscale"
            "Up/Down and Electron_dEsigmaUp/Down exist from UL NanoAOD v9 on), so the band has "
            "no electron energy-scale term (recipes/electron_scale_smearing.md)"
        )
    if run_of(sample.era) == "Run 3":
        return (
            f"not applied: the file has no {ELECTRON_ECORR}, and Run 3 NanoAOD does not "
            "calibrate Electron_pt (the EGM scale for data and smearing for simulation come as "
            "correctionlib JSON, POG/EGM/<era>/electronSS*.json, which ChatHEP does not apply "
            "yet), so these electrons have the uncorrected energy scale and resolution "
            "(recipes/electron_scale_smearing.md)"
        )
    return (
        f"not applied: the file has neither {ELECTRON_ECORR} nor Electron_dEscaleUp/Down, so "
        "it does not show whether Electron_pt is calibrated, and ChatHEP applies no EGM scale "
        "or smearing itself (recipes/electron_scale_smearing.md)"
    )


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
    if name == ELECTRON_SF.name:
        electrons = electron_sf_object(spec)
        if electrons is None:
            return (
                "no electron collection is selected (merged lepton collections are not supported)"
            )
        obj = next(o for o in spec.objects if o.name == electrons)
        wp = electron_working_point([(c.field, c.op, c.value) for c in obj.cuts])
        entries, why = electron_sf_entries(sample.era, wp, settings)
    elif name == MUON_SF.name:
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
            if why is None and name == ELECTRON_SS.name:
                why = electron_ss_record(sample, keys, path)
            branch = BY_NAME[name].weight_branch
            if why is None and branch:
                why = _weight_details(branch, sample, path, details)
                if why is None:
                    why = _weight_sums(branch, sample, local, details)
            if why is None and name == TOP_PT.name:
                means = top_pt_means(sample, local)
                if means is None:
                    why = "not every event has one last-copy top and antitop quark in GenPart"
                else:
                    details["top_pt_means"] = means
            if why is None and name == XSEC_UNC.name:
                details["xsec_uncertainty"] = list(sample.xsec_uncertainty or ())
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
    if why is None and not sample.is_data:
        why = corr.why_not_for_process(sample.process)
    if why is not None:
        return why
    if corr.catalog_field and getattr(sample, corr.catalog_field) is None:
        return f"its catalog entry states no {corr.catalog_field}"
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


#: The Sumw key of each generator-weight branch whose variations are normalised with it.
_SUMS = {"LHEScaleWeight": "scale_sumw", "PSWeight": "ps_sumw"}


def _weight_sums(
    branch: str, sample: Sample, paths: list[Path], details: dict[str, Any]
) -> str | None:
    """Put the normalisation sums of ``branch`` into ``details`` (recipes: theory_scale,
    parton_shower): a variation divided by them keeps the inclusive cross section."""
    if branch not in _SUMS:
        return None
    sums = generator_sums(sample, paths, branch)
    if sums is None or not all(np.isfinite(sums)) or min(sums) <= 0:
        return (
            f"the sums of genWeight x {branch} over the generated events cannot be formed "
            "(no Sumw in the Runs tree and a varying number of weights per event), so the "
            "variation cannot be normalised to the inclusive cross section"
        )
    details[_SUMS[branch]] = sums
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
