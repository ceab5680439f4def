"""Literal first: what the physicist wrote always wins; defaults only where they were silent.

Each test is one row of the table in issue #12 (wording seen from users outside the project),
or a rule of the contract: three-state requirements (unspecified / explicitly none / a value),
every number, negation and object placed or asked about, follow-ups that change only what
they name.
"""

from __future__ import annotations

import pytest

from chathep.planner import plan_request


def _plan(text, catalog, previous=None, **kwargs):
    return plan_request(
        text, catalog, mode="parser", previous=previous, check_files=False, **kwargs
    )


def _ok(text, catalog, previous=None, **kwargs):
    plan = _plan(text, catalog, previous, **kwargs)
    assert plan.ok, plan.question
    return plan


def _cuts(spec, name):
    obj = spec.object(name)
    assert obj is not None, [o.name for o in spec.objects]
    return {(c.field, c.op, c.value, c.abs) for c in obj.cuts}


def _hist_observable(spec, i=0):
    return spec.observable(spec.histograms[i].observable)


def test_every_jet_no_cuts_at_all(catalog):
    plan = _ok("pT of every jet in the event, no cuts at all", catalog)
    assert _cuts(plan.spec, "jets") == set()
    assert not plan.spec.object("jets").clean_against
    obs = _hist_observable(plan.spec)
    assert (obs.kind, obs.of, obs.field, obs.index) == ("field", "jets", "pt", None)
    assert not any(d.startswith("jets") for d in plan.defaults), plan.defaults


def test_all_muons_without_id_or_isolation_plots_their_pt(catalog):
    plan = _ok("pT of all reconstructed muons without any ID or isolation requirement", catalog)
    obs = _hist_observable(plan.spec)
    assert (obs.of, obs.field) == ("muons", "pt"), obs
    assert _cuts(plan.spec, "muons") == set()


def test_jpsi_region_range_is_the_axis(catalog):
    plan = _ok("dimuon mass in the J/ψ region, 2.8 to 3.4 GeV", catalog)
    hist = plan.spec.histograms[0]
    assert (hist.start, hist.stop) == (2.8, 3.4)


def test_leading_jet_in_z_to_mumu_events_keeps_the_z_selection(catalog):
    plan = _ok("leading jet pT in Z→μμ events, data vs MC", catalog)
    spec = plan.spec
    obs = _hist_observable(spec)
    assert (obs.of, obs.field, obs.index) == ("jets", "pt", 0)
    z = spec.combination("zcand")
    assert z is not None and z.inputs == ["muons"] and z.charge == "opposite"
    assert z.choose == "closest_mass" and z.target_mass == pytest.approx(91.1876)
    steps = {s.name for s in spec.selection}
    assert "Z candidate" in steps and any("mass > 60" in s for s in steps), steps
    assert any("Z candidate window" in d for d in plan.defaults)  # the window is stated


def test_followup_leading_muon_cut_is_on_the_leading_muon_only(catalog):
    first = _ok("muon pT, data vs DY", catalog)
    plan = _ok("require the leading muon to have pT above 40 GeV", catalog, previous=first)
    assert ("pt", ">", 40.0, False) not in _cuts(plan.spec, "muons")
    assert _cuts(plan.spec, "muons") == _cuts(first.spec, "muons")
    step = next(s for s in plan.spec.selection if s.observable)
    obs = plan.spec.observable(step.observable)
    assert (obs.of, obs.field, obs.index, step.op, step.value) == ("muons", "pt", 0, ">", 40.0)
    # what is plotted does not change: every muon's pT
    assert _hist_observable(plan.spec).index is None


def test_forward_jets_keep_both_eta_bounds(catalog):
    plan = _ok("jet pT for forward jets, 2.5 < |η| < 4.7", catalog)
    cuts = _cuts(plan.spec, "jets")
    assert ("eta", ">", 2.5, True) in cuts and ("eta", "<", 4.7, True) in cuts
    assert ("eta", "<", 2.4, True) not in cuts


