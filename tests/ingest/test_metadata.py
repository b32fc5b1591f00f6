"""The byline/dateline date finder and the title finder."""

from __future__ import annotations

import pytest

from rashomon.ingest.metadata import FoundDate, find_date, find_published, find_title


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
    ],
)
def test_find_published(text: str, expected: FoundDate) -> None:
    assert find_published(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The exchange took place on December 13, 2023 at the border.",  # an event date, not the page's
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
