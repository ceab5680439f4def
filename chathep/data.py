"""Real CMS demo data: NanoAOD extracts and 2018 correction files from coffea's sdist.

The files ship in coffea's *source distribution* on PyPI (``tests/samples/``), the one
registry every user and CI can reach. We fetch that sdist with pip, extract only the
files below, check each against the sha256 recorded here, and never fetch twice.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from chathep.config import Settings, get_settings
from chathep.errors import DataError

#: file name -> sha256 of the copy in coffea 2026.9.0's sdist (``tests/samples/``).
DEMO_FILES: dict[str, str] = {
    # NanoAOD extracts
    "nano_dimuon.root": "eac7c0a973e054e890766ec4c61ca784d3d49e4f82ec0c8b9dfbe55c233297a9",
    "nano_dy.root": "159b17b34b4d13ea4960d36fb9b01f2a505cc1a5a8de0fb3cfa185154543c81c",
    "nano_tt_v12.root": "bc9afdac1e5e1bf820f79e4f8d4942c893ed2accfcb2e49bb63b69727b59af3b",
    # 2018 corrections
    "RoccoR2018.txt.gz": "aa55e150aaf6da4842b80d75a03898d71e9a9be54b01497f02d5cd83ff55b7b2",
    "Autumn18_V7_MC_SF_AK4PFchs.jersf.txt.gz": (
        "3cb52220d8ad98312e6da8fb3972f6bdf4f2f9e6a0460665ba3b0090fe2fa380"
    ),
    "Autumn18_V8_MC_UncertaintySources_AK4PFchs.junc.txt": (
        "908d0c805cedd9253c823164da0c2583c56be7debb73bc6c72544c3eae0d2745"
    ),
    "DeepJet_102XSF_WP_V1.btag.csv.gz": (
        "ef0945978e58dafc3320f164975ebb17cf0c44253535c94f8dd72138f2aa7450"
    ),
    # coffea's reference Rochester scale factors (made with the official C++ code)
    "nano_dimuon_rochester.npy": "d4769b8c6d332e0263400b3b67145aa2d3a17f432fe7605b70a035348b7746b9",
    "nano_dimuon_rochester_err.npy": (
        "30161888ed0ce76c84387ec401a79acd09beadf3090516461c613325440fe937"
    ),
    "nano_dy_rochester.npy": "d6fe25506f10c617c699739a08a7907ca999310fc0dc903ade1df86964e237f6",
    "nano_dy_rochester_err.npy": "03a08b1c291a7e7370dea6a4d4c00f26e0404f7449bb5ec22ce7185021508390",
    "nano_dy_rochester_rand.npy": (
        "3aa836024af902686520f8c8ee8c20636d69dbe9a0862e10fb7bb441a31594c4"
    ),
}

SDIST_MEMBER_DIR = "tests/samples"


@dataclass(frozen=True)
class FileStatus:
    name: str
    path: Path
    state: str  # "ok", "missing", "corrupt"

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def sha256sum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_dir(settings: Settings | None = None) -> Path:
    return (settings or get_settings()).data_dir.expanduser()


def check_files(
    settings: Settings | None = None, names: Iterable[str] | None = None
) -> list[FileStatus]:
    """Compare each demo file on disk with its recorded checksum."""
    root = data_dir(settings)
    out = []
    for name in names or DEMO_FILES:
        path = root / name
        if not path.is_file():
            state = "missing"
        elif sha256sum(path) != DEMO_FILES[name]:
            state = "corrupt"
        else:
            state = "ok"
        out.append(FileStatus(name, path, state))
    return out


def download_sdist(version: str, dest: Path) -> Path:
    """Fetch coffea's sdist with pip (the user's own index configuration applies)."""
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--no-binary",
        ":all:",
        "--disable-pip-version-check",
        f"coffea=={version}",
        "-d",
        str(dest),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    tarballs = sorted(dest.glob(f"coffea-{version}.tar.gz"))
    if proc.returncode != 0 or not tarballs:
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
        raise DataError(
            f"Could not download the coffea {version} source distribution from the package "
            f"index (pip exit code {proc.returncode}): {tail}",
            hint="Check the network connection to PyPI, or download the sdist elsewhere and "
            "set CHATHEP_COFFEA_SDIST=/path/to/coffea-X.tar.gz.",
        )
    return tarballs[0]


def _extract(sdist: Path, wanted: set[str], dest: Path) -> set[str]:
    found: set[str] = set()
    try:
        with tarfile.open(sdist, "r:*") as tar:
            for member in tar:
                parts = Path(member.name).parts
                if len(parts) < 2 or "/".join(parts[1:-1]) != SDIST_MEMBER_DIR:
                    continue
                name = parts[-1]
                if name not in wanted or not member.isfile():
                    continue
                src = tar.extractfile(member)
                if src is None:
                    continue
                tmp = dest / f".{name}.part"
                with open(tmp, "wb") as out:
                    shutil.copyfileobj(src, out)
                os.replace(tmp, dest / name)
                found.add(name)
    except (tarfile.TarError, OSError) as exc:
        raise DataError(
            f"The coffea sdist {sdist} could not be read: {exc}",
            hint="Delete it and run `chathep data fetch` again.",
        ) from None
    return found


def fetch_demo_data(
    settings: Settings | None = None,
    *,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> list[FileStatus]:
    """Make every demo file present and verified; return their status.

    Files already present with the right checksum are kept (no download at all when
    everything is there). Missing or corrupted files are (re-)extracted from the sdist.
    """
    settings = settings or get_settings()
    root = data_dir(settings)
    root.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)

    todo = {s.name for s in check_files(settings) if force or not s.ok}
    if not todo:
        say("All demo files present and verified.")
        _convert_corrections(root, say)
        return check_files(settings)

    with tempfile.TemporaryDirectory(prefix="chathep-sdist-") as tmp:
        if settings.coffea_sdist is not None:
            sdist = Path(settings.coffea_sdist).expanduser()
            if not sdist.is_file():
                raise DataError(
                    f"CHATHEP_COFFEA_SDIST points to {sdist}, which does not exist.",
                    hint="Point it at a coffea-*.tar.gz or unset it to download from PyPI.",
                )
        else:
            say(f"Downloading the coffea {settings.coffea_version} sdist with pip ...")
            sdist = download_sdist(settings.coffea_version, Path(tmp))
        say(f"Extracting {len(todo)} file(s) from {sdist.name} ...")
        found = _extract(sdist, todo, root)

    missing = todo - found
    if missing:
        raise DataError(
            f"The coffea sdist does not contain {', '.join(sorted(missing))}.",
            hint=f"Use coffea {settings.coffea_version} (CHATHEP_COFFEA_VERSION).",
        )
    status = check_files(settings)
    bad = [s for s in status if not s.ok]
    if bad:
        names = ", ".join(f"{s.name} ({s.state})" for s in bad)
        raise DataError(
            f"Checksum mismatch after extraction: {names}.",
            hint="The sdist differs from the one the checksums were recorded from; "
            f"use coffea {settings.coffea_version}.",
        )
    _convert_corrections(root, say)
    say(f"Demo data ready in {root}.")
    return status


def _convert_corrections(root: Path, say: Callable[[str], None]) -> None:
    """The 2018 text correction files as one correctionlib JSON (made once, kept up to date)."""
    from chathep.correction_convert import OUT_NAME, ensure_converted

    if not (root / OUT_NAME).is_file():
        say(f"Converting the 2018 correction text files to correctionlib ({OUT_NAME}) ...")
    ensure_converted(root)


def demo_file(name: str, settings: Settings | None = None, *, fetch: bool = True) -> Path:
    """Path of one verified demo file, fetching the demo data first if needed."""
    if name not in DEMO_FILES:
        raise DataError(f"Unknown demo file {name!r}.", hint=f"Known: {', '.join(DEMO_FILES)}")
    (status,) = check_files(settings, [name])
    if not status.ok:
        if not fetch:
            raise DataError(
                f"Demo file {name} is {status.state} in {status.path.parent}.",
                hint="Run `chathep data fetch`.",
            )
        fetch_demo_data(settings)
    return data_dir(settings) / name


def validate_root_file(path: Path, treename: str = "Events") -> int:
    """Open a NanoAOD file and read one branch fully; return its number of events.

    Truncated or corrupted files fail here with a clear message instead of deep inside
    a coffea run.
    """
    import uproot

    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path} does not exist.", hint="Run `chathep data fetch`.")
    try:
        with uproot.open(path) as handle:
            tree = handle[treename]
            entries = int(tree.num_entries)
            first = next(iter(tree.keys()), None)
            if first is not None:
                tree[first].array(library="np")
    except Exception as exc:  # uproot raises many types for damaged files
        raise DataError(
            f"{path.name} is not a readable ROOT file with a {treename!r} tree "
            f"(corrupted or truncated?): {type(exc).__name__}: {exc}",
            hint="Delete it and run `chathep data fetch` to restore the verified copy.",
        ) from None
    return entries
