"""The known vocabulary: which words the coverage check passes wherever they stand.

:func:`chathep.planner.coverage.unknown_words` takes every regular expression of the rule
modules as words it knows, so a bare word list added to a regex anywhere ("(first|second|
trailing)") makes its words known in every request, and a request using one is planned as if
the word were not there. :func:`known_vocabulary` lists, for every English word
(:func:`~chathep.planner.coverage.english_words`) and every word that can carry a selection
(:data:`~chathep.planner.coverage.MEANINGFUL`), whether the check passes it when it stands
alone and why; ``tools/known_vocabulary.py`` writes it to the snapshot that
``tests/test_known_vocabulary.py`` compares with, so every change is seen and reviewed.

It is what checking the words joined into one text (" ; ".join(words)) gives, computed fast:
the text is checked in chunks, each with only the recognisers that spell one of its words
(:func:`~chathep.planner.coverage._spelled_in`: a recogniser that spells none of them knows
none of them, so the answer is the same), instead of 1800 patterns over one 430 kB text and
the checker's per-word look-backs over the whole text (quadratic: minutes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import chathep.regex as re
from chathep.catalog import Catalog
from chathep.planner import coverage

#: how the coverage check treats a word that stands alone in a request
ASKED = "asked"  # no rule knows it and it is not ordinary English: the planner asks about it
RULE = "rule"  # a recogniser of the rule modules knows it: passes silently
CATALOG = "catalog"  # a word of a sample's name, label, process or alias: passes silently
PROSE = "prose"  # ordinary English or a value-less selection word: reported back as not used
FILLER = "filler"  # a hand-checked filler word (coverage.FILLER): passes silently

_CHUNK = 64  # words checked in one text: small enough that few recognisers spell any of them


def vocabulary_words() -> list[str]:
    """The words whose standing is recorded: English words and the selection words."""
    return sorted(coverage.english_words() | coverage.MEANINGFUL)


def _prefix_length(word: str) -> int:
    """How much of the word a recogniser must spell (as :func:`coverage._spelled_in`)."""
    return max(min(3, len(word)), len(word) - 4)


def _spelling(words: Sequence[str], patterns: Sequence[re.Pattern[str]]) -> dict[int, list[int]]:
    """word index -> the indices of the patterns that spell the word (any of them may know it)."""
    by_prefix: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, word in enumerate(words):
        k = _prefix_length(word)
        by_prefix[k][word[:k]].append(i)
    spelled: dict[int, list[int]] = defaultdict(list)
    for p, pattern in enumerate(patterns):
        found: set[int] = set()
        for text in (pattern.pattern, coverage._letters(pattern.pattern)):
            for k, table in by_prefix.items():
                for j in range(len(text) - k + 1):
                    found.update(table.get(text[j : j + k], ()))
        for i in found:
            spelled[i].append(p)
    return spelled


def standing(catalog: Catalog, words: Iterable[str] | None = None) -> dict[str, str]:
    """How the coverage check treats each word standing alone (:data:`ASKED`, :data:`RULE`,
    :data:`CATALOG`, :data:`PROSE` or :data:`FILLER`); by default of :func:`vocabulary_words`.
    :data:`RULE` is a word that would be asked about, or reported as not used, if no recogniser
    knew it."""
    vocabulary = sorted(set(vocabulary_words() if words is None else words))
    patterns = coverage._recognisers()
    spelled = _spelling(vocabulary, patterns)
    samples = coverage._catalog_words(catalog)
    out: dict[str, str] = {}
    for start in range(0, len(vocabulary), _CHUNK):
        chunk = vocabulary[start : start + _CHUNK]
        used = sorted({p for i in range(start, start + len(chunk)) for p in spelled.get(i, ())})
        # between separators, as in the one joined text: a pattern anchored at the text's start
        # or end ("... overlay$") knows only the vocabulary's first or last word
        text = " ; ".join(chunk)
        text = ("" if start == 0 else "; ") + text
        text += "" if start + _CHUNK >= len(vocabulary) else " ;"
        prose: list[str] = []
        asked = set(
            coverage.unknown_words(
                text, catalog, commentary=prose, recognisers=[patterns[p] for p in used]
            )
        )
        unread: list[str] = []
        unknown = set(coverage.unknown_words(text, catalog, commentary=unread, recognisers=()))
        for word in chunk:
            if word in asked:
                out[word] = ASKED
            elif word in unknown or (word in unread and word not in prose):
                out[word] = RULE
            elif word in samples:
                out[word] = CATALOG
            else:
                out[word] = PROSE if word in prose else FILLER
    return out


def known_vocabulary(catalog: Catalog, words: Iterable[str] | None = None) -> set[str]:
    """The words the coverage check does not ask about wherever they stand (all but
    :data:`ASKED`)."""
    return {w for w, how in standing(catalog, words).items() if how != ASKED}


#: the standings a snapshot records; a vocabulary word it leaves out is prose or filler
RECORDED = (ASKED, RULE, CATALOG)


def format_snapshot(standings: dict[str, str]) -> str:
    """The snapshot's text: a header, then one "word<TAB>standing" line for every word that is
    asked about or passes silently by a rule or the catalog (:data:`RECORDED`)."""
    known = sum(how != ASKED for how in standings.values())
    lines = [
        "# How the coverage check (chathep/planner/coverage.py) treats each word standing alone:",
        "# 'asked' = the planner asks about it; 'rule' = a recogniser of the rule modules knows it",
        "# and it passes silently everywhere; 'catalog' = a sample name word (passes silently).",
        "# A vocabulary word not listed (coverage.english_words() | coverage.MEANINGFUL) passes as",
        "# prose (reported back as not used) or filler. Regenerate with",
        "# `python tools/known_vocabulary.py --update` and review every changed line.",
        f"# vocabulary {len(standings)} words, known {known}, asked {len(standings) - known}",
    ]
    lines += [f"{w}\t{how}" for w, how in sorted(standings.items()) if how in RECORDED]
    return "\n".join(lines) + "\n"


def parse_snapshot(text: str, words: Iterable[str] | None = None) -> dict[str, str]:
    """The standings a snapshot written by :func:`format_snapshot` records; with ``words``
    (the vocabulary), the words it leaves out as :data:`PROSE` (prose or filler)."""
    out = dict.fromkeys(() if words is None else words, PROSE)
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            word, how = line.split("\t")
            out[word] = how
    return out


def _silent(standings: dict[str, str]) -> dict[str, str]:
    """prose and filler are one standing for the snapshot (both pass, neither by a rule)"""
    return {w: PROSE if how == FILLER else how for w, how in standings.items()}


def describe_change(old: dict[str, str], new: dict[str, str]) -> str:
    """A readable diff of two standings: words newly known (were asked), no longer known (now
    asked), passing another way; empty when they are the same."""
    old, new = _silent(old), _silent(new)
    newly = sorted(w for w, how in new.items() if how != ASKED and old.get(w, ASKED) == ASKED)
    gone = sorted(w for w, how in new.items() if how == ASKED and old.get(w, ASKED) != ASKED)
    moved = sorted(
        w for w, how in new.items() if ASKED not in (how, old.get(w, ASKED)) and old[w] != how
    )
    parts: list[str] = []
    if newly:
        parts.append(f"newly known ({len(newly)}): " + ", ".join(f"{w} ({new[w]})" for w in newly))
    if gone:
        parts.append(f"no longer known, now asked ({len(gone)}): " + ", ".join(gone))
    if moved:
        parts.append(
            f"known another way ({len(moved)}): "
            + ", ".join(f"{w} ({old[w]} -> {new[w]})" for w in moved)
        )
    return "\n".join(parts)


def _source_places() -> dict[str, list[str]]:
    """pattern text -> where it is written ("parser.py:123", "lexicon.ORDINALS")."""
    import ast
    from pathlib import Path

    from chathep.planner import lexicon as lx

    places: dict[str, list[str]] = defaultdict(list)
    here = Path(coverage.__file__).parent
    for name in coverage._SOURCES:
        tree = ast.parse((here / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(
                    v.value if isinstance(v, ast.Constant) else r"[^.;]{0,40}?" for v in node.values
                )
                places[text].append(f"{name}:{node.lineno}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                places[node.value].append(f"{name}:{node.lineno}")
    for attr, value in vars(lx).items():
        if isinstance(value, str):
            places[value].append(f"lexicon.{attr}")
        elif isinstance(value, list | tuple):
            for item in value:
                for part in item if isinstance(item, tuple) else (item,):
                    if isinstance(part, str):
                        places[part].append(f"lexicon.{attr}")
        elif isinstance(value, dict):
            for key in value:
                if isinstance(key, str):
                    places[rf"\b{re.escape(key)}\b"].append(f"lexicon.{attr}")
    return places


def why_known(word: str, catalog: Catalog) -> list[tuple[str, str]]:
    """The recognisers that know the word standing alone: (where it is written, pattern)."""
    places = _source_places()
    out: list[tuple[str, str]] = []
    text = f"; {word} ;"  # as in the joined vocabulary: the word between separators

    def silent(found: list[str], prose: list[str]) -> bool:
        return word not in found and word not in prose

    for pattern in coverage._recognisers():
        if not coverage._spelled_in(word, pattern.pattern):
            continue
        prose: list[str] = []
        found = coverage.unknown_words(text, catalog, commentary=prose, recognisers=[pattern])
        if silent(found, prose):
            where = ", ".join(sorted(set(places.get(pattern.pattern, ["?"]))))
            out.append((where, pattern.pattern))
    return out
