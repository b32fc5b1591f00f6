"""Score rashomon's alignment on public event-coreference corpora, beside simple baselines.

    .venv/bin/python eval/coref.py [--corpus ecb gvc gva] [--data PATH] [--split dev|train]
                                   [--limit N] [--no-cache]

Settings (mention level, ECB+ and GVC dev):
- gold mentions: rashomon's per-document stages read each document; an event mention is built at
  every gold trigger span (typed, dated and given arguments by rashomon's own events stage), and the
  corpus alignment clusters them. The key is the gold chains of the same mentions.
- end to end: rashomon's own mentions. Each is matched one to one with a gold mention whose span it
  overlaps; a matched mention takes the gold mention's id, an unmatched one counts as spurious, and
  gold mentions nobody found count as missed. For ECB+, only mentions of the sentences the corpus
  checked for coreference are scored (rashomon still aligns all of its mentions).

Beside rashomon on the same mentions: same-head-lemma (the lemma of the trigger's syntactic head,
over the whole corpus, and within the corpus's gold topics, the usual ECB+ baseline, which is given
information rashomon does not have) and all-singletons.

Document level (GVC dev, GVA news): which documents report the same incident. rashomon's stories
(`rashomon.corpus.stories`) against the gold incident, B³ and pairwise F1, beside all-singletons and
same-publication-day-and-place.

Analyses are cached under .cache/coref/ keyed by the pipeline's stage versions and the texts.
These are development figures: the held-out test topics and splits are kept elsewhere.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.coref_data import (
    ECB_DATA,
    ECB_DEV_TOPICS,
    GVA_DATA,
    GVC_DATA,
    MEANTIME_DATA,
    MEANTIME_DEV_TOPICS,
    CorefDoc,
    GoldMention,
    read_ecb,
    read_gva,
    read_gvc_dev,
    read_gvc_train,
    read_meantime,
)
from eval.coref_metrics import Scores, score, singletons
from rashomon.corpus.align import align_analyses
from rashomon.corpus.features import DocProfile, profile
from rashomon.corpus.scorer import AlignModel, load_model, parse_model
from rashomon.corpus.stories import stories, story_pairs
from rashomon.model import Analysis, Document, EventMention
from rashomon.pipeline import analyse_documents, load_stages, pipeline_key
from rashomon.settings import Settings, default_settings
from rashomon.stages.events import EventExtractor
from rashomon.stages.parse import Parser

CACHE = Path(__file__).resolve().parents[1] / ".cache" / "coref"
Clusters = list[list[Hashable]]


# -- analyses -------------------------------------------------------------------------------------


def document(doc: CorefDoc, corpus: str) -> Document:
    """The Document rashomon reads for a corpus document (its text is already clean)."""
    return Document(
        id=doc.id,
        path=f"{corpus}/{doc.id}",
        text=doc.text,
        sha256=hashlib.sha256(doc.text.encode()).hexdigest(),
        published=doc.published,
        published_basis="metadata" if doc.published else "unknown",
        published_source="corpus" if doc.published else None,
    )


def analyse(
    docs: Sequence[CorefDoc], corpus: str, settings: Settings, *, cache: bool = True, gold_parse: bool = False
) -> dict[str, Analysis]:
    """Per-document analyses of every document (cached); with ``gold_parse`` the sentences that hold
    a gold mention are parsed too, so mentions can be built there."""
    digest = hashlib.sha256()
    digest.update(code_key().encode())
    digest.update(pipeline_key(load_stages(), settings).encode())
    digest.update(str(gold_parse).encode())
    for doc in docs:
        digest.update(doc.id.encode())
        digest.update(doc.text.encode())
    path = CACHE / f"{corpus}-{digest.hexdigest()[:16]}.pkl"
    if cache and path.exists():
        cached: dict[str, Analysis] = pickle.loads(path.read_bytes())
        return cached
    out: dict[str, Analysis] = {}
    for analysis, _ in analyse_documents([document(d, corpus) for d in docs], settings):
        out[analysis.doc.id] = analysis
    if gold_parse:
        parser = Parser(settings)
        for doc in docs:
            analysis = out[doc.id]
            have = {p.start for p in analysis.parsed}
            need = {s for m in doc.mentions for s in analysis.sentences if s.start <= m.start < s.end}
            extra = sorted((s for s in need if s.start not in have), key=lambda s: s.start)
            analysis.parsed = sorted([*analysis.parsed, *parser.parse(extra)], key=lambda p: p.start)
    if cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(out))
    return out


def code_key() -> str:
    """A hash of rashomon's code and resources: cached analyses are redone after any change."""
    import rashomon

    digest = hashlib.sha256()
    root = Path(rashomon.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".csv", ".txt", ".toml", ".json"}:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


