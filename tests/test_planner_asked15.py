"""Session 15 (helper X): wordings asked today that have one clear reading, planned with the
reading stated; where a physicist must choose, one question that names the choice.

1. a number of bins with one edge ("20 bins starting at 30 GeV", "50 bins up to 300 GeV");
2. a count alternative ("one or two jets") is a count range on the objects, never an axis;
3. one histogram per count ("separately for 0, 1 and 2 jets", "for each number of jets");
4. NanoAOD branch names as requirements ("with Electron_mvaFall17V2Iso_WP80");
5. the ratio of two event quantities as a follow-up ("now the MET/HT").

One sandboxed run (items 2 and 3 in one spec) against a hand-written uproot/awkward reference.
"""

from __future__ import annotations

import awkward as ak
import pytest
import uproot

from chathep.engine import run_spec
from chathep.planner import plan_request
from tests.test_physics import DATA, DY, FILES, check, coll, dr, weights


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _steps(spec, names=None):
    chosen = spec.selection if names is None else [s for s in spec.selection if s.name in names]
    return sorted((s.count, s.op, s.value) for s in chosen if s.count)


# --- 1. a number of bins with one edge: the other edge is the default, said ----------------


@pytest.mark.parametrize(
    ("text", "binning", "said"),
    [
        ("the leading muon pT with 20 bins starting at 30 GeV", (20, 30.0, 200.0),
         "upper edge chosen for you: 200 GeV"),
        ("the leading muon pT with 20 bins from 30 GeV", (20, 30.0, 200.0),
         "upper edge chosen for you: 200 GeV"),
        ("the leading muon pT with 50 bins up to 300 GeV", (50, 0.0, 300.0),
         "lower edge chosen for you: 0 GeV"),
        ("the leading muon pT in bins of 5 GeV starting at 20 GeV", (36, 20.0, 200.0),
         "up to 200 GeV: the default end"),
        ("the leading muon pT in 5 GeV bins starting at 20 GeV", (36, 20.0, 200.0),
         "up to 200 GeV: the default end"),
    ],
)  # fmt: skip
def test_bins_with_one_edge_take_the_default_other_edge(catalog, text, binning, said):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == binning
    assert said in plan.describe(catalog)
    # no cut was made of the edge: the muons keep their default pT threshold
    muons = plan.spec.object("muons")
    assert [c.value for c in muons.cuts if c.field == "pt"] == [20.0]


def test_an_edge_beyond_the_default_other_edge_is_asked(catalog):
    plan = _plan("the leading muon pT with 20 bins from 300 GeV", catalog)
    assert not plan.ok
    assert "above the default upper edge" in plan.question and "Give both edges" in plan.question


