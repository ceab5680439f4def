"""Write ``catalog.yaml`` for generated samples in the format of ``knowledge_base/datasets.yaml``.

The file is written by hand (not ``yaml.dump``) so every number carries a comment saying where
it comes from; values are JSON-quoted scalars, which YAML reads back exactly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chathep.generate.filters import filter_efficiency
from chathep.generate.processes import Normalisation, Process
from chathep.registry.eras import ERAS, SIM13

ERA = SIM13
SQRT_S_TEV = ERAS[SIM13].sqrt_s_tev
#: Relative luminosity uncertainty stated for the pseudo-data: their luminosity is exact by
#: construction, but an analysis must not use what only the generator knows, so the 2018 CMS
#: value stands in (2.5 %, CMS-PAS-LUM-18-002; the conditions sim13 imitates)
LUMI_UNCERTAINTY = 0.025


def _yaml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    return json.dumps(value)


def write_catalog(
    out_dir: Path,
    procs: list[Process],
    by_proc: dict[str, list[dict[str, Any]]],
    norms: dict[str, Normalisation],
    data_entry: dict[str, Any] | None,
    *,
    sample_name: Callable[[Process], str],
    skims: dict[str, dict[str, Any] | None] | None = None,
    preset: str | None = None,
) -> list[dict[str, Any]]:
    """Write ``out_dir/catalog.yaml``; return the entries (name plus catalog fields).

    ``skims``: per process, the ``skim`` mapping of its generator filter / skim (None: not
    filtered); a filtered sample records its filter efficiency (events written / generated),
    which multiplies ``xsec_pb`` in the normalisation, and its effective luminosity.
    """
    skims = skims or {}
    left_out: list[str] = []
    entries: list[dict[str, Any]] = []
    lines = [
        "# ChatHEP generated samples: Pythia 8.317 (Monash tune, MPI as configured) at 13 TeV with",
        "# the parametric detector response of knowledge_base/recipes/detector_response.md,",
        "# written by chathep.generate.generate_samples. Files are relative to this directory.",
        "# Cross sections (xsec_pb) are the recommended (N)NLO values of the generated final",
        "# state at 13 TeV, with their order, relative uncertainty and source",
        "# (knowledge_base/recipes/cross_sections.md); Pythia's leading-order sigmaGen() is kept",
        "# as xsec_lo_pb for the record. Pseudo-data, when generated, are drawn with xsec_pb.",
        *(
            [f"# Generated with the preset {preset!r} (chathep data generate --preset {preset})."]
            if preset
            else []
        ),
        "samples:",
    ]
    sliced = {p.slice_of: p for p in procs if p.slice_of is not None}
    for proc in procs:
        rs = sorted(by_proc[proc.name], key=lambda r: r["path"])
        name = sample_name(proc)
        description = proc.description
        if proc.name in sliced:
            description += (
                f" Stitched with {sample_name(sliced[proc.name])}: this sample holds only the "
                "hard processes without an incoming b quark (its cross section is theirs)."
            )
        n = sum(r["n_events"] for r in rs)
        sumw = sum(r["sumw"] for r in rs)
        if n == 0 and skims.get(proc.name) is not None:  # nothing passed: no sample to analyse
            tried = sum(r.get("n_tried", 0) for r in rs)
            left_out.append(f"# {name} left out: none of its {tried} events passed the skim.")
            continue
        err = (sum((r["xsec_err_pb"] * r["n_accepted"]) ** 2 for r in rs)) ** 0.5 / max(
            1, sum(r["n_accepted"] for r in rs)
        )
        entry = {
            "kind": "mc",
            "process": proc.catalog_process,
            "label": proc.label,
            "description": description + " Pythia 8 + parametric detector, NanoAOD schema.",
            "era": ERA,
            "sqrt_s_tev": SQRT_S_TEV,
            "files": [Path(r["path"]).name for r in rs],
            "n_events": n,
            "sum_genweight": sumw,
            "xsec_pb": norms[proc.name].pb,
            "xsec_lo_pb": norms[proc.name].lo_pb,
            "xsec_order": norms[proc.name].order,
            "xsec_uncertainty": list(norms[proc.name].uncertainty),
            "xsec_source": norms[proc.name].source,
            "color": proc.color,
            "aliases": list(proc.aliases),
        }
        if proc.is_signal:  # plots overlay it as a scaled line instead of stacking it
            entry["signal"] = True
        tried = sum(r.get("n_tried", r["n_events"]) for r in rs)
        if skims.get(proc.name) is not None:
            eff, eff_err = filter_efficiency(n, tried)
            entry["n_generated"] = tried
            entry["filter_efficiency"] = eff
            entry["filter_efficiency_err"] = eff_err
            entry["skim"] = skims[proc.name]
        entry["effective_lumi_pb"] = tried / norms[proc.name].pb
        entries.append({"name": name, **entry})
        lines.append(f"  {name}:")
        for key, value in entry.items():
            comment = ""
            if key == "xsec_lo_pb":
                comment = f"  # Pythia 8 sigmaGen() (LO), stat. uncertainty {err:.3g} pb"
                if proc.slice_of is not None or proc.name in sliced:
                    comment += ", of the hard processes kept by the incoming-b selection"
            elif key == "xsec_pb":
                comment = "  # recommended cross section (xsec_order, xsec_source)"
            elif key == "xsec_uncertainty":
                comment = "  # relative (up, down): scale and PDF+alpha_s in quadrature"
            elif key == "sum_genweight":
                comment = "  # sum of genWeight = Runs genEventSumw summed over the files"
            elif key == "filter_efficiency":
                comment = (
                    "  # events written / generated (generator filter + skim); "
                    "sigma_eff = xsec_pb x filter_efficiency"
                )
            elif key == "effective_lumi_pb":
                comment = "  # events generated / (xsec_pb); every genWeight is 1"
            lines.append(f"    {key}: {_yaml_value(value)}{comment}")
    if data_entry is not None:
        comp = ", ".join(f"{k} {v}" for k, v in data_entry["composition"].items())
        entry = {
            "kind": "data",
            "process": "data",
            "label": "Pseudo-data",
            "description": (
                "Pseudo-data: the simulated processes at L = lumi_pb, Poisson(sigma x L) events "
                f"each ({comp}), other seeds, mixed and shuffled. Documented mismodelling: muon "
                "momentum scale and pileup profile (knowledge_base/recipes/"
                "muon_scale_pseudodata.md). No QCD multijet or other missing processes."
            ),
            "era": ERA,
            "sqrt_s_tev": SQRT_S_TEV,
            "files": data_entry["files"],
            "n_events": data_entry["n_events"],
            "lumi_pb": data_entry["lumi_pb"],
            "lumi_uncertainty": LUMI_UNCERTAINTY,
            "aliases": ["data", "pseudo-data", "pseudodata", "sim13 data"],
        }
        data_skims = [s for s in skims.values() if s is not None]
        if data_skims:
            entry["n_generated"] = data_entry.get("n_generated", data_entry["n_events"])
            entry["skim"] = data_skims[0]
            entry["description"] += (
                f" Skimmed: {data_skims[0]['description']}; "
                f"{entry['n_events']} of {entry['n_generated']} generated events kept."
            )
        entries.append({"name": "data_sim13", **entry})
        lines.append("  data_sim13:")
        for key, value in entry.items():
            comment = {
                "lumi_pb": "  # by construction: the expected event count of each process is "
                "sigma x L",
                "lumi_uncertainty": "  # relative; stands in: the 2018 CMS value "
                "(CMS-PAS-LUM-18-002)",
            }.get(key, "")
            lines.append(f"    {key}: {_yaml_value(value)}{comment}")
    samples_at = lines.index("samples:")
    lines[samples_at:samples_at] = left_out
    (out_dir / "catalog.yaml").write_text("\n".join(lines) + "\n")
    return entries
