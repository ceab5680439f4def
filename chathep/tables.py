"""Cutflow and yields tables, as markdown (chat, Streamlit, reports) and as rich Tables (CLI).

Input is the engine's plain result data (``chathep.results``) or an ``Answer``'s fields: a
cutflow per sample, with rows ``(cut, events, sumw)``, ``{"cut", "events", "sumw"}`` or objects
with those attributes (first row "all events"), and yields per sample after all cuts,
``(events, sumw, sumw2)``, ``{"events", "sumw", "sumw2"}`` or objects with those attributes.
Weighted sums are events expected for the data luminosity; data have weight 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.table import Table
from scipy.stats import chi2, norm

from chathep.answer import CutflowRow
from chathep.catalog import Sample
from chathep.errors import DataError

__all__ = [
    "CutflowRow",
    "YieldRow",
    "YieldSummary",
    "cutflow_markdown",
    "cutflow_table",
    "format_number",
    "format_value_error",
    "histogram_markdown",
    "summarize_yields",
    "yields_markdown",
    "yields_table",
]

MISSING = "–"


@dataclass(frozen=True)
class YieldRow:
    sample: str
    events: int
    sumw: float
    sumw2: float


@dataclass(frozen=True)
class YieldSummary:
    """Totals after all cuts. ``ratio_err`` combines the data Poisson and MC stat errors."""

    mc_sumw: float
    mc_stat: float
    data_events: float
    ratio: float | None
    ratio_err: float | None


# --------------------------------------------------------------------------- input normalisation


def _as_cutflow(cutflow: Mapping[str, Sequence[Any]]) -> dict[str, list[CutflowRow]]:
    out: dict[str, list[CutflowRow]] = {}
    for sample, rows in cutflow.items():
        parsed = []
        for row in rows:
            try:
                if isinstance(row, Mapping):
                    cut, events, sumw = row["cut"], row["events"], row["sumw"]
                elif hasattr(row, "cut"):  # a CutflowRow (chathep.answer) and alike
                    cut, events, sumw = row.cut, row.events, row.sumw
                else:
                    cut, events, sumw = row
                parsed.append(CutflowRow(cut=str(cut), events=int(events), sumw=float(sumw)))
            except (KeyError, TypeError, ValueError):
                raise DataError(
                    f"Cutflow row {row!r} of sample {sample!r} is malformed.",
                    hint="Rows are (cut, events, sumw) or {'cut', 'events', 'sumw'}.",
                ) from None
        out[sample] = parsed
    return out


def _as_yields(yields: Mapping[str, Any]) -> list[YieldRow]:
    out = []
    for sample, y in yields.items():
        try:
            if isinstance(y, Mapping) and not y:  # the engine writes {} for a sample without events
                events, sumw, sumw2 = 0, 0.0, 0.0
            elif isinstance(y, Mapping):
                events, sumw, sumw2 = y["events"], y["sumw"], y["sumw2"]
            elif hasattr(y, "sumw2"):  # chathep.answer.Yield and alike
                events, sumw, sumw2 = y.events, y.sumw, y.sumw2
            else:
                events, sumw, sumw2 = y
            out.append(YieldRow(sample, int(events), float(sumw), float(sumw2)))
        except (KeyError, TypeError, ValueError):
            raise DataError(
                f"Yield {y!r} of sample {sample!r} is malformed.",
                hint="Yields are (events, sumw, sumw2) or {'events', 'sumw', 'sumw2'}.",
            ) from None
    return out


def _lookup(sample: str, samples: Mapping[str, Sample] | None) -> Sample | None:
    """Metadata from the given samples, else from the default catalog; None if unknown."""
    if samples is not None and sample in samples:
        return samples[sample]
    from chathep.catalog import default_catalog

    return default_catalog().samples.get(sample)


def _is_data(sample: str, samples: Mapping[str, Sample] | None) -> bool:
    """Unknown sample names count as MC."""
    info = _lookup(sample, samples)
    return info is not None and info.is_data


# --------------------------------------------------------------------------- number formatting


def format_number(x: float) -> str:
    """Compact, fixed-point where readable: 12345 -> '12345', 3.917 -> '3.917', 0.01234."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    ax = abs(x)
    if float(x).is_integer() and ax < 1e7:
        return f"{x:.0f}"
    if ax >= 1000:
        return f"{x:.0f}"
    if ax >= 1e-3:
        return f"{x:.4g}"
    return f"{x:.2e}"


