"""Score rashomon.timex on the TempEval-3 training gold (TimeBank + AQUAINT), side by side with dateparser.

    .venv/bin/python eval/tempeval3.py [--data ../shared/datasets/tempeval3_train] [--errors N]
                                       [--classes N] [--no-baseline]

Each gold file's DCT anchors both systems; spans are compared on the text of <TEXT> with its tags
removed. The measures are those of the TempEval-3 task (UzZaman et al., 2013, section 4.1):

- strict match: same span; relaxed match: the spans overlap. Gold and predictions are paired one to
  one: identical spans first, then a maximum matching of the remaining overlapping pairs (so a long
  prediction that covers two gold expressions counts once, and two predictions inside one gold
  expression count once). Precision = matches / predictions, recall = matches / gold.
- attribute accuracy (value, type) = relaxed matches whose attribute equals the gold one / relaxed
  matches; attribute F1 = the F1 with those attribute-correct matches as true positives (the same as
  relaxed F1 x attribute accuracy).

The baseline is ``dateparser.search.search_dates`` (languages=["en"], RELATIVE_BASE = the DCT,
PREFER_DATES_FROM = past): each (string, datetime) it returns is located in the text after the
previous one and becomes a DATE valued YYYY-MM-DD, since dateparser has no granularity; strings it
returns that are not in the text are counted as "unlocated" and dropped. These are development
figures: the TempEval-3 test set is kept elsewhere.
"""

from __future__ import annotations

import argparse
import calendar
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from rashomon.stages.sentences import split_sentences
from rashomon.timex import find_timexes
from rashomon.timex.timeml import timeml_type, timeml_value

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "tempeval3_train"
KEYS = ("strict_f1", "relaxed_f1", "value_f1", "type_f1", "value_acc")


@dataclass(frozen=True)
class Span:
    """A TIMEX3 (gold or predicted) on the plain text."""

    start: int
    end: int
    text: str
    type: str
    value: str


def read_gold(path: Path) -> tuple[str, str | None, list[Span]]:
    """The plain text of <TEXT>, the DCT value and the gold TIMEX3 spans of one TimeML file."""
    root = ET.parse(path).getroot()
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value")
            break
    body = root.find("TEXT")
    if body is None:
        return "", dct, []
    parts: list[str] = []
    spans: list[Span] = []

    def walk(node: ET.Element, inside: bool) -> None:
        start = sum(map(len, parts))
        parts.append(node.text or "")
        for child in node:
            walk(child, inside or node.tag == "TIMEX3")
            parts.append(child.tail or "")
        if node.tag == "TIMEX3" and not inside:
            end = sum(map(len, parts))
            text = "".join(parts)[start:end]
            spans.append(Span(start, end, text, node.get("type", ""), node.get("value", "")))

    walk(body, False)
    return "".join(parts), dct, spans


def ours(text: str, dct: str | None) -> tuple[list[Span], int]:
    """rashomon's TIMEX3 spans of a plain text (and 0 unlocated)."""
    mentions = find_timexes(text, split_sentences(text), dct[:10] if dct else None)
    return [Span(m.start, m.end, m.text, timeml_type(m), timeml_value(m)) for m in mentions], 0


def locate(text: str, found: list[tuple[str, datetime]]) -> tuple[list[Span], int]:
    """Place each (string, datetime) in ``text`` after the previous one; also the number not found."""
    spans: list[Span] = []
    cursor = 0
    missing = 0
    for string, when in found:
        start = text.find(string, cursor)
        if start < 0:
            missing += 1
            continue
        cursor = start + len(string)
        spans.append(Span(start, cursor, string, "DATE", when.date().isoformat()))
    return spans, missing


def dateparser_spans(text: str, dct: str | None) -> tuple[list[Span], int]:
    """``search_dates`` results as DATE spans valued as a day, and the number it gave not in the text."""
    from dateparser.search import search_dates

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
    if dct:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(dct[:10])
    found = search_dates(text, languages=["en"], settings=settings) or []
    return locate(text, list(found))


