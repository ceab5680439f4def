"""Session 20: planner readings found on fresh wording (compositional probe, issue #12)."""

from __future__ import annotations

import pytest

from tests._plans import parser_plan


# --- "the subleading jet phi for b-jets in events with >= 2 jets": the count of two jets does
# not place "subleading" (was: the phi of every b-jet, silently; compositional probe seed 31) ----
@pytest.mark.parametrize(
    "text",
    [
        "plot second-leading jet azimuthal angle for b-jets without an eta cut for events with "
        "at least 4 b-tagged jets for events with the dijet invariant mass at most 200 GeV",
        "plot the subleading jet phi for b-tagged jets in events with at least 2 jets",
        "the second jet eta for b-jets for events with at least 3 jets",
        "the phi of the third jet for b-tagged jets in events with at least 3 jets",
    ],
)
def test_a_ranked_objects_quantity_is_not_placed_by_a_count(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "jet" in plan.question and any(
        w in plan.question for w in ("subleading", "second", "third")
    ), plan.question


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("plot the subleading jet pT in events with at least 2 jets", 1),
        ("the phi of the second jet in events with at least two jets", 1),
        ("the third jet eta for events with at least 3 jets", 2),
    ],
)
def test_a_ranked_objects_quantity_with_a_count_still_plans(text, index, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = [plan.spec.observable(h.observable) for h in plan.spec.histograms]
    assert obs.index == index


# --- probe12: "$t\bar{t}$" arrives as "t bar{t}" and was dropped (the MET of all samples,
# silently) ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        r"How much missing transverse energy do $t\bar{t}$ decays typically produce?",
        r"the MET in $t\bar{t}$ events",
        r"the MET in t\bar{t} events",
        r"the leading jet pT in $t \bar{t}$ events",
    ],
)
def test_latex_ttbar_names_the_ttbar_sample(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples and all(catalog[s].process == "ttbar" for s in plan.spec.samples), (
        plan.spec.samples
    )


# --- "mass of 2 muon pairs": two pairs per event, or one pair? (was: the leading dimuon mass
# with a note "read as at least 2" that did not say what was read) ------------------------------
@pytest.mark.parametrize(
    "text", ["mass of 2 muon pairs", "the mass of two electron pairs", "events with 2 muon pairs"]
)
def test_a_number_of_pairs_is_asked(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "pairs in each event" in plan.question


def test_pairs_without_a_number_keep_their_plan(catalog):
    plan = parser_plan("the mass of muon pairs", catalog)
    assert plan.ok, plan.question
    assert any("pair: the 2 leading muons" in d for d in plan.defaults)


# --- "selected on the basis of Monte Carlo generator information": a generator-level
# selection no rule placed (was: the reconstructed dielectron mass, silently; probe12) ----------
@pytest.mark.parametrize(
    "text",
    [
        "The events are selected on the basis of Monte Carlo generator information, requiring "
        "only Drell-Yan $e^+e^-$ events in a mass range from 50 to 130 GeV/c$^2$.",
        "the dielectron mass in DY events selected with generator information",
        "the dimuon mass in DY, using the MC truth record",
    ],
)
def test_generator_information_without_a_generator_particle_is_asked(text, catalog):
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "generator" in plan.question or "truth" in plan.question


def test_a_generator_particle_with_the_truth_record_still_plans(catalog):
    plan = parser_plan("the generator-level Z mass using the truth record", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].of == "gen_z"


# --- three leptons as one system: "$m_{3\ell}$", "the trilepton mass" (was asked: no lepton
# triplet could be planned; probe12 wzvbs-trilepton-mass) --------------------------------------
@pytest.mark.parametrize(
    ("text", "inputs", "word"),
    [
        (r"$m_{3\ell}$ [GeV]", ["leptons"], "light leptons"),
        ("m_{3l}", ["leptons"], "light leptons"),
        ("the trilepton mass", ["leptons"], "light leptons"),
        ("the three-lepton mass", ["leptons"], "light leptons"),
        ("the mass of the three leptons", ["leptons"], "light leptons"),
        ("the trimuon mass", ["muons"], "muons"),
        ("the invariant mass of three muons", ["muons"], "muons"),
    ],
)
def test_three_leptons_as_one_system_are_planned(text, inputs, word, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.size, comb.leading, comb.inputs, comb.charge) == (3, 3, inputs, "any")
    assert not comb.same_flavour
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == (comb.name, "mass")
    assert f"triplet: the 3 leading {word}" in plan.defaults
    assert "three objects: any total charge" in plan.defaults
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (0.0, 500.0) and "3" in h.label


@pytest.fixture(scope="module")
def three_leptons(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog
    from chathep.engine import run_spec

    cat = default_catalog()
    plans = [
        parser_plan("m3l of all leptons with no cuts in ttbar", cat),
        parser_plan("the pT of the three-lepton system of all leptons with no cuts in ttbar", cat),
    ]
    for plan in plans:
        assert plan.ok, plan.question
    return [(p, run_spec(p.spec, workdir=tmp_path_factory.mktemp("m3l")).result) for p in plans]


def test_three_lepton_mass_and_pt_match_the_reference(three_leptons, demo_data):
    import numpy as np

    from tests.test_physics import TT, check, weights
    from tests.test_planner_more_quantities import leading_lepton_system

    ev, three, _lead, mass, px, py = leading_lepton_system(demo_data, 3)
    assert three.sum() > 0  # the comparison is not empty
    w = weights(TT, ev)[three]
    (mass_plan, mass_result), (pt_plan, pt_result) = three_leptons
    check(mass_result, mass_plan.spec.histograms[0].name, TT, mass, w, 50, 0, 500)
    check(pt_result, pt_plan.spec.histograms[0].name, TT, np.hypot(px, py), w, 40, 0, 200)


# --- probe12 wordings --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "pT of leading and subleading jet",  # ej-task7 (was asked: "pt of the 2 leading")
        "the leading and subleading jet pT",
        "leading and subleading jet transverse momentum",
    ],
)
def test_a_quantity_of_the_leading_and_subleading_object_is_one_plot_each(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    obs = [plan.spec.observable(h.observable) for h in plan.spec.histograms]
    assert [(o.of, o.field, o.index) for o in obs] == [("jets", "pt", 0), ("jets", "pt", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "the dijet mass with the leading and subleading jet pT above 50 GeV",
        "the dijet mass, leading and subleading jet pT > 50 GeV",
    ],
)
def test_a_cut_on_the_leading_and_subleading_object_stays_a_cut(text, catalog):
    plan = parser_plan(text, catalog)
    if plan.ok:  # one histogram, the dijet mass, with the cut: never two pT plots
        assert [plan.spec.observable(h.observable).of for h in plan.spec.histograms] == ["dijet"]
    else:
        assert "pt" in plan.question.lower()


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        (r"the dijet mass for events with $\geq 3$ jets", ">=", 3),
        (r"the leading jet pT for $N_{jets} \geq 3$", ">=", 3),
        (r"the MET for $N_{jets} \le 2$", "<=", 2),
        (r"the MET for $N_{jets} \leq 2$", "<=", 2),
    ],
)
def test_latex_comparisons_are_read(text, op, value, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert any(s.count == "jets" and s.op == op and s.value == value for s in plan.spec.selection)


@pytest.mark.parametrize(
    ("text", "kind", "of"),
    [
        (r"$\Delta\eta_{jj}$", "delta_eta", "jets"),  # wzvbs-delta-eta-jj
        (r"$\Delta\phi_{jj}$", "delta_phi", "jets"),
        (r"$\Delta R_{\mu\mu}$", "delta_r", "muons"),
        (r"$\Delta\eta_{bb}$", "delta_eta", "bjets"),
    ],
)
def test_a_delta_with_a_pair_subscript_is_between_the_two_leading(text, kind, of, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.index or 0, obs.other) == (kind, of, 0, None)
    assert any(s.count == of and s.value == 2 for s in plan.spec.selection)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Vector missing $E_T$", "pt"),
        ("the vector MET in ttbar", "pt"),
        ("the phi of the MET vector", "phi"),
    ],
)
def test_the_met_vector_is_the_met(text, field, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.field) == ("met", field)


