"""Speed of the dates stage against dateparser's search_dates on the same texts, in the same run.

    .venv/bin/python benchmarks/bench_dates.py [--repeat 3]

Texts: the five seeds (../shared/corpus/seeds/*.txt) and the TempEval-3 training documents (the
<TEXT> of each .tml), read at run time. rashomon's side is the whole stage as the pipeline runs it on
a document: sentence split, recognition, normalisation and anchoring on the publication date.
dateparser's side is one ``search_dates`` call per text with RELATIVE_BASE set to the same date.
Reported: characters per second of each (best of --repeat runs) and the ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from dateparser.search import search_dates

from rashomon.stages.sentences import split_sentences
from rashomon.timex import find_timexes

SHARED = Path(__file__).resolve().parents[2] / "shared"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
from tempeval3 import read_gold  # noqa: E402


def corpora() -> dict[str, list[tuple[str, str]]]:
    """{name: [(text, dct)]} for the seeds and TempEval-3."""
    seeds = [
        (p.read_text("utf-8"), "2023-12-14") for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt"))
    ]
    tempeval = []
    for path in sorted((SHARED / "datasets" / "tempeval3_train").glob("*/*.tml")):
        text, dct, _ = read_gold(path)
        tempeval.append((text, (dct or "2000-01-01")[:10]))
    return {"seeds": seeds, "tempeval3_train": tempeval}


def ours(text: str, dct: str) -> int:
    """The dates stage on one text: the number of expressions found."""
    return len(find_timexes(text, split_sentences(text), dct))


def theirs(text: str, dct: str) -> int:
    """dateparser's search on one text: the number of dates found."""
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": datetime.fromisoformat(dct)})
    return len(found or [])


def best_seconds(run: Callable[[str, str], int], docs: list[tuple[str, str]], repeat: int) -> float:
    """The fastest of ``repeat`` passes over ``docs``."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for text, dct in docs:
            run(text, dct)
        best = min(best, time.perf_counter() - began)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print characters per second of both and the ratio, per corpus."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    ours(*corpora()["seeds"][0])  # load the word lists once, outside the timing
    theirs("on 3 May 2021", "2021-05-04")
    print(f"{'corpus':18}{'docs':>6}{'chars':>10}{'rashomon c/s':>15}{'dateparser c/s':>16}{'ratio':>8}")
    for name, docs in corpora().items():
        chars = sum(len(t) for t, _ in docs)
        mine = chars / best_seconds(ours, docs, args.repeat)
        other = chars / best_seconds(theirs, docs, args.repeat)
        print(f"{name:18}{len(docs):>6}{chars:>10,}{mine:>15,.0f}{other:>16,.0f}{mine / other:>7.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
