"""The NewsQuant value scorer (issue 13 item 5): gold values, one-to-one matching, the readings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval.quantities import baseline, evaluate, matches, parse_value, published_cqe, read_sentences


@pytest.mark.parametrize(
    ("raw", "value"),
    [("6.0", 6.0), ("252.0-287.0", (252.0, 287.0)), ("-1.3", -1.3), ("1-2", (1.0, 2.0)), ("1E6", 1e6)],
)
def test_parse_value(raw: str, value: object) -> None:
    assert parse_value(raw) == value


@pytest.mark.parametrize(
    ("gold", "pred", "hits"),
    [
        ([6.0, 40.0], [40.0, 6.0], 2),
        ([6.0], [6.0, 6.0], 1),  # one to one
        ([(60.0, 64.0)], [60.0, 64.0], 0),  # a range matches only a range
        ([(60.0, 64.0)], [(60.0, 64.0)], 1),
        ([0.1 + 0.2], [0.3], 1),  # equal within a relative 1e-5
        ([], [3.0], 0),
    ],
)
def test_matches(gold: list, pred: list, hits: int) -> None:
    assert matches(gold, pred) == hits


def test_baseline_reads_digit_strings() -> None:
    assert baseline("Some 1,960 troops and 2.5 tonnes, not five.") == [1960.0, 2.5]


def test_evaluate_on_written_sentences(tmp_path: Path) -> None:
    # Written for this test in NewsQuant's format.
    rows = [
        {"text": "Velmora freed 15 prisoners for $6 each.", "quantities": [{"value": "15"}, {"value": "6"}]},
        {"text": "The Big 12 teams met at 17:43.", "quantities": []},
    ]
    (tmp_path / "NewsQuant.json").write_text(json.dumps(rows), "utf-8")
    (tmp_path / "published_results_NewsQuant.tsv").write_text(
        "\tP\tR\tF1\tmodel\ttype\n0\t92.0\t91.8\t91.9\tCQE-Numparser\tvalue\n", "utf-8"
    )
    sentences = read_sentences(tmp_path)
    assert [s.gold for s in sentences] == [(15.0, 6.0), ()]
    scores = evaluate(sentences)
    assert (scores["counts"]["tp"], scores["counts"]["predicted"]) == (
        1,
        1,
    )  # 15 prisoners; $6 counts no noun
    assert (scores["numbers"]["tp"], scores["numbers"]["predicted"]) == (2, 2)  # not 'Big 12', not 17:43
    assert scores["baseline"]["predicted"] == 5  # 15, 6, 12, 17, 43
    assert published_cqe(tmp_path) == 91.9
