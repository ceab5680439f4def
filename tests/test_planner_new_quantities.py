"""Several plots of different things in one request (chathep.planner.multiplot: split, planned
one at a time, merged into one analysis), |delta eta| and the rapidity of a pair: planned, then
run on the real files against hand-written uproot/awkward references."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.engine import run_spec
from chathep.planner import plan_request
from chathep.planner.multiplot import split_list, split_plots
from tests.test_physics import DATA, DY, check, good_muons, pair_mass, read, weights


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _observables(plan):
    return sorted((o.kind, o.of, o.field, o.index) for o in plan.spec.observables)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Left side: HT distribution. Right side: m(j1j2) distribution.",
            ["plot HT distribution", "plot m(j1j2) distribution"],
        ),
        (
            "HT distribution (left) and dijet mass (right)",
            ["plot HT distribution", "plot dijet mass"],
        ),
        (
            "Make two histograms, one for the leading jet pT and one for the MET.",
            ["plot the leading jet pT", "plot the MET"],
        ),
        ("Make three histograms, one for the MET and one for the HT", None),  # 3 != 2 named
    ],
)
def test_split_plots(text, expected):
    assert split_plots(text) == expected


def test_split_list_shares_the_verb_and_the_event_selection():
    assert split_list("plot the dimuon mass and the MET in events with two jets") == [
        "plot the dimuon mass in events with two jets",
        "plot the MET in events with two jets",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Left side: HT distribution. Right side: m(j1j2) distribution.",
        "HT distribution (left) and dijet mass (right)",
        "plot the HT and the dijet mass",
    ],
)
def test_ht_and_dijet_mass_are_two_histograms(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2
    kinds = {o.kind for o in plan.spec.observables}
    assert "ht" in kinds
    assert any(o.of == "dijet" and o.field == "mass" for o in plan.spec.observables)
    assert any("Read as 2 plots" in n for n in plan.notes)


def test_two_histograms_one_for_each(catalog):
    plan = _plan("Make two histograms, one for the leading jet pT and one for the MET.", catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2
    assert ("field", "jets", "pt", 0) in _observables(plan)
    assert any(o.kind == "met" for o in plan.spec.observables)
    # each histogram keeps its own plot's events (the MET: every event), and that is said
    met = next(h for h in plan.spec.histograms if plan.spec.observable(h.observable).kind == "met")
    jet = next(h for h in plan.spec.histograms if h is not met)
    assert met.steps == [] and jet.steps == [s.name for s in plan.spec.selection]
    assert any("its own plot's requirements" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "In ttbar MC, make two histograms, one for the leading jet pT and one for the MET",
        "Make two histograms, one for the leading jet pT and one for the MET, in ttbar MC",
        "For ttbar MC, please make two histograms: one for the leading jet pT and one for the MET",
    ],
)
def test_words_before_or_after_a_list_of_plots_apply_to_every_plot(catalog, text):
    # was: the sample before the list dropped (data vs DY planned, no note)
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == ["ttbar_semilep_2022"]
    assert len(plan.spec.histograms) == 2


def test_plots_with_different_objects_cannot_merge_and_are_asked(catalog):
    # the jets of the first plot are cleaned against the muons, those of the second are not:
    # one analysis cannot hold both definitions, so the planner asks
    plan = _plan(
        "plot the dimuon mass and the leading jet pt in events with at least one jet above 50 GeV",
        catalog,
    )
    assert not plan.ok and plan.question


def test_a_follow_up_edits_every_plot(catalog):
    first = _plan("plot the dimuon mass and the leading muon pt", catalog)
    assert first.ok and len(first.parts) == 2
    again = _plan("now log scale", catalog, previous=first)
    assert again.ok, again.question
    assert len(again.spec.histograms) == 2
    assert all(h.log_y for h in again.spec.histograms)


@pytest.fixture(scope="module")
def dimuon_and_lead(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("plot the dimuon mass and the leading muon pt", default_catalog())
    assert plan.ok, plan.question
    return run_spec(plan.spec, workdir=tmp_path_factory.mktemp("multiplot")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_dimuon_mass_and_leading_muon_pt_match_the_reference(dimuon_and_lead, demo_data, sample):
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)
    two = ak.num(mu) >= 2
    lead, sub = mu[two][:, 0], mu[two][:, 1]
    opposite = ak.to_numpy(lead.charge * sub.charge < 0)
    w = weights(sample, ev)[ak.to_numpy(two)][opposite]
    mass = ak.to_numpy(pair_mass(lead, sub))[opposite]
    check(dimuon_and_lead, "dimuon_mass", sample, mass, w, 30, 60, 120)
    # each plot of the list has its own events, as asked alone: the leading muon pT of every
    # event with a muon (not only of those with an opposite-charge pair)
    one = ak.to_numpy(ak.num(mu) >= 1)
    lead_pt = ak.to_numpy(ak.firsts(mu.pt[one]))
    assert len(lead_pt) > len(mass)  # the two selections differ on these events
    check(dimuon_and_lead, "lead_muons_pt", sample, lead_pt, weights(sample, ev)[one], 40, 0, 200)
    assert np.all(lead_pt > 20)


# --- |delta eta| between two objects ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "deltaEta ( jet1, jet2)",
        "delta eta between the two leading jets",
        "the pseudorapidity difference of the two leading jets",
    ],
)
def test_delta_eta_of_the_two_leading_jets_is_planned_and_stated(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = [o for o in plan.spec.observables if o.kind == "delta_eta"]
    assert obs.of == "jets" and obs.other is None
    assert any(s.count == "jets" and s.value == 2 for s in plan.spec.selection)
    assert any("|eta_1 - eta_2|" in d for d in plan.defaults)


def test_rapidity_differences_are_not_read_as_pseudorapidity(catalog):
    # was asked (not planned); since session 26 the rapidity difference |y_1 - y_2| is planned
    # (tests/test_planner_s26.py), never as the pseudorapidity one
    plan = _plan("rapidity gap between the two jets", catalog)
    assert plan.ok, plan.question
    (obs,) = [o for o in plan.spec.observables if o.kind == "delta_eta"]
    assert obs.field == "rapidity"


@pytest.fixture(scope="module")
def deta_jets(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("delta eta between the two leading jets", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("deta")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_delta_eta_matches_the_reference(deta_jets, demo_data, sample):
    from tests.test_physics import coll

    plan, result = deta_jets
    ev = read(demo_data, sample)
    jets = coll(ev, "Jet")
    jets = jets[(jets.pt > 30) & (abs(jets.eta) < 2.4) & (jets.jetId >= 2)]
    two = ak.to_numpy(ak.num(jets) >= 2)
    deta = ak.to_numpy(abs(jets[two][:, 0].eta - jets[two][:, 1].eta))
    (h,) = plan.spec.histograms
    check(result, h.name, sample, deta, weights(sample, ev)[two], 25, 0, 5)


# --- the rapidity of a pair ----------------------------------------------------------------


@pytest.fixture(scope="module")
def dimuon_rapidity(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("the rapidity of the dimuon system", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("rapidity")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_dimuon_rapidity_matches_the_reference(dimuon_rapidity, demo_data, sample):
    from tests.test_physics import four

    plan, result = dimuon_rapidity
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)
    two = ak.num(mu) >= 2
    lead, sub = mu[two][:, 0], mu[two][:, 1]
    opposite = ak.to_numpy(lead.charge * sub.charge < 0)
    e1, _, _, z1 = four(lead)
    e2, _, _, z2 = four(sub)
    e, pz = ak.to_numpy(e1 + e2), ak.to_numpy(z1 + z2)
    y = 0.5 * np.log((e + pz) / (e - pz))
    (h,) = plan.spec.histograms
    w = weights(sample, ev)[ak.to_numpy(two)]
    check(result, h.name, sample, y[opposite], w[opposite], 25, -2.5, 2.5)


def test_the_rapidity_of_one_object_is_its_own_y(catalog):
    # session 20: planned as the derived field y (was asked); tests/test_derived_s20.py
    plan = _plan("muon rapidity", catalog)
    assert plan.ok, plan.question
    assert [(o.of, o.field) for o in plan.spec.observables] == [("muons", "rapidity")]
    assert any("(say 'eta' for the pseudorapidity)" in d for d in plan.defaults)


# --- large-radius (AK8) jets ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "index"),
    [
        ("pT of AK8 jets in ttbar", "pt", None),
        ("the soft-drop mass of the leading AK8 jet in ttbar", "msoftdrop", 0),
        ("the mass of the leading fat jet in ttbar", "mass", 0),
    ],
)
def test_ak8_jets_are_planned(catalog, text, field, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obj,) = plan.spec.objects
    assert obj.source == "FatJet" and not plan.spec.combinations  # a jet's own mass
    (obs,) = plan.spec.observables
    assert (obs.of, obs.field, obs.index) == ("fatjets", field, index)
    assert any("large-radius (AK8) jets: pT > 200 GeV" in d for d in plan.defaults)


def test_ak8_jets_are_not_also_ak4_jets(catalog):
    plan = _plan("number of large-radius jets", catalog)
    assert plan.ok, plan.question
    assert [o.source for o in plan.spec.objects] == ["FatJet"]


@pytest.fixture(scope="module")
def fatjets(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("the soft-drop mass of the leading AK8 jet in ttbar", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("fatjet")).result


def test_ak8_soft_drop_mass_matches_the_reference(fatjets, demo_data):
    import uproot

    from tests.test_physics import FILES, TT, coll

    plan, result = fatjets
    with uproot.open(demo_data / FILES[TT]) as f:
        ev = f["Events"].arrays(filter_name=["FatJet_*", "genWeight"])
    fj = coll(ev, "FatJet")
    fj = fj[(fj.pt > 200) & (abs(fj.eta) < 2.4) & (fj.jetId >= 2)]
    one = ak.to_numpy(ak.num(fj) >= 1)
    msd = ak.to_numpy(fj[one][:, 0].msoftdrop)
    (h,) = plan.spec.histograms
    check(result, h.name, TT, msd, weights(TT, ev)[one], 30, 0, 300)


# --- the absolute value of eta or y, "|eta|", "|y|" -----------------------------------------


@pytest.mark.parametrize(
    "text",
    ["plot the muon |eta|", "the absolute pseudorapidity of the muons", "$|\\eta|$ of the muons"],
)
def test_the_absolute_eta_is_histogrammed_from_zero(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = next(o for o in plan.spec.observables if o.name == h.observable)
    assert obs.field == "eta" and obs.abs
    assert h.start == 0 and h.stop == 2.5 and h.label.startswith("|")
    # a cut on |eta| is not the plotted quantity
    plan = _plan("muon eta with |eta| < 2.1", catalog)
    (h,) = plan.spec.histograms
    assert not next(o for o in plan.spec.observables if o.name == h.observable).abs


def test_the_absolute_rapidity_of_a_pair(catalog):
    plan = _plan("the Z boson |y|", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = next(o for o in plan.spec.observables if o.name == h.observable)
    assert (obs.field, obs.abs) == ("rapidity", True)
    # a lone "y" is never dropped
    assert not _plan("the dimuon y", catalog).ok


@pytest.fixture(scope="module")
def abs_eta_muons(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("plot the |eta| of the leading muon", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("abseta")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_absolute_eta_matches_the_reference(abs_eta_muons, demo_data, sample):
    plan, result = abs_eta_muons
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)
    one = ak.to_numpy(ak.num(mu) >= 1)
    values = np.abs(ak.to_numpy(mu[one][:, 0].eta))
    (h,) = plan.spec.histograms
    check(result, h.name, sample, values, weights(sample, ev)[one], h.bins, 0.0, 2.5)


# --- delta phi between a pair and the MET ---------------------------------------------------


def test_delta_phi_of_the_dimuon_system_and_the_met_is_the_pairs(catalog):
    # it was the leading muon's, without a word
    for text in ("delta phi between the dimuon and the MET",
                 "delta phi between the dimuon system and the MET"):  # fmt: skip
        plan = _plan(text, catalog)
        assert plan.ok, plan.question
        (h,) = plan.spec.histograms
        obs = next(o for o in plan.spec.observables if o.name == h.observable)
        assert (obs.kind, obs.of, obs.other) == ("delta_phi", "dimuon", "met")


@pytest.fixture(scope="module")
def dphi_dimuon_met(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("delta phi between the dimuon system and the MET", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("dphizmet")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_delta_phi_of_the_dimuon_and_the_met_matches_the_reference(
    dphi_dimuon_met, demo_data, sample
):
    from tests.test_physics import dphi, four

    plan, result = dphi_dimuon_met
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)
    # the two leading muons, opposite charge (the stated defaults)
    two = ak.to_numpy(ak.num(mu) >= 2)
    lead = mu[two][:, 0]
    sub = mu[two][:, 1]
    os_ = ak.to_numpy(lead.charge * sub.charge < 0)
    _, x1, y1, _ = four(lead[os_])
    _, x2, y2, _ = four(sub[os_])
    phi_pair = np.arctan2(ak.to_numpy(y1 + y2), ak.to_numpy(x1 + x2))
    met_phi = ak.to_numpy(ev.MET_phi[two][os_])
    values = np.abs(dphi(phi_pair, met_phi))
    (h,) = plan.spec.histograms
    w = weights(sample, ev)[two][os_]
    check(result, h.name, sample, values, w, h.bins, h.start, h.stop)


# --- the ECAL barrel-endcap gap taken out -----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Plot the pseudorapidity of the leading electron for electrons with pT > 25 GeV and "
        "|eta| < 2.5, excluding the barrel-endcap transition region 1.4442 < |eta| < 1.566",
        "electron eta for electrons not in the transition region",
        "electron eta, 1.4442 < |eta| < 1.566 excluded",  # was read as keeping only the gap
    ],
)
def test_the_barrel_endcap_gap_is_rejected(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (electrons,) = plan.spec.objects
    (gap,) = [c for c in electrons.cuts if c.or_above is not None]
    assert (gap.field, gap.op, gap.value, gap.or_above, gap.abs) == (
        "eta",
        "<",
        1.4442,
        1.566,
        True,
    )
    # the window without a word that takes it out is kept
    plan = _plan("electron pT for electrons with 1.4442 < |eta| < 1.566", catalog)
    (electrons,) = plan.spec.objects
    assert not any(c.or_above for c in electrons.cuts)


def test_a_window_cut_needs_a_number_below_it():
    from pydantic import ValidationError

    from chathep.spec import Cut

    with pytest.raises(ValidationError):
        Cut(field="eta", op=">", value=1.5, abs=True, or_above=1.6)
    with pytest.raises(ValidationError):
        Cut(field="eta", op="<", value=1.6, abs=True, or_above=1.5)


@pytest.fixture(scope="module")
def gap_jets(demo_data, tmp_path_factory):
    # the demo files have no electron in the ECAL gap: the same cut on jets and a wider
    # window, which a third of the jets fall in (so a wrong sign or a kept window would show)
    from chathep.catalog import default_catalog

    plan = _plan(
        "the eta of all jets with pT > 30 GeV, excluding 1.0 < |eta| < 2.0", default_catalog()
    )
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("etagap")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_window_cut_matches_the_reference(gap_jets, demo_data, sample):
    from tests.test_physics import coll

    plan, result = gap_jets
    ev = read(demo_data, sample)
    jets = coll(ev, "Jet")
    aeta = abs(jets.eta)
    keep = (jets.pt > 30) & ((aeta < 1.0) | (aeta > 2.0))
    assert ak.sum((jets.pt > 30) & ~keep) > 0  # the window holds jets: the test can fail
    values = ak.flatten(jets.eta[keep])
    w = ak.flatten(ak.broadcast_arrays(weights(sample, ev), jets.eta[keep])[0])
    (h,) = plan.spec.histograms
    check(result, h.name, sample, ak.to_numpy(values), ak.to_numpy(w), h.bins, h.start, h.stop)
