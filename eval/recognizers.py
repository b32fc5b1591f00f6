"""Pass rates of rashomon.timex on the date cases of Microsoft Recognizers-Text's English specs.

    .venv/bin/python eval/recognizers.py [--data ../shared/datasets/recognizers_text_specs_en]
                                         [--errors N] [--classes N]

Cases (the files start with a byte-order mark; they are read as utf-8-sig):
- DateTimeModel: a case is in scope when every expected result is a date (datetimeV2.date), a date
  range (datetimeV2.daterange) or a duration (datetimeV2.duration); its category is that type, or
  "mixed" when it expects several of them, or "none" when it expects nothing (text that holds no
  date: it passes when we find no date or duration in it). A case expecting anything else (a time,
  date-time, time range, date-time range, set or time zone) is skipped, with its reason counted.
- DatePeriodParser (ranges) and DurationParser (durations): every case; they give Value.Timex and
  Future/PastResolution instead of Resolution.values.
- The reference date is Context.ReferenceDateTime (its day) and is our DCT; the few cases without
  one run without a DCT (absolute dates and durations still resolve).

An expected result passes when one of our expressions of kind date or duration overlaps its span
(the span's text equals the expected Text case-insensitively) and its value agrees:
- date: our day equals a resolved value (the time part, if any, dropped; the specs list both the
  past and the future reading of "Oct/2" or "Friday") or the TIMEX, where X in the TIMEX matches
  any digit (XXXX-10-02 accepts 2016-10-02, XXXX-XX-18 any 18th, XX30-12-12 1930-12-12 or 2030-12-12);
- range: our value, or its TimeML form (2016-W45-WE for a weekend), equals the TIMEX with the same
  X rule (2016-11, 2016-W45, 2016, XXXX-08, 2016-SU), or our interval equals an expected one. Our
  interval is [first day, day after the last day] of our value (a day, ISO week, month, quarter,
  year, decade or century) or of our start and end; expected intervals are the TIMEX's
  "(start,end,Pn)" (X as above) and the resolved start/end pairs. The starts must be equal; the
  expected end may be our exclusive end ("1990s" = 1990-01-01..2000-01-01) or the first day of our
  last unit ("from 4 to 22" = ..-04..-22, "2014-2018" = 2014-01-01..2018-01-01, as the specs count);
- duration: our ISO 8601 period equals the TIMEX, weeks counted as 7 days (P1W = P7D);
- coarser granularity (dates only): when our expression spans the whole expected text but we give a
  coarser value, the expected day is compared truncated to our granularity: "two months ago" as
  2016-09 accepts 2016-09-07, "last week" as 2016-W44 any resolved day of that week. A year token we
  took out of a longer date ("2016" inside "1/1/2016") does not span the expected text and fails.
  The table says how many results passed this way only.
A case passes when every expected result passes. The "found" column counts cases where each
expected span is overlapped by one of our expressions, whatever its value.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # run as `python eval/recognizers.py`: make the `eval` package importable from the project root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.tempeval3 import shape
from rashomon.model import TimeMention, TimeValue
from rashomon.stages.sentences import split_sentences
from rashomon.timex import find_timexes
from rashomon.timex.timeml import timeml_value

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "recognizers_text_specs_en"
MODEL = "DateTime_English_DateTimeModel.json"
IN_SCOPE = {"datetimeV2.date": "date", "datetimeV2.daterange": "range", "datetimeV2.duration": "duration"}
PARSERS = {
    "DateTime_English_DatePeriodParser.json": ("periodparser", "range"),
    "DateTime_English_DurationParser.json": ("durationparser", "duration"),
}
LABELS = {"model": "DateTimeModel", "periodparser": "DatePeriodParser", "durationparser": "DurationParser"}


@dataclass(frozen=True)
class Expected:
    """One expected result of a case."""

    kind: str  # date, range or duration
    start: int
    end: int
    text: str
    timexes: tuple[str, ...]
    resolved: tuple[str, ...] = ()  # resolved single values (days, for dates)
    pairs: tuple[tuple[str, str], ...] = ()  # resolved (start, end) of ranges


@dataclass(frozen=True)
class Case:
    """One in-scope case: its category (file_kind), text, reference day and expected results."""

    category: str
    text: str
    ref: str | None
    expected: tuple[Expected, ...]


@dataclass
class Outcome:
    """Per-category counts, skip reasons and failures."""

    rates: dict[str, list[int]] = field(default_factory=dict)  # category -> [passed, found, cases]
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (cause, expected text, line)
    coarser: int = 0  # expected results passed only by the coarser-granularity rule


def _load(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text("utf-8-sig")))


def _ref(case: dict[str, Any]) -> str | None:
    ref = str((case.get("Context") or {}).get("ReferenceDateTime") or "")[:10]
    return ref or None


def _spans_agree(text: str, start: int, end: int, want: str) -> bool:
    return text[start:end].lower() == want.lower()


def model_cases(path: Path, skipped: Counter[str]) -> list[Case]:
    """The in-scope cases of the DateTimeModel file; out-of-scope ones are counted in ``skipped``."""
    out: list[Case] = []
    for case in _load(path):
        results = case.get("Results") or []
        # a few results spell the key 'Typename'
        types = [str(r.get("TypeName") or r.get("Typename") or "") for r in results]
        outside = sorted({t.removeprefix("datetimeV2.") for t in types if t not in IN_SCOPE})
        if outside:
            skipped[f"expects {' + '.join(outside)}"] += 1
            continue
        expected: list[Expected] = []
        for r, t in zip(results, types, strict=True):
            start, end = int(r["Start"]), int(r["End"]) + 1
            if not _spans_agree(case["Input"], start, end, str(r["Text"])):
                break
            values = (r.get("Resolution") or {}).get("values") or []
            expected.append(
                Expected(
                    IN_SCOPE[t],
                    start,
                    end,
                    str(r["Text"]),
                    tuple(str(v["timex"]) for v in values if v.get("timex")),
                    tuple(str(v["value"]) for v in values if v.get("value") not in (None, "not resolved")),
                    tuple(
                        (str(v["start"]), str(v["end"])) for v in values if v.get("start") and v.get("end")
                    ),
                )
            )
        else:
            kinds = {e.kind for e in expected}
            kind = "none" if not kinds else kinds.pop() if len(kinds) == 1 else "mixed"
            out.append(Case(f"model_{kind}", case["Input"], _ref(case), tuple(expected)))
            continue
        skipped["span text differs from Start/End"] += 1
    return out


def parser_cases(path: Path, file_id: str, kind: str, skipped: Counter[str]) -> list[Case]:
    """Every case of a DatePeriodParser or DurationParser file."""
    out: list[Case] = []
    for case in _load(path):
        expected: list[Expected] = []
        for r in case.get("Results") or []:
            value = r.get("Value") or {}
            start = int(r["Start"])
            end = start + int(r["Length"])
            if not _spans_agree(case["Input"], start, end, str(r["Text"])):
                continue
            resolutions = [value.get("FutureResolution") or {}, value.get("PastResolution") or {}]
            expected.append(
                Expected(
                    kind,
                    start,
                    end,
                    str(r["Text"]),
                    tuple(str(value.get("Timex") or "").split("|")),
                    (),
                    tuple(
                        dict.fromkeys(
                            (str(x["startDate"]), str(x["endDate"]))
                            for x in resolutions
                            if x.get("startDate") and x.get("endDate")
                        )
                    ),
                )
            )
        if expected:
            out.append(Case(f"{file_id}_{kind}", case["Input"], _ref(case), tuple(expected)))
        else:
            skipped["parser case without a usable result"] += 1
    return out


def cases(data: Path) -> tuple[list[Case], Counter[str]]:
    """Every in-scope case of the three files, and the skip counts by reason."""
    skipped: Counter[str] = Counter()
    out = model_cases(data / MODEL, skipped)
    for name, (file_id, kind) in PARSERS.items():
        out.extend(parser_cases(data / name, file_id, kind, skipped))
    return out, skipped


def wildcard(pattern: str, value: str) -> bool:
    """Whether ``value`` equals ``pattern`` where each X of the pattern stands for any digit."""
    return len(pattern) == len(value) and all(
        p == v or (p == "X" and v.isdigit()) for p, v in zip(pattern, value, strict=True)
    )


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_TENS = re.compile(r"(\d{2,3})0s")
_RANGE = re.compile(r"\(([\dX]{4}-[\dX]{2}-[\dX]{2}),([\dX]{4}-[\dX]{2}-[\dX]{2}),P[^)]*\)")


def _month_after(d: date, months: int) -> date:
    n = d.year * 12 + d.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def unit(value: str, granularity: str = "") -> tuple[date, date] | None:
    """[first day, day after the last day] of one of our values, or None (seasons, unknown forms)."""
    try:
        if _DAY.fullmatch(value):
            d = date.fromisoformat(value)
            return d, d + timedelta(days=1)
        if m := _MONTH.fullmatch(value):
            d = date(int(m[1]), int(m[2]), 1)
            return d, _month_after(d, 1)
        if m := _WEEK.fullmatch(value):
            d = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return d, d + timedelta(days=7)
        if m := _QUARTER.fullmatch(value):
            d = date(int(m[1]), 3 * int(m[2]) - 2, 1)
            return d, _month_after(d, 3)
        if value.isdigit() and len(value) == 4:
            return date(int(value), 1, 1), date(int(value) + 1, 1, 1)
        if m := _TENS.fullmatch(value):
            span = 100 if granularity == "century" or len(m[1]) == 2 else 10
            first = int(m[1].ljust(4, "0")) if span == 100 else int(m[1]) * 10
            return date(max(first, 1), 1, 1), date(first + span, 1, 1)
    except ValueError:
        return None
    return None


def interval(value: TimeValue) -> tuple[date, date, date] | None:
    """Our value as (first day, first day of its last unit, day after its last day), or None."""
    if value.start and value.end:
        first, last = unit(value.start, value.granularity), unit(value.end, value.granularity)
        if first is None or last is None:
            return None
        return first[0], last[0], last[1]
    if value.value is None:
        return None
    whole = unit(value.value, value.granularity)
    return None if whole is None else (whole[0], whole[0], whole[1])


def _day_agrees(pattern: str, d: date) -> bool:
    return wildcard(pattern, d.isoformat()) if len(pattern) == 10 else False


def range_agrees(exp: Expected, value: TimeValue, timeml: str) -> bool:
    """The range rule of the module docstring."""
    forms = {f for f in (value.value, timeml) if f}
    if any(wildcard(t, f) for t in exp.timexes for f in forms):
        return True
    ours = interval(value)
    if ours is None:
        return False
    first, last_unit, after = ours
    wanted = [(m[1], m[2]) for t in exp.timexes if (m := _RANGE.fullmatch(t))] + list(exp.pairs)
    return any(
        _day_agrees(s, first) and (_day_agrees(e, after) or _day_agrees(e, last_unit)) for s, e in wanted
    )


_PERIOD = re.compile(
    r"P(?:([\d.]+)Y)?(?:([\d.]+)M)?(?:([\d.]+)W)?(?:([\d.]+)D)?(?:T(?:([\d.]+)H)?(?:([\d.]+)M)?(?:([\d.]+)S)?)?"
)


def period(text: str) -> tuple[float, ...] | None:
    """An ISO 8601 period as (years, months, days, hours, minutes, seconds), weeks as 7 days."""
    m = _PERIOD.fullmatch(text)
    if m is None or text in {"P", "PT"}:
        return None
    y, mo, w, d, h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    return y, mo, d + 7 * w, h, mi, s


def exact_agrees(exp: Expected, got: TimeMention) -> bool:
    """Whether our expression has the expected value at the expected granularity."""
    if exp.kind == "duration":
        mine = period(got.duration) if got.kind == "duration" and got.duration else None
        return mine is not None and any(period(t) == mine for t in exp.timexes)
    if got.kind != "date" or got.value is None:
        return False
    if exp.kind == "range":
        return range_agrees(exp, got.value, timeml_value(got))
    day = got.value.value
    if day is None or not _DAY.fullmatch(day):
        return False
    return any(r[:10] == day for r in exp.resolved) or any(wildcard(t, day) for t in exp.timexes)


def coarser_agrees(exp: Expected, got: TimeMention) -> bool:
    """An expected day inside our coarser value, when our expression spans the whole expected text."""
    if exp.kind != "date" or got.kind != "date" or got.value is None or got.value.value is None:
        return False
    if not (got.start <= exp.start and exp.end <= got.end) or _DAY.fullmatch(got.value.value):
        return False
    whole = unit(got.value.value, got.value.granularity)
    if whole is None:
        return False
    days = [date.fromisoformat(r[:10]) for r in exp.resolved if _DAY.fullmatch(r[:10])]
    return any(whole[0] <= d < whole[1] for d in days)


def result_agrees(exp: Expected, got: TimeMention) -> bool:
    """Whether one of our expressions has the expected value (rules in the module docstring)."""
    return exact_agrees(exp, got) or coarser_agrees(exp, got)


def agrees(kind: str, values: list[str], pairs: list[tuple[str, str]], got: TimeMention) -> bool:
    """``result_agrees`` with the expected TIMEX and resolved values given as one list (older API)."""
    return result_agrees(Expected(kind, 0, 0, "", tuple(values), tuple(values), tuple(pairs)), got)


def passes(text: str, ref: str | None, expected: list[Expected]) -> bool:
    """Whether our engine gets every expected result of one text (expecting none: finds none)."""
    found = ours(Case("", text, ref, tuple(expected)))
    if not expected:
        return not found
    return all(
        any(result_agrees(e, m) for m in found if m.start < e.end and e.start < m.end) for e in expected
    )


def ours(case: Case) -> list[TimeMention]:
    """Our dates and durations in a case's text."""
    found = find_timexes(case.text, split_sentences(case.text), case.ref)
    return [m for m in found if m.kind in {"date", "duration"}]


