"""Session 24: wording of probe sets 18-20 (issue #12): log-spaced bins said with the count,
"both axes logarithmic", "take the two leading muons", the ECAL gap said as a range, "no
isolation beyond the ID", "no condition on electrons", ">=4j"."""

from __future__ import annotations

import pytest

from chathep.planner import lexicon
from chathep.planner.planner import plan_request


def _plan(text: str, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _cuts(plan, name):
    return sorted(
        (c.field, c.op, c.value, c.abs, getattr(c, "or_above", None))
        for c in plan.spec.object(name).cuts
    )


def _counts(plan):
    return [(s.count, s.op, s.value) for s in plan.spec.selection if s.count]


# --- binning and axes --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "2018 data: m_mumu of 2 leading mu, OS, pt>4 |eta|<2.4, no ID no iso, 100 log bins "
        "0.3-300, logx logy",
        "dimuon mass of opposite-charge muons with pt > 4 and |eta| < 2.4, no ID, no isolation, "
        "in 2018 data, 100 bins spaced logarithmically between 0.3 and 300 GeV",
        "dimuon mass of opposite-charge muons with pt > 4 and |eta| < 2.4, no ID, no isolation, "
        "in 2018 data, 100 bins from 0.3 to 300 GeV with both axes logarithmic",
    ],
)
def test_log_spaced_bins_with_the_count_and_the_range(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop, h.log_x, h.log_y) == (100, 0.3, 300, True, True)
    assert _cuts(plan, "muons") == [("eta", "<", 2.4, True, None), ("pt", ">", 4, False, None)]


def test_both_axes_logarithmic_is_log_log() -> None:
    assert "log-log" in lexicon.normalise("the dimuon mass with both axes logarithmic")
    assert "log-log" in lexicon.normalise("the dimuon mass, log scale on both axes")


def test_at_sign_gives_the_bin_width(catalog):
    plan = _plan(
        "DY MC m_ee, exactly 2 ele pt>25, |eta|<1.479, cutBased medium; 60-120 @ 2 GeV", catalog
    )
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (30, 60, 120)


def test_bins_across_a_bracketed_range(catalog):
    plan = _plan(
        "eta of every electron with pT > 15 GeV in ttbar MC, 50 bins across [-2.5, 2.5]", catalog
    )
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (50, -2.5, 2.5)


# --- the pair of the two leading --------------------------------------------------------------
@pytest.mark.parametrize("verb", ["take", "use", "using"])
def test_take_the_two_leading_muons_is_the_pair_read(catalog, verb):
    plan = _plan(
        f"dimuon mass in the 2018 data; {verb} the two leading muons with pT above 4 "
        "GeV, opposite charge",
        catalog,
    )
    assert plan.ok, plan.question
    (combo,) = plan.spec.combinations
    assert combo.leading == 2 and combo.charge == "opposite"


# --- the ECAL gap said as a range -----------------------------------------------------------
@pytest.mark.parametrize(
    "gap",
    [
        "|eta|<2.5 excl. 1.4442-1.566 gap",
        "|eta| < 2.5, once the ECAL gap between |eta| = 1.4442 and 1.566 is removed",
        "|eta| < 2.5 but outside the transition region, 1.4442 to 1.566 in |eta|",
        "|eta| < 2.5, excluding 1.4442 < |eta| < 1.566",
    ],
)
def test_the_ecal_gap_said_as_a_range_is_rejected(catalog, gap):
    plan = _plan(f"eta of every electron with pT > 15 GeV in ttbar MC, tight ID, {gap}", catalog)
    assert plan.ok, plan.question
    assert ("eta", "<", 1.4442, True, 1.566) in _cuts(plan, "electrons")
    assert ("eta", "<", 2.5, True, None) in _cuts(plan, "electrons")


