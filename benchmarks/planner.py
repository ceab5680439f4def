"""Planner and end-to-end benchmark on the public request set (benchmarks/requests/*.yaml).

For each planner mode (``parser``; ``auto`` with SmolLM2; ``auto`` with Gemma-3-270M) every
request goes through :func:`chathep.api.ask` exactly as a user's would, and is scored on:

- exact spec match: the planned spec is the expected one up to names and free text (title,
  axis label, cutflow step labels) and the order of cuts within one object;
- histogram-key match: the fields that determine the histogram's content agree (samples,
  lumi, corrections, the objects/pairs/steps the histogram depends on, observable, binning),
  with count requirements the observable already implies made explicit on both sides;
- histogram match: the planned spec's histogram (run in the sandbox by ``ask``) has exactly
  the bin contents of the expected spec's (run once with :func:`chathep.engine.run_spec` and
  cached under the user cache directory, keyed by the spec and the compiler's sources);
- clarification rate, whether the LLM was called, and latency per stage (``answer.timings``).

Run: ``.venv/bin/python benchmarks/planner.py [--modes parser,auto-smollm2,auto-gemma3]
[--limit N] [--no-run] [--no-write]``. Writes its section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from chathep.catalog import Catalog, default_catalog  # noqa: E402
from chathep.errors import ChatHEPError  # noqa: E402
from chathep.resolve import resolve_samples  # noqa: E402
from chathep.spec import AnalysisSpec, parse_spec  # noqa: E402

REQUESTS_DIR = ROOT / "benchmarks" / "requests"
BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- planner:start -->", "<!-- planner:end -->"
STAGES = ("retrieve", "plan", "compile", "run", "plot", "total")
#: mode label -> (planner mode, CHATHEP_MODEL or None for no model)
MODES: dict[str, tuple[str, str | None]] = {
    "parser": ("parser", None),
    "auto-smollm2": ("auto", "smollm2"),
    "auto-gemma3": ("auto", "gemma3-270m"),
}


# --- the request set ----------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One request of the set: the words, and the expected spec or the expected answer kind."""

    id: str
    text: str
    category: str
    source: str
    expected: dict[str, Any] | None = None
    expected_kind: str = "analysis"
    notes: str = ""

    def spec(self) -> AnalysisSpec:
        if self.expected is None:
            raise ValueError(f"request {self.id} has no expected spec")
        return parse_spec(self.expected)


