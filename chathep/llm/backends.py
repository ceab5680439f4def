"""Pick the chat model from the settings: a local GGUF via llama.cpp or an OpenAI-compatible URL.

Both are langchain ``BaseChatModel`` objects, so the planner and the agent never care which
backend answers.
"""

from __future__ import annotations

import os

from langchain_core.language_models.chat_models import BaseChatModel

from chathep.config import Settings, get_settings
from chathep.errors import ConfigError
from chathep.llm.llamacpp import LlamaCppChatModel
from chathep.llm.models import resolve_model


def get_chat_model(settings: Settings | None = None, *, max_tokens: int = 512) -> BaseChatModel:
    """The configured chat model (``CHATHEP_LLM_BACKEND``: llamacpp or openai)."""
    settings = settings or get_settings()
    if settings.llm_backend == "openai":
        return openai_chat_model(settings, max_tokens=max_tokens)
    path = resolve_model(settings.model)
    return LlamaCppChatModel(
        model_path=str(path),
        n_threads=settings.llm_threads or max(1, (os.cpu_count() or 2) // 2),
        n_ctx=settings.llm_context,
        temperature=settings.llm_temperature,
        max_tokens=max_tokens,
    )


def openai_chat_model(settings: Settings, *, max_tokens: int = 512) -> BaseChatModel:
    """langchain-openai's ChatOpenAI pointed at ``CHATHEP_LLM_URL`` (vLLM, llama.cpp, Ollama...)."""
    if not settings.llm_url:
        raise ConfigError(
            "llm_backend is 'openai' but no server URL is set.",
            hint="Set CHATHEP_LLM_URL=http://host:port/v1 (or llm_backend=llamacpp).",
        )
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        base_url=settings.llm_url,
        api_key=settings.llm_api_key,
        model=settings.llm_model,
        temperature=settings.llm_temperature,
        max_tokens=max_tokens,
        max_retries=1,
        timeout=120,
    )
