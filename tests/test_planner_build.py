"""Draft -> spec: explicit values land in the spec, defaults are stated, specs compile."""

from __future__ import annotations

import pytest
from test_planner_parser import CASES as PARSER_CASES

from chathep.planner import plan_request
from chathep.planner.data_stream import NO_LUMI_MASK_NOTE
from chathep.resolve import resolve_samples

MAIN = (
    "data/MC comparison of the dimuon mass, opposite-sign muons above 25 GeV, "
    "with the 2018 corrections"
)


def _cuts(spec, name):
    obj = spec.object(name)
    return {(c.field, c.op, c.value, c.abs) for c in obj.cuts}


def test_main_request_compiles(catalog, demo_data):
    from chathep.compiler import compile_spec

    plan = plan_request(MAIN, catalog, mode="parser")
    assert plan.ok, plan.question
    spec = plan.spec
    assert [s.name for s in resolve_samples(spec, catalog)] == [
        "data_2018A_doublemuon",
        "dy_2018",
    ]
    assert ("pt", ">", 25.0, False) in _cuts(spec, "muons")
    (pair,) = spec.combinations
    assert pair.charge == "opposite" and pair.inputs == ["muons"]
    assert spec.corrections == ["all"]
    assert spec.histograms[0].observable == "dimuon_mass"
    code = compile_spec(spec, catalog)
    assert code.startswith('"""') and "def main" in code


def test_defaults_are_stated_and_explicit_values_are_not(catalog):
    plan = plan_request(MAIN, catalog, mode="parser")
    text = " ".join(plan.defaults)
    assert "|eta| < 2.4" in text and "tight ID" in text
    assert "pT > 20" not in text  # the request gave the pT cut
    assert "binning: 30 bins from 60 to 120 GeV" in text


def test_binning_and_log_scale_reach_the_histogram(catalog):
    plan = plan_request(
        "leading jet pT for jets above 30 GeV, 50 bins from 0 to 250, log scale",
        catalog,
        mode="parser",
    )
    (hist,) = plan.spec.histograms
    assert (hist.bins, hist.start, hist.stop, hist.log_y) == (50, 0.0, 250.0, True)
    obs = plan.spec.observable(hist.observable)
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", "jets", "pt", 0)
    assert any(s.count == "jets" and s.value == 1 for s in plan.spec.selection)


def test_bin_width_sets_the_number_of_bins(catalog):
    plan = plan_request("jet pT in 10 GeV bins from 0 to 300 GeV", catalog, mode="parser")
    assert plan.spec.histograms[0].bins == 30


def test_mc_only_request_gets_a_stated_luminosity(catalog, demo_data):
    from chathep.compiler import compile_spec

    plan = plan_request(
        "number of b-tagged jets in ttbar MC, at least four jets", catalog, mode="parser"
    )
    assert plan.ok, plan.question
    assert plan.spec.samples == ["ttbar_semilep_2022"]
    assert plan.spec.lumi_pb == 1000.0
    assert any("1 fb^-1" in d for d in plan.defaults)
    assert ("btagDeepFlavB", ">", "medium", False) in _cuts(plan.spec, "bjets")
    assert [(s.count, s.op, s.value) for s in plan.spec.selection] == [("jets", ">=", 4.0)]
    compile_spec(plan.spec, catalog)


def test_jets_are_cleaned_against_the_selected_leptons(catalog):
    plan = plan_request("dimuon mass with at least 2 jets", catalog, mode="parser")
    jets = plan.spec.object("jets")
    assert [c.against for c in jets.clean_against] == ["muons"]
    names = [o.name for o in plan.spec.objects]
    assert names.index("muons") < names.index("jets")


def test_dilepton_pairs_are_same_flavour(catalog):
    plan = plan_request("dilepton mass in data vs DY", catalog, mode="parser")
    (pair,) = plan.spec.combinations
    assert pair.same_flavour and sorted(pair.inputs) == ["electrons", "muons"]


def test_z_candidate_picks_the_pair_closest_to_the_z(catalog):
    plan = plan_request("dimuon mass of the Z candidate", catalog, mode="parser")
    (pair,) = plan.spec.combinations
    assert pair.choose == "closest_mass" and pair.target_mass == pytest.approx(91.1876)


def test_met_cut_and_transverse_mass(catalog, demo_data):
    from chathep.compiler import compile_spec

    plan = plan_request(
        "transverse mass of the muon and MET, MET above 20 GeV, data vs Drell-Yan",
        catalog,
        mode="parser",
    )
    assert plan.ok, plan.question
    steps = {(s.observable, s.op, s.value) for s in plan.spec.selection if s.observable}
    assert ("met_pt", ">", 20.0) in steps
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind == "mt"
    compile_spec(plan.spec, catalog)


