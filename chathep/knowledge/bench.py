"""Retrieval quality on a labelled query set: recall@k and query latency.

Shared by benchmarks/retrieval.py (which reports on this machine) and the tests (which assert
a recall floor), so both measure the same thing.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from chathep.errors import ChatHEPError
from chathep.knowledge.retrieval import Hit, Retriever

DEFAULT_QUERIES = (
    Path(__file__).resolve().parent.parent.parent / "benchmarks" / ("retrieval_queries.yaml")
)


@dataclass(frozen=True)
class LabelledQuery:
    query: str
    expected: tuple[str, ...]  # "path" or "path#heading"


@dataclass
class QueryOutcome:
    query: LabelledQuery
    citations: list[str]
    rank: int | None  # 1-based rank of the first matching hit, None if not in the top k
    seconds: float
    cpu_seconds: float = 0.0  # process CPU time (coarse clock on some systems: sum, don't rank)


@dataclass
class BenchResult:
    k: int
    outcomes: list[QueryOutcome] = field(default_factory=list)

    def recall(self, k: int | None = None) -> float:
        k = k or self.k
        hits = sum(1 for o in self.outcomes if o.rank is not None and o.rank <= k)
        return hits / len(self.outcomes) if self.outcomes else 0.0

    def latency_ms(self, q: float, cpu: bool = False) -> float:
        times = sorted((o.cpu_seconds if cpu else o.seconds) * 1000 for o in self.outcomes)
        if not times:
            return 0.0
        if len(times) == 1:
            return times[0]
        return statistics.quantiles(times, n=100, method="inclusive")[round(q * 100) - 1]

    @property
    def misses(self) -> list[QueryOutcome]:
        return [o for o in self.outcomes if o.rank is None]


def load_queries(path: Path | None = None) -> list[LabelledQuery]:
    path = path or DEFAULT_QUERIES
    try:
        raw = yaml.safe_load(Path(path).read_text())
        items = raw["queries"]
        return [LabelledQuery(str(q["query"]), tuple(q["expected"])) for q in items]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ChatHEPError(
            f"Cannot read the labelled queries {path}: {exc}",
            hint="Each entry needs 'query' and a list 'expected' of paths.",
        ) from None


def matches(hit: Hit, expected: str) -> bool:
    """``path`` matches any chunk of the file; ``path#heading`` the chunk's last heading."""
    path, _, heading = expected.partition("#")
    if hit.source != path:
        return False
    return not heading or hit.section.split(" > ")[-1].strip() == heading.strip()


def evaluate(retriever: Retriever, queries: list[LabelledQuery], k: int = 5) -> BenchResult:
    result = BenchResult(k=k)
    for labelled in queries:
        start, cpu = time.perf_counter(), time.process_time()
        hits = retriever.search(labelled.query, k=k)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        rank = next(
            (i for i, h in enumerate(hits, 1) if any(matches(h, e) for e in labelled.expected)),
            None,
        )
        result.outcomes.append(QueryOutcome(labelled, [h.citation for h in hits], rank, seconds))
    return result
