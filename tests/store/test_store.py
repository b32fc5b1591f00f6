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
    assert names == ["0001_initial"]


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
