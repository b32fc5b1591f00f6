"""The SQLite store: all SQL of the project lives in this package.

One file holds documents with their cleaned text and offset map, per-document analyses (keyed by
the document's hash and the stage versions that produced them, so a re-run only recomputes what
changed), the corpus results of the last run, problems and run records. Every write is a
transaction: an interrupted run loses at most the document it was working on.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
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


# Seconds a connection waits for another process's write lock (several runs may share a store).
_BUSY_SECONDS = 60.0


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to write-ahead logging. The switch needs the file to itself and SQLite does not wait
    for it (the busy timeout does not apply), so a store another process is opening is tried again."""
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating and migrating when needed) the store at ``path`` for writing."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=_BUSY_SECONDS)
        conn.execute(f"PRAGMA busy_timeout={int(_BUSY_SECONDS * 1000)}")
        _wal(conn)
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{path}: cannot open the store: {_reason(exc)}") from exc
    return conn


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an existing store read-only (export, report and the web app use this).

    A store in a folder the user cannot write to cannot get the shared-memory file that WAL
    readers need; it is then opened as immutable, which is safe because nobody can write it either.
    """
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such store; run `rashomon analyze` first")
    resolved = Path(path).resolve()
    last: sqlite3.Error | None = None
    for mode in ("mode=ro", "mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(f"file:{resolved}?{mode}", uri=True, timeout=_BUSY_SECONDS)
            # the first read is where a file that is no database, or cannot be read, shows itself
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise StoreError(f"{path}: cannot open the store: {_reason(exc)}") from exc
            last = exc
            continue
        if "analyses" not in tables:
            conn.close()
            raise StoreError(
                f"{path}: not a rashomon store (no analyses table); run `rashomon analyze` first"
            )
        return conn
    raise StoreError(f"{path}: cannot open the store: {_reason(last)}")


def _reason(exc: BaseException | None) -> str:
    text = str(exc) if exc is not None else "unknown error"
    if "not a database" in text:
        return "the file is not an SQLite database"
    return text


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
    """Record the start of a run and return its id; runs whose process is gone become 'interrupted'."""
    with transaction(conn):
        for run_id, run_args in conn.execute("SELECT id, args FROM runs WHERE status = 'running'").fetchall():
            pid = _run_pid(run_args)
            if pid is None or not _alive(pid):
                conn.execute(
                    "UPDATE runs SET status = 'interrupted', finished = ? WHERE id = ?", (_now(), run_id)
                )
        cur = conn.execute(
            "INSERT INTO runs (started, args, status) VALUES (?, ?, 'running')",
            (_now(), json.dumps({**args, "pid": os.getpid()})),
        )
    return int(cur.lastrowid or 0)


def _run_pid(args: str) -> int | None:
    try:
        pid = json.loads(args).get("pid")
    except (ValueError, AttributeError):
        return None
    return pid if isinstance(pid, int) else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a run of this process that is still 'running' was cut off
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_status(conn: sqlite3.Connection, run_id: int) -> str:
    """The status of one run ('running', 'done', 'interrupted')."""
    row = conn.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise StoreError(f"no run {run_id} in the store")
    return str(row[0])


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


def set_document_path(conn: sqlite3.Connection, doc_id: str, path: str) -> None:
    """Record a stored document's path (a store written before paths were resolved gets them here)."""
    with transaction(conn):
        conn.execute("UPDATE documents SET path = ? WHERE id = ?", (path, doc_id))


def drop_documents(conn: sqlite3.Connection, doc_ids: list[str]) -> None:
    """Remove documents and their analyses; the next run that finds their files analyses them anew."""
    with transaction(conn):
        conn.executemany("DELETE FROM analyses WHERE doc_id = ?", [(d,) for d in doc_ids])
        conn.executemany("DELETE FROM documents WHERE id = ?", [(d,) for d in doc_ids])


def invalidate_analysis(conn: sqlite3.Connection, doc_id: str) -> None:
    """Keep a stored analysis but have the next run redo it."""
    with transaction(conn):
        conn.execute("UPDATE analyses SET pipeline_key = 'partial' WHERE doc_id = ?", (doc_id,))


def cached_analysis(conn: sqlite3.Connection, doc_id: str, sha256: str, key: str) -> Analysis | None:
    """The stored analysis of a document when its bytes and the pipeline key are unchanged."""
    row = conn.execute(
        "SELECT a.payload FROM analyses a JOIN documents d ON d.id = a.doc_id "
        "WHERE a.doc_id = ? AND d.sha256 = ? AND a.pipeline_key = ?",
        (doc_id, sha256, key),
    ).fetchone()
    if row is None:
        return None
    try:
        return load_analysis(conn, doc_id)
    except StoreError:  # written by an older version in a shape this one cannot read: redo it
        return None


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
    try:
        payload = json.loads(row[0])
        payload["doc"] = to_plain(load_document(conn, doc_id))
        return decode(Analysis, payload)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreError(f"stored analysis of {doc_id!r} unreadable: {type(exc).__name__}: {exc}") from exc


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
