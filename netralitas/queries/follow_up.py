"""The follow-up list: forwarded or recommended persons with no sanction imposed yet, how long each has waited,
and the figures of the whole list (longest and median wait, per waiting-age bucket, per handling status)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from netralitas import clock
from netralitas.columns import FOLLOW_UP, view
from netralitas.labels import AGE_BUCKETS, UNKNOWN_AGE, WAITING_BASIS
from netralitas.queries.filters import Filters
from netralitas.queries.handling import FORWARDED_STAGE
from netralitas.queries.sql import age_bucket_sql, frame, imposed_sql, sql_text, stage_sql
from netralitas.queries.viewer import Viewer, mask_frame
from netralitas.vocab import Vocabulary, vocabulary

# The columns of the follow-up list before its waiting time (the registry's, netralitas/columns.py); the provenance
# of each row follows it.
FOLLOW_UP_COLUMNS = view(FOLLOW_UP)

# Order of the follow-up list: longest waiting first; the register number, then the source row break ties, so
# that a page of the list (``limit``) is always the same rows.
FOLLOW_UP_ORDER = "days_waiting DESC NULLS LAST, case_id, source_file, source_sheet, source_row"


def _follow_up_rows(filters: Filters, today: dt.date, voc: Vocabulary) -> tuple[str, list]:
    """SQL (a SELECT) of the follow-up persons with their waiting time, and its parameters."""
    where, params = filters.where()
    stage_expr, stage_params = stage_sql(voc)
    since = f"coalesce({', '.join(WAITING_BASIS)})"
    basis = " ".join(f"WHEN {column} IS NOT NULL THEN {sql_text(label)}" for column, label in WAITING_BASIS.items())
    sql = f"""
        SELECT {", ".join(FOLLOW_UP_COLUMNS)},
               {since} AS waiting_since,
               CASE {basis} END AS waiting_basis,
               date_diff('day', {since}, ?::DATE) AS days_waiting,
               source_file, source_sheet, source_row
        FROM violations
        WHERE {where} AND NOT {imposed_sql(voc)} AND severity <> {sql_text(voc.not_proven)}
          AND {stage_expr} >= {FORWARDED_STAGE}
    """
    return sql, [today, *params, *stage_params]


def follow_up(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    today: dt.date | None = None,
    voc: Vocabulary | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Forwarded or recommended persons with no sanction imposed yet, oldest first, with days waited.

    Waiting is counted from the forwarding date, else the recommendation date, else the finding date. ``limit``:
    only the first rows of the list (a page sends at most that many to the browser; :func:`follow_up_summary`
    has the figures of the whole list). Names and NIP masked unless the viewer may see them.
    """
    voc = voc or vocabulary()
    today = today or clock.today()
    sql, params = _follow_up_rows(filters, today, voc)
    sql += f" ORDER BY {FOLLOW_UP_ORDER}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(0, int(limit)))
    df = frame(con, sql, params)
    df["age_bucket"] = age_buckets(df["days_waiting"])
    return mask_frame(df, viewer.reveal)


def follow_up_summary(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    today: dt.date | None = None,
    voc: Vocabulary | None = None,
) -> dict:
    """The figures of the whole :func:`follow_up` list, computed in the database (no names, no rows):
    ``persons`` (its length), ``max_days`` and ``median_days`` of the known waiting times (None when there are
    none), ``buckets`` (as :func:`follow_up_buckets` of the list) and ``by_status`` (persons per handling status,
    an unknown status as the vocabulary's unknown word, most first; ties in the order the list first shows them)."""
    voc = voc or vocabulary()
    today = today or clock.today()
    rows_sql, params = _follow_up_rows(filters, today, voc)
    order = [name for _, _, name in AGE_BUCKETS] + [UNKNOWN_AGE]
    status = f"coalesce(status, {sql_text(voc.unknown)}) AS status"
    df = frame(
        con,
        f"""
        SELECT GROUPING(status) AS is_total, status, age_bucket, count(*) AS persons,
               max(days_waiting) AS max_days, median(days_waiting) AS median_days
        FROM (SELECT {status}, days_waiting,
                     {age_bucket_sql("days_waiting")} AS age_bucket
              FROM ({rows_sql}) AS rows)
        GROUP BY GROUPING SETS ((status, age_bucket), ())
        """,
        params,
    )
    total = df[df["is_total"] == 1]
    parts = df[df["is_total"] == 0]
    persons = int(total["persons"].iloc[0]) if len(total) else 0
    max_days = total["max_days"].iloc[0] if persons else None
    median_days = total["median_days"].iloc[0] if persons else None
    per_bucket = parts.groupby("age_bucket")["persons"].sum()
    per_status = parts.groupby("status", sort=False)["persons"].sum()
    statuses = sorted(per_status.index, key=lambda s: -int(per_status[s]))
    counts = [int(per_status[s]) for s in statuses]
    if len(set(counts)) < len(counts):  # equal counts: in the order the list first shows them (as value_counts)
        first = frame(
            con,
            f"""
            SELECT {status},
                   min(position) AS first_shown
            FROM (SELECT status, row_number() OVER (ORDER BY {FOLLOW_UP_ORDER}) AS position FROM ({rows_sql}) AS rows)
            GROUP BY 1
            """,
            params,
        )
        first_shown = dict(zip(first["status"], first["first_shown"], strict=True))
        statuses = sorted(statuses, key=lambda s: (-int(per_status[s]), int(first_shown[s])))
    return {
        "persons": persons,
        "max_days": None if max_days is None or pd.isna(max_days) else int(max_days),
        "median_days": None if median_days is None or pd.isna(median_days) else float(median_days),
        "buckets": pd.DataFrame({"age_bucket": order, "persons": [int(per_bucket.get(b, 0)) for b in order]}),
        "by_status": pd.DataFrame({"status": statuses, "persons": [int(per_status[s]) for s in statuses]}),
    }


def age_buckets(days: pd.Series) -> pd.Series:
    """The waiting-age bucket label of each number of days (:data:`AGE_BUCKETS`; unknown dates apart)."""
    edges = [lo - 0.5 for lo, _hi, _name in AGE_BUCKETS] + [float("inf")]
    labels = [name for _lo, _hi, name in AGE_BUCKETS]
    binned = pd.cut(pd.to_numeric(days, errors="coerce"), bins=edges, labels=labels, right=False)
    return binned.astype(object).where(binned.notna(), UNKNOWN_AGE)


def follow_up_buckets(df: pd.DataFrame) -> pd.DataFrame:
    """Counts of a follow-up list per age bucket, in bucket order."""
    order = [name for _, _, name in AGE_BUCKETS] + [UNKNOWN_AGE]
    counts = df["age_bucket"].value_counts() if not df.empty else pd.Series(dtype="int64")
    return pd.DataFrame({"age_bucket": order, "persons": [int(counts.get(b, 0)) for b in order]})
