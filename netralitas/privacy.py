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
