"""Physics tests: histograms of compiled analyses on the real CMS files vs hand-written references.

Each analysis is compiled, run as its own process with the iterative executor (the real
path a user takes), and every bin is compared with a separate implementation in plain
uproot + awkward + numpy below (no coffea, nothing from chathep.compiler): exactly for
counts (data), rel 1e-6 for weighted sums (MC). Every sample file is processed a bounded
number of times: one run per analysis, module-scoped.
"""

from __future__ import annotations

from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.catalog import default_catalog
from chathep.engine import run_spec
from chathep.spec import parse_spec

DATA, DY, TT = "data_2018A_doublemuon", "dy_2018", "ttbar_semilep_2022"
FILES = {DATA: "nano_dimuon.root", DY: "nano_dy.root", TT: "nano_tt_v12.root"}


# --- independent reference helpers --------------------------------------------------------


def read(demo_data: Path, sample: str) -> ak.Array:
    """All branches we need, straight from the file."""
    with uproot.open(demo_data / FILES[sample]) as f:
        tree = f["Events"]
        wanted = [
            k
            for k in tree.keys()  # noqa: SIM118 (an uproot TTree, not a dict)
            if k.split("_")[0] in ("Muon", "Electron", "Jet", "MET", "nMuon", "nJet")
            or k in ("genWeight", "HLT_IsoMu24", "event")
        ]
        return tree.arrays(wanted)


def coll(ev: ak.Array, name: str) -> ak.Array:
    fields = [k[len(name) + 1 :] for k in ev.fields if k.startswith(name + "_")]
    return ak.zip({f: ev[f"{name}_{f}"] for f in fields}, depth_limit=2)


def dphi(a, b):
    return np.mod(a - b + np.pi, 2 * np.pi) - np.pi


def dr(a, b):
    return np.hypot(a.eta - b.eta, dphi(a.phi, b.phi))


def four(p):
    px, py, pz = p.pt * np.cos(p.phi), p.pt * np.sin(p.phi), p.pt * np.sinh(p.eta)
    return np.sqrt(px**2 + py**2 + pz**2 + p.mass**2), px, py, pz


def pair_mass(p1, p2):
    e1, x1, y1, z1 = four(p1)
    e2, x2, y2, z2 = four(p2)
    m2 = (e1 + e2) ** 2 - (x1 + x2) ** 2 - (y1 + y2) ** 2 - (z1 + z2) ** 2
    return np.sqrt(np.maximum(m2, 0))


def weights(sample: str, ev: ak.Array) -> np.ndarray:
    """Data: 1. MC: genWeight x xsec x lumi / sum genWeight (catalog numbers)."""
    cat = default_catalog()
    s = cat[sample]
    if s.is_data:
        return np.ones(len(ev))
    lumi = sum(d.lumi_pb for d in cat.data(s.era)) if cat.data(s.era) else 1000.0
    return ak.to_numpy(ev.genWeight).astype(np.float64) * s.xsec_pb * lumi / s.sum_genweight


