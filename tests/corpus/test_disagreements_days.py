"""Issue 13, on reports written for this test: daily reports of shelling in two towns of a fictional
conflict. Only the two reports of one day and one town that give different tolls disagree."""

from __future__ import annotations

import pytest
from tests.conftest import ROOT

from rashomon import pipeline, store
from rashomon.export import build_export
from rashomon.settings import load_settings

REPORTS = {
    "a.txt": (
        "2025-03-02",
        "Shelling hit Lisgar on March 1, 2025. Seven civilians were killed in the shelling.\n",
    ),
    "b.txt": (
        "2025-03-02",
        "On March 1, 2025, shelling hit Lisgar. Five civilians were killed in the shelling.\n",
    ),
    "c.txt": (
        "2025-03-04",
        "On March 3, 2025, shelling hit Lisgar. Two civilians were killed in the shelling.\n",
    ),
    "d.txt": (
        "2025-03-02",
        "On March 1, 2025, shelling hit Halvik. Twelve civilians were killed in the shelling.\n",
    ),
}


@pytest.fixture(scope="module")
def shown(tmp_path_factory):
    folder = tmp_path_factory.mktemp("daily")
    rows = ["file,title,outlet,side,published"]
    for name, (published, text) in REPORTS.items():
        (folder / name).write_text(text, "utf-8")
        rows.append(f"{name},,,,{published}")
    (folder / "sources.csv").write_text("\n".join(rows) + "\n", "utf-8")
    settings = load_settings(ROOT / "examples" / "rashomon.toml", workers=1)
    pipeline.analyze([folder], db=folder / "s.db", settings=settings)
    conn = store.connect(folder / "s.db")
    try:
        export = build_export(conn)
    finally:
        conn.close()
    return [d for e in export["events"] for d in e["discrepancies"] if d.get("slot", "").startswith("count:")]


def test_issue13_only_one_day_and_one_town_are_compared(shown):
    assert len(shown) == 1
    docs = {doc for value in shown[0]["values"] for doc in value["docs"]}
    assert {d.split("_")[0] for d in docs} == {"a", "b"}
    assert sorted(v["value"] for v in shown[0]["values"]) == ["5", "7"]


def _view(doc, places):
    from types import SimpleNamespace

    return SimpleNamespace(mention=SimpleNamespace(doc=doc), places=frozenset(places))


def test_issue13_places_of_one_name_are_one_place_wherever_the_geocoder_put_them():
    from rashomon.corpus.pairs import SameEvent

    names = {"gn:1": "Lisgar", "gn:2": "Lisgar", "gn:3": "Halvik", "gn:4": "Velmora"}
    linked = SameEvent([], {}, {}, load_settings(), place_names=names)
    # 'Lisgar, Velmora' in one report and a bare 'Lisgar' resolved elsewhere in the other
    assert linked._elsewhere(_view("a", {"gn:1", "gn:4"}), _view("b", {"gn:2"})) is False
    assert linked._elsewhere(_view("a", {"gn:1"}), _view("b", {"gn:3"})) is True
    assert linked._elsewhere(_view("a", {"gn:1"}), _view("b", set())) is False
