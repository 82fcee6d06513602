"""A document to read: its text, numbered paragraphs and date, from plain text, Markdown,
HTML or PDF.

Paragraphs are counted the way the curated data's locators count them: ``P<n>`` is the
n-th line that holds something other than ASCII white space (a line holding only a
no-break space counts, as it does in the seed documents).

>>> doc = Document.from_text("note.txt", "First line.\\n\\n  \\nSecond line.\\n")
>>> [(p.locator, p.text) for p in doc.paragraphs]
[('P1', 'First line.'), ('P2', 'Second line.')]
>>> doc.paragraph_at(17).locator
'P2'
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nrgraph.errors import UnreadableDocument
from nrgraph.fuzzydate import FuzzyDate, Precision

__all__ = ["Document", "Paragraph", "read_document"]

_ASCII_SPACE = " \t\r\f\v"


@dataclass(frozen=True)
class Paragraph:
    """The n-th counted line of a document, with its character span in the text."""

    number: int
    start: int
    end: int
    text: str

    @property
    def locator(self) -> str:
        """The citation locator, ``P<n>``."""
        return f"P{self.number}"


@dataclass(frozen=True)
class Document:
    """A document's text, its paragraphs, and the date its relative dates are resolved against."""

    name: str
    text: str
    date: FuzzyDate | None = None
    paragraphs: tuple[Paragraph, ...] = field(default=(), compare=False)

    @classmethod
    def from_text(cls, name: str, text: str, date: FuzzyDate | None = None) -> Document:
        """A document of ``text``, split into its counted paragraphs."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        paragraphs: list[Paragraph] = []
        offset = 0
        for line in text.split("\n"):
            if line.strip(_ASCII_SPACE):
                lead = len(line) - len(line.lstrip(_ASCII_SPACE))
                body = line.strip(_ASCII_SPACE)
                paragraphs.append(Paragraph(len(paragraphs) + 1, offset + lead, offset + lead + len(body), body))
            offset += len(line) + 1
        return cls(name, text, date, tuple(paragraphs))

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph holding character ``offset`` (the last one before it, between lines)."""
        found = self.paragraphs[0]
        for paragraph in self.paragraphs:
            if paragraph.start > offset:
                break
            found = paragraph
        return found

    @property
    def pages(self) -> float:
        """The document's length in pages of 3,000 characters (for time per page)."""
        return max(len(self.text) / 3000, 1 / 3000)


def read_document(path: Path, *, date: FuzzyDate | None = None, max_bytes: int = 20_000_000) -> Document:
    """Read ``path`` by its suffix (``.txt``, ``.md``, ``.html``, ``.htm``, ``.pdf``; others as text).

    ``date`` overrides the date found in the document's metadata. Raises
    :class:`UnreadableDocument`, naming the file, for a missing, empty, binary or too large
    file, or one without text; nothing is written in any case.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableDocument(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableDocument(
            f"{path}: {size:,} bytes is more than the limit of {max_bytes:,} (NRGRAPH_INGEST_MAX_BYTES); "
            "split the document or raise the limit"
        )
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableDocument(f"{path}: the file is empty; give a document with text")
    reader = _READERS.get(path.suffix.lower(), _plain)
    text, found = reader(path, data)
    if not text.strip():
        raise UnreadableDocument(f"{path}: no text could be extracted (a scanned PDF needs OCR first)")
    return Document.from_text(path.name, text, date or found)


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(f"{path}: a binary file, not text; give plain text, Markdown, HTML or PDF")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableDocument(
            f"{path}: not UTF-8 text (byte {error.start}); give plain text, Markdown, HTML or PDF"
        ) from None


def _plain(path: Path, data: bytes) -> tuple[str, FuzzyDate | None]:
    return _decode(path, data), None


_MD_MARKUP = re.compile(r"^(#{1,6}\s+|>\s?|[*+-]\s+(?=\S))|(\*\*|__|`)", re.MULTILINE)


def _markdown(path: Path, data: bytes) -> tuple[str, FuzzyDate | None]:
    """Markdown without its heading, quote and emphasis marks; a front-matter ``date:`` is the date."""
    text = _decode(path, data)
    found = None
    front = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    if front:
        text = text[front.end():]
        dated = re.search(r"^date:\s*['\"]?(\d{4}(?:-\d{2}(?:-\d{2})?)?)", front[1], re.MULTILINE)
        found = FuzzyDate.parse(dated[1]) if dated else None
    return _MD_MARKUP.sub("", text), found


def _html(path: Path, data: bytes) -> tuple[str, FuzzyDate | None]:
    import trafilatura

    html = _decode(path, data)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=False) or ""
    metadata = trafilatura.extract_metadata(html)
    found = None
    if metadata is not None and metadata.date:
        try:
            found = FuzzyDate.parse(str(metadata.date)[:10])
        except ValueError:
            found = None
    return text, found


def _pdf(path: Path, data: bytes) -> tuple[str, FuzzyDate | None]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        created = reader.metadata.creation_date if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise UnreadableDocument(f"{path}: not a readable PDF ({error})") from None
    found = FuzzyDate(created.date(), Precision.DAY) if isinstance(created, dt.datetime) else None
    return "\n".join(pages), found


_READERS: dict[str, Callable[[Path, bytes], tuple[str, FuzzyDate | None]]] = {
    ".md": _markdown,
    ".markdown": _markdown,
    ".html": _html,
    ".htm": _html,
    ".pdf": _pdf,
}
