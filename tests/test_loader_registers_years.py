"""Acceptance test of the register loader on registers kept over five years.

Twenty-one register files (17 loaded together, plus two two-file sequences), written the way different
staff at Bawaslu Kota Semarang keep them over five years: a register printed with its header
repeated on every page, a workbook with summary / chart-data / instruction sheets beside the data sheets, ALL-CAPS
headers with line breaks and trailing colons, one sheet with section title rows per cycle ("I. PILWAKOT 2020") and
numbering restarting, dates typed every way a clerk types them (text, day names, two-digit years, Excel serial
numbers in a General column), NIP with dots / hyphens / "NIP." prefixes / typed as numbers, THL without NIP,
titled names, one person in two cases, the same person in the same case in two files, a changed file re-loaded
under the same name, a tab-separated cp1252 CSV with accented names, a UTF-16 "Unicode text" export, a CSV with a
title line, trailing formatting-only columns, multi-line and abbreviated sanction texts, Bawaslu's own counter
words in the status column, a column-number row under the header, a table starting at C4 with incident /
report / forwarding date columns, a Pelapor-before-Terlapor two-row header, tricky cycle names in a column, and
an old ``.xls`` register.

The expected values are stated by the domain rules (docs/aturan-netralitas.md) rather than by the loader's
vocabulary:
- cycle: a cycle named by a column, sheet name, title row (section title rows included) or the file name
  wins; only where none names one does the date decide.
- severity: lower-case, drop dots, p3k=pppk, hukdis/HD=hukuman disiplin; negations, then process words; the
  heaviest sanction wins; a concrete sanction beats a level word (and the row gets a note); with no sanction
  text, the handling status decides; a status that says the case still waits for a step is the step before it.
- nip: digits only; typed as a number -> Excel's 15 significant digits, no exponent, plus a note.
- case_id: the register number as written, trimmed; merged down over the rows of the merge; without a
  register column, a stable derived id. A "No." row counter is not a register number.
- rows: header/title/blank/total/signature rows are skipped, not rejected; a row is rejected only when
  it has no name, no NIP and no register number.
Points the rules leave open are not asserted (see the ``OneOf`` values and the comments).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlwt
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from loaders.pipeline import load_paths

D = dt.date
RANK = {"Sanksi moral": 1, "Ringan": 2, "Sedang": 3, "Berat": 4, "Pemberhentian": 5}
TP, DP, TB, TD = "Tidak terbukti", "Dalam proses", "Terbukti, sanksi belum tercatat", "Tidak diketahui"
DERIVED = object()  # case_id: no register column -> stable derived id (value not asserted, must be unique)


@dataclass(frozen=True)
class OneOf:
    """Where the documents leave a value open, any of these is accepted."""

    values: tuple

    def __repr__(self) -> str:
        return f"OneOf{self.values}"


# ----------------------------------------------------------------------------------------------- register specs
@dataclass
class Row:
    kind: str  # data | skip (non-data, must be neither loaded nor rejected) | reject | nodata (not loaded)
    cells: list
    exp: dict | None = None


def data(cells: list, exp: dict) -> Row:
    return Row("data", cells, exp)


def skip(cells: list | None = None) -> Row:
    return Row("skip", cells or [])


def reject(cells: list) -> Row:
    return Row("reject", cells)


def nodata(cells: list) -> Row:
    return Row("nodata", cells)


@dataclass
class Sheet:
    name: str | None
    rows: list[Row]
    merges: tuple[str, ...] = ()
    formatted_to: tuple[int, int] | None = None  # (last row, last column) with borders/fill but no values
    wrap_header_row: int | None = None


@dataclass
class Register:
    file: str
    kind: str  # xlsx | csv | xls
    sheets: list[Sheet]
    sep: str = ";"
    encoding: str = "utf-8"
    newline: str = "\r\n"


def E(case, cycle, date, name, nip, actor, district, severity, **more) -> dict:
    return dict(case_id=case, cycle=cycle, reported_on=date, person_name=name, nip=nip, actor_type=actor,
                district=district, severity=severity, **more)


# R01 -- printed register: the header row repeats at the top of every page; total row and signature on the right.
H01 = ["No.", "No. Register", "Tgl Temuan/Laporan", "Nama Terlapor", "NIP", "Status ASN", "Jabatan", "Unit Kerja",
       "Kecamatan", "Bentuk Pelanggaran", "Status Penanganan", "Tindak Lanjut"]
P24 = "Pemilu 2024"
R01 = Register("rekap_netralitas_asn_cetak_per_halaman.xlsx", "xlsx", [Sheet("Pemilu 2024", [
    skip(["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN"]),
    skip(["PEMILU 2024"]),
    skip(["BAWASLU KOTA SEMARANG"]),
    skip(),
    skip(H01),
    data(["1.", "001/TM/PL/Kota/14.24/I/2023", D(2023, 1, 12), "Drs. H. Ahmad Sulistyo, M.Si.",
          "19680412 199003 1 007", "PNS", "Sekretaris Camat", "Kecamatan Mijen", "Mijen",
          "Menghadiri deklarasi bakal calon", "Diteruskan ke KASN", "Sanksi moral berupa pernyataan secara terbuka"],
         exp=E("001/TM/PL/Kota/14.24/I/2023", P24, D(2023, 1, 12), "Drs. H. Ahmad Sulistyo, M.Si.",
               "196804121990031007", "PNS", "Mijen", "Sanksi moral")),
    data(["2.", "001/TM/PL/Kota/14.24/I/2023", D(2023, 1, 12), "Sri Wahyuningsih, S.Sos.", "19750820 200003 2 004",
          "PNS", "Lurah", "Kelurahan Wonolopo", "Mijen", "Menghadiri deklarasi bakal calon", "Diteruskan ke KASN",
          "Sanksi moral pernyataan secara tertutup"],
         exp=E("001/TM/PL/Kota/14.24/I/2023", P24, D(2023, 1, 12), "Sri Wahyuningsih, S.Sos.",
               "197508202000032004", "PNS", "Mijen", "Sanksi moral")),
    data(["3.", "002/LP/PL/Kota/14.24/VIII/2023", D(2023, 8, 21), "Rina Kartikasari, S.Pd.", "19900115 202221 2 011",
          "Guru P3K", "Guru", "SD Negeri Sadeng 02", "Gunungpati", "Terdaftar sebagai bakal calon anggota DPRD",
          "Rekomendasi terbit", "PHPK tidak dengan hormat"],
         exp=E("002/LP/PL/Kota/14.24/VIII/2023", P24, D(2023, 8, 21), "Rina Kartikasari, S.Pd.",
               "199001152022212011", "PPPK", "Gunungpati", "Pemberhentian")),
    skip(H01),
    data(["4.", "003/TM/PL/Kota/14.24/XII/2023", D(2023, 12, 5), "Bambang Setyawan", "-", "THL", "Sopir",
          "Kelurahan Mangkang Wetan", "TUGU", "Memasang baliho caleg", "Sanksi dijatuhkan",
          "Diberhentikan (putus kontrak)"],
         exp=E("003/TM/PL/Kota/14.24/XII/2023", P24, D(2023, 12, 5), "Bambang Setyawan", None, "THL", "Tugu",
               "Pemberhentian")),
    data(["5.", "004/TM/PL/Kota/14.24/I/2024", D(2024, 1, 18), "Dwi Handayani, A.Md.", "19860317 201001 2 015",
          "PNS", "Staf", "Diskominfo", "Kec. Semarang Tengah", "Like dan komentar di Instagram caleg",
          "Sanksi dijatuhkan", "TPP tidak diberikan 1 bulan"],
         exp=E("004/TM/PL/Kota/14.24/I/2024", P24, D(2024, 1, 18), "Dwi Handayani, A.Md.", "198603172010012015",
               "PNS", "Semarang Tengah", "Sedang")),
    skip(H01),
    data(["6.", "005/LP/PL/Kota/14.24/II/2024", D(2024, 2, 9), "Agus Prabowo, S.T.", "19950404 202401 1 001",
          "CPNS", "Staf pelaksana", "DPU", "Pedurungan", "Share video kampanye", "Menunggu rekomendasi KASN", None],
         # no sanction text: the status decides; it is *waiting* for the recommendation -> Dalam proses
         exp=E("005/LP/PL/Kota/14.24/II/2024", P24, D(2024, 2, 9), "Agus Prabowo, S.T.", "199504042024011001",
               "PNS", "Pedurungan", DP)),
    skip(["JUMLAH", None, None, "6 terlapor"]),
    skip(),
    skip([None] * 9 + ["Semarang, 15 Maret 2024"]),
    skip([None] * 9 + ["Ketua Bawaslu Kota Semarang,"]),
    skip([None] * 9 + ["ttd"]),
    skip([None] * 9 + ["( Nama Ketua Fiktif, S.H. )"]),
], merges=("A14:C14",))])

# R02 -- workbook with a summary sheet per kecamatan, a chart-data sheet and an instruction sheet before the data.
KEC16 = ["Banyumanik", "Candisari", "Gajahmungkur", "Gayamsari", "Genuk", "Gunungpati", "Mijen", "Ngaliyan",
         "Pedurungan", "Semarang Barat", "Semarang Selatan", "Semarang Tengah", "Semarang Timur", "Semarang Utara",
         "Tembalang", "Tugu"]
PK24 = "Pilkada 2024"
R02 = Register("laporan_pengawasan_netralitas_asn_2024.xlsx", "xlsx", [
    Sheet("Rekap Kecamatan", [skip(["REKAP JUMLAH TERLAPOR NETRALITAS ASN PER KECAMATAN"]), skip(),
                              skip(["No", "Kecamatan", "Pemilu 2024", "Pilkada 2024", "Jumlah"])]
          + [skip([i + 1, k, int(k in ("Gayamsari", "Candisari", "Genuk")),
                   int(k in ("Semarang Barat", "Tembalang")) * (2 if k == "Semarang Barat" else 1),
                   None]) for i, k in enumerate(KEC16)]
          + [skip([None, "JUMLAH", 3, 3, 6])]),
    Sheet("Data Grafik", [skip(["Bulan", "Temuan", "Laporan"]), skip(["Nov 2023", 1, 0]), skip(["Des 2023", 0, 1]),
                          skip(["Jan 2024", 1, 0]), skip(["Okt 2024", 2, 1])]),
    Sheet("Petunjuk", [skip(["PETUNJUK PENGISIAN"]), skip(["1. Isi satu baris untuk setiap terlapor."]),
                       skip(["2. Kolom NIP diisi 18 digit tanpa spasi."]),
                       skip(["3. Tanggal diisi tanggal temuan/laporan."])]),
    Sheet("Pemilu 2024", [
        skip(["DATA PELANGGARAN NETRALITAS ASN PEMILU 2024"]),
        skip(),
        skip(["No", "No. Reg", "Tanggal", "Terlapor", None, None, None, "Kecamatan", "Jenis Pelanggaran",
              "Rekomendasi KASN"]),
        skip([None, None, None, "Nama", "NIP", "Jabatan", "Status"]),
        data([1, "010/TM/PL/Kota/14.24/XI/2023", D(2023, 11, 30), "Yohanes Krisnanto", "19811111 200901 1 005",
              "Kasubag Umum", "ASN (PNS)", "Gayam Sari", "Share konten kampanye caleg",
              "Hukdis sedang berupa pemotongan tukin 25% selama 6 bulan"],
             exp=E("010/TM/PL/Kota/14.24/XI/2023", P24, D(2023, 11, 30), "Yohanes Krisnanto", "198111112009011005",
                   "PNS", "Gayamsari", "Sedang")),
        data([2, "011/LP/PL/Kota/14.24/XII/2023", D(2023, 12, 14), "Lestari Ningsih, A.Md.Kep.",
              "19880505 201502 2 001", "Perawat", "PNS", "Kec. Candi Sari", "Foto dengan gestur jari",
              "HD ringan - teguran tertulis"],
             exp=E("011/LP/PL/Kota/14.24/XII/2023", P24, D(2023, 12, 14), "Lestari Ningsih, A.Md.Kep.",
                   "198805052015022001", "PNS", "Candisari", "Ringan")),
        data([3, "012/TM/PL/Kota/14.24/I/2024", D(2024, 1, 25), "Slamet Riyadi", None, "Petugas kebersihan",
              "Tenaga Harian Lepas", "GENUK", "Memasang spanduk caleg", "SP1"],
             exp=E("012/TM/PL/Kota/14.24/I/2024", P24, D(2024, 1, 25), "Slamet Riyadi", None, "THL", "Genuk",
                   "Ringan")),
    ], merges=("A1:J1", "A3:A4", "B3:B4", "C3:C4", "D3:G3", "H3:H4", "I3:I4", "J3:J4")),
    Sheet("Pilkada 2024", [
        skip(["No", "Nomor Register", "Tgl Laporan", "Nama", "NIP", "Status Kepegawaian", "Jabatan", "Instansi",
              "Kecamatan", "Uraian", "Status", "Sanksi"]),
        data([1, "001/Reg/TM/PB/Kota/14.24/X/2024", D(2024, 10, 7), "Hendra Wijaya", "19790303 200604 1 012", "PNS",
              "Staf", "Bagian Umum Setda", "Semarang Barat", "Like postingan paslon", "Diteruskan ke BKN",
              "Penundaan KGB 1 tahun"],
             exp=E("001/Reg/TM/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 7), "Hendra Wijaya", "197903032006041012",
                   "PNS", "Semarang Barat", "Sedang")),
        data([2, None, None, "Maria Ulfa, S.E.", "19910707 202321 2 009", "PPPK Paruh Waktu", "Staf administrasi",
              "Bagian Umum Setda", "Smg Barat", "Like postingan paslon", "Diteruskan ke BKN", "Teguran lisan"],
             exp=E("001/Reg/TM/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 7), "Maria Ulfa, S.E.",
                   "199107072023212009", "PPPK", "Semarang Barat", "Ringan")),
        data([3, "002/Reg/LP/PB/Kota/14.24/X/2024", D(2024, 10, 15), "Drs. Imam Santoso, M.Pd.",
              "19691212 199512 1 001", "PNS Guru", "Guru", "SMA Negeri 99 Semarang (Provinsi)", "Tembalang",
              "Menghadiri kampanye paslon gubernur", "Rekomendasi terbit", "Penundaan kenaikan gaji berkala"],
             exp=E("002/Reg/LP/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 15), "Drs. Imam Santoso, M.Pd.",
                   "196912121995121001", "PNS", "Tembalang", "Sedang")),
        skip(),
        nodata(["Catatan: data per 31 Desember 2024"]),  # a note line: must not load (skip or reject both fine)
    ], merges=("B2:B3", "C2:C3")),
])

# R03 -- ALL-CAPS headers with line breaks and trailing colons; a case with three terlapor merged down;
# the cycle only in a title row; pre-numbered empty rows; signature block.
PW20 = "Pilwakot 2020"
R03 = Register("arsip_register_2020_final_rev2.xlsx", "xlsx", [Sheet("Sheet1", [
    skip(["REGISTER PENANGANAN PELANGGARAN NETRALITAS ASN"]),
    skip(["PILWALKOT SEMARANG 2020"]),
    skip(["BAWASLU KOTA SEMARANG"]),
    skip(),
    skip(["NO.", "NO.\nREG :", "TGL.\nTEMUAN/\nLAPORAN :", "NAMA\nTERLAPOR :", "NIP :", "STATUS\nKEPEGAWAIAN :",
          "JABATAN :", "UNIT KERJA :", "KECAMATAN :", "BENTUK\nPELANGGARAN :", "TINDAK LANJUT /\nSANKSI :"]),
    data(["1.", "01/TM/PW/Kota/14.24/IX/2020", "16 September 2020", "Suharto Wibowo, S.IP", "19700707 199303 1 009",
          "P.N.S", "Lurah", "Kelurahan Wates", "Kec. Ngalian", "Menghadiri deklarasi paslon",
          "Pernyataan secara terbuka"],
         exp=E("01/TM/PW/Kota/14.24/IX/2020", PW20, D(2020, 9, 16), "Suharto Wibowo, S.IP", "197007071993031009",
               "PNS", "Ngaliyan", "Sanksi moral")),
    data(["2.", None, None, "Endang Purwati", "19730202 199803 2 003", "Pegawai Negeri Sipil", "Sekretaris Camat",
          "Kecamatan Ngaliyan", "NGALIYAN", "Menghadiri deklarasi paslon", "sanksi moral"],
         exp=E("01/TM/PW/Kota/14.24/IX/2020", PW20, D(2020, 9, 16), "Endang Purwati", "197302021998032003", "PNS",
               "Ngaliyan", "Sanksi moral")),
    data(["3.", None, None, "Joko Susilo", None, "Honorer", "Staf administrasi kelurahan", "Kelurahan Wates",
          "Ngaliyan", "Menghadiri deklarasi paslon", "Teguran tertulis"],
         exp=E("01/TM/PW/Kota/14.24/IX/2020", PW20, D(2020, 9, 16), "Joko Susilo", None, "THL", "Ngaliyan",
               "Ringan")),
    data(["4.", "02/LP/PW/Kota/14.24/X/2020", "Rabu, 7/10/2020", "dr. Fitri Anggraini", "19850930 201101 2 007",
          "PNS", "Dokter", "Puskesmas Padangsari", "BANYU MANIK", "Like dan komentar di Facebook paslon",
          "Tidak terbukti"],
         exp=E("02/LP/PW/Kota/14.24/X/2020", PW20, D(2020, 10, 7), "dr. Fitri Anggraini", "198509302011012007",
               "PNS", "Banyumanik", TP)),
    data(["5.", "03/TM/PW/Kota/14.24/XI/2020", "02-11-2020", "Ir. Bambang Hermanto, M.T.", None,
          "Aparatur Sipil Negara", "Kabid", "DPU", "Kecamatan Gajah Mungkur", "Foto bersama paslon",
          "Hukdis sedang, penundaan kenaikan pangkat 1 thn"],
         exp=E("03/TM/PW/Kota/14.24/XI/2020", PW20, D(2020, 11, 2), "Ir. Bambang Hermanto, M.T.", None,
               "ASN (tidak dirinci)", "Gajahmungkur", "Sedang")),
    nodata(["6."]),  # row numbered in advance, never filled
    nodata(["7."]),
    skip(),
    skip(["JUMLAH", None, None, "5 ORANG"]),
    skip(),
    skip([None] * 8 + ["Semarang, 31 Desember 2020"]),
    skip([None] * 8 + ["Ketua Bawaslu Kota Semarang,"]),
    skip(),
    skip(),
    skip([None] * 8 + ["ttd"]),
    skip([None] * 8 + ["NAMA KETUA FIKTIF"]),
], merges=("B6:B8", "C6:C8"), wrap_header_row=5)])

# R04 -- one sheet for five years: section title rows per cycle, numbering restarts in each section. The section
# decides the cycle even where the date would say otherwise (a late report on Pemilu 2024 in April 2024).
H04 = ["No", "Nomor Register", "Tanggal", "Nama Terlapor", "NIP", "Status ASN", "OPD", "Kecamatan",
       "Jenis Pelanggaran", "Rekomendasi", "Keterangan"]
R04 = Register("rekap_netralitas_semua_pemilihan.xlsx", "xlsx", [Sheet("Rekap", [
    skip(["REKAPITULASI PELANGGARAN NETRALITAS ASN TAHUN 2020 - 2025"]),
    skip(["BAWASLU KOTA SEMARANG"]),
    skip(),
    skip(H04),
    skip(["I. PILWAKOT 2020"]),
    data([1, "01/PW/Kota/2020", D(2020, 10, 1), "Kusnadi", "19660606 198903 1 013", "PNS", "Kecamatan Tugu", "Tugu",
          "Foto bersama paslon dengan gestur jari", "Sanksi moral"],
         exp=E("01/PW/Kota/2020", PW20, D(2020, 10, 1), "Kusnadi", "196606061989031013", "PNS", "Tugu",
               "Sanksi moral")),
    data([2, "02/PW/Kota/2020", D(2020, 11, 20), "Sumarni", "19710909 199403 2 006", "PNS", "Kelurahan Jatingaleh",
          "Candisari", "Komentar di Facebook paslon", "Teguran tertulis"],
         exp=E("02/PW/Kota/2020", PW20, D(2020, 11, 20), "Sumarni", "197109091994032006", "PNS", "Candisari",
               "Ringan")),
    skip(),
    skip(["II. PEMILU 2024"]),
    data([1, "01/PL/Kota/2023", D(2023, 9, 18), "Bayu Aji Nugraha", "19830303 200903 1 004", "PNS",
          "SMP Negeri 77 Semarang", "Banyumanik", "Sosialisasi caleg di sekolah",
          "Pernyataan tidak puas secara tertulis"],
         exp=E("01/PL/Kota/2023", P24, D(2023, 9, 18), "Bayu Aji Nugraha", "198303032009031004", "PNS",
               "Banyumanik", "Ringan")),
    data([2, "02/PL/Kota/2024", D(2024, 4, 3), "Indah Permatasari", "19920202 201902 2 003", "PNS",
          "Dinas Kesehatan", "Semarang Utara", "Laporan susulan: kampanye caleg di grup WA",
          "Dalam proses klarifikasi"],
         exp=E("02/PL/Kota/2024", P24, D(2024, 4, 3), "Indah Permatasari", "199202022019022003", "PNS",
               "Semarang Utara", DP)),
    data([3, "03/PL/Kota/2024", None, "Wahyu Hidayat", "-", "Non ASN", "Satpol PP", "Gayamsari",
          "Memasang baliho caleg", "Kontrak tidak diperpanjang"],
         exp=E("03/PL/Kota/2024", P24, None, "Wahyu Hidayat", None, "THL", "Gayamsari", "Pemberhentian")),
    skip(),
    skip(["III. PILKADA 2024"]),
    data([1, "01/PB/Kota/2024", D(2024, 10, 2), "Nurul Aini, S.Pd.", "19940404 202221 2 008", "PPPK",
          "SD Negeri Genuksari 01", "Genuk", "Posting dukungan paslon", "PHPK dengan hormat"],
         exp=E("01/PB/Kota/2024", PK24, D(2024, 10, 2), "Nurul Aini, S.Pd.", "199404042022212008", "PPPK", "Genuk",
               "Pemberhentian")),
    data([2, "02/PB/Kota/2024", D(2024, 11, 5), "Serda Fiktif Purnomo", None, "TNI", "Koramil",
          "Semarang Timur", "Hadir di kampanye paslon", "Diteruskan ke Kodim"],
         exp=E("02/PB/Kota/2024", PK24, D(2024, 11, 5), "Serda Fiktif Purnomo", None, "Lainnya", "Semarang Timur",
               DP)),
    data([3, "03/PB/Kota/2024", D(2024, 11, 20), "Rahmat Hidayat", None, "Outsourcing", "RSUD",
          "Ngaliyan", "Share konten paslon", "Bukan pelanggaran"],
         exp=E("03/PB/Kota/2024", PK24, D(2024, 11, 20), "Rahmat Hidayat", None, "THL", "Ngaliyan", TP)),
    skip(),
    skip(["TOTAL", None, None, "8 orang"]),
], merges=("A5:K5", "A9:K9", "A14:K14"))])


# R05 -- every way a clerk types a date, in a General-format column; no cycle anywhere, so the date decides.
def nip_for(seed: int) -> str:
    """A fictional but well-formed 18-digit NIP (birth date, appointment month, sex, serial)."""
    birth = f"19{70 + seed % 25:02d}{seed % 12 + 1:02d}{seed % 27 + 1:02d}"
    return f"{birth}20{10 + seed % 10:02d}{seed % 12 + 1:02d}{1 + seed % 2}{seed:03d}"


_DATES05 = [  # (cell as typed, expected date, expected cycle)
    ("14-Feb-2024", D(2024, 2, 14), P24),
    ("14 Pebruari 2024", D(2024, 2, 14), P24),
    ("Kamis, 15 Februari 2024", D(2024, 2, 15), P24),
    ("14/02/24", D(2024, 2, 14), P24),
    (45575, D(2024, 10, 10), PK24),  # Excel serial number left in a General column
    ("05/10/24", D(2024, 10, 5), PK24),  # day first, two-digit year
    ("3 Des 2020", D(2020, 12, 3), PW20),
    ("16-09-2020", D(2020, 9, 16), PW20),
    ("Sabtu, 12 Okt 2024", D(2024, 10, 12), PK24),
    ("12 Agustus 2022", D(2022, 8, 12), P24),
    ("2021-12-01", D(2021, 12, 1), TD),  # between the cycles' date ranges
    ("31/02/2024", None, TD),  # impossible date: null + note
    (dt.datetime(2024, 2, 20, 9, 30), D(2024, 2, 20), P24),
    ("20 Januari 2025", D(2025, 1, 20), PK24),
    ("5 Januari 2026", D(2026, 1, 5), TD),
    ("30 Juni 2021", D(2021, 6, 30), PW20),
    ("1 Juli 2021", D(2021, 7, 1), TD),
    ("31 Maret 2024", D(2024, 3, 31), P24),
    ("1 April 2024", D(2024, 4, 1), PK24),
    ("1 Juni 2022", D(2022, 6, 1), P24),
    ("31 Mei 2022", D(2022, 5, 31), TD),
    ("-", None, TD),
    ("14 Feb. 2024", D(2024, 2, 14), P24),
    ("7 Nopember 2024", D(2024, 11, 7), PK24),
    ("Senin 4-11-2024", D(2024, 11, 4), PK24),
    ("27.11.2024", D(2024, 11, 27), PK24),
]
R05 = Register("register_tanggal_campur_aduk.xlsx", "xlsx", [Sheet("Data", [
    skip(["No", "No Reg", "Tgl Temuan", "Nama", "NIP", "Status ASN", "Kecamatan", "Sanksi"]),
] + [
    data([i + 1, f"{i + 1:02d}/TM/Kota/CAMPUR", cell, f"Terlapor Tanggal {i + 1:02d}", nip_for(100 + i), "PNS",
          KEC16[i % 16], "Teguran lisan"],
         exp=E(f"{i + 1:02d}/TM/Kota/CAMPUR", cyc, day, f"Terlapor Tanggal {i + 1:02d}", nip_for(100 + i), "PNS",
               KEC16[i % 16], "Ringan", note=(cell in ("31/02/2024",))))
    for i, (cell, day, cyc) in enumerate(_DATES05)
])])

# R06 -- NIP written every way: dots, hyphens, "NIP." prefix, typed as a number (scientific in a General cell),
# trailing non-breaking space, "-" / "Tidak ada" for THL, NI PPPK prefix; one person in two cases.
R06 = Register("daftar_terlapor_Pilkada_2024.xlsx", "xlsx", [Sheet("Pilkada 2024", [
    skip(["No", "No. Register", "Tanggal Laporan", "Nama Terlapor", "NIP", "Jenis ASN", "Jabatan", "Unit Kerja",
          "Kecamatan", "Rekomendasi / Sanksi"]),
    data([1, "020/Reg/LP/PB/Kota/14.24/X/2024", D(2024, 10, 21), "Dian Puspitasari", "19850312.201001.2.003", "PNS",
          "Kasubag Keuangan", "Dinas Perhubungan", "Pedurungan", "Teguran tertulis"],
         exp=E("020/Reg/LP/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 21), "Dian Puspitasari", "198503122010012003",
               "PNS", "Pedurungan", "Ringan")),
    data([2, "021/Reg/LP/PB/Kota/14.24/X/2024", D(2024, 10, 22), "Eko Prasetyo", "19870415-201101-1-005", "P.N.S",
          "Staf", "Bappeda", "Kec. Banyumanik", "Pemotongan TPP 25% selama 9 bulan"],
         exp=E("021/Reg/LP/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 22), "Eko Prasetyo", "198704152011011005",
               "PNS", "Banyumanik", "Sedang")),
    data([3, "022/Reg/TM/PB/Kota/14.24/X/2024", D(2024, 10, 23), "Hj. Siti Aminah, S.E., M.M.",
          "NIP. 19790101 200501 2 002", "PNS", "Camat", "Kecamatan Semarang Selatan", "Semarang Selatan",
          "Penurunan jabatan setingkat lebih rendah selama 12 bulan"],
         exp=E("022/Reg/TM/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 23), "Hj. Siti Aminah, S.E., M.M.",
               "197901012005012002", "PNS", "Semarang Selatan", "Berat")),
    data([4, "023/Reg/TM/PB/Kota/14.24/X/2024", D(2024, 10, 24), "Ari Wibowo", 1.98109092006041e17, "PNS",
          "Staf", "Inspektorat", "Semarang Utara", "Dalam proses pemeriksaan BKPP"],
         exp=E("023/Reg/TM/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 24), "Ari Wibowo", "198109092006041000",
               "PNS", "Semarang Utara", DP, note=True)),
    data([5, "024/Reg/TM/PB/Kota/14.24/X/2024", D(2024, 10, 25), "Novi Andriani", "19820202 200801 2 006\u00a0",
          "PNS", "Bidan", "Puskesmas Candilama", "Candisari", "Sanksi moral pernyataan secara terbuka"],
         exp=E("024/Reg/TM/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 25), "Novi Andriani", "198202022008012006",
               "PNS", "Candisari", "Sanksi moral")),
    data([6, "025/Reg/LP/PB/Kota/14.24/X/2024", D(2024, 10, 28), "Sugeng Riyanto", "-", "THL", "Sopir",
          "Kelurahan Sekaran", "Gunungpati", "Surat peringatan I"],
         exp=E("025/Reg/LP/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 28), "Sugeng Riyanto", None, "THL",
               "Gunungpati", "Ringan")),
    data([7, "026/Reg/LP/PB/Kota/14.24/XI/2024", D(2024, 11, 1), "Parjo", "Tidak ada", "Harian Lepas",
          "Petugas kebersihan", "Kelurahan Jatibarang", "Mijen", "Putus kontrak"],
         exp=E("026/Reg/LP/PB/Kota/14.24/XI/2024", PK24, D(2024, 11, 1), "Parjo", None, "THL", "Mijen",
               "Pemberhentian")),
    data([8, "027/Reg/LP/PB/Kota/14.24/XI/2024", D(2024, 11, 4), "Ratna Sari Dewi, S.Pd.",
          "NI PPPK 199203032023212001", "PPPK Guru", "Guru", "SD Negeri Purwoyoso 03", "Ngaliyan",
          "PHPK tidak dengan hormat"],
         exp=E("027/Reg/LP/PB/Kota/14.24/XI/2024", PK24, D(2024, 11, 4), "Ratna Sari Dewi, S.Pd.",
               "199203032023212001", "PPPK", "Ngaliyan", "Pemberhentian")),
    data([9, "028/Reg/TM/PB/Kota/14.24/XI/2024", D(2024, 11, 12), "Dian Puspitasari", "198503122010012003", "PNS",
          "Kasubag Keuangan", "Dinas Perhubungan", "Pedurungan", "Proses BKPP"],
         exp=E("028/Reg/TM/PB/Kota/14.24/XI/2024", PK24, D(2024, 11, 12), "Dian Puspitasari", "198503122010012003",
               "PNS", "Pedurungan", DP)),
])])

# R07a/b -- the same person in the same case in two files of two staff members: the newer load wins (contract).
CASE07 = "007/Reg/LP/PB/Kota/14.24/XI/2024"
R07A = Register("register_pilkada_2024_staf_lama.xlsx", "xlsx", [Sheet("Pilkada 2024", [
    skip(["No", "Nomor Register", "Tanggal", "Nama", "NIP", "Status ASN", "Kecamatan", "Sanksi"]),
    data([1, CASE07, D(2024, 11, 8), "Teguh Santoso", "19800808 200501 1 010", "PNS", "Genuk",
          "Proses pemeriksaan BKPP"],
         exp=E(CASE07, PK24, D(2024, 11, 8), "Teguh Santoso", "198008082005011010", "PNS", "Genuk", DP)),
    data([2, "008/Reg/TM/PB/Kota/14.24/XI/2024", D(2024, 11, 9), "Wulan Sari", "19890909 201101 2 004", "PNS", "Tugu",
          "Teguran lisan"],
         exp=E("008/Reg/TM/PB/Kota/14.24/XI/2024", PK24, D(2024, 11, 9), "Wulan Sari", "198909092011012004", "PNS",
               "Tugu", "Ringan")),
])])
R07B = Register("register_pilkada_2024_staf_baru.csv", "csv", [Sheet(None, [
    skip(["No", "Nomor Register", "Tanggal", "Nama", "NIP", "Status ASN", "Kecamatan", "Sanksi"]),
    data(["1", CASE07, "08/11/2024", "Teguh Santoso", "198008082005011010", "PNS", "Genuk", "Penundaan KGB 1 tahun"],
         exp=E(CASE07, PK24, D(2024, 11, 8), "Teguh Santoso", "198008082005011010", "PNS", "Genuk", "Sedang")),
    data(["2", "009/Reg/LP/PB/Kota/14.24/XII/2024", "02/12/2024", "Bagus Wicaksono", "199001012015031002", "PNS",
          "Tembalang", "Bukan pelanggaran"],
         exp=E("009/Reg/LP/PB/Kota/14.24/XII/2024", PK24, D(2024, 12, 2), "Bagus Wicaksono", "199001012015031002",
               "PNS", "Tembalang", TP)),
])])

# R08 v1/v2 -- a changed file loaded again under the same name replaces the earlier rows.
H08 = ["No", "No. Register", "Tanggal", "Nama", "NIP", "Status ASN", "Kecamatan", "Sanksi"]
R08V1 = Register("register_kecamatan_tembalang.xlsx", "xlsx", [Sheet("Pilkada 2024", [
    skip(H08),
    data([1, "030/PB/2024", D(2024, 10, 1), "Andi Kurniawan", "198101012006041001", "PNS", "Tembalang",
          "Proses klarifikasi"],
         exp=E("030/PB/2024", PK24, D(2024, 10, 1), "Andi Kurniawan", "198101012006041001", "PNS", "Tembalang", DP)),
    data([2, "031/PB/2024", D(2024, 10, 2), "Budi Santosa", "198202022007041002", "PNS", "Tembalang",
          "Teguran lisan"],
         exp=E("031/PB/2024", PK24, D(2024, 10, 2), "Budi Santosa", "198202022007041002", "PNS", "Tembalang",
               "Ringan")),
    data([3, "032/PB/2024", D(2024, 10, 3), "Citra Lestari", "198303032008042003", "PNS", "Tembalang",
          "Tidak terbukti"],
         exp=E("032/PB/2024", PK24, D(2024, 10, 3), "Citra Lestari", "198303032008042003", "PNS", "Tembalang", TP)),
])])
R08V2 = Register("register_kecamatan_tembalang.xlsx", "xlsx", [Sheet("Pilkada 2024", [
    skip(H08),
    data([1, "030/PB/2024", D(2024, 10, 1), "Andi Kurniawan", "198101012006041001", "PNS", "Tembalang",
          "Pemotongan TPP 25% 6 bulan"],
         exp=E("030/PB/2024", PK24, D(2024, 10, 1), "Andi Kurniawan", "198101012006041001", "PNS", "Tembalang",
               "Sedang")),
    data([2, "032/PB/2024", D(2024, 10, 3), "Citra Lestari", "198303032008042003", "PNS", "Tembalang",
          "Tidak terbukti"],
         exp=E("032/PB/2024", PK24, D(2024, 10, 3), "Citra Lestari", "198303032008042003", "PNS", "Tembalang", TP)),
    data([3, "033/PB/2024", D(2024, 10, 4), "Dedi Firmansyah", "198404042009041004", "PNS", "Tembalang",
          "Teguran tertulis"],
         exp=E("033/PB/2024", PK24, D(2024, 10, 4), "Dedi Firmansyah", "198404042009041004", "PNS", "Tembalang",
               "Ringan")),
])])

# R09 -- CSV exported with tab separators in cp1252 (Windows), accented names, an en dash; cycle in a column.
R09 = Register("export_sipp_pengawasan.csv", "csv", [Sheet(None, [
    skip(["No", "No Register", "Pemilihan", "Tanggal", "Nama", "NIP", "Status Pegawai", "Jabatan", "Instansi",
          "Kecamatan", "Sanksi"]),
    data(["1", "05/TM/PW/Kota/14.24/X/2020", "Pilkada Serentak 2020", "05-10-2020", "Stéfanus Adi Nugroho",
          "19760606 200212 1 004", "PNS", "Lurah", "Kelurahan Tlogosari Kulon", "Pedurungan",
          "Pernyataan secara tertutup"],
         exp=E("05/TM/PW/Kota/14.24/X/2020", PW20, D(2020, 10, 5), "Stéfanus Adi Nugroho", "197606062002121004",
               "PNS", "Pedurungan", "Sanksi moral")),
    data(["2", "06/LP/PW/Kota/14.24/X/2020", "Pilwalkot Semarang 2020", "12-10-2020", "Thérèsia Dewi Kurniasih", "",
          "GTT", "Guru", "SD Negeri Fiktif 01", "Semarang Selatan", "Surat peringatan I"],
         exp=E("06/LP/PW/Kota/14.24/X/2020", PW20, D(2020, 10, 12), "Thérèsia Dewi Kurniasih", None, "THL",
               "Semarang Selatan", "Ringan")),
    data(["3", "07/TM/PW/Kota/14.24/XI/2020", "Pemilihan 2020", "02-11-2020", "André Wijaya", "", "PTT",
          "Sopir – Bagian Umum", "Setda", "Semarang Timur", "Diberhentikan"],
         exp=E("07/TM/PW/Kota/14.24/XI/2020", PW20, D(2020, 11, 2), "André Wijaya", None, "THL", "Semarang Timur",
               "Pemberhentian", position="Sopir – Bagian Umum")),
    data(["4", "08/LP/PW/Kota/14.24/XI/2020", "Pilkada 2020", "20-11-2020", "Agnès Pratiwi", "", "PPNPN",
          "Staf administrasi", "Kecamatan Candisari", "Candisari", "Tidak memenuhi unsur"],
         exp=E("08/LP/PW/Kota/14.24/XI/2020", PW20, D(2020, 11, 20), "Agnès Pratiwi", None, "THL", "Candisari", TP)),
    data(["5", "09/TM/PW/Kota/14.24/XII/2020", "Pemilihan Wali Kota dan Wakil Wali Kota Semarang 2020", "",
          "Bernadètte Sulistyowati", "19720101 199603 2 005", "PNS", "Kasi Pemerintahan", "Kecamatan Genuk", "Genuk",
          "Penurunan pangkat setingkat lebih rendah selama 1 tahun"],
         exp=E("09/TM/PW/Kota/14.24/XII/2020", PW20, None, "Bernadètte Sulistyowati", "197201011996032005", "PNS",
               "Genuk", "Sedang")),
])], sep="\t", encoding="cp1252")

# R10 -- CSV from an application export: a title line and a "printed on" line before the header; the title
# names the cycle (and wins over a late date); the last row's sanction is a quoted multi-line cell.
R10 = Register("rekap_dari_aplikasi_export.csv", "csv", [Sheet(None, [
    skip(["Rekap Pelanggaran Netralitas ASN - Pemilu 2024"] + [""] * 7),
    skip(["Dicetak: 02/05/2024 10:15"] + [""] * 7),
    skip([""] * 8),
    skip(["No", "Nomor Register", "Tanggal", "Nama Terlapor", "NIP", "Status ASN", "Kecamatan", "Tindak Lanjut"]),
    data(["1", "009/TM/PL/Kota/14.24/XII/2023", "2023-12-01", "Yuliana Prameswari", "199012122023212001", "ASN PPPK",
          "Tembalang", "Hukdis berat - pembebasan dari jabatan"],
         exp=E("009/TM/PL/Kota/14.24/XII/2023", P24, D(2023, 12, 1), "Yuliana Prameswari", "199012122023212001",
               "PPPK", "Tembalang", "Berat")),
    data(["2", "010/LP/PL/Kota/14.24/I/2024", "2024-01-10", "Rudi Hartono", "", "Tenaga Kontrak", "Mijen",
          "Teguran tertulis (SP1)"],
         exp=E("010/LP/PL/Kota/14.24/I/2024", P24, D(2024, 1, 10), "Rudi Hartono", None, "THL", "Mijen", "Ringan")),
    data(["3", "013/LP/PL/Kota/14.24/V/2024", "2024-05-02", "Ahmad Fauzan, S.H.", "197705052003121002", "PNS",
          "Kec. Gunung Pati", "Masih proses"],
         exp=E("013/LP/PL/Kota/14.24/V/2024", P24, D(2024, 5, 2), "Ahmad Fauzan, S.H.", "197705052003121002", "PNS",
               "Gunungpati", DP)),
    data(["4", "011/TM/PL/Kota/14.24/II/2024", "2024-02-02", "Ani Rahmawati", "197705052003122002", "PNS", "Genuk",
          "teguran tertulis\nTPP dipotong 25% 6 bulan"],
         exp=E("011/TM/PL/Kota/14.24/II/2024", P24, D(2024, 2, 2), "Ani Rahmawati", "197705052003122002", "PNS",
               "Genuk", "Sedang")),
])], sep=",", newline="\n")

# R11 -- sanction texts with typos, abbreviations and line breaks; "No." as "1.", "2."; the sheet is formatted
# (borders, fill) far beyond the data: columns I..T and rows down to 60 carry formatting only.
_SANKSI11 = [  # (sanction as typed, actor as typed, expected severity, expected actor, note expected)
    ("hukdis ringan (penundaan KGB)", "PNS", "Sedang", "PNS", True),
    ("HD berat (teguran tertulis)", "PNS", "Ringan", "PNS", True),  # concrete sanction beats the level word
    ("HD sedang", "PNS", "Sedang", "PNS", False),
    ("Hukdis Berat: penurunan jabatan setingkat lebih rendah selama 12 bulan", "PNS", "Berat", "PNS", False),
    ("PHPK tdk dgn hormat (p3k)", "p3k", "Pemberhentian", "PPPK", False),
    ("Sanksi Moral (Pernyataan Scr Tertutup)", "PNS", "Sanksi moral", "PNS", False),
    ("P.D.H.T.A.P.S.", "PNS", "Pemberhentian", "PNS", False),
    ("penurunan pangkat 3 th", "PNS", "Berat", "PNS", False),  # PP 53/2010: a heavy sanction (Berat)
    ("penurunan pangkat setingkat lebih rendah selama 1 tahun", "PNS", "Sedang", "PNS", False),
    ("Non job", "PNS", "Berat", "PNS", False),
    ("Rekomendasi KASN sudah ditindaklanjuti", "PNS", TB, "PNS", False),
    ("1. Sanksi moral pernyataan secara terbuka\n2. TPP tidak dibayarkan 3 bulan", "PNS", "Sedang", "PNS", False),
    ("-", "PNS", TD, "PNS", False),
    ("pernyataan tidak puas scr tertulis oleh atasan", "PNS", "Ringan", "PNS", False),
    ("Demosi", "PNS", "Berat", "PNS", False),
    ("Tidak terbukti, dihentikan", "PNS", TP, "PNS", False),
    ("Teguran tertulis; TPP dipotong", "PNS", "Sedang", "PNS", False),
    ("tukin dipotong 25% 9 bln", "PNS", "Sedang", "PNS", False),
    ("sanksi moral + TPP tidak dibayarkan 1 bulan", "PNS", "Sedang", "PNS", False),
    ("PTDH", "PNS", "Pemberhentian", "PNS", False),
    ("dibebaskan dari jabatan", "PNS", "Berat", "PNS", False),
    ("Hukuman disiplin ringan berupa teguran lisan", "PNS", "Ringan", "PNS", False),
    ("Menunggu rekomendasi BKN", "PNS", DP, "PNS", False),
    ("SP 1", "THL", "Ringan", "THL", False),  # SP1 typed with a space
    ("HD Tk. Sedang", "PNS", "Sedang", "PNS", False),  # hukuman disiplin tingkat sedang -> 3
    ("Hukdis sedang (teguran lisan)", "PNS", "Ringan", "PNS", True),  # concrete sanction beats the level word
]
R11 = Register("register_sanksi_pemilu_2024.xlsx", "xlsx", [Sheet("Pemilu 2024", [
    skip(["No.", "No. Reg", "Tgl Temuan/Laporan", "Nama", "NIP", "Status ASN", "Kecamatan", "Sanksi"]),
] + [
    data([f"{i + 1}.", f"{100 + i}/TM/PL/Kota/14.24/XII/2023", D(2023, 12, 1 + i), f"Terlapor Sanksi {i + 1:02d}",
          nip_for(200 + i), actor, KEC16[(i + 5) % 16], sanksi],
         exp=E(f"{100 + i}/TM/PL/Kota/14.24/XII/2023", P24, D(2023, 12, 1 + i), f"Terlapor Sanksi {i + 1:02d}",
               nip_for(200 + i), actor_exp, KEC16[(i + 5) % 16], sev, note=note))
    for i, (sanksi, actor, sev, actor_exp, note) in enumerate(_SANKSI11)
], formatted_to=(60, 20))])

# R12 -- Bawaslu's own counter words in the status and source columns, a "(1) (2) ..." column-number row under
# the header, and one row that cannot be a case (only source and kecamatan): rejected.
_H12 = ["No", "Nomor Register", "Sumber", "Tanggal", "Nama", "NIP", "Status ASN", "Kecamatan", "Status Penanganan",
        "Sanksi"]
_ST12 = [  # (register, source, status as typed, sanction, expected severity, source_kind, canonical status)
    ("040/PB/2024", "Temuan", "Diregister", None, DP, "Temuan", "Diregister"),
    ("041/PB/2024", "Laporan", "Tidak Diregister", None, TP, "Laporan", "Tidak diregister"),
    ("042/PB/2024", "laporan", "Bukan Pelanggaran", None, TP, "Laporan", None),
    ("043/PB/2024", "TEMUAN", "Masih Proses", None, DP, "Temuan", None),
    # "pelanggaran" with no sanction: Bawaslu found a violation and forwards it -- "awaiting recommendation"
    # (Dalam proses) or "proven, sanction not recorded" are both defensible readings of the rules.
    ("044/PB/2024", "Temuan", "Pelanggaran", None, OneOf((DP, TB)), "Temuan", None),
    ("045/PB/2024", "Laporan", "Pelanggaran", "Teguran tertulis", "Ringan", "Laporan", None),
    # a status that only says "temuan" (recorded): neither a sanction nor an outcome -> not asserted beyond these
    ("046/PB/2024", "Temuan", "temuan", None, OneOf((DP, TD)), "Temuan", None),
    ("047/PB/2024", "Laporan", "Diregister", "Bukan pelanggaran", TP, "Laporan", None),
    # statuses that say the case is waiting: "menunggu" / "proses" are process words, and "awaiting
    # recommendation or PPK action" is the definition of Dalam proses -- not "recommendation issued"
    ("048/PB/2024", "Temuan", "Menunggu SK sanksi", None, DP, "Temuan", None),
    ("049/PB/2024", "Laporan", "Proses penjatuhan sanksi", None, DP, "Laporan", None),
    ("050/PB/2024", "Temuan", "Belum ada rekomendasi", None, DP, "Temuan", None),
]
R12 = Register("register_status_penanganan.xlsx", "xlsx", [Sheet("Pilkada 2024", [
    skip(_H12),
    skip([f"({i})" for i in range(1, 11)]),
] + [
    data([i + 1, reg, src, D(2024, 10, 3 + i), f"Terlapor Status {i + 1}", nip_for(300 + i), "PNS", KEC16[i],
          status, sanksi],
         exp=E(reg, PK24, D(2024, 10, 3 + i), f"Terlapor Status {i + 1}", nip_for(300 + i), "PNS", KEC16[i], sev,
               source_kind=kind, **({"status": canon} if canon else {})))
    for i, (reg, src, status, sanksi, sev, kind, canon) in enumerate(_ST12)
] + [
    reject([9, None, "Laporan", None, None, None, None, "Tugu", None, None]),
    skip(),
])])

# R13 -- ";" CSV with BOM, no register column (derived case ids), cycle only in the file name; text cells that
# start with "-", "+" or "@" stay text.
R13 = Register("Temuan_Pilwalkot_2020.csv", "csv", [Sheet(None, [
    skip(["No", "Tanggal", "Nama", "NIP", "Status ASN", "Kecamatan", "Bentuk Pelanggaran", "Sanksi"]),
    data(["1", "", "Haryanto", "19680101 199203 1 008", "ASN", "Semarang Tengah", "- Like postingan paslon",
          "Sanksi moral"],
         exp=E(DERIVED, PW20, None, "Haryanto", "196801011992031008", "ASN (tidak dirinci)", "Semarang Tengah",
               "Sanksi moral", violation_type="- Like postingan paslon")),
    data(["2", "10/10/2020", "Bripka Fiktif Santoso", "", "Polri", "Semarang Barat", "Foto bersama paslon",
          "Diteruskan ke Polrestabes"],
         exp=E(DERIVED, PW20, D(2020, 10, 10), "Bripka Fiktif Santoso", None, "Lainnya", "Semarang Barat", DP)),
    data(["3", "15/10/2020", "Yulianti", "", "", "Tugu", "+ komentar di FB paslon", "-"],
         exp=E(DERIVED, PW20, D(2020, 10, 15), "Yulianti", None, "Tidak diketahui", "Tugu", TD,
               violation_type="+ komentar di FB paslon")),
    data(["4", "2020-10-20", "Rahayu", "19750505 200003 2 001", "PNS", "Kec. Gayamsari", "@mention akun paslon",
          "Teguran"],
         exp=E(DERIVED, PW20, D(2020, 10, 20), "Rahayu", "197505052000032001", "PNS", "Gayamsari", "Ringan",
               violation_type="@mention akun paslon")),
])], sep=";", encoding="utf-8-sig")

# R14 -- an old Excel 97-2003 (.xls) register: real date cells, a NIP typed as a number, empty extra sheets.
R14 = Register("register_pilwakot_2020_lama.xls", "xls", [
    Sheet("Pilwakot 2020", [
        skip(["DAFTAR TEMUAN NETRALITAS ASN"]),
        skip(),
        skip(["No", "No. Reg", "Tgl Temuan", "Nama", "NIP", "Status Kepegawaian", "Unit Kerja", "Kecamatan",
              "Sanksi"]),
        data([1, "01/PW/IX/2020", D(2020, 9, 28), "Sutrisno", 1.96505051990031e17, "PNS", "Kelurahan Sekaran",
              "Gunungpati", "Pernyataan secara terbuka"],
             exp=E("01/PW/IX/2020", PW20, D(2020, 9, 28), "Sutrisno", "196505051990031000", "PNS", "Gunungpati",
                   "Sanksi moral", note=True)),
        data([2, "02/PW/X/2020", D(2020, 10, 14), "Lilik Suryani", "19700303 199503 2 004", "PNS", "Puskesmas",
              "Banyumanik", "Penundaan kenaikan gaji berkala 1 tahun"],
             exp=E("02/PW/X/2020", PW20, D(2020, 10, 14), "Lilik Suryani", "197003031995032004", "PNS",
                   "Banyumanik", "Sedang")),
        data([3, "03/PW/X/2020", D(2020, 10, 30), "Darmaji", None, "Tenaga Honorer", "Kecamatan Semarang Utara",
              "Kec. Semarang Utara", "Diberhentikan"],
             exp=E("03/PW/X/2020", PW20, D(2020, 10, 30), "Darmaji", None, "THL", "Semarang Utara",
                   "Pemberhentian")),
        data([4, "04/PW/XI/2020", None, "Gunawan Wibisono", "19800101 200501 1 001", "PNS", "DPU", "Tembalang",
              "Proses"],
             exp=E("04/PW/XI/2020", PW20, None, "Gunawan Wibisono", "198001012005011001", "PNS", "Tembalang", DP)),
    ]),
    Sheet("Sheet2", []),
    Sheet("Sheet3", []),
])

# R15 -- actor-type and kecamatan variants in one small register of another clerk (sheet "Pemilu").
_ACT15 = [  # (status as typed, expected actor, kecamatan as typed, expected district)
    ("ASN PNS", "PNS", "Kec. Smg Barat", "Semarang Barat"),
    ("PPPK PW", "PPPK", "GAJAH MUNGKUR", "Gajahmungkur"),
    ("ASN PPPK", "PPPK", "Gunung Pati", "Gunungpati"),
    ("Non-ASN", "THL", "Banyu Manik", "Banyumanik"),
    ("Non PNS", "THL", "Ngalian", "Ngaliyan"),
    ("TK", "THL", "  Semarang Tengah ", "Semarang Tengah"),
    ("Tenaga Honorer", "THL", "KEC. TEMBALANG", "Tembalang"),
    ("Aparatur Sipil Negara", "ASN (tidak dirinci)", "Candi Sari", "Candisari"),
    ("Polri", "Lainnya", "Gayam Sari", "Gayamsari"),
    ("", TD, "Pedurungan", "Pedurungan"),
    ("PNS", "PNS", "Kel. Tlogosari Kulon", None),  # a kelurahan is not a kecamatan (strictly: null)
    ("PNS", "PNS", "", None),
]
R15 = Register("data_terlapor_pemilu_2024_rev.xlsx", "xlsx", [Sheet("Pemilu", [
    skip(["No", "Nomor Register", "Tanggal Temuan", "Nama", "NIP", "Status Kepegawaian", "Kecamatan",
          "Rekomendasi"]),
] + [
    data([i + 1, f"2{i:02d}/PL/2023", D(2023, 12, 11), f"Terlapor Aktor {i + 1:02d}", nip_for(400 + i) if
          exp_actor in ("PNS", "PPPK") else None, status or None, kec or None, "Teguran tertulis"],
         exp=E(f"2{i:02d}/PL/2023", P24, D(2023, 12, 11), f"Terlapor Aktor {i + 1:02d}",
               nip_for(400 + i) if exp_actor in ("PNS", "PPPK") else None, exp_actor, dist, "Ringan"))
    for i, (status, exp_actor, kec, dist) in enumerate(_ACT15)
])])

# R16 -- the table starts at C4 (margin column and rows), a "Tanggal Kejadian" column before the date of the
# finding/report and a "Tanggal Diteruskan" after it (reported_on is the finding/report date, and that date decides
# the cycle); register numbers typed as numbers or with stray spaces / line breaks; the "No" column holds formulas.
_M = [None, None]  # margin columns A and B
R16 = Register("register_dengan_margin_rev3.xlsx", "xlsx", [Sheet("Register", [
    skip(),
    skip(_M + ["REGISTER TEMUAN DAN LAPORAN DUGAAN PELANGGARAN NETRALITAS ASN"]),
    skip(),
    skip(_M + ["No", "No. Register", "Tanggal Kejadian", "Tanggal Temuan/Laporan", "Tanggal Diteruskan", "Nama",
               "NIP", "Status ASN", "Kecamatan", "Sanksi"]),
    data(_M + ["=ROW()-4", 12, D(2024, 3, 30), D(2024, 4, 2), D(2024, 4, 20), "Lukas Hendrawan",
               "19860101 201101 1 001", "PNS", "Tembalang", "Teguran tertulis"],
         exp=E("12", PK24, D(2024, 4, 2), "Lukas Hendrawan", "198601012011011001", "PNS", "Tembalang", "Ringan")),
    data(_M + ["=ROW()-4", " 015/TM/PL/2024 \n", D(2024, 1, 28), D(2024, 2, 1), None, "Margaretha Sinaga",
               "19870202 201202 2 002", "PNS", "Semarang Timur", "Sanksi moral"],
         exp=E("015/TM/PL/2024", P24, D(2024, 2, 1), "Margaretha Sinaga", "198702022012022002", "PNS",
               "Semarang Timur", "Sanksi moral")),
    data(_M + ["=ROW()-4", "016/LP/PB/2024", D(2024, 9, 20), "14/10/2024 08:30", D(2024, 10, 25), "Yosef Prakoso",
               "19880303 201303 1 003", "PNS", "Genuk", "Penundaan KGB"],
         exp=E("016/LP/PB/2024", PK24, D(2024, 10, 14), "Yosef Prakoso", "198803032013031003", "PNS", "Genuk",
               "Sedang")),
])])

# R17 -- a cycle column with the tricky cycle variants ("Pemilihan 2024" is the Pilkada, "Pilwalkot Semarang
# 2024" is Pilkada 2024 not Pilwakot 2020, "Pemilihan Umum 2024" is the Pemilu); dates chosen so that the date
# alone would often say otherwise -- the column must win.
_CYC17 = [  # (cycle as typed, date, expected cycle)
    ("Pemilihan 2024", D(2024, 3, 20), PK24),
    ("Pemilihan Umum 2024", D(2024, 1, 10), P24),
    ("Pilwalkot Semarang 2024", D(2024, 11, 1), PK24),
    ("Pilgub Jateng 2024", D(2024, 10, 9), PK24),
    ("Pileg 2024", D(2024, 4, 5), P24),
    ("Pilpres 2024", D(2024, 2, 3), P24),
    ("Pemilihan Serentak 2024", D(2024, 10, 30), PK24),
    ("Pilkada Serentak 2024", D(2024, 3, 15), PK24),
    ("Pemilu Serentak 2024", D(2023, 12, 20), P24),
    ("Pilwalkot 2020", D(2020, 11, 11), PW20),
    ("PILKADA 2020", D(2021, 7, 2), PW20),
    ("Pilwakot/Pilwalkot Semarang 2024", D(2024, 11, 2), PK24),
]
R17 = Register("rekap_lintas_pemilihan.xlsx", "xlsx", [Sheet("Rekap", [
    skip(["No", "Nomor Register", "Jenis Pemilihan", "Tanggal", "Nama Terlapor", "NIP", "Status ASN", "Kecamatan",
          "Tindak Lanjut"]),
] + [
    data([i + 1, f"{i + 1:03d}/LINTAS", cyc, day, f"Terlapor Siklus {i + 1:02d}", nip_for(500 + i), "PNS",
          KEC16[(i + 3) % 16], "Teguran lisan"],
         exp=E(f"{i + 1:03d}/LINTAS", want, day, f"Terlapor Siklus {i + 1:02d}", nip_for(500 + i), "PNS",
               KEC16[(i + 3) % 16], "Ringan"))
    for i, (cyc, day, want) in enumerate(_CYC17)
])])

# R18 -- Excel's "Unicode Text" export (UTF-16 with BOM, tab separated) renamed to .csv by a clerk.
R18 = Register("ekspor_unicode_pilkada_2024.csv", "csv", [Sheet(None, [
    skip(["No", "Nomor Register", "Tanggal", "Nama", "NIP", "Status ASN", "Kecamatan", "Sanksi"]),
    data(["1", "060/PB/2024", "11/10/2024", "Wahyu Ningsih", "19900909 201503 2 004", "PNS", "Mijen",
          "Teguran tertulis"],
         exp=E("060/PB/2024", PK24, D(2024, 10, 11), "Wahyu Ningsih", "199009092015032004", "PNS", "Mijen",
               "Ringan")),
    data(["2", "061/PB/2024", "12/10/2024", "Ignatius Séno", "", "THL", "Tugu", "Putus kontrak"],
         exp=E("061/PB/2024", PK24, D(2024, 10, 12), "Ignatius Séno", None, "THL", "Tugu", "Pemberhentian")),
])], sep="\t", encoding="utf-16")

# R19 -- a register of public reports: a two-row header with "Pelapor" (the reporter: Nama, Alamat) before
# "Terlapor" (Nama, NIP, Jabatan, Status), a Kelurahan column before the Kecamatan column. The person is the
# terlapor, never the pelapor; the district comes from the Kecamatan column. No cycle named: the date decides.
R19 = Register("register_laporan_masyarakat.xlsx", "xlsx", [Sheet("LAPORAN", [
    skip(["REGISTER LAPORAN DUGAAN PELANGGARAN NETRALITAS ASN"]),
    skip(),
    skip(["No", "No. Register", "Tgl Laporan", "Pelapor", None, "Terlapor", None, None, None, "Kelurahan",
          "Kecamatan", "Status Penanganan", "Tindak Lanjut"]),
    skip([None, None, None, "Nama", "Alamat", "Nama", "NIP", "Jabatan", "Status"]),
    data([1, "01/LP/PB/Kota/14.24/X/2024", D(2024, 10, 16), "Sutarmi", "Jl. Fiktif No. 1, Bulusan", "Benny Kurniadi",
          "19830707 200801 1 006", "Kasi Trantib", "PNS", "Bulusan", "Tembalang", "Diteruskan ke BKN", None],
         exp=E("01/LP/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 16), "Benny Kurniadi", "198307072008011006", "PNS",
               "Tembalang", DP)),
    data([2, "02/LP/PB/Kota/14.24/X/2024", D(2024, 10, 22), "Anonim", "-", "Siti Rohmah", None, "Guru", "PPPK",
          "Tlogosari Kulon", "Pedurungan", "Tidak Diregister", None],
         exp=E("02/LP/PB/Kota/14.24/X/2024", PK24, D(2024, 10, 22), "Siti Rohmah", None, "PPPK", "Pedurungan", TP)),
    data([3, "03/LP/PL/Kota/14.24/XII/2023", D(2023, 12, 5), "LSM Fiktif Peduli Pemilu", "Jl. Fiktif No. 2",
          "Hartono", "19690909 199003 1 004", "Camat", "PNS", None, "Semarang Barat", "Rekomendasi terbit",
          "Sanksi moral"],
         exp=E("03/LP/PL/Kota/14.24/XII/2023", P24, D(2023, 12, 5), "Hartono", "196909091990031004", "PNS",
               "Semarang Barat", "Sanksi moral")),
], merges=("D3:E3", "F3:I3", "A3:A4", "B3:B4", "C3:C4", "J3:J4", "K3:K4", "L3:L4", "M3:M4"))])

MAIN = [R01, R02, R03, R04, R05, R06, R09, R10, R11, R12, R13, R14, R15, R16, R17, R18, R19]


# ----------------------------------------------------------------------------------------------------- writers
def _write_xlsx(reg: Register, folder: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    for sh in reg.sheets:
        ws = wb.create_sheet(sh.name)
        for r, row in enumerate(sh.rows, start=1):
            for c, value in enumerate(row.cells, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value[:1] in "=+-@" and not value.startswith("=ROW"):
                    cell.data_type = "s"  # typed as text in Excel, never a formula ("=ROW()" stays a formula)
                if isinstance(value, float):
                    cell.number_format = "General"
                if isinstance(value, str) and "\n" in value:
                    cell.alignment = Alignment(wrap_text=True)
        if sh.wrap_header_row:
            for cell in ws[sh.wrap_header_row]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, horizontal="center")
        if sh.formatted_to:
            last_row, last_col = sh.formatted_to
            fill = PatternFill("solid", fgColor="FFF2CC")
            for r in range(1, last_row + 1):
                for c in range(1, last_col + 1):
                    cell = ws.cell(row=r, column=c)
                    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                    if c > 8:
                        cell.fill = fill
        for rng in sh.merges:
            ws.merge_cells(rng)
    path = folder / reg.file
    wb.save(path)
    return path


def _write_xls(reg: Register, folder: Path) -> Path:
    wb = xlwt.Workbook()
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for sh in reg.sheets:
        ws = wb.add_sheet(sh.name)
        for r, row in enumerate(sh.rows):
            for c, value in enumerate(row.cells):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write(r, c, dt.datetime(value.year, value.month, value.day), date_style)
                else:
                    ws.write(r, c, value)
    path = folder / reg.file
    wb.save(str(path))
    return path


def _write_csv(reg: Register, folder: Path) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=reg.sep, lineterminator=reg.newline)
    for row in reg.sheets[0].rows:
        writer.writerow(["" if v is None else v for v in row.cells])
    path = folder / reg.file
    path.write_bytes(buf.getvalue().encode(reg.encoding))
    return path


def write(reg: Register, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return {"xlsx": _write_xlsx, "xls": _write_xls, "csv": _write_csv}[reg.kind](reg, folder)


def rows_of(reg: Register, kind: str) -> list[tuple[str | None, int, Row]]:
    out = []
    for sh in reg.sheets:
        sheet = None if reg.kind == "csv" else sh.name
        for i, row in enumerate(sh.rows, start=1):
            if row.kind == kind:
                out.append((sheet, i, row))
    return out


# ------------------------------------------------------------------------------------------------------ loading
V_COLS = ("case_id", "cycle", "reported_on", "source_kind", "person_name", "nip", "actor_type", "position", "agency",
          "district", "violation_type", "status", "sanction", "severity", "severity_rank", "source_file",
          "source_sheet", "source_row", "batch_id")


def _rows(con: duckdb.DuckDBPyConnection, cols: tuple[str, ...], table: str) -> list[dict]:
    return [dict(zip(cols, r, strict=True)) for r in con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()]


def _read(db: Path) -> dict[str, list[dict]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "violations": _rows(con, V_COLS, "violations"),
            "rejected": _rows(con, ("source_file", "source_sheet", "source_row", "reason", "raw"), "rejected_rows"),
            "notes": _rows(con, ("source_file", "source_sheet", "source_row", "case_id", "kind", "message"),
                           "quality_notes"),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def main_load(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("registers_years")
    paths = [write(reg, folder / "in") for reg in MAIN]
    db = folder / "netralitas.duckdb"
    results = load_paths(paths, db)
    return {r.source_file: r for r in results}, _read(db)


def _index(tables: dict) -> dict[tuple, list[dict]]:
    idx: dict[tuple, list[dict]] = {}
    for v in tables["violations"]:
        idx.setdefault((v["source_file"], v["source_sheet"], v["source_row"]), []).append(v)
    return idx


def _compare(exp: dict, got: dict) -> list[str]:
    problems = []
    want = dict(exp)
    want.pop("note", None)
    sev = want["severity"]
    for key, value in want.items():
        actual = got[key]
        if value is DERIVED:
            if not actual:
                problems.append(f"{key}: expected a derived id, got {actual!r}")
            continue
        if isinstance(value, OneOf):
            if actual not in value.values:
                problems.append(f"{key}: expected one of {value.values!r}, got {actual!r}")
            continue
        if actual != value:
            problems.append(f"{key}: expected {value!r}, got {actual!r}")
    if not isinstance(sev, OneOf):
        if got["severity_rank"] != RANK.get(sev):
            problems.append(f"severity_rank: expected {RANK.get(sev)!r}, got {got['severity_rank']!r}")
    elif got["severity"] in RANK and got["severity_rank"] != RANK[got["severity"]]:
        problems.append(f"severity_rank inconsistent with {got['severity']!r}: {got['severity_rank']!r}")
    return problems


SUMMARY_SHEETS = {"Rekap Kecamatan", "Data Grafik", "Petunjuk"}  # the non-register sheets of R02
DATA_CASES = [pytest.param(reg, sheet, i, row, id=f"{reg.file}:{sheet or 'csv'}:{i}")
              for reg in MAIN for sheet, i, row in rows_of(reg, "data")]


# -------------------------------------------------------------------------------------------------------- tests
def test_every_file_is_read(main_load) -> None:
    results, _ = main_load
    assert set(results) == {reg.file for reg in MAIN}
    bad = {name: (r.status, r.error) for name, r in results.items() if not r.ok}
    assert not bad, bad


@pytest.mark.parametrize(("reg", "sheet", "row_no", "row"), DATA_CASES)
def test_person_row(main_load, reg: Register, sheet: str | None, row_no: int, row: Row) -> None:
    _, tables = main_load
    got = _index(tables).get((reg.file, sheet, row_no), [])
    assert len(got) == 1, f"{reg.file} {sheet} row {row_no}: expected one person row, got {len(got)}"
    problems = _compare(row.exp, got[0])
    assert not problems, f"{reg.file} {sheet} row {row_no}: " + "; ".join(problems)


@pytest.mark.parametrize("reg", MAIN, ids=lambda r: r.file)
def test_no_unexpected_rows_and_exact_rejections(main_load, reg: Register) -> None:
    """Loaded rows are exactly the data rows; rejected rows exactly the rows that cannot be a case; header,
    title, section, blank, total, column-number and signature rows are neither loaded nor rejected."""
    results, tables = main_load
    loaded = {(v["source_sheet"], v["source_row"]) for v in tables["violations"] if v["source_file"] == reg.file}
    all_rejected = {(r["source_sheet"], r["source_row"]) for r in tables["rejected"] if r["source_file"] == reg.file}
    # summary / chart / instruction sheets are judged separately (test_summary_chart_and_instruction_sheets_...)
    rejected = {(s, i) for s, i in all_rejected if s not in SUMMARY_SHEETS}
    want_loaded = {(s, i) for s, i, _ in rows_of(reg, "data")}
    want_rejected = {(s, i) for s, i, _ in rows_of(reg, "reject")}
    skipped = {(s, i) for s, i, _ in rows_of(reg, "skip") if s not in SUMMARY_SHEETS}
    either = {(s, i) for s, i, _ in rows_of(reg, "nodata")}
    assert loaded - want_loaded == set(), f"loaded rows that are not data rows: {sorted(loaded - want_loaded)}"
    assert want_loaded - loaded == set(), f"data rows not loaded: {sorted(want_loaded - loaded)}"
    assert want_rejected <= rejected, f"rows that should be rejected: {sorted(want_rejected - rejected)}"
    assert not (rejected & skipped), f"non-data rows rejected instead of skipped: {sorted(rejected & skipped)}"
    assert rejected <= want_rejected | either, f"unexpected rejections: {sorted(rejected - want_rejected - either)}"
    res = results[reg.file]
    assert res.rows_loaded == len(want_loaded)
    counted = res.rows_rejected - (len(all_rejected) - len(rejected))
    assert len(want_rejected) <= counted <= len(want_rejected) + len(either)


def test_rejected_row_names_the_problem(main_load) -> None:
    _, tables = main_load
    (_, row_no, _), = rows_of(R12, "reject")
    rows = [r for r in tables["rejected"] if r["source_file"] == R12.file and r["source_row"] == row_no]
    assert len(rows) == 1
    reason = rows[0]["reason"].lower()
    assert any(word in reason for word in ("nama", "nip", "register")), rows[0]["reason"]
    raw = json.loads(rows[0]["raw"])
    assert "Tugu" in json.dumps(raw, ensure_ascii=False)


def test_summary_chart_and_instruction_sheets_load_nothing(main_load) -> None:
    _, tables = main_load
    assert not [v for v in tables["violations"] if v["source_file"] == R02.file and v["source_sheet"] in
                SUMMARY_SHEETS]


def test_summary_chart_and_instruction_sheets_reject_nothing(main_load) -> None:
    """Counts per kecamatan, chart data and filling instructions are not cases: ideally skipped, not rejected."""
    _, tables = main_load
    assert not [r for r in tables["rejected"] if r["source_file"] == R02.file and r["source_sheet"] in
                SUMMARY_SHEETS]


NOTE_CASES = [pytest.param(reg, sheet, i, id=f"{reg.file}:{sheet or 'csv'}:{i}")
              for reg in MAIN for sheet, i, row in rows_of(reg, "data") if row.exp.get("note")]


@pytest.mark.parametrize(("reg", "sheet", "row_no"), NOTE_CASES)
def test_quality_note_on_flagged_row(main_load, reg: Register, sheet: str | None, row_no: int) -> None:
    """NIP typed as a number (15 digits kept), an impossible date, a level word contradicting the sanction."""
    _, tables = main_load
    notes = [n for n in tables["notes"]
             if n["source_file"] == reg.file and n["source_sheet"] == sheet and n["source_row"] == row_no]
    assert notes, f"{reg.file} {sheet} row {row_no}: no data-quality note"


def test_derived_case_ids_are_distinct(main_load) -> None:
    _, tables = main_load
    ids = [v["case_id"] for v in tables["violations"] if v["source_file"] == R13.file]
    assert len(ids) == 4 and len(set(ids)) == 4, ids
    assert not any(i in {"1", "2", "3", "4"} for i in ids), "the No. counter is not a register number"


def test_same_person_in_two_cases_is_two_rows(main_load) -> None:
    _, tables = main_load
    rows = [v for v in tables["violations"] if v["nip"] == "198503122010012003"]
    assert sorted(v["case_id"] for v in rows) == ["020/Reg/LP/PB/Kota/14.24/X/2024",
                                                  "028/Reg/TM/PB/Kota/14.24/XI/2024"]


def test_text_kept_as_written(main_load) -> None:
    """cp1252 accents, an en dash and titled names come through exactly."""
    _, tables = main_load
    names = {v["person_name"] for v in tables["violations"]}
    for name in ("Stéfanus Adi Nugroho", "Thérèsia Dewi Kurniasih", "André Wijaya", "Agnès Pratiwi",
                 "Bernadètte Sulistyowati", "Drs. H. Ahmad Sulistyo, M.Si.", "Hj. Siti Aminah, S.E., M.M.",
                 "Ir. Bambang Hermanto, M.T."):
        assert name in names, name
    multi = [v for v in tables["violations"] if v["source_file"] == R11.file and v["source_row"] == 13]
    assert multi and multi[0]["sanction"].replace("\r\n", "\n") == _SANKSI11[11][0]


# ---------------------------------------------------------------------------------- sequences of separate loads
def test_same_person_same_case_in_two_files_newest_load_wins(tmp_path: Path) -> None:
    a, b = write(R07A, tmp_path / "in"), write(R07B, tmp_path / "in")
    db = tmp_path / "dup.duckdb"
    ra = load_paths([a], db)
    rb = load_paths([b], db)
    assert ra[0].ok and rb[0].ok, (ra[0].error, rb[0].error)
    tables = _read(db)
    teguh = [v for v in tables["violations"] if v["case_id"] == CASE07]
    assert len(teguh) == 1, [(v["source_file"], v["source_row"]) for v in teguh]
    assert teguh[0]["source_file"] == R07B.file
    assert teguh[0]["severity"] == "Sedang" and teguh[0]["severity_rank"] == 3
    # the other rows of the older file stay
    assert [v["person_name"] for v in tables["violations"] if v["source_file"] == R07A.file] == ["Wulan Sari"]
    assert {v["person_name"] for v in tables["violations"] if v["source_file"] == R07B.file} == {
        "Teguh Santoso", "Bagus Wicaksono"}
    dup_notes = [n for n in tables["notes"]
                 if (n["case_id"] == CASE07 or CASE07 in (n["message"] or ""))
                 and any(w in f"{n['kind']} {n['message']}".lower() for w in ("dup", "ganda", "kembar", "sama"))]
    assert dup_notes, "the duplicate is not listed in the data-quality report"


def test_changed_file_with_same_name_replaces_and_identical_is_noop(tmp_path: Path) -> None:
    db = tmp_path / "reload.duckdb"
    p1 = write(R08V1, tmp_path / "v1")
    r1 = load_paths([p1], db)
    assert r1[0].ok and r1[0].rows_loaded == 3
    p2 = write(R08V2, tmp_path / "v2")  # same file name, other folder, changed content
    r2 = load_paths([p2], db)
    assert r2[0].ok and r2[0].rows_loaded == 3
    tables = _read(db)
    rows = [v for v in tables["violations"] if v["source_file"] == R08V2.file]
    by_row = {v["source_row"]: v for v in rows}
    assert len(rows) == 3
    assert "Budi Santosa" not in {v["person_name"] for v in rows}
    for _, i, row in rows_of(R08V2, "data"):
        problems = _compare(row.exp, by_row[i])
        assert not problems, f"row {i}: {problems}"
    assert {v["batch_id"] for v in rows} == {r2[0].batch_id}
    r3 = load_paths([p2], db)  # byte-identical: a no-op that says so
    assert r3[0].ok
    assert r3[0].status != r2[0].status, "an identical re-load should say it was skipped"
    after = [v for v in _read(db)["violations"] if v["source_file"] == R08V2.file]
    assert sorted(map(str, after)) == sorted(map(str, rows))
