"""Session 14, helper K: event cuts on one per-event quantity that is not a cut on every object
(chathep.planner.event_cuts), and ranges placed on the histogram of the quantity they follow.

1. a pair's pT in a condition ("events with the dimuon pT above 50 GeV"): an event step on the
   pair the plan forms for those objects (its pairing rule, stated); "exceeds" reads as ">" (the
   pair mass path: a pair in the window);
2. a ranked object's pT in a condition ("the leading muon pT is between 30 and 50 GeV", "the
   subleading muon has pT above 20 GeV"): an event step on that one object, events without it
   fail (stated);
3. |delta eta| (delta phi, delta R) between two objects in a condition: an event step;
4. "the dimuon mass, MET from 0 to 50 GeV": the range is the MET's; "the MET from 0 to 200 and
   the HT from 0 to 1000 GeV": two histograms, no HT cut.

The planner's reading is asserted, then one sandboxed run of several of the new cuts (one spec,
one histogram per cut, each with its own steps) is compared with hand-written uproot/awkward
references on the demo files (nothing from chathep in the references).
"""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.planner import plan_request
from tests._planned_run import muon_jet_events, run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, check, coll, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _steps(plan):
    """The selection steps on an observable, as (observable's of, field, index, op, value)."""
    out = []
    for s in plan.spec.selection:
        if s.observable is None:
            continue
        obs = plan.spec.observable(s.observable)
        out.append((obs.kind, obs.of, obs.field, obs.index, s.op, s.value))
    return out


# --- 1. a pair's pT ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plotted", "bounds"),
    [
        ("the MET in events with the dimuon pT above 50 GeV", "met_pt", [(">", 50.0)]),
        ("the leading jet pT for events with the dimuon pT between 20 and 100 GeV",
         "lead_jets_pt", [(">", 20.0), ("<", 100.0)]),
        ("the number of jets in events with the dimuon pT between 50 and 100 GeV", "n_jets",
         [(">", 50.0), ("<", 100.0)]),
        ("the muon pT in events with the dimuon pT below 30 GeV", "muons_pt", [("<", 30.0)]),
    ],
)  # fmt: skip
def test_a_pair_pt_in_a_condition_is_an_event_step_on_the_plans_pair(
    catalog, text, plotted, bounds
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert h.observable == plotted
    (comb,) = plan.spec.combinations
    # the pair the plan forms when it plots the dimuon: opposite charge, the 2 leading muons
    assert (comb.inputs, comb.charge, comb.leading) == (["muons"], "opposite", 2)
    assert _steps(plan) == [("field", comb.name, "pt", 0, op, v) for op, v in bounds]
    muons = plan.spec.object("muons")  # never a cut on every muon
    assert [(c.op, c.value) for c in muons.cuts if c.field == "pt"] == [(">", 20.0)]
    said = " ".join(plan.defaults)
    assert "pair: the 2 leading muons" in said and "opposite charge" in said
    assert "event selection the dimuon pT" in said and "events without such a pair fail" in said
    assert not any(o.per_object and o.of == comb.name for o in plan.spec.observables)


def test_a_pair_mass_that_exceeds_a_value_is_the_pair_mass_selection(catalog):
    # was: asked ('exceeds' unread); now as 'the dijet mass > 500 GeV' is read
    plan = _plan("the number of jets in events where the dijet mass exceeds 500 GeV", catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.mass_min, comb.mass_max) == (["jets"], 500.0, None)
    assert [(s.count, s.op, s.value) for s in plan.spec.selection] == [(comb.name, ">=", 1.0)]


def test_a_pair_pt_without_a_condition_word_is_still_asked(catalog):
    plan = _plan("plot the dimuon pT above 50 GeV", catalog)
    assert not plan.ok
    assert "a cut on one object or a pair, not on each object" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "the MET in events where the dimuon mass is above 50 GeV",
        "the MET in events where the dimuon mass exceeds 50 GeV",
    ],
)
def test_a_pair_mass_worded_with_a_verb_is_the_pair_mass_selection(catalog, text):
    # was: asked ('is above', 'exceeds' unread)
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.charge, comb.mass_min) == (["muons"], "opposite", 50.0)


def test_an_and_that_lists_a_plot_is_no_condition(catalog):
    # a list of two plots, not "the dimuon mass in events with the dimuon pT above 50 GeV"
    plan = _plan("the dimuon mass and the dimuon pT above 50 GeV", catalog)
    assert plan.draft.event_cuts is None
    assert not plan.ok or not _steps(plan)


