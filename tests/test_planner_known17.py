"""Session 17: known open planner items (follow-up events, "each", counts, "at most")."""

from __future__ import annotations

import awkward as ak
import pytest

from chathep.planner.planner import plan_request
from tests._planned_run import muon_jet_events, pairs, run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, check, coll, dr, weights

OS_DIMUON = "the dimuon mass of opposite-sign muons above 25 GeV"
KEPT = "The events are those of the previous plot: "


def _plan(text: str, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _cuts(plan, name):
    return [(c.field, c.op, c.value) for c in plan.spec.object(name).cuts]


def _pair_selection(plan):
    """(inputs, charge) of the plan's pair selection step: a pair of any two objects."""
    (pair,) = plan.spec.combinations
    assert (pair.choose, pair.leading) == ("all", None)  # a selection, not the plotted pair
    assert any(s.count == pair.name and s.value == 1 for s in plan.spec.selection)
    return pair.inputs, pair.charge


# --- 1. a follow-up plotting one object after a pair keeps the pair's events -------------------
@pytest.mark.parametrize(
    ("followup", "plotted"),
    [
        ("and now the leading muon eta", ("muons", "eta", 0)),
        ("now the leading jet pT", ("jets", "pt", 0)),
        ("now the subleading muon pT", ("muons", "pt", 1)),
        ("now the number of jets", ("jets", None, None)),
        ("now the b-jet multiplicity", ("bjets", None, None)),
    ],
)
def test_a_followup_after_a_dimuon_mass_keeps_its_events(catalog, followup, plotted):
    plan = _plan(followup, catalog, previous=_plan(OS_DIMUON, catalog))
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field, obs.index) == plotted
    assert _pair_selection(plan) == (["muons"], "opposite")
    assert ("pt", ">", 25.0) in _cuts(plan, "muons")  # the muons of the pair, as stated
    assert KEPT + "with an opposite-sign dimuon pair (any two of the selected muons)." in plan.notes
    assert not [n for n in plan.notes if "not carried over" in n]


def test_the_kept_pair_keeps_its_charge_across_objects(catalog):
    previous = _plan("the dimuon mass of same-sign muons", catalog)
    plan = _plan("now the leading jet pT", catalog, previous=previous)
    assert plan.ok, plan.question
    assert _pair_selection(plan) == (["muons"], "same")
    assert KEPT + "with a same-sign dimuon pair (any two of the selected muons)." in plan.notes


def test_a_dijet_mass_then_a_jet_quantity_keeps_events_with_a_jet_pair(catalog):
    plan = _plan("now the leading jet eta", catalog, previous=_plan("the dijet mass", catalog))
    assert plan.ok, plan.question
    assert _pair_selection(plan) == (["jets"], "any")
    assert KEPT + "with a dijet pair (any two of the selected jets)." in plan.notes


@pytest.mark.parametrize("followup", ["now the number of jets", "now the leading jet pT"])
def test_a_z_candidate_not_kept_for_jets_is_said(catalog, followup):
    plan = _plan(followup, catalog, previous=_plan("the Z candidate mass", catalog))
    assert plan.ok, plan.question
    assert not plan.spec.combinations
    assert (
        "The events are not those of the previous plot: its Z candidate is not kept as a "
        "selection here (every event is used); name the events to keep them, e.g. 'in events "
        "with a Z candidate'." in plan.notes
    )


def test_a_cut_on_the_previous_pair_keeps_the_cuts_on_its_muons(catalog):
    previous = _plan("the dimuon mass of muons with pT > 30 GeV and dimuon pT > 50 GeV", catalog)
    plan = _plan("now the number of jets", catalog, previous=previous)
    assert plan.ok, plan.question
    # was: the dimuon pT cut kept on muons above 20 GeV ("the muon cuts ... not carried over")
    assert ("pt", ">", 30.0) in _cuts(plan, "muons")
    assert any(s.name == "dimuon pT > 50 GeV" for s in plan.spec.selection)
    assert KEPT + "its cut on the dimuon pair (and the cuts on its muons) is kept." in plan.notes


@pytest.mark.parametrize(
    "followup", ["now the leading jet pT in all events", "now the leading muon eta for all events"]
)
def test_a_followup_in_all_events_drops_the_pair(catalog, followup):
    plan = _plan(followup, catalog, previous=_plan(OS_DIMUON, catalog))
    assert plan.ok, plan.question
    assert not plan.spec.combinations
    assert not [n for n in plan.notes if n.startswith(KEPT)]


def test_the_pt_of_each_muon_after_a_dimuon_mass_is_one_entry_per_muon(catalog):
    previous = _plan(OS_DIMUON, catalog)
    # the plan's own note for "now the muon pT" offers this wording for one entry per muon
    assert any(
        "say 'the pT of each muon'" in n for n in _plan("now the muon pT", catalog, previous).notes
    )
    plan = _plan("now the pT of each muon", catalog, previous=previous)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", "muons", "pt", None)
    assert _pair_selection(plan) == (["muons"], "opposite")  # was: the dimuon pT
    assert ("tightId", "==", True) in _cuts(plan, "muons")
    assert "One entry per muon, not the pair plotted before." in plan.notes


