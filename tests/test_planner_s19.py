"""Session 19: planner readings found on fresh wording (probe11, issue #12)."""

from __future__ import annotations

import pytest

from tests._plans import parser_plan, plotted_fields

_plan = parser_plan
_plotted = plotted_fields


# --- an axis title "Mass 4 leptons / GeV": the mass of the four leptons (was: the dilepton
# mass in events with >= 4 leptons, silently) ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "size", "inputs"),
    [
        ("Mass 4 leptons / GeV", 4, ["leptons"]),
        ("Mass 3 jets / GeV", 3, ["jets"]),
        ("Mass 3 jets [GeV]", 3, ["jets"]),
        ("mass 4 muons", 4, ["muons"]),
    ],
)
def test_title_mass_of_n_objects_is_their_system(text, size, inputs, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (combo,) = plan.spec.combinations
    assert (combo.size, combo.inputs, combo.leading) == (size, inputs, size)
    assert [f for _of, f in _plotted(plan)] == ["mass"]
    assert [_of for _of, _f in _plotted(plan)] == [combo.name]


def test_a_pair_mass_with_a_count_beside_it_is_unchanged(catalog):
    plan = _plan("the dimuon mass in events with 3 muons", catalog)
    assert plan.ok, plan.question
    (combo,) = plan.spec.combinations
    assert combo.size == 2
    assert any(s.count == "muons" and s.value == 3 for s in plan.spec.selection)


# --- "# of b-jets", "#jets", "No. of jets": the number of those objects -------------------------
@pytest.mark.parametrize(
    ("text", "counted"),
    [("# of b-jets", "bjets"), ("# of jets", "jets"), ("#jets", "jets"), ("No. of jets", "jets"),
     ("Nb. of muons", "muons")],
)  # fmt: skip
def test_hash_of_is_a_number_of(text, counted, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of) == ("count", counted)


def test_root_tex_hash_is_not_a_count(catalog):
    plan = _plan("#Delta#eta(jet1,jet2)", catalog)
    assert not plan.ok or all(o.kind != "count" for o in plan.spec.observables)


# --- "(Figure 7)", "(see Fig. 3)", "(left)": where the plot is, said as not used ---------------
@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("dimuon mass (Figure 7)", "(figure 7)"),
        ("leading jet pT (see Fig. 3)", "(see fig. 3)"),
        ("Hint of Z bosons in masses of particles reconstructed from dimuons (Figure 7)",
         "(figure 7)"),
    ],
)  # fmt: skip
def test_figure_reference_is_commentary(text, said, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    assert any(said in n.lower() and "not used" in n.lower() for n in plan.notes), plan.notes


def test_two_panels_named_left_and_right_are_two_histograms(catalog):
    plan = _plan("the number of jets (left) and the HT (right)", catalog)
    assert plan.ok, plan.question
    assert len(plan.spec.histograms) == 2


def test_a_number_in_parentheses_is_still_read(catalog):
    plan = _plan("dimuon mass (60-120 GeV)", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (60.0, 120.0)


# --- impact parameters by their names: NanoAOD sip3d, ip3d, dxy, dz with a stated binning -------
@pytest.mark.parametrize(
    ("text", "field", "binning"),
    [
        ("electron significance on impact parameter in 3d", "sip3d", (0.0, 10.0)),
        ("the 3D impact parameter significance of muons", "sip3d", (0.0, 10.0)),
        ("muon transverse impact parameter", "dxy", (-0.2, 0.2)),
        ("electron longitudinal impact parameter", "dz", (-0.5, 0.5)),
        ("the 3D impact parameter of electrons", "ip3d", (0.0, 0.1)),
        ("muon dxy", "dxy", (-0.2, 0.2)),
    ],
)
def test_impact_parameter_words_and_ranges(text, field, binning, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    ((_of, plotted),) = _plotted(plan)
    assert plotted == field
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == binning
    assert any(d.startswith("binning:") and f"from {binning[0]:g}" in d for d in plan.defaults)


def test_a_stated_impact_parameter_range_wins(catalog):
    plan = _plan("muon dxy from -0.05 to 0.05", catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (-0.05, 0.05)


def test_impact_parameter_alone_is_asked(catalog):
    plan = _plan("the muon impact parameter", catalog)
    assert not plan.ok and "impact" in plan.question


# --- "Y mesons", "the Y(1S)": the Upsilon; a bare "y" stays unread --------------------------------
@pytest.mark.parametrize(
    "text",
    ["Hint of Y mesons in masses of particles reconstructed from dimuons (Figure 6)",
     "dimuon mass around the Y(1S)"],
)  # fmt: skip
def test_y_meson_is_the_upsilon(text, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (h,) = plan.spec.histograms
    assert (h.start, h.stop) == (8.5, 11.5)


def test_a_bare_y_is_not_the_upsilon(catalog):
    plan = _plan("dimuon y", catalog)
    assert not plan.ok


# --- "the muon-MET transverse mass for jets with ...": of the muon (was: of the jets, silently;
# found by the compositional probe, seed 19) ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "of"),
    [
        ("For events having at least 4 jets, histogram the muon-MET transverse mass for jets with "
         "no eta cut, muons with pT greater than 30 GeV", "muons"),
        ("the electron+MET mT in events with at least 2 jets", "electrons"),
        ("the muon-MET transverse mass", "muons"),
    ],
)  # fmt: skip
def test_object_met_transverse_mass_names_its_object(text, of, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of) == ("mt", of)


def test_object_met_transverse_mass_with_unused_jets_is_asked(catalog):
    plan = _plan("histogram the muon-MET transverse mass for jets with no eta cut", catalog)
    assert not plan.ok


# --- "m(b1,b2)", "m(mu1,mu2)", "m(l1,l2)": the two leading objects' mass, whatever the charge ----
@pytest.mark.parametrize(
    ("text", "inputs"),
    [("m(b1,b2)", ["bjets"]), ("m(mu1,mu2)", ["muons"]), ("m(l1, l2)", ["leptons"]),
     ("m(e1,e2)", ["electrons"])],
)  # fmt: skip
def test_mass_of_numbered_objects_is_the_leading_pair(text, inputs, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (combo,) = plan.spec.combinations
    assert (combo.inputs, combo.leading, combo.size, combo.charge) == (inputs, 2, 2, "any")
    assert [f for _of, f in _plotted(plan)] == ["mass"]


def test_mixed_numbered_objects_are_not_read_as_one_kind(catalog):
    plan = _plan("m(mu1,e2)", catalog)
    assert not plan.ok or plan.spec.combinations[0].inputs != ["muons"]


# --- "with unlike sign charges", "like-sign charges": the pair's charge, every word read ---------
@pytest.mark.parametrize(
    ("text", "charge"),
    [
        ("the invariant mass of two muons with unlike sign charges", "opposite"),
        ("WHAT: Store the invariant mass of two muons with unlike sign charges in linear scale",
         "opposite"),
        ("the dimuon mass for like-sign charges", "same"),
        ("the dimuon mass, opposite-sign charges", "opposite"),
    ],
)  # fmt: skip
def test_sign_charges_is_the_pair_charge(text, charge, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (combo,) = plan.spec.combinations
    assert combo.charge == charge


# --- "... 3 jets requiring the dimuon pT to be above 50 GeV": never a cut on every muon (was: pT >
# 50 on each muon, the pair dropped, silently; compositional probe seed 23) ----------------------
def test_pair_pt_to_be_above_after_a_count_is_not_a_muon_cut(catalog):
    plan = _plan(
        "the electron eta for events with exactly 3 jets requiring the dimuon pT to be above "
        "50 GeV",
        catalog,
    )
    if plan.ok:  # read as the pair's pT, or asked: never pT > 50 on every muon
        muons = next(o for o in plan.spec.objects if o.name == "muons")
        assert all(c.value != 50.0 for c in muons.cuts)
        assert any("dimuon" in s.name and "pT" in s.name for s in plan.spec.selection)
    else:
        assert "dimuon pt" in plan.question


def test_pair_pt_to_be_above_alone_is_the_pair_cut(catalog):
    plan = _plan("the electron eta requiring the dimuon pT to be above 50 GeV", catalog)
    assert plan.ok, plan.question
    assert any(s.name == "dimuon pT > 50 GeV" for s in plan.spec.selection)


# --- "the muon isolation": the cone chosen is said (was: pfRelIso04_all with no word of it) ------
@pytest.mark.parametrize(
    ("text", "field", "other"),
    [
        ("relative isolation of the subleading muon", "pfRelIso04_all", "pfRelIso03_all"),
        ("electron isolation", "pfRelIso03_all", None),  # NanoAOD electrons have one cone
    ],
)
def test_isolation_in_words_states_the_cone(text, field, other, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    ((_of, plotted),) = _plotted(plan)
    assert plotted == field
    (note,) = [n for n in plan.notes if f"read as {field}" in n]
    assert (other in note) if other else ("other cone" not in note)


def test_isolation_by_branch_name_needs_no_cone_note(catalog):
    plan = _plan("muon pfRelIso03_all", catalog)
    assert plan.ok, plan.question
    assert not any("cone of Delta R" in n for n in plan.notes)


# --- "the HT for electrons ...": an HT of other objects than jets is said (compositional probe
# seed 29: it was planned with the plain "H_T" label and nothing saying whose pT it sums) --------
@pytest.mark.parametrize(
    ("text", "of"),
    [("plot the HT for electrons central (|eta| < 2.4)", "electrons"),
     ("the HT of the leptons", "leptons")],
)  # fmt: skip
def test_ht_of_other_objects_is_stated(text, of, catalog):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    (obs,) = plan.spec.observables
    assert (obs.kind, obs.of) == ("ht", of)
    assert any(d.startswith(f"HT: the scalar pT sum of the selected {of}") for d in plan.defaults)


def test_jet_ht_needs_no_such_line(catalog):
    plan = _plan("the HT", catalog)
    assert plan.ok, plan.question
    assert not any(d.startswith("HT: the scalar pT sum") for d in plan.defaults)


# --- a binning said after the last of several plots is not the last plot's only (was: "plot
# Muon_dz and PV_z with 50 bins from -0.1 to 0.1" gave Muon_dz a default range, silently) -------
def test_binning_after_the_last_plot_is_not_split_off(catalog):
    plan = _plan("plot Muon_dz and PV_z with 50 bins from -0.1 to 0.1", catalog)
    assert not plan.ok


def test_each_plot_with_its_own_binning_is_still_split(catalog):
    plan = _plan("the leading jet pT with 20 bins and the MET with 30 bins", catalog)
    assert plan.ok, plan.question
    assert sorted(h.bins for h in plan.spec.histograms) == [20, 30]
