"""What the sandbox allows: one frozen object, so a run's rules are explicit and testable.

Each layer can be switched off on its own; the adversarial suite does that to prove every
runtime layer holds without the static check in front of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

#: Top-level packages generated analysis code may import (the compiled coffea analysis and
#: the usual helpers a physicist adds by hand). ``os``, ``sys``, ``platform``, ``numba``,
#: ``importlib`` and ``types`` are allowed only with the attributes in RESTRICTED_MODULES.
ALLOWED_IMPORTS: frozenset[str] = frozenset(
    {
        # scientific stack
        "coffea", "awkward", "numpy", "hist", "vector", "correctionlib", "uproot",
        "boost_histogram", "scipy", "mplhep", "matplotlib", "numba", "pandas", "uhi",
        # the compiled analysis imports it for --executor dask (never used in the sandbox;
        # a client would need sockets, which the runtime layers refuse)
        "distributed",
        # standard library, harmless for analysis code
        "__future__", "abc", "argparse", "bisect", "cmath", "collections", "contextlib",
        "copy", "dataclasses", "datetime", "decimal", "enum", "fractions", "functools",
        "hashlib", "heapq", "itertools", "json", "logging", "math", "numbers", "operator",
        "pathlib", "pprint", "random", "re", "statistics", "string", "textwrap", "time",
        "typing", "warnings", "os", "sys", "platform", "importlib", "types",
        # the compiled analysis's --executor threads: coffea's futures executor over threads
        "concurrent",
    }
)  # fmt: skip

#: module -> attributes code may use from it (``os.path`` yes, ``os.system`` no).
RESTRICTED_MODULES: dict[str, frozenset[str]] = {
    "os": frozenset(
        {"path", "sep", "linesep", "getcwd", "makedirs", "cpu_count", "fspath", "PathLike"}
    ),
    "sys": frozenset(
        {
            "argv",
            "exit",
            "stdout",
            "stderr",
            "version",
            "version_info",
            "platform",
            "float_info",
            "maxsize",
            "byteorder",
            "getsizeof",
        }
    ),  # fmt: skip
    "platform": frozenset(
        {"python_version", "python_implementation", "system", "machine", "release", "platform"}
    ),
    "numba": frozenset({"njit", "jit", "vectorize", "guvectorize", "prange", "typed", "types"}),
    "importlib": frozenset({"metadata"}),
    "importlib.metadata": frozenset({"version", "PackageNotFoundError"}),
    "types": frozenset({"SimpleNamespace", "MappingProxyType"}),
    # threads only: a process pool would need fork and pickle, which the runtime layers refuse
    "concurrent": frozenset({"futures"}),
    "concurrent.futures": frozenset({"ThreadPoolExecutor"}),
    "operator": frozenset(
        {
            "add",
            "sub",
            "mul",
            "truediv",
            "floordiv",
            "mod",
            "pow",
            "neg",
            "and_",
            "or_",
            "xor",
            "invert",
            "eq",
            "ne",
            "lt",
            "le",
            "gt",
            "ge",
            "itemgetter",
            "not_",
            "abs",
        }
    ),  # fmt: skip
}

#: Submodules refused even inside an allowed package (they load native code or pickles).
DENIED_SUBMODULES: frozenset[str] = frozenset(
    {"numpy.ctypeslib", "numba.core", "numba.extending", "numba.cffi_support", "coffea.util"}
)

#: Modules with no use in analysis code but a use in an escape: the audit hook refuses to
#: import them fresh. (socket and subprocess are imported before the hook instead, so that
#: libraries importing them lazily still work; their calls are refused one by one.)
RUNTIME_DENIED_IMPORTS: frozenset[str] = frozenset(
    {"_posixsubprocess", "ctypes", "_ctypes", "multiprocessing", "_multiprocessing", "pty",
     "pickle", "_pickle", "cloudpickle", "shelve", "dill", "urllib.request", "ftplib",
     "smtplib", "telnetlib", "webbrowser", "pdb", "code", "codeop", "_xxsubinterpreters",
     "cffi", "llvmlite"}
)  # fmt: skip

#: Packages the bootstrap imports before the audit hook when the script imports them:
#: numba/llvmlite load shared libraries through ctypes, which the hook would refuse later.
PREIMPORTABLE: frozenset[str] = frozenset(
    {"coffea", "awkward", "numpy", "hist", "vector", "correctionlib", "uproot",
     "boost_histogram", "scipy", "mplhep", "matplotlib", "numba", "pandas"}
)  # fmt: skip

Namespaces = Literal["auto", "bwrap", "unshare", "none"]


@dataclass(frozen=True)
class Policy:
    """Switches and limits for one sandboxed run (resource limits come from Settings)."""

    static_check: bool = True
    audit_hook: bool = True
    rlimits: bool = True
    #: auto: bubblewrap if it works here, else ``unshare --net``, else none.
    namespaces: Namespaces = "auto"
    #: When started as root with bubblewrap, run the code as ``nobody`` (so RLIMIT_NPROC and
    #: file permissions apply; root is exempt from both).
    drop_privileges: bool = True
    #: Terminate the run at the first refused action instead of raising inside the code.
    kill_on_block: bool = True
    max_processes: int = 128
    max_open_files: int = 1024
    #: Output beyond this many bytes on stdout+stderr is an output flood: the run is killed.
    flood_bytes: int = 64 * 1024 * 1024
    #: The run directory may hold at most this much (many files each under the file-size
    #: limit would otherwise fill the disk); None: four times the file-size limit.
    max_run_dir_mb: int | None = None
    extra_imports: frozenset[str] = field(default_factory=frozenset)
    #: Outbound network for this run (remote datasets with CHATHEP_ALLOW_NETWORK): bubblewrap
    #: shares the host's network namespace (no ``unshare --net``) and the audit hook lets
    #: internet sockets be created, connected and names be resolved; binding, ``sendto`` /
    #: ``sendmsg`` to other addresses and every other layer stay as without it. Runs cold
    #: (the warm zygote's jail has no network).
    network: bool = False
    #: Where run directories are created (default: the system temp dir).
    run_root: Path | None = None

    def allowed_imports(self) -> frozenset[str]:
        return ALLOWED_IMPORTS | self.extra_imports
