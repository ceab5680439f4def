"""Schema-constrained JSON: parsing/validation (scripted model) and real llama.cpp decoding."""

from __future__ import annotations

import logging

import pytest

from chathep.config import load_settings
from chathep.errors import ChatHEPError, ConfigError
from chathep.llm import LLMOutputError, get_chat_model, parse_json_answer, structured_json
from chathep.llm.fake import ScriptedChatModel
from chathep.llm.llamacpp import LlamaCppChatModel, load_llama

HIST_SCHEMA = {
    "type": "object",
    "properties": {
        "bins": {"type": "integer", "minimum": 1, "maximum": 500},
        "log_y": {"type": "boolean"},
    },
    "required": ["bins", "log_y"],
    "additionalProperties": False,
}


# --- unit tests with the scripted model ---------------------------------------------------


def test_scripted_answer_is_parsed_and_the_call_recorded():
    model = ScriptedChatModel(responses=['{"bins": 40, "log_y": true}'])
    out = structured_json(model, [("system", "be brief"), ("user", "40 bins, log")], HIST_SCHEMA)
    assert out == {"bins": 40, "log_y": True}
    (call,) = model.calls
    assert [m.type for m in call["messages"]] == ["system", "human"]
    assert call["messages"][1].content == "40 bins, log"


def test_json_in_markdown_fences_is_accepted():
    assert parse_json_answer('```json\n{"bins": 3, "log_y": false}\n```', HIST_SCHEMA) == {
        "bins": 3,
        "log_y": False,
    }


def test_invalid_json_is_a_typed_error_with_the_raw_text_logged(caplog):
    model = ScriptedChatModel(responses=["Sure! Here is the histogram: bins=40"])
    with (
        caplog.at_level(logging.WARNING, logger="chathep.llm.structured"),
        pytest.raises(LLMOutputError) as info,
    ):
        structured_json(model, ["40 bins"], HIST_SCHEMA)
    assert isinstance(info.value, ChatHEPError)
    assert info.value.raw == "Sure! Here is the histogram: bins=40"
    assert "valid JSON" in info.value.message
    assert info.value.hint
    assert "Sure! Here is the histogram" in caplog.text


def test_json_that_breaks_the_schema_names_the_field():
    with pytest.raises(LLMOutputError) as info:
        parse_json_answer('{"bins": 0, "log_y": true}', HIST_SCHEMA)
    assert "bins" in info.value.message


def test_extra_field_is_rejected_when_the_schema_forbids_it():
    with pytest.raises(LLMOutputError):
        parse_json_answer('{"bins": 4, "log_y": true, "colour": "red"}', HIST_SCHEMA)


def test_json_array_is_not_an_object():
    with pytest.raises(LLMOutputError):
        parse_json_answer("[1, 2]")


def test_openai_backend_without_url_is_a_config_error():
    with pytest.raises(ConfigError) as info:
        get_chat_model(load_settings(llm_backend="openai", llm_url=None))
    assert "CHATHEP_LLM_URL" in info.value.hint


def test_llamacpp_backend_takes_threads_and_context_from_settings():
    model = get_chat_model(load_settings(model="smollm2", llm_threads=1, llm_context=1024))
    assert isinstance(model, LlamaCppChatModel)
    assert (model.n_threads, model.n_ctx) == (1, 1024)
    assert model.model_path.endswith(".gguf")


# --- the real model -----------------------------------------------------------------------


@pytest.mark.slow
def test_smollm2_constrained_answer_follows_the_schema():
    model = get_chat_model(
        load_settings(model="smollm2", llm_threads=1, llm_context=1024), max_tokens=40
    )
    out = structured_json(
        model,
        [("user", "I want a histogram with 40 bins on a log scale. Answer in JSON.")],
        HIST_SCHEMA,
    )
    assert set(out) == {"bins", "log_y"}
    assert isinstance(out["bins"], int) and 1 <= out["bins"] <= 500
    assert isinstance(out["log_y"], bool)


@pytest.mark.slow
def test_model_is_loaded_once_per_process():
    settings = load_settings(model="smollm2", llm_threads=1, llm_context=1024)
    first = get_chat_model(settings, max_tokens=8)
    second = get_chat_model(settings, max_tokens=16)
    assert first.llama is second.llama
    info = load_llama.cache_info()
    assert info.hits >= 1


def test_unreachable_server_is_a_typed_error():
    import socket

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    model = get_chat_model(
        load_settings(llm_backend="openai", llm_url=f"http://127.0.0.1:{port}/v1"), max_tokens=8
    )
    model.max_retries = 0
    with pytest.raises(ChatHEPError) as info:
        structured_json(model, ["hi"], HIST_SCHEMA)
    assert "Cannot reach" in info.value.message
    assert "CHATHEP_LLM_URL" in info.value.hint
