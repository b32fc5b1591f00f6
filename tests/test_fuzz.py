"""Fuzzing the public API with mutated documents (issue 9): no document breaks a stage or the corpus.

A fixed-seed, bounded run is part of `make test`; RASHOMON_FUZZ_EXAMPLES raises the number of
documents for a longer run. `make fuzz` fuzzes ingest, cleaning, dates and counts with atheris.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon import pipeline
from rashomon.corpus_run import build_corpus
from rashomon.model import Document
from rashomon.settings import default_settings

EXAMPLES = int(os.environ.get("RASHOMON_FUZZ_EXAMPLES", "30"))

BASES = [
    "On 3 March 2025 Velmora and Ostrakan exchanged 45 prisoners of war at Lisgar, officials said.",
    "Ostrakan freed 13 detainees on Monday. Two days later, nearly 6,000 people fled the shelling.",
    "The ministry accused Velmora of shelling Kaltepe last week; Velmora denied the attack.",
    "Talks between the two sides ended without agreement in Geneva (a first meeting was on May 2).",
]
# pieces a hostile document might hold
PIECES = [
    "9" * 400,
    "a" * 5000,
    "828808130233 days earlier",
    "tomorrow",
    "((((",
    "))))",
    "\x00\x07\x1b",
    "\u202e\u200b\ufeff",
    "<script>alert(1)</script>",
    "=HYPERLINK(1)",
    "-\n",
    "\f",
    "\n\n",
    " 4 \n",
    "Page 9 of 9",
    "1,9,9,9,9,9,9",
    "between 5 and 3 soldiers",
    "on 31 February 2023",
    "in the year 99999",
    "9999-12-31",
]

mutation = st.tuples(
    st.integers(min_value=0, max_value=10_000),
    st.one_of(st.sampled_from(PIECES), st.text(max_size=40)),
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(BASES))
    for position, piece in draw(st.lists(mutation, max_size=6)):
        at = position % (len(text) + 1)
        text = text[:at] + piece + text[at:]
    return text


def _check(analysis) -> None:
    text = analysis.doc.text
    for field in ("sentences", "entities", "dates", "counts", "labels", "places", "actors"):
        for record in getattr(analysis, field):
            assert text[record.start : record.end] == record.text, (field, record)
    for count in analysis.counts:
        assert 0 <= count.value <= 1e15


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(documents(), min_size=1, max_size=3))
def test_issue9_mutated_documents_break_no_stage_and_no_corpus_stage(texts):
    settings_ = default_settings()
    pipeline._prepare(settings_, pipeline.load_stages())
    analyses = []
    for n, text in enumerate(texts):
        doc = Document(id=f"d{n}", path=f"/fuzz/d{n}.txt", text=text, sha256=str(n), published="2025-03-05")
        analysis, problems = pipeline.analyse_document(doc)
        assert problems == []
        _check(analysis)
        analyses.append(analysis)
    results = build_corpus(analyses, settings_)
    assert sorted(results.assignments) == sorted(m.id for a in analyses for m in a.events)
