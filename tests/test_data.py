"""Demo-data fetch: verification, re-fetch of corrupted files, clear errors without network."""

from __future__ import annotations

import os
import shutil
import tarfile
from pathlib import Path

import pytest

from chathep.config import load_settings
from chathep.data import (
    DEMO_FILES,
    check_files,
    demo_file,
    fetch_demo_data,
    sha256sum,
    validate_root_file,
)
from chathep.errors import DataError


@pytest.fixture(scope="module")
def fake_sdist(tmp_path_factory: pytest.TempPathFactory, demo_data: Path) -> Path:
    """An sdist-shaped tarball made from the verified demo files (no network needed)."""
    root = tmp_path_factory.mktemp("sdist")
    tarball = root / "coffea-2026.9.0.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        for name in DEMO_FILES:
            tar.add(demo_data / name, arcname=f"coffea-2026.9.0/tests/samples/{name}")
        tar.add(demo_data / "nano_dy.root", arcname="coffea-2026.9.0/tests/other/nano_dy.root")
    return tarball


def test_recorded_checksums_match_the_real_files(demo_data: Path) -> None:
    for name, digest in DEMO_FILES.items():
        assert sha256sum(demo_data / name) == digest, name


def test_fetch_from_sdist_verifies_everything(tmp_path: Path, fake_sdist: Path) -> None:
    settings = load_settings(data_dir=tmp_path, coffea_sdist=fake_sdist)
    assert all(s.state == "missing" for s in check_files(settings))
    status = fetch_demo_data(settings)
    assert [s.name for s in status] == list(DEMO_FILES)
    assert all(s.ok for s in status)


def test_corrupted_file_is_detected_and_refetched_alone(tmp_path: Path, fake_sdist: Path) -> None:
    settings = load_settings(data_dir=tmp_path, coffea_sdist=fake_sdist)
    fetch_demo_data(settings)
    victim = tmp_path / "nano_dy.root"
    victim.write_bytes(victim.read_bytes()[:1000])  # truncated
    untouched = tmp_path / "nano_dimuon.root"
    os.utime(untouched, (1_000_000, 1_000_000))
    states = {s.name: s.state for s in check_files(settings)}
    assert states["nano_dy.root"] == "corrupt"
    assert states["nano_dimuon.root"] == "ok"

    fetch_demo_data(settings)
    assert sha256sum(victim) == DEMO_FILES["nano_dy.root"]
    assert untouched.stat().st_mtime == 1_000_000  # verified files are not rewritten


def test_nothing_is_fetched_when_all_files_are_verified(tmp_path: Path, fake_sdist: Path) -> None:
    settings = load_settings(data_dir=tmp_path, coffea_sdist=fake_sdist)
    fetch_demo_data(settings)
    # a sdist that does not exist proves no extraction is attempted
    settings = load_settings(data_dir=tmp_path, coffea_sdist=tmp_path / "gone.tar.gz")
    messages: list[str] = []
    assert all(s.ok for s in fetch_demo_data(settings, progress=messages.append))
    assert messages == ["All demo files present and verified."]


def test_sdist_with_other_content_is_rejected(tmp_path: Path, demo_data: Path) -> None:
    tarball = tmp_path / "coffea-2026.9.0.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(demo_data / "nano_dy.root", arcname="coffea-2026.9.0/tests/samples/nano_dy.root")
    settings = load_settings(data_dir=tmp_path / "d", coffea_sdist=tarball)
    with pytest.raises(DataError, match="does not contain") as info:
        fetch_demo_data(settings)
    assert info.value.hint


def test_tampered_sdist_fails_the_checksum(tmp_path: Path, demo_data: Path) -> None:
    tampered = tmp_path / "samples"
    tampered.mkdir()
    for name in DEMO_FILES:
        shutil.copy(demo_data / name, tampered / name)
    (tampered / "RoccoR2018.txt.gz").write_bytes(b"not the real file")
    tarball = tmp_path / "coffea-2026.9.0.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        for name in DEMO_FILES:
            tar.add(tampered / name, arcname=f"coffea-2026.9.0/tests/samples/{name}")
    settings = load_settings(data_dir=tmp_path / "d", coffea_sdist=tarball)
    with pytest.raises(DataError, match=r"RoccoR2018\.txt\.gz \(corrupt\)"):
        fetch_demo_data(settings)


def test_missing_network_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an index on a closed loopback port, and no other configured source
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "")
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    monkeypatch.setenv("PIP_NO_CACHE_DIR", "1")
    monkeypatch.setenv("PIP_RETRIES", "0")
    monkeypatch.setenv("PIP_TIMEOUT", "3")
    settings = load_settings(data_dir=tmp_path)
    with pytest.raises(DataError) as info:
        fetch_demo_data(settings)
    assert "Could not download the coffea" in info.value.message
    assert "CHATHEP_COFFEA_SDIST" in info.value.hint


def test_missing_sdist_path_is_named(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, coffea_sdist=tmp_path / "nope.tar.gz")
    with pytest.raises(DataError, match="nope.tar.gz"):
        fetch_demo_data(settings)


def test_demo_file_without_fetch_names_the_fix(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    with pytest.raises(DataError) as info:
        demo_file("nano_dy.root", settings, fetch=False)
    assert "chathep data fetch" in info.value.hint
    with pytest.raises(DataError, match="Unknown demo file"):
        demo_file("nano_higgs.root", settings)


def test_truncated_root_file_is_detected_on_loading(tmp_path: Path, demo_data: Path) -> None:
    assert validate_root_file(demo_data / "nano_dy.root") == 40
    broken = tmp_path / "nano_dy.root"
    broken.write_bytes((demo_data / "nano_dy.root").read_bytes()[:50_000])
    with pytest.raises(DataError, match="corrupted or truncated") as info:
        validate_root_file(broken)
    assert "chathep data fetch" in info.value.hint
    garbage = tmp_path / "garbage.root"
    garbage.write_bytes(b"\0" * 4096)
    with pytest.raises(DataError, match="garbage.root"):
        validate_root_file(garbage)
