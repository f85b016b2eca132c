"""Unggah Data: upload a register, see a dry run of what would load, then commit it to the database.

The page does no parsing: the dry run and the commit go through ``loaders.pipeline.load_paths`` — the same code
as ``python -m loaders``. The uploaded file keeps its own name, because the contract identifies files by name
(loading a file with the same name again replaces its earlier rows; identical content is skipped). The file name
sent by the browser, sheet names and the loader's messages that quote cells reach the page's Markdown only through
:func:`netralitas.literal.markdown_literal`.
"""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import pandas as pd
import streamlit as st

from loaders.layout import SKIP_KINDS
from loaders.pipeline import FileResult, LoadedBy, load_paths
from loaders.reading import cell_limit
from loaders.results import REGISTER_LABELS
from netralitas import clock, queries, roles
from netralitas.db import DatabaseBusyError
from netralitas.formatting import format_date, format_number
from netralitas.literal import markdown_literal
from netralitas.normalize import NOTE_KINDS
from netralitas.uploads import (
    MAX_UPLOAD_CELLS,
    UPLOAD_SUFFIXES,
    UploadError,
    new_upload_dir,
    remove_upload_dir,
    save_upload,
)
from netralitas.vocab import vocabulary
from pages.shared.auth import current_viewer, require_action
from pages.shared.auth import record as record_audit
from pages.shared.database import clear_caches, database_file, query
from pages.shared.demo_removal import demo_removal_pointer
from pages.shared.filters import link_params, sidebar_filters
from pages.shared.header import page_header

UPLOAD_STATE = "_unggah"  # {"file_id", "dir", "path", "name", "dry_run"} of the file being checked
RESULT_STATE = "_unggah_hasil"  # the FileResult of the last commit, shown once after the rerun
WIDGET_COUNTER = "_unggah_widget"  # bumped after a commit so the uploader starts empty
COUNT = "%d"


