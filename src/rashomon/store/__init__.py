"""The SQLite store: all SQL of the project lives in this package.

One file holds documents with their cleaned text and offset map, each stage's result per document
under the stage's cache key (so a re-run only recomputes what changed), tables a reader can query
(sentences, place mentions, event mentions, participants, events, discrepancies, places, actors;
full-text search over documents and sentences), the corpus results, problems and run records. Every
write is a transaction: an interrupted run loses at most the document it was working on.
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

from ..errors import StoreError
from ..model import Analysis, Problem
from .corpus import (
    add_places_actors,
    align_mentions,
    analysed_ids,
    corpus_counts,
    delete_events,
    document_infos,
    document_sides,
    document_states,
    document_texts,
    events_near,
    get_state,
    iter_events,
    iter_mentions,
    load_actors,
    load_framing,
    load_mentions,
    load_places,
    mentions_of_events,
    multi_doc_events,
    place_names,
    profiles,
    refs,
    save_corpus,
    save_framing,
    set_event_links,
    set_state,
    write_events,
)
from .docs import (
    NOT_STORED,
    DocRows,
    StoredDoc,
    analysis_key,
    analysis_rows,
    annotated_fields,
    clear_document,
    load_analysis,
    load_document,
    load_mentions_of,
    load_outputs,
    load_participants,
    stage_keys_of,
    stored_documents,
    write_rows,
)
from .migrations import migrate

__all__ = [
    "EXPORTED_TABLES",
    "NOT_STORED",
    "DocRows",
    "StoredDoc",
    "add_places_actors",
    "align_mentions",
    "analysed_ids",
    "analysis_key",
    "analysis_rows",
    "annotated_fields",
    "corpus_counts",
    "delete_events",
    "document_infos",
    "document_sides",
    "document_states",
    "document_texts",
    "events_near",
    "get_state",
    "iter_events",
    "iter_mentions",
    "load_actors",
    "load_analysis",
    "load_document",
    "load_framing",
    "load_mentions",
    "load_mentions_of",
    "load_outputs",
    "load_participants",
    "load_places",
    "mentions_of_events",
    "multi_doc_events",
    "place_names",
    "profiles",
    "refs",
    "save_corpus",
    "save_framing",
    "set_event_links",
    "set_state",
    "stage_keys_of",
    "stored_documents",
    "table_rows",
    "write_events",
]


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
        if "_migrations" not in tables or "documents" not in tables:
            conn.close()
            raise StoreError(
                f"{path}: not a rashomon store (no documents table); run `rashomon analyze` first"
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
        for doc_id in doc_ids:
            clear_document(conn, doc_id)
            conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def invalidate_analysis(conn: sqlite3.Connection, doc_id: str) -> None:
    """Keep a stored analysis out of the corpus and have the next run redo it."""
    with transaction(conn):
        conn.execute("UPDATE documents SET status = 'redo', analysis_key = '' WHERE id = ?", (doc_id,))
        conn.execute("DELETE FROM annotations WHERE doc_id = ?", (doc_id,))


def save_rows(conn: sqlite3.Connection, rows: DocRows) -> None:
    """Store one document's rows (made by ``docs.analysis_rows``) in one transaction."""
    with transaction(conn):
        write_rows(conn, rows)


def save_analysis(conn: sqlite3.Connection, analysis: Analysis, key: str, ingest_key: str = "") -> None:
    """Store a document and its analysis, every stage's result under ``key``, in one transaction."""
    from ..stages import analysis_fields

    stages = [(name, name, key) for name in analysis_fields() if name not in NOT_STORED]
    save_rows(conn, analysis_rows(analysis, stages, ingest_key=ingest_key, complete=True))


def cached_analysis(conn: sqlite3.Connection, doc_id: str, sha256: str, key: str) -> Analysis | None:
    """The stored analysis of a document when its bytes and its key (as given to save_analysis) are
    unchanged."""
    from ..stages import analysis_fields

    expected = analysis_key({name: key for name in analysis_fields() if name not in NOT_STORED})
    row = conn.execute(
        "SELECT 1 FROM documents WHERE id = ? AND sha256 = ? AND analysis_key = ? AND status = 'complete'",
        (doc_id, sha256, expected),
    ).fetchone()
    if row is None:
        return None
    try:
        return load_analysis(conn, doc_id)
    except StoreError:  # written by an older version in a shape this one cannot read: redo it
        return None


# the tables an analyst reads (the export writes each of them as one Parquet file)
EXPORTED_TABLES = (
    "documents",
    "sentences",
    "place_mentions",
    "mentions",
    "participants",
    "events",
    "discrepancies",
    "discrepancy_values",
    "places",
    "actors",
)


def table_rows(
    conn: sqlite3.Connection, table: str, batch: int
) -> tuple[list[str], Iterator[list[tuple[Any, ...]]]]:
    """The column names of an exported table and its rows in batches."""
    if table not in EXPORTED_TABLES:
        raise StoreError(f"no exported table {table!r}")
    cursor = conn.execute(f"SELECT * FROM {table}")
    columns = [d[0] for d in cursor.description]

    def batches() -> Iterator[list[tuple[Any, ...]]]:
        while rows := cursor.fetchmany(batch):
            yield rows

    return columns, batches()


def store_size(conn: sqlite3.Connection) -> dict[str, int]:
    """Bytes of each table and index (SQLite's dbstat), for the store-size figures."""
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except sqlite3.OperationalError:  # SQLite built without dbstat
        return {}
    return {str(name): int(size) for name, size in rows}
