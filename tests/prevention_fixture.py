"""A small prevention register written into a real DuckDB file: the fixture of the prevention tests.

The activities go into ``prevention_activities`` of a database that already holds the case fixture register
(:mod:`tests.fixture_register`), under a load batch of their own: a briefing and an appeal in Pilwakot 2020; a
kecamatan pledge, a city-hall declaration with integrity pact, a teachers' briefing and a cyber patrol in Pemilu
2024; briefings, a pledge, a coordination meeting and an undated appeal in Pilkada 2024; one public-record
activity (hidden by default beside the office's own data) and one activity outside every cycle's dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb

from netralitas.queries import OWN_DATASET, PUBLIC_DATASET

FILE_NAME = "register_pencegahan_uji.xlsx"
SHEET = "Kegiatan"
LOADED_AT = dt.datetime(2025, 3, 1, 2, 5)

# (held_on, cycle, kind, title, organiser, audience, audience_group, district, participants, place, dataset,
#  source_ref)
ACTIVITIES: list[tuple] = [
    (dt.date(2020, 9, 16), "Pilwakot 2020", "Sosialisasi", "Sosialisasi netralitas ASN bagi lurah se-Kota Semarang",
     "Bawaslu Kota Semarang", "Lurah se-Kota Semarang", "Lurah", None, 177, "Hotel Patra Semarang", OWN_DATASET,
     None),
    (dt.date(2020, 10, 20), "Pilwakot 2020", "Imbauan", "Surat imbauan netralitas ASN kepada Wali Kota",
     "Bawaslu Kota Semarang", "Wali Kota Semarang", "Pimpinan daerah", None, None, "Kantor Bawaslu Kota Semarang",
     OWN_DATASET, None),
    (dt.date(2023, 7, 12), "Pemilu 2024", "Deklarasi/Ikrar", "Ikrar netralitas ASN Kecamatan Tugu",
     "Panwaslu Kecamatan Tugu", "ASN Kecamatan Tugu", "ASN umum", "Tugu", 60, "Kantor Kecamatan Tugu", OWN_DATASET,
     None),
    (dt.date(2024, 1, 15), "Pemilu 2024", "Patroli pengawasan", "Patroli siber akun media sosial ASN",
     "Bawaslu Kota Semarang", "Akun media sosial ASN", "Lainnya", None, None, "Daring", OWN_DATASET, None),
    (dt.date(2024, 1, 31), "Pemilu 2024", "Deklarasi/Ikrar", "Deklarasi netralitas ASN Pemkot Semarang",
     "Pemkot Semarang (BKPP)", "ASN Pemkot Semarang", "ASN umum", None, 500, "Gedung Lokakrida", OWN_DATASET, None),
    (dt.date(2024, 1, 31), "Pemilu 2024", "Pakta integritas", "Penandatanganan pakta integritas netralitas ASN",
     "Pemkot Semarang (BKPP)", "Kepala perangkat daerah", "Perangkat daerah (OPD)", None, 120, "Gedung Lokakrida",
     OWN_DATASET, None),
    (dt.date(2024, 2, 6), "Pemilu 2024", "Sosialisasi", "Sosialisasi netralitas bagi guru",
     "Panwaslu Kecamatan Pedurungan", "Guru SD/SMP se-Kecamatan Pedurungan", "Guru/Sekolah", "Pedurungan", 85,
     "Aula Kecamatan Pedurungan", OWN_DATASET, None),
    (dt.date(2024, 9, 2), "Pilkada 2024", "Sosialisasi", "Sosialisasi netralitas ASN bagi camat dan lurah",
     "Bawaslu Kota Semarang", "Camat dan lurah se-Kota Semarang", "Camat", None, 193, "Hotel Gumaya", OWN_DATASET,
     None),
    (dt.date(2024, 10, 15), "Pilkada 2024", "Deklarasi/Ikrar", "Ikrar netralitas ASN pada Hari Kesadaran Nasional",
     "BKPP Kota Semarang", "ASN Pemkot Semarang", "ASN umum", None, None, "Halaman Balai Kota", OWN_DATASET, None),
    (dt.date(2024, 10, 21), "Pilkada 2024", "Sosialisasi", "Sosialisasi netralitas di Kecamatan Tembalang",
     "Panwaslu Kecamatan Tembalang", "Lurah dan staf kecamatan", "Lurah", "Tembalang", 40,
     "Kantor Kecamatan Tembalang", OWN_DATASET, None),
    (dt.date(2024, 11, 5), "Pilkada 2024", "Rapat koordinasi", "Rakor dengan BKPP dan Inspektorat",
     "Bawaslu Kota Semarang", "BKPP, Inspektorat", "Perangkat daerah (OPD)", None, 15,
     "Kantor Bawaslu Kota Semarang", OWN_DATASET, None),
    (None, "Pilkada 2024", "Imbauan", "Imbauan netralitas kepada camat", "Panwaslu Kecamatan Gajahmungkur",
     "Camat Gajahmungkur", "Camat", "Gajahmungkur", None, "Kantor Kecamatan Gajahmungkur", OWN_DATASET, None),
    (dt.date(2024, 10, 30), "Pilkada 2024", "Deklarasi/Ikrar", "Apel netralitas ASN Kecamatan Ngaliyan",
     "Pemkot Semarang", "ASN Kecamatan Ngaliyan", "ASN umum", "Ngaliyan", None, "Kantor Kecamatan Ngaliyan",
     PUBLIC_DATASET, "Contoh Harian, “Apel netralitas di Ngaliyan”, 30 Oktober 2024"),
    (dt.date(2018, 4, 10), "Tidak diketahui", "Lainnya", "Pemasangan spanduk imbauan netralitas",
     "Bawaslu Kota Semarang", "Masyarakat", "Masyarakat", "Genuk", None, "Jalan Kaligawe", OWN_DATASET, None),
]
COLUMNS = ["held_on", "cycle", "kind", "title", "organiser", "audience", "audience_group", "district", "participants",
           "place", "dataset", "source_ref"]


def own_activities() -> list[dict]:
    """The activities of the office's own register, as dicts of :data:`COLUMNS`."""
    return [dict(zip(COLUMNS, row, strict=True)) for row in ACTIVITIES if row[10] == OWN_DATASET]


