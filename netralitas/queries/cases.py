"""The person rows under the filters — a page of them, all of them streamed for an export, or one full record —
newest first, with every personal column masked unless the viewer may see it (:mod:`netralitas.queries.viewer`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pandas as pd

from netralitas.columns import CASE_EXTRA, CASE_ROWS, guest_masks, view
from netralitas.privacy import MASK_IF_NIP
from netralitas.queries.filters import Filters
from netralitas.queries.sql import frame, scalar
from netralitas.queries.viewer import Viewer, mask_frame, mask_rows, with_quotes_filled

CASE_COLUMNS = view(CASE_ROWS)  # the registry's case rows (netralitas/columns.py)
# Columns a caller may ask for besides CASE_COLUMNS.
EXTRA_CASE_COLUMNS = tuple(view(CASE_EXTRA))

# Order of the person rows everywhere (newest first; provenance makes it total).
CASE_ORDER = "reported_on DESC NULLS LAST, case_id, source_file, source_sheet, source_row"

# Cells of a record kept as written beside their normalised value (shown as "tertulis" in the record view): shown
# to guests unless they look like a NIP typed in the wrong column.
WRITTEN_COLUMNS = tuple(name for name, mask in guest_masks().items() if mask == MASK_IF_NIP)


def _checked_columns(columns: list[str] | None) -> list[str]:
    """``columns`` (default :data:`CASE_COLUMNS`), each one a known column (they are put into SQL)."""
    cols = columns or CASE_COLUMNS
    for c in cols:
        if c not in CASE_COLUMNS and c not in EXTRA_CASE_COLUMNS:
            raise ValueError(f"unknown column: {c}")
    return cols


def case_rows(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    limit: int | None = None,
    offset: int = 0,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Person rows under the filters, newest first; names and NIP masked unless the viewer may see them."""
    cols = _checked_columns(columns)
    where, params = filters.where()
    if limit is not None and not filters.search.strip():
        # A page: first the finding date of its last row (from a count per date, cheap), then sort only the rows
        # from that date on — every row of the page is among them — instead of all rows under the filters. Not
        # with a search: it leaves few rows to sort, and a second text scan would cost more than it saves.
        cutoff = _page_date_cutoff(con, where, params, int(limit) + int(offset))
        if cutoff is not None:
            where, params = f"{where} AND reported_on >= ?", [*params, cutoff]
    sql = f"SELECT {', '.join(cols)} FROM violations WHERE {where} ORDER BY {CASE_ORDER}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return mask_frame(frame(con, sql, params), viewer.reveal)


def _page_date_cutoff(con: duckdb.DuckDBPyConnection, where: str, params: list, rows: int) -> dt.date | None:
    """The finding date of the ``rows``-th row in :data:`CASE_ORDER` under ``where``: every one of the first
    ``rows`` rows has a finding date on or after it. None when that row has no date or there are fewer rows."""
    if rows <= 0:
        return None
    return scalar(
        con,
        f"""
        SELECT reported_on FROM (
            SELECT reported_on, sum(persons) OVER (ORDER BY reported_on DESC NULLS LAST) AS rows_so_far
            FROM (SELECT reported_on, count(*) AS persons FROM violations WHERE {where} GROUP BY 1))
        WHERE rows_so_far >= ? ORDER BY reported_on DESC NULLS LAST LIMIT 1
        """,
        [*params, rows],
    )


def case_row_chunks(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    columns: list[str] | None = None,
    chunk_rows: int = 5_000,
) -> Iterator[list[tuple]]:
    """The rows of :func:`case_rows` (same order, same masking), streamed as lists of tuples of ``chunk_rows``.

    For exports of any size: memory stays flat however many rows the filters select.
    """
    cols = _checked_columns(columns)
    where, params = filters.where()
    cur = con.cursor()
    try:
        cur.execute(f"SELECT {', '.join(cols)} FROM violations WHERE {where} ORDER BY {CASE_ORDER}", params)
        while chunk := cur.fetchmany(max(1, int(chunk_rows))):
            chunk = mask_rows(chunk, cols, viewer.reveal)
            yield chunk
    finally:
        cur.close()


def case_detail(
    con: duckdb.DuckDBPyConnection, source_file: str, source_sheet: str | None, source_row: int, viewer: Viewer
) -> dict | None:
    """The full record of one row (identified by its provenance) — every column, the press source (``source_ref``)
    of a public-record row included — with its data-quality notes."""
    df = frame(
        con,
        "SELECT * FROM violations WHERE source_file = ? AND source_sheet IS NOT DISTINCT FROM ? AND source_row = ?",
        [source_file, source_sheet, int(source_row)],
    )
    if df.empty:
        return None
    record = mask_frame(df, viewer.reveal).iloc[0].to_dict()
    notes = frame(
        con,
        "SELECT kind, message, quoted, quoted_mask FROM quality_notes WHERE source_file = ? "
        "AND source_sheet IS NOT DISTINCT FROM ? AND source_row = ? ORDER BY kind, message, quoted",
        [source_file, source_sheet, int(source_row)],
    )
    record["notes"] = with_quotes_filled(notes, "message", viewer.reveal).to_dict("records")
    return record
