"""Cutflow and yields tables: numbers against hand computations, markdown and rich rendering."""

from __future__ import annotations

import math

import awkward as ak
import numpy as np
import pytest
import uproot
from rich.console import Console

from chathep.errors import DataError
from chathep.tables import (
    cutflow_markdown,
    cutflow_table,
    format_number,
    format_value_error,
    summarize_yields,
    yields_markdown,
    yields_table,
)

DATA = "data_2018A_doublemuon"
DY = "dy_2018"


def _render(table) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(table)
    return console.export_text()


def _md_rows(md: str) -> list[list[str]]:
    lines = md.strip().splitlines()
    widths = {line.count(" | ") for line in lines}
    assert len(widths) == 1, "every markdown row must have the same number of cells"
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]


@pytest.mark.parametrize(
    ("value", "error", "text"),
    [
        (3.9172, 0.7810, "3.92 ± 0.78"),
        (1234.5, 15.3, "1234 ± 15"),
        (379063.0, 28020.0, "379000 ± 28000"),
        (0.012345, 0.00123, "0.0123 ± 0.0012"),
        (5.0, 0.0, "5"),
    ],
)
def test_format_value_error(value, error, text):
    assert format_value_error(value, error) == text


def test_format_number():
    assert format_number(40.0) == "40"
    assert format_number(0.0694) == "0.0694"
    assert format_number(123456.7) == "123457"
    assert format_number(3.2e-5) == "3.20e-05"


def test_yield_summary_against_hand_computation(catalog):
    yields = {
        DATA: (4, 4.0, 4.0),
        DY: {"events": 7, "sumw": 3.5, "sumw2": 0.49},
        "ttbar_semilep_2022": (3, 0.5, 0.09),
    }
    s = summarize_yields(yields, catalog.samples)
    mc, mc_err = 3.5 + 0.5, math.sqrt(0.49 + 0.09)
    ratio = 4.0 / mc
    assert s.mc_sumw == pytest.approx(mc)
    assert s.mc_stat == pytest.approx(mc_err)
    assert s.data_events == 4.0
    assert s.ratio == pytest.approx(ratio)
    assert s.ratio_err == pytest.approx(ratio * math.sqrt(1 / 4.0 + (mc_err / mc) ** 2))
    md = yields_markdown(yields, catalog.samples)
    rows = {r[0]: r for r in _md_rows(md)}
    assert rows["**Data / MC**"][3] == format_value_error(ratio, s.ratio_err) == "1.00 ± 0.54"
    assert rows["**Total MC**"][3] == "4.00 ± 0.76"
    assert rows[DY][1] == "DY" and rows[DY][2] == "7"


def test_yield_summary_zero_data_uses_garwood_upper_edge(catalog):
    s = summarize_yields({DATA: (0, 0.0, 0.0), DY: (5, 2.0, 0.4)}, catalog.samples)
    assert s.ratio == 0.0
    assert s.ratio_err == pytest.approx(1.8410216 / 2.0, rel=1e-6)


def test_empty_yield_entry_counts_as_zero(catalog):
    s = summarize_yields({DATA: {}, DY: (5, 2.0, 0.4)}, catalog.samples)
    assert s.data_events == 0.0 and s.ratio == 0.0


def test_yields_without_data_or_mc_have_no_ratio(catalog):
    md = yields_markdown({DY: (5, 2.0, 0.4)}, catalog.samples)
    assert "Data / MC" not in md and "Total MC" in md
    assert summarize_yields({DATA: (3, 3.0, 3.0)}).ratio is None


def test_cutflow_efficiencies_and_missing_cuts(catalog):
    cutflow = {
        DATA: [("all events", 40, 40.0), ("two muons", 30, 30.0), ("m window", 6, 6.0)],
        DY: [
            {"cut": "all events", "events": 40, "sumw": 0.4},
            {"cut": "two muons", "events": 20, "sumw": 0.25},
        ],
    }
    md = cutflow_markdown(cutflow, catalog.samples)
    rows = _md_rows(md)
    header, body = rows[0], {r[0]: r for r in rows[2:]}
    assert header == ["Cut", f"{DATA} N", f"{DATA} ε", f"{DY} N", f"{DY} Σw", f"{DY} ε"]
    assert body["two muons"][1:] == ["30", f"{100 * 30 / 40:.1f}%", "20", "0.25", "62.5%"]
    assert body["m window"][1:3] == ["6", "20.0%"]
    assert body["m window"][3:] == ["–", "–", "–"]  # DY has no such cut
    text = _render(cutflow_table(cutflow, catalog.samples))
    assert "62.5%" in text and "Cutflow" in text


