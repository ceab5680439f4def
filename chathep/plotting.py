"""Publication-style data/MC plots from the engine's histograms (CMS style, mplhep).

The engine fills one ``hist.Hist`` per observable with axes ``dataset`` (catalog sample
names), ``systematic`` (``nominal`` and the variations) and the observable, with
Weight storage and MC already scaled to the data luminosity. This module only *draws*: MC is
merged by physics process and stacked, data are shown with Garwood (Poisson) intervals, and the
hatched band is MC stat (+) syst as computed by :func:`mc_uncertainty_band`.

Drawing uses ``mplhep.histplot`` (stack), mplhep's CMS style and label, and mplhep's Garwood
``poisson_interval``. ``mplhep.comp.data_model`` is not used: its model band is MC stat only
and symmetric, while the band here must carry asymmetric systematics, also in the ratio.

Signal samples (catalog ``signal: true``) are not stacked: they are drawn as lines over the
background stack, scaled by a power of ten so they are visible, and the ratio is then data over
background. Processes without entries are not drawn; the legend names them in one note. The
experiment label is "CMS Open Data" for the real CMS files and a plain "ChatHEP" simulation
label (with "pseudo-data" when data are drawn) for the generated samples.

Figures are built on ``matplotlib.figure.Figure`` objects, never through pyplot's figure
manager, so plotting is headless whatever the backend is, and no figure is left open.
"""

from __future__ import annotations

import contextvars
import json
import logging
import math
import re
import struct
import threading
import warnings
import weakref
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import hist
import matplotlib.style
import mplhep as mh
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, NullLocator
from mplhep.error_estimation import poisson_interval

from chathep.catalog import Catalog, Sample
from chathep.errors import DataError
from chathep.registry import eras as eras_registry

if TYPE_CHECKING:
    from chathep.results import AnalysisResult

__all__ = [
    "Band",
    "PlotOutput",
    "format_lumi",
    "format_width",
    "format_yield",
    "data_interval",
    "data_mc_figure",
    "fold_flow",
    "histograms_figure",
    "mc_uncertainty_band",
    "plot_data_mc",
    "plot_histograms",
    "plot_result",
    "signal_scale",
]

log = logging.getLogger(__name__)

DATASET_AXIS = "dataset"
SYST_AXIS = "systematic"
NOMINAL = "nominal"
EXPERIMENT_TEXT = "Open Data"
#: predicted events below which an empty data bin gets no upper error bar
EMPTY_BIN_MIN_PRED = 0.5
#: eras of samples that are simulated, not recorded by CMS (chathep.registry.eras): the
#: generator's era; their plots get no CMS label
SIMULATED_ERAS = eras_registry.SIMULATED_ERAS
SIMULATION_LABEL = "ChatHEP"
DPI = 200
#: zlib level of the PNG (:func:`png_bytes`): with PIL, 1 encoded a 2000 x 2000 plot in
#: 0.13 s of CPU instead of 0.18 s with its default 6, for a file 1.4x larger (same pixels).
PNG_COMPRESSION = 1
_HATCH = "////"
_BAND_COLOR = "#6c6c6c"
_FALLBACK_COLORS = ["#3f90da", "#ffa90e", "#bd1f01", "#94a4a2", "#832db6", "#a96b59"]
_UNIT_RE = re.compile(r"\[([^\]]+)\]\s*$")


@dataclass(frozen=True)
class PlotOutput:
    """Files written for one plot and the warnings a user should see next to it.

    ``label`` is what the experiment label says (also in the PNG's ``Description`` text chunk,
    as JSON): ``experiment`` ("CMS Open Data" or "ChatHEP Simulation"), ``data``,
    ``sqrt_s_tev``, ``lumi_pb`` (None: not shown), ``eras`` and the right-hand ``text``.
    """

    png: Path
    pdf: Path
    warnings: list[str] = field(default_factory=list)
    label: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Band:
    """MC total and its uncertainty per bin (absolute, asymmetric).

    ``stat`` is sqrt(sum of Weight variances); ``syst_up``/``syst_down`` are the quadrature sums
    over systematic sources of each source's envelope; ``up``/``down`` add stat in quadrature.
    ``empty_up`` is the upward MC-stat term of samples that have no selected event (their
    Weight variance is zero, but their expectation is not known to be zero).
    """

    nominal: np.ndarray
    stat: np.ndarray
    syst_up: np.ndarray
    syst_down: np.ndarray
    empty_up: np.ndarray | None = None

    @property
    def up(self) -> np.ndarray:
        up = np.hypot(self.stat, self.syst_up)
        return up if self.empty_up is None else np.hypot(up, self.empty_up)

    @property
    def down(self) -> np.ndarray:
        return np.hypot(self.stat, self.syst_down)


# --------------------------------------------------------------------------- histogram access


def _check_axes(h: hist.Hist) -> None:
    names = [ax.name for ax in h.axes]
    if DATASET_AXIS not in names or len(h.axes) - (SYST_AXIS in names) != 2:
        raise DataError(
            f"Cannot plot a histogram with axes {names}.",
            hint="Plot the engine's histograms: axes 'dataset', 'systematic' (optional) and "
            "exactly one observable; project others away first (h.project(...)).",
        )


def _observable(h: hist.Hist):
    return next(ax for ax in h.axes if ax.name not in (DATASET_AXIS, SYST_AXIS))


def fold_flow(h: hist.Hist) -> hist.Hist:
    """Copy of ``h`` with the observable's underflow added to the first bin, overflow to the last.

    Values and variances both add, so the MC band and the data intervals stay right.
    """
    _check_axes(h)
    out = h.copy()
    k = next(i for i, ax in enumerate(h.axes) if ax.name not in (DATASET_AXIS, SYST_AXIS))
    axis = h.axes[k]
    view = out.view(flow=True)
    fields = ("value", "variance") if view.dtype.names else (None,)
    under, over = bool(axis.traits.underflow), bool(axis.traits.overflow)
    n = len(axis)
    for name in fields:
        arr = np.moveaxis(view[name] if name else view, k, -1)
        first = 1 if under else 0
        if under:
            arr[..., first] += arr[..., 0]
            arr[..., 0] = 0
        if over:
            arr[..., first + n - 1] += arr[..., -1]
            arr[..., -1] = 0
    return out


FLOW_FOLDED = "Under/overflow in the edge bins"
FLOW_DROPPED = "Under/overflow not drawn"


def _flow_entries(h: hist.Hist, datasets: Sequence[str]) -> float:
    """Nominal sum of weights of ``datasets`` in the observable's underflow and overflow."""
    total = 0.0
    for name in datasets:
        sel: dict[str, str] = {DATASET_AXIS: name}
        if SYST_AXIS in h.axes.name:
            sel[SYST_AXIS] = NOMINAL
        if any(value not in h.axes[axis] for axis, value in sel.items()):
            continue
        cell = h[sel]
        total += float(np.sum(cell.values(flow=True)) - np.sum(cell.values()))
    return total


def _flow_note(h: hist.Hist, datasets: Sequence[str], flow: bool, warns: list[str]) -> str:
    """What the plot says about entries outside the axis range: folded into the edge bins (the
    legend counts are then all selected entries), or not drawn (a warning gives how many)."""
    outside = _flow_entries(h, datasets)
    if outside == 0:
        return ""
    if flow:
        return FLOW_FOLDED
    axis = _observable(h)
    warns.append(
        f"{format_yield(outside)} weighted entries lie outside [{axis.edges[0]:g}, "
        f"{axis.edges[-1]:g}) and are not drawn: the legend counts only the drawn ones."
    )
    return FLOW_DROPPED


def _systematics(h: hist.Hist) -> list[str]:
    return list(h.axes[SYST_AXIS]) if SYST_AXIS in h.axes.name else [NOMINAL]


def _slice(h: hist.Hist, dataset: str, systematic: str = NOMINAL) -> tuple[np.ndarray, np.ndarray]:
    """Values and variances of one (dataset, systematic) cell, without flow bins."""
    sel: dict[str, str] = {DATASET_AXIS: dataset}
    if SYST_AXIS in h.axes.name:
        sel[SYST_AXIS] = systematic
    if any(value not in h.axes[name] for name, value in sel.items()):
        empty = np.zeros(len(_observable(h)))
        return empty, empty.copy()
    sub = h[sel]
    values = np.asarray(sub.values(), dtype=float)
    variances = sub.variances()
    variances = values.copy() if variances is None else np.asarray(variances, dtype=float)
    return values, variances


