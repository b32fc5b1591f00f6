"""Recognise time expressions and normalise them, anchored on the publication date.

Rules are regular expressions over the cleaned text, tried all at once; overlapping matches are
settled longest first. Each match carries a resolver that turns it into a contract date once the
anchors are known: the publication date (for "on Wednesday", "last week", "three years ago") and
the most recent explicit date of the thread (for "two days later", "the following month").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..model import Approx, Sentence, TimeMention, TimeValue
from .lexicon import DAY, YEAR, Lexicon, lexicon


@dataclass
class Anchors:
    """What relative expressions are resolved against."""

    dct: date | None  # publication date, when known to the day
    dct_year: int | None  # publication year, when known at least to the year
    future: bool = False  # the sentence looks forward
    thread: date | None = None  # the most recent explicit day in the text
    thread_year: int | None = None  # the most recent explicit year in the text


Resolved = tuple[TimeValue | None, str | None, Approx | None]  # value, ISO duration, approximator
Resolver = Callable[[re.Match[str], Anchors], Resolved]


@dataclass(frozen=True)
class Rule:
    """One recognition rule: a pattern, the TimeML kind it yields, and how to resolve it."""

    name: str
    pattern: re.Pattern[str]
    kind: str
    resolve: Resolver
    explicit: bool = False  # resolves without anchors and may anchor later expressions


@dataclass
class _Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str] = field(repr=False)


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, a: Anchors) -> int | None:
    """The year for a date written without one: the thread's year, else nearest the publication
    date in the direction the tense implies."""
    if a.thread_year is not None and (a.dct is None or a.thread_year != a.dct.year):
        return a.thread_year
    if a.dct is None:
        return a.dct_year
    this = _day(a.dct.year, month, min(day, 28)) or a.dct
    if a.future:
        return a.dct.year if this >= a.dct else a.dct.year + 1
    return a.dct.year if this <= a.dct + timedelta(days=1) else a.dct.year - 1


def _v(d: date | None, basis: str = "explicit") -> TimeValue | None:
    return TimeValue(d.isoformat(), "day", basis=basis) if d else None  # type: ignore[arg-type]


def _range(a: date | None, b: date | None, basis: str = "explicit") -> TimeValue | None:
    if a is None or b is None:
        return None
    return TimeValue(None, "range", a.isoformat(), b.isoformat(), basis)  # type: ignore[arg-type]


def _rules(lx: Lexicon) -> list[Rule]:
    M, W, N, U = lx.month, lx.weekday, lx.number, lx.unit
    I = re.IGNORECASE  # noqa: E741 - short for readability of the table below

    def full(m: re.Match[str], a: Anchors) -> Resolved:
        return _v(_day(int(m["y"]), lx.month_of(m["m"]), int(m["d"].rstrip("stndrh")))), None, None

    def day_pair(m: re.Match[str], a: Anchors) -> Resolved:
        month = lx.month_of(m["m"])
        year: int | None = int(m["y"]) if m["y"] else _infer_year(month, 1, a)
        if year is None:
            return None, None, None
        basis = "explicit" if m["y"] else "relative"
        d1, d2 = int(m["d1"].rstrip("stndrh")), int(m["d2"].rstrip("stndrh"))
        return _range(_day(year, month, d1), _day(year, month, d2), basis), None, None

    def cross_month(m: re.Match[str], a: Anchors) -> Resolved:
        year = int(m["y"])
        first = _day(year, lx.month_of(m["m1"]), int(m["d1"].rstrip("stndrh")))
        last = _day(year, lx.month_of(m["m2"]), int(m["d2"].rstrip("stndrh")))
        return _range(first, last), None, None

    def month_day(m: re.Match[str], a: Anchors) -> Resolved:
        month, day = lx.month_of(m["m"]), int(m["d"].rstrip("stndrh"))
        year = _infer_year(month, day, a)
        # a year taken from a publication date known only to the month or year is a guess
        basis = "relative" if a.dct is not None or year == a.thread_year else "inferred"
        return (_v(_day(year, month, day), basis) if year else None), None, None

    def month_year(m: re.Match[str], a: Anchors) -> Resolved:
        return TimeValue(f"{int(m['y']):04d}-{lx.month_of(m['m']):02d}", "month"), None, None

    def month_of_rel(m: re.Match[str], a: Anchors) -> Resolved:
        if a.dct_year is None:
            return None, None, None
        year = a.dct_year + {"this": 0, "last": -1, "next": 1}[m["rel"].lower()]
        return TimeValue(f"{year:04d}-{lx.month_of(m['m']):02d}", "month", basis="relative"), None, None

    def cued_month(m: re.Match[str], a: Anchors) -> Resolved:
        month = lx.month_of(m["m"])
        cue = m["cue"].lower()
        if a.dct is None and a.thread_year is None:
            return None, None, None
        if cue in {"last", "next", "this"} and a.dct is not None:
            shift = {"last": -1, "next": 1, "this": 0}[cue]
            shifted = a.dct.year + (shift if (shift < 0) == (month >= a.dct.month) or shift == 0 else 0)
            return TimeValue(f"{shifted:04d}-{month:02d}", "month", basis="relative"), None, None
        year = _infer_year(month, 1, a)
        return (TimeValue(f"{year:04d}-{month:02d}", "month", basis="relative") if year else None), None, None

    def year_range(m: re.Match[str], a: Anchors) -> Resolved:
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y2 <= y1:
            return None, None, None
        return TimeValue(None, "range", str(y1), str(y2)), None, None

    def decade(m: re.Match[str], a: Anchors) -> Resolved:
        return TimeValue(f"{m['dec']}0s", "decade"), None, None

    def season_year(m: re.Match[str], a: Anchors) -> Resolved:
        word = (m["part"] or "").lower()
        if word in lx.seasons:
            return TimeValue(f"{m['y']}-{lx.seasons[word]}", "season"), None, None
        return TimeValue(m["y"], "year"), None, None

    def year(m: re.Match[str], a: Anchors) -> Resolved:
        return TimeValue(m["y"], "year"), None, None

    def weekday(m: re.Match[str], a: Anchors) -> Resolved:
        if a.dct is None:
            return None, None, None
        target = lx.weekdays.index(m["wd"].lower())
        rel = (m["rel"] or "").lower()
        forward = rel == "next" or (rel != "last" and a.future)
        if forward:
            delta = (target - a.dct.weekday()) % 7 or 7
        else:
            delta = -((a.dct.weekday() - target) % 7)
            if rel == "last" and delta == 0:
                delta = -7
        return _v(a.dct + timedelta(days=delta), "relative"), None, None

    def deictic(m: re.Match[str], a: Anchors) -> Resolved:
        if a.dct is None:
            return None, None, None
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[m["w"].lower()]
        return _v(a.dct + timedelta(days=shift), "relative"), None, None

    def rel_unit(m: re.Match[str], a: Anchors) -> Resolved:
        rel, unit = m["rel"].lower(), lx.unit_of(m["u"])
        base = a.thread if rel in {"following", "previous"} else a.dct
        if base is None:
            return None, None, None
        shift = (
            -1 if rel in {"last", "past", "previous"} else 1 if rel in {"next", "coming", "following"} else 0
        )
        basis = "relative"
        return _shifted(base, unit, shift, basis), None, None

    def this_unit(m: re.Match[str], a: Anchors) -> Resolved:
        if a.dct is None:
            return None, None, None
        return _shifted(a.dct, lx.unit_of(m["u"]), 0, "relative"), None, None

    def ago(m: re.Match[str], a: Anchors) -> Resolved:
        n = lx.number_of(m["n"])
        if a.dct is None or n is None:
            return None, None, None
        value = _shifted(a.dct, lx.unit_of(m["u"]), -n, "relative")
        if m["m"] and value is not None and value.value:
            year = int(value.value[:4])
            return TimeValue(f"{year:04d}-{lx.month_of(m['m']):02d}", "month", basis="relative"), None, None
        return value, None, None

    def later(m: re.Match[str], a: Anchors) -> Resolved:
        n = lx.number_of(m["n"]) if m["n"] else 1
        if a.thread is None or n is None:
            return None, None, None
        sign = -1 if m["dir"].lower() in {"earlier", "before"} else 1
        return _shifted(a.thread, lx.unit_of(m["u"]), sign * n, "relative"), None, None

    def next_day(m: re.Match[str], a: Anchors) -> Resolved:
        if a.thread is None:
            return None, None, None
        word = (m["dir"] or m["dir2"] or "").lower()
        sign = -1 if word in {"previous", "before"} else 1
        return _v(a.thread + timedelta(days=sign), "relative"), None, None

    def duration(m: re.Match[str], a: Anchors) -> Resolved:
        n = lx.number_of(m["n"])
        unit = lx.unit_of(m["u"])
        designator = lx.units[unit]
        amount = "X" if n is None else str(n)
        if designator.startswith("10"):  # decades and centuries are counted in years
            factor = int(designator[:-1])
            amount, designator = ("X" if n is None else str(n * factor)), "Y"
        approx = lx.approx.get(" ".join(m["ap"].lower().split())) if m["ap"] else None
        return None, f"P{amount}{designator}", approx  # type: ignore[return-value]

    def every(m: re.Match[str], a: Anchors) -> Resolved:
        word = m.group().lower().split()[-1]
        unit = {
            "annually": "year",
            "daily": "day",
            "weekly": "week",
            "monthly": "month",
            "yearly": "year",
        }.get(word, lx.unit_of(word))
        return TimeValue(f"P1{lx.units.get(unit, 'Y')}", "unknown"), None, None

    d, y = DAY, YEAR
    end = r"(?![\w-])"
    table: list[tuple[str, str, str, Resolver, bool]] = [
        (
            "day-pair",
            rf"\b(?P<m>{M})\s+(?P<d1>{d})\s*[/–-]\s*(?P<d2>{d})(?:,?\s+(?P<y>{y}))?{end}",
            "date",
            day_pair,
            True,
        ),
        (
            "day-pair-dmy",
            rf"\b(?:from\s+)?(?P<d1>{d})\s*(?:[/–-]|\s+to\s+|\s+and\s+)\s*(?P<d2>{d})\s+(?P<m>{M})(?:,?\s+(?P<y>{y}))?{end}",
            "date",
            day_pair,
            True,
        ),
        (
            "cross-month",
            rf"\b(?:between\s+|from\s+)?(?P<m1>{M})\s+(?P<d1>{d})\s+(?:to|until|through|and|–|-)\s+(?P<m2>{M})\s+(?P<d2>{d}),?\s+(?P<y>{y}){end}",
            "date",
            cross_month,
            True,
        ),
        ("mdy", rf"\b(?P<m>{M})\s+(?P<d>{d}),?\s+(?P<y>{y}){end}", "date", full, True),
        ("dmy", rf"\b(?P<d>{d})\s+(?:of\s+)?(?P<m>{M}),?\s+(?P<y>{y}){end}", "date", full, True),
        ("md", rf"\b(?P<m>{M})\s+(?P<d>{d}){end}(?!\s*[/–-]\s*\d)(?!,?\s+{y})", "date", month_day, False),
        ("dm", rf"\b(?P<d>{d})\s+(?P<m>{M}){end}(?!,?\s+{y})", "date", month_day, False),
        ("my", rf"\b(?P<m>{M}),?\s+(?:of\s+)?(?P<y>{y}){end}", "date", month_year, True),
        ("m-of-rel", rf"\b(?P<m>{M})\s+of\s+(?P<rel>this|last|next)\s+year\b", "date", month_of_rel, False),
        ("m-ago", rf"\b(?:in\s+)?(?P<m>{M})\s+(?P<n>{N})\s+(?P<u>years?)\s+ago\b", "date", ago, False),
        (
            "cued-month",
            rf"\b(?P<cue>in|since|until|by|last|next|this|early|late|mid-?|during)\s+(?P<m>{M}){end}(?!\s*\d)",
            "date",
            cued_month,
            False,
        ),
        (
            "year-range",
            rf"\b(?:between\s+)?(?P<y1>{y})\s*(?:–|-|\s+and\s+|\s+to\s+)\s*(?P<y2>{y}){end}",
            "date",
            year_range,
            True,
        ),
        (
            "decade",
            r"\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?P<dec>1[6-9]\d|20\d)0s\b",
            "date",
            decade,
            True,
        ),
        (
            "season-year",
            rf"\b(?P<part>{lx.season}|early|late|mid|the\s+end\s+of|the\s+beginning\s+of)[- ](?:of\s+)?(?P<y>{y}){end}",
            "date",
            season_year,
            True,
        ),
        ("year", rf"(?P<y>{y}){end}(?!\s*[-–]\s*\d)", "date", year, True),
        ("weekday", rf"\b(?:(?P<rel>last|next|this|on)\s+)?(?P<wd>{W})\b", "date", weekday, False),
        ("deictic", r"\b(?P<w>yesterday|today|tonight|tomorrow)\b", "date", deictic, False),
        (
            "rel-unit",
            r"\b(?:the\s+)?(?P<rel>last|next|this|past|coming|previous|following)\s+(?P<u>week|month|year)\b",
            "date",
            rel_unit,
            False,
        ),
        ("this-unit", r"\b(?:earlier|later)\s+this\s+(?P<u>week|month|year)\b", "date", this_unit, False),
        ("ago", rf"\b(?P<n>{N})\s+(?P<u>{U})\s+ago\b(?P<m>)", "date", ago, False),
        (
            "later",
            rf"\b(?P<n>{N})\s+(?P<u>{U})\s+(?P<dir>later|after|earlier|before)\b(?!\s+(?:the|a|an|his|her|their|its)\b)",
            "date",
            later,
            False,
        ),
        (
            "next-day",
            r"\bthe\s+(?P<dir>next|following|previous)\s+day\b|\bthe\s+day\s+(?P<dir2>before|after)\b",
            "date",
            next_day,
            False,
        ),
        (
            "duration",
            rf"(?:\bfor\s+)?(?:(?P<ap>{lx.approximator})\s+)?\b(?P<n>{N}|several|few)[- ](?P<u>{U})(?:-long)?(?![\w-])(?!\s+(?:ago|later|old|earlier|after|before)\b)",
            "duration",
            duration,
            False,
        ),
        (
            "set",
            r"\b(?:every|each)\s+(?:day|week|month|year)\b|\b(?:annually|daily|weekly|monthly|yearly)\b",
            "set",
            every,
            False,
        ),
    ]
    rules = []
    for name, pattern, kind, resolve, explicit in table:
        flags = 0 if name in {"year", "year-range"} else I
        rules.append(Rule(name, re.compile(pattern, flags), kind, resolve, explicit))
    return rules


def _shifted(base: date, unit: str, n: int, basis: str) -> TimeValue | None:
    """``base`` moved by ``n`` units, truncated to that unit."""
    if unit == "day":
        return _v(base + timedelta(days=n), basis)
    if unit == "week":
        iso = (base + timedelta(weeks=n)).isocalendar()
        return TimeValue(f"{iso.year:04d}-W{iso.week:02d}", "week", basis=basis)  # type: ignore[arg-type]
    if unit == "month":
        months = base.year * 12 + base.month - 1 + n
        return TimeValue(f"{months // 12:04d}-{months % 12 + 1:02d}", "month", basis=basis)  # type: ignore[arg-type]
    if unit == "year":
        return TimeValue(f"{base.year + n:04d}", "year", basis=basis)  # type: ignore[arg-type]
    if unit == "decade":
        return TimeValue(f"{(base.year // 10 + n) * 10}s", "decade", basis=basis)  # type: ignore[arg-type]
    return None


_RULES: list[Rule] = []


def rules() -> list[Rule]:
    """The compiled rule table."""
    if not _RULES:
        _RULES.extend(_rules(lexicon()))
    return _RULES


def _candidates(text: str) -> list[_Candidate]:
    lx = lexicon()
    found = []
    for rule in rules():
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            if rule.name == "year" and not lx.year_cue.search(text[max(0, start - 30) : start]):
                continue  # a bare number is a year only after a cue ('in 2021', 'since 1994')
            if rule.name == "weekday" and match["rel"] is None and not _capitalised(match["wd"]):
                continue
            while start < end and text[start].isspace():
                start += 1
            found.append(_Candidate(start, end, rule, match))
    return found


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def parse_dct(published: str | None) -> Anchors:
    """Anchors from a (possibly truncated) ISO publication date."""
    if not published:
        return Anchors(None, None)
    parts = published.split("-")
    try:
        year = int(parts[0])
        day = date(year, int(parts[1]), int(parts[2])) if len(parts) >= 3 else None
    except ValueError:
        return Anchors(None, None)
    return Anchors(day, year)


def _sentence_of(sentences: list[Sentence], offset: int) -> Sentence | None:
    for s in sentences:
        if s.start <= offset < s.end:
            return s
    return None


def find_timexes(text: str, sentences: list[Sentence], dct: str | None) -> list[TimeMention]:
    """Every time expression of ``text``, normalised and anchored on the publication date ``dct``."""
    chosen: list[_Candidate] = []
    for cand in sorted(_candidates(text), key=lambda c: (-(c.end - c.start), c.start)):
        if all(cand.end <= k.start or k.end <= cand.start for k in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    anchors = parse_dct(dct)
    future = lexicon().future
    found: list[TimeMention] = []
    for cand in chosen:
        sentence = _sentence_of(sentences, cand.start)
        anchors.future = bool(sentence and future.search(text[sentence.start : sentence.end]))
        value, duration, approx = cand.rule.resolve(cand.match, anchors)
        found.append(
            TimeMention(
                start=cand.start,
                end=cand.end,
                text=text[cand.start : cand.end],
                kind=cand.rule.kind,  # type: ignore[arg-type]
                value=value,
                duration=duration,
                approx=approx,
            )
        )
        _advance(anchors, value)
    return found


def _advance(anchors: Anchors, value: TimeValue | None) -> None:
    """Move the thread anchors to an explicit (or relative) date just read."""
    if value is None or value.granularity in {"unknown", "decade", "century"}:
        return
    iso = value.value or value.start or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        anchors.thread = date.fromisoformat(iso)
    if re.match(r"\d{4}", iso):
        anchors.thread_year = int(iso[:4])
    if value.granularity == "year" and anchors.thread and anchors.thread.year != anchors.thread_year:
        anchors.thread = None
