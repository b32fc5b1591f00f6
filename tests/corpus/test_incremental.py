"""Incremental corpus stages (issue 11, item 3): added documents are aligned against the stored
events, and give the events of a fresh run on the seeds and examples."""

from __future__ import annotations

import pytest

from rashomon import pipeline, store
from rashomon.settings import load_settings

from ..conftest import EXAMPLES, REPORTS, SEEDS

SETTINGS = load_settings(EXAMPLES / "rashomon.toml", workers=1)


def _documents():
    if not SEEDS.exists():
        pytest.skip("seed corpus not found")
    seeds = sorted(SEEDS.glob("*.txt"))
    reports = sorted(p for p in REPORTS.iterdir() if p.suffix != ".csv")
    return seeds, reports


def _events(db):
    conn = store.connect_readonly(db)
    try:
        clusters = {frozenset(event.mentions) for event in store.iter_events(conn)}
        assigned = dict(conn.execute("SELECT id, event FROM mentions").fetchall())
    finally:
        conn.close()
    return clusters, assigned


@pytest.mark.parametrize("order", ["seeds first", "reports first"])
def test_issue11_added_documents_give_the_events_of_a_fresh_run(tmp_path, order):
    seeds, reports = _documents()
    first, rest = (seeds, reports) if order == "seeds first" else (reports, seeds)
    everything = [*first, *rest]
    fresh = pipeline.analyze(everything, db=tmp_path / "fresh.db", settings=SETTINGS)
    assert not fresh.corpus_incremental
    grown = first[:]
    summary = pipeline.analyze(grown, db=tmp_path / "grown.db", settings=SETTINGS)
    for path in rest:
        grown.append(path)
        summary = pipeline.analyze(grown, db=tmp_path / "grown.db", settings=SETTINGS)
        assert summary.analysed == [path.stem] and summary.corpus_incremental
    clusters, assigned = _events(tmp_path / "grown.db")
    expected, _ = _events(tmp_path / "fresh.db")
    assert clusters == expected
    assert None not in assigned.values()  # every mention is in an event
    assert (summary.events, summary.mentions) == (fresh.events, fresh.mentions)


def test_issue11_a_removed_document_rebuilds_the_corpus(tmp_path):
    import shutil

    seeds, _ = _documents()
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in seeds:
        shutil.copy(path, folder / path.name)
    pipeline.analyze([folder], db=tmp_path / "s.db", settings=SETTINGS)
    (folder / seeds[-1].name).unlink()
    summary = pipeline.analyze([folder], db=tmp_path / "s.db", settings=SETTINGS)
    assert summary.removed == [seeds[-1].stem]
    assert not summary.corpus_incremental and not summary.corpus_skipped
    fresh = pipeline.analyze([folder], db=tmp_path / "fresh.db", settings=SETTINGS)
    assert _events(tmp_path / "s.db")[0] == _events(tmp_path / "fresh.db")[0]
    assert summary.events == fresh.events
