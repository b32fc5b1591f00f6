"""The data of an event page: headline, coverage by side, the facts table (slot x source).

Coverage lists every side present in the corpus as a column, with the documents of that side that
report the event, or that none does. The facts table has one row per slot and one column per
reporting document; each value is the source's own words, linked to their place in the document.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from ..corpus.slots import side_name
from .documents import NO_SIDE, display_title, safe_name, side_of
from .headline import date_words, headline, words

Json = dict[str, Any]

# the order of a facts table's rows: when, where, who and how many, then who acted and what was claimed
_ROW_ORDER = ("date", "place", "count", "label", "agent", "mediator", "in_return", "claim", "place_name")


def corpus_sides(docs: Mapping[str, Json]) -> list[str]:
    """The sides present in the corpus, in order; documents without one form their own column."""
    sides = sorted({d["side"] for d in docs.values() if d.get("side")})
    return sides + ([NO_SIDE] if any(not d.get("side") for d in docs.values()) else [])


def coverage(event: Json, docs: Mapping[str, Json], sides: Sequence[str]) -> list[Json]:
    """One column per side of the corpus: the documents of that side that report the event."""
    mentions_of: dict[str, int] = defaultdict(int)
    for mid in event["mentions"]:
        mentions_of[mid.rsplit(":", 1)[0]] += 1
    out = []
    for side in sides:
        reporting = [
            {"doc": d, "title": display_title(docs[d]), "mentions": mentions_of.get(d, 0), **_meta(docs[d])}
            for d in event["docs"]
            if d in docs and side_of(docs[d]) == side
        ]
        out.append({"side": side, "docs": reporting, "reported": bool(reporting)})
    return out


def _meta(doc: Json) -> Json:
    return {"outlet": doc.get("outlet") or "", "published": doc.get("published") or ""}


def _kind(slot: Json) -> str:
    """A slot's kind of row: its aspect, except that the names of a place (aspect 'place') come apart."""
    return "place_name" if str(slot["key"]).startswith("place_name:") else str(slot["aspect"])


def _row_rank(slot: Json) -> tuple[int, str]:
    aspect = _kind(slot)
    return (_ROW_ORDER.index(aspect) if aspect in _ROW_ORDER else len(_ROW_ORDER), slot["key"])


def _value_words(slot: Json, value: Json, places: Mapping[str, Json], names: Mapping[str, str]) -> str:
    """The normalised value in the tool's words: a place's or actor's display name, a date, a figure."""
    raw = str(value["value"])
    if _kind(slot) == "place":
        return str((places.get(raw) or {}).get("name") or raw)
    if slot["aspect"] in ("agent", "mediator"):
        return side_name(raw, dict(names))
    if slot["aspect"] == "date":
        return date_words({"value": raw}) or raw
    if slot["aspect"] == "label" and value.get("category"):
        return str(value["category"]).replace("_", " ")
    return raw


def facts_table(
    event: Json, docs: Mapping[str, Json], places: Mapping[str, Json], names: Mapping[str, str], doc_href: str
) -> Json:
    """Rows of slots by columns of reporting documents; each cell the document's values, linked.

    ``doc_href`` is the relative link to a document page with '{doc}' for its file name. A place-name
    row is kept only when the sources use more than one name for the place."""
    columns = sorted((d for d in event["docs"] if d in docs), key=lambda d: (side_of(docs[d]), d))
    disputed = {d.get("slot") for d in event["discrepancies"]}
    rows = []
    for slot in sorted(event.get("slots", ()), key=_row_rank):
        if (
            _kind(slot) == "place_name"
            and len({" ".join(v["text"].lower().split()) for v in slot["values"]}) < 2
        ):
            continue
        cells: dict[str, list[Json]] = defaultdict(list)
        for v in slot["values"]:
            if v["doc"] not in docs:
                continue
            cells[v["doc"]].append(
                {
                    "text": v["text"],
                    "value": _value_words(slot, v, places, names),
                    "detail": bool(v.get("detail")),
                    "href": doc_href.format(doc=safe_name(v["doc"])) + f"#o{v['start']}",
                    "start": v["start"],
                    "end": v["end"],
                }
            )
        for doc, values in cells.items():
            cells[doc] = _once(values)
        rows.append(
            {
                "what": slot["what"],
                "key": slot["key"],
                "disputed": slot["key"] in disputed,
                "cells": [cells.get(d, []) for d in columns],
            }
        )
    return {
        "columns": [{"doc": d, "title": display_title(docs[d]), "side": side_of(docs[d])} for d in columns],
        "rows": rows,
    }


_DETAILS_SHOWN = 3  # a document's other values of one fact: the first few, then how many more


def _once(values: list[Json]) -> list[Json]:
    """A document's values of one fact, its own value first, each wording once with how often it is
    given; past a few other values, the rest only counted."""
    values.sort(key=lambda c: (c["detail"], c["start"]))
    seen: dict[tuple[bool, str], Json] = {}
    for v in values:
        key = (v["detail"], " ".join(v["text"].lower().split()))
        if key in seen:
            seen[key]["times"] += 1
        else:
            seen[key] = {**v, "times": 1}
    unique = list(seen.values())
    mains = [v for v in unique if not v["detail"]]
    details = [v for v in unique if v["detail"]]
    shown = mains + details[:_DETAILS_SHOWN]
    if len(details) > _DETAILS_SHOWN:
        shown[-1] = {**shown[-1], "more": len(details) - _DETAILS_SHOWN}
    return shown


def relation_words(relation: str) -> Json:
    """A discrepancy relation's short name and explanation in plain words."""
    found = words()["relations"].get(relation) or {}
    return {"name": found.get("name", relation.replace("_", " ")), "means": found.get("means", "")}


def event_context(
    event: Json,
    docs: Mapping[str, Json],
    places: Mapping[str, Json],
    names: Mapping[str, str],
    mentions: Mapping[str, Json],
    sides: Sequence[str],
) -> Json:
    """Headline, coverage and facts of one event page (the JSON twin of its top half)."""
    counts = [c for mid in event["mentions"] for c in (mentions.get(mid) or {}).get("counts", ())]
    return {
        "headline": headline(event, dict(places), dict(names), counts),
        "coverage": coverage(event, docs, sides),
        "facts": facts_table(event, docs, places, names, "../docs/{doc}.html"),
    }
