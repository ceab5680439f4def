"""Run untrusted analysis code in a separate, limited process and report what happened.

Layers, outermost first: bubblewrap namespaces (no network, own PID space, read-only
host filesystem, homes hidden, run as ``nobody`` when started as root) or ``unshare
--net``; with ``Policy.network`` (remote datasets) the same but with the host's network,
outbound only as far as the audit hook is concerned; rlimits (CPU, address space, file
size, processes, open files); a scrubbed environment and a fresh run directory; the audit
hook installed by ``bootstrap.py``.

With bubblewrap, runs are forked from a zygote started once in the same jail (``warm.py``,
``zygote.py``), which applies the per-run layers in each child; otherwise, or when it is
unavailable or busy, each run starts cold as described above.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import resource
import selectors
import shutil
import signal
import site
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import chathep.sandbox.warm as warm
from chathep.config import Settings, get_settings
from chathep.errors import SandboxError, failure_message
from chathep.sandbox.bootstrap import DISK_FULL, run_dir_usage
from chathep.sandbox.layers import (
    bwrap_path,
    choose_namespaces,
    drops_privileges,
    setpriv_path,
    unshare_cmd,
)
from chathep.sandbox.policy import PREIMPORTABLE, RUNTIME_DENIED_IMPORTS, Policy
from chathep.sandbox.static import check_code

BOOTSTRAP = Path(__file__).with_name("bootstrap.py")
DISK_CHECK_S = 0.25
#: coffea imports these lazily while processing; importing them before the hook keeps
#: their native libraries (numba, llvmlite) loadable.
COFFEA_PREIMPORTS = (
    "coffea.nanoevents",
    "coffea.nanoevents.methods.nanoaod",
    "coffea.nanoevents.methods.vector",
    "coffea.nanoevents.methods.candidate",
    "coffea.processor",
    "coffea.analysis_tools",
    "numba",
    # numba loads its typing registries at the first JIT compilation (coffea lookup tables such
    # as the b-tag scale factors); one of them imports cffi, which the hook refuses fresh
    "numba.core.typing.cffi_utils",
)
#: Paths hidden from the code (tmpfs over them in bubblewrap, refused by the audit hook).
SECRET_PATHS = ("/root", "/home", "/etc/shadow", "/etc/gshadow", "/etc/ssh", "/etc/sudoers")


def registered_files(settings: Settings) -> list[Path]:
    """The local files of the user catalog (``chathep datasets add``), wherever they live.

    Each file is made visible on its own (read-only), not its directory: a registered file in
    the user's home does not expose its neighbours. Remote URLs are left out (file:// kept).
    """
    from chathep.catalog import load_user_catalog

    try:
        catalog = load_user_catalog(settings)
    except Exception:  # a broken user catalog is reported where it is used, not here
        return []
    found = [Path(p).resolve() for s in catalog for p in s.paths(settings)]
    return list(dict.fromkeys(p for p in found if p.is_file()))


def registered_correction_files(settings: Settings) -> list[Path]:
    """The correctionlib files registered per era (``chathep corrections add``), each made
    visible on its own, read-only, like the registered dataset files."""
    from chathep.corrections_user import registered_paths

    return [p.resolve() for p in registered_paths(settings)]


def _link_targets(root: Path, depth: int = 2) -> list[Path]:
    """Where symlinks in the data directory point (their real directories).

    Users link large samples in (``data_dir/sim13 -> /scratch/...``); the sandbox shows only
    the data directory, so a link's target must be made visible too, read-only.
    """
    found: list[Path] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return found
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            target = path.resolve()
            if target.exists():
                found.append(target if target.is_dir() else target.parent)
        elif depth > 1 and entry.is_dir(follow_symlinks=False):
            found += _link_targets(path, depth - 1)
    return list(dict.fromkeys(found))


@dataclass
class SandboxRun:
    """Outcome of one sandboxed run; ``killed_reason`` is None when the code ended by itself."""

    returncode: int
    stdout: str
    stderr: str
    run_dir: Path
    outputs: dict[str, Path]
    killed_reason: str | None
    duration_s: float
    layers: list[str]
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    blocked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and self.killed_reason is None

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.stderr.splitlines()[-lines:])

    def raise_for_status(self) -> None:
        """Turn a failed run into a SandboxError carrying the reason and the end of the log."""
        if self.ok:
            return
        if self.killed_reason:
            what = f"The analysis was stopped ({self.killed_reason})"
        else:
            what = f"The analysis failed with exit code {self.returncode}"
        raise SandboxError(
            failure_message(what, self.stderr, 30),
            hint=_HINTS.get((self.killed_reason or "").split(":")[0], _HINTS["failed"]),
        )


_HINTS = {
    "timeout": "Raise CHATHEP_SANDBOX_TIMEOUT or process fewer events (maxchunks).",
    "cpu": "Raise CHATHEP_SANDBOX_CPU_SECONDS or process fewer events.",
    "memory": "Raise CHATHEP_SANDBOX_MEMORY_MB or use a smaller chunksize.",
    "file size": "The code wrote a file larger than CHATHEP_SANDBOX_MAX_FILE_MB.",
    "output flood": "The code printed far too much; remove the prints in the event loop.",
    "disk usage": "The code wrote more than the run directory may hold; write histograms, "
    "not events.",
    "process limit": "Analysis code must not start processes; use the iterative executor.",
    "blocked": "Analysis code may only read its inputs and write inside its run directory; "
    "no network, no processes, no native libraries.",
    "failed": "Read the log above; the run directory keeps the files it wrote.",
}


class _Capture:
    """Keeps the head and the tail of a stream within a byte budget."""

    def __init__(self, limit: int) -> None:
        self.half = max(limit // 2, 1)
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def feed(self, data: bytes) -> None:
        self.total += len(data)
        room = self.half - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if data:
            self.tail += data
            if len(self.tail) > 2 * self.half:
                del self.tail[: len(self.tail) - self.half]

    @property
    def truncated(self) -> bool:
        return self.total > len(self.head) + min(len(self.tail), self.half)

    def text(self) -> str:
        tail = bytes(self.tail[-self.half :])
        if self.truncated:
            skipped = self.total - len(self.head) - len(tail)
            middle = f"\n[... {skipped} bytes cut by the sandbox ...]\n".encode()
            data = bytes(self.head) + middle + tail
        else:
            data = bytes(self.head) + tail
        return data.decode("utf-8", "replace")


def _nobody() -> tuple[int, int]:
    try:
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except KeyError:
        return 65534, 65534


def _user_process_count(uid: int) -> int:
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                count += entry.stat().st_uid == uid
    return count


def _limits(settings: Settings, policy: Policy, nproc: int) -> list[tuple[int, int]]:
    mb = 1024 * 1024
    cpu = settings.sandbox_cpu_seconds
    return [
        (resource.RLIMIT_CPU, cpu),
        (resource.RLIMIT_AS, settings.sandbox_memory_mb * mb),
        (resource.RLIMIT_FSIZE, settings.sandbox_max_file_mb * mb),
        (resource.RLIMIT_NPROC, nproc),
        (resource.RLIMIT_NOFILE, policy.max_open_files),
        (resource.RLIMIT_CORE, 0),
    ]


def _under(path: Path, roots: Sequence[str]) -> bool:
    return any(path == Path(r) or Path(r) in path.parents for r in roots)


def _bwrap_command(
    run_dir: Path, visible: Sequence[Path], drop: bool, network: bool = False
) -> list[str]:
    cmd = [
        str(bwrap_path()),
        *([] if network else ["--unshare-net"]), "--unshare-pid", "--unshare-ipc",
        "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session",
        "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
        "--tmpfs", "/tmp", "--tmpfs", "/run", "--tmpfs", "/var/tmp",
    ]  # fmt: skip
    resolv = Path("/etc/resolv.conf").resolve()
    if network and _under(resolv, ["/run"]) and resolv.is_file():
        cmd += ["--ro-bind", str(resolv), str(resolv)]  # systemd-resolved: a link into /run
    hidden = ["/root", "/home", str(Path.home())]
    for path in dict.fromkeys(hidden):
        if Path(path).is_dir():
            cmd += ["--perms", "0755", "--tmpfs", path]
    for path in ("/etc/shadow", "/etc/gshadow"):
        if Path(path).exists():
            cmd += ["--ro-bind", "/dev/null", path]
    made: set[Path] = set()
    for path in [*visible, run_dir]:
        for parent in reversed(path.parents):
            if parent not in made and (_under(parent, hidden + ["/tmp"]) and parent != path):
                cmd += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        if path == run_dir:
            cmd += ["--bind", str(path), str(path)]
        elif _under(path, hidden + ["/tmp"]) and path.exists():
            cmd += ["--ro-bind", str(path), str(path)]
    # the tmpfs mounts would hold whatever is written there in RAM, outside every limit
    for path in ["/tmp", "/run", "/var/tmp", *dict.fromkeys(hidden)]:
        if path in ("/tmp", "/run", "/var/tmp") or Path(path).is_dir():
            cmd += ["--remount-ro", path]
    cmd += ["--chdir", str(run_dir)]
    if drop:
        uid, gid = _nobody()
        cmd += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--", str(setpriv_path())]
        cmd += [f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--inh-caps=-all"]
        cmd += ["--bounding-set=-all", "--no-new-privs"]
    else:
        cmd += ["--"]
    return cmd


def _prepare_run_dir(script: Path, policy: Policy, drop: bool) -> tuple[Path, Path]:
    root = policy.run_root
    if root is not None:
        root.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="chathep-run-", dir=root)).resolve()
    for sub in ("home", ".cache/matplotlib", ".cache/numba", "tmp"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    target = run_dir / script.name
    shutil.copyfile(script, target)
    target.chmod(0o444)
    if drop:
        uid, gid = _nobody()
        for path in [run_dir, *run_dir.rglob("*")]:
            if path != target:
                os.chown(path, uid, gid)
    return run_dir, target


def _environment(run_dir: Path) -> dict[str, str]:
    cache = run_dir / ".cache"
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        "HOME": str(run_dir / "home"),
        "TMPDIR": str(run_dir / "tmp"),
        "XDG_CACHE_HOME": str(cache),
        "MPLCONFIGDIR": str(cache / "matplotlib"),
        "MPLBACKEND": "Agg",
        "NUMBA_CACHE_DIR": str(cache / "numba"),
        "NUMBA_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "HF_HUB_OFFLINE": "1",
    }


def _reason(rc: int, stderr: str, blocked: list[str]) -> str | None:
    if blocked and blocked[0].startswith(DISK_FULL):
        return "disk usage"  # the audit hook refused a new file in a full run directory
    if blocked:
        return f"blocked: {blocked[0]}"
    if rc == -signal.SIGXCPU:
        return "cpu"
    if rc == -signal.SIGXFSZ or "File too large" in stderr:
        return "file size"
    if rc != 0 and any(s in stderr for s in ("MemoryError", "bad_alloc", "Cannot allocate")):
        return "memory"
    if rc != 0 and any(s in stderr for s in ("Resource temporarily unavailable", "new thread")):
        return "process limit"
    return None


def _max_disk(settings: Settings, policy: Policy) -> int:
    """Bytes the run directory may hold."""
    return (policy.max_run_dir_mb or 4 * settings.sandbox_max_file_mb) * 1024 * 1024


def _disk_usage(run_dir: Path) -> int:
    """Bytes allocated under ``run_dir`` (symlinks not followed)."""
    return run_dir_usage(str(run_dir))


def _collect_outputs(run_dir: Path, names: Sequence[str]) -> dict[str, Path]:
    """Declared output files that are regular files really inside ``run_dir``."""
    found: dict[str, Path] = {}
    for name in names:
        path = run_dir / name
        try:
            info = path.lstat()
        except OSError:
            continue
        real = path.resolve()
        if path.is_symlink() or run_dir not in real.parents or info.st_nlink != 1:
            continue
        if path.is_file():
            found[name] = real
    return found


def _bwrap_layer(network: bool) -> str:
    net = "outbound network (allowed for this run)" if network else "no network"
    return f"bwrap: {net}, own PID space, read-only filesystem, homes hidden"


def _command(
    cfg: dict, run_dir: Path, visible: Sequence[Path], namespaces: str, drop: bool
) -> tuple[list[str], list[str]]:
    """The command line for the bootstrap, wrapped in the namespace tool, and its layers."""
    cmd = [sys.executable, "-I", "-B", str(BOOTSTRAP), json.dumps(cfg)]
    network = bool(cfg.get("network"))
    if namespaces == "bwrap":
        layers = [_bwrap_layer(network)]
        if drop:
            layers.append("runs as nobody")
        return _bwrap_command(run_dir, visible, drop, network) + cmd, layers
    if namespaces == "unshare" and network:  # unshare gives nothing but the network namespace
        return cmd, ["unshare: not used (network allowed for this run)"]
    if namespaces == "unshare":
        return [*(unshare_cmd() or ()), "--", *cmd], ["unshare: no network"]
    return cmd, []


def _supervise(
    proc: subprocess.Popen | warm.WarmProcess,
    events_fd: int,
    run_dir: Path,
    settings: Settings,
    policy: Policy,
    start: float,
    on_line: Callable[[str], None] | None = None,
) -> tuple[dict[str, _Capture], bytes, str | None]:
    """Pump the child's output while watching the clock, the output volume and the disk.

    ``on_line`` gets each complete line of stdout as it arrives (for a progress display).
    Returns the captured streams, the audit events and why the run was stopped (or None).
    """
    pending = bytearray()

    def lines(data: bytes) -> None:
        if on_line is None:
            return
        pending.extend(data)
        *complete, rest = bytes(pending).split(b"\n")
        pending[:] = rest[-4096:]  # a line without an end is not kept whole
        for line in complete:
            on_line(line[:4096].decode("utf-8", "replace"))

    captures = {
        "stdout": _Capture(settings.sandbox_max_output_kb * 1024),
        "stderr": _Capture(settings.sandbox_max_output_kb * 1024),
    }
    events = bytearray()
    deadline = start + settings.sandbox_timeout
    max_disk = _max_disk(settings, policy)
    next_disk_check = start + DISK_CHECK_S
    with selectors.DefaultSelector() as sel:
        assert proc.stdout is not None and proc.stderr is not None
        sel.register(proc.stdout, selectors.EVENT_READ, "stdout")
        sel.register(proc.stderr, selectors.EVENT_READ, "stderr")
        sel.register(events_fd, selectors.EVENT_READ, "events")
        while sel.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return captures, bytes(events), "timeout"
            for key, _ in sel.select(timeout=min(remaining, 0.5)):
                data = os.read(key.fd, 1 << 16)
                if not data:
                    sel.unregister(key.fileobj)
                elif key.data == "events":
                    events += data
                else:
                    captures[key.data].feed(data)
                    if key.data == "stdout":
                        lines(data)
            if sum(c.total for c in captures.values()) > policy.flood_bytes:
                return captures, bytes(events), "output flood"
            if time.monotonic() >= next_disk_check:
                next_disk_check = time.monotonic() + DISK_CHECK_S
                if _disk_usage(run_dir) > max_disk:
                    return captures, bytes(events), "disk usage"
            if proc.poll() is not None and not sel.select(timeout=0.05):
                break  # exited and nothing left in the pipes (a straggler may hold them)
    if _disk_usage(run_dir) > max_disk:
        # a run that filled the disk between two checks and exited: the limit holds whatever
        # the timing (was: "disk_fill" passed as a success when the checks came too late,
        # seen under load in the adversarial suite)
        return captures, bytes(events), "disk usage"
    return captures, bytes(events), None


def run_script(
    script: Path,
    *,
    args: Sequence[str] = (),
    read_only: Sequence[Path] = (),
    settings: Settings | None = None,
    outputs: Sequence[str] = ("results.json",),
    policy: Policy | None = None,
    on_line: Callable[[str], None] | None = None,
    trees: Sequence[tuple[Path | str, str]] = (),
    fills: str | None = None,
) -> SandboxRun:
    """Run ``script`` with ``args`` in a fresh run directory under every available layer.

    ``on_line``: called on this side with each line the code prints on stdout, as it comes.
    ``trees``: the local ROOT files (path, tree name) the script will read; a warm run finds
    their metadata parsed by the zygote (once per file version), a cold run ignores them.
    ``fills``: a file name; the run writes there (NumPy .npz) the entries its result
    histograms were filled with (``bootstrap.record_fills``); list it in ``outputs``.

    Raises SandboxError when the static check refuses the code (nothing is run); a run
    that is stopped at run time is returned with ``killed_reason`` set.
    """
    settings = settings or get_settings()
    policy = policy or Policy()
    script = Path(script)
    try:
        source = script.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SandboxError(f"Cannot read the analysis script {script}: {exc}") from None
    if policy.static_check:
        findings = check_code(source, policy)
        if findings:
            listing = "\n".join(f"  {f}" for f in findings[:20])
            raise SandboxError(
                f"The analysis code in {script.name} was refused before running:\n{listing}",
                hint=_HINTS["blocked"],
            )

    namespaces = choose_namespaces(policy)
    drop = drops_privileges(policy, namespaces)
    visible = _visible(settings, read_only)

    limits: list[tuple[int, int]] = []
    if policy.rlimits:
        nproc = policy.max_processes
        if os.geteuid() != 0:  # the limit counts all of the user's processes
            nproc += _user_process_count(os.geteuid())
        limits = _limits(settings, policy, nproc)

    # the zygote's jail has no network: a run with the network starts cold in its own jail
    zygote = None if policy.network else _warm_zygote(settings, namespaces, drop, visible)
    if zygote is not None and zygote.lock.acquire(blocking=False):
        try:
            if zygote.wait_ready():
                return _run_warm(
                    zygote, script, args, outputs, settings, policy, visible, drop, limits,
                    on_line, trees, fills,
                )  # fmt: skip
        finally:
            zygote.lock.release()
    return _run_cold(
        script, args, outputs, settings, policy, visible, namespaces, drop, limits, on_line,
        fills,
    )  # fmt: skip


def _config(
    target: Path,
    args: Sequence[str],
    run_dir: Path,
    visible: Sequence[Path],
    policy: Policy,
    max_disk_bytes: int,
    fills: str | None = None,
) -> dict:
    """What bootstrap.py needs to know about one run (JSON: it crosses into the sandbox)."""
    denied = RUNTIME_DENIED_IMPORTS
    if policy.network:  # HTTP clients (aiohttp for fsspec's https) import it for proxies
        denied = denied - {"urllib.request"}
    return {
        "script": str(target),
        "argv": [str(a) for a in args],
        "run_dir": str(run_dir),
        "write_roots": ["/dev/null"],
        "read_roots": [str(p) for p in visible] + [str(run_dir)],
        "deny_read": [*SECRET_PATHS, str(Path.home())],
        "denied_imports": sorted(denied),
        "network": policy.network,
        "event_fd": -1,
        "kill_on_block": policy.kill_on_block,
        "audit": policy.audit_hook,
        "preimport": sorted(PREIMPORTABLE),
        "preimport_extra": list(COFFEA_PREIMPORTS),
        "fills": str(run_dir / Path(fills).name) if fills else None,
        "max_disk_bytes": max_disk_bytes,
    }


def _layers(policy: Policy, drop: bool, limits: list[tuple[int, int]]) -> list[str]:
    layers = []
    if limits:
        layers.append("rlimits" + ("" if (drop or os.geteuid() != 0) else " (NPROC void as root)"))
    if policy.audit_hook:
        layers.append("audit hook")
    if policy.static_check:
        layers.append("static check")
    return layers


def _visible(settings: Settings, read_only: Sequence[Path] = ()) -> list[Path]:
    """What a run may read: the data (and where its links point), registered files (datasets
    and correctionlib files), Python."""
    data_dir = settings.data_dir.expanduser().resolve()
    visible = [data_dir, *_link_targets(data_dir), *registered_files(settings)]
    visible += registered_correction_files(settings)
    visible += [Path(p).expanduser().resolve() for p in read_only]
    visible += [Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), BOOTSTRAP.parent]
    visible += [Path(p).resolve() for p in site.getsitepackages() if Path(p).exists()]
    return list(dict.fromkeys(visible))


def _warm_zygote(
    settings: Settings, namespaces: str, drop: bool, visible: Sequence[Path]
) -> warm.Zygote | None:
    """The zygote for this jail (started if needed), when the warm sandbox applies."""
    if not settings.sandbox_warm or namespaces != "bwrap":
        return None
    # the jail without the run directory's bind: identical for every run with these mounts
    key = (*_bwrap_command(Path("/nonexistent/chathep-runs"), visible, drop), str(drop))
    return warm.get_zygote(
        key,
        jail_for=lambda runs_root: _bwrap_command(runs_root, visible, drop),
        env_for=_environment,
        owner=_nobody() if drop else None,
    )


def prestart(settings: Settings | None = None, policy: Policy | None = None) -> bool:
    """Start the warm sandbox's zygote now, in the background (it imports while the caller
    plans). True if a zygote is starting or ready; never raises."""
    settings = settings or get_settings()
    policy = policy or Policy()
    try:
        namespaces = choose_namespaces(policy)
        drop = drops_privileges(policy, namespaces)
        return _warm_zygote(settings, namespaces, drop, _visible(settings)) is not None
    except Exception:  # the cold path still works; this was only a head start
        return False


def _run_warm(
    zygote: warm.Zygote,
    script: Path,
    args: Sequence[str],
    outputs: Sequence[str],
    settings: Settings,
    policy: Policy,
    visible: Sequence[Path],
    drop: bool,
    limits: list[tuple[int, int]],
    on_line: Callable[[str], None] | None = None,
    trees: Sequence[tuple[Path | str, str]] = (),
    fills: str | None = None,
) -> SandboxRun:
    """Fork the run from the zygote; every per-run layer is applied in the child."""
    run_dir, target = _prepare_run_dir(script, replace(policy, run_root=zygote.runs_root), drop)
    cfg = _config(target, args, run_dir, visible, policy, _max_disk(settings, policy), fills)
    # other runs' directories (and the zygote's own) are not this run's to read
    cfg["deny_read"].append(str(zygote.runs_root))
    cfg["limits"] = [list(x) for x in limits]
    cfg["env"] = _environment(run_dir)
    cfg["trees"] = _readable_trees(trees, cfg["read_roots"])
    layers = ["bwrap: no network, own PID space, read-only filesystem, homes hidden"]
    if drop:
        layers.append("runs as nobody")
    layers.append("warm: forked from a zygote in the same jail")
    layers += _layers(policy, drop, limits)
    start = time.monotonic()
    try:
        proc = zygote.start_run(cfg)
    except OSError as exc:
        raise SandboxError(f"Could not start the sandbox: {exc}") from None
    events_fd = zygote.events_fd
    try:
        captures, events, killed = _supervise(
            proc, events_fd, run_dir, settings, policy, start, on_line
        )
    finally:
        proc.kill()
        os.close(events_fd)
    rc = warm.wait_exit(proc)
    for stream in (proc.stdout, proc.stderr):
        stream.close()
    if drop:  # closed to the next run (which runs as nobody); the host reads it as root
        with contextlib.suppress(OSError):
            os.chown(run_dir, 0, 0)
            run_dir.chmod(0o700)
    return _finish(run_dir, outputs, rc, captures, events, killed, start, layers)


#: Trees whose metadata the zygote keeps parsed (``zygote.MAX_TREES``).
MAX_PREPARED_TREES = 8


def _readable_trees(
    trees: Sequence[tuple[Path | str, str]], read_roots: Sequence[str]
) -> list[list[str]]:
    """The ``trees`` (resolved paths) that the run may read anyway: the zygote reads their
    metadata for it (``zygote.prepare_trees``), at most as many as the zygote keeps."""
    ready = []
    for path, treename in trees:
        resolved = Path(path).expanduser().resolve()
        if resolved.is_file() and _under(resolved, read_roots):
            ready.append([str(resolved), str(treename)])
    return ready[:MAX_PREPARED_TREES]


def _run_cold(
    script: Path,
    args: Sequence[str],
    outputs: Sequence[str],
    settings: Settings,
    policy: Policy,
    visible: Sequence[Path],
    namespaces: str,
    drop: bool,
    limits: list[tuple[int, int]],
    on_line: Callable[[str], None] | None = None,
    fills: str | None = None,
) -> SandboxRun:
    """A fresh interpreter in a fresh jail for this run alone."""
    run_dir, target = _prepare_run_dir(script, policy, drop)
    read_fd, write_fd = os.pipe()
    cfg = _config(target, args, run_dir, visible, policy, _max_disk(settings, policy), fills)
    cfg["event_fd"] = write_fd
    cmd, layers = _command(cfg, run_dir, visible, namespaces, drop)
    layers += _layers(policy, drop, limits)

    def preexec() -> None:  # runs in the child between fork and exec
        for which, value in limits:
            hard = value + 1 if which == resource.RLIMIT_CPU else value
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(which, (value, hard))

    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=run_dir,
            env=_environment(run_dir),
            pass_fds=(write_fd,),
            start_new_session=True,
            preexec_fn=preexec,
        )
    except OSError as exc:
        os.close(read_fd)
        os.close(write_fd)
        raise SandboxError(f"Could not start the sandbox: {exc}") from None
    os.close(write_fd)
    try:
        captures, events, killed = _supervise(
            proc, read_fd, run_dir, settings, policy, start, on_line
        )
    finally:
        _kill_group(proc)
        os.close(read_fd)
    try:
        rc = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        rc = -signal.SIGKILL
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    if namespaces == "bwrap" and rc > 128:
        rc = -(rc - 128)  # bubblewrap reports a child killed by signal N as 128 + N
    return _finish(run_dir, outputs, rc, captures, events, killed, start, layers)


def _finish(
    run_dir: Path,
    outputs: Sequence[str],
    rc: int,
    captures: dict[str, _Capture],
    events: bytes,
    killed: str | None,
    start: float,
    layers: list[str],
) -> SandboxRun:
    blocked = []
    for line in events.decode("utf-8", "replace").splitlines():
        try:
            blocked.append(str(json.loads(line)["detail"]))
        except (ValueError, KeyError, TypeError):
            continue
    stderr = captures["stderr"].text()
    return SandboxRun(
        returncode=rc,
        stdout=captures["stdout"].text(),
        stderr=stderr,
        run_dir=run_dir,
        outputs=_collect_outputs(run_dir, outputs),
        killed_reason=killed or _reason(rc, stderr, blocked),
        duration_s=time.monotonic() - start,
        layers=layers,
        stdout_truncated=captures["stdout"].truncated,
        stderr_truncated=captures["stderr"].truncated,
        blocked=blocked,
    )


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the whole process group (bubblewrap takes its PID namespace down with it)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
