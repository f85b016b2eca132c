"""Excel and CSV export of what the current filters show: the file officials hand over (issue 4).

No Streamlit here: the functions take a DuckDB connection, the :class:`~netralitas.queries.Filters` and the
:class:`~netralitas.queries.Viewer`, and write a workbook or a CSV file. Every figure comes from
:mod:`netralitas.queries` (``headline``, ``counts_by``, ``case_row_chunks``), never computed another way.

The workbook has three sheets (four when exported from under a chart):

- **Ringkasan** — title, time of export (WIB), the active filters in words, which dataset(s) it holds, whether
  names and NIP are masked, and persons by cycle × actor type × severity.
- **Tabel Grafik** — (only from under a chart) the table behind that chart.
- **Data** — one row per person, Indonesian headers, real dates shown ``dd/mm/yyyy``, NIP and register numbers
  as text, frozen header, autofilter, provenance (file, sheet, row) at the end.
- **Rekap** — cycle × actor type, cycle × severity and kecamatan × cycle, as values.

Safety: nothing is ever written as a formula (xlsxwriter with ``strings_to_formulas`` off and typed
``write_string``; the person rows as inline-string cells, see below), and any text starting with ``=``, ``+``,
``-``, ``@``, tab, CR or LF gets a leading ``'`` (OWASP CSV/formula injection) in the workbook and in the CSV
alike. Names and NIP are masked unless the caller asks otherwise *and* the viewer may see them; masking itself
happens in the query layer.

How the workbook is written (issue 5): xlsxwriter writes everything except the person rows — Ringkasan, Tabel
Grafik, Rekap, and each Data sheet with its header, widths, frozen header, print setup and an autofilter over the
rows to come (their number is known from ``headline``). The rows then stream from
:func:`netralitas.queries.case_row_chunks` straight into the Data sheet's ``sheetData`` while the package is
copied to the target (:func:`_write_package`): one typed cell writer per column (text → inline string, date →
serial number in the date style, number → number), the same XML xlsxwriter's constant-memory mode writes, without
its per-cell Python calls, and deflated in a second thread while the next rows become XML. On the 2-core
development machine (``python -m bench --only export``, 100 000 rows) this took 3.7 s against 31.2 s for the naive
``DataFrame.to_excel(engine="openpyxl")`` in the same run, at 300 MB peak RSS against 1.1 GB; writing every cell
with xlsxwriter's typed calls in ``constant_memory`` mode had taken 14.2 s against 31.4 s. The time now goes to
Python string formatting of the cells (about half), fetching and masking the rows (a third), the summary queries
and pivots (well under a tenth); deflating runs alongside.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import math
import numbers
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

import duckdb
import pandas as pd

from netralitas import clock, excel_limits, queries
from netralitas.formatting import format_date_long, format_number
from netralitas.privacy import mask_name, mask_nip
from netralitas.queries import DIMENSION_LABELS, Filters, Viewer
from netralitas.roles import GUEST
from netralitas.vocab import Vocabulary, vocabulary

FILE_PREFIX = "netralitas-asn"
TITLE = "Data Pelanggaran Netralitas ASN"
ORGANISATION = "Bawaslu Kota Semarang"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
CSV_DELIMITER = ";"  # what Excel expects in an Indonesian locale (the decimal separator is a comma)
DATE_FORMAT = "dd/mm/yyyy"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_MAX_ROWS = excel_limits.MAX_ROWS
EXCEL_MAX_TEXT = excel_limits.MAX_CELL_CHARACTERS
CHUNK_ROWS = 5_000

SHEET_SUMMARY = "Ringkasan"
SHEET_CHART = "Tabel Grafik"
SHEET_DATA = "Data"
SHEET_PIVOTS = "Rekap"
UNRANKED_COLUMN = "Tingkat tidak tercatat"

MASKED_TEXT = "Disamarkan (contoh: Sug*** R***, 1978************09)"
REVEALED_TEXT = (
    "Ditampilkan utuh — file ini berisi data pribadi (UU 27/2022 tentang Pelindungan Data Pribadi); "
    "simpan dan bagikan hanya kepada yang berwenang"
)


@dataclass(frozen=True)
class Column:
    """One column of the Data sheet and the CSV: query column, Indonesian header, kind and width."""

    key: str
    header: str
    kind: str  # "text", "date" or "int"
    width: float


# The Data sheet and the CSV, in order: the running number, then the case_rows columns, provenance last.
DATA_COLUMNS: tuple[Column, ...] = (
    Column("no", "No.", "int", 7),
    Column("case_id", "No. Register", "text", 26),
    Column("cycle", "Siklus Pemilihan", "text", 16),
    Column("reported_on", "Tanggal Temuan/Laporan", "date", 16),
    Column("source_kind", "Sumber", "text", 11),
    Column("person_name", "Nama Terlapor", "text", 28),
    Column("nip", "NIP", "text", 21),
    Column("actor_type", "Jenis Pegawai", "text", 15),
    Column("position", "Jabatan", "text", 26),
    Column("agency", "Instansi / Unit Kerja", "text", 30),
    Column("district", "Kecamatan", "text", 17),
    Column("violation_type", "Jenis Pelanggaran", "text", 42),
    Column("status", "Status Penanganan", "text", 24),
    Column("sanction", "Sanksi / Tindak Lanjut (tertulis)", "text", 38),
    Column("severity", "Tingkat Sanksi / Hasil", "text", 22),
    Column("severity_rank", "Peringkat Sanksi (1–5)", "int", 11),
    Column("forwarded_on", "Tanggal Penerusan", "date", 14),
    Column("recommended_on", "Tanggal Rekomendasi", "date", 14),
    Column("sanctioned_on", "Tanggal Sanksi", "date", 14),
    Column("dataset", "Dataset", "text", 22),
    Column("source_file", "File Sumber", "text", 30),
    Column("source_sheet", "Sheet Sumber", "text", 18),
    Column("source_row", "Baris Sumber", "int", 9),
)
QUERY_COLUMNS = [c.key for c in DATA_COLUMNS if c.key != "no"]


@dataclass(frozen=True)
class ChartTable:
    """The table behind a chart, exported as an extra sheet next to the filtered data."""

    title: str
    frame: pd.DataFrame


# --------------------------------------------------------------------------------------------------------------
# Small pure helpers
# --------------------------------------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """Text that no spreadsheet will evaluate: a leading ``=``, ``+``, ``-``, ``@``, tab, CR or LF gets ``'``.

    This is OWASP's advice against CSV/formula injection. In the workbook the text is also written as a
    string cell, so it could never be a formula even without the quote.
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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


