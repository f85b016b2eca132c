"""Excel / CSV export: every exported file is read back with openpyxl (or csv) and compared with the
query layer on a real DuckDB file built by the real loader from registers written with openpyxl."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from streamlit.testing.v1 import AppTest

from loaders.pipeline import load_paths
from netralitas import clock, db, export, queries
from netralitas.export import DATA_COLUMNS, QUERY_COLUMNS, ChartTable
from netralitas.privacy import mask_name, mask_nip
from netralitas.queries import Filters, Viewer
from netralitas.vocab import vocabulary
from tests.registers import new_workbook, put_rows
from tests.roles import as_role

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
STAFF = Viewer(role="staf", user="uji")
GUEST = Viewer()
EXPORTED_AT = dt.datetime(2026, 11, 22, 4, 30, tzinfo=dt.UTC)  # 11.30 WIB

INJECTION_NAMES = ['=HYPERLINK("http://x","klik")', "+1", "@SUM(1)", "-2+3"]
HEADER = ["No", "No. Register", "Tgl Temuan/Laporan", "Siklus", "Sumber", "Nama Terlapor", "NIP",
          "Status Kepegawaian", "Jabatan", "Unit Kerja", "Kecamatan", "Jenis Pelanggaran", "Status Penanganan",
          "Sanksi"]
# (register no, date, cycle, source, name, NIP, actor, position, agency, kecamatan, violation, status, sanction)
OWN_ROWS: list[tuple] = [
    ("001/TM/PL/Kota/14.29/I/2024", dt.date(2024, 1, 10), "Pemilu 2024", "Temuan", "Sugiarto Rahmadi",
     "197803122005011009", "PNS", "Lurah", "Kelurahan Tugurejo", "Tugu", "Foto bersama calon", "Sanksi dijatuhkan",
     "Sanksi moral pernyataan secara terbuka"),
    ("001/TM/PL/Kota/14.29/I/2024", dt.date(2024, 1, 10), "Pemilu 2024", "Temuan", "Sri Wahyuni",
     "198001012006042010", "PNS", "Sekretaris Kelurahan", "Kelurahan Tugurejo", "Tugu", "Foto bersama calon",
     "Sanksi dijatuhkan", "teguran tertulis"),
    ("0012", dt.date(2023, 8, 14), "Pemilu 2024", "Laporan", "Dewi Lestari", "198905102019032011", "PPPK", "Guru",
     "SD Negeri Tugu 01", "Tugu", "Menjadi bakal calon anggota legislatif", "Rekomendasi terbit",
     "PHPK tidak dengan hormat"),
    ("002/LP/PL/Kota/14.29/II/2024", dt.date(2024, 2, 1), "Pemilu 2024", "Laporan", INJECTION_NAMES[0],
     "199001012015031002", "PNS", "=1+1", "+Dinas Perhubungan", "Genuk", "@kampanye", "Diteruskan ke KASN",
     "proses"),
    ("003/LP/PL/Kota/14.29/II/2024", None, "Pemilu 2024", "Laporan", "Bambang Sutrisno", "", "THL", "Sopir",
     "Dinas Perhubungan", "Genuk", "Memasang spanduk", "Sanksi dijatuhkan", "diberhentikan"),
    ("010/TM/PW/Kota/14.29/X/2024", dt.date(2024, 10, 3), "Pilkada 2024", "Temuan", INJECTION_NAMES[1],
     "199203142019032001", "PNS", "Staf", "Diskominfo", "Semarang Tengah", "Menyukai unggahan calon",
     "Sanksi dijatuhkan", "penundaan kenaikan gaji berkala 1 tahun"),
    ("011/LP/PW/Kota/14.29/X/2024", dt.date(2024, 10, 20), "Pilkada 2024", "Laporan", INJECTION_NAMES[2], "",
     "THL", "Petugas kebersihan", "Kecamatan Pedurungan", "Pedurungan", "Menghadiri kampanye", "Tidak diregister",
     "-"),
    ("012/LP/PW/Kota/14.29/XI/2024", dt.date(2024, 11, 2), "Pilkada 2024", "Laporan", "Rina Kusuma",
     "199203142019032099", "PPPK", "Perawat", "RSUD K.R.M.T. Wongsonegoro", "Ngaliyan", "Kampanye di media sosial",
     "Diteruskan ke BKN", "menunggu rekomendasi BKN"),
    ("005/TM/PW/Kota/14.01/IX/2020", dt.date(2020, 9, 28), "Pilwakot 2020", "Temuan", INJECTION_NAMES[3],
     "196805121990031005", "PNS", "Camat", "Kecamatan Gajahmungkur", "Gajahmungkur",
     "Menghadiri deklarasi pasangan calon", "Sanksi dijatuhkan", "pernyataan secara tertutup"),
    ("006/TM/PW/Kota/14.01/X/2020", dt.date(2020, 10, 5), "Pilwakot 2020", "Temuan", "Joko Susilo",
     "197002141994031008", "PNS", "Lurah", "Kelurahan Sampangan", "Gajahmungkur", "Foto bersama calon",
     "Bukan pelanggaran", "tidak terbukti"),
]
DEMO_ROWS: list[tuple] = [
    ("901/TM/PL/Kota/14.29/XII/2023", dt.date(2023, 12, 5), "Pemilu 2024", "Temuan", "Budi Santoso Contoh",
     "198501012010011001", "PNS", "Kasubag", "Bappeda", "Banyumanik", "Foto bersama calon", "Sanksi dijatuhkan",
     "teguran lisan"),
    ("902/LP/PL/Kota/14.29/XII/2023", dt.date(2023, 12, 9), "Pemilu 2024", "Laporan", "Ani Rahayu Contoh",
     "199107072020122003", "PPPK", "Guru", "SMP Negeri 2 Semarang", "Candisari", "Kampanye di media sosial",
     "Diregister", "proses"),
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Both registers of the fixture database (with no data filter, the own register alone is shown: it is present).
BOTH_DATASETS = ("sendiri", "contoh")
EVERY_ROW = Filters(datasets=BOTH_DATASETS)


def write_register(path: Path, rows: list[tuple], title_lines: list[str]) -> Path:
    """A hand-kept style register: title rows, one header row, one row per person (openpyxl)."""
    wb = new_workbook("Register")
    ws = wb.active
    next_row = put_rows(ws, [[t] for t in title_lines])
    next_row = put_rows(ws, [HEADER], start_row=next_row + 1)
    put_rows(ws, [[i, *row] for i, row in enumerate(rows, start=1)], start_row=next_row)
    wb.save(path)
    return path


def build_export_db(folder: Path) -> Path:
    """A database with an own register (incl. formula-like names) and a small DATA CONTOH (FIKTIF) register."""
    folder.mkdir(parents=True, exist_ok=True)
    own = write_register(folder / "register_bawaslu.xlsx", OWN_ROWS,
                         ["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN", "BAWASLU KOTA SEMARANG"])
    demo = write_register(folder / "register_contoh.xlsx", DEMO_ROWS,
                          ["REKAPITULASI PELANGGARAN NETRALITAS ASN", "DATA CONTOH (FIKTIF)"])
    db_path = folder / "netralitas.duckdb"
    results = load_paths([own, demo], db_path)
    assert all(r.ok for r in results), [r.error for r in results]
    return db_path


@pytest.fixture(scope="module")
def export_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_export_db(tmp_path_factory.mktemp("export"))


@pytest.fixture()
def con(export_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with contextlib.closing(db.connect_readonly(export_db)) as connection:
        yield connection


def open_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def data_records(wb: openpyxl.Workbook, sheet: str = "Data") -> list[dict]:
    """The Data sheet's rows as dicts keyed by query column (and ``no``), with the cells themselves."""
    rows = list(wb[sheet].iter_rows(min_row=2))
    keys = [c.key for c in DATA_COLUMNS]
    return [dict(zip(keys, row, strict=True)) for row in rows]


