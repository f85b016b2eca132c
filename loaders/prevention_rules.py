"""The loader's rules for one row of a prevention register (one row per activity), as plain functions on values.

Like :mod:`loaders.rules` for the case registers: each function states one rule — what kind of activity a row is,
whom it was for, how many took part, where, under which id — and takes values and returns values (no sheet, no
database). The words come from the vocabulary (``[[prevention_kind]]``, ``[[audience_group]]``,
``[prevention_reading]`` in ``netralitas/vocabulary.toml``); :mod:`loaders.prevention` applies these rules to a
sheet. The election cycle of a row is decided by the case registers' rules (:func:`loaders.rules.cycle_of_row`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netralitas.normalize import Normalized, Note, cell_text, normalize_district
from netralitas.privacy import QUOTE_SLOT
from netralitas.vocab import Term, Vocabulary, fold, vocabulary

#: Note kinds of prevention rows (their labels are in :data:`netralitas.normalize.NOTE_KINDS`).
NOTE_UNKNOWN_KIND = "jenis_kegiatan"
NOTE_PARTICIPANTS = "jumlah_peserta"

#: The id of an activity whose register gives none: its place in the file.
NO_ID_PREFIX = "KEGIATAN"

@dataclass(frozen=True)
class _Mention:
    """A term named in a folded text: where its words start and end, and which term."""

    start: int
    end: int
    term: Term


def _mentions(folded: str, terms: Sequence[Term]) -> list[_Mention]:
    """The terms a folded text names, as whole words, in text order. Where two variants overlap, the longer one
    counts ("asn umum" is one mention, not "asn" plus "umum")."""
    if not folded:
        return []
    padded = f" {folded} "
    found: list[_Mention] = []
    for term in terms:
        for variant in term.variants:
            if not variant:
                continue
            start = padded.find(f" {variant} ")
            while start >= 0:
                found.append(_Mention(start, start + len(variant), term))
                start = padded.find(f" {variant} ", start + 1)
    kept: list[_Mention] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def kind_named(text: str | None, voc: Vocabulary | None = None) -> str | None:
    """The kind of activity a text names, or None: the kind named first wins ("Deklarasi netralitas sekaligus
    penandatanganan pakta integritas" is a declaration; "Rapat koordinasi persiapan deklarasi" a meeting). The words
    of the catch-all kind (apel, upacara) count only when no other kind is named."""
    voc = voc or vocabulary()
    if not voc.prevention_kinds:
        return None
    catch_all = voc.prevention_kinds[-1]
    mentions = _mentions(fold(text), voc.prevention_kinds)
    named = [m for m in mentions if m.term is not catch_all] or mentions
    return named[0].term.name if named else None


def kind_of(written_kind: object, title: object, voc: Vocabulary | None = None) -> Normalized:
    """A row's kind: what its "Jenis Kegiatan" cell names, else what its activity names (:func:`kind_named`), else
    the catch-all kind (Lainnya). A kind cell that names no kind gets a note quoting it."""
    voc = voc or vocabulary()
    catch_all = voc.prevention_kind_names[-1]
    kind_text = cell_text(written_kind)
    if kind := kind_named(kind_text, voc):
        return Normalized(kind)
    if kind := kind_named(cell_text(title), voc):
        return Normalized(kind)
    if kind_text:
        return Normalized(catch_all, Note(NOTE_UNKNOWN_KIND, f"Jenis kegiatan tidak dikenal: '{QUOTE_SLOT}'; "
                                                             f"dibaca {catch_all}", kind_text))
    return Normalized(catch_all)


def audience_named(text: str | None, voc: Vocabulary | None = None) -> str | None:
    """The audience group a text names, or None. A specific group (lurah, camat, OPD, guru, pimpinan daerah) goes
    before a broad one (``broad = true``: ASN in general, the public); among several of the same standing the one
    named last wins — Indonesian names the addressee after the topic ("Imbauan netralitas ASN kepada Wali Kota")."""
    voc = voc or vocabulary()
    mentions = _mentions(fold(text), voc.audience_groups)
    specific = [m for m in mentions if not m.term.extra.get("broad")]
    chosen = specific or mentions
    return chosen[-1].term.name if chosen else None


def audience_group_of(audience: object, title: object, voc: Vocabulary | None = None) -> str:
    """A row's audience group: what its "Sasaran / Peserta" cell names, else what its activity names
    (:func:`audience_named`), else the catch-all group (Lainnya)."""
    voc = voc or vocabulary()
    return (audience_named(cell_text(audience), voc) or audience_named(cell_text(title), voc)
            or voc.audience_group_names[-1])


def participants_of(value: object, voc: Vocabulary | None = None) -> Normalized:
    """The number of participants in a cell: a whole number (120, "120", "1.200"), with "±" / "+/-" and words such
    as "orang", "peserta", "kurang lebih" around it ("± 120", "120 orang", "±120 peserta"). Blank → None; a cell
    that holds anything else (two numbers, a word only) → None with a note quoting it."""
    voc = voc or vocabulary()
    if value is None or isinstance(value, bool):
        return Normalized(None)
    if isinstance(value, (int, float)):
        if value >= 0 and float(value).is_integer():
            return Normalized(int(value))
        return Normalized(None, _participants_note(cell_text(value)))
    text = cell_text(value)
    if not text:
        return Normalized(None)
    words = f" {fold(text)} "  # folding drops "±", "+/-" and the thousands dot ("1.200" → "1200")
    for word in sorted(voc.participant_words, key=len, reverse=True):
        words = words.replace(f" {word} ", " ")
    words = words.strip()
    if words.isdigit():
        return Normalized(int(words))
    return Normalized(None, _participants_note(text))


def _participants_note(text: str | None) -> Note:
    return Note(NOTE_PARTICIPANTS, f"Jumlah peserta tidak terbaca: '{QUOTE_SLOT}'", text)


def is_city_wide(text: object, voc: Vocabulary | None = None) -> bool:
    """True when a kecamatan cell names the whole city ("se-Kota Semarang", "Seluruh kecamatan", "Kota")."""
    voc = voc or vocabulary()
    padded = f" {fold(text)} "
    return padded.strip() != "" and any(f" {w} " in padded for w in voc.city_wide_words)


def district_of(written: object, places: Iterable[object], voc: Vocabulary | None = None) -> Normalized:
    """A row's kecamatan: its kecamatan cell; where it has none, the first of its other texts (``places``: the
    place, then the activity) that names one. A kecamatan cell that names the whole city means city-wide (None,
    no note); one that names neither gets the case registers' note."""
    voc = voc or vocabulary()
    if cell_text(written):
        reading = normalize_district(written, voc)
        if reading.value is None and is_city_wide(written, voc):
            return Normalized(None)
        return reading
    for text in places:
        if cell_text(text) and (found := normalize_district(text, voc).value):
            return Normalized(found)
    return Normalized(None)


def activity_id_of(written: str | None, source_file: str, sheet: str | None, excel_row: int) -> str:
    """An activity's id: the register's own number as written; else its place in the file,
    "KEGIATAN:file:sheet:row" (sheet "csv" for a CSV file), stable as long as the row stays where it is."""
    return written if written else f"{NO_ID_PREFIX}:{source_file}:{sheet or 'csv'}:{excel_row}"
