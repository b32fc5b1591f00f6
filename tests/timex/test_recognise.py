import pytest

from rashomon.stages.sentences import split_sentences
from rashomon.timex import find_timexes

DCT = "2023-12-14"  # a Thursday


def _find(text, dct=DCT):
    found = find_timexes(text, split_sentences(text), dct)
    for m in found:
        assert text[m.start : m.end] == m.text
    return found


def _value(m):
    v = m.value
    return (v.value, v.granularity, v.start, v.end, v.basis) if v else None


def _day(value, basis="explicit"):
    return (value, "day", None, None, basis)


def _range(start, end, basis="explicit"):
    return (None, "range", start, end, basis)


@pytest.mark.parametrize(
    ("text", "dct", "span", "value"),
    [
        # full and partial dates
        ("Signed on December 14, 2023 in the capital.", DCT, "December 14, 2023", _day("2023-12-14")),
        ("They met on 28 May 2023.", DCT, "28 May 2023", _day("2023-05-28")),
        ("They agreed on the swap on December 7.", DCT, "December 7", _day("2023-12-07", "relative")),
        ("They talked on 14 Dec about it.", DCT, "14 Dec", _day("2023-12-14", "relative")),
        ("They talked on Dec. 2 about it.", DCT, "Dec. 2", _day("2023-12-02", "relative")),
        ("Talks resumed in 2021.", DCT, "2021", ("2021", "year", None, None, "explicit")),
        ("The roads reopened after the 2020 war.", DCT, "2020", ("2020", "year", None, None, "explicit")),
        ("Funds ran out in May 2019.", DCT, "May 2019", ("2019-05", "month", None, None, "explicit")),
        # numeric dates: ISO, and day and month told apart by a figure over 12
        ("Filed 2016-06-30 by the clerk.", DCT, "2016-06-30", _day("2016-06-30")),
        ("30-06-2016 Army units entered the town.", DCT, "30-06-2016", _day("2016-06-30")),
        ("06-06-2016 Two shells hit the market.", DCT, "06-06-2016", _day("2016-06-06")),
        ("Posted 06/30/2016 at noon.", DCT, "06/30/2016", _day("2016-06-30")),
        ("Dated 30.06.2016 in the ledger.", DCT, "30.06.2016", _day("2016-06-30")),
        ("Dated 03/04/2016 in the ledger.", DCT, "03/04/2016", None),
        (
            "The border closed in April of this year.",
            DCT,
            "April of this year",
            ("2023-04", "month", None, None, "relative"),
        ),
        ("Trade fell in mid-November.", DCT, "mid-November", ("2023-11", "month", None, None, "relative")),
        ("It began in the mid-1990s.", DCT, "the mid-1990s", ("1990s", "decade", None, None, "explicit")),
        ("Fighting resumed in the 1990s.", DCT, "the 1990s", ("1990s", "decade", None, None, "explicit")),
        (
            "The camps of the 19th century were gone.",
            DCT,
            "the 19th century",
            ("1800s", "century", None, None, "explicit"),
        ),
        ("Plans for early 2023 changed.", DCT, "early 2023", ("2023", "year", None, None, "explicit")),
        (
            "The offensive came in the fall of 2022.",
            DCT,
            "fall of 2022",
            ("2022-FA", "season", None, None, "explicit"),
        ),
        ("Harvest failed last summer.", DCT, "last summer", ("2022-SU", "season", None, None, "relative")),
        (
            "Output fell in the third quarter of 2022.",
            DCT,
            "the third quarter of 2022",
            ("2022-Q3", "quarter", None, None, "explicit"),
        ),
        # compounds
        (
            "Under the November 9/10, 2020 statement",
            DCT,
            "November 9/10, 2020",
            _range("2020-11-09", "2020-11-10"),
        ),
        (
            "The war (September 27 to November 10, 2020) ended.",
            DCT,
            "September 27 to November 10, 2020",
            _range("2020-09-27", "2020-11-10"),
        ),
        ("Fighting raged between 1992 and 1994.", DCT, "between 1992 and 1994", _range("1992", "1994")),
        ("The republic of 1918-1920 fell.", DCT, "1918-1920", _range("1918", "1920")),
        (
            "The sides met from 12 to 16 July 2021.",
            DCT,
            "from 12 to 16 July 2021",
            _range("2021-07-12", "2021-07-16"),
        ),
        (
            "Shelling went on from July 12-16.",
            DCT,
            "July 12-16",
            _range("2023-07-12", "2023-07-16", "relative"),
        ),
        (
            "It lasted through summer and fall of 2022.",
            DCT,
            "summer and fall of 2022",
            _range("2022-SU", "2022-FA"),
        ),
        (
            "The mandate runs from 2020 to present.",
            DCT,
            "from 2020 to present",
            _range("2020", "2023-12-14", "relative"),
        ),
        # relative to the publication date
        (
            "Velmora and Ostrakan exchanged detainees on Wednesday.",
            DCT,
            "on Wednesday",
            _day("2023-12-13", "relative"),
        ),
        ("The delegations will meet on Monday.", DCT, "on Monday", _day("2023-12-18", "relative")),
        (
            "The envoy is to be sworn in on Sunday next week.",
            DCT,
            "on Sunday next week",
            _day("2023-12-24", "relative"),
        ),
        ("The ministry spoke yesterday.", DCT, "yesterday", _day("2023-12-13", "relative")),
        ("The ministry speaks today.", DCT, "today", _day("2023-12-14", "relative")),
        ("The ministry speaks today.", "2023-11", "today", ("2023-11", "month", None, None, "relative")),
        ("An agreement announced last week.", DCT, "last week", ("2023-W49", "week", None, None, "relative")),
        ("It happened three years ago.", DCT, "three years ago", ("2020", "year", None, None, "relative")),
        (
            "It happened in December three years ago.",
            DCT,
            "December three years ago",
            ("2020-12", "month", None, None, "relative"),
        ),
        (
            "Prices rose earlier this month.",
            DCT,
            "earlier this month",
            ("2023-12", "month", None, None, "relative"),
        ),
        ("The ruins stood 2,000 years ago.", DCT, "2,000 years ago", None),
        # a date without a year takes the year nearest the publication date, in the tense's direction
        ("The prisoners were freed on January 3.", "2024-01-10", "January 3", _day("2024-01-03", "relative")),
        (
            "The prisoners were freed on December 28.",
            "2024-01-10",
            "December 28",
            _day("2023-12-28", "relative"),
        ),
        ("The court will sit on January 20.", "2023-12-14", "January 20", _day("2024-01-20", "relative")),
        ("A truce was signed on June 2.", "2023-11", "June 2", _day("2023-06-02", "inferred")),
    ],
)
def test_dates(text, dct, span, value):
    found = [m for m in _find(text, dct) if m.kind == "date"]
    assert [(m.text, _value(m)) for m in found] == [(span, value)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 5 May 2020 the talks opened. Two days later they closed. The next day all left.",
            [("5 May 2020", "2020-05-05"), ("Two days later", "2020-05-07"), ("The next day", "2020-05-08")],
        ),
        (
            "On 3 May 2024 talks opened; the following month they collapsed.",
            [("3 May 2024", "2024-05-03"), ("the following month", "2024-06")],
        ),
        # a year the sentence just wrote out holds for the dates after it
        (
            "It surfaced in 2021, when the media on June 15 published a tape.",
            [("2021", "2021"), ("June 15", "2021-06-15")],
        ),
        # a narrative moves forward from its last full date
        (
            "The maps came on December 4, 2021. Then on March 2 more followed.",
            [("December 4, 2021", "2021-12-04"), ("March 2", "2022-03-02")],
        ),
    ],
)
def test_relative_to_the_thread(text, expected):
    found = _find(text, "2023-11")
    assert [(m.text, m.value.value or m.value.start) for m in found] == expected


