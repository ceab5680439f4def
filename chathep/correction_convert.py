"""The shipped 2018 legacy correction text files as one correctionlib JSON, made once.

    python tools/convert_corrections.py [--data-dir DIR] [--out FILE]

(or :func:`ensure_converted`, which ``chathep data fetch`` and the compiler call: the generated
code reads this JSON with ``correctionlib.CorrectionSet.from_file``.)

Reads, from the data directory (``chathep data fetch`` puts them there; they are never
committed):

- ``Autumn18_V7_MC_SF_AK4PFchs.jersf.txt.gz``: JER scale factors in (eta, pT) bins ->
  correction ``Autumn18_V7_MC_ScaleFactor_AK4PFchs`` (inputs JetEta, JetPt, systematic =
  nom/up/down);
- ``Autumn18_V8_MC_UncertaintySources_AK4PFchs.junc.txt``: the 52 JES uncertainty sources ->
  one correction per source ``Autumn18_V8_MC_<source>_AK4PFchs`` (inputs JetEta, JetPt,
  direction = up/down; output: the relative uncertainty, the variation is pT x (1 +- it));
- ``DeepJet_102XSF_WP_V1.btag.csv.gz``: DeepJet fixed-working-point SFs -> one correction per
  measurement type ``deepJet_<type>`` (inputs systematic, working_point = L/M/T, flavor =
  hadronFlavour 0/4/5, abseta, pt), as the JSON-POG btagging.json names them;

and writes one CorrectionSet, ``<data dir>/corrections_2018_converted.json.gz`` by default.

The JSON reproduces coffea's own lookups of the text files (tests/test_convert_corrections.py
compares them on a grid): bins out of range take the nearest bin ("clamp"); the JES
uncertainty is interpolated linearly in pT between the file's points and constant beyond them
(coffea.lookup_tools.jec_uncertainty_lookup); the b-tag formulas are evaluated at pT clamped
into the file's pT range, and a (flavour, |eta|, pT) cell the file does not cover gets 1
(coffea.btag_tools.BTagScaleFactor with ignore_missing=True).

RoccoR2018 (Rochester) is not converted: its kSpreadMC/kSmearMC corrections need the generator
pT, a random number and the number of tracker layers in per-muon fitted functions, which
correctionlib's node types do not express; it stays a coffea text lookup.
"""

from __future__ import annotations

import gzip
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import correctionlib.schemav2 as cs
import numpy as np

JER_FILE = "Autumn18_V7_MC_SF_AK4PFchs.jersf.txt.gz"
JEC_FILE = "Autumn18_V8_MC_UncertaintySources_AK4PFchs.junc.txt"
BTAG_FILE = "DeepJet_102XSF_WP_V1.btag.csv.gz"
OUT_NAME = "corrections_2018_converted.json.gz"
JER_NAME = "Autumn18_V7_MC_ScaleFactor_AK4PFchs"
BTAG_WP = {0: "L", 1: "M", 2: "T"}
BTAG_FLAVOUR = {0: 5, 1: 4, 2: 0}  # BTV jetFlavor -> hadronFlavour


def _lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as handle:
        return [line.rstrip("\n") for line in handle]


def _f32(value: float) -> float:
    """The float32 value of a text-file number, as a float.

    coffea's JME lookups hold the text files' bin edges in float32, and NanoAOD's eta and pT
    are float32: an edge written as float32 puts a jet at exactly an edge (eta = -0.4f) in the
    same bin as coffea does.
    """
    return float(np.float32(value))


def _edges(pairs: list[tuple[float, float]]) -> list[float]:
    """Contiguous bin edges (float32 values) from (low, high) pairs in order (checked to touch)."""
    edges = [pairs[0][0]]
    for lo, hi in pairs:
        if not math.isclose(lo, edges[-1]):
            raise ValueError(f"bins are not contiguous at {edges[-1]} / {lo}")
        edges.append(hi)
    return [_f32(e) for e in edges]


