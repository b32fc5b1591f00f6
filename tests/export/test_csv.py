"""write_csv: cells a spreadsheet opens safely."""

from __future__ import annotations

import csv

import pytest

from rashomon.export import csv_cell, write_csv

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_issue9_a_cell_never_starts_a_formula(value):
    """Issue 9: CSV exports allowed formula injection (cells starting with = + - @)."""
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Officials said", "", "e1", 45, None, "2025-03-03"])
def test_ordinary_cells_are_unchanged(value):
    assert csv_cell(value) == value


def test_issue9_every_csv_file_is_defused(tmp_path):
    bad = "=cmd|' /C calc'!A0"
    value = {"doc": "-d1", "mention": "-d1:m1", "value": bad, "text": bad, "start": 0, "end": 3, "low": 1.0,
             "high": None, "approx": None, "whole": None, "category": bad, "detail": False}  # fmt: skip
    export = {
        "documents": [{"id": "-d1", "side": "+side", "title": "@title"}],
        "places": [],
        "mentions": [
            {
                "id": "-d1:m1",
                "event": "e1",
                "doc": "-d1",
                "type": "attack",
                "date": None,
                "places": [],
                "counts": [{"value": 3.0, "high": None, "approx": None, "what": bad, "text": bad, "start": 0,
                            "end": 1, "casualty": None, "part": False, "whole": None}],
                "labels": [],
                "attribution": {"source": bad},
                "modality": "asserted",
                "sentence": {"text": bad, "start": 0, "end": 10},
                "participants": [
                    {"role": "killed", "text": bad, "start": 0, "end": 3, "role_span": {"text": bad},
                     "who": {"ref": bad, "text": bad}, "by": None, "to": None, "count": None,
                     "singular": False, "negated": False, "unreal": False, "labels": []}
                ],
            }
        ],
        "events": [
            {
                "id": "e1",
                "type": "attack",
                "date": None,
                "places": [],
                "docs": ["-d1"],
                "sides": ["+side"],
                "summary": bad,
                "discrepancies": [
                    {"aspect": "count", "kind": "contradiction", "what": bad, "values": [
                        {"value": bad, "docs": ["-d1"], "mentions": ["-d1:m1"]}
                    ]},
                    {"aspect": "count", "kind": "contradiction", "relation": "contradiction", "slot": bad,
                     "what": bad, "explanation": bad, "values": [
                        {"value": bad, "docs": ["-d1"], "mentions": ["-d1:m1"], "evidence": [value]}
                    ]},
                ],
                "slots": [
                    {"key": bad, "aspect": "count", "what": bad, "role": bad, "side": bad, "values": [value]}
                ],
            }
        ],
    }  # fmt: skip
    for path in write_csv(export, tmp_path):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        cells = [cell for row in rows[1:] for cell in row]
        assert cells, path
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), path