def summary_pairs(wb: openpyxl.Workbook) -> dict[str, object]:
    ws = wb["Ringkasan"]
    return {row[0].value: row[1].value for row in ws.iter_rows(min_row=1, max_col=2) if row[0].value}


def assert_no_formula(data: bytes, wb: openpyxl.Workbook) -> None:
    """No formula cell in any sheet, and no <f> element anywhere in the zip's XML."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                xml = zf.read(name).decode("utf-8")
                assert not re.search(r"<(?:\w+:)?f[\s>/]", xml), name


# ---------------------------------------------------------------------------------------------------------------
# Pure helpers
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
    ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(1)", "'@SUM(1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Sugiarto", "Sugiarto"), ("a=1", "a=1"), ("", ""), ("'already", "'already"),
])
def test_neutralise(text: str, expected: str) -> None:
    assert export.neutralise(text) == expected


def test_file_names_say_what_is_inside() -> None:
    day = dt.datetime(2026, 11, 22, 10, 0, tzinfo=clock.WIB)
    assert export.export_filename(Filters(cycles=("Pemilu 2024",), actor_types=("PPPK",)), "xlsx", day) == \
        "netralitas-asn_pemilu-2024_pppk_2026-11-22.xlsx"
    assert export.export_filename(Filters(), "csv", day) == "netralitas-asn_semua_2026-11-22.csv"
    name = export.export_filename(
        Filters(severities=("Terbukti, sanksi belum tercatat",), districts=("Semarang Barat",),
                date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31), search="Sugeng/../x",
                datasets=("contoh",)), "xlsx", day, table_title="Siklus pemilihan × Jenis pegawai")
    assert name == ("netralitas-asn_terbukti-sanksi-belum-tercatat_semarang-barat_dari-2024-01-01_"
                    "sampai-2024-03-31_cari-sugeng-x_contoh_tabel-siklus-pemilihan-jenis-pegawai_2026-11-22.xlsx")
    assert "/" not in name and " " not in name


def test_export_date_and_time_are_wib() -> None:
    late_utc = dt.datetime(2026, 11, 22, 18, 5, tzinfo=dt.UTC)  # already the 23rd in Jakarta
    assert export.export_time(late_utc).isoformat() == "2026-11-23T01:05:00+07:00"
    assert export.export_filename(Filters(), "xlsx", late_utc).endswith("_2026-11-23.xlsx")
    assert export.format_export_time(late_utc) == "23 November 2026 pukul 01.05 WIB"


def test_guest_can_never_unmask() -> None:
    assert export.is_masked(GUEST, masked=False)
    assert export.is_masked(STAFF, masked=True)
    assert not export.is_masked(STAFF, masked=False)
    assert not export.rows_viewer(GUEST, masked=False).reveal


# ---------------------------------------------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------------------------------------------


def test_data_sheet_values_types_and_layout(con: duckdb.DuckDBPyConnection) -> None:
    filters = Filters(cycles=("Pemilu 2024",), datasets=BOTH_DATASETS)
    data = export.build_xlsx(con, filters, STAFF, masked=False, exported_at=EXPORTED_AT)
    wb = open_xlsx(data)
    assert wb.sheetnames == ["Ringkasan", "Data", "Rekap"]
    ws = wb["Data"]
    assert [c.value for c in ws[1]] == [c.header for c in DATA_COLUMNS]
    assert ws.freeze_panes == "A2"
    expected = queries.case_rows(con, filters, STAFF, columns=QUERY_COLUMNS)
    n = len(expected)
    assert n == queries.total_persons(con, filters) == len(OWN_ROWS[:5]) + len(DEMO_ROWS)
    assert ws.max_row == n + 1
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(DATA_COLUMNS))}{n + 1}"
    assert ws.column_dimensions["F"].width == pytest.approx(28, abs=1)  # Nama Terlapor
    assert ws.column_dimensions["L"].width == pytest.approx(42, abs=1)  # Jenis Pelanggaran
    voc = vocabulary()
    records = data_records(wb)
    for i, (rec, want) in enumerate(zip(records, expected.to_dict("records"), strict=True), start=1):
        assert rec["no"].value == i and rec["no"].data_type == "n"
        for key in ("case_id", "cycle", "actor_type", "severity", "source_file"):
            assert rec[key].value == export.neutralise(want[key]) and rec[key].data_type == "s", key
        assert rec["case_id"].number_format == "General"
        assert rec["dataset"].value == voc.dataset_labels[want["dataset"]]
        assert rec["source_row"].value == int(want["source_row"]) and rec["source_row"].data_type == "n"
        if want["reported_on"] is not None and str(want["reported_on"]) != "NaT":
            assert isinstance(rec["reported_on"].value, dt.datetime)
            assert rec["reported_on"].value.date() == want["reported_on"].date()
            assert rec["reported_on"].number_format == "dd/mm/yyyy"
            assert rec["reported_on"].is_date
        else:
            assert rec["reported_on"].value is None
        if isinstance(want["nip"], str) and want["nip"]:
            assert rec["nip"].data_type == "s"
            assert rec["nip"].value == want["nip"] and re.fullmatch(r"\d{18}", rec["nip"].value)
    by_id = {r["case_id"].value: r for r in records}
    assert by_id["0012"]["case_id"].data_type == "s"  # a register number that looks like a number stays text
    assert by_id["0012"]["nip"].value == "198905102019032011"
    assert_no_formula(data, wb)


def test_summary_sheet_says_when_what_which_data_and_masking(con: duckdb.DuckDBPyConnection) -> None:
    filters = Filters(cycles=("Pemilu 2024",), actor_types=("PNS", "PPPK"), datasets=BOTH_DATASETS)
    wb = open_xlsx(export.build_xlsx(con, filters, GUEST, exported_at=EXPORTED_AT))
    ws = wb["Ringkasan"]
    assert ws["A1"].value == "Data Pelanggaran Netralitas ASN — Bawaslu Kota Semarang"
    assert "DATA CONTOH (FIKTIF)" in ws["A2"].value  # the demo register is part of this export
    pairs = summary_pairs(wb)
    assert pairs["Waktu ekspor"] == "22 November 2026 pukul 11.30 WIB"
    assert pairs["Filter aktif"] == filters.describe() == (
        "Siklus: Pemilu 2024 · Pegawai: PNS, PPPK · Data: Data sendiri, DATA CONTOH (FIKTIF)")
    by_dataset = queries.counts_by(con, filters, ["dataset"])
    labels = vocabulary().dataset_labels
    for r in by_dataset.itertuples():
        assert f"{labels[r.dataset]}: {r.persons} terlapor" in pairs["Dataset"]
    assert pairs["Nama dan NIP"].startswith("Disamarkan")
    head = queries.headline(con, filters)
    assert pairs["Jumlah terlapor"] == head["persons"]
    assert pairs["Jumlah kasus"] == head["cases"]
    # the cycle × actor type × severity table equals counts_by
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Siklus pemilihan") + 1
    table = []
    for r in rows[start:]:
        if r[0] == "Jumlah":
            assert r[3] == head["persons"] and r[4] == head["cases"]
            break
        table.append(tuple(r[:5]))
    expected = queries.counts_by(con, filters, ["cycle", "actor_type", "severity"])
    assert sorted(table) == sorted(
        (c, a, s, int(p), int(k)) for c, a, s, p, k in
        expected[["cycle", "actor_type", "severity", "persons", "cases"]].itertuples(index=False))
    assert wb.properties.title.endswith("DATA CONTOH (FIKTIF)")
    assert wb.properties.created == dt.datetime(2026, 11, 22, 4, 30)  # stored in UTC


def test_own_data_only_has_no_demo_warning(con: duckdb.DuckDBPyConnection) -> None:
    filters = Filters(datasets=("sendiri",))
    wb = open_xlsx(export.build_xlsx(con, filters, GUEST, exported_at=EXPORTED_AT))
    pairs = summary_pairs(wb)
    assert "DATA CONTOH" not in str(wb["Ringkasan"]["A2"].value)
    assert pairs["Dataset"] == f"Data sendiri: {len(OWN_ROWS)} terlapor"
    assert pairs["Filter aktif"] == "Data: Data sendiri"


def test_masked_by_default_and_for_guests(con: duckdb.DuckDBPyConnection) -> None:
    names = {r[4] for r in OWN_ROWS + DEMO_ROWS}
    nips = {r[5] for r in OWN_ROWS + DEMO_ROWS if r[5]}
    for viewer, options in ((STAFF, {}), (GUEST, {}), (GUEST, {"masked": False})):
        data = export.build_xlsx(con, EVERY_ROW, viewer, exported_at=EXPORTED_AT, **options)
        wb = open_xlsx(data)
        assert summary_pairs(wb)["Nama dan NIP"] == export.MASKED_TEXT
        for rec in data_records(wb):
            name, nip = rec["person_name"].value, rec["nip"].value
            assert name.lstrip("'") not in names
            assert "***" in name
            if nip is not None:
                assert re.fullmatch(r"\d{4}\*{12}\d{2}", nip), nip
        cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
        assert not (cells & (names | nips))
        csv_text = export.build_csv(con, EVERY_ROW, viewer, **options).decode("utf-8-sig")
        assert not any(n in csv_text for n in nips)
        assert "Sugiarto Rahmadi" not in csv_text and mask_name("Sugiarto Rahmadi") in csv_text


def test_staff_can_unmask_and_the_file_says_so(con: duckdb.DuckDBPyConnection) -> None:
    wb = open_xlsx(export.build_xlsx(con, EVERY_ROW, STAFF, masked=False, exported_at=EXPORTED_AT))
    assert summary_pairs(wb)["Nama dan NIP"] == export.REVEALED_TEXT
    names = {r["person_name"].value for r in data_records(wb)}
    assert {"Sugiarto Rahmadi", "Dewi Lestari", "Budi Santoso Contoh"} <= names
    nips = {r["nip"].value for r in data_records(wb)}
    assert "197803122005011009" in nips


def test_rekap_pivots_equal_counts_by(con: duckdb.DuckDBPyConnection) -> None:
    filters = Filters(severities=("Sanksi moral", "Ringan", "Sedang", "Pemberhentian", "Dalam proses",
                                  "Tidak terbukti"))
    data = export.build_xlsx(con, filters, GUEST, exported_at=EXPORTED_AT)
    wb = open_xlsx(data)
    rows = list(wb["Rekap"].iter_rows(values_only=True))
    assert rows[1][0] == "Filter aktif: " + queries.describe_filters(con, filters)
    blocks = {}
    i = 0
    while i < len(rows):
        if rows[i][0] in ("Siklus pemilihan", "Kecamatan"):
            header = [h for h in rows[i] if h is not None]
            body = []
            i += 1
            while rows[i][0] != "Jumlah":
                body.append(rows[i][: len(header)])
                i += 1
            blocks[(header[0], header[1])] = (header, body, rows[i][: len(header)])
        i += 1
    assert len(blocks) == 3
    specs = {("cycle", "actor_type"): "PNS", ("cycle", "severity"): "Sanksi moral",
             ("district", "cycle"): "Pilwakot 2020"}
    head = queries.headline(con, filters)
    for (row_dim, col_dim), first_col in specs.items():
        (header, body, total_row), = [v for k, v in blocks.items() if k[1] == first_col]
        assert header[-1] == "Jumlah"
        cols = header[1:-1]
        expected = {(str(a), str(b)): int(p) for a, b, p in
                    queries.counts_by(con, filters, [row_dim, col_dim])[[row_dim, col_dim, "persons"]].itertuples(
                        index=False)}
        got = {(r[0], c): v for r in body for c, v in zip(cols, r[1:-1], strict=True)}
        assert {k: v for k, v in got.items() if v} == expected
        row_totals = queries.counts_by(con, filters, [row_dim]).set_index(row_dim)["persons"].to_dict()
        assert {r[0]: r[-1] for r in body if r[-1]} == {str(k): int(v) for k, v in row_totals.items()}
        col_totals = queries.counts_by(con, filters, [col_dim]).set_index(col_dim)["persons"].to_dict()
        assert {c: v for c, v in zip(cols, total_row[1:-1], strict=True) if v} == \
            {str(k): int(v) for k, v in col_totals.items()}
        assert total_row[-1] == head["persons"]
    # the severity columns are the filtered ones, in vocabulary order
    sev_header = next(h for k, (h, _, _) in blocks.items() if k[1] == "Sanksi moral")
    assert sev_header[1:-1] == list(filters.severities)
    # all 16 kecamatan are listed, with zeros where nothing was reported
    district_body = next(b for k, (_, b, _) in blocks.items() if k[0] == "Kecamatan")
    assert [r[0] for r in district_body][:16] == vocabulary().district_names
    assert_no_formula(data, wb)


def test_formula_like_text_comes_back_as_text_everywhere(con: duckdb.DuckDBPyConnection) -> None:
    stored = {r[0] for r in con.execute("SELECT person_name FROM violations").fetchall()}
    assert set(INJECTION_NAMES) <= stored  # the loader kept them as text
    for viewer, masked in ((STAFF, False), (GUEST, True)):
        data = export.build_xlsx(con, Filters(), viewer, masked=masked, exported_at=EXPORTED_AT)
        wb = open_xlsx(data)
        assert_no_formula(data, wb)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        assert cell.data_type == "s"
                        assert not cell.value.startswith(FORMULA_START), (ws.title, cell.coordinate, cell.value)
        names = [r["person_name"].value for r in data_records(wb)]
        for original in INJECTION_NAMES:
            shown = original if not masked else mask_name(original)
            assert "'" + shown in names, (original, names)
        positions = {r["position"].value for r in data_records(wb)}
        agencies = {r["agency"].value for r in data_records(wb)}
        assert "'=1+1" in positions and "'+Dinas Perhubungan" in agencies


def test_csv_same_columns_bom_semicolon_and_neutralised(con: duckdb.DuckDBPyConnection) -> None:
    filters = Filters(cycles=("Pemilu 2024", "Pilkada 2024", "Pilwakot 2020"), datasets=BOTH_DATASETS)
    raw = export.build_csv(con, filters, STAFF, masked=False)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == [c.header for c in DATA_COLUMNS]
    body = rows[1:]
    assert len(body) == queries.total_persons(con, filters) == len(OWN_ROWS) + len(DEMO_ROWS)
    expected = queries.case_rows(con, filters, STAFF, columns=QUERY_COLUMNS)
    col = {c.key: i for i, c in enumerate(DATA_COLUMNS)}
    for got, want in zip(body, expected.to_dict("records"), strict=True):
        assert got[col["case_id"]] == export.neutralise(want["case_id"])
        if str(want["reported_on"]) != "NaT":
            assert got[col["reported_on"]] == want["reported_on"].strftime("%d/%m/%Y")
        else:
            assert got[col["reported_on"]] == ""
        assert got[col["nip"]] == (want["nip"] if isinstance(want["nip"], str) else "")
        assert got[col["source_row"]] == str(int(want["source_row"]))
    for cells in body:
        for value in cells:
            assert not value.startswith(FORMULA_START), value
    names = [r[col["person_name"]] for r in body]
    for original in INJECTION_NAMES:
        assert "'" + original in names
    assert "\r\n" in text


def test_chart_table_sheet_and_csv(con: duckdb.DuckDBPyConnection) -> None:
    filters = Filters(cycles=("Pemilu 2024",))
    by_actor = queries.counts_by(con, filters, ["actor_type"])
    chart = ChartTable("Terlapor per jenis pegawai", by_actor)
    data = export.build_xlsx(con, filters, GUEST, chart=chart, exported_at=EXPORTED_AT)
    wb = open_xlsx(data)
    assert wb.sheetnames == ["Ringkasan", "Tabel Grafik", "Data", "Rekap"]
    ws = wb["Tabel Grafik"]
    assert ws["A1"].value == "Terlapor per jenis pegawai"
    assert ws["A2"].value == "Filter aktif: " + queries.describe_filters(con, filters)
    assert [c.value for c in ws[4]] == ["Jenis pegawai", "Jumlah terlapor", "Jumlah kasus"]
    got = [tuple(r) for r in ws.iter_rows(min_row=5, values_only=True)]
    assert got == [(a, int(p), int(c)) for a, p, c in by_actor.itertuples(index=False)]
    assert ws.freeze_panes == "A5"
    assert wb["Data"].max_row - 1 == queries.total_persons(con, filters)
    assert "Tabel Grafik" in summary_pairs(wb)["Isi sheet lain"]
    assert_no_formula(data, wb)
    rows = list(csv.reader(io.StringIO(export.table_csv(chart).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Jenis pegawai", "Jumlah terlapor", "Jumlah kasus"]
    assert rows[1:] == [[a, str(p), str(c)] for a, p, c in by_actor.itertuples(index=False)]


def test_chart_table_with_people_is_masked_and_neutralised(con: duckdb.DuckDBPyConnection) -> None:
    people = queries.case_rows(con, Filters(), STAFF, columns=["case_id", "person_name", "nip", "reported_on"])
    chart = ChartTable("Daftar", people)
    wb = open_xlsx(export.build_xlsx(con, Filters(), STAFF, chart=chart, exported_at=EXPORTED_AT))
    cells = [row for row in wb["Tabel Grafik"].iter_rows(min_row=5, values_only=True)]
    assert all("***" in r[1] for r in cells)
    assert any(r[1] == "'" + mask_name(INJECTION_NAMES[0]) for r in cells)
    assert all(r[2] is None or re.fullmatch(r"\d{4}\*{12}\d{2}", r[2]) for r in cells)
    assert any(isinstance(r[3], dt.datetime) for r in cells)
    text = export.table_csv(chart).decode("utf-8-sig")
    assert "Sugiarto Rahmadi" not in text and "'+***" in text and "'+1" not in text


def test_rows_stream_in_chunks_and_continue_on_a_new_sheet(con: duckdb.DuckDBPyConnection) -> None:
    total = queries.total_persons(con, EVERY_ROW)
    data = export.build_xlsx(con, EVERY_ROW, STAFF, masked=False, chunk_rows=3, max_rows_per_sheet=5,
                             exported_at=EXPORTED_AT)
    wb = open_xlsx(data)
    data_sheets = [n for n in wb.sheetnames if n.startswith("Data")]
    assert data_sheets == ["Data", "Data (2)", "Data (3)"]
    records = [r for n in data_sheets for r in data_records(wb, n)]
    assert [r["no"].value for r in records] == list(range(1, total + 1))
    expected = queries.case_rows(con, EVERY_ROW, STAFF)
    assert [r["source_row"].value for r in records] == [int(v) for v in expected["source_row"]]
    for name in data_sheets:
        ws = wb[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{get_column_letter(len(DATA_COLUMNS))}{ws.max_row}"
    chunks = list(queries.case_row_chunks(con, EVERY_ROW, GUEST, columns=["person_name", "nip"], chunk_rows=4))
    assert [len(c) for c in chunks] == [4, 4, 4]
    flat = [row for chunk in chunks for row in chunk]
    frame = queries.case_rows(con, EVERY_ROW, GUEST, columns=["person_name", "nip"])
    assert [r[0] for r in flat] == frame["person_name"].tolist()
    assert [r[1] for r in flat] == [v if isinstance(v, str) else None for v in frame["nip"]]
    assert all(n is None or n == mask_nip(n) or "*" in n for _, n in flat)


def test_empty_selection_exports_headers_and_zero(con: duckdb.DuckDBPyConnection) -> None:
    filters = Filters(search="tidak-ada-yang-cocok")
    data = export.build_xlsx(con, filters, GUEST, exported_at=EXPORTED_AT)
    wb = open_xlsx(data)
    assert wb["Data"].max_row == 1
    assert summary_pairs(wb)["Jumlah terlapor"] == 0
    assert summary_pairs(wb)["Dataset"] == "Tidak ada data untuk filter ini"
    text = export.build_csv(con, filters, GUEST).decode("utf-8-sig")
    assert text.strip() == ";".join(f'"{c.header}"' for c in DATA_COLUMNS)  # every field quoted


# ---------------------------------------------------------------------------------------------------------------
# Large exports and LibreOffice
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_db(export_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """100 000 person rows: the loaded fixture rows repeated with distinct register numbers and row numbers."""
    path = tmp_path_factory.mktemp("export_large") / "besar.duckdb"
    shutil.copyfile(export_db, path)
    with contextlib.closing(duckdb.connect(str(path))) as db_con:
        n = db_con.execute("SELECT count(*) FROM violations").fetchone()[0]
        copies = -(-100_000 // n)
        db_con.execute("CREATE TABLE base AS SELECT * FROM violations")
        db_con.execute("DELETE FROM violations")
        db_con.execute(
            "INSERT INTO violations SELECT base.* REPLACE (base.case_id || '-' || t.k AS case_id, "
            "base.source_row + t.k * 1000 AS source_row, NULL AS case_key) FROM base, range(?) t(k) LIMIT 100000",
            [copies])
        db_con.execute("DROP TABLE base")
        db.assign_case_keys(db_con)
        db_con.execute("CHECKPOINT")
    return path


EXPORT_IN_CHILD = """
import sys, duckdb
sys.path.insert(0, sys.argv[1])
from netralitas import export, queries
con = duckdb.connect(sys.argv[2], read_only=True)
viewer = queries.Viewer(role="staf")
every_row = queries.Filters(datasets=("sendiri", "contoh"))
rows = export.write_xlsx(sys.argv[3], con, every_row, viewer, masked=False)
with open(sys.argv[4], "wb") as fh:
    csv_rows = export.write_csv(fh, con, every_row, viewer)
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM")).split()[1]
print(rows, csv_rows, int(peak) // 1024)
"""


@pytest.mark.slow
def test_100k_rows_export_in_flat_memory(large_db: Path, tmp_path: Path) -> None:
    """100 000 rows stream from DuckDB into the workbook and the CSV; the process stays under 400 MB."""
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc")
    with contextlib.closing(db.connect_readonly(large_db)) as db_con:
        assert queries.total_persons(db_con, EVERY_ROW) == 100_000
    out, out_csv = tmp_path / "besar.xlsx", tmp_path / "besar.csv"
    result = subprocess.run([sys.executable, "-c", EXPORT_IN_CHILD, str(ROOT), str(large_db), str(out), str(out_csv)],
                            capture_output=True, text=True, timeout=900, check=True)
    rows, csv_rows, peak_mib = (int(v) for v in result.stdout.split())
    assert rows == csv_rows == 100_000
    assert peak_mib < 400, f"peak RSS {peak_mib} MiB"
    wb = openpyxl.load_workbook(out, read_only=True)
    try:
        assert wb["Data"].max_row == 100_001
        assert wb.sheetnames == ["Ringkasan", "Data", "Rekap"]
    finally:
        wb.close()
    with out_csv.open(encoding="utf-8-sig", newline="") as fh:
        assert sum(1 for _ in csv.reader(fh, delimiter=";")) == 100_001


def libreoffice() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.slow
def test_libreoffice_opens_the_export(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    office = libreoffice()
    if office is None:
        if os.environ.get("CI"):
            pytest.fail("libreoffice not installed; .ci installs it")
        pytest.skip("libreoffice not installed")
    chart = ChartTable("Terlapor per siklus", queries.counts_by(con, Filters(), ["cycle"]))
    source = tmp_path / "ekspor.xlsx"
    source.write_bytes(export.build_xlsx(con, Filters(), STAFF, masked=False, chart=chart))
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    pdf = tmp_path / "ekspor.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.exists() and pdf.stat().st_size > 1000, (result.stdout, result.stderr)
    assert pdf.read_bytes().startswith(b"%PDF")
    # LibreOffice reads the neutralised texts as text: save the file again with LibreOffice and look inside
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "xlsx",
         "--outdir", str(tmp_path / "lo"), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    resaved = (tmp_path / "lo" / "ekspor.xlsx").read_bytes()
    wb = open_xlsx(resaved)
    assert wb.sheetnames == ["Ringkasan", "Tabel Grafik", "Data", "Rekap"]
    assert_no_formula(resaved, wb)
    names = {r["person_name"].value for r in data_records(wb)}
    assert {"'" + n for n in INJECTION_NAMES} <= names


# ---------------------------------------------------------------------------------------------------------------
# The controls on the pages (AppTest)
# ---------------------------------------------------------------------------------------------------------------


def open_page(db_path: Path, monkeypatch: pytest.MonkeyPatch, page: str | None, role: str = "tamu",
              **params: str) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db_path))
    at = as_role(AppTest.from_file(APP, default_timeout=60), role)
    for k, v in params.items():
        at.query_params[k] = v
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def download_buttons(at: AppTest) -> list:
    return [b for b in at.get("download_button")]


def test_data_page_has_export_controls_locked_for_guests(export_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                        con: duckdb.DuckDBPyConnection) -> None:
    at = open_page(export_db, monkeypatch, "pages/data.py", siklus="Pemilu 2024")
    toggle = next(t for t in at.toggle if t.label == "Samarkan nama dan NIP")
    assert toggle.value is True and toggle.disabled
    buttons = download_buttons(at)
    labels = [b.proto.label for b in buttons]
    assert "Unduh Excel (.xlsx)" in labels and "Unduh CSV" in labels
    assert all(b.proto.ignore_rerun for b in buttons)
    caption = next(c.value for c in at.caption if c.value.startswith("Sesuai filter:"))
    total = queries.total_persons(con, Filters(cycles=("Pemilu 2024",)))
    assert f"Sesuai filter: {total} terlapor" in caption and "**disamarkan**" in caption


def test_data_page_staff_may_unmask(export_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(export_db, monkeypatch, "pages/data.py", role="staf")
    toggle = next(t for t in at.toggle if t.label == "Samarkan nama dan NIP")
    assert toggle.value is True and not toggle.disabled
    toggle.set_value(False).run()
    assert not at.exception
    caption = next(c.value for c in at.caption if c.value.startswith("Sesuai filter:"))
    assert "ditampilkan utuh" in caption


def test_every_chart_table_has_downloads(export_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(export_db, monkeypatch, None)
    popovers = at.main.get("popover")  # the sidebar has its own ("Salin tautan")
    assert popovers and all(p.proto.popover.label == "Unduh tabel" for p in popovers)
    for popover in popovers:  # each holds its own Excel and CSV buttons
        inside = [type(c).__name__ for c in popover.children.values()]
        assert inside.count("DownloadButton") == 2, inside
    expanders = [e for e in at.expander if e.label.startswith("Lihat tabel")]
    assert len(popovers) == len(expanders)
    buttons = download_buttons(at)
    assert len(buttons) == 2 * len(popovers)
    assert {b.proto.label for b in buttons} == {"Excel (.xlsx)", "CSV"}
    assert all(b.proto.ignore_rerun for b in buttons)
