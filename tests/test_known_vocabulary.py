"""The coverage check's known vocabulary does not change unseen.

:func:`chathep.planner.coverage.unknown_words` takes every regular expression of the rule modules
as words it knows, so a word list added to a regex anywhere makes its words known in every
request: "trailing" became known that way and "the trailing muon" was planned as every muon,
silently. ``tests/data/known_vocabulary.txt`` records how the check treats every English word
and every selection word standing alone (asked about, or passing silently by a rule or the
catalog); this test fails with the words that changed.

When it fails: run ``python tools/known_vocabulary.py`` to see the change, review every word
newly known by a rule (it now passes silently in *every* request: plan a request using it in a
context the new rule does not read, and check the planner reads it or asks), then
``python tools/known_vocabulary.py --update`` and commit the snapshot with the change.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from chathep.planner import coverage, vocabulary

SNAPSHOT = Path(__file__).parent / "data" / "known_vocabulary.txt"


def test_known_vocabulary_is_the_reviewed_snapshot(catalog):
    start = time.perf_counter()
    now = vocabulary.standing(catalog)
    seconds = time.perf_counter() - start
    recorded = vocabulary.parse_snapshot(SNAPSHOT.read_text(encoding="utf-8"), now)
    change = vocabulary.describe_change(recorded, now)
    assert not change, (
        "the coverage check's known vocabulary changed (review each word, then run "
        f"`python tools/known_vocabulary.py --update`):\n{change}"
    )
    assert seconds < 30, f"the vocabulary took {seconds:.0f} s"


def test_the_fast_standing_is_the_checker_on_the_joined_words(catalog):
    # the shortcut (chunks, and only the recognisers that spell a chunk's words) against
    # unknown_words on one joined text of the same words, as /tmp/known.py did for all of them
    # "overlay" is known only at the end of a text ("... and overlay$"): not at a chunk's end
    words = vocabulary.vocabulary_words()[::97] + ["trailing", "overlay", "round", "pt", "bb"]
    words = sorted(set(words))
    asked = set(coverage.unknown_words(" ; ".join(words), catalog))
    assert vocabulary.known_vocabulary(catalog, words) == set(words) - asked
    assert {"trailing", "overlay"} <= asked
    # a word ending a chunk is not at the end of the text: "... overlay$" does not know it there
    every = vocabulary.vocabulary_words()
    i = every.index("overlay")
    assert "overlay" not in vocabulary.known_vocabulary(catalog, every[i - 63 : i + 2])


def test_describe_change_names_the_words():
    old = {"trailing": vocabulary.ASKED, "muon": vocabulary.RULE, "plot": vocabulary.PROSE}
    new = {"trailing": vocabulary.RULE, "muon": vocabulary.ASKED, "plot": vocabulary.FILLER}
    text = vocabulary.describe_change(old, new)
    assert re.search(r"newly known \(1\): trailing \(rule\)", text)
    assert re.search(r"no longer known, now asked \(1\): muon", text)
    assert "plot" not in text  # prose and filler both pass, neither by a rule
    assert vocabulary.describe_change(old, old) == ""


def test_snapshot_round_trips():
    standings = {"a": vocabulary.FILLER, "trailing": vocabulary.ASKED, "pt": vocabulary.RULE}
    text = vocabulary.format_snapshot(standings)
    assert vocabulary.parse_snapshot(text, standings) == {
        "a": vocabulary.PROSE,
        "trailing": vocabulary.ASKED,
        "pt": vocabulary.RULE,
    }


# Words that a rule module's strings made known in every request though no rule reads them there.


def _plan(text, catalog):
    from chathep.planner import plan_request

    return plan_request(text, catalog, mode="parser", check_files=False)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # Python's builtins ("sorted", "filter", "round", ...): lexicon's __builtins__ dict was
        # read as a word list; the leading jet by eta order, or a filter, was silently dropped
        ("plot the pT of the leading jet, with jets sorted by eta", "sorted"),
        ("plot the jet pT, with the filter applied", "filter"),
    ],
)
def test_a_python_builtin_name_is_not_a_known_word(catalog, text, word):
    plan = _plan(text, catalog)
    assert not plan.ok
    assert word in plan.unplaced


def test_a_word_beginning_with_di_is_not_a_pair(catalog):
    # "di[a-z]+" (a dimuon, dijet, ... system in a pair cut check) knew every "dis..." word:
    # "muons in the disks" was planned as all muons without a word; now it is reported
    plan = _plan("plot the pT of muons in the disks", catalog)
    notes = [n for n in plan.notes if n.startswith("Not used") and "'disks'" in n]
    assert "disks" in plan.unplaced or notes
    # the pair cut check still reads the systems it names
    plan = _plan("the pt of the dijet system above 100 GeV", catalog)
    assert not plan.ok
    assert any("a cut on a pair" in u for u in plan.unplaced)
