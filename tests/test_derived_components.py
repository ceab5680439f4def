"""The Cartesian momentum components p_x, p_y, p_z and the polar angle theta of an object as
derived fields (exact functions of the NanoAOD pT, eta, phi): the planner's reading of their
wordings (and the look-alikes it keeps asking about), the generated module's helpers, then a real
sandboxed run on the demo files against an uproot/awkward reference computed here from the
branches (nothing from chathep in the reference)."""

from __future__ import annotations

import math

import awkward as ak
import numpy as np
import pytest

from chathep.planner import plan_request
from tests._planned_run import run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, check, coll, read, weights

#: the default binnings: (bins, start, stop, unit, the defaults line)
PXY = (40, -100.0, 100.0, "GeV", "binning: 40 bins from -100 to 100 GeV")
PZ = (50, -500.0, 500.0, "GeV", "binning: 50 bins from -500 to 500 GeV")
THETA = (32, 0.0, math.pi, "rad", "binning: 32 bins from 0 to 3.14159 rad")


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


@pytest.mark.parametrize(
    ("text", "of", "field", "index", "binning"),
    [
        ("Histogram of px for the leading muon", "muons", "px", 0, PXY),
        ("plot the p_x of the leading electron", "electrons", "px", 0, PXY),
        ("p_{y} of the subleading muon", "muons", "py", 1, PXY),
        ("the x-component of the momentum of the leading muon", "muons", "px", 0, PXY),
        ("the muon momentum y-component", "muons", "py", None, PXY),
        ("electron momentum z-component", "electrons", "pz", None, PZ),
        ("the z component of the electron momentum", "electrons", "pz", None, PZ),
        ("pz of the leading muon", "muons", "pz", 0, PZ),
        ("the longitudinal momentum of the leading muon", "muons", "pz", 0, PZ),
        ("the pz of the leading AK8 jet", "fatjets", "pz", 0, PZ),
        ("electron polar angle", "electrons", "theta", None, THETA),
        ("the polar angle of all electrons", "electrons", "theta", None, THETA),
        ("polar angle of electrons", "electrons", "theta", None, THETA),
        ("theta of the leading jet", "jets", "theta", 0, THETA),
        ("muon theta", "muons", "theta", None, THETA),
    ],
)
def test_each_wording_plans_the_component(catalog, text, of, field, index, binning):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", of, field, index)
    (h,) = plan.spec.histograms
    bins, start, stop, unit, said = binning
    assert (h.bins, h.start, h.unit) == (bins, start, unit)
    assert h.stop == pytest.approx(stop)
    assert said in plan.defaults  # a chosen binning is stated


def test_an_explicit_binning_wins(catalog):
    plan = _plan(
        "the x-component of the momentum of the subleading muon, 20 bins from -50 to 50 GeV",
        catalog,
    )
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (20, -50.0, 50.0)
    assert not any(d.startswith("binning") for d in plan.defaults)


def test_the_plan_says_what_is_computed(catalog):
    plan = _plan("pz of the leading muon", catalog)
    assert "longitudinal momentum p_z = pT sinh(eta)" in plan.describe(catalog)
    plan = _plan("the polar angle of all electrons", catalog)
    assert "polar angle theta = 2 atan(exp(-eta))" in plan.describe(catalog)


