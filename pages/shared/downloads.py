"""Downloads: the filtered export (Excel/CSV) of Data Kasus, the table behind a chart with its own downloads, and
the audit row every download writes.

The files are built by :mod:`netralitas.export` only when a download button is clicked: the buttons get a
callable (deferred generation, run by Streamlit on its own thread with its own read-only connection), and
``on_click="ignore"`` keeps the click from rerunning the page. Guests always get masked names and NIP.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

from netralitas import audit, export, queries
from netralitas.formatting import format_number
from netralitas.queries import Filters, Viewer
from pages.shared.auth import current_viewer
from pages.shared.database import query, screen_connection
from pages.shared.filters import current_filters


@dataclass(frozen=True)
class MadeFile:
    """A download as it was made: its bytes, the rows it holds and its filter line (as the file itself states them)."""

    data: bytes
    rows: int
    filter_text: str


def _file_builder(
    kind: str, shown: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, masked: bool,
    chart: export.ChartTable | None = None,
) -> Callable[[], MadeFile]:
    """A no-argument callable that builds the file when the button is clicked (not on every rerun). It reads the
    database version the page was drawn from (``shown``), never a newer file a load has swapped in since, and the
    person count and the filter line come from the same cursor as the file, so the audit row says what it holds."""

    def build() -> MadeFile:
        with contextlib.closing(shown.cursor()) as con:
            buffer = io.BytesIO()
            if kind == "xlsx":
                rows = export.write_xlsx(buffer, con, filters, viewer, masked=masked, chart=chart)
            else:
                rows = export.write_csv(buffer, con, filters, viewer, masked=masked)
            return MadeFile(buffer.getvalue(), rows, queries.describe_filters(con, filters))

    return build


def _filter_line(shown: duckdb.DuckDBPyConnection, filters: Filters) -> str:
    """The filter line of ``filters`` on the version the page was drawn from (run on Streamlit's download thread)."""
    with contextlib.closing(shown.cursor()) as con:
        return queries.describe_filters(con, filters)


def audited(build: Callable[[], MadeFile], viewer: Viewer, filters: Filters, kind: str, file_name: str,
            masked: bool, what: str) -> Callable[[], bytes]:
    """``build`` that also records the export in the audit trail once the file is made: who, the filters (as URL
    parameters and as the file's filter line), the rows the file holds, masked or not. Runs on Streamlit's download
    thread, so the user is taken from ``viewer``, not the session."""

    def run() -> bytes:
        made = build()
        audit.record_quietly("ekspor", viewer.user, viewer.role, {
            "isi": what, "format": kind, "file": file_name, "filter": filters.to_query_params(),
            "filter_teks": made.filter_text, "baris": made.rows, "disamarkan": masked,
        })
        return made.data

    return run


def export_controls(filters: Filters, key: str = "ekspor") -> None:
    """The export box of Data Kasus: mask option (on by default, locked for guests) and xlsx / csv downloads
    of exactly the persons the filters select."""
    viewer = current_viewer()
    total = query(queries.total_persons, filters)
    with st.container(border=True, key=f"{key}_kotak"):
        st.markdown("**Unduh data terfilter** — Excel (sheet Ringkasan, Data, Rekap) atau CSV")
        if viewer.reveal:
            masked = st.toggle(
                "Samarkan nama dan NIP", value=True, key=f"{key}_samarkan",
                help="Nama dan NIP adalah data pribadi (UU 27/2022). Matikan hanya bila file diserahkan kepada "
                     "pihak yang berwenang; status penyamaran tercatat di sheet Ringkasan.",
            )
        else:
            st.toggle("Samarkan nama dan NIP", value=True, disabled=True, key=f"{key}_samarkan_tamu",
                      help="Tamu selalu menerima nama dan NIP yang disamarkan.")
            masked = True
        masked = export.is_masked(viewer, masked)
        shown = screen_connection()
        row = st.container(horizontal=True, vertical_alignment="center", gap="small")
        hidden = query(queries.default_hidden_datasets)
        xlsx_name = export.export_filename(filters, "xlsx", hidden=hidden)
        csv_name = export.export_filename(filters, "csv", hidden=hidden)
        row.download_button(
            "Unduh Excel (.xlsx)",
            data=audited(_file_builder("xlsx", shown, filters, viewer, masked), viewer, filters, "xlsx", xlsx_name,
                         masked, "data terfilter"),
            file_name=xlsx_name,
            mime=export.XLSX_MIME,
            on_click="ignore",
            type="primary",
            icon=":material/download:",
            key=f"{key}_xlsx",
        )
        row.download_button(
            "Unduh CSV",
            data=audited(_file_builder("csv", shown, filters, viewer, masked), viewer, filters, "csv", csv_name,
                         masked, "data terfilter"),
            file_name=csv_name,
            mime=export.CSV_MIME,
            on_click="ignore",
            icon=":material/table:",
            key=f"{key}_csv",
        )
        st.caption(
            f"Sesuai filter: {format_number(total)} terlapor · nama dan NIP "
            f"{'**disamarkan**' if masked else '**ditampilkan utuh** (data pribadi)'} · file dibuat saat tombol "
            "ditekan (data besar perlu beberapa detik). CSV: UTF-8, pemisah titik koma (;); untuk NIP lengkap "
            "buka file Excel, karena Excel membaca NIP di CSV sebagai angka."
        )


def _table_title(df: pd.DataFrame) -> str:
    """A name for a chart's table from its category columns (``Siklus pemilihan × Jenis pegawai``)."""
    dims = [str(c) for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])]
    return "Tabel grafik: " + " × ".join(dims) if dims else "Tabel grafik"


