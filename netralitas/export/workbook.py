"""The export workbook (xlsxwriter): the sheets a person opens, in the order they see them.

- **Ringkasan** — title, time of export (WIB), the active filters in words, which dataset(s) it holds, whether
  names and NIP are masked, and persons by cycle × actor type × severity.
- **Tabel Grafik** — (only from under a chart) the table behind that chart.
- **Data** — one row per person, Indonesian headers, real dates shown ``dd/mm/yyyy``, NIP and register numbers
  as text, frozen header, autofilter, provenance (file, sheet, row) at the end; "Data (2)", … beyond Excel's rows.
- **Rekap** — cycle × actor type, the sanctions imposed and only recommended per cycle and level, cycle × severity
  and kecamatan × cycle, as values.

Nothing is ever written as a formula: xlsxwriter with ``strings_to_formulas`` off and typed ``write_string``, text
neutralised (:func:`netralitas.export.cells.neutralise`). xlsxwriter writes everything but the person rows, with
each Data sheet's header, widths, frozen header, print setup and an autofilter over the rows to come (their number
is known from ``headline``); the rows are then streamed into the Data sheets by
:mod:`netralitas.export.xlsx_stream`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
from pathlib import Path
from typing import IO, Any

import duckdb
import pandas as pd

from netralitas import queries
from netralitas.export.cells import EXCEL_MAX_ROWS, EXCEL_MAX_TEXT, as_datetime, is_missing, neutralise
from netralitas.export.content import (
    CHUNK_ROWS,
    DATA_COLUMNS,
    MASKED_TEXT,
    ORGANISATION,
    REVEALED_TEXT,
    SHEET_CHART,
    SHEET_DATA,
    SHEET_PIVOTS,
    SHEET_SUMMARY,
    TITLE,
    ChartTable,
    ExportFacts,
    Pivot,
    build_pivots,
    chart_frame,
    person_chunks,
    rows_viewer,
    summary_table,
)
from netralitas.export.naming import export_time, format_export_time
from netralitas.export.xlsx_stream import DataSheetPlan, plan_data_sheets, write_package
from netralitas.formatting import format_date_long, format_number
from netralitas.labels import DIMENSION_LABELS
from netralitas.queries import Filters, Viewer
from netralitas.vocab import Vocabulary, vocabulary

DATE_FORMAT = "dd/mm/yyyy"


class _Formats:
    """The cell formats of the workbook (xlsxwriter)."""

    def __init__(self, wb: Any) -> None:
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.warning = wb.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True,
                                      "valign": "top"})
        self.label = wb.add_format({"bold": True, "valign": "top"})
        self.value = wb.add_format({"text_wrap": True, "valign": "top"})
        self.value_number = wb.add_format({"num_format": "#,##0", "align": "left", "valign": "top"})
        self.section = wb.add_format({"bold": True, "font_size": 12})
        self.header = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",
                                     "border": 1})
        self.text = wb.add_format({})
        self.date = wb.add_format({"num_format": DATE_FORMAT})
        self.integer = wb.add_format({"num_format": "0"})
        self.count = wb.add_format({"num_format": "#,##0", "border": 1})
        self.count_total = wb.add_format({"num_format": "#,##0", "border": 1, "bold": True, "bg_color": "#F2F2F2"})
        self.cell = wb.add_format({"border": 1})
        self.cell_total = wb.add_format({"border": 1, "bold": True, "bg_color": "#F2F2F2"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})


def _cell_text(value: object) -> str:
    """The text of a cell: neutralised and cut to the characters a cell can hold."""
    return neutralise(str(value))[:EXCEL_MAX_TEXT]


def _write_text(ws: Any, row: int, col: int, value: object, cell_format: Any = None) -> None:
    """A text cell written by xlsxwriter: neutralised (:func:`neutralise`), and never taken for markup.

    xlsxwriter puts a string that starts with ``<r>`` and ends with ``</r>`` into the XML as it is (as rich-text
    runs), so such a text from the data could break the file or add cells; it is written as three plain runs
    instead, which read back as the same text.
    """
    text = _cell_text(value)
    if text.startswith("<r>") and text.endswith("</r>"):
        ws.write_rich_string(row, col, text[:1], text[1:2], text[2:], *([cell_format] if cell_format else []))
    else:
        ws.write_string(row, col, text, cell_format)


def _write_value(ws: Any, row: int, col: int, value: object, fmt: _Formats, cell_format: Any = None) -> None:
    """Write one value with a typed call: text as a (neutralised) string, dates as dates, numbers as numbers."""
    if is_missing(value):
        if cell_format is not None:
            ws.write_blank(row, col, None, cell_format)
        return
    if isinstance(value, bool):
        ws.write_string(row, col, "Ya" if value else "Tidak", cell_format)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, as_datetime(value), fmt.date)
    elif isinstance(value, numbers.Number):
        ws.write_number(row, col, int(value) if isinstance(value, numbers.Integral) else float(value), cell_format)
    else:
        _write_text(ws, row, col, value, cell_format)


def _print_setup(ws: Any) -> None:
    """A4 landscape, one page wide."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _write_summary(
    ws: Any, fmt: _Formats, facts: ExportFacts, filters: Filters, viewer: Viewer, masked: bool,
    exported_at: dt.datetime, voc: Vocabulary, chart: ChartTable | None,
) -> None:
    """The Ringkasan sheet: title, the demo warning when demo rows are in, the export's facts (time, filters,
    datasets, masking, headline figures, longest wait, who exported, the other sheets) and persons by cycle × actor
    type × severity."""
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 2, 30)
    ws.set_column(3, 4, 15)
    ws.hide_gridlines(2)
    _print_setup(ws)
    row = 0
    _write_text(ws, row, 0, f"{TITLE} — {ORGANISATION}", fmt.title)
    row += 1
    if facts.has_demo():
        ws.set_row(row, 32)
        ws.merge_range(row, 0, row, 4, "", fmt.warning)
        warning = (f"{voc.dataset_labels[queries.DEMO_DATASET]}: nama, NIP dan kasus contoh dalam "
                   "file ini rekaan, bukan data sebenarnya.")
        _write_text(ws, row, 0, warning, fmt.warning)
        row += 1
    row += 1

    def pair(label: str, value: object, lines: int = 1) -> None:
        nonlocal row
        _write_text(ws, row, 0, label, fmt.label)
        if isinstance(value, int):
            ws.write_number(row, 1, value, fmt.value_number)
        else:
            if lines > 1:
                ws.set_row(row, 15 * lines)
            ws.merge_range(row, 1, row, 4, "", fmt.value)
            _write_text(ws, row, 1, value, fmt.value)
        row += 1

    filter_text = facts.filter_text
    dataset_text = facts.dataset_text(voc)
    pair("Waktu ekspor", format_export_time(exported_at))
    pair("Filter aktif", filter_text, lines=max(1, math.ceil(len(filter_text) / 80)))
    pair("Dataset", dataset_text, lines=max(1, math.ceil(len(dataset_text) / 80)))
    pair("Nama dan NIP", MASKED_TEXT if masked else REVEALED_TEXT, lines=1 if masked else 2)
    pair("Jumlah terlapor", facts.persons)
    pair("Jumlah kasus", int(facts.headline["cases"]))
    headline = facts.headline
    pair("Terbukti melanggar", int(headline["proven"]))
    pair("Sanksi dijatuhkan", int(headline["sanctioned"]))
    pair("Sanksi baru direkomendasikan", int(headline["recommended_only"]))
    pair("Dalam proses", int(headline["in_process"]))
    pair("Tidak terbukti", int(headline["not_proven"]))
    pair("Menunggu penjatuhan sanksi", int(facts.waiting["persons"]))
    longest = facts.waiting["max_days"]
    pair("Terlama menunggu sanksi",
         f"{format_number(longest)} hari (dihitung sampai {format_date_long(facts.today)})" if longest is not None
         else "–")
    pair("Diekspor oleh", f"{viewer.user} (peran: {viewer.role})")
    sheets = f"{SHEET_DATA} (satu baris per terlapor per kasus), {SHEET_PIVOTS} (tabel silang)"
    if chart is not None:
        sheets = f"{SHEET_CHART} (tabel grafik “{chart.title}”), " + sheets
    pair("Isi sheet lain", sheets, lines=2)
    row += 1
    ws.write_string(row, 0, "Jumlah terlapor per siklus pemilihan, jenis pegawai dan tingkat sanksi / hasil",
                    fmt.section)
    row += 1
    headers = [DIMENSION_LABELS["cycle"], DIMENSION_LABELS["actor_type"], "Tingkat sanksi / hasil",
               DIMENSION_LABELS["persons"], DIMENSION_LABELS["cases"]]
    for col, text in enumerate(headers):
        ws.write_string(row, col, text, fmt.header)
    row += 1
    table = summary_table(facts, voc)
    if table.empty:
        ws.write_string(row, 0, "Tidak ada data untuk filter ini.", fmt.note)
        row += 1
    for rec in table.itertuples(index=False):
        _write_text(ws, row, 0, rec.cycle, fmt.cell)
        _write_text(ws, row, 1, rec.actor_type, fmt.cell)
        _write_text(ws, row, 2, rec.severity, fmt.cell)
        ws.write_number(row, 3, int(rec.persons), fmt.count)
        ws.write_number(row, 4, int(rec.cases), fmt.count)
        row += 1
    ws.write_string(row, 0, "Jumlah", fmt.cell_total)
    ws.write_blank(row, 1, None, fmt.cell_total)
    ws.write_blank(row, 2, None, fmt.cell_total)
    ws.write_number(row, 3, facts.persons, fmt.count_total)
    ws.write_number(row, 4, int(facts.headline["cases"]), fmt.count_total)
    row += 2
    _write_text(ws, row, 0, "Satu terlapor = satu orang dalam satu kasus. Jumlah kasus per baris menghitung nomor "
                "register yang berbeda; satu kasus dapat memuat beberapa terlapor.", fmt.note)
    row += 1
    ws.write_string(row, 0, "Dibuat oleh Dasbor Netralitas ASN. File ini tidak memuat rumus.", fmt.note)


