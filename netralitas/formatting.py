"""Indonesian formatting of numbers, dates and counted nouns for pages, exports and briefs."""

from __future__ import annotations

import datetime as dt

MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
MONTHS_LONG = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember"]
WEEKDAYS_SHORT = ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]  # Monday first, as Indonesian calendars print


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """Indonesian number: ``12.345`` for thousands, ``3,5`` for decimals; "–" for None."""
    if value is None:
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(part: float, whole: float, decimals: int = 0) -> str:
    """``part`` as a share of ``whole`` in Indonesian notation ("12,5%"); "–" when ``whole`` is 0."""
    if not whole:
        return "–"
    return format_number(100.0 * part / whole, decimals) + "%"


def format_date(value: dt.date | dt.datetime | None) -> str:
    """Short Indonesian date, e.g. ``16 Sep 2024``; "–" for None."""
    if value is None:
        return "–"
    return f"{value.day} {MONTHS_SHORT[value.month - 1]} {value.year}"


def format_date_long(value: dt.date | dt.datetime | None) -> str:
    """Long Indonesian date, e.g. ``16 September 2024``."""
    if value is None:
        return "–"
    return f"{value.day} {MONTHS_LONG[value.month - 1]} {value.year}"


def format_month(value: dt.date) -> str:
    """Month label, e.g. ``Sep 2024``."""
    return f"{MONTHS_SHORT[value.month - 1]} {value.year}"


# ---- Counted nouns in running text (the supervision brief) -----------------------------------------------------------

NUMBER_WORDS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh"]


def number_words(value: int) -> str:
    """A count for running text: ``0``–``10`` in words ("dua"), larger counts in figures ("12", "1.234")."""
    n = int(value)
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else format_number(n)


def counted(value: int, noun: str) -> str:
    """A count with its noun, as Indonesian writes it (nouns do not change for the plural): "satu kasus",
    "dua orang", "12 kasus"."""
    return f"{number_words(value)} {noun}"
