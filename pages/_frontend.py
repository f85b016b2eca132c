"""Browser-side start-up help: have the browser fetch the chart code while the server is still building the page.

Streamlit's browser app loads the code that draws Plotly charts (one 4.7 MB file) only when the first chart
arrives, and evaluating it takes a second or more on an office laptop. :func:`prefetch_chart_code`, called at the
very start of a session's first run, asks the browser to load that file right away, so it is ready by the time
the first chart is sent. Nothing is shown; the file comes from this server (it works offline).

Imports nothing heavy: app.py calls this before importing pandas, DuckDB and the pages.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st

_DONE_KEY = "_chart_code_prefetched"

# Streamlit's browser chunks (file name up to the content hash) to load at once. Only the chart code: loading the
# widgets' chunks early as well made no measurable difference (they are small, and load while the server works).
CHUNKS: tuple[str, ...] = ("PlotlyChart",)


@lru_cache(maxsize=8)
def chunk_file(name: str) -> str | None:
    """File name of one of Streamlit's browser chunks (``PlotlyChart`` → ``PlotlyChart.D9Z0_fxz.js``), or None.

    The name carries a content hash that changes with every Streamlit release, so it is looked up in the
    installed package rather than written here.
    """
    js_dir = Path(st.__file__).resolve().parent / "static" / "static" / "js"
    found = sorted(js_dir.glob(f"{name}.*.js"))
    return found[0].name if len(found) == 1 else None


def prefetch_script(files: list[str]) -> str:
    """The ``<script>`` that imports ``files`` (of Streamlit's ``static/js``) in the browser.

    Each address is resolved against Streamlit's own entry script, so it is the very module Streamlit later
    imports (loaded and evaluated once) whatever the page path or ``server.baseUrlPath``.
    """
    imports = "".join(f"import(new URL('./{f}', base).href).catch(() => {{}});" for f in files)
    return (
        "<script>(() => {"
        "const entry = document.querySelector('script[type=\"module\"][src*=\"/static/js/index.\"]');"
        "const base = entry ? entry.src : new URL('static/js/', document.baseURI).href;"
        f"{imports}"
        "})();</script>"
    )


def prefetch_chart_code() -> None:
    """Once per browser session, ask the browser to load Streamlit's Plotly chart code now (see module doc).

    Sent to Streamlit's event container, which takes no space on the page. Does nothing when the chunk cannot
    be found (another Streamlit build) or outside a running app.
    """
    files = [f for f in map(chunk_file, CHUNKS) if f]
    if not files:
        return
    try:
        if st.session_state.get(_DONE_KEY):
            return
        st.session_state[_DONE_KEY] = True
        st._event.html(prefetch_script(files), unsafe_allow_javascript=True)
    except Exception:  # noqa: BLE001 - a missed prefetch only costs time, never the page
        return
