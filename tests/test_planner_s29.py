"""Session 29: binnings written as code or as log-spaced bins are read as written.

A notation sweep (one request, the binning written in each of ~40 analyst notations, every plan
read by hand) found binnings that gave a confident wrong histogram: "log-spaced bins" and "bins
equally spaced in log(pT)" drew equal-width bins on a log y axis; "np.linspace(0, 200, 51)" was
taken out as code and the default 40 bins used; "leading muon pT with hist.axis.Regular(50, 0,
200)" was asked what the histogram holds although the words say it.
"""

from __future__ import annotations

import pytest

from chathep.planner import plan_request
from tests.test_planner_s26 import _plan


def _binning(plan):
    h = plan.spec.histograms[0]
    return h.bins, h.start, h.stop, h.transform


@pytest.mark.parametrize(
    ("words", "binning"),
    [
        ("log-spaced bins from 10 to 1000 GeV", (40, 10.0, 1000.0, "log")),
        ("bins equally spaced in log(pT) from 10 to 1000 GeV", (40, 10.0, 1000.0, "log")),
        ("bins uniform in log pT, 10-1000 GeV", (40, 10.0, 1000.0, "log")),
        ("log-uniform bins, 10 to 1000 GeV", (40, 10.0, 1000.0, "log")),
        ("np.linspace(0, 200, 51)", (50, 0.0, 200.0, "none")),
        ("numpy.linspace(20, 120, 26)", (25, 20.0, 120.0, "none")),
        ("np.geomspace(10, 1000, 21)", (20, 10.0, 1000.0, "log")),
        ("np.logspace(1, 3, 21)", (20, 10.0, 1000.0, "log")),
        ("Reg(50, 0, 200)", (50, 0.0, 200.0, "none")),
        ("hist.axis.Regular(50, 0, 200)", (50, 0.0, 200.0, "none")),
    ],
)
def test_a_binning_is_read_as_written(catalog, words, binning):
    plan = _plan(f"the leading muon pT, {words}, in DY", catalog)
    assert plan.ok, plan.question
    assert _binning(plan) == binning
    h = plan.spec.histograms[0]
    assert h.log_x == (binning[3] == "log")


def test_log_axes_are_both_axes(catalog):
    h = _plan("the leading muon pT in DY, log axes", catalog).spec.histograms[0]
    assert h.log_x and h.log_y


def test_log_scale_alone_is_still_the_y_axis(catalog):
    h = _plan("the leading muon pT in DY, log scale", catalog).spec.histograms[0]
    assert h.log_y and not h.log_x and h.transform == "none"


def test_a_booking_line_with_no_label_alone_is_still_asked(catalog):
    plan = _plan("hist.axis.Regular(50, 0, 200)", catalog)
    assert not plan.ok
    assert "What does it hold" in plan.question


def test_code_binning_is_said(catalog):
    plan = _plan("the leading muon pT in DY with hist.axis.Regular(50, 0, 200)", catalog)
    assert plan.ok, plan.question
    assert any("read as the binning: 50 bins from 0 to 200" in n for n in plan.notes)


def test_a_symmetric_signed_eta_range_is_still_read(catalog):
    plan = _plan("leading muon pT for muons with pT > 25 GeV and -2.1 < eta < 2.1, in DY", catalog)
    assert plan.ok, plan.question
    (muons,) = [o for o in plan.spec.objects if o.name == "muons"]
    assert [(c.op, c.value) for c in muons.cuts if c.field == "eta"] == [("<", 2.1)]


def test_a_signed_eta_range_from_zero_says_it_is_read_as_abs_eta(catalog):
    plan = _plan("leading muon pT for muons with pT > 25 GeV and 0 < eta < 2.4, in DY", catalog)
    assert plan.ok, plan.question
    assert any("read as |eta| < 2.4 (eta of either sign" in n for n in plan.notes)
    bars = _plan("leading muon pT for muons with pT > 25 GeV and 0 < |eta| < 2.4, in DY", catalog)
    assert not any("either sign" in n for n in bars.notes)


