"""Audit: who signed in, exported, uploaded or loaded what, and when (pimpinan only).

The rows come from :mod:`netralitas.audit` (its own SQLite file, not the main database). Filters are on the page,
not in the sidebar: they select audit rows, not cases. The filtered rows can be downloaded as CSV or Excel, and
that download is itself recorded.
"""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import datetime as dt
import io

import pandas as pd
import streamlit as st

from netralitas import audit, clock, export, roles
from netralitas.formatting import format_number
from pages.shared.auth import record as record_audit
from pages.shared.auth import require_action

SHOWN_ROWS = 2_000  # rows sent to the browser at once
ROLE_NAMES = {**roles.ROLE_LABELS, audit.COMMAND_LINE_ROLE: "CLI (server)", "-": "–"}

require_action(roles.READ_AUDIT)

st.title("Jejak Audit")
st.caption("Siapa masuk, gagal masuk, keluar, mengekspor, mengunggah atau memuat data, dan kapan (WIB). "
           f"Tersimpan di `{audit.audit_path().name}`, terpisah dari basis data utama; baris tidak pernah diubah.")

today = clock.today()
top = st.columns([1, 1, 2, 2])
date_from = top[0].date_input("Dari tanggal", value=today - dt.timedelta(days=30), format="DD/MM/YYYY",
                              key="audit_dari")
date_to = top[1].date_input("Sampai tanggal", value=today, format="DD/MM/YYYY", key="audit_sampai")
actions = top[2].multiselect("Tindakan", list(audit.ACTIONS), format_func=lambda a: audit.ACTIONS.get(a, a),
                             placeholder="Semua tindakan", key="audit_tindakan")
users = top[3].multiselect("Pengguna", audit.users_seen(), placeholder="Semua pengguna", key="audit_pengguna")
search = st.text_input("Cari di rincian (nama file, filter, alamat IP …)", key="audit_cari", max_chars=100)


since = clock.local_midnight(date_from) if isinstance(date_from, dt.date) else None
until = clock.local_midnight(date_to + dt.timedelta(days=1)) if isinstance(date_to, dt.date) else None
rows = audit.read(since=since, until=until, users=users, actions=actions, search=search)

counts = rows["action"].value_counts() if not rows.empty else pd.Series(dtype="int64")
cols = st.columns(5)
cols[0].metric("Baris audit", format_number(len(rows)))
cols[1].metric("Masuk", format_number(int(counts.get("masuk", 0))))
cols[2].metric("Gagal masuk", format_number(int(counts.get("masuk_gagal", 0))))
cols[3].metric("Ekspor / unduh", format_number(int(counts.get("ekspor", 0))))
cols[4].metric("Unggah & muat", format_number(int(counts.get("unggah", 0)) + int(counts.get("muat", 0))))

table = pd.DataFrame({
    "time": rows["time"],
    "user": rows["user"],
    "role": [ROLE_NAMES.get(r, r) for r in rows["role"]],
    "action": [audit.ACTIONS.get(a, a) for a in rows["action"]],
    "details": [audit.describe_details(d) for d in rows["details"]],
})

if table.empty:
    st.info("Tidak ada baris audit untuk pilihan ini. Ubah rentang tanggal atau filter di atas.",
            icon=":material/filter_alt_off:")
    st.stop()

if len(table) > SHOWN_ROWS:
    st.caption(f"Ditampilkan {format_number(SHOWN_ROWS)} baris terbaru dari {format_number(len(table))}; unduh "
               "untuk daftar lengkap.")
st.dataframe(
    table.head(SHOWN_ROWS),
    column_config={
        "time": st.column_config.DatetimeColumn("Waktu (WIB)", format="DD/MM/YYYY HH:mm:ss", width=125),
        "user": st.column_config.TextColumn("Pengguna", width=100),
        "role": st.column_config.TextColumn("Peran", width=80),
        "action": st.column_config.TextColumn("Tindakan", width=130),
        "details": st.column_config.TextColumn("Rincian", help="Arahkan kursor ke sel untuk teks lengkap"),
    },
    hide_index=True,
    width="stretch",
    height=440,
)


def _download_frame() -> pd.DataFrame:
    """The filtered rows as a plain table with Indonesian headers; text that a spreadsheet could run as a formula
    (a user name typed at the sign-in form can be anything) is neutralised."""
    out = pd.DataFrame({
        "Waktu (WIB)": rows["time"],
        "Pengguna": rows["user"],
        "Peran": rows["role"],
        "Tindakan": rows["action"],
        "Keterangan tindakan": [audit.ACTIONS.get(a, a) for a in rows["action"]],
        "Rincian (JSON)": rows["details"],
    })
    for col in ("Pengguna", "Peran", "Tindakan", "Keterangan tindakan", "Rincian (JSON)"):
        out[col] = [export.neutralise(str(v)) if isinstance(v, str) else v for v in out[col]]
    return out


def _csv() -> bytes:
    frame = _download_frame()
    frame["Waktu (WIB)"] = frame["Waktu (WIB)"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return frame.to_csv(index=False, sep=export.CSV_DELIMITER).encode("utf-8-sig")


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as xl:
        _download_frame().to_excel(xl, sheet_name="Audit", index=False)
        sheet = xl.sheets["Audit"]
        sheet.set_column(0, 0, 20, xl.book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"}))
        sheet.set_column(1, 4, 18)
        sheet.set_column(5, 5, 80)
        sheet.freeze_panes(1, 0)
    return buffer.getvalue()


stamp = clock.today().isoformat()
filter_details = {"dari": str(date_from), "sampai": str(date_to), "tindakan": actions, "pengguna": users,
                  "cari": search}


def _record_download(kind: str, file_name: str) -> None:
    record_audit("ekspor", {"isi": "jejak audit", "format": kind, "file": file_name, "filter": filter_details,
                            "baris": len(rows)})


row = st.container(horizontal=True, vertical_alignment="center", gap="small")
for kind, label, builder, mime, icon in (
    ("xlsx", "Unduh Excel (.xlsx)", _xlsx, export.XLSX_MIME, ":material/download:"),
    ("csv", "Unduh CSV", _csv, export.CSV_MIME, ":material/table:"),
):
    name = f"audit-netralitas-asn_{stamp}.{kind}"
    row.download_button(label, data=builder(), file_name=name, mime=mime, icon=icon, key=f"audit_unduh_{kind}",
                        on_click=_record_download, args=(kind, name), type="primary" if kind == "xlsx" else "secondary")
st.caption(f"Unduhan berisi {format_number(len(rows))} baris sesuai filter di atas, dan tercatat sebagai ekspor.")
