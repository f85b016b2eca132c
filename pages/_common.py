"""Streamlit plumbing shared by every page: database connection, cached queries, sidebar filters, headers.

Pages stay thin: they call :func:`query` with a function of :mod:`netralitas.queries` and hand the result
to a chart builder of :mod:`netralitas.charts`. Nothing here contains SQL.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from netralitas import db, queries
from netralitas.formatting import format_number
from netralitas.literal import markdown_literal
from netralitas.queries import Filters, Viewer
from netralitas.vocab import vocabulary

_run_state = threading.local()


@contextlib.contextmanager
def page_run() -> Iterator[None]:
    """Mark that app.py has started this script run (so pages need not start it themselves)."""
    _run_state.started = True
    try:
        yield
    finally:
        _run_state.started = False


def ensure_started() -> None:
    """Start the app from a page that Streamlit ran directly; every page calls this first.

    A folder named ``pages/`` beside app.py makes Streamlit run the first request after a server start in its
    legacy multipage mode: a deep link such as ``/data?siklus=…`` then runs ``pages/data.py`` without app.py
    (no navigation, no sign-in gate). Page files are named after their URL paths so that request finds its page,
    and this call gives it app.py's start-up: configuration, database, sign-in and the navigation.
    """
    if getattr(_run_state, "started", False):
        return
    import app  # the entry module; imported, not run (its start() is guarded by __name__)

    app.start(run=False)


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


def cursor() -> duckdb.DuckDBPyConnection:
    """A fresh cursor on the cached read-only connection (one per query, safe across threads)."""
    return _connection(str(database_file()), data_version()).cursor()


def current_viewer() -> Viewer:
    """Who is using the app (see ``pages/_auth.py``). Nobody signed in, or no sign-in configured: a guest, for
    whom the query layer masks names and NIP."""
    from pages._auth import current_identity

    ident = current_identity()
    if not ident or ident.get("role") not in ("pimpinan", "staf", "tamu"):
        return Viewer(role="tamu", user="anonim")
    return Viewer(role=ident["role"], user=ident["user"])


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


def query_all(*calls: tuple[Any, ...]) -> list[Any]:
    """Several :func:`query` calls at once, side by side: ``query_all((fn, *args), (fn2, *args2))`` gives
    ``[query(fn, *args), query(fn2, *args2)]``.

    For a page's independent queries: each runs on its own cursor and DuckDB releases the GIL while it works, so on
    two cores the slowest query, not their sum, is what a filter change waits for. The first call runs on the calling
    thread; the others on short-lived threads that carry this script run's context (Streamlit's way for threads that
    use its caches). An exception in any call is raised here.
    """
    if len(calls) < 2:
        return [query(*call) for call in calls]
    from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

    ctx = get_script_run_ctx()
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = query(*calls[i])
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,), name=f"query-{i}", daemon=True) for i in range(1, len(calls))]
    for thread in threads:
        if ctx is not None:
            add_script_run_ctx(thread, ctx)
        thread.start()
    run(0)
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


_PLAIN = (str, int, float, bool, type(None), dt.date, dt.time, dt.timedelta)


def _fingerprint(value: Any, out: list[str]) -> None:
    """Append a text that pins down ``value``'s content (type included) to ``out``: DataFrames cell by cell (never
    a summarised repr), sequences and mappings element by element, other objects by their pickle."""
    if isinstance(value, pd.DataFrame):
        out.append(f"DF{value.shape!r}{list(map(str, value.columns))!r}{list(map(str, value.dtypes))!r}")
        _fingerprint(value.index.tolist(), out)
        _fingerprint(value.to_numpy(dtype=object).tolist(), out)
    elif isinstance(value, pd.Series):
        out.append(f"S{value.name!r}{value.dtype}")
        _fingerprint(value.index.tolist(), out)
        _fingerprint(value.tolist(), out)
    elif isinstance(value, list | tuple):
        out.append(f"{type(value).__name__}{len(value)}[")
        for item in value:
            _fingerprint(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append(f"dict{len(value)}{{")
        for key in sorted(value, key=repr):
            _fingerprint(key, out)
            _fingerprint(value[key], out)
        out.append("}")
    elif type(value) in _PLAIN or (isinstance(value, _PLAIN) and type(value).__module__ in ("builtins", "datetime")):
        out.append(f"{type(value).__name__}:{value!r};")
    else:
        import pickle

        out.append(f"P{pickle.dumps(value, protocol=5).hex()};")


def figure_key(builder_name: str, args: tuple, kwargs: dict) -> str:
    """A short digest of a chart's builder and the content of its arguments (the figure cache's key)."""
    import hashlib

    parts: list[str] = [builder_name]
    _fingerprint(tuple(args), parts)
    _fingerprint(dict(kwargs), parts)
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(key: str, _builder_name: str, _args: tuple, _kwargs: tuple) -> Any:
    """The figure of ``key`` (:func:`figure_key`); the arguments after it are not hashed by Streamlit (the key
    already stands for them)."""
    from netralitas import charts

    builder: Callable = getattr(charts, _builder_name)
    return builder(*_args, **dict(_kwargs))


def figure(builder: Callable, *args: Any, **kwargs: Any) -> Any:
    """A chart of :mod:`netralitas.charts` (``builder(*args, **kwargs)``), built once per distinct input and then
    reused on every rerun and by every session: building a Plotly figure costs more than the rest of a warm rerun.

    Keyed by the builder and the content of its arguments (the query results, which already depend on filters,
    data version and role; the theme is applied by the browser), digested by :func:`figure_key` — cheaper than
    Streamlit's own hashing of DataFrames, which a warm rerun paid for every chart. The figure is shared, so it is
    never changed after it is built: ``st.plotly_chart`` and the projector view only read it.
    """
    key = figure_key(builder.__name__, args, kwargs)
    return _figure(key, builder.__name__, tuple(args), tuple(sorted(kwargs.items())))


def last_undoable_backup() -> Path | None:
    """The backup an undo would put back (the state before the last load), or None."""
    backups = db.undoable_backups(database_file())
    return backups[-1] if backups else None


def undo_last_load() -> Path:
    """Put back the database as it was before the last load, and forget cached results."""
    used = db.undo_last_load(database_file())
    clear_caches()
    return used


def clear_caches() -> None:
    """Forget cached query results and connections (after a load commits)."""
    _cached.clear()
    _connection.clear()
    _figure.clear()


def sidebar_filters() -> Filters:
    """Draw the sidebar filters and return the filters of the view (see :mod:`pages._filters`)."""
    from pages._filters import sidebar_filters as draw

    return draw()


def current_filters() -> Filters:
    """The filters of the view on screen: those its URL names (see :mod:`pages._filters`)."""
    from pages._filters import current_filters as read

    return read()


def _in_vocabulary_order(keys: list[str]) -> list[str]:
    order = list(vocabulary().dataset_labels)
    return sorted(keys, key=lambda k: order.index(k) if k in order else len(order))


def dataset_banner(filters: Filters) -> None:
    """Say which data the current filters show (own data, public record, synthetic demo, with counts) and which
    data of the database they leave out; a warning whenever demo rows are shown."""
    voc = vocabulary()
    present = query(queries.datasets_present)
    if present.empty:
        return
    in_database = dict(zip(present["dataset"].astype(str), present["persons"], strict=True))
    shown = query(queries.counts_by, filters, ["dataset"])
    shown_counts = dict(zip(shown["dataset"].astype(str), shown["persons"], strict=True))
    hidden = () if filters.datasets else query(queries.default_hidden_datasets)
    left_out = [d for d in in_database if (d not in filters.datasets if filters.datasets else d in hidden)]
    parts = [f"**{voc.dataset_labels.get(d, d)}**: {format_number(shown_counts[d])} terlapor"
             for d in _in_vocabulary_order(list(shown_counts))]
    text = ("Data yang ditampilkan — " + " · ".join(parts)) if parts else "Tidak ada terlapor untuk filter ini"
    if left_out:
        text += (". Tidak ditampilkan: " + ", ".join(
            f"{voc.dataset_labels.get(d, d)} ({format_number(in_database[d])} terlapor)"
            for d in _in_vocabulary_order(left_out)) + " — pilih di filter *Sumber data*")
    if queries.DEMO_DATASET in shown_counts:
        load_hint = ("" if queries.OWN_DATASET in in_database else
                     " Muat register sendiri lewat halaman *Unggah Data* atau `python -m loaders`.")
        st.warning(f"{text}. **{voc.dataset_labels[queries.DEMO_DATASET]}**: nama, NIP dan kasus contoh ini rekaan, "
                   "bukan data sebenarnya."
                   + load_hint, icon=":material/science:")
    else:
        st.info(text, icon=":material/database:")


# ---- Presentation view (issue 7): ?tampilan=presentasi on any page, for a projector ----------------------------

PRESENTATION_PARAM = "tampilan"
PRESENTATION_VALUE = "presentasi"

# Hides the sidebar, toolbar and controls (the sidebar's widgets still run hidden, so filters bound to the URL keep
# working), sets larger type, stacks side-by-side charts and gives every chart its own screen-high section. The charts
# themselves are enlarged on the server (see _present_plotly_charts): CSS cannot resize a Plotly figure.
PRESENTATION_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stMainMenu"],
  [data-testid="stExpander"], [data-testid="stButton"], [data-testid="stDownloadButton"],
  [data-testid="stLinkButton"], [data-testid="stElementToolbar"], [data-testid="stPopover"],
  [data-testid="stMultiSelect"], [data-testid="stSelectbox"], [data-testid="stRadio"],
  [data-testid="stButtonGroup"], [data-testid="stSegmentedControl"], [data-testid="stTextInput"],
  [data-testid="stDateInput"], [data-testid="stCheckbox"], [data-testid="stToggle"],
  [data-testid="stSlider"], [data-testid="stFileUploader"], .modebar-container { display: none !important; }
  html { font-size: 21px; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1rem 2rem 2rem 2rem !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) { flex-direction: column !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) > [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 100% !important; min-width: 100% !important; }
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
    min-height: calc(100vh - 2rem); display: flex; flex-direction: column; justify-content: center; }
  [data-testid="stMetricValue"] { font-size: 2.8rem !important; }
</style>
"""


