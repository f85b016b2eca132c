"""Masking of personal data (names, NIP) under UU 27/2022: one implementation for pages, exports and briefs."""

from __future__ import annotations

import re
from functools import lru_cache

# Masking is a pure function of the text, and the same names come back on every rerun and export: remember them.
_CACHE_SIZE = 262_144
_NON_DIGIT = re.compile(r"\D")


def mask_name(name: object) -> str | None:
    """Keep the first three letters of the first word and the first letter of the others: ``Sug*** R***``."""
    if name is None:
        return None
    return _mask_name_text(str(name))


@lru_cache(maxsize=_CACHE_SIZE)
def _mask_name_text(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    out = []
    for i, word in enumerate(text.split()):
        keep = 3 if i == 0 else 1
        keep = min(keep, max(1, len(word) - 1))
        out.append(word[:keep] + "***")
    return " ".join(out)


def mask_nip(nip: object) -> str | None:
    """Keep the first four and the last two digits: ``1978************09``."""
    if nip is None:
        return None
    return _mask_nip_text(str(nip))


@lru_cache(maxsize=_CACHE_SIZE)
def _mask_nip_text(text: str) -> str | None:
    digits = _NON_DIGIT.sub("", text)
    if not digits:
        return None
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]


# ---- Values quoted inside data-quality notes and rejection reasons ----------------------------------------------
#
# A note or reason is stored as a template plus the cell it quotes. The template holds QUOTE_SLOT where the quoted
# value goes and never a personal value itself; the quoted value carries how a guest sees it (its mask), decided
# by the column it came from and by its look. :func:`fill_quote` is the only place that puts the two together.

QUOTE_SLOT = "{nilai}"
MASK_NAME = "nama"  # a name: shown to guests as mask_name shows it
MASK_NIP = "nip"  # a NIP/NIK: shown to guests as mask_nip shows it
MASK_HIDE = "sembunyi"  # cells whose column cannot be trusted: hidden from guests altogether
QUOTE_MASKS = (MASK_NAME, MASK_NIP, MASK_HIDE)
# Two more ways a column (never a quoted value) is shown to guests (netralitas.columns: ``Column.personal``).
MASK_WITHHOLD = "tanpa"  # not given at all (empty): the raw cells, the NIP as written, the person key
MASK_IF_NIP = "bila_nip"  # a cell kept as written: shown, unless it looks like a NIP/NIK typed in the wrong column
HIDDEN = "(disembunyikan)"

# A quoted value holding this many digits (in any grouping: spaces, dots, dashes, slashes …) may be a NIP (18
# digits) or NIK (16 digits), whichever column it came from; so may a number in scientific notation of this size.
NIP_LIKE_DIGITS = 9
_SCIENTIFIC = re.compile(r"\d\s*(?:[.,]\s*\d+)?\s*[eE]\s*\+?\s*(\d+)")


def looks_like_nip(text: object) -> bool:
    """True when ``text`` holds at least :data:`NIP_LIKE_DIGITS` digits, however they are grouped, or a number in
    scientific notation of at least that many digits (``1.97803E+17``)."""
    if text is None:
        return False
    text = str(text)
    if len(_NON_DIGIT.sub("", text)) >= NIP_LIKE_DIGITS:
        return True
    return any(int(m.group(1)) >= NIP_LIKE_DIGITS - 1 for m in _SCIENTIFIC.finditer(text))


def quote_mask(quoted: object, column_mask: str | None = None) -> str | None:
    """How guests see a quoted value: the mask of the column it came from (None: not personal), made a NIP mask
    when the value looks like a NIP/NIK (:func:`looks_like_nip`); values hidden altogether stay hidden."""
    if quoted is None:
        return None
    if column_mask == MASK_HIDE:
        return MASK_HIDE
    if looks_like_nip(quoted):
        return MASK_NIP
    return column_mask


def mask_value(value: object, mask: str) -> object:
    """A value of a personal column as guests see it under ``mask`` — the one masking of personal data, for frames,
    rows and quoted values alike. Names and NIP are masked when they are text (other values stay as they are),
    :data:`MASK_HIDE` shows :data:`HIDDEN`, :data:`MASK_WITHHOLD` gives nothing (None), :data:`MASK_IF_NIP` masks
    text that looks like a NIP/NIK (:func:`looks_like_nip`) and leaves other text as written; any other mask
    hides the value."""
    if mask == MASK_WITHHOLD:
        return None
    if not isinstance(value, str) and mask in (MASK_NAME, MASK_NIP, MASK_IF_NIP):
        return value
    if mask == MASK_NAME:
        return mask_name(value)
    if mask == MASK_NIP or (mask == MASK_IF_NIP and looks_like_nip(value)):
        return mask_nip(value)
    if mask == MASK_IF_NIP:
        return value
    return HIDDEN  # a mask this version does not know: hidden, never shown in clear


def mask_quoted(quoted: str, mask: str | None) -> str:
    """A quoted value as guests see it under ``mask`` (:func:`quote_mask` is applied again, so a value stored with
    a weaker mask than its look calls for is still masked); a value whose mask leaves nothing (a NIP cell without
    digits is a name typed there) is masked as a name, else hidden."""
    mask = quote_mask(quoted, mask)
    if mask is None:
        return quoted
    return mask_value(quoted, mask) or mask_name(quoted) or HIDDEN


def fill_quote(template: str, quoted: str | None, mask: str | None, reveal: bool) -> str:
    """The text of a note or reason: ``template`` with its :data:`QUOTE_SLOT` filled by the quoted value, in clear
    for viewers who may see personal data (``reveal``), masked by :func:`mask_quoted` for everyone else."""
    if quoted is None:
        return template
    return template.replace(QUOTE_SLOT, quoted if reveal else mask_quoted(quoted, mask))
