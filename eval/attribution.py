"""Score the attribution stage on PolNeAR (test split) beside a regex baseline.

    .venv/bin/python eval/attribution.py [--data PATH] [--part all|dev|held-out|gate] [--errors N]

PolNeAR (Newell, Margolin & Ruths, LREC 2018) marks every attribution of 84 political news
articles as source, cue and content spans. Some articles are annotated by several people; the
annotation file of the first annotator in file-name order is used (2,044 attributions). The raw
texts go through ingest, cleaning and the per-document stages as `rashomon analyze` runs them, and
the predicted spans are mapped back to raw offsets with the document's offset map.

- Roles (cue, source, content): the gold spans of a role (one per distinct span: a source shared by
  two attributions counts once) against the predicted ones; one-to-one, greedy by the largest
  character overlap (discontinuous gold spans count each fragment). ``exact`` requires the same
  characters, whitespace aside.
- Nesting: PolNeAR gives each token one role, so no attribution is marked inside another's content;
  rashomon's nested attributions (those with a parent) are left out of the comparison.
- Whole attribution: a prediction matches a gold attribution when their cues overlap and their
  sources overlap (a gold attribution without a source needs a prediction without one); recall over
  all gold attributions, those without a source included.
- Baseline: a regular expression for 'said', 'says', 'told' and 'according to', each match a cue;
  the source is the nearest PERSON or ORG entity before the cue in its sentence (after it for
  'according to'), or none; the content is the rest of the sentence after the cue, or the sentence
  before the source when nothing follows.

The test split is the only PolNeAR part here, so it was split for development: ``dev`` is the
articles at even positions in file-name order, ``held-out`` the odd ones; rules were written from
the attribution literature and the team's own sentences, and errors were read on ``dev`` only.
``gate`` is a fixed eighth of held-out that the quality gate runs.
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eval.score import to_raw_span
from rashomon.ingest import load_document
from rashomon.model import Analysis, Sentence
from rashomon.pipeline import load_stages
from rashomon.settings import Settings, default_settings

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "polnear_test"
PARTS = ("all", "dev", "held-out", "gate")
ROLES = ("cue", "source", "content")
# the stages the attribution stage needs, in pipeline order
_STAGES = ("sentences", "entities", "places", "actors", "parse", "attribution")

Frags = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Attr:
    """One attribution as raw-offset fragments of each role (source empty when there is none)."""

    cue: Frags
    source: Frags
    content: Frags


@dataclass(frozen=True)
class Article:
    """One PolNeAR article: its raw text and gold attributions."""

    name: str
    text: str
    gold: tuple[Attr, ...]


def _frags(offsets: str) -> Frags:
    return tuple((int(a), int(b)) for a, b in (f.split() for f in offsets.split(";")))


def parse_ann(ann: str) -> tuple[Attr, ...]:
    """The attributions of one BRAT standoff file (Attribution and Attribution-no-source events)."""
    spans: dict[str, Frags] = {}
    events: list[dict[str, str]] = []
    # events may come before the spans they name: read the spans first
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, info, _ = line.split("\t", 2)
            spans[tid] = _frags(info.split(" ", 1)[1])
        elif line.startswith("E"):
            events.append(dict(a.split(":", 1) for a in line.split("\t")[1].split()))
    found: list[Attr] = []
    for args in events:
        if "Cue" in args:
            source = spans[args["Source"]] if "Source" in args else ()
            found.append(Attr(spans[args["Cue"]], source, spans.get(args.get("Content", ""), ())))
    return tuple(found)


def read_articles(data: Path) -> list[Article]:
    """Every article of the split with the first annotator's attributions, in file-name order."""
    archive = data / "polnear_test.tar.gz" if data.is_dir() else data
    texts: dict[str, str] = {}
    anns: dict[str, str] = {}
    with tarfile.open(archive) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            name = Path(member.name).name
            if name.endswith(".txt"):
                texts[name.removesuffix(".txt")] = handle.read().decode("utf-8")
            elif name.endswith(".ann"):
                anns.setdefault(name.rsplit("_", 1)[0], handle.read().decode("utf-8"))
    return [Article(n, texts[n], parse_ann(anns[n])) for n in sorted(anns) if n in texts]


