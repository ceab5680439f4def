"""Result files: round trip and host-side validation of untrusted JSON."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from chathep.demo_specs import demo_specs
from chathep.engine import run_spec
from chathep.results import ResultError, load_result, result_from_dict


@pytest.fixture(scope="module")
def raw(demo_data, tmp_path_factory) -> dict:
    out = run_spec(demo_specs()["dimuon_mass"], workdir=tmp_path_factory.mktemp("res"))
    return json.loads(out.result_path.read_text())


def test_round_trip(raw, tmp_path):
    result = result_from_dict(copy.deepcopy(raw))
    path = tmp_path / "again.json"
    path.write_text(result.to_json())
    again = load_result(path)
    assert again.histograms["dimuon_mass"] == result.histograms["dimuon_mass"]
    assert again.cutflow == result.cutflow and again.yields == result.yields
    h = again.histograms["dimuon_mass"]
    assert [ax.name for ax in h.axes] == ["dataset", "systematic", "mass_mumu"]
    assert h.axes[2].label == r"$m_{\mu\mu}$ [GeV]"
    assert list(h.axes[0]) == ["data_2018A_doublemuon", "dy_2018"]
    assert again.histogram_info["dimuon_mass"]["unit"] == "GeV"


def test_nminusone_and_systematics_are_recorded(raw):
    """N-1 rows from PackedSelection.nminusone; the systematics as the module recorded them."""
    result = result_from_dict(copy.deepcopy(raw))
    for sample, rows in result.nminusone.items():
        steps = [row["cut"] for row in result.cutflow[sample][1:]]
        assert [row["cut"] for row in rows] == steps == ["two muons", "opposite-charge pair"]
        # all cuts but one pass at least as many events as all cuts
        assert all(row["events"] >= result.yields[sample]["events"] for row in rows)
        # without the pair requirement: the events with two muons (the pair needs two muons)
        assert rows[1]["events"] == result.cutflow[sample][1]["events"]
    # no correction with variations: nothing but the nominal entry
    assert result.systematics == {
        "sources": {},
        "samples": {"data_2018A_doublemuon": [], "dy_2018": []},
    }
    assert result.systematic_sources == {}
    assert list(result.histograms["dimuon_mass"].axes["systematic"]) == ["nominal"]
    assert result_from_dict(result.to_dict()).systematics == result.systematics


def test_results_without_the_optional_records_are_read(raw):
    data = copy.deepcopy(raw)
    del data["nminusone"], data["systematics"]
    result = result_from_dict(data)
    assert result.nminusone == {} and result.systematic_sources is None


def test_metadata_is_complete(raw):
    meta = raw["metadata"]
    assert meta["spec"]["title"].startswith("Dimuon invariant mass")
    assert len(meta["code_sha256"]) == 64
    assert set(meta["inputs"]) == {"nano_dimuon.root", "nano_dy.root"}
    assert {"coffea", "awkward", "hist", "uproot", "numpy", "python"} <= set(meta["versions"])
    assert meta["timings"]["run_s"] > 0


def _broken(raw, edit):
    data = copy.deepcopy(raw)
    edit(data)
    return data


def _uhi(d):
    return d["histograms"]["dimuon_mass"]["uhi"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(schema_version=99), "version 99 is not supported"),
        (lambda d: d.update(schema="other"), "'schema' must be"),
        (lambda d: d.update(status="great"), "'status'"),
        (lambda d: d.pop("yields"), "'yields' must be an object"),
        (lambda d: _uhi(d)["storage"]["values"].pop(), "shape"),
        (lambda d: _uhi(d)["axes"][2].update(bins=31), "shape"),
        (lambda d: _uhi(d)["axes"][0]["metadata"].update(name="sample"), "'dataset'"),
        (lambda d: _uhi(d)["storage"].update(type="double"), "weighted"),
        (lambda d: _uhi(d)["storage"].update(values="x"), "not numbers"),
        (lambda d: d["cutflow"]["dy_2018"][1].update(events=1000), "not decreasing"),
        (lambda d: d["cutflow"]["dy_2018"][0].update(events="40"), "rows need"),
        (lambda d: d["yields"]["dy_2018"].update(sumw=None), "yields of"),
        (lambda d: d["corrections"]["dy_2018"].pop("skipped"), "corrections of"),
        (lambda d: d["histograms"]["dimuon_mass"].pop("uhi"), "neither"),
        (lambda d: d["nminusone"]["dy_2018"][0].update(sumw="x"), "nminusone of"),
        (lambda d: d.update(nminusone=[]), "'nminusone' must be an object"),
        (lambda d: d.update(systematics=[]), "'systematics' must be an object"),
        (lambda d: d["systematics"].update(sources={"pdf": "pdfUp"}), "systematics.sources"),
        (lambda d: d["systematics"]["samples"].update(dy_2018=["JERUp"]), "in no source"),
        (lambda d: d["systematics"]["sources"].update(pdf=["pdfUp"]), "no systematic entries"),
        (
            lambda d: d["systematics"].update(sources={"a": ["nominal"], "b": ["nominal"]}),
            "under two sources",
        ),
    ],
)
def test_malformed_results_are_rejected(raw, edit, message):
    with pytest.raises(ResultError) as err:
        result_from_dict(_broken(raw, edit))
    assert message in str(err.value)
    assert err.value.hint


def test_file_level_problems(raw, tmp_path):
    with pytest.raises(ResultError, match="No result file"):
        load_result(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ResultError, match="not valid JSON"):
        load_result(bad)
    nan = tmp_path / "nan.json"
    nan.write_text(json.dumps(raw).replace('"sumw": 3.0', '"sumw": NaN', 1))
    with pytest.raises(ResultError, match="not valid JSON"):
        load_result(nan)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(raw))
    with pytest.raises(ResultError, match="limit"):
        load_result(big, max_bytes=1000)


def test_plain_fallback_is_read(raw):
    h = result_from_dict(copy.deepcopy(raw)).histograms["dimuon_mass"]
    data = copy.deepcopy(raw)
    data["histograms"]["dimuon_mass"].pop("uhi")
    data["histograms"]["dimuon_mass"]["plain"] = {
        "datasets": list(h.axes[0]),
        "systematics": list(h.axes[1]),
        "edges": h.axes[2].edges.tolist(),
        "values": h.values(flow=True).tolist(),
        "variances": h.variances(flow=True).tolist(),
    }
    plain = result_from_dict(data).histograms["dimuon_mass"]
    np.testing.assert_array_equal(plain.values(flow=True), h.values(flow=True))
    assert plain.values().sum() > 0


def _result_with(axis) -> dict:
    """A minimal result whose one histogram has the given observable axis (UHI JSON)."""
    import hist
    import uhi.io.json

    h = hist.Hist(
        hist.axis.StrCategory(["dy_2018"], name="dataset"),
        hist.axis.StrCategory(["nominal"], name="systematic"),
        axis,
        storage=hist.storage.Weight(),
    )
    h.fill(dataset="dy_2018", systematic="nominal", x=[0.5, 2.0, 30.0, 500.0], weight=2.0)
    encoded = json.loads(json.dumps(h, default=uhi.io.json.default))
    return {
        "schema": "chathep.result",
        "schema_version": 1,
        "status": "ok",
        "histograms": {"x": {"axis": "log", "log_x": True, "density": False, "uhi": encoded}},
        "cutflow": {},
        "yields": {},
        "corrections": {},
        "metadata": {},
    }


def test_log_and_variable_axes_round_trip():
    """Regular(transform=log) is written as a variable axis and read back as the log axis."""
    import hist

    log_axis = hist.axis.Regular(3, 1.0, 1000.0, transform=hist.axis.transform.log, name="x")
    data = _result_with(log_axis)
    assert data["histograms"]["x"]["uhi"]["axes"][2]["type"] == "variable"
    h = result_from_dict(copy.deepcopy(data)).histograms["x"]
    np.testing.assert_allclose(h.axes[2].edges, [1, 10, 100, 1000])
    assert h.axes[2].transform is not None  # restored as a log-transformed Regular axis
    # 0.5 underflows, 2 and 30 fall in bins 0 and 1, 500 in bin 2
    np.testing.assert_array_equal(h[0, 0, :].values(flow=True), [2, 2, 2, 2, 0])
    result = result_from_dict(copy.deepcopy(data))
    assert result.histogram_info["x"] == {"axis": "log", "log_x": True, "density": False}

    variable = _result_with(hist.axis.Variable([0, 1, 5, 50, 100], name="x"))
    h = result_from_dict(variable).histograms["x"]
    np.testing.assert_array_equal(h.axes[2].edges, [0, 1, 5, 50, 100])
    np.testing.assert_array_equal(h[0, 0, :].values(flow=True), [0, 2, 2, 2, 0, 2])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda a: a.update(edges=[0, 5, 1, 50, 100]), "edges not increasing"),
        (lambda a: a.update(edges=[0, "5", 10, 50, 100]), "edges are not numbers"),
        (lambda a: a.update(edges=[0]), "needs 2 to"),
        (lambda a: a.update(type="integer"), "must be regular or variable"),
    ],
)
def test_malformed_variable_axis_is_rejected(edit, message):
    import hist

    data = _result_with(hist.axis.Variable([0, 1, 5, 50, 100], name="x"))
    edit(data["histograms"]["x"]["uhi"]["axes"][2])
    with pytest.raises(ResultError) as err:
        result_from_dict(data)
    assert message in str(err.value)
