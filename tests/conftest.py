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