def export_time(now: dt.datetime | None = None) -> dt.datetime:
    """The time of export in WIB (the clock's now by default); ``now`` may be naive (taken as UTC) or aware."""
    return clock.to_wib(now or clock.utc_now())


def format_export_time(when: dt.datetime) -> str:
    """``22 November 2026 pukul 18.30 WIB``."""
    return clock.format_timestamp(when)


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII words joined by ``-`` (for file names): ``Pemilu 2024`` → ``pemilu-2024``."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-")


def filter_slug(filters: Filters, max_length: int = 120) -> str:
    """The active filters as a file-name part (``pemilu-2024_pppk``), ``semua`` when nothing is filtered."""
    parts: list[str] = []
    for values in (filters.cycles, filters.actor_types, filters.severities, filters.districts):
        if values:
            parts.append("-".join(slugify(v) for v in values))
    if filters.date_from:
        parts.append(f"dari-{filters.date_from.isoformat()}")
    if filters.date_to:
        parts.append(f"sampai-{filters.date_to.isoformat()}")
    if filters.search.strip():
        parts.append("cari-" + (slugify(filters.search, 30) or "teks"))
    if filters.datasets:
        parts.append("-".join(slugify(d) for d in filters.datasets))
    slug = "_".join(p for p in parts if p) or "semua"
    return slug[:max_length].strip("-_")


def export_filename(
    filters: Filters, extension: str, exported_at: dt.datetime | None = None, table_title: str | None = None
) -> str:
    """A file name that says what is inside: ``netralitas-asn_pemilu-2024_pppk_2026-11-22.xlsx``.

    The date is the date of export in WIB; ``table_title`` (a chart's table) adds ``tabel-<title>``.
    """
    parts = [FILE_PREFIX, filter_slug(filters)]
    if table_title:
        parts.append("tabel-" + (slugify(table_title, 40) or "grafik"))
    parts.append(export_time(exported_at).date().isoformat())
    return "_".join(parts) + "." + extension.lstrip(".")


