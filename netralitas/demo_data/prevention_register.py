"""The demo prevention register: FICTIONAL prevention activities ("DATA CONTOH (FIKTIF)") of Bawaslu Kota Semarang,
the Panwaslu Kecamatan and the city, written as a hand-kept register the loader reads, so that the prevention pages
are alive on first start.

Seeded and deterministic. Each cycle (Pilwakot 2020, Pemilu 2024, Pilkada 2024) has its own sheet laid out its own
way — a one-row header with dates as text; a two-row header ("Kegiatan" over Nama / Jenis / Tanggal, "Peserta"
over Sasaran / Jumlah) with one date merged over the activities of the same day; a header with the cycle in a
column — each with title rows carrying the demo marker, a JUMLAH row and a signature block. Some kecamatan hold no
activity in a cycle. :class:`DemoActivity` holds what a correct loader must read from each row.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netralitas.demo_data.register import _date_text
from netralitas.demo_data.tables import CYCLE_SPECS
from netralitas.demo_data.terms import KECAMATAN
from netralitas.demo_data.workbook import (
    BAWASLU_LINE,
    DEMO_MARKER_LINE,
    manifest_columns,
    save_deterministic,
    set_cell,
    set_widths,
    style_header,
    write_title_rows,
)
from netralitas.vocab import vocabulary

DEMO_PREVENTION_FILE = "contoh_register_pencegahan_FIKTIF.xlsx"
PREVENTION_TITLE_LINE = "REKAPITULASI KEGIATAN PENCEGAHAN PELANGGARAN NETRALITAS ASN"
DEFAULT_SEED = 20241127

_VOC = vocabulary()
SOSIALISASI, IMBAUAN, DEKLARASI, PAKTA, RAKOR, PATROLI, LAINNYA = _VOC.prevention_kind_names
LURAH, CAMAT, OPD, GURU, ASN, PIMPINAN, MASYARAKAT, AUDIENCE_OTHER = _VOC.audience_group_names


@dataclass(frozen=True)
class _Template:
    """An activity as the register writes it ({k}: the kecamatan) and what it is."""

    title: str
    kind: str
    organiser: str
    audience: str
    group: str
    place: str
    participants: tuple[int, int] | None  # the range drawn from; None: not written
    city_wide: bool = False


_CITY = (
    _Template("Rakor pengawasan netralitas ASN dengan BKPP dan Inspektorat", RAKOR, "Bawaslu Kota Semarang",
              "BKPP dan Inspektorat Kota Semarang", OPD, "Kantor Bawaslu Kota Semarang", (10, 25), True),
    _Template("Patroli siber akun media sosial ASN", PATROLI, "Bawaslu Kota Semarang", "", ASN,
              "Kantor Bawaslu Kota Semarang", None, True),
    _Template("Surat Imbauan netralitas ASN kepada Wali Kota Semarang", IMBAUAN, "Bawaslu Kota Semarang",
              "Wali Kota Semarang", PIMPINAN, "", None, True),
    _Template("Sosialisasi netralitas ASN bagi Kepala Perangkat Daerah", SOSIALISASI, "Bawaslu Kota Semarang",
              "Kepala Perangkat Daerah Pemkot Semarang", OPD, "Hotel di Kota Semarang", (40, 90), True),
    _Template("Deklarasi Netralitas dan Penandatanganan Pakta Integritas ASN Pemkot Semarang", DEKLARASI,
              "Pemkot Semarang (BKPP)", "ASN Pemkot Semarang", ASN, "Halaman Balai Kota Semarang", (300, 900), True),
    _Template("Sosialisasi Netralitas ASN bagi Lurah se-Kota Semarang", SOSIALISASI, "Bawaslu Kota Semarang",
              "Lurah se-Kota Semarang", LURAH, "Aula Balai Kota Semarang", (150, 180), True),
)
_DISTRICT = (
    _Template("Sosialisasi Netralitas ASN bagi Lurah se-Kecamatan {k}", SOSIALISASI, "Panwaslu Kecamatan {k}",
              "Lurah se-Kecamatan {k}", LURAH, "Aula Kantor Kecamatan {k}", (8, 20)),
    _Template("Imbauan netralitas ASN kepada Camat {k}", IMBAUAN, "Panwaslu Kecamatan {k}", "Camat {k}", CAMAT,
              "Kantor Kecamatan {k}", None),
    _Template("Ikrar Netralitas ASN Kecamatan {k}", DEKLARASI, "Kecamatan {k}", "ASN Kecamatan {k}", ASN,
              "Halaman Kantor Kecamatan {k}", (60, 200)),
    _Template("Penandatanganan Pakta Integritas Netralitas Lurah dan Camat", PAKTA, "Panwaslu Kecamatan {k}",
              "Camat dan Lurah se-Kecamatan {k}", LURAH, "Kantor Kecamatan {k}", (8, 20)),
    _Template("Sosialisasi netralitas ASN bagi guru", SOSIALISASI, "Panwaslu Kecamatan {k}",
              "Kepala Sekolah dan Guru SD/SMP se-Kecamatan {k}", GURU, "SD Negeri di Kecamatan {k}", (30, 120)),
    _Template("Pemasangan spanduk imbauan netralitas ASN", IMBAUAN, "Panwaslu Kecamatan {k}", "Masyarakat", MASYARAKAT,
              "Jalan utama Kecamatan {k}", None),
    _Template("Apel siaga pengawasan", LAINNYA, "Panwaslu Kecamatan {k}", "Panwaslu Kelurahan se-Kecamatan {k}",
              AUDIENCE_OTHER, "Kantor Kecamatan {k}", (15, 40)),
)


@dataclass(frozen=True)
class DemoActivity:
    """One fictional activity: the cells as written and what a correct loader reads from them."""

    cycle: str
    held_on: dt.date
    title: str
    kind: str
    organiser: str
    audience: str
    audience_group: str
    district: str | None  #: None: city-wide
    participants: int | None
    place: str


def _window(spec_index: int) -> tuple[dt.date, dt.date]:
    """The days a cycle's activities fall on: from its first case segment to the eve of its voting day."""
    spec = CYCLE_SPECS[spec_index]
    start = dt.date.fromordinal(spec.segments[0][0])
    voting = [m.date for m in _VOC.cycle(spec.name).milestones][-1]
    return start, voting - dt.timedelta(days=1)


