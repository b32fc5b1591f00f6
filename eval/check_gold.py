"""Validate eval/gold/seeds.jsonl: every offset lies in its raw seed file and its check string matches."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "gold" / "seeds.jsonl"
DEFAULT_SEEDS = HERE.parent.parent / "shared" / "corpus" / "seeds"
KINDS = ("timex", "count", "place", "actor", "label", "event")


def check(gold_path: Path, seeds_dir: Path) -> tuple[list[str], Counter[tuple[str, str]]]:
    """Problems found in the gold file and the number of records per (document, kind)."""
    problems: list[str] = []
    stats: Counter[tuple[str, str]] = Counter()
    raws: dict[str, str] = {}
    ids: set[str] = set()
    clusters: set[str] = set()
    discrepancies = []
    for n, line in enumerate(gold_path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        rec = json.loads(line)
        kind = rec.get("kind")
        if kind in ("meta", "coverage"):
            continue
        if kind == "discrepancy":
            discrepancies.append((n, rec))
            continue
        if kind not in KINDS:
            problems.append(f"line {n}: unknown kind {kind!r}")
            continue
        if rec.get("id") in ids:
            problems.append(f"line {n}: duplicate id {rec.get('id')}")
        ids.add(rec.get("id"))
        name = rec["doc"]
        if name not in raws:
            path = seeds_dir / name
            if not path.exists():
                problems.append(f"line {n}: no seed file {path}")
                continue
            raws[name] = path.read_text("utf-8")
        raw = raws[name]
        start, end = rec["start"], rec["end"]
        if not 0 <= start < end <= len(raw):
            problems.append(f"line {n}: span {start}:{end} outside {name} ({len(raw)} chars)")
        elif raw[start:end] != rec["text"]:
            problems.append(f"line {n}: {raw[start:end]!r} != check string {rec['text']!r}")
        if kind == "place" and rec.get("name") != rec["text"]:
            problems.append(f"line {n}: place name {rec.get('name')!r} differs from its span")
        if kind == "event":
            clusters.add(rec["cluster"])
        stats[(name[:3], kind + ("(optional)" if rec.get("optional") else ""))] += 1
    for n, rec in discrepancies:
        if rec["cluster"] not in clusters:
            problems.append(f"line {n}: discrepancy names unknown cluster {rec['cluster']!r}")
    return problems, stats


def main(argv: list[str] | None = None) -> int:
    """Command line: print the statistics, then any problem; exit 1 when there is one."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = parser.parse_args(argv)
    problems, stats = check(args.gold, args.seeds)
    docs = sorted({d for d, _ in stats})
    kinds = sorted({k for _, k in stats})
    print("kind".ljust(18) + "".join(d.rjust(6) for d in docs) + "total".rjust(7))
    for k in kinds:
        row = [stats[(d, k)] for d in docs]
        print(k.ljust(18) + "".join(str(v).rjust(6) for v in row) + str(sum(row)).rjust(7))
    for p in problems:
        print("PROBLEM", p)
    print("ok" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
