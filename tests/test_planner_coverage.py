"""Every word placed or asked about: a word no rule knows gets a question, never a silent plot.

Also the readings that went silently wrong before (found by probing wordings the rules were
not written for): a jet's own mass, "zero jets", an upper MET cut, "jets that are b-tagged",
"the two highest-pT muons", a mass window on two counted leptons.
"""

from __future__ import annotations

import pytest

from chathep.describe import summary
from chathep.planner import plan_request
from chathep.planner.coverage import FILLER, unknown_words
from chathep.planner.lexicon import normalise


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _ok(text, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    return plan


def _hist_observable(spec, i=0):
    return spec.observable(spec.histograms[i].observable)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("plot the sphericity of the dimuon system", "sphericity"),
        ("plot the eta of the softest muon", "softest"),  # (its pT is read: the lowest pT)
        ("plot the pT of the trailing muon", "trailing"),
        ("dimuon mass in the bottomonium region", "bottomonium"),
        ("leading jet pT for prompt muons", "prompt"),
        ("pT of displaced muons", "displaced"),
        ("jet pT in events with a photon of 30 GeV and a fake electron", "fake"),
    ],
)
def test_unknown_word_gets_a_question_quoting_it(catalog, text, word):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert word in plan.unplaced
    assert f"'{word}'" in plan.question


def test_known_and_filler_words_are_not_reported(catalog):
    text = "Please make me a histogram of the invariant mass of opposite-sign muon pairs"
    assert unknown_words(normalise(text), catalog) == []


def test_a_wildcard_in_a_rule_does_not_make_every_word_known(catalog):
    # a rule like r"\bmass\b[^.;]*$" matches "mass in the bottomonium region" but does not
    # spell "bottomonium"; "s" matching inside "softest" does not make "softest" known
    text = "the mass in the bottomonium region"
    assert unknown_words(normalise(text), catalog) == ["bottomonium"]
    assert unknown_words(normalise("the softest muon"), catalog) == ["softest"]


def test_words_that_carry_a_cut_are_never_filler():
    carrying = ("first", "last", "same", "other", "all", "every", "each", "below", "over",
                "under", "within", "both", "data", "before", "after", "no", "not")  # fmt: skip
    assert not FILLER & set(carrying)


def test_bracketed_aside_is_not_asked_about(catalog):
    text = "plot the number of jets per event [requires looping over a collection]"
    assert unknown_words(normalise(text), catalog) == []


def test_mass_of_the_leading_jet_is_the_jets_own_mass(catalog):
    plan = _ok("plot the mass of the leading jet", catalog)
    obs = _hist_observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("jets", "mass", 0)
    assert not plan.spec.combinations
    assert plan.spec.histograms[0].stop <= 300  # a jet mass axis, not a dijet one


def test_zero_jets_means_no_jet(catalog):
    plan = _ok("Plot the MET for events with zero jets", catalog)
    steps = [(s.count, s.op, s.value) for s in plan.spec.selection if s.count == "jets"]
    assert steps == [("jets", "==", 0)], steps  # one cutflow row (was: ">= 0" and "<= 0")


def test_met_upper_cut_is_on_the_met(catalog):
    plan = _ok("plot the dimuon mass for events with at least 2 muons and MET < 30 GeV", catalog)
    muons = plan.spec.object("muons")
    assert not any(c.field == "pt" and c.op == "<" for c in muons.cuts)
    step = next(s for s in plan.spec.selection if s.observable)
    obs = plan.spec.observable(step.observable)
    assert (obs.kind, step.op, step.value) == ("met", "<", 30.0)


def test_jets_that_are_b_tagged_are_the_plotted_objects(catalog):
    plan = _ok("plot the pt of jets that are b-tagged with the tight working point", catalog)
    obs = _hist_observable(plan.spec)
    plotted = plan.spec.object(obs.of)
    assert any(c.field == "btagDeepFlavB" for c in plotted.cuts), plotted.cuts
    assert "tight" in summary(plan.spec)


