"""Session 15, helper Y: event cuts, second round (chathep.planner.event_cuts).

1. the Z pT in a condition ("the MET in events with the Z pT above 50 GeV"): a cut on the
   opposite-charge lepton pair the plan forms for the Z (muons on the DoubleMuon data, the
   plotted or named leptons otherwise; the plotted pair when the plot is that pair; the Z
   candidate the events are selected with in "Z -> mumu events"), stated; asked where nothing
   says the flavour;
2. a ranked object's |eta| in a condition ("the leading jet has |eta| < 2.4", "the subleading
   jet is forward (|eta| > 2.5)"): a cut on that one object, events without it fail (stated);
   a bound the objects' own |eta| acceptance makes empty is asked, one it makes void is stated;
3. a pair's mass beside that pair's pT ("dijet mass above 500 GeV and dijet pT above 100 GeV",
   or a mass window read by the parser, "m(jj) > 500 GeV"): both cuts on the one pair the plan
   forms (was: the window kept an event with ANY pair in it, the pT cut tested the leading
   pair), stated;
4. event cuts in follow-ups ("now require the dimuon pT above 50 GeV", "add |delta eta|
   between the two leading jets above 3.5"): one more step, nothing else changed.

The planner's reading is asserted, then one sandboxed run (one spec, one histogram per request)
is compared with hand-written uproot/awkward references on the demo files.
"""

from __future__ import annotations

import awkward as ak
import pytest

from chathep.planner import plan_request
from tests._planned_run import muon_jet_events, pairs, run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, check, coll, weights

Z_MASS = 91.1876


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _steps(plan):
    """The selection steps on an observable, as (kind, of, field, index, abs, op, value)."""
    out = []
    for s in plan.spec.selection:
        if s.observable is None:
            continue
        obs = plan.spec.observable(s.observable)
        out.append((obs.kind, obs.of, obs.field, obs.index, obs.abs, s.op, s.value))
    return out


def _said(plan) -> str:
    return " ".join([*plan.defaults, *plan.notes])


# --- 1. the Z pT ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plotted", "bounds"),
    [
        ("the MET in events with the Z pT above 50 GeV", "met_pt", [(">", 50.0)]),
        ("the leading jet pT for Z pT > 100 GeV", "lead_jets_pt", [(">", 100.0)]),
        ("the number of jets for the Z pT between 20 and 100 GeV", "n_jets",
         [(">", 20.0), ("<", 100.0)]),
    ],
)  # fmt: skip
def test_the_z_pt_is_a_cut_on_the_muon_pair_closest_to_the_z_mass(catalog, text, plotted, bounds):
    # were asked ('a cut on one object or a pair, not on each object')
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert h.observable == plotted
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.charge, comb.choose) == (["muons"], "opposite", "closest_mass")
    assert comb.target_mass == pytest.approx(Z_MASS)
    assert _steps(plan) == [("field", comb.name, "pt", 0, False, op, v) for op, v in bounds]
    muons = plan.spec.object("muons")  # never a cut on every muon
    assert [(c.op, c.value) for c in muons.cuts if c.field == "pt"] == [(">", 20.0)]
    said = _said(plan)
    assert "'Z' read as the Z -> mumu candidate" in said
    assert "the channel the data stream records" in said


def test_the_z_of_a_plotted_lepton_flavour_is_that_flavours_pair(catalog):
    plan = _plan("the electron pT in events with the Z pT above 30 GeV", catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.choose) == (["electrons"], "closest_mass")
    assert _steps(plan) == [("field", comb.name, "pt", 0, False, ">", 30.0)]
    assert "'Z' read as the Z -> ee candidate" in _said(plan)


def test_the_z_of_a_plotted_dimuon_is_the_plotted_pair(catalog):
    # one pair: the plotted one (the 2 leading muons), not a second candidate closest to the Z
    plan = _plan("the dimuon mass in events with the Z pT above 30 GeV", catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.leading, comb.choose) == (["muons"], 2, "all")
    assert _steps(plan) == [("field", comb.name, "pt", 0, False, ">", 30.0)]
    assert "'Z' read as the Z -> mumu candidate: the plotted muon pair" in _said(plan)


