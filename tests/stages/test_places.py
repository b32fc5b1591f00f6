"""The places stage: gazetteer matches, metonymy left to actors, names inside names, NER fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.model import Analysis, Document, Entity, PlaceMention
from rashomon.settings import default_settings
from rashomon.stages import places
from rashomon.stages.places import PlaceFinder

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="module")
def finder() -> PlaceFinder:
    return PlaceFinder(default_settings())


def _entities(text: str, spans: list[tuple[str, str]]) -> list[Entity]:
    out = []
    for surface, label in spans:
        start = text.index(surface)
        out.append(Entity(start, start + len(surface), surface, label))
    return out


def _run(finder: PlaceFinder, text: str, ents: list[tuple[str, str]] | None = None) -> list[PlaceMention]:
    doc = Document(id="d", path="d.txt", text=text, sha256="x")
    found = finder(Analysis(doc=doc, entities=_entities(text, ents or [])), default_settings())
    for m in found:
        assert text[m.start : m.end] == m.text
    return found


def test_stage_declaration() -> None:
    assert places.STAGE.name == "places"
    assert places.STAGE.assigns == "places"
    assert places.STAGE.requires == ("entities",)


def test_empty_document(finder: PlaceFinder) -> None:
    assert _run(finder, "") == []


def test_no_match(finder: PlaceFinder) -> None:
    assert _run(finder, "nothing of note happened that day, said the officer.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Stepanakert overnight.", [("Stepanakert", "caucasus:stepanakert")]),
        ("The flag was raised in Khankendi.", [("Khankendi", "caucasus:stepanakert")]),
        ("Prisoners are held in Baku.", [("Baku", "caucasus:baku")]),
        ("Official Baku refused the proposal.", []),
        ("Baku and Yerevan agreed on the swap.", []),
        ("They rejected the Madrid Principles.", []),
        ("The OSCE Minsk Group met.", []),
        ("Antony Blinken welcomed it.", []),
    ],
)
def test_table_matches(finder: PlaceFinder, text: str, expected: list[tuple[str, str]]) -> None:
    ents = [("Antony Blinken", "PERSON")] if "Blinken" in text else []
    assert [(m.text, m.place) for m in _run(finder, text, ents)] == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("They crossed at Qorqan Pass.", [("Qorqan Pass", "LOC")], [("Qorqan Pass", None)]),
        ("The Armenian delegation left.", [("Armenian", "GPE")], []),
        ("The Second Karabakh War ended.", [("Second Karabakh War", "LOC")], []),
        (
            "In Stepanakert the mood was grim.",
            [("Stepanakert", "GPE")],
            [("Stepanakert", "caucasus:stepanakert")],
        ),
        ("Talks with the EU resumed.", [("EU", "GPE")], []),
    ],
)
def test_ner_fallback(
    finder: PlaceFinder, text: str, ents: list[tuple[str, str]], expected: list[tuple[str, str | None]]
) -> None:
    assert [(m.text, m.place) for m in _run(finder, text, ents)] == expected


def test_seed_document_offsets_and_aliases(finder: PlaceFinder) -> None:
    if not SEEDS.exists():
        pytest.skip("seed corpus not found")
    text = (SEEDS / "001_42b1c183d363e294.txt").read_text("utf-8")
    found = _run(finder, text)
    ids = {m.text: m.place for m in found}
    assert ids["Khankendi"] == ids["Stepanakert"] == "caucasus:stepanakert"
    assert ids["NKAO"] == ids["Nagorno-Karabakh"] == "caucasus:karabakh"


def _ids(found: list[PlaceMention]) -> list[tuple[str, str | None]]:
    return [(m.text, m.place) for m in found]


@pytest.mark.parametrize(
    ("text", "surface", "place_id"),
    [
        ("Shelling hit Stepanakert again.", "Stepanakert", "caucasus:stepanakert"),  # Latin
        ("Ракеты упали на Степанакерт ночью.", "Степанакерт", "caucasus:stepanakert"),  # Cyrillic
        ("Լուրեր Ստեփանակերտ քաղաքից։", "Ստեփանակերտ", "caucasus:stepanakert"),  # Armenian
        ("Bayraq Xankəndi şəhərində qaldırıldı.", "Xankəndi", "caucasus:stepanakert"),  # Azerbaijani ə
        ("Qonaqlar Şuşa şəhərinə gəldi.", "Şuşa", "caucasus:shusha"),  # Azerbaijani ş
        ("Делегация прибыла в Баку.", "Баку", "caucasus:baku"),
        ("Կարևոր հանդիպում Երևան քաղաքում։", "Երևան", "caucasus:yerevan"),
    ],
)
def test_aliases_in_every_script(finder: PlaceFinder, text: str, surface: str, place_id: str) -> None:
    assert (surface, place_id) in _ids(_run(finder, text))


def test_capitals_for_governments_are_not_places(finder: PlaceFinder) -> None:
    found = _run(finder, "Baku and Yerevan agreed to exchange prisoners; the men were flown to Yerevan.")
    assert [m.text for m in found] == ["Yerevan"]
    assert found[0].start > 40  # the place is the destination, not the government


def test_unresolvable_name_stays_unresolved_and_the_rest_resolves(finder: PlaceFinder) -> None:
    text = "Fighting spread from the Velzarin Heights to Lyon and then to Rotterdam."
    found = _ids(_run(finder, text, [("Velzarin Heights", "LOC")]))
    assert found[0] == ("Velzarin Heights", None)
    assert [name for name, _ in found[1:]] == ["Lyon", "Rotterdam"]
    assert all(pid is not None and pid.startswith("geonames:") for _, pid in found[1:])


def test_unknown_conflict_uses_the_generic_gazetteer(finder: PlaceFinder) -> None:
    text = (
        "Rebels advanced on Goma overnight while shelling was heard near Bukavu. Thousands of families "
        "fled towards Gisenyi and on to Kigali, and aid convoys left Kampala on Tuesday."
    )
    gaz = finder.gazetteer
    countries = {m.text: gaz.place(m.place).country for m in _run(finder, text) if m.place}
    assert countries == {"Goma": "CD", "Bukavu": "CD", "Gisenyi": "RW", "Kigali": "RW", "Kampala": "UG"}


@pytest.mark.parametrize(
    ("text", "surface", "country", "state"),
    [
        # a state abbreviation after the town picks the town in that state, and is itself a place
        ("The fire in Alexandria, La. destroyed a barn.", "Alexandria", "US", "Louisiana"),
        ("The school board of Alexandria, Va. met on Monday.", "Alexandria", "US", "Virginia"),
        ("Ships sailed from Alexandria to Cairo and Port Said.", "Alexandria", "EG", None),
    ],
)
def test_context_picks_among_namesakes(
    finder: PlaceFinder, text: str, surface: str, country: str, state: str | None
) -> None:
    found = _run(finder, text)
    gaz = finder.gazetteer
    place = next(gaz.place(m.place) for m in found if m.text == surface and m.place)
    assert place.country == country
    if state is not None:
        assert any(m.place and gaz.place(m.place).name == state for m in found)


def test_georgia_follows_the_document(finder: PlaceFinder) -> None:
    us = "Storms hit Atlanta, Savannah and Macon; Georgia declared an emergency, as did Alabama."
    caucasus = "Trade between Georgia, Armenia and Azerbaijan grew last year."
    us_georgia = next(m.place for m in _run(finder, us) if m.text == "Georgia")
    assert us_georgia is not None and finder.gazetteer.place(us_georgia).country == "US"
    assert ("Georgia", "country:GE") in _ids(_run(finder, caucasus))


def test_dateline_in_capitals(finder: PlaceFinder) -> None:
    found = _run(finder, "ATLANTA — A new clinic opened downtown on Friday.")
    assert [m.text for m in found] == ["ATLANTA"]
    assert finder.gazetteer.place(found[0].place or "").country == "US"


@pytest.mark.parametrize(
    "text",
    [
        "The former Del. Kim Rowe said the plan was sound.",  # an abbreviation alone is not a state
        "Bogalusa was mentioned once.",  # a small town without its country or state in the text
    ],
)
def test_no_guess_without_support(finder: PlaceFinder, text: str) -> None:
    assert _run(finder, text) == []


def test_small_town_with_its_state(finder: PlaceFinder) -> None:
    found = _ids(_run(finder, "A fire station opened in Bogalusa, La. on Monday."))
    assert [name for name, _ in found] == ["Bogalusa", "La."]
    assert all(pid is not None for _, pid in found)


def test_surname_of_a_person_is_not_a_town(finder: PlaceFinder) -> None:
    text = "Officer Dana Moore said the driver fled. Moore added that Texas police helped."
    found = _run(finder, text, [("Dana Moore", "PERSON"), ("Moore", "PERSON"), ("Texas", "GPE")])
    assert [m.text for m in found] == ["Texas"]
