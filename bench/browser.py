"""Cold-start benchmark: ``streamlit run app.py`` launched → the first Plotly chart visible in headless Chromium.

Each run starts a fresh Streamlit server (a new process: empty caches, no open connection) on a free port with
``NETRALITAS_DB`` set, waits for its health check, opens the page in a fresh browser context (no HTTP cache) and
waits until the first ``.js-plotly-plot`` is visible. The browser itself is launched once, before the clock
(a user's browser is already open). Reported: the total, its two parts (server ready; page to chart) and a
timeline of the run (:data:`TIMELINE`). Baseline: the same for ``bench/naive_app.py`` (which must read the whole
table into pandas first).

When the chart became visible is taken in the page itself: a script checks on every animation frame whether the
first chart is visible (the same test as Playwright's ``state="visible"``: a non-empty box, not hidden) and notes
the time. Playwright's ``wait_for_selector`` does not stop the clock: it polls every 500 ms after its first few
tries, and each poll is a script run in a page that is busy drawing, so it returns late (how late is in the
timeline: *Playwright noticed*). When the benchmark's own wait (polling every 50 ms) returned is still recorded
(``noticed``). Page times are turned into seconds since launch through
``performance.timeOrigin`` (both clocks are the system's wall clock).
"""

from __future__ import annotations

import json
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

# Timeline points of one cold start (seconds since launch), in order, with their labels in the report.
TIMELINE = (
    ("server_ready", "server ready"),
    ("html_loaded", "HTML loaded"),
    ("ws_open", "websocket open"),
    ("first_delta", "first element received"),
    ("plotly_requested", "Plotly code requested"),
    ("plotly_loaded", "Plotly code loaded"),
    ("chart_received", "first chart received"),
    ("chart", "first chart visible"),
)

# Server-side points, measured only with ``trace_server`` (``python -m bench.browser --trace-server``).
SERVER_TIMELINE = (
    ("script_started", "server: script run started"),
    ("first_element_sent", "server: first element sent"),
    ("chart_sent", "server: first chart sent"),
    ("script_finished", "server: script run finished"),
)

# Installed in every page of the benchmark's browser context before Streamlit's own code runs: notes when the
# websocket opens and when each message arrives, and (on every animation frame) when the first chart is visible.
PAGE_PROBE_JS = """
(() => {
  const probe = (window.__bench = { ws: [], chart: undefined });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const rec = { open: null, messages: [] };
      probe.ws.push(rec);
      this.addEventListener('open', () => { rec.open = performance.now(); });
      this.addEventListener('message', (e) => {
        const d = e.data;
        rec.messages.push([performance.now(), d && (d.byteLength ?? d.size ?? d.length) || 0]);
      });
    }
  };
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility === 'visible'
      && (!el.checkVisibility || el.checkVisibility());
  };
  const frame = () => {
    const el = document.querySelector(__SELECTOR__);
    if (el && visible(el)) { probe.chart = performance.now(); return; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
""".replace("__SELECTOR__", json.dumps(CHART_SELECTOR))

# What the page reports once the chart is visible: its clock's origin, the probe, and the resource timings.
_PAGE_REPORT_JS = """() => ({
  origin: performance.timeOrigin,
  probe: window.__bench,
  html: (performance.getEntriesByType('navigation')[0] || {}).responseEnd,
  plotly: performance.getEntriesByType('resource').filter(e => /\\/PlotlyChart\\.[^/]*\\.js$/.test(e.name))
    .map(e => [e.startTime, e.responseEnd])[0] || null,
})"""


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


