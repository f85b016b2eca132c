"""Counts of persons and cases under the filters: the headline figures, counts per dimension (top-N with a
"Lainnya" row), per cycle side by side, per month, and which datasets are loaded.

One terlapor (a person in a case) is one row of ``violations``; ``cases`` counts distinct register numbers.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from netralitas.formatting import format_number
from netralitas.labels import OTHER_NOUN, OTHER_NOUNS
from netralitas.queries.filters import Filters
from netralitas.queries.sql import (
    DIMENSIONS,
    frame,
    imposed_sql,
    in_process_sql,
    not_proven_sql,
    proven_sql,
    scalar,
)
from netralitas.vocab import vocabulary


def total_persons(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> int:
    """Number of terlapor rows under the filters."""
    where, params = filters.where()
    return int(scalar(con, f"SELECT count(*) FROM violations WHERE {where}", params) or 0)


HEADLINE_KEYS = ["persons", "cases", "proven", "sanctioned", "recommended_only", "in_process", "not_proven",
                 "median_days_to_sanction", "dated_sanctions"]


def headline(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> dict:
    """Headline figures: persons, cases, proven, sanctions imposed (and named but only recommended), still in
    process, not proven, and the median days from finding to sanction where both dates are known."""
    voc = vocabulary()
    imposed = imposed_sql(voc)
    where, params = filters.where()
    row = con.execute(
        f"""
        SELECT count(*) AS persons,
               count(DISTINCT case_key) AS cases,
               count(*) FILTER (WHERE {proven_sql(voc)}) AS proven,
               count(*) FILTER (WHERE {imposed}) AS sanctioned,
               count(*) FILTER (WHERE severity_rank IS NOT NULL AND NOT {imposed}) AS recommended_only,
               count(*) FILTER (WHERE {in_process_sql(voc)}) AS in_process,
               count(*) FILTER (WHERE {not_proven_sql(voc)}) AS not_proven,
               median(date_diff('day', reported_on, sanctioned_on))
                   FILTER (WHERE sanctioned_on IS NOT NULL AND reported_on IS NOT NULL
                           AND sanctioned_on >= reported_on) AS median_days_to_sanction,
               count(*) FILTER (WHERE sanctioned_on IS NOT NULL AND reported_on IS NOT NULL
                                AND sanctioned_on >= reported_on) AS dated_sanctions
        FROM violations WHERE {where}
        """,
        params,
    ).fetchone()
    out = dict(zip(HEADLINE_KEYS, row, strict=True))
    for k in HEADLINE_KEYS:
        if out[k] is not None and k != "median_days_to_sanction":
            out[k] = int(out[k])
    return out


def counts_by(
    con: duckdb.DuckDBPyConnection, filters: Filters, dims: list[str], limit: int | None = None
) -> pd.DataFrame:
    """Persons (and distinct cases) per combination of ``dims`` (names from :data:`DIMENSIONS`)."""
    for d in dims:
        if d not in DIMENSIONS:
            raise ValueError(f"unknown dimension: {d}")
    where, params = filters.where()
    select = ", ".join(f"{DIMENSIONS[d]} AS {d}" for d in dims)
    group = ", ".join(str(i + 1) for i in range(len(dims)))
    sql = (
        f"SELECT {select}, count(*) AS persons, count(DISTINCT case_key) AS cases FROM violations "
        f"WHERE {where} GROUP BY {group} ORDER BY persons DESC, {group}"
    )
    if limit:
        sql += " LIMIT ?"
        params = [*params, limit]
    df = frame(con, sql, params)
    df["persons"] = df["persons"].astype("int64")
    df["cases"] = df["cases"].astype("int64")
    return df


def monthly_timeline(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Persons per month of finding/report and cycle (rows without a date are left out)."""
    where, params = filters.where()
    df = frame(
        con,
        f"""
        SELECT CAST(date_trunc('month', reported_on) AS DATE) AS month, cycle, count(*) AS persons
        FROM violations WHERE {where} AND reported_on IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
        """,
        params,
    )
    df["persons"] = df["persons"].astype("int64")
    return df


