"""The actor registry: states (by name, demonym and, in narrow contexts, capital), bodies, groups, people.

Built from resources/actors/actors.yaml plus the user's files (settings.actor_alias_files, same
format). A capital names its state only in the contexts of resources/actors/metonymy.yaml ("official
Baku", "Moscow dispatched", "Baku's actions"); everywhere else it is a place, so the places stage asks
``ActorRegistry.is_metonymy`` before it emits a capital.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from .errors import ConfigError
from .gazetteer import NameMatcher
from .keys import user_files_digest
from .model import Actor, ActorMention
from .resources import load_yaml, parse_yaml
from .settings import Settings

Via = Literal["name", "capital", "demonym", "alias", "ner", "office"]
_WORD = re.compile(r"[^\W\d_][\w'’.-]*|[^\w\s]")
_PREV_WORDS = re.compile(r"(?:([^\W\d_]+)\s+)?([^\W\d_]+)\s+$")


@dataclass(frozen=True)
class MetonymyRules:
    """When a capital stands for its government (see resources/actors/metonymy.yaml)."""

    preceding: frozenset[str]
    place_preceding: frozenset[str]
    governing_nouns: frozenset[str]
    skippable: frozenset[str]
    verbs: frozenset[str]


@dataclass(frozen=True)
class ActorRegistry:
    """Known actors, the matcher over their names, and the capital-metonymy rules."""

    actors: Mapping[str, Actor]
    capitals: Mapping[str, str]  # capital name -> state id
    demonyms: frozenset[str]
    rules: MetonymyRules
    matcher: NameMatcher = field(repr=False)
    holders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # office id -> people who held it

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id; KeyError when unknown."""
        return self.actors[actor_id]

    def is_metonymy(self, text: str, start: int, end: int) -> bool:
        """True when the capital at text[start:end] stands for its state's government."""
        before = _PREV_WORDS.search(text[max(0, start - 60) : start])
        if before:
            word = before.group(2).lower()
            if word in self.rules.preceding:
                return True
            if word == "of" and (before.group(1) or "").lower() in self.rules.governing_nouns:
                return True
            if word in self.rules.place_preceding:
                return False
        rest = text[end : end + 160]
        if rest.startswith(("'s", "’s")):
            return True
        words = _WORD.findall(rest)
        i = 0
        # 'Baku and Yerevan agreed': skip a coordinated capital or state before the verb
        while i + 1 < len(words) and words[i] == "and" and self._is_state_word(words[i + 1]):
            i += 2
        while i < len(words) and words[i].lower() in self.rules.skippable:
            i += 1
        return i < len(words) and words[i] in self.rules.verbs

    def _is_state_word(self, word: str) -> bool:
        if word in self.capitals:
            return True
        actor = self.actors.get(f"state:{word}")
        return actor is not None or any(a.kind == "state" and word in a.names for a in self.actors.values())

    def find(self, text: str) -> list[ActorMention]:
        """Every registry actor mentioned in ``text``, with capitals only where they are metonyms."""
        found: list[ActorMention] = []
        for start, end, (actor_id, via) in self.matcher.find(text):
            if via == "capital" and not self.is_metonymy(text, start, end):
                continue
            actor = self.actors[actor_id]
            found.append(ActorMention(start, end, text[start:end], actor_id, actor.kind, via))
        return found


