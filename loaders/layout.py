"""Finding the structure of a hand-kept register sheet: header rows, column meanings, data rows.

Input is a :class:`~loaders.reading.RawSheet`; output is a :class:`ParsedSheet` in which every row of the
sheet is accounted for exactly once: a data row, a rejected row (with an Indonesian reason), or a skipped
non-data row (blank, title, header, section title, total, signature block).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.columns import TextColumn, text_column
from loaders.memo import Memo
from loaders.reading import Column, RawSheet
from loaders.results import CASES
from netralitas.normalize import (
    REJECTED_CELLS,
    REJECTION_REASONS,
    cell_text,
    cycle_from_text,
    is_blank,
    normalize_actor_type,
    normalize_status,
)
from netralitas.privacy import MASK_HIDE, fill_quote
from netralitas.vocab import Vocabulary, fold, vocabulary

HEADER_SCAN_ROWS = 40
KEY_FIELDS = ("person_name", "nip", "case_id")

# Indonesian labels of skipped-row kinds, for summaries.
SKIP_KINDS: dict[str, str] = {
    "kosong": "baris kosong",
    "judul": "baris judul di atas tabel",
    "header": "baris judul kolom",
    "bagian": "judul bagian",
    "jumlah": "baris jumlah/total",
    "tanda_tangan": "blok tanda tangan",
    "bukan_register": "baris sheet yang bukan register",
    "ganda": "baris ganda (orang yang sama dalam kasus yang sama) digabung ke baris terbawahnya",
}

# A sheet whose header was found but that has no data row below it (only titles, totals or signatures, if any).
HEADER_ONLY = ("Sheet ini hanya berisi baris judul kolom, belum ada baris data di bawahnya; isi baris data di "
               "bawahnya lalu muat lagi")


@dataclass
class Header:
    """The header of a sheet: which rows it spans and which columns hold which field."""

    rows: list[int]
    fields: dict[str, list[int]]
    labels: dict[int, str]
    register: str = CASES  # which kind of register the header heads (loaders.results.CASES / PREVENTION)
    key_fields: tuple[str, ...] = KEY_FIELDS  # a data row holds at least one of these
    id_field: str = "case_id"  # the register's own number of a row

    @property
    def data_start(self) -> int:
        """Index of the first row below the header."""
        return max(self.rows) + 1


@dataclass
class ParsedRow:
    """A rejected row: where it is, its cells as text (header label → text) and why it cannot be a case.

    ``reason`` is a template; its first cells, quoted, are ``quoted`` (hidden from guests: a rejected row's cells
    cannot be trusted to sit in their columns, so a name typed under Jabatan is as personal as one under Nama).
    """

    index: int
    excel_row: int
    raw: dict[str, str]
    reason: str
    quoted: str | None = None
    quoted_mask: str | None = MASK_HIDE

    def reason_text(self, reveal: bool = True) -> str:
        """The reason with the quoted cells filled in (hidden unless ``reveal``)."""
        return fill_quote(self.reason, self.quoted, self.quoted_mask, reveal)

    def raw_json(self) -> str:
        """The row's cells as JSON text (header label → cell text)."""
        return json.dumps(self.raw, ensure_ascii=False)


@dataclass
class DataRows:
    """The data rows of a sheet, column-wise: raw values per field aligned with ``excel_rows``."""

    index: list[int] = field(default_factory=list)
    excel_rows: list[int] = field(default_factory=list)
    section_cycle: list[str | None] = field(default_factory=list)
    values: dict[str, list[object]] = field(default_factory=dict)
    field_texts: dict[str, pa.Array] = field(default_factory=dict)
    sanction_all: list[tuple[str | None, ...]] | None = None  # with more than one sanction column
    raw_labels: list[str] = field(default_factory=list)
    raw_texts: list[pa.Array] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.excel_rows)



@dataclass
class ParsedSheet:
    """Every row of a sheet accounted for: data, rejected, or skipped by kind."""

    name: str | None
    rows_read: int
    header: Header | None
    title_texts: list[str]
    data: DataRows = field(default_factory=DataRows)
    rejected: list[ParsedRow] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    problem: str | None = None

    @property
    def skipped_total(self) -> int:
        """Number of skipped non-data rows."""
        return sum(self.skipped.values())