def undated_count(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> int:
    """Persons under the filters whose finding date is unknown."""
    where, params = filters.where()
    return int(scalar(con, f"SELECT count(*) FROM violations WHERE {where} AND reported_on IS NULL", params) or 0)


def date_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest finding date in the database."""
    row = con.execute("SELECT min(reported_on), max(reported_on) FROM violations").fetchone()
    return (row[0], row[1]) if row else (None, None)


def headline_by_cycle(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Headline figures per cycle (persons, cases, proven, sanctions imposed, in process, not proven), in
    vocabulary order; cycles without any row under the filters are left out."""
    voc = vocabulary()
    where, params = filters.where()
    df = frame(
        con,
        f"""
        SELECT cycle,
               count(*) AS persons,
               count(DISTINCT case_key) AS cases,
               count(*) FILTER (WHERE {proven_sql(voc)}) AS proven,
               count(*) FILTER (WHERE {imposed_sql(voc)}) AS sanctioned,
               count(*) FILTER (WHERE {in_process_sql(voc)}) AS in_process,
               count(*) FILTER (WHERE {not_proven_sql(voc)}) AS not_proven
        FROM violations WHERE {where} GROUP BY cycle
        """,
        params,
    )
    order = {name: i for i, name in enumerate(voc.cycle_names + [voc.cycle_unknown.name])}
    df["_order"] = [order.get(c, len(order)) for c in df["cycle"]]
    df = df.sort_values(["_order", "cycle"]).drop(columns="_order").reset_index(drop=True)
    for col in ("persons", "cases", "proven", "sanctioned", "in_process", "not_proven"):
        df[col] = df[col].astype("int64")
    return df


def counts_top(
    con: duckdb.DuckDBPyConnection, filters: Filters, dim: str, n: int = 10, split: str | None = None
) -> pd.DataFrame:
    """Persons per value of ``dim`` for its ``n`` most frequent values, the rest summed into one
    "Lainnya (k … lain)" row (``is_other`` true); split by a second dimension ``split`` when given.

    Rows come in display order: top values by total (largest first), then "Lainnya".
    """
    for d in [dim] + ([split] if split else []):
        if d not in DIMENSIONS or d == "month":
            raise ValueError(f"unknown dimension: {d}")
    n = max(1, int(n))
    where, params = filters.where()
    split_select = f", CAST({DIMENSIONS[split]} AS VARCHAR) AS s" if split else ""
    df = frame(
        con,
        f"""
        WITH base AS (SELECT CAST({DIMENSIONS[dim]} AS VARCHAR) AS v{split_select}, case_key
                      FROM violations WHERE {where}),
             totals AS (SELECT v, count(*) AS total FROM base GROUP BY v),
             ranked AS (SELECT v, total, row_number() OVER (ORDER BY total DESC, v) AS rnk FROM totals)
        SELECT CASE WHEN r.rnk <= ? THEN b.v END AS v, {"b.s," if split else ""}
               min(r.rnk) AS rnk, count(*) AS persons, count(DISTINCT b.case_key) AS cases,
               (SELECT count(*) FROM totals) AS n_values
        FROM base b JOIN ranked r ON r.v IS NOT DISTINCT FROM b.v
        GROUP BY 1{", 2" if split else ""}
        """,
        [*params, n],
    )
    columns = [dim] + ([split] if split else []) + ["persons", "cases", "is_other"]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype="object" if c in (dim, split) else "int64") for c in columns})
    n_other = max(0, int(df["n_values"].iloc[0]) - n)
    noun = OTHER_NOUNS.get(dim, OTHER_NOUN)
    other_label = f"Lainnya ({format_number(n_other)} {noun} lain)"
    df["is_other"] = df["v"].isna()
    df[dim] = [other_label if other else v for v, other in zip(df["v"], df["is_other"], strict=True)]
    df["_group_rank"] = [n + 1 if other else r for r, other in zip(df["rnk"], df["is_other"], strict=True)]
    if split:
        df[split] = df["s"]
    df = df.sort_values(["_group_rank", "persons"], ascending=[True, False]).reset_index(drop=True)
    df["persons"] = df["persons"].astype("int64")
    df["cases"] = df["cases"].astype("int64")
    return df[columns]


def distinct_values(con: duckdb.DuckDBPyConnection, filters: Filters, dim: str) -> int:
    """How many different values ``dim`` takes under the filters."""
    if dim not in DIMENSIONS:
        raise ValueError(f"unknown dimension: {dim}")
    where, params = filters.where()
    return int(scalar(con, f"SELECT count(DISTINCT {DIMENSIONS[dim]}) FROM violations WHERE {where}", params) or 0)


def datasets_present(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Which datasets (demo / public record / own data) are in the database, with person counts."""
    return frame(con, "SELECT dataset, count(*) AS persons FROM violations GROUP BY 1 ORDER BY 1")
