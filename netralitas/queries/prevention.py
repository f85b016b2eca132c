"""Prevention activities (pencegahan) under the filters: counts per cycle, kind, audience group and kecamatan, the
list of activities, a monthly series for the timeline, and per kecamatan and cycle the activities held beside the
persons reported.

One row of ``prevention_activities`` is one activity. The filters that name something an activity has apply to it
— cycle (``siklus``), kecamatan (``kecamatan``), date (``dari``/``sampai``, on the date the activity was held) and
the data filter (``data``, with the same rule for an empty data filter as the cases,
:func:`netralitas.queries.filters.default_data_condition`). The filters on reported persons (actor type, sanction
level, search) do not apply to activities: :func:`prevention_filters_not_applied` names those that are set, so a
page says so instead of dropping them silently. The kecamatan filter's "unknown" choice selects the activities held
city-wide (no kecamatan). The kinds, audience groups and datasets come from the vocabulary, passed as parameters.

No column of the register names a person (organiser and audience are offices and groups as written); the raw cells
of a row never leave this module.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from netralitas.columns import PREVENTION_ACTIVITIES, PREVENTION_LIST, view
from netralitas.labels import FILTER_FIELD_LABELS
from netralitas.queries.filters import Filters, default_data_condition
from netralitas.queries.sql import frame, scalar
from netralitas.vocab import Vocabulary, vocabulary

# The filter fields that do not apply to an activity (they describe reported persons).
NOT_APPLYING_FIELDS = ("actor_types", "severities", "search")

# The dimensions activities may be counted by, name → SQL expression (a whitelist: never taken from a user).
PREVENTION_DIMENSIONS = {
    "cycle": "cycle",
    "kind": "kind",
    "audience_group": "audience_group",
    "district": "district",
    "dataset": "dataset",
}

# The columns of the list of activities, in display order (``source`` is made from source_ref or the file's place).
_LISTED = view(PREVENTION_LIST, PREVENTION_ACTIVITIES)  # the registry's columns of the list
PREVENTION_LIST_COLUMNS = [*_LISTED, "source"]
_SELECTED = [*_LISTED, "source_ref", "source_file", "source_sheet", "source_row"]


def prevention_where(filters: Filters) -> tuple[str, list]:
    """SQL condition (without WHERE) on ``prevention_activities`` for the filters that apply to activities (cycle,
    data set, kecamatan, the date held), and its parameters."""
    parts, params = filters.shared_conditions((("cycles", "cycle"), ("datasets", "dataset")), date_column="held_on")
    return " AND ".join(parts) or "TRUE", params


def prevention_filters_not_applied(filters: Filters) -> list[str]:
    """The labels of the filters that are set but do not apply to prevention activities (actor type, sanction
    level, search), in filter order."""
    return [FILTER_FIELD_LABELS[name] for name in NOT_APPLYING_FIELDS if getattr(filters, name)]


def prevention_total(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> int:
    """Number of prevention activities under the filters."""
    where, params = prevention_where(filters)
    return int(scalar(con, f"SELECT count(*) FROM prevention_activities WHERE {where}", params) or 0)


def prevention_headline(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> dict:
    """Activities, participants written (sum; activities without a number add nothing), activities with a number of
    participants, kecamatan with at least one activity, city-wide activities and undated activities."""
    where, params = prevention_where(filters)
    row = con.execute(
        f"""
        SELECT count(*), sum(participants), count(participants), count(DISTINCT district),
               count(*) FILTER (WHERE district IS NULL), count(*) FILTER (WHERE held_on IS NULL)
        FROM prevention_activities WHERE {where}
        """,
        params,
    ).fetchone()
    keys = ["activities", "participants", "with_participants", "districts", "citywide", "undated"]
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}


def _order_key(voc: Vocabulary, dim: str) -> dict[str, int]:
    """Display order of a dimension's values: the vocabulary's, where it has one."""
    names = {
        "cycle": voc.cycle_names + [voc.cycle_unknown.name],
        "kind": voc.prevention_kind_names,
        "audience_group": voc.audience_group_names,
        "district": voc.district_names,
        "dataset": list(voc.dataset_labels),
    }.get(dim, [])
    return {name: i for i, name in enumerate(names)}


def sort_in_vocabulary_order(df: pd.DataFrame, dims: list[str], voc: Vocabulary | None = None) -> pd.DataFrame:
    """``df`` sorted by ``dims`` in vocabulary order (values the vocabulary does not know last, alphabetically)."""
    voc = voc or vocabulary()
    if df.empty:
        return df.reset_index(drop=True)
    keys = []
    for i, dim in enumerate(dims):
        order = _order_key(voc, dim)
        col = f"_o{i}"
        df[col] = [(order.get(str(v), len(order)), "" if v is None or pd.isna(v) else str(v)) for v in df[dim]]
        keys.append(col)
    return df.sort_values(keys, kind="stable").drop(columns=keys).reset_index(drop=True)


def prevention_counts(con: duckdb.DuckDBPyConnection, filters: Filters, dims: list[str]) -> pd.DataFrame:
    """Activities and participants per combination of ``dims`` (names of :data:`PREVENTION_DIMENSIONS`), in
    vocabulary order; a kecamatan is null for a city-wide activity."""
    for d in dims:
        if d not in PREVENTION_DIMENSIONS:
            raise ValueError(f"unknown dimension: {d}")
    where, params = prevention_where(filters)
    select = ", ".join(f"{PREVENTION_DIMENSIONS[d]} AS {d}" for d in dims)
    group = ", ".join(str(i + 1) for i in range(len(dims)))
    df = frame(con, f"SELECT {select}, count(*) AS activities, coalesce(sum(participants), 0) AS participants "
                    f"FROM prevention_activities WHERE {where} GROUP BY {group}", params)
    df["activities"] = df["activities"].astype("int64")
    df["participants"] = df["participants"].astype("int64")
    return sort_in_vocabulary_order(df, dims)


def prevention_datasets_present(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Which datasets the prevention register holds, with activity counts."""
    return frame(con, "SELECT dataset, count(*) AS activities FROM prevention_activities GROUP BY 1 ORDER BY 1")