def _write_table(ws: Any, fmt: _Formats, frame: pd.DataFrame, title: str, filter_text: str) -> None:
    """A plain table (a chart's data) with a title and the filter line above it."""
    _print_setup(ws)
    _write_text(ws, 0, 0, title, fmt.title)
    _write_text(ws, 1, 0, "Filter aktif: " + filter_text, fmt.note)
    header_row = 3
    for col, name in enumerate(frame.columns):
        ws.set_column(col, col, max(12, min(40, len(str(name)) + 4)))
        _write_text(ws, header_row, col, name, fmt.header)
    columns = [frame[c].tolist() for c in frame.columns]
    for i, values in enumerate(zip(*columns, strict=True)) if columns else []:
        for col, value in enumerate(values):
            _write_value(ws, header_row + 1 + i, col, value, fmt)
    ws.freeze_panes(header_row + 1, 0)
    if len(frame.columns):
        ws.autofilter(header_row, 0, header_row + len(frame), len(frame.columns) - 1)


def _start_data_sheet(wb: Any, fmt: _Formats, name: str) -> Any:
    """A Data sheet with its header row (widths, frozen, repeated on every printed page), A4 landscape."""
    ws = wb.add_worksheet(name)
    for col, column in enumerate(DATA_COLUMNS):
        ws.set_column(col, col, column.width)
    ws.set_row(0, 45)
    for col, column in enumerate(DATA_COLUMNS):
        ws.write_string(0, col, column.header, fmt.header)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.repeat_rows(0)  # printed over several pages across: 24 columns on one A4 width would be unreadable
    return ws


