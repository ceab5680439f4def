"""Session 26: what tuning text written by others asked for, read as written.

1. "|delta phi| between the leading jet and the MET" (with the bars) is the angle with the MET
   (was: 'jet and the met' unplaced);
2. a cut on an angle between two kinds of objects ("events with |delta phi| between the leading
   jet and the dimuon above 2.7", the Z+jet back-to-back requirement) is an event step on the
   plan's objects, said (was asked: the angle's own plot leaves the jets uncleaned);
3. generator-level particles by PDG code ("particles with |pdgId| == 25", "the Higgs (PDG ID
   25)"), "the last copy" (what the plan takes), and the simulated samples that hold the
   particle (the generator-level top quark pT ran on Drell-Yan: an empty histogram, no note);
4. a ZH / WH sample the catalog lacks offers the generator.

Each fix is asserted on the planner's reading, and the new cuts in one sandboxed run against
hand-written uproot/awkward references on the demo files (nothing from chathep in them).
"""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.catalog import Catalog
from chathep.planner import plan_request
from tests._planned_run import muon_jet_events, run_plans, sorted_by_pt
from tests.test_physics import DY, TT, check, coll, dphi, dr, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _angle_steps(plan):
    """(kind, of, other, op, value) of each selection step on an angle observable."""
    out = []
    for s in plan.spec.selection:
        obs = plan.spec.observable(s.observable) if s.observable else None
        if obs is not None and obs.kind in ("delta_phi", "delta_eta", "delta_r"):
            out.append((obs.kind, obs.of, obs.other, s.op, s.value))
    return out


