"""Counts of people and things: the number, its approximator or range, and the noun it counts.

Rules over the cleaned text: a number (digits, number words, or a vague plural such as "thousands"),
optionally preceded by an approximator ("more than", "nearly") and followed by a range end ("60 to
64"), then up to five words ending in the counted noun. A number with no counted noun, a year, a
reference ("Resolution 822") or a count of time units (a duration) is not a count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model import Analysis, Approx, CountMention, TimeMention
from ..resources import load_yaml
from ..settings import Settings
from . import Stage, StageFn

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD = re.compile(r"[A-Za-z][\w’'-]*|%")


# A figure above this is no count of anything a report counts (people, mines, shells, dollars):
# '999…9 soldiers' with 309 digits is not a count, and as a float it would be infinite (issue 9).
_MAX_COUNT = 1e15

# 'of' (and 'the') between a vague plural and its noun: 'tens of thousands of people'
_VAGUE_OF = re.compile(r"\s+of(?:\s+the)?(?=\s)", re.IGNORECASE)


def _alternation(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@dataclass
class CountRules:
    """The compiled number grammar of resources/counts/numbers.yaml."""

    units: dict[str, int]
    scales: dict[str, int]
    vague: dict[str, int]
    approx: dict[str, str]  # approximator phrase (single-spaced, lower case) -> Approx
    plural_nouns: frozenset[str]
    time_units: frozenset[str]
    reference_words: frozenset[str]
    stop_words: frozenset[str]
    not_plural: frozenset[str]
    number: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        word = _alternation([*self.units, *self.scales])
        scale = _alternation(list(self.scales))
        # 'a' is a number only before a scale: 'a thousand', 'a dozen'
        spelled = rf"(?:a\s+(?:{scale}|dozen)|(?:{word})(?:(?:-|\s+and\s+|\s+)(?:{word}))*)"
        num = rf"(?:(?:{_DIGITS})(?:\s+(?:{_alternation(list(self.scales))}))?|{spelled})"
        self.number = re.compile(
            rf"(?<![\w.,/-])"
            rf"(?:(?P<approx>{_alternation(list(self.approx))})\s+)?"
            rf"(?:(?P<vague>{_alternation(list(self.vague))})|(?P<low>{num})"
            rf"(?:\s*(?:to|-|–|and)\s*(?P<high>{num}))?)"
            rf"(?![\w/]|[.,]\d)",
            re.IGNORECASE,
        )

    def value(self, text: str) -> float | None:
        """The value of a number written in digits or words ('1,960', 'Forty-four', '2.5 million')."""
        words = text.lower().replace("-", " ").split()
        if words and re.fullmatch(_DIGITS, words[0]):
            number = float(words[0].replace(",", ""))
            for word in words[1:]:
                number *= self.scales.get(word, 1)
            return number
        total = current = 0
        for w in words:
            if w in {"and", "a"}:
                continue
            if w in self.units:
                current += self.units[w]
            elif w in self.scales:
                factor = self.scales[w]
                current = max(current, 1) * factor
                if factor >= 1000:
                    total, current = total + current, 0
            else:
                return None
        return float(total + current)


def load_rules() -> CountRules:
    """Compile resources/counts/numbers.yaml."""
    data: Any = load_yaml("counts", "numbers.yaml")
    approx = {
        " ".join(phrase.lower().split()): key
        for key, phrases in data["approximators"].items()
        for phrase in phrases
    }
    return CountRules(
        units={str(k): int(v) for k, v in data["units"].items()},
        scales={str(k): int(v) for k, v in data["scales"].items()},
        vague={str(k): int(v) for k, v in data["vague"].items()},
        approx=approx,
        plural_nouns=frozenset(str(w).lower() for w in data["plural_nouns"]),
        time_units=frozenset(str(w).lower() for w in data["time_units"]),
        reference_words=frozenset(str(w).lower() for w in data["reference_words"]),
        stop_words=frozenset(str(w).lower() for w in data["stop_words"]),
        not_plural=frozenset(str(w).lower() for w in data["not_plural"]),
    )


def _looks_plural(word: str, rules: CountRules) -> bool:
    w = word.lower().rstrip("’'")
    if w in rules.plural_nouns:
        return True
    return (
        len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "sis")) and w not in rules.not_plural
    )


def _counted_noun(text: str, pos: int, value: float, rules: CountRules) -> tuple[int, int] | None:
    """The span of the counted noun phrase starting after ``pos``, or None when there is none."""
    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < 6:
        gap = re.match(r"[ \t]*\n?[ \t]*", text[cursor:])
        assert gap is not None  # the pattern matches the empty string
        match = _WORD.match(text, cursor + gap.end())
        if match is None:
            break
        words.append(match)
        cursor = match.end()
    first: int | None = None
    for i, match in enumerate(words):
        w = match.group().lower()
        if w in rules.stop_words and not (w == "and" and 0 < i < len(words) - 1):
            return None
        if first is None:
            first = match.start()
        if w in rules.time_units:
            return None
        if _looks_plural(match.group(), rules) or (value == 1 and w.isalpha() and i == 0 and w.islower()):
            return first, match.end()
    return None


def _is_reference(text: str, start: int, rules: CountRules) -> bool:
    before = re.search(r"([A-Za-z]+)\.?\s*$", text[max(0, start - 20) : start])
    return bool(before and before.group(1).lower() in rules.reference_words)


def find_counts(text: str, rules: CountRules, dates: Sequence[TimeMention] = ()) -> list[CountMention]:
    """Every count in ``text`` outside the given time expressions."""
    taken = [(d.start, d.end) for d in dates]
    found: list[CountMention] = []
    for match in rules.number.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        if _is_reference(text, start, rules):
            continue
        if match.group("vague"):
            value: float | None = float(rules.vague[" ".join(match.group("vague").lower().split())])
            high = None
        else:
            low_text = match.group("low")
            if re.fullmatch(r"1[89]\d\d|20\d\d", low_text):
                continue  # a year, not a count
            value = rules.value(low_text)
            high = rules.value(match.group("high")) if match.group("high") else None
            if high is not None and value is not None and high <= value:
                # not a range: '46 and 12 detained persons' counts two groups of one noun
                if not re.search(r"\band\b", text[match.end("low") : match.start("high")]):
                    continue  # '9-10' in a date or a score
                noun = _counted_noun(text, end, high, rules)
                if noun is not None and value <= _MAX_COUNT:
                    found.append(_count(text, start, match.end("low"), value, None, None, noun))
                    found.append(_count(text, match.start("high"), end, high, None, None, noun))
                continue
        if value is None or not (0 <= value <= _MAX_COUNT) or (high is not None and not high <= _MAX_COUNT):
            continue  # beyond any plausible count (or not a finite number)
        after = end
        if match.group("vague"):
            of = _VAGUE_OF.match(text, end)
            after = of.end() if of else end
        noun = _counted_noun(text, after, value, rules)
        if noun is None:
            continue
        approx_text = match.group("approx")
        approx: Approx | None = None
        if approx_text:
            approx = rules.approx[" ".join(approx_text.lower().split())]  # type: ignore[assignment]
        found.append(_count(text, start, end, value, high, approx, noun))
    return found


def _count(
    text: str,
    start: int,
    end: int,
    value: float,
    high: float | None,
    approx: Approx | None,
    noun: tuple[int, int],
) -> CountMention:
    return CountMention(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        high=high,
        approx=approx,
        what=" ".join(text[noun[0] : noun[1]].split()),
        what_start=noun[0],
        what_end=noun[1],
    )


def _factory(settings: Settings) -> StageFn:
    rules = load_rules()

    def counts_stage(analysis: Analysis, settings: Settings) -> list[CountMention]:
        """Stage: the counts of the document."""
        return find_counts(analysis.doc.text, rules, analysis.dates)

    return counts_stage


STAGE = Stage(
    name="counts",
    version="counts.rules.v1",
    requires=("sentences", "dates"),
    assigns="counts",
    factory=_factory,
)
