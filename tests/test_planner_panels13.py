"""Figure captions and exercise steps that ask for several panels of one quantity, each panel's
selection spelled out ("X for A (left) and for B (right)", "(a) ... (b) ...", "two histograms
of X, one for A and one for B", "separately for A and for B", "for N = 1..4"): one histogram
per panel, each filled from its own selection (chathep.planner.panels); panels whose selection
is only named ("signal region", "preselected") are asked. One sandboxed run of two panels
against a hand-written uproot/awkward reference."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.engine import run_spec
from chathep.planner import plan_request
from chathep.planner.panels import find_panels
from tests.test_physics import DATA, DY, check, coll, pair_mass, read, weights


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _steps(plan):
    """Each histogram's selection steps, as (count or observable, op, value)."""
    spec = plan.spec
    out = {}
    for h in spec.histograms:
        rows = []
        for name in spec.histogram_steps(h):
            s = next(x for x in spec.selection if x.name == name)
            rows.append((s.count or spec.observable(s.observable).kind, s.op, s.value))
        out[h.name] = rows
    return out


def _eta_cut(spec, name):
    (cut,) = [c for c in spec.object(name).cuts if c.field == "eta"]
    return (cut.op, cut.value, cut.abs)


# --- explicit panels: planned, one histogram each with its own selection -----------------------


@pytest.mark.parametrize(
    "text",
    [
        # was planned as ONE histogram of muons with |eta| > 1.1 AND < 1.1 (empty), nothing said
        "the dimuon mass for events with both muons |eta| < 1.1 (left) and for events with both "
        "muons |eta| > 1.1 (right)",
        # was asked: 'barrel' and 'end-cap' taken for undefined regions, though defined beside
        "Dimuon mass in barrel - when both muons have |eta| < 1.1(left) and in the end-cap - both "
        "muons have |eta| > 1.1 (right)",
    ],
)
def test_barrel_and_endcap_panels_keep_their_own_muons(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    assert [h.name for h in spec.histograms] == ["dimuon_mass_left", "dimuon_mass_right"]
    assert _eta_cut(spec, "muons_left") == ("<", 1.1, True)
    assert _eta_cut(spec, "muons_right") == (">", 1.1, True)
    assert spec.object("muons") is None  # no muons with both cuts
    left, right = (spec.observable(h.observable) for h in spec.histograms)
    assert spec.combination(left.of).inputs == ["muons_left"]
    assert spec.combination(right.of).inputs == ["muons_right"]
    steps = _steps(plan)
    assert steps["dimuon_mass_left"] == [("muons_left", ">=", 2), ("dimuon_left", ">=", 1)]
    assert steps["dimuon_mass_right"] == [("muons_right", ">=", 2), ("dimuon_right", ">=", 1)]
    said = plan.describe(catalog)
    assert "one per panel" in said and "'dimuon_mass_left'" in said


def test_a_defined_region_name_is_said_to_be_read_as_its_definition(catalog):
    plan = _plan(
        "Dimuon mass in the barrel - both muons |eta| < 1.2 (left) and in the endcap - both "
        "muons |eta| > 1.2 (right)",
        catalog,
    )
    assert plan.ok, plan.question
    said = " ".join(plan.notes)
    assert "'barrel' as 'both muons |eta| < 1.2'" in said
    assert "'endcap' as 'both muons |eta| > 1.2'" in said


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Figure 2: The MET distribution for events with no jets (left) and for events with at "
         "least two jets (right).",
         {"met_pt_left": [("jets", "<=", 0)], "met_pt_right": [("jets", ">=", 2)]}),
        ("the MET in (a) events with no jets and (b) events with at least two jets",
         {"met_pt_a": [("jets", "<=", 0)], "met_pt_b": [("jets", ">=", 2)]}),
        ("Number of jets for events with MET < 50 GeV (top) and for events with MET > 50 GeV "
         "(bottom).",
         {"n_jets_top": [("met", "<", 50)], "n_jets_bottom": [("met", ">", 50)]}),
        ("Make two histograms of the number of jets, one with MET > 100 GeV and one with MET < "
         "100 GeV",
         {"n_jets_1": [("met", ">", 100)], "n_jets_2": [("met", "<", 100)]}),
        ("the number of jets separately for events with HT < 500 GeV and for events with HT > "
         "500 GeV",
         {"n_jets_1": [("ht", "<", 500)], "n_jets_2": [("ht", ">", 500)]}),
        ("Stacked jet multiplicity distributions without b-tagging requirement (left plot) and "
         "for events with at least one b-tagged jet (right plot).",
         {"n_jets_left": [], "n_jets_right": [("bjets", ">=", 1)]}),
        # the first panel's "for events with" is every panel's
        ("The MET for events with no jets (left), exactly one jet (middle) and at least two "
         "jets (right)",
         {"met_pt_left": [("jets", "<=", 0)],
          "met_pt_middle": [("jets", ">=", 1), ("jets", "<=", 1)],
          "met_pt_right": [("jets", ">=", 2)]}),
        ("The MET. Top: events with no jets. Bottom: events with at least two jets.",
         {"met_pt_top": [("jets", "<=", 0)], "met_pt_bottom": [("jets", ">=", 2)]}),
        # a later panel's bare cut opens as the first panel's ("with MET < 30 GeV (a) and MET
        # > 30 GeV (b)" was ONE histogram with MET > 30 AND < 30 GeV, nothing said)
        ("the dimuon mass with MET < 30 GeV (a) and MET > 30 GeV (b)",
         {"dimuon_mass_a": [("muons", ">=", 2), ("dimuon", ">=", 1), ("met", "<", 30)],
          "dimuon_mass_b": [("muons", ">=", 2), ("dimuon", ">=", 1), ("met", ">", 30)]}),
        ("the number of jets, (left) HT < 200 GeV, (right) HT > 200 GeV",
         {"n_jets_left": [("ht", "<", 200)], "n_jets_right": [("ht", ">", 200)]}),
        # a trailing ", in 2018 data" is every panel's
        ("Number of jets for events with MET < 40 GeV (left) and for events with MET > 40 GeV "
         "(right), in 2018 data",
         {"n_jets_left": [("met", "<", 40)], "n_jets_right": [("met", ">", 40)]}),
    ],
)  # fmt: skip
def test_event_selection_panels_are_planned(catalog, text, expected):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _steps(plan) == expected
    assert "one per panel" in " ".join(plan.notes)


