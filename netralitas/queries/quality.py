"""Data quality: rejected source rows with their reasons, data-quality notes per kind and behind them, and the
headline figures of the quality page. A value a note or a reason quotes reaches only viewers who may see it."""

from __future__ import annotations

import duckdb
import pandas as pd

from netralitas.columns import REJECTED_ROWS
from netralitas.queries.sql import frame
from netralitas.queries.viewer import Viewer, mask_frame, with_quotes_filled


def rejected_rows(con: duckdb.DuckDBPyConnection, viewer: Viewer) -> pd.DataFrame:
    """Rejected source rows with their reasons; the cells a reason quotes and the raw cells only for viewers who
    may see names (a rejected row's cells cannot be trusted to sit in their columns: all of them count as
    personal)."""
    df = frame(
        con,
        "SELECT batch_id, source_file, source_sheet, source_row, reason_template AS reason, raw, quoted, quoted_mask "
        "FROM rejected_rows ORDER BY source_file, source_sheet, source_row",
    )
    return with_quotes_filled(mask_frame(df, viewer.reveal, REJECTED_ROWS), "reason", viewer.reveal)


def quality_note_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Data-quality notes per kind, for rows still loaded."""
    return frame(con, "SELECT kind, count(*) AS notes FROM quality_notes GROUP BY 1 ORDER BY 2 DESC, 1")


def quality_notes(con: duckdb.DuckDBPyConnection, viewer: Viewer, kind: str | None = None) -> pd.DataFrame:
    """The rows behind the data-quality notes (optionally one kind): each message with the value it quotes filled
    in, and the person, both masked as the viewer needs."""
    df = frame(
        con,
        """
        SELECT q.kind, q.message, q.quoted, q.quoted_mask, q.source_file, q.source_sheet, q.source_row, q.case_id,
               v.person_name, v.cycle, v.actor_type
        FROM quality_notes q LEFT JOIN violations v
          ON v.source_file = q.source_file AND v.source_sheet IS NOT DISTINCT FROM q.source_sheet
         AND v.source_row = q.source_row
        WHERE (? IS NULL OR q.kind = ?)
        ORDER BY q.kind, q.source_file, q.source_sheet, q.source_row, q.message, q.quoted
        """,
        [kind, kind],
    )
    return with_quotes_filled(mask_frame(df, viewer.reveal), "message", viewer.reveal)


def quality_summary(con: duckdb.DuckDBPyConnection) -> dict:
    """Headline figures of the data-quality page: files loaded (active batches), rows loaded (reported persons and
    prevention activities, as the loads count them), rows rejected,
    data-quality notes, and loaded rows that carry at least one note."""
    row = con.execute(
        """
        SELECT (SELECT count(*) FROM load_batches WHERE active),
               (SELECT count(*) FROM violations) + (SELECT count(*) FROM prevention_activities),
               (SELECT count(*) FROM rejected_rows),
               (SELECT count(*) FROM quality_notes),
               (SELECT count(*) FROM (SELECT DISTINCT source_file, source_sheet, source_row FROM quality_notes))
        """
    ).fetchone()
    keys = ["files", "rows_loaded", "rows_rejected", "notes", "rows_with_notes"]
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}
