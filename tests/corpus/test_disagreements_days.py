"""Issue 13, on reports written for this test: daily reports of shelling in two towns of a fictional
conflict. Only the two reports of one day and one town that give different tolls disagree."""

from __future__ import annotations

import pytest
from tests.conftest import ROOT

from rashomon import pipeline, store
from rashomon.export import build_export
from rashomon.model import Place, PlaceName
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
    places = {pid: Place(pid, name, (PlaceName(name),)) for pid, name in names.items()}
    linked = SameEvent([], {}, {}, load_settings(), places=places)
    # 'Lisgar, Velmora' in one report and a bare 'Lisgar' resolved elsewhere in the other
    assert linked._elsewhere(_view("a", {"gn:1", "gn:4"}), _view("b", {"gn:2"})) is False
    assert linked._elsewhere(_view("a", {"gn:1"}), _view("b", {"gn:3"})) is True
    assert linked._elsewhere(_view("a", {"gn:1"}), _view("b", set())) is False


def _town(pid: str, name: str, lat: float, lon: float, kind: str = "city") -> Place:
    return Place(pid, name, (PlaceName(name),), kind=kind, country="VL", lat=lat, lon=lon)


def test_issue13_towns_far_apart_in_one_country_are_elsewhere():
    """'Raids on Lisgar' and 'strikes on Halvik', both 'in Velmora': the country is shared, but the
    towns lie 200 km apart; a suburb 20 km away is the same place for this rule."""
    from rashomon.corpus.pairs import SameEvent

    places = {
        "gn:1": _town("gn:1", "Lisgar", 36.0, 38.0),
        "gn:2": _town("gn:2", "Halvik", 35.3, 40.0),
        "gn:3": _town("gn:3", "Orsk", 36.1, 38.15),
        "gn:4": _town("gn:4", "Halvik", 30.0, 30.0),  # another town of that name, far away
        "country:VL": Place("country:VL", "Velmora", (PlaceName("Velmora"),), kind="country"),
    }
    linked = SameEvent([], {}, {}, load_settings(), places=places)
    assert linked._elsewhere(_view("a", {"gn:1", "country:VL"}), _view("b", {"gn:2", "country:VL"})) is True
    assert linked._elsewhere(_view("a", {"gn:1", "country:VL"}), _view("b", {"gn:3", "country:VL"})) is False
    # towns of one name are one town, wherever the geocoder put each
    assert linked._elsewhere(_view("a", {"gn:2", "country:VL"}), _view("b", {"gn:4", "country:VL"})) is False
    # a town in only one of them, or a shared town among others: not enough to tell them apart
    assert linked._elsewhere(_view("a", {"gn:1", "country:VL"}), _view("b", {"country:VL"})) is False
    assert linked._elsewhere(_view("a", {"gn:1", "gn:2"}), _view("b", {"gn:2", "country:VL"})) is False