def test_numbered_panels_fill_n_and_read_bare_counts_as_exactly(catalog):
    plan = _plan("the leading jet pT in events with exactly N jets, for N = 1..4", catalog)
    assert plan.ok, plan.question
    assert _steps(plan) == {
        f"lead_jets_pt_n{n}": [("jets", ">=", n), ("jets", "<=", n)] for n in (1, 2, 3, 4)
    }
    # "one for events with 1 jet, one for events with 2 jets": each exactly that many, said
    plan = _plan(
        "Draw three histograms of the leading jet pT, one for events with 1 jet, one for events "
        "with 2 jets and one for events with 3 jets",
        catalog,
    )
    assert plan.ok, plan.question
    assert _steps(plan) == {
        f"lead_jets_pt_{n}": [("jets", ">=", n), ("jets", "<=", n)] for n in (1, 2, 3)
    }
    assert "read as exactly that many" in " ".join(plan.notes)


def test_a_later_panels_bare_object_cut_keeps_its_own_objects(catalog):
    # was ONE histogram of muons with |eta| < 1.2 AND > 1.2, nothing said
    plan = _plan(
        "the leading muon pT for muons with |eta| < 1.2 (left) and |eta| > 1.2 (right)", catalog
    )
    assert plan.ok, plan.question
    assert [h.name for h in plan.spec.histograms] == ["lead_muons_pt_left", "lead_muons_pt_right"]
    assert _eta_cut(plan.spec, "muons_left") == ("<", 1.2, True)
    assert _eta_cut(plan.spec, "muons_right") == (">", 1.2, True)


def test_panels_read_as_one_histogram_are_asked(catalog):
    # not read as panels (the second names another object): was ONE MET histogram of events
    # with a muon AND an electron, nothing said
    plan = _plan(
        "the MET for events with a muon above 20 GeV (left) and an electron above 20 GeV (right)",
        catalog,
    )
    assert not plan.ok
    assert "marks 2 panels ((left), (right)), but I could read only 1 histogram" in plan.question
    # regions named by words after "Top:" / "Bottom:": was one MET histogram, the regions dropped
    plan = _plan("The MET. Top: the signal region. Bottom: the control region.", catalog)
    assert not plan.ok
    assert "marks 2 panels ((top), (bottom))" in plan.question


