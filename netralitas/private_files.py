"""Files that hold register data or the audit trail are readable by their owner only.

The database, its backups, temporary and read copies, uploads and the audit trail hold names and NIP: on a
shared server they must not be readable by every local account, as the accounts file already is not. On
POSIX they are created with mode 0600 (folders 0700); on Windows the folder's access list decides, and
these calls do nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
_PRIVATE_UMASK = 0o077
POSIX = os.name != "nt"

_umask_lock = threading.Lock()
_umask_depth = 0
_umask_before = 0


def make_private(path: Path) -> None:
    """Make an existing file readable and writable by its owner only (nothing on Windows or if it is gone)."""
    if POSIX:
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, PRIVATE_FILE_MODE)


@contextlib.contextmanager
def private_creation() -> Iterator[None]:
    """Inside the block, files and folders this process creates — also those a library creates, such as a
    database's write-ahead log — get no permissions for group and others (the process's umask is 077;
    nested and concurrent blocks share it, and the earlier umask comes back when the last one ends)."""
    global _umask_depth, _umask_before
    if not POSIX:
        yield
        return
    with _umask_lock:
        if _umask_depth == 0:
            _umask_before = os.umask(_PRIVATE_UMASK)
        _umask_depth += 1
    try:
        yield
    finally:
        with _umask_lock:
            _umask_depth -= 1
            if _umask_depth == 0:
                os.umask(_umask_before)


def private_dir(path: Path) -> Path:
    """``path`` as a folder, created for its owner only if it is missing (its parents as well)."""
    with private_creation():
        path.mkdir(parents=True, exist_ok=True)
    return path


def copy_private(source: Path, target: Path) -> None:
    """Copy a file's bytes to ``target``, created for its owner only before the first byte is written."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    make_private(target)  # a file that was already there kept its old mode through os.open
    shutil.copyfile(source, target)  # truncates and fills the file: its mode stays


def write_private(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target``, created for its owner only from the first byte."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    make_private(target)
