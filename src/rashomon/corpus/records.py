"""The small records the corpus stages read, made from one analysis in the worker that analysed it.

Alignment compares documents by their profile (``features.DocProfile``) and mentions by their
sentence's words and names; these are computed once per document, stored, and read back instead of
whole analyses, so a corpus run decodes no text, token or annotation list.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..model import Analysis, EventMention
from ..store.rows import AlignMention
from .features import DocProfile, profile, words

# a sentence that says it revises a figure or date: its figures may differ from another report's
REVISION = re.compile(r"\b(?:revis|updat|corrected|rose to|risen to|increased to|now stands|latest)", re.I)


def _entity_names(analysis: Analysis, start: int, end: int) -> frozenset[str]:
    return frozenset(
        e.text.lower() for e in analysis.entities if start <= e.start < end and e.label != "DATE"
    )


def align_record(mention: EventMention, analysis: Analysis | None) -> AlignMention:
    """What alignment reads of one mention (by its trigger alone when its analysis is not at hand)."""
    if analysis is None:
        return AlignMention(mention, words(mention.trigger), frozenset(), False, known=False)
    sentence = analysis.doc.text[mention.sentence_start : mention.sentence_end]
    return AlignMention(
        mention,
        words(sentence),
        _entity_names(analysis, mention.sentence_start, mention.sentence_end),
        bool(REVISION.search(sentence)),
    )


def document_records(analysis: Analysis) -> tuple[DocProfile, list[AlignMention]]:
    """The profile of one analysed document and the alignment records of its mentions."""
    return profile(analysis), [align_record(m, analysis) for m in analysis.events]


def records_of(
    mentions: Sequence[EventMention], analyses: Mapping[str, Analysis]
) -> tuple[list[AlignMention], dict[str, DocProfile]]:
    """Alignment records of mentions and the profiles of the documents whose analyses are given."""
    records = [align_record(m, analyses.get(m.doc)) for m in mentions]
    docs = sorted({m.doc for m in mentions} & analyses.keys())
    return records, {d: profile(analyses[d]) for d in docs}
