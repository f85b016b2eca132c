"""The fast query paths give exactly what the straightforward SQL gives.

``counts_by`` counts cases in two stages, ``case_rows`` sorts a page from its last date on, ``follow_up`` returns a
page and ``follow_up_summary`` its figures without fetching the list. Each is compared here with a plain reference
(the previous, obvious SQL and pandas over the whole list) on the bundled database built by the real loader, and on
a small database written row by row with the awkward cases: many persons on one date (ties at a page's edge),
rows without a date, a case spread over several groups, NULL sheets, equal counts per status, an empty result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from netralitas import db, queries
from netralitas.privacy import mask_name, mask_nip
from netralitas.queries import Filters, Viewer
from netralitas.vocab import vocabulary
from tests.fast_loop import first_fast

GUEST = Viewer()
STAFF = Viewer(role="staf", user="staf")
TODAY = dt.date(2025, 1, 15)
DATE_ORDER = "reported_on DESC NULLS LAST, case_id, source_file, source_sheet, source_row"


# ---- an edge-case database, written row by row into the real schema --------------------------------------------

STATUSES = [None, "Diteruskan ke KASN", "Diteruskan ke BKN", "Rekomendasi terbit", "Proses PPK/BKPP",
            "Sanksi dijatuhkan", "Tidak ditindaklanjuti PPK", "Diregister"]
SEVERITIES = [("Ringan", 2), ("Sedang", 3), ("Dalam proses", None), ("Tidak terbukti", None),
              ("Terbukti, sanksi belum tercatat", None), ("Tidak diketahui", None), ("Berat", 4)]


def _edge_rows(n: int = 1_500, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    voc = vocabulary()
    cycles = voc.cycle_names
    actors = voc.actor_type_names
    districts = [*voc.district_names[:4], None]
    busy_day = dt.date(2024, 11, 20)  # a third of all rows on one day: a page's last date is shared by many rows
    rows = []
    for i in range(n):
        case = f"{rnd.randint(1, n // 3):04d}/TM/PW/{rnd.choice(['A', 'b', 'Ä'])}"  # cases with several persons
        day = rnd.choice([busy_day, busy_day, None, dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randint(0, 700))])
        severity, rank = rnd.choice(SEVERITIES)
        rows.append({
            "case_id": case, "cycle": rnd.choice(cycles), "reported_on": day,
            "person_name": rnd.choice(["Agus Santoso", "Budi", None, "  Citra  Dewi Lestari "]),
            "nip": rnd.choice(["198503122010011003", None, "12345", "19780101 200501 2 009"]),
            "actor_type": rnd.choice(actors), "agency": rnd.choice(["Dinas A", "Dinas B", None]),
            "district": rnd.choice(districts), "violation_type": rnd.choice(["Like", "Kampanye", None]),
            "status": rnd.choice(STATUSES), "severity": severity, "severity_rank": rank,
            "source_file": rnd.choice(["a.xlsx", "b.xlsx"]), "source_sheet": rnd.choice(["S1", None]),
            "source_row": i + 2,
            "forwarded_on": rnd.choice([None, None, dt.date(2024, 3, 1) + dt.timedelta(days=rnd.randint(0, 400))]),
            "recommended_on": rnd.choice([None, dt.date(2024, 6, 1) + dt.timedelta(days=rnd.randint(0, 300)),
                                          dt.date(2025, 3, 1)]),  # after TODAY: negative waiting days
        })
    return rows


def _write_db(path: Path, rows: list[dict]) -> Path:
    with contextlib.closing(duckdb.connect(str(path))) as con:
        db.ensure_schema(con)
        con.execute(
            "INSERT INTO load_batches (batch_id, source_file, file_sha256, loaded_at, rows_read, rows_loaded, "
            "rows_rejected, rows_skipped, notes, dataset, active) VALUES (1, 'a.xlsx', 'x', now(), ?, ?, 0, 0, 0, "
            "'sendiri', TRUE)",
            [len(rows), len(rows)],
        )
        if rows:
            frame = pd.DataFrame(rows).assign(batch_id=1, dataset="sendiri")  # noqa: F841 - read by DuckDB below
            cols = ", ".join(rows[0]) + ", batch_id, dataset"
            con.execute(f"INSERT INTO violations ({cols}) SELECT {cols} FROM frame")
            db.assign_case_keys(con)
    return path


@pytest.fixture(scope="module")
def edge_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_db(tmp_path_factory.mktemp("kasus_sulit") / "sulit.duckdb", _edge_rows())


@pytest.fixture(scope="module", params=["bundled", "edge"])
def any_con(request, bundled_db: Path, edge_db: Path):
    path = bundled_db if request.param == "bundled" else edge_db
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as connection:
        yield connection


def _filter_combinations(con) -> list[Filters]:
    top_cycle = con.execute("SELECT cycle FROM violations GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()
    last = con.execute("SELECT max(reported_on) FROM violations").fetchone()[0]
    combos = [Filters(), Filters(search="dinas"), Filters(search="dinas", search_names=False),
              Filters(search="tidak ada orang seperti ini"), Filters(districts=("Tidak diketahui",))]
    if top_cycle:
        combos.append(Filters(cycles=(top_cycle[0],), actor_types=("PNS",)))
    if last:
        combos.append(Filters(date_from=last - dt.timedelta(days=200), date_to=last))
    return combos


def _records(df: pd.DataFrame) -> list[tuple]:
    return [tuple(None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in row)
            for row in df.itertuples(index=False, name=None)]


# ---- references: the straightforward versions ---------------------------------------------------------------------


def _masked(df: pd.DataFrame, viewer: Viewer) -> pd.DataFrame:
    if viewer.reveal:
        return df
    df = df.copy()
    df["person_name"] = [mask_name(v) if isinstance(v, str) else v for v in df["person_name"]]
    df["nip"] = [mask_nip(v) if isinstance(v, str) else v for v in df["nip"]]
    return df


def reference_case_rows(con, filters: Filters, viewer: Viewer, limit: int, offset: int) -> pd.DataFrame:
    where, params = filters.where()
    df = con.execute(
        f"SELECT {', '.join(queries.CASE_COLUMNS)} FROM violations WHERE {where} ORDER BY {DATE_ORDER} "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).df()
    return _masked(df, viewer)


def reference_counts_by(con, filters: Filters, dims: list[str], limit: int | None = None) -> pd.DataFrame:
    where, params = filters.where()
    select = ", ".join(f"{queries.DIMENSIONS[d]} AS {d}" for d in dims)
    group = ", ".join(str(i + 1) for i in range(len(dims)))
    sql = (f"SELECT {select}, count(*) AS persons, count(DISTINCT case_id) AS cases FROM violations "
           f"WHERE {where} GROUP BY {group} ORDER BY persons DESC, {group}")
    if limit:
        sql, params = sql + " LIMIT ?", [*params, limit]
    df = con.execute(sql, params).df()
    return df.astype({"persons": "int64", "cases": "int64"})


def reference_summary(full: pd.DataFrame) -> dict:
    """The Sanksi page's figures as it computed them from the whole follow-up list."""
    days = full["days_waiting"].dropna()
    by_status = full["status"].fillna("Tidak diketahui").value_counts()
    return {
        "persons": len(full),
        "max_days": int(days.max()) if len(days) else None,
        "median_days": float(days.median()) if len(days) else None,
        "buckets": queries.follow_up_buckets(full),
        "by_status": list(zip(by_status.index, (int(n) for n in by_status), strict=True)),
    }


