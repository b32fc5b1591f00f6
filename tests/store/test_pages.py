"""What the web app reads for one page (store/pages.py): ids from page names, sentence search."""

from __future__ import annotations

import pytest

from rashomon import store
from rashomon.report.render import safe_name
from rashomon.store import pages as P

# (id, outlet, side, published, sentences): "Two ferries collided." is in three documents
DOCS = [
    ("a/1", "Harbour Post", "north", "2025-01-02", ["Two ferries collided.", "The port closed at noon."]),
    (
        "a:1",
        "Coast Radio",
        "south",
        "2025-01-01",
        ["Two ferries collided.", "Nobody was hurt, the port said."],
    ),
    ("a_1", "Wire", None, None, ["Two ferries collided.", "Ferries resumed on Monday."]),
    ("axb", "Wire", "north", "2025-01-03", ["A ferry was late."]),
]


@pytest.fixture()
def conn(tmp_path):
    conn = store.connect(tmp_path / "s.db")
    with store.transaction(conn):
        for doc_id, outlet, side, published, sentences in DOCS:
            text = " ".join(sentences)
            conn.execute(
                "INSERT INTO documents (id, path, sha256, text, added, title, outlet, side, published) "
                "VALUES (?, ?, '', ?, '', ?, ?, ?, ?)",
                (doc_id, f"{doc_id}.txt", text, f"Title of {doc_id}", outlet, side, published),
            )
            for sentence in sentences:
                start = text.index(sentence)
                conn.execute(
                    'INSERT INTO sentences (doc_id, start, "end", text) VALUES (?, ?, ?, ?)',
                    (doc_id, start, start + len(sentence), sentence),
                )
    return conn


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("axb", "axb"),  # as it is
        ("a_1", "a_1"),  # an id that is its own page name wins over the ids that share it
        (safe_name("a/1"), "a_1"),
        ("a_b", None),  # '_' is no wildcard in the answer: 'axb' is not 'a_b'
        ("nothing", None),
    ],
)
def test_find_id_from_a_page_name(conn, name, expected):
    assert P.find_id(conn, "documents", name) == expected


def test_find_id_of_an_id_with_characters_a_file_name_cannot_hold(conn):
    conn.execute("DELETE FROM documents WHERE id = 'a_1'")
    assert P.find_id(conn, "documents", "a_1") in {"a/1", "a:1"}


def test_a_sentence_in_several_documents_is_one_hit_with_each_of_them(conn):
    total, hits, more = P.search_sentences(conn, "ferries collided", limit=10)
    assert (total, more) == (3, False)
    [hit] = hits
    assert hit.text == "Two ferries collided." and hit.n_docs == 3
    # oldest first, undated last; each with where the sentence is in it
    assert [(d.doc, d.outlet, d.side, d.published) for d in hit.docs] == [
        ("a:1", "Coast Radio", "south", "2025-01-01"),
        ("a/1", "Harbour Post", "north", "2025-01-02"),
        ("a_1", "Wire", None, None),
    ]
    assert all((d.start, d.end) == (0, len(hit.text)) for d in hit.docs)


def test_hits_are_paged_by_distinct_sentence(conn):
    seen = []
    for page in range(3):
        total, hits, more = P.search_sentences(conn, "port", limit=1, offset=page)
        seen += [h.text for h in hits]
        assert more == (page == 0)
    assert total == 2 and sorted(seen) == ["Nobody was hurt, the port said.", "The port closed at noon."]


def test_per_hit_caps_the_documents_listed_not_their_count(conn):
    _, [hit], _ = P.search_sentences(conn, "collided", limit=5, per_hit=1)
    assert len(hit.docs) == 1 and hit.n_docs == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ferries collided", '"ferries" "collided"'),
        ('"port OR -closed', '"port" "OR" "closed"'),  # operators are words
        ("NEAR(port noon)", '"NEAR" "port" "noon"'),
        ("  ", ""),
    ],
)
def test_fts_query_quotes_every_word(query, expected):
    assert P.fts_query(query) == expected


def test_an_empty_query_finds_nothing(conn):
    assert P.search_sentences(conn, "", limit=5) == (0, [], False)
