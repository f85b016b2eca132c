"""Kualitas Data: load batches, rejected rows with reasons, and data-quality notes by kind with the rows behind.

These tables describe the whole database (the sidebar filters select cases, not loads). Names, NIP and raw
cells come from the query layer already hidden for guests.
"""

import streamlit as st

from netralitas import queries
from netralitas.formatting import format_number
from netralitas.normalize import NOTE_KINDS
from netralitas.vocab import vocabulary
from pages._common import current_viewer, page_header, query, sidebar_filters

SHOWN_ROWS = 1_000  # rows of one list sent to the browser at once

COUNT = "%d"

filters = sidebar_filters()
viewer = current_viewer()
page_header(
    "Kualitas Data",
    filters,
    caption="Halaman ini mencakup seluruh basis data; filter di sidebar tidak berlaku di sini.",
)

summary = query(queries.quality_summary)
cols = st.columns(4)
cols[0].metric("File dimuat", format_number(summary["files"]))
cols[1].metric("Baris dimuat", format_number(summary["rows_loaded"]))
cols[2].metric("Baris ditolak", format_number(summary["rows_rejected"]),
               help="Baris data yang tidak dapat menjadi kasus (tanpa nama, NIP maupun nomor register).")
cols[3].metric("Catatan kualitas", format_number(summary["notes"]),
               help=f"Pada {format_number(summary['rows_with_notes'])} baris yang tetap dimuat, dengan nilai "
                    "yang bermasalah dikosongkan atau ditandai 'Tidak diketahui'.")


def _capped(df, what: str):
    """The first :data:`SHOWN_ROWS` rows of a list, saying so when the list is longer."""
    if len(df) > SHOWN_ROWS:
        st.caption(f"Ditampilkan {format_number(SHOWN_ROWS)} dari {format_number(len(df))} {what} pertama.")
        return df.head(SHOWN_ROWS)
    return df


# ── Catatan kualitas data per jenis ──
st.subheader("Catatan kualitas data per jenis")
st.caption("Baris dengan satu sel bermasalah tetap dimuat; masalahnya dicatat di sini agar register dapat diperbaiki.")
note_counts = query(queries.quality_note_counts)
if note_counts.empty:
    st.success("Tidak ada catatan kualitas data.", icon=":material/check_circle:")
else:
    kinds = list(note_counts["kind"])
    count_of = dict(zip(note_counts["kind"], note_counts["notes"], strict=True))
    table = note_counts.assign(label=[NOTE_KINDS.get(k, k) for k in kinds])
    left, right = st.columns([2, 3])
    with left:
        st.dataframe(
            table,
            column_order=["label", "notes"],
            column_config={
                "label": st.column_config.TextColumn("Jenis catatan", width="large"),
                "notes": st.column_config.ProgressColumn(
                    "Jumlah", format=COUNT, min_value=0, max_value=int(table["notes"].max()), width="small"),
            },
            hide_index=True,
            width="stretch",
        )
    with right:
        kind = st.selectbox(
            "Tampilkan baris untuk jenis catatan",
            kinds,
            format_func=lambda k: f"{NOTE_KINDS.get(k, k)} ({format_number(count_of[k])})",
            key="jenis_catatan",
        )
        notes = query(queries.quality_notes, viewer, kind)
        st.dataframe(
            _capped(notes, "catatan"),
            column_order=["source_file", "source_sheet", "source_row", "case_id", "person_name", "message"],
            column_config={
                "source_file": st.column_config.TextColumn("File", width="medium"),
                "source_sheet": st.column_config.TextColumn("Sheet", width="small"),
                "source_row": st.column_config.NumberColumn("Baris", format=COUNT, width="small"),
                "case_id": st.column_config.TextColumn("No. register", width="medium"),
                "person_name": st.column_config.TextColumn("Terlapor", width="medium"),
                "message": st.column_config.TextColumn("Catatan", width="large"),
            },
            hide_index=True,
            width="stretch",
            height=320,
        )

# ── Baris ditolak ──
st.subheader("Baris ditolak")
rejected = query(queries.rejected_rows, viewer)
if rejected.empty:
    st.success("Tidak ada baris yang ditolak.", icon=":material/check_circle:")
else:
    st.caption("Baris data yang tidak dapat menjadi kasus, dengan alasannya. Baris judul, baris kosong, baris jumlah "
               "dan blok tanda tangan dilewati, bukan ditolak."
               + ("" if viewer.reveal else " Isi sel asli disembunyikan untuk tamu."))
    st.dataframe(
        _capped(rejected, "baris ditolak"),
        column_order=["source_file", "source_sheet", "source_row", "reason", "raw", "batch_id"],
        column_config={
            "source_file": st.column_config.TextColumn("File", width="medium"),
            "source_sheet": st.column_config.TextColumn("Sheet", width="small"),
            "source_row": st.column_config.NumberColumn("Baris", format=COUNT, width="small"),
            "reason": st.column_config.TextColumn("Alasan", width="large"),
            "raw": st.column_config.TextColumn("Isi sel asli", width="large"),
            "batch_id": st.column_config.NumberColumn("Batch", format=COUNT, width="small"),
        },
        hide_index=True,
        width="stretch",
    )

# ── Riwayat muatan ──
st.subheader("Riwayat muatan (load batch)")
batches = query(queries.load_batches)
if batches.empty:
    st.info("Belum ada file yang dimuat. Muat register lewat halaman *Unggah Data* atau `python -m loaders`.",
            icon=":material/upload_file:")
else:
    labels = vocabulary().dataset_labels
    shown = batches.assign(
        dataset=[labels.get(d, d) for d in batches["dataset"]],
        state=["Aktif" if a else "Diganti muatan lebih baru" for a in batches["active"]],
        sha=[str(s)[:12] for s in batches["file_sha256"]],
    )
    st.caption("Setiap pemuatan file tercatat. Memuat ulang file bernama sama mengganti baris-baris lamanya; "
               "isi file yang identik dilewati.")
    st.dataframe(
        _capped(shown, "muatan"),
        column_order=["batch_id", "source_file", "loaded_at", "state", "rows_read", "rows_loaded", "rows_rejected",
                      "rows_skipped", "notes", "dataset", "replaced_batch_id", "loaded_by", "sha"],
        column_config={
            "batch_id": st.column_config.NumberColumn("Batch", format=COUNT, width="small"),
            "source_file": st.column_config.TextColumn("File", width="medium"),
            "loaded_at": st.column_config.DatetimeColumn("Dimuat pada", format="DD/MM/YYYY HH:mm"),
            "state": st.column_config.TextColumn("Status", width="medium"),
            "rows_read": st.column_config.NumberColumn("Dibaca", format=COUNT, width="small"),
            "rows_loaded": st.column_config.NumberColumn("Dimuat", format=COUNT, width="small"),
            "rows_rejected": st.column_config.NumberColumn("Ditolak", format=COUNT, width="small"),
            "rows_skipped": st.column_config.NumberColumn("Dilewati", format=COUNT, width="small",
                                                          help="Baris judul, kosong, jumlah, tanda tangan"),
            "notes": st.column_config.NumberColumn("Catatan", format=COUNT, width="small"),
            "dataset": st.column_config.TextColumn("Jenis data", width="medium"),
            "replaced_batch_id": st.column_config.NumberColumn("Mengganti batch", format=COUNT, width="small"),
            "loaded_by": st.column_config.TextColumn("Dimuat oleh", width="small"),
            "sha": st.column_config.TextColumn("Sidik file (SHA-256)", width="small"),
        },
        hide_index=True,
        width="stretch",
    )