def test_thread_relative_without_a_thread_is_unplaced():
    [m] = _find("Two days later they closed.")
    assert m.value is None


@pytest.mark.parametrize(
    ("text", "span", "duration", "approx"),
    [
        ("The 44-day war ended.", "44-day", "P44D", None),
        ("It took 44 days.", "44 days", "P44D", None),
        ("It lasted for nearly 30 years.", "for nearly 30 years", "P30Y", "nearly"),
        ("The blockade lasted more than five months.", "more than five months", "P5M", "more_than"),
        ("Clearing takes at least 10 years.", "at least 10 years", "P10Y", "at_least"),
        ("The talks went on for 23 hours.", "for 23 hours", "PT23H", None),
        ("He served 11.5 years in prison.", "11.5 years", "P11.5Y", None),
        ("Tension grew over the past two years.", "the past two years", "P2Y", None),
        ("The dispute has lasted more than a century.", "more than a century", "P100Y", "more_than"),
    ],
)
def test_durations(text, span, duration, approx):
    [m] = _find(text)
    assert (m.text, m.kind, m.duration, m.approx, m.value) == (span, "duration", duration, approx, None)


@pytest.mark.parametrize(
    ("text", "span"),
    [("The commission meets every year.", "every year"), ("Reports come annually.", "annually")],
)
def test_sets(text, span):
    [m] = _find(text)
    assert (m.text, m.kind, m.value.value) == (span, "set", "P1Y")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # a bare year needs no cue when nothing around it makes it a count
        ("The 1996 bombing was never solved.", "1996", "1996"),
        ("For 2019, revenue rose.", "2019", "2019"),
        ("Its 1990 invasion failed.", "1990", "1990"),
    ],
)
def test_bare_years(text, span, value):
    found = _find(text)
    assert (found[0].text, found[0].value.value, found[0].value.granularity) == (span, value, "year")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Shelling has recently intensified.", "recently"),
        ("Talks may resume in the near future.", "in the near future"),
        ("In recent times the border moved.", "In recent times"),
        ("These days the road is closed.", "These days"),
    ],
)
def test_vague_references_have_no_value(text, span):
    [m] = _find(text)
    assert (m.text, m.kind, m.value.value, m.value.granularity) == (span, "date", None, "unknown")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The shelling began on Tuesday night.", "on Tuesday night", "2023-12-12"),
        ("Officials met this morning.", "this morning", "2023-12-14"),
        ("A drone was downed last night.", "last night", "2023-12-13"),
        # a weekday before a date belongs to it
        ("The truce holds from Monday, Dec. 11, 2023 on.", "Monday, Dec. 11, 2023", "2023-12-11"),
        ("It was signed on Monday, Dec. 11.", "on Monday, Dec. 11", "2023-12-11"),
    ],
)
def test_days_with_their_parts_and_weekdays(text, span, value):
    [m] = _find(text)
    assert (m.text, m.value.value, m.value.granularity) == (span, value, "day")


