"""Silent misreadings found with paraphrases of our own (issue 12, theme D): requests the
planner used to plan as something else with no note. Each is now read literally, or asked
(the question quotes the words), with paraphrases and near-misses that must keep their
reading; the new readings are then run in the sandbox against hand-written uproot/awkward
references on the demo files (nothing from chathep in the references)."""

from __future__ import annotations

import itertools

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.engine import run_spec
from chathep.planner import plan_request
from tests.test_physics import DATA, DY, FILES, TT, check, coll, pair_mass, weights


def _plan(text, catalog, previous=None):
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _asked(plan, *words):
    assert not plan.ok, plan.spec
    for word in words:
        assert word in plan.question.lower(), plan.question


# --- "the fourth jet": that jet (was: every jet, no note) ---------------------------------


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("plot the pT of the fourth jet", 3),
        ("the 4th jet pT", 3),
        ("the fourth leading jet pT", 3),
        ("plot the eta of the 5th jet", 4),
        ("the pT of the sixth jet in ttbar", 5),
        ("plot the pT of the third jet", 2),  # unchanged
    ],
)
def test_an_ordinal_jet_is_that_jet(catalog, text, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.index) == ("jets", index)
    steps = [(s.count, s.op, s.value) for s in plan.spec.selection if s.count]
    assert ("jets", ">=", index + 1) in steps  # the event must have that jet


# --- "the mass of the leading muon": asked (was: the dimuon mass) --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "plot the mass of the leading muon",
        "the leading muon mass",
        "show the invariant mass of the subleading electron",
        "plot the mass of the hardest lepton",
    ],
)
def test_the_mass_of_one_lepton_is_asked(catalog, text):
    _asked(_plan(text, catalog), "rest mass", "which mass")


@pytest.mark.parametrize(
    ("text", "of", "field", "index"),
    [
        ("plot the mass of the leading jet", "jets", "mass", 0),  # a jet's own mass
        ("plot the mass of the two leading muons", "dimuon", "mass", None),
        ("plot the dimuon mass", "dimuon", "mass", None),
    ],
)
def test_masses_near_the_single_lepton_keep_their_reading(catalog, text, of, field, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.field, obs.index) == (of, field, index)


# --- "the dimuon pair with the highest pT": that pair (was: the two leading muons) --------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("plot the mass of the dimuon pair with the highest pT", "dimuon"),
        ("plot the mass of the muon pair with the largest pT", "dimuon"),
        ("the eta of the dimuon candidate with the highest transverse momentum", "dimuon"),
        ("plot the dijet mass of the pair with the highest pT", "dijet"),
    ],
)
def test_the_pair_of_highest_pt_is_chosen_among_all_pairs(catalog, text, name):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.name, comb.choose, comb.leading) == (name, "highest_pt", None)
    assert any("of highest pT among all combinations" in x for x in plan.defaults)


def test_the_object_of_highest_pt_is_still_the_leading_one(catalog):
    plan = _plan("plot the eta of the jet with the highest pT", catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.field, obs.index) == ("jets", "eta", 0)
    assert not plan.spec.combinations


# --- a count's stated range: one bin per integer (was: 7 bins from 0 to 5) -----------------


@pytest.mark.parametrize(
    ("text", "bins", "start", "stop"),
    [
        ("plot the number of muons per event in the range 0 to 5", 6, -0.5, 5.5),
        ("plot the number of jets per event from 0 to 10", 11, -0.5, 10.5),
        ("the jet multiplicity between 2 and 8", 7, 1.5, 8.5),
        ("the number of primary vertices from 0 to 60", 61, -0.5, 60.5),
        # stated bins or half-integer edges are the user's: literal
        ("plot the number of jets from 0 to 10 with 20 bins", 20, 0.0, 10.0),
        ("plot the number of jets from -0.5 to 9.5", 11, -0.5, 9.5),
    ],
)
def test_a_counts_range_is_of_the_integers(catalog, text, bins, start, stop):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (hist,) = plan.spec.histograms
    assert (hist.bins, hist.start, hist.stop) == (bins, start, stop)
    centred = any("one bin centred on each integer" in x for x in plan.defaults)
    assert centred == (start % 1 == 0.5 and "from -0.5" not in text)


def test_a_non_count_range_is_not_shifted(catalog):
    plan = _plan("plot the leading muon pT from 20 to 60 GeV", catalog)
    assert plan.ok, plan.question
    (hist,) = plan.spec.histograms
    assert (hist.start, hist.stop) == (20.0, 60.0)


