"""Browser test of the page Pencegahan in headless Chromium on a database with prevention activities: the page
draws its charts and figures, a shared URL reproduces the filtered figures and keeps the filters in the
navigation, and the CSV download holds exactly the activities the filters select. A screenshot at 1366×768 goes to
tests/screenshots/ (git-ignored) for a human to look at."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import StreamlitServer, wait_for_app

from netralitas import queries
from netralitas.formatting import format_number
from netralitas.queries import Filters

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHARTS = 3


@pytest.fixture(scope="module")
def server(prevention_db: Path) -> Iterator[StreamlitServer]:
    """The app on the fixture register with its prevention activities."""
    running = StreamlitServer(prevention_db)
    yield running
    running.stop()


def open_page(page, url: str) -> None:
    """Open ``url``, scroll through the page (charts below the fold are drawn when they come into view) and back."""
    page.goto(url)
    wait_for_app(page, timeout=60_000)
    page.mouse.move(800, 400)
    for _ in range(3):
        page.mouse.wheel(0, 700)
        page.wait_for_timeout(300)
    page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot').length >= {CHARTS}",
                           timeout=30_000)
    page.mouse.wheel(0, -5000)
    page.wait_for_timeout(500)


def metric_value(page, label: str) -> str:
    card = page.locator("[data-testid='stMetric']", has_text=label).first
    return card.locator("[data-testid='stMetricValue']").inner_text().strip()


def total(db: Path, filters: Filters) -> int:
    with contextlib.closing(duckdb.connect(str(db), read_only=True)) as con:
        return queries.prevention_total(con, filters)


def test_pencegahan_page_in_the_browser(server: StreamlitServer, page, prevention_db: Path) -> None:
    open_page(page, server.url + "/pencegahan")
    assert page.locator("h1", has_text="Pencegahan").count() == 1
    assert page.locator(".js-plotly-plot").count() == CHARTS
    assert metric_value(page, "Kegiatan pencegahan") == format_number(total(prevention_db, Filters()))
    assert page.locator("[data-testid='stException']").count() == 0
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "pencegahan.png"))


def test_shared_link_filters_and_download(server: StreamlitServer, page, prevention_db: Path) -> None:
    open_page(page, server.url + "/pencegahan?siklus=Pilkada+2024&pegawai=PNS")
    filters = Filters(cycles=("Pilkada 2024",))
    assert metric_value(page, "Kegiatan pencegahan") == format_number(total(prevention_db, filters)) == "5"
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Jenis pegawai tidak berlaku untuk kegiatan pencegahan" in main
    # the sidebar's links carry the filters to the other pages
    href = page.locator(".st-key-navigasi a", has_text="Ringkasan").first.get_attribute("href")
    assert "siklus=Pilkada+2024" in href and "pegawai=PNS" in href
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Unduh CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("netralitas-asn_pencegahan_pilkada-2024_")
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    assert text.count("\r\n") == 1 + 5  # header and the five activities
    assert page.url.endswith("/pencegahan?siklus=Pilkada+2024&pegawai=PNS")  # the download kept the view
