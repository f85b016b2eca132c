"""What a load reports: per sheet and per file, the rows read, loaded, rejected and skipped, the notes, and the
file's status (loaded, replaced, skipped as identical, refused, failed)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

STATUS_LABELS = {
    "dimuat": "dimuat",
    "diganti": "dimuat (menggantikan muatan sebelumnya dari file bernama sama)",
    "identik": "dilewati: isi file identik dengan muatan sebelumnya",
    "kembar": "dilewati: isinya sama persis dengan file bernama sama lainnya dalam muatan ini",
    "uji": "uji coba (tidak ada yang ditulis)",
    "nama_ganda": "tidak dimuat: ada file lain bernama sama dengan isi berbeda dalam muatan ini",
    "gagal": "gagal dibaca",
}
NOT_LOADED = ("gagal", "nama_ganda")  # statuses of files that were not loaded and need the user's attention
# The two kinds of register a sheet can be (``SheetSummary.register``): cases, one row per reported person, and
# prevention activities, one row per activity (loaders/prevention.py).
CASES = "pelanggaran"
PREVENTION = "pencegahan"
REGISTER_LABELS = {CASES: "Pelanggaran (terlapor)", PREVENTION: "Kegiatan pencegahan"}


@dataclass(frozen=True)
class LoadedBy:
    """Who loads: the user name (only staff see it) and the role stored beside it, which is all guests see
    (:data:`netralitas.queries.LOADER_ROLE_LABELS`)."""

    user: str | None = None
    role: str | None = None


@dataclass
class SheetSummary:
    """What happened to one sheet: rows read, loaded, rejected (with reasons), skipped, quality notes."""

    name: str | None
    rows_read: int
    loaded: int
    rejected: list[tuple[int, str]]
    skipped: Counter
    notes: Counter
    problem: str | None = None
    has_header: bool = False  # a register header (Nama, NIP, No. Reg …) was found
    register: str = CASES  # the kind of register the sheet is: CASES or PREVENTION

    @property
    def skipped_total(self) -> int:
        """Skipped non-data rows."""
        return sum(self.skipped.values())


@dataclass
class FileResult:
    """The outcome of loading one file."""

    path: Path
    source_file: str
    status: str
    error: str | None = None
    sheets: list[SheetSummary] = field(default_factory=list)
    batch_id: int | None = None
    dataset: str | None = None
    replaced_rows: int = 0
    duplicates_replaced: int = 0
    detail: str | None = None  # what a skipped file is the same as

    @property
    def rows_read(self) -> int:
        """All rows read over all sheets."""
        return sum(s.rows_read for s in self.sheets)

    @property
    def rows_loaded(self) -> int:
        """Rows stored (or that would be stored, in a dry run)."""
        return sum(s.loaded for s in self.sheets)

    @property
    def persons_loaded(self) -> int:
        """Rows of ``violations`` stored (or that would be stored): the case sheets' rows loaded."""
        return sum(s.loaded for s in self.sheets if s.register != PREVENTION)

    @property
    def activities_loaded(self) -> int:
        """Rows of ``prevention_activities`` stored (or that would be stored): the prevention sheets' rows."""
        return sum(s.loaded for s in self.sheets if s.register == PREVENTION)

    @property
    def rows_rejected(self) -> int:
        """Rows that cannot be a case."""
        return sum(len(s.rejected) for s in self.sheets)

    @property
    def rows_skipped(self) -> int:
        """Non-data rows (blank, titles, headers, totals, signatures)."""
        return sum(s.skipped_total for s in self.sheets)

    @property
    def notes_total(self) -> int:
        """Data-quality notes on loaded rows."""
        return sum(sum(s.notes.values()) for s in self.sheets)

    @property
    def ok(self) -> bool:
        """True unless the file could not be read at all or was refused (see :data:`NOT_LOADED`)."""
        return self.status not in NOT_LOADED

    @property
    def nothing_loaded_reason(self) -> str | None:
        """Why a file that was read yields no row, in words that fit what it holds (None when rows load, or
        when the file was not read, skipped or refused: those say why themselves).

        Every data row rejected; only a header row (a template not filled in yet); no register header at all;
        no rows at all.
        """
        if self.status not in ("dimuat", "diganti", "uji") or self.rows_loaded:
            return None
        if self.rows_rejected:
            return ("Semua baris data ditolak (alasannya tercantum per baris), jadi tidak ada yang dapat dimuat "
                    "dari file ini")
        if any(s.has_header for s in self.sheets):
            return ("Tidak ada yang dapat dimuat: file ini hanya berisi baris judul kolom (templat yang belum diisi), "
                    "tanpa baris data")
        if not self.rows_read:
            return "File ini tidak berisi baris apa pun"
        return ("Tidak ada baris data yang dikenali di file ini, jadi tidak ada yang dapat dimuat. Periksa apakah "
                "sheet memiliki baris judul kolom seperti Nama, NIP atau No. Reg")


def sheets_json(summaries: list[SheetSummary]) -> str:
    """The summaries of a file's sheets as stored with its load (``load_batches.sheets_json``)."""
    return json.dumps(
        [
            {
                "sheet": s.name,
                "rows_read": s.rows_read,
                "loaded": s.loaded,
                "rejected": len(s.rejected),
                "skipped": dict(s.skipped),
                "notes": dict(s.notes),
                "problem": s.problem,
                **({"register": s.register} if s.register == PREVENTION else {}),
            }
            for s in summaries
        ],
        ensure_ascii=False,
    )
