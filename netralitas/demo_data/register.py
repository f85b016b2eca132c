"""The messy fictional register (openpyxl): one workbook, one sheet per cycle, each laid out the way hand-kept
registers come — title rows, two-row merged headers, other column names, text dates, NIPs typed as numbers or
with spaces, blank and rejected rows, a JUMLAH row and a signature block — with a manifest of where everything is.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from netralitas.demo_data.generator import persons_by_sheet
from netralitas.demo_data.person import DemoPerson
from netralitas.demo_data.tables import CYCLE_INDEX, CYCLE_SPECS, CycleSpec
from netralitas.demo_data.terms import DEMO_MARKER
from netralitas.demo_data.workbook import (
    BAWASLU_LINE,
    DEMO_MARKER_LINE,
    TITLE_LINE,
    manifest_columns,
    save_deterministic,
    set_cell,
    set_widths,
    style_header,
    write_title_rows,
)
from netralitas.formatting import MONTHS_LONG, MONTHS_SHORT

DEMO_REGISTER_FILE = "contoh_register_netralitas_FIKTIF.xlsx"

#: Month names by month number (index 0 unused), as registers write them; weekday names Monday first.
BULAN = ("", *MONTHS_LONG)
BULAN_SINGKAT = ("", *MONTHS_SHORT)
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _nip_spaced(nip: str) -> str:
    """ "198503122010011003" → "19850312 201001 1 003" (the way NIPs are printed)."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def _date_text(day: dt.date, form: int) -> str:
    """Indonesian date texts seen in hand-kept registers (all day-first)."""
    if form == 0:
        return f"{day.day} {BULAN[day.month]} {day.year}"
    if form == 1:
        return f"{HARI[day.weekday()]}, {day.day}/{day.month}/{day.year}"
    if form == 2:
        return f"{day.day:02d}-{day.month:02d}-{day.year}"
    if form == 3:
        return f"{day.day} {BULAN_SINGKAT[day.month]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _case_groups(persons: Sequence[DemoPerson]) -> list[list[DemoPerson]]:
    """Consecutive persons with the same register number form one case."""
    groups: list[list[DemoPerson]] = []
    for p in persons:
        if groups and groups[-1][0].case_id == p.case_id:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


# The process-date headers are names the loader's vocabulary knows exactly ("Tgl SK Sanksi" would not do:
# the header matcher reads the word "Sanksi" in it as the sanction column).
_HEADERS_A = (
    "No", "No. Reg", "Tgl Temuan/Laporan", "Sumber", "Nama", "NIP", "Jabatan", "Status", "Unit Kerja",
    "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Tgl Penerusan", "Tgl SK", "Tindak Lanjut / Sanksi",
)

_HEADERS_B = (
    "Nomor Register", "Tanggal", "Jenis Temuan", "Nama Terlapor", "NIP", "Jabatan", "Status Kepegawaian",
    "Instansi", "Kec.", "Bentuk Pelanggaran", "Status", "Tanggal Penerusan", "Tanggal Rekomendasi",
    "Tanggal Sanksi", "Rekomendasi KASN/BKN / Sanksi",
)

_HEADERS_C = (
    "No.", "No Reg", "Tgl", "Sumber", "Nama", "NIP", "Jabatan", "Jenis ASN", "OPD", "Kecamatan", "Uraian",
    "Catatan", "Status Penanganan", "Tgl Penerusan", "Tgl Sanksi", "Sanksi",
)

#: Field of DemoPerson shown in each column ("_no" = running number, "_note" = internal note).
_FIELDS_A = ("_no", "case_id", "reported_on", "source_kind", "person_name", "nip", "position", "actor_type",
             "agency", "district", "violation_type", "status", "forwarded_on", "sanctioned_on", "sanction")

_FIELDS_B = ("case_id", "reported_on", "source_kind", "person_name", "nip", "position", "actor_type", "agency",
             "district", "violation_type", "status", "forwarded_on", "recommended_on", "sanctioned_on", "sanction")

_FIELDS_C = ("_no", "case_id", "reported_on", "source_kind", "person_name", "nip", "position", "actor_type",
             "agency", "district", "violation_type", "_note", "status", "forwarded_on", "sanctioned_on", "sanction")

_SIGNERS = {
    "A": "Purnomo Adi Saputro, S.H.",
    "B": "Dyah Ayu Kusumaningrum, S.Sos.",
    "C": "Galih Prakoso Wibisono, S.IP., M.Si.",
}

