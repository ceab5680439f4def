"""Planner readings added in session 25 (each test fails on the code before it)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import Plan, plan_request


def _plan(text: str, catalog, previous: Plan | None = None) -> Plan:
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


@pytest.mark.parametrize(
    ("text", "process"),
    [
        ("the MET in W+jets events with one muon", "WJets"),
        ("dimuon mass in diboson MC", "VV"),
    ],
)
def test_a_missing_process_the_generator_makes_is_offered(catalog, text, process) -> None:
    # was: "The catalog has no W+jets sample ... Which of these should I use?" and nothing else
    plan = _plan(text, catalog)
    assert not plan.ok
    assert f"`chathep data generate --process {process}`" in plan.question


def test_the_offered_processes_are_the_generators() -> None:
    from chathep.generate.processes import PROCESSES
    from chathep.planner import lexicon as lx

    assert set(lx.GENERATED_PROCESS.values()) <= set(PROCESSES)
    assert set(lx.GENERATED_PROCESS) <= {name for _, name in lx.PROCESS_WORDS}


def _hist(plan: Plan):
    assert plan.ok, plan.question
    assert not plan.unplaced, plan.unplaced
    return plan.spec.histograms[0]


@pytest.mark.parametrize(
    "text",
    [
        # was: the dimuon mass, the word before "mass" read as commentary or dropped
        "Changes to the mt_tot mass plots, which were requested during the approval talk",
        "the foo mass plots",
        "the mt_tot mass plot",
    ],
)
def test_a_mass_of_an_unread_system_is_asked(catalog, text: str) -> None:
    plan = _plan(text, catalog)
    assert not plan.ok and "mass of which objects" in plan.question


@pytest.mark.parametrize(
    "text",
    ["the mass plots", "Invariant mass distribution", "plot the invariant mass histogram"],
)
def test_a_bare_mass_still_takes_the_dimuon(catalog, text: str) -> None:
    plan = _plan(text, catalog)
    assert _hist(plan).observable == "dimuon_mass"
    assert any("dimuon mass is chosen" in n for n in plan.notes)


def test_a_selection_after_a_comma_is_a_selection(catalog) -> None:
    # was: the dimuon mass plotted in 40-100 GeV, "in addition to the inversion" dropped
    text = (
        "In addition to the inversion, the di-muon pair is required to have an invariant mass "
        "in the range $40$-$100$ GeV."
    )
    plan = _plan(text, catalog)
    assert not plan.ok and "reads as a selection" in plan.question


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("In addition to the inversion, the dimuon mass", "points at an inversion"),
        ("the dimuon mass, on top of these cuts.", "points at a cut"),
        ("the muon pt for the control datasets", "points at a dataset"),
    ],
)
def test_an_earlier_selection_named_is_asked(catalog, text: str, words: str) -> None:
    plan = _plan(text, catalog)
    assert not plan.ok and words in plan.question


@pytest.mark.parametrize(
    "text", ["the muon pt with Muon_pt < 2000", 't->Draw("Muon_pt","Muon_pt < 2000")']
)
def test_a_value_of_2000_is_not_a_year(catalog, text: str) -> None:
    # was: "There are no 2000 samples in the catalog"
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    cuts = [c for o in plan.spec.objects if o.name == "muons" for c in o.cuts]
    assert any(c.field == "pt" and c.op == "<" and c.value == 2000 for c in cuts)


def test_a_year_is_still_an_era(catalog) -> None:
    plan = _plan("muon pt in 2015 data", catalog)
    assert not plan.ok and "no 2015 samples" in plan.question


@pytest.mark.parametrize(
    "text", ["the invariant dimuon mass", "Invariant dimuon mass closest to $Z$-mass"]
)
def test_invariant_before_the_system(catalog, text: str) -> None:
    # was: 'invariant' unplaced
    assert _hist(_plan(text, catalog)).observable == "dimuon_mass"


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass after lepton selection",
        "the dimuon mass after the muon selection",
        "Di-lepton invariant mass in data and MC of $Z \\rightarrow \\ell \\ell$ candidates "
        "after lepton selection.",
    ],
)
def test_after_the_selection_of_the_plotted_leptons(catalog, text: str) -> None:
    # was: 'after' unplaced
    assert _hist(_plan(text, catalog)).observable in ("dimuon_mass", "dilepton_mass")


@pytest.mark.parametrize(
    "text",
    ["the dimuon mass after the electron selection", "the leading jet pt after lepton selection"],
)
def test_after_another_kinds_selection_is_asked(catalog, text: str) -> None:
    assert not _plan(text, catalog).ok


def test_photon_et_in_an_angle_is_the_photon(catalog) -> None:
    # was: 'delta_phi ( met , e_{t}^{gamma})' unplaced
    plan = _plan("$\\Delta \\phi(E_{T}^{\\text{miss}}, E_{T}^{\\gamma})$", catalog)
    h = _hist(plan)
    (obs,) = [o for o in plan.spec.observables if o.name == h.observable]
    assert obs.kind == "delta_phi"
    assert {o.source for o in plan.spec.objects} == {"Photon"}


@pytest.mark.parametrize("text", ["$n_{\\text{ljets}}$", "N_{light jets}"])
def test_the_number_of_light_jets_as_a_symbol(catalog, text: str) -> None:
    # was: "What should I plot?"
    plan = _plan(text, catalog)
    h = _hist(plan)
    assert "n" in h.observable or "count" in h.observable or "number" in h.label.lower()
    (jets,) = [o for o in plan.spec.objects if o.source == "Jet"]
    assert any(c.field == "btagDeepFlavB" and c.op == "<" for c in jets.cuts)


@pytest.mark.parametrize(
    "text", ["Look at the dimuon L_xy and apply a cut on it", "Look at the dimuon L_xy"]
)
def test_an_unread_identifier_as_a_quantity_is_asked(catalog, text: str) -> None:
    # was: the dimuon mass ("no quantity of the pair is named"), L_xy dropped
    plan = _plan(text, catalog)
    assert not plan.ok and "l_xy" in plan.question


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        (
            "Plot the pseudorapidity (eta) of the jets and the electrons on the same figure.",
            {"Jet", "Electron"},
        ),
        ("the pt of the muons and of the electrons in DY MC", {"Muon", "Electron"}),
    ],
)
def test_a_quantity_of_two_kinds_is_a_plot_of_each(catalog, text, sources) -> None:
    # was: 'jets and the electrons' unplaced
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2
    plotted = {
        next(o.source for o in plan.spec.objects if o.name == obs.of)
        for h in plan.spec.histograms
        for obs in plan.spec.observables
        if obs.name == h.observable
    }
    assert plotted == sources


def test_a_cut_after_two_kinds_is_the_last_ones(catalog) -> None:
    # was: the jets' pT alone, the electrons (pT > 30) only cleaning them: their plot dropped
    plan = _plan("the pt of the jets and the electrons with pt > 30", catalog)
    assert plan.ok and len(plan.spec.histograms) == 2
    (electrons,) = [o for o in plan.spec.objects if o.source == "Electron"]
    assert any(c.field == "pt" and c.value == 30 for c in electrons.cuts)


def test_a_cut_right_after_two_kinds_is_asked(catalog) -> None:
    plan = _plan("the pt of the jets and the electrons above 30 GeV", catalog)
    assert not plan.ok and "one plot of each" in plan.question


def test_the_mass_of_two_kinds_is_not_split(catalog) -> None:
    plan = _plan("the mass of the muons and the electrons", catalog)
    assert not plan.ok or len(plan.spec.histograms) == 1


@pytest.mark.parametrize(
    "text",
    [
        "the number of particles in the leading jet",
        "the total number of particles constituting the leading jet",
        "the leading jet nConstituents",
    ],
)
def test_the_particles_of_a_jet_are_its_constituents(catalog, text: str) -> None:
    # was: "the number of particles in the leading jet" plotted the number of jets
    plan = _plan(text, catalog)
    h = _hist(plan)
    (obs,) = [o for o in plan.spec.observables if o.name == h.observable]
    assert obs.field == "nConstituents" and obs.index == 0
    assert (h.start, h.stop) == (-0.5, 79.5)


def test_jet_constituents_end_to_end(tmp_path, demo_data) -> None:
    """The leading selected jet's nConstituents in the data file, against a hand fill."""
    import awkward as ak
    import numpy as np
    import uproot

    from chathep.api import ask

    answer = ask(
        "the number of constituents of the leading jet in 2018 data",
        planner="parser",
        out_dir=tmp_path,
    )
    assert answer.ok, answer.message
    with uproot.open(demo_data / "nano_dimuon.root") as f:
        ev = f["Events"].arrays(["Jet_pt", "Jet_eta", "Jet_jetId", "Jet_nConstituents"])
    good = (ev.Jet_pt > 30) & (abs(ev.Jet_eta) < 2.4) & (ev.Jet_jetId >= 2)
    n = ev.Jet_nConstituents[good]
    lead = ak.firsts(n[ak.argsort(ev.Jet_pt[good], ascending=False)])  # the highest pT
    lead = ak.to_numpy(lead[~ak.is_none(lead)])
    counts, _ = np.histogram(lead, bins=np.linspace(-0.5, 79.5, 81))
    (h,) = answer.histograms
    (data,) = [s for s in h.samples if "data" in s]
    np.testing.assert_array_equal(h.samples[data].values, counts)
    assert counts.sum() > 0


