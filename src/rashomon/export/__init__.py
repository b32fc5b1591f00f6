"""The analysis as the public data contract (`rashomon/1`, contract/export.schema.json); CSV: tables.py."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__, store
from ..codec import to_plain
from ..model import (
    Analysis,
    Attribution,
    CountMention,
    Event,
    EventMention,
    LabelMention,
    Participant,
    Party,
    TimeMention,
    TimeValue,
)
from ..settings import Settings
from .tables import (
    COUNT_COLUMNS,
    DISCREPANCY_COLUMNS,
    DOCUMENT_COLUMNS,
    MENTION_COLUMNS,
    PARTICIPANT_COLUMNS,
    SLOT_COLUMNS,
    csv_cell,
    write_csv,
)

FORMAT = "rashomon/1"


def _date(
    value: TimeValue | None, text: str | None = None, start: int | None = None, end: int | None = None
) -> Any:
    if value is None:
        return None
    out: dict[str, Any] = {
        "value": value.value,
        "granularity": value.granularity,
        "start": value.start,
        "end": value.end,
        "basis": value.basis,
    }
    if text is not None and start is not None and end is not None:
        out["text"] = text
        out["span"] = {"start": start, "end": end, "text": text}
    return out


def _offsets(start: int | None, end: int | None) -> dict[str, int] | None:
    """A span as the contract writes it, or None when either end is unknown."""
    return None if start is None or end is None else {"start": start, "end": end}


def _attribution(attr: Attribution | None) -> Any:
    if attr is None:
        return None
    quote = _offsets(attr.quote_start, attr.quote_end)
    content = _offsets(attr.content_start, attr.content_end)
    return {
        "source": attr.source,
        "actor": attr.actor,
        "cue": attr.cue,
        "span": {"start": attr.source_start, "end": attr.source_end, "text": attr.source},
        "cue_span": {"start": attr.cue_start, "end": attr.cue_end, "text": attr.cue},
        "quote": quote,
        "content": content,
        "polarity": attr.polarity,
        "resolved": attr.resolved,
    }


def mention_record(
    mention: EventMention, event_id: str, text: str, participants: Sequence[Participant] = ()
) -> dict[str, Any]:
    """One event mention in the contract's form, with its participants."""
    return {
        "id": mention.id,
        "doc": mention.doc,
        "event": event_id,
        "type": mention.type,
        "plover": mention.plover,
        "sentence": {
            "start": mention.sentence_start,
            "end": mention.sentence_end,
            "text": text[mention.sentence_start : mention.sentence_end],
        },
        "trigger": {"start": mention.trigger_start, "end": mention.trigger_end, "text": mention.trigger},
        "date": _date(mention.date, mention.date_text, mention.date_start, mention.date_end),
        "places": [
            {"place": a.ref, "text": a.text, "start": a.start, "end": a.end, "role": a.role}
            for a in mention.places
        ],
        "counts": [count_record(c) for c in mention.counts],
        "actors": [
            {"actor": a.ref, "text": a.text, "start": a.start, "end": a.end, "role": _role(a.role)}
            for a in mention.actors
        ],
        "labels": [_label(lab) for lab in mention.labels],
        "attribution": _attribution(mention.attribution),
        # who claims it and on whose authority, outermost first (an extension of the contract)
        "attribution_chain": [_attribution(a) for a in mention.attributions],
        "modality": mention.modality,
        # news or background (history, a kind of event): the report hides background by default
        "salience": mention.salience,
        "confidence": mention.confidence,
        "participants": [participant_record(p) for p in participants],
    }


def count_record(count: CountMention) -> dict[str, Any]:
    """A count in the contract's form, with its kind of casualty and its part of a whole (extensions)."""
    whole = _offsets(count.whole_start, count.whole_end)
    return {
        "value": count.value,
        "high": count.high,
        "approx": count.approx,
        "what": count.what,
        "text": count.text,
        "start": count.start,
        "end": count.end,
        "casualty": count.casualty,
        "part": count.part,
        "whole": count.whole,
        "whole_span": whole,
    }


def _label(lab: LabelMention) -> dict[str, Any]:
    return {
        "start": lab.start,
        "end": lab.end,
        "text": lab.text,
        "label": lab.label,
        "category": lab.category,
    }


def _party(party: Party | None) -> Any:
    if party is None:
        return None
    return {"ref": party.ref, "text": party.text, "start": party.start, "end": party.end, "via": party.via}


def participant_record(p: Participant) -> dict[str, Any]:
    """One group of people a mention involves (an extension of the contract): every value with its span."""
    return {
        "role": p.role,
        "text": p.text,
        "start": p.start,
        "end": p.end,
        "role_span": {"start": p.role_start, "end": p.role_end, "text": p.role_text},
        "who": _party(p.who),
        "by": _party(p.by),
        "to": _party(p.to),
        "count": count_record(p.count) if p.count is not None else None,
        "singular": p.singular,
        "pronoun": p.pronoun,
        "negated": p.negated,
        "unreal": p.unreal,
        "labels": [_label(lab) for lab in p.labels],
    }


def _role(role: str) -> str:
    return role if role in {"agent", "patient", "recipient", "mediator"} else "other"


def _timex(mention: TimeMention) -> dict[str, Any]:
    out: dict[str, Any] = {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "kind": mention.kind,
        "duration": mention.duration,
        "approx": mention.approx,
    }
    date = _date(mention.value) or {"value": None, "granularity": "unknown", "start": None, "end": None}
    # the date's own range bounds must not overwrite the span offsets
    low, high = date.pop("start"), date.pop("end")
    out["range"] = {"start": low, "end": high} if low or high else None
    out.update(date)
    return out


