"""The evaluation set of requests written by others (benchmarks/eval/, issue #12 item 6).

Fast: no planner run. Checks the YAML (fields, sources, the dev/heldout rule, families never
split, paraphrase and negation families), that every reference function runs on the demo files,
and that the scorer's comparison rejects a histogram with one count moved and accepts the right
one (hand-made answers, no planner).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import eval_planner as ev  # noqa: E402
from benchmarks.eval import references as refs  # noqa: E402

REQUESTS = ev.load_requests()
FIELDS = ("id", "text", "source", "family", "split", "expect")


def test_every_entry_has_the_required_fields() -> None:
    for r in REQUESTS:
        missing = [k for k in FIELDS if not r.get(k)]
        assert not missing, f"{r.get('id')}: missing {missing}"
        assert r["expect"] in ("analysis", "clarification"), r["id"]
        assert r["split"] in ("dev", "heldout"), r["id"]
        if r["expect"] == "analysis":
            assert r.get("reference"), r["id"]
            assert r.get("samples"), r["id"]
            names = list(r["reference"]) + [n for alt in r.get("accept_also", []) for n in alt]
            for name in names:
                assert name in refs.REFERENCES, f"{r['id']}: unknown reference {name}"
            for s in r["samples"]:
                assert s in refs.SAMPLES, f"{r['id']}: unknown sample {s}"


def test_alternative_readings_name_as_many_histograms_as_the_reference() -> None:
    for r in REQUESTS:
        for alt in r.get("accept_also", []):
            assert len(alt) == len(r["reference"]), r["id"]
            assert alt != list(r["reference"]), f"{r['id']}: an alternative equal to the reference"


def test_a_stated_range_has_two_increasing_edges() -> None:
    for r in REQUESTS:
        if "range" in r:
            lo, hi = r["range"]
            assert lo < hi, r["id"]


def test_ids_and_texts_are_unique() -> None:
    ids = [r["id"] for r in REQUESTS]
    assert len(ids) == len(set(ids))
    texts = [r["text"] for r in REQUESTS]
    assert len(texts) == len(set(texts)), "the same wording twice"


def test_size_and_families() -> None:
    assert len(REQUESTS) >= 80
    families: dict[str, list[dict]] = defaultdict(list)
    for r in REQUESTS:
        families[r["family"]].append(r)
    paraphrase = [f for f, rs in families.items() if len(rs) >= 3]
    assert len(paraphrase) >= 5, paraphrase
    negation = [f for f, rs in families.items() if any(r.get("negation") for r in rs)]
    assert len(negation) >= 2, negation
    assert sum(r["expect"] == "clarification" for r in REQUESTS) >= 8


def test_split_follows_the_rule_and_never_splits_a_family() -> None:
    by_family: dict[str, set[str]] = defaultdict(set)
    for r in REQUESTS:
        assert r["split"] == ev.split_of(r["family"]), r["id"]
        by_family[r["family"]].add(r["split"])
    assert all(len(s) == 1 for s in by_family.values())
    dev = sum(r["split"] == "dev" for r in REQUESTS) / len(REQUESTS)
    assert 0.45 <= dev <= 0.75, dev


def _demo_files_present() -> bool:
    try:
        return all(refs.sample_path(s).is_file() for s in refs.SAMPLES)
    except Exception:
        return False


needs_data = pytest.mark.skipif(
    not _demo_files_present(),
    reason="the CMS demo files are absent: run `chathep data fetch` first",
)


@needs_data
@pytest.mark.parametrize("name", sorted(refs.REFERENCES))
def test_every_reference_runs_on_the_demo_files(name: str) -> None:
    out = refs.reference(name)
    assert set(out) == set(refs.SAMPLES)
    for sample, (values, weights) in out.items():
        assert isinstance(values, np.ndarray) and isinstance(weights, np.ndarray)
        assert values.shape == weights.shape, (name, sample)
        assert np.all(np.isfinite(values)), (name, sample)
        if sample.startswith("data"):
            assert np.all(weights == 1.0)


@needs_data
def test_references_are_not_all_empty() -> None:
    """The demo files must be able to tell most references apart from nothing."""
    filled = [n for n in refs.REFERENCES if any(len(v) for v, _ in refs.reference(n).values())]
    assert len(filled) >= len(refs.REFERENCES) - 2, set(refs.REFERENCES) - set(filled)


@needs_data
def test_the_two_readings_of_eta_lt_2p4_differ() -> None:
    """llm-q18 says 'eta < 2.4': both readings are accepted because they differ on these files."""
    a = refs.reference("btag_jets45_2")
    b = refs.reference("btag_jets45_signed_2")
    assert any(len(a[s][0]) != len(b[s][0]) for s in refs.SAMPLES)
    entry = next(r for r in REQUESTS if r["id"] == "llm-q18")
    assert entry["accept_also"] == [["btag_jets45_signed_2"]]


# --- the scorer's comparison, on hand-made answers ----------------------------------------------


def _answer(edges, samples, kind="analysis", **extra):
    hist = SimpleNamespace(
        name="h", edges=list(edges),
        samples={k: SimpleNamespace(values=list(v)) for k, v in samples.items()},
    )  # fmt: skip
    return SimpleNamespace(kind=kind, histograms=[hist], warnings=[], plan="", message="", **extra)


def _entry(**kw):
    entry = {
        "id": "t",
        "text": "plot the thing",
        "expect": "analysis",
        "samples": ["data_x", "mc_y"],
    }
    entry.update(kw)
    return entry


REF = {
    "data_x": (np.array([0.5, 1.5, 1.5, 2.0, 3.0, -1.0]), np.ones(6)),
    "mc_y": (np.array([0.5, 2.5, 2.5]), np.array([2.0, 1.0, -0.5])),
}
EDGES = [0.0, 1.0, 2.0, 3.0]


def test_fill_uses_hist_semantics() -> None:
    # 2.0 is in [2, 3); 3.0 (the upper edge) and -1.0 are flow
    assert list(refs.fill(REF["data_x"][0], REF["data_x"][1], EDGES)) == [1.0, 2.0, 1.0]


def test_comparison_accepts_the_right_histogram() -> None:
    right = _answer(EDGES, {"data_x": [1, 2, 1], "mc_y": [20.0, 0.0, 5.0]})  # MC: any scale
    assert ev.classify(right, _entry(), [REF]) == ("match", "")


def test_comparison_catches_one_count_moved() -> None:
    wrong = _answer(EDGES, {"data_x": [1, 1, 2], "mc_y": [2.0, 0.0, 0.5]})
    outcome, detail = ev.classify(wrong, _entry(), [REF])
    assert outcome == "silently-wrong" and "data_x" in detail
    wrong_mc = _answer(EDGES, {"data_x": [1, 2, 1], "mc_y": [2.0, 0.5, 0.0]})
    assert ev.classify(wrong_mc, _entry(), [REF])[0] == "silently-wrong"


def test_a_missing_sample_or_a_wrong_range_is_a_mismatch() -> None:
    only_data = _answer(EDGES, {"data_x": [1, 2, 1]})
    assert ev.classify(only_data, _entry(), [REF])[0] == "silently-wrong"
    right = _answer(EDGES, {"data_x": [1, 2, 1], "mc_y": [2.0, 0.0, 0.5]})
    assert ev.classify(right, _entry(range=[1.0, 120.0]), [REF])[0] == "silently-wrong"


def test_stated_misses_and_questions() -> None:
    wrong = _answer(EDGES, {"data_x": [1, 1, 2], "mc_y": [2.0, 0.0, 0.5]}, unplaced=["'thing'"])
    assert ev.classify(wrong, _entry(), [REF])[0] == "wrong-stated"
    asked = _answer(EDGES, {}, kind="clarification")
    assert ev.classify(asked, _entry(), [REF])[0] == "asked"
    ran = _answer(EDGES, {"data_x": [1, 2, 1], "mc_y": [2.0, 0.0, 0.5]})
    assert ev.classify(ran, _entry(expect="clarification"), None)[0] == "silently-wrong"


def test_two_histograms_need_two_distinct_matches() -> None:
    right = _answer(EDGES, {"data_x": [1, 2, 1], "mc_y": [2.0, 0.0, 0.5]})
    assert ev.match_answer(right, _entry(), [REF, REF])[0] is False
    right.histograms.append(right.histograms[0])
    assert ev.match_answer(right, _entry(), [REF, REF])[0] is True


def test_field_checks_read_the_spec() -> None:
    spec = {
        "objects": [{"name": "jets", "source": "Jet"}],
        "combinations": [],
        "observables": [{"name": "o", "kind": "field", "of": "jets", "field": "pt"}],
        "histograms": [{"observable": "o"}],
    }
    ans = SimpleNamespace(spec=spec)
    got = ev.field_checks(ans, {"expected_fields": {"quantity": "field:pt", "object": "Jet"}})
    assert got == {"quantity": True, "object": True}


def test_nearness_to_tuning_texts_is_measured_on_words() -> None:
    tuning = ev.tuning_texts()
    probe = ev.yaml.safe_load((ev.EVAL_DIR / "probe9.yaml").read_text())["requests"][0]["text"]
    assert ev.nearest_tuning(probe, tuning) == 1.0  # a probe text is a tuning text
    assert ev.nearest_tuning(probe.upper() + " !", tuning) == 1.0  # case and punctuation aside
    assert ev.nearest_tuning("zebra quokka axolotl narwhal", tuning) < ev.NEAR
