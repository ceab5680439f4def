"""Session 16: known silent or wrong readings of the planner (issue #12)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.planner.planner import plan_request
from tests._planned_run import muon_jet_events, pairs, run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, check, coll, dr, four, weights


def _plan(text: str, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _cuts(plan, name):
    return [(c.field, c.op, c.value) for c in plan.spec.object(name).cuts]


def _chosen(plan, catalog) -> str:
    """The "Chosen for you" line of the plan in words."""
    (line,) = [x for x in plan.describe(catalog).splitlines() if x.startswith("Chosen for you")]
    return line


# --- an ID flag named by its branch ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("muon pT with mediumPromptId == 1", "mediumPromptId"),
        ("the leading muon eta for muons with mediumPromptId == 1", "mediumPromptId"),
        ("the muon pT for muons with softMvaId == 1", "softMvaId"),
        ("the dimuon mass of muons with mvaId >= 2", "mvaId"),
    ],
)
def test_a_muon_id_flag_named_replaces_the_default_id_and_is_said(catalog, text, flag):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan, "muons")
    assert [c for c in cuts if c[0] == flag]
    assert not [c for c in cuts if c[0] == "tightId"]
    chosen = _chosen(plan, catalog)
    assert "tight ID" not in chosen.replace("replaces the default tight ID", "")
    assert f"the ID is your {flag} cut (it replaces the default tight ID)" in chosen


@pytest.mark.parametrize(
    "text",
    [
        "the jet pT for jets with puId >= 4",
        "the leading jet pT with puId >= 7",
        "the HT of jets with puId > 0",
    ],
)
def test_the_jet_pileup_id_keeps_the_default_jet_id_listed(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan, "jets")
    assert ("jetId", ">=", 2) in cuts
    assert [c for c in cuts if c[0] == "puId"]
    assert "tight jet ID (your puId cut is the pile-up ID, not the jet ID)" in _chosen(
        plan, catalog
    )


def test_a_muon_isolation_working_point_by_name_keeps_the_default_id(catalog):
    # pfIsoId is the isolation (it replaces the default isolation cut), not the identification
    plan = _plan("muon pT for muons with pfIsoId >= 4", catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan, "muons")
    assert ("tightId", "==", True) in cuts and ("pfIsoId", ">=", 4) in cuts
    assert not [c for c in cuts if c[0] == "pfRelIso04_all"]
    assert "tight ID" in _chosen(plan, catalog)


# --- the non-isolated threshold is a choice -----------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["the pT of non-isolated muons", "the leading muon pT for non-isolated muons",
     "the eta of muons that are not isolated"],
)  # fmt: skip
def test_the_non_isolated_muon_threshold_is_listed_as_chosen(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert ("pfRelIso04_all", ">", 0.25) in _cuts(plan, "muons")
    assert "non-isolated: PF isolation (dR 0.4) > 0.25" in _chosen(plan, catalog)


# --- SUSY sample words: asked (no such sample in the catalog) -----------------------------------
@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("the jet pT in stop events", "stop"),
        ("the jet pT in gluino events", "gluino"),
        ("the jet pT in the stop signal", "stop"),
        ("the muon pT for the stau sample", "stau"),
        ("the MET in stop pair production", "stop"),
        ("the MET for top squark pair events", "top squark"),
        ("the leading jet pT in sbottom MC", "sbottom"),
    ],
)
def test_a_susy_sample_word_is_asked_as_a_sample_the_catalog_lacks(catalog, text, word):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert f"The catalog has no SUSY signal ('{word}') sample" in plan.question


@pytest.mark.parametrize(
    "text",
    ["the dimuon mass from 60 to 120 GeV", "the dimuon mass with 30 bins, stopping at 150 GeV"],
)
def test_stop_as_a_word_of_the_binning_is_no_sample(catalog, text):
    plan = _plan(text, catalog)
    assert "SUSY" not in (plan.question or "")


# --- "now the HT" after a pair: the HT of the jets in the pair's events --------------------------
@pytest.mark.parametrize("followup", ["now the HT", "and now plot HT instead", "now the MHT"])
def test_now_the_ht_after_a_dimuon_mass_is_the_jet_ht_in_the_pair_events(catalog, followup):
    previous = _plan("the dimuon mass of opposite-sign muons above 25 GeV", catalog)
    plan = _plan(followup, catalog, previous=previous)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert obs.kind in ("ht", "mht") and obs.of == "jets"
    (pair,) = plan.spec.combinations
    assert (pair.inputs, pair.charge, pair.size) == (["muons"], "opposite", 2)
    assert any(s.count == pair.name and s.value == 1 for s in plan.spec.selection)
    assert ("pt", ">", 25.0) in _cuts(plan, "muons")
    text = plan.describe(catalog)
    assert "tight jet ID" in _chosen(plan, catalog)  # the jets are the default ones, listed
    assert "the events are those of the previous plot: with an opposite-sign dimuon pair" in text


def test_now_the_ht_after_a_ranked_muon_keeps_its_events(catalog):
    plan = _plan("now the HT", catalog, previous=_plan("the subleading muon pT", catalog))
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.of) == ("ht", "jets")
    assert any(s.count == "muons" and s.value == 2 for s in plan.spec.selection)


@pytest.mark.parametrize("first", ["the dimuon mass near the Z peak", "the four-muon mass"])
def test_now_the_ht_after_a_pair_it_cannot_keep_is_asked_in_words(catalog, first):
    plan = _plan("now the HT", catalog, previous=_plan(first, catalog))
    assert not plan.ok
    assert "In which events should I plot the HT" in plan.question
    assert "invalid" not in plan.question


# --- "all combinations": every pair of the (default) selected objects ---------------------------
@pytest.mark.parametrize(
    "text",
    [
        "the mass of all possible dimuon pairs",
        "the mass of every muon pair",
        "the dimuon mass of all possible muon pairs",
        "the invariant mass of all distinct muon pairs",
    ],
)
def test_all_combinations_is_every_pair_of_the_default_muons(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert (pair.size, pair.choose, pair.leading, pair.charge) == (2, "all", None, "any")
    cuts = _cuts(plan, "muons")
    assert ("pt", ">", 20.0) in cuts and ("tightId", "==", True) in cuts
    chosen = _chosen(plan, catalog)
    assert "muons: pT > 20 GeV" in chosen
    assert "every pair of the selected muons (each filled), any charge" in chosen


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass of all combinations of muons",
        "Plot the opposite-sign muon pair mass for all combinations of muons",
    ],
)
def test_all_combinations_of_muons_is_every_pair_of_every_muon(catalog, text):
    """ "all combinations of muons": as written, every muon (no cut) in every pair (the
    evaluation set's reference reading of TIMBER's benchmark ex5)."""
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert (pair.size, pair.choose, pair.leading) == (2, "all", None)
    assert _cuts(plan, "muons") == []


def test_all_opposite_sign_pairs_keep_their_charge(catalog):
    plan = _plan("the mass of all opposite-sign muon pairs", catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert (pair.choose, pair.leading, pair.charge) == ("all", None, "opposite")


# --- the combination of highest pT among all triplets ------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "the trijet mass of the triplet with the highest pT",
        "the trijet mass of the trijet with the highest pT",
        "the mass of the three-jet combination with the largest pT",
        "the mass of the jet triplet with the highest transverse momentum",
    ],
)
def test_the_triplet_with_the_highest_pt_is_chosen_among_all(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.size, comb.choose, comb.leading) == (3, "highest_pt", None)
    assert "of highest pT among all combinations of the selected jets" in _chosen(plan, catalog)


def test_the_three_leading_jets_stay_the_three_leading(catalog):
    plan = _plan("the trijet mass of the 3 leading jets", catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.choose, comb.leading) == ("all", 3)


# --- one sandboxed run against hand-written references ------------------------------------------


@pytest.fixture(scope="module")
def known_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {
        "all": _plan("the mass of every muon pair", cat),
        "tri": _plan("the trijet mass of the triplet with the highest pT", cat),
    }
    hists, result = run_plans(plans, tmp_path_factory.mktemp("known16"))
    # its muons (above 25 GeV) and jets (cleaned against them) are not those above: a run of its own
    first = _plan("the dimuon mass of opposite-sign muons above 25 GeV", cat)
    ht_hists, ht_result = run_plans(
        {"ht": _plan("now the HT", cat, first)}, tmp_path_factory.mktemp("known16_ht")
    )
    return {**hists, **ht_hists}, {"all": result, "tri": result, "ht": ht_result}


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_new_readings_match_the_reference(known_run, demo_data, sample):
    hists, results = known_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    mu = coll(ev, "Muon")
    good_mu = (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])

    # all: every pair of the default muons (pT > 20), any charge, each pair filled
    mu20 = mu[good_mu & (mu.pt > 20)]
    mass, _, a, b = pairs(mu20)
    per_pair_w = ak.broadcast_arrays(w, mass)[0]
    # the reading matters: muons with no cuts (the old reading of "all") make more pairs
    assert ak.sum(ak.num(pairs(mu)[0])) > ak.sum(ak.num(mass)) > 0
    h = hists["all"]
    values, weights_ = ak.to_numpy(ak.flatten(mass)), ak.to_numpy(ak.flatten(per_pair_w))
    check(results["all"], h.name, sample, values, weights_, h.bins, h.start, h.stop)

    # tri: of all jet triplets, the one whose (vector) pT is highest: its mass
    j1, j2, j3 = ak.unzip(ak.combinations(jet, 3))
    e, px, py, pz = (sum(c) for c in zip(four(j1), four(j2), four(j3), strict=True))
    tri_mass = np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0))
    best = ak.argmax(np.hypot(px, py), axis=1, keepdims=True)
    picked = ak.to_numpy(ak.fill_none(ak.firsts(tri_mass[best]), -1.0))
    has = picked >= 0
    leading3 = ak.to_numpy(ak.fill_none(ak.firsts(tri_mass), -1.0))  # the 3 leading jets
    h = hists["tri"]
    check(results["tri"], h.name, sample, picked[has], w[has], h.bins, h.start, h.stop)
    if sample == DATA:  # the reading matters: the 3 leading jets are not always the choice
        assert (picked[has] != leading3[has]).any()

    # ht: the HT of the jets (away from the muons, dR > 0.4) in events with an opposite-sign
    # pair of muons above 25 GeV
    mu25 = mu[good_mu & (mu.pt > 25)]
    _, _, a, b = pairs(mu25)
    has_os = ak.to_numpy(ak.any(a.charge * b.charge < 0, axis=1))
    pj, pm = ak.unzip(ak.cartesian([jet, mu25], nested=True))
    away = ak.all(dr(pj, pm) > 0.4, axis=2)
    ht = ak.to_numpy(ak.sum(jet[away].pt, axis=1))
    assert 0 < has_os.sum() < len(has_os)
    h = hists["ht"]
    check(results["ht"], h.name, sample, ht[has_os], w[has_os], h.bins, h.start, h.stop)


@pytest.mark.parametrize("followup", ["now require HT above 300 GeV", "now the HT above 300 GeV"])
def test_an_ht_cut_in_a_followup_defines_the_jets_it_sums(catalog, followup):
    previous = _plan("the dimuon mass of opposite-sign muons above 25 GeV", catalog)
    plan = _plan(followup, catalog, previous=previous)
    assert plan.ok, plan.question
    (step,) = [s for s in plan.spec.selection if s.observable]
    assert (plan.spec.observable(step.observable).of, step.op, step.value) == ("jets", ">", 300)
    assert plan.spec.observable(plan.spec.histograms[0].observable).of == "dimuon"
    assert "tight jet ID" in _chosen(plan, catalog)
