"""Session 21 (F21): planner items earlier helpers noted -- a cut after a list of momentum
components, the order of kinematics listed before a field, a field the collection does not
have, MET flavours named by their branch, one axis label per MET flavour, and what the "cannot
plan yet" question lists."""

from __future__ import annotations

import pytest

from tests._plans import object_cuts, parser_plan, plotted_fields


# --- 1. "px and py of muons with pT > 30 GeV": the cut is of the muons of both plots ----------
@pytest.mark.parametrize(
    ("text", "index", "cuts"),
    [
        ("px and py of muons with pT > 30 GeV", None, [("pt", ">", 30.0)]),
        ("the px and py of muons with pT > 30 GeV and |eta| < 2.1", None,
         [("pt", ">", 30.0), ("eta", "<", 2.1)]),
        ("plot the leading muon px and py with pT > 30 GeV", 0, [("pt", ">", 30.0)]),
        ("px, py and pz of muons with pT above 40 GeV", None, [("pt", ">", 40.0)]),
    ],
)  # fmt: skip
def test_a_cut_after_a_component_list_is_each_plots(catalog, text, index, cuts):
    plan = parser_plan(text, catalog)  # was: asked ("py (not a quantity I know)")
    assert plan.ok, plan.question
    fields = [f for _, f in plotted_fields(plan)]
    assert fields == (["px", "py", "pz"] if "pz" in text else ["px", "py"])
    assert {o for o, _ in plotted_fields(plan)} == {"muons"}  # one muon definition for all
    assert len(plan.spec.objects) == 1
    assert all(plan.spec.observable(h.observable).index == index for h in plan.spec.histograms)
    have = object_cuts(plan, "muons")
    for cut in cuts:
        assert cut in have
    assert all(h.steps is None for h in plan.spec.histograms)  # the same events for each


def test_a_sample_after_a_component_list_is_each_plots(catalog):
    plan = parser_plan("px and py of the leading muon in ttbar MC", catalog)
    assert plan.ok, plan.question
    assert [f for _, f in plotted_fields(plan)] == ["px", "py"]
    assert plan.spec.samples == ["ttbar_semilep_2022"]


def test_a_binning_after_a_component_list_is_still_asked(catalog):
    # the binning may be the last plot's only: never given to both silently
    plan = parser_plan("px and py of muons with 50 bins from -100 to 100", catalog)
    assert not plan.ok


# --- 2. "the pT, eta and pz of the leading muon": the histograms in the order written ----------
@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("the pT, eta and pz of the leading muon", ["pt", "eta", "pz"]),
        ("the eta, pT and pz of the leading muon", ["eta", "pt", "pz"]),
        ("the pT, pz and eta of the leading muon", ["pt", "pz", "eta"]),
        ("the pz, pT and eta of the leading muon", ["pz", "pt", "eta"]),
        ("the pT and charge of the muons", ["pt", "charge"]),
        ("the dxy, pt and eta of the muons", ["dxy", "pt", "eta"]),
        # was: the dxy silently dropped (too far from its object), only pT and eta plotted
        ("the dxy, pt and eta of the leading muon", ["dxy", "pt", "eta"]),
        ("the dz, pT, eta and phi of the leading electron", ["dz", "pt", "eta", "phi"]),
    ],
)
def test_kinematics_listed_with_a_field_keep_the_written_order(catalog, text, fields):
    plan = parser_plan(text, catalog)  # was: the field first ("pz, pT, eta")
    assert plan.ok, plan.question
    assert [f for _, f in plotted_fields(plan)] == fields


def test_a_followup_list_takes_its_own_order(catalog):
    first = parser_plan("the pT, eta and pz of the leading muon", catalog)
    then = parser_plan("now the dxy, pt and eta of the leading muon", catalog, previous=first)
    assert then.ok, then.question
    assert [f for _, f in plotted_fields(then)] == ["dxy", "pt", "eta"]


# --- 3. a field the collection does not have is asked at plan time (was: a run-time error) ----
@pytest.mark.parametrize(
    ("text", "branch", "said"),
    [
        ("the charge of the leading jet", "Jet_charge", "muons, electrons or taus"),
        ("plot the jet charge", "Jet_charge", "muons, electrons or taus"),
        ("the charge of the leading b-jet", "Jet_charge", "muons, electrons or taus"),
        ("the charge of the leading fat jet", "FatJet_charge", "muons, electrons or taus"),
    ],
)
def test_a_charge_no_branch_holds_is_asked(catalog, text, branch, said):
    from chathep.registry import fields

    source, field = branch.split("_")
    assert fields.field_name(source, field) is None  # the reference pages of the demo files
    plan = parser_plan(text, catalog)  # was: planned, and the run stopped on the missing branch
    assert not plan.ok
    assert branch in plan.question and said in plan.question