def test_met_in_events_with_a_muon_pair_in_a_mass_window(catalog):
    plan = _ok("missing ET in events with a muon pair of mass 60–120 GeV", catalog)
    spec = plan.spec
    assert _hist_observable(spec).kind == "met"
    hist = spec.histograms[0]
    assert (hist.start, hist.stop) != (60.0, 120.0)
    pair = spec.combinations[0]
    assert (pair.inputs, pair.mass_min, pair.mass_max) == (["muons"], 60.0, 120.0)
    assert any(s.count == pair.name and s.value == 1 for s in spec.selection)


def test_met_of_all_events(catalog):
    plan = _ok("plot the missing transverse energy of all events", catalog)
    assert _hist_observable(plan.spec).kind == "met"
    assert plan.spec.selection == []


@pytest.mark.parametrize(
    "text, name, present, absent",
    [
        ("jet pT with jetId ≥ 1", "jets", ("jetId", ">=", 1, False), ("jetId", ">=", 2, False)),
        (
            "muon pT, medium ID, relIso < 0.25",
            "muons",
            ("pfRelIso04_all", "<", 0.25, False),
            ("pfRelIso04_all", "<", 0.15, False),
        ),
        ("muon eta, no eta cut", "muons", ("pt", ">", 20.0, False), ("eta", "<", 2.4, True)),
    ],
)
def test_explicit_values_replace_the_defaults(catalog, text, name, present, absent):
    plan = _ok(text, catalog)
    cuts = _cuts(plan.spec, name)
    assert present in cuts and absent not in cuts, cuts
    if "medium" in text:
        assert ("mediumId", "==", True, False) in cuts
        assert ("tightId", "==", True, False) not in cuts


def test_log_x_is_not_log_y(catalog):
    plan = _ok("dimuon mass from 1 to 200 GeV, log x", catalog)
    hist = plan.spec.histograms[0]
    assert hist.log_x is True and hist.log_y is False


def test_delete_events_is_a_selection(catalog):
    plan = _ok("jet pT; delete events with fewer than two jets", catalog)
    assert any(s.count == "jets" and s.op == ">=" and s.value == 2 for s in plan.spec.selection)


def test_delete_events_is_not_refused_by_the_agent(catalog, demo_data):
    from chathep.api import ask

    answer = ask("jet pT, delete events with fewer than two jets", run=False, planner="parser")
    assert answer.kind == "analysis", answer.message


def test_nonsense_in_a_conversation_asks_instead_of_rerunning(catalog):
    first = _ok("dimuon mass, data vs DY", catalog)
    plan = _plan("purple elephants dance on the moon", catalog, previous=first)
    assert not plan.ok and plan.question


def test_unplaced_number_gets_a_question_quoting_it(catalog):
    plan = _plan("muon pT above 25 GeV with 0.7 in the event", catalog)
    assert not plan.ok
    assert "0.7" in plan.question and any("0.7" in w for w in plan.unplaced)


def test_unplaced_negation_gets_a_question(catalog):
    plan = _plan("muon pT, not from the barrel", catalog)
    assert not plan.ok and "not" in plan.question


def test_defaults_are_stated_and_removed_as_written(catalog):
    plan = _ok("dimuon mass, muons above 25 GeV", catalog)
    assert any("tight ID" in d for d in plan.defaults)
    assert ("tightId", "==", True, False) in _cuts(plan.spec, "muons")
    literal = _ok("dimuon mass, muons above 25 GeV", catalog, as_written=True)
    assert _cuts(literal.spec, "muons") == {("pt", ">", 25.0, False)}
    assert not any(d.startswith("muons") for d in literal.defaults)
    phrase = _ok("dimuon mass, muons above 25 GeV, as written", catalog)
    assert _cuts(phrase.spec, "muons") == {("pt", ">", 25.0, False)}


