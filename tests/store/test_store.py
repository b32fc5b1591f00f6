"""The SQLite store: migrations, round-trips, caching keys and read-only access."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon import store
from rashomon.errors import StoreError
from rashomon.model import Analysis, CountMention, Document, Participant, Party, Problem, Sentence


def _analysis(doc_id: str = "a", text: str = "One. Two.", sha: str = "h1") -> Analysis:
    doc = Document(id=doc_id, path=f"/x/{doc_id}.txt", text=text, sha256=sha, published="2023-12")
    return Analysis(doc=doc, sentences=[Sentence(0, 4, "One."), Sentence(5, 9, "Two.")])


def test_migrations_run_once(tmp_path):
    conn = store.connect(tmp_path / "s.db")
    conn.close()
    conn = store.connect(tmp_path / "s.db")
    names = [r[0] for r in conn.execute("SELECT name FROM _migrations")]
    assert names == ["0001_initial", "0002_tables", "0003_align_state", "0004_browse_indexes"]


def test_analysis_round_trip_and_cache_key(tmp_path):
    conn = store.connect(tmp_path / "s.db")
    analysis = _analysis()
    store.save_analysis(conn, analysis, "k1")
    assert store.load_analysis(conn, "a") == analysis
    assert store.cached_analysis(conn, "a", "h1", "k1") == analysis
    assert store.cached_analysis(conn, "a", "h1", "k2") is None  # a stage version changed
    assert store.cached_analysis(conn, "a", "other", "k1") is None  # the file changed
    assert store.document_ids(conn) == {"/x/a.txt": "a"}


# issue 13: the participants field is stored and read back with its parties and count
def test_participants_round_trip(tmp_path):
    conn = store.connect(tmp_path / "s.db")
    analysis = _analysis(text="Two were killed.")
    count = CountMention(
        0, 3, "Two", 2.0, casualty="killed", part=True, whole=5.0, whole_start=0, whole_end=1
    )
    analysis.participants = [
        Participant(
            "a:m1", 0, 3, "Two", "killed", 9, 15, "killed", who=Party(0, 3, "Two", "state:AM"), count=count
        )
    ]
    store.save_analysis(conn, analysis, "k1")
    assert store.load_analysis(conn, "a").participants == analysis.participants


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_any_text_round_trips_exactly(tmp_path, text):
    conn = store.connect(tmp_path / "p.db")
    analysis = Analysis(doc=Document(id="t", path="/t.txt", text=text, sha256="s"))
    store.save_analysis(conn, analysis, "k")
    assert store.load_analysis(conn, "t").doc.text == text
    conn.close()


def test_problems_belong_to_their_run(tmp_path):
    conn = store.connect(tmp_path / "s.db")
    first = store.start_run(conn, {})
    store.add_problem(conn, first, Problem(path="bad.pdf", stage="ingest", message="truncated PDF"))
    second = store.start_run(conn, {})
    assert store.problems(conn, first)[0].message == "truncated PDF"
    assert store.problems(conn) == []  # the latest run had none
    assert second > first


def test_readonly_store_refuses_writes(tmp_path):
    conn = store.connect(tmp_path / "s.db")
    store.save_analysis(conn, _analysis(), "k")
    conn.close()
    ro = store.connect_readonly(tmp_path / "s.db")
    assert store.load_analysis(ro, "a").doc.id == "a"
    with pytest.raises(sqlite3.OperationalError):
        ro.execute("DELETE FROM documents")


def test_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        store.connect_readonly(tmp_path / "absent.db")


def test_not_a_database_is_a_store_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"bad\.db"):
        store.connect(bad)


def _open_new_store(path, barrier, errors):
    barrier.wait()
    try:
        store.connect(path).close()
    except Exception as exc:
        errors.put(f"{type(exc).__name__}: {exc}")


def test_issue9_several_processes_can_open_a_new_store_at_once(tmp_path):
    """Issue 9: opening a new database from several processes at once failed ('table documents
    already exists')."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    errors = context.Queue()
    for round_ in range(12):
        path = tmp_path / f"s{round_}.db"
        barrier = context.Barrier(6)
        procs = [context.Process(target=_open_new_store, args=(path, barrier, errors)) for _ in range(6)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(timeout=60)
        conn = store.connect(path)
        assert [r[0] for r in conn.execute("SELECT name FROM _migrations")] == [
            "0001_initial",
            "0002_tables",
            "0003_align_state",
            "0004_browse_indexes",
        ]
        conn.close()
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []


def test_issue9_runs_of_a_killed_process_become_interrupted(tmp_path):
    """Issue 9: killed runs stayed 'running' for ever."""
    conn = store.connect(tmp_path / "s.db")
    first = store.start_run(conn, {"paths": []})  # this process 'dies' without finishing it
    second = store.start_run(conn, {"paths": []})
    status = dict(conn.execute("SELECT id, status FROM runs").fetchall())
    assert status == {first: "interrupted", second: "running"}


def test_issue9_a_file_that_is_no_store_is_named(tmp_path):
    """Issue 9: a non-database --db gave an internal error without the file's name."""
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database. " * 100)
    for opener in (store.connect, store.connect_readonly):
        with pytest.raises(StoreError, match=r"notes\.db: cannot open the store: the file is not an SQLite"):
            opener(path)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE x (y)")
    with pytest.raises(StoreError, match=r"empty\.db: not a rashomon store"):
        store.connect_readonly(empty)
