"""Session 15: planner readings (issue #12)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request


def _plan(text: str, catalog, **kwargs):
    return plan_request(text, catalog, mode="parser", check_files=False, **kwargs)


# --- an invariant mass with no object named: the data stream's pair, said ---------------------
@pytest.mark.parametrize(
    ("text", "start", "stop", "bins"),
    [
        ("Plot invariant mass histogram on the range 70 - 110 GeV.", 70.0, 110.0, None),
        ("plot the invariant mass", None, None, None),
        ("the mass spectrum with 100 bins", None, None, 100),
    ],
)
def test_a_bare_invariant_mass_is_the_dimuon_mass_and_said(catalog, text, start, stop, bins):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.inputs == ["muons"] and pair.size == 2
    (histogram,) = plan.spec.histograms
    assert "dimuon" in histogram.name or "dimuon" in plan.describe(catalog).lower()
    if start is not None:
        assert (histogram.start, histogram.stop) == (start, stop)
    if bins is not None:
        assert histogram.bins == bins
    assert any("names no objects: the dimuon mass is chosen" in n for n in plan.notes)
    assert "names no objects" in plan.describe(catalog)


@pytest.mark.parametrize(
    "text",
    [
        "the mass",  # too little to choose for the user
        "the invariant mass of the Higgs candidates",  # a system is named
        "the invariant mass of the W boson",
    ],
)
def test_a_mass_of_a_named_system_or_a_bare_mass_is_still_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert plan.question


# --- ordinals written other ways: "next(-to)-leading", "second hardest" -------------------------
@pytest.mark.parametrize(
    ("text", "collection", "index", "field"),
    [
        ("Pseudorapidity of next leading lepton", "leptons", 1, "eta"),
        ("the pT of the next-to-leading jet", "jets", 1, "pt"),
        ("the next-leading muon eta", "muons", 1, "eta"),
        ("Transverse momentum of second hardest jet", "jets", 1, "pt"),
        ("the second most energetic jet pT", "jets", 1, "pt"),
        ("the pT of the hardest jet", "jets", 0, "pt"),
    ],
)
def test_next_to_leading_and_second_hardest_are_the_subleading_object(
    catalog, text, collection, index, field
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (histogram,) = plan.spec.histograms
    observable = plan.spec.observable(histogram.observable)
    assert (observable.of, observable.field, observable.index) == (collection, field, index)
    # the event needs that many objects
    assert any(s.count == collection and s.value == index + 1 for s in plan.spec.selection)


def test_next_to_leading_order_is_not_an_ordinal(catalog):
    plan = _plan("the next-to-leading order cross section of the dimuon mass", catalog)
    assert not plan.ok  # "order cross section" is not placed; never a subleading object
    assert "subleading" not in (plan.question or "").lower()


def test_python_builtins_are_not_words_the_planner_knows():
    """The lexicon module's ``__builtins__`` made "next", "zip", "iter" known words."""
    from chathep.planner import coverage

    spelled = {p.pattern for p in coverage._recognisers()}
    for name in ("next", "zip", "iter", "exec", "compile"):
        assert rf"\b{name}\b" not in spelled


