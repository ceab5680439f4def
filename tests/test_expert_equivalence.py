"""The expert processors of the throughput benchmark do the same work as ChatHEP's code.

Each hand-written expert processor (benchmarks/expert/) must give the same histograms, cutflow
and yields as the module ChatHEP compiles from the same spec, on a small freshly generated
sample (chathep.generate: DY, ttbar, ZH and pseudo-data); otherwise the events/s comparison
would compare different work. Two selections are also checked against plain uproot/NumPy
counts written here, independent of coffea.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.expert import EXPERTS  # noqa: E402
from benchmarks.throughput import (  # noqa: E402
    SAMPLES,
    bench_specs,
    compile_module,
    expert_for,
    fileset_of,
    histograms_of,
    run_coffea,
    same_histograms,
)
from chathep.catalog import load_catalog  # noqa: E402

CHUNKSIZE = 233  # several chunks per sample, with a ragged last one


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """~150 events per process (300 ZH) and the matching pseudo-data, generated once here."""
    from chathep.generate import generate_samples

    out = tmp_path_factory.mktemp("gen")
    generate_samples(
        out, n_events=150, seed=3, processes=["DY", "ttbar", "ZH"], workers=2,
        signal_factor=2.0, progress=False,
    )  # fmt: skip
    return out, load_catalog(out / "catalog.yaml")


@pytest.fixture(scope="module")
def outputs(sample, tmp_path_factory):
    """(generated output, expert output) per analysis, computed once."""
    data_dir, catalog = sample
    work = tmp_path_factory.mktemp("work")
    fileset = fileset_of(catalog, data_dir)
    done = {}
    warnings.filterwarnings("ignore", message="Missing cross-reference index")
    for name, spec in bench_specs().items():
        module = compile_module(spec, catalog, data_dir, work, f"eq_{name}")
        generated, _ = run_coffea(module.Analysis(data_dir), fileset, CHUNKSIZE)
        expert, _ = run_coffea(expert_for(name, module), fileset, CHUNKSIZE)
        done[name] = (generated, expert)
    return done


def test_every_benchmark_analysis_has_an_expert_processor():
    assert set(bench_specs()) == set(EXPERTS)


@pytest.mark.parametrize("name", sorted(bench_specs()))
def test_expert_gives_the_generated_histograms(outputs, name):
    generated, expert = outputs[name]
    hg, he = histograms_of(generated, True), histograms_of(expert, False)
    assert same_histograms(hg, he) == []
    # not a comparison of empty histograms: events pass in the simulated samples
    for h in he.values():
        assert h[{"dataset": "dy_sim13"}].sum(flow=True).value > 0 or name == "zh_bb"
        assert h.sum(flow=True).value > 0


@pytest.mark.parametrize("name", sorted(bench_specs()))
def test_expert_gives_the_generated_cutflow_and_yields(outputs, name):
    generated, expert = outputs[name]
    for dataset in SAMPLES:
        assert list(expert["cutflow"][dataset]) == list(generated["cutflow"][dataset])
        for step, row in generated["cutflow"][dataset].items():
            assert expert["cutflow"][dataset][step]["events"] == row["events"]
            assert expert["cutflow"][dataset][step]["sumw"] == pytest.approx(row["sumw"], rel=1e-12)
        assert expert["yields"][dataset]["events"] == generated["yields"][dataset]["events"]


def _columns(path: Path, names: list[str]) -> dict[str, ak.Array]:
    with uproot.open(path) as f:
        return f["Events"].arrays(names, library="ak")


def test_two_jet_count_matches_a_plain_uproot_count(sample, outputs):
    """met_two_jets: events with >= 2 jets (pT > 30, |eta| < 2.4), counted with uproot."""
    data_dir, catalog = sample
    _, expert = outputs["met_two_jets"]
    for dataset in SAMPLES:
        n = 0
        for f in catalog[dataset].files:
            a = _columns(data_dir / f, ["Jet_pt", "Jet_eta"])
            good = (a.Jet_pt > 30) & (np.abs(a.Jet_eta) < 2.4)
            n += int(np.sum(ak.to_numpy(ak.sum(good, axis=1)) >= 2))
        assert expert["cutflow"][dataset]["two jets"]["events"] == n


def test_jet_pt_entries_match_a_plain_uproot_histogram(sample, outputs):
    """jet_pt for the pseudo-data: NumPy histogram of the selected jets' pT."""
    data_dir, catalog = sample
    _, expert = outputs["jet_pt"]
    counts = np.zeros(20)
    for f in catalog["data_sim13"].files:
        a = _columns(data_dir / f, ["Jet_pt", "Jet_eta"])
        pt = ak.flatten(a.Jet_pt[(a.Jet_pt > 30) & (np.abs(a.Jet_eta) < 2.4)])
        counts += np.histogram(ak.to_numpy(pt), bins=20, range=(0, 200))[0]
    h = expert["histograms"]["jet_pt"][{"dataset": "data_sim13"}]
    assert counts.sum() > 0
    np.testing.assert_array_equal(h.values(), counts)