_NOTES_C = ("", "", "", "", "cek berkas fisik", "sudah input SIPP", "konfirmasi ke kelurahan", "verifikasi ulang")


def _person_cells(p: DemoPerson) -> dict[str, Any]:
    """Person-level values by field name (as written)."""
    return {
        "person_name": p.person_name,
        "position": p.position,
        "actor_type": p.actor_raw,
        "agency": p.agency,
        "district": p.district_raw,
        "violation_type": p.violation_type,
        "status": p.status_raw,
        "sanction": p.sanction,
    }


def _footer(
    ws: Any, row: int, label_col: int, count_col: int, count: int, sign_col: int, sign_date: str, signer: str
) -> tuple[int, list[int]]:
    """JUMLAH row, two blank rows, signature block. Returns (total row, footer rows)."""
    from openpyxl.styles import Font

    cell = set_cell(ws, row, label_col, "JUMLAH")
    cell.font = Font(bold=True)
    set_cell(ws, row, count_col, count).font = Font(bold=True)
    r = row + 3
    rows = []
    for line in (sign_date, "Ketua Bawaslu Kota Semarang", None, signer):
        if line:
            set_cell(ws, r, sign_col, line)
        rows.append(r)
        r += 1
    return row, rows


#: Columns of layout A merged down over a multi-person case: No, No. Reg, Tgl, Sumber and Tgl Penerusan.
_MERGED_CASE_COLUMNS_A = (1, 2, 3, 4, 13)


def _write_layout_a(ws: Any, spec: CycleSpec, persons: Sequence[DemoPerson]) -> dict[str, Any]:
    """Two-row merged header; No/No. Reg/Tgl/Sumber/Tgl Penerusan merged down over a multi-person case;
    real dates (also in Tgl Penerusan and Tgl SK)."""
    ncols = len(_HEADERS_A)
    title_rows = write_title_rows(ws, (TITLE_LINE, spec.cycle_line, BAWASLU_LINE, DEMO_MARKER_LINE), ncols)
    # Header: rows 5-6. "Terlapor" over Nama/NIP/Jabatan/Status.
    for c, name in enumerate(_HEADERS_A, start=1):
        if 5 <= c <= 8:
            set_cell(ws, 6, c, name)
        else:
            set_cell(ws, 5, c, name)
            ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    set_cell(ws, 5, 5, "Terlapor")
    ws.merge_cells(start_row=5, start_column=5, end_row=5, end_column=8)
    style_header(ws, (5, 6), ncols)
    set_widths(ws, (5, 30, 14, 10, 28, 22, 24, 12, 30, 16, 40, 24, 14, 12, 40))

    rng = random.Random(2020)
    groups = _case_groups(persons)
    reject_at = max(1, len(groups) * 2 // 5) if len(groups) >= 5 else -1
    row = 7
    data_rows: list[int] = []
    reject_rows: list[int] = []
    doubtful: dict[int, str] = {}
    merged: list[list[int]] = []
    spaced_nip_rows: list[int] = []
    for gi, group in enumerate(groups):
        if gi == reject_at:
            set_cell(ws, row, 10, "Tembalang")
            set_cell(ws, row, 11, "Baliho paslon terpasang di pagar kantor kelurahan (terlapor belum diketahui)")
            reject_rows.append(row)
            row += 1
        first = group[0]
        top = row
        set_cell(ws, top, 1, gi + 1)
        set_cell(ws, top, 2, first.case_id)
        if first.date_raw is not None:
            set_cell(ws, top, 3, first.date_raw)
        else:
            set_cell(ws, top, 3, first.reported_on, "DD/MM/YYYY")
        set_cell(ws, top, 4, first.source_kind_raw)
        for p in group:
            cells = _person_cells(p)
            set_cell(ws, row, 5, cells["person_name"])
            if p.nip is not None:
                if rng.random() < 0.25:
                    set_cell(ws, row, 6, _nip_spaced(p.nip))
                    spaced_nip_rows.append(row)
                else:
                    set_cell(ws, row, 6, p.nip)
            set_cell(ws, row, 7, cells["position"])
            set_cell(ws, row, 8, cells["actor_type"])
            set_cell(ws, row, 9, cells["agency"])
            set_cell(ws, row, 10, cells["district"])
            set_cell(ws, row, 11, cells["violation_type"])
            set_cell(ws, row, 12, cells["status"])
            if row == top:  # one forwarding per case: written once, merged down like the register number
                set_cell(ws, row, 13, p.forwarded_on, "DD/MM/YYYY")
            set_cell(ws, row, 14, p.sanctioned_on, "DD/MM/YYYY")
            set_cell(ws, row, 15, cells["sanction"])
            data_rows.append(row)
            if p.doubt:
                doubtful[row] = p.doubt
            row += 1
        if len(group) > 1:
            for c in _MERGED_CASE_COLUMNS_A:
                ws.merge_cells(start_row=top, start_column=c, end_row=row - 1, end_column=c)
            merged.append([top, row - 1])
    total_row, footer_rows = _footer(ws, row, 1, 5, len(persons), 12, spec.signature_date, _SIGNERS["A"])
    ws.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=4)
    return {
        "layout": "A",
        "title_rows": title_rows,
        "header_rows": [5, 6],
        "columns": manifest_columns(_HEADERS_A, _FIELDS_A),
        "data_rows": data_rows,
        "reject_rows": reject_rows,
        "blank_rows": [],
        "lossy_nip_rows": [],
        "numeric_nip_rows": [],
        "spaced_nip_rows": spaced_nip_rows,
        "text_date_rows": [r for r, k in doubtful.items() if k == "unreadable_date"],
        "doubtful_rows": doubtful,
        "merged_case_rows": merged,
        "merged_case_columns": list(_MERGED_CASE_COLUMNS_A),
        "hidden_columns": [],
        "total_row": total_row,
        "footer_rows": footer_rows,
    }


