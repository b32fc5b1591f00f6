"""Discrepancies: two documents giving incompatible values for the same slot of one event.

Each document's value of a slot (see slots.py) is compared with every other document's; values that
can both be true are not shown. What is shown has its relation, in plain words, and one neutral
sentence in the tool's own voice:

- count: a *contradiction* (figures that cannot both be right), a *part vs whole* ('13 of the 24'
  against '24'), an *update* (a later report of a rising toll, or a figure given with a revision cue:
  'the toll rose to'); an approximation that covers the other figure ('more than 100' and '120') is
  compatible, and a document that also gives the other's figure is not in disagreement with it;
- date: only dates written in the mention's own sentence, and only when they do not overlap;
- label: the same group put in different categories (combatant, civilian, criminal or terrorist,
  hostage, detainee); other differences of wording are variants and stay in the slot;
- place name: names of one place used by different sides, never spelling or official forms;
- claim: one source asserts what another denies (it happened / it did not; an exchange for something
  / no exchange), and sources naming different mediators.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any, Literal

from ..model import Discrepancy, DiscrepancyValue, Document, Place, Relation, Slot, SlotValue, TimeValue
from .claims import load_cues
from .dates import gap_days, interval
from .slots import PERSON
from .toll import TOLLS

Linked = Callable[[str, str, str], bool]
Tolls = Mapping[str, Mapping[str, frozenset[float]]]
_KIND: dict[Relation, Literal["contradiction", "update", "framing", "variant"]] = {
    "contradiction": "contradiction",
    "update": "update",
    "part_whole": "variant",  # the contract has no kind for it: both figures can stand
    "framing": "framing",
    "naming": "framing",
    "denial": "contradiction",
}
_ASPECT: dict[str, Any] = {
    "date": "date",
    "count": "count",
    "label": "label",
    "place": "place_name",
    "claim": "modality",
    "in_return": "characterization",
    "mediator": "actor",
}
_CATEGORY_WORDS = {"criminal_or_terrorist": "criminal or terrorist"}
_COUNT_ORDER: tuple[Relation, ...] = ("contradiction", "update", "part_whole")
# what an approximator lets a figure cover, as a share of it (at least one unit)
_ABOUT = 0.1


def _always(a: str, b: str, aspect: str) -> bool:
    return True


def find_discrepancies(
    slots: Sequence[Slot],
    docs: Mapping[str, Document],
    places: Mapping[str, Place],
    linked: Linked = _always,
    tolls: Tolls | None = None,
) -> tuple[Discrepancy, ...]:
    """The discrepancies among an event's slots, in slot order. ``linked(a, b, aspect)`` tells whether
    the mentions behind two values report one event (see pairs.py); values of unlinked mentions are
    not compared. ``tolls[doc][role]`` holds every figure a document gives for a kind of casualty
    anywhere in its text: a document that also gives the other's figure does not contradict it."""
    found: list[Discrepancy | None] = []
    sided_roles = {(s.aspect, s.role) for s in slots if s.side}
    for slot in slots:
        if slot.aspect == "date":
            found.append(_dates(slot, linked))
        elif slot.aspect == "count":
            found.append(_counts(slot, docs, linked, tolls or {}))
        elif slot.aspect == "label":
            ambiguous = slot.side is None and ("label", slot.role) in sided_roles
            found.append(None if ambiguous else _labels(slot, linked))
        elif slot.aspect == "place" and slot.key.startswith("place_name:"):
            found.append(_names(slot, places))
        elif slot.aspect == "claim":
            found.append(_denials(slot, linked))
        elif slot.aspect == "in_return":
            found.append(_no_exchange(slot))
        elif slot.aspect == "mediator":
            found.append(_mediators(slot))
    return tuple(d for d in found if d is not None)


def _chosen(slot: Slot) -> dict[str, SlotValue]:
    return {v.doc: v for v in slot.values if not v.detail}


