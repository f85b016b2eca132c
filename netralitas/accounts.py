"""Local accounts and roles: who may sign in, with which role, and which e-mail addresses get which role.

The roles and what each may do are defined in :mod:`netralitas.roles`.

Local accounts live in a JSON user file (``NETRALITAS_USERS``, default ``data/pengguna.json``, git-ignored)
holding argon2id hashes (argon2-cffi), never a password in clear. The file is written only by the command line
(``python -m netralitas.accounts users …``), atomically (temporary file + rename) under a lock; the app only reads
it, so the web server's user may have read-only access to it. Failed sign-ins are slowed down, and after
:data:`MAX_FAILURES` wrong passwords within :data:`LOCK_WINDOW` an account name is locked for that window; the
failures are counted from the audit trail (:mod:`netralitas.audit`), which records every attempt anyway.

For sign-in through an identity provider (OIDC, Streamlit's ``st.login``), a roles file (``NETRALITAS_ROLES``,
default ``data/peran.toml``) maps e-mail addresses (or ``*@domain``) to roles; anyone else is ``tamu``.

This module does not import Streamlit.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import getpass
import json
import logging
import os
import re
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from netralitas import audit, clock, db, settings
from netralitas.cliargs import IndonesianArgumentParser
from netralitas.formatting import format_date
from netralitas.roles import GUEST, ROLES

log = logging.getLogger(__name__)

DEFAULT_USERS_FILE = db.DATA_DIR / "pengguna.json"
DEFAULT_ROLES_FILE = db.DATA_DIR / "peran.toml"
FILE_FORMAT = "netralitas-pengguna/1"

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256

MAX_FAILURES = 5
LOCK_WINDOW = dt.timedelta(minutes=15)
FAILURE_DELAY_SECONDS = 1.0  # every failed attempt waits this long before answering (tests set it to 0)

HASH_PARAMETERS = profiles.RFC_9106_LOW_MEMORY  # argon2id, 64 MiB, 3 passes, 4 lanes (the library's default)
_hasher = PasswordHasher.from_parameters(HASH_PARAMETERS)
_auth_lock = threading.Lock()


class AccountError(ValueError):
    """A user-file operation that cannot be done (the message is Indonesian, for the user)."""


@dataclass(frozen=True)
class User:
    """One local account as stored in the user file."""

    name: str
    role: str
    password_hash: str
    active: bool = True
    created: str = ""
    changed: str = ""


@dataclass(frozen=True)
class AuthResult:
    """The outcome of a sign-in attempt. ``message`` is Indonesian, safe to show (it never says whether a name
    exists)."""

    ok: bool
    user: str
    role: str = GUEST
    reason: str = ""
    message: str = ""
    locked_until: dt.datetime | None = None


# ---- files -------------------------------------------------------------------------------------------------------


def users_path(explicit: str | os.PathLike | None = None) -> Path:
    """The user file: ``explicit``, else ``NETRALITAS_USERS``, else ``data/pengguna.json``."""
    return settings.configured_path(explicit, settings.USERS, DEFAULT_USERS_FILE)


def roles_path(explicit: str | os.PathLike | None = None) -> Path:
    """The roles file for OIDC sign-in: ``explicit``, else ``NETRALITAS_ROLES``, else ``data/peran.toml``."""
    return settings.configured_path(explicit, settings.ROLES, DEFAULT_ROLES_FILE)


def normalize_name(name: str) -> str:
    """A user name as stored: trimmed, lower case."""
    return str(name or "").strip().lower()


def load_users(path: str | os.PathLike | None = None) -> dict[str, User]:
    """All accounts of the user file (empty when the file does not exist). Raises :class:`AccountError` when the
    file is unreadable."""
    target = users_path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise AccountError(f"File pengguna {target} tidak dapat dibaca: {exc}") from exc
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise AccountError(f"File pengguna {target} rusak (bukan JSON yang sah): {exc}") from exc
    entries = data.get("pengguna", {}) if isinstance(data, dict) else {}
    users: dict[str, User] = {}
    for name, entry in (entries.items() if isinstance(entries, dict) else []):
        if not isinstance(entry, dict):
            continue
        role = entry.get("peran")
        users[name] = User(
            name=name,
            role=role if role in ROLES else GUEST,
            password_hash=str(entry.get("hash", "")),
            active=bool(entry.get("aktif", True)),
            created=str(entry.get("dibuat", "")),
            changed=str(entry.get("diubah", "")),
        )
    return users


def local_accounts_configured(path: str | os.PathLike | None = None) -> bool:
    """True when the user file holds at least one active account (then the app asks for sign-in)."""
    try:
        return any(u.active for u in load_users(path).values())
    except AccountError:
        log.exception("user file unreadable")
        return True  # a broken user file must not open the app: sign-in stays required (and fails)


def _save_users(users: dict[str, User], path: Path) -> None:
    """Write the user file atomically (temporary file in the same folder, then rename), readable by owner only."""
    data = {
        "format": FILE_FORMAT,
        "pengguna": {
            u.name: {"peran": u.role, "hash": u.password_hash, "aktif": u.active, "dibuat": u.created,
                     "diubah": u.changed}
            for u in sorted(users.values(), key=lambda u: u.name)
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Serialise writers of the user file across processes (an OS lock on a side file, released on exit)."""
    lock_path = path.with_name(path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as fh:
        if os.name == "nt":  # pragma: no cover - Windows offices
            import msvcrt

            fh.seek(0)
            for _ in range(100):
                try:
                    msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                raise AccountError("File pengguna sedang diubah proses lain; coba lagi sebentar lagi")
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _now_text() -> str:
    """The time of an account change as stored in the user file: ISO 8601 in WIB with its offset."""
    return clock.now().isoformat(timespec="seconds")


def _changed_text(value: str) -> str:
    """A stored change time for the account list, in WIB ("7 Des 2026 01.30 WIB"); unreadable text as it is."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    local = clock.to_wib(moment if moment.tzinfo else moment.astimezone())
    return f"{format_date(local)} {local:%H.%M} WIB"


# ---- validation --------------------------------------------------------------------------------------------------


def validate_name(name: str) -> str:
    """The normalised user name; raises :class:`AccountError` when it is not allowed."""
    norm = normalize_name(name)
    if not NAME_PATTERN.match(norm):
        raise AccountError(
            "Nama pengguna harus 2–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, "
            "diawali huruf atau angka"
        )
    return norm


def validate_role(role: str) -> str:
    """The role; raises :class:`AccountError` for an unknown one."""
    value = str(role or "").strip().lower()
    if value not in ROLES:
        raise AccountError(f"Peran '{role}' tidak dikenal; pilih salah satu: {', '.join(ROLES)}")
    return value


def validate_password(password: str, name: str) -> None:
    """Raise :class:`AccountError` when a new password is too weak."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Kata sandi maksimal {MAX_PASSWORD_LENGTH} karakter")
    if password.strip().lower() == normalize_name(name) or len(set(password)) < 4:
        raise AccountError("Kata sandi terlalu mudah ditebak")


