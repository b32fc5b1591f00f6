"""Time expressions of a document, anchored on its publication date (see rashomon.timex)."""

from __future__ import annotations

from ..model import Analysis, TimeMention
from ..settings import Settings
from ..timex import find_timexes
from . import Stage


def dates_stage(analysis: Analysis, settings: Settings) -> list[TimeMention]:
    """Stage: the time expressions of the document."""
    return find_timexes(analysis.doc.text, analysis.sentences, analysis.doc.published)


STAGE = Stage(
    name="dates",
    version="dates.rules.v3",
    requires=("sentences",),
    assigns="dates",
    factory=lambda settings: dates_stage,
    resources=("timex", "ingest"),
)
