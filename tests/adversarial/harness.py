"""Host side of the adversarial suite: bait, listeners, and the evidence of an escape.

Each program in this folder attacks the host and prints ESCAPED when its own action
succeeded. The :class:`Arena` does not trust that: it checks the host itself (listeners,
canary files, a victim process, the secret) after every run.
"""

from __future__ import annotations

import json
import os
import secrets
import selectors
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from chathep.config import Settings, load_settings
from chathep.errors import SandboxError
from chathep.sandbox import Policy, load_json_output, run_script

HERE = Path(__file__).resolve().parent
SECRET_NAME = "CHATHEP_TEST_API_KEY"
#: Cases stopped by a resource limit rather than a refusal, and the reasons that count.
RESOURCE_REASONS: dict[str, set[str]] = {
    "memory_bomb": {"memory"},
    "infinite_loop": {"cpu", "timeout"},
    "sleep_forever": {"timeout"},
    "stdout_flood": {"output flood"},
    "big_file": {"file size"},
    "disk_fill": {"disk usage"},
    "thread_bomb": {"process limit", "memory"},
}


def case_names() -> list[str]:
    return sorted(p.stem for p in HERE.glob("*.py") if p.stem != "harness")


def case_doc(name: str) -> str:
    first = (HERE / f"{name}.py").read_text().split('"""')
    return first[1].strip() if len(first) > 2 else name


def suite_settings() -> Settings:
    """Tight limits so runaway cases end within seconds."""
    return load_settings(
        sandbox_timeout=5.0,
        sandbox_cpu_seconds=3,
        sandbox_memory_mb=1024,
        sandbox_max_file_mb=16,
        sandbox_max_output_kb=64,
    )


class _Listener:
    """Counts TCP, UDP and Unix-socket contacts on loopback."""

    def __init__(self, unix_path: Path) -> None:
        self.contacts: list[str] = []
        self.tcp = socket.create_server(("127.0.0.1", 0))
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(str(unix_path))
        self.unix.listen()
        os.chmod(unix_path, 0o777)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        with selectors.DefaultSelector() as sel:
            for kind, sock in (("tcp", self.tcp), ("udp", self.udp), ("unix", self.unix)):
                sel.register(sock, selectors.EVENT_READ, kind)
            while not self.stop.is_set():
                for key, _ in sel.select(timeout=0.05):
                    self.contacts.append(key.data)
                    if key.data == "udp":
                        key.fileobj.recvfrom(100)
                    else:
                        conn, _ = key.fileobj.accept()
                        conn.close()

    def settle(self) -> None:
        """Give the listener thread a moment to record contacts still in flight."""
        time.sleep(0.1)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        for sock in (self.tcp, self.udp, self.unix):
            sock.close()


