"""Session 13, helper G: cuts on ratios (an event selection on MET/HT or pT2/pT1, the plotted
quantity unchanged), absolute differences (|pT1 - pT2|, |eta1 - eta2| = |delta eta|), b-tag
working-point words next to DeepJet / "working point", and the electron MVA ID working points
(never a b-tag question). The planner's readings, then one sandboxed run on the 2022 ttbar demo
file against a hand-written uproot/awkward reference (nothing from chathep in it)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.errors import SpecError
from chathep.planner import plan_request
from chathep.planner.build import build_spec
from chathep.planner.parser import parse_request
from tests.test_physics import FILES, TT, check, coll, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _said(plan, catalog):
    return " ".join(plan.defaults + plan.notes) + plan.describe(catalog)


# --- 1. a cut on a ratio as an event selection --------------------------------------------


@pytest.mark.parametrize(
    ("text", "plotted", "terms", "op", "value"),
    [
        ("the leading jet pT in events with MET/HT > 0.5", ("field", "jets", "pt", 0),
         ("met_pt", "ht_jets"), ">", 0.5),
        ("the leading jet pT, require MET/HT < 1", ("field", "jets", "pt", 0),
         ("met_pt", "ht_jets"), "<", 1.0),
        ("the dimuon mass for events with pT2/pT1 of the two leading muons above 0.3",
         ("field", "dimuon", "mass", None), ("sublead_muons_pt", "lead_muons_pt"), ">", 0.3),
        ("the leading jet pT for events where the ratio of the MET to the HT is at least 0.2",
         ("field", "jets", "pt", 0), ("met_pt", "ht_jets"), ">=", 0.2),
    ],
)  # fmt: skip
def test_a_cut_on_a_ratio_is_an_event_selection_and_the_plot_stays(
    catalog, text, plotted, terms, op, value
):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    spec = plan.spec
    (h,) = spec.histograms
    shown = spec.observable(h.observable)
    assert (shown.kind, shown.of, shown.field, shown.index) == plotted  # the quantity named
    (ratio,) = [o for o in spec.observables if o.kind == "ratio"]
    assert (ratio.left, ratio.right) == terms
    step = spec.selection[-1]
    assert (step.observable, step.op, step.value) == (ratio.name, op, value)
    said = _said(plan, catalog)
    assert "event selection" in said and f"{op} {value:g}" in said
    assert "fails it" in said  # an event without a term (or a zero denominator) fails the cut


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("the leading jet pT in events with MET/HT between 0.2 and 0.5", [(">", 0.2), ("<", 0.5)]),
        ("the leading jet pT in events with 0.2 < MET/HT <= 0.5", [(">", 0.2), ("<=", 0.5)]),
        ("the leading jet pT in events with MET/HT > 50%", [(">", 0.5)]),  # not 50
        ("the dimuon mass with pT1 - pT2 of the two leading muons above 20 GeV", [(">", 20.0)]),
    ],
)
def test_ratio_cut_ranges_percentages_and_units(catalog, text, bounds):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    cut = [(s.op, s.value) for s in plan.spec.selection if s.observable
           and plan.spec.observable(s.observable).kind in ("ratio", "difference")]  # fmt: skip
    assert cut == bounds


def test_a_cut_on_the_absolute_pt_difference(catalog):
    plan = _plan("the dimuon mass in events with |pT1 - pT2| of the two leading muons below 20 GeV",
                 catalog)  # fmt: skip
    assert plan.ok, plan.question
    step = plan.spec.selection[-1]
    obs = plan.spec.observable(step.observable)
    assert (obs.kind, obs.abs, step.op, step.value) == ("difference", True, "<", 20.0)
    assert plan.spec.observable(plan.spec.histograms[0].observable).field == "mass"
    assert "|(leading muon pT) - (subleading muon pT)|" in " ".join(plan.notes)


def test_a_ratio_cut_in_gev_is_asked(catalog):
    plan = _plan("the leading jet pT in events with MET/HT > 0.5 GeV", catalog)
    assert not plan.ok and "has no unit" in plan.question


def test_the_ratio_cut_reading_is_said_in_words(catalog):
    plan = _plan("the dimuon mass for events with pT2/pT1 of the two leading muons above 0.3",
                 catalog)  # fmt: skip
    assert "(subleading muon pT) / (leading muon pT)" in " ".join(plan.notes)
    plan = _plan("the leading jet pT in events with MET/HT > 0.5", catalog)
    assert "(MET) / (jet HT)" in " ".join(plan.notes)


def test_a_ratio_cut_with_a_per_object_term_is_asked(catalog):
    plan = _plan("the leading muon pT in events with jet pT/HT > 0.5", catalog)
    assert not plan.ok and "one value per jet" in plan.question


def test_the_ratio_cut_words_are_not_read_where_there_is_no_ratio(catalog):
    plan = _plan("the leading muon pT with muons above 25 GeV and MET > 40", catalog)
    assert plan.ok, plan.question
    assert not any(o.kind == "ratio" for o in plan.spec.observables)
    assert parse_request("the leading muon pT with MET > 40", catalog).draft.arithmetic_cuts is None


# --- 2. absolute differences -----------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["the absolute difference in pT of the two leading muons",
             "|pT1 - pT2| of the two leading muons"],
)  # fmt: skip
def test_absolute_pt_difference_is_the_absolute_value(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert (obs.kind, obs.abs, obs.left, obs.right) == (
        "difference", True, "lead_muons_pt", "sublead_muons_pt"
    )  # fmt: skip
    assert h.label.startswith("|") and h.unit == "GeV" and h.start == 0.0
    assert "absolute value" in _said(plan, catalog)


def test_absolute_mass_difference_starts_at_zero(catalog):
    plan = _plan("the absolute difference in mass between the two leading jets", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    obs = plan.spec.observable(h.observable)
    assert obs.kind == "difference" and obs.abs and h.start == 0.0 and h.stop > 0


@pytest.mark.parametrize(
    "text", ["|eta1 - eta2| of the two leading jets",
             "the absolute difference in eta between the two leading jets"],
)  # fmt: skip
def test_absolute_eta_difference_is_delta_eta(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.other) == ("delta_eta", "jets", None)
    assert "|delta eta|" in _said(plan, catalog) or "|eta_1 - eta_2|" in _said(plan, catalog)


# --- 3. b-tag working-point words -------------------------------------------------------


def _btag(plan):
    (obj,) = [o for o in plan.spec.objects if o.name == "bjets"]
    return [c.value for c in obj.cuts if c.field == "btagDeepFlavB"]


@pytest.mark.parametrize(
    ("text", "wp"),
    [
        ("the number of jets passing the loose DeepJet working point", "loose"),
        ("the number of b-tagged jets at the tight DeepJet WP", "tight"),
        ("the dimuon mass with at least one b-tagged jet at the loose DeepJet WP", "loose"),
        ("the number of b-tagged jets, DeepJet tight working point", "tight"),
    ],
)
def test_btag_working_point_words_are_the_deepjet_working_point(catalog, text, wp):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _btag(plan) == [wp]


@pytest.mark.parametrize(
    "text", ["the leading jet pT, b-tag loose WP", "the number of jets, loose DeepJet"]
)
def test_a_btag_working_point_on_untagged_jets_is_asked_as_btagging(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "b-tagging working point, not a jet ID" in plan.question


def test_deepcsv_is_asked_not_replaced_by_deepjet(catalog):
    plan = _plan("the number of b-tagged jets at the medium DeepCSV working point", catalog)
    assert not plan.ok and "btagDeepB" in plan.question and "DeepJet" in plan.question


# --- 4. the electron MVA ID ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "branch"),
    [
        ("the leading electron pT for electrons passing the MVA 90% working point",
         "mvaFall17V2Iso_WP90"),
        ("the electron pT with the MVA ID WP90", "mvaFall17V2Iso_WP90"),
        ("the electron pT, mvaFall17V2Iso_WP90", "mvaFall17V2Iso_WP90"),
        ("the dielectron mass with the WP80 MVA ID", "mvaFall17V2Iso_WP80"),
        ("the electron pT with the MVA ID WP90 in ttbar", "mvaIso_WP90"),  # 2022: NanoAOD v12
    ],
)  # fmt: skip
def test_electron_mva_id_is_the_electron_id_branch_of_the_era(catalog, text, branch):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (el,) = [o for o in plan.spec.objects if o.source == "Electron"]
    ids = [(c.field, c.op, c.value) for c in el.cuts if c.field not in ("pt", "eta")]
    assert ids == [(branch, "==", True)]  # instead of the cut-based ID, not besides it
    assert len(plan.spec.histograms) == 1  # the branch is a cut, not a second plot
    assert f"Electron_{branch}" in _said(plan, catalog)


def test_electron_mva_id_follows_the_files_branches_or_asks(catalog):
    draft = parse_request("the electron pT with the MVA ID WP90", catalog).draft
    run3 = build_spec(draft, catalog, {"Electron": {"pt", "eta", "mvaIso_WP90"}})
    (el,) = run3.spec.objects
    assert "mvaIso_WP90" in [c.field for c in el.cuts]
    with pytest.raises(SpecError, match="not every sample file has either"):
        build_spec(draft, catalog, {"Electron": {"pt", "eta", "cutBased"}})
    mixed = draft.model_copy(update={"samples": ["dy_2018", "ttbar_semilep_2022"]})
    with pytest.raises(SpecError, match="mix Run 2 NanoAOD"):
        build_spec(mixed, catalog)


@pytest.mark.parametrize("text", ["the muon pT, MVA WP90", "electron eta with the MVA ID"])
def test_mva_working_point_without_electrons_or_wp_is_asked_about_the_electron_id(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    # session 15: the branch-name reader says it is an electron ID ("mva wp90") first
    assert "b-tag" not in plan.question
    assert "MVA identification" in plan.question or "electron identification" in plan.question


@pytest.mark.parametrize(
    "text", ["electrons passing the 90% working point", "the electron pT for WP90 electrons"]
)
def test_an_electron_efficiency_working_point_asks_which_electron_id(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "MVA ID working point" in plan.question and "cut-based" in plan.question
    assert "b-tag" not in plan.question


def test_an_efficiency_working_point_of_btagging_stays_the_btag_question(catalog):
    plan = _plan("the leading jet pT with b-tagged jets at the 70% working point", catalog)
    assert not plan.ok and "DeepJet" in plan.question


# --- the sandboxed run: the electron MVA ID (2022 branch) and a MET/HT cut ------------------

RUN_TEXT = (
    "the leading electron pT for electrons passing the MVA ID WP90 in events with MET/HT > 0.3 "
    "in ttbar"
)


@pytest.fixture(scope="module")
def ratio_cut_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan(RUN_TEXT, default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("ratio13")).result


def test_mva_electrons_with_a_met_over_ht_cut_match_the_reference(ratio_cut_run, demo_data):
    plan, result = ratio_cut_run
    assert plan.spec.samples == [TT]
    with uproot.open(demo_data / FILES[TT]) as f:
        ev = f["Events"].arrays(
            filter_name=["Electron_pt", "Electron_eta", "Electron_phi", "Electron_mvaIso_WP90",
                         "Jet_pt", "Jet_eta", "Jet_phi", "Jet_jetId", "MET_pt", "genWeight"]
        )  # fmt: skip
    el = coll(ev, "Electron")
    el = el[(el.pt > 20) & (abs(el.eta) < 2.5) & el.mvaIso_WP90]
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    # jets further than DeltaR 0.4 from every selected electron
    pairs = ak.cartesian({"j": jet, "e": el}, nested=True)
    dphi = np.mod(pairs.j.phi - pairs.e.phi + np.pi, 2 * np.pi) - np.pi
    dr = np.sqrt((pairs.j.eta - pairs.e.eta) ** 2 + dphi**2)
    jet = jet[ak.all(dr > 0.4, axis=2)]
    ht = ak.to_numpy(ak.sum(jet.pt, axis=1))
    met = ak.to_numpy(ev.MET_pt)
    with np.errstate(divide="ignore", invalid="ignore"):
        passes = (ht != 0) & (met / np.where(ht != 0, ht, 1.0) > 0.3)
    passes &= ak.to_numpy(ak.num(el) >= 1)
    assert 5 <= passes.sum() < len(ev)  # the cut keeps some events and removes some
    lead = ak.to_numpy(ak.firsts(el.pt)[passes])
    w = weights(TT, ev)[passes]
    (h,) = plan.spec.histograms
    check(result, h.name, TT, lead, w, h.bins, h.start, h.stop)
    last = result.cutflow[TT][-1]  # the ratio cut is the last cutflow row
    assert (last["cut"], last["events"]) == (plan.spec.selection[-1].name, int(passes.sum()))