def cause(exp: Expected, near: list[TimeMention]) -> str:
    """Why an expected result failed: not found, unresolved, kind or value."""
    if not near:
        return "not found"
    if all(m.kind == "date" and m.value is None for m in near):
        return "unresolved"
    if exp.kind == "duration" and all(m.kind != "duration" for m in near):
        return "kind (date for a duration)"
    if exp.kind != "duration" and all(m.kind == "duration" for m in near):
        return f"kind (duration for a {exp.kind})"
    return f"wrong {exp.kind} value"


def _show(m: TimeMention) -> str:
    return f"{m.text!r}={m.duration if m.kind == 'duration' else timeml_value(m)}"


def run(data: Path) -> Outcome:
    """Score every in-scope case: {category: [passed, found, cases]}, skips and failures."""
    todo, skipped = cases(data)
    outcome = Outcome(skipped=skipped)
    for case in todo:
        found = ours(case)
        tally = outcome.rates.setdefault(case.category, [0, 0, 0])
        tally[2] += 1
        if not case.expected:
            tally[0] += not found
            tally[1] += not found
            if found:
                line = f"[{case.category}] {case.text!r} expects nothing, got {', '.join(map(_show, found))}"
                outcome.failures.append(("spurious", found[0].text, line))
            continue
        failed: list[tuple[str, Expected]] = []
        seen_all = True
        for exp in case.expected:
            near = [m for m in found if m.start < exp.end and exp.start < m.end]
            seen_all &= bool(near)
            if not any(exact_agrees(exp, m) for m in near):
                if any(coarser_agrees(exp, m) for m in near):
                    outcome.coarser += 1
                else:
                    failed.append((cause(exp, near), exp))
        tally[0] += not failed
        tally[1] += seen_all
        for why, exp in failed:
            want = exp.timexes[:1] + exp.resolved[:1] + tuple("..".join(p) for p in exp.pairs[:1])
            got = ", ".join(map(_show, found)) or "nothing"
            line = f"[{case.category}] {case.text!r}: {exp.text!r} want {'/'.join(want)}; got {got}"
            outcome.failures.append((why, exp.text, line))
    outcome.rates = dict(sorted(outcome.rates.items()))
    return outcome