PROFILE_STAGES = ("sentences", "entities", "dates", "counts", "places", "actors")


def profiles(
    docs: Sequence[CorefDoc], corpus: str, settings: Settings, *, cache: bool = True
) -> list[DocProfile]:
    """Document profiles (what story grouping reads) of every document; cached per document, by the
    versions of the stages they come from, in one file per corpus."""
    corpus = corpus.split("-")[0]
    key = pipeline_key(load_stages(PROFILE_STAGES), settings)
    path = CACHE / f"{corpus}-profiles-{key}.pkl"
    known: dict[tuple[str, str], DocProfile] = (
        pickle.loads(path.read_bytes()) if cache and path.exists() else {}
    )

    def ident(doc: CorefDoc) -> tuple[str, str]:
        return doc.id, hashlib.sha256(doc.text.encode()).hexdigest()

    todo = [d for d in docs if ident(d) not in known]
    if todo:
        analysed = analyse_documents([document(d, corpus) for d in todo], settings, stages=PROFILE_STAGES)
        for doc, (analysis, _) in zip(todo, analysed, strict=True):
            known[ident(doc)] = profile(analysis)
        if cache:
            CACHE.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(known))
    return [known[ident(d)] for d in docs]


# -- mention-level settings -------------------------------------------------------------------------


@dataclass
class MentionRun:
    """One setting on one corpus: the key, and each system's clusters over the same mention ids."""

    key: Clusters
    systems: dict[str, Clusters]
    found: int = 0  # gold mentions matched (end to end)
    gold: int = 0
    predicted: int = 0


def _scored(doc: CorefDoc) -> list[GoldMention]:
    return [m for m in doc.mentions if m.sentence in doc.checked or m.sentence < 0]


def _chains(mentions: Iterable[GoldMention]) -> Clusters:
    chains: dict[str, list[Hashable]] = defaultdict(list)
    for m in mentions:
        chains[m.chain].append(m.id)
    return list(chains.values())


def _group(items: Iterable[tuple[Hashable, Hashable]]) -> Clusters:
    groups: dict[Hashable, list[Hashable]] = defaultdict(list)
    for key, item in items:
        groups[key].append(item)
    return list(groups.values())


def _docs(analyses: dict[str, Analysis]) -> dict[str, Document]:
    return {doc_id: a.doc for doc_id, a in analyses.items()}


def build_gold_mentions(
    docs: Sequence[CorefDoc], analyses: dict[str, Analysis], settings: Settings
) -> tuple[list[EventMention], dict[str, GoldMention]]:
    """rashomon's mentions built at the gold spans of the scored sentences, and their gold mentions."""
    extractor = EventExtractor(settings)
    gold_of: dict[str, GoldMention] = {}
    mentions: list[EventMention] = []
    for doc in docs:
        gold = _scored(doc)
        built = extractor.mentions_at(analyses[doc.id], [(m.start, m.end) for m in gold])
        for g, m in zip(gold, built, strict=True):
            gold_of[m.id] = g
        mentions.extend(built)
    return mentions, gold_of