def ref_hist(values, w, bins, start, stop):
    """(sumw, sumw2) with flow bins: the boost-histogram Regular-axis convention."""
    values = np.asarray(values, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    idx = np.clip(
        np.floor((values - start) / (stop - start) * bins).astype(np.int64) + 1, 0, bins + 1
    )
    return (
        np.bincount(idx, weights=w, minlength=bins + 2),
        np.bincount(idx, weights=w**2, minlength=bins + 2),
    )


def flat_per_object(values, w):
    wb = ak.broadcast_arrays(ak.Array(w), values)[0]
    return ak.to_numpy(ak.flatten(values)), ak.to_numpy(ak.flatten(wb))


def check(result, name, sample, values, w, bins, start, stop):
    """Compare one histogram's nominal contents for one sample with the reference."""
    h = result.histograms[name][sample, "nominal", :]
    sumw, sumw2 = ref_hist(values, w, bins, start, stop)
    got_w = h.values(flow=True)
    got_w2 = h.variances(flow=True)
    if default_catalog()[sample].is_data:
        np.testing.assert_array_equal(got_w, sumw)
    else:
        np.testing.assert_allclose(got_w, sumw, rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(got_w2, sumw2, rtol=1e-6, atol=1e-12)
    assert sumw.sum() > 0, "the reference selects nothing: the test would be vacuous"


def good_muons(ev, pt=25.0):
    mu = coll(ev, "Muon")
    return mu[(mu.pt > pt) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]


def run(spec: dict, tmp_path_factory, name: str):
    return run_spec(parse_spec(spec), workdir=tmp_path_factory.mktemp(name)).result


MUONS = {
    "name": "muons",
    "source": "Muon",
    "cuts": [
        {"field": "pt", "op": ">", "value": 25},
        {"field": "eta", "op": "<", "value": 2.4, "abs": True},
        {"field": "tightId", "op": "==", "value": True},
        {"field": "pfRelIso04_all", "op": "<", "value": 0.15},
    ],
}
JETS = {
    "name": "jets",
    "source": "Jet",
    "cuts": [
        {"field": "pt", "op": ">", "value": 30},
        {"field": "eta", "op": "<", "value": 2.4, "abs": True},
    ],
}


# --- 1. dimuon mass, data vs DY ------------------------------------------------------------


@pytest.fixture(scope="module")
def dimuon(demo_data, tmp_path_factory):
    spec = {
        "title": "dimuon mass",
        "samples": [DATA, DY],
        "objects": [MUONS],
        "combinations": [
            {
                "name": "dimuon",
                "inputs": ["muons"],
                "charge": "opposite",
                "choose": "closest_mass",
                "target_mass": 91.1876,
            }
        ],
        "selection": [{"name": "Z candidate", "count": "dimuon", "op": ">=", "value": 1}],
        "observables": [{"name": "mll", "kind": "field", "of": "dimuon", "field": "mass"}],
        "histograms": [
            {"name": "mll", "observable": "mll", "bins": 60, "start": 0, "stop": 150, "label": "m"}
        ],
    }
    return run(spec, tmp_path_factory, "dimuon")


@pytest.mark.parametrize("sample", [DATA, DY])
def test_dimuon_mass(dimuon, demo_data, sample):
    ev = read(demo_data, sample)
    mu = good_muons(ev)
    pairs = ak.combinations(mu, 2, fields=["a", "b"])
    pairs = pairs[pairs.a.charge * pairs.b.charge < 0]
    mass = pair_mass(pairs.a, pairs.b)
    best = ak.argmin(abs(mass - 91.1876), axis=1, keepdims=True)
    chosen = ak.flatten(mass[best], axis=1)  # None for events with no pair
    has = ~ak.is_none(chosen)
    w = weights(sample, ev)
    check(dimuon, "mll", sample, ak.to_numpy(chosen[has]), w[ak.to_numpy(has)], 60, 0, 150)
    # cutflow: all events, then events with a pair
    flow = dimuon.cutflow[sample]
    assert [row["events"] for row in flow] == [len(ev), int(ak.sum(has))]


# --- 2. jet pT with an |eta| cut (per object), 3. MET with >= 2 jets -------------------------


@pytest.fixture(scope="module")
def jets_met(demo_data, tmp_path_factory):
    spec = {
        "title": "jets and MET",
        "samples": [DATA, DY],
        "objects": [JETS],
        "selection": [{"name": ">= 2 jets", "count": "jets", "op": ">=", "value": 2}],
        "observables": [
            {"name": "jet_pt", "kind": "field", "of": "jets", "field": "pt"},
            {"name": "met", "kind": "met"},
        ],
        "histograms": [
            {"name": "jet_pt", "observable": "jet_pt", "bins": 25, "start": 0, "stop": 250,
             "label": "jet pT", "unit": "GeV"},
            {"name": "met", "observable": "met", "bins": 20, "start": 0, "stop": 200,
             "label": "MET", "unit": "GeV"},
        ],
    }  # fmt: skip
    return run(spec, tmp_path_factory, "jets_met")


@pytest.mark.parametrize("sample", [DATA, DY])
def test_jet_pt_eta_cut(jets_met, demo_data, sample):
    ev = read(demo_data, sample)
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4)]
    sel = ak.to_numpy(ak.num(jet) >= 2)
    values, w = flat_per_object(jet.pt[sel], weights(sample, ev)[sel])
    check(jets_met, "jet_pt", sample, values, w, 25, 0, 250)


@pytest.mark.parametrize("sample", [DATA, DY])
def test_met_two_jets(jets_met, demo_data, sample):
    ev = read(demo_data, sample)
    jet = coll(ev, "Jet")
    sel = ak.to_numpy(ak.num(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4)]) >= 2)
    check(
        jets_met, "met", sample, ak.to_numpy(ev.MET_pt)[sel], weights(sample, ev)[sel], 20, 0, 200
    )
    assert jets_met.yields[sample]["events"] == int(sel.sum())


# --- 4. HT of jets cleaned against leptons; 5. same-flavour dilepton mass ---------------------