@pytest.mark.parametrize(
    "iso",
    ["no isolation cut beyond the ID itself", "no iso on top of that", "no extra iso"],
)
def test_no_isolation_beyond_the_id(catalog, iso):
    plan = _plan(f"pT of every muon with pT > 15 GeV in DY MC, tight ID, {iso}", catalog)
    assert plan.ok, plan.question
    assert "pfRelIso04_all" not in [c[0] for c in _cuts(plan, "muons")]
    assert ("tightId", "==", True, False, None) in _cuts(plan, "muons")


# --- no electron requirement ---------------------------------------------------------------
@pytest.mark.parametrize(
    "words",
    [
        "no requirement on electrons",
        "no condition on electrons",
        "electrons are neither required nor vetoed",
        "no e req",
        "do not select any electrons at all",
    ],
)
def test_no_condition_on_electrons_makes_none(catalog, words):
    plan = _plan(f"leading jet pT in ttbar MC, at least 4 jets, {words}", catalog)
    assert plan.ok, plan.question
    assert [o.source for o in plan.spec.objects] == ["Jet"]
    assert any("no electron requirement" in n for n in plan.notes)


def test_no_condition_on_the_plotted_objects_is_asked(catalog):
    plan = _plan("pT of the leading electron in ttbar MC, no condition on electrons", catalog)
    assert not plan.ok


# --- counts by letter -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "count"),
    [(">=4j", ("jets", ">=", 4)), ("≥ 4j", ("jets", ">=", 4)), (">4j", ("jets", ">=", 5))],
)
def test_a_count_by_letter(catalog, words, count):
    plan = _plan(f"ttbar MC: leading jet pT, {words} pt>30", catalog)
    assert plan.ok, plan.question
    assert count in _counts(plan)


def test_four_jets_with_a_pt_cut_is_no_four_jet_system() -> None:
    assert "quadjet" not in lexicon.normalise(">=4j pt>30 |eta|<2.4")
    assert "quadjet" in lexicon.normalise("the 4j pt")


# --- detector regions and cleaning said in words -----------------------------------------------
@pytest.mark.parametrize(
    "words",
    [
        "exactly 2 ele pt>25, EB only |eta|<1.479, cutBased medium, OS",
        "exactly two opposite-charge electrons with pT > 25 GeV in the ECAL barrel, |eta| < 1.479, "
        "medium cut-based ID",
        "exactly two opposite-charge barrel electrons (|eta| < 1.479) above 25 GeV that pass "
        "cut-based medium",
    ],
)
def test_the_barrel_word_beside_its_cut(catalog, words):
    plan = _plan(f"DY MC, dielectron mass, {words}", catalog)
    assert plan.ok, plan.question
    cuts = _cuts(plan, "electrons")
    assert ("eta", "<", 1.479, True, None) in cuts
    assert ("eta", "<", 1.4442, True, None) not in cuts
    assert ("cutBased", ">=", 3, False, None) in cuts


def test_inside_eta_of_is_an_upper_bound() -> None:
    assert "|eta| < 2.4" in lexicon.normalise("muons inside |eta| of 2.4")


@pytest.mark.parametrize(
    "words",
    [
        "veto events with a jet with pT > 30 GeV, jets within dR<0.4 of the muon ignored",
        "veto events with a jet with pT > 30 GeV, ignoring jets within Delta R < 0.4 of the muon",
        "veto events with a jet with pT > 30 GeV; a jet closer than 0.4 in Delta R to the muon "
        "doesn't count",
    ],
)
def test_jets_near_the_muon_ignored_is_the_cleaning(catalog, words):
    plan = _plan(f"MET in DY MC, exactly one muon with pT > 25 GeV, {words}", catalog)
    assert plan.ok, plan.question
    jets = plan.spec.object("jets")
    assert [(c.against, c.dr) for c in jets.clean_against] == [("muons", 0.4)]
    assert ("jets", "<=", 0) in _counts(plan) or ("jets", "==", 0) in _counts(plan)


