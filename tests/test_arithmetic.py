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


# --- the planner's readings ----------------------------------------------------------------


def _plan(text, catalog, previous=None):
    from chathep.planner import plan_request

    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _terms(plan):
    """(kind, (kind, of, field, index) of the left and the right term) of the plotted one."""
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    left, right = (plan.spec.observable(t) for t in (obs.left, obs.right))
    return obs.kind, *((t.kind, t.of, t.field, t.index) for t in (left, right))


MET_T = ("met", None, "pt", None)
HT_T = ("ht", "jets", None, None)
J1, J2 = ("field", "jets", "pt", 0), ("field", "jets", "pt", 1)
MU1, MU2 = ("field", "muons", "pt", 0), ("field", "muons", "pt", 1)


@pytest.mark.parametrize(
    ("text", "expected", "unit", "binning", "said"),
    [
        ("plot the ratio of the MET to the HT", ("ratio", MET_T, HT_T), "", (40, 0, 2),
         "ratio read as (MET) / (HT)"),
        ("MET/HT", ("ratio", MET_T, HT_T), "", (40, 0, 2), "(MET) / (HT)"),
        ("MET over HT", ("ratio", MET_T, HT_T), "", (40, 0, 2), "(MET) / (HT)"),
        ("the MET to HT ratio", ("ratio", MET_T, HT_T), "", (40, 0, 2), "(MET) / (HT)"),
        ("plot the MET-to-HT ratio", ("ratio", MET_T, HT_T), "", (40, 0, 2), "(MET) / (HT)"),
        ("the subleading-to-leading jet pT ratio", ("ratio", J2, J1), "", (20, 0, 1),
         "(subleading jet pT) / (leading jet pT)"),
        ("the ratio of the subleading to the leading jet pT", ("ratio", J2, J1), "", (20, 0, 1),
         "(subleading jet pT) / (leading jet pT)"),
        ("pT2/pT1 of the two leading jets", ("ratio", J2, J1), "", (20, 0, 1),
         "(subleading jet pT) / (leading jet pT)"),
        ("the leading muon pT divided by the dimuon mass",
         ("ratio", MU1, ("field", "dimuon", "mass", 0)), "", (40, 0, 2),
         "(leading muon pT) / (dimuon mass)"),
        ("the pT balance between the leading jet and the dimuon system",
         ("ratio", J1, ("field", "dimuon", "pt", 0)), "", (40, 0, 2),
         "'pT balance' read as the ratio pT(leading jet) / pT(dimuon system)"),
        ("the difference in pT between the two leading muons", ("difference", MU1, MU2), "GeV",
         (40, 0, 200), "(leading muon pT) - (subleading muon pT)"),
        ("pT1 - pT2 of the two leading muons", ("difference", MU1, MU2), "GeV", (40, 0, 200),
         "(leading muon pT) - (subleading muon pT)"),
        ("the leading muon pT minus the subleading muon pT", ("difference", MU1, MU2), "GeV",
         (40, 0, 200), "(leading muon pT) - (subleading muon pT)"),
        ("the pT asymmetry of the two leading jets", ("asymmetry", J1, J2), "", (20, 0, 1),
         "(A - B) / (A + B), A = leading jet pT, B = subleading jet pT"),
        ("(pT1 - pT2)/(pT1 + pT2) of the two leading jets", ("asymmetry", J1, J2), "", (20, 0, 1),
         "(A - B) / (A + B)"),
        ("the sum of the leading and subleading jet pT", ("sum", J1, J2), "GeV", (30, 0, 600),
         "(leading jet pT) + (subleading jet pT)"),
        ("the sum of the subleading and leading jet pT", ("sum", J2, J1), "GeV", (30, 0, 600),
         "the scalar sum of the two pT"),
    ],
)  # fmt: skip
def test_arithmetic_readings(catalog, text, expected, unit, binning, said):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _terms(plan) == expected
    (h,) = plan.spec.histograms
    assert (h.unit, (h.bins, h.start, h.stop)) == (unit, binning)
    assert any(said in n for n in plan.notes), plan.notes
    chosen = " ".join(plan.defaults)  # the binning and the no-entry rule are stated
    assert f"binning: {binning[0]} bins from {binning[1]:g} to {binning[2]:g}" in chosen
    assert "an event without the objects a term needs" in chosen
    if expected[0] in ("ratio", "asymmetry"):
        assert "is 0, has no entry" in chosen  # the division by zero, said


