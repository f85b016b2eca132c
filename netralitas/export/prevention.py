"""The export of the prevention activities the current filters show: an Excel workbook and a CSV file.

- **Ringkasan** — title, the demo warning when demo activities are in, time of export (WIB), the filters that apply
  to activities in words (and those set that do not apply), which datasets it holds, the figures, and activities
  and participants per cycle × kind.
- **Kegiatan** — one row per activity in date order: date, cycle, kind, the activity, organiser, audience as
  written and its group, place, kecamatan, participants, dataset (by its label: demo activities say so on every
  row) and source.
- **Per Kecamatan** — per kecamatan and cycle the activities held and the persons reported, and the cycles with
  persons reported but no briefing or declaration.

The same cell rules as the case export: typed cells, text neutralised (never a formula), no formula anywhere; the
CSV is UTF-8 with BOM, ``;``, every field quoted. Every figure comes from :mod:`netralitas.queries`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path
from typing import IO, Any

import duckdb
import pandas as pd

from netralitas import columns, queries
from netralitas.charts_prevention import district_comparison
from netralitas.export.content import ORGANISATION
from netralitas.export.csv_file import _csv_value, _csv_writer
from netralitas.export.naming import FILE_PREFIX, export_time, filter_slug, format_export_time
from netralitas.export.workbook import _Formats, _print_setup, _write_text, _write_value
from netralitas.labels import PREVENTION_CITYWIDE, PREVENTION_LABELS
from netralitas.queries import Filters, Viewer
from netralitas.vocab import Vocabulary, vocabulary

TITLE = "Kegiatan Pencegahan Pelanggaran Netralitas ASN"
SHEET_SUMMARY = "Ringkasan"
SHEET_ACTIVITIES = "Kegiatan"
SHEET_DISTRICTS = "Per Kecamatan"

# The columns of the Kegiatan sheet and the CSV: (list column, header, width) — the running number, the registry's
# export columns of prevention_activities (netralitas/columns.py), and the source.
ACTIVITY_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("no", "No.", 6),
    *((c.name, c.export.header, c.export.width) for c in columns.export_columns(columns.PREVENTION_ACTIVITIES)),
    ("source", "Sumber", 40),
)


def prevention_filename(filters: Filters, extension: str, exported_at: dt.datetime | None = None,
                        hidden: tuple[str, ...] = ()) -> str:
    """``netralitas-asn_pencegahan_pilkada-2024_2026-11-22.xlsx``: what is inside, by the filters that apply to
    activities and the date of export (WIB); ``hidden``: the prevention datasets an empty data filter leaves out
    (:func:`netralitas.queries.prevention_hidden_datasets`), as in :func:`netralitas.export.filter_slug`."""
    applied = filters.with_(actor_types=(), severities=(), search="")
    slug = filter_slug(applied, hidden=hidden)
    return f"{FILE_PREFIX}_pencegahan_{slug}_{export_time(exported_at).date().isoformat()}.{extension.lstrip('.')}"


def activity_rows(con: duckdb.DuckDBPyConnection, filters: Filters, voc: Vocabulary) -> list[list[Any]]:
    """The rows of the Kegiatan sheet and the CSV in :data:`ACTIVITY_COLUMNS` order (dataset by its label,
    city-wide activities named so)."""
    rows = queries.prevention_rows(con, filters)
    out = []
    for number, record in enumerate(rows.to_dict("records"), start=1):
        record["no"] = number
        record["dataset"] = voc.dataset_labels.get(record["dataset"], record["dataset"])
        if record["district"] is None or (isinstance(record["district"], float) and math.isnan(record["district"])):
            record["district"] = PREVENTION_CITYWIDE
        record["participants"] = None if pd.isna(record["participants"]) else int(record["participants"])
        out.append([record[key] for key, _, _ in ACTIVITY_COLUMNS])
    return out


def _write_summary(ws: Any, fmt: _Formats, con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer,
                   exported_at: dt.datetime, voc: Vocabulary) -> None:
    """The Ringkasan sheet (see the module's description)."""
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 22)
    ws.set_column(2, 4, 16)
    ws.hide_gridlines(2)
    _print_setup(ws)
    present = queries.prevention_counts(con, filters, ["dataset"])
    figures = queries.prevention_headline(con, filters)
    row = 0
    _write_text(ws, row, 0, f"{TITLE} — {ORGANISATION}", fmt.title)
    row += 1
    if queries.DEMO_DATASET in set(present["dataset"]):
        ws.set_row(row, 32)
        ws.merge_range(row, 0, row, 4, "", fmt.warning)
        _write_text(ws, row, 0, f"{voc.dataset_labels[queries.DEMO_DATASET]}: kegiatan contoh dalam file ini rekaan, "
                                "bukan kegiatan sebenarnya.", fmt.warning)
        row += 1
    row += 1
    filter_text = queries.describe_prevention_filters(con, filters, voc)
    datasets = "; ".join(f"{voc.dataset_labels.get(r.dataset, r.dataset)}: {r.activities} kegiatan"
                         for r in present.itertuples()) or "Tidak ada kegiatan untuk filter ini"
    for label, value in (
        ("Waktu ekspor", format_export_time(exported_at)),
        ("Filter aktif", filter_text),
        ("Dataset", datasets),
        ("Jumlah kegiatan", figures["activities"]),
        ("Jumlah peserta (tercatat)", figures["participants"]),
        ("Kegiatan tingkat kota", figures["citywide"]),
        ("Kegiatan tanpa tanggal", figures["undated"]),
        ("Diekspor oleh", f"{viewer.user} (peran: {viewer.role})"),
    ):
        _write_text(ws, row, 0, label, fmt.label)
        if isinstance(value, int):
            ws.write_number(row, 1, value, fmt.value_number)
        else:
            ws.set_row(row, 15 * max(1, math.ceil(len(value) / 80)))
            ws.merge_range(row, 1, row, 4, "", fmt.value)
            _write_text(ws, row, 1, value, fmt.value)
        row += 1
    row += 1
    ws.write_string(row, 0, "Jumlah kegiatan per siklus pemilihan dan jenis kegiatan", fmt.section)
    row += 1
    headers = [PREVENTION_LABELS[k] for k in ("cycle", "kind", "activities", "participants")]
    for col, text in enumerate(headers):
        ws.write_string(row, col, text, fmt.header)
    row += 1
    table = queries.prevention_counts(con, filters, ["cycle", "kind"])
    for rec in table.itertuples(index=False):
        _write_text(ws, row, 0, rec.cycle, fmt.cell)
        _write_text(ws, row, 1, rec.kind, fmt.cell)
        ws.write_number(row, 2, int(rec.activities), fmt.count)
        ws.write_number(row, 3, int(rec.participants), fmt.count)
        row += 1
    ws.write_string(row, 0, "Jumlah", fmt.cell_total)
    ws.write_blank(row, 1, None, fmt.cell_total)
    ws.write_number(row, 2, figures["activities"], fmt.count_total)
    ws.write_number(row, 3, figures["participants"], fmt.count_total)
    row += 2
    ws.write_string(row, 0, "Dibuat oleh Dasbor Netralitas ASN. File ini tidak memuat rumus.", fmt.note)


