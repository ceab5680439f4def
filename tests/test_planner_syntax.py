"""Histogram definitions pasted in another tool's syntax (chathep.planner.syntax).

ROOT ``TTree::Draw``, RDataFrame, MadAnalysis 5 ``plot`` and CutLang/ADL ``histo`` lines are
read literally, as their tool defines them (no default object cuts, the tool's binning and
indexing), the translation is stated in the plan, and a name the line does not define is
asked about, quoting it. The lines are our own variants written from the tools'
documentation; the sandboxed runs at the end are checked against hand-written
uproot/awkward references on the demo files (nothing from chathep in the references).
"""

from __future__ import annotations

import itertools

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.planner import plan_request
from chathep.planner.syntax import translate
from tests.test_physics import DATA, FILES, TT, check, coll, pair_mass, ref_hist, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _ok(text, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert any(n.startswith("Read the ") for n in plan.notes), plan.notes  # stated
    return plan


def _asked(text, catalog, *words):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec
    for word in words:
        assert word in plan.question, plan.question
    return plan


def _cuts(spec, name):
    obj = spec.object(name)
    assert obj is not None, [o.name for o in spec.objects]
    return {(c.field, c.op, c.value, c.abs) for c in obj.cuts}


def _steps(spec):
    return {(s.count, s.op, s.value) for s in spec.selection if s.count}


def _binning(spec, i=0):
    h = spec.histograms[i]
    return (h.bins, h.start, h.stop)


def _observable(spec, i=0):
    return spec.observable(spec.histograms[i].observable)


# --- plain requests are not tool lines ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the dimuon mass, 40 bins from 60 to 120 GeV",
        "draw the leading jet pT in ttbar",
        "plot MET above 50 GeV with 20 bins",
        "histogram the number of jets",
    ],
)
def test_plain_requests_are_not_translated(text):
    assert translate(text) is None


# --- ROOT TTree::Draw -----------------------------------------------------------------------


def test_draw_with_a_per_object_cut_is_an_object_cut_on_every_muon(catalog):
    plan = _ok('Events->Draw("Muon_pt","Muon_pt > 17")', catalog)
    obs = _observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", None)
    # literally: no ID, isolation or eta default is added
    assert _cuts(plan.spec, "muons") == {("pt", ">", 17, False)}
    assert "TTree::Draw" in plan.notes[0] and "Muon_pt > 17" in plan.notes[0]


def test_draw_binning_and_an_event_count(catalog):
    plan = _ok('Draw("MET_pt>>h(50,0,200)", "nJet>=2")', catalog)
    assert _observable(plan.spec).kind == "met"
    assert _binning(plan.spec) == (50, 0, 200)
    assert ("jets", ">=", 2) in _steps(plan.spec)
    assert _cuts(plan.spec, "jets") == set()  # nJet counts every jet


def test_draw_of_a_count_branch_and_of_an_indexed_branch(catalog):
    plan = _ok('Draw("nMuon")', catalog)
    assert (_observable(plan.spec).kind, _observable(plan.spec).of) == ("count", "muons")
    assert _cuts(plan.spec, "muons") == set()
    # a variant: the leading jet (index 0), a trigger flag, a count of at least one
    plan = _ok('Events->Draw("Jet_pt[0]>>hj(50,0,500)", "nJet >= 1 && HLT_IsoMu24")', catalog)
    obs = _observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("jets", "pt", 0)
    assert _binning(plan.spec) == (50, 0, 500)
    assert any(s.triggers == ["HLT_IsoMu24"] for s in plan.spec.selection)


def test_draw_absolute_eta_with_two_object_cuts_and_a_drawing_option(catalog):
    plan = _ok(
        'Events->Draw("abs(Muon_eta)>>heta(24,0,2.4)", "Muon_pt>20 && abs(Muon_eta)<2.4", "hist");',
        catalog,
    )
    assert plan.draft.absolute is True and plan.draft.quantity == "eta"
    assert _binning(plan.spec) == (24, 0, 2.4)
    assert _cuts(plan.spec, "muons") == {("pt", ">", 20, False), ("eta", "<", 2.4, True)}
    assert "'hist'" in plan.notes[0]