def table_downloads(df: pd.DataFrame, filters: Filters, key: str | None = None, title: str | None = None) -> None:
    """"Unduh tabel" under a chart: the chart's table as CSV, and as Excel together with the full filtered
    export (Ringkasan, the chart table, Data, Rekap). Names and NIP are always masked here."""
    title = title or _table_title(df)
    base = key or "tabel_" + hashlib.sha1(f"{title}|{list(df.columns)}|{len(df)}".encode()).hexdigest()[:10]
    chart = export.ChartTable(title, df.copy())
    viewer = current_viewer()
    hidden = query(queries.default_hidden_datasets)
    table_title = title.removeprefix("Tabel grafik: ")
    xlsx_name = export.export_filename(filters, "xlsx", table_title=table_title, hidden=hidden)
    csv_name = export.export_filename(filters, "csv", table_title=table_title, hidden=hidden)
    shown = screen_connection()
    with st.popover("Unduh tabel", icon=":material/download:", key=f"{base}_unduh"):
        st.caption("**Excel**: tabel grafik ini beserta seluruh data sesuai filter (Ringkasan, Data, Rekap). "
                   "**CSV**: tabel grafik ini saja. Nama dan NIP disamarkan.")
        st.download_button(
            "Excel (.xlsx)",
            data=audited(_file_builder("xlsx", shown, filters, viewer, True, chart), viewer, filters, "xlsx",
                         xlsx_name, True, title),
            file_name=xlsx_name,
            mime=export.XLSX_MIME,
            on_click="ignore",
            icon=":material/download:",
            key=f"{base}_unduh_xlsx",
            width="stretch",
        )
        st.download_button(
            "CSV",
            data=audited(lambda: MadeFile(export.table_csv(chart), len(chart.frame), _filter_line(shown, filters)),
                         viewer, filters, "csv", csv_name, True, title),
            file_name=csv_name,
            mime=export.CSV_MIME,
            on_click="ignore",
            icon=":material/table:",
            key=f"{base}_unduh_csv",
            width="stretch",
        )


def show_table_behind(
    df: pd.DataFrame,
    label: str = "Lihat tabel data grafik ini",
    key: str | None = None,
    filters: Filters | None = None,
    title: str | None = None,
) -> None:
    """An expander with the table behind a chart, and "Unduh tabel" downloads (xlsx + csv) of it under the
    current filters (``filters``, else those of the view); ``title`` names the table in the file."""
    with st.expander(label):
        st.dataframe(df, hide_index=True, width="stretch", key=key)
    table_downloads(df, filters if filters is not None else current_filters(), key=key, title=title)


def _prevention_builder(kind: str, shown: duckdb.DuckDBPyConnection, filters: Filters,
                        viewer: Viewer) -> Callable[[], MadeFile]:
    """A no-argument callable that builds the prevention export when its button is clicked, from the database
    version the page was drawn from (see :func:`_file_builder`)."""

    def build() -> MadeFile:
        with contextlib.closing(shown.cursor()) as con:
            buffer = io.BytesIO()
            if kind == "xlsx":
                rows = export.write_prevention_xlsx(buffer, con, filters, viewer)
            else:
                rows = export.write_prevention_csv(buffer, con, filters)
            return MadeFile(buffer.getvalue(), rows, queries.describe_prevention_filters(con, filters))

    return build


def prevention_export_controls(filters: Filters, key: str = "ekspor_pencegahan") -> None:
    """The export box of Pencegahan: xlsx / csv downloads of exactly the activities the filters select (the
    registers hold no personal data, so there is nothing to mask), each recorded in the audit trail."""
    viewer = current_viewer()
    total = query(queries.prevention_total, filters)
    shown = screen_connection()
    hidden = query(queries.prevention_hidden_datasets)
    with st.container(border=True, key=f"{key}_kotak"):
        st.markdown("**Unduh kegiatan terfilter** — Excel (sheet Ringkasan, Kegiatan, Per Kecamatan) atau CSV")
        row = st.container(horizontal=True, vertical_alignment="center", gap="small")
        for kind, label, mime, icon, primary in (("xlsx", "Unduh Excel (.xlsx)", export.XLSX_MIME,
                                                  ":material/download:", True),
                                                 ("csv", "Unduh CSV", export.CSV_MIME, ":material/table:", False)):
            name = export.prevention_filename(filters, kind, hidden=hidden)
            row.download_button(
                label, data=audited(_prevention_builder(kind, shown, filters, viewer), viewer, filters, kind, name,
                                    False, "kegiatan pencegahan terfilter"),
                file_name=name, mime=mime, on_click="ignore", type="primary" if primary else "secondary", icon=icon,
                key=f"{key}_{kind}",
            )
        st.caption(f"Sesuai filter: {format_number(total)} kegiatan · file dibuat saat tombol ditekan. CSV: UTF-8, "
                   "pemisah titik koma (;).")
