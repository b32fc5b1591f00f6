"""Train alignment's two pair models on public training splits and write resources/align/model.json.

    .venv/bin/python scripts/train_align.py [--out PATH] [--train CORPUS...] [--dev CORPUS...] [--keep-story]

Training data (never a dev or test split):
- ECB+ topics 1-35 without the dev topics (2, 5, 12, 18, 21, 23, 34, 35): gold event mentions and
  chains; a sub-topic (the ECB or the ECB+ half of a topic) is a story.
- GVC train: mention strings placed in their documents; an incident is a story.
- GVA news: the documents of incidents outside GVC dev whose id falls in the train part of a hash
  split (``gva_part``); an incident is a story.

The story model is a logistic regression over document-pair features (``corpus.features``), fitted
on the candidate pairs that blocking yields; the mention model likewise over mention-pair features
of the candidate pairs inside the stories that the story model forms. Both use L2-regularised
Newton iterations (deterministic: the same data give the same weights).

Thresholds are chosen on dev data, as the issue asks: the story threshold maximises the mean B³ F1
of documents against gold stories on ECB+ dev, GVC dev and the dev part of GVA news; the mention
threshold the mean CoNLL F1 of gold-mention alignment on ECB+ dev and GVC dev.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.coref import analyse, build_gold_mentions, gva_part, load, profiles  # noqa: E402
from eval.coref_data import CorefDoc, read_gva  # noqa: E402
from eval.coref_metrics import b_cubed, score  # noqa: E402

from rashomon.corpus.align import candidates, cluster  # noqa: E402
from rashomon.corpus.records import records_of  # noqa: E402
from rashomon.corpus.scorer import AlignModel, PairModel, parse_model  # noqa: E402
from rashomon.corpus.stories import stories, story_pairs  # noqa: E402
from rashomon.settings import Settings, default_settings  # noqa: E402

OUT = ROOT / "src" / "rashomon" / "resources" / "align" / "model.json"
VERSION = "align.lr.v1"
L2 = 1.0
# products of features the linear model cannot otherwise express
STORY_INTERACTIONS = ("doc_cos*name_cos", "doc_cos*pub_far", "name_cos*pub_far", "doc_cos*pub_missing")
MENTION_INTERACTIONS = (
    "lemma*doc_cos",
    "lemma*same_doc",
    "lemma*sent_cos",
    "sense*doc_cos",
    "type*doc_cos",
    "same_doc*sent_cos",
    "lemma*date_firm_gap",
    "type*date_firm_same",
    "args_shared*lemma",
    "args_clash*lemma",
    "stem*doc_cos",
    "lemma*names_shared",
    "sent_cos*doc_cos",
    "same_doc*doc_cos",
)
THRESHOLDS = tuple(round(0.05 + 0.05 * i, 2) for i in range(17))


def fit(
    rows: Sequence[dict[str, float]], labels: Sequence[int], interactions: Sequence[str]
) -> tuple[float, dict[str, float]]:
    """An L2-regularised logistic regression by Newton's method: (bias, weights by feature name)."""
    names = sorted({k for r in rows for k in r}) + list(interactions)
    x = np.zeros((len(rows), len(names) + 1))
    x[:, 0] = 1.0
    for i, r in enumerate(rows):
        for j, name in enumerate(names, 1):
            if "*" in name:
                left, right = name.split("*", 1)
                x[i, j] = r.get(left, 0.0) * r.get(right, 0.0)
            else:
                x[i, j] = r.get(name, 0.0)
    y = np.asarray(labels, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2)
    penalty[0] = 0.0  # the bias is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = {name: round(float(v), 6) for name, v in zip(names, w[1:], strict=True) if abs(v) > 1e-9}
    return round(float(w[0]), 6), weights


def _story_rows(
    docs: list[CorefDoc], corpus: str, settings: Settings
) -> tuple[list[dict[str, float]], list[int]]:
    found = story_pairs(profiles(docs, corpus, settings))
    rows, labels = [], []
    for (i, j), f in sorted(found.pairs.items()):
        rows.append(f)
        labels.append(int(docs[i].subtopic == docs[j].subtopic))
    return rows, labels


def _story_f1(docs: list[CorefDoc], corpus: str, settings: Settings, model: PairModel) -> float:
    story = stories(story_pairs(profiles(docs, corpus, settings)), model)
    key: dict[str, list[str]] = {}
    response: dict[int, list[str]] = {}
    for doc, s in zip(docs, story, strict=True):
        key.setdefault(doc.subtopic, []).append(doc.id)
        response.setdefault(s, []).append(doc.id)
    return b_cubed(list(key.values()), list(response.values())).f1


