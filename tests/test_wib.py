"""Dates and times are WIB whatever the server's time zone.

The server here runs in Los Angeles time and the clock is frozen at 6 December 2026 18:30 UTC: in Los Angeles it
is still the morning of 6 December, in UTC the evening of 6 December, in Jakarta already 01.30 on 7 December. Every
page, the brief (PDF), the export and the audit trail must say 7 December and count waiting days up to it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from loaders.pipeline import load_paths
from netralitas import accounts, audit, clock, export, queries
from netralitas import brief as briefs
from netralitas.formatting import format_number
from netralitas.queries import Filters, Viewer
from netralitas.report_pdf import render_pdf
from tests.roles import as_role

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
INSTANT = dt.datetime(2026, 12, 6, 18, 30, tzinfo=dt.UTC)
WIB_DAY = dt.date(2026, 12, 7)
SERVER_ZONE = "America/Los_Angeles"


@contextlib.contextmanager
def server_zone(zone: str) -> Iterator[None]:
    """The process runs in time zone ``zone`` (as a server configured so would)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture()
def elsewhere() -> Iterator[None]:
    """Server in Los Angeles, clock frozen at :data:`INSTANT`."""
    with server_zone(SERVER_ZONE), clock.frozen(INSTANT):
        yield


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled workbooks loaded while the server runs in Los Angeles at :data:`INSTANT`."""
    path = tmp_path_factory.mktemp("wib") / "netralitas.duckdb"
    with server_zone(SERVER_ZONE), clock.frozen(INSTANT):
        results = load_paths([ROOT / "data"], path)
    assert all(r.ok for r in results)
    return path


def open_page(db: Path, monkeypatch: pytest.MonkeyPatch, page: str, role: str = "tamu") -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = as_role(AppTest.from_file(APP, default_timeout=120), role)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def expected_waiting(db: Path, today: dt.date) -> dict:
    with contextlib.closing(duckdb.connect(str(db), read_only=True)) as con:
        return queries.follow_up_summary(con, Filters(), today=today)


def test_the_clock_is_wib_whatever_the_server_zone(elsewhere) -> None:
    assert clock.today() == WIB_DAY
    assert clock.now().isoformat() == "2026-12-07T01:30:00+07:00"
    assert clock.storage_now() == dt.datetime(2026, 12, 6, 18, 30)
    assert clock.to_wib(dt.datetime(2026, 12, 6, 18, 30)).hour == 1  # a stored (UTC) time
    assert clock.format_timestamp(INSTANT) == "7 Desember 2026 pukul 01.30 WIB"


@pytest.mark.integration
@pytest.mark.slow
def test_sanksi_page_brief_and_export_agree_on_the_day_and_the_waiting_days(
        loaded_db: Path, monkeypatch: pytest.MonkeyPatch, elsewhere) -> None:
    summary = expected_waiting(loaded_db, WIB_DAY)
    assert summary["max_days"] != expected_waiting(loaded_db, WIB_DAY - dt.timedelta(days=1))["max_days"]

    at = open_page(loaded_db, monkeypatch, "pages/sanksi.py")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Terlama menunggu"] == f"{format_number(summary['max_days'])} hari"
    captions = "\n".join(c.value for c in at.caption)
    assert "sampai 7 Des 2026" in captions and "6 Des 2026" not in captions

    with contextlib.closing(duckdb.connect(str(loaded_db), read_only=True)) as con:
        brief = briefs.build_brief(briefs.runner_for(con), Filters())
        workbook = openpyxl.load_workbook(io.BytesIO(export.build_xlsx(con, Filters(), Viewer())))
        file_name = export.export_filename(Filters(), "xlsx")
    assert brief.today == WIB_DAY
    assert int(brief.follow_up_all()["days_waiting"].max()) == summary["max_days"]
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(brief))).pages)
    assert "7 Desember 2026 pukul 01.30 WIB" in pdf_text
    assert "Semarang, 7 Desember 2026" in pdf_text
    assert format_number(summary["max_days"]) in pdf_text

    summary_sheet = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True) if row[0]}
    assert summary_sheet["Waktu ekspor"] == "7 Desember 2026 pukul 01.30 WIB"
    assert summary_sheet["Terlama menunggu sanksi"] == (
        f"{format_number(summary['max_days'])} hari (dihitung sampai 7 Desember 2026)")
    assert "2026-12-07" in file_name


@pytest.mark.integration
def test_load_times_on_kualitas_data_are_wib(loaded_db: Path, monkeypatch: pytest.MonkeyPatch, elsewhere) -> None:
    at = open_page(loaded_db, monkeypatch, "pages/kualitas.py")
    loads = next(df.value for df in at.dataframe if "loaded_at" in df.value.columns)
    assert {pd_time.to_pydatetime() for pd_time in loads["loaded_at"]} == {dt.datetime(2026, 12, 7, 1, 30)}


@pytest.mark.integration
def test_audit_trail_is_shown_in_wib_and_today_is_the_wib_day(loaded_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                               elsewhere) -> None:
    audit.record("ekspor", "budi", "staf", {"format": "xlsx", "baris": 3})
    assert list(audit.read()["time"]) == [dt.datetime(2026, 12, 7, 1, 30)]
    at = open_page(loaded_db, monkeypatch, "pages/audit.py", role="pimpinan")
    assert at.date_input(key="audit_sampai").value == WIB_DAY
    table = at.dataframe[0].value
    assert [t.to_pydatetime() for t in table["time"]] == [dt.datetime(2026, 12, 7, 1, 30)]
    assert "WIB" in "\n".join(c.value for c in at.caption)


@pytest.mark.slow
def test_lockout_and_account_list_speak_wib(monkeypatch: pytest.MonkeyPatch, elsewhere) -> None:
    monkeypatch.setattr(accounts, "FAILURE_DELAY_SECONDS", 0)
    accounts.add_user("kepala", "pimpinan", "sandi-yang-panjang-1")
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate("kepala", "salah-sandi-1")
    refused = accounts.authenticate("kepala", "sandi-yang-panjang-1")
    assert not refused.ok and "sampai 01.45 WIB" in refused.message
    out = io.StringIO()
    assert accounts.main(["users", "list"], stdout=out) == 0
    assert "7 Des 2026 01.30 WIB" in out.getvalue() and "s.d. 01.45 WIB" in out.getvalue()


@pytest.mark.integration
def test_schema_2_load_times_become_utc_on_upgrade(loaded_db: Path, tmp_path: Path) -> None:
    """A database of schema 2 stored load times as the server's local wall clock; the upgrade turns them into the
    UTC instant, so they show in WIB like every newer load."""
    import shutil

    from netralitas import db

    path = tmp_path / "skema2.duckdb"
    shutil.copyfile(loaded_db, path)
    jakarta_wall_clock = dt.datetime(2024, 2, 1, 9, 15)  # written by a server running in WIB
    with contextlib.closing(duckdb.connect(str(path))) as con:
        con.execute("UPDATE load_batches SET loaded_at = ?", [jakarta_wall_clock])
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with server_zone("Asia/Jakarta"):
        db.upgrade_schema(path)
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        stored = {t for (t,) in con.execute("SELECT loaded_at FROM load_batches").fetchall()}
    assert stored == {dt.datetime(2024, 2, 1, 2, 15)}
    assert {clock.wall_clock(t) for t in stored} == {jakarta_wall_clock}