@pytest.fixture(scope="module")
def ht_clean(demo_data, tmp_path_factory):
    spec = {
        "title": "HT of cleaned jets",
        "samples": [DY],
        "objects": [
            {"name": "muons", "source": "Muon", "cuts": [
                {"field": "pt", "op": ">", "value": 10},
                {"field": "looseId", "op": "==", "value": True}]},
            {"name": "electrons", "source": "Electron", "cuts": [
                {"field": "pt", "op": ">", "value": 10},
                {"field": "eta", "op": "<", "value": 2.5, "abs": True}]},
            {"name": "jets", "source": "Jet",
             "cuts": [{"field": "pt", "op": ">", "value": 25},
                      {"field": "jetId", "op": ">=", "value": 2}],
             "clean_against": [{"against": "muons", "dr": 0.4},
                               {"against": "electrons", "dr": 0.4}]},
        ],
        "combinations": [
            {"name": "sfpairs", "inputs": ["electrons", "muons"], "same_flavour": True,
             "charge": "opposite"},
        ],
        "observables": [
            {"name": "ht", "kind": "ht", "of": "jets"},
            {"name": "mll", "kind": "field", "of": "sfpairs", "field": "mass"},
        ],
        "histograms": [
            {"name": "ht", "observable": "ht", "bins": 20, "start": 0, "stop": 400,
             "label": "HT", "unit": "GeV"},
            {"name": "mll", "observable": "mll", "bins": 30, "start": 0, "stop": 150,
             "label": "mll", "unit": "GeV"},
        ],
    }  # fmt: skip
    return run(spec, tmp_path_factory, "ht")


def _leptons(ev):
    mu = coll(ev, "Muon")
    mu = mu[(mu.pt > 10) & mu.looseId]
    el = coll(ev, "Electron")
    el = el[(el.pt > 10) & (abs(el.eta) < 2.5)]
    return mu, el


def test_ht_of_cleaned_jets(ht_clean, demo_data):
    ev = read(demo_data, DY)
    mu, el = _leptons(ev)
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 25) & (jet.jetId >= 2)]
    for lep in (mu, el):
        pairs = ak.cartesian([jet, lep], nested=True)  # [event][jet][lepton]
        jet = jet[ak.all(dr(pairs["0"], pairs["1"]) > 0.4, axis=2)]
    ht = ak.to_numpy(ak.sum(jet.pt, axis=1))
    check(ht_clean, "ht", DY, ht, weights(DY, ev), 20, 0, 400)


def test_same_flavour_pairs(ht_clean, demo_data):
    ev = read(demo_data, DY)
    mu, el = _leptons(ev)
    masses = []
    for lep in (el, mu):
        p = ak.combinations(lep, 2, fields=["a", "b"])
        p = p[p.a.charge * p.b.charge < 0]
        masses.append(pair_mass(p.a, p.b))
    mass = ak.concatenate(masses, axis=1)
    values, w = flat_per_object(mass, weights(DY, ev))
    check(ht_clean, "mll", DY, values, w, 30, 0, 150)


# --- 6. b-jet multiplicity in ttbar; 7. transverse mass; 8. DeltaR of leading jets -----------


@pytest.fixture(scope="module")
def ttbar(demo_data, tmp_path_factory):
    spec = {
        "title": "ttbar",
        "samples": [TT],
        "lumi_pb": 1000.0,
        "objects": [
            {"name": "muons", "source": "Muon", "cuts": [
                {"field": "pt", "op": ">", "value": 20},
                {"field": "tightId", "op": "==", "value": True}]},
            JETS,
            {"name": "bjets", "source": "Jet", "cuts": [
                {"field": "pt", "op": ">", "value": 30},
                {"field": "eta", "op": "<", "value": 2.4, "abs": True},
                {"field": "btagDeepFlavB", "op": ">", "value": "medium"}]},
        ],
        "selection": [{"name": ">= 4 jets", "count": "jets", "op": ">=", "value": 4}],
        "observables": [
            {"name": "nb", "kind": "count", "of": "bjets"},
            {"name": "mt", "kind": "mt", "of": "muons"},
            {"name": "drjj", "kind": "delta_r", "of": "jets"},
            {"name": "lead_jet_eta", "kind": "field", "of": "jets", "field": "eta", "index": 0},
            {"name": "abs_eta", "kind": "field", "of": "jets", "field": "eta", "abs": True},
        ],
        "histograms": [
            {"name": "nb", "observable": "nb", "bins": 6, "start": -0.5, "stop": 5.5,
             "label": "b jets"},
            {"name": "mt", "observable": "mt", "bins": 20, "start": 0, "stop": 200,
             "label": "mT", "unit": "GeV"},
            {"name": "drjj", "observable": "drjj", "bins": 25, "start": 0, "stop": 5,
             "label": "DR(j1, j2)"},
            {"name": "lead_jet_eta", "observable": "lead_jet_eta", "bins": 10, "start": -2.5,
             "stop": 2.5, "label": "leading jet eta"},
            {"name": "abs_eta", "observable": "abs_eta", "bins": 10, "start": 0, "stop": 2.5,
             "label": "jet |eta|"},
        ],
    }  # fmt: skip
    return run(spec, tmp_path_factory, "ttbar")