def presentation_mode() -> bool:
    """True when the URL asks for the projector view (``?tampilan=presentasi``)."""
    try:
        value = st.query_params.get(PRESENTATION_PARAM)
    except Exception:  # noqa: BLE001 - outside a script run (no session): never the projector view
        return False
    return str(value or "").strip().lower() == PRESENTATION_VALUE


def apply_presentation_view() -> bool:
    """Switch the page to the projector view when the URL asks for it; returns whether it did."""
    if not presentation_mode():
        return False
    st.html(PRESENTATION_CSS)
    return True


def _present_plotly_charts() -> None:
    """Make ``st.plotly_chart`` (on any page, in any container) draw figures through
    :func:`netralitas.charts.for_projector` when the calling session's URL asks for the projector view.

    Decided per call from the caller's own query parameters, so other sessions are unaffected. Installed once per
    process; everything else is passed through to Streamlit unchanged.
    """
    import plotly.graph_objects as go
    from streamlit.delta_generator import DeltaGenerator

    from netralitas import charts

    original = DeltaGenerator.plotly_chart
    if getattr(original, "_projector_view", False):
        return

    @functools.wraps(original)
    def plotly_chart(self, figure_or_data, *args, **kwargs):
        if isinstance(figure_or_data, go.Figure) and presentation_mode():
            figure_or_data = charts.for_projector(figure_or_data)
        return original(self, figure_or_data, *args, **kwargs)

    plotly_chart._projector_view = True  # type: ignore[attr-defined]
    DeltaGenerator.plotly_chart = plotly_chart
    st.plotly_chart = st._main.plotly_chart  # the module-level shortcut is bound at import time: rebind it


