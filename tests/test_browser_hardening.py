"""In a real browser: text from a register never runs as script, and a guest cannot open Unggah or Audit by URL.

A register whose cells carry script in every form a browser would run (a ``<script>`` element, event
handlers on ``img``/``svg``/``body``, a ``javascript:`` link, an ``iframe`` with its own document) is loaded;
every page is opened as a guest and as staff (who see names). Each payload would set ``window.__ran`` or open
a dialog: neither may happen. A guest typing the address of the upload or audit page gets neither page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.pipeline import load_paths
from netralitas import accounts
from pages.shared.startup import PAGES
from tests.conftest import StreamlitServer, wait_for_app
from tests.registers import new_workbook, put_rows

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PASSWORD = "Sandi-Kantor-2024"
SCRIPTS = [
    "<script>window.__ran='script'</script>",
    "<img src=x onerror=\"window.__ran='img'\">",
    "<svg onload=\"window.__ran='svg'\"></svg>",
    "<body onload=\"window.__ran='body'\">",
    "[klik](javascript:window.__ran='md')",
    "<a href=\"javascript:window.__ran='a'\">tautan</a>",
    "<iframe srcdoc=\"<script>parent.__ran='iframe'</script>\"></iframe>",
    "<details open ontoggle=\"alert('toggle')\">",
]
OPEN_PAGES = [url for _path, _title, _icon, url, _default in PAGES if url not in ("unggah", "audit")]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("skrip")
    wb = new_workbook("Pemilu 2024")
    header = ["No. Reg", "Tgl Temuan", "Nama", "NIP", "Status Kepegawaian", "Jabatan", "Unit Kerja", "Kecamatan",
              "Jenis Pelanggaran", "Status Penanganan", "Sanksi", "Keterangan"]  # fmt: skip
    rows = [[f"S-{i}", f"2024-01-1{i % 9}", text, "", "PNS", text, text, text, text, text, text, text]
            for i, text in enumerate(SCRIPTS)]  # fmt: skip
    put_rows(wb.active, [header, *rows])
    wb.save(folder / "register_skrip.xlsx")
    db = folder / "netralitas.duckdb"
    assert all(r.ok for r in load_paths([folder / "register_skrip.xlsx"], db))
    return db


@pytest.fixture(scope="module")
def signin_server(hostile_db: Path):
    """The app with an account: staff sign in (and see names)."""
    users = hostile_db.parent / "pengguna.json"
    trail = hostile_db.parent / "audit.sqlite"
    accounts.add_user("budi", "staf", PASSWORD, path=users, audit_db=trail)
    server = StreamlitServer(hostile_db, {"NETRALITAS_USERS": str(users), "NETRALITAS_AUDIT_DB": str(trail)})
    yield server
    server.stop()


@pytest.fixture(scope="module")
def open_server(hostile_db: Path):
    """The app in its open mode (no account: everyone a guest)."""
    server = StreamlitServer(hostile_db)
    yield server
    server.stop()


def _watch(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


def _visit_every_page(page, url: str, dialogs: list[str]) -> None:
    for path in OPEN_PAGES:
        page.goto(f"{url}/{path}")
        wait_for_app(page, timeout=60_000)
        page.wait_for_timeout(700)
        ran = page.evaluate("() => window.__ran === undefined ? null : String(window.__ran)")
        assert ran is None, (path, ran)
        assert page.locator("[data-testid='stMain'] script, [data-testid='stMain'] iframe[srcdoc]").count() == 0, path
    assert dialogs == []


def test_register_text_never_runs_as_script_for_a_guest(open_server, page) -> None:
    dialogs = _watch(page)
    page.goto(open_server.url + "/")
    wait_for_app(page, timeout=60_000)
    _visit_every_page(page, open_server.url, dialogs)


def test_register_text_never_runs_as_script_for_staff(signin_server, page) -> None:
    dialogs = _watch(page)
    page.goto(signin_server.url + "/")
    page.wait_for_selector("text=Kata sandi", timeout=60_000)
    page.get_by_label("Nama pengguna").fill("budi")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_selector(".st-key-navigasi", timeout=60_000)  # the sidebar's page links
    _visit_every_page(page, signin_server.url, dialogs)


def test_a_guest_cannot_open_upload_or_audit_by_url(open_server, page) -> None:
    dialogs = _watch(page)
    page.goto(open_server.url + "/")
    wait_for_app(page, timeout=60_000)
    for path in ("unggah", "audit"):
        page.goto(f"{open_server.url}/{path}")
        wait_for_app(page, timeout=60_000)
        page.wait_for_timeout(700)
        assert page.locator("input[type='file']").count() == 0, path
        assert page.get_by_text("Jejak Audit").count() == 0, path
        assert page.get_by_role("link", name="Unggah Data").count() == 0
        assert page.get_by_role("link", name="Audit").count() == 0
    assert dialogs == []
