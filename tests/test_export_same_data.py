"""A download holds the data the screen showed when its button was drawn: a load that replaces the database
between drawing the page and clicking the button does not change the file (its rows, its filter line, its audit
row) — the file is made from the same database version as the figures on screen."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from netralitas import db, demo_removal, queries
from netralitas.queries import Filters, Viewer
from pages.shared import downloads

pytestmark = pytest.mark.integration


def _persons(path: Path) -> int:
    with contextlib.closing(db.connect_readonly(path)) as con:
        return queries.total_persons(con, Filters())


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_download_after_a_load_holds_what_the_screen_showed(tmp_path: Path, bundled_db: Path, kind: str) -> None:
    path = tmp_path / "netralitas.duckdb"
    shutil.copy2(bundled_db, path)
    shown = db.connect_readonly(db.reader_snapshot(path))  # the connection the page's figures came from
    try:
        on_screen = queries.total_persons(shown, Filters())
        build = downloads._file_builder(kind, shown, Filters(), Viewer(role="pimpinan"), masked=True)
        demo_removal.remove_demo(path, role="pimpinan")  # a load swaps the live file before the click
        assert _persons(path) < on_screen
        made = build()
    finally:
        shown.close()
    assert made.rows == on_screen
