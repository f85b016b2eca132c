"""One person per case within a file: the same person in the same case typed twice (or more) in one file is one
row — the lowest occurrence — with a note naming every row, of its own kind (not "Duplikat antar file")."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.pipeline import load_paths
from tests.registers import fetch_rows, new_workbook, put_rows, run_cli, scalar

HEADER = ["No. Reg", "Nama", "NIP", "Status Kepegawaian", "Status Penanganan", "Sanksi"]
NIP_A = "198503122010011003"


def _people(n: int) -> list[list[object]]:
    return [[f"R-{k:03d}", f"Orang Ke {k}", f"19800101200501{k:04d}", "PNS", "Diregister", None] for k in range(n)]


def _save(wb, path: Path) -> Path:
    wb.save(path)
    return path


def _notes(db: Path, kind: str | None = None) -> list[dict]:
    sql = "SELECT * FROM quality_notes" + (" WHERE kind = ?" if kind else "") + " ORDER BY source_row"
    return fetch_rows(db, sql, [kind] if kind else [])


def test_forty_persons_one_typed_twice_load_as_forty(tmp_path: Path) -> None:
    rows = _people(40)
    twice = ["R-007", "Orang Ke 7", "19800101200501 0007", "PNS", "Rekomendasi terbit", "teguran tertulis"]
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [HEADER, *rows[:20], twice, *rows[20:]])
    path = _save(wb, tmp_path / "register.xlsx")
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([path], db)
    assert result.rows_loaded == 40 == scalar(db, "SELECT count(*) FROM violations")
    sheet = result.sheets[0]
    assert sheet.rows_read == 42 and sheet.skipped["ganda"] == 1
    assert sheet.rows_read == sheet.loaded + len(sheet.rejected) + sheet.skipped_total
    kept = fetch_rows(db, "SELECT * FROM violations WHERE case_id = 'R-007'")
    assert len(kept) == 1
    # the lower row wins: row 9 is the first "R-007", row 22 the second
    assert kept[0]["source_row"] == 22 and kept[0]["status"] == "Rekomendasi terbit" and kept[0]["severity"] == "Ringan"
    notes = _notes(db)
    assert [(n["kind"], n["source_row"]) for n in notes] == [("ganda_file", 22)]
    assert "ganda dalam file ini (baris 9 dan 22)" in notes[0]["message"]
    assert not _notes(db, "duplikat")


def test_same_name_without_nip_three_times_is_one_row(tmp_path: Path) -> None:
    wb = new_workbook("Pilkada 2024")
    put_rows(wb.active, [
        HEADER,
        ["R-1", "Budi Santoso", None, "PNS", "Diregister", None],
        ["R-1", "Ani", None, "THL", "Diregister", None],
        ["R-1", "BUDI  SANTOSO", None, "PNS", "Klarifikasi", None],
        ["R-2", "Budi Santoso", None, "PNS", "Diregister", None],  # another case: another row
        ["R-1", "budi santoso", None, "PNS", "Diteruskan ke BKN", None],
    ])
    path = _save(wb, tmp_path / "nama.xlsx")
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([path], db)
    assert result.rows_loaded == 3 and result.sheets[0].skipped["ganda"] == 2
    rows = fetch_rows(db, "SELECT * FROM violations WHERE case_id = 'R-1' ORDER BY source_row")
    assert [(r["person_name"], r["source_row"], r["status"]) for r in rows] == [
        ("Ani", 3, "Diregister"), ("budi santoso", 6, "Diteruskan ke BKN")]
    (note,) = _notes(db, "ganda_file")
    assert note["source_row"] == 6 and "ganda dalam file ini (baris 2, 4 dan 6)" in note["message"]


def test_rows_without_register_number_or_person_are_never_merged(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [
        HEADER,
        [None, "Sama Saja", None, "PNS", None, None],
        [None, "Sama Saja", None, "PNS", None, None],
        ["R-9", None, None, "PNS", "Diregister", None],
        ["R-9", None, None, "THL", "Diregister", None],
    ])
    path = _save(wb, tmp_path / "tanpa.xlsx")
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([path], db)
    assert result.rows_loaded == 4 and not result.sheets[0].skipped["ganda"]
    assert not _notes(db, "ganda_file")


def test_same_person_on_two_sheets_of_one_file_is_one_row(tmp_path: Path) -> None:
    wb = new_workbook("Lama")
    put_rows(wb.active, [HEADER, ["R-1", "Satu", NIP_A, "PNS", "Diregister", None],
                         ["R-2", "Dua", None, "PNS", "Diregister", None]])
    put_rows(wb.create_sheet("Baru"), [HEADER, ["R-3", "Tiga", None, "PNS", "Diregister", None],
                                       ["R-1", "Satu (ejaan lain)", NIP_A, "PNS", "Sanksi dijatuhkan", "PTDH"]])
    path = _save(wb, tmp_path / "dua_sheet.xlsx")
    db = tmp_path / "t.duckdb"
    (dry,) = load_paths([path], db, dry_run=True)
    (result,) = load_paths([path], db)
    for res in (dry, result):
        assert res.rows_loaded == 3
        assert [(s.name, s.loaded, s.skipped["ganda"]) for s in res.sheets] == [("Lama", 1, 1), ("Baru", 2, 0)]
        assert all(s.rows_read == s.loaded + len(s.rejected) + s.skipped_total for s in res.sheets)
    assert scalar(db, "SELECT count(*) FROM violations") == 3
    (kept,) = fetch_rows(db, "SELECT * FROM violations WHERE case_id = 'R-1'")
    assert (kept["source_sheet"], kept["severity"]) == ("Baru", "Pemberhentian")
    (note,) = _notes(db, "ganda_file")
    assert note["source_sheet"] == "Baru"
    assert "ganda dalam file ini (baris 2 sheet 'Lama' dan baris 3 sheet 'Baru')" in note["message"]
    batch = fetch_rows(db, "SELECT * FROM load_batches")[0]
    assert (batch["rows_loaded"], batch["rows_skipped"]) == (3, 3)


def test_across_files_it_is_still_a_duplicate_across_files(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [HEADER, ["R-1", "Satu", NIP_A, "PNS", "Diregister", None]])
    a = _save(wb, tmp_path / "a.xlsx")
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [HEADER, ["R-1", "Satu", NIP_A, "PNS", "Klarifikasi", None],
                         ["R-1", "Satu", NIP_A, "PNS", "Rekomendasi terbit", None]])
    b = _save(wb, tmp_path / "b.xlsx")
    db = tmp_path / "t.duckdb"
    code, out, _ = run_cli(str(a), str(b), "--db", str(db))
    assert code == 0
    assert scalar(db, "SELECT count(*) FROM violations") == 1
    kinds = sorted(n["kind"] for n in _notes(db))
    assert kinds == ["duplikat", "ganda_file"]
    assert "Ganda dalam file" in out and "Duplikat antar file" in out


@pytest.mark.slow
def test_merged_rows_equal_a_plain_reference_on_a_seeded_random_register(tmp_path: Path) -> None:
    import random

    rng = random.Random(20241127)
    sheets: dict[str, list[list[object]]] = {}
    for sheet in ("Satu", "Dua", "Tiga"):
        rows = []
        for _ in range(120):
            case = rng.choice([f"R-{k}" for k in range(25)] + [None])
            person = rng.choice([f"Orang {k}" for k in range(12)] + [None])
            nip = rng.choice([None, None, f"1980010120050110{rng.randrange(10)}{rng.randrange(10)}"])
            if case is None and person is None and nip is None:
                person = "Cadangan"
            rows.append([case, person, nip, "PNS", "Diregister", None])
        sheets[sheet] = rows
    wb = new_workbook("Satu")
    for k, (sheet, rows) in enumerate(sheets.items()):
        put_rows(wb.active if k == 0 else wb.create_sheet(sheet), [HEADER, *rows])
    path = _save(wb, tmp_path / "acak.xlsx")
    db = tmp_path / "t.duckdb"
    (dry,) = load_paths([path], db, dry_run=True)
    (result,) = load_paths([path], db)

    # reference: the lowest occurrence of each (case, person) wins; person = NIP digits, else the folded name
    winners: dict[tuple, tuple[str, int]] = {}
    expected: set[tuple[str, int]] = set()
    for sheet, rows in sheets.items():
        for r, (case, name, nip, *_rest) in enumerate(rows, start=2):
            person = nip or (name.lower() if name else None)
            if case is None or person is None:
                expected.add((sheet, r))
                continue
            winners[(case, person)] = (sheet, r)
    expected |= set(winners.values())
    stored = {(r["source_sheet"], r["source_row"]) for r in fetch_rows(db)}
    assert stored == expected
    assert dry.rows_loaded == result.rows_loaded == len(expected)
    skipped = sum(s.skipped["ganda"] for s in result.sheets)
    assert skipped == sum(len(rows) for rows in sheets.values()) - len(expected)
    assert scalar(db, "SELECT count(*) FROM quality_notes WHERE kind = 'ganda_file'") == len(
        [1 for key, place in winners.items() if sum(
            1 for sheet, rows in sheets.items() for r, row in enumerate(rows, start=2)
            if row[0] == key[0] and (row[2] or (row[1].lower() if row[1] else None)) == key[1]) > 1])
