"""From a register file to committed rows: read → find layout → normalise → store, one transaction per file.

The command line (``python -m loaders``), the app's first start and the upload page all call
:func:`load_paths` / :func:`load_file_into`, so every path through the product loads the same way.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.columns import fold_values, nip_column
from loaders.layout import ParsedSheet, parse_sheet
from loaders.memo import Memo
from loaders.reading import SUPPORTED_SUFFIXES, FileReadError, RawWorkbook, read_register_file
from netralitas import db
from netralitas.normalize import (
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


def normalise_sheet(
    parsed: ParsedSheet, *, source_file: str, dataset: str, norm: _Normaliser
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

    def note_all(results: list, excel_rows: list[int], case_ids: list[str]) -> list:
        for k in [k for k, res in enumerate(results) if res.note is not None]:
            note = results[k].note
            counts[note.kind] += 1
            notes.append(
                {
                    "source_file": source_file,
                    "source_sheet": sheet,
                    "source_row": excel_rows[k],
                    "case_id": case_ids[k],
                    "kind": note.kind,
                    "message": note.message,
                }
            )
        return [res.value for res in results]

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
    sanction_lists = rows.sanction_all or [[t] if t else [] for t in texts("sanction")]
    severities: list[str] = []
    ranks: list[int | None] = []
    sanction_text: list[str | None] = []
    for k, written in enumerate(sanction_lists):
        reading = None
        for t in written:
            candidate = norm.sanction(t)
            if candidate.severity != "Tidak diketahui":
                reading = candidate
                break
        if reading is None:
            reading = norm.status_outcome(statuses[k])
        if reading.note is not None:
            counts[reading.note.kind] += 1
            notes.append(
                {
                    "source_file": source_file,
                    "source_sheet": sheet,
                    "source_row": excel_rows[k],
                    "case_id": case_ids[k],
                    "kind": reading.note.kind,
                    "message": reading.note.message,
                }
            )
        severities.append(reading.severity)
        ranks.append(reading.rank)
        sanction_text.append(" | ".join(written) if written else None)

    # cycle: column → section title → sheet name → title rows → file name → date
    sheet_cycle = _sheet_cycle(parsed, source_file, norm)
    cycles, bases, cycle_raws = [], [], []
    cycle_col = v.get("cycle", blank)
    for k in range(n):
        cyc = basis = raw = None
        if cycle_col[k] is not None:
            cyc = norm.cycle_text(cycle_col[k])
            if cyc:
                basis, raw = "kolom", norm.text(cycle_col[k])
            else:
                counts["siklus"] += 1
                notes.append(
                    {
                        "source_file": source_file,
                        "source_sheet": sheet,
                        "source_row": excel_rows[k],
                        "case_id": case_ids[k],
                        "kind": "siklus",
                        "message": f"Siklus tidak dikenal: '{norm.text(cycle_col[k])}'",
                    }
                )
        if cyc is None and rows.section_cycle[k]:
            cyc, basis, raw = rows.section_cycle[k], "judul bagian", rows.section_cycle[k]
        if cyc is None and sheet_cycle:
            cyc, basis, raw = sheet_cycle
        if cyc is None:
            day = reported[k]
            cyc = norm.cycle_date(day)
            basis = "tanggal" if day else "tidak diketahui"
            raw = day.isoformat() if day else None
        cycles.append(cyc)
        bases.append(basis)
        cycle_raws.append(raw)

    # a cell whose text starts with "=" is kept as text: say so once per row (the first such column)
    formula_rows: dict[int, tuple[str, str]] = {}
    for label, col in zip(rows.raw_labels, rows.raw_texts, strict=True):
        hits = pc.fill_null(pc.starts_with(col, "="), False)
        if not pc.any(hits).as_py():
            continue
        for k in np.flatnonzero(hits.to_numpy(zero_copy_only=False)).tolist():
            formula_rows.setdefault(k, (label, col[k].as_py()))
    for k in sorted(formula_rows):
        label, t = formula_rows[k]
        counts["rumus"] += 1
        notes.append(
            {
                "source_file": source_file,
                "source_sheet": sheet,
                "source_row": excel_rows[k],
                "case_id": case_ids[k],
                "kind": "rumus",
                "message": f"Kolom '{label}' diawali '=' dan disimpan sebagai teks: '{t[:60]}'",
            }
        )

    names = texts("person_name")
    folded_names = fold_values(names)
    person_keys = [nip or (name or None) for nip, name in zip(nips, folded_names, strict=True)]
    seen: dict[tuple[str, str], int] = {}
    for k in range(n):
        if person_keys[k]:
            key = (case_ids[k], person_keys[k])
            if key in seen:
                counts["duplikat"] += 1
                notes.append(
                    {
                        "source_file": source_file,
                        "source_sheet": sheet,
                        "source_row": excel_rows[k],
                        "case_id": case_ids[k],
                        "kind": "duplikat",
                        "message": f"Orang yang sama dalam kasus yang sama juga ada di baris {seen[key]} file ini",
                    }
                )
            else:
                seen[key] = excel_rows[k]
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
        "dataset": [dataset] * n,
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
        "raw": rows.raw_json_all(),
    }
    return columns, notes, counts


def prepare_file(
    path: Path,
    voc: Vocabulary | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    workbook: RawWorkbook | None = None,
) -> PreparedFile:
    """Read, parse and normalise a file in memory. Raises :class:`FileReadError` for unreadable files."""
    voc = voc or vocabulary()
    path = Path(path)
    source_file = path.name
    sha = file_sha256(path)
    wb = workbook or read_register_file(path)
    norm = _Normaliser(voc, today or dt.date.today())
    total_rows = sum(len(s.rows) for s in wb.sheets)
    parsed_sheets = []
    marker_texts = [wb.properties_text, path.stem]
    done = 0
    for sheet in wb.sheets:
        done += len(sheet.rows)
        parsed = parse_sheet(sheet, voc)
        parsed_sheets.append(parsed)
        marker_texts.extend(parsed.title_texts)
        if parsed.name:
            marker_texts.append(parsed.name)
        if progress:
            progress(done // 2, total_rows, f"{source_file} · {parsed.name or 'CSV'}")
    dataset = detect_dataset(marker_texts, voc)
    pieces: dict[str, list] = {name: [] for name in VIOLATION_SCHEMA.names if name != "batch_id"}
    notes: list[dict] = []
    rejected: list[dict] = []
    summaries: list[SheetSummary] = []
    done = 0
    for parsed in parsed_sheets:
        cols, sheet_notes, note_counts = normalise_sheet(parsed, source_file=source_file, dataset=dataset, norm=norm)
        for name, values in cols.items():
            pieces[name].append(values)
        notes.extend(sheet_notes)
        for row in parsed.rejected:
            rejected.append(
                {
                    "source_file": source_file,
                    "source_sheet": parsed.name,
                    "source_row": row.excel_row,
                    "reason": row.reason,
                    "raw": row.raw_json(),
                }
            )
        summaries.append(
            SheetSummary(
                name=parsed.name,
                rows_read=parsed.rows_read,
                loaded=len(parsed.data),
                rejected=[(r.excel_row, r.reason) for r in parsed.rejected],
                skipped=parsed.skipped,
                notes=note_counts,
                problem=parsed.problem,
            )
        )
        done += parsed.rows_read
        if progress:
            progress(total_rows // 2 + done // 2, total_rows, f"{source_file} · {parsed.name or 'CSV'}")
    columns = {name: _joined(parts, VIOLATION_SCHEMA.field(name).type) for name, parts in pieces.items()}
    return PreparedFile(path, source_file, sha, dataset, columns, rejected, notes, summaries)


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


INSERT_CHUNK_ROWS = 25_000


def _insert_columns(con: duckdb.DuckDBPyConnection, columns: dict[str, list], batch_id: int) -> None:
    """Insert the normalised columns in chunks, handing each chunk to DuckDB as Arrow and freeing the Python
    values as it goes (keeps a 100,000-row load's memory low)."""
    n_rows = len(columns["case_id"])
    for start in range(0, n_rows, INSERT_CHUNK_ROWS):
        stop = min(start + INSERT_CHUNK_ROWS, n_rows)
        chunk = {name: values.slice(start, stop - start) for name, values in columns.items()}
        chunk["batch_id"] = pa.array(np.full(stop - start, batch_id, dtype=np.int32))
        table = pa.Table.from_pydict(chunk, schema=VIOLATION_SCHEMA)
        del chunk
        con.register("incoming_rows", table)
        try:
            con.execute("INSERT INTO violations BY NAME SELECT * FROM incoming_rows")
        finally:
            con.unregister("incoming_rows")
        del table
    columns.clear()  # the rows are in the database now; the Python copies are no longer needed


def _store(
    con: duckdb.DuckDBPyConnection, prepared: PreparedFile, replaced: int | None, loaded_by: str | None
) -> FileResult:
    """Write one prepared file in the caller's transaction. Returns the result with its batch id."""
    batch_id = int(con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM load_batches").fetchone()[0])
    src = prepared.source_file
    replaced_rows = int(con.execute("SELECT count(*) FROM violations WHERE source_file = ?", [src]).fetchone()[0])
    for table in ("violations", "rejected_rows", "quality_notes"):
        con.execute(f"DELETE FROM {table} WHERE source_file = ?", [src])  # noqa: S608 - table names are constants
    con.execute("UPDATE load_batches SET active = false WHERE source_file = ?", [src])
    _insert_columns(con, prepared.columns, batch_id)
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
    notes = list(prepared.notes)
    for sheet, row, case_id, ofile, osheet, orow in dups:
        where = f"{ofile}" + (f", sheet '{osheet}'" if osheet else "") + f", baris {orow}"
        notes.append(
            {
                "source_file": src,
                "source_sheet": sheet,
                "source_row": row,
                "case_id": case_id,
                "kind": "duplikat",
                "message": f"Orang yang sama dalam kasus {case_id} juga ada di {where}; baris file ini dipakai "
                f"(dimuat terakhir), baris lama dihapus",
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
    if prepared.rejected:
        con.executemany(
            "INSERT INTO rejected_rows VALUES (?, ?, ?, ?, ?, ?)",
            [
                [batch_id, r["source_file"], r["source_sheet"], r["source_row"], r["reason"], r["raw"]]
                for r in prepared.rejected
            ],
        )
    if notes:
        note_table = pa.Table.from_pylist(
            [{**n, "batch_id": batch_id} for n in notes],
            schema=pa.schema(
                [
                    ("batch_id", pa.int32()),
                    ("source_file", pa.string()),
                    ("source_sheet", pa.string()),
                    ("source_row", pa.int32()),
                    ("case_id", pa.string()),
                    ("kind", pa.string()),
                    ("message", pa.string()),
                ]
            ),
        )
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
            for s in prepared.sheets
        ],
        ensure_ascii=False,
    )
    result = FileResult(
        path=prepared.path,
        source_file=src,
        status="diganti" if replaced else "dimuat",
        sheets=prepared.sheets,
        batch_id=batch_id,
        dataset=prepared.dataset,
        replaced_rows=replaced_rows,
        duplicates_replaced=len(dups),
    )
    con.execute(
        "INSERT INTO load_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?)",
        [
            batch_id,
            src,
            str(prepared.path),
            prepared.sha256,
            dt.datetime.now().replace(microsecond=0),
            result.rows_read,
            result.rows_loaded,
            result.rows_rejected,
            result.rows_skipped,
            len(notes),
            prepared.dataset,
            sheets_json,
            replaced,
            loaded_by,
        ],
    )
    return result


def load_file_into(
    con: duckdb.DuckDBPyConnection | None,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    loaded_by: str | None = None,
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
        return _load_file(con, path, previous, dry_run=dry_run, progress=progress, loaded_by=loaded_by, today=today)
    finally:
        if gc_was_enabled:
            gc.enable()


def _load_file(
    con: duckdb.DuckDBPyConnection | None,
    path: Path,
    previous: tuple[int, str] | None,
    *,
    dry_run: bool,
    progress: Progress | None,
    loaded_by: str | None,
    today: dt.date | None,
) -> FileResult:
    try:
        prepared = prepare_file(path, progress=progress, today=today)
    except FileReadError as exc:
        return FileResult(path, path.name, "gagal", error=str(exc))
    except MemoryError:
        return FileResult(path, path.name, "gagal", error="File terlalu besar untuk memori mesin ini")
    except Exception as exc:  # an unexpected reader failure must not take other files down
        return FileResult(
            path, path.name, "gagal", error=f"File tidak dapat dibaca ({type(exc).__name__}: {exc})"[:300]
        )
    if dry_run or con is None:
        return FileResult(path, path.name, "uji", sheets=prepared.sheets, dataset=prepared.dataset)
    con.execute("BEGIN TRANSACTION")
    try:
        result = _store(con, prepared, previous[0] if previous else None, loaded_by)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return result


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
    loaded_by: str | None = None,
) -> list[FileResult]:
    """Load files into the database at ``db_path``; each file in its own transaction; atomic file swap."""
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
