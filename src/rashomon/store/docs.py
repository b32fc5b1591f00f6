"""Per-document tables: the document, each stage's result under its cache key, and the tables made
from them (sentences, place mentions, event mentions, participants, profiles).

A document's rows are written in one transaction, replacing what was stored for it. The cache check
is a query on the documents table (file hash, ingest key, the key of all stages, complete or not):
nothing is decoded to find that a document is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..codec import decode, to_plain
from ..errors import StoreError
from ..model import Analysis, Document, EventMention, Participant, PlaceMention, Sentence
from . import rows as R

# fields whose records have tables of their own (the rest are kept as JSON under their stage)
_OWN_TABLES = frozenset({"sentences", "places", "events", "participants"})
# what is never stored: parse tokens are read by the events and participants stages only, and are
# half the size of everything else (they are recomputed when a stage that reads them reruns)
NOT_STORED = frozenset({"parsed"})


def analysis_key(stage_keys: Mapping[str, str]) -> str:
    """One key for all stages of a document (what a complete stored analysis was made with)."""
    text = "\n".join(f"{name}={key}" for name, key in sorted(stage_keys.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class DocRows:
    """Everything stored for one document, as rows ready to insert (built in a worker process)."""

    doc_id: str
    document: tuple[Any, ...]
    annotations: list[tuple[str, str, str, str, str | None]]  # doc_id, stage, field, key, payload
    sentences: list[tuple[Any, ...]] = field(default_factory=list)
    place_mentions: list[tuple[Any, ...]] = field(default_factory=list)
    refs: list[tuple[str, str, str]] = field(default_factory=list)
    profile: str | None = None
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    participants: list[tuple[Any, ...]] = field(default_factory=list)


def analysis_rows(
    analysis: Analysis,
    stages: Sequence[tuple[str, str, str]],
    *,
    ingest_key: str,
    complete: bool,
    profile: Any = None,
    align: Sequence[R.AlignMention] | None = None,
) -> DocRows:
    """The rows of one analysed document; ``stages`` are (stage name, assigned field, key) of the
    stages whose results are in ``analysis`` (a failed stage is left out, so it reruns next time)."""
    doc = analysis.doc
    keys = {name: key for name, _, key in stages}
    annotations = []
    for name, assigns, key in stages:
        payload = None
        if assigns not in _OWN_TABLES and assigns not in NOT_STORED:
            payload = R.dumps(to_plain(getattr(analysis, assigns)))
        annotations.append((doc.id, name, assigns, key, payload))
    records = align if align is not None else [R.AlignMention(m) for m in analysis.events]
    refs = {("place", p.place) for p in analysis.places if p.place}
    refs |= {("actor", a.actor) for a in analysis.actors if a.actor}
    for m in analysis.events:
        refs |= {("place", a.ref) for a in m.places if a.ref}
        refs |= {("actor", a.ref) for a in m.actors if a.ref}
    return DocRows(
        doc_id=doc.id,
        document=R.document_row(
            doc, ingest_key, analysis_key(keys) if complete else "", "complete" if complete else "partial"
        ),
        annotations=annotations,
        sentences=[(doc.id, s.start, s.end, s.text) for s in analysis.sentences],
        place_mentions=R.place_mention_rows(doc.id, analysis.places),
        refs=[(doc.id, kind, ref) for kind, ref in sorted(refs)],
        profile=R.profile_json(profile) if profile is not None else None,
        mentions=[R.mention_row(n, record) for n, record in enumerate(records)],
        participants=[R.participant_row(doc.id, n, p) for n, p in enumerate(analysis.participants)],
    )


_DOC_INSERT = (
    f"INSERT INTO documents ({', '.join(R.DOCUMENT_COLUMNS)}, chars, added, ingest_key, analysis_key, "
    "status, "
    f"data) VALUES ({', '.join('?' * (len(R.DOCUMENT_COLUMNS) + 6))}) ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(
        f"{c} = excluded.{c}"
        for c in (*R.DOCUMENT_COLUMNS[1:], "chars", "added", "ingest_key", "analysis_key", "status", "data")
    )
)
# tables holding one document's analysis (documents itself stays: its row is updated in place)
_PER_DOC = ("annotations", "sentences", "place_mentions", "doc_refs", "profiles", "mentions", "participants")


def clear_document(conn: sqlite3.Connection, doc_id: str) -> None:
    """Delete one document's analysis rows (inside the caller's transaction)."""
    for table in _PER_DOC:
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))


def write_rows(conn: sqlite3.Connection, rows: DocRows) -> None:
    """Store one document's rows in place of what was stored for it (inside a transaction)."""
    clear_document(conn, rows.doc_id)
    conn.execute(_DOC_INSERT, rows.document)
    conn.executemany(
        "INSERT INTO annotations (doc_id, stage, field, key, payload) VALUES (?, ?, ?, ?, ?)",
        rows.annotations,
    )
    conn.executemany("INSERT INTO sentences (doc_id, start, end, text) VALUES (?, ?, ?, ?)", rows.sentences)
    conn.executemany(
        "INSERT INTO place_mentions (doc_id, start, end, text, place) VALUES (?, ?, ?, ?, ?)",
        rows.place_mentions,
    )
    conn.executemany("INSERT INTO doc_refs (doc_id, kind, ref) VALUES (?, ?, ?)", rows.refs)
    if rows.profile is not None:
        conn.execute("INSERT INTO profiles (doc_id, payload) VALUES (?, ?)", (rows.doc_id, rows.profile))
    conn.executemany(R.MENTION_INSERT, rows.mentions)
    conn.executemany(R.PARTICIPANT_INSERT, rows.participants)