def rows_viewer(viewer: Viewer, masked: bool) -> Viewer:
    """The viewer to query rows with: a guest (masked) unless unmasking is asked for and allowed."""
    if masked or not viewer.reveal:
        return Viewer(role=GUEST, user=viewer.user)
    return viewer


def is_masked(viewer: Viewer, masked: bool) -> bool:
    """Whether an export for this viewer with this option holds masked names and NIP."""
    return not rows_viewer(viewer, masked).reveal


def _cell_text(value: object) -> str:
    return neutralise(str(value))[:EXCEL_MAX_TEXT]


def _missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _as_datetime(value: dt.date) -> dt.datetime:
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)


def _ordered(names: Sequence[str], selected: Sequence[str], present: Iterable[str]) -> list[str]:
    """Categories in vocabulary order (only the selected ones when filtered), then any other present value."""
    base = [n for n in names if not selected or n in selected]
    extra = [p for p in present if p not in base]
    return base + sorted(dict.fromkeys(extra))


def _rank(order: Sequence[str], value: str) -> int:
    return order.index(value) if value in order else len(order)


@dataclass
class ExportFacts:
    """The figures of an export, all from :mod:`netralitas.queries` under the filters."""

    headline: dict
    filter_text: str
    by_dataset: pd.DataFrame
    by_cycle_actor_severity: pd.DataFrame
    by_cycle: pd.DataFrame
    by_actor: pd.DataFrame
    by_severity: pd.DataFrame
    by_district: pd.DataFrame
    by_cycle_actor: pd.DataFrame
    by_cycle_severity: pd.DataFrame
    by_district_cycle: pd.DataFrame
    sanctions_by_cycle: pd.DataFrame
    waiting: dict
    today: dt.date

    @classmethod
    def gather(cls, con: duckdb.DuckDBPyConnection, filters: Filters, today: dt.date | None = None) -> ExportFacts:
        """Run the queries behind the Ringkasan and Rekap sheets; ``today`` (WIB, default the clock's) dates the
        waiting times."""
        today = today or clock.today()
        return cls(
            headline=queries.headline(con, filters),
            filter_text=queries.describe_filters(con, filters),
            by_dataset=queries.counts_by(con, filters, ["dataset"]),
            by_cycle_actor_severity=queries.counts_by(con, filters, ["cycle", "actor_type", "severity"]),
            by_cycle=queries.counts_by(con, filters, ["cycle"]),
            by_actor=queries.counts_by(con, filters, ["actor_type"]),
            by_severity=queries.counts_by(con, filters, ["severity"]),
            by_district=queries.counts_by(con, filters, ["district"]),
            by_cycle_actor=queries.counts_by(con, filters, ["cycle", "actor_type"]),
            by_cycle_severity=queries.counts_by(con, filters, ["cycle", "severity"]),
            by_district_cycle=queries.counts_by(con, filters, ["district", "cycle"]),
            sanctions_by_cycle=queries.sanctions_by_severity(con, filters, by="cycle"),
            waiting=queries.follow_up_summary(con, filters, today=today),
            today=today,
        )

    @property
    def persons(self) -> int:
        """Persons under the filters."""
        return int(self.headline["persons"])

    def dataset_text(self, voc: Vocabulary) -> str:
        """Which datasets the export holds, with person counts, in words."""
        if self.by_dataset.empty:
            return "Tidak ada data untuk filter ini"
        return "; ".join(
            f"{voc.dataset_labels.get(r.dataset, r.dataset)}: {format_number(int(r.persons))} terlapor"
            for r in self.by_dataset.sort_values("dataset").itertuples()
        )

    def has_demo(self) -> bool:
        """True when synthetic demo rows are part of the export."""
        return queries.DEMO_DATASET in set(self.by_dataset["dataset"])