def test_two_highest_pt_muons_are_the_pair_whatever_their_charge(catalog):
    plan = _ok("Histogram the invariant mass of the two highest-pT muons", catalog)
    (comb,) = plan.spec.combinations
    assert (comb.leading, comb.charge) == (2, "any")


def test_three_leading_jets_make_a_triplet(catalog):
    plan = _ok("plot the invariant mass of the three leading jets", catalog)
    (comb,) = plan.spec.combinations
    assert (comb.size, comb.leading) == (3, 3)


def test_mass_window_on_two_counted_muons_selects_the_events(catalog):
    plan = _ok(
        "plot the number of jets with pT > 30 GeV in events with exactly two opposite-charge "
        "muons with invariant mass between 70 and 110 GeV",
        catalog,
    )
    obs = _hist_observable(plan.spec)
    assert (obs.kind, obs.of) == ("count", "jets")
    hist = plan.spec.histograms[0]
    assert hist.stop < 20  # the count axis, not 70-110
    (comb,) = plan.spec.combinations
    assert (comb.mass_min, comb.mass_max, comb.charge) == (70.0, 110.0, "opposite")


def test_two_values_for_one_cut_get_a_question(catalog):
    plan = _plan(
        "Plot the leading muon pT with pT > 30 GeV and the subleading with pT > 20 GeV", catalog
    )
    assert not plan.ok
    assert any("30" in w and "20" in w for w in plan.unplaced), plan.unplaced


def test_pt_of_the_z_reconstructed_from_muons_is_the_pair_pt(catalog):
    plan = _ok("Plot the pT of the Z boson reconstructed from two muons", catalog)
    obs = _hist_observable(plan.spec)
    (comb,) = plan.spec.combinations
    assert (obs.of, obs.field) == (comb.name, "pt")
    assert comb.choose == "closest_mass" and comb.inputs == ["muons"]


def test_sum_of_the_pt_of_all_jets_is_ht(catalog):
    plan = _ok("plot the sum of the pT of all jets", catalog)
    obs = _hist_observable(plan.spec)
    assert (obs.kind, obs.of) == ("ht", "jets")
    assert plan.spec.object("jets").cuts == []  # "all jets": every jet


def test_all_opposite_sign_pairs_are_every_pair(catalog):
    plan = _ok("Give me the invariant mass of all opposite-sign muon pairs", catalog)
    (comb,) = plan.spec.combinations
    assert (comb.choose, comb.leading, comb.charge) == ("all", None, "opposite")


def test_range_right_after_the_plotted_pt_is_the_axis(catalog):
    plan = _ok("make a log-scale plot of jet pT between 30 and 500 GeV", catalog)
    hist = plan.spec.histograms[0]
    assert (hist.start, hist.stop) == (30.0, 500.0)
    assert not any(c.field == "pt" and c.op == "<" for c in plan.spec.object("jets").cuts)
    # ... while "jets with pT between" is a cut
    plan = _ok("plot the muon pT for muons with pt between 20 and 100 GeV", catalog)
    assert ("pt", "<", 100.0) in {(c.field, c.op, c.value) for c in plan.spec.object("muons").cuts}


def test_the_muon_with_the_highest_pt_is_the_leading_muon(catalog):
    plan = _ok("plot pT of the muon with the highest pT in each event", catalog)
    obs = _hist_observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", 0)


def test_branch_name_of_a_kinematic_field_is_that_quantity(catalog):
    plan = _ok("plot Muon_pt", catalog)
    obs = _hist_observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", None)


def test_cut_on_each_of_the_two_leading_jets_is_on_both(catalog):
    plan = _ok("histogram the dijet invariant mass for the two leading jets with pt > 50 GeV each",
               catalog)  # fmt: skip
    assert ("pt", ">", 50.0) in {(c.field, c.op, c.value) for c in plan.spec.object("jets").cuts}
    assert not any(s.observable for s in plan.spec.selection)  # not a leading-jet-only cut


def test_events_passing_the_cuts_asks_which_cuts(catalog):
    plan = _plan("For each event passing the cuts, calculate the dimuon mass", catalog)
    assert not plan.ok and plan.unplaced


