"""What incremental alignment keeps between runs, and the queries it asks of it.

Every table here is rewritten by a full corpus build and extended by an incremental one: stories and
blocking keys of documents, story, first-pass group and keys across stories of mentions, document
frequencies (``corpus_df``: kind 'terms' and 'names' over documents, 'words' over mention sentences)
and the state of each document the corpus results were built from (``corpus_docs``).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from . import rows as R


def _json_ids(ids: Iterable[Any]) -> str:
    return json.dumps(sorted(set(ids)))


def built_states(conn: sqlite3.Connection) -> dict[str, str]:
    """The state of each document when the corpus results were last built."""
    return dict(conn.execute("SELECT doc_id, state FROM corpus_docs").fetchall())


def current_states(conn: sqlite3.Connection) -> dict[str, str]:
    """Each document's state now: what the corpus results read of it (analysis and metadata)."""
    sql = (
        "SELECT id, sha256 || '|' || ingest_key || '|' || analysis_key || '|' || status || '|' || "
        "coalesce(side, '') || '|' || "
        "coalesce(published, '') FROM documents WHERE status != 'redo'"
    )
    return dict(conn.execute(sql).fetchall())


def clear(conn: sqlite3.Connection) -> None:
    """Forget the alignment state (a full build writes it anew)."""
    for table in ("story_keys", "cross_keys", "corpus_df", "corpus_docs"):
        conn.execute(f"DELETE FROM {table}")


def write_docs(
    conn: sqlite3.Connection,
    states: Mapping[str, str],
    stories: Mapping[str, int],
    keys: Mapping[str, list[str]],
) -> None:
    """Record documents the corpus now holds: their state, story and blocking keys."""
    conn.executemany("INSERT OR REPLACE INTO corpus_docs (doc_id, state) VALUES (?, ?)", list(states.items()))
    conn.executemany("UPDATE profiles SET story = ? WHERE doc_id = ?", [(s, d) for d, s in stories.items()])
    conn.executemany(
        "INSERT OR IGNORE INTO story_keys (key, doc_id) VALUES (?, ?)",
        [(k, d) for d, ks in keys.items() for k in ks],
    )


def write_mentions(
    conn: sqlite3.Connection,
    stories: Mapping[str, int],
    groups: Mapping[str, int],
    cross: Mapping[str, list[str]],
) -> None:
    """Record mentions' stories, first-pass groups and keys across stories."""
    conn.executemany(
        "UPDATE mentions SET story = ?, grp = ? WHERE id = ?", [(stories[m], g, m) for m, g in groups.items()]
    )
    conn.executemany(
        "INSERT OR IGNORE INTO cross_keys (key, mention) VALUES (?, ?)",
        [(k, m) for m, ks in cross.items() for k in ks],
    )


def add_df(conn: sqlite3.Connection, kind: str, bags: Iterable[Iterable[str]]) -> None:
    """Count each bag's distinct terms once in the document frequencies of ``kind``."""
    counts: Counter[str] = Counter()
    n = 0
    for bag in bags:
        n += 1
        counts.update(set(bag))
    conn.executemany(
        "INSERT INTO corpus_df (kind, term, n) VALUES (?, ?, ?) "
        "ON CONFLICT(kind, term) DO UPDATE SET n = n + excluded.n",
        [(kind, t, c) for t, c in counts.items()],
    )
    conn.execute(
        "INSERT INTO corpus_df (kind, term, n) VALUES (?, '', ?) "
        "ON CONFLICT(kind, term) DO UPDATE SET n = n + excluded.n",
        (f"{kind}#", n),
    )


def df(conn: sqlite3.Connection, kind: str) -> tuple[dict[str, int], int]:
    """The document frequencies of ``kind`` and how many bags they were counted over."""
    counts = dict(conn.execute("SELECT term, n FROM corpus_df WHERE kind = ?", (kind,)).fetchall())
    row = conn.execute("SELECT n FROM corpus_df WHERE kind = ? AND term = ''", (f"{kind}#",)).fetchone()
    return counts, int(row[0]) if row else 0


def key_counts(conn: sqlite3.Connection, table: str, keys: Iterable[str]) -> dict[str, int]:
    """How many documents (story_keys) or mentions (cross_keys) hold each key."""
    sql = f"SELECT key, count(*) FROM {table} WHERE key IN (SELECT value FROM json_each(?)) GROUP BY key"
    return dict(conn.execute(sql, (_json_ids(keys),)).fetchall())


