"""Shared fixtures: where the third-party material lives (read in place, never copied)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

# built resources (the gazetteer's cache file) go to a folder of this test session, shared with the
# CLI runs it starts, never to the user's own cache
os.environ["RASHOMON_CACHE_DIR"] = tempfile.mkdtemp(prefix="rashomon-cache-")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SCHEMA = SHARED / "contract" / "export.schema.json"
EXAMPLES = ROOT / "examples"
REPORTS = EXAMPLES / "reports"


@pytest.fixture(scope="session")
def export_schema() -> dict:
    if not SCHEMA.exists():
        pytest.skip(f"contract schema not found at {SCHEMA}")
    return json.loads(SCHEMA.read_text("utf-8"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.exists():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def seeds_run(seeds_dir, tmp_path_factory):
    """The seeds analysed once for the session: (run summary, export, CSV folder, report folder)."""
    from rashomon import pipeline, store
    from rashomon.export import build_export, write_csv
    from rashomon.report.render import write_report
    from rashomon.settings import load_settings

    out = tmp_path_factory.mktemp("seeds")
    settings = load_settings()
    summary = pipeline.analyze(
        [seeds_dir], db=out / "s.db", settings=settings, sources=seeds_dir / "sources.csv"
    )
    conn = store.connect_readonly(str(out / "s.db"))
    try:
        export = build_export(conn, settings)
    finally:
        conn.close()
    write_csv(export, out / "csv")
    write_report(export, out / "site")
    return summary, export, out / "csv", out / "site"
