"""Nothing is lost silently: two different files with the same name in one load are refused together (files are
identified by name), identical copies count once, a replaced earlier load is said, and every figure the loader
prints — on the command line and in ``load_paths`` results — equals what the database holds afterwards."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from loaders.pipeline import FileResult, load_paths, stored_totals
from tests.registers import new_workbook, put_rows, run_cli, scalar

HEADER = ["No. Reg", "Nama", "NIP", "Status Kepegawaian", "Sanksi"]


def _register(path: Path, rows: list[tuple[str, str]], extra: list[list[object]] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [["REKAP PELANGGARAN NETRALITAS ASN"], HEADER]
             + [[reg, name, None, "PNS", "teguran lisan"] for reg, name in rows]
             + (extra or []) + [["JUMLAH", len(rows)]])
    wb.save(path)
    return path


def _people(prefix: str, n: int) -> list[tuple[str, str]]:
    return [(f"{prefix}-{k}", f"{prefix} Orang {k}") for k in range(n)]


# ---- two different files with one name -----------------------------------------------------------------------


def test_same_name_twice_in_one_load_is_refused_together(tmp_path: Path) -> None:
    folder = tmp_path / "register"
    a = _register(folder / "2020" / "register.xlsx", _people("A", 200))
    b = _register(folder / "2024" / "register.xlsx", _people("B", 200))
    _register(folder / "lain.xlsx", _people("C", 3))
    db = tmp_path / "t.duckdb"
    code, out, err = run_cli(str(folder), "--db", str(db))
    assert code == 1
    assert scalar(db, "SELECT count(*) FROM violations") == 3  # the other file still loads
    assert scalar(db, "SELECT count(*) FROM load_batches") == 1
    for path in (a, b):
        assert str(path) in err and str(path) in out
    assert "ganti nama" in err.lower() and err.count("register.xlsx: ") == 2
    assert "Selesai: 3 file; 3 baris dimuat" in out
    assert "2 file tidak dimuat karena namanya sama" in out


def test_same_name_refusal_in_load_paths_and_dry_run(tmp_path: Path) -> None:
    a = _register(tmp_path / "x" / "register.xlsx", _people("A", 2))
    b = _register(tmp_path / "y" / "register.xlsx", _people("B", 2))
    db = tmp_path / "t.duckdb"
    for dry_run in (True, False):
        results = load_paths([tmp_path / "x", tmp_path / "y"], db, dry_run=dry_run)
        assert [r.status for r in results] == ["nama_ganda", "nama_ganda"]
        assert not any(r.ok for r in results)
        assert all(str(a) in r.error and str(b) in r.error for r in results)
    assert not db.exists()


def test_identical_copies_under_two_paths_count_once(tmp_path: Path) -> None:
    a = _register(tmp_path / "asli" / "register.xlsx", _people("A", 5))
    copy = tmp_path / "salinan" / "register.xlsx"
    copy.parent.mkdir()
    shutil.copyfile(a, copy)
    db = tmp_path / "t.duckdb"
    code, out, err = run_cli(str(tmp_path / "asli"), str(tmp_path / "salinan"), "--db", str(db))
    assert code == 0, err
    assert scalar(db, "SELECT count(*) FROM violations") == 5
    assert "isinya sama persis" in out and str(a) in out
    results = load_paths([a, copy, a], tmp_path / "u.duckdb")
    assert [r.status for r in results] == ["dimuat", "kembar", "kembar"]
    assert scalar(tmp_path / "u.duckdb", "SELECT count(*) FROM violations") == 5


def test_replacing_an_earlier_load_of_the_same_name_is_said(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    reg = _register(tmp_path / "a" / "register.xlsx", _people("A", 4))
    assert run_cli(str(reg), "--db", str(db))[0] == 0
    _register(reg, _people("A", 2))
    code, out, _ = run_cli(str(reg), "--db", str(db))
    assert code == 0
    assert "register.xlsx: dimuat (menggantikan muatan sebelumnya dari file bernama sama)" in out
    assert "4 baris lama dari file bernama sama diganti" in out
    assert "1 file menggantikan muatan sebelumnya bernama sama (4 baris lama diganti)" in out
    assert "Isi basis data kini: 2 baris terlapor dari 1 file" in out


# ---- the printed summary equals the database -----------------------------------------------------------------


@dataclass
class Printed:
    """The figures the command line printed."""

    per_file: dict[str, tuple[int, int, int, int]]  # file → (read, loaded, rejected, skipped)
    notes: dict[str, int]  # file → data-quality notes
    replaced: dict[str, int]  # file → old rows of the same name replaced
    duplicates: dict[str, int]  # file → persons taken over from other files
    loaded_total: int
    stored_rows: int
    stored_files: int


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def parse_output(out: str) -> Printed:
    per_file: dict[str, tuple[int, int, int, int]] = {}
    notes: dict[str, int] = {}
    replaced: dict[str, int] = {}
    dups: dict[str, int] = {}
    current = None
    for line in out.splitlines():
        if m := re.match(r"^(\S.*?): (dimuat|uji coba|dilewati|gagal|tidak dimuat)", line):
            current = m.group(1)
            notes.setdefault(current, 0)
        elif m := re.match(r"^  jumlah: ([\d.]+) dibaca = ([\d.]+) dimuat \+ ([\d.]+) ditolak \+ ([\d.]+) dilewati$",
                           line):
            per_file[current] = tuple(_number(g) for g in m.groups())
        elif m := re.match(r"^    catatan kualitas: .*: ([\d.]+) baris$", line):
            notes[current] += _number(m.group(1))
        elif m := re.match(r"^  ([\d.]+) baris lama dari file bernama sama diganti$", line):
            replaced[current] = _number(m.group(1))
        elif m := re.match(r"^  ([\d.]+) orang juga ada di file lain", line):
            dups[current] = _number(m.group(1))
    total = re.search(r"^Selesai: \d+ file; ([\d.]+) baris dimuat", out, re.M)
    stored = re.search(r"^  Isi basis data kini: ([\d.]+) baris terlapor dari ([\d.]+) file", out, re.M)
    assert total and stored, out
    return Printed(per_file, notes, replaced, dups, _number(total.group(1)), _number(stored.group(1)),
                   _number(stored.group(2)))


def _batch_figures(db: Path, source_file: str) -> tuple[int, int, int, int, int]:
    """(read, loaded, rejected, skipped, notes) of the active batch of a file, from the tables themselves."""
    batch = scalar(db, "SELECT batch_id FROM load_batches WHERE source_file = ? AND active", [source_file])
    return (
        scalar(db, "SELECT rows_read FROM load_batches WHERE batch_id = ?", [batch]),
        scalar(db, "SELECT rows_loaded FROM load_batches WHERE batch_id = ?", [batch]),
        scalar(db, "SELECT count(*) FROM rejected_rows WHERE batch_id = ?", [batch]),
        scalar(db, "SELECT rows_skipped FROM load_batches WHERE batch_id = ?", [batch]),
        scalar(db, "SELECT count(*) FROM quality_notes WHERE batch_id = ?", [batch]),
    )


def _rows(db: Path) -> int:
    return scalar(db, "SELECT count(*) FROM violations") if db.exists() else 0


def _build_scenarios(root: Path) -> list[list[Path]]:
    """Folders loaded one after another into the same database, each adding a case the summary must get right."""
    first = root / "pertama"
    _register(first / "2020" / "register_2020.xlsx", _people("A", 30),
              extra=[[None, None, None, "PNS", "teguran"]])  # one rejected row (no name, NIP or number)
    _register(first / "2024" / "register_2024.xlsx", _people("B", 20) + [("A-3", "A Orang 3")])  # 1 across files
    _register(first / "ganda.xlsx", [("G-1", "Sama"), ("G-1", "Sama"), ("G-2", "Lain")])  # twice in one file
    second = root / "kedua"
    _register(second / "register_2020.xlsx", _people("A", 12))  # replaces 30 earlier rows by name
    _register(second / "x" / "nama.xlsx", _people("N", 4))  # the same name twice: refused
    _register(second / "y" / "nama.xlsx", _people("M", 4))
    _register(second / "baru.xlsx", _people("B", 3) + [("C-1", "C Orang 1")])  # 3 across files
    third = root / "ketiga"
    shutil.copytree(second, third / "salinan")  # identical reloads and the refused pair again
    shutil.copyfile(first / "ganda.xlsx", third / "ganda.xlsx")
    return [[first], [second], [third]]


@pytest.mark.slow
def test_printed_summary_equals_the_database_cli(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    for paths in _build_scenarios(tmp_path / "masuk"):
        before = _rows(db)
        code, out, err = run_cli(*map(str, paths), "--db", str(db))
        assert code in (0, 1), err
        printed = parse_output(out)
        for name, (read, loaded, rejected, skipped) in printed.per_file.items():
            assert (read, loaded, rejected, skipped, printed.notes[name]) == _batch_figures(db, name), name
            assert read == loaded + rejected + skipped
        assert printed.loaded_total == sum(loaded for _, loaded, _, _ in printed.per_file.values())
        change = printed.loaded_total - sum(printed.replaced.values()) - sum(printed.duplicates.values())
        assert _rows(db) - before == change
        assert printed.stored_rows == _rows(db)
        assert printed.stored_files == scalar(db, "SELECT count(*) FROM load_batches WHERE active")


@pytest.mark.slow
def test_load_paths_results_equal_the_database(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    for paths in _build_scenarios(tmp_path / "masuk"):
        before = _rows(db)
        results: list[FileResult] = load_paths(paths, db)
        stored = [r for r in results if r.status in ("dimuat", "diganti")]
        for r in stored:
            figures = (r.rows_read, r.rows_loaded, r.rows_rejected, r.rows_skipped, r.notes_total)
            assert figures == _batch_figures(db, r.source_file)
        change = sum(r.rows_loaded - r.replaced_rows - r.duplicates_replaced for r in stored)
        assert _rows(db) - before == change
        assert stored_totals(db) == (_rows(db), scalar(db, "SELECT count(*) FROM load_batches WHERE active"))


def test_dry_run_predicts_the_load(tmp_path: Path) -> None:
    (first,) = _build_scenarios(tmp_path / "masuk")[0]
    db = tmp_path / "t.duckdb"
    predicted = {r.source_file: (r.status, r.rows_loaded, r.rows_rejected, r.rows_skipped, r.notes_total)
                 for r in load_paths([first], db, dry_run=True)}
    loaded = {r.source_file: (r.status, r.rows_loaded, r.rows_rejected, r.rows_skipped, r.notes_total)
              for r in load_paths([first], db)}
    # the dry run cannot know about duplicates across files it has not stored: only those notes differ
    assert {k: v[1:4] for k, v in predicted.items()} == {k: v[1:4] for k, v in loaded.items()}