@pytest.mark.parametrize(
    "text", ["the number of cells in the leading photon", "the number of layers in each jet"]
)
def test_parts_of_an_object_counted_are_asked(catalog, text: str) -> None:
    # was: the number of photons (jets), 'cells' ('layers') called commentary
    plan = _plan(text, catalog)
    assert not plan.ok and "is not a quantity I can read" in plan.question


@pytest.mark.parametrize(
    "text", ["the number of jets in the event", "the number of jets in events with two muons"]
)
def test_objects_counted_in_events_are_still_read(catalog, text: str) -> None:
    assert _hist(_plan(text, catalog)).observable.startswith("n")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("the mass of the b-jet pair with the smallest delta R", "Jet"),
        ("m_bb of the b-jet pair with minimum delta R", "Jet"),
        ("$m_{bb}(min \\Delta R(bb))$ [GeV]", "Jet"),
        ("the dijet mass of the two jets closest in delta R", "Jet"),
        ("the pt of the dimuon pair with the smallest delta R", "Muon"),
    ],
)
def test_the_pair_of_smallest_delta_r(catalog, text: str, source: str) -> None:
    # was: asked ('smallest' / 'minimum' unplaced, or "between which two objects")
    plan = _plan(text, catalog)
    _hist(plan)
    (comb,) = plan.spec.combinations
    assert comb.choose == "smallest_dr" and comb.size == 2
    assert {o.source for o in plan.spec.objects if o.name in comb.inputs} == {source}