#: Systematic source -> its variations (entries of the systematic axis), as an analysis result
#: records them (``AnalysisResult.systematic_sources``: coffea's ``Weights.variations`` and the
#: momentum variations, grouped by the generated module).
Sources = Mapping[str, Sequence[str]]
#: Sample -> the variations it really has (``AnalysisResult.systematics["samples"]``); with it
#: a variation a sample has but that left its histogram empty is a real (downward) shift.
SampleSystematics = Mapping[str, Sequence[str]]


def _syst_sources(h: hist.Hist, sources: Sources | None) -> list[list[str]]:
    """The variations of each systematic source that the histogram has.

    ``sources`` as the result records them; without them (a histogram from elsewhere) every
    non-nominal entry of the systematic axis is a source of its own.
    """
    entries = [s for s in _systematics(h) if s != NOMINAL]
    if sources is None:
        return [[s] for s in entries]
    grouped = [[v for v in variations if v in entries] for variations in sources.values()]
    return [g for g in grouped if g]


# --------------------------------------------------------------------------- uncertainty band


#: Upper end of the 68 % Garwood interval for zero observed events (chi2.ppf(0.8413, 2) / 2)
ZERO_EVENTS_UP = 1.8410


def mc_uncertainty_band(
    h: hist.Hist,
    mc_datasets: Sequence[str],
    sources: Sources | None = None,
    *,
    event_weights: Mapping[str, float] | None = None,
    norm_uncertainty: float = 0.0,
    sample_systematics: SampleSystematics | None = None,
) -> Band:
    """MC stat (+) syst uncertainty of the summed MC prediction, per bin.

    * stat: sqrt of the summed Weight variances of the nominal MC histograms;
    * per systematic source (``sources``: source -> its variations, as the result records
      them; without it each variation is its own source), the shifted MC total is formed by
      replacing each sample's nominal with its variation; with ``sample_systematics`` (what
      each sample really has, as the result records it) a sample without the variation enters
      with its nominal and one whose variation selected nothing enters with zero (the
      variation emptied it: a shift, not "no systematic"); without it, a sample whose
      variation is completely unfilled (zero sum of weights and variances while its nominal
      is not) is taken to have no such systematic and enters with its nominal;
    * *envelope*, not symmetrisation: the upward uncertainty of a source is the largest upward
      shift among its variations (0 if both go down), the downward one likewise, so same-side
      variations are not hidden;
    * sources are added in quadrature, separately for up and down; stat is added by
      :attr:`Band.up` / :attr:`Band.down`;
    * ``norm_uncertainty``: a relative normalisation uncertainty of all these samples (the
      luminosity), one more source shifting the total by +/- that fraction;
    * ``event_weights`` (sample -> the weight of one of its events): a sample with no entry at
      all in the nominal histogram gets, in every bin, an upward MC-stat uncertainty of
      1.841 events of that weight (the 68 % Garwood upper limit for zero events), because the
      simulation has not shown that its expectation is zero.
    """
    _check_axes(h)
    n_bins = len(_observable(h))
    present = set(h.axes[DATASET_AXIS])
    datasets = [d for d in mc_datasets if d in present]
    nominal = np.zeros(n_bins)
    variance = np.zeros(n_bins)
    per_sample: dict[str, np.ndarray] = {}
    for d in datasets:
        values, variances = _slice(h, d)
        per_sample[d] = values
        nominal += values
        variance += variances
    syst_up2 = np.zeros(n_bins)
    syst_down2 = np.zeros(n_bins)
    for variations in _syst_sources(h, sources):
        shifts = []
        for var in variations:
            total = np.zeros(n_bins)
            for d in datasets:
                values, variances = _slice(h, d, var)
                if sample_systematics is not None:
                    absent = var not in sample_systematics.get(d, ())
                else:
                    absent = not values.any() and not variances.any() and per_sample[d].any()
                total += per_sample[d] if absent else values
            shifts.append(total - nominal)
        shift = np.vstack(shifts)
        syst_up2 += np.max(np.clip(shift, 0.0, None), axis=0) ** 2
        syst_down2 += np.max(np.clip(-shift, 0.0, None), axis=0) ** 2
    if norm_uncertainty:
        syst_up2 += (norm_uncertainty * nominal) ** 2
        syst_down2 += (norm_uncertainty * nominal) ** 2
    empty_up2 = np.zeros(n_bins)
    for d, weight in (event_weights or {}).items():
        if d in per_sample and not per_sample[d].any():
            empty_up2 += (ZERO_EVENTS_UP * weight) ** 2
    return Band(
        nominal=nominal,
        stat=np.sqrt(variance),
        syst_up=np.sqrt(syst_up2),
        syst_down=np.sqrt(syst_down2),
        empty_up=np.sqrt(empty_up2) if empty_up2.any() else None,
    )


def data_interval(counts: np.ndarray, sumw2: np.ndarray | None = None) -> np.ndarray:
    """68% Garwood interval ``[lo, hi]`` (absolute) for data counts (coffea/mplhep formula)."""
    counts = np.asarray(counts, dtype=float)
    sumw2 = counts if sumw2 is None else np.asarray(sumw2, dtype=float)
    if not counts.any():
        # all bins empty: Garwood upper edge for n = 0 in every bin
        return np.vstack([np.zeros_like(counts), np.full_like(counts, _garwood_zero_hi())])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return poisson_interval(counts, sumw2)


def _garwood_zero_hi() -> float:
    from scipy.stats import chi2, norm

    return float(chi2.ppf(norm.cdf(1.0), 2.0) / 2.0)


# --------------------------------------------------------------------------- labels


def format_lumi(lumi_pb: float) -> str:
    """Luminosity in the unit that gives a number between 1 and 1000 (CMS label convention)."""
    if lumi_pb <= 0 or not math.isfinite(lumi_pb):
        raise ValueError(f"luminosity must be positive, got {lumi_pb}")
    for unit, scale in (("fb", 1e-3), ("pb", 1.0), ("nb", 1e3), ("\\mu b", 1e6)):
        value = lumi_pb * scale
        if value >= 1.0 or unit == "\\mu b":
            break
    text = f"{value:.3g}" if value < 100 else f"{value:.0f}"
    return f"{text} $\\mathrm{{{unit}^{{-1}}}}$"


def format_yield(total: float) -> str:
    """A yield for a legend, 2-3 significant digits: 0.097, 12.3, 1.2e3, 2.0e-4.

    An event count (integer) below 10^4 is printed exactly.
    """
    total = float(total)
    size = abs(total)
    if total == 0 or not math.isfinite(total):
        return f"{total:g}"
    if total.is_integer() and size < 1e4:
        return f"{total:.0f}"
    if size >= 1e3 or size < 1e-3:
        mantissa, exponent = f"{total:.1e}".split("e")
        return f"{mantissa}e{int(exponent)}"
    return f"{total:.3g}" if size >= 1 else f"{total:.2g}"


def signal_scale(signal_peak: float, stack_peak: float) -> int:
    """Power of ten that brings a signal peak near half the stack maximum (1 if already visible).

    The scaled peak lies between about 0.16 and 1.6 times the stack maximum; a signal is never
    scaled down.
    """
    if signal_peak <= 0 or stack_peak <= 0:
        return 1
    return 10 ** max(0, round(math.log10(0.5 * stack_peak / signal_peak)))


def _rlabel(lumi_pb: float | None, sqrt_s_tev: float) -> str:
    energy = f"({sqrt_s_tev:g} TeV)"
    return f"{format_lumi(lumi_pb)} {energy}" if lumi_pb else energy


def _ylabel(axis, per_width: bool, xlabel: str | None = None) -> str:
    """'Events / 5 GeV' for uniform bins, 'Events / bin' for variable (or log) bins, 'Events /
    GeV' when normalised to the bin width.

    The unit is the bracketed end of the x label, e.g. 'p_T [GeV]'.
    """
    unit_match = _UNIT_RE.search(xlabel or axis.label or "")
    unit = unit_match.group(1) if unit_match else ""
    if per_width:
        return f"Events / {unit}" if unit else "Events / unit of x"
    widths = np.diff(axis.edges)
    if np.allclose(widths, widths[0]):
        if not unit and math.isclose(widths[0], 1.0):
            return "Events"  # a count (jets, b tags): one bin per value
        width = format_width(float(widths[0]))
        return f"Events / {width} {unit}".rstrip() if unit else f"Events / {width}"
    return "Events / bin"


def format_width(width: float) -> str:
    """A bin width as printed on an axis label: the fewest significant digits (up to three)
    that stay within 0.5 % of it, so 0.999 reads 1 and 2.5 stays 2.5."""
    if width <= 0 or not math.isfinite(width):
        return f"{width:g}"
    magnitude = math.floor(math.log10(width))
    text = f"{width:.3g}"
    for digits in (1, 2, 3):
        rounded = round(width, digits - 1 - magnitude)
        if abs(rounded - width) <= 0.005 * width:
            text = f"{rounded:g}"
            break
    return text


