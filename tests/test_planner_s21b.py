"""Session 21: chat-style wordings from the team's paraphrase families (probe16, issue #12)."""

from __future__ import annotations

import pytest

from tests._plans import parser_plan


def _step(plan, name_part: str):
    return [s for s in plan.spec.selection if name_part in s.name]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Please make a histogram of the invariant mass of the two leading jets, using jets "
            "with pT above 30 GeV and |eta| below 4.7, and requiring that the two leading jets "
            "are separated by more than 3 units in pseudorapidity.",
            3.0,
        ),
        (
            "the dijet mass, requiring that the two leading jets are separated by more than 3.5 "
            "in |Δη|",
            3.5,
        ),
        (
            "the mass of the two leading jets, using jets with pT above 30 GeV and |eta| below "
            "4.7, and requiring |delta eta| between the two leading jets above 3",
            3.0,
        ),
    ],
)
def test_a_pseudorapidity_separation_is_a_delta_eta_cut(text, value, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (step,) = _step(plan, "|delta eta|")
    assert (step.op, step.value) == (">", value)


@pytest.mark.parametrize(
    "text",
    [
        "lead jet pT, endcap jets only (1.3<|eta|<2.5, pt>30), data vs DY",
        r"$p_T^{j_1}$ with $j_1$ the leading jet among jets with $1.3 < |\eta| < 2.5$ and "
        r"$p_T > 30$ GeV; DoubleMuon 2018 data vs DY $\to \ell\ell$ MC",
    ],
)
def test_lead_jet_and_dy_to_ll(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert (obs.field, obs.index) == ("pt", 0)
    assert sorted(catalog[s].kind for s in plan.spec.samples) == ["data", "mc"]
    (jets,) = plan.spec.objects
    eta = sorted((c.op, c.value) for c in jets.cuts if c.field == "eta")
    assert eta == [("<", 2.5), (">", 1.3)], jets.cuts


def test_keeping_only_events_is_a_selection(catalog):
    plan = parser_plan(
        "in the 2018 DoubleMuon data, keeping only events with HT above 300 GeV, plot HT", catalog
    )
    assert plan.ok, plan.question
    assert any(s.op == ">" and s.value == 300.0 for s in plan.spec.selection), plan.spec.selection


def test_inside_an_eta_bound_is_the_bound(catalog):
    plan = parser_plan("the pT of jets inside |eta| < 2.5 and pT > 30", catalog)
    assert plan.ok, plan.question
    (jets,) = plan.spec.objects
    assert any(c.field == "eta" and c.value == 2.5 for c in jets.cuts)


def test_no_identification_is_no_id(catalog):
    plan = parser_plan(
        "the pT of every electron in DY, no isolation and no identification at all", catalog
    )
    assert plan.ok, plan.question
    (ele,) = plan.spec.objects
    assert not ele.cuts


@pytest.mark.parametrize(
    "text",
    [
        "pT of the Z cand, the SFOS lepton pair closest to 91.2 GeV, in events with >=3 lep",
        "pT of the Z candidate, the SFOS pair closest to 91.2 GeV, in events with >=3 leptons",
    ],
)
def test_terse_candidate_and_lepton_spellings(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert any(s.count == "leptons" and s.value == 3 for s in plan.spec.selection), (
        plan.spec.selection
    )


def test_latex_n_pv_is_the_number_of_primary_vertices(catalog):
    plan = parser_plan(
        r"$N_{\mathrm{PV}}$ per event, DoubleMuon 2018 data, no selection (all events)", catalog
    )
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].name == "npv"


def test_how_far_apart_in_delta_r_is_their_delta_r(catalog):
    plan = parser_plan(
        "How far apart in ΔR are the two highest-pT muons in the DoubleMuon data?", catalog
    )
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.kind == "delta_r"


def test_pileup_as_context_of_a_vertex_count_plans_the_count(catalog):
    plan = parser_plan(
        "I keep getting asked about pileup in our 2018 data, so let's just look. Take every "
        "event in the DoubleMuon sample, nothing cut away, and count the primary vertices",
        catalog,
    )
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].name == "npv"
    assert not plan.spec.selection


def test_pileup_alone_is_still_asked(catalog):
    plan = parser_plan("plot the pileup", catalog)
    assert not plan.ok and "pileup" in plan.question


def test_nothing_cut_away_is_no_cuts(catalog):
    plan = parser_plan("the muon pT with nothing cut away", catalog)
    assert plan.ok, plan.question
    (mu,) = plan.spec.objects
    assert not mu.cuts


@pytest.mark.parametrize(
    "text",
    [
        "For jets with pT > 30 GeV, show |eta| of all the electrons for events with exactly three "
        "jets; on data only, 10 bins from 0 to 2.5, on a logarithmic y scale",
        "For jets with pT > 30 GeV, show |eta| of the electrons for events with exactly three jets",
    ],
)
def test_abs_eta_of_objects_after_a_fronted_clause(text, catalog):
    # compositional probe seed 61: the closing bar of "|eta|" hid the "of": the jets of the
    # fronted clause were plotted, silently
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.field, obs.of, obs.abs) == ("eta", "electrons", True)


