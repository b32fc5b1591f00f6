"""Parquet export of the store's tables (issue 11, item 5: the upgrade path for analysts)."""

from __future__ import annotations

import pytest

from rashomon import pipeline, store
from rashomon.cli import main
from rashomon.settings import load_settings

pq = pytest.importorskip("pyarrow.parquet")

TEXT = "Velmora and Ostrakan exchanged 45 prisoners at Lisgar on 3 March 2025, the ministry said."


def test_every_table_is_written_with_its_rows(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    pipeline.analyze([tmp_path / "a.txt"], db=tmp_path / "s.db", settings=load_settings(workers=1))
    assert (
        main(["export", "--db", str(tmp_path / "s.db"), "--format", "parquet", "-o", str(tmp_path / "pq")])
        == 0
    )
    conn = store.connect_readonly(tmp_path / "s.db")
    for table in store.EXPORTED_TABLES:
        read = pq.read_table(tmp_path / "pq" / f"{table}.parquet")
        assert read.num_rows == conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
    mentions = pq.read_table(tmp_path / "pq" / "mentions.parquet").to_pylist()
    assert {m["type"] for m in mentions} >= {"prisoner_exchange"}
