"""More quantities physicists ask for daily (issue 12, item 3): DeltaR / DeltaPhi to the
nearest object of another collection, the energy E of an object or a pair, and the missing HT:
the planner's reading of their wordings, then a real sandboxed run on the demo files against
hand-written uproot/awkward/numpy references (nothing from chathep in the references)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.engine import run_spec
from chathep.planner import plan_request
from tests.test_physics import DATA, DY, check, coll, dphi, good_muons, read, weights


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _jets(ev):
    jets = coll(ev, "Jet")
    return jets[(jets.pt > 30) & (abs(jets.eta) < 2.4) & (jets.jetId >= 2)]


# --- DeltaR / DeltaPhi to the nearest object of another collection ---------------------------


@pytest.mark.parametrize(
    ("text", "kind", "of", "other", "index"),
    [
        ("delta R between the muon and the nearest jet", "delta_r", "muons", "jets", None),
        ("min delta R(lepton, jet)", "delta_r", "leptons", "jets", None),
        ("the distance of each muon to the closest jet", "delta_r", "muons", "jets", None),
        ("the distance to the nearest jet of the leading muon", "delta_r", "muons", "jets", 0),
        ("delta phi between the leading jet and the closest muon", "delta_phi", "jets", "muons", 0),
        (
            "minimum delta R between the electrons and the jets",
            "delta_r",
            "electrons",
            "jets",
            None,
        ),
    ],
)
def test_the_nearest_object_is_planned_and_stated(catalog, text, kind, of, other, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.other, obs.index, obs.nearest) == (kind, of, other, index, True)
    assert obs.per_object == (index is None)
    assert any(f"to the nearest of the {other}" in d for d in plan.defaults)
    assert f"nearest {other}) (no entry without {other})" in plan.describe(catalog)


def test_delta_r_between_two_objects_is_still_the_leading_ones(catalog):
    plan = _plan("delta R between the muon and the jet", catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.other, obs.nearest) == ("delta_r", "jets", False)


@pytest.mark.parametrize(
    "text",
    [
        "the distance to the nearest jet",  # of what?
        "opening angle between the muon and the nearest jet",  # nearest in angle: not planned
    ],
)
def test_an_unclear_nearest_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "nearest jet" in plan.question


def test_nearest_needs_another_collection():
    from chathep.errors import SpecError
    from chathep.spec import parse_spec

    spec = {
        "title": "t",
        "objects": [{"name": "muons", "source": "Muon"}],
        "observables": [
            {"name": "a", "kind": "delta_phi", "of": "muons", "other": "met", "nearest": True}
        ],
        "histograms": [{"name": "a", "observable": "a", "bins": 2, "start": 0, "stop": 1,
                        "label": "x"}],
    }  # fmt: skip
    with pytest.raises(SpecError, match="nearest"):
        parse_spec(spec)


@pytest.fixture(scope="module")
def nearest_runs(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    runs = []
    for text in (
        "delta R between the muon and the nearest jet in data and DY",
        "delta phi between the leading muon and the closest jet in data and DY",
    ):
        plan = _plan(text, default_catalog())
        assert plan.ok, plan.question
        runs.append((plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("near")).result))
    return runs


@pytest.mark.parametrize("sample", [DATA, DY])
def test_nearest_matches_the_reference(nearest_runs, demo_data, sample):
    ev = read(demo_data, sample)
    mu, jets = good_muons(ev, pt=20.0), _jets(ev)
    keep = ak.to_numpy(ak.num(jets) >= 1)  # the plan's '>= 1 jets' step
    mu, jets, w = mu[keep], jets[keep], weights(sample, ev)[keep]
    # every muon with every jet of its event: the smallest DeltaR per muon
    pairs = ak.cartesian({"m": mu, "j": jets}, nested=True)
    d_r = np.hypot(pairs.m.eta - pairs.j.eta, dphi(pairs.m.phi, pairs.j.phi))
    per_muon = ak.min(d_r, axis=2)
    values = ak.to_numpy(ak.flatten(per_muon))
    wm = np.repeat(w, ak.to_numpy(ak.num(mu)))
    (plan, result), (plan0, result0) = nearest_runs
    check(result, plan.spec.histograms[0].name, sample, values, wm, 30, 0, 6)
    # the leading muon (events with one): the smallest |DeltaPhi| to any jet
    one = ak.to_numpy(ak.num(mu) >= 1)
    lead = mu[one][:, 0]
    dphi_min = ak.to_numpy(ak.min(abs(dphi(lead.phi, jets[one].phi)), axis=1))
    check(result0, plan0.spec.histograms[0].name, sample, dphi_min, w[one], 32, 0, np.pi)
    # the nearest jet is not simply the leading jet
    first = ak.to_numpy(abs(dphi(lead.phi, jets[one][:, 0].phi)))
    assert np.any(first > dphi_min + 1e-6) and np.all(first >= dphi_min - 1e-6)


# --- the energy E of an object or a pair ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "of", "index"),
    [
        ("the energy of the leading photon", "photons", 0),
        ("electron energy", "electrons", None),
        ("E of the jets", "jets", None),
        ("the dimuon energy", "dimuon", None),
    ],
)
def test_the_energy_is_planned_and_stated(catalog, text, of, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", of, "energy", index)
    (h,) = plan.spec.histograms
    assert (h.unit, h.start, h.stop) == ("GeV", 0.0, 500.0)
    assert any(d.startswith("energy: E = sqrt(|p|^2 + m^2)") for d in plan.defaults)
    assert "E (energy E = sqrt(|p|^2 + m^2)" in plan.describe(catalog)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("missing energy", "met"), ("the jet energy scale uncertainty on the jet pT", "field")],
)
def test_other_energies_are_not_the_energy(catalog, text, kind):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [(o.kind, o.field) for o in plan.spec.observables] == [(kind, "pt")]


def test_high_energy_objects_are_not_their_energy(catalog):
    plan = _plan("plot the eta of high-energy muons with pT > 50 GeV", catalog)
    assert plan.ok, plan.question
    assert [(o.of, o.field) for o in plan.spec.observables] == [("muons", "eta")]


def test_the_transverse_energy_is_never_read_as_the_energy(catalog):
    plan = _plan("the transverse energy of the jets", catalog)
    assert not plan.ok or all(o.field != "energy" for o in plan.spec.observables)


@pytest.fixture(scope="module")
def energy_runs(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    runs = []
    for text in (
        "the energy of the leading muon in data and DY",
        "the dimuon energy in data and DY",
    ):
        plan = _plan(text, default_catalog())
        assert plan.ok, plan.question
        runs.append((plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("e")).result))
    return runs


def _energy(objects):
    """E from (px, py, pz, m) in float64."""
    pt, eta = ak.values_astype(objects.pt, np.float64), ak.values_astype(objects.eta, np.float64)
    phi, m = ak.values_astype(objects.phi, np.float64), ak.values_astype(objects.mass, np.float64)
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    return np.sqrt(px**2 + py**2 + pz**2 + m**2)


@pytest.mark.parametrize("sample", [DATA, DY])
def test_energy_matches_the_reference(energy_runs, demo_data, sample):
    ev = read(demo_data, sample)
    mu, w = good_muons(ev, pt=20.0), weights(sample, ev)
    (plan, result), (pair_plan, pair_result) = energy_runs
    one = ak.to_numpy(ak.num(mu) >= 1)
    lead = ak.to_numpy(_energy(mu[one][:, 0]))
    check(result, plan.spec.histograms[0].name, sample, lead, w[one], 50, 0, 500)
    assert np.any(lead > ak.to_numpy(mu[one][:, 0].pt) * 1.5)  # E is not pT
    # the two leading muons, opposite charge: E1 + E2
    two = ak.to_numpy(ak.num(mu) >= 2)
    a, b = mu[two][:, 0], mu[two][:, 1]
    opp = ak.to_numpy(a.charge * b.charge < 0)
    e = ak.to_numpy(_energy(a) + _energy(b))[opp]
    check(pair_result, pair_plan.spec.histograms[0].name, sample, e, w[two][opp], 50, 0, 500)


# --- the missing HT (MHT) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["missing HT", "MHT", "H_T^miss of the jets", "the vector sum of the jet pT"]
)
def test_the_missing_ht_is_planned_and_stated(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of) == ("mht", "jets")
    assert any(d.startswith("MHT: the magnitude of the vector pT sum") for d in plan.defaults)
    assert "MHT of jets (|vector pT sum|" in plan.describe(catalog)


def test_an_mht_cut_is_an_event_cut_not_a_met_or_jet_cut(catalog):
    plan = _plan("plot the MET for MHT > 200 GeV", catalog)
    assert plan.ok, plan.question
    (step,) = plan.spec.selection
    assert (plan.spec.observable(step.observable).kind, step.op, step.value) == ("mht", ">", 200)
    assert [plan.spec.observable(h.observable).kind for h in plan.spec.histograms] == ["met"]


def test_the_vector_sum_of_other_objects_is_asked(catalog):
    plan = _plan("the vector sum of the muon pT", catalog)
    assert not plan.ok and "vector sum" in plan.question


@pytest.fixture(scope="module")
def mht_runs(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    runs = []
    for text in ("missing HT in data and DY", "plot the MET for MHT > 40 GeV in data and DY"):
        plan = _plan(text, default_catalog())
        assert plan.ok, plan.question
        runs.append((plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("mht")).result))
    return runs


@pytest.mark.parametrize("sample", [DATA, DY])
def test_mht_matches_the_reference(mht_runs, demo_data, sample):
    ev = read(demo_data, sample)
    jets, w = _jets(ev), weights(sample, ev)
    pt, phi = ak.values_astype(jets.pt, np.float64), ak.values_astype(jets.phi, np.float64)
    mht = ak.to_numpy(np.hypot(ak.sum(pt * np.cos(phi), axis=1), ak.sum(pt * np.sin(phi), axis=1)))
    (plan, result), (cut_plan, cut_result) = mht_runs
    check(result, plan.spec.histograms[0].name, sample, mht, w, 25, 0, 500)
    ht = ak.to_numpy(ak.sum(pt, axis=1))
    assert np.any(mht < ht - 1.0) and np.all(mht <= ht + 1e-6)  # a vector sum, not HT
    passed = mht > 40
    met = ak.to_numpy(ev["MET_pt"])[passed]
    check(cut_result, cut_plan.spec.histograms[0].name, sample, met, w[passed], 20, 0, 200)
