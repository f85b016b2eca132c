"""Who signs the supervision brief: the two officials of its signature block, set once for the office.

A brief carries two signatures side by side, as Indonesian official reports do: the one who prepared it ("Disusun
oleh,") and the one who acknowledges it ("Mengetahui,"). Each has a position (printed above the space for the wet
signature), a name (printed under it) and, for civil servants, a NIP (members of Bawaslu are not civil servants and
have none, so it may stay empty).

The settings live in a small JSON file, ``data/penandatangan.json`` (``NETRALITAS_SIGNATORIES`` names another),
written atomically by the form for pimpinan on the Laporan Supervisi page. No file, or a name left empty, means the
signatory is not set: the brief then leaves a line for the name to be written by hand and says that it is not set.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from netralitas import db, settings

DEFAULT_FILE = db.DATA_DIR / "penandatangan.json"
FILE_FORMAT = 1
MAX_NAME = 80
MAX_POSITION = 120
NIP_DIGITS = 18


class SignatoryError(ValueError):
    """A signatory setting that cannot be used (the message is Indonesian, for the user)."""


@dataclass(frozen=True)
class Signatory:
    """One signature of the brief: its caption, the signer's position, name and NIP ("" when not set)."""

    key: str
    caption: str
    position: str
    name: str = ""
    nip: str = ""

    @property
    def is_set(self) -> bool:
        """True when a name is set (a position alone signs nothing)."""
        return bool(self.name.strip())

    @property
    def nip_text(self) -> str:
        """The NIP as a signature block prints it: "NIP. 19780512 200312 1 004"; "" when there is none."""
        nip = self.nip
        if len(nip) != NIP_DIGITS:
            return ""
        return f"NIP. {nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


# The signature block, left to right, with the positions a city Bawaslu usually puts there.
DEFAULTS = (
    Signatory("penyusun", "Disusun oleh,", "Koordinator Divisi Penanganan Pelanggaran"),
    Signatory("pengesah", "Mengetahui,", "Ketua Bawaslu Kota Semarang"),
)
NOT_SET_NOTE = "Nama dan NIP penanda tangan belum diatur di dasbor; ditulis tangan saat ditandatangani."


def settings_path(explicit: str | os.PathLike | None = None) -> Path:
    """The settings file: ``explicit``, else ``NETRALITAS_SIGNATORIES``, else ``data/penandatangan.json``."""
    return settings.configured_path(explicit, settings.SIGNATORIES, DEFAULT_FILE)


def clean(signatory: Signatory) -> Signatory:
    """A signatory with its text trimmed and its NIP as 18 digits; raises :class:`SignatoryError` when the name
    or position is too long, when a name is given without a position, or when the NIP is not 18 digits."""
    position = " ".join(str(signatory.position or "").split())
    name = " ".join(str(signatory.name or "").split())
    nip = re.sub(r"[\s.]", "", str(signatory.nip or "")).removeprefix("NIP")
    label = signatory.caption.rstrip(",")
    if len(position) > MAX_POSITION:
        raise SignatoryError(f"{label}: jabatan terlalu panjang (paling banyak {MAX_POSITION} karakter).")
    if len(name) > MAX_NAME:
        raise SignatoryError(f"{label}: nama terlalu panjang (paling banyak {MAX_NAME} karakter).")
    if name and not position:
        raise SignatoryError(f"{label}: jabatan wajib diisi bila nama diisi.")
    if nip and not (nip.isdigit() and len(nip) == NIP_DIGITS):
        raise SignatoryError(f"{label}: NIP harus {NIP_DIGITS} angka (kosongkan bila penanda tangan bukan ASN).")
    if nip and not name:
        raise SignatoryError(f"{label}: NIP diisi tetapi nama kosong.")
    return replace(signatory, position=position, name=name, nip=nip)


def load(path: str | os.PathLike | None = None) -> tuple[Signatory, ...]:
    """The signatories, in block order; defaults (names not set) where the file has none or cannot be read."""
    target = settings_path(path)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULTS
    entries = data.get("penanda_tangan") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return DEFAULTS
    out = []
    for default in DEFAULTS:
        entry = entries.get(default.key)
        if not isinstance(entry, dict):
            out.append(default)
            continue
        try:
            out.append(clean(replace(default, position=str(entry.get("jabatan") or default.position),
                                     name=str(entry.get("nama") or ""), nip=str(entry.get("nip") or ""))))
        except SignatoryError:
            out.append(default)
    return tuple(out)


def save(signatories: tuple[Signatory, ...] | list[Signatory], path: str | os.PathLike | None = None) -> Path:
    """Check and write the signatories atomically (a temporary file in the same folder, then a rename, which also
    works on Windows); returns the file written. Raises :class:`SignatoryError` before writing anything when one
    of them is not usable."""
    checked = [clean(s) for s in signatories]
    target = settings_path(path)
    data = {"format": FILE_FORMAT,
            "penanda_tangan": {s.key: {"jabatan": s.position, "nama": s.name, "nip": s.nip} for s in checked}}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def as_details(signatories: tuple[Signatory, ...] | list[Signatory]) -> dict:
    """The signatories as audit details: position, name, and whether a NIP is set."""
    return {s.key: {"jabatan": s.position, "nama": s.name, "nip": bool(s.nip)} for s in signatories}
