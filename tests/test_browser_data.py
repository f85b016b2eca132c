"""Data Kasus, Kualitas Data and Unggah Data in headless Chromium, against a real Streamlit server.

The server runs on a private copy of a fixture database (uploads write to it). Screenshots at 1366×768 go to
tests/screenshots/.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import StreamlitServer, wait_for_app
from tests.test_pages_data import (
    MESSY_ROWS,
    build_db,
    count,
    person_rows,
    write_register,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


STAFF_USER, STAFF_PASSWORD = "staf.uji", "Sandi-Uji-Unggah-2024"


def _fixture_database(folder: Path, bundled_db: Path) -> Path:
    """A copy of the bundled database plus the messy fixture register (so every note kind shows)."""
    db_path = folder / "netralitas.duckdb"
    shutil.copyfile(bundled_db, db_path)
    build_db(folder, [write_register(folder / "register_uji.xlsx", MESSY_ROWS)])
    return db_path


def _warm_up(browser, server: StreamlitServer) -> None:
    """Open the start page once. The very first sessions of a fresh server can resolve a deep link through
    Streamlit's pages/ folder convention before st.navigation has registered the pages."""
    warm = browser.new_page()
    warm.goto(server.url + "/")
    warm.wait_for_selector("[data-testid='stApp']")
    warm.wait_for_timeout(3_000)
    warm.close()


@pytest.fixture(scope="module")
def data_server(tmp_path_factory: pytest.TempPathFactory, bundled_db: Path, browser
                ) -> Iterator[tuple[StreamlitServer, Path]]:
    """The app as the open demo runs it (no accounts: every visitor is a guest) on a private database copy."""
    db_path = _fixture_database(tmp_path_factory.mktemp("browser_data"), bundled_db)
    server = StreamlitServer(db_path)
    _warm_up(browser, server)
    yield server, db_path
    server.stop()


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory: pytest.TempPathFactory, bundled_db: Path, browser
                 ) -> Iterator[tuple[StreamlitServer, Path]]:
    """The app with a local staff account (uploads are for staff) on its own database copy."""
    from netralitas import accounts

    folder = tmp_path_factory.mktemp("browser_upload")
    db_path = _fixture_database(folder, bundled_db)
    users, audit_db = folder / "pengguna.json", folder / "audit.sqlite"
    accounts.add_user(STAFF_USER, "staf", STAFF_PASSWORD, path=users, audit_db=audit_db)
    server = StreamlitServer(db_path, extra_env={"NETRALITAS_USERS": str(users), "NETRALITAS_AUDIT_DB": str(audit_db)})
    _warm_up(browser, server)
    yield server, db_path
    server.stop()


def sign_in(page, server: StreamlitServer, path: str) -> None:
    """Open ``path`` and sign in as the staff account on the sign-in form shown first."""
    page.goto(server.url + "/" + path)
    page.get_by_label("Nama pengguna").fill(STAFF_USER)
    page.get_by_label("Kata sandi").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.locator("h1", has_text="Unggah Data").wait_for(timeout=30_000)
    wait_for_app(page)


def open_app(page, server: StreamlitServer, path: str) -> None:
    """Open a page of the app and wait until its script has finished."""
    page.goto(server.url + "/" + path)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0, page.locator("[data-testid='stException']")


def shoot(page, name: str) -> None:
    """A 1366×768 screenshot of what is on screen."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def shown_total(page) -> int:
    """The "N terlapor" count written above the Data Kasus table."""
    caption = page.locator("[data-testid='stCaptionContainer']", has_text=re.compile(r"^[\d.]+ terlapor"))
    return int(re.match(r"[\d.]+", caption.first.inner_text()).group(0).replace(".", ""))


def scroll_main_to(page, selector: str) -> None:
    """Scroll the app's main area so that ``selector`` is at the top of the screen."""
    page.locator(selector).first.scroll_into_view_if_needed()
    page.evaluate(
        """(sel) => {
            const el = document.querySelector(sel);
            if (!el) return;
            el.scrollIntoView({block: 'start'});
            let box = el.parentElement;  // leave room for the app's top bar
            while (box && box.scrollHeight <= box.clientHeight) box = box.parentElement;
            if (box) box.scrollBy(0, -70);
        }""",
        selector,
    )
    page.wait_for_timeout(400)


@pytest.mark.parametrize(("path", "title"), [("data", "Data Kasus"), ("kualitas", "Kualitas Data")])
def test_page_loads_without_exception(page, data_server, path: str, title: str) -> None:
    server, _ = data_server
    open_app(page, server, path)
    assert page.locator("h1").first.inner_text().strip() == title
    shoot(page, f"data_{path}")
    if path == "data":
        scroll_main_to(page, "[data-testid='stDataFrame']")
        shoot(page, "data_kasus_tabel")


