"""A sheet's data rows as ``violations`` columns: the rules of :mod:`loaders.rules` and the cell readers of
:mod:`netralitas.normalize` applied column by column.

Every reader runs once per distinct raw value (:class:`Normaliser` remembers them for the whole load), and a
rule whose inputs are several cells of a row runs once per distinct combination; text that is already an Arrow
column stays one (names, positions, agencies, the raw cell texts).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from loaders.columns import fold_values, formula_notes, nip_column
from loaders.layout import DataRows, ParsedSheet
from loaders.memo import Memo
from loaders.results import SheetSummary
from loaders.rules import (
    CycleReading,
    case_id_of,
    cycle_of_row,
    cycle_of_sheet,
    joined_sanction,
    nip_column_may_hold_nik,
    person_key,
    personal_columns,
    sanction_cells,
    source_kind_of_row,
    status_day,
)
from loaders.tables import note_record
from netralitas.normalize import (
    Normalized,
    Note,
    cell_text,
    cycle_from_date,
    cycle_from_text,
    decide_severity,
    nik_of_non_asn,
    normalize_actor_type,
    normalize_district,
    normalize_nip,
    normalize_source_kind,
    normalize_status,
    parse_date,
    position_group,
    severity_of,
)
from netralitas.vocab import Vocabulary, fold


class Normaliser:
    """The cell readers of one load with their vocabulary (the office's mapped words included), each
    remembered per raw value: a register repeats the same few spellings thousands of times."""

    def __init__(self, voc: Vocabulary, today: dt.date) -> None:
        self.voc = voc
        self.text = Memo(cell_text)
        self.actor = Memo(functools.partial(normalize_actor_type, voc=voc))
        self.district = Memo(functools.partial(normalize_district, voc=voc))
        self.date = Memo(functools.partial(parse_date, voc=voc, today=today))
        self.nip = Memo(functools.partial(normalize_nip, voc=voc))
        self.nik = Memo(functools.partial(normalize_nip, voc=voc, nik_column=True))
        self.status = Memo(lambda pair: normalize_status(pair[0], voc, pair[1]))
        self.sanction = Memo(lambda text: decide_severity(text, None, voc))
        self.status_outcome = Memo(lambda status: decide_severity(None, status, voc))
        self.severity = Memo(lambda pair: severity_of(pair[0], pair[1], voc, read=self.sanction,
                                                      outcome=self.status_outcome))
        self.cycle_text = Memo(functools.partial(cycle_from_text, voc=voc))
        self.cycle_date = Memo(functools.partial(cycle_from_date, voc=voc))
        self.group = Memo(functools.partial(position_group, voc=voc))
        self.fold = Memo(fold)
        self.source_kind = Memo(lambda raw: normalize_source_kind(raw, None, voc))
        self.source_kind_of_case = Memo(lambda case_id: normalize_source_kind(None, case_id, voc))


@dataclass
class RowNotes:
    """The data-quality notes on a sheet's rows, in the order they are found, and their count per kind."""

    source_file: str
    sheet: str | None
    excel_rows: list[int]
    case_ids: list[str]
    notes: list[dict] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def add(self, row_notes: Sequence[Note | None]) -> None:
        """Record the note of every row whose entry is a :class:`~netralitas.normalize.Note` (not None)."""
        for k, note in enumerate(row_notes):
            if note is not None:
                self.counts[note.kind] += 1
                self.notes.append(note_record(self.source_file, self.sheet, self.excel_rows[k], self.case_ids[k],
                                              note))

    def add_found(self, found: Mapping[int, Note]) -> None:
        """Record notes found on some rows (row position → note), in row order."""
        self.add([found.get(k) for k in range(len(self.excel_rows))] if found else [])

    def values(self, results: Sequence[Normalized]) -> list:
        """The values of read cells, their notes recorded."""
        self.add([r.note for r in results])
        return [r.value for r in results]


@dataclass
class NormalisedSheet:
    """One sheet read, parsed and normalised: its ``violations`` columns (without batch and dataset), its
    notes and rejected rows, and its summary."""

    columns: dict[str, list | pa.Array]
    notes: list[dict]
    rejected: list[dict]
    summary: SheetSummary
    raw_labels: list[str] = field(default_factory=list)  # every column's label, and its cell texts (null where
    raw_texts: list[pa.Array] = field(default_factory=list)  # blank): the ``raw`` JSON is written from these
    activities: pa.Table | None = None  # a prevention sheet's rows (loaders/prevention.py); ``columns`` is empty


class _Fields:
    """A sheet's data rows by field: raw values, cell texts as Python values, cell texts as Arrow text."""

    def __init__(self, rows: DataRows) -> None:
        self.rows = rows
        self.blank = [None] * len(rows)

    def values(self, name: str) -> list:
        """The raw cells of a field (None where blank or where the sheet has no such column)."""
        return self.rows.values.get(name, self.blank)

    def texts(self, name: str) -> list:
        """The cell texts of a field as Python values (None where blank)."""
        texts = self.rows.field_texts.get(name)
        return texts.to_pylist() if texts is not None else self.blank

    def array(self, name: str) -> pa.Array:
        """The cell texts of a field as stored (null where blank)."""
        texts = self.rows.field_texts.get(name)
        return texts if texts is not None else pa.nulls(len(self.rows), pa.string())


def normalise_sheet(
    parsed: ParsedSheet, *, source_file: str, norm: Normaliser
) -> tuple[dict[str, list], list[dict], Counter]:
    """Turn a sheet's data rows into ``violations`` columns, plus data-quality notes and their counts.

    Each column is the rule that fills it applied to the row's cells; notes are recorded field by field in the
    order of the columns that read them. Returns (columns, notes, note counts).
    """
    rows, sheet = parsed.data, parsed.name
    cells = _Fields(rows)
    written_case = cells.texts("case_id")
    case_ids = [case_id_of(c, source_file, sheet, r) for c, r in zip(written_case, rows.excel_rows, strict=True)]
    log = RowNotes(source_file, sheet, rows.excel_rows, case_ids)
    reported = log.values(norm.date.map(cells.values("reported_on")))
    actors = log.values(norm.actor.map(cells.values("actor_type")))
    nips = log.values(_nips(parsed, cells, actors, norm))
    districts = log.values(norm.district.map(cells.values("district")))
    forwarded_on = _dates(cells, "forwarded_on", norm, log)
    statuses = log.values(norm.status.map(_status_keys(cells, forwarded_on, reported, norm.voc.forwarding_switch)))
    written_sanctions = _sanction_cells(rows, cells)
    severities = norm.severity.map(list(zip(written_sanctions, statuses, strict=True)))
    log.add([s.note for s in severities])
    cycles = _cycles(parsed, cells, reported, source_file, norm)
    log.add([c.note for c in cycles])
    personal = personal_columns(parsed.header.fields if parsed.header is not None else {})
    log.add_found(formula_notes(rows.raw_labels, rows.raw_texts, personal))
    columns = {
        "case_id": case_ids,
        "cycle": [c.cycle for c in cycles],
        "reported_on": reported,
        "source_kind": _source_kinds(cells, written_case, norm),
        "person_name": cells.array("person_name"),
        "nip": nips,
        "actor_type": actors,
        "position": cells.array("position"),
        "agency": cells.array("agency"),
        "district": districts,
        "violation_type": cells.array("violation_type"),
        "status": statuses,
        "sanction": Memo(joined_sanction).map(written_sanctions),
        "severity": [s.severity for s in severities],
        "severity_rank": [s.rank for s in severities],
        "source_file": [source_file] * len(rows),
        "source_sheet": [sheet] * len(rows),
        "source_row": rows.excel_rows,
        "cycle_basis": [c.basis for c in cycles],
        "cycle_raw": [c.raw for c in cycles],
        "actor_type_raw": cells.array("actor_type"),
        "district_raw": cells.array("district"),
        "reported_on_raw": cells.array("reported_on"),
        "nip_raw": cells.array("nip"),
        "status_raw": cells.array("status"),
        "position_group": norm.group.map(cells.texts("position")),
        "forwarded_on": forwarded_on,
        "recommended_on": _dates(cells, "recommended_on", norm, log),
        "sanctioned_on": _dates(cells, "sanctioned_on", norm, log),
        "source_ref": cells.array("source_ref"),
        "remarks": cells.array("note"),
        "person_key": list(map(person_key, nips, fold_values(cells.texts("person_name")))),
    }
    return columns, log.notes, log.counts


def _dates(cells: _Fields, name: str, norm: Normaliser, log: RowNotes) -> list:
    """A date field read (None where blank; no notes when the sheet has no such column)."""
    if name not in cells.rows.values:
        return cells.blank
    return log.values(norm.date.map(cells.values(name)))


def _nips(parsed: ParsedSheet, cells: _Fields, actors: list[str], norm: Normaliser) -> list[Normalized]:
    """The NIP column read: a NIK where the column's header names it, and for a person outside the civil
    service (:func:`loaders.rules.nip_column_may_hold_nik`, :func:`netralitas.normalize.nik_of_non_asn`)."""
    header = parsed.header
    labels = [header.labels.get(c, "") for c in header.fields.get("nip", [])] if header is not None else []
    nik = nip_column_may_hold_nik(labels, norm.voc)
    readings = nip_column(cells.values("nip"), norm.nik.map if nik else norm.nip.map, nik_column=nik,
                          nik_digits=norm.voc.nik_digits)
    return [nik_of_non_asn(r, a, norm.voc) for r, a in zip(readings, actors, strict=True)]


def _status_keys(
    cells: _Fields, forwarded_on: list, reported: list, switch: dt.date | None
) -> list[tuple[object, dt.date | None]]:
    """Per row, what its status is read from: the status cell and the side of the switch date its day is on
    (:func:`loaders.rules.status_day`)."""
    return [(raw, status_day(f, d, switch))
            for raw, f, d in zip(cells.values("status"), forwarded_on, reported, strict=True)]


def _sanction_cells(rows: DataRows, cells: _Fields) -> list[tuple[str, ...]]:
    """Per row, its sanction texts in column order (:func:`loaders.rules.sanction_cells`)."""
    if rows.sanction_all is not None:
        return Memo(sanction_cells).map(rows.sanction_all)
    return Memo(lambda text: sanction_cells((text,))).map(cells.texts("sanction"))


def _cycles(
    parsed: ParsedSheet, cells: _Fields, reported: list, source_file: str, norm: Normaliser
) -> list[CycleReading]:
    """Per row, its cycle (:func:`loaders.rules.cycle_of_row`), once per distinct (cycle cell, section, day)."""
    sheet = cycle_of_sheet(parsed.name, parsed.title_texts, source_file, norm.voc, named=norm.cycle_text)
    read = Memo(lambda key: cycle_of_row(key[0], key[1], sheet, key[2], norm.voc, named=norm.cycle_text,
                                         in_window=norm.cycle_date, text=norm.text))
    return read.map(list(zip(cells.values("cycle"), parsed.data.section_cycle, reported, strict=True)))


def _source_kinds(cells: _Fields, written_case: list, norm: Normaliser) -> list[str | None]:
    """Per row, Temuan or Laporan (:func:`loaders.rules.source_kind_of_row`)."""
    return [source_kind_of_row(kind, case, norm.source_kind_of_case)
            for kind, case in zip(norm.source_kind.map(cells.values("source_kind")), written_case, strict=True)]

