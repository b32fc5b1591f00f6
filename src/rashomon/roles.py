"""The words that give people a role in an event, the nouns for people and the demonyms of states.

Compiled from resources/participants (roles.yaml, people.yaml, nationalities.yaml); the participants
stage reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .resources import load_yaml


@dataclass(frozen=True)
class RoleTable:
    """The compiled resources/participants files."""

    verbs: dict[str, str]  # lemma, or 'lemma particle' for a phrasal verb -> role
    nouns: dict[str, str]
    adjectives: dict[str, str]
    intransitive: frozenset[str]
    receiving: frozenset[str]
    fatal: frozenset[str]
    aimed: frozenset[str]  # 'lemma preposition' pairs that give no role: 'shoot at'
    states: dict[str, str]  # noun for a state of the body -> role: 'in critical condition'
    severity: frozenset[str]  # words that make 'condition' a state of the body
    unreal_aux: frozenset[str]
    unreal_modifiers: frozenset[str]
    people: frozenset[str]
    ordinals: frozenset[str]  # 'a second was injured': one more person
    collective: frozenset[str]  # 'a family', 'the crew': several people, no single person
    agents: frozenset[str]  # 'homicide detectives', 'the shooting suspect': no victims
    resulting: frozenset[str]  # 'left one man injured': the object takes the state the participle gives
    bodies: frozenset[str]  # 'a man's body was found': the man is dead
    striking: frozenset[str]  # 'a bullet struck the girl': wounding when a missile strikes
    missiles: frozenset[str]
    finding: frozenset[str]
    pronouns: frozenset[str]
    demonyms: dict[str, str]  # demonym -> state id


def load_roles() -> RoleTable:
    """Compile resources/participants/{roles,people,nationalities}.yaml."""
    data: Any = load_yaml("participants", "roles.yaml")
    roles: Any = data["roles"]
    people: Any = load_yaml("participants", "people.yaml")
    states: Any = load_yaml("participants", "nationalities.yaml")

    def table(kind: str) -> dict[str, str]:
        return {str(w).lower(): role for role, entry in roles.items() for w in entry.get(kind, ())}

    def words(kind: str) -> frozenset[str]:
        return frozenset(str(w).lower() for entry in roles.values() for w in entry.get(kind, ()))

    return RoleTable(
        verbs=table("verbs"),
        nouns=table("nouns"),
        adjectives=table("adjectives"),
        intransitive=words("intransitive"),
        receiving=words("receiving"),
        fatal=words("fatal"),
        aimed=words("aimed"),
        states=table("states"),
        severity=words("severity"),
        unreal_aux=frozenset(str(w).lower() for w in data["unreal"]["auxiliaries"]),
        unreal_modifiers=frozenset(str(w).lower() for w in data["unreal"]["modifiers"]),
        people=frozenset(str(w).lower() for w in people["nouns"]),
        ordinals=frozenset(str(w).lower() for w in people["ordinals"]),
        collective=frozenset(str(w).lower() for w in people.get("collective", ())),
        agents=frozenset(str(w).lower() for w in people["agents"]),
        resulting=frozenset(str(w).lower() for w in data["resulting"]),
        bodies=frozenset(str(w).lower() for w in data["found_dead"]["bodies"]),
        finding=frozenset(str(w).lower() for w in data["found_dead"]["verbs"]),
        striking=frozenset(str(w).lower() for w in data["struck_by"]["verbs"]),
        missiles=frozenset(str(w).lower() for w in data["struck_by"]["missiles"]),
        pronouns=frozenset(str(w).lower() for w in people["pronouns"]),
        demonyms={str(d): f"state:{code}" for code, names in states["states"].items() for d in names},
    )
