"""Follow-up and working-point loose ends left by session 13 (session 14).

Each case failed before: 'exactly 0 b-tagged jets' made a '>= 0' cutflow row that every event
passes; a follow-up to a plan of several plots quoted itself once per plot; 'now the taus' after
the dimuon mass said only "Switched"; MC-only plans of mixed eras were told of "the data
luminosity"; 'can you undo that?' went to the knowledge base and 'delete that change' was
refused; ratio cuts were not read in follow-ups; the Fall17 V1 and non-isolated electron MVA IDs
were not read (V1 became a histogram); the mass-difference label lost 'leading'; 'the leading
jet pT with no b-jets' as a first request was asked."""

from __future__ import annotations

import awkward as ak
import pytest
import uproot

from chathep.planner import plan_request

JET = "plot the leading jet pT"
DIMUON = "plot the dimuon mass"


def _plan(text, catalog, previous=None, **kwargs):
    kwargs.setdefault("check_files", False)
    return plan_request(text, catalog, mode="parser", previous=previous, **kwargs)


def _ok(text, catalog, previous=None, **kwargs):
    plan = _plan(text, catalog, previous, **kwargs)
    assert plan.ok, plan.question
    return plan


def _chain(catalog, *texts, **kwargs):
    plan = None
    for text in texts:
        plan = _ok(text, catalog, plan, **kwargs)
    return plan


def _steps(plan, count):
    return [(s.op, s.value) for s in plan.spec.selection if s.count == count]


# --- 1. exactly zero objects: one cutflow row ---------------------------------------------------


@pytest.mark.parametrize(
    "texts",
    [
        (JET, "exactly 0 b-tagged jets"),
        (JET, "no b-jets"),
        (DIMUON, "veto b-jets"),
        ("plot the MET with zero b-jets",),
        ("plot the MET with exactly 0 b-tagged jets",),
    ],
)
def test_exactly_zero_is_one_step(catalog, texts):
    plan = _chain(catalog, *texts)
    assert _steps(plan, "bjets") == [("==", 0)]  # was: (">=", 0) and ("<=", 0)
    assert "n(bjets) == 0" in plan.describe(catalog)
    assert "n(bjets) >= 0" not in plan.describe(catalog)


def test_at_most_zero_stays_one_step(catalog):
    plan = _ok("plot the MET in events with no b-jets", catalog)
    assert _steps(plan, "bjets") == [("<=", 0)]


# --- 2. a follow-up to several plots: its notes once ------------------------------------------


def test_followup_to_several_plots_is_stated_once(catalog):
    plan = _chain(catalog, "plot the leading muon pT and the leading jet pT", "finer bins")
    assert [h.bins for h in plan.spec.histograms] == [80, 60]
    text = plan.describe(catalog)
    assert text.count("'finer bins'") == 2  # applied to each plot; read as twice as many
    assert "'finer bins'; 'finer bins'" not in text  # was: the follow-up quoted per plot
    assert "'finer bins' applied to each of the 2 plots." in plan.notes
    (binning,) = [n for n in plan.notes if n.startswith("Binning:")]
    assert "80 bins instead of 40" in binning and "60 bins instead of 30" in binning
    assert binning.count("read as twice as many") == 1


def test_identical_followup_notes_are_said_once(catalog):
    plan = _chain(catalog, "plot the leading muon eta and the leading jet eta", "finer bins")
    assert [n for n in plan.notes if n.startswith("Binning:")] == [
        "Binning: 50 bins instead of 25, the same range (-2.5 to 2.5) ('finer bins' read as "
        "twice as many; give a number of bins to change it)."
    ]


def test_followup_notes_of_one_plot_unchanged(catalog):
    plan = _chain(catalog, JET, "finer bins")
    assert not any("applied to each" in n for n in plan.notes)
    (binning,) = [n for n in plan.notes if n.startswith("Binning:")]
    assert binning.startswith("Binning: 60 bins instead of 30")


@pytest.mark.parametrize(
    ("first", "words"),
    [
        ("plot the dimuon mass and the leading jet pT", "now the electrons"),
        ("plot the dimuon mass and the leading jet pT", "same for electrons"),
        ("plot the leading muon pT and the leading jet pT", "now the jets"),
        ("plot the muon pT and the electron pT", "now the jets"),
    ],
)
def test_switching_the_objects_of_plots_of_different_objects_is_asked(catalog, first, words):
    plan = _plan(words, catalog, _ok(first, catalog))
    # was: the jet plot made an electron plot, or the two plots merged into one
    assert not plan.ok and "Which plot should change?" in plan.question


