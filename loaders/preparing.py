"""A register file read sheet by sheet into normalised rows, ready to be stored (or only counted, in a dry run)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from loaders import prevention
from loaders.files import file_sha256
from loaders.layout import ParsedRow, ParsedSheet, parse_sheet
from loaders.normalising import NormalisedSheet, Normaliser, normalise_sheet
from loaders.reading import FileReadError, library_failure, open_register_file
from loaders.results import CASES, SheetSummary
from loaders.rules import detect_dataset
from loaders.same_person import SamePersonInFile
from loaders.tables import SHEET_COLUMNS, VIOLATION_SCHEMA
from netralitas import clock
from netralitas.vocab import Vocabulary, vocabulary

Progress = Callable[[int, int, str], None]


def rejected_record(source_file: str, row: ParsedRow, sheet: str | None) -> dict:
    """A rejected row as stored in ``rejected_rows`` (without its batch): where it is, why, and its cells."""
    return {
        "source_file": source_file,
        "source_sheet": sheet,
        "source_row": row.excel_row,
        "reason": row.reason_text(),
        "reason_template": row.reason,
        "quoted": row.quoted,
        "quoted_mask": row.quoted_mask,
        "raw": row.raw_json(),
    }


def sheet_summary(parsed: ParsedSheet, note_counts: Counter) -> SheetSummary:
    """What a parsed sheet gives: rows read, data rows, rejected rows with their reasons, skipped rows by kind,
    notes by kind, the sheet's problem, and whether a register header was found."""
    return SheetSummary(
        name=parsed.name,
        rows_read=parsed.rows_read,
        loaded=len(parsed.data),
        rejected=[(r.excel_row, r.reason_text()) for r in parsed.rejected],
        skipped=parsed.skipped,
        notes=note_counts,
        problem=parsed.problem,
        has_header=parsed.header is not None,
        register=parsed.header.register if parsed.header is not None else CASES,
    )


class FileReading:
    """A register file being read sheet by sheet (the next sheets are read in the background meanwhile).

    :meth:`sheets` yields each sheet normalised, with the same person in the same case merged
    (:class:`~loaders.same_person.SamePersonInFile`; rows of earlier sheets that lose to a later sheet are listed
    in ``same_person.superseded``); :attr:`dataset` is the dataset the file's markers name so far (workbook
    properties, file name, sheet names, title rows), final once every sheet has been read.
    """

    def __init__(
        self, path: Path, voc: Vocabulary, today: dt.date, progress: Progress | None = None, sha256: str | None = None
    ) -> None:
        self.path = Path(path)
        self.source_file = self.path.name
        self.voc = voc
        self.sha256 = sha256 or file_sha256(self.path)
        self.stream = open_register_file(self.path)
        self.norm = Normaliser(voc, today)
        self.progress = progress
        self.markers = [self.stream.properties_text, self.path.stem]
        self.same_person = SamePersonInFile(self.source_file)

    @property
    def dataset(self) -> str:
        """ "contoh", "publik" or "sendiri" by the markers seen so far (:func:`loaders.rules.detect_dataset`)."""
        return detect_dataset(self.markers, self.voc)

    def sheets(self) -> Iterator[NormalisedSheet]:
        """Each sheet of the file, normalised, in workbook order. Raises :class:`FileReadError`."""
        total = self.stream.total_rows
        done = 0
        for sheet in self.stream:
            label = f"{self.source_file} · {sheet.name or 'CSV'}"
            parsed = parse_sheet(sheet, self.voc, find=prevention.find_register_header)
            del sheet
            normalised = self._normalised(parsed)
            del parsed
            done += normalised.summary.rows_read
            if self.progress:
                self.progress(min(done, max(total, done)), max(total, done), label)
            if normalised.activities is None:  # a prevention sheet names no person
                self.same_person.merge(normalised)
            yield normalised

    def _normalised(self, parsed: ParsedSheet) -> NormalisedSheet:
        """A parsed sheet normalised, its markers noted for the dataset."""
        self.markers.extend(parsed.title_texts)
        if parsed.name:
            self.markers.append(parsed.name)
        if prevention.is_prevention(parsed):  # one row per activity (loaders/prevention.py)
            parsed = prevention.without_personal_cells(parsed)
            activities, notes, note_counts = prevention.normalise_prevention_sheet(
                parsed, source_file=self.source_file, norm=self.norm)
            rejected = [rejected_record(self.source_file, row, parsed.name) for row in parsed.rejected]
            return NormalisedSheet({}, notes, rejected, sheet_summary(parsed, note_counts), activities=activities)
        columns, notes, note_counts = normalise_sheet(parsed, source_file=self.source_file, norm=self.norm)
        rejected = [rejected_record(self.source_file, row, parsed.name) for row in parsed.rejected]
        return NormalisedSheet(columns, notes, rejected, sheet_summary(parsed, note_counts), parsed.data.raw_labels,
                               parsed.data.raw_texts)


