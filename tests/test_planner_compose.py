"""Silent misreadings found by the compositional probe (benchmarks/compose_probe.py): requests
composed from parts, each with its expected effect on the plan. Each class below was planned as
something else with no note; the readings are ones the planner already builds for other wordings
(a binning, the leading object's field, the jets' HT), so no sandbox run is needed: the plan's
reading is asserted, with near-misses that must keep theirs."""

from __future__ import annotations

import pytest

from chathep.planner import plan_request


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _obj(spec, name):
    obj = spec.object(name)
    assert obj is not None, [o.name for o in spec.objects]
    return obj


def _has_cut(obj, field, op, value, absval=False):
    return any(
        c.field == field and c.op == op and c.value == value and c.abs == absval for c in obj.cuts
    )


# --- "binned in 25 bins": 25 bins (was: a bin width of 25, 8 bins, no note) ------------------


@pytest.mark.parametrize(
    ("text", "bins", "start", "stop"),
    [
        ("plot the MET, binned in 25 bins between 0 and 200", 25, 0, 200),
        ("the leading muon pT binned in 40 bins from 0 to 200", 40, 0, 200),
        ("the dimuon mass for data and MC, binned in 20 bins between 60 and 120", 20, 60, 120),
        ("plot the jet multiplicity, binned in 10 bins between 0 and 10", 10, 0, 10),
        # near-misses: a width keeps its reading
        ("plot the MET binned in 25 GeV from 0 to 200", 8, 0, 200),
        ("plot the MET binned in 10 GeV bins from 0 to 200", 20, 0, 200),
        ("plot the MET from 0 to 100 GeV in bins of 5 GeV", 20, 0, 100),
    ],
)
def test_binned_in_n_bins_is_a_count(catalog, text, bins, start, stop):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (bins, start, stop)


# --- "the second muon phi for photons in |eta| < 2.1": the second muon's phi (was: every
# photon's phi, no note); "the leading jet mass for jets with pT > 25 GeV": that jet's mass
# (was: the dijet mass, no note) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "obj", "field", "index", "cut_on", "cut"),
    [
        (
            "histogram the second muon azimuthal angle for photons in |eta| < 2.1 for events "
            "with at least one photon",
            "muons",
            "phi",
            1,
            "photons",
            ("eta", "<", 2.1, True),
        ),
        (
            "For events with >= 1 electron, show leading photon pseudorapidity for electrons "
            "with pT between 50 and 200 GeV; in data",
            "photons",
            "eta",
            0,
            "electrons",
            ("pt", "<", 200.0, False),
        ),
        (
            "histogram the leading jet invariant mass for jets with pT greater than 25 GeV",
            "jets",
            "mass",
            0,
            "jets",
            ("pt", ">", 25.0, False),
        ),
        (
            "plot the first light lepton pseudorapidity for bjets within |eta| of 2.0 in events "
            "having at least 4 bjets",
            "leptons",
            "eta",
            0,
            "bjets",
            ("eta", "<", 2.0, True),
        ),
        (
            "plot the third jet invariant mass for jets with pT above 40 GeV, in data",
            "jets",
            "mass",
            2,
            "jets",
            ("pt", ">", 40.0, False),
        ),
    ],
)
def test_the_ordinal_object_before_the_quantity_is_plotted(
    catalog, text, obj, field, index, cut_on, cut
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", obj, field, index)
    assert _has_cut(_obj(plan.spec, cut_on), *cut)
    assert not plan.spec.combinations  # not a pair's mass


@pytest.mark.parametrize(
    ("text", "obj", "index"),
    [
        ("plot the pT of the leading jet for events with at least two muons", "jets", 0),
        ("the eta of the jets with pT above 40 GeV", "jets", None),
        ("the pt for jets with pT above 40 GeV", "jets", None),
    ],
)
def test_near_misses_keep_their_object(catalog, text, obj, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert (obs.of, obs.index) == (obj, index)


# --- "the HT using electrons ...": the jets' HT (was: the electrons' scalar pT sum) ---------


@pytest.mark.parametrize(
    "text",
    [
        "histogram the HT using electrons without isolation for events that have exactly 2 "
        "electrons",
        "plot the HT using muons with pT above 30 GeV for events with at least one muon",
    ],
)
def test_ht_with_another_object_named_sums_the_jets(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert obs.kind == "ht"
    assert _obj(plan.spec, obs.of).source == "Jet"


def test_the_ht_of_named_objects_keeps_them(catalog):
    plan = _plan("plot the HT of the electrons", catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.kind == "ht" and _obj(plan.spec, obs.of).source == "Electron"


# --- a window that cuts a word in two: the "m" of "system" is not a mass (was: a dimuon mass
# window 0-150 GeV as a selection, and the axis range dropped, no note) ----------------------


def test_the_m_of_system_is_not_a_mass_window(catalog):
    text = (
        "make a histogram of the transverse momentum of the dimuon system using muons with no "
        "isolation cut, 50 bins from 0 to 150"
    )
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (50, 0, 150)
    assert all(s.observable is None for s in plan.spec.selection), plan.spec.selection
    assert all(c.mass_min is None and c.mass_max is None for c in plan.spec.combinations)


def test_a_pair_mass_range_after_the_plotted_pair_stays_a_window(catalog):
    plan = _plan("the dimuon pT for pairs with mass 80-100 GeV", catalog)
    assert plan.ok, plan.question
    cuts = {(s.op, s.value) for s in plan.spec.selection if s.observable}
    assert cuts == {(">", 80.0), ("<", 100.0)}


# --- "the angle between the two leading muons (jets with ...)": between the two muons (was:
# the leading muon and the leading jet, with one muon required) ------------------------------


@pytest.mark.parametrize(
    ("text", "obj", "counted"),
    [
        (
            "histogram the angular distance between the two leading muons using jets with |eta| "
            "smaller than 1.5 in events with at least 3 jets",
            "muons",
            "jets",
        ),
        (
            "the delta phi of the two leading jets (muons with pT above 40 GeV) for events "
            "having at least 1 muon",
            "jets",
            "muons",
        ),
    ],
)
def test_the_two_leading_objects_are_both_legs(catalog, text, obj, counted):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert (obs.of, obs.other) == (obj, None)
    steps = {(s.count, s.op, s.value) for s in plan.spec.selection if s.count}
    assert (obj, ">=", 2.0) in steps  # both legs exist
    assert any(c == counted for c, _, _ in steps)


def test_two_different_objects_keep_their_angle(catalog):
    plan = _plan("delta R between the leading muon and the leading jet", catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.other) == ("muons", "jets")
