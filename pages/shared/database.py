"""The database the pages read, and their cached queries.

Pages ask :func:`query` with a function of :mod:`netralitas.queries`; the answer is cached on the function, its
arguments, the data version and the viewer's role. Nothing here contains SQL.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import streamlit as st

from netralitas import db, demo_removal, queries
from netralitas.queries import Viewer
from pages.shared.figures import clear_figures


def database_file() -> Path:
    """The database the app reads (``NETRALITAS_DB`` or ``data/netralitas.duckdb``)."""
    return db.database_path()


@functools.lru_cache(maxsize=8)
def _state(path: str, version: str) -> str:
    """:func:`netralitas.db.database_state` remembered per file version for the process (not re-opened on every
    rerun, and not forgotten when query caches are emptied: a new file has a new version anyway)."""
    return db.database_state(Path(path))


@functools.lru_cache(maxsize=8)
def _remove_stale_copies_once(path: str) -> None:
    """At app start, remove the copies a killed load left beside the database (:func:`netralitas.db.remove_stale_copies`
    writes each to the log); once per database file and process."""
    db.remove_stale_copies(Path(path))


def ensure_database() -> None:
    """Build the database from the bundled workbooks in ``data/`` when it is missing or empty; bring one of an
    earlier schema up to date. Copies a killed load left behind are removed first."""
    path = database_file()
    _remove_stale_copies_once(str(path))
    state = _state(str(path), data_version())
    if state == "siap":
        return
    if state == "skema_lama":
        with st.spinner("Memperbarui struktur basis data ke versi terbaru …"):
            db.upgrade_schema(path)
        return
    from loaders.pipeline import LoadedBy, load_paths  # imported lazily: only needed on first start

    with st.spinner("Menyiapkan basis data dari workbook bawaan di folder data/ …"):
        path.parent.mkdir(parents=True, exist_ok=True)
        load_paths([db.DATA_DIR], path, loaded_by=LoadedBy(role=queries.LOADED_BY_APP_START))


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, version: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file version (a new file after a load gets a new one).

    It reads a private snapshot of that version, so the live file is never held open and loads can swap it.
    """
    return db.connect_readonly(db.reader_snapshot(Path(path)))


def data_version() -> str:
    """Token of the current database file; part of every cache key."""
    return db.data_version(database_file())


def screen_connection() -> duckdb.DuckDBPyConnection:
    """The read-only connection of the database version the page is drawn from. A download made later (on click)
    takes its cursor from it, so the file holds what the screen showed even if a load swapped the file since."""
    return _connection(str(database_file()), data_version())


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the cached read-only connection (one per query)."""
    return screen_connection().cursor()


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


def last_undoable_backup() -> Path | None:
    """The backup an undo would put back (the state before the last load), or None."""
    backups = db.undoable_backups(database_file())
    return backups[-1] if backups else None


def undo_restores_demo() -> bool:
    """True when undoing the last change would bring the removed demo data back (see
    :func:`netralitas.demo_removal.undo_restores_demo`)."""
    return demo_removal.undo_restores_demo(database_file())


def undo_last_load() -> Path:
    """Put back the database as it was before the last load, and forget cached results."""
    used = db.undo_last_load(database_file())
    clear_caches()
    return used


def clear_caches() -> None:
    """Forget cached query results, connections and figures (after the data changed)."""
    _cached.clear()
    _connection.clear()
    clear_figures()
