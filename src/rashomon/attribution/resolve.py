"""Attributions across a document: pronoun sources, actors, nesting, and the chain over a trigger."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import ActorMention, Attribution, Entity

# which named entities a pronoun may refer to
_PERSONAL = frozenset({"he", "she", "him", "her"})
_NEUTER = frozenset({"it"})
_PLURAL = frozenset({"they", "them"})
_PERSON = frozenset({"PERSON"})
_BODY = frozenset({"ORG", "GPE", "NORP"})
# how far back (characters) a pronoun's referent is looked for: a few paragraphs of news prose
_REACH = 1500


def is_pronoun(source: str) -> bool:
    """Whether a source is a third-person pronoun that refers back to someone named."""
    return source.lower() in _PERSONAL | _NEUTER | _PLURAL


def _labels(pronoun: str) -> frozenset[str]:
    word = pronoun.lower()
    if word in _PERSONAL:
        return _PERSON
    if word in _NEUTER:
        return _BODY
    return _PERSON | _BODY


def resolve_pronouns(attributions: list[Attribution], entities: list[Entity]) -> list[Attribution]:
    """A pronoun source names the nearest compatible named source before it.

    Candidates are the sources of earlier attributions that are not pronouns themselves and the
    named entities of a compatible kind ('he'/'she': a person; 'it': an organisation, country or
    group; 'they': either); the nearest one before the pronoun, within a few paragraphs, wins.
    """
    named = [
        (a.source_start, a.source_end, a.source, _entity_label(a, entities))
        for a in attributions
        if a.source and not is_pronoun(a.source)
    ]
    named += [(e.start, e.end, e.text, e.label) for e in entities if e.label in _PERSON | _BODY]
    out: list[Attribution] = []
    for attr in attributions:
        if not is_pronoun(attr.source):
            out.append(attr)
            continue
        labels = _labels(attr.source)
        before = [
            n
            for n in named
            if n[1] <= attr.source_start and attr.source_start - n[1] <= _REACH and n[3] in labels
        ]
        if not before:
            out.append(attr)
            continue
        start, end, name, _ = max(before, key=lambda n: n[1])
        out.append(replace(attr, resolved=name, resolved_start=start, resolved_end=end))
    return out


def _entity_label(attr: Attribution, entities: list[Entity]) -> str | None:
    """The label of the named entity inside a source ('Rep. Jane Doe' holds a PERSON)."""
    for e in entities:
        if attr.source_start <= e.start and e.end <= attr.source_end and e.label in _PERSON | _BODY:
            return e.label
    return None


def resolve_actors(attributions: list[Attribution], actors: list[ActorMention]) -> list[Attribution]:
    """The actor id of each source (or of the name a pronoun refers to), when an actor lies inside it."""
    out: list[Attribution] = []
    for attr in attributions:
        start, end = attr.source_start, attr.source_end
        if attr.resolved_start is not None and attr.resolved_end is not None:
            start, end = attr.resolved_start, attr.resolved_end
        actor = next((a.actor for a in actors if a.actor and start <= a.start and a.end <= end), None)
        out.append(replace(attr, actor=actor) if actor else attr)
    return out


def quotations(text: str) -> list[tuple[int, int]]:
    """The quoted passages of a text, quote marks included; a quotation may run over sentences.

    Curly marks pair up as opened and closed; straight double quotes alternate within a paragraph.
    A quotation never runs past its paragraph: news prose leaves a quote open at the end of a
    paragraph when the next one goes on quoting, so an unclosed quote runs to its paragraph's end.
    """
    found: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        opened: int | None = None
        straight: int | None = None
        for m in re.finditer(r"[“”\"]", line.group()):
            at = line.start() + m.start()
            if m.group() == "“":
                opened = at
            elif m.group() == "”" and opened is not None:
                found.append((opened, at + 1))
                opened = None
            elif m.group() == '"':
                if straight is None:
                    straight = at
                else:
                    found.append((straight, at + 1))
                    straight = None
        for left in (opened, straight):
            if left is not None:
                found.append((left, line.end()))
    return sorted(found)


def widen_to_quotations(attributions: list[Attribution], quotes: list[tuple[int, int]]) -> list[Attribution]:
    """A content that begins or ends inside a quotation takes the whole quotation ('“A. B,” she said')."""
    out: list[Attribution] = []
    for attr in attributions:
        start, end = attr.content_start, attr.content_end
        if start is None or end is None:
            out.append(attr)
            continue
        for q_start, q_end in quotes:
            touches = q_start < end and start < q_end and (q_start < start or q_end > end)
            # only quotations the content touches at an edge, never the source's own words
            if touches and not (q_start < attr.source_end and attr.source_start < q_end):
                start, end = min(start, q_start), max(end, q_end)
        out.append(
            replace(attr, content_start=start, content_end=end)
            if (start, end) != (attr.content_start, attr.content_end)
            else attr
        )
    return out


def _holds(outer: Attribution, offset: int) -> bool:
    return (
        outer.content_start is not None
        and outer.content_end is not None
        and (outer.content_start <= offset < outer.content_end)
    )


def nest(attributions: list[Attribution]) -> list[Attribution]:
    """Each attribution's parent: the one with the narrowest content that holds its cue."""
    out: list[Attribution] = []
    for attr in attributions:
        holders = [
            (o.content_end - o.content_start, i)  # type: ignore[operator]
            for i, o in enumerate(attributions)
            if o is not attr and _holds(o, attr.cue_start) and not _holds(attr, o.cue_start)
        ]
        out.append(replace(attr, parent=min(holders)[1]) if holders else attr)
    return out


def chain(attributions: list[Attribution], start: int, end: int) -> tuple[Attribution, ...]:
    """The attributions whose content holds the span ``start:end``, outermost first.

    A trigger that is itself a cue ('X accused Y') is given that cue's attribution: the event is the
    saying, and the chain says who said it.
    """
    holding = [a for a in attributions if _holds(a, start) and _holds(a, max(start, end - 1))]
    if not holding:
        own = [a for a in attributions if a.cue_start <= start < a.cue_end]
        holding = own[:1]
    return tuple(sorted(holding, key=lambda a: (a.content_end or 0) - (a.content_start or 0), reverse=True))
