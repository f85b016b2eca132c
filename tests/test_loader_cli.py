"""The loader command line: exit codes, messages, reload rules, atomicity and unreadable files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from loaders import pipeline
from netralitas import db as dbmod
from tests.registers import fetch_rows, run_cli, scalar, table_snapshot, write_register

ROOT = Path(__file__).resolve().parent.parent


def test_cli_loads_prints_summary_and_reload_is_a_no_op(tmp_path: Path) -> None:
    reg = write_register(tmp_path / "a.xlsx", [("R-1", "Satu"), ("R-2", "Dua")])
    db = tmp_path / "t.duckdb"
    code, out, err = run_cli(str(reg), "--db", str(db))
    assert code == 0, err
    assert "a.xlsx: dimuat" in out
    assert "sheet 'Pemilu 2024': 3 baris dibaca = 2 dimuat + 0 ditolak + 1 dilewati" in out
    before = table_snapshot(db)
    mtime = db.stat().st_mtime_ns
    code, out, _ = run_cli(str(reg), "--db", str(db))
    assert code == 0
    assert "identik" in out and "Tidak ada perubahan" in out
    assert table_snapshot(db) == before
    assert db.stat().st_mtime_ns == mtime


def test_same_name_replaces_earlier_rows(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    reg = write_register(tmp_path / "a.xlsx", [("R-1", "Satu"), ("R-2", "Dua")])
    assert run_cli(str(reg), "--db", str(db))[0] == 0
    write_register(reg, [("R-1", "Satu"), ("R-3", "Tiga"), ("R-4", "Empat")])
    code, out, _ = run_cli(str(reg), "--db", str(db))
    assert code == 0 and "menggantikan" in out
    assert [r["person_name"] for r in fetch_rows(db)] == ["Satu", "Tiga", "Empat"]
    assert scalar(db, "SELECT count(*) FROM load_batches") == 2
    assert scalar(db, "SELECT count(*) FROM load_batches WHERE active") == 1


def test_same_person_in_two_files_is_one_row_and_noted(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    a = write_register(tmp_path / "a.xlsx", [("R-1", "Satu"), ("R-2", "Dua")])
    b = write_register(tmp_path / "b.xlsx", [("R-1", "Satu")])
    assert run_cli(str(a), "--db", str(db))[0] == 0
    assert run_cli(str(b), "--db", str(db))[0] == 0
    rows = fetch_rows(db)
    assert sorted((r["person_name"], r["source_file"]) for r in rows) == [("Dua", "a.xlsx"), ("Satu", "b.xlsx")]
    notes = fetch_rows(db, "SELECT * FROM quality_notes WHERE kind = 'duplikat'")
    assert len(notes) == 1 and "a.xlsx" in notes[0]["message"] and notes[0]["source_file"] == "b.xlsx"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    reg = write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])
    code, out, _ = run_cli(str(reg), "--db", str(db), "--dry-run")
    assert code == 0 and "uji coba" in out
    assert not db.exists()


def test_nothing_loaded_creates_no_database(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    empty = tmp_path / "kosong.csv"
    empty.write_bytes(b"")
    assert run_cli(str(empty), "--db", str(db))[0] == 1
    assert not db.exists()


def _corrupt_files(tmp_path: Path) -> list[Path]:
    random_bytes = tmp_path / "acak.xlsx"
    random_bytes.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    docx = tmp_path / "surat.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    good = tmp_path / "utuh.xlsx"
    write_register(good, [("T-1", "Satu")])
    encrypted = tmp_path / "terkunci.xlsx"  # a real password-protected workbook (password "rahasia")
    with good.open("rb") as src, encrypted.open("wb") as dst:
        OOXMLFile(src).encrypt("rahasia", dst)
    truncated = tmp_path / "terpotong.xlsx"
    truncated.write_bytes(good.read_bytes()[:600])
    return [random_bytes, empty, docx, encrypted, truncated]


def test_corrupt_files_exit_1_with_reasons_and_good_files_still_load(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    first = write_register(tmp_path / "awal.xlsx", [("R-0", "Awal")])
    assert run_cli(str(first), "--db", str(db))[0] == 0
    before = table_snapshot(db)
    bad = _corrupt_files(tmp_path)
    good = write_register(tmp_path / "baik.xlsx", [("R-1", "Satu")])
    code, out, err = run_cli(*[str(p) for p in bad], str(good), "--db", str(db))
    assert code == 1
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == len(bad)
    for p in bad:
        line = next(ln for ln in lines if ln.startswith(p.name + ":"))
        assert len(line) > len(p.name) + 5
    assert "kosong" in next(ln for ln in lines if ln.startswith("kosong.xlsx")).lower()
    assert "word" in next(ln for ln in lines if ln.startswith("surat.xlsx")).lower()
    assert "kata sandi" in next(ln for ln in lines if ln.startswith("terkunci.xlsx")).lower()
    after = table_snapshot(db)
    # the earlier state is intact and only the good file was added
    assert {r[0] for r in after["load_batches"]} == {1, 2}
    assert sorted(r["person_name"] for r in fetch_rows(db)) == ["Awal", "Satu"]
    assert [r for r in after["violations"] if r[15] == "awal.xlsx"] == [
        r for r in before["violations"] if r[15] == "awal.xlsx"
    ]


def test_only_bad_files_leave_database_byte_identical(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])), "--db", str(db))[0] == 0
    content = db.read_bytes()
    code, _, err = run_cli(*[str(p) for p in _corrupt_files(tmp_path)], "--db", str(db))
    assert code == 1 and err
    assert db.read_bytes() == content


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli()[0] == 2
    assert run_cli("--tidak-ada")[0] == 2
    code, _, err = run_cli(str(tmp_path / "tidak_ada.xlsx"))
    assert code == 2 and "tidak ditemukan" in err


def test_unsupported_extension_is_a_failed_file(tmp_path: Path) -> None:
    doc = tmp_path / "catatan.txt"
    doc.write_text("halo")
    code, _, err = run_cli(str(doc), "--db", str(tmp_path / "t.duckdb"))
    assert code == 1 and "catatan.txt" in err and "tidak didukung" in err


def test_failure_half_way_leaves_database_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])), "--db", str(db))[0] == 0
    before = table_snapshot(db)
    real_store = pipeline._store

    def store_then_fail(con, prepared, replaced, loaded_by):
        real_store(con, prepared, replaced, loaded_by)  # rows are written inside the transaction …
        raise RuntimeError("listrik padam")  # … and then the load dies

    monkeypatch.setattr(pipeline, "_store", store_then_fail)
    changed = write_register(tmp_path / "a.xlsx", [("R-9", "Sembilan")])
    with pytest.raises(RuntimeError):
        pipeline.load_paths([changed, write_register(tmp_path / "b.xlsx", [("R-2", "Dua")])], db)
    assert table_snapshot(db) == before
    assert not list(tmp_path.glob("*.tmp"))


def test_write_session_failure_keeps_live_file(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])), "--db", str(db))[0] == 0
    content = db.read_bytes()
    with pytest.raises(ValueError), dbmod.write_session(db) as con:
        con.execute("DELETE FROM violations")
        raise ValueError("batal")
    assert db.read_bytes() == content


@pytest.mark.slow
def test_folder_is_read_recursively_and_backups_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRALITAS_BACKUPS", "2")
    folder = tmp_path / "register"
    (folder / "2024").mkdir(parents=True)
    write_register(folder / "a.xlsx", [("R-1", "Satu")])
    write_register(folder / "2024" / "b.xlsx", [("R-2", "Dua")])
    (folder / "~$a.xlsx").write_bytes(b"lock file of Excel")
    db = tmp_path / "t.duckdb"
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    code, out, _ = run_cli(str(folder))
    assert code == 0 and "a.xlsx" in out and "b.xlsx" in out
    for i in range(3):
        write_register(folder / "a.xlsx", [("R-1", "Satu"), (f"R-{i + 5}", "Lagi")])
        assert run_cli(str(folder))[0] == 0
    assert len(dbmod.list_backups(db)) == 2


@pytest.mark.slow
def test_module_entry_point_runs(tmp_path: Path) -> None:
    reg = write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])
    proc = subprocess.run([sys.executable, "-m", "loaders", str(reg), "--db", str(tmp_path / "t.duckdb")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Selesai: 1 file" in proc.stdout