def test_a_doubled_word_is_read_once(catalog):
    plan = _ok("Plot the missing missing transverse energy of all events", catalog)
    assert _hist_observable(plan.spec).kind == "met"


def _count_steps(spec, name):
    return {(s.op, s.value) for s in spec.selection if s.count == name}


@pytest.mark.parametrize(
    ("text", "vetoed"),
    [
        ("plot the dimuon mass, vetoing events with any electron", ["electrons"]),
        ("plot MET excluding events with jets above 30 GeV", ["jets"]),
        ("plot the jet pT in events that do not contain a muon", ["muons"]),
        ("the leading jet pT in events with no electrons and no muons", ["electrons", "muons"]),
    ],
)
def test_vetoes_in_other_words(catalog, text, vetoed):
    plan = _ok(text, catalog)
    for name in vetoed:
        assert ("<=", 0) in _count_steps(plan.spec, name), (name, plan.spec.selection)


def test_without_the_pt_cut_keeps_the_eta_default(catalog):
    plan = _ok("plot the leading muon pT without the pT cut", catalog)
    fields = {c.field for c in plan.spec.object("muons").cuts}
    assert "pt" not in fields and "eta" in fields


def test_not_requiring_any_id_removes_the_id(catalog):
    plan = _ok("plot the electron pT, not requiring any ID", catalog)
    assert "cutBased" not in {c.field for c in plan.spec.object("electrons").cuts}


@pytest.mark.parametrize(
    "text", ["muon pT in MC", "muon pT in MC only", "muon pT in the simulation"]
)
def test_mc_or_simulation_alone_means_the_simulated_samples(catalog, text):
    plan = _ok(text, catalog)
    kinds = {catalog[name].kind for name in plan.spec.samples}
    assert kinds == {"mc"}, plan.spec.samples


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("plot the dimuon mass around the J/psi", 2.6, 3.6),
        ("dimuon mass in the upsilon region", 8.5, 11.5),
        ("the J/ψ peak in the dimuon spectrum from 2.9 to 3.3 GeV", 2.9, 3.3),  # stated wins
    ],
)
def test_named_resonance_region_is_the_mass_range_and_is_stated(catalog, text, lo, hi):
    plan = _ok(text, catalog)
    hist = plan.spec.histograms[0]
    assert (hist.start, hist.stop) == (lo, hi)
    if "from" not in text:
        assert any("region is taken as" in n for n in plan.notes), plan.notes


def test_variable_bins_written_as_a_list(catalog):
    plan = _ok("plot muon pT with variable bins 0, 20, 40, 60, 100, 200 GeV", catalog)
    assert plan.spec.histograms[0].edges == [0, 20, 40, 60, 100, 200]


def test_decimal_point_does_not_end_the_clause(catalog):
    plan = _ok("plot the muon pT for muons with pfRelIso04_all < 0.25 and mediumId", catalog)
    fields = {(c.field, c.op, c.value) for c in plan.spec.object("muons").cuts}
    assert ("mediumId", "==", True) in fields or any(f[0] == "mediumId" for f in fields), fields
    assert not any(f[0] == "tightId" for f in fields)


def test_an_id_word_attached_to_nothing_is_asked_about(catalog):
    plan = _plan("plot the MET. use the medium one.", catalog)
    assert not plan.ok and any("medium" in w for w in plan.unplaced), plan.unplaced


def test_puppimet_pt_is_the_puppi_met(catalog):
    plan = _ok("plot PuppiMET pt", catalog)
    obs = _hist_observable(plan.spec)
    assert obs.kind == "met" and obs.met == "PuppiMET"


def test_the_closest_object_is_read_as_the_nearest(catalog):
    # DeltaR to the nearest muon (tests/test_planner_quantities3.py), never the leading muon
    plan = _plan("plot the ΔR between the leading jet and the closest muon", catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.index, obs.other, obs.nearest) == (
        "delta_r",
        "jets",
        0,
        "muons",
        True,
    )


