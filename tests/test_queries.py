"""Query functions of the analysis pages checked against hand-written SQL on a fixture database.

The fixture register is written with openpyxl and loaded by the real loader, so the database has the real
schema and the real normalisation; the expected numbers come from plain SQL over ``violations``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from netralitas import queries
from netralitas.queries import Filters, Viewer

HEADER = ["No", "No. Register", "Tanggal Temuan/Laporan", "Sumber", "Nama Terlapor", "NIP", "Status Kepegawaian",
          "Jabatan", "Instansi", "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Sanksi",
          "Tanggal Penerusan"]
ACTORS = ["PNS", "P3K", "THL", "PNS", "ASN", "Honorer", "PPPK Guru", "PNS", ""]
POSITIONS = ["Lurah", "Guru", "Staf pelaksana", "Camat", "Kepala Bidang", "Sopir", "Dokter", "Kasubag Umum", ""]
AGENCIES = ["Dinas Pendidikan", "Satpol PP", "Kelurahan Tugurejo", "BKPP", "Dinas Kesehatan", "Dinas Pendidikan",
            "Satpol PP", "Kecamatan Genuk", "RSUD Wongsonegoro", "Diskominfo", "Bappeda"]
DISTRICTS = ["Tugu", "Smg Barat", "Genuk", "Kec. Pedurungan", "", "Tembalang", "Gajah Mungkur", "Tugu"]
TYPES = ["Like postingan calon di Instagram", "Menghadiri kampanye paslon", "Foto bersama calon dengan gestur jari",
         "Like postingan calon di Instagram", "Memasang spanduk/baliho calon", "Menjadi anggota partai politik",
         "Like postingan calon di Instagram", "Menghadiri kampanye paslon", "Kampanye di media sosial (Facebook)",
         "Membagikan konten kampanye", "Komentar dukungan", "Menggunakan mobil dinas", "Swafoto dengan paslon"]
OUTCOMES = [  # (status, sanction)
    ("Sanksi dijatuhkan", "Teguran tertulis"),
    ("Diteruskan ke KASN", ""),
    ("Rekomendasi terbit", "Sanksi moral pernyataan secara terbuka"),
    ("Tidak diregister", ""),
    ("Sanksi dijatuhkan", "Pemotongan TPP 25% selama 6 bulan"),
    ("Diteruskan ke BKN", "Masih proses"),
    ("Sanksi dijatuhkan", "Pemberhentian tidak dengan hormat"),
    ("Klarifikasi", ""),
    ("Bukan pelanggaran", "Tidak terbukti"),
    ("Sanksi dijatuhkan", "Penurunan jabatan setingkat lebih rendah 12 bulan"),
    ("Proses PPK", "Menunggu keputusan PPK"),
    ("Tidak ditindaklanjuti PPK", ""),
]
CYCLES = {  # sheet name → (first finding date, number of persons)
    "Pilwakot 2020": (dt.date(2020, 8, 3), 14),
    "Pemilu 2024": (dt.date(2023, 9, 4), 22),
    "Pilkada 2024": (dt.date(2024, 8, 19), 18),
}
FIRST_NAMES = ["Agus", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kartika", "Lestari"]
LAST_NAMES = ["Santoso", "Wibowo", "Lestari", "Purnomo", "Rahayu", "Setiawan", "Handayani"]


def register_rows() -> dict[str, list[list[object]]]:
    """The fixture register: one sheet per cycle, some cases with several persons, some blanks."""
    sheets: dict[str, list[list[object]]] = {}
    i = 0
    for sheet, (start, n) in CYCLES.items():
        rows = []
        case_no = 0
        for k in range(n):
            i += 1
            if k % 4 != 1:  # every 4th row continues the previous case (two persons in one case)
                case_no += 1
            day = start + dt.timedelta(days=9 * k) if k % 7 != 5 else None
            status, sanction = OUTCOMES[i % len(OUTCOMES)]
            forwarded = day + dt.timedelta(days=20) if day and status.startswith("Diteruskan") else None
            rows.append([
                k + 1,
                f"{case_no:03d}/{'TM' if k % 3 else 'LP'}/{sheet[-4:]}",
                day,
                "Temuan" if k % 3 else "Laporan",
                f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[i % len(LAST_NAMES)]}",
                f"19{80 + i % 20:02d}0{i % 9 + 1}1{i % 3}2010011{i % 10:03d}"[:18],
                ACTORS[i % len(ACTORS)],
                POSITIONS[i % len(POSITIONS)],
                AGENCIES[i % len(AGENCIES)],
                DISTRICTS[i % len(DISTRICTS)],
                TYPES[i % len(TYPES)],
                status,
                sanction,
                forwarded,
            ])
        sheets[sheet] = rows
    return sheets


def write_register(path: Path) -> int:
    """Write the fixture register as an .xlsx file; returns the number of person rows."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    total = 0
    for sheet, rows in register_rows().items():
        ws = wb.create_sheet(sheet)
        ws.append(["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN"])
        ws.append([f"{sheet.upper()} — BAWASLU KOTA SEMARANG"])
        ws.append([])
        ws.append(HEADER)
        for row in rows:
            ws.append(row)
            if isinstance(row[2], dt.date):
                ws.cell(row=ws.max_row, column=3).number_format = "DD/MM/YYYY"
        total += len(rows)
    wb.save(path)
    return total


