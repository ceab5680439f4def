"""Quantities between two named things, systems with the MET, and the markup of symbols (issue
12, other people's wording): "the delta phi between the Z boson and the MET", "the distance
between the leading and sub-leading electrons", "MT_L2: between the lower-pT lepton and MET",
"the transverse mass of the candidate made by the two leading leptons and the MET: <its
formula>", "m<sub>SD</sub>, &Delta;&phi;", "tau2 / tau1". The planner's readings (spec fields),
paraphrases, near misses that must stay asked; the new quantities (the N-subjettiness ratios)
and the Z candidate's angle with the MET run in the sandbox against hand-written
uproot/awkward/numpy references (nothing from chathep in the references)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.planner import plan_request
from chathep.planner.lexicon import plain_text
from tests.test_physics import (
    DATA,
    DY,
    FILES,
    TT,
    check,
    coll,
    dphi,
    flat_per_object,
    four,
    good_muons,
    pair_mass,
    read,
    weights,
)

Z_MASS = 91.1876


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _plotted(plan):
    return [next(o for o in plan.spec.observables if o.name == h.observable)
            for h in plan.spec.histograms]  # fmt: skip


def _asked(plan, *quoted):
    assert not plan.ok, plan.describe()
    for words in quoted:
        assert words in plan.question, plan.question


# --- the angle of the Z candidate (or any object or system) with the MET -----------------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the delta phi between the Z boson and the MET",  # it was Delta phi(mu, mu) + the MET
        ":math:`{\\Delta\\phi}` between the Z boson candidate and the missing transverse momentum",
        "the azimuthal angle between the Z candidate and the missing ET",
        "dphi between the MET and the reconstructed Z",
        "delta phi(Z boson, MET)",
    ],
)
def test_delta_phi_of_the_z_candidate_and_the_met(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert (obs.kind, obs.other) == ("delta_phi", "met")
    comb = plan.spec.combination(obs.of)
    assert comb is not None and comb.size == 2  # the pair's phi, not a muon's
    assert (comb.choose, comb.target_mass, comb.charge) == ("closest_mass", Z_MASS, "opposite")
    assert len(plan.spec.histograms) == 1  # not split into "delta phi of the Z" + "the MET"
    assert any("no lepton flavour" in n for n in plan.notes)  # the chosen channel is said


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # the flavour named elsewhere in the request is the Z's (it was Z -> mumu, chosen,
        # beside an ee selection)
        ("plot the delta phi between the Z boson and the MET in Z->ee events", "Electron"),
        ("plot the delta phi between the Z and the MET in the electron channel", "Electron"),
        ("the delta R between the Z boson and the leading jet in Z->mumu events", "Muon"),
    ],
)
def test_the_z_candidate_takes_the_flavour_the_request_names(catalog, text, source):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    comb = plan.spec.combination(obs.of)
    assert comb.target_mass == Z_MASS
    assert [plan.spec.object(i).source for i in comb.inputs] == [source]
    assert len(plan.spec.combinations) == 1  # no second Z candidate of another flavour
    assert not any("no lepton flavour" in n for n in plan.notes)


def test_a_z_of_two_named_flavours_is_asked(catalog):
    text = (
        "plot the delta phi between the Z boson and the MET in events with 2 muons and 1 electron"
    )
    _asked(_plan(text, catalog), "which leptons form the Z")


@pytest.mark.parametrize(
    ("text", "of", "index"),
    [
        ("plot the delta phi between the dilepton system and the MET", "dilepton", None),
        ("the delta phi between the MET and the leading jet", "jets", 0),
        ("deltaPhi (jet1, MET)", "jets", 0),
        ("plot the delta phi between the subleading jet and the MET", "jets", 1),
    ],
)
def test_delta_phi_of_an_object_or_system_and_the_met(catalog, text, of, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert (obs.kind, obs.of, obs.other, obs.index) == ("delta_phi", of, "met", index)


@pytest.mark.parametrize(
    "text",
    ["plot the delta phi between the Z boson and the leading jet",
     "the DeltaR between the jet and the Z candidate",
     "plot the delta phi between the dimuon system and the leading jet"],
)  # fmt: skip
def test_angle_of_the_z_candidate_and_the_leading_jet(catalog, text):
    plan = _plan(text, catalog)  # it was Delta phi(j1, j2), the Z dropped without a word
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    comb = plan.spec.combination(obs.of)
    assert comb is not None and comb.size == 2
    assert comb.target_mass == (Z_MASS if "dimuon" not in text else None)
    assert obs.other == "jets" and obs.index is None  # the Z candidate and the leading jet
    assert any("leading jet" in d for d in plan.defaults)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # the spec takes the leading object of 'other' only: never another jet silently
        ("plot the delta phi between the Z boson and the subleading jet", "subleading jet"),
        ("plot the delta phi between the dimuon system and the subleading jet", "subleading jet"),
        ("plot the delta R between the dimuon and the dijet system", "dijet system"),
        ("plot the delta phi between the Z boson and the hadronic top", "hadronic top"),
        ("plot the delta phi between the muon system and the MET", "system and the met"),
        ("plot the delta phi between the Z boson", "delta_phi between the z boson"),
        # a definition of the acoplanarity of other objects than the plotted ones
        ("plot the dimuon acoplanarity defined by A = 1 - dphi(e, e)/pi", "electron"),
    ],
)  # fmt: skip
def test_angles_with_an_unreadable_side_are_asked(catalog, text, quoted):
    _asked(_plan(text, catalog), quoted)


@pytest.fixture(scope="module")
def dphi_z_met(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("plot the delta phi between the Z boson and the MET", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("dphizmet")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_delta_phi_of_the_z_candidate_and_the_met_matches_the_reference(
    dphi_z_met, demo_data, sample
):
    plan, result = dphi_z_met
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)  # the stated muon defaults
    pairs = ak.combinations(mu, 2, fields=["a", "b"])
    pairs = pairs[pairs.a.charge * pairs.b.charge < 0]
    best = ak.argmin(abs(pair_mass(pairs.a, pairs.b) - Z_MASS), axis=1, keepdims=True)
    z = ak.firsts(pairs[best])
    has = ak.to_numpy(~ak.is_none(z))
    z = z[has]
    _, x1, y1, _ = four(z.a)
    _, x2, y2, _ = four(z.b)
    phi_z = np.arctan2(ak.to_numpy(y1 + y2), ak.to_numpy(x1 + x2))
    values = np.abs(dphi(phi_z, ak.to_numpy(ev.MET_phi[has])))
    assert has.sum() >= 3
    (h,) = plan.spec.histograms
    check(result, h.name, sample, values, weights(sample, ev)[has], h.bins, h.start, h.stop)


@pytest.fixture(scope="module")
def dr_z_jet(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("plot the delta R between the Z boson and the leading jet", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("drzjet")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_delta_r_of_the_z_candidate_and_the_leading_jet_matches_the_reference(
    dr_z_jet, demo_data, sample
):
    plan, result = dr_z_jet
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)
    pairs = ak.combinations(mu, 2, fields=["a", "b"])
    pairs = pairs[pairs.a.charge * pairs.b.charge < 0]
    best = ak.argmin(abs(pair_mass(pairs.a, pairs.b) - Z_MASS), axis=1, keepdims=True)
    z = ak.firsts(pairs[best])
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]  # not cleaned (stated)
    has = ak.to_numpy(~ak.is_none(z)) & ak.to_numpy(ak.num(jet) >= 1)
    z, lead = z[has], jet[has][:, 0]
    _, x1, y1, z1 = four(z.a)
    _, x2, y2, z2 = four(z.b)
    px, py, pz = (ak.to_numpy(v) for v in (x1 + x2, y1 + y2, z1 + z2))
    eta_z, phi_z = np.arcsinh(pz / np.hypot(px, py)), np.arctan2(py, px)
    values = np.hypot(eta_z - ak.to_numpy(lead.eta), dphi(phi_z, ak.to_numpy(lead.phi)))
    assert has.sum() >= 2
    (h,) = plan.spec.histograms
    check(result, h.name, sample, values, weights(sample, ev)[has], h.bins, h.start, h.stop)


# --- the acoplanarity 1 - |Delta phi|/pi of two objects --------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "said"),
    [
        # it was read as Delta phi itself, without a word
        ("plot the dimuon acoplanarity", "Muon", None),
        ("In the following example, we will plot the di-lepton acoplanarity defined by: "
         "$$A = 1 - \\Delta\\phi(\\mu,\\mu)/\\pi$$", "Muon", "the leptons read as muons"),
        ("the acoplanarity 1 - |dphi|/pi of the two muons", "Muon", "definition of the acop"),
        ("plot the acoplanarity of the two leading jets", "Jet", None),
    ],
)  # fmt: skip
def test_acoplanarity_is_planned(catalog, text, source, said):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert (obs.kind, obs.other) == ("acoplanarity", None)
    assert plan.spec.object(obs.of).source == source
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (0.0, 1.0)
    if said:
        assert any(said in n for n in plan.notes), plan.notes


@pytest.fixture(scope="module")
def acoplanarity_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("plot the dimuon acoplanarity", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("acop")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_acoplanarity_matches_the_reference(acoplanarity_run, demo_data, sample):
    plan, result = acoplanarity_run
    ev = read(demo_data, sample)
    mu = good_muons(ev, pt=20.0)
    pairs = ak.combinations(mu, 2, fields=["a", "b"])
    has_os = ak.to_numpy(ak.any(pairs.a.charge * pairs.b.charge < 0, axis=1))
    keep = has_os & ak.to_numpy(ak.num(mu) >= 2)  # the stated selection: an opposite-charge pair
    lead, sub = mu[keep][:, 0], mu[keep][:, 1]  # the two leading muons (stated)
    values = 1 - np.abs(ak.to_numpy(dphi(lead.phi, sub.phi))) / np.pi
    assert keep.sum() >= 3
    (h,) = plan.spec.histograms
    check(result, h.name, sample, values, weights(sample, ev)[keep], h.bins, h.start, h.stop)


# --- "distance between" two objects ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In particular, we will calculate the distance between the leading and sub-leading "
        "electrons in each event.",
        "plot the distance between the two leading electrons",
    ],
)
def test_distance_between_two_objects_is_delta_r_and_said(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert (obs.kind, obs.of, obs.other) == ("delta_r", "electrons", None)  # e1 and e2
    assert any("'distance' read as DeltaR" in n for n in plan.notes)


# --- the transverse mass of an object or system with the MET -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "**MT_L2 (Subleading Lepton Transverse Mass)**: Between the lower-pT lepton and MET",
        "the transverse mass of the lower-pT lepton and the MET",
        "mT between the subleading lepton and the missing transverse momentum",
    ],
)
def test_transverse_mass_of_the_subleading_lepton(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert (obs.kind, obs.index) == ("mt", 1)
    assert sorted(plan.spec.object(obs.of).merge) == ["electrons", "muons"]


def test_two_different_leptons_of_one_mt_are_asked(catalog):
    # the name says subleading, the definition the leading one: never one of them silently
    _asked(
        _plan("MT_L2 (subleading lepton transverse mass): between the leading lepton and MET",
              catalog),
        "leading lepton",
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Transverse mass of the candidate made by the two leading leptons and the MET: "
        ":math:`{\\sqrt{2p_T^{ll}p_{T}^{miss}(1-cos\\Delta\\phi_{ll,MET})}}`",
        "the transverse mass of the two leading leptons and the MET",
        "the transverse mass of the system formed by the 2 leading leptons and the MET",
    ],
)
def test_transverse_mass_of_the_dilepton_system(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    comb = plan.spec.combination(obs.of)
    assert obs.kind == "mt" and comb is not None and comb.size == 2
    if "sqrt" in text:  # the formula restates the plotted quantity: commentary, said
        assert any("read as the definition of the transverse mass" in n for n in plan.notes)


def test_a_written_mt_formula_of_one_lepton_matches_its_mt(catalog):
    text = (
        "the transverse mass of the leading muon and the MET, "
        "$m_T = \\sqrt{2 p_T^\\mu E_T^{miss} (1 - \\cos\\Delta\\phi(\\mu, E_T^{miss}))}$"
    )
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert (obs.kind, obs.of, obs.index) == ("mt", "muons", 0)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # the formula is of the dilepton, the plot of one muon: not the same quantity
        ("the transverse mass of the leading muon and the MET, "
         "$m_T = \\sqrt{2 p_T^{ll} E_T^{miss} (1 - \\cos\\Delta\\phi_{ll,MET})}$", "sqrt"),
        ("plot the leading jet pT, $\\sqrt{2p_T^{ll}p_{T}^{miss}(1-cos\\Delta\\phi_{ll,MET})}$",
         "sqrt"),
    ],
)  # fmt: skip
def test_a_formula_that_is_not_the_plotted_quantity_is_asked(catalog, text, quoted):
    _asked(_plan(text, catalog), quoted)


# --- lists of quantities of one system ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Differential cross sections are measured as a function of the diphoton invariant mass, "
        "the diphoton transverse momentum, and the azimuthal angle difference between the two "
        "photons",
        "plot the diphoton mass, the diphoton transverse momentum and the azimuthal angle "
        "difference between the two photons",
    ],
)
def test_diphoton_quantities_of_one_sentence(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    got = [(o.kind, o.field, o.of) for o in _plotted(plan)]
    assert got == [("field", "mass", "diphoton"), ("field", "pt", "diphoton"),
                   ("delta_phi", None, "photons")]  # fmt: skip


def test_a_quantity_without_a_rule_in_the_list_is_asked(catalog):
    text = (
        "Differential cross sections are measured as a function of the diphoton invariant "
        "mass, the diphoton transverse momentum, the azimuthal angle difference between the "
        "two photons, and the cosine of the polar angle in the Collins-Soper reference frame"
    )
    _asked(_plan(text, catalog), "cosine", "polar")


@pytest.mark.parametrize(
    "text",
    [
        "Z boson candidate $ {p_{\\mathrm {T}}} $ (upper) and $|y|$ (lower) for events with at "
        "least one jet.",
        "the Z candidate pT and |y| in events with at least 1 jet",
    ],
)
def test_z_candidate_pt_and_absolute_rapidity(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    got = [(o.field, o.abs) for o in _plotted(plan)]
    assert got == [("pt", False), ("rapidity", True)]
    (obs, _) = _plotted(plan)
    assert plan.spec.combination(obs.of).target_mass == Z_MASS
    jets = next(s for s in plan.spec.selection if s.count == "jets")
    assert (jets.op, jets.value) == (">=", 1)


def test_absolute_value_of_only_part_of_a_list_is_asked(catalog):
    # |y| and eta of one list: the |x| flag is of every eta/y, so neither is read silently
    _asked(_plan("plot the dimuon pT, |y| and eta", catalog), "|rapidity|")


def test_z_qt_is_the_z_candidate_pt(catalog):
    plan = _plan("Upper panel: Distribution of Z boson qT in the Z\u03bc+\u03bc sample.", catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert obs.field == "pt" and plan.spec.combination(obs.of).target_mass == Z_MASS


# --- the markup of web pages -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("m<sub>SD</sub>, &Delta;&phi;, and p<sub>T</sub>", "m_SD, \u0394\u03c6, and p_T"),
        ("&tau;<sub>21</sub> &tau;<sub>32</sub>", "\u03c4_21 \u03c4_32"),
        ("E<sup>miss</sup><sub>T</sub> &gt; 50 GeV", "E^miss_T > 50 GeV"),
        ("<b>muon</b> p<sub>T</sub>", " muon  p_T"),
        # no markup: unchanged, the "<" and ">" of cuts are no tags
        ("m<mZ and pT>20", "m<mZ and pT>20"),
        ("Z+jets & ttbar, pT < 30 GeV", "Z+jets & ttbar, pT < 30 GeV"),
    ],
)
def test_markup_is_read_as_its_text(html, text):
    assert plain_text(html) == text


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # "Delta phi" of which two? The sentence names only the subleading jet: asked
        ("Make histograms for m<sub>SD</sub>, &Delta;&phi;, and subleading jet p<sub>T</sub>.",
         "delta"),
        ("plot the muon pT for pT<b and eta>2", "pt<b and eta>2"),
    ],
)  # fmt: skip
def test_markup_requests_that_stay_open_are_asked(catalog, text, quoted):
    _asked(_plan(text, catalog), quoted)


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("plot the muon &eta; for muons with |&eta;| &lt; 2.1",
         "plot the muon eta for muons with |eta| < 2.1"),
        ("plot the dimuon mass for <i>p</i><sub>T</sub> &ge; 25 GeV muons",
         "plot the dimuon mass for pT >= 25 GeV muons"),
        ("plot the &Delta;&phi; between the leading jet and the E<sub>T</sub><sup>miss</sup>",
         "plot the delta phi between the leading jet and the MET"),
        ("plot the m<sub>&mu;&mu;</sub> distribution", "plot the dimuon mass"),
    ],
)  # fmt: skip
def test_markup_paraphrases_plan_as_their_text(catalog, html, text):
    plan, plain = _plan(html, catalog), _plan(text, catalog)
    assert plan.ok and plain.ok, (plan.question, plain.question)
    assert plan.spec.model_dump(exclude={"title"}) == plain.spec.model_dump(exclude={"title"})


def test_html_symbols_are_planned_like_their_text(catalog):
    plan = _plan("plot the &tau;<sub>21</sub> of the AK8 jets", catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert (obs.field, plan.spec.object(obs.of).source) == ("tau21", "FatJet")


# --- the N-subjettiness ratios of AK8 jets -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "index"),
    [
        ("Let's compare the tau2 / tau1 ratio for the AK8 jets in ttbar MC", "tau21", None),
        ("plot the tau21 of the leading AK8 jet", "tau21", 0),
        ("plot the N-subjettiness ratio tau32 of the fat jets", "tau32", None),
        ("the tau_{32} of the large-radius jets", "tau32", None),
    ],
)
def test_nsubjettiness_ratios_are_planned(catalog, text, field, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = _plotted(plan)
    assert (obs.kind, obs.field, obs.index) == ("field", field, index)
    assert plan.spec.object(obs.of).source == "FatJet"
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("plot the tau21 of the muons", "tau21 of the muons"),  # AK8 jets only
        ("plot the tau21 of the leading jet", "the leading jet"),  # AK4 jets have none
    ],
)
def test_nsubjettiness_of_other_objects_is_asked(catalog, text, quoted):
    _asked(_plan(text, catalog), quoted)


def test_a_field_of_an_earlier_leading_object_is_not_split_off(catalog):
    # "its tau21" after "the leading AK8 jet": of that jet, never of every AK8 jet by a split
    # into plots (asked)
    plan = _plan("plot the pT of the leading AK8 jet and its tau21", catalog)
    assert not plan.ok, plan.describe()
    assert "leading" in plan.question


def test_a_field_listed_with_the_leading_object_s_pt_is_of_that_object(catalog):
    # "the leading AK8 jet pT and tau21": both of the leading AK8 jet (one list of fields)
    plan = _plan("plot the leading AK8 jet pT and tau21", catalog)
    assert plan.ok, plan.question
    plotted = {(o.of, o.field, o.index) for o in plan.spec.observables}
    assert plotted == {("fatjets", "tau21", 0), ("fatjets", "pt", 0)}


def test_a_derived_field_of_another_collection_is_refused_by_the_spec():
    from chathep.errors import SpecError
    from chathep.spec import parse_spec

    spec = {
        "title": "t", "samples": [TT],
        "objects": [{"name": "muons", "source": "Muon"}],
        "observables": [{"name": "x", "kind": "field", "of": "muons", "field": "tau21"}],
        "histograms": [{"name": "h", "observable": "x", "bins": 10, "start": 0, "stop": 1,
                        "label": "tau21"}],
    }  # fmt: skip
    with pytest.raises(SpecError, match="FatJet only"):
        parse_spec(spec)


@pytest.fixture(scope="module")
def tau_runs(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    out = []
    for text in ("plot the tau21 of the AK8 jets in ttbar MC",
                 "plot the tau32 of the leading AK8 jet in ttbar MC"):  # fmt: skip
        plan = _plan(text, cat)
        assert plan.ok, plan.question
        out.append((plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("tau")).result))
    return out


def test_nsubjettiness_ratios_match_the_reference(tau_runs, demo_data):
    with uproot.open(demo_data / FILES[TT]) as f:
        ev = f["Events"].arrays(filter_name=["FatJet_*", "genWeight"])
    w = weights(TT, ev)
    fj = coll(ev, "FatJet")
    fj = fj[(fj.pt > 200) & (abs(fj.eta) < 2.4) & (fj.jetId >= 2)]  # the stated defaults
    (all_plan, all_result), (lead_plan, lead_result) = tau_runs
    keep = fj[fj.tau1 > 0]
    values, vw = flat_per_object(keep.tau2 / keep.tau1, w)
    assert len(values) > 20
    (h,) = all_plan.spec.histograms
    check(all_result, h.name, TT, values, vw, h.bins, h.start, h.stop)
    has = ak.to_numpy(ak.num(fj) >= 1)
    lead = fj[has][:, 0]
    ok = ak.to_numpy(lead.tau2 > 0)
    values = ak.to_numpy(lead.tau3 / lead.tau2)[ok]
    (h,) = lead_plan.spec.histograms
    check(lead_result, h.name, TT, values, w[has][ok], h.bins, h.start, h.stop)


def test_a_field_a_vector_property_shadows_is_read_by_name(demo_data, tmp_path):
    # FatJet_tau2 as an attribute of a Lorentz vector is its squared proper time (m^2)
    from chathep.spec import parse_spec

    spec = parse_spec({
        "title": "tau2", "samples": [TT], "lumi_pb": 1000.0,
        "objects": [{"name": "fatjets", "source": "FatJet",
                     "cuts": [{"field": "tau2", "op": ">", "value": 0.05}]}],
        "observables": [{"name": "fj_tau2", "kind": "field", "of": "fatjets", "field": "tau2"}],
        "histograms": [{"name": "h", "observable": "fj_tau2", "bins": 20, "start": 0, "stop": 0.5,
                        "label": "tau2"}],
    })  # fmt: skip
    result = run_spec(spec, workdir=tmp_path).result
    with uproot.open(demo_data / FILES[TT]) as f:
        ev = f["Events"].arrays(filter_name=["FatJet_tau2", "genWeight"])
    tau2 = ev.FatJet_tau2[ev.FatJet_tau2 > 0.05]
    values, w = flat_per_object(tau2, weights(TT, ev))
    assert len(values) > 20
    check(result, "h", TT, values, w, 20, 0.0, 0.5)