def test_a_followup_that_stays_a_pair_is_unchanged(catalog):
    plan = _plan("now the muon pT", catalog, previous=_plan(OS_DIMUON, catalog))
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.leading == 2
    assert not [n for n in plan.notes if n.startswith(KEPT)]


# --- one sandboxed run against hand-written references ------------------------------------------


@pytest.fixture(scope="module")
def known_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    first = _plan(OS_DIMUON, cat)
    plans = {
        "eta": _plan("and now the leading muon eta", cat, first),
        "njets": _plan("now the number of jets", cat, first),
    }
    return run_plans(plans, tmp_path_factory.mktemp("known17"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_new_readings_match_the_reference(known_run, demo_data, sample):
    hists, result = known_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    mu = coll(ev, "Muon")
    mu25 = sorted_by_pt(
        mu[(mu.pt > 25) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    _, _, a, b = pairs(mu25)
    has_os = ak.to_numpy(ak.any(a.charge * b.charge < 0, axis=1))
    # the reading matters: events without an opposite-sign pair of these muons are dropped
    assert 0 < has_os.sum() < ak.to_numpy(ak.num(mu25) >= 1).sum()

    # eta: the leading muon's eta in events with an opposite-sign pair
    lead_eta = ak.to_numpy(ak.fill_none(ak.firsts(mu25.eta), 0.0))
    h = hists["eta"]
    check(result, h.name, sample, lead_eta[has_os], w[has_os], h.bins, h.start, h.stop)

    # njets: the jets (away from those muons, dR > 0.4) counted in the same events
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    pj, pm = ak.unzip(ak.cartesian([jet, mu25], nested=True))
    away = ak.all(dr(pj, pm) > 0.4, axis=2)
    njets = ak.to_numpy(ak.num(jet[away])).astype(float)
    h = hists["njets"]
    check(result, h.name, sample, njets[has_os], w[has_os], h.bins, h.start, h.stop)


# --- 2. "each X": one entry per object of the usual definition (defaults kept, listed) ---------
@pytest.mark.parametrize(
    ("text", "name", "defaults"),
    [
        ("the |eta| of each bjet", "bjets", [("pt", ">", 30.0), ("jetId", ">=", 2)]),
        ("the |eta| of each b-jet", "bjets", [("pt", ">", 30.0), ("jetId", ">=", 2)]),
        ("the pT of each muon", "muons", [("pt", ">", 20.0), ("tightId", "==", True)]),
        ("each muon's pT", "muons", [("pt", ">", 20.0), ("tightId", "==", True)]),
        ("for each jet plot the pT", "jets", [("pt", ">", 30.0), ("jetId", ">=", 2)]),
        ("the eta of each jet", "jets", [("pt", ">", 30.0), ("jetId", ">=", 2)]),
        ("the jet pT per jet", "jets", [("pt", ">", 30.0), ("jetId", ">=", 2)]),
    ],
)
def test_each_object_keeps_the_default_definition_listed(catalog, text, name, defaults):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan, name)
    assert all(c in cuts for c in defaults), cuts
    assert [c for c in cuts if c[0] == "eta"]  # the default |eta| cut, too
    (chosen,) = [x for x in plan.describe(catalog).splitlines() if x.startswith("Chosen for")]
    assert "pT > " in chosen and "|eta| < " in chosen  # listed as chosen


@pytest.mark.parametrize(
    ("text", "name"),
    [("the pT of every jet", "jets"), ("the pT of all jets", "jets"),
     ("the eta of every muon", "muons")],
)  # fmt: skip
def test_every_and_all_objects_stay_as_written(catalog, text, name):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _cuts(plan, name) == []


def test_a_cut_on_each_object_keeps_the_other_defaults(catalog):
    plan = _plan("the dimuon mass where each muon has pT > 30 GeV", catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan, "muons")
    assert ("pt", ">", 30.0) in cuts and ("tightId", "==", True) in cuts  # was: pT only


# --- 3. "the number of jets > 2 GeV" (a pT cut, said) and "> 2" (a cut on the count) -----------
@pytest.mark.parametrize(
    ("text", "pt", "unit"),
    [("the number of jets > 2 GeV", 2.0, "> 2 GeV"),
     ("the number of jets above 30 GeV", 30.0, "above 30 GeV")],
)  # fmt: skip
def test_a_count_with_a_unit_is_a_pt_cut_and_said(catalog, text, pt, unit):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.of) == ("count", "jets")
    assert ("pt", ">", pt) in _cuts(plan, "jets")
    assert not [s for s in plan.spec.selection if s.count == "jets"]
    assert (
        f"'number of jets {unit}' read as the number of jets with pT > {pt:g} GeV (a pT cut, as "
        "it has a unit)" in " ".join(plan.notes)
    )


@pytest.mark.parametrize(
    ("text", "name", "op", "value"),
    [
        ("the number of jets > 2", "jets", ">=", 3),
        ("plot the number of jets > 2", "jets", ">=", 3),
        ("the number of jets >= 3", "jets", ">=", 3),
        ("the jet multiplicity > 2", "jets", ">=", 3),
        ("the number of muons > 1", "muons", ">=", 2),
        ("the number of jets <= 4", "jets", "<=", 4),
    ],
)
def test_a_plotted_count_compared_with_a_bare_number_is_a_cut_on_it(catalog, text, name, op, value):
    plan = _plan(text, catalog)  # was: asked
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.of) == ("count", name)
    (step,) = [s for s in plan.spec.selection if s.count == name]
    assert (step.op, step.value) == (op, value)
    assert not [c for c in _cuts(plan, name) if c[0] == "pt" and c[2] < 10]  # no pT cut
    assert any("(a cut on the plotted count)" in n for n in plan.notes)


# --- 4. "at most N", "<= N" objects: n <= N (events with exactly N kept) ------------------------
@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("the MET in events with at most 3 jets", "<=", 3),
        ("the MET in events with no more than 3 jets", "<=", 3),
        ("the MET in events with up to 3 jets", "<=", 3),
        ("the MET in events with 3 or fewer jets", "<=", 3),
        ("the MET in events with fewer than 3 jets", "<=", 2),
        ("the MET for events with <= 3 jets", "<=", 3),  # was: >= 3 ('3 jets': at least 3)
        ("the MET for events with ≤ 3 jets", "<=", 3),
        ("the MET for events with <=3 jets", "<=", 3),
        ("the MET for events with < 3 jets", "<=", 2),  # was: >= 3
        ("the MET for events with > 3 jets", ">=", 4),  # was: >= 3
        ("the MET for events with >= 3 jets", ">=", 3),
        ("the dimuon mass for events with <= 1 jet", "<=", 1),
    ],
)
def test_a_count_bound_keeps_its_comparison(catalog, text, op, value):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (step,) = [s for s in plan.spec.selection if s.count == "jets"]
    assert (step.op, step.value) == (op, value)
    assert not [n for n in plan.notes if "read as at least" in n]


