"""Agreement of rashomon's numpy tagger and parser (rashomon.tagparse) with spaCy's own components.

Usage:
    .venv/bin/python eval/tagparse.py [--part all|gate]

The numpy tagger and parser compute the English model's encoder, tagger and greedy arc-eager
parser over the model's own weights; they are meant to give exactly spaCy's tags, heads and labels.
This compares the two on public news text read in place: the 84 PolNeAR test articles
(``../shared/datasets/polnear_test``, political news with much quoted speech) and the 804 FA-KES
articles (``../shared/datasets/fakes_syria``, reports of the Syrian war from outlets on every
side), split into sentences by rashomon's own splitter and parsed one article at a time, as the
stages do. ``gate`` takes every eighth article of each (10 and 101 articles).

Figures: the share of tokens given spaCy's tag, spaCy's head and label, both, and the share of
sentences where every token gets all three. The CPU seconds of both are printed for information;
speed is measured in ``benchmarks/`` (bench_tagparse.py).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.attribution import DEFAULT_DATA as POLNEAR
from eval.attribution import read_articles

SHARED = Path(__file__).resolve().parents[2] / "shared"
FAKES = SHARED / "datasets" / "fakes_syria" / "FA-KES-Dataset.csv.gz"
Parse = tuple[list[str], list[str], list[int]]


def articles(part: str) -> list[str]:
    """The article texts of a part: all of both corpora, or every eighth of each (gate)."""
    polnear = [a.text for a in read_articles(POLNEAR)]
    with gzip.open(FAKES, "rb") as raw:
        fakes = [row["article_content"] for row in csv.DictReader(io.TextIOWrapper(raw, encoding="latin-1"))]
    if part == "gate":
        return polnear[::8] + fakes[::8]
    return polnear + fakes


def parse_both(texts: list[str]) -> tuple[list[Parse], list[Parse], float, float]:
    """Each sentence's parse by spaCy and by the numpy parser, with the CPU seconds of each."""
    from rashomon.nlp import load_spacy
    from rashomon.settings import default_settings
    from rashomon.stages.sentences import split_sentences
    from rashomon.tagparse import TagParser

    nlp = load_spacy(default_settings().spacy_models)
    tagparser = TagParser.of(nlp)
    if tagparser is None:
        raise SystemExit("the installed English model is not of the shape rashomon.tagparse computes")
    groups = [[s.text for s in split_sentences(text)] for text in texts]
    spacy_out: list[Parse] = []
    started = time.process_time()
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        for group in groups:
            for doc in nlp.pipe(group):
                spacy_out.append(([t.tag_ for t in doc], [t.dep_ for t in doc], [t.head.i for t in doc]))
    spacy_seconds = time.process_time() - started
    ours: list[Parse] = []
    started = time.process_time()
    for group in groups:
        ours.extend(tagparser([nlp.make_doc(text) for text in group]))
    return spacy_out, ours, spacy_seconds, time.process_time() - started


def agreement(reference: list[Parse], ours: list[Parse]) -> dict[str, float]:
    """Shares of tokens and sentences where the two agree."""
    tokens = tags = arcs = both = same = 0
    for (tag_a, dep_a, head_a), (tag_b, dep_b, head_b) in zip(reference, ours, strict=True):
        for i in range(len(tag_a)):
            tag_ok = tag_a[i] == tag_b[i]
            arc_ok = head_a[i] == head_b[i] and dep_a[i] == dep_b[i]
            tokens += 1
            tags += tag_ok
            arcs += arc_ok
            both += tag_ok and arc_ok
        same += (tag_a, dep_a, head_a) == (tag_b, dep_b, head_b)
    return {
        "tag": tags / max(tokens, 1),
        "head_label": arcs / max(tokens, 1),
        "tokens_identical": both / max(tokens, 1),
        "sentences_identical": same / max(len(reference), 1),
        "sentences": float(len(reference)),
        "tokens": float(tokens),
    }


def metrics(part: str = "gate") -> dict[str, Any]:
    """The agreement figures of one part (the gate's figures without the timings)."""
    reference, ours, _, _ = parse_both(articles(part))
    return agreement(reference, ours)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the agreement and the CPU seconds of both."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=("all", "gate"), default="all")
    args = parser.parse_args(argv)
    texts = articles(args.part)
    reference, ours, spacy_seconds, our_seconds = parse_both(texts)
    figures = agreement(reference, ours)
    print(f"{len(texts)} articles, {figures['sentences']:.0f} sentences, {figures['tokens']:.0f} tokens")
    print("| agreement with spaCy | tag | head and label | all three | sentences identical |")
    print("|---|---|---|---|---|")
    print(
        f"| numpy tagger and parser | {figures['tag']:.4%} | {figures['head_label']:.4%} | "
        f"{figures['tokens_identical']:.4%} | {figures['sentences_identical']:.4%} |"
    )
    print(f"CPU seconds, one article at a time: spaCy {spacy_seconds:.2f}, numpy {our_seconds:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
