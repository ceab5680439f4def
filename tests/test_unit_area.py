"""Shape comparisons: "normalised to unit area", "shape only", "area-normalised".

The planner reads them into ``Histogram.unit_area`` (never the ``density`` of "Events / GeV"),
the MC normalisation wordings ("MC normalised to the cross section", "normalised to 10 fb^-1")
do not set it ("MC normalised to data" is tests/test_mc_to_data.py), and a follow-up turns it
on and off.
End to end, the drawn histograms each integrate to 1 and match a hand-written uproot/awkward
fill, while the stored histograms and yields stay event counts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chathep.planner.planner import Plan, plan_request
from tests._plot_results import DATA, DY, hand_muon_pt, spy_drawing, two_sample_result


def _plan(text: str, catalog, previous: Plan | None = None) -> Plan:
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


def _unit_area(plan: Plan) -> bool:
    assert plan.ok, plan.question
    assert not plan.unplaced, plan.unplaced
    return all(h.unit_area for h in plan.spec.histograms)


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass normalised to unit area",
        "dimuon mass in data and DY normalized to unity",
        "dimuon mass normalised to one",
        "dimuon mass normalized to 1",
        "dimuon mass in data and DY normalised to the same area",
        "dimuon mass in data and MC, both normalised to unity",
        "leading jet pT, normalize the histograms to unit area",
        "area-normalised dimuon mass",
        "unit-area dimuon mass",
        "shape comparison of the leading jet eta between data and MC",
        "dimuon mass, shape only",
        "compare the shapes of the dimuon mass in data and DY",
    ],
)
def test_shape_wordings_set_unit_area(catalog, text: str) -> None:
    plan = _plan(text, catalog)
    assert _unit_area(plan)
    assert not any(h.density for h in plan.spec.histograms)  # not "Events / GeV"
    assert "each process and the data normalised to unit area" in plan.describe(catalog)


def test_bare_normalized_is_a_shape_plot_and_says_so(catalog) -> None:
    # was planned as event counts, the word "normalized" silently dropped
    plan = _plan("plot the normalized muon pT distribution in data and DY", catalog)
    assert _unit_area(plan)
    assert {DATA, DY} <= set(plan.spec.samples)
    assert any("Read 'normalized' as a shape comparison" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "dimuon mass, MC normalised to the cross section",
        "dimuon mass, the MC is normalised by cross section",
        "dimuon mass with normalized MC",
        "muon pT in 2018 data vs DY at 13 TeV, normalised to 10 fb^-1",
        "dimuon mass normalised to the bin width",  # a density (Events / GeV)
        "dimuon mass in data and DY, not normalised",
    ],
)
def test_mc_normalisation_wordings_do_not_set_unit_area(catalog, text: str) -> None:
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert not any(h.unit_area for h in plan.spec.histograms)
    assert "unit area" not in plan.describe(catalog)


def test_normalised_to_bin_width_stays_a_density(catalog) -> None:
    plan = _plan("dimuon mass normalised to the bin width", catalog)
    assert plan.ok and plan.spec.histograms[0].density


def test_mc_normalised_to_the_luminosity_is_as_before(catalog) -> None:
    # asked about 'luminosity' before this change, and still: never a shape plot
    plan = _plan("dimuon mass with MC normalised to the luminosity", catalog)
    assert not plan.ok and plan.unplaced == ["luminosity"]


def test_other_normalisations_are_asked(catalog) -> None:
    plan = _plan("dimuon mass normalised to the Z peak", catalog)
    assert not plan.ok
    assert "normalise to?" in plan.question


def test_followups_turn_unit_area_on_and_off(catalog) -> None:
    first = _plan("the dimuon mass in data and DY", catalog)
    assert first.ok and not first.spec.histograms[0].unit_area
    on = _plan("normalise to unit area", catalog, previous=first)
    assert _unit_area(on)
    assert on.spec.selection == first.spec.selection
    assert _unit_area(_plan("now normalised", catalog, previous=first))
    assert _unit_area(_plan("now as a shape comparison", catalog, previous=first))
    logged = _plan("now log y", catalog, previous=on)
    assert _unit_area(logged) and logged.spec.histograms[0].log_y
    off = _plan("not normalised", catalog, previous=logged)
    assert off.ok and not off.spec.histograms[0].unit_area and off.spec.histograms[0].log_y


def test_spec_field_is_not_density() -> None:
    from chathep.spec import Histogram

    h = Histogram(name="m", observable="m", bins=2, start=0, stop=2, label="m")
    assert h.unit_area is False and h.density is False
    assert "unit area" in Histogram.model_fields["unit_area"].description


# --- end to end ------------------------------------------------------------------------------


def _hand_muon_pt(path: Path, weighted: bool) -> tuple[np.ndarray, int]:
    return hand_muon_pt(path, weighted)


def test_shape_plot_end_to_end(tmp_path: Path, demo_data: Path, monkeypatch) -> None:
    import chathep.plotting as plotting
    from chathep.api import ask

    drawn, figure = _spy(monkeypatch), []

    histograms_figure = plotting.histograms_figure

    def record_figure(*args, **kwargs):
        fig, warns = histograms_figure(*args, **kwargs)
        figure.append(fig)
        return fig, warns

    monkeypatch.setattr(plotting, "histograms_figure", record_figure)

    answer = ask(
        "the muon pT in data and DY, normalised to unit area",
        planner="parser",
        out_dir=tmp_path,
    )
    assert answer.kind == "analysis" and answer.ok, answer.message
    assert not answer.spec["selection"]  # every event: the yields below are the files' counts
    assert "each process and the data normalised to unit area" in answer.plan
    assert figure, "not drawn as a shape plot"
    assert figure[0].axes[0].get_ylabel().startswith("Fraction of events")

    data_counts, data_events = _hand_muon_pt(demo_data / "nano_dimuon.root", weighted=False)
    dy_counts, dy_events = _hand_muon_pt(demo_data / "nano_dy.root", weighted=True)
    # what was drawn: each integrates to 1, and is the hand fill's shape
    for name, hand in (("data", data_counts), ("mc", dy_counts)):
        assert drawn[name].sum() == pytest.approx(1.0, rel=1e-9)
        np.testing.assert_allclose(drawn[name], hand / hand.sum(), rtol=1e-6, atol=1e-12)
    # what was stored: event counts, as without the shape plot
    (h,) = answer.histograms
    np.testing.assert_array_equal(h.samples[DATA].values, data_counts)
    assert answer.yields[DATA].events == data_events
    assert answer.yields[DY].events == dy_events


def _two_sample_result(unit_area: bool):
    return two_sample_result({"unit_area": unit_area})


def _spy(monkeypatch) -> dict[str, np.ndarray]:
    return spy_drawing(monkeypatch)


def test_plot_result_draws_data_and_mc_normalised(catalog, tmp_path, monkeypatch) -> None:
    import chathep.plotting as plotting

    drawn = _spy(monkeypatch)
    out = plotting.plot_result(_two_sample_result(True), catalog, tmp_path)
    assert out["m"].png.exists() and out["m"].warnings == []
    np.testing.assert_allclose(drawn["data"], [0.6, 0.3, 0.1])
    np.testing.assert_allclose(drawn["mc"], [0.5, 0.25, 0.25])

    drawn.clear()  # without the flag: a data/MC plot of event counts, as before
    plotting.plot_result(_two_sample_result(False), catalog, tmp_path / "raw")
    np.testing.assert_allclose(drawn["data"], [6, 3, 1])


def test_blinded_data_are_not_drawn_in_a_shape_plot(catalog, tmp_path, monkeypatch) -> None:
    import chathep.plotting as plotting

    drawn = _spy(monkeypatch)
    out = plotting.plot_result(
        _two_sample_result(True), catalog, tmp_path, blind={"m": (50.0, 100.0)}
    )
    assert "data" not in drawn
    np.testing.assert_allclose(drawn["mc"], [0.5, 0.25, 0.25])
    assert any("blinded" in w for w in out["m"].warnings)


def test_followup_redraws_the_run_normalised(tmp_path: Path, demo_data: Path, monkeypatch) -> None:
    """ "now normalised" after a run re-draws its histograms as a shape plot (no new run),
    "not normalised" draws the event counts again."""
    import chathep.plotting as plotting
    from chathep.api import Session, ask

    shape_plots: list[bool] = []
    histograms_figure = plotting.histograms_figure

    def record_figure(*args, **kwargs):
        shape_plots.append(bool(kwargs.get("density")))
        return histograms_figure(*args, **kwargs)

    monkeypatch.setattr(plotting, "histograms_figure", record_figure)
    session = Session()
    first = ask("the muon pT in data and DY", session=session, planner="parser", out_dir=tmp_path)
    assert first.ok and shape_plots == []  # data and MC: a data/MC plot of event counts
    shape = ask("now normalised", session=session, planner="parser", out_dir=tmp_path)
    assert shape.ok and shape_plots == [True]
    assert shape.timings.get("run", 0.0) == 0.0  # the previous run's histograms, re-drawn
    assert shape.yields == first.yields
    counts = ask("not normalised", session=session, planner="parser", out_dir=tmp_path)
    assert counts.ok and shape_plots == [True]