def test_the_z_in_z_events_is_the_selected_z_candidate(catalog):
    plan = _plan("the MET in Z -> mumu events with the Z pT above 50 GeV", catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.name == "zcand"
    assert ("field", "zcand", "pt", 0, False, ">", 50.0) in _steps(plan)


def test_the_z_with_no_flavour_said_or_implied_is_asked(catalog):
    # DY simulation holds both flavours: which Z?
    plan = _plan("the MET in events with the Z pT above 50 GeV in DY MC", catalog)
    assert not plan.ok
    assert "Z candidate in which channel" in plan.question


# --- 2. a ranked object's |eta| -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "index", "bounds"),
    [
        ("the MET in events where the leading jet has |eta| < 2.4", "jets", 0, [("<", 2.4)]),
        ("the dimuon mass when the leading muon |eta| is below 1.2", "muons", 0, [("<", 1.2)]),
        ("the MET in events where the subleading jet is forward (|eta| > 2.5), jets with "
         "|eta| < 4.7", "jets", 1, [(">", 2.5)]),
        ("the MET for events with the leading jet |eta| between 1.5 and 2", "jets", 0,
         [(">", 1.5), ("<", 2.0)]),
    ],
)  # fmt: skip
def test_a_ranked_object_abs_eta_in_a_condition_is_a_cut_on_that_object(
    catalog, text, kind, index, bounds
):
    # were asked (the first: "defines jets but neither plots nor requires them")
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _steps(plan) == [("field", kind, "eta", index, True, op, v) for op, v in bounds]
    assert any(s.count == kind and s.value >= index + 1 for s in plan.spec.selection)
    eta = [c.value for c in plan.spec.object(kind).cuts if c.field == "eta"]
    assert eta == [4.7 if "4.7" in text else 2.4]  # the objects' own cut, not the event's
    said = _said(plan)
    assert f"on that one {kind[:-1]} only; events without it fail" in said


def test_an_abs_eta_bound_the_acceptance_already_holds_is_stated(catalog):
    plan = _plan("the MET in events where the leading jet has |eta| < 2.4", catalog)
    assert "every selected jet has |eta| < 2.4: the cut only requires the object" in _said(plan)


def test_an_abs_eta_bound_outside_the_acceptance_is_asked(catalog):
    plan = _plan("the MET in events where the subleading jet is forward (|eta| > 2.5)", catalog)
    assert not plan.ok
    assert "No event passes the subleading jet |eta| > 2.5" in plan.question
    assert "|eta| < 2.4" in plan.question


def test_a_region_word_of_every_object_stays_a_cut_on_every_object(catalog):
    # "forward (|eta| > 2.5)" is read for one ranked object only; the muons' |eta| is theirs
    plan = _plan("the dimuon mass for events where the muons are central (|eta| < 1.2)", catalog)
    assert plan.ok, plan.question
    assert [c.value for c in plan.spec.object("muons").cuts if c.field == "eta"] == [1.2]
    assert not _steps(plan)


# --- 3. a pair's mass and pT: one pair -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "mass", "pt"),
    [
        # was asked ('the met for dijet')
        ("the MET for dijet mass above 500 GeV and dijet pT above 100 GeV", "jets",
         [(">", 500.0)], 100.0),
        # were: the window on any pair (a separate 'dijet_sel' / 'dimuon_sel'), pT on the leading
        ("the MET in events with m(jj) > 500 GeV and the dijet pT above 100 GeV", "jets",
         [(">", 500.0)], 100.0),
        ("the MET in events with the dijet pT above 100 GeV and the dijet mass above 500 GeV",
         "jets", [(">", 500.0)], 100.0),
        ("the MET in events with the dimuon mass between 70 and 110 GeV and the dimuon pT "
         "above 50 GeV", "muons", [(">", 70.0), ("<", 110.0)], 50.0),
        ("the MET in events with an opposite-charge muon pair of mass 60-120 GeV and the "
         "dimuon pT above 50 GeV", "muons", [(">", 60.0), ("<", 120.0)], 50.0),
    ],
)  # fmt: skip
def test_a_pair_mass_beside_its_pt_cuts_the_same_pair(catalog, text, kind, mass, pt):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations  # one pair, no '_sel' pairs in a window
    assert (comb.inputs, comb.leading, comb.mass_min, comb.mass_max) == ([kind], 2, None, None)
    steps = _steps(plan)
    assert sorted(s for s in steps if s[2] == "mass") == sorted(
        ("field", comb.name, "mass", 0, False, op, v) for op, v in mass
    )
    assert [s for s in steps if s[2] == "pt"] == [("field", comb.name, "pt", 0, False, ">", pt)]
    said = _said(plan)
    assert "mass and pT cuts both test one pair, the one the plan forms" in said
    assert f"pair: the 2 leading {kind}" in said


