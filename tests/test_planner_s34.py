"""Session 34: wordings that were silently wrong, asked though clear, or raised an error (two
helper hunts and the session-33 list): cut windows on ranked objects and pair quantities, a
Z window next to another plotted quantity, event requirements after a list of plots,
follow-ups that swap the selecting leptons, replace a cut or a count, switch the MET type of
an mT, stack the MC, and an e-mu follow-up that raised a KeyError."""

from __future__ import annotations

import pytest

from tests._plans import object_cuts, parser_plan


def _after(base, followup, catalog):
    first = parser_plan(base, catalog)
    assert first.ok, first.question
    return parser_plan(followup, catalog, previous=first)


def _steps(plan):
    """(observable kind or count name, op, value) of each selection step."""
    spec = plan.spec
    out = []
    for s in spec.selection:
        if s.observable:
            obs = spec.observable(s.observable)
            out.append((obs.kind, obs.index, obs.of, s.op, s.value))
        elif s.count:
            out.append(("count", None, s.count, s.op, s.value))
    return out


def _ranges(plan):
    return [(h.start, h.stop) for h in plan.spec.histograms]


def _kinds(plan):
    return [plan.spec.observable(h.observable).kind for h in plan.spec.histograms]


def _sources(plan):
    return {o.source for o in plan.spec.objects}


# --- a two-sided cut on the plotted quantity: the range follows a window it does not cover --


def test_a_met_window_partly_outside_the_default_range_is_the_axis(catalog):
    plan = parser_plan("MET for events with MET in 100-300 GeV", catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [(100.0, 300.0)]  # was 0-200: the top third cut off
    assert any("does not cover it" in d for d in plan.defaults)


def test_a_window_inside_the_default_range_is_not_moved(catalog):
    plan = parser_plan("dimuon pT for events with dimuon pT between 50 and 100 GeV", catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [(0.0, 200.0)]


# --- "events with muon pT > 200" read as the definition, said --------------------------------


def test_events_with_a_field_cut_is_said_as_the_definition(catalog):
    plan = parser_plan("dimuon pT for events with muon pT > 200", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 200.0) in object_cuts(plan, "muons")
    assert any("read as the muon definition" in n for n in plan.notes)


def test_a_field_cut_on_objects_not_plotted_is_not_said(catalog):
    # the jets only select the events (at least one): the two readings are the same
    plan = parser_plan("MET in events with jet pT > 100", catalog)
    assert plan.ok, plan.question
    assert not any("definition" in n for n in plan.notes)


# --- a cut on the plotted pair's own mass ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("dimuon mass for events with dimuon mass > 200", ">", 200.0),
        ("dimuon mass for dimuon mass below 40", "<", 40.0),
        ("the dijet mass for events with dijet mass > 2000", ">", 2000.0),
        ("dimuon mass in events where the dimuon mass is above 1 TeV", ">", 1000.0),
    ],
)
def test_a_cut_on_the_plotted_pair_mass_is_read(catalog, text, op, value):
    plan = parser_plan(text, catalog)  # was: asked
    assert plan.ok, plan.question
    assert any(k == "field" and o == op and v == value for k, _, _, o, v in _steps(plan))


def test_another_pairs_mass_cut_is_not_taken_for_the_plotted_one(catalog):
    # the rewrite is for the plotted pair's own mass only; another pair's mass stays asked
    plan = parser_plan("dimuon mass for events with dijet mass > 500", catalog)
    assert not plan.ok and "dijet mass > 500" in plan.question


# --- a ranked object's cut next to another plotted rank -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "leading muon pT for events with subleading muon pT > 100",
        "leading muon pT for events with second muon pT > 100",
    ],
)
def test_a_subleading_cut_beside_the_plotted_leading_object_is_a_step(catalog, text):
    plan = parser_plan(text, catalog)  # was: asked
    assert plan.ok, plan.question
    assert ("field", 1, "muons", ">", 100.0) in _steps(plan)
    assert ("pt", ">", 20.0) in object_cuts(plan, "muons")  # the muons keep their threshold


def test_a_subleading_cut_below_the_default_threshold_stays_asked(catalog):
    plan = parser_plan(
        "plot the leading muon pT, requiring the subleading muon to have pT above 15 GeV", catalog
    )
    assert not plan.ok and "subleading muon" in plan.question


