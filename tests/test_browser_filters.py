"""Filters in a real browser: they survive every click between pages and the browser's Back and Forward, a download
holds exactly the persons the screen shows (and its Ringkasan sheet and its audit row say the same filters and
count), "Salin tautan" gives an address that opens the same view, and the date filters speak Indonesian.

Each test runs in the open demo (every visitor a guest) and signed in as staff, on a private copy of the bundled
database. Screenshots at 1366×768 go to tests/screenshots/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest

from netralitas import accounts, audit, db, queries
from netralitas.queries import Filters
from tests.conftest import StreamlitServer, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
STAFF, PASSWORD = "staf.filter", "Sandi-Filter-2024"


@dataclass
class Site:
    """A running app: its server, database, audit trail, and the account to sign in with (None: open demo)."""

    server: StreamlitServer
    db_path: Path
    trail: Path
    user: str | None

    @property
    def mode(self) -> str:
        return "masuk" if self.user else "terbuka"


@pytest.fixture(scope="module", params=["terbuka", "masuk"])
def site(request, tmp_path_factory: pytest.TempPathFactory, bundled_db: Path, browser) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp(f"filter_{request.param}")
    db_path = folder / "netralitas.duckdb"
    shutil.copyfile(bundled_db, db_path)
    trail = folder / "audit.sqlite"
    env = {"NETRALITAS_AUDIT_DB": str(trail)}
    user = None
    if request.param == "masuk":
        users = folder / "pengguna.json"
        accounts.add_user(STAFF, "staf", PASSWORD, path=users, audit_db=trail)
        env["NETRALITAS_USERS"] = str(users)
        user = STAFF
    server = StreamlitServer(db_path, extra_env=env)
    warm = browser.new_page()  # the first request after a start runs in Streamlit's old pages/ mode
    warm.goto(server.url + "/")
    warm.wait_for_selector("[data-testid='stApp']")
    warm.wait_for_timeout(3_000)
    warm.close()
    yield Site(server, db_path, trail, user)
    server.stop()


def visit(page, site: Site, path: str) -> None:
    """Open ``path`` (a shared link, typed or pasted) and sign in on the form it shows first when accounts exist."""
    page.goto(site.server.url + path)
    if site.user:
        page.get_by_label("Nama pengguna").wait_for(timeout=60_000)
        page.get_by_label("Nama pengguna").fill(site.user)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.locator(".st-key-navigasi").wait_for(timeout=60_000)
    wait_for_app(page)
    assert_no_exception(page)


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0


def click_page(page, title: str) -> None:
    """Click a page in the sidebar's navigation."""
    page.locator(".st-key-navigasi a", has_text=title).click()
    wait_for_app(page)
    assert_no_exception(page)


def filter_line(page) -> str:
    """The page's "Filter aktif: …" line, without the prefix."""
    text = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']", has_text="Filter aktif:").first
    return text.inner_text().split("\n")[0].removeprefix("Filter aktif: ").strip()


def address(page) -> tuple[str, dict[str, list[str]]]:
    """The browser's path and query parameters."""
    parts = urlsplit(page.url)
    return parts.path, parse_qs(parts.query)


def chips(page, label: str) -> list[str]:
    """The values a sidebar multiselect shows."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']", has_text=label)
    return [t.strip() for t in box.locator(".react-aria-ComboBox [data-tag] span[title]").all_inner_texts()]


def choose(page, label: str, value: str) -> None:
    """Add ``value`` to the sidebar multiselect called ``label``."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']", has_text=label)
    box.locator("input").click()
    page.keyboard.type(value)
    page.get_by_role("option", name=value, exact=True).click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def total(site: Site, filters: Filters) -> int:
    with contextlib.closing(db.connect_readonly(site.db_path)) as con:
        return queries.total_persons(con, filters)


def last_export(site: Site) -> dict:
    rows = audit.read(path=site.trail, actions=["ekspor"])
    assert len(rows), "no export in the audit trail"
    row = rows.iloc[0]
    assert row["user"] == (site.user or "anonim")
    return json.loads(row["details"])


def wait_for_export_row(page, site: Site, before: int) -> dict:
    for _ in range(40):
        if len(audit.read(path=site.trail, actions=["ekspor"])) > before:
            return last_export(site)
        page.wait_for_timeout(250)
    raise AssertionError("the download left no audit row")


def exports_so_far(site: Site) -> int:
    return len(audit.read(path=site.trail, actions=["ekspor"])) if site.trail.exists() else 0


def download(page, label: str, target: Path) -> Path:
    button = page.locator("[data-testid='stDownloadButton'] button", has_text=label).first
    with page.expect_download(timeout=60_000) as info:
        button.click()
    info.value.save_as(target)
    return target


def summary_pairs(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path)
    return {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True) if r[0]}


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


PEMILU_PPPK = Filters(cycles=("Pemilu 2024",), actor_types=("PPPK",))


