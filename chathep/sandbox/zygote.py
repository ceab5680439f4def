"""Runs *inside* the sandbox jail: import the scientific stack once, then fork one run at a time.

Standalone like ``bootstrap.py`` (imports nothing from chathep). Started by
:mod:`chathep.sandbox.warm` as ``python -I -B zygote.py CONFIG_JSON`` inside the same
bubblewrap jail (and as the same unprivileged user) as a cold run, with a scrubbed
environment. It never runs untrusted code itself: for each request it forks a child that

1. takes the run's stdout, stderr and audit-event pipes (received over the control socket;
   nothing is unpickled: requests are JSON),
2. closes every other descriptor (the control socket included),
3. applies the run's rlimits, environment and working directory (its fresh run directory),
4. then does exactly what a cold run does (``bootstrap.enter``): pre-imports, strips the
   process functions, installs the audit hook and runs the script.

The one thing the zygote reads from data files is the metadata of the ROOT trees a run will
read (``cfg["trees"]``, chosen by the host: local inputs of the analysis): uproot's parsed
TTree (its ~1500 branch records, ~0.35 s per file) per file version, before forking, so that
a child finds it in uproot's object cache instead of parsing it again (:func:`prepare_trees`,
:func:`attach_trees`). The zygote closes each file after reading it; a child opens its own.

The zygote is made non-dumpable, so a child (same user, same PID namespace) can neither
ptrace it nor open its ``/proc/PID/mem``; after every run it kills whatever is left in the
jail besides itself and the jail's init, so nothing a run started survives into the next.
A child's memory is a copy-on-write copy of the zygote's: nothing it changes flows back.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import select
import signal
import socket
import sys
import time
import traceback


def _load_bootstrap():
    """bootstrap.py beside this file (``-I`` keeps this directory off sys.path)."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bootstrap.py")
    spec = importlib.util.spec_from_file_location("chathep_sandbox_bootstrap", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bootstrap = _load_bootstrap()

PR_SET_DUMPABLE = 4
EVENT_FD = 3
MAX_MESSAGE = 1 << 20


def _set_dumpable(on: bool) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_DUMPABLE, int(on), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE) failed")


def _dumpable() -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(3, 0, 0, 0, 0) == 1  # PR_GET_DUMPABLE


def _shared_writable_mappings() -> list[str]:
    """Memory a child could write and the zygote (or a later child) would see: must be none."""
    found = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split()
            if len(parts) > 1 and parts[1].startswith("rw") and parts[1][3] == "s":
                found.append(line.strip())
    return found


def _others() -> list[int]:
    """Processes in the jail's PID namespace other than its init (1) and the zygote."""
    me = os.getpid()
    return [int(n) for n in os.listdir("/proc") if n.isdigit() and int(n) not in (1, me)]


def sweep() -> int:
    """SIGKILL everything a run left in the jail (repeat: a straggler may still be forking)."""
    killed = 0
    for _ in range(200):
        pids = _others()
        if not pids:
            return killed
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        while True:  # reap our own children; orphans are reaped by the jail's init
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        time.sleep(0.01)
    return killed


def _hide_denied(cfg: dict) -> None:
    """A script that imports nothing of the stack finds the denied modules unloaded, as cold.

    (Imported fresh, they are refused by the hook; an analysis importing numpy or coffea
    has them loaded in a cold run too, through numpy's and numba's own imports.)
    """
    allowed = frozenset(cfg["preimport"])
    tops = {n.split(".")[0] for n in bootstrap._imported_modules(cfg["script"])}
    if tops & allowed:
        return
    denied = frozenset(cfg["denied_imports"])
    for name in list(sys.modules):
        if name in denied or name.split(".")[0] in denied:
            del sys.modules[name]


def child(cfg: dict, fds: list[int], control: socket.socket) -> None:
    """In the forked child: take the pipes, close the rest, limit, then run (never returns)."""
    code = 1
    try:
        control.close()
        out, err, events = fds
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.dup2(events, EVENT_FD)
        os.closerange(EVENT_FD + 1, os.sysconf("SC_OPEN_MAX"))
        cfg["event_fd"] = EVENT_FD
        # pipes, not a terminal: the same buffering a fresh interpreter would choose
        sys.stdout = open(1, "w", buffering=-1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, closefd=False, errors="backslashreplace")  # noqa: SIM115
        import resource

        for which, value in cfg["limits"]:
            hard = value + 1 if which == resource.RLIMIT_CPU else value
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(which, (value, hard))
        os.environ.clear()
        os.environ.update(cfg["env"])
        import tempfile

        tempfile.tempdir = None  # recomputed from the run's TMPDIR
        numba_config = sys.modules.get("numba.core.config")
        if numba_config is not None:
            numba_config.reload_config()  # the run's NUMBA_CACHE_DIR
        os.chdir(cfg["run_dir"])
        _hide_denied(cfg)
        with contextlib.suppress(Exception):  # without them the run parses its files itself
            attach_trees(cfg.get("trees_ready", []))
        try:
            bootstrap.enter(cfg)
            code = 0
        except SystemExit as exc:
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        except BaseException:  # noqa: BLE001  (as the interpreter reports an uncaught error)
            traceback.print_exc()
            code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


