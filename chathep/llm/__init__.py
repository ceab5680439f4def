"""LLM layer: find a GGUF model, build a langchain chat model, get schema-constrained JSON."""

from chathep.llm.backends import get_chat_model, openai_chat_model
from chathep.llm.models import BUNDLED, is_gguf, is_small_model, resolve_model
from chathep.llm.structured import LLMOutputError, parse_json_answer, structured_json

__all__ = [
    "is_small_model",
    "BUNDLED",
    "LLMOutputError",
    "get_chat_model",
    "is_gguf",
    "openai_chat_model",
    "parse_json_answer",
    "resolve_model",
    "structured_json",
]
