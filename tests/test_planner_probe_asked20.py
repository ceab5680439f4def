"""Session 20 (A20): plot-expected probe sentences that were still asked, by general cause.

Each fix has its probe sentence (id in a comment) and sibling wordings of its own (other verbs,
order, plural/singular), and the wordings next to it that must stay asked.
"""

from __future__ import annotations

import pytest

from tests._plans import parser_plan, plotted_fields

_plan = parser_plan


def _kinds(plan) -> list[tuple[str, str | None, str | None]]:
    """(kind, of, field) of every histogram's observable, in order."""
    by_name = {o.name: o for o in plan.spec.observables}
    return [
        (by_name[h.observable].kind, by_name[h.observable].of, by_name[h.observable].field)
        for h in plan.spec.histograms
    ]


def _binning(plan) -> tuple[int, float, float]:
    (h,) = plan.spec.histograms
    return h.bins, h.start, h.stop


# --- 1. event-level NanoAOD branches in a tool's code line (TTree::Draw, RDataFrame): PV_npvs,
# PV_z and MET_significance were "not a NanoAOD branch" ---------------------------------------
def test_rdataframe_histo1d_of_pv_npvs(catalog):
    # probe9 pap331-pileup-npvs-isomu24
    plan = _plan(
        "hist = selectedData.Histo1D(('pileup', 'Pileup distribution (RDataFrame); Number of "
        "primary vertices; Number of hits', 60, 0, 60), 'PV_npvs')",
        catalog,
    )
    assert plan.ok, plan.question
    assert _kinds(plan) == [("npv", None, None)]
    assert _binning(plan) == (60, 0.0, 60.0)
    assert plan.spec.selection == []


