"""Misspelled words: "myon", "eletrons", "indentify", "witout".

Requests written by people (forum posts, notebooks, hurried chat) hold typos. A misspelled
object or negation is a word no rule knows, so the planner would ask about it; a misspelled
ordinary word ("indentify") would stop a plan for nothing. :func:`correct` replaces a word that
no rule knows by the one word it is a single edit away from (a letter added, dropped, changed,
or two neighbours swapped):

- a word of :data:`PHYSICS_WORDS` (objects, quantities, comparisons, negations), when exactly one
  is that close and no ordinary English word is (otherwise it stays unknown and is asked about);
- an ordinary English word of :func:`chathep.planner.coverage.prose_words` (then it is commentary);
- for a long word with no neighbour at one edit ("histohgramm"), the nearest word two edits
  away, only when every word that close is ordinary English (never a physics word).

Every replacement is returned, and the parser states it ("Read 'myon' as 'muon'"), so a wrong
guess is never silent. Words of three letters or fewer are never touched ("mu", "ee", "tau").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import chathep.regex as re

#: The words a misspelling may be read as (plural forms are listed: no ending rules here).
PHYSICS_WORDS: frozenset[str] = frozenset(
    """
    muon muons antimuon antimuons dimuon dimuons electron electrons positron positrons
    dielectron dielectrons lepton leptons dilepton dileptons photon photons diphoton
    jets bjet bjets dijet dijets trijet taus neutrino neutrinos boson bosons quark quarks
    invariant transverse momentum momenta pseudorapidity rapidity azimuthal multiplicity
    isolation isolated identification missing energy leading subleading trailing
    histogram histograms distribution distributions opposite charge charged flavour flavor
    vertices vertex primary tagged separation threshold greater larger smaller between above
    below least exactly events selection require requiring without except excluding
    veto mass masses higgs
    """.split()  # noqa: SIM905
)

#: Shortest word :func:`correct` reads as another (4: "moun" -> "muon").
MIN_LENGTH = 4


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


@cache
def _index(words: frozenset[str]) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The words, and each single-letter deletion of a word -> the words it comes from."""
    by_delete: dict[str, set[str]] = {}
    for word in words:
        for d in _deletes(word):
            by_delete.setdefault(d, set()).add(word)
    return words, {k: frozenset(v) for k, v in by_delete.items()}


def one_edit_away(word: str, words: frozenset[str]) -> set[str]:
    """The words of ``words`` one edit from ``word`` (insertion, deletion, substitution, or a
    swap of neighbours), ``word`` itself excluded."""
    vocabulary, by_delete = _index(words)
    found: set[str] = set()
    found |= vocabulary & _deletes(word)  # a letter too many ("muoon")
    found |= by_delete.get(word, frozenset())  # a letter missing ("muns")
    for d in _deletes(word):  # a letter changed ("myon"): same length, one position differs
        found |= {
            w
            for w in by_delete.get(d, frozenset())
            if len(w) == len(word) and sum(a != b for a, b in zip(w, word, strict=True)) == 1
        }
    found |= vocabulary & _swaps(word)  # two letters swapped ("moun")
    found.discard(word)
    return {w for w in found if w[0] == word[0] or len(word) > 5}


#: Shortest word read as one two edits away ("histohgramm" -> "histogram"): shorter words have
#: too many neighbours at two edits for a guess to be safe.
MIN_LENGTH_TWO_EDITS = 8


@cache
def _by_initial(words: frozenset[str]) -> dict[str, tuple[str, ...]]:
    by: dict[str, list[str]] = {}
    for w in words:
        by.setdefault(w[:1], []).append(w)
    return {k: tuple(v) for k, v in by.items()}


def _within_two(a: str, b: str) -> int | None:
    """The edit distance of ``a`` and ``b`` (neighbour swaps count one) when at most 2."""
    if abs(len(a) - len(b)) > 2:
        return None
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > 2:
            return None
        previous2, previous = previous, row
    return previous[-1] if previous[-1] <= 2 else None


def two_edits_away(word: str, words: frozenset[str]) -> dict[str, int]:
    """The words of ``words`` (same first letter) at most two edits from ``word``, with their
    distance; ``word`` itself excluded."""
    found: dict[str, int] = {}
    for w in _by_initial(words).get(word[:1], ()):
        d = _within_two(word, w) if w != word else None
        if d is not None:
            found[w] = d
    return found


def _in_a_name(text: str, start: int, end: int) -> bool:
    """The word is part of a path, a file name or an address ("/eos/.../TopMass/", "a.root"),
    not prose: "electron-positron/myon-antimuon" is prose (one slash between words)."""
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    chunk = text[left : right if right >= 0 else len(text)]
    return chunk.count("/") > 1 or chunk[:1] == "~" or bool(re.search(r"\.[a-z]", chunk))


def correct(
    text: str,
    is_unknown: Callable[[Iterable[str]], set[str]],
    prose: frozenset[str],
    protected: frozenset[str] | set[str] = frozenset(),
) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with its misspelled words replaced, and the (word, replacement) pairs.

    ``is_unknown`` says which of the candidate words no rule of the planner knows (only those
    are read as misspellings); ``prose`` is the ordinary English vocabulary; ``protected``
    words are never read as another (words with a meaning of their own, field names).
    """
    tokens = {
        m.group(0)
        for m in re.finditer(r"(?<![\w_.#])[a-z]+(?![\w_])", text)
        if len(m.group(0)) >= MIN_LENGTH and not _in_a_name(text, m.start(), m.end())
    }
    candidates = {
        t for t in tokens if t not in PHYSICS_WORDS and t not in prose and t not in protected
    }
    if not candidates:
        return text, []
    replacements: dict[str, str] = {}
    for word in sorted(candidates):
        physics = one_edit_away(word, PHYSICS_WORDS)
        english = one_edit_away(word, prose) if len(word) > MIN_LENGTH else set()
        if len(physics) == 1 and not english:
            replacements[word] = physics.pop()
        elif english and not physics:
            replacements[word] = sorted(english)[0]
    # a long word with no neighbour at one edit ("histohgramm"): two edits, only when every
    # word that close is ordinary English (commentary); one that could be a physics word, a
    # field name or a word with a meaning of its own stays unknown and is asked about
    far = {w for w in candidates - set(replacements) if len(w) >= MIN_LENGTH_TWO_EDITS}
    far &= is_unknown(far) if far else set()
    for word in sorted(far):
        near = two_edits_away(word, PHYSICS_WORDS | prose | protected)
        if near and all(w in prose for w in near):
            replacements[word] = min(sorted(near), key=near.__getitem__)
    if not replacements:
        return text, []
    unknown = is_unknown(replacements)
    replacements = {w: r for w, r in replacements.items() if w in unknown}
    return replace_words(text, replacements), sorted(replacements.items())


def replace_words(text: str, replacements: dict[str, str]) -> str:
    """``text`` with each whole word of ``replacements`` (any case) replaced, outside names."""
    for word, replacement in replacements.items():
        text = re.sub(
            rf"(?<![\w_.#]){word}(?![\w_])",
            lambda m, r=replacement, t=text: m.group(0) if _in_a_name(t, m.start(), m.end()) else r,
            text,
            flags=re.IGNORECASE,
        )
    return text
