"""Removing the demo data set: library, command line (a real subprocess), the button on Kualitas Data per role,
undo, and the next start of the app.

Every database is built by the real loader from the bundled workbooks in data/ (and small registers written with
openpyxl); the expected figures are hand-written SQL on the same file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

from loaders.pipeline import load_paths
from netralitas import audit, db, demo_removal
from netralitas.demo_data import PUBLIC_ACTIVITIES
from tests.fast_loop import first_fast
from tests.registers import scalar, table_snapshot, write_register
from tests.roles import app_test, as_role, page_path

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
DEMO_WORKBOOK = ROOT / "data" / "contoh_register_netralitas_FIKTIF.xlsx"
PUBLIC_WORKBOOK = ROOT / "data" / "rekam_publik_netralitas_semarang.xlsx"
DEMO = "contoh"

DEMO_FILES = ("contoh_register_netralitas_FIKTIF.xlsx", "contoh_register_pencegahan_FIKTIF.xlsx")  # load order

# The demo's own figures, by SQL: its loads, persons, cases, prevention activities, rejected rows and notes.
DEMO_FIGURES_SQL = {
    "batches": "SELECT count(*) FROM load_batches WHERE dataset = 'contoh'",
    "persons": "SELECT count(*) FROM violations WHERE dataset = 'contoh'",
    "cases": "SELECT count(DISTINCT case_id) FROM violations WHERE dataset = 'contoh'",
    "activities": "SELECT count(*) FROM prevention_activities WHERE dataset = 'contoh'",
    "rejected": "SELECT count(*) FROM rejected_rows WHERE batch_id IN "
                "(SELECT batch_id FROM load_batches WHERE dataset = 'contoh')",
    "notes": "SELECT count(*) FROM quality_notes WHERE batch_id IN "
             "(SELECT batch_id FROM load_batches WHERE dataset = 'contoh')",
}


def demo_figures(path: Path) -> dict[str, int]:
    """What the database holds of the demo, by hand-written SQL."""
    return {name: int(scalar(path, sql)) for name, sql in DEMO_FIGURES_SQL.items()}


def other_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row that is not the demo's, sorted (to check that a removal left them exactly as they were)."""
    out = {}
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        demo_batches = "(SELECT batch_id FROM load_batches WHERE dataset = 'contoh')"
        for table in ("violations", "prevention_activities", "load_batches", "rejected_rows", "quality_notes"):
            rows = con.execute(f"SELECT * FROM {table} WHERE batch_id NOT IN {demo_batches}").fetchall()  # noqa: S608
            out[table] = sorted(rows, key=repr)
        out["case_keys"] = sorted(con.execute(
            "SELECT * FROM case_keys WHERE case_id IN (SELECT case_id FROM violations WHERE dataset <> 'contoh')"
        ).fetchall())
    return out


def full_snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, meta and case keys included."""
    out = table_snapshot(path)
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        out["case_keys"] = sorted(con.execute("SELECT * FROM case_keys").fetchall())
        out["meta"] = sorted(con.execute("SELECT * FROM meta").fetchall())
    return out


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def mixed_folder(bundled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database folder with the bundled data (demo + public record) plus a small register of the office's own,
    loaded once; each test works on its own copy (:func:`mixed_db`)."""
    folder = tmp_path_factory.mktemp("campuran")
    path = folder / "db" / "netralitas.duckdb"
    path.parent.mkdir()
    shutil.copyfile(bundled_db, path)
    (own,) = load_paths([write_register(folder / "register_kantor.xlsx", [("R-1", "Satu"), ("R-2", "Dua")])], path)
    assert own.ok and own.dataset == "sendiri" and own.rows_loaded == 2
    return path.parent


@pytest.fixture()
def mixed_db(mixed_folder: Path, tmp_path: Path) -> Path:
    """A copy of :func:`mixed_folder` (database and its backups) for one test."""
    shutil.copytree(mixed_folder, tmp_path / "db")
    return tmp_path / "db" / "netralitas.duckdb"


@pytest.fixture()
def only_demo_db(tmp_path: Path) -> Path:
    """A database that holds the demo register and nothing else."""
    path = tmp_path / "db" / "netralitas.duckdb"
    path.parent.mkdir()
    (result,) = load_paths([DEMO_WORKBOOK], path)
    assert result.ok and result.dataset == DEMO
    return path


