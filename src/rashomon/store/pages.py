"""What the web app reads for one page: one event, one document, one page of search hits."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Event, EventMention, Place
from . import rows as R
from .corpus import _event


def _safe_name(identifier: str) -> str:
    # the report's file name of an id (report.render.safe_name; the store does not import the report)
    return re.sub(r"[^A-Za-z0-9._-]", "_", identifier)


def find_id(conn: sqlite3.Connection, table: str, name: str) -> str | None:
    """The id in ``table`` ('events' or 'documents') whose page name is ``name``, or None.

    A page name is the id with characters other than letters, digits, '.', '_' and '-' made '_', so
    an id is looked up as it is first (the index answers), then as a LIKE pattern whose '_' stands
    for any one character, checked exactly.
    """
    if table not in ("events", "documents"):
        raise ValueError(f"no pages for {table!r}")
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (name,)).fetchone():
        return name
    if "_" not in name:
        return None
    for (found,) in conn.execute(f"SELECT id FROM {table} WHERE id LIKE ? ORDER BY id", (name,)):
        if _safe_name(found) == name:
            return str(found)
    return None


def load_event(conn: sqlite3.Connection, event_id: str) -> Event | None:
    """One event with its discrepancies, or None."""
    row = conn.execute(
        f"SELECT {', '.join(R.EVENT_COLUMNS)}, data FROM events WHERE id = ?", (event_id,)
    ).fetchone()
    return None if row is None else _event(conn, row)


def load_events(conn: sqlite3.Connection, ids: Iterable[str]) -> list[Event]:
    """These events (those that exist), with their discrepancies."""
    sql = (
        f"SELECT {', '.join(R.EVENT_COLUMNS)}, data FROM events "
        "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY n"
    )
    return [_event(conn, row) for row in conn.execute(sql, (json.dumps(sorted(set(ids))),)).fetchall()]


def mentions_by_id(conn: sqlite3.Connection, ids: Iterable[str]) -> list[tuple[EventMention, str | None]]:
    """These event mentions with the id of their event, in document order."""
    sql = (
        f"SELECT {R.MENTION_SELECT}, m.event FROM mentions m "
        "WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.doc_id, m.n"
    )
    rows = conn.execute(sql, (json.dumps(sorted(set(ids))),)).fetchall()
    return [(R.mention_from_row(row[:-1]), row[-1]) for row in rows]


def mentions_of_document(conn: sqlite3.Connection, doc_id: str) -> list[tuple[EventMention, str | None]]:
    """The event mentions of one document with the id of their event, in order."""
    sql = f"SELECT {R.MENTION_SELECT}, m.event FROM mentions m WHERE m.doc_id = ? ORDER BY m.n"
    return [(R.mention_from_row(row[:-1]), row[-1]) for row in conn.execute(sql, (doc_id,)).fetchall()]


def texts_of(conn: sqlite3.Connection, doc_ids: Iterable[str]) -> dict[str, str]:
    """The cleaned text of these documents, by id."""
    sql = "SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))"
    return dict(conn.execute(sql, (json.dumps(sorted(set(doc_ids))),)).fetchall())


def places_by_id(conn: sqlite3.Connection, ids: Iterable[str]) -> list[Place]:
    """These places (those the store holds)."""
    sql = (
        f"SELECT {', '.join(R.PLACE_COLUMNS)}, data FROM places "
        "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id"
    )
    return [R.place_from_row(r) for r in conn.execute(sql, (json.dumps(sorted(set(ids))),))]


# -- search ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HitDoc:
    """One document a found sentence is in, with where the sentence is."""

    doc: str
    title: str | None
    outlet: str | None
    side: str | None
    published: str | None
    start: int
    end: int


@dataclass(frozen=True)
class SearchHit:
    """One sentence found, once however many documents hold the same words."""

    text: str
    docs: tuple[HitDoc, ...]
    n_docs: int


def fts_query(query: str) -> str:
    """An FTS5 query that finds sentences holding every word of ``query`` (operators are words)."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


# one hit per distinct sentence text, best ranked first; its documents oldest first
_SEARCH = """
WITH found AS (
    SELECT s.text, min(f.rank) AS best, count(*) AS n_docs, json_group_array(s.id) AS ids
    FROM sentences_fts f JOIN sentences s ON s.id = f.rowid WHERE sentences_fts MATCH :q
    GROUP BY s.text ORDER BY best, s.text LIMIT :limit OFFSET :offset)
SELECT f.text, f.n_docs, (
    SELECT json_group_array(json_array(x.doc_id, x.title, x.outlet, x.side, x.published, x.start, x."end"))
    FROM (SELECT s.doc_id, d.title, d.outlet, d.side, d.published, s.start, s."end"
          FROM sentences s JOIN documents d ON d.id = s.doc_id
          WHERE s.id IN (SELECT value FROM json_each(f.ids))
          ORDER BY d.published IS NULL, d.published, s.doc_id LIMIT :per_hit) x)
FROM found f ORDER BY f.best, f.text
"""
_COUNT = """
SELECT count(DISTINCT s.text) FROM sentences_fts f JOIN sentences s ON s.id = f.rowid
WHERE sentences_fts MATCH ?
"""


def search_sentences(
    conn: sqlite3.Connection, query: str, limit: int, offset: int = 0, per_hit: int = 10
) -> tuple[int, list[SearchHit]]:
    """The number of distinct sentences holding every word of ``query`` and one page of them, each
    with at most ``per_hit`` of the documents that hold it."""
    match = fts_query(query)
    if not match:
        return 0, []
    total = int(conn.execute(_COUNT, (match,)).fetchone()[0])
    params = {"q": match, "limit": limit, "offset": offset, "per_hit": per_hit}
    hits = [
        SearchHit(text, tuple(HitDoc(*d) for d in json.loads(docs)), int(n_docs))
        for text, n_docs, docs in conn.execute(_SEARCH, params)
    ]
    return total, hits