@pytest.mark.parametrize(
    ("text", "index", "bounds"),
    [
        ("leading jet pT for events with 100 < leading jet pT < 300", 0, (100.0, 300.0)),
        ("MET for events with 100 < leading jet pt < 300 GeV", 0, (100.0, 300.0)),
        ("plot MET in events with the leading jet between 100 and 200 GeV", 0, (100.0, 200.0)),
        ("plot HT in events with the leading muon between 30 and 50 GeV", 0, (30.0, 50.0)),
        ("plot HT for events with a leading muon above 30 GeV and below 60 GeV", 0, (30.0, 60.0)),
        (
            "plot MET for events with a leading jet above 100 GeV and below 200 GeV",
            0,
            (100.0, 200.0),
        ),
        ("plot MET with the leading electron above 30 GeV and below 100 GeV", 0, (30.0, 100.0)),
    ],
)
def test_a_window_on_a_ranked_object_is_an_event_cut(catalog, text, index, bounds):
    # was: the window taken as the plotted axis, or its upper edge put on another quantity
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    steps = _steps(plan)
    assert ("field", index) in {(k, i) for k, i, *_ in steps}
    values = sorted(v for k, i, _, _, v in steps if k == "field" and i == index)
    assert tuple(values) == bounds
    if _kinds(plan) != ["field"]:
        assert _ranges(plan)[0] != bounds  # the plotted MET / HT keeps its own axis


def test_a_pair_mass_window_stays_a_pair_in_the_window(catalog):
    plan = parser_plan("dimuon pT for events with 80 < dimuon mass < 100 GeV", catalog)
    assert plan.ok, plan.question
    assert sorted(v for k, *_, v in _steps(plan) if k == "field") == [80.0, 100.0]


# --- a Z window next to another plotted quantity --------------------------------------------


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("plot MET for dimuon events in the Z window 76-106 GeV", (76.0, 106.0)),
        ("plot MET, Z window 76 to 106 GeV", (76.0, 106.0)),
        ("plot the number of jets in Z window 80-100 GeV", (80.0, 100.0)),
        ("plot HT for Z candidates between 80 and 100 GeV", (80.0, 100.0)),
        ("plot MET for the Z peak region 80-100 GeV", (80.0, 100.0)),
    ],
)
def test_a_z_window_beside_another_quantity_is_the_z_mass_window(catalog, text, window):
    plan = parser_plan(text, catalog)  # was: the plotted axis 76-106, the window 60-120
    assert plan.ok, plan.question
    masses = sorted(v for k, _, of, _, v in _steps(plan) if k == "field" and of == "zcand")
    assert tuple(masses) == window
    assert _ranges(plan)[0] != window
    assert any("mass window" in n for n in plan.notes)


def test_a_z_window_of_the_plotted_mass_stays_its_axis(catalog):
    plan = parser_plan("dimuon mass in the Z window 76-106 GeV", catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [(76.0, 106.0)]


# --- an event requirement after a list of plots ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("the dimuon mass and the leading muon pT, with at least two jets", ("count", ">=", 2)),
        ("the dimuon mass and the leading muon pT, events with MET below 50", ("met", "<", 50)),
        ("the HT and the leading jet pT, HT above 500", ("ht", ">", 500)),
    ],
)
def test_an_event_requirement_after_a_list_is_every_plots(catalog, text, step):
    plan = parser_plan(text, catalog)  # was: asked ("HT above 500" was a third plot)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2
    kind, op, value = step
    assert any(k == kind and o == op and v == value for k, _, _, o, v in _steps(plan))


def test_a_definition_after_a_list_with_a_pair_goes_to_the_pair(catalog):
    plan = parser_plan("the dimuon mass and the leading jet pT, muons above 25 GeV", catalog)
    assert plan.ok, plan.question  # was: asked ("events with muons above 25" in the list)
    assert ("pt", ">", 25.0) in object_cuts(plan, "muons")
    assert len(plan.spec.histograms) == 2


# --- follow-ups: the selecting leptons swapped, nothing changed, cut and count replaced ------


@pytest.mark.parametrize("followup", ["same for electrons", "now with electrons",
                                      "what about electrons?"])  # fmt: skip
def test_same_for_electrons_swaps_the_selecting_muons(catalog, followup):
    plan = _after("MET in events with exactly two muons", followup, catalog)
    assert plan.ok, plan.question
    assert _sources(plan) == {"Electron"}  # was: the muons kept, "Switched from nothing ..."
    assert sorted(v for k, _, _, _, v in _steps(plan) if k == "count") == [2, 2]
    assert _kinds(plan) == ["met"]
    assert any("now applies to electrons" in n for n in plan.notes)


