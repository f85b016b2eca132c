"""Shared test fixtures: real DuckDB files built by the real loader, and a real Streamlit server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    from tests.snapshot import UPDATE_ENV, UPDATE_OPTION

    parser.addoption(UPDATE_OPTION, action="store_true", default=False,
                     help=f"rewrite the files under tests/snapshots/ from the current outputs (also: {UPDATE_ENV}=1)")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the running app in headless Chromium")
    config.addinivalue_line("markers", "slow: takes seconds on its own (LibreOffice, large files, subprocesses, "
                                       "many generated examples, every page in turn); left out of the fast loop")
    config.addinivalue_line("markers", "integration: runs the real loader, DuckDB and pages or outputs end to end")


@pytest.fixture(scope="session")
def snapshot(request: pytest.FixtureRequest):
    """Compares outputs with the files under tests/snapshots/ (rewrites them with --update-snapshots)."""
    from tests.snapshot import UPDATE_ENV, UPDATE_OPTION, Snapshots

    update = bool(request.config.getoption(UPDATE_OPTION)) or os.environ.get(UPDATE_ENV, "") not in ("", "0")
    return Snapshots(update)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small register of tests/fixture_register.py loaded by the real loader at a fixed time."""
    from tests import fixture_register

    return fixture_register.build_database(tmp_path_factory.mktemp("uji"))


@pytest.fixture(autouse=True)
def _own_accounts_and_audit(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own (empty) user file, roles file, audit trail, office word mapping and signatory
    settings, so accounts made on this machine never switch the app under test to sign-in, audit rows of one test
    never reach another, and words mapped on this machine never change what a test loads."""
    folder = tmp_path_factory.mktemp("akun")
    monkeypatch.setenv("NETRALITAS_USERS", str(folder / "pengguna.json"))
    monkeypatch.setenv("NETRALITAS_ROLES", str(folder / "peran.toml"))
    monkeypatch.setenv("NETRALITAS_AUDIT_DB", str(folder / "audit.sqlite"))
    monkeypatch.setenv("NETRALITAS_WORD_MAP", str(folder / "pemetaan_kata.toml"))
    monkeypatch.setenv("NETRALITAS_SIGNATORIES", str(folder / "penandatangan.json"))
    return folder


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database loaded from the bundled workbooks in data/ by the real loader."""
    from loaders.pipeline import load_paths

    path = tmp_path_factory.mktemp("bundled") / "netralitas.duckdb"
    results = load_paths([ROOT / "data"], path)
    assert results and all(r.ok for r in results), [r.error for r in results]
    return path


@pytest.fixture()
def empty_db(tmp_path: Path) -> Path:
    """A database in use but holding no person: a register with only its header row was loaded.

    (A database file with no load at all is rebuilt from data/ by the app on start, by design.)
    """
    import openpyxl

    from loaders.pipeline import load_paths

    register = tmp_path / "register_kosong.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["No. Reg", "Nama", "NIP", "Status Kepegawaian"])
    wb.save(register)
    path = tmp_path / "kosong.duckdb"
    results = load_paths([register], path)
    assert results[0].ok and results[0].rows_loaded == 0
    return path


def free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StreamlitServer:
    """A headless ``streamlit run app.py`` on a free localhost port."""

    def __init__(self, db_path: Path, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        own = {"NETRALITAS_USERS": str(db_path.parent / "pengguna-uji.json"),  # no account: runs open
               "NETRALITAS_ROLES": str(db_path.parent / "peran-uji.toml"),
               "NETRALITAS_AUDIT_DB": str(db_path.parent / "audit-uji.sqlite"),
               "NETRALITAS_WORD_MAP": str(db_path.parent / "pemetaan-kata-uji.toml"),
               "NETRALITAS_SIGNATORIES": str(db_path.parent / "penandatangan-uji.json")}
        env = {**os.environ, "NETRALITAS_DB": str(db_path), **own, **(extra_env or {})}
        self.log = db_path.parent / f"streamlit-{self.port}.log"
        self._log_fh = self.log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self._log_fh, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"Streamlit did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        """Stop the server."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log_fh.close()


@pytest.fixture(scope="session")
def app_server(bundled_db: Path) -> Iterator[StreamlitServer]:
    """The app running on the bundled data."""
    server = StreamlitServer(bundled_db)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (skipped where Chromium is not installed)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it")
        pytest.skip("Chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A fresh browser page at 1366×768."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID", accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the page script."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMain\"] *').length > 20",
        timeout=timeout,
    )
    page.wait_for_timeout(500)


@pytest.fixture(scope="session")
def prevention_db(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture register's database with the prevention activities of tests/prevention_fixture.py added."""
    from tests import prevention_fixture

    return prevention_fixture.with_activities(fixture_db, tmp_path_factory.mktemp("pencegahan"))