_present_plotly_charts()


def presentation_link(filters: Filters) -> str:
    """A relative link to the current page's projector view with the same filters."""
    from urllib.parse import urlencode

    params = {**filters.to_query_params(), PRESENTATION_PARAM: [PRESENTATION_VALUE]}
    return "?" + urlencode(params, doseq=True)


def page_header(title: str, filters: Filters, caption: str | None = None, *, whole_database: bool = False) -> None:
    """Page title, the active filters in one line (saying which data an empty data filter shows), notes on parts of
    the link that are not applied as written, and the dataset banner (and the projector view when the URL asks for
    it). ``whole_database``: a page the filters do not apply to — no filter line, and the banner covers every
    dataset in the database."""
    from pages._filters import read_filters

    apply_presentation_view()
    st.title(title)
    if whole_database:
        if caption:
            st.caption(caption)
        present = query(queries.datasets_present)
        dataset_banner(Filters(datasets=tuple(str(d) for d in present["dataset"])))
        return
    line = markdown_literal(query(queries.describe_filters, filters))  # a search text comes from the link as typed
    st.caption(f"Filter aktif: {line}" + (f"  \n{caption}" if caption else ""))
    notes = read_filters()[1]
    if notes:
        st.warning("Tautan ini memuat filter yang tidak dapat dipakai apa adanya:  \n"
                   + "  \n".join(f"- {markdown_literal(note)}" for note in notes), icon=":material/link_off:")
    dataset_banner(filters)


def empty_state(message: str = "Tidak ada data untuk filter ini.") -> None:
    """A friendly note where a filter leaves nothing to show."""
    st.info(message + " Ubah atau reset filter di sidebar.", icon=":material/filter_alt_off:")


def show_table_behind(
    df: pd.DataFrame,
    label: str = "Lihat tabel data grafik ini",
    key: str | None = None,
    filters: Filters | None = None,
    title: str | None = None,
) -> None:
    """An expander with the table behind a chart, and "Unduh tabel" downloads (xlsx + csv) of it under the
    current filters (``filters``, else those of the sidebar); ``title`` names the table in the file."""
    from pages._export import table_downloads  # lazy: pages._export imports this module

    with st.expander(label):
        st.dataframe(df, hide_index=True, width="stretch", key=key)
    table_downloads(df, filters if filters is not None else current_filters(), key=key, title=title)


# ---- Clickable charts (issue 3): a click on a bar or tile filters the table below the charts -------------------

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
    from netralitas import charts

    key = _chart_key(group, name)
    dims = charts.chart_dims(fig)
    if not dims:
        st.plotly_chart(fig, key=key)
        return
    all_dims = dict(st.session_state.get(f"_chart_dims_{group}", {}))
    all_dims[name] = dims
    st.session_state[f"_chart_dims_{group}"] = all_dims
    st.plotly_chart(fig, key=key, on_select=functools.partial(_on_chart_select, group, name),
                    selection_mode="points")


def chart_selection(group: str) -> tuple:
    """The click on the active chart of ``group`` as a ``queries.ChartSelection`` (empty when none)."""
    from netralitas import charts

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
    from netralitas import charts

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
