"""Per-event reductions over a collection (the maximum jet |eta|, the mean muon pT, the scalar pT
sum of the N leading jets), the system of all objects (the mass of all jets) and bin-width
wordings ("50 bins of 2 GeV", "10 GeV per bin up to 300 GeV"): the planner's readings, the
schema's checks, and one sandboxed run of several of them in one spec on the demo files against
hand-written uproot/awkward references (nothing from chathep in the references)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.errors import SpecError
from chathep.planner import plan_request
from chathep.spec import parse_spec
from tests.test_physics import DATA, DY, FILES, check, coll, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _only_observable(plan):
    (h,) = plan.spec.histograms
    return plan.spec.observable(h.observable), h


# --- readings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "field", "how", "absolute"),
    [
        ("plot the maximum |eta| of the jets in each event", "Jet", "eta", "max", True),
        ("the largest jet eta", "Jet", "eta", "max", False),
        ("the minimum muon pT per event", "Muon", "pt", "min", False),
        ("the highest jet mass in the event", "Jet", "mass", "max", False),
        ("plot the average jet pT per event", "Jet", "pt", "mean", False),
        ("the mean pT of the muons in each event", "Muon", "pt", "mean", False),
        ("the highest jet pT per event", "Jet", "pt", "max", False),
        ("the smallest |eta| among the electrons", "Electron", "eta", "min", True),
    ],
)
def test_per_event_reductions_are_read(catalog, text, source, field, how, absolute):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs, h = _only_observable(plan)
    assert (obs.kind, obs.field, obs.reduce, obs.abs, obs.first) == (
        "reduce", field, how, absolute, None
    )  # fmt: skip
    assert plan.spec.object(obs.of).source == source
    assert not plan.spec.combinations and not plan.spec.selection
    said = " ".join(plan.defaults)
    assert "one entry per event" in said and "no entry in an event without" in said
    assert h.label.startswith({"max": "Maximum", "min": "Minimum", "mean": "Mean"}[how])


@pytest.mark.parametrize(
    ("text", "n"),
    [
        # ("plot the sum of the pT of the two leading jets" is the sum of two observables,
        # tests/test_arithmetic.py: the same numbers)
        ("the scalar sum of the pT of the two leading jets", 2),
        ("the scalar sum of the pT of the three leading jets", 3),
        ("the HT of the 2 leading jets", 2),
    ],
)
def test_the_pt_sum_of_the_n_leading_jets(catalog, text, n):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs, _ = _only_observable(plan)
    assert (obs.kind, obs.of, obs.field, obs.reduce, obs.first) == ("reduce", "jets", "pt",
                                                                     "sum", n)  # fmt: skip
    assert f"fewer than {n} selected jets has no entry" in " ".join(plan.defaults)


@pytest.mark.parametrize(
    ("text", "source", "field"),
    [
        ("plot the invariant mass of all jets in the event", "Jet", "mass"),
        ("the mass of the system of all selected muons", "Muon", "mass"),
        ("the pT of the sum of all jets' four-momenta", "Jet", "pt"),
        ("the pt of the system of all jets", "Jet", "pt"),
    ],
)
def test_the_system_of_all_objects(catalog, text, source, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs, _ = _only_observable(plan)
    assert (obs.kind, obs.field, obs.reduce) == ("system", field, None)
    assert plan.spec.object(obs.of).source == source
    assert not plan.spec.combinations  # not pairs of them
    assert "no entry in an event without any" in " ".join(plan.defaults)
    assert "four-vector sum of all" in plan.describe(catalog)
    # "all jets": every jet, no cuts (the planner's reading of "all"), "all selected": the
    # default selection; either way the plan says which
    selected = "selected" in text or "all" not in text
    assert bool(plan.spec.object(obs.of).cuts) == selected


@pytest.mark.parametrize(
    "text", ["plot the vector sum pT of all jets", "the pT of the vector sum of all jets"]
)
def test_the_vector_sum_pt_of_the_jets_is_the_mht(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs, _ = _only_observable(plan)
    assert (obs.kind, obs.of) == ("mht", "jets")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the readings that must not become reductions or systems
        ("the leading jet pT", ("field", "jets", "pt", 0, None)),
        ("the highest pT jet eta", ("field", "jets", "eta", 0, None)),
        ("the maximum b-tag score among the three jets of the trijet",
         ("field", "trijet", "btagDeepFlavB", None, "max")),
        ("the pT of all jets", ("field", "jets", "pt", None, None)),
        ("the mass of every jet", ("field", "jets", "mass", None, None)),
        ("plot the sum of the jet pT", ("ht", "jets", None, None, None)),
        ("the maximum dijet mass", ("field", "dijet", "mass", None, None)),
    ],
)  # fmt: skip
def test_nearby_wordings_keep_their_reading(catalog, text, expected):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs, _ = _only_observable(plan)
    assert (obs.kind, obs.of, obs.field, obs.index, obs.reduce) == expected


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the maximum |eta| of the jets is 2.4", "maximum"),  # a cut, not a plot
        ("the minimum muon mass per event", "minimum"),  # a muon's mass is a pair's here
        # ("the HT of the leading 3 jets" is read now: tests/test_planner_left12.py)
    ],
)
def test_reductions_that_do_not_fit_are_asked(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok and said in plan.question


# --- bin widths --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "binning", "said"),
    [
        ("plot the dimuon mass with 50 bins of 2 GeV", (50, 60.0, 160.0),
         "from 60 GeV: the default start"),
        ("dimuon mass in 2 GeV bins from 60 to 120", (30, 60.0, 120.0), "30 bins of 2 GeV"),
        ("dimuon mass with bin width 5 GeV", (12, 60.0, 120.0), "up to 120 GeV: the default end"),
        ("dimuon mass, 10 GeV per bin up to 300 GeV", (30, 0.0, 300.0), "'up to' with no start"),
        ("dimuon mass, 5 GeV/bin from 70 GeV", (10, 70.0, 120.0), "the default end"),
        ("dimuon mass with 7 GeV bins from 60 to 120", (9, 60.0, 123.0),
         "range extended to 123 GeV"),
        ("dimuon mass with 20 bins of 2 GeV up to 120 GeV", (20, 80.0, 120.0), "from 80 GeV"),
        ("the leading muon pT in 10 GeV bins", (20, 0.0, 200.0), "the default start"),
    ],
)  # fmt: skip
def test_bin_widths_are_exact_and_what_was_not_given_is_stated(catalog, text, binning, said):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == binning
    assert said in " ".join(plan.defaults)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("dimuon mass with 20 bins of 2 GeV from 60 to 90", "do not span"),
        ("dimuon mass with bin width 0.001 GeV from 0 to 300", "at most"),
    ],
)
def test_bin_widths_that_cannot_hold_are_asked(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok and said in plan.question


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


# --- one sandboxed run: several reductions in one spec vs uproot + awkward ----------------------

_TEXTS = (
    "plot the maximum |eta| of the jets in each event",
    "the minimum muon pT per event",
    "the mean pT of the muons in each event",
    "plot the sum of the pT of the two leading jets",
    "plot the invariant mass of all selected jets in the event",
    "the pT of the sum of all selected jets' four-momenta",
)


@pytest.fixture(scope="module")
def reductions_run(demo_data, tmp_path_factory):
    """The plans of _TEXTS (each checked), put together in one spec (the same objects), run."""
    from chathep.catalog import default_catalog

    cat = default_catalog()
    objects: dict[str, dict] = {}
    observables, histograms = [], []
    for text in _TEXTS:
        plan = _plan(text, cat)
        assert plan.ok, plan.question
        assert not plan.spec.selection and not plan.spec.combinations
        for obj in plan.spec.objects:
            dumped = obj.model_dump()
            assert objects.setdefault(obj.name, dumped) == dumped  # the same definitions
        observables += [o.model_dump() for o in plan.spec.observables]
        histograms += [h.model_dump() for h in plan.spec.histograms]
    spec = parse_spec(
        {"title": "reductions", "samples": [DATA, DY], "objects": list(objects.values()),
         "observables": observables, "histograms": histograms}
    )  # fmt: skip
    return spec, run_spec(spec, workdir=tmp_path_factory.mktemp("reduce")).result


def _cuts(spec, name):
    return {(c.field, c.op, c.value, c.abs) for c in spec.object(name).cuts}


def _p4(objs):
    pt, eta = ak.values_astype(objs.pt, np.float64), ak.values_astype(objs.eta, np.float64)
    phi, m = ak.values_astype(objs.phi, np.float64), ak.values_astype(objs.mass, np.float64)
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    return np.sqrt(px**2 + py**2 + pz**2 + m**2), px, py, pz


@pytest.mark.parametrize("sample", [DATA, DY])
def test_reductions_match_the_reference(reductions_run, demo_data, sample):
    spec, result = reductions_run
    # the reference selects the objects the plans state
    assert _cuts(spec, "jets") == {("pt", ">", 30, False), ("eta", "<", 2.4, True),
                                   ("jetId", ">=", 2, False)}  # fmt: skip
    assert _cuts(spec, "muons") == {("pt", ">", 20, False), ("eta", "<", 2.4, True),
                                    ("tightId", "==", True, False),
                                    ("pfRelIso04_all", "<", 0.15, False)}  # fmt: skip
    assert not any(o.clean_against for o in spec.objects)
    with uproot.open(demo_data / FILES[sample]) as f:
        ev = f["Events"].arrays(filter_name=["Jet_*", "Muon_*", "genWeight"])
    w = weights(sample, ev)
    jet, mu = coll(ev, "Jet"), coll(ev, "Muon")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    mu = mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    nj, nm = ak.to_numpy(ak.num(jet)), ak.to_numpy(ak.num(mu))
    assert (nj == 0).any() and (nj >= 2).any() and (nm == 0).any() and (nm >= 2).any()
    has_j, has_m, two_j = nj > 0, nm > 0, nj >= 2
    by_pt = jet[ak.argsort(jet.pt, axis=1, ascending=False)]
    e, px, py, pz = (ak.to_numpy(ak.sum(x, axis=1)) for x in _p4(jet))
    mass = np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0.0))
    expected = {
        ("reduce", "eta", "max"): (np.array([max(abs(x) for x in r) for r in
                                             ak.to_list(jet.eta[has_j])]), has_j),
        ("reduce", "pt", "min"): (np.array([min(r) for r in ak.to_list(mu.pt[has_m])]), has_m),
        ("reduce", "pt", "mean"): (np.array([sum(r) / len(r) for r in ak.to_list(mu.pt[has_m])]),
                                   has_m),
        ("reduce", "pt", "sum"): (np.array([r[0] + r[1] for r in ak.to_list(by_pt.pt[two_j])]),
                                  two_j),
        ("system", "mass", None): (mass[has_j], has_j),
        ("system", "pt", None): (np.hypot(px, py)[has_j], has_j),
    }  # fmt: skip
    for h in spec.histograms:
        obs = spec.observable(h.observable)
        values, keep = expected.pop((obs.kind, obs.field, obs.reduce))
        check(result, h.name, sample, values, w[keep], h.bins, h.start, h.stop)
    assert not expected  # every histogram compared


# --- follow-ups ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "then", "expected", "dropped"),
    [
        # a new quantity or object: the reduction is not carried over to it (said in a note)
        ("plot the maximum |eta| of the jets in each event", "now the muon pT",
         ("field", "muons", "pt", None, None), True),
        ("plot the sum of the pT of the two leading jets", "now the muon eta",
         ("field", "muons", "eta", None, None), True),
        ("the invariant mass of all jets in the event", "now the leading jet pT",
         ("field", "jets", "pt", None, None), True),
        # the same plot restyled: kept
        ("plot the sum of the pT of the two leading jets", "now log scale",
         ("reduce", "jets", "pt", "sum", 2), False),
        # a reduction asked for in the follow-up: one value per event, not of the pair
        ("the dimuon mass", "now the maximum muon pT per event",
         ("reduce", "muons", "pt", "max", None), False),
        ("the leading jet pT", "now the maximum jet pT per event",
         ("reduce", "jets", "pt", "max", None), False),
    ],
)  # fmt: skip
def test_followups_set_or_drop_the_reduction(catalog, first, then, expected, dropped):
    previous = _plan(first, catalog)
    plan = plan_request(then, catalog, mode="parser", check_files=False, previous=previous)
    assert plan.ok, plan.question
    obs, _ = _only_observable(plan)
    assert (obs.kind, obs.of, obs.field, obs.reduce, obs.first) == expected
    assert any("not carried over" in n for n in plan.notes) == dropped
    # no pair is plotted; a pair plotted before keeps its events as a pair selection, said
    assert all((c.choose, c.leading) == ("all", None) for c in plan.spec.combinations)
    kept = any(n.startswith("The events are those of the previous plot") for n in plan.notes)
    assert bool(plan.spec.combinations) == kept == ("dimuon" in first)
