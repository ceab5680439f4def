"""Jet corrections of the generated code vs the 2018 text files read by hand (numpy only).

JER: scaling method for gen-matched jets (Autumn18_V7 SF, columns central/down/up);
JEC: "Total" source of Autumn18_V8, linear interpolation in pT between the knots;
b-tag: DeepJet 2018 medium WP, comb (b, c) / incl (light) formulas, central value, method 1a.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math

import awkward as ak
import numpy as np
import pytest

from chathep.compiler import compile_spec
from chathep.spec import parse_spec

DY = "dy_2018"

SPEC = {
    "title": "jets with JER, JEC and b-tag SFs",
    "samples": ["data_2018A_doublemuon", DY],
    "objects": [
        {"name": "jets", "source": "Jet", "cuts": [{"field": "pt", "op": ">", "value": 15}]},
        {"name": "bjets", "source": "Jet", "cuts": [
            {"field": "pt", "op": ">", "value": 20},
            {"field": "btagDeepFlavB", "op": ">", "value": "medium"}]},
    ],
    "observables": [{"name": "jet_pt", "kind": "field", "of": "jets", "field": "pt"},
                    {"name": "met", "kind": "met"}],
    "histograms": [{"name": "jet_pt", "observable": "jet_pt", "bins": 10, "start": 0,
                    "stop": 200, "label": "jet pT"}],
    "corrections": ["jer", "jec", "btag_sf"],
}  # fmt: skip


@pytest.fixture(scope="module")
def generated(demo_data, tmp_path_factory):
    path = tmp_path_factory.mktemp("jets") / "analysis.py"
    path.write_text(compile_spec(parse_spec(SPEC)))
    spec = importlib.util.spec_from_file_location("generated_jets", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def events(demo_data):
    from coffea.nanoevents import NanoAODSchema, NanoEventsFactory

    path = demo_data / "nano_dy.root"
    return NanoEventsFactory.from_root(
        {str(path): "Events"}, schemaclass=NanoAODSchema, mode="eager"
    ).events()


def _jer_table(demo_data):
    rows = []
    with gzip.open(demo_data / "Autumn18_V7_MC_SF_AK4PFchs.jersf.txt.gz", "rt") as f:
        for line in f:
            if line.startswith("{") or not line.strip():
                continue
            rows.append([float(x) for x in line.split()])
    return np.array(rows)  # eta_lo eta_hi pt_lo pt_hi n central down up


def _jec_total(demo_data):
    table, inside = [], False
    for line in (demo_data / "Autumn18_V8_MC_UncertaintySources_AK4PFchs.junc.txt").open():
        if line.startswith("["):
            inside = line.strip() == "[Total]"
        elif inside and not line.startswith("{"):
            v = [float(x) for x in line.split()]
            knots = np.array(v[3:]).reshape(-1, 3)  # (pt, up, down) triplets
            table.append((v[0], v[1], knots))
    return table


def test_jer_scaling_and_jes_total(generated, events, demo_data):
    scales = generated.jet_pt_scales(events, ["jer", "jec"], str(demo_data))
    jer, jec = _jer_table(demo_data), _jec_total(demo_data)
    jets = events.Jet
    pt, eta = ak.to_numpy(ak.flatten(jets.pt)), ak.to_numpy(ak.flatten(jets.eta))
    gen = ak.to_numpy(ak.flatten(ak.fill_none(jets.matched_gen.pt, -1.0)))
    flat = {k: ak.to_numpy(ak.flatten(v)) for k, v in scales.items()}
    checked_matched = checked_unmatched = 0
    for i in range(len(pt)):
        row = jer[(jer[:, 0] <= eta[i]) & (eta[i] < jer[:, 1]) & (jer[:, 2] <= pt[i])
                  & (pt[i] < jer[:, 3])][0]  # fmt: skip
        central, down, up = row[5], row[6], row[7]
        for key, sf in (("nominal", central), ("JERUp", up), ("JERDown", down)):
            # unmatched jets are not smeared (no PtResolution file ships)
            matched = gen[i] >= 0
            expected = max(1 + (sf - 1) * (pt[i] - gen[i]) / pt[i], 0.0) if matched else 1.0
            assert flat[key][i] == pytest.approx(expected, rel=1e-5)
        checked_matched += gen[i] >= 0
        checked_unmatched += gen[i] < 0
        # JES "Total" at the JER-corrected pT, linear in pT between knots
        smeared = pt[i] * flat["nominal"][i]
        lo, hi, knots = next(t for t in jec if t[0] <= eta[i] < t[1])
        unc = np.interp(smeared, knots[:, 0], knots[:, 1])
        assert flat["JESUp"][i] == pytest.approx(flat["nominal"][i] * (1 + unc), rel=1e-5)
        assert flat["JESDown"][i] == pytest.approx(flat["nominal"][i] * (1 - unc), rel=1e-5)
    assert checked_matched > 10 and checked_unmatched > 0


def _btag_formula(demo_data, wp: int, method: str, flavour: int) -> str:
    with gzip.open(demo_data / "DeepJet_102XSF_WP_V1.btag.csv.gz", "rt") as f:
        for line in f:
            cols = [c.strip() for c in line.split(",", 10)]
            if cols[:4] == [str(wp), method, "central", str(flavour)]:
                return cols[10].strip().strip('"')
    raise AssertionError("formula not found")


def test_btag_event_weight_central(generated, events, demo_data, tmp_path):
    """Method 1a on the DY file's jets with pT > 20 GeV, tagged or not, with efficiencies
    per flavour from a file written here: w = prod_tagged SF * prod_untagged (1 - SF eff) /
    (1 - eff), worked out jet by jet."""
    formulas = {
        5: _btag_formula(demo_data, 1, "comb", 0),
        4: _btag_formula(demo_data, 1, "comb", 1),
        0: _btag_formula(demo_data, 1, "incl", 2),
    }
    effs = {0: 0.05, 4: 0.2, 5: 0.7}
    content = [{"key": k, "value": v} for k, v in effs.items()]
    inputs = [{"name": n, "type": t} for n, t in (("f", "int"), ("pt", "real"), ("a", "real"))]
    corr = {"name": "btag_eff_dy", "version": 1, "inputs": inputs,
            "output": {"name": "eff", "type": "real"},
            "data": {"nodetype": "category", "input": "f", "content": content}}  # fmt: skip
    file = tmp_path / "eff.json"
    file.write_text(json.dumps({"schema_version": 2, "corrections": [corr]}))
    jets = events.Jet[events.Jet.pt > 20]
    w = generated.btag_event_weights(jets, 0.2783, "medium", str(demo_data), str(file), "dy")
    expected = []
    for ev_jets in ak.to_list(jets[["pt", "eta", "hadronFlavour", "btagDeepFlavB"]]):
        p = 1.0
        for j in ev_jets:
            if abs(j["eta"]) < 2.5:
                x = min(j["pt"], 1000.0)  # the central formulas hold from 20 GeV to 1 TeV
                sf = eval(formulas[j["hadronFlavour"]], {"log": math.log, "x": x})
                eff = effs[j["hadronFlavour"]]
                p *= sf if j["btagDeepFlavB"] > 0.2783 else (1 - sf * eff) / (1 - eff)
        expected.append(p)
    np.testing.assert_allclose(w["central"], expected, rtol=1e-5)
    assert any(abs(e - 1) > 1e-3 for e in expected)  # the weights are not all 1


def test_jet_changes_propagate_to_met(generated, events, demo_data):
    scales = generated.jet_pt_scales(events, ["jer", "jec"], str(demo_data))
    met = generated.propagate_to_met(events.MET, events.Jet, scales["JESUp"])
    pt = ak.to_list(events.Jet.pt)
    phi = ak.to_list(events.Jet.phi)
    k = ak.to_list(scales["JESUp"])
    met_pt, met_phi = ak.to_numpy(events.MET.pt), ak.to_numpy(events.MET.phi)
    for i in range(len(met_pt)):
        px, py = met_pt[i] * math.cos(met_phi[i]), met_pt[i] * math.sin(met_phi[i])
        for j in range(len(pt[i])):
            new = pt[i][j] * k[i][j]
            if new > 15:
                px -= (new - pt[i][j]) * math.cos(phi[i][j])
                py -= (new - pt[i][j]) * math.sin(phi[i][j])
        assert met.pt[i] == pytest.approx(math.hypot(px, py), rel=1e-5)
        assert met.phi[i] == pytest.approx(math.atan2(py, px), abs=1e-5)
    assert not np.allclose(ak.to_numpy(met.pt), met_pt)  # the JES shift does move the MET
