"""The audit trail: who signed in, exported, uploaded or loaded what, and when.

The trail lives in its own small SQLite file (``audit.sqlite`` next to the main database, or
``NETRALITAS_AUDIT_DB``), never in the DuckDB database: that one is written only by copy-and-swap of the whole
file, which would be far too heavy for one row per click, and a load would race with the app's audit writes.

Why SQLite and not DuckDB: several processes append at once (each Streamlit server thread, ``python -m loaders``,
the accounts command line). SQLite in WAL mode serialises those appends itself with a busy timeout and lets the
audit page read while others write. A DuckDB file can be open read-write by one process only: appends from
several processes at once need open-retry loops there and can be lost, where SQLite loses none (see README,
"Menjalankan di jaringan kantor").

Rows are only ever inserted. Times are stored in UTC (``YYYY-MM-DD HH:MM:SS.ffffff``, sortable as text) and
shown in WIB (:mod:`netralitas.clock`). ``details`` is JSON text. This module does not import Streamlit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from netralitas import clock, db, settings
from netralitas.private_files import PRIVATE_FILE_MODE, make_private, private_dir

if TYPE_CHECKING:  # pandas is imported when the trail is read, so the command lines that only write start fast
    import pandas as pd

log = logging.getLogger(__name__)

AUDIT_FILE_NAME = "audit.sqlite"
BUSY_TIMEOUT_SECONDS = 15.0
RETRIES = 3

# Every action the trail records, with its label on the audit page.
ACTIONS = {
    "masuk": "Masuk (sign-in)",
    "masuk_gagal": "Gagal masuk",
    "keluar": "Keluar (sign-out)",
    "ekspor": "Ekspor / unduh",
    "unggah": "Unggah & muat data (aplikasi)",
    "muat": "Muat data (baris perintah)",
    "batalkan_muatan": "Muatan terakhir dibatalkan",
    "hapus_contoh": "Data contoh (fiktif) dihapus",
    "pemetaan_kata": "Pemetaan kata register diubah (Kualitas Data)",
    "penanda_tangan": "Penanda tangan laporan diubah",
    "pengguna_tambah": "Akun dibuat",
    "pengguna_peran": "Peran akun diubah",
    "pengguna_sandi": "Kata sandi diganti",
    "pengguna_nonaktif": "Akun dinonaktifkan",
    "pengguna_aktif": "Akun diaktifkan kembali",
    "pengguna_buka_kunci": "Kunci akun dibuka",
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TIMESTAMP NOT NULL,
    user TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_time ON audit_log (time);
CREATE INDEX IF NOT EXISTS audit_log_user_action ON audit_log (user, action, time);
"""

TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
COMMAND_LINE_ROLE = "cli"  # the role recorded for the command lines (run by the server's operator)


class AuditError(RuntimeError):
    """The audit trail could not be written (the message is Indonesian, for the user)."""


def audit_path(explicit: str | os.PathLike | None = None, *, database: str | os.PathLike | None = None) -> Path:
    """The audit file: ``explicit``, else ``NETRALITAS_AUDIT_DB``, else ``audit.sqlite`` next to the database
    (``database``, or the one :func:`netralitas.db.database_path` names)."""
    return settings.configured_path(explicit, settings.AUDIT_DB,
                                    lambda: db.database_path(database).parent / AUDIT_FILE_NAME)


def utc_now() -> dt.datetime:
    """The current time in UTC, naive (how the trail stores it), from the product's clock."""
    return clock.utc_now().replace(tzinfo=None)