@pytest.mark.parametrize(
    ("text", "dct", "span", "value"),
    [
        ("Shelling eased over the weekend.", DCT, "the weekend", ("2023-W49", "week")),
        ("Talks resume next weekend.", DCT, "next weekend", ("2023-W51", "week")),
        ("Parades were held on Victory Day 2021.", DCT, "Victory Day 2021", ("2021-05-09", "day")),
        ("Shots were fired on New Year’s Eve.", "2024-01-03", "New Year’s Eve", ("2023-12-31", "day")),
    ],
)
def test_weekends_and_fixed_holidays(text, dct, span, value):
    [m] = _find(text, dct)
    assert (m.text, m.value.value, m.value.granularity) == (span, *value)


def test_a_year_ago_in_a_text_about_a_quarter_is_that_quarter():
    text = "Profit rose in the third quarter. A year ago it fell. The year-ago quarter was weak."
    found = _find(text, "1989-11-02")
    assert [(m.text, m.value.value) for m in found] == [
        ("the third quarter", "1989-Q3"),
        ("A year ago", "1988-Q3"),
        ("The year-ago quarter", "1988-Q3"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 'since 1990' bounds a span: it does not move the story to 1990
        ("He had been held since 1990. His car was found in December.", "2023-12"),
        # a clause looking forward from a year already past keeps the publication year
        ("Invited in July 2021, they will join on March 12.", "2024-03-12"),
    ],
)
def test_years_that_do_not_set_the_thread(text, expected):
    assert _find(text)[-1].value.value == expected


@pytest.mark.parametrize(
    ("text", "span", "duration"),
    [
        ("In recent years the border moved.", "In recent years", "PXY"),
        ("Talks may resume in the coming months.", "in the coming months", "PXM"),
        ("The siege went on for years.", "for years", "PXY"),
    ],
)
def test_stretches_of_unknown_length(text, span, duration):
    [m] = _find(text)
    assert (m.text, m.kind, m.duration) == (span, "duration", duration)


