"""From a register file to committed rows: read → find layout → normalise → store, one transaction per file.

The command line (``python -m loaders``), the app's first start and the upload page all call
:func:`load_paths` / :func:`load_file_into`, so every path through the product loads the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.columns import fold_values, json_key, nip_column, raw_json_sql
from loaders.layout import ParsedSheet, parse_sheet
from loaders.memo import Memo
from loaders.reading import SUPPORTED_SUFFIXES, FileReadError, open_register_file
from netralitas import clock, db
from netralitas.normalize import (
    Note,
    cell_text,
    cycle_from_date,
    cycle_from_text,
    decide_severity,
    normalize_actor_type,
    normalize_district,
    normalize_nip,
    normalize_source_kind,
    normalize_status,
    parse_date,
    position_group,
)
from netralitas.privacy import FIELD_MASKS, QUOTE_SLOT
from netralitas.vocab import Vocabulary, fold, vocabulary

Progress = Callable[[int, int, str], None]

VIOLATION_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("cycle", pa.string()),
        ("reported_on", pa.date32()),
        ("source_kind", pa.string()),
        ("person_name", pa.string()),
        ("nip", pa.string()),
        ("actor_type", pa.string()),
        ("position", pa.string()),
        ("agency", pa.string()),
        ("district", pa.string()),
        ("violation_type", pa.string()),
        ("status", pa.string()),
        ("sanction", pa.string()),
        ("severity", pa.string()),
        ("severity_rank", pa.int32()),
        ("source_file", pa.string()),
        ("source_sheet", pa.string()),
        ("source_row", pa.int32()),
        ("batch_id", pa.int32()),
        ("dataset", pa.string()),
        ("cycle_basis", pa.string()),
        ("cycle_raw", pa.string()),
        ("actor_type_raw", pa.string()),
        ("district_raw", pa.string()),
        ("reported_on_raw", pa.string()),
        ("nip_raw", pa.string()),
        ("status_raw", pa.string()),
        ("position_group", pa.string()),
        ("forwarded_on", pa.date32()),
        ("recommended_on", pa.date32()),
        ("sanctioned_on", pa.date32()),
        ("source_ref", pa.string()),
        ("remarks", pa.string()),
        ("person_key", pa.string()),
        ("raw", pa.string()),
    ]
)

STATUS_LABELS = {
    "dimuat": "dimuat",
    "diganti": "dimuat (menggantikan muatan sebelumnya dari file bernama sama)",
    "identik": "dilewati: isi file identik dengan muatan sebelumnya",
    "uji": "uji coba (tidak ada yang ditulis)",
    "gagal": "gagal dibaca",
}


@dataclass(frozen=True)
class LoadedBy:
    """Who loads: the user name (only staff see it) and the role stored beside it, which is all guests see
    (:data:`netralitas.queries.LOADER_ROLE_LABELS`)."""

    user: str | None = None
    role: str | None = None


@dataclass
class SheetSummary:
    """What happened to one sheet: rows read, loaded, rejected (with reasons), skipped, quality notes."""

    name: str | None
    rows_read: int
    loaded: int
    rejected: list[tuple[int, str]]
    skipped: Counter
    notes: Counter
    problem: str | None = None

    @property
    def skipped_total(self) -> int:
        """Skipped non-data rows."""
        return sum(self.skipped.values())


@dataclass
class PreparedFile:
    """A file read and normalised in memory, ready to be stored."""

    path: Path
    source_file: str
    sha256: str
    dataset: str
    columns: dict[str, pa.ChunkedArray]
    rejected: list[dict]
    notes: list[dict]
    sheets: list[SheetSummary]


@dataclass
class FileResult:
    """The outcome of loading one file."""

    path: Path
    source_file: str
    status: str
    error: str | None = None
    sheets: list[SheetSummary] = field(default_factory=list)
    batch_id: int | None = None
    dataset: str | None = None
    replaced_rows: int = 0
    duplicates_replaced: int = 0

    @property
    def rows_read(self) -> int:
        """All rows read over all sheets."""
        return sum(s.rows_read for s in self.sheets)

    @property
    def rows_loaded(self) -> int:
        """Rows stored (or that would be stored, in a dry run)."""
        return sum(s.loaded for s in self.sheets)

    @property
    def rows_rejected(self) -> int:
        """Rows that cannot be a case."""
        return sum(len(s.rejected) for s in self.sheets)

    @property
    def rows_skipped(self) -> int:
        """Non-data rows (blank, titles, headers, totals, signatures)."""
        return sum(s.skipped_total for s in self.sheets)

    @property
    def notes_total(self) -> int:
        """Data-quality notes on loaded rows."""
        return sum(sum(s.notes.values()) for s in self.sheets)

    @property
    def ok(self) -> bool:
        """True unless the file could not be read at all."""
        return self.status != "gagal"


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(chunk)
    return h.hexdigest()


def detect_dataset(texts: list[str], voc: Vocabulary) -> str:
    """ "contoh" (synthetic demo), "publik" (public record) or "sendiri" (the office's own data)."""
    blob = " " + " ".join(fold(t) for t in texts if t) + " "
    for kind in ("contoh", "publik"):
        if any(f" {marker} " in blob for marker in voc.dataset_markers.get(kind, ())):
            return kind
    return "sendiri"


class _Normaliser:
    """The normalisers of one load, memoised per raw value."""

    def __init__(self, voc: Vocabulary, today: dt.date) -> None:
        self.voc = voc
        self.text = Memo(cell_text)
        self.actor = Memo(lambda v: normalize_actor_type(v, voc))
        self.district = Memo(lambda v: normalize_district(v, voc))
        self.date = Memo(lambda v: parse_date(v, voc, today))
        self.nip = Memo(lambda v: normalize_nip(v, voc))
        self.status = Memo(lambda pair: normalize_status(pair[0], voc, pair[1]))
        self.sanction = Memo(lambda v: decide_severity(v, None, voc))
        self.cycle_text = Memo(lambda v: cycle_from_text(v, voc))
        self.cycle_date = Memo(lambda v: cycle_from_date(v, voc))
        self.group = Memo(lambda v: position_group(v, voc))
        self.fold = Memo(fold)
        self.source_kind = Memo(lambda v: normalize_source_kind(v, None, voc))
        self.source_kind_of_case = Memo(lambda case_id: normalize_source_kind(None, case_id, voc))
        self.status_outcome = Memo(lambda st: decide_severity(None, st, voc))


def _sheet_cycle(parsed: ParsedSheet, source_file: str, norm: _Normaliser) -> tuple[str, str, str] | None:
    """The cycle named by the sheet name, else a title row, else the file name (DOMAIN.md §4)."""
    if parsed.name:
        cyc = norm.cycle_text(parsed.name)
        if cyc:
            return cyc, "nama sheet", parsed.name
    for text in parsed.title_texts:
        cyc = norm.cycle_text(text)
        if cyc:
            return cyc, "judul tabel", text
    cyc = norm.cycle_text(Path(source_file).stem)
    if cyc:
        return cyc, "nama file", source_file
    return None


def note_fields(note: Note) -> dict:
    """A note as stored in ``quality_notes``: its kind, message template, the value it quotes and how guests see
    that value (:class:`netralitas.normalize.Note`)."""
    return {"kind": note.kind, "message": note.message, "quoted": note.quoted, "quoted_mask": note.quoted_mask}


def normalise_sheet(
    parsed: ParsedSheet, *, source_file: str, norm: _Normaliser
) -> tuple[dict[str, list], list[dict], Counter]:
    """Turn a sheet's data rows into ``violations`` columns, plus data-quality notes and their counts.

    Column-wise: each normaliser runs once per distinct raw value. Returns (columns, notes, note counts).
    """
    rows = parsed.data
    n = len(rows)
    v = rows.values
    blank = [None] * n
    notes: list[dict] = []
    counts: Counter = Counter()
    sheet = parsed.name

    def note_rows(row_notes: list[Note | None]) -> None:
        """Record the note of every row whose entry is a :class:`Note` rather than None."""
        for k in [k for k, note in enumerate(row_notes) if note is not None]:
            note = row_notes[k]
            counts[note.kind] += 1
            notes.append(
                {
                    "source_file": source_file,
                    "source_sheet": sheet,
                    "source_row": excel_rows[k],
                    "case_id": case_ids[k],
                    **note_fields(note),
                }
            )

    def note_all(results: list, excel_rows: list[int], case_ids: list[str]) -> list:
        """The values of normalised results, recording their notes."""
        note_rows([r.note for r in results])
        return [r.value for r in results]

    def text_array(field: str) -> pa.Array:
        """The field's cell texts as stored (null where blank)."""
        return rows.field_texts[field] if field in rows.field_texts else pa.nulls(n, pa.string())

    def texts(field: str) -> list:
        return rows.field_texts[field].to_pylist() if field in rows.field_texts else blank

    excel_rows = rows.excel_rows
    case_written = texts("case_id")
    case_ids = [
        c if c else f"TANPA-NOREG:{source_file}:{sheet or 'csv'}:{excel_rows[k]}" for k, c in enumerate(case_written)
    ]

    def optional_dates(field: str) -> list:
        if field not in v:
            return blank
        return note_all(norm.date.map(v[field]), excel_rows, case_ids)

    reported = note_all(norm.date.map(v.get("reported_on", blank)), excel_rows, case_ids)
    nips = note_all(nip_column(v.get("nip", blank), norm.nip.map), excel_rows, case_ids)
    actors = note_all(norm.actor.map(v.get("actor_type", blank)), excel_rows, case_ids)
    districts = note_all(norm.district.map(v.get("district", blank)), excel_rows, case_ids)
    forwarded_on = optional_dates("forwarded_on")
    switch = norm.voc.forwarding_switch

    def side_of_switch(forwarded: dt.date | None, found: dt.date | None) -> dt.date | None:
        """Only the side of the KASN → BKN switch date matters for a status (and keeps the memo small)."""
        day = forwarded or found
        if switch is None or day is None:
            return None
        return switch if day >= switch else dt.date.min

    statuses = note_all(
        norm.status.map(
            [
                (raw, side_of_switch(f, d))
                for raw, f, d in zip(v.get("status", blank), forwarded_on, reported, strict=True)
            ]
        ),
        excel_rows,
        case_ids,
    )

    # severity: the first sanction column that names something, else the status, else "Tidak diketahui"
    if rows.sanction_all is not None:
        written = [tuple(w) for w in rows.sanction_all]
    else:
        written = [(t,) if t else () for t in texts("sanction")]

    def read_severity(key: tuple[tuple[str, ...], str | None]) -> tuple[str, int | None, Note | None]:
        sanction_texts, status = key
        reading = None
        for t in sanction_texts:
            candidate = norm.sanction(t)
            if candidate.severity != "Tidak diketahui":
                reading = candidate
                break
        if reading is None:
            reading = norm.status_outcome(status)
        return reading.severity, reading.rank, reading.note

    readings = Memo(read_severity).map(list(zip(written, statuses, strict=True)))
    note_rows([r[2] for r in readings])
    severities = [r[0] for r in readings]
    ranks = [r[1] for r in readings]
    sanction_text = Memo(lambda w: " | ".join(w) if w else None).map(written)

    # cycle: column → section title → sheet name → title rows → file name → date
    sheet_cycle = _sheet_cycle(parsed, source_file, norm)

    def read_cycle(key: tuple[object, str | None, dt.date | None]) -> tuple:
        written_cycle, section, day = key
        cyc = basis = raw = note = None
        if written_cycle is not None:
            cyc = norm.cycle_text(written_cycle)
            if cyc:
                basis, raw = "kolom", norm.text(written_cycle)
            else:
                note = Note("siklus", f"Siklus tidak dikenal: '{QUOTE_SLOT}'", norm.text(written_cycle))
        if cyc is None and section:
            cyc, basis, raw = section, "judul bagian", section
        if cyc is None and sheet_cycle:
            cyc, basis, raw = sheet_cycle
        if cyc is None:
            cyc = norm.cycle_date(day)
            basis = "tanggal" if day else "tidak diketahui"
            raw = day.isoformat() if day else None
        return cyc, basis, raw, note

    cycle_readings = Memo(read_cycle).map(
        list(zip(v.get("cycle", blank), rows.section_cycle, reported, strict=True))
    )
    note_rows([r[3] for r in cycle_readings])
    cycles = [r[0] for r in cycle_readings]
    bases = [r[1] for r in cycle_readings]
    cycle_raws = [r[2] for r in cycle_readings]

    # a cell whose text starts with "=" is kept as text: say so once per row (the first such column); the cell is
    # personal when its column is (a name or NIP column), like any value that looks like a NIP
    header_fields = parsed.header.fields if parsed.header is not None else {}
    column_masks = {c: mask for fld, mask in FIELD_MASKS.items() for c in header_fields.get(fld, [])}
    formula_rows: dict[int, Note] = {}
    for c, (label, col) in enumerate(zip(rows.raw_labels, rows.raw_texts, strict=True)):
        hits = pc.fill_null(pc.starts_with(col, "="), False)
        if not pc.any(hits).as_py():
            continue
        for k in np.flatnonzero(hits.to_numpy(zero_copy_only=False)).tolist():
            if k not in formula_rows:
                formula_rows[k] = Note(
                    "rumus", f"Kolom '{label}' diawali '=' dan disimpan sebagai teks: '{QUOTE_SLOT}'",
                    col[k].as_py()[:60], column_masks.get(c),
                )
    if formula_rows:
        note_rows([formula_rows.get(k) for k in range(n)])

    names = texts("person_name")
    folded_names = fold_values(names)
    person_keys = [nip or (name or None) for nip, name in zip(nips, folded_names, strict=True)]
    # the same person twice in the same case within this file: every later row says where the first one is
    keys = list(zip(case_ids, person_keys, strict=True))
    first_row = dict(zip(reversed(keys), reversed(excel_rows), strict=True))
    note_rows(
        [
            Note("duplikat", f"Orang yang sama dalam kasus yang sama juga ada di baris {first_row[key]} file ini")
            if key[1] and first_row[key] != row
            else None
            for key, row in zip(keys, excel_rows, strict=True)
        ]
    )
    source_kind_col = v.get("source_kind", blank)
    positions = texts("position")
    columns = {
        "case_id": case_ids,
        "cycle": cycles,
        "reported_on": reported,
        "source_kind": [
            kind or (norm.source_kind_of_case(case_written[k]) if case_written[k] else None)
            for k, kind in enumerate(norm.source_kind.map(source_kind_col))
        ],
        "person_name": text_array("person_name"),
        "nip": nips,
        "actor_type": actors,
        "position": text_array("position"),
        "agency": text_array("agency"),
        "district": districts,
        "violation_type": text_array("violation_type"),
        "status": statuses,
        "sanction": sanction_text,
        "severity": severities,
        "severity_rank": ranks,
        "source_file": [source_file] * n,
        "source_sheet": [sheet] * n,
        "source_row": excel_rows,
        "cycle_basis": bases,
        "cycle_raw": cycle_raws,
        "actor_type_raw": text_array("actor_type"),
        "district_raw": text_array("district"),
        "reported_on_raw": text_array("reported_on"),
        "nip_raw": text_array("nip"),
        "status_raw": text_array("status"),
        "position_group": norm.group.map(positions),
        "forwarded_on": forwarded_on,
        "recommended_on": optional_dates("recommended_on"),
        "sanctioned_on": optional_dates("sanctioned_on"),
        "source_ref": text_array("source_ref"),
        "remarks": text_array("note"),
        "person_key": person_keys,
    }
    return columns, notes, counts


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


class FileReading:
    """A register file being read sheet by sheet (the next sheets are read in the background meanwhile).

    :meth:`sheets` yields each sheet normalised; :attr:`dataset` is the dataset the file's markers name so
    far (workbook properties, file name, sheet names, title rows), final once every sheet has been read.
    """

    def __init__(
        self, path: Path, voc: Vocabulary, today: dt.date, progress: Progress | None = None, sha256: str | None = None
    ) -> None:
        self.path = Path(path)
        self.source_file = self.path.name
        self.voc = voc
        self.sha256 = sha256 or file_sha256(self.path)
        self.stream = open_register_file(self.path)
        self.norm = _Normaliser(voc, today)
        self.progress = progress
        self.markers = [self.stream.properties_text, self.path.stem]

    @property
    def dataset(self) -> str:
        """ "contoh", "publik" or "sendiri" by the markers seen so far."""
        return detect_dataset(self.markers, self.voc)

    def sheets(self) -> Iterator[NormalisedSheet]:
        """Each sheet of the file, normalised, in workbook order. Raises :class:`FileReadError`."""
        total = self.stream.total_rows
        done = 0
        for sheet in self.stream:
            label = f"{self.source_file} · {sheet.name or 'CSV'}"
            parsed = parse_sheet(sheet, self.voc)
            del sheet
            self.markers.extend(parsed.title_texts)
            if parsed.name:
                self.markers.append(parsed.name)
            columns, notes, note_counts = normalise_sheet(parsed, source_file=self.source_file, norm=self.norm)
            raw_labels, raw_texts = parsed.data.raw_labels, parsed.data.raw_texts
            rejected = [
                {
                    "source_file": self.source_file,
                    "source_sheet": parsed.name,
                    "source_row": row.excel_row,
                    "reason": row.reason_text(),
                    "reason_template": row.reason,
                    "quoted": row.quoted,
                    "quoted_mask": row.quoted_mask,
                    "raw": row.raw_json(),
                }
                for row in parsed.rejected
            ]
            summary = SheetSummary(
                name=parsed.name,
                rows_read=parsed.rows_read,
                loaded=len(parsed.data),
                rejected=[(r.excel_row, r.reason_text()) for r in parsed.rejected],
                skipped=parsed.skipped,
                notes=note_counts,
                problem=parsed.problem,
            )
            del parsed
            done += summary.rows_read
            if self.progress:
                self.progress(min(done, max(total, done)), max(total, done), label)
            yield NormalisedSheet(columns, notes, rejected, summary, raw_labels, raw_texts)


def prepare_file(
    path: Path,
    voc: Vocabulary | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> PreparedFile:
    """Read, parse and normalise a whole file in memory (a dry run). Raises :class:`FileReadError`."""
    reading = FileReading(path, voc or vocabulary(), today or clock.today(), progress)
    pieces: dict[str, list] = {
        name: [] for name in VIOLATION_SCHEMA.names if name not in ("batch_id", "dataset", "raw")
    }
    notes: list[dict] = []
    rejected: list[dict] = []
    summaries: list[SheetSummary] = []
    for sheet in reading.sheets():
        for name, values in sheet.columns.items():
            pieces[name].append(values)
        notes.extend(sheet.notes)
        rejected.extend(sheet.rejected)
        summaries.append(sheet.summary)
    columns = {name: _joined(parts, VIOLATION_SCHEMA.field(name).type) for name, parts in pieces.items()}
    return PreparedFile(reading.path, reading.source_file, reading.sha256, reading.dataset, columns, rejected,
                        notes, summaries)


def _joined(parts: list, arrow_type: pa.DataType) -> pa.ChunkedArray:
    """The per-sheet pieces of one column (Python lists or Arrow arrays) as one Arrow column."""
    arrays = [p if isinstance(p, (pa.Array, pa.ChunkedArray)) else pa.array(p, type=arrow_type) for p in parts]
    return pa.chunked_array(arrays, type=arrow_type)


def _active_batch(con: duckdb.DuckDBPyConnection, source_file: str) -> tuple[int, str] | None:
    row = con.execute(
        "SELECT batch_id, file_sha256 FROM load_batches WHERE source_file = ? AND active "
        "ORDER BY batch_id DESC LIMIT 1",
        [source_file],
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def _violations_table(sheet: NormalisedSheet, batch_id: int, dataset: str) -> pa.Table:
    """One sheet's rows for ``violations`` as an Arrow table: the normalised columns, and instead of ``raw`` the
    cell texts of every column (``raw_0`` …), from which :func:`_insert_table` writes the JSON."""
    n = len(sheet.columns["case_id"])
    arrays = dict(sheet.columns)
    arrays["batch_id"] = pa.array(np.full(n, batch_id, dtype=np.int32))
    arrays["dataset"] = pa.array(np.full(n, dataset, dtype=object), type=pa.string())
    fields = [f for f in VIOLATION_SCHEMA if f.name != "raw"]
    data = [arrays[f.name] for f in fields]
    for k, texts in enumerate(sheet.raw_texts):
        fields.append(pa.field(f"raw_{k}", pa.string()))
        data.append(texts)
    return pa.Table.from_arrays(data, schema=pa.schema(fields))


def _with_case_keys(con: duckdb.DuckDBPyConnection, table: pa.Table) -> pa.Table:
    """``table`` with a ``case_key`` column: the number of each row's register number (new numbers are given
    theirs in ``case_keys`` first). Looked up in Arrow, so the rows go into DuckDB in their order, unjoined."""
    ids = pa.table({"case_id": pc.unique(table["case_id"])})
    con.register("incoming_case_ids", ids)
    try:
        db.add_case_keys(con, "incoming_case_ids")
        known = con.sql(
            "SELECT k.case_id, k.case_key FROM case_keys k SEMI JOIN incoming_case_ids i ON k.case_id = i.case_id"
        ).to_arrow_table()
    finally:
        con.unregister("incoming_case_ids")
    where = pc.index_in(table["case_id"], value_set=known["case_id"].combine_chunks())
    return table.append_column("case_key", known["case_key"].combine_chunks().take(where))


def _insert_table(con: duckdb.DuckDBPyConnection, table: pa.Table, raw_labels: list[str]) -> None:
    """Append rows to ``violations`` with their case keys, writing each row's ``raw`` JSON from its ``raw_k``
    cell texts (runs in the writer thread: DuckDB releases the GIL meanwhile)."""
    raw_columns = [f"raw_{k}" for k in range(len(raw_labels))]
    exclude = f" EXCLUDE ({', '.join(raw_columns)})" if raw_columns else ""
    # DuckDB reads the Arrow table through its replacement scan of this local name, not through register():
    # a registered table stays alive until the transaction ends (all of a file's sheets at once), while
    # this one is let go when the INSERT is done.
    incoming_rows = _with_case_keys(con, table)
    del table
    con.execute(
        f"INSERT INTO violations BY NAME SELECT *{exclude}, {raw_json_sql(raw_columns)} AS raw "  # noqa: S608
        "FROM incoming_rows",  # generated column names only; the labels are parameters
        [json_key(label) for label in raw_labels],
    )
    del incoming_rows


def _store(
    con: duckdb.DuckDBPyConnection, reading: FileReading, replaced: int | None, loaded_by: LoadedBy | None
) -> FileResult:
    """Write a file in the caller's transaction, sheet by sheet as it is read: while one sheet's rows go into
    DuckDB (in a writer thread), the next sheet is read and normalised. Returns the result with its batch id.
    Raises :class:`FileReadError` for a sheet that cannot be read (the caller rolls back)."""
    batch_id = int(con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM load_batches").fetchone()[0])
    src = reading.source_file
    replaced_rows = int(con.execute("SELECT count(*) FROM violations WHERE source_file = ?", [src]).fetchone()[0])
    for table in ("violations", "rejected_rows", "quality_notes"):
        con.execute(f"DELETE FROM {table} WHERE source_file = ?", [src])  # noqa: S608 - table names are constants
    con.execute("UPDATE load_batches SET active = false WHERE source_file = ?", [src])
    notes: list[dict] = []
    rejected: list[dict] = []
    summaries: list[SheetSummary] = []
    datasets_written: set[str] = set()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="netralitas-tulis") as writer:
        pending = None
        try:
            for sheet in _readable(reading.sheets()):
                dataset = reading.dataset
                table = _violations_table(sheet, batch_id, dataset)
                sheet.columns.clear()
                sheet.raw_texts.clear()
                if pending is not None:
                    pending.result()
                pending = writer.submit(_insert_table, con, table, sheet.raw_labels)
                del table
                datasets_written.add(dataset)
                notes.extend(sheet.notes)
                rejected.extend(sheet.rejected)
                summaries.append(sheet.summary)
        finally:
            if pending is not None:
                pending.result()
    dataset = reading.dataset
    if datasets_written - {dataset}:  # a later sheet named the dataset: every row of the file says so
        con.execute("UPDATE violations SET dataset = ? WHERE batch_id = ?", [dataset, batch_id])
    # the same person in the same case from another file: the file loaded last wins
    dups = con.execute(
        """
        SELECT n.source_sheet, n.source_row, n.case_id, o.source_file, o.source_sheet, o.source_row
        FROM violations n JOIN violations o
          ON n.case_id = o.case_id AND n.person_key = o.person_key AND o.source_file <> n.source_file
        WHERE n.batch_id = ? AND n.person_key IS NOT NULL
        """,
        [batch_id],
    ).fetchall()
    for sheet_name, row, case_id, ofile, osheet, orow in dups:
        where = f"{ofile}" + (f", sheet '{osheet}'" if osheet else "") + f", baris {orow}"
        message = (f"Orang yang sama dalam kasus {case_id} juga ada di {where}; baris file ini dipakai "
                   f"(dimuat terakhir), baris lama dihapus")
        notes.append(
            {
                "source_file": src,
                "source_sheet": sheet_name,
                "source_row": row,
                "case_id": case_id,
                **note_fields(Note("duplikat", message)),
            }
        )
    if dups:
        con.execute(
            """
            DELETE FROM violations o USING violations n
            WHERE n.batch_id = ? AND n.person_key IS NOT NULL AND o.case_id = n.case_id
              AND o.person_key = n.person_key AND o.source_file <> n.source_file
            """,
            [batch_id],
        )
    if rejected:
        con.executemany(
            "INSERT INTO rejected_rows (batch_id, source_file, source_sheet, source_row, reason, raw, "
            "reason_template, quoted, quoted_mask) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[batch_id, r["source_file"], r["source_sheet"], r["source_row"], r["reason"], r["raw"],
              r["reason_template"], r["quoted"], r["quoted_mask"]] for r in rejected],
        )
    if notes:
        note_table = pa.Table.from_pylist([{**n, "batch_id": batch_id} for n in notes], schema=NOTE_SCHEMA)
        con.register("incoming_notes", note_table)
        try:
            con.execute("INSERT INTO quality_notes BY NAME SELECT * FROM incoming_notes")
        finally:
            con.unregister("incoming_notes")
    sheets_json = json.dumps(
        [
            {
                "sheet": s.name,
                "rows_read": s.rows_read,
                "loaded": s.loaded,
                "rejected": len(s.rejected),
                "skipped": dict(s.skipped),
                "notes": dict(s.notes),
                "problem": s.problem,
            }
            for s in summaries
        ],
        ensure_ascii=False,
    )
    result = FileResult(
        path=reading.path,
        source_file=src,
        status="diganti" if replaced else "dimuat",
        sheets=summaries,
        batch_id=batch_id,
        dataset=dataset,
        replaced_rows=replaced_rows,
        duplicates_replaced=len(dups),
    )
    con.execute(
        "INSERT INTO load_batches (batch_id, source_file, source_path, file_sha256, loaded_at, rows_read, "
        "rows_loaded, rows_rejected, rows_skipped, notes, dataset, sheets_json, replaced_batch_id, active, loaded_by, "
        "loaded_by_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)",
        [
            batch_id,
            src,
            str(reading.path),
            reading.sha256,
            clock.storage_now(),
            result.rows_read,
            result.rows_loaded,
            result.rows_rejected,
            result.rows_skipped,
            len(notes),
            dataset,
            sheets_json,
            replaced,
            loaded_by.user if loaded_by else None,
            loaded_by.role if loaded_by else None,
        ],
    )
    return result


def _readable(sheets: Iterator[NormalisedSheet]) -> Iterator[NormalisedSheet]:
    """The sheets, with an unexpected failure while reading one turned into a :class:`FileReadError` (a file
    that cannot be read must not take the other files of a load down)."""
    while True:
        try:
            sheet = next(sheets)
        except StopIteration:
            return
        except (FileReadError, MemoryError):
            raise
        except Exception as exc:
            raise _unexpected_read_error(exc) from exc
        yield sheet


def _unexpected_read_error(exc: BaseException) -> FileReadError:
    """An unexpected failure while reading a file, as the Indonesian reason a person sees."""
    return FileReadError(f"File tidak dapat dibaca ({type(exc).__name__}: {exc})"[:300])


NOTE_SCHEMA = pa.schema(
    [
        ("batch_id", pa.int32()),
        ("source_file", pa.string()),
        ("source_sheet", pa.string()),
        ("source_row", pa.int32()),
        ("case_id", pa.string()),
        ("kind", pa.string()),
        ("message", pa.string()),
        ("quoted", pa.string()),
        ("quoted_mask", pa.string()),
    ]
)


def load_file_into(
    con: duckdb.DuckDBPyConnection | None,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    loaded_by: LoadedBy | None = None,
    today: dt.date | None = None,
) -> FileResult:
    """Load one file into the database behind ``con`` in its own transaction (or only check it, ``dry_run``).

    A file that cannot be read returns status "gagal" with an Indonesian reason and changes nothing; an
    identical file already loaded returns "identik" and changes nothing.
    """
    path = Path(path)
    try:
        sha = file_sha256(path)
    except OSError as exc:
        return FileResult(path, path.name, "gagal", error=f"File tidak dapat dibuka: {exc.strerror or exc}")
    previous = _active_batch(con, path.name) if con is not None else None
    if previous and previous[1] == sha:
        return FileResult(path, path.name, "identik", batch_id=previous[0])
    gc_was_enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects: collection pauses cost more than they save here
    try:
        return _load_file(
            con, path, previous, sha, dry_run=dry_run, progress=progress, loaded_by=loaded_by, today=today
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _failed(path: Path, exc: BaseException) -> FileResult:
    """The result of a file that could not be read, with its Indonesian reason."""
    if isinstance(exc, FileReadError):
        error = str(exc)
    elif isinstance(exc, MemoryError):
        error = "File terlalu besar untuk memori mesin ini"
    else:  # an unexpected reader failure must not take other files down
        error = str(_unexpected_read_error(exc))
    return FileResult(path, path.name, "gagal", error=error)


def _load_file(
    con: duckdb.DuckDBPyConnection | None,
    path: Path,
    previous: tuple[int, str] | None,
    sha256: str,
    *,
    dry_run: bool,
    progress: Progress | None,
    loaded_by: LoadedBy | None,
    today: dt.date | None,
) -> FileResult:
    voc = vocabulary()
    if dry_run or con is None:
        try:
            prepared = prepare_file(path, voc, today, progress)
        except Exception as exc:
            return _failed(path, exc)
        return FileResult(path, path.name, "uji", sheets=prepared.sheets, dataset=prepared.dataset)
    try:
        reading = FileReading(path, voc, today or clock.today(), progress, sha256)
    except Exception as exc:
        return _failed(path, exc)
    con.execute("BEGIN TRANSACTION")
    try:
        result = _store(con, reading, previous[0] if previous else None, loaded_by)
    except (FileReadError, MemoryError) as exc:
        con.execute("ROLLBACK")
        return _failed(path, exc)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    try:
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


@functools.cache
def use_lean_arrow_pool() -> None:
    """Make Arrow allocate from its jemalloc pool where the installed wheel has one (Linux, macOS).

    It hands freed memory back to the system sooner than the default mimalloc pool: measured 60–90 MB less
    peak memory for a 100,000-row load at the same speed. Windows wheels have no jemalloc; the default stays.
    Arrays already made keep the pool they came from, so switching while other threads work is safe.
    """
    with contextlib.suppress(NotImplementedError):  # a wheel built without jemalloc
        pa.set_memory_pool(pa.jemalloc_memory_pool())


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files to load: given files as they are, folders searched recursively for supported files."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not f.name.startswith(("~$", "."))
                )
            )
        else:
            out.append(p)
    return out


def load_paths(
    paths: list[Path],
    db_path: Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    loaded_by: LoadedBy | None = None,
) -> list[FileResult]:
    """Load files into the database at ``db_path``; each file in its own transaction; atomic file swap."""
    use_lean_arrow_pool()
    files = expand_paths(paths)
    results: list[FileResult] = []
    if dry_run:
        con = db.connect_readonly(db_path) if db.is_populated(db_path) else None
        try:
            for f in files:
                res = load_file_into(con, f, dry_run=True, progress=progress)
                results.append(res)
                if on_result:
                    on_result(res)
        finally:
            if con is not None:
                con.close()
        return results
    try:
        with db.write_session(db_path) as con:
            for f in files:
                res = load_file_into(con, f, progress=progress, loaded_by=loaded_by)
                results.append(res)
                if on_result:
                    on_result(res)
            if not any(r.status in ("dimuat", "diganti") for r in results):
                raise _NothingWrittenError
    except _NothingWrittenError:
        pass  # nothing changed: keep the live file (and its timestamp) as it was
    return results


class _NothingWrittenError(Exception):
    """Raised inside a write session to discard the copy when no file was stored."""
