"""Toponyms: gazetteer matches (curated names first, GeoNames as fallback) plus unresolved NER places.

A capital that stands for its government ("official Baku refused") is left to the actors stage, and
a name inside a longer actor name ("OSCE Minsk Group", "Republic of Artsakh") is not a place here.
spaCy GPE/LOC/FAC entities the tables miss are kept with ``place=None`` when they look like toponyms.

A name with several candidates ("Alexandria", "Georgia", "Paris") is resolved with the document as
context: the countries and US states its unambiguous names point to, a state or country right after
it ("Alexandria, La."), and population as the prior. A small town or an alternate spelling is only
read where the document already points to its country (and US state); otherwise the name is left to
the NER fallback, which keeps it unresolved with its text rather than guess a place elsewhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from ..actors import ActorRegistry, load_actors
from ..gazetteer import Candidate, Gazetteer, load_gazetteer, not_toponym_words, unit_words
from ..model import Analysis, Entity, PlaceMention
from ..settings import Settings
from . import Stage, StageFn

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# a GeoNames-only name inside a person's or organisation's name is part of that name ('Antony Blinken')
_NAME_LABELS = frozenset({"PERSON", "ORG"})
_PLACE_KEEPING_KINDS = frozenset({"state", "group", None})
_NEXT_WORD = re.compile(r"[\s‘’'\"“”]*([A-Z][a-z]+)")
# a dateline in capitals ('ATLANTA -', 'ST. LOUIS, Mo. —') is read as the title-cased name
_DATELINE = re.compile(
    r"\b[A-Z][A-Z.'’-]*[A-Z]\b(?:[ ][A-Z][A-Z.'’-]*[A-Z]\b)*(?=(?:,[ ][A-Z][A-Za-z.]+)?[ ]*(?:—|–|--?)[ ])"
)
# the words right after a place name, past quotes ('Azov regiment', "'Aidar' Battalion"); the word before
_WORDS_AFTER = re.compile(r"[\s‘’'\"“”]*([A-Za-z]+)(?:[ ]([A-Z][A-Za-z']*))?(?:[ ]([A-Z][A-Za-z']*))?")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s‘’'\"“”]*$")
_QUALIFIER_GAP = re.compile(r",[ \t]*")  # 'Alexandria, La.': a state or country right after a place
# scoring of a candidate (log10 population is the prior, about 3 to 7)
_CURATED_PRIOR = 8.0
_COUNTRY_WEIGHT = 2.5  # times the share of the document's evidence pointing to the country
_NEIGHBOUR_SHARE = 0.5  # a neighbouring country's evidence counts this much
_EVIDENCE_SATURATION = 3.0  # this much evidence makes the country weight count in full
_ADMIN1_BONUS = 1.5  # the document names the US state or another place in it
_QUALIFIER_BONUS = 10.0


class _Context:
    """The countries and US states a document's unambiguous place names point to."""

    def __init__(
        self, matches: Sequence[tuple[int, int, tuple[Candidate, ...]]], gazetteer: Gazetteer
    ) -> None:
        self.countries: Counter[str] = Counter()
        self.admin1: Counter[str] = Counter()
        self.neighbours = gazetteer.neighbours
        for _, _, cands in matches:
            usable = [c for c in cands if not c.needs_support and c.kind != "abbrev"]
            countries = {c.country for c in usable}
            if len(countries) == 1 and "" not in countries:
                self.countries[countries.pop()] += 1
            admin1 = {c.admin1 for c in usable}
            if len(admin1) == 1 and "" not in admin1:
                self.admin1[admin1.pop()] += 1
        self.total = sum(self.countries.values())

    def country_support(self, country: str) -> float:
        """Evidence for a country, its neighbours counting half."""
        near = sum(self.countries[n] for n in self.neighbours.get(country, ()))
        return self.countries[country] + _NEIGHBOUR_SHARE * near

    def score(self, cand: Candidate, qualifier: Candidate | None) -> float | None:
        """How well a candidate fits the document; None when it may not be chosen at all."""
        if cand.kind == "abbrev":
            return None
        supported = self.country_support(cand.country) > 0
        in_state = bool(cand.admin1) and self.admin1[cand.admin1] > 0
        fits = qualifier is not None and (
            (qualifier.kind in {"admin1", "abbrev"} and qualifier.admin1 == cand.admin1)
            or (qualifier.kind in {"country", "curated"} and qualifier.country == cand.country)
        )
        if cand.needs_support and not fits and not (supported and (cand.country != "US" or in_state)):
            return None
        prior = _CURATED_PRIOR if cand.kind == "curated" else math.log10(max(cand.population, 1000))
        share = self.country_support(cand.country) / self.total if self.total else 0.0
        weight = min(1.0, self.total / _EVIDENCE_SATURATION)
        return (
            prior
            + _COUNTRY_WEIGHT * share * weight
            + (_ADMIN1_BONUS if in_state else 0.0)
            + (_QUALIFIER_BONUS if fits else 0.0)
        )

    def choose(self, cands: Sequence[Candidate], qualifier: Candidate | None) -> Candidate | None:
        """The best-fitting candidate, or None when none may be chosen."""
        best: tuple[float, Candidate] | None = None
        for cand in cands:
            score = self.score(cand, qualifier)
            if score is not None and (best is None or score > best[0]):
                best = (score, cand)
        return best[1] if best else None


