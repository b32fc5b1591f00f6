"""Wall time and peak memory of `rashomon analyze` against bare spaCy (`nlp.pipe`) on the same text.

Usage: python benchmarks/bench_analyze.py [--copies 200] [--workers N]

Two corpora: the seeds (../shared/corpus/seeds) and a large corpus of the seeds and examples
replicated with distinct file names (>= 1,000 documents). Each is timed as
  1. the reference: spacy.load(model) + nlp.pipe over the cleaned texts (all components, one process),
  2. rashomon analyze into a fresh store (ingest, every stage, corpus stages, store; no JSON/report).
Each run is a fresh subprocess so its peak RSS (ru_maxrss of the child) is its own.
Figures are printed as ratios to the reference measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
EXAMPLES = ROOT / "examples" / "reports"

_SPACY_REFERENCE = """
import sys, time, json
from pathlib import Path
from rashomon.ingest import discover, load_document
from rashomon.settings import load_settings
from rashomon.nlp import load_spacy
settings = load_settings()
paths = discover([Path(p) for p in sys.argv[1:]])
texts = [load_document(p, doc_id=p.stem, source=None, settings=settings).text for p in paths]
t0 = time.perf_counter()
nlp = load_spacy(settings.spacy_models)
for _ in nlp.pipe(texts):
    pass
print(json.dumps({"seconds": time.perf_counter() - t0, "chars": sum(map(len, texts)), "docs": len(texts)}))
"""


def _child(cmd: list[str]) -> tuple[float, float, str]:
    """Run one command; return its wall seconds, its own peak RSS in MB (wait4) and its stdout."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"{cmd[:4]} failed with {proc.returncode}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read()


def build_large(dest: Path, copies: int) -> int:
    """Replicate the seeds and examples under distinct names; return the number of documents."""
    count = 0
    sources = [
        p
        for p in (
            *SEEDS.glob("*.txt"),
            *EXAMPLES.glob("*.txt"),
            *EXAMPLES.glob("*.md"),
            *EXAMPLES.glob("*.html"),
        )
    ]
    for i in range(copies):
        for src in sources:
            target = dest / f"{src.stem}_{i:04d}{src.suffix}"
            # a distinct first line makes each copy a distinct document (own hash, own id)
            target.write_text(f"Copy {i} of {src.stem}.\n\n" + src.read_text("utf-8"), "utf-8")
            count += 1
    return count


def measure(name: str, folder: Path, workers: int | None) -> dict[str, float | str]:
    """Time the spaCy reference and rashomon on one folder."""
    py = sys.executable
    ref_seconds, ref_mb, out = _child([py, "-c", _SPACY_REFERENCE, str(folder)])
    info = json.loads(out.strip().splitlines()[-1])
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [py, "-m", "rashomon.cli", "analyze", str(folder), "--db", str(Path(tmp) / "b.db"), "--quiet"]
        if workers:
            cmd += ["--workers", str(workers)]
        ours_seconds, ours_mb, _ = _child(cmd)
    return {
        "corpus": name,
        "docs": info["docs"],
        "chars": info["chars"],
        "spacy_s": round(ref_seconds, 2),
        "rashomon_s": round(ours_seconds, 2),
        "ratio": round(ours_seconds / ref_seconds, 2),
        "spacy_peak_mb": round(ref_mb),
        "rashomon_peak_mb": round(ours_mb),
    }


def main() -> None:
    """Run both corpora and print a table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=110, help="replicas of the 9 seed+example files")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    rows = [measure("seeds", SEEDS, args.workers)]
    with tempfile.TemporaryDirectory() as tmp:
        n = build_large(Path(tmp), args.copies)
        rows.append(measure(f"replicated ({n} docs)", Path(tmp), args.workers))
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        "| corpus | docs | chars | spaCy nlp.pipe s | rashomon analyze s | ratio "
        "| spaCy peak MB | rashomon peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['corpus']} | {r['docs']} | {r['chars']} | {r['spacy_s']} | {r['rashomon_s']} "
            f"| {r['ratio']} | {r['spacy_peak_mb']} | {r['rashomon_peak_mb']} |"
        )


if __name__ == "__main__":
    main()
