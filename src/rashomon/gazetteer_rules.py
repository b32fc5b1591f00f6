"""Two rules the gazetteer applies when it is built: coordinates for every country and US state, and
typos of curated names (issue 10).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .model import Place
from .resources import load_yaml

if TYPE_CHECKING:
    from .gazetteer import Candidate

MIN_FUZZY_LEN = 6  # a typo of a curated name this long or longer is read as that name (never shorter)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def country_points(countries: Mapping[str, Any], cities: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """ISO2 -> (lat, lon): Natural Earth's label point, else capital, largest town, country_points.yaml."""
    from .borders import label_points

    points = dict(label_points())
    capitals = {(str(c.get("iso")), str(c.get("capital") or "")) for c in countries.values()}
    largest: dict[str, tuple[int, float, float]] = {}
    for city in cities.values():
        iso, lat, lon = str(city["countrycode"]), float(city["latitude"]), float(city["longitude"])
        if (iso, str(city["name"])) in capitals and iso not in points:
            points[iso] = (lat, lon)  # overseas departments and small territories Natural Earth folds in
        population = int(city.get("population") or 0)
        if population > largest.get(iso, (-1, 0.0, 0.0))[0]:
            largest[iso] = (population, lat, lon)
    for iso, (_, lat, lon) in largest.items():
        points.setdefault(iso, (lat, lon))
    extra: Any = load_yaml("places", "country_points.yaml")
    for iso, successor in (extra.get("successors") or {}).items():
        if successor in points:
            points.setdefault(str(iso), points[successor])
    for iso, (lat, lon) in (extra.get("points") or {}).items():
        points.setdefault(str(iso), (float(lat), float(lon)))
    return points


def state_points(cities: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """'US.XX' -> the population centre of the state's GeoNames towns (population-weighted mean)."""
    sums: dict[str, list[float]] = {}
    for city in cities.values():
        if city["countrycode"] != "US":
            continue
        weight = float(city.get("population") or 0) or 1.0
        acc = sums.setdefault(f"US.{city['admin1code']}", [0.0, 0.0, 0.0])
        acc[0] += weight * float(city["latitude"])
        acc[1] += weight * float(city["longitude"])
        acc[2] += weight
    return {key: (round(a / w, 5), round(b / w, 5)) for key, (a, b, w) in sums.items()}


def _deletions(name: str) -> set[str]:
    return {name[:i] + name[i + 1 :] for i in range(len(name))} | {name}


def one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one inserted, deleted or replaced letter, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def near_curated(table: dict[str, list[Candidate]], places: Mapping[str, Place], large: int) -> None:
    """A generic name one edit from a curated name reads as that place's typo, never as a town abroad.

    'Karabash' (a town in the Urals) one letter from 'Karabakh': its candidates become the curated
    place, read only where the document points to that place's country, and the GeoNames towns of
    that same country; towns of other countries are dropped (issue 10). A name that is also a
    country, a US state or a city abroad of 100,000 or more ('Grenada', 'Genova') keeps its readings.
    """
    curated: dict[str, set[str]] = {}
    for name, cands in table.items():
        if len(name) >= MIN_FUZZY_LEN and cands and cands[0].kind == "curated":
            for variant in _deletions(name):
                curated.setdefault(variant, set()).add(name)
    for name, cands in table.items():
        if len(name) < MIN_FUZZY_LEN or not cands or cands[0].kind == "curated":
            continue
        near = {c for v in _deletions(name) for c in curated.get(v, ()) if one_edit(name, c)}
        if not near:
            continue
        target = table[min(near)][0]  # several curated names one edit away: any fixed one
        country = places[target.place_id].country or ""
        abroad = [c for c in cands if c.country != country]
        # a country, a state or a large city abroad ('Grenada', 'Genova') is what the name means
        if any(c.kind != "city" or c.population >= large for c in abroad):
            continue
        table[name] = [replace(target, needs_support=True), *(c for c in cands if c.country == country)]