def build_analysis_db(directory: Path) -> Path:
    """A database loaded by the real loader from the fixture register."""
    from loaders.pipeline import load_paths

    register = directory / "register_analisis.xlsx"
    write_register(register)
    db_path = directory / "analisis.duckdb"
    results = load_paths([register], db_path)
    assert results and all(r.ok for r in results), [r.error for r in results]
    return db_path


def build_empty_loaded_db(directory: Path) -> Path:
    """A database into which a register with a header and no rows was loaded: populated, but no terlapor."""
    from loaders.pipeline import load_paths

    register = directory / "register_kosong.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Pemilu 2024"
    wb.active.append(HEADER)
    wb.save(register)
    db_path = directory / "kosong_dimuat.duckdb"
    results = load_paths([register], db_path)
    assert results and all(r.ok for r in results), [r.error for r in results]
    return db_path


@pytest.fixture(scope="module")
def analysis_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analysis_db(tmp_path_factory.mktemp("analisis"))


@pytest.fixture()
def con(analysis_db: Path):
    with contextlib.closing(duckdb.connect(str(analysis_db), read_only=True)) as connection:
        yield connection


def sql_count(con: duckdb.DuckDBPyConnection, where: str, params: list | None = None) -> int:
    return int(con.execute(f"SELECT count(*) FROM violations WHERE {where}", params or []).fetchone()[0])


def search_sql(term: str) -> str:
    """The free-text search written by hand: name, NIP (digits of the term), register number, agency."""
    digits = "".join(ch for ch in term if ch.isdigit()) or term
    low = term.lower()
    return (f"(lower(coalesce(person_name, '')) LIKE '%{low}%' OR coalesce(nip, '') LIKE '%{digits}%' "
            f"OR lower(case_id) LIKE '%{low}%' OR lower(coalesce(agency, '')) LIKE '%{low}%')")


# Filter combinations and the same condition written by hand.
COMBINATIONS = [
    (Filters(), "TRUE", []),
    (Filters(cycles=("Pemilu 2024",)), "cycle = 'Pemilu 2024'", []),
    (Filters(cycles=("Pemilu 2024",), actor_types=("PNS",)), "cycle = 'Pemilu 2024' AND actor_type = 'PNS'", []),
    (Filters(actor_types=("PPPK", "THL"), severities=("Pemberhentian", "Sedang")),
     "actor_type IN ('PPPK', 'THL') AND severity IN ('Pemberhentian', 'Sedang')", []),
    (Filters(districts=("Tugu", "Tidak diketahui")), "(district = 'Tugu' OR district IS NULL)", []),
    (Filters(date_from=dt.date(2023, 10, 1), date_to=dt.date(2024, 9, 30)),
     "reported_on BETWEEN DATE '2023-10-01' AND DATE '2024-09-30'", []),
    (Filters(search="pendidikan"), search_sql("pendidikan"), []),
    (Filters(search="santoso", cycles=("Pilkada 2024", "Pilwakot 2020")),
     search_sql("santoso") + " AND cycle IN ('Pilkada 2024', 'Pilwakot 2020')", []),
    (Filters(search="003/TM"), search_sql("003/TM"), []),
    (Filters(cycles=("Pemilu 2024",), date_from=dt.date(2024, 1, 1)),
     "cycle = 'Pemilu 2024' AND reported_on >= DATE '2024-01-01'", []),
]
IDS = ["semua", "siklus", "siklus+pegawai", "pegawai+sanksi", "kecamatan", "tanggal", "cari-instansi",
       "cari-nama+siklus", "cari-register", "siklus+dari"]


