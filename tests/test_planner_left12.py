"""Misreadings left over (session 12): each wording is read one way and the plan says which.

The lepton cut beside another plotted object selects the events; "the mass of the jets" is
each jet's mass; a follow-up that keeps "leading" says so; "in the range 20-100 GeV" is the
axis (said) unless it qualifies the objects (a cut); the Z's reading (sample or selection, and
its flavour) is stated; "the leading 3 jets" and "the maximum |eta| of the two leading jets"
are read; "the DoubleMuon primary dataset" is the stream's data. One sandboxed run checks the
new per-event readings against hand-written uproot/awkward numbers (nothing from chathep).
"""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.planner import plan_request
from chathep.spec import parse_spec
from tests.test_physics import DATA, DY, FILES, check, coll, weights


def _plan(text, catalog, previous=None):
    plan = plan_request(text, catalog, mode="parser", check_files=False, previous=previous)
    assert plan.ok, plan.question
    return plan


def _obs(plan):
    (h,) = plan.spec.histograms
    return plan.spec.observable(h.observable), h


def _cuts(spec, name):
    return {(c.field, c.op, c.value) for c in spec.object(name).cuts}


def _said(plan):
    return " ".join(plan.notes + plan.defaults)


# --- 1. a lepton cut beside the plotted jet: an event selection ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the leading jet pT for muons above 10 GeV",
        "the leading jet pT for events with muons above 10 GeV",
        "leading jet pT, muons above 10 GeV",
    ],
)
def test_the_muon_cut_selects_events_the_jet_is_plotted(catalog, text):
    plan = _plan(text, catalog)
    obs, _ = _obs(plan)
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", "jets", "pt", 0)
    assert ("pt", ">", 10.0) in _cuts(plan.spec, "muons")
    steps = {(s.count, s.op, s.value) for s in plan.spec.selection}
    assert ("muons", ">=", 1.0) in steps and ("jets", ">=", 1.0) in steps
    if "events with" not in text:  # the reading is new: said
        assert any("read as an event selection" in n and "muons" in n for n in plan.notes)


def test_the_muon_pt_for_muons_above_stays_a_cut_on_the_plotted_muons(catalog):
    plan = _plan("the muon pT for muons above 30 GeV", catalog)
    obs, _ = _obs(plan)
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", None)
    assert ("pt", ">", 30.0) in _cuts(plan.spec, "muons")
    assert not any("event selection" in n for n in plan.notes)


# --- 2. the mass of the jets --------------------------------------------------------------------


def test_the_mass_of_the_jets_is_each_jets_mass(catalog):
    plan = _plan("plot the mass of the jets", catalog)
    obs, _ = _obs(plan)
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", "jets", "mass", None)
    assert not plan.spec.combinations
    assert plan.spec.object("jets").cuts  # the default jet selection, as for "the jet mass"
    said = _said(plan)
    assert "one entry per selected jet" in said and "say 'the dijet mass'" in said


@pytest.mark.parametrize(
    "text",
    [
        "plot the dijet mass",
        "plot the mass of the two jets",
        "plot the invariant mass of the jet pair",
        "plot the invariant mass of the jets",
    ],
)
def test_the_pair_wordings_stay_the_pair_mass(catalog, text):
    plan = _plan(text, catalog)
    obs, _ = _obs(plan)
    (pair,) = plan.spec.combinations
    assert (obs.of, obs.field, pair.inputs, pair.leading) == ("dijet", "mass", ["jets"], 2)


# --- 3. a follow-up keeps "leading": said ------------------------------------------------------


def test_a_followup_to_another_object_states_the_kept_leading(catalog):
    first = _plan("plot the leading jet pT", catalog)
    then = _plan("now the muon pT", catalog, previous=first)
    obs, _ = _obs(then)
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", 0)
    (note,) = [n for n in then.notes if "as before" in n]
    assert "leading muon" in note and "the pT of each selected muon" in note
    # the wording the note offers does change it
    every = _plan("the pT of each selected muon", catalog, previous=then)
    obs, _ = _obs(every)
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", None)
    assert ("pt", ">", 20.0) in _cuts(every.spec, "muons")