# ---- library ------------------------------------------------------------------------------------------------------


def test_library_removes_every_row_of_the_demo_and_nothing_else(mixed_db: Path) -> None:
    before = demo_figures(mixed_db)
    assert before["persons"] > 0 and before["rejected"] > 0 and before["notes"] > 0  # the demo has all four kinds
    assert before["activities"] > 0
    kept = other_rows(mixed_db)
    workbook = file_digest(DEMO_WORKBOOK)

    preview = demo_removal.preview_removal(mixed_db)
    result = demo_removal.remove_demo(mixed_db, role="pimpinan")

    for shown in (preview.removed, result.removed):  # the summary is what the database held
        assert (len(shown.batches), shown.persons, shown.cases, shown.activities, shown.rejected_rows,
                shown.quality_notes) == (before["batches"], before["persons"], before["cases"], before["activities"],
                                         before["rejected"], before["notes"])
    assert result.removed.files == DEMO_FILES
    assert demo_figures(mixed_db) == dict.fromkeys(DEMO_FIGURES_SQL, 0)
    assert other_rows(mixed_db) == kept  # the public record and the office's own register, row for row
    assert scalar(mixed_db, "SELECT count(*) FROM violations WHERE dataset = 'publik'") == 17
    assert scalar(mixed_db, "SELECT count(*) FROM prevention_activities WHERE dataset = 'publik'") == len(
        PUBLIC_ACTIVITIES)  # the public record of prevention work stays too
    # no register number of the demo is left anywhere
    assert scalar(mixed_db, "SELECT count(*) FROM case_keys WHERE case_id NOT IN (SELECT case_id FROM violations)") == 0
    remaining = {d: int(n) for d, n in duckdb.connect(str(mixed_db), read_only=True).execute(
        "SELECT dataset, count(*) FROM violations GROUP BY dataset").fetchall()}
    assert result.remaining == preview.remaining == remaining == {"publik": 17, "sendiri": 2}
    assert DEMO_WORKBOOK.exists() and file_digest(DEMO_WORKBOOK) == workbook  # a fresh install still has the demo



def test_rows_of_any_further_table_of_a_demo_load_go_too(mixed_db: Path) -> None:
    """A table the loader fills per load (a ``batch_id`` column) loses the demo's rows and keeps the others'."""
    with contextlib.closing(duckdb.connect(str(mixed_db))) as con:
        con.execute("CREATE TABLE kegiatan (batch_id INTEGER, judul VARCHAR)")
        con.execute("INSERT INTO kegiatan SELECT batch_id, source_file FROM load_batches")
    demo_loads = scalar(mixed_db, DEMO_FIGURES_SQL["batches"])
    loads = scalar(mixed_db, "SELECT count(*) FROM load_batches")
    result = demo_removal.remove_demo(mixed_db, role="pimpinan")
    assert result.removed.other_rows == demo_loads
    assert scalar(mixed_db, "SELECT count(*) FROM kegiatan") == loads - demo_loads
    orphans = "SELECT count(*) FROM kegiatan WHERE batch_id NOT IN (SELECT batch_id FROM load_batches)"
    assert scalar(mixed_db, orphans) == 0


@pytest.mark.parametrize("role", ["staf", "tamu", "", "admin"])
def test_only_pimpinan_may_remove_through_the_library(mixed_db: Path, role: str) -> None:
    before = file_digest(mixed_db)
    backups = db.list_backups(mixed_db)
    assert not demo_removal.may_remove(role)
    with pytest.raises(demo_removal.DemoRemovalNotAllowedError, match="pimpinan"):
        demo_removal.remove_demo(mixed_db, role=role)
    assert file_digest(mixed_db) == before and db.list_backups(mixed_db) == backups
    assert demo_removal.may_remove("pimpinan")


def test_removing_when_there_is_no_demo_changes_nothing(mixed_db: Path, tmp_path: Path) -> None:
    demo_removal.remove_demo(mixed_db, role="pimpinan")
    version, backups = db.data_version(mixed_db), db.list_backups(mixed_db)
    again = demo_removal.remove_demo(mixed_db, role="pimpinan")
    assert again.removed.empty and not again.dry_run
    assert db.data_version(mixed_db) == version and db.list_backups(mixed_db) == backups
    assert "Tidak ada data contoh" in "\n".join(demo_removal.describe(again, mixed_db))
    missing = tmp_path / "belum-ada.duckdb"
    assert demo_removal.remove_demo(missing, role="pimpinan").removed.empty
    assert demo_removal.preview_removal(missing).removed.empty
    assert not missing.exists()  # nothing is created either


