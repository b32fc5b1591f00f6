"""Issue 10: what the overview's filters read from each event row."""

from __future__ import annotations

import pytest

from rashomon.report.overview import date_bounds, event_rows, filter_options, is_background


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ({"value": "2023-12-13"}, ("2023-12-13", "2023-12-13")),
        ({"value": "2024-02"}, ("2024-02-01", "2024-02-29")),
        ({"value": "2023"}, ("2023-01-01", "2023-12-31")),
        ({"value": "2020-11-09/2020-11-10"}, ("2020-11-09", "2020-11-10")),
        ({"value": None, "start": "2021-05", "end": None}, ("2021-05-01", "9999-12-31")),
        ({"value": "1990s"}, ("1990-01-01", "1999-12-31")),
        ({"value": None, "start": None, "end": "2022-03"}, ("0001-01-01", "2022-03-31")),
        ({"value": "PAST_REF"}, ("", "")),
        (None, ("", "")),
    ],
)
def test_date_bounds(date, expected):
    assert date_bounds(date) == expected


MENTIONS = {
    "a:m1": {"salience": "background"},
    "a:m2": {"salience": "background"},
    "b:m1": {"salience": "current"},
}


@pytest.mark.parametrize(
    ("docs", "mentions", "expected"),
    [
        (["a"], ["a:m1", "a:m2"], True),
        (["a"], ["a:m1", "b:m1"], False),  # one mention tells it as news
        (["a", "b"], ["a:m1", "a:m2"], False),  # several documents: never hidden
    ],
)
def test_issue10_background_is_one_document_telling_only_history(docs, mentions, expected):
    assert is_background({"docs": docs, "mentions": mentions}, MENTIONS) is expected


def test_rows_and_options():
    docs = {"a": {"side": "velmora"}, "b": {"side": None}}
    events = [{"id": "e1", "type": "attack", "date": {"value": "2023-12"}, "places": ["x:h"],
               "docs": ["a", "b"], "mentions": ["a:m1", "b:m1"],
               "discrepancies": [{"kind": "contradiction", "relation": "update"}]}]  # fmt: skip
    rows = event_rows(events, docs, {"x:h": {"name": "Halvik"}}, MENTIONS, {"e1": "Attack, Dec 2023, Halvik"})
    assert rows[0]["sides"] == ["side not given", "velmora"]
    assert rows[0]["from"] == "2023-12-01" and rows[0]["to"] == "2023-12-31"
    assert rows[0]["disagreements"] == ["update"] and not rows[0]["background"]
    options = filter_options(rows)
    assert options["places"] == [("x:h", "Halvik")] and options["max_docs"] == 2