def test_the_pair_of_smallest_delta_r_of_two_flavours_is_asked(catalog) -> None:
    plan = _plan("the dilepton mass of the pair with the smallest delta R", catalog)
    assert not plan.ok and "one collection" in plan.question


def test_smallest_delta_r_needs_pairs() -> None:
    from chathep.errors import SpecError
    from chathep.spec import parse_spec

    spec = {
        "title": "t",
        "samples": "auto",
        "objects": [{"name": "jets", "source": "Jet", "cuts": []}],
        "combinations": [
            {"name": "trijet", "inputs": ["jets"], "size": 3, "choose": "smallest_dr"}
        ],
        "observables": [{"name": "m", "kind": "field", "of": "trijet", "field": "mass"}],
        "histograms": [{"name": "m", "observable": "m", "bins": 10, "start": 0, "stop": 500,
                        "label": "m"}],
    }  # fmt: skip
    with pytest.raises(SpecError, match="smallest_dr chooses among pairs"):
        parse_spec(spec)


def test_smallest_delta_r_pair_end_to_end(tmp_path, demo_data) -> None:
    """The dijet mass of the closest pair of selected jets in the ttbar file, against a
    hand-written awkward/uproot fill (every pair of the selected jets, the smallest DeltaR)."""
    import awkward as ak
    import numpy as np
    import uproot
    import vector

    from chathep.api import ask

    vector.register_awkward()
    answer = ask(
        "the dijet mass of the two jets closest in delta R in the ttbar sample",
        planner="parser",
        out_dir=tmp_path,
    )
    assert answer.ok, answer.message
    (jets,) = [o for o in answer.spec["objects"] if o["source"] == "Jet"]
    said = {(c["field"], c["op"], c["value"]) for c in jets["cuts"]}
    assert said == {("pt", ">", 30.0), ("eta", "<", 2.4), ("jetId", ">=", 2)}
    with uproot.open(demo_data / "nano_tt_v12.root") as f:
        ev = f["Events"].arrays(
            ["Jet_pt", "Jet_eta", "Jet_phi", "Jet_mass", "Jet_jetId", "genWeight"]
        )
    good = (ev.Jet_pt > 30) & (abs(ev.Jet_eta) < 2.4) & (ev.Jet_jetId >= 2)
    jets_v = ak.zip(
        {
            "pt": ak.values_astype(ev.Jet_pt[good], np.float64),
            "eta": ak.values_astype(ev.Jet_eta[good], np.float64),
            "phi": ak.values_astype(ev.Jet_phi[good], np.float64),
            "mass": ak.values_astype(ev.Jet_mass[good], np.float64),
        },
        with_name="Momentum4D",
    )
    a, b = ak.unzip(ak.combinations(jets_v, 2))
    dr = np.hypot(a.eta - b.eta, (a.phi - b.phi + np.pi) % (2 * np.pi) - np.pi)
    best = ak.argmin(dr, axis=1, keepdims=True)
    mass = ak.flatten((a + b)[best].mass, axis=None)
    weight = ak.flatten(ak.broadcast_arrays(ev.genWeight, (a + b)[best].mass)[0], axis=None)
    counts, _ = np.histogram(
        ak.to_numpy(mass), bins=np.linspace(0.0, 1000.0, 51), weights=ak.to_numpy(weight)
    )
    assert counts.sum() != 0
    (h,) = answer.histograms
    (name,) = [s for s in h.samples if s.startswith("ttbar")]
    stored = np.asarray(h.samples[name].values, dtype=float)
    # (float32 genWeight summed in another order: 1e-5)
    np.testing.assert_allclose(stored / stored.sum(), counts / counts.sum(), rtol=1e-5)


