"""Kualitas Data: load batches, rejected rows with reasons, and data-quality notes by kind with the rows behind.

These tables describe the whole database (the sidebar filters select cases, not loads). Names, NIP and raw
cells come from the query layer already hidden for guests.
"""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import streamlit as st

from netralitas import clock, db, queries, roles
from netralitas.formatting import format_number
from netralitas.normalize import NOTE_KINDS
from netralitas.vocab import vocabulary
from pages.shared.auth import current_viewer, record
from pages.shared.database import last_undoable_backup, query, undo_last_load, undo_restores_demo
from pages.shared.demo_removal import demo_removal_section
from pages.shared.filters import sidebar_filters
from pages.shared.header import page_header
from pages.shared.word_map import word_map_section

SHOWN_ROWS = 1_000  # rows of one list sent to the browser at once

COUNT = "%d"

filters = sidebar_filters()
viewer = current_viewer()
page_header(
    "Kualitas Data",
    filters,
    caption="Halaman ini mencakup seluruh basis data; filter di sidebar tidak berlaku di sini.",
    whole_database=True,
)

summary = query(queries.quality_summary)
cols = st.columns(4)
cols[0].metric("File dimuat", format_number(summary["files"]))
cols[1].metric("Baris dimuat", format_number(summary["rows_loaded"]))
cols[2].metric("Baris ditolak", format_number(summary["rows_rejected"]),
               help="Baris data yang tidak dapat menjadi kasus (tanpa nama, NIP maupun nomor register).")
cols[3].metric("Catatan kualitas", format_number(summary["notes"]),
               help=f"Pada {format_number(summary['rows_with_notes'])} baris yang tetap dimuat, dengan nilai "
                    f"yang bermasalah dikosongkan atau ditandai '{vocabulary().unknown}'.")


def _capped(df, what: str):
    """The first :data:`SHOWN_ROWS` rows of a list, saying so when the list is longer."""
    if len(df) > SHOWN_ROWS:
        st.caption(f"Ditampilkan {format_number(SHOWN_ROWS)} dari {format_number(len(df))} {what} pertama.")
        return df.head(SHOWN_ROWS)
    return df


# ── Catatan kualitas data per jenis ──
with st.container(key="catatan"):
    st.subheader("Catatan kualitas data per jenis")
    st.caption("Baris dengan satu sel bermasalah tetap dimuat (nilai itu dikosongkan atau ditandai 'Tidak "
               "diketahui'); masalahnya dicatat di sini agar register sumbernya dapat diperbaiki.")
    note_counts = query(queries.quality_note_counts)
    if note_counts.empty:
        st.success("Tidak ada catatan kualitas data.", icon=":material/check_circle:")
    else:
        kinds = list(note_counts["kind"])
        count_of = dict(zip(note_counts["kind"], note_counts["notes"], strict=True))
        table = note_counts.assign(label=[NOTE_KINDS.get(k, k) for k in kinds])
        st.dataframe(
            table,
            column_order=["label", "notes"],
            column_config={
                "label": st.column_config.TextColumn("Jenis catatan", width=420),
                "notes": st.column_config.ProgressColumn(
                    "Jumlah baris", format=COUNT, min_value=0, max_value=int(table["notes"].max()), width=260),
            },
            hide_index=True,
            width="content",
        )
        kind = st.selectbox(
            "Tampilkan baris di balik jenis catatan",
            kinds,
            format_func=lambda k: f"{NOTE_KINDS.get(k, k)} ({format_number(count_of[k])})",
            key="jenis_catatan",
            width=560,
        )
        notes = query(queries.quality_notes, viewer, kind)
        st.dataframe(
            _capped(notes, "catatan"),
            column_order=["source_file", "source_sheet", "source_row", "message", "case_id", "person_name"],
            column_config={
                "source_file": st.column_config.TextColumn("File", width=230),
                "source_sheet": st.column_config.TextColumn("Sheet", width=110),
                "source_row": st.column_config.NumberColumn("Baris", format=COUNT, width=60),
                "message": st.column_config.TextColumn("Catatan", width=440),
                "case_id": st.column_config.TextColumn("No. register", width=210),
                "person_name": st.column_config.TextColumn("Terlapor", width=170),
            },
            hide_index=True,
            width="stretch",
            height=320,
            placeholder="–",
        )

word_map_section(viewer)  # roles that may map words: map words the loader did not know

# ── Baris ditolak ──
st.container(key="ditolak").subheader("Baris ditolak")
rejected = query(queries.rejected_rows, viewer)
if rejected.empty:
    st.success("Tidak ada baris yang ditolak.", icon=":material/check_circle:")
