"""The query layer: every figure on every page, export and brief comes from these functions.

All SQL is parameterised and reads the ``violations`` contract (plus the batch and quality tables). Names and
NIP leave this module masked unless the caller may see them (``reveal``), so no page or export can forget it.
Functions take a DuckDB connection or cursor and a :class:`Filters` and return pandas DataFrames or dicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace

import duckdb
import pandas as pd

from netralitas import clock, roles
from netralitas.formatting import format_date, format_number
from netralitas.privacy import HIDDEN, fill_quote, looks_like_nip, mask_name, mask_nip
from netralitas.vocab import Vocabulary, vocabulary

# URL query parameters of the filters, one name per filter field (the order is the order of a written URL).
QUERY_PARAMS = {
    "cycles": "siklus",
    "actor_types": "pegawai",
    "severities": "sanksi",
    "districts": "kecamatan",
    "date_from": "dari",
    "date_to": "sampai",
    "search": "cari",
    "datasets": "data",
}

# A sanction counts as imposed when the status says so, or when a sanction is named and no status says
# the case is still at an earlier stage (a named sanction with status "Rekomendasi terbit" is recommended only).
IMPOSED_SQL = "(status = 'Sanksi dijatuhkan' OR (severity_rank IS NOT NULL AND status IS NULL))"
PROVEN_SQL = (
    "(severity_rank IS NOT NULL OR severity = 'Terbukti, sanksi belum tercatat' OR status = 'Sanksi dijatuhkan')"
)
# Where a named sanction stands: imposed, or only recommended so far. Rows whose severity is an outcome (no
# sanction level) have no sanction state; they are the third value, so that every row has one.
SANCTION_IMPOSED = "Dijatuhkan"
SANCTION_RECOMMENDED = "Baru direkomendasikan"
SANCTION_NONE = "Tidak berlaku"
SANCTION_STATE_SQL = (
    f"CASE WHEN severity_rank IS NULL THEN '{SANCTION_NONE}' WHEN {IMPOSED_SQL} THEN '{SANCTION_IMPOSED}' "
    f"ELSE '{SANCTION_RECOMMENDED}' END"
)

# What each URL parameter is called on screen (sidebar labels and notes about a link).
FILTER_LABELS = {
    "siklus": "Siklus pemilihan",
    "pegawai": "Jenis pegawai",
    "sanksi": "Tingkat sanksi / hasil",
    "kecamatan": "Kecamatan",
    "dari": "Dari tanggal",
    "sampai": "Sampai tanggal",
    "cari": "Cari",
    "data": "Sumber data",
}

# The datasets a row belongs to (the keys of ``[dataset] labels`` in vocabulary.toml, and the values of ``data=``).
OWN_DATASET = "sendiri"
DEMO_DATASET = "contoh"
PUBLIC_DATASET = "publik"

# With no data filter, the rows shown are the office's own as soon as the database holds any own row; until then
# every row (the demo register and the public record, each labelled as such on every page). The one place of that
# rule: every query reads the filters through Filters.where().
_DEFAULT_DATA_SQL = "(dataset = ? OR NOT EXISTS (SELECT 1 FROM violations AS own_rows WHERE own_rows.dataset = ?))"

UNKNOWN_DISTRICT = "Tidak diketahui"
SEARCH_MAX_CHARS = 100  # a search text is cut to this length (a link may carry a longer one)

# Dimensions that may be grouped by (a whitelist: the name is put into SQL, so never take it from a user).
DIMENSIONS = {
    "cycle": "cycle",
    "actor_type": "actor_type",
    "severity": "severity",
    "district": "coalesce(district, 'Tidak diketahui')",
    "violation_type": "coalesce(violation_type, 'Tidak diketahui')",
    "position_group": "coalesce(position_group, 'Lainnya / tidak diketahui')",
    "agency": "coalesce(agency, 'Tidak diketahui')",
    "source_kind": "coalesce(source_kind, 'Tidak diketahui')",
    "status": "coalesce(status, 'Tidak diketahui')",
    "dataset": "dataset",
    "month": "date_trunc('month', reported_on)",
    "sanction_state": SANCTION_STATE_SQL,
}

DIMENSION_LABELS = {
    "cycle": "Siklus pemilihan",
    "actor_type": "Jenis pegawai",
    "severity": "Tingkat sanksi",
    "district": "Kecamatan",
    "violation_type": "Jenis pelanggaran",
    "position_group": "Kelompok jabatan",
    "agency": "Instansi",
    "source_kind": "Sumber",
    "status": "Status penanganan",
    "dataset": "Dataset",
    "month": "Bulan",
    "sanction_state": "Status sanksi",
    "persons": "Jumlah terlapor",
    "cases": "Jumlah kasus",
}

AGE_BUCKETS = [
    (0, 30, "≤ 30 hari"),
    (31, 90, "31–90 hari"),
    (91, 180, "91–180 hari"),
    (181, 365, "181–365 hari"),
    (366, None, "> 1 tahun"),
]


@dataclass(frozen=True)
class Filters:
    """The sidebar filters; empty means "all" (for the data filter: see :data:`_DEFAULT_DATA_SQL`). Hashable, so it
    can key caches.

    A date range given the wrong way round is turned round (the filter line says which range applies), and a search
    text is cut to :data:`SEARCH_MAX_CHARS`, whoever builds the filters.
    """

    cycles: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    severities: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    search: str = ""
    datasets: tuple[str, ...] = ()
    # Whether the search looks into names and NIP. Off for guests (pages/shared/filters.py): otherwise a guest
    # could confirm that a person is in the register, or rebuild a NIP digit by digit, from the row counts.
    search_names: bool = True

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            start, end = self.date_to, self.date_from
            object.__setattr__(self, "date_from", start)
            object.__setattr__(self, "date_to", end)
        search = self.search.strip()[:SEARCH_MAX_CHARS].strip()
        if search != self.search:
            object.__setattr__(self, "search", search)

    def where(self) -> tuple[str, list]:
        """SQL condition (without WHERE) on ``violations`` and its parameters."""
        parts: list[str] = []
        params: list = []
        for attr, column in (
            ("cycles", "cycle"),
            ("actor_types", "actor_type"),
            ("severities", "severity"),
            ("datasets", "dataset"),
        ):
            values = getattr(self, attr)
            if values:
                parts.append(f"list_contains(?::VARCHAR[], {column})")
                params.append(list(values))
        if not self.datasets:
            parts.append(_DEFAULT_DATA_SQL)
            params.extend([OWN_DATASET, OWN_DATASET])
        if self.districts:
            names = [d for d in self.districts if d != UNKNOWN_DISTRICT]
            cond = "list_contains(?::VARCHAR[], district)"
            if UNKNOWN_DISTRICT in self.districts:
                cond = f"({cond} OR district IS NULL)"
            parts.append(cond)
            params.append(names)
        if self.date_from:
            parts.append("reported_on >= ?")
            params.append(self.date_from)
        if self.date_to:
            parts.append("reported_on <= ?")
            params.append(self.date_to)
        if self.search and self.search_names:
            parts.append(
                "(contains(lower(coalesce(person_name, '')), lower(?)) OR contains(coalesce(nip, ''), ?)"
                " OR contains(lower(case_id), lower(?)) OR contains(lower(coalesce(agency, '')), lower(?)))"
            )
            term = self.search
            params.extend([term, "".join(ch for ch in term if ch.isdigit()) or term, term, term])
        elif self.search:
            parts.append("(contains(lower(case_id), lower(?)) OR contains(lower(coalesce(agency, '')), lower(?)))")
            params.extend([self.search] * 2)
        return " AND ".join(parts) or "TRUE", params

    @property
    def is_default(self) -> bool:
        """True when no filter is set."""
        return replace(self, search_names=True) == Filters()

    def to_query_params(self) -> dict[str, list[str]]:
        """The URL query parameters of these filters (defaults left out), in :data:`QUERY_PARAMS` order."""
        out: dict[str, list[str]] = {}
        for f in fields(self):
            if f.name not in QUERY_PARAMS:  # search_names is the viewer's, not a filter
                continue
            value = getattr(self, f.name)
            key = QUERY_PARAMS[f.name]
            if isinstance(value, tuple) and value:
                out[key] = list(value)
            elif isinstance(value, dt.date):
                out[key] = [value.isoformat()]
            elif isinstance(value, str) and value:
                out[key] = [value]
        return out

    @classmethod
    def from_query_params(cls, params: Mapping[str, list[str] | str], voc: Vocabulary | None = None) -> Filters:
        """Filters from URL query parameters (what :meth:`parse_query_params` makes of them, without its notes)."""
        return cls.parse_query_params(params, voc)[0]

    @classmethod
    def parse_query_params(
        cls, params: Mapping[str, list[str] | str], voc: Vocabulary | None = None
    ) -> tuple[Filters, tuple[str, ...]]:
        """Filters from URL query parameters, and one Indonesian note per part of them that is not applied as
        written: a value no filter knows, a date that cannot be read, a search longer than
        :data:`SEARCH_MAX_CHARS`, a date range the wrong way round. Values match case-insensitively; ``data``
        takes the short dataset names (``sendiri``, ``contoh``, ``publik``) or their labels. Quoted values in
        notes are the raw text of the link: whoever shows a note escapes it."""
        voc = voc or vocabulary()
        notes: list[str] = []

        def values(key: str) -> list[str]:
            raw = params.get(key, [])
            return [raw] if isinstance(raw, str) else [str(v) for v in raw]

        def allowed(key: str, choices: Mapping[str, str]) -> tuple[str, ...]:
            out: list[str] = []
            for v in values(key):
                if not v.strip():
                    continue
                c = choices.get(v.strip().lower())
                if c is None:
                    notes.append(f"{FILTER_LABELS[key]}: nilai “{v.strip()}” tidak dikenal dan diabaikan.")
                elif c not in out:
                    out.append(c)
            return tuple(out)

        def names(*lists: list[str]) -> dict[str, str]:
            return {name.lower(): name for names_ in lists for name in names_}

        def date_of(key: str) -> dt.date | None:
            given = [v.strip() for v in values(key) if v.strip()]
            if not given:
                return None
            try:
                return dt.date.fromisoformat(given[-1])
            except ValueError:
                notes.append(f"{FILTER_LABELS[key]}: “{given[-1]}” bukan tanggal (tulis TTTT-BB-HH, mis. "
                             "2024-02-14) dan diabaikan.")
                return None

        search = next((v.strip() for v in reversed(values("cari")) if v.strip()), "")
        if len(search) > SEARCH_MAX_CHARS:
            notes.append(f"{FILTER_LABELS['cari']}: teks pencarian dipotong menjadi {SEARCH_MAX_CHARS} karakter "
                         f"(dari {format_number(len(search))}).")
        datasets = {**{k.lower(): k for k in voc.dataset_labels},
                    **{label.lower(): k for k, label in voc.dataset_labels.items()}}
        date_from, date_to = date_of("dari"), date_of("sampai")
        if date_from and date_to and date_from > date_to:
            notes.append(f"Tanggal awal ({format_date(date_from)}) sesudah tanggal akhir ({format_date(date_to)}): "
                         "keduanya ditukar.")
        filters = cls(
            cycles=allowed("siklus", names(voc.cycle_names, [voc.cycle_unknown.name])),
            actor_types=allowed("pegawai", names(voc.actor_type_names)),
            severities=allowed("sanksi", names(voc.severity_names)),
            districts=allowed("kecamatan", names(voc.district_names, [UNKNOWN_DISTRICT])),
            date_from=date_from,
            date_to=date_to,
            search=search,
            datasets=allowed("data", datasets),
        )
        return filters, tuple(notes)

    def describe(self, voc: Vocabulary | None = None, hidden: tuple[str, ...] = ()) -> str:
        """The active filters as one Indonesian line (for page subtitles and exports). ``hidden``: the datasets an
        empty data filter leaves out (:func:`default_hidden_datasets`; then the own data alone is shown)."""
        voc = voc or vocabulary()
        parts = []
        if self.cycles:
            parts.append("Siklus: " + ", ".join(self.cycles))
        if self.actor_types:
            parts.append("Pegawai: " + ", ".join(self.actor_types))
        if self.severities:
            parts.append("Sanksi: " + ", ".join(self.severities))
        if self.districts:
            parts.append("Kecamatan: " + ", ".join(self.districts))
        if self.date_from or self.date_to:
            parts.append(
                f"Tanggal: {format_date(self.date_from) if self.date_from else 'awal'} s.d. "
                f"{format_date(self.date_to) if self.date_to else 'akhir'}"
            )
        if self.search:
            parts.append(f"Cari: “{self.search}”")
        if self.datasets:
            parts.append("Data: " + ", ".join(voc.dataset_labels.get(d, d) for d in self.datasets))
        elif hidden:
            left_out = " dan ".join(voc.dataset_labels.get(d, d) for d in hidden)
            parts.append(f"Data: {voc.dataset_labels.get(OWN_DATASET, OWN_DATASET)} saja ({left_out} tidak "
                         "ditampilkan; pilih di filter Sumber data)")
        return " · ".join(parts) if parts else "Semua data (tanpa filter)"

    def with_(self, **changes) -> Filters:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass
class Viewer:
    """Who is asking: decides whether names and NIP come back in clear."""

    role: str = roles.GUEST
    user: str = "anonim"
    extra: dict = field(default_factory=dict)

    @property
    def reveal(self) -> bool:
        """True for roles that may see names and NIP (:func:`netralitas.roles.sees_personal_data`)."""
        return roles.sees_personal_data(self.role)


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def total_persons(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> int:
    """Number of terlapor rows under the filters."""
    where, params = filters.where()
    return int(_scalar(con, f"SELECT count(*) FROM violations WHERE {where}", params) or 0)


def headline(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> dict:
    """Headline figures: persons, cases, proven, sanctions imposed (and named but only recommended), still in
    process, not proven, and the median days from finding to sanction where both dates are known."""
    where, params = filters.where()
    row = con.execute(
        f"""
        SELECT count(*) AS persons,
               count(DISTINCT case_key) AS cases,
               count(*) FILTER (WHERE {PROVEN_SQL}) AS proven,
               count(*) FILTER (WHERE {IMPOSED_SQL}) AS sanctioned,
               count(*) FILTER (WHERE severity_rank IS NOT NULL AND NOT {IMPOSED_SQL}) AS recommended_only,
               count(*) FILTER (WHERE severity = 'Dalam proses') AS in_process,
               count(*) FILTER (WHERE severity = 'Tidak terbukti') AS not_proven,
               median(date_diff('day', reported_on, sanctioned_on))
                   FILTER (WHERE sanctioned_on IS NOT NULL AND reported_on IS NOT NULL
                           AND sanctioned_on >= reported_on) AS median_days_to_sanction,
               count(*) FILTER (WHERE sanctioned_on IS NOT NULL AND reported_on IS NOT NULL
                                AND sanctioned_on >= reported_on) AS dated_sanctions
        FROM violations WHERE {where}
        """,
        params,
    ).fetchone()
    keys = [
        "persons",
        "cases",
        "proven",
        "sanctioned",
        "recommended_only",
        "in_process",
        "not_proven",
        "median_days_to_sanction",
        "dated_sanctions",
    ]
    out = dict(zip(keys, row, strict=True))
    for k in keys:
        if out[k] is not None and k != "median_days_to_sanction":
            out[k] = int(out[k])
    return out


def counts_by(
    con: duckdb.DuckDBPyConnection, filters: Filters, dims: list[str], limit: int | None = None
) -> pd.DataFrame:
    """Persons (and distinct cases) per combination of ``dims`` (names from :data:`DIMENSIONS`)."""
    for d in dims:
        if d not in DIMENSIONS:
            raise ValueError(f"unknown dimension: {d}")
    where, params = filters.where()
    select = ", ".join(f"{DIMENSIONS[d]} AS {d}" for d in dims)
    group = ", ".join(str(i + 1) for i in range(len(dims)))
    sql = (
        f"SELECT {select}, count(*) AS persons, count(DISTINCT case_key) AS cases FROM violations "
        f"WHERE {where} GROUP BY {group} ORDER BY persons DESC, {group}"
    )
    if limit:
        sql += " LIMIT ?"
        params = [*params, limit]
    df = _df(con, sql, params)
    df["persons"] = df["persons"].astype("int64")
    df["cases"] = df["cases"].astype("int64")
    return df


def top_values(con: duckdb.DuckDBPyConnection, filters: Filters, dim: str, n: int = 10) -> list[str]:
    """The ``n`` most frequent values of one dimension under the filters."""
    df = counts_by(con, filters, [dim], limit=n)
    return [str(v) for v in df[dim].tolist()]


def _stage_case(voc: Vocabulary) -> tuple[str, list]:
    """SQL expression of a row's furthest handling stage (from its status and its severity)."""
    names = [s.name for s in voc.statuses]
    stages = [s.stage for s in voc.statuses]
    expr = (
        "greatest("
        "coalesce(list_extract(?::INTEGER[], list_position(?::VARCHAR[], status)), 0), "
        f"CASE WHEN {IMPOSED_SQL} THEN 5 "
        "     WHEN severity_rank IS NOT NULL OR severity = 'Terbukti, sanksi belum tercatat' THEN 4 "
        "     WHEN severity = 'Tidak terbukti' AND status IS NOT NULL AND status <> 'Tidak diregister' THEN 1 "
        "     ELSE 0 END)"
    )
    return expr, [stages, names]