# --- a Z candidate beside another plot: a Z -> ll event selection (was: dropped) ----------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("plot the leading jet pT for events with a Z candidate", "Muon"),
        ("plot the number of jets in events with a Z boson candidate", "Muon"),
        ("plot the MET in events with a Z candidate", "Muon"),
        ("plot the leading electron eta in events with a Z candidate", "Electron"),
    ],
)
def test_a_z_candidate_selects_the_events(catalog, text, source):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert (comb.choose, comb.charge) == ("closest_mass", "opposite")
    assert plan.spec.object(comb.inputs[0]).source == source
    assert any(s.count == comb.name for s in plan.spec.selection)
    (hist,) = plan.spec.histograms
    obs = next(o for o in plan.spec.observables if o.name == hist.observable)
    assert obs.of != comb.name  # the Z selects; it is not what is plotted
    assert any("Z read as an event selection" in n for n in plan.notes)


def test_a_z_sample_is_not_a_z_selection(catalog):
    plan = _plan("plot the number of leptons in each event in a set of Z boson data", catalog)
    assert plan.ok, plan.question
    assert not plan.spec.combinations
    assert not any("Z read as an event selection" in n for n in plan.notes)


# --- asked: one object's cut, the Z's legs, the system of all, a window taken out ---------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("plot the dimuon mass where at least one muon has pT above 30 GeV", ["one muon"]),
        ("plot the dimuon mass for events in which one of the muons has pT > 30 GeV",
         ["one muon"]),
        ("plot the number of jets where at least one jet has pT above 100 GeV", ["one jet"]),
        ("plot the pT of muons from the Z decay", ["muons from the z decay", "leg"]),
        ("plot the pT of the muons that form the Z candidate", ["that form the z", "leg"]),
        ("plot the eta of electrons coming from the Z boson", ["coming from the z", "leg"]),
        # the system of all: its mass/pT/eta/phi are planned (test_planner_reductions.py)
        ("plot the rapidity of the sum of all jets", ["sum of all jets"]),
        ("plot the dimuon mass outside the Z peak", ["outside the z peak"]),
        ("plot the number of jets in events outside the Z window", ["outside the z window"]),
        ("plot the dimuon mass excluding the Z mass region", ["excluding the z"]),
    ],
)  # fmt: skip
def test_readings_that_would_be_silently_wrong_are_asked(catalog, text, words):
    _asked(_plan(text, catalog), *words)


@pytest.mark.parametrize(
    ("text", "of", "field"),
    [
        ("plot the leading jet pT in events with at least one jet above 50 GeV", "jets", "pt"),
        ("plot the pT of the Z candidate", "dimuon", "pt"),
        ("plot the mass of all pairs of muons", "dimuon", "mass"),
        ("plot the dimuon mass in the Z window", "dimuon", "mass"),
        ("plot the dimuon mass near the Z peak", "dimuon", "mass"),
        # were asked; now the four-vector sum of every object (kind system)
        ("plot the pT of the sum of all jets", "jets", "pt"),
        ("plot the invariant mass of all jets", "jets", "mass"),
        ("plot the invariant mass of all muons in the event", "muons", "mass"),
    ],
)
def test_near_misses_keep_their_reading(catalog, text, of, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.of, obs.field) == (of, field)


def test_the_ht_of_all_jets_is_still_the_ht(catalog):
    plan = _plan("plot the HT of all jets", catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert obs.kind == "ht"


# --- "mu+", "mu-": muons of that charge (was: the sign dropped) ---------------------------


@pytest.mark.parametrize(
    ("text", "op"),
    [("plot the pT of mu+ only", ">"), ("plot the eta of mu- candidates", "<")],
)
def test_a_muon_charge_sign_is_a_charge_cut(catalog, text, op):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (muons,) = plan.spec.objects
    assert [(c.op, c.value) for c in muons.cuts if c.field == "charge"] == [(op, 0.0)]


def test_a_mu_plus_mu_minus_pair_is_still_a_dimuon(catalog):
    plan = _plan("plot the mass of mu+mu- pairs", catalog)
    assert plan.ok, plan.question
    (muons,) = plan.spec.objects
    assert not [c for c in muons.cuts if c.field == "charge"]
    (comb,) = plan.spec.combinations
    assert comb.charge == "opposite"


# --- sandboxed runs against hand-written references ---------------------------------------


def _good_muons(ev):
    mu = coll(ev, "Muon")
    return mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]


def _read(demo_data, sample, prefixes):
    with uproot.open(demo_data / FILES[sample]) as f:
        names = [k for k in f["Events"].keys() if k.split("_")[0] in prefixes]  # noqa: SIM118
        return f["Events"].arrays([*names, "genWeight"] if sample != DATA else names)