@dataclass(frozen=True)
class Pivot:
    """A cross table for the Rekap sheet: rows × columns of person counts with their totals."""

    title: str
    row_label: str
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int]
    row_totals: dict[str, int]
    column_totals: dict[str, int]
    total: int


def _pivot(
    title: str, counts: pd.DataFrame, row_dim: str, col_dim: str, row_totals: pd.DataFrame,
    col_totals: pd.DataFrame, total: int, row_order: list[str], col_order: list[str],
) -> Pivot:
    cells = {(str(r[row_dim]), str(r[col_dim])): int(r["persons"]) for _, r in counts.iterrows()}
    rt = {str(r[row_dim]): int(r["persons"]) for _, r in row_totals.iterrows()}
    ct = {str(r[col_dim]): int(r["persons"]) for _, r in col_totals.iterrows()}
    return Pivot(title, DIMENSION_LABELS[row_dim], row_order, col_order, cells, rt, ct, total)


def _sanction_pivot(title: str, facts: ExportFacts, column: str, cycles: list[str], voc: Vocabulary) -> Pivot:
    """Cycle × sanction level of ``column`` (``imposed`` or ``recommended_only``) from
    ``queries.sanctions_by_severity(by="cycle")``; imposed sanctions without a recorded level in a column of their
    own. Its total of imposed sanctions is the headline's "sanksi dijatuhkan"."""
    df = facts.sanctions_by_cycle
    levels = list(voc.sanction_names)
    cells: dict[tuple[str, str], int] = {}
    for r in df.itertuples():
        level = str(r.severity) if pd.notna(r.severity_rank) else UNRANKED_COLUMN
        if level not in levels:
            levels.append(level)
        key = (str(r.cycle), level)
        cells[key] = cells.get(key, 0) + int(getattr(r, column))
    with_sanctions = set(df["cycle"].astype(str))
    rows = [c for c in cycles if c in with_sanctions]
    row_totals = {c: sum(cells.get((c, lv), 0) for lv in levels) for c in rows}
    column_totals = {lv: sum(cells.get((c, lv), 0) for c in rows) for lv in levels}
    return Pivot(title, DIMENSION_LABELS["cycle"], rows, levels, cells, row_totals, column_totals,
                 sum(row_totals.values()))


def build_pivots(facts: ExportFacts, filters: Filters, voc: Vocabulary) -> list[Pivot]:
    """The cross tables of the Rekap sheet, in vocabulary order, totals from single-dimension counts; the sanctions
    per cycle and level twice, imposed and only recommended (the split of the pages and the brief)."""
    cycles = _ordered(voc.cycle_names, filters.cycles, facts.by_cycle["cycle"].astype(str))
    actors = _ordered(voc.actor_type_names, filters.actor_types, facts.by_actor["actor_type"].astype(str))
    severities = _ordered(voc.severity_names, filters.severities, facts.by_severity["severity"].astype(str))
    districts = _ordered(voc.district_names, filters.districts, facts.by_district["district"].astype(str))
    total = facts.persons
    return [
        _pivot("Terlapor per siklus pemilihan dan jenis pegawai", facts.by_cycle_actor, "cycle", "actor_type",
               facts.by_cycle, facts.by_actor, total, cycles, actors),
        _sanction_pivot("Sanksi dijatuhkan per siklus pemilihan dan tingkat sanksi", facts, "imposed", cycles, voc),
        _sanction_pivot("Sanksi baru direkomendasikan (belum dijatuhkan) per siklus pemilihan dan tingkat sanksi",
                        facts, "recommended_only", cycles, voc),
        _pivot("Terlapor per siklus pemilihan dan tingkat sanksi / hasil (tingkat sanksi: dijatuhkan maupun baru "
               "direkomendasikan)", facts.by_cycle_severity, "cycle", "severity", facts.by_cycle, facts.by_severity,
               total, cycles, severities),
        _pivot("Terlapor per kecamatan dan siklus pemilihan", facts.by_district_cycle, "district", "cycle",
               facts.by_district, facts.by_cycle, total, districts, cycles),
    ]


