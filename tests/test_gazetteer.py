"""The gazetteer: contested names, display names, the GeoNames fallback, the stoplist, user files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rashomon.errors import ConfigError
from rashomon.gazetteer import Gazetteer, display_name, load_gazetteer
from rashomon.model import PlaceName
from rashomon.settings import default_settings

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer(default_settings())


def _ids(gaz: Gazetteer, text: str) -> dict[str, str]:
    return {text[s:e]: pid for s, e, pid in gaz.find(text)}


@pytest.mark.parametrize(
    ("names", "place_id"),
    [
        (("Stepanakert", "Khankendi"), "caucasus:stepanakert"),
        (("Shushi", "Shusha"), "caucasus:shusha"),
        (("Lachin", "Berdzor"), "caucasus:lachin"),
        (("Kalbajar", "Kelbajar", "Karvachar"), "caucasus:kalbajar"),
        (("Martakert", "Aghdara"), "caucasus:martakert"),
        (("Nagorno-Karabakh", "Karabakh", "Artsakh", "NKAO"), "caucasus:karabakh"),
        (("Syunik", "Zangezur", "Zangazur"), "caucasus:syunik"),
        (("Sotk", "Zod"), "caucasus:sotk"),
        # the pairs issue 4 names
        (("Stepanakert", "Khankendi", "Xankəndi"), "caucasus:stepanakert"),
        (("Shushi", "Shusha", "Şuşa"), "caucasus:shusha"),
        (("Martuni", "Khojavend", "Khojavand"), "caucasus:khojavend"),
        (("Varanda", "Fuzuli", "Fizuli"), "caucasus:fuzuli"),
        (("Kovsakan", "Zangilan", "Zangelan"), "caucasus:zangilan"),
        (("Akna", "Aghdam", "Agdam"), "caucasus:aghdam"),
        (("Nakhchivan", "Nakhijevan", "Nakhichevan"), "caucasus:nakhchivan"),
        (("Gazakh", "Qazax"), "caucasus:gazakh"),
    ],
)
def test_contested_names_resolve_to_one_place(gaz: Gazetteer, names: tuple[str, ...], place_id: str) -> None:
    text = "We went to " + ", then to ".join(names) + "."
    assert [pid for _, _, pid in gaz.find(text)] == [place_id] * len(names)


@pytest.mark.parametrize(
    "place_id",
    ["caucasus:stepanakert", "caucasus:shusha", "caucasus:karabakh", "caucasus:lachin", "caucasus:khojaly"],
)
def test_display_name_holds_every_sides_name(gaz: Gazetteer, place_id: str) -> None:
    place = gaz.place(place_id)
    sides = {side for pn in place.names for side in pn.used_by or ()}
    assert len(sides) > 1
    for side in sides:
        assert any(pn.name in place.name.split(" / ") for pn in place.names if side in (pn.used_by or ()))


@pytest.mark.parametrize(
    ("place_id", "expected"),
    [("caucasus:stepanakert", "Stepanakert / Khankendi"), ("caucasus:shusha", "Shushi / Shusha")],
)
def test_display_name_examples(gaz: Gazetteer, place_id: str, expected: str) -> None:
    assert gaz.place(place_id).name == expected


def test_hadrut_and_khojavend_are_related_not_same(gaz: Gazetteer) -> None:
    ids = _ids(gaz, "Hadrut lies in the Khojavend district.")
    assert ids["Hadrut"] != ids["Khojavend"]
    assert "caucasus:khojavend" in gaz.place(ids["Hadrut"]).related


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Talks were held in Paris.", "Paris", "FR"),
        ("He flew to Moscow.", "Moscow", "RU"),
        ("The delegation arrived in Rotterdam.", "Rotterdam", "NL"),
        ("Refugees reached Lyon.", "Lyon", "FR"),
    ],
)
def test_generic_cities_resolve(gaz: Gazetteer, text: str, name: str, country: str) -> None:
    place = gaz.place(_ids(gaz, text)[name])
    assert place.country == country
    assert place.lat is not None


def test_issue13_an_arabic_article_may_be_written_joined_to_its_word(gaz: Gazetteer) -> None:
    """'Deir ez-Zor' is often written 'Deir Ezzor': a spelling of the city, read where the document
    points to its country (as any other spelling)."""
    text = "Air strikes hit the city of Deir Ezzor in eastern Syria."
    found = {text[s:e]: {c.place_id for c in cands} for s, e, cands in gaz.find_candidates(text)}
    assert gaz.place(next(iter(found["Deir Ezzor"]))).name == "Deir ez-Zor"


def test_geonames_id_of_a_curated_city_returns_the_curated_place(gaz: Gazetteer) -> None:
    assert gaz.place("geonames:587084").id == "caucasus:baku"
    assert gaz.place("country:FR").name == "France"


@pytest.mark.parametrize(
    "text",
    [
        "Of course the talks resumed in March.",
        "Nice words were exchanged.",
        "Mobile phones were confiscated. Reading the statement took an hour.",
        "The Union was dissolved.",
        "Victoria said she would come.",
        "The mayor of paris spoke.",  # lower case is not a name
    ],
)
def test_stoplisted_and_lowercase_words_do_not_match(gaz: Gazetteer, text: str) -> None:
    assert gaz.find(text) == []


def test_demonyms_are_not_places(gaz: Gazetteer) -> None:
    assert gaz.find("Armenian and Azerbaijani soldiers, Russian peacekeepers.") == []


def test_longest_match_and_line_wrap(gaz: Gazetteer) -> None:
    text = "From Nagorno-Karabakh to New\nYork."
    assert [text[s:e] for s, e, _ in gaz.find(text)] == ["Nagorno-Karabakh", "New\nYork"]


def test_unknown_id_raises(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError):
        gaz.place("caucasus:atlantis")


def test_user_alias_file_adds_a_place_and_overrides_a_name(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "places:\n"
        "  - id: mine:river-town\n    kind: town\n    names: [{name: Rivertown, used_by: [north]}]\n"
        "  - id: caucasus:shusha\n    names: [{name: Shushi, used_by: [armenian, north]}]\n",
        "utf-8",
    )
    gaz = load_gazetteer(replace(default_settings(), place_alias_files=(str(path),)))
    text = "Rivertown and Shushi."
    assert [pid for _, _, pid in gaz.find(text)] == ["mine:river-town", "caucasus:shusha"]
    shushi = next(pn for pn in gaz.place("caucasus:shusha").names if pn.name == "Shushi")
    assert shushi.used_by == ("armenian", "north")
    assert gaz.place("caucasus:shusha").lat is not None  # untouched fields survive


@pytest.mark.parametrize("content", ["places: 3\n", "places:\n  - {kind: town}\n", "[unclosed\n"])
def test_bad_user_file_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigError):
        load_gazetteer(replace(default_settings(), place_alias_files=(str(path),)))


def test_examples_lisgar_and_kaltepe_are_one_place() -> None:
    gaz = load_gazetteer(replace(default_settings(), place_alias_files=(str(EXAMPLES / "places.yaml"),)))
    ids = _ids(gaz, "The town Velmora calls Lisgar and Ostrakan calls Kaltepe.")
    assert ids["Lisgar"] == ids["Kaltepe"]
    assert gaz.place(ids["Lisgar"]).name == "Lisgar / Kaltepe"


def test_cached_per_settings() -> None:
    assert load_gazetteer(default_settings()) is load_gazetteer(default_settings())


def test_display_name_without_sides_is_the_first_name() -> None:
    assert display_name([PlaceName("Alpha"), PlaceName("Beta")]) == "Alpha"


@pytest.mark.parametrize("text", ["", "   \n", "nothing here at all"])
def test_no_match(gaz: Gazetteer, text: str) -> None:
    assert gaz.find(text) == []


def test_candidates_keep_every_namesake(gaz: Gazetteer) -> None:
    [(_, _, cands)] = gaz.find_candidates("Alexandria")
    countries = {c.country for c in cands}
    assert {"EG", "US"} <= countries
    assert {c.admin1 for c in cands if c.country == "US"} >= {"US.LA", "US.VA"}


def test_curated_name_comes_first_but_keeps_namesakes(gaz: Gazetteer) -> None:
    [(_, _, cands)] = gaz.find_candidates("Georgia")
    assert cands[0].place_id == "country:GE"
    assert any(c.kind == "admin1" and c.admin1 == "US.GA" for c in cands)
    assert gaz.find("Georgia") == [(0, 7, "country:GE")]


@pytest.mark.parametrize(("text", "name"), [("Floods in Texas.", "Texas"), ("Ohio voted.", "Ohio")])
def test_us_states(gaz: Gazetteer, text: str, name: str) -> None:
    place = gaz.place(_ids(gaz, text)[name])
    assert (place.name, place.country, place.kind) == (name, "US", "region")


def test_state_abbreviations_need_context(gaz: Gazetteer) -> None:
    # without the places stage's context a bare abbreviation is no place
    assert gaz.find("Del. Moran") == []
    [(_, _, cands)] = gaz.find_candidates("Ga.")
    assert cands[0].kind == "abbrev" and cands[0].admin1 == "US.GA"


def test_user_alias_file_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "id,name,lang,used_by,kind,country,lat,lon,related\n"
        "mine:river-town,Rivertown,en,north,town,VL,12.5,98.1,\n"
        "mine:river-town,Riverburg,en,south;international,,,,\n"
        "caucasus:shusha,Shushi,hy,armenian;north,,,,\n",
        "utf-8",
    )
    gaz = load_gazetteer(replace(default_settings(), place_alias_files=(str(path),)))
    ids = _ids(gaz, "Rivertown, Riverburg and Shushi.")
    assert ids["Rivertown"] == ids["Riverburg"] == "mine:river-town"
    town = gaz.place("mine:river-town")
    assert (town.name, town.kind, town.lat) == ("Rivertown / Riverburg", "town", 12.5)
    assert ids["Shushi"] == "caucasus:shusha"


@pytest.mark.parametrize("content", ["name,lang\nRivertown,en\n", "id,name\nmine:x,\n"])
def test_bad_csv_alias_file_is_a_config_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigError):
        load_gazetteer(replace(default_settings(), place_alias_files=(str(path),)))


def test_hadrut_is_related_to_khojavend_not_the_same(gaz: Gazetteer) -> None:
    assert _ids(gaz, "Hadrut and Khojavend.") == {
        "Hadrut": "caucasus:hadrut",
        "Khojavend": "caucasus:khojavend",
    }
    assert "caucasus:khojavend" in gaz.place("caucasus:hadrut").related


# -- issue 11: the built gazetteer is kept in a versioned cache file -----------------------------


def test_issue11_built_gazetteer_is_cached_and_rebuilt_when_an_alias_file_changes(tmp_path, monkeypatch):
    from rashomon import gazetteer as gz

    monkeypatch.setenv("RASHOMON_CACHE_DIR", str(tmp_path / "cache"))
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("places:\n  - id: test:velmora\n    kind: town\n    names: [{name: Velmora}]\n")
    gz._load.cache_clear()
    built = gz._load((str(aliases),))
    (first,) = (tmp_path / "cache").glob("gazetteer-*.pickle")
    gz._load.cache_clear()
    loaded = gz._load((str(aliases),))
    assert loaded.places == built.places and loaded.find("in Velmora") == built.find("in Velmora")
    first.write_bytes(b"not a pickle")  # a damaged file is rebuilt, not trusted
    gz._load.cache_clear()
    assert gz._load((str(aliases),)).find("in Velmora") == built.find("in Velmora")
    aliases.write_text("places:\n  - id: test:ostrakan\n    kind: town\n    names: [{name: Ostrakan}]\n")
    gz._load.cache_clear()
    assert gz._load((str(aliases),)).find("in Velmora") == []
    assert len(list((tmp_path / "cache").glob("gazetteer-*.pickle"))) == 2
    gz._load.cache_clear()
