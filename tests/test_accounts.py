"""Local accounts (argon2id hashes, wrong password, lockout, disabled accounts, the command line), the OIDC roles
file, and the audit trail they write. Real files in a temp folder; no Streamlit."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from netralitas import accounts, audit

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Sandi-Kantor-2024"


@pytest.fixture(autouse=True)
def fast_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Failed sign-ins wait a second in production, and each argon2id hash takes 64 MiB and a few hundred ms by
    design; tests use no wait and a cheap argon2id (same code path; the production parameters are checked in
    :func:`test_production_hash_parameters`)."""
    monkeypatch.setattr(accounts, "FAILURE_DELAY_SECONDS", 0)
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


def test_production_hash_parameters() -> None:
    """argon2id with the RFC 9106 "low memory" profile: 64 MiB, 3 passes, 4 lanes."""
    from argon2 import extract_parameters, profiles

    assert accounts.HASH_PARAMETERS == profiles.RFC_9106_LOW_MEMORY
    stored = PasswordHasher.from_parameters(accounts.HASH_PARAMETERS).hash("contoh-sandi-panjang")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert extract_parameters(stored) == profiles.RFC_9106_LOW_MEMORY


@pytest.fixture()
def users_file(_own_accounts_and_audit: Path) -> Path:
    return Path(os.environ["NETRALITAS_USERS"])


def actions() -> list[str]:
    """The actions in the audit trail, oldest first."""
    return list(reversed(audit.read()["action"].tolist()))


# ---- hashing and the user file ---------------------------------------------------------------------------------


def test_password_is_stored_as_argon2id_hash_only(users_file: Path) -> None:
    accounts.add_user("Budi.S", "staf", PASSWORD)
    text = users_file.read_text(encoding="utf-8")
    assert PASSWORD not in text
    entry = json.loads(text)["pengguna"]["budi.s"]  # names are stored in lower case
    assert entry["peran"] == "staf" and entry["aktif"] is True
    assert entry["hash"].startswith("$argon2id$")
    assert accounts.verify_password(entry["hash"], PASSWORD)
    assert not accounts.verify_password(entry["hash"], PASSWORD.lower())
    if os.name == "posix":
        assert users_file.stat().st_mode & 0o077 == 0  # readable by its owner only
    # the same password hashes differently every time (salted)
    assert accounts.hash_password(PASSWORD) != accounts.hash_password(PASSWORD)


@pytest.mark.parametrize(("name", "role", "password", "message"), [
    ("a", "staf", PASSWORD, "Nama pengguna"),
    ("budi santoso", "staf", PASSWORD, "Nama pengguna"),
    ("budi", "admin", PASSWORD, "Peran"),
    ("budi", "staf", "pendek", "minimal"),
    ("budi", "staf", "aaaaaaaaaaaa", "mudah"),
])
def test_bad_accounts_are_refused(users_file: Path, name: str, role: str, password: str, message: str) -> None:
    with pytest.raises(accounts.AccountError, match=message):
        accounts.add_user(name, role, password)
    assert not users_file.exists()


def test_duplicate_account_is_refused(users_file: Path) -> None:
    accounts.add_user("budi", "staf", PASSWORD)
    with pytest.raises(accounts.AccountError, match="sudah ada"):
        accounts.add_user("BUDI", "pimpinan", PASSWORD)
    assert accounts.load_users()["budi"].role == "staf"


def test_broken_user_file_keeps_sign_in_required(users_file: Path) -> None:
    users_file.write_text("{ bukan json", encoding="utf-8")
    assert accounts.local_accounts_configured() is True  # a broken file must not open the app
    result = accounts.authenticate("budi", PASSWORD)
    assert not result.ok


# ---- sign-in ---------------------------------------------------------------------------------------------------


def test_sign_in_right_and_wrong_password(users_file: Path) -> None:
    accounts.add_user("budi", "staf", PASSWORD)
    good = accounts.authenticate(" Budi ", PASSWORD)
    assert good.ok and good.user == "budi" and good.role == "staf"
    bad = accounts.authenticate("budi", PASSWORD + "x")
    unknown = accounts.authenticate("siapa", PASSWORD)
    assert not bad.ok and not unknown.ok
    assert bad.message == unknown.message == "Nama pengguna atau kata sandi salah."  # no hint that a name exists
    rows = audit.read()
    assert list(reversed(rows["action"].tolist()))[-3:] == ["masuk", "masuk_gagal", "masuk_gagal"]
    last = rows.iloc[0]
    assert last["user"] == "siapa" and audit.details_of(last["details"])["alasan"] == "sandi_salah"
    assert PASSWORD not in " ".join(rows["details"])  # a typed password never reaches the trail


