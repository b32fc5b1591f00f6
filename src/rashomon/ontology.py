"""The event ontology: types, their PLOVER category, and the trigger words that signal them.

Built from resources/ontology/ontology.yaml plus the user's files (settings.ontology_files). The
compiled ontology is one case-insensitive alternation over every inflected trigger form, so finding
candidate sentences costs a single regular-expression scan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from .errors import ConfigError
from .keys import user_files_digest
from .resources import load_yaml, parse_yaml
from .settings import Settings

TriggerKind = Literal["verb", "noun", "any", "phrase"]


@dataclass(frozen=True)
class TriggerGroup:
    """Trigger forms that share a context condition."""

    forms: dict[str, TriggerKind]  # lower-cased surface form -> part of speech it must have
    context: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    near: int | None = None  # words either side of the trigger the conditions look at; None: the sentence
    group: str = ""  # '<type>.<n>': two words of one group in one sentence tell one event
    sense: str = ""  # words of one named sense ('kill', 'murder', 'slay'): alignment reads them as synonyms

    def allows(self, sentence: str, start: int, end: int) -> bool:
        """Whether the conditions hold around the trigger at ``start:end`` of ``sentence``."""
        scope = sentence
        if self.near is not None:
            before = sentence[:start].split()[-self.near :]
            after = sentence[end:].split()[: self.near]
            scope = " ".join([*before, sentence[start:end], *after])
        if self.context is not None and not self.context.search(scope):
            return False
        return self.unless is None or not self.unless.search(scope)


@dataclass(frozen=True)
class EventType:
    """One type of the ontology."""

    name: str
    plover: str | None
    family: str
    thread: str  # types of one thread share a story's date (a deal's release and its handover)
    roles: tuple[str, ...]
    triggers: tuple[TriggerGroup, ...]
    part_of: tuple[str, ...] = ()  # types an event of this type can be a part of
    linked: tuple[str, ...] = ()  # types an event of this type can go with


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger form found in a sentence, with the type and part of speech it stands for."""

    start: int
    end: int
    text: str
    type: str
    kind: TriggerKind


_VOWELS = "aeiou"


def _vowel_groups(word: str) -> int:
    return len(re.findall(r"[aeiouy]+", word))


def verb_forms(lemma: str) -> set[str]:
    """Regular inflections of a verb (the first word of a phrasal verb inflects)."""
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith(("s", "x", "z", "ch", "sh")):
        third = head + "es"
    elif head.endswith("y") and head[-2:-1] not in _VOWELS:
        third = head[:-1] + "ies"
    else:
        third = head + "s"
    short = _vowel_groups(head) == 1 and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", head) is not None
    if head.endswith("e"):
        past, ing = head + "d", (head[:-2] + "ying" if head.endswith("ie") else head[:-1] + "ing")
        if head.endswith("ee"):
            ing = head + "ing"
    elif head.endswith("y") and head[-2:-1] not in _VOWELS:
        past, ing = head[:-1] + "ied", head + "ing"
    elif short:
        past, ing = head + head[-1] + "ed", head + head[-1] + "ing"
    else:
        past, ing = head + "ed", head + "ing"
    return {f"{w}{tail}" for w in (head, third, past, ing)}


def noun_forms(lemma: str) -> set[str]:
    """A noun and its regular plural (the last word of a compound inflects)."""
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        plural = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        plural = lemma[:-1] + "ies"
    else:
        plural = lemma + "s"
    return {lemma, plural}


def _pattern(value: Any, contexts: dict[str, str], origin: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    try:
        return re.compile(contexts.get(str(value), str(value)))
    except re.error as exc:
        raise ConfigError(f"{origin}: bad pattern {value!r}: {exc}") from exc


class Ontology:
    """The compiled ontology."""

    def __init__(self, types: dict[str, EventType]) -> None:
        self.types = types
        forms = {form for t in types.values() for g in t.triggers for form in g.forms}
        alternation = "|".join(
            r"[\s-]+".join(map(re.escape, f.split())) for f in sorted(forms, key=len, reverse=True)
        )
        self._matcher = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)

    def plover(self, type_name: str) -> str | None:
        """The PLOVER category of a type (None for user types without one)."""
        event_type = self.types.get(type_name)
        return event_type.plover if event_type else None

    def relation(self, a: str, b: str) -> str | None:
        """How events of types ``a`` and ``b`` may relate: 'part_of' (a is a part of b), 'has_part',
        'linked', or None."""
        ta, tb = self.types.get(a), self.types.get(b)
        if ta is not None and b in ta.part_of:
            return "part_of"
        if tb is not None and a in tb.part_of:
            return "has_part"
        if (ta is not None and b in ta.linked) or (tb is not None and a in tb.linked):
            return "linked"
        return None

    def thread(self, type_name: str) -> str:
        """The thread of a type: an undated mention takes the date of a dated one of its thread."""
        event_type = self.types.get(type_name)
        return event_type.thread if event_type else type_name

    def family(self, type_name: str) -> str:
        """The family of a type: types of one family may report the same real event."""
        event_type = self.types.get(type_name)
        return event_type.family if event_type else type_name

    def group(self, type_name: str, trigger: str) -> str | None:
        """The trigger group of a trigger word of a type, None when the type lacks it."""
        event_type = self.types.get(type_name)
        form = " ".join(trigger.lower().replace("-", " ").split())
        for group in event_type.triggers if event_type else ():
            if form in group.forms:
                return group.group
        return None

    def sense(self, type_name: str, trigger: str) -> str | None:
        """The named sense of a trigger word of a type, None when its group names none."""
        event_type = self.types.get(type_name)
        form = " ".join(trigger.lower().replace("-", " ").split())
        for group in event_type.triggers if event_type else ():
            if form in group.forms:
                return group.sense or None
        return None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[TriggerMatch]:
        """Trigger forms in ``text[start:end]`` whose context conditions hold in that span."""
        end = len(text) if end is None else end
        sentence = text[start:end]
        found: list[TriggerMatch] = []
        for match in self._matcher.finditer(text, start, end):
            form = " ".join(match.group().lower().replace("-", " ").split())
            for event_type in self.types.values():
                for group in event_type.triggers:
                    kind = group.forms.get(form)
                    if kind and group.allows(sentence, match.start() - start, match.end() - start):
                        found.append(
                            TriggerMatch(match.start(), match.end(), match.group(), event_type.name, kind)
                        )
        return found


