"""Issue 10: every country and US state has coordinates (Natural Earth label points, population centres)."""

from __future__ import annotations

import pytest

from rashomon.borders import countries, label_points
from rashomon.gazetteer import load_gazetteer
from rashomon.settings import default_settings


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(default_settings())


@pytest.mark.parametrize(
    ("place_id", "south", "north", "west", "east"),
    [
        ("country:IL", 29.4, 33.4, 34.2, 35.9),  # the four the issue found without coordinates
        ("country:UA", 44.3, 52.4, 22.1, 40.3),
        ("country:QA", 24.4, 26.2, 50.7, 51.7),
        ("country:EG", 22.0, 31.7, 24.7, 36.9),
        ("country:FR", 42.3, 51.1, -4.8, 8.3),  # mainland France, not Clipperton Island
        ("country:RU", 41.2, 81.9, 27.0, 180.0),
        ("country:AM", 38.8, 41.3, 43.4, 46.7),  # a curated country takes the label point too
        ("geonames:4331987", 28.9, 33.1, -94.1, -88.8),  # Louisiana: its towns' population centre
        ("geonames:5332921", 32.5, 42.1, -124.5, -114.1),  # California
    ],
)
def test_country_and_state_coordinates(gazetteer, place_id, south, north, west, east):
    place = gazetteer.place(place_id)
    assert place.lat is not None and place.lon is not None
    assert south <= place.lat <= north and west <= place.lon <= east


def test_every_country_of_the_gazetteer_has_coordinates(gazetteer):
    missing = [
        pid for pid, p in gazetteer.places.items() if p.kind in {"country", "region"} and p.lat is None
    ]
    assert missing == []


def test_natural_earth_is_installed_with_rashomon():
    assert len(countries()) > 200
    assert {"IL", "PS", "UA", "AZ", "AM"} <= set(label_points())