# --- 1. the bars around an angle with the MET ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "|delta phi| between the leading jet and the MET",
        "|Δφ| between the leading jet and the MET",
    ],
)
def test_an_angle_with_the_met_in_bars_is_read(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = [o for o in plan.spec.observables if o.kind == "delta_phi"]
    assert (obs.of, obs.other) == ("jets", "met")


def test_a_cut_on_an_angle_with_the_met_in_bars_is_an_event_step(catalog):
    plan = _plan(
        "the MET in events with |delta phi| between the leading jet and the MET above 0.5",
        catalog,
    )
    assert plan.ok, plan.question
    assert _angle_steps(plan) == [("delta_phi", "jets", "met", ">", 0.5)]
    assert plan.spec.histograms[0].observable == "met_pt"


# --- 2. an angle between two kinds of objects as an event cut -------------------------------


@pytest.mark.parametrize(
    ("text", "plotted", "of", "other"),
    [
        ("the dimuon pT in events with |delta phi| between the leading jet and the dimuon "
         "above 2.7", "dimuon_pt", "dimuon", "jets"),
        ("the leading jet pT in events where |delta phi| between the leading jet and the "
         "dimuon is above 2.7", "lead_jets_pt", "dimuon", "jets"),
        ("the dimuon pT, requiring delta phi(leading jet, dimuon) > 2.7", "dimuon_pt", "dimuon",
         "jets"),
        ("the dimuon mass in events with delta phi between the leading jet and the leading muon "
         "above 2.7", "dimuon_mass", "jets", "muons"),
    ],
)  # fmt: skip
def test_an_angle_of_two_kinds_in_a_condition_is_a_step_on_the_plans_objects(
    catalog, text, plotted, of, other
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == plotted
    assert _angle_steps(plan) == [("delta_phi", of, other, ">", 2.7)]
    (jets,) = [o for o in plan.spec.objects if o.name == "jets"]
    assert [c.against for c in jets.clean_against] == ["muons"]  # the plan's jets: one kind
    said = " ".join(plan.defaults)
    assert "the plan's jets (cleaned against the muons)" in said
    assert "not cleaned against the leptons" not in said  # the angle's own plot's choice


def test_a_ratio_with_an_angle_cut_of_two_kinds_keeps_both(catalog):
    plan = _plan(
        "the ratio of the leading jet pT to the dimuon pT in events with |delta phi| between "
        "the leading jet and the dimuon above 2.7",
        catalog,
    )
    assert plan.ok, plan.question
    (obs,) = [o for o in plan.spec.observables if o.name == plan.spec.histograms[0].observable]
    assert obs.kind == "ratio"
    assert _angle_steps(plan) == [("delta_phi", "dimuon", "jets", ">", 2.7)]


# --- 3. generator-level particles by PDG code; their samples ----------------------------------


@pytest.mark.parametrize(
    ("text", "particle"),
    [
        ("the pT of generator-level particles with |pdgId| == 25", "higgs"),
        ("the pT of the generator-level top quark (PDG ID 6)", "top"),
        ("the generator-level top pT, last copy", "top"),
        ("the generator-level top pT taking the last copy in the chain", "top"),
        ("the pT of the gen particles with pdgId 6", "top"),
    ],
)
def test_a_gen_particle_by_pdg_code_or_its_last_copy_is_read(catalog, text, particle):
    plan = _plan(text, _with_zh(catalog))  # a Higgs sample for the Higgs
    assert plan.ok, plan.question
    (obj,) = plan.spec.objects
    assert obj.name == f"gen_{particle}"
    assert "last copy" in " ".join(plan.defaults)


def test_a_pdg_code_that_contradicts_the_name_is_asked(catalog):
    plan = _plan("the generator-level top pT (PDG ID 23)", catalog)
    assert not plan.ok
    assert "23" in plan.question


def test_an_unknown_pdg_code_is_asked(catalog):
    plan = _plan("the pT of generator-level particles with pdgId 9000", catalog)
    assert not plan.ok


@pytest.mark.parametrize(
    ("text", "sample"),
    [
        ("the generator-level top quark pT", TT),  # was: run on Drell-Yan (no top quarks)
        ("the generator-level W boson mass", TT),
        ("the generator-level Z boson mass", DY),
    ],
)
def test_a_gen_particle_runs_on_the_simulation_that_holds_it(catalog, text, sample):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == [sample]
    assert "whose process holds" in " ".join(plan.defaults)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("truth Higgs mass", "No simulated sample holds generator-level Higgs bosons"),
        ("the generator-level top pT in 2018 simulation", "holds no generator-level top quarks"),
        ("the generator-level top pT in the DY sample", "holds no generator-level top quarks"),
        # 4. a ZH / WH sample the catalog lacks offers the generator
        ("the b-jet pair mass in ZH events", "chathep data generate --process ZH"),
        ("the generator-level Higgs pT in our Pythia 8 ZH sample, last copy of PDG ID 25",
         "chathep data generate --process ZH"),
        ("the leading muon pT in the WH sample", "chathep data generate --process WH"),
    ],
)  # fmt: skip
def test_what_no_sample_holds_is_asked(catalog, text, said):
    # was: an empty histogram of Drell-Yan events, stated as a plot (the gen particles)
    plan = _plan(text, catalog)
    assert not plan.ok
    assert said in plan.question


def _with_zh(catalog):
    dy = catalog[DY]
    zh = dy.model_copy(update={"name": "zh_test", "process": "ZH", "label": "ZH"})
    return Catalog(samples={**catalog.samples, zh.name: zh})


def test_a_gen_higgs_takes_the_higgs_sample_when_the_catalog_has_one(catalog):
    plan = _plan("truth Higgs mass", _with_zh(catalog))
    assert plan.ok, plan.question
    assert plan.spec.samples == ["zh_test"]