# --- 2. a ranked object's pT ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index", "count", "bounds"),
    [
        ("the MET for events where the leading muon pT is between 30 and 50 GeV", 0, 1,
         [(">", 30.0), ("<", 50.0)]),
        ("the dimuon mass when the subleading muon has pT above 20 GeV", 1, 2, [(">", 20.0)]),
        ("the MET in events where the leading muon pT is above 30 GeV", 0, 1, [(">", 30.0)]),
        ("the dimuon mass for events with the leading jet pT below 200 GeV", 0, 1,
         [("<", 200.0)]),
    ],
)  # fmt: skip
def test_a_ranked_object_pt_in_a_condition_is_an_event_step_on_that_object(
    catalog, text, index, count, bounds
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    kind = "jets" if "jet" in text else "muons"
    assert _steps(plan) == [("field", kind, "pt", index, op, v) for op, v in bounds]
    obj = plan.spec.object(kind)
    assert [(c.op, c.value) for c in obj.cuts if c.field == "pt"] == [
        (">", 30.0 if kind == "jets" else 20.0)  # the default: the cut is not on every object
    ]
    assert any(s.count == kind and s.value == count for s in plan.spec.selection)
    said = " ".join(plan.defaults)
    assert f"on that one {kind[:-1]} only; events without it fail" in said


def test_the_usual_pair_of_lepton_thresholds_is_still_read_as_before(catalog):
    # "leading above 30, subleading above 10": two muons above 10 GeV, the leading above 30
    plan = _plan(
        "the dimuon mass for events with the leading muon pT > 30 GeV and the subleading muon "
        "pT > 10 GeV",
        catalog,
    )
    assert plan.ok, plan.question
    muons = plan.spec.object("muons")
    assert [(c.op, c.value) for c in muons.cuts if c.field == "pt"] == [(">", 10.0)]
    assert _steps(plan) == [("field", "muons", "pt", 0, ">", 30.0)]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # an upper bound on a second or third object is often a veto (events with fewer pass)
        ("the dijet mass for events with the third jet pT below 30 GeV",
         "a cut on one object or a pair"),
        ("the MET in events where the subleading muon pT is below 40 GeV",
         "a cut on one object or a pair"),
        # below the objects' own threshold: no event passes
        ("the dimuon mass for events with the leading jet pT below 25 GeV", "No event passes"),
    ],
)  # fmt: skip
def test_ranked_upper_bounds_that_may_mean_a_veto_or_pass_nothing_are_asked(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert said in plan.question


# --- 3. |delta eta| (delta phi, delta R) between two objects ---------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("the dijet mass in events with |delta eta| between the two leading jets above 3.5",
         "delta_eta", 3.5),
        ("the dijet mass with |Δη(j1,j2)| > 3.5", "delta_eta", 3.5),
        ("the MET in events with delta eta between the two leading jets greater than 4",
         "delta_eta", 4.0),
        ("the dijet mass in events with delta R between the two leading jets above 0.4",
         "delta_r", 0.4),
    ],
)  # fmt: skip
def test_an_angle_between_two_jets_in_a_condition_is_an_event_step(catalog, text, kind, value):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    ((obs_kind, of, _field, _index, op, v),) = _steps(plan)
    assert (obs_kind, of, op, v) == (kind, "jets", ">", value)
    assert any(s.count == "jets" and s.value == 2.0 for s in plan.spec.selection)
    said = " ".join(plan.defaults)
    assert "of the two leading jets" in said and "events without the two objects fail" in said


def test_delta_phi_of_the_leading_jet_and_the_met_is_an_event_step(catalog):
    plan = _plan(
        "the MET in events with delta phi between the leading jet and the MET above 0.5", catalog
    )
    assert plan.ok, plan.question
    (step,) = [s for s in plan.spec.selection if s.observable]
    obs = plan.spec.observable(step.observable)
    assert (obs.kind, obs.of, obs.other, step.op, step.value) == (
        "delta_phi", "jets", "met", ">", 0.5,
    )  # fmt: skip


def test_two_event_cuts_joined_by_and_in_one_condition_are_both_steps(catalog):
    plan = _plan(
        "the MET in events with the dijet pT above 100 GeV and |delta eta| between the two "
        "leading jets above 3.5",
        catalog,
    )
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert _steps(plan) == [
        ("field", comb.name, "pt", 0, ">", 100.0),
        ("delta_eta", "jets", None, None, ">", 3.5),
    ]


def test_an_angle_between_two_kinds_of_objects_takes_the_plans_objects(catalog):
    # was asked (the plot's jets are cleaned against the muons, the angle's own plot's are
    # not); now the angle is of the plan's jets, said (session 26, tests/test_planner_s26.py)
    plan = _plan(
        "the MET in events with delta eta between the leading jet and the leading muon above 1",
        catalog,
    )
    assert plan.ok, plan.question
    ((kind, of, _, _, op, value),) = _steps(plan)
    assert (kind, of, op, value) == ("delta_eta", "jets", ">", 1.0)
    (obs,) = [o for o in plan.spec.observables if o.kind == "delta_eta"]
    assert (obs.other, obs.other_index or 0) == ("muons", 0)
    assert any("the plan's jets (cleaned against the muons)" in d for d in plan.defaults)


