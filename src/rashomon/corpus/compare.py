"""Events from aligned mentions: consensus facts, a neutral summary, slots and discrepancies.

The tool never decides which report is right. A consensus date or place is only the value most
reports give (explicit dates before dates inferred from context or from the publication date). Each
event's facts are slots with one value per document (slots.py); a discrepancy is two documents
giving incompatible values for one slot (discrepancies.py), listed with the documents, mentions and
words that give each value.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..model import (
    Actor,
    Discrepancy,
    Document,
    Event,
    EventMention,
    Participant,
    Place,
    Slot,
    TimeValue,
)
from ..settings import Settings
from ..store.rows import AlignMention
from .dates import interval, label
from .discrepancies import find_discrepancies
from .facts import count_value
from .features import DocProfile
from .pairs import SameEvent
from .slots import build_slots

_BASIS_RANK = {"explicit": 0, "relative": 1, "inferred": 2, "document": 3}
_GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "range": 4, "year": 5}


def _type_name(event_type: str) -> str:
    return event_type.replace("_", " ").capitalize()


def consensus_date(mentions: list[EventMention]) -> TimeValue | None:
    """The date most reports give, preferring explicit dates and finer granularity."""
    dated = [m.date for m in mentions if m.date is not None]
    if not dated:
        return None
    best_basis = min(_BASIS_RANK.get(d.basis, 9) for d in dated)
    pool = [d for d in dated if _BASIS_RANK.get(d.basis, 9) == best_basis]
    votes = Counter(pool)
    return min(
        votes,
        key=lambda d: (-votes[d], _GRANULARITY_RANK.get(d.granularity, 9), label(d) or ""),
    )


def summary(
    event_type: str,
    when: TimeValue | None,
    place_ids: list[str],
    places: dict[str, Place],
    mentions: list[EventMention],
    docs: Mapping[str, Document],
) -> str:
    """A neutral one-line description in the tool's own words: type, date, places, who reports it."""
    parts = [_type_name(event_type)]
    if when is not None:
        parts.append(label(when) or "")
    names = [places[p].name if p in places else p for p in place_ids[:3]]
    if names:
        parts.append(", ".join(names))
    figures = sorted({count_value(c) for m in mentions for c in m.counts})
    if len(figures) == 1:
        parts.append(f"figure given: {figures[0]}")
    elif figures:
        parts.append(f"figures given: {', '.join(figures[:4])}")
    doc_ids = sorted({m.doc for m in mentions})
    sides = _sides(doc_ids, docs)
    source = f"{len(doc_ids)} document" + ("s" if len(doc_ids) != 1 else "")
    parts.append(f"reported by {source}" + (f" ({', '.join(sides)})" if sides else ""))
    return " · ".join(p for p in parts if p)


def _sides(doc_ids: Iterable[str], docs: Mapping[str, Document]) -> list[str]:
    return sorted({side for d in doc_ids if d in docs and (side := docs[d].side)})


def _discrepancies(
    slots: tuple[Slot, ...],
    docs: Mapping[str, Document],
    places: dict[str, Place],
    linked: SameEvent | None,
    tolls: Mapping[str, Mapping[str, frozenset[float]]],
) -> tuple[Discrepancy, ...]:
    if linked is None:
        return find_discrepancies(slots, docs, places, tolls=tolls)
    return find_discrepancies(slots, docs, places, linked, tolls)


def _event_type(mentions: list[EventMention]) -> str:
    votes = Counter(m.type for m in mentions)
    return min(votes, key=lambda t: (-votes[t], t))


def build_events(
    clusters: list[list[str]],
    mentions: list[EventMention],
    docs: Mapping[str, Document],
    places: dict[str, Place],
    settings: Settings,
    participants: Mapping[str, Sequence[Participant]] | None = None,
    actors: Iterable[Actor] = (),
    records: Sequence[AlignMention] = (),
    profiles: Mapping[str, DocProfile] | None = None,
    stories_of_docs: Mapping[str, int] | None = None,
) -> list[Event]:
    """One Event per cluster, ordered by date (undated last), with ids e1, e2, ...; each with its slots
    (``participants`` by mention id give the groups of people) and the discrepancies among them (with
    the mentions' alignment ``records`` and their documents' ``profiles``, only between values whose
    own mentions report one event: pairs.py, with alignment's ``stories_of_docs`` when known; the
    profiles also give each document's tolls).

    ``docs`` needs the documents' text only for the mentions it is asked about (a lazy mapping will do)."""
    by_id = {m.id: m for m in mentions}
    linked = (
        SameEvent(
            records,
            profiles,
            participants or {},
            settings,
            stories_of_docs=stories_of_docs,
            places=places,
        )
        if records and profiles
        else None
    )
    tolls = {d: p.tolls for d, p in (profiles or {}).items()}
    names = {a.id: a.name for a in actors}
    neighbours: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        neighbours[m.doc].append(m)
    drafts = []
    for cluster in clusters:
        ms = [by_id[i] for i in cluster if i in by_id]
        if not ms:
            continue
        when = consensus_date(ms)
        span = interval(when)
        drafts.append((span[0].isoformat() if span else "9999", min(cluster), ms, when))
    events = []
    for n, (_, _, ms, when) in enumerate(sorted(drafts, key=lambda d: (d[0], d[1])), 1):
        event_type = _event_type(ms)
        place_votes = Counter(a.ref for m in ms for a in m.places if a.ref)
        place_ids = [p for p, _ in place_votes.most_common()]
        slots = build_slots(ms, participants or {}, docs, places, names, neighbours)
        doc_ids = list(dict.fromkeys(m.doc for m in ms))
        events.append(
            Event(
                id=f"e{n}",
                type=event_type,
                date=when,
                places=tuple(place_ids),
                mentions=tuple(m.id for m in ms),
                docs=tuple(doc_ids),
                sides=tuple(_sides(doc_ids, docs)),
                summary=summary(event_type, when, place_ids, places, ms, docs),
                discrepancies=_discrepancies(slots, docs, places, linked, tolls) if len(doc_ids) > 1 else (),
                slots=slots,
            )
        )
    return events