def test_a_gen_muon_still_runs_on_every_simulated_sample_of_the_era(catalog):
    plan = _plan("the pT of the generated muons", catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == [DY]


# --- one sandboxed run against independent references ---------------------------------------

_RUN = {
    "a": "ttbar MC: the MET in events with |delta phi| between the leading jet and the leading "
    "muon above 2",
    "b": "ttbar MC: the MET in events with |delta phi| between the leading jet and the MET above "
    "0.5",
}
_RUN_DIMUON = {
    "c": "the dimuon pT in events with |delta phi| between the leading jet and the dimuon above 2",
}


def _objects(ev):
    """The plan's muons and jets (the documented defaults), each sorted by pT; the jets away
    from every selected muon (Delta R > 0.4)."""
    mu = coll(ev, "Muon")
    mu = sorted_by_pt(
        mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    pairs = ak.cartesian([jet, mu], nested=True)
    j, m = ak.unzip(pairs)
    away = ak.all(dr(j, m) > 0.4, axis=2)
    return mu, sorted_by_pt(jet[away])


@pytest.fixture(scope="module")
def angle_run(tmp_path_factory):
    out, results = {}, {}
    for key, text in _RUN.items():  # one run each: their jets differ (cleaned or not)
        hists, results[key] = _run_texts({key: text}, tmp_path_factory, key, TT)
        out.update(hists)
    return out, results


def _run_texts(texts, tmp_path_factory, name, sample):
    """One sandboxed run of the plans of ``texts`` (key -> request) on one demo sample."""
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {key: _plan(text, cat) for key, text in texts.items()}
    return run_plans(plans, tmp_path_factory.mktemp(name), samples=(sample,))


@pytest.fixture(scope="module")
def dimuon_run(tmp_path_factory):
    return _run_texts(_RUN_DIMUON, tmp_path_factory, "s26d", DY)


def test_the_angle_cuts_match_the_reference(angle_run, demo_data):
    hists, results = angle_run
    ev = muon_jet_events(demo_data, TT)
    w = weights(TT, ev)
    met = ak.to_numpy(ev.MET_pt)
    met_phi = ak.to_numpy(_met_phi(demo_data))
    mu, jet = _objects(ev)
    lead_mu, lead_jet = ak.firsts(mu), ak.firsts(jet)

    # a: |delta phi| of the leading (cleaned) jet and the leading muon above 2
    angle = ak.to_numpy(ak.fill_none(abs(dphi(lead_jet.phi, lead_mu.phi)), -1.0))
    sel = angle > 2
    assert 0 < sel.sum() < ak.to_numpy((ak.num(mu) > 0) & (ak.num(jet) > 0)).sum()
    h = hists["a"]
    check(results["a"], h.name, TT, met[sel], w[sel], h.bins, h.start, h.stop)

    # b: |delta phi| of the leading jet (no muons in this plan: no cleaning) and the MET
    j = coll(ev, "Jet")
    j = sorted_by_pt(j[(j.pt > 30) & (abs(j.eta) < 2.4) & (j.jetId >= 2)])
    angle = ak.to_numpy(ak.fill_none(abs(dphi(ak.firsts(j).phi, met_phi)), -1.0))
    sel = angle > 0.5
    assert 0 < sel.sum() < ak.to_numpy(ak.num(j) > 0).sum()
    h = hists["b"]
    check(results["b"], h.name, TT, met[sel], w[sel], h.bins, h.start, h.stop)


def _met_phi(demo_data, sample=TT):
    import uproot

    from tests.test_physics import FILES

    with uproot.open(demo_data / FILES[sample]) as f:
        return f["Events"]["MET_phi"].array(library="ak")


def test_the_angle_cut_with_the_dimuon_matches_the_reference(dimuon_run, demo_data):
    # Drell-Yan only: none of the 40 data events has a jet back to back with its dimuon
    sample = DY
    hists, result = dimuon_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    mu, jet = _objects(ev)
    two = ak.pad_none(mu, 2)
    m1, m2 = two[:, 0], two[:, 1]
    px = m1.pt * np.cos(m1.phi) + m2.pt * np.cos(m2.phi)
    py = m1.pt * np.sin(m1.phi) + m2.pt * np.sin(m2.phi)
    pair_pt = ak.to_numpy(ak.fill_none(np.hypot(px, py), -1.0))
    pair_phi = np.arctan2(py, px)
    opposite = ak.to_numpy(ak.fill_none(m1.charge * m2.charge < 0, False))
    angle = ak.to_numpy(ak.fill_none(abs(dphi(ak.firsts(jet).phi, pair_phi)), -1.0))
    sel = opposite & (angle > 2)
    h = hists["c"]
    check(result, h.name, sample, pair_pt[sel], w[sel], h.bins, h.start, h.stop)


# --- 5. generator-level and secondary-vertex plots take the request's whole binning ------------


@pytest.mark.parametrize(
    ("text", "axis"),
    [
        # was: 50 bins from 0 to 400 GeV (the bin width dropped, silently)
        ("the generator-level Z pT, 20 GeV bins from 0 to 400 GeV", (20, 0.0, 400.0)),
        ("the generator-level Z mass, 5 GeV bins from 60 to 120 GeV", (12, 60.0, 120.0)),
        # was: the default 0 to 250 GeV (one edge dropped)
        ("the generator-level Z pT, 40 bins up to 400 GeV", (40, 0.0, 400.0)),
        # 7. a range in other words: was asked
        ("the dimuon mass in 5 GeV bins, starting at 0 and going up to 400 GeV", (80, 0.0, 400.0)),
        ("the muon eta, 10 bins starting at -2.4 and ending at 2.4", (10, -2.4, 2.4)),
        ("muon pT, 0-400, 20 GeV bins", (20, 0.0, 400.0)),
        ("muon pT, 20 GeV bins, 0-400", (20, 0.0, 400.0)),
    ],
)
def test_the_stated_axis_is_taken(catalog, text, axis):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == axis


def test_a_gen_plot_takes_log_x_and_unit_area(catalog):
    # was: linear bins, absolute normalisation (both words dropped, silently)
    plan = _plan(
        "the generator-level Z mass, log x from 10 to 1000 GeV, normalised to unit area", catalog
    )
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.log_x, h.transform, h.unit_area) == (True, "log", True)
    assert (h.start, h.stop) == (10.0, 1000.0)


def test_a_secondary_vertex_plot_takes_variable_edges(catalog):
    plan = _plan("the number of secondary vertices with bin edges 0, 1, 2, 4, 8", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert h.edges == [0.0, 1.0, 2.0, 4.0, 8.0]


# --- 6. wording around generator-level requests --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a generator's version is its name ("Pythia 8"), "made with" it is commentary
        "the generator-level Higgs pT in the ZH sample made with Pythia 8",
        # "cut nothing", "no sel", "before any selection": every event (a note)
        "the generator-level Higgs pT in the ZH sample, cut nothing",
        "ZH, gen H pT, no sel",
        "Before any selection, what does the truth Higgs pT look like in the generated ZH events?",
        # "the Higgs (PDG ID 25) at generator level"
        "the pT of the Higgs (PDG ID 25) at generator level in the ZH sample",
        # "the last-copy GenPart with pdgId 25"
        "ZH sample: the pT of the last-copy GenPart with pdgId 25",
    ],
)
def test_wordings_of_a_gen_higgs_request_are_read(catalog, text):
    plan = _plan(text, _with_zh(catalog))
    assert plan.ok, plan.question
    (obj,) = plan.spec.objects
    assert obj.name == "gen_higgs"
    assert plan.spec.samples == ["zh_test"]
    assert not plan.spec.selection


