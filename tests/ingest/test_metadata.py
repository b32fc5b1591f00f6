"""The byline/dateline date finder and the title finder."""

from __future__ import annotations

import pytest

from rashomon.ingest.metadata import FoundDate, clean_title, find_date, find_published, find_title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Jane Doe December 14, 2023\n\nThe story.", FoundDate("2023-12-14", "byline")),
        ("By Jane Doe, Dec. 4, 2021\n\nThe story.", FoundDate("2021-12-04", "byline")),
        ("Published: 3 March 2022\n\nThe story.", FoundDate("2022-03-03", "byline")),
        ("Posted on 2020-11-10 by staff\n\nThe story.", FoundDate("2020-11-10", "byline")),
        (
            "Last update: April 29, 2024 00:20\n\nTitle\n\nBy Jane Doe December 14, 2023\n\nText.",
            FoundDate("2023-12-14", "byline"),
        ),
        (
            "Last update: April 29, 2024 00:20\n\nTitle\n\nText without a byline.",
            FoundDate("2024-04-29", "header"),
        ),
        (
            "NORTHTOWN, 14 December 2023 — Officials said the road was open.",
            FoundDate("2023-12-14", "dateline"),
        ),
        ("NORTHTOWN, March 2, 2022 (Agency) - The talks began.", FoundDate("2022-03-02", "dateline")),
        ("Thursday, December 14, 2023\n\nThe story.", FoundDate("2023-12-14", "dateline")),
        ("14.12.2023\n\nThe story.", FoundDate("2023-12-14", "dateline")),
        ("Title\n\nNorthtown, March 5, 2025\n\nThe story.", FoundDate("2025-03-05", "dateline")),
        # a page's date glued to its first words (issue 13: scraped pages without line breaks)
        ("Title\n\n14 August 2016 Two civilians were hurt in the town.", FoundDate("2016-08-14", "dateline")),
        ("Title\n\nMon Apr 4 2016 Shells hit the market.", FoundDate("2016-04-04", "dateline")),
    ],
)
def test_find_published(text: str, expected: FoundDate) -> None:
    assert find_published(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The exchange took place on December 13, 2023 at the border.",  # an event date, not the page's
        "14 August 2016 was the day the talks began.",  # a sentence about a date
        "Photo: the delegation, June 1, 2023 / Agency",  # a caption
        "By Jane Doe\n\nNo date at all.",
        "By Jane Doe February 30, 2023",  # not a real day
    ],
)
def test_find_published_no_match(text: str) -> None:
    assert find_published(text) is None


def test_dates_deep_in_the_text_are_ignored() -> None:
    text = "\n".join(f"Paragraph {n}." for n in range(40)) + "\nBy Jane Doe December 14, 2023"
    assert find_published(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 14, 2023", "2023-12-14"),
        ("14th of December 2023", "2023-12-14"),
        ("Sept. 5, 2020", "2020-09-05"),
        ("no date here", None),
    ],
)
def test_find_date(text: str, expected: str | None) -> None:
    found = find_date(text)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("cleaned", "expected"),
    [
        ("Talks Resume in the Capital\n\nBody.", "Talks Resume in the Capital"),
        ("## A Markdown Heading\n\nBody.", "A Markdown Heading"),
        ("A first paragraph that ends like a sentence.\n\nMore.", None),
        ("By Jane Doe December 14, 2023\n\nBody.", None),
        ("", None),
    ],
)
def test_find_title(cleaned: str, expected: str | None) -> None:
    assert find_title(cleaned) == expected


@pytest.mark.parametrize(
    ("cleaned", "expected"),
    [
        # issue 10: page furniture above the headline is skipped
        ("Edit post\n\nTalks Resume in the Capital\n\nBody.", "Talks Resume in the Capital"),
        ("Newsroom logo\n\nTalks Resume in the Capital\n\nBody.", "Talks Resume in the Capital"),
        (
            "https://example.org/news/1234\n\nTalks Resume in the Capital\n\nBody.",
            "Talks Resume in the Capital",
        ),
        ("date 2021-06-14 10:20\n\nTalks Resume in the Capital\n\nBody.", "Talks Resume in the Capital"),
        (
            "Last update: April 29, 2024 00:20\n\nSkip to content\n\nTalks Resume in the Capital\n\nBody.",
            "Talks Resume in the Capital",
        ),
        # the line above a byline is the headline, even below a short line of its own
        (
            "News Today\n\nTalks Resume in the Capital\n\nBy Jane Doe March 3, 2022\n\nBody.",
            "Talks Resume in the Capital",
        ),
        ("Talks Resume in the Capital | Northtown Daily\n\nBody.", "Talks Resume in the Capital"),
        ("Edit post\n\nwww.example.org\n\n", None),
    ],
)
def test_issue10_find_title_skips_page_clutter(cleaned: str, expected: str | None) -> None:
    assert find_title(cleaned) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Talks resume in the capital | Northtown Daily", "Talks resume in the capital"),
        ("Talks resume in the capital - Northtown Daily - news you can trust", "Talks resume in the capital"),
        (
            "Northtown Daily | Talks resume in the capital after a long pause",
            "Talks resume in the capital after a long pause",
        ),
        ("Edit post ‹ Northtown Daily — WordPress", None),
        ("Edit post", None),
        ("https://example.org/a/b", None),
        ("date 2021-06-14 10:20", None),
        ("", None),
        (None, None),
    ],
)
def test_issue10_clean_title(title: str | None, expected: str | None) -> None:
    assert clean_title(title) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date 2021-06-14 10:20\n\nThe story.", FoundDate("2021-06-14", "byline")),
        ("Talks Resume\n\nDate: 3 March 2022\n\nThe story.", FoundDate("2022-03-03", "byline")),
    ],
)
def test_issue10_date_lines_give_the_publication_date(text: str, expected: FoundDate) -> None:
    assert find_published(text) == expected