@pytest.mark.parametrize("followup", ["now dielectron events", "opposite-sign muons"])
def test_a_followup_that_changes_nothing_is_asked_not_said_switched(catalog, followup):
    base = (
        "MET in events with exactly two muons"
        if "dielectron" in followup
        else "MET in events with two muons and no b-jets"
    )
    plan = _after(base, followup, catalog)
    assert not plan.ok and "what to change" in plan.question


@pytest.mark.parametrize(
    ("followup", "bounds"),
    [("MET > 100 instead", [(">", 100.0)]), ("MET above 40 instead", [(">", 40.0)]),
     ("MET > 20 instead", [(">", 20.0)]), ("require MET > 20", [(">", 20.0), ("<", 40.0)])],
)  # fmt: skip
def test_a_met_cut_instead_replaces_the_opposite_one(catalog, followup, bounds):
    plan = _after("dijet mass in events with MET < 40 and exactly 2 jets", followup, catalog)
    assert plan.ok, plan.question
    assert sorted((o, v) for k, _, _, o, v in _steps(plan) if k == "met") == sorted(bounds)


@pytest.mark.parametrize(
    ("base", "followup", "count"),
    [
        ("leading b-jet pT in ttbar events with one muon and at least 4 jets", "4 jets -> 3 jets",
         [(">=", 3)]),
        ("leading b-jet pT in ttbar events with one muon and at least 4 jets",
         "change 4 jets to 3 jets", [(">=", 3)]),
        ("MET in events with exactly 4 jets", "3 jets instead", [(">=", 3)]),
        ("MET in events with exactly 4 jets", "at least 2 jets", [(">=", 2)]),
        ("MET in events with exactly 4 jets", "exactly 3 jets instead", [("<=", 3), (">=", 3)]),
    ],
)  # fmt: skip
def test_a_new_jet_count_replaces_the_old_one(catalog, base, followup, count):
    plan = _after(base, followup, catalog)
    assert plan.ok, plan.question
    jets = sorted((o, v) for k, _, of, o, v in _steps(plan) if k == "count" and of == "jets")
    assert jets == count  # was: 4 kept (the note said 3), or 3 to 4


