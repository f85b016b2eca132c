"""Where the office's files are: the environment variable of each setting, named once, and the one rule that picks
a file's path — the path given by the caller (a command-line option), else the variable's value when it is set and
not empty, else the default beside the database in ``data/``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

DATABASE = "NETRALITAS_DB"  # the DuckDB file
BACKUPS = "NETRALITAS_BACKUPS"  # how many backups of the database to keep
AUDIT_DB = "NETRALITAS_AUDIT_DB"  # the audit trail (SQLite)
USERS = "NETRALITAS_USERS"  # local accounts (argon2 hashes)
ROLES = "NETRALITAS_ROLES"  # e-mail addresses → roles for identity-provider sign-in
WORD_MAP = "NETRALITAS_WORD_MAP"  # the office's word mapping
SIGNATORIES = "NETRALITAS_SIGNATORIES"  # who signs the supervision brief


def configured_path(explicit: str | os.PathLike | None, variable: str, default: Path | Callable[[], Path]) -> Path:
    """``explicit`` when given, else the path in the environment variable ``variable`` when it is set and not
    empty, else ``default`` (a path, or a function giving it, asked only when needed)."""
    if explicit:
        return Path(explicit)
    value = os.environ.get(variable)
    if value:
        return Path(value)
    return default() if callable(default) else default
