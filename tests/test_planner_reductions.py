"""Per-event reductions over a collection (the maximum jet |eta|, the mean muon pT, the scalar pT
sum of the N leading jets), the system of all objects (the mass of all jets) and bin-width
wordings ("50 bins of 2 GeV", "10 GeV per bin up to 300 GeV"): the planner's readings, the
schema's checks, and one sandboxed run of several of them in one spec on the demo files against
hand-written uproot/awkward references (nothing from chathep in the references)."""

from __future__ import annotations

import pytest

from chathep.errors import SpecError
from chathep.planner import plan_request
from chathep.spec import parse_spec
from tests.test_physics import DATA


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _only_observable(plan):
    (h,) = plan.spec.histograms
    return plan.spec.observable(h.observable), h


# --- schema -------------------------------------------------------------------------------------


def _spec(obs, combination=False):
    spec = {
        "title": "t",
        "objects": [{"name": "jets", "source": "Jet"}],
        "observables": [{"name": "x", **obs}],
        "histograms": [{"name": "x", "observable": "x", "bins": 2, "start": 0, "stop": 1,
                        "label": "x"}],
    }  # fmt: skip
    if combination:
        spec["combinations"] = [{"name": "dijet", "inputs": ["jets"]}]
    return spec


@pytest.mark.parametrize(
    ("obs", "combination", "said"),
    [
        ({"kind": "reduce", "of": "jets", "field": "pt"}, False, "needs 'field' and 'reduce'"),
        ({"kind": "reduce", "of": "dijet", "field": "pt", "reduce": "max"}, True,
         "must be an object"),
        ({"kind": "system", "of": "jets", "field": "charge"}, False, "mass/pt/eta/phi"),
        ({"kind": "field", "of": "jets", "field": "pt", "first": 2}, False, "'first' is for"),
        ({"kind": "field", "of": "dijet", "field": "pt", "reduce": "mean"}, True,
         "max/min/sum over the legs"),
        ({"kind": "reduce", "of": "jets", "field": "pt", "reduce": "max", "index": 0}, False,
         "one value per event"),
    ],
)  # fmt: skip
def test_the_schema_checks_reductions(obs, combination, said):
    with pytest.raises(SpecError, match=said):
        parse_spec(_spec(obs, combination))


def test_the_generated_code_reads_as_the_reduction(catalog):
    from chathep.compiler import compile_spec

    spec = parse_spec(
        {
            **_spec({"kind": "reduce", "of": "jets", "field": "eta", "reduce": "max",
                     "abs": True}),
            "samples": [DATA],
        }
    )  # fmt: skip
    code = compile_spec(spec, catalog)
    assert 'observables["x"] = ak.max(abs(objects["jets"].eta), axis=1)' in code
    assert "abs(ak.max" not in code  # |eta| of each jet before the maximum, once