@pytest.mark.parametrize("followup", ["use PUPPI MET", "with PUPPI MET", "PUPPI MET instead"])
def test_a_met_type_followup_keeps_the_plotted_mt(catalog, followup):
    plan = _after("transverse mass of the leading muon and MET", followup, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.kind == "mt" and obs.met == "PuppiMET"  # was: the PUPPI MET plotted, mT gone


def test_puppi_met_instead_keeps_the_plot_and_switches_the_cut(catalog):
    plan = _after("dimuon mass with MET > 50", "PUPPI MET instead", catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == ["field"]
    assert any(
        plan.spec.observable(s.observable).met == "PuppiMET"
        for s in plan.spec.selection
        if s.observable and plan.spec.observable(s.observable).kind == "met"
    )


@pytest.mark.parametrize(
    "followup", ["drop the jet count requirement", "remove the cut on the number of jets"]
)
def test_dropping_the_jet_count_requirement_keeps_the_plot(catalog, followup):
    plan = _after("HT for events with 4 jets", followup, catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == ["ht"]  # was: the number of jets plotted, the cut kept
    assert not any(k == "count" for k, *_ in _steps(plan))


@pytest.mark.parametrize("followup", ["stack the MC", "stacked MC"])
def test_stack_the_mc_keeps_the_data(catalog, followup):
    base = "dielectron mass for electrons above 30 GeV, data vs DY"
    plan = _after(base, followup, catalog)
    assert plan.ok, plan.question
    assert "data_2018A_doublemuon" in plan.spec.samples  # was: DY only, no word


def test_the_mc_normalised_to_a_luminosity_keeps_the_data(catalog):
    plan = parser_plan("plot dimuon mass with the MC normalized to 59.7 fb-1", catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == "auto"  # every 2018 sample, the data too (was: DY only)
    assert plan.spec.lumi_pb == 59700.0


# --- e-mu follow-ups -------------------------------------------------------------------------


@pytest.mark.parametrize(("followup", "charge"), [("opposite-sign e-mu only", "opposite"),
                                                  ("same-sign e-mu", "same")])  # fmt: skip
def test_an_emu_charge_followup_edits_the_selected_pair(catalog, followup, charge):
    plan = _after("ttbar e-mu events: plot the number of b-jets", followup, catalog)
    assert plan.ok, plan.question  # was: KeyError 'emu' (a count of e-mu pairs)
    hist = plan.spec.observable(plan.spec.histograms[0].observable)
    assert hist.kind == "count" and hist.of == "bjets"
    assert [c.charge for c in plan.spec.combinations] == [charge]


def test_counting_emu_pairs_is_asked_not_an_error(catalog):
    plan = parser_plan("number of e-mu pairs per event", catalog)
    assert not plan.ok and plan.question  # was: KeyError 'emu'


@pytest.mark.parametrize(
    "followup", ["now the leading lepton pt", "plot the leading b-jet pT instead"]
)
def test_leaving_the_emu_pair_is_said(catalog, followup):
    base = "the electron-muon invariant mass in ttbar events with opposite-charge e-mu pairs"
    plan = _after(base, followup, catalog)
    assert plan.ok, plan.question
    assert any("e-mu pair required before is not carried over" in n for n in plan.notes)


# --- object masses and isolation cones --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [("plot fat jet mass for fat jets with pt > 400 GeV", "FatJet"),
     ("plot the jet mass for jets above 200 GeV", "Jet")],
)  # fmt: skip
def test_a_jet_mass_for_jets_above_a_threshold_is_each_jets_mass(catalog, text, source):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.kind == "field" and obs.field == "mass"  # was: the pair's mass
    assert not plan.spec.combinations
    assert _sources(plan) == {source}


def test_a_muon_isolation_cone_written_without_all_is_asked(catalog):
    plan = parser_plan("plot muon pT for isolated muons with pfRelIso03 < 0.1", catalog)
    assert not plan.ok and "pfreliso03" in plan.question  # was: pfRelIso04_all < 0.1


def test_the_default_muon_isolation_cone_written_without_all_is_planned(catalog):
    plan = parser_plan("plot muon pT for muons with pfRelIso04 < 0.1", catalog)
    assert plan.ok, plan.question
    assert ("pfRelIso04_all", "<", 0.1) in object_cuts(plan, "muons")


# --- batch 2: helper hunt 3 (derived quantities, b-tags, lists) and hunt 1's leftovers -------


@pytest.mark.parametrize("followup", ["use PUPPI MET", "switch to PUPPI MET"])
def test_a_met_type_followup_keeps_the_plotted_angle(catalog, followup):
    plan = _after("delta phi between the leading jet and the MET", followup, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.kind == "delta_phi"  # was: the PUPPI MET plotted, the angle gone
    assert obs.met == "PuppiMET"


@pytest.mark.parametrize(
    "text",
    [
        "invariant mass of two electrons and two muons",
        "mass of the two electrons and the two muons",
    ],
)
def test_two_electrons_and_two_muons_is_the_2e2mu_question(catalog, text):
    plan = parser_plan(text, catalog)  # was: the dielectron mass, two muons required
    assert not plan.ok and "2e2mu" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "mass of the dijet system formed by the two b-jets in ttbar",
        "pT of the dijet system of the two b-jets",
    ],
)
def test_the_dijet_system_of_the_two_bjets_pairs_the_bjets(catalog, text):
    plan = parser_plan(text, catalog)  # was: the two leading jets of any flavour
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert [plan.spec.object(i).name for i in comb.inputs] == ["bjets"]


@pytest.mark.parametrize(
    "text",
    [
        "the number of jets for events with MET > 50, and the MET",
        "the leading jet pT for events with HT > 300, and the HT",
    ],
)
def test_an_event_quantity_listed_after_its_cut_is_asked(catalog, text):
    plan = parser_plan(text, catalog)  # was: no histogram of it, no note
    assert not plan.ok and "a plot of the" in plan.question


def test_both_plots_after_one_cut_are_planned(catalog):
    plan = parser_plan("the number of jets and the MET, for events with MET above 50", catalog)
    assert plan.ok, plan.question
    assert sorted(_kinds(plan)) == ["count", "met"]


@pytest.mark.parametrize(
    ("text", "binning"),
    [
        ("jet multiplicity up to 15 jets", (16, -0.5, 15.5)),
        ("number of jets, 0 to 12 jets", (13, -0.5, 12.5)),
        ("number of muons, 5 bins", (5, -0.5, 4.5)),
        ("number of jets with 20 bins", (20, -0.5, 19.5)),
    ],
)
def test_a_multiplicity_axis_keeps_one_bin_per_integer(catalog, text, binning):
    # was: 11 bins from -0.5 to 10.5 with the counts above 10 cut off, or 5 bins over -0.5 to
    # 6.5 (edges between the integers)
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == binning


@pytest.mark.parametrize(
    "text",
    [
        "highest b-tag score in the event",
        "second highest b-tag score",
        "max btagDeepFlavB of the jets",
        "leading b-tag score",
    ],
)
def test_a_ranked_btag_score_is_asked(catalog, text):
    plan = parser_plan(text, catalog)  # was: every jet's score, one entry per jet
    assert not plan.ok and "b-tag score of every jet" in plan.question


def test_the_btag_score_of_the_leading_jet_is_planned(catalog):
    plan = parser_plan("b-tag score of the leading jet", catalog)
    assert plan.ok, plan.question
    assert plan.spec.observable(plan.spec.histograms[0].observable).index == 0


@pytest.mark.parametrize(
    "text", ["dimuon mass, data vs DY + ttbar", "dimuon mass for DY and ttbar"]
)
def test_samples_of_two_eras_are_said(catalog, text):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    assert any("different eras" in n for n in plan.notes)  # was: no word in the plan


def test_samples_of_one_era_say_nothing_of_eras(catalog):
    plan = parser_plan("dimuon mass", catalog)
    assert plan.ok and not any("different eras" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "plot the pT of the positive muon in dimuon events",
        "plot the eta of the negative muon in Z->mumu events",
    ],
)
def test_a_charged_muon_of_a_required_pair_is_asked(catalog, text):
    plan = parser_plan(text, catalog)  # was: a pair of same-sign muons required: no event
    assert not plan.ok and "no event passes" in plan.question


