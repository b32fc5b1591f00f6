"""Counts of people and things: the number, its approximator or range, and the noun it counts.

Rules over the cleaned text: a number (digits, number words, or a vague plural such as "thousands"),
optionally preceded by an approximator ("more than", "nearly") and followed by a range end ("60 to
64"), then up to five words ending in the counted noun. A number with no counted noun, a year, a
reference ("Resolution 822"), an age ("aged 19"), a time of day ("17:43"), a phone number, an
address, a score or a count of time units (a duration) is not a count. A count keeps the kind of
casualty its own words name ("3 dead", "killing 5") and whether it is a part of a larger figure
("4 of the 15", "including 13 Israelis").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Analysis, Approx, Casualty, CountMention, TimeMention
from ..resources import load_yaml
from ..settings import Settings
from . import Stage, StageFn

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD = re.compile(r"[A-Za-z][\w’'-]*|%")
# Beyond this no figure counts people or things (and a float would lose the exact value); the
# overflow guard of issue 9 uses the same bound.
MAX_COUNT = 1e10
# The general number reading keeps money and the like up to the largest integer a float holds exactly.
MAX_NUMBER = float(2**53)
# how far back (characters) 'including 13' looks for the figure it is a part of
_WHOLE_REACH = 200

# 'of' (and 'the') between a vague plural and its noun: 'tens of thousands of people'
_VAGUE_OF = re.compile(r"\s+of(?:\s+the)?(?=\s)", re.IGNORECASE)
# between a part and its whole: '4 of the 15 prisoners', 'three of the victims'
_PART_OF = re.compile(r"\s+of\s+(?:(?:the|these|those|their|its|our|his|her)\s+)?", re.IGNORECASE)
# 'two of them', 'three of whom': a part of the people named before
_OF_PEOPLE_BEFORE = frozenset({"them", "whom"})
# the words after a bare casualty figure that leave it counting people: 'killed 2 in the attack',
# 'kills 15 including 4 children' ('killed 2 policemen' was already a counted noun)
_AFTER_BARE = frozenset(
    {"", "and", "in", "on", "at", "near", "were", "was", "are", "is", "have", "had", "including", "among"}
)
# after a counted noun, before a casualty word: '5 people were killed'
_AUX = r"(?:\s+(?:were|was|are|is|have\s+been|had\s+been|has\s+been|being|been|reported|later|also))*"
# phone numbers: (504) 471-2789, 504-471-2789, 471-2789, 1-800-222-8477
_PHONE = re.compile(
    r"(?<![\w-])(?:\+?1[-.\s])?(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}(?![\w-])"
    r"|(?<![\w-])\d{3}-\d{4}(?![\w-])|(?<![\w-])1-8\d\d-[\dA-Z-]{4,}"
)
# a number with a leading zero or seven digits or more without separators is an identifier
_ID = re.compile(r"0\d+|\d{7,}")
_AGE = re.compile(r"\s*-\s*(?:year|month|week|day)s?-old", re.IGNORECASE)
# ages given as a span: 'ranging in age from 18 to 20', 'between the ages of 14 and 17'
_AGE_BEFORE = re.compile(r"\bages?\s+(?:from|of|between)\s+$", re.IGNORECASE)
# the number of someone's children: 'a mother of three is dead' is one person
_PARENT_OF = re.compile(
    r"\b(?:mother|father|parent|mom|dad|grandmother|grandfather|grandparent)s?\s+of\s+$", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+[A-Z\"“]")


def _alternation(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


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
    particle_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    people_nouns: frozenset[str] = frozenset()
    casualty_after: dict[str, str] = field(default_factory=dict)  # word -> kind
    casualty_before: dict[str, str] = field(default_factory=dict)  # phrase -> kind
    part_cues: tuple[str, ...] = ()
    score_words: frozenset[str] = frozenset()
    street_types: tuple[str, ...] = ()
    service_numbers: frozenset[str] = frozenset()
    service_words: frozenset[str] = frozenset()
    pronoun_one: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    shot_words: tuple[str, ...] = ()
    shot_fatal: tuple[str, ...] = ()
    number: re.Pattern[str] = field(init=False)
    before: re.Pattern[str] = field(init=False)
    after: re.Pattern[str] = field(init=False)
    part_cue: re.Pattern[str] = field(init=False)
    address: re.Pattern[str] = field(init=False)
    shot: re.Pattern[str] = field(init=False)

    def __post_init__(self) -> None:
        word = _alternation([*self.units, *self.scales])
        scale = _alternation(list(self.scales))
        # 'a' is a number only before a scale: 'a thousand', 'a dozen'
        spelled = rf"(?:a\s+(?:{scale}|dozen)|(?:{word})(?:(?:-|\s+and\s+|\s+)(?:{word}))*)"
        num = rf"(?:(?:{_DIGITS})(?:\s+(?:{_alternation(list(self.scales))}))?|{spelled})"
        self.number = re.compile(
            # a spelled number glued to the sentence before it ('late Saturday.Two men') starts one
            rf"(?:(?<![\w.,/:#-])|(?<=[a-z]\.)(?=[A-Z][a-z]))"
            rf"(?:(?P<approx>{_alternation(list(self.approx))})\s+)?"
            rf"(?:(?P<vague>{_alternation(list(self.vague))})|(?P<low>{num})"
            rf"(?:\s*(?P<sep>to|-|–|and)\s*[$£€]?(?P<high>{num}))?)"
            rf"(?![\w/]|[.,:]\d)",
            re.IGNORECASE,
        )
        before = _alternation(list(self.casualty_before)) or r"(?!)"
        self.before = re.compile(rf"(?<![\w-])(?P<cue>{before})\s+$", re.IGNORECASE)
        after = _alternation(list(self.casualty_after)) or r"(?!)"
        self.after = re.compile(rf"{_AUX}\s+(?P<cue>{after})(?![\w-])", re.IGNORECASE)
        cues = _alternation(list(self.part_cues)) or r"(?!)"
        self.part_cue = re.compile(rf"(?<![\w-])(?:{cues})[,:]?\s+$", re.IGNORECASE)
        shot = _alternation(list(self.shot_words)) or r"(?!)"
        fatal = _alternation(list(self.shot_fatal)) or r"(?!)"
        self.shot = re.compile(
            rf"\s+(?P<word>{shot})(?![\w-])(?P<fatal>\s+(?:{fatal})(?![\w-]))?", re.IGNORECASE
        )
        streets = _alternation(list(self.street_types)) or r"(?!)"
        self.address = re.compile(
            rf"\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'.-]*\s+){{1,3}}(?:{streets})\b\.?(?![\w-])"
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


def _words(data: Any, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key, ()))


def _by_kind(data: Any, key: str) -> dict[str, str]:
    return {_key(str(w)): str(kind) for kind, words in data.get(key, {}).items() for w in words}


def load_rules() -> CountRules:
    """Compile resources/counts/numbers.yaml."""
    data: Any = load_yaml("counts", "numbers.yaml")
    approx = {_key(phrase): key for key, phrases in data["approximators"].items() for phrase in phrases}
    return CountRules(
        units={str(k): int(v) for k, v in data["units"].items()},
        scales={str(k): int(v) for k, v in data["scales"].items()},
        vague={str(k): int(v) for k, v in data["vague"].items()},
        approx=approx,
        plural_nouns=_words(data, "plural_nouns"),
        time_units=_words(data, "time_units"),
        reference_words=_words(data, "reference_words"),
        stop_words=_words(data, "stop_words"),
        not_plural=_words(data, "not_plural"),
        particle_verbs={
            _key(str(p)): frozenset(str(v).lower() for v in verbs)
            for p, verbs in data.get("particle_verbs", {}).items()
        },
        people_nouns=_words(data, "people_nouns"),
        casualty_after=_by_kind(data, "casualty_after"),
        casualty_before=_by_kind(data, "casualty_before"),
        part_cues=tuple(_key(str(c)) for c in data.get("part_cues", ())),
        score_words=_words(data, "score_words"),
        street_types=tuple(str(s) for s in data.get("street_types", ())),
        service_numbers=frozenset(str(n) for n in data.get("service_numbers", ())),
        service_words=_words(data, "service_words"),
        pronoun_one=_words(data, "pronoun_one"),
        not_names=_words(data, "not_names"),
        shot_words=tuple(_key(str(w)) for w in data.get("shot_words", ())),
        shot_fatal=tuple(_key(str(w)) for w in data.get("shot_fatal", ())),
    )


def _looks_plural(word: str, rules: CountRules) -> bool:
    w = word.lower().rstrip("’'")
    if w in rules.plural_nouns:
        return True
    return (
        len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "sis")) and w not in rules.not_plural
    )


def _next_words(text: str, pos: int, n: int) -> list[re.Match[str]]:
    words: list[re.Match[str]] = []
    cursor = pos
    while len(words) < n:
        gap = re.match(r"[ \t]*\n?[ \t]*", text[cursor:])
        assert gap is not None  # the pattern matches the empty string
        match = _WORD.match(text, cursor + gap.end())
        if match is None:
            break
        words.append(match)
        cursor = match.end()
    return words


def _counted_noun(text: str, pos: int, value: float, rules: CountRules) -> tuple[int, int] | None:
    """The span of the counted noun phrase starting after ``pos``, or None when there is none."""
    words = _next_words(text, pos, 6)
    first: int | None = None
    for i, match in enumerate(words):
        w = match.group().lower()
        if i == 0 and w in rules.casualty_after:
            return match.start(), match.end()  # '3 dead', '12 injured'
        if w in rules.stop_words and not (w == "and" and 0 < i < len(words) - 1):
            return None
        if first is None:
            first = match.start()
        if w in rules.time_units:
            return None
        if _looks_plural(match.group(), rules) or (value == 1 and w.isalpha() and i == 0 and w.islower()):
            return first, match.end()
    return None


def _word_before(text: str, start: int) -> str:
    before = re.search(r"([A-Za-z][\w-]*)\.?\s*$", text[max(0, start - 24) : start])
    return before.group(1).lower() if before else ""


# a capitalised word inside a sentence right before a number: 'Big 12', 'Game 2', 'Planet 9'; a line
# break parts them ('...shooting in Englewood' as a headline, 'Three men were shot' as the lead)
_NAME_BEFORE = re.compile(r"[a-z0-9,;)”’'\"]\s+((?=[\w'’.-]*[A-Z])[A-Za-z][\w'’.-]*)[^\S\n]+$")


def _is_reference(match: re.Match[str], text: str, rules: CountRules) -> bool:
    """A reference ('Resolution 822', 'aged 19'), a name ending in a number ('Game 2', 'iPhone 11'),
    or 'one' as a pronoun ('each one', 'no one')."""
    start = match.start()
    before = _word_before(text, start)
    if before in rules.reference_words:
        return True
    if any(cue.search(text, max(0, start - 20), start) for cue in (_AGE_BEFORE, _PARENT_OF)):
        return True
    if before in rules.pronoun_one and re.match(r"one\b", text[start : start + 4], re.IGNORECASE):
        return True
    if match.group("approx"):
        return False  # 'our Blue Planet more than 3200 times': the approximator parts them
    name = _NAME_BEFORE.search(text, max(0, start - 40), start)
    if name is not None and name.group(1).endswith(".") and text[start].isupper():
        return False  # 'shelled Lisgar. Seven civilians': a sentence ends before the figure
    return name is not None and name.group(1).lower().rstrip(".") not in rules.not_names


def _not_a_count(match: re.Match[str], text: str, rules: CountRules) -> bool:
    """A year, an identifier, an emergency number, an address or a score: never a count."""
    low = match.group("low")
    if low is None:
        return False
    if re.fullmatch(r"1[89]\d\d|20\d\d", low) or _ID.fullmatch(low):
        return True
    if _AGE.match(text, match.end()):
        return True  # an age: 'killed 38-year-old Lena Maris'
    if low in rules.service_numbers:
        following = _next_words(text, match.end(), 1)
        if following and following[0].group().lower() in rules.service_words:
            return True
    if re.fullmatch(r"\d+", low) and rules.address.match(text, match.end("low")):
        return True
    if match.group("sep") in {"-", "–"} and match.end("low") == match.start("sep"):
        preceding = re.findall(r"[A-Za-z]+", text[max(0, match.start() - 30) : match.start()])
        if any(w.lower() in rules.score_words for w in preceding[-3:]):
            return True
    return False


def _casualty(text: str, start: int, noun_end: int, rules: CountRules) -> Casualty | None:
    """The kind of casualty named right before the number or right after the counted noun."""
    before = rules.before.search(text, max(0, start - 40), start)
    if before is not None:
        return rules.casualty_before[_key(before.group("cue"))]  # type: ignore[return-value]
    word = text[max(0, noun_end - 12) : noun_end].split()
    if word and word[-1].lower() in rules.casualty_after:
        return rules.casualty_after[word[-1].lower()]  # type: ignore[return-value]
    after = rules.after.match(text, noun_end)
    if after is not None:
        return rules.casualty_after[_key(after.group("cue"))]  # type: ignore[return-value]
    return None


def _approx(match: re.Match[str], text: str, rules: CountRules) -> tuple[int, Approx | None]:
    """Where the count starts and its approximator: a verb's particle ('handed over 15') is none."""
    approx_text = match.group("approx")
    if not approx_text:
        return match.start(), None
    key = _key(approx_text)
    verbs = rules.particle_verbs.get(key, frozenset())
    if verbs and _word_before(text, match.start()) in verbs:
        return match.start("vague") if match.group("vague") else match.start("low"), None
    return match.start(), rules.approx[key]  # type: ignore[return-value]