def test_malformed_input_is_a_typed_error():
    with pytest.raises(DataError) as err:
        cutflow_markdown({DY: [("all events", 40)]})
    assert "sumw" in err.value.hint
    with pytest.raises(DataError):
        yields_markdown({DY: {"events": 1}})


def test_markdown_escapes_pipes():
    md = yields_markdown({"a|b": (1, 1.0, 1.0)})
    assert "a\\|b" in md
    assert len(_md_rows(md)[2]) == 4


def test_tables_from_real_demo_file(demo_data, catalog):
    """DY cutflow computed by hand with uproot/awkward, rendered with the catalog scale."""
    dy = catalog[DY]
    lumi = catalog[DATA].lumi_pb
    ev = uproot.open(dy.paths()[0])["Events"].arrays(["Muon_pt", "Muon_charge", "genWeight"])
    w = ak.to_numpy(ev.genWeight) * dy.xsec_pb * lumi / dy.sum_genweight
    two = ak.to_numpy(ak.num(ev.Muon_pt[ev.Muon_pt > 20]) >= 2)
    charges = ev.Muon_charge[ev.Muon_pt > 20]
    os_ = two & ak.to_numpy(ak.fill_none(ak.sum(charges, axis=1) == 0, False))
    rows = [
        ("all events", len(w), float(w.sum())),
        ("2 muons pT > 20", int(two.sum()), float(w[two].sum())),
        ("opposite charge", int(os_.sum()), float(w[os_].sum())),
    ]
    md = cutflow_markdown({DY: rows}, catalog.samples)
    body = {r[0]: r for r in _md_rows(md)[2:]}
    assert body["all events"][1] == "40"
    assert body["opposite charge"][1] == str(int(os_.sum()))
    expected_eff = 100 * w[os_].sum() / w[two].sum()
    assert body["opposite charge"][3] == f"{expected_eff:.1f}%"
    yields = {DY: (int(os_.sum()), float(w[os_].sum()), float((w[os_] ** 2).sum()))}
    text = _render(yields_table(yields, catalog.samples))
    assert format_value_error(w[os_].sum(), np.sqrt((w[os_] ** 2).sum())) in text


def test_answer_models_are_accepted(catalog):
    from chathep.answer import CutflowRow, Yield

    flow = {
        DY: [CutflowRow(cut="all", events=40, sumw=2.0), CutflowRow(cut="2mu", events=8, sumw=0.5)]
    }
    rows = _md_rows(cutflow_markdown(flow, catalog.samples))
    assert rows[3] == ["2mu", "8", "0.5", "25.0%"]
    s = summarize_yields(
        {DY: Yield(events=8, sumw=0.5, sumw2=0.04), DATA: Yield(events=1, sumw=1, sumw2=1)}
    )
    assert s.ratio == pytest.approx(2.0)


def test_histogram_bins_table_for_variable_and_log_bins():
    import hist

    from chathep.tables import histogram_markdown

    h = hist.Hist(
        hist.axis.StrCategory(["data", "dy"], name="dataset"),
        hist.axis.StrCategory(["nominal"], name="systematic"),
        hist.axis.Variable([0, 10, 20, 50], name="pt"),
        storage=hist.storage.Weight(),
    )
    h.fill(dataset="data", systematic="nominal", pt=[5, 5, 15, 30, 30, 30, 30])
    h.fill(dataset="dy", systematic="nominal", pt=[5, 40], weight=[0.5, 1.5])
    text = histogram_markdown(h, unit="GeV")
    lines = text.splitlines()
    assert lines[0] == "| bin [GeV] | data | dy |"
    assert lines[2] == "| [0, 10) | 2.0 ± 1.4 | 0.50 ± 0.50 |"
    assert lines[4] == "| [20, 50) | 4.0 ± 2.0 | 1.5 ± 1.5 |"
    per = histogram_markdown(h, unit="GeV", per_width=True).splitlines()
    assert per[0] == "| bin [GeV] | data / GeV | dy / GeV |"
    assert per[4] == "| [20, 50) | 0.133 ± 0.067 | 0.050 ± 0.050 |"  # 4 / 30, 1.5 / 30

    log = hist.Hist(
        hist.axis.StrCategory(["dy"], name="dataset"),
        hist.axis.StrCategory(["nominal"], name="systematic"),
        hist.axis.Regular(2, 1, 100, transform=hist.axis.transform.log, name="m"),
        storage=hist.storage.Weight(),
    )
    log.fill(dataset="dy", systematic="nominal", m=[3.0, 50.0, 60.0])
    assert histogram_markdown(log).splitlines()[2:] == [
        "| [1, 10) | 1.0 ± 1.0 |",
        "| [10, 100) | 2.0 ± 1.4 |",
    ]
    with pytest.raises(DataError, match="axes"):
        histogram_markdown(h.project("dataset", "pt"))
