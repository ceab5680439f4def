"""Session 20: known open planner items (the mass of two ranked objects, lists of momentum
components, follow-ups that name a field, what a follow-up note says the pair keeps, the Z mass
named in a step label)."""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.spec import parse_spec
from tests._planned_run import run_plans, sorted_by_pt
from tests._plans import parser_plan
from tests.test_physics import DATA, DY, check, coll, read, weights

_plan = parser_plan

JETS = {"name": "jets", "source": "Jet"}


# --- 1. the mass (and pT) of two ranked objects: the four-vector sum of of[i] and of[j] ---------
@pytest.mark.parametrize(
    ("text", "of", "field", "ranks", "binning"),
    [
        ("the mass of the leading and third jet", "jets", "mass", (0, 2), (50, 0.0, 1000.0)),
        ("invariant mass of the first and third jets", "jets", "mass", (0, 2), (50, 0.0, 1000.0)),
        ("the mass of the second and third jets", "jets", "mass", (1, 2), (50, 0.0, 1000.0)),
        ("m(j1,j3)", "jets", "mass", (0, 2), (50, 0.0, 1000.0)),
        ("plot m(j3, j1)", "jets", "mass", (0, 2), (50, 0.0, 1000.0)),
        ("the invariant mass of the leading jet and the third jet", "jets", "mass", (0, 2),
         (50, 0.0, 1000.0)),
        ("the mass of the third and first muons", "muons", "mass", (0, 2), (30, 0.0, 300.0)),
        ("the pT of the leading and third jet system", "jets", "pt", (0, 2), (30, 0.0, 300.0)),
        ("plot M(j[1] j[3]) 100 0 3000", "jets", "mass", (0, 2), (100, 0.0, 3000.0)),
        ("plot M(j[2] j[3]) 100 0 3000", "jets", "mass", (1, 2), (100, 0.0, 3000.0)),
    ],
)  # fmt: skip
def test_the_mass_of_two_ranked_objects_is_planned(catalog, text, of, field, ranks, binning):
    plan = _plan(text, catalog)  # was: asked (the spec had no form for it)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index, obs.other_index) == ("system", of, field,
                                                                          *ranks)  # fmt: skip
    assert not plan.spec.combinations  # not a pair of the leading two
    need = ranks[1] + 1
    assert [(s.count, s.op, s.value) for s in plan.spec.selection] == [(of, ">=", need)]
    (h,) = plan.spec.histograms
    assert (h.bins, h.start, h.stop) == binning
    assert all(f"_{{{r + 1}}}" in h.label for r in ranks)  # m_{j_{1}j_{3}}


def test_the_plan_says_which_two_objects(catalog):
    plan = _plan("the mass of the leading and third jet", catalog)
    assert any("four-vector sum of jets[0] and jets[2]" in d for d in plan.defaults)
    assert plan.spec.title.startswith("Mass of the leading and third jets")
    muons = _plan("the mass of the leading and third muons", catalog)
    assert any("any charges" in d for d in muons.defaults)  # no charge requirement, said


@pytest.mark.parametrize(
    "text",
    ["the mass of the two leading jets", "the mass of the leading and subleading jets", "m(j1,j2)",
     "plot M(j[1] j[2]) 100 0 3000"],
)  # fmt: skip
def test_the_two_leading_stay_the_leading_pair(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (pair,) = plan.spec.combinations
    assert (pair.inputs, pair.leading) == (["jets"], 2)
    assert plan.spec.observables[0].kind == "field"


@pytest.mark.parametrize(
    "text",
    [
        "the mass of the leading and leading jet",  # one object twice
        "the mass of the leading jet and the third jet",  # together, or each jet's own mass?
        "plot M(j[1] j[1]) 100 0 3000",
        "the pT of the leading and third jets",  # each jet's pT: not a system
    ],
)
def test_the_unclear_ranked_pairs_are_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec and plan.spec.observables


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"other_index": 2}, "index"),  # the second rank without the first
        ({"index": 0, "other_index": 2, "first": 3}, "no 'first'"),
        ({"index": 2, "other_index": 2}, "same object"),
    ],
)
def test_the_spec_checks_a_two_object_system(extra, message):
    spec = {"title": "t", "objects": [JETS],
            "observables": [{"name": "m", "kind": "system", "of": "jets", "field": "mass",
                             **extra}],
            "histograms": [{"name": "m", "observable": "m", "bins": 10, "start": 0, "stop": 1,
                            "label": "m"}]}  # fmt: skip
    with pytest.raises(Exception, match=message):
        parse_spec(spec)