def metrics(data: Path | None = None) -> dict[str, float]:
    """Pass rate per category and overall: {'recognizers.model_date': 0.61, ..., 'recognizers.all': ...}."""
    rates = run(data or DEFAULT_DATA).rates
    out = {f"recognizers.{k}": round(ok / n, 4) for k, (ok, _, n) in rates.items() if n}
    passed, total = sum(v[0] for v in rates.values()), sum(v[2] for v in rates.values())
    out["recognizers.all"] = round(passed / total, 4) if total else 0.0
    return out


def label(category: str) -> str:
    """'model_date' -> 'DateTimeModel × date'."""
    file_id, kind = category.split("_", 1)
    return f"{LABELS[file_id]} × {kind}"


def main(argv: list[str] | None = None) -> int:
    """Print the pass rate of each category, the skips and, on request, failures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print this many failed results")
    parser.add_argument("--classes", type=int, default=0, help="print this many failure classes")
    args = parser.parse_args(argv)
    if not (args.data / MODEL).exists():
        print(f"no {MODEL} under {args.data}", file=sys.stderr)
        return 2
    outcome = run(args.data)
    print(f"{'category (file × expected type)':36}{'cases':>7}{'found':>7}{'passed':>8}{'rate':>8}")
    for category, (ok, seen, n) in outcome.rates.items():
        print(f"{label(category):36}{n:>7}{seen:>7}{ok:>8}{ok / n:>8.3f}")
    ok, seen, n = (sum(v[i] for v in outcome.rates.values()) for i in range(3))
    print(f"{'all in scope':36}{n:>7}{seen:>7}{ok:>8}{ok / n if n else 0.0:>8.3f}")
    print(f"expected dates passed only at our coarser granularity: {outcome.coarser}")
    print(f"skipped {sum(outcome.skipped.values())} cases:")
    for reason, count in outcome.skipped.most_common():
        print(f"{count:7}  {reason}")
    if args.classes:
        print(f"\nfailure causes: {dict(Counter(c for c, _, _ in outcome.failures).most_common())}")
        groups: dict[tuple[str, str], list[str]] = {}
        for why, text, line in outcome.failures:
            groups.setdefault((why, shape(text)), []).append(line)
        ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for (why, key), lines in ranked[: args.classes]:
            print(f"{len(lines):5}  {why:30}{key!r}")
            for line in lines[:3]:
                print(f"{'':7}{line}")
    for why, _, line in outcome.failures[: args.errors]:
        print(f"  {why}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
