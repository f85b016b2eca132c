"""A small register written in code and loaded by the real loader: the fixture of the exact-output tests.

Twenty terlapor in four sheets (one per election cycle, and one sheet whose rows no cycle names), chosen so that
every output has something to show: each actor type (also a blank one), each sanction level imposed and only
recommended, each outcome that is not a severity, forwarding to KASN and to BKN (one named by its date), cases
waiting for a sanction, a case naming two persons, a row without a kecamatan and one outside every cycle's dates.

Everything that could differ between machines is fixed: the clock (:data:`LOADED_AT`, :data:`TODAY_AT`), the
file name, who loaded it, and the signatories of the brief.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import openpyxl

from netralitas import clock
from netralitas.signatories import Signatory

FILE_NAME = "register_penanganan_uji.xlsx"
WORD_MAP_ENV = "NETRALITAS_WORD_MAP"
LOADED_AT = dt.datetime(2025, 3, 1, 2, 0, tzinfo=dt.UTC)  # 1 Maret 2025 pukul 09.00 WIB
TODAY_AT = dt.datetime(2025, 3, 3, 3, 30, tzinfo=dt.UTC)  # 3 Maret 2025 pukul 10.30 WIB
SIGNATORIES = (
    Signatory("penyusun", "Disusun oleh,", "Koordinator Divisi Penanganan Pelanggaran", "Dra. Sri Wahyuni",
              "197805122003122004"),
    Signatory("pengesah", "Mengetahui,", "Ketua Bawaslu Kota Semarang", "Budi Santoso, S.H."),
)

HEADER = ["No. Reg", "Tgl Temuan/Laporan", "Sumber", "Nama", "NIP", "Status Kepegawaian", "Jabatan", "Instansi",
          "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Tanggal Penerusan", "Tanggal Rekomendasi",
          "Sanksi", "Tanggal SK"]


def _d(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# One list per sheet; each row follows HEADER ("" = an empty cell).
SHEETS: dict[str, list[list[object]]] = {
    "Pilwakot 2020": [
        ["001/TM/PW/2020", _d("2020-09-28"), "Temuan", "Adi Nugroho", "197801012005011001", "PNS", "Lurah",
         "Kelurahan Tugurejo", "Tugu", "Menghadiri deklarasi pasangan calon", "Sanksi dijatuhkan",
         _d("2020-10-05"), _d("2020-11-20"), "Sanksi moral pernyataan secara terbuka", _d("2021-01-15")],
        ["001/TM/PW/2020", _d("2020-09-28"), "Temuan", "Budi Raharjo", "198203152010011002", "PNS",
         "Sekretaris Kelurahan", "Kelurahan Tugurejo", "Tugu", "Menghadiri deklarasi pasangan calon",
         "Rekomendasi terbit", _d("2020-10-05"), _d("2020-11-20"), "Teguran tertulis", ""],
        ["002/LP/PW/2020", _d("2020-10-12"), "Laporan", "Citra Lestari", "", "THL", "Staf administrasi",
         "Kecamatan Candisari", "Candisari", "Foto bersama calon dengan simbol jari", "Bukan pelanggaran", "", "",
         "Tidak terbukti", ""],
        ["003/TM/PW/2020", _d("2020-11-02"), "Temuan", "Dewi Anggraini", "198507202009022003", "PNS", "Guru",
         "SD Negeri Banyumanik 02", "Banyumanik", "Kampanye di media sosial", "Diteruskan ke KASN",
         _d("2020-11-10"), "", "", ""],
    ],
    "Pemilu 2024": [
        ["001/TM/PL/2023", _d("2023-01-20"), "Temuan", "Eko Prasetyo", "197605102000031004", "PNS",
         "Sekretaris Camat", "Kecamatan Gajahmungkur", "Gajahmungkur", "Menghadiri kegiatan partai politik",
         "Sanksi dijatuhkan", _d("2023-01-30"), _d("2023-03-01"), "Sanksi moral", _d("2023-04-10")],
        ["002/TM/PL/2023", _d("2023-08-14"), "Temuan", "Fitri Handayani", "199001012022212005", "PPPK", "Guru",
         "SMP Negeri 12 Semarang", "Pedurungan", "Terdaftar sebagai bakal calon anggota legislatif",
         "Rekomendasi terbit", _d("2023-08-21"), _d("2023-10-02"), "PHPK tidak dengan hormat", ""],
        ["003/LP/PL/2024", _d("2024-01-10"), "Laporan", "Gunawan", "3374011201900001", "THL",
         "Petugas kebersihan", "Dinas Lingkungan Hidup", "Semarang Utara", "Memasang spanduk calon",
         "Sanksi dijatuhkan", "", "", "Kontrak tidak diperpanjang", _d("2024-01-31")],
        ["004/TM/PL/2024", _d("2024-01-25"), "Temuan", "Hadi Wibowo", "197912122005011006", "PNS",
         "Kepala Bidang", "Dinas Perhubungan", "Semarang Tengah", "Kampanye di media sosial", "Sanksi dijatuhkan",
         _d("2024-02-01"), _d("2024-03-05"), "TPP tidak dibayarkan 3 bulan", _d("2024-04-01")],
        ["005/TM/PL/2024", _d("2024-02-05"), "Temuan", "Indah Permata", "", "ASN", "Staf", "Diskominfo", "",
         "Kampanye di media sosial", "Proses PPK/BKPP", _d("2024-02-12"), _d("2024-03-20"),
         "Hukuman disiplin ringan", ""],
        ["006/LP/PL/2024", _d("2024-02-20"), "Laporan", "Joko Susilo", "", "BUMD", "Karyawan",
         "PDAM Tirta Moedal", "Tembalang", "Kampanye di media sosial", "Tidak diregister", "", "", "", ""],
        ["007/TM/PL/2024", _d("2024-03-02"), "Temuan", "Kartika Sari", "198304042006042007", "PNS", "Camat",
         "Kecamatan Tembalang", "Tembalang", "Membuat keputusan yang menguntungkan calon", "Klarifikasi/Kajian",
         "", "", "", ""],
    ],
    "Pilkada 2024": [
        ["001/TM/PK/2024", _d("2024-09-05"), "Temuan", "Sari Wulandari", "", "THL", "Sopir", "Dinas Perhubungan",
         "Semarang Barat", "Memasang spanduk calon", "Diteruskan", _d("2024-09-10"), "", "", ""],
        ["002/TM/PK/2024", _d("2024-10-01"), "Temuan", "Lukman Hakim", "198811112015031008", "PNS", "Staf",
         "Sekretariat Daerah", "Semarang Selatan", "Menyukai unggahan calon di media sosial", "Diteruskan ke BKN",
         _d("2024-10-14"), "", "Menunggu rekomendasi", ""],
        ["003/TM/PK/2024", _d("2024-10-08"), "Temuan", "Maya Puspita", "198002022005012009", "PNS", "Guru",
         "SMA Negeri 5 Semarang", "Gajahmungkur", "Menghadiri kampanye", "Sanksi dijatuhkan", _d("2024-10-14"),
         _d("2024-11-25"), "Penundaan kenaikan gaji berkala 1 tahun", _d("2025-01-20")],
        ["004/LP/PK/2024", _d("2024-11-03"), "Laporan", "Nanda Pratama", "199505052023212010", "PPPK", "Perawat",
         "RSUD K.R.M.T. Wongsonegoro", "Genuk", "Foto bersama calon dengan simbol jari", "Rekomendasi terbit",
         _d("2024-11-10"), _d("2025-01-06"), "", ""],
        ["005/LP/PK/2024", _d("2024-11-15"), "Laporan", "Oktaviani", "", "", "", "", "Mijen",
         "Kampanye di media sosial", "Diterima/Dicatat", "", "", "", ""],
        ["006/TM/PK/2024", _d("2024-11-20"), "Temuan", "Putra Wijaya", "197707072003121011", "PNS",
         "Kepala Seksi", "Kecamatan Ngaliyan", "Ngaliyan", "Kampanye di media sosial", "Sanksi dijatuhkan",
         _d("2024-11-26"), _d("2025-01-10"), "Pembebasan dari jabatan", _d("2025-02-14")],
        ["007/TM/PK/2024", _d("2024-11-22"), "Temuan", "Rahmat Hidayat", "198609092010011012", "PNS", "Lurah",
         "Kelurahan Sendangmulyo", "Tembalang", "Menghadiri kampanye", "Tidak ditindaklanjuti PPK",
         _d("2024-11-28"), _d("2025-01-15"), "Teguran lisan", ""],
        ["008/TM/PK/2024", _d("2024-11-22"), "Temuan", "Rina Marlina", "199202022019032013", "PNS", "Analis",
         "Bappeda", "Semarang Timur", "Kampanye di media sosial", "Sanksi dijatuhkan", _d("2024-11-28"),
         _d("2025-01-15"), "Hukuman disiplin sedang", ""],
    ],
    "Lain-lain": [
        ["001/LP/2018", _d("2018-05-02"), "Laporan", "Teguh Santoso", "197303032000031014", "PNS", "Kepala Dinas",
         "Dinas Pendidikan", "Gayamsari", "Memberi dukungan dengan fotokopi KTP", "Diregister", "", "", "", ""],
    ],
}


def write_register(path: Path) -> Path:
    """The fixture register as an .xlsx file (dates as real Excel dates, NIP as text)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append(HEADER)
        for row in rows:
            ws.append([None if value == "" else value for value in row])
        for cells in ws.iter_rows(min_row=2, min_col=5, max_col=5):
            for cell in cells:
                cell.number_format = "@"
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "dd/mm/yyyy"
    wb.save(path)
    return path


def persons() -> int:
    """How many terlapor rows the register holds."""
    return sum(len(rows) for rows in SHEETS.values())


def build_database(folder: Path) -> Path:
    """Write the register into ``folder`` and load it with the real loader at :data:`LOADED_AT`."""
    from loaders.pipeline import load_paths

    register = write_register(folder / FILE_NAME)
    db_path = folder / "uji.duckdb"
    own_words = os.environ.get(WORD_MAP_ENV)
    os.environ[WORD_MAP_ENV] = str(folder / "pemetaan_kata_kosong.toml")  # no office words of this machine
    try:
        with clock.frozen(LOADED_AT):
            results = load_paths([register], db_path)
    finally:
        if own_words is None:
            os.environ.pop(WORD_MAP_ENV, None)
        else:
            os.environ[WORD_MAP_ENV] = own_words
    assert results and all(r.ok for r in results), [r.error for r in results]
    assert sum(r.rows_loaded for r in results) == persons(), [r.rows_loaded for r in results]
    return db_path