@pytest.mark.parametrize(
    "text",
    [
        "Phi seperation b/w Leading Fat Jet and MET",  # svj-dphi-leading-fat-jet-met
        "the phi separation between the leading fat jet and the MET",
    ],
)
def test_a_phi_separation_between_an_object_and_the_met_is_their_delta_phi(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.index, obs.other) == ("delta_phi", "fatjets", 0, "met")


@pytest.mark.parametrize(
    "text",
    [
        "Missing Transverse Energy using Small Jets",  # svj-met-using-small-jets
        "the missing transverse momentum computed from the jets",
        "MET built from jets",
    ],
)
def test_met_built_from_the_jets_is_the_mht(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of) == ("mht", "jets")
    assert any(d.startswith("MHT: the magnitude of the vector pT sum") for d in plan.defaults)


def test_met_using_particles_stays_the_met(catalog):
    plan = parser_plan("Missing Transverse Energy using Particles", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].kind == "met"


# --- "highest-p_T" read like "highest-pT" (perturbation probe: the p_T spelling split
# "the transverse mass built from the MET and the highest-p_T light lepton ..." into two plots) ---
def test_highest_p_t_is_the_leading_object(catalog):
    text = (
        "Plot the transverse mass built from the MET and the highest-{} light lepton outside the "
        "same-flavour opposite-charge pair nearest 91.2 GeV, in events with at least three light "
        "leptons."
    )
    plans = [parser_plan(text.format(pt), catalog) for pt in ("pT", "p_T", "p_{T}")]
    assert all(p.ok for p in plans), [p.question for p in plans]
    dumps = [p.spec.model_dump(exclude={"title", "description"}) for p in plans]
    assert dumps[0] == dumps[1] == dumps[2]
    (obs,) = plans[1].spec.observables
    assert (obs.kind, obs.index, obs.exclude) == ("mt", 0, "dilepton_sel")


