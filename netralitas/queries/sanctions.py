"""Sanctions per severity: how many persons have each sanction imposed, and how many have it only recommended so
far — the one split of the pages, the brief, the deck and the export."""

from __future__ import annotations

import duckdb
import pandas as pd

from netralitas.queries.filters import Filters
from netralitas.queries.sql import DIMENSIONS, frame, imposed_sql
from netralitas.vocab import Vocabulary, vocabulary


def sanctions_by_severity(
    con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), voc: Vocabulary | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Persons with a sanction per severity: ``imposed`` (as :func:`headline` counts "sanksi dijatuhkan") and
    ``recommended_only`` (a sanction is named but not imposed yet). The five sanctions come first, light → heavy,
    with zeros; then, only where present, imposed sanctions whose severity the register does not name (their
    outcome category, ``severity_rank`` null). ``imposed`` adds up to :func:`headline`'s ``sanctioned``.

    ``by`` (a name of :data:`DIMENSIONS`) splits the counts by that dimension: a first column ``by``, and the rows
    above for each of its values that has any sanction (values as text, in order of name)."""
    voc = voc or vocabulary()
    if by is not None and (by not in DIMENSIONS or by == "month"):
        raise ValueError(f"unknown dimension: {by}")
    where, params = filters.where()
    imposed = imposed_sql(voc)
    group = f"CAST({DIMENSIONS[by]} AS VARCHAR) AS grp, " if by else "NULL AS grp, "
    df = frame(
        con,
        f"""
        SELECT {group}severity,
               count(*) FILTER (WHERE {imposed}) AS imposed,
               count(*) FILTER (WHERE NOT {imposed}) AS recommended_only
        FROM violations
        WHERE {where} AND (severity_rank IS NOT NULL OR {imposed})
        GROUP BY 1, 2
        """,
        params,
    )
    counts: dict[object, dict[str, tuple[int, int]]] = {}
    for r in df.itertuples():
        counts.setdefault(r.grp, {})[r.severity] = (int(r.imposed), int(r.recommended_only))
    rows = []
    groups = sorted(counts, key=lambda g: (g is None, str(g))) if by else [None]
    for g in groups:
        by_name = counts.get(g, {})
        for s in voc.severities:
            if s.rank is not None:
                imposed_count, recommended = by_name.get(s.name, (0, 0))
                rows.append((g, s.name, s.rank, imposed_count, recommended))
        for s in voc.severities:
            if s.rank is None and by_name.get(s.name, (0, 0))[0]:
                rows.append((g, s.name, None, by_name[s.name][0], 0))
    out = pd.DataFrame(rows, columns=["grp", "severity", "severity_rank", "imposed", "recommended_only"])
    out["severity_rank"] = out["severity_rank"].astype("Int64")
    out["imposed"] = out["imposed"].astype("int64")
    out["recommended_only"] = out["recommended_only"].astype("int64")
    if by:
        return out.rename(columns={"grp": by})
    return out.drop(columns="grp")