def hash_password(password: str) -> str:
    """An argon2id hash of the password (salted; the password itself is not recoverable)."""
    return _hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    """A hash verified against for unknown names, so that they take as long as known ones."""
    return _hasher.hash("tidak-ada-akun-dengan-sandi-ini")


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches the argon2 hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# ---- account changes (the command line) --------------------------------------------------------------------------


def _change(path: str | os.PathLike | None, name: str, change) -> tuple[User | None, User]:
    """Apply ``change(users, name) -> User`` to the user file under its lock; returns (before, after)."""
    target = users_path(path)
    with _file_lock(target):
        users = load_users(target)
        before = users.get(name)
        after = change(users, name)
        users[name] = after
        _save_users(users, target)
    return before, after


def add_user(name: str, role: str, password: str, *, path: str | os.PathLike | None = None,
             actor: str | None = None, audit_db: str | os.PathLike | None = None) -> User:
    """Create an account (the name must be new). Recorded in the audit trail as done by ``actor``."""
    name = validate_name(name)
    role = validate_role(role)
    validate_password(password, name)

    def change(users: dict[str, User], key: str) -> User:
        if key in users:
            raise AccountError(f"Akun '{key}' sudah ada; gunakan 'passwd', 'role' atau 'enable'")
        now = _now_text()
        return User(key, role, hash_password(password), True, now, now)

    _, user = _change(path, name, change)
    audit.record("pengguna_tambah", actor or audit.os_user(), "cli", {"akun": name, "peran": role}, path=audit_db)
    return user