def _integer_ticks(ax: Axes, edges: np.ndarray) -> None:
    """A count (bins of width 1 centred on integers) gets one major tick per value, no minors."""
    widths = np.diff(edges)
    centers = 0.5 * (edges[1:] + edges[:-1])
    if np.allclose(widths, 1.0) and np.allclose(centers, np.round(centers)) and len(centers) <= 20:
        ax.xaxis.set_major_locator(FixedLocator(np.round(centers)))
        ax.xaxis.set_minor_locator(NullLocator())


def _set_xaxis(ax: Axes, edges: np.ndarray, logx: bool) -> None:
    """The observable's range; a log scale on request (from the first positive edge)."""
    if logx:
        positive = edges[edges > 0]
        ax.set_xscale("log")
        ax.set_xlim(positive[0] if len(positive) else 1e-3, edges[-1])
        return
    ax.set_xlim(edges[0], edges[-1])
    _integer_ticks(ax, edges)


def _xlabel(axis, xlabel: str | None) -> str:
    return xlabel or axis.label or axis.name


# --------------------------------------------------------------------------- drawing helpers


@dataclass
class _Component:
    label: str
    color: str
    values: np.ndarray
    signal: bool = False


def _merge_by_process(
    h: hist.Hist, mc: Sequence[Sample], fallback_colors: list[str]
) -> list[_Component]:
    """Nominal MC summed per process, ordered by yield (smallest at the bottom of the stack).

    Signal and background samples of one process name stay apart.
    """
    merged: dict[tuple[str, bool], _Component] = {}
    for sample in mc:
        values, _ = _slice(h, sample.name)
        key = (sample.process, sample.signal)
        comp = merged.get(key)
        if comp is None:
            color = sample.color or fallback_colors[len(merged) % len(fallback_colors)]
            label = sample.label if sample.process != sample.label else sample.process
            merged[key] = _Component(label, color, values.copy(), sample.signal)
        else:
            comp.values = comp.values + values
    return sorted(merged.values(), key=lambda c: (c.values.sum(), c.label))


#: set while :func:`plot_data_mc` / :func:`plot_histograms` build a figure that only they
#: draw (saved, then dropped): it gets a :class:`_SharedRendererCanvas`
_SHARE_RENDERER: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "chathep_share_renderer", default=False
)
_renderers = threading.local()
#: renderers kept per thread (one per figure size and dpi: the layout's, and the PNG's)
_MAX_SHARED_RENDERERS = 4


class _SharedRendererCanvas(FigureCanvasAgg):
    """An Agg canvas that draws with its thread's renderer of the same size and dpi, kept
    across figures, instead of a new one per figure. A renderer is a drawing surface, cleared
    at every draw; what it keeps is what it measured (matplotlib caches text extents and
    parsed mathtext per renderer): the tick labels, axis labels and legend texts that every
    plot of a session repeats are measured once, and the 16 MB pixel buffer is not allocated
    again. The pixels are those of a fresh renderer (tests/test_plotting.py).

    Only for figures that are drawn and dropped by this module (a figure drawn later by a
    caller, e.g. in a notebook, keeps a renderer of its own): the buffer is the next
    figure's once another figure of the thread is drawn.
    """

    def get_renderer(self) -> RendererAgg:
        w, h = self.get_width_height(physical=True)
        key = (w, h, self.figure.dpi)
        cache: dict = _renderers.__dict__.setdefault("by_key", {})  # this thread's
        renderer = cache.get(key)
        if renderer is None:
            if len(cache) >= _MAX_SHARED_RENDERERS:
                cache.clear()
            renderer = cache[key] = RendererAgg(w, h, self.figure.dpi)
        self.renderer, self._lastKey = renderer, key
        return renderer


@contextmanager
def _shared_renderer() -> Iterator[None]:
    """Figures made inside draw with :class:`_SharedRendererCanvas`."""
    token = _SHARE_RENDERER.set(True)
    try:
        yield
    finally:
        _SHARE_RENDERER.reset(token)


def _build_figure(
    with_ratio: bool, canvas: type[FigureCanvasAgg]
) -> tuple[Figure, Axes, Axes | None]:
    fig = Figure(figsize=(10, 10))
    canvas(fig)  # a renderer to measure the label and legend with; no GUI involved
    _LAYOUTS[fig] = with_ratio
    if with_ratio:
        grid = fig.add_gridspec(2, 1, height_ratios=(3, 1), hspace=0.06)
        ax = fig.add_subplot(grid[0])
        rax = fig.add_subplot(grid[1], sharex=ax)
        ax.tick_params(labelbottom=False)
        return fig, ax, rax
    return fig, fig.add_subplot(1, 1, 1), None


#: the layout (with a ratio panel or not) of each figure :func:`_new_figure` made
_LAYOUTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
#: per layout, a figure made ahead for the next plot (:func:`_make_spare`) and the rcParams
#: it was made with
_spares: dict[bool, tuple[dict, tuple[Figure, Axes, Axes | None]]] = {}
_spares_lock = threading.Lock()


def _new_figure(with_ratio: bool) -> tuple[Figure, Axes, Axes | None]:
    """An empty figure (10 x 10 in), with a ratio panel below the main axes or not. For
    :func:`plot_data_mc` / :func:`plot_histograms`: the one made ahead for this layout, if
    it was made with the rcParams now in effect (else a new one)."""
    if not _SHARE_RENDERER.get():
        return _build_figure(with_ratio, FigureCanvasAgg)
    with _spares_lock:
        spare = _spares.pop(with_ratio, None)
    if spare is not None and spare[0] == dict(matplotlib.rcParams):
        return spare[1]
    return _build_figure(with_ratio, _SharedRendererCanvas)


def _make_spare(fig: Figure) -> None:
    """Make the empty figure of ``fig``'s layout that the next plot will draw on, with as
    many tick objects as ``fig`` needed (under the rcParams ``fig`` was drawn with; the caller
    sets them). Run in the background once a plot is saved: matplotlib creates every tick
    mark and tick label as its own objects (~0.5 ms each, ~115 per data/MC figure, ~0.06 s),
    and the figure and axes take ~0.02 s more; extra ticks are never drawn (an axis draws
    the ticks of its locations only), missing ones are made when drawn."""
    layout = _LAYOUTS.get(fig)
    if layout is None:
        return
    spare = _build_figure(layout, _SharedRendererCanvas)
    for old, new in zip(fig.axes, spare[0].axes, strict=False):
        for old_axis, new_axis in ((old.xaxis, new.xaxis), (old.yaxis, new.yaxis)):
            new_axis.get_major_ticks(len(old_axis.majorTicks))
            new_axis.get_minor_ticks(len(old_axis.minorTicks))
    with _spares_lock:
        _spares[layout] = (dict(matplotlib.rcParams), spare)