def test_positive_muons_alone_are_planned(catalog):
    plan = parser_plan("plot the pT of positive muons", catalog)
    assert plan.ok, plan.question
    assert ("charge", ">", 0) in object_cuts(plan, "muons")


@pytest.mark.parametrize("followup", ["log scale", "40 bins"])
def test_a_drawing_followup_keeps_each_histograms_own_events(catalog, followup):
    plan = _after("the leading muon pT and the MET", followup, catalog)
    assert plan.ok, plan.question
    met = next(h for h in plan.spec.histograms if plan.spec.observable(h.observable).kind == "met")
    assert met.steps == []  # every event, as before (was: only the events with a muon)


@pytest.mark.parametrize(
    "followup", ["only the muon pT", "only the leading muon pT", "just the leading muon pT plot"]
)
def test_only_the_main_plot_drops_the_added_ones(catalog, followup):
    plan = _after("the leading muon pT and the MET", followup, catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == ["field"]  # was: the MET histogram kept, no word


def test_same_for_electrons_after_ht_with_one_muon_swaps_the_lepton(catalog):
    plan = _after("HT in events with one muon", "same for electrons", catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == ["ht"]  # was: the HT of the electrons, the muon still required
    assert plan.spec.observable(plan.spec.histograms[0].observable).of == "jets"
    assert "Muon" not in _sources(plan)


# --- batch 3 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("followup", ["log scale", "50 bins"])
def test_a_drawing_followup_after_a_question_is_asked_again(catalog, followup):
    base = parser_plan("leading muon pT for muons with pT > 30 and a strange requirement", catalog)
    assert not base.ok
    plan = parser_plan(followup, catalog, previous=base)
    # was: the asked draft planned (e.g. the isolation plotted with its cut gone)
    assert not plan.ok and "not planned yet" in plan.question


def test_tight_isolation_after_an_eta_cut_is_the_isolation_cut(catalog):
    text = "leading muon pT for muons with pT > 30, |eta| < 2.1 and tight isolation"
    plan = parser_plan(text, catalog)  # was: asked (and pfRelIso04_all taken as the plot)
    assert plan.ok, plan.question
    assert plan.spec.observable(plan.spec.histograms[0].observable).field == "pt"
    cuts = object_cuts(plan, "muons")
    assert ("pfRelIso04_all", "<", 0.15) in cuts and ("eta", "<", 2.1) in cuts


@pytest.mark.parametrize(
    ("base", "count"),
    [("leading jet pT in events with at least 2 jets", 2), ("HT for events with 4 jets", 4)],
)
def test_use_ak8_jets_moves_the_jet_count(catalog, base, count):
    plan = _after(base, "use AK8 jets", catalog)
    assert plan.ok, plan.question
    assert _sources(plan) == {"FatJet"}  # was: the AK4 jet count kept beside the AK8 jets
    assert ("count", None, "fatjets", ">=", count) in _steps(plan)


@pytest.mark.parametrize(
    ("followup", "pair_of"),
    [("same-flavour instead", {"Muon", "Electron"}), ("dielectron events instead", {"Electron"})],
)
def test_a_flavour_followup_after_emu_events_edits_the_selected_pair(catalog, followup, pair_of):
    plan = _after("ttbar e-mu events: plot the number of b-jets", followup, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.kind == "count" and obs.of == "bjets"  # was: the number of lepton pairs
    (comb,) = plan.spec.combinations
    assert {plan.spec.object(i).source for i in comb.inputs} == pair_of


@pytest.mark.parametrize(
    ("followup", "kind"),
    [("only the leading jet pT", "jets"), ("just the jet pT", "jets"),
     ("only the dimuon mass", "dimuon")],
)  # fmt: skip
def test_only_one_plot_of_a_list_keeps_that_plot(catalog, followup, kind):
    plan = _after("plot the dimuon mass and the leading jet pT", followup, catalog)
    assert plan.ok, plan.question  # was: asked, or every jet's pT with no word
    (hist,) = plan.spec.histograms
    obs = plan.spec.observable(hist.observable)
    assert obs.of == kind and (obs.index == 0 or kind == "dimuon")


# --- batch 4: helper hunt 4 (paraphrase families) -------------------------------------------


@pytest.mark.parametrize(
    ("text", "window"),
    [
        (
            "Make a histogram of the dimuon pT for opposite-charge muon pairs with "
            "80 < mass < 100 GeV.",
            [80.0, 100.0],
        ),
        ("dielectron pT with 70 < mass < 110 GeV", [70.0, 110.0]),
    ],
)
def test_a_mass_window_written_with_mass_is_a_cut(catalog, text, window):
    plan = parser_plan(text, catalog)  # was: the pT axis from 80 to 100, no mass cut
    assert plan.ok, plan.question
    assert sorted(v for k, *_, v in _steps(plan) if k == "field") == window
    assert _ranges(plan)[0] != tuple(window)


@pytest.mark.parametrize(
    "text",
    [
        "MET for events with no muons at all",
        "MET for events without any muon, of any kind",
        "MET for events with no reconstructed muons",
    ],
)
def test_a_veto_of_any_muon_at_all_drops_the_default_cuts(catalog, text):
    plan = parser_plan(text, catalog)  # was: only tight isolated muons above 20 GeV vetoed
    assert plan.ok, plan.question
    assert object_cuts(plan, "muons") == []
    assert ("count", None, "muons", "<=", 0) in _steps(plan)


def test_a_veto_of_muons_keeps_the_default_definition(catalog):
    plan = parser_plan("MET for events with no muons", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 20.0) in object_cuts(plan, "muons")


def test_no_cuts_on_the_objects_question_suggests_a_phrase_that_plans(catalog):
    plan = parser_plan("number of muons, no cuts on the muons", catalog)
    assert not plan.ok
    assert "all muons, no cuts at all" in plan.question  # was: the same phrase again (a loop)
    again = parser_plan("number of muons, all muons, no cuts at all", catalog)
    assert again.ok and object_cuts(again, "muons") == []


@pytest.mark.parametrize(
    ("text", "axis"),
    [
        ("dimuon mass above 100 GeV", (100.0, 200.0)),
        ("MET for events with MET > 150", (150.0, 350.0)),
    ],
)
def test_a_cut_in_the_upper_half_of_the_default_range_moves_it(catalog, text, axis):
    plan = parser_plan(text, catalog)  # was: 60-120 (most of the spectrum off the axis)
    assert plan.ok, plan.question
    assert _ranges(plan) == [axis]


def test_a_cut_in_the_lower_half_keeps_the_default_range(catalog):
    plan = parser_plan("MET for events with MET > 100", catalog)
    assert plan.ok and _ranges(plan) == [(0.0, 200.0)]


@pytest.mark.parametrize(
    "text", ["leading AK8 jet softdrop mass, pT > 200 GeV", "AK8 jet tau21, pT > 300 GeV"]
)
def test_a_pt_cut_after_a_branch_plot_adds_no_pt_plot(catalog, text):
    plan = parser_plan(text, catalog)  # was: a pT histogram added beside
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 1


def test_a_pt_listed_with_a_branch_is_still_plotted(catalog):
    plan = parser_plan("the dxy, pt and eta of the muons", catalog)
    assert plan.ok and len(plan.spec.histograms) == 3


def test_a_short_range_after_the_plotted_pt_is_said_as_the_axis(catalog):
    plan = parser_plan("muon pT in 20-50 GeV, loose ID, |eta| below 2.1", catalog)
    assert plan.ok, plan.question
    assert any("read as the histogram's axis" in n for n in plan.notes)  # was: no word


# --- batch 5: helper hunts 5 (follow-ups) and 6 (terse and non-native wording) --------------


def test_removing_a_jet_count_a_pair_needs_says_the_step_stays(catalog):
    base = "dijet mass for jets with pT > 40 and |eta| < 2.5, at least 2 jets"
    plan = _after(base, "remove the 2 jet requirement", catalog)
    assert plan.ok, plan.question
    assert any("still needs at least 2 jets" in n for n in plan.notes)  # was: "Removed ..."
    assert not any(n == "Removed the requirement on the number of jets." for n in plan.notes)


def test_also_plot_ht_beside_a_dijet_mass_is_the_jets_ht(catalog):
    base = "dijet mass for jets with pT > 40 and |eta| < 2.5, at least 2 jets"
    plan = _after(base, "also plot HT", catalog)
    assert plan.ok, plan.question  # was: "The analysis spec is invalid: ... not a pair"
    ht = [plan.spec.observable(h.observable) for h in plan.spec.histograms]
    assert any(o.kind == "ht" and o.of == "jets" for o in ht)


@pytest.mark.parametrize("followup", ["now for electrons", "do the same for electrons"])
def test_now_for_electrons_moves_the_selected_pair_and_its_window(catalog, followup):
    base = "delta R between the two leading muons for dimuon mass > 12 GeV"
    plan = _after(base, followup, catalog)
    assert plan.ok, plan.question
    assert _sources(plan) == {"Electron"}  # was: the muon pair above 12 GeV still required
    (comb,) = plan.spec.combinations
    assert comb.mass_min == 12.0


@pytest.mark.parametrize(
    ("followup", "window"), [("Z window 70-110", [70.0, 110.0]),
                             ("Z mass between 80 and 100", [80.0, 100.0])],
)  # fmt: skip
def test_a_z_window_followup_keeps_the_plot(catalog, followup, window):
    plan = _after("leading muon pT for events with a Z candidate", followup, catalog)
    assert plan.ok, plan.question
    assert _ranges(plan) == [(0.0, 200.0)]  # was: the muon pT axis 70-110 (or the Z plotted)
    assert sorted(v for k, _, of, _, v in _steps(plan) if of == "zcand" and k == "field") == window


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("plot MET for events with under 2 jets", ("<=", 1)),
        ("plot MET for events with under two muons", ("<=", 1)),
        ("plot MET for events with over 3 jets", (">=", 4)),
        ("plot MET for events with more then 2 jets", (">=", 3)),
        ("plot MET in ttbar, over 1 b-jet", (">=", 2)),
    ],
)
def test_a_comparison_before_an_object_count_is_kept(catalog, text, count):
    plan = parser_plan(text, catalog)  # was: "2 jets" read as at least 2 (the opposite)
    assert plan.ok, plan.question
    assert [(o, v) for k, _, _, o, v in _steps(plan) if k == "count"] == [count]


@pytest.mark.parametrize(
    ("text", "obj", "cut"),
    [
        ("two muons with pT > 25 GeV passing tight ID, veto events with b-jets, plot dimuon mass",
         "muons", ("tightId", "==", True)),
        ("one muon with pt>25 GeV passing loose ID, at least one b-jet, plot MET", "muons",
         ("looseId", "==", True)),
        ("two electrons with pT > 25 GeV passing medium ID, no b-jets, plot dielectron mass",
         "electrons", ("cutBased", ">=", 3)),
        ("plot MET, 1 muon pT>25 medium ID, 1 b-jet", "muons", ("mediumId", "==", True)),
    ],
)  # fmt: skip
def test_an_id_after_the_pt_cut_is_the_objects_not_the_btag(catalog, text, obj, cut):
    plan = parser_plan(text, catalog)  # was: the b-tag working point took it
    assert plan.ok, plan.question
    assert cut in object_cuts(plan, obj)
    btag = [c for c in object_cuts(plan, "bjets") if c[0] == "btagDeepFlavB"]
    assert btag and btag[0][2] == "medium"


@pytest.mark.parametrize(
    ("text", "check"),
    [
        ("leading jet pt for jets with pt bigger than 40 GeV", ("jets", ("pt", ">", 40.0))),
        ("muon pT with min pt 25 GeV", ("muons", ("pt", ">", 25.0))),
        ("muon eta for muons with |eta| smaller 2.1", ("muons", ("eta", "<", 2.1))),
    ],
)
def test_non_native_comparisons_are_read(catalog, text, check):
    plan = parser_plan(text, catalog)  # was: asked ('bigger', 'min', 'smaller')
    assert plan.ok, plan.question
    obj, cut = check
    assert cut in object_cuts(plan, obj)


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("plot the pt of leading muon for events with minimum 2 jets", [("jets", ">=", 2)]),
        ("HT (jets pt>30), njet>=4", [("jets", ">=", 4)]),
        ("MET, ttbar, nj>=4, nb>=1", [("jets", ">=", 4), ("bjets", ">=", 1)]),
        ("MET; nmu==0", [("muons", "==", 0)]),
        ("plot MET, Njet>2", [("jets", ">=", 3)]),
    ],
)
def test_terse_and_minimum_counts_are_read(catalog, text, steps):
    plan = parser_plan(text, catalog)  # was: asked
    assert plan.ok, plan.question
    counts = [(of, o, v) for k, _, of, o, v in _steps(plan) if k == "count"]
    for step in steps:
        assert step in counts


