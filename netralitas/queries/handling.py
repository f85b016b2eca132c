"""How far cases got in their handling: the funnel (temuan/laporan → … → sanksi dijatuhkan) and where forwarded
cases went (KASN, BKN or Gakkumdu).

A row's furthest stage comes from its status and its severity (:func:`netralitas.queries.sql.stage_sql`); a case
found not proven leaves the funnel after the stage it reached.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from netralitas.labels import FUNNEL_STAGES
from netralitas.queries.filters import Filters
from netralitas.queries.sql import frame, sql_text, stage_sql
from netralitas.vocab import Vocabulary, vocabulary

# KASN's functions moved to BKN: a case forwarded before this day went to KASN, on or after it to BKN
# (``switch_date`` of ``[status_forwarding]`` in vocabulary.toml, the one place of that date).
KASN_TO_BKN_FROM = vocabulary().forwarding_switch
# Where forwarded cases go, in the order the brief lists them; the last one is "not recorded".
FORWARD_DESTINATIONS = vocabulary().destination_names

FORWARDED_STAGE = 3  # the funnel's "Diteruskan" stage


def funnel(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), voc: Vocabulary | None = None) -> pd.DataFrame:
    """The handling funnel: persons who reached each stage (temuan/laporan → … → sanksi dijatuhkan); from the
    second stage on, cases found not proven are left out."""
    voc = voc or vocabulary()
    where, params = filters.where()
    stage_expr, stage_params = stage_sql(voc)
    proven_or_open = f"severity <> {sql_text(voc.not_proven)}"
    reached = ",\n".join(
        f"count(*) FILTER (WHERE stage >= {int(stage)}" + (f" AND {proven_or_open})" if stage >= 2 else ")")
        for stage, _label in FUNNEL_STAGES
    )
    row = con.execute(
        f"""
        WITH s AS (SELECT {stage_expr} AS stage, severity FROM violations WHERE {where})
        SELECT {reached}
        FROM s
        """,
        stage_params + params,
    ).fetchone()
    return pd.DataFrame({"stage": [label for _, label in FUNNEL_STAGES], "persons": [int(x) for x in row]})


def forwarding_destinations(
    con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), voc: Vocabulary | None = None
) -> pd.DataFrame:
    """Forwarded persons (the funnel's "Diteruskan" stage or further) per destination, in the vocabulary's
    destination order with zeros: KASN, BKN or Gakkumdu as the handling status says; where the status has moved past
    forwarding, by the forwarding date (before the vocabulary's switch date KASN, from then on BKN), or BKN when even
    the finding is from that day on (a case cannot be forwarded before it is found); "Tidak tercatat" where none of
    these tells. The counts add up to :func:`funnel`'s forwarded stage."""
    voc = voc or vocabulary()
    where, params = filters.where()
    stage_expr, stage_params = stage_sql(voc)
    by_status: list = []
    for status, destination in voc.forwarding_destinations:
        by_status += [status, destination]
    switch = voc.forwarding_switch
    before, after = voc.destination(voc.forwarding_before), voc.destination(voc.forwarding_after)
    df = frame(
        con,
        f"""
        SELECT CASE {" ".join(["WHEN status = ? THEN ?"] * len(voc.forwarding_destinations))}
                    WHEN forwarded_on < ? THEN ?
                    WHEN forwarded_on >= ? THEN ?
                    WHEN forwarded_on IS NULL AND reported_on >= ? THEN ?
                    ELSE ? END AS destination,
               count(*) AS persons
        FROM violations
        WHERE {where} AND {stage_expr} >= {FORWARDED_STAGE} AND severity <> {sql_text(voc.not_proven)}
        GROUP BY 1
        """,
        [*by_status, switch, before, switch, after, switch, after, voc.forwarding_unrecorded, *params, *stage_params],
    )
    counts = dict(zip(df["destination"], df["persons"], strict=True))
    names = voc.destination_names
    return pd.DataFrame({"destination": names, "persons": [int(counts.get(d, 0)) for d in names]})