def test_the_terms_objects_are_defined_as_when_plotted_together(catalog):
    plan = _plan("the pT balance between the leading jet and the dimuon system", catalog)
    jets = plan.spec.object("jets")
    assert [c.against for c in jets.clean_against] == ["muons"]  # not a muon as the jet
    (comb,) = plan.spec.combinations
    assert (comb.leading, comb.charge) == (2, "opposite")
    # the looser ">= 1 muons" of the first term is implied by the pair's ">= 2 muons"
    assert [s.name for s in plan.spec.selection] == [
        ">= 1 jets", ">= 2 muons", "opposite-charge dimuon pair"
    ]  # fmt: skip


def test_the_request_around_the_terms_is_read(catalog):
    plan = _plan("plot MET/HT in DY with 50 bins from 0 to 5 on a log scale", catalog)
    assert plan.ok, plan.question
    assert _terms(plan)[0] == "ratio" and plan.spec.samples == ["dy_2018"]
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop, h.log_y) == (50, 0, 5, True)
    plan = _plan("the leading muon pT / the dimuon mass for muons above 30 GeV", catalog)
    assert plan.ok, plan.question
    assert {c.field: c.value for c in plan.spec.object("muons").cuts}["pt"] == 30
    followup = _plan("now with 20 bins", catalog, previous=plan)
    assert followup.ok and _terms(followup) == _terms(plan)
    assert followup.spec.histograms[0].bins == 20


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the ratio of the MET", "The ratio of MET to what?"),
        ("pT1 - pT2", "pT1 and pT2 of which objects?"),
        # per object (every jet) cannot be divided by a per-event quantity: asked
        ("ratio of the jet pT to the MET", "'jet pT' has one value per jet, not one per event"),
        ("the jet pT / HT", "'jet pT' has one value per jet"),
        ("the ratio of the muon eta to the HT", "'muon eta' has one value per muon"),
        # which way is not said
        ("the pT ratio of the two leading jets", "Say 'pT2/pT1 of the two leading jets'"),
        # a Z of no stated flavour is no term read alone: asked, not guessed
        ("the ratio of the leading jet pT to the Z pT", "I could not read both terms"),
    ],
)
def test_arithmetic_that_cannot_be_read_with_certainty_is_asked(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok and said in plan.question


@pytest.mark.parametrize(
    ("text", "plotted"),
    [
        ("the leading jet pT over 50 GeV", "lead_jets_pt"),  # "over": above, a cut
        ("the sum of the jet pT", "ht_jets"),  # the HT stays the HT
        ("the dimuon mass, Events/GeV", "dimuon_mass"),
    ],
)
def test_words_that_are_no_arithmetic_keep_their_reading(catalog, text, plotted):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [h.observable for h in plan.spec.histograms] == [plotted]
    assert not any(o.kind in ("ratio", "difference", "sum", "asymmetry")
                   for o in plan.spec.observables)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["the dimuon mass with a data/MC ratio", "the ratio of data to MC for the dimuon mass",
     "nPV in Z -> ee/mumu, sim13", "the fat jet tau2/tau1", "the HT of jets over 30 GeV"],
)  # fmt: skip
def test_slashes_and_ratios_of_no_quantities_are_not_arithmetic(catalog, text):
    from chathep.planner import arithmetic
    from chathep.planner.parser import RequestParser

    assert arithmetic.read(text, lambda t: RequestParser(t, catalog).parse()) is None