@pytest.fixture(scope="module")
def runs(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    texts = {
        # all muons (no cuts): the data has events with 3+ muons, where the pair of highest
        # pT and the pair of the two leading muons differ
        "pair": "plot the mass of the dimuon pair with the highest pT in data, all muons with "
        "no cuts, 40 bins from 0 to 200 GeV",
        "fourth": "plot the pT of the fourth jet in ttbar",
        "count": "plot the number of muons per event in the range 0 to 5 in data",
    }
    out = {}
    for key, text in texts.items():
        plan = _plan(text, default_catalog())
        assert plan.ok, plan.question
        out[key] = (plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp(key)).result)
    return out


def test_the_highest_pt_pair_mass_matches_the_reference(runs, demo_data):
    plan, result = runs["pair"]
    ev = _read(demo_data, DATA, ("Muon",))
    masses, differs = [], 0
    for muons in coll(ev, "Muon"):
        best, leading = None, None
        for a, b in itertools.combinations(muons, 2):
            if a.charge == b.charge:
                continue
            px = a.pt * np.cos(a.phi) + b.pt * np.cos(b.phi)
            py = a.pt * np.sin(a.phi) + b.pt * np.sin(b.phi)
            if best is None or np.hypot(px, py) > best[0]:
                best = (np.hypot(px, py), pair_mass(a, b))
        if best is None:
            continue
        masses.append(best[1])
        top = muons[np.argsort(-np.asarray(muons.pt))[:2]]
        if top[0].charge != top[1].charge:
            leading = pair_mass(top[0], top[1])
        differs += leading is None or not np.isclose(leading, best[1])
    assert differs > 0, "no event tells the highest-pT pair from the two leading muons"
    (hist,) = plan.spec.histograms
    check(result, hist.name, DATA, masses, np.ones(len(masses)), hist.bins, hist.start,
          hist.stop)  # fmt: skip


def test_the_fourth_jet_pt_matches_the_reference(runs, demo_data):
    plan, result = runs["fourth"]
    ev = _read(demo_data, TT, ("Jet",))
    jets = coll(ev, "Jet")
    jets = jets[(jets.pt > 30) & (abs(jets.eta) < 2.4) & (jets.jetId >= 2)]
    jets = jets[ak.argsort(jets.pt, ascending=False)]
    has4 = ak.num(jets) >= 4
    values = ak.to_numpy(jets[has4][:, 3].pt)
    (hist,) = plan.spec.histograms
    check(result, hist.name, TT, values, weights(TT, ev)[ak.to_numpy(has4)], hist.bins,
          hist.start, hist.stop)  # fmt: skip


def test_the_muon_count_has_one_bin_per_integer(runs, demo_data):
    plan, result = runs["count"]
    ev = _read(demo_data, DATA, ("Muon",))
    counts = ak.to_numpy(ak.num(_good_muons(ev)))
    (hist,) = plan.spec.histograms
    assert (hist.bins, hist.start, hist.stop) == (6, -0.5, 5.5)
    check(result, hist.name, DATA, counts, np.ones(len(counts)), 6, -0.5, 5.5)
    h = result.histograms[hist.name][DATA, "nominal", :]
    # each count its own bin: the bin of 2 muons holds exactly the events with 2
    assert h.values()[2] == np.sum(counts == 2)


# --- follow-ups: "also" adds a histogram; a new quantity keeps the object's index ---------


def _follow(catalog, first, then):
    plan = _plan(first, catalog)
    assert plan.ok, plan.question
    return _plan(then, catalog, previous=plan)


def _plotted(plan):
    out = []
    for hist in plan.spec.histograms:
        obs = next(o for o in plan.spec.observables if o.name == hist.observable)
        out.append((obs.kind, obs.of, obs.field, obs.index))
    return out


@pytest.mark.parametrize(
    ("first", "then", "plotted"),
    [
        ("plot the dimuon mass", "also plot the dimuon pT",
         [("field", "dimuon", "mass", None), ("field", "dimuon", "pt", None)]),
        ("plot the dimuon mass", "and the dimuon pT too",
         [("field", "dimuon", "mass", None), ("field", "dimuon", "pt", None)]),
        ("plot the dimuon mass", "the dimuon pT as well",
         [("field", "dimuon", "mass", None), ("field", "dimuon", "pt", None)]),
        ("plot the leading jet pT", "also the eta",
         [("field", "jets", "pt", 0), ("field", "jets", "eta", 0)]),
        ("plot the muon pT", "add the eta",
         [("field", "muons", "pt", None), ("field", "muons", "eta", None)]),
    ],
)  # fmt: skip
def test_a_followup_that_adds_keeps_the_first_histogram(catalog, first, then, plotted):
    plan = _follow(catalog, first, then)
    assert plan.ok, plan.question
    assert _plotted(plan) == plotted
    assert any(n.startswith("Added:") for n in plan.notes)


