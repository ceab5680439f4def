"""Session 30: angle cuts between the two leading objects, in the notations analysts write.

A notation sweep (one request, the |delta eta| cut of a VBF-like selection written in ~35
notations, every plan read by hand) found that most of them were asked although the words say
the cut: "|deta| > 3 between the two leading jets", "the two leading jets separated by |Δη| > 3",
"more than 3 apart in |Δη|", "|eta(j1) - eta(j2)| > 3", "deta_jj > 3", "a rapidity gap of more
than 3 units between ...", "mjj of j1,j2, |deta|>3", "... and draw their invariant mass". The
angle's objects must be the ones written, and a cut that names no objects is read only where
the two leading jets are the only objects of the request.
"""

from __future__ import annotations

import pytest

from tests.test_planner_s18 import _cuts
from tests.test_planner_s26 import _plan


def _angle_cuts(plan):
    spec = plan.spec
    out = []
    for step in spec.selection:
        if step.observable:
            obs = spec.observable(step.observable)
            if obs.kind.startswith("delta_"):
                out.append((obs.kind, obs.of, obs.field, step.op, step.value))
    return out


_DIJET = (
    "the dijet mass of the two leading jets in DY MC, events with {}, 40 bins from 0 to 2000 GeV"
)


@pytest.mark.parametrize(
    ("words", "cut"),
    [
        ("|deta| > 3 between the two leading jets", ("delta_eta", "jets", None, ">", 3.0)),
        ("|delta eta| > 3 between the two leading jets", ("delta_eta", "jets", None, ">", 3.0)),
        ("|Δη| > 3 between the two leading jets", ("delta_eta", "jets", None, ">", 3.0)),
        ("delta eta > 3 between the leading jets", ("delta_eta", "jets", None, ">", 3.0)),
        (
            "the two leading jets separated by |delta eta| > 3",
            ("delta_eta", "jets", None, ">", 3.0),
        ),
        ("the two leading jets more than 3 apart in |Δη|", ("delta_eta", "jets", None, ">", 3.0)),
        (
            "the two leading jets at least 3 units apart in pseudorapidity",
            ("delta_eta", "jets", None, ">=", 3.0),
        ),
        (
            "a rapidity gap of more than 3 units between the two leading jets",
            ("delta_eta", "jets", "rapidity", ">", 3.0),
        ),
        ("|eta(j1) - eta(j2)| > 3", ("delta_eta", "jets", None, ">", 3.0)),
        ("|eta_j1 - eta_j2| > 3", ("delta_eta", "jets", None, ">", 3.0)),
        ("deta_jj > 3", ("delta_eta", "jets", None, ">", 3.0)),
        ("the two leading jets with dR > 0.8", ("delta_r", "jets", None, ">", 0.8)),
        ("the two leading jets closer than 1.5 in delta R", ("delta_r", "jets", None, "<", 1.5)),
        (
            "the two leading jets separated by more than 0.8 in delta R",
            ("delta_r", "jets", None, ">", 0.8),
        ),
    ],
)
def test_an_angle_cut_between_the_two_leading_jets_is_read(catalog, words, cut):
    plan = _plan(_DIJET.format(words), catalog)
    assert plan.ok, plan.question
    assert _angle_cuts(plan) == [cut]
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (40, 0.0, 2000.0)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        (
            "the dimuon mass in DY MC for events with ΔR_μμ > 0.4",
            ("delta_r", "muons", None, ">", 0.4),
        ),
        (
            "the dimuon mass in DY MC with |eta(mu1) - eta(mu2)| < 1",
            ("delta_eta", "muons", None, "<", 1.0),
        ),
        (
            "the dielectron mass in DY MC where the two leading electrons are more than 0.5 apart "
            "in delta R",
            ("delta_r", "electrons", None, ">", 0.5),
        ),
        (
            "the MET in DY MC for events with |deta| > 3 between the two leading jets",
            ("delta_eta", "jets", None, ">", 3.0),
        ),
    ],
)
def test_the_angle_is_of_the_objects_written(catalog, text, cut):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _angle_cuts(plan) == [cut]


@pytest.mark.parametrize(
    "words",
    [
        "the two leading jets with eta > 2",  # an eta cut, not a delta eta
        "the two leading jets below 2.4 in eta",
    ],
)
def test_a_plain_eta_of_the_two_leading_jets_is_not_an_angle(catalog, words):
    plan = _plan(_DIJET.format(words), catalog)
    assert not plan.ok or not _angle_cuts(plan)


