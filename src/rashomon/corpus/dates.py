"""Date values as day intervals, for comparing reports of one event."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ..model import TimeValue

_SEASON_MONTHS = {"WI": (12, 2), "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11)}


def _bounds(value: str) -> tuple[date, date] | None:
    """The first and last day an ISO-like value ('2021', '2021-06', '2021-06-12', '2021-W23',
    '2021-Q2', '2021-SU', '1990s') can refer to; None when it is not a calendar value."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = int(m[1]), int(m[2])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if m := re.fullmatch(r"(\d{4})", value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, quarter = int(m[1]), int(m[2])
            last = quarter * 3
            return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1])
        if m := re.fullmatch(r"(\d{4})-(WI|SP|SU|FA|AU)", value):
            year = int(m[1])
            first, last = _SEASON_MONTHS[m[2]]
            end_year = year + 1 if first > last else year
            return date(year, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])
        if m := re.fullmatch(r"(\d{3})0s|(\d{3})X?", value):
            decade = int(m[1] or m[2]) * 10
            return date(decade, 1, 1), date(decade + 9, 12, 31)
    except ValueError:
        return None
    return None


def interval(value: TimeValue | None) -> tuple[date, date] | None:
    """The day interval a time value covers (a range spans from its start's first to its end's last day)."""
    if value is None:
        return None
    if value.start or value.end:
        first = _bounds(value.start or value.end or "")
        last = _bounds(value.end or value.start or "")
        if first and last:
            return first[0], last[1]
    return _bounds(value.value) if value.value else None


def gap_days(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two intervals; 0 when they overlap."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def width_days(a: tuple[date, date]) -> int:
    """How many days an interval spans (1 for a single day)."""
    return (a[1] - a[0]).days + 1


def label(value: TimeValue | None) -> str | None:
    """A compact string for a date value: the ISO value, or 'start/end' for a range."""
    if value is None:
        return None
    if value.value:
        return value.value
    if value.start or value.end:
        return f"{value.start or '..'}/{value.end or '..'}"
    return None