else:
    st.caption("Baris data yang tidak dapat menjadi kasus, dengan alasannya. Baris judul, baris kosong, baris jumlah "
               "dan blok tanda tangan dilewati, bukan ditolak."
               + ("" if viewer.reveal else " Isi sel asli disembunyikan untuk tamu."))
    st.dataframe(
        _capped(rejected, "baris ditolak"),
        column_order=["source_file", "source_sheet", "source_row", "reason"]
        + (["raw"] if viewer.reveal else []) + ["batch_id"],
        column_config={
            "source_file": st.column_config.TextColumn("File", width=240),
            "source_sheet": st.column_config.TextColumn("Sheet", width=110),
            "source_row": st.column_config.NumberColumn("Baris", format=COUNT, width=60),
            "reason": st.column_config.TextColumn("Alasan", width=480 if viewer.reveal else 900),
            "raw": st.column_config.TextColumn("Isi sel asli", width=380),
            "batch_id": st.column_config.NumberColumn("Batch", format=COUNT, width=60),
        },
        hide_index=True,
        width="stretch",
        placeholder="–",
    )

# ── Riwayat muatan ──
st.container(key="riwayat").subheader("Riwayat muatan (load batch)")
batches = query(queries.load_batches, viewer)
if batches.empty:
    st.info("Belum ada file yang dimuat. Muat register lewat halaman *Unggah Data* atau `python -m loaders`.",
            icon=":material/upload_file:")
else:
    labels = vocabulary().dataset_labels
    shown = batches.assign(
        dataset=[labels.get(d, d) for d in batches["dataset"]],
        state=["Aktif" if a else "Diganti" for a in batches["active"]],
        loaded_at=clock.series_to_wib(batches["loaded_at"]),
        sha=[str(s)[:12] for s in batches["file_sha256"]],
    )
    st.caption("Setiap pemuatan file tercatat. Memuat ulang file bernama sama mengganti baris-baris lamanya; "
               "isi file yang identik dilewati.")
    batch_columns = ["batch_id", "source_file", "loaded_at", "rows_loaded", "rows_rejected", "notes", "rows_skipped",
                     "rows_read", "state", "dataset", "replaced_batch_id", "loaded_by", "sha"]
    st.dataframe(
        _capped(shown[batch_columns], "muatan"),
        column_order=batch_columns,
        column_config={
            "batch_id": st.column_config.NumberColumn("Batch", format=COUNT, width=60),
            "source_file": st.column_config.TextColumn("File", width=240),
            "loaded_at": st.column_config.DatetimeColumn("Dimuat pada (WIB)", format="DD/MM/YYYY HH:mm",
                                                       width=140),
            "state": st.column_config.TextColumn("Status", width=90,
                                                 help="Diganti: file bernama sama dimuat lagi sesudahnya"),
            "rows_read": st.column_config.NumberColumn("Dibaca", format=COUNT, width=75),
            "rows_loaded": st.column_config.NumberColumn("Dimuat", format=COUNT, width=75),
            "rows_rejected": st.column_config.NumberColumn("Ditolak", format=COUNT, width=75),
            "rows_skipped": st.column_config.NumberColumn("Dilewati", format=COUNT, width=75,
                                                          help="Baris judul, kosong, jumlah, tanda tangan"),
            "notes": st.column_config.NumberColumn("Catatan", format=COUNT, width=75),
            "dataset": st.column_config.TextColumn("Jenis data", width=230),
            "replaced_batch_id": st.column_config.NumberColumn("Mengganti batch", format=COUNT, width=115),
            "loaded_by": st.column_config.TextColumn("Dimuat oleh", width=200),
            "sha": st.column_config.TextColumn("Sidik file (SHA-256)", width=150),
        },
        hide_index=True,
        width="stretch",
        placeholder="–",
    )

demo_removal_section(viewer)  # ── Hapus data contoh (fiktif), with a confirmation step ──


# ── Batalkan muatan terakhir ──
if roles.may(viewer.role, roles.UNDO_LOAD):
    with st.container(key="batalkan"):
        st.subheader("Batalkan muatan terakhir")
        backup = last_undoable_backup()
        if backup is None:
            st.caption("Belum ada cadangan: tidak ada muatan yang dapat dibatalkan.")
        elif undo_restores_demo() and not roles.may(viewer.role, roles.REMOVE_DEMO):
            st.caption("Perubahan terakhir adalah penghapusan data contoh (fiktif); membatalkannya mengembalikan data "
                       "contoh ke angka kantor, sehingga hanya pimpinan yang dapat melakukannya.")
        else:
            st.caption(
                "Mengembalikan seluruh basis data ke keadaan sebelum muatan terakhir (atau sebelum penghapusan "
                "data contoh, bila itu perubahan terakhir; dari cadangan "
                f"`{backup.name}`). Keadaan yang dibatalkan tetap disimpan sebagai cadangan. Sama dengan "
                "`python -m loaders --undo`."
            )
            sure = st.checkbox("Saya mengerti bahwa muatan terakhir akan dihapus dari basis data", key="undo_yakin")
            if st.button("Batalkan muatan terakhir", disabled=not sure, icon=":material/undo:", key="undo_tombol"):
                try:
                    used = undo_last_load()
                except (db.NoBackupError, db.DatabaseBusyError) as exc:
                    st.error(str(exc), icon=":material/error:")
                else:
                    record("batalkan_muatan", {"cadangan": used.name})
                    st.session_state.pop("undo_yakin", None)
                    st.success("Muatan terakhir dibatalkan. Muat ulang halaman lain untuk melihat data terbaru.",
                               icon=":material/check_circle:")
