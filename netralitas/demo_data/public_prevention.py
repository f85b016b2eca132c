"""The public record of prevention work: the activities of Kota Semarang reported in the press, read from the
``[[activity]]`` entries of ``public_record.toml`` and written as a prevention register the loader reads like any
other (one sheet per cycle, marked "REKAM PUBLIK").

Every row cites its press reports — outlet, headline and date — in the "Sumber Berita" column, like the public
record of cases (:mod:`netralitas.demo_data.public_record`); nobody is named. Where a report says every kecamatan
held an activity, it is one row per kecamatan. The kind and audience group a correct loader reads are part of the
data, checked against the vocabulary.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netralitas.demo_data.public_record import PUBLIC_RECORD_DATA, PressReport
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

PUBLIC_PREVENTION_FILE = "rekam_publik_pencegahan_semarang.xlsx"
TITLE_LINE = "REKAM PUBLIK KEGIATAN PENCEGAHAN PELANGGARAN NETRALITAS ASN — KOTA SEMARANG"
CITY_WIDE = "Se-Kota Semarang"  # the kecamatan cell of a city-wide activity


@dataclass(frozen=True)
class PublicActivity:
    """One prevention activity reported in the press, as written in the workbook and as a loader must read it."""

    cycle: str
    held_on: dt.date | None
    title: str
    organiser: str
    audience: str
    place: str
    district: str | None  #: None: city-wide
    kind: str
    audience_group: str
    source: str  #: the press reports (:meth:`PressReport.citation`, "; " between)
    note: str


def parse_public_activities(data: dict, voc: Vocabulary | None = None) -> tuple[PublicActivity, ...]:
    """The activities of a parsed ``public_record.toml`` (one per kecamatan of an entry with ``districts``).

    Raises ValueError naming the entry when it cites a report the file does not have, or names a cycle, kind,
    audience group or kecamatan the vocabulary does not know."""
    voc = voc or vocabulary()
    reports = {key: PressReport(**fields) for key, fields in data.get("report", {}).items()}
    out: list[PublicActivity] = []
    for entry in data.get("activity", []):
        label = entry["title"]
        cited = [reports.get(key) for key in entry["reports"]]
        if not cited or None in cited:
            raise ValueError(f"{label}: laporan {entry['reports']} tidak ada di [report]")
        for what, value, known in (("siklus", entry["cycle"], voc.cycle_names),
                                   ("jenis kegiatan", entry["kind"], voc.prevention_kind_names),
                                   ("kelompok sasaran", entry["audience_group"], voc.audience_group_names)):
            if value not in known:
                raise ValueError(f"{label}: {what} {value!r} tidak ada di kosakata")
        source = "; ".join(r.citation() for r in cited if r is not None)
        for district in entry.get("districts", [None]):
            if district is not None and district not in voc.district_names:
                raise ValueError(f"{label}: kecamatan {district!r} tidak ada di kosakata")

            def written(text: str, district: str | None = district) -> str:
                return text.replace("{kecamatan}", district or "")

            out.append(PublicActivity(
                cycle=entry["cycle"], held_on=entry.get("held_on"), title=written(entry["title"]),
                organiser=written(entry["organiser"]), audience=written(entry["audience"]),
                place=written(entry.get("place", "")), district=district, kind=entry["kind"],
                audience_group=entry["audience_group"], source=source, note=entry["note"],
            ))
    return tuple(out)


def load_public_activities(path: Path = PUBLIC_RECORD_DATA, voc: Vocabulary | None = None
                           ) -> tuple[PublicActivity, ...]:
    """The public record's prevention activities from its data file (:func:`parse_public_activities`)."""
    with Path(path).open("rb") as fh:
        return parse_public_activities(tomllib.load(fh), voc)


#: The public record's prevention activities as the bundled data file holds them.
PUBLIC_ACTIVITIES: tuple[PublicActivity, ...] = load_public_activities()

_HEADERS = ("No", "Tanggal", "Nama Kegiatan", "Penyelenggara", "Sasaran", "Jumlah Peserta", "Tempat", "Kecamatan",
            "Siklus", "Sumber Berita", "Keterangan")
_FIELDS = ("_no", "held_on", "title", "organiser", "audience", "participants", "place", "district", "cycle",
           "source_ref", "note")


def write_public_prevention(
    path: Path, rows: Sequence[PublicActivity] = PUBLIC_ACTIVITIES
) -> dict[str, dict[str, Any]]:
    """Write the public record of prevention work (one sheet per cycle) from :data:`PUBLIC_ACTIVITIES`.

    Layout per sheet: row 1 title, row 2 cycle line, row 3 "Sumber Data: REKAM PUBLIK — ...", row 4 header, data
    from row 5, then a JUMLAH row. The number of participants is never reported, so that column stays blank.
    Returns a manifest (sheet → header row, data rows, activities) like the other bundled workbooks.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = "Rekam publik kegiatan pencegahan pelanggaran netralitas ASN Kota Semarang"
    wb.properties.subject = PUBLIC_MARKER_LINE
    wb.properties.creator = "netralitas.demo_data"
    wb.properties.lastModifiedBy = "netralitas.demo_data"
    by_cycle: dict[str, list[PublicActivity]] = {}
    for r in rows:
        by_cycle.setdefault(r.cycle, []).append(r)
    manifest: dict[str, dict[str, Any]] = {}
    for cycle in sorted(by_cycle, key=lambda c: (CYCLE_INDEX.get(c, 99), c)):
        ws = wb.create_sheet(title=f"Pencegahan {cycle}"[:31])
        ci = CYCLE_INDEX.get(cycle)
        cycle_line = CYCLE_SPECS[ci].cycle_line if ci is not None else cycle.upper()
        title_rows = write_title_rows(ws, (TITLE_LINE, cycle_line, PUBLIC_MARKER_LINE), len(_HEADERS))
        for c, h in enumerate(_HEADERS, start=1):
            set_cell(ws, 4, c, h)
        style_header(ws, (4,), len(_HEADERS))
        set_widths(ws, (5, 12, 60, 40, 30, 10, 34, 18, 14, 70, 60))
        data_rows = []
        row = 5
        for no, act in enumerate(by_cycle[cycle], start=1):
            values = (no, act.held_on, act.title, act.organiser, act.audience, None, act.place,
                      act.district or CITY_WIDE, act.cycle, act.source, act.note)
            for c, v in enumerate(values, start=1):
                set_cell(ws, row, c, v, "DD/MM/YYYY" if isinstance(v, dt.date) else None)
            data_rows.append(row)
            row += 1
        set_cell(ws, row, 1, "JUMLAH").font = Font(bold=True)
        set_cell(ws, row, 3, f"{len(by_cycle[cycle])} kegiatan").font = Font(bold=True)
        manifest[ws.title] = {"title_rows": title_rows, "header_rows": [4],
                              "columns": manifest_columns(_HEADERS, _FIELDS), "data_rows": data_rows,
                              "total_row": row, "n_activities": len(by_cycle[cycle])}
    save_deterministic(wb, Path(path))
    return manifest