def test_a_shared_links_filters_survive_every_sidebar_click(site: Site, page) -> None:
    visit(page, site, "/?siklus=Pemilu+2024&pegawai=PPPK")
    assert filter_line(page) == "Siklus: Pemilu 2024 · Pegawai: PPPK"
    expected = total(site, PEMILU_PPPK)
    assert 0 < expected < total(site, Filters())
    for title, path in (("Data Kasus", "/data"), ("Data Kasus", "/data"), ("Kualitas Data", "/kualitas"),
                        ("Pelaku", "/pelaku"), ("Ringkasan", "/")):
        click_page(page, title)
        assert address(page) == (path, {"siklus": ["Pemilu 2024"], "pegawai": ["PPPK"]}), (title, page.url)
        if path != "/kualitas":  # the quality page covers the whole database: no filter line
            assert filter_line(page) == "Siklus: Pemilu 2024 · Pegawai: PPPK", title
        assert chips(page, "Siklus pemilihan") == ["Pemilu 2024"] and chips(page, "Jenis pegawai") == ["PPPK"]
        if path == "/data":
            box = page.locator(".st-key-ekspor_kotak").inner_text()
            assert f"Sesuai filter: {expected:,} terlapor".replace(",", ".") in box
    shoot(page, f"filter_tautan_{site.mode}")


def test_back_returns_to_the_previous_page_with_its_filters(site: Site, page) -> None:
    visit(page, site, "/sanksi")
    choose(page, "Siklus pemilihan", "Pilkada 2024")
    assert address(page) == ("/sanksi", {"siklus": ["Pilkada 2024"]})
    choose(page, "Kecamatan", "Tembalang")
    both = {"siklus": ["Pilkada 2024"], "kecamatan": ["Tembalang"]}
    assert address(page) == ("/sanksi", both)
    click_page(page, "Pelaku")
    assert address(page) == ("/pelaku", both)
    assert filter_line(page) == "Siklus: Pilkada 2024 · Kecamatan: Tembalang"

    page.go_back()
    wait_for_app(page)
    assert address(page) == ("/sanksi", both)
    assert filter_line(page) == "Siklus: Pilkada 2024 · Kecamatan: Tembalang"
    assert page.get_by_role("heading", name="Sanksi & Tindak Lanjut").count() == 1
    assert chips(page, "Kecamatan") == ["Tembalang"]

    page.go_back()
    wait_for_app(page)
    assert address(page) == ("/sanksi", {"siklus": ["Pilkada 2024"]})
    assert filter_line(page) == "Siklus: Pilkada 2024"
    assert chips(page, "Kecamatan") == [] and chips(page, "Siklus pemilihan") == ["Pilkada 2024"]

    page.go_forward()
    wait_for_app(page)
    assert address(page) == ("/sanksi", both)
    assert filter_line(page) == "Siklus: Pilkada 2024 · Kecamatan: Tembalang"
    page.go_forward()
    wait_for_app(page)
    assert address(page) == ("/pelaku", both)
    assert filter_line(page) == "Siklus: Pilkada 2024 · Kecamatan: Tembalang"
    assert_no_exception(page)


def test_an_export_after_a_click_holds_exactly_the_persons_on_screen(site: Site, page, tmp_path: Path) -> None:
    visit(page, site, "/?siklus=Pemilu+2024&pegawai=PPPK")
    click_page(page, "Data Kasus")
    on_screen = filter_line(page)
    expected = total(site, PEMILU_PPPK)
    box = page.locator(".st-key-ekspor_kotak")
    box.scroll_into_view_if_needed()
    assert f"Sesuai filter: {expected:,} terlapor".replace(",", ".") in box.inner_text()

    for label, kind in (("Unduh Excel", "xlsx"), ("Unduh CSV", "csv")):
        before = exports_so_far(site)
        path = download(page, label, tmp_path / f"ekspor.{kind}")
        row = wait_for_export_row(page, site, before)
        assert row["filter"] == {"siklus": ["Pemilu 2024"], "pegawai": ["PPPK"]}
        assert row["filter_teks"] == on_screen and row["baris"] == expected
        if kind == "xlsx":
            pairs = summary_pairs(path)
            assert pairs["Filter aktif"] == on_screen
            assert pairs["Jumlah terlapor"] == expected
            assert openpyxl.load_workbook(path)["Data"].max_row - 1 == expected
        else:
            assert len(path.read_text(encoding="utf-8-sig").strip().splitlines()) - 1 == expected