def to_text(moment: dt.datetime) -> str:
    """A time as stored: UTC, naive, microseconds. An aware time is converted to UTC first."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.strftime(TIME_FORMAT)


def os_user() -> str:
    """The operating-system user running this process (for the command line's audit rows)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (containers): fall back to the numeric id
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "tidak-diketahui"


@contextlib.contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A short-lived connection (created with its table when missing, readable by its owner only: SQLite gives
    its log files the same mode); closed on exit."""
    private_dir(path.parent)
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # an empty file is an empty SQLite database
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    make_private(path)
    con = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    try:
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.executescript(SCHEMA)
        yield con
    finally:
        con.close()


def record(
    action: str,
    user: str,
    role: str,
    details: dict | None = None,
    *,
    path: str | os.PathLike | None = None,
    when: dt.datetime | None = None,
) -> None:
    """Append one row to the trail. Retries on lock conflicts; raises :class:`AuditError` when it cannot write.

    ``action`` is one of :data:`ACTIONS`; ``details`` is stored as JSON (dates and other values as text).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action: {action}")
    target = audit_path(path)
    row = (
        to_text(when or utc_now()),
        str(user or "anonim")[:200],
        str(role or "-")[:50],
        action,
        json.dumps(details or {}, ensure_ascii=False, default=str, sort_keys=True),
    )
    last: Exception | None = None
    for attempt in range(RETRIES):
        try:
            with _connect(target) as con, con:
                con.execute("INSERT INTO audit_log (time, user, role, action, details) VALUES (?, ?, ?, ?, ?)", row)
            return
        except sqlite3.OperationalError as exc:  # "database is locked" beyond the busy timeout, disk trouble
            last = exc
            time.sleep(0.2 * (attempt + 1))
        except OSError as exc:
            last = exc
            break
    log.error("audit trail not written (%s): %s %s", target, action, last)
    raise AuditError(f"Jejak audit tidak dapat ditulis ke {target.name}: {last}")


def record_quietly(action: str, user: str, role: str, details: dict | None = None, **kwargs) -> bool:
    """:func:`record`, but a failure is logged instead of raised (for places where the action already happened).

    Returns True when the row was written.
    """
    try:
        record(action, user, role, details, **kwargs)
        return True
    except AuditError:
        return False


def read(
    *,
    path: str | os.PathLike | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    users: Iterable[str] = (),
    actions: Iterable[str] = (),
    search: str = "",
    limit: int | None = None,
) -> pd.DataFrame:
    """Rows of the trail, newest first, with ``time`` as a WIB wall-clock ``datetime`` (UTC in the file).

    ``since``/``until`` are aware or UTC-naive datetimes; ``users``/``actions`` empty means all; ``search``
    looks into the details text. An absent file gives an empty table.
    """
    import pandas as pd

    columns = ["id", "time", "user", "role", "action", "details"]
    target = audit_path(path)
    if not target.exists():
        return _with_wib_time(pd.DataFrame({c: pd.Series(dtype="object") for c in columns}))
    conds: list[str] = []
    params: list = []
    if since is not None:
        conds.append("time >= ?")
        params.append(to_text(since))
    if until is not None:
        conds.append("time < ?")
        params.append(to_text(until))
    users = [str(u) for u in users]
    if users:
        conds.append(f"user IN ({', '.join('?' for _ in users)})")
        params.extend(users)
    actions = [str(a) for a in actions]
    if actions:
        conds.append(f"action IN ({', '.join('?' for _ in actions)})")
        params.extend(actions)
    if search.strip():
        conds.append("instr(lower(details), lower(?)) > 0")
        params.append(search.strip())
    sql = f"SELECT {', '.join(columns)} FROM audit_log"
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    sql += " ORDER BY time DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    with _connect(target) as con:
        rows = con.execute(sql, params).fetchall()
    return _with_wib_time(pd.DataFrame(rows, columns=columns))


def _with_wib_time(df: pd.DataFrame) -> pd.DataFrame:
    """Stored UTC text → WIB wall-clock time (naive), for display and export, whatever the server's zone."""
    import pandas as pd

    if df.empty:
        df["time"] = pd.Series(dtype="datetime64[us]")
        return df
    df["time"] = clock.series_to_wib(pd.to_datetime(df["time"], format=TIME_FORMAT))
    return df


def users_seen(path: str | os.PathLike | None = None) -> list[str]:
    """Every user name in the trail (for the audit page's filter)."""
    target = audit_path(path)
    if not target.exists():
        return []
    with _connect(target) as con:
        return [r[0] for r in con.execute("SELECT DISTINCT user FROM audit_log ORDER BY user")]


def recent_failures(user: str, window: dt.timedelta, path: str | os.PathLike | None = None,
                    now: dt.datetime | None = None) -> list[dt.datetime]:
    """Times (UTC, naive) of failed sign-ins of ``user`` (wrong password) within ``window``, oldest first,
    counting only failures after the user's last successful sign-in or unlock."""
    target = audit_path(path)
    if not target.exists():
        return []
    start = to_text((now or utc_now()) - window)
    with _connect(target) as con:
        rows = con.execute(
            """
            SELECT time FROM audit_log
            WHERE user = ? AND action = 'masuk_gagal' AND time >= ?
              AND json_extract(details, '$.alasan') = 'sandi_salah'
              AND time > coalesce((SELECT max(time) FROM audit_log
                                   WHERE (user = ? AND action = 'masuk')
                                      OR (action IN ('pengguna_buka_kunci', 'pengguna_sandi')
                                          AND json_extract(details, '$.akun') = ?)),
                                  '')
            ORDER BY time
            """,
            [user, start, user, user],
        ).fetchall()
    return [dt.datetime.strptime(r[0], TIME_FORMAT) for r in rows]


def details_of(text: str | None) -> dict:
    """The details JSON of a row as a dict (empty when missing or unreadable)."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# Why a sign-in failed or a session ended (``details["alasan"]``), as shown on the audit page.
REASONS = {
    "sandi_salah": "kata sandi salah atau nama tidak dikenal",
    "terkunci": "akun terkunci (terlalu banyak percobaan)",
    "nonaktif": "akun nonaktif",
    "akun_nonaktif": "akun dinonaktifkan selama sesi",
    "sesi_kedaluwarsa": "sesi kedaluwarsa",
    "sesi_berakhir": "sesi penyedia identitas berakhir",
}


def describe_details(text: str | None) -> str:
    """The details of a row as one readable line ("file: x.xlsx · baris: 120")."""
    details = details_of(text)
    if details.get("alasan") in REASONS:
        details["alasan"] = REASONS[details["alasan"]]
    parts = []
    for key, value in details.items():
        if isinstance(value, dict):
            value = "; ".join(f"{k}={_short(v)}" for k, v in value.items()) or "–"
        parts.append(f"{key}: {_short(value)}")
    return " · ".join(parts)


def _short(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)