@pytest.mark.parametrize(
    ("text", "kind", "field", "binning"),
    [
        ('Events->Draw("PV_npvs>>h(50,0,100)")', "npv", None, (50, 0.0, 100.0)),
        ('Events->Draw("PV_z>>hz(60,-15,15)")', "pv", "z", (60, -15.0, 15.0)),
        (
            'auto h = df.Histo1D({"pvz", "vertex z", 40, -20, 20}, "PV_z");',
            "pv", "z", (40, -20.0, 20.0),
        ),
        ('Events->Draw("MET_significance>>hs(40,0,20)")', "met", "significance", (40, 0.0, 20.0)),
    ],
)  # fmt: skip
def test_code_line_event_branches_are_read(text, kind, field, binning, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == [(kind, None, field)]
    assert _binning(plan) == binning


def test_code_line_event_branch_with_a_selection(catalog):
    plan = _plan('df.Filter("nMuon == 2").Histo1D({"n", "n", 70, 0, 70}, "PV_npvs")', catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == [("npv", None, None)]
    counts = {(s.count, s.op, s.value) for s in plan.spec.selection}
    assert ("muons", ">=", 2.0) in counts and ("muons", "<=", 2.0) in counts


@pytest.mark.parametrize(
    "text",
    [
        'Events->Draw("Muon_pt", "PV_npvs > 20")',  # a cut on it is not read yet
        'Events->Draw("PV_npvsGood")',  # no words of the rules say it: asked
    ],
)
def test_code_line_event_branches_that_stay_asked(text, catalog):
    plan = _plan(text, catalog)
    assert not plan.ok


def test_a_cut_on_pv_npvs_is_asked_as_such(catalog):
    plan = _plan('Events->Draw("Muon_pt", "PV_npvs > 20")', catalog)
    assert "number of primary vertices" in plan.question
    assert "not a NanoAOD branch" not in plan.question


# --- 2. a histogram named 'pileup' in quotes (a dict key, a booking name) is a name; what
# the code fills says what is plotted ------------------------------------------------------------
def test_coffea_fill_of_a_histogram_named_pileup(catalog):
    # probe9 pap331-coffea-pileup-isomu24-fill
    plan = _plan(
        "self.histograms['pileup'].fill(x = events[events.HLT_IsoMu24 == True].PV_npvs)", catalog
    )
    assert plan.ok, plan.question
    assert _kinds(plan) == [("npv", None, None)]
    assert [s.triggers for s in plan.spec.selection] == [["HLT_IsoMu24"]]


@pytest.mark.parametrize(
    "text",
    [
        'hists["pileup"].fill(npv=events.PV_npvs)',
        "output['pile-up'].fill(x=events.PV_npvs)",
    ],
)
def test_pileup_named_histograms_of_the_npv(text, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == [("npv", None, None)]
    assert plan.spec.selection == []


@pytest.mark.parametrize(
    "text",
    [
        "plot the pileup",
        "self.histograms['pileup'].fill(x = events.Pileup_nTrueInt)",
        "plot Pileup_nTrueInt",
    ],
)
def test_the_pileup_itself_stays_asked(text, catalog):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "pileup" in plan.question


# --- 3. "return one HT value per event", "one entry per muon": how the histogram is filled,
# read when the plan fills it so and asked when not; "each event contains a collection of jets
# with fields pt and eta" describes the input ---------------------------------------------------
def test_llm_style_ht_request(catalog):
    # probe9 hsf-llm-ht-jets-pt30-eta24-per-event
    plan = _plan(
        "I am using Python with Awkward Array. Each event contains a variable-length collection "
        "of jets with fields `pt` and `eta`. Calculate event-level HT using jets with `pt > 30 "
        "GeV` and `abs(eta) < 2.4`. Return one HT value per event.",
        catalog,
    )
    assert plan.ok, plan.question
    assert _kinds(plan) == [("ht", "jets", None)]
    cuts = {(c.field, c.op, c.value, c.abs) for c in plan.spec.object("jets").cuts}
    assert {("pt", ">", 30.0, False), ("eta", "<", 2.4, True)} <= cuts
    assert plan.spec.selection == []
    assert any(d.startswith("HT: 0 in an event without any") for d in plan.defaults)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plot the MET, one entry per event.", [("met", None, "pt")]),
        ("the number of jets, a single entry per event", [("count", "jets", None)]),
        ("Compute the HT of jets above 40 GeV, returning one HT value per event",
         [("ht", "jets", None)]),
        ("Make a histogram of the electron eta with one entry per electron",
         [("field", "electrons", "eta")]),
        ("plot the leading muon pT, one value per event", [("field", "muons", "pt")]),
        ("the Delta R between each muon and the nearest jet, one entry per muon",
         [("delta_r", "muons", None)]),
    ],
)  # fmt: skip
def test_one_value_per_event_or_object_said(text, expected, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == expected
    assert any("the histogram is filled so" in n for n in plan.notes)


def test_one_value_per_event_of_the_leading_muon_is_the_leading(catalog):
    plan = _plan("plot the leading muon pT, one value per event", catalog)
    (obs,) = plan.spec.observables
    assert obs.index == 0


@pytest.mark.parametrize(
    "text",
    [
        "plot the muon pT, one value per event",  # every muon: one per muon
        "plot the leading jet pT, one entry per jet",  # one per event
        "the Delta R between each muon and the nearest jet, one entry per event",
        "the mass of every muon pair, one value per event",
        "plot the MET with one entry per muon",
        # "MET" said only inside the phrase: never read as the plotted quantity from there
        "Return one MET value per event with the HT of jets above 30 GeV",
    ],
)
def test_one_value_per_that_disagrees_is_asked(text, catalog):
    plan = _plan(text, catalog)
    assert not plan.ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Every event has an array of muons with fields pt, eta and phi. Plot the leading muon "
         "pT.", [("muons", "pt")]),
        ("Each event contains a collection of electrons with attributes pt and eta. Make a "
         "histogram of the electron eta.", [("electrons", "eta")]),
    ],
)  # fmt: skip
def test_a_description_of_the_input_is_not_plotted(text, expected, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == expected
    assert any("a description of the input data" in n for n in plan.notes)


# --- 4. "a few new histograms, e.g. a MET histogram": how many plots, before the example
# that names one (the example is the plot) -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A few new histograms e.g. a `MET` histogram.", [("met", None, "pt")]),  # probe9
        # (topeft-pr101-met-histogram)
        ("Several plots, for example the MET.", [("met", None, "pt")]),
        ("A couple of new distributions such as the leading jet pT.", [("field", "jets", "pt")]),
        ("Make various histograms, like the number of muons", [("count", "muons", None)]),
    ],
)
def test_how_many_plots_before_an_example(text, expected, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Make a few histograms of the muon pT",  # no example: how many, of what?
        "the MET in events with a few jets",  # a vague count of objects
        "the MET in events with several jets, e.g. the ttbar events",
    ],
)
def test_a_vague_count_without_an_example_of_a_plot_stays_asked(text, catalog):
    plan = _plan(text, catalog)
    assert not plan.ok


