"""Silent misreadings of session 11 (helper S): requests the planner used to plan as something
else with no note, now read as written, with paraphrases of our own; the new readings are run
in the sandbox against hand-written uproot/awkward references (nothing from chathep in them).

1. "the leading jet pT for events with 1 jet and for events with 2 jets": two histograms,
   exactly 1 and exactly 2 jets (was: one plot of events with >= 2 jets);
2. "the leading jet pT in events from the Z": Z events, as "in Z boson events" (was: the Z
   dropped);
3. "the transverse mass of the two leading leptons and the MET": the two highest-pT light
   leptons, any flavour and charge (was: the highest-pT same-flavour pair);
4. "the leading jet pT and the MET": the MET of every event (was: of the events with a jet).
"""

from __future__ import annotations

from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.planner import plan_request
from tests.test_physics import DY, check, coll, read, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _counts(spec, steps):
    """(object, op, value) of the count steps among ``steps`` (names)."""
    return sorted((s.count, s.op, s.value) for s in spec.selection if s.name in steps and s.count)


# --- 1. "for events with 1 jet and for events with 2 jets": two histograms -----------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the leading jet pT for events with 1 jet and for events with 2 jets",
        "plot the leading jet pT in events with one jet and in events with two jets",
        "show the leading jet pT for events with 1 jet and events with 2 jets",
        "plot the leading jet pT for events with 1 jet and with 2 jets",
        "plot the leading jet pT in events with 1 jet vs events with 2 jets",
        "plot the leading jet pT in events with 1 and 2 jets separately",
        "plot the leading jet pT in 1-jet and 2-jet events",
        "plot the leading jet pT in the 1 jet and 2 jet bins",
        "plot the leading jet pT, once for events with 1 jet and once for events with 2 jets",
        "compare the leading jet pT in events with one jet to events with two jets",
    ],
)
def test_two_jet_counts_are_two_histograms_of_exactly_that_many(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    one, two = spec.histograms
    assert one.observable == two.observable
    assert sorted(_counts(spec, one.steps)) == [("jets", "<=", 1), ("jets", ">=", 1)]
    assert sorted(_counts(spec, two.steps)) == [("jets", "<=", 2), ("jets", ">=", 2)]
    # the regions reader, or (session 15) the per-count reader, says each count is exact
    assert any(
        "exactly" in n and ("one histogram per selection" in n or "one histogram per count" in n)
        for n in plan.notes
    )


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "plot the MET for events with at least 1 jet and for events with at least 2 jets",
            [("jets", ">=", 1)],
            [("jets", ">=", 2)],
        ),
        (
            "plot the MET in events with 0 b-tagged jets and in events with 1 b-tagged jet",
            [("bjets", "<=", 0)],
            [("bjets", "<=", 1), ("bjets", ">=", 1)],
        ),
    ],
)
def test_stated_counts_keep_their_words(catalog, text, first, second):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    a, b = plan.spec.histograms
    assert _counts(plan.spec, a.steps) == first
    assert _counts(plan.spec, b.steps) == second


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        # two objects: one selection of both (unchanged)
        ("plot the MET in events with 2 muons and 2 jets", [("jets", ">=", 2), ("muons", ">=", 2)]),
        ("plot the leading jet pT in events with 2 jets", [("jets", ">=", 2)]),
    ],
)
def test_one_selection_of_counts_is_unchanged(catalog, text, steps):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 1
    assert _counts(plan.spec, {s.name for s in plan.spec.selection}) == steps


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # was: one plot of events with >= 2 jets, with a note on '1 jet' only
        ("plot the leading jet pT with one jet and with two jets", "'1 jet' and '2 jets'"),
        ("plot the MET for events with 1 muon or with 2 muons", "'1 muon' and '2 muons'"),
    ],
)
def test_two_bare_counts_of_one_object_are_asked(catalog, text, words):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec
    assert words in plan.question and "one histogram for each" in plan.question