def _mention_rows(
    docs: list[CorefDoc], corpus: str, settings: Settings, model: AlignModel
) -> tuple[list[dict[str, float]], list[int]]:
    analyses = analyse(docs, corpus, settings, gold_parse=True)
    mentions, gold_of = build_gold_mentions(docs, analyses, settings)
    records, profiles_ = records_of(mentions, analyses)
    found = candidates(records, profiles_, settings, model)
    rows, labels = [], []
    for i, j in sorted(found.pairs):
        a, b = found.views[i].mention.id, found.views[j].mention.id
        rows.append(found.features(i, j))
        labels.append(int(gold_of[a].chain == gold_of[b].chain))
    return rows, labels


def _conll(docs: list[CorefDoc], corpus: str, settings: Settings, model: AlignModel) -> float:
    analyses = analyse(docs, corpus, settings, gold_parse=True)
    mentions, gold_of = build_gold_mentions(docs, analyses, settings)
    records, profiles_ = records_of(mentions, analyses)
    response = cluster(candidates(records, profiles_, settings, model), records, profiles_, settings, model)
    key: dict[str, list[str]] = {}
    for m in mentions:
        key.setdefault(gold_of[m.id].chain, []).append(m.id)
    return score(list(key.values()), response).conll


def _gva(split: str) -> list[CorefDoc]:
    return [d for d in read_gva() if gva_part(d.topic) == split and not _gvc_dev(d)]


def _gvc_dev(doc: CorefDoc) -> bool:
    return doc.id in _GVC_DEV


_GVC_DEV: set[str] = set()


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--train",
        nargs="+",
        choices=("ecb", "gvc", "meantime", "gva"),
        default=["ecb", "gvc", "meantime", "gva"],
    )
    parser.add_argument(
        "--dev",
        nargs="+",
        choices=("ecb", "gvc", "meantime", "gva"),
        default=["ecb", "gvc", "meantime", "gva"],
        help="dev sets the thresholds are chosen on",
    )
    parser.add_argument(
        "--keep-story",
        action="store_true",
        help="reuse the story model of --out, train the mention model only",
    )
    args = parser.parse_args(argv)
    settings = default_settings()
    began = time.perf_counter()
    dev = {c: load(c, None, "dev", None) for c in ("ecb", "gvc", "meantime") if c in args.dev}
    _GVC_DEV.update(d.id for d in load("gvc", None, "dev", None))
    train = {c: load(c, None, "train", None) for c in ("ecb", "gvc", "meantime") if c in args.train}
    # MEANTIME's topics are broad subjects, not stories: it trains and tunes the mention model only
    story_dev = {c: docs for c, docs in dev.items() if c != "meantime"}
    if "gva" in args.dev:
        story_dev["gva"] = _gva("dev")
    story_train = {c: docs for c, docs in train.items() if c != "meantime"}
    if "gva" in args.train:
        story_train["gva"] = _gva("train")
    print(f"loaded in {time.perf_counter() - began:.0f} s", file=sys.stderr)

    if args.keep_story:
        story = parse_model(args.out.read_text("utf-8")).story
    else:
        rows: list[dict[str, float]] = []
        labels: list[int] = []
        for corpus, docs in story_train.items():
            r, y = _story_rows(docs, f"{corpus}-train", settings)
            rows += r
            labels += y
            print(f"story pairs {corpus}: {len(r)} ({sum(y)} positive)", file=sys.stderr)
        story_bias, story_weights = fit(rows, labels, STORY_INTERACTIONS)
        best_story = max(
            THRESHOLDS,
            key=lambda t: sum(
                _story_f1(docs, f"{c}-dev", settings, PairModel(story_bias, story_weights, t))
                for c, docs in story_dev.items()
            ),
        )
        story = PairModel(story_bias, story_weights, best_story)
        print(f"story threshold {best_story}", file=sys.stderr)

    provisional = AlignModel(VERSION, story, PairModel(0.0, {}, 0.5))
    rows, labels = [], []
    for corpus, docs in train.items():
        r, y = _mention_rows(docs, f"{corpus}-train", settings, provisional)
        rows += r
        labels += y
        print(f"mention pairs {corpus}: {len(r)} ({sum(y)} positive)", file=sys.stderr)
    bias, weights = fit(rows, labels, MENTION_INTERACTIONS)
    best = max(
        THRESHOLDS,
        key=lambda t: sum(
            _conll(docs, c, settings, AlignModel(VERSION, story, PairModel(bias, weights, t)))
            for c, docs in dev.items()
        ),
    )
    print(f"mention threshold {best}", file=sys.stderr)
    model = {
        "version": VERSION,
        "trained_on": sorted(f"{c}-train" for c in {*story_train, *train}),
        "thresholds_chosen_on": sorted(f"{c}-dev" for c in args.dev),
        "story": {"bias": story.bias, "weights": story.weights, "threshold": story.threshold},
        "mention": {"bias": bias, "weights": weights, "threshold": best},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
