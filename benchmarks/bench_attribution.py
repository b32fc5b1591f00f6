"""What the attribution stage adds to `rashomon analyze`, as a ratio of whole-process wall times.

Usage: python benchmarks/bench_attribution.py [--repeat 3] [--workers N] [--in-process]

The 84 PolNeAR test articles (../shared/datasets/polnear_test, read at run time) are analysed into a
fresh store, each run a fresh subprocess:
  1. `rashomon analyze` as it is (every stage, the corpus stages, the store);
  2. the same command with the attribution stage replaced by one that returns no attribution, so
     neither its cue sentences are parsed nor its rules run (the events stage then sees none).
Runs alternate, and the fastest of R runs of each is kept, since on a shared machine noise only adds
time. The ratio of the two is what the stage adds. Both wall time and CPU time (user + system of the
process and the worker processes it waited for, from wait4) are given: CPU time hardly moves with
what else runs on the machine, wall time does.

With ``--in-process``, R runs of `rashomon analyze --workers 1` (every document in the one process)
each time every stage's callable and give the attribution stage's CPU seconds over the rest of that
same process's CPU seconds: what the stage adds, with both parts measured in one run, so that the
machine's speed changing between runs does not enter the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets" / "polnear_test" / "polnear_test.tar.gz"

_WITHOUT = """
import dataclasses, sys
import rashomon.stages.attribution as stage
stage.STAGE = dataclasses.replace(stage.STAGE, factory=lambda settings: (lambda analysis, settings: []))
from rashomon.cli import main
sys.exit(main(sys.argv[1:]))
"""
_WITH = "import sys\nfrom rashomon.cli import main\nsys.exit(main(sys.argv[1:]))\n"
# every stage's callable timed (CPU seconds of this process), printed as JSON at the end
_TIMED = """
import json, resource, sys, time
import rashomon.pipeline as pipeline
spent = {}
prepare = pipeline._prepare
def timed(name, fn):
    def run(*args, **kwargs):
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - started
    return run
def prepared(settings, stages):
    prepare(settings, stages)
    worker = pipeline._WORKER
    if not getattr(worker["callables"][0], "timed", False):
        worker["callables"] = [timed(s.name, f) for s, f in zip(worker["stages"], worker["callables"])]
        worker["callables"][0].timed = True
pipeline._prepare = prepared
from rashomon.cli import main
status = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"stages": spent, "process": usage.ru_utime + usage.ru_stime}))
sys.exit(status)
"""


def extract(dest: Path) -> int:
    """Write the 84 article texts to ``dest``; return how many."""
    count = 0
    with tarfile.open(DATA) as tar:
        for member in tar.getmembers():
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is not None and member.name.endswith(".txt"):
                (dest / Path(member.name).name).write_bytes(handle.read())
                count += 1
    return count


def run(code: str, folder: Path, workers: int | None) -> tuple[float, float]:
    """Wall and CPU seconds of one `analyze` of ``folder`` into a fresh store, in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-c", code, "analyze", str(folder), "--db", str(Path(tmp) / "b.db"), "--quiet"]
        if workers:
            cmd += ["--workers", str(workers)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"analyze failed: {cmd}")
        return wall, usage.ru_utime + usage.ru_stime


def in_process(folder: Path) -> tuple[float, float]:
    """The attribution stage's CPU seconds and the rest of one in-process `analyze` run's."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-c", _TIMED, "analyze", str(folder), "--db", str(Path(tmp) / "b.db")]
        out = subprocess.run([*cmd, "--quiet", "--workers", "1"], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    stage = figures["stages"]["attribution"]
    return stage, figures["process"] - stage


def main() -> None:
    """Time both variants and print the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="default: one per core, as analyze")
    parser.add_argument("--in-process", action="store_true", help="the stage's share of one run, R times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = extract(folder)
        if args.in_process:
            shares = []
            print(f"{docs} documents, workers=1, {args.repeat} runs")
            print("| run | attribution stage, CPU s | rest of the run, CPU s | stage / rest |")
            print("|---|---|---|---|")
            for i in range(args.repeat):
                stage, rest = in_process(folder)
                shares.append(stage / rest)
                print(f"| {i + 1} | {stage:.2f} | {rest:.2f} | {stage / rest:.3f} |")
            print(f"median stage / rest: {statistics.median(shares):.3f}")
            return
        times: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
        for _ in range(args.repeat):
            times["without"].append(run(_WITHOUT, folder, args.workers))
            times["with"].append(run(_WITH, folder, args.workers))
    wall = {k: min(t[0] for t in v) for k, v in times.items()}
    cpu = {k: min(t[1] for t in v) for k, v in times.items()}
    workers = args.workers or os.cpu_count()
    print(f"{docs} documents, workers={workers}, best of {args.repeat} runs each")
    print("| rashomon analyze | wall s (best) | CPU s (best) | wall s, all runs |")
    print("|---|---|---|---|")
    for name in ("without", "with"):
        runs = ", ".join(f"{t[0]:.2f}" for t in times[name])
        print(f"| {name} the attribution stage | {wall[name]:.2f} | {cpu[name]:.2f} | {runs} |")
    ratios = f"wall {wall['with'] / wall['without']:.3f}, CPU {cpu['with'] / cpu['without']:.3f}"
    print(f"ratio with/without: {ratios}")


if __name__ == "__main__":
    main()