@pytest.mark.parametrize(
    "text", ["the pT of the most energetic jet", "the eta of the most energetic muon in DY"]
)
def test_most_energetic_says_it_is_read_as_the_highest_pt(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].index == 0
    assert any("'most energetic' read as the highest pT" in n for n in plan.notes)


# --- a trigger path typed in another case is read as the files spell it (was: a question) -----
@pytest.mark.parametrize(
    "text",
    [
        "plot the MET for events passing hlt_isomu24 in data",
        "plot the MET for events passing the isomu24 trigger in data",
    ],
)
def test_a_trigger_in_another_case_is_the_files_spelling(text, catalog, demo_data):
    from chathep.planner import plan_request

    plan = plan_request(text, catalog, mode="parser")
    assert plan.ok, plan.question
    (step,) = [s for s in plan.spec.selection if s.triggers]
    assert step.triggers == ["HLT_IsoMu24"]
    assert any("as HLT_IsoMu24 (the path's spelling in the files)" in n for n in plan.notes)


def test_a_trigger_the_files_lack_is_still_asked(catalog, demo_data):
    from chathep.planner import plan_request

    plan = plan_request("plot the MET for events passing hlt_nosuch in data", catalog)
    assert not plan.ok and "has no trigger HLT_nosuch" in plan.question


# --- probe13 -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["The distribution of Inclusive jet multiplicity.", "the inclusive jet multiplicity in DY"],
)
def test_inclusive_multiplicity_says_how_it_is_read(text, catalog):
    # was planned with no note; in a measurement it is often the cumulative distribution
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].kind == "count"
    assert any("a cumulative distribution" in n for n in plan.notes)


