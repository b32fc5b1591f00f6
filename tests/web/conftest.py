"""A store of the examples (the inputs of `make demo`) with its static report, built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, Path]:
    """(store, its export, its static report) of examples/reports."""
    out = tmp_path_factory.mktemp("serve")
    code = main(
        [
            "--config", str(ROOT / "examples" / "rashomon.toml"),
            "analyze", str(ROOT / "examples" / "reports"),
            "--db", str(out / "examples.db"), "--json", str(out / "a.json"), "--out", str(out / "site"),
            "--quiet",
        ]
    )  # fmt: skip
    assert code == 0
    return out / "examples.db", json.loads((out / "a.json").read_text("utf-8")), out / "site"
