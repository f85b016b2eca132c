"""Every column of every table, declared once as data: the tables, the load's Arrow schemas, the query layer's column
lists and allowlists, the masking of personal data, the export's columns, the labels and the Data Kasus page's
table and record view are all derived from here.

A column (:class:`Column`) says what it is (SQL type, not null, the schema version that added it), where its
values come from (``filled_by``: a rule of the loader applied to a sheet's cells, the load itself, the case keys),
which register field (header synonym in ``vocabulary.toml``) feeds it, whether it is personal data and how a guest
sees it (``personal``: a mask of :mod:`netralitas.privacy`), its Indonesian label, and where it is shown: the
places it takes in the query layer's column lists (``places``), its column in the export (:class:`Export`), in the
page's table (:class:`Shown`) and its line in the record view (:class:`Field`).

Adding a column is one entry here (with ``since`` the next schema version: the database upgrade adds it) plus the
rule that fills it (``loaders/normalising.py`` for a sheet column). A personal column is masked for guests by its
flag alone, wherever a frame, a row or a quoted value leaves the query layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from netralitas.privacy import MASK_HIDE, MASK_IF_NIP, MASK_NAME, MASK_NIP, MASK_WITHHOLD

# Where a column's values come from.
FROM_SHEET = "sheet"  # a rule of the loader applied to the cells of a sheet (loaders/normalising.py)
FROM_LOAD = "load"  # the load writes it (batch, dataset, the raw cells as JSON: loaders/storing.py)
FROM_KEYS = "keys"  # the case keys (netralitas/db.py assign_case_keys, loaders/storing.py)
FROM_APP = "app"  # written by the application (load records, notes, reasons, meta)

# The query layer's column lists (a column's place in each is in ``Column.places``).
CASE_ROWS = "case_rows"  # queries.case_rows by default: the Data Kasus page and person lists
CASE_EXTRA = "case_extra"  # columns a caller may ask case_rows for besides those
SELECTED = "selected"  # the rows behind a chart click
FOLLOW_UP = "follow_up"  # the follow-up list (queries.follow_up), before its waiting-time columns
FOLLOW_UP_SHOWN = "follow_up_shown"  # the columns of the follow-up list on the Sanksi page
PREVENTION_LIST = "prevention_list"  # the list of prevention activities (queries.prevention_rows), before its source
VIEWS = (CASE_ROWS, CASE_EXTRA, SELECTED, FOLLOW_UP, FOLLOW_UP_SHOWN, PREVENTION_LIST)

# The sections of the record view, left to right.
RECORD_SECTIONS = ("Kasus", "Terlapor", "Penanganan")

_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "INTEGER": pa.int32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BOOLEAN": pa.bool_(),
}


@dataclass(frozen=True)
class Export:
    """A column of the export's Data sheet and CSV: its header, width (characters) and place (1 = first after the
    running number). The cell kind follows the SQL type (:attr:`Column.export_kind`)."""

    header: str
    width: float
    at: int


@dataclass(frozen=True)
class Shown:
    """A column of the Data Kasus page's table: label, width (pixels), place, and optionally help and pinning."""

    label: str
    width: int
    at: int
    help: str | None = None
    pinned: bool | None = None


@dataclass(frozen=True)
class Field:
    """A line of the record view: its section (:data:`RECORD_SECTIONS`), label and place in the section; the column
    holding the cell as written (shown under the value when it differs), the column saying what the value was
    decided from, and whether the line is left out when empty."""

    section: str
    label: str
    at: int
    written: str | None = None
    basis: str | None = None
    only_when_filled: bool = False


