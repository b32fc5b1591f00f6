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

import yaml

from ..errors import ConfigError
from ..resources import parse_yaml

_TOP_LINES = 25  # bylines and datelines sit at the top; deeper dates are about events, not the page
_MAX_TITLE_CHARS = 200


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


_BYLINE = re.compile(r"^(?:by\s|written\s+by\s|published\b|posted\b|date\s*:)", re.IGNORECASE)
_HEADER = re.compile(r"^(?:last\s+)?(?:update[ds]?|modified)\b", re.IGNORECASE)
_DATELINE_PLACE = re.compile(
    r"^[A-Z][A-Z .'-]{1,40}(?:,\s*[A-Za-z .]{2,30})?,?\s*(?:\([^)]{1,30}\)\s*)?[,:]?\s*"
)
_PLACE_ONLY = re.compile(r"[A-Z][\w .'-]{1,40},\s*")
_WEEKDAY = re.compile(r"^(?:[A-Z][a-z]+day),?\s+")
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
    if _PLACE_ONLY.fullmatch(before) and not after.strip(" .,"):
        return True  # "Halvik, March 5, 2025" on a line of its own
    place = _DATELINE_PLACE.fullmatch(before)
    return place is not None and before.strip() != "" and _DASH_AFTER.match(after) is not None


def find_title(cleaned: str) -> str | None:
    """The first line when it reads as a title: short, no final sentence punctuation, not a byline."""
    first = cleaned.split("\n", 1)[0].strip().lstrip("#").strip()
    if not first or len(first) > _MAX_TITLE_CHARS or first[-1] in ".!?:;,":
        return None
    if _BYLINE.match(first) or (find_date(first) is not None and len(first) < 40):
        return None
    return first
