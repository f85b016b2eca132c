"""Whole-column cell operations: the same rules as :mod:`netralitas.normalize`, run by Arrow compute kernels.

A register column read as text (every value a ``str`` or ``None``, as the fast reader and CSV give them) is
handled here in one pass of C code instead of one Python call per distinct value; a column holding other
values (numbers and dates from python-calamine) goes through the per-value Python functions. Both give the
same results: :func:`netralitas.normalize.cell_text`, :func:`netralitas.normalize.is_blank` and
:func:`netralitas.vocab.fold` stay the definition, and the tests compare the two on every value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.memo import Memo
from loaders.rules import formula_note_of
from netralitas.normalize import Normalized, Note, cell_text, is_blank
from netralitas.vocab import Vocabulary, fold

# Characters Python's str.strip() removes but Unicode's White_Space (Arrow's trim) does not: the few values
# holding one are handled by the Python functions.
_PYTHON_ONLY_SPACE = "[\x1c-\x1f]"
_PLACEHOLDER_MAX = 20  # is_blank: every placeholder is short


@dataclass
class TextColumn:
    """One column of a sheet region: its cells' text (``cell_text``) and which cells are not blank.

    A vectorised column also keeps its distinct values (``distinct_*``) and each cell's position among them
    (``indices``), so later work (folding, JSON) is done once per distinct value.
    """

    text: pa.Array  # string; null where the cell is empty
    present: pa.Array  # bool; False for empty cells and placeholders ("-", "n/a" …)
    vectorised: bool = False  # True when every cell was text and Arrow kernels did the work
    raw: pa.Array | None = None  # vectorised: the cells as read
    distinct_text: pa.Array | None = None
    distinct_present: pa.Array | None = None
    indices: pa.Array | None = None

    def folded_where(self, keep: Callable[[pa.Array], pa.Array]) -> pa.Array:
        """Per cell, :func:`netralitas.vocab.fold` of its text where ``keep(distinct texts)`` is true, else
        null (vectorised columns only; ``keep`` is a cheap filter so that only candidates are folded)."""
        wanted = pc.fill_null(keep(self.distinct_text), False)
        folded = pa.nulls(len(self.distinct_text), pa.string())
        if pc.any(wanted).as_py():
            where = pc.indices_nonzero(wanted)
            folded = pc.replace_with_mask(folded, wanted, fold_array(self.distinct_text.take(where)))
        return folded.take(self.indices)


def as_text_array(values: Sequence[object] | pa.Array) -> pa.Array | None:
    """The values as an Arrow string array when every one is a ``str`` or ``None``; else None."""
    if isinstance(values, pa.Array):
        return values if pa.types.is_string(values.type) else None
    try:
        return pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def fold_array(text: pa.Array) -> pa.Array:
    """:func:`netralitas.vocab.fold` of every value (nulls stay null).

    Arrow kernels fold ASCII text exactly as Python does; the few values with other characters (where the two
    lower-casings and digit classes can differ) are folded by Python.
    """
    folded = pc.utf8_lower(text)
    folded = pc.replace_substring(folded, ".", "")
    folded = pc.replace_substring_regex(folded, "[^0-9a-z]+", " ")
    folded = pc.utf8_trim(folded, " ")
    other = _non_ascii(text)
    if other is not None:
        exact = pa.array([fold(v) for v in text.filter(other).to_pylist()], type=pa.string())
        folded = pc.replace_with_mask(folded, other, exact)
    return folded


def _non_ascii(text: pa.Array) -> pa.Array | None:
    """Mask of the values holding a non-ASCII character, or None when there is none."""
    mask = pc.fill_null(pc.match_substring_regex(text, "[^\\x00-\\x7f]"), False)
    return mask if pc.any(mask).as_py() else None


def _python_column(values: Sequence[object] | pa.Array, voc: Vocabulary) -> TextColumn:
    if isinstance(values, pa.Array):
        values = values.to_pylist()
    text = Memo(cell_text).map(values)
    present = Memo(lambda v: not is_blank(v, voc)).map(values)
    return TextColumn(pa.array(text, type=pa.string()), pa.array(present, type=pa.bool_()))


def text_column(values: Sequence[object] | pa.Array, voc: Vocabulary) -> TextColumn:
    """The text and presence of every cell of a column (vectorised when the column is all text).

    The work is done once per distinct value (a register repeats the same few spellings thousands of
    times) and spread back to the cells with one ``take``.
    """
    raw = as_text_array(values)
    if raw is None:
        return _python_column(values, voc)
    encoded = pc.dictionary_encode(raw)
    distinct, indices = encoded.dictionary, encoded.indices
    if pc.any(pc.match_substring_regex(distinct, _PYTHON_ONLY_SPACE)).as_py():
        return _python_column(values, voc)
    # cell_text: CRLF → LF, trimmed; nothing left → null
    text = pc.utf8_trim_whitespace(pc.replace_substring(distinct, "\r\n", "\n"))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    # is_blank: empty, or a short placeholder without digits (judged on the text trimmed, as is_blank does)
    stripped = pc.utf8_trim_whitespace(distinct)
    candidate = pc.and_(
        pc.less_equal(pc.utf8_length(stripped), _PLACEHOLDER_MAX),
        pc.invert(pc.match_substring_regex(stripped, r"\d")),
    )
    placeholder = pa.array([False] * len(distinct), type=pa.bool_())
    if pc.any(candidate).as_py():
        where = pc.indices_nonzero(candidate)
        found = pc.is_in(fold_array(stripped.take(where)), value_set=_blank_set(voc))
        placeholder = pc.replace_with_mask(placeholder, candidate, found)
    other = _non_ascii(distinct)
    if other is not None:  # Python's idea of a digit and of lower case decides for these
        exact = pa.array([is_blank(v, voc) for v in distinct.filter(other).to_pylist()], type=pa.bool_())
        placeholder = pc.replace_with_mask(placeholder, other, exact)
    present = pc.and_(pc.is_valid(text), pc.invert(placeholder))
    return TextColumn(
        text.take(indices),
        pc.fill_null(present.take(indices), False),
        vectorised=True,
        raw=raw,
        distinct_text=text,
        distinct_present=present,
        indices=indices,
    )


def _blank_set(voc: Vocabulary) -> pa.Array:
    return pa.array(sorted(voc.blank_words), type=pa.string())


def fold_values(values: Sequence[str | None]) -> list[str | None]:
    """:func:`netralitas.vocab.fold` of text values, vectorised (None stays None)."""
    arr = as_text_array(values)
    if arr is None:
        return [None if v is None else fold(v) for v in values]
    return fold_array(arr).to_pylist()


def raw_json_sql(columns: Sequence[str]) -> str:
    """A DuckDB expression that writes a row's non-null text ``columns`` as a JSON object in column order;
    each ``?`` before a column takes that column's key (``encode_basestring(label) + ":"``). DuckDB's
    ``to_json`` escapes a text exactly as ``json.dumps(text, ensure_ascii=False)`` does."""
    if not columns:
        return "'{}'"
    members = ", ".join(f"CASE WHEN {c} IS NOT NULL THEN ? || to_json({c}) END" for c in columns)
    return f"'{{' || concat_ws(',', {members}) || '}}'"


def json_key(label: str) -> str:
    """A column label as the key part of a JSON member (``"label":``)."""
    return encode_basestring(label) + ":"


def nip_column(
    values: Sequence[object], normalise: Callable[[list], list[Normalized]], *, nik_column: bool = False,
    nik_digits: int = 16,
) -> list[Normalized]:
    """:func:`netralitas.normalize.normalize_nip` of every cell (``normalise`` must read a NIK where
    ``nik_column`` says the column may hold one).

    Text cells that are a plain NIP (18 ASCII digits once the separators are gone, no exponent) — or, in a NIK
    column, a plain NIK (``nik_digits``) — are read by Arrow kernels; every other cell (blank, a number, too
    short, an exponent …) goes to ``normalise`` (the memoised Python function), which also writes the notes.
    """
    arr = as_text_array(values)
    if arr is None:
        return normalise(list(values))
    text = pc.utf8_ltrim(pc.utf8_trim_whitespace(arr), "'")
    digits = pc.replace_substring_regex(text, r"[^0-9]", "")
    length = pc.utf8_length(digits)
    plain = pc.and_(
        pc.or_(pc.equal(length, 18), pc.equal(length, nik_digits)) if nik_column else pc.equal(length, 18),
        pc.invert(pc.match_substring_regex(text, "[eE]|[^\\x00-\\x7f]")),
    )
    plain_rows = pc.fill_null(plain, False).to_numpy(zero_copy_only=False).tolist()
    others = [k for k, ok in enumerate(plain_rows) if not ok]
    results = [Normalized(d) for d in digits.to_pylist()]
    for k, res in zip(others, normalise([values[k] for k in others]), strict=True):
        results[k] = res
    return results


def formula_notes(labels: Sequence[str], texts: Sequence[pa.Array], masks: Mapping[int, str]) -> dict[int, Note]:
    """:func:`loaders.rules.formula_note` of every row of a sheet, found column by column with Arrow kernels:
    row position → the note on its first cell (in column order) whose text starts with "=". ``texts`` are the
    columns' cell texts (null where blank), ``masks`` how guests see a value quoted from a personal column."""
    found: dict[int, Note] = {}
    for c, (label, column) in enumerate(zip(labels, texts, strict=True)):
        hits = pc.fill_null(pc.starts_with(column, "="), False)
        if not pc.any(hits).as_py():
            continue
        for k in np.flatnonzero(hits.to_numpy(zero_copy_only=False)).tolist():
            if k not in found:
                found[k] = formula_note_of(label, column[k].as_py(), masks.get(c))
    return found
