"""Named, transactional schema migrations; each runs once, in order."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL,
            payload TEXT NOT NULL, text TEXT NOT NULL, added TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS analyses (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            pipeline_key TEXT NOT NULL, payload TEXT NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT,
            args TEXT NOT NULL, status TEXT NOT NULL, summary TEXT);
        CREATE TABLE IF NOT EXISTS problems (
            id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id),
            path TEXT NOT NULL, doc TEXT, stage TEXT NOT NULL, message TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS places (id TEXT PRIMARY KEY, payload TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS actors (id TEXT PRIMARY KEY, payload TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS mentions (
            id TEXT PRIMARY KEY, doc TEXT NOT NULL, event TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event);
        CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, payload TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS framing (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);
        """,
    ),
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations this database lacks, all in one transaction; return their names.

    Several processes may open a new database at once: the write lock is taken before the list of
    applied migrations is read, so each migration runs exactly once, and the statements tolerate
    tables that already exist.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)")
        done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
        applied: list[str] = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            for statement in sql.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO _migrations (name, applied) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            applied.append(name)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return applied