@pytest.fixture(scope="module")
def count_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {
        "most": _plan("the number of jets in events with at most 2 jets", cat),
        "le": _plan("the number of jets for events with <= 2 jets", cat),
        "fewer": _plan("the number of jets in events with fewer than 2 jets", cat),
        "gt": _plan("the number of jets > 2", cat),
        # session 18: 'max N' and 'a maximum of N' are at most N (were: asked, or at least N)
        "max": _plan("the number of jets in events with max 2 jets", cat),
        "maximum": _plan("the number of jets in events with a maximum of two jets", cat),
    }
    return run_plans(plans, tmp_path_factory.mktemp("known17_counts"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_count_cuts_match_the_reference(count_run, demo_data, sample):
    hists, result = count_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    jet = coll(ev, "Jet")
    njets = ak.to_numpy(ak.num(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]))
    assert (njets == 2).any() and (njets > 2).any()  # the boundary is in the files
    for key, keep in (
        ("most", njets <= 2),
        ("le", njets <= 2),
        ("fewer", njets < 2),
        ("gt", njets > 2),
        ("max", njets <= 2),
        ("maximum", njets <= 2),
    ):
        h = hists[key]
        check(result, h.name, sample, njets[keep].astype(float), w[keep], h.bins, h.start, h.stop)


# --- 6. "the mass of the two leading jets if both have pT > 50": the pair above 50 GeV, said ----
@pytest.mark.parametrize(
    ("text", "name", "pt"),
    [
        ("the mass of the two leading jets if both have pT > 50", "jets", 50.0),
        ("Plot the mass of the two leading jets, provided that both have pT > 40 GeV.", "jets",
         40.0),
        ("the invariant mass of the two leading muons if both have pT above 30 GeV", "muons",
         30.0),
    ],
)  # fmt: skip
def test_both_leading_objects_above_a_threshold_is_that_cut_said(catalog, text, name, pt):
    plan = _plan(text, catalog)  # was: asked
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert (pair.inputs, pair.leading) == ([name], 2)
    assert ("pt", ">", pt) in _cuts(plan, name)
    assert any(f"read as a {name[:-1]} pT cut of {pt:g} GeV" in n for n in plan.notes)


@pytest.fixture(scope="module")
def both_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("the mass of the two leading jets if both have pT > 50", default_catalog())
    return run_plans({"both": plan}, tmp_path_factory.mktemp("known17_both"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_both_leading_jets_above_50_match_the_reference(both_run, demo_data, sample):
    """The reading as written: the two leading jets (of the usual definition) in events where
    both have pT > 50 GeV, their mass."""
    hists, result = both_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    two = ak.to_numpy(ak.num(jet) >= 2)
    padded = ak.pad_none(jet, 2)
    keep = two & ak.to_numpy(ak.fill_none(padded[:, 1].pt > 50, False))
    assert 0 < keep.sum() < two.sum()  # the condition removes events
    mass, _, _, _ = pairs(jet[keep][:, :2])
    h = hists["both"]
    check(result, h.name, sample, ak.to_numpy(ak.flatten(mass)), w[keep], h.bins, h.start, h.stop)