def _strs(raw: Any, origin: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError(f"{origin}: expected a list, got {raw!r}")
    return tuple(str(x) for x in raw)


@dataclass
class _Builder:
    """Accumulates actors and names over the built-in file and the user's files."""

    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, tuple[str, Via]] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    demonyms: set[str] = field(default_factory=set)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    holders: dict[str, list[str]] = field(default_factory=dict)

    def add(self, entry: Any, origin: str, default_kind: str | None = None) -> None:
        if not isinstance(entry, dict) or not entry.get("id"):
            raise ConfigError(f"{origin}: every actor needs an 'id': {entry!r}")
        actor_id = str(entry["id"])
        names = _strs(entry.get("names"), f"{origin}: {actor_id}")
        aliases = _strs(entry.get("aliases"), f"{origin}: {actor_id}")
        old = self.actors.get(actor_id)
        all_names = tuple(dict.fromkeys((*(old.names if old else ()), *names, *aliases)))
        name = str(entry.get("name") or (old.name if old else (names or aliases or (actor_id,))[0]))
        kind = entry.get("kind") or (old.kind if old else default_kind)
        country = entry.get("country") or (old.country if old else None)
        self.actors[actor_id] = Actor(
            actor_id, name, all_names, str(kind) if kind else None, str(country) if country else None
        )
        for n in names:
            self.names[n] = (actor_id, "name")
        for n in aliases:
            self.names[n] = (actor_id, "alias")
        for n in _strs(entry.get("demonyms"), f"{origin}: {actor_id}"):
            self.names[n] = (actor_id, "demonym")
            self.demonyms.add(n)
        for office in _strs(entry.get("holds"), f"{origin}: {actor_id}"):
            if actor_id not in self.holders.setdefault(office, []):
                self.holders[office].append(actor_id)
        if entry.get("capital"):
            self.capitals[str(entry["capital"])] = actor_id
            self.names[str(entry["capital"])] = (actor_id, "capital")

    def layer(self, data: Any, origin: str) -> None:
        if not isinstance(data, dict):
            raise ConfigError(f"{origin}: expected a mapping with 'states', 'bodies' or 'actors'")
        for entry in data.get("states") or []:
            self.add(entry, origin, "state")
        for body in data.get("bodies") or []:
            if not isinstance(body, dict) or not body.get("key") or not body.get("names"):
                raise ConfigError(f"{origin}: a body needs 'key' and 'names': {body!r}")
            self.bodies.append(body)
        for entry in data.get("actors") or []:
            self.add(entry, origin)

    def expand_bodies(self) -> None:
        """Combine every body with every state: 'Armenian Foreign Ministry', 'Ministry of ... of Armenia'."""
        states = [a for a in self.actors.values() if a.kind == "state"]
        for body in self.bodies:
            for state in states:
                iso = state.id.split(":", 1)[1]
                demonym = next(
                    (n for n, (a, v) in self.names.items() if a == state.id and v == "demonym"), None
                )
                forms: list[str] = []
                for term in _strs(body["names"], "bodies"):
                    if demonym:
                        forms.append(f"{demonym} {term}")
                    forms += [f"{term} of {state.name}", f"{state.name}'s {term}"]
                    if term[0].isupper():
                        forms.append(f"{state.name} {term}")
                actor_id = f"body:{iso}:{body['key']}"
                if actor_id in self.actors:  # a hand-written entry for this body wins
                    continue
                label = f"{demonym} {body['names'][0]}" if demonym else f"{body['names'][0]} of {state.name}"
                self.actors[actor_id] = Actor(actor_id, label, tuple(forms), str(body.get("kind")), iso)
                for form in forms:
                    self.names.setdefault(form, (actor_id, "name"))


def _rules() -> MetonymyRules:
    data: Any = load_yaml("actors", "metonymy.yaml")
    try:
        return MetonymyRules(
            frozenset(str(w).lower() for w in data["preceding"]),
            frozenset(str(w).lower() for w in data["place_preceding"]),
            frozenset(str(w).lower() for w in data["governing_nouns"]),
            frozenset(str(w).lower() for w in data["skippable"]),
            frozenset(str(w) for w in data["verbs"]),
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"resources/actors/metonymy.yaml: missing or bad key: {exc}") from exc


def _read(path: str) -> Any:
    try:
        text = Path(path).read_text("utf-8-sig")
        return _actors_from_csv(text, path) if path.lower().endswith(".csv") else parse_yaml(text)
    except (OSError, yaml.YAMLError, csv.Error) as exc:
        raise ConfigError(f"actor alias file {path}: {exc}") from exc


def _actors_from_csv(text: str, path: str) -> dict[str, list[dict[str, Any]]]:
    """A CSV actor file (one row per actor: id, name, names, aliases, kind, country; lists split on
    ';') as the YAML structure's ``actors`` list."""
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and not {"id", "name"} <= set(rows[0]):
        raise ConfigError(f"actor alias file {path}: the header must have the columns id and name")
    actors = []
    for line, row in enumerate(rows, start=2):
        actor_id, name = (row.get("id") or "").strip(), (row.get("name") or "").strip()
        if not actor_id or not name:
            raise ConfigError(f"actor alias file {path}, line {line}: id and name are required")
        entry: dict[str, Any] = {"id": actor_id, "name": name, "names": [name, *_cells(row.get("names"))]}
        if aliases := _cells(row.get("aliases")):
            entry["aliases"] = aliases
        for key in ("kind", "country"):
            if value := (row.get(key) or "").strip():
                entry[key] = value
        actors.append(entry)
    return {"actors": actors}


def _cells(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split(";") if part.strip()]


@functools.lru_cache(maxsize=8)
def _load(alias_files: tuple[str, ...], digest: str = "") -> ActorRegistry:
    builder = _Builder()
    builder.layer(load_yaml("actors", "actors.yaml"), "resources/actors/actors.yaml")
    user = [(path, _read(path)) for path in alias_files]
    # user bodies and states must take part in the expansion, user names must win over it
    for path, data in user:
        builder.layer(data, path)
    builder.expand_bodies()
    for path, data in user:
        builder.layer(data, path)
    return ActorRegistry(
        builder.actors,
        builder.capitals,
        frozenset(builder.demonyms),
        _rules(),
        NameMatcher(builder.names),
        {office: tuple(people) for office, people in builder.holders.items()},
    )


def load_actors(settings: Settings) -> ActorRegistry:
    """The actor registry for these settings (built-in list plus the user's alias files), cached."""
    files = tuple(settings.actor_alias_files)
    # keyed by the files' contents too: an edited file is read again, even in the same process
    return _load(files, user_files_digest(files))