@pytest.mark.parametrize(
    ("words", "cut"),
    [
        ("muons with |eta| < 1.2 or |eta| > 1.5", (1.2, 1.5, 2.4)),
        ("muons with |eta|<1.2 || |eta|>1.5", (1.2, 1.5, 2.4)),
        ("muons with |eta| < 0.9 or 1.2 < |eta| < 2.1", (0.9, 1.2, 2.1)),
    ],
)
def test_an_or_of_two_eta_ranges_excludes_the_window_between(catalog, words, cut):
    plan = _plan(f"leading muon pT for {words} in DY", catalog)
    assert plan.ok, plan.question
    (muons,) = [o for o in plan.spec.objects if o.name == "muons"]
    eta = sorted((c.value, c.or_above) for c in muons.cuts if c.field == "eta")
    assert eta == [(cut[0], cut[1]), (cut[2], None)]


def test_an_or_of_two_triggers_is_still_read(catalog):
    plan = _plan("leading jet pT in events passing HLT_IsoMu24 or HLT_Mu50 in DY", catalog)
    assert plan.ok, plan.question


def test_a_mass_window_kept_is_still_read(catalog):
    plan = _plan("the dimuon mass in DY with mll between 76 and 106 GeV", catalog)
    assert plan.ok, plan.question


# Follow-up "use log-spaced bins": the note said log-log, the plot kept a linear y axis.
def test_a_log_bins_followup_draws_what_its_note_says(catalog):
    first = _plan("leading muon pT in DY, muons with pT > 25 GeV", catalog)
    plan = plan_request("use log-spaced bins", catalog, mode="parser", check_files=False,
                        previous=first)  # fmt: skip
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert h.transform == "log" and h.log_x and h.log_y
    assert any(n.startswith("Log-spaced bins: the spectrum is shown log-log") for n in plan.notes)


def test_a_log_bins_followup_keeps_a_linear_y_said_before(catalog):
    first = _plan("leading muon pT in DY, linear y", catalog)
    plan = plan_request("use log-spaced bins", catalog, mode="parser", check_files=False,
                        previous=first)  # fmt: skip
    assert plan.ok, plan.question
    assert not plan.spec.histograms[0].log_y
    assert not any(n.startswith("Log-spaced bins:") for n in plan.notes)


# "all MC samples" ran on one era's samples without a word of the others.
@pytest.mark.parametrize(
    ("words", "said"),
    [
        ("in all MC samples", "'all mc samples' is read as the samples of 2018 (dy_2018)"),
        ("in every MC sample", "'every mc sample' is read as the samples of 2018 (dy_2018)"),
        ("in all samples", "'all samples' is read as the samples of 2018"),
    ],
)
def test_all_samples_says_which_were_left_out(catalog, words, said):
    plan = _plan(f"the leading muon pT {words}", catalog)
    assert plan.ok, plan.question
    (note,) = [n for n in plan.notes if "is read as the samples of" in n]
    assert note.startswith(said)
    assert "not used: ttbar_semilep_2022 (2022)" in note


