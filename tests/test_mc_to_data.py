"""The simulation scaled to the data yield: "MC normalised to data", "DY scaled to the data
integral", "normalise the simulation to the data yield".

The planner reads them into ``Histogram.mc_to_data`` (a data/MC plot), asks when the plot has no
data or no simulation or when a shape comparison is asked too, and a follow-up turns it on and
off. The plot scales the stack, its band and the signals by one factor that makes the stack's
total in the drawn bins equal the data's (blinded bins left out of both sums), and says so. End
to end, the drawn stack is a hand-written uproot/awkward fill of the DY file scaled to the hand
count of data entries, while the stored histograms stay event counts.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chathep.planner.planner import Plan, plan_request
from tests._plot_results import DATA, DY, hand_muon_pt, spy_drawing, two_sample_result


def _plan(text: str, catalog, previous: Plan | None = None) -> Plan:
    return plan_request(text, catalog, mode="parser", check_files=False, previous=previous)


@pytest.mark.parametrize(
    "text",
    [
        "dimuon mass with MC normalized to data",
        "dimuon mass with the MC scaled to the data yield",
        "DY scaled to data integral, dimuon mass",
        "dimuon mass, MC normalised to the number of data events",
        "the muon pT, scale the simulation to the data",
        "leading muon pt, normalise the MC to the data yield",
        "dimuon mass, data-normalized",
    ],
)
def test_wordings_scale_the_mc_to_the_data(catalog, text: str) -> None:
    # were asked ("scaling the MC to the data yield is not supported yet")
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert not plan.unplaced, plan.unplaced
    (h,) = plan.spec.histograms
    assert h.mc_to_data and not h.unit_area
    samples = [catalog[s] for s in plan.spec.samples]
    assert any(s.is_data for s in samples) and not all(s.is_data for s in samples)
    assert "the simulation scaled to the data yield" in plan.describe(catalog)


@pytest.mark.parametrize(
    "text",
    [
        "dimuon mass with MC normalised to the data luminosity",
        "dimuon mass, MC normalised to the cross section",
        "the dimuon mass in data and DY",
    ],
)
def test_the_usual_normalisation_is_not_a_scaling(catalog, text: str) -> None:
    plan = _plan(text, catalog)
    if plan.ok:
        assert not plan.spec.histograms[0].mc_to_data
    else:  # "luminosity" alone is asked (tests/test_unit_area.py), never read as a scaling
        assert "scaled to the data yield" not in (plan.question or "")


def test_with_a_shape_comparison_it_is_asked(catalog) -> None:
    plan = _plan("dimuon mass normalised to data and to unit area", catalog)
    assert not plan.ok
    assert "shape comparison" in plan.question and "scaled to the data yield" in plan.question


def test_without_data_of_the_era_it_is_asked(catalog) -> None:
    era = next(s.era for s in catalog.samples.values() if not catalog.data(s.era))
    plan = _plan(f"the leading jet pT in the {era} ttbar sample, MC scaled to data", catalog)
    assert not plan.ok
    assert f"no {era} data" in plan.question


@pytest.mark.parametrize("samples", [[DY], [DATA]])
def test_a_draft_of_one_kind_of_sample_is_refused(catalog, samples: list[str]) -> None:
    # a decoded draft (the LLM's) may set the scaling on data alone or MC alone
    from chathep.errors import SpecError
    from chathep.planner.build import build_spec
    from chathep.planner.draft import Draft

    draft = Draft(quantity="pt", object="muon", samples=samples, mc_to_data=True)
    with pytest.raises(SpecError, match="needs both data and simulation"):
        build_spec(draft, catalog)
    assert build_spec(draft.model_copy(update={"mc_to_data": None}), catalog).spec


def test_followups_turn_it_on_and_off(catalog) -> None:
    first = _plan("the dimuon mass in data and DY", catalog)
    assert first.ok and not first.spec.histograms[0].mc_to_data
    on = _plan("now scale the MC to the data", catalog, previous=first)
    assert on.ok and on.spec.histograms[0].mc_to_data
    assert on.spec.selection == first.spec.selection
    logged = _plan("now log y", catalog, previous=on)
    assert logged.spec.histograms[0].mc_to_data and logged.spec.histograms[0].log_y
    off = _plan("not normalised", catalog, previous=logged)
    assert off.ok and not off.spec.histograms[0].mc_to_data and off.spec.histograms[0].log_y


# --- the plot --------------------------------------------------------------------------------


def _two_sample_result(mc_to_data: bool, dy: tuple[float, ...] = (2.0, 1.0, 1.0)):
    # 5 data entries in the overflow: not in the drawn bins, not in the scale
    return two_sample_result({"mc_to_data": mc_to_data}, dy=dy, data_overflow=5.0)


def _spy(monkeypatch) -> dict[str, np.ndarray]:
    return spy_drawing(monkeypatch)


def test_plot_scales_the_stack_and_its_band(catalog, tmp_path, monkeypatch) -> None:
    import chathep.plotting as plotting

    drawn = _spy(monkeypatch)
    out = plotting.plot_result(_two_sample_result(False), catalog, tmp_path / "raw")
    np.testing.assert_allclose(drawn["mc"], [2, 1, 1])  # without the flag: as filled
    raw_band = drawn["band"]

    drawn.clear()
    out = plotting.plot_result(_two_sample_result(True), catalog, tmp_path)
    np.testing.assert_allclose(drawn["data"], [6, 3, 1])  # the data as they are
    np.testing.assert_allclose(drawn["mc"], [5, 2.5, 2.5])  # 10 data events / 4 predicted
    assert any("scaled by 2.5 to the data yield" in w for w in out["m"].warnings)
    # the band scales with the stack (its luminosity term, if any, is left out)
    assert np.all(drawn["band"] <= 2.5 * raw_band + 1e-12)
    assert np.all(drawn["band"] > 0)


def test_plot_scale_leaves_the_blinded_bins_out(catalog, tmp_path, monkeypatch) -> None:
    import chathep.plotting as plotting

    drawn = _spy(monkeypatch)
    out = plotting.plot_result(
        _two_sample_result(True), catalog, tmp_path, blind={"m": (50.0, 100.0)}
    )
    k = (6 + 1) / (2 + 1)  # outside the window: data 6 + 1, DY 2 + 1
    np.testing.assert_allclose(drawn["mc"], np.array([2, 1, 1]) * k)
    assert any("outside the blinded window" in w for w in out["m"].warnings)


def test_plot_without_simulated_events_is_not_scaled(catalog, tmp_path, monkeypatch) -> None:
    import chathep.plotting as plotting

    _spy(monkeypatch)
    out = plotting.plot_result(_two_sample_result(True, dy=(0.0, 0.0, 0.0)), catalog, tmp_path)
    assert any("not scaled to the data yield: no simulated events" in w for w in out["m"].warnings)


# --- end to end ------------------------------------------------------------------------------


def _hand_muon_pt(path: Path, weighted: bool) -> np.ndarray:
    return hand_muon_pt(path, weighted)[0]


def test_scaled_plot_end_to_end(tmp_path: Path, demo_data: Path, monkeypatch) -> None:
    from chathep.api import ask

    drawn = _spy(monkeypatch)
    answer = ask(
        "the muon pT in data and DY, with the MC scaled to the data yield",
        planner="parser",
        out_dir=tmp_path,
    )
    assert answer.kind == "analysis" and answer.ok, answer.message
    assert not answer.spec["selection"]
    assert "the simulation scaled to the data yield" in answer.plan

    data_counts = _hand_muon_pt(demo_data / "nano_dimuon.root", weighted=False)
    dy_counts = _hand_muon_pt(demo_data / "nano_dy.root", weighted=True)
    np.testing.assert_allclose(drawn["data"], data_counts)
    # the drawn stack: the DY shape with the data's total (the drawn bins: no flow)
    np.testing.assert_allclose(
        drawn["mc"], dy_counts * data_counts.sum() / dy_counts.sum(), rtol=1e-6
    )
    # what was stored: event counts (the DY histogram is normalised to the luminosity, not to
    # the data: its shape is the hand fill's, its total is not the data's)
    (h,) = answer.histograms
    np.testing.assert_array_equal(h.samples[DATA].values, data_counts)
    stored = np.asarray(h.samples[DY].values, dtype=float)
    np.testing.assert_allclose(stored / stored.sum(), dy_counts / dy_counts.sum(), rtol=1e-6)
    assert not np.isclose(stored.sum(), data_counts.sum(), rtol=1e-3)


def test_the_legend_says_the_mc_is_scaled(catalog) -> None:
    import matplotlib.pyplot as plt

    import chathep.plotting as plotting

    result = _two_sample_result(True)
    h = result.histograms["m"]
    samples = {n: catalog.samples[n] for n in (DATA, DY)}
    texts = {}
    for flag in (True, False):
        fig, _ = plotting.data_mc_figure(
            h, samples, lumi_pb=0.0036192, sqrt_s_tev=13.0, mc_to_data=flag
        )
        legend = fig.axes[0].get_legend()
        texts[flag] = [t.get_text() for t in legend.get_texts()]
        plt.close(fig)
    assert "MC scaled to data ($\\times$2.5)" in texts[True]
    assert not any("scaled" in t for t in texts[False])
