"""Answers in words to knowledge questions, extracted from the best matching sections.

"Which muon ID should I use in 2018?" gets the sentences of the knowledge base that answer it
(a page's recommendation, with its numbers), each citing its section with a one-line snippet,
not pasted chunks. The steps:

1. hybrid search with the physics vocabulary's expansion of the question (and the era it
   names), guidance pages (objects, recipes, triggers, ...) preferred over branch lists;
2. the candidate sections are cut into units: sentences, list items, table rows (with their
   header), code left out;
3. each unit is scored by its cosine similarity to the question, the question's content words
   it contains (rare words weigh more; its heading, page title and tags count too), whether
   it recommends something or carries a value (the number with the unit of the quantity
   asked for, the era asked about), and whether its heading is the kind of section the
   question asks for ("how do I ..." -> "In coffea", "what does it fix" -> "What it corrects");
4. the best units (at most :data:`MAX_SENTENCES`, from at most three sections of at most two
   pages, none far below the best) form the answer in the pages' order (the best first when
   an amount is asked for); when no section is
   similar enough (or, less similar, contains most of the question's words), the answer says
   that the knowledge base does not say.

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
#: Weight of a section's place in the hybrid search (first: all of it, last: nothing).
RANK_WEIGHT = 0.15
#: Units longer than this many characters lose up to LONG_UNIT_PENALTY of their score.
LONG_UNIT = 300
LONG_UNIT_PENALTY = 0.15
MAX_SECTIONS = 3
MAX_PAGES = 2
CANDIDATES = 8
#: A unit scoring below this fraction of the best unit is left out (it only adds noise).
RELATIVE_CUT = 0.75
#: A section below MIN_SECTION_SIMILARITY still answers when its text, title, headings and
#: tags contain this fraction of the question's content words (and it is at least this similar):
#: catalog pages and tables embed poorly but say exactly what was asked.
MIN_WORD_COVERAGE = 0.6
MIN_COVERED_SIMILARITY = 0.2
NOT_FOUND = "The knowledge base does not say."
#: Pages that list branches or show worked requests: quoted only when nothing else answers.
_REFERENCE_KINDS = {"nanoaod", "example"}
_RECOMMENDS = re.compile(
    r"\b(recommend\w*|standard|usual(?:ly)?|default|use|uses|apply|should|must|prefer\w*|"
    r"choice|supersede\w*|baseline|unprescaled)\b",
    re.IGNORECASE,
)
_VALUE = re.compile(r"\d")
#: A question asking for an amount ("how much luminosity ...", "what is the cross section").
_ASKS_AMOUNT = re.compile(
    r"\b(how (?:much|many|large|big|high|low)|what(?:'s| is| was| are)? (?:the )?"
    r"(?:value|size|amount|number|total|uncertainty|precision))\b",
    re.IGNORECASE,
)
#: A number with a physics unit: 59.8 fb^-1, 3.6 nb^-1, 69.2 mb, 25 GeV, 2.5 %.
_NUMBER_WITH_UNIT = re.compile(
    r"\d(?:[\d.,]*\d)?\s*(?:[fpnmµu]?b\s*\^?\s*-1|/[fpn]b|[fpnmµu]b\b|[kMGT]eV\b|%|mm\b|cm\b)"
)
#: What a question asks for -> the headings of the sections that say it (the recipes and
#: object pages share these headings).
_INTENT_HEADINGS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (
        re.compile(r"\bhow (?:do|should|can|would) (?:i|we|one|you)\b|\bhow to\b", re.I),
        re.compile(r"\b(?:in coffea|how to use|using|how)\b", re.I),
    ),
    (
        re.compile(r"\bwhat (?:does|do) .*\b(?:fix|correct|do)\b|\bwhat is .* for\b|\bwhy\b", re.I),
        re.compile(r"\bwhat it (?:corrects|is|estimates)\b", re.I),
    ),
    (
        re.compile(r"\bwhen\b|\bdoes .* apply\b|\bwhich samples\b", re.I),
        re.compile(r"\bwhen it applies\b", re.I),
    ),
    (
        re.compile(r"\buncertaint|\bsystematic|\bvariations?\b", re.I),
        re.compile(r"\buncertaint", re.I),
    ),
    (
        re.compile(r"\bcaveats?\b|\bpitfalls?\b|\bcareful\b|\bwatch out\b", re.I),
        re.compile(r"\bcaveats?\b", re.I),
    ),
]
#: Quantity words of a question -> the unit a number answering it carries.
_QUANTITY_UNITS: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (
        re.compile(r"\blumi(?:nosity)?\b", re.IGNORECASE),
        re.compile(r"\d\s*(?:[fpn]b\s*\^?\s*-1|/[fpn]b)\b"),
    ),
    (
        re.compile(r"\bcross[- ]sections?\b|\bxsecs?\b", re.IGNORECASE),
        re.compile(r"\d\s*[fpnmµu]b\b(?!\s*\^?\s*-1)"),
    ),
    (
        re.compile(r"\b(?:pt|threshold|mass window|momentum cut)\b", re.IGNORECASE),
        re.compile(r"\d\s*[kMGT]eV\b"),
    ),
]
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
#: A sentence ends at . ! ? before a capital, a backtick or a bracket; not after "i.e." etc.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])(?<!\bi\.e\.)(?<!\be\.g\.)(?<!\bcf\.)(?<!\bvs\.)(?<!\betc\.)"
    r"\s+(?=[A-Z`(\"'])"
)
#: "... the weight\n\n    w = P_data / P_MC\n\n(both normalised), so ...": one sentence.
_DISPLAYED = re.compile(r"([^\n])\n\n {4,}(\S[^\n]*)\n\n(?=[a-z(])")
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
    # a displayed formula (an indented line) inside a sentence is read inline, as code
    text = _DISPLAYED.sub(r"\1 `\2` ", text)
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
    asked = _content_words(question)
    expanded = _content_words(expand_query(question)) - asked
    weights = _word_weights(retriever)
    page_words = {hit.citation: _page_words(hit) for hit in hits}
    if not any(
        _relevant(
            section_sim[h.citation],
            _coverage(page_words[h.citation] | _content_words(h.text), asked, weights),
        )
        for h in hits
    ):
        return KnowledgeAnswer(question, NOT_FOUND, found=False)
    # the units a number answering the question carries (luminosity -> fb^-1, ...)
    wanted_units = [unit for words, unit in _QUANTITY_UNITS if words.search(question)]
    asks_amount = bool(_ASKS_AMOUNT.search(question))
    eras = set(_ERA.findall(question))
    wanted_headings = [h for asks, h in _INTENT_HEADINGS if asks.search(question)]
    rank: dict[str, int] = {}
    for i, hit in enumerate(hits):
        rank.setdefault(hit.citation, i)
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
            _coverage(words, asked, weights)
            + 0.3 * _coverage(words, expanded, weights)
            + 0.5 * _coverage(heading, asked, weights)
            # the page is about what was asked (title, headings, tags)
            + 0.3 * _coverage(page_words[hit.citation], asked, weights)
        )
        score = float(sim) + 0.5 * overlap + 0.3 * section_sim[hit.citation]
        score += RANK_WEIGHT * (1 - rank[hit.citation] / len(hits))  # the search's own order
        if _RECOMMENDS.search(unit):
            score += 0.1
        if _VALUE.search(unit):
            score += 0.04
        has_value = any(pattern.search(unit) for pattern in wanted_units)
        if has_value:
            score += 0.12  # the number with the unit of the quantity asked for
        elif asks_amount and _NUMBER_WITH_UNIT.search(unit):
            score += 0.06
        if eras & set(_ERA.findall(unit)):
            score += 0.08  # it states the era asked about
            if has_value:
                score += 0.12  # ... and the value for it: the direct answer
        if any(h.search(_heading(hit)) for h in wanted_headings):
            score += 0.1  # the kind of section the question asks for
        # a long unit contains many words by chance: the concise statement is preferred
        score -= LONG_UNIT_PENALTY * min(1.0, max(0, len(unit) - LONG_UNIT) / LONG_UNIT)
        scored.append((score, hit, position, unit))
    scored.sort(key=lambda s: -s[0])
    floor = max(MIN_UNIT_SCORE, RELATIVE_CUT * scored[0][0])
    best_section = scored[0][1].citation
    chosen: list[tuple[float, Hit, int, str]] = []
    sections: list[str] = [best_section]
    for item in scored:
        score, hit, _, unit = item
        if score < floor or len(chosen) == MAX_SENTENCES:
            break
        if any(unit == c[3] for c in chosen) or unit.rstrip().endswith(":"):
            continue  # a repeat, or a lead-in to a list or code that says nothing alone
        if hit.citation not in sections:
            pages = {c.split("#", 1)[0] for c in sections}
            new_page = hit.source not in pages
            if (
                len(sections) == MAX_SECTIONS
                or (new_page and len(pages) == MAX_PAGES)
                or score < 0.85 * scored[0][0]
            ):
                continue
            sections.append(hit.citation)
        chosen.append(item)
    if not chosen:
        return KnowledgeAnswer(question, NOT_FOUND, found=False)
    order = {c: i for i, c in enumerate(sections)}
    # in the pages' order; for an amount asked for, the best unit (the value) leads
    first = 1 if wanted_units or asks_amount else 0
    chosen = chosen[:first] + sorted(chosen[first:], key=lambda c: (order[c[1].citation], c[2]))
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


_WEIGHTS: dict[tuple[int, str], dict[str, float]] = {}


def _word_weights(retriever: Retriever) -> dict[str, float]:
    """Inverse document frequency of each (stemmed) content word over the index's chunks:
    "luminosity" says more about what was asked than "data" or "2018"."""
    key = (id(retriever), retriever.generation)
    weights = _WEIGHTS.get(key)
    if weights is None:
        chunks = retriever.chunks()
        counts: dict[str, int] = {}
        for text, meta in chunks:
            words = _content_words(f"{meta.get('title', '')} {meta.get('section', '')} {text}")
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        weights = {w: float(np.log(1 + len(chunks) / c)) for w, c in counts.items()}
        weights[""] = max(weights.values(), default=1.0)  # a word no chunk has: the rarest
        _WEIGHTS.clear()  # one index at a time is enough
        _WEIGHTS[key] = weights
    return weights


def _coverage(found: set[str], asked: set[str], weights: dict[str, float]) -> float:
    """The weighted fraction of the asked words that were found (rare words weigh more)."""
    if not asked:
        return 0.0
    top = weights.get("", 1.0)
    total = sum(weights.get(w, top) for w in asked)
    return sum(weights.get(w, top) for w in asked & found) / total


def _page_words(hit: Hit) -> set[str]:
    """Content words of the hit's page title, heading path and front-matter tags."""
    meta = hit.metadata
    return _content_words(f"{meta.get('title', '')} {hit.section} {meta.get('tags', '')}")


def _relevant(similarity: float, coverage: float) -> bool:
    """Whether a section can answer: similar enough, or (less similar) its text, title,
    headings and tags contain most of the question's content words."""
    if similarity >= MIN_SECTION_SIMILARITY:
        return True
    return similarity >= MIN_COVERED_SIMILARITY and coverage >= MIN_WORD_COVERAGE


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
