"""A register for the supervision-brief tests, written with openpyxl and loaded by the real loader.

Three cycles: Pilwakot 2020 with many cases and persons (every handling outcome), Pemilu 2024 with exactly one
case and one person (singular wording), Pilkada 2024 with a header and no rows (an empty cycle).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from loaders.pipeline import load_paths

HEADER = ["No. Register", "Tgl Temuan/Laporan", "Nama Terlapor", "NIP", "Status Kepegawaian", "Jabatan",
          "Instansi", "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Sanksi", "Tanggal Penerusan"]

SHEETS: dict[str, list[tuple]] = {
    "Pilwakot 2020": [
        ("001/TM/PW/Kota/14.01/IX/2020", dt.date(2020, 9, 28), "Hartono Wibisono", "196805121990031005", "PNS",
         "Lurah", "Kelurahan Sampangan", "Gajahmungkur", "Menghadiri deklarasi pasangan calon", "Sanksi dijatuhkan",
         "pernyataan secara tertutup", dt.date(2020, 10, 5)),
        ("001/TM/PW/Kota/14.01/IX/2020", dt.date(2020, 9, 28), "Sri Mulyani Rahayu", "197002141994032008", "PNS",
         "Sekretaris Kelurahan", "Kelurahan Sampangan", "Gajahmungkur", "Menghadiri deklarasi pasangan calon",
         "Sanksi dijatuhkan", "teguran tertulis", dt.date(2020, 10, 5)),
        ("002/LP/PW/Kota/14.01/X/2020", dt.date(2020, 10, 5), "Joko Susilo", "", "THL", "Sopir", "Dinas Perhubungan",
         "Pedurungan", "Foto bersama calon dengan gestur jari", "Tidak diregister", "-", None),
        ("003/TM/PW/Kota/14.01/X/2020", dt.date(2020, 10, 12), "Bambang Sutrisno", "199001012015031002", "PPPK",
         "Guru", "SD Negeri Banyumanik 1", "Banyumanik", "Menyukai unggahan calon di media sosial",
         "Diteruskan ke KASN", "menunggu", dt.date(2020, 10, 20)),
        ("004/TM/PW/Kota/14.01/XI/2020", dt.date(2020, 11, 2), "Dewi Lestari", "198703152011012004", "PNS", "Guru",
         "SMP Negeri 2 Semarang", "Candisari", "Menyukai unggahan calon di media sosial", "Rekomendasi terbit",
         "penundaan KGB 1 tahun", dt.date(2020, 11, 10)),
        ("005/TM/PW/Kota/14.01/XI/2020", dt.date(2020, 11, 20), "Agus Salim", "", "THL", "Petugas kebersihan",
         "Kecamatan Genuk", "Genuk", "Menyukai unggahan calon di media sosial", "Sanksi dijatuhkan", "diberhentikan",
         dt.date(2020, 11, 25)),
        ("006/LP/PW/Kota/14.01/XII/2020", dt.date(2020, 12, 1), "Rina Wati Kusuma", "199203142019032001", "PNS",
         "Staf pelaksana", "Diskominfo", "Semarang Tengah", "Kampanye di media sosial", "Proses PPK/BKPP", "proses",
         dt.date(2020, 12, 5)),
    ],
    "Pemilu 2024": [
        ("001/TM/PL/Kota/14.01/I/2023", dt.date(2023, 1, 10), "Sugeng Riyadi", "198503122010011003", "PNS",
         "Sekretaris Camat", "Kecamatan Tembalang", "Tembalang", "Foto bersama calon", "Diteruskan ke KASN",
         "menunggu rekomendasi", dt.date(2023, 1, 20)),
    ],
    "Pilkada 2024": [],
}

NAMES = [r[2] for rows in SHEETS.values() for r in rows]
NIPS = [r[3] for rows in SHEETS.values() for r in rows if r[3]]
ALL_CYCLES = ("Pilwakot 2020", "Pemilu 2024", "Pilkada 2024")
TODAY = dt.date(2025, 1, 1)
GENERATED_AT = dt.datetime(2025, 1, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def write_register(path: Path) -> Path:
    """The register as a workbook: title rows, a header and the rows of each sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, rows in SHEETS.items():
        ws = wb.create_sheet(sheet)
        ws.append(["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN"])
        ws.append([])
        ws.append(HEADER)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def build_db(directory: Path) -> Path:
    """A database loaded from the register by the real loader."""
    register = write_register(directory / "register_supervisi_uji.xlsx")
    db = directory / "supervisi.duckdb"
    results = load_paths([register], db)
    assert results and all(r.ok for r in results), [r.error for r in results]
    return db


def make_brief(db: Path, filters=None, cycles=None):
    """The brief of a fixture database, built through the real query functions (fixed clock)."""
    import contextlib

    import duckdb

    from netralitas import brief as briefs
    from netralitas.queries import Filters

    with contextlib.closing(duckdb.connect(str(db), read_only=True)) as con:
        return briefs.build_brief(briefs.runner_for(con), filters or Filters(), cycles=cycles, today=TODAY,
                                  generated_at=GENERATED_AT)
