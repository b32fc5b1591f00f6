"""Issue 10: coverage by side and the facts table of an event page (events constructed here)."""

from __future__ import annotations

from rashomon.report.documents import NO_SIDE, display_title, relative_paths
from rashomon.report.event_page import corpus_sides, coverage, facts_table

DOCS = {
    "a": {"id": "a", "side": "velmora", "title": "Talks resume", "text": "x"},
    "b": {
        "id": "b",
        "side": "ostrakan",
        "title": None,
        "text": "Officials of both sides met on Monday in Halvik.",
    },
    "c": {"id": "c", "side": None, "title": "Wire", "text": "y"},
    "d": {"id": "d", "side": "monitor", "title": "Note", "text": "z"},
}


def _v(doc, value, text, start, detail=False):
    return {"doc": doc, "mention": f"{doc}:m1", "value": value, "text": text, "start": start,
            "end": start + len(text), "detail": detail}  # fmt: skip


EVENT = {
    "id": "e1", "type": "release", "docs": ["a", "b"], "mentions": ["a:m1", "a:m2", "b:m1"],
    "discrepancies": [{"slot": "count:released:", "aspect": "count", "kind": "contradiction", "values": []}],
    "slots": [
        {"key": "count:released:", "aspect": "count", "what": "number of people released", "values": [
            _v("a", "15", "15", 40), _v("b", "17", "seventeen", 12), _v("b", "17", "seventeen", 90, True),
            _v("b", "17", "seventeen", 120, True)]},
        {"key": "date", "aspect": "date", "what": "date of the event",
         "values": [_v("a", "2023-12-13", "Wednesday", 5)]},
        {"key": "place_name:x:h", "aspect": "place", "what": "name of Halvik", "values": [
            _v("a", "Halvik", "Halvik", 60), _v("b", "Halvik", "Halvik", 30)]},
    ],
}  # fmt: skip


def test_issue10_coverage_has_every_side_of_the_corpus():
    sides = corpus_sides(DOCS)
    assert sides == ["monitor", "ostrakan", "velmora", NO_SIDE]
    columns = {c["side"]: c for c in coverage(EVENT, DOCS, sides)}
    assert [d["doc"] for d in columns["velmora"]["docs"]] == ["a"]
    assert columns["velmora"]["docs"][0]["mentions"] == 2
    assert not columns["monitor"]["reported"] and not columns[NO_SIDE]["reported"]
    assert columns["ostrakan"]["docs"][0]["title"].startswith("“Officials of both sides")


def test_issue10_facts_table_links_each_value_to_its_place():
    table = facts_table(EVENT, DOCS, {}, {}, "../docs/{doc}.html")
    assert [c["doc"] for c in table["columns"]] == ["b", "a"]  # by side, then id
    rows = {r["key"]: r for r in table["rows"]}
    assert list(rows) == ["date", "count:released:"]  # rows in reading order; one name: no place-name row
    count = rows["count:released:"]
    assert count["disputed"]
    b_cell, a_cell = count["cells"]
    assert a_cell[0]["href"] == "../docs/a.html#o40" and a_cell[0]["text"] == "15"
    # one document's repeated wording is shown once, with how often it gives it
    assert [(v["text"], v["detail"], v["times"]) for v in b_cell] == [
        ("seventeen", False, 1),
        ("seventeen", True, 2),
    ]
    assert rows["date"]["cells"][0] == []  # b gives no date


def test_display_title_never_a_bare_id():
    assert display_title(DOCS["a"]) == "Talks resume"
    assert display_title(DOCS["b"]) == "“Officials of both sides met on Monday in Halvik.” (no title)"


def test_issue10_paths_are_shown_relative_to_the_folder_given():
    paths = relative_paths(["/home/me/cases/reports/a.txt", "/home/me/cases/reports/sub/b.html", ""])
    assert paths == {
        "/home/me/cases/reports/a.txt": "a.txt",
        "/home/me/cases/reports/sub/b.html": "sub/b.html",
    }
    assert relative_paths(["/home/me/one.txt"]) == {"/home/me/one.txt": "one.txt"}
