"""Writing the bundled workbooks with openpyxl: the title block, the header style, column widths, cells that
stay text, and a save that gives the same bytes every time (fixed timestamps in the file and in its zip entries)."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from netralitas.demo_data.terms import DEMO_MARKER

#: The title rows registers start with; the marker lines are what a loader recognises the dataset by (the demo
#: marker is the demo dataset's label; "rekam publik" and "dihimpun dari pemberitaan" are public-record markers).
TITLE_LINE = "REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN"
BAWASLU_LINE = "BAWASLU KOTA SEMARANG"
DEMO_MARKER_LINE = f"{DEMO_MARKER} — bukan data sebenarnya"
PUBLIC_MARKER = "REKAM PUBLIK"
PUBLIC_MARKER_LINE = f"Sumber Data: {PUBLIC_MARKER} — dihimpun dari pemberitaan media; bukan register resmi"

#: Fixed workbook timestamp, so that regenerating a workbook gives byte-identical files.
FIXED_TIMESTAMP = dt.datetime(2025, 1, 1, 0, 0, 0)

_ZIP_DATE_TIME = (2025, 1, 1, 0, 0, 0)


def save_deterministic(wb: Any, path: Path) -> None:
    """Save an openpyxl workbook with fixed timestamps (document properties and zip entries)."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # openpyxl's save_workbook would stamp "modified" with now()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with (
            os.fdopen(fd, "wb") as fh,
            zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as out,
            zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        ):
            for info in src.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE_TIME)
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o600 << 16
                out.writestr(fixed, src.read(info.filename))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def set_cell(ws: Any, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    """Write one cell; blank strings and None leave the cell empty; '='-texts stay strings."""
    if value is None or value == "":
        return None
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a text that looks like a formula, never a formula
    if number_format:
        cell.number_format = number_format
    return cell


def write_title_rows(ws: Any, lines: Sequence[str | None], ncols: int) -> list[int]:
    """The title rows from row 1 on, each merged across ``ncols`` and centred (the first three bold, a marker line
    italic); a None line is skipped. Returns the rows written."""
    from openpyxl.styles import Alignment, Font

    rows = []
    for r, line in enumerate(lines, start=1):
        if line is None:
            continue
        cell = set_cell(ws, r, 1, line)
        cell.font = Font(bold=r <= 3, italic=DEMO_MARKER in line or PUBLIC_MARKER in line)
        cell.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        rows.append(r)
    return rows


def style_header(ws: Any, rows: Sequence[int], ncols: int) -> None:
    """Header rows bold on a light blue fill, framed and centred, wrapping."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    fill = PatternFill("solid", fgColor="D9E1F2")
    for r in rows:
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def set_widths(ws: Any, widths: Sequence[float]) -> None:
    """Column widths from column A on."""
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def manifest_columns(headers: Sequence[str], fields: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Manifest entry: field → {"col": 1-based column, "letter": "A", "header": text}."""
    from openpyxl.utils import get_column_letter

    return {
        f: {"col": i, "letter": get_column_letter(i), "header": h}
        for i, (h, f) in enumerate(zip(headers, fields, strict=True), start=1)
    }