def generate_demo_activities(seed: int = DEFAULT_SEED) -> list[DemoActivity]:
    """The fictional activities of every cycle, by date; each cycle leaves three or four kecamatan without any."""
    rng = random.Random(seed)
    out: list[DemoActivity] = []
    for i, spec in enumerate(CYCLE_SPECS):
        start, end = _window(i)
        days = (end - start).days
        quiet = set(rng.sample(KECAMATAN, rng.choice((3, 4))))
        drawn: list[tuple[_Template, str | None]] = [(t, None) for t in _CITY if rng.random() < 0.85]
        for k in KECAMATAN:
            if k not in quiet:
                drawn.extend((t, k) for t in rng.sample(_DISTRICT, rng.choice((1, 1, 2, 3))))
        cycle_activities = []
        for template, k in drawn:
            day = start + dt.timedelta(days=rng.randrange(days + 1))
            participants = rng.randint(*template.participants) if template.participants else None
            cycle_activities.append(DemoActivity(
                cycle=spec.name, held_on=day, title=template.title.replace("{k}", k or ""), kind=template.kind,
                organiser=template.organiser.replace("{k}", k or ""),
                audience=template.audience.replace("{k}", k or ""), audience_group=template.group, district=k,
                participants=participants, place=template.place.replace("{k}", k or "")))
        out.extend(sorted(cycle_activities, key=lambda a: (a.held_on, a.district or "", a.title)))
    return out


def _participants_text(n: int | None, form: int) -> object:
    """The number of participants as registers write it: 120, "± 120", "120 orang", "±120 peserta"."""
    if n is None:
        return None
    return (n, f"± {n}", f"{n} orang", f"±{n} peserta")[form % 4]


_HEADER_A = ("No", "Tanggal", "Kegiatan", "Jenis Kegiatan", "Penyelenggara", "Sasaran", "Jumlah Peserta", "Tempat",
             "Kecamatan", "Keterangan")
_FIELDS_A = ("_no", "held_on", "title", "kind", "organiser", "audience", "participants", "place", "district",
             "note")
_TOP_B = ("No", "Kegiatan", "Kegiatan", "Kegiatan", "Penyelenggara", "Peserta", "Peserta", "Tempat", "Kecamatan")
_SUB_B = (None, "Nama", "Jenis", "Tanggal", None, "Sasaran", "Jumlah", None, None)
_FIELDS_B = ("_no", "title", "kind", "held_on", "organiser", "audience", "participants", "place", "district")
_HEADER_C = ("No", "Hari/Tanggal", "Uraian Kegiatan", "Siklus", "Penyelenggara", "Sasaran", "Jumlah Peserta",
             "Lokasi", "Kecamatan")
_FIELDS_C = ("_no", "held_on", "title", "cycle", "organiser", "audience", "participants", "place", "district")
_CITY_WIDE_WORDS = ("Se-Kota Semarang", "Kota Semarang", "")


def _cells(a: DemoActivity, fields: Sequence[str], no: int, form: int) -> list[object]:
    """The cells of one activity in the order of ``fields`` (the kind column shows the canonical kind)."""
    by_field: dict[str, object] = {
        "_no": no, "held_on": _date_text(a.held_on, form % 5) if form % 3 else a.held_on, "title": a.title,
        "kind": a.kind if form % 4 else None, "organiser": a.organiser, "audience": a.audience or None,
        "participants": _participants_text(a.participants, form), "place": a.place or None,
        "district": a.district or _CITY_WIDE_WORDS[form % 3] or None, "cycle": a.cycle, "note": None,
    }
    return [by_field[f] for f in fields]