def gold_mentions(
    docs: Sequence[CorefDoc], analyses: dict[str, Analysis], settings: Settings, aligner: Aligner
) -> MentionRun:
    """rashomon's alignment of mentions built at the gold spans."""
    mentions, gold_of = build_gold_mentions(docs, analyses, settings)
    topic_of = {m.id: analyses[m.doc].doc.id for m in mentions}
    topics = {d.id: d.topic for d in docs}
    response = aligner(mentions, analyses, settings)
    return MentionRun(
        key=_chains(gold_of.values()),
        systems={
            "rashomon": [[gold_of[i].id for i in cluster] for cluster in response],
            "same head lemma": _group((m.lemma, gold_of[m.id].id) for m in mentions),
            "same head lemma within gold topics": _group(
                ((topics[topic_of[m.id]], m.lemma), gold_of[m.id].id) for m in mentions
            ),
            "all singletons": singletons(g.id for g in gold_of.values()),
        },
    )


def _match(gold: list[GoldMention], predicted: list[EventMention]) -> dict[str, str]:
    """Predicted mention id -> gold mention id, one to one, largest overlap first."""
    pairs = []
    for p in predicted:
        for g in gold:
            overlap = min(p.trigger_end, g.end) - max(p.trigger_start, g.start)
            if overlap > 0:
                pairs.append((-overlap, abs(p.trigger_start - g.start), p.id, g.id))
    taken_p: dict[str, str] = {}
    taken_g: set[str] = set()
    for _, _, pid, gid in sorted(pairs):
        if pid not in taken_p and gid not in taken_g:
            taken_p[pid] = gid
            taken_g.add(gid)
    return taken_p


def end_to_end(
    docs: Sequence[CorefDoc], analyses: dict[str, Analysis], settings: Settings, aligner: Aligner
) -> MentionRun:
    """rashomon's own mentions, aligned, matched to gold by span overlap."""
    all_mentions = [m for d in docs for m in analyses[d.id].events]
    response = aligner(all_mentions, analyses, settings)
    ids: dict[str, Hashable] = {}
    gold: list[GoldMention] = []
    scored: list[EventMention] = []
    topic_of: dict[str, str] = {}
    for doc in docs:
        doc_gold = _scored(doc)
        gold.extend(doc_gold)
        spans = [doc.sentences[s] for s in doc.checked] if doc.checked else []
        kept = [
            m
            for m in analyses[doc.id].events
            if not doc.sentences or any(s <= m.trigger_start < e for s, e in spans)
        ]
        matched = _match(doc_gold, kept)
        for m in kept:
            ids[m.id] = matched.get(m.id, f"spurious:{m.id}")
            topic_of[m.id] = doc.topic
        scored.extend(kept)
    clusters = [[ids[i] for i in cluster if i in ids] for cluster in response]
    return MentionRun(
        key=_chains(gold),
        systems={
            "rashomon": [c for c in clusters if c],
            "same head lemma": _group((m.lemma, ids[m.id]) for m in scored),
            "same head lemma within gold topics": _group(
                ((topic_of[m.id], m.lemma), ids[m.id]) for m in scored
            ),
            "all singletons": singletons(ids[m.id] for m in scored),
        },
        found=sum(1 for v in ids.values() if not str(v).startswith("spurious:")),
        gold=len(gold),
        predicted=len(scored),
    )


Aligner = Callable[[list[EventMention], dict[str, Analysis], Settings], list[list[str]]]


def rashomon_aligner(
    mentions: list[EventMention], analyses: dict[str, Analysis], settings: Settings
) -> list[list[str]]:
    """The corpus alignment stage as `rashomon analyze` runs it (with --model's model if given)."""
    return align_analyses(mentions, analyses, settings, _MODEL.get("model"))


_MODEL: dict[str, AlignModel] = {}


# -- document level -----------------------------------------------------------------------------------


def story_run(docs: Sequence[CorefDoc], found: Sequence[DocProfile]) -> MentionRun:
    """Documents grouped into stories by rashomon, against the gold incident or sub-topic."""
    pairs = story_pairs(found)
    story = stories(pairs, (_MODEL.get("model") or load_model()).story)
    day_place = [
        ((p.published, min(p.places) if p.places else None), d.id) if p.published else (d.id, d.id)
        for d, p in zip(docs, found, strict=True)
    ]
    return MentionRun(
        key=_group((d.subtopic, d.id) for d in docs),
        systems={
            "rashomon stories": _group((s, d.id) for d, s in zip(docs, story, strict=True)),
            "same publication day and first place": _group(day_place),
            "all singletons": singletons(d.id for d in docs),
        },
    )


