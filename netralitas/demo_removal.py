"""Removing the demo data set (the fictitious register) from the database: entirely, audited and undoably.

What is removed: every load whose data set is the demo (:data:`DEMO_DATASET`, recognised by the loader from the
workbooks' own "DATA CONTOH (FIKTIF)" markers) — its batches in ``load_batches``, and its rows in ``violations``,
``prevention_activities`` (the demo prevention register), ``rejected_rows``, ``quality_notes`` and any other table
with a ``batch_id`` column — plus the case keys of register numbers that no remaining row uses. The public record
(of cases and of prevention work) is never removed: it is real and each row cites the press report it comes from.
The bundled workbooks in ``data/`` are not touched, so a fresh install still starts with the demo.

How: one write session (copy → write → atomic swap, :func:`netralitas.db.write_session`) that keeps a backup of the
state before it, so ``python -m loaders --undo`` and the app's undo put the demo back exactly. The session marks the
database (:data:`netralitas.db.DEMO_REMOVED_KEY`): a database left without any load is in use, not missing, and the
app does not build the demo again on its next start. When there is no demo, nothing is written.

Who: the ``pimpinan`` role in the app, and the command line (the server's operator, who can replace the database
file anyway). The caller records the audit row with :meth:`DemoRemoval.audit_details`. This module does not import
Streamlit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from netralitas import audit, db, roles
from netralitas.formatting import format_number
from netralitas.queries import DEMO_DATASET, PUBLIC_DATASET  # the data-set keys (the public record is never removed)
from netralitas.vocab import vocabulary


class DemoRemovalNotAllowedError(PermissionError):
    """The role may not remove the demo data (the message is Indonesian, for the user)."""


class DemoChangedError(RuntimeError):
    """The demo loads differ from the ones the user confirmed (another load or removal happened meanwhile)."""


@dataclass(frozen=True)
class DemoBatch:
    """One load of the demo data set."""

    batch_id: int
    source_file: str
    loaded_at: dt.datetime | None
    rows_loaded: int
    active: bool


@dataclass(frozen=True)
class DemoContents:
    """What the database holds of the demo data set: its loads and the rows they wrote, table by table."""

    batches: tuple[DemoBatch, ...] = ()
    persons: int = 0  # rows of ``violations`` (one per person per case)
    cases: int = 0  # distinct register numbers among them
    activities: int = 0  # rows of ``prevention_activities`` (one per prevention activity)
    rejected_rows: int = 0
    quality_notes: int = 0
    other_rows: int = 0  # rows of any further table with a ``batch_id`` column
    rows_by_table: dict[str, int] = field(default_factory=dict)  # every table with a ``batch_id`` column

    @property
    def empty(self) -> bool:
        """True when the database holds no demo load."""
        return not self.batches

    @property
    def batch_ids(self) -> tuple[int, ...]:
        """The demo loads' batch ids, ascending."""
        return tuple(b.batch_id for b in self.batches)

    @property
    def files(self) -> tuple[str, ...]:
        """The demo loads' file names, each once, in load order."""
        return tuple(dict.fromkeys(b.source_file for b in self.batches))


@dataclass(frozen=True)
class DemoRemoval:
    """The outcome of a removal (or of its dry run): what was (would be) removed, and the persons left per data set."""

    removed: DemoContents
    remaining: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def remaining_persons(self) -> int:
        """Persons left in the database (all data sets)."""
        return sum(self.remaining.values())

    def audit_details(self, db_path: Path) -> dict:
        """The audit row's details: database, files, batches and how many rows of each kind were removed."""
        r = self.removed
        return {"db": Path(db_path).name, "file": list(r.files), "batch": list(r.batch_ids), "terlapor": r.persons,
                "kasus": r.cases, "kegiatan_pencegahan": r.activities, "baris_ditolak": r.rejected_rows,
                "catatan": r.quality_notes,
                "baris_lain": r.other_rows, "tersisa_terlapor": self.remaining_persons}


def may_remove(role: str) -> bool:
    """True when ``role`` may remove the demo data: a role :mod:`netralitas.roles` allows it, or the command line."""
    return role == audit.COMMAND_LINE_ROLE or roles.may(role, roles.REMOVE_DEMO)


def _batch_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables of the database with a ``batch_id`` column, other than ``load_batches`` itself."""
    rows = con.execute(
        """
        SELECT c.table_name FROM duckdb_columns() c
        JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
        WHERE c.column_name = 'batch_id' AND c.database_name = current_database() AND c.schema_name = 'main'
          AND c.table_name <> 'load_batches'
        ORDER BY c.table_name
        """
    ).fetchall()
    return [r[0] for r in rows]


def _quoted(name: str) -> str:
    """A table name from the catalogue as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _count(con: duckdb.DuckDBPyConnection, table: str, batch_ids: list[int]) -> int:
    sql = f"SELECT count(*) FROM {_quoted(table)} WHERE list_contains(?, batch_id)"  # noqa: S608 - catalogue name
    return int(con.execute(sql, [batch_ids]).fetchone()[0])


