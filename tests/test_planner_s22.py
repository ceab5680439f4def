"""Session 22: a cut right after a list of different objects, with no "each"/"both" (issue #12)."""

from __future__ import annotations

import pytest

from tests._plans import parser_plan


def _cuts(plan, source: str) -> dict[str, float]:
    obj = next(o for o in plan.spec.objects if o.source == source)
    return {f"{'abs ' if c.abs else ''}{c.field}": c.value for c in obj.cuts}


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        (
            "electron-muon invariant mass in ttbar MC for events with an electron and a muon "
            "with pT above 25 GeV",
            "pt",
            25.0,
        ),
        ("events with a muon and an electron with pT > 25 GeV, plot the MET", "pt", 25.0),
        ("events with one electron and one muon with |eta| < 2.1; the MET", "abs eta", 2.1),
    ],
)
def test_a_cut_after_a_list_of_leptons_cuts_every_lepton_and_says_so(text, field, value, catalog):
    # was: only the lepton named last was cut, the other kept its default (pT > 20 GeV / |eta|
    # < 2.4 or 2.5), with no note
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert _cuts(plan, "Muon")[field] == value
    assert _cuts(plan, "Electron")[field] == value
    assert any("after a list of leptons is read as a cut on the" in n for n in plan.notes)


def test_a_cut_after_a_list_with_a_jet_is_the_jets_and_is_said(catalog):
    plan = parser_plan(
        "events with two muons and a jet with pT above 30 GeV, plot the MET", catalog
    )
    assert plan.ok, plan.question
    assert _cuts(plan, "Jet")["pt"] == 30.0
    assert _cuts(plan, "Muon")["pt"] != 30.0
    assert any(
        "read as a cut on the jets only, not on the muons listed before" in n for n in plan.notes
    )


def test_each_with_is_unchanged_and_needs_no_note(catalog):
    plan = parser_plan(
        "exactly one electron and exactly one muon, each with pT above 20 GeV; plot the MET",
        catalog,
    )
    assert plan.ok, plan.question
    assert _cuts(plan, "Muon")["pt"] == _cuts(plan, "Electron")["pt"] == 20.0
    assert not any("listed before" in n or "list of leptons" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "Z -> μμ lineshape, 2018 DoubleMuon vs DY MC, 1 GeV bins from 81 to 101",
        "Could you plot the invariant mass of opposite-sign muon pairs, requiring both muons to "
        "have pT > 25 GeV and |η| < 2.4, between 60 and 120 GeV in 30 bins, comparing the 2018 "
        "collision data to the Drell-Yan simulation?",
        "dimuon mass, collision data vs DY simulation",
    ],
)
def test_a_data_sample_named_beside_mc_is_kept(text, catalog):
    # was: the MC word took the plot to the simulation only and the named data were dropped,
    # with no note (benchmarks/planner.py: dimuon_lineshape_1gev, dimuon_verbose)
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == ["data_2018A_doublemuon", "dy_2018"]


@pytest.mark.parametrize("text", ["dimuon mass in MC", "muon pT in Run2018A MC"])
def test_mc_alone_is_still_the_simulation_only(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == ["dy_2018"]


@pytest.mark.parametrize(
    "text",
    [
        "Z->μμ mass in DY MC with parton shower weights, 30 bins 60-120 GeV",
        "the dimuon mass in DY MC with parton shower weight variations",
        "the dimuon mass in DY MC with parton shower uncertainties",
    ],
)
def test_parton_shower_weights_are_the_correction(text, catalog):
    # was: 'weights' asked about (the registry read only 'parton shower' and 'PS weights';
    # benchmarks/planner.py: dimuon_ps_weights)
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.corrections == ["parton_shower"]