# --- sandboxed runs on the demo files vs hand-written uproot/awkward references -------------


#: the demo files hold 40 events each: looser muons leave a few Z + jet events to compare
LOOSE = " in events with muons above 10 GeV with no ID and no isolation"


@pytest.fixture(scope="module")
def balance_run(demo_data, tmp_path_factory):
    """The planner's spec of the pT balance (data and DY), with the planner's leading muon pT
    / dimuon mass added (same objects; filled from the same events)."""
    from chathep.catalog import default_catalog
    from chathep.engine import run_spec

    cat = default_catalog()
    plan = _plan("the pT balance between the leading jet and the dimuon system" + LOOSE, cat)
    other = _plan("the leading muon pT divided by the dimuon mass" + LOOSE, cat)
    assert plan.ok and other.ok, (plan.question, other.question)
    assert other.spec.object("muons") == plan.spec.object("muons")
    spec = plan.spec.model_dump()
    names = {o["name"] for o in spec["observables"]}
    spec["observables"] += [o.model_dump() for o in other.spec.observables if o.name not in names]
    spec["histograms"] += [h.model_dump() for h in other.spec.histograms]
    spec = parse_spec(spec)
    return spec, run_spec(spec, workdir=tmp_path_factory.mktemp("balance")).result


@pytest.fixture(scope="module")
def jets_run(demo_data, tmp_path_factory):
    """One spec, four histograms: MET/HT as planned, and the planner's asymmetry, difference
    and sum of the two leading jets added without their ">= 2 jets" step (an event with fewer
    jets then has no entry: the missing-term path)."""
    from chathep.catalog import default_catalog
    from chathep.engine import run_spec

    cat = default_catalog()
    texts = ("MET/HT", "the pT asymmetry of the two leading jets",
             "the difference between the leading and subleading jet pT",
             "the sum of the leading and subleading jet pT")  # fmt: skip
    plans = [_plan(t, cat) for t in texts]
    assert all(p.ok for p in plans), [p.question for p in plans]
    base = plans[0].spec.model_dump()
    assert all(p.spec.object("jets") == plans[0].spec.object("jets") for p in plans)
    names = {o["name"] for o in base["observables"]}
    for p in plans[1:]:
        base["observables"] += [o.model_dump() for o in p.spec.observables if o.name not in names]
        names |= {o.name for o in p.spec.observables}
        base["histograms"] += [h.model_dump() for h in p.spec.histograms]
    assert not base["selection"]
    spec = parse_spec(base)
    return spec, run_spec(spec, workdir=tmp_path_factory.mktemp("jets")).result


def _events(demo_data, sample):
    import uproot

    from tests.test_physics import FILES, coll

    with uproot.open(demo_data / FILES[sample]) as f:
        ev = f["Events"].arrays(
            filter_name=[f"Jet_{x}" for x in ("pt", "eta", "phi", "jetId")]
            + [f"Muon_{x}" for x in ("pt", "eta", "phi", "mass", "charge", "tightId",
                                     "pfRelIso04_all")]
            + ["MET_pt", "genWeight"]
        )  # fmt: skip
    return ev, coll(ev, "Jet"), coll(ev, "Muon")


JET_CUTS = {("pt", ">", 30.0, False), ("eta", "<", 2.4, True), ("jetId", ">=", 2.0, False)}


