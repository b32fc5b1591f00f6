"""Resolvers: turn one rule's match into a contract value, given the anchors.

Each resolver reads the named groups of its rule's pattern (see recognise.py) and returns the value
(for dates, sets and times), the ISO 8601 period (for durations) and the approximator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from ..model import Approx, Basis, TimeValue
from .anchor import Anchors, day_or_none, infer_year, published_value, shifted
from .lexicon import lexicon

Resolved = tuple[TimeValue | None, str | None, Approx | None]  # value, ISO duration, approximator
Resolver = Callable[[re.Match[str], Anchors], Resolved]
NONE: Resolved = (None, None, None)


def _int(text: str) -> int:
    return int(text.rstrip("stndrh"))


def _day_value(d: date | None, basis: Basis = "explicit") -> Resolved:
    return (TimeValue(d.isoformat(), "day", basis=basis) if d else None), None, None


def _range(a: str | None, b: str | None, basis: Basis = "explicit", ordered: bool = True) -> Resolved:
    if a is None or b is None or (ordered and b <= a):
        return NONE
    return TimeValue(None, "range", a, b, basis), None, None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def full_date(m: re.Match[str], a: Anchors) -> Resolved:
    """'December 14, 2023', '28 May 2023'."""
    return _day_value(day_or_none(int(m["y"]), lexicon().month_of(m["m"]), _int(m["d"])))


def numeric_date(m: re.Match[str], a: Anchors) -> Resolved:
    """'2016-06-30', '30-06-2016', '06/30/2016', '30.06.2016': day and month told apart by a figure
    over 12 ('03/04/2016' could be either, and has no value); ISO order is year, month, day."""
    year = int(m["y"] or m["y_iso"])
    if m["iso_m"]:
        return _day_value(day_or_none(year, int(m["iso_m"]), int(m["iso_d"])))
    first, second = int(m["a"]), int(m["b"])
    if first > 12 >= second:
        day, month = first, second
    elif second > 12 >= first or first == second:
        day, month = second, first
    else:
        return NONE
    return _day_value(day_or_none(year, month, day))


def day_pair(m: re.Match[str], a: Anchors) -> Resolved:
    """'November 9/10, 2020', 'July 12-16', 'from 12 to 16 July'."""
    month = lexicon().month_of(m["m"])
    d1, d2 = _int(m["d1"]), _int(m["d2"])
    if m["y"]:
        year, basis = int(m["y"]), "explicit"
    else:
        found = infer_year(month, d1, a)
        if found is None:
            return NONE
        year, basis = found
    return _range(_iso(day_or_none(year, month, d1)), _iso(day_or_none(year, month, d2)), basis)  # type: ignore[arg-type]


def cross_month(m: re.Match[str], a: Anchors) -> Resolved:
    """'September 27 to November 10, 2020'."""
    lx, year = lexicon(), int(m["y"])
    first = day_or_none(year, lx.month_of(m["m1"]), _int(m["d1"]))
    last = day_or_none(year, lx.month_of(m["m2"]), _int(m["d2"]))
    return _range(_iso(first), _iso(last))


def month_day(m: re.Match[str], a: Anchors) -> Resolved:
    """'December 7', '14 Dec': the year nearest the reference day in the tense's direction."""
    month, day = lexicon().month_of(m["m"]), _int(m["d"])
    found = infer_year(month, day, a)
    if found is None:
        return NONE
    return _day_value(day_or_none(found[0], month, day), found[1])


def month_year(m: re.Match[str], a: Anchors) -> Resolved:
    """'April 2016', 'May of 2019'."""
    return TimeValue(f"{int(m['y']):04d}-{lexicon().month_of(m['m']):02d}", "month"), None, None


def month_of_rel(m: re.Match[str], a: Anchors) -> Resolved:
    """'April of this year', 'March of last year'."""
    if a.dct_year is None:
        return NONE
    year = a.dct_year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
    return TimeValue(f"{year:04d}-{lexicon().month_of(m['m']):02d}", "month", basis="relative"), None, None