# --- LaTeX and other names of known quantities -------------------------------------------------
def test_latex_diphoton_mass_symbol(catalog):
    plan = _plan(r"$m_{\gamma\gamma}$ of the two leading photons", catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert pair.inputs == ["photons"]
    (histogram,) = plan.spec.histograms
    assert plan.spec.observable(histogram.observable).field == "mass"


def test_r_separation_is_delta_r(catalog):
    plan = _plan("R-separation between hardest jet and hardest photon", catalog)
    assert plan.ok, plan.question
    (histogram,) = plan.spec.histograms
    observable = plan.spec.observable(histogram.observable)
    assert (observable.kind, observable.of, observable.nearest) == ("delta_r", "jets", False)
    assert observable.other == "photons"


def test_a_single_histogram_that_contains(catalog):
    plan = _plan("creates a single histogram that contains the pt of all jets.", catalog)
    assert plan.ok, plan.question
    (histogram,) = plan.spec.histograms
    observable = plan.spec.observable(histogram.observable)
    assert (observable.of, observable.field, observable.index) == ("jets", "pt", None)
    assert plan.spec.object("jets").cuts == []  # "all jets": no cuts


def test_two_dimensional_histograms_are_said_to_be_unsupported(catalog):
    plan = _plan(
        "Implemented two-dimensional histograms to study dimuon mass and pT correlations.", catalog
    )
    assert not plan.ok
    assert "three-dimensional histograms" in plan.question
    assert _plan("the 3D angle between the two muons", catalog).ok


# --- reconstructed and generated named together ------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["the reconstructed and generated muon pT", "the reco-level and gen-level electron pT"],
)
def test_reconstructed_and_generated_together_are_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "one plan plots one collection" in plan.question


# --- filler words that qualify an object are asked about, never dropped ------------------------
@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("the pT of clean jets", "clean"),  # cleaned against what?
        ("the smeared jet pT", "smeared"),  # a JER smearing was dropped silently
        ("the back-to-back dimuon mass", "back"),  # a delta phi requirement was dropped
        ("the pT of the other muons", "other"),
        ("the pT of the new jets", "new"),
    ],
)
def test_a_filler_word_qualifying_an_object_is_asked(catalog, text, word):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert f"'{word}'" in plan.question


@pytest.mark.parametrize(
    "text", ["a clean plot of the dimuon mass", "the dimuon mass; a new histogram with 50 bins"]
)
def test_the_same_words_elsewhere_stay_prose(catalog, text):
    assert _plan(text, catalog).ok


# --- the coverage check's recognisers: identifiers of the rule code are not words ---------------
def test_an_identifier_string_of_the_rule_code_is_not_a_known_word(catalog):
    """ "absolute" was known only as a Draft field name: "the absolute muon eta" plotted the
    signed eta, silently."""
    plan = _plan("the absolute muon eta", catalog)
    assert not plan.ok and "'absolute'" in plan.question
    read = _plan("the absolute eta of the leading jet", catalog)  # a rule reads it here
    assert read.ok, read.question
    (histogram,) = read.spec.histograms
    assert read.spec.observable(histogram.observable).abs is True


def test_a_stop_word_of_the_follow_up_code_is_said_not_used(catalog):
    plan = _plan("the jet pT in stop events", catalog)
    # "stop" was known as a Draft field name (the axis end) and dropped silently; now it is
    # asked about or said not used (a stop sample the catalog lacks)
    assert (not plan.ok and "stop" in plan.question) or "'stop'" in plan.describe(catalog)


# --- the collision energy ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass in pp collisions at sqrt(s) = 13 TeV",
        r"the dimuon mass at $\sqrt{s}=13$ TeV",
    ],
)
def test_the_collision_energy_of_the_samples_is_read(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plan.spec.era == "2018"


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass in 7 TeV collisions",
        r"the dimuon mass at \surd s = 7 TeV",
        "The simulated response is compared to the measured distribution of invariant mass using a "
        r"data sample corresponding to 5 fb-1 of p-p collisions at $\surd $s= 7 TeV.",
    ],
)
def test_an_energy_the_catalog_lacks_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "no samples at sqrt(s) = 7 TeV" in plan.question


def test_a_mass_in_tev_is_not_a_collision_energy(catalog):
    plan = _plan("the dijet mass at 3 TeV", catalog)
    assert not plan.ok and "sqrt(s)" not in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "Plot the angle between the two muons in the transverse plane.",
        "the transverse angle between the two muons",
    ],
)
def test_an_angle_in_the_transverse_plane_is_delta_phi(catalog, text):
    """It was the 3D opening angle, said only as the histogram's name."""
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (histogram,) = plan.spec.histograms
    assert plan.spec.observable(histogram.observable).kind == "delta_phi"
    three_d = _plan("the angle between the two muons", catalog)  # no plane named: 3D, as before
    (histogram,) = three_d.spec.histograms
    assert three_d.spec.observable(histogram.observable).kind == "angle"


