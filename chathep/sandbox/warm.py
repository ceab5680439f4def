"""The warm sandbox: a zygote that imports the scientific stack once and forks one child per run.

A cold run starts a fresh interpreter in a fresh jail and pays ~4 s importing coffea, awkward,
uproot and numba before the first event. The zygote (``zygote.py``) is started once per
process *inside the same jail* a cold run gets (bubblewrap: no network, own PID namespace,
read-only filesystem, homes hidden, running as ``nobody`` when started as root; a scrubbed
environment), pre-imports the stack and then, for each run, forks a child that applies the
run's rlimits, environment, run directory and audit hook before the script runs.

What is shared between runs, and why it is safe (also in ARCHITECTURE.md):

- the zygote's memory image at fork time (imported modules, no data, no secrets; the
  environment was scrubbed before it started): each child gets a copy-on-write copy, so a
  run's changes never reach the zygote or a later run; the zygote checks at start that it
  has no shared writable mapping (which copy-on-write would not cover) and refuses otherwise;
- the jail: its mounts are exactly a cold run's, except that the one read-write bind is the
  directory holding the run directories (mode 0711: no listing) instead of the run directory
  itself; one run at a time, and a finished run's directory is closed to the next (owned by
  root, 0700, when running as nobody; and it is outside the next run's audit-hook roots);
- the PID namespace and the user: the zygote is non-dumpable (no ptrace, no /proc/PID/mem
  for a same-user child) and, after each run, kills every process in the jail but itself
  and the jail's init, so nothing a run starts survives it. A run that kills the zygote only
  costs the next run a cold start.
- the parsed metadata of the run's input ROOT trees (``run_script(trees=...)``, chosen by
  the host from the spec's local inputs): parsed by the zygote once per file version before
  forking (``zygote.prepare_trees``), read-only, keyed by the file's device, inode, size and
  modification time; each child reads the data through a file source of its own;
- numba: kernels compiled while the zygote imports the stack are inherited in memory.
  ``NUMBA_CACHE_DIR`` stays per run: numba's on-disk cache index is a pickle, and a cache
  directory one run may write and a later run reads would let one run's code execute in
  the next.

Used only where the jail is bubblewrap (``choose_namespaces() == "bwrap"``); anything else,
a zygote that does not start or dies, or ``CHATHEP_SANDBOX_WARM=false``, takes the cold path.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

_log = logging.getLogger(__name__)
ZYGOTE = Path(__file__).with_name("zygote.py")
READY_TIMEOUT_S = 120.0
KILL_WAIT_S = 5.0

#: What the zygote imports before any run: what every compiled analysis imports, and what it
#: imports lazily while it runs (the NanoAOD methods, vector's compute functions, the UHI JSON
#: writer, argparse, numpy.ma: ~100 modules that every run would otherwise import again). A
#: script importing more (matplotlib, scipy, ...) imports it in its child as a cold run does.
STACK = (
    "numpy",
    "awkward",
    "uproot",
    "hist",
    "coffea.processor",
    "coffea.analysis_tools",
    "coffea.nanoevents",
    "coffea.nanoevents.methods.nanoaod",
    "correctionlib",
    "argparse",
    "numpy.ma",
    "vector._compute.lorentz",
    "vector._compute.planar",
    "vector._compute.spatial",
    "uhi.io.json",
    "hist.serialization",
)


class WarmProcess:
    """One run forked by the zygote, with the parts of ``subprocess.Popen`` the runner uses."""

    def __init__(self, zygote: Zygote, stdout: IO[bytes], stderr: IO[bytes]) -> None:
        self.zygote = zygote
        self.stdout = stdout
        self.stderr = stderr
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.zygote.exit_status(block=False)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            self.zygote.kill_run()

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.returncode = self.zygote.exit_status(block=True, timeout=timeout)
        if self.returncode is None:
            raise subprocess.TimeoutExpired("zygote run", timeout or 0)
        return self.returncode


class Zygote:
    """A started zygote: its jail process, the control socket and the directory for runs."""

    def __init__(self, key: tuple[str, ...], proc: subprocess.Popen, control: socket.socket,
                 runs_root: Path, home: Path) -> None:  # fmt: skip
        self.key = key
        self.proc = proc
        self.control = control
        self.runs_root = runs_root
        self.home = home
        self.ready = False
        self.failed: str | None = None
        self.lock = threading.Lock()  # one run at a time

    def alive(self) -> bool:
        return self.failed is None and self.proc.poll() is None

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> bool:
        if self.ready or self.failed:
            return self.ready
        msg = self._recv(timeout)
        if msg is None or msg.get("op") != "ready":
            why = "; ".join(msg.get("problems", [])) if msg else "no answer"
            self.fail(f"the zygote did not start: {why}")
            _never_ready.add(self.key)  # not retried in this process: cold runs from now on
            return False
        self.ready = True
        # the zygote's home held its start-up caches; no run may write there
        with contextlib.suppress(OSError):
            os.chown(self.home, os.geteuid(), os.getegid())
            self.home.chmod(0o555)
        return True

    def _recv(self, timeout: float | None) -> dict | None:
        ready, _, _ = select.select([self.control], [], [], timeout)
        if not ready:
            return None
        try:
            data = self.control.recv(1 << 20)
        except OSError:
            data = b""
        if not data:
            self.fail("the zygote exited")
            return None
        return json.loads(data)

    def start_run(self, cfg: dict[str, Any]) -> WarmProcess:
        """Fork a run; its stdout, stderr and audit events come back on fresh pipes."""
        pipes = [os.pipe() for _ in range(3)]
        try:
            socket.send_fds(
                self.control,
                [json.dumps({"op": "run", "cfg": cfg}).encode()],
                [w for _, w in pipes],
            )
            msg = self._recv(30.0)
            while msg is not None and msg.get("op") == "exit":  # a late report of an ended run
                msg = self._recv(30.0)
        finally:
            for _, w in pipes:
                os.close(w)
        if msg is None or msg.get("op") != "started":
            for r, _ in pipes:
                os.close(r)
            self.fail("the zygote did not start the run")
            raise OSError("the warm sandbox did not start the run")
        self.events_fd = pipes[2][0]
        return WarmProcess(self, os.fdopen(pipes[0][0], "rb"), os.fdopen(pipes[1][0], "rb"))

    def exit_status(self, *, block: bool, timeout: float | None = None) -> int | None:
        msg = self._recv(timeout if block else 0)
        if msg is None:
            return -signal.SIGKILL if self.failed else None
        if msg.get("op") == "exit":
            return int(msg["status"])
        return None

    def kill_run(self) -> None:
        with contextlib.suppress(OSError):
            self.control.send(json.dumps({"op": "kill"}).encode())

    def fail(self, why: str) -> None:
        if self.failed is None:
            with contextlib.suppress(OSError):
                log = (self.runs_root / "zygote.log").read_text(errors="replace")
                why += ("; its log ends: " + log[-1500:]) if log.strip() else ""
            self.failed = why
            _log.warning("warm sandbox unavailable, runs start cold: %s", why)
        self.close()

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        with contextlib.suppress(OSError):
            self.control.close()
        shutil.rmtree(self.runs_root, ignore_errors=True)


# --- one zygote per process, spawned from a long-lived thread -------------------------------
# bubblewrap's --die-with-parent follows the *thread* that started it: a zygote started from a
# Streamlit script thread would die with that thread, so every zygote is started from here.

_spawn_queue: queue.Queue = queue.Queue()
_spawner: threading.Thread | None = None
_current: Zygote | None = None
_never_ready: set[tuple[str, ...]] = set()
_state_lock = threading.Lock()


def _spawn_loop() -> None:
    while True:
        args, kwargs, reply = _spawn_queue.get()
        try:
            reply.put(subprocess.Popen(*args, **kwargs))
        except OSError as exc:
            reply.put(exc)


def _popen(*args: Any, **kwargs: Any) -> subprocess.Popen:
    global _spawner
    if _spawner is None or not _spawner.is_alive():
        _spawner = threading.Thread(target=_spawn_loop, name="chathep-zygote", daemon=True)
        _spawner.start()
    reply: queue.Queue = queue.Queue()
    _spawn_queue.put((args, kwargs, reply))
    got = reply.get()
    if isinstance(got, Exception):
        raise got
    return got


def make_runs_root() -> Path:
    """Where a zygote's run directories live: traversable (0711) but not listable."""
    root = Path(tempfile.mkdtemp(prefix="chathep-warm-")).resolve()
    root.chmod(0o711)
    return root


