"""Which time expression dates an event mention.

The expression in the trigger's own clause, else the nearest one in its sentence; else the date of
the thread when the sentence continues the previous one's paragraph; else, for a present-perfect
news lead ("has released"), the publication date. Otherwise the mention stays undated rather than
guessed.
"""

from __future__ import annotations

import re

from ..model import Analysis, Sentence, TimeMention, TimeValue

# what separates clauses: a semicolon, a bracket, a dash, or a comma before a subordinating word
_CLAUSE_BREAK = re.compile(
    r"[;()]|\s[–—]\s|,\s+(?:and|but|when|which|although|since)\b|\b(?:while|whereas|after|before)\b"
)
_PRESENT_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:\w+ly\s+)?(?:been\s+)?\w+(?:ed|en|ne|un|wn)\b", re.IGNORECASE
)
_FAR = 10_000  # penalty that puts any expression in another clause behind every one in the same clause


def _distance(doc_text: str, timex: TimeMention, trigger_start: int, trigger_end: int) -> int:
    if timex.end <= trigger_start:
        between = doc_text[timex.end : trigger_start]
    elif timex.start >= trigger_end:
        between = doc_text[trigger_end : timex.start]
    else:
        return 0
    penalty = _FAR if _CLAUSE_BREAK.search(between) else 0
    return penalty + len(between)


def _dated(mentions: list[TimeMention], start: int, end: int) -> list[TimeMention]:
    return [m for m in mentions if m.kind == "date" and m.value is not None and start <= m.start < end]


def date_event(
    analysis: Analysis, sentence: Sentence, trigger_start: int, trigger_end: int
) -> tuple[TimeValue, TimeMention | None] | None:
    """The date governing the event whose trigger is at ``trigger_start:trigger_end``."""
    text = analysis.doc.text
    own = _dated(analysis.dates, sentence.start, sentence.end)
    if own:
        best = min(own, key=lambda m: _distance(text, m, trigger_start, trigger_end))
        assert best.value is not None
        return best.value, best
    # a date of its own that cannot be placed ('on Monday' without a publication date) means the
    # thread moved on; a duration does not
    if any(sentence.start <= m.start < sentence.end and m.kind == "date" for m in analysis.dates):
        return None
    previous = _previous_in_paragraph(analysis, sentence)
    if previous is not None:
        earlier = _dated(analysis.dates, previous.start, previous.end)
        if earlier:
            inherited = earlier[-1]
            assert inherited.value is not None
            value = TimeValue(
                inherited.value.value,
                inherited.value.granularity,
                inherited.value.start,
                inherited.value.end,
                basis="inferred",
            )
            return value, inherited
    published = analysis.doc.published
    if published and _PRESENT_PERFECT.search(text[sentence.start : sentence.end]):
        granularity = {10: "day", 7: "month", 4: "year"}.get(len(published), "unknown")
        return TimeValue(published, granularity, basis="document"), None  # type: ignore[arg-type]
    return None


def _previous_in_paragraph(analysis: Analysis, sentence: Sentence) -> Sentence | None:
    previous = None
    for s in analysis.sentences:
        if s.start >= sentence.start:
            break
        previous = s
    if previous is None or "\n" in analysis.doc.text[previous.end : sentence.start]:
        return None
    return previous