@dataclass(frozen=True)
class StoredDoc:
    """What the cache check reads of a stored document."""

    id: str
    path: str
    sha256: str
    ingest_key: str
    analysis_key: str
    complete: bool


def stored_documents(conn: sqlite3.Connection) -> Iterator[StoredDoc]:
    """Every stored document's cache facts, streamed."""
    for row in conn.execute(
        "SELECT id, path, sha256, ingest_key, analysis_key, status FROM documents ORDER BY id"
    ):
        yield StoredDoc(row[0], row[1], row[2], row[3], row[4], row[5] == "complete")


def stage_keys_of(conn: sqlite3.Connection, doc_id: str) -> dict[str, str]:
    """The key each stage's stored result of one document was made with."""
    return dict(conn.execute("SELECT stage, key FROM annotations WHERE doc_id = ?", (doc_id,)).fetchall())


def load_document(conn: sqlite3.Connection, doc_id: str) -> Document:
    """One stored document."""
    row = conn.execute(
        f"SELECT {', '.join(R.DOCUMENT_COLUMNS)}, data FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    if row is None:
        raise StoreError(f"no document {doc_id!r} in the store")
    return R.document_from_row(row)


def load_outputs(conn: sqlite3.Connection, doc_id: str, fields: Sequence[str]) -> dict[str, list[Any]]:
    """The stored results of one document for these Analysis fields (StoreError when unreadable)."""
    from ..stages import analysis_fields

    out: dict[str, list[Any]] = {}
    try:
        for name in fields:
            if name == "sentences":
                rows = conn.execute(
                    "SELECT start, end, text FROM sentences WHERE doc_id = ? ORDER BY id", (doc_id,)
                )
                out[name] = [Sentence(*r) for r in rows]
            elif name == "places":
                rows = conn.execute(
                    "SELECT start, end, text, place FROM place_mentions WHERE doc_id = ? ORDER BY rowid",
                    (doc_id,),
                )
                out[name] = [PlaceMention(*r) for r in rows]
            elif name == "events":
                out[name] = list(load_mentions_of(conn, doc_id))
            elif name == "participants":
                out[name] = list(load_participants(conn, doc_id))
            else:
                row = conn.execute(
                    "SELECT payload FROM annotations WHERE doc_id = ? AND field = ? AND payload IS NOT NULL",
                    (doc_id, name),
                ).fetchone()
                if row is None:
                    raise StoreError(f"no stored {name} of {doc_id!r}")
                record = analysis_fields()[name]
                out[name] = [decode(record, item) for item in json.loads(row[0])]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreError(f"stored analysis of {doc_id!r} unreadable: {type(exc).__name__}: {exc}") from exc
    return out


def annotated_fields(conn: sqlite3.Connection, doc_id: str) -> set[str]:
    """The Analysis fields stored for one document in the annotations table."""
    return {r[0] for r in conn.execute("SELECT field FROM annotations WHERE doc_id = ?", (doc_id,))}


def load_mentions_of(conn: sqlite3.Connection, doc_id: str) -> Iterator[EventMention]:
    """The event mentions of one document, in order."""
    for row in conn.execute(
        f"SELECT {R.MENTION_SELECT} FROM mentions m WHERE m.doc_id = ? ORDER BY m.n", (doc_id,)
    ):
        yield R.mention_from_row(row)


def load_participants(conn: sqlite3.Connection, doc_id: str | None = None) -> Iterator[Participant]:
    """The participants of one document (or of all), in order."""
    sql = f"SELECT {', '.join(R.PARTICIPANT_COLUMNS)}, data FROM participants"
    args: tuple[Any, ...] = ()
    if doc_id is not None:
        sql += " WHERE doc_id = ?"
        args = (doc_id,)
    for row in conn.execute(sql + " ORDER BY doc_id, n", args):
        yield R.participant_from_row(row)


def load_analysis(conn: sqlite3.Connection, doc_id: str) -> Analysis:
    """One stored analysis with its document (parse tokens are not stored: ``parsed`` is empty)."""
    from ..stages import analysis_fields

    doc = load_document(conn, doc_id)
    stored = {r[0] for r in conn.execute("SELECT field FROM annotations WHERE doc_id = ?", (doc_id,))}
    fields = [f for f in analysis_fields() if f not in NOT_STORED and f in stored]
    return Analysis(doc=doc, **load_outputs(conn, doc_id, fields))