@dataclass(frozen=True)
class Column:
    """One column of a table (see the module's docstring)."""

    name: str
    sql: str = "VARCHAR"
    not_null: bool = False
    primary_key: bool = False
    since: int = 1  # the schema version that added it (the upgrade to that version adds it to older databases)
    filled_by: str = FROM_SHEET
    sheet_field: str | None = None  # the register field (vocabulary.toml [header]) its rule reads
    personal: str | None = None  # how a guest sees it (a mask of netralitas.privacy); None: not personal
    label: str | None = None  # Indonesian, in the tables behind the charts and in the briefs
    places: dict[str, int] = field(default_factory=dict)  # view (VIEWS) → place in it
    export: Export | None = None
    table: Shown | None = None
    record: Field | None = None
    doc: str = ""

    @property
    def arrow(self) -> pa.DataType:
        """The Arrow type of the column in a load's tables."""
        return _ARROW_TYPES[self.sql]

    @property
    def export_kind(self) -> str:
        """How the export writes its cells: "date", "int" or "text"."""
        return {"DATE": "date", "INTEGER": "int"}.get(self.sql, "text")

    def ddl(self) -> str:
        """The column in a CREATE TABLE or ALTER TABLE statement."""
        return (f"{self.name} {self.sql}" + (" PRIMARY KEY" if self.primary_key else "")
                + (" NOT NULL" if self.not_null else ""))