def _fill_merges(rows: list[list[object]], merged: list[tuple[int, int, int, int]]) -> set[tuple[int, int]]:
    """Copy each merged range's top-left value into its other cells; return the cells that were filled."""
    filled: set[tuple[int, int]] = set()
    n = len(rows)
    for r0, c0, r1, c1 in merged:
        if r0 >= n:
            continue
        top = rows[r0]
        value = top[c0] if c0 < len(top) else None
        if is_blank(value):
            continue
        for r in range(r0, min(r1, n - 1) + 1):
            row = rows[r]
            for c in range(c0, c1 + 1):
                if (r, c) == (r0, c0):
                    continue
                if c >= len(row):
                    row.extend([""] * (c + 1 - len(row)))
                if is_blank(row[c]):
                    row[c] = value
                    filled.add((r, c))
    return filled


class _HeaderMatcher:
    """Matches header texts to fields using the vocabulary's synonyms."""

    def __init__(self, voc: Vocabulary) -> None:
        self.voc = voc
        self.exact: dict[str, tuple[str, int]] = {}
        self.contained: list[tuple[str, str, int]] = []
        for fld, synonyms in voc.header_fields.items():
            for i, syn in enumerate(synonyms):
                self.exact.setdefault(syn, (fld, i))
                if len(syn) >= 3:
                    self.contained.append((syn, fld, i))
        self.contained.sort(key=lambda t: -len(t[0]))

    def match(self, text: object) -> tuple[str, int, int] | None:
        """(field, quality, synonym index) for a header text; quality 0 exact, 1 contained."""
        folded = fold(text)
        if not folded or len(folded) > 80:
            return None
        if folded in self.exact:
            fld, i = self.exact[folded]
            return fld, 0, i
        padded = f" {folded} "
        for syn, fld, i in self.contained:
            if f" {syn} " in padded:
                if fld == "_ignore":
                    return "_ignore", 1, i
                return fld, 1, i
        return None

    def exact_count(self, row: list[object]) -> int:
        """How many cells of a row are exactly a header synonym (distinct fields)."""
        found = set()
        for cell in row:
            folded = fold(cell) if isinstance(cell, str) else ""
            if folded in self.exact and self.exact[folded][0] != "_ignore":
                found.add(self.exact[folded][0])
        return len(found)


def _score_row(
    row: list[object], matcher: _HeaderMatcher, key_fields: tuple[str, ...] = KEY_FIELDS
) -> tuple[int, set[str]]:
    fields: set[str] = set()
    for cell in row:
        if not isinstance(cell, str):
            continue
        m = matcher.match(cell)
        if m and m[0] not in ("_ignore",):
            fields.add(m[0])
    score = len(fields) + (2 if fields & set(key_fields) else 0)
    return score, fields


def _has_horizontal_merge(merged: list[tuple[int, int, int, int]], r: int) -> bool:
    return any(r0 == r and c1 > c0 for r0, c0, r1, c1 in merged)


def find_header(
    sheet: RawSheet, voc: Vocabulary | None = None, key_fields: tuple[str, ...] = KEY_FIELDS
) -> Header | None:
    """Locate the header (one row, or two with merged parent cells) and map its columns to fields: the row of the
    first :data:`HEADER_SCAN_ROWS` naming most fields, at least two of them and one of ``key_fields``."""
    voc = voc or vocabulary()
    matcher = _HeaderMatcher(voc)
    rows = sheet.rows
    best, best_score = -1, 0
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        score, fields = _score_row(rows[r], matcher, key_fields)
        if len(fields) >= 2 and fields & set(key_fields) and score > best_score:
            best, best_score = r, score
    if best < 0:
        return None
    header_rows = [best]
    below = best + 1
    if below < len(rows):
        exact_below = matcher.exact_count(rows[below])
        nonblank_below = sum(1 for c in rows[below] if not is_blank(c))
        if exact_below >= 2 and (_has_horizontal_merge(sheet.merged, best) or exact_below * 2 >= nonblank_below):
            header_rows.append(below)
    if len(header_rows) == 1 and best > 0:
        above = best - 1
        if _has_horizontal_merge(sheet.merged, above) and matcher.exact_count(rows[above]) >= 1:
            header_rows.insert(0, above)
    return _map_columns(sheet, header_rows, matcher)


