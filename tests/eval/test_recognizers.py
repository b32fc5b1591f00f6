"""The Recognizers-Text runner: case selection, agreement rules, pass rates (hand-written specs)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eval.recognizers import Case, Expected, interval, period, result_agrees, wildcard

from eval import recognizers
from rashomon.model import TimeMention, TimeValue

REF = {"ReferenceDateTime": "2021-03-10T00:00:00"}


def result(
    text: str, start: int, type_: str, values: list[dict[str, str]], key: str = "TypeName"
) -> dict[str, Any]:
    return {
        "Text": text.lower(),
        "Start": start,
        "End": start + len(text) - 1,
        key: f"datetimeV2.{type_}",
        "Resolution": {"values": values},
    }


# cases written for this test, in the specs' shapes
MODEL = [
    {
        "Input": "The ferry left on 3 March 2021.",
        "Context": REF,
        "Results": [result("3 March 2021", 18, "date", [{"timex": "2021-03-03", "value": "2021-03-03"}])],
    },
    {
        "Input": "Crews waited in April 2020.",
        "Context": REF,
        "Results": [
            result(
                "April 2020",
                16,
                "daterange",
                [{"timex": "2020-04", "start": "2020-04-01", "end": "2020-05-01"}],
            )
        ],
    },
    {
        "Input": "Crews waited two days.",
        "Context": REF,
        "Results": [
            result("two days", 13, "duration", [{"timex": "P2D", "value": "172800"}], key="Typename")
        ],
    },
    {"Input": "The water was calm.", "Context": REF, "Results": []},
    {
        "Input": "Meet at 5pm.",
        "Context": REF,
        "Results": [result("5pm", 8, "time", [{"timex": "T17", "value": "17:00:00"}])],
    },
]
PERIOD = [
    {
        "Input": "Closed between 2014 and 2016.",
        "Context": REF,
        "Results": [
            {
                "Text": "between 2014 and 2016",
                "Type": "daterange",
                "Value": {
                    "Timex": "(2014-01-01,2016-01-01,P2Y)",
                    "FutureResolution": {"startDate": "2014-01-01", "endDate": "2016-01-01"},
                    "PastResolution": {"startDate": "2014-01-01", "endDate": "2016-01-01"},
                },
                "Start": 7,
                "Length": 21,
            }
        ],
    }
]
DURATION = [
    {
        "Input": "It rained for three weeks.",
        "Results": [
            {"Text": "three weeks", "Type": "duration", "Value": {"Timex": "P3W"}, "Start": 14, "Length": 11}
        ],
    }
]


@pytest.fixture
def specs(tmp_path: Path) -> Path:
    for name, data in (
        (recognizers.MODEL, MODEL),
        ("DateTime_English_DatePeriodParser.json", PERIOD),
        ("DateTime_English_DurationParser.json", DURATION),
    ):
        # the real files start with a byte-order mark
        (tmp_path / name).write_text(json.dumps(data), "utf-8-sig")
    return tmp_path


def test_cases_select_the_scope_and_count_skips(specs: Path) -> None:
    todo, skipped = recognizers.cases(specs)
    assert [c.category for c in todo] == [
        "model_date",
        "model_range",
        "model_duration",
        "model_none",
        "periodparser_range",
        "durationparser_duration",
    ]
    assert skipped == {"expects time": 1}
    date_case = todo[0]
    assert date_case.ref == "2021-03-10"
    exp = date_case.expected[0]
    assert date_case.text[exp.start : exp.end] == "3 March 2021"
    assert todo[-1].ref is None  # no Context: run without a DCT
    assert todo[4].expected[0].pairs == (("2014-01-01", "2016-01-01"),)


def day(value: str, text: str = "x") -> TimeMention:
    return TimeMention(0, 5, text, "date", TimeValue(value, "day"))


def exp(
    kind: str,
    timexes: tuple[str, ...],
    resolved: tuple[str, ...] = (),
    pairs: tuple[tuple[str, str], ...] = (),
) -> Expected:
    return Expected(kind, 0, 5, "x", timexes, resolved, pairs)


@pytest.mark.parametrize(
    ("expected", "got", "ok"),
    [
        (exp("date", ("XXXX-10-02",), ("2016-10-02", "2017-10-02")), day("2017-10-02"), True),
        (exp("date", ("XXXX-10-02",)), day("1999-10-02"), True),  # X matches any digit
        (exp("date", ("XXXX-10-03",)), day("2016-10-02"), False),
        (exp("date", ("XXXX-WXX-5",), ("2016-11-04", "2016-11-11")), day("2016-11-11"), True),
        (exp("date", ("XXXX-WXX-5",), ("2016-11-04", "2016-11-11")), day("2016-11-18"), False),
        (exp("date", ("XX30-12-12",)), day("1930-12-12"), True),
        (exp("date", ("2021-03-03",)), TimeMention(0, 5, "x", "date", TimeValue("2021-03", "month")), False),
        (exp("date", ("2021-03-03",)), TimeMention(0, 5, "x", "date", None), False),
        (exp("range", ("2016-11",)), TimeMention(0, 5, "x", "date", TimeValue("2016-11", "month")), True),
        (exp("range", ("XXXX-08",)), TimeMention(0, 5, "x", "date", TimeValue("2015-08", "month")), True),
        (exp("range", ("2016-W45",)), TimeMention(0, 5, "x", "date", TimeValue("2016-W45", "week")), True),
        (
            exp("range", ("2016-W45-WE",)),
            TimeMention(0, 5, "weekend", "date", TimeValue("2016-W45", "week")),
            True,
        ),
        (exp("range", ("2016-W46",)), TimeMention(0, 5, "x", "date", TimeValue("2016-W45", "week")), False),
        # decades: exclusive end
        (
            exp("range", ("(1990-01-01,2000-01-01,P10Y)",)),
            TimeMention(0, 5, "x", "date", TimeValue("1990s", "decade")),
            True,
        ),
        # 'from 4 to 22': the specs' end is the first day of our last unit
        (
            exp("range", ("(2016-11-04,2016-11-22,P18D)",)),
            TimeMention(0, 5, "x", "date", TimeValue(None, "range", "2016-11-04", "2016-11-22")),
            True,
        ),
        (
            exp("range", (), (), (("2014-01-01", "2016-01-01"),)),
            TimeMention(0, 5, "x", "date", TimeValue(None, "range", "2014", "2016")),
            True,
        ),
        (
            exp("range", ("(2014-01-01,2016-01-01,P2Y)",)),
            TimeMention(0, 5, "x", "date", TimeValue(None, "range", "2013", "2016")),
            False,
        ),
        (
            exp("range", ("(2016-01-01,2016-04-01,P3M)",)),
            TimeMention(0, 5, "x", "date", TimeValue("2016-Q1", "quarter")),
            True,
        ),
        (
            exp("range", ("(2016-11-08,2016-11-11,P3D)",)),
            TimeMention(0, 5, "x", "duration", None, "P3D"),
            False,
        ),
        (exp("duration", ("P3D",)), TimeMention(0, 5, "x", "duration", None, "P3D"), True),
        (exp("duration", ("P1W",)), TimeMention(0, 5, "x", "duration", None, "P7D"), True),
        (exp("duration", ("PT3H",)), TimeMention(0, 5, "x", "duration", None, "P3D"), False),
        (exp("duration", ("P3D",)), day("2016-11-08"), False),
    ],
)
def test_agreement_rules(expected: Expected, got: TimeMention, ok: bool) -> None:
    assert result_agrees(expected, got) is ok


@pytest.mark.parametrize(
    ("pattern", "value", "ok"),
    [
        ("XXXX-10-02", "2016-10-02", True),
        ("XXXX-10", "2016-10-02", False),
        ("2016", "2016", True),
        ("XXXX", "20a6", False),
    ],
)
def test_wildcard(pattern: str, value: str, ok: bool) -> None:
    assert wildcard(pattern, value) is ok


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (TimeValue("2021-03-03", "day"), (date(2021, 3, 3), date(2021, 3, 3), date(2021, 3, 4))),
        (TimeValue("2021-12", "month"), (date(2021, 12, 1), date(2021, 12, 1), date(2022, 1, 1))),
        (TimeValue("2021-W01", "week"), (date(2021, 1, 4), date(2021, 1, 4), date(2021, 1, 11))),
        (TimeValue("1800s", "century"), (date(1800, 1, 1), date(1800, 1, 1), date(1900, 1, 1))),
        (
            TimeValue(None, "range", "2021-03", "2021-05"),
            (date(2021, 3, 1), date(2021, 5, 1), date(2021, 6, 1)),
        ),
        (TimeValue("2021-SU", "season"), None),
        (TimeValue(None, "range"), None),
    ],
)
def test_interval(value: TimeValue, expected: tuple[date, date, date] | None) -> None:
    assert interval(value) == expected


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("P3D", (0, 0, 3, 0, 0, 0)),
        ("P2W", (0, 0, 14, 0, 0, 0)),
        ("PT1.5H", (0, 0, 0, 1.5, 0, 0)),
        ("PXW", None),
        ("P", None),
    ],
)
def test_period(text: str, parts: tuple[float, ...] | None) -> None:
    assert period(text) == parts


def test_run_counts_passes_per_category(specs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(case: Case) -> list[TimeMention]:
        # right on the date and the duration, wrong on the month, silent on the rest
        if "March" in case.text:
            return [TimeMention(18, 30, "3 March 2021", "date", TimeValue("2021-03-03", "day"))]
        if "April" in case.text:
            return [TimeMention(16, 26, "April 2020", "date", TimeValue("2020-05", "month"))]
        if "two days" in case.text:
            return [TimeMention(13, 21, "two days", "duration", None, "P2D")]
        return []

    monkeypatch.setattr(recognizers, "ours", fake)
    outcome = recognizers.run(specs)
    assert outcome.rates == {
        "durationparser_duration": [0, 0, 1],
        "model_date": [1, 1, 1],
        "model_duration": [1, 1, 1],
        "model_none": [1, 1, 1],
        "model_range": [0, 1, 1],
        "periodparser_range": [0, 0, 1],
    }
    causes = sorted(why for why, _, _ in outcome.failures)
    assert causes == ["not found", "not found", "wrong range value"]


def test_metrics_on_our_engine(specs: Path) -> None:
    rates = recognizers.metrics(specs)
    assert set(rates) == {
        "recognizers.durationparser_duration",
        "recognizers.model_date",
        "recognizers.model_duration",
        "recognizers.model_none",
        "recognizers.model_range",
        "recognizers.periodparser_range",
        "recognizers.all",
    }
    assert all(0.0 <= v <= 1.0 for v in rates.values())
    # an explicit full date and a text without dates are within any version of the engine
    assert rates["recognizers.model_date"] == 1.0 and rates["recognizers.model_none"] == 1.0


def test_main_prints_the_table(specs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert recognizers.main(["--data", str(specs), "--errors", "5", "--classes", "3"]) == 0
    out = capsys.readouterr().out
    assert "DateTimeModel × date" in out and "all in scope" in out and "expects time" in out


def test_passes_and_the_older_api() -> None:
    assert recognizers.passes("The water was calm.", "2021-03-10", [])
    text = "The ferry left on 3 March 2021."
    assert recognizers.passes(text, "2021-03-10", [Expected("date", 18, 30, "3 March 2021", ("2021-03-03",))])
    assert not recognizers.passes(
        text, "2021-03-10", [Expected("date", 18, 30, "3 March 2021", ("2021-03-04",))]
    )
    assert recognizers.agrees("date", ["XXXX-10-02"], [], day("2016-10-02"))


def test_main_without_data(tmp_path: Path) -> None:
    assert recognizers.main(["--data", str(tmp_path)]) == 2