def doc_table(title: str, run: MentionRun) -> list[str]:
    """A markdown table of document-level B³ and pairwise scores."""
    lines = [f"### {title}", "", "| system | B³ P | B³ R | B³ F1 | pairwise P | pairwise R | pairwise F1 |"]
    lines.append("|---|---|---|---|---|---|---|")
    for name, clusters in run.systems.items():
        s = score(run.key, clusters)
        lines.append(
            f"| {name} | {100 * s.b3.p:.1f} | {100 * s.b3.r:.1f} | **{100 * s.b3.f1:.1f}** "
            f"| {100 * s.pairwise.p:.1f} | {100 * s.pairwise.r:.1f} | {100 * s.pairwise.f1:.1f} |"
        )
    return [*lines, ""]


def gva_part(incident: str) -> str:
    """'train' or 'dev': the fixed hash split of GVA incidents the alignment model trains on (one in
    five incidents is dev)."""
    return "dev" if int(hashlib.sha256(incident.encode()).hexdigest()[:8], 16) % 5 == 0 else "train"


def gva_dev(data: Path = GVA_DATA, gvc_dev: Iterable[str] = ()) -> list[CorefDoc]:
    """GVA news documents of the dev part of the incident split, outside GVC dev."""
    skip = set(gvc_dev)
    return [d for d in read_gva(data) if gva_part(d.topic) == "dev" and d.id not in skip]


def metrics(settings: Settings | None = None) -> dict[str, float]:
    """The gate's figures: CoNLL F1 of rashomon and of same-head-lemma on ECB+ dev and GVC dev
    (gold mentions; GVC also end to end), and B³ F1 of stories on GVC dev and the GVA dev part."""
    settings = settings or default_settings()
    out: dict[str, float] = {}
    for corpus in ("ecb", "gvc"):
        docs = load(corpus, None, "dev", None)
        analyses = analyse(docs, corpus, settings, gold_parse=True)
        run = gold_mentions(docs, analyses, settings, rashomon_aligner)
        out[f"{corpus}_gold_conll"] = score(run.key, run.systems["rashomon"]).conll
        lemma = "same head lemma within gold topics" if corpus == "ecb" else "same head lemma"
        out[f"{corpus}_lemma_conll"] = score(run.key, run.systems[lemma]).conll
        if corpus == "gvc":
            run = end_to_end(docs, analyses, settings, rashomon_aligner)
            out["gvc_e2e_conll"] = score(run.key, run.systems["rashomon"]).conll
            found = profiles(docs, corpus, settings)
            out["gvc_story_b3"] = score(*_story_key(story_run(docs, found))).b3.f1
    gva = gva_dev(gvc_dev=(d.id for d in load("gvc", None, "dev", None)))
    out["gva_dev_story_b3"] = score(*_story_key(story_run(gva, profiles(gva, "gva", settings)))).b3.f1
    # the bar: at least 5 points over same-head-lemma with gold mentions
    out["ecb_over_lemma"] = out["ecb_gold_conll"] - out["ecb_lemma_conll"]
    out["gvc_over_lemma"] = out["gvc_gold_conll"] - out["gvc_lemma_conll"]
    return out


def _story_key(run: MentionRun) -> tuple[Clusters, Clusters]:
    return run.key, run.systems["rashomon stories"]


# -- report -----------------------------------------------------------------------------------------


def row(name: str, s: Scores) -> str:
    """One table row: MUC, B³, CEAF-e F1, CoNLL F1 and pairwise F1 (percent)."""
    return (
        f"| {name} | {100 * s.muc.f1:.1f} | {100 * s.b3.f1:.1f} | {100 * s.ceaf_e.f1:.1f} "
        f"| **{100 * s.conll:.1f}** | {100 * s.pairwise.f1:.1f} |"
    )


# published CoNLL F1 with gold mentions, for orientation only: on the test splits, which are not here
PUBLISHED = {
    "ecb": [
        ("Barhom et al. 2019 (ECB+ test, gold mentions)", 79.5),
        ("Held et al. 2021 (ECB+ test, gold mentions)", 85.7),
    ],
    "gvc": [
        ("Bugert et al. 2021 feature model (GVC test, gold mentions)", 59.4),
        ("Bugert et al. 2021 lemma-time baseline (GVC test, gold mentions)", 51.5),
    ],
}


