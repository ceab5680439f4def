"""Quantities physicists ask for daily (issue 12, item 3): the mass, pT and rapidity of four
objects, the momentum magnitude |p|, the 3D opening angle and the highest-mass candidate:
the planner's reading of their wordings, then a real sandboxed run on the demo files against
hand-written uproot/awkward/numpy references (nothing from chathep in the references)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.planner import plan_request
from tests.test_physics import (
    DATA,
    DY,
    FILES,
    TT,
    check,
    coll,
    flat_per_object,
    good_muons,
    read,
    weights,
)


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _ttbar(demo_data, prefixes=("Muon", "Electron", "Jet")):
    with uproot.open(demo_data / FILES[TT]) as f:
        return f["Events"].arrays(
            filter_name=[f"{p}_{x}" for p in prefixes for x in ("pt", "eta", "phi", "mass")]
            + [f"{p}_charge" for p in prefixes if p != "Jet"]
            + ["Jet_jetId", "genWeight"]
        )


def _p4(objects):
    """(E, px, py, pz) in float64 of objects with pt, eta, phi, mass."""
    pt, eta = ak.values_astype(objects.pt, np.float64), ak.values_astype(objects.eta, np.float64)
    phi, m = ak.values_astype(objects.phi, np.float64), ak.values_astype(objects.mass, np.float64)
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    return np.sqrt(px**2 + py**2 + pz**2 + m**2), px, py, pz


# --- four objects as one system ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "name"),
    [
        ("the four-lepton invariant mass", None, "fourlepton"),
        ("m4l", None, "fourlepton"),
        ("invariant mass of the first four leptons", None, "fourlepton"),
        ("mass of four muons", "Muon", "fourmuon"),
        ("the four-muon system pT", "Muon", "fourmuon"),
    ],
)
def test_four_objects_are_planned_and_the_choice_is_stated(catalog, text, source, name):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.name, comb.size, comb.leading, comb.charge) == (name, 4, 4, "any")
    (inp,) = comb.inputs
    obj = plan.spec.object(inp)
    if source is None:  # light leptons: electrons and muons merged
        assert sorted(obj.merge) == ["electrons", "muons"] and not comb.same_flavour
    else:
        assert obj.source == source
    (obs,) = plan.spec.observables
    assert obs.of == name and obs.field == ("pt" if "pT" in text else "mass")
    assert any(s.count == inp and s.op == ">=" and s.value == 4 for s in plan.spec.selection)
    assert any("the 4 leading" in d for d in plan.defaults)
    assert any("any total charge" in d for d in plan.defaults)


@pytest.mark.parametrize(
    "text",
    [
        "the neutral four-muon mass",
        "four-muon mass with total charge zero",
        "mass of four muons in two opposite-charge pairs",
    ],
)
def test_a_stated_neutral_charge_is_total_charge_zero(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.size == 4 and comb.charge == "opposite"
    assert not any("any total charge" in d for d in plan.defaults)
    assert "neutral (total charge 0) four-object combinations" in plan.describe(catalog)


@pytest.mark.parametrize(
    "text",
    [
        "the four-lepton mass with the two Z candidates closest to the Z mass",
        "four-lepton mass from two same-flavour opposite-sign pairs",
        "m4l of the ZZ candidates",
    ],
)
def test_zz_pairing_is_the_zz_pairing_not_the_four_leading(catalog, text):
    # asked before the pairing could be planned (tests/test_planner_quantities4.py)
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.pairing == "zz" and comb.leading is None


def test_four_object_legs_cannot_be_reduced():
    from chathep.errors import SpecError
    from chathep.spec import parse_spec

    spec = {
        "title": "t",
        "objects": [{"name": "jets", "source": "Jet"}],
        "combinations": [{"name": "fourjet", "inputs": ["jets"], "size": 4}],
        "observables": [
            {"name": "b", "kind": "field", "of": "fourjet", "field": "pt", "reduce": "max"}
        ],
        "histograms": [{"name": "b", "observable": "b", "bins": 2, "start": 0, "stop": 1,
                        "label": "x"}],
    }  # fmt: skip
    with pytest.raises(SpecError, match="four-object"):
        parse_spec(spec)


@pytest.fixture(scope="module")
def four_leptons(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = [
        _plan("m4l of all leptons with no cuts in ttbar", cat),
        _plan("the pT of the neutral four-lepton system of all leptons with no cuts in ttbar", cat),
    ]
    for plan in plans:
        assert plan.ok, plan.question
    return [(p, run_spec(p.spec, workdir=tmp_path_factory.mktemp("m4l")).result) for p in plans]


def leading_lepton_system(demo_data, n):
    """Reference for the n leading light leptons of the ttbar demo file as one system: (events,
    mask of events with >= n, the n leptons, mass, px, py)."""
    ev = _ttbar(demo_data, ("Muon", "Electron"))
    fields = ("pt", "eta", "phi", "mass", "charge")
    lep = ak.concatenate([coll(ev, "Electron")[list(fields)], coll(ev, "Muon")[list(fields)]],
                         axis=1)  # fmt: skip
    lep = lep[ak.argsort(lep.pt, axis=1, ascending=False)]
    enough = ak.to_numpy(ak.num(lep) >= n)
    lead = lep[enough][:, :n]
    e, px, py, pz = (ak.to_numpy(ak.sum(c, axis=1)) for c in _p4(lead))
    mass = np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0))
    return ev, enough, lead, mass, px, py


def test_four_lepton_mass_and_neutral_pt_match_the_reference(four_leptons, demo_data):
    ev, four, lead, mass, px, py = leading_lepton_system(demo_data, 4)
    w = weights(TT, ev)[four]
    (mass_plan, mass_result), (pt_plan, pt_result) = four_leptons
    (h,) = mass_plan.spec.histograms
    check(mass_result, h.name, TT, mass, w, 50, 0, 500)
    neutral = ak.to_numpy(ak.sum(lead.charge, axis=1) == 0)
    assert 0 < neutral.sum() < len(neutral)  # the charge requirement removes something
    (h,) = pt_plan.spec.histograms
    check(pt_result, h.name, TT, np.hypot(px, py)[neutral], w[neutral], 40, 0, 200)


# --- the momentum magnitude |p| ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("the |p| of the leading muon", 0),
        ("muon momentum magnitude", None),
        ("the magnitude of the momentum of the muons", None),
        ("three-momentum of the leading muon", 0),
        ("absolute momentum of the leading muon", 0),
    ],
)
def test_the_momentum_magnitude_is_planned(catalog, text, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", "muons", "p", index)
    (h,) = plan.spec.histograms
    assert h.unit == "GeV" and "p" in h.label
    assert "|p| (momentum magnitude |p| = pT cosh(eta))" in plan.describe(catalog)


def test_plain_momentum_stays_pt_and_says_so(catalog):
    plan = _plan("the leading muon momentum", catalog)
    assert plan.ok and plan.spec.observables[0].field == "pt"
    assert any("'|p|'" in n and "transverse momentum" in n for n in plan.notes)


def test_a_derived_field_is_checked_through_the_fields_it_needs(catalog, demo_data):
    from chathep.errors import SpecError
    from chathep.resolve import check_spec

    plan = _plan("muon momentum magnitude in data", catalog)
    assert plan.ok, plan.question
    check_spec(plan.spec, catalog)  # p is not a branch: pt and eta are
    bad = plan.spec.model_copy(deep=True)
    bad.observables[0].field = "pq"
    with pytest.raises(SpecError, match="no field 'pq'"):
        check_spec(bad, catalog)


@pytest.fixture(scope="module")
def momentum(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("plot the muon momentum magnitude and the |p| of the dimuon system",
                 default_catalog())  # fmt: skip
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("p")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_momentum_magnitude_matches_the_reference(momentum, demo_data, sample):
    plan, result = momentum
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)
    single, pair = (h.name for h in plan.spec.histograms)
    # each plot has its own events, as asked alone: every selected muon's |p|
    per_muon, w_muon = flat_per_object(mu.pt * np.cosh(mu.eta), weights(sample, ev))
    check(result, single, sample, per_muon, w_muon, 50, 0, 500)
    two = ak.to_numpy(ak.num(mu) >= 2)
    mu, w = mu[two], weights(sample, ev)[two]
    opposite = ak.to_numpy(mu[:, 0].charge * mu[:, 1].charge < 0)
    mu, w = mu[opposite], w[opposite]  # the |p| of the pair: the events of the pair
    _, x1, y1, z1 = _p4(mu[:, 0])
    _, x2, y2, z2 = _p4(mu[:, 1])
    p = ak.to_numpy(np.sqrt((x1 + x2) ** 2 + (y1 + y2) ** 2 + (z1 + z2) ** 2))
    check(result, pair, sample, p, w, 50, 0, 500)


# --- the 3D opening angle --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "of", "other"),
    [
        ("opening angle between the two muons", "muons", None),
        ("the 3D angle between the leading muon and the leading jet", "muons", "jets"),
        ("angle between the leptons", "leptons", None),
    ],
)
def test_the_opening_angle_is_planned(catalog, text, of, other):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.other) == ("angle", of, other)
    (h,) = plan.spec.histograms
    assert (h.unit, h.start, h.stop) == ("rad", 0.0, pytest.approx(np.pi))
    assert any("3D angle between the two momenta" in d for d in plan.defaults)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("delta R of the two muons", "delta_r"), ("delta phi of the two muons", "delta_phi")],
)
def test_delta_r_and_delta_phi_keep_their_meaning(catalog, text, kind):
    plan = _plan(text, catalog)
    assert plan.ok and [o.kind for o in plan.spec.observables] == [kind]


def test_an_angle_with_the_met_is_refused():
    from chathep.errors import SpecError
    from chathep.spec import parse_spec

    spec = {
        "title": "t",
        "objects": [{"name": "muons", "source": "Muon"}],
        "observables": [{"name": "a", "kind": "angle", "of": "muons", "other": "met"}],
        "histograms": [{"name": "a", "observable": "a", "bins": 2, "start": 0, "stop": 1,
                        "label": "x"}],
    }  # fmt: skip
    with pytest.raises(SpecError, match="MET has no eta"):
        parse_spec(spec)


@pytest.fixture(scope="module")
def angles(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan(
        "plot the opening angle between the two muons and the delta R between the two muons",
        default_catalog(),
    )
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("angle")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_opening_angle_matches_the_reference(angles, demo_data, sample):
    from tests.test_physics import dr

    plan, result = angles
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)
    two = ak.to_numpy(ak.num(mu) >= 2)
    a, b = mu[two][:, 0], mu[two][:, 1]
    _, x1, y1, z1 = _p4(a)
    _, x2, y2, z2 = _p4(b)
    cos = (x1 * x2 + y1 * y2 + z1 * z2) / np.sqrt((x1**2 + y1**2 + z1**2) * (x2**2 + y2**2 + z2**2))
    angle = ak.to_numpy(np.arccos(np.clip(cos, -1, 1)))
    w = weights(sample, ev)[two]
    by_kind = {plan.spec.observable(h.observable).kind: h.name for h in plan.spec.histograms}
    check(result, by_kind["angle"], sample, angle, w, 32, 0, np.pi)
    check(result, by_kind["delta_r"], sample, ak.to_numpy(dr(a, b)), w, 30, 0, 6)
    assert not np.allclose(angle, ak.to_numpy(dr(a, b)))  # two different quantities


# --- the candidate of highest mass -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("the dijet pair with the largest invariant mass", "mass"),
        ("maximum dijet mass", "mass"),
        ("m_jj max", "mass"),
        ("the jet pair with the highest mass", "mass"),
        ("the pT of the dijet with the largest mass", "pt"),
    ],
)
def test_the_highest_mass_pair_is_planned_and_stated(catalog, text, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.choose, comb.leading) == (["jets"], "highest_mass", None)
    (obs,) = plan.spec.observables
    assert (obs.of, obs.field) == ("dijet", field)
    assert any("highest mass among all combinations" in d for d in plan.defaults)
    assert "the one with the highest mass" in plan.describe(catalog)


@pytest.mark.parametrize(
    ("text", "asked"),
    [("the jet with the largest mass", "pairs"), ("the pair with the highest mass", "which")],
)
def test_a_highest_mass_without_a_pair_is_asked(catalog, text, asked):
    plan = _plan(text, catalog)
    assert not plan.ok and asked in plan.question


@pytest.fixture(scope="module")
def max_dijet(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("the maximum dijet mass in ttbar", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("mjjmax")).result


def test_highest_dijet_mass_matches_the_reference(max_dijet, demo_data):
    plan, result = max_dijet
    ev = _ttbar(demo_data, ("Jet",))
    jets = coll(ev, "Jet")
    jets = jets[(jets.pt > 30) & (abs(jets.eta) < 2.4) & (jets.jetId >= 2)]
    two = ak.to_numpy(ak.num(jets) >= 2)
    pairs = ak.combinations(jets[two], 2, fields=["a", "b"])
    e1, x1, y1, z1 = _p4(pairs.a)
    e2, x2, y2, z2 = _p4(pairs.b)
    m2 = (e1 + e2) ** 2 - (x1 + x2) ** 2 - (y1 + y2) ** 2 - (z1 + z2) ** 2
    masses = np.sqrt(np.maximum(m2, 0))
    highest = ak.to_numpy(ak.max(masses, axis=1))
    leading = ak.to_numpy(masses[:, 0])  # the two leading jets (pair [0] of the combinations)
    assert np.any(highest > leading)  # the choice matters on this file
    (h,) = plan.spec.histograms
    check(result, h.name, TT, highest, weights(TT, ev)[two], 50, 0, 1000)


@pytest.mark.parametrize("text", ["maximum dijet mass of 500 GeV", "dijet mass maximum of 500 GeV"])
def test_a_maximum_with_a_number_is_not_the_highest_mass_pair(catalog, text):
    # a bound on the mass, not the choice of a pair: never read as highest_mass
    plan = _plan(text, catalog)
    assert not plan.ok and "maximum" in plan.question
