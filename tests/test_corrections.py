"""Corrections: Rochester vs coffea's reference arrays (made with the official C++ code),
theory weights (scale envelope, PDF4LHC15 Hessian, PS) vs hand computations, and the
applied/skipped record.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.catalog import default_catalog
from chathep.compiler import compile_spec
from chathep.corrections_info import ps_indices, scale_envelope_indices
from chathep.demo_specs import demo_specs
from chathep.engine import run_spec
from chathep.spec import parse_spec

DATA, DY, TT = "data_2018A_doublemuon", "dy_2018", "ttbar_semilep_2022"


def _module(code: str, path: Path):
    path.write_text(code)
    spec = importlib.util.spec_from_file_location("generated_analysis", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _nanoevents(path: Path, dataset: str):
    from coffea.nanoevents import NanoAODSchema, NanoEventsFactory

    with uproot.open(path) as f:
        n = f["Events"].num_entries
    meta = {
        "dataset": dataset,
        "filename": str(path),
        "treename": "Events",
        "entrystart": 0,
        "entrystop": n,
    }
    return NanoEventsFactory.from_root(
        {str(path): "Events"}, schemaclass=NanoAODSchema, mode="eager", metadata=meta
    ).events()


@pytest.fixture(scope="module")
def corrected_module(demo_data, tmp_path_factory):
    code = compile_spec(demo_specs()["dimuon_mass_corrected"])
    return _module(code, tmp_path_factory.mktemp("roch") / "analysis.py")


def test_rochester_data_matches_official(corrected_module, demo_data):
    ev = _nanoevents(demo_data / "nano_dimuon.root", DATA)
    sample = corrected_module.SAMPLES[DATA]
    pts = corrected_module.rochester_muon_pts(ev, sample, str(demo_data))
    assert list(pts) == ["nominal"]  # no momentum-scale variation of the data
    pt = pts["nominal"]
    official_k = np.load(demo_data / "nano_dimuon_rochester.npy")
    raw = ak.to_numpy(ak.flatten(ev.Muon.pt))
    np.testing.assert_allclose(ak.to_numpy(ak.flatten(pt)), raw * official_k, rtol=1e-5)
    assert not np.allclose(official_k, 1.0)  # the correction is not a no-op here


def test_rochester_mc_matches_official_with_reference_randoms(corrected_module, demo_data):
    ev = _nanoevents(demo_data / "nano_dy.root", DY)
    sample = corrected_module.SAMPLES[DY]
    rand = demo_data / "nano_dy_rochester_rand.npy"
    pts = corrected_module.rochester_muon_pts(ev, sample, str(demo_data), str(rand), True)
    official_k = np.load(demo_data / "nano_dy_rochester.npy")
    official_err = np.load(demo_data / "nano_dy_rochester_err.npy")
    raw = ak.to_numpy(ak.flatten(ev.Muon.pt))

    def flat(name):
        return ak.to_numpy(ak.flatten(pts[name]))

    np.testing.assert_allclose(flat("nominal"), raw * official_k, rtol=1e-5)
    np.testing.assert_allclose(flat("RochesterUp"), raw * (official_k + official_err), rtol=1e-5)
    np.testing.assert_allclose(flat("RochesterDown"), raw * (official_k - official_err), rtol=1e-5)
    assert np.any(official_err > 0)
    # both branches are exercised: gen-matched (kSpreadMC) and unmatched (kSmearMC) muons
    matched = ak.to_numpy(ak.flatten(ev.Muon.genPartIdx >= 0))
    assert matched.any() and (~matched).any()


def test_rochester_default_randoms_are_reproducible(corrected_module, demo_data):
    ev = _nanoevents(demo_data / "nano_dy.root", DY)
    sample = corrected_module.SAMPLES[DY]
    a = corrected_module.rochester_muon_pts(ev, sample, str(demo_data))["nominal"]
    b = corrected_module.rochester_muon_pts(ev, sample, str(demo_data))["nominal"]
    assert ak.all(a == b)
    u = ak.to_numpy(ak.flatten(corrected_module.uniform_per_muon(ev, ev.Muon, 1)))
    assert np.all((u > 0) & (u < 1)) and len(np.unique(u)) == len(u)


def test_rochester_in_a_full_run(demo_data, tmp_path):
    """The compiled analysis, run in chunks with the reference randoms, fills pt x k_official."""
    spec = parse_spec(
        {
            "title": "Rochester-corrected muon pT",
            "samples": [DATA, DY],
            "objects": [{"name": "muons", "source": "Muon"}],
            "observables": [{"name": "mu_pt", "kind": "field", "of": "muons", "field": "pt"}],
            "histograms": [
                {"name": "mu_pt", "observable": "mu_pt", "bins": 50, "start": 0, "stop": 100,
                 "label": "muon pT", "unit": "GeV"}
            ],
            "corrections": ["rochester_unc"],  # implies rochester
        }
    )  # fmt: skip
    rand = demo_data / "nano_dy_rochester_rand.npy"
    # small chunks: the per-muon randoms must be taken at the right offset in every chunk
    args = ["--rochester-randoms", f"{DY}={rand}", "--chunksize", "25"]
    out = run_spec(spec, workdir=tmp_path, extra_args=args)
    muon_weights = {}
    for sample, fname, kname in (
        (DATA, "nano_dimuon.root", "nano_dimuon_rochester.npy"),
        (DY, "nano_dy.root", "nano_dy_rochester.npy"),
    ):
        with uproot.open(demo_data / fname) as f:
            ev = f["Events"].arrays(["Muon_pt", "genWeight"] if sample == DY else ["Muon_pt"])
        k = np.load(demo_data / kname)
        pt = ak.to_numpy(ak.flatten(ev.Muon_pt)) * k
        if sample == DY:
            s, lumi = default_catalog()[DY], default_catalog()[DATA].lumi_pb
            w_evt = ak.to_numpy(ev.genWeight).astype(float) * s.xsec_pb * lumi / s.sum_genweight
            w = ak.to_numpy(ak.flatten(ak.broadcast_arrays(ak.Array(w_evt), ev.Muon_pt)[0]))
        else:
            w = np.ones(len(pt))
        muon_weights[sample] = w
        expected, _ = np.histogram(pt, bins=50, range=(0, 100), weights=w)
        got = out.result.histograms["mu_pt"][sample, "nominal", :].values()
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12)
        assert "rochester" in out.result.corrections[sample]["applied"]
    # the MC momentum-scale variation: pT x (k +/- err); data stay at their nominal
    h = out.result.histograms["mu_pt"]
    with uproot.open(demo_data / "nano_dy.root") as f:
        raw = ak.to_numpy(ak.flatten(f["Events"]["Muon_pt"].array()))
    k, err = (
        np.load(demo_data / "nano_dy_rochester.npy"),
        np.load(demo_data / "nano_dy_rochester_err.npy"),
    )
    for syst, sign in (("RochesterUp", 1), ("RochesterDown", -1)):
        expected, _ = np.histogram(
            raw * (k + sign * err), bins=50, range=(0, 100), weights=muon_weights[DY]
        )
        np.testing.assert_allclose(h[DY, syst, :].values(), expected, rtol=1e-6, atol=1e-12)
        np.testing.assert_array_equal(h[DATA, syst, :].values(), h[DATA, "nominal", :].values())


# --- theory weights --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def theory(demo_data, tmp_path_factory):
    spec = parse_spec(
        {
            "title": "theory variations",
            "samples": [DATA, DY],
            "objects": [{"name": "muons", "source": "Muon",
                         "cuts": [{"field": "pt", "op": ">", "value": 15}]}],
            "selection": [{"name": "one muon", "count": "muons", "op": ">=", "value": 1}],
            "observables": [{"name": "n_mu", "kind": "count", "of": "muons"}],
            "histograms": [{"name": "n_mu", "observable": "n_mu", "bins": 4, "start": 0.5,
                            "stop": 4.5, "label": "muons"}],
            "corrections": ["theory_scale", "theory_pdf", "parton_shower"],
        }
    )  # fmt: skip
    return run_spec(spec, workdir=tmp_path_factory.mktemp("theory")).result


def _dy_by_hand(demo_data):
    with uproot.open(demo_data / "nano_dy.root") as f:
        ev = f["Events"].arrays(
            ["Muon_pt", "genWeight", "LHEScaleWeight", "LHEPdfWeight", "PSWeight"]
        )
    s, lumi = default_catalog()[DY], default_catalog()[DATA].lumi_pb
    w = ak.to_numpy(ev.genWeight).astype(float) * s.xsec_pb * lumi / s.sum_genweight
    n_mu = ak.to_numpy(ak.sum(ev.Muon_pt > 15, axis=1))
    return ev, w, n_mu


def _sums_by_hand(ev, column: str) -> np.ndarray:
    """sum(genWeight x weight[i]) / sum(genWeight) over the shipped events (the catalog's
    sum_genweight is over the same events): what each variation is divided by."""
    gw = ak.to_numpy(ev.genWeight).astype(float)
    return (gw[:, None] * ak.to_numpy(ev[column])).sum(axis=0) / gw.sum()


def _hist(n_mu, w):
    sel = n_mu >= 1
    return np.histogram(n_mu[sel], bins=4, range=(0.5, 4.5), weights=w[sel])[0]


def test_scale_envelope_by_hand(theory, demo_data):
    ev, w, n_mu = _dy_by_hand(demo_data)
    scale = ak.to_numpy(ev.LHEScaleWeight)
    # title order is [i] = (muR, muF); drop (0.5, 2) = [2] and (2, 0.5) = [6]
    # each point normalised to the inclusive cross section (LHEScaleSumw over the events)
    kept = (scale / _sums_by_hand(ev, "LHEScaleWeight"))[:, [0, 1, 3, 4, 5, 7, 8]]
    h = theory.histograms["n_mu"]
    for syst, factor in (("scaleUp", kept.max(axis=1)), ("scaleDown", kept.min(axis=1))):
        got = h[DY, syst, :].values()
        np.testing.assert_allclose(got, _hist(n_mu, w * factor), rtol=1e-6)
    # a few events by hand: the envelope is really an envelope of the 7 points
    for i in range(3):
        row = [scale[i, j] for j in (0, 1, 3, 4, 5, 7, 8)]
        assert max(row) >= scale[i, 4] >= min(row)
    assert not np.allclose(h[DY, "scaleUp", :].values(), h[DY, "nominal", :].values())


def test_pdf_hessian_by_hand(theory, demo_data):
    ev, w, n_mu = _dy_by_hand(demo_data)
    pdf = ak.to_numpy(ev.LHEPdfWeight)
    delta = np.array(
        [np.sqrt(sum((pdf[i, k] - pdf[i, 0]) ** 2 for k in range(1, 31))) / pdf[i, 0]
         for i in range(len(pdf))]
    )  # fmt: skip
    h = theory.histograms["n_mu"]
    np.testing.assert_allclose(h[DY, "pdfUp", :].values(), _hist(n_mu, w * (1 + delta)), rtol=1e-6)
    np.testing.assert_allclose(
        h[DY, "pdfDown", :].values(), _hist(n_mu, w * (1 - delta)), rtol=1e-6
    )
    # alpha_s members: [31] = 0.1165, [32] = 0.1195, relative to the PDF4LHC15 central member
    for syst, col in (("alphasDown", 31), ("alphasUp", 32)):
        expected = _hist(n_mu, w * pdf[:, col] / pdf[:, 0])
        np.testing.assert_allclose(h[DY, syst, :].values(), expected, rtol=1e-6)


def test_parton_shower_by_hand(theory, demo_data):
    ev, w, n_mu = _dy_by_hand(demo_data)
    ps = ak.to_numpy(ev.PSWeight) / _sums_by_hand(ev, "PSWeight")  # normalised with PSSumw
    # title: [0] ISR=0.5 FSR=1; [1] ISR=1 FSR=0.5; [2] ISR=2 FSR=1; [3] ISR=1 FSR=2, the
    # numbers being muR factors (pre-v9 NanoAOD): muR x 0.5 is MORE radiation, CMS's "up"
    h = theory.histograms["n_mu"]
    for syst, col in (("ISRUp", 0), ("ISRDown", 2), ("FSRUp", 1), ("FSRDown", 3)):
        np.testing.assert_allclose(h[DY, syst, :].values(), _hist(n_mu, w * ps[:, col]), rtol=1e-6)


def test_data_is_never_reweighted(theory):
    h = theory.histograms["n_mu"]
    nominal = h[DATA, "nominal", :].values()
    assert nominal.sum() > 0
    for syst in ("scaleUp", "pdfDown", "ISRUp", "FSRDown"):
        np.testing.assert_array_equal(h[DATA, syst, :].values(), nominal)
    assert theory.corrections[DATA]["applied"] == []
    assert set(theory.corrections[DATA]["skipped"]) == {
        "theory_scale",
        "theory_pdf",
        "parton_shower",
    }


def test_title_parsing():
    title = (
        'LHE scale variation weights (w_var / w_nominal); [0] is MUF="0.5" MUR="0.5"; '
        '[1] is MUF="1.0" MUR="0.5"; [2] is MUF="2.0" MUR="0.5"; [3] is MUF="0.5" '
        'MUR="1.0"; [4] is MUF="1.0" MUR="1.0"; [5] is MUF="2.0" MUR="1.0"; [6] is '
        'MUF="0.5" MUR="2.0"; [7] is MUF="1.0" MUR="2.0"; [8] is MUF="2.0" MUR="2.0"'
    )
    # MUF-first order (older NanoAOD): (muR, muF) = (0.5, 2) is [6], (2, 0.5) is [2]
    assert scale_envelope_indices(title) == [0, 1, 3, 4, 5, 7, 8]
    assert scale_envelope_indices("LHEScaleWeight/F") is None
    assert ps_indices(
        "PS weights (w_var / w_nominal); [0] is ISR=2 FSR=1; [1] is ISR=1 FSR=2; "
        "[2] is ISR=0.5 FSR=1; [3] is ISR=1 FSR=0.5;"
    ) == {"isr_up": 0, "fsr_up": 1, "isr_down": 2, "fsr_down": 3}


def test_corrections_skipped_with_reasons(demo_data):
    """2018 files on the 2022 ttbar and undocumented weight orders are skipped, with why."""
    spec = demo_specs()["ttbar_bjets"]
    code = compile_spec(spec)
    skipped = {}
    namespace: dict = {}
    exec(  # only the literal CORRECTIONS table, not the module
        code[code.index("CORRECTIONS = ") : code.index("#: Entries of the")], namespace
    )
    skipped = namespace["CORRECTIONS"][TT]["skipped"]
    assert "2018" in skipped["rochester"] and "2022" in skipped["btag_sf"]
    assert "title" in skipped["theory_scale"]
    # the ttbar generator record is enough for the top-pT reweighting (recipes/top_pt_reweighting)
    assert namespace["CORRECTIONS"][TT]["applied"] == ["normalisation", "genWeight", "top_pt"]


def test_default_randoms_do_not_depend_on_chunking(corrected_module, demo_data):
    """Counter-based randoms: a muon gets the same number whichever chunk it is read in."""
    ev = _nanoevents(demo_data / "nano_dy.root", DY)
    whole = corrected_module.uniform_per_muon(ev, ev.Muon, corrected_module.ROCHESTER_SEED)
    for start, stop in ((0, 13), (13, 27), (27, 40)):
        part = ev[start:stop]
        chunk = corrected_module.uniform_per_muon(part, part.Muon, corrected_module.ROCHESTER_SEED)
        assert ak.all(ak.flatten(chunk) == ak.flatten(whole[start:stop]))
    other_seed = corrected_module.uniform_per_muon(ev, ev.Muon, 1)
    assert not ak.any(ak.flatten(other_seed) == ak.flatten(whole))