def published(corpus: str) -> list[str]:
    """Published CoNLL F1 beside a gold-mention table (test-split figures, not comparable one to one)."""
    found = PUBLISHED.get(corpus, [])
    if not found:
        return []
    lines = ["Published, CoNLL F1 (test splits; these figures are on dev):", ""]
    return [*lines, *(f"- {who}: {f1:.1f}" for who, f1 in found), ""]


def table(title: str, run: MentionRun) -> list[str]:
    """A markdown table of every system of one run."""
    lines = [f"### {title}", ""]
    if run.gold:
        lines += [
            f"mentions: {run.gold} gold, {run.predicted} predicted, {run.found} matched "
            f"(recall {run.found / run.gold:.1%}, precision {run.found / max(1, run.predicted):.1%})",
            "",
        ]
    lines += ["| system | MUC F1 | B³ F1 | CEAF-e F1 | CoNLL F1 | pairwise F1 |", "|---|---|---|---|---|---|"]
    lines += [row(name, score(run.key, clusters)) for name, clusters in run.systems.items()]
    return [*lines, ""]


def load(corpus: str, data: Path | None, split: str, limit: int | None) -> list[CorefDoc]:
    """The documents of one corpus and split."""
    if corpus == "ecb":
        topics = sorted(ECB_DEV_TOPICS) if split == "dev" else None
        docs = read_ecb(data or ECB_DATA, topics)
        if split == "train":
            docs = [d for d in docs if d.topic not in ECB_DEV_TOPICS]
    elif corpus == "meantime":
        docs = read_meantime(data or MEANTIME_DATA)
        docs = [d for d in docs if (d.topic in MEANTIME_DEV_TOPICS) == (split == "dev")]
    elif corpus == "gvc":
        docs = read_gvc_dev(data or GVC_DATA) if split == "dev" else read_gvc_train(data or GVC_DATA)
    else:
        docs = read_gva(data or GVA_DATA)
    return docs[:limit] if limit else docs


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus",
        nargs="+",
        choices=("ecb", "gvc", "meantime", "gva"),
        default=["ecb", "gvc", "meantime", "gva"],
    )
    parser.add_argument("--data", type=Path, help="dataset folder (same format as the default)")
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, help="first N documents only")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--model", type=Path, help="an alignment model file (default: the packaged one)")
    args = parser.parse_args(argv)
    settings = default_settings()
    if args.model:
        _MODEL["model"] = parse_model(args.model.read_text("utf-8"), str(args.model))
    for corpus in args.corpus:
        began = time.perf_counter()
        docs = load(corpus, args.data, args.split, args.limit)
        name = {"ecb": "ECB+", "gvc": "GVC", "meantime": "MEANTIME", "gva": "GVA news"}[corpus]
        if corpus != "gva":
            analyses = analyse(docs, corpus, settings, cache=not args.no_cache, gold_parse=True)
            run = gold_mentions(docs, analyses, settings, rashomon_aligner)
            print("\n".join(table(f"{name} {args.split}, gold mentions", run)))
            print("\n".join(published(corpus)))
            run = end_to_end(docs, analyses, settings, rashomon_aligner)
            print("\n".join(table(f"{name} {args.split}, end to end", run)))
        if corpus in {"gvc", "gva"}:
            found = profiles(docs, corpus, settings, cache=not args.no_cache)
            label = "all documents" if corpus == "gva" else args.split
            print("\n".join(doc_table(f"{name} {label}, documents to incidents", story_run(docs, found))))
        if corpus == "gva" and not args.data:
            held = gva_dev(gvc_dev=(d.id for d in load("gvc", None, "dev", None)))
            title = f"{name} dev part ({len(held)} documents of incidents never trained on), to incidents"
            print("\n".join(doc_table(title, story_run(held, profiles(held, corpus, settings)))))
        print(f"({len(docs)} documents, {time.perf_counter() - began:.0f} s)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
