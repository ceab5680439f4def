"""The sandbox's network policy (remote datasets with CHATHEP_ALLOW_NETWORK, issue #13).

A run with ``Policy(network=True)`` keeps every layer (rlimits, audit hook, bubblewrap's
read-only filesystem and PID namespace, the scrubbed environment) and only gains outbound
network: bubblewrap shares the host's network namespace and the audit hook lets internet
sockets connect. Checked against a TCP listener on the loopback interface of the host.
"""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from chathep.config import load_settings
from chathep.sandbox import Policy, run_script
from chathep.sandbox.layers import choose_namespaces

CONNECT = """
import json, socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as conn:
    conn.sendall(b"ping")
    reply = conn.recv(16).decode()
open("results.json", "w").write(json.dumps({"reply": reply}))
"""


class Listener:
    """A TCP server on 127.0.0.1 that answers each connection with b"pong"."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                self.received.append(conn.recv(16))
                conn.sendall(b"pong")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def settings():
    return load_settings(sandbox_timeout=60.0, sandbox_cpu_seconds=30, sandbox_max_output_kb=16)


def _script(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "analysis.py"
    path.write_text(source)
    return path


def _policy(tmp_path: Path, **kwargs) -> Policy:
    # the static check refuses `import socket` outright; these tests are about the layers
    # behind it, as the adversarial suite's are
    return Policy(static_check=False, run_root=tmp_path / "runs", **kwargs)


def test_network_policy_allows_a_tcp_connect(tmp_path, settings, listener) -> None:
    run = run_script(
        _script(tmp_path, CONNECT),
        args=[str(listener.port)],
        settings=settings,
        policy=_policy(tmp_path, network=True),
    )
    assert run.ok, (run.killed_reason, run.stderr)
    assert json.loads(run.outputs["results.json"].read_text()) == {"reply": "pong"}
    assert listener.received == [b"ping"]
    assert "audit hook" in run.layers
    assert any(layer.startswith("rlimits") for layer in run.layers)
    if choose_namespaces(Policy()) == "bwrap":
        assert any("outbound network" in layer for layer in run.layers)
        assert not any("warm" in layer for layer in run.layers)  # the zygote has no network


def test_without_network_the_connect_is_refused(tmp_path, settings, listener) -> None:
    run = run_script(
        _script(tmp_path, CONNECT),
        args=[str(listener.port)],
        settings=settings,
        policy=_policy(tmp_path),
    )
    assert not run.ok
    assert run.killed_reason is not None and run.killed_reason.startswith("blocked")
    assert run.blocked and run.blocked[0].startswith("socket.")
    assert listener.received == []
    assert "results.json" not in run.outputs


@pytest.mark.parametrize(
    ("action", "refused"),
    [
        ("open({outside!r}, 'w').write('x')", "open for writing"),
        ("import os; os.mkdir({outside!r})", "os.mkdir"),
        ("import socket; socket.socket().bind(('127.0.0.1', 0))", "socket.bind"),
        (
            "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
            ".sendto(b'x', ('127.0.0.1', 9))",
            "socket.sendto",
        ),
        ("import subprocess; subprocess.run(['true'])", ""),
    ],
)
def test_network_runs_still_refuse_everything_else(
    tmp_path, settings, action: str, refused: str
) -> None:
    outside = tmp_path / "outside"
    source = action.format(outside=str(outside)) + "\n"
    run = run_script(
        _script(tmp_path, source), settings=settings, policy=_policy(tmp_path, network=True)
    )
    assert not run.ok
    assert run.killed_reason is not None and run.killed_reason.startswith("blocked")
    assert refused in run.blocked[0]
    assert not outside.exists()


def test_network_runs_see_a_scrubbed_environment(tmp_path, settings, monkeypatch) -> None:
    monkeypatch.setenv("CHATHEP_TEST_TOKEN", "s3cr3t-value")
    source = "import json, os\nprint(json.dumps(sorted(os.environ)))\n"
    run = run_script(
        _script(tmp_path, source), settings=settings, policy=_policy(tmp_path, network=True)
    )
    assert run.ok, run.stderr
    names = set(json.loads(run.stdout))
    assert "CHATHEP_TEST_TOKEN" not in names and "HOME" in names


@pytest.mark.skipif(choose_namespaces(Policy()) != "bwrap", reason="needs bubblewrap here")
def test_bubblewrap_alone_keeps_the_filesystem_read_only_with_network(
    tmp_path, settings, listener
) -> None:
    """The audit hook off: bubblewrap still mounts the host read-only, and only the network
    namespace differs between the two policies."""
    outside = tmp_path / "outside.txt"
    source = (
        "import json, socket, sys\n"
        "out = {}\n"
        "try:\n"
        f"    open({str(outside)!r}, 'w').write('x')\n"
        "    out['write'] = 'written'\n"
        "except OSError as exc:\n"
        "    out['write'] = type(exc).__name__\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=3).close()\n"
        "    out['connect'] = 'ok'\n"
        "except OSError as exc:\n"
        "    out['connect'] = type(exc).__name__\n"
        "open('results.json', 'w').write(json.dumps(out))\n"
    )
    found = {}
    for network in (True, False):
        run = run_script(
            _script(tmp_path, source),
            args=[str(listener.port)],
            settings=settings,
            policy=_policy(tmp_path, network=network, audit_hook=False),
        )
        assert run.ok, run.stderr
        found[network] = json.loads(run.outputs["results.json"].read_text())
    assert found[True]["connect"] == "ok"
    assert found[False]["connect"] != "ok"  # its own network namespace: nothing listens
    assert found[True]["write"] != "written" and found[False]["write"] != "written"
    assert not outside.exists()
