"""Issue 10: a place name inside a unit's or organisation's name, and typos of curated places."""

from __future__ import annotations

import pytest

from rashomon.gazetteer_rules import one_edit
from rashomon.model import Analysis, Document, Entity, PlaceMention
from rashomon.settings import default_settings
from rashomon.stages.places import PlaceFinder


@pytest.fixture(scope="module")
def finder() -> PlaceFinder:
    return PlaceFinder(default_settings())


def _run(finder: PlaceFinder, text: str, ents: list[tuple[str, str]] = ()) -> list[PlaceMention]:  # type: ignore[assignment]
    entities = [Entity(text.index(s), text.index(s) + len(s), s, label) for s, label in ents]
    doc = Document(id="d", path="d.txt", text=text, sha256="x")
    return finder(Analysis(doc=doc, entities=entities), default_settings())


def _places(found: list[PlaceMention]) -> list[tuple[str, str | None]]:
    return [(m.text, m.place) for m in found]


@pytest.mark.parametrize(
    "text",
    [
        "Fighters of the Azov regiment held the steel plant for weeks.",
        "The Azov Regiment said its positions were shelled.",
        "A commander of the Azov battalion was among those exchanged.",
        "Prisoners from the 'Azov' battalion were returned on Friday.",
        "The statement came from the Karabakh Liberation Organisation in the capital.",
        "Soldiers of Regiment Azov surrendered to the other side.",
        "A Karabakh militia unit moved into the hills.",
    ],
)
def test_no_place_inside_a_unit_or_organisation_name(finder: PlaceFinder, text: str) -> None:
    names = {"Azov", "Karabakh"}
    assert [m for m in _run(finder, text) if m.text in names] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same names as places, beside words that are not unit words
        ("Ships crossed the Sea of Azov at dawn.", "Azov"),
        ("The liberation of Karabakh was celebrated in the capital.", "Karabakh"),
        ("Residents returned to Karabakh last spring.", "Karabakh"),
        ("Shelling was reported on the Karabakh front overnight.", "Karabakh"),
    ],
)
def test_the_same_names_still_places_elsewhere(finder: PlaceFinder, text: str, expected: str) -> None:
    assert expected in [m.text for m in _run(finder, text) if m.place is not None]


def test_unit_entity_is_not_kept_as_an_unresolved_place(finder: PlaceFinder) -> None:
    text = "He served in the Tovrinsk Regiment for two years."
    assert _run(finder, text, [("Tovrinsk Regiment", "GPE")]) == []


def test_typo_of_karabakh_never_resolves_to_a_town_in_the_urals(finder: PlaceFinder) -> None:
    # 'Karabash' is a GeoNames town in the Chelyabinsk region, one letter from 'Karabakh'
    text = "Azerbaijan and Armenia discussed the future of Karabash after the ceasefire."
    found = dict(_places(_run(finder, text)))
    assert found.get("Karabash") == "caucasus:karabakh"
    alone = dict(_places(_run(finder, "The weather in Karabash was cold.")))
    assert alone.get("Karabash") in (None, "caucasus:karabakh")
    assert not str(alone.get("Karabash") or "").startswith("geonames:")


@pytest.mark.parametrize(
    ("name", "curated", "expected"),
    [
        ("Genova", "world:geneva", "geonames:3176219"),  # a city of 580,000 keeps its own reading
        ("Grenada", "world:granada", "country:GD"),  # a country keeps its reading
    ],
)
def test_large_places_one_edit_from_curated_names_keep_their_reading(
    finder: PlaceFinder, name: str, curated: str, expected: str
) -> None:
    cands = [c.place_id for _, _, cs in finder.gazetteer.find_candidates(f"in {name} today") for c in cs]
    assert expected in cands


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Karabakh", "Karabash", True),  # replaced
        ("Tbilisi", "Tblisi", True),  # deleted
        ("Geneva", "Genevra", True),  # inserted
        ("Madrid", "Mardid", True),  # swapped
        ("Karabakh", "Karabakh", False),  # the same
        ("Karabakh", "Karabash2", False),  # two edits
        ("Baku", "Bakuvi", False),
    ],
)
def test_one_edit(a: str, b: str, expected: bool) -> None:
    assert one_edit(a, b) is expected
