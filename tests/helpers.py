"""Builders for small analyses in tests."""

from __future__ import annotations

import hashlib
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from rashomon.model import Analysis, Document
from rashomon.settings import default_settings
from rashomon.stages.sentences import split_sentences


def analysis_of(
    text: str, doc_id: str = "d1", published: str | None = "2023-12-14", side: str | None = None
) -> Analysis:
    """An Analysis of ``text`` with its sentences split (other fields empty)."""
    doc = Document(
        id=doc_id,
        path=f"{doc_id}.txt",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        published=published,
        side=side,
    )
    return Analysis(doc=doc, sentences=split_sentences(text))


def run_stage(stage_module: object, analysis: Analysis) -> list:
    """Run one stage module's STAGE over an analysis and store its result."""
    settings = default_settings()
    stage = stage_module.STAGE  # type: ignore[attr-defined]
    result = stage.factory(settings)(analysis, settings)
    setattr(analysis, stage.assigns, result)
    return result


def assert_offsets(text: str, records: list) -> None:
    """Every record's span text is the document text at its offsets."""
    for r in records:
        assert text[r.start : r.end] == r.text, r


@contextmanager
def hang_guard(seconds: int = 60) -> Iterator[None]:
    """Fail instead of hanging the suite when a block runs for ``seconds`` (a guard against the
    quadratic and endless cases of issue 9, set far above the time the block needs: not a timing
    assertion)."""

    def ring(signum: int, frame: object) -> None:
        raise AssertionError(f"still running after {seconds} s: quadratic or hung")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
