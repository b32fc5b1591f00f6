"""Score the number killed and the number injured per article on GVDB, beside a regular-expression baseline.

    .venv/bin/python eval/casualties.py [--data DIR] [--half train|dev] [--limit N] [--errors N]
    .venv/bin/python eval/casualties.py --gva N

``--gva N``: the same reading and metric on N single-report GVA incidents (``../shared/datasets/
gva_news``: incidents with GVA facts and one report, incident-id CRC-32 = 1 mod 4, GVC train/dev
documents left out, in the order of the report id's CRC-32), against GVA's own killed and injured
figures (the registry's final figures, a report may be earlier). A check never read for errors.

Each GVDB article (title and full text) goes through every per-document stage as `rashomon analyze`
runs them; the library's toll reading then reads the article's figures off its participants.

- Gold (the dataset's README): killed = the number of victims whose ``victim-was`` holds "killed";
  injured = the number whose ``victim-was`` holds "injured".
- Metric, per kind (killed, injured), one slot per article: a predicted non-zero figure is a true
  positive when it equals the gold figure, else a false positive; a non-zero gold figure not predicted
  exactly is a false negative (a wrong non-zero figure is both). Precision, recall, F1 over articles.
  ``acc`` is the share of articles whose figure (zero included) equals the gold one.
- Document reading: ``rashomon.corpus.toll.document_toll``, the library's reading of a document's
  killed and wounded figures (its docstring gives the rules), the same the event pages' killed and
  wounded count slots use for one event's mentions in one document. The scorer only calls it.
- Also printed: the same on the articles whose gold form lists at least one victim (many articles
  that report a shooting have none listed, so a right reading of them counts as a false positive).
- Baseline: the largest figure of a regular expression "N (people|persons|...)? (were)? killed|dead|
  injured|wounded|hurt" and "killing|injuring N", with number words; zero when nothing matches.

Halves: GVDB's train split is not in the snapshot and its test split is held out, so the 400 dev
articles are split by a hash of the article id (CRC-32, even: ``train``, 189 articles; odd: ``dev``,
211). Rules are written looking at the train half only and measured on the dev half (before that
split was made, in December 2026, the whole of dev had been looked at while writing the first rules).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rashomon.corpus.toll import document_toll, figure
from rashomon.model import Analysis, Document, EventMention, Participant
from rashomon.pipeline import load_stages
from rashomon.settings import Settings, default_settings

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "gvdb"
KINDS = ("killed", "injured")
_ROLE = {"killed": "killed", "injured": "wounded"}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_BASE_NUM = r"(\d+|" + "|".join(_NUMBER_WORDS) + ")"
_BASELINE = {
    "killed": [
        re.compile(
            rf"\b{_BASE_NUM}\s+(?:\w+\s+)?(?:were\s+|was\s+)?(?:killed|dead|died|slain)\b", re.IGNORECASE
        ),
        re.compile(rf"\bkilling\s+{_BASE_NUM}\b", re.IGNORECASE),
    ],
    "injured": [
        re.compile(
            rf"\b{_BASE_NUM}\s+(?:\w+\s+)?(?:were\s+|was\s+)?(?:injured|wounded|hurt)\b", re.IGNORECASE
        ),
        re.compile(rf"\b(?:injuring|wounding)\s+{_BASE_NUM}\b", re.IGNORECASE),
    ],
}


@dataclass(frozen=True)
class Article:
    """One GVDB article with its gold figures."""

    id: str
    text: str
    killed: int
    injured: int
    victims: int = 0  # victims the annotator listed, whatever their outcome


HALVES = ("train", "dev")


def half_of(article_id: str) -> str:
    """The fixed half of GVDB dev an article belongs to: 'train' (looked at) or 'dev' (measured)."""
    return HALVES[zlib.crc32(article_id.encode("utf-8")) % 2]


def read_articles(data: Path, limit: int | None = None, half: str | None = None) -> list[Article]:
    """The articles of dev.tsv.gz (of one half, if given): title and full text, and the gold figures."""
    csv.field_size_limit(sys.maxsize)
    out: list[Article] = []
    with gzip.open(data / "dev.tsv.gz", "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if half is not None and half_of(row["Article id"]) != half:
                continue
            victims = json.loads(row["Json"]).get("victim-section") or []
            text, title = row["Full text"], row["Article title"].strip()
            if title and text.startswith(title):
                # the file glues the title to the first sentence ('...Los Angeles TimesJassely'): a line
                # break keeps them apart, as a headline is in a real page
                text = f"{title}\n{text[len(title) :]}"
            out.append(
                Article(
                    id=row["Article id"],
                    text=text,
                    killed=sum("killed" in (v.get("victim-was") or []) for v in victims),
                    injured=sum("injured" in (v.get("victim-was") or []) for v in victims),
                    victims=len(victims),
                )
            )
            if limit is not None and len(out) >= limit:
                break
    return out


def read_gva(n: int, data: Path = DEFAULT_DATA.parent / "gva_news") -> list[Article]:
    """N single-report GVA incidents (see the module docstring) with the registry's figures."""
    incidents = {}
    with gzip.open(data / "incidents.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            incidents[rec["incident_id"]] = rec
    picked: list[tuple[int, Article]] = []
    with gzip.open(data / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            ids = doc["incident_ids"]
            rec = incidents.get(ids[0]) if len(ids) == 1 else None
            if rec is None or not rec.get("in_gva_frames") or len(rec.get("doc_ids") or []) != 1:
                continue
            if doc["gvc_split"] or not doc["text"].strip() or zlib.crc32(ids[0].encode()) % 4 != 1:
                continue
            title, text = (doc["title"] or "").strip(), doc["text"]
            text = f"{title}\n{text}" if title and not text.startswith(title) else text
            killed, injured = int(rec["num_killed"] or 0), int(rec["num_injured"] or 0)
            article = Article(id=ids[0], text=text, killed=killed, injured=injured, victims=1)
            picked.append((zlib.crc32(doc["doc_id"].encode()), article))
    return [a for _, a in sorted(picked, key=lambda x: x[0])[:n]]


def document_casualties(
    participants: Iterable[Participant], mentions: Sequence[EventMention] = (), text: str = ""
) -> dict[str, int]:
    """The article's killed and injured figures: the library's reading (``rashomon.corpus.toll``)."""
    toll = document_toll(participants, mentions, text)
    return {kind: toll[_ROLE[kind]].value for kind in KINDS}


def baseline(text: str) -> dict[str, int]:
    """The regular-expression baseline: the largest 'N killed' / 'N injured' figure of the text."""
    out: dict[str, int] = {}
    for kind, patterns in _BASELINE.items():
        values = [
            int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1).lower()]
            for pattern in patterns
            for m in pattern.finditer(text)
        ]
        out[kind] = max(values) if values else 0
    return out


