"""Follow-ups and samples that changed something with no note, and follow-ups still asked
(session 13).

A follow-up changes exactly what it names, keeps the rest, never silently ignores a word, and
states any value it had to choose. Each case below failed before: 'add the DY' to a 2022
ttbar plan moved the era to 2018 with no note; 'and now the jets' after the dimuon mass
plotted each jet's mass; an electron plot on the DoubleMuon data said nothing in the plan;
'twice as many bins', 'finer bins', 'only central jets', 'veto b-jets' and 'undo' were asked
(or, for 'halve the number of bins', planned as a count of jets)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.planner import plan_request

JET = "plot the leading jet pT"
DIMUON = "plot the dimuon mass"
TTBAR_JET = "plot the leading jet pT in ttbar"


def _plan(text, catalog, previous=None, **kwargs):
    kwargs.setdefault("check_files", False)
    return plan_request(text, catalog, mode="parser", previous=previous, **kwargs)


def _ok(text, catalog, previous=None, **kwargs):
    plan = _plan(text, catalog, previous, **kwargs)
    assert plan.ok, plan.question
    return plan


def _chain(catalog, *texts):
    plan = None
    for text in texts:
        plan = _ok(text, catalog, plan)
    return plan


def _hist(plan, i=0):
    h = plan.spec.histograms[i]
    return h, plan.spec.observable(h.observable)


# --- 1. a sample of another era added: the plan keeps its era and says so ---------------------


@pytest.mark.parametrize(
    ("first", "words", "added", "era"),
    [
        (TTBAR_JET, "add the DY", "dy_2018", "2022"),
        ("plot the MET in ttbar", "add DY", "dy_2018", "2022"),
        (DIMUON, "add the ttbar", "ttbar_semilep_2022", "2018"),
        ("plot the dimuon mass in DY", "add the ttbar sample", "ttbar_semilep_2022", "2018"),
        (TTBAR_JET, "add the data", "data_2018A_doublemuon", "2022"),
    ],
)
def test_adding_a_sample_of_another_era_is_stated(catalog, first, words, added, era):
    before = _ok(first, catalog)
    plan = _ok(words, catalog, before)
    assert added in plan.spec.samples
    assert plan.spec.era == era  # the plan's era kept (was: moved to 2018 for the 2022 ttbar)
    note = next(n for n in plan.notes if n.startswith(added))
    assert f"the catalog has no {era}" in note and "mix eras" in note
    assert "mix eras" in plan.describe(catalog)


def test_adding_a_sample_of_the_same_era_says_nothing_about_eras(catalog):
    plan = _ok("add the data", catalog, _ok("plot the dimuon mass in DY", catalog))
    assert plan.spec.samples == ["dy_2018", "data_2018A_doublemuon"]
    assert not any("era" in n for n in plan.notes)


def test_mixed_era_note_once_when_the_files_are_checked(catalog, demo_data):
    before = _ok(TTBAR_JET, catalog, check_files=True)
    plan = _ok("add the DY", catalog, before, check_files=True)
    assert sum("The samples mix eras" in n for n in plan.notes) == 1


# --- 2. the pair quantity carried over to the new objects -------------------------------------


@pytest.mark.parametrize(
    ("first", "words", "kind", "field", "source"),
    [
        (DIMUON, "and now the jets", "dijet", "mass", "Jet"),
        (DIMUON, "now the jets", "dijet", "mass", "Jet"),
        ("plot the dimuon pT", "now the jets", "dijet", "pt", "Jet"),
        ("plot the dielectron mass", "and now the jets", "dijet", "mass", "Jet"),
        (DIMUON, "now the photons", "diphoton", "mass", "Photon"),
        (DIMUON, "now the b-jets", "b-jet pair", "mass", "Jet"),
    ],
)
def test_pair_quantity_carried_to_the_new_objects(catalog, first, words, kind, field, source):
    plan = _ok(words, catalog, _ok(first, catalog))
    _, obs = _hist(plan)
    (comb,) = plan.spec.combinations  # was: no pair, one entry per jet (the jet's own mass)
    assert (obs.of, obs.field) == (comb.name, field)
    assert comb.leading == 2 and comb.charge in (None, "any")
    (inp,) = comb.inputs
    assert plan.spec.object(inp).source == source
    note = next(n for n in plan.notes if "carried over" in n)
    assert f"the {kind} {field.replace('pt', 'pT')}" in note and "two leading" in note


def test_pair_carried_gets_the_new_quantitys_binning(catalog):
    first = _ok("plot the dimuon mass between 80 and 100 GeV", catalog)
    plan = _ok("now the jets", catalog, first)
    hist, obs = _hist(plan)
    assert obs.field == "mass" and plan.spec.combinations[0].name == obs.of
    assert (hist.start, hist.stop) != (80.0, 100.0)  # a Z window is no dijet-mass range


@pytest.mark.parametrize(
    ("first", "words", "of", "index"),
    [
        (DIMUON, "same for electrons", "dielectron", None),  # the same family: the pair kept
        ("plot the muon pT", "same for electrons", "electrons", None),  # each electron
        ("plot the leading muon pT", "now the jets", "jets", 0),  # the leading jet
        (DIMUON, "now the jet mass", "jets", None),  # a quantity said: each jet's own mass
    ],
)
def test_no_pair_carried_where_none_was_or_the_words_name_one(catalog, first, words, of, index):
    plan = _ok(words, catalog, _ok(first, catalog))
    _, obs = _hist(plan)
    assert (obs.of, obs.index) == (of, index)
    assert not any("carried over" in n for n in plan.notes)


# --- 3. electrons or photons on the DoubleMuon data: said in the plan --------------------------


@pytest.mark.parametrize(
    ("texts", "what"),
    [
        (("plot the leading electron pT",), "electrons"),
        ((DIMUON, "same for electrons"), "electrons"),
        (("plot the muon pT", "same for electrons"), "electrons"),
        (("plot the electron pT", "now the photons"), "photons"),
        (("plot the MET", "now the leading electron pT"), "electrons"),
    ],
)
def test_electron_plot_on_doublemuon_data_is_said(catalog, texts, what):
    plan = _chain(catalog, *texts)
    assert "data_2018A_doublemuon" in [s.name for s in catalog.data(plan.spec.era)]
    (note,) = [n for n in plan.notes if n.startswith("Data:")]
    assert "DoubleMuon stream" in note and f"the {what} in data are biased" in note
    assert "\n" not in note and note in plan.describe(catalog)


@pytest.mark.parametrize(
    "texts",
    [
        (DIMUON,),
        ("plot the leading muon pT",),
        (JET,),
        ("plot the MET",),
        ("plot the electron pT in DY",),  # MC only
        ("plot the dimuon mass in DY", "same for electrons"),  # MC only
    ],
)
def test_no_stream_note_for_muons_jets_or_mc_only(catalog, texts):
    plan = _chain(catalog, *texts)
    assert not any(n.startswith("Data:") for n in plan.notes)


# --- 4. binning factors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "words", "bins", "chosen"),
    [
        (JET, "twice as many bins", 60, None),
        (JET, "double the number of bins", 60, None),
        (DIMUON, "twice as many bins", 60, None),
        (JET, "half the bins", 15, None),
        (DIMUON, "half as many bins", 15, None),
        ("plot the jet eta", "halve the number of bins", 13, None),  # was: the number of jets
        (JET, "finer bins", 60, "twice"),
        (DIMUON, "finer binning", 60, "twice"),
        ("plot the MET", "use finer bins", 40, "twice"),
        (JET, "more bins", 60, "twice"),
        (JET, "coarser binning", 15, "half"),
        (DIMUON, "coarser bins", 15, "half"),
        ("plot the MET", "fewer bins", 10, "half"),
    ],
)
def test_binning_factor_keeps_the_range(catalog, first, words, bins, chosen):
    before = _ok(first, catalog)
    old, old_obs = _hist(before)
    plan = _ok(words, catalog, before)
    hist, obs = _hist(plan)
    assert (hist.bins, hist.start, hist.stop) == (bins, old.start, old.stop)
    assert obs == old_obs and plan.spec.selection == before.spec.selection
    (note,) = [n for n in plan.notes if n.startswith("Binning:")]
    assert f"{bins} bins instead of {old.bins}" in note
    if chosen:
        assert f"read as {chosen} as many" in note
    if old.bins % 2 and bins < old.bins:
        assert "rounded up" in note
    assert plan.request == words


def test_binning_factor_with_other_words(catalog):
    plan = _ok("finer bins and log scale", catalog, _ok(JET, catalog))
    hist, _ = _hist(plan)
    assert (hist.bins, hist.log_y) == (60, True)  # was: 'finer' dropped as commentary
    said = _ok("finer bins, 80 bins", catalog, _ok(JET, catalog))  # the number said wins
    assert _hist(said)[0].bins == 80 and not any(n.startswith("Binning:") for n in said.notes)


@pytest.mark.parametrize(
    ("first", "words", "asked"),
    [
        ("plot the number of jets", "twice as many bins", "one bin per integer"),
        ("plot the number of jets", "coarser binning", "one bin per integer"),
        ("plot the leading jet pT with bin edges 0, 50, 100, 200, 400", "finer bins",
         "variable bin edges"),
        (DIMUON, "twice as many bins and fewer bins", "both more and fewer"),
    ],
)  # fmt: skip
def test_binning_factor_asked_when_it_has_no_one_meaning(catalog, first, words, asked):
    plan = _plan(words, catalog, _ok(first, catalog))
    assert not plan.ok and asked in plan.question


def test_binning_factor_asked_for_histograms_of_different_binnings(catalog):
    two = _chain(catalog, DIMUON, "also plot the dimuon pT")
    plan = _plan("finer bins", catalog, two)
    assert not plan.ok and "different binnings" in plan.question


# --- 4. central jets, b-jet veto ----------------------------------------------------------------


@pytest.mark.parametrize(
    "first", [JET, "plot the number of jets", "plot the leading jet pT of jets with |eta| < 4.7"]
)
def test_central_jets_is_an_eta_cut_stated(catalog, first):
    plan = _ok("only central jets", catalog, _ok(first, catalog))
    jets = next(o for o in plan.spec.objects if o.source == "Jet")
    (cut,) = [c for c in jets.cuts if c.field == "eta"]
    assert (cut.op, cut.value, cut.abs) == ("<", 2.4, True)
    assert plan.draft.requirements["jet"].abs_eta_max == 2.4
    assert any("read as jets with |eta| < 2.4" in n for n in plan.notes)


@pytest.mark.parametrize(
    ("first", "words", "asked"),
    [
        (DIMUON, "only central muons", "What |eta| is 'central'"),
        (DIMUON, "only central jets", "no jets"),
    ],
)
def test_central_asked_where_it_has_no_one_value(catalog, first, words, asked):
    plan = _plan(words, catalog, _ok(first, catalog))
    assert not plan.ok and asked in plan.question


def _bjet_veto(plan):
    (bjets,) = [o for o in plan.spec.objects if o.name == "bjets"]
    (tag,) = [c for c in bjets.cuts if c.field == "btagDeepFlavB"]
    steps = [(s.op, s.value) for s in plan.spec.selection if s.count == "bjets"]
    return tag.value, steps


@pytest.mark.parametrize(
    ("first", "words", "wp"),
    [
        (JET, "veto b-jets", "medium"),
        (JET, "no b-jets", "medium"),
        (DIMUON, "with no b-tagged jets", "medium"),
        ("plot the number of jets", "without b-jets", "medium"),
        ("plot the MET", "b-jet veto", "medium"),
        (DIMUON, "veto loose b-jets", "loose"),
    ],
)
def test_bjet_veto_is_zero_btagged_jets_with_the_working_point_stated(catalog, first, words, wp):
    before = _ok(first, catalog)
    plan = _ok(words, catalog, before)
    value, steps = _bjet_veto(plan)
    assert value == wp and steps == [("==", 0)]  # one cutflow row (was: ">= 0", "<= 0")
    assert _hist(plan)[1] == _hist(before)[1]  # the plot kept
    assert any(f"exactly 0 b-tagged jets (DeepJet {wp} working point" in n for n in plan.notes)


def test_bjet_veto_of_a_bjet_plot_is_asked(catalog):
    plan = _plan("veto b-jets", catalog, _ok("plot the leading b-jet pT", catalog))
    assert not plan.ok and "b-jet veto" in plan.question


# --- 4. undo -----------------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["undo", "go back", "revert that", "undo the last change"])
def test_undo_returns_the_plan_before_the_last_followup(catalog, words):
    first = _ok(JET, catalog)
    finer = _ok("twice as many bins", catalog, first)
    back = _ok(words, catalog, finer)
    assert back.spec == first.spec
    assert any("Undone: 'twice as many bins'" in n for n in back.notes)


def test_undo_twice_walks_back_the_kept_history(catalog):
    first = _ok(DIMUON, catalog)
    jets = _ok("now the jets", catalog, first)
    log = _ok("now log scale", catalog, jets)
    back = _ok("undo", catalog, _ok("undo", catalog, log))
    assert back.spec == first.spec
    again = _ok("undo", catalog, _ok("now the jets", catalog, back))
    assert again.spec == first.spec
    assert [n for n in again.notes if n.startswith("Undone")] == [
        "Undone: 'now the jets'; back to the plan of 'plot the dimuon mass'."
    ]


def test_undo_without_history_is_asked(catalog):
    plan = _plan("undo", catalog, _ok(JET, catalog))
    assert not plan.ok and "no earlier plan" in plan.question


# --- a real run: the dijet mass follow-up, twice the bins, with a b-jet veto -------------------


def test_dijet_followup_with_veto_and_finer_bins_runs_against_the_reference(
    catalog, demo_data, tmp_path
):
    from chathep.engine import run_spec
    from tests.test_physics import FILES, TT, check, coll, pair_mass, weights

    plan = _chain(
        catalog, "plot the dimuon mass in ttbar", "now the jets", "twice as many bins",
        "veto b-jets",
    )  # fmt: skip
    hist, _ = _hist(plan)
    assert (hist.bins, hist.start, hist.stop) == (100, 0.0, 1000.0)
    result = run_spec(plan.spec, workdir=tmp_path).result
    with uproot.open(demo_data / FILES[TT]) as f:
        ev = f["Events"].arrays(filter_name=["Jet_*", "genWeight"])
    jet = coll(ev, "Jet")
    good = (jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)
    jets = jet[good]
    tagged = jets[jets.btagDeepFlavB > 0.3086]  # DeepJet medium, 2022 (BTV)
    keep = ak.to_numpy((ak.num(jets) >= 2) & (ak.num(tagged) == 0))
    lead = jets[keep]
    values = ak.to_numpy(pair_mass(lead[:, 0], lead[:, 1]))
    w = weights(TT, ev)[keep]
    two = ak.to_numpy(ak.num(jets) >= 2)
    assert 0 < keep.sum() < two.sum()  # the veto removes some events, not all
    check(result, hist.name, TT, values, w, hist.bins, hist.start, hist.stop)
    assert np.isfinite(values).all()


@pytest.mark.parametrize(
    ("first", "words"),
    [
        (JET, "plot the number of jets with twice as many bins"),
        (DIMUON, "plot the HT of only central jets"),
    ],
)
def test_phrases_beside_a_new_plot_are_not_read_against_the_previous_one(catalog, first, words):
    plan = _plan(words, catalog, _ok(first, catalog))
    # the previous plot's 30 bins from 0 to 300 are no binning of a jet count, and the
    # previous plot's (absent) jets do not decide for a new plot of jets
    assert not plan.ok or _hist(plan)[0].bins != 60
    assert not plan.ok or "no jets" not in (plan.question or "")
    assert not any(n.startswith("Binning:") or "central" in n for n in plan.notes)
