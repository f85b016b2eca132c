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

from netralitas import queries
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

TABLE_COLUMNS = {
    "case_id": st.column_config.TextColumn("No. register", width=215, pinned=True),
    "reported_on": st.column_config.DateColumn("Tanggal", format="DD/MM/YYYY", width=100,
                                               help="Tanggal temuan/laporan"),
    "cycle": st.column_config.TextColumn("Siklus", width=110),
    "source_kind": st.column_config.TextColumn("Sumber", width=80),
    "person_name": st.column_config.TextColumn("Nama terlapor", width=190),
    "nip": st.column_config.TextColumn("NIP", width=165),
    "actor_type": st.column_config.TextColumn("Jenis pegawai", width=120),
    "position": st.column_config.TextColumn("Jabatan", width=190),
    "agency": st.column_config.TextColumn("Instansi / unit kerja", width=210),
    "district": st.column_config.TextColumn("Kecamatan", width=135),
    "violation_type": st.column_config.TextColumn("Jenis pelanggaran", width=300),
    "status": st.column_config.TextColumn("Status penanganan", width=170),
    "sanction": st.column_config.TextColumn("Sanksi / tindak lanjut", width=280),
    "severity": st.column_config.TextColumn("Tingkat sanksi", width=190),
    "source_file": st.column_config.TextColumn("File sumber", width=240),
    "source_sheet": st.column_config.TextColumn("Sheet", width=110),
    "source_row": st.column_config.NumberColumn("Baris", format="%d", width=60),
}


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
        case_col, person_col, handling_col = st.columns(3)
        with case_col:
            st.markdown("##### Kasus")
            st.markdown(_field("No. register", record["case_id"]))
            st.markdown(_field("Siklus pemilihan", record["cycle"], basis=record.get("cycle_basis")))
            st.markdown(_field("Tanggal temuan/laporan", record["reported_on"], record.get("reported_on_raw")))
            st.markdown(_field("Sumber", record["source_kind"]))
            st.markdown(_field("Jenis pelanggaran", record["violation_type"]))
            st.markdown(_field("Kecamatan", record["district"], record.get("district_raw")))
        with person_col:
            st.markdown("##### Terlapor")
            st.markdown(_field("Nama", record["person_name"]))
            st.markdown(_field("NIP", record["nip"], record.get("nip_raw")))
            st.markdown(_field("Jenis pegawai", record["actor_type"], record.get("actor_type_raw")))
            st.markdown(_field("Jabatan", record["position"]))
            st.markdown(_field("Kelompok jabatan", record.get("position_group")))
            st.markdown(_field("Instansi / unit kerja", record["agency"]))
        with handling_col:
            st.markdown("##### Penanganan")
            st.markdown(_field("Status penanganan", record["status"], record.get("status_raw")))
            st.markdown(_field("Sanksi / tindak lanjut", record["sanction"]))
            st.markdown(_field("Tingkat sanksi", record["severity"]))
            st.markdown(_field("Tanggal penerusan", record.get("forwarded_on")))
            st.markdown(_field("Tanggal rekomendasi", record.get("recommended_on")))
            st.markdown(_field("Tanggal sanksi", record.get("sanctioned_on")))
            if _value(record.get("remarks")) != "–":
                st.markdown(_field("Keterangan", record.get("remarks")))
            if _value(record.get("source_ref")) != "–":
                st.markdown(_field("Sumber berita", record.get("source_ref")))

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