def _write_sheet(ws: Any, spec_index: int, activities: Sequence[DemoActivity], layout: str) -> dict[str, Any]:
    """One cycle's sheet in ``layout`` "A", "B" or "C" (see the module); returns its manifest."""
    from openpyxl.styles import Font

    spec = CYCLE_SPECS[spec_index]
    if layout == "B":
        ncols, fields = len(_TOP_B), _FIELDS_B
        titles = write_title_rows(ws, (PREVENTION_TITLE_LINE, spec.cycle_line, BAWASLU_LINE, DEMO_MARKER_LINE), ncols)
        head = [len(titles) + 2, len(titles) + 3]
        for c, (top, sub) in enumerate(zip(_TOP_B, _SUB_B, strict=True), start=1):
            set_cell(ws, head[0], c, top)
            set_cell(ws, head[1], c, sub)
            if sub is None:
                ws.merge_cells(start_row=head[0], start_column=c, end_row=head[1], end_column=c)
        ws.merge_cells(start_row=head[0], start_column=2, end_row=head[0], end_column=4)
        ws.merge_cells(start_row=head[0], start_column=6, end_row=head[0], end_column=7)
        headers = tuple(f"{t} / {s}" if s else t for t, s in zip(_TOP_B, _SUB_B, strict=True))
    else:
        header = _HEADER_A if layout == "A" else _HEADER_C
        ncols, fields, headers = len(header), (_FIELDS_A if layout == "A" else _FIELDS_C), header
        lines = ((BAWASLU_LINE, PREVENTION_TITLE_LINE, spec.cycle_line, DEMO_MARKER_LINE) if layout == "A"
                 else (PREVENTION_TITLE_LINE, BAWASLU_LINE, DEMO_MARKER_LINE))  # C: the cycle is in a column
        titles = write_title_rows(ws, lines, ncols)
        head = [len(titles) + 2]
        for c, h in enumerate(header, start=1):
            set_cell(ws, head[0], c, h)
    style_header(ws, head, ncols)
    set_widths(ws, (5, 20, 58, 18, 30, 40, 12, 34, 18, 20)[:ncols])
    row = head[-1] + 1
    data_rows = []
    date_col = fields.index("held_on") + 1
    for no, a in enumerate(activities, start=1):
        for c, v in enumerate(_cells(a, fields, no, no + spec_index), start=1):
            set_cell(ws, row, c, v, "DD/MM/YYYY" if isinstance(v, dt.date) else None)
        data_rows.append(row)
        row += 1
    if layout == "B":  # one date merged over the activities of the same day
        first = 0
        for k in range(1, len(activities) + 1):
            if k == len(activities) or activities[k].held_on != activities[first].held_on:
                if k - first > 1:
                    for r in data_rows[first + 1:k]:
                        ws.cell(row=r, column=date_col).value = None
                    ws.merge_cells(start_row=data_rows[first], start_column=date_col, end_row=data_rows[k - 1],
                                   end_column=date_col)
                first = k
    set_cell(ws, row, 1, "JUMLAH").font = Font(bold=True)
    set_cell(ws, row, fields.index("participants") + 1, sum(a.participants or 0 for a in activities))
    total_row = row
    signature = [spec.signature_date, "Ketua Bawaslu Kota Semarang", None, "(tanda tangan)"]
    for k, line in enumerate(signature, start=row + 2):
        set_cell(ws, k, ncols - 2, line)
    return {"layout": layout, "title_rows": titles, "header_rows": head, "data_rows": data_rows,
            "columns": manifest_columns(headers, fields), "total_row": total_row, "n_activities": len(activities)}


def write_demo_prevention(path: Path, activities: Sequence[DemoActivity] | None = None) -> dict[str, dict[str, Any]]:
    """Write the demo prevention register (one sheet per cycle, layouts A, B and C) and return its manifest."""
    from openpyxl import Workbook

    activities = list(activities if activities is not None else generate_demo_activities())
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"Register kegiatan pencegahan netralitas ASN — {DEMO_MARKER_LINE}"
    wb.properties.subject = DEMO_MARKER_LINE
    wb.properties.creator = "netralitas.demo_data"
    wb.properties.lastModifiedBy = "netralitas.demo_data"
    manifest = {}
    for i, spec in enumerate(CYCLE_SPECS):
        ws = wb.create_sheet(title=f"Pencegahan {spec.name}"[:31])
        mine = [a for a in activities if a.cycle == spec.name]
        manifest[ws.title] = _write_sheet(ws, i, mine, "ABC"[i % 3])
    save_deterministic(wb, Path(path))
    return manifest
