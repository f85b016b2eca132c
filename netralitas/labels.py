"""What the figures and tables are called on screen, in exports and in briefs (Indonesian), beside the vocabulary.

The vocabulary (``vocabulary.toml``) names the values — cycles, actor types, severities, statuses, datasets. The
registry of columns (:mod:`netralitas.columns`) names the columns. This module names what is counted and shown:
the dimensions a figure is split by, the columns of the tables behind the charts (the registry's labels and the
columns the queries compute), the stages of the handling funnel, the waiting-age buckets of the follow-up list,
where a named sanction stands, and the filters. The query layer, the charts, the exports and the pages all take
their words from here.
"""

from __future__ import annotations

from netralitas import columns

_REGISTERED = columns.labels()  # what each column of ``violations`` is called (netralitas/columns.py)

# What each dimension a figure can be split by is called (names of ``netralitas.queries.DIMENSIONS``: the columns'
# labels, and the dimensions computed from them), and the two counts every figure gives.
DIMENSION_LABELS = {
    **{name: _REGISTERED[name] for name in ("cycle", "actor_type", "severity", "district", "violation_type",
                                            "position_group", "agency", "source_kind", "status", "dataset")},
    "month": "Bulan",
    "sanction_state": "Status sanksi",
    "persons": "Jumlah terlapor",
    "cases": "Jumlah kasus",
}

# Column names of the tables behind the charts: every labelled column, and the columns the queries compute.
COLUMN_LABELS = {
    **DIMENSION_LABELS,
    **{name: label for name, label in _REGISTERED.items() if name not in DIMENSION_LABELS},
    "stage": "Tahap penanganan",
    "proven": "Terbukti",
    "sanctioned": "Sanksi dijatuhkan",
    "in_process": "Masih dalam proses",
    "not_proven": "Tidak terbukti",
    "age_bucket": "Lama menunggu",
    "days_waiting": "Hari menunggu",
    "waiting_since": "Menunggu sejak",
    "waiting_basis": "Dihitung dari",
    "share": "Persentase",
}

# The headline figures compared across cycles (a column of ``queries.headline_by_cycle`` → its label).
CYCLE_METRICS = {
    "persons": "Terlapor",
    "proven": "Terbukti",
    "sanctioned": "Sanksi dijatuhkan",
    "in_process": "Masih dalam proses",
    "not_proven": "Tidak terbukti",
}

# The stages of the handling funnel: a row's furthest stage (the ``stage`` of its status in the vocabulary, or what
# its severity tells) and the label of the persons who reached it.
FUNNEL_STAGES = [
    (0, "Temuan/laporan"),
    (1, "Diregister"),
    (2, "Pelanggaran"),
    (3, "Diteruskan (KASN/BKN)"),
    (4, "Rekomendasi terbit"),
    (5, "Sanksi dijatuhkan"),
]

# How long a forwarded case has waited for its sanction: (first day, last day or None, label).
AGE_BUCKETS = [
    (0, 30, "≤ 30 hari"),
    (31, 90, "31–90 hari"),
    (91, 180, "91–180 hari"),
    (181, 365, "181–365 hari"),
    (366, None, "> 1 tahun"),
]
UNKNOWN_AGE = "Tanggal tidak diketahui"  # the bucket of a case with no date to count from
# What a wait is counted from: the first of these dates a case has (its column → what the follow-up list calls it).
WAITING_BASIS = {"forwarded_on": "penerusan", "recommended_on": "rekomendasi", "reported_on": "temuan/laporan"}

# Where a named sanction stands: imposed, or only recommended so far; rows whose severity is an outcome (no
# sanction level) have no sanction state, and get the third value so that every row has one.
SANCTION_IMPOSED = "Dijatuhkan"
SANCTION_RECOMMENDED = "Baru direkomendasikan"
SANCTION_NONE = "Tidak berlaku"

# Nouns in the label of the "Lainnya" bar of a top-N chart ("Lainnya (23 jenis lain)"), per dimension.
OTHER_NOUNS = {"violation_type": "jenis", "agency": "instansi", "district": "kecamatan", "position_group": "kelompok"}
OTHER_NOUN = "nilai"  # for any other dimension

# What each filter is called on screen (sidebar labels, notes about a link), per field of ``queries.Filters``.
FILTER_FIELD_LABELS = {
    "cycles": "Siklus pemilihan",
    "actor_types": "Jenis pegawai",
    "severities": "Tingkat sanksi / hasil",
    "districts": "Kecamatan",
    "date_from": "Dari tanggal",
    "date_to": "Sampai tanggal",
    "search": "Cari",
    "datasets": "Sumber data",
}

# Prevention activities (pencegahan): what their dimensions, counts and list columns are called on the page, in the
# tables behind its charts, in its export and in the brief (the columns' labels from the registry).
_ACTIVITY_COLUMNS = columns.labels(columns.PREVENTION_ACTIVITIES)  # netralitas/columns.py
PREVENTION_LABELS = {
    **{name: _ACTIVITY_COLUMNS[name] for name in ("cycle", "kind", "audience_group", "district", "dataset")},
    "month": "Bulan",
    "activities": "Jumlah kegiatan",
    "participants": _ACTIVITY_COLUMNS["participants"],
    "briefings": "Sosialisasi/deklarasi",
    "persons": "Jumlah terlapor",
    "unbriefed": "Terlapor tanpa sosialisasi/deklarasi",
    **{name: _ACTIVITY_COLUMNS[name] for name in ("held_on", "title", "organiser", "audience", "place")},
    "source": "Sumber",
}
PREVENTION_CITYWIDE = "Tingkat kota (tanpa kecamatan)"  # where an activity without a kecamatan was held
