"""Registers of hostile strings (tests/hostile.py: a case register and a prevention register), loaded by the real
loader, on every page in headless Chromium — Pencegahan and Siklus's prevention markers included — as a guest (the
open app) and as staff (signed in; they also upload a hostile file of each kind and see its dry run and load).

On every page the charts' tabs are opened, expanders opened, a bar of the agency chart hovered and clicked, and on
Data Kasus a row ticked to open the full record. Then:

* no element comes from the data: no attribute that fetches, links, styles or runs (src, href, action, style, on…)
  carries a payload marker; no <style>/<script> holds one; no element's whole text is a marker (markup that came
  alive: bold, italic, code, heading, icon, coloured text, formula); no Streamlit logo, emoji, KaTeX formula or
  right-to-left override from the data;
* no request leaves the app's origin (only the app, data: and blob: URLs);
* and the hostile text is there, literally: in the record view, the upload report and the agency chart's labels.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from loaders.pipeline import load_paths
from tests.conftest import StreamlitServer, wait_for_app
from tests.hostile import (
    MARKER,
    PAYLOADS,
    UPLOAD_NAME,
    UPLOAD_PREVENTION_NAME,
    hostile_prevention_workbook,
    hostile_workbook,
    write_hostile_prevention_register,
    write_hostile_register,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.integration]

SHOTS = Path(__file__).resolve().parent / "screenshots"
STAFF_USER, STAFF_PASSWORD = "staf.uji", "Sandi-Uji-Hostile-2024"
# url path → title in the page list (a signed-in visit moves through the page list: a reload asks to sign in again)
PAGES = {"": "Ringkasan", "siklus": "Siklus Pemilihan", "pelaku": "Pelaku", "sanksi": "Sanksi & Tindak Lanjut",
         "supervisi": "Laporan Supervisi", "data": "Data Kasus", "kualitas": "Kualitas Data",
         "pencegahan": "Pencegahan"}

# Runs in the page: every trace of markup from the data that came alive.
FIND_LIVE_MARKUP = r"""(marker) => {
  const found = [];
  const hasMarker = (s) => (s || '').toLowerCase().includes(marker);
  const active = /^(src|srcset|href|xlink:href|action|formaction|style|poster|data|background|ping|on.*)$/i;
  const risky = new Set(['iframe', 'frame', 'form', 'img', 'image', 'script', 'style', 'object', 'embed', 'input',
                         'link', 'meta', 'base', 'a', 'video', 'audio', 'source', 'svg', 'use']);
  // text, never markup: labels for assistive technology, a select box's current choice
  const label = new Set(['aria-label', 'title', 'value', 'placeholder']);
  const describe = (el) => el.outerHTML.slice(0, 200);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName;
    for (const attr of el.attributes) {
      const icon = attr.name === 'aria-label' && el.getAttribute('role') === 'img';  // :material/…: icons
      if (hasMarker(attr.value) && (active.test(attr.name) || (risky.has(tag) && !label.has(attr.name)) || icon))
        found.push('attribute ' + attr.name + ': ' + describe(el));
    }
    if ((tag === 'style' || tag === 'script') && hasMarker(el.textContent)) found.push('element: ' + describe(el));
    const whole = (el.textContent || '').replace(/\u2060/g, '').trim();
    if (new RegExp('^' + marker + '[a-z]*$', 'i').test(whole) && !['html', 'body'].includes(tag))
      found.push('formatted from data: ' + describe(el));
    if (tag === 'img' && el.getAttribute('alt') === 'Streamlit logo') found.push('streamlit logo: ' + describe(el));
  }
  if (document.querySelector('.katex, .katex-display, math')) found.push('formula: '
      + document.querySelector('.katex, .katex-display, math').outerHTML.slice(0, 200));
  const text = document.body.innerText;
  if (text.includes('\u202e')) found.push('right-to-left override in the page text');
  if (text.includes('\u{1F604}')) found.push('emoji from a shortcode');
  for (const name of ['zqscript', 'zqonerror', 'zqjs']) if (window[name]) found.push('script ran: ' + name);
  const bg = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor;
  if (bg === 'rgb(255, 0, 0)') found.push('page restyled');
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding only the hostile registers (cases and prevention activities), loaded by the real
    loader."""
    folder = tmp_path_factory.mktemp("hostile")
    db_path = folder / "netralitas.duckdb"
    results = load_paths([write_hostile_register(folder), write_hostile_prevention_register(folder)], db_path)
    for result in results:
        assert result.ok and result.rows_loaded == 2 * len(PAYLOADS) and result.rows_rejected == 1, result
    return db_path


@pytest.fixture()
def own_copy(hostile_db: Path, tmp_path: Path) -> Path:
    """A private copy of the hostile database (staff uploads into it)."""
    path = tmp_path / "netralitas.duckdb"
    shutil.copyfile(hostile_db, path)
    return path


@pytest.fixture()
def guest_server(own_copy: Path) -> Iterator[StreamlitServer]:
    server = StreamlitServer(own_copy)
    yield server
    server.stop()


@pytest.fixture()
def staff_server(own_copy: Path, tmp_path: Path) -> Iterator[StreamlitServer]:
    from netralitas import accounts

    users, trail = tmp_path / "pengguna.json", tmp_path / "audit.sqlite"
    accounts.add_user(STAFF_USER, "staf", STAFF_PASSWORD, path=users, audit_db=trail)
    server = StreamlitServer(own_copy, {"NETRALITAS_USERS": str(users), "NETRALITAS_AUDIT_DB": str(trail)})
    yield server
    server.stop()


class Visit:
    """One browser context on the app: records every request and the markup found on each page."""

    def __init__(self, browser, server: StreamlitServer) -> None:
        self.server = server
        self.context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.found: dict[str, list[str]] = {}
        self.signed_in = False
        self.last_dry_run = ""

    def sign_in(self, user: str, password: str) -> None:
        self.open("")
        self.page.get_by_label("Nama pengguna").fill(user)
        self.page.get_by_label("Kata sandi").fill(password)
        self.page.get_by_role("button", name="Masuk").click()
        self.page.locator(".st-key-navigasi").wait_for(timeout=60_000)
        wait_for_app(self.page, timeout=60_000)
        self.signed_in = True

    def open(self, path: str, title: str = "") -> None:
        if self.signed_in:
            self.page.locator(".st-key-navigasi").get_by_role("link", name=title, exact=True).click()
            self.page.wait_for_url(re.compile(rf"/{re.escape(path)}(\?.*)?$"), timeout=60_000)
        else:
            self.page.goto(f"{self.server.url}/{path}")
        wait_for_app(self.page, timeout=60_000)
        self.page.wait_for_timeout(1_000)  # charts are drawn after the script has finished

    def select_tab(self, tab) -> None:
        """Open a tab (a click while the page is still settling can be lost: try again)."""
        for _ in range(4):
            tab.click()
            wait_for_app(self.page, timeout=60_000)
            if tab.get_attribute("aria-selected") == "true":
                self.page.wait_for_timeout(1_000)
                return
        raise AssertionError(f"tab {tab.inner_text()} does not open")

    def check(self, where: str) -> None:
        """Look for live markup now; wait a moment first for images and frames to be asked for."""
        self.page.wait_for_timeout(600)
        found = self.page.evaluate(FIND_LIVE_MARKUP, MARKER)
        if found:
            self.found.setdefault(where, []).extend(found)
        SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"hostile_{re.sub(r'[^a-z0-9]+', '_', where.lower())}.png"))

    def expect(self, where: str, ok: bool, what: str) -> None:
        """Note a text that is not shown as written (reported with the live markup, at the end)."""
        if not ok:
            self.found.setdefault(where, []).append(what)

    def open_expanders(self) -> None:
        for summary in self.page.locator("[data-testid='stMain'] [data-testid='stExpander'] summary").all():
            try:
                summary.click(timeout=3_000)
            except Exception:  # noqa: BLE001 - an expander hidden in a closed tab
                continue
        self.page.wait_for_timeout(300)

    def hover_and_click_bar_of(self, chart_key: str, label_start: str) -> bool:
        """Hover over (hover labels are drawn then) and click the bar on the same line as the tick label that
        starts with ``label_start``; False if there is none."""
        chart = self.page.locator(f"[class*='st-key-{chart_key}'] .js-plotly-plot")
        ticks = [t for t in chart.locator(".ytick text").all()
                 if t.text_content().replace("\u2060", "").startswith(label_start)]
        tick = ticks[0].bounding_box() if ticks else None
        if not tick:
            return False
        middle = tick["y"] + tick["height"] / 2
        bars = [b for b in (p.bounding_box() for p in chart.locator(".trace.bars .point path").all())
                if b and b["width"] > 3 and b["y"] <= middle <= b["y"] + b["height"]]
        if not bars:
            return False
        x, y = bars[0]["x"] + bars[0]["width"] / 2, middle
        self.page.mouse.move(x, y)
        self.page.wait_for_timeout(500)
        self.check(f"hover {chart_key}")
        self.page.mouse.click(x, y)
        self.page.wait_for_timeout(500)
        wait_for_app(self.page, timeout=60_000)
        return True

    def visit_every_page(self, role: str) -> None:
        for path, title in PAGES.items():
            self.open(path, title)
            self.open_expanders()
            self.check(f"{role} /{path}")
            tabs = self.page.locator("[data-testid='stMain'] [role='tab']")
            for i in range(tabs.count()):
                self.select_tab(tabs.nth(i))
                self.open_expanders()
                self.check(f"{role} /{path} tab {i}")
            if path == "pelaku":
                self.select_tab(self.page.get_by_role("tab", name="Instansi"))
                self.expect(f"{role} /pelaku", self.agency_labels_shown_literally(),
                            "agency tick labels not shown as written")
                assert self.hover_and_click_bar_of("chart_pelaku_instansi", "![zqmdimg]")
                self.page.get_by_text("pilihan:").first.wait_for(timeout=30_000)
                self.check(f"{role} /pelaku selection")
            if path == "data":
                self.tick_first_row()
                self.open_expanders()
                self.check(f"{role} /data record")
                self.expect(f"{role} /data record", self.record_shows_payloads_literally(),
                            "record view does not show the register text as written")

    def agency_labels_shown_literally(self) -> bool:
        """The agency chart's tick labels show the short payload exactly as written (total after it)."""
        labels = self.page.locator("[class*='st-key-chart_pelaku_instansi'] .ytick text").all_text_contents()
        return any(label.replace("\u2060", "").startswith(PAYLOADS["short"]) for label in labels)

    def tick_first_row(self) -> None:
        """Tick the first row of the Data Kasus table (again if the click was lost) and wait for its record."""
        grid = self.page.locator("[data-testid='stDataFrame']").first
        box = grid.bounding_box()
        assert box
        for _ in range(4):
            self.page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the selection box of the first row
            try:
                self.page.get_by_text("Rincian:").first.wait_for(timeout=10_000)
                break
            except Exception:  # noqa: BLE001 - Playwright's timeout: the click was lost, click again
                continue
        else:
            raise AssertionError("the record view does not open")
        wait_for_app(self.page, timeout=60_000)

    def record_shows_payloads_literally(self) -> bool:
        """At least half the payloads appear in the record view exactly as written (the row holds one per text
        column; a guest's record hides the name and NIP)."""
        record = self.page.locator(".st-key-rincian").inner_text().replace("\u2060", "")
        shown = [name for name, payload in PAYLOADS.items() if payload.replace("\u202e", "[U+202E]") in record]
        return len(shown) >= len(PAYLOADS) // 2

    def upload_and_load(self, path: Path, where: str) -> None:
        """Upload ``path`` on Unggah Data, check its dry run (kept in :attr:`last_dry_run`), load it and check the
        report of the load; both show the file name as written."""
        self.open("unggah", "Unggah Data")
        self.page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
        self.wait_for_text(".st-key-uji_coba", f"Uji coba: {path.name}")
        self.page.get_by_role("button", name="Muat ke basis data").wait_for(timeout=60_000)
        wait_for_app(self.page, timeout=60_000)
        self.open_expanders()
        self.check(f"{where} dry run")
        self.last_dry_run = self.page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")
        self.expect(f"{where} dry run", f"Uji coba: {path.name}" in self.last_dry_run, "file name not shown as written")
        self.page.get_by_role("button", name="Muat ke basis data").click()
        self.page.locator(".st-key-hasil_muat").wait_for(timeout=60_000)
        wait_for_app(self.page, timeout=60_000)
        self.open_expanders()
        self.check(f"{where} loaded")
        loaded = self.page.locator(".st-key-hasil_muat").inner_text().replace("\u2060", "")
        self.expect(f"{where} loaded", path.name in loaded, "file name not shown as written")

    def wait_for_text(self, selector: str, text: str) -> None:
        """Wait until the element ``selector`` shows ``text`` (word joiners aside)."""
        self.page.wait_for_function(
            "([selector, text]) => { const el = document.querySelector(selector);"
            " return !!el && el.innerText.replace(/\u2060/g, '').includes(text); }",
            arg=[selector, text], timeout=60_000)

    def report(self) -> str:
        lines = [f"{where}: {what}" for where, items in self.found.items() for what in dict.fromkeys(items)]
        return "\n".join(lines + [f"request outside the app: {url}" for url in self.outside_requests()])

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith((self.server.url, "data:", "blob:", "about:"))]


