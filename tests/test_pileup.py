"""Pileup reweighting of the generated (sim13) samples: the weights file, the planning, and the
closure of the number of primary vertices in Z -> ee/mumu events.

The pseudo-data were generated with a different true-pileup profile than the simulation
(chathep/generate/pileup.py). The weights the generator writes (correctionlib JSON) are checked
against the Gamma profiles computed here with scipy; the closure computes the mean number of
primary vertices in data and in the reweighted simulation with uproot + awkward in this file
(the weights evaluated with correctionlib directly), and the generated analysis's weighted
PV_npvs histogram must be the same histogram.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.catalog import load_catalog, merge_catalogs

#: The profiles the generator documents (knowledge_base/recipes/detector_response.md,
#: muon_scale_pseudodata.md): Gamma(mean, sd) of Pileup_nTrueInt, simulation and pseudo-data
MC_MEAN, MC_SD = 32.0, 13.0
DATA_MEAN, DATA_SD = 36.0, 11.0
MINBIAS_UNC = 0.046  # CMS: minimum-bias cross section 69.2 mb +/- 4.6 %
Z_LO, Z_HI = 76.0, 106.0

SPEC = {
    "title": "nPV in Z -> ee/mumu, sim13",
    "samples": ["data_sim13", "dy_sim13"],
    "objects": [
        {
            "name": "muons",
            "source": "Muon",
            "cuts": [
                {"field": "pt", "op": ">", "value": 20.0},
                {"field": "eta", "op": "<", "value": 2.4, "abs": True},
                {"field": "tightId", "op": "==", "value": True},
                {"field": "pfRelIso04_all", "op": "<", "value": 0.15},
            ],
        },
        {
            "name": "electrons",
            "source": "Electron",
            "cuts": [
                {"field": "pt", "op": ">", "value": 20.0},
                {"field": "eta", "op": "<", "value": 2.5, "abs": True},
                {"field": "cutBased", "op": ">=", "value": 4},
            ],
        },
    ],
    "combinations": [
        {
            "name": "zll",
            "inputs": ["muons", "electrons"],
            "charge": "opposite",
            "same_flavour": True,
            "mass_min": Z_LO,
            "mass_max": Z_HI,
        }
    ],
    "selection": [{"name": "Z -> ll", "count": "zll", "value": 1}],
    "observables": [{"name": "npv", "kind": "npv"}],
    "histograms": [
        {
            "name": "npv",
            "observable": "npv",
            "bins": 100,
            "start": -0.5,
            "stop": 99.5,
            "label": "Number of primary vertices",
        }
    ],
    "corrections": ["pileup"],
}


def _gamma_bins(mean: float, sd: float) -> np.ndarray:
    """Probability per unit bin of nTrueInt on [0, 100), normalised (scipy, not the generator)."""
    from scipy import stats

    cdf = stats.gamma(a=(mean / sd) ** 2, scale=sd**2 / mean).cdf(np.arange(101.0))
    p = np.diff(cdf)
    return p / p.sum()


# --- the weights file ------------------------------------------------------------------------


def test_pileup_json_is_the_ratio_of_the_documented_profiles(tmp_path) -> None:
    import correctionlib

    from chathep.generate.pileup import write_pileup_json

    path = write_pileup_json(tmp_path)
    assert path.name == "puWeights.json"
    pu = correctionlib.CorrectionSet.from_file(str(path))["sim13_pileup"]
    assert [v.name for v in pu.inputs] == ["NumTrueInteractions", "weights"]
    centres = np.arange(100) + 0.5
    mc = _gamma_bins(MC_MEAN, MC_SD)
    for variation, factor in (("nominal", 1.0), ("up", 1 + MINBIAS_UNC), ("down", 1 - MINBIAS_UNC)):
        data = _gamma_bins(DATA_MEAN * factor, DATA_SD * factor)
        expected = data / mc
        got = pu.evaluate(centres, variation)
        np.testing.assert_allclose(got, expected, rtol=1e-9, err_msg=variation)
    # hand-checked points: at nTrueInt = 36.5 the nominal weight is p_data / p_mc there
    assert pu.evaluate(36.5, "nominal") == pytest.approx(expected_at(36, 1.0), rel=1e-9)
    # a higher minimum-bias cross section moves the data to more pileup: larger weights at
    # high nTrueInt, smaller at low
    assert pu.evaluate(60.5, "up") > pu.evaluate(60.5, "nominal") > pu.evaluate(60.5, "down")
    assert pu.evaluate(15.5, "up") < pu.evaluate(15.5, "nominal") < pu.evaluate(15.5, "down")
    # beyond the last bin: the last bin's weight (flow "clamp")
    assert pu.evaluate(250.0, "nominal") == pu.evaluate(99.5, "nominal")


def expected_at(bin_index: int, factor: float) -> float:
    return float(
        _gamma_bins(DATA_MEAN * factor, DATA_SD * factor)[bin_index]
        / _gamma_bins(MC_MEAN, MC_SD)[bin_index]
    )


# --- planning and applicability --------------------------------------------------------------


def test_pileup_reweighting_is_asked_for_and_part_of_all() -> None:
    from chathep.planner import plan_request
    from chathep.registry.corrections import OPTIONAL, requested

    assert "pileup" in OPTIONAL and "pileup" in requested(["all"])
    catalog = load_catalog()
    for text in (
        "dimuon mass with pileup reweighting",
        "dimuon mass, reweight the pileup",
        "number of primary vertices in events with a muon pair of mass between 76 and 106 GeV,"
        " with pileup reweighting",
    ):
        plan = plan_request(text, catalog, mode="parser", check_files=False)
        assert plan.ok, (text, plan.question)
        assert plan.spec.corrections == ["pileup"], text
    plan = plan_request("nPV in Z -> mumu events", catalog, mode="parser", check_files=False)
    assert plan.ok, plan.question
    assert [o.kind for o in plan.spec.observables if o.name in {h.observable for h in
            plan.spec.histograms}] == ["npv"]  # fmt: skip
    plan = plan_request("plot the pileup distribution", catalog, mode="parser", check_files=False)
    assert not plan.ok and "number of primary vertices" in plan.question


def test_2018_pileup_is_skipped_with_a_true_reason(demo_data) -> None:
    from chathep.corrections_info import resolve_corrections
    from chathep.spec import AnalysisSpec

    catalog = load_catalog()
    spec = AnalysisSpec.model_validate({**SPEC, "samples": ["dy_2018"]})
    samples = [s for s in catalog if s.era == "2018" and not s.is_data]
    assert samples
    resolved = resolve_corrections(spec, samples)
    for sample in samples:
        why = resolved[sample.name]["skipped"]["pileup"]
        assert "no 2018 pileup weights" in why
        # the reason says the MC has the input branch: check that it is true
        with uproot.open(sample.paths()[0]) as f:
            assert "Pileup_nTrueInt" in f["Events"]


# --- closure on generated samples ------------------------------------------------------------


@pytest.fixture(scope="module")
def pu_data(tmp_path_factory) -> Path:
    """DY simulation (4000 events) and pseudo-data at L = 0.8 /pb (about 4900 events: the
    pseudo-data are drawn with sigma(DY) = 6077 pb, NNLO, recipes/cross_sections.md); about
    750 data and 650 simulated events in the Z window. The statistics are chosen for the
    power of the closure test (the data/MC <nPV> gap before reweighting is about 6 sigma), not
    for its outcome; benchmarks/pileup_closure.py measures the closure at 60 times these
    statistics."""
    pytest.importorskip("pythia8mc")
    from chathep.generate import generate_samples

    root = tmp_path_factory.mktemp("pu_data")
    root.chmod(0o755)  # the sandbox may read it as an unprivileged user
    generate_samples(
        root / "sim13",
        n_events=4000,
        seed=11,
        processes=["DY"],
        workers=2,
        data_lumi_pb=0.8,
        chunk_events=2000,
        progress=False,
    )
    return root


@pytest.fixture(scope="module")
def sim_catalog(pu_data):
    return merge_catalogs(load_catalog(), pu_data / "sim13" / "catalog.yaml")


def _os_pair_in_window(pt, eta, phi, m, q) -> ak.Array:
    """Per event: an opposite-charge pair of these leptons with 76 < m(ll) < 106 GeV."""
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    e = np.sqrt((pt * np.cosh(eta)) ** 2 + m**2)
    idx = ak.argcombinations(pt, 2)
    a, b = idx["0"], idx["1"]
    mass2 = (e[a] + e[b]) ** 2 - (px[a] + px[b]) ** 2 - (py[a] + py[b]) ** 2 - (pz[a] + pz[b]) ** 2
    mass = np.sqrt(np.maximum(mass2, 0.0))
    return ak.any((q[a] != q[b]) & (mass > Z_LO) & (mass < Z_HI), axis=1)


def _z_ll(path: Path) -> ak.Array:
    """PV_npvs (and in MC Pileup_nTrueInt and genWeight) of the events with an opposite-charge
    pair of tight isolated muons (pT > 20 GeV, |eta| < 2.4) or of tight electrons (pT > 20 GeV,
    |eta| < 2.5, cutBased >= 4) with 76 < m(ll) < 106 GeV."""
    tree = uproot.open(path)["Events"]
    ev = tree.arrays(
        filter_name=["Muon_*", "Electron_*", "PV_npvs", "Pileup_nTrueInt", "genWeight"],
        library="ak",
    )  # data files have no Pileup_nTrueInt and genWeight
    mu = (
        (ev.Muon_pt > 20)
        & (abs(ev.Muon_eta) < 2.4)
        & ev.Muon_tightId
        & (ev.Muon_pfRelIso04_all < 0.15)
    )
    el = (ev.Electron_pt > 20) & (abs(ev.Electron_eta) < 2.5) & (ev.Electron_cutBased >= 4)
    mumu = _os_pair_in_window(
        *(ev[f"Muon_{f}"][mu] for f in ("pt", "eta", "phi", "mass", "charge"))
    )
    ee = _os_pair_in_window(
        *(ev[f"Electron_{f}"][el] for f in ("pt", "eta", "phi", "mass", "charge"))
    )
    return ev[mumu | ee]


def _mean_and_error(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted mean and its statistical error, sqrt(sum w^2 (x - mean)^2) / sum w."""
    mean = float(np.sum(w * x) / np.sum(w))
    return mean, float(np.sqrt(np.sum(w**2 * (x - mean) ** 2)) / np.sum(w))


