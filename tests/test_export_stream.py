"""The Data sheet's person rows are streamed as worksheet XML (:func:`netralitas.export.write_xlsx`): every cell
must be what xlsxwriter's own typed writes give — text as text (never a formula or a number, NIP included),
dates as real Excel dates, whole numbers as numbers — also for text with XML specials, control characters and
leading ``=``, and nothing unmasked anywhere in the package of a masked export."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlsxwriter
from openpyxl.utils import get_column_letter
from xlsxwriter.utility import _datetime_to_excel_datetime

from netralitas import db, export, queries
from netralitas.export import DATA_COLUMNS, QUERY_COLUMNS
from netralitas.queries import Filters, Viewer
from netralitas.vocab import vocabulary
from tests.test_export import DEMO_ROWS, EVERY_ROW, OWN_ROWS, build_export_db

STAFF = Viewer(role="staf", user="uji")
GUEST = Viewer()
EXPORTED_AT = dt.datetime(2026, 11, 22, 4, 30, tzinfo=dt.UTC)
LONG_TEXT = "panjang " * 5_000  # 40 000 characters: cut to Excel's 32 767
RICH_MARKUP = "<r><t>tebal</t></r>"  # xlsxwriter's constant-memory mode would pass this through as markup
# (column, source_row of the register row to change, new value): text that needs care in XML
TRICKY: list[tuple[str, int, object]] = [
    ("position", 1, "Dinas A & B <Kota> \"kutip\""),
    ("agency", 1, " spasi di depan dan belakang "),
    ("violation_type", 1, "baris satu\nbaris dua\ttab"),
    ("sanction", 1, "ada\rCR dan \x07 bel dan \x1f"),
    ("position", 2, "_x0041_ bukan huruf A"),
    ("agency", 2, LONG_TEXT),
    ("violation_type", 2, "=SUM(A1:A2)"),
    ("sanction", 2, "\n=1+1"),
    ("case_id", 3, "-0012"),
    ("nip", 3, "000123456789012345"),
    ("position", 3, "1.5E+3"),
    ("agency", 3, "Ünïcödé — 😀 Semarang"),
    ("reported_on", 3, dt.date(1900, 2, 15)),  # before Excel's fictitious 29 Feb 1900
    ("forwarded_on", 3, dt.date(1900, 3, 1)),
    ("recommended_on", 3, dt.date(2204, 6, 1)),
    ("position", 4, RICH_MARKUP),
]


@pytest.fixture(scope="module")
def tricky_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The export test database, with some cells changed to text and dates that need care in the XML."""
    path = build_export_db(tmp_path_factory.mktemp("export_stream"))
    with contextlib.closing(duckdb.connect(str(path))) as con:
        for column, source_row, value in TRICKY:
            assert column in QUERY_COLUMNS
            changed = con.execute(
                f"UPDATE violations SET {column} = ? WHERE source_file = 'register_bawaslu.xlsx' "
                "AND source_row = (SELECT min(source_row) FROM violations WHERE source_file = 'register_bawaslu.xlsx') "
                "+ ? - 1 RETURNING 1", [value, source_row]).fetchall()
            assert len(changed) == 1, (column, source_row)
        con.execute("CHECKPOINT")
    return path


