"""The store's tables as Parquet files, for analysts' tools (DuckDB, pandas, R's arrow, Spark).

Each table becomes ``DIR/<table>.parquet``, written in batches so memory stays flat. Needs pyarrow
(``pip install "rashomon[ray]"`` brings it, or ``pip install pyarrow``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from .. import store
from ..errors import ConfigError

_BATCH = 5000
_INSTALL_HINT = 'Parquet export needs pyarrow: pip install pyarrow (or "rashomon[ray]")'


def _column(values: list[Any]) -> list[Any]:
    """A column of one type: SQLite lets a column mix them ('15' and 15 as a discrepancy's value)."""
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) <= 1 or kinds <= {int, float}:
        return values
    return [None if v is None else str(v) for v in values]


def write_parquet(conn: sqlite3.Connection, out_dir: str | Path) -> list[Path]:
    """Write every analysis table of the store as Parquet; return the files written."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError(_INSTALL_HINT) from exc
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table in store.EXPORTED_TABLES:
        columns, batches = store.table_rows(conn, table, _BATCH)
        path = out / f"{table}.parquet"
        writer: Any = None
        for rows in batches:
            batch = pa.table({c: _column([row[k] for row in rows]) for k, c in enumerate(columns)})
            if writer is None:
                writer = pq.ParquetWriter(path, batch.schema)
            writer.write_table(batch.cast(writer.schema) if batch.schema != writer.schema else batch)
        if writer is None:  # an empty table still gets its file, with its columns
            pq.write_table(pa.table({c: pa.array([], pa.string()) for c in columns}), path)
        else:
            writer.close()
        written.append(path)
    return written
