"""A thin langchain chat model over llama-cpp-python's ``Llama.create_chat_completion``.

Why not langchain_community's ChatLlamaCpp: that package is being sunset (it warns on
import), is not a ChatHEP dependency, and loads a fresh copy of the model for every instance.
Here the ``Llama`` object is cached per (file, threads, context), so a process loads a model
once however many chat models, planners or agents use it.
"""

from __future__ import annotations

import logging
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, Field

from chathep.errors import ModelNotFoundError

log = logging.getLogger(__name__)

# llama.cpp contexts are not thread safe: one generation at a time per loaded model.
_GENERATE_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def load_llama(model_path: str, n_threads: int, n_ctx: int) -> Any:
    """Load a GGUF model once per process (the cache key is the file and the runtime shape)."""
    import llama_cpp

    start = time.perf_counter()
    try:
        llm = llama_cpp.Llama(
            model_path=model_path, n_ctx=n_ctx, n_threads=n_threads, verbose=False
        )
    except ValueError as exc:  # llama.cpp's "Failed to load model from file"
        raise ModelNotFoundError(
            f"llama.cpp could not load {model_path}: {exc}",
            hint="Check that the file is a complete GGUF model (re-install or re-download it).",
        ) from None
    log.info("loaded %s in %.2f s", Path(model_path).name, time.perf_counter() - start)
    return llm


def _role(message: BaseMessage) -> str:
    if isinstance(message, SystemMessage):
        return "system"
    if isinstance(message, HumanMessage):
        return "user"
    if isinstance(message, AIMessage):
        return "assistant"
    if isinstance(message, ToolMessage):
        return "tool"
    if isinstance(message, ChatMessage):
        return message.role
    raise TypeError(f"unsupported message type {type(message).__name__}")


def to_openai_messages(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """langchain messages -> the OpenAI-style dicts llama.cpp's chat templates take."""
    out = []
    for message in messages:
        content = message.content
        if not isinstance(content, str):  # multimodal parts: keep the text
            content = "".join(
                part if isinstance(part, str) else str(part.get("text", "")) for part in content
            )
        out.append({"role": _role(message), "content": content})
    return out


class LlamaCppChatModel(BaseChatModel):
    """Chat with a local GGUF model; extra ``invoke`` kwargs (``response_format``, ``grammar``,
    ``max_tokens``) go straight to ``create_chat_completion``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    n_threads: int = 2
    n_ctx: int = 4096
    temperature: float = 0.0
    max_tokens: int = 512
    seed: int = Field(default=0, description="Sampling seed, for reproducible answers")

    @property
    def _llm_type(self) -> str:
        return "chathep-llamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx}

    @property
    def llama(self) -> Any:
        return load_llama(self.model_path, self.n_threads, self.n_ctx)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        params: dict[str, Any] = {
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "seed": self.seed,
            "stop": stop or [],
        }
        params.update(kwargs)
        llama = self.llama
        with _GENERATE_LOCK:
            response = llama.create_chat_completion(messages=to_openai_messages(messages), **params)
        choice = response["choices"][0]
        usage = response.get("usage", {})
        message = AIMessage(
            content=choice["message"].get("content") or "",
            response_metadata={"finish_reason": choice.get("finish_reason")},
            usage_metadata={
                "input_tokens": usage.get("prompt_tokens", 0),
                "output_tokens": usage.get("completion_tokens", 0),
                "total_tokens": usage.get("total_tokens", 0),
            },
        )
        return ChatResult(
            generations=[
                ChatGeneration(
                    message=message, generation_info={"finish_reason": choice.get("finish_reason")}
                )
            ],
            llm_output={"token_usage": usage},
        )