def test_draw_event_cuts_met_and_leading_object(catalog):
    plan = _ok('tree->Draw("Muon_eta", "MET_pt > 50 && Muon_pt[0] > 25 && nMuon >= 1")', catalog)
    assert plan.draft.met_min == 50
    assert plan.draft.requirements["muon"].lead_pt_min == 25
    assert _cuts(plan.spec, "muons") == set()


def test_draw_of_a_mass_branch_is_each_objects_own_mass(catalog):
    # Jet_mass is each jet's mass (as "the mass of the jets" in words, said in the plan)
    plan = _ok('Events->Draw("Jet_mass>>h(40,0,200)", "Jet_pt > 30")', catalog)
    obs = _observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("jets", "mass", None)
    assert not plan.spec.combinations
    plan = _ok('histo hm, "", 50, 0, 500, m(jets)', catalog)
    assert (_observable(plan.spec).of, _observable(plan.spec).field) == ("jets", "mass")
    assert not plan.spec.combinations
    # a lepton's own mass is its rest mass: asked, never the pair's mass
    _asked('Events->Draw("Muon_mass")', catalog, "`Muon_mass`", "rest mass")
    _asked('histo hm, "", 50, 0, 5, m(electrons)', catalog, "`m(electrons)`", "rest mass")


def test_draw_with_words_around_it_keeps_them(catalog):
    plan = _ok('Events->Draw("Muon_pt","Muon_pt > 17") in ttbar', catalog)
    assert plan.spec.samples == [TT]
    plan = _ok("Plot this in ttbar: tree.Draw('MET_pt')", catalog)
    assert plan.spec.samples == [TT] and _observable(plan.spec).kind == "met"


def test_pyroot_single_quotes_are_read_like_double_quotes(catalog):
    plan = _ok("tree.Draw('Muon_pt>>h(40,0,100)', 'Muon_pt > 17 && nMuon >= 1')", catalog)
    assert _cuts(plan.spec, "muons") == {("pt", ">", 17, False)}
    assert _binning(plan.spec) == (40, 0, 100)
    plan = _ok("h = df.Filter('nJet >= 2').Histo1D(('h', 'jets', 30, 0, 300), 'Jet_pt')", catalog)
    assert ("jets", ">=", 2) in _steps(plan.spec) and _binning(plan.spec) == (30, 0, 300)
    # an apostrophe of the words around the code is no quote
    assert "don't" in translate("don't add cuts: tree.Draw('MET_pt')").text


def test_draw_comment_that_agrees_is_commentary_one_that_contradicts_is_asked(catalog):
    plan = _ok('Events->Draw("Jet_eta", "Jet_pt > 30")  // eta of jets above 30 GeV', catalog)
    assert _cuts(plan.spec, "jets") == {("pt", ">", 30, False)}
    assert "commentary" in plan.notes[0]
    _asked(
        'Events->Draw("Muon_pt>>h(40,0,100)", "Muon_pt > 17") // muon pT above 25 GeV',
        catalog,
        "muon pT above 25 GeV",
        "Which one",
    )
    _asked('Events->Draw("Muon_pt") // the electron pT', catalog, "the electron pT")
    # a wider word is no contradiction: a dimuon mass is a dilepton mass
    plan = _ok("plot M(mu+ mu-) 40 40 120 # dilepton mass", catalog)
    assert "commentary" in " ".join(plan.notes)