def test_the_module_computes_it_readably(catalog):
    from chathep.compiler import compile_spec

    code = compile_spec(_plan("the mass of the leading and third jet", catalog).spec, catalog)
    body = code[code.index("def compute_observables") :]
    assert 'four_vector_sum(ranked(objects["jets"], 0, 2)).mass' in body
    assert "def ranked(" in code and "def first_n(" not in code


@pytest.fixture(scope="module")
def ranked_run(tmp_path_factory):
    from types import SimpleNamespace

    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {
        "m13": _plan("the mass of the leading and third jet", cat),
        "pt13": _plan("the pT of the leading and third jet system", cat),
    }
    # without the count step: the events with fewer than 3 jets get no entry by themselves
    alone = _plan("the mass of the second and third jets", cat).spec
    plans["m23"] = SimpleNamespace(
        ok=True, question=None, spec=alone.model_copy(update={"selection": []})
    )
    return run_plans(plans, tmp_path_factory.mktemp("ranked"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_the_ranked_system_matches_the_reference(ranked_run, demo_data, sample):
    hists, result = ranked_run
    ev = read(demo_data, sample)
    w = weights(sample, ev)
    jet = coll(ev, "Jet")
    jet = sorted_by_pt(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)])
    three = ak.to_numpy(ak.num(jet) >= 3)
    assert (~three).any() and three.any()  # both kinds of event are in the files

    def p4(o):
        pt, eta = ak.values_astype(o.pt, np.float64), ak.values_astype(o.eta, np.float64)
        phi, m = ak.values_astype(o.phi, np.float64), ak.values_astype(o.mass, np.float64)
        px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
        return np.sqrt(px**2 + py**2 + pz**2 + m**2), px, py, pz

    sel = jet[three]
    for key, (i, j) in (("m13", (0, 2)), ("pt13", (0, 2)), ("m23", (1, 2))):
        e1, x1, y1, z1 = p4(sel[:, i])
        e2, x2, y2, z2 = p4(sel[:, j])
        if key.startswith("pt"):
            values = np.hypot(x1 + x2, y1 + y2)
        else:
            m2 = (e1 + e2) ** 2 - (x1 + x2) ** 2 - (y1 + y2) ** 2 - (z1 + z2) ** 2
            values = np.sqrt(np.maximum(m2, 0.0))
        h = hists[key]
        check(result, h.name, sample, ak.to_numpy(values), w[three], h.bins, h.start, h.stop)


# --- 2. a list of momentum components: one histogram each, as "pT, eta and phi" -----------------
@pytest.mark.parametrize(
    ("text", "of", "fields", "index"),
    [
        ("px, py and pz of the leading muon", "muons", ["px", "py", "pz"], 0),
        ("plot the leading muon px, py and pz", "muons", ["px", "py", "pz"], 0),
        ("plot px, py, pz of the leading jet", "jets", ["px", "py", "pz"], 0),
        ("the px and py of the leading muon", "muons", ["px", "py"], 0),
        ("plot the px, py and pz of all muons", "muons", ["px", "py", "pz"], None),
        ("plot the theta and px of the leading muon", "muons", ["theta", "px"], 0),
        # was asked in tests/test_derived_components.py (the second component unplaced)
        ("the muon px and py", "muons", ["px", "py"], None),
    ],
)
def test_a_list_of_components_is_one_histogram_each(catalog, text, of, fields, index):
    plan = _plan(text, catalog)  # was: asked ("pz (not a quantity I know)")
    assert plan.ok, plan.question
    plotted = [plan.spec.observable(h.observable) for h in plan.spec.histograms]
    assert [(o.kind, o.of, o.field, o.index) for o in plotted] == [
        ("field", of, f, index) for f in fields
    ]


def test_the_component_list_plans_as_the_angles_list_does(catalog):
    components = _plan("px, py and pz of the leading muon", catalog).spec
    angles = _plan("pT, eta and phi of the leading muon", catalog).spec
    assert components.objects == angles.objects
    assert components.selection == angles.selection
    assert all(h.steps is None for h in components.histograms)  # the same events for each


