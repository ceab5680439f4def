"""b-tag scale factors, method 1a, in the generated code, against numbers made here.

- a hand-made 3-event array: given flavours, scores, efficiencies and SFs, the weight worked
  out by hand (the SFs from the formulas of the BTV CSV file, read here);
- the efficiency maps of the first pass vs a NumPy histogram ratio of the file's jets;
- closure on a toy made with the generator's b-tag model (chathep.generate.btag): SF = 1 gives
  weight exactly 1, the inclusive normalisation is kept within statistics, and MC weighted with
  method 1a reproduces the tag multiplicity of pseudo-data drawn with the 2018 SFs built in;
- the generated module end to end: the first pass writes the maps, the second uses them.
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

DY = "dy_2018"
MEDIUM_2018 = 0.2783  # BTAG_WORKING_POINTS["2018"]["medium"] (UL18 DeepJet medium)

SPEC = {
    "title": "b-tag SF method 1a",
    "samples": ["data_2018A_doublemuon", DY],
    "objects": [
        {"name": "bjets", "source": "Jet", "cuts": [
            {"field": "pt", "op": ">", "value": 20},
            {"field": "btagDeepFlavB", "op": ">", "value": "medium"}]},
    ],
    "observables": [{"name": "nb", "kind": "count", "of": "bjets"}],
    "histograms": [{"name": "nb", "observable": "nb", "bins": 5, "start": 0, "stop": 5,
                    "label": "b jets"}],
    "corrections": ["btag_sf"],
}  # fmt: skip


@pytest.fixture(scope="module")
def generated(demo_data, tmp_path_factory):
    path = tmp_path_factory.mktemp("btag1a") / "analysis.py"
    path.write_text(compile_spec(parse_spec(SPEC)))
    spec = importlib.util.spec_from_file_location("generated_btag1a", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _formula(demo_data: Path, method: str, flavour: int, systematic: str = "central"):
    """The medium-WP (OperatingPoint 1) SF of the BTV CSV file as a function of (pT, |eta|):
    the row whose pT and |eta| range holds the jet (pT clamped into the rows' range).
    CSV flavour codes: 0 = b, 1 = c, 2 = udsg."""
    rows = []
    with gzip.open(demo_data / "DeepJet_102XSF_WP_V1.btag.csv.gz", "rt") as f:
        for line in f:
            cols = [c.strip() for c in line.split(",", 10)]
            if cols[:4] == ["1", method, systematic, str(flavour)]:
                lo_eta, hi_eta, lo_pt, hi_pt = (float(c) for c in cols[4:8])
                rows.append((lo_eta, hi_eta, lo_pt, hi_pt, cols[10].strip().strip('"')))
    assert rows, f"no {method} {systematic} formula for flavour {flavour}"

    def sf(pt: float, abseta: float = 0.0) -> float:
        lo = min(r[2] for r in rows)
        hi = max(r[3] for r in rows)
        x = min(max(pt, lo), hi - 1e-6)
        (text,) = [r[4] for r in rows if r[0] <= abseta < r[1] and r[2] <= x < r[3]]
        return eval(text, {"log": math.log, "x": x})  # noqa: S307 - a formula of the BTV file

    return sf


def _eff_file(path: Path, dataset: str, effs: dict[int, float]) -> str:
    """A correctionlib file with one efficiency per flavour (written by hand, schema v2)."""
    content = [{"key": k, "value": float(v)} for k, v in effs.items()]
    corr = {
        "name": f"btag_eff_{dataset}",
        "version": 1,
        "inputs": [
            {"name": "hadronFlavour", "type": "int"},
            {"name": "pt", "type": "real"},
            {"name": "abseta", "type": "real"},
        ],
        "output": {"name": "efficiency", "type": "real"},
        "data": {"nodetype": "category", "input": "hadronFlavour", "content": content},
    }
    path.write_text(json.dumps({"schema_version": 2, "corrections": [corr]}))
    return str(path)


def test_method_1a_weight_of_three_hand_made_events(generated):
    # event 1: a tagged b (eff 0.7, SF 0.9) and an untagged light jet (eff 0.1, SF 1.2)
    # event 2: no jet; event 3: untagged c (0.2, 1.1), untagged b (0.6, 0.95), tagged b
    tagged = ak.Array([[True, False], [], [False, False, True]])
    eff = ak.Array([[0.7, 0.1], [], [0.2, 0.6, 0.6]])
    sf = ak.Array([[0.9, 1.2], [], [1.1, 0.95, 0.95]])
    w = generated.method_1a_weight(tagged, eff, sf)
    expected = [
        (0.9 * 0.7) / 0.7 * (1 - 1.2 * 0.1) / (1 - 0.1),  # = 0.9 * 0.88 / 0.9 = 0.88
        1.0,
        (1 - 1.1 * 0.2) / (1 - 0.2) * (1 - 0.95 * 0.6) / (1 - 0.6) * 0.95,
    ]
    np.testing.assert_allclose(w, expected, rtol=1e-12)
    assert w[0] == pytest.approx(0.88)
    # the product over tagged jets alone (the old method) would give 0.9, 1, 0.95
    assert abs(w[0] - 0.9) > 0.01 and abs(w[2] - 0.95) > 0.01
    # SF = 1: exactly 1, whatever the efficiencies
    ones = generated.method_1a_weight(tagged, eff, ak.ones_like(eff))
    assert np.all(ones == 1.0)


def test_event_weights_of_hand_made_jets(generated, demo_data, tmp_path):
    """Flavours and scores given; SFs from the CSV formulas; effs from a hand-written file."""
    jets = ak.Array(
        [
            [  # tagged b at 50 GeV, untagged light at 40 GeV, a forward jet (no SF)
                {"pt": 50.0, "eta": 0.5, "hadronFlavour": 5, "btagDeepFlavB": 0.9},
                {"pt": 40.0, "eta": -1.0, "hadronFlavour": 0, "btagDeepFlavB": 0.05},
                {"pt": 60.0, "eta": 3.0, "hadronFlavour": 5, "btagDeepFlavB": 0.99},
            ],
            [  # one jet below 20 GeV: outside the SFs' range, weight 1
                {"pt": 15.0, "eta": 0.2, "hadronFlavour": 5, "btagDeepFlavB": 0.95},
            ],
            [  # untagged c at 80 GeV (score just below medium), tagged light at 120 GeV
                {"pt": 80.0, "eta": 2.0, "hadronFlavour": 4, "btagDeepFlavB": 0.27},
                {"pt": 120.0, "eta": 1.2, "hadronFlavour": 0, "btagDeepFlavB": 0.5},
            ],
        ]
    )
    effs = {0: 0.02, 4: 0.15, 5: 0.7}
    file = _eff_file(tmp_path / "eff.json", "toy", effs)
    w = generated.btag_event_weights(jets, MEDIUM_2018, "medium", str(demo_data), file, "toy")

    def hand(systematic_bc: str, systematic_light: str) -> list[float]:
        sf_b = _formula(demo_data, "comb", 0, systematic_bc)
        sf_c = _formula(demo_data, "comb", 1, systematic_bc)
        sf_l = _formula(demo_data, "incl", 2, systematic_light)
        e1 = (sf_b(50.0) * 0.7 / 0.7) * (1 - sf_l(40.0) * 0.02) / (1 - 0.02)
        e3 = (1 - sf_c(80.0) * 0.15) / (1 - 0.15) * (sf_l(120.0) * 0.02) / 0.02
        return [e1, 1.0, e3]

    np.testing.assert_allclose(w["central"], hand("central", "central"), rtol=1e-6)
    np.testing.assert_allclose(w["bcUp"], hand("up", "central"), rtol=1e-6)
    np.testing.assert_allclose(w["bcDown"], hand("down", "central"), rtol=1e-6)
    np.testing.assert_allclose(w["lightUp"], hand("central", "up"), rtol=1e-6)
    np.testing.assert_allclose(w["lightDown"], hand("central", "down"), rtol=1e-6)
    assert w["lightUp"][0] != w["central"][0] and w["bcUp"][0] != w["central"][0]


def _reference_counts(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(all, tagged) jets with pT > 20, |eta| < 2.5 in the maps' bins, with uproot + NumPy."""
    import uproot

    with uproot.open(path) as f:
        a = f["Events"].arrays(["Jet_pt", "Jet_eta", "Jet_hadronFlavour", "Jet_btagDeepFlavB"])
    pt, eta = ak.to_numpy(ak.flatten(a.Jet_pt)), ak.to_numpy(ak.flatten(a.Jet_eta))
    flav = ak.to_numpy(ak.flatten(a.Jet_hadronFlavour))
    score = ak.to_numpy(ak.flatten(a.Jet_btagDeepFlavB))
    keep = (pt > 20) & (np.abs(eta) < 2.5)
    pt, eta, flav, score = pt[keep], np.abs(eta[keep]), flav[keep], score[keep]
    pt = np.minimum(pt, 999.0)  # beyond 1 TeV: the last bin
    bins = [[20, 30, 50, 70, 100, 140, 200, 300, 600, 1000], [0, 1.5, 2.5]]
    total, tagged = [], []
    for fl in (0, 4, 5):
        sel = flav == fl
        total.append(np.histogram2d(pt[sel], eta[sel], bins=bins)[0])
        tag = sel & (score > MEDIUM_2018)
        tagged.append(np.histogram2d(pt[tag], eta[tag], bins=bins)[0])
    return np.array(total), np.array(tagged)


def test_efficiency_maps_match_a_numpy_histogram_ratio(generated, demo_data, tmp_path):
    from coffea.nanoevents import NanoAODSchema, NanoEventsFactory

    path = demo_data / "nano_dy.root"
    events = NanoEventsFactory.from_root(
        {str(path): "Events"}, schemaclass=NanoAODSchema, mode="eager", metadata={"dataset": DY}
    ).events()
    counts = generated.BtagEfficiency(str(demo_data)).process(events)[DY]
    eff = generated.efficiency_map(counts)
    total, tagged = _reference_counts(path)
    assert total.sum() > 50 and tagged.sum() >= 1  # the file has jets, one of them tagged
    np.testing.assert_array_equal(counts.values().sum(axis=-1), total)
    filled = total > 0
    expected = np.clip(tagged / np.maximum(total, 1), 1e-3, 1 - 1e-3)
    np.testing.assert_allclose(eff[filled], expected[filled], rtol=1e-12)
    # an empty bin takes its flavour's efficiency over the whole file
    for i in range(3):
        if (~filled[i]).any() and total[i].sum() > 0:
            inclusive = np.clip(tagged[i].sum() / total[i].sum(), 1e-3, 1 - 1e-3)
            np.testing.assert_allclose(eff[i][~filled[i]], inclusive)
    # the correctionlib file gives the map back at the bin centres (row-major order)
    import correctionlib

    file = tmp_path / "maps.json"
    file.write_text(json.dumps(generated.btag_efficiency_json({DY: eff}, "test")))
    corr = correctionlib.CorrectionSet.from_file(str(file))[f"btag_eff_{DY}"]
    pt_c = np.array([25, 40, 60, 85, 120, 170, 250, 450, 800.0])
    eta_c = np.array([0.7, 2.0])
    for i, fl in enumerate((0, 4, 5)):
        for j, p in enumerate(pt_c):
            for k, e in enumerate(eta_c):
                assert corr.evaluate(fl, p, e) == pytest.approx(eff[i, j, k])
    assert corr.evaluate(5, 5000.0, 0.7) == pytest.approx(eff[2, -1, 0])  # clamped
    # a sample none of whose jets was read: 0.5 everywhere (no jet will look it up)
    assert np.all(generated.efficiency_map(None) == 0.5)
    assert generated.efficiency_map(None).shape == eff.shape


def _toy(rng: np.random.Generator, n_events: int, is_data: bool) -> ak.Array:
    """Events with 1-4 jets of random flavour and kinematics; DeepJet scores drawn with the
    generator's model (pseudo-data: MC efficiencies x the 2018 DeepJet SFs)."""
    from chathep.generate.btag import draw_scores

    counts = rng.integers(1, 5, n_events)
    n = int(counts.sum())
    flavour = rng.choice([0, 4, 5], size=n, p=[0.5, 0.2, 0.3])
    pt = 20.0 + rng.exponential(60.0, n)
    eta = rng.uniform(-2.4, 2.4, n)
    score = draw_scores(flavour, pt, eta, rng, is_data=is_data)
    jets = ak.zip({"pt": pt, "eta": eta, "hadronFlavour": flavour, "btagDeepFlavB": score})
    return ak.unflatten(jets, counts)


@pytest.fixture(scope="module")
def toy(generated, demo_data, tmp_path_factory):
    rng = np.random.default_rng(20181)
    mc, data = _toy(rng, 100_000, False), _toy(rng, 100_000, True)
    maps = {"toy": generated.efficiency_map(generated.btag_counts(mc, MEDIUM_2018))}
    file = tmp_path_factory.mktemp("toy") / "eff.json"
    file.write_text(json.dumps(generated.btag_efficiency_json(maps, "toy")))
    w = generated.btag_event_weights(mc, MEDIUM_2018, "medium", str(demo_data), str(file), "toy")
    return mc, data, w, str(file)


def test_closure_sf_one_is_exactly_one(generated, toy):
    import correctionlib

    mc, _, _, file = toy
    jets = generated.btag_acceptance(mc)
    counts = ak.num(jets, axis=1)
    flat = lambda f: ak.to_numpy(ak.flatten(jets[f]))  # noqa: E731
    eff = correctionlib.CorrectionSet.from_file(file)["btag_eff_toy"].evaluate(
        flat("hadronFlavour").astype(np.int64), flat("pt"), np.abs(flat("eta"))
    )
    tagged = ak.unflatten(flat("btagDeepFlavB") > MEDIUM_2018, counts)
    eff = ak.unflatten(eff, counts)
    w = generated.method_1a_weight(tagged, eff, ak.ones_like(eff))
    assert np.all(w == 1.0)


def test_closure_inclusive_normalisation_is_kept(toy):
    _, _, w, _ = toy
    for name in ("central", "bcUp", "lightUp", "lightDown"):
        mean, err = np.mean(w[name]), np.std(w[name]) / np.sqrt(len(w[name]))
        assert abs(mean - 1) < 3 * err + 1e-3, (name, mean, err)
    # the weights do move events between tag bins (the SFs are not 1)
    assert np.std(w["central"]) > 0.02


def test_closure_tag_multiplicity_data_vs_weighted_mc(toy):
    """Events with and without a true b jet, by number of tagged jets (0, 1, 2, 3+): 8 bins.
    (Inclusively the light-mistag SF, about 1.5, and the b SF, about 0.98, nearly cancel.)"""
    mc, data, w, _ = toy

    def category(events):
        inside = events[(abs(events.eta) < 2.5) & (events.pt > 20)]
        tags = np.minimum(ak.to_numpy(ak.sum(inside.btagDeepFlavB > MEDIUM_2018, axis=1)), 3)
        has_b = ak.to_numpy(ak.any(inside.hadronFlavour == 5, axis=1))
        return tags + 4 * has_b

    n_data = np.bincount(category(data), minlength=8)
    cat = category(mc)
    weighted = np.bincount(cat, weights=w["central"], minlength=8)
    sumw2 = np.bincount(cat, weights=w["central"] ** 2, minlength=8)
    unweighted = np.bincount(cat, minlength=8)
    chi2 = np.sum((n_data - weighted) ** 2 / (n_data + sumw2))
    chi2_raw = np.sum((n_data - unweighted) ** 2 / (n_data + unweighted))
    assert chi2 / 8 < 2.0, (n_data, weighted, chi2)
    assert chi2_raw / 8 > 3.0, (n_data, unweighted, chi2_raw)  # without the SFs: off


def test_first_pass_writes_the_maps_and_the_run_uses_them(generated, demo_data, tmp_path):
    out = tmp_path / "run" / "results.json"
    out.parent.mkdir()
    generated.main(["--data-dir", str(demo_data), "--out", str(out)])
    maps = out.parent / "btag_efficiencies.json"
    assert maps.is_file()
    names = [c["name"] for c in json.loads(maps.read_text())["corrections"]]
    assert names == [f"btag_eff_{DY}"]  # MC with b-tag SFs only (not the data)
    result = json.loads(out.read_text())
    sources = result["systematics"]["sources"]
    assert sources["btagSF_bc"] == ["btagSF_bcDown", "btagSF_bcUp"]
    assert sources["btagSF_light"] == ["btagSF_lightDown", "btagSF_lightUp"]
    assert "btag_sf" in result["corrections"][DY]["applied"]
    # a second run with unchanged code and files reuses the maps
    before = maps.stat().st_mtime_ns
    generated.main(["--data-dir", str(demo_data), "--out", str(out)])
    assert maps.stat().st_mtime_ns == before


def test_the_sandboxed_run_hands_out_the_maps(demo_data, tmp_path):
    """Through the engine (sandbox, iterative): the maps come back beside results.json and hold
    the efficiencies of the DY file's jets (checked in a filled bin against NumPy)."""
    import correctionlib

    from chathep.engine import run_spec

    out = run_spec(parse_spec(SPEC), workdir=tmp_path, executor="iterative")
    maps = tmp_path / "btag_efficiencies.json"
    assert out.result_path.is_file() and maps.is_file()
    corr = correctionlib.CorrectionSet.from_file(str(maps))[f"btag_eff_{DY}"]
    total, tagged = _reference_counts(demo_data / "nano_dy.root")
    i, j, k = np.argwhere(total > 0)[0]  # a filled bin, evaluated at its centre
    pt = [25, 40, 60, 85, 120, 170, 250, 450, 800][j]
    expected = np.clip(tagged[i, j, k] / total[i, j, k], 1e-3, 1 - 1e-3)
    assert corr.evaluate([0, 4, 5][i], float(pt), [0.7, 2.0][k]) == pytest.approx(expected)
