"""Characters per second of the dates stage against dateparser's search_dates, same texts, same run.

    .venv/bin/python benchmarks/bench_dates.py [--repeat 3]

Texts, read at run time: the seeds (../shared/corpus/seeds/*.txt, anchored on the `published` date
of their sources.csv) and the TempEval-3 training documents (the <TEXT> of each .tml, anchored on its
DCT). rashomon's side is what the `dates` stage costs on a document: the rule-based sentence split
(the stage's only prerequisite) plus ``find_timexes`` (recognition, normalisation and anchoring).
dateparser's side is one ``search_dates`` call per text (languages=["en"], RELATIVE_BASE = the same
date, PREFER_DATES_FROM = past, as in eval/tempeval3.py). Both are warmed up first (word lists and
dateparser's language data loaded); each figure is the best of --repeat passes over the corpus.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from dateparser.search import search_dates

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from eval.tempeval3 import read_gold  # noqa: E402

from rashomon.stages.sentences import split_sentences  # noqa: E402
from rashomon.timex import find_timexes  # noqa: E402

Docs = list[tuple[str, str]]  # (text, reference date YYYY, YYYY-MM or YYYY-MM-DD)


def seeds(folder: Path) -> Docs:
    """The seed texts with their publication dates from sources.csv."""
    published: dict[str, str] = {}
    if (folder / "sources.csv").exists():
        with (folder / "sources.csv").open(encoding="utf-8", newline="") as f:
            published = {row["file"]: row.get("published") or "" for row in csv.DictReader(f)}
    return [
        (p.read_text("utf-8"), published.get(p.name) or "2023-12-01") for p in sorted(folder.glob("*.txt"))
    ]


def tempeval(folder: Path) -> Docs:
    """The TempEval-3 training texts with their DCTs."""
    out: Docs = []
    for path in sorted(folder.rglob("*.tml")):
        text, dct, _ = read_gold(path)
        out.append((text, (dct or "2000-01-01")[:10]))
    return out


def ours(text: str, ref: str) -> int:
    """The dates stage on one text: sentence split plus find_timexes; the number of expressions."""
    return len(find_timexes(text, split_sentences(text), ref))


def _base(ref: str) -> datetime:
    # dateparser needs a full datetime: a month or year reference becomes its first day
    year, month, day = [*ref.split("-"), "01", "01"][:3]
    return datetime(int(year), int(month), int(day))


def theirs(text: str, ref: str) -> int:
    """dateparser's search on one text: the number of dates found."""
    settings: dict[str, Any] = {"RELATIVE_BASE": _base(ref), "PREFER_DATES_FROM": "past"}
    return len(search_dates(text, languages=["en"], settings=settings) or [])


def best_seconds(run: Callable[[str, str], int], docs: Docs, repeat: int) -> tuple[float, int]:
    """The fastest of ``repeat`` passes over ``docs``, and the expressions found in one pass."""
    best, found = float("inf"), 0
    for _ in range(repeat):
        began = time.perf_counter()
        found = sum(run(text, ref) for text, ref in docs)
        best = min(best, time.perf_counter() - began)
    return best, found


def main(argv: list[str] | None = None) -> int:
    """Print characters per second of both systems and the ratio, per corpus and overall."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", type=Path, default=SHARED / "corpus" / "seeds")
    parser.add_argument("--tempeval", type=Path, default=SHARED / "datasets" / "tempeval3_train")
    args = parser.parse_args(argv)
    corpora = {"seeds": seeds(args.seeds), "tempeval3_train": tempeval(args.tempeval)}
    corpora = {name: docs for name, docs in corpora.items() if docs}
    if not corpora:
        print("no texts found", file=sys.stderr)
        return 2
    ours("It began on 3 May 2021.", "2021-05-04")  # warm up: word lists, compiled patterns
    theirs("It began on 3 May 2021.", "2021-05-04")
    head = (
        f"{'corpus':17}{'docs':>6}{'chars':>10}{'rashomon s':>12}{'c/s':>12}{'dateparser s':>14}{'c/s':>11}"
    )
    print(head + f"{'ratio':>8}")
    chars_all, mine_all, other_all = 0, 0.0, 0.0
    for name, docs in corpora.items():
        chars = sum(len(t) for t, _ in docs)
        mine, n_mine = best_seconds(ours, docs, args.repeat)
        other, n_other = best_seconds(theirs, docs, args.repeat)
        chars_all, mine_all, other_all = chars_all + chars, mine_all + mine, other_all + other
        print(
            f"{name:17}{len(docs):>6}{chars:>10,}{mine:>12.3f}{chars / mine:>12,.0f}"
            f"{other:>14.3f}{chars / other:>11,.0f}{other / mine:>7.1f}x"
            f"   (found {n_mine} / {n_other})"
        )
    docs_all = sum(map(len, corpora.values()))
    print(
        f"{'all':17}{docs_all:>6}{chars_all:>10,}{mine_all:>12.3f}{chars_all / mine_all:>12,.0f}"
        f"{other_all:>14.3f}{chars_all / other_all:>11,.0f}{other_all / mine_all:>7.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