def test_upload_page_loads_for_staff(page, staff_server) -> None:
    server, _ = staff_server
    sign_in(page, server, "unggah")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stFileUploader']").count() == 1
    shoot(page, "data_unggah")


def test_data_url_filters_reproduce_count_and_row_selection_shows_record(page, data_server) -> None:
    server, db_path = data_server
    open_app(page, server, "data?siklus=Pemilu+2024&pegawai=PNS")
    # the database holds an own register besides the demo: with no data filter, the own data alone is shown
    expected = count(db_path, "SELECT count(*) FROM violations WHERE cycle = 'Pemilu 2024' AND actor_type = 'PNS' "
                     "AND dataset = 'sendiri'")
    assert shown_total(page) == expected

    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    assert box
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 35 * 0 + 17)  # the selection box of the first row
    page.get_by_text("Rincian:").first.wait_for(timeout=15_000)
    wait_for_app(page)
    assert page.get_by_text("Asal data").count() == 1
    assert page.get_by_text(re.compile(r"File .+, sheet .+, baris \d+")).count() == 1
    shoot(page, "data_kasus_filter")
    scroll_main_to(page, ".st-key-rincian")
    shoot(page, "data_kasus_rincian")


def test_quality_page_lists_notes_and_rejected_rows(page, data_server) -> None:
    server, db_path = data_server
    open_app(page, server, "kualitas")
    notes = count(db_path, "SELECT count(*) FROM quality_notes")
    assert page.locator("[data-testid='stMetricValue']").nth(3).inner_text().replace(".", "") == str(notes)
    scroll_main_to(page, ".st-key-catatan")
    shoot(page, "data_kualitas_catatan")
    scroll_main_to(page, ".st-key-ditolak")
    shoot(page, "data_kualitas_ditolak")


def test_upload_lands_in_database(page, staff_server, tmp_path: Path) -> None:
    server, db_path = staff_server
    register = write_register(tmp_path / "Register Kecamatan Tugu 2024.xlsx",
                              {"Pilkada 2024": person_rows("T", 12)})
    before = count(db_path, "SELECT count(*) FROM violations")
    own_before = count(db_path, "SELECT count(*) FROM violations WHERE dataset = 'sendiri'")
    sign_in(page, server, "unggah")
    page.locator("input[type='file']").set_input_files(str(register))
    page.get_by_text("Uji coba: Register Kecamatan Tugu 2024.xlsx").wait_for(timeout=30_000)
    wait_for_app(page)
    assert count(db_path, "SELECT count(*) FROM violations") == before  # the dry run wrote nothing
    scroll_main_to(page, ".st-key-uji_coba")
    shoot(page, "data_unggah_uji")

    page.get_by_role("button", name="Muat ke basis data").click()
    page.get_by_text(re.compile("dimuat ke basis data: 12 baris")).wait_for(timeout=60_000)
    wait_for_app(page)
    shoot(page, "data_unggah_hasil")
    assert count(db_path, "SELECT count(*) FROM violations WHERE source_file = 'Register Kecamatan Tugu 2024.xlsx'") \
        == 12
    assert count(db_path, "SELECT count(*) FROM violations") == before + 12

    page.get_by_role("link", name="Lihat Data Kasus").click()
    page.locator("h1", has_text="Data Kasus").wait_for(timeout=30_000)
    wait_for_app(page)
    # the app's caches were cleared by the load; with no data filter, the own registers alone are shown
    assert shown_total(page) == own_before + 12


def test_bad_upload_shows_indonesian_error_and_database_unchanged(page, staff_server, tmp_path: Path) -> None:
    server, db_path = staff_server
    bad = tmp_path / "rekap.xlsx"
    bad.write_bytes(b"PK\x03\x04 ini bukan workbook " * 50)
    before = count(db_path, "SELECT count(*) FROM violations")
    version = db_path.stat().st_mtime_ns
    sign_in(page, server, "unggah")
    page.locator("input[type='file']").set_input_files(str(bad))
    error = page.locator("[data-testid='stAlertContentError']").first
    error.wait_for(timeout=30_000)
    assert "tidak dapat dibaca" in error.inner_text() and "Tidak ada yang ditulis" in error.inner_text()
    shoot(page, "data_unggah_gagal")
    assert page.get_by_role("button", name="Muat ke basis data").count() == 0
    assert db_path.stat().st_mtime_ns == version
    assert count(db_path, "SELECT count(*) FROM violations") == before