@dataclass(frozen=True)
class Table:
    """A table: its columns in order, and the schema version that added it."""

    name: str
    columns: tuple[Column, ...]
    since: int = 1
    doc: str = ""

    def column(self, name: str) -> Column:
        """The column called ``name`` (KeyError when there is none)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}.{name}")

    @property
    def names(self) -> list[str]:
        """The column names in table order."""
        return [c.name for c in self.columns]

    def create_sql(self) -> str:
        """CREATE TABLE IF NOT EXISTS with every column."""
        body = ",\n    ".join(c.ddl() for c in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    {body}\n)"


def _provenance(kind: str) -> tuple[Column, ...]:
    """Where a row came from: file, sheet and Excel row."""
    return (
        Column("source_file", not_null=True, filled_by=kind),
        Column("source_sheet", filled_by=kind),
        Column("source_row", "INTEGER", not_null=True, filled_by=kind),
    )


VIOLATIONS = Table("violations", doc="One row per reported person per case.", columns=(
    Column("case_id", not_null=True, sheet_field="case_id", label="No. register",
           places={CASE_ROWS: 1, SELECTED: 1, FOLLOW_UP: 1, FOLLOW_UP_SHOWN: 1},
           export=Export("No. Register", 26, 1), table=Shown("No. register", 215, 1, pinned=True),
           record=Field("Kasus", "No. register", 1)),
    Column("cycle", not_null=True, sheet_field="cycle", label="Siklus pemilihan",
           places={CASE_ROWS: 2, SELECTED: 2, FOLLOW_UP: 2, FOLLOW_UP_SHOWN: 2},
           export=Export("Siklus Pemilihan", 16, 2), table=Shown("Siklus", 110, 3),
           record=Field("Kasus", "Siklus pemilihan", 2, basis="cycle_basis")),
    Column("reported_on", "DATE", sheet_field="reported_on", label="Tanggal temuan/laporan",
           places={CASE_ROWS: 3, SELECTED: 3, FOLLOW_UP: 11},
           export=Export("Tanggal Temuan/Laporan", 16, 3),
           table=Shown("Tanggal", 100, 2, help="Tanggal temuan/laporan"),
           record=Field("Kasus", "Tanggal temuan/laporan", 3, written="reported_on_raw")),
    Column("source_kind", sheet_field="source_kind", label="Sumber", places={CASE_ROWS: 4},
           export=Export("Sumber", 11, 4), table=Shown("Sumber", 80, 4), record=Field("Kasus", "Sumber", 4)),
    Column("person_name", sheet_field="person_name", personal=MASK_NAME, label="Nama terlapor",
           places={CASE_ROWS: 5, SELECTED: 4, FOLLOW_UP: 3, FOLLOW_UP_SHOWN: 3},
           export=Export("Nama Terlapor", 28, 5), table=Shown("Nama terlapor", 190, 5),
           record=Field("Terlapor", "Nama", 1)),
    Column("nip", sheet_field="nip", personal=MASK_NIP, label="NIP", places={CASE_ROWS: 6, FOLLOW_UP: 4},
           export=Export("NIP", 21, 6), table=Shown("NIP", 165, 6),
           record=Field("Terlapor", "NIP", 2, written="nip_raw"), doc="NIP (18 digits) or NIK (16), digits only"),
    Column("actor_type", not_null=True, sheet_field="actor_type", label="Jenis pegawai",
           places={CASE_ROWS: 7, SELECTED: 5, FOLLOW_UP: 5, FOLLOW_UP_SHOWN: 4},
           export=Export("Jenis Pegawai", 15, 7), table=Shown("Jenis pegawai", 120, 7),
           record=Field("Terlapor", "Jenis pegawai", 3, written="actor_type_raw")),
    Column("position", sheet_field="position", label="Jabatan",
           places={CASE_ROWS: 8, SELECTED: 6, FOLLOW_UP: 6, FOLLOW_UP_SHOWN: 5},
           export=Export("Jabatan", 26, 8), table=Shown("Jabatan", 190, 8), record=Field("Terlapor", "Jabatan", 4)),
    Column("agency", sheet_field="agency", label="Instansi",
           places={CASE_ROWS: 9, SELECTED: 7, FOLLOW_UP: 7, FOLLOW_UP_SHOWN: 6},
           export=Export("Instansi / Unit Kerja", 30, 9), table=Shown("Instansi / unit kerja", 210, 9),
           record=Field("Terlapor", "Instansi / unit kerja", 6)),
    Column("district", sheet_field="district", label="Kecamatan", places={CASE_ROWS: 10, SELECTED: 8},
           export=Export("Kecamatan", 17, 10), table=Shown("Kecamatan", 135, 10),
           record=Field("Kasus", "Kecamatan", 6, written="district_raw")),
    Column("violation_type", sheet_field="violation_type", label="Jenis pelanggaran",
           places={CASE_ROWS: 11, SELECTED: 9},
           export=Export("Jenis Pelanggaran", 42, 11), table=Shown("Jenis pelanggaran", 300, 11),
           record=Field("Kasus", "Jenis pelanggaran", 5)),
    Column("status", sheet_field="status", label="Status penanganan",
           places={CASE_ROWS: 12, SELECTED: 10, FOLLOW_UP: 8, FOLLOW_UP_SHOWN: 7},
           export=Export("Status Penanganan", 24, 12), table=Shown("Status penanganan", 170, 12),
           record=Field("Penanganan", "Status penanganan", 1, written="status_raw")),
    Column("sanction", sheet_field="sanction", label="Sanksi (sesuai register)",
           places={CASE_ROWS: 13, FOLLOW_UP: 9, FOLLOW_UP_SHOWN: 8},
           export=Export("Sanksi / Tindak Lanjut (tertulis)", 38, 13), table=Shown("Sanksi / tindak lanjut", 280, 13),
           record=Field("Penanganan", "Sanksi / tindak lanjut", 2)),
    Column("severity", not_null=True, sheet_field="sanction", label="Tingkat sanksi",
           places={CASE_ROWS: 14, SELECTED: 11, FOLLOW_UP: 10},
           export=Export("Tingkat Sanksi / Hasil", 22, 14), table=Shown("Tingkat sanksi", 190, 14),
           record=Field("Penanganan", "Tingkat sanksi", 3), doc="read from the sanction text, else the status"),
    Column("severity_rank", "INTEGER", sheet_field="sanction", places={CASE_ROWS: 15},
           export=Export("Peringkat Sanksi (1–5)", 11, 15), doc="1–5 for the five sanctions, null for outcomes"),
    Column("source_file", not_null=True, label="File sumber", places={CASE_ROWS: 17, SELECTED: 12},
           export=Export("File Sumber", 30, 20), table=Shown("File sumber", 240, 15)),
    Column("source_sheet", label="Sheet", places={CASE_ROWS: 18, SELECTED: 13},
           export=Export("Sheet Sumber", 18, 21), table=Shown("Sheet", 110, 16)),
    Column("source_row", "INTEGER", not_null=True, label="Baris", places={CASE_ROWS: 19, SELECTED: 14},
           export=Export("Baris Sumber", 9, 22), table=Shown("Baris", 60, 17), doc="the Excel row"),
    Column("batch_id", "INTEGER", not_null=True, filled_by=FROM_LOAD),
    Column("dataset", not_null=True, filled_by=FROM_LOAD, label="Dataset", places={CASE_ROWS: 16},
           export=Export("Dataset", 22, 19), doc="sendiri, contoh or publik"),
    Column("cycle_basis", doc="what the cycle was decided from"),
    Column("cycle_raw", sheet_field="cycle", personal=MASK_IF_NIP, doc="the text the cycle was read from"),
    Column("actor_type_raw", sheet_field="actor_type", personal=MASK_IF_NIP),
    Column("district_raw", sheet_field="district", personal=MASK_IF_NIP),
    Column("reported_on_raw", sheet_field="reported_on", personal=MASK_IF_NIP),
    Column("nip_raw", sheet_field="nip", personal=MASK_WITHHOLD),
    Column("status_raw", sheet_field="status", personal=MASK_IF_NIP),
    Column("position_group", sheet_field="position", label="Kelompok jabatan", places={CASE_EXTRA: 4},
           record=Field("Terlapor", "Kelompok jabatan", 5)),
    Column("forwarded_on", "DATE", sheet_field="forwarded_on", label="Tanggal penerusan",
           places={CASE_EXTRA: 1, FOLLOW_UP: 12}, export=Export("Tanggal Penerusan", 14, 16),
           record=Field("Penanganan", "Tanggal penerusan", 4)),
    Column("recommended_on", "DATE", sheet_field="recommended_on", label="Tanggal rekomendasi",
           places={CASE_EXTRA: 2, FOLLOW_UP: 13}, export=Export("Tanggal Rekomendasi", 14, 17),
           record=Field("Penanganan", "Tanggal rekomendasi", 5)),
    Column("sanctioned_on", "DATE", sheet_field="sanctioned_on", places={CASE_EXTRA: 3},
           export=Export("Tanggal Sanksi", 14, 18), record=Field("Penanganan", "Tanggal sanksi", 6)),
    Column("source_ref", sheet_field="source_ref",
           record=Field("Penanganan", "Sumber berita", 8, only_when_filled=True), doc="the press source"),
    Column("remarks", sheet_field="note", record=Field("Penanganan", "Keterangan", 7, only_when_filled=True)),
    Column("person_key", sheet_field="person_name", personal=MASK_WITHHOLD,
           doc="the same person across files: the NIP, else the folded name"),
    Column("raw", filled_by=FROM_LOAD, personal=MASK_WITHHOLD, doc="every cell of the source row as JSON"),
    Column("case_key", "INTEGER", since=2, filled_by=FROM_KEYS,
           doc="a number per distinct case_id (case_keys): distinct cases are counted over integers"),
))

PREVENTION_ACTIVITIES = Table("prevention_activities", since=4, doc="One row per prevention activity.", columns=(
    Column("activity_id", not_null=True, label="No. kegiatan"),
    Column("held_on", "DATE", label="Tanggal", places={PREVENTION_LIST: 1}, export=Export("Tanggal", 12, 1)),
    Column("cycle", not_null=True, label="Siklus pemilihan", places={PREVENTION_LIST: 10},
           export=Export("Siklus Pemilihan", 16, 2)),
    Column("kind", not_null=True, label="Jenis kegiatan", places={PREVENTION_LIST: 2},
           export=Export("Jenis Kegiatan", 18, 3)),
    Column("title", label="Kegiatan", places={PREVENTION_LIST: 3}, export=Export("Kegiatan", 44, 4)),
    Column("organiser", label="Penyelenggara", places={PREVENTION_LIST: 4}, export=Export("Penyelenggara", 28, 5)),
    Column("audience", label="Sasaran (tertulis)", places={PREVENTION_LIST: 5},
           export=Export("Sasaran (tertulis)", 30, 6)),
    Column("audience_group", not_null=True, label="Kelompok sasaran", places={PREVENTION_LIST: 6},
           export=Export("Kelompok Sasaran", 20, 7)),
    Column("district", label="Kecamatan", places={PREVENTION_LIST: 8}, export=Export("Kecamatan", 17, 9)),
    Column("participants", "INTEGER", label="Jumlah peserta", places={PREVENTION_LIST: 9},
           export=Export("Jumlah Peserta", 10, 10)),
    Column("place", label="Tempat", places={PREVENTION_LIST: 7}, export=Export("Tempat", 28, 8)),
    *_provenance(FROM_SHEET),
    Column("batch_id", "INTEGER", not_null=True, filled_by=FROM_LOAD),
    Column("dataset", not_null=True, filled_by=FROM_LOAD, label="Dataset", places={PREVENTION_LIST: 11},
           export=Export("Dataset", 22, 11)),
    Column("cycle_basis"),
    Column("source_ref", doc="the press source; the list's and the export's Sumber is made from it"),
    Column("remarks", label="Keterangan"),
    Column("raw", filled_by=FROM_LOAD, personal=MASK_WITHHOLD),
))

LOAD_BATCHES = Table("load_batches", doc="One row per load of a file.", columns=(
    Column("batch_id", "INTEGER", primary_key=True, filled_by=FROM_APP),
    Column("source_file", not_null=True, filled_by=FROM_APP),
    Column("source_path", filled_by=FROM_APP),
    Column("file_sha256", not_null=True, filled_by=FROM_APP),
    Column("loaded_at", "TIMESTAMP", not_null=True, filled_by=FROM_APP, doc="UTC"),
    Column("rows_read", "INTEGER", not_null=True, filled_by=FROM_APP),
    Column("rows_loaded", "INTEGER", not_null=True, filled_by=FROM_APP),
    Column("rows_rejected", "INTEGER", not_null=True, filled_by=FROM_APP),
    Column("rows_skipped", "INTEGER", not_null=True, filled_by=FROM_APP),
    Column("notes", "INTEGER", not_null=True, filled_by=FROM_APP),
    Column("dataset", not_null=True, filled_by=FROM_APP),
    Column("sheets_json", filled_by=FROM_APP),
    Column("replaced_batch_id", "INTEGER", filled_by=FROM_APP),
    Column("active", "BOOLEAN", not_null=True, filled_by=FROM_APP),
    Column("loaded_by", filled_by=FROM_APP, doc="the user name: queries.loads shows guests the role instead"),
    Column("loaded_by_role", since=3, filled_by=FROM_APP,
           doc="the role of who loaded (all that guests see of it): pimpinan, staf, operator, aplikasi"),
))

CASE_KEYS = Table("case_keys", since=2, doc="The number of each register number, kept across loads.", columns=(
    Column("case_id", not_null=True, filled_by=FROM_KEYS),
    Column("case_key", "INTEGER", not_null=True, filled_by=FROM_KEYS),
))

REJECTED_ROWS = Table("rejected_rows", doc="Source rows not loaded, with the reason.", columns=(
    Column("batch_id", "INTEGER", not_null=True, filled_by=FROM_APP),
    *_provenance(FROM_APP),
    Column("reason", not_null=True, filled_by=FROM_APP,
           doc="the reason in full, naming the column and the value it quotes (for staff and the command line)"),
    Column("raw", filled_by=FROM_APP, personal=MASK_HIDE,
           doc="the row's cells: they cannot be trusted to sit in their columns, so all of them count as personal"),
    Column("reason_template", since=3, filled_by=FROM_APP, doc="the reason without the value it quotes"),
    Column("quoted", since=3, filled_by=FROM_APP, doc="the quoted value (shown to guests by quoted_mask)"),
    Column("quoted_mask", since=3, filled_by=FROM_APP, doc="how guests see the quoted value (null: not personal)"),
))

QUALITY_NOTES = Table("quality_notes", doc="Data-quality notes on loaded rows.", columns=(
    Column("batch_id", "INTEGER", not_null=True, filled_by=FROM_APP),
    *_provenance(FROM_APP),
    Column("case_id", filled_by=FROM_APP),
    Column("kind", not_null=True, filled_by=FROM_APP),
    Column("message", not_null=True, filled_by=FROM_APP,
           doc="a template: the value it quotes is in quoted (netralitas.privacy.QUOTE_SLOT marks its place)"),
    Column("quoted", since=3, filled_by=FROM_APP),
    Column("quoted_mask", since=3, filled_by=FROM_APP, doc="how guests see the quoted value (null: not personal)"),
))

META = Table("meta", doc="Settings of the database (schema version, demo data removed).", columns=(
    Column("key", primary_key=True, filled_by=FROM_APP),
    Column("value", filled_by=FROM_APP),
))

# Every table, in the order they are created.
TABLES: tuple[Table, ...] = (
    LOAD_BATCHES, VIOLATIONS, CASE_KEYS, REJECTED_ROWS, QUALITY_NOTES, PREVENTION_ACTIVITIES, META,
)


def table(name: str) -> Table:
    """The table called ``name`` (KeyError when there is none)."""
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)


def view(name: str, of: Table | None = None) -> list[str]:
    """The columns of a view (:data:`VIEWS`) of ``of`` (default ``violations``), in their places."""
    cols = [c for c in (of or VIOLATIONS).columns if name in c.places]
    return [c.name for c in sorted(cols, key=lambda c: c.places[name])]


def filled_by(kinds: Iterable[str], of: Table | None = None) -> list[str]:
    """The columns of ``of`` (default ``violations``) whose values come from one of ``kinds``, in table order."""
    wanted = set(kinds)
    return [c.name for c in (of or VIOLATIONS).columns if c.filled_by in wanted]


def arrow_schema(of: Table, kinds: Iterable[str] | None = None) -> pa.Schema:
    """The Arrow schema of a table's rows (only the columns filled by ``kinds`` when given), in table order."""
    wanted = set(kinds) if kinds is not None else None
    return pa.schema([(c.name, c.arrow) for c in of.columns if wanted is None or c.filled_by in wanted])


