"""Session 18: known open planner items (counts after a pair, "every"/"all" said, "at most"
wordings, like/unlike charge)."""

from __future__ import annotations

import awkward as ak
import pytest

from tests._planned_run import muon_jet_events, pairs, run_plans, sorted_by_pt
from tests._plans import first_plotted, object_cuts, parser_plan
from tests.test_physics import DATA, DY, check, coll, weights

OS_DIMUON = "dimuon mass of opposite-sign muons above 25 GeV"
KEPT = "The events are those of the previous plot: "


_plan = parser_plan
_cuts = object_cuts
_plotted = first_plotted


# --- 1. "now the number of muons" after a pair: the muons counted, not the pairs --------------
@pytest.mark.parametrize(
    ("followup", "counted"),
    [
        ("now the number of muons", "muons"),
        ("now plot the muon multiplicity", "muons"),
        ("and the number of muons", "muons"),
        ("now the number of jets", "jets"),
    ],
)
def test_a_count_after_a_dimuon_mass_counts_objects_in_its_events(catalog, followup, counted):
    plan = _plan(followup, catalog, previous=_plan(OS_DIMUON, catalog))
    assert plan.ok, plan.question
    assert _plotted(plan) == ("count", counted)  # was: the count of dimuon pairs
    (pair,) = plan.spec.combinations
    assert (pair.inputs, pair.charge, pair.choose, pair.leading) == (
        ["muons"], "opposite", "all", None
    )  # fmt: skip
    assert any(s.count == pair.name and s.value == 1 for s in plan.spec.selection)
    assert ("pt", ">", 25.0) in _cuts(plan, "muons")  # the previous muon definition
    assert KEPT + "with an opposite-sign dimuon pair (any two of the selected muons)." in plan.notes


def test_a_count_of_pairs_said_stays_a_count_of_pairs(catalog):
    plan = _plan("now the number of dimuon pairs", catalog, previous=_plan(OS_DIMUON, catalog))
    assert plan.ok, plan.question
    assert _plotted(plan) == ("count", "dimuon")


def test_a_count_after_a_z_candidate_counts_muons_in_z_events(catalog):
    previous = _plan("plot the mass of the Z candidate built from two opposite-sign muons", catalog)
    plan = _plan("now the number of muons", catalog, previous=previous)
    assert plan.ok, plan.question
    assert _plotted(plan) == ("count", "muons")  # was: the count of Z candidates (always 1)
    (z,) = plan.spec.combinations
    assert z.choose == "closest_mass" and z.inputs == ["muons"]
    assert any(s.count == z.name and s.value == 1 for s in plan.spec.selection)


@pytest.mark.parametrize(
    ("previous", "followup", "pair"),
    [
        (OS_DIMUON, "and the number of electrons", "dimuon pair"),
        (OS_DIMUON, "now the electron multiplicity", "dimuon pair"),
        (OS_DIMUON, "now the number of taus", "dimuon pair"),
        ("the dielectron mass", "now the number of muons", "dielectron pair"),
        ("the Z candidate mass of two muons", "now the number of electrons", "Z candidate"),
    ],
)
def test_a_count_of_another_lepton_after_a_pair_is_asked(catalog, previous, followup, pair):
    plan = _plan(followup, catalog, previous=_plan(previous, catalog))
    # was: the number of dielectron (dimuon) pairs, labelled "Number of electrons" ("muons")
    assert not plan.ok
    assert plan.question.startswith("Count the ")
    assert f"(with its {pair})" in plan.question


def test_the_asked_count_answered_in_all_events_plans(catalog):
    previous = _plan(OS_DIMUON, catalog)
    plan = _plan("now the number of electrons in all events", catalog, previous=previous)
    assert plan.ok, plan.question
    assert _plotted(plan) == ("count", "electrons")
    assert not plan.spec.combinations and not plan.spec.selection


