"""The office's word mapping applied to what is loaded: the words the loader did not know, and reading the rows
already loaded again when a word gets (or loses) a mapping — without uploading anything again.

Rows are read again from the raw text they keep (``status_raw``, ``actor_type_raw``, ``district_raw``, the
sanction text) with the same normalisers a load uses, through the same write path as a load: a private copy of
the database is changed and swapped in atomically (:func:`netralitas.db.write_session`, which keeps the previous
file as a backup). Notes change with the values: a word that is now known loses its "tidak dikenal" note.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from loaders.rules import split_sanction, status_day
from loaders.tables import NOTE_SCHEMA, note_fields
from netralitas import db
from netralitas.normalize import (
    Normalized,
    is_blank,
    normalize_actor_type,
    normalize_district,
    normalize_status,
    read_sanction,
    severity_of,
)
from netralitas.vocab import Vocabulary
from netralitas.word_map import (
    FIELDS,
    WordMap,
    read_word_map,
    with_word,
    word_key,
    word_map_path,
    write_word_map,
)

# The data-quality note kinds each re-read field can carry.
_NOTE_KINDS = {
    "status": ("status",),
    "actor_type": ("jenis_pegawai", "bukan_asn"),
    "district": ("kecamatan",),
    "severity": ("sanksi_bertentangan",),
}


def unknown_words(con: duckdb.DuckDBPyConnection, voc: Vocabulary) -> pd.DataFrame:
    """The words of the loaded rows that the loader did not know, per column kind.

    Columns: ``field`` (a key of :data:`netralitas.word_map.FIELDS`), ``word`` (the key a mapping is stored
    under), ``written`` (its most frequent spelling as written; on a tie, the first in sort order), ``rows``
    (rows that hold it). A status, actor type or kecamatan is unknown when the vocabulary (with the office's
    words) cannot read it; a sanction text when it names neither a sanction nor an outcome (the row's severity
    then comes from its status). Blank cells and placeholders ("-") are not words. Ordered by kind, then by
    rows, most first.
    """
    found: dict[tuple[str, str], dict[str, int]] = {}
    today = dt.date.today()  # with a date every forwarding word is readable: what is left is unknown

    def unknown(field: str, raw: str) -> bool:
        if field == "status":
            return normalize_status(raw, voc, today).value is None
        if field == "actor_type":
            return normalize_actor_type(raw, voc).value == voc.unknown
        if field == "district":
            return normalize_district(raw, voc).value is None
        return read_sanction(raw, voc).severity is None

    queries = {
        "status": "SELECT status_raw, count(*) FROM violations WHERE status IS NULL AND status_raw IS NOT NULL "
                  "GROUP BY 1",
        "actor_type": "SELECT actor_type_raw, count(*) FROM violations WHERE actor_type = ? "
                      "AND actor_type_raw IS NOT NULL GROUP BY 1",
        "district": "SELECT district_raw, count(*) FROM violations WHERE district IS NULL "
                    "AND district_raw IS NOT NULL GROUP BY 1",
        "sanction": "SELECT sanction, count(*) FROM violations WHERE sanction IS NOT NULL GROUP BY 1",
    }
    for field, sql in queries.items():
        for raw, rows in con.execute(sql, [voc.unknown] if "?" in sql else []).fetchall():
            parts = split_sanction(raw) if field == "sanction" else [raw]
            for part in parts:
                if is_blank(part, voc) or not word_key(part) or not unknown(field, part):
                    continue
                spellings = found.setdefault((field, word_key(part)), {})
                spellings[part] = spellings.get(part, 0) + int(rows)
    records = [
        {"field": field, "word": word, "written": min(spellings, key=lambda s: (-spellings[s], s)),
         "rows": sum(spellings.values())}
        for (field, word), spellings in found.items()
    ]
    order = list(FIELDS)
    records.sort(key=lambda r: (order.index(r["field"]), -r["rows"], r["word"]))
    return pd.DataFrame(records, columns=["field", "word", "written", "rows"])


@dataclass(frozen=True)
class WordMapChange:
    """What changing one word's mapping did: the mapping before and after, and the loaded rows it changed."""

    field: str
    word: str
    value: str | None
    previous: str | None
    rows_changed: int


