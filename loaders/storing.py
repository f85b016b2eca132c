"""Storing a file being read in the caller's transaction: its rows, rejected rows, notes and load record.

A file is identified by its name: storing it replaces every row an earlier file of that name left. Sheets go
into DuckDB one by one as they are read (in a writer thread, while the next sheet is read and normalised); the
same person in the same case from another file is taken over (the file loaded last wins).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.columns import json_key, raw_json_sql
from loaders.normalising import NormalisedSheet
from loaders.preparing import FileReading, readable
from loaders.prevention import activities_with, insert_activities
from loaders.results import FileResult, LoadedBy, SheetSummary, sheets_json
from loaders.rules import duplicate_note
from loaders.tables import NOTE_SCHEMA, VIOLATION_SCHEMA, note_record
from netralitas import clock, db


def active_batch(con: duckdb.DuckDBPyConnection, source_file: str) -> tuple[int, str] | None:
    """(batch id, SHA-256) of the load of ``source_file`` that is active now, or None."""
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


@dataclass
class _Written:
    """What writing a file's sheets left to settle: their notes (per sheet: a later sheet may still take rows
    and notes out of an earlier one), rejected rows, summaries, and the datasets the rows were written with."""

    sheet_notes: list[list[dict]] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    summaries: list[SheetSummary] = field(default_factory=list)
    datasets: set[str] = field(default_factory=set)

    def add(self, sheet: NormalisedSheet, dataset: str) -> None:
        """Remember what a sheet just written leaves to settle."""
        self.datasets.add(dataset)
        self.sheet_notes.append(sheet.notes)
        self.rejected.extend(sheet.rejected)
        self.summaries.append(sheet.summary)

    @property
    def notes(self) -> list[dict]:
        """Every note of the file, sheet by sheet."""
        return [n for sheet_list in self.sheet_notes for n in sheet_list]


def _clear_previous(con: duckdb.DuckDBPyConnection, source_file: str) -> int:
    """Take out every row an earlier load of ``source_file`` left, and retire its load; returns its row count."""
    rows = int(con.execute("SELECT (SELECT count(*) FROM violations WHERE source_file = ?) + "
                           "(SELECT count(*) FROM prevention_activities WHERE source_file = ?)",
                           [source_file, source_file]).fetchone()[0])
    for table in ("violations", "prevention_activities", "rejected_rows", "quality_notes"):
        con.execute(f"DELETE FROM {table} WHERE source_file = ?", [source_file])  # noqa: S608 - constant names
    con.execute("UPDATE load_batches SET active = false WHERE source_file = ?", [source_file])
    return rows


def _write_sheets(con: duckdb.DuckDBPyConnection, reading: FileReading, batch_id: int) -> _Written:
    """Write each sheet's rows as it is read: while one sheet goes into DuckDB (in a writer thread), the next
    is read and normalised. Raises :class:`~loaders.reading.FileReadError` for a sheet that cannot be read."""
    written = _Written()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="netralitas-tulis") as writer:
        pending = None
        try:
            for sheet in readable(reading.sheets()):
                dataset = reading.dataset
                if sheet.activities is not None:  # a prevention sheet: a few rows, written at once
                    if pending is not None:  # one writer on the connection at a time
                        pending.result()
                        pending = None
                    insert_activities(con, activities_with(sheet.activities, batch_id, dataset))
                    written.add(sheet, dataset)
                    continue
                table = _violations_table(sheet, batch_id, dataset)
                sheet.columns.clear()
                sheet.raw_texts.clear()
                if pending is not None:
                    pending.result()
                pending = writer.submit(_insert_table, con, table, sheet.raw_labels)
                del table
                written.add(sheet, dataset)
        finally:
            if pending is not None:
                pending.result()
    return written


def _drop_superseded(con: duckdb.DuckDBPyConnection, batch_id: int, superseded: set[tuple[str | None, int]]) -> None:
    """Remove the rows of earlier sheets that lost to the same person in the same case further down the file."""
    if superseded:
        con.executemany(
            "DELETE FROM violations WHERE batch_id = ? AND source_sheet IS NOT DISTINCT FROM ? AND source_row = ?",
            [[batch_id, sheet, row] for sheet, row in sorted(superseded, key=lambda place: (place[0] or "", place[1]))],
        )


def _take_over_duplicates(
    con: duckdb.DuckDBPyConnection, batch_id: int, source_file: str, summaries: list[SheetSummary]
) -> list[dict]:
    """The same person in the same case from another file: the file loaded last wins. The older rows and their
    notes are removed; each row of this file that took one over gets a note (counted with its sheet's notes).
    Returns those notes."""
    dups = con.execute(
        """
        SELECT n.source_sheet, n.source_row, n.case_id, o.source_file, o.source_sheet, o.source_row
        FROM violations n JOIN violations o
          ON n.case_id = o.case_id AND n.person_key = o.person_key AND o.source_file <> n.source_file
        WHERE n.batch_id = ? AND n.person_key IS NOT NULL
        """,
        [batch_id],
    ).fetchall()
    summary_of = {summary.name: summary for summary in summaries}
    notes = []
    for sheet, row, case_id, other_file, other_sheet, other_row in dups:
        summary_of[sheet].notes["duplikat"] += 1
        notes.append(note_record(source_file, sheet, row, case_id,
                                 duplicate_note(case_id, other_file, other_sheet, other_row)))
    if dups:
        con.execute(  # the notes of the rows taken over describe rows that are no longer there
            """
            DELETE FROM quality_notes q USING violations o, violations n
            WHERE n.batch_id = ? AND n.person_key IS NOT NULL AND o.case_id = n.case_id
              AND o.person_key = n.person_key AND o.source_file <> n.source_file
              AND q.source_file = o.source_file AND q.source_sheet IS NOT DISTINCT FROM o.source_sheet
              AND q.source_row = o.source_row
            """,
            [batch_id],
        )
        con.execute(
            """
            DELETE FROM violations o USING violations n
            WHERE n.batch_id = ? AND n.person_key IS NOT NULL AND o.case_id = n.case_id
              AND o.person_key = n.person_key AND o.source_file <> n.source_file
            """,
            [batch_id],
        )
    return notes


def _insert_rejected(con: duckdb.DuckDBPyConnection, batch_id: int, rejected: list[dict]) -> None:
    """Store the rows that cannot be a case, with their reasons and cells."""
    if rejected:
        con.executemany(
            "INSERT INTO rejected_rows (batch_id, source_file, source_sheet, source_row, reason, raw, "
            "reason_template, quoted, quoted_mask) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[batch_id, r["source_file"], r["source_sheet"], r["source_row"], r["reason"], r["raw"],
              r["reason_template"], r["quoted"], r["quoted_mask"]] for r in rejected],
        )


def _insert_notes(con: duckdb.DuckDBPyConnection, batch_id: int, notes: list[dict]) -> None:
    """Store the data-quality notes of the rows loaded."""
    if notes:
        note_table = pa.Table.from_pylist([{**n, "batch_id": batch_id} for n in notes], schema=NOTE_SCHEMA)
        con.register("incoming_notes", note_table)
        try:
            con.execute("INSERT INTO quality_notes BY NAME SELECT * FROM incoming_notes")
        finally:
            con.unregister("incoming_notes")


def _insert_batch(
    con: duckdb.DuckDBPyConnection, result: FileResult, reading: FileReading, notes: int, replaced: int | None,
    loaded_by: LoadedBy | None,
) -> None:
    """Record the load: the file, its counts (as the summary prints them), who loaded it, what it replaced."""
    con.execute(
        "INSERT INTO load_batches (batch_id, source_file, source_path, file_sha256, loaded_at, rows_read, "
        "rows_loaded, rows_rejected, rows_skipped, notes, dataset, sheets_json, replaced_batch_id, active, loaded_by, "
        "loaded_by_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)",
        [
            result.batch_id,
            result.source_file,
            str(reading.path),
            reading.sha256,
            clock.storage_now(),
            result.rows_read,
            result.rows_loaded,
            result.rows_rejected,
            result.rows_skipped,
            notes,
            result.dataset,
            sheets_json(result.sheets),
            replaced,
            loaded_by.user if loaded_by else None,
            loaded_by.role if loaded_by else None,
        ],
    )


def store_file(
    con: duckdb.DuckDBPyConnection, reading: FileReading, replaced: int | None, loaded_by: LoadedBy | None
) -> FileResult:
    """Write a file in the caller's transaction, sheet by sheet as it is read, in place of the rows an earlier
    file of its name left (``replaced``: that load's batch id). Returns the result with its batch id.
    Raises :class:`~loaders.reading.FileReadError` for a sheet that cannot be read (the caller rolls back)."""
    batch_id = int(con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM load_batches").fetchone()[0])
    src = reading.source_file
    replaced_rows = _clear_previous(con, src)
    written = _write_sheets(con, reading, batch_id)
    notes = written.notes
    _drop_superseded(con, batch_id, reading.same_person.superseded)
    dataset = reading.dataset
    if written.datasets - {dataset}:  # a later sheet named the dataset: every row of the file says so
        for table in ("violations", "prevention_activities"):
            con.execute(f"UPDATE {table} SET dataset = ? WHERE batch_id = ?", [dataset, batch_id])  # noqa: S608
    taken_over = _take_over_duplicates(con, batch_id, src, written.summaries)
    notes.extend(taken_over)
    _insert_rejected(con, batch_id, written.rejected)
    _insert_notes(con, batch_id, notes)
    result = FileResult(path=reading.path, source_file=src, status="diganti" if replaced else "dimuat",
                        sheets=written.summaries, batch_id=batch_id, dataset=dataset, replaced_rows=replaced_rows,
                        duplicates_replaced=len(taken_over))
    _insert_batch(con, result, reading, len(notes), replaced, loaded_by)
    return result
