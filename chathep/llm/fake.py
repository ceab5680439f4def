"""A scripted chat model for unit tests: answers from a list and records what it was asked.

For unit tests only (the planner's LLM layer, the agent loop); end-to-end tests use the real
SmolLM2 model.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field


class ScriptedChatModel(BaseChatModel):
    """Returns ``responses`` in order; ``calls`` keeps each call's messages and kwargs."""

    responses: list[str]
    calls: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "chathep-scripted"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if len(self.calls) >= len(self.responses):
            raise AssertionError(
                f"ScriptedChatModel called {len(self.calls) + 1} times, "
                f"only {len(self.responses)} answers scripted"
            )
        answer = self.responses[len(self.calls)]
        self.calls.append({"messages": list(messages), "kwargs": dict(kwargs)})
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=answer))])