# --- 3. a follow-up that names a NanoAOD field plots that field ----------------------------------
@pytest.mark.parametrize(
    ("first", "then", "fresh"),
    [
        ("plot the leading jet pT", "now the pz of the leading jet", "the pz of the leading jet"),
        ("plot the leading jet pT", "now the leading jet pz", "the pz of the leading jet"),
        ("plot the leading muon pT", "now the dxy of the leading muon",
         "the dxy of the leading muon"),
        ("plot the leading muon pT", "now the charge of the leading muon",
         "the charge of the leading muon"),
        ("plot the leading AK8 jet pT", "now the tau21 of the leading AK8 jet",
         "the tau21 of the leading AK8 jet"),
        ("plot the leading AK8 jet pT", "now tau21", "the tau21 of the leading AK8 jet"),
        # the field alone: of the plot's object (as "now the eta" is)
        ("plot the leading muon pT", "now the dxy", "the dxy of the leading muon"),
        ("plot the leading muon pT", "now the pz", "the pz of the leading muon"),
        ("plot the jet pT", "now the pz", "the pz of the jets"),
    ],
)  # fmt: skip
def test_a_followup_naming_a_field_plans_it(catalog, first, then, fresh):
    plan = _plan(then, catalog, previous=_plan(first, catalog))
    assert plan.ok, plan.question  # was: "I do not know a sensible range for Jet_None"
    alone = _plan(fresh, catalog)
    assert alone.ok, alone.question
    for part in ("objects", "selection", "observables", "histograms"):
        assert getattr(plan.spec, part) == getattr(alone.spec, part), part


def test_a_field_without_a_default_range_asks_for_one(catalog):
    plan = _plan("now the ptErr of the leading muon", catalog,
                 previous=_plan("plot the leading muon pT", catalog))  # fmt: skip
    assert not plan.ok and "Muon_ptErr" in plan.question  # was: "Muon_None"


def test_another_field_does_not_keep_the_previous_fields_binning(catalog):
    dxy = _plan("now the dxy of the leading muon with 40 bins from -0.1 to 0.1", catalog,
                previous=_plan("plot the leading muon pT", catalog))  # fmt: skip
    assert (dxy.spec.histograms[0].start, dxy.spec.histograms[0].stop) == (-0.1, 0.1)
    charge = _plan("now the charge of the leading muon", catalog, previous=dxy)
    assert charge.ok, charge.question
    (h,) = charge.spec.histograms
    assert charge.spec.observables[0].field == "charge"
    assert (h.bins, h.start, h.stop) == (5, -2.5, 2.5)  # the charge's own, not dxy's


@pytest.mark.parametrize("then", ["now the dxy", "now the dxy of the muons", "now the pz",
                                  "now the charge"])  # fmt: skip
def test_a_field_after_a_pair_asks_whose(catalog, then):
    plan = _plan(then, catalog, previous=_plan("plot the dimuon mass", catalog))
    assert not plan.ok  # was: the field of the dimuon pair (dxy of a pair cannot run)
    assert "each selected muon" in plan.question


def test_a_field_of_each_object_after_a_pair(catalog):
    plan = _plan("now the dxy of each muon", catalog,
                 previous=_plan("plot the dimuon mass", catalog))  # fmt: skip
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", "muons", "dxy", None)
    assert any("One entry per muon" in n for n in plan.notes)


def test_a_field_alone_after_the_met_is_not_guessed(catalog):
    plan = _plan("now the dxy", catalog, previous=_plan("plot the MET", catalog))
    assert not plan.ok


# --- 4. the follow-up's note says the charge of the pair the plan keeps ---------------------------
_SIGN = {"opposite": "opposite-sign ", "same": "same-sign ", "any": ""}


@pytest.mark.parametrize(
    ("first", "pair"),
    [
        ("plot the dimuon mass", "dimuon"),  # the charge not said: opposite (was "a dimuon pair")
        ("plot the dielectron mass", "dielectron"),
        ("plot the dimuon mass of opposite-sign muons", "dimuon"),
        ("plot the same-sign dimuon mass", "dimuon"),
        ("plot the mass of all muon pairs", "dimuon"),
        ("plot the dijet mass", "dijet"),
    ],
)
@pytest.mark.parametrize("then", ["now the number of jets", "now the MET"])
def test_the_note_says_the_kept_pairs_charge(catalog, first, pair, then):
    plan = _plan(then, catalog, previous=_plan(first, catalog))
    assert plan.ok, plan.question
    (kept,) = plan.spec.combinations
    (note,) = [n for n in plan.notes if "of the previous plot" in n]
    sign = _SIGN[kept.charge]
    article = "an" if sign.startswith("o") else "a"
    assert f"with {article} {sign}{pair} pair" in note
    if kept.charge == "any" and pair != "dijet":
        assert f"{pair} pair of any charge" in note