def _shape_chi2(d_npv: np.ndarray, m_npv: np.ndarray, w: np.ndarray) -> tuple[float, int]:
    """chi2 and ndf of the data nPV histogram (unit bins) against the weighted simulation's
    normalised to the data count; errors: data Poisson, simulation sqrt(sum w^2). Bins are
    merged from below until the data and the simulation have >= 10 entries each (the rest of
    the tail joins the last merged bin); ndf = merged bins - 1 (the normalisation)."""
    edges = np.arange(101) - 0.5
    d, _ = np.histogram(d_npv, edges)
    m, _ = np.histogram(m_npv, edges, weights=w)
    m2, _ = np.histogram(m_npv, edges, weights=w**2)
    n, _ = np.histogram(m_npv, edges)
    groups: list[list[float]] = []  # [data, mc, mc_w2, mc_entries] per merged bin
    acc = [0.0, 0.0, 0.0, 0.0]
    for row in zip(d, m, m2, n, strict=True):
        acc = [a + float(r) for a, r in zip(acc, row, strict=True)]
        if acc[0] >= 10 and acc[3] >= 10:
            groups.append(acc)
            acc = [0.0, 0.0, 0.0, 0.0]
    if groups and acc[0] + acc[3] > 0:
        groups[-1] = [a + b for a, b in zip(groups[-1], acc, strict=True)]
    g = np.array(groups)
    scale = g[:, 0].sum() / g[:, 1].sum()
    chi2 = np.sum((g[:, 0] - scale * g[:, 1]) ** 2 / (g[:, 0] + scale**2 * g[:, 2]))
    return float(chi2), len(g) - 1


