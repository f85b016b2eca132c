"""The public record: the cases of Kota Semarang reported in the press, read from ``public_record.toml`` and
written as a workbook the loader reads like any register (one sheet per cycle, marked "REKAM PUBLIK").

Every row cites the press reports its figures come from — outlet, headline and date — in the "Sumber Berita"
column; nobody is named (a person is described by role only). The canonical values of a row (cycle, actor type,
status, severity) are names of the vocabulary, checked when the file is read.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netralitas.demo_data.tables import CYCLE_INDEX, CYCLE_SPECS
from netralitas.demo_data.workbook import (
    PUBLIC_MARKER_LINE,
    manifest_columns,
    save_deterministic,
    set_cell,
    set_widths,
    style_header,
    write_title_rows,
)
from netralitas.vocab import Vocabulary, vocabulary

PUBLIC_RECORD_FILE = "rekam_publik_netralitas_semarang.xlsx"
#: The press data the public-record workbook is written from.
PUBLIC_RECORD_DATA = Path(__file__).with_name("public_record.toml")


@dataclass(frozen=True)
class PressReport:
    """One press report: the medium, the headline as published ("" where not recorded), the date of the events it
    tells, and — where the headline is not recorded — what it is about."""

    outlet: str
    headline: str
    date: str
    about: str = ""

    def citation(self) -> str:
        """How a row cites the report: ``outlet, “headline”, date``; where the medium or the headline is not
        recorded, the date, what the report is about, and which of the two is missing."""
        outlet = self.outlet or "Pemberitaan media"
        if self.headline:
            return f"{outlet}, “{self.headline}”, {self.date}"
        missing = "judul berita tidak tercatat" if self.outlet else "media dan judul berita tidak tercatat"
        about = f"{self.about}; " if self.about else ""
        return f"{outlet}, {self.date} ({about}{missing})"


@dataclass(frozen=True)
class PublicRecordRow:
    """One person in a case of Kota Semarang reported in the press. Nobody is named: role only."""

    case_id: str  #: register-like id "PUB-<year>-<case>-<person>" (not a Bawaslu register number)
    cycle: str
    reported_on: dt.date | None  #: first of the month when only the month is known (see ``note``)
    source_kind_raw: str  #: "" when the press does not say whether it was a temuan or a laporan
    position: str
    actor_raw: str
    actor_type: str
    agency: str
    violation_type: str
    status_raw: str
    status: str | None
    sanction: str
    severity: str
    source: str  #: the press reports the row's figures come from (:meth:`PressReport.citation`, "; " between)
    note: str  #: how precise the date is and what is not known


def parse_public_record(data: dict, voc: Vocabulary | None = None) -> tuple[PublicRecordRow, ...]:
    """The rows of a parsed ``public_record.toml`` (one per id of each ``[[row]]``), in file order.

    Raises ValueError naming the row when a row cites a report the file does not have, or names a cycle, actor
    type, status or severity the vocabulary does not know."""
    voc = voc or vocabulary()
    reports = {key: PressReport(**fields) for key, fields in data.get("report", {}).items()}
    rows: list[PublicRecordRow] = []
    for entry in data.get("row", []):
        label = ", ".join(entry["ids"])
        cited = [reports.get(key) for key in entry["reports"]]
        if not cited or None in cited:
            raise ValueError(f"{label}: laporan {entry['reports']} tidak ada di [report]")
        status = entry.get("status")
        severity = entry.get("severity", voc.unknown)
        _check(label, "siklus", entry["cycle"], voc.cycle_names)
        _check(label, "jenis pegawai", entry["actor_type"], voc.actor_type_names)
        _check(label, "status", status, [None, *voc.status_names])
        _check(label, "tingkat sanksi", severity, voc.severity_names)
        source = "; ".join(r.citation() for r in cited if r is not None)
        for case_id in entry["ids"]:
            rows.append(PublicRecordRow(
                case_id=case_id, cycle=entry["cycle"], reported_on=entry.get("reported_on"),
                source_kind_raw=entry["source_kind"], position=entry["position"], actor_raw=entry["actor_raw"],
                actor_type=entry["actor_type"], agency=entry["agency"], violation_type=entry["violation_type"],
                status_raw=entry["status_raw"], status=status, sanction=entry["sanction"], severity=severity,
                source=source, note=entry["note"],
            ))
    return tuple(rows)


def _check(label: str, what: str, value: str | None, known: Sequence[str | None]) -> None:
    """Refuse a row (``label``) whose ``what`` is not one of the vocabulary's ``known`` values."""
    if value not in known:
        raise ValueError(f"{label}: {what} {value!r} tidak ada di kosakata")