def _existing(users: dict[str, User], name: str) -> User:
    if name not in users:
        raise AccountError(f"Akun '{name}' tidak ada")
    return users[name]


def set_password(name: str, password: str, *, path: str | os.PathLike | None = None, actor: str | None = None,
                 audit_db: str | os.PathLike | None = None) -> User:
    """Give an account a new password (this also lifts a lockout)."""
    name = normalize_name(name)
    validate_password(password, name)

    def change(users: dict[str, User], key: str) -> User:
        u = _existing(users, key)
        return User(u.name, u.role, hash_password(password), u.active, u.created, _now_text())

    _, user = _change(path, name, change)
    audit.record("pengguna_sandi", actor or audit.os_user(), "cli", {"akun": name}, path=audit_db)
    return user


def set_active(name: str, active: bool, *, path: str | os.PathLike | None = None, actor: str | None = None,
               audit_db: str | os.PathLike | None = None) -> User:
    """Disable (or enable again) an account; a disabled account cannot sign in and open sessions end."""
    name = normalize_name(name)

    def change(users: dict[str, User], key: str) -> User:
        u = _existing(users, key)
        return User(u.name, u.role, u.password_hash, active, u.created, _now_text())

    _, user = _change(path, name, change)
    audit.record("pengguna_aktif" if active else "pengguna_nonaktif", actor or audit.os_user(), "cli",
                 {"akun": name}, path=audit_db)
    return user


def set_role(name: str, role: str, *, path: str | os.PathLike | None = None, actor: str | None = None,
             audit_db: str | os.PathLike | None = None) -> User:
    """Change the role of an account (takes effect on the user's next click)."""
    name = normalize_name(name)
    role = validate_role(role)

    def change(users: dict[str, User], key: str) -> User:
        u = _existing(users, key)
        return User(u.name, role, u.password_hash, u.active, u.created, _now_text())

    before, user = _change(path, name, change)
    audit.record("pengguna_peran", actor or audit.os_user(), "cli",
                 {"akun": name, "dari": before.role if before else None, "ke": role}, path=audit_db)
    return user


def unlock(name: str, *, actor: str | None = None, audit_db: str | os.PathLike | None = None) -> None:
    """Lift a lockout after failed sign-ins (the failures before this are no longer counted)."""
    audit.record("pengguna_buka_kunci", actor or audit.os_user(), "cli", {"akun": normalize_name(name)},
                 path=audit_db)


# ---- sign-in -----------------------------------------------------------------------------------------------------


