"""The query layer: every figure on every page, export and brief comes from these functions.

All SQL is parameterised and reads the ``violations`` table (plus the batch and quality tables); the fixed words it
compares with come from the vocabulary (:mod:`netralitas.queries.sql`). Names and NIP leave this package masked
unless the caller may see them (``reveal``), so no page or export can forget it. Functions take a DuckDB
connection or cursor and a :class:`Filters` and return pandas DataFrames or dicts.

One module per concept — import from here (``from netralitas.queries import headline``):

- :mod:`~netralitas.queries.filters` — the filters, their URL parameters and the default data rule;
- :mod:`~netralitas.queries.viewer` — who is asking, and the masking of personal data;
- :mod:`~netralitas.queries.sql` — the SQL the figures share, written from the vocabulary;
- :mod:`~netralitas.queries.counts` — headline figures and counts per dimension, cycle and month;
- :mod:`~netralitas.queries.selection` — the rows behind a chart click;
- :mod:`~netralitas.queries.cases` — the person rows and one full record;
- :mod:`~netralitas.queries.handling` — the handling funnel and where forwarded cases went;
- :mod:`~netralitas.queries.sanctions` — sanctions imposed and only recommended, per severity;
- :mod:`~netralitas.queries.follow_up` — cases waiting for a sanction, and how long;
- :mod:`~netralitas.queries.quality` — rejected rows and data-quality notes;
- :mod:`~netralitas.queries.loads` — the load history;
- :mod:`~netralitas.queries.prevention` — prevention activities, and per kecamatan beside the persons reported.
"""

from netralitas.labels import (
    AGE_BUCKETS,
    DIMENSION_LABELS,
    FUNNEL_STAGES,
    OTHER_NOUNS,
    SANCTION_IMPOSED,
    SANCTION_NONE,
    SANCTION_RECOMMENDED,
    UNKNOWN_AGE,
)
from netralitas.queries.cases import (
    CASE_COLUMNS,
    CASE_ORDER,
    WRITTEN_COLUMNS,
    case_detail,
    case_row_chunks,
    case_rows,
)
from netralitas.queries.counts import (
    counts_by,
    counts_top,
    datasets_present,
    date_bounds,
    distinct_values,
    headline,
    headline_by_cycle,
    monthly_timeline,
    total_persons,
    undated_count,
)
from netralitas.queries.filters import (
    DEMO_DATASET,
    FILTER_LABELS,
    OWN_DATASET,
    PUBLIC_DATASET,
    QUERY_PARAMS,
    SEARCH_MAX_CHARS,
    UNKNOWN_DISTRICT,
    Filters,
    default_data_condition,
    default_hidden_datasets,
    describe_filters,
)
from netralitas.queries.follow_up import (
    FOLLOW_UP_ORDER,
    age_buckets,
    follow_up,
    follow_up_buckets,
    follow_up_summary,
)
from netralitas.queries.handling import FORWARD_DESTINATIONS, KASN_TO_BKN_FROM, forwarding_destinations, funnel
from netralitas.queries.loads import (
    LOADED_BY_APP_START,
    LOADED_BY_COMMAND_LINE,
    LOADER_ROLE_LABELS,
    LOADER_UNRECORDED,
    file_batch,
    load_batches,
    loaded_by_text,
)
from netralitas.queries.prevention import (
    PREVENTION_DIMENSIONS,
    PREVENTION_LIST_COLUMNS,
    describe_prevention_filters,
    prevention_by_district,
    prevention_counts,
    prevention_datasets_present,
    prevention_date_bounds,
    prevention_filters_not_applied,
    prevention_headline,
    prevention_hidden_datasets,
    prevention_monthly,
    prevention_rows,
    prevention_total,
    prevention_where,
)
from netralitas.queries.quality import quality_note_counts, quality_notes, quality_summary, rejected_rows
from netralitas.queries.sanctions import sanctions_by_severity
from netralitas.queries.selection import (
    MAX_SELECTED_POINTS,
    SELECTED_COLUMNS,
    ChartSelection,
    case_rows_selected,
    count_selected,
)
from netralitas.queries.sql import DIMENSIONS, IMPOSED_SQL, PROVEN_SQL, SANCTION_STATE_SQL
from netralitas.queries.viewer import Viewer

__all__ = [
    "AGE_BUCKETS",
    "CASE_COLUMNS",
    "CASE_ORDER",
    "DEMO_DATASET",
    "DIMENSIONS",
    "DIMENSION_LABELS",
    "FILTER_LABELS",
    "FOLLOW_UP_ORDER",
    "FORWARD_DESTINATIONS",
    "FUNNEL_STAGES",
    "IMPOSED_SQL",
    "KASN_TO_BKN_FROM",
    "LOADED_BY_APP_START",
    "LOADED_BY_COMMAND_LINE",
    "LOADER_ROLE_LABELS",
    "LOADER_UNRECORDED",
    "MAX_SELECTED_POINTS",
    "OTHER_NOUNS",
    "OWN_DATASET",
    "PREVENTION_DIMENSIONS",
    "PREVENTION_LIST_COLUMNS",
    "PROVEN_SQL",
    "PUBLIC_DATASET",
    "QUERY_PARAMS",
    "SANCTION_IMPOSED",
    "SANCTION_NONE",
    "SANCTION_RECOMMENDED",
    "SANCTION_STATE_SQL",
    "SEARCH_MAX_CHARS",
    "SELECTED_COLUMNS",
    "UNKNOWN_AGE",
    "UNKNOWN_DISTRICT",
    "WRITTEN_COLUMNS",
    "ChartSelection",
    "Filters",
    "Viewer",
    "age_buckets",
    "case_detail",
    "case_row_chunks",
    "case_rows",
    "case_rows_selected",
    "count_selected",
    "counts_by",
    "counts_top",
    "datasets_present",
    "date_bounds",
    "default_data_condition",
    "default_hidden_datasets",
    "describe_filters",
    "describe_prevention_filters",
    "distinct_values",
    "file_batch",
    "follow_up",
    "follow_up_buckets",
    "follow_up_summary",
    "forwarding_destinations",
    "funnel",
    "headline",
    "headline_by_cycle",
    "load_batches",
    "loaded_by_text",
    "monthly_timeline",
    "prevention_by_district",
    "prevention_counts",
    "prevention_datasets_present",
    "prevention_date_bounds",
    "prevention_filters_not_applied",
    "prevention_headline",
    "prevention_hidden_datasets",
    "prevention_monthly",
    "prevention_rows",
    "prevention_total",
    "prevention_where",
    "quality_note_counts",
    "quality_notes",
    "quality_summary",
    "rejected_rows",
    "sanctions_by_severity",
    "total_persons",
    "undated_count",
]
