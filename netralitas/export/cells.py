"""Cell values that no spreadsheet will evaluate, and the value tests both export formats share.

Any text starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF gets a leading ``'`` (OWASP's advice against
CSV/formula injection) in the workbook and in the CSV alike; in the workbook the text is also always a string cell.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from netralitas import excel_limits

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
EXCEL_MAX_ROWS = excel_limits.MAX_ROWS
EXCEL_MAX_TEXT = excel_limits.MAX_CELL_CHARACTERS


def neutralise(text: str) -> str:
    """Text that no spreadsheet will evaluate: a leading ``=``, ``+``, ``-``, ``@``, tab, CR or LF gets ``'``.

    This is OWASP's advice against CSV/formula injection. In the workbook the text is also written as a
    string cell, so it could never be a formula even without the quote.
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def is_missing(value: object) -> bool:
    """True for an empty value: None, pandas' NaT or NA, or a float NaN."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def as_datetime(value: dt.date) -> dt.datetime:
    """A date, date-time or pandas Timestamp as a naive date-time (what a spreadsheet cell holds)."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime(value.year, value.month, value.day)
