"""The local sign-in flow in a real browser, on a real server with a temporary user file: a shared link asks for
sign-in first (even as the very first request after the server starts), a wrong password is refused, staff see
names, sign-out, leadership opens the audit page and downloads it — and the audit trail holds every step."""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pytest

from netralitas import accounts, audit
from tests.conftest import ROOT, StreamlitServer, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SHOTS = ROOT / "tests" / "screenshots"
PASSWORD = "Sandi-Kantor-2024"


@pytest.fixture()
def signin_server(bundled_db: Path, tmp_path: Path):
    users = tmp_path / "pengguna.json"
    trail = tmp_path / "audit.sqlite"
    accounts.add_user("budi", "staf", PASSWORD, path=users, audit_db=trail)
    accounts.add_user("kepala", "pimpinan", PASSWORD, path=users, audit_db=trail)
    server = StreamlitServer(bundled_db, {"NETRALITAS_USERS": str(users), "NETRALITAS_AUDIT_DB": str(trail)})
    yield server, trail
    server.stop()


def sign_in(page, name: str, password: str) -> None:
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_local_sign_in_flow(signin_server, page, bundled_db: Path) -> None:
    server, trail = signin_server
    with contextlib.closing(duckdb.connect(str(bundled_db), read_only=True)) as con:
        name = con.execute("SELECT person_name FROM violations WHERE cycle = 'Pemilu 2024' AND person_name IS NOT "
                           "NULL ORDER BY reported_on DESC NULLS LAST, case_id LIMIT 1").fetchone()[0]

    # the very first request after the start, straight to a page: still the sign-in form, no figure
    page.goto(server.url + "/kualitas")
    page.wait_for_selector("text=Kata sandi", timeout=60_000)
    assert page.locator("[data-testid='stMetric']").count() == 0

    # (Streamlit 1.67 stays in its old multipage mode until app.py has run once; "/" runs it. See tests/roles.py.)
    page.goto(server.url + "/")
    page.wait_for_selector("text=Kata sandi", timeout=60_000)
    page.goto(server.url + "/data?siklus=Pemilu+2024")
    page.wait_for_selector("text=Kata sandi", timeout=60_000)
    page.wait_for_timeout(500)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "auth_masuk.png"))
    assert page.locator(".st-key-navigasi").count() == 0  # no page list before sign-in

    sign_in(page, "budi", "bukan-sandinya")
    page.wait_for_selector("text=Nama pengguna atau kata sandi salah", timeout=30_000)

    sign_in(page, "budi", PASSWORD)
    page.wait_for_selector("text=Daftar terlapor", timeout=60_000)
    wait_for_app(page)
    assert "siklus=Pemilu" in page.url  # the shared link's page and filters survived the sign-in
    page.get_by_text(name, exact=True).first.wait_for(state="attached", timeout=30_000)  # staff see names
    assert page.get_by_role("link", name="Unggah Data").count() == 1
    assert page.get_by_role("link", name="Audit").count() == 0

    page.get_by_role("button", name="Keluar").click()
    page.wait_for_selector("text=Anda telah keluar", timeout=30_000)

    sign_in(page, "kepala", PASSWORD)
    page.wait_for_selector(".st-key-navigasi", timeout=60_000)
    page.get_by_role("link", name="Audit").click()
    page.wait_for_selector("text=Jejak Audit", timeout=60_000)
    wait_for_app(page)
    page.screenshot(path=str(SHOTS / "auth_audit.png"))
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Unduh CSV").click()
    assert download.value.suggested_filename.startswith("audit-netralitas-asn_")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "masuk_gagal" in text and "kepala" in text
    page.wait_for_timeout(1_500)  # the click's audit row is written on the rerun that follows it

    rows = audit.read(path=trail)
    steps = list(reversed(list(zip(rows["user"], rows["action"], strict=True))))
    assert steps[-5:] == [("budi", "masuk_gagal"), ("budi", "masuk"), ("budi", "keluar"), ("kepala", "masuk"),
                          ("kepala", "ekspor")]
    export_row = audit.details_of(rows.iloc[0]["details"])
    assert export_row["isi"] == "jejak audit" and export_row["format"] == "csv"
