"""Recognise time expressions: a table of patterns, overlaps settled longest first, then anchoring.

Rules are regular expressions over the cleaned text, tried all at once. Each carries a resolver
(normalise.py) that turns the match into a contract value once the anchors (anchor.py) are known:
the publication date, the thread of explicit dates read so far, and the tense of the clause.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..model import Sentence, TimeMention, TimeValue
from . import normalise as nz
from .anchor import Anchors, Tense, parse_dct
from .lexicon import DAY, YEAR, Lexicon, lexicon


@dataclass(frozen=True)
class Rule:
    """One recognition rule: a pattern, the TimeML kind it yields, and how to resolve it."""

    name: str
    pattern: re.Pattern[str]
    kind: str
    resolve: nz.Resolver


@dataclass
class _Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str] = field(repr=False)


def _table(lx: Lexicon) -> list[tuple[str, str, str, nz.Resolver]]:
    M, W, N, U, d, y = lx.month, lx.weekday, lx.number, lx.unit, DAY, YEAR
    end = r"(?![\w-])"
    # a weekday before a full or partial date belongs to it: 'Monday, Oct. 26'
    wd = rf"(?:(?:on\s+)?(?:{W}),?\s+)?"
    pod = "|".join(lx.parts_of_day)
    sep = r"\s*(?:[/–-]|\s(?:to|until|through|and)\s)\s*"
    return [
        (
            "day-pair",
            rf"\b(?P<m>{M})\s+(?P<d1>{d}){sep}(?P<d2>{d})(?:,?\s+(?P<y>{y}))?{end}",
            "date",
            nz.day_pair,
        ),
        (
            "day-pair-dmy",
            rf"\b(?:from\s+|between\s+)?(?P<d1>{d}){sep}(?P<d2>{d})\s+(?P<m>{M})(?:,?\s+(?P<y>{y}))?{end}",
            "date",
            nz.day_pair,
        ),
        (
            "cross-month",
            rf"\b(?:between\s+|from\s+)?(?P<m1>{M})\s+(?P<d1>{d}){sep}(?P<m2>{M})\s+(?P<d2>{d}),?\s+(?P<y>{y}){end}",
            "date",
            nz.cross_month,
        ),
        ("mdy", rf"\b{wd}(?P<m>{M})\s+(?P<d>{d}),?\s+(?P<y>{y}){end}", "date", nz.full_date),
        (
            "dmy",
            rf"\b{wd}(?<![$£€.,])(?P<d>{d})\s+(?:of\s+)?(?P<m>{M}),?\s+(?P<y>{y}){end}",
            "date",
            nz.full_date,
        ),
        ("md", rf"\b{wd}(?P<m>{M})\s+(?P<d>{d}){end}(?!\s*[/–-]\s*\d)(?!,?\s+{y})", "date", nz.month_day),
        ("dm", rf"\b{wd}(?<![$£€.,])(?P<d>{d})\s+(?P<m>{M}){end}(?!,?\s+{y})", "date", nz.month_day),
        ("my", rf"\b(?P<m>{M}),?\s+(?:of\s+)?(?P<y>{y}){end}", "date", nz.month_year),
        ("m-of-rel", rf"\b(?P<m>{M})\s+(?:of\s+)?(?P<rel>this|last|next)\s+year\b", "date", nz.month_of_rel),
        ("m-ago", rf"\b(?P<m>{M})\s+(?P<n>{N})\s+(?P<u>years?)\s+ago\b", "date", nz.ago),
        (
            "cued-month",
            rf"(?:\b(?P<cue>in|since|until|by|last|next|this|early|late|during|of)\s+|\bmid-)(?P<m>{M}){end}(?!\.?\s*\d)",
            "date",
            nz.cued_month,
        ),
        (
            "year-range",
            rf"\b(?:between\s+|from\s+)?(?P<y1>{y})\s*(?:–|-|\s+and\s+|\s+to\s+)\s*(?:(?P<y2>{y})|(?P<now>present|today|now)){end}",
            "date",
            nz.year_range,
        ),
        ("decade", r"\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?P<dec>1[0-9]\d|20\d)0s\b", "date", nz.decade),
        (
            "century",
            rf"\b(?:the\s+)?(?:(?:early|mid|late)[- ])?(?P<ord>{lx.ordinal})[- ]century\b",
            "date",
            nz.century,
        ),
        (
            "season-year",
            rf"\b(?P<part>(?:{lx.season})\s+and\s+(?:{lx.season})|{lx.season}|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[- ](?:of\s+)?(?P<y>{y}){end}",
            "date",
            nz.season_year,
        ),
        ("rel-season", rf"\b(?P<rel>last|this|next)\s+(?P<s>{lx.season})\b", "date", nz.rel_season),
        (
            "quarter",
            rf"\b(?:the\s+)?(?:(?P<y0>{y})\s+|(?:comparable\s+)?(?P<ago>year-(?:ago|earlier))\s+)?(?:(?:fiscal|calendar)\s+)?(?:(?P<ord>first|second|third|fourth|[1-4](?:st|nd|rd|th))[- ]quarter(?:\s+of\s+(?P<y>{y}))?|(?:latest|current|past|recent)\s+quarter|quarter)\b",
            "date",
            nz.quarter,
        ),
        (
            "numeric",
            rf"(?<![\d/.-])(?:(?P<y_iso>{y})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])"
            rf"|(?P<a>[0-3]?\d)(?P<s>[/.-])(?P<b>[0-3]?\d)(?P=s)(?P<y>{y}))(?![\d/-]|\.\d)",
            "date",
            nz.numeric_date,
        ),
        ("year", rf"(?<![\d,.$£€])(?P<y>{y}){end}(?!\s*[-–]\s*\d)(?![,.]\d)", "date", nz.year),
        (
            "weekday",
            rf"\b(?:(?P<rel>last|next|this|on)\s+)?(?P<wd>{W})(?:\s+(?P<wk>next|last|this)\s+week)?(?:\s+(?P<pod>{pod}))?\b",
            "date",
            nz.weekday,
        ),
        ("deictic", r"\b(?P<w>yesterday|tonight|tomorrow)\b", "date", nz.deictic),
        ("part-of-day", rf"\b(?P<w>this|yesterday|tomorrow|last)\s+(?P<pod>{pod})\b", "date", nz.deictic),
        (
            "vague-span",
            r"\b(?:(?:in\s+)?(?:recent|the\s+coming|the\s+next\s+few|the\s+past\s+few|the\s+last\s+few)|for|after|over|within)\s+(?P<u>days|weeks|months|years|decades)\b(?!\s+(?:ago|later|earlier|old)\b)",
            "duration",
            nz.vague_span,
        ),
        ("reference", rf"\b(?:{lx.reference})\b(?!-)", "date", nz.reference),
        ("present", rf"\b(?:{lx.present})\b", "date", nz.present),
        (
            "rel-unit",
            r"\b(?:the\s+)?(?P<rel>last|next|this|past|coming|previous|following)\s+(?P<u>week|month|year)\b",
            "date",
            nz.rel_unit,
        ),
        ("holiday", rf"\b(?P<h>{lx.holiday})(?:,?\s+(?P<y>{y}))?{end}", "date", nz.holiday),
        (
            "weekend",
            r"\b(?:(?P<rel>this|last|next|past|coming)\s+|the\s+(?:past\s+)?)?weekend\b",
            "date",
            nz.weekend,
        ),
        ("this-unit", r"\b(?:earlier|later)\s+(?P<rel>this)\s+(?P<u>week|month|year)\b", "date", nz.rel_unit),
        ("ago", rf"\b(?P<n>{N})\s+(?P<u>{U})\s+ago\b(?P<m>)", "date", nz.ago),
        ("year-ago", r"\b(?:the\s+)?year-(?:ago|earlier)(?:\s+period)?\b", "date", nz.year_ago),
        (
            "later",
            rf"\b(?P<n>{N})\s+(?P<u>{U})\s+(?:(?P<dir>later|earlier)\b|(?P<dir_>after|before)(?=\s*[.,;]))",
            "date",
            nz.later,
        ),
        (
            "next-day",
            r"\bthe\s+(?P<dir>next|following|previous)\s+day\b|\bthe\s+day\s+(?P<dir2>before|after)(?=\s*[.,;])",
            "date",
            nz.next_day,
        ),
        (
            "duration",
            rf"(?:\b(?:the\s+)?(?:past|last|next|previous|coming|first)\s+)?(?:\bfor\s+)?(?:(?P<ap>{lx.approximator})\s+)?\b(?P<n>{N})(?:-|\s+)(?P<u>{U})(?:-long)?(?![\w-])(?!\s+(?:ago|later|earlier|old)\b)",
            "duration",
            nz.duration,
        ),
        (
            "set",
            r"\b(?:every|each)\s+(?:day|week|month|year)\b|\b(?:annually|yearly|daily|weekly|monthly)\b",
            "set",
            nz.every,
        ),
        (
            "clock",
            r"(?:\bat\s+)?\b(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b)|\bat\s+(?P<h_>[01]?\d|2[0-3]):(?P<min_>[0-5]\d)\b",
            "time",
            nz.clock,
        ),
    ]


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The compiled rule table."""
    compiled = []
    for name, pattern, kind, resolve in _table(lexicon()):
        compiled.append(Rule(name, re.compile(pattern, re.IGNORECASE), kind, resolve))
    return tuple(compiled)