@pytest.mark.parametrize(
    "text", ["the leading muon pT in all MC samples of 2022", "the leading muon pT in DY"]
)
def test_no_left_out_note_when_the_era_is_named_or_no_every(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert not any("is read as the samples of" in n for n in plan.notes)


# "events with one jet only" was read as at least one jet (and said so, against the words).
@pytest.mark.parametrize(
    ("words", "kind", "n"),
    [
        ("events with one jet only", "jets", 1),
        ("events with 3 jets exactly", "jets", 3),
        ("events with two muons only", "muons", 2),
    ],
)
def test_a_count_followed_by_only_or_exactly_is_exact(catalog, words, kind, n):
    plan = _plan(f"the leading muon pT in {words} in DY", catalog)
    assert plan.ok, plan.question
    counts = {
        (s.op, s.value)
        for s in plan.spec.selection
        if s.count == kind  # the count steps of that collection
    }
    assert (">=", n) in counts and ("<=", n) in counts


def test_an_or_in_a_followup_is_asked(catalog):
    first = _plan("leading muon pT in DY", catalog)
    plan = plan_request("and MET > 50 or HT > 200", catalog, mode="parser", check_files=False,
                        previous=first)  # fmt: skip
    assert not plan.ok
    assert "either condition (an OR)" in plan.question


# Trigger paths: a version suffix is NanoAOD's branch name; "A and B" is said to be an OR.
@pytest.mark.parametrize("path", ["HLT_IsoMu24_v*", "HLT_IsoMu24_v12"])
def test_a_trigger_version_suffix_is_the_branch_without_it(catalog, path):
    plan = _plan(f"the dimuon mass in data events passing {path}", catalog)
    assert plan.ok, plan.question
    assert [s.triggers for s in plan.spec.selection if s.triggers] == [["HLT_IsoMu24"]]


def test_two_trigger_paths_joined_by_and_are_said_to_be_an_or(catalog):
    plan = _plan("the dimuon mass in data events passing HLT_IsoMu24 and HLT_Mu50", catalog)
    assert plan.ok, plan.question
    assert "'HLT_IsoMu24 and HLT_Mu50' is read as a trigger list: events pass either path" in (
        " ".join(plan.notes)
    )
    plain = _plan("the dimuon mass in data events passing HLT_IsoMu24 or HLT_Mu50", catalog)
    assert not any("trigger list" in n for n in plain.notes)


def test_central_jets_are_still_read(catalog):
    plan = _plan("the pT of the leading central jet in ttbar", catalog)
    assert plan.ok, plan.question


# Follow-up "show it per jet multiplicity" replaced the dimuon mass by the number of jets.
@pytest.mark.parametrize(
    "followup",
    ["show it per jet multiplicity", "now vs the number of jets", "now per number of b-jets"],
)
def test_a_followup_splitting_by_a_count_is_asked(catalog, followup):
    first = _plan("dimuon mass in DY", catalog)
    plan = plan_request(followup, catalog, mode="parser", check_files=False, previous=first)
    assert not plan.ok
    assert "split the previous plot by that number?" in plan.question


def test_the_number_of_jets_instead_is_still_plotted(catalog):
    first = _plan("dimuon mass in DY", catalog)
    plan = plan_request("now the number of jets instead", catalog, mode="parser",
                        check_files=False, previous=first)  # fmt: skip
    assert plan.ok, plan.question
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind == "count"


# "the dilepton mass in the ee channel" paired both flavours; "e+mu- pairs" paired negative
# muons with each other.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the dilepton mass in the ee channel in DY", "electrons"),
        ("the dilepton mass, ee channel, in DY", "electrons"),
        ("the dilepton mass in the mumu channel in DY", "muons"),
    ],
)
def test_a_dilepton_in_one_channel_is_that_flavour(catalog, text, kind):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [o.name for o in plan.spec.objects] == [kind]


@pytest.mark.parametrize("words", ["the mass of e+mu- pairs", "the mu+ e- invariant mass"])
def test_an_electron_muon_pair_with_charges_is_the_emu_pair(catalog, words):
    plan = _plan(f"{words} in DY", catalog)
    assert plan.ok, plan.question
    assert {o.name for o in plan.spec.objects} == {"muons", "electrons"}
    assert not any(c.field == "charge" for o in plan.spec.objects for c in o.cuts)
    (pair,) = plan.spec.combinations
    assert pair.charge == "opposite" and len(pair.inputs) == 2


@pytest.mark.parametrize(
    "words", ["events with the leading jet pt > 100", "jets with btagDeepFlavB > 0.3"]
)
def test_ranked_pt_cuts_and_collection_field_cuts_are_still_read(catalog, words):
    plan = _plan(f"the leading jet pT in {words} in ttbar", catalog)
    assert plan.ok, plan.question


