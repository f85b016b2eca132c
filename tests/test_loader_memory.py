"""The loader lets go of each sheet's rows once DuckDB has them.

A file is stored in one transaction, sheet by sheet. DuckDB keeps a table handed over with ``register()``
alive until the transaction ends, so every sheet of a file would stay in memory until the commit; the loader
hands each sheet over by a replacement scan instead, which DuckDB lets go when the INSERT is done.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pyarrow as pa
import pytest

from loaders import pipeline
from netralitas import db

pytestmark = pytest.mark.slow  # a large register loaded while memory is measured


def _sheet_table(rows: int) -> pa.Table:
    columns = {}
    for f in pipeline.VIOLATION_SCHEMA:
        if f.name == "raw":
            continue
        if pa.types.is_string(f.type):
            columns[f.name] = pa.array([f"{f.name} nilai panjang nomor {i:08d}" for i in range(rows)], f.type)
        elif pa.types.is_integer(f.type):
            columns[f.name] = pa.array(range(1, rows + 1), f.type)
        else:
            columns[f.name] = pa.nulls(rows, f.type)
    columns["batch_id"] = pa.array([1] * rows, pa.int32())
    columns["raw_0"] = pa.array([f"sel mentah {i:08d}" for i in range(rows)], pa.string())
    return pa.table(columns)


def test_a_stored_sheet_is_released_before_the_commit(tmp_path: Path) -> None:
    con = db._connect_for_writing(tmp_path / "uji.duckdb")
    try:
        db.ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        table = _sheet_table(50_000)
        size = table.nbytes
        before = pa.total_allocated_bytes() - size
        pipeline._insert_table(con, table, ["Kolom A"])
        del table
        gc.collect()
        held = pa.total_allocated_bytes() - before
        assert held < size / 10, f"{held:,} bytes of a {size:,}-byte sheet still held before the commit"
        con.execute("COMMIT")
        assert con.execute("SELECT count(*), count(raw) FROM violations").fetchone() == (50_000, 50_000)
    finally:
        con.close()
