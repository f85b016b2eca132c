"""Keeping an uploaded register on disk for the loader, under its original file name, safely.

A loaded file is identified by its name (loading the same name again replaces its earlier rows), so an
upload must reach the loader under the name the user's file has — but a name sent by a browser is not trusted:
directories are stripped, control characters removed, and only the loader's file types are accepted.
This module does not import Streamlit; the upload page calls it.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

from netralitas.private_files import write_private

UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")  # the same as loaders.reading.SUPPORTED_SUFFIXES
MAX_NAME_LENGTH = 150
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # the same as server.maxUploadSize in .streamlit/config.toml
# Cells one upload may hold: what the server checks and loads while the page waits (the measurements are in
# bench/RESULTS.md, "Hostile files"). A 50 MB workbook of near-identical rows can hold a million rows, far more than
# that; such files load from the command line.
MAX_UPLOAD_CELLS = 500_000


class UploadError(ValueError):
    """An uploaded file that cannot be handed to the loader (the message is Indonesian, for the user)."""


def safe_upload_name(name: str) -> str:
    r"""The file name of an upload without any directory part; raises :class:`UploadError` when it is unusable.

    ``"C:\Users\x\Register 2024.xlsx"`` → ``"Register 2024.xlsx"``; ``"../../etc/x.csv"`` → ``"x.csv"``.
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[\\/]", text)[-1]
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")  # control / format characters
    text = text.strip().lstrip(".").strip()
    if not text:
        raise UploadError("Nama file kosong atau tidak sah")
    suffix = Path(text).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadError(
            f"Jenis file '{suffix or 'tanpa ekstensi'}' tidak didukung; unggah file "
            + ", ".join(UPLOAD_SUFFIXES)
        )
    if not Path(text).stem.strip():
        raise UploadError("Nama file tidak sah")
    if len(text) > MAX_NAME_LENGTH:
        stem = Path(text).stem[: MAX_NAME_LENGTH - len(suffix)].rstrip()
        text = stem + Path(text).suffix
    return text


UPLOAD_DIR_PREFIX = "netralitas-unggah-"
STALE_AFTER_SECONDS = 24 * 3600  # an upload left behind by a closed browser tab


def new_upload_dir() -> Path:
    """A fresh private temporary folder for one upload (folders abandoned for a day are removed first)."""
    root = Path(tempfile.gettempdir())
    now = time.time()
    for old in root.glob(UPLOAD_DIR_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if old.is_dir() and now - old.stat().st_mtime > STALE_AFTER_SECONDS:
                shutil.rmtree(old)
    return Path(tempfile.mkdtemp(prefix=UPLOAD_DIR_PREFIX))


def save_upload(name: str, data: bytes, directory: Path) -> Path:
    """Write the uploaded bytes to ``directory`` under the upload's own (sanitised) name and return the path."""
    target = Path(directory) / safe_upload_name(name)
    if len(data) > MAX_UPLOAD_BYTES:  # also capped by server.maxUploadSize; this holds whatever config is used
        raise UploadError(f"File lebih besar dari {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; muat file sebesar ini "
                          "dari baris perintah (python -m loaders)")
    if target.resolve().parent != Path(directory).resolve():  # belt and braces: never write outside the folder
        raise UploadError("Nama file tidak sah")
    write_private(target, data)
    return target


def remove_upload_dir(directory: Path | str | None) -> None:
    """Delete an upload folder made by :func:`new_upload_dir` (silently if it is already gone)."""
    if not directory:
        return
    path = Path(directory)
    if path.name.startswith(UPLOAD_DIR_PREFIX):
        with contextlib.suppress(OSError):
            shutil.rmtree(path)