def test_a_chart_table_download_after_a_click_states_the_screens_filters(site: Site, page, tmp_path: Path) -> None:
    visit(page, site, "/?siklus=Pilkada+2024&kecamatan=Tembalang")
    click_page(page, "Sanksi & Tindak Lanjut")
    on_screen = filter_line(page)
    assert on_screen == "Siklus: Pilkada 2024 · Kecamatan: Tembalang"
    expected = total(site, Filters(cycles=("Pilkada 2024",), districts=("Tembalang",)))
    popover = page.locator("[data-testid='stPopover'] button", has_text="Unduh tabel").first
    popover.scroll_into_view_if_needed()
    popover.click()
    page.wait_for_timeout(500)
    before = exports_so_far(site)
    path = download(page, "Excel (.xlsx)", tmp_path / "tabel.xlsx")
    row = wait_for_export_row(page, site, before)
    assert row["filter_teks"] == on_screen and row["baris"] == expected
    pairs = summary_pairs(path)
    assert pairs["Filter aktif"] == on_screen and pairs["Jumlah terlapor"] == expected
    wb = openpyxl.load_workbook(path)
    assert wb["Tabel Grafik"]["A2"].value == f"Filter aktif: {on_screen}"
    assert wb["Data"].max_row - 1 == expected


def test_the_supervision_brief_states_the_screens_filters(site: Site, page, tmp_path: Path) -> None:
    visit(page, site, "/sanksi?siklus=Pilkada+2024&pegawai=PNS")
    click_page(page, "Laporan Supervisi")
    on_screen = filter_line(page)
    assert on_screen == "Siklus: Pilkada 2024 · Pegawai: PNS"
    before = exports_so_far(site)
    pdf = download(page, "Unduh PDF", tmp_path / "laporan.pdf")
    row = wait_for_export_row(page, site, before)
    assert row["filter"] == {"siklus": ["Pilkada 2024"], "pegawai": ["PNS"]}
    assert row["filter_teks"] == on_screen
    assert row["baris"] == total(site, Filters(cycles=("Pilkada 2024",), actor_types=("PNS",)))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert f"Filter: {on_screen}" in re.sub(r"\s+", " ", text)


def test_copy_link_opens_the_same_view(site: Site, page, browser) -> None:
    visit(page, site, "/?siklus=Pemilu+2024")
    click_page(page, "Pelaku")
    choose(page, "Kecamatan", "Tugu")
    page.get_by_role("button", name="Salin tautan").click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']")
    code.wait_for()
    link = code.inner_text().strip()
    assert link == site.server.url + "/pelaku?siklus=Pemilu+2024&kecamatan=Tugu"
    shoot(page, f"filter_salin_tautan_{site.mode}")
    other = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        fresh = other.new_page()
        visit(fresh, site, link.removeprefix(site.server.url))
        assert address(fresh) == address(page)
        assert filter_line(fresh) == filter_line(page) == "Siklus: Pemilu 2024 · Kecamatan: Tugu"
        assert fresh.get_by_role("heading", name="Pelaku").count() >= 1
    finally:
        other.close()


def test_date_filters_speak_indonesian_and_show_the_whole_date(site: Site, page) -> None:
    if site.user:
        pytest.skip("the date field is the same for every role; once is enough")
    visit(page, site, "/data?siklus=Pilkada+2024")
    sidebar = page.locator("[data-testid='stSidebar']")
    page.get_by_role("button", name="Buka kalender").first.click()
    month = page.get_by_role("combobox", name="Bulan").first
    assert month.locator("option").all_inner_texts() == [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
        "November", "Desember"]
    calendar = sidebar.locator(".kalender").first
    assert calendar.locator(".hari").inner_text().split() == ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]
    assert not re.search(r"January|February|\bMon?\b|\bSu\b", sidebar.inner_text())
    month.select_option(label="September")
    page.get_by_role("combobox", name="Tahun").first.select_option(label="2024")
    shoot(page, "filter_kalender")
    page.get_by_role("button", name="15 September 2024").click()
    wait_for_app(page)
    assert address(page) == ("/data", {"siklus": ["Pilkada 2024"], "dari": ["2024-09-15"]})
    assert filter_line(page) == "Siklus: Pilkada 2024 · Tanggal: 15 Sep 2024 s.d. akhir"
    field = page.get_by_role("textbox", name="Dari tanggal")
    assert field.input_value() == "15 September 2024"
    assert field.evaluate("e => e.scrollWidth <= e.clientWidth")  # the whole date is visible

    typed = page.get_by_role("textbox", name="Sampai tanggal")
    typed.fill("1/9/2024")  # before "dari": the range is turned round, and the page says so
    typed.press("Enter")
    page.get_by_text("keduanya ditukar").first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert address(page)[1] == {"siklus": ["Pilkada 2024"], "dari": ["2024-09-01"], "sampai": ["2024-09-15"]}
    assert filter_line(page) == "Siklus: Pilkada 2024 · Tanggal: 1 Sep 2024 s.d. 15 Sep 2024"
    expected = total(site, Filters(cycles=("Pilkada 2024",), date_from=dt.date(2024, 9, 1),
                                   date_to=dt.date(2024, 9, 15)))
    assert f"{expected:,} terlapor".replace(",", ".") in page.locator("[data-testid='stMain']").inner_text()

    page.get_by_role("button", name="Hapus tanggal").first.click()
    wait_for_app(page)
    assert address(page)[1] == {"siklus": ["Pilkada 2024"], "sampai": ["2024-09-15"]}
    shoot(page, "filter_tanggal")
