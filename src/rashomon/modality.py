"""The modality of an event mention: asserted, reported, denied, planned, hypothetical or questioned.

A first, rule-based reading: cue words in the clause that leads up to the trigger (from the last
clause boundary before it), checked in a fixed order. A question mark ending the sentence makes the
mention questioned. The polarity of the attribution whose content holds the trigger comes first: a
denial ('X denied that ...') makes it denied, a doubt ('X questioned whether ...') questioned; an
attribution with no other cue makes it reported.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .model import Attribution, Modality, Sentence
from .resources import load_yaml

_ORDER: tuple[Modality, ...] = ("denied", "hypothetical", "planned", "reported")
# clause boundaries: punctuation, and conjunctions that start a new clause
_BOUNDARY = re.compile(r"[,;:()“”\"]|\b(?:and|but|while|whereas|although|because)\b")

_CONDITIONAL = re.compile(r"\s*(?:If|Unless|Were|Had|Should)\s+\w+[^?]*,", re.IGNORECASE)


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    data: Any = load_yaml("modality", "cues.yaml")
    patterns: dict[str, re.Pattern[str]] = {}
    for kind in _ORDER:
        words = sorted((str(w) for w in data[kind]), key=len, reverse=True)
        alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
        patterns[kind] = re.compile(rf"(?<![\w'’])(?:{alternation})(?![\w'’])", re.IGNORECASE)
    return patterns


def _inside_content(attribution: Attribution, offset: int) -> bool:
    start, end = attribution.content_start, attribution.content_end
    return start is not None and end is not None and start <= offset < end


def clause_before(doc_text: str, sentence: Sentence, trigger_start: int) -> str:
    """The text from the last clause boundary before the trigger up to the trigger."""
    left = doc_text[sentence.start : trigger_start]
    cut = 0
    for match in _BOUNDARY.finditer(left):
        cut = match.end()
    return left[cut:]


def classify(
    doc_text: str, sentence: Sentence, trigger_start: int, trigger_end: int, attribution: Attribution | None
) -> Modality:
    """The modality of the event whose trigger is at ``trigger_start:trigger_end``."""
    if doc_text[sentence.start : sentence.end].rstrip().endswith("?"):
        return "questioned"
    if attribution is not None and _inside_content(attribution, trigger_start):
        if attribution.polarity == "deny":
            return "denied"
        if attribution.polarity == "doubt":
            return "questioned"
    # a conditional sentence ('If ..., they will ...') puts its main clause under the condition too
    if _CONDITIONAL.match(doc_text, sentence.start):
        return "hypothetical"
    clause = clause_before(doc_text, sentence, trigger_start)
    # 'was not released': the negation may also sit between an auxiliary and the trigger
    clause += " " + doc_text[trigger_start:trigger_end]
    for kind in _ORDER:
        if _cues()[kind].search(clause):
            return kind
    return "reported" if attribution is not None else "asserted"
