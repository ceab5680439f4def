"""Which isolation layers this machine offers, probed once at run time.

Containers often forbid the namespaces bubblewrap needs, so nothing is assumed: each
tool is tried on a no-op command and the sandbox falls back to what works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache

from chathep.sandbox.policy import Policy


def _works(cmd: list[str]) -> bool:
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


@lru_cache(maxsize=1)
def bwrap_path() -> str | None:
    """bubblewrap, if it can create network and PID namespaces here."""
    exe = shutil.which("bwrap")
    if exe is None:
        return None
    probe = [exe, "--unshare-net", "--unshare-pid", "--ro-bind", "/", "/", "--dev", "/dev"]
    return exe if _works([*probe, "--proc", "/proc", "true"]) else None


@lru_cache(maxsize=1)
def unshare_cmd() -> tuple[str, ...] | None:
    """``unshare`` arguments that give a private network namespace, if permitted."""
    exe = shutil.which("unshare")
    if exe is None:
        return None
    candidates = [(exe, "--net")] if os.geteuid() == 0 else []
    candidates.append((exe, "--map-root-user", "--net"))
    for cmd in candidates:
        if _works([*cmd, "true"]):
            return cmd
    return None


@lru_cache(maxsize=1)
def setpriv_path() -> str | None:
    return shutil.which("setpriv")


def choose_namespaces(policy: Policy) -> str:
    """The namespace tool a run will use: "bwrap", "unshare" or "none"."""
    want = policy.namespaces
    if want in ("auto", "bwrap") and bwrap_path():
        return "bwrap"
    if want in ("auto", "unshare") and unshare_cmd():
        return "unshare"
    return "none"


def drops_privileges(policy: Policy, namespaces: str) -> bool:
    return (
        policy.drop_privileges
        and namespaces == "bwrap"
        and os.geteuid() == 0
        and setpriv_path() is not None
    )


def active_layers(policy: Policy | None = None) -> dict[str, bool | str]:
    """Layers a run with ``policy`` gets on this machine (for ``chathep doctor``)."""
    policy = policy or Policy()
    ns = choose_namespaces(policy)
    root = os.geteuid() == 0
    drop = drops_privileges(policy, ns)
    return {
        "static_check": policy.static_check,
        "audit_hook": policy.audit_hook,
        "rlimits": policy.rlimits,
        # root ignores RLIMIT_NPROC; it holds only for a non-root (or dropped) user
        "rlimit_nproc": policy.rlimits and (not root or drop),
        "namespaces": ns,
        "network_isolated": ns != "none",
        "pid_namespace": ns == "bwrap",
        "read_only_filesystem": ns == "bwrap",
        "runs_as": "nobody" if drop else ("root" if root else "invoking user"),
        "bwrap_available": bwrap_path() is not None,
        "unshare_available": unshare_cmd() is not None,
    }
