"""Coverage-guided fuzzing of ingest, cleaning, dates and counts with atheris (`make fuzz`).

Each input picks a target and feeds it the rest of its bytes: HTML, PDF or plain-text extraction,
cleaning (idempotent, offsets in range), time expressions and counts (offsets exact, values finite
and bounded). An exception other than IngestError, a broken invariant or an input running past
``-timeout`` seconds is a crash: libFuzzer stops and writes the input to ``.fuzz/crash-*``; make a
test of it. The seeds are written by the team (below); the corpus grows in ``.fuzz/corpus``.

    python fuzz/fuzz_ingest.py -max_total_time=600 -timeout=30 .fuzz/corpus
"""

from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["rashomon"]):
    from rashomon.clean import clean_text, to_raw
    from rashomon.errors import IngestError
    from rashomon.ingest.formats import extract
    from rashomon.ingest.sources import read_sources_checked
    from rashomon.stages.counts import find_counts, load_rules
    from rashomon.stages.sentences import split_sentences
    from rashomon.timex import find_timexes

RULES = load_rules()
TARGETS = ("html", "pdf", "txt", "clean", "dates", "counts", "sources")
DCTS = ("2023-12-14", "2023-12", "2023", None, "9999-12-31", "1000-01-01")

SEEDS = [
    "On 3 March 2025 Velmora and Ostrakan exchanged 45 prisoners of war at Lisgar.",
    "Officials said nearly 6,000 people fled. Two days later, 60 to 64 detainees were freed.",
    "<html><head><title>Talks</title></head><body><p>The talks ended on Monday.</p>"
    "<p>Both sides agreed to meet again next week.</p></body></html>",
    "<p>A bare fragment about last year's ceasefire, signed three years ago.</p>",
    "The demon-\nstrated figure was 1,960 peace-\nkeepers.\n\n4\n\nPage 4 of 9\n",
    "file,title,outlet,side,published\na.txt,First,Daily,north,2023-12-14\n",
    "It happened 828808130233 days earlier, officials said on Friday, December 15.",
]


def _pdf(text: str) -> bytes:
    body = f"BT /F1 11 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _check_spans(text: str, spans: list, what: str) -> None:
    for span in spans:
        if text[span.start : span.end] != span.text:
            raise AssertionError(f"{what}: offsets {span.start}:{span.end} do not give {span.text!r}")


def one_input(data: bytes) -> None:
    """Run one target on one input; raise on a crash or a broken invariant."""
    fdp = atheris.FuzzedDataProvider(data)
    target = TARGETS[fdp.ConsumeIntInRange(0, len(TARGETS) - 1)]
    dct = DCTS[fdp.ConsumeIntInRange(0, len(DCTS) - 1)]
    payload = fdp.ConsumeBytes(fdp.remaining_bytes())
    text = payload.decode("utf-8", "replace")
    if target in {"html", "pdf", "txt"}:
        try:
            extracted = extract(payload, Path(f"fuzz.{target}"), target)
        except IngestError:
            return
        text = extracted.text
        target = "clean"
    if target == "clean":
        cleaned = clean_text(text)
        again = clean_text(cleaned.text)
        if again.text != cleaned.text:
            raise AssertionError("cleaning is not idempotent")
        for offset in (0, len(cleaned.text) // 2, len(cleaned.text)):
            if not 0 <= to_raw(cleaned.offset_map, offset) <= len(text):
                raise AssertionError("offset map leaves the raw text")
    elif target == "dates":
        _check_spans(text, find_timexes(text, split_sentences(text), dct), "dates")
    elif target == "counts":
        dates = find_timexes(text, split_sentences(text), dct)
        counts = find_counts(text, RULES, dates)
        _check_spans(text, counts, "counts")
        for count in counts:
            for value in (count.value, count.high):
                if value is not None and not (math.isfinite(value) and 0 <= value <= 1e15):
                    raise AssertionError(f"count value {value!r} is no count")
    elif target == "sources":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "sources.csv"
            path.write_bytes(payload)
            try:
                read_sources_checked(path)
            except Exception as exc:
                if type(exc).__name__ != "ConfigError":
                    raise


def main() -> None:
    """Write the seeds into the corpus folder (the last argument) and start libFuzzer."""
    corpus = Path(sys.argv[-1]) if len(sys.argv) > 1 and not sys.argv[-1].startswith("-") else None
    if corpus is not None:
        corpus.mkdir(parents=True, exist_ok=True)
        for n, seed in enumerate(SEEDS):
            for t, target in enumerate(TARGETS):
                raw = _pdf(seed) if target == "pdf" else seed.encode()
                (corpus / f"seed-{n}-{target}").write_bytes(bytes([t, n % len(DCTS)]) + raw)
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
