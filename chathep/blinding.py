"""Blinding: the data in a mass window are hidden from the plot, the yields and the cutflow.

An H->bb analysis looks at its data in the Higgs mass window only once the background model
is final. :func:`blind_result` takes an engine result and removes the data inside the window
of every histogram of a jet-pair mass (the m(bb) of the H->bb analysis): those bins are
emptied in every systematic, the data yield becomes the count outside the window and the
data cutflow and N-1 rows (which would give the window's content away) are dropped. The
simulation is untouched. The window comes from :class:`chathep.overrides.Overrides`
(``blind=(90, 150)``) or the word "blinded" in the request (:data:`DEFAULT_WINDOW`).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import numpy as np

from chathep.catalog import Catalog
from chathep.errors import SpecError
from chathep.results import AnalysisResult
from chathep.spec import AnalysisSpec, object_sources

#: The VH(bb) signal window of m(bb), GeV (CMS blinded 90-150 GeV in its VH(bb) searches)
DEFAULT_WINDOW: tuple[float, float] = (90.0, 150.0)
_BLIND_WORD = re.compile(r"\bblind(ed)?\b", re.IGNORECASE)
_UNBLIND_WORD = re.compile(r"\b(un-?blind(ed)?|not blind(ed)?|without blinding)\b", re.I)
#: the words that ask for blinding, with what ties them to the request ("..., blinded")
_BLIND_PHRASE = re.compile(
    r"[,;]?\s*\b(?:and\s+|with\s+)?(?:the\s+)?(?:(?:signal|mass|higgs)\s+(?:region|window)\s+)?"
    r"(?:un-?blinded|unblind|not\s+blinded|without\s+blinding|blinded|blind(?:ing)?)"
    r"(?:\s+(?:in\s+)?(?:the\s+)?(?:signal|mass|higgs)\s+(?:region|window))?\b",
    re.IGNORECASE,
)


def check_window(window: tuple[float, float]) -> tuple[float, float]:
    """A (low, high) window in GeV, or a :class:`SpecError` with a hint."""
    try:
        low, high = (float(v) for v in window)
    except (TypeError, ValueError):
        raise SpecError(
            f"The blinding window {window!r} is not two numbers.", hint="Use e.g. (90, 150)."
        ) from None
    if not (np.isfinite(low) and np.isfinite(high)) or low >= high:
        raise SpecError(
            f"The blinding window {low:g}-{high:g} is empty.",
            hint="Give the lower edge first, e.g. (90, 150).",
        )
    return low, high


def requested_window(
    request: str, window: tuple[float, float] | None
) -> tuple[float, float] | None:
    """The window to blind: the one chosen (overrides), else :data:`DEFAULT_WINDOW` when the
    request says "blinded" (and not "unblinded"), else None."""
    if window is not None:
        return check_window(window)
    if _BLIND_WORD.search(request) and not _UNBLIND_WORD.search(request):
        return DEFAULT_WINDOW
    return None


def without_blinding_words(request: str) -> str:
    """The request without the words asking for (or against) blinding: the planner does not
    know them (blinding hides data after the run, it changes no selection)."""
    return re.sub(r"\s{2,}", " ", _BLIND_PHRASE.sub("", request)).strip()


def blinded_histograms(spec: AnalysisSpec) -> list[str]:
    """Histograms of a jet-pair (or jet-triplet) mass: those a blinding hides."""
    out = []
    for h in spec.histograms:
        obs = next((o for o in spec.observables if o.name == h.observable), None)
        if obs is None or obs.kind != "field" or obs.field != "mass" or obs.of is None:
            continue
        comb = spec.combination(obs.of)
        if comb is None:
            continue
        sources = {s for name in comb.inputs for s in object_sources(spec, name)}
        if sources == {"Jet"}:
            out.append(h.name)
    return out


def blind_result(
    result: AnalysisResult,
    spec: AnalysisSpec,
    catalog: Catalog,
    window: tuple[float, float],
) -> tuple[AnalysisResult, str]:
    """A copy of ``result`` with the data hidden in ``window``, and the note saying so."""
    low, high = check_window(window)
    names = [n for n in blinded_histograms(spec) if n in result.histograms]
    if not names:
        return result, (
            f"Blinding {low:g}-{high:g} GeV asked for, but no histogram shows a jet-pair "
            "mass: nothing was hidden."
        )
    data = data_samples(result, catalog)
    out = copy.copy(result)
    out.histograms = dict(result.histograms)
    out.yields = {k: dict(v) for k, v in result.yields.items()}
    # histograms under selections of their own: the data yields of their regions are not shown
    out.regions = {
        region: {**entry, "yields": {k: v for k, v in entry["yields"].items() if k not in data}}
        for region, entry in result.regions.items()
    }
    hidden_bins: list[str] = []
    ranges: dict[str, list[float | None]] = {}
    for name in names:
        h = result.histograms[name].copy()
        axis = h.axes[-1]
        edges = np.asarray(axis.edges, dtype=float)
        inside = (edges[1:] > low) & (edges[:-1] < high)
        view = h.view(flow=True)  # (dataset, systematic, observable + flow): weighted storage
        flow_under = 1 if axis.traits.underflow else 0
        columns = list(np.flatnonzero(inside) + flow_under)
        # a window beyond the axis: the flow bins (drawn folded into the edge bins) hold it too
        below, above = low < edges[0] and flow_under, high > edges[-1] and axis.traits.overflow
        columns = [0] * bool(below) + columns + [len(edges) - 1 + flow_under] * bool(above)
        for sample in data:
            if sample not in list(h.axes[0]):
                continue
            i = h.axes[0].index(sample)
            view.value[i, :, columns] = 0.0
            view.variance[i, :, columns] = 0.0
        out.histograms[name] = h
        lo = None if below else float(edges[:-1][inside][0]) if inside.any() else float(edges[-1])
        hi = None if above else float(edges[1:][inside][-1]) if inside.any() else float(edges[0])
        ranges[name] = [lo, hi]
        shown = f"{'-inf' if lo is None else f'{lo:g}'}-{'inf' if hi is None else f'{hi:g}'}"
        hidden_bins.append(f"{name}: {shown} GeV")
    # what was hidden, for whoever reads the result file: the window and each histogram's
    # hidden range of the observable (None: unbounded, the flow bin)
    out.metadata = {**result.metadata, "blinded": {"window": [low, high], "hidden": ranges}}
    # the data yield after all cuts: the events outside the window of the first histogram
    first = out.histograms[names[0]]
    for sample in data:
        if sample in list(first.axes[0]):
            i = first.axes[0].index(sample)
            nominal = first.view(flow=True)[i, first.axes[1].index("nominal"), :]
            n = float(nominal.value.sum())
            out.yields[sample] = {"events": int(round(n)), "sumw": n, "sumw2": n}
    out.cutflow = {k: v for k, v in result.cutflow.items() if k not in data}
    out.nminusone = {k: v for k, v in result.nminusone.items() if k not in data}
    note = (
        f"Blinded: the data in {low:g} < m < {high:g} GeV are hidden ({'; '.join(hidden_bins)}"
        "); the data yield counts only the events outside the window, and the data cutflow "
        "is not shown. The simulation is complete."
    )
    out.notes = [*result.notes, note]
    return out, note


def data_samples(result: AnalysisResult, catalog: Catalog) -> list[str]:
    """The result's samples that are data (the catalog says so)."""
    return [s for s in result.yields if s in catalog.samples and catalog.samples[s].is_data]


