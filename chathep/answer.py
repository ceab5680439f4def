"""The answer ChatHEP gives to one request: the contract of ``chathep ask --json``.

Schema (version 1), all fields always present:

- ``request``: the user's words, unchanged.
- ``kind``: ``analysis`` (a spec was run), ``question`` (answered from the knowledge base),
  ``clarification`` (one question back to the user), ``refusal`` (not something ChatHEP does)
  or ``error`` (something failed; ``message`` and ``hint`` say what and how to fix it).
- ``message``: the text answer; ``hint``: how to fix an error, else null.
- ``plan``: the spec in words; ``spec``: the spec as JSON (null when there is none).
- ``citations``: knowledge-base sections used (``source`` path, ``section``, ``kind``,
  ``snippet``): for a question, the sections the answer's sentences come from (``score`` is
  their cosine similarity to the question); for an analysis, the recipe pages of the
  corrections applied, the object pages whose definitions were chosen, the worked examples and
  reference excerpts shown to the language model (``score`` 0: not a search result).
- ``code``: the generated coffea module; ``code_path``, ``result_path``: where they were written.
- ``histograms``: per histogram ``name``, ``label``, ``edges`` and, per sample, the nominal
  ``values`` and ``variances`` (sum of weights and of squared weights per bin).
- ``cutflow``: per sample a list of ``{cut, events, sumw}``; ``yields``: per sample
  ``{events, sumw, sumw2, effective_lumi_pb}`` after all cuts (``effective_lumi_pb``: the
  simulated sample's luminosity where the catalog has it, else null).
- ``regions``: histograms under selections of their own (before/after a cut, per channel,
  N-1): per region (its name in words, also the legend title of its plots) the ``steps``, the
  ``histograms`` filled with its events, and per sample its ``cutflow`` and ``yields``; empty
  when every histogram passes every step.
- ``corrections``: per sample, the corrections ``applied`` and ``skipped`` (with the reason).
- ``plots``: paths of the plot files (PNG and PDF).
- ``timings``: seconds per stage (retrieve, plan, check, compile, run, plot, total).
- ``warnings``: what the user should know (empty histograms, skipped corrections, ...).
- ``repair_attempts``: how many times free-form code had to be repaired (0 otherwise).
- ``unplaced``: words of the request that could not be placed in the spec (numbers, negations,
  objects); a plan never runs with such words, so they come with a ``clarification``.
- ``internal_error``: true when an ``error`` is a bug in ChatHEP rather than a problem with the
  request, the data or the user's code (the CLI then exits 2 instead of 1).

Exit codes (:attr:`Answer.exit_code`, used by the CLI): 0 when an analysis ran (or its code
was written) or a question was answered, 1 for a clarification, a refusal or a user error, 2
for an internal error.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1


class Citation(BaseModel):
    source: str
    section: str = ""
    score: float = 0.0  # similarity to the question where it means something, else 0
    kind: str | None = None
    snippet: str = ""  # one line of the section that was used

    def __str__(self) -> str:
        return f"{self.source}#{self.section}" if self.section else self.source


class SampleHistogram(BaseModel):
    values: list[float]
    variances: list[float]


class HistogramOut(BaseModel):
    name: str
    label: str
    edges: list[float]
    samples: dict[str, SampleHistogram]


class CutflowRow(BaseModel):
    cut: str
    events: int
    sumw: float


class Yield(BaseModel):
    events: int
    sumw: float
    sumw2: float
    #: simulation: the sample's luminosity, events generated / sigma (generated samples)
    effective_lumi_pb: float | None = None


class Region(BaseModel):
    steps: list[str]
    histograms: list[str]
    cutflow: dict[str, list[CutflowRow]] = Field(default_factory=dict)
    yields: dict[str, Yield] = Field(default_factory=dict)


class Answer(BaseModel):
    schema_version: int = SCHEMA_VERSION
    request: str
    kind: Literal["analysis", "question", "clarification", "refusal", "error"]
    message: str = ""
    hint: str | None = None
    plan: str | None = None
    spec: dict[str, Any] | None = None
    citations: list[Citation] = Field(default_factory=list)
    code: str | None = None
    code_path: str | None = None
    result_path: str | None = None
    histograms: list[HistogramOut] = Field(default_factory=list)
    cutflow: dict[str, list[CutflowRow]] = Field(default_factory=dict)
    yields: dict[str, Yield] = Field(default_factory=dict)
    regions: dict[str, Region] = Field(default_factory=dict)
    corrections: dict[str, dict[str, Any]] = Field(default_factory=dict)
    plots: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    repair_attempts: int = 0
    unplaced: list[str] = Field(default_factory=list)
    internal_error: bool = False

    @property
    def ok(self) -> bool:
        return self.kind in ("analysis", "question")

    @property
    def exit_code(self) -> int:
        """0 success, 1 something the user must act on, 2 a bug in ChatHEP."""
        if self.ok:
            return 0
        return 2 if self.kind == "error" and self.internal_error else 1

    @property
    def png(self) -> str | None:
        return next((p for p in self.plots if p.endswith(".png")), None)
