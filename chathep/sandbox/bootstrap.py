"""Runs *inside* the sandbox: pre-import the stack, install the audit hook, run the script.

Standalone on purpose (imports nothing from chathep): it is started as
``python -I -B bootstrap.py CONFIG_JSON`` in the sandbox, where the repository may not be
importable. Order matters: numba/llvmlite load shared libraries through ctypes at import,
so the allowed scientific stack is imported *before* the hook that refuses ctypes loading.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import os
import sys

#: Events refused outright (processes, sockets, native code, hook tampering).
DENY_EVENTS = frozenset(
    {"os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
     "subprocess.Popen", "pty.spawn", "os.kill", "os.killpg", "os.startfile",
     "ctypes.dlopen", "ctypes.dlsym/handle", "sys.addaudithook", "gc.get_objects",
     "gc.get_referrers", "gc.get_referents", "resource.setrlimit", "resource.prlimit",
     "sys.setprofile", "sys.settrace", "os.symlink", "os.link", "webbrowser.open",
     "sys.remote_exec", "cpython.remove_remote_exec_hook", "_posixsubprocess.fork_exec",
     "os.open/dir_fd",
     "os.setsid", "os.setuid", "os.setgid", "os.setreuid", "os.setregid", "os.setresuid",
     "os.setresgid", "os.chroot", "os.popen", "os.execv", "os.execve",
     "os.posix_spawnp"}
)  # fmt: skip
#: Events whose path arguments must lie inside the run directory.
PATH_EVENTS = {
    "os.remove": (0,), "os.rmdir": (0,), "os.rename": (0, 1), "os.mkdir": (0,),
    "os.chmod": (0,), "os.chown": (0,), "os.truncate": (0,), "os.utime": (0,),
    "shutil.rmtree": (0,), "shutil.move": (0, 1), "shutil.copyfile": (1,),
    "shutil.copytree": (1,), "os.setxattr": (0,), "os.removexattr": (0,), "os.chflags": (0,),
}  # fmt: skip
#: Where those events carry a dir_fd: a path relative to an open directory cannot be
#: judged from the path alone, so it is refused.
DIR_FD_ARG = {
    "os.remove": 1, "os.rmdir": 1, "os.rename": 2, "os.mkdir": 2, "os.chmod": 2,
    "os.chown": 3, "os.utime": 3,
}  # fmt: skip
#: os/posix functions removed after the pre-imports (belt and braces with the hook).
STRIP_OS = (
    "fork", "forkpty", "system", "popen", "execv", "execve", "execl", "execle", "execlp",
    "execlpe", "execvp", "execvpe", "spawnv", "spawnve", "spawnl", "spawnle", "spawnlp",
    "spawnlpe", "spawnvp", "spawnvpe", "posix_spawn", "posix_spawnp", "kill", "killpg",
    "setsid", "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
    "chroot", "mkfifo", "mknod",
)  # fmt: skip
DENY_EVENTS = DENY_EVENTS | {f"os.{name}" for name in STRIP_OS}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
EXIT_BLOCKED = 86
DISK_FULL = "disk full"  # chathep.sandbox.runner reads a refusal starting so as "disk usage"
AF_UNIX, AF_INET, AF_INET6 = 1, 2, 10
#: With ``network`` in the config (a remote dataset, CHATHEP_ALLOW_NETWORK): what a client
#: needs, outbound only (no bind, no sendto/sendmsg to other addresses, no sethostname).
NETWORK_EVENTS = frozenset(
    {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
     "socket.getnameinfo", "socket.getservbyname", "socket.getservbyport",
     "socket.gethostname"}
)  # fmt: skip


def _imported_modules(script: str) -> list[str]:
    """Dotted names the script imports (any depth), to pre-import the allowed ones."""
    with open(script, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def preimport(script: str, allowed: frozenset[str], extra: list[str]) -> None:
    wanted = [n for n in _imported_modules(script) if n.split(".")[0] in allowed]
    tops = {n.split(".")[0] for n in wanted}
    if "coffea" in tops:
        # coffea imports these lazily while it runs; numba compiles on first use.
        wanted += extra
    for name in wanted:
        # an attribute rather than a module, or an error the script itself will report
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def _refuser(event: str):
    """A stand-in that reports ``event`` through the audit hook, so the user sees why."""

    def refuse(*args, **kwargs):
        sys.audit(event, *args)
        raise PermissionError(f"chathep sandbox: {event} is not allowed")

    return refuse


def strip_dangerous() -> None:
    """Replace process-starting calls, including ones with no audit event of their own."""
    import posix

    for module in (os, posix):
        for name in STRIP_OS:
            if hasattr(module, name):
                setattr(module, name, _refuser(f"os.{name}"))
    real_open = os.open

    def guarded_open(path, flags, mode=0o777, *, dir_fd=None):
        # the audit event for os.open does not carry dir_fd: refuse relative writes through one
        if dir_fd is not None and flags & WRITE_FLAGS and not os.path.isabs(os.fspath(path)):
            sys.audit("os.open/dir_fd", path, dir_fd)
            raise PermissionError("chathep sandbox: writing relative to a dir_fd is not allowed")
        return real_open(path, flags, mode, dir_fd=dir_fd)

    os.open = posix.open = guarded_open
    forker = sys.modules.get("_posixsubprocess")
    if forker is not None:
        forker.fork_exec = _refuser("_posixsubprocess.fork_exec")


def run_dir_usage(run_dir: str, walk=os.walk, lstat=os.lstat, join=os.path.join) -> int:
    """Bytes allocated under ``run_dir`` (symlinks not followed). Used by the audit hook and by
    the runner's size checks; the os functions are bound when this module loads, before the
    analysis code could replace them."""
    total = 0
    for root, dirs, files in walk(run_dir):
        for name in dirs + files:
            try:  # noqa: SIM105 (no module lookup at call time: contextlib could be replaced)
                total += lstat(join(root, name)).st_blocks * 512
            except OSError:
                pass
    return total


def make_hook(cfg: dict):
    run_dir = os.path.realpath(cfg["run_dir"])
    write_roots = tuple(os.path.realpath(p) for p in [run_dir, *cfg["write_roots"]])
    read_ok = tuple(os.path.realpath(p) for p in cfg["read_roots"])
    read_deny = tuple(os.path.realpath(p) for p in cfg["deny_read"])
    denied_imports = frozenset(cfg["denied_imports"])
    event_fd = int(cfg["event_fd"])
    kill = bool(cfg["kill_on_block"])
    families = (AF_UNIX, AF_INET, AF_INET6) if cfg.get("network") else (AF_UNIX,)
    network_events = NETWORK_EVENTS if cfg.get("network") else frozenset()
    my_pid = str(os.getpid())
    realpath, isabs, join, getcwd, fspath = (
        os.path.realpath,
        os.path.isabs,
        os.path.join,
        os.getcwd,
        os.fspath,
    )
    write, exit_now = os.write, os._exit
    # a new file in a full run directory is refused when it is opened: the size check of the
    # runner polls, and a fast program filled the disk and printed its success in between
    max_disk = int(cfg.get("max_disk_bytes") or 0)
    usage = run_dir_usage

    def under(path: str, roots: tuple[str, ...]) -> bool:
        return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)

    def resolve(path) -> str | None:
        if isinstance(path, int):
            return None
        path = fspath(path)
        if isinstance(path, bytes):
            path = path.decode("utf-8", "surrogateescape")
        return realpath(path if isabs(path) else join(getcwd(), path))

    def block(msg: str) -> None:
        msg = msg[:300]
        try:
            write(event_fd, (json.dumps({"detail": msg}) + "\n").encode())
            write(2, f"\n[chathep sandbox] blocked {msg}\n".encode())
        except OSError:
            pass
        if kill:
            exit_now(EXIT_BLOCKED)
        raise PermissionError(f"chathep sandbox: {msg} is not allowed")

    def reads_denied(path: str) -> bool:
        if under(path, read_ok):
            return False
        if under(path, read_deny):
            return True
        parts = path.split("/")
        # other processes' /proc entries (environment, command line, memory)
        return len(parts) > 2 and parts[1] == "proc" and parts[2].isdigit() and parts[2] != my_pid

    def show(args: tuple) -> str:
        # never call the code's own __repr__ from inside the hook
        plain = (str, bytes, int, float, bool, type(None))
        items = [repr(a) if isinstance(a, plain) else type(a).__name__ for a in args]
        return ", ".join(items)[:200]

    def decide(event: str, args: tuple) -> str | None:
        """What to refuse, or None; no mutable state, so a traceback frame cannot disarm it."""
        if event == "socket.__new__":
            # asyncio (used by uproot/fsspec) makes an AF_UNIX socketpair for its loop;
            # such sockets are harmless as long as connect/bind/sendto stay refused.
            # with the network allowed, internet sockets too (outbound: see NETWORK_EVENTS)
            return None if args[1] in families else f"{event}: family={args[1]}"
        if event in network_events:
            return None
        if event in DENY_EVENTS or event.startswith("socket."):
            return f"{event}: {show(args)}"
        if event == "open":
            path = resolve(args[0])
            if path is None:
                return None
            mode, flags = args[1], args[2] or 0
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or bool(
                flags & WRITE_FLAGS
            )
            if writing and not under(path, write_roots):
                return f"open for writing: {path}"
            if writing and max_disk and under(path, (run_dir,)) and usage(run_dir) > max_disk:
                return f"{DISK_FULL}: the run directory holds more than {max_disk >> 20} MiB"
            if not writing and reads_denied(path):
                return f"open for reading: {path}"
        elif event in ("os.listdir", "os.scandir"):
            path = resolve(args[0] if args and args[0] is not None else ".")
            if path is not None and reads_denied(path):
                return f"{event}: {path}"
        elif event in PATH_EVENTS:
            fd_at = DIR_FD_ARG.get(event)
            extra = (fd_at + 1,) if event == "os.rename" else ()
            for at in (fd_at, *extra):
                if at is not None and len(args) > at and args[at] not in (None, -1):
                    return f"{event} relative to a directory descriptor"
            for index in PATH_EVENTS[event]:
                path = resolve(args[index]) if len(args) > index else None
                if path is not None and not under(path, write_roots):
                    return f"{event}: {path}"
        elif event == "import":
            name = str(args[0])
            if name in denied_imports or name.split(".")[0] in denied_imports:
                return f"import: {name}"
        elif event == "object.__setattr__" and args[1] in ("__code__", "__globals__"):
            return f"{event}: {args[1]}"
        return None

    def hook(event: str, args: tuple) -> None:
        try:
            refused = decide(event, args)
        except Exception as exc:  # fail closed: an event we cannot judge is refused
            refused = f"{event}: unjudgeable arguments ({type(exc).__name__})"
        if refused is not None:
            block(refused)

    return hook


#: At most this many bytes of fill entries are kept (values and weights, float64); beyond,
#: none is written (a binning follow-up then runs the analysis again).
MAX_FILL_BYTES = 64 << 20


def record_fills(path: str):
    """Keep what every result histogram (axes dataset, systematic, observable) is filled
    with, to write it as ``path`` (NumPy .npz: no pickle) when the script has finished.

    For a follow-up that changes only the binning: the host fills the new binning from these
    entries instead of running the analysis again, after checking that they give the run's
    own histograms in the old binning (``engine.refill_outcome``). Returns the writer, or
    None without hist/numpy.
    """
    try:
        import hist
        import numpy as np
    except ImportError:
        return None
    kept: dict[tuple[str, str, str], list] = {}
    size = [0]
    original = hist.Hist.fill

    def fill(self, *args, weight=None, **kwargs):
        out = original(self, *args, weight=weight, **kwargs)
        if size[0] <= MAX_FILL_BYTES:
            with contextlib.suppress(Exception):  # not a result histogram: not kept
                names = [axis.name for axis in self.axes]
                dataset, systematic = kwargs.get("dataset"), kwargs.get("systematic")
                if (not args and len(names) == 3 and names[:2] == ["dataset", "systematic"]
                        and isinstance(dataset, str) and isinstance(systematic, str)):  # fmt: skip
                    values = np.array(kwargs[names[2]], dtype=np.float64).ravel()
                    w = np.asarray(1.0 if weight is None else weight, dtype=np.float64)
                    w = np.broadcast_to(w, values.shape).copy()
                    kept.setdefault((names[2], dataset, systematic), []).append((values, w))
                    size[0] += values.nbytes + w.nbytes
        return out

    hist.Hist.fill = fill

    def write() -> None:
        if size[0] > MAX_FILL_BYTES or not kept:
            return
        arrays = {"keys": np.array(["\x1f".join(key) for key in kept])}
        for i, parts in enumerate(kept.values()):
            arrays[f"v{i}"] = np.concatenate([v for v, _ in parts])
            arrays[f"w{i}"] = np.concatenate([w for _, w in parts])
        np.savez(path, **arrays)

    return write


def enter(cfg: dict) -> None:
    """Pre-import what the script needs, arm the hook, run the script (the cold and warm paths)."""
    script = cfg["script"]
    # -I put this file's directory first on sys.path; user code must not import from it.
    sys.path[:] = [p for p in sys.path if p and os.path.realpath(p) != os.path.dirname(__file__)]
    if cfg["audit"]:
        preimport(script, frozenset(cfg["preimport"]), cfg["preimport_extra"])
        import socket  # noqa: F401  (loaded now so that lazy imports in libraries work;
        import subprocess  # noqa: F401  their connect/Popen calls are refused by the hook)

        strip_dangerous()
    write_fills = record_fills(cfg["fills"]) if cfg.get("fills") else None
    if cfg["audit"]:
        sys.addaudithook(make_hook(cfg))
    sys.argv = [script, *cfg["argv"]]
    import runpy

    runpy.run_path(script, run_name="__main__")
    if write_fills is not None:
        write_fills()


def main() -> None:
    enter(json.loads(sys.argv[1]))


if __name__ == "__main__":
    main()
