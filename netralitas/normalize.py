"""Normalising single cell values to the canonical vocabulary (``netralitas/vocabulary.toml``): actor types,
kecamatan, dates, NIP/NIK, handling statuses, sanctions and their severity, cycles named in text, source kinds,
position groups.

Every function takes the raw cell as read and returns the canonical value plus, where the cell is doubtful,
a data-quality note (kind, Indonesian message template, and the cell it quotes kept apart from the template so
that the query layer can mask it for guests). The raw text is always kept by the caller.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from netralitas import clock
from netralitas.privacy import MASK_NIP, QUOTE_SLOT, fill_quote, quote_mask
from netralitas.vocab import Vocabulary, fold, fold_split, vocabulary

# Data-quality note kinds and their Indonesian labels (shown on the Kualitas Data page).
NOTE_KINDS: dict[str, str] = {
    "jenis_pegawai": "Jenis pegawai tidak dikenal",
    "bukan_asn": "Terlapor di luar ASN (Lainnya)",
    "tanggal": "Tanggal tidak terbaca",
    "tanggal_masa_depan": "Tanggal di masa depan",
    "nip_angka": "NIP tersimpan sebagai angka (digit bisa hilang)",
    "nip_panjang": "NIP bukan 18 digit",
    "sanksi_bertentangan": "Kata sanksi bertentangan",
    "kecamatan": "Kecamatan tidak dikenal",
    "siklus": "Siklus tidak dikenal",
    "status": "Status penanganan tidak dikenal",
    "duplikat": "Duplikat antar file",
    "ganda_file": "Ganda dalam file (orang yang sama dalam kasus yang sama, digabung)",
    "rumus": "Sel berisi teks rumus (disimpan sebagai teks)",
    "jenis_kegiatan": "Jenis kegiatan pencegahan tidak dikenal (dibaca Lainnya)",
    "jumlah_peserta": "Jumlah peserta tidak terbaca",
}

# Excel's day 0 for serial dates (1900 system with the 1900 leap-year bug accounted for).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 20_000, 80_000  # 1954 .. 2119: numbers outside are not dates


# Why a row below the header cannot be a case (shown with the row on the Kualitas Data page), by kind. The row's
# first cells follow as the quoted value (:data:`REJECTED_CELLS`), hidden from guests.
REJECTION_REASONS: dict[str, str] = {
    "tanpa_kunci": "Tidak ada nama terlapor, NIP, maupun nomor register; baris tidak dapat menjadi kasus",
    "tanpa_kegiatan": ("Tidak ada nama kegiatan maupun jenis kegiatan; baris tidak dapat menjadi kegiatan "
                       "pencegahan"),
}
REJECTED_CELLS = f" — isi: {QUOTE_SLOT}"


@dataclass(frozen=True)
class Note:
    """A data-quality note on one loaded row: its kind, a message template and the cell value it quotes.

    The message names the column and holds :data:`netralitas.privacy.QUOTE_SLOT` where the quoted cell goes; it
    never holds a cell value itself. ``quoted_mask`` says how guests see the quoted value: given by the column it
    came from (a NIP column: ``MASK_NIP``), and made a NIP mask for any value that looks like a NIP/NIK.
    """

    kind: str
    message: str
    quoted: str | None = None
    quoted_mask: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "quoted_mask", quote_mask(self.quoted, self.quoted_mask))

    def text(self, reveal: bool = True) -> str:
        """The message with its quoted value filled in (masked unless ``reveal``)."""
        return fill_quote(self.message, self.quoted, self.quoted_mask, reveal)


@dataclass(frozen=True)
class Normalized:
    """A canonical value and an optional note about the raw cell it came from."""

    value: object
    note: Note | None = None


def is_blank(value: object, voc: Vocabulary | None = None) -> bool:
    """True for None, empty text and the placeholders that mean "nothing written" ("-", "n/a" …)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            return True
        if len(stripped) > 20:  # every placeholder is short
            return False
        return fold(stripped) in (voc or vocabulary()).blank_words and not any(ch.isdigit() for ch in stripped)
    return False


