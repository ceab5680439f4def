"""Evaluate the planner on requests written by other people (issue #12, item 6).

The requests, their sources, families and dev/heldout split are in
``benchmarks/eval/requests.yaml``; the reference histograms come from
``benchmarks/eval/references.py`` (uproot + awkward + numpy, independent of ChatHEP's planner,
spec and compiler). Each request goes through :func:`chathep.api.ask` in a fresh session, exactly
as a user's would, and gets one outcome:

- ``match``: an analysis ran and every histogram the request asks for equals its reference on
  every compared sample (data: counts bin by bin, exactly; simulation: the shape, normalised to
  unit sum, rtol 1e-6, because the normalisation depends on cross sections). The reference is
  filled into the answer's own bin edges with ``hist`` semantics ([lo, hi); outside = flow). A
  range the request states must be the answer's range.
- ``asked``: a clarifying question (or a refusal, or a text answer) instead of a plot. Correct
  when the entry expects a clarification; a miss, but not a silent one, when it expects a plot.
- ``wrong-stated``: the histogram differs (or an analysis ran where a question was expected) and
  the answer says so: its ``unplaced`` list (when the field exists) is not empty, or a warning /
  plan line says a word of the request was not used and quotes it.
- ``silently-wrong``: the histogram differs (or an analysis ran where a question was expected)
  and nothing in the answer says so.
- ``error``: ``ask`` raised or answered with kind ``error``.

Optional per-field checks (``expected_fields``): the plotted quantity (``met``, ``mass``,
``field:pt``, ``count``, ``ht``, ``mt``, ``delta_r``, ...) and the NanoAOD collection it is of.

Run: ``.venv/bin/python benchmarks/eval_planner.py --split dev --mode parser [--model NAME]
[--limit N] [--ids a,b] [--no-write]``. Prints a table, keeps the aggregate of each
(split, mode, model) in ``benchmarks/eval/results.json`` (per-request outcomes only for dev) and
rewrites its section of BENCHMARKS.md. Heldout failures are only ever reported in aggregate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

EVAL_DIR = ROOT / "benchmarks" / "eval"
REQUESTS = EVAL_DIR / "requests.yaml"
RESULTS = EVAL_DIR / "results.json"
START, END = "<!-- eval-planner:start -->", "<!-- eval-planner:end -->"
OUTCOMES = ("match", "asked", "wrong-stated", "silently-wrong", "error")
DATA_PREFIX = "data"
STATED_WORDS = re.compile(
    r"not used|unused|ignor|unplaced|not placed|could not (place|use|read|understand)|"
    r"did not (use|understand)|left out|not understood|don't know|do not know",
    re.IGNORECASE,
)
STOPWORDS = {
    "the", "of", "and", "with", "in", "for", "a", "an", "to", "that", "are", "is", "plot", "events",
    "event", "each", "all", "any", "this", "its", "on", "at", "by", "or", "be", "as", "it", "gev",
}  # fmt: skip


# --- the request set ----------------------------------------------------------------------------


def split_of(family: str) -> str:
    """The split rule written in the header of requests.yaml."""
    return (
        "dev" if int(hashlib.sha256(family.encode()).hexdigest()[:8], 16) % 100 < 60 else "heldout"
    )


def load_requests(path: Path = REQUESTS) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text())["requests"])


#: a request this similar (word-sequence ratio) to a text we tuned on is not unseen wording
NEAR = 0.5


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def tuning_texts() -> list[list[str]]:
    """Every text the planner was tuned or tested on: the probe sets, the planner benchmark's
    request set and the string constants of the planner tests (as word lists)."""
    import ast

    texts: list[str] = []
    for probe in sorted(REQUESTS.parent.glob("probe*.yaml")):
        texts += [r["text"] for r in yaml.safe_load(probe.read_text()).get("requests", [])]
    for request_file in sorted((ROOT / "benchmarks" / "requests").glob("*.yaml")):
        raw = yaml.safe_load(request_file.read_text())
        texts += [str(r.get("text", "")) for r in raw["requests"]]
    extra = REQUESTS.parent / "tuned_near_eval.txt"  # tuned on, too close to keep as a probe
    if extra.is_file():
        texts += [ln for ln in extra.read_text().splitlines() if ln and not ln.startswith("#")]
    for test in sorted((ROOT / "tests").glob("test_planner*.py")):
        for node in ast.walk(ast.parse(test.read_text())):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and len(value) >= 20:
                texts.append(value)
    return [w for w in (_words(t) for t in texts) if w]


def nearest_tuning(text: str, tuning: list[list[str]]) -> float:
    """The highest word-sequence similarity of ``text`` to any tuning text."""
    import difflib

    words = _words(text)
    return max(
        (difflib.SequenceMatcher(None, words, w, autojunk=False).ratio() for w in tuning),
        default=0.0,
    )


def select(requests: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    return [r for r in requests if split == "all" or r["split"] == split]


# --- comparison ---------------------------------------------------------------------------------


def _values(hist_out: Any, sample: str) -> np.ndarray | None:
    samples = getattr(hist_out, "samples", None) or {}
    sh = samples.get(sample)
    if sh is None:
        return None
    vals = sh.values if hasattr(sh, "values") and not isinstance(sh, dict) else sh["values"]
    return np.asarray(vals, dtype=float)


def compare_histogram(
    hist_out: Any,
    reference: dict[str, tuple[np.ndarray, np.ndarray]],
    samples: list[str],
    stated_range: list[float] | None = None,
) -> tuple[bool, str]:
    """Is ``hist_out`` (edges + per-sample values) the reference on every sample in ``samples``?"""
    from benchmarks.eval.references import fill

    edges = np.asarray(hist_out.edges, dtype=float)
    if stated_range is not None:
        lo, hi = stated_range
        if not (np.isclose(edges[0], lo) and np.isclose(edges[-1], hi)):
            return False, f"range {edges[0]:g}-{edges[-1]:g}, asked {lo:g}-{hi:g}"
    for sample in samples:
        got = _values(hist_out, sample)
        if got is None:
            return False, f"sample {sample} missing"
        if len(got) != len(edges) - 1:
            return False, f"{sample}: {len(got)} values for {len(edges) - 1} bins"
        values, weights = reference[sample]
        if sample.startswith(DATA_PREFIX):
            want = fill(values, np.ones_like(values), edges)
            if not np.array_equal(got, want):
                return False, f"{sample}: counts {_short(got)} != reference {_short(want)}"
        else:
            want = fill(values, weights, edges)
            sg, sw = got.sum(), want.sum()
            if sg == 0 and sw == 0:
                continue
            if sg == 0 or sw == 0:
                return False, f"{sample}: sum {sg:g} vs reference {sw:g}"
            if not np.allclose(got / sg, want / sw, rtol=1e-6, atol=1e-12):
                return False, f"{sample}: shape {_short(got / sg)} != reference {_short(want / sw)}"
    return True, ""


def _short(a: np.ndarray) -> str:
    nz = np.flatnonzero(a)
    return (
        "{" + ", ".join(f"{i}:{a[i]:.4g}" for i in nz[:6]) + (", ..." if len(nz) > 6 else "") + "}"
    )


def match_answer(
    answer: Any,
    entry: dict[str, Any],
    references: list[dict[str, tuple[np.ndarray, np.ndarray]]],
) -> tuple[bool, str]:
    """Every reference is matched by a distinct histogram of the answer."""
    hists = list(getattr(answer, "histograms", None) or [])
    if not hists:
        return False, "no histogram in the answer"
    samples = list(entry["samples"])
    candidates: list[list[int]] = []
    details: list[str] = []
    for k, ref in enumerate(references):
        ok_idx, first_why = [], ""
        for i, h in enumerate(hists):
            ok, why = compare_histogram(h, ref, samples, entry.get("range"))
            if ok:
                ok_idx.append(i)
            elif not first_why:
                first_why = f"ref {k + 1} vs {getattr(h, 'name', i)}: {why}"
        if not ok_idx:
            details.append(first_why)
        candidates.append(ok_idx)

    def assign(k: int, used: set[int]) -> bool:
        if k == len(candidates):
            return True
        return any(assign(k + 1, used | {i}) for i in candidates[k] if i not in used)

    if assign(0, set()):
        return True, ""
    missing = sum(1 for c in candidates if not c)
    return False, f"{missing}/{len(references)} reference(s) unmatched; " + "; ".join(details)


def reference_is_empty(
    references: list[dict[str, tuple[np.ndarray, np.ndarray]]], samples: list[str]
) -> bool:
    """True when no compared sample has a single entry: the comparison cannot tell much."""
    return all(len(ref[s][0]) == 0 for ref in references for s in samples)


def _request_tokens(text: str) -> set[str]:
    toks = re.findall(r"[A-Za-z_]+|\d+(?:\.\d+)?", text.lower())
    return {t for t in toks if t not in STOPWORDS and (len(t) > 2 or t.isdigit())}


def stated_notes(answer: Any, text: str) -> list[str]:
    """Notes of the answer that admit a word of the request was not used (and quote one)."""
    notes: list[str] = []
    unplaced = getattr(answer, "unplaced", None)
    if unplaced:
        notes.extend(str(u) for u in unplaced)
        return notes
    tokens = _request_tokens(text)
    lines = list(getattr(answer, "warnings", None) or [])
    lines += (getattr(answer, "plan", None) or "").splitlines()
    for line in lines:
        if STATED_WORDS.search(line) and tokens & _request_tokens(line):
            notes.append(line)
    return notes


def classify(
    answer: Any,
    entry: dict[str, Any],
    references: list[dict[str, tuple[np.ndarray, np.ndarray]]] | None,
    alternatives: list[list[dict[str, tuple[np.ndarray, np.ndarray]]]] | None = None,
) -> tuple[str, str]:
    """(outcome, detail) of one answer; ``alternatives``: other reference sets also accepted."""
    kind = getattr(answer, "kind", "error")
    if kind == "error":
        return "error", (getattr(answer, "message", "") or "")[:200]
    if kind in ("clarification", "refusal", "question"):
        return "asked", (getattr(answer, "message", "") or "")[:200]
    if entry["expect"] == "clarification":
        ok, detail = False, "an analysis ran where a question was expected"
    else:
        ok, detail = match_answer(answer, entry, references or [])
        for alternative in alternatives or []:  # other literal readings the entry accepts
            if not ok:
                ok = match_answer(answer, entry, alternative)[0]
    if ok:
        return "match", ""
    notes = stated_notes(answer, entry["text"])
    if notes:
        return "wrong-stated", detail + " | stated: " + "; ".join(notes)[:200]
    return "silently-wrong", detail


# --- per-field checks ---------------------------------------------------------------------------


def spec_fields(spec: dict[str, Any] | None) -> list[dict[str, str]]:
    """For each histogram of a spec: its quantity kind and the NanoAOD collection it is of."""
    if not spec:
        return []
    objects = {o["name"]: o for o in spec.get("objects", [])}
    combos = {c["name"]: c for c in spec.get("combinations", [])}
    observables = {o["name"]: o for o in spec.get("observables", [])}

    def source(name: str | None) -> str:
        if name in objects:
            return objects[name].get("source", "")
        if name in combos and combos[name].get("inputs"):
            return "+".join(sorted({source(i) for i in combos[name]["inputs"]}))
        return ""

    out = []
    for h in spec.get("histograms", []):
        o = observables.get(h.get("observable"), {})
        kind = o.get("kind", "")
        if kind == "field":
            quantity = "mass" if o.get("field") == "mass" else f"field:{o.get('field')}"
        else:
            quantity = kind
        out.append({"quantity": quantity, "object": source(o.get("of"))})
    return out


def field_checks(answer: Any, entry: dict[str, Any]) -> dict[str, bool]:
    """``{field: ok}`` for each key of ``expected_fields`` (any histogram may satisfy it)."""
    expected = entry.get("expected_fields") or {}
    got = spec_fields(getattr(answer, "spec", None))
    return {k: any(g.get(k) == v for g in got) for k, v in expected.items()}


# --- running ------------------------------------------------------------------------------------


@dataclass
class Row:
    id: str
    split: str
    family: str
    expect: str
    outcome: str
    detail: str = ""
    seconds: float = 0.0
    fields: dict[str, bool] = field(default_factory=dict)
    weak: bool = False


def run_one(entry: dict[str, Any], mode: str, settings: Any) -> Row:
    from benchmarks.eval.references import reference
    from chathep.api import Session, ask, wait_for_files

    refs = None
    alts: list[list[dict[str, Any]]] = []
    weak = False
    if entry["expect"] == "analysis":
        refs = [reference(name, entry["samples"]) for name in entry["reference"]]
        alts = [
            [reference(n, entry["samples"]) for n in names]
            for names in entry.get("accept_also", [])
        ]
        weak = reference_is_empty(refs, entry["samples"])
    with tempfile.TemporaryDirectory(prefix="chathep-eval-") as tmp:
        t0 = time.perf_counter()
        try:
            answer = ask(
                entry["text"], session=Session(), settings=settings, planner=mode, out_dir=tmp
            )
        except Exception as exc:  # ask should never raise: an error outcome, with the reason
            seconds = time.perf_counter() - t0
            tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
            return Row(entry["id"], entry["split"], entry["family"], entry["expect"], "error",
                       f"raised {tb}"[:200], seconds, weak=weak)  # fmt: skip
        seconds = time.perf_counter() - t0
        wait_for_files()  # the answer's PDF is written in the background, into tmp
    outcome, detail = classify(answer, entry, refs, alts)
    return Row(entry["id"], entry["split"], entry["family"], entry["expect"], outcome, detail,
               seconds, field_checks(answer, entry), weak)  # fmt: skip


def summarise(rows: list[Row]) -> dict[str, Any]:
    n = len(rows)
    counts = Counter(r.outcome for r in rows)
    secs = sorted(r.seconds for r in rows)
    fields = [ok for r in rows for ok in r.fields.values()]
    correct = sum(
        1 for r in rows
        if (r.expect == "analysis" and r.outcome == "match")
        or (r.expect == "clarification" and r.outcome == "asked")
    )  # fmt: skip

    def pct(k: int) -> float:
        return round(100.0 * k / n, 1) if n else 0.0

    return {
        "n": n,
        "n_analysis": sum(r.expect == "analysis" for r in rows),
        "n_clarification": sum(r.expect == "clarification" for r in rows),
        "correct_pct": pct(correct),
        **{f"{o}_pct": pct(counts.get(o, 0)) for o in OUTCOMES},
        "weak": sum(r.weak for r in rows),
        "field_accuracy_pct": round(100.0 * sum(fields) / len(fields), 1) if fields else None,
        "median_s": round(statistics.median(secs), 2) if secs else None,
        "p90_s": round(secs[min(len(secs) - 1, int(0.9 * len(secs)))], 2) if secs else None,
    }


def print_table(rows: list[Row], split: str, show_details: bool) -> None:
    if show_details:
        print(f"{'id':24s} {'expect':13s} {'outcome':15s} {'s':>6s}  detail")
        for r in rows:
            flag = " (empty ref)" if r.weak else ""
            line = f"{r.id:24s} {r.expect:13s} {r.outcome:15s} {r.seconds:6.1f}  {r.detail[:150]}"
            print(line + flag)
    else:
        print(f"({split}: per-request outcomes are not shown; aggregate only)")


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "## Planner evaluation on requests written by others",
        "",
        "`benchmarks/eval_planner.py` on `benchmarks/eval/requests.yaml`: requests quoted",
        "verbatim from public benchmarks, tutorials and forum/issue threads (IRIS-HEP ADL",
        "benchmarks and their implementations, ROOT/HSF/coffea tutorials, ...), each with an",
        "independent uproot + awkward",
        "reference (`benchmarks/eval/references.py`). Families are split dev/heldout by a hash of",
        "the family name; nothing is tuned on heldout. *correct* = reference histogram for an",
        "analysis, a question for an entry that expects one; *silently wrong* = a wrong histogram",
        "(or an analysis where a question was expected) with no note saying so; *weak* = entries",
        "whose reference is empty on every compared sample (the 40/40/200-event demo files).",
        "",
        "Percentages are of all n requests of the split; *asked (plot expected)* are misses that"
        " are not silent, *asked (question expected)* are correct answers.",
        "",
        "| split | mode | model | n (plot/ask) | correct | match | asked (plot expected) "
        "| asked (question expected) | wrong, stated | silently wrong | error | weak "
        "| field acc. | median s | p90 s | load avg | date |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in sorted(results):
        r = results[key]
        s = r["summary"]
        fa = "–" if s["field_accuracy_pct"] is None else f"{s['field_accuracy_pct']} %"
        asked_ok = round(s["correct_pct"] - s["match_pct"], 1)
        asked_miss = round(s["asked_pct"] - asked_ok, 1)
        lines.append(
            f"| {r['split']} | {r['mode']} | {r['model'] or '–'} | {s['n']} "
            f"({s['n_analysis']}/{s['n_clarification']}) | {s['correct_pct']} % "
            f"| {s['match_pct']} % "
            f"| {asked_miss} % | {asked_ok} % | {s['wrong-stated_pct']} % "
            f"| **{s['silently-wrong_pct']} %** "
            f"| {s['error_pct']} % | {s['weak']} | {fa} | {s['median_s']} | {s['p90_s']} "
            f"| {r['loadavg']} | {r['date']} |"
        )
    lines.append("")
    lines.append(
        "Load average: 1-minute load at the start of the run (2 shared cores). Seconds: wall time"
        " of `ask` per request, plan + compile + sandboxed run + plot."
    )
    split_rows = [results[k] for k in sorted(results) if "far_from_tuning" in results[k]["summary"]]
    if split_rows:
        lines += [
            "",
            "Near / far from tuning: a request is *near* when its word-sequence similarity to"
            " some text we tuned or tested the planner on (probe sets, planner request set,"
            " string constants of tests/test_planner*.py, benchmarks/eval/tuned_near_eval.txt)"
            f" exceeds {NEAR}; aggregates only.",
            "",
            "| split | mode | model | near: n | near: correct | near: silently wrong | far: n "
            "| far: correct | far: silently wrong |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in split_rows:
            n, f = r["summary"]["near_tuning"], r["summary"]["far_from_tuning"]
            lines.append(
                f"| {r['split']} | {r['mode']} | {r['model'] or '–'} | {n['n']} "
                f"| {n['correct_pct']} % "
                f"| {n['silently-wrong_pct']} % | {f['n']} | {f['correct_pct']} % "
                f"| {f['silently-wrong_pct']} % |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "heldout", "all"), default="dev")
    ap.add_argument("--mode", choices=("parser", "auto", "llm"), default="parser")
    ap.add_argument("--model", default=None, help="CHATHEP model (GGUF name or path)")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--ids", default=None, help="comma-separated request ids")
    ap.add_argument(
        "--no-write", action="store_true", help="do not touch results.json/BENCHMARKS.md"
    )
    ap.add_argument("--show-heldout", action="store_true", help="print heldout per-request lines")
    ap.add_argument(
        "--markdown-only",
        action="store_true",
        help="rewrite the BENCHMARKS.md section from results.json, run nothing",
    )
    args = ap.parse_args(argv)
    if args.markdown_only:
        from benchmarks.markdown_section import write_section

        write_section(START, END, markdown(json.loads(RESULTS.read_text())))
        return 0

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from chathep.config import load_settings

    overrides: dict[str, Any] = {"planner": args.mode}
    if args.model:
        overrides["model"] = args.model
    settings = load_settings(**overrides)

    entries = select(load_requests(), args.split)
    if args.ids:
        wanted = set(args.ids.split(","))
        entries = [e for e in entries if e["id"] in wanted]
    if args.limit:
        entries = entries[: args.limit]
    loadavg = round(os.getloadavg()[0], 2)
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    print(f"{len(entries)} requests, split={args.split}, mode={args.mode}, model={args.model}, "
          f"load={loadavg}")  # fmt: skip

    rows = []
    for e in entries:
        row = run_one(e, args.mode, settings)
        rows.append(row)
        if e["split"] == "dev" or args.show_heldout:
            print(
                f"  {row.id:24s} {row.outcome:15s} {row.seconds:5.1f}s {row.detail[:110]}",
                flush=True,
            )
        else:
            print(f"  [{len(rows)}/{len(entries)}]", flush=True)
    show = args.split == "dev" or args.show_heldout
    print()
    print_table([r for r in rows if r.split == "dev" or show], args.split, True)
    summary = summarise(rows)
    # aggregate only: the requests close to a text we tuned on, and those far from all of them
    tuning = tuning_texts()
    near = {e["id"] for e in entries if nearest_tuning(e["text"], tuning) > NEAR}
    for name, part in (("near_tuning", [r for r in rows if r.id in near]),
                       ("far_from_tuning", [r for r in rows if r.id not in near])):  # fmt: skip
        s = summarise(part)
        summary[name] = {k: s[k] for k in ("n", "correct_pct", "silently-wrong_pct")}
    print(json.dumps(summary, indent=1))

    partial = bool(args.limit or args.ids)
    if not args.no_write and not partial:
        results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
        key = f"{args.split}|{args.mode}|{args.model or ''}"
        results[key] = {
            "split": args.split, "mode": args.mode, "model": args.model, "date": date,
            "loadavg": loadavg, "summary": summary,
            "rows": [r.__dict__ for r in rows if r.split == "dev"],
        }  # fmt: skip
        RESULTS.write_text(json.dumps(results, indent=1) + "\n")
        from benchmarks.markdown_section import write_section

        write_section(START, END, markdown(results))
        print(f"wrote {RESULTS.relative_to(ROOT)} and the BENCHMARKS.md section")
    elif partial:
        print("(partial run: --limit/--ids; results.json and BENCHMARKS.md left as they are)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
