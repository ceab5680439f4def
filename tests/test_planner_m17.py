"""Session 17, helper M: plot-like sentences that were asked although every word has a reading.

- "a variable that is a single number in an event, for example the number of secondary
  vertices": the generic words only say which kind of quantity the example is; the example is
  plotted, and the reading is said in a note.
- "the z position of the primary vertex", "PV_z", "the event vertex in cm along the z axis":
  the primary vertex's z coordinate (a new per-event quantity, kind "pv"), never a Z boson and
  never the number of primary vertices.
"""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep.planner import plan_request
from chathep.spec import AnalysisSpec
from tests._planned_run import run_plans
from tests.test_physics import DATA, DY, FILES, check, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _observable(plan):
    (h,) = plan.spec.histograms
    return plan.spec.observable(h.observable)


# --- a generic per-event variable followed by its example: the example is plotted -------------
@pytest.mark.parametrize(
    "text, kind, of",
    [
        (
            "Make a plot of a variable that is a single number in an event, for example the "
            "number of secondary vertices.",
            "count",
            "svs",
        ),
        ("Plot a quantity with one value per event, e.g. the number of jets", "count", "jets"),
        ("Plot a per-event variable, for example the MET", "met", None),
        (
            "Make a histogram of some variable that is a single number in each event, such as "
            "the HT",
            "ht",
            "jets",
        ),
        ("plot an event-level variable, like the number of primary vertices", "npv", None),
        ("Plot a per-event variable, e.g. the maximum |eta| of the jets", "reduce", "jets"),
    ],
)
def test_generic_per_event_variable_plots_its_example(catalog, text, kind, of):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = _observable(plan)
    assert (obs.kind, obs.of) == (kind, of)
    assert not plan.spec.selection
    assert any("read as the example named after it" in n for n in plan.notes)


def test_generic_variable_example_keeps_the_cuts_said_with_it(catalog):
    plan = _plan(
        "Take a variable that has one value per event, for instance the number of muons with "
        "pT > 20 GeV",
        catalog,
    )
    assert plan.ok, plan.question
    assert _observable(plan).kind == "count"
    (muons,) = plan.spec.objects
    assert any(c.field == "pt" and c.value == 20.0 for c in muons.cuts)


@pytest.mark.parametrize(
    "text",
    [
        "Plot a per-event variable, for example the MET or the HT",  # two examples: which?
        # the example has one value per object, the words say one per event: which?
        "Plot a quantity with one value per event, e.g. the muon pT",
        "Plot a per-event variable such as SV_dxy",
        # a property of some objects names no quantity: still asked
        "Then plot some property of the selected variables, for example a property of the "
        "secondary vertices.",
    ],
)
def test_generic_variable_with_no_single_example_is_asked(catalog, text):
    assert not _plan(text, catalog).ok


# --- the z position of the primary vertex ---------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "plot PV_z",
        "Plot the PV z",
        "plot the primary vertex z position",
        "plot the z position of the primary vertex",
        "Histogram the z coordinate of the reconstructed primary vertex",
        "Event vertex, in cm along the Z axis.",
        "The primary vertex position in the coordinate z",
    ],
)
def test_primary_vertex_z_is_its_position_not_a_z_boson(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = _observable(plan)
    assert (obs.kind, obs.field, obs.of) == ("pv", "z", None)
    assert not plan.spec.selection and not plan.spec.combinations  # no Z candidate
    (h,) = plan.spec.histograms
    assert (h.unit, h.start, h.stop) == ("cm", -25.0, 25.0)


def test_primary_vertex_z_in_z_events_selects_the_z_and_plots_the_vertex(catalog):
    plan = _plan("plot PV_z in Z -> mumu events", catalog)
    assert plan.ok, plan.question
    assert _observable(plan).kind == "pv"
    assert any(c.target_mass for c in plan.spec.combinations)  # the Z selects the events


@pytest.mark.parametrize(
    "text",
    [
        "plot the z coordinate of the secondary vertex",  # a secondary vertex: no PV reading
        "plot the leading jet pT in Z decays",  # a bare Z is still asked about
        "plot the dimuon mass in events with a primary vertex z within 10 cm",  # a cut: unread
    ],
)
def test_other_z_words_are_still_asked(catalog, text):
    assert not _plan(text, catalog).ok


def test_number_of_primary_vertices_is_unchanged(catalog):
    assert _observable(_plan("plot the number of primary vertices", catalog)).kind == "npv"


def test_spec_pv_needs_a_coordinate():
    def spec(field):
        return AnalysisSpec.model_validate(
            {
                "title": "t",
                "observables": [{"name": "v", "kind": "pv", "field": field}],
                "histograms": [
                    {"name": "h", "observable": "v", "bins": 2, "start": 0, "stop": 1, "label": "v"}
                ],
            }
        )

    assert spec("z").observables[0].field == "z"
    with pytest.raises(ValueError, match="pv .the primary vertex. takes a field x, y or z"):
        spec("npvs")


@pytest.fixture(scope="module")
def pv_run(catalog, tmp_path_factory):
    plans = {"pvz": _plan("plot the z position of the primary vertex", catalog)}
    return run_plans(plans, tmp_path_factory.mktemp("pvz"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_primary_vertex_z_matches_the_reference(pv_run, demo_data, sample):
    hists, result = pv_run
    with uproot.open(demo_data / FILES[sample]) as f:
        ev = f["Events"].arrays(filter_name=["PV_z", "genWeight"], library="ak")
    w = weights(sample, ev)
    z = ak.to_numpy(ev.PV_z).astype(np.float64)
    assert np.any(z != 0)
    h = hists["pvz"]
    check(result, h.name, sample, z, w, h.bins, h.start, h.stop)


def test_worked_example_fields_of_a_vertex_z_spec(catalog):
    from chathep.planner.fewshot import example_fields

    spec = _plan("plot PV_z", catalog).spec.model_dump(mode="json")
    assert example_fields(spec)["quantity"] == "pv_z"
    spec["observables"][0]["field"] = "x"  # a coordinate with no flat draft quantity
    assert example_fields(spec) == {}


@pytest.mark.parametrize(
    "text",
    [
        "plot Muon_dz and PV_z with 50 bins from -0.1 to 0.1",  # was Muon_dz alone, PV_z dropped
        "plot the muon dz relative to the primary vertex along z, 50 bins from -0.1 to 0.1",
    ],
)
def test_vertex_z_beside_a_branch_is_asked_not_dropped(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "primary-vertex z" in plan.question


def test_vertex_z_beside_another_quantity_is_a_second_plot(catalog):
    plan = _plan("plot the SV_dxy and the PV z", catalog)
    assert plan.ok, plan.question
    kinds = {plan.spec.observable(h.observable).kind for h in plan.spec.histograms}
    assert kinds == {"field", "pv"}