@pytest.mark.parametrize(
    "words", ["at any eta", "anywhere in eta", "and don't restrict the jet eta"]
)
def test_jets_at_any_eta_have_no_eta_cut(catalog, words):
    plan = _plan(f"MET in DY MC, at least one jet with pT > 30 GeV {words}", catalog)
    assert plan.ok, plan.question
    assert [c[0] for c in _cuts(plan, "jets")] == ["jetId", "pt"]


# --- asymmetric thresholds -------------------------------------------------------------------
@pytest.mark.parametrize(
    "words",
    [
        "tight mu pt>25/15, OS",
        "two tight muons with pT > 25/15 GeV, opposite charge",
        "two tight muons above 15 GeV, with the harder one above 25 GeV, opposite charge",
    ],
)
def test_leading_and_subleading_thresholds(catalog, words):
    plan = _plan(f"dimuon pT in DY MC, {words}", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 15, False, None) in _cuts(plan, "muons")
    steps = [(s.observable, s.op, s.value) for s in plan.spec.selection if s.observable]
    assert len(steps) == 1 and steps[0][1:] == (">", 25)
    (obs,) = [o for o in plan.spec.observables if o.name == steps[0][0]]
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", 0)


def test_a_rising_slash_is_left_as_written() -> None:
    assert "20/30" in lexicon.normalise("jets with pt > 20/30")


@pytest.mark.parametrize("quantity", ["mass", "pT"])
def test_the_pair_formed_from_the_two_leading_tight_muons(catalog, quantity):
    plan = _plan(
        f"I'd be grateful for an overlay of the dimuon {quantity} in the DoubleMuon 2018 data "
        "and in the Drell-Yan simulation. The pair should be formed from the two highest-pT "
        "tight muons within |eta| < 2.4, the leading one above 25 GeV and the second above 15 "
        "GeV, with opposite charges.",
        catalog,
    )
    assert plan.ok, plan.question
    assert ("pt", ">", 15, False, None) in _cuts(plan, "muons")
    (combo,) = plan.spec.combinations
    assert combo.leading == 2 and combo.charge == "opposite"
    steps = [(s.op, s.value) for s in plan.spec.selection if s.observable]
    assert steps == [(">", 25)]


# --- code-like and LaTeX wording ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "index"),
    [("plot the mu[0] pt histogram", 0), ("plot muons[1].pt", 1), ("plot Muon_pt[1]", 1)],
)
def test_an_indexed_muon_is_that_rank(catalog, words, index):
    plan = _plan(f"{words} in DY MC", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    (obs,) = [o for o in plan.spec.observables if o.name == h.observable]
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", index)


def test_bins_of_a_width_said_with_width(catalog):
    plan = _plan(
        "the dimuon mass in DY MC in bins of 0.25 GeV width in the range [0, 20] GeV", catalog
    )
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (80, 0, 20)


@pytest.mark.parametrize(
    "text",
    [
        "make histograms of the m_llll distribution in DY MC",
        'we plot a histogram of the number of collisions ("events") as a function of the mass of '
        "the four-lepton system in DY MC",
    ],
)
def test_the_four_lepton_mass_in_other_words(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (combo,) = plan.spec.combinations
    assert combo.size == 4
    assert plan.spec.histograms[0].observable.endswith("mass")


def test_without_any_event_selection_is_none(catalog):
    plan = _plan("plot muon multiplicity without any event selection in DY MC", catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == "n_muons"
    assert not plan.spec.selection
    assert any("no event selection is made" in n for n in plan.notes)


def test_without_any_event_selection_beside_a_trigger_is_asked(catalog):
    plan = _plan("muon multiplicity in DY MC, no event selection, HLT_IsoMu24", catalog)
    assert not plan.ok and "event selection" in plan.question


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"with $\pt > \SI{20}{\GeV}$", "with pt > 20 gev"),
        (r"an electron cut of $\PT > \unit{25}{\GeV}$", "an electron cut of pt > 25 gev"),
        (r"2 \cPqb-tagged jets", "2 bjets"),
        (r"at least one \PQb tag", "at least 1 b tag"),
        (r"Particle Flow \ETm distribution", "particle flow met distribution"),
        (r"shown in Fig.~\ref{fig:softdrop}, for", "shown in the figure , for"),
        (r"|\eta| < 2.4$\cite{baisini2010electron}.", "|eta| < 2.4 ."),
        (r"$M_{\mbox{\scriptsize{soft drop}}}$", "m_{soft drop}"),
        ("exatcly one lepton", "exactly 1 lepton"),
    ],
)
def test_analysis_note_latex(latex, plain):
    assert " ".join(lexicon.normalise(latex).split()) == plain