def _map_columns(sheet: RawSheet, header_rows: list[int], matcher: _HeaderMatcher) -> Header:
    voc = matcher.voc
    rows = sheet.rows
    width = max(len(rows[r]) for r in header_rows)
    claims: dict[str, list[tuple[tuple, int]]] = {}
    labels: dict[int, str] = {}
    for c in range(width):
        texts = [cell_text(rows[r][c]) if c < len(rows[r]) else None for r in header_rows]
        parent = texts[0] if len(texts) == 2 else None
        sub = texts[-1]
        if sub is None and parent is None:
            continue
        if parent and sub and fold(parent) != fold(sub):
            label = f"{parent} / {sub}"
        else:
            label = sub or parent or ""
        labels[c] = label
        found: tuple[str, int, int] | None = None
        parent_match = matcher.match(parent) if parent and sub and fold(parent) != fold(sub) else None
        if parent_match and parent_match[0] == "_ignore":
            continue  # e.g. "Pelapor" over Nama/Alamat: the reporter, never the terlapor
        if parent and sub and fold(parent) in voc.header_parent:
            mapped = voc.header_parent[fold(parent)].get(fold(sub))
            if mapped:
                found = (mapped, 0, 0)
        if found is None and sub:
            found = matcher.match(sub)
        if found is None and parent:
            found = matcher.match(parent)
            if found:
                found = (found[0], found[1] + 2, found[2])
        if found is None or found[0] == "_ignore":
            continue
        fld, quality, idx = found
        hidden = 1 if c in sheet.hidden_columns else 0
        claims.setdefault(fld, []).append(((hidden, quality, idx, c), c))
    fields = {fld: [c for _, c in sorted(cs)] for fld, cs in claims.items()}
    header = Header(rows=header_rows, fields=fields, labels=labels)
    _resolve_by_content(sheet, header, voc)
    return header


def _column_sample(sheet: RawSheet, header: Header, col: int, limit: int = 200) -> list[object]:
    out = []
    for row in sheet.rows[header.data_start : header.data_start + limit * 3]:
        if col < len(row) and not is_blank(row[col]):
            out.append(row[col])
            if len(out) >= limit:
                break
    return out