def test_a_generator_version_before_an_energy_is_no_version(catalog):
    # "Pythia 8 TeV" is not Pythia's version: the number stays a number (asked, not dropped)
    plan = _plan("the dimuon mass in Pythia 8 TeV DY events", catalog)
    assert not plan.ok


# --- 7. ranges: "starting at A and going up to B", a bare "A-B" beside the bins -------------
# (their axes are asserted in test_the_stated_axis_is_taken above)


def test_a_bare_range_without_bins_is_still_asked(catalog):
    # no binning beside it: "0-400" could be anything (a cut, a count)
    plan = _plan("muon pT, 0-400", catalog)
    assert not plan.ok


# --- 8. chatter around a request: when it is needed, what comes after, what the user does ----


@pytest.mark.parametrize(
    ("text", "plotted", "sample"),
    [
        ("I'm putting together a few control plots for tomorrow's group meeting, nothing fancy. "
         "The MET in ttbar MC for events with three jets or more.", "met_pt", TT),
        ("Before the jet-multiplicity reweighting meeting, could you draw the leading jet pT in "
         "ttbar MC?", "lead_jets_pt", TT),
        ("Right, I'd like to see the leading muon pT in DY MC, just a quick check before lunch.",
         "lead_muons_pt", DY),
        ("Before I decide on an electron ID for my thesis, I want the raw picture: the pT of "
         "every electron in DY MC, no isolation and no identification, and no pT or eta cuts "
         "either.", "electrons_pt", DY),
        ("Just a quick look before I dig into FSR photons: the leading muon pT in DY MC.",
         "lead_muons_pt", DY),
    ],
)  # fmt: skip
def test_chatter_around_a_request_is_commentary(catalog, text, plotted, sample):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == plotted
    assert plan.spec.samples == [sample]