def locked_until(name: str, *, audit_db: str | os.PathLike | None = None,
                 now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lockout of ``name`` ends (UTC, naive), or None when it is not locked."""
    now = now or audit.utc_now()
    failures = audit.recent_failures(normalize_name(name), LOCK_WINDOW, path=audit_db, now=now)
    if len(failures) < MAX_FAILURES:
        return None
    until = failures[-MAX_FAILURES] + LOCK_WINDOW
    return until if until > now else None


def authenticate(name: str, password: str, *, path: str | os.PathLike | None = None,
                 audit_db: str | os.PathLike | None = None, details: dict | None = None) -> AuthResult:
    """Check a local sign-in and record it (``masuk`` or ``masuk_gagal``) in the audit trail.

    A locked name is refused without looking at the password. A failure waits :data:`FAILURE_DELAY_SECONDS`
    before returning. The answer never tells whether a name exists.
    """
    user_name = normalize_name(name)[:64]
    extra = dict(details or {}, metode="lokal")
    generic = "Nama pengguna atau kata sandi salah."
    with _auth_lock:
        until = locked_until(user_name, audit_db=audit_db)
        if until is not None:
            result = AuthResult(False, user_name, reason="terkunci", locked_until=until,
                                message=f"Terlalu banyak percobaan gagal. Akun ini terkunci sampai "
                                        f"{_local_clock(until)}; coba lagi nanti atau hubungi admin.")
        else:
            try:
                users = load_users(path)
            except AccountError:
                users = {}
                log.exception("user file unreadable during sign-in")
            user = users.get(user_name)
            matches = verify_password(user.password_hash if user else _dummy_hash(), password or "")
            if user is None or not matches:
                result = AuthResult(False, user_name, reason="sandi_salah", message=generic)
            elif not user.active:
                result = AuthResult(False, user_name, reason="nonaktif",
                                    message="Akun ini dinonaktifkan. Hubungi admin aplikasi.")
            else:
                result = AuthResult(True, user_name, role=user.role, reason="ok")
        if result.ok:
            audit.record("masuk", result.user, result.role, extra, path=audit_db)
        else:
            audit.record_quietly("masuk_gagal", result.user, "-", dict(extra, alasan=result.reason), path=audit_db)
            if result.reason == "sandi_salah":
                until = locked_until(user_name, audit_db=audit_db)
                if until is not None:
                    result = AuthResult(False, user_name, reason="sandi_salah", locked_until=until,
                                        message=f"{generic} Terlalu banyak percobaan gagal: akun ini terkunci "
                                                f"sampai {_local_clock(until)}.")
    if not result.ok and FAILURE_DELAY_SECONDS > 0:
        time.sleep(FAILURE_DELAY_SECONDS)
    return result


def _local_clock(utc_naive: dt.datetime) -> str:
    """A stored (UTC) time as the WIB clock time of lockout messages: ``01.45 WIB``."""
    return f"{clock.to_wib(utc_naive):%H.%M} WIB"


def current_role(name: str, path: str | os.PathLike | None = None) -> str | None:
    """The role of an active local account now, or None when the account is gone or disabled (checked on every
    page run, so disabling or a role change takes effect at once)."""
    try:
        user = load_users(path).get(normalize_name(name))
    except AccountError:
        return None
    if user is None or not user.active:
        return None
    return user.role


# ---- OIDC roles --------------------------------------------------------------------------------------------------


def load_role_map(path: str | os.PathLike | None = None) -> dict[str, str]:
    """E-mail (lower case) or ``*@domain`` → role, from the ``[peran]`` table of the roles file.

    Unknown roles are ignored (with a log line); a missing or broken file gives an empty map (everyone ``tamu``).
    """
    target = roles_path(path)
    try:
        with open(target, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError):
        log.exception("roles file %s unreadable; everyone signs in as tamu", target)
        return {}
    table = data.get("peran", {})
    out: dict[str, str] = {}
    for key, role in (table.items() if isinstance(table, dict) else []):
        role_text = str(role).strip().lower()
        if role_text not in ROLES:
            log.warning("roles file %s: unknown role %r for %r ignored", target, role, key)
            continue
        out[str(key).strip().lower()] = role_text
    return out


def role_for_email(email: str | None, path: str | os.PathLike | None = None, *,
                   email_verified: bool | None = None) -> str:
    """The role for an identity-provider sign-in: the exact address first, then ``*@domain``; otherwise ``tamu``.

    An address the provider says is not verified is always ``tamu``.
    """
    address = str(email or "").strip().lower()
    if not address or "@" not in address or email_verified is False:
        return GUEST
    roles = load_role_map(path)
    if address in roles:
        return roles[address]
    domain = address.rsplit("@", 1)[1]
    return roles.get(f"*@{domain}", GUEST)


OIDC_MAX_SESSION = dt.timedelta(hours=12)  # an identity-provider sign-in older than this must be renewed


@dataclass(frozen=True)
class OidcIdentity:
    """Who an identity-provider sign-in is, as far as this app cares."""

    user: str
    role: str
    expired: bool = False


def oidc_identity(claims: dict, path: str | os.PathLike | None = None, *,
                  now: dt.datetime | None = None) -> OidcIdentity | None:
    """The app identity of the claims of an OIDC identity token (``st.user`` as a dict), or None when nobody is
    signed in. The user is the e-mail address (lower case); the role comes from the roles file; a sign-in whose
    ``iat`` (issued at) is older than :data:`OIDC_MAX_SESSION` is ``expired``. Tokens without an e-mail claim are
    signed in as ``tamu`` under their subject id."""
    if not claims or not claims.get("is_logged_in"):
        return None
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified")
    verified_flag = None if verified is None else str(verified).lower() in ("true", "1")
    if email:
        user, role = email, role_for_email(email, path, email_verified=verified_flag)
    else:
        user, role = f"oidc:{str(claims.get('sub') or 'tanpa-email')[:64]}", GUEST
    expired = False
    issued = claims.get("iat")
    if isinstance(issued, (int, float)) and not isinstance(issued, bool):
        moment = now or clock.utc_now()
        expired = moment - dt.datetime.fromtimestamp(issued, dt.UTC) > OIDC_MAX_SESSION
    return OidcIdentity(user=user, role=role, expired=expired)


# ---- command line ------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m netralitas.accounts``."""
    parser = IndonesianArgumentParser(prog="python -m netralitas.accounts",
                             description="Mengelola akun lokal Dasbor Netralitas ASN.")
    parser.add_argument("--file", metavar="FILE",
                        help="file pengguna (bawaan: NETRALITAS_USERS atau data/pengguna.json)")
    top = parser.add_subparsers(dest="group", required=True)
    users = top.add_parser("users", help="akun pengguna")
    sub = users.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="buat akun baru")
    add.add_argument("name", metavar="NAMA")
    add.add_argument("--role", required=True, choices=ROLES, help="peran akun")
    add.add_argument("--password-stdin", action="store_true",
                     help="baca kata sandi dari standar input (untuk skrip), bukan dari prompt")
    pw = sub.add_parser("passwd", help="ganti kata sandi (juga membuka kunci)")
    pw.add_argument("name", metavar="NAMA")
    pw.add_argument("--password-stdin", action="store_true", help="baca kata sandi dari standar input")
    role = sub.add_parser("role", help="ubah peran akun")
    role.add_argument("name", metavar="NAMA")
    role.add_argument("role", choices=ROLES)
    for cmd, text in (("disable", "nonaktifkan akun"), ("enable", "aktifkan kembali akun"),
                      ("unlock", "buka kunci setelah percobaan masuk gagal")):
        p = sub.add_parser(cmd, help=text)
        p.add_argument("name", metavar="NAMA")
    sub.add_parser("list", help="daftar akun")
    return parser