def _tt(demo_data):
    ev = read(demo_data, TT)
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4)]
    sel = ak.to_numpy(ak.num(jet) >= 4)
    return ev, jet, sel, weights(TT, ev)


def test_bjet_multiplicity_ttbar(ttbar, demo_data):
    ev, jet, sel, w = _tt(demo_data)
    nb = ak.to_numpy(ak.sum(jet.btagDeepFlavB > 0.3086, axis=1))  # 2022 DeepJet medium
    check(ttbar, "nb", TT, nb[sel], w[sel], 6, -0.5, 5.5)


def test_transverse_mass(ttbar, demo_data):
    ev, _, sel, w = _tt(demo_data)
    mu = coll(ev, "Muon")
    mu = mu[(mu.pt > 20) & mu.tightId]
    lead = ak.firsts(mu)
    mt = np.sqrt(2 * lead.pt * ev.MET_pt * (1 - np.cos(dphi(lead.phi, ev.MET_phi))))
    keep = sel & ak.to_numpy(~ak.is_none(mt))
    check(ttbar, "mt", TT, ak.to_numpy(mt[keep]), w[keep], 20, 0, 200)


def test_delta_r_and_leading_jet(ttbar, demo_data):
    ev, jet, sel, w = _tt(demo_data)
    j = jet[sel]
    drjj = ak.to_numpy(dr(j[:, 0], j[:, 1]))
    check(ttbar, "drjj", TT, drjj, w[sel], 25, 0, 5)
    check(ttbar, "lead_jet_eta", TT, ak.to_numpy(j[:, 0].eta), w[sel], 10, -2.5, 2.5)
    values, wj = flat_per_object(abs(j.eta), w[sel])
    check(ttbar, "abs_eta", TT, values, wj, 10, 0, 2.5)


# --- 9. trigger + per-event cut on an observable, in order (cutflow) ------------------------


@pytest.fixture(scope="module")
def trigger(demo_data, tmp_path_factory):
    spec = {
        "title": "triggered muons",
        "samples": [DATA, DY],
        "objects": [MUONS],
        "selection": [
            {"name": "IsoMu24", "triggers": ["HLT_IsoMu24"]},
            {"name": "one muon", "count": "muons", "op": ">=", "value": 1},
            {"name": "leading muon pT > 30", "observable": "mu1_pt", "op": ">", "value": 30},
        ],
        "observables": [{"name": "mu1_pt", "kind": "field", "of": "muons", "field": "pt",
                         "index": 0}],
        "histograms": [{"name": "mu1_pt", "observable": "mu1_pt", "bins": 20, "start": 0,
                        "stop": 200, "label": "leading muon pT", "unit": "GeV"}],
    }  # fmt: skip
    return run(spec, tmp_path_factory, "trigger")


@pytest.mark.parametrize("sample", [DATA, DY])
def test_trigger_and_cutflow(trigger, demo_data, sample):
    ev = read(demo_data, sample)
    mu = good_muons(ev)
    w = weights(sample, ev)
    trig = ak.to_numpy(ev.HLT_IsoMu24)
    one = trig & ak.to_numpy(ak.num(mu) >= 1)
    lead = ak.to_numpy(ak.fill_none(ak.firsts(mu.pt), -1.0))
    final = one & (lead > 30)
    check(trigger, "mu1_pt", sample, lead[final], w[final], 20, 0, 200)
    flow = trigger.cutflow[sample]
    assert [r["cut"] for r in flow] == ["all events", "IsoMu24", "one muon", "leading muon pT > 30"]
    expected = [len(ev), trig.sum(), one.sum(), final.sum()]
    assert [r["events"] for r in flow] == [int(x) for x in expected]
    for row, mask in zip(flow, [np.ones(len(ev), bool), trig, one, final], strict=True):
        assert row["sumw"] == pytest.approx(w[mask].sum(), rel=1e-6)


# --- normalisation ------------------------------------------------------------------------


def test_mc_normalisation(trigger, demo_data):
    """MC yield = xsec x lumi x (sum genWeight after cuts / sum genWeight of the sample)."""
    ev = read(demo_data, DY)
    cat = default_catalog()
    dy, data = cat[DY], cat[DATA]
    mu = good_muons(ev)
    lead = ak.to_numpy(ak.fill_none(ak.firsts(mu.pt), -1.0))
    final = ak.to_numpy(ev.HLT_IsoMu24) & (lead > 30)
    gw = ak.to_numpy(ev.genWeight).astype(np.float64)
    # the catalog's sum of genWeight is the whole shipped file's
    assert dy.sum_genweight == pytest.approx(gw.sum(), rel=1e-6)
    expected = dy.xsec_pb * data.lumi_pb * gw[final].sum() / dy.sum_genweight
    assert trigger.yields[DY]["sumw"] == pytest.approx(expected, rel=1e-6)
    assert trigger.yields[DY]["events"] == int(final.sum())
    assert trigger.metadata["lumi_pb"] == data.lumi_pb


