"""The public request set (benchmarks/requests/) and the comparison the planner benchmark uses.

The expected specs are hand-written; here they must validate, pass check_spec on the real demo
files, and mean what README.md says (one of them is checked against a hand-written
uproot/awkward count). The parser-mode planner must reproduce the histogram-determining fields
for at least 80 % of the set; a handful is run end to end and compared bin by bin.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.planner import plan_request
from chathep.resolve import check_spec
from chathep.spec import parse_spec

ROOT = Path(__file__).resolve().parent.parent
MIN_REQUESTS = 40
MIN_PARSER_MATCH = 0.80


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_planner", ROOT / "benchmarks/planner.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_planner"] = module
    spec.loader.exec_module(module)
    return module


bench = _load_bench()
REQUESTS = bench.load_requests()
WITH_SPEC = [r for r in REQUESTS if r.expected is not None]
CLARIFY = [r for r in REQUESTS if r.expected_kind == "clarification"]


def _by_id(rid: str):
    return next(r for r in REQUESTS if r.id == rid)


def test_every_request_file_parses_and_the_set_is_large_enough() -> None:
    files = sorted((ROOT / "benchmarks" / "requests").glob("*.yaml"))
    assert len(files) >= 5
    assert {r.source for r in REQUESTS} == {f.name for f in files}
    assert len(WITH_SPEC) >= MIN_REQUESTS
    assert len({r.text for r in REQUESTS}) == len(REQUESTS), "duplicate request texts"
    assert all(r.text and r.category for r in REQUESTS)
    # the analyses the engine supports are all covered
    categories = {r.category for r in WITH_SPEC}
    assert {"dimuon", "muon", "electron", "jet", "met", "ht", "ttbar", "corrections"} <= categories
    assert CLARIFY, "the set also holds requests whose right answer is a question"


@pytest.mark.parametrize("request_", WITH_SPEC, ids=[r.id for r in WITH_SPEC])
def test_expected_spec_validates_on_the_real_files(request_, demo_data, catalog) -> None:
    spec = parse_spec(request_.expected)
    samples = check_spec(spec, catalog)
    assert samples, request_.id


def test_histogram_key_ignores_names_and_text_but_not_physics() -> None:
    base = _by_id("dimuon_os_25").expected
    spec = parse_spec(base)
    renamed = parse_spec(
        {
            **base,
            "title": "something else",
            "objects": [
                {**base["objects"][0], "name": "mu", "cuts": base["objects"][0]["cuts"][::-1]}
            ],
            "combinations": [{**base["combinations"][0], "name": "zz", "inputs": ["mu"]}],
            "selection": [
                {"name": "a", "count": "mu", "op": ">=", "value": 2},
                {"name": "b", "count": "zz", "op": ">=", "value": 1},
            ],
            "observables": [{"name": "m", "kind": "field", "of": "zz", "field": "mass"}],
            "histograms": [{**base["histograms"][0], "name": "m", "observable": "m", "label": "x"}],
        }
    )
    assert bench.histogram_key(renamed) == bench.histogram_key(spec)
    assert bench.exact_key(renamed) == bench.exact_key(spec)
    # selection steps the plotted pair already implies do not change the histogram
    implied = parse_spec({**base, "selection": []})
    assert bench.histogram_key(implied) == bench.histogram_key(spec)
    assert bench.exact_key(implied) != bench.exact_key(spec)
    # a different cut, charge, binning or sample set does
    cuts = [dict(c) for c in base["objects"][0]["cuts"]]
    cuts[0]["value"] = 26
    changed = [
        {**base, "objects": [{**base["objects"][0], "cuts": cuts}]},
        {**base, "combinations": [{**base["combinations"][0], "charge": "same"}]},
        {**base, "histograms": [{**base["histograms"][0], "bins": 31}]},
        {**base, "samples": ["dy_2018"]},
        {**base, "corrections": ["rochester"]},
        {
            **base,
            "selection": [
                *base["selection"],
                {"name": "c", "count": "muons", "op": "<=", "value": 2},
            ],
        },
    ]
    for variant in changed:
        assert bench.histogram_key(parse_spec(variant)) != bench.histogram_key(spec)


def test_parser_planner_matches_most_of_the_set(catalog, demo_data) -> None:
    matched, misses = 0, []
    for req in WITH_SPEC:
        plan = plan_request(req.text, catalog, mode="parser")
        if plan.spec is not None and bench.histogram_key(plan.spec, catalog) == bench.histogram_key(
            req.spec(), catalog
        ):
            matched += 1
        else:
            misses.append(req.id)
    rate = matched / len(WITH_SPEC)
    assert rate >= MIN_PARSER_MATCH, f"parser matches {rate:.0%}; misses: {misses}"


@pytest.mark.parametrize("request_", CLARIFY, ids=[r.id for r in CLARIFY])
def test_parser_asks_back_where_the_set_expects_a_question(request_, catalog) -> None:
    plan = plan_request(request_.text, catalog, mode="parser")
    assert plan.spec is None and plan.question, request_.id


E2E = ["dimuon_os_25", "met_two_jets", "ttbar_nbjets"]


@pytest.fixture(scope="module")
def expected_runs(tmp_path_factory, demo_data):
    """The expected specs of a handful of requests, run in the sandbox (module-cached)."""
    from chathep.agent import _histograms
    from chathep.engine import run_spec

    out = {}
    for rid in E2E:
        outcome = run_spec(_by_id(rid).spec(), workdir=tmp_path_factory.mktemp(rid))
        out[rid] = bench.histogram_contents(_histograms(outcome.result)[0])
    return out


@pytest.mark.parametrize("rid", E2E)
def test_handful_end_to_end_identical_bins(rid, expected_runs, tmp_path, catalog) -> None:
    from chathep.api import ask

    answer = ask(_by_id(rid).text, planner="parser", out_dir=tmp_path)
    assert answer.kind == "analysis", answer.message
    assert answer.png and Path(answer.png).is_file()
    got = bench.histogram_contents(answer.histograms[0])
    assert bench.same_contents(got, expected_runs[rid])
    assert sum(sum(v) for v in got["samples"].values()) > 0


def test_met_two_jets_expected_spec_against_uproot(expected_runs, demo_data) -> None:
    """The MET spec means what README.md says: jets pT > 30, |eta| < 2.4, jetId >= 2, >= 2."""
    events = uproot.open(demo_data / "nano_dimuon.root")["Events"].arrays(
        ["Jet_pt", "Jet_eta", "Jet_jetId", "MET_pt"]
    )
    good = (events.Jet_pt > 30) & (abs(events.Jet_eta) < 2.4) & (events.Jet_jetId >= 2)
    met = ak.to_numpy(events.MET_pt[ak.sum(good, axis=1) >= 2])
    want, _ = np.histogram(met, bins=20, range=(0, 200))
    got = expected_runs["met_two_jets"]["samples"]["data_2018A_doublemuon"]
    assert want.sum() > 0
    np.testing.assert_array_equal(np.asarray(got), want.astype(float))
