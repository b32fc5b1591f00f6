"""Score rashomon.timex on the TempEval-3 training gold (TimeBank + AQUAINT), side by side with dateparser.

    .venv/bin/python eval/tempeval3.py [--data ../shared/datasets/tempeval3_train] [--errors N]
                                       [--no-baseline]

Each gold file's DCT anchors both systems; spans are compared on the text of <TEXT> with its tags
removed. The measures are those of the TempEval-3 task (UzZaman et al., 2013): strict match = same
span, relaxed match = any overlap, each gold and each prediction matched at most once; precision,
recall and F1 over both; the attribute measures count a relaxed match as correct only when the
attribute (value or type) is right: attribute accuracy = right / relaxed matches, attribute F1 = F1
with the right matches as true positives. The baseline is ``dateparser.search.search_dates`` with
RELATIVE_BASE = DCT: each (text, datetime) it returns becomes a DATE valued YYYY-MM-DD, since it has
no granularity. These are development figures: the TempEval-3 test set is kept elsewhere.
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rashomon.stages.sentences import split_sentences
from rashomon.timex import find_timexes
from rashomon.timex.timeml import timeml_type, timeml_value

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "tempeval3_train"


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


def ours(text: str, dct: str | None) -> list[Span]:
    """rashomon's TIMEX3 spans of a plain text."""
    mentions = find_timexes(text, split_sentences(text), dct[:10] if dct else None)
    return [Span(m.start, m.end, m.text, timeml_type(m), timeml_value(m)) for m in mentions]


def dateparser_spans(text: str, dct: str | None) -> list[Span]:
    """``search_dates`` results as spans: each found string located in order, valued as a day."""
    from dateparser.search import search_dates

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past"}
    if dct:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(dct[:10])
    found = search_dates(text, languages=["en"], settings=settings) or []
    spans: list[Span] = []
    cursor = 0
    for string, when in found:
        start = text.find(string, cursor)
        if start < 0:
            continue
        cursor = start + len(string)
        spans.append(Span(start, cursor, string, "DATE", when.date().isoformat()))
    return spans


SYSTEMS: dict[str, Callable[[str, str | None], list[Span]]] = {
    "rashomon": ours,
    "dateparser": dateparser_spans,
}


@dataclass
class Tally:
    """Counts over a corpus for one system."""

    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    seconds: float = 0.0
    chars: int = 0

    def add(
        self, gold: list[Span], pred: list[Span], errors: list[str] | None = None, name: str = ""
    ) -> None:
        """Match one document's predictions to its gold, one-to-one."""
        self.gold += len(gold)
        self.pred += len(pred)
        exact = {(g.start, g.end) for g in gold}
        self.strict += len({(p.start, p.end) for p in pred} & exact)
        used: set[int] = set()
        for p in pred:
            hit = next(
                (i for i, g in enumerate(gold) if i not in used and p.start < g.end and g.start < p.end), None
            )
            if hit is None:
                if errors is not None:
                    errors.append(f"spurious {name}: {p.text!r} -> {p.value}")
                continue
            used.add(hit)
            g = gold[hit]
            self.relaxed += 1
            self.type += p.type == g.type
            self.value += p.value == g.value
            if errors is not None and p.value != g.value:
                errors.append(f"value {name}: {p.text!r}/{g.text!r} {p.value} != {g.value}")
        if errors is not None:
            errors.extend(f"missed {name}: {g.text!r} {g.value}" for i, g in enumerate(gold) if i not in used)

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


def run(data: Path, systems: list[str], errors: dict[str, list[str]] | None = None) -> dict[str, Tally]:
    """Score each named system on every .tml file under ``data``."""
    files = sorted(data.glob("*/*.tml"))
    if not files:
        raise FileNotFoundError(f"no .tml files under {data}")
    tallies = {name: Tally() for name in systems}
    for path in files:
        text, dct, gold = read_gold(path)
        for name in systems:
            began = time.perf_counter()
            pred = SYSTEMS[name](text, dct)
            tallies[name].seconds += time.perf_counter() - began
            tallies[name].chars += len(text)
            tallies[name].add(gold, pred, None if errors is None else errors.setdefault(name, []), path.name)
    return tallies


def metrics(data: Path | None = None) -> dict[str, float]:
    """rashomon's figures for the quality gate: {'tempeval3.value_f1': ..., ...}."""
    tally = run(data or DEFAULT_DATA, ["rashomon"])["rashomon"]
    keep = ("strict_f1", "relaxed_f1", "value_f1", "type_f1", "value_acc")
    return {f"tempeval3.{k}": round(v, 4) for k, v in tally.figures().items() if k in keep}


ROWS = (
    ("strict P / R / F1", ("strict_p", "strict_r", "strict_f1")),
    ("relaxed P / R / F1", ("relaxed_p", "relaxed_r", "relaxed_f1")),
    ("value accuracy / F1", ("value_acc", "value_f1")),
    ("type accuracy / F1", ("type_acc", "type_f1")),
)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the table."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of ours")
    parser.add_argument("--no-baseline", action="store_true", help="score rashomon only")
    args = parser.parse_args(argv)
    systems = ["rashomon"] if args.no_baseline else ["rashomon", "dateparser"]
    errors: dict[str, list[str]] = {}
    try:
        tallies = run(args.data, systems, errors)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    first = tallies["rashomon"]
    print(f"TempEval-3 training gold: {first.gold} TIMEX3 in {args.data}")
    print(f"{'':22}" + "".join(f"{name:>22}" for name in systems))
    figures = {name: t.figures() for name, t in tallies.items()}
    for label, keys in ROWS:
        cells = [" / ".join(f"{figures[n][k]:.3f}" for k in keys) for n in systems]
        print(f"{label:22}" + "".join(f"{c:>22}" for c in cells))
    print(f"{'predicted TIMEX3':22}" + "".join(f"{tallies[n].pred:>22}" for n in systems))
    print(f"{'characters / second':22}" + "".join(f"{figures[n]['chars_per_s']:>22,.0f}" for n in systems))
    for line in errors.get("rashomon", [])[: args.errors]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
