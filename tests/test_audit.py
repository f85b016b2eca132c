"""The audit trail: its own SQLite file, appended by several processes at once, read back with filters; the
command-line loader and the export builders write their rows."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

from netralitas import audit, clock
from tests.shown import shown_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def trail(_own_accounts_and_audit: Path) -> Path:
    return Path(os.environ["NETRALITAS_AUDIT_DB"])


def test_record_and_read_back(trail: Path) -> None:
    assert audit.read().empty and audit.users_seen() == []  # no file yet: an empty table, not an error
    audit.record("masuk", "budi", "staf", {"metode": "lokal", "ip": "10.0.0.5"})
    audit.record("ekspor", "budi", "staf", {"format": "xlsx", "filter": {"siklus": ["Pemilu 2024"]}, "baris": 12})
    audit.record("masuk_gagal", "=cmd|' /C calc'!A0", "-", {"alasan": "sandi_salah"})
    assert trail.exists()
    rows = audit.read()
    assert list(rows["action"]) == ["masuk_gagal", "ekspor", "masuk"]  # newest first
    assert audit.details_of(rows.iloc[1]["details"]) == {"format": "xlsx", "filter": {"siklus": ["Pemilu 2024"]},
                                                         "baris": 12}
    assert audit.describe_details(rows.iloc[1]["details"]) == "baris: 12 · filter: siklus=Pemilu 2024 · format: xlsx"
    assert "kata sandi salah" in audit.describe_details(rows.iloc[0]["details"])
    # WIB wall-clock time, close to now
    assert abs(rows.iloc[0]["time"].to_pydatetime() - clock.now().replace(tzinfo=None)) < dt.timedelta(minutes=5)
    assert list(audit.read(users=["budi"])["action"]) == ["ekspor", "masuk"]
    assert list(audit.read(actions=["ekspor"])["user"]) == ["budi"]
    assert list(audit.read(search="pemilu")["action"]) == ["ekspor"]
    assert audit.read(since=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).empty
    assert len(audit.read(until=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), limit=2)) == 2
    assert audit.users_seen() == sorted(["budi", "=cmd|' /C calc'!A0"])
    with pytest.raises(ValueError):
        audit.record("hapus_semua", "budi", "staf")


def test_times_are_stored_in_utc(trail: Path) -> None:
    wib = dt.timezone(dt.timedelta(hours=7))
    audit.record("masuk", "budi", "staf", when=dt.datetime(2026, 3, 1, 9, 30, tzinfo=wib))
    import sqlite3

    with sqlite3.connect(trail) as con:
        stored = con.execute("SELECT time FROM audit_log").fetchone()[0]
    assert stored == "2026-03-01 02:30:00.000000"


def test_unwritable_trail_raises_or_reports(tmp_path: Path) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    with pytest.raises(audit.AuditError):
        audit.record("masuk", "budi", "staf", path=blocker / "audit.sqlite")
    assert audit.record_quietly("masuk", "budi", "staf", path=blocker / "audit.sqlite") is False


def test_default_path_is_next_to_the_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NETRALITAS_AUDIT_DB")
    monkeypatch.setenv("NETRALITAS_DB", str(tmp_path / "x" / "netralitas.duckdb"))
    assert audit.audit_path() == tmp_path / "x" / "audit.sqlite"
    assert audit.audit_path(database=tmp_path / "y" / "db.duckdb") == tmp_path / "y" / "audit.sqlite"


WRITER = """
import sys
from netralitas import audit
for i in range(int(sys.argv[2])):
    audit.record("ekspor", "proses-" + sys.argv[1], "staf", {"i": i})
"""


@pytest.mark.slow
def test_several_processes_append_at_once(trail: Path) -> None:
    """The app's server threads and the command-line loader write to the trail at the same time: no row lost."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(n), "25"], env=env, cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for n in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    rows = audit.read()
    assert len(rows) == 100
    assert rows.groupby("user").size().to_dict() == {f"proses-{n}": 25 for n in range(4)}


def write_register(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pilkada 2024"
    ws.append(["No. Reg", "Tanggal Temuan", "Nama", "NIP", "Status Kepegawaian", "Sanksi"])
    ws.append(["001/PL/2024", "2024-10-01", "Budi Uji Coba", "198503122010011003", "PNS", "teguran tertulis"])
    ws.append(["002/PL/2024", "2024-10-02", "Sari Uji Coba", "199001012015022001", "PPPK", "dalam proses"])
    wb.save(path)
    return path


def test_command_line_load_is_recorded(tmp_path: Path, trail: Path) -> None:
    from loaders import cli

    register = write_register(tmp_path / "register_audit.xlsx")
    db = tmp_path / "netralitas.duckdb"
    assert cli.main([str(register), "--db", str(db), "--dry-run"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert audit.read().empty  # a dry run writes nothing, not even to the trail
    assert cli.main([str(register), "--db", str(db)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    row = audit.read().iloc[0]
    assert (row["action"], row["role"], row["user"]) == ("muat", "cli", audit.os_user())
    details = json.loads(row["details"])
    assert details["db"] == "netralitas.duckdb"
    assert details["file"] == [{"file": "register_audit.xlsx", "status": "dimuat", "batch": 1, "baris_dimuat": 2,
                                "baris_ditolak": 0}]


def test_export_builders_record_who_what_and_how_many(bundled_db: Path, trail: Path) -> None:
    """The download buttons build their file on click (``pages.shared.downloads``); each build is one audit row."""
    from netralitas import queries
    from netralitas.queries import Filters, Viewer
    from pages.shared import downloads

    filters = Filters(cycles=("Pemilu 2024",))
    viewer = Viewer(role="staf", user="budi")
    with duckdb.connect(str(bundled_db), read_only=True) as con:
        total = queries.total_persons(con, filters)
        line = queries.describe_filters(con, filters)
    builder = downloads._file_builder("csv", shown_db(bundled_db), filters, viewer, False)
    build = downloads.audited(builder, viewer, filters, "csv", "netralitas-asn_pemilu-2024.csv", False,
                              "data terfilter")
    assert audit.read().empty  # nothing is recorded before the file is asked for
    data = build()
    assert data
    row = audit.read().iloc[0]
    assert (row["action"], row["user"], row["role"]) == ("ekspor", "budi", "staf")
    assert json.loads(row["details"]) == {"isi": "data terfilter", "format": "csv",
                                          "file": "netralitas-asn_pemilu-2024.csv",
                                          "filter": {"siklus": ["Pemilu 2024"]}, "filter_teks": line, "baris": total,
                                          "disamarkan": False}


def test_chart_table_export_counts_its_rows_when_the_file_is_made(bundled_db: Path, trail: Path) -> None:
    """The "Unduh tabel" buttons count the filtered persons on click (not on every rerun of the page)."""
    import pandas as pd

    from netralitas import export, queries
    from netralitas.queries import Filters, Viewer
    from pages.shared import downloads

    filters = Filters(cycles=("Pilkada 2024",))
    viewer = Viewer()
    chart = export.ChartTable("Tabel grafik: Siklus pemilihan", pd.DataFrame({"Siklus pemilihan": ["Pilkada 2024"]}))
    builder = downloads._file_builder("xlsx", shown_db(bundled_db), filters, viewer, True, chart)
    build = downloads.audited(builder, viewer, filters, "xlsx", "tabel.xlsx", True, chart.title)
    assert audit.read().empty
    assert build()[:2] == b"PK"
    with duckdb.connect(str(bundled_db), read_only=True) as con:
        total = queries.total_persons(con, filters)
    assert total and json.loads(audit.read().iloc[0]["details"])["baris"] == total
