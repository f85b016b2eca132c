"""Hostile files, concurrent loads and readers, crash safety, backups and undo."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from loaders.pipeline import load_file_into, load_paths
from netralitas import db as dbmod
from tests.registers import fetch_rows, run_cli, scalar, table_snapshot, write_register

pytestmark = pytest.mark.slow  # hostile files, concurrent loads and readers, killed processes, lockout

ROOT = Path(__file__).resolve().parent.parent


def _with_extra_part(good: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, data)
    return target


@pytest.fixture()
def good_xlsx(tmp_path: Path) -> Path:
    return write_register(tmp_path / "baik.xlsx", [("R-1", "Satu")])


def test_zip_bomb_is_rejected_before_parsing(tmp_path: Path, good_xlsx: Path) -> None:
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(good_xlsx) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    result = load_file_into(None, bomb, dry_run=True)
    assert result.status == "gagal" and "mengembang" in result.error


def test_too_many_parts_is_rejected(tmp_path: Path, good_xlsx: Path) -> None:
    many = tmp_path / "banyak.xlsx"
    with zipfile.ZipFile(good_xlsx) as src, zipfile.ZipFile(many, "w") as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        for i in range(10_001):
            dst.writestr(f"xl/x/{i}.xml", b"")
    result = load_file_into(None, many, dry_run=True)
    assert result.status == "gagal" and "terlalu banyak" in result.error


def test_macro_and_external_link_parts_are_rejected(tmp_path: Path, good_xlsx: Path) -> None:
    macro = _with_extra_part(good_xlsx, tmp_path / "makro.xlsm", "xl/vbaProject.bin", b"VBA")
    link = _with_extra_part(good_xlsx, tmp_path / "tautan.xlsx", "xl/externalLinks/externalLink1.xml", b"<x/>")
    assert "makro" in load_file_into(None, macro, dry_run=True).error.lower()
    assert "tautan" in load_file_into(None, link, dry_run=True).error.lower()


def test_too_many_columns_and_binary_csv_are_rejected(tmp_path: Path) -> None:
    wide = tmp_path / "lebar.csv"
    wide.write_text(";".join(f"k{i}" for i in range(600)) + "\n")
    assert "kolom" in load_file_into(None, wide, dry_run=True).error
    binary = tmp_path / "biner.csv"
    binary.write_bytes(b"No;Nama\x00\x00\x01\x02" * 20)
    assert load_file_into(None, binary, dry_run=True).status == "gagal"


def test_sigkill_during_a_load_leaves_the_earlier_state(tmp_path: Path) -> None:
    from netralitas.demo_data import generate_demo_persons, write_register_fast

    db = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "awal.xlsx", [("R-0", "Awal")])), "--db", str(db))[0] == 0
    before = db.read_bytes()
    big = tmp_path / "besar.xlsx"
    write_register_fast(big, generate_demo_persons(10_000, seed=7))
    proc = subprocess.Popen([sys.executable, "-m", "loaders", str(big), "--db", str(db)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # wait until the loader has made its private copy, i.e. it is in the middle of the load
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob("t.duckdb.*.tmp")):
        time.sleep(0.02)
    assert list(tmp_path.glob("t.duckdb.*.tmp")), "loader never started writing"
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert db.read_bytes() == before
    # the next load works (the lock died with the process) and clears the dead copy
    assert run_cli(str(write_register(tmp_path / "lagi.xlsx", [("R-9", "Lagi")])), "--db", str(db))[0] == 0
    assert not list(tmp_path.glob("t.duckdb.*.tmp*"))
    assert sorted(r["person_name"] for r in fetch_rows(db)) == ["Awal", "Lagi"]


def test_two_loads_at_once_are_serialised_not_lost(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    files = [write_register(tmp_path / f"f{i}.xlsx", [(f"R-{i}-{k}", f"Orang {i} {k}") for k in range(200)])
             for i in range(3)]
    procs = [subprocess.Popen([sys.executable, "-m", "loaders", str(f), "--db", str(db)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert scalar(db, "SELECT count(*) FROM violations") == 600
    assert scalar(db, "SELECT count(DISTINCT source_file) FROM load_batches") == 3


READER = """
import sys, time, duckdb
path, stop = sys.argv[1], sys.argv[2]
import os
import re

