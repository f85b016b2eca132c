"""A load killed mid-way (SIGKILL) leaves its private copy of the database beside it. The next load, or the next
app start, removes such copies and says so — but only copies of its own making, and only when no living writer
holds the write lock."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netralitas import db as dbmod
from tests.registers import run_cli, scalar, write_register
from tests.roles import app_test

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX; the lock itself is portable"),
              pytest.mark.slow]  # loader processes killed half-way

HOLD_WRITE_SESSION = """
import sys, time
from pathlib import Path
from netralitas import db
path, ready, stop = map(Path, sys.argv[1:4])
with db.write_session(path) as con:
    ready.write_text("ok")
    while not stop.exists():
        time.sleep(0.05)
"""


def _copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f"{db.name}.*.tmp*"))


@pytest.fixture(scope="module")
def big_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from netralitas.demo_data import generate_demo_persons, write_register_fast

    path = tmp_path_factory.mktemp("besar") / "besar.xlsx"
    write_register_fast(path, generate_demo_persons(10_000, seed=11))
    return path


def _killed_load(db: Path, register: Path) -> Path:
    """Start ``python -m loaders`` on ``register``, SIGKILL it once it works on its copy; the copy left behind."""
    proc = subprocess.Popen([sys.executable, "-m", "loaders", str(register), "--db", str(db)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _copies(db):
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    (copy,) = [c for c in _copies(db) if c.name.endswith(".tmp")]  # beside it, perhaps, its write-ahead log
    return copy


@pytest.fixture()
def loaded_db(tmp_path: Path) -> Path:
    db = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "awal.xlsx", [("R-0", "Awal")])), "--db", str(db))[0] == 0
    return db


def test_next_load_removes_a_killed_loads_copy_and_says_so(loaded_db: Path, big_register: Path) -> None:
    copy = _killed_load(loaded_db, big_register)
    code, out, err = run_cli(str(write_register(loaded_db.parent / "lagi.xlsx", [("R-9", "Lagi")])),
                             "--db", str(loaded_db))
    assert code == 0, err
    assert f"Salinan sementara dari muatan yang terhenti dihapus: {copy.name} (" in out
    assert not _copies(loaded_db)
    assert scalar(loaded_db, "SELECT count(*) FROM violations") == 2


def test_an_identical_reload_also_removes_it(loaded_db: Path, big_register: Path) -> None:
    _killed_load(loaded_db, big_register)
    code, out, _ = run_cli(str(loaded_db.parent / "awal.xlsx"), "--db", str(loaded_db))
    assert code == 0 and "identik" in out and "Salinan sementara" in out
    assert not _copies(loaded_db)


def test_app_start_removes_a_killed_loads_copy_and_logs_it(
    loaded_db: Path, big_register: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    copy = _killed_load(loaded_db, big_register)
    monkeypatch.setenv("NETRALITAS_DB", str(loaded_db))
    caplog.set_level(logging.WARNING, logger="netralitas.db")
    at = app_test(monkeypatch)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not _copies(loaded_db)
    assert any(copy.name in r.getMessage() and "dihapus" in r.getMessage() for r in caplog.records)


def test_a_copy_in_use_by_a_living_writer_is_left_alone(loaded_db: Path) -> None:
    ready, stop = loaded_db.parent / "siap", loaded_db.parent / "berhenti"
    proc = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_SESSION, str(loaded_db), str(ready), str(stop)],
                            cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not ready.exists():
            time.sleep(0.02)
        assert ready.exists()
        held = _copies(loaded_db)  # the copy, and its write-ahead log while DuckDB has not checkpointed it yet
        assert [c for c in held if c.name.endswith(".tmp")] and all(c.name.endswith((".tmp", ".tmp.wal")) for c in held)
        assert dbmod.remove_stale_copies(loaded_db) == []  # the writer is alive: its copy is in use
        assert all(c.exists() for c in held)
    finally:
        stop.write_text("stop")
        proc.wait(timeout=60)
    assert proc.returncode == 0
    assert not _copies(loaded_db)  # the writer swapped its copy in


def test_only_copies_of_our_own_making_are_removed(loaded_db: Path) -> None:
    folder = loaded_db.parent
    ours = [folder / f"{loaded_db.name}.0a1b2c3d.tmp", folder / f"{loaded_db.name}.0a1b2c3d.tmp.wal"]
    others = [folder / f"{loaded_db.name}.catatan.tmp", folder / f"{loaded_db.name}.0A1B2C3D.tmp",
              folder / "lain.duckdb.0a1b2c3d.tmp", folder / f"{loaded_db.name}.0a1b2c3d.tmp.bak"]
    for f in ours + others:
        f.write_bytes(b"x" * 10)
    removed = dbmod.remove_stale_copies(loaded_db)
    assert sorted(r.name for r in removed) == sorted(f.name for f in ours)
    assert all(not f.exists() for f in ours) and all(f.exists() for f in others)
    assert dbmod.remove_stale_copies(loaded_db) == []
