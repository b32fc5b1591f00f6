"""The TempEval-3 scorer: gold reading, one-to-one matching, the task's measures (hand-written fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval.tempeval3 import Span, Tally, locate, match

from eval import tempeval3

# three sentences written for this test, with an escaped ampersand between two TIMEX3
TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>fixture</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2021-03-10" functionInDocument="CREATION_TIME"></TIMEX3></DCT>
<TEXT>The ferry left Harbourtown on <TIMEX3 tid="t1" type="DATE" value="2021-03-03">3 March 2021</TIMEX3>.
Crews &amp; pilots had waited <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3> for calm water.
It returns in <TIMEX3 tid="t3" type="DATE" value="2021-04">April</TIMEX3>.</TEXT>
</TimeML>
"""


def write(tmp_path: Path, text: str = TML) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.tml").write_text(text, "utf-8")
    return tmp_path


def test_read_gold_gives_plain_text_offsets(tmp_path: Path) -> None:
    text, dct, gold = tempeval3.read_gold(write(tmp_path) / "corpus" / "a.tml")
    assert dct == "2021-03-10"
    assert [text[g.start : g.end] for g in gold] == ["3 March 2021", "two days", "April"]
    assert [(g.type, g.value) for g in gold] == [
        ("DATE", "2021-03-03"),
        ("DURATION", "P2D"),
        ("DATE", "2021-04"),
    ]
    assert "Crews & pilots" in text and "<" not in text


def test_read_gold_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.tml"
    path.write_text("<TimeML><DOCID>x</DOCID></TimeML>", "utf-8")
    assert tempeval3.read_gold(path) == ("", None, [])


def S(start: int, end: int, type_: str = "DATE", value: str = "2021-03-03") -> Span:
    return Span(start, end, "", type_, value)


@pytest.mark.parametrize(
    ("gold", "pred", "pairs"),
    [
        ([], [], []),
        ([S(0, 5)], [], []),
        ([], [S(0, 5)], []),
        ([S(0, 5)], [S(10, 15)], []),  # no overlap
        ([S(0, 5)], [S(5, 9)], []),  # touching is not overlapping
        ([S(0, 5), S(10, 15)], [S(0, 15)], [(0, 0)]),  # one long prediction covers two gold: counts once
        ([S(0, 15)], [S(0, 5), S(10, 15)], [(0, 0)]),  # two predictions inside one gold: counts once
        ([S(0, 5)], [S(2, 9), S(0, 5)], [(0, 1)]),  # the identical span wins over an earlier overlap
        # maximum matching: prediction 0 overlaps both gold, prediction 1 only gold 0
        ([S(0, 5), S(6, 12)], [S(3, 8), S(0, 4)], [(0, 1), (1, 0)]),
    ],
)
def test_match_is_one_to_one_and_maximal(
    gold: list[Span], pred: list[Span], pairs: list[tuple[int, int]]
) -> None:
    assert match(gold, pred) == pairs


def test_tally_figures_follow_the_task_definitions() -> None:
    gold = [S(0, 10), S(20, 30, "DURATION", "P3D"), S(40, 50, "DATE", "2021-04"), S(60, 70)]
    pred = [
        S(0, 10),  # strict, value and type right
        S(22, 30, "DATE", "P3D"),  # relaxed only, value right, type wrong
        S(40, 50, "DATE", "2021-05"),  # strict, value wrong
        S(80, 90),  # spurious
        S(85, 95),  # spurious
    ]  # gold 60-70 is missed
    tally = Tally()
    tally.add(gold, pred)
    assert (tally.gold, tally.pred, tally.strict, tally.relaxed, tally.value, tally.type) == (
        4,
        5,
        2,
        3,
        2,
        2,
    )
    f = tally.figures()
    assert f["strict_p"] == pytest.approx(2 / 5) and f["strict_r"] == pytest.approx(2 / 4)
    assert f["relaxed_p"] == pytest.approx(3 / 5) and f["relaxed_r"] == pytest.approx(3 / 4)
    assert f["relaxed_f1"] == pytest.approx(2 * 0.6 * 0.75 / 1.35)
    assert f["value_acc"] == pytest.approx(2 / 3) and f["type_acc"] == pytest.approx(2 / 3)
    # attribute F1 = F1 with the attribute-right matches as true positives = relaxed F1 x accuracy
    assert f["value_f1"] == pytest.approx(2 * (2 / 5) * (2 / 4) / (2 / 5 + 2 / 4))
    assert f["value_f1"] == pytest.approx(f["relaxed_f1"] * f["value_acc"])
    kinds = sorted(kind for kind, _, _ in tally.errors)
    assert kinds == ["extent", "missed", "spurious", "spurious", "value"]