def test_the_and_of_between_opens_no_condition(catalog):
    # compositional probe seed 67: "... between the leading electron and the leading muon with
    # the dimuon pT over 50 GeV" read "and the leading muon with the dimuon pT" as the cut, and
    # the Delta R lost its muon (the Delta R of the electrons, silently)
    plan = parser_plan(
        "For muons with pT over 50 GeV, make a histogram of delta R between the leading "
        "electron and the leading muon with the dimuon pT over 50 GeV with 50 bins from 0 to 5",
        catalog,
    )
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.of, obs.other) == ("delta_r", "electrons", "muons")
    assert any(s.name == "dimuon pT > 50 GeV" for s in plan.spec.selection)


# --- probe17 (team-written chat-style families) ---------------------------------------------
def test_groomed_mass_of_a_large_radius_r08_jet(catalog):
    plan = parser_plan(
        "the groomed (soft-drop) mass of the hardest large-radius (R = 0.8) jet in the ttbar "
        "sample",
        catalog,
    )
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.field, obs.of, obs.index) == ("msoftdrop", "fatjets", 0)


def test_m_bb_is_the_mass_of_the_two_leading_b_jets(catalog):
    plan = parser_plan(
        "ttbar MC, m_bb of 2 leading DeepJet-tight b jets, pt>30 |eta|<2.5, >=2 btags", catalog
    )
    assert plan.ok, plan.question
    (combo,) = plan.spec.combinations
    assert combo.inputs == ["bjets"] and combo.leading == 2


def test_latex_mathrm_subscript_in_braces(catalog):
    from chathep.planner import lexicon as lx

    assert lx.normalise(r"$m_{\mathrm{SD}}$") == "m_{sd}"


