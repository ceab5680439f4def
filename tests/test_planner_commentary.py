"""Words that comment on an analysis vs words that select (chathep.planner.commentary).

Code, software names, file names and physics jargon with no value of their own ("final
state", "a kinematic edge", "9.7 sigma") cannot change a histogram: the plan goes ahead and
says they were not used. Selection words without a definition ("the 4 lepton cuts",
"single-dimuon events", "the different eta distributions") are asked about. Sentences marked
"public" are verbatim from the probe sets (benchmarks/eval/probe*.yaml); the others are
paraphrases written for this test.
"""

from __future__ import annotations

import pytest

from chathep.planner import plan_request
from chathep.planner.commentary import split_commentary, undefined_selections
from chathep.planner.coverage import SOFTWARE
from chathep.planner.spelling import two_edits_away


def _plan(text, catalog, **kwargs):
    return plan_request(text, catalog, mode="parser", check_files=False, **kwargs)


def _ok(text, catalog, **kwargs):
    plan = _plan(text, catalog, **kwargs)
    assert plan.ok, plan.question
    return plan


def _asked(text, catalog, *words, **kwargs):
    plan = _plan(text, catalog, **kwargs)
    assert not plan.ok, plan.spec
    for word in words:
        assert word in (plan.question or ""), plan.question
    return plan


def _not_used(plan):
    return " ".join(n for n in plan.notes if n.startswith("Not used (code"))


def _cuts(spec, name):
    obj = spec.object(name)
    assert obj is not None, [o.name for o in spec.objects]
    return {(c.field, c.op, c.value) for c in obj.cuts}


def _observable(spec, i=0):
    return spec.observable(spec.histograms[i].observable)


# --- code ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # public (uscmsprin-os-dimuon) asks about "separate-charge" for its own reasons;
        # these paraphrases keep the library calls
        "make a plot of the opposite-sign dimuon mass using ak.cartesian and ak.unzip",
        "With ak.cartesian and ak.unzip, plot the invariant mass of opposite-sign muon pairs.",
        "plot the dimuon mass, computed with np.sqrt(2*pt1*pt2*(np.cosh(deta)-np.cos(dphi)))",
    ],
)
def test_library_calls_are_commentary(text, catalog):
    plan = _ok(text, catalog)
    assert (plan.draft.object, plan.draft.pair, plan.draft.quantity) == ("muon", True, "mass")
    if "opposite" in text:
        assert plan.draft.charge == "opposite"
    assert "np." in _not_used(plan) or "ak.cartesian" in _not_used(plan), plan.notes


def test_keyword_arguments_in_code_are_not_read_as_words(catalog):
    # public (pocketcoffea-all-jets-pt) without "in a single plot just": 'none' is inside code
    plan = _ok(
        'plot the pT of all the jets by using `Axes(coll="Jet", field="pt", pos=None)`', catalog
    )
    obs = _observable(plan.spec)
    assert (obs.of, obs.field) == ("jets", "pt")
    assert _cuts(plan.spec, "jets") == set()  # "all the jets": no default cuts
    assert "Axes(" in _not_used(plan)


def test_code_with_a_branch_and_a_comparison_is_read_as_a_cut(catalog):
    plan = _ok("plot the muon pt with `Muon_pt<150` using numpy", catalog)
    assert ("pt", "<", 150) in _cuts(plan.spec, "muons")
    assert "numpy" in _not_used(plan)
    # code that sets the binning is left to the parser too (never a silent default binning)
    for code in ("plt.hist(mass, bins=50, range=(0, 200))", "hist.Hist.new.Reg(50, 0, 200)"):
        assert split_commentary(f"plot the dimuon mass with {code}")[1] == []
    text, taken = split_commentary("require `Muon_pt > 25` and `ak.num(muons) >= 2`")
    assert "Muon_pt > 25" in text and "ak.num(muons) >= 2" in text and taken == []