def summary_table(facts: ExportFacts, voc: Vocabulary) -> pd.DataFrame:
    """Persons and cases by cycle × actor type × severity, in vocabulary order (the Ringkasan table)."""
    df = facts.by_cycle_actor_severity.copy()
    cycles = voc.cycle_names + [voc.cycle_unknown.name]
    df["_k"] = [
        (_rank(cycles, c), _rank(voc.actor_type_names, a), _rank(voc.severity_names, s))
        for c, a, s in zip(df["cycle"], df["actor_type"], df["severity"], strict=True)
    ]
    df = df.sort_values("_k", kind="stable").drop(columns="_k")
    return df[["cycle", "actor_type", "severity", "persons", "cases"]].reset_index(drop=True)


def chart_frame(table: ChartTable, masked: bool = True) -> pd.DataFrame:
    """A chart's table with Indonesian column headers (names and NIP masked when asked)."""
    df = table.frame.copy()
    if masked:
        if "person_name" in df:
            df["person_name"] = [mask_name(v) if isinstance(v, str) else v for v in df["person_name"]]
        if "nip" in df:
            df["nip"] = [mask_nip(v) if isinstance(v, str) else v for v in df["nip"]]
    data_headers = {c.key: c.header for c in DATA_COLUMNS}
    return df.rename(columns=lambda c: DIMENSION_LABELS.get(str(c), data_headers.get(str(c), str(c))))


def _data_rows(
    con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, voc: Vocabulary, chunk_rows: int
) -> Iterator[list[Any]]:
    """Rows of the Data sheet in :data:`DATA_COLUMNS` order, streamed from the query layer."""
    dataset_at = QUERY_COLUMNS.index("dataset")
    labels = voc.dataset_labels
    number = 0
    for chunk in queries.case_row_chunks(con, filters, viewer, columns=QUERY_COLUMNS, chunk_rows=chunk_rows):
        for row in chunk:
            number += 1
            out = [number, *row]
            value = out[dataset_at + 1]
            out[dataset_at + 1] = labels.get(value, value)
            yield out


# --------------------------------------------------------------------------------------------------------------
# The workbook
# --------------------------------------------------------------------------------------------------------------


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
    if _missing(value):
        if cell_format is not None:
            ws.write_blank(row, col, None, cell_format)
        return
    if isinstance(value, bool):
        ws.write_string(row, col, "Ya" if value else "Tidak", cell_format)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, _as_datetime(value), fmt.date)
    elif isinstance(value, numbers.Number):
        ws.write_number(row, col, int(value) if isinstance(value, numbers.Integral) else float(value), cell_format)
    else:
        _write_text(ws, row, col, value, cell_format)


def _write_summary(
    ws: Any, fmt: _Formats, facts: ExportFacts, filters: Filters, viewer: Viewer, masked: bool,
    exported_at: dt.datetime, voc: Vocabulary, chart: ChartTable | None,
) -> None:
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


def _xf_index(cell_format: Any) -> int:
    """The style index xlsxwriter gives ``cell_format`` in styles.xml (assigned on first use, kept until close)."""
    return cell_format._get_xf_index()


EXCEL_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()  # serial 61 is 1900-03-01 (Excel's 1900 leap-year bug)
FIRST_PLAIN_SERIAL_DATE = dt.date(1900, 3, 1)
XML_BLOCK_ROWS = 1_000  # rows turned into XML and deflated at a time (about 1.2 MB of XML)
ZIP64_FROM_ROWS = 250_000  # a Data sheet's XML could pass 2 GiB only far above this (about 1.2 KB a row)
_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f]")
_LEADING_OR_TRAILING_SPACE = re.compile(r"^\s|\s$")
_DIMENSION = re.compile(r"<dimension ref=\"[^\"]*\"/>")
_SHEET_DATA_END = "</sheetData>"


def _excel_date_number(value: dt.date) -> str:
    """A date (or date-time) as Excel's serial number text, as xlsxwriter's ``write_datetime`` stores it."""
    if type(value) is dt.date and value >= FIRST_PLAIN_SERIAL_DATE:
        return str(value.toordinal() - EXCEL_EPOCH_ORDINAL)
    from xlsxwriter.utility import _datetime_to_excel_datetime

    return f"{_datetime_to_excel_datetime(_as_datetime(value), False, True):.16G}"