def test_fixture_register_loaded_completely(con) -> None:
    assert sql_count(con, "TRUE") == sum(n for _, n in CYCLES.values())
    cycles = dict(con.execute("SELECT cycle, count(*) FROM violations GROUP BY 1").fetchall())
    assert cycles == {name: n for name, (_, n) in CYCLES.items()}
    # the fixture covers what the pages need: several actor types, sanctions and outcomes, districts, dates
    assert sql_count(con, "actor_type = 'PPPK'") > 0 and sql_count(con, "actor_type = 'THL'") > 0
    assert sql_count(con, "severity_rank IS NOT NULL") > 0 and sql_count(con, "severity = 'Dalam proses'") > 0
    assert sql_count(con, "district IS NULL") > 0 and sql_count(con, "reported_on IS NULL") > 0
    assert sql_count(con, "forwarded_on IS NOT NULL") > 0


@pytest.mark.parametrize(("filters", "where", "params"), COMBINATIONS, ids=IDS)
def test_headline_matches_sql(con, filters: Filters, where: str, params: list) -> None:
    got = queries.headline(con, filters)
    assert got["persons"] == sql_count(con, where, params)
    assert got["cases"] == con.execute(f"SELECT count(DISTINCT case_id) FROM violations WHERE {where}").fetchone()[0]
    assert got["in_process"] == sql_count(con, f"({where}) AND severity = 'Dalam proses'")
    assert got["not_proven"] == sql_count(con, f"({where}) AND severity = 'Tidak terbukti'")
    assert got["sanctioned"] == sql_count(
        con, f"({where}) AND (status = 'Sanksi dijatuhkan' OR (severity_rank IS NOT NULL AND status IS NULL))")


@pytest.mark.parametrize(("filters", "where", "params"), COMBINATIONS, ids=IDS)
def test_headline_by_cycle_matches_sql(con, filters: Filters, where: str, params: list) -> None:
    df = queries.headline_by_cycle(con, filters)
    expected = dict(con.execute(f"SELECT cycle, count(*) FROM violations WHERE {where} GROUP BY 1").fetchall())
    assert dict(zip(df["cycle"], df["persons"], strict=True)) == expected
    order = [c for c in ("Pilwakot 2020", "Pemilu 2024", "Pilkada 2024") if c in expected]
    assert list(df["cycle"]) == order
    for row in df.itertuples():
        assert row.in_process == sql_count(con, f"({where}) AND cycle = ? AND severity = 'Dalam proses'", [row.cycle])
        assert row.not_proven == sql_count(con, f"({where}) AND cycle = ? AND severity = 'Tidak terbukti'",
                                           [row.cycle])
    assert int(df["persons"].sum()) == queries.headline(con, filters)["persons"]


@pytest.mark.parametrize(("filters", "where", "params"), COMBINATIONS, ids=IDS)
@pytest.mark.parametrize("dims", [["cycle", "actor_type"], ["severity"], ["district", "severity"],
                                  ["position_group", "severity"]])