# --- 5. a parenthesised list of resonances after a stated mass range names the peaks it
# shows ("(low mass range, rho/omega, phi, psi)"): read when the range holds every one, asked
# when not; and a resonance region never silently loses to a range or to another region -------
@pytest.mark.parametrize(
    ("text", "start", "stop"),
    [
        # probe11 nanoaodrun1-dimuon-mass-up-to-4
        ("dimuon mass spectrum up to 4 GeV (low mass range, rho/omega, phi, psi)", 0.0, 4.0),
        ("Plot the dimuon invariant mass from 0.5 to 4 GeV (rho, omega, phi and J/psi)", 0.5, 4.0),
        ("the invariant masses of muon pairs between 0.2 and 1.5 GeV (eta, rho, omega, phi)",
         0.2, 1.5),
    ],
)  # fmt: skip
def test_resonance_list_glossing_a_mass_range(text, start, stop, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [("dimuon", "mass")]
    assert _binning(plan)[1:] == (start, stop)
    assert any("names the peaks in the range" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "dimuon mass from 0 to 2 GeV (rho, phi, J/psi)",  # the J/psi is outside 0-2 GeV
        "the dimuon pT up to 4 GeV (rho/omega, phi)",  # not a mass
        "dimuon mass spectrum (rho/omega, phi, psi)",  # no range given: which one?
        # a region outside the range given, two regions and no range: were silently one
        "the dimuon mass from 60 to 120 GeV around the J/psi",
        "the dimuon mass around the J/psi and the Upsilon",
        "the dimuon mass (J/psi and psi(2S))",
        # a resonance name outside a list stays unknown (never passes silently)
        "the MET vs rho",
        "the dimuon mass near the rho",
    ],
)
def test_resonances_that_do_not_fit_are_asked(text, catalog):
    plan = _plan(text, catalog)
    assert not plan.ok