def guest_masks(of: Table | None = None) -> dict[str, str]:
    """Column → how a guest sees it, for every personal column of ``of`` (default ``violations``)."""
    return {c.name: c.personal for c in (of or VIOLATIONS).columns if c.personal}


def export_columns(of: Table | None = None) -> list[Column]:
    """The columns of ``of`` (default ``violations``) in the export, in their places."""
    cols = [c for c in (of or VIOLATIONS).columns if c.export is not None]
    return sorted(cols, key=lambda c: c.export.at)


def table_columns(of: Table | None = None) -> list[Column]:
    """The columns of ``of`` (default ``violations``) in the Data Kasus page's table, in their places."""
    cols = [c for c in (of or VIOLATIONS).columns if c.table is not None]
    return sorted(cols, key=lambda c: c.table.at)


def record_fields(of: Table | None = None) -> list[tuple[str, list[Column]]]:
    """The record view: per section (:data:`RECORD_SECTIONS`), its columns in their places."""
    cols = [c for c in (of or VIOLATIONS).columns if c.record is not None]
    return [(section, sorted((c for c in cols if c.record.section == section), key=lambda c: c.record.at))
            for section in RECORD_SECTIONS]


def labels(of: Table | None = None) -> dict[str, str]:
    """Column → Indonesian label, for the labelled columns of ``of`` (default ``violations``)."""
    return {c.name: c.label for c in (of or VIOLATIONS).columns if c.label}


def quote_masks(of: Table | None = None) -> dict[str, str]:
    """Register field → how a value quoted from a cell of that field (in a data-quality note or a rejection
    reason) is masked for guests: the fields that feed a personal column shown masked (name, NIP)."""
    return {c.sheet_field: c.personal for c in (of or VIOLATIONS).columns
            if c.sheet_field and c.personal in (MASK_NAME, MASK_NIP, MASK_HIDE)}


# The register fields whose every value is personal, and how a value quoted from each is masked.
FIELD_MASKS = quote_masks()