def test_delta_eta_is_not_read_as_an_eta_cut(catalog):
    plan = _plan("plot the dijet mass for jets with |Δη| > 3", catalog)
    # session 15: |delta eta| of the two leading jets is an event cut (never |eta| > 3 on
    # every jet)
    assert plan.ok, plan.question
    (jets,) = [o for o in plan.spec.objects if o.name == "jets"]
    assert all(c.field != "eta" or c.value != 3 for c in jets.cuts)
    (step,) = [s for s in plan.spec.selection if s.observable]
    observable = next(o for o in plan.spec.observables if o.name == step.observable)
    assert (observable.kind, step.op, step.value) == ("delta_eta", ">", 3)


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("plot dimuon mass for events with fewer than 3 jets", "<=", 2),
        ("plot MET for events with more than 2 jets", ">=", 3),
    ],
)
def test_fewer_and_more_than_n_objects(catalog, text, op, value):
    plan = _ok(text, catalog)
    assert (op, value) in _count_steps(plan.spec, "jets"), plan.spec.selection


# --- ordinary prose passes; words that may carry a selection are still asked -------------
def test_ordinary_prose_around_a_request_is_not_asked_about(catalog):
    text = (
        "Alternatively, repeat this exercise and apply it to the pT of the muons; the syntax "
        "is involved but the procedure is straightforward"
    )
    assert unknown_words(normalise(text), catalog) == []


@pytest.mark.parametrize(
    "word", ["prompt", "displaced", "maximum", "matched", "generated", "different", "single",
             "high", "energy", "slowest", "electrons", "matches", "three", "after", "before"],
)  # fmt: skip
def test_words_that_may_carry_a_selection_are_never_prose(word):
    from chathep.planner.coverage import _is_prose, prose_words

    assert word not in prose_words()
    assert not _is_prose(word)


def test_a_superlative_no_rule_reads_is_asked(catalog):
    plan = _plan("plot the pT of the slowest muon", catalog)
    assert not plan.ok and "slowest" in plan.unplaced


def test_code_index_zero_is_the_leading_object(catalog):
    plan = _ok("if you plot mu_pt[0] you plot the pT of the hardest muon in each event", catalog)
    obs = _hist_observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", 0)


def test_markdown_link_is_its_text_and_not_a_dataset(catalog):
    plan = _ok("make a histogram of all dimuon masses from 0 to 5 [GeV](https://example.org/GeV))",
               catalog)  # fmt: skip
    h = plan.spec.histograms[0]
    assert (h.start, h.stop) == (0.0, 5.0)


def test_sphinx_math_markup_is_read(catalog):
    plan = _ok("Plot the pT of jets with :math:`p_T>45` GeV and :math:`|\\eta|<2.1`", catalog)
    jets = plan.spec.object(_hist_observable(plan.spec).of)
    cuts = {(c.field, c.op, c.value) for c in jets.cuts}
    assert ("pt", ">", 45.0) in cuts and any(c.field == "eta" and c.value == 2.1 for c in jets.cuts)


def test_corrected_versus_uncorrected_is_a_question(catalog):
    plan = _plan("corrected versus uncorrected jet pT", catalog)
    assert not plan.ok and "corrected" in plan.question


def test_all_distinct_pairs_means_any_charge(catalog):
    plan = _ok("plot the invariant mass of all distinct pairs of muons", catalog)
    (comb,) = plan.spec.combinations
    assert comb.charge == "any"
    plan = _ok("plot the mass of all pairs of muons with opposite charges", catalog)
    (comb,) = plan.spec.combinations
    assert comb.charge == "opposite"


def test_a_described_peak_is_stated_not_a_cut(catalog):
    plan = _ok("plot the dimuon mass; we expect to see a peak around 91 GeV", catalog)
    assert any("describes the spectrum" in n for n in plan.notes)
    assert not any(c.value == 91.0 for o in plan.spec.objects for c in o.cuts)
    assert not plan.spec.selection or all(s.value != 91.0 for s in plan.spec.selection)


def test_single_muon_events_have_exactly_one_muon(catalog):
    plan = _ok("plot the muon pT for the single-muon events", catalog)
    steps = {(s.count, s.op, s.value) for s in plan.spec.selection if s.count == "muons"}
    assert ("muons", "<=", 1) in steps and ("muons", ">=", 1) in steps, steps


