"""One register per quirk of hand-kept registers (title rows, two-row headers, merged cells, dates and NIP typed
every way, totals, signature blocks, hidden columns, CSV with ";" and a BOM), written with openpyxl, loaded by the
real loader into a real DuckDB file, with the expected value of every row after loading."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from loaders.pipeline import load_paths
from tests.fast_loop import first_fast
from tests.registers import fetch_rows, new_workbook, put_rows, scalar

TITLE = ["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN"]
FIELDS = ("case_id", "cycle", "reported_on", "source_kind", "person_name", "nip", "actor_type", "position", "agency",
          "district", "violation_type", "status", "sanction", "severity", "severity_rank", "source_sheet",
          "source_row")


def load_one(path: Path, db: Path):
    results = load_paths([path], db)
    assert len(results) == 1 and results[0].ok, results[0].error
    res = results[0]
    assert res.rows_read == res.rows_loaded + res.rows_rejected + res.rows_skipped
    return res


def check(rows: list[dict], expected: list[dict]) -> None:
    assert len(rows) == len(expected), [r["person_name"] for r in rows]
    for row, exp in zip(rows, expected, strict=True):
        for key, value in exp.items():
            assert row[key] == value, (key, row["source_row"], row[key], value)


def test_title_rows_two_row_merged_header_and_merged_case(tmp_path: Path) -> None:
    """Title rows; "Terlapor" merged over Nama/NIP/Jabatan/Status; register number and date merged down."""
    wb = new_workbook("Rekap")
    ws = wb.active
    put_rows(ws, [TITLE, ["PEMILIHAN WALI KOTA DAN WAKIL WALI KOTA SEMARANG TAHUN 2020"], ["BAWASLU KOTA SEMARANG"]])
    put_rows(ws, [["No", "No. Reg", "Tgl Temuan/Laporan", "Terlapor", None, None, None, "Unit Kerja", "Kecamatan",
                   "Jenis Pelanggaran", "Status Penanganan", "Tindak Lanjut / Sanksi"],
                  [None, None, None, "Nama", "NIP", "Jabatan", "Status"]], start_row=5)
    for col in "ABCHIJKL":
        ws.merge_cells(f"{col}5:{col}6")
    ws.merge_cells("D5:G5")
    put_rows(ws, [
        [1, "001/TM/PW/Kota/14.29/X/2020", dt.datetime(2020, 10, 2), "Sri Lestari", "19800101 200501 2 003",
         "Lurah", "PNS", "Kelurahan Tugurejo", "Kec. Tugu", "Menghadiri deklarasi paslon", "Diteruskan ke KASN",
         "menunggu rekomendasi KASN"],
        [None, None, None, "Agus Salim", "197901012006041004", "Sekretaris Kelurahan", "P.N.S", "Kelurahan Tugurejo",
         "Tugu", "Menghadiri deklarasi paslon", "Diteruskan ke KASN", "-"],
        [None, None, None, "Bambang Fiktif", None, "Staf", "Tenaga Harian Lepas", "Kelurahan Tugurejo", "TUGU",
         "Menghadiri deklarasi paslon", "Sanksi dijatuhkan", "Diberhentikan"],
        [2, "002/LP/PW/Kota/14.29/XI/2020", "16 November 2020", "Dewi Fiktif", "198802022015032001", "Guru",
         "ASN (PNS)", "SD Negeri Ngaliyan 01", "Ngalian", "Like dan share postingan paslon", "Sanksi dijatuhkan",
         "Sanksi moral pernyataan secara terbuka"],
    ], start_row=7)
    for col in "ABC":
        ws.merge_cells(f"{col}7:{col}9")
    path = tmp_path / "rekap_2020.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    res = load_one(path, db)
    assert (res.rows_loaded, res.rows_rejected) == (4, 0)
    rows = fetch_rows(db)
    base = {"cycle": "Pilwakot 2020", "source_sheet": "Rekap", "agency": "Kelurahan Tugurejo", "district": "Tugu"}
    check(rows, [
        {**base, "case_id": "001/TM/PW/Kota/14.29/X/2020", "reported_on": dt.date(2020, 10, 2), "source_kind": "Temuan",
         "person_name": "Sri Lestari", "nip": "198001012005012003", "actor_type": "PNS", "position": "Lurah",
         "status": "Diteruskan ke KASN", "severity": "Dalam proses", "severity_rank": None, "source_row": 7},
        {**base, "case_id": "001/TM/PW/Kota/14.29/X/2020", "reported_on": dt.date(2020, 10, 2),
         "person_name": "Agus Salim", "nip": "197901012006041004", "actor_type": "PNS", "sanction": None,
         "severity": "Dalam proses", "source_row": 8},
        {**base, "case_id": "001/TM/PW/Kota/14.29/X/2020", "reported_on": dt.date(2020, 10, 2),
         "person_name": "Bambang Fiktif", "nip": None, "actor_type": "THL", "severity": "Pemberhentian",
         "severity_rank": 5, "source_row": 9},
        {"case_id": "002/LP/PW/Kota/14.29/XI/2020", "cycle": "Pilwakot 2020", "reported_on": dt.date(2020, 11, 16),
         "source_kind": "Laporan", "actor_type": "PNS", "district": "Ngaliyan", "severity": "Sanksi moral",
         "severity_rank": 1, "source_row": 10},
    ])
    cycle_basis = scalar(db, "SELECT DISTINCT cycle_basis FROM violations")
    assert cycle_basis == "judul tabel"


def test_column_names_differ_between_files(tmp_path: Path) -> None:
    """Nomor Register / Tanggal / Jenis ASN / OPD / Uraian / Rekomendasi KASN; "Status" holding actor types."""
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [
        ["Nomor Register", "Tanggal", "Nama Terlapor", "NIP", "Jabatan", "Status", "OPD", "Uraian",
         "Rekomendasi KASN"],
        ["003/TM/PL/Kota/14.29/I/2023", "16-01-2023", "Hadi Fiktif", "198001012005011001", "Sekretaris Camat", "PNS",
         "Kecamatan Mijen", "Foto bersama bakal calon", "Sanksi moral"],
        ["004/TM/PL/Kota/14.29/VIII/2023", "Rabu, 16/8/2023", "Rina Fiktif", None, "Guru", "Guru P3K",
         "SD Negeri Mijen 02", "Terdaftar sebagai bacaleg", "PHPK tidak dengan hormat"],
    ])
    path = tmp_path / "register.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    check(fetch_rows(db), [
        {"case_id": "003/TM/PL/Kota/14.29/I/2023", "cycle": "Pemilu 2024", "reported_on": dt.date(2023, 1, 16),
         "actor_type": "PNS", "agency": "Kecamatan Mijen", "violation_type": "Foto bersama bakal calon",
         "sanction": "Sanksi moral", "severity": "Sanksi moral", "status": None, "district": None, "source_row": 2},
        {"cycle": "Pemilu 2024", "reported_on": dt.date(2023, 8, 16), "actor_type": "PPPK",
         "severity": "Pemberhentian", "severity_rank": 5, "source_row": 3},
    ])


def test_one_sheet_per_cycle_and_status_column_names(tmp_path: Path) -> None:
    wb = new_workbook("Pilwalkot 2020")
    header = ["No Reg", "Tgl Laporan", "Nama", "NIP", "Status Kepegawaian", "Instansi", "Bentuk Pelanggaran",
              "Status Penanganan", "Sanksi"]
    put_rows(wb.active, [header, ["A-1", "1 Oktober 2020", "Satu", None, "PNS", "DPU", "like", "Diteruskan ke KASN",
                                  None]])
    ws2 = wb.create_sheet("Pemilu 2024")
    put_rows(ws2, [header, ["B-1", "1 Desember 2023", "Dua", None, "Honorer", "DPU", "share", "Sanksi dijatuhkan",
                            "Surat peringatan I"]])
    ws3 = wb.create_sheet("PILKADA SERENTAK 2024")
    put_rows(ws3, [header, ["C-1", "1 Oktober 2024", "Tiga", None, "PPPK", "DPU", "like", "Rekomendasi terbit", "-"]])
    ws4 = wb.create_sheet("Lain")
    put_rows(ws4, [header, ["D-1", "1 Oktober 2024", "Empat", None, "ASN", "DPU", "hadir kampanye", "Diregister",
                            None]])
    path = tmp_path / "semua.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    rows = {r["person_name"]: r for r in fetch_rows(db)}
    assert rows["Satu"]["cycle"] == "Pilwakot 2020" and rows["Satu"]["severity"] == "Dalam proses"
    assert rows["Dua"]["cycle"] == "Pemilu 2024" and rows["Dua"]["actor_type"] == "THL"
    assert rows["Dua"]["severity"] == "Ringan"
    assert rows["Tiga"]["cycle"] == "Pilkada 2024" and rows["Tiga"]["severity"] == "Terbukti, sanksi belum tercatat"
    # no cycle in sheet, title or file name: the date decides
    assert rows["Empat"]["cycle"] == "Pilkada 2024" and rows["Empat"]["actor_type"] == "ASN (tidak dirinci)"
    assert rows["Empat"]["cycle_basis"] == "tanggal"
    assert rows["Empat"]["severity"] == "Dalam proses"


def test_cycle_column_wins_then_file_name(tmp_path: Path) -> None:
    wb = new_workbook("Sheet1")
    put_rows(wb.active, [["No. Reg", "Siklus", "Tanggal", "Nama"],
                         ["X-1", "Pilkada 2020", "1 Desember 2023", "Orang Satu"],
                         ["X-2", None, "1 Desember 2023", "Orang Dua"]])
    path = tmp_path / "register_pilkada2024.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    rows = {r["person_name"]: r for r in fetch_rows(db)}
    assert rows["Orang Satu"]["cycle"] == "Pilwakot 2020" and rows["Orang Satu"]["cycle_basis"] == "kolom"
    assert rows["Orang Dua"]["cycle"] == "Pilkada 2024" and rows["Orang Dua"]["cycle_basis"] == "nama file"


def test_dates_nip_blank_rows_totals_signature_hidden_columns(tmp_path: Path) -> None:
    wb = new_workbook("Pilkada 2024")
    ws = wb.active
    next_row = put_rows(ws, [TITLE, ["PILKADA 2024"], [],
                             ["No", "No. Reg", "Tgl", "Nama", "NIP", "Jenis ASN", "Unit Kerja", "Kecamatan",
                              "Jenis Pelanggaran", "Status Penanganan", "Sanksi", "Catatan internal"]])
    put_rows(ws, [
        [1, "01/TM/2024", dt.datetime(2024, 10, 1), "Satu", 198503122010011003, "PNS", "Diskominfo", "Smg Barat",
         "Like postingan", "Diteruskan ke BKN", "Penundaan KGB 1 tahun", "rahasia"],
        [],
        [2, "02/TM/2024", "31/02/2024", "Dua", "19850312 201001 1 004", "Tenaga Ahli", "Dinkes", "Semarang",
         "Komentar", "Sanksi dijatuhkan", "hukdis ringan (penundaan KGB)", None],
        [3, "03/TM/2024", "16-10-2024", "Tiga", "1,98503E+17", "PPPK", "RSUD", "Gayam Sari",
         "=like postingan calon", "Sanksi dijatuhkan", "TPP tidak dibayarkan", None],
        ["JUMLAH", None, None, 3],
        [],
        [None, None, None, None, None, None, None, None, "Semarang, 31 Desember 2024"],
        [None, None, None, None, None, None, None, None, "Ketua Bawaslu Kota Semarang"],
        [],
        [None, None, None, None, None, None, None, None, "Nama Ketua Fiktif, S.H."],
        [None, None, None, None, None, None, None, None, "NIP. 197001011990031001"],
    ], start_row=next_row)
    ws.column_dimensions["L"].hidden = True
    path = tmp_path / "campuran.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    res = load_one(path, db)
    assert (res.rows_loaded, res.rows_rejected) == (3, 0)
    sheet = res.sheets[0]
    assert sheet.skipped["jumlah"] == 1 and sheet.skipped["tanda_tangan"] == 4
    rows = fetch_rows(db)
    check(rows, [
        {"case_id": "01/TM/2024", "reported_on": dt.date(2024, 10, 1), "nip": "198503122010011000",
         "district": "Semarang Barat", "severity": "Sedang", "cycle": "Pilkada 2024", "source_row": 5},
        {"case_id": "02/TM/2024", "reported_on": None, "nip": "198503122010011004", "actor_type": "Tidak diketahui",
         "district": None, "severity": "Sedang", "source_row": 7},
        {"case_id": "03/TM/2024", "reported_on": dt.date(2024, 10, 16), "nip": "198503000000000000",
         "actor_type": "PPPK", "district": "Gayamsari", "violation_type": "=like postingan calon", "severity": "Sedang",
         "source_row": 8},
    ])
    notes = fetch_rows(db, "SELECT source_row, kind FROM quality_notes ORDER BY source_row, kind")
    kinds = {(n["source_row"], n["kind"]) for n in notes}
    assert {(5, "nip_angka"), (7, "tanggal"), (7, "jenis_pegawai"), (7, "kecamatan"), (7, "sanksi_bertentangan"),
            (8, "nip_angka"), (8, "rumus")} <= kinds
    # the hidden column's text is kept in the raw record of the row
    raw = json.loads(rows[0]["raw"])
    assert raw["Catatan internal"] == "rahasia"


def test_formulas_are_stored_as_their_text(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    ws = wb.active
    put_rows(ws, [["No. Reg", "Nama", "Jenis Pelanggaran", "Sanksi"], ["R-1", "Satu", None, "teguran lisan"]])
    ws["C2"] = '=HYPERLINK("http://contoh.invalid","klik")'  # a real formula cell
    ws["B3"] = "+62 812"
    ws["A3"] = "R-2"
    ws["C3"] = "@SUM(1)"
    ws["D3"] = "-"
    path = tmp_path / "rumus.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    rows = fetch_rows(db)
    assert rows[0]["violation_type"] == '=HYPERLINK("http://contoh.invalid","klik")'
    assert rows[1]["person_name"] == "+62 812" and rows[1]["violation_type"] == "@SUM(1)"


def test_rejected_rows_have_row_number_and_reason(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [
        ["No", "No. Reg", "Nama", "NIP", "Jenis Pelanggaran"],
        [1, "R-1", "Satu", None, "like"],
        [2, None, None, None, "uraian tanpa terlapor"],
        [3, None, "Tanpa Nomor", None, "share"],
        [4],  # only the running number: an empty template row
    ])
    path = tmp_path / "tolak.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    res = load_one(path, db)
    assert (res.rows_loaded, res.rows_rejected, res.rows_skipped) == (2, 1, 2)
    rejected = fetch_rows(db, "SELECT * FROM rejected_rows")
    assert rejected[0]["source_row"] == 3 and rejected[0]["source_sheet"] == "Pemilu 2024"
    assert "Tidak ada nama terlapor" in rejected[0]["reason"]
    assert json.loads(rejected[0]["raw"]) == {"No": "2", "Jenis Pelanggaran": "uraian tanpa terlapor"}
    derived = scalar(db, "SELECT case_id FROM violations WHERE person_name = 'Tanpa Nomor'")
    assert derived == "TANPA-NOREG:tolak.xlsx:Pemilu 2024:4"


def test_csv_semicolon_bom_quoted_newline(tmp_path: Path) -> None:
    text = (
        "\ufeffNo;No. Reg;Tanggal;Nama;NIP;Status ASN;Kecamatan;Uraian;Sanksi\r\n"
        '1;CSV-1;16/09/2020;Budi Fiktif;\'198001012005011001;PNS;Kec. Banyumanik;"foto\r\nbersama";teguran tertulis\r\n'
        "2;CSV-2;17/09/2020;Siti Fiktif;;Non-ASN;Candi Sari;like;-\r\n"
    )
    path = tmp_path / "pilwakot_2020.csv"
    path.write_bytes(text.encode("utf-8"))
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    rows = fetch_rows(db)
    check(rows, [
        {"case_id": "CSV-1", "cycle": "Pilwakot 2020", "reported_on": dt.date(2020, 9, 16), "nip": "198001012005011001",
         "actor_type": "PNS", "district": "Banyumanik", "violation_type": "foto\nbersama", "severity": "Ringan",
         "source_sheet": None, "source_row": 2},
        {"case_id": "CSV-2", "actor_type": "THL", "district": "Candisari", "severity": "Tidak diketahui",
         "source_row": 4},
    ])


def test_csv_cp1252_comma_separated(tmp_path: Path) -> None:
    text = "No. Reg,Nama,Jabatan,Tanggal\r\nW-1,José Fiktif,Staf,1 Maret 2024\r\n"
    path = tmp_path / "lama.csv"
    path.write_bytes(text.encode("cp1252"))
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    row = fetch_rows(db)[0]
    assert row["person_name"] == "José Fiktif" and row["cycle"] == "Pemilu 2024"


def test_section_title_rows_set_the_cycle(tmp_path: Path) -> None:
    wb = new_workbook("Rekap Semua")
    ws = wb.active
    put_rows(ws, [["No", "No. Reg", "Nama", "Tanggal"], ["A. PILWAKOT 2020"], [1, "S-1", "Satu", None],
                  ["B. PEMILU 2024"], [1, "S-2", "Dua", None]])
    ws.merge_cells("A2:D2")
    ws.merge_cells("A4:D4")
    path = tmp_path / "rekap.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    res = load_one(path, db)
    assert res.sheets[0].skipped["bagian"] == 2
    rows = {r["person_name"]: r["cycle"] for r in fetch_rows(db)}
    assert rows == {"Satu": "Pilwakot 2020", "Dua": "Pemilu 2024"}


def test_repeated_header_and_reporter_name_column(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [
        ["No. Reg", "Nama Pelapor", "Nama Terlapor", "Jenis Pegawai"],
        ["P-1", "Warga Pelapor", "Terlapor Satu", "PNS"],
        ["No. Reg", "Nama Pelapor", "Nama Terlapor", "Jenis Pegawai"],
        ["P-2", "Warga Lain", "Terlapor Dua", "THL"],
    ])
    path = tmp_path / "pelapor.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    res = load_one(path, db)
    assert res.sheets[0].skipped["header"] == 2
    assert [r["person_name"] for r in fetch_rows(db)] == ["Terlapor Satu", "Terlapor Dua"]


@pytest.mark.parametrize("header", first_fast(["Status ASN", "Status Kepegawaian", "Jenis ASN", "Status Pegawai"]))
def test_actor_column_synonyms(tmp_path: Path, header: str) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [["No. Reg", "Nama", header], ["Q-1", "Satu", "P3K"]])
    path = tmp_path / "q.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    assert fetch_rows(db)[0]["actor_type"] == "PPPK"


def test_reporter_and_terlapor_groups_under_merged_parents(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    ws = wb.active
    put_rows(ws, [["No. Reg", "Pelapor", None, "Terlapor", None, None],
                  [None, "Nama", "Alamat", "Nama", "NIP", "Status"],
                  ["L-1", "Warga Fiktif", "Jl. Contoh", "Terlapor Fiktif", "198001012005011001", "PPPK"]])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:F1")
    path = tmp_path / "laporan.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    row = fetch_rows(db)[0]
    assert (row["person_name"], row["nip"], row["actor_type"]) == ("Terlapor Fiktif", "198001012005011001", "PPPK")


def test_legacy_xls_workbook(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Pilwakot 2020")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for c, h in enumerate(["No. Reg", "Tanggal", "Nama", "NIP", "Jenis ASN", "Kecamatan", "Sanksi"]):
        sheet.write(1, c, h)
    sheet.write(0, 0, "REKAP PELANGGARAN NETRALITAS ASN")
    values = ["X-01", dt.datetime(2020, 10, 5), "Lama Fiktif", "198001012005011001", "P3K", "Gunung Pati",
              "teguran tertulis"]
    for c, v in enumerate(values):
        sheet.write(2, c, v, date_style if isinstance(v, dt.datetime) else xlwt.Style.default_style)
    path = tmp_path / "lama.xls"
    book.save(str(path))
    db = tmp_path / "t.duckdb"
    load_one(path, db)
    check(fetch_rows(db), [{"case_id": "X-01", "cycle": "Pilwakot 2020", "reported_on": dt.date(2020, 10, 5),
                            "nip": "198001012005011001", "actor_type": "PPPK", "district": "Gunungpati",
                            "severity": "Ringan", "source_row": 3}])
