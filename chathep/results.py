"""Analysis results: the one JSON file a generated analysis writes, read back safely.

The generated code runs untrusted (it may have been edited), so its output crosses the
process boundary as JSON only and is validated here before anything uses it.

Result schema, version 1 (also in docs/results-schema.md)::

    {
      "schema": "chathep.result",
      "schema_version": 1,
      "status": "ok" | "empty",          # empty: no event passed all cuts in any sample
      "notes": [str, ...],
      "histograms": {
        NAME: {
          "observable": str,
          "axis": "regular" | "log" | "variable",  # equal bins in x, in log(x), or edges
          "bins": int, "start": float, "stop": float,   # first and last edge
          "edges": [float, ...],                   # "variable" only: all bins + 1 edges
          "label": str, "unit": str, "axis_label": str, "log_y": bool,
          "log_x": bool,                           # draw x on a log scale
          "density": bool,                         # plot events per unit of x (Events / GeV)
          "unit_area": bool,                       # optional: draw each process and the data
                                                   # normalised to unit area (a shape plot)
          "mc_to_data": bool,                      # optional: the simulation scaled to the
                                                   # data yield in the plotted range
          "per_object": bool,
          "uhi": {UHI JSON histogram: axes [dataset (category_str), systematic
                  (category_str), observable (regular, or variable: "edges")],
                  storage "weighted" with "values" and "variances" including flow bins}
          # or, where uhi is not installed:
          "plain": {"datasets": [...], "systematics": [...], "edges": [...],
                    "values": [[[...]]], "variances": [[[...]]]}   # flow bins included
        }
      },
      "cutflow": {SAMPLE: [{"cut": str, "events": int, "sumw": float}, ...]},  # first row
                                                                   # "all events", then in order
      "nminusone": {SAMPLE: [{"cut": str, "events": int, "sumw": float}, ...]},  # optional:
                                                  # events passing every cut but "cut" (N-1)
      "yields": {SAMPLE: {"events": int, "sumw": float, "sumw2": float}},  # after all cuts
      "regions": {                         # optional: histograms under selections of their own
        REGION: {"steps": [str, ...], "histograms": [NAME, ...],   # REGION: e.g. "cuts: A, B"
                 "cutflow": {SAMPLE: [rows as in "cutflow", of these steps only]},
                 "yields": {SAMPLE: {"events": int, "sumw": float, "sumw2": float}}}
      },                                   # (each such histogram's info names its "region")
      "systematics": {                     # optional: the entries of the systematic axis
        "sources": {SOURCE: [VARIATION, ...]},   # e.g. "pdf": ["pdfDown", "pdfUp"]
        "samples": {SAMPLE: [VARIATION, ...]}    # the variations a sample really has
      },
      "corrections": {SAMPLE: {"applied": [str], "skipped": {NAME: reason}}},
      "metadata": {"title", "spec", "code_sha256", "inputs" {file: sha256 or null (a URL)},
                   "lumi_pb", "samples", "executor", "chunksize", "versions", "timings", ...}
    }

Weighted sums are in events expected for ``lumi_pb`` (MC: genWeight x xsec x lumi /
sum genWeight, times the applied corrections); data have weight 1. A systematic that does
not apply to a sample (not in ``systematics.samples``) is filled with that sample's nominal
weights.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hist
import numpy as np

from chathep.errors import ChatHEPError

SCHEMA = "chathep.result"
SCHEMA_VERSION = 1
#: Most bins an observable axis may have.
MAX_BINS = 100_000
#: Results larger than this are refused (the demo results are a few hundred kB).
MAX_RESULT_BYTES = 64 * 1024 * 1024


class ResultError(ChatHEPError):
    """A result file is missing, oversize or does not follow the result schema."""


@dataclass
class AnalysisResult:
    """Histograms (``hist.Hist``: dataset x systematic x observable) and per-sample summaries."""

    histograms: dict[str, hist.Hist]
    histogram_info: dict[str, dict[str, Any]]
    cutflow: dict[str, list[dict[str, Any]]]
    yields: dict[str, dict[str, Any]]
    corrections: dict[str, dict[str, Any]]
    metadata: dict[str, Any]
    status: str = "ok"
    notes: list[str] = field(default_factory=list)
    #: N-1 rows per sample: events passing every selection step but one (may be empty).
    nminusone: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: ``{"sources": {source: [variation, ...]}, "samples": {sample: [variation, ...]}}``
    #: as the analysis recorded them (Weights.variations and its momentum variations); None
    #: for a result written without them.
    systematics: dict[str, dict[str, list[str]]] | None = None
    #: histograms under selections of their own: region -> steps, histograms, and per sample
    #: its cutflow and yields (empty when every histogram has every step)
    regions: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def systematic_sources(self) -> dict[str, list[str]] | None:
        """Systematic source -> its variations (entries of the systematic axis), or None."""
        return None if self.systematics is None else self.systematics["sources"]

    @property
    def is_empty(self) -> bool:
        """No event passed all cuts in any sample (the histograms are all zero)."""
        return self.status == "empty"

    @property
    def samples(self) -> list[str]:
        return list(self.yields)

    def to_dict(self) -> dict[str, Any]:
        import uhi.io.json

        hists = {}
        for name, h in self.histograms.items():
            encoded = json.loads(json.dumps(h, default=uhi.io.json.default))
            hists[name] = {**self.histogram_info[name], "uhi": encoded}
        return {
            "schema": SCHEMA,
            "schema_version": SCHEMA_VERSION,
            "status": self.status,
            "notes": list(self.notes),
            "histograms": hists,
            "cutflow": self.cutflow,
            "nminusone": self.nminusone,
            "yields": self.yields,
            **({"systematics": self.systematics} if self.systematics is not None else {}),
            **({"regions": self.regions} if self.regions else {}),
            "corrections": self.corrections,
            "metadata": self.metadata,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, allow_nan=False)


def _fail(what: str) -> ResultError:
    return ResultError(
        f"Malformed analysis result: {what}.",
        hint="The analysis code did not write a valid ChatHEP result; regenerate it from the "
        "spec or check edits made to it.",
    )


def _require(cond: bool, what: str) -> None:
    if not cond:
        raise _fail(what)


def _is_number(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def _observable_bins(name: str, axis: dict[str, Any]) -> int:
    """Number of bins of the observable axis: regular (lower, upper, bins) or variable (edges;
    also how log-binned Regular axes are written)."""
    kind = axis.get("type")
    if kind == "regular":
        bins = axis.get("bins")
        lo, hi = axis.get("lower"), axis.get("upper")
        _require(isinstance(bins, int) and 0 < bins <= MAX_BINS, f"{name!r}: bad bins")
        _require(_is_number(lo) and _is_number(hi) and hi > lo, f"{name!r}: bad range")
        return int(bins)
    _require(
        kind == "variable",
        f"histogram {name!r}: the observable axis must be regular or variable, not {kind!r}",
    )
    edges = axis.get("edges")
    _require(
        isinstance(edges, list) and 2 <= len(edges) <= MAX_BINS + 1,
        f"histogram {name!r}: a variable axis needs 2 to {MAX_BINS + 1} edges",
    )
    _require(all(_is_number(e) for e in edges), f"histogram {name!r}: edges are not numbers")
    _require(
        all(b > a for a, b in zip(edges, edges[1:], strict=False)),
        f"histogram {name!r}: edges not increasing",
    )
    return len(edges) - 1


def _hist_from_uhi(name: str, data: Any) -> hist.Hist:
    _require(isinstance(data, dict), f"histogram {name!r}: 'uhi' is not an object")
    axes = data.get("axes")
    _require(isinstance(axes, list) and len(axes) == 3, f"histogram {name!r} needs 3 axes")
    shape = []
    for i, (axis, kind) in enumerate(zip(axes, ("dataset", "systematic", None), strict=True)):
        _require(isinstance(axis, dict), f"histogram {name!r}: axis {i} is not an object")
        meta = axis.get("metadata") or {}
        if kind is not None:
            _require(
                axis.get("type") == "category_str" and meta.get("name") == kind,
                f"histogram {name!r}: axis {i} must be the string category axis {kind!r}",
            )
            cats = axis.get("categories")
            _require(
                isinstance(cats, list) and all(isinstance(c, str) for c in cats),
                f"histogram {name!r}: axis {kind!r} categories must be strings",
            )
            shape.append(len(cats) + (1 if axis.get("flow") else 0))
        else:
            bins = _observable_bins(name, axis)
            shape.append(bins + int(bool(axis.get("underflow"))) + int(bool(axis.get("overflow"))))
    storage = data.get("storage")
    _require(
        isinstance(storage, dict) and storage.get("type") == "weighted",
        f"histogram {name!r}: storage must be 'weighted'",
    )
    for key in ("values", "variances"):
        try:
            arr = np.asarray(storage.get(key), dtype=float)
        except (TypeError, ValueError):
            raise _fail(f"histogram {name!r}: {key} are not numbers") from None
        _require(
            arr.shape == tuple(shape),
            f"histogram {name!r}: {key} have shape {arr.shape}, the axes need {tuple(shape)}",
        )
        _require(bool(np.all(np.isfinite(arr))), f"histogram {name!r}: {key} not finite")
    try:
        return hist.Hist(data)
    except Exception as exc:
        raise _fail(f"histogram {name!r} cannot be rebuilt: {exc}") from None


def _hist_from_plain(name: str, data: Any) -> hist.Hist:
    _require(isinstance(data, dict), f"histogram {name!r}: 'plain' is not an object")
    datasets, systs, edges = data.get("datasets"), data.get("systematics"), data.get("edges")
    _require(isinstance(datasets, list) and isinstance(systs, list), f"{name!r}: bad categories")
    try:
        edges = np.asarray(edges, dtype=float)
    except (TypeError, ValueError):
        raise _fail(f"histogram {name!r}: edges are not numbers") from None
    _require(edges.ndim == 1 and len(edges) >= 2, f"histogram {name!r}: bad edges")
    _require(bool(np.all(np.diff(edges) > 0)), f"histogram {name!r}: edges not increasing")
    h = hist.Hist(
        hist.axis.StrCategory([str(d) for d in datasets], name="dataset"),
        hist.axis.StrCategory([str(s) for s in systs], name="systematic"),
        hist.axis.Variable(edges, name="x"),
        storage=hist.storage.Weight(),
    )
    shape = h.view(flow=True).shape
    arrays = {}
    for key in ("values", "variances"):
        try:
            arrays[key] = np.asarray(data.get(key), dtype=float)
        except (TypeError, ValueError):
            raise _fail(f"histogram {name!r}: {key} are not numbers") from None
        _require(arrays[key].shape == shape, f"histogram {name!r}: {key} shape mismatch")
    view = h.view(flow=True)
    view["value"] = arrays["values"]
    view["variance"] = arrays["variances"]
    return h


def result_from_dict(data: Any) -> AnalysisResult:
    """Validate a decoded result and build an :class:`AnalysisResult`."""
    _require(isinstance(data, dict), "the top level is not a JSON object")
    _require(data.get("schema") == SCHEMA, f"'schema' must be {SCHEMA!r}")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ResultError(
            f"Result schema version {version!r} is not supported (this ChatHEP reads "
            f"version {SCHEMA_VERSION}).",
            hint="Re-run the analysis with this version of ChatHEP.",
        )
    status = data.get("status")
    _require(status in ("ok", "empty"), "'status' must be 'ok' or 'empty'")
    for key in ("histograms", "cutflow", "yields", "corrections", "metadata"):
        _require(isinstance(data.get(key), dict), f"'{key}' must be an object")
    notes = data.get("notes", [])
    _require(isinstance(notes, list) and all(isinstance(n, str) for n in notes), "bad 'notes'")

    histograms: dict[str, hist.Hist] = {}
    info: dict[str, dict[str, Any]] = {}
    for name, entry in data["histograms"].items():
        _require(isinstance(entry, dict), f"histogram {name!r} is not an object")
        if "uhi" in entry:
            histograms[name] = _hist_from_uhi(name, entry["uhi"])
        elif "plain" in entry:
            histograms[name] = _hist_from_plain(name, entry["plain"])
        else:
            raise _fail(f"histogram {name!r} has neither 'uhi' nor 'plain' contents")
        info[name] = {k: v for k, v in entry.items() if k not in ("uhi", "plain")}

    _check_rows(data["cutflow"], "cutflow", decreasing=True)
    nminusone = data.get("nminusone", {})
    _require(isinstance(nminusone, dict), "'nminusone' must be an object")
    _check_rows(nminusone, "nminusone", decreasing=False)
    systematics = _check_systematics(data.get("systematics"), histograms)
    regions = data.get("regions", {})
    _require(isinstance(regions, dict), "'regions' must be an object")
    for region, entry in regions.items():
        _require(
            isinstance(entry, dict)
            and _names(entry.get("steps"))
            and _names(entry.get("histograms"))
            and set(entry["histograms"]) <= set(histograms)
            and isinstance(entry.get("cutflow"), dict)
            and isinstance(entry.get("yields"), dict),
            f"region {region!r} needs steps, histograms (of this result), cutflow and yields",
        )
        _check_rows(entry["cutflow"], f"cutflow of region {region!r}", decreasing=True)
        _check_yields(entry["yields"])
    _check_yields(data["yields"])
    for sample, c in data["corrections"].items():
        _require(
            isinstance(c, dict)
            and isinstance(c.get("applied"), list)
            and isinstance(c.get("skipped"), dict),
            f"corrections of {sample!r} need 'applied' (list) and 'skipped' (object)",
        )
    return AnalysisResult(
        histograms=histograms,
        histogram_info=info,
        cutflow=data["cutflow"],
        yields=data["yields"],
        corrections=data["corrections"],
        metadata=data["metadata"],
        status=status,
        notes=notes,
        nminusone=nminusone,
        systematics=systematics,
        regions=regions,
    )


def _check_yields(table: dict[str, Any]) -> None:
    for sample, y in table.items():
        _require(isinstance(y, dict), f"yields of {sample!r} must be an object")
        if y:
            _require(
                isinstance(y.get("events"), int)
                and _is_number(y.get("sumw"))
                and _is_number(y.get("sumw2")),
                f"yields of {sample!r} need events (int), sumw and sumw2 (numbers)",
            )


def _check_rows(table: dict[str, Any], key: str, decreasing: bool) -> None:
    """Cutflow-like rows per sample: cut (str), events (int), sumw (number)."""
    for sample, rows in table.items():
        _require(isinstance(rows, list), f"{key} of {sample!r} must be a list")
        for row in rows:
            _require(
                isinstance(row, dict)
                and isinstance(row.get("cut"), str)
                and isinstance(row.get("events"), int)
                and _is_number(row.get("sumw")),
                f"{key} of {sample!r}: rows need cut (str), events (int), sumw (number)",
            )
        counts = [row["events"] for row in rows]
        _require(
            not decreasing or all(a >= b for a, b in zip(counts, counts[1:], strict=False)),
            f"{key} of {sample!r} is not decreasing",
        )


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _check_systematics(
    value: Any, histograms: dict[str, hist.Hist]
) -> dict[str, dict[str, list[str]]] | None:
    """The optional systematics record: sources and per-sample variations, each variation an
    entry of every histogram's systematic axis and of exactly one source."""
    if value is None:
        return None
    _require(isinstance(value, dict), "'systematics' must be an object")
    sources, samples = value.get("sources"), value.get("samples")
    for key, table in (("sources", sources), ("samples", samples)):
        _require(
            isinstance(table, dict) and all(_names(v) for v in table.values()),
            f"'systematics.{key}' must map names to lists of variation names",
        )
    listed = [v for variations in sources.values() for v in variations]
    _require(len(listed) == len(set(listed)), "a variation is listed under two sources")
    _require(
        {v for variations in samples.values() for v in variations} <= set(listed),
        "'systematics.samples' names a variation that is in no source",
    )
    for name, h in histograms.items():
        missing = set(listed) - set(h.axes["systematic"])
        _require(not missing, f"histogram {name!r} has no systematic entries {sorted(missing)}")
    return {"sources": sources, "samples": samples}


def load_result(path: Path | str, max_bytes: int = MAX_RESULT_BYTES) -> AnalysisResult:
    """Read and validate a result file; every problem is a :class:`ResultError`."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ResultError(
            f"No result file at {path}.", hint="The analysis did not finish; see its log."
        ) from None
    if size > max_bytes:
        raise ResultError(
            f"The result file {path} is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.0f} MB "
            "limit.",
            hint="Use fewer histograms or bins.",
        )
    try:
        data = json.loads(path.read_text(), parse_constant=_reject_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise _fail(f"not valid JSON ({exc})") from None
    return result_from_dict(data)


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")