def test_flatten_and_the_plural_pts(catalog):
    # public (scouting-all-muon-pts)
    plan = _ok('If you want to plot all muon pts, "flatten" the pt array first:', catalog)
    obs = _observable(plan.spec)
    assert (obs.of, obs.field, obs.index) == ("muons", "pt", None)
    assert _cuts(plan.spec, "muons") == set()
    assert "flatten" in _not_used(plan)
    # paraphrase
    plan = _ok("flatten the electron pts of every event and histogram them", catalog)
    assert (_observable(plan.spec).of, _observable(plan.spec).field) == ("electrons", "pt")


def test_a_file_that_is_not_root_is_commentary_a_root_file_is_a_dataset(catalog):
    plan = _ok(
        'plot the dimuon mass from the data in "DoubleMuRun2011A.csv" using 100 bins', catalog
    )
    assert plan.spec.histograms[0].bins == 100
    assert "DoubleMuRun2011A.csv" in _not_used(plan)
    _asked("plot the electron pt from ntuple.root", catalog, "ntuple.root")


def test_tutorial_step_names_and_document_words(catalog):
    # public (hsdimuon-energy-one-muon, first clause)
    plan = _ok(
        "The demo03 simply shows the energy distributions for one of the muons in each event",
        catalog,
    )
    assert (plan.draft.object, plan.draft.quantity) == ("muon", "energy")
    assert "demo03" in _not_used(plan)
    # public (star-ee-mass)
    plan = _ok(
        "In this section, we will plot the mass of e⁺e⁻ pairs from the PicoDST file, using a "
        "C++ framework (star-picodst-reference) as a guide.",
        catalog,
    )
    assert (plan.draft.object, plan.draft.pair, plan.draft.quantity) == ("electron", True, "mass")
    assert all(w in _not_used(plan) for w in ("PicoDST", "C++", "this section"))
    # a count after "for example" is a count, never a tutorial step
    assert split_commentary("select for example 2 jets with pt > 30 GeV")[1] == []
    assert split_commentary("in exercise 2 we plot the muon pt")[1] == [
        "exercise 2 (the name of a tutorial step)"
    ]
    # "cross section" is physics: never taken as the document's section
    assert "section" in split_commentary("plot the cross section vs dimuon mass")[0]


# --- software names --------------------------------------------------------------------


def test_software_names_are_one_list_with_kinds():
    assert SOFTWARE["madgraph"] == "event generator"
    assert SOFTWARE["reana"] == "framework"
    assert SOFTWARE["ak"] == "module alias"
    assert "vector" not in [n for n, k in SOFTWARE.items() if k != "module alias"]
    # an alias alone ("the ak8 jets", "hist") is not software; only "ak.zip" is
    assert "ak8" in split_commentary("plot the ak8 jet mass")[0]
    # the CSV b-tagger and the golden JSON select; the square root is arithmetic
    for text in ("jets passing the CSV medium working point", "apply the golden JSON"):
        assert split_commentary(text) == (text, [])
    assert "root" in split_commentary("the square root of the summed pt in a ROOT file")[0]


def test_reana_and_final_states(catalog):
    # public (reana-dimuon-spectrum)
    plan = _ok(
        "This REANA reproducible analysis example demonstrates the computation of the invariant "
        "mass spectrum of two muon final states with CMS Open Data.",
        catalog,
    )
    assert (plan.draft.object, plan.draft.pair, plan.draft.quantity) == ("muon", True, "mass")
    assert "REANA" in _not_used(plan) and "final states" in _not_used(plan)
    # paraphrase
    plan = _ok(
        "Using uproot and coffea, plot the dielectron mass of the two electron final state.",
        catalog,
    )
    assert (plan.draft.object, plan.draft.quantity) == ("electron", "mass")