def test_a_field_computed_for_jets_only_is_asked_for_muons(catalog):
    plan = parser_plan("the em fraction of the leading muon", catalog)
    assert not plan.ok  # was: "The analysis spec is invalid: ..."
    assert "computed for Jet only" in plan.question


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("the charge of the leading muon", "Muon"),
        ("the charge of the leading tau", "Tau"),
        ("the electron charge", "Electron"),
    ],
)
def test_a_charge_the_files_hold_is_planned(catalog, text, source):
    plan = parser_plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert obs.field == "charge" and plan.spec.object(obs.of).source == source


def test_the_lepton_charge_label_names_the_leptons(catalog):
    plan = parser_plan("the charge of the leading lepton", catalog)
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].label == "Leading Lepton charge"  # was "Leading _charge ..."


# --- 4. the MET flavours named by their branch plan as the words do ----------------------------
@pytest.mark.parametrize(
    ("text", "words", "met", "field"),
    [
        ("CaloMET_pt", "the calo MET", "CaloMET", "pt"),
        ("plot RawMET_pt", "plot the raw MET", "RawMET", "pt"),
        ("the TkMET_pt distribution", "the TkMET distribution", "TkMET", "pt"),
        ("ChsMET_pt", "the ChsMET", "ChsMET", "pt"),
        ("PuppiMET_pt", "the PUPPI MET", "PuppiMET", "pt"),
        ("CaloMET_phi", "the calo MET phi", "CaloMET", "phi"),
        ("plot PuppiMET_phi", "plot the PUPPI MET phi", "PuppiMET", "phi"),
        ("plot MET_phi", "plot the MET phi", "MET", "phi"),
    ],
)
def test_a_met_branch_name_plans_its_flavour(catalog, text, words, met, field):
    plan = parser_plan(text, catalog)  # was: asked ("What should I plot?")
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.met, obs.field) == ("met", met, field)
    said = parser_plan(words, catalog)
    assert said.ok, said.question
    assert plan.spec.histograms == said.spec.histograms


def test_a_cut_on_a_met_branch_is_on_that_flavour(catalog):
    plan = parser_plan("the leading muon pT in events with CaloMET_pt > 50 GeV", catalog)
    assert plan.ok, plan.question
    (step,) = [s for s in plan.spec.selection if s.observable == "met_pt"]
    assert plan.spec.observable(step.observable).met == "CaloMET"
    assert (step.op, step.value, step.name) == (">", 50.0, "CaloMET > 50 GeV")  # was "MET > 50"


def test_a_met_branch_no_planner_word_reads_is_still_asked(catalog):
    assert not parser_plan("RawPuppiMET_pt", catalog).ok


# --- 5. each MET flavour has its own axis label -------------------------------------------------
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("the MET", "$p_{T}^{miss}$"),
        ("the calo MET", "Calo $p_{T}^{miss}$"),
        ("the raw MET", "Raw $p_{T}^{miss}$"),
        ("the TkMET", "Track $p_{T}^{miss}$"),
        ("the ChsMET", "CHS $p_{T}^{miss}$"),
        ("the PUPPI MET", "PUPPI $p_{T}^{miss}$"),
        ("the calo MET phi", r"$\phi$(Calo $p_{T}^{miss}$)"),
        ("the MET phi", r"$\phi(p_{T}^{miss})$"),
        ("the mT of the leading muon and the TkMET", r"$m_{T}(\mu$, Track $p_{T}^{miss})$"),
        ("the mT of the leading muon and the MET", r"$m_{T}(\mu, p_{T}^{miss})$"),
    ],
)
def test_each_met_flavour_has_its_own_label(catalog, text, label):
    plan = parser_plan(text, catalog)  # was: "$p_{T}^{miss}$" for every flavour
    assert plan.ok, plan.question
    assert plan.spec.histograms[0].label == label


def test_the_flavour_labels_render(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for label in (r"$\phi$(Calo $p_{T}^{miss}$)", r"$m_{T}(\mu$, Track $p_{T}^{miss})$"):
        fig, ax = plt.subplots()
        ax.set_xlabel(label)
        fig.savefig(tmp_path / "axis.png")  # a bad mathtext label raises here
        plt.close(fig)


# --- 6. the "cannot plan ... yet" question lists what plans cover, the newer quantities too -----
@pytest.mark.parametrize(
    ("listed", "asked"),
    [
        ("rapidity y", "the rapidity of the leading jet"),
        ("E_T", "the transverse energy of the leading photon"),
        ("raw jet pT", "the raw pT of the leading jet"),
        ("jet energy fractions", "the charged hadron energy fraction of the leading jet"),
        ("Calo", "the calo MET"),
        ("Track", "the TkMET"),
        ("CHS", "the ChsMET"),
        ("Raw", "the raw MET"),
        ("PUPPI", "the PUPPI MET"),
    ],
)
def test_the_cannot_plan_question_lists_what_plans(catalog, listed, asked):
    question = parser_plan("the pileup distribution", catalog).question
    assert question is not None and "cannot plan" in question
    assert listed in question.split(" yet: ", 1)[1]  # was not listed
    plan = parser_plan(asked, catalog)  # and what it lists does plan
    assert plan.ok, plan.question