def format_value_error(value: float, error: float) -> str:
    """``value ± error`` with the error to two significant digits and the value to match."""
    if error <= 0 or not math.isfinite(error):
        return format_number(value)
    exponent = math.floor(math.log10(error)) - 1  # last significant digit of the error
    if exponent < -8:
        return f"{value:.2e} ± {error:.1e}"
    if exponent > 0:  # 379063 ± 28020 -> 379000 ± 28000
        step = 10**exponent
        return f"{round(value / step) * step:.0f} ± {round(error / step) * step:.0f}"
    return f"{value:.{-exponent}f} ± {error:.{-exponent}f}"


def _percent(num: float, den: float) -> str:
    return f"{100.0 * num / den:.1f}%" if den else MISSING


# --------------------------------------------------------------------------- cutflow


def _cutflow_grid(
    cutflow: Mapping[str, Sequence[Any]], samples: Mapping[str, Sample] | None
) -> tuple[list[str], list[list[str]]]:
    """Header and rows shared by the markdown and rich renderings.

    Per sample: raw events ``N``; for MC also the weighted yield ``Σw``; and the efficiency
    of each cut relative to the previous one (weighted for MC, counts for data).
    """
    flows = _as_cutflow(cutflow)
    cuts: list[str] = []
    for rows in flows.values():
        for row in rows:
            if row.cut not in cuts:
                cuts.append(row.cut)
    header = ["Cut"]
    columns: list[list[str]] = []
    for sample, rows in flows.items():
        by_cut = {r.cut: r for r in rows}
        data = _is_data(sample, samples)
        n_col, w_col, e_col = [], [], []
        previous: CutflowRow | None = None
        for cut in cuts:
            row = by_cut.get(cut)
            if row is None:
                n_col.append(MISSING)
                w_col.append(MISSING)
                e_col.append(MISSING)
                continue
            n_col.append(str(row.events))
            w_col.append(format_number(row.sumw))
            if previous is None:
                e_col.append("")
            elif data:
                e_col.append(_percent(row.events, previous.events))
            else:
                e_col.append(_percent(row.sumw, previous.sumw))
            previous = row
        if data:
            header += [f"{sample} N", f"{sample} ε"]
            columns += [n_col, e_col]
        else:
            header += [f"{sample} N", f"{sample} Σw", f"{sample} ε"]
            columns += [n_col, w_col, e_col]
    rows_out = [[cut, *(col[i] for col in columns)] for i, cut in enumerate(cuts)]
    return header, rows_out


def cutflow_markdown(
    cutflow: Mapping[str, Sequence[Any]], samples: Mapping[str, Sample] | None = None
) -> str:
    """Cutflow as a GitHub-flavoured markdown table (ε: efficiency w.r.t. the previous cut)."""
    header, rows = _cutflow_grid(cutflow, samples)
    return _markdown(header, rows)


def cutflow_table(
    cutflow: Mapping[str, Sequence[Any]],
    samples: Mapping[str, Sample] | None = None,
    title: str | None = "Cutflow",
) -> Table:
    """Cutflow as a rich Table for the terminal."""
    header, rows = _cutflow_grid(cutflow, samples)
    table = Table(title=title, caption="ε: efficiency of the cut w.r.t. the previous row")
    table.add_column(header[0], style="bold")
    for name in header[1:]:
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(*row)
    return table


# --------------------------------------------------------------------------- yields


def summarize_yields(
    yields: Mapping[str, Any], samples: Mapping[str, Sample] | None = None
) -> YieldSummary:
    """Total MC (± stat), total data and data/MC.

    The ratio error adds the data Poisson error (sqrt N; for N = 0 the 68% Garwood upper edge,
    1.84) and the MC stat error in quadrature, relative to each total.
    """
    rows = _as_yields(yields)
    mc = [r for r in rows if not _is_data(r.sample, samples)]
    data = [r for r in rows if _is_data(r.sample, samples)]
    mc_sumw = sum(r.sumw for r in mc)
    mc_stat = math.sqrt(sum(r.sumw2 for r in mc))
    data_n = sum(r.sumw for r in data)
    ratio = ratio_err = None
    if data and mc and mc_sumw > 0:
        ratio = data_n / mc_sumw
        if data_n > 0:
            ratio_err = ratio * math.hypot(1.0 / math.sqrt(data_n), mc_stat / mc_sumw)
        else:
            ratio_err = float(chi2.ppf(norm.cdf(1.0), 2.0) / 2.0) / mc_sumw
    return YieldSummary(mc_sumw, mc_stat, data_n, ratio, ratio_err)


