"""The disagreement scorer (issue 13 item 5): judgements matched to shown discrepancies."""

from __future__ import annotations

import json

import pytest
from eval.disagreements import Shown, differ, judgement_key, load_judgements, score, shown


def _shown(slot, *values):
    return Shown("e1", slot, "count", "contradiction", "", tuple(sorted(values)))


def _judged(slot, verdict, *values):
    return {
        "slot": slot,
        "verdict": verdict,
        "values": [{"doc": d, "value": v, "start": s, "end": e} for d, v, s, e in values],
    }


A45 = ("a", "45", 0, 2)
B48 = ("b", "48", 5, 7)
C50 = ("c", "50", 9, 11)


@pytest.mark.parametrize(
    ("found", "judgements", "expected"),
    [
        # one real, one not
        (
            [_shown("count:released:", A45, B48), _shown("date", A45, C50)],
            [_judged("count:released:", "real", A45, B48), _judged("date", "not", A45, C50)],
            {"precision": 0.5, "floor": 0.5, "recall": 1.0, "unjudged": 0.0},
        ),
        # an unjudged discrepancy lowers the floor, not the precision
        (
            [_shown("count:released:", A45, B48), _shown("date", A45, C50)],
            [_judged("count:released:", "real", A45, B48)],
            {"precision": 1.0, "floor": 0.5, "recall": 1.0, "unjudged": 1.0},
        ),
        # a real disagreement not shown lowers recall
        (
            [_shown("count:released:", A45, B48)],
            [_judged("count:released:", "real", A45, B48), _judged("count:killed:", "missed", A45, C50)],
            {"precision": 1.0, "floor": 1.0, "recall": 0.5, "missed": 1.0},
        ),
        # matched on slot and (document, value): offsets may move, values may not
        (
            [_shown("count:released:", ("a", "45", 3, 5), ("b", "48", 9, 11))],
            [_judged("count:released:", "real", A45, B48)],
            {"precision": 1.0, "floor": 1.0},
        ),
        (
            [_shown("count:released:", ("a", "46", 0, 2), B48)],
            [_judged("count:released:", "real", A45, B48)],
            {"floor": 0.0},
        ),
        # nothing shown, nothing missed
        ([], [], {"precision": 1.0, "floor": 1.0, "recall": 1.0}),
    ],
)
def test_score(found, judgements, expected):
    result = score(found, judgements)
    assert {k: result[k] for k in expected} == expected


def test_shown_reads_every_discrepancy_of_an_export_with_its_evidence():
    export = {
        "events": [
            {
                "id": "e3",
                "discrepancies": [
                    {
                        "aspect": "count",
                        "kind": "contradiction",
                        "relation": "contradiction",
                        "slot": "count:killed:",
                        "explanation": "x.",
                        "values": [
                            {
                                "value": "45",
                                "docs": ["a"],
                                "mentions": ["a:m1"],
                                "evidence": [{"doc": "a", "value": "45", "start": 0, "end": 2}],
                            },
                            {
                                "value": "48",
                                "docs": ["b"],
                                "mentions": ["b:m1"],
                                "evidence": [{"doc": "b", "value": "48", "start": 5, "end": 7}],
                            },
                        ],
                    }
                ],
            }
        ]
    }
    [found] = shown(export)
    assert found.key() == judgement_key(_judged("count:killed:", "real", A45, B48))


def test_judgements_load_from_jsonl(tmp_path):
    record = _judged("date", "real", A45, C50)
    (tmp_path / "x.jsonl").write_text(json.dumps(record) + "\n\n", "utf-8")
    assert load_judgements("x", tmp_path) == [record]
    assert load_judgements("absent", tmp_path) == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [([1, 1, None], False), ([1, 2], True), ([None, None], False), ([3], False)],
)
def test_reports_differ_when_two_give_different_figures(values, expected):
    assert differ(values) is expected


def test_the_judgement_files_are_well_formed():
    """Every record names its set's documents by id, a value and a verdict; no sentence is copied."""
    for name in ("seeds", "gva", "fakes"):
        for rec in load_judgements(name):
            assert rec["verdict"] in {"real", "not", "missed"}
            assert rec["slot"] and rec["reason"]
            for v in rec["values"]:
                assert len(v["value"]) <= 20 and v["end"] > v["start"] >= 0