def test_draw_sum_of_a_condition_counts_the_objects_passing_it(catalog):
    # TTree::Draw's Sum$(): the number of jets passing, an event selection
    plan = _ok(
        'Events->Draw("MET_pt>>hmet(40,0,400)", "Sum$(Jet_pt > 30 && abs(Jet_eta) < 2.4) >= 2 '
        '&& nMuon == 2")',
        catalog,
    )
    assert _cuts(plan.spec, "jets") == {("pt", ">", 30, False), ("eta", "<", 2.4, True)}
    assert {("jets", ">=", 2), ("muons", ">=", 2), ("muons", "<=", 2)} <= _steps(plan.spec)
    assert _cuts(plan.spec, "muons") == set()
    # the same in RDataFrame (VecOps Sum of a mask)
    plan = _ok('df.Filter("Sum(Jet_pt > 30) == 2").Histo1D(("h","",40,0,200),"Muon_pt")', catalog)
    assert {("jets", ">=", 2), ("jets", "<=", 2)} <= _steps(plan.spec)
    assert _cuts(plan.spec, "jets") == {("pt", ">", 30, False)}
    assert _cuts(plan.spec, "muons") == set()
    # counting the plotted jets with a cut the plotted jets do not have: asked
    _asked('Events->Draw("Jet_pt", "Sum$(Jet_pt > 30) >= 2")', catalog, "Sum$(Jet_pt > 30) >= 2")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # the brief's non-NanoAOD branch
        ('Events->Draw("value_jet_n")', ("`value_jet_n`", "NanoAOD")),
        ('t->Draw("jet_pt_corr>>h(50,0,500)")', ("`jet_pt_corr`",)),
        # nJet counts every jet, before the Jet_pt cut of the same selection
        ('tree->Draw("Jet_eta", "Jet_pt > 30 && nJet >= 2")', ("`nJet >= 2`", "Jet_pt > 30")),
        # a per-muon cut with a per-event quantity: TTree::Draw fills once per muon
        ('Events->Draw("MET_pt", "Muon_pt > 20")', ("`Muon_pt > 20`", "once per muon")),
        ('Events->Draw("Muon_pt", "Muon_pt > 20 || Electron_pt > 20")', ("OR",)),
        ('Events->Draw("Jet_eta", "Jet_eta > 0")', ("signed eta",)),
        ('Events->Draw("Muon_pt:Muon_eta")', ("against each other",)),
        ('Events->Draw("Muon_pt", "Muon_pt > 17", "", 1000)', ("1000",)),
        ('Events->Draw("Muon_pt*2")', ("`Muon_pt*2`",)),
        ('Events->Draw("Jet_pt[7]")', ("Index 7",)),
        # the selection's value is the entry's weight in TTree::Draw
        ('Events->Draw("MET_pt", "genWeight*(nJet>=2)")', ("weight of each entry",)),
        ('Events->Draw("MET_pt", "genWeight")', ("weight of each entry",)),
    ],
)
def test_draw_lines_that_cannot_be_read_literally_are_asked(catalog, text, words):
    _asked(text, catalog, *words)


# --- RDataFrame ---------------------------------------------------------------------------


def test_rdataframe_model_tuple_and_initializer_list(catalog):
    plan = _ok('Histo1D({"h","",50,0,100}, "MET_pt")', catalog)
    assert _observable(plan.spec).kind == "met" and _binning(plan.spec) == (50, 0, 100)
    plan = _ok(
        'h = df.Filter("nJet >= 2").Histo1D(("hj", "jet pT;p_{T} [GeV]", 30, 0, 300), "Jet_pt")',
        catalog,
    )
    obs = _observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("jets", "pt", None)
    assert _binning(plan.spec) == (30, 0, 300)
    assert ("jets", ">=", 2) in _steps(plan.spec) and _cuts(plan.spec, "jets") == set()