def _discrepancy(
    slot: Slot, relation: Relation, groups: Sequence[Sequence[SlotValue]], explanation: str
) -> Discrepancy:
    """One discrepancy whose values are ``groups`` of document values that give the same value."""
    values = []
    for group in groups:
        docs = tuple(dict.fromkeys(v.doc for v in group))
        mentions = tuple(dict.fromkeys(v.mention for v in group))
        shown = "; ".join(dict.fromkeys(_shown(slot, v) for v in group))
        values.append(DiscrepancyValue(value=shown, mentions=mentions, docs=docs, evidence=tuple(group)))
    return Discrepancy(
        aspect=_ASPECT[slot.aspect],
        kind=_KIND[relation],
        what=slot.what,
        values=tuple(values),
        relation=relation,
        slot=slot.key,
        explanation=explanation,
    )


def _shown(slot: Slot, v: SlotValue) -> str:
    """A value as shown: the source's words for labels and mediators, else the normalised value."""
    if slot.aspect == "label" or (slot.aspect == "mediator" and v.value != "none"):
        return " ".join(v.text.split())
    return v.value


def _by_value(
    values: Sequence[SlotValue], key: Callable[[SlotValue], Any] = lambda v: v.value
) -> list[list[SlotValue]]:
    groups: dict[Any, list[SlotValue]] = {}
    for v in values:
        groups.setdefault(key(v), []).append(v)
    return list(groups.values())


