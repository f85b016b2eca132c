"""Dasbor Netralitas ASN — Bawaslu Kota Semarang. Entry point: ``streamlit run app.py``.

Builds the database from the bundled workbooks on first start, then serves the pages of ``pages/``
(:mod:`pages.shared.startup`).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # so that `pages`, `netralitas` and `loaders` import from any working directory
    sys.path.insert(0, str(ROOT))

from pages.shared.startup import start  # noqa: E402

if __name__ == "__main__":  # Streamlit runs this file as __main__ on every script run
    start()
