"""The CSV export: the Data sheet's rows as a CSV file, and a chart's table as CSV.

UTF-8 with a BOM and ``;`` between fields (what Excel expects in an Indonesian locale, where the decimal separator
is a comma), every field quoted, dates ``dd/mm/yyyy``. Every text field is neutralised for any reader: a
spreadsheet that honours quotes keeps separators and line breaks inside the field, and one that splits the line on
another character still finds no cell that starts with a formula character (:func:`neutralise_csv`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
import re
from typing import IO, Any

import duckdb
import pandas as pd

from netralitas.export.cells import as_datetime, is_missing, neutralise
from netralitas.export.content import CHUNK_ROWS, DATA_COLUMNS, ChartTable, chart_frame, data_rows, rows_viewer
from netralitas.queries import Filters, Viewer
from netralitas.vocab import Vocabulary, vocabulary

CSV_DELIMITER = ";"  # what Excel expects in an Indonesian locale (the decimal separator is a comma)
# What an office spreadsheet may split a CSV line into cells on, whatever separator the file says it uses
# (a comma in an English locale, a semicolon in ours, a tab or a bar when a person chooses), and line breaks.
CSV_CELL_BREAKS = ",;\t|\r\n"
_CSV_CELL_START = re.compile(rf"(^|[{re.escape(CSV_CELL_BREAKS)}])([ \"]*)([=+\-@])")


def neutralise_csv(text: str) -> str:
    """Text for a CSV field that no spreadsheet will evaluate however it splits the line into cells: the
    field goes through :func:`neutralise`, and every piece of it that a split on any of :data:`CSV_CELL_BREAKS` would
    start (after spaces or quotes) with ``=``, ``+``, ``-`` or ``@`` gets a ``'`` before that character —
    also a lone sign ("Rp 50.000,-" → "Rp 50.000,'-"): split apart, the quote and the fields after it
    would follow it in the same cell."""
    return _CSV_CELL_START.sub(r"\1\2'\3", neutralise(text))


def _csv_value(value: object, kind: str = "text") -> object:
    """A CSV field: empty for a missing value, a date as ``dd/mm/yyyy``, a number as it is, text neutralised."""
    if is_missing(value):
        return ""
    if isinstance(value, dt.date):
        return as_datetime(value).strftime("%d/%m/%Y")
    if kind == "int" or (isinstance(value, numbers.Number) and not isinstance(value, bool)):
        return value
    return neutralise_csv(str(value))


def _csv_writer(target: IO[bytes]) -> tuple[Any, io.TextIOWrapper]:
    """A CSV writer that quotes every field: a field's separators and line breaks stay inside it for a reader
    that honours quotes, and :func:`neutralise_csv` covers one that splits on another character."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=False)
    return csv.writer(text, delimiter=CSV_DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_ALL), text


def write_csv(
    target: IO[bytes],
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    *,
    masked: bool = True,
    chunk_rows: int = CHUNK_ROWS,
    voc: Vocabulary | None = None,
) -> int:
    """Write the Data sheet as CSV (UTF-8 with BOM, ``;``, every field quoted and neutralised, dates
    ``dd/mm/yyyy``) to a binary file object."""
    voc = voc or vocabulary()
    writer, text = _csv_writer(target)
    writer.writerow([c.header for c in DATA_COLUMNS])
    kinds = [c.kind for c in DATA_COLUMNS]
    count = 0
    for values in data_rows(con, filters, rows_viewer(viewer, masked), voc, chunk_rows):
        writer.writerow([_csv_value(v, k) for v, k in zip(values, kinds, strict=True)])
        count += 1
    text.flush()
    text.detach()
    return count


def build_csv(con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, **options: Any) -> bytes:
    """The filtered persons as CSV bytes (see :func:`write_csv`)."""
    buffer = io.BytesIO()
    write_csv(buffer, con, filters, viewer, **options)
    return buffer.getvalue()


def table_csv(table: ChartTable | pd.DataFrame, masked: bool = True) -> bytes:
    """A chart's table as CSV bytes (UTF-8 with BOM, ``;``), Indonesian headers, text neutralised."""
    frame = chart_frame(table if isinstance(table, ChartTable) else ChartTable("", table), masked)
    buffer = io.BytesIO()
    writer, text = _csv_writer(buffer)
    writer.writerow([neutralise_csv(str(c)) for c in frame.columns])
    columns = [frame[c].tolist() for c in frame.columns]
    for values in zip(*columns, strict=True) if columns else []:
        writer.writerow([_csv_value(v) for v in values])
    text.flush()
    text.detach()
    return buffer.getvalue()