def _types(
    data: Any, origin: str, contexts: dict[str, str], irregular: dict[str, list[str]]
) -> dict[str, EventType]:
    types: dict[str, EventType] = {}
    try:
        for name, entry in (data.get("types") or {}).items():
            groups = []
            for n, group in enumerate(entry.get("triggers") or []):
                forms: dict[str, TriggerKind] = {}
                for lemma in group.get("verbs") or []:
                    lemma = str(lemma).lower()
                    for form in verb_forms(lemma) | set(irregular.get(lemma, [])):
                        forms[form] = "verb"
                for lemma in group.get("nouns") or []:
                    for form in noun_forms(str(lemma).lower()):
                        forms[form] = "any" if forms.get(form) == "verb" else "noun"
                for phrase in group.get("phrases") or []:
                    forms[" ".join(str(phrase).lower().replace("-", " ").split())] = "phrase"
                # a form written with a hyphen is matched with or without it
                forms = {" ".join(f.replace("-", " ").split()): k for f, k in forms.items()}
                groups.append(
                    TriggerGroup(
                        forms=forms,
                        context=_pattern(group.get("context"), contexts, origin),
                        unless=_pattern(group.get("unless"), contexts, origin),
                        near=int(group["near"]) if group.get("near") is not None else None,
                        group=f"{name}.{n}",
                        sense=str(group.get("sense") or ""),
                    )
                )
            types[str(name)] = EventType(
                name=str(name),
                plover=entry.get("plover"),
                family=str(entry.get("family") or name),
                thread=str(entry.get("thread") or entry.get("family") or name),
                part_of=tuple(str(t) for t in entry.get("part_of") or ()),
                linked=tuple(str(t) for t in entry.get("linked") or ()),
                roles=tuple(entry.get("roles") or ()),
                triggers=tuple(groups),
            )
    except (AttributeError, TypeError) as exc:
        raise ConfigError(f"{origin}: malformed ontology: {exc}") from exc
    return types


def build_ontology(documents: list[tuple[str, Any]]) -> Ontology:
    """An ontology from parsed YAML documents, later ones overriding earlier types."""
    contexts: dict[str, str] = {}
    irregular: dict[str, list[str]] = {}
    for _, data in documents:
        if not isinstance(data, dict):
            continue
        contexts.update({str(k): str(v) for k, v in (data.get("contexts") or {}).items()})
        irregular.update({str(k): [str(f) for f in v] for k, v in (data.get("irregular") or {}).items()})
    types: dict[str, EventType] = {}
    for origin, data in documents:
        if not isinstance(data, dict):
            raise ConfigError(f"{origin}: an ontology file must be a mapping with a 'types' key")
        types.update(_types(data, origin, contexts, irregular))
    return Ontology(types)


@lru_cache(maxsize=4)
def _load(files: tuple[str, ...], digest: str = "") -> Ontology:
    documents: list[tuple[str, Any]] = [
        ("resources/ontology/ontology.yaml", load_yaml("ontology", "ontology.yaml"))
    ]
    for path in files:
        try:
            documents.append((path, parse_yaml(Path(path).read_text("utf-8"))))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read ontology: {exc}") from exc
    return build_ontology(documents)


def load_ontology(settings: Settings) -> Ontology:
    """The built-in ontology with the user's ontology files layered on top (cached)."""
    files = tuple(settings.ontology_files)
    # keyed by the files' contents too: an edited file is read again, even in the same process
    return _load(files, user_files_digest(files))
