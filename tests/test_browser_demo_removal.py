"""Removing the demo data in a real browser: pimpinan signs in, opens Kualitas Data, cancels once, confirms, and
the dashboard no longer holds the demo — on a real server with a temporary user file and audit trail."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from loaders.pipeline import load_paths
from netralitas import accounts, audit
from tests.conftest import StreamlitServer, wait_for_app
from tests.registers import scalar, table_snapshot, write_register

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PASSWORD = "Sandi-Kantor-2024"
DEMO_PERSONS_SQL = "SELECT count(*) FROM violations WHERE dataset = 'contoh'"


@pytest.fixture()
def pimpinan_server(bundled_db: Path, tmp_path: Path):
    db_path = tmp_path / "netralitas.duckdb"
    shutil.copyfile(bundled_db, db_path)
    load_paths([write_register(tmp_path / "register_kantor.xlsx", [("R-1", "Satu"), ("R-2", "Dua")])], db_path)
    users, trail = tmp_path / "pengguna.json", tmp_path / "audit.sqlite"
    accounts.add_user("kepala", "pimpinan", PASSWORD, path=users, audit_db=trail)
    server = StreamlitServer(db_path, {"NETRALITAS_USERS": str(users), "NETRALITAS_AUDIT_DB": str(trail)})
    yield server, db_path, trail
    server.stop()


def test_pimpinan_removes_the_demo_with_the_button(pimpinan_server, page) -> None:
    server, db_path, trail = pimpinan_server
    before = table_snapshot(db_path)
    page.goto(server.url + "/kualitas")
    page.get_by_label("Nama pengguna").fill("kepala")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    wait_for_app(page, 60_000)

    page.get_by_role("button", name="Hapus data contoh …").click()
    confirmation = page.locator(".st-key-hapus_contoh_konfirmasi")
    expect(confirmation).to_contain_text("320", timeout=30_000)  # drawn element by element: wait for the figures
    page.get_by_role("button", name="Batal", exact=True).click()
    confirmation.wait_for(state="detached", timeout=30_000)
    assert table_snapshot(db_path) == before

    page.get_by_role("button", name="Hapus data contoh …").click()
    page.get_by_role("button", name="Ya, hapus data contoh").click()
    page.locator(".st-key-hapus_contoh_hasil").wait_for(timeout=60_000)
    assert "dihapus" in page.locator(".st-key-hapus_contoh_hasil").inner_text()
    assert scalar(db_path, DEMO_PERSONS_SQL) == 0
    assert scalar(db_path, "SELECT count(*) FROM violations") == 19  # the public record and the office's own

    page.locator(".st-key-navigasi a", has_text="Ringkasan").click()
    wait_for_app(page, 60_000)
    assert "DATA CONTOH (FIKTIF)" not in page.locator("[data-testid='stMain']").inner_text()
    rows = audit.read(path=trail, actions=["hapus_contoh"])
    assert len(rows) == 1 and rows.iloc[0]["user"] == "kepala" and rows.iloc[0]["role"] == "pimpinan"
    assert json.loads(rows.iloc[0]["details"])["terlapor"] == 320