def test_rdataframe_define_of_a_branch_and_of_the_invariant_mass(catalog):
    plan = _ok(
        'df.Define("mu_pt", "Muon_pt").Filter("nMuon >= 1").Histo1D(("h", "", 40, 0, 200), '
        '"mu_pt")',
        catalog,
    )
    assert (_observable(plan.spec).of, _observable(plan.spec).field) == ("muons", "pt")
    plan = _ok(
        'df.Filter("nMuon == 2").Define("Dimuon_mass", "InvariantMass(Muon_pt, Muon_eta, '
        'Muon_phi, Muon_mass)").Histo1D(("h", "Dimuon mass", 30, 60, 120), "Dimuon_mass")',
        catalog,
    )
    (comb,) = plan.spec.combinations
    assert comb.charge in (None, "any")  # InvariantMass has no charge requirement
    assert _binning(plan.spec) == (30, 60, 120)
    assert {("muons", ">=", 2), ("muons", "<=", 2)} <= _steps(plan.spec)
    # "exactly two" inside a filter of several cuts, the VecOps namespace written out
    plan = _ok(
        'df.Filter("nMuon == 2 && MET_pt > 20").Define("m", "ROOT::VecOps::InvariantMass('
        'Muon_pt, Muon_eta, Muon_phi, Muon_mass)").Histo1D(("h", "", 30, 60, 120), "m")',
        catalog,
    )
    assert plan.draft.met_min == 20 and plan.spec.combinations[0].charge in (None, "any")


def test_rdataframe_chain_over_several_lines_and_its_file(catalog):
    text = (
        "in data please:\n"
        'df2 = df.Filter("nMuon == 2", "two muons")\n'
        'df3 = df2.Define("mu_eta", "Muon_eta")\n'
        'h = df3.Histo1D(("h", "muon eta", 30, -3, 3), "mu_eta")'
    )
    plan = _ok(text, catalog)
    assert plan.spec.samples == [DATA]
    assert (_observable(plan.spec).of, _observable(plan.spec).field) == ("muons", "eta")
    assert {("muons", ">=", 2), ("muons", "<=", 2)} <= _steps(plan.spec)
    assert _binning(plan.spec) == (30, -3, 3)
    # the file the code reads is named, not replaced by the catalog's samples
    _asked(
        'df = ROOT.RDataFrame("Events", "mynano.root")\n'
        'h = df.Histo1D(("h", "", 30, -3, 3), "Muon_eta")',
        catalog,
        "mynano.root",
        "not a registered dataset",
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            'df.Filter("nMuon == 2").Histo1D(("h", "title", 30, 60, 120), "Dimuon_mass")',
            ("`Dimuon_mass`", "does not define it"),
        ),
        ('df.Histo1D(("h", "", 30, 0, 300), "GoodJet_pt")', ("`GoodJet_pt`",)),
        (
            'df.Define("m", "InvariantMass(Muon_pt, Muon_eta, Muon_phi, Muon_mass)")'
            '.Histo1D(("h", "", 30, 60, 120), "m")',
            ("all the muons of each event",),
        ),
        ('df.Define("x", "sqrt(Muon_pt)").Histo1D("x")', ("`sqrt(Muon_pt)`",)),
        ('df.Filter("Muon_pt > 20").Histo1D("Muon_pt")', ("true or false per event",)),
        ('df.Filter("Muon_pt > 25").Histo1D("MET_pt")', ("true or false per event",)),
        (
            'df.Filter("Muon_pt[0] > 25 && Muon_eta > 0").Histo1D("Muon_pt")',
            ("`Muon_eta > 0`", "true or false per event"),
        ),
        ('df.Histo1D(("h", "", 50, 0, 200), "MET_pt", "w")', ("`w`",)),
    ],
)
def test_rdataframe_names_the_line_does_not_define_are_asked(catalog, text, words):
    _asked(text, catalog, *words)


# --- MadAnalysis 5 ----------------------------------------------------------------------------


def test_ma5_charged_muons_every_opposite_pair_and_one_based_jets(catalog):
    plan = _ok("plot PT(mu+) 20 0 100", catalog)
    assert _cuts(plan.spec, "muons") == {("charge", ">", 0, False)}
    assert _binning(plan.spec) == (20, 0, 100)
    plan = _ok("plot M(mu+ mu-) 40 40 120", catalog)
    (comb,) = plan.spec.combinations
    assert comb.charge == "opposite" and comb.leading is None  # every mu+ mu- combination
    assert _binning(plan.spec) == (40, 40, 120) and _cuts(plan.spec, "muons") == set()
    plan = _ok("plot ETA(j[1]) 20 -5 5", catalog)
    obs = _observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("jets", "eta", 0)  # [1] is the leading
    assert _binning(plan.spec) == (20, -5, 5)