def test_a_followup_adding_a_plot_of_other_objects_adds_it(catalog):
    # asked until session 33; since then a plot of its own, of the events shown
    plan = _follow(catalog, "plot the dimuon mass", "also plot the leading jet pT")
    assert plan.ok, plan.question
    assert _plotted(plan) == [("field", "dimuon", "mass", None), ("field", "jets", "pt", 0)]
    assert any(n.startswith("Added a plot of") for n in plan.notes)


@pytest.mark.parametrize(
    ("first", "then", "plotted", "kept"),
    [
        ("plot the leading jet pT", "now the eta", ("field", "jets", "eta", 0), True),
        ("plot the leading jet pT", "what about the eta?", ("field", "jets", "eta", 0), True),
        ("plot the subleading muon eta", "now the pT", ("field", "muons", "pt", 1), True),
        ("plot the leading muon pT", "show the phi instead", ("field", "muons", "phi", 0), True),
        # the objects named again, or a count: no index
        ("plot the leading jet pT", "now the eta of the jets", ("field", "jets", "eta", None),
         False),
        ("plot the leading jet pT", "now the number of jets", ("count", "jets", None, None),
         False),
        ("plot the dimuon mass", "instead the leading jet pT", ("field", "jets", "pt", 0), False),
    ],
)  # fmt: skip
def test_a_followup_naming_a_quantity_keeps_the_object(catalog, first, then, plotted, kept):
    plan = _follow(catalog, first, then)
    assert plan.ok, plan.question
    assert _plotted(plan) == [plotted]
    assert any(n.startswith("Still the") for n in plan.notes) == kept


# --- samples after "no"/"without" in a new request: left out (was: run on them alone) -----


@pytest.mark.parametrize(
    ("text", "samples"),
    [
        ("plot the MET without data", [DY]),
        ("plot the MET, no data", [DY]),
        ("plot the dimuon mass without the DY MC", [DATA]),
        ("plot the dimuon mass in data without DY", [DATA]),
        ("plot the MET distribution in DY and ttbar MC only, no data", [TT, DY]),
    ],
)
def test_a_sample_after_without_is_left_out(catalog, text, samples):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert sorted(plan.spec.samples) == sorted(samples)
    assert any(n.startswith("Left out as asked") for n in plan.notes)


@pytest.mark.parametrize(
    ("text", "samples"),
    [
        ("plot the MET in data and MC", [DATA, DY]),
        ("compare the MET in data with DY", [DATA, DY]),
        ("plot the leading jet pT in ttbar", [TT]),
    ],
)
def test_samples_named_without_a_negation_are_kept(catalog, text, samples):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    run_on = plan.spec.samples
    if run_on == "auto":  # all samples of the era
        run_on = [s.name for s in catalog.data(plan.spec.era) + catalog.mc(plan.spec.era)]
    assert sorted(run_on) == sorted(samples)
    assert not any(n.startswith("Left out as asked") for n in plan.notes)


def test_a_followup_without_data_removes_the_data(catalog):
    plan = _follow(catalog, "plot the dimuon mass", "without data")
    assert plan.ok, plan.question
    assert plan.spec.samples == [DY]


# --- an object defined and then unused: its plot was dropped ------------------------------


def test_a_list_of_counts_with_cuts_gives_each_histogram(catalog):
    text = (
        "plot the number of muons with pT greater than 10 GeV and the number of electrons "
        "with pT greater than 10 GeV"
    )
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _plotted(plan) == [("count", "muons", None, None), ("count", "electrons", None, None)]
    for obj in plan.spec.objects:
        assert [c.value for c in obj.cuts if c.field == "pt"] == [10.0]


# --- an ordinal after the quantity: asked (was: every jet) ---------------------------------


@pytest.mark.parametrize(
    "text", ["plot jet pT leading", "jet eta leading", "plot the jet pT, leading",
             "plot muon pt subleading"],
)  # fmt: skip
def test_a_trailing_ordinal_is_asked(catalog, text):
    _asked(_plan(text, catalog), "only, or of every")


def test_no_cuts_before_a_sample_is_not_a_removal(catalog):
    plan = _plan("plot the number of jets of all jets with no cuts in ttbar", catalog)
    assert plan.ok, plan.question
    assert plan.spec.samples == [TT]