def _write_activities(ws: Any, fmt: _Formats, rows: list[list[Any]]) -> None:
    """The Kegiatan sheet: header, one row per activity, frozen header and autofilter."""
    for col, (_, header, width) in enumerate(ACTIVITY_COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(0, col, header, fmt.header)
    for i, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            _write_value(ws, i, col, value, fmt)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(ACTIVITY_COLUMNS) - 1)
    ws.set_landscape()
    ws.set_paper(9)
    ws.repeat_rows(0)


def _write_districts(ws: Any, fmt: _Formats, con: duckdb.DuckDBPyConnection, filters: Filters,
                     filter_text: str) -> None:
    """The Per Kecamatan sheet: the comparison table of the page, as values."""
    _print_setup(ws)
    by_district = queries.prevention_by_district(con, filters)
    voc = vocabulary()
    cycles = [c for c in voc.cycle_names + [voc.cycle_unknown.name] if c in set(by_district["cycle"])]
    table = district_comparison(by_district, cycles, voc)
    _write_text(ws, 0, 0, "Kegiatan pencegahan dan terlapor per kecamatan", fmt.title)
    _write_text(ws, 1, 0, "Filter aktif: " + filter_text, fmt.note)
    _write_text(ws, 2, 0, "Kegiatan tingkat kota (tanpa kecamatan) tidak dihitung untuk kecamatan mana pun.", fmt.note)
    for col, (name, width) in enumerate(zip(table.columns, (16, 20, 14, 18, 14, 24), strict=False)):
        ws.set_column(col, col, width)
        _write_text(ws, 4, col, name, fmt.header)
    for i, values in enumerate(table.itertuples(index=False), start=5):
        for col, value in enumerate(values):
            _write_value(ws, i, col, value, fmt, fmt.count if isinstance(value, int) else fmt.cell)
    ws.freeze_panes(5, 0)
    ws.autofilter(4, 0, 4 + max(len(table), 1), len(table.columns) - 1)