def test_empty_tally_is_all_zero() -> None:
    figures = Tally().figures()
    assert all(v == 0.0 for v in figures.values())


def test_locate_places_strings_in_order_and_counts_the_missing() -> None:
    from datetime import datetime

    text = "Monday came, then Monday again."
    when = datetime(2021, 3, 1)
    spans, missing = locate(text, [("Monday", when), ("Monday", when), ("Sunday", when)])
    assert [(s.start, s.end) for s in spans] == [(0, 6), (18, 24)]
    assert missing == 1
    assert all(s.type == "DATE" and s.value == "2021-03-01" for s in spans)


def test_run_with_a_known_system_gives_known_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(text: str, dct: str | None) -> tuple[list[Span], int]:
        # finds the full date exactly, 'April' with a wrong value, and one spurious word
        start = text.index("3 March 2021")
        april = text.index("April")
        return [
            Span(start, start + 12, "3 March 2021", "DATE", "2021-03-03"),
            Span(april - 3, april + 5, "in April", "DATE", "2020-04"),
            Span(0, 3, "The", "DATE", "XXXX"),
        ], 0

    monkeypatch.setitem(tempeval3.SYSTEMS, "fake", fake)
    tally = tempeval3.run(write(tmp_path), ["fake"])["fake"]
    f = tally.figures()
    assert (tally.strict, tally.relaxed, tally.value) == (1, 2, 1)
    assert f["strict_p"] == pytest.approx(1 / 3) and f["strict_r"] == pytest.approx(1 / 3)
    assert f["relaxed_p"] == pytest.approx(2 / 3) and f["relaxed_r"] == pytest.approx(2 / 3)
    assert f["value_acc"] == pytest.approx(1 / 2)


def test_our_engine_finds_the_explicit_date(tmp_path: Path) -> None:
    tally = tempeval3.run(write(tmp_path), ["rashomon"])["rashomon"]
    assert tally.gold == 3 and tally.relaxed >= 2
    pairs = [e for e in tally.errors if "3 March 2021" in e[2]]
    assert not [e for e in pairs if e[0] in {"missed", "value"}]


def test_metrics_has_the_gate_keys(tmp_path: Path) -> None:
    figures = tempeval3.metrics(write(tmp_path))
    assert set(figures) == {f"tempeval3.{k}" for k in tempeval3.KEYS}
    assert all(0.0 <= v <= 1.0 for v in figures.values())


def test_run_without_files_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        tempeval3.run(tmp_path, ["rashomon"])


def test_dateparser_baseline_values_days(tmp_path: Path) -> None:
    pytest.importorskip("dateparser")
    text = "The ferry left on 3 March 2021 at dawn."
    spans, missing = tempeval3.dateparser_spans(text, "2021-03-10")
    assert missing == 0
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert any(s.value == "2021-03-03" and s.type == "DATE" for s in spans)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("on Friday", "on WEEKDAY"),
        ("3 March 2021", "9 MONTH 9"),
        ("Last  week", "last week"),
        ("the month", "the month"),
    ],
)
def test_shape_groups_failures(text: str, key: str) -> None:
    assert tempeval3.shape(text) == key