# --- helpers for the binning and combination tests below -------------------------------------


def ref_hist_edges(values, w, edges):
    """(sumw, sumw2) with flow bins for any increasing edges: bin i is [e_i, e_i+1)."""
    values = np.asarray(values, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    idx = np.searchsorted(np.asarray(edges, dtype=np.float64), values, side="right")
    n = len(edges) + 1
    return np.bincount(idx, weights=w, minlength=n), np.bincount(idx, weights=w**2, minlength=n)


def check_edges(result, name, sample, values, w, edges):
    """As :func:`check`, for variable or log bins given by all their edges."""
    h = result.histograms[name][sample, "nominal", :]
    np.testing.assert_allclose(h.axes[0].edges, edges, rtol=1e-12)
    sumw, sumw2 = ref_hist_edges(values, w, edges)
    if default_catalog()[sample].is_data:
        np.testing.assert_array_equal(h.values(flow=True), sumw)
    else:
        np.testing.assert_allclose(h.values(flow=True), sumw, rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(h.variances(flow=True), sumw2, rtol=1e-6, atol=1e-12)
    assert sumw.sum() > 0, "the reference selects nothing: the test would be vacuous"


def vec_sum(*parts):
    """Four-vector sum of objects with pt, eta, phi, mass: (E, px, py, pz)."""
    total = [0.0, 0.0, 0.0, 0.0]
    for p in parts:
        total = [a + b for a, b in zip(total, four(p), strict=True)]
    return total


def mass_pt(e, px, py, pz):
    return np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0)), np.hypot(px, py)


# --- 10. ADL benchmark Q6: trijet closest to the top mass, its pT and largest b-tag score ------
# "For events with at least three jets, plot the pT of the trijet four-momentum that has the
# invariant mass closest to 172.5 GeV in each event and plot the maximum b-tagging discriminant
# value among the jets in this trijet." (iris-hep/adl-benchmarks-index, query 6) — every jet of
# the 2022 ttbar file, no cuts, as the benchmark says.


@pytest.fixture(scope="module")
def adl_q6(demo_data, tmp_path_factory):
    spec = {
        "title": "ADL Q6",
        "samples": [TT],
        "lumi_pb": 1000.0,
        "objects": [{"name": "jets", "source": "Jet"}],
        "combinations": [{"name": "trijet", "inputs": ["jets"], "size": 3,
                          "choose": "closest_mass", "target_mass": 172.5}],
        "selection": [{"name": ">= 3 jets", "count": "jets", "op": ">=", "value": 3}],
        "observables": [
            {"name": "trijet_pt", "kind": "field", "of": "trijet", "field": "pt"},
            {"name": "trijet_btag", "kind": "field", "of": "trijet", "field": "btagDeepFlavB",
             "reduce": "max"},
        ],
        "histograms": [
            {"name": "trijet_pt", "observable": "trijet_pt", "bins": 50, "start": 0,
             "stop": 500, "label": "trijet pT", "unit": "GeV"},
            {"name": "trijet_btag", "observable": "trijet_btag", "bins": 20, "start": 0,
             "stop": 1, "label": "max b-tag"},
        ],
    }  # fmt: skip
    return run(spec, tmp_path_factory, "adl_q6")


def test_adl_q6_trijet_pt_and_max_btag(adl_q6, demo_data):
    ev = read(demo_data, TT)
    jet = coll(ev, "Jet")
    sel = ak.to_numpy(ak.num(jet) >= 3)
    jet, w = jet[sel], weights(TT, ev)[sel]
    tri = ak.combinations(jet, 3, fields=["a", "b", "c"])
    mass, pt = mass_pt(*vec_sum(tri.a, tri.b, tri.c))
    best = ak.argmin(abs(mass - 172.5), axis=1, keepdims=True)
    best_pt = ak.to_numpy(ak.flatten(pt[best]))
    btag = np.maximum(np.maximum(tri.a.btagDeepFlavB, tri.b.btagDeepFlavB), tri.c.btagDeepFlavB)
    best_btag = ak.to_numpy(ak.flatten(btag[best]))
    assert len(best_pt) == len(w) == int(sel.sum()) > 100
    check(adl_q6, "trijet_pt", TT, best_pt, w, 50, 0, 500)
    check(adl_q6, "trijet_btag", TT, best_btag, w, 20, 0, 1)
    # the largest score of the three is one of the legs' scores, and not below any of them
    assert np.all(best_btag >= ak.to_numpy(ak.flatten(tri.a.btagDeepFlavB[best])))


# --- 11. MET in events with an opposite-charge muon pair in a mass window ("any pair"), -------
#     mT and |DeltaPhi| with the MET, log and variable bins


