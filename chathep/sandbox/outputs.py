"""Host-side reading of what a run produced: JSON and NumPy arrays only, never pickle.

The run directory is written by untrusted code, so every file is checked for size, kind
and structure before the engine touches its content.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from chathep.errors import SandboxError

PICKLE_MAGIC = (b"\x80", b"(", b"c")  # protocol 2+ opcode, protocol 0/1 MARK / GLOBAL


def _read_limited(path: Path, max_bytes: int) -> bytes:
    path = Path(path)
    if path.is_symlink() or not path.is_file():
        raise SandboxError(f"{path.name} is not a regular file", hint="Write plain files only.")
    size = path.stat().st_size
    if size > max_bytes:
        raise SandboxError(
            f"{path.name} is {size} bytes, more than the {max_bytes} allowed",
            hint="Write histograms, not event-level arrays, to the result file.",
        )
    with open(path, "rb") as handle:
        return handle.read(max_bytes + 1)


def load_json_output(path: Path, max_bytes: int = 64 * 1024 * 1024) -> dict[str, Any]:
    """Parse a result file written in the sandbox; it must be a JSON object within ``max_bytes``."""
    raw = _read_limited(path, max_bytes)
    if raw[:1] in PICKLE_MAGIC and not raw.lstrip().startswith(b"{"):
        raise SandboxError(
            f"{Path(path).name} looks like a pickle, which ChatHEP never loads",
            hint="The analysis must write its results with json.dump.",
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SandboxError(
            f"{Path(path).name} is not valid JSON: {str(exc)[:200]}",
            hint="The analysis must write its results with json.dump.",
        ) from None
    if not isinstance(data, dict):
        raise SandboxError(
            f"{Path(path).name} holds a JSON {type(data).__name__}, expected an object",
            hint="Write a dict of results (histograms, cutflow, metadata).",
        )
    return data


def load_npy_output(path: Path, max_bytes: int = 256 * 1024 * 1024) -> np.ndarray:
    """Load a ``.npy`` array written in the sandbox, refusing object (pickled) arrays."""
    _read_limited(path, max_bytes)  # size and kind checks
    try:
        return np.load(path, allow_pickle=False)
    except ValueError as exc:
        raise SandboxError(
            f"{Path(path).name} is not a plain NumPy array: {exc}",
            hint="Save numeric arrays with numpy.save; object arrays are refused.",
        ) from None