@functools.lru_cache(maxsize=4_096)
def _text_cell_rest(value: object) -> str:
    """The part of an inline-string ``<c>`` element after its ``r`` attribute, for a text value.

    The text is neutralised (a leading ``=``, ``+`` … gets ``'``) and cut to Excel's 32 767 characters; in the
    XML, control characters become ``_xHHHH_`` (and a literal ``_xHHHH_`` is protected as ``_x005F_xHHHH_``),
    leading or trailing white space is kept with ``xml:space="preserve"``, and ``&``, ``<``, ``>`` are escaped —
    so a value is always plain text, never a formula, a number or markup. The same XML xlsxwriter writes in its
    constant-memory mode (which, unlike this, would pass ``<r>…</r>`` through as rich-text markup).
    Remembered: the same categories, places and statuses come back on many rows.
    """
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        text = "'" + text
    text = text[:EXCEL_MAX_TEXT]
    if not _XML_SPECIAL.search(text):
        return f' t="inlineStr"><is><t>{text}</t></is></c>'
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL_CHARACTER.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)
    preserve = ' xml:space="preserve"' if _LEADING_OR_TRAILING_SPACE.search(text) else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{preserve}>{text}</t></is></c>'


_TEXT, _DATE, _INT, _DATASET = 0, 1, 2, 3


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _rows_xml(
    rows: Sequence[Sequence[Any]], first_row: int, first_number: int, date_style: int, int_style: int,
    labels: dict[str, str],
) -> str:
    """``<row>`` elements for person rows (query columns, without the running number) from sheet row
    ``first_row`` (1-based) on, numbered from ``first_number``: one typed cell writer per column, decided once.

    Text as inline strings (:func:`_text_cell_rest`), dates as serial numbers in the date style, whole numbers
    in the integer style, the dataset as its label; an empty value (``None``) is no cell at all.
    """
    columns = DATA_COLUMNS[1:]
    kinds = [_DATASET if c.key == "dataset" else {"text": _TEXT, "date": _DATE, "int": _INT}[c.kind] for c in columns]
    cells = list(zip([_column_letter(i) for i in range(1, len(DATA_COLUMNS))], kinds, strict=True))
    out: list[str] = []
    append = out.append
    text_rest = _text_cell_rest
    number = first_number
    for r, values in enumerate(rows, start=first_row):
        append(f'<row r="{r}"><c r="A{r}" s="{int_style}"><v>{number}</v></c>')
        number += 1
        for (letter, kind), value in zip(cells, values, strict=True):
            if value is None:
                continue
            if kind == _TEXT:
                append(f'<c r="{letter}{r}"{text_rest(value)}')
            elif kind == _DATE:
                append(f'<c r="{letter}{r}" s="{date_style}"><v>{_excel_date_number(value)}</v></c>')
            elif kind == _INT:
                append(f'<c r="{letter}{r}" s="{int_style}"><v>{int(value)}</v></c>')
            else:
                append(f'<c r="{letter}{r}"{text_rest(labels.get(value, value))}')
        append("</row>")
    return "".join(out)


@dataclass(frozen=True)
class _DataSheetPlan:
    """A Data sheet of the workbook: its name and how many person rows it holds."""

    name: str
    rows: int