def test_a_count_range_is_one_selection(catalog):
    plan = _plan("plot the MET in events with 2 to 4 jets", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert h.steps is None
    assert _counts(plan.spec, {s.name for s in plan.spec.selection}) == [
        ("jets", "<=", 4),
        ("jets", ">=", 2),
    ]


# --- 2. "in events from the Z": Z events --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the leading jet pT in events from the Z",
        "plot the leading jet pT in events from a Z",
        "plot the leading jet pT for events containing a Z",
        "plot the leading jet pT in events with a Z",
        "plot the leading jet pT in events from Z decays",
        "plot the leading jet pT in events where a Z was produced",
        "plot the leading jet pT in events that contain a Z",
        "plot the leading jet pT for events with a reconstructed Z",
    ],
)
def test_events_from_the_z_are_z_boson_events(catalog, text):
    reference = _plan("plot the leading jet pT in Z boson events", catalog)
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.combinations == reference.spec.combinations
    assert plan.spec.selection == reference.spec.selection
    assert plan.spec.histograms == reference.spec.histograms
    assert any("Z read as an event selection" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("plot the leading jet pT in Z decays", "'z decays'"),  # was: the Z dropped
        ("plot the number of jets for Z production", "'z production'"),
    ],
)
def test_a_z_no_rule_places_is_asked(catalog, text, words):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec
    assert words in plan.question and "DY sample" in plan.question


@pytest.mark.parametrize(
    ("text", "samples"),
    [("plot the number of jets in Z events", [DY]), ("plot the MET in Z+jets", [DY])],
)
def test_a_z_sample_word_is_not_asked(catalog, text, samples):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == samples