def change_word(db_path: Path, field: str, word: str, value: str | None, *,
                map_path: Path | None = None, voc: Vocabulary | None = None, timeout: float = 120.0) -> WordMapChange:
    """Map ``word`` (as written, or its key) of ``field`` to the canonical ``value`` — or remove its mapping
    (``value`` None) — and read the loaded rows again (:func:`reread`) in one write session.

    The mapping file is written inside the session, so the file and the database change together: if reading
    the rows fails, neither changes; if the database cannot be swapped in, the file is put back.
    Raises :class:`netralitas.db.DatabaseBusyError` while a load runs, and
    :class:`netralitas.word_map.WordMapError` for an unreadable mapping file.
    """
    from netralitas.vocab import vocabulary

    map_path = map_path or word_map_path()
    base = voc or vocabulary()
    key = word_key(word)
    before_text = map_path.read_text(encoding="utf-8") if map_path.exists() else None
    written = False
    try:
        with db.write_session(db_path, timeout=timeout) as con:
            words = read_word_map(map_path, base)
            previous = words.get(field, {}).get(key)
            new_words = with_word(words, field, key, value)
            changed = reread(con, base.with_office_words(new_words), _all_words(new_words, {field: {key}}))
            write_word_map(new_words, map_path)
            written = True
    except BaseException:
        if written:  # the database was not swapped in: the file goes back to what it was
            if before_text is None:
                with contextlib.suppress(OSError):
                    map_path.unlink()
            else:
                map_path.write_text(before_text, encoding="utf-8")
        raise
    return WordMapChange(field, key, value, previous, changed)


