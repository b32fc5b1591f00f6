"""What the web app reads for one page: one event, one document, one page of search hits."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

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


_MATCHES = "SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ? ORDER BY rank, rowid"
_SENTENCES = """
SELECT s.id, s.text, s.doc_id, d.title, d.outlet, d.side, d.published, s.start, s."end"
FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE s.id IN (SELECT value FROM json_each(?))
"""
_BATCH = 500


def search_sentences(
    conn: sqlite3.Connection, query: str, limit: int, offset: int = 0, per_hit: int = 10
) -> tuple[int, list[SearchHit], bool]:
    """The number of sentences holding every word of ``query``, one page of them best ranked first,
    each distinct text once with at most ``per_hit`` of the documents that hold it, and whether more
    pages follow.

    Copies of one sentence have the same text, hence the same rank, so they come together in rank
    order: matches are read in order until the page's texts and the next one are complete.
    """
    match = fts_query(query)
    if not match:
        return 0, [], False
    total = int(
        conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?", (match,)).fetchone()[0]
    )
    wanted = offset + limit + 1  # one more text than the page says whether a next page exists
    groups: dict[str, list[tuple[Any, ...]]] = {}
    ranks: dict[str, float] = {}
    cursor = conn.execute(_MATCHES, (match,))
    last_rank: float | None = None
    while batch := cursor.fetchmany(_BATCH):
        found = {row[0]: row for row in conn.execute(_SENTENCES, (json.dumps([r[0] for r in batch]),))}
        for sentence_id, rank in batch:
            row = found[sentence_id]
            groups.setdefault(row[1], []).append(row)
            ranks.setdefault(row[1], rank)
        last_rank = batch[-1][1]
        # every text whose rank is below the last one read is complete
        if sum(1 for r in ranks.values() if r < last_rank) >= wanted:
            break
    else:
        last_rank = None  # all matches read: every text is complete
    texts = [t for t in groups if last_rank is None or ranks[t] < last_rank]
    hits = []
    for text in texts[offset : offset + limit]:
        rows = sorted(groups[text], key=lambda r: (r[6] is None, r[6] or "", r[2]))
        hits.append(SearchHit(text, tuple(HitDoc(*r[2:]) for r in rows[:per_hit]), len(rows)))
    return total, hits, len(texts) > offset + limit