def test_the_raw_picture_waives_every_cut(catalog):
    plan = _plan("the electron pT in DY MC, the raw picture", catalog)
    assert plan.ok, plan.question
    (electrons,) = plan.spec.objects
    assert electrons.cuts == []


@pytest.mark.parametrize(
    "text",
    [
        # an order of steps, not an aside: never taken out
        "the dimuon mass before I apply the isolation cut",
        # "either" of a choice, not of a waiver
        "the lepton pT in DY MC, either muons or electrons",
    ],
)
def test_words_that_look_like_chatter_but_select_are_still_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok


# --- 9. the rapidity difference |y_1 - y_2| -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "of", "other"),
    [
        # was asked ("I cannot plan rapidity differences")
        ("the rapidity difference between the two leading jets", "jets", None),
        ("|Delta y| of the two leading jets", "jets", None),
        ("the rapidity separation between the dimuon and the leading jet", "dimuon", "jets"),
        ("|y1 - y2| of the two leading jets", "jets", None),
    ],
)
def test_a_rapidity_difference_is_planned(catalog, text, of, other):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.field, obs.of, obs.other) == ("delta_eta", "rapidity", of, other)
    assert any(d.startswith("delta y: the absolute difference of the rapidities") for d in
               plan.defaults)  # fmt: skip


def test_the_pseudorapidity_difference_is_not_the_rapidity_one(catalog):
    plan = _plan("the pseudorapidity difference between the two leading jets", catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.field) == ("delta_eta", None)


def test_a_rapidity_difference_to_the_nearest_object_is_asked(catalog):
    plan = _plan("the rapidity difference between each muon and the nearest jet", catalog)
    assert not plan.ok


def test_a_cut_on_the_rapidity_difference_is_an_event_step(catalog):
    plan = _plan(
        "the dijet mass in events with |delta y| between the two leading jets above 1", catalog
    )
    assert plan.ok, plan.question
    (step,) = [s for s in plan.spec.selection if s.observable]
    obs = plan.spec.observable(step.observable)
    assert (obs.kind, obs.field, step.op, step.value) == ("delta_eta", "rapidity", ">", 1.0)


def test_a_field_on_another_angle_is_refused_by_the_spec():
    from chathep.spec import parse_spec

    base = {
        "title": "t", "samples": [DY],
        "objects": [{"name": "jets", "source": "Jet"}],
        "observables": [{"name": "x", "kind": "delta_phi", "of": "jets", "field": "rapidity"}],
        "histograms": [{"name": "x", "observable": "x", "bins": 2, "start": 0, "stop": 1,
                        "label": "x"}],
    }  # fmt: skip
    with pytest.raises(Exception, match="an angle takes no 'field'"):
        parse_spec(base)


_RUN_Y = {
    "y": "ttbar MC: the rapidity difference between the two leading jets",
}


@pytest.fixture(scope="module")
def rapidity_run(tmp_path_factory):
    return _run_texts(_RUN_Y, tmp_path_factory, "s26y", TT)


def _rapidity(p):
    """y = asinh(pz / sqrt(pT^2 + m^2)) (independent of the helper under test)."""
    pz = p.pt * np.sinh(p.eta)
    return 0.5 * np.log((np.sqrt(pz**2 + p.pt**2 + p.mass**2) + pz)
                        / (np.sqrt(pz**2 + p.pt**2 + p.mass**2) - pz))  # fmt: skip