@pytest.mark.parametrize(
    "text",
    [
        "Could you please plot the transverse momentum of the highest-pT photon in the Drell-Yan "
        "Monte Carlo? Only photons that pass the medium cut-based identification, have pT above "
        "20 GeV and sit in the barrel with |eta| < 1.4442.",
        "the leading photon pT in DY if I keep only barrel photons (|eta| < 1.4442) above 20 GeV",
    ],
)
def test_photon_identification_and_keep_only(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (pho,) = plan.spec.objects
    assert any(c.field == "eta" and c.value == 1.4442 for c in pho.cuts)
    assert any(c.field == "pt" and c.value == 20.0 for c in pho.cuts)


def test_lead_mu_is_the_leading_muon(catalog):
    plan = parser_plan("lead mu pt, tight ID, pt>20 |eta|<2.4, data vs DY", catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.field, obs.of, obs.index) == ("pt", "muons", 0)


_EDGES = [20.0, 25.0, 30.0, 35.0, 40.0, 50.0, 60.0, 80.0, 120.0, 200.0]


@pytest.mark.parametrize(
    "text",
    [
        "lead mu pt, tight ID, pt>20 |eta|<2.4, data vs DY, norm to 1, "
        "bins [20,25,30,35,40,50,60,80,120,200]",
        r"$p_T^{\mu_1}$, data vs DY MC, $\int = 1$ each; $\mu$: tight ID, $p_T > 20$ GeV, "
        r"$|\eta| < 2.4$; edges $\{20, 25, 30, 35, 40, 50, 60, 80, 120, 200\}$ GeV",
        "Could you please compare the leading muon pT between the DoubleMuon 2018 data and the "
        "Drell-Yan MC, both normalised to unit area? Use tight-ID muons with pT above 20 GeV and "
        "|eta| below 2.4, and the bin edges 20, 25, 30, 35, 40, 50, 60, 80, 120 and 200 GeV.",
        "the leading muon pt in data and DY, scaled to unit area. Binning by edges 20, 25, 30, "
        "35, 40, 50, 60, 80, 120, 200 GeV.",
    ],
)
def test_variable_edges_and_unit_area_wordings(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert h.edges == _EDGES and h.unit_area


@pytest.mark.parametrize(
    ("text", "start", "stop"),
    [
        (
            "delta phi between the leading jet and the MET, 16 bins from 0 to pi",
            0.0,
            3.141592653589793,
        ),
        ("the muon phi, 20 bins from -pi to pi", -3.141592653589793, 3.141592653589793),
        (
            "Please plot the absolute azimuthal separation between the leading jet and the missing "
            "transverse momentum in the DY sample, for events with MET above 120 GeV. Jets should "
            "have pT above 40 GeV and |eta| below 2.5, and I would like 16 bins from 0 to pi.",
            0.0,
            3.141592653589793,
        ),
    ],
)
def test_pi_as_a_range_end(text, start, stop, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (start, stop)


def test_pi_alone_is_no_number():
    from chathep.planner import lexicon as lx

    assert "3.14" not in lx.normalise("the pi mesons")


def test_an_angle_condition_after_between_is_read(catalog):
    # was asked (tests/test_planner_cond14.py, before it a silent MET cut): the "and" of
    # "between the leading jet and the MET" no longer opens a condition of its own
    plan = parser_plan(
        "show the dimuon pT for events with at least two bjets in events where the DeltaPhi "
        "between the leading jet and the MET >= 1 data vs simulation",
        catalog,
    )
    assert plan.ok, plan.question
    (step,) = [s for s in plan.spec.selection if s.observable and "phi" in s.observable]
    assert (step.op, step.value) == (">=", 1.0)


@pytest.mark.parametrize(
    ("text", "pt", "eta"),
    [
        (
            "Could you make a histogram of the electron-muon invariant mass in the ttbar "
            "simulation? Please require exactly one electron and exactly one muon, each with pT "
            "above 20 GeV and |eta| below 2.4, and they must have opposite charges.",
            20.0,
            2.4,
        ),
        (
            "the electron-muon invariant mass in ttbar, requiring exactly one electron and "
            "exactly one muon, each with pT above 25 GeV and |eta| below 2.1",
            25.0,
            2.1,
        ),
    ],
)
def test_each_with_applies_to_every_listed_kind(text, pt, eta, catalog):
    # probe17 e2: the electrons kept their default |eta| < 2.5, silently
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    for obj in plan.spec.objects:
        cuts = {(c.field, c.op): c.value for c in obj.cuts}
        assert cuts[("pt", ">")] == pt and cuts[("eta", "<")] == eta, (obj.name, obj.cuts)


def test_a_cut_after_the_last_of_a_list_without_each_stays_its_own(catalog):
    plan = parser_plan(
        "the muon pT in events with two muons and a jet with pT above 30 GeV", catalog
    )
    assert plan.ok, plan.question
    (mu,) = [o for o in plan.spec.objects if o.name == "muons"]
    assert [c.value for c in mu.cuts if c.field == "pt"] == [20.0]


@pytest.mark.parametrize(
    "text",
    [
        "For muons with pT in [50, 200] GeV, Plot the transverse momentum of the dimuon system "
        "for events with a dimuon mass between 70 and 110 GeV",
        "For muons with pT between 50 and 200 GeV, Plot the transverse momentum of the dimuon "
        "system for events with a dimuon mass between 70 and 110 GeV",
    ],
)
def test_a_quantity_in_a_fronted_cut_clause_is_not_the_plot(text, catalog):
    # compositional probe seed 71: the muons' pT was plotted, the dimuon system dropped, silently
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert (obs.field, obs.of) == ("pt", "dimuon")
    (mu,) = plan.spec.objects
    assert sorted((c.op, c.value) for c in mu.cuts if c.field == "pt") == [
        ("<", 200.0),
        (">", 50.0),
    ]
