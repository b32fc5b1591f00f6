"""The actor registry: names, aliases, demonyms, body templates, capital metonymy, user files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rashomon.actors import ActorRegistry, load_actors
from rashomon.errors import ConfigError
from rashomon.settings import default_settings


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return load_actors(default_settings())


@pytest.mark.parametrize(
    ("text", "surface", "actor", "via"),
    [
        ("Nikol Pashinyan spoke.", "Nikol Pashinyan", "person:nikol-pashinyan", "name"),
        ("Then Pashinyan left.", "Pashinyan", "person:nikol-pashinyan", "alias"),
        ("The ICRC visited them.", "ICRC", "org:icrc", "alias"),
        ("Armenian soldiers", "Armenian soldiers", "body:AM:armed-forces", "name"),
        ("the Armenian side", "Armenian", "state:AM", "demonym"),
        (
            "the Azerbaijani Foreign Ministry said",
            "Azerbaijani Foreign Ministry",
            "body:AZ:foreign-ministry",
            "name",
        ),
        (
            "the Ministry of Foreign Affairs of Azerbaijan",
            "Ministry of Foreign Affairs of Azerbaijan",
            "body:AZ:foreign-ministry",
            "name",
        ),
        (
            "Azerbaijan’s Defence Ministry",
            "Azerbaijan’s Defence Ministry",
            "body:AZ:defence-ministry",
            "name",
        ),
        ("the OSCE Minsk Group met", "OSCE Minsk Group", "org:osce-minsk-group", "name"),
        ("Emine Erdogan smiled", "Emine Erdogan", "person:emine-erdogan", "name"),
    ],
)
def test_registry_names(registry: ActorRegistry, text: str, surface: str, actor: str, via: str) -> None:
    mentions = {m.text: m for m in registry.find(text)}
    assert mentions[surface].actor == actor
    assert mentions[surface].via == via
    assert registry.actor(actor).id == actor


@pytest.mark.parametrize(
    ("text", "capital", "is_actor"),
    [
        ("Official Baku refused the proposal.", "Baku", True),
        ("Moscow dispatched an envoy.", "Moscow", True),
        ("Baku and Yerevan agreed on a swap.", "Yerevan", True),
        ("Baku and Yerevan agreed on a swap.", "Baku", True),
        ("Baku also uses these people.", "Baku", True),
        ("They criticised Baku's actions.", "Baku", True),
        ("the real intention of Baku to expel them", "Baku", True),
        ("Prisoners are held in Baku.", "Baku", False),
        ("Officials in Baku said nothing.", "Baku", False),
        ("Yerevan is a large city.", "Yerevan", False),
        ("He travelled from Moscow to Ankara.", "Ankara", False),
    ],
)
def test_capital_metonymy(registry: ActorRegistry, text: str, capital: str, is_actor: bool) -> None:
    start = text.index(capital)
    assert registry.is_metonymy(text, start, start + len(capital)) is is_actor
    found = [m for m in registry.find(text) if m.text == capital]
    assert bool(found) is is_actor
    if is_actor:
        assert found[0].via == "capital"
        assert found[0].actor is not None and found[0].actor.startswith("state:")


def test_user_actor_file_adds_and_extends(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(
        "states:\n"
        "  - {id: state:VL, name: Velmora, names: [Velmora], demonyms: [Velmoran], capital: Halvik}\n"
        "actors:\n  - {id: org:icrc, aliases: [the Committee]}\n",
        "utf-8",
    )
    registry = load_actors(replace(default_settings(), actor_alias_files=(str(path),)))
    found = {m.text: m for m in registry.find("Velmoran forces; the Committee; Halvik said no.")}
    assert found["Velmoran forces"].actor == "body:VL:armed-forces"
    assert found["the Committee"].actor == "org:icrc"
    assert found["Halvik"].actor == "state:VL"
    assert registry.actor("org:icrc").name == "International Committee of the Red Cross"


def test_bad_user_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("actors:\n  - {name: nobody}\n", "utf-8")
    with pytest.raises(ConfigError):
        load_actors(replace(default_settings(), actor_alias_files=(str(path),)))


@pytest.mark.parametrize("text", ["", "the weather was fine"])
def test_no_match(registry: ActorRegistry, text: str) -> None:
    assert registry.find(text) == []


def test_user_actor_file_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "actors.csv"
    path.write_text(
        "id,name,names,aliases,kind,country\n"
        "org:river-council,River Council,Council of the River,the Council,organization,\n"
        "org:icrc,International Committee of the Red Cross,,the Committee,,\n",
        "utf-8",
    )
    registry = load_actors(replace(default_settings(), actor_alias_files=(str(path),)))
    found = {m.text: m.actor for m in registry.find("The River Council and the Committee met.")}
    assert found == {"River Council": "org:river-council", "the Committee": "org:icrc"}
    assert registry.actor("org:river-council").kind == "organization"
