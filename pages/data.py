"""Data Kasus: the filtered register, one row per terlapor, and the full record of a selected row.

Names and NIP arrive already masked for guests (the query layer decides, by the viewer's role). Every cell, file
and sheet name and note reaches the Markdown of the record view through :func:`netralitas.literal.markdown_literal`.
"""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import datetime as dt
import hashlib
import json
import math

import pandas as pd
import streamlit as st

from netralitas import columns, queries
from netralitas.formatting import format_date, format_number
from netralitas.literal import markdown_literal
from netralitas.normalize import NOTE_KINDS
from netralitas.vocab import vocabulary
from pages.shared.auth import current_viewer
from pages.shared.database import query
from pages.shared.downloads import export_controls
from pages.shared.filters import sidebar_filters
from pages.shared.header import empty_state, page_header

PAGE_SIZE = 1_000  # rows sent to the browser at once


def _column_config(column: columns.Column) -> object:
    """How the table shows a registry column (:attr:`netralitas.columns.Column.table`): dates as DD/MM/YYYY, whole
    numbers as written, text as text."""
    shown = column.table
    common = {"width": shown.width, "help": shown.help, "pinned": shown.pinned}
    if column.sql == "DATE":
        return st.column_config.DateColumn(shown.label, format="DD/MM/YYYY", **common)
    if column.sql == "INTEGER":
        return st.column_config.NumberColumn(shown.label, format="%d", **common)
    return st.column_config.TextColumn(shown.label, **common)


# The table's columns in order, as the registry shows them (netralitas/columns.py).
TABLE_COLUMNS = {c.name: _column_config(c) for c in columns.table_columns()}


def _missing(value: object) -> bool:
    """True for None, NaN and NaT (how an empty cell comes back from the query)."""
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _value(value: object) -> str:
    """A cell of the record as plain text ("–" when empty); :func:`_shown` makes it Markdown."""
    if _missing(value):
        return "–"
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return format_date(value)
    text = str(value).strip()
    return text or "–"


def _shown(value: object) -> str:
    """A cell of the record as Markdown that shows it as written."""
    return markdown_literal(_value(value))


def _field(label: str, value: object, as_written: object = None, basis: object = None) -> str:
    """One "label: value" line of the record (Markdown), with the text as written in the register when it
    differs, and what a value was decided from (``basis``), both in small type below it."""
    line = f"**{label}:** {_shown(value)}"
    written = _value(as_written)
    if not _missing(value) and isinstance(value, dt.date) and written.startswith(value.strftime("%Y-%m-%d")):
        written = "–"  # a real date cell: its text is the ISO date, nothing worth showing
    if written != "–" and written != _value(value):
        line += f"  \n:small[tertulis: “{markdown_literal(written)}”]"
    if _value(basis) != "–":
        line += f"  \n:small[ditentukan dari: {_shown(basis)}]"
    return line