def _all_words(words: WordMap, extra: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every mapped word, plus ``extra``: re-reading all of them also heals rows that an undone load left
    behind with an older reading."""
    out = {field: set(entries) for field, entries in words.items()}
    for field, keys in extra.items():
        out.setdefault(field, set()).update(keys)
    return out


def reread(con: duckdb.DuckDBPyConnection, voc: Vocabulary, words: dict[str, set[str]]) -> int:
    """Read again, from their raw text, the loaded rows that hold one of ``words`` (field → word keys), with
    ``voc``; store the values that changed and replace the notes of the fields read again. Returns the number of
    rows whose values changed. Runs in the caller's write session."""
    raw_columns = {"status": "status_raw", "actor_type": "actor_type_raw", "district": "district_raw",
                   "sanction": "sanction"}
    wanted: dict[str, list[str]] = {}
    for field, column in raw_columns.items():
        keys = words.get(field) or set()
        if not keys:
            continue
        distinct = [r[0] for r in con.execute(
            f"SELECT DISTINCT {column} FROM violations WHERE {column} IS NOT NULL").fetchall()]  # noqa: S608
        if field == "sanction":
            wanted[field] = [t for t in distinct if any(word_key(p) in keys for p in split_sanction(t))]
        else:
            wanted[field] = [t for t in distinct if word_key(t) in keys]
    if not any(wanted.values()):
        return 0
    conditions = " OR ".join(f"list_contains(?::VARCHAR[], {raw_columns[f]})" for f in wanted)
    rows = con.execute(
        "SELECT rowid, batch_id, source_file, source_sheet, source_row, case_id, status_raw, actor_type_raw, "
        "district_raw, sanction, forwarded_on, reported_on, status, actor_type, district, severity, severity_rank "
        f"FROM violations WHERE {conditions}",  # noqa: S608 - column names are constants; values are parameters
        list(wanted.values()),
    ).fetchall()
    wanted_sets = {field: set(values) for field, values in wanted.items()}
    updates, notes, cleared = [], [], []
    for row in rows:
        (rowid, batch_id, source_file, sheet, source_row, case_id, status_raw, actor_raw, district_raw, sanction,
         forwarded_on, reported_on, status, actor_type, district, severity, rank) = row
        stored = StoredReading(status, actor_type, district, severity, rank)
        fields = _fields_to_read(wanted_sets, status_raw, actor_raw, district_raw, sanction)
        day = status_day(forwarded_on, reported_on, voc.forwarding_switch)
        new, readings = read_again(stored, fields, RawCells(status_raw, actor_raw, district_raw, sanction, day), voc)
        if new != stored:
            updates.append({"row_id": rowid, **dataclasses.asdict(new)})
        place = {"batch_id": batch_id, "source_file": source_file, "source_sheet": sheet, "source_row": source_row}
        for name, reading in readings.items():
            cleared.extend({**place, "kind": kind} for kind in _NOTE_KINDS[name])
            if reading.note is not None:
                notes.append({**place, "case_id": case_id, **note_fields(reading.note)})
    _store(con, updates, cleared, notes)
    return len(updates)


@dataclass(frozen=True)
class StoredReading:
    """The values a loaded row holds that a word mapping can change."""

    status: str | None
    actor_type: str | None
    district: str | None
    severity: str | None
    severity_rank: int | None


@dataclass(frozen=True)
class RawCells:
    """What a loaded row keeps of its cells, to be read again: the status, actor type and kecamatan texts, the
    sanction text, and the day that decides KASN or BKN (:func:`loaders.rules.status_day`)."""

    status: str | None
    actor_type: str | None
    district: str | None
    sanction: str | None
    day: dt.date | None


def read_again(
    stored: StoredReading, fields: set[str], raw: RawCells, voc: Vocabulary
) -> tuple[StoredReading, dict[str, Normalized]]:
    """A loaded row's values with ``fields`` read again from its raw cells by ``voc``, as a load reads them;
    the others stay as stored. The severity is read again when the status or the sanction text is (from the
    sanction texts, else the new status). Returns the values and the readings (with their notes) by field."""
    readings: dict[str, Normalized] = {}
    if "status" in fields:
        readings["status"] = normalize_status(raw.status, voc, raw.day)
    if "actor_type" in fields:
        readings["actor_type"] = normalize_actor_type(raw.actor_type, voc)
    if "district" in fields:
        readings["district"] = normalize_district(raw.district, voc)
    new = dataclasses.replace(stored, **{name: reading.value for name, reading in readings.items()})
    if "status" in fields or "sanction" in fields:
        severity = severity_of(split_sanction(raw.sanction), new.status, voc)
        readings["severity"] = Normalized(severity.severity, severity.note)
        new = dataclasses.replace(new, severity=severity.severity, severity_rank=severity.rank)
    return new, readings


def _fields_to_read(wanted: dict[str, set[str]], status_raw: str | None, actor_raw: str | None,
                    district_raw: str | None, sanction: str | None) -> set[str]:
    """Which fields of a row hold one of the words being read again."""
    held = {"status": status_raw, "actor_type": actor_raw, "district": district_raw, "sanction": sanction}
    return {field for field, values in wanted.items() if held[field] in values}


def _store(con: duckdb.DuckDBPyConnection, updates: list[dict], cleared: Iterable[dict], notes: list[dict]) -> None:
    """Write the changed values and swap the notes of the fields read again (parameterised, via Arrow)."""
    if updates:
        table = pa.Table.from_pylist(updates, schema=pa.schema([
            ("row_id", pa.int64()), ("status", pa.string()), ("actor_type", pa.string()), ("district", pa.string()),
            ("severity", pa.string()), ("severity_rank", pa.int32())]))
        con.register("reread_values", table)
        try:
            con.execute(
                "UPDATE violations SET status = r.status, actor_type = r.actor_type, district = r.district, "
                "severity = r.severity, severity_rank = r.severity_rank FROM reread_values r "
                "WHERE violations.rowid = r.row_id"
            )
        finally:
            con.unregister("reread_values")
    cleared = list(cleared)
    if cleared:
        con.register("reread_cleared", pa.Table.from_pylist(cleared, schema=pa.schema([
            ("batch_id", pa.int32()), ("source_file", pa.string()), ("source_sheet", pa.string()),
            ("source_row", pa.int32()), ("kind", pa.string())])))
        try:
            con.execute(
                "DELETE FROM quality_notes q USING reread_cleared c WHERE q.batch_id = c.batch_id "
                "AND q.source_file = c.source_file AND q.source_sheet IS NOT DISTINCT FROM c.source_sheet "
                "AND q.source_row = c.source_row AND q.kind = c.kind"
            )
        finally:
            con.unregister("reread_cleared")
    if notes:
        con.register("reread_notes", pa.Table.from_pylist(notes, schema=NOTE_SCHEMA))
        try:
            con.execute("INSERT INTO quality_notes BY NAME SELECT * FROM reread_notes")
        finally:
            con.unregister("reread_notes")