def test_missing_collection_in_a_sample_becomes_a_question(catalog, demo_data):
    plan = plan_request("photon pT in ttbar MC", catalog, mode="parser")
    assert not plan.ok
    assert "Photon" in plan.question


def test_upper_pt_cut_reaches_the_object(catalog):
    plan = plan_request("jet eta for jets with pT between 30 and 50 GeV", catalog, mode="parser")
    assert {("pt", ">", 30.0), ("pt", "<", 50.0)} <= {
        (c.field, c.op, c.value) for c in plan.spec.object("jets").cuts
    }


def test_met_phi_compiles(catalog, demo_data):
    from chathep.compiler import compile_spec

    plan = plan_request("MET phi in data vs DY", catalog, mode="parser")
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.field) == ("met", "phi")
    compile_spec(plan.spec, catalog)


def test_era_without_data_normalises_mc_to_a_stated_lumi(catalog):
    plan = plan_request("muon pT, 2022", catalog, mode="parser")
    assert plan.ok, plan.question
    assert [s.name for s in resolve_samples(plan.spec, catalog)] == ["ttbar_semilep_2022"]
    assert plan.spec.lumi_pb == 1000.0
    assert "ttbar" in plan.spec.title


@pytest.mark.parametrize(
    "text", [c[0] for c in PARSER_CASES], ids=[c[0][:40] for c in PARSER_CASES]
)
def test_every_parsed_phrasing_makes_a_checked_spec(text, catalog, demo_data):
    plan = plan_request(text, catalog, mode="parser")  # check_spec against the files included
    assert plan.ok, plan.question


def test_trigger_path_becomes_the_first_selection_step(catalog, demo_data):
    path = "HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8"
    plan = plan_request(f"Require the trigger {path} and plot the dimuon mass", catalog,
                        mode="parser")  # fmt: skip
    assert plan.ok, plan.question
    assert plan.spec.selection[0].triggers == [path]
    # the one note of a plan with data: no golden JSON (nothing about the trigger)
    assert plan.notes == [NO_LUMI_MASK_NOTE]


def test_trigger_missing_from_a_file_is_a_question(catalog, demo_data):
    plan = plan_request("dimuon mass in ttbar with HLT_IsoMu24", catalog, mode="parser")
    assert not plan.ok and "HLT_IsoMu24" in plan.question


def test_three_jet_mass_closest_to_the_top(catalog, demo_data):
    from chathep.compiler import compile_spec

    plan = plan_request(
        "Reconstruct the hadronic top: three-jet mass closest to 172.5 GeV", catalog,
        mode="parser",
    )  # fmt: skip
    (comb,) = plan.spec.combinations
    assert (comb.size, comb.choose, comb.target_mass) == (3, "closest_mass", 172.5)
    assert any(s.count == "jets" and s.value == 3 for s in plan.spec.selection)
    compile_spec(plan.spec, catalog)


def test_named_resonance_mass_is_the_target(catalog):
    plan = plan_request("dijet mass closest to the W mass in ttbar", catalog, mode="parser")
    assert plan.spec.combinations[0].target_mass == pytest.approx(80.3692)


def test_branch_by_name_and_in_words(catalog, demo_data):
    iso = plan_request("Muon_pfRelIso04_all of muons above 20 GeV", catalog, mode="parser")
    obs = iso.spec.observable(iso.spec.histograms[0].observable)
    assert (obs.of, obs.field) == ("muons", "pfRelIso04_all")
    btag = plan_request("DeepJet b-tag score of the leading jet in ttbar", catalog, mode="parser")
    obs = btag.spec.observable(btag.spec.histograms[0].observable)
    assert (obs.of, obs.field, obs.index) == ("jets", "btagDeepFlavB", 0)
    hist = btag.spec.histograms[0]
    assert (hist.start, hist.stop) == (0.0, 1.0)


def test_unknown_branch_range_is_asked_and_typos_are_caught(catalog, demo_data):
    # (dxy, dz, ip3d and sip3d have a stated default range since session 19)
    asked = plan_request("Muon_ptErr distribution", catalog, mode="parser")
    assert not asked.ok and "range" in asked.question
    typo = plan_request("Muon_dxyy from -0.1 to 0.1", catalog, mode="parser")
    assert not typo.ok and "dxyy" in typo.question


def test_puppi_met_and_delta_phi(catalog, demo_data):
    mt = plan_request("transverse mass of the muon and PUPPI MET in ttbar", catalog, mode="parser")
    assert mt.spec.observable(mt.spec.histograms[0].observable).met == "PuppiMET"
    dphi = plan_request("azimuthal separation of the two muons", catalog, mode="parser")
    obs = dphi.spec.observable(dphi.spec.histograms[0].observable)
    assert (obs.kind, obs.of, obs.other) == ("delta_phi", "muons", None)
    assert any(s.count == "muons" and s.value == 2 for s in dphi.spec.selection)
