"""The DuckDB database: where it lives, its schema, and safe reading and writing.

Writers never touch the live file. A write session copies the database, writes the copy, checkpoints it and
swaps it in with one ``os.replace`` (atomic on Windows and POSIX); the previous file is kept as a backup.
So a reader (the running dashboard) never sees half a load, a killed loader leaves the old file intact, and
the command line can load while the app has the database open read-only. Concurrent writers are serialised
by an OS-level lock that DuckDB takes on a small lock database (released by the OS if the process dies).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from netralitas import clock, columns, settings
from netralitas.formatting import format_number
from netralitas.private_files import copy_private, make_private, private_creation, private_dir

# DuckDB's Python API imports pandas the first time a statement runs (to recognise data frames); importing it
# with this module pays that once at start-up instead of inside the first load or query.
import pandas  # noqa: F401, E402  # isort: skip

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "netralitas.duckdb"
# Set in ``meta`` when the demo data was removed on purpose (netralitas/demo_removal.py): a database without any load
# that carries it is in use, not missing, so the app does not build the demo again from the bundled workbooks.
DEMO_REMOVED_KEY = "data_contoh_dihapus"

_process_lock = threading.Lock()
log = logging.getLogger(__name__)

# The tables as the registry of columns declares them (netralitas/columns.py), in creation order.
SCHEMA_SQL = [t.create_sql() for t in columns.TABLES]


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: ``explicit`` if given, else ``NETRALITAS_DB``, else ``data/netralitas.duckdb``."""
    return settings.configured_path(explicit, settings.DATABASE, DEFAULT_DB)


def backup_count() -> int:
    """How many backups of the database to keep (``NETRALITAS_BACKUPS``, default 5)."""
    try:
        return max(0, int(os.environ.get(settings.BACKUPS, "5")))
    except ValueError:
        return 5


@dataclass(frozen=True)
class Step:
    """One step of the schema: the version it brings a database to, what it changes, and what it does to the data
    once its tables and columns exist (``run``, optional). The tables and columns of the registry whose ``since``
    is this version are added by the step itself (:func:`apply_step`)."""

    version: int
    what: str
    run: Callable[[duckdb.DuckDBPyConnection], None] | None = None


def _fill_case_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 1 → 2: every existing row gets its case key."""
    assign_case_keys(con)


def _quotes_apart_and_times_in_utc(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 2 → 3: the value a note or reason quotes moves out of its text; load times become UTC."""
    from netralitas.legacy_quotes import move_quotes_out  # only an upgrade needs it

    move_quotes_out(con)
    _load_times_to_utc(con)


