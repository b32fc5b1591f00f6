"""Per-page latency of `rashomon serve` on a 10,000-document store built by replicating documents.

Usage: python benchmarks/bench_serve.py [--base 250] [--copies 40] [--repeat 30] [--keep DIR]

Analyses ``--base`` GVA reports (benchmarks/scale_corpus.py, read from ../shared at run time) once,
then copies their rows ``--copies`` times in SQL under new ids (documents, sentences, place mentions,
event mentions, participants, events, discrepancies and their values; the full-text indexes are
filled by the store's own triggers), gives each document one of three sides and one of 24 outlets (GVA
reports have neither), starts `rashomon serve` on the store and times each page over HTTP: median and
95th percentile of ``--repeat`` requests after three warm-up requests. References in the same run:
Datasette's plain table page of the same table (no facets) and a bare sqlite3 SELECT of the same
rows. Results go to benchmarks/out/serve.json (not committed).
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scale_corpus import build  # noqa: E402

RASHOMON = Path(sys.executable).parent / "rashomon"
SIDES = ("side_a", "side_b", "international")

# each copy's rows: ids get the copy's prefix {p}; ids held in JSON columns are rewritten the same way
# (document ids start with 'g0', mention ids with the document's, event ids with 'e')
_COPY = """
INSERT INTO documents (id, path, sha256, text, added, title, outlet, side, published, published_basis,
    published_source, language, format, warnings, offset_map, chars, ingest_key, analysis_key, status, data)
SELECT '{p}' || id, path || '#{p}', sha256, text, added, title, outlet, side, published, published_basis,
    published_source, language, format, warnings, offset_map, chars, ingest_key, analysis_key, status, data
FROM documents WHERE id LIKE 'g0%';
INSERT INTO sentences (doc_id, start, "end", text)
SELECT '{p}' || doc_id, start, "end", text FROM sentences WHERE doc_id LIKE 'g0%' ORDER BY id;
INSERT INTO place_mentions (doc_id, start, "end", text, place)
SELECT '{p}' || doc_id, start, "end", text, place FROM place_mentions WHERE doc_id LIKE 'g0%';
INSERT INTO mentions (id, doc_id, n, type, plover, sentence_start, sentence_end, trigger_start, trigger_end,
    trigger, lemma, modality, confidence, salience, date_value, date_granularity, date_basis, date_text,
    attributed_to, places, actors, figures, data, words, names, revised, event, story, grp)
SELECT '{p}' || id, '{p}' || doc_id, n, type, plover, sentence_start, sentence_end, trigger_start,
    trigger_end, trigger, lemma, modality, confidence, salience, date_value, date_granularity, date_basis,
    date_text, attributed_to, places, actors, figures, data, words, names, revised, '{p}' || event, story, grp
FROM mentions WHERE doc_id LIKE 'g0%';
INSERT INTO participants (mention, doc_id, n, role, text, start, "end", role_start, role_end, role_text,
    who, who_text, by, by_text, "to", to_text, count_value, count_high, count_approx, singular, pronoun,
    negated, unreal, data)
SELECT '{p}' || mention, '{p}' || doc_id, n, role, text, start, "end", role_start, role_end, role_text,
    who, who_text, by, by_text, "to", to_text, count_value, count_high, count_approx, singular, pronoun,
    negated, unreal, data
FROM participants WHERE doc_id LIKE 'g0%';
INSERT INTO events (id, n, type, summary, date_value, date_granularity, date_start, date_end, date_basis,
    n_mentions, n_docs, n_sides, n_discrepancies, docs, sides, places, mentions, data)
SELECT '{p}' || id, n + {k} * (SELECT max(n) + 1 FROM events WHERE id LIKE 'e%'), type, summary, date_value,
    date_granularity, date_start, date_end, date_basis, n_mentions, n_docs, n_sides, n_discrepancies,
    replace(docs, '"g0', '"{p}g0'), sides, places, replace(mentions, '"g0', '"{p}g0'),
    replace(replace(data, '"g0', '"{p}g0'), '"event":"e', '"event":"{p}e')
FROM events WHERE id LIKE 'e%';
INSERT INTO discrepancies (event, n, aspect, kind, what, data)
SELECT '{p}' || event, n, aspect, kind, what, replace(data, '"g0', '"{p}g0')
FROM discrepancies WHERE event LIKE 'e%' ORDER BY id;
INSERT INTO discrepancy_values (discrepancy, n, value, value_number, docs, mentions, data)
SELECT c.id, v.n, v.value, v.value_number, replace(v.docs, '"g0', '"{p}g0'),
    replace(v.mentions, '"g0', '"{p}g0'), replace(v.data, '"g0', '"{p}g0')
FROM discrepancy_values v JOIN discrepancies o ON o.id = v.discrepancy
JOIN discrepancies c ON c.event = '{p}' || o.event AND c.n = o.n WHERE o.event LIKE 'e%'
"""

# sides and outlets for the facets, then each event's sides from its documents
_LABEL = f"""
UPDATE documents SET side = (CASE rowid % 3 WHEN 0 THEN '{SIDES[0]}' WHEN 1 THEN '{SIDES[1]}'
    ELSE '{SIDES[2]}' END), outlet = 'outlet ' || (rowid % 24 + 1);
UPDATE events SET sides = (SELECT json_group_array(side) FROM (SELECT DISTINCT d.side
    FROM json_each(events.docs) j JOIN documents d ON d.id = j.value ORDER BY d.side));