@pytest.mark.parametrize(
    "text", ["plot the MET and the number of jets", "plot the number of jets and the MET"]
)
def test_an_event_quantity_beside_an_object_quantity_is_a_second_histogram(catalog, text):
    plan = _ok(text, catalog)
    kinds = sorted(plan.spec.observable(h.observable).kind for h in plan.spec.histograms)
    assert kinds == ["count", "met"]


def test_quantities_of_different_objects_are_not_merged(catalog):
    plan = _plan("plot the pT of jets and the eta of muons", catalog)
    # two plots (chathep.planner.multiplot), never the eta of the jets
    assert plan.ok, plan.question
    fields = sorted((o.of, o.field) for o in plan.spec.observables)
    assert fields == [("jets", "pt"), ("muons", "eta")]


def test_z_channel_without_a_flavour_is_the_data_streams(catalog):
    plan = _ok("plot the mass candidate per event that is closest to the Z mass", catalog)
    (comb,) = plan.spec.combinations
    assert comb.inputs == ["muons"]  # the DoubleMuon data record Z -> mumu
    assert any("Z -> mumu is chosen" in n for n in plan.notes)


def test_log_log_dimuon_spectrum_spans_the_resonances(catalog):
    plan = _ok("Plot a histogram of the dimuon invariant mass on a log-log plot", catalog)
    h = plan.spec.histograms[0]
    assert h.log_x and h.log_y and h.start < 3.0 and h.stop > 91.2  # J/psi to Z
    assert any("binning" in d for d in plan.defaults)  # the range is stated as chosen


def test_all_dimuon_masses_are_every_pair(catalog):
    plan = _ok("make a histogram of all di-muon masses from 0 to 5 GeV", catalog)
    (comb,) = plan.spec.combinations
    assert (comb.charge, comb.choose) == ("any", "all")


def _muon_cuts(plan):
    return {(c.field, c.op, c.value) for c in plan.spec.object("muons").cuts}


@pytest.mark.parametrize(
    "text",
    ["plot the pT of muons with -2.1 < eta < 2.1", "plot the pT of muons with eta within ±2.1"],
)
def test_symmetric_eta_range_is_an_abs_eta_cut(catalog, text):
    plan = _ok(text, catalog)
    eta = [c for c in plan.spec.object("muons").cuts if c.field == "eta"]
    assert [(c.op, c.value, c.abs) for c in eta] == [("<", 2.1, True)]


def test_gev_or_more_is_a_lower_cut(catalog):
    assert ("pt", ">", 40.0) in _muon_cuts(_ok("plot the pT of muons with 40 GeV or more", catalog))


def test_one_and_only_one_is_exactly_one(catalog):
    plan = _ok("plot MET in events with one and only one muon", catalog)
    steps = {(s.op, s.value) for s in plan.spec.selection if s.count == "muons"}
    assert steps == {(">=", 1), ("<=", 1)}


def test_leading_and_subleading_jet_system_is_the_dijet(catalog):
    plan = _ok("plot the mass of the leading and subleading jet system", catalog)
    (comb,) = plan.spec.combinations
    assert (comb.size, comb.leading) == (2, 2)


def test_plotted_quantity_carrying_its_own_cut(catalog):
    plan = _ok("plot the photon pT above 20 GeV", catalog)
    obs = _hist_observable(plan.spec)
    assert (obs.of, obs.field) == ("photons", "pt")
    assert ("pt", ">", 20.0) in {(c.field, c.op, c.value) for c in plan.spec.object("photons").cuts}


@pytest.mark.parametrize(
    "text",
    ["plot the MET for events with a muon with pT > 20 GeV",
     "plot the MET for events with muon pT > 20 GeV",
     "plot the MET in events containing a muon above 20 GeV"],
)  # fmt: skip
def test_events_with_an_object_require_one(catalog, text):
    plan = _ok(text, catalog)
    assert ("muons", ">=", 1) in {(s.count, s.op, s.value) for s in plan.spec.selection}


