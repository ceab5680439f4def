"""The LLM layer of the planner: fill what the parser left open, never overrule what it read.

Small models do far better with a small schema, so in ``auto`` mode the model is asked only
for the open fields (typically object / pair / quantity), as enums under schema-constrained
decoding. In ``llm`` mode it is asked for the whole flat draft. Either way each value is
accepted only if it validates against the draft's types and does not contradict a field the
parser read explicitly from the request; every rejection is logged with its reason.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel

from chathep.catalog import Catalog
from chathep.config import Settings
from chathep.errors import ConfigError, SpecError
from chathep.knowledge.retrieval import Hit
from chathep.llm import structured_json
from chathep.planner.build import build_spec
from chathep.planner.draft import OBJECT_KINDS, QUANTITIES, Draft, get_path, set_path
from chathep.planner.fewshot import Shot, nearest_examples, reference_context

log = logging.getLogger(__name__)

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
NONE = "none"

#: flat LLM field -> (JSON schema, description, draft path; "{object}" = the plotted object)
FIELDS: dict[str, tuple[dict[str, Any], str, str]] = {
    "object": (
        {"type": "string", "enum": [*OBJECT_KINDS, NONE]},
        "the physics object whose quantity is plotted (none for missing transverse momentum)",
        "object",
    ),
    "pair": ({"type": "boolean"}, "true if the quantity is of pairs (dimuon, dijet)", "pair"),
    "quantity": (
        {"type": "string", "enum": [q for q in QUANTITIES if q != "branch"]},
        "what is plotted: mass, pt, eta, phi, count (multiplicity), ht, met, met_phi, mt, "
        "delta_r, delta_phi, delta_eta (|eta_1 - eta_2|), delta_y (|y_1 - y_2|), angle (3D "
        "opening angle), energy (E), "
        "mht (missing HT: |vector pT sum of the jets|), met_significance (the MET significance)",
        "quantity",
    ),
    "leading_index": (
        {"type": "integer", "minimum": -1, "maximum": 3},
        "0 for the leading object, 1 for the subleading, -1 for all objects",
        "index",
    ),
    "charge": (
        {"type": "string", "enum": ["opposite", "same", "any"]},
        "charge of the pair",
        "charge",
    ),
    "pt_min_gev": (
        {"type": "number", "minimum": 0},
        "minimum pT in GeV",
        "requirements.{object}.pt_min",
    ),
    "abs_eta_max": (
        {"type": "number", "exclusiveMinimum": 0, "maximum": 5},
        "maximum |eta|",
        "requirements.{object}.abs_eta_max",
    ),
    "bins": ({"type": "integer", "minimum": 1, "maximum": 500}, "number of bins", "bins"),
    "start": ({"type": "number"}, "histogram lower edge", "start"),
    "stop": ({"type": "number"}, "histogram upper edge", "stop"),
    "log_y": ({"type": "boolean"}, "logarithmic y axis", "log_y"),
}
#: open draft field -> the LLM fields that answer it
OPEN_TO_FIELDS = {"object": ["object", "pair"], "quantity": ["quantity"]}


@dataclass
class Refinement:
    draft: Draft
    accepted: dict[str, Any] = field(default_factory=dict)  # draft path -> value
    rejected: list[str] = field(default_factory=list)  # reasons, in words
    examples: list[str] = field(default_factory=list)  # citations of the worked examples shown


def refine_schema(fields: list[str], required: list[str] | None = None) -> dict[str, Any]:
    """The JSON schema of the asked fields (flat, enums: a small grammar)."""
    props = {name: FIELDS[name][0] for name in fields}
    return {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else [f for f in required if f in props],
        "additionalProperties": False,
    }


def system_prompt(fields: list[str], context: str = "") -> str:
    path = PROMPTS_DIR / "planner_refine.md"
    try:
        template = Template(path.read_text())
    except FileNotFoundError:
        raise ConfigError(
            f"Prompt template {path} is missing.", hint="Restore prompts/ from the repository."
        ) from None
    lines = "\n".join(f"- {name}: {FIELDS[name][1]}" for name in fields)
    return template.substitute(fields=lines, context=context).replace("\n\n\n\n", "\n\n")


def refine_messages(
    request: str, asked: list[str], hits: list[Hit] | None = None, shots: Sequence[Shot] = ()
) -> list[tuple[str, str]]:
    """System prompt (fields + quoted reference excerpts), the worked examples as earlier
    turns with their answers, then the request."""
    messages = [("system", system_prompt(asked, reference_context(hits or [])))]
    for shot in shots:
        messages += [("user", shot.request), ("assistant", json.dumps(shot.answer))]
    return [*messages, ("user", request)]


def fields_for(open_fields: list[str], mode: str) -> list[str]:
    """LLM fields to ask for: the open ones (auto), or the whole flat draft (llm)."""
    if mode == "llm":
        return list(FIELDS)
    asked: list[str] = []
    for name in open_fields:
        asked += [f for f in OPEN_TO_FIELDS.get(name, []) if f not in asked]
    return asked


def merge_answer(
    draft: Draft, explicit: set[str], answer: dict[str, Any], asked: list[str], catalog: Catalog
) -> Refinement:
    """Apply the LLM's values that validate and agree with the parser's explicit readings."""
    out = Refinement(draft=draft.model_copy(deep=True))
    order = sorted(answer, key=lambda k: k != "object")  # object first: paths depend on it
    for key in order:
        value = answer[key]
        if key not in asked or key not in FIELDS:
            out.rejected.append(f"{key}: not asked for")
            continue
        if value == NONE or (key == "leading_index" and value == -1):
            value = None
        path = FIELDS[key][2]
        if "{object}" in path:
            obj = out.draft.object
            if obj is None:
                out.rejected.append(f"{key}: no object to apply it to")
                continue
            path = path.format(object=obj)
        current = get_path(out.draft, path)
        if path in explicit and current != value:
            out.rejected.append(f"{key}={value!r}: contradicts the request, which says {current!r}")
            continue
        if value is None or current == value:
            continue
        trial = out.draft.model_copy(deep=True)
        try:
            set_path(trial, path, value)
        except ValueError as exc:
            out.rejected.append(f"{key}={value!r}: invalid ({exc})")
            continue
        out.draft = trial
        out.accepted[path] = value
    if out.accepted:
        try:
            build_spec(out.draft, catalog)
        except SpecError as exc:
            out.rejected.append(f"all LLM values: the resulting spec is invalid ({exc.message})")
            out.draft, out.accepted = draft.model_copy(deep=True), {}
    for reason in out.rejected:
        log.info("planner: rejected LLM value %s", reason)
    return out


def _known(draft: Draft, explicit: set[str]) -> dict[str, Any]:
    """The flat fields the parser read from the request (worked examples must agree)."""
    known: dict[str, Any] = {}
    for name in ("object", "pair", "quantity"):
        if name in explicit and getattr(draft, name) is not None:
            known[name] = getattr(draft, name)
    return known


def refine(
    chat_model: BaseChatModel,
    request: str,
    draft: Draft,
    explicit: set[str],
    open_fields: list[str],
    catalog: Catalog,
    mode: str = "auto",
    hits: list[Hit] | None = None,
    settings: Settings | None = None,
) -> Refinement:
    """Ask the model for the open fields (auto) or the whole draft (llm) and merge the answer.

    ``hits`` are the retrieved knowledge-base chunks for the request (quoted as data); the
    nearest worked examples that agree with the parser are shown as earlier turns.
    """
    asked = fields_for(open_fields, mode)
    if not asked:
        return Refinement(draft=draft)
    # llm mode: only the essentials are forced; a forced pT cut would be a made-up one
    schema = refine_schema(asked, ["object", "pair", "quantity"] if mode == "llm" else None)
    shots = nearest_examples(request, asked, known=_known(draft, explicit), settings=settings)
    answer = structured_json(
        chat_model,
        refine_messages(request, asked, hits, shots),
        schema,
        name="request_fields",
    )
    merged = merge_answer(draft, explicit, answer, asked, catalog)
    merged.examples = [shot.citation for shot in shots]
    return merged