def test_eta_and_phi_in_parentheses_are_still_variables(catalog):
    plan = _plan("the muon eta and phi (eta, phi)", catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [("muons", "eta"), ("muons", "phi")]


@pytest.mark.parametrize(
    ("text", "start", "stop"),
    [
        ("the dimuon mass in the J/psi region", 2.6, 3.6),
        ("dimuon mass from 2 to 4 GeV (J/psi and psi(2S))", 2.0, 4.0),
        ("the dimuon mass from 8 to 12 GeV in the Upsilon region", 8.0, 12.0),
    ],
)
def test_resonance_regions_that_fit_are_unchanged(text, start, stop, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _binning(plan)[1:] == (start, stop)


# --- 6. "(where the z axis follows the beam direction ...)" defines the coordinates; "is
# centred around zero" says where the distribution lies (a value inside the range given, or 0
# when none is given); neither selects anything --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # probe6 softwarebook-pv-z-position
        ("The primary vertex position in the coordinate z (where the z axis follows the beam "
         "direction and positive z points towards Geneva) is centered around zero.",
         [("pv", None, "z")]),
        ("Plot PV_z (with the z axis along the beam line); it is centred around 0",
         [("pv", None, "z")]),
        ("The z position of the primary vertex is centred at 0 cm.", [("pv", None, "z")]),
        ("the muon eta distributions are centered around zero", [("field", "muons", "eta")]),
        ("the dimuon mass from 60 to 120 GeV is nicely centred around 91 GeV",
         [("field", "dimuon", "mass")]),
    ],
)  # fmt: skip
def test_coordinates_and_centre_described(text, expected, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert _kinds(plan) == expected
    assert plan.spec.selection == [] or expected == [("field", "dimuon", "mass")]
    for h in plan.spec.histograms:  # the centre is no range and no cut
        assert h.start < 0 < h.stop or expected == [("field", "dimuon", "mass")]


@pytest.mark.parametrize(
    "text",
    [
        "the muon eta is centered around 3",  # where, with no range given?
        "the dimuon mass from 60 to 120 GeV is centred around 30 GeV",  # outside the range
        "the z position of the primary vertex, from -10 to 10 cm, is centered around 15 cm",
        "the muon pT (where the z axis points to the muon)",  # not the coordinate system
    ],
)
def test_centre_or_axes_that_do_not_fit_are_asked(text, catalog):
    plan = _plan(text, catalog)
    assert not plan.ok


# --- 7. (seen while checking siblings of the Z+jets probe sentences) "the invariant mass of the
# two leading jets in Z boson events" was the jet pair closest to the Z mass, 60-120 GeV, with
# nothing said ("two leading" dropped): whether the Z selects the events or is the jet pair is
# asked ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Invariant mass of the two leading jets in Z boson events with at least two jets.",
        "the dijet mass in Z boson events",
        "plot the mass of the dijet system in events with a Z boson",
    ],
)
def test_z_events_beside_a_jet_pair_is_asked(text, catalog):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert "Z candidate itself" in plan.question


@pytest.mark.parametrize(
    ("text", "inputs"),
    [
        ("the dijet mass near the Z peak", ["jets"]),  # the pair's own mass: the jets
        ("the dijet mass in Z -> mumu events", ["jets", "muons"]),
        ("the dimuon mass in Z boson events", ["muons"]),
    ],
)
def test_z_readings_that_say_which_pair_are_unchanged(text, inputs, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert sorted(i for c in plan.spec.combinations for i in c.inputs) == inputs


# --- 8. "the leading and subleading jet pT" (the quantity after the objects) is the pT of each,
# as "the pT of the leading and subleading jets" was (it was asked: "the 2 leading") ------------
@pytest.mark.parametrize(
    ("text", "field", "obj"),
    [
        ("the leading and subleading jet pT", "pt", "jets"),
        ("plot the leading and subleading muon eta in events with two muons", "eta", "muons"),
        ("Draw leading and subleading electron pT", "pt", "electrons"),
        ("the leading and the subleading photon phi", "phi", "photons"),
    ],
)
def test_leading_and_subleading_before_the_quantity(text, field, obj, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    by_name = {o.name: o for o in plan.spec.observables}
    plotted = [by_name[h.observable] for h in plan.spec.histograms]
    assert [(o.of, o.field, o.index) for o in plotted] == [(obj, field, 0), (obj, field, 1)]


def test_the_leading_and_subleading_jet_system_is_still_the_pair(catalog):
    plan = _plan("the mass of the leading and subleading jet system", catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [("dijet", "mass")]


# --- 9. a panel named with a hyphen, "(top-left)", "(bottom-right panel)", is a reference to
# the figure, as "(top left)" was (it was asked about, or "top" read as the ttbar sample) -------
@pytest.mark.parametrize(
    "text",
    [
        "the dimuon mass (top-left) and the dimuon pT (top-right)",
        "the dimuon mass (bottom-right panel) and the dimuon pT (bottom-left panel)",
    ],
)
def test_hyphenated_panel_references(text, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert plotted_fields(plan) == [("dimuon", "mass"), ("dimuon", "pt")]
    assert plan.spec.samples is None or "ttbar_semilep_2022" not in plan.spec.samples