def _datelines_title_cased(text: str) -> str:
    # same length, so offsets into the copy are offsets into the text
    return _DATELINE.sub(lambda m: m.group(0).title(), text)


def _qualifier(
    text: str, end: int, following: tuple[int, int, tuple[Candidate, ...]] | None
) -> Candidate | None:
    """The state or country named right after a place ('Alexandria, La.'), if any."""
    if following is None:
        return None
    gap = _QUALIFIER_GAP.fullmatch(text, end, following[0])
    if gap is None:
        return None
    return next((c for c in following[2] if c.kind in {"admin1", "abbrev", "country"}), None)


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
        self.unit_words, self.organisation_words = unit_words()

    def __call__(self, analysis: Analysis, settings: Settings) -> list[PlaceMention]:
        """Stage: the place mentions of the document."""
        text = analysis.doc.text
        actors = self.registry.find(text)
        actor_spans = [(m.start, m.end) for m in actors]
        # bodies, people and armed groups own the place names inside them; a group named after its
        # home ('Armenians of Artsakh') still mentions the place
        non_state = [(m.start, m.end) for m in actors if m.kind not in _PLACE_KEEPING_KINDS]
        named = [(e.start, e.end) for e in analysis.entities if e.label in _NAME_LABELS]
        # words of multi-word person names: 'Moore' after 'Tom Moore' is the man, not Moore, Oklahoma
        person_words = {w for e in analysis.entities if e.label == "PERSON" for w in e.text.split()[1:]}
        found: list[PlaceMention] = []
        table_spans: list[tuple[int, int]] = []
        matches = self.gazetteer.find_candidates(_datelines_title_cased(text))
        context = _Context(matches, self.gazetteer)
        qualifiers = [
            _qualifier(text, m[1], matches[i + 1] if i + 1 < len(matches) else None)
            for i, m in enumerate(matches)
        ]
        for i, (start, end, cands) in enumerate(matches):
            surface = text[start:end]
            before = qualifiers[i - 1] if i else None
            if before is not None and any(c.kind in {"abbrev", "admin1", "country"} for c in cands):
                # the qualifier itself: the state or country it names
                choice: Candidate | None = before
            else:
                choice = context.choose(cands, qualifiers[i])
            if choice is None:
                continue
            place_id = choice.place_id
            table_spans.append((start, end))
            if surface in self.registry.capitals and self.registry.is_metonymy(text, start, end):
                continue
            if _inside(start, end, non_state) and (start, end) not in non_state:
                continue
            if self.gazetteer.is_generic(place_id) and (
                self._inside_a_name(start, end, named, choice, context) or surface in person_words
            ):
                continue
            if self._names_something_else(text, end) or self.part_of_a_unit(text, start, end):
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

    @staticmethod
    def _inside_a_name(
        start: int, end: int, named: list[tuple[int, int]], choice: Candidate, context: _Context
    ) -> bool:
        # 'Antony Blinken': a place name inside a longer person or body name is part of that name; a
        # bare name the small model calls a person ('Alexandria woman charged') stays a place where
        # the document points to its country
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in named):
            return True
        return (start, end) in named and context.country_support(choice.country) == 0

    def _names_something_else(self, text: str, end: int) -> bool:
        # 'Madrid Principles', 'Shushi Declaration', 'Karabakh War': the place is part of a name
        following = _NEXT_WORD.match(text, end)
        return following is not None and following.group(1) in self.stop_words

    def part_of_a_unit(self, text: str, start: int, end: int) -> bool:
        """True when the name at text[start:end] is part of a unit's or organisation's name (issue 10).

        'the Azov regiment', 'Regiment Azov', 'Karabakh Liberation Organisation': a unit word right
        before or after the name, or an organisation word among the capitalised words after it.
        """
        after = _WORDS_AFTER.match(text, end)
        if after is not None:
            if after.group(1).lower() in self.unit_words:
                return True
            run = []
            for word in after.groups():
                if word is None or not word[0].isupper():
                    break
                run.append(word)
            if any(w in self.organisation_words for w in run):
                return True
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        return before is not None and before.group(1).lower() in self.unit_words

    def _toponym_like(self, ent: Entity) -> bool:
        words = ent.text.split()
        if not words or not ent.text[0].isupper() or any(ch.isdigit() for ch in ent.text):
            return False
        if ent.text in self.registry.demonyms or any(w in self.stop_words for w in words):
            return False
        if any(w.lower() in self.unit_words or w in self.organisation_words for w in words[1:]):
            return False  # 'Azov Regiment', 'Karabakh Liberation Organisation' as one entity
        # acronyms such as 'EU' or 'NKR' are bodies more often than places
        return not (ent.text.isupper() and len(ent.text) <= 5)


def _factory(settings: Settings) -> StageFn:
    return PlaceFinder(settings)


STAGE = Stage(
    name="places",
    version="places.gazetteer.v4",  # v4: joined-article spellings ('Deir Ezzor')
    requires=("entities",),
    assigns="places",
    factory=_factory,
    resources=("places", "geonames", "actors"),
)