WINDOW_EDGES = [0.0, 10.0, 20.0, 30.0, 45.0, 60.0, 100.0, 200.0]


@pytest.fixture(scope="module")
def window(demo_data, tmp_path_factory):
    spec = {
        "title": "MET in events with a muon pair of 60-120 GeV",
        "samples": [DATA, DY],
        "objects": [MUONS],
        "combinations": [
            {"name": "pairs", "inputs": ["muons"], "charge": "opposite", "mass_min": 60,
             "mass_max": 120},
            {"name": "zcand", "inputs": ["muons"], "charge": "opposite", "mass_min": 60,
             "mass_max": 120, "choose": "closest_mass", "target_mass": 91.1876},
        ],
        "selection": [{"name": "pair in 60-120", "count": "pairs", "op": ">=", "value": 1}],
        "observables": [
            {"name": "met", "kind": "met"},
            {"name": "mt_z", "kind": "mt", "of": "zcand"},
            {"name": "dphi_mu_met", "kind": "delta_phi", "of": "muons", "other": "met"},
            {"name": "mu_pt", "kind": "field", "of": "muons", "field": "pt"},
            {"name": "mll", "kind": "field", "of": "zcand", "field": "mass"},
        ],
        "histograms": [
            {"name": "met", "observable": "met", "bins": 20, "start": 0, "stop": 200,
             "label": "MET", "unit": "GeV"},
            {"name": "mt_z", "observable": "mt_z", "bins": 25, "start": 0, "stop": 250,
             "label": "mT(Z, MET)", "unit": "GeV"},
            {"name": "dphi", "observable": "dphi_mu_met", "bins": 16, "start": 0, "stop": 3.2,
             "label": "dphi"},
            {"name": "mu_pt_var", "observable": "mu_pt", "edges": WINDOW_EDGES,
             "label": "muon pT", "unit": "GeV", "density": True},
            {"name": "mu_pt_log", "observable": "mu_pt", "bins": 12, "start": 10, "stop": 1000,
             "transform": "log", "label": "muon pT", "unit": "GeV"},
            {"name": "mll_logx", "observable": "mll", "bins": 30, "start": 60, "stop": 120,
             "log_x": True, "label": "mll", "unit": "GeV"},
        ],
    }  # fmt: skip
    return run(spec, tmp_path_factory, "window")


def _window_reference(demo_data, sample):
    ev = read(demo_data, sample)
    mu = good_muons(ev)
    pairs = ak.combinations(mu, 2, fields=["a", "b"])
    pairs = pairs[pairs.a.charge * pairs.b.charge < 0]
    e, px, py, pz = vec_sum(pairs.a, pairs.b)
    mass, pt = mass_pt(e, px, py, pz)
    inside = (mass > 60) & (mass < 120)
    sel = ak.to_numpy(ak.any(inside, axis=1))
    return ev, mu, pairs[inside], mass[inside], sel


@pytest.mark.parametrize("sample", [DATA, DY])
def test_met_in_events_with_a_pair_in_the_mass_window(window, demo_data, sample):
    ev, _, _, _, sel = _window_reference(demo_data, sample)
    w = weights(sample, ev)
    check(window, "met", sample, ak.to_numpy(ev.MET_pt)[sel], w[sel], 20, 0, 200)
    assert [r["events"] for r in window.cutflow[sample]] == [len(ev), int(sel.sum())]
    # the window is a selection, not the histogram range: MET is histogrammed, not the mass
    assert window.histograms["met"].axes[2].name == "met"


@pytest.mark.parametrize("sample", [DATA, DY])
def test_transverse_mass_of_a_pair_and_delta_phi_with_the_met(window, demo_data, sample):
    ev, mu, pairs, mass, sel = _window_reference(demo_data, sample)
    w = weights(sample, ev)
    best = ak.argmin(abs(mass - 91.1876), axis=1, keepdims=True)
    z = pairs[best][sel]
    e, px, py, pz = vec_sum(z.a, z.b)
    m, pt = mass_pt(e, px, py, pz)
    met_x = ev.MET_pt[sel] * np.cos(ev.MET_phi[sel])
    met_y = ev.MET_pt[sel] * np.sin(ev.MET_phi[sel])
    et = np.sqrt(m**2 + pt**2)  # a massive system: mT^2 = (ET + MET)^2 - |pT + MET|^2
    mt = np.sqrt(np.maximum((et + ev.MET_pt[sel]) ** 2 - (px + met_x) ** 2 - (py + met_y) ** 2, 0))
    check(window, "mt_z", sample, ak.to_numpy(ak.flatten(mt)), w[sel], 25, 0, 250)
    lead = mu[sel][:, 0]
    dphi_lead = np.abs(dphi(lead.phi, ev.MET_phi[sel]))
    check(window, "dphi", sample, ak.to_numpy(dphi_lead), w[sel], 16, 0, 3.2)
    check(window, "mll_logx", sample, ak.to_numpy(ak.flatten(m)), w[sel], 30, 60, 120)


