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

from netralitas import clock
from netralitas.formatting import format_number
from netralitas.private_files import copy_private, make_private, private_creation, private_dir

# DuckDB's Python API imports pandas the first time a statement runs (to recognise data frames); importing it
# with this module pays that once at start-up instead of inside the first load or query.
import pandas  # noqa: F401, E402  # isort: skip

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB = DATA_DIR / "netralitas.duckdb"
# 2: violations.case_key and the case_keys table. 3: notes and reasons keep the value they quote apart
# (quoted, quoted_mask); load_batches.loaded_by_role. 4: the prevention_activities table.
SCHEMA_VERSION = "4"
# Set in ``meta`` when the demo data was removed on purpose (netralitas/demo_removal.py): a database without any load
# that carries it is in use, not missing, so the app does not build the demo again from the bundled workbooks.
DEMO_REMOVED_KEY = "data_contoh_dihapus"

_process_lock = threading.Lock()
log = logging.getLogger(__name__)

SCHEMA_SQL = [
    """
    CREATE TABLE IF NOT EXISTS load_batches (
        batch_id INTEGER PRIMARY KEY,
        source_file VARCHAR NOT NULL,
        source_path VARCHAR,
        file_sha256 VARCHAR NOT NULL,
        loaded_at TIMESTAMP NOT NULL,
        rows_read INTEGER NOT NULL,
        rows_loaded INTEGER NOT NULL,
        rows_rejected INTEGER NOT NULL,
        rows_skipped INTEGER NOT NULL,
        notes INTEGER NOT NULL,
        dataset VARCHAR NOT NULL,
        sheets_json VARCHAR,
        replaced_batch_id INTEGER,
        active BOOLEAN NOT NULL,
        loaded_by VARCHAR,
        -- the role of who loaded (all that guests see of it): pimpinan, staf, operator, aplikasi
        loaded_by_role VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS violations (
        case_id VARCHAR NOT NULL,
        cycle VARCHAR NOT NULL,
        reported_on DATE,
        source_kind VARCHAR,
        person_name VARCHAR,
        nip VARCHAR,
        actor_type VARCHAR NOT NULL,
        position VARCHAR,
        agency VARCHAR,
        district VARCHAR,
        violation_type VARCHAR,
        status VARCHAR,
        sanction VARCHAR,
        severity VARCHAR NOT NULL,
        severity_rank INTEGER,
        source_file VARCHAR NOT NULL,
        source_sheet VARCHAR,
        source_row INTEGER NOT NULL,
        batch_id INTEGER NOT NULL,
        -- provenance of each normalised value, and columns the pages read
        dataset VARCHAR NOT NULL,
        cycle_basis VARCHAR,
        cycle_raw VARCHAR,
        actor_type_raw VARCHAR,
        district_raw VARCHAR,
        reported_on_raw VARCHAR,
        nip_raw VARCHAR,
        status_raw VARCHAR,
        position_group VARCHAR,
        forwarded_on DATE,
        recommended_on DATE,
        sanctioned_on DATE,
        source_ref VARCHAR,
        remarks VARCHAR,
        person_key VARCHAR,
        raw VARCHAR,
        -- a number per distinct case_id (see case_keys): counting distinct cases over integers is faster
        case_key INTEGER
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS case_keys (
        case_id VARCHAR NOT NULL,
        case_key INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS rejected_rows (
        batch_id INTEGER NOT NULL,
        source_file VARCHAR NOT NULL,
        source_sheet VARCHAR,
        source_row INTEGER NOT NULL,
        -- the reason in full, naming the column and the value it quotes (for staff and the command line)
        reason VARCHAR NOT NULL,
        raw VARCHAR,
        -- the same reason as a template without the value (what guests' text is made from), the quoted value
        -- and how guests see it (netralitas.privacy)
        reason_template VARCHAR,
        quoted VARCHAR,
        quoted_mask VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quality_notes (
        batch_id INTEGER NOT NULL,
        source_file VARCHAR NOT NULL,
        source_sheet VARCHAR,
        source_row INTEGER NOT NULL,
        case_id VARCHAR,
        kind VARCHAR NOT NULL,
        -- a template: the value it quotes is in quoted (netralitas.privacy.QUOTE_SLOT marks its place), and
        -- quoted_mask says how guests see that value (null: not personal)
        message VARCHAR NOT NULL,
        quoted VARCHAR,
        quoted_mask VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS prevention_activities (
        activity_id VARCHAR NOT NULL,
        held_on DATE,
        cycle VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        title VARCHAR,
        organiser VARCHAR,
        audience VARCHAR,
        audience_group VARCHAR NOT NULL,
        district VARCHAR,
        participants INTEGER,
        place VARCHAR,
        source_file VARCHAR NOT NULL,
        source_sheet VARCHAR,
        source_row INTEGER NOT NULL,
        batch_id INTEGER NOT NULL,
        dataset VARCHAR NOT NULL,
        cycle_basis VARCHAR,
        source_ref VARCHAR,
        remarks VARCHAR,
        raw VARCHAR
    )
    """,
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
]


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file: ``explicit`` if given, else ``NETRALITAS_DB``, else ``data/netralitas.duckdb``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("NETRALITAS_DB")
    return Path(env) if env else DEFAULT_DB


def backup_count() -> int:
    """How many backups of the database to keep (``NETRALITAS_BACKUPS``, default 5)."""
    try:
        return max(0, int(os.environ.get("NETRALITAS_BACKUPS", "5")))
    except ValueError:
        return 5


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables if they do not exist yet, and bring a database of an earlier schema up to date."""
    con.execute("SET enable_progress_bar = false")
    for sql in SCHEMA_SQL:
        con.execute(sql)
    stored = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    # schema 1 → 2: violations gained case_key (filled for every existing row)
    con.execute("ALTER TABLE violations ADD COLUMN IF NOT EXISTS case_key INTEGER")
    assign_case_keys(con)
    # schema 2 → 3: the value a note or reason quotes moves out of its text (legacy_quotes); who loaded gets a role
    for table in ("quality_notes", "rejected_rows"):
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS quoted VARCHAR")  # noqa: S608 - constant names
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS quoted_mask VARCHAR")  # noqa: S608
    con.execute("ALTER TABLE rejected_rows ADD COLUMN IF NOT EXISTS reason_template VARCHAR")
    con.execute("ALTER TABLE load_batches ADD COLUMN IF NOT EXISTS loaded_by_role VARCHAR")
    if stored is None or int(stored[0]) < 3:
        from netralitas.legacy_quotes import move_quotes_out  # only an upgrade needs it

        move_quotes_out(con)
        if stored is not None:
            _load_times_to_utc(con)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])


def _load_times_to_utc(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 2 → 3: load times were stored as the server's local wall-clock time; from schema 3 on they are UTC
    (:func:`netralitas.clock.storage_now`). The database is upgraded on the machine that wrote it, so its local
    time zone (with its rules at each moment) turns every stored time back into the instant it was."""
    rows = con.execute("SELECT batch_id, loaded_at FROM load_batches WHERE loaded_at IS NOT NULL").fetchall()
    changed = [(local.astimezone(dt.UTC).replace(tzinfo=None), batch_id) for batch_id, local in rows]
    con.executemany("UPDATE load_batches SET loaded_at = ? WHERE batch_id = ?",  # naive = the machine's local time
                    [[utc, batch_id] for utc, batch_id in changed])


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
