"""The CSV tables on the seeds: documents.csv, typed columns, counts that agree with the run summary."""

from __future__ import annotations

import csv
from pathlib import Path

import jsonschema

from rashomon.export import COUNT_COLUMNS, DOCUMENT_COLUMNS, MENTION_COLUMNS


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_issue10_documents_csv_has_every_document_with_typed_columns(seeds_run):
    _, export, folder, _ = seeds_run
    header, rows = _rows(folder / "documents.csv")
    assert tuple(header) == DOCUMENT_COLUMNS
    assert [r["doc"] for r in rows] == [d["id"] for d in export["documents"]]
    for row in rows:
        for column in ("chars", "sentences", "mentions", "events"):
            assert row[column].isdigit(), (column, row[column])
        assert row["published_basis"] in {"metadata", "text", "unknown"}
        assert row["side"]  # the seeds' sources.csv gives every side
    by_id = {d["id"]: d for d in export["documents"]}
    assert all(int(r["chars"]) == len(by_id[r["doc"]]["text"]) for r in rows)
    assert sum(int(r["mentions"]) for r in rows) == len(export["mentions"])


def test_issue10_numeric_columns_hold_only_numbers(seeds_run):
    _, _, folder, _ = seeds_run
    numeric = {
        "counts.csv": ("value", "high", "whole", "start", "end", "part"),
        "mentions.csv": ("counts", "participants", "start", "end"),
        "slots.csv": ("low", "high", "whole", "detail"),
        "discrepancies.csv": ("low", "high"),
        "participants.csv": ("count", "count_high", "whole"),
    }
    for name, columns in numeric.items():
        header, rows = _rows(folder / name)
        assert rows, name
        for column in columns:
            assert column in header, (name, column)
            assert all(r[column] == "" or _is_number(r[column]) for r in rows), (name, column)
    _, counts = _rows(folder / "counts.csv")
    assert any(r["value"] for r in counts) and all(r["value"] for r in counts)


def test_issue10_one_name_for_a_documents_side(seeds_run):
    _, _, folder, _ = seeds_run
    for name in ("documents.csv", "mentions.csv", "counts.csv", "slots.csv", "discrepancies.csv"):
        header, _ = _rows(folder / name)
        assert "side" in header and "group" not in header, name
    header, _ = _rows(folder / "mentions.csv")
    assert tuple(header) == MENTION_COLUMNS and {"actors", "participants", "salience"} <= set(header)
    header, _ = _rows(folder / "counts.csv")
    assert tuple(header) == COUNT_COLUMNS


def test_issue10_counts_agree_with_the_run_summary(seeds_run):
    summary, _, folder, _ = seeds_run
    assert len(_rows(folder / "mentions.csv")[1]) == summary.mentions
    assert len(_rows(folder / "events.csv")[1]) == summary.events
    _, rows = _rows(folder / "discrepancies.csv")
    assert len({r["discrepancy"] for r in rows}) == summary.discrepancies
    readme = (folder / "README.md").read_text("utf-8")
    assert "distinct values of the column discrepancy" in readme
    assert all(f"## {name}" in readme for name in ("documents.csv", "counts.csv", "discrepancies.csv"))


def test_issue10_export_with_salience_still_validates(seeds_run, export_schema):
    _, export, _, _ = seeds_run
    jsonschema.validate(export, export_schema)
    assert {m["salience"] for m in export["mentions"]} <= {"current", "background"}
