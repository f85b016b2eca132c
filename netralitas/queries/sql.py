"""The SQL the figures share, written from the vocabulary's values, and the two ways a query is run.

A fixed word of the product that a query compares with or returns — a status, a severity, the unknown word, a
label — is never spelled inside SQL: it comes from the vocabulary (``vocabulary.toml``) or from
:mod:`netralitas.labels` and is written into the SQL by :func:`sql_text`. A value that comes from a user, a link
or a file is always a parameter (``?``), never written into SQL.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from netralitas.labels import AGE_BUCKETS, SANCTION_IMPOSED, SANCTION_NONE, SANCTION_RECOMMENDED, UNKNOWN_AGE
from netralitas.vocab import Vocabulary, vocabulary


def sql_text(value: str) -> str:
    """A fixed word of the product (a vocabulary value or a label) as an SQL string literal: in single quotes, with
    each quote doubled, so that any spelling the vocabulary holds stays one literal. Not for values from users,
    links or files: those are parameters."""
    return "'" + str(value).replace("'", "''") + "'"


def imposed_sql(voc: Vocabulary) -> str:
    """A sanction counts as imposed when the status says so, or when a sanction is named and no status says the
    case is still at an earlier stage (a named sanction with status "Rekomendasi terbit" is recommended only)."""
    return f"(status = {sql_text(voc.imposed_status)} OR (severity_rank IS NOT NULL AND status IS NULL))"


def proven_sql(voc: Vocabulary) -> str:
    """A case counts as proven when a sanction is named, its outcome is "proven, sanction not recorded", or the
    status says a sanction was imposed."""
    return (f"(severity_rank IS NOT NULL OR severity = {sql_text(voc.proven_no_sanction)} "
            f"OR status = {sql_text(voc.imposed_status)})")


def in_process_sql(voc: Vocabulary) -> str:
    """The row's outcome is "still being handled"."""
    return f"severity = {sql_text(voc.in_process)}"


def not_proven_sql(voc: Vocabulary) -> str:
    """The row's outcome is "not proven"."""
    return f"severity = {sql_text(voc.not_proven)}"


def sanction_state_sql(voc: Vocabulary) -> str:
    """Where a row's named sanction stands (:data:`netralitas.labels.SANCTION_IMPOSED` or ``…_RECOMMENDED``); rows
    whose severity is an outcome have no sanction state (``SANCTION_NONE``)."""
    return (f"CASE WHEN severity_rank IS NULL THEN {sql_text(SANCTION_NONE)} "
            f"WHEN {imposed_sql(voc)} THEN {sql_text(SANCTION_IMPOSED)} "
            f"ELSE {sql_text(SANCTION_RECOMMENDED)} END")


def dimensions(voc: Vocabulary) -> dict[str, str]:
    """The dimensions a figure may be split by, name → SQL expression (a whitelist: the name is put into SQL, so never
    take it from a user). A blank value counts as the vocabulary's unknown word (the position group as its "other"
    group)."""
    unknown = sql_text(voc.unknown)
    return {
        "cycle": "cycle",
        "actor_type": "actor_type",
        "severity": "severity",
        "district": f"coalesce(district, {unknown})",
        "violation_type": f"coalesce(violation_type, {unknown})",
        "position_group": f"coalesce(position_group, {sql_text(voc.position_group_other)})",
        "agency": f"coalesce(agency, {unknown})",
        "source_kind": f"coalesce(source_kind, {unknown})",
        "status": f"coalesce(status, {unknown})",
        "dataset": "dataset",
        "month": "date_trunc('month', reported_on)",
        "sanction_state": sanction_state_sql(voc),
    }


def stage_sql(voc: Vocabulary) -> tuple[str, list]:
    """SQL expression of a row's furthest handling stage, and its parameters: the stage of its status in the
    vocabulary; at least 5 when a sanction was imposed, 4 when one is named or the case is proven without one, and
    1 when it was found not proven after being registered (any status but "not registered")."""
    names = [s.name for s in voc.statuses]
    stages = [s.stage for s in voc.statuses]
    expr = (
        "greatest("
        "coalesce(list_extract(?::INTEGER[], list_position(?::VARCHAR[], status)), 0), "
        f"CASE WHEN {imposed_sql(voc)} THEN 5 "
        f"     WHEN severity_rank IS NOT NULL OR severity = {sql_text(voc.proven_no_sanction)} THEN 4 "
        f"     WHEN {not_proven_sql(voc)} AND status IS NOT NULL "
        f"          AND status <> {sql_text(voc.not_registered_status)} THEN 1 "
        "     ELSE 0 END)"
    )
    return expr, [stages, names]


def age_bucket_sql(days: str) -> str:
    """SQL CASE giving the :data:`netralitas.labels.AGE_BUCKETS` label of the SQL expression ``days`` (as
    :func:`netralitas.queries.age_buckets` does), :data:`netralitas.labels.UNKNOWN_AGE` when it is null."""
    bounds = [lo for lo, _hi, _name in AGE_BUCKETS[1:]] + [None]
    whens = []
    for (lo, _hi, name), upper in zip(AGE_BUCKETS, bounds, strict=True):
        cond = f"{days} >= {int(lo)}" + (f" AND {days} < {int(upper)}" if upper is not None else "")
        whens.append(f"WHEN {cond} THEN {sql_text(name)}")
    return f"CASE {' '.join(whens)} ELSE {sql_text(UNKNOWN_AGE)} END"


# The shared SQL under the product's vocabulary (what every query of the pages uses).
IMPOSED_SQL = imposed_sql(vocabulary())
PROVEN_SQL = proven_sql(vocabulary())
SANCTION_STATE_SQL = sanction_state_sql(vocabulary())
DIMENSIONS = dimensions(vocabulary())


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """The result of ``sql`` as a DataFrame."""
    return con.execute(sql, params or []).df()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """The first value of the first row of ``sql`` (None when there is no row)."""
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None