def _show_record(record: dict, reveal: bool) -> None:
    """The full record of one terlapor: case, person, handling, provenance and data-quality notes."""
    voc = vocabulary()
    with st.container(border=True, key="rincian"):
        st.subheader(f"Rincian: {_shown(record['case_id'])} — {_shown(record['person_name'])}", anchor=False)
        for (section, fields), place in zip(columns.record_fields(), st.columns(len(columns.RECORD_SECTIONS)),
                                            strict=True):
            with place:
                st.markdown(f"##### {section}")
                for column in fields:
                    line = column.record
                    value = record.get(column.name)
                    if line.only_when_filled and _value(value) == "–":
                        continue
                    written = record.get(line.written) if line.written else None
                    st.markdown(_field(line.label, value, written, record.get(line.basis) if line.basis else None))

        st.markdown("##### Asal data")
        sheet = _value(record["source_sheet"])
        dataset = voc.dataset_labels.get(str(record.get("dataset")), _value(record.get("dataset")))
        st.markdown(
            f"File **{_shown(record['source_file'])}**"
            + (f", sheet **{markdown_literal(sheet)}**" if sheet != "–" else " (CSV)")
            + f", baris **{_shown(record['source_row'])}**"
            + f" · muatan (batch) {_shown(record['batch_id'])}"
            + f" · {markdown_literal(dataset)}"
        )

        notes = record.get("notes") or []
        st.markdown("##### Catatan kualitas data")
        if notes:
            for note in notes:
                st.markdown(f"- **{markdown_literal(NOTE_KINDS.get(note['kind'], note['kind']))}** — "
                            f"{markdown_literal(note['message'])}")
        else:
            st.caption("Tidak ada catatan kualitas data untuk baris ini.")

        with st.expander("Isi sel asli di register"):
            raw = record.get("raw")
            if reveal and isinstance(raw, str) and raw:
                try:
                    cells = json.loads(raw)
                except ValueError:
                    cells = None
                if isinstance(cells, dict):
                    st.dataframe(
                        pd.DataFrame({"Kolom": list(cells), "Isi sel": [str(v) for v in cells.values()]}),
                        hide_index=True, width="stretch",
                    )
                else:
                    st.code(raw)
            else:
                st.caption("Isi sel asli disembunyikan untuk tamu (nama dan NIP adalah data pribadi, UU 27/2022).")


filters = sidebar_filters()
viewer = current_viewer()
page_header("Data Kasus", filters, caption="Satu baris per terlapor per kasus, terbaru lebih dahulu.")

total = query(queries.total_persons, filters)
if not total:
    empty_state()
    st.stop()

st.subheader("Daftar terlapor")
export_controls(filters)

pages_count = max(1, math.ceil(total / PAGE_SIZE))
# new filters or new data → back to page 1 and no selection
state_key = hashlib.sha1(repr((filters, viewer.role, total)).encode()).hexdigest()[:12]
page_number = int(st.session_state.get(f"halaman_{state_key}") or 1) if pages_count > 1 else 1
page_number = min(max(page_number, 1), pages_count)
offset = (page_number - 1) * PAGE_SIZE
rows = query(queries.case_rows, filters, viewer, PAGE_SIZE, offset)

if pages_count > 1:
    st.caption(
        f"**{format_number(total)} terlapor** — ditampilkan baris {format_number(offset + 1)}–"
        f"{format_number(offset + len(rows))} (halaman {format_number(page_number)} dari "
        f"{format_number(pages_count)}; paling banyak {format_number(PAGE_SIZE)} baris per halaman). "
        "Pilih halaman di bawah tabel, atau persempit dengan filter."
    )
else:
    st.caption(f"**{format_number(total)} terlapor**. Klik kotak di kiri baris untuk melihat rinciannya.")

event = st.dataframe(
    rows,
    column_config=TABLE_COLUMNS,
    column_order=list(TABLE_COLUMNS),
    hide_index=True,
    width="stretch",
    height=420,
    placeholder="–",
    on_select="rerun",
    selection_mode="single-row",
    key=f"tabel_{state_key}_{page_number}",
)
if pages_count > 1:
    st.pagination(pages_count, key=f"halaman_{state_key}", width="stretch")
if not viewer.reveal:
    st.caption("Nama dan NIP disamarkan untuk tamu (UU 27/2022 tentang Pelindungan Data Pribadi).")

selected = list(event.selection.rows) if event is not None else []
if not selected or selected[0] >= len(rows):
    st.info("Pilih satu baris pada tabel (kotak di kiri) untuk melihat data lengkapnya, catatan kualitas datanya, "
            "serta file, sheet dan baris asalnya.", icon=":material/touch_app:")
    st.stop()

chosen = rows.iloc[selected[0]]
sheet_name = chosen["source_sheet"] if isinstance(chosen["source_sheet"], str) else None
record = query(queries.case_detail, str(chosen["source_file"]), sheet_name, int(chosen["source_row"]), viewer)
if record is None:
    st.warning("Baris ini tidak ada lagi di basis data (data baru saja dimuat ulang). Pilih baris lain.")
else:
    _show_record(record, viewer.reveal)
