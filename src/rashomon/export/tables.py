"""The analysis as CSV tables with typed columns: one type per column in every row."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# A spreadsheet runs a cell that starts with one of these as a formula ('=HYPERLINK(...)' in a
# hostile document's sentence); such cells get a leading apostrophe, which spreadsheets hide.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """A value safe to put in a CSV cell that a spreadsheet will open."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer whose every text cell goes through csv_cell."""

    def __init__(self, fh: Any) -> None:
        self.writer = csv.writer(fh)

    def writerow(self, row: Sequence[Any]) -> None:
        self.writer.writerow([csv_cell(v) for v in row])


PARTICIPANT_COLUMNS = (
    "mention",
    "event",
    "doc",
    "side",
    "type",
    "role",
    "text",
    "start",
    "end",
    "role_text",
    "who",
    "who_text",
    "by",
    "by_text",
    "to",
    "to_text",
    "count",
    "count_high",
    "count_approx",
    "count_text",
    "part",
    "whole",
    "singular",
    "negated",
    "unreal",
    "labels",
    "label_categories",
)


def _participants_csv(export: dict[str, Any], path: Path) -> Path:
    """One row per participant: typed columns (numbers as numbers, flags as 0/1, ids apart from words)."""
    docs = {d["id"]: d for d in export["documents"]}

    def party(value: Any) -> tuple[str, str]:
        return ((value or {}).get("ref") or "", (value or {}).get("text") or "")

    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = _SafeWriter(fh)
        writer.writerow(PARTICIPANT_COLUMNS)
        for m in export["mentions"]:
            for p in m.get("participants", ()):
                count = p["count"] or {}
                writer.writerow(
                    [
                        m["id"],
                        m["event"],
                        m["doc"],
                        docs[m["doc"]].get("side") or "",
                        m["type"],
                        p["role"],
                        p["text"],
                        p["start"],
                        p["end"],
                        p["role_span"]["text"],
                        *party(p["who"]),
                        *party(p["by"]),
                        *party(p["to"]),
                        _number(count.get("value")),
                        _number(count.get("high")),
                        count.get("approx") or "",
                        count.get("text") or "",
                        int(bool(count.get("part"))),
                        _number(count.get("whole")),
                        int(p["singular"]),
                        int(p["negated"]),
                        int(p["unreal"]),
                        "; ".join(lab["label"] for lab in p["labels"]),
                        "; ".join(lab["category"] for lab in p["labels"]),
                    ]
                )
    return path


def _number(value: Any) -> Any:
    """A figure as an integer when it is one ('15', not '15.0'); empty when there is none."""
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def write_csv(export: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Write mentions.csv, participants.csv, events.csv, slots.csv and discrepancies.csv (typed columns)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = {d["id"]: d for d in export["documents"]}
    places = {p["id"]: p["name"] for p in export["places"]}
    written = []
    with (out / "mentions.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = _SafeWriter(fh)
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
    written.append(_participants_csv(export, out / "participants.csv"))
    with (out / "events.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = _SafeWriter(fh)
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
    written.append(_slots_csv(export, out / "slots.csv"))
    written.append(_discrepancies_csv(export, out / "discrepancies.csv"))
    return written


SLOT_COLUMNS = (
    "event",
    "slot",
    "aspect",
    "what",
    "role",
    "group",
    "doc",
    "side",
    "mention",
    "value",
    "low",
    "high",
    "approx",
    "whole",
    "category",
    "detail",
    "text",
    "start",
    "end",
)

DISCREPANCY_COLUMNS = (
    "event",
    "slot",
    "aspect",
    "kind",
    "relation",
    "what",
    "explanation",
    "value",
    "low",
    "high",
    "approx",
    "doc",
    "side",
    "mention",
    "text",
    "start",
    "end",
)


def _evidence_cells(v: dict[str, Any]) -> list[Any]:
    """value as text, low/high as numbers (empty when none), approx as text: one type per column."""
    return [str(v.get("value") or ""), _number(v.get("low")), _number(v.get("high")), v.get("approx") or ""]


def _slots_csv(export: dict[str, Any], path: Path) -> Path:
    """One row per document value of every event slot, its own detail flagged (0/1)."""
    docs = {d["id"]: d for d in export["documents"]}
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = _SafeWriter(fh)
        writer.writerow(SLOT_COLUMNS)
        for e in export["events"]:
            for slot in e.get("slots", ()):
                for v in slot["values"]:
                    writer.writerow(
                        [
                            e["id"],
                            slot["key"],
                            slot["aspect"],
                            slot["what"],
                            slot.get("role") or "",
                            slot.get("side") or "",
                            v["doc"],
                            (docs.get(v["doc"]) or {}).get("side") or "",
                            v["mention"],
                            *_evidence_cells(v),
                            _number(v.get("whole")),
                            v.get("category") or "",
                            int(bool(v.get("detail"))),
                            v["text"],
                            v["start"],
                            v["end"],
                        ]
                    )
    return path


def _discrepancies_csv(export: dict[str, Any], path: Path) -> Path:
    """One row per document of each discrepancy: its value with the words and span that give it."""
    docs = {d["id"]: d for d in export["documents"]}
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = _SafeWriter(fh)
        writer.writerow(DISCREPANCY_COLUMNS)
        for e in export["events"]:
            for d in e["discrepancies"]:
                head = [e["id"], d.get("slot", ""), d["aspect"], d["kind"], d.get("relation", d["kind"])]
                head += [d.get("what", ""), d.get("explanation", "")]
                for value in d["values"]:
                    evidence = value.get("evidence") or [
                        {
                            "doc": doc,
                            "mention": "",
                            "value": value["value"],
                            "text": "",
                            "start": "",
                            "end": "",
                        }
                        for doc in value["docs"]
                    ]
                    for v in evidence:
                        writer.writerow(
                            [
                                *head,
                                *_evidence_cells(v),
                                v["doc"],
                                (docs.get(v["doc"]) or {}).get("side") or "",
                                v["mention"],
                                v["text"],
                                v["start"],
                                v["end"],
                            ]
                        )
    return path