@pytest.fixture()
def con(tricky_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with contextlib.closing(db.connect_readonly(tricky_db)) as connection:
        yield connection


def reference_data_sheet(con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer) -> bytes:
    """The Data sheet written cell by cell with xlsxwriter's typed calls (the export's way before streaming)."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"constant_memory": True, "strings_to_formulas": False,
                                      "strings_to_numbers": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Data")
    date_format, int_format = wb.add_format({"num_format": "dd/mm/yyyy"}), wb.add_format({"num_format": "0"})
    labels = vocabulary().dataset_labels
    for col, column in enumerate(DATA_COLUMNS):
        ws.write_string(0, col, column.header)
    number = 0
    for chunk in queries.case_row_chunks(con, filters, viewer, columns=QUERY_COLUMNS):
        for row in chunk:
            number += 1
            values = [number, *row]
            values[QUERY_COLUMNS.index("dataset") + 1] = labels.get(values[-4], values[-4])
            for col, (column, value) in enumerate(zip(DATA_COLUMNS, values, strict=True)):
                if value is None:
                    continue
                if column.kind == "text":
                    ws.write_string(number, col, export.neutralise(str(value))[:export.EXCEL_MAX_TEXT])
                elif column.kind == "date":
                    ws.write_datetime(number, col, dt.datetime(value.year, value.month, value.day), date_format)
                else:
                    ws.write_number(number, col, int(value), int_format)
    wb.close()
    return buffer.getvalue()


def cells(data: bytes, sheet: str = "Data") -> list[list[tuple]]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    return [[(c.value, c.data_type, c.number_format) for c in row] for row in ws.iter_rows()]


def test_streamed_rows_equal_xlsxwriter_typed_writes(con: duckdb.DuckDBPyConnection) -> None:
    for viewer, masked in ((STAFF, False), (GUEST, True)):
        ours = cells(export.build_xlsx(con, EVERY_ROW, viewer, masked=masked, exported_at=EXPORTED_AT))
        reference = cells(reference_data_sheet(con, EVERY_ROW, export.rows_viewer(viewer, masked)))
        assert len(ours) == len(reference) == 1 + len(OWN_ROWS) + len(DEMO_ROWS)
        position = [c.key for c in DATA_COLUMNS].index("position")
        for row_ours, row_reference in zip(ours, reference, strict=True):
            for col, (cell_ours, cell_reference) in enumerate(zip(row_ours, row_reference, strict=True)):
                if col == position and cell_ours[0] == RICH_MARKUP:
                    assert cell_reference[0] == "tebal"  # xlsxwriter wrote the text as rich-text markup
                    continue
                assert cell_ours == cell_reference, (get_column_letter(col + 1), cell_ours, cell_reference)


def as_read_back(text: str) -> str:
    """What a reader that does not decode ECMA-376 ``_xHHHH_`` escapes (openpyxl) gets for ``text``: control
    characters as ``_xHHHH_`` and a literal ``_xHHHH_`` as ``_x005F_xHHHH_`` (Excel shows the text itself)."""
    text = re.sub(r"(_x[0-9a-fA-F]{4}_)", r"_x005F\1", text)
    return re.sub(r"[\x00-\x08\x0b-\x1f]", lambda m: f"_x{ord(m.group(0)):04X}_", text)


def test_tricky_text_stays_the_same_text(con: duckdb.DuckDBPyConnection) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(export.build_xlsx(con, EVERY_ROW, STAFF, masked=False)))
    keys = [c.key for c in DATA_COLUMNS]
    shown = {(keys[c.column - 1], c.value, c.data_type) for row in wb["Data"].iter_rows(min_row=2) for c in row}
    for column, _, value in TRICKY:
        if isinstance(value, dt.date):
            continue
        text = as_read_back(export.neutralise(value)[:export.EXCEL_MAX_TEXT])
        assert (column, text, "s") in shown, (column, value)
    assert ("position", RICH_MARKUP, "s") in shown
    assert ("agency", LONG_TEXT[:32_767], "s") in shown
    assert ("case_id", "'-0012", "s") in shown and ("nip", "000123456789012345", "s") in shown
    assert ("violation_type", "'=SUM(A1:A2)", "s") in shown and ("sanction", "'\n=1+1", "s") in shown
    assert ("sanction", "ada_x000D_CR dan _x0007_ bel dan _x001F_", "s") in shown
    assert ("position", "_x005F_x0041_ bukan huruf A", "s") in shown


def test_dates_are_excel_dates_also_around_1900(con: duckdb.DuckDBPyConnection) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(export.build_xlsx(con, EVERY_ROW, STAFF, masked=False)))
    keys = [c.key for c in DATA_COLUMNS]
    dates = {(keys[c.column - 1], c.value) for row in wb["Data"].iter_rows(min_row=2) for c in row if c.is_date}
    for column, _, value in TRICKY:
        if isinstance(value, dt.date):
            assert (column, dt.datetime(value.year, value.month, value.day)) in dates, (column, value)
    for day in (dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(1999, 12, 31),
                dt.date(2024, 2, 29), dt.date(9999, 12, 31)):
        expected = _datetime_to_excel_datetime(dt.datetime(day.year, day.month, day.day), False, True)
        assert float(export.excel_date_number(day)) == expected, day


def test_masked_package_holds_no_full_name_or_nip_anywhere(con: duckdb.DuckDBPyConnection) -> None:
    people = con.execute("SELECT person_name, nip FROM violations").fetchall()
    names = {n for n, _ in people if n and len(n) > 3}
    nips = {p for _, p in people if p}
    assert nips and names
    for viewer, options in ((GUEST, {}), (STAFF, {}), (GUEST, {"masked": False})):
        data = export.build_xlsx(con, EVERY_ROW, viewer, exported_at=EXPORTED_AT, **options)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = "\n".join(package.read(name).decode("utf-8") for name in package.namelist())
        assert not [n for n in nips if n in xml]
        assert not [n for n in names if f">{n}<" in xml or f">'{n}<" in xml]
        assert re.search(r"\d{4}\*{12}\d{2}", xml)
    revealed = export.build_xlsx(con, EVERY_ROW, STAFF, masked=False, exported_at=EXPORTED_AT)
    with zipfile.ZipFile(io.BytesIO(revealed)) as package:
        xml = "\n".join(package.read(name).decode("utf-8") for name in package.namelist())
    assert all(n in xml for n in nips)  # the check above can fail: unmasked they are there


@pytest.mark.parametrize(("max_rows", "sheets"),
                         [(7, ["Data", "Data (2)"]), (13, ["Data"]), (12, ["Data", "Data (2)"])])
def test_rows_split_over_data_sheets_without_an_empty_one(con: duckdb.DuckDBPyConnection, max_rows: int,
                                                          sheets: list[str]) -> None:
    total = queries.total_persons(con, EVERY_ROW)
    assert total == 12
    wb = openpyxl.load_workbook(io.BytesIO(export.build_xlsx(con, EVERY_ROW, GUEST, max_rows_per_sheet=max_rows,
                                                              chunk_rows=5)))
    assert [n for n in wb.sheetnames if n.startswith("Data")] == sheets
    assert wb.sheetnames[0] == "Ringkasan" and wb.sheetnames[-1] == "Rekap"
    numbers = [row[0].value for name in sheets for row in wb[name].iter_rows(min_row=2)]
    assert numbers == list(range(1, total + 1))
    for name in sheets:
        ws = wb[name]
        assert 1 < ws.max_row <= max_rows
        assert ws.auto_filter.ref == f"A1:{get_column_letter(len(DATA_COLUMNS))}{ws.max_row}"
        assert ws.dimensions == f"A1:{get_column_letter(len(DATA_COLUMNS))}{ws.max_row}"


def test_export_to_a_path_and_a_file_object_are_the_same(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "ekspor.xlsx"
    rows = export.write_xlsx(path, con, EVERY_ROW, GUEST, exported_at=EXPORTED_AT)
    assert rows == 12
    assert path.read_bytes() == export.build_xlsx(con, EVERY_ROW, GUEST, exported_at=EXPORTED_AT)


def test_markup_like_text_in_a_chart_table_stays_text(con: duckdb.DuckDBPyConnection) -> None:
    """xlsxwriter would put ``<r>…</r>`` into the XML as it is: unescaped, this one would break the file."""
    breaking = "<r></si><si><t>sisipan</t></r>"
    frame = queries.counts_by(con, EVERY_ROW, ["agency"]).head(3).copy()
    frame.loc[0, "agency"], frame.loc[1, "agency"] = RICH_MARKUP, breaking
    data = export.build_xlsx(con, EVERY_ROW, GUEST, chart=export.ChartTable(RICH_MARKUP, frame))
    ws = openpyxl.load_workbook(io.BytesIO(data))["Tabel Grafik"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert ws["A1"].value == RICH_MARKUP and RICH_MARKUP in values[1:] and breaking in values
