"""Corpus tables: what the corpus stages read (mention records, document profiles and metadata) and
what they write (each mention's event, events with their discrepancies, places, actors, framing)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..codec import to_plain
from ..model import Actor, Document, Event, EventLink, EventMention, Place
from . import rows as R

# -- what the corpus stages read -------------------------------------------------------------------


def align_mentions(
    conn: sqlite3.Connection, doc_ids: Iterable[str] | None = None
) -> Iterator[R.AlignMention]:
    """The event mentions with their alignment facts, in document and mention order (all, or of some)."""
    select = f"SELECT {R.MENTION_SELECT}, m.words, m.names, m.revised FROM mentions m"
    if doc_ids is None:
        rows: Iterable[Any] = conn.execute(f"{select} ORDER BY m.doc_id, m.n")
    else:
        rows = (
            r
            for d in sorted(set(doc_ids))
            for r in conn.execute(f"{select} WHERE m.doc_id = ? ORDER BY m.n", (d,))
        )
    for row in rows:
        yield R.align_mention_from_row(row)


def profiles(conn: sqlite3.Connection, doc_ids: Iterable[str] | None = None) -> dict[str, Any]:
    """Document profiles (``corpus.features.DocProfile``) by document id."""
    if doc_ids is None:
        found = conn.execute("SELECT doc_id, payload FROM profiles ORDER BY doc_id")
        return {d: R.profile_from_json(p) for d, p in found}
    out = {}
    for doc_id in sorted(set(doc_ids)):
        row = conn.execute("SELECT payload FROM profiles WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is not None:
            out[doc_id] = R.profile_from_json(row[0])
    return out


def document_infos(conn: sqlite3.Connection, ids: Iterable[str] | None = None) -> dict[str, Document]:
    """Stored documents' metadata (all, or these), without their text (``text`` is empty)."""
    cols = [c for c in R.DOCUMENT_COLUMNS if c not in ("text", "offset_map")]
    sql = f"SELECT {', '.join(cols)}, '', '[]', data FROM documents"
    args: list[str] = []
    if ids is not None:
        sql += " WHERE id IN (SELECT value FROM json_each(?))"
        args = [json.dumps(sorted(set(ids)))]
    out = {}
    for row in conn.execute(sql + " ORDER BY id", args):
        values = dict(zip(cols, row[: len(cols)], strict=True))
        values["text"], values["offset_map"] = row[len(cols)], row[len(cols) + 1]
        out[values["id"]] = R.document_from_row([*(values[c] for c in R.DOCUMENT_COLUMNS), row[-1]])
    return out


# documents a corpus stage failed on are kept out of the corpus until they are analysed again
_IN_CORPUS = "status != 'redo'"


def _docs_clause(ids: Iterable[str] | None, column: str) -> tuple[str, list[str]]:
    if ids is None:
        return f"{column} IN (SELECT id FROM documents WHERE {_IN_CORPUS})", []
    return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(set(ids)))]


def document_texts(
    conn: sqlite3.Connection, ids: Iterable[str] | None = None
) -> Iterator[tuple[str, str | None, str]]:
    """(id, side, text) of the documents of the corpus (or of some), streamed in id order."""
    where, args = _docs_clause(ids, "id")
    yield from conn.execute(f"SELECT id, side, text FROM documents WHERE {where} ORDER BY id", args)