def _load_times_to_utc(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 2 → 3: load times were stored as the server's local wall-clock time; from schema 3 on they are UTC
    (:func:`netralitas.clock.storage_now`). The database is upgraded on the machine that wrote it, so its local
    time zone (with its rules at each moment) turns every stored time back into the instant it was."""
    rows = con.execute("SELECT batch_id, loaded_at FROM load_batches WHERE loaded_at IS NOT NULL").fetchall()
    changed = [(local.astimezone(dt.UTC).replace(tzinfo=None), batch_id) for batch_id, local in rows]
    con.executemany("UPDATE load_batches SET loaded_at = ? WHERE batch_id = ?",  # naive = the machine's local time
                    [[utc, batch_id] for utc, batch_id in changed])


# The schema's history in order. A database at version n runs the steps after n; a new database is created at the
# current version. A version named only by the registry (a column or table with that ``since``) is a step too
# (:func:`migration_steps`): adding a column needs no step here.
MIGRATIONS: tuple[Step, ...] = (
    Step(2, "violations.case_key and the case_keys table", _fill_case_keys),
    Step(3, "notes and reasons keep the value they quote apart (quoted, quoted_mask, reason_template); "
            "load_batches.loaded_by_role; load times in UTC", _quotes_apart_and_times_in_utc),
    Step(4, "the prevention_activities table"),
)


def migration_steps(
    steps: tuple[Step, ...] = MIGRATIONS, tables: tuple[columns.Table, ...] = columns.TABLES
) -> list[Step]:
    """``steps`` with a step for every later version the registry names (a column or table added then), in order."""
    named = {t.since for t in tables} | {c.since for t in tables for c in t.columns}
    known = {s.version for s in steps}
    added = [Step(v, "columns of the registry") for v in sorted(named - known) if v > 1]
    return sorted([*steps, *added], key=lambda s: s.version)


def apply_step(con: duckdb.DuckDBPyConnection, step: Step, tables: tuple[columns.Table, ...] = columns.TABLES) -> None:
    """Bring a database of the version before ``step`` to ``step.version``: the registry's tables and columns of
    that version are added (where missing), then the step's ``run``."""
    for t in tables:
        if t.since == step.version:
            con.execute(t.create_sql())
        for c in t.columns:
            if c.since == step.version and t.since < step.version:
                con.execute(f"ALTER TABLE {t.name} ADD COLUMN IF NOT EXISTS {c.ddl()}")  # registry names only
    if step.run is not None:
        step.run(con)


# The current schema: the version of the last step.
SCHEMA_VERSION = str(migration_steps()[-1].version)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables if they do not exist yet, and bring a database of an earlier schema up to date: a database
    at version n runs the steps after n (:data:`MIGRATIONS`), in order. Case keys are given to every row still
    without one (rows written directly) in every session."""
    con.execute("SET enable_progress_bar = false")
    for sql in SCHEMA_SQL:
        con.execute(sql)
    stored = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if stored is not None:  # without a version the database was created just now, at the current version
        for step in migration_steps():
            if step.version > int(stored[0]):
                apply_step(con, step)
    assign_case_keys(con)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])


# New case ids of ``{source}`` (a table or view with a case_id column) get the next free numbers, in id order.
_NEW_CASE_KEYS_SQL = """
    INSERT INTO case_keys
    SELECT n.case_id, (SELECT coalesce(max(case_key), 0) FROM case_keys) + row_number() OVER (ORDER BY n.case_id)
    FROM (SELECT DISTINCT case_id FROM {source} WHERE case_id IS NOT NULL) n
    WHERE NOT EXISTS (SELECT 1 FROM case_keys k WHERE k.case_id = n.case_id)
"""


def add_case_keys(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Give every case id in ``source`` (a registered table or view name, not user input) its case key."""
    con.execute(_NEW_CASE_KEYS_SQL.format(source=source))


def assign_case_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Fill ``violations.case_key`` wherever it is missing (rows of an earlier schema, rows written directly).

    One number per distinct ``case_id``, kept in ``case_keys`` so that a later load gives the same id the
    same number; queries count distinct cases with it.
    """
    missing = con.execute("SELECT count(*) FROM violations WHERE case_key IS NULL").fetchone()[0]
    if not missing:
        return
    add_case_keys(con, "(SELECT case_id FROM violations WHERE case_key IS NULL)")
    con.execute(
        "UPDATE violations SET case_key = k.case_key FROM case_keys k "
        "WHERE violations.case_key IS NULL AND violations.case_id = k.case_id"
    )


def schema_is_current(path: Path) -> bool:
    """True when the database at ``path`` holds loads of the current schema."""
    return database_state(path) == "siap"


def upgrade_schema(path: Path) -> None:
    """Bring the database at ``path`` to the current schema (a write session: copy, change, swap)."""
    with write_session(path, keep_backups=0) as con:
        ensure_schema(con)


def data_version(path: Path) -> str:
    """A token that changes whenever the database file is replaced or rewritten (for caches)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "missing"
    return f"{st.st_mtime_ns}-{st.st_size}-{getattr(st, 'st_ino', 0)}"


def database_state(path: Path) -> str:
    """What the app must do with the file at ``path``, read with one opening: "kosong" (missing, empty or no load
    yet: build it), "skema_lama" (loads of an earlier schema: upgrade it) or "siap" (ready).

    A database without loads whose demo data was removed on purpose (:data:`DEMO_REMOVED_KEY`) is in use, not
    "kosong"."""
    if not path.exists() or path.stat().st_size == 0:
        return "kosong"
    try:
        with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
            if not con.execute(
                "SELECT (SELECT count(*) FROM load_batches) + (SELECT count(*) FROM meta WHERE key = ?)",
                [DEMO_REMOVED_KEY],
            ).fetchone()[0]:
                return "kosong"
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error:
        return "kosong"
    return "siap" if row and row[0] == SCHEMA_VERSION else "skema_lama"


def is_populated(path: Path) -> bool:
    """True when the file exists and holds at least one load batch, or is in use without one (see
    :func:`database_state`)."""
    return database_state(path) != "kosong"


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database file."""
    return duckdb.connect(str(path), read_only=True)


def reader_snapshot(path: Path) -> Path:
    """A private read-only copy of the current database file for a long-lived reader (the dashboard).

    Readers never hold the live file open, so a load can always swap it in — also on Windows, where a file that
    another process has open cannot be replaced. One copy per file version; older copies are removed when
    no longer open.
    """
    path = Path(path)
    version = data_version(path)
    snap_dir = path.parent / ".baca"
    snap = snap_dir / f"{path.stem}-{version}.duckdb"
    if not snap.exists():
        private_dir(snap_dir)
        tmp = snap_dir / f"{snap.name}.{uuid.uuid4().hex[:8]}.tmp"
        copy_private(path, tmp)
        os.replace(tmp, snap)
    for old in snap_dir.glob(f"{path.stem}-*"):
        if old != snap and time.time() - old.stat().st_mtime > 5:
            with contextlib.suppress(OSError):
                old.unlink()  # still open by an old connection on Windows: tried again next time
    return snap


class DatabaseBusyError(RuntimeError):
    """Another load holds the write lock for longer than the wait allows."""


@contextlib.contextmanager
def _write_lock(path: Path, timeout: float) -> Iterator[None]:
    """Serialise writers across processes (DuckDB's own file lock) and threads (a process lock)."""
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    if not _process_lock.acquire(timeout=max(timeout, 0.1)):
        raise DatabaseBusyError("Muatan lain sedang berjalan; coba lagi sebentar lagi")
    try:
        while True:
            try:
                lock_con = duckdb.connect(str(lock_path))
                break
            except duckdb.IOException as exc:
                if time.monotonic() > deadline:
                    raise DatabaseBusyError("Muatan lain sedang berjalan; coba lagi sebentar lagi") from exc
                time.sleep(0.2)
        try:
            yield
        finally:
            lock_con.close()
    finally:
        _process_lock.release()


def _prune_backups(backup_dir: Path, stem: str, keep: int) -> None:
    backups = sorted(backup_dir.glob(f"{stem}-*.duckdb"), key=lambda p: p.stat().st_mtime_ns)
    for old in backups[: max(0, len(backups) - keep)]:
        with contextlib.suppress(OSError):
            old.unlink()


def _replace_with_retry(src: Path, dst: Path, attempts: int = 50) -> None:
    """``os.replace`` that retries briefly: on Windows a reader holding the file open blocks the swap."""
    for i in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if i == attempts - 1:
                raise
            time.sleep(0.1)


# Rows are stored in groups of this many: a 100,000-row load is two groups that DuckDB compresses in parallel
# on commit (one group of the default 122,880 rows is compressed by one thread).
ROW_GROUP_SIZE = 65_536
_WRITE_ALIAS = "netralitas"


def _connect_for_writing(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection whose default database is the file at ``path``, attached with our row-group size."""
    con = duckdb.connect()
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {_WRITE_ALIAS} (ROW_GROUP_SIZE {ROW_GROUP_SIZE})")
    con.execute(f"USE {_WRITE_ALIAS}")
    return con


@contextlib.contextmanager
def write_session(
    path: Path, timeout: float = 120.0, keep_backups: int | None = None,
    on_stale: Callable[[list[StaleCopy]], None] | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a private copy of the database; on success the copy replaces the live file.

    If the block raises, the copy is discarded and the live database is untouched. Copies that a killed
    writer left behind are removed first (the lock is ours, so none is in use) and reported to ``on_stale``.
    """
    path = Path(path)
    keep = backup_count() if keep_backups is None else keep_backups
    with private_creation(), _write_lock(path, timeout):  # the copy, its log, the backup: owner only
        removed = _remove_stale_copies(path)
        if removed and on_stale is not None:
            on_stale(removed)
        tmp = _new_copy_path(path)
        had_file = path.exists() and path.stat().st_size > 0
        if had_file:
            copy_private(path, tmp)
        con = _connect_for_writing(tmp)
        try:
            ensure_schema(con)
            yield con
            con.execute(f"CHECKPOINT {_WRITE_ALIAS}")
            con.close()
        except BaseException:
            con.close()
            with contextlib.suppress(OSError):
                tmp.unlink()
            with contextlib.suppress(OSError):
                Path(str(tmp) + ".wal").unlink()
            raise
        make_private(tmp)
        if had_file and keep > 0:
            backup_dir = private_dir(path.parent / "backups")
            stamp = clock.file_stamp()
            target = backup_dir / f"{path.stem}-{stamp}.duckdb"
            try:
                os.link(path, target)
            except OSError:
                copy_private(path, target)
            make_private(target)  # a file written before files were made private: its backup is now
            _prune_backups(backup_dir, path.stem, keep)
        _replace_with_retry(tmp, path)


@dataclass(frozen=True)
class StaleCopy:
    """A private copy of the database that a writer killed mid-load left beside it, removed."""

    name: str
    size: int  # bytes

    def describe(self) -> str:
        """ "netralitas.duckdb.1a2b3c4d.tmp (48,0 MB)" """
        return f"{self.name} ({format_number(self.size / (1024 * 1024), 1)} MB)"


def _new_copy_path(path: Path) -> Path:
    """The private copy a writer works on: ``<database file name>.<8 hex digits>.tmp`` beside the database."""
    return path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def _copy_pattern(path: Path) -> re.Pattern[str]:
    """Names of the copies writers of ``path`` make (:func:`_new_copy_path`) and DuckDB's journal of one."""
    return re.compile(rf"{re.escape(path.name)}\.[0-9a-f]{{8}}\.tmp(?:\.wal)?")


def _remove_stale_copies(path: Path) -> list[StaleCopy]:
    """Delete the copies a writer that died mid-load left behind; only call while holding the write lock.

    Safe because every writer makes its copy under the write lock, and the lock is an operating-system file
    lock that dies with its process (on Windows too): while we hold it, no living writer owns a copy. Only
    names this module makes are touched (:func:`_copy_pattern`), never other files in the folder.
    """
    pattern = _copy_pattern(path)
    removed: list[StaleCopy] = []
    with contextlib.suppress(OSError):
        candidates = [f for f in path.parent.iterdir() if pattern.fullmatch(f.name)]
        for stale in sorted(candidates):
            try:
                size = stale.stat().st_size
                stale.unlink()
            except OSError as exc:  # e.g. still open by a process that did not die yet (Windows)
                log.warning("salinan sementara %s tidak dapat dihapus: %s", stale, exc)
                continue
            removed.append(StaleCopy(stale.name, size))
            log.warning("salinan sementara dari muatan yang terhenti dihapus: %s (%d byte)", stale, size)
    return removed


def remove_stale_copies(path: Path) -> list[StaleCopy]:
    """Remove the copies a killed writer left beside the database at ``path``, if no writer is at work now.

    The write lock is tried without waiting: when another load holds it, its copy is in use and nothing is
    removed (that load, or a later one, cleans up). Returns what was removed (also written to the log).
    """
    path = Path(path)
    if not any(_copy_pattern(path).fullmatch(f.name) for f in _listing(path.parent)):
        return []
    try:
        with _write_lock(path, timeout=0):
            return _remove_stale_copies(path)
    except DatabaseBusyError:
        return []


def _listing(folder: Path) -> list[Path]:
    """The files of a folder (none when it does not exist)."""
    try:
        return list(folder.iterdir())
    except OSError:
        return []


class NoBackupError(RuntimeError):
    """There is no earlier state to go back to."""


def undo_last_load(path: Path, timeout: float = 120.0) -> Path:
    """Put back the database as it was before the last load (the newest backup); returns the backup used.

    The backup is consumed, so a second undo goes one load further back. The state being undone is itself
    kept as a backup named ``…-dibatalkan-….duckdb`` until pruned.
    """
    path = Path(path)
    with _write_lock(path, timeout):
        backups = undoable_backups(path)
        if not backups:
            raise NoBackupError("Tidak ada cadangan: belum ada muatan yang dapat dibatalkan")
        newest = backups[-1]
        _remove_stale_copies(path)
        tmp = _new_copy_path(path)
        copy_private(newest, tmp)
        if path.exists():
            stamp = clock.file_stamp()
            undone = path.parent / "backups" / f"{path.stem}-dibatalkan-{stamp}.duckdb"
            try:
                os.link(path, undone)
            except OSError:
                copy_private(path, undone)
        _replace_with_retry(tmp, path)
        newest.unlink()
        return newest


def undoable_backups(path: Path) -> list[Path]:
    """Backups an undo can go back to (states before a load), oldest first."""
    return [b for b in list_backups(path) if "-dibatalkan-" not in b.name]


def list_backups(path: Path) -> list[Path]:
    """Backups of the database, oldest first."""
    backup_dir = Path(path).parent / "backups"
    return sorted(backup_dir.glob(f"{Path(path).stem}-*.duckdb"), key=lambda p: (p.stat().st_mtime_ns, p.name))