def test_the_pair_before_for_events_is_the_plotted_one(catalog):
    plan = _ok("plot the dimuon mass for events with jets above 30 GeV", catalog)
    (comb,) = plan.spec.combinations
    assert comb.inputs == ["muons"]


def test_transverse_mass_with_met_is_one_histogram(catalog):
    plan = _ok("plot the transverse mass of the leading muon and MET", catalog)
    assert [plan.spec.observable(h.observable).kind for h in plan.spec.histograms] == ["mt"]


def test_jets_separated_from_muons_by_delta_r_are_cleaned(catalog):
    plan = _ok("plot the jet pT for jets separated from muons by delta R > 0.4", catalog)
    jets = plan.spec.object("jets")
    assert [(c.against, c.dr) for c in jets.clean_against] == [("muons", 0.4)]


def test_without_lepton_cleaning_waives_cleaning(catalog):
    plan = _ok("plot the jet pT without lepton cleaning", catalog)
    assert plan.spec.object("jets").clean_against == []
    assert [o.name for o in plan.spec.objects] == ["jets"]


def test_jets_with_no_b_tag_are_light_jets(catalog):
    plan = _ok("plot the number of jets with no b-tag", catalog)
    jets = plan.spec.object(_hist_observable(plan.spec).of)
    assert any(c.field == "btagDeepFlavB" and c.op == "<" for c in jets.cuts)


def test_bin_width_up_to_a_value_starts_at_zero(catalog):
    h = _ok("plot the leading muon pT with bins of 5 GeV up to 200 GeV", catalog).spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (40, 0.0, 200.0)


def test_dijet_mass_of_two_b_tagged_jets(catalog):
    plan = _ok("plot the dijet mass of the two b-tagged jets", catalog)
    (comb,) = plan.spec.combinations
    assert comb.inputs == ["bjets"] and comb.leading == 2


def test_title_of_leptons_says_leptons(catalog):
    assert _ok("plot the number of leptons per event", catalog).spec.title.startswith("Leptons")


@pytest.mark.parametrize(
    ("text", "field"),
    [("plot the pT of global muons", "isGlobal"), ("plot the eta of tracker muons", "isTracker"),
     ("plot the pT of PF muons", "isPFcand"),
     ("plot the pT of muons passing the soft ID", "softId"),
     ("plot the pT of muons passing the high-pT ID", "highPtId")],
)  # fmt: skip
def test_muon_types_and_flag_ids(catalog, text, field):
    plan = _ok(text, catalog)
    fields = {c.field for c in plan.spec.object("muons").cuts}
    assert field in fields
    if field in ("softId", "highPtId"):
        assert "tightId" not in fields  # the named ID replaces the default one


def test_first_as_a_recipe_step_is_not_the_leading_object(catalog):
    plan = _ok(
        "First, select muons with pT above 10 GeV. Then plot the number of such muons per event.",
        catalog,
    )
    assert not plan.spec.selection  # every event, also those with no muon
    assert _hist_observable(plan.spec).kind == "count"


def test_each_object_must_satisfy_is_a_cut_not_every_object(catalog):
    plan = _ok("Each muon must satisfy pT > 25 GeV. Plot the leading muon pT.", catalog)
    fields = {c.field: c.value for c in plan.spec.object("muons").cuts}
    assert fields["pt"] == 25.0 and "tightId" in fields  # the unspecified ID keeps its default


def test_root_style_binning(catalog):
    h = _ok("plot the MET with binning (50, 0, 200)", catalog).spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (50, 0.0, 200.0)


def test_log_bins_are_shown_log_log_unless_linear_y(catalog):
    plan = _ok("dimuon mass with 100 log bins from 0.25 to 300 GeV", catalog)
    h = plan.spec.histograms[0]
    assert h.log_x and h.log_y and any("log-log" in n for n in plan.notes)
    h = _ok(
        "dimuon mass with 100 log bins from 0.25 to 300 GeV, linear y", catalog
    ).spec.histograms[0]
    assert h.log_x and not h.log_y