def test_adl_query_5_and_7_read_literally(catalog):
    q5 = _ok(
        "Plot the ETmiss of events that have an opposite-charge muon pair with an invariant "
        "mass between 60 and 120 GeV.",
        catalog,
    )
    assert _hist_observable(q5.spec).kind == "met"
    pair = q5.spec.combinations[0]
    assert (pair.charge, pair.mass_min, pair.mass_max) == ("opposite", 60.0, 120.0)
    q7 = _ok(
        "Plot the scalar sum in each event of the pT of jets with pT > 30 GeV that are not "
        "within 0.4 in ΔR of any light lepton with pT > 10 GeV",
        catalog,
    )
    assert _hist_observable(q7.spec).kind == "ht"
    jets = q7.spec.object("jets")
    assert {c.against for c in jets.clean_against} == {"muons", "electrons"}
    assert all(c.dr == 0.4 for c in jets.clean_against)
    assert _cuts(q7.spec, "muons") == {("pt", ">", 10.0, False)}
    assert _cuts(q7.spec, "electrons") == {("pt", ">", 10.0, False)}


def test_followup_binning_replaces_variable_edges(catalog):
    first = _ok("muon pT with bin edges 0, 20, 40, 100, 200 GeV", catalog)
    assert first.spec.histograms[0].edges == [0.0, 20.0, 40.0, 100.0, 200.0]
    plan = _ok("use 40 bins", catalog, previous=first)
    hist = plan.spec.histograms[0]
    assert hist.edges is None and hist.bins == 40
    back = _ok("now bin edges 0, 50, 200", catalog, previous=plan)
    assert back.spec.histograms[0].edges == [0.0, 50.0, 200.0]


def test_several_histograms_from_one_request(catalog):
    plan = _ok("Plot the pT and eta of the leading muon", catalog)
    fields = [(_hist_observable(plan.spec, i).field, _hist_observable(plan.spec, i).index)
              for i in range(len(plan.spec.histograms))]  # fmt: skip
    assert fields == [("pt", 0), ("eta", 0)]


def test_adl_query_6_and_8(catalog):
    q6 = _ok(
        "For events with at least three jets, plot the pT of the trijet four-momentum that has "
        "the invariant mass closest to 172.5 GeV in each event and plot the maximum b-tagging "
        "discriminant value among the jets in this trijet.",
        catalog,
    )
    trijet = q6.spec.combinations[0]
    assert (trijet.size, trijet.choose, trijet.target_mass) == (3, "closest_mass", 172.5)
    pt, btag = (_hist_observable(q6.spec, i) for i in (0, 1))
    assert (pt.of, pt.field) == (trijet.name, "pt")
    assert (btag.of, btag.field, btag.reduce) == (trijet.name, "btagDeepFlavB", "max")
    q8 = _ok(
        "For events with at least three light leptons and a same-flavor opposite-charge light "
        "lepton pair, find such a pair that has the invariant mass closest to 91.2 GeV in each "
        "event and plot the transverse mass of the system consisting of the missing transverse "
        "momentum and the highest-pT light lepton not in this pair.",
        catalog,
    )
    zpair = q8.spec.combinations[0]
    assert zpair.same_flavour and zpair.charge == "opposite" and zpair.target_mass == 91.2
    mt = _hist_observable(q8.spec)
    assert (mt.kind, mt.index, mt.exclude) == ("mt", 0, zpair.name)
    merged = q8.spec.object(mt.of)
    assert sorted(merged.merge) == ["electrons", "muons"]
    assert any(s.count == mt.of and s.value == 3 for s in q8.spec.selection)


