"""Clickable charts: a click on a bar or a tile lists the persons behind it below the charts.

The charts of one page form a group; one chart of the group holds the click at a time (clicking another chart
clears the earlier click). The click is kept in the session, under keys of the group.
"""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from netralitas import charts, queries
from netralitas.formatting import format_number
from netralitas.literal import markdown_literal
from netralitas.queries import Filters
from pages.shared.auth import current_viewer
from pages.shared.database import query
from pages.shared.figures import show_chart
from pages.shared.header import empty_state

SELECTED_ROWS_LIMIT = 500


def _chart_key(group: str, name: str) -> str:
    versions = st.session_state.get(f"_chart_versions_{group}", {})
    return f"chart_{group}_{name}_{versions.get(name, 0)}"


def _on_chart_select(group: str, name: str) -> None:
    """A chart of ``group`` was clicked: it becomes the active one, the previously active chart is cleared."""
    state = st.session_state
    active = state.get(f"_chart_active_{group}")
    if active and active != name:
        versions = dict(state.get(f"_chart_versions_{group}", {}))
        versions[active] = versions.get(active, 0) + 1
        state[f"_chart_versions_{group}"] = versions
    state[f"_chart_active_{group}"] = name


def clickable_chart(fig: Any, group: str, name: str) -> None:
    """Draw a chart whose bars or tiles can be clicked (``on_select``). One chart of a ``group`` holds the
    click at a time: clicking another chart of the group clears the earlier click. Read it with
    :func:`chart_selection`. Charts without clickable values (or empty ones) are drawn as plain charts."""
    key = _chart_key(group, name)
    dims = charts.chart_dims(fig)
    if not dims:
        show_chart(fig, key=key)
        return
    all_dims = dict(st.session_state.get(f"_chart_dims_{group}", {}))
    all_dims[name] = dims
    st.session_state[f"_chart_dims_{group}"] = all_dims
    show_chart(fig, key=key, on_select=functools.partial(_on_chart_select, group, name), selection_mode="points")


def chart_selection(group: str) -> tuple:
    """The click on the active chart of ``group`` as a ``queries.ChartSelection`` (empty when none)."""
    state = st.session_state
    name = state.get(f"_chart_active_{group}")
    if not name:
        return ()
    value = state.get(_chart_key(group, name))
    points = ((value or {}).get("selection") or {}).get("points") or []
    dims = state.get(f"_chart_dims_{group}", {}).get(name, [])
    return charts.selection_from_points(points, dims)


def show_selected_rows(filters: Filters, selection: tuple, hint: str) -> None:
    """The persons behind a chart click (names masked as the viewer requires), newest first; ``hint`` when
    nothing is clicked."""
    if not selection:
        st.caption(hint)
        return
    total = query(queries.count_selected, filters, selection)
    st.markdown(f"**{format_number(total)} terlapor** — pilihan: "
                f"{markdown_literal(charts.describe_selection(selection))}")
    if not total:
        empty_state("Tidak ada terlapor untuk pilihan ini.")
        return
    rows = query(queries.case_rows_selected, filters, current_viewer(), selection, SELECTED_ROWS_LIMIT)
    if total > len(rows):
        st.caption(f"Menampilkan {format_number(len(rows))} terbaru dari {format_number(total)} terlapor; "
                   "daftar lengkap ada di halaman Data Kasus.")
    st.dataframe(charts.display_rows(rows), hide_index=True, width="stretch")
