"""Answers in words to knowledge questions, extracted from the best matching sections.

"Which muon ID should I use in 2018?" gets the sentences of the knowledge base that answer it
(a page's recommendation, with its numbers), each citing its section with a one-line snippet,
not pasted chunks. The steps:

1. hybrid search with the physics vocabulary's expansion of the question (and the era it
   names), guidance pages (objects, recipes, triggers, ...) preferred over branch lists;
2. the candidate sections are cut into units: sentences, list items, table rows (with their
   header), code left out;
3. each unit is scored by its cosine similarity to the question, the question's content words
   it contains, and whether it recommends something or carries a value;
4. the best units (at most :data:`MAX_SENTENCES`, at most two sections) form the answer, in
   the page's order; when even the best section is not similar enough, the answer says that the
   knowledge base does not say.

Nothing here is generated: every sentence of the answer is a sentence of the cited section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from chathep.knowledge.embeddings import embed
from chathep.knowledge.retrieval import Hit, Retriever, expand_query, tokenize

#: Below this cosine similarity of the best section the knowledge base "does not say".
MIN_SECTION_SIMILARITY = 0.30
#: A unit needs at least this score to be part of an answer.
MIN_UNIT_SCORE = 0.35
MAX_SENTENCES = 4
MAX_BULLET_CHARS = 600
MAX_SECTIONS = 2
CANDIDATES = 8
NOT_FOUND = "The knowledge base does not say."
#: Pages that list branches or show worked requests: quoted only when nothing else answers.
_REFERENCE_KINDS = {"nanoaod", "example"}
_RECOMMENDS = re.compile(
    r"\b(recommend\w*|standard|usual(?:ly)?|default|use|uses|apply|should|must|prefer\w*|"
    r"choice|supersede\w*|baseline|unprescaled)\b",
    re.IGNORECASE,
)
_VALUE = re.compile(r"\d")
_STOP = {
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "for",
    "to",
    "and",
    "or",
    "is",
    "are",
    "be",
    "do",
    "does",
    "i",
    "we",
    "you",
    "my",
    "our",
    "it",
    "this",
    "that",
    "with",
    "what",
    "which",
    "how",
    "should",
    "can",
    "could",
    "would",
    "use",
    "using",
    "used",
    "when",
    "where",
    "why",
    "there",
    "their",
    "from",
    "by",
    "at",
    "as",
    "about",
    "into",
    "per",
    "than",
    "then",
    "so",
    "if",
    "any",
    "some",
    "me",
    "tell",
    "explain",
    "need",
    "want",
    "get",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(\"'])")
_ERA = re.compile(r"\b(20(?:1[5-8]|2[2-5]))\b")


@dataclass(frozen=True)
class Source:
    """One cited section: where, how similar to the question, a one-line snippet."""

    source: str
    section: str
    kind: str | None
    similarity: float
    snippet: str

    @property
    def citation(self) -> str:
        return f"{self.source}#{self.section}" if self.section else self.source


@dataclass
class KnowledgeAnswer:
    """The answer text (sentences with ``[n]`` markers) and the sections they come from."""

    question: str
    text: str
    sources: list[Source] = field(default_factory=list)
    found: bool = True

    def render(self) -> str:
        """The text and, one line each, the cited sections with their snippets."""
        if not self.sources:
            return self.text
        lines = [self.text, "", "Sources:", ""]  # a markdown list: one line per source
        lines += [f"- [{i}] {s.citation} — {s.snippet}" for i, s in enumerate(self.sources, 1)]
        return "\n".join(lines)


def _plain(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text


def units(text: str) -> list[str]:
    """Sentences, list items and table rows of a chunk; fenced code is left out."""
    return [unit for unit, _ in _units(text)]


def _units(text: str) -> list[tuple[str, bool]]:
    """(unit, is a table row): a row is read with its header and its section's heading."""
    out: list[tuple[str, bool]] = []
    in_fence = False
    header: list[str] | None = None
    paragraph: list[str] = []

    bullet = [False]

    def flush() -> None:
        if paragraph:
            joined = _plain(" ".join(paragraph))
            if bullet[0] and len(joined) <= MAX_BULLET_CHARS:
                out.append((joined, False))  # a list item is one statement: keep it whole
            else:
                out.extend((s, False) for s in _SENTENCE_END.split(joined) if len(s) > 20)
            paragraph.clear()
        bullet[0] = False

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if stripped.startswith("|"):
            flush()
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            if header is None:
                header = cells
            else:
                pairs = [f"{h}: {c}" for h, c in zip(header, cells, strict=False) if c]
                out.append(("; ".join(pairs), True))
            continue
        header = None
        if not stripped:
            flush()
        elif re.match(r"^([-*+]|\d+[.)])\s+", stripped):
            flush()
            bullet[0] = True
            paragraph.append(re.sub(r"^([-*+]|\d+[.)])\s+", "", stripped))
        elif stripped.startswith("#"):
            flush()
        else:
            paragraph.append(stripped)
    flush()
    return out