def test_ma5_met_counts_pairs_of_leading_jets_and_options(catalog):
    plan = _ok("plot MET 20 0 500", catalog)
    assert _observable(plan.spec).kind == "met" and _binning(plan.spec) == (20, 0, 500)
    plan = _ok("plot N(j) 10 0 10", catalog)
    assert plan.draft.quantity == "count" and _binning(plan.spec) == (10, 0, 10)
    plan = _ok("plot M(j[1] j[2]) 40 0 1000 [logY]", catalog)
    assert plan.draft.pair and plan.draft.object == "jet" and plan.draft.log_y
    assert _binning(plan.spec) == (40, 0, 1000)
    plan = _ok("plot PT(e[2]) 25 0 250 in ttbar", catalog)
    obs = _observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("electrons", "pt", 1)
    assert plan.spec.samples == [TT]


def test_ma5_select_and_reject_lines_before_the_plot_are_applied_in_order(catalog):
    plan = _ok(
        "select (mu) PT > 20\nreject (mu) ABSETA > 2.4\nselect N(mu) >= 2\n"
        "plot M(mu+ mu-) 40 40 120",
        catalog,
    )
    # reject ABSETA > 2.4 keeps |eta| <= 2.4 (the planner's |eta| bound is strict: the same
    # muons, a float eta is never exactly 2.4)
    cuts = _cuts(plan.spec, "muons")
    assert ("pt", ">", 20, False) in cuts and len(cuts) == 2
    (eta,) = [c for c in cuts if c[0] == "eta"]
    assert eta in {
        ("eta", "<=", 2.4, True),
        ("eta", "<", 2.4, True),
    }
    assert ("muons", ">=", 2) in _steps(plan.spec)
    (comb,) = plan.spec.combinations
    assert comb.charge == "opposite" and comb.leading is None
    # an object selection of a collection neither plotted nor counted: said, no cut
    plan = _ok("select (j) PT > 30\nselect MET > 50\nplot MET 20 0 500\nselect N(mu) == 0", catalog)
    assert plan.draft.met_min == 50 and not plan.draft.requirements.get("muon")
    assert plan.spec.object("jets") is None
    assert "does not change this histogram (no jets" in plan.notes[0]
    assert "'select N(mu) == 0' comes after the plot line" in plan.notes[0]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # an object selection after the count of the same objects (MadAnalysis counts first)
        ("select N(j) >= 2\nselect (j) PT > 30\nplot ETA(j[1]) 20 -5 5", ("counting every jet",)),
        ("select (mu) ETA > 0\nplot PT(mu) 20 0 100", ("`select (mu) ETA > 0`",)),
        ("select THT > 300\nplot MET 20 0 500", ("`select THT > 300`",)),
        ("plot PT(vm) 20 0 100", ("`vm`", "neutrino", "not use the MET")),
        ("plot M(mu+ vm~) 20 0 200", ("`vm~`", "neutrino")),
        ("plot PT(zp) 20 0 100", ("`zp`",)),
        ("plot M(mu+ e-) 40 0 200", ("muon-electron",)),
        ("plot PT(mu[0]) 20 0 100", ("counts from 1",)),
    ],
)
def test_ma5_undefined_and_generator_labels_are_asked(catalog, text, words):
    _asked(text, catalog, *words)


# --- CutLang / ADL -------------------------------------------------------------------------


