"""Toponyms: gazetteer matches (curated names first, GeoNames as fallback) plus unresolved NER places.

A capital that stands for its government ("official Baku refused") is left to the actors stage, and
a name inside a longer actor name ("OSCE Minsk Group", "Republic of Artsakh") is not a place here.
spaCy GPE/LOC/FAC entities the tables miss are kept with ``place=None`` when they look like toponyms.
"""

from __future__ import annotations

import re

from ..actors import ActorRegistry, load_actors
from ..gazetteer import Gazetteer, load_gazetteer, not_toponym_words
from ..model import Analysis, Entity, PlaceMention
from ..settings import Settings
from . import Stage, StageFn

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# a GeoNames-only name inside a person's or organisation's name is part of that name ('Antony Blinken')
_NAME_LABELS = frozenset({"PERSON", "ORG"})
_PLACE_KEEPING_KINDS = frozenset({"state", "group", None})
_NEXT_WORD = re.compile(r"[\s‘’'\"“”]*([A-Z][a-z]+)")


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


class PlaceFinder:
    """Stage callable holding the gazetteer and the actor registry."""

    def __init__(self, settings: Settings) -> None:
        self.gazetteer: Gazetteer = load_gazetteer(settings)
        self.registry: ActorRegistry = load_actors(settings)
        self.stop_words = not_toponym_words()

    def __call__(self, analysis: Analysis, settings: Settings) -> list[PlaceMention]:
        """Stage: the place mentions of the document."""
        text = analysis.doc.text
        actors = self.registry.find(text)
        actor_spans = [(m.start, m.end) for m in actors]
        # bodies, people and armed groups own the place names inside them; a group named after its
        # home ('Armenians of Artsakh') still mentions the place
        non_state = [(m.start, m.end) for m in actors if m.kind not in _PLACE_KEEPING_KINDS]
        named = [(e.start, e.end) for e in analysis.entities if e.label in _NAME_LABELS]
        found: list[PlaceMention] = []
        table_spans: list[tuple[int, int]] = []
        for start, end, place_id in self.gazetteer.find(text):
            table_spans.append((start, end))
            surface = text[start:end]
            if surface in self.registry.capitals and self.registry.is_metonymy(text, start, end):
                continue
            if _inside(start, end, non_state) and (start, end) not in non_state:
                continue
            if self.gazetteer.is_generic(place_id) and _inside(start, end, named):
                continue
            if self._names_something_else(text, end):
                continue
            found.append(PlaceMention(start, end, surface, place_id))
        taken = table_spans + actor_spans
        for ent in analysis.entities:
            if (
                ent.label in _PLACE_LABELS
                and not _overlaps(ent.start, ent.end, taken)
                and self._toponym_like(ent)
            ):
                found.append(PlaceMention(ent.start, ent.end, ent.text, None))
                taken.append((ent.start, ent.end))
        found.sort(key=lambda m: (m.start, m.end))
        return found

    def _names_something_else(self, text: str, end: int) -> bool:
        # 'Madrid Principles', 'Shushi Declaration', 'Karabakh War': the place is part of a name
        following = _NEXT_WORD.match(text, end)
        return following is not None and following.group(1) in self.stop_words

    def _toponym_like(self, ent: Entity) -> bool:
        words = ent.text.split()
        if not words or not ent.text[0].isupper() or any(ch.isdigit() for ch in ent.text):
            return False
        if ent.text in self.registry.demonyms or any(w in self.stop_words for w in words):
            return False
        # acronyms such as 'EU' or 'NKR' are bodies more often than places
        return not (ent.text.isupper() and len(ent.text) <= 5)


def _factory(settings: Settings) -> StageFn:
    return PlaceFinder(settings)


STAGE = Stage(
    name="places",
    version="places.gazetteer.v1",
    requires=("sentences", "entities"),
    assigns="places",
    factory=_factory,
)
