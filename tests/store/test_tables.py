"""The store as real tables (issue 10, item 1): columns, full-text search, round trips, migrations."""

from __future__ import annotations

import json
import sqlite3

from rashomon import pipeline, store
from rashomon.model import Discrepancy, DiscrepancyValue, Event, TimeValue
from rashomon.settings import load_settings
from rashomon.store.migrations import MIGRATIONS, statements

TEXT = (
    "Velmora and Ostrakan exchanged 45 prisoners at Lisgar on 3 March 2025, the ministry said.\n"
    "Talks were held in Geneva the next day."
)


def _analysed(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    pipeline.analyze([tmp_path / "a.txt"], db=tmp_path / "s.db", settings=load_settings(workers=1))
    return store.connect_readonly(tmp_path / "s.db")


def test_facts_are_columns_and_sentences_are_searchable(tmp_path):
    conn = _analysed(tmp_path)
    (path, side, chars) = conn.execute("SELECT path, side, chars FROM documents WHERE id = 'a'").fetchone()
    assert chars == len(TEXT) and side is None and path.endswith("a.txt")
    hits = conn.execute(
        "SELECT s.text FROM sentences s WHERE s.id IN "
        "(SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'prisoners')"
    ).fetchall()
    assert hits == [(TEXT.splitlines()[0],)]
    assert conn.execute(
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Geneva'"
    ).fetchone() == (1,)
    types = {r[0] for r in conn.execute("SELECT type FROM mentions")}
    assert "prisoner_exchange" in types
    (event,) = conn.execute("SELECT event FROM mentions WHERE type = 'prisoner_exchange'").fetchone()
    assert conn.execute("SELECT n_docs, type FROM events WHERE id = ?", (event,)).fetchone() == (
        1,
        "prisoner_exchange",
    )
    assert conn.execute("SELECT count(*) FROM places").fetchone()[0] >= 0


def test_events_with_discrepancies_round_trip_exactly(tmp_path):
    conn = store.connect(tmp_path / "s.db")
    event = Event(
        id="e1",
        type="release",
        date=TimeValue("2025-03-03", "day"),
        places=("test:lisgar",),
        mentions=("a:m1", "b:m1"),
        docs=("a", "b"),
        sides=("north",),
        summary="Release · 2025-03-03",
        discrepancies=(
            Discrepancy(
                "count",
                "contradiction",
                "number of captives",
                (
                    DiscrepancyValue(45, ("a:m1",), ("a",)),
                    DiscrepancyValue("more than 13", ("b:m1",), ("b",)),
                ),
            ),
        ),
    )
    with store.transaction(conn):
        store.write_events(conn, [event])
    assert list(store.iter_events(conn)) == [event]
    values = conn.execute("SELECT value, value_number FROM discrepancy_values ORDER BY n").fetchall()
    assert values == [(45, 45.0), ("more than 13", None)]


def test_a_store_of_the_first_schema_is_migrated_and_its_documents_redone(tmp_path):
    db = tmp_path / "old.db"
    old = sqlite3.connect(db)
    for statement in statements(MIGRATIONS[0][1]):
        old.execute(statement)
    old.execute("CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
    old.execute("INSERT INTO _migrations VALUES ('0001_initial', '2026-01-01')")
    (tmp_path / "a.txt").write_text(TEXT)
    payload = {
        "id": "a",
        "path": str(tmp_path / "a.txt"),
        "sha256": "x",
        "title": "Old title",
        "format": "txt",
    }
    old.execute(
        "INSERT INTO documents (id, path, sha256, payload, text, added) VALUES (?, ?, ?, ?, ?, ?)",
        ("a", str(tmp_path / "a.txt"), "x", json.dumps(payload), TEXT, "2026-01-01"),
    )
    old.execute("INSERT INTO analyses VALUES ('a', 'k', '{}', '2026-01-01')")
    old.commit()
    old.close()
    conn = store.connect(db)
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations")][-1] == "0004_browse_indexes"
    assert conn.execute("SELECT title, chars FROM documents").fetchone() == ("Old title", len(TEXT))
    assert conn.execute(
        "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'Geneva'"
    ).fetchone() == (1,)
    conn.close()
    summary = pipeline.analyze([tmp_path / "a.txt"], db=db, settings=load_settings(workers=1))
    assert summary.analysed == ["a"] and summary.mentions > 0