FUNNEL_STAGES = [
    (0, "Temuan/laporan"),
    (1, "Diregister"),
    (2, "Pelanggaran"),
    (3, "Diteruskan (KASN/BKN)"),
    (4, "Rekomendasi terbit"),
    (5, "Sanksi dijatuhkan"),
]


def funnel(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), voc: Vocabulary | None = None) -> pd.DataFrame:
    """The handling funnel: persons who reached each stage (temuan/laporan → … → sanksi dijatuhkan)."""
    voc = voc or vocabulary()
    where, params = filters.where()
    stage_expr, stage_params = _stage_case(voc)
    row = con.execute(
        f"""
        WITH s AS (SELECT {stage_expr} AS stage, severity FROM violations WHERE {where})
        SELECT count(*),
               count(*) FILTER (WHERE stage >= 1),
               count(*) FILTER (WHERE stage >= 2 AND severity <> 'Tidak terbukti'),
               count(*) FILTER (WHERE stage >= 3 AND severity <> 'Tidak terbukti'),
               count(*) FILTER (WHERE stage >= 4 AND severity <> 'Tidak terbukti'),
               count(*) FILTER (WHERE stage >= 5 AND severity <> 'Tidak terbukti')
        FROM s
        """,
        stage_params + params,
    ).fetchone()
    return pd.DataFrame({"stage": [label for _, label in FUNNEL_STAGES], "persons": [int(x) for x in row]})


