"""Readings fixed in session 12: a quantity the planner does not know, named around an object
("cos theta star of the dimuon system", "the dimuon centrality", "the dimuon pT imbalance"),
was replaced by the object's default quantity (a pair's mass, or its pT) with at most one of its
words listed as commentary: a confident wrong plot. It is asked now; the noun phrases the
planner does read keep planning."""

from __future__ import annotations

import pytest

from chathep.planner import plan_request


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        # before the object: "<quantity> of the <object>"
        ("plot cos theta star of the dimuon system", "cos theta star"),
        ("plot the Collins-Soper angle of the dimuon system", "angle"),
        ("plot the centrality of the dimuon pair", "centrality"),
        ("plot the transverse momentum imbalance of the dimuon system", "imbalance"),
        ("plot the cos(theta*) distribution of the dimuon pairs", "cos(theta*)"),
        # after the object: "the <object> <quantity>"
        ("plot the dimuon cos theta star", "cos theta star"),
        ("plot the dimuon centrality", "centrality"),
        ("plot the dimuon system's Collins-Soper angle", "angle"),
        ("plot the dimuon pT imbalance", "imbalance"),
        ("plot the dijet pT balance", "balance"),
        ("plot the dimuon decay angle", "decay angle"),
    ],
)
def test_an_unknown_quantity_around_an_object_is_asked(catalog, text, quoted):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    assert quoted in plan.question and "not a quantity I know" in plan.question


def test_an_unknown_quantity_is_quoted_once(catalog):
    """A word asked about anyway (no rule knows it, it is no common English) is quoted alone."""
    plan = _plan("plot the helicity of the leading muon", catalog)
    assert not plan.ok
    assert plan.question.count("helicity") == 1, plan.question


@pytest.mark.parametrize(
    "text",
    [
        "show the electron channel instead",
        "now the dimuon pT instead",
        "the dimuon mass too",
    ],
)
def test_adverbs_after_an_object_are_not_a_quantity(catalog, text):
    previous = _plan("plot the dimuon mass", catalog)
    plan = plan_request(text, catalog, mode="parser", check_files=False, previous=previous)
    assert "not a quantity I know" not in (plan.question or ""), plan.question