@pytest.mark.parametrize("sample", ["data_2018A_doublemuon", "dy_2018"])
def test_pt_balance_and_pt_over_mass_match_the_reference(balance_run, demo_data, sample):
    import awkward as ak
    import numpy as np

    from tests.test_physics import check, dr, four, weights

    spec, result = balance_run
    assert {(c.field, c.op, c.value, c.abs) for c in spec.object("jets").cuts} == JET_CUTS
    muon_cuts = {(c.field, c.op, c.value, c.abs) for c in spec.object("muons").cuts}
    assert muon_cuts == {("pt", ">", 10, False), ("eta", "<", 2.4, True)}
    ev, jet, mu = _events(demo_data, sample)
    mu = mu[(mu.pt > 10) & (abs(mu.eta) < 2.4)]
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    pairs = ak.cartesian({"j": jet, "m": mu}, nested=True)
    near = ak.fill_none(ak.min(dr(pairs.j, pairs.m), axis=2), np.inf)
    jet = jet[near > 0.4]  # away from every selected muon
    keep = ak.to_numpy((ak.num(jet) >= 1) & (ak.num(mu) >= 2))
    jet, mu = jet[keep], mu[keep]
    mu = mu[ak.argsort(mu.pt, ascending=False)]
    opposite = ak.to_numpy(mu[:, 0].charge * mu[:, 1].charge < 0)
    jet, mu = jet[opposite], mu[opposite]
    w = weights(sample, ev)[keep][opposite]
    j1 = ak.to_numpy(ak.max(jet.pt, axis=1)).astype(np.float64)
    e1, px1, py1, pz1 = (ak.to_numpy(x).astype(np.float64) for x in four(mu[:, 0]))
    e2, px2, py2, pz2 = (ak.to_numpy(x).astype(np.float64) for x in four(mu[:, 1]))
    z_pt = np.hypot(px1 + px2, py1 + py2)
    z_mass = np.sqrt(np.maximum((e1 + e2) ** 2 - (px1 + px2) ** 2 - (py1 + py2) ** 2
                                - (pz1 + pz2) ** 2, 0))  # fmt: skip
    mu1 = ak.to_numpy(mu[:, 0].pt).astype(np.float64)
    expected = {"jets": (j1 / z_pt, w), "muons": (mu1 / z_mass, w)}
    assert len(spec.histograms) == 2
    for h in spec.histograms:
        obs = spec.observable(h.observable)
        assert obs.kind == "ratio"
        values, wv = expected[spec.observable(obs.left).of]
        check(result, h.name, sample, values, wv, h.bins, h.start, h.stop)


@pytest.mark.parametrize("sample", ["data_2018A_doublemuon", "dy_2018"])
def test_ratio_asymmetry_difference_sum_match_the_reference(jets_run, demo_data, sample):
    import awkward as ak
    import numpy as np

    from tests.test_physics import check, weights

    spec, result = jets_run
    assert {(c.field, c.op, c.value, c.abs) for c in spec.object("jets").cuts} == JET_CUTS
    ev, jet, _ = _events(demo_data, sample)
    w = weights(sample, ev)
    pt = jet.pt[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    pt = ak.values_astype(ak.sort(pt, axis=1, ascending=False), np.float64)
    ht = ak.to_numpy(ak.sum(pt, axis=1))
    met = ak.to_numpy(ev.MET_pt).astype(np.float64)
    nonzero = ht != 0
    assert (~nonzero).any() and nonzero.any()  # events without jets: the division by zero
    two = ak.to_numpy(ak.num(pt) >= 2)
    assert (ak.to_numpy(ak.num(pt) == 1)).any()  # events with one jet: the missing term
    p1, p2 = ak.to_numpy(pt[two][:, 0]), ak.to_numpy(pt[two][:, 1])
    expected = {
        "ratio": (met[nonzero] / ht[nonzero], w[nonzero]),
        "asymmetry": ((p1 - p2) / (p1 + p2), w[two]),
        "difference": (p1 - p2, w[two]),
        "sum": (p1 + p2, w[two]),
    }
    assert sorted(spec.observable(h.observable).kind for h in spec.histograms) == sorted(expected)
    for h in spec.histograms:
        values, wv = expected[spec.observable(h.observable).kind]
        check(result, h.name, sample, values, wv, h.bins, h.start, h.stop)