@dataclass
class Arena:
    """Bait on the host for one run: files, listeners, a victim process, a secret."""

    root: Path
    token: str = field(default_factory=lambda: secrets.token_hex(16))

    def __post_init__(self) -> None:
        self.canary_dir = self.root / "canary"
        self.canary_dir.mkdir(parents=True)
        self.canary = self.canary_dir / "canary.txt"
        self.canary_text = f"canary {secrets.token_hex(8)}"
        self.canary.write_text(self.canary_text)
        self.canary.chmod(0o644)
        self.input_dir = self.root / "input"
        self.input_dir.mkdir()
        self.input_file = self.input_dir / "input.root"
        self.input_file.write_bytes(b"root-bytes")
        self.home = self.root / "home"
        (self.home / ".ssh").mkdir(parents=True)
        (self.home / ".ssh" / "id_rsa").write_text(f"-----BEGIN KEY----- {self.token}")
        self.listener = _Listener(self.root / "bait.sock")
        env = {**os.environ, SECRET_NAME: self.token}
        self.victim = subprocess.Popen(["sleep", "120"], env=env)
        self.shm_file = Path("/dev/shm/chathep-" + str(self.canary_dir).replace("/", "_"))
        self.dir_listing = sorted(p.name for p in self.canary_dir.iterdir())

    def config(self) -> dict:
        return {
            "port": self.listener.tcp.getsockname()[1],
            "udp_port": self.listener.udp.getsockname()[1],
            "unix_socket": str(self.root / "bait.sock"),
            "canary": str(self.canary),
            "canary_dir": str(self.canary_dir),
            "input_file": str(self.input_file),
            "home": str(self.home),
            "secret_name": SECRET_NAME,
            "victim_pid": self.victim.pid,
            "big_file_mb": 64,
        }

    def evidence(self, texts: list[str]) -> list[str]:
        """Everything on the host that shows the attack worked (empty: contained)."""
        self.listener.settle()
        found = [f"{kind} contact on loopback" for kind in self.listener.contacts]
        if not self.canary.exists() or self.canary.read_text() != self.canary_text:
            found.append("canary file changed or gone")
        elif self.canary.stat().st_mode & 0o777 != 0o644:
            found.append("canary permissions changed")
        if sorted(p.name for p in self.canary_dir.iterdir()) != self.dir_listing:
            found.append("new file outside the run directory")
        if self.shm_file.exists():
            found.append("file written to /dev/shm")
        if self.input_file.read_bytes() != b"root-bytes":
            found.append("read-only input modified")
        if self.victim.poll() is not None:
            found.append("host process killed")
        if any(self.token in text for text in texts):
            found.append("secret leaked")
        if texts and "ESCAPED" in texts[0]:  # stdout
            found.append("program reports success")
        return found

    def close(self) -> None:
        self.shm_file.unlink(missing_ok=True)
        self.listener.close()
        self.victim.kill()
        self.victim.wait()


@contextmanager
def arena(root: Path) -> Iterator[Arena]:
    """An Arena whose secret is also in this process's environment and whose home is HOME."""
    bait = Arena(root)
    old_secret, old_home = os.environ.get(SECRET_NAME), os.environ.get("HOME")
    os.environ[SECRET_NAME] = bait.token
    os.environ["HOME"] = str(bait.home)
    try:
        yield bait
    finally:
        bait.close()
        for key, old in ((SECRET_NAME, old_secret), ("HOME", old_home)):
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


@dataclass
class Outcome:
    case: str
    stopped_by: str  # "static", "runtime", "output check", "" (not stopped)
    reason: str
    evidence: list[str]
    killed_reason: str | None = None

    @property
    def contained(self) -> bool:
        return not self.evidence


def _run_texts(run) -> list[str]:
    texts = [run.stdout, run.stderr]
    for path in run.run_dir.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 1 << 20:
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return texts


def attack(name: str, bait: Arena, policy: Policy, settings: Settings) -> Outcome:
    """Run one adversarial program under ``policy`` and judge the host afterwards."""
    try:
        run = run_script(
            HERE / f"{name}.py",
            args=[json.dumps(bait.config())],
            read_only=[bait.input_dir],
            settings=settings,
            policy=policy,
        )
    except SandboxError as exc:
        return Outcome(name, "static", exc.message, bait.evidence([]))
    texts = _run_texts(run)
    reason = run.killed_reason or ""
    stopped_by = "runtime" if run.killed_reason or run.returncode != 0 else ""
    if "results.json" in run.outputs:
        try:
            data = load_json_output(run.outputs["results.json"], max_bytes=1 << 20)
            texts.append(json.dumps(data))
        except SandboxError as exc:
            stopped_by, reason = stopped_by or "output check", reason or exc.message
    if not reason and run.returncode != 0:
        reason = run.log_tail(3)
    evidence = bait.evidence(texts)
    for path in run.outputs.values():
        if run.run_dir not in path.parents or path.samefile(bait.canary):
            evidence.append("an output points at a host file")
    allowed = RESOURCE_REASONS.get(name)
    if allowed is not None and (run.killed_reason or "") not in allowed and not evidence:
        evidence.append(f"not stopped by a limit (killed_reason={run.killed_reason!r})")
    shutil.rmtree(run.run_dir, ignore_errors=True)
    return Outcome(name, stopped_by, reason, evidence, run.killed_reason)