def cued_month(m: re.Match[str], a: Anchors) -> Resolved:
    """'in December', 'last March', 'mid-November': a month without a year."""
    month = lexicon().month_of(m["m"])
    cue = (m["cue"] or "").lower()
    if cue in {"last", "next", "this"} and a.dct_year is not None:
        current = a.dct_month or 12
        year = a.dct_year
        if cue == "last" and month >= current:
            year -= 1
        elif cue == "next" and month <= current:
            year += 1
        return TimeValue(f"{year:04d}-{month:02d}", "month", basis="relative"), None, None
    if cue == "since":
        a = replace(a, future=False)  # 'since March': a start already behind us
    found = infer_year(month, 15, a)
    if found is None:
        return NONE
    return TimeValue(f"{found[0]:04d}-{month:02d}", "month", basis=found[1]), None, None


def year_range(m: re.Match[str], a: Anchors) -> Resolved:
    """'between 1992 and 1994', '1918-1920', '2020-present'."""
    if m["now"]:
        if a.published is None:
            return NONE
        return _range(m["y1"], a.published, "relative")
    return _range(m["y1"], m["y2"])


def decade(m: re.Match[str], a: Anchors) -> Resolved:
    """'the 1990s', 'the early 1990s'."""
    return TimeValue(f"{m['dec']}0s", "decade"), None, None


def century(m: re.Match[str], a: Anchors) -> Resolved:
    """'the 19th century' -> '1800s'."""
    n = lexicon().ordinal_of(m["ord"])
    if n is None or not 1 <= n <= 21:
        return NONE
    return TimeValue(f"{(n - 1):02d}00s", "century"), None, None


def season_year(m: re.Match[str], a: Anchors) -> Resolved:
    """'summer 2022', 'fall of 2022', 'early 2023' (a part of a year is that year)."""
    lx = lexicon()
    words = (m["part"] or "").lower().split()
    seasons = [lx.seasons[w] for w in words if w in lx.seasons]
    if len(seasons) == 2:  # 'summer and fall of 2022'
        return _range(f"{m['y']}-{seasons[0]}", f"{m['y']}-{seasons[1]}", ordered=False)
    if seasons:
        return TimeValue(f"{m['y']}-{seasons[0]}", "season"), None, None
    return TimeValue(m["y"], "year"), None, None


