"""Events from aligned mentions: consensus facts, a neutral summary, and where the reports differ.

The tool never decides which report is right. A consensus date or place is only the value most
reports give (explicit dates before dates inferred from context or from the publication date), and
every difference is listed with the documents and mentions that give each value.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from ..model import Discrepancy, DiscrepancyValue, Document, Event, EventMention, Place, TimeValue
from ..settings import Settings
from .dates import gap_days, interval, label, width_days
from .facts import count_key, count_value

_BASIS_RANK = {"explicit": 0, "relative": 1, "inferred": 2, "document": 3}
_GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "range": 4, "year": 5}
# labels of these categories name the people involved (a 'victims' label does not contradict 'hostages')
_PEOPLE_CATEGORIES = frozenset({"captive", "combatant", "irregular", "civilian", "displaced", "accused"})


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


def _values(
    mentions: Iterable[EventMention], facts: Callable[[EventMention], Iterable[str]]
) -> dict[str, tuple[list[str], list[str]]]:
    """value -> (mention ids, doc ids) over every mention, each in first-seen order."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    for m in mentions:
        for value in dict.fromkeys(facts(m)):
            ids, docs = out.setdefault(value, ([], []))
            ids.append(m.id)
            if m.doc not in docs:
                docs.append(m.doc)
    return out


def _discrepancy(
    aspect: str, kind: str, what: str, values: dict[str, tuple[list[str], list[str]]]
) -> Discrepancy:
    return Discrepancy(
        aspect=aspect,  # type: ignore[arg-type]
        kind=kind,  # type: ignore[arg-type]
        what=what,
        values=tuple(
            DiscrepancyValue(value=_plain(v), mentions=tuple(ids), docs=tuple(docs))
            for v, (ids, docs) in values.items()
        ),
    )


def _plain(value: str) -> str | int:
    # a figure with more digits than a 64-bit integer stays a string (JSON readers overflow on it)
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else value


def _docs_involved(values: dict[str, tuple[list[str], list[str]]]) -> set[str]:
    return {d for _, docs in values.values() for d in docs}


def _date_discrepancy(mentions: list[EventMention]) -> Discrepancy | None:
    """Reports giving different precise dates (a day, or a span of a few days) for one event."""
    precise = []
    for m in mentions:
        span = interval(m.date) if m.date is not None and m.date.basis in {"explicit", "relative"} else None
        if span is not None and width_days(span) <= 7:
            precise.append((m, span))
    values = _values((m for m, _ in precise), lambda m: [label(m.date) or ""])
    if len(values) < 2 or len(_docs_involved(values)) < 2:
        return None  # '2020-11' and '2020-11-10' are not compared: one is only less precise
    spans = {label(m.date) or "": span for m, span in precise}
    clash = any(gap_days(spans[a], spans[b]) > 0 for a in spans for b in spans if a < b)
    # '9/10 November' against '10 November' overlaps but still differs: a variant worth showing
    return _discrepancy("date", "contradiction" if clash else "variant", "date of the event", values)


def _count_discrepancies(mentions: list[EventMention], docs: dict[str, Document]) -> list[Discrepancy]:
    by_key: dict[str, list[tuple[EventMention, str]]] = defaultdict(list)
    for m in mentions:
        for c in m.counts:
            by_key[count_key(c)].append((m, count_value(c)))
    found = []
    for key, items in by_key.items():
        values: dict[str, tuple[list[str], list[str]]] = {}
        for m, value in items:
            ids, ds = values.setdefault(value, ([], []))
            if m.id not in ids:
                ids.append(m.id)
            if m.doc not in ds:
                ds.append(m.doc)
        if len(values) < 2 or len(_docs_involved(values)) < 2:
            continue  # one source giving two figures is its own detail, not a disagreement
        # a later document giving another figure may be an update rather than a contradiction
        published = {d: (docs[d].published or "") if d in docs else "" for d in _docs_involved(values)}
        firsts = [min(published[d] for d in ds) for _, ds in values.values()]
        kind = (
            "update"
            if len(set(firsts)) == len(firsts) and all(firsts) and _all_single_doc(values)
            else "contradiction"
        )
        found.append(_discrepancy("count", kind, _count_what(key), values))
    return found