def test_cutlang_pair_mass_leading_jet_and_size(catalog):
    plan = _ok('histo h1, "title", 100, 0, 200, {ELE_0 ELE_1}m', catalog)
    assert (plan.draft.object, plan.draft.pair, plan.draft.quantity) == ("electron", True, "mass")
    assert _binning(plan.spec) == (100, 0, 200) and _cuts(plan.spec, "electrons") == set()
    (comb,) = plan.spec.combinations
    assert comb.charge in (None, "any")  # {ELE_0 ELE_1}m says nothing of the charges
    plan = _ok('histo hj, "leading jet pT", 50, 0, 500, pT(jets[0])', catalog)
    obs = _observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("jets", "pt", 0)
    assert "'jets' read as every NanoAOD jet" in plan.notes[0]
    plan = _ok('histo hn, "jet multiplicity", 10, 0, 10, size(jets)', catalog)
    assert plan.draft.quantity == "count" and _binning(plan.spec) == (10, 0, 10)
    for met in ("MET", "pT(MET)", "{MET}Pt"):
        plan = _ok(f'histo hmet, "", 50, 0, 500, {met}', catalog)
        assert _observable(plan.spec).kind == "met" and _binning(plan.spec) == (50, 0, 500)
    plan = _ok('histo hj0, "", 50, 0, 500, {JET_0}Pt', catalog)
    assert (_observable(plan.spec).of, _observable(plan.spec).index) == ("jets", 0)
    plan = _ok('histo hm2, "", 60, 0, 300, m(MUO_0 + MUO_1)', catalog)
    assert (plan.draft.object, plan.draft.pair) == ("muon", True)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('histo hmjj, "mjj", 40, 0, 2000, mjj', ("`mjj`", "definition")),
        ('histo hg, "", 40, 0, 500, pT(goodjets[0])', ("`goodjets`", "definition")),
        ('histo hmt, "MT", 40, 0, 200, MTmu', ("`MTmu`",)),
        ('histo hmt, "", 40, 0, 200, {mutau}m', ("`mutau`",)),
        # the title names another object than the expression: asked
        ('histo h2, "Dimuon mass", 100, 0, 200, {ELE_0 ELE_1}m', ("Dimuon mass", "Which one")),
    ],
)
def test_cutlang_names_the_line_does_not_define_are_asked(catalog, text, words):
    _asked(text, catalog, *words)


# --- several histogram lines in one paste -----------------------------------------------------


def test_several_lines_are_one_plot_each_in_one_analysis(catalog):
    plan = _ok("select (mu) PT > 20\nplot PT(mu[1]) 20 0 100\nplot ETA(mu[1]) 20 -2.5 2.5", catalog)
    assert [_binning(plan.spec, i) for i in (0, 1)] == [(20, 0, 100), (20, -2.5, 2.5)]
    assert [(_observable(plan.spec, i).field, _observable(plan.spec, i).index) for i in (0, 1)] == [
        ("pt", 0),
        ("eta", 0),
    ]
    assert _cuts(plan.spec, "muons") == {("pt", ">", 20, False)}  # the select holds for both
    assert sum("Read the MadAnalysis 5 line" in n for n in plan.notes) == 2
    plan = plan_request(
        'Events->Draw("Muon_pt>>h1(40,0,200)", "nMuon >= 2"); // muon pt\n'
        'Events->Draw("Muon_eta>>h2(30,-3,3)", "nMuon >= 2");',
        catalog,
        mode="parser",
        check_files=False,
    )
    assert plan.ok, plan.question
    assert [_binning(plan.spec, i) for i in (0, 1)] == [(40, 0, 200), (30, -3, 3)]
    assert ("muons", ">=", 2) in _steps(plan.spec)
    # one line with an undefined name: its question, not a partial plot
    _asked(
        'histo h1, "", 100, 0, 200, {ELE_0 ELE_1}m\nhisto h2, "", 40, 0, 2000, mjj',
        catalog,
        "`mjj`",
    )


# --- sandboxed runs against hand-written references ---------------------------------------


def _events(demo_data, sample, prefixes):
    with uproot.open(demo_data / FILES[sample]) as f:
        names = [k for k in f["Events"].keys() if k.split("_")[0] in prefixes]  # noqa: SIM118
        return f["Events"].arrays([*names, "genWeight"] if sample != DATA else names)


