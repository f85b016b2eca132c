"""The limits and dates of Excel's own file format, used wherever a workbook is read or written.

A workbook Excel wrote never goes beyond them, so a file that does was not written by Excel: the loader
refuses it, and an export cuts to them.
"""

from __future__ import annotations

import datetime as dt

MAX_CELL_CHARACTERS = 32_767  # characters in one cell
MAX_ROWS = 1_048_576  # rows in one worksheet
# Day 0 of Excel's serial dates: a serial number is the days since this date (serial 61 is 1900-03-01, because
# Excel counts a 29 February 1900 that never was).
EPOCH = dt.date(1899, 12, 30)
