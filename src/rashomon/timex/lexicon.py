"""The words and patterns of the time-expression engine, compiled once from the data files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..resources import load_yaml

DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[6-9]\d\d|20\d\d)"


def _alt(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Lexicon:
    """Compiled vocabulary: month and weekday names, numbers, units, seasons, cues."""

    months: dict[str, int]
    weekdays: tuple[str, ...]
    numbers: dict[str, int | None]
    ordinals: dict[str, int]
    units: dict[str, str]
    seasons: dict[str, str]
    approx: dict[str, str]
    month: str  # regex alternation of month names
    weekday: str
    number: str
    unit: str
    season: str
    approximator: str
    ordinal: str
    present: str
    year_cue: re.Pattern[str]
    year_head: re.Pattern[str]
    future: re.Pattern[str]
    past: re.Pattern[str]
    count_cue: re.Pattern[str]  # before a bare number: a count, not a year
    count_head: re.Pattern[str]  # after a bare number: a count or a measure
    references: dict[str, str]  # 'recently' -> 'PAST_REF'
    reference: str  # regex alternation of the reference phrases
    parts_of_day: dict[str, str]  # 'morning' -> 'MO'
    holidays: dict[str, tuple[int, int]]  # 'christmas' -> (12, 25)
    holiday: str  # regex alternation of the holiday names

    def month_of(self, word: str) -> int:
        """The month number of a month name or abbreviation."""
        return self.months[word.lower().rstrip(".")]

    def number_of(self, text: str) -> int | None:
        """The value of a number in digits or words ('44', '2,000', 'twenty-five'); None if vague."""
        text = text.lower().strip().replace(",", "")
        if text.isdigit():
            return int(text)
        total = 0
        for part in re.split(r"[-\s]+", text):
            value = self.numbers.get(part)
            if value is None:
                return None
            total += value
        return total

    def unit_of(self, word: str) -> str:
        """The unit name of a unit word ('years' -> 'year', 'centuries' -> 'century')."""
        w = word.lower()
        if w.startswith("centur"):
            return "century"
        w = w[:-1] if w.endswith("s") else w
        return {"hr": "hour", "min": "minute", "sec": "second"}.get(w, w)

    def holiday_of(self, text: str) -> tuple[int, int]:
        """The (month, day) of a fixed holiday's name."""
        return self.holidays[" ".join(text.lower().replace("’", "'").split())]

    def reference_of(self, text: str) -> str | None:
        """The TimeML reference value of a vague time word ('recently' -> 'PAST_REF'), if it is one."""
        return self.references.get(" ".join(text.lower().split()))

    def ordinal_of(self, word: str) -> int | None:
        """The value of an ordinal ('third', '3rd', '19th'); None when it is not one."""
        w = word.lower()
        if w[:-2].isdigit():
            return int(w[:-2])
        return self.ordinals.get(w)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load resources/timex/words.yaml and the shared month names."""
    data: Any = load_yaml("timex", "words.yaml")
    months_data: Any = load_yaml("ingest", "months.yaml")
    months = {str(name): int(num) for num, names in months_data["months"].items() for name in names}
    weekdays = tuple(str(w) for w in data["weekdays"])
    numbers = {str(k): (int(v) if v is not None else None) for k, v in data["numbers"].items()}
    # only abbreviations take a dot: 'Dec. 7', but the dot after 'July' ends a sentence
    full = [max(map(str, names), key=len) for names in months_data["months"].values()]
    short = [n for n in months if n not in full]
    words = [n for n in numbers if n not in ("a", "an")]
    approx = {" ".join(p.split()): key for key, phrases in data["approximators"].items() for p in phrases}
    references = {
        " ".join(str(p).split()): str(key) for key, phrases in data["references"].items() for p in phrases
    }
    return Lexicon(
        months=months,
        weekdays=weekdays,
        numbers=numbers,
        ordinals={str(k): int(v) for k, v in data["ordinals"].items()},
        units={str(k): str(v) for k, v in data["units"].items()},
        seasons={str(k): str(v) for k, v in data["seasons"].items()},
        approx=approx,
        # an abbreviation takes an optional dot; 'May' and 'March' are also English words, so
        # the rules only read a bare month name as a date after a cue or before a day or year
        month=rf"(?:{_alt(full)}|(?:{_alt(short)})\.?)",
        weekday=_alt(list(weekdays)),
        number=rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{_alt(words)})(?:[- ](?:{_alt(words)}))?|an?)",
        unit=r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?",
        season=_alt(list(data["seasons"])),
        approximator=_alt(list(approx)),
        ordinal=rf"(?:{_alt(list(data['ordinals']))}|\d{{1,2}}(?:st|nd|rd|th))",
        present=_alt([str(w) for w in data["present"]]),
        year_cue=re.compile(
            rf"(?:\b(?:{_alt([str(c) for c in data['year_cues']])})\s+|\bmid-)$", re.IGNORECASE
        ),
        year_head=re.compile(rf"\s+(?:{_alt([str(c) for c in data['year_heads']])})\b", re.IGNORECASE),
        future=re.compile(rf"(?:\b|(?='))(?:{_alt([str(c) for c in data['future_cues']])})\b", re.IGNORECASE),
        past=re.compile(rf"\b(?:{_alt([str(c) for c in data['past_cues']])}|\w{{3,}}ed)\b", re.IGNORECASE),
        count_cue=re.compile(rf"(?:^|\s)(?:{_alt([str(c) for c in data['count_cues']])})\s*$", re.IGNORECASE),
        count_head=re.compile(rf"\s*(?:{_alt([str(c) for c in data['count_heads']])})(?!\w)", re.IGNORECASE),
        references=references,
        reference=_alt(list(references)),
        parts_of_day={str(k): str(v) for k, v in data["parts_of_day"].items()},
        holidays={str(k): (int(v[0]), int(v[1])) for k, v in data["holidays"].items()},
        holiday=_alt([str(k) for k in data["holidays"]]).replace("'", "['’]"),
    )
