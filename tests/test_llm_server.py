"""End to end: ChatOpenAI against llama-cpp-python's own OpenAI-compatible server on loopback."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from chathep.config import load_settings
from chathep.llm import get_chat_model, resolve_model, structured_json

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        any(importlib.util.find_spec(m) is None for m in ("fastapi", "uvicorn", "sse_starlette")),
        reason="llama-cpp-python[server] extras are not installed",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("llm-server") / "server.log"
    cmd = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(resolve_model("smollm2")),
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "1024", "--n_threads", "1",
    ]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(240):  # the model loads in well under a second; uvicorn needs imports
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail(f"llama_cpp.server did not come up: {log.read_text()[-2000:]}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_chat_round_trip(server_url):
    model = get_chat_model(load_settings(llm_backend="openai", llm_url=server_url), max_tokens=16)
    answer = model.invoke([("user", "Name one particle detected by CMS.")])
    assert answer.type == "ai"
    assert isinstance(answer.content, str) and answer.content.strip()
    assert answer.usage_metadata["output_tokens"] > 0


def test_schema_constrained_json_over_http(server_url):
    schema = {
        "type": "object",
        "properties": {
            "particle": {"type": "string", "enum": ["muon", "electron", "jet"]},
            "pt_min_gev": {"type": "number"},
        },
        "required": ["particle", "pt_min_gev"],
        "additionalProperties": False,
    }
    model = get_chat_model(load_settings(llm_backend="openai", llm_url=server_url), max_tokens=40)
    out = structured_json(
        model, [("user", "Select muons with pT above 25 GeV. Answer in JSON.")], schema
    )
    assert set(out) == {"particle", "pt_min_gev"}
    assert out["particle"] in {"muon", "electron", "jet"}
    assert isinstance(out["pt_min_gev"], int | float)
