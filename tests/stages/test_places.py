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
    assert places.STAGE.requires == ("sentences", "entities")


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