# --- JER scale factors -----------------------------------------------------------------------


def jer_correction(path: Path) -> cs.Correction:
    """JER SF: category systematic -> binning JetEta -> binning JetPt (per eta bin)."""
    rows = [line.split() for line in _lines(path)[1:] if line.strip()]
    by_eta: dict[tuple[float, float], list[tuple[float, float, list[float]]]] = {}
    for row in rows:
        eta_lo, eta_hi, pt_lo, pt_hi = map(float, row[:4])
        n = int(row[4])
        values = [float(v) for v in row[5 : 5 + n]]  # central, down, up (file order)
        by_eta.setdefault((eta_lo, eta_hi), []).append((pt_lo, pt_hi, values))
    eta_bins = list(by_eta)
    eta_edges = _edges(eta_bins)

    def tree(column: int) -> cs.Binning:
        content = []
        for key in eta_bins:
            pts = by_eta[key]
            content.append(
                cs.Binning(
                    nodetype="binning",
                    input="JetPt",
                    edges=_edges([(lo, hi) for lo, hi, _ in pts]),
                    content=[values[column] for _, _, values in pts],
                    flow="clamp",
                )
            )
        return cs.Binning(
            nodetype="binning", input="JetEta", edges=eta_edges, content=content, flow="clamp"
        )

    return cs.Correction(
        name=JER_NAME,
        description=f"JER scale factors converted from {path.name} (coffea jersf lookup)",
        version=1,
        inputs=[
            cs.Variable(name="JetEta", type="real", description="jet eta"),
            cs.Variable(name="JetPt", type="real", description="jet pT (GeV)"),
            cs.Variable(name="systematic", type="string", description="nom, up or down"),
        ],
        output=cs.Variable(name="scale_factor", type="real", description="JER SF"),
        data=cs.Category(
            nodetype="category",
            input="systematic",
            content=[
                cs.CategoryItem(key=key, value=tree(column))
                for key, column in (("nom", 0), ("up", 2), ("down", 1))
            ],
        ),
    )


# --- JES uncertainty sources -----------------------------------------------------------------


#: The line between two points of the uncertainty table: [0] + [1] * (pT - [2])
LINE = cs.Formula(
    nodetype="formula", expression="[0]+[1]*(x-[2])", parser="TFormula", variables=["JetPt"]
)


def _interpolation(knots: list[float], values: list[float]) -> cs.Binning:
    """Linear interpolation in JetPt between the knots, constant beyond them."""
    content: list[Any] = [values[0]]
    for i in range(len(knots) - 1):
        slope = (values[i + 1] - values[i]) / (knots[i + 1] - knots[i])
        content.append(
            cs.FormulaRef(nodetype="formularef", index=0, parameters=[values[i], slope, knots[i]])
        )
    content.append(values[-1])
    return cs.Binning(
        nodetype="binning",
        input="JetPt",
        edges=["-inf", *knots, "inf"],
        content=content,
        flow="clamp",
    )


def jec_source_corrections(path: Path) -> list[cs.Correction]:
    """One correction per [source] section: relative uncertainty, up or down."""
    sections: dict[str, list[list[float]]] = {}
    current = None
    for line in _lines(path):
        if line.startswith("["):
            current = line.strip()[1:-1]
            sections[current] = []
        elif current and line.strip() and not line.startswith(("{", "#")):
            sections[current].append([float(v) for v in line.split()])
    prefix, suffix = "Autumn18_V8_MC", "AK4PFchs"
    out = []
    for source, rows in sections.items():
        eta_edges = _edges([(r[0], r[1]) for r in rows])
        trees = {}
        for direction, offset in (("up", 1), ("down", 2)):
            content = []
            for r in rows:
                points = r[3:]
                knots = points[0::3]
                content.append(_interpolation(knots, points[offset::3]))
            trees[direction] = cs.Binning(
                nodetype="binning",
                input="JetEta",
                edges=eta_edges,
                content=content,
                flow="clamp",
            )
        out.append(
            cs.Correction(
                name=f"{prefix}_{source}_{suffix}",
                description=f"JES uncertainty source {source} converted from {path.name}; "
                "the varied pT is pT x (1 + up) or pT x (1 - down)",
                version=1,
                inputs=[
                    cs.Variable(name="JetEta", type="real", description="jet eta"),
                    cs.Variable(name="JetPt", type="real", description="jet pT (GeV)"),
                    cs.Variable(name="direction", type="string", description="up or down"),
                ],
                output=cs.Variable(name="uncertainty", type="real", description="relative"),
                generic_formulas=[LINE],
                data=cs.Category(
                    nodetype="category",
                    input="direction",
                    content=[cs.CategoryItem(key=k, value=v) for k, v in trees.items()],
                ),
            )
        )
    return out