def readable(sheets: Iterator[NormalisedSheet]) -> Iterator[NormalisedSheet]:
    """The sheets, with an unexpected failure while reading one turned into a :class:`FileReadError` (a file
    that cannot be read must not take the other files of a load down)."""
    while True:
        try:
            sheet = next(sheets)
        except StopIteration:
            return
        except (FileReadError, MemoryError):
            raise
        except Exception as exc:
            raise library_failure(exc) from exc
        yield sheet


@dataclass
class PreparedFile:
    """A file read and normalised in memory, ready to be stored."""

    path: Path
    source_file: str
    sha256: str
    dataset: str
    columns: dict[str, pa.ChunkedArray]
    rejected: list[dict]
    notes: list[dict]
    sheets: list[SheetSummary]
    activities: pa.Table = dataclasses.field(default_factory=prevention.empty_activities)  # prevention rows


def prepare_file(
    path: Path,
    voc: Vocabulary | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> PreparedFile:
    """Read, parse and normalise a whole file in memory (a dry run). Raises :class:`FileReadError`."""
    reading = FileReading(path, voc or vocabulary(), today or clock.today(), progress)
    pieces: dict[str, list] = {name: [] for name in SHEET_COLUMNS}
    sheet_notes: list[list[dict]] = []
    rejected: list[dict] = []
    summaries: list[SheetSummary] = []
    activities = [prevention.empty_activities()]
    for sheet in reading.sheets():
        if sheet.activities is not None:
            activities.append(sheet.activities)
        for name, values in sheet.columns.items():
            pieces[name].append(values)
        sheet_notes.append(sheet.notes)  # a later sheet may still take rows (and their notes) out of this one
        rejected.extend(sheet.rejected)
        summaries.append(sheet.summary)
    notes = [n for sheet_list in sheet_notes for n in sheet_list]
    columns = {name: _joined(parts, VIOLATION_SCHEMA.field(name).type) for name, parts in pieces.items()}
    superseded = reading.same_person.superseded
    if superseded:  # rows of earlier sheets that lost to the same person in the same case further down
        places = zip(columns["source_sheet"].to_pylist(), columns["source_row"].to_pylist(), strict=True)
        keep = pa.array([place not in superseded for place in places], type=pa.bool_())
        columns = {name: column.filter(keep) for name, column in columns.items()}
    return PreparedFile(reading.path, reading.source_file, reading.sha256, reading.dataset, columns, rejected,
                        notes, summaries, pa.concat_tables(activities))


def _joined(parts: list, arrow_type: pa.DataType) -> pa.ChunkedArray:
    """The per-sheet pieces of one column (Python lists or Arrow arrays) as one Arrow column."""
    arrays = [p if isinstance(p, (pa.Array, pa.ChunkedArray)) else pa.array(p, type=arrow_type) for p in parts]
    return pa.chunked_array(arrays, type=arrow_type)