seen = set()
while not os.path.exists(stop):
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error:
        continue
    try:
        seen.add(con.execute("SELECT count(*) FROM violations").fetchone()[0])
    finally:
        con.close()
print(sorted(seen))
"""


def test_readers_never_see_half_a_load(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "awal.xlsx", [("R-0", "Awal")])), "--db", str(db))[0] == 0
    stop = tmp_path / "berhenti"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE, text=True)
    try:
        valid = {1}
        total = 1
        for i in range(4):
            f = write_register(tmp_path / f"f{i}.xlsx", [(f"R-{i}-{k}", f"Orang {i} {k}") for k in range(300)])
            assert run_cli(str(f), "--db", str(db))[0] == 0
            total += 300
            valid.add(total)
    finally:
        stop.write_text("x")
    out, _ = reader.communicate(timeout=60)
    seen = set(eval(out.strip()))  # noqa: S307 - our own reader prints a list of ints
    assert seen and seen <= valid, (seen, valid)


def test_undo_puts_back_the_state_before_the_last_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.duckdb"
    assert run_cli("--undo", "--db", str(db))[0] == 1
    assert run_cli(str(write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])), "--db", str(db))[0] == 0
    first = table_snapshot(db)
    assert run_cli(str(write_register(tmp_path / "b.xlsx", [("R-2", "Dua")])), "--db", str(db))[0] == 0
    code, out, _ = run_cli("--undo", "--db", str(db))
    assert code == 0 and "dibatalkan" in out
    assert table_snapshot(db) == first
    # the first load created the database: there is no earlier state to go back to
    code, _, err = run_cli("--undo", "--db", str(db))
    assert code == 1 and "Tidak ada cadangan" in err
    assert run_cli("--undo", "x.xlsx", "--db", str(db))[0] == 2


def test_backups_are_pruned_to_the_configured_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRALITAS_BACKUPS", "3")
    db = tmp_path / "t.duckdb"
    for i in range(6):
        load_paths([write_register(tmp_path / f"f{i}.xlsx", [(f"R-{i}", f"Orang {i}")])], db)
    assert len(dbmod.list_backups(db)) == 3


def test_cli_load_while_the_app_holds_the_database_open(tmp_path: Path, bundled_db: Path) -> None:
    """The dashboard keeps a read-only connection open; a command-line load still succeeds, and a new reader sees
    the new rows while the old connection keeps its consistent snapshot."""
    db = tmp_path / "app.duckdb"
    shutil.copyfile(bundled_db, db)
    app_con = dbmod.connect_readonly(db)
    before = app_con.execute("SELECT count(*) FROM violations").fetchone()[0]
    proc = subprocess.run([sys.executable, "-m", "loaders",
                           str(write_register(tmp_path / "baru.xlsx", [("N-1", "Baru Satu"), ("N-2", "Baru Dua")])),
                           "--db", str(db)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert app_con.execute("SELECT count(*) FROM violations").fetchone()[0] == before
    app_con.close()
    assert scalar(db, "SELECT count(*) FROM violations") == before + 2
    if os.name != "nt":
        assert dbmod.data_version(db) != "missing"


def test_dashboard_reads_a_private_snapshot_not_the_live_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])), "--db", str(db))[0] == 0
    snap = dbmod.reader_snapshot(db)
    assert snap != db and snap.read_bytes() == db.read_bytes()
    assert dbmod.reader_snapshot(db) == snap  # same version, same copy
    con = dbmod.connect_readonly(snap)
    assert run_cli(str(write_register(tmp_path / "b.xlsx", [("R-2", "Dua")])), "--db", str(db))[0] == 0
    assert con.execute("SELECT count(*) FROM violations").fetchone()[0] == 1
    con.close()
    monkeypatch.setattr(dbmod.time, "time", lambda: 1e12)  # make the old copy look old enough to prune
    newer = dbmod.reader_snapshot(db)
    assert newer != snap and not snap.exists()
    assert scalar(newer, "SELECT count(*) FROM violations") == 2


# ---- hostile files of every kind: refused with an Indonesian reason, the database unchanged --------------------


def _nul_in_xml(path: Path) -> Path:
    good = write_register(path.with_name("nul_sumber.xlsx"), [("R-1", "Satu")])
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"Satu", b"Sa\x00tu")
            dst.writestr(item, data)
    return path


def _nul_late_in_csv(path: Path) -> Path:
    rows = ["No. Reg;Nama;Status Kepegawaian"] + [f"R-{i};Orang {i};PNS" for i in range(400)] + ["R-x;Na\x00ma;PNS"]
    path.write_bytes("\r\n".join(rows).encode())
    assert path.read_bytes().index(b"\x00") > 4096
    return path


def _columns_16384(path: Path) -> Path:
    from tests.registers import new_workbook

    wb = new_workbook("Pemilu 2024")
    wb.active.append([f"Kolom {i}" for i in range(16_384)])
    wb.active.append(["R-1", "Satu"])
    wb.save(path)
    return path


def _sheets_300(path: Path) -> Path:
    from tests.registers import new_workbook, put_rows

    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [["No. Reg", "Nama"], ["R-1", "Satu"]])
    for i in range(299):
        wb.create_sheet(f"S{i}")
    wb.save(path)
    return path


def _encrypted(path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    good = write_register(path.with_name("kunci_sumber.xlsx"), [("R-1", "Satu")])
    with good.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt("rahasia", dst)
    return path


def _lying(path: Path) -> Path:
    from bench.crafted import lying_size_xlsx

    return lying_size_xlsx(path, 1024 * 1024)


def _billion_laughs(path: Path) -> Path:
    good = write_register(path.with_name("lol_sumber.xlsx"), [("R-1", "Satu")])
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>'.encode()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = dtd + data.replace(b"Satu", b"&lol9;")
            dst.writestr(item, data)
    return path


def _bytes(data: bytes):
    def write(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return write


def _truncated(path: Path) -> Path:
    return _bytes(write_register(path.with_name("u.xlsx"), [("R-1", "S")]).read_bytes()[:900])(path)


HOSTILE = {
    "makro.xlsm": lambda p: _with_extra_part(write_register(p.with_name("m.xlsx"), [("R-1", "S")]), p,
                                              "xl/vbaProject.bin", b"VBA"),
    "tautan.xlsx": lambda p: _with_extra_part(write_register(p.with_name("t.xlsx"), [("R-1", "S")]), p,
                                               "xl/externalLinks/externalLink1.xml", b"<x/>"),
    "terkunci.xlsx": _encrypted,
    "terpotong.xlsx": _truncated,
    "bohong.xlsx": _lying,
    "acak.xlsx": _bytes(os.urandom(20_000)),
    "acak.xls": _bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(20_000)),
    "nul.xlsx": _nul_in_xml,
    "nul.csv": _nul_late_in_csv,
    "kolom16384.xlsx": _columns_16384,
    "sheet300.xlsx": _sheets_300,
    "lol.xlsx": _billion_laughs,
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_and_changes_nothing(tmp_path: Path, name: str) -> None:
    db = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "awal.xlsx", [("R-0", "Awal")])), "--db", str(db))[0] == 0
    before = table_snapshot(db)
    hostile = HOSTILE[name](tmp_path / name)
    code, _out, err = run_cli(str(hostile), "--db", str(db))
    assert code == 1
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"{name}: ") and len(lines[0]) > len(name) + 10, err
    assert not re.search(r"\b(?:the|for|than|invalid|unexpected|[Ee]rror|found|Bad)\b", lines[0]), lines[0]
    assert table_snapshot(db) == before


def test_lockout_says_the_same_for_a_known_and_an_unknown_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netralitas import accounts

    monkeypatch.setattr(accounts, "FAILURE_DELAY_SECONDS", 0)
    users = tmp_path / "pengguna.json"
    trail = tmp_path / "audit.sqlite"
    accounts.add_user("budi", "staf", "Sandi-Kantor-2024", path=users, audit_db=trail)
    answers = {}
    from netralitas import clock

    for name in ("budi", "tidakada"):  # the same instant for both, so the lock's end time reads alike
        with clock.frozen(dt.datetime(2026, 12, 6, 3, 0, tzinfo=dt.UTC)):
            results = [accounts.authenticate(name, "salah-salah-1", path=users, audit_db=trail)
                       for _ in range(accounts.MAX_FAILURES + 1)]
        answers[name] = [(r.reason, r.message) for r in results]
    assert answers["budi"] == answers["tidakada"]
    assert answers["budi"][-1][0] == "terkunci"