def test_one_generator_is_commentary_two_may_be_samples(catalog):
    # public (dasprex-gen-zmass), first part
    plan = _ok(
        "plot the generator-level Z boson mass distribution, i.e., the truth particles "
        "generated by Madgraph",
        catalog,
    )
    assert plan.draft.gen_particle == "z" and plan.draft.quantity == "mass"
    assert "Madgraph" in _not_used(plan) and "generated by" in _not_used(plan)
    _asked("plot the Z mass from the Madgraph and Powheg DY samples", catalog, "madgraph", "powheg")
    _asked("compare the dimuon mass in Pythia vs Herwig", catalog, "pythia", "herwig")


# --- jargon ----------------------------------------------------------------------------


def test_kinematic_edge_and_fit_are_commentary(catalog):
    # public (sus15011-mll)
    plan = _ok(
        "The analysis focuses on the invariant mass distribution of the lepton pair, searching "
        "for a kinematic edge or a resonant-like excess compatible with the Z boson mass.",
        catalog,
    )
    assert (plan.draft.object, plan.draft.pair, plan.draft.quantity) == ("lepton", True, "mass")
    assert "kinematic edge" in _not_used(plan)
    # public (cds1379864-mjj-fit)
    plan = _ok(
        "The reconstructed dijet mass distribution (filled points) fitted with a smooth "
        "functional form describing the QCD background.",
        catalog,
    )
    assert (plan.draft.object, plan.draft.pair, plan.draft.quantity) == ("jet", True, "mass")
    assert "no fit is made" in _not_used(plan)
    # near miss: "without the fit" is not a fit described, it is asked about
    _asked("plot the D* mass without the fit", catalog)


def test_a_measured_significance_is_not_a_cut(catalog):
    plan = _ok(
        "plot the four-lepton mass, where a peak with a significance of 5 sigma is observed",
        catalog,
    )
    assert plan.draft.quantity == "mass" and plan.draft.size == 4
    assert "measured result" in _not_used(plan)
    # public (z4l-observation-peak): two findings, neither a cut
    plan = _ok(
        "A pronounced resonance peak, with a statistical significance of 9.7 sigma, is observed "
        "in the distribution of the invariant mass of four leptons (electrons and/or muons) with "
        "mass and width consistent with expectations for Z boson decays.",
        catalog,
    )
    assert (plan.draft.object, plan.draft.size, plan.draft.quantity) == ("lepton", 4, "mass")
    assert "9.7 sigma" in _not_used(plan) and "mass and width consistent" in _not_used(plan)
    # near miss: a width with a value is not a finding
    assert split_commentary("plot the dimuon mass with a width of 3 GeV")[1] == []
    # a MET significance (no sigma unit) is never taken as a measured result
    text, taken = split_commentary("events with a MET significance of 10")
    assert taken == [] and "significance of 10" in text


def test_final_state_radiation_is_not_commentary(catalog):
    text, taken = split_commentary("plot the pt of final-state radiation photons")
    assert "final-state radiation" in text and taken == []
    plan = _plan("plot the pt of final-state radiation photons", catalog)
    assert not plan.ok


def test_unknown_particle_and_initial_state_are_commentary():
    text, taken = split_commentary(
        "reconstruct decays of an unknown particle X (initial state) to 2 muons (final state)"
    )
    assert "unknown" not in text and "state" not in text and "2 muons" in text
    assert len(taken) == 3


# --- typos -----------------------------------------------------------------------------


def test_a_typo_two_edits_from_an_ordinary_word_is_read_and_said(catalog):
    # public (ycrossfit-preliminary-mass)
    plan = _ok(
        "The selected data are preliminary drawn on a canvas as an histohgramm of the "
        "invariant mass of the dimuon.",
        catalog,
    )
    assert (plan.draft.object, plan.draft.pair, plan.draft.quantity) == ("muon", True, "mass")
    assert any("'histohgramm' as 'histogram'" in n for n in plan.notes)
    plan = _ok("plot the dimuon mass as a distrubutionn", catalog)
    assert any("'distrubutionn' as 'distribution'" in n for n in plan.notes)