def test_a_confirmed_removal_stops_when_the_demo_changed_since(mixed_db: Path, tmp_path: Path) -> None:
    confirmed = demo_removal.preview_removal(mixed_db).removed.batch_ids
    (other,) = load_paths([write_register(tmp_path / "contoh_fiktif_lain.xlsx", [("C-1", "Rekaan")])], mixed_db)
    assert other.dataset == DEMO
    before = file_digest(mixed_db)
    with pytest.raises(demo_removal.DemoChangedError):
        demo_removal.remove_demo(mixed_db, role="pimpinan", expected_batches=confirmed)
    assert file_digest(mixed_db) == before
    result = demo_removal.remove_demo(mixed_db, role="pimpinan")  # every demo load goes, not only the bundled one
    assert len(result.removed.batches) == len(DEMO_FILES) + 1 and demo_figures(mixed_db)["persons"] == 0


def test_undo_puts_the_demo_back_exactly(mixed_db: Path) -> None:
    before = full_snapshot(mixed_db)
    figures = demo_figures(mixed_db)
    demo_removal.remove_demo(mixed_db, role="pimpinan")
    assert demo_figures(mixed_db)["persons"] == 0
    db.undo_last_load(mixed_db)
    assert demo_figures(mixed_db) == figures
    assert full_snapshot(mixed_db) == before



