"""Score the number killed and the number injured per article on GVDB, beside a regular-expression baseline.

    .venv/bin/python eval/casualties.py [--data DIR] [--half train|dev] [--limit N] [--errors N]
    .venv/bin/python eval/casualties.py --gva N

``--gva N``: the same reading and metric on N single-report GVA incidents (``../shared/datasets/
gva_news``: incidents with GVA facts and one report, incident-id CRC-32 = 1 mod 4, GVC train/dev
documents left out, in the order of the report id's CRC-32), against GVA's own killed and injured
figures (the registry's final figures, a report may be earlier). A check never read for errors.

Each GVDB article (title and full text) goes through every per-document stage as `rashomon analyze`
runs them; ``document_casualties`` then reads the article's figures off its participants.

- Gold (the dataset's README): killed = the number of victims whose ``victim-was`` holds "killed";
  injured = the number whose ``victim-was`` holds "injured".
- Metric, per kind (killed, injured), one slot per article: a predicted non-zero figure is a true
  positive when it equals the gold figure, else a false positive; a non-zero gold figure not predicted
  exactly is a false negative (a wrong non-zero figure is both). Precision, recall, F1 over articles.
  ``acc`` is the share of articles whose figure (zero included) equals the gold one.
- Document reading (``document_casualties``), from the participants of the article's asserted
  mentions (not negated, not unreal): for each kind, the figure of the first word in the article that
  gives people that role (the headline or the lead states the incident; later figures often recall
  other incidents or yearly totals). A word's figure is the sum of its groups ("killing his five
  children and his wife" is 6); a group's figure is its count ("three of the victims died" is 3; a part
  whose whole is written, "24 freed, including 13 women", leaves the figure to the whole), else one
  for a single person ("a man", a name, "he"). People shot and not said to be killed are wounded.
  Where the article gives someone killed, a wounded group is not counted again when it is that person:
  a pronoun, a name a killed group repeats ("Lee was shot ... Lee died"), or the first person of the
  nearest wounding word a pronoun of the dead picks up within 200 characters ("a teen was hit. He
  died"). Those shot include the dead their own sentence gives after them ("two teens were shot,
  leaving one dead" is one wounded; a shooter who killed himself is not subtracted). A lone person
  shot and then dead (no written wounded figure) is killed only, unless the words name someone else
  ("another teen", "the second victim").
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

from rashomon.model import Analysis, Document, EventMention, Participant
from rashomon.pipeline import load_stages
from rashomon.settings import Settings, default_settings

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "gvdb"
KINDS = ("killed", "injured")
# mentions whose event the text does not assert happened
_UNREAL = frozenset({"denied", "hypothetical", "planned", "questioned"})
_ROLE = {"killed": "killed", "injured": "wounded"}
# words by which a wounded person is not the one killed ('another teen was wounded', 'a second victim')
_ANOTHER = frozenset({"another", "other", "second", "third", "fourth", "more"})
# the words for being shot that count the dead too ('three shot, one dead')
_SHOT = frozenset({"shot", "shooting"})
# how far back (characters) a pronoun of the dead ('He died') picks up the person named wounded
_PICKED_UP = 200
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


def _figure(p: Participant) -> float | None:
    if p.count is not None:
        if p.count.part and p.count.whole is not None:
            return None  # 'including 13': the whole, written too, is the group's figure
        return p.count.value
    return 1.0 if p.singular else None


def document_casualties(
    participants: Iterable[Participant], mentions: Sequence[EventMention] = (), text: str = ""
) -> dict[str, int]:
    """The article's killed and injured figures read off its participants (see the module docstring)."""
    unreal = {m.id for m in mentions if m.modality in _UNREAL}
    by_role: dict[str, list[Participant]] = {"killed": [], "wounded": []}
    for p in participants:
        if p.role in by_role and not (p.negated or p.unreal) and p.mention not in unreal:
            by_role[p.role].append(p)
    if any(_figure(p) is not None for p in by_role["killed"]):
        by_role["wounded"] = _not_the_killed(by_role["wounded"], by_role["killed"])
    out: dict[str, int] = {}
    chosen: dict[str, list[Participant]] = {}
    for kind in KINDS:
        # the groups one word gives a role to add up ('killing his five children and his wife' is 6);
        # the first such word with a figure states the incident (headline, lead), later ones often
        # recall other incidents or totals
        per_word: dict[int, list[Participant]] = {}
        for p in by_role[_ROLE[kind]]:
            if _figure(p) is not None:
                per_word.setdefault(p.role_start, []).append(p)
        if not per_word:
            out[kind] = 0
            continue
        chosen[kind] = min(per_word.values(), key=lambda word: min(p.start for p in word))
        out[kind] = int(sum(_figure(p) or 0.0 for p in chosen[kind]))
    # 'two teens were shot, leaving one dead', 'three shot, one fatally': those shot include the dead
    # the same sentence gives after them
    if "injured" in chosen:
        shot = chosen["injured"]
        where = {m.id: m.sentence_start for m in mentions}
        first = min(p.start for p in shot)
        dead = [
            k
            for k in by_role["killed"]
            if k.start > first
            and not k.pronoun
            and where.get(k.mention, -1) == where.get(shot[0].mention, -2)
            and _figure(k)
        ]
        if shot[0].role_text.lower() in _SHOT and dead:
            rest = out["injured"] - int(sum(_figure(k) or 0.0 for k in dead))
            if rest >= 1:
                out["injured"] = rest
    # a lone person shot and then dead is one person killed, not also one wounded; but 'another man
    # was wounded', 'the second victim' is someone else
    wounded_written = [p for p in by_role["wounded"] if p.count is not None]
    if out["killed"] >= 1 and out["injured"] == 1 and not wounded_written:
        lone = chosen["injured"][0]
        words = text[max(0, lone.start - 20) : lone.start].lower().split()[-2:] + lone.text.lower().split()
        if not _ANOTHER & set(words):
            out["injured"] = 0
    return out


def _not_the_killed(wounded: list[Participant], killed: list[Participant]) -> list[Participant]:
    """The wounded groups that are not a person the text also says is dead: not a pronoun ('he was shot'
    where someone died: the person named before), not a name a killed group repeats ('Lee was shot'
    ... 'Lee died'), not the person a killed pronoun picks up right after ('a teen was hit. He died')."""
    names = {w for p in killed for w in p.text.split() if w[:1].isupper() and not p.pronoun}
    picked: set[int] = set()
    for k in killed:
        if k.pronoun and k.singular:
            before = [
                w for w in wounded if w.singular and not w.pronoun and 0 < k.start - w.end <= _PICKED_UP
            ]
            if before:
                # the first group of the nearest word: 'Ann was shot along with two friends. She died'
                word = max(w.role_start for w in before)
                picked.add(id(min((w for w in before if w.role_start == word), key=lambda w: w.start)))
    return [
        w
        for w in wounded
        if not w.pronoun and id(w) not in picked and not (w.count is None and w.text.split()[-1] in names)
    ]


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
            figure = _figure(p)
            print(f"   {p.role:<9} {figure!s:<6} {p.text!r} <- {p.role_text!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