def test_without_any_jets_keeps_the_jet_definition(catalog):
    """'any' after a negation stresses it: zero jets of the usual definition, not zero raw
    NanoAOD jets (almost no event has none)."""
    plan = _plan("the leading muon pT in events without any jets", catalog)
    assert plan.ok, plan.question
    jets = plan.spec.object("jets")
    assert jets.cuts  # the recommended jets, listed as chosen
    assert any(s.count == "jets" and s.op == "<=" and s.value == 0 for s in plan.spec.selection)
    assert _plan("the pT of any jets", catalog).spec.object("jets").cuts == []  # still every jet


def test_muons_that_are_not_isolated_are_the_non_isolated_muons(catalog):
    plan = _plan("the pT of muons that are not isolated", catalog)
    assert plan.ok, plan.question
    (iso,) = [c for c in plan.spec.object("muons").cuts if c.field == "pfRelIso04_all"]
    assert iso.op in (">", ">=")


def test_eta_in_absolute_value_is_read_not_merely_known(catalog):
    """'absolute' was known everywhere as a Draft field name; 'in absolute value' is now read."""
    plan = _plan("the muon eta in absolute value", catalog)
    assert plan.ok, plan.question
    (histogram,) = plan.spec.histograms
    assert plan.spec.observable(histogram.observable).abs is True


@pytest.mark.parametrize(
    ("text", "stop"),
    [
        ("Draw the muon pT spectrum up to 500 GeV.", 500.0),
        ("the MET distribution up to 300 GeV", 300.0),
        ("the leading jet pT up to 1 TeV with 50 bins", 1000.0),
    ],
)
def test_up_to_after_the_plotted_quantity_is_its_axis(catalog, text, stop):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (histogram,) = plan.spec.histograms
    assert (histogram.start, histogram.stop) == (0.0, stop)


def test_eta_versus_phi_is_said_to_be_two_dimensional(catalog):
    plan = _plan("Make a plot of muon eta vs. muon phi.", catalog)
    assert not plan.ok and "two- or three-dimensional" in plan.question


def test_a_cut_on_the_collection_after_a_ranked_object_is_not_that_objects_cut(catalog):
    """The compositional probe's one silent plan at the merge of the session's event cuts: the
    electrons' |eta| cut became an event cut on the leading electron, and the delta phi lost its
    electron (DeltaPhi(muons, muons))."""
    plan = _plan(
        "For bjets with a pT of more than 25 GeV, show DeltaPhi between the leading muon and the "
        "leading electron for electrons in |eta| < 2.0 for events with at least 1 b-jet",
        catalog,
    )
    assert plan.ok, plan.question
    (histogram,) = plan.spec.histograms
    observable = plan.spec.observable(histogram.observable)
    assert (observable.kind, observable.of, observable.other) == ("delta_phi", "muons", "electrons")
    eta = [c for c in plan.spec.object("electrons").cuts if c.field == "eta"]
    assert [(c.op, c.value) for c in eta] == [("<", 2.0)]
    assert not any(s.observable for s in plan.spec.selection)


def test_prose_uses_of_filter_and_associated_stay_prose(catalog):
    """Dev-set regressions of the session's word checks (the builtins fix made 'filter' asked,
    the object-modifier check 'associated' before 'Jet arrays')."""
    from chathep.planner import coverage

    text = "based on conditionals with its associated Jet arrays (in this case, the jets)"
    assert "associated" not in coverage.unknown_words(text, catalog)
    assert "associated" in coverage.unknown_words("the pT of the associated jets", catalog)
    plan = _plan("aggregate those results to filter at event level, then plot the MET", catalog)
    assert plan.ok, plan.question
    assert not _plan("with the filter applied, plot the MET", catalog).ok