def _annotations(analysis: Analysis) -> dict[str, Any]:
    """Per-document annotation lists (an extension of the contract; offsets into the cleaned text)."""
    return {
        "sentences": [{"start": s.start, "end": s.end} for s in analysis.sentences],
        "entities": to_plain(analysis.entities),
        "dates": [_timex(m) for m in analysis.dates],
        "counts": to_plain(analysis.counts),
        "labels": to_plain(analysis.labels),
        "places": to_plain(analysis.places),
        "actors": to_plain(analysis.actors),
        "attributions": to_plain(analysis.attributions),
    }


def _document(analysis: Analysis) -> dict[str, Any]:
    doc = analysis.doc
    return {
        "id": doc.id,
        "path": doc.path,
        "title": doc.title,
        "outlet": doc.outlet,
        "side": doc.side,
        "published": doc.published,
        "published_basis": doc.published_basis,
        "published_source": doc.published_source,
        "language": doc.language,
        "format": doc.format,
        "sha256": doc.sha256,
        "text": doc.text,
        "warnings": list(doc.warnings),
        "offset_map": [list(pair) for pair in doc.offset_map],
        "annotations": _annotations(analysis),
    }


_ANNOTATED = ("sentences", "entities", "dates", "counts", "labels", "places", "actors", "attributions")


def iter_documents(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every document of the corpus with its annotations, in id order, one at a time."""
    for doc_id in store.analysed_ids(conn):
        yield document_record(conn, doc_id)


def document_record(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any]:
    """One stored document with its annotations, in the contract's form."""
    present = store.annotated_fields(conn, doc_id)
    stored = store.load_outputs(conn, doc_id, [f for f in _ANNOTATED if f in present])
    return _document(Analysis(doc=store.load_document(conn, doc_id), **stored))


def iter_mention_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every aligned event mention in the contract's form, with its participants, one at a time."""
    current: str | None = None
    text = ""
    groups: dict[str, list[Participant]] = {}
    for mention, event in store.iter_mentions(conn):
        if mention.doc != current:
            current = mention.doc
            text = store.load_document(conn, current).text
            groups = {}
            for participant in store.load_participants(conn, current):
                groups.setdefault(participant.mention, []).append(participant)
        yield mention_record(mention, event, text, groups.get(mention.id, ()))


def iter_event_records(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every event in the contract's form, one at a time."""
    for event in store.iter_events(conn):
        yield event_record(event)


def event_record(event: Event) -> dict[str, Any]:
    """One event in the contract's form."""
    plain: dict[str, Any] = to_plain(event)
    plain["date"] = _date_dict(plain.get("date"))
    return plain


def _head(settings: Settings | None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "tool": {
            "name": "rashomon",
            "version": __version__,
            "settings": settings.to_dict() if settings else {},
        },
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def build_export(conn: sqlite3.Connection, settings: Settings | None = None) -> dict[str, Any]:
    """The whole analysis held in the store, as a `rashomon/1` dict."""
    return {
        **_head(settings),
        "documents": list(iter_documents(conn)),
        "places": [to_plain(p) for p in store.load_places(conn)],
        "actors": [to_plain(a) for a in store.load_actors(conn)],
        "mentions": list(iter_mention_records(conn)),
        "events": list(iter_event_records(conn)),
        "framing": store.load_framing(conn),
        "problems": [to_plain(p) for p in store.problems(conn)],
    }


def stream_json(conn: sqlite3.Connection, path: str | Path, settings: Settings | None = None) -> None:
    """Write the `rashomon/1` export of the store to ``path`` one record at a time (memory stays flat)."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    with Path(path).open("w", encoding="utf-8") as fh:
        fh.write("{\n")
        for key, value in _head(settings).items():
            fh.write(f"{dump(key)}: {dump(value)},\n")
        parts: list[tuple[str, Any]] = [
            ("documents", iter_documents(conn)),
            ("places", (to_plain(p) for p in store.load_places(conn))),
            ("actors", (to_plain(a) for a in store.load_actors(conn))),
            ("mentions", iter_mention_records(conn)),
            ("events", iter_event_records(conn)),
        ]
        for key, items in parts:
            fh.write(f"{dump(key)}: [")
            for n, item in enumerate(items):
                fh.write(("\n" if n == 0 else ",\n") + dump(item))
            fh.write("\n],\n")
        fh.write(f'"framing": {dump(store.load_framing(conn))},\n')
        fh.write(f'"problems": {dump([to_plain(p) for p in store.problems(conn)])}\n}}\n')


def _date_dict(value: Any) -> Any:
    if not value:
        return None
    return {k: value.get(k) for k in ("value", "granularity", "start", "end", "basis")}


def write_json(export: dict[str, Any], path: str | Path) -> None:
    """Write the export as UTF-8 JSON."""
    Path(path).write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")


__all__ = [
    "COUNT_COLUMNS",
    "DISCREPANCY_COLUMNS",
    "DOCUMENT_COLUMNS",
    "FORMAT",
    "MENTION_COLUMNS",
    "PARTICIPANT_COLUMNS",
    "SLOT_COLUMNS",
    "build_export",
    "count_record",
    "csv_cell",
    "mention_record",
    "participant_record",
    "write_csv",
    "write_json",
]