@pytest.fixture(scope="module")
def reference(pu_data, sim_catalog) -> dict:
    """Data and simulation in the Z window, from the files (this module's own code)."""
    import correctionlib

    pu = correctionlib.CorrectionSet.from_file(str(pu_data / "sim13" / "puWeights.json"))
    pu = pu["sim13_pileup"]
    out = {}
    for name in ("data_sim13", "dy_sim13"):
        sample = sim_catalog[name]
        ev = ak.concatenate([_z_ll(pu_data / f) for f in sample.files])
        npv = ak.to_numpy(ev.PV_npvs).astype(float)
        out[name] = {"npv": npv}
        if not sample.is_data:
            lumi = sim_catalog["data_sim13"].lumi_pb
            norm = sample.xsec_pb * lumi / sample.sum_genweight
            gen = ak.to_numpy(ev.genWeight) * norm
            n_true = ak.to_numpy(ev.Pileup_nTrueInt).astype(float)
            out[name]["unweighted"] = gen
            for variation in ("nominal", "up", "down"):
                out[name][variation] = gen * pu.evaluate(n_true, variation)
    return out


def test_pileup_reweighting_closes_the_npv_gap_in_the_z_window(reference) -> None:
    data, mc = reference["data_sim13"], reference["dy_sim13"]
    assert len(data["npv"]) > 500 and len(mc["npv"]) > 500  # enough events for the power below
    d_mean, d_err = _mean_and_error(data["npv"], np.ones(len(data["npv"])))
    b_mean, b_err = _mean_and_error(mc["npv"], mc["unweighted"])
    a_mean, a_err = _mean_and_error(mc["npv"], mc["nominal"])
    before = (d_mean - b_mean) / np.hypot(d_err, b_err)
    after = (d_mean - a_mean) / np.hypot(d_err, a_err)
    print(
        f"<nPV> data {d_mean:.2f} +- {d_err:.2f} ({len(data['npv'])} events); simulation "
        f"{b_mean:.2f} +- {b_err:.2f} before ({before:.1f} sigma), {a_mean:.2f} +- {a_err:.2f} "
        f"after ({after:.2f} sigma), {len(mc['npv'])} events"
    )
    # The thresholds are stated before looking at the outcome. The sample is fixed (seed 11),
    # so the test is deterministic; the numbers say how often a *different* seed would fail.
    # Power: the mismodelling is visible with these statistics. The mean gap is 5.5 sigma
    # (benchmarks/pileup_closure.py), so "before > 3" fails for about 0.6 % of seeds.
    assert before > 3.0
    # Closure: for a perfect reweighting the pull is N(0, 1) (the benchmark measures its RMS
    # over disjoint samples of this size), so |after| < 3 fails for 0.27 % of seeds (two-sided)
    # and a real bias of 3 sigma (about 1.6 vertices here, half the gap) fails half the time.
    # A sharper bias test needs more events: the benchmark measures the pull at 60x these
    # statistics (6 seeds x 10x) and finds no bias (BENCHMARKS.md, pileup closure).
    assert abs(after) < 3.0
    # the variations move the mean in the direction of the minimum-bias cross section
    up = _mean_and_error(mc["npv"], mc["up"])[0]
    down = _mean_and_error(mc["npv"], mc["down"])[0]
    assert down < a_mean < up


