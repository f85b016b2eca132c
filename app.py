"""Dasbor Netralitas ASN — Bawaslu Kota Semarang. Entry point: ``streamlit run app.py``.

Builds the database from the bundled workbooks on first start, then serves the pages below.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
PAGE_ICON = ROOT / "assets" / "ikon.png"
if str(ROOT) not in sys.path:  # so that `pages`, `netralitas` and `loaders` import from any working directory
    sys.path.insert(0, str(ROOT))

from pages._frontend import prefetch_chart_code  # noqa: E402

if __name__ == "__main__":  # before the imports below: the browser loads the chart code while they run
    prefetch_chart_code()

from pages import _auth as auth  # noqa: E402
from pages._common import ensure_database, page_run  # noqa: E402
from pages._filters import page_links  # noqa: E402

# (file, title, icon, url path, default). The URL paths are part of the product: shared links use them.
PAGES = [
    ("pages/ringkasan.py", "Ringkasan", ":material/dashboard:", "", True),
    ("pages/siklus.py", "Siklus Pemilihan", ":material/event:", "siklus", False),
    ("pages/pelaku.py", "Pelaku", ":material/badge:", "pelaku", False),
    ("pages/sanksi.py", "Sanksi & Tindak Lanjut", ":material/gavel:", "sanksi", False),
    ("pages/supervisi.py", "Laporan Supervisi", ":material/summarize:", "supervisi", False),
    ("pages/data.py", "Data Kasus", ":material/table_view:", "data", False),
    ("pages/kualitas.py", "Kualitas Data", ":material/fact_check:", "kualitas", False),
    ("pages/unggah.py", "Unggah Data", ":material/upload_file:", "unggah", False),
    ("pages/audit.py", "Audit", ":material/policy:", "audit", False),
]


def start(run: bool = True) -> None:
    """Configure the app, make sure the database exists, sign-in, navigation; then run the selected page.

    ``run=False`` is used by a page that Streamlit ran directly (see :func:`pages._common.ensure_started`): the
    navigation is registered and the sign-in gate applied, and the page itself goes on rendering.
    """
    prefetch_chart_code()  # a page Streamlit ran directly gets here first (once per session; see pages/_frontend.py)
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
    # each carries the filters of the view (pages/_filters.py).
    navigation = st.navigation(pages, position="hidden")
    if role is None:  # the sign-in form instead of the page; the URL (page, filters) is kept for after sign-in
        auth.sign_in_page()
        st.stop()
    page_links(pages)
    auth.sidebar_account()
    if run:
        with page_run():
            navigation.run()


if __name__ == "__main__":  # Streamlit runs the main script as __main__; pages import this module as `app`
    start()
