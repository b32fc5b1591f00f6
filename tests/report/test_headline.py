"""Issue 10: an event's neutral headline, built from its slots (events constructed here)."""

from __future__ import annotations

import pytest

from rashomon.report.headline import date_words, figures, headline, place_words, type_name

PLACES = {
    "x:halvik": {"id": "x:halvik", "name": "Halvik / Halvikon", "kind": "city"},
    "country:VL": {"id": "country:VL", "name": "Velmora", "kind": "country"},
}
NAMES = {"state:VL": "Velmora", "state:OS": "Ostrakan"}


def _value(doc, value, text, detail=False, **more):
    return {"doc": doc, "mention": f"{doc}:m1", "value": value, "text": text, "start": 0, "end": len(text),
            "detail": detail, **more}  # fmt: skip


def _count(role, side, *values):
    return {"key": f"count:{role}:{side or ''}", "aspect": "count", "what": f"number of people {role}",
            "role": role, "side": side, "values": list(values)}  # fmt: skip


def _event(event_type, slots, date=None, places=()):
    return {"id": "e1", "type": event_type, "date": date, "places": list(places), "slots": slots,
            "docs": ["a", "b"], "mentions": ["a:m1", "b:m1"], "discrepancies": []}  # fmt: skip


DAY = {"value": "2023-12-13", "granularity": "day"}
PLACE_SLOT = {"key": "place", "aspect": "place", "what": "place of the event", "values": [
    _value("a", "x:halvik", "Halvik"), _value("b", "x:halvik", "Halvikon"),
    _value("b", "country:VL", "Velmora"),
]}  # fmt: skip
NAME_SLOT = {"key": "place_name:x:halvik", "aspect": "place", "what": "name", "side": "x:halvik",
             "values": [_value("a", "Halvik", "Halvik"), _value("b", "Halvikon", "Halvikon"),
                        _value("b", "Halvgrad", "Halvgrad")]}  # fmt: skip


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            _event("prisoner_exchange", [_count("released", "state:OS", _value("a", "32", "32")),
                                         _count("released", "state:VL", _value("a", "2", "two"))],
                   DAY),
            "Exchange of people held: 32 (Ostrakan) for 2 (Velmora), 13 Dec 2023",
        ),
        (
            _event("casualties", [_count("killed", None, _value("a", "3", "three")),
                                  _count("wounded", None, _value("a", "12", "12"))], DAY),
            "Deaths or injuries: 3 killed, 12 wounded, 13 Dec 2023",
        ),
        (
            # sources that give different figures for one group: both shown, the most given first
            _event("release", [_count("released", "state:VL", _value("a", "15", "15"),
                                      _value("b", "17", "17"), _value("c", "15", "fifteen"),
                                      _value("b", "40", "40", detail=True))]),
            "Release of people held: 15 or 17 released (Velmora), date not given",
        ),
        (
            _event("agreement", [PLACE_SLOT, NAME_SLOT], {"value": "2020-11", "granularity": "month"}),
            "Agreement, Nov 2020, Halvik / Halvikon (also Halvgrad), Velmora",
        ),
        (_event("other_type", []), "Other type, date not given"),  # a user's own type
    ],
)  # fmt: skip
def test_issue10_headline(event, expected):
    assert headline(event, PLACES, NAMES) == expected


def test_issue10_figures_of_things_say_what_they_count():
    """Issue 10: 'figures given: 2, 32, 34' mixed people and mines; a figure always says what it counts."""
    event = _event("handover", [])
    counts = [{"value": 97000.0, "high": None, "approx": "about", "what": "mines"},
              {"value": 20.0, "high": None, "approx": None, "what": "percent"}]  # fmt: skip
    assert figures(event, NAMES, counts) == ["about 97000 “mines”"]
    # an agreement's stray figures ('2 sides', '20 percent') are not what it is about
    assert figures(_event("agreement", []), NAMES, counts) == []


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ({"value": "2023-12-13"}, "13 Dec 2023"),
        ({"value": "2023-12"}, "Dec 2023"),
        ({"value": "2023"}, "2023"),
        ({"value": "2020-11-09/2020-11-10"}, "9 Nov 2020 to 10 Nov 2020"),
        ({"value": None, "start": "2021", "end": "2022-03"}, "2021 to Mar 2022"),
        (None, ""),
    ],
)
def test_date_words(date, expected):
    assert date_words(date) == expected


def test_places_prefer_the_most_reported_and_towns_before_countries():
    event = _event("attack", [PLACE_SLOT])
    assert place_words(event, PLACES) == ["Halvik / Halvikon", "Velmora"]


def test_type_names_are_the_tools_own_words():
    assert type_name("prisoner_exchange") == "Exchange of people held"
    assert type_name("detention") == "Detention"


def test_issue10_the_guide_words_cover_every_relation_modality_and_type():
    """The reading guide cannot drift from the model: every relation, modality and built-in type."""
    from typing import get_args

    from rashomon.model import Modality, Relation
    from rashomon.ontology import load_ontology
    from rashomon.report.headline import words
    from rashomon.settings import default_settings

    assert set(words()["relations"]) == set(get_args(Relation))
    assert set(words()["modality"]) == set(get_args(Modality))
    assert set(words()["kinds"]) == {"contradiction", "update", "framing", "variant"}
    assert set(load_ontology(default_settings()).types) <= set(words()["types"]) | {"other"}
