"""Pass rates of rashomon.timex on the date cases of Microsoft Recognizers-Text's English specs.

    .venv/bin/python eval/recognizers.py [--data ../shared/datasets/recognizers_text_specs_en] [--errors N]

In scope: DateTimeModel cases whose expected results are all dates (datetimeV2.date), date ranges
(datetimeV2.daterange) or durations (datetimeV2.duration), and its cases that expect nothing (text
that is no date); every case of DatePeriodParser (ranges) and DurationParser. Out of scope and
skipped: cases that expect a time of day, a date-time, a time range or a set.

Each expected result passes when one of our expressions overlaps its span and its value agrees:
- date: our day equals one of the resolved values (the specs list both the past and the future
  reading of "Oct/2"), or the expected TIMEX has no year (XXXX-10-02) and month and day agree;
- range: our value equals the expected TIMEX ("2016-11", "2016-W45", "2016"; against XXXX-08 the
  month alone) or our start and end
  equal the TIMEX's ("(2016-11-04,2016-11-22,P18D)") or a resolved start/end pair;
- duration: our ISO period equals the expected TIMEX ("P3D", "PT3H").
A case that expects nothing passes when we find no date or duration in it. A case passes when all
its expected results pass. The reference date of each case is its publication date.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from rashomon.model import TimeMention
from rashomon.stages.sentences import split_sentences
from rashomon.timex import find_timexes

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "recognizers_text_specs_en"
IN_SCOPE = {"datetimeV2.date": "date", "datetimeV2.daterange": "range", "datetimeV2.duration": "duration"}
PARSERS = {
    "DateTime_English_DatePeriodParser.json": "range",
    "DateTime_English_DurationParser.json": "duration",
}

Expected = tuple[str, int, int, list[str], list[tuple[str, str]]]  # kind, start, end, values, (start, end)s


def _load(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text("utf-8-sig")))


def cases(data: Path) -> tuple[list[tuple[str, str, str, list[Expected]]], Counter[str]]:
    """(category, input, reference date, expected results) for every case in scope, and skip counts."""
    out: list[tuple[str, str, str, list[Expected]]] = []
    skipped: Counter[str] = Counter()
    for case in _load(data / "DateTime_English_DateTimeModel.json"):
        ref = ((case.get("Context") or {}).get("ReferenceDateTime") or "")[:10]
        results = case.get("Results") or []
        if not ref:
            skipped["no reference date"] += 1
            continue
        kinds = [IN_SCOPE.get(r.get("TypeName", "")) for r in results]
        if not results:
            out.append(("DateTimeModel: no date", case["Input"], ref, []))
            continue
        if None in kinds:
            skipped["time, date-time, time range or set"] += 1
            continue
        expected = []
        for r, kind in zip(results, kinds, strict=True):
            values = (r.get("Resolution") or {}).get("values") or []
            plain = [str(v[k]) for v in values for k in ("timex", "value") if v.get(k)]
            pairs = [(str(v["start"]), str(v["end"])) for v in values if v.get("start") and v.get("end")]
            expected.append((str(kind), int(r["Start"]), int(r["End"]) + 1, plain, pairs))
        out.append(
            (
                f"DateTimeModel: {kinds[0]}" if len(set(kinds)) == 1 else "DateTimeModel: mixed",
                case["Input"],
                ref,
                expected,
            )
        )
    for name, kind in PARSERS.items():
        for case in _load(data / name):
            ref = ((case.get("Context") or {}).get("ReferenceDateTime") or "2016-11-07")[:10]
            expected = []
            for r in case.get("Results") or []:
                value = r.get("Value") or {}
                pairs = [
                    (str(res["startDate"]), str(res["endDate"]))
                    for res in (value.get("FutureResolution"), value.get("PastResolution"))
                    if res and res.get("startDate") and res.get("endDate")
                ]
                start = int(r["Start"])
                expected.append((kind, start, start + int(r["Length"]), [str(value.get("Timex", ""))], pairs))
            if expected:
                out.append(
                    (f"{name.split('_')[2].removesuffix('.json')}: {kind}", case["Input"], ref, expected)
                )
    return out, skipped


_RANGE = re.compile(r"\((\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2}),P\w+\)")


def agrees(kind: str, values: list[str], pairs: list[tuple[str, str]], got: TimeMention) -> bool:
    """Whether one of our expressions has the expected value (rules in the module docstring)."""
    if kind == "duration":
        return got.duration is not None and got.duration in values
    v = got.value
    if v is None:
        return False
    if kind == "date":
        if v.value in values:
            return True
        return v.value is not None and any(x.startswith("XXXX-") and v.value[4:] == x[4:] for x in values)
    ranges = {(m[1], m[2]) for x in values if (m := _RANGE.fullmatch(x))} | set(pairs)
    if v.start and v.end and (v.start, v.end) in ranges:
        return True
    if v.value is None:
        return False
    # 'since August' is XXXX-08 in the specs: the year is the resolver's choice
    return v.value in values or any(x.startswith("XXXX-") and v.value[4:] == x[4:] for x in values)


def passes(text: str, ref: str, expected: list[Expected]) -> bool:
    """Whether our engine gets every expected result of one case (or, expecting none, finds none)."""
    found = [m for m in find_timexes(text, split_sentences(text), ref) if m.kind in {"date", "duration"}]
    if not expected:
        return not found
    for kind, start, end, values, pairs in expected:
        near = [m for m in found if m.start < end and start < m.end]
        if not any(agrees(kind, values, pairs, m) for m in near):
            return False
    return True


def run(data: Path, errors: list[str] | None = None) -> tuple[dict[str, tuple[int, int]], Counter[str]]:
    """{category: (passed, total)} and the skip counts."""
    todo, skipped = cases(data)
    totals: dict[str, list[int]] = {}
    for category, text, ref, expected in todo:
        ok = passes(text, ref, expected)
        tally = totals.setdefault(category, [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok and errors is not None:
            found = [
                (m.text, m.duration or (m.value and (m.value.value or f"{m.value.start}/{m.value.end}")))
                for m in find_timexes(text, split_sentences(text), ref)
            ]
            want = [(text[s:e], vals[:2] or pairs[:1]) for _, s, e, vals, pairs in expected]
            errors.append(f"[{category}] {text!r} want {want} got {found}")
    return {k: (v[0], v[1]) for k, v in sorted(totals.items())}, skipped


def metrics(data: Path | None = None) -> dict[str, float]:
    """Pass rate per category, for the record: {'recognizers.DateTimeModel: date': 0.61, ...}."""
    rates, _ = run(data or DEFAULT_DATA)
    return {f"recognizers.{k}": ok / n for k, (ok, n) in rates.items() if n}


def main(argv: list[str] | None = None) -> int:
    """Print the pass rate of each category."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args(argv)
    errors: list[str] = []
    rates, skipped = run(args.data, errors)
    print(f"{'category':34}{'passed':>8}{'cases':>8}{'rate':>8}")
    for category, (ok, n) in rates.items():
        print(f"{category:34}{ok:>8}{n:>8}{ok / n:>8.3f}")
    ok_all, n_all = sum(v[0] for v in rates.values()), sum(v[1] for v in rates.values())
    print(f"{'all in scope':34}{ok_all:>8}{n_all:>8}{ok_all / n_all:>8.3f}")
    for reason, n in skipped.items():
        print(f"skipped: {n} cases ({reason})")
    for line in errors[: args.errors]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