# --- 4. "in the range": the axis, or a cut on the objects ---------------------------------------


def test_in_the_range_is_the_axis_and_says_no_cut(catalog):
    plan = _plan("the muon pT in the range 20-100 GeV", catalog)
    _, h = _obs(plan)
    assert (h.start, h.stop) == (20.0, 100.0)
    assert ("pt", "<", 100.0) not in _cuts(plan.spec, "muons")
    (note,) = [n for n in plan.notes if "histogram's axis" in n]
    assert "no cut was applied" in note and "'muons with pT between 20 and 100 GeV'" in note
    # the wording the note offers is a cut
    cut = _plan("muons with pT between 20 and 100 GeV", catalog)
    assert {("pt", ">", 20.0), ("pt", "<", 100.0)} <= _cuts(cut.spec, "muons")
    # a pair's mass in a range: the axis, said (no object wording offered)
    mass = _plan("the dimuon mass in the range 70-110 GeV", catalog)
    assert (mass.spec.histograms[0].start, mass.spec.histograms[0].stop) == (70.0, 110.0)
    assert any("histogram's axis" in n and "between" not in n for n in mass.notes)


@pytest.mark.parametrize(
    "text",
    ["muons with pT in the range 20-100 GeV", "plot muons with pT in the range 20 to 100 GeV"],
)
def test_muons_with_pt_in_the_range_is_a_cut(catalog, text):
    plan = _plan(text, catalog)
    obs, h = _obs(plan)
    assert (obs.of, obs.field) == ("muons", "pt")
    assert {("pt", ">", 20.0), ("pt", "<", 100.0)} <= _cuts(plan.spec, "muons")
    assert any("read as a cut: 20 < pT < 100 GeV" in n for n in plan.notes)


# --- 5. the Z: sample or selection, and its flavour, said ---------------------------------------


@pytest.mark.parametrize(
    "text", ["the muon pT in Z events", "the muon pT in Z+jets", "the jet pT in Z events"]
)
def test_z_events_are_the_dy_sample_said(catalog, text):
    plan = _plan(text, catalog)
    assert plan.spec.samples == [DY] and not plan.spec.combinations
    assert any("Drell-Yan" in n and "no Z candidate selection" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("text", "source", "word"),
    [
        ("the muon pT in Z boson events", "Muon", "Z -> mumu"),
        ("the leading electron eta in events from the Z", "Electron", "Z -> ee"),
        ("the jet pT in Z boson events", "Muon", "Z -> mumu"),
        ("the leading jet pT in Z->ee events", "Electron", "Z -> ee candidate"),
    ],
)
def test_z_boson_events_are_a_selection_with_its_flavour_said(catalog, text, source, word):
    plan = _plan(text, catalog)
    (z,) = plan.spec.combinations
    assert z.name == "zcand" and plan.spec.object(z.inputs[0]).source == source
    assert plan.spec.samples == "auto"  # data and simulation
    (note,) = [n for n in plan.notes if "event selection" in n]
    assert word in note
    plotted = plan.spec.observable(plan.spec.histograms[0].observable).of
    assert ("the flavour of the plotted" in note) == (plotted == z.inputs[0])


def test_the_selection_the_sample_note_offers_is_a_selection(catalog):
    plan = _plan("the muon pT in events with a Z boson candidate", catalog)
    (z,) = plan.spec.combinations
    assert z.name == "zcand" and plan.spec.samples == "auto"


# --- 6. the first N objects ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["the HT of the leading 3 jets", "the HT of the 3 leading jets"])
def test_the_ht_of_the_leading_3_jets(catalog, text):
    plan = _plan(text, catalog)
    obs, _ = _obs(plan)
    assert (obs.kind, obs.of, obs.field, obs.reduce, obs.first) == ("reduce", "jets", "pt",
                                                                     "sum", 3)  # fmt: skip
    assert not plan.spec.selection  # "3 jets" is not read as a count
    assert "fewer than 3 selected jets has no entry" in _said(plan)