# --- DeepJet fixed working points -----------------------------------------------------------


def _btag_rows(path: Path) -> list[dict[str, Any]]:
    lines = _lines(path)
    rows = []
    for line in lines[1:]:
        if not line.strip():
            continue
        head, _, formula = line.partition('"')
        fields = [f.strip() for f in head.split(",")][:10]
        rows.append(
            {
                "wp": int(fields[0]),
                "method": fields[1],
                "syst": fields[2],
                "flavour": int(fields[3]),
                "eta": (float(fields[4]), float(fields[5])),
                "pt": (float(fields[6]), float(fields[7])),
                "formula": formula.rstrip().rstrip('"').strip(),
            }
        )
    return rows


def _abs_eta_edges(bins: set[tuple[float, float]]) -> list[float]:
    """|eta| edges from the file's eta bins (signed bins must be symmetric)."""
    edges = set()
    for lo, hi in bins:
        if lo < 0 and not math.isclose(-lo, hi):
            raise ValueError(f"eta bin ({lo}, {hi}) is neither |eta| nor symmetric")
        edges |= {abs(lo) if lo >= 0 else 0.0, abs(hi)}
    return sorted(edges)


def btag_corrections(path: Path) -> list[cs.Correction]:
    """``deepJet_<method>``: systematic -> working point -> flavour -> |eta| -> pT -> formula.

    Per (working point, systematic) the pT edges of all flavours form one grid, and the
    formula is evaluated at pT clamped into its range, as coffea's BTagScaleFactor does.
    """
    rows = [r for r in _btag_rows(path) if r["wp"] in BTAG_WP]
    out = []
    for method in sorted({r["method"] for r in rows}):
        mine = [r for r in rows if r["method"] == method]
        systs = sorted({r["syst"] for r in mine}, key=lambda s: (s != "central", s))
        by_syst = []
        for syst in systs:
            by_wp = []
            for wp in sorted({r["wp"] for r in mine if r["syst"] == syst}):
                cell_rows = [r for r in mine if r["syst"] == syst and r["wp"] == wp]
                pt_edges = sorted({x for r in cell_rows for x in r["pt"]})
                eta_edges = _abs_eta_edges({r["eta"] for r in cell_rows})
                flavours = []
                for flav in sorted({r["flavour"] for r in cell_rows}):
                    mine_f = [r for r in cell_rows if r["flavour"] == flav]
                    eta_content = []
                    for e_lo, e_hi in zip(eta_edges[:-1], eta_edges[1:], strict=True):
                        pt_content: list[Any] = []
                        for p_lo in pt_edges[:-1]:
                            match = [
                                r
                                for r in mine_f
                                if r["pt"][0] <= p_lo < r["pt"][1]
                                and max(r["eta"][0], 0.0) <= e_lo + 1e-9
                                and e_hi <= r["eta"][1] + 1e-9
                            ]
                            if not match:
                                pt_content.append(1.0)  # coffea: ignore_missing -> 1
                                continue
                            pt_content.append(
                                cs.Formula(
                                    nodetype="formula",
                                    expression=match[0]["formula"],
                                    parser="TFormula",
                                    variables=["pt"],
                                )
                            )
                        eta_content.append(
                            cs.Binning(
                                nodetype="binning",
                                input="pt",
                                edges=pt_edges,
                                content=pt_content,
                                flow="clamp",
                            )
                        )
                    flavours.append(
                        cs.CategoryItem(
                            key=BTAG_FLAVOUR[flav],
                            value=cs.Binning(
                                nodetype="binning",
                                input="abseta",
                                edges=eta_edges,
                                content=eta_content,
                                flow="clamp",
                            ),
                        )
                    )
                clamp = f"max(min(x,{pt_edges[-1]!r}),{pt_edges[0]!r})"
                by_wp.append(
                    cs.CategoryItem(
                        key=BTAG_WP[wp],
                        value=cs.Transform(
                            nodetype="transform",
                            input="pt",
                            rule=cs.Formula(
                                nodetype="formula",
                                expression=clamp,
                                parser="TFormula",
                                variables=["pt"],
                            ),
                            content=cs.Category(
                                nodetype="category", input="flavor", content=flavours
                            ),
                        ),
                    )
                )
            by_syst.append(
                cs.CategoryItem(
                    key=syst,
                    value=cs.Category(nodetype="category", input="working_point", content=by_wp),
                )
            )
        out.append(
            cs.Correction(
                name=f"deepJet_{method}",
                description=f"DeepJet fixed-WP SFs ({method}) converted from {path.name}",
                version=1,
                inputs=[
                    cs.Variable(name="systematic", type="string", description="central, up..."),
                    cs.Variable(name="working_point", type="string", description="L, M or T"),
                    cs.Variable(name="flavor", type="int", description="hadronFlavour 0/4/5"),
                    cs.Variable(name="abseta", type="real", description="|eta| of the jet"),
                    cs.Variable(name="pt", type="real", description="jet pT (GeV)"),
                ],
                output=cs.Variable(name="weight", type="real", description="scale factor"),
                data=cs.Category(nodetype="category", input="systematic", content=by_syst),
            )
        )
    return out


