"""Alignment cost as the corpus grows: time and pairs scored for about 1k, 4k and 16k event mentions.

    .venv/bin/python benchmarks/bench_align.py [--sizes 1000 4000 16000] [--repeat 3]

The mentions are rashomon's own, from the GVA news reports (../shared/datasets/gva_news, read at
run time and analysed once, cached under .cache/coref/): whole incidents (all their reports among
the analysed documents) are taken in a fixed order until the size is reached, so each size is a
real corpus of shootings reported by several outlets, not copies, and a larger one holds more
incidents rather than more reports of each. For each size it prints the best of R runs of the
corpus alignment stage (stories, candidate pairs, scoring, clustering), the candidate pairs
blocking yields, the pairs whose features were computed (candidates and those average link fills
in, less those a rule decides), and the time and pairs per mention with their ratio to the
smallest size: near-linear cost keeps these ratios near 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.coref import analyse
from eval.coref_data import read_gva

from rashomon.corpus import align as alignment
from rashomon.corpus.scorer import load_model
from rashomon.model import Analysis, EventMention
from rashomon.settings import default_settings


def corpus(
    analyses: list[Analysis], incident_of: dict[str, str], size: int
) -> tuple[list[EventMention], dict[str, Analysis]]:
    """Whole incidents (every report of each) in a fixed order until ``size`` mentions, so that a
    larger corpus holds more incidents, not denser ones."""
    by_incident: dict[str, list[Analysis]] = {}
    for a in analyses:
        by_incident.setdefault(incident_of[a.doc.id], []).append(a)
    mentions: list[EventMention] = []
    chosen: dict[str, Analysis] = {}
    for incident in sorted(by_incident):
        if len(mentions) >= size:
            break
        for a in by_incident[incident]:
            chosen[a.doc.id] = a
            mentions.extend(a.events)
    return mentions, chosen


def run(mentions: list[EventMention], analyses: dict[str, Analysis]) -> tuple[float, int, int]:
    """Seconds, candidate pairs, pairs scored in all."""
    settings, model = default_settings(), load_model()
    began = time.perf_counter()
    found = alignment.candidates(mentions, analyses, settings, model)
    calls = {"n": 0}
    features = found.features

    def counted(i: int, j: int) -> dict[str, float]:
        calls["n"] += 1
        return features(i, j)

    found.features = counted  # type: ignore[method-assign]
    alignment.cluster(found, analyses, settings, model)
    seconds = time.perf_counter() - began
    return seconds, len(found.pairs), calls["n"]


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    docs = read_gva()
    need = max(args.sizes)
    # analyse enough documents (about 8 mentions each), in one cached batch per size of need
    take = min(len(docs), need // 4)
    analyses = list(analyse(docs[:take], "gva-bench", default_settings()).values())
    incident_of = {d.id: d.topic for d in docs}
    rows = []
    for size in args.sizes:
        mentions, chosen = corpus(analyses, incident_of, size)
        best = min((run(mentions, chosen) for _ in range(args.repeat)), key=lambda r: r[0])
        rows.append((len(mentions), len(chosen), *best))
    base_time = rows[0][2] / rows[0][0]
    base_pairs = rows[0][4] / rows[0][0]
    print(
        "| mentions | documents | seconds | candidate pairs | pairs scored "
        "| ms per mention | ratio | pairs per mention | ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, d, seconds, candidates, scored in rows:
        per = seconds / n
        print(
            f"| {n:,} | {d:,} | {seconds:.2f} | {candidates:,} | {scored:,} | {1000 * per:.2f} "
            f"| {per / base_time:.2f} | {scored / n:.1f} | {scored / n / base_pairs:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
