"""Removing the demo data from the app: a section for the load history on Kualitas Data, and a pointer to it on
Unggah Data. The roles that load registers see the section; only a role that may remove the demo
(:data:`netralitas.roles.REMOVE_DEMO`) gets the button. The removal itself, its rules and the role check are in
:mod:`netralitas.demo_removal` (the same code as ``python -m loaders --hapus-contoh``).

The button asks first: it opens a confirmation listing what will be removed, and only "Ya, hapus data contoh"
removes it — exactly the loads that the confirmation listed (another load meanwhile stops the removal).
"""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from netralitas import clock, db, demo_removal, roles
from netralitas.formatting import format_number
from netralitas.queries import Viewer
from netralitas.vocab import vocabulary
from pages.shared.auth import record
from pages.shared.database import clear_caches, cursor, database_file

CONFIRM_STATE = "_hapus_contoh_konfirmasi"  # the demo batch ids shown in the open confirmation
RESULT_STATE = "_hapus_contoh_hasil"  # the DemoRemoval of the last removal, shown once after the rerun
COUNT = "%d"
UNDO_HINT = ("Dapat dibatalkan: *Batalkan muatan terakhir* di halaman ini, atau `python -m loaders --undo`, "
             "mengembalikan basis data ke keadaan sebelum penghapusan.")


def demo_contents() -> demo_removal.DemoContents:
    """What the database the app reads holds of the demo data."""
    with contextlib.closing(cursor()) as cur:
        return demo_removal.demo_contents(cur)


def _public_record_note() -> str:
    public = vocabulary().dataset_labels.get(demo_removal.PUBLIC_DATASET, demo_removal.PUBLIC_DATASET)
    return (f"*{public}* tidak ikut dihapus: kasusnya nyata dan setiap barisnya menyebut sumber beritanya. "
            "Workbook contoh di folder `data/` tetap ada (instalasi baru tetap dimulai dengan data contoh).")


def _ask(batch_ids: tuple[int, ...]) -> None:
    st.session_state[CONFIRM_STATE] = batch_ids


def _cancel() -> None:
    st.session_state.pop(CONFIRM_STATE, None)


def _batches_table(contents: demo_removal.DemoContents) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "batch_id": [b.batch_id for b in contents.batches],
            "source_file": [b.source_file for b in contents.batches],
            "loaded_at": [clock.wall_clock(b.loaded_at) for b in contents.batches],
            "rows_loaded": [b.rows_loaded for b in contents.batches],
            "state": ["Aktif" if b.active else "Diganti" for b in contents.batches],
        }
    )


def _show_result(result: demo_removal.DemoRemoval) -> None:
    r = result.removed
    if r.empty:
        st.info("Tidak ada data contoh (fiktif) di basis data; tidak ada yang diubah.", icon=":material/info:")
        return
    st.success(
        f"Data contoh (fiktif) dihapus: {format_number(r.persons)} terlapor dalam {format_number(r.cases)} kasus, "
        f"{format_number(r.activities)} kegiatan pencegahan, "
        f"{format_number(r.rejected_rows)} baris ditolak, {format_number(r.quality_notes)} catatan kualitas data "
        f"dan {format_number(len(r.batches))} muatan. Tetap di basis data: "
        f"{format_number(result.remaining_persons)} terlapor. {UNDO_HINT}",
        icon=":material/check_circle:",
    )


