"""JSON answers that follow a JSON schema, constrained at decoding time where the backend can.

A 135M-parameter model cannot be trusted to write valid JSON by instruction alone; llama.cpp
compiles the schema to a grammar so that every sampled token keeps the output valid. OpenAI-
compatible servers get ``response_format`` (``json_schema``, else llama-cpp-python's
``json_object`` + ``schema`` extension). Whatever the backend, the answer is parsed and checked
against the schema here, and a bad answer raises :class:`LLMOutputError` with the raw text logged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage, convert_to_messages

from chathep.errors import ChatHEPError
from chathep.llm.llamacpp import LlamaCppChatModel

log = logging.getLogger(__name__)

#: base URL -> the response_format style that server accepted ("json_schema" / "json_object").
_SERVER_STYLE: dict[str, str] = {}


class LLMOutputError(ChatHEPError):
    """The language model answered with something that is not the JSON that was asked for."""

    def __init__(self, message: str, raw: str, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.raw = raw


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in content)


def _strip_fences(text: str) -> str:
    """Unconstrained models like to wrap JSON in ```json fences; take the object inside."""
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()


def parse_json_answer(raw: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parse a model's JSON object and check it against ``schema``; raise LLMOutputError if not."""
    try:
        value = json.loads(_strip_fences(raw))
    except json.JSONDecodeError as exc:
        log.warning("LLM answer is not valid JSON (%s); raw text: %r", exc, raw)
        raise LLMOutputError(
            f"The language model did not answer with valid JSON ({exc.msg} at char {exc.pos}).",
            raw=raw,
            hint="Rephrase the request, use the rule-based planner (planner=parser), or a "
            "larger model (CHATHEP_MODEL).",
        ) from None
    if not isinstance(value, dict):
        log.warning("LLM answer is JSON but not an object; raw text: %r", raw)
        raise LLMOutputError(
            "The language model answered with JSON that is not an object.",
            raw=raw,
            hint="Use the rule-based planner (planner=parser) or a larger model.",
        )
    if schema is not None:
        import jsonschema

        errors = sorted(
            jsonschema.Draft202012Validator(schema).iter_errors(value), key=lambda e: e.path
        )
        if errors:
            where = "/".join(str(p) for p in errors[0].absolute_path) or "(top level)"
            log.warning(
                "LLM JSON violates the schema at %s: %s; raw text: %r",
                where,
                errors[0].message,
                raw,
            )
            raise LLMOutputError(
                f"The language model's JSON does not match the schema at {where}: "
                f"{errors[0].message}",
                raw=raw,
                hint="Use the rule-based planner (planner=parser) or a larger model.",
            )
    return value


def _openai_style_kwargs(style: str, schema: dict[str, Any], name: str) -> dict[str, Any]:
    if style == "json_schema":
        # OpenAI's strict mode only takes schemas where every property is required
        props = set(schema.get("properties", {}))
        strict = set(schema.get("required", [])) == props and not schema.get(
            "additionalProperties", True
        )
        return {
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": schema, "strict": strict},
            }
        }
    # llama-cpp-python's server (and llama.cpp's llama-server) accept a schema here.
    return {"response_format": {"type": "json_object", "schema": schema}}


def _invoke_openai(
    chat_model: Any,
    messages: list[BaseMessage],
    schema: dict[str, Any],
    name: str,
    **kwargs: Any,
) -> BaseMessage:
    import openai

    base = str(getattr(chat_model, "openai_api_base", None) or "")
    styles = [_SERVER_STYLE[base]] if base in _SERVER_STYLE else ["json_schema", "json_object"]
    last_error: Exception | None = None
    for style in styles:
        try:
            answer = chat_model.invoke(
                messages, **_openai_style_kwargs(style, schema, name), **kwargs
            )
        except openai.APIConnectionError as exc:
            raise ChatHEPError(
                f"Cannot reach the LLM server at {base}: {exc}",
                hint="Start the server or fix CHATHEP_LLM_URL (it should end in /v1).",
            ) from None
        except openai.APIStatusError as exc:
            # 400/422 from most servers; llama-cpp-python's server answers its own request
            # validation error with a 500 that names the field.
            rejected = exc.status_code in (400, 422) or "response_format" in str(exc)
            if not rejected:
                raise
            log.info("server %s rejected response_format=%s: %s", base, style, exc)
            last_error = exc
            continue
        _SERVER_STYLE[base] = style
        return answer
    raise ChatHEPError(
        f"The LLM server at {base} accepts neither json_schema nor json_object response "
        f"formats: {last_error}",
        hint="Use a server with structured outputs (llama.cpp, vLLM, OpenAI) or the "
        "local llama.cpp backend (CHATHEP_LLM_BACKEND=llamacpp).",
    )


@dataclass
class RawAnswer:
    """A model's answer before parsing: the text, why it stopped, and the token counts."""

    text: str
    finish_reason: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0


def ask_json(
    chat_model: BaseChatModel,
    messages: Sequence[Any],
    schema: dict[str, Any],
    *,
    name: str = "answer",
    **kwargs: Any,
) -> RawAnswer:
    """Ask for JSON under ``schema`` (constrained where the backend can) and return the raw
    answer, unparsed: for callers that feed a bad answer back to the model.

    Extra ``kwargs`` (e.g. ``max_tokens``) go to the model's ``invoke``.
    """
    msgs = convert_to_messages(list(messages))
    if isinstance(chat_model, LlamaCppChatModel):
        answer = chat_model.invoke(
            msgs, response_format={"type": "json_object", "schema": schema}, **kwargs
        )
    elif type(chat_model).__name__ in {"ChatOpenAI", "AzureChatOpenAI"}:
        answer = _invoke_openai(chat_model, msgs, schema, name, **kwargs)
    else:  # scripted test models and anything else: unconstrained, checked by the caller
        answer = chat_model.invoke(msgs, **kwargs)
    raw = _text(answer.content)
    finish = (getattr(answer, "response_metadata", None) or {}).get("finish_reason")
    if finish == "length":
        log.warning("LLM answer was cut at max_tokens; raw text: %r", raw)
    usage = getattr(answer, "usage_metadata", None) or {}
    return RawAnswer(
        raw, finish, int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
    )


def structured_json(
    chat_model: BaseChatModel,
    messages: Sequence[Any],
    schema: dict[str, Any],
    *,
    name: str = "answer",
    **kwargs: Any,
) -> dict[str, Any]:
    """Ask ``chat_model`` for a JSON object following ``schema`` and return it, validated.

    ``messages`` are langchain messages or anything ``convert_to_messages`` takes
    (``("system", "...")`` tuples, dicts, strings).
    """
    answer = ask_json(chat_model, messages, schema, name=name, **kwargs)
    return parse_json_answer(answer.text, schema)