# --- all of them ---------------------------------------------------------------------------


def convert(data_dir: Path) -> cs.CorrectionSet:
    """The CorrectionSet of the three 2018 files in ``data_dir``."""
    corrections = [jer_correction(data_dir / JER_FILE)]
    corrections += jec_source_corrections(data_dir / JEC_FILE)
    corrections += btag_corrections(data_dir / BTAG_FILE)
    return cs.CorrectionSet(
        schema_version=2,
        description="2018 JER SFs, JES uncertainty sources and DeepJet fixed-WP SFs, "
        "converted from the legacy text files by tools/convert_corrections.py",
        corrections=corrections,
    )


#: The name of JES uncertainty source ``{}`` (chathep.registry.corrections.JES_SOURCES are varied).
JES_NAME = "Autumn18_V8_MC_{}_AK4PFchs"
SOURCES = (JER_FILE, JEC_FILE, BTAG_FILE)


def write(data_dir: Path, out: Path | None = None) -> Path:
    """Write the CorrectionSet (gzip-compressed when the name ends in .gz), atomically."""
    target = out or data_dir / OUT_NAME
    text = convert(data_dir).model_dump_json(exclude_unset=True).encode()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(gzip.compress(text) if target.suffix == ".gz" else text)
        os.chmod(tmp, 0o644)  # readable by the sandbox, which may run as another user
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def ensure_converted(data_dir: Path) -> Path | None:
    """``<data_dir>/OUT_NAME``, made (or remade, when a text file is newer) from the text files;
    None when they are not all there (``chathep data fetch`` puts them there)."""
    sources = [data_dir / name for name in SOURCES]
    if not all(p.is_file() for p in sources):
        return None
    target = data_dir / OUT_NAME
    newest = max(p.stat().st_mtime for p in sources)
    if target.is_file() and target.stat().st_mtime >= newest:
        return target
    return write(data_dir)
