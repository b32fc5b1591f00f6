"""Score the values of rashomon's number reading on NewsQuant, beside a digits baseline and CQE's figure.

    .venv/bin/python eval/quantities.py [--data ../shared/datasets/newsquant] [--limit N] [--errors N]

Each NewsQuant sentence goes through the sentences, dates and counts stages as `rashomon analyze`
runs them. Two readings are scored, because the counts stage is deliberately narrower than
NewsQuant's notion of a quantity:

- ``counts``: what the counts stage keeps, figures that count a noun ("15 prisoners", "19 per
  cent", "3 dead"); money without a noun ("$6"), units ("275 pound-feet"), durations ("in 15
  years", left to the dates stage) and lone numbers are outside it by design.
- ``numbers``: the general number reading the counts stage starts from (``find_numbers``): every
  figure that is not a date or time of day (durations such as "15 years" are kept), year, reference,
  age, rank, phone number, identifier, address, score, name ending in a number ("Game 2") or value
  above 10^10.
- ``baseline``: every digit string of the sentence ("1,960", "2.5"), no number words, no exclusions.

Value metric, as CQE's evaluation: per sentence, predicted and gold values are matched one to one
(equal within a relative 1e-5; a range "60 to 64" is the pair (60, 64) and matches only a gold range);
precision = matches / predicted values, recall = matches / gold values, over all sentences
(sentences without a quantity count their predictions as false positives). Units and the change
('~', '>', 'up') are not scored. The published CQE value F1 is read from the dataset's
``published_results_NewsQuant.tsv`` and printed beside (91.9).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rashomon.model import Analysis, CountMention, Document
from rashomon.pipeline import load_stages
from rashomon.settings import Settings, default_settings
from rashomon.stages.counts import find_numbers, load_rules

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "newsquant"
SYSTEMS = ("counts", "numbers", "baseline")
_DIGITS = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
# The gate reads every sentence: the rules take well under a second for the whole file
GATE_SENTENCES: int | None = None

Value = float | tuple[float, float]


@dataclass(frozen=True)
class Sentence:
    """One NewsQuant sentence with its gold values."""

    text: str
    gold: tuple[Value, ...]


def parse_value(raw: str) -> Value:
    """A gold value: '6.0' -> 6.0, '252.0-287.0' -> (252.0, 287.0), '-1.3' -> -1.3."""
    raw = raw.strip()
    if "-" in raw[1:] and "E" not in raw.upper():
        low, high = raw[0] + raw[1:].split("-", 1)[0], raw[1:].split("-", 1)[1]
        return (float(low), float(high))
    return float(raw)


def read_sentences(data: Path, limit: int | None = None) -> list[Sentence]:
    """The sentences of NewsQuant.json with their gold values."""
    rows = json.loads((data / "NewsQuant.json").read_text("utf-8"))
    out = [Sentence(r["text"], tuple(parse_value(q["value"]) for q in r["quantities"])) for r in rows]
    return out[:limit] if limit is not None else out


def published_cqe(data: Path) -> float | None:
    """CQE's published value F1 from the dataset's result table, if present."""
    path = data / "published_results_NewsQuant.tsv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("model") == "CQE-Numparser" and row.get("type") == "value":
                return float(row["F1"])
    return None


def _same(a: Value, b: Value) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return all(math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-8) for x, y in zip(a, b, strict=True))
    if isinstance(a, tuple) or isinstance(b, tuple):
        return False
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)


def matches(gold: Sequence[Value], pred: Sequence[Value]) -> int:
    """How many predicted values match a gold value, one to one."""
    free = list(gold)
    hits = 0
    for value in pred:
        for i, g in enumerate(free):
            if _same(g, value):
                del free[i]
                hits += 1
                break
    return hits


def values(counts: Iterable[CountMention]) -> list[Value]:
    """The values of counts: a range as its (low, high) pair."""
    return [(c.value, c.high) if c.high is not None else c.value for c in counts]


def baseline(text: str) -> list[Value]:
    """Every digit string of the text."""
    return [float(m.group().replace(",", "")) for m in _DIGITS.finditer(text)]


class Reader:
    """The sentences, dates and counts stages, loaded once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or default_settings()
        self.stages = [
            (s.assigns, s.factory(self.settings)) for s in load_stages(("sentences", "dates", "counts"))
        ]
        self.rules = load_rules()

    def read(self, text: str) -> dict[str, list[Value]]:
        """Each system's values for one sentence."""
        analysis = Analysis(doc=Document(id="s", path="s.txt", text=text, sha256="s"))
        for assigns, fn in self.stages:
            setattr(analysis, assigns, fn(analysis, self.settings))
        return {
            "counts": values(analysis.counts),
            # a duration ('for 15 years') is a quantity to NewsQuant: only dates and times are left out
            "numbers": values(
                find_numbers(text, self.rules, [d for d in analysis.dates if d.kind != "duration"])
            ),
            "baseline": baseline(text),
        }


def evaluate(sentences: Sequence[Sentence], reader: Reader | None = None) -> dict[str, dict[str, float]]:
    """{system: {precision, recall, f1, tp, predicted, gold}} over the sentences."""
    reader = reader or Reader()
    totals = {name: [0, 0, 0] for name in SYSTEMS}  # tp, predicted, gold
    for sentence in sentences:
        for name, pred in reader.read(sentence.text).items():
            totals[name][0] += matches(sentence.gold, pred)
            totals[name][1] += len(pred)
            totals[name][2] += len(sentence.gold)
    out: dict[str, dict[str, float]] = {}
    for name, (tp, predicted, gold) in totals.items():
        p = tp / predicted if predicted else 1.0
        r = tp / gold if gold else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[name] = {"precision": p, "recall": r, "f1": f1, "tp": tp, "predicted": predicted, "gold": gold}
    return out


def metrics(data: Path = DEFAULT_DATA, limit: int | None = GATE_SENTENCES) -> dict[str, float]:
    """Figures for the gate: value P/R/F1 of the counts stage and of the number reading."""
    scores = evaluate(read_sentences(data, limit))
    return {
        f"{name}_{m}": scores[name][m]
        for name in ("counts", "numbers")
        for m in ("precision", "recall", "f1")
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: print the table (with --errors, sentences the number reading gets wrong)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the newsquant folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    parser.add_argument("--errors", type=int, default=0, help="print up to N sentences read wrong")
    args = parser.parse_args(argv)
    sentences = read_sentences(args.data, args.limit)
    reader = Reader()
    scores = evaluate(sentences, reader)
    print(f"NewsQuant, {len(sentences)} sentences, {sum(len(s.gold) for s in sentences)} gold values")
    print(f"{'system':<10}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'pred':>6}{'gold':>6}")
    for name in SYSTEMS:
        s = scores[name]
        print(
            f"{name:<10}{100 * s['precision']:7.1f}{100 * s['recall']:7.1f}{100 * s['f1']:7.1f}"
            f"{int(s['tp']):6d}{int(s['predicted']):6d}{int(s['gold']):6d}"
        )
    cqe = published_cqe(args.data)
    if cqe is not None:
        print(f"{'CQE':<10}{'':>14}{cqe:7.1f}   (published value F1, all units)")
    shown = 0
    for sentence in sentences:
        if shown >= args.errors:
            break
        pred = reader.read(sentence.text)["numbers"]
        if matches(sentence.gold, pred) == len(pred) == len(sentence.gold):
            continue
        shown += 1
        print(f"\n{sentence.text}\n  gold {list(sentence.gold)}\n  ours {pred}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
