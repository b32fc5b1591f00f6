"""Which two mentions' values are compared (corpus/pairs.py): reports dated to different days."""

from __future__ import annotations

from collections import Counter

import pytest

from rashomon.corpus.features import DocProfile, mention_view
from rashomon.corpus.pairs import SameEvent, _dated_apart, _far_apart, _same_day
from rashomon.model import EventMention, TimeValue
from rashomon.settings import default_settings


def _view(doc: str, value: str | None, granularity: str = "day", basis: str = "explicit"):
    date = TimeValue(value, granularity, basis=basis) if value else None  # type: ignore[arg-type]
    mention = EventMention(
        id=f"{doc}:m1",
        doc=doc,
        type="attack",
        plover=None,
        sentence_start=0,
        sentence_end=40,
        trigger_start=10,
        trigger_end=16,
        trigger="killed",
        date=date,
    )
    return mention_view(mention, "attack", None, {}, frozenset())


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        # two daily reports of rocket fire on one city, dated 15 and 17 August (issue 13)
        (("a", "2016-08-15"), ("b", "2016-08-17"), True),
        (("a", "2016-08-14"), ("b", "2016-08-15"), True),
        # the same day, or a date that is not a day, or the publication date: compared as before
        (("a", "2016-08-15"), ("b", "2016-08-15"), False),
        (("a", "2016-08-15"), ("b", "2016", "year"), False),
        (("a", "2016-08-15"), ("b", "2016-08-17", "day", "document"), False),
        (("a", "2016-08-15"), ("b", None), False),
        # one document's own mentions are the alignment's business
        (("a", "2016-08-15"), ("a", "2016-08-17"), False),
    ],
)
def test_issue13_reports_dated_to_different_days_are_not_compared(a, b, apart):
    assert _dated_apart(_view(*a), _view(*b)) is apart


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("a", "2016-08-15"), ("b", "2016-08-15"), True),
        (("a", "2016-08-15"), ("b", "2016-08-16"), False),
        # a month, a publication date or no date does not tie two stories' reports to one day
        (("a", "2016-08", "month"), ("b", "2016-08", "month"), False),
        # published the next day, a report tells the news of the day before (the seeds' 12 June 2021)
        (("a", "2021-06-13", "day", "document"), ("b", "2021-06-12"), True),
        (("a", "2021-06-13", "day", "document"), ("b", "2021-06-10"), False),
        (("a", "2021-06-13", "day", "document"), ("b", "2021-06-13", "day", "document"), False),
        (("a", "2016-08-15"), ("b", None), False),
    ],
)
def test_issue13_reports_of_two_stories_are_compared_only_on_one_day(a, b, same):
    assert _same_day(_view(*a), _view(*b)) is same


def _dated(view, days: tuple[str, ...] = ()):
    """The (document, day) of a mention as the comparison reads it, its document writing out ``days``."""
    doc = view.mention.doc
    profile = DocProfile(doc, None, Counter(), Counter(), frozenset(), frozenset(), days=frozenset(days))
    return SameEvent([], {doc: profile}, {}, default_settings())._day_of(view, 3)


@pytest.mark.parametrize(
    ("a", "b", "far"),
    [
        # published a month apart, neither dating the event itself: two reports of two attacks
        (("a", "2016-06-06", "day", "document"), ("b", "2016-08-15", "day", "document"), True),
        (("a", "2016-08-14", "day", "document"), ("b", "2016-08-15"), False),  # within the window
        (("a", "2016-06", "month"), ("b", "2016-08-15"), False),  # not a day
    ],
)
def test_issue13_reports_far_apart_are_not_compared(a, b, far):
    assert _far_apart(_dated(_view(*a)), _dated(_view(*b)), 3) is far


@pytest.mark.parametrize(
    ("days", "far"),
    [
        # an undated mention in a report that writes out only 17 August, against 17 June: two attacks
        (("2016-08-17",), True),
        (("2016-08-16", "2016-08-17"), True),
        # its report writes out days far apart (a ceasefire months before): it is not dated by them
        (("2016-02-27", "2016-08-17"), False),
        (("2016-06-17",), False),
        ((), False),
    ],
)
def test_issue13_an_undated_mention_is_dated_by_the_days_its_report_writes_out(days, far):
    dated = _dated(_view("a", "2016-06-17", "day", "inferred"))
    assert _far_apart(dated, _dated(_view("b", None), days), 3) is far
