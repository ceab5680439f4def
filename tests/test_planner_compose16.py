"""Session 16, helper C: syntax the compositional probe asked about, now read.

1. a pair-mass window in a condition beside the binning's own range ("for events where the
   dimuon invariant mass is between 80 and 100 GeV, ..., binned in 20 bins between 0 and 200"):
   the window cuts the pair, the other range is the axis (was: the two ranges conflicted on the
   axis and the question quoted them, or the axis's -2.5 became the window's lower edge and a
   validation message reached the user);
2. an object pT window in bracket notation ("muons with pT in [50, 200] GeV") or written around
   the quantity ("muons with 25 < pT < 50 GeV");
3. "softer than 50 GeV" (pT < 50) and "above 50 GeV in pT" (pT > 50) on the objects named;
4. a count compared with a number in a condition ("the number of jets <= 3", "the jet
   multiplicity is more than 3", "the number of b-jets smaller than 4").
"""

from __future__ import annotations

import pytest

from chathep.planner import plan_request
from chathep.planner.parser import _plain_reason


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _cuts(spec, name):
    return {(c.field, c.op, c.value) for c in spec.object(name).cuts}


def _counts(spec):
    return {(s.count, s.op, s.value) for s in spec.selection if s.count is not None}


# --- 1. a pair-mass window beside the binning ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "window", "axis"),
    [
        (
            "For events where the dimuon invariant mass is between 80 and 100 GeV, plot the "
            "subleading muon pT, binned in 20 bins between 0 and 200",
            (80, 100),
            (20, 0, 200),
        ),
        (
            "For events with 80 < m(mumu) < 100 GeV, histogram the 3rd muon transverse "
            "momentum on data only, 50 bins from 0 to 200",
            (80, 100),
            (50, 0, 200),
        ),
        (
            "For events with a dimuon mass between 70 and 110 GeV, show the muon eta, 10 bins "
            "from -2.5 to 2.5",
            (70, 110),
            (10, -2.5, 2.5),
        ),
        (
            "make a histogram of the electron eta for events where the dimuon invariant mass is "
            "between 60 and 120 GeV, binned in 40 bins between -2.5 and 2.5",
            (60, 120),
            (40, -2.5, 2.5),
        ),
        (
            "the pt of the leading muon for events with a dimuon mass between 80 and 100 GeV, "
            "40 bins in [0, 200]",
            (80, 100),
            (40, 0, 200),
        ),
    ],
)
def test_a_pair_mass_window_beside_the_binning_range(catalog, text, window, axis):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.inputs == ["muons"]
    assert (pair.mass_min, pair.mass_max) == window
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == axis


def test_a_pair_mass_window_alone_is_no_axis_range(catalog):
    plan = _plan("the MET for events with a dimuon mass between 70 and 110 GeV", catalog)
    assert plan.ok, plan.question
    assert (plan.spec.combinations[0].mass_min, plan.spec.combinations[0].mass_max) == (70, 110)
    assert (plan.spec.histograms[0].start, plan.spec.histograms[0].stop) != (70, 110)


def test_two_axis_ranges_are_still_asked(catalog):
    plan = _plan("the muon pT from 0 to 100 GeV, 20 bins from 0 to 200", catalog)
    assert not plan.ok


@pytest.mark.parametrize(
    ("message", "plain"),
    [
        ("Input should be greater than or equal to 0", "it must be at least 0"),
        ("Input should be greater than 0", "it must be above 0"),
        ("Input should be less than or equal to 5", "it must be at most 5"),
        ("Input should be less than 1.5", "it must be below 1.5"),
        ("Input should be a valid integer", "that value has the wrong form for this setting"),
    ],
)
def test_a_validation_message_is_said_plainly(message, plain):
    assert _plain_reason(message) == plain


def test_an_impossible_value_is_asked_without_the_validator_wording(catalog):
    plan = _plan("0 bins of dimuon mass", catalog)
    assert not plan.ok
    assert "bins = 0 is not possible" in plan.question
    assert "Input should" not in plan.question


