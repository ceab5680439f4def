"""LLM layer: registered models and their capabilities, a langchain chat model, JSON answers."""

from chathep.llm.backends import get_chat_model, openai_chat_model
from chathep.llm.models import is_gguf, model_status, resolve_model
from chathep.llm.registry import (
    ModelCapabilities,
    ModelInfo,
    get_model,
    has_capability,
    model_capabilities,
    model_names,
    register,
    registered_models,
)
from chathep.llm.structured import LLMOutputError, parse_json_answer, structured_json

__all__ = [
    "LLMOutputError",
    "ModelCapabilities",
    "ModelInfo",
    "get_chat_model",
    "get_model",
    "has_capability",
    "is_gguf",
    "model_capabilities",
    "model_names",
    "model_status",
    "openai_chat_model",
    "parse_json_answer",
    "register",
    "registered_models",
    "resolve_model",
    "structured_json",
]