def monthly_timeline(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Persons per month of finding/report and cycle (rows without a date are left out)."""
    where, params = filters.where()
    df = _df(
        con,
        f"""
        SELECT CAST(date_trunc('month', reported_on) AS DATE) AS month, cycle, count(*) AS persons
        FROM violations WHERE {where} AND reported_on IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2
        """,
        params,
    )
    df["persons"] = df["persons"].astype("int64")
    return df


def undated_count(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> int:
    """Persons under the filters whose finding date is unknown."""
    where, params = filters.where()
    return int(_scalar(con, f"SELECT count(*) FROM violations WHERE {where} AND reported_on IS NULL", params) or 0)


def _mask_frame(df: pd.DataFrame, reveal: bool) -> pd.DataFrame:
    if reveal:
        return df
    if "person_name" in df:
        df["person_name"] = [mask_name(v) if isinstance(v, str) else v for v in df["person_name"].tolist()]
    if "nip" in df:
        df["nip"] = [mask_nip(v) if isinstance(v, str) else v for v in df["nip"].tolist()]
    return df


CASE_COLUMNS = [
    "case_id",
    "cycle",
    "reported_on",
    "source_kind",
    "person_name",
    "nip",
    "actor_type",
    "position",
    "agency",
    "district",
    "violation_type",
    "status",
    "sanction",
    "severity",
    "severity_rank",
    "dataset",
    "source_file",
    "source_sheet",
    "source_row",
]


# Order of the person rows everywhere (newest first; provenance makes it total).
CASE_ORDER = "reported_on DESC NULLS LAST, case_id, source_file, source_sheet, source_row"


def case_rows(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    limit: int | None = None,
    offset: int = 0,
    columns: list[str] | None = None,
) -> pd.DataFrame:
    """Person rows under the filters, newest first; names and NIP masked unless the viewer may see them."""
    cols = columns or CASE_COLUMNS
    for c in cols:
        if c not in CASE_COLUMNS and c not in ("forwarded_on", "recommended_on", "sanctioned_on", "position_group"):
            raise ValueError(f"unknown column: {c}")
    where, params = filters.where()
    if limit is not None and not filters.search.strip():
        # A page: first the finding date of its last row (from a count per date, cheap), then sort only the rows
        # from that date on — every row of the page is among them — instead of all rows under the filters. Not
        # with a search: it leaves few rows to sort, and a second text scan would cost more than it saves.
        cutoff = _page_date_cutoff(con, where, params, int(limit) + int(offset))
        if cutoff is not None:
            where, params = f"{where} AND reported_on >= ?", [*params, cutoff]
    sql = f"SELECT {', '.join(cols)} FROM violations WHERE {where} ORDER BY {CASE_ORDER}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, limit, offset]
    return _mask_frame(_df(con, sql, params), viewer.reveal)


def _page_date_cutoff(con: duckdb.DuckDBPyConnection, where: str, params: list, rows: int) -> dt.date | None:
    """The finding date of the ``rows``-th row in :data:`CASE_ORDER` under ``where``: every one of the first
    ``rows`` rows has a finding date on or after it. None when that row has no date or there are fewer rows."""
    if rows <= 0:
        return None
    return _scalar(
        con,
        f"""
        SELECT reported_on FROM (
            SELECT reported_on, sum(persons) OVER (ORDER BY reported_on DESC NULLS LAST) AS rows_so_far
            FROM (SELECT reported_on, count(*) AS persons FROM violations WHERE {where} GROUP BY 1))
        WHERE rows_so_far >= ? ORDER BY reported_on DESC NULLS LAST LIMIT 1
        """,
        [*params, rows],
    )


def case_row_chunks(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    columns: list[str] | None = None,
    chunk_rows: int = 5_000,
) -> Iterator[list[tuple]]:
    """The rows of :func:`case_rows` (same order, same masking), streamed as lists of tuples of ``chunk_rows``.

    For exports of any size: memory stays flat however many rows the filters select.
    """
    cols = columns or CASE_COLUMNS
    for c in cols:
        if c not in CASE_COLUMNS and c not in ("forwarded_on", "recommended_on", "sanctioned_on", "position_group"):
            raise ValueError(f"unknown column: {c}")
    where, params = filters.where()
    cur = con.cursor()
    try:
        cur.execute(
            f"SELECT {', '.join(cols)} FROM violations WHERE {where} "
            "ORDER BY reported_on DESC NULLS LAST, case_id, source_file, source_sheet, source_row",
            params,
        )
        name_at = cols.index("person_name") if "person_name" in cols else None
        nip_at = cols.index("nip") if "nip" in cols else None
        while chunk := cur.fetchmany(max(1, int(chunk_rows))):
            if not viewer.reveal and (name_at is not None or nip_at is not None):
                masked = []
                for row in chunk:
                    values = list(row)
                    if name_at is not None and isinstance(values[name_at], str):
                        values[name_at] = mask_name(values[name_at])
                    if nip_at is not None and isinstance(values[nip_at], str):
                        values[nip_at] = mask_nip(values[nip_at])
                    masked.append(tuple(values))
                chunk = masked
            yield chunk
    finally:
        cur.close()


def case_detail(
    con: duckdb.DuckDBPyConnection, source_file: str, source_sheet: str | None, source_row: int, viewer: Viewer
) -> dict | None:
    """The full record of one row (identified by its provenance), with its data-quality notes."""
    df = _df(
        con,
        "SELECT * FROM violations WHERE source_file = ? AND source_sheet IS NOT DISTINCT FROM ? AND source_row = ?",
        [source_file, source_sheet, int(source_row)],
    )
    if df.empty:
        return None
    df = _mask_frame(df, viewer.reveal)
    record = df.iloc[0].to_dict()
    if not viewer.reveal:
        record["raw"] = None
        record["nip_raw"] = None
        record["person_key"] = None
        for column in WRITTEN_COLUMNS:  # "tertulis": the cell as written, which may be a NIP in the wrong column
            if looks_like_nip(record.get(column)):
                record[column] = mask_nip(record[column])
    notes = _df(
        con,
        "SELECT kind, message, quoted, quoted_mask FROM quality_notes WHERE source_file = ? "
        "AND source_sheet IS NOT DISTINCT FROM ? AND source_row = ? ORDER BY kind, message, quoted",
        [source_file, source_sheet, int(source_row)],
    )
    record["notes"] = _with_quotes_filled(notes, "message", viewer.reveal).to_dict("records")
    return record


# Cells of a record kept as written beside their normalised value (shown as "tertulis" in the record view).
WRITTEN_COLUMNS = ("actor_type_raw", "district_raw", "reported_on_raw", "status_raw", "cycle_raw")


def _with_quotes_filled(df: pd.DataFrame, text: str, reveal: bool) -> pd.DataFrame:
    """``df`` with its ``text`` column (a note's message or a reason, with ``quoted`` and ``quoted_mask``) filled in
    by :func:`netralitas.privacy.fill_quote` for the viewer, and the quoted columns dropped: the quoted value
    never leaves this module unmasked for a viewer who may not see it."""
    df[text] = [
        fill_quote(t, q if isinstance(q, str) else None, m if isinstance(m, str) else None, reveal)
        for t, q, m in zip(df[text], df["quoted"], df["quoted_mask"], strict=True)
    ]
    return df.drop(columns=["quoted", "quoted_mask"])


# Order of the follow-up list: longest waiting first; the register number, then the source row break ties, so
# that a page of the list (``limit``) is always the same rows.
FOLLOW_UP_ORDER = "days_waiting DESC NULLS LAST, case_id, source_file, source_sheet, source_row"
UNKNOWN_AGE = "Tanggal tidak diketahui"


def _follow_up_rows(filters: Filters, today: dt.date, voc: Vocabulary) -> tuple[str, list]:
    """SQL (a SELECT) of the follow-up persons with their waiting time, and its parameters."""
    where, params = filters.where()
    stage_expr, stage_params = _stage_case(voc)
    sql = f"""
        SELECT case_id, cycle, person_name, nip, actor_type, position, agency, status, sanction, severity,
               reported_on, forwarded_on, recommended_on,
               coalesce(forwarded_on, recommended_on, reported_on) AS waiting_since,
               CASE WHEN forwarded_on IS NOT NULL THEN 'penerusan'
                    WHEN recommended_on IS NOT NULL THEN 'rekomendasi'
                    WHEN reported_on IS NOT NULL THEN 'temuan/laporan' END AS waiting_basis,
               date_diff('day', coalesce(forwarded_on, recommended_on, reported_on), ?::DATE) AS days_waiting,
               source_file, source_sheet, source_row
        FROM violations
        WHERE {where} AND NOT {IMPOSED_SQL} AND severity <> 'Tidak terbukti'
          AND {stage_expr} >= 3
    """
    return sql, [today, *params, *stage_params]


def follow_up(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    today: dt.date | None = None,
    voc: Vocabulary | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Forwarded or recommended persons with no sanction imposed yet, oldest first, with days waited.

    Waiting is counted from the forwarding date, else the recommendation date, else the finding date. ``limit``:
    only the first rows of the list (a page sends at most that many to the browser; :func:`follow_up_summary`
    has the figures of the whole list). Names and NIP masked unless the viewer may see them.
    """
    voc = voc or vocabulary()
    today = today or clock.today()
    sql, params = _follow_up_rows(filters, today, voc)
    sql += f" ORDER BY {FOLLOW_UP_ORDER}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(0, int(limit)))
    df = _df(con, sql, params)
    df["age_bucket"] = age_buckets(df["days_waiting"])
    return _mask_frame(df, viewer.reveal)


def _age_bucket_sql(days: str) -> str:
    """SQL CASE giving the :data:`AGE_BUCKETS` label of ``days`` (as :func:`age_buckets` does)."""
    bounds = [lo for lo, _hi, _name in AGE_BUCKETS[1:]] + [None]
    whens = []
    for (lo, _hi, name), upper in zip(AGE_BUCKETS, bounds, strict=True):
        cond = f"{days} >= {int(lo)}" + (f" AND {days} < {int(upper)}" if upper is not None else "")
        whens.append(f"WHEN {cond} THEN '{name}'")
    return f"CASE {' '.join(whens)} ELSE '{UNKNOWN_AGE}' END"


def follow_up_summary(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    today: dt.date | None = None,
    voc: Vocabulary | None = None,
) -> dict:
    """The figures of the whole :func:`follow_up` list, computed in the database (no names, no rows):
    ``persons`` (its length), ``max_days`` and ``median_days`` of the known waiting times (None when there are
    none), ``buckets`` (as :func:`follow_up_buckets` of the list) and ``by_status`` (persons per handling status,
    unknown status as "Tidak diketahui", most first; ties in the order the list first shows them)."""
    voc = voc or vocabulary()
    today = today or clock.today()
    rows_sql, params = _follow_up_rows(filters, today, voc)
    order = [name for _, _, name in AGE_BUCKETS] + [UNKNOWN_AGE]
    df = _df(
        con,
        f"""
        SELECT GROUPING(status) AS is_total, status, age_bucket, count(*) AS persons,
               max(days_waiting) AS max_days, median(days_waiting) AS median_days
        FROM (SELECT coalesce(status, 'Tidak diketahui') AS status, days_waiting,
                     {_age_bucket_sql("days_waiting")} AS age_bucket
              FROM ({rows_sql}) AS rows)
        GROUP BY GROUPING SETS ((status, age_bucket), ())
        """,
        params,
    )
    total = df[df["is_total"] == 1]
    parts = df[df["is_total"] == 0]
    persons = int(total["persons"].iloc[0]) if len(total) else 0
    max_days = total["max_days"].iloc[0] if persons else None
    median_days = total["median_days"].iloc[0] if persons else None
    per_bucket = parts.groupby("age_bucket")["persons"].sum()
    per_status = parts.groupby("status", sort=False)["persons"].sum()
    statuses = sorted(per_status.index, key=lambda s: -int(per_status[s]))
    counts = [int(per_status[s]) for s in statuses]
    if len(set(counts)) < len(counts):  # equal counts: in the order the list first shows them (as value_counts)
        first = _df(
            con,
            f"""
            SELECT coalesce(status, 'Tidak diketahui') AS status,
                   min(position) AS first_shown
            FROM (SELECT status, row_number() OVER (ORDER BY {FOLLOW_UP_ORDER}) AS position FROM ({rows_sql}) AS rows)
            GROUP BY 1
            """,
            params,
        )
        first_shown = dict(zip(first["status"], first["first_shown"], strict=True))
        statuses = sorted(statuses, key=lambda s: (-int(per_status[s]), int(first_shown[s])))
    return {
        "persons": persons,
        "max_days": None if max_days is None or pd.isna(max_days) else int(max_days),
        "median_days": None if median_days is None or pd.isna(median_days) else float(median_days),
        "buckets": pd.DataFrame({"age_bucket": order, "persons": [int(per_bucket.get(b, 0)) for b in order]}),
        "by_status": pd.DataFrame({"status": statuses, "persons": [int(per_status[s]) for s in statuses]}),
    }


def age_buckets(days: pd.Series) -> pd.Series:
    """The waiting-age bucket label of each number of days (:data:`AGE_BUCKETS`; unknown dates apart)."""
    edges = [lo - 0.5 for lo, _hi, _name in AGE_BUCKETS] + [float("inf")]
    labels = [name for _lo, _hi, name in AGE_BUCKETS]
    binned = pd.cut(pd.to_numeric(days, errors="coerce"), bins=edges, labels=labels, right=False)
    return binned.astype(object).where(binned.notna(), UNKNOWN_AGE)


def follow_up_buckets(df: pd.DataFrame) -> pd.DataFrame:
    """Counts of a follow-up list per age bucket, in bucket order."""
    order = [name for _, _, name in AGE_BUCKETS] + [UNKNOWN_AGE]
    counts = df["age_bucket"].value_counts() if not df.empty else pd.Series(dtype="int64")
    return pd.DataFrame({"age_bucket": order, "persons": [int(counts.get(b, 0)) for b in order]})


def datasets_present(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Which datasets (demo / public record / own data) are in the database, with person counts."""
    return _df(con, "SELECT dataset, count(*) AS persons FROM violations GROUP BY 1 ORDER BY 1")


def default_hidden_datasets(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The datasets in the database that an empty data filter leaves out (every one but the own data, once the
    database holds own data; none before), by the same rule the queries apply."""
    rows = con.execute(
        f"SELECT DISTINCT dataset FROM violations WHERE NOT {_DEFAULT_DATA_SQL} ORDER BY 1", [OWN_DATASET, OWN_DATASET]
    ).fetchall()
    return tuple(str(r[0]) for r in rows)


def describe_filters(con: duckdb.DuckDBPyConnection, filters: Filters, voc: Vocabulary | None = None) -> str:
    """The filter line of a page, an export or a brief: :meth:`Filters.describe`, saying which data an empty data
    filter shows in this database."""
    return filters.describe(voc, hidden=() if filters.datasets else default_hidden_datasets(con))


# Who loaded a file, as the load history shows it: by the role stored with the load. Guests see only this label;
# staff see the user name beside it. Loads from the upload page store the signed-in user's role.
LOADED_BY_COMMAND_LINE = "operator"
LOADED_BY_APP_START = "aplikasi"
LOADER_ROLE_LABELS = {
    **{role: role for role in roles.roles_that_may(roles.UPLOAD)},
    LOADED_BY_COMMAND_LINE: "baris perintah (operator)",
    LOADED_BY_APP_START: "aplikasi (muatan awal)",
}
LOADER_UNRECORDED = "tidak tercatat"


def loaded_by_text(user: object, role: object, reveal: bool) -> str:
    """Who loaded, for the viewer: the role's label (:data:`LOADER_ROLE_LABELS`), and for viewers who may see
    personal data the user name before it. Never the user name for guests, whatever the role."""
    label = LOADER_ROLE_LABELS.get(role, LOADER_UNRECORDED) if isinstance(role, str) else LOADER_UNRECORDED
    if reveal and isinstance(user, str) and user:
        return user if label == LOADER_UNRECORDED else f"{user} · {label}"
    return label


def load_batches(con: duckdb.DuckDBPyConnection, viewer: Viewer) -> pd.DataFrame:
    """All load batches, newest first; ``loaded_by`` is who loaded as the viewer may see it (:func:`loaded_by_text`)."""
    df = _df(
        con,
        "SELECT batch_id, source_file, loaded_at, rows_read, rows_loaded, rows_rejected, rows_skipped, notes, "
        "dataset, active, replaced_batch_id, file_sha256, loaded_by, loaded_by_role "
        "FROM load_batches ORDER BY batch_id DESC",
    )
    df["loaded_by"] = [loaded_by_text(u, r, viewer.reveal)
                       for u, r in zip(df["loaded_by"], df["loaded_by_role"], strict=True)]
    return df.drop(columns=["loaded_by_role"])


def rejected_rows(con: duckdb.DuckDBPyConnection, viewer: Viewer) -> pd.DataFrame:
    """Rejected source rows with their reasons; the cells a reason quotes and the raw cells only for viewers who
    may see names (a rejected row's cells cannot be trusted to sit in their columns: all of them count as
    personal)."""
    df = _df(
        con,
        "SELECT batch_id, source_file, source_sheet, source_row, reason_template AS reason, raw, quoted, quoted_mask "
        "FROM rejected_rows ORDER BY source_file, source_sheet, source_row",
    )
    if not viewer.reveal:
        df["raw"] = HIDDEN
    return _with_quotes_filled(df, "reason", viewer.reveal)


def quality_note_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Data-quality notes per kind, for rows still loaded."""
    return _df(con, "SELECT kind, count(*) AS notes FROM quality_notes GROUP BY 1 ORDER BY 2 DESC, 1")


def quality_notes(con: duckdb.DuckDBPyConnection, viewer: Viewer, kind: str | None = None) -> pd.DataFrame:
    """The rows behind the data-quality notes (optionally one kind): each message with the value it quotes filled
    in, and the person, both masked as the viewer needs (:func:`_with_quotes_filled`)."""
    df = _df(
        con,
        """
        SELECT q.kind, q.message, q.quoted, q.quoted_mask, q.source_file, q.source_sheet, q.source_row, q.case_id,
               v.person_name, v.cycle, v.actor_type
        FROM quality_notes q LEFT JOIN violations v
          ON v.source_file = q.source_file AND v.source_sheet IS NOT DISTINCT FROM q.source_sheet
         AND v.source_row = q.source_row
        WHERE (? IS NULL OR q.kind = ?)
        ORDER BY q.kind, q.source_file, q.source_sheet, q.source_row, q.message, q.quoted
        """,
        [kind, kind],
    )
    if not viewer.reveal:
        df["person_name"] = [mask_name(v) if isinstance(v, str) else v for v in df["person_name"]]
    return _with_quotes_filled(df, "message", viewer.reveal)


def date_bounds(con: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest finding date in the database."""
    row = con.execute("SELECT min(reported_on), max(reported_on) FROM violations").fetchone()
    return (row[0], row[1]) if row else (None, None)


def quality_summary(con: duckdb.DuckDBPyConnection) -> dict:
    """Headline figures of the data-quality page: files loaded (active batches), rows loaded, rows rejected,
    data-quality notes, and loaded rows that carry at least one note."""
    row = con.execute(
        """
        SELECT (SELECT count(*) FROM load_batches WHERE active),
               (SELECT count(*) FROM violations),
               (SELECT count(*) FROM rejected_rows),
               (SELECT count(*) FROM quality_notes),
               (SELECT count(*) FROM (SELECT DISTINCT source_file, source_sheet, source_row FROM quality_notes))
        """
    ).fetchone()
    keys = ["files", "rows_loaded", "rows_rejected", "notes", "rows_with_notes"]
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}


def file_batch(con: duckdb.DuckDBPyConnection, source_file: str) -> dict | None:
    """The active load of a file name (files are identified by name): batch id, when, its fingerprint and how
    many of its rows are in ``violations`` now. None when no file of that name is loaded."""
    row = con.execute(
        """
        SELECT b.batch_id, b.loaded_at, b.file_sha256, b.rows_loaded,
               (SELECT count(*) FROM violations v WHERE v.source_file = b.source_file) AS rows_now
        FROM load_batches b WHERE b.source_file = ? AND b.active ORDER BY b.batch_id DESC LIMIT 1
        """,
        [source_file],
    ).fetchone()
    if row is None:
        return None
    return {"batch_id": int(row[0]), "loaded_at": row[1], "file_sha256": row[2], "rows_loaded": int(row[3]),
            "rows_now": int(row[4])}


# ---- Analysis pages (issue 3): cycles side by side, top-N with "Lainnya", rows behind a chart click ----------

# Nouns used in the label of the "Lainnya" bar of a top-N chart ("Lainnya (23 jenis lain)").
OTHER_NOUNS = {"violation_type": "jenis", "agency": "instansi", "district": "kecamatan", "position_group": "kelompok"}

# A chart click: one tuple per clicked point; each point is a tuple of (dimension, value) pairs that must all hold.
# Several points are alternatives (OR). Dimensions are names of :data:`DIMENSIONS` (never free text).
ChartSelection = tuple[tuple[tuple[str, str], ...], ...]
MAX_SELECTED_POINTS = 100


def headline_by_cycle(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Headline figures per cycle (persons, cases, proven, sanctions imposed, in process, not proven), in
    vocabulary order; cycles without any row under the filters are left out."""
    where, params = filters.where()
    df = _df(
        con,
        f"""
        SELECT cycle,
               count(*) AS persons,
               count(DISTINCT case_key) AS cases,
               count(*) FILTER (WHERE {PROVEN_SQL}) AS proven,
               count(*) FILTER (WHERE {IMPOSED_SQL}) AS sanctioned,
               count(*) FILTER (WHERE severity = 'Dalam proses') AS in_process,
               count(*) FILTER (WHERE severity = 'Tidak terbukti') AS not_proven
        FROM violations WHERE {where} GROUP BY cycle
        """,
        params,
    )
    voc = vocabulary()
    order = {name: i for i, name in enumerate(voc.cycle_names + [voc.cycle_unknown.name])}
    df["_order"] = [order.get(c, len(order)) for c in df["cycle"]]
    df = df.sort_values(["_order", "cycle"]).drop(columns="_order").reset_index(drop=True)
    for col in ("persons", "cases", "proven", "sanctioned", "in_process", "not_proven"):
        df[col] = df[col].astype("int64")
    return df


def counts_top(
    con: duckdb.DuckDBPyConnection, filters: Filters, dim: str, n: int = 10, split: str | None = None
) -> pd.DataFrame:
    """Persons per value of ``dim`` for its ``n`` most frequent values, the rest summed into one
    "Lainnya (k … lain)" row (``is_other`` true); split by a second dimension ``split`` when given.

    Rows come in display order: top values by total (largest first), then "Lainnya".
    """
    for d in [dim] + ([split] if split else []):
        if d not in DIMENSIONS or d == "month":
            raise ValueError(f"unknown dimension: {d}")
    n = max(1, int(n))
    where, params = filters.where()
    split_select = f", CAST({DIMENSIONS[split]} AS VARCHAR) AS s" if split else ""
    df = _df(
        con,
        f"""
        WITH base AS (SELECT CAST({DIMENSIONS[dim]} AS VARCHAR) AS v{split_select}, case_key
                      FROM violations WHERE {where}),
             totals AS (SELECT v, count(*) AS total FROM base GROUP BY v),
             ranked AS (SELECT v, total, row_number() OVER (ORDER BY total DESC, v) AS rnk FROM totals)
        SELECT CASE WHEN r.rnk <= ? THEN b.v END AS v, {"b.s," if split else ""}
               min(r.rnk) AS rnk, count(*) AS persons, count(DISTINCT b.case_key) AS cases,
               (SELECT count(*) FROM totals) AS n_values
        FROM base b JOIN ranked r ON r.v IS NOT DISTINCT FROM b.v
        GROUP BY 1{", 2" if split else ""}
        """,
        [*params, n],
    )
    columns = [dim] + ([split] if split else []) + ["persons", "cases", "is_other"]
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype="object" if c in (dim, split) else "int64") for c in columns})
    n_other = max(0, int(df["n_values"].iloc[0]) - n)
    noun = OTHER_NOUNS.get(dim, "nilai")
    other_label = f"Lainnya ({format_number(n_other)} {noun} lain)"
    df["is_other"] = df["v"].isna()
    df[dim] = [other_label if other else v for v, other in zip(df["v"], df["is_other"], strict=True)]
    df["_group_rank"] = [n + 1 if other else r for r, other in zip(df["rnk"], df["is_other"], strict=True)]
    if split:
        df[split] = df["s"]
    df = df.sort_values(["_group_rank", "persons"], ascending=[True, False]).reset_index(drop=True)
    df["persons"] = df["persons"].astype("int64")
    df["cases"] = df["cases"].astype("int64")
    return df[columns]


def distinct_values(con: duckdb.DuckDBPyConnection, filters: Filters, dim: str) -> int:
    """How many different values ``dim`` takes under the filters."""
    if dim not in DIMENSIONS:
        raise ValueError(f"unknown dimension: {dim}")
    where, params = filters.where()
    return int(_scalar(con, f"SELECT count(DISTINCT {DIMENSIONS[dim]}) FROM violations WHERE {where}", params) or 0)


def _selection_where(selection: ChartSelection) -> tuple[str, list]:
    """SQL condition of a chart click (see :data:`ChartSelection`); "FALSE" when nothing usable is selected."""
    alternatives: list[str] = []
    params: list = []
    for point in list(selection)[:MAX_SELECTED_POINTS]:
        conds = []
        for dim, value in point:
            if dim not in DIMENSIONS or dim == "month":
                raise ValueError(f"unknown dimension: {dim}")
            conds.append(f"CAST({DIMENSIONS[dim]} AS VARCHAR) = ?")
            params.append(str(value))
        if conds:
            alternatives.append("(" + " AND ".join(conds) + ")")
    if not alternatives:
        return "FALSE", []
    return "(" + " OR ".join(alternatives) + ")", params


def count_selected(con: duckdb.DuckDBPyConnection, filters: Filters, selection: ChartSelection) -> int:
    """Persons under the filters that match a chart click."""
    where, params = filters.where()
    sel, sel_params = _selection_where(selection)
    return int(_scalar(con, f"SELECT count(*) FROM violations WHERE {where} AND {sel}", params + sel_params) or 0)


SELECTED_COLUMNS = [
    "case_id", "cycle", "reported_on", "person_name", "actor_type", "position", "agency", "district",
    "violation_type", "status", "severity", "source_file", "source_sheet", "source_row",
]


def case_rows_selected(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    viewer: Viewer,
    selection: ChartSelection,
    limit: int | None = 500,
) -> pd.DataFrame:
    """Person rows under the filters that match a chart click (newest first), names masked for the viewer."""
    where, params = filters.where()
    sel, sel_params = _selection_where(selection)
    sql = (
        f"SELECT {', '.join(SELECTED_COLUMNS)} FROM violations WHERE {where} AND {sel} "
        "ORDER BY reported_on DESC NULLS LAST, case_id, source_file, source_sheet, source_row"
    )
    all_params = params + sel_params
    if limit is not None:
        sql += " LIMIT ?"
        all_params.append(int(limit))
    return _mask_frame(_df(con, sql, all_params), viewer.reveal)


# ---- Supervision brief (issue 7): where forwarded cases went, sanctions per severity -----------------------------

# KASN's functions moved to BKN (Perpres 91/92 of 2024; SE MenPAN-RB 4/2024 of 4 Sep 2024): a case forwarded
# before this day went to KASN, on or after it to BKN (DOMAIN.md §1).
KASN_TO_BKN_FROM = dt.date(2024, 9, 4)
FORWARD_DESTINATIONS = ["KASN", "BKN", "Gakkumdu", "Tidak tercatat"]


def forwarding_destinations(
    con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), voc: Vocabulary | None = None
) -> pd.DataFrame:
    """Forwarded persons (the funnel's "Diteruskan" stage or further) per destination, in
    :data:`FORWARD_DESTINATIONS` order with zeros: KASN, BKN or Gakkumdu as the handling status says; where the
    status has moved past forwarding, by the forwarding date (before :data:`KASN_TO_BKN_FROM` KASN, from then on
    BKN), or BKN when even the finding is from that day on (a case cannot be forwarded before it is found);
    "Tidak tercatat" where none of these tells. The counts add up to :func:`funnel`'s forwarded stage."""
    voc = voc or vocabulary()
    where, params = filters.where()
    stage_expr, stage_params = _stage_case(voc)
    df = _df(
        con,
        f"""
        SELECT CASE WHEN status = 'Diteruskan ke KASN' THEN 'KASN'
                    WHEN status = 'Diteruskan ke BKN' THEN 'BKN'
                    WHEN status = 'Diteruskan ke Gakkumdu' THEN 'Gakkumdu'
                    WHEN forwarded_on < ? THEN 'KASN'
                    WHEN forwarded_on >= ? THEN 'BKN'
                    WHEN forwarded_on IS NULL AND reported_on >= ? THEN 'BKN'
                    ELSE 'Tidak tercatat' END AS destination,
               count(*) AS persons
        FROM violations
        WHERE {where} AND {stage_expr} >= 3 AND severity <> 'Tidak terbukti'
        GROUP BY 1
        """,
        [KASN_TO_BKN_FROM, KASN_TO_BKN_FROM, KASN_TO_BKN_FROM, *params, *stage_params],
    )
    counts = dict(zip(df["destination"], df["persons"], strict=True))
    return pd.DataFrame(
        {"destination": FORWARD_DESTINATIONS, "persons": [int(counts.get(d, 0)) for d in FORWARD_DESTINATIONS]}
    )


def sanctions_by_severity(
    con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), voc: Vocabulary | None = None,
    by: str | None = None,
) -> pd.DataFrame:
    """Persons with a sanction per severity: ``imposed`` (as :func:`headline` counts "sanksi dijatuhkan") and
    ``recommended_only`` (a sanction is named but not imposed yet). The five sanctions come first, light → heavy,
    with zeros; then, only where present, imposed sanctions whose severity the register does not name (their
    outcome category, ``severity_rank`` null). ``imposed`` adds up to :func:`headline`'s ``sanctioned``.

    ``by`` (a name of :data:`DIMENSIONS`) splits the counts by that dimension: a first column ``by``, and the rows
    above for each of its values that has any sanction (values as text, in order of name)."""
    voc = voc or vocabulary()
    if by is not None and (by not in DIMENSIONS or by == "month"):
        raise ValueError(f"unknown dimension: {by}")
    where, params = filters.where()
    group = f"CAST({DIMENSIONS[by]} AS VARCHAR) AS grp, " if by else "NULL AS grp, "
    df = _df(
        con,
        f"""
        SELECT {group}severity,
               count(*) FILTER (WHERE {IMPOSED_SQL}) AS imposed,
               count(*) FILTER (WHERE NOT {IMPOSED_SQL}) AS recommended_only
        FROM violations
        WHERE {where} AND (severity_rank IS NOT NULL OR {IMPOSED_SQL})
        GROUP BY 1, 2
        """,
        params,
    )
    counts: dict[object, dict[str, tuple[int, int]]] = {}
    for r in df.itertuples():
        counts.setdefault(r.grp, {})[r.severity] = (int(r.imposed), int(r.recommended_only))
    rows = []
    groups = sorted(counts, key=lambda g: (g is None, str(g))) if by else [None]
    for g in groups:
        by_name = counts.get(g, {})
        for s in voc.severities:
            if s.rank is not None:
                imposed, recommended = by_name.get(s.name, (0, 0))
                rows.append((g, s.name, s.rank, imposed, recommended))
        for s in voc.severities:
            if s.rank is None and by_name.get(s.name, (0, 0))[0]:
                rows.append((g, s.name, None, by_name[s.name][0], 0))
    out = pd.DataFrame(rows, columns=["grp", "severity", "severity_rank", "imposed", "recommended_only"])
    out["severity_rank"] = out["severity_rank"].astype("Int64")
    out["imposed"] = out["imposed"].astype("int64")
    out["recommended_only"] = out["recommended_only"].astype("int64")
    if by:
        return out.rename(columns={"grp": by})
    return out.drop(columns="grp")