@pytest.mark.parametrize(
    ("first", "words", "hists"),
    [
        ("plot the dimuon mass and the leading muon pT", "same for electrons",
         ["dielectron_mass", "lead_electrons_pt"]),
        ("plot the dimuon mass and the MET", "same for electrons", ["dielectron_mass", "met_pt"]),
        ("plot the dimuon mass and the leading jet pT", "now log scale",
         ["dimuon_mass", "lead_jets_pt"]),
    ],
)  # fmt: skip
def test_switching_plots_of_one_kind_of_object(catalog, first, words, hists):
    plan = _chain(catalog, first, words)
    assert [h.name for h in plan.spec.histograms] == hists


# --- 3. the pair carried to taus is stated ----------------------------------------------------


@pytest.mark.parametrize(
    ("first", "field"),
    [(DIMUON, "mass"), ("plot the dimuon mass between 80 and 100 GeV", "mass"),
     ("plot the dielectron pT", "pt")],
)  # fmt: skip
def test_taus_after_a_pair_state_the_carried_pair(catalog, first, field):
    plan = _chain(catalog, first, "now the taus")
    hist = plan.spec.histograms[0]
    obs = plan.spec.observable(hist.observable)
    (comb,) = plan.spec.combinations
    assert (obs.of, obs.field, comb.leading, comb.charge) == (comb.name, field, 2, "opposite")
    assert plan.spec.object(comb.inputs[0]).source == "Tau"
    quantity = {"mass": "mass", "pt": "pT"}[field]
    (note,) = [n for n in plan.notes if "carried over" in n]  # was: only "Switched ..."
    assert f"carried over to taus: the ditau {quantity}, of the two leading taus" in note
    assert "default binning" in note
    default = _ok(f"plot the ditau {quantity}", catalog).spec.histograms[0]
    assert (hist.bins, hist.start, hist.stop) == (default.bins, default.start, default.stop)


@pytest.mark.parametrize(
    ("words", "kind", "field"),
    [("now the muon pT", "dimuon", "pt"), ("now the tau pT", "ditau", "pt"),
     ("now the electron eta", "dielectron", "eta")],
)  # fmt: skip
def test_one_objects_quantity_after_a_pair_states_the_kept_pair(catalog, words, kind, field):
    plan = _chain(catalog, DIMUON, words)
    obs = plan.spec.observable(plan.spec.histograms[0].observable)
    assert (obs.of, obs.field) == (kind, field)
    shown = {"pt": "pT"}.get(field, field)
    (note,) = [n for n in plan.notes if "as before" in n]  # was: the pair kept, nothing said
    assert note.startswith(f"The {kind} {shown}: of the pair of the two leading")
    obj = words.split()[2]
    each = _chain(catalog, DIMUON, words, f"the {shown} of each {obj}")  # the wording offered
    obs = each.spec.observable(each.spec.histograms[0].observable)
    assert (obs.of, obs.field, obs.index) == (f"{obj}s", field, None)


def test_no_kept_pair_note_where_the_pair_is_said(catalog):
    for words in ("now the pT", "now the dimuon pT"):
        plan = _chain(catalog, DIMUON, words)
        assert not any("as before" in n for n in plan.notes)


def test_no_pair_note_for_a_channel_switch_or_a_single_object(catalog):
    for texts in ((DIMUON, "now the electrons"), ("plot the leading muon pT", "now the taus")):
        plan = _chain(catalog, *texts)
        assert not any("carried over" in n for n in plan.notes)


# --- 4. mixed eras without data ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "lumi"),
    [
        (("plot the MET in ttbar", "add the DY"), "1000 pb^-1"),
        (("plot the dimuon mass in DY", "add the ttbar"), "the 2018 data luminosity"),
        (("plot the dimuon mass in DY for 2 fb-1", "add the ttbar"), "2000 pb^-1"),
    ],
)
def test_mixed_eras_without_data_name_the_mc_luminosity(catalog, texts, lumi):
    plan = _chain(catalog, *texts)
    assert not any(catalog[s].is_data for s in plan.spec.samples)
    (note,) = [n for n in plan.notes if "mix eras" in n]
    assert f"with no data in the plan, the MC of every era is normalised to {lumi}" in note
    assert "the other's data luminosity" not in note  # was: said for MC-only plans too


def test_mixed_eras_with_data_keep_the_data_wording(catalog):
    plan = _chain(catalog, "plot the leading jet pT in ttbar", "add the data")
    (note,) = [n for n in plan.notes if "mix eras" in n]
    assert "normalised to the other's data luminosity" in note