#: Parsed TTrees per (path, tree name): (file version, uproot cache key, tree); at most
#: MAX_TREES (~17 MB each for a NanoAOD tree), the most recently used kept.
TREES: dict[tuple[str, str], tuple[tuple[int, ...], str, object]] = {}
MAX_TREES = 8


def _version(path: str) -> tuple[int, ...]:
    """What identifies one version of a file: device, inode, size, modification time."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def prepare_trees(wanted: list) -> list[list[str]]:
    """Read (once per file version) the TTrees a run will open; the ones ready for it.

    Runs in the zygote before the fork. A file that cannot be read, or that changes while it
    is read, is left out (the run reads it itself, as a cold run does).
    """
    uproot = sys.modules.get("uproot")
    if uproot is None or not wanted:
        return []
    ready = []
    for path, treename in wanted[:MAX_TREES]:
        entry = TREES.pop((path, treename), None)
        try:
            version = _version(path)
            if entry is None or entry[0] != version:
                with uproot.open(path) as directory:
                    key = directory.key(treename)
                    tree = key.get()
                    tree.typenames()  # the branches' interpretations, computed once
                    entry = (version, key.cache_key, tree)
                if _version(path) != version:
                    continue
        except Exception:  # noqa: BLE001  (not a ROOT file, no such tree: the run reports)
            continue
        TREES[(path, treename)] = entry
        ready.append([path, treename])
    while len(TREES) > MAX_TREES:
        del TREES[next(iter(TREES))]
    return ready


def attach_trees(ready: list) -> None:
    """In the child: give each prepared tree a file source of its own and put it in the
    object cache every ``uproot.open`` of this run shares (keyed by file UUID and the tree's
    position: a file with that UUID is that file), so coffea's open finds it parsed."""
    uproot = sys.modules.get("uproot")
    if uproot is None or not ready:
        return
    cache = uproot.LRUCache(100)  # uproot's default per file, here for all files of the run
    for path, treename in ready:
        version, key, tree = TREES[(path, treename)]
        try:
            if _version(path) != version:
                continue
            handle = tree.file  # the zygote's, closed: the tree and its branches read from it
            source_cls, file_path = uproot._util.file_path_to_source_class(
                handle.file_path, handle.options
            )
            handle._source = source_cls(file_path, **handle.options)
        except Exception:  # noqa: BLE001  (the run opens and parses the file itself)
            continue
        cache[key] = tree
    uproot.reading.open.__kwdefaults__["object_cache"] = cache


def _send(control: socket.socket, message: dict) -> None:
    control.send(json.dumps(message).encode())


def _pidfd(pid: int) -> int | None:
    """A descriptor that becomes readable when ``pid`` exits (Linux >= 5.3), else None."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def serve_one(control: socket.socket, cfg: dict, fds: list[int]) -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        child(cfg, fds, control)
    for fd in fds:
        os.close(fd)
    _send(control, {"op": "started", "pid": pid})
    status = None
    # woken by the child's exit (a pidfd) or by the host, rather than polling every 20 ms
    pidfd = _pidfd(pid)
    control.settimeout(None if pidfd is not None else 0.02)
    while status is None:
        try:
            done, raw = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done, raw = pid, 0
        if done == pid:
            status = os.waitstatus_to_exitcode(raw)
            break
        if pidfd is not None and control not in select.select([control, pidfd], [], [])[0]:
            continue  # the child ended
        try:
            data = control.recv(MAX_MESSAGE)
        except TimeoutError:
            continue
        if not data:  # the host is gone: take the run down with us
            os.kill(pid, signal.SIGKILL)
            sweep()
            sys.exit(0)
        if json.loads(data).get("op") == "kill":
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    control.settimeout(None)
    if pidfd is not None:
        os.close(pidfd)
    killed = sweep()
    _send(control, {"op": "exit", "status": status, "swept": killed})


def main() -> None:
    cfg = json.loads(sys.argv[1])
    control = socket.socket(fileno=int(cfg["control_fd"]))
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != here]
    problems = []
    if os.getppid() != 1 or os.getpid() == 1:
        problems.append("not the only process under the jail's init")
    for name in cfg["preimport"]:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001  (a missing optional package: cold runs too)
            print(f"zygote: cannot pre-import {name}: {exc}", file=sys.stderr)
    _set_dumpable(False)
    if _dumpable():
        problems.append("could not make the zygote non-dumpable")
    shared = _shared_writable_mappings()
    if shared:
        problems.append(f"shared writable memory would be shared between runs: {shared[:3]}")
    _send(control, {"op": "ready" if not problems else "refused", "problems": problems})
    if problems:
        return
    while True:
        msg, fds, _flags, _addr = socket.recv_fds(control, MAX_MESSAGE, 3)
        if not msg:
            return
        request = json.loads(msg)
        if request.get("op") == "kill" and not fds:
            continue  # for a run that has already ended
        if request.get("op") != "run" or len(fds) != 3:
            for fd in fds:
                os.close(fd)
            _send(control, {"op": "error", "message": "bad request"})
            continue
        cfg = request["cfg"]
        try:
            cfg["trees_ready"] = prepare_trees(list(cfg.get("trees") or []))
        except Exception:  # noqa: BLE001  (a malformed list: the run parses its files itself)
            cfg["trees_ready"] = []
        serve_one(control, cfg, list(fds))


if __name__ == "__main__":
    main()
