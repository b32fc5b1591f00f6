"""Actors: registry names, demonyms, capitals used for governments, and NER names the registry misses.

Registry matches come first (leftmost-longest, so "Azerbaijani Foreign Ministry" is one body, not a
demonym); spaCy PERSON/ORG/NORP entities that overlap no registry match and no place are kept with
``actor=None`` and ``via="ner"``.
"""

from __future__ import annotations

from dataclasses import replace

from ..actors import ActorRegistry, load_actors
from ..model import ActorMention, Analysis
from ..settings import Settings
from . import Stage, StageFn

_NER_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "group"}


class ActorFinder:
    """Stage callable holding the actor registry."""

    def __init__(self, settings: Settings) -> None:
        self.registry: ActorRegistry = load_actors(settings)

    def __call__(self, analysis: Analysis, settings: Settings) -> list[ActorMention]:
        """Stage: the actor mentions of the document."""
        text = analysis.doc.text
        found = self.registry.find(text)
        taken = [(m.start, m.end) for m in found] + [(p.start, p.end) for p in analysis.places]
        for ent in analysis.entities:
            kind = _NER_KINDS.get(ent.label)
            if kind is None or any(ent.start < e and s < ent.end for s, e in taken):
                continue
            found.append(ActorMention(ent.start, ent.end, ent.text, None, kind, "ner"))
            taken.append((ent.start, ent.end))
        found.sort(key=lambda m: (m.start, m.end))
        return self._offices_to_people(found)

    def _offices_to_people(self, found: list[ActorMention]) -> list[ActorMention]:
        """'the Armenian Prime Minister' is Nikol Pashinyan in a text that names him: an office
        stands for the one holder of it the document names; otherwise it stays the office."""
        named = {m.actor for m in found if m.kind == "person" and m.actor}
        out = []
        for m in found:
            people = [p for p in self.registry.holders.get(m.actor or "", ()) if p in named]
            out.append(replace(m, actor=people[0], kind="person", via="office") if len(people) == 1 else m)
        return out


def _factory(settings: Settings) -> StageFn:
    return ActorFinder(settings)


STAGE = Stage(
    name="actors",
    version="actors.rules.v2",
    requires=("entities", "places"),
    assigns="actors",
    factory=_factory,
    resources=("actors",),
)
