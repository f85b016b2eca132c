"""The loader's rules for one row of a register, as plain functions on values.

Each function states one rule the office applies when a register row becomes a case: where its election cycle
comes from, how its severity is decided, which day decides KASN or BKN, what a person is, what a note about a
formula cell or a duplicate says. They take values and return values (no sheet, no database), so each rule is
tested on values; :mod:`loaders.normalising` applies them to whole columns, once per distinct value.
The cell-level readers (dates, statuses, sanction words …) are in :mod:`netralitas.normalize`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from netralitas.columns import FIELD_MASKS
from netralitas.normalize import Note, cell_text, cycle_from_date, cycle_from_text
from netralitas.privacy import QUOTE_SLOT
from netralitas.vocab import Vocabulary, fold, vocabulary

SANCTION_SEPARATOR = " | "  # how the texts of several sanction columns are joined into one ``sanction`` text
FORMULA_QUOTE_CHARS = 60  # how much of a formula-looking cell its note quotes

# Where a row's cycle came from (``cycle_basis``), in the order the sources are tried.
CYCLE_FROM_COLUMN = "kolom"
CYCLE_FROM_SECTION = "judul bagian"
CYCLE_FROM_SHEET = "nama sheet"
CYCLE_FROM_TITLE = "judul tabel"
CYCLE_FROM_FILE = "nama file"
CYCLE_FROM_DATE = "tanggal"
CYCLE_FROM_NOTHING = "tidak diketahui"


# ---- the case and the person --------------------------------------------------------------------------------


def case_id_of(written: str | None, source_file: str, sheet: str | None, excel_row: int) -> str:
    """The case a row belongs to: its register number as written; a row without one is a case of its own,
    named by its place ("TANPA-NOREG:file:sheet:row", sheet "csv" for a CSV file), so it never merges with
    another row."""
    return written if written else f"TANPA-NOREG:{source_file}:{sheet or 'csv'}:{excel_row}"


def person_key(nip: str | None, folded_name: str | None) -> str | None:
    """Who a row is about, to find the same person twice in one case: the NIP (digits), else the folded name;
    None when the row names neither."""
    return nip or (folded_name or None)


def nip_column_may_hold_nik(header_labels: Iterable[str], voc: Vocabulary | None = None) -> bool:
    """A NIP column may hold a NIK (16 digits, not flagged) when one of its headers names the NIK ("NIP/NIK",
    "NIK"); a person outside the civil service may have a NIK in any NIP column
    (:func:`netralitas.normalize.nik_of_non_asn`)."""
    voc = voc or vocabulary()
    return any(voc.names_nik(label) for label in header_labels)


def source_kind_of_row(
    cell_kind: str | None, written_case: str | None, of_case: Callable[[str], str | None]
) -> str | None:
    """Temuan or Laporan: as the source cell reads (``cell_kind``), else as the written register number reads
    ("…/TM/…", "…/LP/…", ``of_case``); a row without a written number has no kind from its number."""
    return cell_kind or (of_case(written_case) if written_case else None)


# ---- the handling status ------------------------------------------------------------------------------------


def status_day(forwarded: dt.date | None, found: dt.date | None, switch: dt.date | None) -> dt.date | None:
    """The day that decides whether a bare "forwarded" status went to KASN or to BKN: the forwarding date, else
    the finding date. Only its side of the switch date matters, so it is given as the switch date itself (on or
    after the switch) or as ``date.min`` (before); None without a day or without a switch date."""
    day = forwarded or found
    if switch is None or day is None:
        return None
    return switch if day >= switch else dt.date.min


# ---- the severity -------------------------------------------------------------------------------------------


def sanction_cells(texts: Iterable[str | None]) -> tuple[str, ...]:
    """A row's sanction texts, one per sanction column that holds one, in column order (blank cells left out).
    The first that names a sanction or an outcome decides the severity
    (:func:`netralitas.normalize.severity_of`)."""
    return tuple(t for t in texts if t)


def joined_sanction(cells: Sequence[str]) -> str | None:
    """The ``sanction`` text stored for a row: its sanction texts joined by :data:`SANCTION_SEPARATOR`, None
    when there is none."""
    return SANCTION_SEPARATOR.join(cells) if cells else None


def split_sanction(text: str | None) -> list[str]:
    """The sanction texts a stored ``sanction`` text was joined from (:func:`joined_sanction` undone)."""
    return [part for part in (text or "").split(SANCTION_SEPARATOR) if part.strip()]


# ---- the election cycle -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleReading:
    """A row's cycle, where it came from (``basis``, one of the ``CYCLE_FROM_*`` words), the text or date that
    named it (``raw``) and a note when a cycle column held a word that names no cycle."""

    cycle: str
    basis: str
    raw: str | None = None
    note: Note | None = None


def cycle_of_sheet(
    sheet_name: str | None,
    title_texts: Sequence[str],
    source_file: str,
    voc: Vocabulary | None = None,
    *,
    named: Callable[[object], str | None] | None = None,
) -> CycleReading | None:
    """The cycle a sheet names for all its rows: its sheet name, else the first title row above the table that
    names one, else the file name (without extension); None when none does. ``named`` may be a memoised
    :func:`netralitas.normalize.cycle_from_text`."""
    voc = voc or vocabulary()
    named = named or (lambda text: cycle_from_text(text, voc))
    if sheet_name and (cycle := named(sheet_name)):
        return CycleReading(cycle, CYCLE_FROM_SHEET, sheet_name)
    for text in title_texts:
        if cycle := named(text):
            return CycleReading(cycle, CYCLE_FROM_TITLE, text)
    if cycle := named(Path(source_file).stem):
        return CycleReading(cycle, CYCLE_FROM_FILE, source_file)
    return None


def cycle_of_row(
    written: object,
    section: str | None,
    sheet: CycleReading | None,
    day: dt.date | None,
    voc: Vocabulary | None = None,
    *,
    named: Callable[[object], str | None] | None = None,
    in_window: Callable[[dt.date | None], str] | None = None,
    text: Callable[[object], str | None] | None = None,
) -> CycleReading:
    """A row's election cycle, from the first source that names one: its cycle column (``written``), the
    section title it sits under (``section``, already a cycle name), the sheet (name, title rows, file name:
    :func:`cycle_of_sheet`), and last the date window that holds its finding date (``day``), else unknown.

    A cycle column whose word names no cycle gets a note, and the next source decides. ``named``,
    ``in_window`` and ``text`` may be memoised :func:`~netralitas.normalize.cycle_from_text`,
    :func:`~netralitas.normalize.cycle_from_date` and :func:`~netralitas.normalize.cell_text`.
    """
    voc = voc or vocabulary()
    named = named or (lambda value: cycle_from_text(value, voc))
    note = None
    if written is not None:
        if cycle := named(written):
            return CycleReading(cycle, CYCLE_FROM_COLUMN, (text or cell_text)(written))
        note = Note("siklus", f"Siklus tidak dikenal: '{QUOTE_SLOT}'", (text or cell_text)(written))
    if section:
        return CycleReading(section, CYCLE_FROM_SECTION, section, note)
    if sheet is not None:
        return CycleReading(sheet.cycle, sheet.basis, sheet.raw, note)
    cycle = (in_window or (lambda d: cycle_from_date(d, voc)))(day)
    if day is None:
        return CycleReading(cycle, CYCLE_FROM_NOTHING, None, note)
    return CycleReading(cycle, CYCLE_FROM_DATE, day.isoformat(), note)


# ---- notes on a row -----------------------------------------------------------------------------------------


def personal_columns(header_fields: Mapping[str, Sequence[int]]) -> dict[int, str]:
    """Column → how guests see a value quoted from it, for the columns that hold personal data (a name or NIP
    column: :data:`netralitas.columns.FIELD_MASKS`)."""
    return {c: mask for fld, mask in FIELD_MASKS.items() for c in header_fields.get(fld, [])}


def formula_note_of(label: str, text: str, mask: str | None = None) -> Note:
    """The note on a cell whose text starts with "=": it is kept as text (never computed), quoting its first
    :data:`FORMULA_QUOTE_CHARS` characters, masked like its column (``mask``) and like any NIP-looking value."""
    return Note("rumus", f"Kolom '{label}' diawali '=' dan disimpan sebagai teks: '{QUOTE_SLOT}'",
                text[:FORMULA_QUOTE_CHARS], mask)


def formula_note(cells: Iterable[tuple[str, str | None, str | None]]) -> Note | None:
    """A row's note about formula text: one note per row, for its first cell (label, text, column mask) whose
    text starts with "="; None when no cell does."""
    for label, text, mask in cells:
        if text is not None and text.startswith("="):
            return formula_note_of(label, text, mask)
    return None


def duplicate_note(case_id: str, other_file: str, other_sheet: str | None, other_row: int) -> Note:
    """The note on a row whose person, in the same case, was loaded before from another file: the file loaded
    last wins, so this row is kept and the older one is removed."""
    where = f"{other_file}" + (f", sheet '{other_sheet}'" if other_sheet else "") + f", baris {other_row}"
    return Note("duplikat", f"Orang yang sama dalam kasus {case_id} juga ada di {where}; baris file ini dipakai "
                            f"(dimuat terakhir), baris lama dihapus")


def same_person_note(places: Sequence[tuple[str | None, int]]) -> Note:
    """The note on the row kept of the same person written more than once in one case of one file (the lowest
    occurrence), naming every occurrence (sheet, Excel row) in order: "baris 2, 4 dan 6" within one sheet,
    "baris 2 sheet 'Lama' dan baris 3 sheet 'Baru'" across sheets."""
    if len({sheet for sheet, _ in places}) == 1:
        where = [str(row) for _, row in places]
        listed = f"baris {', '.join(where[:-1])} dan {where[-1]}"
    else:
        where = [f"baris {row} sheet '{sheet}'" for sheet, row in places]
        listed = f"{', '.join(where[:-1])} dan {where[-1]}"
    return Note("ganda_file", f"Orang yang sama dalam kasus yang sama ditulis {len(places)} kali: ganda dalam file "
                              f"ini ({listed}); baris terbawah dipakai")


# ---- the file -----------------------------------------------------------------------------------------------


def detect_dataset(texts: Iterable[str | None], voc: Vocabulary | None = None) -> str:
    """Which data a file holds, by the marker words of its texts (workbook properties, file name, sheet names,
    title rows): "contoh" (synthetic demo data) before "publik" (public record), else "sendiri" (the office's
    own data)."""
    voc = voc or vocabulary()
    blob = " " + " ".join(fold(t) for t in texts if t) + " "
    for kind in (voc.dataset_keys.demo, voc.dataset_keys.public):
        if any(f" {marker} " in blob for marker in voc.dataset_markers.get(kind, ())):
            return kind
    return voc.dataset_keys.own
