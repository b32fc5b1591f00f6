"""The actors stage: registry mentions plus NER names the registry misses."""

from __future__ import annotations

import pytest

from rashomon.model import ActorMention, Analysis, Document, Entity, PlaceMention
from rashomon.settings import default_settings
from rashomon.stages import actors
from rashomon.stages.actors import ActorFinder


@pytest.fixture(scope="module")
def finder() -> ActorFinder:
    return ActorFinder(default_settings())


def _span(text: str, surface: str) -> tuple[int, int]:
    start = text.index(surface)
    return start, start + len(surface)


def _run(
    finder: ActorFinder,
    text: str,
    ents: tuple[tuple[str, str], ...] = (),
    place_spans: tuple[str, ...] = (),
) -> list[ActorMention]:
    doc = Document(id="d", path="d.txt", text=text, sha256="x")
    analysis = Analysis(
        doc=doc,
        entities=[Entity(*_span(text, s), s, label) for s, label in ents],
        places=[PlaceMention(*_span(text, s), s, None) for s in place_spans],
    )
    found = finder(analysis, default_settings())
    for m in found:
        assert text[m.start : m.end] == m.text
    return found


def test_stage_declaration() -> None:
    assert actors.STAGE.name == "actors"
    assert actors.STAGE.requires == ("entities", "places")


def test_empty_document(finder: ActorFinder) -> None:
    assert _run(finder, "") == []


def test_no_match(finder: ActorFinder) -> None:
    assert _run(finder, "it rained all day and the roads were closed.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Armenian prisoners were freed.", [("Armenian", "state:AM", "demonym")]),
        ("Official Baku refused.", [("Baku", "state:AZ", "capital")]),
        ("They are held in Baku.", []),
        (
            "Ilham Aliyev met Charles Michel.",
            [
                ("Ilham Aliyev", "person:ilham-aliyev", "name"),
                ("Charles Michel", "person:charles-michel", "name"),
            ],
        ),
        (
            "The International Committee of the Red Cross (ICRC) attended.",
            [("International Committee of the Red Cross", "org:icrc", "name"), ("ICRC", "org:icrc", "alias")],
        ),
    ],
)
def test_registry_mentions(finder: ActorFinder, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(m.text, m.actor, m.via) for m in _run(finder, text)] == expected


def test_ner_names_the_registry_misses(finder: ActorFinder) -> None:
    text = "Maria Ostrova of the Harbour Union and Nikol Pashinyan met Lebanese families in Qorqan."
    ents = (
        ("Maria Ostrova", "PERSON"),
        ("the Harbour Union", "ORG"),
        ("Nikol Pashinyan", "PERSON"),
        ("Lebanese", "NORP"),
        ("Qorqan", "ORG"),
    )
    found = [(m.text, m.actor, m.kind, m.via) for m in _run(finder, text, ents, place_spans=("Qorqan",))]
    assert found == [
        ("Maria Ostrova", None, "person", "ner"),
        ("the Harbour Union", None, "organization", "ner"),
        ("Nikol Pashinyan", "person:nikol-pashinyan", "person", "name"),
        ("Lebanese", None, "group", "ner"),
    ]


def test_capitals_agreeing_are_actors(finder: ActorFinder) -> None:
    found = _run(finder, "Baku and Yerevan agreed on the text of the border commission's rules.")
    assert [(m.text, m.actor, m.via) for m in found] == [
        ("Baku", "state:AZ", "capital"),
        ("Yerevan", "state:AM", "capital"),
    ]


@pytest.mark.parametrize(
    ("text", "office", "expected"),
    [
        # the office stands for the one holder the text names
        (
            "Nikol Pashinyan arrived. The Armenian Prime Minister then spoke.",
            "Armenian Prime Minister",
            ("person:nikol-pashinyan", "office"),
        ),
        ("The Armenian Prime Minister spoke.", "Armenian Prime Minister", ("body:AM:prime-minister", "name")),
        # two holders named: the office stays the office
        (
            "Heydar Aliyev and Ilham Aliyev were shown; the Azerbaijani President spoke.",
            "Azerbaijani President",
            ("body:AZ:president", "name"),
        ),
    ],
)
def test_an_office_is_its_holder_in_context(
    finder: ActorFinder, text: str, office: str, expected: tuple[str, str]
) -> None:
    analysis = Analysis(doc=Document(id="d", path="d.txt", text=text, sha256="x"))
    found = {m.text: (m.actor, m.via) for m in finder(analysis, default_settings())}
    assert found[office] == expected
