"""Score a rashomon/1 export against the seeds gold (eval/gold/seeds.jsonl); see eval/README.md."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

Json = dict[str, Any]
Scores = dict[str, dict[str, float]]
OffsetMap = Sequence[Sequence[int]]

# the per-document annotation list each stage is scored from, and the gold kind it is compared with
_STAGES = {"dates": "timex", "counts": "count", "places": "place", "labels": "label"}


@dataclass
class Gold:
    """The gold records of one file, grouped by kind and document file name."""

    records: dict[str, dict[str, list[Json]]] = field(default_factory=lambda: defaultdict(dict))
    coverage: dict[tuple[str, str], list[tuple[int, int]]] = field(default_factory=dict)
    discrepancies: list[Json] = field(default_factory=list)

    def of(self, kind: str, doc: str) -> list[Json]:
        """The gold records of one kind in one document."""
        return self.records.get(kind, {}).get(doc, [])

    def docs(self) -> set[str]:
        """Every document file name the gold annotates."""
        return {doc for doc, _ in self.coverage} | {d for by_doc in self.records.values() for d in by_doc}


def load_gold(path: Path) -> Gold:
    """Read a gold JSONL file (one record per line; see eval/README.md for the schema)."""
    gold = Gold()
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        kind = rec["kind"]
        if kind == "meta":
            continue
        if kind == "coverage":
            gold.coverage[(rec["doc"], rec["stage"])] = [(int(a), int(b)) for a, b in rec["ranges"]]
        elif kind == "discrepancy":
            gold.discrepancies.append(rec)
        else:
            gold.records[kind].setdefault(rec["doc"], []).append(rec)
    return gold


def to_raw(offset_map: OffsetMap, clean: int) -> int:
    """Map a cleaned-text offset to the raw text: r_k + (c - c_k) for the last anchor with c_k <= c."""
    if not offset_map:
        return clean
    i = bisect_right([int(a[0]) for a in offset_map], clean) - 1
    if i < 0:
        return int(offset_map[0][1])
    c_k, r_k = int(offset_map[i][0]), int(offset_map[i][1])
    raw = r_k + (clean - c_k)
    # a gap in the cleaned text (a dropped page header) must not push past the next anchor
    if i + 1 < len(offset_map):
        raw = min(raw, int(offset_map[i + 1][1]))
    return raw


def to_raw_span(offset_map: OffsetMap, start: int, end: int) -> tuple[int, int]:
    """Map a cleaned span to raw; the end maps just past its last character."""
    raw_start = to_raw(offset_map, start)
    if end <= start:
        return raw_start, raw_start
    return raw_start, max(raw_start + 1, to_raw(offset_map, end - 1) + 1)


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 with the raw counts (an empty side scores 1.0, as nothing was missed)."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def match(
    gold: Sequence[Json], pred: Sequence[Json], ok: Callable[[Json, Json], bool]
) -> list[tuple[int, int]]:
    """One-to-one greedy matching of overlapping raw spans that satisfy `ok`, largest overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            size = _overlap((g["start"], g["end"]), (p["raw_start"], p["raw_end"]))
            if size > 0 and ok(g, p):
                # required gold before optional gold, so an optional record never steals a match
                pairs.append((-size, bool(g.get("optional")), gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _covered(ranges: Iterable[tuple[int, int]], p: Json) -> bool:
    return any(_overlap((a, b), (p["raw_start"], p["raw_end"])) > 0 for a, b in ranges)


def _norm(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().lower()


def _accepted(expected: Any, also: Iterable[Any], got: Any) -> bool:
    return _norm(got) in {_norm(expected), *(_norm(v) for v in also)}


def _date_value(d: Json | None) -> Any:
    """The comparable value of a predicted date: value, else a range 'start/end', else an ISO period."""
    if not d:
        return None
    if d.get("value") is not None:
        return d["value"]
    if d.get("start") is not None and d.get("end") is not None and isinstance(d["start"], str):
        return f"{d['start']}/{d['end']}"
    return d.get("duration")


def _words(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in text.replace("-", " ").split() if len(w) > 2}


class _Tally:
    """Running TP/FP/FN and named ratio counters over all documents."""

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.num: Counter[str] = Counter()
        self.den: Counter[str] = Counter()

    def ratio(self, name: str, hit: bool) -> None:
        self.den[name] += 1
        self.num[name] += int(hit)

    def result(self) -> dict[str, float]:
        out = prf(self.tp, self.fp, self.fn)
        for name in self.den:
            out[name] = self.num[name] / self.den[name]
            out[name + "_n"] = self.den[name]
        return out


def _doc_preds(doc: Json, key: str) -> list[Json]:
    offset_map = doc.get("offset_map") or []
    out = []
    for item in (doc.get("annotations") or {}).get(key, []):
        raw_start, raw_end = to_raw_span(offset_map, int(item["start"]), int(item["end"]))
        out.append({**item, "raw_start": raw_start, "raw_end": raw_end})
    return out


def _stage_ok(stage: str) -> Callable[[Json, Json], bool]:
    if stage == "counts":
        return lambda g, p: _accepted(g["value"], g.get("value_ok", []), p.get("value"))
    if stage == "labels":
        return lambda g, p: _norm(g["label"]) == _norm(p.get("label"))
    return lambda g, p: True


def _score_stage(stage: str, gold: Gold, docs: dict[str, Json], places: dict[str, Json]) -> dict[str, float]:
    kind = _STAGES[stage]
    tally = _Tally()
    alias: dict[str, list[str | None]] = defaultdict(list)
    for name in sorted(gold.docs()):
        golds = gold.of(kind, name)
        doc = docs.get(name)
        preds = _doc_preds(doc, stage) if doc else []
        ranges = gold.coverage.get((name, kind), [(0, 1 << 40)])
        preds = [p for p in preds if _covered(ranges, p)]
        pairs = match(golds, preds, _stage_ok(stage))
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        tally.tp += sum(1 for gi, _ in pairs if not golds[gi].get("optional"))
        tally.fn += sum(1 for gi, g in enumerate(golds) if gi not in matched_g and not g.get("optional"))
        tally.fp += len(preds) - len(matched_p)
        for gi, pi in pairs:
            g, p = golds[gi], preds[pi]
            if g.get("optional"):
                continue
            if stage == "dates":
                got = _date_value({**p, **(p.get("range") or {})})
                tally.ratio("value_acc", _accepted(g["value"], g.get("value_ok", []), got))
            elif stage == "counts":
                tally.ratio("approx_acc", _norm(g.get("approx")) == _norm(p.get("approx")))
                tally.ratio("what_acc", bool(_words(g.get("what", "")) & _words(p.get("what") or "")))
            elif stage == "places":
                place = places.get(p.get("place") or "")
                names = {_norm(n.get("name")) for n in (place or {}).get("names", [])}
                if place:
                    names.add(_norm(place.get("name")))
                tally.ratio("resolution_acc", bool(names & {_norm(n) for n in g["resolved_names"]}))
                alias[g["key"]].append(p.get("place"))
        if stage == "places":
            for a in gold.of("actor", name):
                hit = any(_overlap((a["start"], a["end"]), (p["raw_start"], p["raw_end"])) > 0 for p in preds)
                tally.ratio("metonymy_as_place", hit)
    out = tally.result()
    if stage == "places":
        same = total = 0
        for ids in alias.values():
            for x, y in combinations(ids, 2):
                total += 1
                same += int(x is not None and x == y)
        out["alias_groups"] = same / total if total else 1.0
        out["alias_groups_n"] = total
    return out


def _score_actors(gold: Gold, docs: dict[str, Json]) -> dict[str, float]:
    tally = _Tally()
    for name in sorted(gold.docs()):
        doc = docs.get(name)
        preds = _doc_preds(doc, "actors") if doc else []
        for a in gold.of("actor", name):
            hit = any(_overlap((a["start"], a["end"]), (p["raw_start"], p["raw_end"])) > 0 for p in preds)
            tally.ratio("metonymy_recall", hit)
    out = {k: v for k, v in tally.result().items() if k.startswith("metonymy")}
    return out


def _event_preds(export: Json, by_id: dict[str, Json]) -> dict[str, list[Json]]:
    """Predicted mentions per document file name, with raw trigger spans."""
    out: dict[str, list[Json]] = defaultdict(list)
    for m in export.get("mentions", []):
        doc = by_id.get(m.get("doc", ""))
        if doc is None:
            continue
        trig = m["trigger"]
        raw_start, raw_end = to_raw_span(doc.get("offset_map") or [], int(trig["start"]), int(trig["end"]))
        out[Path(doc["path"]).name].append({**m, "raw_start": raw_start, "raw_end": raw_end})
    return out


def _score_events(gold: Gold, preds_by_doc: dict[str, list[Json]]) -> tuple[Scores, list[tuple[Json, Json]]]:
    tally = _Tally()
    matched: list[tuple[Json, Json]] = []

    def ok(g: Json, p: Json) -> bool:
        return p.get("type") in {g["type"], *g.get("types_ok", [])}

    for name in sorted(gold.docs()):
        golds = gold.of("event", name)
        ranges = gold.coverage.get((name, "event"), [(0, 1 << 40)])
        preds = [p for p in preds_by_doc.get(name, []) if _covered(ranges, p)]
        pairs = match(golds, preds, ok)
        tally.tp += len(pairs)
        tally.fn += len(golds) - len(pairs)
        tally.fp += len(preds) - len(pairs)
        for gi, pi in pairs:
            g, p = golds[gi], preds[pi]
            matched.append((g, p))
            if g.get("date"):
                got = _date_value(p.get("date"))
                tally.ratio("date_acc", _accepted(g["date"]["value"], g["date"].get("value_ok", []), got))
    return {"events": tally.result()}, matched


def _pairwise(pairs: list[tuple[Json, Json]], cross_only: bool) -> dict[str, float]:
    both = same_gold = same_pred = 0
    for (g1, p1), (g2, p2) in combinations(pairs, 2):
        if cross_only and g1["doc"] == g2["doc"]:
            continue
        sg = g1["cluster"] == g2["cluster"]
        sp = p1.get("event") is not None and p1.get("event") == p2.get("event")
        same_gold += sg
        same_pred += sp
        both += sg and sp
    precision = both / same_pred if same_pred else 1.0
    recall = both / same_gold if same_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "gold_pairs": same_gold,
        "pred_pairs": same_pred,
    }


def _score_alignment(matched: list[tuple[Json, Json]]) -> dict[str, float]:
    out = _pairwise(matched, cross_only=False)
    out.update({f"cross_{k}": v for k, v in _pairwise(matched, cross_only=True).items()})
    return out


def _score_discrepancies(gold: Gold, matched: list[tuple[Json, Json]], export: Json) -> dict[str, float]:
    events = {e["id"]: e for e in export.get("events", [])}
    out: dict[str, float] = {}
    for rec in gold.discrepancies:
        votes = Counter(
            p.get("event") for g, p in matched if g["cluster"] == rec["cluster"] and p.get("event")
        )
        hit = False
        if votes:
            event = events.get(votes.most_common(1)[0][0], {})
            hit = any(d.get("aspect") == rec["aspect"] for d in event.get("discrepancies", []))
        out[rec.get("id") or f"{rec['cluster']}.{rec['aspect']}"] = float(hit)
    out["recall"] = sum(out.values()) / len(out) if out else 1.0
    return out


def score(export: Json, gold_path: Path, seeds_dir: Path) -> Scores:
    """Score every stage of an analysis export against the gold; returns {stage: {metric: value}}."""
    gold = load_gold(gold_path)
    # seeds_dir is where the gold's raw files live; documents are matched by file name
    known = {p.name for p in seeds_dir.glob("*")} if seeds_dir.is_dir() else set()
    docs: dict[str, Json] = {}
    by_id: dict[str, Json] = {}
    for doc in export.get("documents", []):
        name = Path(doc["path"]).name
        if name in gold.docs() and (not known or name in known):
            docs[name] = doc
            by_id[doc["id"]] = doc
    places = {p["id"]: p for p in export.get("places", [])}
    scores: Scores = {stage: _score_stage(stage, gold, docs, places) for stage in _STAGES}
    scores["actors"] = _score_actors(gold, docs)
    event_scores, matched = _score_events(gold, _event_preds(export, by_id))
    scores.update(event_scores)
    scores["alignment"] = _score_alignment(matched)
    scores["discrepancies"] = _score_discrepancies(gold, matched, export)
    scores["coverage"] = {"documents": float(len(docs)), "gold_documents": float(len(gold.docs()))}
    return scores