class _ProgressBar:
    """The loader's ``progress(done, total, label)`` callback drawn as a Streamlit progress bar."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.bar = st.progress(0.0, text=f"{verb} …")

    def __call__(self, done: int, total: int, label: str) -> None:
        share = min(1.0, done / total) if total else 1.0
        if done >= total:
            text = "Menyimpan ke basis data …" if self.verb.startswith("Memuat") else "Menyusun ringkasan …"
        else:
            text = f"{self.verb} {markdown_literal(label)}: {format_number(done)} dari {format_number(total)} baris"
        self.bar.progress(share, text=text)

    def clear(self) -> None:
        """Remove the bar."""
        self.bar.empty()


def _sheet_table(result: FileResult) -> pd.DataFrame:
    """Per sheet: what it holds (reported persons or prevention activities), rows read, to load, rejected, skipped
    and data-quality notes."""
    return pd.DataFrame(
        {
            "sheet": [s.name or "(CSV)" for s in result.sheets],
            "register": [REGISTER_LABELS.get(s.register, s.register) if s.has_header else "–" for s in result.sheets],
            "rows_read": [s.rows_read for s in result.sheets],
            "loaded": [s.loaded for s in result.sheets],
            "rejected": [len(s.rejected) for s in result.sheets],
            "skipped": [s.skipped_total for s in result.sheets],
            "notes": [sum(s.notes.values()) for s in result.sheets],
        }
    )


def _show_sheets(result: FileResult, loaded_label: str) -> None:
    """The per-sheet summary of a dry run or a load, with rejected rows, skipped rows and notes."""
    st.dataframe(
        _sheet_table(result),
        column_config={
            "sheet": st.column_config.TextColumn("Sheet", width="medium"),
            "register": st.column_config.TextColumn("Isi", width="medium",
                                                    help="Register pelanggaran (satu baris per terlapor) atau register "
                                                         "kegiatan pencegahan (satu baris per kegiatan)"),
            "rows_read": st.column_config.NumberColumn("Baris dibaca", format=COUNT),
            "loaded": st.column_config.NumberColumn(loaded_label, format=COUNT),
            "rejected": st.column_config.NumberColumn("Ditolak", format=COUNT),
            "skipped": st.column_config.NumberColumn("Dilewati", format=COUNT,
                                                     help="Baris judul, kosong, jumlah/total, tanda tangan"),
            "notes": st.column_config.NumberColumn("Catatan kualitas", format=COUNT),
        },
        hide_index=True,
        width="stretch",
    )
    for sheet in result.sheets:
        if sheet.problem:
            st.warning(f"Sheet **{markdown_literal(sheet.name or 'CSV')}**: {markdown_literal(sheet.problem)}.",
                       icon=":material/warning:")
    rejected = [(s.name or "(CSV)", row, reason) for s in result.sheets for row, reason in s.rejected]
    if rejected:
        with st.expander(f"Baris ditolak ({format_number(len(rejected))}) — nomor baris dan alasannya"):
            st.dataframe(
                pd.DataFrame(rejected[:1000], columns=["sheet", "row", "reason"]),
                column_config={
                    "sheet": st.column_config.TextColumn("Sheet", width="small"),
                    "row": st.column_config.NumberColumn("Baris", format=COUNT, width="small"),
                    "reason": st.column_config.TextColumn("Alasan", width="large"),
                },
                hide_index=True,
                width="stretch",
            )
            if len(rejected) > 1000:
                st.caption(f"Ditampilkan 1.000 dari {format_number(len(rejected))} baris ditolak.")
    notes = [(s.name or "(CSV)", NOTE_KINDS.get(kind, kind), count)
             for s in result.sheets for kind, count in sorted(s.notes.items())]
    skipped = [(s.name or "(CSV)", SKIP_KINDS.get(kind, kind), count)
               for s in result.sheets for kind, count in sorted(s.skipped.items()) if count]
    if notes or skipped:
        left, right = st.columns(2) if notes and skipped else (st.container(), st.container())
        if notes:
            with left.expander(f"Catatan kualitas data ({format_number(sum(n[2] for n in notes))})", expanded=True):
                st.caption("Baris ini tetap dimuat; nilai yang bermasalah dikosongkan atau ditandai "
                           f"'{vocabulary().unknown}'.")
                st.dataframe(
                    pd.DataFrame(notes, columns=["sheet", "kind", "rows"]),
                    column_config={
                        "sheet": st.column_config.TextColumn("Sheet", width="small"),
                        "kind": st.column_config.TextColumn("Jenis catatan", width="large"),
                        "rows": st.column_config.NumberColumn("Baris", format=COUNT, width="small"),
                    },
                    hide_index=True,
                    width="stretch",
                )
        if skipped:
            with right.expander(f"Baris dilewati ({format_number(sum(s[2] for s in skipped))})"):
                st.dataframe(
                    pd.DataFrame(skipped, columns=["sheet", "kind", "rows"]),
                    column_config={
                        "sheet": st.column_config.TextColumn("Sheet", width="small"),
                        "kind": st.column_config.TextColumn("Jenis baris", width="large"),
                        "rows": st.column_config.NumberColumn("Baris", format=COUNT, width="small"),
                    },
                    hide_index=True,
                    width="stretch",
                )


def _show_last_result(result: FileResult) -> None:
    """What the last commit did (shown once, after the page reran with an empty uploader)."""
    name = markdown_literal(result.source_file)
    if result.status in ("dimuat", "diganti"):
        text = (f"**{name}** dimuat ke basis data: {format_number(result.rows_loaded)} baris "
                f"(batch {result.batch_id}); {format_number(result.rows_rejected)} ditolak, "
                f"{format_number(result.notes_total)} catatan kualitas data.")
        if result.status == "diganti":
            text += (f" {format_number(result.replaced_rows)} baris lama dari file bernama sama telah diganti.")
        if result.duplicates_replaced:
            text += (f" {format_number(result.duplicates_replaced)} orang juga ada di file lain; "
                     "versi file ini yang dipakai.")
        st.success(text, icon=":material/check_circle:")
        with st.expander("Rincian per sheet"):
            _show_sheets(result, "Dimuat")
        left, right, _ = st.columns([1, 1, 2])
        left.page_link("pages/data.py", label="Lihat Data Kasus", icon=":material/table_view:",
                       query_params=link_params() or None)
        right.page_link("pages/kualitas.py", label="Lihat Kualitas Data", icon=":material/fact_check:",
                        query_params=link_params() or None)
    elif result.status == "identik":
        st.info(f"**{name}** dilewati: isi file identik dengan muatan sebelumnya (batch {result.batch_id}). "
                "Tidak ada yang berubah.", icon=":material/content_copy:")
    else:
        st.error(f"**{name}** tidak dapat dimuat: {markdown_literal(result.error)}. Basis data tidak berubah.",
                 icon=":material/error:")


require_action(roles.UPLOAD)  # behind the page list: a role that may not upload has no upload page
filters = sidebar_filters()
viewer = current_viewer()
page_header(
    "Unggah Data",
    filters,
    caption="Muat register pelanggaran atau register kegiatan pencegahan (.xlsx, .xlsm, .xls atau .csv) dengan "
            "pemuat yang sama dengan `python -m loaders`.",
    whole_database=True,
)

last = st.session_state.pop(RESULT_STATE, None)
if last is not None:
    with st.container(key="hasil_muat"):
        _show_last_result(last)
demo_removal_pointer(viewer)  # where to remove the demo once the office's own register is in

st.markdown(
    "1. **Pilih file** register. Sistem lebih dulu melakukan **uji coba**: membaca file tanpa menulis apa pun.\n"
    "2. Periksa ringkasannya per sheet: baris yang akan dimuat, ditolak (dengan alasan), dilewati, dan catatan "
    "kualitas data.\n"
    "3. Tekan **Muat ke basis data**. File bernama sama yang pernah dimuat akan **diganti** seluruh barisnya; "
    "isi yang identik dilewati."
)
uploaded = st.file_uploader(
    "Register pelanggaran atau kegiatan pencegahan netralitas ASN",
    type=[s.lstrip(".") for s in UPLOAD_SUFFIXES],
    key=f"unggah_{st.session_state.get(WIDGET_COUNTER, 0)}",
    help="Nama file dipakai sebagai identitas: unggah ulang dengan nama yang sama untuk memperbarui data file itu.",
)

state = st.session_state.get(UPLOAD_STATE)
if uploaded is None:
    if state:  # the user removed the file: forget it
        remove_upload_dir(state.get("dir"))
        st.session_state.pop(UPLOAD_STATE, None)
    st.stop()

if not state or state.get("file_id") != uploaded.file_id:
    if state:
        remove_upload_dir(state.get("dir"))
    st.session_state.pop(UPLOAD_STATE, None)
    upload_dir = new_upload_dir()
    try:
        path = save_upload(uploaded.name, uploaded.getvalue(), upload_dir)
    except UploadError as exc:
        remove_upload_dir(upload_dir)
        st.error(f"File **{markdown_literal(uploaded.name)}** tidak dapat diproses: {markdown_literal(exc)}. Tidak ada "
                 "yang ditulis ke basis data.", icon=":material/error:")
        st.stop()
    bar = _ProgressBar("Memeriksa")
    try:
        with cell_limit(MAX_UPLOAD_CELLS):
            (dry_run,) = load_paths([path], database_file(), dry_run=True, progress=bar)
    finally:
        bar.clear()
    state = {"file_id": uploaded.file_id, "dir": str(upload_dir), "path": str(path), "name": path.name,
             "dry_run": dry_run}
    st.session_state[UPLOAD_STATE] = state

dry_run: FileResult = state["dry_run"]
name = state["name"]
shown_name = markdown_literal(name)
st.container(key="uji_coba").subheader(f"Uji coba: {shown_name}", anchor=False)

if dry_run.status == "gagal":
    st.error(f"File **{shown_name}** tidak dapat dibaca: {markdown_literal(dry_run.error)}. Tidak ada yang ditulis ke "
             "basis data.", icon=":material/error:")
    st.stop()
if dry_run.status == "identik":
    st.info(f"Isi **{shown_name}** identik dengan file yang sudah dimuat (batch {dry_run.batch_id}). Tidak ada yang "
            "perlu dimuat; file ini akan dilewati.", icon=":material/content_copy:")
    st.stop()

cols = st.columns(5)
cols[0].metric("Baris dibaca", format_number(dry_run.rows_read))
cols[1].metric("Akan dimuat", format_number(dry_run.rows_loaded))
cols[2].metric("Ditolak", format_number(dry_run.rows_rejected))
cols[3].metric("Dilewati", format_number(dry_run.rows_skipped))
cols[4].metric("Catatan kualitas", format_number(dry_run.notes_total))
dataset_label = vocabulary().dataset_labels.get(dry_run.dataset or "", dry_run.dataset or "–")
st.caption(f"Jenis data terdeteksi: **{markdown_literal(dataset_label)}**. Akan dimuat: "
           f"{format_number(dry_run.persons_loaded)} baris terlapor dan "
           f"{format_number(dry_run.activities_loaded)} kegiatan pencegahan.")
_show_sheets(dry_run, "Akan dimuat")

existing = query(queries.file_batch, name)
if existing:
    st.warning(
        f"File bernama **{shown_name}** sudah dimuat pada {format_date(clock.wall_clock(existing['loaded_at']))} "
        f"(batch {existing['batch_id']}, kini {format_number(existing['rows_now'])} baris). Memuat file ini akan "
        "**mengganti** baris-baris lama itu dengan isi file ini.",
        icon=":material/sync:",
    )

nothing = dry_run.rows_loaded == 0
if nothing:
    st.warning(f"{dry_run.nothing_loaded_reason}.", icon=":material/warning:")

if st.button("Muat ke basis data", type="primary", icon=":material/upload:", disabled=nothing, key="muat"):
    bar = _ProgressBar("Memuat")
    try:
        with cell_limit(MAX_UPLOAD_CELLS):
            (result,) = load_paths([state["path"]], database_file(), progress=bar,
                                   loaded_by=LoadedBy(viewer.user, viewer.role))
    except DatabaseBusyError as exc:
        bar.clear()
        st.error(f"{markdown_literal(exc)}. Basis data tidak berubah.", icon=":material/hourglass_top:")
        st.stop()
    bar.clear()
    record_audit("unggah", {"file": result.source_file, "status": result.status, "batch": result.batch_id,
                            "baris_dimuat": result.rows_loaded, "baris_ditolak": result.rows_rejected,
                            "baris_diganti": result.replaced_rows, "galat": result.error})
    clear_caches()
    remove_upload_dir(state.get("dir"))
    st.session_state.pop(UPLOAD_STATE, None)
    st.session_state[RESULT_STATE] = result
    st.session_state[WIDGET_COUNTER] = st.session_state.get(WIDGET_COUNTER, 0) + 1
    st.rerun()
