"""Prevention registers (one row per activity) load like the case registers: the same command and rules, a sheet's
kind from its header, one workbook holding both kinds, replace by file, atomic loads, every row loaded or rejected
with its reason, a summary that equals the database, and the bundled public record and demo register."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from loaders import pipeline, prevention
from loaders.pipeline import load_paths
from netralitas.demo_data import (
    DEMO_PREVENTION_FILE,
    PUBLIC_ACTIVITIES,
    PUBLIC_PREVENTION_FILE,
    generate_demo_activities,
    write_demo_prevention,
    write_public_prevention,
)
from netralitas.queries import Filters
from tests.registers import fetch_rows, new_workbook, put_rows, run_cli, scalar, table_snapshot

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

TITLES = [["REKAPITULASI KEGIATAN PENCEGAHAN PELANGGARAN NETRALITAS ASN"], ["PEMILU 2024"], ["BAWASLU KOTA SEMARANG"],
          []]
TOP = ["No", "Kegiatan", None, None, "Penyelenggara", "Peserta", None, "Tempat", "Kecamatan", "Narasumber",
       "Keterangan"]
SUB = [None, "Nama", "Jenis", "Tanggal", None, "Sasaran", "Jumlah", None, None, None, None]
SPEAKER = "Budi Santosa Rekaan"  # a person named in the Narasumber column: never stored

# (title, kind cell, date cell, organiser, audience, participants cell, place, kecamatan, speaker, remark)
ACTIVITIES = [
    ("Deklarasi Netralitas sekaligus Penandatanganan Pakta Integritas ASN", None, dt.datetime(2024, 1, 31),
     "Pemkot Semarang", "ASN Pemkot Semarang", "± 300", "Gedung Lokakrida Balai Kota", "Se-Kota Semarang",
     SPEAKER, None),
    ("Sosialisasi netralitas ASN", "Sosialisasi", "Rabu, 16/1/2024", "Bawaslu Kota Semarang",
     "Lurah se-Kota Semarang", "177 orang", "Hotel Rekaan", None, None, None),
    ("Rakor dengan BKPP", None, "5 Februari 2024", "Bawaslu Kota Semarang", "BKPP dan Inspektorat", None,
     "Kantor BKPP", "Semarang Tengah", None, None),
    ("Patroli siber", None, None, "Bawaslu Kota Semarang", None, "", "Kantor Bawaslu", None, None, None),  # merged
    ("Surat Imbauan kepada Camat", None, "14-02-2024", "Panwaslu Kecamatan Tembalang", "Camat Tembalang", "1",
     None, "Tembalang", None, None),
    ("Senam bersama", "Olahraga", "12 Feb 2024", "Panwaslu Kecamatan Tugu", "Warga", "±120 peserta", "Lapangan",
     "Tugu", None, None),
    ("Apel pagi", None, dt.date(2024, 2, 12), "Kecamatan Genuk", "ASN Kecamatan Genuk", 85, "Halaman kantor",
     "Genuk", None, "=JUMLAH(A1:A3)"),
]
EXPECTED = [  # (held_on, kind, audience_group, district, participants) a correct loader reads
    (dt.date(2024, 1, 31), "Deklarasi/Ikrar", "ASN umum", None, 300),
    (dt.date(2024, 1, 16), "Sosialisasi", "Lurah", None, 177),
    (dt.date(2024, 2, 5), "Rapat koordinasi", "Perangkat daerah (OPD)", "Semarang Tengah", None),
    (dt.date(2024, 2, 5), "Patroli pengawasan", "Lainnya", None, None),
    (dt.date(2024, 2, 14), "Imbauan", "Camat", "Tembalang", 1),
    (dt.date(2024, 2, 12), "Lainnya", "Masyarakat", "Tugu", 120),
    (dt.date(2024, 2, 12), "Lainnya", "ASN umum", "Genuk", 85),
]
FIRST_DATA_ROW = len(TITLES) + 3  # title rows, then the two header rows


def write_prevention_sheet(ws, activities=ACTIVITIES, with_rejected_row: bool = True) -> None:
    """A hand-kept prevention register: title rows, a two-row header with merged parents, a date merged over two
    activities, a row with neither activity nor kind, a JUMLAH row and a signature block."""
    rows = [*TITLES, TOP, SUB]
    rows += [[k + 1, *a] for k, a in enumerate(activities)]
    if with_rejected_row:
        rows.append([len(activities) + 1, None, None, "3 Februari 2024", "Bawaslu", "Lurah", "12"])
    rows += [["JUMLAH", None, None, None, None, None, 683], [], ["Semarang, 29 Februari 2024"],
             ["Ketua Bawaslu Kota Semarang"], [], ["(tanda tangan)"]]
    put_rows(ws, rows)
    header = len(TITLES) + 1
    for first, last in (("B", "D"), ("F", "G")):
        ws.merge_cells(f"{first}{header}:{last}{header}")
    for col in "AEHIJK":
        ws.merge_cells(f"{col}{header}:{col}{header + 1}")
    ws.merge_cells(f"D{FIRST_DATA_ROW + 2}:D{FIRST_DATA_ROW + 3}")  # one date over two activities


def write_mixed_workbook(path: Path, activities=ACTIVITIES, people=(("001/TM/PW/2024", "Ani Rekaan"),)) -> Path:
    """A workbook with a prevention sheet and a case sheet."""
    wb = new_workbook("Pencegahan")
    write_prevention_sheet(wb.active, activities)
    ws = wb.create_sheet("Pelanggaran Pemilu 2024")
    put_rows(ws, [["No. Reg", "Nama Terlapor", "NIP", "Status Kepegawaian", "Kegiatan yang dilakukan", "Sanksi"]]
             + [[reg, name, None, "PNS", "Sosialisasi calon di media sosial", "teguran lisan"] for reg, name in people])
    wb.save(path)
    return path


def activities(db: Path, where: str = "TRUE") -> list[dict]:
    return fetch_rows(db, f"SELECT * FROM prevention_activities WHERE {where} ORDER BY source_file, source_sheet, "  # noqa: S608
                          "source_row")


# ---- one messy register ------------------------------------------------------------------------------------------


def test_messy_prevention_register_loads_activity_by_activity(tmp_path: Path) -> None:
    path = write_mixed_workbook(tmp_path / "register_pencegahan.xlsx")
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([path], db)
    assert result.status == "dimuat", result.error
    rows = activities(db)
    got = [(r["held_on"], r["kind"], r["audience_group"], r["district"], r["participants"]) for r in rows]
    assert got == EXPECTED
    assert [r["source_row"] for r in rows] == list(range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(ACTIVITIES)))
    assert [r["title"] for r in rows] == [a[0] for a in ACTIVITIES]
    assert {r["cycle"] for r in rows} == {"Pemilu 2024"} and {r["cycle_basis"] for r in rows} == {"judul tabel"}
    assert {r["dataset"] for r in rows} == {"sendiri"}
    assert rows[0]["organiser"] == "Pemkot Semarang" and rows[0]["place"] == "Gedung Lokakrida Balai Kota"
    assert rows[0]["activity_id"] == f"KEGIATAN:register_pencegahan.xlsx:Pencegahan:{FIRST_DATA_ROW}"
    # the case sheet of the same workbook is a case register, its "Kegiatan" column notwithstanding
    (person,) = fetch_rows(db)
    assert person["person_name"] == "Ani Rekaan" and person["case_id"] == "001/TM/PW/2024"

    sheets = {s.name: s for s in result.sheets}
    activity_sheet = sheets["Pencegahan"]
    assert activity_sheet.register == "pencegahan" and sheets["Pelanggaran Pemilu 2024"].register == "pelanggaran"
    assert (activity_sheet.loaded, len(activity_sheet.rejected)) == (len(ACTIVITIES), 1)
    assert activity_sheet.skipped == {"judul": 3, "kosong": 3, "header": 2, "jumlah": 1, "tanda_tangan": 3}
    assert activity_sheet.rows_read == activity_sheet.loaded + 1 + activity_sheet.skipped_total
    assert (result.persons_loaded, result.activities_loaded) == (1, len(ACTIVITIES))


def test_every_row_is_loaded_or_rejected_with_its_reason_and_notes(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    load_paths([write_mixed_workbook(tmp_path / "register_pencegahan.xlsx")], db)
    (rejected,) = fetch_rows(db, "SELECT * FROM rejected_rows")
    assert rejected["source_row"] == FIRST_DATA_ROW + len(ACTIVITIES)
    assert "nama kegiatan maupun jenis kegiatan" in rejected["reason"] and "3 Februari 2024" in rejected["reason"]
    notes = fetch_rows(db, "SELECT * FROM quality_notes ORDER BY source_row, kind")
    by_kind = {(n["kind"], n["source_row"]): n for n in notes}
    olahraga = by_kind[("jenis_kegiatan", FIRST_DATA_ROW + 5)]
    assert olahraga["quoted"] == "Olahraga" and "Lainnya" in olahraga["message"]
    assert ("rumus", FIRST_DATA_ROW + 6) in by_kind  # a formula-looking remark is kept as text and noted
    batch = fetch_rows(db, "SELECT * FROM load_batches")[0]
    assert batch["rows_loaded"] == len(ACTIVITIES) + 1 and batch["rows_rejected"] == 1
    assert batch["notes"] == len(notes)


def test_a_person_named_in_a_prevention_register_is_never_stored(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    wb = new_workbook("Pencegahan")
    write_prevention_sheet(wb.active)
    put_rows(wb.active, [[99, None, None, "1 Maret 2024", None, None, None, None, None, SPEAKER]],
             start_row=wb.active.max_row + 1)  # a rejected row below the signature that names only the speaker
    wb.save(tmp_path / "narasumber.xlsx")
    load_paths([tmp_path / "narasumber.xlsx"], db)
    stored = json.dumps(table_snapshot(db), default=str)
    assert SPEAKER not in stored
    assert "Narasumber" not in json.loads(activities(db)[0]["raw"])


def test_dates_in_every_indonesian_style_and_cycles_by_the_case_rules(tmp_path: Path) -> None:
    wb = new_workbook("Kegiatan")  # a sheet that names no cycle: column, then file name, then the date window
    put_rows(wb.active, [
        ["No", "Tanggal Kegiatan", "Nama Kegiatan", "Siklus", "Sasaran", "Jumlah Peserta"],
        [1, "16 September 2020", "Sosialisasi bagi lurah", None, "Lurah", "± 120"],
        [2, "Rabu, 16/9/2020", "Sosialisasi bagi lurah", "Pilkada 2024", "Lurah", "120 orang"],
        [3, "16-09-2020", "Ikrar Netralitas", None, "ASN", "±120 peserta"],
        [4, dt.datetime(2024, 10, 1), "Patroli siber", None, None, 120],
        [5, "31 Jan 2024", "Penandatanganan Pakta Integritas", None, "Camat", None],
        [6, "tanggal belum diisi", "Rapat koordinasi", None, "OPD", "sekitar 40 orang"],
    ])
    wb.save(tmp_path / "kegiatan.xlsx")
    db = tmp_path / "t.duckdb"
    load_paths([tmp_path / "kegiatan.xlsx"], db)
    got = [(r["held_on"], r["cycle"], r["cycle_basis"], r["kind"], r["participants"]) for r in activities(db)]
    assert got == [
        (dt.date(2020, 9, 16), "Pilwakot 2020", "tanggal", "Sosialisasi", 120),
        (dt.date(2020, 9, 16), "Pilkada 2024", "kolom", "Sosialisasi", 120),
        (dt.date(2020, 9, 16), "Pilwakot 2020", "tanggal", "Deklarasi/Ikrar", 120),
        (dt.date(2024, 10, 1), "Pilkada 2024", "tanggal", "Patroli pengawasan", 120),
        (dt.date(2024, 1, 31), "Pemilu 2024", "tanggal", "Pakta integritas", None),
        (None, "Tidak diketahui", "tidak diketahui", "Rapat koordinasi", 40),
    ]
    kinds = {n["kind"] for n in fetch_rows(db, "SELECT kind FROM quality_notes")}
    assert kinds == {"tanggal"}  # the unreadable date is noted; the row still loads


def test_participants_that_cannot_be_read_are_noted(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [["No", "Kegiatan", "Jumlah Peserta"], [1, "Sosialisasi", "seluruh lurah"],
                         [2, "Sosialisasi", "100-120"], [3, "Sosialisasi", "1.200"]])
    wb.save(tmp_path / "peserta.xlsx")
    db = tmp_path / "t.duckdb"
    load_paths([tmp_path / "peserta.xlsx"], db)
    assert [r["participants"] for r in activities(db)] == [None, None, 1200]
    assert [n["quoted"] for n in fetch_rows(db, "SELECT quoted FROM quality_notes WHERE kind = 'jumlah_peserta' "
                                                "ORDER BY source_row")] == ["seluruh lurah", "100-120"]


def test_own_register_number_is_the_activity_id(tmp_path: Path) -> None:
    wb = new_workbook("Pilkada 2024")
    put_rows(wb.active, [["No", "Kode Kegiatan", "Jenis Kegiatan", "Penyelenggara"],
                         [1, "PC-01/2024", "Sosialisasi", "Bawaslu"], [2, None, "Imbauan", "Bawaslu"]])
    wb.save(tmp_path / "kode.xlsx")
    db = tmp_path / "t.duckdb"
    load_paths([tmp_path / "kode.xlsx"], db)
    assert [r["activity_id"] for r in activities(db)] == ["PC-01/2024", "KEGIATAN:kode.xlsx:Pilkada 2024:3"]
    assert [r["title"] for r in activities(db)] == [None, None]  # only the kind is written


def test_a_case_register_with_an_activity_column_stays_a_case_register(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [["No", "Nama", "NIP", "Kegiatan", "Sanksi"], [1, "Ani Rekaan", None, "Kampanye", "teguran"]])
    wb.save(tmp_path / "kasus.xlsx")
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([tmp_path / "kasus.xlsx"], db)
    assert (result.persons_loaded, result.activities_loaded) == (1, 0)
    assert scalar(db, "SELECT count(*) FROM prevention_activities") == 0


# ---- replace by file, atomicity, the summary ---------------------------------------------------------------------


def test_reloading_a_file_replaces_its_prevention_rows(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    path = write_mixed_workbook(tmp_path / "register.xlsx")
    load_paths([path], db)
    fewer = ACTIVITIES[:2]
    write_mixed_workbook(path, fewer, people=(("009/TM/PW/2024", "Budi Rekaan"),))
    (again,) = load_paths([path], db)
    assert again.status == "diganti"
    assert again.replaced_rows == len(ACTIVITIES) + 1  # every earlier row of that file, both kinds
    assert [r["title"] for r in activities(db)] == [a[0] for a in fewer]
    assert [r["person_name"] for r in fetch_rows(db)] == ["Budi Rekaan"]
    assert scalar(db, "SELECT count(DISTINCT batch_id) FROM prevention_activities") == 1
    (same,) = load_paths([path], db)
    assert same.status == "identik"


def test_a_file_that_fails_half_way_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.duckdb"
    path = write_mixed_workbook(tmp_path / "register.xlsx")
    load_paths([path], db)
    before = table_snapshot(db)
    real = prevention.normalise_prevention_sheet

    def second_sheet_breaks(parsed, **kwargs):
        if parsed.name == "Kedua":
            raise ValueError("sel rusak")
        return real(parsed, **kwargs)

    monkeypatch.setattr(prevention, "normalise_prevention_sheet", second_sheet_breaks)
    wb = new_workbook("Pencegahan")
    write_prevention_sheet(wb.active, ACTIVITIES[:3])  # the first sheet is written before the second breaks
    write_prevention_sheet(wb.create_sheet("Kedua"), ACTIVITIES[3:])
    wb.save(path)
    (result,) = load_paths([path], db)
    assert result.status == "gagal" and result.error
    assert table_snapshot(db) == before


def _printed(out: str) -> dict[str, int]:
    number = lambda text: int(text.replace(".", ""))  # noqa: E731
    persons, acts = re.search(r"^  dimuat: ([\d.]+) baris terlapor \+ ([\d.]+) kegiatan pencegahan$", out,
                              re.M).groups()
    stored = re.search(r"^  Isi basis data kini: ([\d.]+) baris terlapor dari ([\d.]+) file; ([\d.]+) kegiatan "
                       r"pencegahan$", out, re.M).groups()
    total = re.search(r"^  jumlah: ([\d.]+) dibaca = ([\d.]+) dimuat \+ ([\d.]+) ditolak \+ ([\d.]+) dilewati$", out,
                      re.M).groups()
    return {"persons": number(persons), "activities": number(acts), "stored_persons": number(stored[0]),
            "stored_files": number(stored[1]), "stored_activities": number(stored[2]), "read": number(total[0]),
            "loaded": number(total[1]), "rejected": number(total[2]), "skipped": number(total[3])}


def test_printed_summary_equals_the_database(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    path = write_mixed_workbook(tmp_path / "register.xlsx")
    code, dry_out, err = run_cli(str(path), "--db", str(db), "--dry-run")
    assert code == 0, err
    assert "sheet 'Pencegahan' (kegiatan pencegahan):" in dry_out
    code, out, err = run_cli(str(path), "--db", str(db))
    assert code == 0, err
    printed = _printed(out)
    assert printed["persons"] == scalar(db, "SELECT count(*) FROM violations") == printed["stored_persons"]
    assert printed["activities"] == scalar(db, "SELECT count(*) FROM prevention_activities") \
        == printed["stored_activities"]
    assert printed["loaded"] == scalar(db, "SELECT rows_loaded FROM load_batches WHERE active")
    assert printed["rejected"] == scalar(db, "SELECT count(*) FROM rejected_rows")
    assert printed["read"] == printed["loaded"] + printed["rejected"] + printed["skipped"]
    assert printed["stored_files"] == 1
    assert re.search(r"^  dimuat: 1 baris terlapor \+ 7 kegiatan pencegahan$", dry_out, re.M)  # the dry run said so


def test_dry_run_counts_both_kinds_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    path = write_mixed_workbook(tmp_path / "register.xlsx")
    (dry,) = load_paths([path], db, dry_run=True)
    assert not db.exists()
    (done,) = load_paths([path], db)
    assert (dry.persons_loaded, dry.activities_loaded, dry.rows_rejected) == (
        done.persons_loaded, done.activities_loaded, done.rows_rejected) == (1, len(ACTIVITIES), 1)
    prepared = pipeline.prepare_file(path)
    assert prepared.activities.num_rows == len(ACTIVITIES)


# ---- the bundled data --------------------------------------------------------------------------------------------


def test_bundled_prevention_workbooks_are_what_the_generator_writes(tmp_path: Path) -> None:
    write_demo_prevention(tmp_path / DEMO_PREVENTION_FILE)
    write_public_prevention(tmp_path / PUBLIC_PREVENTION_FILE)
    for name in (DEMO_PREVENTION_FILE, PUBLIC_PREVENTION_FILE):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_demo_prevention_register_loads_as_its_truth(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([DATA / DEMO_PREVENTION_FILE], db)
    assert result.dataset == "contoh" and result.rows_rejected == 0 and result.persons_loaded == 0
    truth = generate_demo_activities()
    by_cycle = {}
    for row in activities(db):
        by_cycle.setdefault(row["cycle"], []).append(
            (row["held_on"], row["kind"], row["title"], row["organiser"], row["audience"], row["audience_group"],
             row["district"], row["participants"], row["place"]))
    for cycle, rows in by_cycle.items():
        assert rows == [(a.held_on, a.kind, a.title, a.organiser, a.audience or None, a.audience_group, a.district,
                         a.participants, a.place or None) for a in truth if a.cycle == cycle], cycle
    assert set(by_cycle) == {"Pilwakot 2020", "Pemilu 2024", "Pilkada 2024"}
    for cycle in by_cycle:  # some kecamatan hold no activity in a cycle
        held = {a.district for a in truth if a.cycle == cycle and a.district}
        assert 12 <= len(held) < 16, cycle


def test_public_record_of_prevention_cites_its_reports(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([DATA / PUBLIC_PREVENTION_FILE], db)
    assert result.dataset == "publik" and result.rows_rejected == 0
    rows = activities(db)
    assert len(rows) == len(PUBLIC_ACTIVITIES)
    expected = sorted((a.held_on or dt.date.min, a.cycle, a.kind, a.audience_group, a.district or "", a.source)
                      for a in PUBLIC_ACTIVITIES)
    got = sorted((r["held_on"] or dt.date.min, r["cycle"], r["kind"], r["audience_group"], r["district"] or "",
                  r["source_ref"]) for r in rows)
    assert got == expected
    lurah = next(r for r in rows if r["held_on"] == dt.date(2020, 9, 16))
    assert lurah["kind"] == "Sosialisasi" and lurah["audience_group"] == "Lurah"
    assert "Kontenjateng.com" in lurah["source_ref"] and "Gelar Sosialisasi" in lurah["source_ref"]
    assert {r["district"] for r in rows if r["kind"] == "Imbauan" and r["district"]} == set(
        a.district for a in PUBLIC_ACTIVITIES if a.district)  # the 16 Panwaslu Kecamatan to the 16 camat


def test_first_start_loads_both_and_own_data_hides_the_demo(bundled_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    shutil.copyfile(bundled_db, db)
    datasets = {r["dataset"]: r["n"] for r in fetch_rows(
        db, "SELECT dataset, count(*) AS n FROM prevention_activities GROUP BY 1")}
    assert datasets == {"contoh": len(generate_demo_activities()), "publik": len(PUBLIC_ACTIVITIES)}
    where, params = Filters().where()
    shown = f"SELECT count(*) FROM prevention_activities WHERE {where}"  # noqa: S608
    assert scalar(db, shown, params) == sum(datasets.values())  # no own data yet: all of it, labelled
    wb = new_workbook("Pilkada 2024")
    put_rows(wb.active, [["No", "Nama Kegiatan", "Kecamatan"], [1, "Sosialisasi netralitas ASN", "Mijen"]])
    wb.save(tmp_path / "kegiatan_kantor.xlsx")
    (own,) = load_paths([tmp_path / "kegiatan_kantor.xlsx"], db)
    assert own.dataset == "sendiri"
    assert scalar(db, shown, params) == 1  # an own prevention register: the default view is the office's own
    persons_shown = f"SELECT count(*) FROM violations WHERE {where}"  # noqa: S608
    assert scalar(db, persons_shown, params) == 0  # … for the cases too: no demo mixed into own figures


# ---- the upload page ---------------------------------------------------------------------------------------------


@pytest.mark.integration
def test_upload_page_dry_run_shows_prevention_rows_beside_persons(bundled_db: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.roles import as_role

    db = tmp_path / "netralitas.duckdb"
    shutil.copyfile(bundled_db, db)
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = as_role(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "staf")
    at.switch_page("pages/unggah.py")
    at.run()
    path = write_mixed_workbook(tmp_path / "register_campuran.xlsx")
    at.file_uploader[0].upload(path.name, path.read_bytes())
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    sheets = at.dataframe[0].value
    assert list(sheets["sheet"]) == ["Pencegahan", "Pelanggaran Pemilu 2024"]
    assert list(sheets["register"]) == ["Kegiatan pencegahan", "Pelanggaran (terlapor)"]
    assert list(sheets["loaded"]) == [len(ACTIVITIES), 1]
    assert any("1 baris terlapor dan 7 kegiatan pencegahan" in c.value for c in at.caption)
    before = scalar(db, "SELECT count(*) FROM prevention_activities")
    at.button(key="muat").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert scalar(db, "SELECT count(*) FROM prevention_activities") == before + len(ACTIVITIES)
    assert scalar(db, "SELECT count(*) FROM prevention_activities WHERE source_file = ?", [path.name]) == len(
        ACTIVITIES)