def document_sides(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """(id, side) of the documents of the corpus, in id order."""
    return [(d, s) for d, s in conn.execute(f"SELECT id, side FROM documents WHERE {_IN_CORPUS} ORDER BY id")]


def place_names(
    conn: sqlite3.Connection, ids: Iterable[str] | None = None
) -> Iterator[tuple[str, str, str | None, str]]:
    """(place, document, side, words) of every resolved place mention, by place and document."""
    where, args = _docs_clause(ids, "p.doc_id")
    yield from conn.execute(
        "SELECT p.place, p.doc_id, d.side, p.text FROM place_mentions p JOIN documents d ON d.id = p.doc_id "
        f"WHERE p.place IS NOT NULL AND {where} ORDER BY p.place, p.doc_id, p.rowid",
        args,
    )


def refs(conn: sqlite3.Connection, kind: str, ids: Iterable[str] | None = None) -> list[str]:
    """Every place or actor id the documents (of the corpus, or these) refer to, sorted."""
    where, args = _docs_clause(ids, "doc_id")
    sql = f"SELECT DISTINCT ref FROM doc_refs WHERE kind = ? AND {where} ORDER BY ref"
    return [r[0] for r in conn.execute(sql, [kind, *args])]


def analysed_ids(conn: sqlite3.Connection) -> list[str]:
    """Ids of every document of the corpus, in id order."""
    return [r[0] for r in conn.execute(f"SELECT id FROM documents WHERE {_IN_CORPUS} ORDER BY id")]


def document_states(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """What the corpus results depend on of each document: its analysis and its metadata, streamed."""
    yield from conn.execute(
        "SELECT id, sha256, ingest_key, analysis_key, status, title, outlet, side, published, path "
        "FROM documents ORDER BY id"
    )


@dataclass(frozen=True)
class CorpusCounts:
    """The figures of a run's summary, counted in the store."""

    documents: list[str]
    mentions: int
    events: int
    multi_source_events: int
    discrepancies: int


def corpus_counts(conn: sqlite3.Connection) -> CorpusCounts:
    """How many documents, mentions, events and discrepancies the corpus holds."""

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return CorpusCounts(
        documents=analysed_ids(conn),
        mentions=one("SELECT count(*) FROM mentions WHERE event IS NOT NULL"),
        events=one("SELECT count(*) FROM events"),
        multi_source_events=one("SELECT count(*) FROM events WHERE n_docs > 1"),
        discrepancies=one("SELECT count(*) FROM discrepancies"),
    )


def _insert(table: str, columns: tuple[str, ...], how: str = "") -> str:
    marks = ", ".join("?" * (len(columns) + 1))
    return f"INSERT {how} INTO {table} ({', '.join(columns)}, data) VALUES ({marks})"


# -- what they write ---------------------------------------------------------------------------------


def save_corpus(
    conn: sqlite3.Connection,
    *,
    places: list[Place],
    actors: list[Actor],
    assignments: Mapping[str, str],
    events: list[Event],
    framing: dict[str, Any],
    state: Mapping[str, str] | None = None,
) -> None:
    """Replace the corpus results (inside the caller's transaction)."""
    for table in ("places", "actors", "discrepancy_values", "discrepancies", "events", "framing"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE mentions SET event = NULL")
    conn.executemany(
        _insert("places", R.PLACE_COLUMNS),
        [R.place_row(p) for p in places],
    )
    conn.executemany(
        _insert("actors", R.ACTOR_COLUMNS),
        [R.actor_row(a) for a in actors],
    )
    conn.executemany("UPDATE mentions SET event = ? WHERE id = ?", [(e, m) for m, e in assignments.items()])
    write_events(conn, events)
    conn.execute("INSERT INTO framing (id, payload) VALUES (1, ?)", (json.dumps(framing),))
    for name, value in (state or {}).items():
        set_state(conn, name, value)


def add_places_actors(conn: sqlite3.Connection, places: Iterable[Place], actors: Iterable[Actor]) -> None:
    """Add places and actors the corpus did not hold yet (inside the caller's transaction)."""
    conn.executemany(
        _insert("places", R.PLACE_COLUMNS, "OR IGNORE"),
        [R.place_row(p) for p in places],
    )
    conn.executemany(
        _insert("actors", R.ACTOR_COLUMNS, "OR IGNORE"),
        [R.actor_row(a) for a in actors],
    )


def save_framing(conn: sqlite3.Connection, framing: dict[str, Any]) -> None:
    """Replace the framing analysis (inside the caller's transaction)."""
    conn.execute("INSERT OR REPLACE INTO framing (id, payload) VALUES (1, ?)", (json.dumps(framing),))


def write_events(conn: sqlite3.Connection, events: Iterable[Event], first: int = 0) -> None:
    """Insert events with their discrepancies (numbered from ``first`` in the given order)."""
    for n, event in enumerate(events, first):
        row, discrepancies = R.event_rows(n, event)
        conn.execute(R.EVENT_INSERT, row)
        for disc, values in discrepancies:
            cur = conn.execute(
                "INSERT INTO discrepancies (event, n, aspect, kind, what, data) VALUES (?, ?, ?, ?, ?, ?)",
                disc,
            )
            conn.executemany(
                "INSERT INTO discrepancy_values (discrepancy, n, value, value_number, docs, mentions, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(cur.lastrowid, *v) for v in values],
            )


def events_near(
    conn: sqlite3.Connection, doc_ids: Iterable[str], months: Iterable[str], refs: Iterable[str]
) -> set[str]:
    """Stored events with a mention in one of these documents, or with a mention dated by its text
    (explicit or relative) starting in one of these months ('YYYY-MM') that names one of these place or
    actor ids: the events whose links an added document can change."""
    found: set[str] = set()
    for doc_id in sorted(set(doc_ids)):
        rows = conn.execute(
            "SELECT DISTINCT event FROM mentions WHERE doc_id = ? AND event IS NOT NULL", (doc_id,)
        )
        found.update(r[0] for r in rows)
    wanted = set(refs)
    if not wanted:
        return found
    rows = conn.execute(
        "SELECT event, places, actors FROM mentions WHERE event IS NOT NULL "
        "AND date_basis IN ('explicit', 'relative') "
        "AND substr(date_value, 1, 7) IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(months))),),
    )
    for event, places, actors in rows:
        if wanted.intersection(json.loads(places or "[]"), json.loads(actors or "[]")):
            found.add(event)
    return found


def multi_doc_events(conn: sqlite3.Connection) -> list[list[str]]:
    """The documents of each stored event reported by more than one document."""
    return [
        json.loads(docs) for (docs,) in conn.execute("SELECT docs FROM events WHERE n_docs > 1 ORDER BY n")
    ]


def mentions_of_events(conn: sqlite3.Connection, event_ids: Iterable[str]) -> list[EventMention]:
    """The mentions of these stored events."""
    sql = f"SELECT {R.MENTION_SELECT} FROM mentions m WHERE m.event IN (SELECT value FROM json_each(?))"
    return [R.mention_from_row(row) for row in conn.execute(sql, (json.dumps(sorted(set(event_ids))),))]


def set_event_links(conn: sqlite3.Connection, links: Mapping[str, Sequence[EventLink]]) -> None:
    """Replace the links of stored events (by event id)."""
    for event_id, found in links.items():
        row = conn.execute("SELECT data FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is None:
            continue
        plain = json.loads(row[0])
        plain["links"] = to_plain(list(found))
        conn.execute("UPDATE events SET data = ? WHERE id = ?", (R.dumps(plain), event_id))


def delete_events(conn: sqlite3.Connection, event_ids: Iterable[str]) -> None:
    """Remove events (their discrepancies go with them) and unassign their mentions."""
    ids = [(e,) for e in event_ids]
    conn.executemany(
        "DELETE FROM discrepancy_values WHERE discrepancy IN (SELECT id FROM discrepancies WHERE event = ?)",
        ids,
    )
    conn.executemany("DELETE FROM discrepancies WHERE event = ?", ids)
    conn.executemany("DELETE FROM events WHERE id = ?", ids)
    conn.executemany("UPDATE mentions SET event = NULL WHERE event = ?", ids)


def get_state(conn: sqlite3.Connection, name: str) -> str | None:
    """A value the corpus stages keep between runs (their key, what they were built from)."""
    row = conn.execute("SELECT value FROM corpus_state WHERE name = ?", (name,)).fetchone()
    return str(row[0]) if row else None


def set_state(conn: sqlite3.Connection, name: str, value: str) -> None:
    """Keep a value for the next run's corpus stages."""
    conn.execute(
        "INSERT INTO corpus_state (name, value) VALUES (?, ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


# -- what the export and report read ----------------------------------------------------------------


def load_places(conn: sqlite3.Connection) -> list[Place]:
    """Places referenced by the corpus."""
    sql = f"SELECT {', '.join(R.PLACE_COLUMNS)}, data FROM places ORDER BY id"
    return [R.place_from_row(r) for r in conn.execute(sql)]


def load_actors(conn: sqlite3.Connection) -> list[Actor]:
    """Actors referenced by the corpus."""
    sql = f"SELECT {', '.join(R.ACTOR_COLUMNS)}, data FROM actors ORDER BY id"
    return [R.actor_from_row(r) for r in conn.execute(sql)]


def iter_mentions(conn: sqlite3.Connection) -> Iterator[tuple[EventMention, str]]:
    """Every aligned event mention with the id of its event, in document order (streamed)."""
    sql = (
        f"SELECT {R.MENTION_SELECT}, m.event FROM mentions m WHERE m.event IS NOT NULL ORDER BY m.doc_id, m.n"
    )
    for row in conn.execute(sql):
        yield R.mention_from_row(row[:-1]), row[-1]


def load_mentions(conn: sqlite3.Connection) -> list[tuple[EventMention, str]]:
    """Every event mention with the id of the event it was aligned to."""
    return list(iter_mentions(conn))


def iter_events(conn: sqlite3.Connection) -> Iterator[Event]:
    """Every event with its discrepancies, in order (streamed)."""
    sql = f"SELECT {', '.join(R.EVENT_COLUMNS)}, data FROM events ORDER BY n"
    for row in conn.execute(sql):
        yield _event(conn, row)


def _event(conn: sqlite3.Connection, row: Any) -> Event:
    discrepancies = []
    for disc_id, aspect, kind, what, data in conn.execute(
        "SELECT id, aspect, kind, what, data FROM discrepancies WHERE event = ? ORDER BY n", (row[0],)
    ).fetchall():
        values = conn.execute(
            "SELECT value, docs, mentions, data FROM discrepancy_values WHERE discrepancy = ? ORDER BY n",
            (disc_id,),
        ).fetchall()
        discrepancies.append(((aspect, kind, what, data), values))
    return R.event_from_rows(row, discrepancies)


def load_framing(conn: sqlite3.Connection) -> dict[str, Any]:
    """The framing analysis of the corpus."""
    row = conn.execute("SELECT payload FROM framing WHERE id = 1").fetchone()
    return json.loads(row[0]) if row else {"place_names": [], "terms": []}