def test_the_removal_keeps_a_backup_even_when_backups_are_switched_off(mixed_db: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRALITAS_BACKUPS", "0")
    before = full_snapshot(mixed_db)
    demo_removal.remove_demo(mixed_db, role="pimpinan")
    db.undo_last_load(mixed_db)
    assert full_snapshot(mixed_db) == before

def test_a_database_left_without_loads_is_in_use_not_missing(only_demo_db: Path) -> None:
    """The demo was its only content: after the removal it holds no load, and still is not "kosong" (which would make
    the app build the demo again)."""
    demo_removal.remove_demo(only_demo_db, role="pimpinan")
    assert scalar(only_demo_db, "SELECT count(*) FROM load_batches") == 0
    assert db.database_state(only_demo_db) == "siap"
    assert db.is_populated(only_demo_db)


@pytest.mark.slow
def test_the_next_app_start_does_not_add_the_demo_again(only_demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    demo_removal.remove_demo(only_demo_db, role="pimpinan")
    removed = full_snapshot(only_demo_db)
    monkeypatch.setenv("NETRALITAS_DB", str(only_demo_db))
    at = app_test(monkeypatch)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(page_path("kualitas.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert full_snapshot(only_demo_db) == removed
    assert demo_figures(only_demo_db) == dict.fromkeys(DEMO_FIGURES_SQL, 0)
    assert DEMO_WORKBOOK.exists() and PUBLIC_WORKBOOK.exists()


@pytest.mark.slow
def test_a_fresh_install_still_starts_with_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "baru" / "netralitas.duckdb"
    monkeypatch.setenv("NETRALITAS_DB", str(path))
    at = app_test(monkeypatch)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert demo_figures(path)["persons"] == 320


# ---- command line (a real subprocess) -----------------------------------------------------------------------------


def run_loader(*args: str) -> subprocess.CompletedProcess:
    """``python -m loaders ARGS`` in its own process (the test's audit trail and user file in its environment)."""
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=ROOT, env=dict(os.environ),
                          capture_output=True, text=True, timeout=120)


def number(text: str) -> int:
    return int(text.replace(".", ""))


def printed_figures(out: str) -> dict[str, int]:
    m = re.search(r"([\d.]+) terlapor dalam ([\d.]+) kasus · ([\d.]+) kegiatan pencegahan · ([\d.]+) baris ditolak · "
                  r"([\d.]+) catatan kualitas data · ([\d.]+) muatan", out)
    assert m, out
    persons, cases, activities, rejected, notes, batches = map(number, m.groups())
    return {"batches": batches, "persons": persons, "cases": cases, "activities": activities, "rejected": rejected,
            "notes": notes}


def printed_remaining(out: str) -> int:
    m = re.search(r"[Tt]etap di basis data: ([\d.]+) terlapor", out)
    assert m, out
    return number(m.group(1))


@pytest.mark.slow
def test_command_line_dry_run_removal_nothing_left_and_undo(mixed_db: Path) -> None:
    before = full_snapshot(mixed_db)
    figures = demo_figures(mixed_db)
    version = db.data_version(mixed_db)

    dry = run_loader("--hapus-contoh", "--dry-run", "--db", str(mixed_db))
    assert dry.returncode == 0, dry.stderr
    assert "uji coba" in dry.stdout.lower() and "contoh_register_netralitas_FIKTIF.xlsx" in dry.stdout
    assert printed_figures(dry.stdout) == figures
    assert printed_remaining(dry.stdout) == 19
    assert db.data_version(mixed_db) == version and audit.read().empty  # nothing written, not even the trail

    done = run_loader("--hapus-contoh", "--db", str(mixed_db))
    assert done.returncode == 0, done.stderr
    assert printed_figures(done.stdout) == figures
    assert printed_remaining(done.stdout) == scalar(mixed_db, "SELECT count(*) FROM violations") == 19
    assert "rekam publik" in done.stdout.lower() and "--undo" in done.stdout
    assert demo_figures(mixed_db) == dict.fromkeys(DEMO_FIGURES_SQL, 0)
    row = audit.read().iloc[0]
    assert (row["action"], row["role"], row["user"]) == ("hapus_contoh", "cli", audit.os_user())
    details = json.loads(row["details"])
    assert (details["terlapor"], details["kasus"], details["baris_ditolak"], details["catatan"]) == (
        figures["persons"], figures["cases"], figures["rejected"], figures["notes"])
    assert details["file"] == list(DEMO_FILES)
    assert details["kegiatan_pencegahan"] == figures["activities"]

    version, backups = db.data_version(mixed_db), db.list_backups(mixed_db)
    again = run_loader("--hapus-contoh", "--db", str(mixed_db))
    assert again.returncode == 0, again.stderr
    assert "Tidak ada data contoh" in again.stdout
    assert db.data_version(mixed_db) == version and db.list_backups(mixed_db) == backups
    assert len(audit.read()) == 1

    undo = run_loader("--undo", "--db", str(mixed_db))
    assert undo.returncode == 0, undo.stderr
    assert full_snapshot(mixed_db) == before


@pytest.mark.slow
def test_command_line_usage_errors(mixed_db: Path, tmp_path: Path) -> None:
    before = file_digest(mixed_db)
    for args in (["--hapus-contoh", str(tmp_path / "x.xlsx")], ["--hapus-contoh", "--undo"]):
        result = run_loader(*args, "--db", str(mixed_db))
        assert result.returncode == 2 and "--hapus-contoh" in result.stderr
    assert file_digest(mixed_db) == before


@pytest.mark.slow
def test_command_line_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "bukan.duckdb"
    bad.write_text("bukan basis data")
    result = run_loader("--hapus-contoh", "--db", str(bad))
    assert result.returncode == 1 and "tidak dapat dibaca" in result.stderr and "Traceback" not in result.stderr
    assert bad.read_text() == "bukan basis data" and audit.read().empty


# ---- the button on Kualitas Data, per role ------------------------------------------------------------------------


def open_quality_page(db_path: Path, monkeypatch: pytest.MonkeyPatch, role: str):
    monkeypatch.setenv("NETRALITAS_DB", str(db_path))
    at = as_role(app_test(monkeypatch), role)
    at.switch_page(page_path("kualitas.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def keys_of(at, kind: str) -> set[str]:
    return {w.key for w in getattr(at, kind) if w.key}


@pytest.mark.parametrize("role", first_fast(["tamu", "staf"]))
def test_staf_and_tamu_get_no_removal_button(mixed_db: Path, monkeypatch: pytest.MonkeyPatch, role: str) -> None:
    at = open_quality_page(mixed_db, monkeypatch, role)
    assert not {"hapus_contoh_tombol", "hapus_contoh_ya"} & keys_of(at, "button")
    if role == "staf":  # staff see who may do it
        assert any("pimpinan" in c.value.lower() and "data contoh" in c.value.lower() for c in at.caption)
    assert demo_figures(mixed_db)["persons"] == 320


@pytest.mark.slow
def test_pimpinan_removes_the_demo_after_confirming_and_can_undo(mixed_db: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = full_snapshot(mixed_db)
    figures = demo_figures(mixed_db)
    at = open_quality_page(mixed_db, monkeypatch, "pimpinan")
    assert any("rekam publik" in c.value.lower() for c in at.caption)  # the public record stays, and why
    assert "hapus_contoh_ya" not in keys_of(at, "button")

    at.button(key="hapus_contoh_tombol").click().run()  # the confirmation step: nothing removed yet
    assert not at.exception, [e.value for e in at.exception]
    assert full_snapshot(mixed_db) == before
    shown = {m.label: number(m.value) for m in at.get_by_key("hapus_contoh_konfirmasi").metric}
    assert shown == {"Terlapor": figures["persons"], "Kasus": figures["cases"],
                     "Kegiatan pencegahan": figures["activities"],
                     "Baris ditolak": figures["rejected"], "Catatan kualitas": figures["notes"]}
    at.button(key="hapus_contoh_batal").click().run()  # cancelling changes nothing
    assert "hapus_contoh_ya" not in keys_of(at, "button") and full_snapshot(mixed_db) == before

    at.button(key="hapus_contoh_tombol").click().run()
    at.button(key="hapus_contoh_ya").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert demo_figures(mixed_db) == dict.fromkeys(DEMO_FIGURES_SQL, 0)
    assert any("data contoh" in s.value.lower() and "dihapus" in s.value.lower() for s in at.success)
    assert "hapus_contoh_tombol" not in keys_of(at, "button")  # nothing left to remove
    row = audit.read().iloc[0]
    assert (row["action"], row["user"], row["role"]) == ("hapus_contoh", "uji-pimpinan", "pimpinan")
    assert json.loads(row["details"])["terlapor"] == figures["persons"]

    at.checkbox(key="undo_yakin").check().run()  # the app's undo puts it back
    at.button(key="undo_tombol").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert full_snapshot(mixed_db) == before


@pytest.mark.slow
def test_upload_page_points_pimpinan_to_the_removal(mixed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRALITAS_DB", str(mixed_db))
    for role, shown in (("pimpinan", True), ("staf", False)):
        at = as_role(app_test(monkeypatch), role)
        at.switch_page(page_path("unggah.py")).run()
        assert not at.exception, [e.value for e in at.exception]
        assert any("Hapus data contoh" in str(getattr(e, "value", "")) for e in at.info) == shown
    demo_removal.remove_demo(mixed_db, role="pimpinan")
    at = as_role(app_test(monkeypatch), "pimpinan")
    at.switch_page(page_path("unggah.py")).run()
    assert not any("Hapus data contoh" in i.value for i in at.info)


@pytest.mark.parametrize("role", first_fast(["staf", "pimpinan"]))
def test_undoing_a_demo_removal_needs_the_right_to_remove_it(mixed_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                              role: str) -> None:
    demo_removal.remove_demo(mixed_db, role="pimpinan")
    assert demo_removal.undo_restores_demo(mixed_db)
    at = open_quality_page(mixed_db, monkeypatch, role)
    if role == "staf":  # the demo would come back into the office's figures: only pimpinan may
        assert not {"undo_yakin"} & keys_of(at, "checkbox") and "undo_tombol" not in keys_of(at, "button")
        assert any("pimpinan" in c.value.lower() and "data contoh" in c.value.lower()
                   for c in at.get_by_key("batalkan").caption)
    else:
        at.checkbox(key="undo_yakin").check().run()
        at.button(key="undo_tombol").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert demo_figures(mixed_db)["persons"] == 320


def test_undoing_a_load_after_a_demo_removal_does_not_restore_the_demo(mixed_db: Path, tmp_path: Path) -> None:
    demo_removal.remove_demo(mixed_db, role="pimpinan")
    register = tmp_path / "register_tambahan.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["No. Reg", "Nama", "NIP", "Status Kepegawaian", "Kecamatan"])
    wb.active.append(["T-1", "Contoh Orang", "", "PNS", "Tembalang"])
    wb.save(register)
    assert load_paths([register], mixed_db)[0].ok
    assert not demo_removal.undo_restores_demo(mixed_db)
