"""The read-only connection a page is drawn from, for tests that build its downloads directly."""

from __future__ import annotations

from pathlib import Path

import duckdb

from netralitas import db


def shown_db(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection on ``path``, as the page's own (the download builders take their cursors from it)."""
    return db.connect_readonly(path)