SYSTEMS: dict[str, Callable[[str, str | None], tuple[list[Span], int]]] = {
    "rashomon": ours,
    "dateparser": dateparser_spans,
}


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match(gold: list[Span], pred: list[Span]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs: identical spans first, then most overlaps."""
    pairs: dict[int, int] = {}  # prediction -> gold
    taken: set[int] = set()
    for p, s in enumerate(pred):
        g = next(
            (i for i, x in enumerate(gold) if i not in taken and (x.start, x.end) == (s.start, s.end)), None
        )
        if g is not None:
            pairs[p] = g
            taken.add(g)
    owner: dict[int, int] = {g: p for p, g in pairs.items()}  # gold -> prediction, for the rest
    options = {
        p: sorted(
            (g for g, x in enumerate(gold) if g not in taken and _overlap(x, s) > 0),
            key=lambda g: -_overlap(gold[g], s),
        )
        for p, s in enumerate(pred)
        if p not in pairs
    }

    def augment(p: int, seen: set[int]) -> bool:
        # Kuhn's augmenting path: give p a gold, moving an earlier prediction to another if need be
        for g in options[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in options:
        augment(p, set())
    return sorted(owner.items())


@dataclass
class Tally:
    """Counts over a corpus for one system."""

    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    unlocated: int = 0
    seconds: float = 0.0
    chars: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, text, detail)

    def add(self, gold: list[Span], pred: list[Span], name: str = "") -> None:
        """Match one document's predictions to its gold, one to one, and count."""
        self.gold += len(gold)
        self.pred += len(pred)
        pairs = match(gold, pred)
        for g, p in pairs:
            want, got = gold[g], pred[p]
            self.relaxed += 1
            self.strict += (want.start, want.end) == (got.start, got.end)
            self.type += got.type == want.type
            self.value += got.value == want.value
            if got.value != want.value:
                detail = f"{name}: {got.text!r} {got.value} != gold {want.text!r} {want.value}"
                self.errors.append(("value", want.text, detail))
            elif (want.start, want.end) != (got.start, got.end):
                self.errors.append(("extent", want.text, f"{name}: {got.text!r} vs gold {want.text!r}"))
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}
        self.errors.extend(
            ("missed", x.text, f"{name}: {x.text!r} {x.type} {x.value}")
            for i, x in enumerate(gold)
            if i not in matched_gold
        )
        self.errors.extend(
            ("spurious", x.text, f"{name}: {x.text!r} {x.type} {x.value}")
            for i, x in enumerate(pred)
            if i not in matched_pred
        )

    def f1(self, tp: int) -> tuple[float, float, float]:
        """Precision, recall and F1 with ``tp`` true positives."""
        p = tp / self.pred if self.pred else 0.0
        r = tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def figures(self) -> dict[str, float]:
        """Every figure of the TempEval-3 table."""
        out: dict[str, float] = {}
        for name, tp in (("strict", self.strict), ("relaxed", self.relaxed)):
            out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = self.f1(tp)
        out["value_acc"] = self.value / self.relaxed if self.relaxed else 0.0
        out["type_acc"] = self.type / self.relaxed if self.relaxed else 0.0
        out["value_f1"] = self.f1(self.value)[2]
        out["type_f1"] = self.f1(self.type)[2]
        out["chars_per_s"] = self.chars / self.seconds if self.seconds else 0.0
        return out


def run(data: Path, systems: list[str]) -> dict[str, Tally]:
    """Score each named system on every .tml file under ``data`` (searched recursively)."""
    files = sorted(data.rglob("*.tml"))
    if not files:
        raise FileNotFoundError(f"no .tml files under {data}")
    tallies = {name: Tally() for name in systems}
    for path in files:
        text, dct, gold = read_gold(path)
        for name in systems:
            began = time.perf_counter()
            pred, missing = SYSTEMS[name](text, dct)
            tally = tallies[name]
            tally.seconds += time.perf_counter() - began
            tally.chars += len(text)
            tally.unlocated += missing
            tally.add(gold, pred, path.name)
    return tallies