def rel_season(m: re.Match[str], a: Anchors) -> Resolved:
    """'last fall', 'this summer'."""
    if a.dct_year is None:
        return NONE
    code = lexicon().seasons[m["s"].lower()]
    order = ["WI", "SP", "SU", "FA"]
    now = order[((a.dct_month or 7) % 12) // 3]
    year = a.dct_year
    rel = m["rel"].lower()
    if rel == "last" and order.index(code) >= order.index(now):
        year -= 1
    elif rel == "next" and order.index(code) <= order.index(now):
        year += 1
    return TimeValue(f"{year:04d}-{code}", "season", basis="relative"), None, None


def quarter(m: re.Match[str], a: Anchors) -> Resolved:
    """'the third quarter (of 1989)', 'third-quarter', 'the quarter' (the last one reported)."""
    current = ((a.dct_month or 12) - 1) // 3 + 1
    n = lexicon().ordinal_of(m["ord"]) if m["ord"] else None
    if m["ago"] and (back := a.year_back()) is not None and n is None:
        return back, None, None  # 'the year-ago quarter'
    if m["y"] or m["y0"]:
        year = int(m["y"] or m["y0"])
    elif a.dct_year is None:
        return NONE
    else:
        year = a.dct_year
    if n is None:
        # 'the quarter', 'the latest quarter': the quarter just ended, as in earnings reports
        n = current - 1 or 4
        if current == 1 and not (m["y"] or m["y0"]):
            year -= 1
    elif not (m["y"] or m["y0"]) and n > current:
        year -= 1
    if m["ago"] and not (m["y"] or m["y0"]):
        year -= 1
    if not 1 <= n <= 4:
        return NONE
    basis: Basis = "explicit" if (m["y"] or m["y0"]) else "relative"
    return TimeValue(f"{year:04d}-Q{n}", "quarter", basis=basis), None, None


def year(m: re.Match[str], a: Anchors) -> Resolved:
    """'in 2021', 'the 2020 war'."""
    return TimeValue(m["y"], "year"), None, None


def weekday(m: re.Match[str], a: Anchors) -> Resolved:
    """'on Wednesday', 'last Friday', 'Sunday next week': the nearest such day the tense allows."""
    if a.dct is None:
        return NONE
    lx = lexicon()
    target = lx.weekdays.index(m["wd"].lower())
    rel = (m["wk"] or m["rel"] or "").lower()
    if m["wk"]:
        monday = a.dct - timedelta(days=a.dct.weekday())
        week = monday + timedelta(weeks={"next": 1, "last": -1}.get(rel, 0))
        return _day_value(week + timedelta(days=target), "relative")
    forward = rel == "next" or (rel != "last" and a.future)
    if forward:
        delta = (target - a.dct.weekday()) % 7
        if rel == "next" and delta == 0:
            delta = 7  # news style names today by its weekday: 'will vote Wednesday' on a Wednesday

    else:
        delta = -((a.dct.weekday() - target) % 7)
        if rel == "last" and delta == 0:
            delta = -7
    return _day_value(a.dct + timedelta(days=delta), "relative")


def holiday(m: re.Match[str], a: Anchors) -> Resolved:
    """'Christmas', 'Victory Day 2021', 'Novruz': a fixed day of the year."""
    month, day = lexicon().holiday_of(m["h"])
    if m["y"]:
        return _day_value(day_or_none(int(m["y"]), month, day))
    found = infer_year(month, day, a)
    if found is None:
        return NONE
    return _day_value(day_or_none(found[0], month, day), found[1])


def weekend(m: re.Match[str], a: Anchors) -> Resolved:
    """'the weekend', 'last weekend': the week whose weekend is meant, by the tense and the weekday."""
    if a.dct is None:
        return NONE
    rel = (m["rel"] or "").lower()
    in_weekend = a.dct.weekday() >= 5
    if rel in {"next", "coming"}:
        shift = 1 if in_weekend or rel == "next" else 0
    elif rel in {"last", "past"} or "past" in m.group().lower():
        shift = 0 if in_weekend else -1
    else:  # 'this weekend', 'the weekend': the coming one when the clause looks forward
        shift = 0 if in_weekend or a.future else -1
    return shifted(a.dct, "week", shift, "relative"), None, None


def deictic(m: re.Match[str], a: Anchors) -> Resolved:
    """'yesterday', 'tomorrow', 'tonight', 'this morning', 'last night'."""
    if a.dct is None:
        return NONE
    # 'last night' is the night before the publication day; 'this morning' is that day's
    shift = {"yesterday": -1, "last": -1, "tonight": 0, "this": 0, "tomorrow": 1}[m["w"].lower()]
    return _day_value(a.dct + timedelta(days=shift), "relative")


def present(m: re.Match[str], a: Anchors) -> Resolved:
    """'today', 'now', 'the present': the publication date at its own granularity."""
    return published_value(a), None, None


def reference(m: re.Match[str], a: Anchors) -> Resolved:
    """'recently', 'in the future': a vague reference to a time, which has no value to place."""
    return TimeValue(None, "unknown", basis="relative"), None, None


def year_ago(m: re.Match[str], a: Anchors) -> Resolved:
    """'the year-ago period', 'year-earlier': the period under discussion, a year before."""
    back = a.year_back()
    if back is not None:
        return back, None, None
    if a.dct_year is None:
        return NONE
    return TimeValue(f"{a.dct_year - 1:04d}", "year", basis="relative"), None, None


def rel_unit(m: re.Match[str], a: Anchors) -> Resolved:
    """'last week', 'next month', 'the following year', 'this year'."""
    rel, unit = m["rel"].lower(), lexicon().unit_of(m["u"])
    base = a.thread if rel in {"following", "previous"} else a.dct
    if base is None and a.dct_year is not None and rel not in {"following", "previous"}:
        base = date(a.dct_year, a.dct_month or 7, 15) if unit in {"year", "month"} else None
    if base is None:
        return NONE
    if unit == "month" and a.dct is None and a.dct_month is None and rel not in {"following", "previous"}:
        return NONE
    shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    return shifted(base, unit, shift, "relative"), None, None


def ago(m: re.Match[str], a: Anchors) -> Resolved:
    """'three years ago', 'in December three years ago', 'a decade ago'."""
    lx = lexicon()
    n = lx.number_of(m["n"])
    base = a.dct or (date(a.dct_year, a.dct_month or 7, 15) if a.dct_year else None)
    if base is None or n is None:
        return NONE
    unit = lx.unit_of(m["u"])
    if unit in {"hour", "minute", "second"}:
        return NONE
    if unit == "year" and n == 1 and not m["m"] and (back := a.year_back()) is not None:
        return back, None, None
    value = shifted(base, unit, -n, "relative")
    if m["m"] and value is not None and value.value:
        month = lx.month_of(m["m"])
        return TimeValue(f"{value.value[:4]}-{month:02d}", "month", basis="relative"), None, None
    return value, None, None


def later(m: re.Match[str], a: Anchors) -> Resolved:
    """'two days later', 'a week earlier': relative to the thread's date."""
    lx = lexicon()
    n = lx.number_of(m["n"]) if m["n"] else 1
    unit = lx.unit_of(m["u"])
    if n is None or unit in {"hour", "minute", "second"}:
        return NONE
    sign = -1 if (m["dir"] or m["dir_"]).lower() in {"earlier", "before"} else 1
    if unit == "year" and n == 1 and sign < 0 and (back := a.year_back()) is not None:
        return back, None, None
    if a.thread is None:
        year = a.thread_year if a.thread_year is not None else a.dct_year
        if unit == "year" and year is not None and 1000 <= year + sign * n <= 9999:
            # 'In 2019 ... a year later': the text's year (else the publication year), when no day anchors it
            return TimeValue(f"{year + sign * n:04d}", "year", basis="relative"), None, None
        return NONE
    return shifted(a.thread, unit, sign * n, "relative"), None, None


def next_day(m: re.Match[str], a: Anchors) -> Resolved:
    """'the next day', 'the day before'."""
    if a.thread is None:
        return NONE
    word = (m["dir"] or m["dir2"] or "").lower()
    sign = -1 if word in {"previous", "before"} else 1
    return _day_value(a.thread + timedelta(days=sign), "relative")


def duration(m: re.Match[str], a: Anchors) -> Resolved:
    """'44 days', 'for nearly 30 years', 'more than five months', '11.5 years', 'the past two years'."""
    lx = lexicon()
    unit = lx.unit_of(m["u"])
    designator = lx.units[unit]
    raw = m["n"].replace(",", "")
    n: float | None = float(raw) if re.fullmatch(r"\d+\.\d+", raw) else lx.number_of(raw)
    if designator[0].isdigit():  # quarters, decades and centuries are counted in months or years
        factor = int(designator[:-1])
        designator = designator[-1]
        n = None if n is None else n * factor
    amount = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    period = f"PT{amount}{designator[1:]}" if designator.startswith("T") else f"P{amount}{designator}"
    approx = lx.approx.get(" ".join(m["ap"].lower().split())) if m["ap"] else None
    return None, period, approx  # type: ignore[return-value]


def vague_span(m: re.Match[str], a: Anchors) -> Resolved:
    """'in recent years', 'the coming months': a stretch of time of unknown length."""
    lx = lexicon()
    designator = lx.units[lx.unit_of(m["u"])]
    if designator[0].isdigit():  # decades are counted in years
        designator = designator[-1]
    return None, f"PX{designator}", None


def every(m: re.Match[str], a: Anchors) -> Resolved:
    """'every year', 'annually': a set, valued by its period."""
    lx = lexicon()
    word = m.group().lower().split()[-1]
    unit = {"annually": "year", "daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}.get(
        word, lx.unit_of(word)
    )
    return TimeValue(f"P1{lx.units.get(unit, 'Y')}", "unknown"), None, None


def clock(m: re.Match[str], a: Anchors) -> Resolved:
    """'10:35 a.m.', '9 p.m.': a time of the publication day."""
    if a.dct is None:
        return NONE
    hour, minute = int(m["h"] or m["h_"]), int(m["min"] or m["min_"] or 0)
    half = (m["ampm"] or "").lower().replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return NONE
    return TimeValue(f"{a.dct.isoformat()}T{hour:02d}:{minute:02d}", "day", basis="relative"), None, None