def test_a_pair_mass_cut_beside_an_angle_cut_on_the_plotted_pair(catalog):
    # was: "The request cuts on a pair mass but names no pair to cut on"
    plan = _plan(
        "the dijet mass in DY MC, events with mjj > 500 GeV and |deta_jj| > 3, 40 bins from 0 "
        "to 2000 GeV",
        catalog,
    )
    assert plan.ok, plan.question
    assert _angle_cuts(plan) == [("delta_eta", "jets", None, ">", 3.0)]
    spec = plan.spec
    masses = [
        (s.op, s.value)
        for s in spec.selection
        if s.observable and spec.observable(s.observable).field == "mass"
    ]
    assert masses == [(">", 500.0)]


def test_the_dijet_searchs_delta_eta_cut_is_on_the_two_leading_jets(catalog):
    # an earlier session asked it (tests/test_planner_lists.py); the dijet is the only object
    plan = _plan("plot the dijet mass for events with |delta eta| < 1.3", catalog)
    assert plan.ok, plan.question
    assert _angle_cuts(plan) == [("delta_eta", "jets", None, "<", 1.3)]
    assert any("|delta eta| of the two leading jets < 1.3" in d for d in plan.defaults)


def test_a_bare_angle_is_the_two_leading_jets_when_they_are_the_only_objects(catalog):
    plan = _plan("DY MC mjj of j1,j2 (pt>30, |eta|<4.7), |deta|>3, 40 bins 0-2000", catalog)
    assert plan.ok, plan.question
    assert _angle_cuts(plan) == [("delta_eta", "jets", None, ">", 3.0)]
    (jets,) = plan.spec.objects
    assert [(c.op, c.value) for c in jets.cuts if c.field == "eta"] == [("<", 4.7)]


@pytest.mark.parametrize(
    "text",
    [
        "DY MC dimuon mass with |deta| > 1",  # between which muons? (or the muon and a jet)
        "DY MC mjj with MET > 50, |dphi| > 0.5",  # the jets and the MET, often
        "ttbar leading jet pT with |deta| > 3",  # no pair named
    ],
)
def test_a_bare_angle_with_other_objects_is_still_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok


def test_their_after_a_cut_is_the_cuts_two_leading_objects(catalog):
    plan = _plan(
        "Require a pseudorapidity gap |Δη| above 3 between the two leading jets and draw their "
        "invariant mass, 0 to 2000 GeV in 40 bins. Jets are anything with pT above 30 GeV "
        "inside |eta| < 4.7, in the Drell-Yan sample.",
        catalog,
    )
    assert plan.ok, plan.question
    spec = plan.spec
    h = spec.histograms[0]
    assert spec.observable(h.observable).of == "dijet"
    assert _angle_cuts(plan) == [("delta_eta", "jets", None, ">", 3.0)]


def test_their_refers_to_the_objects_named_last(catalog):
    # "their" follows the jets, not the muons of the event selection
    plan = _plan(
        "In DY MC with two muons, require |deta| > 3 between the two leading jets and draw "
        "their invariant mass",
        catalog,
    )
    assert plan.ok, plan.question
    spec = plan.spec
    assert spec.observable(spec.histograms[0].observable).of == "dijet"


@pytest.mark.parametrize(
    ("text", "of"),
    [
        ("the two leading jets' invariant mass in ttbar MC", "dijet"),
        ("the 2 leading jets' delta phi in ttbar MC", "jets"),
        ("ttbar: two leading jets' mass", "dijet"),
    ],
)
def test_a_possessive_of_the_two_leading_objects_is_read(catalog, text, of):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    assert spec.observable(spec.histograms[0].observable).of == of


# --- object definitions written apart from the plot -----------------------------------------
#
# A sweep of one request ("the number of DeepJet-medium b-tagged jets in ttbar") with the jets'
# definition written in ~17 ways found every one asked ("The count of which objects?", "defines
# jets but neither plots nor requires them"), and "ttbar events with at least 4 jets with pT >
# 25 GeV and |eta| < 2.5 and at least one b-tagged jet" gave the b-tagged jets the default
# pT > 30 GeV, |eta| < 2.4: b-tagged jets are jets, and a physicist takes them from the jets.


