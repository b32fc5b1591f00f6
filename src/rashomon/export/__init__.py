"""The analysis as the public data contract (`rashomon/1`, see contract/export.schema.json) and as CSV."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__, store
from ..codec import to_plain
from ..model import Analysis, Attribution, EventMention, TimeMention, TimeValue
from ..settings import Settings

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


def _attribution(attr: Attribution | None) -> Any:
    if attr is None:
        return None
    quote = None
    if attr.quote_start is not None and attr.quote_end is not None:
        quote = {"start": attr.quote_start, "end": attr.quote_end}
    content = None
    if attr.content_start is not None and attr.content_end is not None:
        content = {"start": attr.content_start, "end": attr.content_end}
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


def mention_record(mention: EventMention, event_id: str, text: str) -> dict[str, Any]:
    """One event mention in the contract's form."""
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
        "counts": [
            {
                "value": c.value,
                "high": c.high,
                "approx": c.approx,
                "what": c.what,
                "text": c.text,
                "start": c.start,
                "end": c.end,
            }
            for c in mention.counts
        ],
        "actors": [
            {"actor": a.ref, "text": a.text, "start": a.start, "end": a.end, "role": _role(a.role)}
            for a in mention.actors
        ],
        "labels": [
            {
                "start": lab.start,
                "end": lab.end,
                "text": lab.text,
                "label": lab.label,
                "category": lab.category,
            }
            for lab in mention.labels
        ],
        "attribution": _attribution(mention.attribution),
        # who claims it and on whose authority, outermost first (an extension of the contract)
        "attribution_chain": [_attribution(a) for a in mention.attributions],
        "modality": mention.modality,
        "confidence": mention.confidence,
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


def build_export(conn: sqlite3.Connection, settings: Settings | None = None) -> dict[str, Any]:
    """The whole analysis held in the store, as a `rashomon/1` dict."""
    analyses = [store.load_analysis(conn, doc_id) for doc_id in store.analysed_ids(conn)]
    texts = {a.doc.id: a.doc.text for a in analyses}
    mentions = [mention_record(m, event, texts[m.doc]) for m, event in store.load_mentions(conn)]
    events = []
    for event in store.load_events(conn):
        event = dict(event)
        event["date"] = _date_dict(event.get("date"))
        events.append(event)
    return {
        "format": FORMAT,
        "tool": {
            "name": "rashomon",
            "version": __version__,
            "settings": settings.to_dict() if settings else {},
        },
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": [_document(a) for a in analyses],
        "places": [to_plain(p) for p in store.load_places(conn)],
        "actors": [to_plain(a) for a in store.load_actors(conn)],
        "mentions": mentions,
        "events": events,
        "framing": store.load_framing(conn),
        "problems": [to_plain(p) for p in store.problems(conn)],
    }


def _date_dict(value: Any) -> Any:
    if not value:
        return None
    return {k: value.get(k) for k in ("value", "granularity", "start", "end", "basis")}


def write_json(export: dict[str, Any], path: str | Path) -> None:
    """Write the export as UTF-8 JSON."""
    Path(path).write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")


def write_csv(export: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Write mentions.csv, events.csv and discrepancies.csv (one row per value) for spreadsheets."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = {d["id"]: d for d in export["documents"]}
    places = {p["id"]: p["name"] for p in export["places"]}
    written = []
    with (out / "mentions.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "mention",
                "event",
                "doc",
                "side",
                "type",
                "date",
                "granularity",
                "places",
                "counts",
                "labels",
                "attributed_to",
                "modality",
                "sentence",
                "start",
                "end",
            ]
        )
        for m in export["mentions"]:
            date = m["date"] or {}
            writer.writerow(
                [
                    m["id"],
                    m["event"],
                    m["doc"],
                    docs[m["doc"]].get("side") or "",
                    m["type"],
                    date.get("value") or "",
                    date.get("granularity") or "",
                    "; ".join(
                        places.get(p["place"], p["text"]) if p["place"] else p["text"] for p in m["places"]
                    ),
                    "; ".join(f"{c['text']} {c['what']}".strip() for c in m["counts"]),
                    "; ".join(lab["text"] for lab in m["labels"]),
                    (m["attribution"] or {}).get("source", ""),
                    m["modality"],
                    m["sentence"]["text"],
                    m["sentence"]["start"],
                    m["sentence"]["end"],
                ]
            )
    written.append(out / "mentions.csv")
    with (out / "events.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["event", "type", "date", "granularity", "places", "docs", "sides", "summary", "discrepancies"]
        )
        for e in export["events"]:
            date = e["date"] or {}
            writer.writerow(
                [
                    e["id"],
                    e["type"],
                    date.get("value") or "",
                    date.get("granularity") or "",
                    "; ".join(places.get(p, p) for p in e["places"]),
                    "; ".join(e["docs"]),
                    "; ".join(e.get("sides", [])),
                    e.get("summary", ""),
                    len(e["discrepancies"]),
                ]
            )
    written.append(out / "events.csv")
    with (out / "discrepancies.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["event", "aspect", "kind", "what", "value", "docs", "mentions"])
        for e in export["events"]:
            for d in e["discrepancies"]:
                for v in d["values"]:
                    writer.writerow(
                        [
                            e["id"],
                            d["aspect"],
                            d["kind"],
                            d.get("what", ""),
                            v["value"],
                            "; ".join(v["docs"]),
                            "; ".join(v["mentions"]),
                        ]
                    )
    written.append(out / "discrepancies.csv")
    return written