def test_mixed_eras_mc_only_note_once_when_the_files_are_checked(catalog, demo_data):
    plan = _chain(catalog, "plot the MET in ttbar", "add the DY", check_files=True)
    assert sum("The samples mix eras" in n for n in plan.notes) == 1


# --- 5. undo through the agent ------------------------------------------------------------------


@pytest.mark.parametrize(
    "words", ["undo that?", "can you undo that?", "could you go back?", "delete that change",
              "go back to the previous plot?", "undo"],
)  # fmt: skip
def test_undo_through_the_api(words):
    from chathep.api import Session, ask

    session = Session()
    for text in (JET, "twice as many bins"):
        assert ask(text, session=session, run=False, planner="parser").kind == "analysis"
    assert session.plan.spec.histograms[0].bins == 60
    answer = ask(words, session=session, run=False, planner="parser")
    # was: a knowledge-base answer ("?"), or a refusal ('delete')
    assert answer.kind == "analysis", answer.message
    assert session.plan.spec.histograms[0].bins == 30
    assert any(n.startswith("Undone: 'twice as many bins'") for n in session.plan.notes)


def test_dangerous_deletes_are_still_refused():
    from chathep.guard import screen

    for text in ("delete all my files", "delete the files", "delete that"):
        answer = screen(text)
        assert answer is not None and answer.kind == "refusal"


# --- 6. ratio cuts in follow-ups -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "words", "same"),
    [
        (JET, "now require MET/HT above 0.5",
         "plot the leading jet pT in events with MET/HT > 0.5"),
        (DIMUON, "require MET/HT < 1", "plot the dimuon mass in events with MET/HT < 1"),
        (JET, "only events with MET/HT between 0.2 and 0.5",
         "plot the leading jet pT in events with MET/HT between 0.2 and 0.5"),
    ],
)  # fmt: skip
def test_ratio_cut_in_a_followup_is_the_first_requests_cut(catalog, first, words, same):
    plan = _chain(catalog, first, words)
    assert plan.spec == _ok(same, catalog).spec  # was: asked ('I could not place ...')
    assert any(n.startswith("event selection MET/HT") for n in plan.notes)


def test_ratio_cut_followup_adds_a_step(catalog):
    plan = _chain(catalog, "plot the leading jet pT in events with MET/HT > 0.5",
                  "now require MET/HT below 2")  # fmt: skip
    cuts = [(s.op, s.value) for s in plan.spec.selection if s.observable]
    assert cuts == [(">", 0.5), ("<", 2.0)]


# --- 7. electron MVA IDs: V1 and noIso ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "branch"),
    [
        ("plot the electron pT with mvaFall17V1Iso_WP90", "mvaFall17V1Iso_WP90"),
        ("plot the electron pT for electrons passing mvaFall17V1Iso_WP90", "mvaFall17V1Iso_WP90"),
        ("plot the electron pT with mvaFall17V1noIso_WP80", "mvaFall17V1noIso_WP80"),
        ("plot the electron pT with the Fall17 V1 MVA ID WP90", "mvaFall17V1Iso_WP90"),
        ("plot the electron pT with the MVA V1 noIso WP80", "mvaFall17V1noIso_WP80"),
        ("plot the electron pT with MVA noIso WP80", "mvaFall17V2noIso_WP80"),
        ("plot the electron pT with the non-isolated MVA ID 90%", "mvaFall17V2noIso_WP90"),
        ("plot the electron pT with the 90% non-isolated MVA ID", "mvaFall17V2noIso_WP90"),
        ("plot the electron pT with the non-isolated MVA WP90", "mvaFall17V2noIso_WP90"),
        ("plot the electron pT with the MVA ID (non-isolated) WP80", "mvaFall17V2noIso_WP80"),
        ("plot the electron pT in ttbar with the non-isolated MVA ID 90%", "mvaNoIso_WP90"),
        ("plot the electron pT with the MVA ID 80%", "mvaFall17V2Iso_WP80"),
    ],
)
def test_electron_mva_forms(catalog, text, branch):
    plan = _ok(text, catalog)
    assert [h.name for h in plan.spec.histograms] == ["electrons_pt"]  # was: V1 a 2nd histogram
    cuts = {c.field: c for c in plan.spec.object("electrons").cuts}
    assert cuts[branch].op == "==" and cuts[branch].value is True
    # the MVA without isolation is no anti-isolation cut (was: pfRelIso03_all > 0.25 added)
    assert not any(f.startswith("pfRelIso") for f in cuts) and "cutBased" not in cuts
    assert any(f"Electron_{branch}" in d for d in plan.defaults)
    if "V1" in branch:
        assert any("Fall17 V1 training" in d for d in plan.defaults)


