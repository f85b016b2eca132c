"""The rows behind a chart click: a selection of (dimension, value) points, counted or listed under the filters."""

from __future__ import annotations

import duckdb
import pandas as pd

from netralitas.columns import SELECTED, view
from netralitas.queries.filters import Filters
from netralitas.queries.sql import DIMENSIONS, frame, scalar
from netralitas.queries.viewer import Viewer, mask_frame

# A chart click: one tuple per clicked point; each point is a tuple of (dimension, value) pairs that must all hold.
# Several points are alternatives (OR). Dimensions are names of :data:`DIMENSIONS` (never free text).
ChartSelection = tuple[tuple[tuple[str, str], ...], ...]
MAX_SELECTED_POINTS = 100

SELECTED_COLUMNS = view(SELECTED)  # the registry's columns of the rows behind a chart click


def _selection_where(selection: ChartSelection) -> tuple[str, list]:
    """SQL condition of a chart click (see :data:`ChartSelection`); "FALSE" when nothing usable is selected."""
    alternatives: list[str] = []
    params: list = []
    for point in list(selection)[:MAX_SELECTED_POINTS]:
        conds = []
        for dim, value in point:
            if dim not in DIMENSIONS or dim == "month":
                raise ValueError(f"unknown dimension: {dim}")
            conds.append(f"CAST({DIMENSIONS[dim]} AS VARCHAR) = ?")
            params.append(str(value))
        if conds:
            alternatives.append("(" + " AND ".join(conds) + ")")
    if not alternatives:
        return "FALSE", []
    return "(" + " OR ".join(alternatives) + ")", params


def count_selected(con: duckdb.DuckDBPyConnection, filters: Filters, selection: ChartSelection) -> int:
    """Persons under the filters that match a chart click."""
    where, params = filters.where()
    sel, sel_params = _selection_where(selection)
    return int(scalar(con, f"SELECT count(*) FROM violations WHERE {where} AND {sel}", params + sel_params) or 0)


def case_rows_selected(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    selection: ChartSelection,
    limit: int | None = 500,
) -> pd.DataFrame:
    """Person rows under the filters that match a chart click (newest first), names masked for the viewer."""
    where, params = filters.where()
    sel, sel_params = _selection_where(selection)
    sql = (
        f"SELECT {', '.join(SELECTED_COLUMNS)} FROM violations WHERE {where} AND {sel} "
        "ORDER BY reported_on DESC NULLS LAST, case_id, source_file, source_sheet, source_row"
    )
    all_params = params + sel_params
    if limit is not None:
        sql += " LIMIT ?"
        all_params.append(int(limit))
    return mask_frame(frame(con, sql, all_params), viewer.reveal)
