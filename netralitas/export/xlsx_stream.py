"""Person rows streamed straight into a workbook's Data sheets, as the XML of the sheet.

xlsxwriter writes the workbook with header-only Data sheets; :func:`write_package` then copies its package to the
target and, in each Data sheet's part, writes the person rows into ``sheetData`` as they come from the query layer:
one typed cell writer per column, decided once (text → inline string, date → serial number in the date style,
whole number → number in the integer style, the dataset as its label; an empty value is no cell). It is the same
XML xlsxwriter's constant-memory mode writes, without its per-cell Python calls, and each block of rows is
deflated in a second thread while the next block becomes XML (compression releases the GIL). Memory stays flat
however many rows the filters select; ``python -m bench --only export`` measures it against the naive
``DataFrame.to_excel`` in the same run.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from netralitas import excel_limits
from netralitas.export.cells import EXCEL_MAX_TEXT, FORMULA_PREFIXES, as_datetime
from netralitas.export.content import DATA_COLUMNS, SHEET_DATA

EXCEL_EPOCH_ORDINAL = excel_limits.EPOCH.toordinal()  # serial 61 is 1900-03-01 (Excel's 1900 leap-year bug)
FIRST_PLAIN_SERIAL_DATE = dt.date(1900, 3, 1)
XML_BLOCK_ROWS = 1_000  # rows turned into XML and deflated at a time (about 1.2 MB of XML)
ZIP64_FROM_ROWS = 250_000  # a Data sheet's XML could pass 2 GiB only far above this (about 1.2 KB a row)
_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_ESCAPED_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f]")
_LEADING_OR_TRAILING_SPACE = re.compile(r"^\s|\s$")
_DIMENSION = re.compile(r"<dimension ref=\"[^\"]*\"/>")
_SHEET_DATA_END = "</sheetData>"


def excel_date_number(value: dt.date) -> str:
    """A date (or date-time) as Excel's serial number text, as xlsxwriter's ``write_datetime`` stores it."""
    if type(value) is dt.date and value >= FIRST_PLAIN_SERIAL_DATE:
        return str(value.toordinal() - EXCEL_EPOCH_ORDINAL)
    from xlsxwriter.utility import _datetime_to_excel_datetime

    return f"{_datetime_to_excel_datetime(as_datetime(value), False, True):.16G}"


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


def column_letter(index: int) -> str:
    """The spreadsheet letters of a 0-based column index (0 → "A", 26 → "AA")."""
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
    cells = list(zip([column_letter(i) for i in range(1, len(DATA_COLUMNS))], kinds, strict=True))
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
                append(f'<c r="{letter}{r}" s="{date_style}"><v>{excel_date_number(value)}</v></c>')
            elif kind == _INT:
                append(f'<c r="{letter}{r}" s="{int_style}"><v>{int(value)}</v></c>')
            else:
                append(f'<c r="{letter}{r}"{text_rest(labels.get(value, value))}')
        append("</row>")
    return "".join(out)


@dataclass(frozen=True)
class DataSheetPlan:
    """A Data sheet of the workbook: its name and how many person rows it holds."""

    name: str
    rows: int


def plan_data_sheets(total: int, max_rows: int) -> list[DataSheetPlan]:
    """"Data", then "Data (2)", … each with at most ``max_rows - 1`` person rows under the header."""
    per_sheet = max(1, max_rows - 1)
    sheets = max(1, -(-total // per_sheet))
    plans = []
    for i in range(sheets):
        rows = min(per_sheet, total - i * per_sheet)
        plans.append(DataSheetPlan(SHEET_DATA if i == 0 else f"{SHEET_DATA} ({i + 1})", max(0, rows)))
    return plans


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


def write_package(
    target: str | Path | IO[bytes], shell: bytes, plans: list[DataSheetPlan], chunks: Iterator[list[tuple]],
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
            last_column = column_letter(len(DATA_COLUMNS) - 1)
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
