"""What sources claim about an event beyond its figures: who mediated, what was given in return, and
whether it happened at all (asserted or denied), read off the mentions and their own sentences."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..model import Document, EventMention, Slot, SlotValue
from ..resources import load_yaml
from .facts import name_word

# words a denial may reach over to its event word: 'denied that its artillery had shelled'
_DENIAL_REACH = 6
_WORD = re.compile(r"[\w'’-]+")
_CLAUSE_END = re.compile(r"[,;:()“”\"]")
_EXCHANGE_TYPES = frozenset({"prisoner_exchange", "release", "handover"})


@dataclass(frozen=True)
class Cues:
    """The word lists of resources/compare, compiled."""

    categories: Mapping[str, str]
    revision: re.Pattern[str]
    in_return: re.Pattern[str]
    in_return_verbs: re.Pattern[str]
    phrase_end: frozenset[str]
    determiners: frozenset[str]
    no_exchange: re.Pattern[str]
    no_mediator: re.Pattern[str]
    denial: re.Pattern[str]
    vague: frozenset[str]  # vague plurals of the counts stage ('dozens'): lower bounds


def alternation(words: Iterable[Any]) -> re.Pattern[str]:
    """A case-insensitive pattern for whole words or phrases, longest first."""
    ordered = sorted((str(w) for w in words), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w'’-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The comparison's word lists (resources/compare) and the denial cues of resources/modality."""
    categories: Any = load_yaml("compare", "categories.yaml")
    data: Any = load_yaml("compare", "cues.yaml")
    modality: Any = load_yaml("modality", "cues.yaml")
    numbers: Any = load_yaml("counts", "numbers.yaml")
    return Cues(
        categories={str(k): str(v) for k, v in categories["categories"].items()},
        revision=alternation(data["revision"]),
        in_return=alternation(data["in_return_before"]),
        in_return_verbs=alternation(data["in_return_verbs"]),
        phrase_end=frozenset(str(w).lower() for w in data["phrase_end"]),
        determiners=frozenset(str(w).lower() for w in data["determiners"]),
        no_exchange=alternation(data["no_exchange"]),
        no_mediator=alternation(data["no_mediator"]),
        denial=alternation(modality["denied"]),
        vague=frozenset(str(k).lower() for k in numbers["vague"]),
    )


def _sentence(m: EventMention, docs: Mapping[str, Document]) -> str:
    doc = docs.get(m.doc)
    return doc.text[m.sentence_start : m.sentence_end] if doc else ""


# -- who mediated -----------------------------------------------------------------------------------


def mediator_slot(mentions: list[EventMention], docs: Mapping[str, Document], cues: Cues) -> Slot:
    """Who mediated: the mentions' mediators, or 'none' where the sentence says there was none."""
    values = []
    for m in mentions:
        for arg in m.actors:
            if arg.role == "mediator":
                values.append(
                    SlotValue(m.doc, m.id, arg.ref or "~" + arg.text.lower(), arg.text, arg.start, arg.end)
                )
        text = _sentence(m, docs)
        for match in cues.no_mediator.finditer(text):
            start = m.sentence_start + match.start()
            values.append(SlotValue(m.doc, m.id, "none", match.group(), start, start + len(match.group())))
    return Slot("mediator", "mediator", "who mediated", values=_all_kept(values))