def load_requests(directory: Path = REQUESTS_DIR) -> list[Request]:
    """Every request of every ``*.yaml`` file, in file then list order; ids are unique."""
    out: list[Request] = []
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text())
        file_category = raw.get("category", path.stem)
        for item in raw["requests"]:
            kind = item.get("expected_kind", "analysis")
            expected = item.get("expected")
            if (kind == "analysis") != (expected is not None):
                raise ValueError(f"{path.name}: {item.get('id')}: analysis <=> expected spec")
            out.append(
                Request(
                    id=str(item["id"]),
                    text=str(item["request"]).strip(),
                    category=str(item.get("category", file_category)),
                    source=path.name,
                    expected=expected,
                    expected_kind=kind,
                    notes=str(item.get("notes", "")),
                )
            )
    ids = [r.id for r in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate request ids: {dupes}")
    return out


# --- canonical forms ----------------------------------------------------------------------


def _num(x: float | None) -> float | None:
    return None if x is None else round(float(x), 9)


def _cut(c: Any) -> tuple[Any, ...]:
    value = c.value if isinstance(c.value, bool | str) else _num(c.value)
    return (c.field, c.op, type(value).__name__, value, c.abs)


def _ref(spec: AnalysisSpec, name: str | None) -> Any:
    """A name-free description of an object or combination (recursively)."""
    if name is None:
        return None
    obj = spec.object(name)
    if obj is not None:
        cleaning = sorted((repr(_ref(spec, c.against)), _num(c.dr)) for c in obj.clean_against)
        return ("obj", obj.source, tuple(sorted(_cut(c) for c in obj.cuts)), tuple(cleaning))
    comb = spec.combination(name)
    if comb is None:
        return ("unknown", name)
    return (
        "comb",
        tuple(_ref(spec, i) for i in comb.inputs),
        comb.size,
        comb.charge,
        comb.same_flavour,
        comb.leading,
        comb.choose,
        _num(comb.target_mass) if comb.choose == "closest_mass" else None,
    )


def _obs(spec: AnalysisSpec, name: str) -> tuple[Any, ...]:
    o = spec.observable(name)
    field_ = o.field if o.kind == "field" else ("phi" if o.field == "phi" else None)
    index = (o.index or 0) if o.kind == "mt" else o.index
    met = o.met if o.kind in ("met", "mt") else None
    return (o.kind, _ref(spec, o.of), field_, index, _ref(spec, o.other), met, o.abs)


def _samples(spec: AnalysisSpec, catalog: Catalog) -> tuple[str, ...]:
    return tuple(sorted(s.name for s in resolve_samples(spec, catalog)))


def _count_bounds(op: str, value: float) -> tuple[int | None, int | None]:
    """(min, max) multiplicity for a count step."""
    if op == ">=":
        return math.ceil(value), None
    if op == ">":
        return math.floor(value) + 1, None
    if op == "<=":
        return None, math.floor(value)
    if op == "<":
        return None, math.ceil(value) - 1
    if op == "==":
        return (int(value), int(value)) if float(value).is_integer() else (1, 0)
    return None, None  # "!=": kept as an observable-like constraint below


def _implied(spec: AnalysisSpec, obs_name: str) -> dict[str, int]:
    """Minimum multiplicities the plotted observable needs to be filled at all."""
    o = spec.observable(obs_name)
    need: dict[str, int] = {}
    if o.kind == "field" and o.of:
        need[o.of] = (o.index + 1) if o.index is not None else 1
    elif o.kind == "mt" and o.of:
        need[o.of] = (o.index or 0) + 1
    elif o.kind in ("delta_r", "delta_phi") and o.of:
        if o.other:
            need[o.of], need[o.other] = 1, 1
        else:
            need[o.of] = 2
    return need


def _selection(spec: AnalysisSpec, obs_name: str) -> tuple[Any, ...]:
    """Effective event selection: multiplicity intervals with implications made explicit."""
    low: dict[str, int] = dict(_implied(spec, obs_name))
    high: dict[str, int] = {}
    other: list[Any] = []
    for step in spec.selection:
        if step.triggers is not None:
            other.append(("triggers", tuple(sorted(step.triggers))))
        elif step.count is not None and step.op != "!=":
            lo, hi = _count_bounds(step.op, float(step.value or 0))
            if lo is not None:
                low[step.count] = max(low.get(step.count, 0), lo)
            if hi is not None:
                high[step.count] = min(high.get(step.count, hi), hi)
        elif step.count is not None:
            other.append(("count!=", repr(_ref(spec, step.count)), _num(step.value)))
        else:
            other.append(("cut", _obs(spec, step.observable or ""), step.op, _num(step.value)))
    # a pair (triplet) of one collection needs 2 (3) objects of it
    for _ in range(3):
        for comb in spec.combinations:
            if low.get(comb.name, 0) >= 1 and len(comb.inputs) == 1:
                low[comb.inputs[0]] = max(low.get(comb.inputs[0], 0), comb.size)
    bounds = {}
    for name in set(low) | set(high):
        lo, hi = low.get(name, 0), high.get(name)
        if lo > 0 or hi is not None:
            bounds[repr(_ref(spec, name))] = (lo, hi)
    return (tuple(sorted(bounds.items())), tuple(sorted(map(repr, other))))


def histogram_key(spec: AnalysisSpec, catalog: Catalog | None = None) -> tuple[Any, ...]:
    """The fields that determine the (first) histogram's bin contents, free of names."""
    catalog = catalog or default_catalog()
    h = spec.histograms[0]
    return (
        _samples(spec, catalog),
        _num(spec.lumi_pb),
        tuple(spec.requested_corrections()),
        _obs(spec, h.observable),
        h.bins,
        _num(h.start),
        _num(h.stop),
        _selection(spec, h.observable),
    )


def exact_key(spec: AnalysisSpec, catalog: Catalog | None = None) -> tuple[Any, ...]:
    """The whole spec as written, up to names, free text and cut order within an object."""
    catalog = catalog or default_catalog()
    steps = []
    for s in spec.selection:
        if s.triggers is not None:
            steps.append(("triggers", tuple(s.triggers)))
        elif s.count is not None:
            steps.append(("count", repr(_ref(spec, s.count)), s.op, _num(s.value)))
        else:
            steps.append(("cut", _obs(spec, s.observable or ""), s.op, _num(s.value)))
    used = sorted(repr(_ref(spec, o.name)) for o in spec.objects)
    return (
        _samples(spec, catalog),
        _num(spec.lumi_pb),
        tuple(spec.requested_corrections()),
        tuple(used),
        tuple(sorted(repr(_ref(spec, c.name)) for c in spec.combinations)),
        tuple(steps),
        tuple(_obs(spec, hh.observable) for hh in spec.histograms),
        tuple((h.bins, _num(h.start), _num(h.stop), h.unit, h.log_y) for h in spec.histograms),
    )


def key_diff(a: tuple[Any, ...], b: tuple[Any, ...]) -> list[str]:
    """Names of the histogram-key parts that differ (for the miss report)."""
    parts = ("samples", "lumi", "corrections", "observable", "bins", "start", "stop", "selection")
    return [p for p, x, y in zip(parts, a, b, strict=True) if x != y]


# --- expected histograms (cached runs) ------------------------------------------------------


def _cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("chathep")) / "bench-expected"


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "chathep").glob("compiler.py")) + sorted(
        (ROOT / "chathep" / "templates").glob("*")
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def histogram_contents(hist_out: Any) -> dict[str, Any]:
    """``{"edges": [...], "samples": {name: values}}`` from an answer's HistogramOut."""
    return {
        "edges": list(hist_out.edges),
        "samples": {k: list(v.values) for k, v in hist_out.samples.items()},
    }


def _spec_cache_path(spec: AnalysisSpec) -> Path:
    key = hashlib.sha256((spec.to_json() + _code_fingerprint()).encode()).hexdigest()[:24]
    return _cache_dir() / f"{key}.json"


def remember_histogram(spec: AnalysisSpec, contents: dict[str, Any]) -> None:
    """Cache the bin contents of a spec that was run (by ``ask`` or by :func:`spec_histogram`)."""
    path = _spec_cache_path(spec)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(contents))


