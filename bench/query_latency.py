"""Query benchmark: the dashboard's real query functions against the same figures computed with pandas.

Ours: the functions of :mod:`netralitas.queries` exactly as the pages call them (a fresh cursor on a read-only
connection per call, like ``pages.shared.database.query`` on a cache miss). Baseline: the table read once into a pandas
``DataFrame`` (that one-off read is reported, not counted per query) and each figure computed with boolean
masks, ``groupby``, ``sort_values`` — what a dashboard without a query engine would do on every rerun.

Both sides must agree: every (query, filter) pair is checked for equal results, and the table says so.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.common import median, percentile

TODAY = dt.date(2025, 1, 15)  # fixed, so follow-up ages (and their agreement check) do not depend on the run date
PAGE_ROWS = 1_000
COUNT_DIMS = (
    ("cycle", "actor_type"),
    ("severity",),
    ("district",),
    ("violation_type",),
    ("agency",),
    ("month",),
)


# ---- the filter combinations --------------------------------------------------------------------------------


def typical_filters(con) -> list[tuple[str, object]]:
    """Typical filter combinations, with values taken from the data so that each one selects rows."""
    from netralitas.queries import Filters

    top_cycle = con.execute("SELECT cycle FROM violations GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()[0]
    top_actor = con.execute(
        "SELECT actor_type FROM violations GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchone()[0]
    first_name = con.execute(
        "SELECT lower(split_part(person_name, ' ', 1)) FROM violations WHERE person_name IS NOT NULL "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchone()[0]
    last_day = con.execute("SELECT max(reported_on) FROM violations").fetchone()[0]
    first_day = last_day - dt.timedelta(days=182)
    return [
        ("tanpa filter", Filters()),
        (f"siklus = {top_cycle}", Filters(cycles=(top_cycle,))),
        (f"siklus + pegawai = {top_actor}", Filters(cycles=(top_cycle,), actor_types=(top_actor,))),
        (f"cari “{first_name}”", Filters(search=first_name)),
        (
            f"tanggal {first_day.isoformat()} s.d. {last_day.isoformat()}",
            Filters(date_from=first_day, date_to=last_day),
        ),
    ]


# ---- the pandas baseline ------------------------------------------------------------------------------------------


def read_table(con):
    """The whole ``violations`` table as a pandas DataFrame (the baseline's starting point)."""
    return con.execute("SELECT * FROM violations").df()


def pd_filter(df, filters):
    """Rows of ``df`` under ``filters`` (the same semantics as ``Filters.where``)."""
    import numpy as np
    import pandas as pd

    mask = np.ones(len(df), dtype=bool)
    for attr, column in (
        ("cycles", "cycle"),
        ("actor_types", "actor_type"),
        ("severities", "severity"),
        ("datasets", "dataset"),
    ):
        values = getattr(filters, attr)
        if values:
            mask &= df[column].isin(values).to_numpy()
    if not filters.datasets and (df["dataset"] == "sendiri").any():  # no data filter: own data alone, when any
        mask &= (df["dataset"] == "sendiri").to_numpy()
    if filters.districts:
        names = [d for d in filters.districts if d != "Tidak diketahui"]
        cond = df["district"].isin(names).to_numpy(dtype=bool, copy=True)
        if "Tidak diketahui" in filters.districts:
            cond |= df["district"].isna().to_numpy()
        mask &= cond
    if filters.date_from:
        mask &= (df["reported_on"] >= pd.Timestamp(filters.date_from)).to_numpy()
    if filters.date_to:
        mask &= (df["reported_on"] <= pd.Timestamp(filters.date_to)).to_numpy()
    term = filters.search.strip()
    if term:
        low = term.lower()
        digits = "".join(ch for ch in term if ch.isdigit()) or term
        hit = df["person_name"].fillna("").str.lower().str.contains(low, regex=False).to_numpy(dtype=bool, copy=True)
        hit |= df["nip"].fillna("").str.contains(digits, regex=False).to_numpy()
        hit |= df["case_id"].str.lower().str.contains(low, regex=False).to_numpy()
        hit |= df["agency"].fillna("").str.lower().str.contains(low, regex=False).to_numpy()
        mask &= hit
    return df[mask]


def _imposed(v):
    return ((v["status"] == "Sanksi dijatuhkan") | (v["severity_rank"].notna() & v["status"].isna())).to_numpy(
        dtype=bool
    )


def _stage(v, voc):
    import numpy as np

    by_status = v["status"].map({s.name: s.stage for s in voc.statuses}).fillna(0).to_numpy(dtype=int)
    severity = v["severity"]
    other = np.select(
        [
            _imposed(v),
            (v["severity_rank"].notna() | (severity == "Terbukti, sanksi belum tercatat")).to_numpy(dtype=bool),
            ((severity == "Tidak terbukti") & v["status"].notna() & (v["status"] != "Tidak diregister")).to_numpy(
                dtype=bool
            ),
        ],
        [5, 4, 1],
        0,
    )
    return np.maximum(by_status, other)


def pd_headline(df, filters) -> dict:
    """``queries.headline`` in pandas."""
    v = pd_filter(df, filters)
    imposed = _imposed(v)
    rank = v["severity_rank"].notna().to_numpy(dtype=bool)
    severity = v["severity"]
    proven = rank | (severity == "Terbukti, sanksi belum tercatat").to_numpy(dtype=bool)
    proven |= (v["status"] == "Sanksi dijatuhkan").to_numpy(dtype=bool)
    both = v["sanctioned_on"].notna() & v["reported_on"].notna() & (v["sanctioned_on"] >= v["reported_on"])
    days = (v.loc[both, "sanctioned_on"] - v.loc[both, "reported_on"]).dt.days
    return {
        "persons": len(v),
        "cases": int(v["case_id"].nunique()),
        "proven": int(proven.sum()),
        "sanctioned": int(imposed.sum()),
        "recommended_only": int((rank & ~imposed).sum()),
        "in_process": int((severity == "Dalam proses").sum()),
        "not_proven": int((severity == "Tidak terbukti").sum()),
        "median_days_to_sanction": float(days.median()) if len(days) else None,
        "dated_sanctions": int(both.sum()),
    }


_COALESCE = {
    "district": "Tidak diketahui",
    "violation_type": "Tidak diketahui",
    "position_group": "Lainnya / tidak diketahui",
    "agency": "Tidak diketahui",
    "source_kind": "Tidak diketahui",
    "status": "Tidak diketahui",
}


def pd_counts_by(df, filters, dims):
    """``queries.counts_by`` in pandas."""
    v = pd_filter(df, filters)
    keys = {}
    for d in dims:
        if d == "month":
            keys[d] = v["reported_on"].dt.to_period("M").dt.to_timestamp()
        elif d in _COALESCE:
            keys[d] = v[d].fillna(_COALESCE[d])
        else:
            keys[d] = v[d]
    frame = v[["case_id"]].assign(**keys)
    out = (
        frame.groupby(list(dims), dropna=False, sort=False)
        .agg(persons=("case_id", "size"), cases=("case_id", "nunique"))
        .reset_index()
    )
    return out.sort_values(["persons", *dims], ascending=[False] + [True] * len(dims), na_position="last")


def pd_sanctions_by_severity(df, filters, voc):
    """``queries.sanctions_by_severity`` in pandas."""
    import pandas as pd

    v = pd_filter(df, filters)
    imposed = _imposed(v)
    rows = []
    for s in voc.severities:
        named = (v["severity"] == s.name).to_numpy(dtype=bool)
        if s.rank is not None:
            rows.append((s.name, s.rank, int((named & imposed).sum()), int((named & ~imposed).sum())))
    for s in voc.severities:
        named = (v["severity"] == s.name).to_numpy(dtype=bool)
        if s.rank is None and (named & imposed).any():
            rows.append((s.name, None, int((named & imposed).sum()), 0))
    out = pd.DataFrame(rows, columns=["severity", "severity_rank", "imposed", "recommended_only"])
    out["severity_rank"] = out["severity_rank"].astype("Int64")
    return out


def pd_funnel(df, filters, voc):
    """``queries.funnel`` in pandas."""
    import pandas as pd

    from netralitas.queries import FUNNEL_STAGES

    v = pd_filter(df, filters)
    stage = _stage(v, voc)
    proven = (v["severity"] != "Tidak terbukti").to_numpy(dtype=bool)
    counts = [len(v), int((stage >= 1).sum())] + [int(((stage >= k) & proven).sum()) for k in (2, 3, 4, 5)]
    return pd.DataFrame({"stage": [label for _, label in FUNNEL_STAGES], "persons": counts})


def pd_monthly_timeline(df, filters):
    """``queries.monthly_timeline`` in pandas."""
    v = pd_filter(df, filters)
    v = v[v["reported_on"].notna()]
    month = v["reported_on"].dt.to_period("M").dt.to_timestamp()
    out = v.assign(month=month).groupby(["month", "cycle"]).size().rename("persons").reset_index()
    return out.sort_values(["month", "cycle"])


def _mask_columns(frame):
    from netralitas.privacy import mask_name, mask_nip

    frame = frame.copy()
    frame["person_name"] = [mask_name(x) if isinstance(x, str) else x for x in frame["person_name"]]
    frame["nip"] = [mask_nip(x) if isinstance(x, str) else x for x in frame["nip"]]
    return frame


def pd_follow_up(df, filters, voc, today=TODAY):
    """``queries.follow_up`` in pandas (guest viewer: names and NIP masked)."""
    import numpy as np
    import pandas as pd

    from netralitas.queries import AGE_BUCKETS

    v = pd_filter(df, filters)
    keep = ~_imposed(v) & (v["severity"] != "Tidak terbukti").to_numpy(dtype=bool) & (_stage(v, voc) >= 3)
    w = v[keep]
    since = w["forwarded_on"].fillna(w["recommended_on"]).fillna(w["reported_on"])
    days = (pd.Timestamp(today) - since).dt.days
    basis = np.select(
        [w["forwarded_on"].notna(), w["recommended_on"].notna(), w["reported_on"].notna()],
        ["penerusan", "rekomendasi", "temuan/laporan"],
        None,
    )
    cols = [
        "case_id", "cycle", "person_name", "nip", "actor_type", "position", "agency", "status", "sanction",
        "severity", "reported_on", "forwarded_on", "recommended_on",
    ]  # fmt: skip
    out = w[cols].assign(waiting_since=since, waiting_basis=basis, days_waiting=days)
    out = out.assign(source_file=w["source_file"], source_sheet=w["source_sheet"], source_row=w["source_row"])
    out = out.sort_values(
        ["days_waiting", "case_id", "source_file", "source_sheet", "source_row"],
        ascending=[False, True, True, True, True],
        na_position="last",
    )
    edges = [-1] + [hi if hi is not None else 10**9 for _, hi, _ in AGE_BUCKETS]
    labels = [name for _, _, name in AGE_BUCKETS]
    bucket = pd.cut(out["days_waiting"], bins=edges, labels=labels).astype(object)
    out["age_bucket"] = bucket.where(bucket.notna(), "Tanggal tidak diketahui")
    return _mask_columns(out)


def pd_follow_up_summary(df, filters, voc, today=TODAY) -> dict:
    """``queries.follow_up_summary`` in pandas: the figures of the whole follow-up list."""
    import pandas as pd

    from netralitas.queries import AGE_BUCKETS

    out = pd_follow_up(df, filters, voc, today)
    days = out["days_waiting"].dropna()
    order = [name for _, _, name in AGE_BUCKETS] + ["Tanggal tidak diketahui"]
    buckets = out["age_bucket"].value_counts()
    by_status = out["status"].fillna("Tidak diketahui").value_counts()
    return {
        "persons": len(out),
        "max_days": int(days.max()) if len(days) else None,
        "median_days": float(days.median()) if len(days) else None,
        "buckets": pd.DataFrame({"age_bucket": order, "persons": [int(buckets.get(b, 0)) for b in order]}),
        "by_status": pd.DataFrame({"status": list(by_status.index), "persons": [int(n) for n in by_status]}),
    }


def pd_follow_up_page(df, filters, voc, limit=PAGE_ROWS):
    """The first page of ``queries.follow_up`` in pandas (guest viewer), as the Sanksi page shows it."""
    return pd_follow_up(df, filters, voc).head(limit)


def _same_summary(a: dict, b: dict) -> bool:
    scalars = ("persons", "max_days", "median_days")
    if any(a[k] != b[k] for k in scalars):
        return False
    return all(a[k].astype(str).equals(b[k].astype(str)) for k in ("buckets", "by_status"))


def pd_case_rows(df, filters, limit=PAGE_ROWS):
    """One page of ``queries.case_rows`` in pandas (guest viewer)."""
    from netralitas.queries import CASE_COLUMNS

    v = pd_filter(df, filters)
    v = v.sort_values(
        ["reported_on", "case_id", "source_file", "source_sheet", "source_row"],
        ascending=[False, True, True, True, True],
        na_position="last",
    )
    return _mask_columns(v[CASE_COLUMNS].head(limit))


# ---- ours, and the pairing ----------------------------------------------------------------------------------------


@dataclass
class QueryCase:
    """One dashboard query: our call and its pandas twin, plus how to compare their results."""

    label: str
    ours: Callable
    theirs: Callable
    same: Callable[[object, object], bool]
    rows: Callable[[object], int] | None = None  # the size of a result, where len() does not tell


def _rows(frame, cols) -> list[tuple]:
    import pandas as pd

    out = []
    for rec in frame[cols].itertuples(index=False, name=None):
        out.append(
            tuple(
                None if (not isinstance(x, str) and pd.isna(x)) else str(x)[:10] if hasattr(x, "year") else x
                for x in rec
            )
        )
    return out


def _same_headline(a: dict, b: dict) -> bool:
    for key, value in a.items():
        other = b.get(key)
        if key == "median_days_to_sanction":
            if (value is None) != (other is None) or (value is not None and abs(float(value) - other) > 1e-9):
                return False
        elif value != other:
            return False
    return True


def _same_counts(dims, values=("persons", "cases")):
    cols = [*dims, *values]
    return lambda a, b: sorted(_rows(a, cols), key=repr) == sorted(_rows(b, cols), key=repr)


def _same_provenance(ordered: bool):
    cols = ["source_file", "source_sheet", "source_row"]

    def same(a, b) -> bool:
        ra, rb = _rows(a, cols), _rows(b, cols)
        return ra == rb if ordered else sorted(ra, key=repr) == sorted(rb, key=repr)

    return same


def _same_masked(a, b) -> bool:
    """Names and NIP shown alike (masked for the guest) in two row lists."""
    cols = ["person_name", "nip"]
    return _rows(a, cols) == _rows(b, cols)


def query_cases(voc) -> list[QueryCase]:
    """The query functions measured, each paired with its pandas twin."""
    from netralitas import queries
    from netralitas.queries import Viewer

    guest = Viewer()
    cases = [
        QueryCase("headline", lambda c, f: queries.headline(c, f), pd_headline, _same_headline),
    ]
    for dims in COUNT_DIMS:
        cases.append(
            QueryCase(
                f"counts_by [{', '.join(dims)}]",
                lambda c, f, d=dims: queries.counts_by(c, f, list(d)),
                lambda df, f, d=dims: pd_counts_by(df, f, d),
                _same_counts(dims),
            )
        )
    cases += [
        QueryCase(
            "funnel",
            lambda c, f: queries.funnel(c, f, voc),
            lambda df, f: pd_funnel(df, f, voc),
            lambda a, b: list(a["persons"]) == list(b["persons"]),
        ),
        QueryCase(
            "monthly_timeline",
            queries.monthly_timeline,
            pd_monthly_timeline,
            _same_counts(("month", "cycle"), ("persons",)),
        ),
        QueryCase(
            "follow_up_summary",
            lambda c, f: queries.follow_up_summary(c, f, today=TODAY, voc=voc),
            lambda df, f: pd_follow_up_summary(df, f, voc),
            _same_summary,
            rows=lambda r: r["persons"],
        ),
        QueryCase(
            f"follow_up (page of {PAGE_ROWS:,})",
            lambda c, f: queries.follow_up(c, f, guest, today=TODAY, voc=voc, limit=PAGE_ROWS),
            lambda df, f: pd_follow_up_page(df, f, voc),
            lambda a, b: len(a) == len(b) and _same_provenance(True)(a, b) and _same_masked(a, b),
        ),
        QueryCase(
            f"case_rows (page of {PAGE_ROWS:,})",
            lambda c, f: queries.case_rows(c, f, guest, limit=PAGE_ROWS, offset=0),
            pd_case_rows,
            lambda a, b: _same_provenance(True)(a, b) and _same_masked(a, b),
        ),
    ]
    return cases


# ---- measuring (inside a child process) -------------------------------------------------------------------------


def measure(db: str, runs: int, pandas_runs: int) -> dict:
    """p50/p95 latency of every query case under every typical filter, ours and pandas, with agreement."""
    from netralitas import db as dbmod
    from netralitas.vocab import vocabulary

    voc = vocabulary()
    con = dbmod.connect_readonly(Path(db))
    filters = typical_filters(con)
    started = time.perf_counter()
    df = read_table(con)
    read_seconds = time.perf_counter() - started
    rows = len(df)
    out_cases = []
    for case in query_cases(voc):
        ours_all: list[float] = []
        theirs_all: list[float] = []
        per_filter = []
        agree_all = True
        for label, flt in filters:
            cur = con.cursor()
            ours_result = case.ours(cur, flt)  # warm-up, and the result to compare
            cur.close()
            theirs_result = case.theirs(df, flt)
            agree = bool(case.same(ours_result, theirs_result))
            agree_all &= agree
            ours_t: list[float] = []
            theirs_t: list[float] = []
            for i in range(max(runs, pandas_runs)):
                if i < runs:
                    t0 = time.perf_counter()
                    cur = con.cursor()
                    case.ours(cur, flt)
                    cur.close()
                    ours_t.append(time.perf_counter() - t0)
                if i < pandas_runs:
                    t0 = time.perf_counter()
                    case.theirs(df, flt)
                    theirs_t.append(time.perf_counter() - t0)
            ours_all += ours_t
            theirs_all += theirs_t
            per_filter.append(
                {
                    "filter": label,
                    "result_rows": (
                        case.rows(ours_result) if case.rows
                        else len(ours_result) if hasattr(ours_result, "__len__") else None
                    ),
                    "ours_p50": median(ours_t),
                    "ours_p95": percentile(ours_t, 95),
                    "pandas_p50": median(theirs_t),
                    "pandas_p95": percentile(theirs_t, 95),
                    "agree": agree,
                }
            )
        out_cases.append(
            {
                "query": case.label,
                "ours_p50": median(ours_all),
                "ours_p95": percentile(ours_all, 95),
                "pandas_p50": median(theirs_all),
                "pandas_p95": percentile(theirs_all, 95),
                "samples_ours": len(ours_all),
                "samples_pandas": len(theirs_all),
                "agree": agree_all,
                "per_filter": per_filter,
            }
        )
    con.close()
    return {
        "rows": rows,
        "filters": [label for label, _ in filters],
        "pandas_read_seconds": read_seconds,
        "runs": runs,
        "pandas_runs": pandas_runs,
        "cases": out_cases,
    }


def run(sizes: list[int], quick: bool = False, log=print, out_dir=None) -> dict:
    """The query section: one entry per size (the targets are set at 100,000 and 1,000,000 rows)."""
    from bench.common import run_child
    from bench.data import OUT_DIR, ensure_database

    out_dir = out_dir or OUT_DIR
    entries = []
    for n in sizes:
        path = ensure_database(n, out_dir, log=log)
        runs = 2 if quick else (20 if n <= 100_000 else 10)
        pandas_runs = 1 if quick else (10 if n <= 100_000 else 5)
        result = run_child("bench.query_latency:measure", {"db": str(path), "runs": runs, "pandas_runs": pandas_runs})
        result["persons"] = n
        for case in result["cases"]:
            log(
                f"    queries {n:>9,} {case['query']:<34} ours p50 {case['ours_p50'] * 1000:8.1f} ms "
                f"p95 {case['ours_p95'] * 1000:8.1f} ms | pandas p50 {case['pandas_p50'] * 1000:8.1f} ms "
                f"| agree {case['agree']}"
            )
        entries.append(result)
    return {"sizes": entries}