def _draw_band(ax: Axes, edges: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
    """Hatched band between ``low`` and ``high``; a yield cannot go below zero, nor the band."""
    ax.stairs(
        high,
        edges,
        baseline=np.clip(low, 0.0, None),
        fill=True,
        facecolor="none",
        edgecolor=_BAND_COLOR,
        hatch=_HATCH,
        linewidth=0,
    )


def _draw_points(
    ax: Axes,
    edges: np.ndarray,
    y: np.ndarray,
    errors: np.ndarray,
    zero: np.ndarray,
    mask: np.ndarray | None = None,
):
    """Black markers with (asymmetric) error bars; ``zero`` bins only get their upper bar."""
    centers = 0.5 * (edges[1:] + edges[:-1])
    points = (y > 0) if mask is None else (mask & (y > 0))
    handle = ax.errorbar(
        centers[points],
        y[points],
        yerr=errors[:, points],
        fmt="o",
        color="black",
        markersize=6,
        linewidth=1.2,
    )
    if zero.any():
        ax.errorbar(
            centers[zero],
            np.zeros(int(zero.sum())),
            yerr=np.vstack([np.zeros(int(zero.sum())), errors[1, zero]]),
            fmt="none",
            color="black",
            linewidth=1.2,
        )
    return handle


def _band_handle(label: str) -> Patch:
    return Patch(facecolor="none", edgecolor=_BAND_COLOR, hatch=_HATCH, linewidth=0, label=label)


def _set_ylim(
    ax: Axes,
    top: float,
    totals: Sequence[np.ndarray],
    parts: Sequence[np.ndarray],
    logy: bool,
    free: float = 0.625,
) -> None:
    """y range whose lowest ``free`` fraction holds everything drawn (the rest is for labels).

    On log-y the floor keeps every total bin and every part's peak: ``totals`` (data, MC sum)
    must be visible in every filled bin, ``parts`` (stack layers, signal lines) at least at
    their maximum, so a small background under a large one does not set the scale.
    """
    top = top if top > 0 else 1.0
    if logy:
        lows = [float(t[t > 0].min()) for t in totals if (t > 0).any()]
        lows += [float(p.max()) for p in parts if (p > 0).any()]
        floor = min(lows) if lows else top * 1e-3
        low = 10 ** math.floor(math.log10(floor * 0.5))
        decades = math.log10(top / low)
        ax.set_yscale("log")
        ax.set_ylim(low, low * 10 ** (decades / free))
    else:
        ax.set_ylim(0, top / free)
        # large yields as 'x10^5' instead of six-digit tick labels that push the label out
        ax.ticklabel_format(axis="y", style="sci", scilimits=(-2, 4), useMathText=True)


#: what each figure's experiment label says, for PlotOutput.label and the PNG metadata
_LABELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _eras_warning(samples: Sequence[Sample], warns: list[str]) -> list[str]:
    """The eras drawn, sorted; a warning when there is more than one."""
    eras = sorted({s.era for s in samples})
    if len(eras) > 1:
        listing = ", ".join(f"{s.name} ({s.era})" for s in samples)
        warns.append(
            f"Samples of different eras in one plot: {listing}. The label states the eras; "
            "conditions and corrections differ between them."
        )
    return eras


def _experiment_label(
    ax: Axes,
    *,
    data: bool,
    simulated: bool,
    lumi_pb: float | None,
    sqrt_s_tev: float,
    eras: Sequence[str] = (),
) -> list:
    """CMS Open Data label for CMS files; a plain ChatHEP label for generated samples.

    Inside the frame (top left), luminosity and energy above it on the right (with the eras
    first when several are drawn). Returns the text artists drawn inside the frame.
    """
    rlabel = _rlabel(lumi_pb, sqrt_s_tev)
    if len(eras) > 1:
        rlabel = f"{' + '.join(eras)}, {rlabel}"
    _LABELS[ax.figure] = {
        "experiment": f"{SIMULATION_LABEL} Simulation" if simulated else f"CMS {EXPERIMENT_TEXT}",
        "data": data,
        "sqrt_s_tev": sqrt_s_tev,
        "lumi_pb": lumi_pb,
        "eras": list(eras),
        "text": rlabel,
    }
    with _no_draw(ax.figure):
        return _draw_label(ax, simulated=simulated, data=data, rlabel=rlabel)


@contextmanager
def _no_draw(fig: Figure) -> Iterator[None]:
    """mplhep draws the whole figure before appending a label's second text, only to measure
    text: our axes have fixed positions and text is measured without a draw, so the figure
    is drawn once (when saved) instead of twice; the pixels are the same
    (tests/test_plotting.py)."""
    canvas = fig.canvas
    canvas.draw = lambda *args, **kwargs: None  # this figure's canvas only
    try:
        yield
    finally:
        del canvas.draw


def _draw_label(ax: Axes, *, simulated: bool, data: bool, rlabel: str) -> list:
    if simulated:
        texts = mh.label.exp_label(
            exp=SIMULATION_LABEL,
            llabel="Simulation\npseudo-data" if data else "Simulation",
            rlabel=rlabel,
            loc=2,
            fontweight=("normal", "normal", "normal", "normal"),  # plain: not an experiment logo
            ax=ax,
        )
    else:
        texts = mh.cms.label(text=EXPERIMENT_TEXT, data=data, rlabel=rlabel, loc=2, ax=ax)
    return [t for t in texts[:2] if t is not None]


_LEGEND_GAP = 0.03  # axes fraction kept free between the legend (or label) and the highest bin


def _axes_box(ax: Axes, artist) -> np.ndarray:
    """``[[x0, y0], [x1, y1]]`` of an artist in axes fractions."""
    renderer = ax.figure.canvas.get_renderer()
    return ax.transAxes.inverted().transform(artist.get_window_extent(renderer))


def _wrap_items(ax: Axes, head: str, items: Sequence[str], width: float, **text_kw) -> str:
    """``head`` + comma-separated items, broken into lines no wider than ``width`` (axes frac.)."""
    probe = ax.text(0, 0, "", transform=ax.transAxes, **text_kw)
    lines: list[str] = []
    line = head
    for i, item in enumerate(items):
        piece = item + ("," if i < len(items) - 1 else "")
        trial = f"{line} {piece}" if line else piece
        probe.set_text(trial)
        box = _axes_box(ax, probe)
        if line and line != head and box[1, 0] - box[0, 0] > width:
            lines.append(line)
            line = piece
        else:
            line = trial
    lines.append(line)
    probe.remove()
    return "\n".join(lines)


def _place_legend(
    ax: Axes,
    handles: list,
    labels: list[str],
    *,
    title: str | None,
    label_texts: Sequence,
    note_head: str = "",
    note_items: Sequence[str] = (),
    note_line: str = "",
) -> float:
    """One legend inside the frame, top right, beside the experiment label; returns the fraction
    of the axes height left free below the legend, its note and the label.

    Two columns for more than four entries; the font shrinks (then one column is tried) until
    the legend fits between the label and the right edge. If nothing fits, the legend goes
    below the label, across the frame. An optional note (e.g. samples without events) is written
    under the legend, right-aligned, in a smaller font, followed by ``note_line`` (e.g. how
    the under/overflow is shown).
    """
    boxes = [_axes_box(ax, text) for text in label_texts]
    left_limit = max((b[1, 0] for b in boxes), default=0.0) + 0.03
    label_bottom = min((b[0, 1] for b in boxes), default=1.0)
    if not handles:
        return max(0.3, label_bottom - _LEGEND_GAP)
    ncol = 2 if len(labels) > 4 else 1
    candidates = list(
        dict.fromkeys([(ncol, "small"), (ncol, "x-small"), (1, "small"), (1, "x-small")])
    )
    common = {"title": title, "frameon": False, "borderaxespad": 0.6, "columnspacing": 1.0}
    legend = None
    size = "x-small"
    for ncol, size in candidates:
        legend = ax.legend(
            handles,
            labels,
            loc="upper right",
            ncol=ncol,
            fontsize=size,
            title_fontsize=size,
            **common,
        )
        if _axes_box(ax, legend)[0, 0] >= left_limit:
            break
    else:  # too wide beside the label: below it, across the frame
        ncol, size = candidates[1]
        legend = ax.legend(
            handles,
            labels,
            loc="upper right",
            bbox_to_anchor=(0.0, 0.0, 1.0, label_bottom - 0.01),
            bbox_transform=ax.transAxes,
            ncol=ncol,
            fontsize=size,
            title_fontsize=size,
            **common,
        )
        label_bottom = 1.0
    box = _axes_box(ax, legend)
    bottom = box[0, 1]
    if note_items or note_line:
        small = {"fontsize": "xx-small" if size == "x-small" else "x-small", "color": "0.25"}
        width = 1.0 - left_limit - 0.02
        lines = [_wrap_items(ax, note_head, note_items, width, **small)] if note_items else []
        note = "\n".join([*lines, note_line] if note_line else lines)
        text = ax.text(
            box[1, 0] - 0.01,
            bottom,
            note,
            transform=ax.transAxes,
            ha="right",
            va="top",
            **small,
        )
        bottom = _axes_box(ax, text)[0, 1]
    return max(0.3, min(bottom, label_bottom) - _LEGEND_GAP)


def _finish(fig: Figure, ax: Axes, *, empty: bool) -> None:
    if empty:
        ax.text(
            0.5,
            0.5,
            "No events selected",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="0.4",
        )
    fig.align_ylabels()


@contextmanager
def _no_warnings_to_terminal() -> Iterator[None]:
    """Matplotlib and mplhep warnings (a glyph missing from the font, a log axis without
    positive values) are for whoever debugs the plot: logged at debug level, never printed
    into the user's terminal or notebook. What the user must know goes into the plot's
    ``warnings`` instead."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for item in caught:
        log.debug("plotting: %s: %s", item.category.__name__, item.message)


def _save(fig: Figure, out: Path, *, pdf: bool = True) -> tuple[Path, Path]:
    """Write ``<stem>.png`` and ``<stem>.pdf`` without time stamps (reproducible files);
    ``pdf=False``: the PNG only (the caller writes the PDF with :func:`_write_pdf_later`)."""
    out = Path(out)
    stem = out.with_suffix("") if out.suffix in (".png", ".pdf") else out
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, pdf_path = stem.with_name(stem.name + ".png"), stem.with_name(stem.name + ".pdf")
    label = _LABELS.get(fig)
    metadata = {"Software": None}
    if label:
        metadata["Description"] = json.dumps(label)
    _write_png(fig, png, metadata)
    if pdf:
        fig.savefig(pdf_path, metadata=PDF_METADATA)
    return png, pdf_path


class _PixelSink:
    """The file object ``savefig(format="rgba")`` writes the Agg buffer to: it keeps a view
    of the buffer (valid until the renderer draws again) instead of a 16 MB copy."""

    def __init__(self) -> None:
        self.pixels: memoryview | None = None

    def write(self, data: memoryview) -> None:
        self.pixels = memoryview(data)

    def seek(self, *args: object) -> None:  # a file handle for matplotlib (never called)
        raise OSError("not seekable")


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def _png_text(key: str, value: str) -> bytes:
    """A tEXt chunk (Latin-1), or iTXt (UTF-8) for text Latin-1 cannot hold."""
    try:
        return _png_chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:
        return _png_chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + value.encode())


#: rows compressed per call: bounded memory, few calls
_PNG_ROWS_PER_CALL = 64


def png_bytes(rgba: np.ndarray, *, dpi: float, text: Mapping[str, str] | None = None) -> bytes:
    """A PNG file of an 8-bit RGBA image (``height x width x 4``): filter type None on every
    row and zlib level :data:`PNG_COMPRESSION`, the image's ``dpi`` (pHYs) and ``text``
    chunks. Lossless, like PIL's encoder, which tries the five PNG row filters on every row:
    that choice takes more time than the compression (2000 x 2000 plot: ~0.09 s with PIL,
    ~0.04 s here, for a file ~5% larger)."""
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"png_bytes needs an 8-bit RGBA image, not {rgba.dtype} {rgba.shape}")
    height, width = rgba.shape[:2]
    rows = np.ascontiguousarray(rgba).reshape(height, width * 4)
    block = np.zeros((min(_PNG_ROWS_PER_CALL, height), width * 4 + 1), dtype=np.uint8)
    compressor = zlib.compressobj(PNG_COMPRESSION)
    parts = []
    for first in range(0, height, len(block)):
        n = min(len(block), height - first)
        block[:n, 1:] = rows[first : first + n]  # column 0: filter type 0 (None)
        parts.append(compressor.compress(block[:n]))
    parts.append(compressor.flush())
    per_metre = int(dpi / 0.0254 + 0.5)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),
            _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
            *(_png_text(k, v) for k, v in (text or {}).items()),
            _png_chunk(b"IDAT", b"".join(parts)),
            _png_chunk(b"IEND", b""),
        ]
    )


def _write_png(fig: Figure, png: Path, metadata: Mapping[str, str | None]) -> None:
    """``fig`` at :data:`DPI` as ``png``: matplotlib draws it (``savefig``, as for any
    format), :func:`png_bytes` encodes the pixels. ``metadata``: text chunks (None: none)."""
    sink = _PixelSink()
    fig.savefig(sink, format="rgba", dpi=DPI)
    assert sink.pixels is not None  # savefig wrote the buffer
    pixels = np.asarray(sink.pixels)
    text = {k: v for k, v in metadata.items() if v is not None}
    png.write_bytes(png_bytes(pixels, dpi=DPI, text=text))


PDF_METADATA = {"CreationDate": None, "ModDate": None, "Producer": None}
_pdf_writers: list[threading.Thread] = []


def wait_for_pdfs() -> None:
    """Wait for the PDFs still being written in the background (:func:`plot_result` with
    ``pdf_in_background``), and the figure made ahead for the next plot after each.
    Every plot calls it first: matplotlib, and its global rcParams, are used by one thread
    at a time."""
    while True:
        try:
            writer = _pdf_writers.pop(0)
        except IndexError:  # none left (or another thread took the last one)
            return
        writer.join()


def _write_pdf_later(fig: Figure, pdf: Path, rc: dict) -> None:
    """Write ``fig`` as ``pdf`` in a thread, with the rcParams it was drawn with (``rc``: ticks
    are made at draw time); the file appears complete or not at all. Then make the next
    plot's figure ahead (:func:`_make_spare`), while the user reads this one. A non-daemon
    thread: the interpreter finishes it before it exits."""

    def write() -> None:
        tmp = pdf.with_name(f".{pdf.name}.partial")
        with matplotlib.rc_context():
            dict.update(matplotlib.rcParams, rc)
            try:
                fig.savefig(tmp, format="pdf", metadata=PDF_METADATA)
                tmp.replace(pdf)
            except Exception:  # the PNG is there; the PDF is a second copy
                log.warning("could not write %s", pdf, exc_info=True)
                tmp.unlink(missing_ok=True)
            if not threading.main_thread().is_alive():
                return  # the interpreter is exiting (e.g. `chathep ask`): no next plot
            try:
                _make_spare(fig)
            except Exception:  # the next plot makes its figure itself
                log.debug("could not make a figure ahead", exc_info=True)

    writer = threading.Thread(target=write, name="chathep-pdf")
    _pdf_writers.append(writer)
    writer.start()


_prepared = threading.Lock()
_prepared_done = False


def prepare() -> None:
    """Pay matplotlib's once-per-process costs now: the CMS style, its fonts, the mathtext
    parser, the PNG and PDF writers, the first plot's figure (the first plot of a process
    costs seconds more than the next). The agent calls it in the background while the
    sandbox runs; idempotent."""
    global _prepared_done
    wait_for_pdfs()
    with _prepared:
        if _prepared_done:
            return
        import io

        with matplotlib.style.context(mh.style.CMS):
            fig, ax, rax = _new_figure(with_ratio=True)
            _experiment_label(ax, data=True, simulated=False, lumi_pb=1.0, sqrt_s_tev=13.0)
            ax.set_ylabel(r"Events / 2 GeV")
            (rax or ax).set_xlabel(r"$m_{\mu\mu}$ [GeV]")
            ax.legend(handles=[_band_handle("MC stat. unc.")], title="Data")
            fig.savefig(io.BytesIO(), format="png", dpi=DPI)
            fig.savefig(io.BytesIO(), format="pdf")
            _make_spare(fig)  # the first plot's figure
        _LABELS.pop(fig, None)
        _prepared_done = True


def _split_samples(
    h: hist.Hist, samples: Mapping[str, Sample], warns: list[str]
) -> tuple[list[Sample], list[Sample]]:
    in_hist = list(h.axes[DATASET_AXIS])
    unknown = [d for d in in_hist if d not in samples]
    if unknown:
        warns.append(f"Histogram datasets {unknown} are not in the sample list and are not drawn.")
    missing = [name for name in samples if name not in in_hist]
    if missing:
        warns.append(f"No histogram for samples {missing}: they are missing from the plot.")
    chosen = [samples[d] for d in in_hist if d in samples]
    return [s for s in chosen if s.is_data], [s for s in chosen if not s.is_data]


# --------------------------------------------------------------------------- public plots


def plot_data_mc(
    h: hist.Hist,
    samples: Mapping[str, Sample],
    *,
    lumi_pb: float | None,
    sqrt_s_tev: float,
    out: Path,
    logy: bool = False,
    title: str | None = None,
    xlabel: str | None = None,
    show_yields: bool = False,
    flow: bool = False,
    logx: bool = False,
    per_width: bool = False,
    systematics: Sources | None = None,
    sample_systematics: SampleSystematics | None = None,
    pdf_in_background: bool = False,
    blind: tuple[float, float] | None = None,
    mc_to_data: bool = False,
) -> PlotOutput:
    """Data points over the stacked MC (merged by process), MC stat+syst band, data/MC ratio.

    Writes ``<out>.png`` (200 dpi) and ``<out>.pdf``. ``samples`` are the samples of the
    request (a sample listed here but absent from ``h`` is reported as missing). Empty
    histograms, MC only, data only or missing samples give a labelled plot and a warning, never
    an exception. ``lumi_pb`` defaults to the summed luminosity of the data samples drawn.
    Contents are events per bin ("Events / 5 GeV", or "Events / bin" for variable bins);
    ``per_width=True`` divides each bin by its width ("Events / GeV"); ``logx`` draws the
    observable on a log axis; ``flow=True`` adds the underflow to the first and the overflow
    to the last bin. ``blind=(low, high)``: the data bins overlapping the window are hidden
    (no point, no ratio) and the window is shaded "Blinded". ``mc_to_data=True`` scales the
    simulation (stack, band and overlaid signals) by one factor so that the stack's total in
    the drawn bins equals the data's (blinded bins left out of both sums); the factor is
    stated in the warnings and the legend, and the luminosity uncertainty is left out of the
    band (the normalisation is taken from the data).
    """
    wait_for_pdfs()
    with _no_warnings_to_terminal(), matplotlib.style.context(mh.style.CMS), _shared_renderer():
        fig, warns = data_mc_figure(
            h,
            samples,
            lumi_pb=lumi_pb,
            sqrt_s_tev=sqrt_s_tev,
            logy=logy,
            title=title,
            xlabel=xlabel,
            show_yields=show_yields,
            flow=flow,
            blind=blind,
            logx=logx,
            per_width=per_width,
            systematics=systematics,
            sample_systematics=sample_systematics,
            mc_to_data=mc_to_data,
        )
        png, pdf = _save(fig, out, pdf=not pdf_in_background)
        rc = dict(matplotlib.rcParams)
    if pdf_in_background:  # after the style context: the writer alone touches rcParams now
        _write_pdf_later(fig, pdf, rc)
    return PlotOutput(png=png, pdf=pdf, warnings=warns, label=dict(_LABELS.get(fig, {})))


def _event_weights(mc_samples: Sequence[Sample], lumi_pb: float | None) -> dict[str, float]:
    """The mean weight of one event of each MC sample at ``lumi_pb``: xsec x eff x L / n_events
    (eff: the filter efficiency of a filtered sample)."""
    if not lumi_pb:
        return {}
    return {
        s.name: (s.xsec_eff_pb or 0.0) * lumi_pb / s.n_events
        for s in mc_samples
        if s.n_events > 0 and s.xsec_pb
    }


def data_mc_figure(
    h: hist.Hist,
    samples: Mapping[str, Sample],
    *,
    lumi_pb: float | None,
    sqrt_s_tev: float,
    logy: bool = False,
    title: str | None = None,
    xlabel: str | None = None,
    show_yields: bool = False,
    flow: bool = False,
    logx: bool = False,
    per_width: bool = False,
    systematics: Sources | None = None,
    sample_systematics: SampleSystematics | None = None,
    blind: tuple[float, float] | None = None,
    mc_to_data: bool = False,
) -> tuple[Figure, list[str]]:
    """The figure behind :func:`plot_data_mc` (not saved), for notebooks and the web UI."""
    _check_axes(h)
    warns: list[str] = []
    data_samples, mc_samples = _split_samples(h, samples, warns)
    flow_note = _flow_note(h, [s.name for s in data_samples + mc_samples], flow, warns)
    h = fold_flow(h) if flow else h
    for s in data_samples + mc_samples:
        if not math.isclose(s.sqrt_s_tev, sqrt_s_tev):
            warns.append(
                f"{s.name} was recorded or simulated at {s.sqrt_s_tev:g} TeV but the plot is "
                f"labelled {sqrt_s_tev:g} TeV: samples of different eras should not be compared."
            )
    if lumi_pb is None and data_samples:
        lumi_pb = sum(s.lumi_pb or 0.0 for s in data_samples) or None
    eras = _eras_warning(data_samples + mc_samples, warns)

    axis = _observable(h)
    edges = np.asarray(axis.edges, dtype=float)
    widths = np.diff(edges)
    scale = 1.0 / widths if per_width else np.ones_like(widths)

    data_counts = np.zeros(len(widths))
    data_sumw2 = np.zeros(len(widths))
    for s in data_samples:
        values, variances = _slice(h, s.name)
        data_counts += values
        data_sumw2 += variances
    hidden = np.zeros(len(widths), dtype=bool)
    if blind is not None:  # the data in the window are not shown (chathep.blinding)
        hidden = (edges[1:] > blind[0]) & (edges[:-1] < blind[1])
        data_counts[hidden] = 0.0
        data_sumw2[hidden] = 0.0
    merged = _merge_by_process(h, mc_samples, list(_FALLBACK_COLORS))
    empty_comps = [c for c in merged if not c.values.any()]
    stack = [c for c in merged if c.values.any() and not c.signal]
    signals = [c for c in merged if c.values.any() and c.signal]
    if not stack:  # nothing to overlay on: the signal is the whole prediction, stacked
        stack, signals = signals, []
    overlay = bool(signals)
    # the band and the ratio are those of the stack: the background when a signal is overlaid
    stacked = [s.name for s in mc_samples if not (overlay and s.signal)]
    # the luminosity uncertainty of the data the MC is normalised to (the largest, if several)
    lumi_unc = max((s.lumi_uncertainty or 0.0 for s in data_samples), default=0.0)
    if mc_to_data:  # the normalisation is taken from the data: no luminosity uncertainty
        lumi_unc = 0.0
    band = mc_uncertainty_band(
        h,
        stacked,
        systematics,
        event_weights=_event_weights(mc_samples, lumi_pb),
        norm_uncertainty=lumi_unc,
        sample_systematics=sample_systematics,
    )
    scaled: str | None = None  # the legend's line saying the MC is scaled to the data
    if mc_to_data:
        k = _scale_to_data(data_samples, data_counts, band.nominal, hidden, warns)
        if k is not None:
            band = _scaled_band(band, k)
            for c in merged:
                c.values = c.values * k
            scaled = f"MC scaled to data ($\\times${k:.3g})"
    has_data = bool(data_samples) and data_counts.any()
    has_mc = bool(stack)
    has_syst = bool((band.syst_up + band.syst_down).any())

    if not data_samples and not mc_samples:
        warns.append("No data sample and no simulation in this histogram: nothing to draw.")
    elif not data_samples:
        warns.append("No data sample in this histogram: showing simulation only.")
    elif not has_data:
        warns.append("The data histogram is empty (no selected events).")
    if data_samples and not mc_samples:
        warns.append("No simulation in this histogram: showing data only, no ratio.")
    elif mc_samples and not has_mc:
        warns.append("The simulation histogram is empty (no selected events).")

    stack_top = float(np.max(band.nominal * scale, initial=0.0))
    factor = signal_scale(
        max((float(np.max(c.values * scale)) for c in signals), default=0.0), stack_top
    )
    simulated = any(s.era in SIMULATED_ERAS for s in (data_samples or mc_samples))

    with matplotlib.style.context(mh.style.CMS):
        fig, ax, rax = _new_figure(with_ratio=bool(data_samples) and bool(mc_samples))
        handles: list = []
        labels: list[str] = []
        if stack:
            mh.histplot(
                [c.values * scale for c in stack],
                edges,
                ax=ax,
                stack=True,
                histtype="fill",
                color=[c.color for c in stack],
                edgecolor="black",
                linewidth=0.8,
                flow="none",
            )
            low, high = (band.nominal - band.down) * scale, (band.nominal + band.up) * scale
            _draw_band(ax, edges, low, high)
            for comp in reversed(stack):
                handles.append(Patch(facecolor=comp.color, edgecolor="black", linewidth=0.8))
                labels.append(_with_yield(comp.label, comp.values.sum(), show_yields))
        for i, comp in enumerate(reversed(signals)):
            style = ("-", "--", ":", "-.")[i % 4]
            mh.histplot(
                comp.values * scale * factor,
                edges,
                ax=ax,
                histtype="step",
                color=comp.color,
                linewidth=2.5,
                linestyle=style,
                flow="none",
                zorder=5,
            )
            handles.append(Line2D([], [], color=comp.color, linewidth=2.5, linestyle=style))
            labels.append(_with_yield(comp.label, comp.values.sum(), show_yields, factor))
        if stack:
            handles.append(_band_handle(""))
            unc = "Bkg." if overlay else "MC"
            labels.append(f"{unc} stat. $\\oplus$ syst. unc." if has_syst else f"{unc} stat. unc.")
            if scaled:
                handles.append(Line2D([], [], linestyle="none"))
                labels.append(scaled)
        interval = data_interval(data_counts, data_sumw2)
        if data_samples:
            # empty data bins get the Garwood upper edge (no marker) where the stack predicts
            # at least EMPTY_BIN_MIN_PRED events (below that an empty bin is expected and its
            # 1.84-event bar would only hide the prediction), and never when the data are empty
            zero = (data_counts == 0) & (band.nominal >= EMPTY_BIN_MIN_PRED) & has_data & ~hidden
            errors = np.vstack([data_counts - interval[0], interval[1] - data_counts])
            handle = _draw_points(ax, edges, data_counts * scale, errors * scale, zero)
            handles.insert(0, handle)
            labels.insert(0, _with_yield("Data", data_counts.sum(), show_yields))

        tops = [0.0]
        if stack:
            tops.append(float(np.max((band.nominal + band.up) * scale, initial=0.0)))
        tops += [float(np.max(c.values * scale * factor)) for c in signals]
        if data_samples:
            tops.append(float(np.max(interval[1] * scale * (data_counts > 0), initial=0.0)))
        _set_xaxis(ax, edges, logx)
        ax.set_ylabel(_ylabel(axis, per_width, xlabel))
        label_texts = _experiment_label(
            ax,
            data=bool(data_samples),
            simulated=simulated,
            lumi_pb=lumi_pb,
            sqrt_s_tev=sqrt_s_tev,
            eras=eras,
        )
        free = _place_legend(
            ax,
            handles,
            labels,
            title=title,
            label_texts=label_texts,
            note_head="No events:",
            note_items=[c.label for c in reversed(empty_comps)],
            note_line=flow_note,
        )
        _set_ylim(
            ax,
            max(tops),
            [band.nominal * scale, data_counts * scale],
            [c.values * scale for c in stack] + [c.values * scale * factor for c in signals],
            logy,
            free,
        )

        if rax is not None:
            _draw_ratio(
                rax,
                edges,
                data_counts,
                interval,
                band,
                points=has_data,
                ylabel="Data / Bkg." if overlay else "Data / MC",
                hidden=hidden,
            )
            rax.set_xlabel(_xlabel(axis, xlabel))
        else:
            ax.set_xlabel(_xlabel(axis, xlabel))
        if hidden.any():
            _shade_blinded(ax, rax, edges, hidden)
        _finish(fig, ax, empty=not has_data and not has_mc)
    _LABELS.setdefault(fig, {})["flow"] = flow_note or None
    return fig, warns


def _scale_to_data(
    data_samples: Sequence[Sample],
    data_counts: np.ndarray,
    stack_total: np.ndarray,
    hidden: np.ndarray,
    warns: list[str],
) -> float | None:
    """The factor that makes the stack's total equal the data's in the drawn bins (blinded
    bins left out of both), with the statement of it in ``warns``; None, said why, when there
    is nothing to scale to."""
    shown = ~hidden
    n_data = float(data_counts[shown].sum())
    n_mc = float(stack_total[shown].sum())
    if not data_samples or n_data <= 0 or n_mc <= 0:
        what = "no data" if not data_samples or n_data <= 0 else "no simulated events"
        warns.append(
            f"The simulation is not scaled to the data yield: {what} in the plotted range; it "
            "is drawn normalised to the data luminosity."
        )
        return None
    k = n_data / n_mc
    where = " outside the blinded window" if hidden.any() else ""
    warns.append(
        f"The simulation is scaled by {k:.4g} to the data yield in the plotted range{where} "
        f"({format_yield(n_data)} data events, {format_yield(n_mc)} predicted); the band has "
        "no luminosity uncertainty."
    )
    return k


def _scaled_band(band: Band, k: float) -> Band:
    """``band`` with every term multiplied by ``k`` (the relative uncertainties stay)."""
    return Band(
        nominal=band.nominal * k,
        stat=band.stat * k,
        syst_up=band.syst_up * k,
        syst_down=band.syst_down * k,
        empty_up=None if band.empty_up is None else band.empty_up * k,
    )


def _shade_blinded(ax: Axes, rax: Axes | None, edges: np.ndarray, hidden: np.ndarray) -> None:
    """A grey band over the blinded bins, labelled "Blinded" (chathep.blinding)."""
    low, high = float(edges[:-1][hidden][0]), float(edges[1:][hidden][-1])
    for axes in (ax, rax):
        if axes is not None:
            axes.axvspan(low, high, facecolor="lightgrey", edgecolor="none", alpha=0.5, zorder=0)
    ax.text(
        0.5 * (low + high),
        0.3,
        "Blinded",
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="center",
        color="grey",
        fontsize=14,
    )


def _with_yield(label: str, total: float, show: bool, factor: int = 1) -> str:
    parts = [format_yield(total)] if show else []
    if factor != 1:
        parts.append(f"×{factor}")
    return f"{label} ({', '.join(parts)})" if parts else label


def _draw_ratio(
    rax: Axes,
    edges: np.ndarray,
    data: np.ndarray,
    interval: np.ndarray,
    band: Band,
    *,
    points: bool = True,
    ylabel: str = "Data / MC",
    hidden: np.ndarray | None = None,
) -> None:
    """Data/MC with the data's Garwood interval; the MC band drawn around 1 (``hidden``:
    blinded bins, no point).

    Bins without a prediction get neither band nor point; ``points=False`` (no data events)
    draws the band only. The range is 0-2 unless a point lies above 1.8.
    """
    mc = band.nominal
    ok = mc > 0
    safe = np.where(ok, mc, 1.0)
    shown = ok if hidden is None else ok & ~hidden
    _draw_band(
        rax,
        edges,
        np.where(ok, 1 - band.down / safe, np.nan),
        np.where(ok, 1 + band.up / safe, np.nan),
    )
    rax.axhline(1.0, color="black", linestyle="--", linewidth=1)
    ratio = np.where(ok, data / safe, 0.0)
    marker = shown & (data > 0) & points
    if points:
        err = np.vstack([(data - interval[0]) / safe, (interval[1] - data) / safe])
        err[:, ~ok] = 0.0
        empty = shown & (data == 0) & (mc >= EMPTY_BIN_MIN_PRED)
        _draw_points(rax, edges, ratio, err, empty, mask=shown)
    top = float(np.max(ratio[marker], initial=1.0))
    ymax = 2.0 if top < 1.8 else min(5.0, math.ceil(top * 1.25))
    rax.set_ylim(0.0, ymax)
    off_scale = marker & (ratio > ymax)
    if off_scale.any():  # a ratio above the frame is marked by an arrow head at the edge
        centers = 0.5 * (edges[1:] + edges[:-1])
        rax.plot(
            centers[off_scale],
            np.full(int(off_scale.sum()), 0.92 * ymax),
            linestyle="none",
            marker="^",
            color="black",
            markersize=9,
        )
    rax.set_ylabel(ylabel)


def plot_histograms(
    h: hist.Hist,
    samples: Mapping[str, Sample],
    *,
    sqrt_s_tev: float,
    out: Path,
    lumi_pb: float | None = None,
    logy: bool = False,
    title: str | None = None,
    xlabel: str | None = None,
    density: bool = False,
    flow: bool = False,
    logx: bool = False,
    per_width: bool = False,
    systematics: Sources | None = None,
    sample_systematics: SampleSystematics | None = None,
    pdf_in_background: bool = False,
) -> PlotOutput:
    """Shape plot without a data/MC comparison, e.g. one ttbar sample or several MC processes.

    Each process is one histogram (filled if it is the only one, outlined otherwise) with its own
    hatched stat (+) syst band; data samples are drawn as points with Garwood intervals.
    ``density`` normalises every process to unit area, for shape comparisons; ``per_width``
    divides each bin by its width ("Events / GeV"); ``logx`` as in :func:`plot_data_mc`. Writes
    ``<out>.png`` and ``<out>.pdf``; problems are warnings, as in :func:`plot_data_mc`.
    """
    wait_for_pdfs()
    with _no_warnings_to_terminal(), matplotlib.style.context(mh.style.CMS), _shared_renderer():
        fig, warns = histograms_figure(
            h,
            samples,
            sqrt_s_tev=sqrt_s_tev,
            lumi_pb=lumi_pb,
            logy=logy,
            title=title,
            xlabel=xlabel,
            density=density,
            flow=flow,
            logx=logx,
            per_width=per_width,
            systematics=systematics,
            sample_systematics=sample_systematics,
        )
        png, pdf = _save(fig, out, pdf=not pdf_in_background)
        rc = dict(matplotlib.rcParams)
    if pdf_in_background:  # after the style context: the writer alone touches rcParams now
        _write_pdf_later(fig, pdf, rc)
    return PlotOutput(png=png, pdf=pdf, warnings=warns, label=dict(_LABELS.get(fig, {})))


def histograms_figure(
    h: hist.Hist,
    samples: Mapping[str, Sample],
    *,
    sqrt_s_tev: float,
    lumi_pb: float | None = None,
    logy: bool = False,
    title: str | None = None,
    xlabel: str | None = None,
    density: bool = False,
    flow: bool = False,
    logx: bool = False,
    per_width: bool = False,
    systematics: Sources | None = None,
    sample_systematics: SampleSystematics | None = None,
) -> tuple[Figure, list[str]]:
    """The figure behind :func:`plot_histograms` (not saved)."""
    _check_axes(h)
    warns: list[str] = []
    data_samples, mc_samples = _split_samples(h, samples, warns)
    flow_note = _flow_note(h, [s.name for s in data_samples + mc_samples], flow, warns)
    h = fold_flow(h) if flow else h
    eras = _eras_warning(data_samples + mc_samples, warns)
    axis = _observable(h)
    edges = np.asarray(axis.edges, dtype=float)
    widths = np.diff(edges)
    scale = 1.0 / widths if per_width else np.ones_like(widths)

    groups: dict[str, list[Sample]] = {}
    for s in mc_samples:
        groups.setdefault(s.process, []).append(s)
    data_counts = np.zeros(len(widths))
    data_sumw2 = np.zeros(len(widths))
    for s in data_samples:
        values, variances = _slice(h, s.name)
        data_counts += values
        data_sumw2 += variances
    if not groups and not data_samples:
        warns.append("Nothing to draw: no known sample in this histogram.")

    with matplotlib.style.context(mh.style.CMS):
        fig, ax, _ = _new_figure(with_ratio=False)
        handles: list = []
        labels: list[str] = []
        tops = [0.0]
        positives: list[np.ndarray] = []
        drawn_any = False
        filled = len(groups) == 1 and not data_samples
        for i, (process, members) in enumerate(groups.items()):
            band = mc_uncertainty_band(
                h, [s.name for s in members], systematics, sample_systematics=sample_systematics
            )
            total = band.nominal.sum()
            if total == 0:
                warns.append(f"The {process} histogram is empty (no selected events).")
            norm = 1.0 / total if density and total > 0 else 1.0
            color = members[0].color or _FALLBACK_COLORS[i % len(_FALLBACK_COLORS)]
            values = band.nominal * scale * norm
            mh.histplot(
                values,
                edges,
                ax=ax,
                histtype="fill" if filled else "step",
                color=color,
                edgecolor="black" if filled else color,
                linewidth=0.8 if filled else 2.0,
                flow="none",
            )
            low = (band.nominal - band.down) * scale * norm
            high = (band.nominal + band.up) * scale * norm
            _draw_band(ax, edges, low, high)
            label = members[0].label if len(members) == 1 else process
            handles.append(
                Patch(facecolor=color, edgecolor="black", linewidth=0.8)
                if filled
                else Patch(facecolor="none", edgecolor=color, linewidth=2.0)
            )
            labels.append(label)
            tops.append(float(np.max(high, initial=0.0)))
            positives.append(values)
            drawn_any = drawn_any or total > 0
        if groups:
            has_syst = any(
                mc_uncertainty_band(
                    h, [s.name for s in m], systematics, sample_systematics=sample_systematics
                ).syst_up.any()
                for m in groups.values()
            )
            handles.append(_band_handle(""))
            labels.append("Stat. $\\oplus$ syst. unc." if has_syst else "Stat. unc.")
        if data_samples:
            total = data_counts.sum()
            if total == 0:
                warns.append("The data histogram is empty (no selected events).")
            norm = 1.0 / total if density and total > 0 else 1.0
            interval = data_interval(data_counts, data_sumw2)
            errors = np.vstack([data_counts - interval[0], interval[1] - data_counts])
            handle = _draw_points(
                ax, edges, data_counts * scale * norm, errors * scale * norm, data_counts < 0
            )
            handles.insert(0, handle)
            labels.insert(0, "Data")
            tops.append(float(np.max(interval[1] * scale * norm * (data_counts > 0), initial=0)))
            positives.append(data_counts * scale * norm)
            drawn_any = drawn_any or total > 0

        _set_xaxis(ax, edges, logx)
        ylabel = _ylabel(axis, per_width, xlabel)
        if density:
            ylabel = ylabel.replace("Events", "Fraction of events")
        ax.set_ylabel(ylabel)
        ax.set_xlabel(_xlabel(axis, xlabel))
        chosen = data_samples or [s for m in groups.values() for s in m]
        label_texts = _experiment_label(
            ax,
            data=bool(data_samples),
            simulated=any(s.era in SIMULATED_ERAS for s in chosen),
            lumi_pb=lumi_pb,
            sqrt_s_tev=sqrt_s_tev,
            eras=eras,
        )
        free = 0.625
        if handles:
            free = _place_legend(
                ax, handles, labels, title=title, label_texts=label_texts, note_line=flow_note
            )
        _set_ylim(ax, max(tops), positives, [], logy, free)
        _finish(fig, ax, empty=not drawn_any)
    _LABELS.setdefault(fig, {})["flow"] = flow_note or None
    return fig, warns


def plot_result(
    result: AnalysisResult,
    catalog: Catalog,
    outdir: Path,
    *,
    flow: bool = False,
    show_yields: bool = False,
    pdf_in_background: bool = False,
    blind: Mapping[str, tuple[float, float]] | None = None,
) -> dict[str, PlotOutput]:
    """Plot every histogram of an engine result into ``outdir/<name>.png|.pdf``.

    ``blind``: histogram name -> mass window whose data are hidden (data/MC plots).

    Data and MC together give :func:`plot_data_mc`, otherwise :func:`plot_histograms`. The
    luminosity is the result's ``metadata.lumi_pb``, sqrt(s) that of the data (else of the first
    MC sample), log-y, log-x, events per unit of x (``density``) and the axis label come from
    the result's histogram info; a histogram under a selection of its own (its ``region``)
    has it as the legend's title. A histogram whose info says ``unit_area`` is a shape plot
    (:func:`plot_histograms` with ``density``): each process and the data normalised to unit
    area, data and MC alike (a blinded histogram's data, emptied in the window, are left out of
    it, with a warning: their shape would be wrong).

    ``pdf_in_background``: the PDFs are written in a thread after this returns (the PNGs are
    written here), each complete or not at all; the next plot, and the end of the process,
    wait for them (:func:`wait_for_pdfs`).
    """
    names = [n for n in result.samples if n in catalog.samples] or [
        n for h in result.histograms.values() for n in h.axes[DATASET_AXIS] if n in catalog.samples
    ]
    samples = {n: catalog.samples[n] for n in dict.fromkeys(names)}
    unknown = [n for n in result.samples if n not in catalog.samples]
    data = [s for s in samples.values() if s.is_data]
    reference = data[0] if data else next(iter(samples.values()), None)
    sqrt_s = reference.sqrt_s_tev if reference is not None else 13.0
    lumi = result.metadata.get("lumi_pb")
    lumi = float(lumi) if isinstance(lumi, int | float) and lumi > 0 else None
    outputs: dict[str, PlotOutput] = {}
    for name, h in result.histograms.items():
        info = result.histogram_info.get(name, {})
        common = {
            "lumi_pb": lumi,
            "sqrt_s_tev": sqrt_s,
            "out": Path(outdir) / name,
            "logy": bool(info.get("log_y", False)),
            "logx": bool(info.get("log_x", False)),
            "per_width": bool(info.get("density", False)),
            "xlabel": info.get("axis_label") or None,
            # a histogram under a selection of its own: the legend's title says which
            "title": info.get("region") or None,
            "flow": flow,
            "pdf_in_background": pdf_in_background,
            "systematics": result.systematic_sources,
            "sample_systematics": (
                None if result.systematics is None else result.systematics.get("samples")
            ),
        }
        window = (blind or {}).get(name)
        if info.get("unit_area"):
            shown, note = samples, None
            if window is not None and data:
                shown = {n: s for n, s in samples.items() if not s.is_data}
                with warnings.catch_warnings():  # "list indexing is experimental": dropped
                    warnings.simplefilter("ignore", UserWarning)  # datasets are meant to go
                    h = h[{DATASET_AXIS: [n for n in h.axes[DATASET_AXIS] if n in shown]}]
                note = (
                    f"The data are blinded in {window[0]:g}-{window[1]:g}: they are not drawn "
                    "in this plot normalised to unit area (their shape would be wrong)."
                )
            out = plot_histograms(h, shown, density=True, **common)
            if note:
                out.warnings.append(note)
        elif data and len(data) < len(samples):
            out = plot_data_mc(
                h,
                samples,
                show_yields=show_yields,
                blind=window,
                mc_to_data=bool(info.get("mc_to_data")),
                **common,
            )
        else:
            out = plot_histograms(h, samples, **common)
            if info.get("mc_to_data"):
                out.warnings.append(
                    "The simulation is not scaled to the data yield: this plot does not have "
                    "both data and simulation."
                )
        if unknown:
            out.warnings.append(f"Samples {unknown} are not in the catalog and are not drawn.")
        outputs[name] = out
    return outputs
