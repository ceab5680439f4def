"""What the planner's LLM step is shown: the nearest worked examples and reference excerpts.

A 135M-parameter model cannot map "how hard is the hardest muon" to a transverse momentum from
a description of the fields, but it can follow the answer of a worked example whose request
is close in meaning. So the examples in ``knowledge_base/examples/`` are retrieved like any
other knowledge (dense + lexical, :mod:`chathep.knowledge.retrieval`) and turned into the
flat fields the model is asked for. Their specs are validated AnalysisSpecs, so the flat
answers derive from them (:func:`example_fields`) and cannot drift from the examples.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import chathep.regex as re
from chathep.config import Settings, get_settings
from chathep.errors import ChatHEPError
from chathep.knowledge.examples import EXAMPLES_DIR, WorkedExample, load_examples
from chathep.knowledge.retrieval import RRF_K, Hit, format_context, tokenize
from chathep.planner.draft import EVENT_QUANTITIES
from chathep.registry import objects as objects_registry

log = logging.getLogger(__name__)

#: NanoAOD collection -> the planner's object word
_OBJECT_OF_SOURCE = objects_registry.KIND_OF_SOURCE
_FIELD_QUANTITY = {"pt": "pt", "eta": "eta", "phi": "phi", "mass": "mass"}
#: characters of each reference excerpt shown to the model (small context windows)
EXCERPT_CHARS = 600


@dataclass(frozen=True)
class Shot:
    """One worked example as the model sees it: the request and the flat answer."""

    request: str
    answer: dict[str, Any]
    citation: str


def _object_kind(spec: dict[str, Any], name: str) -> str | None:
    """The object word of a spec object or combination named ``name``."""
    objects = {o["name"]: o for o in spec.get("objects", [])}
    combos = {c["name"]: c for c in spec.get("combinations", [])}
    if name in combos:
        kinds = {_object_kind(spec, i) for i in combos[name]["inputs"]}
        if combos[name].get("same_flavour") or len(kinds) > 1:
            return "lepton" if kinds <= {"muon", "electron"} else None
        return kinds.pop()
    obj = objects.get(name)
    if obj is None:
        return None
    kind = _OBJECT_OF_SOURCE.get(obj["source"])
    tagged = any(
        c.get("field") == "btagDeepFlavB" and c.get("op") in (">", ">=")
        for c in obj.get("cuts", [])
    )
    return "bjet" if kind == "jet" and tagged else kind


def example_fields(spec: dict[str, Any]) -> dict[str, Any]:
    """The flat planner fields (object, pair, quantity, leading_index) a spec answers.

    Empty when the plotted quantity has no flat form (e.g. a raw NanoAOD branch).
    """
    histograms = spec.get("histograms") or []
    if not histograms:
        return {}
    observables = {o["name"]: o for o in spec.get("observables", [])}
    obs = observables.get(histograms[0]["observable"])
    if obs is None:
        return {}
    kind, of = obs["kind"], obs.get("of")
    combos = {c["name"] for c in spec.get("combinations", [])}
    out: dict[str, Any] = {}
    if kind == "field":
        quantity = _FIELD_QUANTITY.get(obs.get("field") or "")
        if quantity is None:
            return {}
        out["quantity"] = quantity
    elif kind == "met":
        field = obs.get("field")
        out["quantity"] = {"phi": "met_phi", "significance": "met_significance"}.get(field, "met")
    elif kind == "npv":
        out["quantity"] = "npv"
    elif kind == "pv":  # the primary vertex: only its z is a draft quantity
        if obs.get("field") != "z":
            return {}
        out["quantity"] = "pv_z"
    else:  # count, ht, mt, delta_r, delta_phi
        out["quantity"] = kind
    if out["quantity"] in EVENT_QUANTITIES:
        out["object"], out["pair"] = "none", False
    elif of is not None:
        obj = _object_kind(spec, of)
        if obj is None:
            return {}
        out["object"], out["pair"] = obj, of in combos
    else:
        return {}
    index = obs.get("index")
    out["leading_index"] = -1 if index is None else int(index)
    return out


@lru_cache(maxsize=4)
def _load(directory: Path) -> tuple[WorkedExample, ...]:
    return tuple(load_examples(directory))


@lru_cache(maxsize=4)
def _request_vectors(directory: Path, model: str) -> Any:
    import numpy as np

    from chathep.knowledge.embeddings import embed

    return np.asarray(embed([" ".join(ex.request.split()) for ex in _load(directory)], model))


def _shot(example: WorkedExample, answer: dict[str, Any], fields: list[str]) -> Shot | None:
    if not answer or not set(fields) & set(answer):
        return None
    return Shot(
        request=" ".join(example.request.split()),
        answer={f: answer[f] for f in fields if f in answer},
        citation=f"{example.path}#{example.title}",
    )


def _ranked(request: str, directory: Path, model: str) -> list[WorkedExample]:
    """Examples by meaning (embeddings of their requests) fused with shared words (RRF).

    Only the request is compared, not the whole example page: the JSON of a spec would
    dominate an embedding of the page. Without the embedding model: shared words only.
    """
    import numpy as np

    examples = _load(directory)
    words = set(tokenize(request))
    overlap = [len(words & set(tokenize(ex.request))) for ex in examples]
    rankings = [sorted(range(len(examples)), key=lambda i: (-overlap[i], i))]
    try:
        from chathep.knowledge.embeddings import embed

        query = np.asarray(embed([request], model)[0])
        cosine = _request_vectors(directory, model) @ query
        rankings.insert(0, [int(i) for i in np.argsort(-cosine, kind="stable")])
    except ChatHEPError as exc:
        log.info("planner: no embeddings for examples (%s); ranking by words", exc.message)
    fused = [0.0] * len(examples)
    for ranking in rankings:
        for rank, i in enumerate(ranking):
            fused[i] += 1.0 / (RRF_K + rank + 1)
    return [examples[i] for i in sorted(range(len(examples)), key=lambda i: -fused[i])]


def nearest_examples(
    request: str,
    fields: list[str],
    *,
    k: int = 4,
    known: dict[str, Any] | None = None,
    settings: Settings | None = None,
    directory: Path | None = None,
) -> list[Shot]:
    """The ``k`` worked examples nearest to ``request`` that answer some of ``fields``.

    Examples that contradict what is already ``known`` (e.g. ``{"object": "jet"}`` read by
    the parser) are skipped, and each answer is shown once, so the model sees the nearest
    *different* choices rather than three copies of one. Nearest last: small models weigh
    the latest turn most.
    """
    settings = settings or get_settings()
    known = {key: v for key, v in (known or {}).items() if v is not None}
    try:
        ranked = _ranked(request, Path(directory or EXAMPLES_DIR), settings.embedding_model)
    except ChatHEPError as exc:
        log.warning("planner: worked examples unusable: %s", exc.message)
        return []
    shots: list[Shot] = []
    seen: set[str] = set()
    for example in ranked:
        full = example_fields(example.spec)
        if any(key in full and full[key] != value for key, value in known.items()):
            continue
        shot = _shot(example, full, fields)
        key = json.dumps(shot.answer, sort_keys=True) if shot else ""
        if shot is None or shot.request == request or key in seen:
            continue
        seen.add(key)
        shots.append(shot)
        if len(shots) == k:
            break
    return shots[::-1]


def reference_context(hits: list[Hit], n: int = 2, chars: int = EXCERPT_CHARS) -> str:
    """The top ``n`` non-example hits, shortened, quoted as data for the prompt."""
    docs = [h for h in hits if h.metadata.get("kind") != "example"][:n]
    short = []
    for hit in docs:
        text = re.sub(r"\s+", " ", hit.text).strip()
        if len(text) > chars:
            text = text[:chars].rsplit(" ", 1)[0] + " ..."
        short.append(Hit(text=text, score=hit.score, citation=hit.citation, metadata=hit.metadata))
    return format_context(short) if short else ""