def test_counts_by_matches_sql(con, filters: Filters, where: str, params: list, dims: list[str]) -> None:
    df = queries.counts_by(con, filters, dims)
    exprs = ", ".join(queries.DIMENSIONS[d] for d in dims)
    expected = {
        tuple(r[:-1]): r[-1]
        for r in con.execute(f"SELECT {exprs}, count(*) FROM violations WHERE {where} GROUP BY ALL").fetchall()
    }
    got = {tuple(r[:-2]): r[-2] for r in df[dims + ["persons", "cases"]].itertuples(index=False)}
    assert got == expected


@pytest.mark.parametrize(("filters", "where", "params"), COMBINATIONS, ids=IDS)
@pytest.mark.parametrize(("dim", "n"), [("violation_type", 3), ("agency", 4), ("district", 20)])
def test_counts_top_keeps_top_n_and_sums_the_rest(con, filters, where, params, dim: str, n: int) -> None:
    df = queries.counts_top(con, filters, dim, n)
    expr = queries.DIMENSIONS[dim]
    totals = con.execute(
        f"SELECT {expr} AS v, count(*) AS c FROM violations WHERE {where} GROUP BY 1 ORDER BY c DESC, v"
    ).fetchall()
    top = totals[:n]
    rest = totals[n:]
    shown = df[~df["is_other"]]
    assert list(zip(shown[dim], shown["persons"], strict=True)) == [(v, c) for v, c in top]
    other = df[df["is_other"]]
    if rest:
        assert len(other) == 1
        assert int(other["persons"].iloc[0]) == sum(c for _, c in rest)
        assert other[dim].iloc[0].startswith(f"Lainnya ({len(rest)} ")
    else:
        assert other.empty
    assert int(df["persons"].sum()) == sql_count(con, where, params)


def test_counts_top_split_by_severity_adds_up(con) -> None:
    filters = Filters(cycles=("Pemilu 2024", "Pilkada 2024"))
    df = queries.counts_top(con, filters, "agency", 3, "severity")
    assert set(df.columns) == {"agency", "severity", "persons", "cases", "is_other"}
    for agency in df.loc[~df["is_other"], "agency"].unique():
        for severity, persons in df.loc[df["agency"] == agency, ["severity", "persons"]].itertuples(index=False):
            assert persons == sql_count(
                con, "cycle IN ('Pemilu 2024', 'Pilkada 2024') AND coalesce(agency, 'Tidak diketahui') = ? "
                     "AND severity = ?", [agency, severity])
    assert int(df["persons"].sum()) == sql_count(con, "cycle IN ('Pemilu 2024', 'Pilkada 2024')")
    # "Lainnya" rows come last
    flags = list(df["is_other"])
    assert flags == sorted(flags)


def test_counts_top_on_nothing_is_an_empty_frame(con) -> None:
    df = queries.counts_top(con, Filters(search="tidak ada orang seperti ini"), "agency", 5, "severity")
    assert df.empty and list(df.columns) == ["agency", "severity", "persons", "cases", "is_other"]


def test_unknown_dimensions_are_refused(con) -> None:
    with pytest.raises(ValueError):
        queries.counts_top(con, Filters(), "person_name; DROP TABLE violations", 3)
    with pytest.raises(ValueError):
        queries.count_selected(con, Filters(), ((("nip", "1"),),))


@pytest.mark.parametrize(("filters", "where", "params"), COMBINATIONS, ids=IDS)
def test_selected_rows_match_sql(con, filters: Filters, where: str, params: list) -> None:
    pairs = con.execute(
        f"SELECT cycle, actor_type FROM violations WHERE {where} GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 2"
    ).fetchall()
    if not pairs:
        pytest.skip("no rows for this combination")
    selection = tuple((("cycle", c), ("actor_type", a)) for c, a in pairs)
    expected = sum(sql_count(con, f"({where}) AND cycle = ? AND actor_type = ?", [c, a]) for c, a in pairs)
    assert queries.count_selected(con, filters, selection) == expected
    rows = queries.case_rows_selected(con, filters, Viewer(), selection)
    assert len(rows) == expected
    assert set(zip(rows["cycle"], rows["actor_type"], strict=True)) <= set(pairs)
    limited = queries.case_rows_selected(con, filters, Viewer(), selection, limit=1)
    assert len(limited) == 1