def _write_layout_b(ws: Any, spec: CycleSpec, persons: Sequence[DemoPerson]) -> dict[str, Any]:
    """Single header row with other names; dates as text (process dates too, in mixed forms); NIPs partly
    typed as numbers (some lossy)."""
    ncols = len(_HEADERS_B)
    title_rows = write_title_rows(ws, (BAWASLU_LINE, TITLE_LINE, spec.cycle_line, DEMO_MARKER_LINE), ncols)
    for c, name in enumerate(_HEADERS_B, start=1):
        set_cell(ws, 5, c, name)
    style_header(ws, (5,), ncols)
    set_widths(ws, (30, 20, 12, 28, 22, 24, 16, 30, 16, 40, 22, 20, 20, 20, 40))

    rng = random.Random(2024)
    rng_dates = random.Random(2026)  # forms of the process dates (apart, so the other cells stay as they were)
    groups = _case_groups(persons)
    reject_at = max(1, len(groups) * 3 // 5) if len(groups) >= 5 else -1
    row = 6
    data_rows: list[int] = []
    reject_rows: list[int] = []
    doubtful: dict[int, str] = {}
    numeric: list[int] = []
    lossy: list[int] = []
    text_dates: list[int] = []
    for gi, group in enumerate(groups):
        if gi == reject_at:
            set_cell(ws, row, 2, "12 Januari 2024")
            set_cell(ws, row, 10, "Kepala sekolah mengarahkan wali murid memilih caleg tertentu (identitas belum ada)")
            reject_rows.append(row)
            row += 1
        form = int(rng.random() * 4)
        for p in group:
            cells = _person_cells(p)
            set_cell(ws, row, 1, p.case_id)
            if p.date_raw is not None:
                set_cell(ws, row, 2, p.date_raw)
            elif p.reported_on is not None:
                set_cell(ws, row, 2, _date_text(p.reported_on, form))
            text_dates.append(row)
            set_cell(ws, row, 3, p.source_kind_raw)
            set_cell(ws, row, 4, cells["person_name"])
            if p.nip is not None:
                if rng.random() < 0.16:
                    # A NIP typed as a number: real Excel keeps only 15 significant digits, so the
                    # cell holds e.g. 198503122010011000 (shown as 1,98503E+17). openpyxl would even
                    # write int(nip) with "%.16g", so every numeric NIP here is lossy.
                    set_cell(ws, row, 5, float(p.nip[:15] + "000"))
                    numeric.append(row)
                    lossy.append(row)
                else:
                    set_cell(ws, row, 5, p.nip)
            set_cell(ws, row, 6, cells["position"])
            set_cell(ws, row, 7, cells["actor_type"])
            set_cell(ws, row, 8, cells["agency"])
            set_cell(ws, row, 9, cells["district"])
            set_cell(ws, row, 10, cells["violation_type"])
            set_cell(ws, row, 11, cells["status"])
            for col, day in ((12, p.forwarded_on), (13, p.recommended_on), (14, p.sanctioned_on)):
                if day is not None:
                    set_cell(ws, row, col, _date_text(day, int(rng_dates.random() * 4)))
            set_cell(ws, row, 15, cells["sanction"])
            data_rows.append(row)
            if p.doubt:
                doubtful[row] = p.doubt
            row += 1
    total_row, footer_rows = _footer(ws, row, 1, 4, len(persons), 11, spec.signature_date, _SIGNERS["B"])
    return {
        "layout": "B",
        "title_rows": title_rows,
        "header_rows": [5],
        "columns": manifest_columns(_HEADERS_B, _FIELDS_B),
        "data_rows": data_rows,
        "reject_rows": reject_rows,
        "blank_rows": [],
        "lossy_nip_rows": lossy,
        "numeric_nip_rows": numeric,
        "spaced_nip_rows": [],
        "text_date_rows": text_dates,
        "doubtful_rows": doubtful,
        "merged_case_rows": [],
        "merged_case_columns": [],
        "hidden_columns": [],
        "total_row": total_row,
        "footer_rows": footer_rows,
    }


def _write_layout_c(ws: Any, spec: CycleSpec, persons: Sequence[DemoPerson]) -> dict[str, Any]:
    """Blank row above the header, blank separator row mid-data, hidden 'Catatan' column, mixed finding dates;
    Tgl Penerusan and Tgl Sanksi as real dates."""
    ncols = len(_HEADERS_C)
    title_rows = write_title_rows(ws, (TITLE_LINE, spec.cycle_line, BAWASLU_LINE, DEMO_MARKER_LINE), ncols)
    for c, name in enumerate(_HEADERS_C, start=1):
        set_cell(ws, 6, c, name)
    style_header(ws, (6,), ncols)
    set_widths(ws, (5, 30, 12, 10, 28, 22, 24, 14, 30, 16, 40, 20, 24, 14, 12, 40))
    ws.column_dimensions["L"].hidden = True

    rng = random.Random(2025)
    groups = _case_groups(persons)
    blank_at = len(groups) // 2 if len(groups) >= 4 else -1
    reject_at = (max(1, len(groups) // 4), max(2, len(groups) * 4 // 5)) if len(groups) >= 8 else ()
    row = 7
    no = 0
    data_rows: list[int] = []
    reject_rows: list[int] = []
    blank_rows: list[int] = []
    doubtful: dict[int, str] = {}
    spaced: list[int] = []
    text_dates: list[int] = []
    for gi, group in enumerate(groups):
        if gi == blank_at:
            blank_rows.append(row)
            row += 1
        if gi in reject_at:
            no += 1
            if gi == reject_at[0]:
                set_cell(ws, row, 1, no)
                set_cell(ws, row, 11, "Unggahan dukungan paslon di grup WhatsApp RT (akun tidak teridentifikasi)")
                set_cell(ws, row, 16, "-")
            else:
                set_cell(ws, row, 10, "Pedurungan")
                set_cell(ws, row, 11, "Spanduk dukungan di pagar puskesmas")
            reject_rows.append(row)
            row += 1
        as_text = rng.random() < 0.3
        for p in group:
            no += 1
            cells = _person_cells(p)
            set_cell(ws, row, 1, no)
            set_cell(ws, row, 2, p.case_id + (" " if rng.random() < 0.05 else ""))
            if p.date_raw is not None:
                set_cell(ws, row, 3, p.date_raw)
                text_dates.append(row)
            elif p.reported_on is not None:
                if as_text:
                    set_cell(ws, row, 3, _date_text(p.reported_on, 4))
                    text_dates.append(row)
                else:
                    day = p.reported_on
                    set_cell(ws, row, 3, dt.datetime(day.year, day.month, day.day), "DD/MM/YYYY")
            set_cell(ws, row, 4, p.source_kind_raw)
            name = cells["person_name"]
            set_cell(ws, row, 5, name + "  " if rng.random() < 0.05 else name)
            if p.nip is not None:
                if rng.random() < 0.10:
                    set_cell(ws, row, 6, _nip_spaced(p.nip))
                    spaced.append(row)
                else:
                    set_cell(ws, row, 6, p.nip)
            set_cell(ws, row, 7, cells["position"])
            set_cell(ws, row, 8, cells["actor_type"])
            set_cell(ws, row, 9, cells["agency"])
            set_cell(ws, row, 10, cells["district"])
            set_cell(ws, row, 11, cells["violation_type"])
            set_cell(ws, row, 12, _NOTES_C[int(rng.random() * len(_NOTES_C))])
            set_cell(ws, row, 13, cells["status"])
            for col, day in ((14, p.forwarded_on), (15, p.sanctioned_on)):
                if day is not None:
                    set_cell(ws, row, col, dt.datetime(day.year, day.month, day.day), "DD/MM/YYYY")
            set_cell(ws, row, 16, cells["sanction"])
            data_rows.append(row)
            if p.doubt:
                doubtful[row] = p.doubt
            row += 1
    total_row, footer_rows = _footer(ws, row, 2, 5, len(persons), 13, spec.signature_date, _SIGNERS["C"])
    return {
        "layout": "C",
        "title_rows": title_rows,
        "header_rows": [6],
        "columns": manifest_columns(_HEADERS_C, _FIELDS_C),
        "data_rows": data_rows,
        "reject_rows": reject_rows,
        "blank_rows": [5, *blank_rows],
        "lossy_nip_rows": [],
        "numeric_nip_rows": [],
        "spaced_nip_rows": spaced,
        "text_date_rows": text_dates,
        "doubtful_rows": doubtful,
        "merged_case_rows": [],
        "merged_case_columns": [],
        "hidden_columns": ["L"],
        "total_row": total_row,
        "footer_rows": footer_rows,
    }


def write_demo_register(path: Path, persons: list[DemoPerson]) -> dict[str, dict[str, Any]]:
    """Write the messy fictional register: one .xlsx, one sheet per cycle, each in a different layout.

    Each sheet is laid out as hand-kept registers come (the cycle's ``layout``): "Pilwakot 2020" → A (two-row
    merged header, merged case cells, real dates), "Pemilu 2024" → B (single header, text dates, NIPs as numbers),
    "Pilkada 2024" → C (blank rows, hidden column). Every sheet has the process dates before the sanction column:
    A "Tgl Penerusan" (merged down over a case) and "Tgl SK", C "Tgl Penerusan" and "Tgl Sanksi", as real dates;
    B "Tanggal Penerusan", "Tanggal Rekomendasi" and "Tanggal Sanksi" as text.

    Returns a manifest ``{sheet_name: {...}}`` with, per sheet:

    - ``layout`` ("A"/"B"/"C"), ``title_rows``, ``header_rows``, ``columns`` (field → {col, letter, header});
    - ``data_rows``: Excel row of each person of ``persons_by_sheet(persons)[sheet]``, in order;
    - ``reject_rows`` (rows a loader must reject), ``blank_rows``, ``total_row``, ``footer_rows``;
    - ``numeric_nip_rows`` (NIP typed as a number) and ``lossy_nip_rows`` (number ≠ true NIP; today the same
      rows: the cell keeps 15 significant digits, the truth ``DemoPerson.nip`` keeps all 18);
    - ``spaced_nip_rows``, ``text_date_rows``, ``doubtful_rows`` (row → doubt kind, see DOUBT_KINDS);
    - ``merged_case_rows`` ([top, bottom] of each multi-person case, merged down over
      ``merged_case_columns``), ``hidden_columns``, ``n_persons``.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"Register penanganan pelanggaran netralitas ASN — {DEMO_MARKER}"
    wb.properties.subject = DEMO_MARKER_LINE
    wb.properties.creator = "netralitas.demo_data"
    wb.properties.lastModifiedBy = "netralitas.demo_data"
    wb.properties.description = "Data sintetis untuk demo dasbor; semua nama, NIP dan nomor register fiktif."
    manifest: dict[str, dict[str, Any]] = {}
    writers = {"A": _write_layout_a, "B": _write_layout_b, "C": _write_layout_c}
    for sheet, group in persons_by_sheet(persons).items():
        ci = CYCLE_INDEX.get(sheet)
        spec = CYCLE_SPECS[ci] if ci is not None else replace(CYCLE_SPECS[1], name=sheet, cycle_line=sheet.upper())
        ws = wb.create_sheet(title=sheet[:31])
        entry = writers[spec.layout](ws, spec, group)
        entry["n_persons"] = len(group)
        manifest[ws.title] = entry
    if not manifest:
        ws = wb.create_sheet(title="Data")
        write_title_rows(ws, (TITLE_LINE, BAWASLU_LINE, DEMO_MARKER_LINE), 4)
    save_deterministic(wb, Path(path))
    return manifest