def blind_files(
    blinded: AnalysisResult,
    result_path: Path,
    fills_path: Path | None,
    catalog: Catalog,
) -> None:
    """Write the blinded result (:func:`blind_result`) over the run's result file, and drop
    the data entries in each blinded histogram's hidden range from the entries the run kept
    (``fills_path``, :data:`chathep.engine.FILLS_NAME`; a binning follow-up refills from
    them): no file the answer leaves keeps the data inside the window. A kept-entries file
    that cannot be read is deleted (a follow-up then runs the analysis again)."""
    Path(result_path).write_text(blinded.to_json())
    if fills_path is None or not Path(fills_path).is_file():
        return
    hidden = blinded.metadata.get("blinded", {}).get("hidden", {})
    # observable axis name -> hidden [lo, hi) (None: unbounded)
    by_axis = {
        blinded.histograms[name].axes[-1].name: bounds
        for name, bounds in hidden.items()
        if name in blinded.histograms
    }
    data = set(data_samples(blinded, catalog))
    try:
        with np.load(fills_path, allow_pickle=False) as kept:
            arrays = {key: kept[key] for key in kept.files}
        keys = arrays["keys"].tolist()
        for i, key in enumerate(keys):
            observable, dataset, _systematic = key.split("\x1f")
            if dataset not in data or observable not in by_axis:
                continue
            lo, hi = by_axis[observable]
            values = arrays[f"v{i}"]
            inside = np.ones(len(values), dtype=bool)
            if lo is not None:
                inside &= values >= lo
            if hi is not None:
                inside &= values < hi
            arrays[f"v{i}"], arrays[f"w{i}"] = values[~inside], arrays[f"w{i}"][~inside]
    except (OSError, KeyError, ValueError):
        Path(fills_path).unlink(missing_ok=True)
        return
    with open(fills_path, "wb") as handle:
        np.savez(handle, **arrays)