def _confirmation(contents: demo_removal.DemoContents, viewer: Viewer) -> None:
    """The confirmation step: what will be removed, then "Ya, hapus data contoh" or "Batal"."""
    with st.container(key="hapus_contoh_konfirmasi", border=True):
        st.warning("**Hapus seluruh data contoh (fiktif)?** Yang akan dihapus dari basis data:",
                   icon=":material/warning:")
        cols = st.columns(5)
        cols[0].metric("Terlapor", format_number(contents.persons))
        cols[1].metric("Kasus", format_number(contents.cases))
        cols[2].metric("Kegiatan pencegahan", format_number(contents.activities))
        cols[3].metric("Baris ditolak", format_number(contents.rejected_rows))
        cols[4].metric("Catatan kualitas", format_number(contents.quality_notes))
        st.dataframe(
            _batches_table(contents),
            column_config={
                "batch_id": st.column_config.NumberColumn("Batch", format=COUNT, width=60),
                "source_file": st.column_config.TextColumn("File", width=320),
                "loaded_at": st.column_config.DatetimeColumn("Dimuat pada (WIB)", format="DD/MM/YYYY HH:mm",
                                                             width=140),
                "rows_loaded": st.column_config.NumberColumn("Dimuat", format=COUNT, width=75),
                "state": st.column_config.TextColumn("Status", width=90),
            },
            hide_index=True,
            width="content",
        )
        st.caption(UNDO_HINT)
        with st.container(horizontal=True):
            confirmed = st.button("Ya, hapus data contoh", type="primary", icon=":material/delete:",
                                  key="hapus_contoh_ya")
            st.button("Batal", key="hapus_contoh_batal", on_click=_cancel)
    if not confirmed:
        return
    try:
        result = demo_removal.remove_demo(database_file(), role=viewer.role,
                                          expected_batches=st.session_state.get(CONFIRM_STATE))
    except (demo_removal.DemoChangedError, demo_removal.DemoRemovalNotAllowedError, db.DatabaseBusyError) as exc:
        _cancel()
        st.error(f"{exc} Basis data tidak berubah.", icon=":material/error:")
        return
    if not result.removed.empty:
        record("hapus_contoh", result.audit_details(database_file()))
    clear_caches()
    _cancel()
    st.session_state[RESULT_STATE] = result
    st.rerun()


def demo_removal_section(viewer: Viewer) -> None:
    """The "Hapus data contoh" section of the load history: for the roles that load registers, while the demo is in
    the database; only a role that may remove the demo gets the button (with its confirmation step)."""
    result = st.session_state.pop(RESULT_STATE, None)
    if result is not None:
        with st.container(key="hapus_contoh_hasil"):
            _show_result(result)
    if not roles.may(viewer.role, roles.UPLOAD):
        return
    contents = demo_contents()
    if contents.empty:
        _cancel()
        return
    with st.container(key="hapus_contoh"):
        st.subheader("Hapus data contoh (fiktif)")
        st.caption(
            f"Data contoh (fiktif) — register rekaan untuk peragaan — masih ada di basis data: "
            f"{format_number(contents.persons)} terlapor dan {format_number(contents.activities)} kegiatan pencegahan "
            f"dari {format_number(len(contents.batches))} muatan. "
            "Menghapusnya membuang seluruh muatan data contoh: baris terlapor, kegiatan pencegahan, baris ditolak, "
            "catatan kualitas data "
            f"dan riwayat muatannya. {_public_record_note()} Sama dengan `python -m loaders --hapus-contoh`."
        )
        if not demo_removal.may_remove(viewer.role):
            st.caption("Hanya pimpinan yang dapat menghapus data contoh.")
            return
        if st.session_state.get(CONFIRM_STATE) == contents.batch_ids:
            _confirmation(contents, viewer)
        else:
            st.button("Hapus data contoh …", icon=":material/delete:", key="hapus_contoh_tombol",
                      on_click=_ask, args=(contents.batch_ids,))


def demo_removal_pointer(viewer: Viewer) -> None:
    """For a role that may remove the demo, while the demo is in the database: where to remove it (Kualitas
    Data)."""
    if not demo_removal.may_remove(viewer.role) or demo_contents().empty:
        return
    st.info("Data contoh (fiktif) masih ada di basis data. Setelah register sendiri dimuat, pimpinan dapat "
            "menghapusnya seluruhnya di *Kualitas Data* → **Hapus data contoh (fiktif)**, di bawah riwayat "
            "muatan.", icon=":material/science:")
    st.page_link("pages/kualitas.py", label="Buka Kualitas Data", icon=":material/fact_check:")