@dataclass(frozen=True)
class _Read:
    """A number as read before asking what it counts."""

    match: re.Match[str]
    start: int  # after a verb's particle ('handed over 15' starts at 15)
    value: float
    high: float | None
    approx: Approx | None
    pair: bool = False  # '46 and 12': two figures for one noun, not a range


def _matches(text: str, rules: CountRules) -> list[re.Match[str]]:
    """The number pattern's matches; 'rose in 2018 to 3.9 million' is no range: the year is left out
    and the figure after it read alone."""
    out: list[re.Match[str]] = []
    for match in rules.number.finditer(text):
        low, high = match.group("low"), match.group("high")
        if low and high and re.fullmatch(r"1[89]\d\d|20\d\d", low):
            alone = rules.number.match(text, match.start("high"))
            if alone is not None:
                out.append(alone)
                continue
        out.append(match)
    return out


def _read_numbers(text: str, rules: CountRules, dates: Sequence[TimeMention]) -> list[_Read]:
    """Every number of the text that could be a figure: not a time, date, year, reference, age,
    phone number, identifier, address, score, or a value beyond any plausible figure."""
    taken = [(d.start, d.end) for d in dates]
    taken += [m.span() for m in _PHONE.finditer(text)]
    found: list[_Read] = []
    for match in _matches(text, rules):
        start, end = match.span()
        if any(s < end and start < e for s, e in taken):
            continue
        if _is_reference(match, text, rules) or _not_a_count(match, text, rules):
            continue
        if match.group("vague"):
            value: float | None = float(rules.vague[_key(match.group("vague"))])
            high = None
        else:
            value = rules.value(match.group("low"))
            high = rules.value(match.group("high")) if match.group("high") else None
        if value is None or max(value, high or 0.0) > MAX_NUMBER:
            continue
        if high is not None and high <= value:
            # not a range: '46 and 12 detained persons' counts two groups of one noun
            if match.group("sep").lower() == "and":
                found.append(_Read(match, start, value, high, None, pair=True))
            continue  # '9-10' in a date or a score
        start, approx = _approx(match, text, rules)
        found.append(_Read(match, start, value, high, approx))
    return found


