"""The analysis as CSV tables with typed columns: one type per column in every row."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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


@contextmanager
def _table(path: Path, columns: Sequence[str]) -> Iterator[_SafeWriter]:
    """A CSV file open for rows, its header written."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = _SafeWriter(fh)
        writer.writerow(columns)
        yield writer


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

    with _table(path, PARTICIPANT_COLUMNS) as writer:
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


MENTION_COLUMNS = (
    "mention",
    "event",
    "doc",
    "side",
    "type",
    "date",
    "granularity",
    "salience",
    "places",
    "actors",
    "counts",
    "participants",
    "labels",
    "attributed_to",
    "modality",
    "sentence",
    "start",
    "end",
)


def write_csv(export: dict[str, Any], out_dir: str | Path) -> list[Path]:
    """Write documents.csv, mentions.csv, counts.csv, participants.csv, events.csv, slots.csv,
    discrepancies.csv (typed columns) and a README.md describing every column."""
    from .columns import write_readme

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs = {d["id"]: d for d in export["documents"]}
    places = {p["id"]: p["name"] for p in export["places"]}
    written = [_documents_csv(export, out / "documents.csv")]
    with _table(out / "mentions.csv", MENTION_COLUMNS) as writer:
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
                    m.get("salience") or "",
                    "; ".join(
                        places.get(p["place"], p["text"]) if p["place"] else p["text"] for p in m["places"]
                    ),
                    "; ".join(a.get("actor") or a["text"] for a in m.get("actors", ())),
                    len(m["counts"]),
                    len(m.get("participants", ())),
                    "; ".join(lab["text"] for lab in m["labels"]),
                    (m["attribution"] or {}).get("source", ""),
                    m["modality"],
                    m["sentence"]["text"],
                    m["sentence"]["start"],
                    m["sentence"]["end"],
                ]
            )
    written.append(out / "mentions.csv")
    written.append(_counts_csv(export, out / "counts.csv"))
    written.append(_participants_csv(export, out / "participants.csv"))
    with _table(out / "events.csv", EVENT_COLUMNS) as writer:
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
                    len(e["docs"]),
                    "; ".join(e.get("sides", [])),
                    e.get("summary", ""),
                    len(e["discrepancies"]),
                ]
            )
    written.append(out / "events.csv")
    written.append(_slots_csv(export, out / "slots.csv"))
    written.append(_discrepancies_csv(export, out / "discrepancies.csv"))
    written.append(write_readme(out / "README.md"))
    return written


EVENT_COLUMNS = (
    "event",
    "type",
    "date",
    "granularity",
    "places",
    "docs",
    "n_docs",
    "sides",
    "summary",
    "discrepancies",
)
DOCUMENT_COLUMNS = (
    "doc",
    "title",
    "outlet",
    "side",
    "published",
    "published_basis",
    "published_source",
    "language",
    "format",
    "chars",
    "sentences",
    "mentions",
    "events",
    "warnings",
    "path",
    "sha256",
)
COUNT_COLUMNS = (
    "mention",
    "event",
    "doc",
    "side",
    "value",
    "high",
    "approx",
    "what",
    "casualty",
    "part",
    "whole",
    "text",
    "start",
    "end",
)


def _documents_csv(export: dict[str, Any], path: Path) -> Path:
    """One row per document: its metadata with the basis of its date, its size and what was found."""
    mentions: dict[str, int] = {}
    events: dict[str, set[str]] = {}
    for m in export["mentions"]:
        mentions[m["doc"]] = mentions.get(m["doc"], 0) + 1
        events.setdefault(m["doc"], set()).add(m["event"])
    with _table(path, DOCUMENT_COLUMNS) as writer:
        for d in export["documents"]:
            writer.writerow(
                [
                    d["id"],
                    d.get("title") or "",
                    d.get("outlet") or "",
                    d.get("side") or "",
                    d.get("published") or "",
                    d.get("published_basis") or "unknown",
                    d.get("published_source") or "",
                    d.get("language") or "",
                    d.get("format") or "",
                    len(d.get("text") or ""),
                    len((d.get("annotations") or {}).get("sentences", ())),
                    mentions.get(d["id"], 0),
                    len(events.get(d["id"], ())),
                    "; ".join(d.get("warnings") or ()),
                    d.get("path") or "",
                    d.get("sha256") or "",
                ]
            )
    return path


def _counts_csv(export: dict[str, Any], path: Path) -> Path:
    """One row per figure an event mention gives: the number, its range and approximator apart."""
    docs = {d["id"]: d for d in export["documents"]}
    with _table(path, COUNT_COLUMNS) as writer:
        for m in export["mentions"]:
            for c in m["counts"]:
                writer.writerow(
                    [
                        m["id"],
                        m["event"],
                        m["doc"],
                        (docs.get(m["doc"]) or {}).get("side") or "",
                        _number(c.get("value")),
                        _number(c.get("high")),
                        c.get("approx") or "",
                        c.get("what") or "",
                        c.get("casualty") or "",
                        int(bool(c.get("part"))),
                        _number(c.get("whole")),
                        c.get("text") or "",
                        c.get("start", ""),
                        c.get("end", ""),
                    ]
                )
    return path


SLOT_COLUMNS = (
    "event",
    "slot",
    "aspect",
    "what",
    "role",
    "slot_side",
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
    "discrepancy",
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
    with _table(path, SLOT_COLUMNS) as writer:
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
    with _table(path, DISCREPANCY_COLUMNS) as writer:
        for e in export["events"]:
            for n, d in enumerate(e["discrepancies"], start=1):
                head = [
                    f"{e['id']}:d{n}",
                    e["id"],
                    d.get("slot", ""),
                    d["aspect"],
                    d["kind"],
                    d.get("relation", d["kind"]),
                ]
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