def _plan_data_sheets(total: int, max_rows: int) -> list[_DataSheetPlan]:
    """"Data", then "Data (2)", … each with at most ``max_rows - 1`` person rows under the header."""
    per_sheet = max(1, max_rows - 1)
    sheets = max(1, -(-total // per_sheet))
    plans = []
    for i in range(sheets):
        rows = min(per_sheet, total - i * per_sheet)
        plans.append(_DataSheetPlan(SHEET_DATA if i == 0 else f"{SHEET_DATA} ({i + 1})", max(0, rows)))
    return plans


def _add_data_sheets(wb: Any, fmt: _Formats, plans: list[_DataSheetPlan]) -> None:
    """The Data sheets with header, widths, frozen header, print setup and autofilter over the rows to come."""
    for plan in plans:
        ws = _start_data_sheet(wb, fmt, plan.name)
        ws.autofilter(0, 0, plan.rows, len(DATA_COLUMNS) - 1)


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the package (``xl/worksheets/sheet2.xml``), from workbook.xml and its rels."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    parts = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets[sheet.get(f"{rel_ns}id")]
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _person_rows(
    con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, chunk_rows: int
) -> Iterator[list[tuple]]:
    """Chunks of person rows (:data:`QUERY_COLUMNS`, masked for ``viewer``) from the query layer."""
    yield from queries.case_row_chunks(con, filters, viewer, columns=QUERY_COLUMNS, chunk_rows=chunk_rows)


def _write_package(
    target: str | Path | IO[bytes], shell: bytes, plans: list[_DataSheetPlan], chunks: Iterator[list[tuple]],
    date_style: int, int_style: int, labels: dict[str, str],
) -> int:
    """Copy the workbook xlsxwriter wrote (with header-only Data sheets) to ``target``, streaming the person rows
    into each Data sheet's ``sheetData``; returns the rows written (checked against the plan)."""
    target = str(target) if isinstance(target, Path) else target
    pending: list[tuple] = []
    number = 1

    def take(n: int) -> Iterator[list[tuple]]:
        """The next ``n`` rows from the chunks, in pieces of at most :data:`XML_BLOCK_ROWS`."""
        nonlocal pending
        while n > 0:
            if not pending:
                pending = next(chunks, None)
                if pending is None:
                    raise RuntimeError("fewer person rows than counted under the filters")
            size = min(n, XML_BLOCK_ROWS)
            piece, pending = pending[:size], pending[size:]
            n -= len(piece)
            yield piece

    with zipfile.ZipFile(io.BytesIO(shell)) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as package:
        data_parts = {part: plan for name, part in _sheet_parts(source).items()
                      for plan in plans if plan.name == name}
        for info in source.infolist():
            plan = data_parts.get(info.filename)
            if plan is None:
                package.writestr(info, source.read(info))
                continue
            xml = source.read(info).decode("utf-8")
            cut = xml.index(_SHEET_DATA_END)
            head, tail = xml[:cut], xml[cut:]
            last_column = _column_letter(len(DATA_COLUMNS) - 1)
            head = _DIMENSION.sub(f'<dimension ref="A1:{last_column}{plan.rows + 1}"/>', head, count=1)
            with package.open(info, "w", force_zip64=plan.rows > ZIP64_FROM_ROWS) as part, \
                    ThreadPoolExecutor(max_workers=1, thread_name_prefix="xlsx-deflate") as deflate:
                # Compressing a block releases the GIL: it runs next to the XML of the following rows.
                written = deflate.submit(part.write, head.encode("utf-8"))
                sheet_row = 2
                for piece in take(plan.rows):
                    block = _rows_xml(piece, sheet_row, number, date_style, int_style, labels).encode("utf-8")
                    written.result()
                    written = deflate.submit(part.write, block)
                    sheet_row += len(piece)
                    number += len(piece)
                written.result()
                part.write(tail.encode("utf-8"))
    if pending or next(chunks, None) is not None:
        raise RuntimeError("more person rows than counted under the filters")
    return number - 1


def _print_setup(ws: Any) -> None:
    """A4 landscape, one page wide."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _write_pivots(ws: Any, fmt: _Formats, pivots: list[Pivot], filter_text: str) -> None:
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
    plans = _plan_data_sheets(facts.persons, max_rows_per_sheet)
    # xlsxwriter writes everything but the person rows (small: it all fits in memory); the rows are then streamed
    # straight into the Data sheets' XML while the package is copied to the target (see _write_package).
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
    chunks = _person_rows(con, filters, data_viewer, chunk_rows)
    return _write_package(target, shell.getvalue(), plans, chunks, date_style, int_style, voc.dataset_labels)


def build_xlsx(con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, **options: Any) -> bytes:
    """The export workbook as bytes (see :func:`write_xlsx` for the options)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, con, filters, viewer, **options)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------------------


def _csv_value(value: object, kind: str = "text") -> object:
    if _missing(value):
        return ""
    if isinstance(value, dt.date):
        return _as_datetime(value).strftime("%d/%m/%Y")
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
    for values in _data_rows(con, filters, rows_viewer(viewer, masked), voc, chunk_rows):
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
