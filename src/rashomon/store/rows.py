"""Records as table rows and back: the columns of each table, and JSON for the nested records they hold.

Pure functions with no connection, so a worker process turns its document into rows and the parent
only inserts them. Each table names the record fields it keeps as columns; every other field of the
record (nested records, and fields added to a record after this table was made) goes into the row's
``data`` JSON column, so a newer record still round-trips through an older table exactly.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from ..codec import decode, to_plain
from ..model import Actor, Discrepancy, Document, Event, EventMention, Participant, Place, PlaceMention

T = TypeVar("T")


def dumps(value: Any) -> str:
    """Compact JSON (the store's size is mostly its JSON)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _split(record: Any, columns: Sequence[str]) -> tuple[list[Any], str]:
    """The values of ``columns`` (lists and dicts as JSON) and the rest of the record as JSON."""
    plain = to_plain(record)
    values = [plain.pop(name) for name in columns]
    return [dumps(v) if isinstance(v, (list, dict)) else v for v in values], dumps(plain)


def _join(cls: type[T], columns: Sequence[str], values: Sequence[Any], data: str) -> T:
    """The record of ``cls`` from its column values and its ``data`` JSON."""
    plain = json.loads(data)
    hints = {f.name: str(f.type) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for name, value in zip(columns, values, strict=True):
        if isinstance(value, str) and ("tuple" in hints.get(name, "") or "list" in hints.get(name, "")):
            value = json.loads(value)
        plain[name] = value
    return decode(cls, plain)


# -- documents ----------------------------------------------------------------------------------

DOCUMENT_COLUMNS = (
    "id",
    "path",
    "sha256",
    "title",
    "outlet",
    "side",
    "published",
    "published_basis",
    "published_source",
    "language",
    "format",
    "warnings",
    "offset_map",
    "text",
)


def now() -> str:
    """The current time as stored."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def document_row(doc: Document, ingest_key: str, analysis_key: str, status: str) -> tuple[Any, ...]:
    """The documents row of ``doc`` (columns, chars, added, ingest_key, analysis_key, status, data)."""
    values, data = _split(doc, DOCUMENT_COLUMNS)
    return (*values, len(doc.text), now(), ingest_key, analysis_key, status, data)


def document_from_row(row: Sequence[Any]) -> Document:
    """A Document from the DOCUMENT_COLUMNS of a row followed by its data column."""
    return _join(Document, DOCUMENT_COLUMNS, row[: len(DOCUMENT_COLUMNS)], row[len(DOCUMENT_COLUMNS)])


# -- event mentions -------------------------------------------------------------------------------

MENTION_COLUMNS = (
    "id",
    "type",
    "plover",
    "sentence_start",
    "sentence_end",
    "trigger_start",
    "trigger_end",
    "trigger",
    "lemma",
    "modality",
    "confidence",
    "salience",
    "date_text",
)


@dataclass(frozen=True)
class AlignMention:
    """An event mention with what alignment reads of its sentence, so the corpus stages need no text.

    ``known`` is False for a mention whose document's analysis was not at hand (it is then compared
    by its trigger alone, as alignment always did).
    """

    mention: EventMention
    words: Counter[str] = field(default_factory=Counter)  # content words of its sentence
    names: frozenset[str] = frozenset()  # entity names (not dates) in its sentence, lower case
    revised: bool = False  # its sentence says it revises a figure or date
    known: bool = True


def mention_row(n: int, record: AlignMention) -> tuple[Any, ...]:
    """The mentions row of one mention (its event is set by the corpus stages)."""
    m = record.mention
    values, data = _split(m, MENTION_COLUMNS)
    date_value = None
    if m.date is not None:
        date_value = m.date.value or f"{m.date.start or '..'}/{m.date.end or '..'}"
    return (
        *values,
        m.doc,
        n,
        date_value,
        m.date.granularity if m.date else None,
        m.date.basis if m.date else None,
        m.attribution.source if m.attribution else None,
        dumps(sorted({a.ref for a in m.places if a.ref})),
        dumps(sorted({a.ref for a in m.actors if a.ref})),
        dumps([c.value for c in m.counts]),
        data,
        dumps(dict(record.words)),
        dumps(sorted(record.names)),
        int(record.revised),
    )


MENTION_INSERT = (
    f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}, doc_id, n, date_value, date_granularity, "
    "date_basis, attributed_to, places, actors, figures, data, words, names, revised) VALUES "
    f"({', '.join('?' * (len(MENTION_COLUMNS) + 13))})"
)
MENTION_SELECT = f"{', '.join(f'm.{c}' for c in MENTION_COLUMNS)}, m.doc_id, m.data"


def mention_from_row(row: Sequence[Any]) -> EventMention:
    """An EventMention from MENTION_SELECT's columns."""
    k = len(MENTION_COLUMNS)
    return _join(EventMention, MENTION_COLUMNS, row[:k], row[k + 1])


def align_mention_from_row(row: Sequence[Any]) -> AlignMention:
    """An AlignMention from MENTION_SELECT's columns followed by words, names and revised."""
    k = len(MENTION_COLUMNS) + 2
    return AlignMention(
        mention_from_row(row[:k]),
        Counter(json.loads(row[k])),
        frozenset(json.loads(row[k + 1])),
        bool(row[k + 2]),
    )


# -- participants ---------------------------------------------------------------------------------

PARTICIPANT_COLUMNS = (
    "mention",
    "role",
    "text",
    "start",
    "end",
    "role_start",
    "role_end",
    "role_text",
    "singular",
    "pronoun",
    "negated",
    "unreal",
)


def participant_row(doc_id: str, n: int, p: Participant) -> tuple[Any, ...]:
    """The participants row of one group of people (with its parties' ids and its figure as columns)."""
    values, data = _split(p, PARTICIPANT_COLUMNS)
    count = p.count
    return (
        *values,
        doc_id,
        n,
        p.who.ref if p.who else None,
        p.who.text if p.who else None,
        p.by.ref if p.by else None,
        p.by.text if p.by else None,
        p.to.ref if p.to else None,
        p.to.text if p.to else None,
        count.value if count else None,
        count.high if count else None,
        count.approx if count else None,
        data,
    )


PARTICIPANT_INSERT = (
    f"INSERT INTO participants ({', '.join(PARTICIPANT_COLUMNS)}, doc_id, n, who, who_text, by, by_text, "
    f'"to", to_text, count_value, count_high, count_approx, data) VALUES '
    f"({', '.join('?' * (len(PARTICIPANT_COLUMNS) + 12))})"
)


def participant_from_row(row: Sequence[Any]) -> Participant:
    """A Participant from its PARTICIPANT_COLUMNS followed by its data column."""
    k = len(PARTICIPANT_COLUMNS)
    values = [
        bool(v) if name in {"singular", "pronoun", "negated", "unreal"} else v
        for name, v in zip(PARTICIPANT_COLUMNS, row[:k], strict=True)
    ]
    return _join(Participant, PARTICIPANT_COLUMNS, values, row[k])


# -- places, actors, events, discrepancies -------------------------------------------------------

PLACE_COLUMNS = ("id", "name", "kind", "country", "lat", "lon", "source", "names", "related")
ACTOR_COLUMNS = ("id", "name", "kind", "country", "names")


def place_row(place: Place) -> tuple[Any, ...]:
    """The places row of one place."""
    values, data = _split(place, PLACE_COLUMNS)
    return (*values, data)


def place_from_row(row: Sequence[Any]) -> Place:
    """A Place from PLACE_COLUMNS and data."""
    return _join(Place, PLACE_COLUMNS, row[:-1], row[-1])


def actor_row(actor: Actor) -> tuple[Any, ...]:
    """The actors row of one actor."""
    values, data = _split(actor, ACTOR_COLUMNS)
    return (*values, data)


def actor_from_row(row: Sequence[Any]) -> Actor:
    """An Actor from ACTOR_COLUMNS and data."""
    return _join(Actor, ACTOR_COLUMNS, row[:-1], row[-1])


EVENT_COLUMNS = ("id", "type", "summary", "docs", "sides", "places", "mentions")


def event_rows(
    n: int, event: Event
) -> tuple[tuple[Any, ...], list[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]]:
    """The events row of one event and, for each of its discrepancies, its row and its values' rows."""
    values, data = _split(dataclasses.replace(event, discrepancies=()), EVENT_COLUMNS)
    plain = json.loads(data)
    plain.pop("discrepancies", None)
    d = event.date
    row = (
        *values,
        n,
        d.value if d else None,
        d.granularity if d else None,
        d.start if d else None,
        d.end if d else None,
        d.basis if d else None,
        len(event.mentions),
        len(event.docs),
        len(event.sides),
        len(event.discrepancies),
        dumps(plain),
    )
    discrepancies = []
    for k, disc in enumerate(event.discrepancies):
        dvalues, ddata = _split(dataclasses.replace(disc, values=()), ("aspect", "kind", "what"))
        dplain = json.loads(ddata)
        dplain.pop("values", None)
        value_rows = []
        for j, v in enumerate(disc.values):
            vvalues, vdata = _split(v, ("value", "docs", "mentions"))
            number = v.value if isinstance(v.value, (int, float)) and not isinstance(v.value, bool) else None
            value_rows.append((j, vvalues[0], number, vvalues[1], vvalues[2], vdata))
        discrepancies.append(((event.id, k, *dvalues, dumps(dplain)), value_rows))
    return row, discrepancies


EVENT_INSERT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}, n, date_value, date_granularity, date_start, date_end, "
    "date_basis, n_mentions, n_docs, n_sides, n_discrepancies, data) VALUES "
    f"({', '.join('?' * (len(EVENT_COLUMNS) + 11))})"
)


