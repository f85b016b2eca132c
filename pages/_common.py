"""Streamlit plumbing shared by every page: database connection, cached queries, sidebar filters, headers.

Pages stay thin: they call :func:`query` with a function of :mod:`netralitas.queries` and hand the result
to a chart builder of :mod:`netralitas.charts`. Nothing here contains SQL.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from netralitas import db, queries
from netralitas.formatting import format_number
from netralitas.queries import Filters, Viewer
from netralitas.vocab import vocabulary

FILTER_KEYS = ("siklus", "pegawai", "sanksi", "kecamatan", "dari", "sampai", "cari", "data")
DEMO_LABEL = "DATA CONTOH (FIKTIF)"


def database_file() -> Path:
    """The database the app reads (``NETRALITAS_DB`` or ``data/netralitas.duckdb``)."""
    return db.database_path()


def ensure_database() -> None:
    """Build the database from the bundled workbooks in ``data/`` when it is missing or empty."""
    path = database_file()
    if db.is_populated(path):
        return
    from loaders.pipeline import load_paths  # imported lazily: only needed on first start

    with st.spinner("Menyiapkan basis data dari workbook bawaan di folder data/ …"):
        path.parent.mkdir(parents=True, exist_ok=True)
        load_paths([db.DATA_DIR], path)


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file version (a new file after a load gets a new one)."""
    return db.connect_readonly(Path(path))


def data_version() -> str:
    """Token of the current database file; part of every cache key."""
    return db.data_version(database_file())


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the cached read-only connection (one per query, safe across threads)."""
    return _connection(str(database_file()), data_version()).cursor()


def current_viewer() -> Viewer:
    """Who is using the app. Without sign-in the app runs as guest (names and NIP masked)."""
    role = st.session_state.get("_role") or os.environ.get("NETRALITAS_ROLE", "tamu")
    if role not in ("pimpinan", "staf", "tamu"):
        role = "tamu"
    return Viewer(role=role, user=st.session_state.get("_user", "anonim"))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(fn_name: str, version: str, role: str, args: tuple, kwargs: tuple) -> Any:
    fn: Callable = getattr(queries, fn_name)
    cur = cursor()
    try:
        return fn(cur, *args, **dict(kwargs))
    finally:
        cur.close()


def query(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """Run a query function of :mod:`netralitas.queries`, cached on its arguments and the data version.

    A :class:`Viewer` argument is passed through; its role is part of the cache key.
    """
    role = next((a.role for a in list(args) + list(kwargs.values()) if isinstance(a, Viewer)), "-")
    return _cached(fn.__name__, data_version(), role, tuple(args), tuple(sorted(kwargs.items())))


def clear_caches() -> None:
    """Forget cached query results and connections (after a load commits)."""
    _cached.clear()
    _connection.clear()


def _reset_filters() -> None:
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = None if key in ("dari", "sampai") else ("" if key == "cari" else [])


def sidebar_filters() -> Filters:
    """Render the sidebar filters (bound to the URL query parameters) and return them."""
    voc = vocabulary()
    present = query(queries.counts_by, Filters(), ["cycle"])
    cycles = voc.cycle_names + ([voc.cycle_unknown.name] if voc.cycle_unknown.name in set(present["cycle"]) else [])
    datasets = query(queries.datasets_present)
    sb = st.sidebar
    sb.markdown("### Filter")
    sb.multiselect("Siklus pemilihan", cycles, key="siklus", bind="query-params", placeholder="Semua siklus")
    sb.multiselect("Jenis pegawai", voc.actor_type_names, key="pegawai", bind="query-params", placeholder="Semua")
    sb.multiselect("Tingkat sanksi / hasil", voc.severity_names, key="sanksi", bind="query-params",
                   placeholder="Semua")
    sb.multiselect("Kecamatan", voc.district_names + ["Tidak diketahui"], key="kecamatan", bind="query-params",
                   placeholder="Semua kecamatan")
    col1, col2 = sb.columns(2)
    col1.date_input("Dari tanggal", value=None, key="dari", bind="query-params", format="DD/MM/YYYY")
    col2.date_input("Sampai tanggal", value=None, key="sampai", bind="query-params", format="DD/MM/YYYY")
    sb.text_input("Cari nama, NIP, no. register, instansi", key="cari", bind="query-params")
    if len(datasets) > 1:
        sb.multiselect(
            "Sumber data", list(voc.dataset_labels), key="data", bind="query-params",
            format_func=lambda d: voc.dataset_labels.get(d, d), placeholder="Semua sumber data",
        )
    sb.button("Reset filter", on_click=_reset_filters, width="stretch", icon=":material/filter_alt_off:")
    state = st.session_state

    def as_date(v: object) -> dt.date | None:
        return v if isinstance(v, dt.date) else None

    return Filters(
        cycles=tuple(state.get("siklus") or ()),
        actor_types=tuple(state.get("pegawai") or ()),
        severities=tuple(state.get("sanksi") or ()),
        districts=tuple(state.get("kecamatan") or ()),
        date_from=as_date(state.get("dari")),
        date_to=as_date(state.get("sampai")),
        search=(state.get("cari") or "").strip(),
        datasets=tuple(state.get("data") or ()),
    )


def dataset_banner() -> None:
    """Say which data is shown: synthetic demo, public record, own data (with counts)."""
    voc = vocabulary()
    df = query(queries.datasets_present)
    if df.empty:
        return
    parts = [f"**{voc.dataset_labels.get(r.dataset, r.dataset)}**: {format_number(r.persons)} terlapor"
             for r in df.itertuples()]
    text = "Data yang ditampilkan — " + " · ".join(parts)
    if "contoh" in set(df["dataset"]):
        st.warning(
            f"{text}. **{DEMO_LABEL}**: nama, NIP dan kasus contoh ini rekaan, bukan data sebenarnya. "
            "Muat register sendiri lewat halaman *Unggah Data* atau `python -m loaders`.",
            icon=":material/science:",
        )
    else:
        st.info(text, icon=":material/database:")


def page_header(title: str, filters: Filters, caption: str | None = None) -> None:
    """Page title, the active filters in one line, and the dataset banner."""
    st.title(title)
    st.caption(("Filter aktif: " + filters.describe()) + (f"  \n{caption}" if caption else ""))
    dataset_banner()


def empty_state(message: str = "Tidak ada data untuk filter ini.") -> None:
    """A friendly note where a filter leaves nothing to show."""
    st.info(message + " Ubah atau reset filter di sidebar.", icon=":material/filter_alt_off:")


def show_table_behind(df: pd.DataFrame, label: str = "Lihat tabel data grafik ini", key: str | None = None) -> None:
    """An expander with the table behind a chart."""
    with st.expander(label):
        st.dataframe(df, hide_index=True, width="stretch", key=key)
