"""load_document: formats, encodings, bad input and the metadata a document carries."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from rashomon.clean import to_raw
from rashomon.errors import IngestError
from rashomon.ingest import SourceRow, formats, load_document
from rashomon.settings import Settings

TEXT = "Café owners in the old town said “déjà vu” – the road closed again.\n\nA second paragraph follows."
Pdf = Callable[[list[list[str]]], bytes]


def _load(path: Path, settings: Settings, source: SourceRow | None = None):  # type: ignore[no-untyped-def]
    return load_document(path, doc_id=path.stem, source=source, settings=settings)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16", b""),  # Python writes a BOM
        ("utf-16-le", b""),  # no BOM
        ("utf-16-be", b""),
        ("cp1252", b""),
    ],
)
def test_text_encodings_decode(tmp_path: Path, settings: Settings, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    doc = _load(path, settings)
    assert doc.text == TEXT
    assert doc.format == "txt"
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_latin1_decodes(tmp_path: Path, settings: Settings) -> None:
    text = "Façade of the old café in Zürich, naïve and déjà vu; señor Müller spoke."
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("latin-1"))
    doc = _load(path, settings)
    assert doc.text == text
    assert any("decoded as" in w for w in doc.warnings)


def test_markdown_title_and_format(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Border Talks Resume\n\nThe two sides met again on Monday.\n", "utf-8")
    doc = _load(path, settings)
    assert doc.format == "md"
    assert doc.title == "Border Talks Resume"


def test_html_main_text_title_and_date(tmp_path: Path, settings: Settings) -> None:
    html = (
        "<html><head><title>Talks resume | Example</title>"
        '<meta property="article:published_time" content="2023-12-14T08:00:00Z"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Talks resume in the capital</h1>"
        "<p>The two delegations met on Tuesday in the capital, officials said after the meeting ended.</p>"
        "<p>A second round is planned for next month, according to a statement from the ministry.</p>"
        "<p>Observers welcomed the move and called for more meetings in the coming weeks.</p>"
        "</article><footer>Contact us</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, "utf-8")
    doc = _load(path, settings)
    assert doc.format == "html"
    assert doc.title == "Talks resume in the capital"
    assert (doc.published, doc.published_basis, doc.published_source) == (
        "2023-12-14",
        "metadata",
        "html-meta",
    )
    lines = doc.text.split("\n\n")
    assert (
        "The two delegations met on Tuesday in the capital, officials said after the meeting ended." in lines
    )
    assert "Home | World" not in doc.text


def test_pdf_text_pages_and_page_numbers(tmp_path: Path, settings: Settings, pdf: Pdf) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(
        pdf(
            [
                [
                    "Summary of the Talks",
                    "The delegations of both states met in the",
                    "capital on Monday and",
                ],
                ["2", "agreed to meet again next month."],
            ]
        )
    )
    doc = _load(path, settings)
    assert doc.format == "pdf"
    assert doc.text == (
        "Summary of the Talks\n\nThe delegations of both states met in the capital on Monday and "
        "agreed to meet again next month."
    )


def test_offset_map_points_into_the_text_layer(tmp_path: Path, settings: Settings) -> None:
    raw = "Heading Words\n\nFirst line of a wrapped\nparagraph.1 Next\n\n3\n"
    path = tmp_path / "doc.txt"
    path.write_text(raw, "utf-8")
    doc = _load(path, settings)
    start = doc.text.index("paragraph")
    assert raw[to_raw(doc.offset_map, start) :].startswith("paragraph")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file (0 bytes)"),
        ("blank.txt", b"  \n\n \t\n", "no text after cleaning"),
        (
            "furniture.txt",
            b"12\n\nhttps://example.org/x\n\nPrint Friendly, PDF & Email\n",
            "no text after cleaning",
        ),
        ("binary.txt", b"\x00\x01\x02\xff\xfe\x00\x10\x80" * 40, "binary"),
        ("controls.txt", bytes(range(1, 9)) * 50, "binary"),
        ("pdf-as.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "binary"),
        ("truncated.pdf", None, "truncated PDF"),
        ("corrupt.pdf", b"%PDF-1.4\nthis is not a real pdf body\n%%EOF\n", "corrupt PDF"),
        ("notapdf.pdf", b"hello there, I am text\n%%EOF", "corrupt PDF: no %PDF header"),
        ("empty.html", b"<html><body>   </body></html>", "empty"),
    ],
)
def test_bad_input_is_an_ingest_error(
    tmp_path: Path, settings: Settings, pdf: Pdf, name: str, data: bytes | None, message: str
) -> None:
    if data is None:
        whole = pdf([["Some text on the page that is long enough."]])
        data = whole[: len(whole) // 2]
    path = _write(tmp_path, name, data)
    with pytest.raises(IngestError) as info:
        _load(path, settings)
    assert message in info.value.message
    assert info.value.path == str(path)


def test_pdf_without_text_layer(tmp_path: Path, settings: Settings, pdf: Pdf) -> None:
    path = _write(tmp_path, "scan.pdf", pdf([[]]))
    with pytest.raises(IngestError, match="no text layer"):
        _load(path, settings)


def test_oversized_file(tmp_path: Path, settings: Settings) -> None:
    path = _write(tmp_path, "big.txt", b"word " * 100)
    with pytest.raises(IngestError, match=r"oversized: 500 bytes .*max_file_bytes \(100\)"):
        _load(path, replace(settings, max_file_bytes=100))


def test_unreadable_file(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "locked.txt", b"Some text.")

    def denied(path: Path) -> int:
        raise PermissionError(13, "Permission denied")

    # patched rather than chmod: tests may run as root, who can read anything
    monkeypatch.setattr(formats, "_open", denied)
    with pytest.raises(IngestError, match="unreadable: permission denied"):
        _load(path, settings)


def test_sources_row_wins_over_the_text(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline Of The Day\n\nBy A. Writer March 3, 2022\n\nBody text.", "utf-8")
    row = SourceRow(file="a.txt", title="Given Title", outlet="Paper", side="north", published="2022-03")
    doc = _load(path, settings, row)
    assert (doc.title, doc.outlet, doc.side) == ("Given Title", "Paper", "north")
    assert (doc.published, doc.published_basis, doc.published_source) == (
        "2022-03",
        "metadata",
        "sources.csv",
    )
    bare = _load(path, settings)
    assert bare.title == "Headline Of The Day"
    assert (bare.published, bare.published_basis, bare.published_source) == ("2022-03-03", "text", "byline")


def test_no_date_anywhere(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Nothing here says when this was written.", "utf-8")
    doc = _load(path, settings)
    assert (doc.published, doc.published_basis, doc.published_source) == (None, "unknown", None)


# -- the real seeds --------------------------------------------------------------------------------


def test_seed_003_date_is_the_byline_not_the_header(seeds: Path, settings: Settings) -> None:
    doc = _load(next(seeds.glob("003_*.txt")), settings)
    assert doc.published == "2023-12-14"
    assert (doc.published_basis, doc.published_source) == ("text", "byline")
    assert doc.title == "Azerbaijan, Armenia Exchange Detainees in Confidence-Building Measure"


def test_seed_004_has_no_print_friendly(seeds: Path, settings: Settings) -> None:
    doc = _load(next(seeds.glob("004_*.txt")), settings)
    assert "Print Friendly" not in doc.text
    assert doc.title is not None and doc.title.startswith("Statement on the Threats")


def test_seed_001_loads_clean(seeds: Path, settings: Settings) -> None:
    doc = _load(next(seeds.glob("001_*.txt")), settings)
    assert "Russia.1" not in doc.text
    assert doc.id == next(seeds.glob("001_*.txt")).stem
    assert doc.offset_map and doc.offset_map[0] == (0, doc.offset_map[0][1])


@pytest.mark.parametrize(
    "markup",
    [
        b"Officials said the talks ended on Monday. Both sides agreed to meet again in the spring.",
        b"<p>Officials said the talks ended on Monday. Both sides agreed to meet again in the spring.</p>",
        b"<div>" * 5000
        + b"<p>Officials said the talks ended on Monday. Both sides agreed to meet again in the spring.</p>"
        + b"</div>" * 5000,
        b'<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY x "y">\n]>\n<r><p>Officials said the talks ended'
        b" on Monday. Both sides agreed to meet again in the spring.</p></r>",
    ],
    ids=["plain-text", "fragment", "deeply-nested", "entity-declarations"],
)
def test_issue9_html_without_a_main_text_keeps_its_text(
    tmp_path: Path, settings: Settings, markup: bytes
) -> None:
    """Issue 9: such HTML was reported as 'empty' and its text lost."""
    doc = _load(_write(tmp_path, "page.html", markup), settings)
    assert "Officials said the talks ended on Monday." in doc.text
    assert "meet again in the spring." in doc.text
    assert "<" not in doc.text and "ENTITY" not in doc.text


def test_issue9_text_longer_than_the_limit_is_a_problem(tmp_path: Path, settings: Settings) -> None:
    """Issue 9: a 19.9 MB single line reached 4.4 GB of memory; text past max_text_chars is refused."""
    path = _write(tmp_path, "long.txt", b"word " * 50_000)
    with pytest.raises(IngestError, match=r"oversized text: 250000 characters .*max_text_chars \(1000\)"):
        _load(path, replace(settings, max_text_chars=1000))


def _aes_pdf(pdf: Callable[[list[list[str]]], bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf([["The talks ended on Monday."]]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_issue9_aes_pdf_message_says_what_the_file_is(
    tmp_path: Path, pdf: Callable[[list[list[str]]], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9: AES-encrypted PDFs got 'cryptography>=3.1 is required' as their message."""
    from pypdf import _encryption
    from pypdf.errors import DependencyError

    path = _write(tmp_path, "locked.pdf", _aes_pdf(pdf))

    def missing(*args: object) -> bytes:  # what pypdf does when the cryptography package is missing
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(_encryption, "aes_cbc_decrypt", missing)
    monkeypatch.setattr(_encryption, "aes_ecb_decrypt", missing)
    with pytest.raises(IngestError, match=r"encrypted PDF \(AES\)") as info:
        formats.extract_pdf(path.read_bytes(), path)
    assert "cryptography>=3.1" not in info.value.message