def message_kind(payload: bytes) -> str:
    """What a Streamlit websocket message is: the ``ForwardMsg`` type, ``el:<type>`` for a new element."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    try:
        msg.ParseFromString(payload)
    except Exception:  # noqa: BLE001 - not a ForwardMsg: named, not fatal
        return "?"
    kind = msg.WhichOneof("type") or "?"
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        return "el:" + (msg.delta.new_element.WhichOneof("type") or "?")
    return kind


def page_timeline(report: dict, kinds: list[tuple[str, int]], launched_wall: float) -> dict[str, float | None]:
    """Timeline points (seconds since launch) from the page's report and the kinds of the messages received.

    ``report`` is what :data:`_PAGE_REPORT_JS` returns; ``kinds`` the (kind, size) of each websocket message in
    the order received (from the browser's protocol, which sees the same messages as the page); the page's
    arrival time of each message is matched to its kind by position, up to the first message whose size differs.
    """

    def since_launch(ms: float | None) -> float | None:
        return None if ms is None else (report["origin"] + ms) / 1000.0 - launched_wall

    probe = report.get("probe") or {}
    ws = (probe.get("ws") or [{}])[0]
    arrived = ws.get("messages") or []
    matched: list[tuple[float, str]] = []
    for (t, size), (kind, kind_size) in zip(arrived, kinds, strict=False):
        if size != kind_size:  # the two lists no longer line up: nothing after this is named
            break
        matched.append((t, kind))
    plotly = report.get("plotly") or [None, None]
    return {
        "html_loaded": since_launch(report.get("html")),
        "ws_open": since_launch(ws.get("open")),
        "first_delta": since_launch(next((t for t, k in matched if k.startswith("el:")), None)),
        "plotly_requested": since_launch(plotly[0]),
        "plotly_loaded": since_launch(plotly[1]),
        "chart_received": since_launch(next((t for t, k in matched if k == "el:plotly_chart"), None)),
        "chart": since_launch(probe.get("chart")),
    }


def server_timeline(trace: Path, launched_wall: float) -> dict[str, float | None]:
    """Server-side points (seconds since launch) from a trace written by :mod:`bench.streamlit_traced`."""
    events = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()] if trace.exists() else []

    def first(match) -> float | None:
        return next((wall - launched_wall for wall, what, detail in events if match(what, detail)), None)

    return {
        "script_started": first(lambda what, detail: what == "script" and detail == "SCRIPT_STARTED"),
        "first_element_sent": first(lambda what, detail: what == "send" and detail.startswith("el:")),
        "chart_sent": first(lambda what, detail: what == "send" and detail == "el:plotly_chart"),
        "script_finished": first(lambda what, detail: what == "script" and detail.startswith("SCRIPT_STOPPED")),
    }


def cold_start_once(
    browser, db: str, script: str, log_dir: Path, timeout: float = 180.0, trace_server: bool = False
) -> dict:
    """One cold start: seconds to server ready, to first chart, and in total, and the run's timeline.

    ``trace_server``: start the server through :mod:`bench.streamlit_traced` and add its script run and sends
    to the timeline (:data:`SERVER_TIMELINE`); for investigations, not for the reported figures.
    """
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NETRALITAS_DB": db}
    log_path = log_dir / f"streamlit-{port}.log"
    trace = log_dir / f"trace-{port}.jsonl"
    launcher = ["-m", "streamlit"]
    if trace_server:
        trace.unlink(missing_ok=True)
        env["NETRALITAS_TRACE"] = str(trace)
        launcher = [str(Path(__file__).with_name("streamlit_traced.py"))]
    frames: list[bytes | str] = []  # decoded after the run, so the measuring process stays idle meanwhile
    with log_path.open("w") as log_fh:
        launched_wall = time.time()
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, *launcher, "run", script, "--server.headless", "true",
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
                context.add_init_script(PAGE_PROBE_JS)
                page = context.new_page()
                page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
                page.goto(url, wait_until="commit")
                page.wait_for_function("() => window.__bench && window.__bench.chart !== undefined",
                                       polling=50, timeout=timeout * 1000)  # fmt: skip
                noticed = time.perf_counter()
                report = page.evaluate(_PAGE_REPORT_JS)
            finally:
                context.close()
        finally:
            _stop(proc)
    kinds = [(message_kind(p), len(p)) if isinstance(p, bytes) else ("text", len(p)) for p in frames]
    points = page_timeline(report, kinds, launched_wall)
    chart = points["chart"]
    if chart is None:  # cannot happen once the wait succeeded; kept honest rather than guessed
        raise RuntimeError("the page did not report when its first chart became visible")
    server_ready = ready - started
    timeline = {"server_ready": server_ready, **points}
    if trace_server:
        timeline.update(server_timeline(trace, launched_wall))
    return {
        "server_ready": server_ready,
        "page_to_chart": chart - server_ready,
        "total": chart,
        "noticed": noticed - started,
        "timeline": timeline,
    }


def measure(db: str, scripts: dict[str, str], runs: int, log_dir: str, trace_server: bool = False) -> dict:
    """``runs`` cold starts of each script (interleaved), in one headless Chromium."""
    from playwright.sync_api import sync_playwright
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: F401 - imported now, not during a run

    out: dict[str, list[dict]] = {name: [] for name in scripts}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(runs):
                for name, script in scripts.items():
                    out[name].append(cold_start_once(browser, db, script, Path(log_dir), trace_server=trace_server))
        finally:
            browser.close()
    summary = {}
    for name, samples in out.items():
        summary[name] = {
            "runs": samples,
            "total_p50": median([s["total"] for s in samples]),
            "server_ready_p50": median([s["server_ready"] for s in samples]),
            "page_to_chart_p50": median([s["page_to_chart"] for s in samples]),
            "noticed_p50": median([s["noticed"] for s in samples]),
            "timeline_p50": timeline_medians(samples),
        }
    return summary


def timeline_medians(samples: list[dict]) -> dict[str, float | None]:
    """Median of each timeline point over the runs that have it (None when no run has it)."""
    out: dict[str, float | None] = {}
    for key, _label in TIMELINE + SERVER_TIMELINE:
        values = [s["timeline"][key] for s in samples if s.get("timeline", {}).get(key) is not None]
        if values or key in dict(TIMELINE):
            out[key] = median(values) if values else None
    return out


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


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.browser [NAME=]SCRIPT ...``: interleaved cold starts with their timelines, for
    investigations (the reported figures come from ``python -m bench --only browser``)."""
    import argparse

    from bench.data import OUT_DIR, db_path

    p = argparse.ArgumentParser(prog="python -m bench.browser", description=main.__doc__)
    p.add_argument("scripts", nargs="*", default=["app.py"], help="[NAME=]SCRIPT (default app.py)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--db", help="database (default: the benchmark database of 100,000 persons)")
    p.add_argument("--trace-server", action="store_true", help="also time the server's script run")
    p.add_argument("--json", type=Path, help="write the runs here")
    args = p.parse_args(argv)
    scripts = dict(s.split("=", 1) if "=" in s else (Path(s).stem, s) for s in args.scripts)
    db = args.db or str(db_path(100_000))
    log_dir = OUT_DIR / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    result = measure(db, scripts, args.runs, str(log_dir), trace_server=args.trace_server)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    names = list(result)
    print(f"{'median seconds since launch':<32}" + "".join(f"{n:>12}" for n in names))
    labels = dict(TIMELINE + SERVER_TIMELINE)
    keys = sorted(
        {k for n in names for k, v in result[n]["timeline_p50"].items() if v is not None},
        key=lambda k: min(result[n]["timeline_p50"].get(k) or 1e9 for n in names),
    )
    for key in keys:
        cells = "".join(f"{result[n]['timeline_p50'].get(key) or float('nan'):12.2f}" for n in names)
        print(f"{labels[key]:<32}{cells}")
    for name in names:
        print(f"{name}: first chart visible in every run (s): " + ", ".join(
            f"{run['total']:.2f}" for run in result[name]["runs"]))  # fmt: skip


if __name__ == "__main__":
    main()