def test_a_title_after_titled_is_the_plot_title(catalog):
    plan = _plan('the leading muon pT in DY, titled "My plot"', catalog)
    assert plan.ok, plan.question
    assert plan.spec.title == "My plot"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("the leading jet pT without JEC in DY", "pt_raw"),
        ("the dimuon mass without JEC in DY", None),
    ],
)
def test_jet_pt_without_jec_is_still_the_raw_pt(catalog, text, field):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    if field:
        assert plan.spec.observable(plan.spec.histograms[0].observable).field == field


# A photon's electron veto vetoed every event with an electron.
@pytest.mark.parametrize(
    "text",
    [
        "the leading photon pT for photons passing the electron veto in DY",
        "the leading photon pT, electron veto applied, in DY",
        "the leading photon pT with the conversion-safe electron veto in DY",
    ],
)
def test_a_photon_electron_veto_is_the_photon_flag(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert [o.name for o in plan.spec.objects] == ["photons"]
    (photons,) = plan.spec.objects
    assert ("electronVeto", "==", 1) in {(c.field, c.op, c.value) for c in photons.cuts}


def test_an_electron_veto_without_photons_is_still_a_lepton_veto(catalog):
    plan = _plan("the leading muon pT, electron veto applied, in DY", catalog)
    assert plan.ok, plan.question
    assert any(
        s.count == "electrons" and s.op == "<=" and s.value == 0 for s in plan.spec.selection
    )


@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass after the event selection",
        "the dimuon mass with the selection: muons with pT > 30 GeV",
        "Reconstructed jet multiplicity distribution in the event after event selection for all "
        "jets with transverse momenta of at least 30~GeV.",
    ],
)
def test_a_generic_or_defined_selection_is_still_read(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question


# "within 20 GeV of 91 GeV" made an empty range; "the dimuon mass above the Z" made no cut.
def test_a_window_around_a_value_is_read(catalog):
    plan = _plan("the dimuon mass within 20 GeV of 91 GeV in DY", catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.start, h.stop) == (71.0, 111.0)


# A pair's eta and uncut jets' eta were drawn from -2.5 to 2.5, the rest left in the overflow.
@pytest.mark.parametrize(
    ("text", "edges"),
    [
        ("the dimuon eta in DY", (-6.0, 6.0)),
        ("the eta of every jet, no cuts, in DY", (-5.0, 5.0)),
        ("the jet eta with no eta cut in DY", (-5.0, 5.0)),
        ("the leading jet eta in DY", (-2.5, 2.5)),
        ("the muon eta in DY", (-2.5, 2.5)),
    ],
)
def test_the_default_eta_range_covers_what_can_be_there(catalog, text, edges):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.start, h.stop) == edges


# Follow-up "make the bins 5 GeV wide" after "30 bins from 60 to 120 GeV" was asked as a clash
# with the previous number of bins: a new width replaces the count.
@pytest.mark.parametrize("followup", ["make the bins 5 GeV wide", "use 5 GeV bins"])
def test_a_followup_bin_width_replaces_the_previous_count(catalog, followup):
    first = _plan("the dimuon mass in DY, 30 bins from 60 to 120 GeV", catalog)
    plan = plan_request(followup, catalog, mode="parser", check_files=False, previous=first)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (12, 60.0, 120.0)


_MUON = "leading muon pT for muons with pT > 25 GeV and {}, in DY"