def test_lockout_after_repeated_failures_then_unlock(users_file: Path) -> None:
    accounts.add_user("budi", "staf", PASSWORD)
    for _ in range(accounts.MAX_FAILURES - 1):
        assert accounts.authenticate("budi", "salah-salah-1").reason == "sandi_salah"
    assert accounts.locked_until("budi") is None
    fifth = accounts.authenticate("budi", "salah-salah-1")
    assert fifth.locked_until is not None and "terkunci" in fifth.message
    # now even the right password is refused, without being checked
    locked = accounts.authenticate("budi", PASSWORD)
    assert not locked.ok and locked.reason == "terkunci" and "terkunci sampai" in locked.message
    # the lock ends after the window
    later = audit.utc_now() + accounts.LOCK_WINDOW + dt.timedelta(seconds=1)
    assert accounts.locked_until("budi", now=later) is None
    # the admin can lift it at once
    accounts.unlock("budi")
    assert accounts.locked_until("budi") is None
    assert accounts.authenticate("budi", PASSWORD).ok


def test_successful_sign_in_resets_the_failure_count(users_file: Path) -> None:
    accounts.add_user("budi", "staf", PASSWORD)
    for _ in range(accounts.MAX_FAILURES - 1):
        accounts.authenticate("budi", "salah-salah-1")
    assert accounts.authenticate("budi", PASSWORD).ok
    for _ in range(accounts.MAX_FAILURES - 1):
        accounts.authenticate("budi", "salah-salah-1")
    assert accounts.locked_until("budi") is None


def test_unknown_names_are_locked_too(users_file: Path) -> None:
    for _ in range(accounts.MAX_FAILURES):
        accounts.authenticate("tidakada", "salah-salah-1")
    assert accounts.authenticate("tidakada", "apa-saja-123").reason == "terkunci"


def test_disabled_account_cannot_sign_in_and_can_be_enabled(users_file: Path) -> None:
    accounts.add_user("budi", "staf", PASSWORD)
    accounts.set_active("budi", False)
    assert accounts.current_role("budi") is None
    refused = accounts.authenticate("budi", PASSWORD)
    assert not refused.ok and refused.reason == "nonaktif" and "dinonaktifkan" in refused.message
    # a wrong password on a disabled account says no more than for any other account
    assert accounts.authenticate("budi", "salah-salah-1").message == "Nama pengguna atau kata sandi salah."
    assert not accounts.local_accounts_configured()  # no active account: the app runs open (as tamu)
    accounts.set_active("budi", True)
    assert accounts.authenticate("budi", PASSWORD).ok


def test_role_change_and_new_password(users_file: Path) -> None:
    accounts.add_user("budi", "staf", PASSWORD)
    accounts.set_role("budi", "pimpinan")
    assert accounts.current_role("budi") == "pimpinan"
    accounts.set_password("budi", "Sandi-Baru-2025")
    assert not accounts.authenticate("budi", PASSWORD).ok
    assert accounts.authenticate("budi", "Sandi-Baru-2025").role == "pimpinan"
    rows = audit.read()
    change = rows[rows["action"] == "pengguna_peran"].iloc[0]
    assert audit.details_of(change["details"]) == {"akun": "budi", "dari": "staf", "ke": "pimpinan"}
    assert change["role"] == "cli"
    assert actions()[:3] == ["pengguna_tambah", "pengguna_peran", "pengguna_sandi"]


# ---- the command line ------------------------------------------------------------------------------------------