def test_exclusive_multiplicity_needs_no_note(catalog):
    plan = parser_plan("the exclusive jet multiplicity", catalog)
    assert plan.ok and not any("cumulative" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text", ["Anti-Muon pT", "the pT of the antimuons", "the eta of the anti-muon in DY"]
)
def test_an_antimuon_is_a_positive_muon(text, catalog):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    cuts = [(c.field, c.op, c.value) for c in plan.spec.object("muons").cuts]
    assert ("charge", ">", 0.0) in cuts


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("DPhi(Z, j1)", "the delta phi between the Z candidate and the leading jet"),
        ("dR(mumu, j1)", "the delta R between the dimuon system and the leading jet"),
    ],
)
def test_a_function_delta_of_a_z_or_a_pair_reads_like_the_words(text, before, catalog):
    # probe13 hepdata-zjets-normalized-dphi-z-j1-ge2-jets (was: the Z-or-DY-sample question)
    plan, words = parser_plan(text, catalog), parser_plan(before, catalog)
    assert plan.ok and words.ok, (plan.question, words.question)
    assert plan.spec.observables == words.spec.observables
    assert plan.spec.combinations == words.spec.combinations


def test_normalized_dphi_of_the_z_and_the_leading_jet_with_two_jets(catalog):
    plan = parser_plan("Normalized DPhi(Z, j1) distributions for Njets >= 2", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert h.unit_area
    assert any(s.count == "jets" and s.value == 2 for s in plan.spec.selection)
    (comb,) = plan.spec.combinations
    assert comb.target_mass == pytest.approx(91.1876)


@pytest.mark.parametrize(
    ("text", "value"),
    [("the MET for Njets >= 2.", 2), ("the MET for number of jets > 2.", 3)],
)
def test_a_full_stop_after_a_number_is_not_part_of_it(text, value, catalog):
    # was asked ('number of jets >= 2' not placed) only because of the final "."
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert [(s.count, s.op, s.value) for s in plan.spec.selection] == [("jets", ">=", value)]


def test_a_delta_r_of_a_b_jet_and_a_dijet_stays_asked(catalog):
    # probe7 brunel-tzq-dr-b-jj: the b-jet may be one of the two jets; which pair is undefined
    assert not parser_plan(r"$\Delta R(\mathrm{b,jj})$", catalog).ok


@pytest.mark.parametrize(
    "text",
    [
        "plot the leading jet pt for jets with foo > 20 GeV",
        "the leading jet pt for jets with xyz above 20 GeV",
    ],
)
def test_an_unread_word_before_a_bound_is_asked(text, catalog):
    # was: a jet pT > 20 GeV cut, the word only listed as commentary (helper D20's note)
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "20" in plan.question


def test_a_known_quantity_before_a_bound_still_plans(catalog):
    plan = parser_plan("the leading jet pT for jets with pT > 40 GeV", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 40.0) in [(c.field, c.op, c.value) for c in plan.spec.object("jets").cuts]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "make a histogram of the missing transverse energy using jets with pT under 60 GeV "
            "in events with exactly four jets; in data",
            "met",
        ),
        (
            "histogram delta phi of the leading jet and the missing transverse momentum using "
            "jets with absolute eta less than 2.4",
            "delta_phi",
        ),
    ],
)
def test_met_using_jets_with_cuts_is_the_met(text, kind, catalog):
    # compositional probe seed 12: "using jets with <cuts>" defines the jets; it was the MHT
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert obs.kind == kind and obs.kind != "mht"
    if kind == "delta_phi":
        assert obs.other == "met"


@pytest.mark.parametrize("text", ["the MET, uncorrected", "plot the MET uncorrected"])
def test_uncorrected_after_the_met_is_asked(text, catalog):
    # was the type-1 corrected MET (helper D20's note): "the uncorrected MET" is the RawMET
    plan = parser_plan(text, catalog)
    assert not plan.ok, plan.spec
    assert "RawMET" in plan.question


def test_the_uncorrected_met_is_the_raw_met(catalog):
    plan = parser_plan("the uncorrected MET", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observables[0].met == "RawMET"
