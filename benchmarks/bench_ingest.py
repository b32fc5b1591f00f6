"""Ingest time (read + decode + clean + metadata) against document size, from 100 KB to 10 MB.

    .venv/bin/python benchmarks/bench_ingest.py [--repeat 3] [--sizes 100000,...]

Documents are generated here, in several shapes, and written to a temporary folder:
  prose-wrapped   prose hard-wrapped at 72 characters, paragraphs between blank lines (PDF text)
  prose-lines     one paragraph per line (web text)
  one-line        all the prose on a single line
  long-words      words of 5,000 letters, some split by an end-of-line hyphen
  numbers         numbers separated by spaces and full stops
The prose is the seed corpus (../shared/corpus/seeds/*.txt, read at run time) repeated to size, or
sentences the team wrote when the seeds are not there. Each figure is the best of --repeat calls of
``rashomon.ingest.load_document`` on the file; the table gives the time per MB at each size divided
by the time per MB at the smallest size, so 1.0 everywhere is linear.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
sys.path.insert(0, str(ROOT / "src"))

from rashomon.ingest import load_document  # noqa: E402
from rashomon.settings import load_settings  # noqa: E402

SIZES = (100_000, 300_000, 1_000_000, 3_000_000, 10_000_000)
OWN_PROSE = (
    "On 3 March 2025 Velmora and Ostrakan exchanged 45 prisoners of war at Lisgar, officials said. "
    "Two days later the ministry accused the other side of shelling Kaltepe; the claim was denied. "
    "Talks between the two delegations resumed in the spring under the mediation of a third country."
)


def _prose() -> str:
    texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    return "\n\n".join(texts) if texts else OWN_PROSE


def _repeat(text: str, size: int) -> str:
    return (text * (size // max(1, len(text)) + 1))[:size]


def _paragraphs(prose: str) -> list[str]:
    return [" ".join(p.split()) for p in prose.split("\n\n") if p.strip()]


def shapes(prose: str) -> dict[str, Callable[[int], str]]:
    """Document makers by shape: size in characters -> text."""
    paragraphs = _paragraphs(prose)
    wrapped = "\n\n".join(textwrap.fill(p, 72) for p in paragraphs) + "\n\n"
    lines = "\n".join(paragraphs) + "\n"
    one_line = " ".join(paragraphs) + " "
    word = "abcdefghij" * 500
    long_words = f"The {word} was said. The {word[:2500]}-\n{word[2500:]} was said again.\n"
    numbers = " ".join(str(n) for n in range(1000)) + ". " + ". ".join(str(n) for n in range(1000)) + ". "
    return {
        "prose-wrapped": lambda size: _repeat(wrapped, size),
        "prose-lines": lambda size: _repeat(lines, size),
        "one-line": lambda size: _repeat(one_line, size),
        "long-words": lambda size: _repeat(long_words, size),
        "numbers": lambda size: _repeat(numbers, size),
    }


def time_ingest(path: Path, repeat: int) -> float:
    """Best wall time of load_document on one file."""
    settings = load_settings()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        load_document(path, doc_id="bench", source=None, settings=settings)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print seconds and the per-MB ratio table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        warm = Path(folder) / "warm.txt"
        warm.write_text(OWN_PROSE, "utf-8")
        time_ingest(warm, 1)
        rows: dict[str, list[float]] = {}
        for name, make in shapes(_prose()).items():
            rows[name] = []
            for size in sizes:
                path = Path(folder) / f"{name}-{size}.txt"
                path.write_text(make(size), "utf-8")
                rows[name].append(time_ingest(path, args.repeat))
                path.unlink()
    labels = [f"{s / 1_000_000:g} MB" for s in sizes]
    print("seconds (best of", args.repeat, ")")
    print("| shape | " + " | ".join(labels) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name, times in rows.items():
        print(f"| {name} | " + " | ".join(f"{t:.3f}" for t in times) + " |")
    print()
    print(f"time per MB relative to {labels[0]} (1.0 = linear)")
    print("| shape | " + " | ".join(labels) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name, times in rows.items():
        base = times[0] / sizes[0]
        print(
            f"| {name} | "
            + " | ".join(f"{t / s / base:.2f}" for t, s in zip(times, sizes, strict=True))
            + " |"
        )


if __name__ == "__main__":
    main()