@pytest.mark.parametrize(
    "text",
    ["Change the values to get the Z mass boson peak", "the dimuon mass, then tune the cuts"],
)
def test_new_values_not_given_are_asked(catalog, text: str) -> None:
    # was: the Z -> mumu mass with the default cuts, 'change the values' dropped
    plan = _plan(text, catalog)
    assert not plan.ok and "which values?" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "the number of good primary vertices",
        "pileup_nvtx: The number of good reconstructed primary vertices",
        "PV_npvsGood",
    ],
)
def test_the_good_primary_vertices(catalog, text: str) -> None:
    # was: 'number of good primary vertices' unplaced
    plan = _plan(text, catalog)
    h = _hist(plan)
    (obs,) = [o for o in plan.spec.observables if o.name == h.observable]
    assert obs.kind == "npv" and obs.field == "npvsGood"


def test_all_primary_vertices_stay_npvs(catalog) -> None:
    plan = _plan("the number of primary vertices", catalog)
    (obs,) = plan.spec.observables
    assert obs.kind == "npv" and obs.field is None


def test_good_primary_vertices_end_to_end(tmp_path, demo_data) -> None:
    import numpy as np
    import uproot

    from chathep.api import ask

    answer = ask("the number of good primary vertices in 2018 data", planner="parser",
                 out_dir=tmp_path)  # fmt: skip
    assert answer.ok, answer.message
    with uproot.open(demo_data / "nano_dimuon.root") as f:
        good = f["Events"]["PV_npvsGood"].array(library="np")
        every = f["Events"]["PV_npvs"].array(library="np")
    counts, _ = np.histogram(good, bins=np.linspace(-0.5, 69.5, 71))
    assert (good != every).any()  # the two branches differ on this file
    (h,) = answer.histograms
    (data,) = list(h.samples)
    np.testing.assert_array_equal(h.samples[data].values, counts)


def test_an_example_of_what_to_look_for_is_no_selection(catalog) -> None:
    # was: the pair closest to the Z mass chosen ("e.g. Z-boson region"), but not with "Could you
    # please" before it (the perturbation probe, seed 28)
    plain = _plan(
        "Plot the dimuon invariant mass `M` to look for structures (e.g. Z-boson region).", catalog
    )
    polite = _plan(
        "Could you please plot the dimuon invariant mass `M` to look for structures "
        "(e.g. Z-boson region)?",
        catalog,
    )
    for plan in (plain, polite):
        (comb,) = plan.spec.combinations
        assert comb.choose != "closest_mass"
    assert plain.spec.model_dump() == polite.spec.model_dump()


@pytest.mark.parametrize(
    "text",
    [
        "Calculate the Z Boson Invariant mass as an initial step to validate the accuracy of the "
        "data and ensure that it is accessed correctly.",
        "the dimuon mass as a sanity check",
    ],
)
def test_what_the_plot_is_for_is_commentary(catalog, text: str) -> None:
    # was: 'initial' / 'sanity' unplaced
    assert _hist(_plan(text, catalog)).observable == "dimuon_mass"


