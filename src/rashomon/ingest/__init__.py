"""Ingest: from a path on disk to a Document whose cleaned text all offsets refer to.

The offset map of a Document points into the text layer of the file: the decoded text of a .txt/.md
file, the main text trafilatura extracts from HTML (paragraphs separated by a blank line), or the text
pypdf extracts from a PDF (pages separated by form feeds).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..clean import clean_text
from ..errors import IngestError
from ..model import Document
from ..settings import Settings
from .discover import SUPPORTED, Scan, assign_ids, discover, file_format, find_sources, regular_file, scan
from .formats import extract, read_bytes
from .metadata import clean_title, find_published, find_title
from .sources import SOURCES_NAME, SourceRow, check_published, read_sources, read_sources_checked, source_for

__all__ = [
    "SOURCES_NAME",
    "SUPPORTED",
    "Scan",
    "SourceRow",
    "assign_ids",
    "check_published",
    "discover",
    "find_sources",
    "load_document",
    "read_sources",
    "read_sources_checked",
    "regular_file",
    "scan",
    "source_for",
]


def load_document(path: Path, *, doc_id: str, source: SourceRow | None, settings: Settings) -> Document:
    """Read, extract, clean and describe one file; IngestError when it cannot be used."""
    path = Path(path)
    fmt = file_format(path)
    if fmt is None:
        raise IngestError(str(path), f"unsupported file type {path.suffix or '(none)'!r}")
    data = read_bytes(path, settings.max_file_bytes)
    extracted = extract(data, path, fmt)
    if len(extracted.text) > settings.max_text_chars:
        raise IngestError(
            str(path),
            f"oversized text: {len(extracted.text)} characters is more than max_text_chars "
            f"({settings.max_text_chars})",
        )
    cleaned = clean_text(extracted.text)
    if not cleaned.text.strip():
        raise IngestError(str(path), "empty: no text after cleaning")
    notes = list(extracted.warnings)

    title = (source.title if source else None) or clean_title(extracted.title) or find_title(cleaned.text)
    published: str | None = None
    basis: str = "unknown"
    how: str | None = None
    if source is not None and source.published:
        published, basis, how = source.published, "metadata", "sources.csv"
    elif extracted.published and check_published(extracted.published):
        published, basis, how = extracted.published, "metadata", "html-meta"
    else:
        found = find_published(extracted.text)
        if found is not None:
            published, basis, how = found.value, "text", found.source
            if found.source == "header":
                notes.append("publication date taken from a page header (no byline or dateline)")
    return Document(
        id=doc_id,
        path=str(path),
        text=cleaned.text,
        sha256=hashlib.sha256(data).hexdigest(),
        title=title,
        outlet=source.outlet if source else None,
        side=source.side if source else None,
        published=published,
        published_basis="metadata" if basis == "metadata" else "text" if basis == "text" else "unknown",
        published_source=how,
        format=fmt,
        warnings=tuple(notes),
        offset_map=cleaned.offset_map,
    )