def find_numbers(text: str, rules: CountRules, dates: Sequence[TimeMention] = ()) -> list[CountMention]:
    """Every figure of the text whether or not it counts a noun (a general number reading: '$6',
    '19 per cent', '275 pound-feet'), with its approximator or range; ``what`` stays empty."""
    found: list[CountMention] = []
    for read in _read_numbers(text, rules, dates):
        match = read.match
        if read.pair:
            assert read.high is not None
            found.append(_count(text, read.start, match.end("low"), read.value, None, None, None, rules))
            found.append(_count(text, match.start("high"), match.end(), read.high, None, None, None, rules))
        else:
            found.append(
                _count(text, read.start, match.end(), read.value, read.high, read.approx, None, rules)
            )
    return found


def find_counts(text: str, rules: CountRules, dates: Sequence[TimeMention] = ()) -> list[CountMention]:
    """Every count in ``text`` outside the given time expressions: the figures that count a noun."""
    found: list[CountMention] = []
    for read in _read_numbers(text, rules, dates):
        match, start, end = read.match, read.start, read.match.end()
        value, high, approx = read.value, read.high, read.approx
        if max(value, high or 0.0) > MAX_COUNT:
            continue  # beyond any plausible count of people or things
        if read.pair:
            assert high is not None
            noun = _counted_noun(text, end, high, rules)
            if noun is not None:
                found.append(_count(text, start, match.end("low"), value, None, None, noun, rules))
                found.append(_count(text, match.start("high"), end, high, None, None, noun, rules))
            continue
        after = end
        if match.group("vague"):
            of = _VAGUE_OF.match(text, end)
            after = of.end() if of else end
        noun = _counted_noun(text, after, value, rules)
        if noun is None:
            # 'one of the two captives' picks out a person; '4 of the 15' is a figure
            part = _part_of(text, end, rules) if value != 1 else None
            if part is not None:
                whole, noun = part
                count = _count(text, start, end, value, high, approx, noun, rules)
                found.append(_as_part(count, whole))
            elif (bare := _bare_casualty(text, start, end, rules)) is not None:
                found.append(
                    replace(_count(text, start, end, value, high, approx, None, rules), casualty=bare)
                )
            elif (shot := rules.shot.match(text, end)) is not None:
                found.append(
                    _shot(_count(text, start, end, value, high, approx, shot.span("word"), rules), shot)
                )
            continue
        found.append(_count(text, start, end, value, high, approx, noun, rules))
    return _link_parts(text, found, rules)