# --- 4. each range on the quantity it follows ------------------------------------------------


def test_a_range_after_a_listed_quantity_is_that_quantitys(catalog):
    # was: the mass axis 0-50 GeV and the MET 0-200 GeV
    plan = _plan("the dimuon mass, MET from 0 to 50 GeV", catalog)
    assert plan.ok, plan.question
    by = {h.observable: h for h in plan.spec.histograms}
    assert (by["met_pt"].start, by["met_pt"].stop) == (0.0, 50.0)
    assert (by["dimuon_mass"].start, by["dimuon_mass"].stop) != (0.0, 50.0)


def test_two_ranges_of_two_listed_quantities_are_two_axes_not_a_cut(catalog):
    # was: one MET histogram and an event cut 0 < HT < 1000 GeV
    plan = _plan("the MET from 0 to 200 and the HT from 0 to 1000 GeV", catalog)
    assert plan.ok, plan.question
    by = {h.observable: h for h in plan.spec.histograms}
    assert (by["met_pt"].start, by["met_pt"].stop) == (0.0, 200.0)
    assert (by["ht_jets"].start, by["ht_jets"].stop) == (0.0, 1000.0)
    assert not [s for s in plan.spec.selection if s.observable]


def test_an_and_inside_a_condition_still_continues_it(catalog):
    plan = _plan(
        "the jet multiplicity in events with MET > 50 GeV and HT between 300 and 600 GeV", catalog
    )
    assert plan.ok, plan.question
    cuts = [(s.op, s.value) for s in plan.spec.selection if s.observable]
    assert cuts == [(">", 50.0), (">", 300.0), ("<", 600.0)]


# --- one sandboxed run against independent references ---------------------------------------

_RUN = {
    "a": "the MET in events with the dimuon pT between 5 and 50 GeV",
    "b": "the MET for events where the subleading muon has pT above 25 GeV",
    "c": "the MET in events with |delta eta| between the two leading jets above 1.5",
    "d": "the MET for events where the leading jet pT is between 40 and 80 GeV",
}


@pytest.fixture(scope="module")
def evcut_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {key: _plan(text, cat) for key, text in _RUN.items()}
    return run_plans(plans, tmp_path_factory.mktemp("evcut14"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_new_event_cuts_match_the_reference(evcut_run, demo_data, sample):
    hists, result = evcut_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    met = ak.to_numpy(ev.MET_pt)
    mu = coll(ev, "Muon")
    mu = sorted_by_pt(
        mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    two = ak.to_numpy(ak.num(mu) >= 2)

    # a: the 2 leading muons, opposite charge, their vector pT sum in (5, 50)
    lead2 = ak.pad_none(mu, 2)
    m1, m2 = lead2[:, 0], lead2[:, 1]
    px = m1.pt * np.cos(m1.phi) + m2.pt * np.cos(m2.phi)
    py = m1.pt * np.sin(m1.phi) + m2.pt * np.sin(m2.phi)
    pair_pt = ak.to_numpy(ak.fill_none(np.hypot(px, py), -1.0))
    opposite = ak.to_numpy(ak.fill_none(m1.charge * m2.charge < 0, False))
    sel = two & opposite & (pair_pt > 5) & (pair_pt < 50)
    assert 0 < sel.sum() < two.sum()  # the cut does something
    h = hists["a"]
    check(result, h.name, sample, met[sel], w[sel], h.bins, h.start, h.stop)

    # b: a second muon with pT > 25 GeV (the muons themselves above 20 GeV)
    sub = ak.to_numpy(ak.fill_none(m2.pt, -1.0))
    sel = two & (sub > 25)
    assert sel.sum() < (two & (sub > 20)).sum()  # the cut does something
    h = hists["b"]
    check(result, h.name, sample, met[sel], w[sel], h.bins, h.start, h.stop)

    # c: |eta_1 - eta_2| of the two leading jets above 1.5
    j2 = ak.pad_none(jet, 2)
    deta = ak.to_numpy(ak.fill_none(abs(j2[:, 0].eta - j2[:, 1].eta), -1.0))
    sel = deta > 1.5
    h = hists["c"]
    check(result, h.name, sample, met[sel], w[sel], h.bins, h.start, h.stop)

    # d: the leading jet pT in (40, 80)
    lead = ak.to_numpy(ak.fill_none(ak.firsts(jet.pt), -1.0))
    sel = (lead > 40) & (lead < 80)
    h = hists["d"]
    check(result, h.name, sample, met[sel], w[sel], h.bins, h.start, h.stop)