def docs_with_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, list[str]]:
    """The documents holding each key."""
    out: dict[str, list[str]] = {}
    sql = "SELECT key, doc_id FROM story_keys WHERE key IN (SELECT value FROM json_each(?)) ORDER BY doc_id"
    for key, doc_id in conn.execute(sql, (_json_ids(keys),)):
        out.setdefault(key, []).append(doc_id)
    return out


def keys_of_docs(conn: sqlite3.Connection, doc_ids: Iterable[str]) -> dict[str, list[str]]:
    """The blocking keys of each document."""
    out: dict[str, list[str]] = {}
    sql = "SELECT doc_id, key FROM story_keys WHERE doc_id IN (SELECT value FROM json_each(?))"
    for doc_id, key in conn.execute(sql, (_json_ids(doc_ids),)):
        out.setdefault(doc_id, []).append(key)
    return out


def stories_of(conn: sqlite3.Connection, doc_ids: Iterable[str]) -> dict[str, int]:
    """The story of each document."""
    sql = "SELECT doc_id, story FROM profiles WHERE doc_id IN (SELECT value FROM json_each(?))"
    return {d: s for d, s in conn.execute(sql, (_json_ids(doc_ids),)) if s is not None}


def story_members(conn: sqlite3.Connection, stories: Iterable[int]) -> list[str]:
    """The documents of these stories."""
    sql = "SELECT doc_id FROM profiles WHERE story IN (SELECT value FROM json_each(?)) ORDER BY doc_id"
    return [r[0] for r in conn.execute(sql, (_json_ids(stories),))]


def mentions_with_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> list[str]:
    """Mentions holding any of these keys across stories."""
    sql = "SELECT DISTINCT mention FROM cross_keys WHERE key IN (SELECT value FROM json_each(?))"
    return [r[0] for r in conn.execute(sql, (_json_ids(keys),))]


def cross_keys_of(conn: sqlite3.Connection, mention_ids: Iterable[str]) -> dict[str, list[str]]:
    """The keys across stories of each mention."""
    out: dict[str, list[str]] = {}
    sql = "SELECT mention, key FROM cross_keys WHERE mention IN (SELECT value FROM json_each(?))"
    for mention, key in conn.execute(sql, (_json_ids(mention_ids),)):
        out.setdefault(mention, []).append(key)
    return out


def placement(
    conn: sqlite3.Connection, mention_ids: Iterable[str]
) -> dict[str, tuple[int | None, int | None, str | None]]:
    """(story, group, event) of each mention."""
    sql = "SELECT id, story, grp, event FROM mentions WHERE id IN (SELECT value FROM json_each(?))"
    return {m: (s, g, e) for m, s, g, e in conn.execute(sql, (_json_ids(mention_ids),))}


def mentions_of_groups(conn: sqlite3.Connection, groups: Iterable[int]) -> list[str]:
    """The mentions of these first-pass groups."""
    sql = "SELECT id FROM mentions WHERE grp IN (SELECT value FROM json_each(?)) ORDER BY doc_id, n"
    return [r[0] for r in conn.execute(sql, (_json_ids(groups),))]


def groups_of_events(conn: sqlite3.Connection, events: Iterable[str]) -> list[int]:
    """The first-pass groups the mentions of these events belong to."""
    sql = "SELECT DISTINCT grp FROM mentions WHERE event IN (SELECT value FROM json_each(?))"
    return [r[0] for r in conn.execute(sql, (_json_ids(events),)) if r[0] is not None]


def align_records(conn: sqlite3.Connection, mention_ids: Iterable[str]) -> list[R.AlignMention]:
    """The alignment records of these mentions, in document and mention order."""
    sql = (
        f"SELECT {R.MENTION_SELECT}, m.words, m.names, m.revised FROM mentions m "
        "WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.doc_id, m.n"
    )
    return [R.align_mention_from_row(r) for r in conn.execute(sql, (_json_ids(mention_ids),))]


def next_number(conn: sqlite3.Connection, what: str) -> int:
    """The next free story, group or event number."""
    sql = {
        "story": "SELECT max(story) FROM profiles",
        "group": "SELECT max(grp) FROM mentions",
        "event": "SELECT max(n) FROM events",
    }[what]
    row = conn.execute(sql).fetchone()
    return int(row[0]) + 1 if row and row[0] is not None else 0


def event_numbers(conn: sqlite3.Connection) -> int:
    """The next free number in event ids ('e12' -> 13)."""
    row = conn.execute("SELECT max(CAST(substr(id, 2) AS INTEGER)) FROM events").fetchone()
    return int(row[0]) + 1 if row and row[0] is not None else 1
