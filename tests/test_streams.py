"""A data stream (primary dataset) that cannot hold the selection gets a warning, e.g.
electrons asked of the DoubleMuon data; the knowledge lives in the catalog and the registry."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from chathep.catalog import Sample, default_catalog
from chathep.registry import streams
from chathep.resolve import required_collections, stream_warnings
from chathep.spec import AnalysisSpec


def _spec(objects, selection, observables, histograms, combinations=()) -> AnalysisSpec:
    return AnalysisSpec.model_validate(
        {
            "title": "t",
            "samples": ["data_2018A_doublemuon", "dy_2018"],
            "objects": objects,
            "combinations": list(combinations),
            "selection": selection,
            "observables": observables,
            "histograms": histograms,
        }
    )


ELECTRON_PAIR = _spec(
    objects=[
        {"name": "electrons", "source": "Electron"},
        {"name": "jets", "source": "Jet"},
        {"name": "muons", "source": "Muon"},
    ],
    combinations=[{"name": "ee", "inputs": ["electrons"], "charge": "opposite"}],
    selection=[
        {"name": "two electrons", "count": "electrons", "op": ">=", "value": 2},
        {"name": "no muons", "count": "muons", "op": "==", "value": 0},  # a veto
    ],
    observables=[{"name": "mee", "kind": "field", "of": "ee", "field": "mass"}],
    histograms=[
        {"name": "mee", "observable": "mee", "bins": 10, "start": 60, "stop": 120, "label": "m_ee"}
    ],  # fmt: skip
)


def test_required_collections_follow_counts_combinations_and_plots() -> None:
    # the muon veto and the unused jets are not required; the pair resolves to its electrons
    assert required_collections(ELECTRON_PAIR) == {"Electron"}


def test_the_catalog_names_the_stream_of_its_data() -> None:
    sample = default_catalog().samples["data_2018A_doublemuon"]
    assert sample.stream == "DoubleMuon"
    assert streams.STREAMS["DoubleMuon"].objects == {"Muon"}


def test_unknown_stream_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown stream 'DoubleMoon'"):
        Sample(
            name="d", kind="data", process="data", label="Data", era="2018", sqrt_s_tev=13,
            files=["x.root"], n_events=1, lumi_pb=None, stream="DoubleMoon",
        )  # fmt: skip


def test_electrons_on_doublemuon_warn_and_muons_do_not() -> None:
    samples = list(default_catalog().samples.values())
    samples = [s for s in samples if s.name in ("data_2018A_doublemuon", "dy_2018")]
    (warning,) = stream_warnings(ELECTRON_PAIR, samples)
    assert "DoubleMuon" in warning and "electrons" in warning and "EGamma" in warning
    muons = _spec(
        objects=[{"name": "muons", "source": "Muon"}, {"name": "electrons", "source": "Electron"}],
        selection=[{"name": "two muons", "count": "muons", "op": ">=", "value": 2},
                   {"name": "no electrons", "count": "electrons", "op": "<", "value": 1}],
        observables=[{"name": "mu_pt", "kind": "field", "of": "muons", "field": "pt"}],
        histograms=[{"name": "mu_pt", "observable": "mu_pt", "bins": 10, "start": 0,
                     "stop": 100, "label": "pT"}],
    )  # fmt: skip
    assert stream_warnings(muons, samples) == []
    # an electron and a muon: the stream's muon fired the trigger, the selection is fine
    assert streams.mismatch("d", "DoubleMuon", {"Electron", "Muon"}) is None
    assert streams.mismatch("d", "EGamma", {"Electron"}) is None
    assert "muons" in streams.mismatch("d", "EGamma", {"Muon", "Jet"})


def test_the_cli_answer_carries_the_warning(demo_data) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "chathep.cli", "ask", "dielectron mass in data and DY",
         "--json", "--no-run", "--planner", "parser"],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    answer = json.loads(proc.stdout)
    assert any("DoubleMuon stream" in w and "electrons" in w for w in answer["warnings"])
