"""The rows a load writes, in Arrow form: ``violations`` (one row per person per case) and ``quality_notes``."""

from __future__ import annotations

from netralitas import columns
from netralitas.normalize import Note

# A load's rows for ``violations``: the columns the sheet's rules fill (SHEET_COLUMNS, what normalise_sheet returns)
# and those the load adds (batch, dataset, raw cells), in table order; the case key is looked up when they are stored.
VIOLATION_SCHEMA = columns.arrow_schema(columns.VIOLATIONS, (columns.FROM_SHEET, columns.FROM_LOAD))
SHEET_COLUMNS = columns.filled_by([columns.FROM_SHEET])

NOTE_SCHEMA = columns.arrow_schema(columns.QUALITY_NOTES)


def note_fields(note: Note) -> dict:
    """A note as stored in ``quality_notes``: its kind, message template, the value it quotes and how guests see
    that value (:class:`netralitas.normalize.Note`)."""
    return {"kind": note.kind, "message": note.message, "quoted": note.quoted, "quoted_mask": note.quoted_mask}


def note_record(source_file: str, sheet: str | None, excel_row: int, case_id: str, note: Note) -> dict:
    """A note placed on its row (file, sheet, Excel row, case), as a ``quality_notes`` row without its batch."""
    return {"source_file": source_file, "source_sheet": sheet, "source_row": excel_row, "case_id": case_id,
            **note_fields(note)}