def test_a_typo_that_could_be_a_physics_word_is_asked(catalog):
    assert "isolation" in two_edits_away("issolattion", frozenset({"isolation", "insolation"}))
    _asked("plot the dimuon mass with the issolattion", catalog, "issolattion")
    _asked("plot the dimuon mass without pseudorapdtiy cuts", catalog, "pseudorapdtiy")


# --- selection words that must still be asked ------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # public (pyhep21sx-4l-cuts-mass): planned before with a made-up 4l selection
        (
            "The analysis code that will apply the 4 lepton cuts and make the 4 lepton mass plot.",
            "4 lepton cuts",
        ),
        ("plot the four lepton mass after the Higgs selection cuts", "higgs selection cuts"),
        ("plot the dimuon mass with the signal region requirements", "signal region requirements"),
        # public (mujets-single-dimuon-mass-mc): "single-dimuon events" is the note's jargon
        (
            "Mass distribution of single-dimuon events with Monte Carlo simulations superimposed.",
            "single",
        ),
        # public (xaod-electron-eta): "different" promises several histograms split by something
        # unnamed; one histogram of all electrons would merge them, so it is asked
        ("We can look at the different $\\eta$ distributions for the electrons.", "different"),
        (
            "we plot the dimuon invariant mass distribution in different categories",
            "different",
        ),
    ],
)
def test_selection_words_without_a_definition_are_asked(text, quoted, catalog):
    _asked(text, catalog, quoted)


def test_a_named_selection_with_its_definition_is_read(catalog):
    plan = _ok("plot the dimuon mass with the 2 muon cuts: pt > 20 GeV", catalog)
    assert ("pt", ">", 20) in _cuts(plan.spec, "muons")
    assert undefined_selections("the 4 lepton cuts: pt > 5 gev") == []
    assert undefined_selections("after the usual event selection cuts") == []


def test_adequate_filtering_is_the_recommended_definitions_and_says_so(catalog):
    # public (pylhe-two-muons-mass)
    text = (
        "It should be just about trivial to be able to pick say 2 muons from an array sample, "
        "with adequate filtering, and plot their invariant mass."
    )
    plan = _ok(text, catalog)
    assert (plan.draft.object, plan.draft.pair, plan.draft.quantity) == ("muon", True, "mass")
    assert any(d.startswith("muons:") for d in plan.defaults), plan.defaults
    assert any("'with adequate filtering' names no cut" in n for n in plan.notes), plan.notes
    # paraphrase, and as written (no defaults at all): nothing would meet it, so it is asked
    plan = _ok("plot the dielectron mass after applying suitable cuts", catalog)
    assert any("suitable cuts' names no cut" in n for n in plan.notes)
    _asked("plot the dimuon mass with adequate filtering", catalog, "adequate", as_written=True)
    _asked("plot the dimuon mass with adequate filtering, as written", catalog, "adequate")
    # near miss: "some cuts" refers to cuts the request does not give
    _asked("plot the dimuon mass after applying some cuts", catalog, "some cuts")


def test_a_sample_named_with_underscores_is_never_dropped(catalog):
    # public (mpl-m4l-dataA): "data_A" names a sample the catalog does not hold
    _asked(
        "Using the pyplot `hist` function we can visualize the distribution the mass of the 4 "
        'leptons "m4l" for example for the "data_A" sample.',
        catalog,
        "data_a",
    )
    plan = _ok("plot the dimuon mass in the dy_2018 sample", catalog)
    assert plan.draft.samples == ["dy_2018"]


def test_plural_and_prepositional_spellings(catalog):
    # "the numbers of jets per event" (public hitu-lo-nlo-njets, first clause): one per event
    plan = _ok("plot the numbers of jets per event", catalog)
    assert (plan.draft.object, plan.draft.quantity) == ("jet", "count")
    # "with respect to" is "to": the angle to the muon
    plan = _ok("plot the delta R of the jets with respect to the leading muon", catalog)
    obs = _observable(plan.spec)
    assert (obs.kind, obs.of, obs.other) == ("delta_r", "jets", "muons")