def _yields_grid(
    yields: Mapping[str, Any], samples: Mapping[str, Sample] | None
) -> tuple[list[str], list[list[str]], list[list[str]]]:
    rows = _as_yields(yields)
    header = ["Sample", "Process", "N (raw)", "Yield ± stat."]
    body = []
    for r in rows:
        info = _lookup(r.sample, samples)
        process = info.process if info is not None else ""
        if _is_data(r.sample, samples):
            body.append([r.sample, process or "data", str(r.events), format_number(r.sumw)])
        else:
            stat = math.sqrt(max(r.sumw2, 0.0))
            body.append([r.sample, process, str(r.events), format_value_error(r.sumw, stat)])
    s = summarize_yields(yields, samples)
    has_mc = any(not _is_data(r.sample, samples) for r in rows)
    has_data = any(_is_data(r.sample, samples) for r in rows)
    totals = []
    if has_mc:
        totals.append(["Total MC", "", "", format_value_error(s.mc_sumw, s.mc_stat)])
    if has_data:
        totals.append(["Data", "", "", format_number(s.data_events)])
    if s.ratio is not None and s.ratio_err is not None:
        totals.append(["Data / MC", "", "", format_value_error(s.ratio, s.ratio_err)])
    elif has_data and has_mc:
        totals.append(["Data / MC", "", "", MISSING])
    return header, body, totals


def yields_markdown(yields: Mapping[str, Any], samples: Mapping[str, Sample] | None = None) -> str:
    """Yields after all cuts per sample, total MC, data and data/MC, as markdown."""
    header, body, totals = _yields_grid(yields, samples)
    totals = [[f"**{row[0]}**", *row[1:]] for row in totals]
    return _markdown(header, body + totals, text_columns=2)


def yields_table(
    yields: Mapping[str, Any],
    samples: Mapping[str, Sample] | None = None,
    title: str | None = "Yields after all cuts",
) -> Table:
    """Yields as a rich Table; totals and data/MC in a separate section."""
    header, body, totals = _yields_grid(yields, samples)
    table = Table(title=title)
    table.add_column(header[0], style="bold")
    table.add_column(header[1])
    for name in header[2:]:
        table.add_column(name, justify="right")
    for row in body:
        table.add_row(*row)
    if totals:
        table.add_section()
        for row in totals:
            table.add_row(*row, style="bold")
    return table


# --------------------------------------------------------------------------- bin contents


def histogram_markdown(
    h: Any, *, systematic: str = "nominal", per_width: bool = False, unit: str = ""
) -> str:
    """Bin contents of an engine histogram (dataset x systematic x observable) as markdown.

    One row per bin, ``[low, high)`` from the axis edges (regular, log or variable bins alike),
    one column per dataset with ``sum of weights ± sqrt(sum of squared weights)``; with
    ``per_width`` the contents are divided by the bin width (events per ``unit``).
    """
    names = [ax.name for ax in h.axes]
    if len(names) != 3 or names[:2] != ["dataset", "systematic"]:
        raise DataError(
            f"Cannot tabulate a histogram with axes {names}.",
            hint="Tabulate the engine's histograms: axes dataset, systematic, observable.",
        )
    axis = h.axes[2]
    edges = [float(e) for e in axis.edges]
    widths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    datasets = list(h.axes[0])
    per = f" / {unit}" if unit else " / unit"
    header = [f"bin [{unit}]" if unit else "bin"]
    header += [f"{d}{per}" if per_width else d for d in datasets]
    rows = [
        [f"[{format_number(a)}, {format_number(b)})"]
        for a, b in zip(edges, edges[1:], strict=False)
    ]
    for dataset in datasets:
        cell = h[{"dataset": dataset, "systematic": systematic}]
        values, variances = cell.values(), cell.variances()
        for i, row in enumerate(rows):
            scale = 1.0 / widths[i] if per_width else 1.0
            value = float(values[i]) * scale
            error = math.sqrt(float(variances[i])) * scale if variances is not None else 0.0
            row.append(format_value_error(value, error))
    return _markdown(header, rows)


# --------------------------------------------------------------------------- markdown


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(header: list[str], rows: list[list[str]], text_columns: int = 1) -> str:
    align = ["---"] * text_columns + ["---:"] * (len(header) - text_columns)
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "| " + " | ".join(align) + " |",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
