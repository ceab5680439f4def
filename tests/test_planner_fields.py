"""NanoAOD fields named in words beside their object ("the dxy of the muons") and kinematics
listed with a field ("the pT and charge of the muons"): planned as one histogram each, checked
against a hand-written uproot/awkward reference (the reference never uses chathep code)."""

from __future__ import annotations

import awkward as ak
import pytest

from chathep.engine import run_spec
from chathep.planner import plan_request
from tests.test_physics import DY, check, flat_per_object, good_muons, read, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _plotted(plan) -> list[tuple[str | None, str | None]]:
    return [
        (plan.spec.observable(h.observable).of, plan.spec.observable(h.observable).field)
        for h in plan.spec.histograms
    ]


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("plot the pT and charge of the muons", {"charge", "pt"}),
        ("the pt, eta, phi and charge of the muons", {"charge", "pt", "eta", "phi"}),
        ("plot the charge and pT of the muons", {"charge", "pt"}),
        ("plot the pT and dxy of the muons with 50 bins from 0 to 0.1", {"dxy", "pt"}),
        ("plot the dz of the muons with 40 bins from -0.2 to 0.2", {"dz"}),
    ],
)
def test_kinematics_listed_with_a_field_are_each_plotted(catalog, text, fields):
    # was: asked ("the pT and charge"), or the field silently left out ("the pT and dxy":
    # only the muon pT was plotted)
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    plotted = _plotted(plan)
    assert {f for _, f in plotted} == fields
    assert {o for o, _ in plotted} == {"muons"}


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("plot the muon ptErr", "range"),  # no sensible default range: asked, never guessed
        ("plot the jet pt with qgl above 0.5", "qgl"),  # a cut on a field is not its plot
    ],
)
def test_a_field_it_cannot_plot_as_written_is_asked(catalog, text, asked):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert asked in plan.question


@pytest.fixture(scope="module")
def pt_and_charge(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    plan = _plan("plot the pT and charge of the muons in DY", default_catalog())
    assert plan.ok, plan.question
    return plan, run_spec(plan.spec, workdir=tmp_path_factory.mktemp("fields")).result


def test_pt_and_charge_of_the_muons_match_the_reference(pt_and_charge, demo_data):
    plan, result = pt_and_charge
    ev = read(demo_data, DY)
    mu = good_muons(ev, pt=20.0)  # the planner's stated default muon definition
    w = weights(DY, ev)
    for h in plan.spec.histograms:
        field = plan.spec.observable(h.observable).field
        values, wv = flat_per_object(mu[field], w)
        check(result, h.name, DY, values, wv, h.bins, h.start, h.stop)
    assert ak.sum(ak.num(mu)) > 0


def test_each_lepton_s_own_mass_in_a_list_gets_a_range_that_holds_it(catalog):
    # was: the muons' own mass (0.106 GeV) binned from 60 to 120 GeV, every entry underflow
    plan = _plan("plot the pt, eta, phi and mass of the muons", catalog)
    assert plan.ok, plan.question
    (h,) = [h for h in plan.spec.histograms if h.observable == "muons_mass"]
    assert h.start <= 0.1057 < h.stop
    single = _plan("plot the muon mass", catalog)  # alone: the dimuon mass, stated
    assert single.ok and single.spec.combinations
    assert any("pair" in d for d in single.defaults)


@pytest.mark.parametrize(
    "text",
    [
        "Read the muon pT, eta, phi, mass, and charge into arrays (and only those fields).",
        "load the jet pt and eta into a pandas dataframe",
    ],
)
def test_reading_columns_without_a_plot_is_not_planned_as_histograms(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "without a histogram" in plan.question


def test_reading_columns_and_plotting_them_is_planned(catalog):
    plan = _plan("Read the muon pT and eta into arrays and plot them", catalog)
    assert plan.ok, plan.question
    assert {f for _, f in _plotted(plan)} == {"pt", "eta"}