@pytest.mark.parametrize("sample", [DATA, DY])
def test_variable_and_log_bins(window, demo_data, sample):
    ev, mu, _, _, sel = _window_reference(demo_data, sample)
    values, w = flat_per_object(mu.pt[sel], weights(sample, ev)[sel])
    check_edges(window, "mu_pt_var", sample, values, w, WINDOW_EDGES)
    log_edges = np.exp(np.linspace(np.log(10.0), np.log(1000.0), 13))  # 10 ... 1000
    check_edges(window, "mu_pt_log", sample, values, w, log_edges)
    info = window.histogram_info
    assert info["mu_pt_var"]["axis"] == "variable" and info["mu_pt_var"]["density"] is True
    assert info["mu_pt_var"]["edges"] == WINDOW_EDGES
    assert info["mu_pt_log"]["axis"] == "log" and info["mu_pt_log"]["log_x"] is True
    assert info["mll_logx"]["axis"] == "regular" and info["mll_logx"]["log_x"] is True


# --- 12. ADL benchmark Q8: light leptons, the SFOS pair closest to the Z mass, mT of the MET and
#     the highest-pT lepton not in the pair
# "For events with at least three light leptons and a same-flavor opposite-charge light lepton
# pair, find such a pair that has the invariant mass closest to 91.2 GeV in each event and plot
# the transverse mass of the system consisting of the missing transverse momentum and the
# highest-pT light lepton not in this pair." (iris-hep/adl-benchmarks-index, query 8)
# All electrons and muons, no cuts, as the benchmark says. Events with >= 3 light leptons: 93 of
# the 200 ttbar 2022 events, 21 of the 40 DoubleMuon 2018 events, 1 of the 40 DY events (so DY
# is left out).

LEPTON_FIELDS = ["pt", "eta", "phi", "mass", "charge", "pdgId"]


@pytest.fixture(scope="module")
def adl_q8(demo_data, tmp_path_factory):
    spec = {
        "title": "ADL Q8",
        "samples": [DATA, TT],
        "lumi_pb": 1000.0,
        "objects": [
            {"name": "electrons", "source": "Electron"},
            {"name": "muons", "source": "Muon"},
            {"name": "leptons", "merge": ["electrons", "muons"]},
        ],
        "combinations": [{"name": "zpair", "inputs": ["leptons"], "same_flavour": True,
                          "charge": "opposite", "choose": "closest_mass", "target_mass": 91.2}],
        "selection": [
            {"name": ">= 3 light leptons", "count": "leptons", "op": ">=", "value": 3},
            {"name": "SFOS pair", "count": "zpair", "op": ">=", "value": 1},
        ],
        "observables": [
            {"name": "mt_l3", "kind": "mt", "of": "leptons", "exclude": "zpair", "index": 0},
            {"name": "l3_pt", "kind": "field", "of": "leptons", "exclude": "zpair", "index": 0,
             "field": "pt"},
            {"name": "n_other", "kind": "count", "of": "leptons", "exclude": "zpair"},
        ],
        "histograms": [
            {"name": "mt_l3", "observable": "mt_l3", "bins": 20, "start": 0, "stop": 200,
             "label": "mT", "unit": "GeV"},
            {"name": "l3_pt", "observable": "l3_pt", "bins": 20, "start": 0, "stop": 100,
             "label": "third lepton pT", "unit": "GeV"},
            {"name": "n_other", "observable": "n_other", "bins": 8, "start": -0.5, "stop": 7.5,
             "label": "leptons not in the pair"},
        ],
    }  # fmt: skip
    return run(spec, tmp_path_factory, "adl_q8")


def _q8_reference(demo_data, sample):
    """The ADL Q8 recipe with indices (argcombinations, local_index), unsorted leptons."""
    ev = read(demo_data, sample)
    el, mu = coll(ev, "Electron"), coll(ev, "Muon")
    lep = ak.concatenate([el[LEPTON_FIELDS], mu[LEPTON_FIELDS]], axis=1)
    pairs = ak.argcombinations(lep, 2, fields=["i", "j"])
    a, b = lep[pairs.i], lep[pairs.j]
    pairs = pairs[a.pdgId == -b.pdgId]  # same flavour, opposite charge
    mass = pair_mass(lep[pairs.i], lep[pairs.j])
    best = ak.firsts(pairs[ak.argmin(abs(mass - 91.2), axis=1, keepdims=True)])
    sel = ak.to_numpy((ak.num(lep) >= 3) & ~ak.is_none(best))
    lep, best = lep[sel], best[sel]
    index = ak.local_index(lep, axis=1)
    others = lep[(index != best.i) & (index != best.j)]
    third = ak.firsts(others[ak.argmax(others.pt, axis=1, keepdims=True)])
    met_pt, met_phi = ev.MET_pt[sel], ev.MET_phi[sel]
    mt = np.sqrt(2 * third.pt * met_pt * (1 - np.cos(dphi(third.phi, met_phi))))
    return ev, sel, ak.to_numpy(mt), ak.to_numpy(third.pt), ak.to_numpy(ak.num(others))