@pytest.fixture(scope="module")
def reference_8x(tmp_path_factory) -> dict:
    """Eight times the statistics of ``pu_data`` (another seed, 12, chosen before looking):
    about 6000 data and 5000 simulated events in the Z window, so that the residual gap is
    measured with an error (about 0.2 vertices) well below the closure test's sigma."""
    pytest.importorskip("pythia8mc")
    import correctionlib

    from chathep.generate import generate_samples

    root = tmp_path_factory.mktemp("pu_data_8x")
    generate_samples(
        root / "sim13",
        n_events=32000,
        seed=12,
        processes=["DY"],
        workers=2,
        data_lumi_pb=6.4,
        chunk_events=4000,
        progress=False,
    )
    catalog = merge_catalogs(load_catalog(), root / "sim13" / "catalog.yaml")
    pu = correctionlib.CorrectionSet.from_file(str(root / "sim13" / "puWeights.json"))
    out = {}
    for name in ("data_sim13", "dy_sim13"):
        sample = catalog[name]
        ev = ak.concatenate([_z_ll(root / f) for f in sample.files])
        out[name] = {"npv": ak.to_numpy(ev.PV_npvs).astype(float)}
        if not sample.is_data:
            n_true = ak.to_numpy(ev.Pileup_nTrueInt).astype(float)
            # the normalisation does not enter a weighted mean: generator weights x pileup
            out[name]["nominal"] = ak.to_numpy(ev.genWeight) * pu["sim13_pileup"].evaluate(
                n_true, "nominal"
            )
    return out