@pytest.mark.parametrize(
    "text",
    ["plot the electron pT in ttbar with mvaFall17V1Iso_WP90",
     "plot the electron pT in ttbar with the V1 MVA ID WP80"],
)  # fmt: skip
def test_electron_mva_v1_in_run3_is_asked(catalog, text):
    plan = _plan(text, catalog)
    assert not plan.ok and "only Run 2 NanoAOD has" in plan.question
    assert "Electron_mvaIso_WP" in plan.question and "2022" in plan.question


def test_electron_mva_v1_runs_against_the_reference(catalog, demo_data, tmp_path):
    from chathep.engine import run_spec
    from tests.test_physics import DY, FILES, check, coll, weights

    text = "plot the electron pT in DY with the Fall17 V1 noIso MVA WP90"
    plan = _ok(text, catalog, check_files=True)  # the branch is in the 2018 files
    hist = plan.spec.histograms[0]
    result = run_spec(plan.spec, workdir=tmp_path).result
    with uproot.open(demo_data / FILES[DY]) as f:
        ev = f["Events"].arrays(filter_name=["Electron_*", "genWeight"])
    ele = coll(ev, "Electron")
    good = (ele.pt > 20) & (abs(ele.eta) < 2.5) & ele.mvaFall17V1noIso_WP90
    selected = ele[good]
    values = ak.to_numpy(ak.flatten(selected.pt))
    w = ak.to_numpy(ak.flatten(ak.broadcast_arrays(weights(DY, ev), selected.pt)[0]))
    check(result, hist.name, DY, values, w, hist.bins, hist.start, hist.stop)


# --- 8. absolute mass differences keep 'leading' -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "absolute"),
    [
        ("plot the absolute mass difference of the two leading jets", True),
        ("plot the absolute difference in mass between the two leading jets", True),
        ("plot the absolute difference of the leading and subleading jet mass", True),
        ("plot the mass difference of the two leading jets", False),
    ],
)
def test_mass_difference_label_keeps_leading(catalog, text, absolute):
    plan = _ok(text, catalog)
    hist = plan.spec.histograms[0]
    obs = plan.spec.observable(hist.observable)
    assert (obs.kind, obs.abs) == ("difference", absolute)  # was: 'absolute' dropped (the 3rd)
    label = hist.label.strip("|")
    assert label.startswith("Leading ") and " - Subleading " in label  # was: "m_j - m_j"
    assert hist.label.startswith("|") == absolute


def test_pair_term_label_gets_no_leading(catalog):
    plan = _ok("plot the difference between the leading jet mass and the dimuon mass", catalog)
    label = plan.spec.histograms[0].label
    assert label.startswith("Leading ") and "Leading $m_{\\mu\\mu}$" not in label


# --- 9. follow-up phrases in a first request -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "chain", "note"),
    [
        ("plot the leading jet pT with no b-jets", (JET, "no b-jets"), "DeepJet medium"),
        ("plot the HT vetoing b-jets", ("plot the HT", "veto b-jets"), "DeepJet medium"),
        ("plot the MET with a b-jet veto", ("plot the MET", "b-jet veto"), "DeepJet medium"),
        ("plot the leading jet pT with no loose b-jets", (JET, "veto loose b-jets"),
         "DeepJet loose"),
        ("plot the dimuon mass with no b-tagged jets", (DIMUON, "with no b-tagged jets"),
         "DeepJet medium"),
        ("plot the HT of only central jets", ("plot the HT", "only central jets"),
         "|eta| < 2.4"),
        ("plot the leading jet pT of central jets", (JET, "only central jets"), "|eta| < 2.4"),
        ("pT of central jets", ("plot the jet pT", "only central jets"), "|eta| < 2.4"),
    ],
)  # fmt: skip
def test_followup_phrases_in_a_first_request(catalog, text, chain, note):
    plan = _ok(text, catalog)  # was: asked ('I could not place ...')
    assert plan.spec == _chain(catalog, *chain).spec
    assert any(note in n and "read as" in n for n in plan.notes)
    assert plan.request == text


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("plot the MET with only central jets", "The request plots and requires no jets"),
        ("plot the leading muon pT for central muons", "What |eta| is 'central'"),
        ("plot the leading b-jet pT with no b-jets", "b-jet veto would leave empty"),
    ],
)
def test_followup_phrases_in_a_first_request_asked(catalog, text, asked):
    plan = _plan(text, catalog)
    assert not plan.ok and asked in plan.question
