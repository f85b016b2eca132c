"""The export's exact cells: every sheet of the .xlsx as values (read back with openpyxl) and the CSV text, for the
small fixture register, compared with the snapshots under tests/snapshots/export/.

Four downloads people receive: the guest's (names and NIP masked) of all data, staff's unmasked one of one cycle,
"Unduh tabel" under a chart (the chart's table as an extra sheet, and as CSV), and the CSV of the filtered persons.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest

from netralitas import charts, clock, export, queries
from netralitas.queries import Filters, Viewer
from tests import fixture_register

pytestmark = pytest.mark.integration

GUEST = Viewer()
STAFF = Viewer(role="staf", user="uji")
PEMILU = Filters(cycles=("Pemilu 2024",))


@pytest.fixture()
def con(fixture_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with contextlib.closing(duckdb.connect(str(fixture_db), read_only=True)) as connection, \
            clock.frozen(fixture_register.TODAY_AT):
        yield connection


def cell_value(value: object) -> object:
    """A cell as the snapshot holds it: dates and times as ISO text, everything else as read."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return value


def workbook_cells(data: bytes) -> dict[str, list[list[object]]]:
    """Every sheet of a workbook, in its order, as rows of values (trailing empty cells and rows dropped)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows(values_only=True):
            values = [cell_value(v) for v in row]
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
        while rows and not rows[-1]:
            rows.pop()
        sheets[ws.title] = rows
    return sheets


def csv_text(data: bytes) -> str:
    """A CSV download as text: the byte-order mark named, the line ends kept visible."""
    assert data.startswith(b"\xef\xbb\xbf"), "CSV without its UTF-8 byte-order mark"
    text = data[3:].decode("utf-8")
    return "[UTF-8 BOM]\n" + text.replace("\r\n", "\u240d\n")


def test_guest_export_of_all_data(con, snapshot) -> None:
    snapshot.check("export/tamu_semua.json", workbook_cells(export.build_xlsx(con, Filters(), GUEST)))


def test_staff_unmasked_export_of_one_cycle(con, snapshot) -> None:
    data = export.build_xlsx(con, PEMILU, STAFF, masked=False)
    snapshot.check("export/staf_pemilu_2024_tanpa_samaran.json", workbook_cells(data))


def test_chart_table_download(con, snapshot) -> None:
    """"Unduh tabel" under the chart of persons per cycle and actor type on Ringkasan."""
    table = export.ChartTable("Tabel grafik: Siklus pemilihan × Jenis pegawai",
                              charts.table_behind(queries.counts_by(con, Filters(), ["cycle", "actor_type"])))
    snapshot.check("export/tabel_grafik.json", {
        "xlsx": workbook_cells(export.build_xlsx(con, Filters(), GUEST, chart=table)),
        "csv": csv_text(export.table_csv(table)).splitlines(),
    })


def test_csv_of_the_filtered_persons(con, snapshot) -> None:
    snapshot.check("export/tamu_semua.csv.txt", csv_text(export.build_csv(con, Filters(), GUEST)))
    snapshot.check("export/staf_pemilu_2024_tanpa_samaran.csv.txt",
                   csv_text(export.build_csv(con, PEMILU, STAFF, masked=False)))
