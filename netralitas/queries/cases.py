"""The person rows under the filters — a page of them, all of them streamed for an export, or one full record —
newest first, with names and NIP masked unless the viewer may see them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import duckdb
import pandas as pd

from netralitas.privacy import looks_like_nip, mask_name, mask_nip
from netralitas.queries.filters import Filters
from netralitas.queries.sql import frame, scalar
from netralitas.queries.viewer import Viewer, mask_frame, with_quotes_filled

CASE_COLUMNS = [
    "case_id",
    "cycle",
    "reported_on",
    "source_kind",
    "person_name",
    "nip",
    "actor_type",
    "position",
    "agency",
    "district",
    "violation_type",
    "status",
    "sanction",
    "severity",
    "severity_rank",
    "dataset",
    "source_file",
    "source_sheet",
    "source_row",
]
# Columns a caller may ask for besides CASE_COLUMNS.
EXTRA_CASE_COLUMNS = ("forwarded_on", "recommended_on", "sanctioned_on", "position_group")

# Order of the person rows everywhere (newest first; provenance makes it total).
CASE_ORDER = "reported_on DESC NULLS LAST, case_id, source_file, source_sheet, source_row"

# Cells of a record kept as written beside their normalised value (shown as "tertulis" in the record view).
WRITTEN_COLUMNS = ("actor_type_raw", "district_raw", "reported_on_raw", "status_raw", "cycle_raw")


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
        name_at = cols.index("person_name") if "person_name" in cols else None
        nip_at = cols.index("nip") if "nip" in cols else None
        while chunk := cur.fetchmany(max(1, int(chunk_rows))):
            if not viewer.reveal and (name_at is not None or nip_at is not None):
                masked = []
                for row in chunk:
                    values = list(row)
                    if name_at is not None and isinstance(values[name_at], str):
                        values[name_at] = mask_name(values[name_at])
                    if nip_at is not None and isinstance(values[nip_at], str):
                        values[nip_at] = mask_nip(values[nip_at])
                    masked.append(tuple(values))
                chunk = masked
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
    df = mask_frame(df, viewer.reveal)
    record = df.iloc[0].to_dict()
    if not viewer.reveal:
        record["raw"] = None
        record["nip_raw"] = None
        record["person_key"] = None
        for column in WRITTEN_COLUMNS:  # "tertulis": the cell as written, which may be a NIP in the wrong column
            if looks_like_nip(record.get(column)):
                record[column] = mask_nip(record[column])
    notes = frame(
        con,
        "SELECT kind, message, quoted, quoted_mask FROM quality_notes WHERE source_file = ? "
        "AND source_sheet IS NOT DISTINCT FROM ? AND source_row = ? ORDER BY kind, message, quoted",
        [source_file, source_sheet, int(source_row)],
    )
    record["notes"] = with_quotes_filled(notes, "message", viewer.reveal).to_dict("records")
    return record
