"""CPU time of rashomon's numpy tagger and parser against spaCy's own components on the same text.

Usage: python benchmarks/bench_tagparse.py [--repeat 3] [--part all|gate]

The articles of eval/tagparse.py (84 PolNeAR test articles and 804 FA-KES articles, read in place;
``gate``: every eighth) are split into sentences by rashomon's splitter and parsed one article at a
time, as the stages parse a document's sentences: by spaCy's tok2vec, tagger and parser, and by
rashomon.tagparse, alternately, R times each in this one process. Prints the best CPU seconds of
each, their ratio, and whether every sentence got the same tags, heads and labels.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.tagparse import agreement, articles, parse_both


def main() -> None:
    """Time both R times and print the best of each and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--part", choices=("all", "gate"), default="all")
    args = parser.parse_args()
    texts = articles(args.part)
    spacy_best = ours_best = float("inf")
    for _ in range(args.repeat):
        reference, ours, spacy_seconds, our_seconds = parse_both(texts)
        spacy_best, ours_best = min(spacy_best, spacy_seconds), min(ours_best, our_seconds)
    figures = agreement(reference, ours)
    print(f"{len(texts)} articles, {figures['sentences']:.0f} sentences, {figures['tokens']:.0f} tokens")
    print(f"best of {args.repeat}, CPU s: spaCy {spacy_best:.2f}, numpy {ours_best:.2f}")
    print(f"ratio numpy / spaCy: {ours_best / spacy_best:.3f}")
    print(f"sentences identical: {figures['sentences_identical']:.2%}")


if __name__ == "__main__":
    main()