@pytest.mark.parametrize(
    ("text", "kind", "field"),
    [
        ("plot the pt of the dimuon system", "field", "pt"),
        ("plot the invariant mass of the two leading muons", "field", "mass"),
        ("plot the reconstructed invariant mass of the dimuon pair", "field", "mass"),
        ("plot the distribution of the leading jet pt", "field", "pt"),
        ("make a histogram of the eta of all muons", "field", "eta"),
        ("plot the rapidity of the dimuon system", "field", "rapidity"),
        ("plot the dimuon mass spectrum", "field", "mass"),
        ("plot the number of jets", "count", None),
        ("plot the scalar sum of the jet pT", "ht", None),
        (
            "Using uproot and coffea, plot the dielectron mass of the two electron final state.",
            "field",
            "mass",
        ),
        ("Let's calculate the invariant mass $M$ of two muons", "field", "mass"),
    ],
)
def test_noun_phrases_the_planner_reads_still_plan(catalog, text, kind, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (hist,) = plan.spec.histograms
    obs = next(o for o in plan.spec.observables if o.name == hist.observable)
    assert obs.kind == kind
    if field is not None:
        assert (obs.field or "").lower() == field


def test_the_smallest_angle_over_the_two_leading_jets_is_asked(catalog):
    """Was: DeltaR of every jet to its nearest muon, "the two leading" dropped silently."""
    plan = _plan("plot the minimum delta R between the two leading jets and any muon", catalog)
    assert not plan.ok, plan.describe(catalog)
    assert "2 leading jets" in plan.question
    # one leading jet is the per-object nearest reading, as before
    one = _plan("plot the delta R between the leading jet and the nearest muon", catalog)
    assert one.ok, one.question
    obs = next(o for o in one.spec.observables if o.kind == "delta_r")
    assert obs.nearest and obs.index == 0


@pytest.mark.parametrize(
    ("text", "what"),
    [
        # was: ran on the ttbar sample (its alias "top" inside "single top"), no note
        ("plot the MET in single top MC", "single top"),
        # was: ran on the DoubleMuon data ("data" inside "EGamma data"), no note
        ("plot the electron pT in EGamma data", "egamma data"),
        ("plot the electron pT in the SingleElectron dataset", "singleelectron"),
        # was: data vs DY, "embedded" dropped
        ("plot the dimuon mass in embedded samples", "embedded"),
    ],
)
def test_a_sample_the_catalog_lacks_is_asked_not_replaced(catalog, text, what):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    assert "The catalog has no" in plan.question and what in plan.question.lower()


@pytest.mark.parametrize(
    ("text", "process"),
    [("plot the MET in ttbar MC", "ttbar"), ("plot the MET in top MC", "ttbar")],
)
def test_the_catalog_samples_are_still_read(catalog, text, process):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [catalog[s].process for s in plan.spec.samples] == [process]


def test_the_vector_sum_of_all_jets_takes_every_jet(catalog):
    """Was: the default jet cuts ("all" dropped by the MHT rewrite), unlike "the HT of all jets"."""
    every = _plan("plot the vector sum pT of all jets", catalog)
    assert every.ok, every.question
    assert every.spec.object("jets").cuts == []
    assert _plan("plot the HT of all jets", catalog).spec.object("jets").cuts == []
    selected = _plan("plot the vector sum pT of the jets", catalog)
    assert selected.spec.object("jets").cuts != []  # the recommended definition, stated


@pytest.mark.parametrize(
    "text",
    [
        "plot the dimuon mass with at least one muon in the endcap",
        "plot the dimuon mass with one of the muons in the barrel",
        "plot the dimuon mass with at least one muon with |eta| < 0.9",
    ],
)
def test_a_region_of_one_muon_of_the_pair_is_asked(catalog, text):
    """Was: the region cut put on every muon (both legs in the endcap), no note."""
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    assert "not of one muon only" in plan.question


def test_a_region_of_both_muons_and_of_one_counted_muon_plan(catalog):
    both = _plan("plot the dimuon mass with both muons in the barrel", catalog)
    assert both.ok, both.question
    assert ("eta", "<", 1.2) in {(c.field, c.op, c.value) for c in both.spec.object("muons").cuts}
    one = _plan("plot the number of jets in events with at least one muon in the barrel", catalog)
    assert one.ok, one.question


def test_puppi_jets_are_asked_not_read_as_the_puppi_met(catalog):
    """Was: the CHS 'Jet' collection plotted, "PUPPI" read as a PUPPI MET that nothing used."""
    plan = _plan("plot the pT of PUPPI jets", catalog)
    assert not plan.ok, plan.describe(catalog)
    assert "CHS in Run 2" in plan.question
    met = _plan("plot the MET using PUPPI", catalog)
    assert met.ok and met.spec.observables[0].met == "PuppiMET"


@pytest.mark.parametrize(
    "text",
    [
        "plot the dimuon mass with exactly one muon",
        "plot the dimuon mass in events with at most one muon",
        "plot the trijet mass with exactly two jets",
    ],
)
def test_a_candidate_the_count_cannot_hold_is_asked(catalog, text):
    """Was: planned, a selection no event passes (an empty plot, nothing said)."""
    plan = _plan(text, catalog)
    assert not plan.ok, plan.describe(catalog)
    assert "to plot" in plan.question and "at least" in plan.question


def test_a_count_that_holds_the_candidate_plans(catalog):
    for text in ("plot the dijet mass for events with exactly 2 jets",
                 "plot the trijet mass with exactly three jets"):  # fmt: skip
        plan = _plan(text, catalog)
        assert plan.ok, plan.question
