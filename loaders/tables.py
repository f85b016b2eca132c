"""The rows a load writes, in Arrow form: ``violations`` (one row per person per case) and ``quality_notes``."""

from __future__ import annotations

import pyarrow as pa

from netralitas.normalize import Note

VIOLATION_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("cycle", pa.string()),
        ("reported_on", pa.date32()),
        ("source_kind", pa.string()),
        ("person_name", pa.string()),
        ("nip", pa.string()),
        ("actor_type", pa.string()),
        ("position", pa.string()),
        ("agency", pa.string()),
        ("district", pa.string()),
        ("violation_type", pa.string()),
        ("status", pa.string()),
        ("sanction", pa.string()),
        ("severity", pa.string()),
        ("severity_rank", pa.int32()),
        ("source_file", pa.string()),
        ("source_sheet", pa.string()),
        ("source_row", pa.int32()),
        ("batch_id", pa.int32()),
        ("dataset", pa.string()),
        ("cycle_basis", pa.string()),
        ("cycle_raw", pa.string()),
        ("actor_type_raw", pa.string()),
        ("district_raw", pa.string()),
        ("reported_on_raw", pa.string()),
        ("nip_raw", pa.string()),
        ("status_raw", pa.string()),
        ("position_group", pa.string()),
        ("forwarded_on", pa.date32()),
        ("recommended_on", pa.date32()),
        ("sanctioned_on", pa.date32()),
        ("source_ref", pa.string()),
        ("remarks", pa.string()),
        ("person_key", pa.string()),
        ("raw", pa.string()),
    ]
)

NOTE_SCHEMA = pa.schema(
    [
        ("batch_id", pa.int32()),
        ("source_file", pa.string()),
        ("source_sheet", pa.string()),
        ("source_row", pa.int32()),
        ("case_id", pa.string()),
        ("kind", pa.string()),
        ("message", pa.string()),
        ("quoted", pa.string()),
        ("quoted_mask", pa.string()),
    ]
)


def note_fields(note: Note) -> dict:
    """A note as stored in ``quality_notes``: its kind, message template, the value it quotes and how guests see
    that value (:class:`netralitas.normalize.Note`)."""
    return {"kind": note.kind, "message": note.message, "quoted": note.quoted, "quoted_mask": note.quoted_mask}


def note_record(source_file: str, sheet: str | None, excel_row: int, case_id: str, note: Note) -> dict:
    """A note placed on its row (file, sheet, Excel row, case), as a ``quality_notes`` row without its batch."""
    return {"source_file": source_file, "source_sheet": sheet, "source_row": excel_row, "case_id": case_id,
            **note_fields(note)}
