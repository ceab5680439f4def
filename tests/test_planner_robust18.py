"""Session 18: wording that must not change a plan (benchmarks/perturb_probe.py findings)."""

from __future__ import annotations

import pytest

from chathep.planner.planner import plan_request


def _spec(text: str, catalog):
    plan = plan_request(text, catalog, mode="parser", check_files=False)
    assert plan.ok, plan.question
    d = plan.spec.model_dump(mode="json")
    for key in ("title", "description"):
        d.pop(key, None)
    for h in d["histograms"]:
        h.pop("label")
    return d


# --- a capitalised Greek letter (the sentence's first letter) is the same quantity ----------
@pytest.mark.parametrize(
    ("upper", "lower"),
    [
        (
            "Η of the leading jet for jets with |η| < 4.7 and pT > 30 GeV, 20 bins from -5 to 5",
            "η of the leading jet for jets with |η| < 4.7 and pT > 30 GeV, 20 bins from -5 to 5",
        ),
        (
            "Φ of tight isolated muons, data vs Drell-Yan",
            "φ of tight isolated muons, data vs Drell-Yan",
        ),
    ],
)
def test_capital_greek_letter_plans_like_the_small_one(upper, lower, catalog):
    assert _spec(upper, catalog) == _spec(lower, catalog)


def test_capital_eta_is_the_eta_of_the_leading_jet(catalog):
    spec = plan_request("Η of the leading jet", catalog, mode="parser", check_files=False).spec
    assert spec is not None
    (obs,) = [spec.observable(h.observable) for h in spec.histograms]
    assert (obs.field, obs.index) == ("eta", 0)


# --- "p_T" after a hyphen ("the lower-p_T lepton") reads as "lower-pT" ----------------------
def test_lower_p_t_lepton_plans_like_lower_pt(catalog):
    text = "**MT_L2 (Subleading Lepton Transverse Mass)**: Between the lower-{} lepton and MET"
    assert _spec(text.format("p_T"), catalog) == _spec(text.format("pT"), catalog)


# --- an axis range "A to B GeV" after a word reads as "A-B GeV" -----------------------------
@pytest.mark.parametrize(
    "text",
    [
        "dimuon mass {} GeV, 40 bins, log scale",
        "dimuon pT, data vs MC, 20 bins {} GeV",
        "missing transverse energy, ≥ 2 jets with pT > 40 GeV, 25 bins {} GeV",
    ],
)
def test_a_to_b_gev_range_plans_like_a_dash_b(text, catalog):
    lo, hi = (70, 110) if "mass" in text else (0, 100)
    to = _spec(text.format(f"{lo} to {hi}"), catalog)
    assert to == _spec(text.format(f"{lo}-{hi}"), catalog)
    (h,) = to["histograms"]
    assert (h["start"], h["stop"]) == (lo, hi)
