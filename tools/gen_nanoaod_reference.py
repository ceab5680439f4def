"""Generate knowledge_base/nanoaod/<Collection>.md from the branches of the demo NanoAOD files.

The branch titles in NanoAOD files are the doc strings written by the NanoAOD producer, so the
reference is exactly what is in the samples ChatHEP ships, with the sample(s) each branch is in.
The NanoAODv12 extract (nano_tt_v12.root) was re-written without doc strings (its titles are
ROOT leaf lists such as ``Muon_pt/F``); for branches only that file has, a short description
from the NanoAODv12 documentation is used where one is listed below, else it says so.

Run: ``python tools/gen_nanoaod_reference.py [--out knowledge_base/nanoaod]``
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

import uproot

from chathep.catalog import default_catalog
from chathep.data import demo_file

OUT = Path(__file__).resolve().parent.parent / "knowledge_base" / "nanoaod"
FILES = ("nano_dimuon.root", "nano_dy.root", "nano_tt_v12.root")
#: Collections of boolean bits with one shared doc string, listed compactly by sample.
COMPACT = ("HLT", "L1")
#: Short labels for the per-branch "In:" notes (full sample names are given once per page).
SHORT = {
    "nano_dimuon.root": "2018 data",
    "nano_dy.root": "2018 DY",
    "nano_tt_v12.root": "2022 ttbar",
}
_WEIGHTS = re.compile(
    r"^(genWeight|LHEWeight_\w+|LHE(Pdf|Scale|Reweighting)Weight|PSWeight|btagWeight_\w+)$"
)
_LEAFLIST = re.compile(r"^[A-Za-z0-9_]+/[A-Za-z]$")

#: Descriptions of NanoAODv12-only branches (from the NanoAODv12 documentation), used because
#: the shipped v12 extract has lost its doc strings.
V12_DOCS: dict[str, str] = {
    "Jet_btagPNetB": "ParticleNet b vs. udscg",
    "Jet_btagPNetCvB": "ParticleNet c vs. b",
    "Jet_btagPNetCvL": "ParticleNet c vs. udsg",
    "Jet_btagPNetQvG": "ParticleNet q (udsbc) vs. g",
    "Jet_btagPNetTauVJet": "ParticleNet tau vs. jet",
    "Jet_btagRobustParTAK4B": "RobustParTAK4 b+bb+lepb tag discriminator",
    "Jet_btagRobustParTAK4CvB": "RobustParTAK4 c vs. b+bb+lepb discriminator",
    "Jet_btagRobustParTAK4CvL": "RobustParTAK4 c vs. uds+g discriminator",
    "Jet_btagRobustParTAK4QG": "RobustParTAK4 g vs. uds discriminator",
    "Jet_btagDeepFlavCvB": "DeepJet c vs. b+bb+lepb discriminator",
    "Jet_btagDeepFlavCvL": "DeepJet c vs. uds+g discriminator",
    "Jet_btagDeepFlavQG": "DeepJet g vs. uds discriminator",
    "Jet_PNetRegPtRawCorr": "ParticleNet universal flavor-aware visible pT regression "
    "(no neutrinos), correction relative to raw jet pT",
    "Jet_PNetRegPtRawCorrNeutrino": "ParticleNet universal flavor-aware pT regression neutrino "
    "correction, relative to visible; multiply by PNetRegPtRawCorr and raw pT",
    "Jet_PNetRegPtRawRes": "ParticleNet universal flavor-aware jet pT resolution estimator "
    "(q84 - q16)/2",
    "Jet_nSVs": "number of secondary vertices in the jet",
    "Jet_svIdx1": "index of first matching secondary vertex",
    "Jet_svIdx2": "index of second matching secondary vertex",
    "Muon_mvaMuID": "MVA-based muon ID score",
    "Muon_mvaMuID_WP": "MVA-based muon ID selection: 0 = not passing, 1 = MvaIDwpMedium, "
    "2 = MvaIDwpTight",
    "Muon_bsConstrainedPt": "pT with beam-spot constraint",
    "Muon_bsConstrainedPtErr": "pT error with beam-spot constraint",
    "Muon_bsConstrainedChi2": "chi2 of the beam-spot constraint",
    "Muon_dxybs": "dxy (with sign) with respect to the beam spot, in cm",
    "Muon_highPurity": "inner track is high purity",
    "Muon_isStandalone": "muon is a standalone muon",
    "Muon_puppiIsoId": "PUPPI isolation working point: 0 = fail, 1 = loose, 2 = medium, 3 = tight",
    "Muon_svIdx": "index of the matching secondary vertex",
    "Muon_jetNDauCharged": "number of charged daughters of the closest jet",
    "Electron_mvaIso": "MVA Iso ID score, Winter22V1",
    "Electron_mvaIso_WP80": "MVA Iso ID WP80, Winter22V1",
    "Electron_mvaIso_WP90": "MVA Iso ID WP90, Winter22V1",
    "Electron_mvaNoIso": "MVA noIso ID score, Winter22V1",
    "Electron_mvaNoIso_WP80": "MVA noIso ID WP80, Winter22V1",
    "Electron_mvaNoIso_WP90": "MVA noIso ID WP90, Winter22V1",
    "Electron_mvaHZZIso": "HZZ MVA Iso ID score",
    "Electron_fsrPhotonIdx": "index of the lowest-dR/ET2 among associated FSR photons",
    "Electron_svIdx": "index of the matching secondary vertex",
    "Electron_scEtOverPt": "(supercluster transverse energy) / pt - 1",
    "Electron_jetNDauCharged": "number of charged daughters of the closest jet",
    "Rho_fixedGridRhoAll": "rho from all PF candidates, used e.g. for JECs",
    "Rho_fixedGridRhoFastjetAll": "rho from all PF candidates, used e.g. for JECs",
    "Rho_fixedGridRhoFastjetCentral": "rho from all PF candidates in the central region, "
    "used e.g. for JECs",
    "Rho_fixedGridRhoFastjetCentralCalo": "rho from calo towers with |eta| < 2.5, used e.g. "
    "for egamma PFCluster isolation",
    "Rho_fixedGridRhoFastjetCentralChargedPileUp": "rho from charged PF candidates for "
    "central region, used e.g. for JECs",
    "Rho_fixedGridRhoFastjetCentralNeutral": "rho from neutral PF candidates with |eta| < 2.5, "
    "used e.g. for rho corrections of some lepton isolations",
    "RawPuppiMET_pt": "raw (uncorrected) PUPPI MET pt",
    "RawPuppiMET_phi": "raw (uncorrected) PUPPI MET phi",
    "RawPuppiMET_sumEt": "raw (uncorrected) PUPPI scalar sum of Et",
    "DeepMETResolutionTune_pt": "DeepMET resolution-tune pt",
    "DeepMETResolutionTune_phi": "DeepMET resolution-tune phi",
    "DeepMETResponseTune_pt": "DeepMET response-tune pt",
    "DeepMETResponseTune_phi": "DeepMET response-tune phi",
    "Flag_BadPFMuonDzFilter": "Trigger/flag bit (process: PAT or RECO): bad PF muon dz filter",
    "Flag_hfNoisyHitsFilter": "Trigger/flag bit (process: PAT or RECO): HF noisy hits filter",
    "bunchCrossing": "bunch crossing number",
    "LHE_AlphaS": "Per-event alpha_s",
    "MET_sumPtUnclustered": "sumPt used for MET unclustered energy uncertainty",
}


def collection_of(branch: str) -> str | None:
    """Page a branch belongs to; None for the per-branch counters of the v12 extract."""
    if _WEIGHTS.match(branch) or (branch.startswith("n") and _WEIGHTS.match(branch[1:])):
        return "Weights"
    if re.match(r"^n[A-Z]\w*_\w+$", branch):  # nMuon_pt: counter artifact of the v12 extract
        return None
    if re.match(r"^n[A-Z]\w*$", branch):
        return branch[1:]
    if "_" in branch:
        return branch.split("_", 1)[0]
    if branch.startswith("HLTrigger"):
        return "HLT"
    return "Event"


def coffea_access(branch: str, collection: str) -> str:
    """How the branch is read with coffea's NanoAODSchema."""
    if collection in ("Event", "Weights") or not branch.startswith(collection + "_"):
        if re.match(r"^n[A-Z]", branch) and collection not in ("Event", "Weights"):
            return f"ak.num(events.{collection})"
        return f"events.{branch}"
    return f"events.{collection}.{branch[len(collection) + 1 :]}"


