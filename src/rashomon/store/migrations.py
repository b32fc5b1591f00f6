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
    (
        # issue 10/11: the store as real tables. Analyses were one JSON payload per document; now
        # each stage's result is kept under its own cache key, and documents, sentences, place
        # mentions, event mentions, participants, events, discrepancies, places and actors are
        # tables with columns (nested records they hold stay JSON columns). Stored documents keep
        # their text and metadata; their analyses are redone by the next run (the cache keys of
        # the old payloads cannot be trusted under per-stage keys).
        "0002_tables",
        """
        ALTER TABLE documents ADD COLUMN title TEXT;
        ALTER TABLE documents ADD COLUMN outlet TEXT;
        ALTER TABLE documents ADD COLUMN side TEXT;
        ALTER TABLE documents ADD COLUMN published TEXT;
        ALTER TABLE documents ADD COLUMN published_basis TEXT;
        ALTER TABLE documents ADD COLUMN published_source TEXT;
        ALTER TABLE documents ADD COLUMN language TEXT;
        ALTER TABLE documents ADD COLUMN format TEXT;
        ALTER TABLE documents ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE documents ADD COLUMN offset_map TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE documents ADD COLUMN chars INTEGER;
        ALTER TABLE documents ADD COLUMN ingest_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN analysis_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE documents ADD COLUMN status TEXT NOT NULL DEFAULT 'partial';
        ALTER TABLE documents ADD COLUMN data TEXT NOT NULL DEFAULT '{}';
        UPDATE documents SET
            title = json_extract(payload, '$.title'), outlet = json_extract(payload, '$.outlet'),
            side = json_extract(payload, '$.side'), published = json_extract(payload, '$.published'),
            published_basis = coalesce(json_extract(payload, '$.published_basis'), 'unknown'),
            published_source = json_extract(payload, '$.published_source'),
            language = json_extract(payload, '$.language'),
            format = coalesce(json_extract(payload, '$.format'), 'txt'),
            warnings = coalesce(json_extract(payload, '$.warnings'), '[]'),
            offset_map = coalesce(json_extract(payload, '$.offset_map'), '[]'), chars = length(text);
        ALTER TABLE documents DROP COLUMN payload;
        DROP TABLE IF EXISTS analyses;
        DROP TABLE IF EXISTS mentions;
        DROP TABLE IF EXISTS events;
        DROP TABLE IF EXISTS places;
        DROP TABLE IF EXISTS actors;
        CREATE INDEX IF NOT EXISTS documents_side ON documents(side);
        CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
        CREATE TABLE annotations (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            stage TEXT NOT NULL, field TEXT NOT NULL, key TEXT NOT NULL, payload TEXT,
            PRIMARY KEY (doc_id, stage));
        CREATE TABLE sentences (
            id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL);
        CREATE INDEX sentences_doc ON sentences(doc_id);
        CREATE TABLE place_mentions (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, place TEXT);
        CREATE INDEX place_mentions_doc ON place_mentions(doc_id);
        CREATE INDEX place_mentions_place ON place_mentions(place);
        CREATE TABLE doc_refs (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, ref TEXT NOT NULL,
            PRIMARY KEY (doc_id, kind, ref));
        CREATE INDEX doc_refs_ref ON doc_refs(kind, ref);
        CREATE TABLE profiles (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, payload TEXT NOT NULL);
        CREATE TABLE mentions (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, type TEXT NOT NULL, plover TEXT,
            sentence_start INTEGER NOT NULL, sentence_end INTEGER NOT NULL,
            trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, trigger TEXT NOT NULL,
            lemma TEXT, modality TEXT, confidence REAL, salience TEXT,
            date_value TEXT, date_granularity TEXT, date_basis TEXT, date_text TEXT,
            attributed_to TEXT, places TEXT NOT NULL, actors TEXT NOT NULL, figures TEXT NOT NULL,
            data TEXT NOT NULL, words TEXT NOT NULL, names TEXT NOT NULL, revised INTEGER NOT NULL,
            event TEXT);
        CREATE INDEX mentions_doc ON mentions(doc_id);
        CREATE INDEX mentions_event ON mentions(event);
        CREATE INDEX mentions_type ON mentions(type);
        CREATE TABLE participants (
            id INTEGER PRIMARY KEY, mention TEXT NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, role TEXT NOT NULL, text TEXT NOT NULL,
            start INTEGER NOT NULL, end INTEGER NOT NULL,
            role_start INTEGER NOT NULL, role_end INTEGER NOT NULL, role_text TEXT NOT NULL,
            who TEXT, who_text TEXT, by TEXT, by_text TEXT, "to" TEXT, to_text TEXT,
            count_value REAL, count_high REAL, count_approx TEXT,
            singular INTEGER NOT NULL, pronoun INTEGER NOT NULL,
            negated INTEGER NOT NULL, unreal INTEGER NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX participants_mention ON participants(mention);
        CREATE INDEX participants_doc ON participants(doc_id);
        CREATE TABLE events (
            id TEXT PRIMARY KEY, n INTEGER NOT NULL, type TEXT NOT NULL, summary TEXT NOT NULL,
            date_value TEXT, date_granularity TEXT, date_start TEXT, date_end TEXT, date_basis TEXT,
            n_mentions INTEGER NOT NULL, n_docs INTEGER NOT NULL, n_sides INTEGER NOT NULL,
            n_discrepancies INTEGER NOT NULL, docs TEXT NOT NULL, sides TEXT NOT NULL, places TEXT NOT NULL,
            mentions TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_date ON events(date_value);
        CREATE TABLE discrepancies (
            id INTEGER PRIMARY KEY, event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            n INTEGER NOT NULL, aspect TEXT NOT NULL, kind TEXT NOT NULL, what TEXT NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX discrepancies_event ON discrepancies(event);
        CREATE TABLE discrepancy_values (
            discrepancy INTEGER NOT NULL REFERENCES discrepancies(id) ON DELETE CASCADE, n INTEGER NOT NULL,
            value, value_number REAL, docs TEXT NOT NULL, mentions TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX discrepancy_values_of ON discrepancy_values(discrepancy);
        CREATE TABLE places (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT, country TEXT, lat REAL, lon REAL, source TEXT,
            names TEXT NOT NULL, related TEXT NOT NULL, data TEXT NOT NULL);
        CREATE TABLE actors (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT, country TEXT, names TEXT NOT NULL,
            data TEXT NOT NULL);
        CREATE TABLE corpus_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, text, content='documents', content_rowid='rowid');
        CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='sentences', content_rowid='id');
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text); END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.rowid, old.title, old.text);
            INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text); END;
        CREATE TRIGGER sentences_fts_insert AFTER INSERT ON sentences BEGIN
            INSERT INTO sentences_fts (rowid, text) VALUES (new.id, new.text); END;
        CREATE TRIGGER sentences_fts_delete AFTER DELETE ON sentences BEGIN
            INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.id, old.text); END;
        INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')
        """,
    ),
    (
        # issue 11: what incremental alignment keeps between runs: each document's story and blocking
        # keys, each mention's story, first-pass group and keys across stories, the document
        # frequencies the weights come from, and the state of each document the corpus was built on
        "0003_align_state",
        """
        ALTER TABLE profiles ADD COLUMN story INTEGER;
        ALTER TABLE mentions ADD COLUMN story INTEGER;
        ALTER TABLE mentions ADD COLUMN grp INTEGER;
        CREATE INDEX mentions_grp ON mentions(grp);
        CREATE INDEX profiles_story ON profiles(story);
        CREATE TABLE story_keys (key TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (key, doc_id));
        CREATE INDEX story_keys_doc ON story_keys(doc_id);
        CREATE TABLE cross_keys (key TEXT NOT NULL, mention TEXT NOT NULL, PRIMARY KEY (key, mention));
        CREATE INDEX cross_keys_mention ON cross_keys(mention);
        CREATE TABLE corpus_df (
            kind TEXT NOT NULL, term TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (kind, term));
        CREATE TABLE corpus_docs (doc_id TEXT PRIMARY KEY, state TEXT NOT NULL)
        """,
    ),
    (
        # issue 10: the columns `rashomon serve` facets and sorts on by default, so that a facet
        # counts an index instead of reading every row (rows carry their JSON), and events of one
        # type come out in their default order (most documents first) without a sort and are
        # counted by date, side and place from an index (a type is the first facet a reader clicks)
        "0004_browse_indexes",
        """
        CREATE INDEX IF NOT EXISTS mentions_modality ON mentions(modality);
        CREATE INDEX IF NOT EXISTS mentions_date ON mentions(date_value);
        CREATE INDEX IF NOT EXISTS events_docs ON events(n_docs);
        CREATE INDEX IF NOT EXISTS events_type_docs ON events(type, n_docs);
        CREATE INDEX IF NOT EXISTS events_sides ON events(sides);
        CREATE INDEX IF NOT EXISTS events_places ON events(places);
        CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date_value);
        CREATE INDEX IF NOT EXISTS events_type_sides ON events(type, sides);
        CREATE INDEX IF NOT EXISTS events_type_places ON events(type, places);
        CREATE INDEX IF NOT EXISTS documents_outlet ON documents(outlet)
        """,
    ),
]


def statements(sql: str) -> list[str]:
    """The statements of a script (a trigger's body holds semicolons of its own)."""
    out: list[str] = []
    buffer = ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \n;"):
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip(" \n;"):
        out.append(buffer.strip())
    return out


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
            for statement in statements(sql):
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