def test_selection_by_district_and_position_group(con) -> None:
    where = "coalesce(district, 'Tidak diketahui') = 'Tidak diketahui'"
    sel = ((("district", "Tidak diketahui"),),)
    assert queries.count_selected(con, Filters(), sel) == sql_count(con, where)
    sel = ((("position_group", "Fungsional"), ("severity", "Dalam proses")),)
    assert queries.count_selected(con, Filters(cycles=("Pemilu 2024",)), sel) == sql_count(
        con, "position_group = 'Fungsional' AND severity = 'Dalam proses' AND cycle = 'Pemilu 2024'")
    assert queries.count_selected(con, Filters(), ()) == 0


def test_selected_rows_are_masked_for_guests(con) -> None:
    sel = ((("cycle", "Pemilu 2024"),),)
    guest = queries.case_rows_selected(con, Filters(), Viewer("tamu"), sel)
    staff = queries.case_rows_selected(con, Filters(), Viewer("staf"), sel)
    assert list(guest["case_id"]) == list(staff["case_id"])
    assert all(g != s for g, s in zip(guest["person_name"], staff["person_name"], strict=True) if s)
    assert "nip" not in guest.columns


def test_timeline_and_undated_add_up(con) -> None:
    for filters, where, params in COMBINATIONS:
        timeline = queries.monthly_timeline(con, filters)
        dated = sql_count(con, f"({where}) AND reported_on IS NOT NULL", params)
        assert int(timeline["persons"].sum()) == dated
        assert queries.undated_count(con, filters) == sql_count(con, f"({where}) AND reported_on IS NULL", params)


def test_funnel_first_stage_is_everyone_and_stages_shrink(con) -> None:
    for filters, where, params in COMBINATIONS:
        df = queries.funnel(con, filters)
        assert int(df["persons"].iloc[0]) == sql_count(con, where, params)
        values = list(df["persons"])
        assert values == sorted(values, reverse=True)
        assert int(df["persons"].iloc[-1]) == sql_count(
            con, f"({where}) AND (status = 'Sanksi dijatuhkan' OR (severity_rank IS NOT NULL AND status IS NULL)) "
                 "AND severity <> 'Tidak terbukti'", params)


def test_follow_up_lists_forwarded_or_recommended_without_sanction(con) -> None:
    today = dt.date(2025, 7, 1)
    df = queries.follow_up(con, Filters(), Viewer(), today=today)
    assert len(df) > 0
    assert not (df["status"] == "Sanksi dijatuhkan").any()
    assert not (df["severity"] == "Tidak terbukti").any()
    days = df["days_waiting"].dropna().tolist()
    assert days == sorted(days, reverse=True)
    first = df.iloc[0]
    assert first["days_waiting"] == (today - pd.Timestamp(first["waiting_since"]).date()).days
    buckets = queries.follow_up_buckets(df)
    assert int(buckets["persons"].sum()) == len(df)
    # forwarded cases wait since their forwarding date
    forwarded = df[df["forwarded_on"].notna()]
    assert (forwarded["waiting_basis"] == "penerusan").all()
    # the sidebar filters apply
    pns = queries.follow_up(con, Filters(actor_types=("PNS",)), Viewer(), today=today)
    assert set(pns["actor_type"]) <= {"PNS"}
    assert len(pns) < len(df)


def test_empty_database_gives_zeros_and_empty_frames(tmp_path: Path) -> None:
    path = build_empty_loaded_db(tmp_path)
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as c:
        assert queries.headline(c, Filters())["persons"] == 0
        assert queries.headline_by_cycle(c, Filters()).empty
        assert queries.counts_top(c, Filters(), "violation_type", 10, "severity").empty
        assert queries.count_selected(c, Filters(), ((("cycle", "Pemilu 2024"),),)) == 0
        assert queries.case_rows_selected(c, Filters(), Viewer(), ((("cycle", "Pemilu 2024"),),)).empty
        assert queries.follow_up(c, Filters(), Viewer()).empty
