"""A document's own title and publication date, when sources.csv gives none.

The date finder is deliberately small. It reads only the top of the raw text (before cleaning, since
cleaning drops page headers) and ranks what it finds:
  byline    a line starting "By …", "Published …", "Posted …" or "Date:" that carries a full date
            ("By Jane Doe December 14, 2023");
  dateline  a line that opens with a place in capitals and a date ("BAKU, 14 December 2023 —"), or a
            line that is only a date ("Thursday, December 14, 2023");
  header    a page header "Last update: April 29, 2024 00:20" / "Updated …": a date of the page,
            used only when neither of the above exists, because an update is not the publication.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise

import yaml

from ..errors import ConfigError
from ..resources import load_yaml, parse_yaml

_TOP_LINES = 25  # bylines and datelines sit at the top; deeper dates are about events, not the page
_MAX_TITLE_CHARS = 200
_TITLE_LINES = 8  # a headline below this many lines of page furniture is not found


@dataclass(frozen=True)
class FoundDate:
    """A publication date found in the text, and how."""

    value: str  # ISO, possibly truncated: 2023-12-14, 2023-12
    source: str  # byline, dateline, header


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    try:
        text = resources.files("rashomon.resources").joinpath("ingest", "months.yaml").read_text("utf-8")
        data = parse_yaml(text)["months"]
        return {str(name).lower(): int(number) for number, names in data.items() for name in names}
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"resources/ingest/months.yaml: {exc}") from exc


@lru_cache(maxsize=1)
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    month = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    year = r"(?P<y>(?:19|20)\d\d)"
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    return tuple(
        re.compile(p, re.IGNORECASE)
        for p in (
            rf"\b(?P<m>{month})\.?\s+{day},?\s+{year}\b",
            rf"\b{day}\s+(?:of\s+)?(?P<m>{month})\.?,?\s+{year}\b",
            rf"\b{year}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b",
            rf"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.{year}\b",
        )
    )


_BYLINE = re.compile(r"^(?:by\s|written\s+by\s|published\b|posted\b|date\b\s*:?)", re.IGNORECASE)
_HEADER = re.compile(r"^(?:last\s+)?(?:update[ds]?|modified)\b", re.IGNORECASE)
_DATELINE_PLACE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Za-z .]{2,30})?,?\s*(?:\([^)]{1,30}\)\s*)?[,:]?\s*"
)
_PLACE_ONLY = re.compile(r"[A-Z][\w .'-]{1,40},\s*")
_WEEKDAY = re.compile(r"^(?:[A-Z][a-z]+day),?\s+")
_WEEKDAY_SHORT = re.compile(r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|[A-Z][a-z]+day)\.?,?\s+")
# after a date at the start of a line: the first word of a sentence
_NEW_SENTENCE = re.compile(r"\s+[A-Z0-9]")
_DASH_AFTER = re.compile(r"^\s*(?:\([^)]{1,30}\))?\s*[-–—:]")


def find_date(text: str) -> tuple[str, re.Match[str]] | None:
    """The first full date in a string, as ISO (YYYY-MM-DD), with its match."""
    best: tuple[str, re.Match[str]] | None = None
    for pattern in _date_patterns():
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso is not None and (best is None or match.start() < best[1].start()):
                best = (iso, match)
                break
    return best


def _iso(match: re.Match[str]) -> str | None:
    raw_month = match.group("m")
    month = int(raw_month) if raw_month.isdigit() else _months().get(raw_month.lower())
    try:
        date = dt.date(int(match.group("y")), month or 0, int(match.group("d")))
    except ValueError:
        return None
    return date.isoformat()


def find_published(raw: str) -> FoundDate | None:
    """The publication date from a byline, a dateline or (last) a page header at the top of the text."""
    found: dict[str, str] = {}
    lines = [line.strip() for line in raw[:20_000].splitlines() if line.strip()][:_TOP_LINES]
    for line in lines:
        date = find_date(line)
        if date is None:
            continue
        iso, match = date
        if _BYLINE.match(line):
            kind = "byline"
        elif _HEADER.match(line):
            kind = "header"
        elif _is_dateline(line, match):
            kind = "dateline"
        else:
            continue
        found.setdefault(kind, iso)
    for kind in ("byline", "dateline", "header"):
        if kind in found:
            return FoundDate(found[kind], kind)
    return None


def _is_dateline(line: str, match: re.Match[str]) -> bool:
    before, after = line[: match.start()], line[match.end() :]
    if not before.strip(" ,") and not after.strip(" .,"):
        return True  # a line that is only a date
    if _WEEKDAY.fullmatch(before) and not after.strip(" .,"):
        return True
    if (not before.strip() or _WEEKDAY_SHORT.fullmatch(before)) and _NEW_SENTENCE.match(after):
        return True  # a page's date glued to its first words: '14 August 2016 Two civilians were ...'

    if _PLACE_ONLY.fullmatch(before) and not after.strip(" .,"):
        return True  # "Halvik, March 5, 2025" on a line of its own
    place = _DATELINE_PLACE.fullmatch(before)
    return place is not None and before.strip() != "" and _DASH_AFTER.match(after) is not None


@lru_cache(maxsize=1)
def _clutter() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    data = load_yaml("ingest", "title_clutter.yaml")
    try:
        lines = frozenset(str(x).lower() for x in data["lines"])
        last = frozenset(str(x).lower() for x in data["last_words"])
        return lines, last, tuple(str(x) for x in data["separators"])
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"resources/ingest/title_clutter.yaml: {exc}") from exc


_URL = re.compile(
    r"^(?:https?://|www\.)\S+$|^\S+\.(?:com|org|net|az|am|ru|ua|il|info|gov)(?:/\S*)?$", re.IGNORECASE
)
_DATE_WORDS = re.compile(
    r"\b(?:date|published|posted|updated?|last|on|at|by|am|pm|utc|gmt)\b|[\d:.,/|·-]", re.I
)


def is_clutter(line: str) -> bool:
    """Whether a line at the top of a page is furniture, a URL or a date line, never a title."""
    text = " ".join(line.split()).strip(" #*|:-–—")
    if not text:
        return True
    lines, last_words, _ = _clutter()
    words = text.lower().strip(".!?:;,").split()
    if " ".join(words) in lines or (words and words[-1] in last_words) or _URL.match(text):
        return True
    if _BYLINE.match(text) or _HEADER.match(text):
        return True
    found = find_date(text)
    if found is None:
        return False
    # what is left once the date and the words around dates go is too little to be a headline
    rest = _DATE_WORDS.sub(" ", text[: found[1].start()] + " " + text[found[1].end() :])
    return len(rest.split()) < 3


def clean_title(title: str | None) -> str | None:
    """A page's title without its site name or tagline; None when it is only page clutter."""
    if not title:
        return None
    text = " ".join(title.split()).lstrip("#").strip()
    _, _, separators = _clutter()
    parts = [text]
    for sep in separators:
        parts = [piece.strip() for part in parts for piece in part.split(sep)]
    if not parts[0] or is_clutter(parts[0]):
        return None  # 'Edit post ‹ Site — WordPress': the title of an editor's page, not of the text
    parts = [p for p in parts if p and not is_clutter(p)]
    if not parts:
        return None
    # a headline comes first and is rarely shorter than three words; a site name or tagline follows
    best = parts[0] if len(parts[0].split()) >= 3 else max(parts, key=lambda p: len(p.split()))
    return best if len(best) <= _MAX_TITLE_CHARS else None


def find_title(cleaned: str) -> str | None:
    """The headline at the top of a text: the line above a byline, else the first line that is not
    page clutter when it reads as a title (short, no final sentence punctuation)."""
    lines = [line.strip().lstrip("#").strip() for line in cleaned[:5000].splitlines()]
    top = [line for line in lines if line][:_TITLE_LINES]
    for line, following in pairwise(top):
        if _BYLINE.match(following) and not is_clutter(line) and len(line) <= _MAX_TITLE_CHARS:
            return clean_title(line)
    for line in top:
        if is_clutter(line):
            continue
        if len(line) > _MAX_TITLE_CHARS or line[-1] in ".!?:;,":
            return None
        return clean_title(line)
    return None