def load_public_record(path: Path = PUBLIC_RECORD_DATA, voc: Vocabulary | None = None) -> tuple[PublicRecordRow, ...]:
    """The rows of the public record from its data file (see :func:`parse_public_record`)."""
    with Path(path).open("rb") as fh:
        return parse_public_record(tomllib.load(fh), voc)


#: The public record as the bundled data file holds it.
PUBLIC_RECORD: tuple[PublicRecordRow, ...] = load_public_record()

_PUBLIC_HEADERS = (
    "No", "No. Reg", "Tanggal", "Sumber Temuan", "Nama", "NIP", "Jabatan", "Status Kepegawaian", "Instansi",
    "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Sanksi/Tindak Lanjut", "Sumber Berita", "Keterangan",
)

_PUBLIC_FIELDS = (
    "_no", "case_id", "reported_on", "source_kind", "person_name", "nip", "position", "actor_type", "agency",
    "district", "violation_type", "status", "sanction", "source_ref", "note",
)


def write_public_record(path: Path, rows: Sequence[PublicRecordRow] = PUBLIC_RECORD) -> dict[str, dict[str, Any]]:
    """Write the public-record workbook (one sheet per cycle) from :data:`PUBLIC_RECORD`.

    Layout per sheet: row 1 title, row 2 cycle line, row 3 "Sumber Data: REKAM PUBLIK — ...", row 4 header,
    data from row 5, then a JUMLAH row. Nama and NIP are always blank (nobody is named); every row has a
    register-like id in "No. Reg" and a press source in "Sumber Berita". Returns a manifest like
    :func:`write_demo_register` (``data_rows`` in the order of the rows of that cycle).
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = "Rekam publik pelanggaran netralitas ASN Kota Semarang"
    wb.properties.subject = PUBLIC_MARKER_LINE
    wb.properties.creator = "netralitas.demo_data"
    wb.properties.lastModifiedBy = "netralitas.demo_data"
    ncols = len(_PUBLIC_HEADERS)
    manifest: dict[str, dict[str, Any]] = {}
    by_cycle: dict[str, list[PublicRecordRow]] = {}
    for r in rows:
        by_cycle.setdefault(r.cycle, []).append(r)
    for cycle in sorted(by_cycle, key=lambda c: (CYCLE_INDEX.get(c, 99), c)):
        ws = wb.create_sheet(title=cycle[:31])
        ci = CYCLE_INDEX.get(cycle)
        cycle_line = CYCLE_SPECS[ci].cycle_line if ci is not None else cycle.upper()
        title_rows = write_title_rows(
            ws, ("REKAM PUBLIK PELANGGARAN NETRALITAS ASN — KOTA SEMARANG", cycle_line, PUBLIC_MARKER_LINE), ncols
        )
        for c, h in enumerate(_PUBLIC_HEADERS, start=1):
            set_cell(ws, 4, c, h)
        style_header(ws, (4,), ncols)
        set_widths(ws, (5, 18, 12, 12, 10, 10, 34, 14, 34, 12, 48, 22, 36, 48, 70))
        data_rows = []
        row = 5
        for no, rec in enumerate(by_cycle[cycle], start=1):
            values = (
                no,
                rec.case_id,
                rec.reported_on,
                rec.source_kind_raw,
                "",
                "",
                rec.position,
                rec.actor_raw,
                rec.agency,
                "",
                rec.violation_type,
                rec.status_raw,
                rec.sanction,
                rec.source,
                rec.note,
            )
            for c, v in enumerate(values, start=1):
                set_cell(ws, row, c, v, "DD/MM/YYYY" if isinstance(v, dt.date) else None)
            data_rows.append(row)
            row += 1
        from openpyxl.styles import Font

        set_cell(ws, row, 1, "JUMLAH").font = Font(bold=True)
        set_cell(ws, row, 5, len(by_cycle[cycle])).font = Font(bold=True)
        manifest[ws.title] = {
            "layout": "public",
            "title_rows": title_rows,
            "header_rows": [4],
            "columns": manifest_columns(_PUBLIC_HEADERS, _PUBLIC_FIELDS),
            "data_rows": data_rows,
            "reject_rows": [],
            "total_row": row,
            "n_persons": len(by_cycle[cycle]),
        }
    save_deterministic(wb, Path(path))
    return manifest
