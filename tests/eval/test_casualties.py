"""The GVDB casualty scorer (issue 13 item 5): reading the gold, the document reading, the metric."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from eval.casualties import HALVES, Tally, baseline, document_casualties, half_of, read_articles
from tests.helpers import analysis_of

from rashomon.corpus.toll import document_toll
from rashomon.model import Analysis
from rashomon.pipeline import _prepare, analyse_document, load_stages
from rashomon.settings import default_settings


@pytest.fixture(scope="module")
def analyse():
    _prepare(default_settings(), load_stages())

    def run(text: str) -> Analysis:
        analysis, problems = analyse_document(analysis_of(text).doc)
        assert problems == []
        return analysis

    return run


def _victims(*outcomes: list[str]) -> str:
    return json.dumps({"victim-section": [{"victim-was": o} for o in outcomes]})


def _write_tsv(path: Path) -> None:
    # Written for this test in the file's format: title glued to the text, one row without victims.
    rows = [
        ("1", "Man shot on Elm Street", "Man shot on Elm StreetA man was shot.", _victims(["injured"])),
        (
            "2",
            "Two dead",
            "Two dead in crash. Two men were killed.",
            _victims(["killed"], ["killed", "hospitalized"], ["hospitalized"]),
        ),
        ("3", "Quiet night", "Nothing happened.", json.dumps({})),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t")
    writer.writerow(["Article id", "Article url", "Article title", "Full text", "Json", "Worker"])
    for aid, title, text, data in rows:
        writer.writerow([aid, "http://example.org", title, text, data, "w"])
    path.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))


def test_read_articles_counts_victims_and_parts_the_title(tmp_path: Path) -> None:
    _write_tsv(tmp_path / "dev.tsv.gz")
    first, second, third = read_articles(tmp_path)
    assert (first.killed, first.injured) == (0, 1)
    assert first.text == "Man shot on Elm Street\nA man was shot."
    assert (second.killed, second.injured) == (2, 0)  # 'hospitalized' alone is not 'injured'
    assert (third.killed, third.injured) == (0, 0)
    assert [a.id for a in read_articles(tmp_path, limit=2)] == ["1", "2"]


# the rules of the reading are tested in tests/corpus/test_toll.py; the scorer only calls it
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two teens were shot on Monday, leaving one dead.", {"killed": 1, "injured": 1}),
        ("Nobody was hurt in the shooting.", {"killed": 0, "injured": 0}),
    ],
)
def test_issue13_the_scorer_reads_with_the_library(analyse, text: str, expected: dict[str, int]) -> None:
    analysis = analyse(text)
    toll = document_toll(analysis.participants, analysis.events, text)
    assert document_casualties(analysis.participants, analysis.events, text) == expected
    assert expected == {"killed": toll["killed"].value, "injured": toll["wounded"].value}


def test_issue13_halves_are_fixed_and_cover_every_article(tmp_path: Path) -> None:
    _write_tsv(tmp_path / "dev.tsv.gz")
    halves = {half: [a.id for a in read_articles(tmp_path, half=half)] for half in HALVES}
    assert sorted(halves["train"] + halves["dev"]) == ["1", "2", "3"]
    assert all(half_of(aid) == half for half, ids in halves.items() for aid in ids)
    # the half is a function of the id alone (CRC-32 parity), so it never moves between runs
    assert [half_of(aid) for aid in ("3", "4", "10", "7")] == ["dev", "train", "dev", "train"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two people were killed and 3 were wounded.", {"killed": 2, "injured": 3}),
        ("The blast left 4 dead, killing 6 in all.", {"killed": 6, "injured": 0}),
        ("Nobody was hurt.", {"killed": 0, "injured": 0}),
    ],
)
def test_baseline(text: str, expected: dict[str, int]) -> None:
    assert baseline(text) == expected


def test_tally_metric() -> None:
    tally = Tally()
    tally.add({"killed": 1, "injured": 0}, {"killed": 1, "injured": 0})  # TP killed; injured 0 = 0: nothing
    tally.add({"killed": 2, "injured": 1}, {"killed": 3, "injured": 0})  # wrong killed: FP and FN; FN injured
    tally.add({"killed": 0, "injured": 0}, {"killed": 0, "injured": 2})  # FP injured
    assert (tally.tp["killed"], tally.fp["killed"], tally.fn["killed"]) == (1, 1, 1)
    assert (tally.tp["injured"], tally.fp["injured"], tally.fn["injured"]) == (0, 1, 1)
    figures = tally.figures()
    assert figures["killed_precision"] == figures["killed_recall"] == figures["killed_f1"] == 0.5
    assert figures["injured_f1"] == 0.0
    assert figures["killed_acc"] == pytest.approx(2 / 3)


def test_issue13_the_ceiling_keeps_only_the_errors_judged_the_golds():
    from eval.casualties import Article, ceiling

    # article 678: its injured error is judged the gold's (no victim listed); article x: not judged
    rows = [
        (Article("678", "", killed=0, injured=0), {"killed": 0, "injured": 1}, None),
        (Article("x", "", killed=2, injured=0), {"killed": 1, "injured": 0}, None),
    ]
    tally, unjudged = ceiling(rows)  # type: ignore[arg-type]
    assert unjudged == 1
    assert tally.fp["injured"] == 1  # the gold's error stays
    assert tally.tp["killed"] == 1 and tally.fn["killed"] == 0  # the reader's own error is fixed
