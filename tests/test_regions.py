"""Histograms under selections of their own (issue 12, item 3: "regions", "channels", before
and after a cut, N-1): the spec's ``Histogram.steps``, real sandboxed runs on the demo files
against hand-written uproot/awkward/numpy references (each computes its masks itself, nothing
from chathep), and the planner's readings of physicists' wordings."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.engine import run_spec
from chathep.errors import SpecError
from chathep.spec import object_sources, parse_spec
from tests.test_physics import (
    DATA,
    DY,
    TT,
    check,
    coll,
    flat_per_object,
    good_muons,
    read,
    weights,
)

JETS = {
    "name": "jets",
    "source": "Jet",
    "cuts": [
        {"field": "pt", "op": ">", "value": 30},
        {"field": "eta", "op": "<", "value": 2.4, "abs": True},
    ],
}
LOOSE_MUONS = {"name": "muons", "source": "Muon", "cuts": [{"field": "pt", "op": ">", "value": 5}]}


def _hist(name: str, observable: str, bins: int, start: float, stop: float, steps=None) -> dict:
    h = {"name": name, "observable": observable, "bins": bins, "start": start, "stop": stop,
         "label": name}  # fmt: skip
    return h if steps is None else {**h, "steps": steps}


def _jets_spec(samples: list[str], corrections: list[str] | None = None) -> dict:
    """n(jets) before and after a leading-jet pT requirement, the leading jet pT N-1 (with the
    events that have no jet at all) and the jet count of every event (no cuts)."""
    return {
        "title": "jets before and after a requirement",
        "samples": samples,
        # MC without data of its era: 1 fb^-1, as weights() takes it
        **({"lumi_pb": 1000.0} if samples == [TT] else {}),
        "objects": [JETS, LOOSE_MUONS],
        "selection": [
            {"name": "one muon", "count": "muons", "op": ">=", "value": 1},
            {"name": "leading jet pT > 100", "observable": "lead_pt", "op": ">", "value": 100},
        ],
        "observables": [
            {"name": "njets", "kind": "count", "of": "jets"},
            {"name": "lead_pt", "kind": "field", "of": "jets", "field": "pt", "index": 0},
            {"name": "jet_pt", "kind": "field", "of": "jets", "field": "pt"},  # per jet
        ],
        "histograms": [
            _hist("njets_before", "njets", 12, 0, 12, ["one muon"]),
            _hist("njets_after", "njets", 12, 0, 12),
            _hist("lead_pt_nminus1", "lead_pt", 20, 0, 400, ["one muon"]),
            _hist("njets_no_cuts", "njets", 12, 0, 12, []),
            _hist("jet_pt_before", "jet_pt", 20, 0, 400, ["one muon"]),
        ],
        "corrections": corrections or [],
    }


# --- the spec --------------------------------------------------------------------------------


def test_histogram_steps_must_name_selection_steps():
    spec = _jets_spec([TT])
    spec["histograms"][0]["steps"] = ["one muons"]
    with pytest.raises(
        SpecError, match="unknown selection step 'one muons'; did you mean 'one muon'"
    ):
        parse_spec(spec)
    spec["histograms"][0]["steps"] = ["one muon", "one muon"]
    with pytest.raises(SpecError, match="names a selection step twice"):
        parse_spec(spec)


def test_histogram_steps_follow_the_spec_order_and_none_means_every_step():
    spec = _jets_spec([TT])
    spec["histograms"][0]["steps"] = ["leading jet pT > 100", "one muon"]
    parsed = parse_spec(spec)
    before, after, _, none, _ = parsed.histograms
    assert parsed.histogram_steps(before) == ["one muon", "leading jet pT > 100"]
    assert parsed.histogram_steps(after) == ["one muon", "leading jet pT > 100"]
    assert parsed.histogram_steps(none) == []
    assert parsed.has_regions
    spec["histograms"] = spec["histograms"][:2]  # every histogram with every step: no region
    assert not parse_spec(spec).has_regions


def test_the_plan_says_which_selection_each_histogram_has(catalog):
    from chathep.describe import summary

    text = summary(parse_spec(_jets_spec([TT])), catalog)
    assert "number of jets (12 bins from 0 to 12), events with cuts: one muon;" in text
    assert "number of jets (12 bins from 0 to 12), events with all cuts;" in text
    assert "number of jets (12 bins from 0 to 12), events with no cuts;" in text


def test_one_selection_for_every_histogram_compiles_as_before(catalog):
    from chathep.compiler import compile_spec
    from chathep.demo_specs import demo_specs

    spec = next(iter(demo_specs().values()))
    every = [s.name for s in spec.selection]
    explicit = spec.model_copy(deep=True)
    explicit.histograms[0].steps = list(every)
    assert compile_spec(explicit, catalog).replace(repr(every), "").count("REGIONS") == 0


# --- real runs vs independent references ----------------------------------------------------


@pytest.fixture(scope="module")
def jets_run(demo_data, tmp_path_factory):
    spec = parse_spec(_jets_spec([TT]))
    return run_spec(spec, workdir=tmp_path_factory.mktemp("regions_jets")).result


def _tt_jets(demo_data):
    ev = read(demo_data, TT)
    jets = coll(ev, "Jet")
    jets = jets[(jets.pt > 30) & (abs(jets.eta) < 2.4)]
    muons = coll(ev, "Muon")
    one_muon = ak.to_numpy(ak.num(muons[muons.pt > 5]) >= 1)
    lead = ak.to_numpy(ak.fill_none(ak.firsts(jets.pt), -1.0))
    return ev, jets, one_muon, lead


def test_njets_before_and_after_a_jet_requirement_match_the_reference(jets_run, demo_data):
    ev, jets, one_muon, lead = _tt_jets(demo_data)
    w = weights(TT, ev)
    n = ak.to_numpy(ak.num(jets))
    after = one_muon & (lead > 100)
    assert 0 < after.sum() < one_muon.sum() < len(n)  # the requirements remove events
    check(jets_run, "njets_before", TT, n[one_muon], w[one_muon], 12, 0, 12)
    check(jets_run, "njets_after", TT, n[after], w[after], 12, 0, 12)
    check(jets_run, "njets_no_cuts", TT, n, w, 12, 0, 12)
    has_jet = one_muon & (lead > 0)  # N-1: an event without a jet has no leading-jet entry
    check(jets_run, "lead_pt_nminus1", TT, lead[has_jet], w[has_jet], 20, 0, 400)
    per_jet, w_jet = flat_per_object(jets.pt[one_muon], w[one_muon])  # one entry per jet
    check(jets_run, "jet_pt_before", TT, per_jet, w_jet, 20, 0, 400)


def test_each_region_has_its_cutflow_and_yields(jets_run, demo_data):
    ev, _jets, one_muon, lead = _tt_jets(demo_data)
    w = weights(TT, ev)
    regions = jets_run.regions
    assert set(regions) == {"cuts: one muon", "all cuts", "no cuts"}
    assert regions["cuts: one muon"]["histograms"] == [
        "njets_before",
        "lead_pt_nminus1",
        "jet_pt_before",
    ]
    assert jets_run.histogram_info["njets_before"]["region"] == "cuts: one muon"
    rows = regions["all cuts"]["cutflow"][TT]
    assert [r["cut"] for r in rows] == ["all events", "one muon", "leading jet pT > 100"]
    expected = [len(w), one_muon.sum(), (one_muon & (lead > 100)).sum()]
    assert [r["events"] for r in rows] == expected
    before = regions["cuts: one muon"]["yields"][TT]
    assert before["events"] == one_muon.sum()
    assert before["sumw"] == pytest.approx(w[one_muon].sum(), rel=1e-9)
    assert regions["no cuts"]["yields"][TT]["events"] == len(w)


def test_regions_reach_the_answer_and_the_plot(jets_run, tmp_path, catalog):
    from chathep.answer import Region
    from chathep.plotting import plot_result

    region = Region(**jets_run.regions["cuts: one muon"])
    assert region.yields[TT].events == jets_run.regions["cuts: one muon"]["yields"][TT]["events"]
    outputs = plot_result(jets_run, catalog, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(
        f"{n}.png" for n in jets_run.histograms
    )
    assert set(outputs) == set(jets_run.histograms)


@pytest.fixture(scope="module")
def eta_run(demo_data, tmp_path_factory):
    def lead_eta(name, index):
        return {"name": name, "kind": "field", "of": "muons", "field": "eta", "index": index,
                "abs": True}  # fmt: skip

    barrel = ["two muons", "opposite-charge pair", "muon 1 barrel", "muon 2 barrel"]
    endcap = ["two muons", "opposite-charge pair", "muon 1 endcap", "muon 2 endcap"]
    spec = {
        "title": "dimuon mass, barrel and end-cap",
        "samples": [DATA, DY],
        "objects": [LOOSE_MUONS],
        "combinations": [
            {"name": "dimuon", "inputs": ["muons"], "charge": "opposite", "leading": 2}
        ],
        "selection": [
            {"name": "two muons", "count": "muons", "op": ">=", "value": 2},
            {"name": "opposite-charge pair", "count": "dimuon", "op": ">=", "value": 1},
            {"name": "muon 1 barrel", "observable": "eta1", "op": "<", "value": 1.1},
            {"name": "muon 2 barrel", "observable": "eta2", "op": "<", "value": 1.1},
            {"name": "muon 1 endcap", "observable": "eta1", "op": ">", "value": 1.1},
            {"name": "muon 2 endcap", "observable": "eta2", "op": ">", "value": 1.1},
        ],
        "observables": [
            lead_eta("eta1", 0),
            lead_eta("eta2", 1),
            {"name": "mll", "kind": "field", "of": "dimuon", "field": "mass", "index": 0},
        ],
        "histograms": [
            _hist("mll_barrel", "mll", 40, 0, 200, barrel),
            _hist("mll_endcap", "mll", 40, 0, 200, endcap),
        ],
    }
    return run_spec(parse_spec(spec), workdir=tmp_path_factory.mktemp("regions_eta")).result


@pytest.mark.parametrize("sample", [DATA, DY])
def test_dimuon_mass_in_two_eta_regions_matches_the_reference(eta_run, demo_data, sample):
    ev = read(demo_data, sample)
    mu = coll(ev, "Muon")
    mu = mu[mu.pt > 5]
    two = ak.to_numpy(ak.num(mu) >= 2)
    mu, w = mu[two], weights(sample, ev)[two]
    a, b = mu[:, 0], mu[:, 1]
    opposite = ak.to_numpy(a.charge * b.charge < 0)
    px = a.pt * np.cos(a.phi) + b.pt * np.cos(b.phi)
    py = a.pt * np.sin(a.phi) + b.pt * np.sin(b.phi)
    pz = a.pt * np.sinh(a.eta) + b.pt * np.sinh(b.eta)
    e = np.sqrt((a.pt * np.cosh(a.eta)) ** 2 + a.mass**2) + np.sqrt(
        (b.pt * np.cosh(b.eta)) ** 2 + b.mass**2
    )
    mass = ak.to_numpy(np.sqrt(np.maximum(e**2 - px**2 - py**2 - pz**2, 0)))
    eta1, eta2 = ak.to_numpy(abs(a.eta)), ak.to_numpy(abs(b.eta))
    barrel = opposite & (eta1 < 1.1) & (eta2 < 1.1)
    endcap = opposite & (eta1 > 1.1) & (eta2 > 1.1)
    if sample == DATA:  # both regions hold events of the data file, and not the same ones
        assert barrel.sum() > 0 and endcap.sum() > 0
    check(eta_run, "mll_barrel", sample, mass[barrel], w[barrel], 40, 0, 200)
    if endcap.sum() > 0:
        check(eta_run, "mll_endcap", sample, mass[endcap], w[endcap], 40, 0, 200)


@pytest.fixture(scope="module")
def jes_run(demo_data, tmp_path_factory):
    spec = parse_spec(_jets_spec([DATA, DY], ["jec"]))
    return run_spec(spec, workdir=tmp_path_factory.mktemp("regions_jes")).result


def test_jet_variations_fill_every_region_with_its_own_events(jes_run, demo_data):
    """The JES variations run on the events of the steps no jet enters *and* every region
    requires: the events a region keeps without the jet requirement are in every variation."""
    ev = read(demo_data, DY)
    muons = coll(ev, "Muon")
    one_muon = ak.to_numpy(ak.num(muons[muons.pt > 5]) >= 1)
    w = weights(DY, ev)
    variations = jes_run.systematics["samples"][DY]
    assert len(variations) > 10 and all(v.startswith("JES") for v in variations)
    for name, selected in (("njets_before", one_muon), ("njets_no_cuts", slice(None))):
        h = jes_run.histograms[name]
        for variation in ["nominal", *variations]:
            total = h[DY, variation, :].values(flow=True).sum()
            assert total == pytest.approx(w[selected].sum(), rel=1e-6), (name, variation)
    after = jes_run.histograms["njets_after"]
    totals = {v: after[DY, v, :].values(flow=True).sum() for v in variations}
    assert max(totals.values()) <= w[one_muon].sum() * (1 + 1e-9)


# --- the planner's readings ----------------------------------------------------------------


def _plan(text, catalog, previous=None):
    from chathep.planner import plan_request

    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _step_sources(spec, steps):
    """The NanoAOD collections the count steps of a histogram's selection count."""
    out = set()
    for step in spec.selection:
        if step.name in steps and step.count:
            comb = spec.combination(step.count)
            names = comb.inputs if comb else [step.count]
            out |= {s for n in names for s in object_sources(spec, n)}
    return out


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        (
            "The jet multiplicity in data and simulation before (left) and after (right) the "
            "b-jet veto.",
            "<= 0 b-tagged jets",
        ),
        ("the MET before and after requiring two b-tagged jets", ">= 2 b-tagged jets"),
        ("the leading muon pT with and without requiring MET > 40 GeV", "MET > 40 GeV"),
    ],
)
def test_before_and_after_a_cut_is_two_histograms(catalog, text, removed):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    before, after = plan.spec.histograms
    assert before.name.endswith("_before") and after.name.endswith("_after")
    assert before.observable == after.observable
    assert removed in [s.name for s in plan.spec.selection]
    assert removed not in plan.spec.histogram_steps(before)
    assert after.steps is None
    assert any("two histograms of the same quantity" in n and removed in n for n in plan.notes)
    words = plan.describe(catalog)
    assert "events with all cuts" in words and words.count("events with") == 2