# --- 2. a count alternative is a count range on the objects --------------------------------


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("the MET in events with one or two jets", [("jets", "<=", 2.0), ("jets", ">=", 1.0)]),
        ("the MET in events with two or three muons",
         [("muons", "<=", 3.0), ("muons", ">=", 2.0)]),
        ("the MET with 1 or 2 b-jets", [("bjets", "<=", 2.0), ("bjets", ">=", 1.0)]),
        ("the MET in events with either one or two jets",
         [("jets", "<=", 2.0), ("jets", ">=", 1.0)]),
        ("the MET with 0 or 1 b-jets", [("bjets", "<=", 1.0)]),  # no "n >= 0" step
    ],
)  # fmt: skip
def test_a_count_alternative_is_a_count_range(catalog, text, steps):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _steps(plan.spec) == steps
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == (20, 0.0, 200.0)  # the MET's own axis
    assert any("read as a count range" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    ["the dimuon mass for 2 or 3 muons", "the dimuon mass in events with two or three muons"],
)
def test_the_dimuon_mass_for_2_or_3_muons_is_no_axis_from_2_to_3(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    reference = _plan("the dimuon mass", catalog)
    (h,) = plan.spec.histograms
    ref = reference.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (ref.bins, ref.start, ref.stop) != (h.bins, 2.0, 3.0)
    assert ("muons", "<=", 3.0) in _steps(plan.spec)
    assert ("muons", ">=", 2.0) in _steps(plan.spec)
    assert "'2 or 3 muons' read as a count range" in plan.describe(catalog) or (
        "'two or three muons' read as a count range" in plan.describe(catalog)
    )


def test_counts_that_are_no_range_are_asked_with_both_readings(catalog):
    plan = _plan("the MET in events with 1 or 3 jets", catalog)
    assert not plan.ok
    assert "separately for 1 and 3 jets" in plan.question
    assert "between 1 and 3 jets" in plan.question


# --- 3. one histogram per count ------------------------------------------------------------


def test_listed_counts_are_one_histogram_each_exact(catalog):
    plan = _plan("the MET separately for 0, 1 and 2 jets", catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    assert [h.name for h in spec.histograms] == ["met_pt_0jet", "met_pt_1jet", "met_pt_2jet"]
    assert [_steps(spec, h.steps) for h in spec.histograms] == [
        [("jets", "<=", 0.0)],
        [("jets", "<=", 1.0), ("jets", ">=", 1.0)],
        [("jets", "<=", 2.0), ("jets", ">=", 2.0)],
    ]
    assert "Each listed number is an exact count" in plan.describe(catalog)


def test_each_number_of_jets_is_0_1_2_and_3_or_more_stated(catalog):
    plan = _plan("the dimuon mass for each jet multiplicity", catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    jets = [[s for s in _steps(spec, h.steps) if s[0] == "jets"] for h in spec.histograms]
    assert jets == [
        [("jets", "<=", 0.0)],
        [("jets", "<=", 1.0), ("jets", ">=", 1.0)],
        [("jets", "<=", 2.0), ("jets", ">=", 2.0)],
        [("jets", ">=", 3.0)],
    ]
    # every histogram keeps the dimuon selection
    assert all(("muons", ">=", 2.0) in _steps(spec, h.steps) for h in spec.histograms)
    assert "Counts chosen for you: 0, 1, 2 and 3 or more jets" in plan.describe(catalog)


def test_each_number_of_the_plotted_objects_leaves_out_zero_said(catalog):
    plan = _plan("the jet pT in one plot for each number of jets", catalog)
    assert plan.ok, plan.question
    assert [h.name for h in plan.spec.histograms] == [
        "jets_pt_1jet", "jets_pt_2jet", "jets_pt_3plusjet"
    ]  # fmt: skip
    assert "0 jets left out: no jet to plot there" in plan.describe(catalog)


def test_a_followup_to_per_count_histograms_keeps_the_counts_said(catalog):
    previous = _plan("the MET separately for 0, 1 and 2 jets", catalog)
    plan = _plan("now the HT", catalog, previous=previous)
    assert plan.ok, plan.question
    assert [plan.spec.observable(h.observable).kind for h in plan.spec.histograms] == ["ht"] * 3
    text = plan.describe(catalog)
    assert "'ht_jets_0jet' (events with no jets)" in text and "the MET" not in text


def test_a_bin_per_multiplicity_stays_the_binning(catalog):
    plan = _plan("the number of jets, one bin per jet multiplicity", catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 1


# --- 4. NanoAOD branch names as requirements -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("the electron pT with Electron_mvaFall17V2Iso_WP80",
         "the electron pT with mvaFall17V2Iso_WP80"),
        ("the muon pT for muons passing Muon_tightId", "the muon pT for muons passing tightId"),
        ("the dimuon mass with both muons passing Muon_mediumId",
         "the dimuon mass with both muons passing mediumId"),
        ("the muon pT with Muon_isPFcand", "the muon pT with isPFcand == 1"),
    ],
)  # fmt: skip
def test_a_branch_name_requirement_is_the_objects_field(catalog, text, bare):
    plan, reference = _plan(text, catalog), _plan(bare, catalog)
    assert plan.ok, plan.question
    assert reference.ok, reference.question
    assert plan.spec.model_dump(exclude={"title"}) == reference.spec.model_dump(exclude={"title"})
    assert "read as a requirement on the" in plan.describe(catalog)


def test_branch_names_with_a_value_keep_their_cut(catalog):
    jets = _plan("the jet pT for jets with Jet_jetId >= 6", catalog).spec.object("jets")
    assert ("jetId", ">=", 6.0) in [(c.field, c.op, c.value) for c in jets.cuts]
    muons = _plan("the muon pT with Muon_pfRelIso04_all < 0.25", catalog).spec.object("muons")
    assert ("pfRelIso04_all", "<", 0.25) in [(c.field, c.op, c.value) for c in muons.cuts]


def test_a_branch_requirement_is_never_the_plotted_quantity(catalog):
    # was: a histogram of Muon_tightId with the tight ID dropped from the muons
    plan = _plan("muons passing Muon_tightId", catalog)
    assert not plan.ok
    assert "What should I plot?" in plan.question


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the muon pT with Muon_fooBar", "not a branch of the NanoAOD Muon collection"),
        ("the muon pT with Muon_dxy", "not a pass/fail flag"),
        ("the jet pT with Muon_tightId", "the request names no muons"),
        ("the jet pT and mvaFall17V1Iso_WP90", "jets have no such ID"),
        ("the jet pT with electron MVA WP90", "jets have no such ID"),
    ],
)
def test_a_branch_requirement_that_cannot_be_read_is_asked(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert said in plan.question


# --- 5. the ratio of two event quantities as a follow-up -----------------------------------


def _ratio(spec):
    obs = spec.observable(spec.histograms[0].observable)
    return obs.kind, spec.observable(obs.left).kind, spec.observable(obs.right).kind


@pytest.mark.parametrize("first", ["the MET", "the leading jet pT", "the dimuon mass"])
@pytest.mark.parametrize("followup", ["now the MET/HT", "now MET over HT"])
def test_now_the_met_over_ht_is_the_ratio(catalog, first, followup):
    plan = _plan(followup, catalog, previous=_plan(first, catalog))
    assert plan.ok, plan.question
    reference = _plan("plot MET/HT", catalog)
    assert _ratio(plan.spec) == ("ratio", "met", "ht")
    assert plan.spec.model_dump(exclude={"title"}) == reference.spec.model_dump(exclude={"title"})
    assert "ratio read as (MET) / (HT)" in plan.describe(catalog)


@pytest.mark.parametrize(
    ("followup", "kind"), [("now the leading jet pT", "field"), ("now the MET", "met")]
)
def test_a_new_plot_after_a_ratio_is_not_divided(catalog, followup, kind):
    # was: "now the leading jet pT" after "the ratio of the MET to the HT" plotted pT / HT
    plan = _plan(followup, catalog, previous=_plan("the ratio of the MET to the HT", catalog))
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert plan.spec.observable(h.observable).kind == kind
    assert "ratio of the previous plot is not carried over" in plan.describe(catalog)


def test_now_the_ht_after_the_met_is_planned(catalog):
    # was: an HT of no objects, an invalid analysis
    plan = _plan("now the HT", catalog, previous=_plan("the MET", catalog))
    assert plan.ok, plan.question
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind == "ht"


# --- a sandboxed run: a count range and one histogram per count in one spec ----------------


@pytest.fixture(scope="module")
def per_count_run(tmp_path_factory):
    from chathep.catalog import default_catalog

    # the demo files have events in every jet count with zero or one muons (not with 1-2)
    plan = _plan("the MET in events with zero or one muons for each number of jets",
                 default_catalog())  # fmt: skip
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("per_count")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_per_count_histograms_match_the_reference(per_count_run, demo_data, sample):
    with uproot.open(demo_data / FILES[sample]) as f:
        ev = f["Events"].arrays(
            filter_name=[f"Muon_{x}" for x in ("pt", "eta", "phi", "tightId", "pfRelIso04_all")]
            + [f"Jet_{x}" for x in ("pt", "eta", "phi", "jetId")]
            + ["MET_pt", "genWeight"]
        )
    mu = coll(ev, "Muon")
    mu = mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    # jets away from every selected muon (DeltaR > 0.4)
    pairs = ak.cartesian({"j": jet, "m": mu}, axis=1, nested=True)
    near = ak.any(dr(pairs.j, pairs.m) <= 0.4, axis=2)
    jet = jet[~near]
    n_mu, n_jet = ak.to_numpy(ak.num(mu)), ak.to_numpy(ak.num(jet))
    met = ak.to_numpy(ev.MET_pt)
    w = weights(sample, ev)
    muons_ok = n_mu <= 1  # events with two muons are left out (both samples have some)
    assert (n_mu >= 2).any()
    plan, result = per_count_run
    assert all(_steps(plan.spec, h.steps)[-1] == ("muons", "<=", 1.0) for h in plan.spec.histograms)
    assert ("muons", ">=", 0.0) not in _steps(plan.spec)  # "zero or one": at most one
    counts = {"met_pt_0jet": n_jet == 0, "met_pt_1jet": n_jet == 1, "met_pt_2jet": n_jet == 2,
              "met_pt_3plusjet": n_jet >= 3}  # fmt: skip
    assert [h.name for h in plan.spec.histograms] == list(counts)
    for h in plan.spec.histograms:
        keep = muons_ok & counts[h.name]
        check(result, h.name, sample, met[keep], w[keep], h.bins, h.start, h.stop)