def test_hostile_register_as_guest(browser, guest_server: StreamlitServer) -> None:
    visit = Visit(browser, guest_server)
    try:
        visit.visit_every_page("tamu")
        assert visit.requests
        assert not visit.found and not visit.outside_requests(), visit.report()
    finally:
        visit.context.close()


def test_hostile_register_as_staff_with_upload(browser, staff_server: StreamlitServer, tmp_path: Path) -> None:
    visit = Visit(browser, staff_server)
    try:
        visit.sign_in(STAFF_USER, STAFF_PASSWORD)
        visit.visit_every_page("staf")

        # the upload page: a hostile file of each kind under a hostile name, its dry run, then the load and its report
        upload = tmp_path / "unggah"
        upload.mkdir()
        hostile_workbook().save(upload / UPLOAD_NAME)
        visit.upload_and_load(upload / UPLOAD_NAME, "staf /unggah")
        hostile_prevention_workbook().save(upload / UPLOAD_PREVENTION_NAME)
        visit.upload_and_load(upload / UPLOAD_PREVENTION_NAME, "staf /unggah pencegahan")
        visit.expect("staf /unggah pencegahan", f"{2 * len(PAYLOADS)} kegiatan pencegahan" in visit.last_dry_run,
                     "the file is not read as a prevention register")

        assert visit.requests
        assert not visit.found and not visit.outside_requests(), visit.report()
    finally:
        visit.context.close()