@pytest.fixture(scope="module")
def count_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {"nmu": _plan("now the number of muons", cat, _plan(OS_DIMUON, cat))}
    return run_plans(plans, tmp_path_factory.mktemp("known18"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_muon_count_after_a_pair_matches_the_reference(count_run, demo_data, sample):
    hists, result = count_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    mu = coll(ev, "Muon")
    mu25 = sorted_by_pt(
        mu[(mu.pt > 25) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    _, _, a, b = pairs(mu25)
    has_os = ak.to_numpy(ak.any(a.charge * b.charge < 0, axis=1))
    nmu = ak.to_numpy(ak.num(mu25)).astype(float)
    h = hists["nmu"]
    check(result, h.name, sample, nmu[has_os], w[has_os], h.bins, h.start, h.stop)


# --- 2. "every jet", "all muons": the default cuts not applied are said in the plan ----------
@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            "plot the pT of every jet",
            "Every jet, as written: the default jet cuts are not applied (pT > 30 GeV, |eta| < "
            "2.4, tight jet ID); say 'the selected jets' to apply them.",
        ),
        (
            "plot the pT of all jets",
            "Every jet, as written: the default jet cuts are not applied (pT > 30 GeV, |eta| < "
            "2.4, tight jet ID); say 'the selected jets' to apply them.",
        ),
        (
            "the eta of all muons",
            "Every muon, as written: the default muon cuts are not applied (pT > 20 GeV, |eta| < "
            "2.4, tight ID, PF isolation (dR 0.4) < 0.15); say 'the selected muons' to apply them.",
        ),
        (
            "the pT of all b-jets",  # the b-tag is what a b-jet is: applied, not listed
            "Every b-jet, as written: the default b-jet cuts are not applied (pT > 30 GeV, "
            "|eta| < 2.4, tight jet ID); say 'the selected b-jets' to apply them.",
        ),
    ],
)
def test_every_object_says_which_default_cuts_are_not_applied(catalog, text, line):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert line in plan.describe(catalog).splitlines()  # as the user reads the plan
    # the line is true: the object has no pT, eta or ID cut
    (obj,) = [o for o in plan.spec.objects if o.source == "Jet" or o.source == "Muon"]
    assert not {c.field for c in obj.cuts} & {"pt", "eta", "jetId", "tightId", "pfRelIso04_all"}


def test_a_cut_stated_on_every_object_is_not_listed_as_left_out(catalog):
    plan = _plan("the jet multiplicity for all jets with pT of at least 30 GeV", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 30.0) in _cuts(plan, "jets")
    assert (
        "Every jet, as written: the default jet cuts are not applied (|eta| < 2.4, tight jet "
        "ID); say 'the selected jets' to apply them." in plan.notes
    )


def test_all_leptons_says_it_for_both_flavours(catalog):
    lines = _plan("the pt of all leptons", catalog).describe(catalog).splitlines()
    assert any(x.startswith("Every muon, as written: the default muon cuts") for x in lines)
    assert any(x.startswith("Every electron, as written: the default electron") for x in lines)


@pytest.mark.parametrize(
    "text", ["the pT of the selected jets", "plot the pT of all selected jets", "the jet pT"]
)
def test_the_selected_objects_keep_their_defaults_and_no_line(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 30.0) in _cuts(plan, "jets")
    assert not [x for x in plan.describe(catalog).splitlines() if x.startswith("Every ")]


# --- 3. "a maximum of 3 jets", "max 3 jets", "3 jets at most": at most 3 -----------------------
@pytest.mark.parametrize(
    "words",
    [
        "a maximum of 3 jets",
        "maximally 3 jets",
        "not more than 3 jets",
        "3 jets or less",
        "up to three jets",
        "max 3 jets",  # was: at least 3 ("'3 jets' read as at least 3")
        "max. 3 jets",
        "a max of 3 jets",
        "3 jets at most",  # was: at least 3
        "at maximum three jets",
    ],
)
def test_at_most_wordings_are_an_upper_count(catalog, words):
    plan = _plan(f"the leading muon pT in events with {words}", catalog)
    assert plan.ok, plan.question
    jets = plan.draft.requirements["jet"]
    assert (jets.min_count, jets.max_count) == (None, 3)
    assert [s.name for s in plan.spec.selection if s.count == "jets"] == ["<= 3 jets"]
    assert not [n for n in plan.notes if "at least" in n]


@pytest.mark.parametrize("text", ["the maximum of 3 jets pt", "MET with 3 jets at most 2.4 in eta"])
def test_a_maximum_that_is_no_count_bound_stays_asked(catalog, text):
    assert not _plan(text, catalog).ok


# The count-cut run of 'max 2 jets' and 'a maximum of two jets' against an awkward reference is
# part of tests/test_planner_known17.py (count_run): one sandboxed run for every count wording.


# --- 4. "separately for like and unlike charge": one histogram per charge combination ---------
LIKE_UNLIKE = "the invariant mass of the two leading muons separately for like and unlike charge"


@pytest.mark.parametrize(
    "text",
    [
        LIKE_UNLIKE,
        "the dimuon mass for same-sign and opposite-sign pairs separately",
        "the dimuon mass, opposite-sign vs same-sign pairs",
        "the invariant mass of the two leading muons separately for like and unlike charge, "
        "40 bins from 0 to 200 GeV",
    ],
)
def test_like_and_unlike_charge_are_two_histograms(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question  # was: asked
    spec = plan.spec
    charges = {}
    for h in spec.histograms:
        (pair,) = [c for c in spec.combinations if c.name == spec.observable(h.observable).of]
        assert (pair.inputs, pair.leading, pair.size) == (["muons"], 2, 2)
        (step,) = [s for s in spec.selection if s.count == pair.name]
        assert step.name in h.steps  # each histogram under its own charge's pair
        assert not [s for s in spec.selection if s.count and s.name in h.steps
                    and s.count != pair.name and s.count != "muons"]  # fmt: skip
        charges[pair.charge] = h
    assert set(charges) == {"same", "opposite"} and len(spec.histograms) == 2
    assert any(n.startswith("Read '") and "one histogram per charge combination" in n
               for n in plan.notes)  # fmt: skip


def test_like_and_unlike_charge_not_said_separately_stays_asked(catalog):
    assert not _plan("the dimuon mass for same-sign and opposite-sign pairs", catalog).ok


@pytest.fixture(scope="module")
def charge_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog
    from chathep.engine import run_spec
    from tests.test_physics import DATA, DY

    plan = _plan(
        "the invariant mass of the two leading muons without any cuts, separately for like and "
        "unlike charge, 40 bins from 0 to 200 GeV",
        default_catalog(),
    )  # no muon cuts: the demo files have same-sign pairs of these muons
    assert plan.ok, plan.question
    spec = plan.spec.model_copy(update={"samples": [DATA, DY]})
    return plan.spec, run_spec(spec, workdir=tmp_path_factory.mktemp("known18_charge")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_like_and_unlike_charge_match_the_reference(charge_run, demo_data, sample):
    spec, result = charge_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    mu = coll(ev, "Muon")
    mu = sorted_by_pt(mu)
    two = ak.to_numpy(ak.num(mu) >= 2)
    lead = mu[two][:, :2]
    mass, _, a, b = pairs(lead)
    mass = ak.to_numpy(ak.firsts(mass))
    same = ak.to_numpy(ak.firsts(a.charge * b.charge) > 0)
    ww = w[two]
    if sample == DATA:  # both charge combinations are in the data file (the DY pairs: OS)
        assert same.any() and (~same).any()
    for h in spec.histograms:
        pair = next(c for c in spec.combinations if c.name == spec.observable(h.observable).of)
        keep = same if pair.charge == "same" else ~same
        if not keep.any():  # (no same-sign pair of DY muons in the demo file): empty
            assert result.histograms[h.name][sample, "nominal", :].values(flow=True).sum() == 0
            continue
        check(result, h.name, sample, mass[keep], ww[keep], h.bins, h.start, h.stop)