# --- 2. object pT windows ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "lo", "hi"),
    [
        ("plot the muon eta for muons with pT in [50, 200] GeV", "muons", 50, 200),
        ("the dimuon mass for muons with pT in [30, 60] GeV", "muons", 30, 60),
        ("the leading b-tagged jet eta (b-tagged jets with pT in [30, 60] GeV)", "bjets", 30, 60),
        ("show the muon eta for muons with 25 < pT < 50 GeV", "muons", 25, 50),
        ("plot the electron phi for electrons with 25 < pT < 50 GeV", "electrons", 25, 50),
        ("the leading photon eta, photons with 25 < pT < 50 GeV", "photons", 25, 50),
    ],
)
def test_an_object_pt_window(catalog, text, name, lo, hi):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan.spec, name)
    assert ("pt", ">", lo) in cuts and ("pt", "<", hi) in cuts


# --- 3. softer than / above N GeV in pT -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "cut"),
    [
        ("the leading muon phi for muons softer than 60 GeV", "muons", ("pt", "<", 60)),
        ("Plot the 3rd bjet |eta| for b-jets softer than 50 GeV", "bjets", ("pt", "<", 50)),
        ("the leading muon eta using muons above 50 GeV in pT", "muons", ("pt", ">", 50)),
        ("the leading jet eta for jets above 40 GeV in pT", "jets", ("pt", ">", 40)),
        (
            "the leading jet eta for jets below 40 GeV in transverse momentum",
            "jets",
            ("pt", "<", 40),
        ),
    ],
)
def test_softer_than_and_a_bound_in_pt(catalog, text, name, cut):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert cut in _cuts(plan.spec, name)


# --- 4. a count compared with a number ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("plot the MET for events with the number of jets <= 3", ("jets", "<=", 3)),
        ("plot the MET for events with the number of jets >= 3", ("jets", ">=", 3)),
        ("plot the MET for events where the jet multiplicity is more than 3", ("jets", ">=", 4)),
        ("plot the MET requiring the jet multiplicity greater than 1", ("jets", ">=", 2)),
        ("plot the MET for events with jet multiplicity <= 2", ("jets", "<=", 2)),
        ("the MET for events with the number of b-jets smaller than 4", ("bjets", "<=", 3)),
        ("the dimuon pT for events with the number of b-tagged jets > 2", ("bjets", ">=", 3)),
        (
            "the dimuon pT for events with the number of electrons less than 2",
            ("electrons", "<=", 1),
        ),
    ],
)
def test_a_count_compared_with_a_number(catalog, text, count):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert count in _counts(plan.spec)


# --- 5. a region word after the objects, its bound in brackets ----------------------------------


@pytest.mark.parametrize(
    ("text", "name", "bound"),
    [
        ("histogram leading photon phi for photons central (|eta| < 2.1)", "photons", 2.1),
        ("plot the leading b-jet pT for b-jets central (|eta| < 1.5)", "bjets", 1.5),
        ("the dimuon pT, muons central (|eta| < 2.0), 50 bins from 0 to 150", "muons", 2.0),
    ],
)
def test_a_region_word_after_the_objects_with_its_bound(catalog, text, name, bound):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    eta = [c for c in plan.spec.object(name).cuts if c.field == "eta"]
    assert [(c.op, c.value, c.abs) for c in eta] == [("<", bound, True)]


def test_a_region_word_after_the_objects_without_a_bound_is_asked(catalog):
    assert not _plan("plot the leading muon pt for muons central", catalog).ok
    assert not _plan("plot the leading muon pt for muons forward (|eta| > 1.5)", catalog).ok


# --- 6. "at most" on an event quantity or an object's pT --------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("plot the dimuon mass for events with the HT at most 400 GeV", "ht", 400),
        ("plot the dimuon mass for events with MET at most 40 GeV", "met", 40),
    ],
)
def test_at_most_on_an_event_quantity(catalog, text, kind, value):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    steps = [
        (plan.spec.observable(s.observable).kind, s.op, s.value)
        for s in plan.spec.selection
        if s.observable is not None
    ]
    assert steps == [(kind, "<", value)]


def test_at_most_on_an_object_pt(catalog):
    plan = _plan("plot the muon eta for muons with pT at most 100 GeV", catalog)
    assert plan.ok, plan.question
    assert ("pt", "<", 100) in _cuts(plan.spec, "muons")