# --- 4. follow-ups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("followup", "step", "kind"),
    [
        ("now require the dimuon pT above 50 GeV", ("field", "dimuon", "pt", 0, False, ">", 50.0),
         None),
        ("add |delta eta| between the two leading jets above 3.5",
         ("delta_eta", "jets", None, None, False, ">", 3.5), "jets"),
        ("now require the leading muon |eta| below 1.2",
         ("field", "muons", "eta", 0, True, "<", 1.2), None),
        # was: each muon above 30 GeV, the dimuon pair made the one closest to the Z mass
        ("events where the Z candidate has pT above 30 GeV",
         ("field", "dimuon", "pt", 0, False, ">", 30.0), None),
    ],
)  # fmt: skip
def test_an_event_cut_in_a_followup_adds_one_step_and_changes_nothing_else(
    catalog, followup, step, kind
):
    first = _plan("the dimuon mass", catalog)
    plan = _plan(followup, catalog, previous=first)
    assert plan.ok, plan.question
    before, after = first.spec, plan.spec
    assert after.histograms == before.histograms
    assert after.combinations == before.combinations
    assert after.samples == before.samples
    assert after.object("muons") == before.object("muons")
    assert {o.name for o in after.objects} == {o.name for o in before.objects} | (
        {kind} if kind else set()
    )
    assert [s for s in after.selection if s.observable is None and s.count != kind] == [
        s for s in before.selection
    ]
    assert _steps(plan) == [step]


def test_event_cuts_in_two_followups_are_both_kept(catalog):
    first = _plan("the dimuon mass", catalog)
    second = _plan("now require the dimuon pT above 50 GeV", catalog, previous=first)
    third = _plan("add |delta eta| between the two leading jets above 3.5", catalog, second)
    assert third.ok, third.question
    assert _steps(third) == [
        ("field", "dimuon", "pt", 0, False, ">", 50.0),
        ("delta_eta", "jets", None, None, False, ">", 3.5),
    ]


# --- one sandboxed run against independent references ---------------------------------------

_RUN = {
    "z": "the MET in events with the Z pT above 10 GeV",
    "eta": "the MET in events where the leading jet has |eta| < 1.5",
    "pair": "the MET for dijet mass above 200 GeV and dijet pT above 50 GeV",
}


@pytest.fixture(scope="module")
def evcut_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {key: _plan(text, cat) for key, text in _RUN.items()}
    # a follow-up's event cut: "the MET", then "add |delta eta| ... above 2"
    plans["followup"] = _plan(
        "add |delta eta| between the two leading jets above 2", cat, _plan("the MET", cat)
    )
    return run_plans(plans, tmp_path_factory.mktemp("evcut15"))


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

    # z: of the opposite-charge muon pairs, the one closest to the Z mass has pT > 10 GeV
    mass, pt, a, b = pairs(mu)
    opposite = a.charge * b.charge < 0
    mass, pt = mass[opposite], pt[opposite]
    best = ak.argmin(abs(mass - Z_MASS), axis=1, keepdims=True)
    z_pt = ak.to_numpy(ak.fill_none(ak.firsts(pt[best]), -1.0))
    sel = z_pt > 10
    has_z = z_pt >= 0
    assert sel.sum() < has_z.sum()  # the cut does something
    h = hists["z"]
    check(result, h.name, sample, met[sel], w[sel], h.bins, h.start, h.stop)

    # eta: the leading jet (of the selected jets) has |eta| < 1.5
    lead_eta = ak.to_numpy(ak.fill_none(abs(ak.firsts(jet.eta)), 99.0))
    sel = lead_eta < 1.5
    assert 0 < sel.sum() < (lead_eta < 99).sum()
    h = hists["eta"]
    check(result, h.name, sample, met[sel], w[sel], h.bins, h.start, h.stop)

    # pair: the two leading jets' mass > 200 GeV and their pT > 50 GeV (one pair)
    mass, pt, _, _ = pairs(jet[:, :2])
    lead_m = ak.to_numpy(ak.fill_none(ak.firsts(mass), -1.0))
    lead_pt = ak.to_numpy(ak.fill_none(ak.firsts(pt), -1.0))
    sel = (lead_m > 200) & (lead_pt > 50)
    if sample == DATA:  # the reading matters here: any pair above 200 GeV keeps more events
        all_m, _, _, _ = pairs(jet)
        any_pair = ak.to_numpy(ak.any(all_m > 200, axis=1)) & (lead_pt > 50)
        assert 0 < sel.sum() < any_pair.sum()
    h = hists["pair"]
    check(result, h.name, sample, met[sel], w[sel], h.bins, h.start, h.stop)

    # followup: |eta_1 - eta_2| of the two leading jets above 2
    j2 = ak.pad_none(jet, 2)
    deta = ak.to_numpy(ak.fill_none(abs(j2[:, 0].eta - j2[:, 1].eta), -1.0))
    sel = deta > 2
    h = hists["followup"]
    check(result, h.name, sample, met[sel], w[sel], h.bins, h.start, h.stop)
