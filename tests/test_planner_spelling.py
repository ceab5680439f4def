"""Misspelled words are read as the one word they are one edit from, and said so; anything
less certain is still asked about (chathep.planner.spelling)."""

from __future__ import annotations

import pytest

from chathep.planner import plan_request
from chathep.planner.parser import parse_request
from chathep.planner.spelling import PHYSICS_WORDS, one_edit_away


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("myon", {"muon"}),  # a letter changed
        ("moun", {"muon"}),  # two letters swapped
        ("eletrons", {"electrons"}),  # a letter missing (not "electron": two edits)
        ("muoons", {"muons"}),  # a letter too many
        ("witout", {"without"}),
        ("mesons", set()),  # two edits from "muons": another particle, not a typo
        ("gluon", set()),
    ],
)
def test_one_edit_away(word, expected):
    assert one_edit_away(word, PHYSICS_WORDS) == expected


def test_a_misspelled_object_is_read_and_stated(catalog):
    plan = _plan(
        "Run the event loop, find electron-positron/myon-antimuon pairs, evaluate the "
        "invariant mass, fill histogram(s).",
        catalog,
    )
    assert plan.ok, plan.question
    assert plan.draft.object == "lepton" and plan.draft.pair and plan.draft.quantity == "mass"
    assert plan.draft.charge == "opposite"
    assert any("'myon' as 'muon'" in n for n in plan.notes)


def test_a_misspelled_negation_still_waives(catalog):
    r = parse_request("plot the pt of eletrons witout isolation", catalog)
    assert r.question is None and r.unplaced == []
    assert r.draft.object == "electron"
    assert r.draft.requirements["electron"].without == ["iso"]
    assert any("'eletrons' as 'electrons'" in n and "'witout' as 'without'" in n for n in r.notes)


def test_a_misspelled_ordinary_word_is_commentary(catalog):
    plan = _plan("To indentify the Z boson, plot the dimuon mass.", catalog)
    assert plan.ok, plan.question
    assert any("'indentify' as 'identify'" in n for n in plan.notes)


@pytest.mark.parametrize(
    "text",
    [
        "pT of displaced muons",  # a word with a meaning of its own is not a typo of another
        "plot muon pt from /eos/user/x/myon/file.root",  # part of a path
    ],
)
def test_words_that_are_not_typos_are_not_respelled(catalog, text):
    r = parse_request(text, catalog)
    assert not any("(spelling)" in n for n in r.notes)


def test_a_nanoaod_field_name_is_not_respelled(catalog):
    r = parse_request("Plot `sieie` for the photons", catalog)
    assert not any("(spelling)" in n for n in r.notes)
    assert r.draft.branch == "sieie"


def test_electrons_without_isolation_get_no_isolating_id(catalog):
    plan = _plan("plot the pt of electrons without isolation", catalog)
    assert plan.ok, plan.question
    cuts = {c.field for c in plan.spec.objects[0].cuts}
    assert "cutBased" not in cuts and not any("Iso" in f for f in cuts)
    assert any("no ID" in d and "include isolation" in d for d in plan.defaults)


def test_a_named_electron_id_without_isolation_is_told_it_isolates(catalog):
    plan = _plan("pt of tight electrons, no isolation", catalog)
    assert plan.ok, plan.question
    assert any(c.field == "cutBased" for c in plan.spec.objects[0].cuts)
    assert any("includes an isolation cut" in d for d in plan.defaults)


def test_non_isolated_electrons_are_anti_isolated(catalog):
    plan = _plan("pt of non-isolated electrons", catalog)
    assert plan.ok, plan.question
    cuts = [(c.field, c.op, c.value) for c in plan.spec.objects[0].cuts]
    assert ("pfRelIso03_all", ">", 0.25) in cuts
    assert all(f != "cutBased" for f, _, _ in cuts)


def test_a_real_english_word_is_never_respelled(catalog):
    # "after" is a word (one edit from "alter"): left for the checker, which asks about it
    r = parse_request(
        "the electron pT, maybe after requiring that the electron was in acceptance", catalog
    )
    assert not any("(spelling)" in n for n in r.notes)
    assert any("after" in w for w in r.unplaced)


def test_ordinary_english_of_the_documentation_is_commentary(catalog):
    from chathep.planner import plan_request

    plan = plan_request(
        "The scalar sum of the jet pT, a measure of the hadronic activity in the event",
        catalog,
        mode="parser",
        check_files=False,
    )
    assert plan.ok, plan.question
    assert any("not used" in n.lower() and "'activity'" in n for n in plan.notes)
    # a documentation word that can carry a choice is still asked about
    plan = plan_request("the dimuon mass of raw muons", catalog, mode="parser", check_files=False)
    assert not plan.ok and "raw" in plan.question