def _part_of(text: str, end: int, rules: CountRules) -> tuple[CountMention | None, tuple[int, int]] | None:
    """'4 of the 15 prisoners' -> (the count of 15, its noun); 'three of the victims' -> (None, noun)."""
    of = _PART_OF.match(text, end)
    if of is None:
        return None
    whole = rules.number.match(text, of.end())
    if whole is not None and whole.group("low"):
        value = rules.value(whole.group("low"))
        noun = _counted_noun(text, whole.end(), value or 0, rules) if value is not None else None
        if value is None or noun is None:
            return None
        return _count(text, whole.start(), whole.end(), value, None, None, noun, rules), noun
    words = _next_words(text, of.end(), 1)
    if words and words[0].group().lower() in rules.people_nouns:
        return None, words[0].span()
    if words and words[0].start() == of.end() and words[0].group().lower() in _OF_PEOPLE_BEFORE:
        return None, words[0].span()  # 'four men were shot and two of them died': a part of those
    return None


def _bare_casualty(text: str, start: int, end: int, rules: CountRules) -> Casualty | None:
    """'killed 3 and wounded 5', '15 were killed': a casualty figure without a counted noun."""
    kind = _casualty(text, start, end, rules)
    if kind is None:
        return None
    following = _next_words(text, end, 1)
    word = following[0].group().lower() if following else ""
    return kind if word in _AFTER_BARE else None