@pytest.mark.parametrize("sample", [DATA, TT])
def test_adl_q8_lepton_not_in_the_z_pair(adl_q8, demo_data, sample):
    ev, sel, mt, pt3, n_other = _q8_reference(demo_data, sample)
    w = weights(sample, ev) if sample == DATA else weights(TT, ev)
    check(adl_q8, "mt_l3", sample, mt, w[sel], 20, 0, 200)
    check(adl_q8, "l3_pt", sample, pt3, w[sel], 20, 0, 100)
    check(adl_q8, "n_other", sample, n_other, w[sel], 8, -0.5, 7.5)
    assert [r["events"] for r in adl_q8.cutflow[sample]][-1] == int(sel.sum()) > 5


# --- 10. an event cut on HT, planned from words ("events with HT > 200 GeV") ----------------


def test_ht_event_cut_from_the_planner(demo_data, tmp_path_factory):
    from chathep.planner import plan_request

    plan = plan_request(
        "plot the MET for events with HT > 200 GeV in ttbar MC", default_catalog(),
        mode="parser", check_files=False,
    )  # fmt: skip
    assert plan.ok, plan.question
    result = run_spec(plan.spec, workdir=tmp_path_factory.mktemp("ht_cut")).result
    h = plan.spec.histograms[0]
    ev = read(demo_data, TT)
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]  # the stated defaults
    sel = ak.to_numpy(ak.sum(jet.pt, axis=1) > 200)
    assert 0 < sel.sum() < len(sel), "the cut must select some events and reject some"
    w = weights(TT, ev)
    check(result, h.name, TT, ak.to_numpy(ev.MET_pt)[sel], w[sel], h.bins, h.start, h.stop)


# --- 11. muon reconstruction types and the plotted isolation, planned from words --------------


def test_global_muons_from_the_planner(demo_data, tmp_path_factory):
    from chathep.planner import plan_request

    plan = plan_request(
        "plot the pT of global muons with pT > 5 GeV, no ID, no isolation, in data",
        default_catalog(), mode="parser", check_files=False,
    )  # fmt: skip
    assert plan.ok, plan.question
    result = run_spec(plan.spec, workdir=tmp_path_factory.mktemp("global")).result
    h = plan.spec.histograms[0]
    ev = read(demo_data, DATA)
    mu = coll(ev, "Muon")
    mu = mu[(mu.pt > 5) & (abs(mu.eta) < 2.4) & mu.isGlobal]  # |eta| < 2.4 is the stated default
    assert ak.sum(ak.num(mu)) < ak.sum(ak.num(coll(ev, "Muon"))), "the flag must cut something"
    values, w = flat_per_object(mu.pt, weights(DATA, ev))
    check(result, h.name, DATA, values, w, h.bins, h.start, h.stop)


def test_plotted_isolation_has_no_default_isolation_cut(catalog):
    from chathep.planner import plan_request

    plan = plan_request("plot the muon isolation", catalog, mode="parser", check_files=False)
    assert plan.ok, plan.question
    assert "pfRelIso04_all" not in {c.field for c in plan.spec.object("muons").cuts}
    assert any("no default isolation cut" in d for d in plan.defaults)


def test_field_cut_by_name_from_the_planner(demo_data, tmp_path_factory):
    from chathep.planner import plan_request

    plan = plan_request(
        "plot the pT of muons with dxy < 0.002 and no ID, no isolation, in data",
        default_catalog(), mode="parser", check_files=False,
    )  # fmt: skip
    assert plan.ok, plan.question
    result = run_spec(plan.spec, workdir=tmp_path_factory.mktemp("dxy")).result
    h = plan.spec.histograms[0]
    ev = read(demo_data, DATA)
    mu = coll(ev, "Muon")
    # pT, eta: stated defaults; dxy is signed in NanoAOD and a cut on it is on its size (a
    # signed "dxy < 0.002" would keep every negative dxy)
    mu = mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & (abs(mu.dxy) < 0.002)]
    assert 0 < ak.sum(ak.num(mu)) < ak.sum(ak.num(coll(ev, "Muon"))), "the cut must cut"
    values, w = flat_per_object(mu.pt, weights(DATA, ev))
    check(result, h.name, DATA, values, w, h.bins, h.start, h.stop)
