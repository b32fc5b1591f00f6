"""The rows of the overview's and the timeline's event lists, with what their filters read.

Each row carries its type, date interval, sides, places, number of documents and whether it is
background: an event told by one document only as history or as a kind of event (every mention's
salience is 'background'). Such rows are hidden until the reader switches them on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..corpus.dates import interval
from ..model import TimeValue
from .documents import safe_name, side_of
from .headline import date_words, type_name

Json = dict[str, Any]


def date_bounds(date: Json | None) -> tuple[str, str]:
    """The first and last day an event's date can mean, as ISO ('', '' when undated)."""
    if not date:
        return "", ""
    value, low, high = date.get("value"), date.get("start"), date.get("end")
    if value and "/" in str(
        value
    ):  # '2020-11-09/2020-11-10': from the first day of one to the last of the other
        low, high, value = str(value).split("/", 1)[0], str(value).split("/", 1)[1], None
    if not value and bool(low) != bool(high):  # an open range: the known end alone bounds it
        one = interval(TimeValue(str(low or high), "unknown"))
        if one is None:
            return "", ""
        return (one[0].isoformat(), "9999-12-31") if low else ("0001-01-01", one[1].isoformat())
    days = interval(TimeValue(str(value) if value else None, "unknown", low or None, high or None))
    return (days[0].isoformat(), days[1].isoformat()) if days else ("", "")


def is_background(event: Json, mentions: Mapping[str, Json]) -> bool:
    """One document tells it, and only as background (history, a kind of event)."""
    found = [mentions[m] for m in event["mentions"] if m in mentions]
    return len(event["docs"]) == 1 and bool(found) and all(m.get("salience") == "background" for m in found)


def event_rows(
    events: Sequence[Json],
    docs: Mapping[str, Json],
    places: Mapping[str, Json],
    mentions: Mapping[str, Json],
    headlines: Mapping[str, str],
) -> list[Json]:
    """One row per event for the filterable lists."""
    rows = []
    for e in events:
        low, high = date_bounds(e.get("date"))
        sides = sorted({side_of(docs[d]) for d in e["docs"] if d in docs})
        rows.append(
            {
                "id": e["id"],
                "file": safe_name(e["id"]),
                "headline": headlines.get(e["id"], e["id"]),
                "type": e["type"],
                "type_name": type_name(e["type"]),
                "date": date_words(e.get("date")),
                "from": low,
                "to": high,
                "places": [str((places.get(p) or {}).get("name") or p) for p in e["places"]],
                "place_ids": list(e["places"]),
                "sides": sides,
                "docs": len(e["docs"]),
                "background": is_background(e, mentions),
                "disagreements": sorted({d.get("relation") or d["kind"] for d in e["discrepancies"]}),
            }
        )
    return rows


def filter_options(rows: Sequence[Json]) -> Json:
    """The choices of the filter bar: types, places and the largest number of documents."""
    place_names: dict[str, str] = {}
    for r in rows:
        place_names.update(zip(r["place_ids"], r["places"], strict=True))
    return {
        "types": sorted({(r["type"], r["type_name"]) for r in rows}, key=lambda t: t[1]),
        "places": sorted(place_names.items(), key=lambda p: p[1].lower()),
        "max_docs": max((r["docs"] for r in rows), default=1),
    }
