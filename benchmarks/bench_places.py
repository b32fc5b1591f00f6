"""Documents per second of the places stage against spaCy's NER alone, on the LGL articles.

Usage: python benchmarks/bench_places.py [--limit N] [--repeat R]

In one process, on the same texts (the LGL geoparsing corpus, ../shared/datasets/lgl), after loading
every model and table once and a warm-up pass:
  1. the reference: ``nlp.pipe`` of the project's spaCy model with only ``ner`` enabled,
  2. the places stage alone (its inputs, sentences and entities, computed beforehand),
  3. the places stage with its prerequisites: sentences + entities (spaCy NER) + places.
Figures are documents per second and ratios to the reference; the best of R repeats is kept.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rashomon.model import Analysis, Document
from rashomon.nlp import load_spacy
from rashomon.pipeline import load_stages
from rashomon.settings import Settings, default_settings

LGL = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "lgl" / "lgl.xml.gz"


def texts(limit: int | None) -> list[str]:
    """The article texts of LGL."""
    root = ET.fromstring(gzip.decompress(LGL.read_bytes()))
    return [a.findtext("text") or "" for a in root.iter("article")][:limit]


def best(repeat: int, run: Callable[[], None]) -> float:
    """The shortest wall time of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    """Print documents per second and ratios."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    docs = texts(args.limit)
    settings: Settings = default_settings()
    stages = load_stages(("sentences", "entities", "places"))
    fns: list[Callable[[Analysis, Settings], Any]] = [s.factory(settings) for s in stages]
    nlp = load_spacy(settings.spacy_models)

    def fresh() -> list[Analysis]:
        return [
            Analysis(doc=Document(id=str(i), path=f"{i}.txt", text=t, sha256=str(i)))
            for i, t in enumerate(docs)
        ]

    def spacy_ner() -> None:
        with nlp.select_pipes(enable=["ner"]):
            for _ in nlp.pipe(docs):
                pass

    prepared = fresh()
    for analysis in prepared:
        for stage, fn in zip(stages[:2], fns[:2], strict=True):
            setattr(analysis, stage.assigns, fn(analysis, settings))

    def places_alone() -> None:
        for analysis in prepared:
            analysis.places = fns[2](analysis, settings)

    def with_entities() -> None:
        for analysis in fresh():
            for stage, fn in zip(stages, fns, strict=True):
                setattr(analysis, stage.assigns, fn(analysis, settings))

    places_alone()  # warm-up: tables and automaton are built, caches are hot
    spacy_ner()
    ref = best(args.repeat, spacy_ner)
    alone = best(args.repeat, places_alone)
    full = best(args.repeat, with_entities)
    n, chars = len(docs), sum(map(len, docs))
    print(f"LGL: {n} documents, {chars:,} characters, best of {args.repeat}")
    print(f"{'run':42}{'seconds':>9}{'docs/s':>10}{'× spaCy NER':>13}")
    for name, sec in (
        ("spaCy NER alone (nlp.pipe, ner only)", ref),
        ("places stage alone", alone),
        ("sentences + entities + places", full),
    ):
        print(f"{name:42}{sec:>9.2f}{n / sec:>10.1f}{ref / sec:>13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
