"""Cleaning: paragraphs per line, furniture gone, idempotent, and an offset map that stays in range."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.clean import clean_text, to_raw, to_raw_span

SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "seeds"


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("   \n\n  \t ", ""),
        ("One line only.", "One line only."),
        # wrapped lines join into one paragraph; a blank line separates paragraphs
        (
            "The committee met on the first day of the\nmonth and agreed on a plan for the\nnext year.\n\n"
            "A second paragraph starts here.",
            "The committee met on the first day of the month and agreed on a plan for the next year.\n\n"
            "A second paragraph starts here.",
        ),
        # footnote markers glued to punctuation go; years and thousands stay
        ("The talks ended in Vienna.3 Then a pause.", "The talks ended in Vienna. Then a pause."),
        ("the ‘peace plan.’12 Later on", "the ‘peace plan.’ Later on"),
        ("held on May 4, 2022.17 After that", "held on May 4, 2022. After that"),
        ("some 1,960 people left in 1994.", "some 1,960 people left in 1994."),
        ("item No.1 on the list", "item No.1 on the list"),
        # page numbers and URL-only lines inside a sentence cut by a page break
        (
            "This report covers the long history of the\nso-called\n\n\n7\n\nborder dispute in full.",
            "This report covers the long history of the so-called border dispute in full.",
        ),
        (
            "A request went to the court of the (ECHR)\n\nhttps://example.org/a/b.pdf\n"
            "www.example.net/page\n that the road be opened.",
            "A request went to the court of the (ECHR) that the road be opened.",
        ),
        # end-of-line hyphens: syllable break joined, compound with upper-case second part kept
        (
            "The delegates have demon-\nstrated their resolve to the whole assembly today.",
            "The delegates have demonstrated their resolve to the whole assembly today.",
        ),
        (
            "The talks covered the whole Greek-\nTurkish border and its long history in detail.",
            "The talks covered the whole Greek-Turkish border and its long history in detail.",
        ),
        (
            "A new and deeply ethno-\nterritorial dispute had already broken out by then.",
            "A new and deeply ethno-territorial dispute had already broken out by then.",
        ),
        # web furniture
        ("Print Friendly, PDF & Email\n\nBody text here.", "Body text here."),
        ("Last update: March 3, 2024 10:15\n\nSite logo\n\nHeadline Here", "Headline Here"),
        ("By A. Writer June 2, 2023\n\nNone\n\nThe story.", "By A. Writer June 2, 2023\n\nThe story."),
        ("Share on Facebook Twitter\n\nThe story.", "The story."),
        # a caption is content
        (
            "Photo: the delegation arrives, June 1, 2023 / Agency\n\nText.",
            "Photo: the delegation arrives, June 1, 2023 / Agency\n\nText.",
        ),
        # long unwrapped lines are paragraphs of their own
        ("A" * 200 + " end.\n" + "B" * 200 + " end.", "A" * 200 + " end.\n\n" + "B" * 200 + " end."),
        # a heading between wrapped paragraphs keeps its own line
        (
            "the last line of a long paragraph of text ends here.\nSecond Section\n"
            "Body of the second section continues on the line\nbelow without a break.",
            "the last line of a long paragraph of text ends here.\n\nSecond Section\n\n"
            "Body of the second section continues on the line below without a break.",
        ),
        # CRLF, tabs, non-breaking spaces, soft hyphens
        ("Tab\there\r\nand\u00a0there.", "Tab here and there."),
        ("a soft\u00adhyphen word.", "a softhyphen word."),
    ],
)
def test_clean_table(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


def test_repeated_page_furniture_is_dropped() -> None:
    pages = [f"Quarterly Review 2023\nParagraph {n} says something that ends.\n{n}" for n in range(1, 5)]
    text = clean_text("\n\n".join(pages)).text
    assert "Quarterly Review" not in text
    assert "Paragraph 3 says something that ends." in text


def test_form_feeds_are_page_breaks() -> None:
    raw = "\f".join(f"Running Header\nBody text of page {n} here." for n in range(3))
    text = clean_text(raw).text
    assert "Running Header" not in text
    assert "\f" not in text


def test_offsets_map_back_to_the_same_characters() -> None:
    raw = "  Title Line\n\nThe text was  wrap-\nped here.1 And\n\n12\n\ncontinued.\n"
    cleaned = clean_text(raw)
    for i, char in enumerate(cleaned.text):
        if char.isalnum():
            assert raw[to_raw(cleaned.offset_map, i)] == char
    start = cleaned.text.index("continued")
    assert to_raw_span(cleaned.offset_map, start, start + 9) == (raw.index("continued"),) * 1 + (
        raw.index("continued") + 9,
    )


def test_to_raw_clamps_out_of_range_offsets() -> None:
    cleaned = clean_text("abc\n\n7\n\ndef.")
    assert to_raw(cleaned.offset_map, -5) == 0
    assert to_raw(cleaned.offset_map, 10_000) <= len("abc\n\n7\n\ndef.")
    assert to_raw((), 3) == 3


# -- properties ----------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\f",
        " ",
        "\t",
        "\r\n",
        "-",
        "- ",
        "—",
        ".",
        ".’",
        "1",
        "12",
        "2021",
        "1,960",
        "word",
        "Word",
        "demon-",
        "strated",
        "ethno-",
        "territorial",
        "Heading Line",
        "ANNEX 2",
        "Print Friendly, PDF & Email",
        "None",
        "Share",
        "Facebook",
        "https://x.org/a",
        "Last update: May 1, 2024",
        "the",
        "and",
        "Russia.1 Below",
        "‘quote",
        "1. ",
        "\u00ad",
        "\u00a0",
        "#",
        "www.a.com",
    ]
)
_TEXTS = st.one_of(
    st.lists(_FRAGMENTS | st.text(max_size=4), max_size=60).map("".join),
    st.text(max_size=200),
)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_cleaning_is_idempotent(raw: str) -> None:
    once = clean_text(raw).text
    assert clean_text(once).text == once


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_offset_map_is_sorted_and_in_range(raw: str) -> None:
    cleaned = clean_text(raw)
    anchors = cleaned.offset_map
    assert list(anchors) == sorted(anchors)
    assert [r for _, r in anchors] == sorted(r for _, r in anchors)
    previous = 0
    for offset in range(-2, len(cleaned.text) + 3):
        raw_offset = to_raw(anchors, offset)
        assert 0 <= raw_offset <= len(raw)
        assert raw_offset >= previous  # monotone
        previous = raw_offset
    for i, char in enumerate(cleaned.text):
        if char.isalnum():
            assert raw[to_raw(anchors, i)] == char


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_cleaned_text_has_one_paragraph_per_line(raw: str) -> None:
    text = clean_text(raw).text
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert all(line == line.strip() for line in text.split("\n"))
    assert re.search(r"[^\n]\n[^\n]", text) is None


# -- the real seeds --------------------------------------------------------------------------------


def test_seed_001_pdf_extraction_is_cleaned() -> None:
    raw = _seed("001")
    cleaned = clean_text(raw)
    lines = [line for line in cleaned.text.split("\n") if line]
    assert not [line for line in lines if re.fullmatch(r"\d+", line)], "page-number lines remain"
    assert not [line for line in lines if line.startswith(("http://", "https://", "www."))]
    assert "Russia.1" not in cleaned.text and "Russia. Below" in cleaned.text
    assert "ethno-territorial" in cleaned.text
    assert "so-called ‘ancient hatred,’" in cleaned.text  # joined across the page break
    assert "(ECHR) that ‘Azerbaijan" in cleaned.text  # joined across the dropped URL lines
    # wrapped lines are joined: far fewer lines than the raw text has
    assert len(lines) < len(raw.splitlines()) / 4
    assert clean_text(cleaned.text).text == cleaned.text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_are_idempotent_and_map_in_range(prefix: str) -> None:
    raw = _seed(prefix)
    cleaned = clean_text(raw)
    assert clean_text(cleaned.text).text == cleaned.text
    for i, char in enumerate(cleaned.text):
        if char.isalnum():
            assert raw[to_raw(cleaned.offset_map, i)] == char


def test_seed_003_and_004_web_furniture_is_gone() -> None:
    text_003 = clean_text(_seed("003")).text
    assert "Newsroom logo" not in text_003
    assert "Last update" not in text_003
    assert "\nNone\n" not in text_003
    assert "Agshin Babirov, one of the two" in text_003  # the caption is content
    assert "Print Friendly" not in clean_text(_seed("004")).text


@pytest.mark.parametrize(
    "raw",
    [
        "Officials said " + "a" * 1_000_000 + " was the word.",
        "Officials said " + "a" * 200_000 + "-\nbreak of the line.",
        ("abcdefghij-\n" * 100_000),
        "\n\n".join(["the talks went on without a pause and the delegates"] * 50_000),
        "Officials said so.1 " * 60_000,
    ],
    ids=["long-word", "long-hyphenated-word", "hyphenated-lines", "continued-paragraphs", "footnotes"],
)
def test_issue9_long_words_and_paragraphs_clean_in_linear_time(raw):
    """Issue 9: the end-of-line hyphen regex was quadratic on long words (no result for 100k letters)."""
    from tests.helpers import hang_guard

    with hang_guard(60):
        cleaned = clean_text(raw)
    assert cleaned.text
    assert to_raw(cleaned.offset_map, len(cleaned.text)) <= len(raw)