def add_activities(db_path: Path, activities: list[tuple] = ACTIVITIES, file_name: str = FILE_NAME) -> Path:
    """Insert ``activities`` into ``db_path``'s prevention register under a new load batch of ``file_name``."""
    with contextlib.closing(duckdb.connect(str(db_path))) as con:
        batch = int(con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM load_batches").fetchone()[0])
        datasets = {row[10] for row in activities}
        con.execute(
            "INSERT INTO load_batches VALUES (?, ?, NULL, ?, ?, ?, ?, 0, 0, 0, ?, ?, NULL, TRUE, ?, ?)",
            [batch, file_name, "0" * 64, LOADED_AT, len(activities), len(activities),
             OWN_DATASET if len(datasets) != 1 else next(iter(datasets)), json.dumps([SHEET]), "uji", "staf"],
        )
        for number, row in enumerate(activities, start=1):
            values = dict(zip(COLUMNS, row, strict=True))
            con.execute(
                "INSERT INTO prevention_activities (activity_id, held_on, cycle, kind, title, organiser, audience, "
                "audience_group, district, participants, place, source_file, source_sheet, source_row, batch_id, "
                "dataset, cycle_basis, source_ref, remarks, raw) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
                [f"{file_name}:{SHEET}:{number + 1}", values["held_on"], values["cycle"], values["kind"],
                 values["title"], values["organiser"], values["audience"], values["audience_group"],
                 values["district"], values["participants"], values["place"], file_name, SHEET, number + 1, batch,
                 values["dataset"], "kolom", values["source_ref"], json.dumps({"Kegiatan": values["title"]})],
            )
    return db_path


def with_activities(source_db: Path, folder: Path) -> Path:
    """A copy of ``source_db`` in ``folder`` with the fixture's activities added."""
    target = folder / "uji_pencegahan.duckdb"
    shutil.copyfile(source_db, target)
    return add_activities(target)