@dataclass
class Tally:
    """Per-kind TP/FP/FN and exact matches over articles."""

    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    exact: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    n: int = 0

    def add(self, gold: dict[str, int], pred: dict[str, int]) -> None:
        """Score one article."""
        self.n += 1
        for kind in KINDS:
            g, p = gold[kind], pred[kind]
            self.exact[kind] += g == p
            if p and p == g:
                self.tp[kind] += 1
                continue
            if p:
                self.fp[kind] += 1
            if g:
                self.fn[kind] += 1

    def figures(self) -> dict[str, float]:
        """{'killed_precision': ..., 'killed_f1': ..., 'killed_acc': ..., ...}."""
        out: dict[str, float] = {}
        for kind in KINDS:
            tp, fp, fn = self.tp[kind], self.fp[kind], self.fn[kind]
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            out[f"{kind}_precision"] = p
            out[f"{kind}_recall"] = r
            out[f"{kind}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
            out[f"{kind}_acc"] = self.exact[kind] / self.n if self.n else 0.0
        return out


class Reader:
    """Every per-document stage, loaded once."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or default_settings()
        stages = load_stages()
        self.stages = [(s.assigns, s.factory(self.settings)) for s in stages]

    def analyse(self, doc_id: str, text: str) -> Analysis:
        """One article through the stages."""
        analysis = Analysis(doc=Document(id=doc_id, path=f"{doc_id}.txt", text=text, sha256=doc_id))
        for assigns, fn in self.stages:
            setattr(analysis, assigns, fn(analysis, self.settings))
        return analysis


def evaluate(
    articles: Sequence[Article], reader: Reader | None = None
) -> tuple[Tally, Tally, list[tuple[Article, dict[str, int], Analysis]]]:
    """(rashomon's tally, the baseline's tally, each article with rashomon's figures and analysis)."""
    reader = reader or Reader()
    ours, base = Tally(), Tally()
    rows = []
    for article in articles:
        gold = {"killed": article.killed, "injured": article.injured}
        analysis = reader.analyse(article.id, article.text)
        pred = document_casualties(analysis.participants, analysis.events, analysis.doc.text)
        ours.add(gold, pred)
        base.add(gold, baseline(article.text))
        rows.append((article, pred, analysis))
    return ours, base, rows


# The gate's fixed subset: the first articles of the dev file, small enough to keep the gate fast.
GATE_ARTICLES = 80


def metrics(data: Path = DEFAULT_DATA, limit: int | None = GATE_ARTICLES) -> dict[str, float]:
    """Figures for the gate: killed/injured precision, recall and F1 on the first ``limit`` articles."""
    ours, _, _ = evaluate(read_articles(data, limit))
    return ours.figures()


def _table(ours: Tally, base: Tally) -> str:
    lines = [f"{'system':<10}{'kind':<9}{'P':>7}{'R':>7}{'F1':>7}{'acc':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for name, tally in (("rashomon", ours), ("baseline", base)):
        figures = tally.figures()
        for kind in KINDS:
            cells = "".join(f"{figures[f'{kind}_{m}']:7.3f}" for m in ("precision", "recall", "f1", "acc"))
            counts = f"{tally.tp[kind]:5d}{tally.fp[kind]:5d}{tally.fn[kind]:5d}"
            lines.append(f"{name:<10}{kind:<9}{cells}{counts}")
    return "\n".join(lines)


# error categories of judgements/gvdb_errors.jsonl that are the gold's: the text says otherwise
GOLD_ERRORS = frozenset({"gold_no_victim", "gold_noise", "gold_outcome_hospitalized"})
JUDGEMENTS = Path(__file__).resolve().parent / "judgements" / "gvdb_errors.jsonl"


def ceiling(rows: Sequence[tuple[Article, dict[str, int], Analysis]]) -> tuple[Tally, int]:
    """The tally of a reader that errs only where the error is judged the gold's (its figure kept
    there, the gold's figure everywhere else), and how many errors have no judgement."""
    judged = {}
    for line in JUDGEMENTS.read_text("utf-8").splitlines():
        rec = json.loads(line)
        judged[(rec["article"], rec["kind"])] = rec["category"]
    tally, unjudged = Tally(), 0
    for article, pred, _ in rows:
        gold = {"killed": article.killed, "injured": article.injured}
        best = dict(pred)
        for kind in KINDS:
            if pred[kind] != gold[kind]:
                category = judged.get((article.id, kind))
                unjudged += category is None
                if category not in GOLD_ERRORS:
                    best[kind] = gold[kind]
        tally.add(gold, best)
    return tally, unjudged


def main(argv: list[str] | None = None) -> int:
    """Command line: print the table (and with --errors, the articles read wrong)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the gvdb folder")
    parser.add_argument("--half", choices=HALVES, default=None, help="one half of GVDB dev (default: all)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="print up to N articles read wrong")
    parser.add_argument("--gva", type=int, default=0, help="N single-report GVA incidents instead")
    args = parser.parse_args(argv)
    if args.gva:
        ours, base, rows = evaluate(read_gva(args.gva))
        print(f"GVA single-report incidents, {ours.n} reports")
    else:
        ours, base, rows = evaluate(read_articles(args.data, args.limit, args.half))
        print(f"GVDB dev{f' ({args.half} half)' if args.half else ''}, {ours.n} articles")
    print(_table(ours, base))
    # many articles that report a shooting have no victim listed in the gold form: the same figures
    # on the articles whose form lists at least one victim
    listed_ours, listed_base = Tally(), Tally()
    for article, pred, _ in rows:
        if article.victims:
            gold = {"killed": article.killed, "injured": article.injured}
            listed_ours.add(gold, pred)
            listed_base.add(gold, baseline(article.text))
    if not args.gva:
        print(f"\nthe {listed_ours.n} articles whose gold lists at least one victim")
        print(_table(listed_ours, listed_base))
        bound, unjudged = ceiling(rows)
        figures = bound.figures()
        print(
            f"\na reader whose only errors are those judged the gold's (judgements/gvdb_errors.jsonl; "
            f"{unjudged} errors not judged, counted as fixable): killed F1 {figures['killed_f1']:.3f}, "
            f"injured F1 {figures['injured_f1']:.3f}"
        )
    shown = 0
    for article, pred, analysis in rows:
        if shown >= args.errors:
            break
        if pred == {"killed": article.killed, "injured": article.injured}:
            continue
        shown += 1
        print(f"\n== {article.id} gold k={article.killed} i={article.injured}  ours {pred}")
        print(article.text[:600].replace("\n", " "))
        for p in analysis.participants:
            print(f"   {p.role:<9} {figure(p)!s:<6} {p.text!r} <- {p.role_text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