def test_delta_r_after_a_delta_phi_with_the_met_is_asked(catalog):
    base = "delta phi between the leading jet and MET for events with MET > 150"
    plan = _after(base, "show delta R instead", catalog)
    assert not plan.ok and "no eta" in plan.question  # was: the delta R of two jets


def test_the_electron_channel_swaps_the_selecting_muon(catalog):
    base = "number of jets in ttbar events with exactly one muon and at least one b-jet"
    plan = _after(base, "electron channel", catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.kind == "count" and obs.of == "jets"  # was: the number of electrons plotted
    assert "Muon" not in _sources(plan)
    assert ("count", None, "electrons", "<=", 1) in _steps(plan)


# --- batch 6: helper hunt 7 (neighbours of this session's readings) --------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("MET in events with over 0 b-jets with pT > 30", ("bjets", ">=", 1)),
        ("MET in events with less then 3 jets with pT > 40", ("jets", "<=", 2)),
        ("MET with under 2 jets with pT > 50", ("jets", "<=", 1)),
    ],
)
def test_a_compared_count_with_a_pt_clause_keeps_the_comparison(catalog, text, count):
    plan = parser_plan(text, catalog)  # was: the comparison dropped (a b-veto for "over 0")
    assert plan.ok, plan.question
    assert [(of, o, v) for k, _, of, o, v in _steps(plan) if k == "count"] == [count]