def test_residual_npv_gap_is_below_one_sigma_of_the_closure_measurement(
    reference, reference_8x
) -> None:
    """The issue's criterion, "the gap closes to < 1 sigma": the residual <nPV> gap after
    reweighting, measured at 8x the statistics (its own error ~0.2 vertices), is smaller than
    sigma = the error of the data-vs-MC comparison at the closure test's statistics (~0.56,
    the scale of the issue's 26.35 +- 0.58). A pull of one sample against its own error is
    N(0, 1) for a perfect reweighting and would exceed 1 for a third of all seeds; the gap
    measured precisely against a fixed sigma does not: with the bias measured by
    benchmarks/pileup_closure.py (-0.09 +- 0.07 vertices) this fails for < 1 % of seeds, and
    it fails for any residual bias near sigma (before reweighting the gap is ~3 vertices)."""
    d1, m1 = reference["data_sim13"], reference["dy_sim13"]
    sigma = float(
        np.hypot(
            _mean_and_error(d1["npv"], np.ones(len(d1["npv"])))[1],
            _mean_and_error(m1["npv"], m1["nominal"])[1],
        )
    )
    data, mc = reference_8x["data_sim13"], reference_8x["dy_sim13"]
    assert len(data["npv"]) > 4000 and len(mc["npv"]) > 4000
    d_mean, d_err = _mean_and_error(data["npv"], np.ones(len(data["npv"])))
    a_mean, a_err = _mean_and_error(mc["npv"], mc["nominal"])
    gap, gap_err = d_mean - a_mean, float(np.hypot(d_err, a_err))
    print(
        f"8x: <nPV> data {d_mean:.3f} +- {d_err:.3f} ({len(data['npv'])} events), reweighted "
        f"simulation {a_mean:.3f} +- {a_err:.3f} ({len(mc['npv'])} events): gap "
        f"{gap:+.3f} +- {gap_err:.3f} = {gap / sigma:+.2f} sigma (sigma = {sigma:.3f})"
    )
    assert gap_err < 0.5 * sigma  # the measurement is precise enough to test "< 1 sigma"
    assert abs(gap) < sigma


def test_reweighted_npv_shape_agrees_with_the_data(reference) -> None:
    """The whole nPV distribution, not only its mean: chi2 of data vs reweighted simulation."""
    from scipy import stats

    data, mc = reference["data_sim13"], reference["dy_sim13"]
    chi2, ndf = _shape_chi2(data["npv"], mc["npv"], mc["nominal"])
    chi2_before, _ = _shape_chi2(data["npv"], mc["npv"], mc["unweighted"])
    p_after = stats.chi2.sf(chi2, ndf)
    print(f"nPV shape: chi2/ndf {chi2_before:.1f}/{ndf} before, {chi2:.1f}/{ndf} after")
    assert ndf >= 15  # enough bins for a shape comparison
    # pre-stated threshold: a p-value below 0.001 fails; for a perfect closure (chi2 with ndf
    # degrees of freedom, as the benchmark's sub-samples of this size check) 0.1 % of seeds
    assert p_after > 1e-3, (chi2, ndf)
    # the reweighting moves the shape towards the data
    assert chi2 < chi2_before


@pytest.fixture(scope="module")
def outcome(pu_data, sim_catalog, tmp_path_factory):
    from chathep.config import get_settings
    from chathep.engine import run_spec
    from chathep.spec import AnalysisSpec

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHATHEP_DATA_DIR", str(pu_data))
        get_settings.cache_clear()
        try:
            spec = AnalysisSpec.model_validate(SPEC)
            yield run_spec(
                spec,
                workdir=tmp_path_factory.mktemp("pu_run"),
                settings=get_settings(),
                catalog=sim_catalog,
            )
        finally:
            get_settings.cache_clear()


def test_generated_analysis_histogram_is_the_reweighted_npv(outcome, reference) -> None:
    result = outcome.result
    assert "correctionlib.CorrectionSet.from_file" in outcome.code
    assert 'weights.add("pileup"' in outcome.code
    assert result.corrections["dy_sim13"]["applied"][-1] == "pileup"
    assert "pileup" in result.corrections["data_sim13"]["skipped"]
    h = result.histograms["npv"]
    edges = np.arange(101) - 0.5
    for name, key in (("data_sim13", None), ("dy_sim13", "nominal")):
        ref = reference[name]
        w = np.ones(len(ref["npv"])) if key is None else ref[key]
        expected, _ = np.histogram(ref["npv"], bins=edges, weights=w)
        got = h[{"dataset": name, "systematic": "nominal"}].values()
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9, err_msg=name)
        centres = 0.5 * (edges[1:] + edges[:-1])
        assert np.sum(got * centres) / np.sum(got) == pytest.approx(
            _mean_and_error(ref["npv"], w)[0], rel=1e-6
        )
    for variation in ("up", "down"):
        expected, _ = np.histogram(
            reference["dy_sim13"]["npv"], bins=edges, weights=reference["dy_sim13"][variation]
        )
        got = h[{"dataset": "dy_sim13", "systematic": f"pileup{variation.title()}"}].values()
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-9, err_msg=variation)