def _cased(word: str | None) -> bool:
    # month and weekday names are proper nouns: lower-case 'march' or 'may' is a verb
    return not word or word[0].isupper()


def _is_year(text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number reads as a year rather than a count or a reference."""
    lx = lexicon()
    before = text[max(0, start - 30) : start]
    if lx.year_cue.search(before):
        return True
    # 'the 2020 war', 'Azerbaijan's 2021 budget'
    if re.search(r"(?:\bthe|'s|’s)\s+$", before, re.IGNORECASE) and lx.year_head.match(text, end):
        return True
    # uncued: a year of the last two centuries unless the words around make it a count
    return text[start : start + 2] in {"19", "20"} and not (
        lx.count_cue.search(before) or lx.count_head.match(text, end)
    )


# the word each rule's expressions must contain: a rule runs only in windows around its word
_GATE_OF = {
    **dict.fromkeys(
        [
            "day-pair",
            "day-pair-dmy",
            "cross-month",
            "mdy",
            "dmy",
            "md",
            "dm",
            "my",
            "m-of-rel",
            "m-ago",
            "cued-month",
        ],
        "month",
    ),
    **dict.fromkeys(["numeric", "year-range", "year", "decade", "season-year", "clock"], "digit"),
    **dict.fromkeys(
        ["rel-unit", "this-unit", "ago", "later", "next-day", "duration", "year-ago", "set", "vague-span"],
        "unit",
    ),
    "century": "century",
    "rel-season": "season",
    "quarter": "quarter",
    "weekday": "weekday",
    "deictic": "deictic",
    "part-of-day": "deictic",
    "reference": "reference",
    "present": "present",
    "holiday": "holiday",
    "weekend": "weekend",
}


_GATE_STOP = frozenset({"in", "the", "at", "of", "a", "an", "this", "these", "near", "day's", "year's"})
_UNITS = ("second", "minute", "hour", "day", "week", "month", "year", "decade")


def _content_words(phrases: Iterable[str]) -> set[str]:
    words = re.findall(r"[^\W_]+", " ".join(phrases).lower().replace("'s", ""))
    return {w for w in words if w not in _GATE_STOP}


@lru_cache(maxsize=1)
def _gate() -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """One scan for every gate word: the pattern, and which gates each word opens."""
    lx = lexicon()
    units = {*_UNITS, *(u + "s" for u in _UNITS), "century", "centuries", "annually", "yearly", "daily"}
    units |= {"weekly", "monthly", "hourly"}
    groups = {
        "month": set(lx.months),
        "unit": units,
        "century": {"century", "centuries"},
        "season": set(lx.seasons),
        "quarter": {"quarter", "quarters"},
        "weekday": set(lx.weekdays),
        "deictic": {"yesterday", "tonight", "tomorrow", *lx.parts_of_day},
        "reference": _content_words(lx.references),
        "present": _content_words(lx.present.replace("\\s+", " ").split("|")),
        "holiday": _content_words(lx.holidays),
        "weekend": {"weekend"},
    }
    gates: dict[str, set[str]] = {}
    for name, words in groups.items():
        for word in words:
            gates.setdefault(word, set()).add(name)
    # a plain word scan and a dictionary look-up beat one long alternation of gate words
    return re.compile(r"[^\W_]+"), {w: frozenset(g) for w, g in gates.items()}


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each gate, the merged stretches of text within reach of its words."""
    pattern, gates = _gate()
    spans: dict[str, list[tuple[int, int]]] = {name: [] for name in set(_GATE_OF.values())}
    digit = ("digit",)
    for hit in pattern.finditer(text):
        word = hit.group()
        names = digit if word[0].isdigit() else gates.get(word.lower())
        if not names:
            continue
        lo, hi = max(0, hit.start() - _REACH), min(len(text), hit.end() + _REACH)
        for name in names:
            own = spans[name]
            if own and lo <= own[-1][1]:
                own[-1] = (own[-1][0], hi)
            else:
                own.append((lo, hi))
    return spans


# characters either side of a gate word that a time expression can span
_REACH = 45


def _candidates(text: str) -> list[_Candidate]:
    found = []
    windows = _windows(text)
    for rule in rules():
        spans = windows[_GATE_OF[rule.name]]
        matches = (m for lo, hi in spans for m in rule.pattern.finditer(text, lo, hi))
        for match in matches:
            start, end = match.span()
            groups = match.groupdict()
            if rule.name == "year" and not _is_year(text, start, end):
                continue  # 'about 2000 troops', 'Flight 1990'
            if not (_cased(groups.get("m")) and _cased(groups.get("wd"))):
                continue
            if rule.name == "reference" and _MODIFIES.match(text, end) and " " in match.group():
                continue  # 'the future security arrangement': an adjective, not a time
            if rule.name == "weekday" and groups["rel"] is None and groups["wd"].isupper():
                continue  # a headline in capitals: too often a name ('FRIDAY' magazine)
            while start < end and text[start].isspace():
                start += 1
            found.append(_Candidate(start, end, rule, match))
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longest first (then leftmost), in text order."""
    # chosen spans kept sorted by start; they never overlap, so a new span need only be checked
    # against its two neighbours (a check against every chosen span was quadratic)
    starts: list[int] = []
    chosen: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        i = bisect_left(starts, cand.start)
        if i < len(chosen) and chosen[i].start < cand.end:
            continue
        if i > 0 and chosen[i - 1].end > cand.start:
            continue
        starts.insert(i, cand.start)
        chosen.insert(i, cand)
    return chosen


def _sentence_index(sentences: list[Sentence], offset: int, hint: int) -> int:
    i = hint
    while i + 1 < len(sentences) and sentences[i].end <= offset:
        i += 1
    return i


def find_timexes(text: str, sentences: list[Sentence], dct: str | None) -> list[TimeMention]:
    """Every time expression of ``text``, normalised and anchored on the publication date ``dct``."""
    anchors = parse_dct(dct)
    found: list[TimeMention] = []
    index = 0
    tense: Tense | None = None
    brackets = _Brackets(text)
    for cand in _select(_candidates(text)):
        if sentences:
            index = _sentence_index(sentences, cand.start, index)
            sent = sentences[index]
            if tense is None or tense.sentence is not sent:
                # once per sentence: a sentence of a million numbers holds a million candidates
                tense = Tense(sent)
            anchors.sentence = index
            anchors.future = tense.looks_forward(cand.start - sent.start, cand.end - sent.start)
            anchors.years_back = tense.years_back
        try:
            value, duration, approx = cand.rule.resolve(cand.match, anchors)
        except (OverflowError, ValueError):
            # a value past the calendar ('tomorrow' from 9999-12-31): the expression is kept, unvalued
            value, duration, approx = None, None, None
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
        if cand.rule.kind == "date":
            _advance(anchors, value, _leads(text, cand.start, cand.end, brackets))
            if cand.rule.name == "quarter" and value is not None and not cand.match["ago"]:
                anchors.period, anchors.period_sentence = value.value, anchors.sentence
    return found


class _Brackets:
    """Whether an offset is inside brackets opened earlier on its line, in amortised O(1) for offsets
    read in increasing order (counting from the line start each time was quadratic on long lines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0

    def open_at(self, start: int) -> bool:
        text = self.text
        if start < self.pos or text.rfind("\n", self.pos, start) >= 0:
            self.pos = text.rfind("\n", 0, start) + 1
            self.depth = 0
        piece = text[self.pos : start]
        self.depth += piece.count("(") - piece.count(")")
        self.pos = start
        return self.depth > 0


def _leads(text: str, start: int, end: int, brackets: _Brackets | None = None) -> bool:
    """Whether a date sets the narrative's year, rather than bounding a span or modifying a noun.

    'since 1990', 'the Dec. 21, 1988, bombing' or a date in brackets name a year without moving
    the story there, so a later 'in April' keeps the publication year.
    """
    before = text[max(0, start - 12) : start]
    if _BOUND.search(before):
        return False
    if (brackets or _Brackets(text)).open_at(start):
        return False  # an aside in brackets: '(a first meeting on December 14, 2021)'

    return not (_DETERMINER.search(before) and _MODIFIED.match(text, end))


# after 'the future' or 'the past': a lower-case word that is not a function word makes it an adjective
_MODIFIES = re.compile(
    r"\s+(?!(?:of|and|or|for|to|in|with|as|is|was|were|will|would|that|which|when|where|than|at|on|by|"
    r"from|the|a|an|this|these|it|we|they|he|she|has|have|had|remains?|looks?)\b)[a-z]"
)
_BOUND = re.compile(r"\b(?:since|until|till|before|after|from|through|due|by)\s+$", re.IGNORECASE)
_DETERMINER = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our)|'s|’s)\s+$", re.IGNORECASE)
_MODIFIED = re.compile(r",?\s+[a-z]")


def _advance(anchors: Anchors, value: TimeValue | None, leads: bool = True) -> None:
    """Move the thread to a date just read (explicit or resolved)."""
    if value is None or value.granularity in {"unknown", "decade", "century"}:
        return
    iso = value.value or value.start or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        anchors.thread = date.fromisoformat(iso)
        anchors.thread_explicit = value.basis == "explicit"
    elif anchors.thread is not None and not iso.startswith(str(anchors.thread.year)):
        anchors.thread = None  # a new year without a day: the old day no longer anchors 'the next day'
    if re.match(r"\d{4}", iso) and value.basis == "explicit" and leads:
        anchors.thread_year = int(iso[:4])
        anchors.thread_sentence = anchors.sentence