@pytest.mark.parametrize(
    ("text", "obj", "cut"),
    [
        ("MET in events with two muons passing loose ID and two electrons", "muons",
         ("looseId", "==", True)),
        ("MET in events with an electron passing loose ID and a muon", "electrons",
         ("cutBased", ">=", 2)),
    ],
)  # fmt: skip
def test_an_id_passed_by_the_first_objects_is_theirs(catalog, text, obj, cut):
    plan = parser_plan(text, catalog)  # was: the objects named next took the ID
    assert plan.ok, plan.question
    assert cut in object_cuts(plan, obj)


@pytest.mark.parametrize(
    "text",
    [
        "MET in events with the leading jet between 200 and 100 GeV",
        "HT in events with 50 < leading jet pT < 40",
    ],
)
def test_a_reversed_window_on_a_ranked_object_is_asked(catalog, text):
    plan = parser_plan(text, catalog)  # was: an impossible cut, no event
    assert not plan.ok


def test_only_a_plot_with_a_cut_is_not_read_as_keeping_a_plot(catalog):
    plan = _after("the leading muon pT and the MET", "only the muon pT above 30 GeV", catalog)
    # the cut is applied (never the plot kept as it was with the 30 GeV dropped)
    assert plan.ok, plan.question
    assert ("pt", ">", 30.0) in object_cuts(plan, "muons")
    assert not any(n.startswith("Kept only") for n in plan.notes)


def test_same_for_electrons_on_a_muon_pair_selection_is_asked(catalog):
    plan = _after(
        "MET in events with exactly two opposite-sign muons", "same for electrons", catalog
    )
    assert not plan.ok  # was: two electrons and still the muon pair required


def test_a_count_axis_with_bins_starts_at_the_required_count(catalog):
    plan = parser_plan("number of jets, 5 bins, at least 4 jets", catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (5, 3.5, 8.5)  # was: -0.5 to 4.5, one bin visible
