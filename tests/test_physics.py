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
