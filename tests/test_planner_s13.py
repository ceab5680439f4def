"""Session 13: planner wording fixes (issue #12)."""

from __future__ import annotations

from chathep.planner.planner import plan_request, unplaced_question

LONG = (
    "In events with electrons we may be interested in the distribution of the electron |p|, "
    "maybe after requiring that the electron was within acceptance of the detector."
)


def test_a_single_unplaced_word_is_quoted_with_its_words_around_it():
    question = unplaced_question(["after"], LONG)
    said = "'after' (in \"...of the electron |p|, maybe after requiring that the electron was...\")"
    assert said in question


def test_a_phrase_or_a_short_request_is_quoted_alone():
    assert "'boson mass (m=90 mev)' in the analysis" in unplaced_question(
        ["boson mass (m=90 mev)"], LONG
    )
    assert "'nvtx' in the analysis" in unplaced_question(["nvtx"], "the muon pT with NVtx")
    assert "'absent' in the analysis" in unplaced_question(["absent"], LONG)  # not in the text


def test_the_planner_question_shows_where_the_unknown_word_sits(catalog):
    text = (
        "Please make the distribution of the missing transverse momentum, which is the Type-1 "
        "PF MET with NVtx corrections applied."
    )
    plan = plan_request(text, catalog, mode="parser", check_files=False)
    assert not plan.ok
    assert "'nvtx' (in \"...the Type-1 PF MET with NVtx corrections applied.\")" in (plan.question)