def read_files() -> tuple[dict[str, dict[str, tuple[str, str]]], dict[str, str]]:
    """branch -> {file: (typename, doc)} and file -> sample name."""
    out: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    catalog = default_catalog()
    sample_of = {f: s.name for s in catalog for f in s.files}
    for name in FILES:
        with uproot.open(demo_file(name)) as handle:
            tree = handle["Events"]
            names = tree.keys()
            for branch in names:
                out[branch][name] = (tree[branch].typename, tree[branch].title)
    return out, sample_of


def _doc(per_file: dict[str, tuple[str, str]], branch: str) -> str:
    for _, (_, title) in sorted(per_file.items()):
        if title and not _LEAFLIST.match(title):
            return title
    if branch in V12_DOCS:
        return V12_DOCS[branch] + " (from the NanoAODv12 documentation)"
    return "(no doc string in the shipped files)"


def _samples_note(files: set[str], sample_of: dict[str, str]) -> str:
    return ", ".join(f"{sample_of.get(f, f)} ({f})" for f in FILES if f in files)


def _era(files: set[str]) -> str:
    eras = {"2022" if f == "nano_tt_v12.root" else "2018" for f in files}
    return eras.pop() if len(eras) == 1 else "any"


def render(collection: str, rows: dict[str, dict[str, tuple[str, str]]], sample_of) -> str:
    files = {f for per in rows.values() for f in per}
    counter = rows.get(f"n{collection}")
    intro = _doc(counter, f"n{collection}") if counter else ""
    tags = ["nanoaod", collection, "branches"]
    lines = [
        "---",
        f"title: NanoAOD {collection} branches",
        "kind: nanoaod",
        f"era: '{_era(files)}'",
        f"tags: [{', '.join(tags)}]",
        "source: Branch titles (doc strings) of the Events tree in "
        + ", ".join(sorted(files))
        + "; CMS NanoAOD documentation (cms-nanoAOD.github.io); generated by "
        "tools/gen_nanoaod_reference.py",
        "---",
        "",
        f"# NanoAOD {collection}",
        "",
    ]
    if collection == "Event":
        lines.append("Event-level scalars (one value per event) in the demo samples.")
    elif collection == "Weights":
        lines.append(
            "Generator-level event weights (MC only). `genWeight` normalises MC; the LHE scale, "
            "PDF and parton-shower arrays give theory variations (see knowledge_base/recipes/)."
        )
    elif collection in ("HLT", "L1", "Flag"):
        kind = {"HLT": "HLT trigger path", "L1": "L1 seed", "Flag": "MET filter / event flag"}
        lines.append(
            f"One boolean per event for each {kind[collection]}: "
            f"`events.{collection}.<name>` in coffea."
        )
    elif counter:
        lines.append(f"Collection: {intro}. Counter branch `n{collection}` (objects per event).")
    else:
        lines.append(f"Branches with prefix `{collection}_`.")
    lines += ["", f"Present in: {_samples_note(files, sample_of)}.", ""]
    if "nano_tt_v12.root" in files and len(files) > 1:
        lines += [
            "Descriptions are the doc strings of the 2018 files wherever a branch exists there "
            "too (the v12 extract has none). Definitions can differ in Run 3 NanoAODv12: `Jet` "
            "is AK4 PUPPI (not CHS), and the electron IDs are the Run 3 (Winter22) tunes.",
            "",
        ]
    if any(f == "nano_tt_v12.root" for f in files) and counter:
        lines += [
            "In the NanoAODv12 extract (nano_tt_v12.root) every jagged branch also has its own "
            f"counter (`n{collection}_<branch>`), an artifact of how the extract was written; "
            f"they equal `n{collection}` and are not listed.",
            "",
        ]
    if collection in COMPACT:
        return "\n".join(lines + _compact_listing(rows)) + "\n"
    lines += ["## Branches", ""]
    for branch in sorted(rows, key=str.lower):
        per = rows[branch]
        typename = next(iter(per.values()))[0]
        where = ", ".join(SHORT[f] for f in FILES if f in per)
        lines.append(
            f"- `{branch}` ({typename}): {_doc(per, branch)}. "
            f"coffea: `{coffea_access(branch, collection)}`. In: {where}."
        )
    return "\n".join(lines) + "\n"