def prevention_hidden_datasets(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The datasets of the prevention register that an empty data filter leaves out (by the cases' rule)."""
    default_sql, default_params = default_data_condition()
    rows = con.execute(f"SELECT DISTINCT dataset FROM prevention_activities WHERE NOT {default_sql} ORDER BY 1",
                       default_params).fetchall()
    return tuple(str(r[0]) for r in rows)


def describe_prevention_filters(con: duckdb.DuckDBPyConnection, filters: Filters,
                                voc: Vocabulary | None = None) -> str:
    """The filter line of the prevention figures: the filters that apply to activities in words (saying which data an
    empty data filter shows), then those set that do not apply."""
    applied = filters.with_(actor_types=(), severities=(), search="")
    text = applied.describe(voc, hidden=() if filters.datasets else prevention_hidden_datasets(con))
    not_applied = prevention_filters_not_applied(filters)
    if not_applied:
        text += " · Tidak berlaku untuk kegiatan pencegahan: " + ", ".join(not_applied)
    return text


def source_text(ref: object, file: object, sheet: object, row: object) -> str:
    """Where an activity is recorded: the source named in the register (outlet, headline, date), else the file,
    sheet and row it was loaded from."""
    if isinstance(ref, str) and ref.strip():
        return ref.strip()
    place = [str(file)] if isinstance(file, str) and file else []
    if isinstance(sheet, str) and sheet:
        place.append(f"sheet {sheet}")
    if row is not None and not pd.isna(row):
        place.append(f"baris {int(row)}")
    return ", ".join(place)


def prevention_rows(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None = None) -> pd.DataFrame:
    """The activities under the filters in date order (undated last), :data:`PREVENTION_LIST_COLUMNS`."""
    where, params = prevention_where(filters)
    sql = (f"SELECT {', '.join(_SELECTED)} FROM prevention_activities WHERE {where} "
           "ORDER BY held_on NULLS LAST, source_file, source_sheet, source_row")
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    df = frame(con, sql, params)
    df["source"] = [source_text(*values) for values in zip(df["source_ref"], df["source_file"], df["source_sheet"],
                                                             df["source_row"], strict=True)]
    df["held_on"] = [v.date() if isinstance(v, pd.Timestamp) else (None if pd.isna(v) else v) for v in df["held_on"]]
    df["participants"] = df["participants"].astype("Int64")
    return df[PREVENTION_LIST_COLUMNS]


def prevention_monthly(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Activities per month held and kind (undated activities are left out), months in order, kinds in
    vocabulary order."""
    where, params = prevention_where(filters)
    df = frame(con, f"""
        SELECT CAST(date_trunc('month', held_on) AS DATE) AS month, kind, count(*) AS activities
        FROM prevention_activities WHERE {where} AND held_on IS NOT NULL GROUP BY 1, 2
        """, params)
    df["activities"] = df["activities"].astype("int64")
    df = sort_in_vocabulary_order(df, ["kind"])
    return df.sort_values("month", kind="stable").reset_index(drop=True)


def prevention_by_district(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Per kecamatan and cycle: activities held there, of them briefings or declarations (the vocabulary's
    ``briefing_kinds``), and persons reported there under the same filters (the filters on persons apply to them);
    ``unbriefed`` is true where persons were reported and no briefing or declaration was held. Only combinations
    with an activity or a person; kecamatan in alphabetical order, cycles in vocabulary order. City-wide activities
    are not counted for any kecamatan (see :func:`prevention_headline`)."""
    voc = vocabulary()
    activity_where, activity_params = prevention_where(filters)
    case_where, case_params = filters.where()
    df = frame(con, f"""
        WITH held AS (
            SELECT district, cycle, count(*) AS activities,
                   count(*) FILTER (WHERE list_contains(?::VARCHAR[], kind)) AS briefings
            FROM prevention_activities WHERE {activity_where} AND district IS NOT NULL GROUP BY 1, 2),
        reported AS (
            SELECT district, cycle, count(*) AS persons
            FROM violations WHERE {case_where} AND district IS NOT NULL GROUP BY 1, 2)
        SELECT coalesce(held.district, reported.district) AS district, coalesce(held.cycle, reported.cycle) AS cycle,
               coalesce(held.activities, 0) AS activities, coalesce(held.briefings, 0) AS briefings,
               coalesce(reported.persons, 0) AS persons
        FROM held FULL OUTER JOIN reported ON held.district = reported.district AND held.cycle = reported.cycle
        """, [list(voc.prevention_briefing_kinds), *activity_params, *case_params])
    for col in ("activities", "briefings", "persons"):
        df[col] = df[col].astype("int64")
    df["unbriefed"] = (df["persons"] > 0) & (df["briefings"] == 0)
    return sort_in_vocabulary_order(df, ["district", "cycle"], voc)


def prevention_date_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest date an activity was held."""
    row = con.execute("SELECT min(held_on), max(held_on) FROM prevention_activities").fetchone()
    return (row[0], row[1]) if row else (None, None)
