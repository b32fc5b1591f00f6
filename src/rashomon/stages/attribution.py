"""Attribution: who a sentence says its content comes from.

Three shapes cover most news and statement prose: "according to X", "X said (that) ..." and the
inverted "..., said X" / "“...,” added X". The source is the noun phrase next to the cue, cut at
punctuation and capped in length; a quoted passage in the sentence is kept as the quote.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

from ..model import Analysis, Attribution, Sentence
from ..resources import load_yaml
from ..settings import Settings
from . import Stage, StageFn

_MAX_SOURCE_WORDS = 10
_CALENDAR_WORDS = frozenset(n for n in (*calendar.day_name, *calendar.month_name) if n)
_QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
_AUX = r"(?:(?:has|have|had|also|further|later|then|recently|reportedly)\s+)*"


def _alternation(words: list[str]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Cues:
    """Compiled attribution patterns."""

    preposition: re.Pattern[str]
    inverted: re.Pattern[str]
    verb: re.Pattern[str]
    not_sources: frozenset[str]


def load_cues() -> Cues:
    """Compile resources/attribution/cues.yaml."""
    data: Any = load_yaml("attribution", "cues.yaml")
    verbs = _alternation([str(v) for v in data["verbs"]])
    preps = _alternation([str(v) for v in data["prepositions"]])
    source = r"(?P<source>(?:the\s+)?[A-Z][^,.;:!?“”\"()]*)"
    return Cues(
        preposition=re.compile(rf"\b(?P<cue>{preps})\s+{source}", re.IGNORECASE),
        inverted=re.compile(rf"(?:[,”\"’]\s*|,\s*[”\"’]\s*)(?P<cue>{verbs})\s+{source}"),
        verb=re.compile(rf"\b{_AUX}(?P<cue>{verbs})\b"),
        not_sources=frozenset(str(w).lower() for w in data["not_sources"]),
    )


def _trim_source(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Cut a source span to at most a handful of words, without trailing clause words."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if not words:
        return None
    words = words[:_MAX_SOURCE_WORDS]
    # stop before a clause that follows the name: 'X in a statement', 'X on Monday'
    for i, w in enumerate(words):
        if i == 0 or w.group().lower() not in {"in", "on", "at", "during", "that", "who", "which", "when"}:
            continue
        following = words[i + 1].group() if i + 1 < len(words) else ""
        # 'Commission on Prisoners of War' is part of a name; 'in a statement', 'on Wednesday' are not
        if following[:1].isupper() and following.strip(".,") not in _CALENDAR_WORDS:
            continue
        words = words[:i]
        break
    return start + words[0].start(), start + words[-1].end()


def _source_before(text: str, sent: Sentence, cue_start: int, cues: Cues) -> tuple[int, int] | None:
    """The noun phrase ending just before a reporting verb, back to a comma, quote or sentence start."""
    left = text[sent.start : cue_start]
    cut = max(left.rfind(ch) for ch in ',;:”“"(')
    begin = sent.start + cut + 1
    span = text[begin:cue_start].strip()
    if not span:
        return None
    words = span.split()
    if len(words) > _MAX_SOURCE_WORDS or words[0].lower() in cues.not_sources:
        return None
    if not any(w[0].isupper() for w in words):  # a source names someone: 'officials said' is too vague
        return None
    offset = text.index(span, begin)
    return offset, offset + len(span)


def find_attributions(text: str, sentences: list[Sentence], cues: Cues) -> list[Attribution]:
    """At most one attribution per sentence: the first cue with a recognisable source."""
    found: list[Attribution] = []
    for sent in sentences:
        body = text[sent.start : sent.end]
        hit: tuple[int, int, int, int] | None = None  # source start/end, cue start/end (absolute)
        for pattern in (cues.preposition, cues.inverted):
            match = pattern.search(body)
            if match:
                src = _trim_source(text, sent.start + match.start("source"), sent.start + match.end("source"))
                if src:
                    hit = (*src, sent.start + match.start("cue"), sent.start + match.end("cue"))
                    break
        if hit is None:
            for match in cues.verb.finditer(body):
                src = _source_before(text, sent, sent.start + match.start(), cues)
                if src:
                    hit = (*src, sent.start + match.start("cue"), sent.start + match.end("cue"))
                    break
        if hit is None:
            continue
        quote = _QUOTE.search(body)
        found.append(
            Attribution(
                sentence_start=sent.start,
                sentence_end=sent.end,
                source=text[hit[0] : hit[1]],
                source_start=hit[0],
                source_end=hit[1],
                cue=text[hit[2] : hit[3]],
                cue_start=hit[2],
                cue_end=hit[3],
                quote_start=sent.start + quote.start(1) if quote else None,
                quote_end=sent.start + quote.end(1) if quote else None,
            )
        )
    return found


def _factory(settings: Settings) -> StageFn:
    cues = load_cues()

    def attribution_stage(analysis: Analysis, settings: Settings) -> list[Attribution]:
        """Stage: the attributed sentences of the document."""
        return find_attributions(analysis.doc.text, analysis.sentences, cues)

    return attribution_stage


STAGE = Stage(
    name="attribution",
    version="attribution.rules.v1",
    requires=("sentences",),
    assigns="attributions",
    factory=_factory,
    resources=("attribution",),
)