def test_the_rapidity_difference_matches_the_reference(rapidity_run, demo_data):
    hists, result = rapidity_run
    ev = muon_jet_events(demo_data, TT)
    w = weights(TT, ev)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    two = ak.to_numpy(ak.num(jet) >= 2)
    j2 = ak.pad_none(jet, 2)
    dy = ak.to_numpy(ak.fill_none(abs(_rapidity(j2[:, 0]) - _rapidity(j2[:, 1])), -1.0))
    deta = ak.to_numpy(ak.fill_none(abs(j2[:, 0].eta - j2[:, 1].eta), -1.0))
    assert not np.allclose(dy[two], deta[two])  # massive jets: y is not eta
    h = hists["y"]
    check(result, h.name, TT, dy[two], w[two], h.bins, h.start, h.stop)


@pytest.fixture(scope="module")
def pair_rapidity_run(tmp_path_factory):
    text = "DY MC: the rapidity separation between the dimuon and the leading jet"
    return _run_texts({"z": text}, tmp_path_factory, "s26z", DY)


def test_the_rapidity_difference_of_a_pair_and_a_jet_matches_the_reference(
    pair_rapidity_run, demo_data
):
    hists, result = pair_rapidity_run
    ev = muon_jet_events(demo_data, DY)
    w = weights(DY, ev)
    mu = coll(ev, "Muon")
    mu = sorted_by_pt(
        mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    jet = coll(ev, "Jet")  # the angle's own plot: jets not cleaned against the muons (said)
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    two = ak.pad_none(mu, 2)
    m1, m2 = two[:, 0], two[:, 1]

    def p4(p):
        px, py, pz = p.pt * np.cos(p.phi), p.pt * np.sin(p.phi), p.pt * np.sinh(p.eta)
        return np.sqrt(px**2 + py**2 + pz**2 + p.mass**2), pz

    e1, z1 = p4(m1)
    e2, z2 = p4(m2)
    pair_y = 0.5 * np.log((e1 + e2 + z1 + z2) / (e1 + e2 - z1 - z2))
    lead = ak.firsts(jet)
    dy = ak.to_numpy(ak.fill_none(abs(pair_y - _rapidity(lead)), -1.0))
    opposite = ak.to_numpy(ak.fill_none(m1.charge * m2.charge < 0, False))
    sel = opposite & (dy >= 0)
    h = hists["z"]
    check(result, h.name, DY, dy[sel], w[sel], h.bins, h.start, h.stop)


# --- 10. the system of one object of each of two kinds, named in the singular; M3 ------------


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        # was asked ("could not place 'electron and the muon'")
        ("the invariant mass of the electron and the muon in ttbar MC", "electrons", "muons"),
        ("the mass of the muon and the jet", "muons", "jets"),
    ],
)
def test_the_mass_of_one_object_of_each_kind_is_their_leading_system(catalog, text, first, second):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.leading, comb.charge) == ([first, second], 1, "any")
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == (comb.name, "mass")
    assert any("read as the system of the leading" in n for n in plan.notes)


def test_a_pair_named_after_two_kinds_is_not_their_system(catalog):
    # "the electron and the muon pair": not one electron with one muon (never muon + muon)
    # (read as two plots, the dielectron and the dimuon mass, said in a note)
    plan = _plan("the mass of the electron and the muon pair", catalog)
    assert plan.ok, plan.question
    assert all(len(comb.inputs) == 1 for comb in plan.spec.combinations), plan.spec.combinations


@pytest.mark.parametrize("text", ["M3 in ttbar MC", "M3 of the jets, 40 bins from 0 to 800 GeV"])
def test_m3_is_the_three_jet_mass_of_the_largest_pt(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.inputs, comb.size, comb.choose) == (["jets"], 3, "highest_pt")
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == (comb.name, "mass")


def test_m3_without_jets_or_top_is_asked(catalog):
    plan = _plan("events with m3 > 100 GeV, the MET", catalog)
    assert not plan.ok