def _read_password(from_stdin: bool, stdin: TextIO, stderr: TextIO) -> str:
    """The new password: from standard input (one line) or typed twice at a prompt that does not echo."""
    if from_stdin or not stdin.isatty():
        line = stdin.readline()
        return line.rstrip("\r\n")
    first = getpass.getpass("Kata sandi baru: ", stream=stderr)
    second = getpass.getpass("Ulangi kata sandi: ", stream=stderr)
    if first != second:
        raise AccountError("Kedua kata sandi tidak sama")
    return first


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the accounts command line; returns the exit status (0 done, 1 refused, 2 bad usage)."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    path = users_path(args.file)
    try:
        if args.command == "list":
            users = load_users(path)
            if not users:
                stdout.write(f"Belum ada akun di {path}. Buat dengan: python -m netralitas.accounts users add "
                             "NAMA --role staf\n")
                return 0
            stdout.write(f"{'NAMA':<32} {'PERAN':<10} {'STATUS':<10} DIUBAH\n")
            for u in sorted(users.values(), key=lambda u: u.name):
                status = "aktif" if u.active else "nonaktif"
                until = locked_until(u.name)
                if until is not None:
                    status += f", terkunci s.d. {_local_clock(until)}"
                stdout.write(f"{u.name:<32} {u.role:<10} {status:<10} {_changed_text(u.changed)}\n")
            return 0
        if args.command == "add":
            name = validate_name(args.name)
            if name in load_users(path):
                raise AccountError(f"Akun '{name}' sudah ada; gunakan 'passwd', 'role' atau 'enable'")
            add_user(name, args.role, _read_password(args.password_stdin, stdin, stderr), path=path)
            stdout.write(f"Akun '{name}' dibuat dengan peran {args.role}. File: {path}\n")
        elif args.command == "passwd":
            name = normalize_name(args.name)
            _existing(load_users(path), name)
            set_password(name, _read_password(args.password_stdin, stdin, stderr), path=path)
            stdout.write(f"Kata sandi akun '{name}' diganti.\n")
        elif args.command == "role":
            user = set_role(args.name, args.role, path=path)
            stdout.write(f"Peran akun '{user.name}' kini {user.role}.\n")
        elif args.command in ("disable", "enable"):
            user = set_active(args.name, args.command == "enable", path=path)
            stdout.write(f"Akun '{user.name}' {'diaktifkan' if user.active else 'dinonaktifkan'}.\n")
        elif args.command == "unlock":
            name = normalize_name(args.name)
            unlock(name)
            stdout.write(f"Kunci akun '{name}' dibuka.\n")
    except (AccountError, audit.AuditError) as exc:
        stderr.write(f"kesalahan: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
