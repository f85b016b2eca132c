"""From a register file to committed rows: read → find layout → normalise → store, one transaction per file.

The command line (``python -m loaders``), the app's first start and the upload page all call
:func:`load_paths` / :func:`load_file_into`, so every path through the product loads the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from loaders.layout import ParsedRow, ParsedSheet, parse_sheet
from loaders.reading import SUPPORTED_SUFFIXES, FileReadError, RawWorkbook, read_register_file
from netralitas import db
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
    records: list[dict]
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
    """Normalises raw values with per-load caches (registers repeat the same few spellings)."""

    def __init__(self, voc: Vocabulary, today: dt.date) -> None:
        self.voc = voc
        self.today = today
        self._cache: dict[tuple[str, object], object] = {}

    def _cached(self, kind: str, raw: object, fn: Callable[[], object]) -> object:
        key = (kind, raw if isinstance(raw, (str, int, float, dt.date)) else repr(raw))
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = fn()
            return value

    def actor(self, raw: object):
        return self._cached("actor", raw, lambda: normalize_actor_type(raw, self.voc))

    def district(self, raw: object):
        return self._cached("district", raw, lambda: normalize_district(raw, self.voc))

    def date(self, raw: object):
        return self._cached("date", raw, lambda: parse_date(raw, self.voc, self.today))

    def nip(self, raw: object):
        return self._cached("nip", raw, lambda: normalize_nip(raw, self.voc))

    def status(self, raw: object):
        return self._cached("status", raw, lambda: normalize_status(raw, self.voc))

    def severity(self, raw: object, status: str | None):
        return self._cached(f"sev:{status}", raw, lambda: decide_severity(raw, status, self.voc))

    def cycle_text(self, raw: object):
        return self._cached("cycle", raw, lambda: cycle_from_text(raw, self.voc))

    def group(self, raw: object):
        return self._cached("group", raw, lambda: position_group(raw, self.voc))

    def source_kind(self, raw: object, case_id: str | None):
        return normalize_source_kind(raw, case_id, self.voc)


def _text(value: object) -> str | None:
    return cell_text(value)


def normalise_row(
    row: ParsedRow,
    *,
    source_file: str,
    sheet_name: str | None,
    sheet_cycle: tuple[str, str, str] | None,
    norm: _Normaliser,
) -> tuple[dict, list[Note]]:
    """Turn one parsed data row into a ``violations`` record plus its data-quality notes."""
    v = row.values
    notes: list[Note] = []

    def keep(result):
        if result.note is not None:
            notes.append(result.note)
        return result.value

    case_id = _text(v.get("case_id"))
    if not case_id:
        case_id = f"TANPA-NOREG:{source_file}:{sheet_name or 'csv'}:{row.excel_row}"
    reported = keep(norm.date(v.get("reported_on")))
    nip = keep(norm.nip(v.get("nip")))
    actor = keep(norm.actor(v.get("actor_type")))
    district = keep(norm.district(v.get("district")))
    status = keep(norm.status(v.get("status")))
    sanction_texts = v.get("sanction_all") or ([_text(v.get("sanction"))] if v.get("sanction") is not None else [])
    sanction_texts = [t for t in sanction_texts if t]
    reading = None
    for text in sanction_texts:
        candidate = norm.severity(text, None)
        if candidate.severity != "Tidak diketahui":
            reading = candidate
            break
    if reading is None or (reading.rank is None and status and reading.severity == "Tidak diketahui"):
        reading = norm.severity(None, status)
    if reading.note is not None:
        notes.append(reading.note)

    # cycle: column → section title → sheet name → title rows → file name → date
    cycle, basis, cycle_raw = None, None, None
    if v.get("cycle") is not None:
        cycle = norm.cycle_text(v.get("cycle"))
        if cycle:
            basis, cycle_raw = "kolom", _text(v.get("cycle"))
        else:
            notes.append(Note("siklus", f"Siklus tidak dikenal: '{_text(v.get('cycle'))}'"))
    if cycle is None and row.section_cycle:
        cycle, basis, cycle_raw = row.section_cycle, "judul bagian", row.section_cycle
    if cycle is None and sheet_cycle:
        cycle, basis, cycle_raw = sheet_cycle
    if cycle is None:
        cycle = cycle_from_date(reported, norm.voc)
        basis = "tanggal" if reported else "tidak diketahui"
        cycle_raw = reported.isoformat() if reported else None

    for label, text in row.raw.items():
        if text and text[0] == "=":
            notes.append(Note("rumus", f"Kolom '{label}' diawali '=' dan disimpan sebagai teks: '{text[:60]}'"))
            break

    name = _text(v.get("person_name"))
    person_key = nip or (fold(name) if name else None)
    record = {
        "case_id": case_id,
        "cycle": cycle,
        "reported_on": reported,
        "source_kind": norm.source_kind(v.get("source_kind"), _text(v.get("case_id"))),
        "person_name": name,
        "nip": nip,
        "actor_type": actor,
        "position": _text(v.get("position")),
        "agency": _text(v.get("agency")),
        "district": district,
        "violation_type": _text(v.get("violation_type")),
        "status": status,
        "sanction": " | ".join(sanction_texts) if sanction_texts else None,
        "severity": reading.severity,
        "severity_rank": reading.rank,
        "source_file": source_file,
        "source_sheet": sheet_name,
        "source_row": row.excel_row,
        "cycle_basis": basis,
        "cycle_raw": cycle_raw,
        "actor_type_raw": _text(v.get("actor_type")),
        "district_raw": _text(v.get("district")),
        "reported_on_raw": _text(v.get("reported_on")),
        "nip_raw": _text(v.get("nip")),
        "status_raw": _text(v.get("status")),
        "position_group": norm.group(v.get("position")),
        "forwarded_on": keep(norm.date(v.get("forwarded_on"))) if v.get("forwarded_on") is not None else None,
        "recommended_on": keep(norm.date(v.get("recommended_on"))) if v.get("recommended_on") is not None else None,
        "sanctioned_on": keep(norm.date(v.get("sanctioned_on"))) if v.get("sanctioned_on") is not None else None,
        "source_ref": _text(v.get("source_ref")),
        "remarks": _text(v.get("note")),
        "person_key": person_key,
        "raw": row.raw_json(),
    }
    return record, notes


def _sheet_cycle(parsed: ParsedSheet, source_file: str, norm: _Normaliser) -> tuple[str, str, str] | None:
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
    records: list[dict] = []
    rejected: list[dict] = []
    notes: list[dict] = []
    summaries: list[SheetSummary] = []
    marker_texts = [wb.properties_text, path.stem]
    total_rows = sum(len(s.rows) for s in wb.sheets)
    done = 0
    parsed_sheets = []
    for sheet in wb.sheets:
        parsed = parse_sheet(sheet, voc)
        parsed_sheets.append(parsed)
        marker_texts.extend(parsed.title_texts)
        if parsed.name:
            marker_texts.append(parsed.name)
    dataset = detect_dataset(marker_texts, voc)
    for parsed in parsed_sheets:
        sheet_cycle = _sheet_cycle(parsed, source_file, norm)
        note_counts: Counter = Counter()
        seen_keys: dict[tuple[str, str], int] = {}
        for i, row in enumerate(parsed.data):
            record, row_notes = normalise_row(
                row, source_file=source_file, sheet_name=parsed.name, sheet_cycle=sheet_cycle, norm=norm
            )
            record["dataset"] = dataset
            key = (record["case_id"], record["person_key"])
            if record["person_key"]:
                if key in seen_keys:
                    row_notes.append(
                        Note(
                            "duplikat",
                            f"Orang yang sama dalam kasus yang sama juga ada di baris {seen_keys[key]} file ini",
                        )
                    )
                else:
                    seen_keys[key] = row.excel_row
            records.append(record)
            for n in row_notes:
                note_counts[n.kind] += 1
                notes.append(
                    {
                        "source_file": source_file,
                        "source_sheet": parsed.name,
                        "source_row": row.excel_row,
                        "case_id": record["case_id"],
                        "kind": n.kind,
                        "message": n.message,
                    }
                )
            if progress and i % 2000 == 0:
                progress(done + row.index, total_rows, f"{source_file} · {parsed.name or 'CSV'}")
        for row in parsed.rejected:
            rejected.append(
                {
                    "source_file": source_file,
                    "source_sheet": parsed.name,
                    "source_row": row.excel_row,
                    "reason": row.reason or "Baris tidak dapat dibaca",
                    "raw": row.raw_json(),
                }
            )
        done += parsed.rows_read
        summaries.append(
            SheetSummary(
                name=parsed.name,
                rows_read=parsed.rows_read,
                loaded=len(parsed.data),
                rejected=[(r.excel_row, r.reason or "") for r in parsed.rejected],
                skipped=parsed.skipped,
                notes=note_counts,
                problem=parsed.problem,
            )
        )
    if progress:
        progress(total_rows, total_rows, source_file)
    return PreparedFile(path, source_file, sha, dataset, records, rejected, notes, summaries)


def _active_batch(con: duckdb.DuckDBPyConnection, source_file: str) -> tuple[int, str] | None:
    row = con.execute(
        "SELECT batch_id, file_sha256 FROM load_batches WHERE source_file = ? AND active "
        "ORDER BY batch_id DESC LIMIT 1",
        [source_file],
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


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
    for r in prepared.records:
        r["batch_id"] = batch_id
    table = pa.Table.from_pylist(prepared.records, schema=VIOLATION_SCHEMA)
    con.register("incoming_rows", table)
    try:
        con.execute("INSERT INTO violations BY NAME SELECT * FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")
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
