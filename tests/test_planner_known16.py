"""Session 16: known silent or wrong readings of the planner (issue #12)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request


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


# --- "all combinations": every pair of the (default) selected objects ---------------------------
@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass of all combinations of muons",
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
