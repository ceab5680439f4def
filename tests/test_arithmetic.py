"""Arithmetic of two per-event quantities (ratios, differences, sums, asymmetries): the spec's
validation, the generated code, the planner's readings of the wordings, and a real sandboxed
run on the demo files against hand-written uproot/awkward references (nothing from chathep
in the references)."""

from __future__ import annotations

import pytest

from chathep.errors import SpecError
from chathep.spec import parse_spec


def _spec(observables, histogram="r", **extra):
    return {
        "title": "t",
        "samples": ["dy_2018"],
        "objects": [{"name": "jets", "source": "Jet"}, {"name": "muons", "source": "Muon"}],
        "observables": observables,
        "histograms": [{"name": "h", "observable": histogram, "bins": 10, "start": 0,
                        "stop": 2, "label": "x"}],
        **extra,
    }  # fmt: skip


MET = {"name": "met_pt", "kind": "met"}
HT = {"name": "ht", "kind": "ht", "of": "jets"}
LEAD = {"name": "j1", "kind": "field", "of": "jets", "field": "pt", "index": 0}
SUB = {"name": "j2", "kind": "field", "of": "jets", "field": "pt", "index": 1}


@pytest.mark.parametrize("kind", ["ratio", "difference", "sum", "asymmetry"])
def test_arithmetic_of_two_earlier_per_event_observables_is_valid(kind):
    spec = parse_spec(_spec([MET, HT, {"name": "r", "kind": kind, "left": "met_pt",
                                       "right": "ht"}]))  # fmt: skip
    r = spec.observable("r")
    assert (r.left, r.right) == ("met_pt", "ht") and not r.per_object


@pytest.mark.parametrize(
    ("observables", "said"),
    [
        # a term not defined at all, with a suggestion
        ([MET, {"name": "r", "kind": "ratio", "left": "met_pt", "right": "htt"}],
         "uses 'htt', which is not an observable defined in the spec"),
        # a term defined after it: terms come first, so there is no cycle
        ([MET, {"name": "r", "kind": "ratio", "left": "met_pt", "right": "ht"}, HT],
         "not an observable defined before it"),
        # itself (the smallest cycle)
        ([MET, {"name": "r", "kind": "ratio", "left": "met_pt", "right": "r"}],
         "defined before it"),
        # two arithmetic observables using each other
        ([MET, {"name": "a", "kind": "sum", "left": "met_pt", "right": "r"},
          {"name": "r", "kind": "ratio", "left": "met_pt", "right": "a"}],
         "observable 'a' (sum) uses 'r'"),
        # per object (every jet) cannot be divided by a per-event quantity
        ([MET, {"name": "jet_pt", "kind": "field", "of": "jets", "field": "pt"},
          {"name": "r", "kind": "ratio", "left": "jet_pt", "right": "met_pt"}],
         "'jet_pt' has one value per object, not per event"),
        ([MET, {"name": "r", "kind": "ratio", "left": "met_pt"}], "needs 'left' and 'right'"),
        ([MET, {"name": "r", "kind": "ratio", "left": "met_pt", "right": "met_pt"}],
         "the same observable"),
        ([MET, HT, {"name": "r", "kind": "ratio", "left": "met_pt", "right": "ht",
                    "of": "jets"}], "takes only 'left', 'right'"),
        ([MET, {"name": "r", "kind": "met", "left": "met_pt"}], "only for ratio/difference"),
    ],
)  # fmt: skip
def test_arithmetic_terms_are_checked(observables, said):
    with pytest.raises(SpecError) as exc:
        parse_spec(_spec(observables))
    assert said in exc.value.message


def test_generated_code_computes_the_terms_then_the_arithmetic():
    from chathep.compiler import compile_spec

    spec = parse_spec(
        _spec(
            [MET, HT, {"name": "r", "kind": "ratio", "left": "met_pt", "right": "ht"}, LEAD, SUB,
             {"name": "a", "kind": "asymmetry", "left": "j1", "right": "j2"},
             {"name": "d", "kind": "difference", "left": "j1", "right": "j2"},
             {"name": "s", "kind": "sum", "left": "j1", "right": "j2"}],
            selection=[{"name": "balanced", "observable": "a", "op": "<", "value": 0.5}],
            histograms=[{"name": n, "observable": n, "bins": 10, "start": 0, "stop": 2,
                         "label": "x"} for n in ("r", "d", "s")],
        )
    )  # fmt: skip
    code = compile_spec(spec)
    select = code[code.index("def select_events") : code.index("def summarise")]
    # the cut's terms are computed (for every event) before the asymmetry that reads them
    assert select.index('observables["j1"] =') < select.index('observables["a"] = asymmetry(')
    assert 'asymmetry(observables["j1"], observables["j2"])' in select
    hist = code[code.index("def compute_observables") : code.index("def event_weights")]
    for line in ('observables["met_pt"] = objects["MET"].pt',
                 'observables["ht"] = ak.sum(objects["jets"].pt, axis=1)',
                 'observables["r"] = ratio(observables["met_pt"], observables["ht"])',
                 'observables["d"] = difference(observables["j1"], observables["j2"])',
                 'observables["s"] = total(observables["j1"], observables["j2"])'):  # fmt: skip
        assert line in hist
    # the cut on the asymmetry needs two jets: the selected events index them directly
    assert 'objects["jets"][:, 1].pt' in hist
    assert "no entry where ht is 0" in hist  # the comment says what a zero does
    for helper in ("def ratio(", "def difference(", "def total(", "def asymmetry("):
        assert helper in code
    compile(code, "analysis.py", "exec")


def test_helpers_only_when_used_and_plan_text_names_the_terms():
    from chathep.compiler import compile_spec
    from chathep.describe import summary

    spec = parse_spec(_spec([MET, HT, {"name": "r", "kind": "ratio", "left": "met_pt",
                                       "right": "ht"}]))  # fmt: skip
    code = compile_spec(spec)
    assert "def ratio(" in code and "def difference(" not in code and "def total(" not in code
    assert "(MET pt) / (HT of jets)" in summary(spec)