def _add_data_sheets(wb: Any, fmt: _Formats, plans: list[DataSheetPlan]) -> None:
    """The Data sheets with header, widths, frozen header, print setup and autofilter over the rows to come."""
    for plan in plans:
        ws = _start_data_sheet(wb, fmt, plan.name)
        ws.autofilter(0, 0, plan.rows, len(DATA_COLUMNS) - 1)


def _xf_index(cell_format: Any) -> int:
    """The style index xlsxwriter gives ``cell_format`` in styles.xml (assigned on first use, kept until close)."""
    return cell_format._get_xf_index()


def _write_pivots(ws: Any, fmt: _Formats, pivots: list[Pivot], filter_text: str) -> None:
    """The Rekap sheet: each cross table with its row and column totals, as values."""
    _print_setup(ws)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 12, 14)
    ws.write_string(0, 0, "Rekapitulasi jumlah terlapor", fmt.title)
    _write_text(ws, 1, 0, "Filter aktif: " + filter_text, fmt.note)
    ws.write_string(2, 0, "Angka = jumlah terlapor (satu orang dalam satu kasus). Semua sel berisi nilai, bukan rumus.",
                    fmt.note)
    row = 4
    for pivot in pivots:
        _write_text(ws, row, 0, pivot.title, fmt.section)
        row += 1
        ws.set_row(row, 45)
        _write_text(ws, row, 0, pivot.row_label, fmt.header)
        for col, name in enumerate(pivot.columns, start=1):
            _write_text(ws, row, col, name, fmt.header)
        ws.write_string(row, len(pivot.columns) + 1, "Jumlah", fmt.header)
        row += 1
        for name in pivot.rows:
            _write_text(ws, row, 0, name, fmt.cell)
            for col, col_name in enumerate(pivot.columns, start=1):
                ws.write_number(row, col, pivot.cells.get((name, col_name), 0), fmt.count)
            ws.write_number(row, len(pivot.columns) + 1, pivot.row_totals.get(name, 0), fmt.count_total)
            row += 1
        ws.write_string(row, 0, "Jumlah", fmt.cell_total)
        for col, col_name in enumerate(pivot.columns, start=1):
            ws.write_number(row, col, pivot.column_totals.get(col_name, 0), fmt.count_total)
        ws.write_number(row, len(pivot.columns) + 1, pivot.total, fmt.count_total)
        row += 3