def test_the_z_sample_stays_a_sample(catalog):
    plan = _plan("plot the leading jet pT in events from the Z sample", catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == [DY] and not plan.spec.combinations


# --- 3. "the two leading leptons": any flavour ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "field"),
    [
        ("plot the transverse mass of the two leading leptons and the MET", "mt", None),
        ("plot the mT of the 2 leading leptons and MET", "mt", None),
        ("plot the invariant mass of the two leading leptons", "field", "mass"),
        ("plot the mass of the leading and subleading lepton", "field", "mass"),
        ("plot the pT of the system of the two leading leptons", "field", "pt"),
        ("plot the mass of the first two leptons", "field", "mass"),  # was: '2 leptons', SF
        ("plot the transverse mass of the leading two leptons and the MET", "mt", None),
    ],
)
def test_the_two_leading_leptons_are_of_any_flavour(catalog, text, kind, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    (leptons,) = [plan.spec.object(n) for n in comb.inputs]
    assert sorted(leptons.merge) == ["electrons", "muons"]  # electrons and muons together
    assert (comb.leading, comb.same_flavour, comb.charge) == (2, False, "any")
    (obs,) = [plan.spec.observable(h.observable) for h in plan.spec.histograms]
    assert (obs.kind, obs.field, obs.of) == (kind, field, comb.name)


@pytest.mark.parametrize(
    "text",
    ["plot the dilepton mass", "plot the transverse mass of the dilepton system and the MET"],
)
def test_a_dilepton_is_still_a_same_flavour_pair(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.same_flavour and comb.charge == "opposite"


# --- 4. "the leading jet pT and the MET": the MET of every event ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the leading jet pT and the MET",
        "plot the pT of the leading jet and the missing transverse energy",
        "plot the subleading jet pT and the MET",
        "show me the leading jet eta and the number of primary vertices",
        "plot the leading jet pT, the MET and the MET phi",
    ],
)
def test_an_event_quantity_after_an_object_one_has_every_event(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    kinds = {h.name: spec.observable(h.observable).kind for h in spec.histograms}
    jet = [h for h in spec.histograms if kinds[h.name] == "field"]
    event = [h for h in spec.histograms if kinds[h.name] != "field"]
    assert jet and event
    assert all(h.steps == [] for h in event)  # every event
    assert all(_counts(spec, h.steps) for h in jet)  # the events with that jet
    assert any("as if asked alone" in n for n in plan.notes)


def test_a_shared_event_selection_stays_shared(catalog):
    plan = _plan("plot the leading jet pT and the MET in events with at least 2 jets", catalog)
    assert plan.ok, plan.question
    assert all(h.steps is None for h in plan.spec.histograms)
    assert _counts(plan.spec, {s.name for s in plan.spec.selection}) == [("jets", ">=", 2)]


# --- sandboxed runs against hand-written references ----------------------------------------


def _jets(ev):
    jets = coll(ev, "Jet")
    return jets[(jets.pt > 30) & (abs(jets.eta) < 2.4) & (jets.jetId >= 2)]


@pytest.fixture(scope="module")
def two_jet_counts(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan(
        "plot the leading jet pT for events with 1 jet and for events with 2 jets in DY",
        default_catalog(),
    )
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("counts")).result


def test_two_jet_counts_match_the_reference(two_jet_counts, demo_data):
    plan, result = two_jet_counts
    ev = read(demo_data, DY)
    jets = _jets(ev)
    n = ak.to_numpy(ak.num(jets))
    lead = ak.to_numpy(ak.fill_none(ak.firsts(jets.pt), -1.0))
    w = weights(DY, ev)
    assert (n > 2).sum() > 0  # the old reading (>= 2 jets) would fill these too
    one, two = plan.spec.histograms
    for h, k in ((one, 1), (two, 2)):
        assert 0 < (n == k).sum() < len(n)
        check(result, h.name, DY, lead[n == k], w[n == k], h.bins, h.start, h.stop)


@pytest.fixture(scope="module")
def jet_and_met(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("plot the leading jet pT and the MET in DY", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("jet_met")).result


def test_the_met_beside_the_leading_jet_is_of_every_event(jet_and_met, demo_data):
    plan, result = jet_and_met
    ev = read(demo_data, DY)
    jets = _jets(ev)
    has_jet = ak.to_numpy(ak.num(jets)) >= 1
    assert 0 < has_jet.sum() < len(ev)  # the two readings differ on these events
    w = weights(DY, ev)
    kinds = {h.name: plan.spec.observable(h.observable).kind for h in plan.spec.histograms}
    met_h = next(h for h in plan.spec.histograms if kinds[h.name] == "met")
    jet_h = next(h for h in plan.spec.histograms if h is not met_h)
    check(result, met_h.name, DY, ak.to_numpy(ev.MET_pt), w, met_h.bins, met_h.start, met_h.stop)
    lead = ak.to_numpy(ak.firsts(jets.pt[has_jet]))
    check(result, jet_h.name, DY, lead, w[has_jet], jet_h.bins, jet_h.start, jet_h.stop)


# the demo files hold no event with an electron and a muon: a small file of our own does
N_MIXED = 400


def _leptons(rng, n, mass, pdg, most):
    counts = rng.integers(0, most + 1, n)
    total = int(counts.sum())
    charge = rng.choice([-1, 1], total).astype(np.int32)
    flat = {
        "pt": rng.uniform(5, 120, total).astype(np.float32),
        "eta": rng.uniform(-2.3, 2.3, total).astype(np.float32),
        "phi": rng.uniform(-np.pi, np.pi, total).astype(np.float32),
        "mass": np.full(total, mass, np.float32),
        "charge": charge,
        "pdgId": (-pdg * charge).astype(np.int32),
    }
    return ak.unflatten(ak.zip(flat), counts)


def _write_mixed(path: Path) -> Path:
    rng = np.random.default_rng(11)
    branches = {
        "Muon": _leptons(rng, N_MIXED, 0.1057, 13, 2),
        "Electron": _leptons(rng, N_MIXED, 0.000511, 11, 2),
        "MET_pt": rng.uniform(0, 150, N_MIXED).astype(np.float32),
        "MET_phi": rng.uniform(-np.pi, np.pi, N_MIXED).astype(np.float32),
        "run": np.full(N_MIXED, 1, np.uint32),
        "luminosityBlock": np.full(N_MIXED, 1, np.uint32),
        "event": np.arange(N_MIXED, dtype=np.uint64),
    }
    with uproot.recreate(path) as f:
        f.mktree(
            "Events",
            {k: v.type if isinstance(v, ak.Array) else v.dtype for k, v in branches.items()},
        )
        f["Events"].extend(branches)
    return path


@pytest.fixture(scope="module")
def mixed_leptons(tmp_path_factory):
    from chathep import datasets
    from chathep.catalog import default_catalog
    from chathep.config import get_settings

    root = tmp_path_factory.mktemp("mixed")
    mp = pytest.MonkeyPatch()
    mp.setenv("CHATHEP_DATA_DIR", str(root / "data"))
    get_settings.cache_clear()
    default_catalog.cache_clear()  # type: ignore[attr-defined]
    try:
        path = _write_mixed(root / "mixed.root")
        datasets.add("mixed", [path], kind="data", era="2012", sqrt_s_tev=8)
        plan = plan_request(
            "plot the transverse mass of the two leading leptons and the MET in mixed",
            default_catalog(),
            mode="parser",
            check_files=False,
            as_written=True,  # no default IDs: the file has kinematics and charge only
        )
        assert plan.ok, plan.question
        result = run_spec(plan.spec, workdir=root / "run").result
        yield path, plan, result
    finally:
        mp.undo()
        get_settings.cache_clear()
        default_catalog.cache_clear()  # type: ignore[attr-defined]


def test_the_two_leading_leptons_match_the_reference(mixed_leptons):
    path, plan, result = mixed_leptons
    with uproot.open(path) as f:
        ev = f["Events"].arrays()
    mu, el = coll(ev, "Muon"), coll(ev, "Electron")
    keys = ["pt", "eta", "phi", "mass"]
    both = ak.concatenate([mu[keys], el[keys]], axis=1)
    both = both[ak.argsort(both.pt, axis=1, ascending=False)]
    two = ak.num(both) >= 2
    a, b = both[two][:, 0], both[two][:, 1]
    # the system of the two: sum of the four-vectors, in float64
    px = sum(ak.to_numpy(p.pt).astype(float) * np.cos(ak.to_numpy(p.phi)) for p in (a, b))
    py = sum(ak.to_numpy(p.pt).astype(float) * np.sin(ak.to_numpy(p.phi)) for p in (a, b))
    pz = sum(ak.to_numpy(p.pt).astype(float) * np.sinh(ak.to_numpy(p.eta)) for p in (a, b))
    e = sum(
        np.sqrt(
            (ak.to_numpy(p.pt).astype(float) * np.cosh(ak.to_numpy(p.eta))) ** 2
            + ak.to_numpy(p.mass).astype(float) ** 2
        )
        for p in (a, b)
    )
    m2 = np.maximum(e**2 - px**2 - py**2 - pz**2, 0.0)
    met_x = ak.to_numpy(ev.MET_pt[two]) * np.cos(ak.to_numpy(ev.MET_phi[two]))
    met_y = ak.to_numpy(ev.MET_pt[two]) * np.sin(ak.to_numpy(ev.MET_phi[two]))
    et = np.sqrt(m2 + px**2 + py**2)
    met = np.hypot(met_x, met_y)
    mt = np.sqrt(np.maximum((et + met) ** 2 - (px + met_x) ** 2 - (py + met_y) ** 2, 0.0))
    # the reading is new only where it differs from the highest-pT same-flavour pair
    flavours = ak.concatenate(
        [ak.zeros_like(mu.pt, dtype=np.int8), ak.ones_like(el.pt, dtype=np.int8)], axis=1
    )
    flavours = flavours[ak.argsort(ak.concatenate([mu.pt, el.pt], axis=1), axis=1,
                                   ascending=False)][two]  # fmt: skip
    assert (ak.to_numpy(flavours[:, 0]) != ak.to_numpy(flavours[:, 1])).sum() > 20
    (h,) = plan.spec.histograms
    values = result.histograms[h.name]["mixed", "nominal", :].values(flow=True)
    idx = np.clip(np.floor((mt - h.start) / (h.stop - h.start) * h.bins).astype(int) + 1, 0,
                  h.bins + 1)  # fmt: skip
    np.testing.assert_array_equal(values, np.bincount(idx, minlength=h.bins + 2))
    assert values.sum() == np.count_nonzero(ak.to_numpy(two)) > 0
