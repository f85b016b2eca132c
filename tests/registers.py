"""Helpers that write small registers with openpyxl for the loader tests, and read loaded rows back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import duckdb
import openpyxl


def put_rows(ws, rows: Iterable[Sequence[object]], start_row: int = 1) -> int:
    """Write rows from ``start_row``; strings starting with '=' are stored as text, never as formulas.

    Returns the next free row number.
    """
    r = start_row
    for row in rows:
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
        r += 1
    return r


def new_workbook(title: str | None = None):
    """A workbook whose first sheet is named ``title`` (when given)."""
    wb = openpyxl.Workbook()
    if title:
        wb.active.title = title
    return wb


def fetch_rows(db_path: Path, sql: str = "SELECT * FROM violations ORDER BY source_file, source_sheet, source_row",
               params: list | None = None) -> list[dict]:
    """Rows of a query on the database file as dicts."""
    with contextlib.closing(duckdb.connect(str(db_path), read_only=True)) as con:
        cur = con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def scalar(db_path: Path, sql: str, params: list | None = None):
    """One value of a query on the database file."""
    with contextlib.closing(duckdb.connect(str(db_path), read_only=True)) as con:
        return con.execute(sql, params or []).fetchone()[0]


def table_snapshot(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of the contract tables, sorted, for "the database is unchanged" checks."""
    out = {}
    with contextlib.closing(duckdb.connect(str(db_path), read_only=True)) as con:
        for table in ("violations", "prevention_activities", "load_batches", "rejected_rows", "quality_notes"):
            rows = con.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608 - constant names
            out[table] = sorted(rows, key=repr)
    return out


def write_register(path: Path, people: list[tuple[str, str]], sheet: str = "Pemilu 2024") -> Path:
    """A small register: one sheet, one row per (register number, name), all PNS with a light sanction."""
    wb = new_workbook(sheet)
    put_rows(wb.active, [["No. Reg", "Nama", "Status Kepegawaian", "Sanksi"]]
             + [[reg, name, "PNS", "teguran lisan"] for reg, name in people])
    wb.save(path)
    return path


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``python -m loaders`` in-process: (exit status, stdout, stderr)."""
    import io

    from loaders import cli

    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(args), stdout=out, stderr=err)
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code)
    return code, out.getvalue(), err.getvalue()