def event_from_rows(
    row: Sequence[Any], discrepancies: Iterable[tuple[Sequence[Any], Sequence[Sequence[Any]]]]
) -> Event:
    """An Event from its EVENT_COLUMNS and data, and its discrepancies' (aspect, kind, what, data)
    rows each with its values' (value, docs, mentions, data) rows."""
    k = len(EVENT_COLUMNS)
    found = []
    for (aspect, kind, what, ddata), values in discrepancies:
        plain = json.loads(ddata)
        plain.update(aspect=aspect, kind=kind, what=what)
        plain["values"] = [
            {**json.loads(vdata), "value": value, "docs": json.loads(docs), "mentions": json.loads(ms)}
            for value, docs, ms, vdata in values
        ]
        found.append(decode(Discrepancy, plain))
    event = _join(Event, EVENT_COLUMNS, row[:k], row[k])
    return dataclasses.replace(event, discrepancies=tuple(found))


# -- place mentions and document profiles ----------------------------------------------------------


def place_mention_rows(doc_id: str, mentions: Iterable[PlaceMention]) -> list[tuple[Any, ...]]:
    """The place_mentions rows of one document."""
    return [(doc_id, m.start, m.end, m.text, m.place) for m in mentions]


def profile_json(profile: Any) -> str:
    """A DocProfile as JSON (dates as ISO days, sets as sorted lists)."""
    return dumps(
        {
            "id": profile.id,
            "published": [d.isoformat() for d in profile.published] if profile.published else None,
            "terms": dict(profile.terms),
            "names": dict(profile.names),
            "places": sorted(profile.places),
            "actors": sorted(profile.actors),
            "years": sorted(profile.years),
            "days": sorted(profile.days),
            "figures": sorted(profile.figures),
            "tolls": {role: sorted(values) for role, values in profile.tolls.items()},
        }
    )


def profile_from_json(text: str) -> Any:
    """The DocProfile stored by profile_json."""
    from ..corpus.features import DocProfile

    data = json.loads(text)
    published = data["published"]
    return DocProfile(
        id=data["id"],
        published=(date.fromisoformat(published[0]), date.fromisoformat(published[1])) if published else None,
        terms=Counter(data["terms"]),
        names=Counter(data["names"]),
        places=frozenset(data["places"]),
        actors=frozenset(data["actors"]),
        years=frozenset(data["years"]),
        days=frozenset(data["days"]),
        figures=frozenset(float(x) for x in data["figures"]),
        tolls={role: frozenset(float(x) for x in xs) for role, xs in data.get("tolls", {}).items()},
    )
