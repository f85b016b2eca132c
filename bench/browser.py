"""Cold-start benchmark: ``streamlit run app.py`` launched → the first Plotly chart visible in headless Chromium.

Each run starts a fresh Streamlit server (a new process: empty caches, no open connection) on a free port with
``NETRALITAS_DB`` set, waits for its health check, opens the page in a fresh browser context (no HTTP cache) and
waits until the first ``.js-plotly-plot`` is visible. The browser itself is launched once, before the clock
(a user's browser is already open). Reported: the total, and its two parts (server ready; page to chart).
Baseline: the same for ``bench/naive_app.py`` (which must read the whole table into pandas first).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.common import PROJECT_ROOT, median

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHART_SELECTOR = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def cold_start_once(browser, db: str, script: str, log_dir: Path, timeout: float = 180.0) -> dict:
    """One cold start: seconds to server ready, to first chart, and in total."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NETRALITAS_DB": db}
    log_path = log_dir / f"streamlit-{port}.log"
    with log_path.open("w") as log_fh:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=PROJECT_ROOT, env=env, stdout=log_fh, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = started + timeout
            while True:
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                        if resp.status == 200:
                            break
                except OSError:
                    pass
                if proc.poll() is not None or time.perf_counter() > deadline:
                    raise RuntimeError(f"Streamlit did not start: {log_path.read_text()[-1500:]}")
                time.sleep(0.05)
            ready = time.perf_counter()
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
            try:
                page = context.new_page()
                page.goto(url, wait_until="commit")
                page.wait_for_selector(CHART_SELECTOR, state="visible", timeout=timeout * 1000)
                chart = time.perf_counter()
            finally:
                context.close()
        finally:
            _stop(proc)
    return {"server_ready": ready - started, "page_to_chart": chart - ready, "total": chart - started}


def measure(db: str, scripts: dict[str, str], runs: int, log_dir: str) -> dict:
    """``runs`` cold starts of each script (interleaved), in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[dict]] = {name: [] for name in scripts}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(runs):
                for name, script in scripts.items():
                    out[name].append(cold_start_once(browser, db, script, Path(log_dir)))
        finally:
            browser.close()
    summary = {}
    for name, samples in out.items():
        summary[name] = {
            "runs": samples,
            "total_p50": median([s["total"] for s in samples]),
            "server_ready_p50": median([s["server_ready"] for s in samples]),
            "page_to_chart_p50": median([s["page_to_chart"] for s in samples]),
        }
    return summary


def run(sizes: list[int], quick: bool = False, log=print, out_dir=None) -> dict:
    """The cold-start section, on the database of each size (default 100,000 persons)."""
    from bench.common import run_child
    from bench.data import OUT_DIR, ensure_database
    from bench.rerun import APP, NAIVE_APP

    if not Path(CHROMIUM).exists():
        return {"missing": f"Chromium not found at {CHROMIUM}", "sizes": []}
    out_dir = out_dir or OUT_DIR
    log_dir = out_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for n in sizes:
        path = ensure_database(n, out_dir, log=log)
        runs = 1 if quick else 5
        result = run_child(
            "bench.browser:measure",
            {"db": str(path), "scripts": {"ours": str(APP), "naive": str(NAIVE_APP)}, "runs": runs,
             "log_dir": str(log_dir)},
        )  # fmt: skip
        for name in ("ours", "naive"):
            r = result[name]
            log(
                f"    cold start {n:>9,} {name:<5} total p50 {r['total_p50']:6.2f} s "
                f"(server {r['server_ready_p50']:5.2f} s + page→chart {r['page_to_chart_p50']:5.2f} s)"
            )
        entries.append({"persons": n, "runs": runs, "ours": result["ours"], "naive": result["naive"]})
    return {"sizes": entries}