# --- 5. a step label names the particle whose mass the pair is chosen closest to ----------------
@pytest.mark.parametrize(
    ("text", "said", "unsaid"),
    [
        ("In events with at least three light leptons, take the SFOS pair closest to the Z mass "
         "and plot the mT of the leading lepton not in the pair and the MET.",
         "closest to the Z mass (91.1876 GeV)", None),
        ("plot the leading jet pT in events with a muon pair closest to the Z boson mass",
         "closest to the Z mass (91.1876 GeV)", None),
        ("plot the MET in events with a jet pair closest to the W mass",
         "closest to the W mass (80.3692 GeV)", None),
        # a number the user gave stays the number, as written
        ("plot the leading jet pT in events with a muon pair closest to 91.2 GeV",
         "closest to 91.2 GeV", "mass ("),
        ("In events with at least three light leptons, take the SFOS pair closest to 91.1876 GeV "
         "and plot the mT of the leading lepton not in the pair and the MET.",
         "closest to 91.1876 GeV", "Z mass"),
    ],
)  # fmt: skip
def test_the_step_label_names_the_particle(catalog, text, said, unsaid):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (step,) = [s for s in plan.spec.selection if "closest" in s.name]
    assert said in step.name  # was: "closest to 91.1876 GeV" for "the Z mass"
    assert unsaid is None or unsaid not in step.name
    (comb,) = [c for c in plan.spec.combinations if c.name == step.count]
    assert comb.choose == "closest_mass" and f"{comb.target_mass:g} GeV" in step.name


# --- 1 (follow-ups). the system of two ranked objects in a follow-up ----------------------------
@pytest.mark.parametrize(("then", "field"), [("now the pT", "pt"), ("now the eta", "eta")])
def test_a_new_quantity_of_the_two_ranked_objects(catalog, then, field):
    plan = _plan(then, catalog, previous=_plan("the mass of the leading and third jet", catalog))
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of, obs.field, obs.index, obs.other_index) == ("system", "jets", field,
                                                                          0, 2)  # fmt: skip
    assert any(n.startswith("Still the leading and third jets") for n in plan.notes)
    assert not any(n.startswith("Still the leading jet") for n in plan.notes)  # was said


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        ("now the muons", ("field", "dimuon", "mass", None)),  # the two leading muons' pair
        ("now the leading jet pT", ("field", "jets", "pt", 0)),
        ("now the number of jets", ("count", "jets", None, None)),
    ],
)
def test_another_plot_drops_the_two_ranked_objects_said(catalog, then, expected):
    plan = _plan(then, catalog, previous=_plan("the mass of the leading and third jet", catalog))
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.kind, obs.of, obs.field, obs.index) == expected
    assert obs.other_index is None
    assert any("leading and third jets of the previous plot is not carried" in n
               for n in plan.notes)  # fmt: skip
    assert not any("The leading muon, as before" in n for n in plan.notes)  # was said


# --- found on the way: a b-jet pair in the event selection, a mass no pair takes ----------------
@pytest.mark.parametrize(
    ("text", "window", "target"),
    [
        ("plot the MET in events with a b-jet pair", (None, None), None),
        ("plot the MET in events with a b-jet pair closest to 125 GeV", (None, None), 125.0),
        ("plot the MET in events with a b-jet pair with mass between 100 and 150 GeV",
         (100.0, 150.0), None),
    ],
)  # fmt: skip
def test_a_b_jet_pair_selects_the_events(catalog, text, window, target):
    plan = _plan(text, catalog)  # was: ">= 1 b-tagged jets", the pair and its mass dropped
    assert plan.ok, plan.question
    (comb,) = plan.spec.combinations
    assert comb.inputs == ["bjets"] and comb.size == 2
    assert (comb.mass_min, comb.mass_max) == window
    assert comb.target_mass == target
    assert any(s.count == comb.name and s.value == 1 for s in plan.spec.selection)


@pytest.mark.parametrize(
    "text",
    [
        "plot the MET in events with a pair of b-jets closest to 125 GeV",
        "plot the MET in events with two muons closest to 91 GeV",
    ],
)
def test_a_mass_that_no_pair_takes_is_asked(catalog, text):
    plan = _plan(text, catalog)  # was: planned without the choice of a pair, silently
    assert not plan.ok and "closest to" in plan.question


def test_a_followup_choosing_the_pair_closest_to_a_mass(catalog):
    previous = _plan("plot the dijet mass", catalog)
    plan = _plan("now take the pair closest to 125 GeV", catalog, previous=previous)
    assert plan.ok, plan.question  # was: the plan unchanged, the choice dropped silently
    (comb,) = plan.spec.combinations
    assert (comb.choose, comb.target_mass, comb.leading) == ("closest_mass", 125.0, None)
    # a pair selection the follow-up cannot place: asked (was: its choice dropped)
    met = _plan("plot the MET in events with a muon pair closest to 91.2 GeV", catalog)
    again = _plan("now the muon pair closest to the Z mass", catalog, previous=met)
    assert not again.ok