def write_xlsx(
    target: str | Path | IO[bytes],
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    *,
    masked: bool = True,
    exported_at: dt.datetime | None = None,
    chart: ChartTable | None = None,
    chunk_rows: int = CHUNK_ROWS,
    voc: Vocabulary | None = None,
    max_rows_per_sheet: int = EXCEL_MAX_ROWS,
) -> int:
    """Write the export workbook to ``target`` (a path or a binary file object); returns the person rows written.

    Names and NIP are masked unless ``masked`` is False *and* the viewer may see them.
    """
    import xlsxwriter

    voc = voc or vocabulary()
    exported_at = export_time(exported_at)
    data_viewer = rows_viewer(viewer, masked)
    masked_state = not data_viewer.reveal
    facts = ExportFacts.gather(con, filters, today=exported_at.date())
    plans = plan_data_sheets(facts.persons, max_rows_per_sheet)
    # xlsxwriter writes everything but the person rows (small: it all fits in memory); the rows are then streamed
    # straight into the Data sheets' XML while the package is copied to the target (see write_package).
    shell = io.BytesIO()
    wb = xlsxwriter.Workbook(
        shell,
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    try:
        demo = f" — {voc.dataset_labels[queries.DEMO_DATASET]}" if facts.has_demo() else ""
        wb.set_properties({
            "title": f"{TITLE}{demo}",
            "subject": facts.filter_text,
            "author": f"Dasbor Netralitas ASN — {ORGANISATION}",
            "company": ORGANISATION,
            "comments": f"Diekspor {format_export_time(exported_at)}. Nama dan NIP: "
                        + ("disamarkan" if masked_state else "ditampilkan utuh"),
            "created": exported_at.astimezone(dt.UTC).replace(tzinfo=None),  # the file format stores UTC
        })
        fmt = _Formats(wb)
        summary = wb.add_worksheet(SHEET_SUMMARY)
        _write_summary(summary, fmt, facts, filters, viewer, masked_state, exported_at, voc, chart)
        if chart is not None:
            _write_table(wb.add_worksheet(SHEET_CHART), fmt, chart_frame(chart, masked_state), chart.title,
                         facts.filter_text)
        _add_data_sheets(wb, fmt, plans)
        date_style, int_style = _xf_index(fmt.date), _xf_index(fmt.integer)  # registered for the streamed rows
        _write_pivots(wb.add_worksheet(SHEET_PIVOTS), fmt, build_pivots(facts, filters, voc), facts.filter_text)
        summary.activate()
    finally:
        wb.close()
    chunks = person_chunks(con, filters, data_viewer, chunk_rows)
    return write_package(target, shell.getvalue(), plans, chunks, date_style, int_style, voc.dataset_labels)


def build_xlsx(con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, **options: Any) -> bytes:
    """The export workbook as bytes (see :func:`write_xlsx` for the options)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, con, filters, viewer, **options)
    return buffer.getvalue()