@pytest.mark.parametrize(
    "text",
    [
        "The number of b-tagged jets (DeepJet medium) per event in ttbar. Jets have pT > 25 GeV "
        "and |eta| < 2.4.",
        "The number of b-tagged jets (DeepJet medium) per event in ttbar, using jets with pT > "
        "25 GeV and |eta| < 2.4.",
        "The number of b-tagged jets (DeepJet medium) per event in ttbar, for jets with pT > 25 "
        "GeV and |eta| < 2.4.",
    ],
)
def test_b_tagged_jets_take_the_jets_definition(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [o.name for o in plan.spec.objects] == ["bjets"]
    cuts = _cuts(plan, "bjets")
    assert ("pt", ">", 25.0) in cuts and ("eta", "<", 2.4) in cuts
    assert any("the jets' cuts apply to them too" in d for d in plan.defaults)


def test_b_tagged_jets_are_among_the_selected_jets(catalog):
    plan = _plan(
        "ttbar events with at least 4 jets with pT > 25 GeV and |eta| < 2.5 and at least one "
        "b-tagged jet (DeepJet medium); plot the leading b-jet pT",
        catalog,
    )
    assert plan.ok, plan.question
    assert {("pt", ">", 25.0), ("eta", "<", 2.5)} <= _cuts(plan, "bjets")
    assert {("pt", ">", 25.0), ("eta", "<", 2.5)} <= _cuts(plan, "jets")


def test_a_b_jet_cut_of_their_own_wins_over_the_jets(catalog):
    plan = _plan(
        "the leading b-jet pT in ttbar events with at least 4 jets with pT > 25 GeV and |eta| "
        "< 2.5 and at least two b-tagged jets (DeepJet medium) with pT > 40 GeV",
        catalog,
    )
    assert plan.ok, plan.question
    cuts = _cuts(plan, "bjets")
    assert ("pt", ">", 40.0) in cuts and ("eta", "<", 2.5) in cuts


def test_a_jet_id_word_beside_b_jets_is_still_asked(catalog):
    # "medium" is read as the jets' ID (there is none): the jets stay, and it is asked
    plan = _plan(
        "The b-jet multiplicity (DeepJet medium) in ttbar, jets with pT > 25 GeV and |eta| < 2.4.",
        catalog,
    )
    assert not plan.ok


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The dimuon mass in DY. Muons must have pT > 25 GeV and |eta| < 2.4.", "muons"),
        ("The dimuon mass in DY, muons must have pT > 25 GeV and |eta| < 2.4.", "muons"),
        ("The number of jets in ttbar. Jets must have pT > 25 GeV and |eta| < 2.4.", "jets"),
    ],
)
def test_a_title_then_what_the_objects_must_have_is_a_plot(catalog, text, name):
    # was: "This reads as a selection ... and no plot is named"
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 25.0) in _cuts(plan, name)