@pytest.mark.parametrize(
    "text",
    [
        "The invariant mass distribution of pairs of (left) electrons and (right) muons",
        "the dilepton invariant mass for the ee and mumu channels",
        "m(ee) and m(mumu)",
        "Distributions of Z boson qT in Zμμ (left) and Zee (right) samples.",
    ],
)
def test_two_channels_are_one_histogram_each_with_its_own_selection(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    assert len(spec.histograms) == 2
    flavours = []
    for h in spec.histograms:
        shown = spec.observable(h.observable)
        comb = spec.combination(shown.of)
        assert comb is not None and comb.charge == "opposite"
        (source,) = {s for n in comb.inputs for s in object_sources(spec, n)}
        flavours.append(source)
        # the histogram's events: its own channel's steps only
        assert _step_sources(spec, spec.histogram_steps(h)) == {source}
    assert sorted(flavours) == ["Electron", "Muon"]
    if "qT" in text:
        assert {spec.observable(h.observable).field for h in spec.histograms} == {"pt"}
    else:
        assert {spec.observable(h.observable).field for h in spec.histograms} == {"mass"}
    assert any("one histogram per channel" in n for n in plan.notes)


def test_n_minus_one_leaves_out_the_cut_on_the_plotted_quantity(catalog):
    plan = _plan("N-1 distribution of the MET in events with two muons and MET > 50 GeV", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert plan.spec.observable(h.observable).kind == "met"
    steps = [s.name for s in plan.spec.selection]
    assert len(steps) == 2 and plan.spec.histogram_steps(h) == [steps[0]]
    assert plan.spec.selection[1].observable is not None
    assert any("N-1 distribution" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # named only (with |eta| given beside each, the panels are planned: test_planner_panels13)
        (
            "Reconstructed dimuon mass in barrel (left) and in the end-cap (right)",
            "barrel, end-cap",
        ),
        ("N-1 distribution of the MET", "no cut on the plotted quantity"),
        ("jet multiplicity before and after the jet pT cut", "could not place that"),
        ("pT of central and forward jets", "central, forward"),
        ("the dimuon mass with and without Rochester corrections", "a correction, not a"),
    ],
)
def test_selections_it_cannot_read_exactly_are_asked(catalog, text, asked):
    plan = _plan(text, catalog)
    assert not plan.ok and plan.spec is None
    assert asked in plan.question


def test_a_follow_up_edits_every_region(catalog):
    first = _plan("m(ee) and m(mumu)", catalog)
    assert first.ok, first.question
    plan = _plan("now 20 bins and log scale", catalog, previous=first)
    assert plan.ok, plan.question
    assert [h.steps for h in plan.spec.histograms] == [h.steps for h in first.spec.histograms]
    assert all(h.bins == 20 and h.log_y for h in plan.spec.histograms)
    nonsense = _plan("purple elephants dance on the moon", catalog, previous=first)
    assert not nonsense.ok and "did not understand" in nonsense.question


@pytest.fixture(scope="module")
def planned_before_after(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan(
        "number of jets before and after requiring the leading jet pT above 100 GeV in ttbar",
        default_catalog(),
    )
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("planned")).result


def test_planned_before_and_after_matches_the_reference(planned_before_after, demo_data):
    plan, result = planned_before_after
    ev = read(demo_data, TT)
    jets = coll(ev, "Jet")
    jets = jets[(jets.pt > 30) & (abs(jets.eta) < 2.4) & (jets.jetId >= 2)]
    n = ak.to_numpy(ak.num(jets))
    lead = ak.to_numpy(ak.fill_none(ak.firsts(jets.pt), -1.0))
    after = lead > 100
    assert 0 < after.sum() < len(n)
    w = weights(TT, ev)
    before_h, after_h = plan.spec.histograms
    bins, start, stop = before_h.bins, before_h.start, before_h.stop
    check(result, before_h.name, TT, n, w, bins, start, stop)
    check(result, after_h.name, TT, n[after], w[after], bins, start, stop)


def test_the_run_message_gives_the_events_of_each_selection(jets_run):
    from chathep.engine import result_message

    n_before = jets_run.regions["cuts: one muon"]["yields"][TT]["events"]
    n_after = jets_run.regions["all cuts"]["yields"][TT]["events"]
    assert n_before != n_after
    message = result_message(jets_run)
    assert f"cuts: one muon: {TT} {n_before}" in message
    assert f"all cuts: {TT} {n_after}" in message


@pytest.fixture(scope="module")
def planned_two_plots(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan(
        "Make two histograms, one for the leading muon pT and one for the MET, in DY",
        default_catalog(),
    )
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("two_plots")).result


def test_each_plot_of_a_list_keeps_its_own_events(planned_two_plots, demo_data):
    # asked alone, the MET is every event's and the leading muon pT that of events with a
    # muon; a list of the two plots must give the same two histograms (not the MET of the
    # events with a muon)
    plan, result = planned_two_plots
    ev = read(demo_data, DY)
    muons = good_muons(ev, pt=20.0)  # the planner's stated default muon definition
    has_muon = ak.to_numpy(ak.num(muons)) >= 1
    assert 0 < has_muon.sum() < len(ev)  # the two selections differ on these events
    w = weights(DY, ev)
    obs = {h.name: plan.spec.observable(h.observable) for h in plan.spec.histograms}
    met_h = next(h for h in plan.spec.histograms if obs[h.name].kind == "met")
    mu_h = next(h for h in plan.spec.histograms if h is not met_h)
    met = ak.to_numpy(ev.MET_pt)
    check(result, met_h.name, DY, met, w, met_h.bins, met_h.start, met_h.stop)
    lead = ak.to_numpy(ak.firsts(muons.pt[has_muon]))
    check(result, mu_h.name, DY, lead, w[has_muon], mu_h.bins, mu_h.start, mu_h.stop)