def cell_text(value: object) -> str | None:
    """The text of a raw cell as written, whitespace trimmed at both ends; integral numbers without ``.0``;
    dates as ISO text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return format(Decimal(repr(value)), "f").split(".")[0]
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    s = str(value).replace("\r\n", "\n").strip()
    return s or None


def _match_longest(folded: str, terms: list[tuple[str, str]], min_contained: int = 3) -> str | None:
    """Match folded text against (variant, name) pairs: exact first, else the longest whole-word contained."""
    if not folded:
        return None
    for variant, name in terms:
        if folded == variant:
            return name
    best: tuple[int, str] | None = None
    padded = f" {folded} "
    for variant, name in terms:
        if len(variant) < min_contained:
            continue
        if f" {variant} " in padded and (best is None or len(variant) > best[0]):
            best = (len(variant), name)
    return best[1] if best else None


def normalize_actor_type(raw: object, voc: Vocabulary | None = None) -> Normalized:
    """Map a status-kepegawaian cell to PNS / PPPK / THL / ASN (tidak dirinci) / Lainnya / unknown.

    A word the office mapped itself (:meth:`Vocabulary.office_word`) gets its mapped value first; else an exact
    variant, else the longest variant contained in the cell. A blank or unreadable cell is unknown
    (``voc.unknown``) with a note; a person outside the civil service (Lainnya: TNI, Polri, kepala desa, party
    officials) is kept, with a note.
    """
    voc = voc or vocabulary()
    if is_blank(raw, voc):
        return Normalized(voc.unknown, Note("jenis_pegawai", "Kolom jenis pegawai kosong"))
    name = voc.office_word("actor_type", fold(raw))
    if name is None:
        terms = [(v, t.name) for t in voc.actor_types for v in t.variants]
        name = _match_longest(fold(raw), terms)
    if name is None:
        return Normalized(
            voc.unknown, Note("jenis_pegawai", f"Jenis pegawai tidak dikenal: '{QUOTE_SLOT}'", cell_text(raw))
        )
    if name == "Lainnya":  # outside the civil service: kept, and flagged
        return Normalized(
            name, Note("bukan_asn", f"Status kepegawaian di luar ASN: '{QUOTE_SLOT}'", cell_text(raw))
        )
    return Normalized(name)


def cycle_from_text(text: object, voc: Vocabulary | None = None) -> str | None:
    """The cycle a text names (a column value, sheet name, title row or file name), or None."""
    voc = voc or vocabulary()
    folded = fold_split(text)
    if not folded:
        return None
    folded = " ".join(w for w in folded.split() if w not in {"tahun", "thn", "th"})
    terms = [(v, c.name) for c in voc.cycles for v in c.variants]
    return _match_longest(folded, terms, min_contained=1)


def cycle_from_date(day: dt.date | None, voc: Vocabulary | None = None) -> str:
    """The cycle whose date window (``date_from`` … ``date_to`` of the vocabulary's cycles) holds ``day``, else
    the unknown cycle. Used for a row that names no cycle anywhere (column, section, sheet, title, file name)."""
    voc = voc or vocabulary()
    if day is None:
        return voc.cycle_unknown.name
    for c in voc.cycles:
        if c.date_from and c.date_to and c.date_from <= day <= c.date_to:
            return c.name
    return voc.cycle_unknown.name


def normalize_district(raw: object, voc: Vocabulary | None = None) -> Normalized:
    """Map a kecamatan cell to one of the 16 canonical names (spacing, case, "Kec." prefix ignored); a word the
    office mapped itself gets its mapped kecamatan first."""
    voc = voc or vocabulary()
    if is_blank(raw, voc):
        return Normalized(None)
    folded = fold(raw)
    mapped = voc.office_word("district", folded)
    if mapped is not None:
        return Normalized(mapped)
    for prefix in voc.district_prefixes:
        if folded.startswith(prefix + " "):
            folded = folded[len(prefix) + 1 :]
    compact = folded.replace(" ", "")
    candidates = {compact} | {
        compact[len(p.replace(" ", "")) :] for p in voc.district_prefixes if compact.startswith(p.replace(" ", ""))
    }
    for d in voc.districts:
        if candidates & {v.replace(" ", "") for v in d.variants}:
            return Normalized(d.name)
    terms = [(v, d.name) for d in voc.districts for v in d.variants]
    found = _match_longest(folded, terms, min_contained=4)
    if found:
        return Normalized(found)
    return Normalized(None, Note("kecamatan", f"Kecamatan tidak dikenal: '{QUOTE_SLOT}'", cell_text(raw)))


_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})(?!\d)")
_D_MONTH_Y = re.compile(r"(?<![0-9a-z])(\d{1,2})\s+([a-z]+)\s+(\d{4})(?!\d)")


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def parse_date(raw: object, voc: Vocabulary | None = None, today: dt.date | None = None) -> Normalized:
    """Read a date cell: Excel dates/serials, "16 September 2020", "Rabu, 16/9/2020", "16-09-2020"; day first.

    An unreadable or impossible date (``31/02/2024``) gives None with a note; a date after ``today``
    is kept and noted.
    """
    voc = voc or vocabulary()
    if is_blank(raw, voc):
        return Normalized(None)
    day: dt.date | None = None
    if isinstance(raw, dt.datetime):
        day = raw.date()
    elif isinstance(raw, dt.date):
        day = raw
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if _SERIAL_MIN <= float(raw) <= _SERIAL_MAX:
            day = _EXCEL_EPOCH + dt.timedelta(days=int(float(raw)))
    else:
        text = str(raw).strip().lower()
        try:
            if m := _ISO.match(text):
                day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            elif m := _DMY.search(text):
                day = dt.date(_year(m[3]), int(m[2]), int(m[1]))
            elif m := _D_MONTH_Y.search(fold(text)):
                month = voc.months.get(m[2])
                if month:
                    day = dt.date(int(m[3]), month, int(m[1]))
            elif re.fullmatch(r"\d{5}(?:\.\d+)?", text) and _SERIAL_MIN <= float(text) <= _SERIAL_MAX:
                day = _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
        except ValueError:
            day = None
    if day is None:
        return Normalized(None, Note("tanggal", f"Tanggal tidak terbaca: '{QUOTE_SLOT}'", cell_text(raw)))
    if day.year < 1950:
        return Normalized(None, Note("tanggal", f"Tanggal tidak masuk akal: '{QUOTE_SLOT}'", cell_text(raw)))
    today = today or clock.today()
    if day > today:
        return Normalized(day, Note("tanggal_masa_depan", f"Tanggal di masa depan: {day.isoformat()}"))
    return Normalized(day)


_SCI = re.compile(r"^[0-9]+(?:[.,][0-9]+)?e\+?[0-9]+$", re.IGNORECASE)


def normalize_nip(raw: object, voc: Vocabulary | None = None, *, nik_column: bool = False) -> Normalized:
    """Digits only. A NIP typed as a number is written without exponent or ``.0`` and flagged when it may
    have lost digits (Excel keeps 15 significant digits); a NIP that is not 18 digits is flagged.

    In a column that may hold a NIK (``nik_column``: its header says "NIP/NIK" or "NIK", see
    :meth:`Vocabulary.names_nik`) a number of the NIK's length (16 digits) is a NIK and is not flagged.
    """
    voc = voc or vocabulary()
    if is_blank(raw, voc):
        return Normalized(None)
    lossy = False
    if isinstance(raw, bool):
        return Normalized(None, Note("nip_panjang", f"NIP tidak terbaca: '{QUOTE_SLOT}'", str(raw), MASK_NIP))
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and (math.isnan(raw) or math.isinf(raw)):
            return Normalized(None)
        digits = format(Decimal(repr(raw)), "f").split(".")[0] if isinstance(raw, float) else str(raw)
        digits = digits.lstrip("-")
        lossy = len(digits) > 15  # a number cell keeps 15 significant digits in Excel
    else:
        text = str(raw).strip().lstrip("'")
        if _SCI.match(text.replace(" ", "")):
            try:
                digits = format(Decimal(text.replace(" ", "").replace(",", ".")), "f").split(".")[0]
            except InvalidOperation:
                digits = re.sub(r"\D", "", text)
            lossy = True
        else:
            digits = re.sub(r"\D", "", text)
    if not digits:
        return Normalized(
            None, Note("nip_panjang", f"NIP tanpa angka: '{QUOTE_SLOT}'", cell_text(raw), MASK_NIP)
        )
    if lossy:
        return Normalized(
            digits,
            Note("nip_angka", f"NIP diketik sebagai angka ({QUOTE_SLOT}); digit akhir mungkin hilang",
                 cell_text(raw), MASK_NIP),
        )
    if len(digits) != 18 and not (nik_column and len(digits) == voc.nik_digits):
        return Normalized(
            digits, Note("nip_panjang", f"NIP {len(digits)} digit, bukan 18: '{QUOTE_SLOT}'", cell_text(raw), MASK_NIP)
        )
    return Normalized(digits)


def nik_of_non_asn(nip: Normalized, actor_type: str, voc: Vocabulary | None = None) -> Normalized:
    """A read NIP cell, with a NIK recognised for a person outside the civil service.

    THL and other non-ASN workers (``[nik] actor_types``) have no NIP: a number of the NIK's length (16 digits,
    not typed as a number) in their NIP column is their NIK, so the "not 18 digits" note is dropped.
    """
    voc = voc or vocabulary()
    if (
        nip.note is not None
        and nip.note.kind == "nip_panjang"
        and isinstance(nip.value, str)
        and len(nip.value) == voc.nik_digits
        and actor_type in voc.nik_actor_types
    ):
        return Normalized(nip.value)
    return nip


def normalize_status(raw: object, voc: Vocabulary | None = None, day: dt.date | None = None) -> Normalized:
    """Map a handling-status cell to a canonical handling status (in process order: received, registered or
    not, clarification/assessment, not a violation, forwarded to KASN or BKN, recommendation issued, PPK process,
    sanction imposed, not followed up by the PPK).

    Order: a word the office mapped itself; register shorthand written out (``[shorthand]``: "sdh" → "sudah");
    a status whose ``exact`` words are the whole cell; else the longest variant contained in the cell.

    A status that only says "forwarded" (or "pelanggaran") is KASN or BKN by ``day`` (the forwarding or finding
    date): before the switch date KASN, from it on BKN; without a date it stays null with a note.
    """
    voc = voc or vocabulary()
    if is_blank(raw, voc):
        return Normalized(None)
    mapped = voc.office_word("status", fold(raw))
    if mapped is not None:
        return Normalized(mapped)
    folded = voc.expand(fold(raw))
    name = next((s.name for s in voc.statuses if folded in s.exact), None)
    if name is None:
        name = _match_longest(folded, [(v, s.name) for s in voc.statuses for v in s.variants])
    padded = f" {folded} "
    if name in voc.pending_demote and any(f" {w} " in padded for w in voc.pending_words):
        name = voc.pending_demote[name]  # the awaited step has not happened yet
        if name == "forwarding":
            named = _match_longest(folded, [(v, n) for n in (voc.forwarding_before, voc.forwarding_after)
                                            for s in voc.statuses if s.name == n for v in s.variants])
            name = named or ("forwarding" if voc.forwarding_switch else None)
    if (name is None and voc.forwarding_switch and folded in voc.forwarding_variants) or name == "forwarding":
        if day is None:
            return Normalized(
                None,
                Note("status", f"Status '{QUOTE_SLOT}' tanpa tanggal: tidak dapat ditentukan KASN atau BKN",
                     cell_text(raw)),
            )
        return Normalized(voc.forwarding_before if day < voc.forwarding_switch else voc.forwarding_after)
    if name is None:
        return Normalized(
            None, Note("status", f"Status penanganan tidak dikenal: '{QUOTE_SLOT}'", cell_text(raw))
        )
    return Normalized(name)


def normalize_source_kind(raw: object, case_id: str | None = None, voc: Vocabulary | None = None) -> str | None:
    """ "Temuan" or "Laporan" from the source cell, else from the register number ("…/TM/…", "…/LP/…")."""
    voc = voc or vocabulary()
    terms = [(v, k) for k, vs in voc.source_kinds.items() for v in vs]
    if not is_blank(raw, voc):
        found = _match_longest(fold(raw), terms, min_contained=2)
        if found:
            return found
    if case_id:
        words = set(fold(case_id).split())
        for kind, variants in voc.source_kinds.items():
            if words & {v for v in variants if len(v) == 2}:
                return kind
    return None


@dataclass(frozen=True)
class SanctionReading:
    """The result of reading a sanction cell: a severity (or None when the text says nothing)."""

    severity: str | None
    rank: int | None
    note: Note | None = None


def _rewrite(folded: str, voc: Vocabulary) -> str:
    words = folded.split()
    rewrites = dict(voc.sanction_rewrites)
    return " ".join(rewrites.get(w, w) for w in words)


def read_sanction(raw: object, voc: Vocabulary | None = None) -> SanctionReading:
    """Read a sanction / recommendation text on the severity scale: Sanksi moral (1) < Ringan (2) < Sedang (3)
    < Berat (4) < Pemberhentian (5), or an outcome that is not a severity (Tidak terbukti, Dalam proses,
    Terbukti, sanksi belum tercatat).

    A text the office mapped itself gets its mapped severity. Otherwise register shorthand is written out
    (``[shorthand]``: "hukdis" → "hukuman disiplin", "p3k" → "pppk"), then: negations first (Tidak terbukti);
    then the heaviest named sanction, for a cell may name several (a concrete sanction beats a bare level word,
    and a conflict between them is noted); then process words (Dalam proses); then proven-without-sanction
    words. Returns severity None when the text names neither a sanction nor an outcome.
    """
    voc = voc or vocabulary()
    if is_blank(raw, voc):
        return SanctionReading(None, None)
    by_name = {s.name: s for s in voc.severities}
    mapped = voc.office_word("sanction", fold(raw))
    if mapped in by_name:
        return SanctionReading(mapped, by_name[mapped].rank)
    text = _rewrite(voc.expand(fold(raw)), voc)
    outcomes = [s for s in voc.severities if s.rank is None]

    negation = by_name.get(voc.not_proven)
    if negation and any(k.pattern.search(text) for k in negation.keywords):
        return SanctionReading(negation.name, None)

    ranked = [s for s in voc.severities if s.rank is not None]
    concrete: list[int] = []
    levels: list[int] = []
    for sev in ranked:
        if text in sev.exact:
            levels.append(sev.rank)
        for k in sev.keywords:
            if k.pattern.search(text):
                (concrete if k.concrete else levels).append(sev.rank)
    if concrete or levels:
        rank = max(concrete) if concrete else max(levels)
        sev = next(s for s in ranked if s.rank == rank)
        note = None
        if concrete and levels:
            accepted = {rank, *sev.accepts_levels}
            odd = sorted({lv for lv in levels if lv not in accepted})
            if odd:
                words = ", ".join(next(s.name for s in ranked if s.rank == lv) for lv in odd)
                note = Note(
                    "sanksi_bertentangan",
                    f"Kolom sanksi '{QUOTE_SLOT}': tingkat ({words}) bertentangan dengan sanksi konkret; "
                    f"dibaca sebagai {sev.name}",
                    cell_text(raw),
                )
        return SanctionReading(sev.name, sev.rank, note)

    for out in outcomes:
        if out is negation:
            continue
        if any(k.pattern.search(text) for k in out.keywords):
            return SanctionReading(out.name, None)
    return SanctionReading(None, None)


def decide_severity(sanction_raw: object, status: str | None, voc: Vocabulary | None = None) -> SanctionReading:
    """Severity of a row: from the sanction text; else from the handling status's outcome; else unknown
    (``voc.unknown``)."""
    voc = voc or vocabulary()
    reading = read_sanction(sanction_raw, voc)
    if reading.severity is not None:
        return reading
    if status:
        st = voc.status(status)
        if st is not None:
            return SanctionReading(st.outcome, None)
    return SanctionReading(voc.unknown, None)


def severity_of(
    sanction_texts: Sequence[str],
    status: str | None,
    voc: Vocabulary | None = None,
    *,
    read: Callable[[str], SanctionReading] | None = None,
    outcome: Callable[[str | None], SanctionReading] | None = None,
) -> SanctionReading:
    """Severity of a row from its sanction cells (one per sanction column, in column order) and its status.

    The first cell that names a sanction or an outcome decides; where none does, the handling status's outcome;
    where there is no status either, unknown (``voc.unknown``). ``read`` and ``outcome`` may be memoised versions of
    ``decide_severity(text, None)`` and ``decide_severity(None, status)``.
    """
    voc = voc or vocabulary()
    for text in sanction_texts:
        reading = read(text) if read is not None else decide_severity(text, None, voc)
        if reading.severity != voc.unknown:
            return reading
    return outcome(status) if outcome is not None else decide_severity(None, status, voc)


def position_group(position: object, voc: Vocabulary | None = None) -> str:
    """KASN's position group (JPT, Administrator, Pengawas, Fungsional, Pelaksana, Kepala Wilayah)."""
    voc = voc or vocabulary()
    folded = f" {fold(position)} "
    if not folded.strip():
        return voc.position_group_other
    for group in voc.position_groups:
        for word in group.variants:
            if f" {word} " in folded:
                return group.name
    return voc.position_group_other
