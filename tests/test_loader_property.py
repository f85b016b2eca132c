"""Property tests: random cells in random layouts never make a load raise, and every row is accounted for."""

from __future__ import annotations

import datetime as dt
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.pipeline import load_file_into, load_paths
from tests.registers import new_workbook, put_rows, scalar

HEADER_WORDS = ["No", "No. Reg", "Nomor Register", "Tanggal", "Tgl Temuan/Laporan", "Nama", "NIP", "Jabatan",
                "Status", "Status Kepegawaian", "Jenis ASN", "Unit Kerja", "OPD", "Kecamatan", "Jenis Pelanggaran",
                "Uraian", "Status Penanganan", "Sanksi", "Tindak Lanjut", "Terlapor", "Keterangan", "Siklus"]
CELL_WORDS = ["PNS", "P3K", "THL", "Honorer", "JUMLAH", "TOTAL", "Semarang, 31 Desember 2020", "Ketua",
              "teguran lisan", "PTDH", "tidak terbukti", "Diteruskan ke KASN", "Kec. Tugu", "Smg Barat", "-",
              "=SUM(A1:A3)", "+1", "@x", "31/02/2024", "Rabu, 16/9/2020", "16 September 2020", "Pemilu 2024",
              "PILKADA 2024", "19850312 201001 1 003", ""]

cells = st.one_of(
    st.none(),
    st.sampled_from(CELL_WORDS),
    st.text(alphabet=string.ascii_letters + string.digits + " .,/-=+@()", max_size=25),
    st.integers(min_value=-10**6, max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
)
header_rows = st.lists(st.sampled_from(HEADER_WORDS + [None]), min_size=1, max_size=10)
layouts = st.fixed_dictionaries(
    {
        "titles": st.lists(st.lists(cells, max_size=3), max_size=4),
        "header": header_rows,
        "second_header": st.one_of(st.none(), header_rows),
        "rows": st.lists(st.lists(cells, max_size=12), max_size=25),
        "merges": st.lists(st.tuples(st.integers(1, 30), st.integers(1, 12), st.integers(0, 3), st.integers(0, 3)),
                           max_size=4),
        "sheet": st.sampled_from(["Sheet1", "Pemilu 2024", "Rekap", "Pilwakot 2020"]),
    }
)


def _write(path: Path, layout: dict) -> None:
    wb = new_workbook(layout["sheet"])
    ws = wb.active
    r = put_rows(ws, layout["titles"])
    r = put_rows(ws, [layout["header"]] + ([layout["second_header"]] if layout["second_header"] else []), r)
    put_rows(ws, layout["rows"], r)
    taken: set[tuple[int, int]] = set()
    for row, col, dr, dc in layout["merges"]:
        area = {(row + i, col + j) for i in range(dr + 1) for j in range(dc + 1)}
        if (dr or dc) and not area & taken:
            ws.merge_cells(start_row=row, start_column=col, end_row=row + dr, end_column=col + dc)
            taken |= area
    wb.save(path)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(layout=layouts)
@pytest.mark.slow
def test_random_layouts_never_raise_and_rows_add_up(layout: dict) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "acak.xlsx"
        _write(path, layout)
        result = load_file_into(None, path, dry_run=True)
        assert result.status == "uji", result.error
        for sheet in result.sheets:
            assert sheet.rows_read == sheet.loaded + len(sheet.rejected) + sheet.skipped_total
        db = Path(tmp) / "t.duckdb"
        stored = load_paths([path], db)[0]
        assert stored.ok
        if stored.rows_loaded:
            assert scalar(db, "SELECT count(*) FROM violations") == stored.rows_loaded
            assert scalar(db, "SELECT count(*) FROM rejected_rows") == stored.rows_rejected
            assert scalar(db, "SELECT count(*) FROM violations WHERE severity IS NULL OR cycle IS NULL "
                              "OR actor_type IS NULL") == 0


@settings(max_examples=40, deadline=None, derandomize=True)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".xlsx", ".xls", ".csv", ".xlsm"]))
def test_random_bytes_never_crash_the_reader(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"acak{suffix}"
        path.write_bytes(data)
        result = load_file_into(None, path, dry_run=True)
        assert result.status in ("uji", "gagal")
        if result.status == "gagal":
            assert result.error and "\n" not in result.error