# ---- the tests ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dims", first_fast([["cycle", "actor_type"], ["severity"], ["district"], ["agency"], ["month"],
                                             ["violation_type", "status"], ["actor_type", "severity"]]))
def test_counts_by_equals_count_distinct(any_con, dims) -> None:
    for filters in _filter_combinations(any_con):
        pd.testing.assert_frame_equal(queries.counts_by(any_con, filters, dims),
                                      reference_counts_by(any_con, filters, dims))
    pd.testing.assert_frame_equal(queries.counts_by(any_con, Filters(), dims, limit=3),
                                  reference_counts_by(any_con, Filters(), dims, limit=3))


@pytest.mark.parametrize("viewer", [GUEST, STAFF], ids=["tamu", "staf"])
@pytest.mark.slow
def test_case_rows_pages_equal_a_plain_sort(any_con, viewer) -> None:
    for filters in _filter_combinations(any_con):
        where, params = filters.where()
        total = int(any_con.execute(f"SELECT count(*) FROM violations WHERE {where}", params).fetchone()[0])
        # first page, a page across the busy day, the last (undated) rows, past the end, and tiny pages
        for limit, offset in [(1000, 0), (100, 0), (100, total // 3), (100, max(total - 150, 0)), (100, total),
                              (1, 0), (7, max(total - 3, 0)), (0, 0)]:
            got = queries.case_rows(any_con, filters, viewer, limit, offset)
            pd.testing.assert_frame_equal(got, reference_case_rows(any_con, filters, viewer, limit, offset))


def test_case_rows_page_masks_names_for_guests(edge_db: Path) -> None:
    with contextlib.closing(duckdb.connect(str(edge_db), read_only=True)) as con:
        guest = queries.case_rows(con, Filters(), GUEST, 200, 0)
        staff = queries.case_rows(con, Filters(), STAFF, 200, 0)
    assert list(guest["source_row"]) == list(staff["source_row"])
    named = staff["person_name"].notna()
    assert named.any() and (guest.loc[named, "person_name"] != staff.loc[named, "person_name"]).all()
    assert guest.loc[named, "person_name"].str.contains(r"\*\*\*").all()
    nip = staff["nip"].notna()
    assert nip.any() and guest.loc[nip, "nip"].str.contains(r"\*").all()


@pytest.mark.parametrize("viewer", first_fast([pytest.param(GUEST, id="tamu"), pytest.param(STAFF, id="staf")]))
def test_follow_up_page_is_the_head_of_the_whole_list(any_con, viewer) -> None:
    for filters in _filter_combinations(any_con):
        full = queries.follow_up(any_con, filters, viewer, today=TODAY)
        for limit in (0, 1, 25, 1000):
            page = queries.follow_up(any_con, filters, viewer, today=TODAY, limit=limit)
            # the same rows and values; a missing name may be None or NaN, as masking lets pandas infer the column
            # type from the values it sees (the pages show both as "–")
            assert list(page.columns) == list(full.columns)
            assert _records(page) == _records(full.head(limit))
        if not viewer.reveal and full["person_name"].notna().any():
            assert full["person_name"].dropna().str.contains(r"\*\*\*").all()


def test_follow_up_list_order_is_total(any_con) -> None:
    full = queries.follow_up(any_con, Filters(), STAFF, today=TODAY)
    keys = full[["days_waiting", "case_id", "source_file", "source_sheet", "source_row"]]
    assert not keys.duplicated().any()
    expected = full.sort_values(["days_waiting", "case_id", "source_file", "source_sheet", "source_row"],
                                ascending=[False, True, True, True, True], na_position="last")
    assert list(full["source_row"]) == list(expected["source_row"])


def test_follow_up_summary_equals_the_figures_of_the_whole_list(any_con) -> None:
    for filters in _filter_combinations(any_con):
        full = queries.follow_up(any_con, filters, GUEST, today=TODAY)
        got = queries.follow_up_summary(any_con, filters, today=TODAY)
        want = reference_summary(full)
        assert (got["persons"], got["max_days"], got["median_days"]) == (
            want["persons"], want["max_days"], want["median_days"]), filters
        pd.testing.assert_frame_equal(got["buckets"], want["buckets"])
        assert list(zip(got["by_status"]["status"], got["by_status"]["persons"], strict=True)) == want["by_status"]


def test_follow_up_summary_edge_cases(tmp_path: Path) -> None:
    # negative waiting days (a date after today) and unknown dates land in "Tanggal tidak diketahui"; two
    # statuses with equal counts come in the order the list shows them first
    base = {"cycle": "Pemilu 2024", "person_name": "Agus", "nip": None, "actor_type": "PNS", "agency": None,
            "district": None, "violation_type": None, "severity": "Dalam proses", "severity_rank": None,
            "source_file": "a.xlsx", "source_sheet": None, "reported_on": None, "recommended_on": None}
    rows = [
        {**base, "case_id": "1", "status": "Diteruskan ke BKN", "forwarded_on": dt.date(2024, 6, 1), "source_row": 2},
        {**base, "case_id": "2", "status": "Diteruskan ke KASN", "forwarded_on": dt.date(2024, 1, 1), "source_row": 3},
        {**base, "case_id": "3", "status": "Diteruskan ke KASN", "forwarded_on": dt.date(2025, 6, 1), "source_row": 4},
        {**base, "case_id": "4", "status": "Diteruskan ke BKN", "forwarded_on": None, "source_row": 5},
        {**base, "case_id": "5", "status": "Proses PPK/BKPP", "forwarded_on": dt.date(2024, 12, 20), "source_row": 6},
    ]
    path = _write_db(tmp_path / "tepi.duckdb", rows)
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        full = queries.follow_up(con, Filters(), GUEST, today=TODAY)
        got = queries.follow_up_summary(con, Filters(), today=TODAY)
        assert len(full) == 5
        want = reference_summary(full)
        assert got["persons"] == 5 and got["max_days"] == want["max_days"] == (TODAY - dt.date(2024, 1, 1)).days
        assert got["median_days"] == want["median_days"]
        pd.testing.assert_frame_equal(got["buckets"], want["buckets"])
        unknown = got["buckets"].set_index("age_bucket")["persons"]["Tanggal tidak diketahui"]
        assert unknown == 2  # no date at all, and a forwarding date after today
        # KASN and BKN tie (2 each): KASN first, as the list (oldest first) shows it first
        assert list(zip(got["by_status"]["status"], got["by_status"]["persons"], strict=True)) == want["by_status"]
        assert list(got["by_status"]["status"]) == ["Diteruskan ke KASN", "Diteruskan ke BKN", "Proses PPK/BKPP"]

    empty = _write_db(tmp_path / "kosong.duckdb", [])
    with contextlib.closing(duckdb.connect(str(empty), read_only=True)) as con:
        got = queries.follow_up_summary(con, Filters(), today=TODAY)
        assert (got["persons"], got["max_days"], got["median_days"]) == (0, None, None)
        assert got["by_status"].empty and int(got["buckets"]["persons"].sum()) == 0
        assert list(got["buckets"]["age_bucket"]) == list(queries.follow_up_buckets(pd.DataFrame(
            {"age_bucket": pd.Series(dtype=object)}))["age_bucket"])
        assert queries.follow_up(con, Filters(), GUEST, today=TODAY, limit=10).empty