def test_defaults_needing_missing_branches_are_left_out_with_a_note(catalog):
    """A file with muon kinematics only (e.g. the CMS 2012 open-data extract): the recommended
    muon definition needs its ID branch, so none of it (not its pT/eta cuts alone) is applied."""
    from chathep.planner.build import build_spec
    from chathep.planner.parser import parse_request

    draft = parse_request("dimuon mass, opposite-charge muons", catalog).draft
    kinematics = {"pt", "eta", "phi", "mass", "charge"}
    built = build_spec(draft, catalog, {"Muon": kinematics})
    assert not _cuts(built.spec, "muons")
    assert any("no default cuts" in d and "Muon_tightId" in d for d in built.defaults)
    # a cut the user states is kept
    stated = parse_request("dimuon mass, opposite-charge muons above 5 GeV", catalog).draft
    cuts = _cuts(build_spec(stated, catalog, {"Muon": kinematics}).spec, "muons")
    assert [c[:3] for c in cuts] == [("pt", ">", 5.0)]
    # asked for explicitly, a missing branch is never dropped: the spec keeps it (check_spec
    # then names the branch)
    asked = parse_request("dimuon mass, tight muons", catalog).draft
    assert ("tightId", "==", True, False) in _cuts(
        build_spec(asked, catalog, {"Muon": kinematics}).spec, "muons"
    )


def test_an_unregistered_path_gets_the_datasets_add_line(catalog, tmp_path):
    path = tmp_path / "run2012B.root"
    plan = _plan(f"dimuon mass in {path}", catalog)
    assert not plan.ok
    assert "chathep datasets add" in plan.question and str(path) in plan.question


def test_charge_of_a_counted_lepton_pair_is_a_pair_selection(catalog):
    plan = _ok("leading jet pT in events with two opposite-sign muons", catalog)
    pair = plan.spec.combinations[0]
    assert (pair.inputs, pair.charge) == (["muons"], "opposite")
    assert any(s.count == pair.name for s in plan.spec.selection)


def test_mass_window_on_the_plotted_pair(catalog):
    plan = _ok(
        "plot the pT of the dimuon system for pairs with mass between 80 and 100 GeV", catalog
    )
    obs = _hist_observable(plan.spec)
    assert (obs.of, obs.field) == ("dimuon", "pt")
    steps = {(s.op, s.value) for s in plan.spec.selection if s.observable}
    assert steps == {(">", 80.0), ("<", 100.0)}
    assert (plan.spec.histograms[0].start, plan.spec.histograms[0].stop) == (0.0, 200.0)


@pytest.mark.parametrize(
    "text",
    [
        "muon pT in events passing the single muon trigger",  # which HLT path?
        "high-pT muon eta",  # which pT?
        "muon pT resolution",
        "number of additional jets in ttbar",  # additional to what?
    ],
)
def test_vague_words_with_a_cut_meaning_get_a_question(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and plan.unplaced


def test_events_with_no_muons_is_a_veto(catalog):
    plan = _ok("MET in events with no muons", catalog)
    assert any(s.count == "muons" and s.op == "<=" and s.value == 0 for s in plan.spec.selection)


def test_per_object_filling_and_the_met_flavour_are_stated(catalog):
    from chathep.planner import plan_request

    muons = plan_request("muon pt", catalog, mode="parser", check_files=False)
    assert any("one entry per selected muon" in d for d in muons.defaults)
    leading = plan_request("leading muon pt", catalog, mode="parser", check_files=False)
    assert not any("one entry per" in d for d in leading.defaults)
    met = plan_request("the MET", catalog, mode="parser", check_files=False)
    assert any("PF MET" in d for d in met.defaults)
    puppi = plan_request("the PUPPI MET", catalog, mode="parser", check_files=False)
    assert not any("PF MET" in d for d in puppi.defaults)


def test_a_bare_count_read_as_at_least_is_said(catalog):
    from chathep.planner.parser import parse_request

    r = parse_request("MET in events with two jets", catalog)
    assert r.draft.requirements["jet"].min_count == 2
    assert r.draft.requirements["jet"].max_count is None
    assert any("read as at least 2" in n for n in r.notes)
    exact = parse_request("MET in events with exactly two jets", catalog)
    assert not any("read as at least" in n for n in exact.notes)