def select(articles: Sequence[Article], part: str) -> list[Article]:
    """The articles of one part: all, dev (even positions), held-out (odd) or gate (every 8th odd)."""
    if part == "dev":
        return list(articles[0::2])
    if part == "held-out":
        return list(articles[1::2])
    if part == "gate":
        return list(articles[1::16])
    return list(articles)


# -- scoring ---------------------------------------------------------------------------------------


def overlap(a: Frags, b: Frags) -> int:
    """Characters two fragment lists share."""
    return sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)


def chars(text: str, frags: Frags) -> frozenset[int]:
    """The non-space characters a fragment list covers (exact matching ignores whitespace)."""
    return frozenset(k for s, e in frags for k in range(s, e) if not text[k].isspace())


def one_to_one(pairs: Iterable[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of (score, gold, pred) triples, highest score first."""
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, g, p in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            out.append((g, p))
    return out


@dataclass
class Tally:
    """True positives, predictions and gold counts per measure, summed over articles."""

    counts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, key: str, tp: int, pred: int, gold: int) -> None:
        """Add one article's counts for a measure."""
        row = self.counts.setdefault(key, [0, 0, 0])
        row[0] += tp
        row[1] += pred
        row[2] += gold

    def prf(self, key: str) -> tuple[float, float, float]:
        """Precision, recall and F1 (percent) of a measure."""
        tp, pred, gold = self.counts.get(key, [0, 0, 0])
        p = 100 * tp / pred if pred else 0.0
        r = 100 * tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_article(tally: Tally, text: str, gold: Sequence[Attr], pred: Sequence[Attr]) -> None:
    """Add one article's role and whole-attribution counts to ``tally``."""
    for role in ROLES:
        g_spans = sorted({getattr(a, role) for a in gold if getattr(a, role)})
        p_spans = sorted({getattr(a, role) for a in pred if getattr(a, role)})
        pairs = [
            (size, gi, pi)
            for gi, g in enumerate(g_spans)
            for pi, p in enumerate(p_spans)
            if (size := overlap(g, p)) > 0
        ]
        tally.add(role, len(one_to_one(pairs)), len(p_spans), len(g_spans))
        g_exact = {chars(text, g) for g in g_spans}
        p_exact = {chars(text, p) for p in p_spans}
        tally.add(f"{role}.exact", len(g_exact & p_exact), len(p_exact), len(g_exact))
    whole: list[tuple[int, int, int]] = []
    exact = 0
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            cue = overlap(g.cue, p.cue)
            if cue <= 0:
                continue
            if g.source and p.source:
                src = overlap(g.source, p.source)
                if src > 0:
                    whole.append((cue + src, gi, pi))
            elif not g.source and not p.source:
                whole.append((cue, gi, pi))
    matched = one_to_one(whole)
    tally.add("whole", len(matched), len(pred), len(gold))
    for gi, pi in matched:
        g, p = gold[gi], pred[pi]
        same_cue = chars(text, g.cue) == chars(text, p.cue)
        exact += same_cue and chars(text, g.source) == chars(text, p.source)
    tally.add("whole.exact", exact, len(pred), len(gold))


# -- the two systems ----------------------------------------------------------------------------


class Systems:
    """rashomon's stages up to attribution (built once) and the regex baseline."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or default_settings()
        self.stages = load_stages(_STAGES)
        self.fns = [s.factory(self.settings) for s in self.stages]

    def analyse(self, name: str, text: str, tmp: Path) -> Analysis:
        """The analysis of one raw text, ingested and cleaned as `rashomon analyze` does."""
        path = tmp / f"{name}.txt"
        path.write_text(text, "utf-8")
        doc = load_document(path, doc_id=name, source=None, settings=self.settings)
        analysis = Analysis(doc=doc)
        for stage, fn in zip(self.stages, self.fns, strict=True):
            setattr(analysis, stage.assigns, fn(analysis, self.settings))
        return analysis


def rashomon_attrs(analysis: Analysis) -> list[Attr]:
    """rashomon's attributions in raw offsets."""
    omap = analysis.doc.offset_map

    def raw(start: int | None, end: int | None) -> Frags:
        return (
            (to_raw_span(omap, start, end),) if start is not None and end is not None and end > start else ()
        )

    return [
        Attr(
            raw(a.cue_start, a.cue_end),
            raw(a.source_start, a.source_end),
            raw(a.content_start, a.content_end),
        )
        for a in analysis.attributions
        if a.parent is None
    ]


_BASELINE_CUE = re.compile(r"\b(?:said|says|told|according to)\b", re.IGNORECASE)
_NAMES = frozenset({"PERSON", "ORG"})


def baseline_attrs(analysis: Analysis) -> list[Attr]:
    """The regex baseline's attributions in raw offsets."""
    text, omap = analysis.doc.text, analysis.doc.offset_map
    names = [e for e in analysis.entities if e.label in _NAMES]
    found: list[Attr] = []
    for sent in analysis.sentences:
        for m in _BASELINE_CUE.finditer(text, sent.start, sent.end):
            inside = [e for e in names if sent.start <= e.start and e.end <= sent.end]
            if m.group().lower() == "according to":
                after = [e for e in inside if e.start >= m.end()]
                source = after[0] if after else None
            else:
                before = [e for e in inside if e.end <= m.start()]
                source = before[-1] if before else None
            content = _baseline_content(text, sent, m.end(), source.start if source else m.start())
            found.append(
                Attr(
                    (to_raw_span(omap, m.start(), m.end()),),
                    (to_raw_span(omap, source.start, source.end),) if source else (),
                    (to_raw_span(omap, *content),) if content else (),
                )
            )
    return found


def _baseline_content(text: str, sent: Sentence, cue_end: int, source_start: int) -> tuple[int, int] | None:
    after = text[cue_end : sent.end]
    if re.search(r"\w{2}", after):
        lead = len(after) - len(after.lstrip(" ,:"))
        return cue_end + lead, sent.end
    before = text[sent.start : source_start].rstrip(" ,")
    return (sent.start, sent.start + len(before)) if before.strip() else None


def evaluate(data: Path, part: str = "all", systems: Systems | None = None) -> dict[str, Tally]:
    """{'rashomon': tally, 'baseline': tally} over one part of PolNeAR test."""
    systems = systems or Systems()
    tallies = {"rashomon": Tally(), "baseline": Tally()}
    with tempfile.TemporaryDirectory() as tmp:
        for article in select(read_articles(data), part):
            analysis = systems.analyse(article.name, article.text, Path(tmp))
            score_article(tallies["rashomon"], article.text, article.gold, rashomon_attrs(analysis))
            score_article(tallies["baseline"], article.text, article.gold, baseline_attrs(analysis))
    return tallies


def metrics(data: Path = DEFAULT_DATA, part: str = "gate") -> dict[str, float]:
    """rashomon's F1 figures (0-1) for the gate: {'cue_f1': ..., 'source_f1': ..., ...}."""
    tally = evaluate(data, part)["rashomon"]
    return {f"{key}_f1": round(tally.prf(key)[2] / 100, 4) for key in (*ROLES, "whole")}


def table(tallies: dict[str, Tally], exact: bool = False) -> str:
    """The issue's table: F1 (P, R) per role and for whole attributions, one row per system."""
    suffix = ".exact" if exact else ""
    head = "| | cue F1 | source F1 | content F1 | whole attribution F1 |"
    lines = [head, "|---|---|---|---|---|"]
    for name, tally in tallies.items():
        cells = []
        for key in (*ROLES, "whole"):
            p, r, f = tally.prf(key + suffix)
            cells.append(f"{f:.1f} (P {p:.1f}, R {r:.1f})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: print the overlap and exact-match tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="polnear_test folder or archive")
    parser.add_argument("--part", choices=PARTS, default="all")
    args = parser.parse_args(argv)
    tallies = evaluate(args.data, args.part)
    n = sum(1 for _ in select(read_articles(args.data), args.part))
    gold = tallies["rashomon"].counts["whole"][2]
    print(f"PolNeAR test, part {args.part}: {n} articles, {gold} gold attributions\n")
    print("overlap, one to one\n" + table(tallies))
    print("\nexact match\n" + table(tallies, exact=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
