"""Shared fixtures: the real CMS demo files, fetched once per machine (verified by checksum)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
# pytest-xdist workers as many as the cores (CI: 2 on 2): each worker's OpenMP (torch's
# embedding, MKL) runs one thread, as the sandbox's runs do; two threads in each of two busy
# workers oversubscribe the cores and spin (the embedding measured 15 s with 2, 9 s with 1)
if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) >= (os.cpu_count() or 1):
    os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def demo_data() -> Path:
    """Directory holding the verified demo files (fetched from coffea's sdist if needed)."""
    from chathep.data import data_dir, fetch_demo_data

    fetch_demo_data()
    return data_dir()


@pytest.fixture(scope="session")
def catalog():
    from chathep.catalog import default_catalog

    return default_catalog()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (it holds the team's shared benchmark files)")
    return SHARED


@pytest.fixture(scope="session")
def kb_settings(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    """The whole shipped knowledge base indexed once per test session into a temporary
    directory; embeddings of unchanged text come from pytest's cache (.pytest_cache), so only
    the first worker of the first run on a machine pays the full embedding."""
    from chathep.config import load_settings
    from chathep.knowledge.index import build_index

    root = tmp_path_factory.mktemp("kb")
    settings = load_settings(index_dir=root / "index", output_dir=root / "out")
    store = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    cache = (store.mkdir("chathep-embeddings") if store else root) / "vectors.sqlite"
    # the pytest-xdist workers share the cache: one embeds the knowledge base while the other
    # waits, then reads every vector from the cache instead of embedding it all again
    with open(str(cache) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        report = build_index(settings=settings, embedding_cache=cache)
    assert not report.failed, report.failed
    return settings
