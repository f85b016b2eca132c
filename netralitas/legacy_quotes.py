"""Notes and reasons written before they kept their quoted value apart: the quoted part moved out of the text.

Databases of schema 2 and earlier hold each data-quality note and rejection reason as one text with the cell it
quotes inside ("NIP 17 digit, bukan 18: '19780312 200501 1 09'"). Upgrading them recognises every text the
loader wrote then, by the exact wording of its kind, and splits it into the template and the quoted value with
the mask the loader gives that value now. A text that is not recognised is kept whole as the quoted value and
hidden from guests: nothing personal may leak from an upgraded database either.
"""

from __future__ import annotations

import re

import duckdb
import pyarrow as pa

from netralitas.normalize import REJECTED_CELLS, REJECTION_REASONS
from netralitas.privacy import MASK_HIDE, MASK_NAME, MASK_NIP, QUOTE_SLOT, quote_mask

# The texts of schema 2 per note kind: a pattern (whole text; the group ``nilai`` is the quoted cell, as long as it
# can be, so that no part of it stays in the template) and the mask of the column that cell came from.
_OLD_NOTES: dict[str, list[tuple[str, str | None]]] = {
    "jenis_pegawai": [(r"Kolom jenis pegawai kosong", None), (r"Jenis pegawai tidak dikenal: '(?P<nilai>.*)'", None)],
    "bukan_asn": [(r"Status kepegawaian di luar ASN: '(?P<nilai>.*)'", None)],
    "tanggal": [
        (r"Tanggal tidak terbaca: '(?P<nilai>.*)'", None),
        (r"Tanggal tidak masuk akal: '(?P<nilai>.*)'", None),
    ],
    "tanggal_masa_depan": [(r"Tanggal di masa depan: \d{4}-\d{2}-\d{2}", None)],
    "nip_angka": [(r"NIP diketik sebagai angka \((?P<nilai>.*)\); digit akhir mungkin hilang", MASK_NIP)],
    "nip_panjang": [
        (r"NIP tidak terbaca: '(?P<nilai>.*)'", MASK_NIP),
        (r"NIP tanpa angka: '(?P<nilai>.*)'", MASK_NIP),
        (r"NIP \d+ digit, bukan 18: '(?P<nilai>.*)'", MASK_NIP),
    ],
    "sanksi_bertentangan": [
        (r"Kolom sanksi '(?P<nilai>.*)': tingkat \([\w ,]+\) bertentangan dengan sanksi konkret; "
         r"dibaca sebagai [\w ]+", None),
    ],
    "kecamatan": [(r"Kecamatan tidak dikenal: '(?P<nilai>.*)'", None)],
    "siklus": [(r"Siklus tidak dikenal: '(?P<nilai>.*)'", None)],
    "status": [
        (r"Status '(?P<nilai>.*)' tanpa tanggal: tidak dapat ditentukan KASN atau BKN", None),
        (r"Status penanganan tidak dikenal: '(?P<nilai>.*)'", None),
    ],
    "duplikat": [
        (r"Orang yang sama dalam kasus yang sama juga ada di baris \d+ file ini", None),
        (r"Orang yang sama dalam kasus .* juga ada di .*; baris file ini dipakai \(dimuat terakhir\), "
         r"baris lama dihapus", None),
    ],
    # the column of the cell is not stored: treated as a name column (masked as a name, or as a NIP by its look)
    "rumus": [(r"Kolom '.*?' diawali '=' dan disimpan sebagai teks: '(?P<nilai>=.*)'", MASK_NAME)],
}
_NOTE_PATTERNS = {
    kind: [(re.compile(pattern, re.DOTALL), mask) for pattern, mask in patterns]
    for kind, patterns in _OLD_NOTES.items()
}
_OLD_CELLS = re.compile(r" \(isi: (?P<nilai>.*)\)", re.DOTALL)

Split = tuple[str, str | None, str | None]  # (template, quoted value, its mask)


def _whole_text_hidden(text: str) -> Split:
    """A text that cannot be split: all of it is the quoted value, hidden from guests."""
    return QUOTE_SLOT, text, MASK_HIDE


def split_old_note(kind: str, message: str) -> Split:
    """A schema-2 note message as (template, quoted value, mask); unrecognised messages are hidden whole."""
    for pattern, mask in _NOTE_PATTERNS.get(kind, []):
        m = pattern.fullmatch(message)
        if m is None:
            continue
        if "nilai" not in pattern.groupindex:
            return message, None, None
        quoted = m.group("nilai")
        return message[: m.start("nilai")] + QUOTE_SLOT + message[m.end("nilai") :], quoted, quote_mask(quoted, mask)
    return _whole_text_hidden(message)


def split_old_reason(reason: str) -> Split:
    """A schema-2 rejection reason as (template, quoted cells, mask): the row's cells are hidden from guests like
    every rejected row's; unrecognised reasons are hidden whole."""
    for known in REJECTION_REASONS.values():
        if reason == known:
            return reason, None, None
        if reason.startswith(known) and (m := _OLD_CELLS.fullmatch(reason, len(known))):
            return known + REJECTED_CELLS, m.group("nilai"), MASK_HIDE
    return _whole_text_hidden(reason)


_SPLIT_SCHEMA = pa.schema([("key", pa.string()), ("old", pa.string()), ("template", pa.string()),
                           ("quoted", pa.string()), ("quoted_mask", pa.string())])


def move_quotes_out(con: duckdb.DuckDBPyConnection) -> None:
    """Split every note and reason not split yet (``quoted`` is null) in the database behind ``con``.

    Run once, by the schema upgrade: a note written since keeps its quoted value apart already, and one without
    a quoted value must not be taken for an old one. Each distinct text is split once.
    """
    notes = con.execute("SELECT DISTINCT kind, message FROM quality_notes WHERE quoted IS NULL").fetchall()
    _update(con, "quality_notes", "kind", "message", [(kind, msg, *split_old_note(kind, msg)) for kind, msg in notes])
    reasons = con.execute("SELECT DISTINCT reason FROM rejected_rows WHERE reason_template IS NULL").fetchall()
    _update(con, "rejected_rows", None, "reason", [("", reason, *split_old_reason(reason)) for (reason,) in reasons],
            template_column="reason_template")


def _update(con: duckdb.DuckDBPyConnection, table: str, key: str | None, text: str, splits: list[tuple],
            template_column: str | None = None) -> None:
    """Write the splits (key, old text, template, quoted, mask) into ``table`` (a constant name, as are the
    columns ``key``, ``text`` and ``template_column``) where its text is the old one and nothing is split yet. The
    template goes to ``template_column`` when given (the full text stays), else it replaces the text."""
    changed = splits if template_column else [s for s in splits if s[2] != s[1] or s[3] is not None]
    if not changed:
        return
    old_texts = pa.Table.from_pylist([dict(zip(_SPLIT_SCHEMA.names, s, strict=True)) for s in changed],
                                     schema=_SPLIT_SCHEMA)
    con.register("old_texts", old_texts)
    try:
        same_key = f" AND t.{key} = o.key" if key else ""
        target = template_column or text
        not_split = f"t.{template_column} IS NULL" if template_column else "t.quoted IS NULL"
        con.execute(
            f"UPDATE {table} AS t SET {target} = o.template, quoted = o.quoted, "  # noqa: S608
            f"quoted_mask = o.quoted_mask FROM old_texts o WHERE {not_split} AND t.{text} = o.old{same_key}"
        )
    finally:
        con.unregister("old_texts")
