"""The corpus stages of a run: one document never takes the corpus down (issue 9)."""

from __future__ import annotations

import pytest

from rashomon import pipeline, store
from rashomon.cli import main
from rashomon.corpus import compare
from rashomon.settings import load_settings

STORIES = {
    "a": "Velmora and Ostrakan exchanged 45 prisoners at Lisgar on 3 March 2025.",
    "b": "Ostrakan freed 13 prisoners at Lisgar on 3 March 2025.",
    "c": "Velmora says 45 prisoners were released on 3 March 2025.",
}


@pytest.fixture()
def corpus(tmp_path):
    for name, text in STORIES.items():
        (tmp_path / f"{name}.txt").write_text(text)
    return tmp_path


def test_issue9_a_failing_corpus_stage_names_the_document_and_mention(corpus, monkeypatch):
    """Issue 9: a corpus stage failed the whole run (exit 1, no file named) on one document's data."""
    real = compare.count_value

    def fragile(count):
        if count.value == 13:
            raise OverflowError("cannot convert float infinity to integer")
        return real(count)

    monkeypatch.setattr(compare, "count_value", fragile)
    summary = pipeline.analyze([corpus], db=corpus / "s.db", settings=load_settings(workers=1))
    assert summary.documents == ["a", "c"]
    (problem,) = summary.problems
    assert (problem.doc, problem.stage) == ("b", "compare")
    assert problem.path.endswith("b.txt")
    assert "mention b:m1" in problem.message and "OverflowError" in problem.message
    conn = store.connect(corpus / "s.db")
    assert {m.doc for m, _ in store.load_mentions(conn)} == {"a", "c"}
    # the document is redone by the next run, which succeeds once the stage copes
    monkeypatch.setattr(compare, "count_value", real)
    again = pipeline.analyze([corpus], db=corpus / "s.db", settings=load_settings(workers=1))
    assert again.analysed == ["b"] and again.documents == ["a", "b", "c"] and not again.problems


def test_issue9_an_unreadable_stored_analysis_is_dropped_and_redone(corpus, capsys):
    assert main(["analyze", str(corpus), "--db", str(corpus / "s.db"), "--quiet"]) == 0
    conn = store.connect(corpus / "s.db")
    with store.transaction(conn):
        conn.execute("UPDATE profiles SET payload = '{\"terms\": 7}' WHERE doc_id = 'b'")
        conn.execute("UPDATE mentions SET data = '[' WHERE doc_id = 'c'")
        conn.execute("DELETE FROM corpus_state")
    conn.close()
    # the cache check is a query (issue 11): the corpus stages find the damage, and the documents
    # leave the store with a problem each; the next run that finds their files analyses them anew
    summary = pipeline.analyze(
        [corpus / "a.txt", corpus / "b.txt"], db=corpus / "s.db", settings=load_settings(workers=1)
    )
    assert summary.documents == ["a"]
    assert [(p.doc, p.stage) for p in summary.problems] == [("b", "store"), ("c", "store")]
    again = pipeline.analyze([corpus], db=corpus / "s.db", settings=load_settings(workers=1))
    assert again.analysed == ["b", "c"] and again.documents == ["a", "b", "c"]