@pytest.mark.parametrize(
    "text",
    ["the maximum |eta| of the two leading jets", "the maximum |eta| of the leading 2 jets"],
)
def test_the_maximum_abs_eta_of_the_two_leading_jets(catalog, text):
    plan = _plan(text, catalog)
    obs, h = _obs(plan)
    assert (obs.kind, obs.of, obs.field, obs.reduce, obs.abs, obs.first) == (
        "reduce", "jets", "eta", "max", True, 2
    )  # fmt: skip
    assert "maximum |eta| of the 2 leading jets" in _said(plan)
    assert "fewer than 2 selected jets has no entry" in _said(plan)
    assert h.label.startswith("Maximum") and (h.start, h.stop) == (0.0, 2.5)


# --- 7. the primary dataset ---------------------------------------------------------------------


def test_the_doublemuon_primary_dataset_is_the_stream_data(catalog):
    plan = _plan("plot the muon pT from the DoubleMuon primary dataset", catalog)
    assert plan.spec.samples == [DATA]
    assert any("DoubleMuon stream" in n for n in plan.notes)
    # a stream the catalog does not hold is asked about, never replaced by another sample
    absent = plan_request("plot the muon pT from the SingleMuon primary dataset", catalog,
                          mode="parser", check_files=False)  # fmt: skip
    assert not absent.ok and "singlemuon" in absent.question.lower()


# --- one sandboxed run: the new per-event readings vs uproot + awkward ---------------------------

_TEXTS = (
    "the maximum |eta| of the two leading jets",
    "the HT of the leading 3 jets",
    "plot the mass of the jets",
)


@pytest.fixture(scope="module")
def left_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    objects: dict[str, dict] = {}
    observables, histograms = [], []
    for text in _TEXTS:
        plan = _plan(text, cat)
        assert not plan.spec.selection and not plan.spec.combinations
        for obj in plan.spec.objects:
            dumped = obj.model_dump()
            assert objects.setdefault(obj.name, dumped) == dumped
        observables += [o.model_dump() for o in plan.spec.observables]
        histograms += [h.model_dump() for h in plan.spec.histograms]
    spec = parse_spec(
        {"title": "left12", "samples": [DATA, DY], "objects": list(objects.values()),
         "observables": observables, "histograms": histograms}
    )  # fmt: skip
    return spec, run_spec(spec, workdir=tmp_path_factory.mktemp("left12")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_new_readings_match_the_reference(left_run, demo_data, sample):
    spec, result = left_run
    assert _cuts(spec, "jets") == {("pt", ">", 30), ("eta", "<", 2.4), ("jetId", ">=", 2)}
    with uproot.open(demo_data / FILES[sample]) as f:
        ev = f["Events"].arrays(filter_name=["Jet_*", "genWeight"])
    w = weights(sample, ev)
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    jets = ak.to_list(jet[ak.argsort(jet.pt, axis=1, ascending=False)])
    nj = np.array([len(r) for r in jets])
    assert (nj == 1).any() and (nj == 2).any() and (nj >= 3).any()
    two, three = nj >= 2, nj >= 3
    max_eta = np.array([max(abs(r[0]["eta"]), abs(r[1]["eta"])) for r in jets if len(r) >= 2])
    ht3 = np.array([r[0]["pt"] + r[1]["pt"] + r[2]["pt"] for r in jets if len(r) >= 3])
    masses = np.array([j["mass"] for r in jets for j in r])
    per_jet_w = np.repeat(w, nj)
    expected = {
        ("eta", "max"): (max_eta, w[two]),
        ("pt", "sum"): (ht3, w[three]),
        ("mass", None): (masses, per_jet_w),
    }
    for h in spec.histograms:
        obs = spec.observable(h.observable)
        values, wk = expected.pop((obs.field, obs.reduce))
        check(result, h.name, sample, values, wk, h.bins, h.start, h.stop)
    assert not expected