def test_ordinary_words_that_pass_unread_are_reported_as_not_used(catalog):
    plan = _ok("Plot the one mass candidate per event that is strictly closest to the Z mass",
               catalog)  # fmt: skip
    note = next(n for n in plan.notes if n.startswith("Not used"))
    assert "'strictly'" in note
    plain = _ok("Please make me a histogram of the invariant mass of opposite-sign muon pairs",
                catalog)  # fmt: skip
    assert not any(n.startswith("Not used") for n in plain.notes)  # filler is not reported


def test_charge_of_an_object_is_plotted_and_a_sum_of_charges_is_asked(catalog):
    plan = _ok("plot the charge of the leading muon", catalog)
    obs = _hist_observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("muons", "charge", 0)
    assert not _plan("plot the sum of the charges of the two muons", catalog).ok


@pytest.mark.parametrize(
    ("text", "name", "cut"),
    [("plot the pT of muons with sip3d < 4", "muons", ("sip3d", "<", 4.0)),
     ("plot the muon pT for muons with Muon_dxy < 0.05", "muons", ("dxy", "<", 0.05)),
     ("plot the pT of muons with nTrackerLayers > 5", "muons", ("nTrackerLayers", ">", 5.0)),
     ("plot the leading lepton pT for leptons with sip3d < 4", "electrons", ("sip3d", "<", 4.0))],
)  # fmt: skip
def test_a_cut_on_a_nanoaod_field_by_name(catalog, text, name, cut):
    plan = _ok(text, catalog)
    assert cut in {(c.field, c.op, c.value) for c in plan.spec.object(name).cuts}
    assert len(plan.spec.histograms) == 1 and _hist_observable(plan.spec).field == "pt"


def test_an_unknown_field_name_is_asked_about(catalog):
    plan = _plan("plot the pT of muons with flubber < 4", catalog)
    assert not plan.ok and "flubber" in " ".join(plan.unplaced)


def test_an_id_or_isolation_cut_by_field_name_replaces_the_default(catalog):
    plan = _ok("plot the electron pT for electrons with cutBased >= 3", catalog)
    cuts = [(c.field, c.op, c.value) for c in plan.spec.object("electrons").cuts]
    assert ("cutBased", ">=", 3.0) in cuts and ("cutBased", ">=", 4) not in cuts
    plan = _ok("plot the muon pT for muons with miniPFRelIso_all < 0.1", catalog)
    assert "pfRelIso04_all" not in {c.field for c in plan.spec.object("muons").cuts}
    plan = _ok("plot the muon pT for muons with mediumId == 1", catalog)
    assert "mediumId" in {c.field for c in plan.spec.object("muons").cuts}


def test_events_with_one_object_or_another_is_asked(catalog):
    plan = _plan("plot the MET for events with an electron or a muon", catalog)
    assert not plan.ok and "either one" in plan.question
    plan = _ok("plot the MET for events with a muon and an electron", catalog)
    counted = {(s.count, s.op, s.value) for s in plan.spec.selection}
    assert {("muons", ">=", 1), ("electrons", ">=", 1)} <= counted


def test_a_cut_on_the_subleading_object_alone_is_asked_never_widened(catalog):
    plan = _plan("plot the leading muon pT, requiring the subleading muon to have pT above 15 GeV",
                 catalog)  # fmt: skip
    assert not plan.ok and "subleading muon" in plan.question


def test_rare_ordinary_english_is_commentary_but_physics_words_are_not():
    from chathep.planner.coverage import rare_prose

    prose = rare_prose()
    assert {"tantalizing", "evaluate"} & prose  # rarer English: reported as not used
    # physics words of the documentation, and the listed rare physics words, are never prose
    assert not {"calorimeter", "pileup", "cosmic", "hemisphere", "antimatter"} & prose


def test_a_valueless_selection_on_a_quantity_is_asked(catalog):
    plan = _plan(
        "First, for simplicity, let's apply a simple selection in the jet eta of the jets we "
        "are going to study:",
        catalog,
    )
    assert not plan.ok and any("selection in the jet eta" in w for w in plan.unplaced)