def _fit(values: list[object], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _resolve_by_content(sheet: RawSheet, header: Header, voc: Vocabulary) -> None:
    """Settle columns whose header is ambiguous by looking at their values.

    A bare "Status" column holding PNS/PPPK/THL is the actor type, not the handling status; a "Sumber"
    column holding press citations is not Temuan/Laporan.
    """
    unknown = voc.actor_unknown.name

    def actor_fit(v: object) -> bool:
        return normalize_actor_type(v, voc).value != unknown

    def status_fit(v: object) -> bool:
        return normalize_status(v, voc).value is not None

    for col in list(header.fields.get("status", [])):
        sample = _column_sample(sheet, header, col)
        if sample and _fit(sample, actor_fit) > max(0.5, _fit(sample, status_fit)):
            header.fields["status"].remove(col)
            header.fields.setdefault("actor_type", []).insert(0, col)
    for col in list(header.fields.get("actor_type", [])):
        sample = _column_sample(sheet, header, col)
        if sample and _fit(sample, status_fit) > max(0.5, _fit(sample, actor_fit)):
            header.fields["actor_type"].remove(col)
            header.fields.setdefault("status", []).append(col)
    source_words = {v for vs in voc.source_kinds.values() for v in vs}
    for col in list(header.fields.get("source_kind", [])):
        sample = _column_sample(sheet, header, col)
        if sample and _fit(sample, lambda v: bool(set(fold(v).split()) & source_words)) < 0.5:
            header.fields["source_kind"].remove(col)
            header.fields.setdefault("source_ref", []).append(col)
    for fld in [f for f, cs in header.fields.items() if not cs]:
        del header.fields[fld]


_NUMBER_TEXT = re.compile(r"[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")


# A date or time cell read as text (the fast reader writes them so): a value, like a number, not a word.
_ISO_DATE = re.compile(r"^\s*(?:\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?|\d{2}:\d{2}:\d{2})\s*$")


def _is_number(value: object) -> bool:
    """True for a number, or a text that is one ("12", "-1", "2.5"): a register read as text (CSV, or a
    workbook read by the fast reader) shows its number cells as such texts."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()) is not None


def _is_running_number(value: object) -> bool:
    """True for a value of a "No" column: a number, or a short text of digits ("12", "12.")."""
    if _is_number(value):
        return True
    text = str(value).strip().rstrip(".")
    return text.isdigit() and len(text) <= 6


_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?\.?$")


def _is_column_number_row(values: list[object]) -> bool:
    """True for a row numbering the columns: 1 2 3 … or (1) (2) (3) …, consecutive, at least four."""
    numbers = []
    for v in values:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)) and float(v).is_integer():
            numbers.append(int(v))
            continue
        m = _COLUMN_NUMBER.match(str(v).strip())
        if not m:
            return False
        numbers.append(int(m.group(1)))
    return len(numbers) >= 4 and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def _first_text(row: list[object], limit: int = 4) -> str:
    for cell in row[: max(limit, 1)]:
        if not is_blank(cell) and isinstance(cell, str) and not _is_number(cell) and not _ISO_DATE.match(cell):
            return fold(cell)
    return ""


def _starts_with_any(folded: str, words: tuple[str, ...]) -> bool:
    return any(folded == w or folded.startswith(w + " ") for w in words)


HeaderFinder = Callable[[RawSheet, Vocabulary], "Header | None"]


def parse_sheet(sheet: RawSheet, voc: Vocabulary | None = None, find: HeaderFinder | None = None) -> ParsedSheet:
    """Classify every row of a sheet and extract the raw values of its data rows. ``find`` locates the header
    (:func:`find_header` of a case register unless given) once merged cells are filled."""
    voc = voc or vocabulary()
    rows = sheet.rows
    # Trailing empty rows are not rows a person sees; leading ones are (they count as blank).
    while rows and all(is_blank(c, voc) for c in rows[-1]):
        rows.pop()
    filled = _fill_merges(rows, sheet.merged)
    parsed = ParsedSheet(name=sheet.name, rows_read=len(rows), header=None, title_texts=[])
    header = (find or find_header)(sheet, voc)
    if header is None:
        # Not a register (a summary per kecamatan, chart data, instructions …): nothing here can be read as a
        # case. Its rows are skipped and the sheet carries a message, so an unrecognised register is never silent.
        nonblank = sum(1 for row in rows if any(not is_blank(c, voc) for c in row))
        parsed.skipped["kosong"] = len(rows) - nonblank
        parsed.skipped["bukan_register"] = nonblank
        if nonblank:
            parsed.problem = (
                f"Sheet ini tidak dibaca: tidak ditemukan baris judul kolom register (misalnya Nama, NIP, No. Reg); "
                f"{nonblank} baris berisi dilewati. Jika ini register, periksa judul kolomnya."
            )
        return parsed
    parsed.header = header
    top = min(header.rows)
    for i in range(top):
        texts = [cell_text(c) for c in rows[i] if not is_blank(c, voc)]
        if texts:
            parsed.skipped["judul"] += 1
            parsed.title_texts.extend(t for t in texts if t)
        else:
            parsed.skipped["kosong"] += 1
    parsed.skipped["header"] += len(header.rows)
    _classify_data_rows(sheet, header, parsed, filled, voc)
    if not len(parsed.data) and not parsed.rejected:  # a template not filled in yet
        parsed.problem = HEADER_ONLY
    return parsed


def _classify_data_rows(
    sheet: RawSheet,
    header: Header,
    parsed: ParsedSheet,
    filled: set[tuple[int, int]],
    voc: Vocabulary,
) -> None:
    """Classify the rows below the header, column-wise for speed.

    Plain rows (more than three own cells, no total word, not a repeated header) are data rows when a key
    field (name, NIP, register number) is present and rejected otherwise; every other row goes through the
    careful row-by-row rules of :func:`_classify_special_row`.
    """
    start = header.data_start
    n = max(len(sheet.rows) - start, 0)
    columns = sheet.region_columns(start, filled)
    width = len(columns)
    text_cols = [text_column(col, voc) for col in columns]
    present_np = [np.asarray(tc.present.to_numpy(zero_copy_only=False), dtype=bool) for tc in text_cols]
    counts = np.sum(present_np, axis=0).tolist() if columns else [0] * n
    filled_per_row: Counter = Counter(r - start for r, _c in filled if r >= start)
    special = {i for i in filled_per_row if counts[i] - filled_per_row[i] <= 3}
    special.update(i for i, k in enumerate(counts) if 0 < k <= 3)
    special.update(i for i in range(min(2, n)) if counts[i])  # a "(1) (2) (3) …" row sits right under the header
    for col, tc in zip(columns[:6], text_cols[:6], strict=False):
        special.update(_rows_starting_with(col, tc, voc.total_words))
    header_texts = {c: fold(lbl.split(" / ")[-1]) for c, lbl in header.labels.items()}
    probe = [c for c in sorted(header_texts) if header_texts[c]][:3]
    if len(probe) >= 2:
        hits = [_rows_equal_to(columns[c], text_cols[c], header_texts[c]) for c in probe if c < len(columns)]
        special.update(np.flatnonzero(np.sum(hits, axis=0) >= 2).tolist())
    key_cols = [c for f in header.key_fields for c in header.fields.get(f, []) if c < width]
    key_present = np.any([present_np[c] for c in key_cols], axis=0).tolist() if key_cols else [False] * n

    state = _RowState()
    data_index: list[int] = []
    sections: list[str | None] = []
    for i in range(n):
        if not counts[i]:
            parsed.skipped["kosong"] += 1
            continue
        if i in special:
            kind = _classify_special_row(sheet, header, start + i, filled, state, voc)
            if kind != "data":
                if kind != "tolak":
                    parsed.skipped[kind] += 1
                    continue
                parsed.rejected.append(_rejected_row(sheet, header, start + i, voc))
                continue
        else:
            state.footer = False
        if key_present[i]:
            data_index.append(i)
            sections.append(state.section_cycle)
        else:
            parsed.rejected.append(_rejected_row(sheet, header, start + i, voc))
    parsed.data = _extract_data(sheet, header, columns, text_cols, present_np, data_index, sections)


def _texts_on(tc: TextColumn, rows: pa.Array) -> pa.Array:
    """The column's cell texts on ``rows``, null where a cell is blank (per distinct value when vectorised)."""
    null_text = pa.scalar(None, pa.string())
    if tc.vectorised:
        return pc.if_else(tc.distinct_present, tc.distinct_text, null_text).take(tc.indices.take(rows))
    return pc.if_else(tc.present, tc.text, null_text).take(rows)


def _raw_on(tc: TextColumn, rows: pa.Array) -> pa.Array:
    """A vectorised column's cells as read, on ``rows``, null where a cell is blank."""
    return pc.if_else(tc.present, tc.raw, pa.scalar(None, pa.string())).take(rows)


def _python_values(column: Column) -> list[object]:
    """A region column as Python values."""
    return column.to_pylist() if isinstance(column, pa.Array) else column


def _rows_starting_with(values: Column, tc: TextColumn, words: tuple[str, ...]) -> list[int]:
    """Rows whose text cell folds to one of ``words`` or starts with one of them plus a space."""
    initials = sorted({w[0] for w in words if w})
    if tc.vectorised:
        folded = tc.folded_where(
            lambda d: pc.is_in(pc.utf8_lower(pc.utf8_slice_codeunits(d, 0, 1)), value_set=pa.array(initials))
        )
        hit = pc.is_in(folded, value_set=pa.array(list(words), type=pa.string()))
        for w in words:
            hit = pc.or_(hit, pc.starts_with(folded, w + " "))
        return np.flatnonzero(pc.fill_null(hit, False).to_numpy(zero_copy_only=False)).tolist()
    starts = Memo(lambda v: _starts_with_any(fold(v), words))
    cells = _python_values(values)
    return [i for i, v in enumerate(cells) if isinstance(v, str) and v[:1].lower() in initials and starts(v)]


def _rows_equal_to(values: Column, tc: TextColumn, folded_text: str) -> np.ndarray:
    """Per row: is the cell a text (under 80 characters) that folds to ``folded_text``?"""
    if tc.vectorised:
        # fold keeps every run of letters and digits of the lower-cased, dot-less text: a cheap pre-filter
        first_word = folded_text.split()[0]
        folded = tc.folded_where(
            lambda d: pc.and_(
                pc.less(pc.utf8_length(d), 80),
                pc.match_substring(pc.replace_substring(pc.utf8_lower(d), ".", ""), first_word),
            )
        )
        return pc.fill_null(pc.equal(folded, folded_text), False).to_numpy(zero_copy_only=False)
    folded = Memo(fold)
    cells = _python_values(values)
    return np.array([isinstance(v, str) and len(v) < 80 and folded(v) == folded_text for v in cells], dtype=bool)


@dataclass
class _RowState:
    section_cycle: str | None = None
    footer: bool = False


def _classify_special_row(
    sheet: RawSheet, header: Header, i: int, filled: set[tuple[int, int]], state: _RowState, voc: Vocabulary
) -> str:
    """Classify one unusual row: "kosong", "header", "jumlah", "bagian", "tanda_tangan", "data" or "tolak"."""
    row = sheet.rows[i]
    no_cols = set(header.fields.get("_no", []))
    key_cols = {c for f in header.key_fields for c in header.fields.get(f, [])}
    case_cols = set(header.fields.get(header.id_field, []))
    mapped_cols = {c for cs in header.fields.values() for c in cs}
    header_texts = {c: fold(lbl.split(" / ")[-1]) for c, lbl in header.labels.items()}
    nonblank = [c for c, v in enumerate(row) if not is_blank(v, voc)]
    own = [c for c in nonblank if (i, c) not in filled]
    if not own or all((c in no_cols and _is_running_number(row[c])) or c in sheet.hidden_columns for c in own):
        return "kosong"
    same_as_header = sum(1 for c in nonblank if isinstance(row[c], str) and fold(row[c]) == header_texts.get(c))
    if same_as_header >= 2 and _HeaderMatcher(voc).exact_count(row) >= 2:
        return "header"
    first = _first_text([row[c] for c in nonblank])
    if _starts_with_any(first, voc.total_words):
        state.footer = True
        return "jumlah"
    if _is_column_number_row([row[c] for c in nonblank]):
        return "header"  # the "(1) (2) (3) …" row printed under a government table header
    distinct = {cell_text(row[c]) for c in nonblank}
    if len(distinct) == 1 and not any(c in key_cols for c in own if not _is_number(row[c])):
        text = next(iter(distinct)) or ""
        cyc = cycle_from_text(text, voc)
        spans = any(r0 <= i <= r1 and c1 - c0 >= 2 for r0, c0, r1, c1 in sheet.merged)
        if cyc or spans or (nonblank[0] not in mapped_cols or nonblank[0] in no_cols):
            if cyc:
                state.section_cycle = cyc
            if state.footer or _starts_with_any(first, voc.signature_words):
                state.footer = True
                return "tanda_tangan"
            return "bagian"
    has_case_id = any(c in case_cols for c in nonblank)
    signature_start = _starts_with_any(first, voc.signature_words)
    # A signature line may be merged across the register-number and name columns ("Mengetahui," over B:D):
    # what counts is how many different texts the row holds, not how many cells they fill.
    if len(distinct) <= 3 and (signature_start or (state.footer and (len(own) <= 3 or not has_case_id))):
        state.footer = True
        return "tanda_tangan"
    if len(nonblank) <= 3 and not has_case_id and (state.footer or signature_start):
        state.footer = True
        return "tanda_tangan"
    state.footer = False
    return "data" if any(c in key_cols for c in nonblank) else "tolak"


def _raw_cells(sheet: RawSheet, header: Header, i: int, voc: Vocabulary) -> dict[str, str]:
    raw: dict[str, str] = {}
    for c, v in enumerate(sheet.rows[i]):
        if is_blank(v, voc):
            continue
        label = header.labels.get(c) or f"Kolom {c + 1}"
        if label in raw:
            label = f"{label} ({c + 1})"
        raw[label] = cell_text(v) or ""
    return raw


def _rejected_row(sheet: RawSheet, header: Header, i: int, voc: Vocabulary) -> ParsedRow:
    raw = _raw_cells(sheet, header, i, voc)
    shown = "; ".join(f"{k}='{v[:40]}'" for k, v in list(raw.items())[:3])
    reason = REJECTION_REASONS["tanpa_kunci"] + (REJECTED_CELLS if shown else "")
    return ParsedRow(i, sheet.excel_row(i), raw, reason, shown or None)


def raw_labels(header: Header, width: int) -> list[str]:
    """Unique labels of a sheet's columns for the raw record (header text, or "Kolom N")."""
    labels: list[str] = []
    for c in range(width):
        label = header.labels.get(c) or f"Kolom {c + 1}"
        if label in labels:
            label = f"{label} ({c + 1})"
        labels.append(label)
    return labels


def _field_values(
    cols: list[int],
    columns: list[Column],
    text_cols: list[TextColumn],
    present_np: list[np.ndarray],
    data_index: list[int],
    idx: pa.Array,
) -> list[object]:
    """A field's raw value on each data row: the cell of the first of its columns (``cols``, in order) that is
    not blank there, else None."""
    if len(cols) == 1 and text_cols[cols[0]].vectorised:
        return _raw_on(text_cols[cols[0]], idx).to_pylist()
    if len(cols) == 1:
        col, present = _python_values(columns[cols[0]]), present_np[cols[0]]
        return [col[i] if present[i] else None for i in data_index]
    if all(text_cols[c].vectorised for c in cols):
        return pc.coalesce(*(_raw_on(text_cols[c], idx) for c in cols)).to_pylist()
    cells = [_python_values(columns[c]) for c in cols]
    out = []
    for i in data_index:
        value = None
        for c, col in zip(cols, cells, strict=True):
            if present_np[c][i]:
                value = col[i]
                break
        out.append(value)
    return out


def _extract_data(
    sheet: RawSheet,
    header: Header,
    columns: list[Column],
    text_cols: list[TextColumn],
    present_np: list[np.ndarray],
    data_index: list[int],
    sections: list[str | None],
) -> DataRows:
    """The raw values per field (first non-blank column of the field), their texts, and every cell's text."""
    idx = pa.array(data_index, type=pa.int64())
    # every column's text on the data rows, null where the cell is blank
    raw_texts = [_texts_on(tc, idx) for tc in text_cols]
    values: dict[str, list[object]] = {}
    field_texts: dict[str, pa.Array] = {}
    for fld, cols in header.fields.items():
        cols = [c for c in cols if c < len(columns)]
        if fld == "_no" or not cols:
            continue
        field_texts[fld] = raw_texts[cols[0]] if len(cols) == 1 else pc.coalesce(*(raw_texts[c] for c in cols))
        values[fld] = _field_values(cols, columns, text_cols, present_np, data_index, idx)
    sanction_all: list[tuple[str | None, ...]] | None = None
    sanction_cols = [c for c in header.fields.get("sanction", []) if c < len(columns)]
    if len(sanction_cols) > 1:  # every sanction column's text, per row in column order (None where blank)
        sanction_all = list(zip(*(raw_texts[c].to_pylist() for c in sanction_cols), strict=True))
    start = header.data_start
    labels = raw_labels(header, len(columns))
    return DataRows(
        index=[start + i for i in data_index],
        excel_rows=[sheet.excel_row(start + i) for i in data_index],
        section_cycle=sections,
        values=values,
        field_texts=field_texts,
        sanction_all=sanction_all,
        raw_labels=labels,
        raw_texts=raw_texts,
    )
