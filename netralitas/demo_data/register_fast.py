"""Large registers for benchmarks, written quickly with xlsxwriter in constant-memory mode: one sheet per cycle
(continued on "<cycle> (2)", … beyond Excel's rows), the messy title block or a plain header, real dates."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from netralitas import excel_limits
from netralitas.demo_data.generator import persons_by_sheet
from netralitas.demo_data.person import DemoPerson
from netralitas.demo_data.tables import CYCLE_INDEX, CYCLE_SPECS
from netralitas.demo_data.terms import DEMO_MARKER
from netralitas.demo_data.workbook import BAWASLU_LINE, DEMO_MARKER_LINE, FIXED_TIMESTAMP, TITLE_LINE

_FAST_HEADERS = (
    "No", "No. Reg", "Tanggal", "Sumber", "Nama", "NIP", "Jabatan", "Status Kepegawaian", "Unit Kerja",
    "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Sanksi",
)

_EXCEL_EPOCH = excel_limits.EPOCH.toordinal()


def write_register_fast(
    path: Path, persons: Sequence[DemoPerson], layout: str = "messy", max_rows_per_sheet: int | None = None
) -> dict[str, dict[str, Any]]:
    """Write a large register quickly with xlsxwriter (``constant_memory``), for benchmarks.

    One sheet per cycle; a cycle with more rows than fit in one sheet continues on "<cycle> (2)", ...
    ``layout="messy"``: four title rows (incl. the DATA CONTOH marker), one header row (row 5), data from
    row 6, a JUMLAH row. ``layout="plain"``: header in row 1, data from row 2, no title or total rows.
    Dates are real Excel dates, NIPs text. ``max_rows_per_sheet`` (data rows) defaults to what Excel allows.
    Returns ``{sheet: {"header_rows", "first_data_row", "last_data_row", "n_persons", "total_row",
    "cycle"}}``; data rows hold the sheet's persons in order, one per row.
    """
    import xlsxwriter

    if layout not in ("messy", "plain"):
        raise ValueError("layout must be 'messy' or 'plain'")
    messy = layout == "messy"
    first_data = 6 if messy else 2  # 1-based
    limit = excel_limits.MAX_ROWS - (first_data - 1) - (1 if messy else 0)
    if max_rows_per_sheet is not None:
        limit = max(1, min(limit, max_rows_per_sheet))

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    wb.set_properties(
        {
            "title": f"Register netralitas ASN (besar) — {DEMO_MARKER}",
            "subject": DEMO_MARKER_LINE,
            "author": "netralitas.demo_data",
            "created": FIXED_TIMESTAMP,
        }
    )
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    manifest: dict[str, dict[str, Any]] = {}
    for cycle, group in persons_by_sheet(persons).items():
        ci = CYCLE_INDEX.get(cycle)
        cycle_line = CYCLE_SPECS[ci].cycle_line if ci is not None else cycle.upper()
        for part, start in enumerate(range(0, len(group), limit), start=1):
            chunk = group[start : start + limit]
            name = cycle if part == 1 else f"{cycle} ({part})"
            ws = wb.add_worksheet(name[:31])
            r = 0
            if messy:
                for line in (TITLE_LINE, cycle_line, BAWASLU_LINE, DEMO_MARKER_LINE):
                    ws.write_string(r, 0, line, bold)
                    r += 1
            for c, h in enumerate(_FAST_HEADERS):
                ws.write_string(r, c, h, bold)
            r += 1
            ws_str = ws.write_string
            ws_num = ws.write_number
            no = start
            for p in chunk:
                no += 1
                ws_num(r, 0, no)
                ws_str(r, 1, p.case_id)
                if p.date_raw is not None:
                    ws_str(r, 2, p.date_raw)
                elif p.reported_on is not None:
                    ws_num(r, 2, p.reported_on.toordinal() - _EXCEL_EPOCH, date_fmt)
                ws_str(r, 3, p.source_kind_raw)
                ws_str(r, 4, p.person_name)
                if p.nip is not None:
                    ws_str(r, 5, p.nip)
                ws_str(r, 6, p.position)
                if p.actor_raw:
                    ws_str(r, 7, p.actor_raw)
                ws_str(r, 8, p.agency)
                if p.district_raw:
                    ws_str(r, 9, p.district_raw)
                ws_str(r, 10, p.violation_type)
                if p.status_raw:
                    ws_str(r, 11, p.status_raw)
                if p.sanction:
                    ws_str(r, 12, p.sanction)
                r += 1
            total_row = None
            if messy:
                ws.write_string(r, 0, "JUMLAH", bold)
                ws.write_number(r, 4, len(chunk), bold)
                total_row = r + 1
            manifest[name[:31]] = {
                "cycle": cycle,
                "header_rows": [first_data - 1],
                "first_data_row": first_data,
                "last_data_row": first_data + len(chunk) - 1,
                "n_persons": len(chunk),
                "total_row": total_row,
            }
    if not manifest:
        wb.add_worksheet("Data").write_string(0, 0, DEMO_MARKER_LINE)
    wb.close()
    return manifest