# --- "one jet or less", "two muons or more": at most / at least (was: at least one) -------


@pytest.mark.parametrize(
    ("text", "kind", "op", "value"),
    [
        ("plot the MET for events with one jet or less", "jets", "<=", 1),
        ("plot the MET for events with 2 or fewer jets", "jets", "<=", 2),
        ("plot the MET for events with two muons or more", "muons", ">=", 2),
        ("plot the MET for events with 2 or more jets", "jets", ">=", 2),
    ],
)
def test_or_less_and_or_more_bound_the_count(catalog, text, kind, op, value):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    steps = [(s.count, s.op, s.value) for s in plan.spec.selection if s.count]
    assert steps == [(kind, op, value)]


# --- "within 10 GeV of the Z mass": the window around it (was: mass < 10 GeV) --------------


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("plot the number of jets for events with the dimuon mass within 10 GeV of the Z mass",
         10.0),
        ("plot the leading jet pT for events with a muon pair within 15 GeV of the Z boson mass",
         15.0),
    ],
)  # fmt: skip
def test_within_a_width_of_the_z_mass_is_a_window(catalog, text, width):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.mass_min == pytest.approx(91.1876 - width)
    assert comb.mass_max == pytest.approx(91.1876 + width)


def test_a_pair_within_a_width_of_the_z_mass_cuts_the_pair_not_the_axis(catalog):
    plan = _plan("plot the dimuon pT for dimuon pairs within 15 GeV of the Z boson mass", catalog)
    assert plan.ok, plan.question
    (hist,) = plan.spec.histograms
    assert (hist.start, hist.stop) == (0.0, 200.0)  # the pT axis, untouched
    cuts = [(s.op, s.value) for s in plan.spec.selection if s.observable]
    assert cuts == [(">", pytest.approx(76.1876)), ("<", pytest.approx(106.1876))]


# --- objects selected by their origin: asked (was: the origin dropped) --------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("plot the leading muon pT for muons from b decays", "muons from b decays"),
        ("plot the pT of jets from the top decay", "jets from the top decay"),
    ],
)
def test_objects_by_origin_are_asked(catalog, text, words):
    _asked(_plan(text, catalog), words, "generator-level")


def test_the_w_built_from_the_muon_is_not_an_origin(catalog):
    plan = _plan("plot the transverse mass of the W from the muon and MET", catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of) == ("mt", "muons")


# --- "up to an |eta| of 4.7": below (was: |eta| > 4.7); a bare "|eta| of 4.7": asked -------


@pytest.mark.parametrize(
    "text",
    [
        "plot the jet pT for jets up to |eta| of 4.7",
        "plot the leading jet eta up to |eta| of 4.7",
        "plot the jet pT for jets up to an |eta| of 4.7",
        "plot the jet pT for jets within |eta| = 4.7",
    ],
)
def test_up_to_an_eta_is_an_upper_bound(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (jets,) = plan.spec.objects
    assert [(c.op, c.value) for c in jets.cuts if c.field == "eta"] == [("<", 4.7)]


def test_a_bare_eta_of_is_asked(catalog):
    _asked(_plan("plot the jet pT for jets with |eta| of 4.7", catalog), "|eta| of 4.7")


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("plot the jet pT for jets with |eta| of at most 4.7", "<"),
        ("plot the jet pT for jets with |eta| of at least 2.5", ">"),
    ],
)
def test_an_eta_of_at_most_or_at_least_keeps_its_reading(catalog, text, op):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (jets,) = plan.spec.objects
    assert [c.op for c in jets.cuts if c.field == "eta"] == [op]


# --- "events with only one muon": exactly one (was: at least one, with a note) ------------


@pytest.mark.parametrize(
    ("text", "kind", "n"),
    [
        ("plot the muon pT for events with only one muon", "muons", 1),
        ("plot the MET in events having just two jets", "jets", 2),
        ("plot the MET in events with only two b-tagged jets", "bjets", 2),
    ],
)
def test_only_n_objects_is_exactly_n(catalog, text, kind, n):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    steps = [(s.count, s.op, s.value) for s in plan.spec.selection if s.count]
    assert steps == [(kind, ">=", n), (kind, "<=", n)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("plot the pT of the two muons in the pair", "muons in the pair"),
        ("plot the eta of the jets of the dijet", "jets of the dijet"),
    ],
)
def test_the_legs_of_a_pair_are_asked(catalog, text, words):
    _asked(_plan(text, catalog), words, "each leg")