def _compact_listing(rows: dict[str, dict[str, tuple[str, str]]]) -> list[str]:
    """Trigger bits all share one doc string: list the names grouped by the files having them."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for branch in rows:
        groups[tuple(f for f in FILES if f in rows[branch])].append(branch)
    out: list[str] = []
    for files, names in sorted(groups.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        where = ", ".join(SHORT[f] for f in files)
        out += [f"## In {where} ({len(names)})", ""]
        out.append(", ".join(f"`{n}`" for n in sorted(names, key=str.lower)) + ".")
        out.append("")
    return out


def render_runs() -> str:
    with uproot.open(demo_file("nano_dy.root")) as handle:
        runs = handle["Runs"]
        names = runs.keys()
        rows = [f"- `{b}` ({runs[b].typename}): {runs[b].title}." for b in names]
    return "\n".join(
        [
            "---",
            "title: NanoAOD Runs tree (generator sums)",
            "kind: nanoaod",
            "era: '2018'",
            "tags: [nanoaod, Runs, genEventSumw, normalisation]",
            "source: Runs tree of nano_dy.root and nano_dimuon.root; generated by "
            "tools/gen_nanoaod_reference.py",
            "---",
            "",
            "# NanoAOD Runs tree",
            "",
            "One entry per run (per processed job). For MC, `genEventSumw` summed over all "
            "entries of all files of a dataset is the sum of generator weights of *all generated* "
            "events, the denominator of the MC normalisation xsec * lumi / sum(genWeight). "
            "The 2018 extracts (nano_dimuon.root, nano_dy.root) have a Runs tree, but its sums "
            "describe the full original files, not the 40 shipped events; nano_tt_v12.root has "
            "no Runs tree. ChatHEP therefore normalises with the sum of `genWeight` over the "
            "shipped events (datasets.yaml, `sum_genweight`). The trailing underscore "
            "(`genEventSumw_`) is the pre-NanoAODv7 naming used in these 2018 files.",
            "",
            "## Branches",
            "",
            *rows,
            "",
        ]
    )


def main(out: Path = OUT) -> list[Path]:
    branches, sample_of = read_files()
    pages: dict[str, dict[str, dict[str, tuple[str, str]]]] = defaultdict(dict)
    for branch, per in branches.items():
        collection = collection_of(branch)
        if collection is not None:
            pages[collection][branch] = per
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for collection, rows in sorted(pages.items()):
        path = out / f"{collection}.md"
        path.write_text(render(collection, rows, sample_of))
        written.append(path)
    runs = out / "Runs.md"
    runs.write_text(render_runs())
    written.append(runs)
    index = [
        "---",
        "title: NanoAOD collections in the demo samples",
        "kind: nanoaod",
        "era: any",
        "tags: [nanoaod, collections, index]",
        "source: generated by tools/gen_nanoaod_reference.py from the demo files",
        "---",
        "",
        "# NanoAOD collections in the demo samples",
        "",
        "| Collection | Branches | " + " | ".join(FILES) + " |",
        "|---|---|" + "---|" * len(FILES),
    ]
    for collection, rows in sorted(pages.items()):
        have = ["yes" if any(f in per for per in rows.values()) else "-" for f in FILES]
        cells = " | ".join(have)
        index.append(f"| [{collection}]({collection}.md) | {len(rows)} | {cells} |")
    (out / "README.md").write_text("\n".join(index) + "\n")
    written.append(out / "README.md")
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    for path in main(args.out):
        print(path)
