"""Anchors for relative time expressions: the publication date, the thread, and the tense.

A relative expression ("on Wednesday", "last week") is resolved against the publication date; one
relative to another date ("two days later", "the next day") against the most recent explicit date
of the text (the thread). The tense of the expression's clause says which way to look.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Basis, Sentence, TimeValue
from .lexicon import lexicon

# how many sentences back a thread date still sets the year of a date written without one
THREAD_REACH = 1
# how many sentences a quarter stays the period that 'a year ago' compares against
PERIOD_REACH = 3
# the clause of an expression: what lies between these marks around it
_CLAUSE_MARK = re.compile(r"[;:,()\[\]—–]|\s-\s|\b(?:while|whereas|but|after|before|when|that)\b")


@dataclass
class Anchors:
    """What relative expressions are resolved against (mutable: the thread moves as text is read)."""

    dct: date | None  # publication date, when known to the day
    dct_year: int | None  # publication year, when known at least to the year
    dct_month: int | None = None  # publication month, when known at least to the month
    published: str | None = None  # the publication date as given (possibly truncated)
    future: bool = False  # the clause of the expression being resolved looks forward
    sentence: int = 0  # index of the sentence being read
    thread: date | None = None  # the most recent day in the text (explicit or resolved)
    thread_explicit: bool = False  # whether that day was written out with its year
    thread_year: int | None = None  # the year the text most recently wrote out
    thread_sentence: int = -1_000  # the sentence the thread year was read in
    years_back: int = 0  # the sentence says "three years have passed": its yearless dates are that far back
    period: str | None = None  # the last quarter the text named ('1989-Q3'), for earnings reports
    period_sentence: int = -1_000

    def year_back(self) -> TimeValue | None:
        """'a year ago' in a text about a quarter: that quarter a year before, as earnings reports mean it."""
        if self.period is None or self.sentence - self.period_sentence > PERIOD_REACH:
            return None
        return TimeValue(f"{int(self.period[:4]) - 1:04d}{self.period[4:]}", "quarter", basis="relative")

    def reference(self) -> tuple[date, Basis] | None:
        """The day a yearless date is placed near: the publication date (or the middle of it)."""
        if self.dct is not None:
            return _years_before(self.dct, self.years_back), "relative"
        if self.dct_year is not None:
            # a publication date known only to the month or year: its middle, and the result is a guess
            middle = date(self.dct_year, self.dct_month or 7, 15 if self.dct_month else 1)
            return _years_before(middle, self.years_back), "inferred"
        return None


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years, day=min(day.day, 28))


# "three years have passed", "two years on": the sentence looks back from the publication date
_ELAPSED = re.compile(r"\b(\w+)\s+years\s+(?:have|had)\s+(?:passed|gone\s+by|elapsed)\b", re.IGNORECASE)


def years_elapsed(sentence: str) -> int:
    """How many years a sentence says have passed since its events (0 when it says nothing)."""
    match = _ELAPSED.search(sentence)
    if match is None:
        return 0
    n = lexicon().number_of(match[1])
    return n if n is not None and 0 < n < 100 else 0


def parse_dct(published: str | None) -> Anchors:
    """Anchors from a (possibly truncated) ISO publication date."""
    if not published:
        return Anchors(None, None)
    match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published)
    if match is None:
        return Anchors(None, None)
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    try:
        day = date(year, month, int(match[3])) if month and match[3] else None
    except ValueError:
        day = None
    iso = match.group()
    return Anchors(day, year, month, iso)


def day_or_none(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31 June, year 0)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, a: Anchors) -> tuple[int, Basis] | None:
    """The year of a date written without one: nearest the reference day, looking the tense's way.

    A year the text just wrote out holds for the dates after it, unless the clause looks forward
    from a year already past ('invited in July 1997, will join on March 12').
    """
    future = a.future
    behind = a.future and a.dct_year is not None and (a.thread_year or 0) < a.dct_year
    if a.thread_year is not None and a.sentence - a.thread_sentence <= THREAD_REACH and not behind:
        if a.thread is None or a.thread.year != a.thread_year or not a.thread_explicit:
            # 'in 2021, ... on June 15': a year the text just wrote out holds for the dates after it
            return a.thread_year, "relative"
        # 'On December 4, 2021 ... on March 2': a narrative moves forward from its last full date
        ref: tuple[date, Basis] | None = (a.thread, "relative")
        future = True
    else:
        ref = a.reference()
    if ref is None:
        return None
    anchor, basis = ref
    best: tuple[float, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        candidate = day_or_none(year, month, min(day, 28))
        if candidate is None:
            continue
        delta = (candidate - anchor).days
        # the other direction costs double: news in the past tense rarely means next year's date
        against = delta > 1 if not future else delta < -1
        cost = abs(delta) * (2.0 if against else 1.0)
        if best is None or cost < best[0]:
            best = (cost, year)
    return (best[1], basis) if best else None


def looks_forward(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` (a sentence) speaks of the future."""
    lx = lexicon()
    left = max((m.end() for m in _CLAUSE_MARK.finditer(text, 0, start)), default=0)
    right_mark = _CLAUSE_MARK.search(text, end)
    right = right_mark.start() if right_mark else len(text)
    clause = text[left:right]
    if lx.future.search(clause):
        return True
    if lx.past.search(clause):
        return False
    # the clause says nothing: the sentence decides, and news defaults to the past
    return bool(lx.future.search(text)) and not lx.past.search(text)


