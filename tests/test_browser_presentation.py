"""The projector view (?tampilan=presentasi) and the supervision report downloads in headless Chromium at 1366×768,
against a real Streamlit server on the bundled data. Screenshots go to tests/screenshots/ (look at them)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import StreamlitServer, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def _open(page, server: StreamlitServer, path: str) -> None:
    # Warm up on the start page first: a fresh server can resolve a deep link through Streamlit's pages/ folder
    # convention before st.navigation has registered the pages.
    page.goto(server.url + "/")
    wait_for_app(page)
    page.goto(server.url + path)
    wait_for_app(page)
    page.wait_for_timeout(2_500)  # charts re-lay out once the projector styles have stacked the columns


def _px(page, selector: str, prop: str) -> float:
    value = page.eval_on_selector(selector, f"el => getComputedStyle(el).getPropertyValue('{prop}')")
    return float(str(value).replace("px", "") or 0)


def test_presentation_view_is_readable_from_the_back_of_the_room(page, app_server: StreamlitServer) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    _open(page, app_server, "/?tampilan=presentasi&siklus=Pemilu+2024")
    page.screenshot(path=str(SCREENSHOTS / "presentasi_ringkasan.png"))
    # no sidebar, no toolbar, no buttons
    assert page.locator("[data-testid='stSidebar']").is_hidden()
    assert page.locator("[data-testid='stHeader']").is_hidden()
    assert page.locator("[data-testid='stExpander']").first.is_hidden()
    # the filter from the URL still applies
    assert page.get_by_text("Filter aktif: Siklus: Pemilu 2024").is_visible()
    # large type
    assert _px(page, "h1", "font-size") >= 40
    assert _px(page, "[data-testid='stAlertContainer'] p", "font-size") >= 20
    assert _px(page, "[data-testid='stMetricValue']", "font-size") >= 50
    # one chart per screen: full width, nearly a screen tall, with large chart text
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.scroll_into_view_if_needed()
    page.evaluate("() => document.querySelector('[data-testid=stPlotlyChart]').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(2_000)
    box = chart.bounding_box()
    assert box and box["width"] >= 1200 and 600 <= box["height"] <= 768
    tick_sizes = page.eval_on_selector_all(
        "[data-testid='stPlotlyChart'] .xtick text", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert tick_sizes and min(tick_sizes) >= 18
    page.screenshot(path=str(SCREENSHOTS / "presentasi_ringkasan_grafik.png"))


def test_report_page_builds_the_files_when_asked(page, app_server: StreamlitServer) -> None:
    from pptx import Presentation
    from pypdf import PdfReader

    SCREENSHOTS.mkdir(exist_ok=True)
    _open(page, app_server, "/supervisi?siklus=Pilkada+2024")
    assert page.get_by_role("heading", name="Pilkada 2024").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "laporan_supervisi.png"))

    with page.expect_download(timeout=60_000) as pdf_download:
        page.get_by_role("button", name="Unduh PDF").click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    pdf = Path(pdf_download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Pilkada 2024" in text and "DATA CONTOH (FIKTIF)" in text

    with page.expect_download(timeout=60_000) as pptx_download:
        page.get_by_role("button", name="Unduh PPTX").click()
    assert pptx_download.value.suggested_filename.endswith(".pptx")
    deck = Presentation(io.BytesIO(Path(pptx_download.value.path()).read_bytes()))
    assert any(shape.has_chart for slide in deck.slides for shape in slide.shapes)

    # the cycle pills set the URL filter
    page.get_by_role("button", name="Pemilu 2024").first.click()
    page.wait_for_function("() => decodeURIComponent(location.search.replace(/\\+/g, ' ')).includes('Pemilu 2024')",
                           timeout=20_000)
    wait_for_app(page)
    assert page.get_by_role("heading", name="Pemilu 2024").first.is_visible()
