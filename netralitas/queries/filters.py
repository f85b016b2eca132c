"""The filters every figure is read under, their URL parameters, and which data an empty data filter shows.

:data:`QUERY_PARAMS` is the one definition of the URL keys of the filters (a page's link, its widgets and the
parser below all use it); :class:`Filters` turns the filters into one SQL condition (:meth:`Filters.where`), so
that every query applies them — and the rule of the default data — the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import duckdb

from netralitas.formatting import format_date, format_number
from netralitas.labels import FILTER_FIELD_LABELS
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

# What each URL parameter is called on screen (sidebar labels and notes about a link).
FILTER_LABELS = {param: FILTER_FIELD_LABELS[name] for name, param in QUERY_PARAMS.items()}

# The datasets a row belongs to (the keys of ``[dataset]`` in vocabulary.toml, and the values of ``data=``).
DEMO_DATASET, PUBLIC_DATASET, OWN_DATASET = vocabulary().dataset_keys

# With no data filter, the rows shown are the office's own as soon as the database holds any own row; until then
# every row (the demo register and the public record, each labelled as such on every page). The one place of that
# rule: every query reads the filters through Filters.where().
# Own data is present once the office has loaded a register of its own: of cases or of prevention activities.
_DEFAULT_DATA_SQL = ("(dataset = ? OR NOT EXISTS (SELECT 1 FROM (SELECT dataset FROM violations UNION ALL "
                     "SELECT dataset FROM prevention_activities) AS own_rows WHERE own_rows.dataset = ?))")

UNKNOWN_DISTRICT = vocabulary().unknown  # the kecamatan filter's choice for rows without a kecamatan
SEARCH_MAX_CHARS = 100  # a search text is cut to this length (a link may carry a longer one)


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
    # Whether the search looks into names and NIP. Off for guests: otherwise a guest could confirm that a person is
    # in the register, or rebuild a NIP digit by digit, from the row counts.
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
        parts, params = self.shared_conditions(
            (("cycles", "cycle"), ("actor_types", "actor_type"), ("severities", "severity"), ("datasets", "dataset")),
            date_column="reported_on",
        )
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

    def shared_conditions(
        self, value_filters: tuple[tuple[str, str], ...], date_column: str
    ) -> tuple[list[str], list]:
        """The SQL conditions every register shares, and their parameters: each of ``value_filters`` (a field of these
        filters, the column it selects on) when set; the data set, or with none chosen the own data once present
        (:func:`default_data_condition`); the kecamatan, where the unknown choice takes the rows without one; and the
        date range on ``date_column`` (both ends included)."""
        parts: list[str] = []
        params: list = []
        for attr, column in value_filters:
            values = getattr(self, attr)
            if values:
                parts.append(f"list_contains(?::VARCHAR[], {column})")
                params.append(list(values))
        if not self.datasets:
            default_sql, default_params = default_data_condition()
            parts.append(default_sql)
            params.extend(default_params)
        if self.districts:
            names = [d for d in self.districts if d != UNKNOWN_DISTRICT]
            cond = "list_contains(?::VARCHAR[], district)"
            if UNKNOWN_DISTRICT in self.districts:
                cond = f"({cond} OR district IS NULL)"
            parts.append(cond)
            params.append(names)
        if self.date_from:
            parts.append(f"{date_column} >= ?")
            params.append(self.date_from)
        if self.date_to:
            parts.append(f"{date_column} <= ?")
            params.append(self.date_to)
        return parts, params

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
    def parse_query_params(
        cls, params: Mapping[str, list[str] | str], voc: Vocabulary | None = None
    ) -> tuple[Filters, tuple[str, ...]]:
        """Filters from URL query parameters (:data:`QUERY_PARAMS`), and one Indonesian note per part of them that
        is not applied as written: a value no filter knows, a date that cannot be read, a search longer than
        :data:`SEARCH_MAX_CHARS`, a date range the wrong way round. Values match case-insensitively; the data
        parameter takes the dataset keys or their labels. Quoted values in notes are the raw text of the link:
        whoever shows a note escapes it."""
        voc = voc or vocabulary()
        notes: list[str] = []

        def values(key: str) -> list[str]:
            raw = params.get(key, [])
            return [raw] if isinstance(raw, str) else [str(v) for v in raw]

        def allowed(field_name: str, choices: Mapping[str, str]) -> tuple[str, ...]:
            key = QUERY_PARAMS[field_name]
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

        def date_of(field_name: str) -> dt.date | None:
            key = QUERY_PARAMS[field_name]
            given = [v.strip() for v in values(key) if v.strip()]
            if not given:
                return None
            try:
                return dt.date.fromisoformat(given[-1])
            except ValueError:
                notes.append(f"{FILTER_LABELS[key]}: “{given[-1]}” bukan tanggal (tulis TTTT-BB-HH, mis. "
                             "2024-02-14) dan diabaikan.")
                return None

        search_key = QUERY_PARAMS["search"]
        search = next((v.strip() for v in reversed(values(search_key)) if v.strip()), "")
        if len(search) > SEARCH_MAX_CHARS:
            notes.append(f"{FILTER_LABELS[search_key]}: teks pencarian dipotong menjadi {SEARCH_MAX_CHARS} karakter "
                         f"(dari {format_number(len(search))}).")
        datasets = {**{k.lower(): k for k in voc.dataset_labels},
                    **{label.lower(): k for k, label in voc.dataset_labels.items()}}
        date_from, date_to = date_of("date_from"), date_of("date_to")
        if date_from and date_to and date_from > date_to:
            notes.append(f"Tanggal awal ({format_date(date_from)}) sesudah tanggal akhir ({format_date(date_to)}): "
                         "keduanya ditukar.")
        filters = cls(
            cycles=allowed("cycles", names(voc.cycle_names, [voc.cycle_unknown.name])),
            actor_types=allowed("actor_types", names(voc.actor_type_names)),
            severities=allowed("severities", names(voc.severity_names)),
            districts=allowed("districts", names(voc.district_names, [UNKNOWN_DISTRICT])),
            date_from=date_from,
            date_to=date_to,
            search=search,
            datasets=allowed("datasets", datasets),
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


def default_data_condition() -> tuple[str, list]:
    """The SQL condition (on a table with a ``dataset`` column) of an empty data filter, and its parameters: the
    office's own rows once the database holds any (of cases or of prevention activities), else every row. Every
    query of either register applies it through :meth:`Filters.where` or this function."""
    return _DEFAULT_DATA_SQL, [OWN_DATASET, OWN_DATASET]


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