class Tense:
    """looks_forward and years_elapsed for one sentence, with what the whole sentence says read once."""

    def __init__(self, sentence: Sentence) -> None:
        self.sentence = sentence
        self.years_back = years_elapsed(sentence.text)
        marks = [m.span() for m in _CLAUSE_MARK.finditer(sentence.text)]
        self._starts = [s for s, _ in marks]
        self._ends = [e for _, e in marks]
        self._sentence_future: bool | None = None
        self._clauses: dict[tuple[int, int], bool] = {}

    def looks_forward(self, start: int, end: int) -> bool:
        """The answer of looks_forward(sentence.text, start, end), in O(log n) per call."""
        i = bisect_right(self._ends, start) - 1
        left = self._ends[i] if i >= 0 else 0
        j = bisect_left(self._starts, end)
        right = self._starts[j] if j < len(self._starts) else len(self.sentence.text)
        if (left, right) not in self._clauses:
            self._clauses[left, right] = self._decide(self.sentence.text[left:right])
        return self._clauses[left, right]

    def _decide(self, clause: str) -> bool:
        lx = lexicon()
        if lx.future.search(clause):
            return True
        if lx.past.search(clause):
            return False
        if self._sentence_future is None:
            text = self.sentence.text
            self._sentence_future = bool(lx.future.search(text)) and not lx.past.search(text)
        return self._sentence_future


def shifted(base: date, unit: str, n: int, basis: Basis) -> TimeValue | None:
    """``base`` moved by ``n`` units, truncated to that unit; None outside the years 1000 to 9999."""
    if unit in {"day", "week"}:
        try:
            moved = base + timedelta(days=n if unit == "day" else 7 * n)
        except OverflowError:  # '828808130233 days earlier': no calendar date
            return None
        if moved.year < 1000:
            return None
        if unit == "day":
            return TimeValue(moved.isoformat(), "day", basis=basis)
        iso = moved.isocalendar()
        return TimeValue(f"{iso.year:04d}-W{iso.week:02d}", "week", basis=basis)
    months = base.year * 12 + base.month - 1 + n
    year = {"month": months // 12, "year": base.year + n, "decade": base.year + 10 * n}.get(unit)
    if year is None or not 1000 <= year <= 9999:
        return None  # '2,000 years ago': antiquity has no useful four-digit year; nor has year 10,000
    if unit == "month":
        return TimeValue(f"{year:04d}-{months % 12 + 1:02d}", "month", basis=basis)
    return TimeValue(f"{year:04d}", "year", basis=basis)


def published_value(a: Anchors) -> TimeValue | None:
    """The publication date itself as a value ('today', 'now'), at the granularity it is known."""
    if a.published is None:
        return None
    granularity = {10: "day", 7: "month", 4: "year"}[len(a.published)]
    return TimeValue(a.published, granularity, basis="relative")  # type: ignore[arg-type]