def demo_contents(con: duckdb.DuckDBPyConnection) -> DemoContents:
    """What the database behind ``con`` holds of the demo: every load whose data set is the demo (active or replaced,
    and any batch whose rows say so), with the rows of each table that those loads wrote."""
    batch_rows = con.execute(
        """
        SELECT batch_id, source_file, loaded_at, rows_loaded, active FROM load_batches
        WHERE dataset = ? OR batch_id IN (SELECT batch_id FROM violations WHERE dataset = ?)
           OR batch_id IN (SELECT batch_id FROM prevention_activities WHERE dataset = ?)
        ORDER BY batch_id
        """,
        [DEMO_DATASET, DEMO_DATASET, DEMO_DATASET],
    ).fetchall()
    if not batch_rows:
        return DemoContents()
    batches = tuple(DemoBatch(int(b), str(f), t, int(n or 0), bool(a)) for b, f, t, n, a in batch_rows)
    ids = [b.batch_id for b in batches]
    counts = {table: _count(con, table, ids) for table in _batch_tables(con)}
    cases = con.execute("SELECT count(DISTINCT case_id) FROM violations WHERE list_contains(?, batch_id)",
                        [ids]).fetchone()[0]
    known = ("violations", "prevention_activities", "rejected_rows", "quality_notes")
    return DemoContents(batches=batches, persons=counts.get("violations", 0), cases=int(cases),
                        activities=counts.get("prevention_activities", 0),
                        rejected_rows=counts.get("rejected_rows", 0), quality_notes=counts.get("quality_notes", 0),
                        other_rows=sum(n for t, n in counts.items() if t not in known), rows_by_table=counts)


def _remaining(con: duckdb.DuckDBPyConnection, removed: tuple[int, ...]) -> dict[str, int]:
    """Persons per data set outside the batches ``removed``."""
    rows = con.execute(
        "SELECT dataset, count(*) FROM violations WHERE NOT list_contains(?, batch_id) GROUP BY dataset ORDER BY 1",
        [list(removed)],
    ).fetchall()
    return {str(d): int(n) for d, n in rows}


def _has_database(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


def preview_removal(path: str | os.PathLike) -> DemoRemoval:
    """What a removal would do to the database at ``path`` (a dry run: read-only, nothing is written)."""
    path = Path(path)
    if not _has_database(path):
        return DemoRemoval(DemoContents(), dry_run=True)
    with contextlib.closing(db.connect_readonly(path)) as con:
        try:
            contents = demo_contents(con)
        except duckdb.CatalogException:  # a file without our tables holds no demo
            return DemoRemoval(DemoContents(), dry_run=True)
        return DemoRemoval(contents, _remaining(con, contents.batch_ids), dry_run=True)


class _NothingToRemoveError(Exception):
    """Raised inside the write session to discard the copy when there is no demo."""


def remove_demo(
    path: str | os.PathLike, *, role: str, expected_batches: tuple[int, ...] | None = None, timeout: float = 120.0
) -> DemoRemoval:
    """Remove the demo data set from the database at ``path`` (see the module's rules); returns what was removed.

    Raises :class:`DemoRemovalNotAllowedError` unless :func:`may_remove` allows ``role``; :class:`DemoChangedError` when
    ``expected_batches`` (the demo loads the user confirmed) are not the demo loads found under the write lock;
    :class:`netralitas.db.DatabaseBusyError` when another write holds the database. With no demo in the database,
    nothing is written and the result's ``removed`` is empty.
    """
    if not may_remove(role):
        raise DemoRemovalNotAllowedError("Hanya pimpinan yang dapat menghapus data contoh (fiktif).")
    path = Path(path)
    if preview_removal(path).removed.empty:  # checked before copying the file; checked again under the lock
        return DemoRemoval(DemoContents())
    try:
        # at least one backup, whatever NETRALITAS_BACKUPS says: the removal must stay undoable
        with db.write_session(path, timeout=timeout, keep_backups=max(1, db.backup_count())) as con:
            contents = demo_contents(con)
            if contents.empty:
                raise _NothingToRemoveError
            if expected_batches is not None and tuple(expected_batches) != contents.batch_ids:
                raise DemoChangedError("Data contoh di basis data berubah sejak dikonfirmasi (ada muatan lain). "
                                       "Periksa lagi lalu konfirmasi ulang.")
            _delete(con, contents)
            return DemoRemoval(contents, _remaining(con, ()))  # the session swaps the copy in on the way out
    except _NothingToRemoveError:
        return DemoRemoval(DemoContents())


def _delete(con: duckdb.DuckDBPyConnection, contents: DemoContents) -> None:
    """Delete the demo loads' rows from every table, their batches and the case keys no row uses any more; mark the
    database as in use (see :data:`netralitas.db.DEMO_REMOVED_KEY`). Each table must lose exactly the rows counted."""
    ids = list(contents.batch_ids)
    con.execute("CREATE OR REPLACE TEMP TABLE demo_case_ids AS "
                "SELECT DISTINCT case_id FROM violations WHERE list_contains(?, batch_id)", [ids])
    for table in _batch_tables(con):
        deleted = con.execute(f"DELETE FROM {_quoted(table)} WHERE list_contains(?, batch_id)",  # noqa: S608
                              [ids]).fetchone()[0]
        if deleted != contents.rows_by_table.get(table, 0):  # raising discards the copy
            raise RuntimeError(f"{table}: {deleted} rows deleted, {contents.rows_by_table.get(table, 0)} counted")
    con.execute("DELETE FROM load_batches WHERE list_contains(?, batch_id)", [ids])
    con.execute(
        """
        DELETE FROM case_keys WHERE case_id IN (SELECT case_id FROM temp.demo_case_ids)
          AND NOT EXISTS (SELECT 1 FROM violations v WHERE v.case_id = case_keys.case_id)
        """
    )
    con.execute("DROP TABLE temp.demo_case_ids")
    if not demo_contents(con).empty:
        raise RuntimeError("demo loads left after the removal")
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [db.DEMO_REMOVED_KEY, audit.to_text(audit.utc_now()) + " UTC"])