def test_a_check_with_a_cut_keeps_the_cut(catalog) -> None:
    plan = _plan("the dimuon mass as a first check with muons above 30 GeV", catalog)
    (muons,) = [o for o in plan.spec.objects if o.source == "Muon"]
    assert any(c.field == "pt" and c.value == 30 for c in muons.cuts)


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("the invariant mass of the leading muon and the leading jet", "Muon", "Jet"),
        ("the invariant mass mℓb of the leading lepton and the leading b jet;", None, "Jet"),
        (
            "Distribution of the invariant mass of the lepton and the photon ($m(l,\\gamma)$)",
            None,
            "Photon",
        ),
        ("the pt of the leading muon and leading jet system", "Muon", "Jet"),
    ],
)
def test_the_system_of_the_leading_object_of_two_kinds(catalog, text, first, second) -> None:
    # was: "I cannot plan masses of systems of leptons (or photons) and jets together yet",
    # or the second object unplaced
    plan = _plan(text, catalog)
    _hist(plan)
    (comb,) = plan.spec.combinations
    assert comb.leading == 1 and len(comb.inputs) == 2 and comb.choose == "all"
    objects = {o.name: o for o in plan.spec.objects}
    a, b = (objects[n] for n in comb.inputs)
    assert b.source == second
    assert a.source == first if first else a.merge  # the light leptons: merged
    assert "the leading one of each" in plan.describe(catalog)


def test_two_leading_leptons_stay_a_pair(catalog) -> None:
    plan = _plan("the invariant mass of the leading muon and the leading lepton", catalog)
    assert not plan.ok or all(c.leading != 1 for c in plan.spec.combinations)


def test_leading_one_needs_two_inputs() -> None:
    from chathep.errors import SpecError
    from chathep.spec import parse_spec

    spec = {
        "title": "t",
        "samples": "auto",
        "objects": [{"name": "jets", "source": "Jet", "cuts": []}],
        "combinations": [{"name": "jj", "inputs": ["jets"], "size": 2, "leading": 1}],
        "observables": [{"name": "m", "kind": "field", "of": "jj", "field": "mass"}],
        "histograms": [{"name": "m", "observable": "m", "bins": 10, "start": 0, "stop": 500,
                        "label": "m"}],
    }  # fmt: skip
    with pytest.raises(SpecError, match="makes no pair"):
        parse_spec(spec)


def test_leading_muon_and_jet_mass_end_to_end(tmp_path, demo_data) -> None:
    """The mass of the leading selected muon and the leading selected jet (cleaned against the
    selected muons) in the data file, against a hand-written uproot/awkward/vector fill."""
    import awkward as ak
    import numpy as np
    import uproot
    import vector

    from chathep.api import ask

    vector.register_awkward()
    answer = ask(
        "the invariant mass of the leading muon and the leading jet in 2018 data",
        planner="parser",
        out_dir=tmp_path,
    )
    assert answer.ok, answer.message
    branches = ["pt", "eta", "phi", "mass"]
    with uproot.open(demo_data / "nano_dimuon.root") as f:
        ev = f["Events"].arrays(
            [f"Muon_{b}" for b in branches]
            + ["Muon_tightId", "Muon_pfRelIso04_all", "Jet_jetId"]
            + [f"Jet_{b}" for b in branches]
        )

    def vec(prefix: str, keep) -> ak.Array:
        return ak.zip(
            {b: ak.values_astype(ev[f"{prefix}_{b}"][keep], np.float64) for b in branches},
            with_name="Momentum4D",
        )

    mu_ok = (
        (ev.Muon_pt > 20)
        & (abs(ev.Muon_eta) < 2.4)
        & ev.Muon_tightId
        & (ev.Muon_pfRelIso04_all < 0.15)
    )
    muons = vec("Muon", mu_ok)
    jets = vec("Jet", (ev.Jet_pt > 30) & (abs(ev.Jet_eta) < 2.4) & (ev.Jet_jetId >= 2))
    pairs = ak.cartesian({"j": jets, "m": muons}, nested=True)
    dr = pairs.j.deltaR(pairs.m)
    jets = jets[ak.all(dr > 0.4, axis=-1)]  # away from every selected muon
    both = (ak.num(muons) > 0) & (ak.num(jets) > 0)
    mass = (muons[both][:, 0] + jets[both][:, 0]).mass  # NanoAOD: pT-ordered
    counts, _ = np.histogram(ak.to_numpy(mass), bins=np.linspace(0.0, 500.0, 51))
    assert counts.sum() > 0
    (h,) = answer.histograms
    (data,) = list(h.samples)
    np.testing.assert_array_equal(h.samples[data].values, counts)


def test_the_pt_of_two_leading_objects_is_a_plot_of_each(catalog) -> None:
    # "the pT of the leading jet and the leading muon": each one's pT, not the system's (was:
    # 'the leading muon' unplaced)
    plan = _plan("the pt of the leading jet and the leading muon", catalog)
    assert plan.ok, plan.question
    assert not plan.spec.combinations and len(plan.spec.histograms) == 2
    indices = {o.index for o in plan.spec.observables}
    assert indices == {0}