def _shot(count: CountMention, shot: re.Match[str]) -> CountMention:
    """'Three shot, one dead': a figure right before 'shot' counts people shot, 'shot' its word; they
    are of the wounded kind (the toll takes the dead its sentence gives off them), unless the words
    after say they died ('two shot dead')."""
    return replace(count, casualty="killed" if shot.group("fatal") else "wounded")


def _as_part(count: CountMention, whole: CountMention | None) -> CountMention:
    if whole is None:
        return replace(count, part=True)
    return replace(count, part=True, whole=whole.value, whole_start=whole.start, whole_end=whole.end)


def _link_parts(text: str, found: list[CountMention], rules: CountRules) -> list[CountMention]:
    """'24 were released, including 13 Israelis': 13 is a part of the 24 written before it."""
    out: list[CountMention] = []
    for count in found:
        cue = rules.part_cue.search(text, max(0, count.start - 24), count.start)
        if cue is None or count.part:
            out.append(count)
            continue
        wholes = [
            c
            for c in out
            if not c.part
            and 0 <= count.start - c.end <= _WHOLE_REACH
            and c.value > count.value
            and not _SENTENCE_END.search(text, c.end, count.start)
        ]
        out.append(_as_part(count, wholes[-1] if wholes else None))
    return out


def _count(
    text: str,
    start: int,
    end: int,
    value: float,
    high: float | None,
    approx: Approx | None,
    noun: tuple[int, int] | None,
    rules: CountRules,
) -> CountMention:
    if noun is None:
        return CountMention(start=start, end=end, text=text[start:end], value=value, high=high, approx=approx)
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
        casualty=_casualty(text, start, noun[1], rules),
    )


def _factory(settings: Settings) -> StageFn:
    rules = load_rules()

    def counts_stage(analysis: Analysis, settings: Settings) -> list[CountMention]:
        """Stage: the counts of the document."""
        return find_counts(analysis.doc.text, rules, analysis.dates)

    return counts_stage


STAGE = Stage(
    name="counts",
    version="counts.rules.v9",
    requires=("dates",),
    assigns="counts",
    factory=_factory,
    resources=("counts",),
)
