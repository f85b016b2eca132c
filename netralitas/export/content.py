"""What an export holds: the columns of the Data sheet and the CSV, the figures of the Ringkasan and Rekap sheets,
the table behind a chart, and whose eyes the rows are masked for.

Every figure comes from :mod:`netralitas.queries` (``headline``, ``counts_by``, ``sanctions_by_severity``,
``follow_up_summary``, ``case_row_chunks``), never computed another way. Names and NIP are masked unless the caller
asks otherwise *and* the viewer may see them; masking itself happens in the query layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from netralitas import clock, columns, queries
from netralitas.formatting import format_number
from netralitas.labels import DIMENSION_LABELS
from netralitas.queries import Filters, Viewer
from netralitas.queries.viewer import mask_frame
from netralitas.roles import GUEST
from netralitas.vocab import Vocabulary

TITLE = "Data Pelanggaran Netralitas ASN"
ORGANISATION = "Bawaslu Kota Semarang"
CHUNK_ROWS = 5_000
SHEET_SUMMARY = "Ringkasan"
SHEET_CHART = "Tabel Grafik"
SHEET_DATA = "Data"
SHEET_PIVOTS = "Rekap"
UNRANKED_COLUMN = "Tingkat tidak tercatat"
MASKED_TEXT = "Disamarkan (contoh: Sug*** R***, 1978************09)"
REVEALED_TEXT = (
    "Ditampilkan utuh — file ini berisi data pribadi (UU 27/2022 tentang Pelindungan Data Pribadi); "
    "simpan dan bagikan hanya kepada yang berwenang"
)


@dataclass(frozen=True)
class Column:
    """One column of the Data sheet and the CSV: query column, Indonesian header, kind and width."""

    key: str
    header: str
    kind: str  # "text", "date" or "int"
    width: float


# The Data sheet and the CSV, in order: the running number, then the registry's export columns
# (netralitas/columns.py: case_rows columns, provenance last).
DATA_COLUMNS: tuple[Column, ...] = (
    Column("no", "No.", "int", 7),
    *(Column(c.name, c.export.header, c.export_kind, c.export.width) for c in columns.export_columns()),
)
QUERY_COLUMNS = [c.key for c in DATA_COLUMNS if c.key != "no"]


@dataclass(frozen=True)
class ChartTable:
    """The table behind a chart, exported as an extra sheet next to the filtered data."""

    title: str
    frame: pd.DataFrame


def rows_viewer(viewer: Viewer, masked: bool) -> Viewer:
    """The viewer to query rows with: a guest (masked) unless unmasking is asked for and allowed."""
    if masked or not viewer.reveal:
        return Viewer(role=GUEST, user=viewer.user)
    return viewer


def is_masked(viewer: Viewer, masked: bool) -> bool:
    """Whether an export for this viewer with this option holds masked names and NIP."""
    return not rows_viewer(viewer, masked).reveal


def _ordered(names: Sequence[str], selected: Sequence[str], present: Iterable[str]) -> list[str]:
    """Categories in vocabulary order (only the selected ones when filtered), then any other present value."""
    base = [n for n in names if not selected or n in selected]
    extra = [p for p in present if p not in base]
    return base + sorted(dict.fromkeys(extra))


def _rank(order: Sequence[str], value: str) -> int:
    """The place of ``value`` in ``order``; values not in it come after all of them."""
    return order.index(value) if value in order else len(order)


@dataclass
class ExportFacts:
    """The figures of an export, all from :mod:`netralitas.queries` under the filters."""

    headline: dict
    filter_text: str
    by_dataset: pd.DataFrame
    by_cycle_actor_severity: pd.DataFrame
    by_cycle: pd.DataFrame
    by_actor: pd.DataFrame
    by_severity: pd.DataFrame
    by_district: pd.DataFrame
    by_cycle_actor: pd.DataFrame
    by_cycle_severity: pd.DataFrame
    by_district_cycle: pd.DataFrame
    sanctions_by_cycle: pd.DataFrame
    waiting: dict
    today: dt.date

    @classmethod
    def gather(cls, con: duckdb.DuckDBPyConnection, filters: Filters, today: dt.date | None = None) -> ExportFacts:
        """Run the queries behind the Ringkasan and Rekap sheets; ``today`` (WIB, default the clock's) dates the
        waiting times."""
        today = today or clock.today()
        return cls(
            headline=queries.headline(con, filters),
            filter_text=queries.describe_filters(con, filters),
            by_dataset=queries.counts_by(con, filters, ["dataset"]),
            by_cycle_actor_severity=queries.counts_by(con, filters, ["cycle", "actor_type", "severity"]),
            by_cycle=queries.counts_by(con, filters, ["cycle"]),
            by_actor=queries.counts_by(con, filters, ["actor_type"]),
            by_severity=queries.counts_by(con, filters, ["severity"]),
            by_district=queries.counts_by(con, filters, ["district"]),
            by_cycle_actor=queries.counts_by(con, filters, ["cycle", "actor_type"]),
            by_cycle_severity=queries.counts_by(con, filters, ["cycle", "severity"]),
            by_district_cycle=queries.counts_by(con, filters, ["district", "cycle"]),
            sanctions_by_cycle=queries.sanctions_by_severity(con, filters, by="cycle"),
            waiting=queries.follow_up_summary(con, filters, today=today),
            today=today,
        )

    @property
    def persons(self) -> int:
        """Persons under the filters."""
        return int(self.headline["persons"])

    def dataset_text(self, voc: Vocabulary) -> str:
        """Which datasets the export holds, with person counts, in words."""
        if self.by_dataset.empty:
            return "Tidak ada data untuk filter ini"
        return "; ".join(
            f"{voc.dataset_labels.get(r.dataset, r.dataset)}: {format_number(int(r.persons))} terlapor"
            for r in self.by_dataset.sort_values("dataset").itertuples()
        )

    def has_demo(self) -> bool:
        """True when synthetic demo rows are part of the export."""
        return queries.DEMO_DATASET in set(self.by_dataset["dataset"])


@dataclass(frozen=True)
class Pivot:
    """A cross table for the Rekap sheet: rows × columns of person counts with their totals."""

    title: str
    row_label: str
    rows: list[str]
    columns: list[str]
    cells: dict[tuple[str, str], int]
    row_totals: dict[str, int]
    column_totals: dict[str, int]
    total: int


def _pivot(
    title: str, counts: pd.DataFrame, row_dim: str, col_dim: str, row_totals: pd.DataFrame,
    col_totals: pd.DataFrame, total: int, row_order: list[str], col_order: list[str],
) -> Pivot:
    """A cross table of ``counts`` (rows × columns of two dimensions) with totals from single-dimension counts."""
    cells = {(str(r[row_dim]), str(r[col_dim])): int(r["persons"]) for _, r in counts.iterrows()}
    rt = {str(r[row_dim]): int(r["persons"]) for _, r in row_totals.iterrows()}
    ct = {str(r[col_dim]): int(r["persons"]) for _, r in col_totals.iterrows()}
    return Pivot(title, DIMENSION_LABELS[row_dim], row_order, col_order, cells, rt, ct, total)


def _sanction_pivot(title: str, facts: ExportFacts, column: str, cycles: list[str], voc: Vocabulary) -> Pivot:
    """Cycle × sanction level of ``column`` (``imposed`` or ``recommended_only``) from
    ``queries.sanctions_by_severity(by="cycle")``; imposed sanctions without a recorded level in a column of their
    own. Its total of imposed sanctions is the headline's "sanksi dijatuhkan"."""
    df = facts.sanctions_by_cycle
    levels = list(voc.sanction_names)
    cells: dict[tuple[str, str], int] = {}
    for r in df.itertuples():
        level = str(r.severity) if pd.notna(r.severity_rank) else UNRANKED_COLUMN
        if level not in levels:
            levels.append(level)
        key = (str(r.cycle), level)
        cells[key] = cells.get(key, 0) + int(getattr(r, column))
    with_sanctions = set(df["cycle"].astype(str))
    rows = [c for c in cycles if c in with_sanctions]
    row_totals = {c: sum(cells.get((c, lv), 0) for lv in levels) for c in rows}
    column_totals = {lv: sum(cells.get((c, lv), 0) for c in rows) for lv in levels}
    return Pivot(title, DIMENSION_LABELS["cycle"], rows, levels, cells, row_totals, column_totals,
                 sum(row_totals.values()))


def build_pivots(facts: ExportFacts, filters: Filters, voc: Vocabulary) -> list[Pivot]:
    """The cross tables of the Rekap sheet, in vocabulary order, totals from single-dimension counts; the sanctions
    per cycle and level twice, imposed and only recommended (the split of the pages and the brief)."""
    cycles = _ordered(voc.cycle_names, filters.cycles, facts.by_cycle["cycle"].astype(str))
    actors = _ordered(voc.actor_type_names, filters.actor_types, facts.by_actor["actor_type"].astype(str))
    severities = _ordered(voc.severity_names, filters.severities, facts.by_severity["severity"].astype(str))
    districts = _ordered(voc.district_names, filters.districts, facts.by_district["district"].astype(str))
    total = facts.persons
    return [
        _pivot("Terlapor per siklus pemilihan dan jenis pegawai", facts.by_cycle_actor, "cycle", "actor_type",
               facts.by_cycle, facts.by_actor, total, cycles, actors),
        _sanction_pivot("Sanksi dijatuhkan per siklus pemilihan dan tingkat sanksi", facts, "imposed", cycles, voc),
        _sanction_pivot("Sanksi baru direkomendasikan (belum dijatuhkan) per siklus pemilihan dan tingkat sanksi",
                        facts, "recommended_only", cycles, voc),
        _pivot("Terlapor per siklus pemilihan dan tingkat sanksi / hasil (tingkat sanksi: dijatuhkan maupun baru "
               "direkomendasikan)", facts.by_cycle_severity, "cycle", "severity", facts.by_cycle, facts.by_severity,
               total, cycles, severities),
        _pivot("Terlapor per kecamatan dan siklus pemilihan", facts.by_district_cycle, "district", "cycle",
               facts.by_district, facts.by_cycle, total, districts, cycles),
    ]


def summary_table(facts: ExportFacts, voc: Vocabulary) -> pd.DataFrame:
    """Persons and cases by cycle × actor type × severity, in vocabulary order (the Ringkasan table)."""
    df = facts.by_cycle_actor_severity.copy()
    cycles = voc.cycle_names + [voc.cycle_unknown.name]
    df["_k"] = [
        (_rank(cycles, c), _rank(voc.actor_type_names, a), _rank(voc.severity_names, s))
        for c, a, s in zip(df["cycle"], df["actor_type"], df["severity"], strict=True)
    ]
    df = df.sort_values("_k", kind="stable").drop(columns="_k")
    return df[["cycle", "actor_type", "severity", "persons", "cases"]].reset_index(drop=True)


def chart_frame(table: ChartTable, masked: bool = True) -> pd.DataFrame:
    """A chart's table with Indonesian column headers (names and NIP masked when asked)."""
    df = mask_frame(table.frame.copy(), reveal=not masked)
    data_headers = {c.key: c.header for c in DATA_COLUMNS}
    return df.rename(columns=lambda c: DIMENSION_LABELS.get(str(c), data_headers.get(str(c), str(c))))


def data_rows(
    con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, voc: Vocabulary, chunk_rows: int
) -> Iterator[list[Any]]:
    """Rows of the Data sheet in :data:`DATA_COLUMNS` order, streamed from the query layer."""
    dataset_at = QUERY_COLUMNS.index("dataset")
    labels = voc.dataset_labels
    number = 0
    for chunk in queries.case_row_chunks(con, filters, viewer, columns=QUERY_COLUMNS, chunk_rows=chunk_rows):
        for row in chunk:
            number += 1
            out = [number, *row]
            value = out[dataset_at + 1]
            out[dataset_at + 1] = labels.get(value, value)
            yield out


def person_chunks(
    con: duckdb.DuckDBPyConnection, filters: Filters, viewer: Viewer, chunk_rows: int
) -> Iterator[list[tuple]]:
    """Chunks of person rows (:data:`QUERY_COLUMNS`, masked for ``viewer``) from the query layer."""
    yield from queries.case_row_chunks(con, filters, viewer, columns=QUERY_COLUMNS, chunk_rows=chunk_rows)
