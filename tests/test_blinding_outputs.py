"""Blinding reaches every output that leaves a run (issue 17): the result file the answer
points to and the entries the sandbox kept for binning follow-ups (fills.npz) hold no data
inside the window; the simulation and the data outside it are kept as they were.

The histograms and kept entries are made here by hand (numbers chosen so that every bin's
content is known), in the formats the generated code and the sandbox write; the spec is the
H->bb worked example's (the jet-pair mass the blinding is for).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import hist
import numpy as np
import pytest

from chathep.results import AnalysisResult, load_result

DATA, MC = "data_sim13", "dy_sim13"
#: 25 bins of 10 GeV from 0 to 250 GeV; the data: bin i holds i + 1 events, 3 in the overflow
EDGES = np.arange(0.0, 260.0, 10.0)
DATA_BINS = np.arange(1.0, 26.0)
OVERFLOW = 3.0


@pytest.fixture(scope="module")
def spec():
    from chathep.knowledge.examples import load_examples
    from chathep.spec import parse_spec

    example = next(e for e in load_examples() if e.path.endswith("/zh_hbb_mbb.md"))
    return parse_spec(example.spec)


@pytest.fixture()
def catalog():
    """What blinding reads of a catalog: which samples are data."""
    return SimpleNamespace(
        samples={DATA: SimpleNamespace(is_data=True), MC: SimpleNamespace(is_data=False)}
    )


def _entries(observable: str) -> dict[str, np.ndarray]:
    """Kept entries as bootstrap.record_fills writes them: one data entry at each bin centre
    repeated (bin i: i + 1 entries), 3 beyond the axis; MC: one entry per bin, weight 0.5."""
    data = np.concatenate(
        [np.full(int(n), c) for n, c in zip(DATA_BINS, EDGES[:-1] + 5.0, strict=True)]
        + [np.full(int(OVERFLOW), 300.0)]
    )
    mc = EDGES[:-1] + 5.0
    keys = [f"{observable}\x1f{DATA}\x1fnominal", f"{observable}\x1f{MC}\x1fnominal"]
    return {
        "keys": np.array(keys),
        "v0": data,
        "w0": np.ones(len(data)),
        "v1": mc,
        "w1": np.full(len(mc), 0.5),
    }


def _result(spec, observable: str) -> AnalysisResult:
    name = spec.histograms[0].name
    h = hist.Hist(
        hist.axis.StrCategory([DATA, MC], name="dataset"),
        hist.axis.StrCategory(["nominal", "JERUp"], name="systematic"),
        hist.axis.Variable(EDGES, name=observable),
        storage=hist.storage.Weight(),
    )
    entries = _entries(observable)
    for systematic in ["nominal", "JERUp"]:
        for dataset, i in ((DATA, 0), (MC, 1)):
            v, w = entries[f"v{i}"], entries[f"w{i}"]
            h.fill(dataset=dataset, systematic=systematic, **{observable: v}, weight=w)
    n = float(DATA_BINS.sum() + OVERFLOW)
    return AnalysisResult(
        histograms={name: h},
        histogram_info={name: {"observable": observable, "bins": 25, "start": 0, "stop": 250}},
        cutflow={DATA: [{"cut": "all events", "events": 999, "sumw": 999.0}], MC: []},
        yields={
            DATA: {"events": int(n), "sumw": n, "sumw2": n},
            MC: {"events": 25, "sumw": 12.5, "sumw2": 6.25},
        },
        corrections={DATA: {"applied": [], "skipped": {}}, MC: {"applied": [], "skipped": {}}},
        metadata={},
        nminusone={DATA: [{"cut": "trigger", "events": 500, "sumw": 500.0}]},
    )


def _write(tmp_path: Path, result: AnalysisResult, observable: str) -> tuple[Path, Path]:
    result_path, fills_path = tmp_path / "results.json", tmp_path / "fills.npz"
    result_path.write_text(result.to_json())
    np.savez(fills_path, **_entries(observable))
    return result_path, fills_path


def test_the_result_file_and_the_kept_entries_hold_no_data_in_the_window(
    spec, catalog, tmp_path
) -> None:
    from chathep.blinding import blind_files, blind_result

    observable = spec.histograms[0].observable
    name = spec.histograms[0].name
    result = _result(spec, observable)
    result_path, fills_path = _write(tmp_path, result, observable)
    assert "90 < m" not in result_path.read_text()  # the unblinded file, as the run wrote it

    blinded, note = blind_result(result, spec, catalog, (90.0, 150.0))
    blind_files(blinded, result_path, fills_path, catalog)

    # the result file: data zero in 90-150 GeV (bins 9-14) in every systematic, else as filled
    on_disk = load_result(result_path)
    h = on_disk.histograms[name]
    inside = (EDGES[1:] > 90) & (EDGES[:-1] < 150)
    assert inside.sum() == 6
    for k in range(2):
        data = h.view(flow=True).value[0, k]
        assert (data[1:-1][inside] == 0).all()
        assert (data[1:-1][~inside] == DATA_BINS[~inside]).all()
        assert data[-1] == OVERFLOW  # beyond the window: kept
        assert (h.view(flow=True).value[1, k][1:-1] == 0.5).all()  # the simulation untouched
    # the data yield counts the events outside the window (325 + 3 - (10 + ... + 15) = 253)
    assert on_disk.yields[DATA]["events"] == 253 and on_disk.yields[MC]["sumw"] == 12.5
    assert DATA not in on_disk.cutflow and DATA not in on_disk.nminusone and MC in on_disk.cutflow
    assert on_disk.metadata["blinded"] == {"window": [90.0, 150.0], "hidden": {name: [90, 150]}}
    assert note in on_disk.notes
    raw = json.loads(result_path.read_text())
    assert raw["yields"][DATA]["events"] == 253

    # the kept entries: no data entry in [90, 150); every other entry as kept
    with np.load(fills_path, allow_pickle=False) as kept:
        keys = kept["keys"].tolist()
        data_key, mc_key = ("\x1f".join((observable, d, "nominal")) for d in (DATA, MC))
        data_values = kept[f"v{keys.index(data_key)}"]
        mc_values = kept[f"v{keys.index(mc_key)}"]
    assert not ((data_values >= 90) & (data_values < 150)).any()
    original = _entries(observable)["v0"]
    assert len(data_values) == len(original) - (10 + 11 + 12 + 13 + 14 + 15)
    assert len(mc_values) == 25


def test_a_window_beyond_the_axis_hides_the_overflow_too(spec, catalog, tmp_path) -> None:
    """The plot folds the overflow into the last bin: a window reaching past the axis must
    empty it, in the result and in the kept entries."""
    from chathep.blinding import blind_files, blind_result

    observable = spec.histograms[0].observable
    name = spec.histograms[0].name
    result = _result(spec, observable)
    result_path, fills_path = _write(tmp_path, result, observable)
    blinded, _ = blind_result(result, spec, catalog, (200.0, 400.0))
    blind_files(blinded, result_path, fills_path, catalog)
    data = load_result(result_path).histograms[name].view(flow=True).value[0, 0]
    assert data[-1] == 0 and (data[1:-1][EDGES[:-1] >= 200] == 0).all()
    assert (data[1:-1][EDGES[:-1] < 200] == DATA_BINS[EDGES[:-1] < 200]).all()
    with np.load(fills_path, allow_pickle=False) as kept:
        assert kept["v0"].max() < 200
    assert load_result(result_path).metadata["blinded"]["hidden"][name] == [200.0, None]


def test_unreadable_kept_entries_are_removed(spec, catalog, tmp_path) -> None:
    from chathep.blinding import blind_files, blind_result

    observable = spec.histograms[0].observable
    result = _result(spec, observable)
    result_path, fills_path = _write(tmp_path, result, observable)
    fills_path.write_bytes(b"not an archive")
    blinded, _ = blind_result(result, spec, catalog, (90.0, 150.0))
    blind_files(blinded, result_path, fills_path, catalog)
    assert not fills_path.exists()
    assert load_result(result_path).metadata["blinded"]["window"] == [90.0, 150.0]
