"""Jet corrections of the generated code vs the 2018 text files read by hand (numpy only).

JER: hybrid method on a hand-made event record (matched: Delta R < 0.2 and 3 sigma; unmatched:
stochastic with the documented per-jet random numbers) and, on the 2018 DY file without a
resolution, scaling of Delta R-matched jets (Autumn18_V7 SF, columns central/down/up);
JES: the 29 split sources of Autumn18_V8 against correctionlib evaluated here and the text
file read by hand; MET propagation against a numpy sum;
b-tag: DeepJet 2018 medium WP, comb (b, c) / incl (light) formulas, central value, method 1a.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
from pathlib import Path

import awkward as ak
import numpy as np
import pytest

from chathep.compiler import compile_spec
from chathep.spec import parse_spec

DATA, DY = "data_2018A_doublemuon", "dy_2018"
CONVERTED = "corrections_2018_converted.json.gz"

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


def _jer_sf_by_hand(table, eta, pt):
    """(central, down, up) of the text-file row holding (eta, pT)."""
    row = table[(table[:, 0] <= eta) & (eta < table[:, 1]) & (table[:, 2] <= pt)
                & (pt < table[:, 3])][0]  # fmt: skip
    return row[5], row[6], row[7]


def test_jer_without_a_resolution_scales_delta_r_matched_jets_only(generated, events, demo_data):
    """CMS 2018 without a registered PtResolution: scaling for jets within Delta R < 0.2 of
    their GenJet, the others kept; the sample records why it is not the hybrid method."""
    assert generated.SAMPLES[DY]["jer_resolution"] is None
    assert generated.SAMPLES[DY]["jer_method"].startswith("scaling only")
    assert "jet_jerc.json" in generated.SAMPLES[DY]["jer_method"]
    scales = generated.jet_pt_scales(events, ["jer", "jec"], str(demo_data))
    jer = _jer_table(demo_data)
    jets = events.Jet
    pt, eta = ak.to_numpy(ak.flatten(jets.pt)), ak.to_numpy(ak.flatten(jets.eta))
    phi = ak.to_numpy(ak.flatten(jets.phi))
    gen = ak.flatten(jets.matched_gen)
    gen_pt = ak.to_numpy(ak.fill_none(gen.pt, -1.0))
    gen_eta = ak.to_numpy(ak.fill_none(gen.eta, 99.0))
    gen_phi = ak.to_numpy(ak.fill_none(gen.phi, 0.0))
    flat = {k: ak.to_numpy(ak.flatten(v)) for k, v in scales.items()}
    n_matched = n_far = 0
    for i in range(len(pt)):
        central, down, up = _jer_sf_by_hand(jer, eta[i], pt[i])
        dphi = (phi[i] - gen_phi[i] + math.pi) % (2 * math.pi) - math.pi
        matched = gen_pt[i] >= 0 and math.hypot(eta[i] - gen_eta[i], dphi) < 0.2
        for key, sf in (("nominal", central), ("JERUp", up), ("JERDown", down)):
            expected = max(1 + (sf - 1) * (pt[i] - gen_pt[i]) / pt[i], 0.0) if matched else 1.0
            assert flat[key][i] == pytest.approx(expected, rel=1e-5)
        n_matched += matched
        n_far += gen_pt[i] >= 0 and not matched
    assert n_matched > 10 and n_far > 0  # genJetIdx alone (Delta R < 0.4) is not the match


def _jes_source_by_hand(demo_data, source):
    """The [source] section of the junc text file: (eta_lo, eta_hi, (pt, up, down) knots)."""
    table, inside = [], False
    for line in (demo_data / "Autumn18_V8_MC_UncertaintySources_AK4PFchs.junc.txt").open():
        if line.startswith("["):
            inside = line.strip() == f"[{source}]"
        elif inside and not line.startswith("{"):
            v = [float(x) for x in line.split()]
            table.append((v[0], v[1], np.array(v[3:]).reshape(-1, 3)))
    return table


def test_jes_split_sources_equal_correctionlib_and_the_text_file(generated, events, demo_data):
    """Each JES source is its own up/down variation: pT factor nominal x (1 +/- unc), unc the
    source at the JER-corrected pT, evaluated here with correctionlib directly (and, for one
    source, from the text file by hand)."""
    import correctionlib

    scales = generated.jet_pt_scales(events, ["jer", "jec"], str(demo_data))
    sources = [k.removeprefix("JES_").removesuffix("Up") for k in scales if k.endswith("Up")]
    sources.remove("JER")
    assert len(sources) == 29 and "FlavorQCD" in sources and "Total" not in sources
    assert set(scales) == {"nominal", "JERUp", "JERDown"} | {
        f"JES_{s}{d}" for s in sources for d in ("Up", "Down")
    }
    cset = correctionlib.CorrectionSet.from_file(str(demo_data / CONVERTED))
    jets = events.Jet
    eta = ak.to_numpy(ak.flatten(jets.eta)).astype(float)
    nominal = ak.to_numpy(ak.flatten(scales["nominal"]))
    smeared = ak.to_numpy(ak.flatten(jets.pt)) * nominal
    for source in sources:
        correction = cset[f"Autumn18_V8_MC_{source}_AK4PFchs"]
        up = correction.evaluate(eta, smeared, "up")
        down = correction.evaluate(eta, smeared, "down")
        got_up = ak.to_numpy(ak.flatten(scales[f"JES_{source}Up"]))
        got_down = ak.to_numpy(ak.flatten(scales[f"JES_{source}Down"]))
        np.testing.assert_allclose(got_up, nominal * (1 + up), rtol=1e-6, err_msg=source)
        np.testing.assert_allclose(got_down, nominal * (1 - down), rtol=1e-6, err_msg=source)
    table = _jes_source_by_hand(demo_data, "RelativeBal")
    got = ak.to_numpy(ak.flatten(scales["JES_RelativeBalUp"]))
    for i in range(len(eta)):
        lo, hi, knots = next(t for t in table if t[0] <= eta[i] < t[1])
        unc = np.interp(smeared[i], knots[:, 0], knots[:, 1])
        assert got[i] == pytest.approx(nominal[i] * (1 + unc), rel=1e-5)
    assert np.any(np.abs(got / nominal - 1) > 1e-3)


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


def _met_by_hand(met_pt, met_phi, pt, phi, k):
    """MET minus the pT changes of the jets above 15 GeV after the change (numpy)."""
    out = []
    for i in range(len(met_pt)):
        new = np.asarray(pt[i]) * np.asarray(k[i])
        change = np.where(new > 15, new - np.asarray(pt[i]), 0.0)
        px = met_pt[i] * np.cos(met_phi[i]) - np.sum(change * np.cos(phi[i]))
        py = met_pt[i] * np.sin(met_phi[i]) - np.sum(change * np.sin(phi[i]))
        out.append((np.hypot(px, py), np.arctan2(py, px)))
    return np.array(out)


@pytest.mark.parametrize("variation", ["nominal", "JERUp", "JES_FlavorQCDUp", "JES_PileUpPtBBDown"])
def test_jet_changes_propagate_to_met(generated, events, demo_data, variation):
    scales = generated.jet_pt_scales(events, ["jer", "jec"], str(demo_data))
    met = generated.propagate_to_met(events.MET, events.Jet, scales[variation])
    met_pt, met_phi = ak.to_numpy(events.MET.pt), ak.to_numpy(events.MET.phi)
    expected = _met_by_hand(
        met_pt, met_phi, ak.to_list(events.Jet.pt), ak.to_list(events.Jet.phi),
        ak.to_list(scales[variation]),
    )  # fmt: skip
    np.testing.assert_allclose(ak.to_numpy(met.pt), expected[:, 0], rtol=1e-5)
    np.testing.assert_allclose(ak.to_numpy(met.phi), expected[:, 1], atol=1e-5)
    assert not np.allclose(ak.to_numpy(met.pt), met_pt)  # the jet change does move the MET


# --- the JER hybrid method on a hand-made event record -------------------------------------

#: The tiny events: (run, lumi, event, rho, jets as (pt, eta, phi, gen (pt, eta, phi) or None))
TINY = [
    (1, 7, 1001, 20.0, [
        (60.0, 0.5, 0.3, (50.0, 0.55, 0.32)),     # matched: Delta R 0.05, |dpT| 10 < 3 sigma pT
        (40.0, -1.0, 2.0, (20.0, -1.05, 2.02)),   # Delta R fine, |dpT| = 20 > 3 sigma pT: smeared
        (30.0, 2.0, -1.0, (29.0, 2.4, -1.0)),     # Delta R 0.4 > 0.2: smeared
        (25.0, 0.1, 3.1, (24.0, 0.12, -3.1)),     # matched across phi = pi (Delta R 0.085)
        (22.0, 0.1, 1.0, None),                   # no GenJet: smeared
    ]),
    (1, 7, 1002, 35.0, [
        (120.0, -2.8, 0.0, (100.0, -2.75, 0.05)),  # matched at high |eta|
        (18.0, 3.5, 1.5, None),
    ]),
    (2, 9, 5, 10.0, []),
    (2, 9, 6, 12.0, [(5.0, 0.2, 0.0, (40.0, 0.2, 0.0))]),  # |dpT| 35 > 3 sigma pT: smeared
]  # fmt: skip


def _tiny_events():
    rows = []
    for run, lumi, event, rho, jets in TINY:
        rows.append({
            "run": run, "luminosityBlock": lumi, "event": event, "fixedGridRhoFastjetAll": rho,
            "Jet": [
                {"pt": pt, "eta": eta, "phi": phi, "mass": 0.1 * pt,
                 "matched_gen": None if g is None else {"pt": g[0], "eta": g[1], "phi": g[2]}}
                for pt, eta, phi, g in jets
            ],
        })  # fmt: skip
    return ak.Array(rows)


def _sigma_by_hand(pt, rho):
    """The resolution the test's own correctionlib file encodes."""
    return np.sqrt((4.0 + 0.1 * rho) / pt**2 + 0.81 / pt + 0.05**2)