def _removal_mark(path: Path) -> str | None:
    """The time the demo data was removed from the database at ``path`` (its meta mark), or None."""
    with contextlib.closing(db.connect_readonly(path)) as con:
        row = con.execute("SELECT value FROM meta WHERE key = ?", [db.DEMO_REMOVED_KEY]).fetchone()
    return row[0] if row else None


def undo_restores_demo(path: str | os.PathLike) -> bool:
    """True when undoing the last change would bring the demo data back: the last change removed it (the database
    carries a removal mark that the backup an undo puts back does not). Undoing a change needs the right to make it,
    so only a role that may remove the demo may undo its removal."""
    path = Path(path)
    backups = db.undoable_backups(path)
    if not backups or not path.exists():
        return False
    mark = _removal_mark(path)
    return mark is not None and _removal_mark(backups[-1]) != mark


def describe(result: DemoRemoval, db_path: str | os.PathLike) -> list[str]:
    """The removal (or its dry run) in Indonesian lines for the command line; every figure is what the database held
    (removed) or holds (remaining)."""
    labels = vocabulary().dataset_labels
    r = result.removed
    if r.empty:
        return [f"Tidak ada data contoh (fiktif) di basis data {db_path}; tidak ada yang diubah."]
    head = (f"Uji coba, tidak ada yang ditulis. Yang akan dihapus dari basis data {db_path}:" if result.dry_run
            else f"Data contoh (fiktif) dihapus dari basis data {db_path}:")
    batches = ", ".join(str(b) for b in r.batch_ids)
    lines = [
        head,
        f"  {format_number(len(r.files))} file: {', '.join(r.files)} (batch {batches})",
        f"  {format_number(r.persons)} terlapor dalam {format_number(r.cases)} kasus · "
        f"{format_number(r.activities)} kegiatan pencegahan · "
        f"{format_number(r.rejected_rows)} baris ditolak · {format_number(r.quality_notes)} catatan kualitas data · "
        f"{format_number(len(r.batches))} muatan",
    ]
    if r.other_rows:
        lines.append(f"  {format_number(r.other_rows)} baris lain dari muatan yang sama")
    kept = " · ".join(f"{labels.get(d, d)} {format_number(n)}" for d, n in sorted(result.remaining.items()))
    verb = "Akan tetap" if result.dry_run else "Tetap"
    lines.append(f"{verb} di basis data: {format_number(result.remaining_persons)} terlapor"
                 + (f" ({kept})." if kept else "."))
    lines.append(f"{labels.get(PUBLIC_DATASET, PUBLIC_DATASET)} tidak dihapus: kasusnya nyata dan setiap barisnya "
                 "menyebut sumber beritanya. Workbook contoh di folder data/ tidak diubah.")
    if result.dry_run:
        lines.append("Menghapus: python -m loaders --hapus-contoh (tanpa --dry-run).")
    else:
        lines.append("Membatalkan (mengembalikan data contoh): python -m loaders --undo")
    return lines