def test_clock_time():
    [m, _] = _find("The meeting took place at 10:30 a.m. on Monday.")
    assert (m.text, m.kind, m.value.value) == ("at 10:30 a.m.", "time", "2023-12-14T10:30")


@pytest.mark.parametrize(
    "text",
    [
        "We saw one of the two envoys.",
        "Resolution 822 was adopted.",
        "See page 12.",
        "He is 20 years old.",
        "The 20-year-old soldier was freed.",
        "You may go home.",
        "May I ask a question?",
        "Protesters march to the square.",
        "He counted 1995 votes.",
        "The 2021 soldiers returned.",
        "It cost $2020 in all.",
        "Flight 1990 landed late.",
        "The index closed at 2082.1 points.",
        "About 1995 families left the valley.",
        "Rates fell 20% as 2,000 troops left.",
        "They discussed the future security arrangement.",
    ],
)
def test_non_dates(text):
    assert _find(text) == []


@pytest.mark.parametrize("dct", [None, "", "not a date"])
def test_no_publication_date_leaves_relative_values_empty(dct):
    found = _find("They met on Wednesday, three years ago, and again yesterday.", dct)
    assert [m.text for m in found] == ["on Wednesday", "three years ago", "yesterday"]
    assert all(m.value is None for m in found)


def test_explicit_dates_need_no_publication_date():
    [m] = _find("They met on 28 May 2023.", None)
    assert m.value.value == "2023-05-28"


def test_empty_text():
    assert _find("") == []


def test_offsets_hold_across_lines():
    text = "Signed on May \n22, 2022 and\nagain on December \n 4, 2021.\n"
    found = _find(text)
    assert [m.value.value for m in found] == ["2022-05-22", "2021-12-04"]


def test_years_that_have_passed_set_a_yearless_date_back():
    text = "The truce signed on November 9 was ignored, although three years have passed."
    [date_, _] = _find(text, "2023-11")
    assert (date_.text, date_.value.value) == ("November 9", "2020-11-09")


@pytest.mark.parametrize(
    ("text", "dct", "span", "value"),
    [
        ("Prices fell in June last year.", "1998-02-19", "June last year", "1997-06"),
        ("Talks will have run since March.", "1990-08-13", "since March", "1990-03"),
    ],
)
def test_months_placed_by_their_words(text, dct, span, value):
    [m] = _find(text, dct)
    assert (m.text, m.value.value) == (span, value)


@pytest.mark.parametrize(
    ("text", "dct"),
    [
        ("On March 3, 2021 the talks began. It happened 828808130233 days earlier.", DCT),
        ("On March 3, 2021 the talks began. Fighting resumed 999999999999 weeks later.", DCT),
        ("On March 3, 2021 the talks began. The deal came 99999999999 months later.", DCT),
        ("On March 3, 2021 the talks began. It ended 99999999999 years later.", DCT),
        ("The ceasefire held. It was signed 828808130233 days ago.", DCT),
        ("The ceasefire was signed tomorrow and next week.", "9999-12-31"),
        ("The ceasefire was signed yesterday and last week.", "0001-01-01"),
    ],
)
def test_issue9_dates_past_the_calendar_have_no_value(text, dct):
    """Issue 9: '828808130233 days earlier' made the dates stage fail with OverflowError."""
    found = _find(text, dct)
    assert found  # the expressions are still found
    for m in found:
        if m.value is not None and m.value.value:
            assert 1000 <= int(m.value.value[:4]) <= 9999


@pytest.mark.parametrize(
    "text",
    [
        " ".join(str(n) for n in range(300_000)),  # one sentence of two megabytes of numbers
        ". ".join(str(n) for n in range(300_000)) + ".",  # numbers as sentences
        ", ".join(f"{n} days later" for n in range(60_000)),
    ],
    ids=["one-sentence", "sentences", "relative"],
)
def test_issue9_megabytes_of_numbers_are_dated_in_linear_time(text):
    """Issue 9: the dates stage grew faster than linearly (4.4 s at 400 KB of numbers)."""
    from tests.helpers import hang_guard

    with hang_guard(60):
        found = _find(text)
    assert found