# --- asked instead of planned silently wrong -------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "At least one μ+μ− pair must have an invariant mass between 110 and 150 GeV",
        "Events must have a dimuon mass between 110 and 150 GeV",
    ],
)
def test_a_selection_with_no_plot_word_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "what should I plot" in plan.question


def test_a_plot_of_the_same_words_is_planned(catalog):
    plan = _plan("Plot the dimuon mass; the pair must have a mass between 110 and 150 GeV", catalog)
    assert plan.ok, plan.question


@pytest.mark.parametrize(
    "text",
    [
        "Plot the HT, MHT, and N(jets) distributions for the stated sample.",
        "Control plot: muon pt in the control sample",
        "the leading muon pT with the given selection",
    ],
)
def test_a_sample_or_selection_pointed_at_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "does not state" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        r"only select events containing two photons with specific pt and \eta",
        "the leading jet pT for jets with appropriate pT cuts",
    ],
)
def test_a_cut_with_no_value_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "which values" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "Create histograms of the number of muons and number of isolated muons per event.",
        "the pT of all muons and the pT of tight muons",
    ],
)
def test_one_quantity_of_two_definitions_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "two definitions" in plan.question


def test_one_quantity_of_two_kinds_is_two_plots(catalog):
    plan = _plan("the number of jets and the number of b-jets in ttbar MC", catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2


def test_an_arrow_before_a_count_is_no_comparison() -> None:
    assert "more than" not in lexicon.normalise("H->ZZ->4l four-lepton mass")
    assert "at least 4 jets" in lexicon.normalise("ttbar: >=4j")


def test_jets_and_light_jets_in_one_request_are_asked(catalog):
    plan = _plan(
        r"Distribution of the lepton \pt after selecting exatcly one lepton, at least 4 jets, "
        r"2 \cPqb-tagged jets and 2 light jets.",
        catalog,
    )
    assert not plan.ok and "light (not b-tagged) jets" in plan.question


def test_light_jets_alone_are_the_jets_not_b_tagged(catalog):
    plan = _plan("the pT of the light jets in ttbar MC", catalog)
    assert plan.ok, plan.question
    assert ("btagDeepFlavB", "<", "loose", False, None) in _cuts(plan, "jets")


def test_n_vertex_is_the_number_of_primary_vertices(catalog):
    plan = _plan(
        r"$n_\textrm{vertex}$ distribution for events with at least three light "
        "leptons.",
        catalog,
    )
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == "npv"


def test_the_difference_in_pseudorapidity_between_two_jets(catalog):
    plan = _plan(
        r"Distribution of $\Delta \eta$ a variable describing the difference in "
        "pseudo-rapidity between the leading two jets.",
        catalog,
    )
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    (obs,) = [o for o in plan.spec.observables if o.name == h.observable]
    assert obs.kind == "delta_eta" and obs.of == "jets"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("lead_jetPt", "leading jet pt"),
        ("leadJetPt", "leading jet pt"),
        ("subleadMuonEta", "subleading muon eta"),
        ("jet1_pt", "leading jet pt"),
        ("mu2Eta", "subleading muon eta"),
    ],
)
def test_variable_names_of_analysis_code(code, words):
    assert " ".join(lexicon.normalise(f"plot {code}").split()) == f"plot {words}"


