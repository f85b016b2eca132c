"""Browser tests of the four analysis pages in headless Chromium: pages load without an exception and draw
their charts, a shared URL reproduces the filtered numbers, and a click on a bar filters the table below.
Screenshots at 1366×768 go to tests/screenshots/ (git-ignored) for a human to look at."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import duckdb
import pytest
from conftest import StreamlitServer, wait_for_app

from netralitas import clock, queries
from netralitas.formatting import format_number
from netralitas.queries import Filters, Viewer

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PAGES = [  # (url path, title, charts drawn by default)
    ("/", "Ringkasan Pelanggaran Netralitas ASN", 4),
    ("/siklus", "Siklus Pemilihan", 5),
    ("/pelaku", "Pelaku", 1),
    ("/sanksi", "Sanksi & Tindak Lanjut", 3),
]
SHARED_QUERY = "?siklus=Pemilu+2024&pegawai=PNS"
SHARED_FILTERS = Filters(cycles=("Pemilu 2024",), actor_types=("PNS",))


@pytest.fixture(scope="module")
def server(app_server: StreamlitServer, browser) -> StreamlitServer:
    """The shared app server, opened once at "/" (see test_deep_link_on_a_fresh_server for why)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    pg.goto(app_server.url + "/")
    wait_for_app(pg)
    context.close()
    return app_server


def db_call(db_path: Path, fn, *args, **kwargs):
    with contextlib.closing(duckdb.connect(str(db_path), read_only=True)) as con:
        return fn(con, *args, **kwargs)


def open_page(page, url: str, charts: int = 0) -> None:
    """Open ``url`` and wait until the script finished and ``charts`` Plotly charts are drawn."""
    page.goto(url)
    wait_for_app(page)
    if charts:
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot').length >= {charts}"
            f" && document.querySelectorAll('.js-plotly-plot .main-svg').length >= {2 * charts}",
            timeout=30_000,
        )
    page.wait_for_timeout(300)


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert "Traceback" not in page.locator("[data-testid='stMain']").inner_text()