@pytest.mark.parametrize(
    "text",
    [
        "cos theta of the leading muon",
        "cos(theta*) of the dimuon",
        "theta* of the muon",
        "theta_CS of the dimuon",
        "the Collins-Soper angle",
        "the angle theta between the two muons",  # an opening angle: another quantity
        # the cosine, or the angle in another frame: not the object's theta
        "the cos of the polar angle of the muon",
        "the cosine of the polar angle of the leading photon",
        "the polar angle of the muon in the Collins-Soper frame",
        "the muon polar angle in the dimuon rest frame",
        "the Collins-Soper theta of the muon",
        "cos(theta) of the leading muon",
        "pz of the neutrino",  # no neutrino is reconstructed
        "the longitudinal momentum of the Z boson",
        # a pair's or system's component: not the path of the dimuon |p|
        "the dimuon pz",
        "pz of the dimuon system",
        "the dimuon theta",
        "theta of the dimuon",
        "the dilepton polar angle",
        # a sum or a missing second component is never dropped silently
        "the sum of pz of all muons",
        "the maximum pz of the muons",
        # the MET's px is not its pT
        "the px of the MET",
        "MET px",
        # a cut on a component is not planned (its bound was read as a pT cut)
        "muons with pz above 35 GeV",
        "muons with |pz| < 100 GeV, plot the dimuon mass",
        "plot the leading jet pt for jets with theta > 1",
        "plot the muon pt for muons with theta between 0.5 and 1",
    ],
)
def test_the_look_alikes_are_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec and plan.spec.observables


def test_muon_1_is_the_leading_muon_as_muon1_and_jet1_are(catalog):
    """ "px for muon 1" (was asked, session 24): "muon 1" is read as "muon1" and "jet1" were
    already, the first of the pT-ordered collection, the leading one."""
    plan = _plan("Histogram of px for muon 1.", catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.field, obs.index) == ("muons", "px", 0)


def test_the_module_has_only_the_helpers_it_calls(catalog):
    from chathep.compiler import compile_spec

    plan = _plan("pz of the leading muon", catalog)
    code = compile_spec(plan.spec, catalog)
    assert "momentum_z(" in code[code.index("def compute_observables") :]
    assert "def momentum_z(" in code
    for other in ("momentum_x", "momentum_y", "polar_angle", "momentum_magnitude"):
        assert f"def {other}(" not in code


# --- a sandboxed run against a reference from the branches -----------------------------------


@pytest.fixture(scope="module")
def components_run(tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {
        "pz": _plan("pz of the leading muon", cat),
        "px": _plan("the x-component of the momentum of the leading muon", cat),
        "theta": _plan("the polar angle of all electrons", cat),
        "py": _plan("the muon momentum y-component", cat),
    }
    return run_plans(plans, tmp_path_factory.mktemp("components"))


def _f64(values):
    return ak.values_astype(values, np.float64)


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_components_match_the_reference(components_run, demo_data, sample):
    hists, result = components_run
    ev = read(demo_data, sample)
    w = weights(sample, ev)
    mu = coll(ev, "Muon")
    mu = sorted_by_pt(
        mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    has = ak.to_numpy(ak.num(mu) >= 1)
    lead = mu[has][:, 0]
    pz = ak.to_numpy(_f64(lead.pt) * np.sinh(_f64(lead.eta)))
    px = ak.to_numpy(_f64(lead.pt) * np.cos(_f64(lead.phi)))
    assert (pz < 0).any() and (pz > 0).any()  # both signs are in the files
    for key, values in (("pz", pz), ("px", px)):
        h = hists[key]
        check(result, h.name, sample, values, w[has], h.bins, h.start, h.stop)

    # every electron (no cuts: "all electrons"), one entry each
    el = coll(ev, "Electron")
    theta = 2 * np.arctan(np.exp(-_f64(el.eta)))
    wb = ak.to_numpy(ak.flatten(ak.broadcast_arrays(ak.Array(w), theta)[0]))
    h = hists["theta"]
    check(result, h.name, sample, ak.to_numpy(ak.flatten(theta)), wb, h.bins, h.start, h.stop)

    # every selected muon, one entry each
    py = _f64(mu.pt) * np.sin(_f64(mu.phi))
    wb = ak.to_numpy(ak.flatten(ak.broadcast_arrays(ak.Array(w), py)[0]))
    h = hists["py"]
    check(result, h.name, sample, ak.to_numpy(ak.flatten(py)), wb, h.bins, h.start, h.stop)
