"""Bytes to text: encoding detection for plain text, trafilatura for HTML, pypdf for PDF."""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
import stat
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import IngestError

# A .txt whose decoded text has more control characters than this share is binary, not text.
_MAX_CONTROL_SHARE = 0.05
# Single-byte Latin code pages charset-normalizer confuses with each other on short English texts;
# for these we decode as cp1252 (a superset of latin-1's printable range), which is what such files
# almost always are.
_LATIN_GUESSES = ("cp125", "iso8859", "latin", "mac_", "cp850", "cp437", "ascii", "windows-125")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Extracted:
    """The text layer of one file, with what the format itself says about the document."""

    text: str
    title: str | None = None
    published: str | None = None  # from HTML metadata, ISO
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _open(path: Path) -> int:
    # O_NONBLOCK: opening a named pipe must not wait for a writer
    return os.open(path, os.O_RDONLY | os.O_NONBLOCK)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or IngestError when it is unreadable, empty, too large or not a regular file.

    The file is opened without blocking and checked to be a regular file before anything is read,
    so a pipe or a device (``/dev/zero``) behind a document's name can neither hang nor flood a run.
    """
    try:
        fd = _open(path)
    except PermissionError as exc:
        raise IngestError(str(path), "unreadable: permission denied") from exc
    except IsADirectoryError as exc:
        raise IngestError(str(path), "unreadable: is a folder") from exc
    except OSError as exc:
        raise IngestError(str(path), f"unreadable: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(str(path), "not a regular file (a pipe, socket or device); skipped")
        if info.st_size > max_bytes:
            raise IngestError(
                str(path), f"oversized: {info.st_size} bytes is more than max_file_bytes ({max_bytes})"
            )
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except IsADirectoryError as exc:
        raise IngestError(str(path), "unreadable: is a folder") from exc
    except OSError as exc:
        raise IngestError(str(path), f"unreadable: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if not data:
        raise IngestError(str(path), "empty file (0 bytes)")
    if len(data) > max_bytes:  # the file grew after stat
        raise IngestError(str(path), f"oversized: more than max_file_bytes ({max_bytes})")
    return data


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decoded text and the encoding used; IngestError for binary content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(str(path), f"not valid {encoding} text after its byte-order mark") from exc
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise IngestError(str(path), "binary content (NUL bytes), not text")
        return text, "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = (best.encoding if best is not None else "").lower()
    if not guess or guess.startswith(_LATIN_GUESSES):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    return str(best), guess


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: NUL bytes on one side of nearly every pair."""
    even, odd = data[0::2], data[1::2]
    for encoding, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
        if zeros and zeros.count(0) / len(zeros) > 0.6:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def check_text(text: str, path: Path) -> None:
    """Raise IngestError when decoded 'text' is really binary (control characters, NULs)."""
    if "\x00" in text:
        raise IngestError(str(path), "binary content (NUL bytes), not text")
    sample = text[:100_000]
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f\v")
    if sample and controls / len(sample) > _MAX_CONTROL_SHARE:
        raise IngestError(str(path), "binary content (control characters), not text")


def extract_text(data: bytes, path: Path) -> Extracted:
    """Plain text or Markdown."""
    if data.startswith(b"%PDF-"):
        raise IngestError(str(path), "binary content (a PDF file named as text)")
    text, encoding = decode(data, path)
    check_text(text, path)
    notes = () if encoding in ("utf-8", "utf-8-sig", "ascii") else (f"decoded as {encoding}",)
    return Extracted(text=text, warnings=notes)


def extract_html(data: bytes, path: Path) -> Extracted:
    """The main text of an HTML page, one paragraph per line, with its title and date."""
    import trafilatura

    text, _ = decode(data, path)
    check_text(text, path)
    body: str | None = None
    meta = None
    try:
        body = trafilatura.extract(
            text, include_comments=False, include_tables=True, favor_recall=True, with_metadata=False
        )
        if not body:
            body = trafilatura.html2txt(text)
        meta = trafilatura.extract_metadata(
            text, extensive=False, date_config={"extensive_search": False, "original_date": True}
        )
    except Exception:  # trafilatura/lxml raise many types on broken markup; the plain reader below copes
        body = None
    if not body or not body.strip():
        # plain text named .html, a bare fragment, markup nested past lxml's depth limit or an
        # internal DTD: trafilatura finds no main text there, but the text is the document
        body = html_text(text)
    # a blank line between the page's paragraphs: the cleaner must not join them as wrapped lines
    lines = [line.strip() for line in (body or "").splitlines()]
    title = meta.title.strip() if meta is not None and meta.title else None
    published = meta.date if meta is not None and meta.date else None
    return Extracted(text="\n\n".join(line for line in lines if line), title=title, published=published)


# elements whose text is never the document's: code, styles, the head, declarations
_HIDDEN_TAGS = frozenset(
    {"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object"}
)
# elements that end a paragraph
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section"),
        *("article", "header", "footer", "blockquote", "pre", "dd", "dt", "hr", "title", "figcaption"),
        *("main", "aside", "nav", "form"),
    }
)


# a DOCTYPE with an internal subset (entity declarations): html.parser would show its tail as text
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[[^\]]*\]\s*>", re.IGNORECASE)


class _TextParser(HTMLParser):
    """Visible text of any markup, iteratively (no depth limit) and without expanding DTD entities."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    """The visible text of markup, one block per line: the fallback when trafilatura finds nothing."""
    parser = _TextParser()
    parser.feed(_DOCTYPE_SUBSET.sub("", markup))
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def extract_pdf(data: bytes, path: Path) -> Extracted:
    """The text layer of a PDF, pages separated by form feeds."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    head = data[:1024]
    if b"%PDF-" not in head:
        raise IngestError(str(path), "corrupt PDF: no %PDF header")
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(str(path), "truncated PDF: no %%EOF marker at the end")
    pages: list[str] = []
    try:
        # malformed-but-readable files make pypdf warn (through warnings and its logger, which would
        # print on the terminal); the text we get back is what we judge
        with warnings.catch_warnings(), _quiet("pypdf"):
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise IngestError(str(path), "encrypted PDF (password needed)")
            for page in reader.pages:
                pages.append(page.extract_text() or "")
    except IngestError:
        raise
    except DependencyError as exc:
        # pypdf needs the 'cryptography' package for AES; say what the file is, not what pypdf lacks
        raise IngestError(
            str(path), "encrypted PDF (AES): reading it needs the 'cryptography' package installed"
        ) from exc
    except Exception as exc:  # pypdf raises many types on damaged files
        raise IngestError(str(path), f"corrupt PDF: {type(exc).__name__}: {exc}") from exc
    if not pages:
        raise IngestError(str(path), "corrupt PDF: no pages")
    text = "\f".join(pages)
    if not text.strip():
        raise IngestError(str(path), "empty: the PDF has no text layer (scanned images?)")
    return Extracted(text=text)


def extract(data: bytes, path: Path, fmt: str) -> Extracted:
    """Dispatch on the format name from discover.file_format."""
    if fmt == "pdf":
        return extract_pdf(data, path)
    if fmt == "html":
        return extract_html(data, path)
    return extract_text(data, path)
