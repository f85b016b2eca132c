"""The limits of Excel's own file format, used wherever a workbook is read or written.

A workbook Excel wrote never goes beyond them, so a file that does was not written by Excel: the loader
refuses it, and an export cuts to them.
"""

from __future__ import annotations

MAX_CELL_CHARACTERS = 32_767  # characters in one cell
MAX_ROWS = 1_048_576  # rows in one worksheet
