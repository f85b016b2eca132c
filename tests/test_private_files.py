"""Files holding register data or the audit trail are readable by their owner only (POSIX).

The database, its backups, the temporary copy a load writes, the read copies under ``data/.baca``, an
uploaded register and the audit trail all hold names and NIP; the accounts file already is owner-only. The
process's umask is set to the usual 022 here, so a file created with default permissions would show.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from netralitas import audit, db, uploads
from tests.registers import run_cli, write_register

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(os.name == "nt", reason="file modes are POSIX; on Windows the folder's ACL decides")


@pytest.fixture(autouse=True)
def _ordinary_umask() -> None:
    before = os.umask(0o022)
    yield
    os.umask(before)


def _open_to_others(path: Path) -> bool:
    return bool(stat.S_IMODE(path.stat().st_mode) & 0o077)


def _shared(folder: Path) -> list[str]:
    """Files (not folders) under ``folder`` that group or others may read or write."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and _open_to_others(p))


def test_database_backups_read_copies_and_audit_are_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "netralitas.duckdb"
    monkeypatch.setenv("NETRALITAS_AUDIT_DB", str(data / "audit.sqlite"))
    for i in range(3):  # the first load creates the database, the next ones keep backups
        src = write_register(tmp_path / f"f{i}.xlsx", [(f"R-{i}", f"Orang {i}")])
        assert run_cli(str(src), "--db", str(database))[0] == 0
    assert db.list_backups(database)
    assert (data / "audit.sqlite").exists()
    snapshot = db.reader_snapshot(database)
    assert snapshot.parent == data / ".baca"
    assert run_cli("--undo", "--db", str(database))[0] == 0
    assert _shared(data) == []
    assert not _open_to_others(data / ".baca") and not _open_to_others(data / "backups")


def test_a_database_made_before_is_made_owner_only_by_the_next_load(tmp_path: Path) -> None:
    database = tmp_path / "netralitas.duckdb"
    assert run_cli(str(write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])), "--db", str(database))[0] == 0
    database.chmod(0o644)
    assert run_cli(str(write_register(tmp_path / "b.xlsx", [("R-2", "Dua")])), "--db", str(database))[0] == 0
    assert _shared(tmp_path / "backups") == [] and not _open_to_others(database)


def test_the_temporary_copy_and_its_log_are_owner_only_while_a_load_runs(tmp_path: Path) -> None:
    database = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "awal.xlsx", [("R-0", "Awal")])), "--db", str(database))[0] == 0
    seen: dict[str, int] = {}
    with db.write_session(database) as con:
        con.execute("INSERT INTO meta VALUES ('uji', 'x')")
        for p in tmp_path.glob("t.duckdb.*.tmp*"):
            seen[p.name] = stat.S_IMODE(p.stat().st_mode)
    assert seen and all(mode & 0o077 == 0 for mode in seen.values()), seen


def test_an_uploaded_file_is_owner_only(tmp_path: Path) -> None:
    folder = uploads.new_upload_dir()
    try:
        saved = uploads.save_upload("Register 2024.xlsx", b"PK\x03\x04 isi", folder)
        assert not _open_to_others(saved) and not _open_to_others(folder)
    finally:
        uploads.remove_upload_dir(folder)


def test_the_audit_trail_is_owner_only_from_its_first_row(tmp_path: Path) -> None:
    path = tmp_path / "jejak" / "audit.sqlite"
    audit.record("masuk", "budi", "staf", {"x": 1}, path=path)
    assert not _open_to_others(path)
    assert _shared(tmp_path) == []


@pytest.mark.slow
def test_files_made_by_the_loader_process_are_owner_only(tmp_path: Path) -> None:
    """The command line in a process of its own, with the usual umask."""
    database = tmp_path / "sendiri.duckdb"
    src = write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])
    env = {**os.environ, "NETRALITAS_AUDIT_DB": str(tmp_path / "audit.sqlite")}
    proc = subprocess.run([sys.executable, "-c", "import os, sys; os.umask(0o022); from loaders.cli import main; "
                           "sys.exit(main(sys.argv[1:]))", str(src), "--db", str(database)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert not _open_to_others(database) and not _open_to_others(tmp_path / "audit.sqlite")