def _start(
    key: tuple[str, ...],
    jail: Sequence[str],
    runs_root: Path,
    env: dict[str, str],
    owner: tuple[int, int] | None,
) -> Zygote:
    home = runs_root / "zygote"
    for sub in ("home", ".cache/matplotlib", ".cache/numba", "tmp"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    if owner is not None:
        for path in [home, *home.rglob("*")]:
            os.chown(path, *owner)
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    cfg = {"control_fd": theirs.fileno(), "preimport": list(STACK)}
    log = open(runs_root / "zygote.log", "wb")  # noqa: SIM115  (handed to the child)
    try:
        proc = _popen(
            [*jail, sys.executable, "-I", "-B", str(ZYGOTE), json.dumps(cfg)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            cwd=home,
            env=env,
            pass_fds=(theirs.fileno(),),
            start_new_session=True,
        )
    finally:
        theirs.close()
        log.close()
    return Zygote(key, proc, ours, runs_root, home)


def get_zygote(
    key: tuple[str, ...],
    jail_for: Callable[[Path], list[str]],
    env_for: Callable[[Path], dict[str, str]],
    owner: tuple[int, int] | None,
) -> Zygote | None:
    """The process's zygote for this jail, started if needed (maybe still importing: call
    :meth:`Zygote.wait_ready`), or None if it cannot start.

    ``jail_for(runs_root)`` gives the jail command, ``env_for(home)`` the scrubbed environment;
    ``key`` identifies the jail (mounts, hidden paths, user): another key replaces the zygote.
    """
    global _current
    if key in _never_ready:
        return None
    with _state_lock:
        zygote = _current
        if zygote is not None and zygote.key != key and zygote.lock.acquire(blocking=False):
            zygote.lock.release()
            zygote.close()  # another jail (other mounts): not busy, so replaced
            zygote = _current = None
        if zygote is not None and not zygote.alive():
            zygote.close()
            zygote = _current = None
        if zygote is None:
            runs_root = make_runs_root()
            try:
                zygote = _start(key, jail_for(runs_root), runs_root, env_for(runs_root / "zygote"),
                                owner)  # fmt: skip
            except OSError:
                shutil.rmtree(runs_root, ignore_errors=True)
                return None
            _current = zygote
    return zygote if zygote.key == key else None


def current() -> Zygote | None:
    """The zygote of this process, if one was started (for diagnostics and tests)."""
    return _current


def shutdown() -> None:
    """Stop the zygote (at exit, or to force the next run onto a fresh one)."""
    global _current
    with _state_lock:
        if _current is not None:
            _current.close()
            _current = None


atexit.register(shutdown)


def wait_exit(proc: WarmProcess, timeout: float = KILL_WAIT_S) -> int:
    """The run's exit status; a zygote that does not answer is taken down (cold next time)."""
    start = time.monotonic()
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.zygote.fail(f"no exit status after {time.monotonic() - start:.1f} s")
        return -signal.SIGKILL