#: Wordings that gave a confident wrong plot and are now asked: (request, fragments of the
#: question). What each did before is in its comment.
_ASKED = [
    # a signed eta range that is not symmetric lost its sign: 1 < |eta| < 2
    (_MUON.format("-1 < eta < 2"), ("'-1 < eta < 2' is a range of signed eta", "|eta| only")),
    (_MUON.format("-2.5 < eta < 0"), ("'-2.5 < eta < 0' is a range of signed eta",)),
    # two ranges no muon passes together: an empty plot
    (
        "leading muon pT for muons with |eta| < 1.2 and for muons with |eta| > 1.2 in DY",
        ("|eta| > 1.2 and |eta| < 1.2 cannot both hold for one muon",),
    ),
    (
        "leading muon pT for muons with pT > 50 GeV and pT < 30 GeV in DY",
        ("pT > 50 GeV and pT < 30 GeV cannot both hold for one muon",),
    ),
    (
        "leading muon pT for muons with 1.2 < |eta| < 0.9 in DY",
        ("|eta| > 1.2 and |eta| < 0.9 cannot both hold for one muon",),
    ),
    # "or" between two conditions: cut as "and"
    (
        "leading jet pT in events with MET > 100 GeV or HT > 500 GeV in DY",
        ("'events with met > 100 gev or ht > 500 gev': either condition (an OR)",),
    ),
    (
        "leading jet pT in DY for muons with pT > 50 GeV or |eta| < 1",
        ("'muons with pt > 50 gev or |eta| < 1': either condition (an OR)",),
    ),
    # a mass window taken out: kept, dropped as commentary, or every lepton vetoed
    *(
        (f"the dimuon mass in DY {words}", (quoted, "outside a mass window"))
        for words, quoted in [
            ("with mll outside 76-106 GeV", "mass outside 76-106 gev"),
            ("with m(ll) not in [81, 101] GeV", "mass not in [81, 101] gev"),
            ("off-Z", "off-z"),
            ("vetoing events with an OSSF pair within 10 GeV of the Z mass", "vetoing events with"),
            (
                "rejecting events with a same-flavour opposite-sign lepton pair with mass between "
                "81 and 101 GeV",
                "rejecting events with",
            ),
        ]
    ),
    # "the dimuon mass above the Z": no cut, the default range
    ("the dimuon mass above the Z in DY", ("'above the z': which value should the bound be",)),
    # an angle to every jet: the leading pair's angle, every jet uncut and one required
    *(
        (f"the dimuon mass in {words} in DY", ("a condition on the angle to every jet",))
        for words in [
            "events with dR(mu, jet) > 0.4 for all jets",
            "events with dR(mu, b) > 0.4 for any b-jet",
        ]
    ),
    # "the most central jet": every jet with |eta| < 2.4
    ("the pT of the most central jet in ttbar", ("'most'",)),
    ("the pT of the most central b-jet in ttbar", ("'most'",)),
    # a field cut on a ranked jet: a cut on every jet
    *(
        (f"the leading jet pT in {words} in ttbar", ("a cut on one ranked jet's property",))
        for words in [
            "events with btagDeepFlavB > 0.2783 for the leading jet",
            "events where the leading jet has btagDeepFlavB > 0.3",
            "events with qgl > 0.5 for the leading jet",
        ]
    ),
    # a b-tagged fat jet: an AK4 b-jet and a fat jet required
    *(
        (
            f"the leading jet pT in events with {words} in ttbar",
            ("no b-tag working point for large-radius (AK8) jets",),
        )
        for words in ["a double-b-tagged fat jet", "b-tagged AK8 jets"]
    ),
    # "cumulative": the ordinary histogram ('cumulative' listed as not used)
    *(
        (text, ("a cumulative distribution (each bin the sum of the bins up to it)",))
        for text in [
            "the leading muon pT in DY, cumulative distribution",
            "the cumulative leading muon pT in DY",
        ]
    ),
    # "no JEC": NanoAOD's jet pT, which carries the production's corrections
    *(
        (text, ("NanoAOD's jet pT already carries the production's jet energy corrections",))
        for text in ["the pT of jets, no JEC in DY", "the pT of jets before JEC in DY"]
    ),
    # a named selection with no definition: none applied ('selection' listed as not used)
    ("the leading jet pT in the ttbar semileptonic selection", ("ttbar semileptonic selection",)),
    ("the dimuon mass in the Z+b selection", ("z+b selection",)),
]


@pytest.mark.parametrize(("text", "fragments"), _ASKED)
def test_a_wording_that_gave_a_wrong_plot_is_asked(catalog, text, fragments):
    plan = _plan(text, catalog)
    assert not plan.ok
    for fragment in fragments:
        assert fragment in plan.question
