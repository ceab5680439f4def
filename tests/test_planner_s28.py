"""Session 28: what the plan does with the data's luminosity sections is said, and asked for.

No certified-luminosity mask (golden JSON) is applied to data: no certification file ships with
ChatHEP and a catalog entry cannot name one. That is a default the plan did not state, and a
request for the mask ("with the golden JSON applied") was asked only as an unplaced word
('json'). Now every plan with data says that every event of the data files is used, a request
for the mask gets a question that says why, and "without the golden JSON" is read.
"""

from __future__ import annotations

import pytest

from chathep.planner.data_stream import NO_LUMI_MASK_NOTE
from tests.test_planner_s26 import _plan


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass in 2018 data",
        "the dimuon mass in data and DY MC",
        "data/MC comparison of the leading muon pT",
    ],
)
def test_a_plan_with_data_says_no_lumi_mask_is_applied(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert NO_LUMI_MASK_NOTE in plan.notes


@pytest.mark.parametrize("text", ["the dimuon mass in DY MC", "the leading jet pT in ttbar"])
def test_a_plan_without_data_does_not(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert NO_LUMI_MASK_NOTE not in plan.notes


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("dimuon mass in data with the golden JSON applied", "the golden json applied"),
        ("dimuon mass in data, certified lumi sections only", "certified lumi sections only"),
        ("the dimuon mass in 2018 data with a lumi mask", "lumi mask"),
        ("the dimuon mass, data vs MC, good run list applied", "good run list applied"),
        ("dimuon mass in data after the luminosity masking", "luminosity masking"),
    ],
)
def test_a_lumi_mask_is_asked_for_with_the_reason(catalog, text, said):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert f"'{said}'" in plan.question
    assert "certified luminosity sections" in plan.question
    assert "without the golden JSON" in plan.question


@pytest.mark.parametrize(
    "text",
    [
        "dimuon mass in data without the golden JSON",
        "the dimuon mass in 2018 data, no lumi mask",
    ],
)
def test_no_lumi_mask_said_by_the_user_is_read(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == ("dimuon", "mass")
    assert NO_LUMI_MASK_NOTE in plan.notes


# --- NanoAOD FatJet branch names and tagger outputs ------------------------------------------
# "FatJet_msoftdrop" (and FatJet_pt, ...) asked "What should I plot?": the branch rules knew
# Muon/Electron/Jet/Photon/Tau only. "msoftdrop" alone (the field's own name) was not read.
# A tagger or MVA ID output named by its branch was asked for a range.


def _plotted(plan):
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    source = next(o for o in plan.spec.objects if o.name == obs.of).source
    return source, obs.field, obs.index


@pytest.mark.parametrize(
    ("text", "field", "index"),
    [
        ("plot FatJet_pt", "pt", None),
        ("FatJet_eta in ttbar", "eta", None),
        ("plot FatJet_msoftdrop", "msoftdrop", None),
        ("Will look at msoftdrop", "msoftdrop", None),
        ("the msoftdrop of the fat jets", "msoftdrop", None),
        ("FatJet_msoftdrop of the leading fat jet", "msoftdrop", 0),
        ("plot FatJet_tau21", "tau21", None),
    ],
)
def test_fatjet_branch_names_are_read(catalog, text, field, index):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _plotted(plan) == ("FatJet", field, index)


@pytest.mark.parametrize(
    ("collection", "field", "expected"),
    [
        ("Electron", "mvaFall17V2Iso", (-1.0, 1.0)),  # a BDT score
        ("Photon", "mvaID", (-1.0, 1.0)),
        ("Muon", "mvaTTH", (-1.0, 1.0)),
        ("Tau", "rawMVAoldDM2017v2", (-1.0, 1.0)),  # an MVA's raw output
        ("Jet", "qgl", (0.0, 1.0)),  # a likelihood discriminator
        ("Jet", "btagDeepFlavCvL", (0.0, 1.0)),
        ("FatJet", "deepTagMD_WvsQCD", (0.0, 1.0)),
        ("Tau", "rawDeepTau2017v2p1VSjet", (0.0, 1.0)),
        ("FatJet", "btagHbb", (-1.0, 1.0)),  # the double-b BDT, documented as a discriminator
        ("Photon", "hoe", None),  # not a tagger output: no range chosen
        ("Tau", "decayMode", None),  # an integer
    ],
)
def test_tagger_output_ranges_from_the_documentation(collection, field, expected):
    from chathep.registry import fields

    assert fields.score_range(collection, field) == expected


@pytest.mark.parametrize(
    ("text", "bins", "start", "stop"),
    [
        ("plot Jet_qgl", 20, 0.0, 1.0),
        ("plot Electron_mvaFall17V2Iso", 20, -1.0, 1.0),
        ("plot Tau_decayMode", 12, -0.5, 11.5),  # 0-2, 5-7, 10-11: one bin per value
        ("plot Jet_hadronFlavour in DY MC", 6, -0.5, 5.5),  # 0, 4, 5
    ],
)
def test_tagger_outputs_and_integer_codes_get_a_stated_range(catalog, text, bins, start, stop):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (bins, start, stop)
    assert f"binning: {bins} bins from {start:g} to {stop:g}" in "; ".join(plan.defaults)


_RUN = {
    "sd": "ttbar MC: FatJet_msoftdrop of the leading fat jet",
    "cvl": "ttbar MC: Jet_btagDeepFlavCvL",
}


@pytest.fixture(scope="module")
def branch_run(tmp_path_factory):
    from tests.test_physics import TT
    from tests.test_planner_s26 import _run_texts

    return _run_texts(_RUN, tmp_path_factory, "s28", TT)


def test_the_fatjet_and_tagger_branches_match_the_reference(branch_run, demo_data):
    import awkward as ak
    import numpy as np
    import uproot

    from tests._planned_run import sorted_by_pt
    from tests.test_physics import FILES, TT, check, coll, weights

    hists, result = branch_run
    with uproot.open(demo_data / FILES[TT]) as f:
        ev = f["Events"].arrays(
            filter_name=["FatJet_*", "Jet_*", "Muon_*", "Electron_*", "genWeight"], library="ak"
        )
    w = weights(TT, ev)

    fat = coll(ev, "FatJet")
    fat = sorted_by_pt(fat[(fat.pt > 200) & (abs(fat.eta) < 2.4) & (fat.jetId >= 2)])
    lead = ak.firsts(fat)
    has = ak.to_numpy(~ak.is_none(lead))
    assert has.sum() > 10
    h = hists["sd"]
    sd = ak.to_numpy(ak.fill_none(lead.msoftdrop, -1.0))
    check(result, h.name, TT, sd[has], w[has], h.bins, h.start, h.stop)

    # every selected jet (pT > 30, |eta| < 2.4, tight ID), cleaned against the selected leptons:
    # no lepton is selected by this request, so none
    jet = coll(ev, "Jet")
    jet = jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]
    h = hists["cvl"]
    values = ak.to_numpy(ak.flatten(jet.btagDeepFlavCvL))
    per_jet = np.repeat(w, ak.to_numpy(ak.num(jet)))
    check(result, h.name, TT, values, per_jet, h.bins, h.start, h.stop)