def test_latex_closing_quotes_are_dropped() -> None:
    assert "''" not in lexicon.normalise("events with a single ``Tight'' muon")


def test_without_any_threshold_in_the_muon_pt(catalog):
    plan = _plan(r"the muon pT in DY MC without any threshold in the muon $p_\mathrm{T}$", catalog)
    assert plan.ok, plan.question
    assert "pt" not in [c[0] for c in _cuts(plan, "muons")]


@pytest.mark.parametrize(
    ("words", "charge"),
    [
        ("q(e1)*q(e2)<0", "opposite charge"),
        ("mu[0].charge*mu[1].charge<0", "opposite charge"),
        ("q1*q2 < 0", "opposite charge"),
        (r"$q_\mu q_\tau < 0$", "opposite charge"),
        ("q_e·q_mu < 0", "opposite charge"),
        ("q1*q2 > 0", "same charge"),
    ],
)
def test_a_product_of_charges(words, charge):
    assert charge in lexicon.normalise(f"the pair mass, {words}")


def test_a_lone_charge_cut_is_no_product() -> None:
    assert "opposite" not in lexicon.normalise("the q < 0 muons")


def test_y_on_a_log_scale_and_binw(catalog):
    plan = _plan("leading muon pT in DY MC, y on a log scale, binw = 5 GeV", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert h.log_y and (h.stop - h.start) / h.bins == 5


def test_large_jets_are_the_ak8_jets(catalog):
    plan = _plan("DeltaPhi between leading and subleading large jets in ttbar MC", catalog)
    assert plan.ok, plan.question
    assert [o.source for o in plan.spec.objects] == ["FatJet"]


def test_the_distance_in_the_rapidity_azimuth_plane_is_delta_r() -> None:
    assert "delta_r between" in lexicon.normalise(
        "Distance in Rapidity-Azimuth Plane Between Leptons"
    )


@pytest.mark.parametrize(
    ("words", "plain"),
    [
        ("px for muon 1", "px for leading muon"),
        ("muon 1 and muon 2", "leading muon and subleading muon"),
        ("jet 2 pt", "subleading jet pt"),
        ("a muon 1 GeV above", "a muon 1 gev above"),
        ("jet 1.5 times", "jet 1.5 times"),
    ],
)
def test_an_object_and_its_number(words, plain):
    assert " ".join(lexicon.normalise(words).split()) == plain


def test_exactly_1e_plus_1mu_both_cut(catalog):
    plan = _plan("ttbar MC, m(e,mu), exactly 1e + 1mu, OS, both pt>20 |eta|<2.4", catalog)
    assert plan.ok, plan.question
    for name in ("electrons", "muons"):
        cuts = _cuts(plan, name)
        assert ("pt", ">", 20, False, None) in cuts and ("eta", "<", 2.4, True, None) in cuts
    assert ("electrons", "<=", 1) in _counts(plan) and ("muons", "<=", 1) in _counts(plan)
    assert plan.spec.combinations[0].charge == "opposite"


def test_latex_met_phi_and_a_texttt_trigger(catalog):
    plan = _plan(
        r"$\phi(\vec{p}_T^{\,\mathrm{miss}})$, 2018 DoubleMuon data, trigger "
        r"\texttt{HLT\_IsoMu24}, no offline selection",
        catalog,
    )
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].observable == "met_phi"
    assert [s.triggers for s in plan.spec.selection] == [["HLT_IsoMu24"]]


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"$q_{\mu_1} = q_{\mu_2}$", "same charge"),
        (r"$q_e \cdot q_\mu < 0$", "opposite charge"),
        ("q1 != q2", "opposite charge"),
        ("16 bins 0-pi", "16 bins from 0 to 3.141592653589793"),
        (
            r"$|\Delta\phi(j_1, \vec{p}_T^{\,\mathrm{miss}})|$",
            "| delta_phi between the leading jet and the met |",
        ),
    ],
)
def test_more_latex_and_notation(latex, plain):
    assert " ".join(lexicon.normalise(latex).split()) == plain