UPDATE events SET n_sides = json_array_length(sides)
"""


def build_store(base: int, copies: int, scratch: Path) -> Path:
    """Analyse ``base`` GVA reports, then replicate their rows to ``base * copies`` documents."""
    corpus = scratch / "corpus"
    build(base, corpus)
    first = scratch / "base.db"
    started = time.perf_counter()
    subprocess.run(
        [str(RASHOMON), "analyze", str(corpus), "--db", str(first), "--quiet", "--workers", "2"], check=True
    )
    print(f"analysed {base} documents in {time.perf_counter() - started:.1f} s", flush=True)
    path = scratch / "store.db"
    shutil.copy(first, path)
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for k in range(1, copies):
        for statement in _COPY.format(p=f"k{k:02d}", k=k).split(";\n"):
            conn.execute(statement)
    for statement in _LABEL.split(";\n"):
        conn.execute(statement)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")  # served immutable: no WAL file may be left beside it
    conn.close()
    print(f"replicated to {base * copies} documents in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path, headers={"Host": "127.0.0.1"})
    response = conn.getresponse()
    return response.status, response.read()


def _time(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    """Median and 95th percentile of ``repeat`` calls of ``fn`` (ms), after three warm-up calls."""
    for _ in range(3):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[max(0, int(len(times) * 0.95) - 1)]}


def measure(path: Path, repeat: int) -> list[dict[str, object]]:
    """Each page's latency over HTTP, with its references."""
    db = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    name = path.stem
    event = db.execute("SELECT id FROM events ORDER BY n_docs DESC, n_mentions DESC LIMIT 1").fetchone()[0]
    doc = db.execute("SELECT doc_id FROM mentions GROUP BY doc_id ORDER BY count(*) DESC LIMIT 1").fetchone()[
        0
    ]
    counts = {
        t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "mentions", "events")
    }
    print(f"store: {counts}, {path.stat().st_size / 1e6:.0f} MB", flush=True)
    port = _free_port()
    server = subprocess.Popen(
        [str(RASHOMON), "serve", "--db", str(path), "--port", str(port)], stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                if _get(conn, "/")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

        def page(url: str) -> Callable[[], object]:
            def fetch() -> object:
                status, body = _get(conn, url)
                if status != 200:
                    raise RuntimeError(f"{url}: HTTP {status}: {body[:300]!r}")
                return body

            return fetch

        def select(sql: str, *args: object) -> Callable[[], object]:
            return lambda: db.execute(sql, args).fetchall()

        fts = (
            "SELECT s.* FROM sentences_fts f JOIN sentences s ON s.id = f.rowid WHERE sentences_fts MATCH ? "
        )
        cases = [
            (
                "search 'police'",
                "/-/rashomon/search?q=police",
                select(fts + "ORDER BY rank LIMIT 20", '"police"'),
            ),
            (
                "search 'shot police officer'",
                "/-/rashomon/search?q=" + quote("shot police officer"),
                select(fts + "ORDER BY rank LIMIT 20", '"shot" "police" "officer"'),
            ),
            (
                "mentions, 4 facets",
                f"/{name}/mentions",
                select("SELECT * FROM mentions ORDER BY rowid LIMIT 51"),
            ),
            (
                "events, 5 facets",
                f"/{name}/events",
                select("SELECT * FROM events ORDER BY n_docs DESC LIMIT 51"),
            ),
            (
                "events, facet clicked (type=attack)",
                f"/{name}/events?type=attack",
                select("SELECT * FROM events WHERE type = 'attack' ORDER BY n_docs DESC LIMIT 51"),
            ),
            (
                "event page",
                f"/-/rashomon/events/{quote(event)}.html",
                select("SELECT * FROM mentions WHERE event = ?", event),
            ),
            (
                "document page",
                f"/-/rashomon/docs/{quote(doc)}.html",
                select("SELECT * FROM documents d JOIN mentions m ON m.doc_id = d.id WHERE d.id = ?", doc),
            ),
        ]
        # Datasette's own page of the same rows: the table without facets, its full-text search, the row
        plain = {
            "search 'police'": f"/{name}/sentences?_search=police&_nofacet=1",
            "search 'shot police officer'": f"/{name}/sentences?_search={quote('shot police officer')}"
            "&_nofacet=1",
            "mentions, 4 facets": f"/{name}/mentions?_nofacet=1",
            "events, 5 facets": f"/{name}/events?_nofacet=1",
            "events, facet clicked (type=attack)": f"/{name}/events?type=attack&_nofacet=1",
            "event page": f"/{name}/events/{quote(event)}",
            "document page": f"/{name}/documents/{quote(doc)}",
        }
        results: list[dict[str, object]] = []
        for what, url, reference in cases:
            row: dict[str, object] = {"page": what, "url": url, **_time(page(url), repeat)}
            row["select_ms"] = _time(reference, repeat)["median_ms"]
            row["plain_page_ms"] = _time(page(plain[what]), repeat)["median_ms"]
            results.append(row)
            print(json.dumps(row), flush=True)
        return results
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=250)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", metavar="DIR", help="build the store in DIR and keep it (reused if there)")
    args = parser.parse_args()
    scratch = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-serve-"))
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        store = scratch / "store.db"
        if not store.exists():
            store = build_store(args.base, args.copies, scratch)
        results = measure(store, args.repeat)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print()
    print("| page | median ms | p95 ms | Datasette's plain page ms | page / plain | bare SELECT ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        median, plain = float(r["median_ms"]), float(r["plain_page_ms"])  # type: ignore[arg-type]
        print(
            f"| {r['page']} | {median:.1f} | {r['p95_ms']:.1f} | {plain:.1f} | {median / plain:.2f} "
            f"| {r['select_ms']:.2f} |"
        )
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "serve.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