def write_prevention_xlsx(target: str | Path | IO[bytes], con: duckdb.DuckDBPyConnection, filters: Filters,
                          viewer: Viewer, *, exported_at: dt.datetime | None = None,
                          voc: Vocabulary | None = None) -> int:
    """Write the prevention workbook to ``target``; returns the activities written."""
    import xlsxwriter

    voc = voc or vocabulary()
    exported_at = export_time(exported_at)
    rows = activity_rows(con, filters, voc)
    wb = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_numbers": False,
                                      "strings_to_urls": False, "remove_timezone": True})
    try:
        wb.set_properties({"title": TITLE, "author": f"Dasbor Netralitas ASN — {ORGANISATION}",
                           "company": ORGANISATION, "comments": f"Diekspor {format_export_time(exported_at)}",
                           "created": exported_at.astimezone(dt.UTC).replace(tzinfo=None)})
        fmt = _Formats(wb)
        summary = wb.add_worksheet(SHEET_SUMMARY)
        _write_summary(summary, fmt, con, filters, viewer, exported_at, voc)
        _write_activities(wb.add_worksheet(SHEET_ACTIVITIES), fmt, rows)
        _write_districts(wb.add_worksheet(SHEET_DISTRICTS), fmt, con, filters,
                         queries.describe_prevention_filters(con, filters, voc))
        summary.activate()
    finally:
        wb.close()
    return len(rows)


def write_prevention_csv(target: IO[bytes], con: duckdb.DuckDBPyConnection, filters: Filters,
                         voc: Vocabulary | None = None) -> int:
    """Write the Kegiatan sheet as CSV (UTF-8 with BOM, ``;``, every field quoted and neutralised, dates
    ``dd/mm/yyyy``); returns the activities written."""
    voc = voc or vocabulary()
    writer, text = _csv_writer(target)
    writer.writerow([header for _, header, _ in ACTIVITY_COLUMNS])
    rows = activity_rows(con, filters, voc)
    for values in rows:
        writer.writerow([_csv_value(v) for v in values])
    text.flush()
    text.detach()
    return len(rows)


def build_prevention_xlsx(con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, **options: Any) -> bytes:
    """The prevention workbook as bytes (see :func:`write_prevention_xlsx`)."""
    buffer = io.BytesIO()
    write_prevention_xlsx(buffer, con, filters, viewer, **options)
    return buffer.getvalue()


def build_prevention_csv(con: duckdb.DuckDBPyConnection, filters: Filters) -> bytes:
    """The prevention list as CSV bytes (see :func:`write_prevention_csv`)."""
    buffer = io.BytesIO()
    write_prevention_csv(buffer, con, filters)
    return buffer.getvalue()
