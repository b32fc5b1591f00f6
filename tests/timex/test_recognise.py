import pytest

from rashomon.stages.sentences import split_sentences
from rashomon.timex import find_timexes


def _find(text, dct="2023-12-14"):
    found = find_timexes(text, split_sentences(text), dct)
    for m in found:
        assert text[m.start : m.end] == m.text
    return found


def _value(m):
    v = m.value
    return (v.value, v.granularity, v.start, v.end, v.basis) if v else None


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        (
            "Signed on December 14, 2023 in the capital.",
            "December 14, 2023",
            ("2023-12-14", "day", None, None, "explicit"),
        ),
        ("They met on 28 May 2023.", "28 May 2023", ("2023-05-28", "day", None, None, "explicit")),
        ("Talks resumed in 2021.", "2021", ("2021", "year", None, None, "explicit")),
        (
            "The border was closed in April of this year.",
            "April of this year",
            ("2023-04", "month", None, None, "relative"),
        ),
        ("It began in the mid-1990s.", "the mid-1990s", ("1990s", "decade", None, None, "explicit")),
        ("Plans for early 2023 changed.", "early 2023", ("2023", "year", None, None, "explicit")),
        (
            "Under the November 9/10, 2020 statement",
            "November 9/10, 2020",
            (None, "range", "2020-11-09", "2020-11-10", "explicit"),
        ),
        (
            "The war (September 27 to November 10, 2020) ended.",
            "September 27 to November 10, 2020",
            (None, "range", "2020-09-27", "2020-11-10", "explicit"),
        ),
        (
            "Fighting raged between 1992 and 1994.",
            "between 1992 and 1994",
            (None, "range", "1992", "1994", "explicit"),
        ),
        ("The republic of 1918-1920 fell.", "1918-1920", (None, "range", "1918", "1920", "explicit")),
        (
            "Velmora and Ostrakan exchanged detainees on Wednesday.",
            "on Wednesday",
            ("2023-12-13", "day", None, None, "relative"),
        ),
        ("The delegations will meet on Monday.", "on Monday", ("2023-12-18", "day", None, None, "relative")),
        ("The ministry spoke yesterday.", "yesterday", ("2023-12-13", "day", None, None, "relative")),
        ("An agreement announced last week.", "last week", ("2023-W49", "week", None, None, "relative")),
        ("It happened three years ago.", "three years ago", ("2020", "year", None, None, "relative")),
        (
            "It happened in December three years ago.",
            "in December three years ago",
            ("2020-12", "month", None, None, "relative"),
        ),
        (
            "Prices rose earlier this month.",
            "earlier this month",
            ("2023-12", "month", None, None, "relative"),
        ),
        (
            "They agreed on the swap on December 7.",
            "December 7",
            ("2023-12-07", "day", None, None, "relative"),
        ),
    ],
)
def test_dates(text, span, value):
    found = [m for m in _find(text) if m.kind == "date"]
    assert [(m.text, _value(m)) for m in found] == [(span, value)]


def test_relative_to_the_thread():
    found = _find("On 5 May 2020 the talks opened. Two days later they closed. The next day all left.")
    assert [(m.text, m.value.value) for m in found] == [
        ("5 May 2020", "2020-05-05"),
        ("Two days later", "2020-05-07"),
        ("The next day", "2020-05-08"),
    ]


def test_year_of_a_partial_date_follows_the_thread():
    [_, day] = _find("It surfaced in 2021, when the media on June 15 published a tape.", "2023-11")
    assert day.value.value == "2021-06-15"


@pytest.mark.parametrize(
    ("text", "duration", "approx"),
    [
        ("The 44-day war ended.", "P44D", None),
        ("It lasted for nearly 30 years.", "P30Y", "nearly"),
        ("The blockade lasted more than five months.", "P5M", "more_than"),
        ("Clearing takes at least 10 years.", "P10Y", "at_least"),
    ],
)
def test_durations(text, duration, approx):
    [m] = _find(text)
    assert (m.kind, m.duration, m.approx) == ("duration", duration, approx)


def test_sets():
    [m] = _find("The commission meets every year.")
    assert m.kind == "set"


@pytest.mark.parametrize(
    "text",
    [
        "We saw one of the two envoys.",
        "Resolution 822 was adopted.",
        "See page 12.",
        "He is 20 years old.",
        "You may go now.",
        "Protesters march to the square.",
    ],
)
def test_non_dates(text):
    assert _find(text) == []


def test_no_publication_date_leaves_relative_values_empty():
    [m] = _find("They met on Wednesday.", None)
    assert m.value is None


def test_empty_text():
    assert _find("") == []