def _count_what(key: str) -> str:
    if key.endswith(" people"):
        return f"number of people ({key.split()[0]}, under any label)"
    return f"number of {key}s" if key else "number"


def _all_single_doc(values: dict[str, tuple[list[str], list[str]]]) -> bool:
    return all(len(docs) == 1 for _, docs in values.values())


def _label_discrepancy(mentions: list[EventMention], docs: dict[str, Document]) -> Discrepancy | None:
    values = _values(
        mentions,
        lambda m: [
            lab.text.lower().replace("\n", " ") for lab in m.labels if lab.category in _PEOPLE_CATEGORIES
        ],
    )
    keys_by_doc: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        for lab in m.labels:
            if lab.category in _PEOPLE_CATEGORIES:
                keys_by_doc[m.doc].add(lab.label)
    if len(keys_by_doc) < 2 or len({frozenset(k) for k in keys_by_doc.values()}) < 2 or len(values) < 2:
        return None
    return _discrepancy("label", "framing", "words used for the people involved", values)


def _names_of(place_id: str) -> Callable[[EventMention], list[str]]:
    return lambda m: [a.text for a in m.places if a.ref == place_id]


def _place_name_discrepancies(mentions: list[EventMention], places: dict[str, Place]) -> list[Discrepancy]:
    by_place: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        for arg in m.places:
            if arg.ref and m not in by_place[arg.ref]:
                by_place[arg.ref].append(m)
    found = []
    for place_id, ms in by_place.items():
        values = _values(ms, _names_of(place_id))
        if len({v.lower() for v in values}) < 2 or len(_docs_involved(values)) < 2:
            continue
        place = places.get(place_id)
        users = {n.name.lower(): frozenset(n.used_by or ()) for n in place.names} if place else {}
        sides = {users.get(v.lower(), frozenset()) for v in values}
        kind = "framing" if len(sides) > 1 and all(sides) else "variant"
        name = place.name if place else place_id
        found.append(_discrepancy("place_name", kind, f"name of the place {name}", values))
    return found


def _modality_discrepancy(mentions: list[EventMention]) -> Discrepancy | None:
    values = _values(mentions, lambda m: [m.modality])
    if "denied" in values and len(values) > 1 and len(_docs_involved(values)) > 1:
        return _discrepancy("modality", "contradiction", "whether the event took place", values)
    return None


def summary(
    event_type: str,
    when: TimeValue | None,
    place_ids: list[str],
    places: dict[str, Place],
    mentions: list[EventMention],
    docs: dict[str, Document],
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


def _sides(doc_ids: Iterable[str], docs: dict[str, Document]) -> list[str]:
    return sorted({side for d in doc_ids if d in docs and (side := docs[d].side)})


def _event_type(mentions: list[EventMention]) -> str:
    votes = Counter(m.type for m in mentions)
    return min(votes, key=lambda t: (-votes[t], t))


def build_events(
    clusters: list[list[str]],
    mentions: list[EventMention],
    docs: dict[str, Document],
    places: dict[str, Place],
    settings: Settings,
) -> list[Event]:
    """One Event per cluster, ordered by date (undated last), with ids e1, e2, ..."""
    by_id = {m.id: m for m in mentions}
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
        found: list[Discrepancy | None] = [_date_discrepancy(ms)]
        found.extend(_count_discrepancies(ms, docs))
        found.append(_label_discrepancy(ms, docs))
        found.extend(_place_name_discrepancies(ms, places))
        found.append(_modality_discrepancy(ms))
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
                discrepancies=tuple(d for d in found if d is not None),
            )
        )
    return events
