"""Reading knowledge files (markdown with YAML front matter, text, PDF) and chunking them.

Chunks follow the document's own headings so a citation (``path#section``) points a physicist
at a place they can open; long sections are cut at paragraph (then line) boundaries.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from chathep.errors import ChatHEPError

#: Bump when chunking changes, so every file is re-indexed once.
CHUNKER_VERSION = "2"  # 2: tags in the embedded text
SUFFIXES = (".md", ".markdown", ".txt", ".pdf")
MAX_CHUNK_CHARS = 1400
#: ``chunking: whole`` in the front matter keeps a short document in one chunk (worked examples:
#: request, notes and spec belong together), up to this size.
MAX_WHOLE_CHARS = 4000

KB_DIR = Path(__file__).resolve().parent.parent.parent / "knowledge_base"
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


class DocumentError(ChatHEPError):
    """A knowledge file could not be read (bad front matter, unreadable PDF, ...)."""


@dataclass(frozen=True)
class Chunk:
    """One retrievable piece of a document, with what is needed to cite it."""

    source: str  # display path: relative to the repository for the shipped KB, else absolute
    section: str  # heading path inside the document, e.g. "Rochester corrections > In coffea"
    text: str
    index: int  # position within the document
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        return f"{self.source}#{self.section}" if self.section else self.source


@dataclass(frozen=True)
class Document:
    path: Path
    source: str
    title: str
    meta: dict[str, str]
    body: str
    content_hash: str


def display_path(path: Path) -> str:
    """``knowledge_base/...`` for the shipped KB (stable across machines), else absolute."""
    path = path.resolve()
    try:
        return str(path.relative_to(KB_DIR.parent))
    except ValueError:
        return str(path)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256(CHUNKER_VERSION.encode())
    digest.update(path.read_bytes())
    return digest.hexdigest()


def split_front_matter(text: str, path: Path) -> tuple[dict, str]:
    """YAML front matter between leading ``---`` lines, and the rest."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        raise DocumentError(
            f"{path}: front matter starts with '---' but never ends.",
            hint="Close the YAML front matter with a line containing only '---'.",
        )
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"{path}: invalid YAML front matter: {exc}", hint="Fix it.") from None
    if not isinstance(meta, dict):
        raise DocumentError(f"{path}: front matter must be a mapping.", hint="Use key: value.")
    rest = text[end + 4 :]
    return meta, rest.split("\n", 1)[1] if "\n" in rest else ""


def _flat(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _read_pdf(path: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        raise DocumentError(
            f"{path} is a PDF but pypdf is not installed.",
            hint="`pip install pypdf` to index PDF files, or convert it to text.",
        ) from None
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types for damaged files
        raise DocumentError(
            f"{path}: the PDF could not be read ({exc}).", hint="Check the file."
        ) from None
    return "\n\n".join(f"## Page {i}\n\n{text}" for i, text in enumerate(pages, 1) if text.strip())


def read_document(path: Path) -> Document:
    """Parse one file; metadata defaults: kind from the folder name, era 'any'."""
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        meta, body = {}, _read_pdf(path)
    else:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise DocumentError(f"{path} could not be read: {exc}", hint="Check it.") from None
        meta, body = split_front_matter(text, path)
    title = _flat(meta.get("title")) or _first_heading(body) or path.stem
    folder_kind = path.parent.name if path.resolve().is_relative_to(KB_DIR) else "user"
    flat = {
        "title": title,
        "kind": _flat(meta.get("kind")) or folder_kind,
        "era": _flat(meta.get("era")) or "any",
        "tags": _flat(meta.get("tags")),
        "source_refs": _flat(meta.get("source")),
        "chunking": _flat(meta.get("chunking")) or "headings",
    }
    return Document(path, display_path(path), title, flat, body, file_hash(path))


def _first_heading(body: str) -> str:
    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            return match.group(2)
    return ""


def _sections(body: str) -> list[tuple[str, str]]:
    """(heading path, text) pairs; headings inside fenced code blocks are ignored."""
    out: list[tuple[str, str]] = []
    stack: list[tuple[int, str]] = []
    lines: list[str] = []
    in_fence = False

    def flush() -> None:
        text = "\n".join(lines).strip()
        if text:
            out.append((" > ".join(h for _, h in stack), text))
        lines.clear()

    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            flush()
            level = len(match.group(1))
            stack[:] = [(lv, h) for lv, h in stack if lv < level]
            stack.append((level, match.group(2).strip()))
        else:
            lines.append(line)
    flush()
    return out


def _blocks(text: str) -> list[str]:
    """Paragraphs (fenced code kept whole), then lines for paragraphs that are still too long."""
    blocks: list[str] = []
    current: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        if not line.strip() and not in_fence:
            if current:
                blocks.append("\n".join(current))
                current = []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    out: list[str] = []
    for block in blocks:
        if len(block) <= MAX_CHUNK_CHARS:
            out.append(block)
            continue
        piece: list[str] = []
        for line in _split_long_lines(block.splitlines()):
            if piece and sum(len(x) + 1 for x in piece) + len(line) > MAX_CHUNK_CHARS:
                out.append("\n".join(piece))
                piece = []
            piece.append(line)
        if piece:
            out.append("\n".join(piece))
    return out


def _split_long_lines(lines: list[str]) -> list[str]:
    """Cut lines longer than a chunk at spaces (long comma-separated lists of names)."""
    out: list[str] = []
    for line in lines:
        while len(line) > MAX_CHUNK_CHARS:
            cut = line.rfind(" ", 0, MAX_CHUNK_CHARS)
            cut = cut if cut > 0 else MAX_CHUNK_CHARS
            out.append(line[:cut])
            line = line[cut:].lstrip()
        out.append(line)
    return out


def _pack(text: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for block in _blocks(text):
        if current and len(current) + len(block) + 2 > MAX_CHUNK_CHARS:
            pieces.append(current)
            current = block
        else:
            current = f"{current}\n\n{block}" if current else block
    if current:
        pieces.append(current)
    return pieces


def chunk_document(doc: Document) -> list[Chunk]:
    """Split by heading, then pack paragraphs up to MAX_CHUNK_CHARS; each chunk is cited."""
    chunks: list[Chunk] = []
    sections = _sections(doc.body) or [("", doc.title)]
    if doc.meta.get("chunking") == "whole" and len(doc.body) <= MAX_WHOLE_CHARS:
        top = _first_heading(doc.body) or doc.title
        meta = {**doc.meta, "source": doc.source, "section": top, "hash": doc.content_hash}
        return [Chunk(doc.source, top, doc.body.strip(), 0, meta)]
    for section, text in sections:
        for piece in _pack(text):
            meta = {**doc.meta, "source": doc.source, "section": section, "hash": doc.content_hash}
            chunks.append(Chunk(doc.source, section, piece, len(chunks), meta))
    return chunks


def iter_files(paths: list[Path]) -> list[Path]:
    """Every indexable file under ``paths`` (files or folders), sorted, hidden ones skipped."""
    found: set[Path] = set()
    for root in paths:
        root = Path(root).expanduser()
        if root.is_file():
            if root.suffix.lower() in SUFFIXES:
                found.add(root.resolve())
            continue
        if not root.is_dir():
            raise DocumentError(f"{root} does not exist.", hint="Give a file or a folder.")
        for path in root.rglob("*"):
            rel = path.relative_to(root).parts
            if any(part.startswith(".") for part in rel):
                continue
            if path.is_file() and path.suffix.lower() in SUFFIXES:
                found.add(path.resolve())
    return sorted(found)