def _all_kept(values: list[SlotValue]) -> tuple[SlotValue, ...]:
    """Every value once (a document may name several mediators: all of them are its value)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for v in values:
        if (v.doc, v.value) not in seen:
            seen.add((v.doc, v.value))
            out.append(v)
    return tuple(out)


# -- what was given in return -----------------------------------------------------------------------


def thing_after(text: str, pos: int, cues: Cues) -> tuple[str, int, int] | None:
    """The head noun of the phrase starting at ``pos`` ('a map detailing ...' -> 'map'), with the span
    of the phrase; None when no noun follows."""
    words: list[re.Match[str]] = []
    for match in _WORD.finditer(text, pos):
        gap = text[pos if not words else words[-1].end() : match.start()]
        if any(ch in gap for ch in ",.;:()!?\n") or len(words) >= 4:
            break
        low = match.group().lower()
        if low in cues.phrase_end:
            break
        if not words and low in cues.determiners:
            pos = match.end()
            continue
        words.append(match)
    if not words:
        return None
    head = words[-1].group().lower()
    for suffix, repl in (("ies", "y"), ("men", "man"), ("s", "")):
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            head = head[: -len(suffix)] + repl
            break
    return head, words[0].start(), words[-1].end()


def _given(text: str, offset: int, cues: Cues) -> list[tuple[str, int, int]]:
    """Things given in return in one sentence: 'in exchange for X', or 'In return, Y received X'."""
    found = []
    for match in cues.in_return.finditer(text):
        rest = text[match.end() :]
        if match.group().lower().endswith(" for"):
            thing = thing_after(text, match.end(), cues)
        elif rest.lstrip().startswith(","):
            verb = cues.in_return_verbs.search(text, match.end())
            thing = thing_after(text, verb.end(), cues) if verb else None
        else:
            thing = None
        if thing is not None:
            found.append((thing[0], offset + thing[1], offset + thing[2]))
    return found


def in_return_slot(
    mentions: list[EventMention],
    docs: Mapping[str, Document],
    cues: Cues,
    neighbours: Mapping[str, Sequence[EventMention]],
) -> Slot:
    """What was given in return, from the mention's sentence and a next sentence that starts 'In return';
    'no exchange' where the source says it was none (in words, or by denying the exchange)."""
    values = []
    for m in mentions:
        if m.type not in _EXCHANGE_TYPES:
            continue
        doc = docs.get(m.doc)
        if doc is None:
            continue
        text = doc.text
        sentences = [(m.sentence_start, m.sentence_end)]
        following = re.match(r"\s*(?=In (?:return|exchange)\b)", text[m.sentence_end :])
        if following is not None:
            start = m.sentence_end + following.end()
            stop = text.find(".", start)
            sentences.append((start, stop if stop > 0 else len(text)))
        for lo, hi in sentences:
            for thing, start, end in _given(text[lo:hi], lo, cues):
                values.append(SlotValue(m.doc, m.id, thing, text[start:end], start, end))
        for match in cues.no_exchange.finditer(text, m.sentence_start, m.sentence_end):
            values.append(SlotValue(m.doc, m.id, "no exchange", match.group(), match.start(), match.end()))
        if m.type == "prisoner_exchange" and own_denial(m, docs, cues, neighbours):
            values.append(SlotValue(m.doc, m.id, "no exchange", m.trigger, m.trigger_start, m.trigger_end))
    return Slot("in_return", "in_return", "what was given in return", values=_all_kept(values))


# -- whether it happened ----------------------------------------------------------------------------


def own_denial(
    m: EventMention,
    docs: Mapping[str, Document],
    cues: Cues,
    neighbours: Mapping[str, Sequence[EventMention]],
) -> bool:
    """A denied mention whose denial is its own: the cue lies a few words before its trigger, in its
    clause, with no other event word between ('not having released all ... despite several exchanges'
    denies the release, not the exchanges)."""
    if m.modality != "denied":
        return False
    doc = docs.get(m.doc)
    if doc is None:
        return False
    before = doc.text[m.sentence_start : m.trigger_start]
    cues_found = list(cues.denial.finditer(before))
    if not cues_found:
        return False
    cue_end = m.sentence_start + cues_found[-1].end()
    between = doc.text[cue_end : m.trigger_start]
    if _CLAUSE_END.search(between) or len(_WORD.findall(between)) > _DENIAL_REACH:
        return False
    return not any(
        o.id != m.id and o.sentence_start == m.sentence_start and cue_end <= o.trigger_start < m.trigger_start
        for o in neighbours.get(m.doc, ())
    )


def claim_slots(
    mentions: list[EventMention],
    docs: Mapping[str, Document],
    names: Mapping[str, str],
    sides: Mapping[str, str],
    neighbours: Mapping[str, Sequence[EventMention]],
) -> list[Slot]:
    """Whether it happened, per agent ('Ostrakani artillery shelled' against 'denied that Ostrakani
    artillery had shelled'): 'asserted' where a document says so, else 'denied' where it denies it."""
    cues = load_cues()
    by_agent: dict[str, list[SlotValue]] = defaultdict(list)
    for m in mentions:
        if m.modality in {"asserted", "reported"}:
            value = "asserted"
        elif own_denial(m, docs, cues, neighbours):
            value = "denied"
        else:
            continue
        agents = [a.ref or name_word(a.text) for a in m.actors if a.role == "agent"] or [""]
        for agent in dict.fromkeys(sides.get(a, a) for a in agents):
            by_agent[agent].append(SlotValue(m.doc, m.id, value, m.trigger, m.trigger_start, m.trigger_end))
    slots = []
    for agent, values in sorted(by_agent.items()):
        if not agent:
            continue  # 'it did not happen' with no one named says too little to oppose an account
        asserted = {v.doc for v in values if v.value == "asserted"}
        kept: dict[tuple[str, str], SlotValue] = {}
        for v in values:
            kept.setdefault((v.doc, v.value), v)
        # a document that asserts it and also denies it elsewhere keeps the denial as its own detail
        out = tuple(replace(v, detail=v.value == "denied" and v.doc in asserted) for v in kept.values())
        who = agent[1:].capitalize() if agent.startswith("~") else names.get(agent, agent)
        what = "whether it happened" + (f" (acts of {who})" if who else "")
        slots.append(Slot(f"claim:{agent}", "claim", what, side=agent or None, values=out))
    return slots
