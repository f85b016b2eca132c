"""A register that holds only its header row (a template not filled in yet) gets a message that says so — on the
command line and on the upload page — instead of the message for a sheet whose header was not found."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from loaders.pipeline import load_paths
from tests.registers import new_workbook, put_rows, run_cli, scalar
from tests.roles import app_test, as_role, page_path

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


HEADER = ["No", "Nomor Register", "Nama Terlapor", "NIP", "Status Kepegawaian", "Status Penanganan", "Sanksi"]
HEADER_ONLY = "hanya berisi baris judul kolom"
NO_HEADER = "Tidak ada baris data yang dikenali"


def _header_only_xlsx(path: Path, with_title: bool = False) -> Path:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, ([["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN"], []] if with_title else [])
             + [HEADER])
    wb.save(path)
    return path


@pytest.mark.parametrize("with_title", [False, True])
def test_cli_says_a_header_only_xlsx_has_no_data_rows(tmp_path: Path, with_title: bool) -> None:
    path = _header_only_xlsx(tmp_path / "kosong.xlsx", with_title)
    db = tmp_path / "t.duckdb"
    code, out, err = run_cli(str(path), "--db", str(db))
    assert code == 0, err  # the file was read: nothing in it to load
    assert HEADER_ONLY in out and "isi baris data di bawahnya" in out
    assert "tidak ditemukan baris judul kolom" not in out
    assert scalar(db, "SELECT count(*) FROM violations") == 0


def test_cli_says_a_header_only_csv_has_no_data_rows(tmp_path: Path) -> None:
    path = tmp_path / "kosong.csv"
    path.write_text("No;Nama;NIP;Status Kepegawaian\n", encoding="utf-8")
    code, out, _ = run_cli(str(path), "--db", str(tmp_path / "t.duckdb"), "--dry-run")
    assert code == 0 and HEADER_ONLY in out


def test_only_the_empty_sheet_of_a_workbook_is_named(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [HEADER, [1, "R-1", "Satu", None, "PNS", "Diregister", None]])
    put_rows(wb.create_sheet("Pilkada 2024"), [HEADER])
    path = tmp_path / "dua.xlsx"
    wb.save(path)
    (result,) = load_paths([path], tmp_path / "t.duckdb")
    assert result.rows_loaded == 1 and result.nothing_loaded_reason is None
    problems = {s.name: s.problem for s in result.sheets}
    assert problems["Pemilu 2024"] is None and HEADER_ONLY in problems["Pilkada 2024"]


def test_the_reason_fits_what_the_file_holds(tmp_path: Path) -> None:
    header_only = _header_only_xlsx(tmp_path / "a.xlsx")
    wb = new_workbook("Catatan")
    put_rows(wb.active, [["Daftar belanja"], ["kertas", 3]])
    wb.save(no_header := tmp_path / "b.xlsx")
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [HEADER, [1, None, None, None, "PNS", "Diregister", "teguran"]])
    wb.save(all_rejected := tmp_path / "c.xlsx")
    reasons = {r.source_file: r.nothing_loaded_reason for r in load_paths([tmp_path], tmp_path / "t.duckdb",
                                                                          dry_run=True)}
    assert HEADER_ONLY in reasons[header_only.name]
    assert NO_HEADER in reasons[no_header.name]
    assert "ditolak" in reasons[all_rejected.name]


def _upload_page(db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = as_role(app_test(monkeypatch), "staf")
    at.run()
    at.switch_page(page_path("unggah.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.slow
def test_upload_page_says_a_header_only_file_has_no_data_rows(bundled_db: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = _upload_page(bundled_db, monkeypatch)
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    wb.save(buffer)
    at.file_uploader[0].upload("register_kosong.xlsx", buffer.getvalue())
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert any(HEADER_ONLY in w for w in warnings), warnings
    assert not any(NO_HEADER in w for w in warnings)
    assert at.button(key="muat").disabled