# --- 11. the smallest |delta phi| between the MET and the (N leading) jets ---------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("the minimum delta phi between the MET and the 4 leading jets", 4),
        ("min Δφ(jet, MET)", None),
        ("minimum delta phi between jets and MET", None),
        ("the smallest |Δφ| between any of the leading four jets and the missing transverse "
         "momentum", 4),
        (r"\mindphi between \ptvecmiss and two leading jets", 2),
    ],
)  # fmt: skip
def test_the_minimum_delta_phi_to_the_met_is_planned(catalog, text, first):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.of, obs.other, obs.reduce, obs.first) == (
        "delta_phi", "jets", "met", "min", first
    )  # fmt: skip
    assert any(d.startswith("min |delta phi| to the MET: over") for d in plan.defaults)


# (a cut on the minimum delta phi, asked in session 26, is read since session 27:
# tests/test_planner_s27.py)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"reduce": "mean"}, "takes reduce min or max"),
        ({"reduce": "min", "index": 0}, "takes reduce min or max"),
    ],
)
def test_the_spec_refuses_other_reductions_of_an_angle_to_the_met(change, match):
    from chathep.spec import parse_spec

    obs = {"name": "x", "kind": "delta_phi", "of": "jets", "other": "met", **change}
    spec = {
        "title": "t", "samples": [DY], "objects": [{"name": "jets", "source": "Jet"}],
        "observables": [obs],
        "histograms": [{"name": "x", "observable": "x", "bins": 2, "start": 0, "stop": 1,
                        "label": "x"}],
    }  # fmt: skip
    with pytest.raises(Exception, match=match):
        parse_spec(spec)


_RUN_MINDPHI = {
    "n4": "ttbar MC: the minimum delta phi between the MET and the 4 leading jets",
    "all": "ttbar MC: minimum delta phi between jets and MET",
}


@pytest.fixture(scope="module")
def mindphi_run(tmp_path_factory):
    return _run_texts(_RUN_MINDPHI, tmp_path_factory, "s26m", TT)


def test_the_minimum_delta_phi_matches_the_reference(mindphi_run, demo_data):
    hists, result = mindphi_run
    ev = muon_jet_events(demo_data, TT)
    w = weights(TT, ev)
    met_phi = _met_phi(demo_data)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    angle = abs(dphi(jet.phi, met_phi))
    # n4: over up to the 4 leading jets (the usual min delta phi(j1..4, MET)); events with
    # fewer take those there are, events without jets have no entry
    some = ak.to_numpy(ak.num(jet) >= 1)
    assert ak.sum(ak.num(jet) >= 5) > 0
    assert ak.sum((ak.num(jet) >= 1) & (ak.num(jet) < 4)) > 0
    lead4 = ak.to_numpy(ak.fill_none(ak.min(angle[:, :4], axis=1), -1.0))
    h = hists["n4"]
    check(result, h.name, TT, lead4[some], w[some], h.bins, h.start, h.stop)
    # all: over every selected jet, events without jets have no entry
    every = ak.to_numpy(ak.fill_none(ak.min(angle, axis=1), -1.0))
    assert (every[some] <= lead4[some]).all()  # more jets: smaller
    h = hists["all"]
    check(result, h.name, TT, every[some], w[some], h.bins, h.start, h.stop)


@pytest.mark.parametrize(
    "text",
    [
        "Construct the muons' four-momentum vectors and calculate the invariant mass of the muon "
        "pair in DY MC",
        "Generate final plots: the dimuon mass in DY MC",
    ],
)
def test_how_the_plot_is_made_is_commentary(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == "dimuon_mass"


@pytest.mark.parametrize(
    "text",
    [
        # a bare decimal range may be an |eta| range: never the axis of a pT
        "muons pT > 20, 0-2.4, 40 bins",
        # an aside with a number in it is no aside: the number is never taken out
        "Before I write the paper with muons above 30 GeV, plot the muon pT in DY",
    ],
)
def test_a_number_is_never_dropped_with_a_range_or_an_aside(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