def run_cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = accounts.main(list(args), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_add_list_role_disable_enable_unlock(users_file: Path) -> None:
    code, out, err = run_cli("users", "add", "Kepala", "--role", "pimpinan", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err
    assert "dibuat dengan peran pimpinan" in out and PASSWORD not in out + err
    assert accounts.authenticate("kepala", PASSWORD).role == "pimpinan"
    assert run_cli("users", "add", "kepala", "--role", "staf", stdin=PASSWORD)[0] == 1  # exists
    assert run_cli("users", "role", "kepala", "staf")[0] == 0
    assert run_cli("users", "disable", "kepala")[0] == 0
    code, out, _ = run_cli("users", "list")
    assert code == 0 and "kepala" in out and "staf" in out and "nonaktif" in out and "$argon2" not in out
    assert run_cli("users", "enable", "kepala")[0] == 0
    assert run_cli("users", "unlock", "kepala")[0] == 0
    code, _, err = run_cli("users", "passwd", "kepala", "--password-stdin", stdin="pendek\n")
    assert code == 1 and "minimal" in err
    assert run_cli("users", "passwd", "tidakada", "--password-stdin", stdin=PASSWORD)[0] == 1
    assert [a for a in actions() if a.startswith("pengguna_")] == [
        "pengguna_tambah", "pengguna_peran", "pengguna_nonaktif", "pengguna_aktif", "pengguna_buka_kunci"]


@pytest.mark.slow
def test_cli_in_a_real_process_reads_password_from_stdin(users_file: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "netralitas.accounts", "users", "add", "staf1", "--role", "staf"],
        input=PASSWORD + "\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert PASSWORD not in proc.stdout + proc.stderr
    assert accounts.authenticate("staf1", PASSWORD).ok
    bad = subprocess.run([sys.executable, "-m", "netralitas.accounts", "users", "add", "x"], capture_output=True,
                         text=True, env=env, cwd=ROOT, timeout=60)
    assert bad.returncode == 2 and "kesalahan" in bad.stderr
    row = audit.read(actions=["pengguna_tambah"]).iloc[0]
    assert row["role"] == "cli" and row["user"] == audit.os_user()


# ---- OIDC: e-mail → role ---------------------------------------------------------------------------------------


@pytest.fixture()
def roles_file(_own_accounts_and_audit: Path) -> Path:
    path = Path(os.environ["NETRALITAS_ROLES"])
    path.write_text(
        '[peran]\n"Kepala@Bawaslu.example.go.id" = "pimpinan"\n"staf1@bawaslu.example.go.id" = "staf"\n'
        '"*@bawaslu.example.go.id" = "staf"\n"tamu@bawaslu.example.go.id" = "tamu"\n'
        '"aneh@bawaslu.example.go.id" = "admin"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(("email", "verified", "role"), [
    ("kepala@bawaslu.example.go.id", True, "pimpinan"),
    ("KEPALA@bawaslu.example.go.id ", None, "pimpinan"),
    ("staf1@bawaslu.example.go.id", True, "staf"),
    ("siapa@bawaslu.example.go.id", True, "staf"),  # the domain rule
    ("tamu@bawaslu.example.go.id", True, "tamu"),  # an exact address beats the domain rule
    ("aneh@bawaslu.example.go.id", True, "staf"),  # an unknown role is ignored; the domain rule applies
    ("kepala@bawaslu.example.go.id", False, "tamu"),  # not verified by the provider
    ("orang@gmail.com", True, "tamu"),
    ("", True, "tamu"),
    (None, True, "tamu"),
])
def test_role_for_email(roles_file: Path, email: str | None, verified: bool | None, role: str) -> None:
    assert accounts.role_for_email(email, email_verified=verified) == role


def test_missing_or_broken_roles_file_gives_tamu(_own_accounts_and_audit: Path) -> None:
    assert accounts.role_for_email("kepala@bawaslu.example.go.id") == "tamu"
    Path(os.environ["NETRALITAS_ROLES"]).write_text("[peran\n", encoding="utf-8")
    assert accounts.role_for_email("kepala@bawaslu.example.go.id") == "tamu"


def test_oidc_identity_from_claims(roles_file: Path) -> None:
    now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    issued = int((now - dt.timedelta(hours=1)).timestamp())
    assert accounts.oidc_identity({}) is None
    assert accounts.oidc_identity({"is_logged_in": False}) is None
    ident = accounts.oidc_identity({"is_logged_in": True, "email": "Kepala@Bawaslu.example.go.id",
                                    "email_verified": True, "iat": issued}, now=now)
    assert ident == accounts.OidcIdentity("kepala@bawaslu.example.go.id", "pimpinan", False)
    old = accounts.oidc_identity({"is_logged_in": True, "email": "kepala@bawaslu.example.go.id",
                                  "iat": int((now - dt.timedelta(hours=13)).timestamp())}, now=now)
    assert old.expired
    no_email = accounts.oidc_identity({"is_logged_in": True, "sub": "12345"}, now=now)
    assert no_email.role == "tamu" and no_email.user == "oidc:12345"
    unverified = accounts.oidc_identity({"is_logged_in": True, "email": "kepala@bawaslu.example.go.id",
                                         "email_verified": "false"}, now=now)
    assert unverified.role == "tamu"