@pytest.mark.parametrize(
    "text",
    [
        "Events must have a dimuon mass above 60 GeV",
        "In DY, events must have a dimuon mass above 60 GeV.",
        "Muons must have pT > 25 GeV and the dimuon mass must be above 60 GeV.",
        "Two muons, opposite charge, must have a mass above 60 GeV.",
    ],
)
def test_a_selection_alone_is_still_asked_what_to_plot(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "reads as a selection" in plan.question


@pytest.mark.parametrize(
    "definition",
    [
        "Jets are anything with pT above 25 GeV and |eta| < 2.4.",
        "Only consider jets with pT > 25 GeV and |eta| < 2.4.",
        "Counting jets with pT > 25 GeV and |eta| < 2.4.",
        "Jets: pT > 25 GeV, |eta| < 2.4.",
    ],
)
def test_a_hyphenated_working_point_keeps_the_counted_b_jets(catalog, definition):
    # "DeepJet-medium b-tagged jets" beside a sentence on the jets: was "The count of which
    # objects?"
    plan = _plan(
        f"The number of DeepJet-medium b-tagged jets per event in the ttbar sample. {definition}",
        catalog,
    )
    assert plan.ok, plan.question
    spec = plan.spec
    assert spec.observable(spec.histograms[0].observable).of == "bjets"
    assert {("pt", ">", 25.0), ("eta", "<", 2.4)} <= _cuts(plan, "bjets")
    (bjets,) = [o for o in spec.objects if o.name == "bjets"]
    assert any(c.field == "btagDeepFlavB" for c in bjets.cuts)


@pytest.mark.parametrize(
    "definition", ["Jet definition: pT > 25 GeV, |eta| < 2.4.", "Jets qualify with pT > 25 GeV."]
)
def test_a_definition_label_or_qualify_defines_the_objects(catalog, definition):
    plan = _plan(f"The number of jets in the ttbar sample. {definition}", catalog)
    assert plan.ok, plan.question
    assert ("pt", ">", 25.0) in _cuts(plan, "jets")


# --- a mass threshold on the plotted pair ----------------------------------------------------
#
# A sweep of "the dimuon mass below/above/up to ..." found "below 50 GeV" asked with an empty
# default range (60 to 50), "below 5 GeV with 0.01 GeV bins" drawn as 30 bins from 60 to 60.3,
# and "the dimuon mass (below 50 GeV)" / "the low-mass dimuon spectrum (below 50 GeV)" cutting
# each muon's pT below 50 GeV with the default 60-120 GeV mass range, silently.


def _binning(plan):
    h = plan.spec.histograms[0]
    return h.bins, h.start, h.stop


def _mass_cuts(plan):
    spec = plan.spec
    return [
        (s.op, s.value)
        for s in spec.selection
        if s.observable and spec.observable(s.observable).field == "mass"
    ]


@pytest.mark.parametrize(
    ("words", "binning"),
    [
        ("the dimuon mass below 50 GeV", (30, 0.0, 50.0)),
        ("the dimuon mass under 50 GeV", (30, 0.0, 50.0)),
        ("the dimuon mass in events with m_mumu < 50 GeV", (30, 0.0, 50.0)),
        ("the dimuon mass (below 50 GeV)", (30, 0.0, 50.0)),
        ("the dimuon mass below 5 GeV with 0.01 GeV bins", (500, 0.0, 5.0)),
    ],
)
def test_an_upper_mass_cut_below_the_default_range_is_the_range(catalog, words, binning):
    plan = _plan(f"{words} in 2018 DoubleMuon data", catalog)
    assert plan.ok, plan.question
    assert _binning(plan) == binning
    assert _mass_cuts(plan) == [("<", binning[2])]
    (muons,) = plan.spec.objects
    assert not any(c.field == "pt" and c.op in ("<", "<=") for c in muons.cuts)


def test_a_lower_mass_cut_still_starts_the_range(catalog):
    plan = _plan("the dimuon mass above 150 GeV in 2018 DoubleMuon data", catalog)
    assert plan.ok, plan.question
    assert _binning(plan)[1] == 150.0
    assert _mass_cuts(plan) == [(">", 150.0)]


@pytest.mark.parametrize(
    "text",
    [
        "the low-mass dimuon spectrum (below 50 GeV) in DY",  # a threshold on "spectrum"
        "the dimuon pT (below 50 GeV) in DY",  # the pair's pT cut or the range?
        "dimuons below 50 GeV in DY",  # the pairs' mass or pT, not each muon's
        "dimuons (below 50 GeV) in DY",
    ],
)
def test_a_threshold_on_a_pair_is_never_each_objects_pt(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok


# --- the x-axis label as written -------------------------------------------------------------
#
# 'with the x axis label "p_T [GeV]"' was asked or, as 'label the x axis "..."' and 'x label:
# "..."', dropped with no word; "title it 'Z peak'" titled the plot 'it "Z peak"'.


@pytest.mark.parametrize(
    ("words", "label"),
    [
        ('with the x axis label "p_T [GeV]"', "p_T [GeV]"),
        ("with x-axis label 'Leading muon pT [GeV]'", "Leading muon pT [GeV]"),
        ('label the x axis "m_{#mu#mu} [GeV]"', "m_{#mu#mu} [GeV]"),
        ('x label: "m(mumu) / GeV"', "m(mumu) / GeV"),
        ('xlabel="Dimuon mass [GeV]"', "Dimuon mass [GeV]"),
        ('ax.set_xlabel("m [GeV]")', "m [GeV]"),
    ],
)
@pytest.mark.parametrize(
    "request_",
    [
        "the dimuon mass in DY, {}",
        "the ratio of the MET to the HT in ttbar, {}",
        "the MET in DY for events with MET/HT > 0.5, {}",
    ],
)
def test_the_x_axis_label_is_the_users(catalog, words, label, request_):
    plan = _plan(request_.format(words), catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert h.label == label
    assert h.axis_label == label  # the unit it states is not repeated


def test_a_label_without_its_unit_gets_the_unit(catalog):
    plan = _plan('the dimuon mass in DY, x label: "m(mumu)"', catalog)
    assert plan.spec.histograms[0].axis_label == "m(mumu) [GeV]"


def test_a_y_axis_label_is_still_asked(catalog):
    plan = _plan('the dimuon mass in DY, with the y axis labelled "Events / 2 GeV"', catalog)
    assert not plan.ok


def test_a_follow_up_sets_the_x_label_and_the_title(catalog):
    from chathep.planner import plan_request

    first = _plan("the dimuon mass in DY", catalog)
    label = plan_request(
        'label the x axis "m [GeV]"', catalog, mode="parser", check_files=False, previous=first
    )
    assert label.ok and label.spec.histograms[0].label == "m [GeV]"
    title = plan_request(
        'title it "Z peak"', catalog, mode="parser", check_files=False, previous=first
    )
    assert title.ok and title.spec.title == "Z peak"


# --- comparisons in other words --------------------------------------------------------------
#
# A sweep of one muon pT cut written ~30 ways found these asked: "a pT threshold of 25 GeV", "a
# 25 GeV pT cut", "a pT cut at 25 GeV", "pT no less than / not below 25 GeV", "no more than /
# not above 100 GeV", "at least 25 GeV of transverse momentum", "mu_pt > 25", "pT in 25-100
# GeV", "pT in the range [25, 100] GeV", "a pT window of 25-100 GeV"; and "the dimuon mass,
# events with pT in the 25-100 GeV range" drew the MASS from 25 to 100 GeV, silently.


def _muon_pt(plan):
    (muons,) = [o for o in plan.spec.objects if o.name == "muons"]
    return sorted((c.op, c.value) for c in muons.cuts if c.field == "pt")


@pytest.mark.parametrize(
    ("words", "pt"),
    [
        ("a pT threshold of 25 GeV", [(">", 25.0)]),
        ("a 25 GeV pT cut", [(">", 25.0)]),
        ("a pT cut at 25 GeV", [(">", 25.0)]),
        ("pT no less than 25 GeV", [(">", 25.0)]),
        ("pT not below 25 GeV", [(">", 25.0)]),
        ("at least 25 GeV of transverse momentum", [(">", 25.0)]),
        ("mu_pt > 25", [(">", 25.0)]),
        ("pT in 25-100 GeV", [("<", 100.0), (">", 25.0)]),
        ("pT in the range [25, 100] GeV", [("<", 100.0), (">", 25.0)]),
        ("a pT window of 25-100 GeV", [("<", 100.0), (">", 25.0)]),
        ("pT ∈ [25, 100] GeV", [("<", 100.0), (">", 25.0)]),
        ("pT not above 100 GeV", [("<", 100.0), (">", 20.0)]),
        ("pT no more than 100 GeV", [("<", 100.0), (">", 20.0)]),
    ],
)
def test_a_pt_cut_in_other_words(catalog, words, pt):
    plan = _plan(f"the eta of muons with {words} in DY", catalog)
    assert plan.ok, plan.question
    assert _muon_pt(plan) == pt
    assert plan.spec.observable(plan.spec.histograms[0].observable).field == "eta"


def test_a_pt_range_is_never_the_plotted_masss_range(catalog):
    plan = _plan("the dimuon mass in DY, events with pT in the 25-100 GeV range", catalog)
    assert plan.ok, plan.question
    assert _binning(plan)[1:] == (60.0, 120.0)
    assert _muon_pt(plan) == [("<", 100.0), (">", 25.0)]


def test_a_negated_count_bound_is_its_bound(catalog):
    plan = _plan("the dimuon mass with no less than 2 jets in DY", catalog)
    assert plan.ok, plan.question
    counts = [(s.op, s.value) for s in plan.spec.selection if s.count == "jets"]
    assert counts == [(">=", 2)]


# --- samples by their dataset names ----------------------------------------------------------
#
# "in DY+jets MC", "in DYJetsToLL(_M-50)", "in TTToSemiLeptonic" were asked what the word means
# (the catalog's samples are those datasets); "TTJets", "TTTo2L2Nu", "WJetsToLNu" were too, and
# "the Simulated dataset ZZTo4eJJ" then ran on data and DY "as what the plot is about".


@pytest.mark.parametrize(
    ("words", "sample"),
    [
        ("in DY+jets MC", "dy_2018"),
        ("in DYJetsToLL", "dy_2018"),
        ("in DYJetsToLL_M-50", "dy_2018"),
        ("in TTToSemiLeptonic", "ttbar_semilep_2022"),
    ],
)
def test_a_catalog_dataset_by_its_name(catalog, words, sample):
    plan = _plan(f"the dimuon mass {words}", catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == [sample]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("in TTJets", "inclusive ttbar"),
        ("in TTTo2L2Nu", "dileptonic ttbar"),
        ("in WJetsToLNu", "W+jets"),
        ("in QCD_Pt-15to7000", "QCD multijet"),
        ("in WZTo3LNu", "diboson"),
    ],
)
def test_a_dataset_the_catalog_lacks_is_asked_by_name(catalog, words, said):
    plan = _plan(f"the dimuon mass {words}", catalog)
    assert not plan.ok
    assert f"The catalog has no {said}" in plan.question


def test_a_named_dataset_is_a_sample_not_what_the_plot_is_about(catalog):
    plan = _plan(
        "I am working on the Simulated dataset ZZTo4eJJ (CERN Open Data Portal) to reconstruct "
        "the four-lepton invariant mass.",
        catalog,
    )
    assert not plan.ok
    assert "The catalog has no diboson sample" in plan.question


# --- isolation and impact parameters ---------------------------------------------------------
#
# A sweep of muon ID/isolation wordings found "muons with dxy < 0.05 cm and dz < 0.1 cm" cut
# the SIGNED impact parameters (every negative dxy kept), silently; "electrons with
# pfRelIso03_all > 0.2" kept the default tight cut-based ID, which includes an isolation cut
# (an almost empty plot), silently; "tight ID and isolation" plotted the isolation; "iso04 <
# 0.15", "mini-isolation < 0.1", "anti-isolated muons (relIso > 0.25)" were asked.


def _field(plan, name, field):
    (obj,) = [o for o in plan.spec.objects if o.name == name]
    return sorted((c.op, c.value) for c in obj.cuts if c.field == field)


def test_an_impact_parameter_cut_is_on_its_size(catalog):
    plan = _plan("the leading muon pT in DY for muons with dxy < 0.05 cm and dz < 0.1 cm", catalog)
    assert plan.ok, plan.question
    assert _field(plan, "muons", "dxy") == [("<", 0.05), (">", -0.05)]
    assert _field(plan, "muons", "dz") == [("<", 0.1), (">", -0.1)]
    assert any("read as |dxy| < 0.05" in n for n in plan.notes)


def test_a_lower_bound_on_a_signed_impact_parameter_is_asked(catalog):
    assert not _plan("the leading muon pT in DY for muons with dxy > 0.01 cm", catalog).ok


@pytest.mark.parametrize(
    ("words", "field", "cut"),
    [
        ("muons with iso04 < 0.15", "pfRelIso04_all", [("<", 0.15)]),
        ("muons with mini-isolation < 0.1", "miniPFRelIso_all", [("<", 0.1)]),
        ("muons with tight ID and isolation", "pfRelIso04_all", [("<", 0.15)]),
        ("anti-isolated muons (relIso > 0.25)", "pfRelIso04_all", [(">", 0.25)]),
        ("non-isolated muons (relIso > 0.3)", "pfRelIso04_all", [(">", 0.3)]),
    ],
)
def test_an_isolation_in_other_words(catalog, words, field, cut):
    plan = _plan(f"the leading muon pT in DY for {words}", catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    assert spec.observable(spec.histograms[0].observable).field == "pt"
    assert _field(plan, "muons", field) == cut


@pytest.mark.parametrize(
    "words",
    ["electrons with pfRelIso03_all > 0.2", "anti-isolated electrons (relIso > 0.2)"],
)
def test_anti_isolated_electrons_get_no_default_id_with_isolation(catalog, words):
    plan = _plan(f"the leading electron pT in DY for {words}", catalog)
    assert plan.ok, plan.question
    assert _field(plan, "electrons", "pfRelIso03_all") == [(">", 0.2)]
    assert _field(plan, "electrons", "cutBased") == []
    assert any("no ID (the cut-based electron IDs include isolation" in d for d in plan.defaults)


# --- jet cleaning in other words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "cleaning"),
    [
        ("jets cleaned against muons (dR < 0.3)", [("muons", 0.3)]),
        ("jets cleaned against muons within dR 0.4", [("muons", 0.4)]),
        ("jets cleaned against muons with dR < 0.4", [("muons", 0.4)]),
        ("jets not overlapping with muons (dR > 0.4)", [("muons", 0.4)]),
        ("jets with no electron within dR 0.3", [("electrons", 0.3)]),
        ("jets away from muons (dR > 0.5)", [("muons", 0.5)]),
        ("jets cleaned of muons", [("muons", 0.4)]),
        ("jets after overlap removal with muons", [("muons", 0.4)]),
        ("jets overlap-removed against muons", [("muons", 0.4)]),
    ],
)
def test_jet_cleaning_in_other_words(catalog, words, cleaning):
    plan = _plan(f"the leading jet pT in ttbar for {words}", catalog)
    assert plan.ok, plan.question
    (jets,) = [o for o in plan.spec.objects if o.name == "jets"]
    assert [(c.against, c.dr) for c in jets.clean_against] == cleaning
    spec = plan.spec
    assert spec.observable(spec.histograms[0].observable).of == "jets"


def test_anti_kt_with_its_radius_is_the_ak4_jets(catalog):
    plan = _plan("the leading jet pT in ttbar for anti-kT R=0.4 jets", catalog)
    assert plan.ok, plan.question
    assert [o.name for o in plan.spec.objects] == ["jets"]


# --- counts ----------------------------------------------------------------------------------
#
# "events with precisely two jets" required at least two, silently; "at least one b-tag" and
# ">= 1 b-tagged jet" were asked (the letter count ">= 1 b" took the "b" of "b-tagged"); ">= 2
# b-jets" added a spurious ">= 1 jets" step.


def _counts(plan):
    return sorted((s.count, s.op, s.value) for s in plan.spec.selection if s.count)


@pytest.mark.parametrize(
    ("words", "counts"),
    [
        ("precisely two jets", [("jets", "<=", 2), ("jets", ">=", 2)]),
        ("strictly one muon", [("muons", "<=", 1), ("muons", ">=", 1)]),
        ("at least one b-tag", [("bjets", ">=", 1)]),
        (">= 1 b-tagged jet", [("bjets", ">=", 1)]),
        (">= 2 b-jets", [("bjets", ">=", 2)]),
        (">=2b-jets", [("bjets", ">=", 2)]),
        (">= 2b", [("bjets", ">=", 2)]),
    ],
)
def test_a_count_in_other_words(catalog, words, counts):
    plan = _plan(f"the MET in ttbar for events with {words}", catalog)
    assert plan.ok, plan.question
    assert _counts(plan) == counts


def test_the_b_tag_score_is_not_a_count(catalog):
    plan = _plan("the b-tag score of the leading jet in ttbar", catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    assert spec.observable(spec.histograms[0].observable).field == "btagDeepFlavB"
    assert [o.name for o in spec.objects] == ["jets"]


@pytest.mark.parametrize("followup", ["now the MET", "now for electrons"])
def test_a_follow_up_to_another_plot_drops_the_users_title_and_label(catalog, followup):
    # was: "Z peak" and "m(mumu) [GeV]" kept on the MET plot
    from chathep.planner import plan_request

    first = _plan('the dimuon mass in DY, x label: "m(mumu) [GeV]", titled "Z peak"', catalog)
    assert first.ok and first.spec.title == "Z peak"
    plan = plan_request(followup, catalog, mode="parser", check_files=False, previous=first)
    assert plan.ok, plan.question
    assert plan.spec.title != "Z peak"
    assert plan.spec.histograms[0].label != "m(mumu) [GeV]"
    assert any("not carried over" in n for n in plan.notes)


@pytest.mark.parametrize("followup", ["now log scale", "now 50 bins", "require two jets"])
def test_a_follow_up_on_the_same_plot_keeps_the_users_title_and_label(catalog, followup):
    from chathep.planner import plan_request

    first = _plan('the dimuon mass in DY, x label: "m(mumu) [GeV]", titled "Z peak"', catalog)
    plan = plan_request(followup, catalog, mode="parser", check_files=False, previous=first)
    assert plan.ok, plan.question
    assert plan.spec.title == "Z peak"
    assert plan.spec.histograms[0].label == "m(mumu) [GeV]"