def test_samples_without_the_weights_file_are_skipped_with_the_reason(pu_data, tmp_path) -> None:
    from chathep.config import get_settings
    from chathep.corrections_info import resolve_corrections
    from chathep.spec import AnalysisSpec

    old = tmp_path / "sim13"
    shutil.copytree(pu_data / "sim13", old)
    (old / "puWeights.json").unlink()
    catalog = merge_catalogs(load_catalog(), old / "catalog.yaml")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHATHEP_DATA_DIR", str(tmp_path))
        get_settings.cache_clear()
        try:
            spec = AnalysisSpec.model_validate(SPEC)
            resolved = resolve_corrections(spec, [catalog["dy_sim13"]], get_settings())
        finally:
            get_settings.cache_clear()
    why = resolved["dy_sim13"]["skipped"]["pileup"]
    assert "no puWeights.json next to the sample's files" in why
    assert "chathep data generate" in why


def _scaled_weights(src: Path, dst: Path, name: str, factor: float) -> Path:
    """A copy of the puWeights.json ``src`` with its correction renamed and every weight times
    ``factor`` (a file that can be told apart from the original by its numbers)."""
    import json

    doc = json.loads(src.read_text())
    (corr,) = doc["corrections"]
    corr["name"] = name
    for item in corr["data"]["content"]:
        item["value"]["content"] = [w * factor for w in item["value"]["content"]]
    dst.write_text(json.dumps(doc))
    return dst


def test_a_registered_file_comes_before_the_one_next_to_the_samples(pu_data, tmp_path) -> None:
    import correctionlib

    from chathep import corrections_user as cu
    from chathep.compiler import _correctionlib_table
    from chathep.config import get_settings
    from chathep.corrections_info import resolve_corrections
    from chathep.spec import AnalysisSpec

    shutil.copytree(pu_data / "sim13", tmp_path / "sim13")
    catalog = merge_catalogs(load_catalog(), tmp_path / "sim13" / "catalog.yaml")
    dy = catalog["dy_sim13"]
    # a second DY sample in another folder, with other weights next to it
    shutil.copytree(tmp_path / "sim13", tmp_path / "sim13b")
    _scaled_weights(
        tmp_path / "sim13" / "puWeights.json",
        tmp_path / "sim13b" / "puWeights.json",
        "sim13_pileup",
        2.0,
    )
    dy_b = dy.model_copy(
        update={"name": "dy_sim13_b", "files": [f.replace("sim13/", "sim13b/") for f in dy.files]}
    )
    spec = AnalysisSpec.model_validate(SPEC)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHATHEP_DATA_DIR", str(tmp_path))
        get_settings.cache_clear()
        try:
            settings = get_settings()
            resolved = resolve_corrections(spec, [dy, dy_b], settings)
            # each sample reads the file next to its own files, named in the data directory
            (entry,) = resolved["dy_sim13"]["details"]["correctionlib"]["pileup"]
            (entry_b,) = resolved["dy_sim13_b"]["details"]["correctionlib"]["pileup"]
            assert (entry["file"], entry["correction"]) == ("sim13/puWeights.json", "sim13_pileup")
            assert entry_b["file"] == "sim13b/puWeights.json"
            # one era, two files: the module's table keeps them apart
            table, keys = _correctionlib_table([dy, dy_b], resolved)
            assert keys == {"dy_sim13": "sim13", "dy_sim13_b": "dy_sim13_b"}
            assert table["sim13"]["pileup"] == [entry]
            assert table["dy_sim13_b"]["pileup"] == [entry_b]
            one = correctionlib.CorrectionSet.from_file(str(tmp_path / entry["file"]))
            two = correctionlib.CorrectionSet.from_file(str(tmp_path / entry_b["file"]))
            n_true = np.array([20.0, 40.0])
            np.testing.assert_allclose(
                two["sim13_pileup"].evaluate(n_true, "nominal"),
                2.0 * one["sim13_pileup"].evaluate(n_true, "nominal"),
            )
            # a file registered for the era is used before the ones next to the samples
            registered = _scaled_weights(
                tmp_path / "sim13" / "puWeights.json", tmp_path / "mine.json", "my_pileup", 0.5
            )
            cu.add("sim13", [registered], settings=settings)
            resolved = resolve_corrections(spec, [dy, dy_b], settings)
            for name in ("dy_sim13", "dy_sim13_b"):
                (entry,) = resolved[name]["details"]["correctionlib"]["pileup"]
                assert entry["file"] == str(registered.resolve())
                assert entry["correction"] == "my_pileup"
            table, keys = _correctionlib_table([dy, dy_b], resolved)
            assert keys == {"dy_sim13": "sim13", "dy_sim13_b": "sim13"}
        finally:
            get_settings.cache_clear()
