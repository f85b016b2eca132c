"""The export in headless Chromium: click the downloads on a running app and check the files.

Screenshots at 1366×768 go to tests/screenshots/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import openpyxl
import pytest

from netralitas import db, export, queries
from netralitas.export import DATA_COLUMNS
from netralitas.queries import Filters
from tests.conftest import StreamlitServer, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PEMILU = Filters(cycles=("Pemilu 2024",))


@pytest.fixture(scope="module", autouse=True)
def warm_server(browser, app_server: StreamlitServer) -> None:
    """Open the app once: the very first session of a fresh server can resolve a deep link (/data) before
    st.navigation has registered the pages and show "Page not found" (same warm-up as test_browser_data)."""
    warm = browser.new_page()
    try:
        warm.goto(app_server.url + "/")
        wait_for_app(warm)
    finally:
        warm.close()


def total(db_path: Path, filters: Filters) -> int:
    with contextlib.closing(db.connect_readonly(db_path)) as con:
        return queries.total_persons(con, filters)


def open_app(page, server: StreamlitServer, path: str) -> None:
    page.goto(server.url + "/" + path)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def download(page, label: str, target: Path, timeout: float = 60_000) -> str:
    """Click the download button called ``label``; save the file to ``target``; return the suggested name."""
    button = page.locator("[data-testid='stDownloadButton'] button", has_text=label).first
    with page.expect_download(timeout=timeout) as info:
        button.click()
    info.value.save_as(target)
    return info.value.suggested_filename


def test_data_page_download_holds_the_filtered_persons(page, app_server: StreamlitServer, bundled_db: Path,
                                                       tmp_path: Path) -> None:
    open_app(page, app_server, "data?siklus=Pemilu+2024")
    box = page.locator(".st-key-ekspor_kotak")
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    shoot(page, "ekspor_data_kasus")
    expected = total(bundled_db, PEMILU)
    assert expected > 0

    xlsx = tmp_path / "unduhan.xlsx"
    before = export.export_filename(PEMILU, "xlsx")
    name = download(page, "Unduh Excel", xlsx)
    assert name in {before, export.export_filename(PEMILU, "xlsx")}  # netralitas-asn_pemilu-2024_<WIB date>.xlsx
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Ringkasan", "Data", "Rekap"]
    assert wb["Data"].max_row - 1 == expected
    pairs = {r[0].value: r[1].value for r in wb["Ringkasan"].iter_rows(max_col=2) if r[0].value}
    assert pairs["Filter aktif"] == "Siklus: Pemilu 2024"
    assert pairs["Nama dan NIP"] == export.MASKED_TEXT
    assert pairs["Jumlah terlapor"] == expected
    assert "DATA CONTOH (FIKTIF)" in wb["Ringkasan"]["A2"].value
    assert {c.value for c in wb["Data"]["C"][1:]} == {"Pemilu 2024"}
    # the click did not rerun the page: no script run started, the table is still there
    assert page.locator("[data-testid='stStatusWidget']").count() == 0
    assert page.locator("[data-testid='stException']").count() == 0

    csv_path = tmp_path / "unduhan.csv"
    name = download(page, "Unduh CSV", csv_path)
    assert name.startswith("netralitas-asn_pemilu-2024_") and name.endswith(".csv")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0] == [c.header for c in DATA_COLUMNS]
    assert len(rows) - 1 == expected


def test_chart_table_download(page, app_server: StreamlitServer, bundled_db: Path, tmp_path: Path) -> None:
    open_app(page, app_server, "?siklus=Pilkada+2024")
    popover = page.locator("[data-testid='stPopover'] button", has_text="Unduh tabel").first
    popover.scroll_into_view_if_needed()
    popover.click()
    page.wait_for_timeout(500)
    shoot(page, "ekspor_unduh_tabel")
    xlsx = tmp_path / "tabel.xlsx"
    name = download(page, "Excel (.xlsx)", xlsx)
    assert name.startswith("netralitas-asn_pilkada-2024_tabel-")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Ringkasan", "Tabel Grafik", "Data", "Rekap"]
    assert wb["Data"].max_row - 1 == total(bundled_db, Filters(cycles=("Pilkada 2024",)))
    assert wb["Tabel Grafik"]["A2"].value == "Filter aktif: Siklus: Pilkada 2024"