def _content_words(text: str) -> set[str]:
    """Lower-case content words, lightly stemmed (muons -> muon, corrections -> correct)."""
    words = {t for t in tokenize(text) if t not in _STOP and len(t) > 1}
    return {_stem(w) for w in words}


def _stem(word: str) -> str:
    """A light stem: muons -> muon, corrections / corrects / corrected -> correct."""
    for suffix in ("ions", "ion", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _snippet(text: str, width: int = 110) -> str:
    text = _plain(text)
    return text if len(text) <= width else text[: width - 3].rsplit(" ", 1)[0] + "..."


def _candidates(question: str, retriever: Retriever) -> list[Hit]:
    era_match = _ERA.search(question)
    era = era_match.group(1) if era_match else None
    hits = retriever.search(question, k=CANDIDATES, era=era, expand=True)
    if not hits and era:
        hits = retriever.search(question, k=CANDIDATES, expand=True)
    guidance = [h for h in hits if h.metadata.get("kind") not in _REFERENCE_KINDS]
    return guidance or hits


def answer_question(question: str, retriever: Retriever) -> KnowledgeAnswer:
    """An extractive answer to ``question`` from the knowledge base in ``retriever``."""
    hits = _candidates(question, retriever)
    if not hits:
        return KnowledgeAnswer(question, NOT_FOUND, found=False)
    section_sim: dict[str, float] = {}
    for hit in hits:
        sim = hit.similarity if hit.similarity is not None else 0.0
        section_sim[hit.citation] = max(sim, section_sim.get(hit.citation, -1.0))
    if max(section_sim.values()) < MIN_SECTION_SIMILARITY:
        return KnowledgeAnswer(question, NOT_FOUND, found=False)
    asked = _content_words(question)
    expanded = _content_words(expand_query(question)) - asked
    pool: list[tuple[Hit, int, str]] = []
    in_context: list[str] = []
    for hit in hits:
        for position, (unit, row) in enumerate(_units(hit.text)):
            pool.append((hit, position, unit))
            # a table row alone has no words: read it under its section's heading
            in_context.append(f"{_heading(hit)}: {unit}" if row else unit)
    if not pool:
        return KnowledgeAnswer(question, NOT_FOUND, found=False)
    vectors = np.asarray(embed([question, *in_context]), dtype=np.float32)
    similarity = vectors[1:] @ vectors[0]
    scored: list[tuple[float, Hit, int, str]] = []
    for (hit, position, unit), sim, context in zip(pool, similarity, in_context, strict=True):
        words = _content_words(context)
        heading = _content_words(hit.section.split(" > ")[-1]) if " > " in hit.section else set()
        overlap = (
            len(words & asked) / max(1, len(asked))
            + 0.3 * len(words & expanded) / max(1, len(expanded))
            + 0.5 * len(heading & asked) / max(1, len(asked))
        )
        score = float(sim) + 0.5 * overlap + 0.3 * section_sim[hit.citation]
        if _RECOMMENDS.search(unit):
            score += 0.1
        if _VALUE.search(unit):
            score += 0.04
        scored.append((score, hit, position, unit))
    scored.sort(key=lambda s: -s[0])
    best_section = scored[0][1].citation
    chosen: list[tuple[float, Hit, int, str]] = []
    sections: list[str] = [best_section]
    for item in scored:
        score, hit, _, unit = item
        if score < MIN_UNIT_SCORE or len(chosen) == MAX_SENTENCES:
            break
        if hit.citation not in sections:
            if len(sections) == MAX_SECTIONS or score < 0.85 * scored[0][0]:
                continue
            sections.append(hit.citation)
        if any(unit == c[3] for c in chosen):
            continue
        chosen.append(item)
    if not chosen:
        return KnowledgeAnswer(question, NOT_FOUND, found=False)
    order = {c: i for i, c in enumerate(sections)}
    chosen.sort(key=lambda c: (order[c[1].citation], c[2]))
    sources: list[Source] = []
    number: dict[str, int] = {}
    sentences = []
    for _, hit, _, unit in chosen:
        if hit.citation not in number:
            lead = max((c for c in chosen if c[1].citation == hit.citation), key=lambda c: c[0])
            sources.append(
                Source(
                    source=hit.source,
                    section=hit.section,
                    kind=hit.metadata.get("kind"),
                    similarity=round(section_sim[hit.citation], 3),
                    snippet=_snippet(lead[3]),
                )
            )
            number[hit.citation] = len(sources)
        sentences.append(f"{_sentence(unit)} [{number[hit.citation]}]")
    return KnowledgeAnswer(question, " ".join(sentences), sources)


def _heading(hit: Hit) -> str:
    """The last heading of the hit's section, or the page title."""
    section = hit.section.split(" > ")[-1] if hit.section else ""
    return section or str(hit.metadata.get("title", ""))


def _sentence(unit: str) -> str:
    unit = unit.strip()
    return unit if unit.endswith((".", "!", "?", ")", "`")) else unit + "."


def as_dict(answer: KnowledgeAnswer) -> dict[str, Any]:
    return {
        "question": answer.question,
        "text": answer.text,
        "found": answer.found,
        "sources": [s.__dict__ for s in answer.sources],
    }