def metrics(data: Path | None = None) -> dict[str, float]:
    """rashomon's figures for the quality gate: {'tempeval3.value_f1': ..., ...}."""
    figures = run(data or DEFAULT_DATA, ["rashomon"])["rashomon"].figures()
    return {f"tempeval3.{k}": round(figures[k], 4) for k in KEYS}


_MONTH = "|".join(calendar.month_name[1:] + calendar.month_abbr[1:])
_WEEKDAY = "|".join(calendar.day_name[:] + calendar.day_abbr[:])
_SHAPES = (
    (re.compile(rf"\b(?:{_MONTH})\b\.?", re.IGNORECASE), "MONTH"),
    (re.compile(rf"\b(?:{_WEEKDAY})\b\.?", re.IGNORECASE), "WEEKDAY"),
    (re.compile(r"\d+"), "9"),
)


def shape(text: str) -> str:
    """A failure class key: lower case, digits as 9, month and weekday names as MONTH / WEEKDAY."""
    text = text.lower()
    for pattern, repl in _SHAPES:
        text = pattern.sub(repl, text)
    return " ".join(text.split())


def classes(errors: list[tuple[str, str, str]]) -> list[tuple[str, str, int, list[str]]]:
    """(kind, shape, count, up to 3 examples) of the errors, most frequent first."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for kind, text, detail in errors:
        grouped.setdefault((kind, shape(text)), []).append(detail)
    ranked = sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [(kind, key, len(details), details[:3]) for (kind, key), details in ranked]


ROWS = (
    ("strict P / R / F1", ("strict_p", "strict_r", "strict_f1")),
    ("relaxed P / R / F1", ("relaxed_p", "relaxed_r", "relaxed_f1")),
    ("value accuracy / F1", ("value_acc", "value_f1")),
    ("type accuracy / F1", ("type_acc", "type_f1")),
)


def table(tallies: dict[str, Tally]) -> list[str]:
    """The side-by-side table, one column per system."""
    names = list(tallies)
    figures = {name: t.figures() for name, t in tallies.items()}
    lines = [f"{'':22}" + "".join(f"{name:>24}" for name in names)]
    for label, keys in ROWS:
        cells = [" / ".join(f"{figures[n][k]:.3f}" for k in keys) for n in names]
        lines.append(f"{label:22}" + "".join(f"{c:>24}" for c in cells))
    counts: tuple[tuple[str, Callable[[Tally], str]], ...] = (
        ("predicted TIMEX3", lambda t: f"{t.pred:,}"),
        ("relaxed matches", lambda t: f"{t.relaxed:,}"),
        ("unlocated strings", lambda t: f"{t.unlocated:,}"),
        ("seconds", lambda t: f"{t.seconds:.2f}"),
        ("characters / second", lambda t: f"{t.chars / t.seconds if t.seconds else 0.0:,.0f}"),
    )
    for label, cell in counts:
        lines.append(f"{label:22}" + "".join(f"{cell(tallies[n]):>24}" for n in names))
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print this many of our errors")
    parser.add_argument("--classes", type=int, default=0, help="print this many of our failure classes")
    parser.add_argument("--of", choices=sorted(SYSTEMS), default="rashomon", help="whose errors to print")
    parser.add_argument("--no-baseline", action="store_true", help="score rashomon only")
    args = parser.parse_args(argv)
    systems = ["rashomon"] if args.no_baseline else ["rashomon", "dateparser"]
    if args.of not in systems:
        systems.append(args.of)
    try:
        tallies = run(args.data, systems)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"TempEval-3 training gold: {tallies['rashomon'].gold} TIMEX3 in {args.data}")
    print("\n".join(table(tallies)))
    errors = tallies[args.of].errors
    if args.classes:
        print(f"\nfailure classes of {args.of} ({Counter(k for k, _, _ in errors)})")
        for kind, key, n, examples in classes(errors)[: args.classes]:
            print(f"{n:5}  {kind:9}{key!r}")
            for example in examples:
                print(f"{'':16}{example}")
    for kind, _, detail in errors[: args.errors]:
        print(f"  {kind:9}{detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