@pytest.fixture(scope="module")
def resolution_entry(tmp_path_factory):
    """A hand-made PtResolution correction (inputs deliberately not in the JSON-POG order)."""
    import correctionlib.schemav2 as cs

    formula = cs.Formula(
        nodetype="formula", parser="TFormula", variables=["JetPt", "Rho"],
        expression="sqrt((4.0+0.1*y)/(x*x)+0.81/x+0.0025)",
    )  # fmt: skip
    correction = cs.Correction(
        name="Test_PtResolution_AK4",
        version=1,
        inputs=[cs.Variable(name=n, type="real") for n in ("Rho", "JetEta", "JetPt")],
        output=cs.Variable(name="resolution", type="real"),
        data=formula,
    )
    path = tmp_path_factory.mktemp("jer") / "res.json"
    path.write_text(cs.CorrectionSet(schema_version=2, corrections=[correction]).model_dump_json())
    return {"file": str(path), "correction": correction.name, "inputs": ["Rho", "JetEta", "JetPt"]}


MASK = (1 << 64) - 1


def _splitmix(z: int) -> int:
    z = (z + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def _normal_by_hand(seed: int, run: int, lumi: int, event: int, index: int) -> float:
    """The documented per-jet random number: splitmix64 of (seed, run, lumi, event, index),
    two streams, Box-Muller (python integers, no numpy)."""
    key = seed
    for value in (run, lumi, event, index):
        key = _splitmix(key ^ value)
    u1, u2 = (((_splitmix(key ^ stream) >> 11) + 0.5) * 2.0**-53 for stream in (0, 1))
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def _hybrid_by_hand(demo_data, seed):
    """Expected factors per variation, flat over the tiny events' jets, and the matched flags."""
    table = _jer_table(demo_data)
    out = {"nominal": [], "JERUp": [], "JERDown": []}
    matched_flags = []
    for run, lumi, event, rho, jets in TINY:
        for index, (pt, eta, phi, gen) in enumerate(jets):
            central, down, up = _jer_sf_by_hand(table, np.float32(eta), np.float32(pt))
            sigma = _sigma_by_hand(pt, rho)
            matched = False
            if gen is not None:
                dphi = (phi - gen[2] + math.pi) % (2 * math.pi) - math.pi
                dr = math.hypot(eta - gen[1], dphi)
                matched = dr < 0.2 and abs(pt - gen[0]) < 3 * sigma * pt
            matched_flags.append(matched)
            normal = _normal_by_hand(seed, run, lumi, event, index)
            for key, s in (("nominal", central), ("JERUp", up), ("JERDown", down)):
                if matched:
                    factor = 1 + (s - 1) * (pt - gen[0]) / pt
                else:
                    factor = 1 + normal * sigma * math.sqrt(max(s * s - 1, 0.0))
                out[key].append(max(factor, 0.0))
    return {k: np.array(v) for k, v in out.items()}, matched_flags


def test_jer_hybrid_on_a_tiny_array_equals_the_hand_computation(
    generated, demo_data, resolution_entry
):
    events = _tiny_events()
    scales = generated.jet_pt_scales(events, ["jer"], str(demo_data), resolution_entry)
    expected, matched = _hybrid_by_hand(demo_data, generated.JER_SEED)
    # the cases the events were built for: 3 matched, 5 smeared (dpT, Delta R, no GenJet)
    assert matched == [True, False, False, True, False, True, False, False]
    for key in ("nominal", "JERUp", "JERDown"):
        got = ak.to_numpy(ak.flatten(scales[key]))
        np.testing.assert_allclose(got, expected[key], rtol=1e-6, err_msg=key)
    # the unmatched jets are really smeared (not left at 1), up and down differ
    smeared = np.flatnonzero(~np.array(matched))
    assert np.all(np.abs(expected["nominal"][smeared] - 1) > 1e-4)
    assert not np.allclose(expected["JERUp"], expected["JERDown"])


def test_jer_smearing_is_reproducible_per_jet(generated, demo_data, resolution_entry):
    events = _tiny_events()
    first = generated.jet_pt_scales(events, ["jer"], str(demo_data), resolution_entry)
    again = generated.jet_pt_scales(events, ["jer"], str(demo_data), resolution_entry)
    # another chunking: the same jets get the same numbers
    chunk = generated.jet_pt_scales(events[1:], ["jer"], str(demo_data), resolution_entry)
    for key in ("nominal", "JERUp", "JERDown"):
        assert ak.to_list(first[key]) == ak.to_list(again[key])
        assert ak.to_list(first[key][1:]) == ak.to_list(chunk[key])
    normals = ak.to_numpy(ak.flatten(generated.normal_per_jet(events, events.Jet, 1)))
    others = ak.to_numpy(ak.flatten(generated.normal_per_jet(events, events.Jet, 2)))
    assert not np.allclose(normals, others)  # the seed matters
    expected = [
        _normal_by_hand(1, run, lumi, event, i)
        for run, lumi, event, _, jets in TINY
        for i in range(len(jets))
    ]
    np.testing.assert_allclose(normals, expected, rtol=1e-12)


def test_jer_factor_is_floored_at_zero(generated):
    """A downward fluctuation beyond -1 would flip the jet: the factor stops at 0."""
    far = {"pt": 30.0, "eta": 1.0, "phi": 0.0}  # Delta R 1 > 0.2: not matched
    jets = ak.Array([[{"pt": 30.0, "eta": 0.0, "phi": 0.0, "matched_gen": None},
                      {"pt": 30.0, "eta": 0.0, "phi": 0.0, "matched_gen": far}]])  # fmt: skip
    sf, sigma, normal = ak.Array([[1.5, 1.5]]), ak.Array([[0.5, 0.5]]), ak.Array([[-4.0, 0.5]])
    # 1 + (-4) 0.5 sqrt(1.25) = -1.236 -> 0; 1 + 0.5 x 0.5 sqrt(1.25) = 1.2795
    got = ak.to_list(generated.jer_factors(jets, sf, sigma, normal))[0]
    assert got[0] == 0.0 and got[1] == pytest.approx(1 + 0.25 * math.sqrt(1.25), rel=1e-12)
    near = {"pt": 100.0, "eta": 0.0, "phi": 0.0}
    matched = ak.Array([[{"pt": 30.0, "eta": 0.0, "phi": 0.0, "matched_gen": near}]])
    # scaling: 1 + 0.5 (30 - 100) / 30 < 0 -> 0 (no resolution: Delta R match alone)
    assert ak.to_list(generated.jer_factors(matched, ak.Array([[1.5]]))) == [[0.0]]


# --- where the resolution comes from ------------------------------------------------------


def test_a_registered_pt_resolution_makes_the_2018_jer_hybrid(
    demo_data, tmp_path, monkeypatch, resolution_entry
):
    """`chathep corrections add 2018 jet_jerc.json` with a *PtResolution* entry: the 2018 DY
    sample gets the hybrid method with that entry, and the compiled module carries it."""
    from chathep import corrections_user as cu
    from chathep.catalog import default_catalog
    from chathep.config import get_settings
    from chathep.corrections_info import resolve_corrections
    from chathep.resolve import resolve_samples

    data = tmp_path / "data"
    data.mkdir()
    for name in ("nano_dy.root", "nano_dimuon.root"):
        (data / name).symlink_to(demo_data / name)
    monkeypatch.setenv("CHATHEP_DATA_DIR", str(data))
    get_settings.cache_clear()
    try:
        spec = parse_spec(SPEC)
        before = resolve_corrections(spec, resolve_samples(spec, default_catalog()))
        assert before[DY]["details"]["jer_method"].startswith("scaling only")
        (info,) = cu.add("2018", [resolution_entry["file"]])
        assert info.uses == {"Test_PtResolution_AK4": "jer"}
        after = resolve_corrections(spec, resolve_samples(spec, default_catalog()))
        details = after[DY]["details"]
        assert details["jer_method"] == "hybrid"
        assert details["jer_resolution"] == {
            "file": str(Path(resolution_entry["file"]).resolve()),
            "correction": "Test_PtResolution_AK4",
            "inputs": ["Rho", "JetEta", "JetPt"],
        }
        assert "jer" in after[DY]["applied"] and "jer" not in after[DATA]["applied"]
    finally:
        get_settings.cache_clear()


def test_sim13_resolution_is_found_next_to_the_samples(tmp_path, monkeypatch):
    """Generated samples: the jer_resolution.json the generator writes beside them is used
    (named relative to the data directory); without it, or without rho, the reason says so."""
    from types import SimpleNamespace

    from chathep.config import get_settings
    from chathep.corrections_info import _jer_details
    from chathep.generate.jer import write_jer_json

    monkeypatch.setenv("CHATHEP_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        folder = tmp_path / "sim13"
        folder.mkdir()
        sample = SimpleNamespace(era="sim13")
        keys = frozenset({"Jet_pt", "fixedGridRhoFastjetAll"})
        old: dict = {}
        _jer_details(sample, folder / "dy_000.root", keys, old, None)
        assert old["jer_resolution"] is None
        assert "generate them again with `chathep data generate`" in old["jer_method"]
        write_jer_json(folder)
        new: dict = {}
        _jer_details(sample, folder / "dy_000.root", keys, new, None)
        assert new["jer_method"] == "hybrid"
        assert new["jer_resolution"] == {
            "file": "sim13/jer_resolution.json",
            "correction": "sim13_PtResolution_AK4",
            "inputs": ["JetEta", "JetPt", "Rho"],
        }
        no_rho: dict = {}
        _jer_details(sample, folder / "dy_000.root", frozenset({"Jet_pt"}), no_rho, None)
        assert no_rho["jer_resolution"] is None and "fixedGridRhoFastjetAll" in no_rho["jer_method"]
    finally:
        get_settings.cache_clear()


#: A Z(mumu) candidate no jet enters and a dijet that jets do: the jet variations may reuse
#: the first from the nominal pass, never the second.
REUSE_SPEC = {
    "title": "Z(mumu) + jets with JER and JES",
    "samples": [DY],
    "objects": [
        {"name": "muons", "source": "Muon", "cuts": [{"field": "pt", "op": ">", "value": 10}]},
        {"name": "jets", "source": "Jet", "cuts": [{"field": "pt", "op": ">", "value": 20}],
         "clean_against": [{"against": "muons", "dr": 0.4}]},
    ],
    "combinations": [
        {"name": "zmm", "inputs": ["muons"], "charge": "opposite", "choose": "closest_mass",
         "target_mass": 91.2},
        {"name": "dijet", "inputs": ["jets"], "leading": 2},
    ],
    "selection": [{"name": "Z", "count": "zmm", "op": ">=", "value": 1},
                  {"name": "2 jets", "count": "dijet", "op": ">=", "value": 1}],
    "observables": [{"name": "mjj", "kind": "field", "of": "dijet", "field": "mass"}],
    "histograms": [{"name": "mjj", "observable": "mjj", "bins": 10, "start": 0, "stop": 300,
                    "label": "mjj"}],
    "corrections": ["jer", "jec"],
}  # fmt: skip


def test_jet_variations_reuse_only_what_no_jet_enters(events, demo_data, tmp_path):
    code = compile_spec(parse_spec(REUSE_SPEC))
    assert 'objects["zmm"] = reuse["zmm"]' in code
    assert 'reuse["dijet"]' not in code and 'reuse["jets"]' not in code
    path = tmp_path / "reuse.py"
    path.write_text(code)
    spec = importlib.util.spec_from_file_location("generated_reuse", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sample = module.SAMPLES[DY]
    scales = module.jet_pt_scales(events, ["jer", "jec"], str(demo_data))
    nominal = module.build_objects(events, sample, None, scales["nominal"], None)
    for variation in ("JERUp", "JES_FlavorQCDDown"):
        fresh = module.build_objects(events, sample, None, scales[variation], None)
        reused = module.build_objects(events, sample, None, scales[variation], nominal)
        assert reused["zmm"] is nominal["zmm"]
        for name in ("muons", "zmm", "jets", "dijet"):
            assert ak.to_list(reused[name].pt) == ak.to_list(fresh[name].pt), name
        assert ak.to_list(fresh["dijet"].mass) != ak.to_list(nominal["dijet"].mass)


def test_stacked_jet_variations_equal_one_pass_per_variation(demo_data, tmp_path):
    """The jet variations run stacked (the events that pass the steps no jet enters, repeated
    once per variation, in one pass): each variation's histogram is the one a pass of its
    own over every event gives, here computed variation by variation with numpy, and it is
    the same whether the variations are stacked all at once or one at a time."""
    from coffea.nanoevents import NanoAODSchema, NanoEventsFactory

    code = compile_spec(parse_spec(REUSE_SPEC))
    assert 'JET_FREE_STEPS = ["Z"]' in code and 'JET_FREE_COMBINATIONS = ["zmm"]' in code
    path = tmp_path / "stacked.py"
    path.write_text(code)
    spec = importlib.util.spec_from_file_location("generated_stacked", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    events = NanoEventsFactory.from_root(
        {str(demo_data / "nano_dy.root"): "Events"},
        schemaclass=NanoAODSchema,
        mode="eager",
        metadata={"dataset": DY},
    ).events()
    sample = module.SAMPLES[DY]
    scales = module.jet_pt_scales(events, ["jer", "jec"], str(demo_data))
    norm = sample["xsec_pb"] * module.LUMI_PB / sample["sum_genweight"]
    weight = ak.to_numpy(events.genWeight) * norm
    pt, eta, phi, mass = (events.Jet[f] for f in ("pt", "eta", "phi", "mass"))
    muons = events.Muon[events.Muon.pt > 10]
    has_z = ak.to_numpy(ak.num(muons, axis=1) >= 2) & ak.to_numpy(
        ak.any(muons.charge > 0, axis=1) & ak.any(muons.charge < 0, axis=1)
    )

    def by_hand(scale):
        """m(jj) of the two leading jets (pT > 20 GeV after the scale, DeltaR > 0.4 from every
        muon above 10 GeV) in events with an opposite-charge muon pair, in numpy."""
        entries, weights = [], []
        for i in np.flatnonzero(has_z):
            s = np.asarray(scale[i])
            jpt, jm = np.asarray(pt[i]) * s, np.asarray(mass[i]) * s
            je, jp = np.asarray(eta[i]), np.asarray(phi[i])
            me, mp = np.asarray(muons.eta[i]), np.asarray(muons.phi[i])
            dphi = (jp[:, None] - mp[None, :] + np.pi) % (2 * np.pi) - np.pi
            clean = np.all(np.hypot(je[:, None] - me[None, :], dphi) > 0.4, axis=1)
            good = np.flatnonzero((jpt > 20) & clean)
            good = good[np.argsort(-jpt[good], kind="stable")][:2]
            if len(good) < 2:
                continue
            px = sum(jpt[k] * np.cos(jp[k]) for k in good)
            py = sum(jpt[k] * np.sin(jp[k]) for k in good)
            pz = sum(jpt[k] * np.sinh(je[k]) for k in good)
            en = sum(np.sqrt((jpt[k] * np.cosh(je[k])) ** 2 + jm[k] ** 2) for k in good)
            entries.append(np.sqrt(max(en**2 - px**2 - py**2 - pz**2, 0.0)))
            weights.append(weight[i])
        return np.histogram(entries, bins=10, range=(0, 300), weights=weights)[0]

    outputs = []
    for stacked_events in (module.STACKED_EVENTS, 1):  # all at once; one variation a pass
        module.STACKED_EVENTS = stacked_events
        outputs.append(module.Analysis(str(demo_data)).process(events)["histograms"]["mjj"])
    assert len(scales) == 61
    differs = 0
    for name, scale in scales.items():
        got = [h[{"dataset": DY, "systematic": name}].values() for h in outputs]
        np.testing.assert_array_equal(got[0], got[1], err_msg=name)
        np.testing.assert_allclose(got[0], by_hand(scale), rtol=1e-5, atol=1e-9, err_msg=name)
        differs += not np.array_equal(got[0], by_hand(scales["nominal"]))
    assert differs > 0  # the variations move events between bins here
