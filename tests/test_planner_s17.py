"""Session 17: planner readings (issue #12)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.planner.planner import plan_request
from tests._planned_run import muon_jet_events, run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, check, coll, dphi, dr, weights


def _plan(text: str, catalog, **kwargs):
    return plan_request(text, catalog, mode="parser", check_files=False, **kwargs)


def _plotted(plan):
    by_name = {o.name: o for o in plan.spec.observables}
    return [(by_name[h.observable].of, by_name[h.observable].field) for h in plan.spec.histograms]


# --- "every combination" with a Z named beside it: every pair is filled, and said --------------
def test_every_jet_combination_for_z_to_two_jets_fills_every_pair(catalog):
    plan = _plan(
        "Select jets with pT > 30 GeV and |eta| < 2.4. For every combination of selected jets, "
        "calculate the dijet invariant mass for Z -> 2 jets.",
        catalog,
    )
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.choose == "all" and pair.target_mass is None and pair.leading is None
    assert any("Every combination is filled" in n for n in plan.notes)
    (histogram,) = plan.spec.histograms
    assert (histogram.start, histogram.stop) != (60.0, 120.0)  # not a Z window


def test_jet_pair_closest_to_the_z_mass_is_still_chosen(catalog):
    plan = _plan("the dijet mass of the jet pair closest to the Z mass", catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.choose == "closest_mass"


# --- "the dijet mass and the dijet pT" with every pair: the same pair's two quantities ---------
@pytest.mark.parametrize(
    "text",
    [
        "For every combination of selected jets, calculate the dijet invariant mass and the "
        "dijet pT.",
        "the dijet mass and the dijet pT for every combination of jets",
        "for all pairs of jets, the dijet mass and the dijet pT",
    ],
)
def test_same_pair_named_again_with_every_pair(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.inputs == ["jets"] and pair.leading is None and pair.choose == "all"
    assert _plotted(plan) == [(pair.name, "mass"), (pair.name, "pt")]


def test_two_different_pairs_are_not_one_pair(catalog):
    plan = _plan("for all pairs of jets, the dijet mass and the dimuon pT", catalog)
    if plan.ok:  # two plots, each of its own pair, or a question; never the dijet pT
        assert ("dijet", "pt") not in _plotted(plan)


# --- a ranked light lepton after a condition clause (found by the compositional probe, seed 99) --
@pytest.mark.parametrize(
    ("text", "field"),
    [
        # the leading "For events with ..., plot ..." clause was not moved after the plot when a
        # "; ..." followed: the b-jets' eta was plotted, the "second" dropped silently
        (
            "For events with at least two bjets, Plot the eta of the second light lepton, light "
            "leptons with |eta| < 2.0; in the 2018 data, 40 bins from -2.5 to 2.5",
            "eta",
        ),
        (
            "For events with at least two jets, Plot the pt of the second light lepton; 40 bins "
            "from 0 to 200",
            "pt",
        ),  # fmt: skip
        # "of the second light lepton" was beyond the reach of "of": the jets before were taken
        ("Events with at least two jets: the pt of the second light lepton", "pt"),
        ("After requiring two jets, plot the eta of the subleading light lepton", "eta"),
    ],
)
def test_second_light_lepton_after_a_condition(catalog, text, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = [o for o in plan.spec.observables if o.name == plan.spec.histograms[0].observable]
    assert (obs.of, obs.field, obs.index) == ("leptons", field, 1)


def test_binning_after_a_semicolon_stays_with_the_plot(catalog):
    plan = _plan(
        "For events with at least two jets, Plot the pt of the second light lepton; 40 bins "
        "from 0 to 200",
        catalog,
    )
    (histogram,) = plan.spec.histograms
    assert (histogram.bins, histogram.start, histogram.stop) == (40, 0.0, 200.0)
    assert any(s.count == "jets" and s.value == 2 for s in plan.spec.selection)


def test_an_ordinal_object_the_plan_lost_is_asked(catalog):
    # no rule reads "the second of the light leptons": the plot was of every jet, silently
    text = "Events with at least two jets: the pT of the second of the light leptons"
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "second of the light leptons" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "the subleading jet pT",
        "the second muon eta",
        "the leading muon above 30 GeV and the subleading muon above 10 GeV, dimuon mass",
        "the third jet pT in events with at least three jets",
        "the dimuon mass in events with the second muon pT above 20 GeV",
        # a sum over the first N objects keeps the ranks (Observable.first)
        "plot the sum of the pT of the two leading jets",
        "scalar sum of the pT of the leading two muons",
        "the leading jet pT for events with MET > 50 GeV",
    ],
)
def test_ordinals_the_plan_keeps_are_not_asked(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question


# --- probe8 wordings ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "field"),
    [
        (r"$p_T (l^{+}l^{-})$", "pt"),
        (r"$m(\ell^+\ell^-)$", "mass"),
        ("pT of the l+l- system", "pt"),
    ],
)
def test_opposite_sign_lepton_pair_symbols(catalog, text, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.charge == "opposite" and set(pair.inputs) == {"muons", "electrons"}
    assert _plotted(plan) == [(pair.name, field)]


@pytest.mark.parametrize(
    "text",
    [r"$N_{\text{jet}}$ (Exclusive)", "exclusive jet multiplicity", "Exclusive number of jets"],
)
def test_exclusive_jet_multiplicity_is_the_number_of_jets(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of) == ("count", "jets")


def test_a_leading_object_the_plan_lost_is_asked(catalog):
    # "add." (additional) is read by no rule: the plan was the pT of every jet, silently
    plan = _plan(r"Leading add. jet $p_{T} \, [\mathrm{GeV}]$", catalog)
    assert not plan.ok
    assert "leading add. jet" in plan.question


def test_a_histogram_for_every_step_of_cuts_is_asked(catalog):
    plan = _plan(
        "Make invariant mass plot (100 bins between 0 and 200 GeV) for every step of cuts.", catalog
    )
    assert not plan.ok
    assert "every step of cuts" in plan.question


@pytest.mark.parametrize(
    "text",
    [r"$M_T (l^{+}l^{-})$", "the transverse mass of the dimuon system", "mT of the dilepton pair"],
)
def test_transverse_mass_of_a_pair_without_the_met_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "sqrt(m^2 + pT^2)" in plan.question


def test_transverse_mass_of_a_pair_and_the_met_is_planned(catalog):
    plan = _plan("the transverse mass of the dimuon system and the MET", catalog)
    assert plan.ok, plan.question
    assert [o.kind for o in plan.spec.observables] == ["mt"]


# --- angles between ranked objects: "between the second and third jets", DELTAR(j[2],j[3]) -----
@pytest.mark.parametrize(
    ("text", "of", "index", "other", "other_index", "count"),
    [
        # all three were planned between the leading two jets (or the leading muon), silently
        ("delta R between the second and third jets", "jets", 1, None, 2, 3),
        ("delta phi between the second jet and the third jet", "jets", 1, None, 2, 3),
        ("delta R between the second muon and the leading jet", "muons", 1, "jets", 0, 2),
        ("delta R between the leading muon and the second jet", "muons", 0, "jets", 1, 1),
        ("plot DELTAR(j[2],j[3])", "jets", 1, None, 2, 3),
        ("plot DELTAR(j[2],j[5])", "jets", 1, None, 4, 5),
    ],
)
def test_angles_between_ranked_objects(catalog, text, of, index, other, other_index, count):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.index, obs.other, obs.other_index) == (of, index, other, other_index)
    assert any(s.count == of and s.value == count for s in plan.spec.selection)


@pytest.mark.parametrize(
    "text", ["delta R between the second and second jets", "plot DELTAR(j[2],j[2])"]
)
def test_an_angle_of_one_object_with_itself_is_asked(catalog, text):
    assert not _plan(text, catalog).ok


@pytest.fixture(scope="module")
def ranked_angle_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {
        "j23": _plan("delta R between the second and third jets", cat),
        "mu2j1": _plan("delta phi between the second muon and the leading jet", cat),
    }
    return run_plans(plans, tmp_path_factory.mktemp("s17_angles"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_ranked_angles_match_the_reference(ranked_angle_run, demo_data, sample):
    hists, result = ranked_angle_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    three = ak.num(jet) >= 3
    j = jet[three]
    values = ak.to_numpy(dr(j[:, 1], j[:, 2]))
    assert len(values) > 0
    h = hists["j23"]
    check(result, h.name, sample, values, w[ak.to_numpy(three)], h.bins, h.start, h.stop)

    mu = coll(ev, "Muon")
    mu = sorted_by_pt(
        mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    # this plan names no cleaning: its jets are the plain selected jets
    cleaned = jet
    keep = ak.to_numpy((ak.num(mu) >= 2) & (ak.num(cleaned) >= 1))
    m2, j1 = mu[keep][:, 1], cleaned[keep][:, 0]
    values = ak.to_numpy(np.abs(dphi(m2.phi, j1.phi)))
    assert len(values) > 0
    h = hists["mu2j1"]
    check(result, h.name, sample, values, w[keep], h.bins, h.start, h.stop)


# --- a binning edge equal to a mass window's edge (the compositional probe, seed 99) -----------
@pytest.mark.parametrize("sep", [";", ","])
def test_binning_edge_equal_to_the_window_edge_is_kept(catalog, sep):
    # the window 80-100 and the axis 0-100 share the value 100: the stop was dropped silently
    plan = _plan(
        f"the mass of the subleading jet for events with 80 < m(mumu) < 100 GeV{sep} with 25 bins "
        "from 0 to 100",
        catalog,
    )
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (25, 0.0, 100.0)
    (pair,) = plan.spec.combinations
    assert (pair.mass_min, pair.mass_max) == (80.0, 100.0)


def test_a_window_alone_is_not_the_axis_of_another_quantity(catalog):
    plan = _plan("the jet pT for events with 80 < m(mumu) < 100 GeV", catalog)
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) != (80.0, 100.0)
