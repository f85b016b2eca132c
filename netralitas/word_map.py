"""The office's own words: register words the loader did not know, mapped by staff to a canonical value.

The mapping is data beside the vocabulary (``vocabulary.toml`` holds the product's words; this file holds the
office's), a small TOML file: ``data/pemetaan_kata.toml``, or the file ``NETRALITAS_WORD_MAP`` names. One table
per column kind; each key is a word as the loader compares it (folded: lower case, dots removed, other
punctuation as single spaces), each value a canonical value of that kind::

    [status]
    "lanjut ke tahap berikut" = "Klarifikasi/Kajian"

    [actor_type]
    "tenaga ahli" = "THL"

Every load reads it (:func:`loading_vocabulary`): a mapped word gets its value before the vocabulary's own rules
(:meth:`netralitas.vocab.Vocabulary.office_word`). Rows already loaded are read again from their stored raw text
when the mapping changes (``loaders.remap``). This module does not import Streamlit.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tomllib
import uuid
from pathlib import Path

from netralitas import db, settings
from netralitas.vocab import UNKNOWN, Vocabulary, fold, vocabulary

log = logging.getLogger(__name__)

WORD_MAP_FILE_NAME = "pemetaan_kata.toml"

# The column kinds staff can map words of, with their labels on the Kualitas Data page.
FIELDS: dict[str, str] = {
    "status": "Status penanganan",
    "actor_type": "Jenis pegawai",
    "district": "Kecamatan",
    "sanction": "Sanksi / tindak lanjut",
}

WordMap = dict[str, dict[str, str]]  # field → folded word → canonical value

_FILE_HEADER = """\
# Pemetaan kata register kantor ke nilai baku (dibuat dari halaman Kualitas Data oleh staf/pimpinan).
# Office word mapping: register words the loader did not know → canonical values. One table per column kind
# (status, actor_type, district, sanction); keys are folded words (lower case, no dots, punctuation as spaces).
# Every load uses it; changing it from the app re-reads the rows already loaded. See README, "Pemetaan kata".
"""


class WordMapError(ValueError):
    """The mapping file cannot be read (the message is Indonesian, for the user)."""


def word_map_path() -> Path:
    """The mapping file: ``NETRALITAS_WORD_MAP``, else ``data/pemetaan_kata.toml``."""
    return settings.configured_path(None, settings.WORD_MAP, db.DATA_DIR / WORD_MAP_FILE_NAME)


def choices(field: str, voc: Vocabulary | None = None) -> list[str]:
    """The canonical values a word of ``field`` can be mapped to (never "Tidak diketahui")."""
    voc = voc or vocabulary()
    values = {
        "status": voc.status_names,
        "actor_type": [t.name for t in voc.actor_types],
        "district": voc.district_names,
        "sanction": [name for name in voc.severity_names if name != UNKNOWN],
    }
    return list(values[field])


def word_key(text: object) -> str:
    """How a cell's word is compared and stored in the mapping (:func:`netralitas.vocab.fold`)."""
    return fold(text)


def read_word_map(path: Path | None = None, voc: Vocabulary | None = None) -> WordMap:
    """The mapping in the file (empty when there is none). Raises :class:`WordMapError` for a file that is not
    valid TOML; an entry of an unknown kind or with a value that is not canonical is left out (and logged)."""
    path = path or word_map_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise WordMapError(f"Pemetaan kata {path.name} tidak dapat dibaca: {exc.strerror or exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WordMapError(f"Pemetaan kata {path.name} rusak (bukan TOML yang sah: {exc}); perbaiki atau hapus file "
                           "itu") from exc
    voc = voc or vocabulary()
    words: WordMap = {}
    for field, entries in data.items():
        if field not in FIELDS or not isinstance(entries, dict):
            log.warning("pemetaan kata %s: bagian [%s] tidak dikenal, dilewati", path, field)
            continue
        allowed = set(choices(field, voc))
        for word, value in entries.items():
            key = word_key(word)
            if not key or value not in allowed:
                log.warning("pemetaan kata %s: [%s] %r = %r dilewati (bukan nilai baku)", path, field, word, value)
                continue
            words.setdefault(field, {})[key] = value
    return words


def write_word_map(words: WordMap, path: Path | None = None) -> None:
    """Write the mapping to its file atomically (a copy replaced in one step), kinds and words sorted."""
    path = path or word_map_path()
    lines = [_FILE_HEADER]
    for field in FIELDS:
        entries = words.get(field) or {}
        if not entries:
            continue
        lines.append(f"\n[{field}]\n")
        lines.extend(f"{json.dumps(word, ensure_ascii=False)} = {json.dumps(value, ensure_ascii=False)}\n"
                     for word, value in sorted(entries.items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def with_word(words: WordMap, field: str, word: str, value: str | None) -> WordMap:
    """A copy of ``words`` with ``word`` of ``field`` mapped to ``value`` (or its mapping removed: None)."""
    if field not in FIELDS:
        raise ValueError(f"unknown field: {field}")
    out = {f: dict(entries) for f, entries in words.items()}
    key = word_key(word)
    if value is None:
        out.get(field, {}).pop(key, None)
    else:
        out.setdefault(field, {})[key] = value
    return {f: entries for f, entries in out.items() if entries}


def loading_vocabulary(path: Path | None = None) -> Vocabulary:
    """The vocabulary a load reads with: the product's, plus the office's mapped words. Raises
    :class:`WordMapError` when the mapping file is unreadable (a load must not silently ignore it)."""
    voc = vocabulary()
    return voc.with_office_words(read_word_map(path, voc))