def test_a_draw_line_runs_literally_through_ask(demo_data, tmp_path):
    from chathep.api import ask

    answer = ask(
        'Events->Draw("Muon_pt>>h(40,0,100)", "Muon_pt > 17 && abs(Muon_eta) < 2.4") in data',
        planner="parser",
        out_dir=tmp_path,
    )
    assert answer.kind == "analysis", answer.message
    assert "TTree::Draw" in (answer.plan or "")
    (hist,) = answer.histograms
    assert list(hist.samples) == [DATA]
    ev = _events(demo_data, DATA, ("Muon",))
    mu = coll(ev, "Muon")
    mu = mu[(mu.pt > 17) & (abs(mu.eta) < 2.4)]  # every muon passing, nothing else
    values = ak.to_numpy(ak.flatten(mu.pt))
    sumw, _ = ref_hist(values, np.ones(len(values)), 40, 0, 100)
    np.testing.assert_allclose(hist.edges, np.linspace(0, 100, 41))
    np.testing.assert_array_equal(hist.samples[DATA].values, sumw[1:-1])
    assert sumw[1:-1].sum() > 0


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from chathep.catalog import default_catalog

    texts = {
        "ma5": "plot M(mu+ mu-) 40 40 120 in data",
        "cutlang": 'histo hj, "leading jet pT", 50, 0, 500, pT(jets[0]) in ttbar',
        "rdf": 'in data: df.Filter("nMuon == 2").Define("mumu", "InvariantMass(Muon_pt, '
        'Muon_eta, Muon_phi, Muon_mass)").Histo1D(("h", "", 30, 60, 120), "mumu")',
    }
    out = {}
    for key, text in texts.items():
        plan = _plan(text, default_catalog())
        assert plan.ok, plan.question
        out[key] = (plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp(key)).result)
    return out


def test_ma5_every_opposite_sign_pair_matches_the_reference(runs, demo_data):
    plan, result = runs["ma5"]
    ev = _events(demo_data, DATA, ("Muon",))
    masses, several = [], 0
    for muons in coll(ev, "Muon"):
        pairs = [
            pair_mass(a, b) for a, b in itertools.combinations(muons, 2) if a.charge != b.charge
        ]
        masses += pairs
        several += len(pairs) > 1
    assert several > 0, "no event with two mu+ mu- combinations: the test would be vacuous"
    (hist,) = plan.spec.histograms
    assert (hist.bins, hist.start, hist.stop) == (40, 40, 120)
    check(result, hist.name, DATA, masses, np.ones(len(masses)), 40, 40, 120)


def test_cutlang_leading_jet_pt_matches_the_reference(runs, demo_data):
    plan, result = runs["cutlang"]
    ev = _events(demo_data, TT, ("Jet",))
    jets = coll(ev, "Jet")
    has = ak.num(jets) >= 1
    values = ak.to_numpy(jets[has][:, 0].pt)  # jets[0], every jet, no cut
    (hist,) = plan.spec.histograms
    assert (hist.bins, hist.start, hist.stop) == (50, 0, 500)
    check(result, hist.name, TT, values, weights(TT, ev)[ak.to_numpy(has)], 50, 0, 500)


def test_rdataframe_invariant_mass_of_exactly_two_muons_matches_the_reference(runs, demo_data):
    plan, result = runs["rdf"]
    ev = _events(demo_data, DATA, ("Muon",))
    mu = coll(ev, "Muon")
    two = mu[ak.num(mu) == 2]  # nMuon == 2: every muon counted, no cut, any charge
    masses = ak.to_numpy(pair_mass(two[:, 0], two[:, 1]))
    assert np.any(ak.to_numpy(two[:, 0].charge == two[:, 1].charge)), "no same-sign pair"
    (hist,) = plan.spec.histograms
    assert (hist.bins, hist.start, hist.stop) == (30, 60, 120)
    check(result, hist.name, DATA, masses, np.ones(len(masses)), 30, 60, 120)
