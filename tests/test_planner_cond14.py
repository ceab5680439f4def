"""Session 14: a condition that carries a range or a cut of ANOTHER quantity than the plotted one
("for events with ...", "when ...", "requiring ...", "in events where ..."), found by the
compositional probe's condition part (benchmarks/compose_probe.py). Each was planned silently
wrong before (the condition's range became the plotted axis, a cut of one object was put on
every object, the second object of an angle read as a MET cut, or the condition dropped). Now
the condition is read as a cut where the reading is certain (a count range, a MET / HT / MHT
range written "A < X < B"), otherwise asked. The new cuts are checked in a sandboxed run
against a hand-written uproot/awkward reference on the demo files."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.planner import plan_request
from tests.test_physics import FILES, TT, check, coll, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _steps(plan) -> list[tuple[str, str, float]]:
    """The selection's cuts: (observable kind or counted object, op, value)."""
    spec = plan.spec
    out = []
    for s in spec.selection:
        if s.observable:
            out.append((spec.observable(s.observable).kind, s.op, s.value))
        elif s.count:
            out.append((s.count, s.op, s.value))
    return out


# --- asked: a cut of one ranked object, of a pair, of an angle or of mT in a condition --------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # were: |eta| < 1 (or the range) on every jet / muon, with n >= 1: the leading one's
        # eta is not every jet's
        ("the MET for events with the leading jet eta below 1", "not on each object"),
        ("histogram the hardest electron absolute eta for events with three or more muons and "
         "the hardest jet eta between 0 and 1.5", "cannot place as a cut"),
        # were: pT < 100 GeV (or 50-150) on every muon / b-jet
        ("the dimuon mass for events with the pT of the second b-tagged jet < 100 GeV",
         "not on each object"),
        ("For events with the first b-tagged jet pT from 50 to 150 GeV, show the dimuon mass",
         "not on each object"),
        # were: the plotted axis (the MET from 0 to 1.5 GeV, the jet eta from 60 to 120), no
        # cut ("the pT of the second b-jet in the range 60-120 GeV" is read since session 23 as
        # "between 60 and 120 GeV" is: tests/test_planner_s23.py)
        ("the photon phi for events with two electrons when the DeltaR between the leading muon "
         "and the leading jet is between 0.8 and 2", "cannot place as a cut"),
        ("the delta R between the leading jet and the leading electron for events with "
         "60 < mT < 120 GeV", "cannot place as a cut"),
        # were: a MET cut (the second object of the angle / of mT read as the MET's range)
        ("delta R between the leading muon and the leading jet for events with the transverse "
         "mass of the leading muon and MET in the range 40-100", "cannot place as a cut"),
        # (a lower or upper bound on the transverse mass of the leading muon and the MET is read
        # since session 28 as that cut: tests/test_planner_s28.py)
        # ("... where the DeltaPhi between the leading jet and the MET >= 1": read since session
        # 21 as that angle's cut, tests/test_planner_s21b.py)
        # were: pT < 150 GeV on each muon (the pair's mass is not its legs' pT)
        ("the leading photon |eta| in events where the invariant mass of the two muons is "
         "under 150 GeV", "not on each object"),
        ("3rd photon p_T for photons with pT above 25 GeV for events with at least two photons "
         "requiring the invariant mass of the two muons greater than 70 GeV",
         "not on each object"),
        # was: "is at least 1" read as a muon count, the rapidity dropped
        ("Plot 2nd jet pT (jets with pT above 40 GeV) in events where the dimuon |y| is at "
         "least 1 with 25 bins from 0 to 200", "a rapidity"),
    ],
)  # fmt: skip
def test_a_condition_on_one_object_a_pair_or_an_angle_is_asked(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    assert said in plan.question


# --- read since the session's event cuts (chathep.planner.event_cuts): one step on that one ----
# object or angle, never a cut on every object, never the MET's range


@pytest.mark.parametrize(
    ("text", "kind", "index", "bounds"),
    [
        ("the leading jet phi for events with the pT of the hardest muon below 100 GeV",
         "field", 0, [("<", 100.0)]),
        ("the subleading jet eta in events where the subleading jet transverse momentum is "
         "between 60 and 120 GeV", "field", 1, [(">", 60.0), ("<", 120.0)]),
        ("the leading jet |eta| for events with the delta phi between the leading jet and the "
         "MET between 0.5 and 2", "delta_phi", 0, [(">", 0.5), ("<", 2.0)]),
        # asked until session 15 (a ranked object's |eta|: one step on that one object; a
        # signed eta is still asked, above)
        ("histogram the leading b-jet pT requiring the hardest muon |eta| > 1", "field", 0,
         [(">", 1.0)]),
        ("the MET for events with the leading jet |eta| between 1.5 and 2", "field", 0,
         [(">", 1.5), ("<", 2.0)]),
        ("the MET for events with the |eta| of the first muon between 0 and 1.5", "field", 0,
         [(">", 0.0), ("<", 1.5)]),
    ],
)  # fmt: skip
def test_a_condition_on_one_ranked_object_or_angle_is_one_event_step(
    catalog, text, kind, index, bounds
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    steps = [s for s in plan.spec.selection if s.observable is not None]
    assert [(s.op, s.value) for s in steps] == bounds
    obs = plan.spec.observable(steps[0].observable)
    assert (obs.kind, obs.index) == (kind, index)
    for o in plan.spec.objects:  # no cut of the condition on every object
        assert not {c.value for c in o.cuts if c.field == "pt"} & {v for _, v in bounds}


# --- read: a count range written "the X multiplicity from A to B" -----------------------------


@pytest.mark.parametrize(
    ("text", "name", "low", "high", "axis"),
    [
        # were: the plotted axis from 1 to 3 and n >= 1 only
        ("the MET for events with the b-tagged jet multiplicity in the range 1-3", "bjets", 1, 3,
         (0.0, 200.0)),
        ("the dimuon pT for events with the jet multiplicity from 1 to 3", "jets", 1, 3,
         (0.0, 200.0)),
        # was asked ('events where the electron multiplicity')
        ("the muon phi in events where the electron multiplicity is between 1 and 2",
         "electrons", 1, 2, (-np.pi, np.pi)),
    ],
)  # fmt: skip
def test_a_multiplicity_range_in_a_condition_is_a_count_cut(catalog, text, name, low, high, axis):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == pytest.approx(axis)
    steps = _steps(plan)
    assert (name, ">=", low) in steps and (name, "<=", high) in steps


# --- read: "A < MET < B", "A < HT < B", "the jet HT from A to B" in a condition --------------


@pytest.mark.parametrize(
    ("text", "kind", "low", "high", "axis"),
    [
        # were: the plotted axis (the dimuon mass from 50 to 100 GeV, the b-jet pT from 150 to
        # 300 GeV, the HT from 100 to 200 GeV), no cut
        ("the dimuon mass for events with 50 < MET < 100 GeV", "met", 50, 100, (60.0, 120.0)),
        ("For events with 50 < MET < 100 GeV, plot the dimuon mass", "met", 50, 100,
         (60.0, 120.0)),
        ("For events with 50 < MET < 100 GeV, make a histogram of the muon-MET transverse mass",
         "met", 50, 100, (0.0, 200.0)),
        ("the subleading b-tagged jet pT requiring 150 < MHT < 300 GeV", "mht", 150, 300,
         (0.0, 300.0)),
        ("the HT when 100 < MHT < 200 GeV", "mht", 100, 200, (0.0, 1000.0)),
        # was asked ('events with 100 < ht < 300')
        ("the MET for events with 100 < HT < 300 GeV", "ht", 100, 300, (0.0, 200.0)),
        # were: the plotted axis ("the jet HT", "MHT to be between" were not read as a condition)
        ("Plot the missing transverse energy for events with the jet HT from 400 to 800 GeV",
         "ht", 400, 800, (0.0, 200.0)),
        ("DeltaPhi between the leading jet and the leading photon for events having at least "
         "two bjets requiring MHT to be between 100 and 200 GeV", "mht", 100, 200, (0.0, np.pi)),
        # was asked ('events where the jet ht is in')
        ("plot subleading electron p_T in events where the jet HT is in the range 200-400 GeV",
         "ht", 200, 400, (0.0, 200.0)),
    ],
)  # fmt: skip
def test_a_met_ht_mht_range_in_a_condition_is_a_cut(catalog, text, kind, low, high, axis):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == pytest.approx(axis)
    steps = _steps(plan)
    assert (kind, ">", low) in steps and (kind, "<", high) in steps


def test_the_angle_with_the_met_keeps_its_range_as_the_axis(catalog):
    # was: the delta phi of the two leading jets, with a cut 0 < MET < 3.2 GeV
    plan = _plan("plot delta phi between the leading jet and the MET between 0 and 3.2", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert (obs.kind, obs.other, h.start, h.stop) == ("delta_phi", "met", 0.0, 3.2)
    assert not [s for s in _steps(plan) if s[0] == "met"]


@pytest.mark.parametrize(
    ("text", "start", "stop"),
    [
        ("plot the MET for 50 < MET < 150 GeV", 50.0, 150.0),  # the plotted one's range
        ("plot the jet HT from 400 to 800 GeV", 400.0, 800.0),
        ("For events with 2 muons, plot the leading muon pT from 0 to 200 GeV", 0.0, 200.0),
        ("the leading jet pT between 30 and 500 GeV", 30.0, 500.0),
    ],
)
def test_the_range_of_the_plotted_quantity_stays_its_axis(catalog, text, start, stop):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (start, stop)
    assert not [s for s in _steps(plan) if s[0] in ("met", "ht", "mht")]


@pytest.mark.parametrize(
    "text",
    [
        # the words after "mt" are a cut on the b-jets and a count, not a cut on mT
        "For events with exactly one b-jet, plot the mT of the leading muon and MET using b-jets "
        "with a pT of more than 30 GeV, 40 bins from 0 to 200, on a logarithmic y scale",
        "the transverse mass of the leading muon and the MET in events having at least 4 b-jets; "
        "in Drell-Yan simulation",
    ],
)
def test_a_plotted_mt_followed_by_other_cuts_is_planned(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert plan.spec.observable(h.observable).kind == "mt"


def test_cuts_that_were_read_keep_their_reading(catalog):
    plan = _plan("plot the dimuon mass for events with the leading muon pT above 30 GeV", catalog)
    assert plan.ok, plan.question
    assert ("field", ">", 30.0) in _steps(plan)
    plan = _plan("the dimuon mass for the 2 leading muons with pT > 25 GeV", catalog)
    assert plan.ok, plan.question
    assert any(c.field == "pt" and c.value == 25.0 for c in plan.spec.object("muons").cuts)


# --- sandboxed: the count range and the HT range as cuts, against a reference -----------------


@pytest.fixture(scope="module")
def ht_count_run(tmp_path_factory):
    from chathep.catalog import default_catalog

    text = (
        "In ttbar MC, plot the MET for events with the jet multiplicity from 2 to 3 and "
        "100 < HT < 400 GeV"
    )
    plan = _plan(text, default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("cond14")).result


def test_count_and_ht_ranges_match_the_reference(ht_count_run, demo_data):
    plan, result = ht_count_run
    with uproot.open(demo_data / FILES[TT]) as f:
        ev = f["Events"].arrays(
            filter_name=["Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Jet_jetId", "MET_pt",
                         "genWeight"]
        )  # fmt: skip
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]  # the stated defaults
    njet = ak.to_numpy(ak.num(jet))
    ht = ak.to_numpy(ak.sum(jet.pt, axis=1))
    keep = (njet >= 2) & (njet <= 3) & (ht > 100) & (ht < 400)
    assert 0 < keep.sum() < len(keep)  # the cuts select, and not everything
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (20, 0.0, 200.0)  # the MET's own default axis
    met = ak.to_numpy(ev.MET_pt)[keep]
    check(result, h.name, TT, met, weights(TT, ev)[keep], h.bins, h.start, h.stop)