def test_issue9_aes_pdf_with_an_empty_password_is_read(
    tmp_path: Path, settings: Settings, pdf: Callable[[list[list[str]]], bytes]
) -> None:
    doc = _load(_write(tmp_path, "aes.pdf", _aes_pdf(pdf)), settings)
    assert "The talks ended on Monday." in doc.text


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        # issue 10: the page's own title, without the site's name
        ("<title>Talks resume in Halvik | Northtown Daily</title>", "", "Talks resume in Halvik"),
        ('<meta property="og:title" content="Talks resume in Halvik - Northtown Daily">', "",
         "Talks resume in Halvik"),
        # an editor's page title is clutter: the headline at the top of the text is taken instead
        ("<title>Edit post</title>", "<h1>Talks resume in Halvik</h1>", "Talks resume in Halvik"),
    ],
)  # fmt: skip
def test_issue10_html_titles_without_clutter(
    tmp_path: Path, settings: Settings, head, body, expected
) -> None:
    path = tmp_path / "page.html"
    text = "<p>Delegations of both sides met on Tuesday in the border town and agreed to meet again.</p>" * 3
    path.write_text(f"<html><head>{head}</head><body>{body}{text}</body></html>", encoding="utf-8")
    assert _load(path, settings).title == expected


def test_issue10_byline_date_when_sources_csv_gives_none(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "story.txt"
    path.write_text(
        "Talks Resume in Halvik\n\nBy Ana Petrova, March 3, 2022\n\nDelegations met on Tuesday.\n",
        encoding="utf-8",
    )
    doc = _load(
        path,
        settings,
        SourceRow(file="story.txt", title=None, outlet="Daily", side="velmora", published=None),
    )
    assert (doc.published, doc.published_basis, doc.published_source) == ("2022-03-03", "text", "byline")
    assert doc.title == "Talks Resume in Halvik"
