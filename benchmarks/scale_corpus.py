"""Build a benchmark corpus of N documents from ../shared/datasets/gva_news (read at run time).

Usage: python benchmarks/scale_corpus.py N DEST

The 6,208 real reports (those with text) are written as DEST/gNNNNNN.txt with a sources.csv giving
each one's title and publication date; past the real ones they are replicated with distinct ids and
a distinct first line, so every document is its own (own hash, own id). The texts stay outside the
repository: DEST is a scratch folder.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
from pathlib import Path

GVA = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "gva_news" / "docs.jsonl.gz"


def real_documents() -> list[dict[str, str]]:
    """The GVA reports that have text, in file order."""
    docs = []
    with gzip.open(GVA, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if doc.get("text", "").strip():
                docs.append(doc)
    return docs


def build(n: int, dest: Path, start: int = 0) -> list[Path]:
    """Write documents ``start`` .. ``start + n - 1`` of the benchmark corpus into ``dest``."""
    docs = real_documents()
    dest.mkdir(parents=True, exist_ok=True)
    rows = []
    written = []
    for k in range(start, start + n):
        doc = docs[k % len(docs)]
        copy = k // len(docs)
        name = f"g{k:06d}.txt"
        prefix = f"Copy {copy}.\n\n" if copy else ""
        (dest / name).write_text(prefix + doc["text"], encoding="utf-8")
        rows.append([name, " ".join((doc.get("title") or "").split()), "", "", doc.get("dct") or ""])
        written.append(dest / name)
    sources = dest / "sources.csv"
    new = not sources.exists()
    with sources.open("a", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        if new:
            writer.writerow(["file", "title", "outlet", "side", "published"])
        writer.writerows(rows)
    return written


if __name__ == "__main__":
    build(int(sys.argv[1]), Path(sys.argv[2]))
