"""The app's start-up and its pages: configuration, database, sign-in, the page list for the role, navigation.

``app.py`` calls :func:`start` on every script run; a page calls :func:`ensure_started` first, for the one case in
which Streamlit runs it without ``app.py``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import streamlit as st

from pages.shared import auth
from pages.shared.database import ensure_database
from pages.shared.filters import page_links

ROOT = Path(__file__).resolve().parents[2]  # the folder of app.py
PAGE_ICON = ROOT / "assets" / "ikon.png"

# (file, title, icon, url path, default). The URL paths are part of the product: shared links use them. Each page
# file is named after its URL path (see ensure_started).
PAGES = [
    ("pages/ringkasan.py", "Ringkasan", ":material/dashboard:", "", True),
    ("pages/siklus.py", "Siklus Pemilihan", ":material/event:", "siklus", False),
    ("pages/pelaku.py", "Pelaku", ":material/badge:", "pelaku", False),
    ("pages/sanksi.py", "Sanksi & Tindak Lanjut", ":material/gavel:", "sanksi", False),
    ("pages/pencegahan.py", "Pencegahan", ":material/shield:", "pencegahan", False),
    ("pages/supervisi.py", "Laporan Supervisi", ":material/summarize:", "supervisi", False),
    ("pages/data.py", "Data Kasus", ":material/table_view:", "data", False),
    ("pages/kualitas.py", "Kualitas Data", ":material/fact_check:", "kualitas", False),
    ("pages/unggah.py", "Unggah Data", ":material/upload_file:", "unggah", False),
    ("pages/audit.py", "Audit", ":material/policy:", "audit", False),
]

_run_state = threading.local()


@contextlib.contextmanager
def _page_run() -> Iterator[None]:
    """Mark that :func:`start` runs the page of this script run (so the page need not start the app itself)."""
    _run_state.started = True
    try:
        yield
    finally:
        _run_state.started = False


def start(run: bool = True) -> None:
    """Configure the app, make sure the database exists, sign-in, navigation; then run the selected page.

    ``run=False`` is used by a page that Streamlit ran directly (see :func:`ensure_started`): the navigation is
    registered and the sign-in gate applied, and the page itself goes on rendering.
    """
    # the page icon is a local picture: a ":material/…:" page icon makes the browser fetch it from a CDN
    st.set_page_config(page_title="Dasbor Netralitas ASN · Bawaslu Kota Semarang", page_icon=str(PAGE_ICON),
                       layout="wide")
    ensure_database()
    role = auth.current_role()  # None: sign-in is configured and nobody has signed in yet
    pages = [
        st.Page(ROOT / path, title=title, icon=icon, url_path=url or None, default=default)
        for path, title, icon, url, default in PAGES
        if (ROOT / path).exists() and auth.page_allowed(url, role)  # e.g. tamu: no upload, only pimpinan: audit
    ]
    # Streamlit's own page list would switch pages without the filters: the sidebar's links are the app's own, and
    # each carries the filters of the view (pages/shared/filters.py).
    navigation = st.navigation(pages, position="hidden")
    if role is None:  # the sign-in form instead of the page; the URL (page, filters) is kept for after sign-in
        auth.sign_in_page()
        st.stop()
    page_links(pages)
    auth.sidebar_account()
    if run:
        with _page_run():
            navigation.run()


def ensure_started() -> None:
    """Give a page the app's start-up when Streamlit ran it without ``app.py``; every page calls this first.

    Streamlit (1.67) decides once per server process, when the first session starts, whether the app is an
    old-style multipage app: it is when a folder named ``pages/`` sits beside the main script, and stays so until
    the first ``st.navigation`` call. In that mode a request runs the file ``pages/<url path>.py`` its URL names
    instead of ``app.py``: the first request after a server start to a deep link such as ``/data?siklus=…`` runs
    ``pages/data.py`` alone — no page configuration, database check, sign-in gate or page list. The page files are
    named after their URL paths so that such a request finds its page, and this call gives that run what
    :func:`start` would have done. In every other run :func:`start` runs the page and this call does nothing.
    """
    if getattr(_run_state, "started", False):
        return
    start(run=False)