@pytest.mark.parametrize(
    ("label", "observable_kind"),
    [
        ("B-Tag scores of all Jets", "field"),
        (r"$\Delta R$(lepton, closest AK4 jet)", "delta_r"),
        (r"$p_{\text{T, lead jet}}$ [GeV]", "field"),
        ("$p_{T} of all e$", "field"),
    ],
)
def test_axis_labels_of_plotting_configs(catalog, label, observable_kind):
    plan = _plan(f"{label} in ttbar MC", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    (obs,) = [o for o in plan.spec.observables if o.name == h.observable]
    assert obs.kind == observable_kind


def test_four_jets_with_a_pt_said_in_words_is_no_system() -> None:
    assert "quadjet" not in lexicon.normalise("ttbar: >=4j pt above 30")
    assert "quadjet" not in lexicon.normalise("at least 4 jets pt over 30")


def test_momentum_beside_energy_is_the_total_momentum(catalog):
    plan = _plan("plot diMuon energy, momentum, and mass in DY MC", catalog)
    assert plan.ok, plan.question
    kinds = [o.field or o.kind for o in plan.spec.observables]
    assert "pt" not in kinds and len(plan.spec.histograms) == 3
    assert "total momentum and energy" in lexicon.normalise("the momentum and energy of jets")
    assert "total" not in lexicon.normalise("the transverse momentum and energy of jets")


def test_a_cut_to_add_with_no_plot_is_asked(catalog):
    plan = _plan("add offline cut on Jet-pT --> both jets must fulfill pT > 30 GeV.", catalog)
    assert not plan.ok and "what should I plot" in plan.question


def test_the_barrel_of_the_ecal(catalog):
    plan = _plan(
        "What does the invariant mass look like when both electrons are in the barrel of the ECAL?",
        catalog,
    )
    assert plan.ok, plan.question
    assert ("eta", "<", 1.4442, True, None) in _cuts(plan, "electrons")


def test_as_one_would_expect_from_is_a_reason_said_as_not_used(catalog):
    plan = _plan(
        r"What does the invariant mass look like if we select for opposite-sign muons, "
        r"as one would expect from $Z \rightarrow \mu^{+}\mu^{-}$?",
        catalog,
    )
    assert plan.ok, plan.question
    assert plan.spec.combinations[0].charge == "opposite"
    assert not any(s.count for s in plan.spec.selection if s.count == "z_candidate")
    assert any("why the selection is made" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "E_{T}^{miss} computed from jets (with |eta|<2.5, pt > 40 GeV) + 2 leptons",
        "the HT of jets + 2 leptons",
    ],
)
def test_a_sum_over_jets_and_leptons_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "sum over two kinds of objects" in plan.question


def test_the_ht_of_jets_in_events_with_leptons_is_planned(catalog):
    plan = _plan("HT of jets (with |eta|<2.5, pt > 40 GeV) in events with 2 leptons", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 40, False, None) in _cuts(plan, "jets")


@pytest.mark.parametrize(
    "text",
    ["Histogram of invariant mass of the selected light\u2011jet pairs", "Light-Jets $H_T$ [GeV]"],
)
def test_light_jets_with_a_hyphen_are_light(catalog, text):
    plan = _plan(f"{text} in ttbar MC", catalog)
    assert plan.ok, plan.question
    assert ("btagDeepFlavB", "<", "loose", False, None) in _cuts(plan, "jets")


def test_an_average_superscript_is_not_dropped(catalog):
    plan = _plan(r"$\Delta R_{bb}^{avg}$ in ttbar MC", catalog)
    assert not plan.ok and "average" in plan.question
