"""Knowledge-base files: front matter, chunking by heading, and the content promised."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import uproot

from chathep.knowledge.documents import (
    KB_DIR,
    MAX_CHUNK_CHARS,
    DocumentError,
    chunk_document,
    iter_files,
    read_document,
)

RECIPES = [
    "mc_normalisation",
    "genweight",
    "rochester",
    "jer_jec",
    "btag_sf",
    "theory_scale",
    "theory_pdf",
    "parton_shower",
    "luminosity",
]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_chunks_follow_headings_and_ignore_headings_in_code(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "doc.md",
        "---\ntitle: T\nkind: howto\nera: '2018'\n---\n# Top\n\nintro\n\n## First\n\none\n\n"
        "```python\n# not a heading\nx = 1\n```\n\n### Deeper\n\ntwo\n\n## Second\n\nthree\n",
    )
    chunks = chunk_document(read_document(path))
    sections = [c.section for c in chunks]
    assert sections == ["Top", "Top > First", "Top > First > Deeper", "Top > Second"]
    assert "# not a heading" in chunks[1].text
    assert chunks[0].metadata["kind"] == "howto"
    assert chunks[0].metadata["era"] == "2018"
    assert chunks[3].citation == f"{path.resolve()}#Top > Second"


def test_long_sections_are_split_below_the_limit(tmp_path: Path) -> None:
    lines = "\n".join(f"- item {i} " + "x" * 60 for i in range(200))
    path = _write(tmp_path / "long.md", f"# Long\n\n{lines}\n")
    chunks = chunk_document(read_document(path))
    assert len(chunks) > 5
    assert all(len(c.text) <= MAX_CHUNK_CHARS for c in chunks)
    assert "".join(c.text for c in chunks).count("- item") == 200


def test_a_very_long_line_is_cut_at_spaces(tmp_path: Path) -> None:
    names = ", ".join(f"`HLT_Path{i}`" for i in range(1000))
    path = _write(tmp_path / "hlt.md", f"# HLT\n\n{names}.\n")
    chunks = chunk_document(read_document(path))
    assert len(chunks) > 5 and all(len(c.text) <= MAX_CHUNK_CHARS for c in chunks)
    joined = " ".join(c.text for c in chunks)
    assert all(f"`HLT_Path{i}`" in joined for i in (0, 499, 999))


def test_whole_document_chunking(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "ex.md",
        "---\nkind: example\nchunking: whole\n---\n# Ex\n\n## Request\n\nplot\n\n## Spec\n\n{}\n",
    )
    (chunk,) = chunk_document(read_document(path))
    assert "## Request" in chunk.text and "## Spec" in chunk.text and chunk.section == "Ex"


def test_bad_front_matter_is_a_typed_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.md", "---\ntitle: [unclosed\n---\n# x\n")
    with pytest.raises(DocumentError, match="invalid YAML front matter"):
        read_document(path)
    path = _write(tmp_path / "open.md", "---\ntitle: x\n# never closed\n")
    with pytest.raises(DocumentError, match="never ends"):
        read_document(path)


def test_pdf_without_pypdf_gives_a_clear_message(tmp_path: Path) -> None:
    try:
        import pypdf  # noqa: F401
    except ImportError:
        path = tmp_path / "paper.pdf"
        path.write_bytes(b"%PDF-1.4\n%%EOF\n")
        with pytest.raises(DocumentError, match="pypdf is not installed"):
            read_document(path)
    else:
        pytest.skip("pypdf is installed; the missing-pypdf message cannot be exercised")


def test_every_kb_file_has_front_matter() -> None:
    files = iter_files([KB_DIR])
    assert len(files) >= 60
    for path in files:
        doc = read_document(path)
        raw = path.read_text()
        assert raw.startswith("---\n"), path
        for key in ("title:", "kind:", "era:", "tags:", "source:"):
            assert re.search(rf"^{key}", raw.split("\n---", 1)[0], re.M), f"{path}: {key}"
        assert doc.meta["source_refs"], path


def test_the_nine_recipes_exist_with_their_sections() -> None:
    for name in RECIPES:
        path = KB_DIR / "recipes" / f"{name}.md"
        assert path.is_file(), path
        doc = read_document(path)
        assert doc.meta["kind"] == "recipe"
        sections = {c.section.split(" > ")[-1] for c in chunk_document(doc)}
        assert "Caveats" in sections, path
        assert "In coffea" in sections or "In a real analysis" in sections, path


def test_recipes_name_their_input_files() -> None:
    from chathep.data import DEMO_FILES

    wanted = {
        "rochester": "RoccoR2018.txt.gz",
        "jer_jec": "Autumn18_V7_MC_SF_AK4PFchs.jersf.txt.gz",
        "btag_sf": "DeepJet_102XSF_WP_V1.btag.csv.gz",
    }
    for recipe, filename in wanted.items():
        assert filename in DEMO_FILES
        assert filename in (KB_DIR / "recipes" / f"{recipe}.md").read_text()
    jer = (KB_DIR / "recipes" / "jer_jec.md").read_text()
    assert "Autumn18_V8_MC_UncertaintySources_AK4PFchs.junc.txt" in jer
    assert "PtResolution" in jer  # the caveat about the missing resolution file


def test_nanoaod_reference_covers_every_branch_of_the_demo_files(demo_data: Path) -> None:
    """Independent check with uproot: each Events branch is documented on some page."""
    text = "\n".join(p.read_text() for p in (KB_DIR / "nanoaod").glob("*.md"))
    documented = set(re.findall(r"`([A-Za-z0-9_]+)`", text))
    for name in ("nano_dimuon.root", "nano_dy.root", "nano_tt_v12.root"):
        with uproot.open(demo_data / name) as handle:
            branches = set(handle["Events"].keys())
        # the v12 extract's per-branch counters (nMuon_pt, ...) are an artifact, noted per page
        branches = {b for b in branches if not re.match(r"^n[A-Z]\w*_\w+$", b)}
        missing = branches - documented
        assert not missing, f"{name}: undocumented branches {sorted(missing)[:10]}"


def test_btag_working_points_agree_with_the_spec() -> None:
    from chathep.registry.eras import BTAG_WORKING_POINTS

    page = (KB_DIR / "objects" / "btagging.md").read_text()
    for era, wps in BTAG_WORKING_POINTS.items():
        cuts = " / ".join(f"{wps[w]:.4f}" for w in ("loose", "medium", "tight"))
        assert cuts in page, f"{era}: {cuts} not on the b-tagging page"


def test_a_dataset_page_per_catalog_sample() -> None:
    """Pages cover the shipped catalog (datasets.yaml); generated samples are user data."""
    from chathep.catalog import load_catalog

    for sample in load_catalog():
        path = KB_DIR / "datasets" / f"{sample.name}.md"
        assert path.is_file(), path
        text = path.read_text()
        assert sample.era in text
        if sample.kind == "mc":
            assert str(sample.xsec_pb) in text
        else:
            assert str(sample.lumi_pb) in text


def test_worked_examples_validate_against_the_spec() -> None:
    from chathep.knowledge.examples import load_examples
    from chathep.spec import AnalysisSpec

    examples = load_examples()
    assert len(examples) >= 30
    requests = {e.request for e in examples}
    assert len(requests) == len(examples)  # varied, no duplicates
    for example in examples:
        spec = AnalysisSpec.model_validate(example.spec)
        assert spec.histograms, example.path
