"""Session 16: planner readings found on probe7 (issue #12)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request


def _plan(text: str, catalog, **kwargs):
    return plan_request(text, catalog, mode="parser", check_files=False, **kwargs)


def _histogram_observable(plan):
    (histogram,) = plan.spec.histograms
    return next(o for o in plan.spec.observables if o.name == histogram.observable)


def _source(plan, name):
    return next(o for o in plan.spec.objects if o.name == name)


# --- axis labels in LaTeX: subscripts in \mathrm / \text / {\rm }, \ell, n_X ----------------------
@pytest.mark.parametrize(
    ("text", "kind", "of", "index"),
    [
        (r"$p_\mathrm{T}$ of second hardest jet (GeV)", "field", "jets", 1),
        (r"leading jet $p_\text{T}$ [GeV]", "field", "jets", 0),
        (r"$H_\mathrm{T}$ (GeV)", "ht", "jets", None),
        (r"$H_{\rm T}$ [GeV]", "ht", "jets", None),
        (r"Transverse scalar sum of jets $p_\text{T}$", "ht", "jets", None),
        ("[Missing E_{T} [GeV]]", "met", None, None),
        ("MissingET", "met", None, None),
        (r"$E_\mathrm{T}^\mathrm{miss}$ [GeV]", "met", None, None),
        (r"$p_\mathrm{T}^\mathrm{miss}$", "met", None, None),
        (r"$n_\ell$", "count", "leptons", None),
        (r"$N_\mathrm{jets}$", "count", "jets", None),
        ("CMS, Inclusive b jet multiplicity", "count", "bjets", None),
    ],
)
def test_latex_labels_are_read(catalog, text, kind, of, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = _histogram_observable(plan)
    assert obs.kind == kind
    assert obs.of == of
    if kind == "field":
        assert obs.field == "pt" and obs.index == index


def test_m_ll_in_mathrm_is_the_same_flavour_dilepton_mass(catalog):
    plan = _plan(r"$m_\mathrm{ll}$ (GeV)", catalog)
    assert plan.ok, plan.question
    obs = _histogram_observable(plan)
    assert obs.field == "mass"
    (pair,) = plan.spec.combinations
    assert pair.same_flavour and pair.charge == "opposite"
    assert set(pair.inputs) == {"muons", "electrons"}


def test_delta_phi_of_two_lepton_symbols_is_between_the_two_leading_leptons(catalog):
    plan = _plan(r"$\Delta\phi(\ell,\ell')$ [rad]", catalog)
    assert plan.ok, plan.question
    obs = _histogram_observable(plan)
    assert obs.kind == "delta_phi"
    assert obs.of == "leptons"
    assert obs.other in (None, "leptons")


def test_inclusive_alone_is_still_asked(catalog):
    """Only "inclusive <object> multiplicity" is read; an inclusive spectrum may mean a sample."""
    plan = _plan("the inclusive jet pT", catalog)
    assert not plan.ok
    assert "inclusive" in plan.question


# --- a Delta the plan lost: asked --------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        r"$\Delta \phi_{jet-\phi}$",  # was planned as the jet phi
        r"$\Delta\phi_{jet}$ [rad]",
    ],
)
def test_a_delta_with_no_trace_in_the_plan_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert plan.question


def test_the_lost_delta_is_quoted_in_the_question(catalog):
    plan = _plan(r"$\Delta \phi_{jet-\phi}$", catalog)
    assert not plan.ok
    assert "delta phi" in plan.question and "Delta-phi" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "the jet pT with no delta R cleaning",
        "delta phi between the leading jet and the MET",
        "jet pT, jets with delta R > 0.4 from muons",
        "Transverse mass of the candidate made by the two leading leptons and the MET: "
        r":math:`{\sqrt{2p_T^{ll}p_{T}^{miss}(1-cos\Delta\phi_{ll,MET})}}`",
    ],
)
def test_a_delta_that_is_placed_negated_or_a_formula_term_is_not_asked(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question


# --- the object as a sub- or superscript of the quantity ------------------------------------------
@pytest.mark.parametrize(
    ("text", "of", "field", "index", "absolute"),
    [
        (r"$p_{T}^{j_1}$ [GeV]", "jets", "pt", 0, False),
        (r"$\eta^{j_1}$", "jets", "eta", 0, False),
        (r"$\phi_{\mu}$", "muons", "phi", None, False),
        (r"$|\eta_{\mu}|$", "muons", "eta", None, True),
        (r"$p_T^{\mu,1}$", "muons", "pt", 0, False),
        (r"$p_{T}^{\mathrm{lead}\,\mu}$ [GeV]", "muons", "pt", 0, False),
        (r"$\eta_{e_2}$", "electrons", "eta", 1, False),
    ],
)
def test_object_scripts_of_a_quantity(catalog, text, of, field, index, absolute):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = _histogram_observable(plan)
    got = (obs.kind, obs.of, obs.field, obs.index, obs.abs)
    assert got == ("field", of, field, index, absolute)


@pytest.mark.parametrize(
    ("text", "inputs", "field"),
    [
        (r"$M_{\mu^+\mu^-}$ [GeV/$c^2$]", ["muons"], "mass"),
        (r"$m_{e^{+}e^{-}}$", ["electrons"], "mass"),
        (r"$y_{\mu\mu}$", ["muons"], "rapidity"),
    ],
)
def test_pair_symbols_in_scripts(catalog, text, inputs, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.inputs == inputs and pair.size == 2
    assert _histogram_observable(plan).field == field


# --- a quantity the request names and the plan lost: asked ---------------------------------------
def test_quantity_unread_asks_for_a_named_quantity_missing_from_the_plan(catalog):
    from chathep.planner.silent import quantity_unread

    spec = _plan("the muon pT", catalog).spec
    assert quantity_unread("the muon pt with the met", spec) is not None
    assert "'ht'" in quantity_unread("the muon pt in events with ht", spec)
    assert quantity_unread("the muon pt with no met requirement", spec) is None  # negated
    assert quantity_unread("the muon pt", spec) is None
    with_met = _plan("the muon pT and the MET", catalog).spec
    assert quantity_unread("the muon pt and the met", with_met) is None
    opposite = _plan("the dimuon mass of opposite-charge muons", catalog).spec
    assert quantity_unread("the dimuon mass of opposite charge muons", opposite) is None


# --- a mass cut on the plotted pair; an isolation named with its branch --------------------------
@pytest.mark.parametrize(
    "text",
    [
        "dimuon pT for opposite sign muon pairs with mass above 12 GeV",
        "dimuon pT for pairs with mass above 12 GeV",
        "the dimuon pT with the pair mass above 12 GeV",
        "dimuon pT, dimuon mass above 12 GeV",
    ],
)
def test_a_mass_cut_on_the_plotted_pair(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _histogram_observable(plan).field == "pt"
    cuts = [
        (step.op, step.value)
        for step in plan.spec.selection
        if step.observable
        and next(o for o in plan.spec.observables if o.name == step.observable).field == "mass"
    ]
    assert cuts == [(">", 12.0)]


@pytest.mark.parametrize(
    ("text", "field", "pt_min"),
    [
        ("Muon isolation (pfRelIso04_all) for muons with pT > 10 GeV", "pfRelIso04_all", 10.0),
        ("muon relative isolation (pfRelIso03_all)", "pfRelIso03_all", 20.0),
    ],
)
def test_an_isolation_named_with_its_branch_plots_that_branch(catalog, text, field, pt_min):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _histogram_observable(plan).field == field
    cuts = {c.field: c for c in _source(plan, "muons").cuts}
    assert cuts["pt"].value == pt_min
    assert "pfRelIso04_all" not in cuts and "pfRelIso03_all" not in cuts  # not cut on what is drawn


# --- "no lepton cleaning": a waiver of the jets' cleaning, not a property of the leptons ----------
@pytest.mark.parametrize(
    "text",
    [
        "the leading jet pT, no lepton cleaning",  # was: jets cleaned against muons and electrons
        "the leading jet pT without lepton cleaning",
        "the leading jet pT in events with two muons, no lepton cleaning",
        "the b-jet pT, no lepton cleaning",
    ],
)
def test_no_lepton_cleaning_leaves_the_jets_uncleaned(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    jets = [o for o in plan.spec.objects if o.source == "Jet"]
    assert jets and all(not o.clean_against for o in jets)
    assert [o.name for o in plan.spec.objects if o.source == "Electron"] == []


# --- "now the MET": in the previous plot's events ------------------------------------------------
def _followup(catalog, first: str, second: str):
    previous = _plan(first, catalog)
    assert previous.ok, previous.question
    return _plan(second, catalog, previous=previous)


def test_now_the_met_after_a_pair_keeps_the_pair_as_a_selection(catalog):
    plan = _followup(catalog, "the dimuon mass of opposite-sign muons above 25 GeV", "now the MET")
    assert plan.ok, plan.question  # was: asked about unused muons
    assert _histogram_observable(plan).kind == "met"
    (pair,) = plan.spec.combinations
    assert pair.charge == "opposite" and pair.inputs == ["muons"]
    assert any(step.count == pair.name for step in plan.spec.selection)
    assert {c.field: c.value for c in _source(plan, "muons").cuts}["pt"] == 25.0
    assert any("events of the previous plot" in n for n in plan.notes)


def test_now_the_met_after_a_ranked_object_keeps_its_count(catalog):
    plan = _followup(catalog, "the subleading muon pT", "now the MET")
    assert plan.ok, plan.question  # was: the MET of every event, no note
    assert any(s.count == "muons" and s.op == ">=" and s.value == 2 for s in plan.spec.selection)


def test_now_the_met_after_a_z_candidate_is_asked(catalog):
    plan = _followup(catalog, "the Z candidate mass", "now the MET")
    assert not plan.ok  # was: the MET of every event, the Z candidate dropped silently
    assert "In which events" in plan.question


def test_now_the_met_after_an_object_plot_is_every_event(catalog):
    plan = _followup(catalog, "the muon pT", "now the MET")
    assert plan.ok, plan.question
    assert plan.spec.selection == []