def test_a_followup_edits_every_panel(catalog):
    first = _plan(
        "the MET for events with no jets (left) and for events with at least two jets (right)",
        catalog,
    )
    assert first.ok, first.question
    plan = _plan("use 20 bins", catalog, previous=first)
    assert plan.ok, plan.question
    assert [h.bins for h in plan.spec.histograms] == [20, 20]
    assert _steps(plan) == _steps(first)


# --- panels that cannot be read exactly: asked -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the dimuon mass in the signal region (left) and in the control region (right)",
         "cannot define from these words alone"),
        ("the leading jet pT in (a) the barrel and (b) the endcap",
         "cannot define from these words alone"),
        ("the dimuon mass in the barrel - both muons |eta| < 1.1 (left) and in the end-cap "
         "(right)", "cannot define from these words alone"),
        ("Stacked jet multiplicity distributions for preselected events, without b-tagging "
         "requirement (left plot) and for events with at least one b-tagged jet (right plot).",
         "(left) 'preselected' names a selection the request does not define"),
        ("The jet multiplicity for selected events (left) and for events with at least one "
         "b-tagged jet (right)", "(left) 'selected' names a selection"),
    ],
)  # fmt: skip
def test_undefined_or_unread_panels_are_asked(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert said in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "Figure 1 The distributions for the highest- (a) electrons, (b) muons, and (c) jets, "
        "after the jet multiplicity selection.",
        "Z boson candidate pT (upper) and |y| (lower) for events with at least one jet.",
        "Transverse momentum (left) and pseudorapidity (right) of leading (upper) and subleading "
        "(middle) lepton",
        "Make two histograms of the binned masses, one for the transverse mass and one for the "
        "mass.",
        "the leading jet pT (left) and the MET (right)",
    ],
)
def test_panels_of_different_quantities_are_not_read_as_selections(text):
    assert find_panels(text) is None


# --- one sandboxed run: the barrel and end-cap panels against uproot/awkward -----------------


@pytest.fixture(scope="module")
def barrel_endcap(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    text = (
        "Dimuon mass in barrel - when both muons have |eta| < 1.1 (left) and in the end-cap - "
        "both muons have |eta| > 1.1 (right)"
    )
    plan = _plan(text, default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("panels")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_barrel_and_endcap_masses_match_the_reference(barrel_endcap, demo_data, sample):
    plan, result = barrel_endcap
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (30, 60.0, 120.0)
    ev = read(demo_data, sample)
    w = weights(sample, ev)
    mu = coll(ev, "Muon")
    good = mu[(mu.pt > 20) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    for name, region in (
        ("dimuon_mass_left", abs(good.eta) < 1.1),
        ("dimuon_mass_right", abs(good.eta) > 1.1),
    ):
        sel = good[region]
        two = ak.num(sel) >= 2
        lead = sel[two][:, :2]  # NanoAOD muons are pT-ordered: the two leading
        os_ = ak.to_numpy(lead[:, 0].charge * lead[:, 1].charge < 0)
        mass = ak.to_numpy(pair_mass(lead[:, 0], lead[:, 1]))[os_]
        check(result, name, sample, mass, w[ak.to_numpy(two)][os_], 30, 60.0, 120.0)
    # the two panels are different events: a barrel pair and an end-cap pair
    left = result.histograms["dimuon_mass_left"][sample, "nominal", :].values(flow=True)
    right = result.histograms["dimuon_mass_right"][sample, "nominal", :].values(flow=True)
    assert not np.array_equal(left, right)


def test_three_ht_panels_each_keep_their_cuts(catalog):
    # was asked: the parser read "HT between 300 and 600 GeV" as the histogram range, so panel
    # (b) selected the same events as no panel (session 13: a range after HT in a condition
    # is a cut on the HT)
    text = (
        "The jet multiplicity in (a) events with HT < 300 GeV, (b) events with HT between 300 "
        "and 600 GeV and (c) events with HT > 600 GeV"
    )
    plan = plan_request(text, catalog, mode="parser", check_files=False)
    assert plan.ok, plan.question
    spec = plan.spec
    assert len(spec.histograms) == 3
    by_name = {s.name: (s.op, s.value) for s in spec.selection}
    cuts = [sorted(by_name[n] for n in h.steps) for h in spec.histograms]
    assert cuts == [[("<", 300.0)], [("<", 600.0), (">", 300.0)], [(">", 600.0)]]