def listing(items: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(items)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def _noun(slot: Slot) -> str:
    return slot.what.removeprefix("number of ").removeprefix("who ").removesuffix(" are")


# -- dates ------------------------------------------------------------------------------------------


def _span(value: str) -> Any:
    if "/" in value:
        start, end = value.split("/", 1)
        return interval(TimeValue(None, "range", start=start, end=end))
    return interval(TimeValue(value, "unknown"))


# Only calendar dates contradict ('9 November' / '10 November 2020'). A day named from the
# publication ('Friday night' / 'early Saturday', 'on Saturday' / 'said on Monday') rests on when the
# page was published, and is as often the day of another step of the story (a ruling, a statement,
# clashes 'since Wednesday') as the event's own: on the judged sets none of the named-day
# contradictions shown was real. Both values stay on the event's page.
_CALENDAR = "calendar"


def _dates(slot: Slot, linked: Linked) -> Discrepancy | None:
    chosen = list(_chosen(slot).values())
    spans = {v.doc: _span(v.value) for v in chosen}
    apart = {
        d
        for a, b in combinations(chosen, 2)
        if spans[a.doc]
        and spans[b.doc]
        and a.category == b.category == _CALENDAR
        and gap_days(spans[a.doc], spans[b.doc]) > 0
        and linked(a.mention, b.mention, "date")
        for d in (a.doc, b.doc)
    }
    if not apart:
        return None  # '2020-11' and '2020-11-10', or '9/10 November' and '10 November', can both hold
    groups = _by_value([v for v in chosen if v.doc in apart])
    listed = " and ".join(g[0].value for g in groups)
    return _discrepancy(
        slot, "contradiction", groups, f"The sources give dates for the event that do not overlap: {listed}."
    )


# -- counts -----------------------------------------------------------------------------------------


def covers(v: SlotValue) -> tuple[float, float]:
    """The figures a value can stand for: an approximator widens it ('more than 100' covers 120)."""
    low = v.low if v.low is not None else 0.0
    high = v.high if v.high is not None else low
    slack = max(1.0, _ABOUT * high)
    if v.approx == "about":
        return low - slack, high + slack
    if v.approx == "nearly":
        return low - slack, high
    if v.approx in {"at_least", "more_than"}:
        return low, math.inf
    if v.approx in {"less_than", "up_to"}:
        return 0.0, high
    return low, high


def _close(x: float | None, y: float | None) -> bool:
    return x is not None and y is not None and abs(x - y) < 1e-9


def _published(doc: str, docs: Mapping[str, Document]) -> str:
    return (docs[doc].published or "") if doc in docs else ""


def _one_of_more(v: SlotValue, other: SlotValue) -> bool:
    """A value that is one person with no written figure ('Jamie Rodriguez, 21, was the most badly
    injured') against a larger figure: the report tells of that person, it does not say no one else
    was hurt; the person may be one of the other report's."""
    return v.category == PERSON and (other.low or 0.0) > 1


def count_relation(
    a: SlotValue,
    b: SlotValue,
    slot: Slot,
    docs: Mapping[str, Document],
    given: Mapping[str, Sequence[SlotValue]],
) -> Relation | None:
    """How two documents' figures for one group relate; None when both can be right. ``given`` holds
    every value of each document for the slot, its own detail included."""
    (alo, ahi), (blo, bhi) = covers(a), covers(b)
    if alo <= bhi and blo <= ahi:
        return None  # compatible: an approximation covering the other figure, or the same figure
    if any(_close(v.low, b.low) for v in given.get(a.doc, ())) or any(
        _close(v.low, a.low) for v in given.get(b.doc, ())
    ):
        return None  # the document gives the other's figure too (for another group, or another moment)
    if _part_of(a, b, given) or _part_of(b, a, given):
        return "part_whole"
    pa, pb = _published(a.doc, docs), _published(b.doc, docs)
    sa, sb = (docs[d].side if d in docs else None for d in (a.doc, b.doc))
    # a later report of one side updates its own or an unsided figure, never the other side's
    if pa and pb and len(pa) == len(pb) and pa != pb and (sa == sb or not (sa and sb)):
        earlier, later = (a, b) if pa < pb else (b, a)
        if _revision(later, docs):
            return "update"
        if slot.role in TOLLS and (later.low or 0) > (earlier.low or 0):
            return "update"
    return "contradiction"


def _part_of(part: SlotValue, whole: SlotValue, given: Mapping[str, Sequence[SlotValue]]) -> bool:
    """``part`` is written as a part of ``whole``: by its own document ('13 of the 24') or by the
    whole's ('24 hostages were freed, including 13 women' against '13 were freed')."""
    if _close(part.whole, whole.low):
        return True
    return any(_close(v.low, part.low) and _close(v.whole, whole.low) for v in given.get(whole.doc, ()))


def _ordered(pairs: Sequence[tuple[Relation, SlotValue, SlotValue]]) -> tuple[SlotValue, SlotValue]:
    """The part and the whole of the first part-whole pair."""
    a, b = next((a, b) for r, a, b in pairs if r == "part_whole")
    return (a, b) if (a.low or 0) <= (b.low or 0) else (b, a)


def _revision(v: SlotValue, docs: Mapping[str, Document]) -> bool:
    """The figure is given as a revision: a cue in the words around it ('the toll rose to 12')."""
    doc = docs.get(v.doc)
    if doc is None:
        return False
    window = doc.text[max(0, v.start - 60) : v.end + 40]
    return load_cues().revision.search(window) is not None


def _counts(slot: Slot, docs: Mapping[str, Document], linked: Linked, tolls: Tolls) -> Discrepancy | None:
    chosen = _chosen(slot)
    given: dict[str, list[SlotValue]] = {}
    for v in slot.values:
        given.setdefault(v.doc, []).append(v)
    for doc in chosen:
        # the document's other figures for this kind of casualty, wherever its text gives them
        given[doc] = given[doc] + [
            SlotValue(doc, "", str(x), "", 0, 0, low=x, detail=True)
            for x in tolls.get(doc, {}).get(slot.role or "", ())
        ]
    pairs: list[tuple[Relation, SlotValue, SlotValue]] = []
    for a, b in combinations(chosen.values(), 2):
        if _one_of_more(a, b) or _one_of_more(b, a):
            continue  # 'Woman hurt in shooting' against 'four hurt': she may be one of them
        found = count_relation(a, b, slot, docs, given) if linked(a.mention, b.mention, "count") else None
        if found is not None:
            pairs.append((found, a, b))
    if not pairs:
        return None
    relations = {r for r, _, _ in pairs}
    # the strongest relation among the pairs names the whole discrepancy
    relation: Relation = next(r for r in _COUNT_ORDER if r in relations)
    involved = {v.doc for _, a, b in pairs for v in (a, b)}
    groups = _by_value([v for v in chosen.values() if v.doc in involved])
    groups.sort(key=lambda g: (_published(g[0].doc, docs), g[0].low or 0))
    noun = _noun(slot)
    listed = listing(g[0].value for g in groups)
    if relation == "part_whole":
        low, high = _ordered(pairs)
        text = f"One figure for the {noun} is given as a part of another: {low.value} of {high.value}."
    elif relation == "update":
        sequence = " then ".join(g[0].value for g in groups)
        text = f"A later report gives another figure for the {noun}: {sequence}."
    else:
        text = f"The sources give figures for the {noun} that cannot both be right: {listed}."
    return _discrepancy(slot, relation, groups, text)


# -- labels -----------------------------------------------------------------------------------------


def _labels(slot: Slot, linked: Linked) -> Discrepancy | None:
    """Words of different categories for the same group (a group without a side is the same group only
    where the event has no group of that role with a side: see find_discrepancies)."""
    categories: dict[str, set[str]] = {}
    mentions: dict[str, set[str]] = {}
    for v in slot.values:
        if v.category is not None:
            categories.setdefault(v.doc, set()).add(v.category)
            mentions.setdefault(v.doc, set()).add(v.mention)

    def together(a: str, b: str) -> bool:
        return any(linked(x, y, "label") for x in mentions[a] for y in mentions[b])

    apart = {
        d
        for a, b in combinations(categories, 2)
        if not categories[a] & categories[b] and together(a, b)
        for d in (a, b)
    }
    if not apart:
        return None
    words = [v for v in slot.values if v.doc in apart and not v.detail]
    groups = _by_value(words, key=lambda v: frozenset(categories[v.doc]))
    named = listing(
        " or ".join(sorted(_CATEGORY_WORDS.get(c, c) for c in categories[g[0].doc])) for g in groups
    )
    return _discrepancy(
        slot, "framing", groups, f"The sources put {_noun(slot)} in different categories: {named}."
    )


# -- place names ------------------------------------------------------------------------------------


def _names(slot: Slot, places: Mapping[str, Place]) -> Discrepancy | None:
    """A place named with names of different sides; a document using names of both sides is neutral."""
    place = places.get(slot.side or "")
    if place is None:
        return None
    used = {n.name.lower(): set(n.used_by or ()) for n in place.names}
    sides: dict[str, set[str]] = {}
    for v in slot.values:
        by = used.get(v.value.lower())
        if by:
            sides[v.doc] = sides[v.doc] & by if v.doc in sides else set(by)
    chosen = _chosen(slot)
    apart = {
        d
        for a, b in combinations([d for d in sides if sides[d] and d in chosen], 2)
        if not sides[a] & sides[b]
        for d in (a, b)
    }
    if not apart:
        return None
    groups = _by_value([chosen[d] for d in apart], key=lambda v: v.value.lower())
    return _discrepancy(
        slot,
        "naming",
        groups,
        f"The sources use names of different sides for the place shown as {place.name}.",
    )


# -- claims -----------------------------------------------------------------------------------------


def _denials(slot: Slot, linked: Linked) -> Discrepancy | None:
    chosen = list(_chosen(slot).values())
    pairs = [
        (a, b)
        for a in chosen
        for b in chosen
        if a.value == "asserted" and b.value == "denied" and linked(a.mention, b.mention, "claim")
    ]
    if not pairs:
        return None
    groups = _by_value([v for pair in pairs for v in pair])
    who = slot.what.removeprefix("whether it happened")
    return _discrepancy(slot, "denial", groups, f"One source says it happened{who}; another denies it.")


def _no_exchange(slot: Slot) -> Discrepancy | None:
    things: dict[str, list[SlotValue]] = {}
    for v in slot.values:
        things.setdefault(v.doc, []).append(v)
    given = [vs for vs in things.values() if any(v.value != "no exchange" for v in vs)]
    denied = [vs for vs in things.values() if all(v.value == "no exchange" for v in vs)]
    if not given or not denied:
        return None
    groups = [[v for vs in given for v in vs if v.value != "no exchange"], [v for vs in denied for v in vs]]
    thing = ", ".join(dict.fromkeys(v.value for v in groups[0]))
    return _discrepancy(
        slot,
        "denial",
        groups,
        f"One source says something was given in return ({thing}); another says it was not an exchange.",
    )


def _mediators(slot: Slot) -> Discrepancy | None:
    named: dict[str, set[str]] = {}
    for v in slot.values:
        named.setdefault(v.doc, set()).add(v.value)
    apart = {d for a, b in combinations(named, 2) if not named[a] & named[b] for d in (a, b)}
    if not apart:
        return None
    groups = _by_value([v for v in slot.values if v.doc in apart], key=lambda v: frozenset(named[v.doc]))
    if any(v.value == "none" for v in slot.values if v.doc in apart):
        text = "One source names a mediator; another says there was none."
    else:
        text = "The sources name different mediators."
    return _discrepancy(slot, "contradiction", groups, text)