def screenshot(page, name: str) -> None:
    """Save the page as seen at 1366×768 and, for review, at full length."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1366, "height": int(min(max(height + 40, 768), 6000))})
    page.wait_for_timeout(800)
    page.screenshot(path=str(SCREENSHOTS / f"{name}_lengkap.png"))
    page.set_viewport_size({"width": 1366, "height": 768})


def metric_values(page) -> dict[str, str]:
    out = {}
    for metric in page.locator("[data-testid='stMetric']").all():
        label = metric.locator("[data-testid='stMetricLabel']").inner_text().strip()
        out[label] = metric.locator("[data-testid='stMetricValue']").inner_text().strip()
    return out


def click_first_bar(page, chart_key_prefix: str) -> None:
    """Move to and click the first drawn bar of a chart (Plotly needs the hover before the click)."""
    chart = page.locator(f"[class*='st-key-{chart_key_prefix}'] .js-plotly-plot")
    bars = chart.locator(".trace.bars .point path")
    chart.scroll_into_view_if_needed()  # below the fold on a 1366×768 screen: a click needs it in view
    for i in range(bars.count()):
        box = bars.nth(i).bounding_box()
        if box and box["width"] > 4 and box["height"] > 4:
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.wait_for_timeout(300)
            page.mouse.click(x, y)
            return
    raise AssertionError("no bar to click")


SELECTION_LINE = re.compile(r"([\d.]+) terlapor — pilihan: (.+)")
LABEL_TO_DIM = {"Siklus pemilihan": "cycle", "Jenis pegawai": "actor_type", "Tingkat sanksi": "severity",
                "Kecamatan": "district", "Status sanksi": "sanction_state"}


def selection_shown(page) -> tuple[int, tuple]:
    """The count and the selection written above the table of clicked persons."""
    text = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="terlapor — pilihan:").first
    text.wait_for(timeout=30_000)
    match = SELECTION_LINE.search(text.inner_text())
    assert match, text.inner_text()
    pairs = []
    for part in match.group(2).split(" · "):
        label, _, value = part.partition(": ")
        pairs.append((LABEL_TO_DIM[label.strip()], value.strip()))
    return int(match.group(1).replace(".", "")), (tuple(pairs),)


@pytest.mark.parametrize(("path", "title", "charts"), PAGES, ids=[p[0] for p in PAGES])
def test_page_loads_and_draws_charts(server, page, path: str, title: str, charts: int) -> None:
    open_page(page, server.url + path, charts)
    assert_no_exception(page)
    assert page.get_by_role("heading", name=title).count() >= 1
    assert page.locator(".js-plotly-plot").count() >= charts
    # the app's own navigation (not a list of files) is shown
    nav = page.locator(".st-key-navigasi").inner_text()
    assert "Ringkasan" in nav and "common" not in nav
    name = path.strip("/") or "ringkasan"
    screenshot(page, f"analisis_{name}")


def test_pelaku_tabs_draw(server, page) -> None:
    open_page(page, server.url + "/pelaku", 1)
    for tab, charts, shot in (("Kecamatan", 2, "analisis_pelaku_kecamatan"), ("Instansi", 1, None),
                              ("Jenis pelanggaran", 1, None), ("Kelompok jabatan", 1, None)):
        page.get_by_role("tab", name=tab).click()
        wait_for_app(page)
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot').length >= {charts}"
            f" && document.querySelectorAll('.js-plotly-plot .main-svg').length >= {2 * charts}", timeout=30_000
        )
        assert_no_exception(page)
        if shot:
            page.wait_for_timeout(500)
            screenshot(page, shot)


def test_shared_url_reproduces_filtered_numbers(server, page, bundled_db) -> None:
    open_page(page, server.url + "/" + SHARED_QUERY, 4)
    assert_no_exception(page)
    head = db_call(bundled_db, queries.headline, SHARED_FILTERS)
    shown = metric_values(page)
    assert shown["Terlapor"] == format_number(head["persons"])
    assert shown["Kasus"] == format_number(head["cases"])
    assert shown["Sanksi dijatuhkan"] == format_number(head["sanctioned"])
    caption = page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
    assert "Filter aktif: Siklus: Pemilu 2024 · Pegawai: PNS" in caption
    screenshot(page, "analisis_ringkasan_tautan")

    open_page(page, server.url + "/pelaku" + SHARED_QUERY, 1)
    by_actor = db_call(bundled_db, queries.counts_by, SHARED_FILTERS, ["actor_type"])
    pns = int(by_actor.loc[by_actor["actor_type"] == "PNS", "persons"].sum())
    shown = metric_values(page)
    assert shown["PNS"] == format_number(pns)
    assert shown["PPPK"] == "0"

    open_page(page, server.url + "/sanksi" + SHARED_QUERY, 2)
    waiting = db_call(bundled_db, queries.follow_up, SHARED_FILTERS, Viewer(), today=clock.today())
    page.locator("[data-testid='stMetricLabel']").filter(has_text="Menunggu sanksi").wait_for(timeout=30_000)
    assert metric_values(page)["Menunggu sanksi"] == format_number(len(waiting))

    open_page(page, server.url + "/siklus" + SHARED_QUERY, 3)
    head = db_call(bundled_db, queries.headline, SHARED_FILTERS)
    assert metric_values(page)["Terlapor"] == format_number(head["persons"])
    assert page.get_by_role("tab").all_inner_texts() == ["Pemilu 2024"]


def test_click_on_a_bar_filters_the_table_on_ringkasan(server, page, bundled_db) -> None:
    open_page(page, server.url + "/", 4)
    assert page.get_by_text("Klik satu batang pada grafik di atas").count() == 1
    click_first_bar(page, "chart_ringkasan_siklus_pegawai")
    count, selection = selection_shown(page)
    assert {d for d, _ in selection[0]} == {"cycle", "actor_type"}
    assert count == db_call(bundled_db, queries.count_selected, Filters(), selection)
    page.locator(".st-key-daftar_klik [data-testid='stDataFrame']").wait_for()
    assert_no_exception(page)
    screenshot(page, "analisis_ringkasan_klik")
    # clicking the other chart replaces the selection (one clicked chart at a time)
    click_first_bar(page, "chart_ringkasan_sanksi")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stMarkdownContainer\"]')]"
        ".some(e => e.innerText.includes('pilihan: Tingkat sanksi'))", timeout=30_000)
    count, selection = selection_shown(page)
    # a sanction bar is one level and one state (imposed or only recommended); an outcome bar its level alone
    assert [d for d, _ in selection[0]] in (["severity", "sanction_state"], ["severity"])
    assert count == db_call(bundled_db, queries.count_selected, Filters(), selection)


def test_click_on_a_bar_filters_the_table_on_pelaku(server, page, bundled_db) -> None:
    open_page(page, server.url + "/pelaku" + SHARED_QUERY, 1)
    click_first_bar(page, "chart_pelaku_pegawai")
    count, selection = selection_shown(page)
    assert dict(selection[0])["actor_type"] == "PNS"
    assert count == db_call(bundled_db, queries.count_selected, SHARED_FILTERS, selection)
    page.locator(".st-key-daftar_klik [data-testid='stDataFrame']").wait_for()
    assert_no_exception(page)
    screenshot(page, "analisis_pelaku_klik")


def test_deep_link_on_a_fresh_server(bundled_db, page) -> None:
    """A fresh server whose first request is a shared deep link (Streamlit's legacy pages/ mode) still opens that
    page inside the app: navigation, layout and filters (pages call ensure_started())."""
    fresh = StreamlitServer(bundled_db)
    try:
        open_page(page, fresh.url + "/pelaku" + SHARED_QUERY, 1)
        nav = page.locator(".st-key-navigasi").inner_text()
        assert "Ringkasan" in nav and "common" not in nav, nav
    finally:
        fresh.stop()


@pytest.mark.parametrize("path", ["/", "/sanksi", "/data"])
def test_the_app_asks_nothing_from_the_internet(server, page, path: str) -> None:
    # the office network may be offline: no icon (e.g. a page icon ":material/balance:"), font or script may come
    # from a CDN such as fonts.gstatic.com
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_page(page, server.url + path, charts=1 if path != "/data" else 0)
    page.wait_for_timeout(1500)
    outside = [url for url in asked if not url.startswith((server.url, "data:", "blob:"))]
    assert asked and not outside, outside


def test_the_chart_code_comes_from_this_server_once(server, page) -> None:
    # Streamlit's Plotly chart code is one module of this server, loaded once however many charts the page has
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_page(page, server.url + "/", charts=4)
    chunks = [url for url in asked if re.search(r"/static/js/PlotlyChart\.[^/]+\.js$", url)]
    assert len(chunks) == 1 and chunks[0].startswith(server.url), chunks
    assert_no_exception(page)