def spec_histogram(spec: AnalysisSpec, settings: Any) -> dict[str, Any]:
    """Bin contents of the spec's first histogram: run once in the sandbox, then cached."""
    from chathep.agent import _histograms
    from chathep.engine import run_spec

    path = _spec_cache_path(spec)
    if path.is_file():
        return json.loads(path.read_text())
    with tempfile.TemporaryDirectory(prefix="chathep-bench-") as tmp:
        outcome = run_spec(spec, workdir=Path(tmp), settings=settings)
        hists = _histograms(outcome.result)
    name = spec.histograms[0].name
    contents = histogram_contents(next(h for h in hists if h.name == name))
    remember_histogram(spec, contents)
    return contents


def same_contents(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Exactly equal edges, sample sets and bin contents."""
    return a["edges"] == b["edges"] and a["samples"] == b["samples"]


# --- one mode ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    request: Request
    kind: str
    spec_ok: bool = False
    key_ok: bool = False
    hist_ok: bool | None = None
    llm_calls: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    detail: str = ""


@dataclass
class ModeResult:
    label: str
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: str | None = None
    cold_s: float | None = None


class _CallCounter:
    """A langchain callback that counts chat-model calls (the LLM layer of the planner)."""

    def __init__(self) -> None:
        from langchain_core.callbacks import BaseCallbackHandler

        counter = self

        class Handler(BaseCallbackHandler):
            def on_chat_model_start(self, *args: Any, **kwargs: Any) -> None:
                counter.calls += 1

            def on_llm_start(self, *args: Any, **kwargs: Any) -> None:
                counter.calls += 1

        self.calls = 0
        self.handler = Handler()


def _model_for(settings: Any, counter: _CallCounter) -> Any:
    from chathep.llm import get_chat_model

    model = get_chat_model(settings, max_tokens=96)  # as plan_request builds it
    model.callbacks = [counter.handler]
    getattr(model, "llama", None)  # load now: start-up, not per-request latency
    return model


def run_mode(
    label: str,
    requests: list[Request],
    *,
    run: bool,
    e2e: bool,
    out_root: Path,
    catalog: Catalog,
) -> ModeResult:
    """Ask every request in one mode. ``e2e``: through the sandbox run and the plot (timed);
    else plan and compile only, and the histogram match runs the planned spec separately."""
    from chathep.api import ask
    from chathep.config import load_settings

    mode, model_name = MODES[label]
    overrides: dict[str, Any] = {"planner": mode}
    if model_name:
        overrides["model"] = model_name
    settings = load_settings(**overrides)
    result = ModeResult(label)
    counter = _CallCounter()
    model = None
    if model_name:
        try:
            t0 = time.perf_counter()
            model = _model_for(settings, counter)
            result.cold_s = time.perf_counter() - t0
        except ChatHEPError as exc:
            result.skipped = f"{model_name} cannot be loaded: {exc.message}"
            print(f"[{label}] skipped: {result.skipped}")
            return result
    # warm-up: embedding model, index, imports (reported separately, not in the latencies)
    t0 = time.perf_counter()
    ask("dimuon mass", settings=settings, planner=mode, chat_model=model, run=False,
        out_dir=out_root / label / "_warmup")  # fmt: skip
    result.cold_s = (result.cold_s or 0.0) + time.perf_counter() - t0
    counter.calls = 0
    for req in requests:
        before = counter.calls
        answer = ask(
            req.text, settings=settings, planner=mode, chat_model=model, run=run and e2e,
            out_dir=out_root / label / req.id,
        )  # fmt: skip
        out = Outcome(req, answer.kind, llm_calls=counter.calls - before, timings=answer.timings)
        first = (answer.message.strip().splitlines() or [""])[0]
        if answer.spec is not None and req.expected is not None:
            # the plan is scored even when a later stage (compile, sandbox, plot) failed
            planned, expected = parse_spec(answer.spec), req.spec()
            out.spec_ok = exact_key(planned, catalog) == exact_key(expected, catalog)
            hk_p, hk_e = histogram_key(planned, catalog), histogram_key(expected, catalog)
            out.key_ok = hk_p == hk_e
            if not out.key_ok:
                out.detail = "differs in " + ", ".join(key_diff(hk_p, hk_e))
            if answer.kind == "error":
                out.detail += f" {answer.kind}: {first[:160]}"
                out.hist_ok = False if run else None
            elif run:
                try:
                    out.hist_ok = _hist_match(answer, planned, expected, settings, e2e)
                except Exception as exc:  # the engine itself failed: not the planner's miss
                    out.detail += f" expected spec did not run: {type(exc).__name__}: {exc}"[:200]
        elif req.expected is not None:
            out.detail = f"{answer.kind}: {first[:160]}"
            out.hist_ok = False if run else None
        print(
            f"[{label}] {req.id:28s} {answer.kind:13s} spec={int(out.spec_ok)} "
            f"key={int(out.key_ok)} hist={out.hist_ok} llm={out.llm_calls} "
            f"t={answer.timings.get('total', 0):.2f}s {out.detail}",
            flush=True,
        )
        result.outcomes.append(out)
    return result


def _hist_match(
    answer: Any, planned: AnalysisSpec, expected: AnalysisSpec, settings: Any, e2e: bool
) -> bool:
    want = spec_histogram(expected, settings)
    if e2e:
        if not answer.histograms:
            return False
        got = histogram_contents(answer.histograms[0])
        remember_histogram(planned, got)
    else:
        try:
            got = spec_histogram(planned, settings)
        except ChatHEPError:
            return False
    return same_contents(got, want)


# --- report -------------------------------------------------------------------------------------


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.0f} %)" if d else "-"


def summarise(result: ModeResult) -> dict[str, str]:
    outs = result.outcomes
    spec_set = [o for o in outs if o.request.expected is not None]
    clar_set = [o for o in outs if o.request.expected_kind == "clarification"]
    ran = [o for o in spec_set if o.hist_ok is not None]
    row = {
        "mode": result.label,
        "exact spec": _pct(sum(o.spec_ok for o in spec_set), len(spec_set)),
        "hist key": _pct(sum(o.key_ok for o in spec_set), len(spec_set)),
        "hist match": _pct(sum(bool(o.hist_ok) for o in ran), len(ran)) if ran else "not run",
        "clarified (spec set)": _pct(
            sum(o.kind == "clarification" for o in spec_set), len(spec_set)
        ),
        "clarified (clarify set)": _pct(
            sum(o.kind == "clarification" for o in clar_set), len(clar_set)
        ),
        "LLM called": _pct(sum(o.llm_calls > 0 for o in outs), len(outs)),
    }
    # the requests the model actually answered: does it add anything over the parser?
    llm_spec = [o for o in spec_set if o.llm_calls > 0]
    right = sum(bool(o.hist_ok) if o.hist_ok is not None else o.key_ok for o in llm_spec)
    row["right when LLM called"] = f"{right}/{len(llm_spec)}" if llm_spec else "-"
    analysed = [o for o in outs if o.kind == "analysis"]
    for stage in STAGES:
        vals = [o.timings[stage] for o in analysed if stage in o.timings]
        row[stage] = f"{_quantile(vals, 0.5):.2f} / {_quantile(vals, 0.9):.2f}" if vals else "-"
    no_llm = [o.timings["plan"] for o in outs if o.llm_calls == 0 and "plan" in o.timings]
    with_llm = [o.timings["plan"] for o in outs if o.llm_calls > 0 and "plan" in o.timings]
    row["plan, no LLM"] = (
        f"{_quantile(no_llm, 0.5) * 1000:.0f} / {_quantile(no_llm, 0.9) * 1000:.0f} ms"
        if no_llm
        else "-"
    )
    row["plan, LLM"] = (
        f"{_quantile(with_llm, 0.5):.2f} / {_quantile(with_llm, 0.9):.2f} s" if with_llm else "-"
    )
    row["cold start"] = f"{result.cold_s:.1f} s" if result.cold_s is not None else "-"
    return row


def markdown(
    results: list[ModeResult],
    n_requests: int,
    e2e: list[str],
    wall_s: float,
    load_start: float = float("nan"),
) -> str:
    rows = [summarise(r) for r in results if r.skipped is None]
    lines = ["## Planner and end-to-end (`benchmarks/planner.py`)", ""]
    load = os.getloadavg()
    lines.append(
        f"{n_requests} requests from `benchmarks/requests/` "
        f"({sum(1 for r in results[0].outcomes if r.request.expected is not None)} with an "
        "expected spec, the rest expecting a clarifying question). Exact spec = same analysis "
        "up to names and free text; hist key = same histogram-determining fields; hist match = "
        "identical bin contents of the planned and the expected spec, both run in the sandbox."
        if results and results[0].outcomes
        else f"{n_requests} requests."
    )
    lines.append("")
    if rows:
        cols = list(rows[0])
        quality = [*cols[:7], "right when LLM called"]
        lines += ["| " + " | ".join(quality) + " |", "|" + "---|" * len(quality)]
        lines += ["| " + " | ".join(r[c] for c in quality) + " |" for r in rows]
        lines.append("")
        timing = ["mode", *[f"{s} (s)" for s in STAGES], "plan, no LLM", "plan, LLM", "cold start"]
        keys = ["mode", *STAGES, "plan, no LLM", "plan, LLM", "cold start"]
        lines.append("Latency of answered requests, median / p90 (`answer.timings`):")
        lines.append("")
        lines += ["| " + " | ".join(timing) + " |", "|" + "---|" * len(timing)]
        lines += ["| " + " | ".join(r[k] for k in keys) + " |" for r in rows]
    for r in results:
        if r.skipped:
            lines.append(f"\n{r.label}: skipped ({r.skipped}).")
    misses = []
    for r in results:
        for o in r.outcomes:
            if o.request.expected is not None:
                bad = o.hist_ok is False or (o.hist_ok is None and not o.key_ok)
            else:
                bad = o.kind != o.request.expected_kind
            if bad:
                why = o.detail or f"answered {o.kind}"
                misses.append(f"- {r.label}: `{o.request.id}` ({o.request.text!r}): {why}")
    if misses:
        lines += ["", "Misses:", "", *misses]
    cpu = _cpu_model()
    lines += [
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {cpu}, "
        f"nproc {os.cpu_count()}, load average {load_start:.1f} (1 min) at the start and "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min) at the end; benchmark "
        f"wall time {wall_s / 60:.1f} min. End to end "
        f"(sandbox run and plot timed): {', '.join(e2e) or 'none'}"
        + (
            "; other modes were planned and compiled only, so their run/plot columns are empty "
            "and their histogram match reuses the cached run of the identical spec (or runs it)."
            if len(e2e) < len(results)
            else "."
        )
        + (
            " The machine was shared with other jobs: the latencies are pessimistic."
            if max(load_start, load[1]) > 1.5
            else ""
        ),
    ]
    return "\n".join(lines) + "\n"


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown CPU"


def write_section(text: str, path: Path = BENCHMARKS) -> None:
    """Replace (or append) the planner section of BENCHMARKS.md; other sections are kept."""
    from benchmarks.markdown_section import write_section as write

    write(START, END, text, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default=",".join(MODES), help=f"from {', '.join(MODES)}")
    parser.add_argument("--limit", type=int, default=None, help="first N requests only")
    parser.add_argument("--no-run", action="store_true", help="plan and compile only")
    parser.add_argument(
        "--e2e-modes",
        default=None,
        help="modes run end to end through the sandbox and the plot (default: all); the others "
        "plan and compile, and their histograms come from the cached runs of the same spec",
    )
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument("--only", default=None, help="comma-separated request ids")
    args = parser.parse_args(argv)
    labels = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = [m for m in labels if m not in MODES]
    if unknown:
        parser.error(f"unknown modes {unknown}; choose from {list(MODES)}")
    e2e = set(labels if args.e2e_modes is None else args.e2e_modes.split(","))
    requests = load_requests()
    if args.only:
        wanted = set(args.only.split(","))
        requests = [r for r in requests if r.id in wanted]
    requests = requests[: args.limit] if args.limit else requests
    catalog = default_catalog()
    start = time.perf_counter()
    load_start = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="chathep-planner-bench-") as tmp:
        for label in labels:
            results.append(
                run_mode(
                    label,
                    requests,
                    run=not args.no_run,
                    e2e=label in e2e,
                    out_root=Path(tmp),
                    catalog=catalog,
                )  # fmt: skip
            )
    e2e_run = [] if args.no_run else [m for m in labels if m in e2e]
    text = markdown(results, len(requests), e2e_run, time.perf_counter() - start, load_start)
    print()
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"updated {BENCHMARKS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
