"""The SQLite store: all SQL of the project lives in this package.

One file holds documents with their cleaned text and offset map, per-document analyses (keyed by
the document's hash and the stage versions that produced them, so a re-run only recomputes what
changed), the corpus results of the last run, problems and run records. Every write is a
transaction: an interrupted run loses at most the document it was working on.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..codec import decode, to_plain
from ..errors import StoreError
from ..model import Actor, Analysis, Document, EventMention, Place, Problem
from .migrations import migrate


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating and migrating when needed) the store at ``path`` for writing."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
    except (OSError, sqlite3.DatabaseError) as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc
    return conn


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an existing store read-only (the web app uses this)."""
    if not Path(path).exists():
        raise StoreError(f"{path}: no such store; run `rashomon analyze` first")
    try:
        return sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the store: {exc}") from exc


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction: committed whole or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# -- runs and problems -------------------------------------------------------------------------


def start_run(conn: sqlite3.Connection, args: dict[str, Any]) -> int:
    """Record the start of a run and return its id."""
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO runs (started, args, status) VALUES (?, ?, 'running')", (_now(), json.dumps(args))
        )
    return int(cur.lastrowid or 0)


def finish_run(conn: sqlite3.Connection, run_id: int, status: str, summary: dict[str, Any]) -> None:
    """Record how a run ended."""
    with transaction(conn):
        conn.execute(
            "UPDATE runs SET finished = ?, status = ?, summary = ? WHERE id = ?",
            (_now(), status, json.dumps(summary), run_id),
        )


def add_problem(conn: sqlite3.Connection, run_id: int, problem: Problem) -> None:
    """Store one problem of a run."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO problems (run_id, path, doc, stage, message) VALUES (?, ?, ?, ?, ?)",
            (run_id, problem.path, problem.doc, problem.stage, problem.message),
        )


def problems(conn: sqlite3.Connection, run_id: int | None = None) -> list[Problem]:
    """Problems of one run (by default the latest)."""
    if run_id is None:
        row = conn.execute("SELECT max(id) FROM runs").fetchone()
        run_id = row[0] if row else None
    rows = conn.execute(
        "SELECT path, stage, message, doc FROM problems WHERE run_id = ? ORDER BY id", (run_id,)
    ).fetchall()
    return [Problem(path=r[0], stage=r[1], message=r[2], doc=r[3]) for r in rows]


# -- documents and analyses --------------------------------------------------------------------


def document_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """Stored document ids keyed by path."""
    return {row[1]: row[0] for row in conn.execute("SELECT id, path FROM documents")}


def cached_analysis(conn: sqlite3.Connection, doc_id: str, sha256: str, key: str) -> Analysis | None:
    """The stored analysis of a document when its bytes and the pipeline key are unchanged."""
    row = conn.execute(
        "SELECT a.payload FROM analyses a JOIN documents d ON d.id = a.doc_id "
        "WHERE a.doc_id = ? AND d.sha256 = ? AND a.pipeline_key = ?",
        (doc_id, sha256, key),
    ).fetchone()
    if row is None:
        return None
    return load_analysis(conn, doc_id)


def save_analysis(conn: sqlite3.Connection, analysis: Analysis, key: str) -> None:
    """Store a document and its analysis in one transaction."""
    doc = analysis.doc
    payload = to_plain(analysis)
    del payload["doc"]
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO documents (id, path, sha256, payload, text, added)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (doc.id, doc.path, doc.sha256, json.dumps(_doc_meta(doc)), doc.text, _now()),
        )
        conn.execute(
            "INSERT OR REPLACE INTO analyses (doc_id, pipeline_key, payload, created) VALUES (?, ?, ?, ?)",
            (doc.id, key, json.dumps(payload), _now()),
        )


def _doc_meta(doc: Document) -> dict[str, Any]:
    meta = to_plain(doc)
    del meta["text"]
    return dict(meta)


def load_document(conn: sqlite3.Connection, doc_id: str) -> Document:
    """One stored document."""
    row = conn.execute("SELECT payload, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        raise StoreError(f"no document {doc_id!r} in the store")
    meta = json.loads(row[0])
    meta["text"] = row[1]
    return decode(Document, meta)


def load_analysis(conn: sqlite3.Connection, doc_id: str) -> Analysis:
    """One stored analysis with its document."""
    row = conn.execute("SELECT payload FROM analyses WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        raise StoreError(f"no analysis of {doc_id!r} in the store")
    payload = json.loads(row[0])
    payload["doc"] = to_plain(load_document(conn, doc_id))
    return decode(Analysis, payload)


def analysed_ids(conn: sqlite3.Connection) -> list[str]:
    """Ids of every document with a stored analysis, in id order."""
    return [r[0] for r in conn.execute("SELECT doc_id FROM analyses ORDER BY doc_id")]


# -- corpus results ----------------------------------------------------------------------------


def save_corpus(
    conn: sqlite3.Connection,
    *,
    places: list[Place],
    actors: list[Actor],
    mentions: list[EventMention],
    assignments: dict[str, str],
    events: list[Any],
    framing: dict[str, Any],
) -> None:
    """Replace the corpus results (places, actors, mentions with their event, events, framing)."""
    with transaction(conn):
        for table in ("places", "actors", "mentions", "events", "framing"):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany(
            "INSERT INTO places (id, payload) VALUES (?, ?)",
            [(p.id, json.dumps(to_plain(p))) for p in places],
        )
        conn.executemany(
            "INSERT INTO actors (id, payload) VALUES (?, ?)",
            [(a.id, json.dumps(to_plain(a))) for a in actors],
        )
        conn.executemany(
            "INSERT INTO mentions (id, doc, event, payload) VALUES (?, ?, ?, ?)",
            [(m.id, m.doc, assignments[m.id], json.dumps(to_plain(m))) for m in mentions],
        )
        conn.executemany(
            "INSERT INTO events (id, payload) VALUES (?, ?)",
            [(e.id, json.dumps(to_plain(e))) for e in events],
        )
        conn.execute("INSERT INTO framing (id, payload) VALUES (1, ?)", (json.dumps(framing),))


def load_places(conn: sqlite3.Connection) -> list[Place]:
    """Places referenced by the corpus."""
    return [decode(Place, json.loads(r[0])) for r in conn.execute("SELECT payload FROM places ORDER BY id")]


def load_actors(conn: sqlite3.Connection) -> list[Actor]:
    """Actors referenced by the corpus."""
    return [decode(Actor, json.loads(r[0])) for r in conn.execute("SELECT payload FROM actors ORDER BY id")]


def load_mentions(conn: sqlite3.Connection) -> list[tuple[EventMention, str]]:
    """Every event mention with the id of the event it was aligned to."""
    rows = conn.execute("SELECT payload, event FROM mentions ORDER BY rowid")
    return [(decode(EventMention, json.loads(r[0])), r[1]) for r in rows]


def load_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every event, as stored (plain values)."""
    return [json.loads(r[0]) for r in conn.execute("SELECT payload FROM events ORDER BY rowid")]


def load_framing(conn: sqlite3.Connection) -> dict[str, Any]:
    """The framing analysis of the corpus."""
    row = conn.execute("SELECT payload FROM framing WHERE id = 1").fetchone()
    return json.loads(row[0]) if row else {"place_names": [], "terms": []}
