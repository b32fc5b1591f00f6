"""Score rashomon.timex on the TempEval-3 training gold (TimeBank + AQUAINT, TBAQ-cleaned).

    .venv/bin/python eval/tempeval3.py [--data ../shared/datasets/tempeval3_train] [--errors N]

Each gold file's DCT anchors our recogniser; spans are compared on the text of <TEXT> with its tags
removed. Reports strict (exact span) and relaxed (overlap) precision/recall/F1, and the accuracy of
the TimeML value and type over the relaxed matches (the TempEval-3 attribute measure). These are
development figures: the TempEval-3 test set is kept elsewhere.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
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
    # the body element itself contributes its text; its own tail is outside <TEXT>
    return "".join(parts), dct, spans


def predict(text: str, dct: str | None) -> list[Span]:
    """Our TIMEX3 spans of a plain text."""
    mentions = find_timexes(text, split_sentences(text), dct[:10] if dct else None)
    return [Span(m.start, m.end, m.text, timeml_type(m), timeml_value(m)) for m in mentions]


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each sort")
    args = parser.parse_args(argv)
    files = sorted(args.data.glob("*/*.tml"))
    if not files:
        print(f"no .tml files under {args.data}", file=sys.stderr)
        return 2
    n_gold = n_pred = strict = relaxed = value_ok = type_ok = 0
    missed: list[str] = []
    spurious: list[str] = []
    wrong: list[str] = []
    for path in files:
        text, dct, gold = read_gold(path)
        pred = predict(text, dct)
        n_gold += len(gold)
        n_pred += len(pred)
        gold_spans = {(g.start, g.end) for g in gold}
        strict += sum((p.start, p.end) in gold_spans for p in pred)
        used: set[int] = set()
        for p in pred:
            match = next((i for i, g in enumerate(gold) if i not in used and _overlap(p, g)), None)
            if match is None:
                spurious.append(f"{path.name}: {p.text!r} -> {p.value}")
                continue
            used.add(match)
            g = gold[match]
            relaxed += 1
            type_ok += p.type == g.type
            if p.value == g.value:
                value_ok += 1
            else:
                wrong.append(f"{path.name} dct={dct}: {p.text!r}/{g.text!r} {p.value} != {g.value}")
        missed.extend(f"{path.name}: {g.text!r} {g.value}" for i, g in enumerate(gold) if i not in used)
    print(f"TempEval-3 training gold: {len(files)} files, {n_gold} gold TIMEX3, {n_pred} predicted")
    for name, tp in (("strict", strict), ("relaxed", relaxed)):
        prec, rec, f1 = _prf(tp, n_pred, n_gold)
        print(f"{name:8s} P {prec:.3f}  R {rec:.3f}  F1 {f1:.3f}")
    if relaxed:
        print(f"value accuracy (of relaxed matches) {value_ok / relaxed:.3f}")
        print(f"type accuracy  (of relaxed matches) {type_ok / relaxed:.3f}")
        _, _, f_rel = _prf(relaxed, n_pred, n_gold)
        print(f"value F1 (relaxed F1 x value accuracy) {f_rel * value_ok / relaxed:.3f}")
    for title, errors in (("missed", missed), ("spurious", spurious), ("wrong value", wrong)):
        if args.errors:
            print(f"\n{title} ({len(errors)}):")
            for line in errors[: args.errors]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
