"""Masking of personal data (names, NIP) under UU 27/2022: one implementation for pages, exports and briefs."""

from __future__ import annotations

import re


def mask_name(name: object) -> str | None:
    """Keep the first three letters of the first word and the first letter of the others: ``Sug*** R***``."""
    if name is None:
        return None
    text = str(name).strip()
    if not text:
        return text
    words = text.split()
    out = []
    for i, word in enumerate(words):
        keep = 3 if i == 0 else 1
        keep = min(keep, max(1, len(word) - 1))
        out.append(word[:keep] + "***")
    return " ".join(out)


def mask_nip(nip: object) -> str | None:
    """Keep the first four and the last two digits: ``1978************09``."""
    if nip is None:
        return None
    digits = re.sub(r"\D", "", str(nip))
    if not digits:
        return None
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]
