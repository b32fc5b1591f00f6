"""The attribution cue lexicon (resources/attribution/cues.yaml) and the gate built from it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ConfigError
from ..model import Polarity
from ..ontology import noun_forms, verb_forms
from ..resources import load_yaml

_POLARITIES: tuple[Polarity, ...] = ("assert", "deny", "doubt")
# a short name or title line ending in a colon, at the start of a sentence: 'Donald Trump Jr: ...'
_LEAD = re.compile(r"(?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*:\s+\S")
_COLON = re.compile(r":\s*[“\"‘]")
_WORD = re.compile(r"[a-z]+(?:[’'][a-z]+)?")


@dataclass(frozen=True)
class VerbCue:
    """A verb lemma that attributes, with the particle it needs ('point out') and its polarity."""

    lemma: str
    particle: str | None
    polarity: Polarity


@dataclass(frozen=True)
class Lexicon:
    """The compiled cue lexicon."""

    verbs: dict[str, tuple[VerbCue, ...]]  # inflected form of the (first) word -> cues
    nouns: dict[str, Polarity]  # noun form -> polarity
    adjectives: dict[str, Polarity]
    prepositions: tuple[tuple[str, ...], ...]  # word sequences, e.g. ('according', 'to')
    addressee: frozenset[str]  # verb lemmas whose object is the hearer
    content_preps: frozenset[str]
    not_sources: frozenset[str]
    copulas: frozenset[str]  # forms of the verbs an adjective cue follows ('is confident that')
    light_verbs: frozenset[str]  # forms of the verbs whose subject owns a cue noun ('issued a statement')
    first_words: frozenset[str]  # the first words of the multi-word prepositions
    cue_words: frozenset[str]  # every word that can begin a cue (the rules look at no other)
    words: frozenset[str]  # the words that make a sentence worth parsing: the gate
    phrases: re.Pattern[str]  # the multi-word prepositions, for the gate

    def needs_parse(self, text: str, start: int, end: int, quotes: Sequence[tuple[int, int]] = ()) -> bool:
        """Whether ``text[start:end]`` holds a cue word, a colon before a quote or a 'Name:' lead.

        Words inside ``quotes`` (quoted passages, marks included) do not count: an attribution
        inside a quotation is the quoted speaker's, nested in the one that quotes them.
        """
        body = text[start:end]
        for q_start, q_end in quotes:
            # the marks stay: a colon before a quote is itself a cue
            if q_start + 1 < end and start < q_end - 1:
                a, b = max(q_start + 1, start) - start, min(q_end - 1, end) - start
                body = body[:a] + " " * (b - a) + body[b:]
        if not self.words.isdisjoint(_WORD.findall(body.lower())):
            return True
        return (
            any(p.search(body) is not None for p in (self.phrases, _COLON)) or _LEAD.match(body) is not None
        )


def _words(data: Any, key: str) -> dict[Polarity, list[str]]:
    section = data.get(key) or {}
    unknown = set(section) - set(_POLARITIES)
    if unknown:
        raise ConfigError(f"resources/attribution/cues.yaml: {key}: unknown polarity {sorted(unknown)}")
    return {p: [str(w).lower() for w in section.get(p) or []] for p in _POLARITIES}


def build_lexicon(data: Any) -> Lexicon:
    """A lexicon from the parsed cues.yaml."""
    irregular = {str(k): [str(f) for f in v] for k, v in (data.get("irregular") or {}).items()}
    verbs: dict[str, list[VerbCue]] = {}
    for polarity, lemmas in _words(data, "verbs").items():
        for lemma in lemmas:
            head, _, particle = lemma.partition(" ")
            cue = VerbCue(lemma, particle or None, polarity)
            for form in verb_forms(head) | {f.split()[0] for f in irregular.get(lemma, [])}:
                if cue not in verbs.setdefault(form, []):
                    verbs[form].append(cue)
    nouns = {form: p for p, ws in _words(data, "nouns").items() for w in ws for form in noun_forms(w)}
    adjectives = {w: p for p, ws in _words(data, "adjectives").items() for w in ws}
    prepositions = tuple(tuple(str(p).lower().split()) for p in data.get("prepositions") or [])
    weak = {str(w).lower() for w in data.get("weak_forms") or []}
    no_gate = {str(w).lower() for w in data.get("no_gate") or []}
    return Lexicon(
        verbs={form: tuple(cues) for form, cues in verbs.items()},
        nouns=nouns,
        adjectives=adjectives,
        prepositions=prepositions,
        addressee=frozenset(str(w) for w in data.get("addressee") or []),
        content_preps=frozenset(str(w) for w in data.get("content_preps") or []),
        not_sources=frozenset(str(w).lower() for w in data.get("not_sources") or []),
        copulas=frozenset(str(w).lower() for w in data.get("copulas") or []),
        light_verbs=frozenset(
            form
            for lemma in data.get("light_verbs") or []
            for form in verb_forms(str(lemma)) | set(irregular.get(str(lemma), []))
        ),
        first_words=frozenset(p[0] for p in prepositions),
        cue_words=frozenset(set(verbs) | set(nouns) | set(adjectives) | {p[0] for p in prepositions}),
        words=frozenset((set(verbs) - weak | set(nouns)) - no_gate),
        phrases=re.compile(
            r"\b(?:" + "|".join(r"\s+".join(map(re.escape, p)) for p in prepositions) + r")\b", re.IGNORECASE
        ),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The built-in cue lexicon (cached)."""
    return build_lexicon(load_yaml("attribution", "cues.yaml"))
