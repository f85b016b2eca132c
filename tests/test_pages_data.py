"""Data Kasus (/data), Kualitas Data (/kualitas) and Unggah Data (/unggah): AppTest on real DuckDB files.

Every database here is built by the real loader from registers written with openpyxl; figures shown on the
pages are compared with hand-written SQL on the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from loaders.pipeline import load_paths
from loaders.reading import SUPPORTED_SUFFIXES
from netralitas import queries
from netralitas.normalize import NOTE_KINDS
from netralitas.uploads import UPLOAD_SUFFIXES, UploadError, safe_upload_name, save_upload
from tests.fast_loop import first_fast
from tests.markdown import markdown_shows
from tests.roles import as_role

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")

HEADER = ["No", "No. Register", "Tgl Temuan/Laporan", "Nama Terlapor", "NIP", "Status Kepegawaian", "Jabatan",
          "Instansi", "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Sanksi"]

# (register no, date, name, NIP, actor type, position, agency, kecamatan, violation, status, sanction) per sheet.
MESSY_ROWS: dict[str, list[tuple]] = {
    "Pilwakot 2020": [
        ("001/TM/PW/Kota/14.01/IX/2020", dt.date(2020, 9, 28), "Hartono Wibisono", "196805121990031005", "PNS",
         "Lurah", "Kelurahan Sampangan", "Gajah Mungkur", "Menghadiri deklarasi pasangan calon", "Sanksi dijatuhkan",
         "pernyataan secara tertutup"),
        ("001/TM/PW/Kota/14.01/IX/2020", dt.date(2020, 9, 28), "Sri Mulyani Rahayu", "197002141994032008", "PNS",
         "Sekretaris Kelurahan", "Kelurahan Sampangan", "Gajah Mungkur", "Menghadiri deklarasi pasangan calon",
         "Sanksi dijatuhkan", "pernyataan secara tertutup"),
        ("002/LP/PW/Kota/14.01/X/2020", "5 Oktober 2020", "Joko Susilo", "", "Tenaga Harian Lepas", "Sopir",
         "Dinas Perhubungan", "Pedurungan", "Foto bersama calon dengan gestur jari", "Tidak diregister", "-"),
    ],
    "Pemilu 2024": [
        ("001/TM/PL/Kota/14.01/I/2023", dt.date(2023, 1, 10), "Sugeng Riyadi", "198503122010011003", "PNS",
         "Sekretaris Camat", "Kecamatan Tembalang", "Tembalang", "Foto bersama calon", "Rekomendasi terbit",
         "Sanksi moral pernyataan secara terbuka"),
        ("002/TM/PL/Kota/14.01/VIII/2023", "16 Agustus 2023", "Dewi Lestari", 198703152011012004, "PPPK", "Guru",
         "SD Negeri Banyumanik 1", "Banyumanik", "Menjadi bakal calon anggota legislatif", "Diteruskan ke KASN",
         "proses"),
        ("003/LP/PL/Kota/14.01/II/2024", "tgl ??", "Bambang Sutrisno", "199001012015031002", "Satpam kontrak",
         "Staf", "Dinas Perhubungan", "Smg Barat", "Menghadiri kampanye", "Rekomendasi terbit",
         "hukdis ringan (penundaan KGB)"),
        (None, None, None, None, None, "Staf", None, None, None, None, None),  # rejected: not a case
        ("004/TM/PL/Kota/14.01/II/2024", dt.date(2024, 2, 1), "Agus Salim", "", "THL", "Sopir", "Kecamatan Genuk",
         "Genuk", "Memasang spanduk", "Sanksi dijatuhkan", "diberhentikan"),
    ],
    "Pilkada 2024": [
        ("010/TM/PW/Kota/14.01/X/2024", dt.date(2024, 10, 3), "Rina Wati Kusuma", "199203142019032001", "PNS",
         "Guru", "SMA Negeri 5 Semarang", "Candisari", "Menyukai unggahan calon di media sosial",
         "Sanksi dijatuhkan", "penundaan KGB 1 tahun"),
        ("011/TM/PW/Kota/14.01/X/2024", dt.date(2024, 10, 7), "Yohanes Prasetyo", "198811052014021001", "PNS",
         "Staf Pelaksana", "Diskominfo", "Semarang Tengah", "Menghadiri kampanye", "Diteruskan ke BKN", "menunggu"),
    ],
}
CLEAR_NAMES = [r[2] for rows in MESSY_ROWS.values() for r in rows if r[2]]


def register_workbook(sheets: dict[str, list[tuple]], *, title: bool = True) -> openpyxl.Workbook:
    """A hand-kept-looking register: title rows, a header, data rows and a JUMLAH row on each sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet_name, rows in sheets.items():
        ws = wb.create_sheet(sheet_name)
        if title:
            ws.append(["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN"])
            ws.append(["BAWASLU KOTA SEMARANG"])
            ws.append([])
        ws.append(HEADER)
        for i, row in enumerate(rows, start=1):
            ws.append([i, *row])
        if rows:
            ws.append([None, "JUMLAH", None, None])
    return wb


def write_register(path: Path, sheets: dict[str, list[tuple]], *, title: bool = True) -> Path:
    """Save :func:`register_workbook` to ``path``."""
    register_workbook(sheets, title=title).save(path)
    return path


def register_bytes(sheets: dict[str, list[tuple]], *, title: bool = True) -> bytes:
    """The bytes of an .xlsx register (what a browser uploads)."""
    buffer = io.BytesIO()
    register_workbook(sheets, title=title).save(buffer)
    return buffer.getvalue()


def person_rows(prefix: str, count: int, cycle_date: dt.date = dt.date(2024, 10, 1)) -> list[tuple]:
    """``count`` clean, distinct data rows (for large registers and uploads)."""
    return [
        (f"{prefix}-{i:05d}", cycle_date + dt.timedelta(days=i % 40), f"Pegawai {prefix} {i}", f"19900101{i:010d}",
         ("PNS", "PPPK", "THL")[i % 3], "Staf", "Dinas Pendidikan", "Tugu", "Kampanye di media sosial",
         "Sanksi dijatuhkan", "teguran tertulis")
        for i in range(count)
    ]


def count(db_path: Path, sql: str, params: list | None = None) -> int:
    """One integer from a hand-written query on a read-only connection."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return int(con.execute(sql, params or []).fetchone()[0])
    finally:
        con.close()


def build_db(folder: Path, registers: list[Path]) -> Path:
    """A database loaded from ``registers`` by the real loader."""
    db_path = folder / "netralitas.duckdb"
    results = load_paths(registers, db_path)
    assert all(r.ok for r in results), [r.error for r in results]
    return db_path


@pytest.fixture(scope="module")
def messy_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database from one messy register (rejected row, unknown actor type, unreadable date, NIP as number…)."""
    folder = tmp_path_factory.mktemp("messy")
    return build_db(folder, [write_register(folder / "register_uji.xlsx", MESSY_ROWS)])


@pytest.fixture(scope="module")
def large_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with more rows than one table page (1,000)."""
    folder = tmp_path_factory.mktemp("large")
    return build_db(folder, [write_register(folder / "register_besar.xlsx", {"Pilkada 2024": person_rows("B", 1_050)})])


def open_page(db_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, role: str | None = None,
              params: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run the app on ``db_path`` as ``role`` and open ``page`` (the upload page is for staff; guests elsewhere)."""
    role = role or ("staf" if page == "pages/unggah.py" else "tamu")
    monkeypatch.setenv("NETRALITAS_DB", str(db_path))
    at = as_role(AppTest.from_file(APP, default_timeout=60), role)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def caption_number(at: AppTest, word: str) -> int:
    """The number written before ``word`` in a caption ("**1.050 terlapor** …")."""
    for c in at.caption:
        m = re.search(r"([\d.]+) " + word, c.value)
        if m:
            return int(m.group(1).replace(".", ""))
    raise AssertionError(f"no caption with '{word}': {[c.value for c in at.caption]}")


def all_cells(at: AppTest) -> str:
    """Every cell of every table on the page, as one text (to look for names that must not be there)."""
    frames = [df.value.drop(columns=["sha", "file_sha256"], errors="ignore") for df in at.dataframe]
    return "\n".join(frame.astype(str).to_csv() for frame in frames)


# ---------------------------------------------------------------------------------------------------------------
# Data Kasus
# ---------------------------------------------------------------------------------------------------------------

def test_data_default_shows_every_row_masked(messy_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/data.py")
    expected = count(messy_db, "SELECT count(*) FROM violations")
    assert expected == 9
    assert caption_number(at, "terlapor") == expected
    table = at.dataframe[0].value
    assert len(table) == expected
    cells = all_cells(at)
    for name in CLEAR_NAMES:
        assert name not in cells
    assert "198503122010011003" not in cells
    assert "Sug*** R***" in set(table["person_name"])
    assert any("disamarkan" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("params", "where", "args"),
    first_fast([
        ({"siklus": "Pemilu 2024"}, "cycle = ?", ["Pemilu 2024"]),
        ({"siklus": ["Pemilu 2024", "Pilkada 2024"], "pegawai": "PNS"},
         "cycle IN (?, ?) AND actor_type = ?", ["Pemilu 2024", "Pilkada 2024", "PNS"]),
        ({"kecamatan": "Gajahmungkur"}, "district = ?", ["Gajahmungkur"]),
        ({"dari": "2024-01-01", "sampai": "2024-12-31"}, "reported_on BETWEEN ? AND ?",
         [dt.date(2024, 1, 1), dt.date(2024, 12, 31)]),
        ({"cari": "dinas perhubungan"}, "lower(agency) LIKE ?", ["%dinas perhubungan%"]),
        ({"sanksi": "Tidak terbukti"}, "severity = ?", ["Tidak terbukti"]),
    ]),
)
def test_data_filtered_count_equals_sql(messy_db: Path, monkeypatch: pytest.MonkeyPatch, params: dict,
                                        where: str, args: list) -> None:
    at = open_page(messy_db, monkeypatch, "pages/data.py", params=params)
    expected = count(messy_db, f"SELECT count(*) FROM violations WHERE {where}", args)
    assert expected > 0
    assert caption_number(at, "terlapor") == expected
    assert len(at.dataframe[0].value) == expected


def test_data_filter_leaving_nothing_shows_empty_state(messy_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/data.py", params={"siklus": "Pilwakot 2020", "pegawai": "PPPK"})
    assert count(messy_db, "SELECT count(*) FROM violations WHERE cycle = 'Pilwakot 2020' AND actor_type = 'PPPK'") == 0
    assert not at.dataframe
    assert any("Tidak ada data" in i.value for i in at.info)


def test_data_empty_database(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(empty_db, monkeypatch, "pages/data.py")
    assert not at.dataframe
    assert any("Tidak ada data" in i.value for i in at.info)


def _select_row(at: AppTest, row: int) -> None:
    table = at.dataframe[0]
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_data_selected_row_shows_full_record_and_provenance(messy_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/data.py")
    table = at.dataframe[0].value
    row = int(table.index[table["case_id"] == "003/LP/PL/Kota/14.01/II/2024"][0])
    _select_row(at, row)
    text = "\n".join(markdown_shows(m.value) for m in at.markdown)
    assert "Rincian: 003/LP/PL/Kota/14.01/II/2024" in "\n".join(markdown_shows(s.value) for s in at.subheader)
    expected_row = count(messy_db, "SELECT source_row FROM violations WHERE case_id = '003/LP/PL/Kota/14.01/II/2024'")
    assert f"File **register_uji.xlsx**, sheet **Pemilu 2024**, baris **{expected_row}**" in text
    assert NOTE_KINDS["jenis_pegawai"] in text  # unknown actor type "Satpam kontrak"
    assert NOTE_KINDS["tanggal"] in text
    assert NOTE_KINDS["sanksi_bertentangan"] in text
    assert "Bambang Sutrisno" not in text and "199001012015031002" not in text
    assert any("disembunyikan untuk tamu" in c.value for c in at.caption)


def test_data_selected_row_masks_nip_inside_notes_for_guests(messy_db: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/data.py")
    table = at.dataframe[0].value
    _select_row(at, int(table.index[table["case_id"] == "002/TM/PL/Kota/14.01/VIII/2023"][0]))
    text = "\n".join(markdown_shows(m.value) for m in at.markdown)
    assert NOTE_KINDS["nip_angka"] in text
    assert not re.search(r"\d{9,}", text), text


def test_data_staff_sees_names_and_raw_cells(messy_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/data.py", role="staf")
    table = at.dataframe[0].value
    assert "Bambang Sutrisno" in set(table["person_name"])
    assert "199203142019032001" in set(table["nip"])
    _select_row(at, int(table.index[table["person_name"] == "Bambang Sutrisno"][0]))
    text = "\n".join(markdown_shows(m.value) for m in at.markdown)
    assert "**Nama:** Bambang Sutrisno" in text
    assert "tertulis: “Satpam kontrak”" in text
    raw_tables = [df.value for df in at.dataframe if "Isi sel" in df.value.columns]
    assert raw_tables and "Satpam kontrak" in set(raw_tables[0]["Isi sel"])


def test_data_pages_through_large_tables(large_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(large_db, monkeypatch, "pages/data.py")
    assert caption_number(at, "terlapor") == count(large_db, "SELECT count(*) FROM violations") == 1_050
    assert len(at.dataframe[0].value) == 1_000
    assert any("halaman 1 dari 2" in c.value and "1.000 baris per halaman" in c.value for c in at.caption)
    at.pagination[0].select(2)
    at.run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 50
    assert any("1.001–1.050" in c.value for c in at.caption)
    first_page_ids = count(large_db, "SELECT count(*) FROM violations WHERE case_id = ?",
                           [at.dataframe[0].value["case_id"].iloc[0]])
    assert first_page_ids == 1


@pytest.mark.parametrize("page", ["pages/data.py", "pages/kualitas.py", "pages/unggah.py"])
def test_pages_on_bundled_data(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    at = open_page(bundled_db, monkeypatch, page)
    if page == "pages/data.py":
        assert caption_number(at, "terlapor") == count(bundled_db, "SELECT count(*) FROM violations")
    if page == "pages/kualitas.py":
        assert _metric(at, "Catatan kualitas") == count(bundled_db, "SELECT count(*) FROM quality_notes")


def test_data_bundled_filtered_count_equals_sql(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(bundled_db, monkeypatch, "pages/data.py",
                   params={"siklus": "Pemilu 2024", "pegawai": ["PPPK", "THL"], "sanksi": ["Berat", "Pemberhentian"]})
    expected = count(bundled_db, "SELECT count(*) FROM violations WHERE cycle = 'Pemilu 2024' "
                                 "AND actor_type IN ('PPPK', 'THL') AND severity IN ('Berat', 'Pemberhentian')")
    assert expected > 0
    assert caption_number(at, "terlapor") == expected


def test_data_has_marked_place_for_export_controls() -> None:
    source = (ROOT / "pages" / "data.py").read_text(encoding="utf-8")
    title = source.index('st.subheader("Daftar terlapor")')
    marker = source.index("export_controls(")
    table = source.index("st.dataframe(\n    rows")
    assert title < marker < table


# ---------------------------------------------------------------------------------------------------------------
# Kualitas Data
# ---------------------------------------------------------------------------------------------------------------

def _metric(at: AppTest, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label).replace(".", ""))


def test_quality_page_counts_equal_sql(messy_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/kualitas.py")
    assert _metric(at, "File dimuat") == count(messy_db, "SELECT count(*) FROM load_batches WHERE active") == 1
    assert _metric(at, "Baris dimuat") == count(messy_db, "SELECT count(*) FROM violations")
    assert _metric(at, "Baris ditolak") == count(messy_db, "SELECT count(*) FROM rejected_rows") == 1
    assert _metric(at, "Catatan kualitas") == count(messy_db, "SELECT count(*) FROM quality_notes")

    kinds_table = next(df.value for df in at.dataframe if "label" in df.value.columns)
    for kind, label in NOTE_KINDS.items():
        expected = count(messy_db, "SELECT count(*) FROM quality_notes WHERE kind = ?", [kind])
        shown = kinds_table.loc[kinds_table["label"] == label, "notes"]
        assert (int(shown.iloc[0]) if len(shown) else 0) == expected
    assert set(kinds_table["label"]) >= {NOTE_KINDS["jenis_pegawai"], NOTE_KINDS["tanggal"], NOTE_KINDS["nip_angka"],
                                         NOTE_KINDS["sanksi_bertentangan"]}

    rejected = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    assert list(rejected["source_row"]) == [count(messy_db, "SELECT source_row FROM rejected_rows")]
    assert "tidak dapat menjadi kasus" in rejected["reason"].iloc[0]
    assert set(rejected["raw"]) == {"(disembunyikan)"}

    batches = next(df.value for df in at.dataframe if "rows_read" in df.value.columns)
    assert list(batches["source_file"]) == ["register_uji.xlsx"]
    cells = all_cells(at)
    for name in CLEAR_NAMES:
        assert name not in cells
    assert not re.search(r"\d{9,}", cells.replace("register_uji", ""))


def test_quality_page_shows_the_rows_behind_each_kind(messy_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/kualitas.py")
    box = at.selectbox(key="jenis_catatan")
    assert all("(" in o for o in box.options)
    box.set_value("jenis_pegawai")
    at.run()
    rows = next(df.value for df in at.dataframe if "message" in df.value.columns)
    expected = count(messy_db, "SELECT source_row FROM quality_notes WHERE kind = 'jenis_pegawai'")
    assert list(rows["source_row"]) == [expected]
    assert "Satpam kontrak" in rows["message"].iloc[0]
    assert rows["person_name"].iloc[0] == "Bam*** S***"


def test_quality_page_with_filters_in_url_still_shows_whole_database(messy_db: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/kualitas.py", params={"siklus": "Pemilu 2024"})
    assert _metric(at, "Baris dimuat") == count(messy_db, "SELECT count(*) FROM violations")
    assert any("filter di sidebar tidak berlaku" in c.value for c in at.caption)


def test_quality_page_staff_sees_raw_cells(messy_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(messy_db, monkeypatch, "pages/kualitas.py", role="staf")
    rejected = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    assert "Staf" in rejected["raw"].iloc[0]


def test_quality_page_empty_database(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(empty_db, monkeypatch, "pages/kualitas.py")
    assert _metric(at, "Baris dimuat") == 0
    assert any("Tidak ada catatan" in s.value for s in at.success)
    assert any("Tidak ada baris yang ditolak" in s.value for s in at.success)


# ---------------------------------------------------------------------------------------------------------------
# Unggah Data
# ---------------------------------------------------------------------------------------------------------------

@pytest.fixture()
def upload_db(messy_db: Path, tmp_path: Path) -> Path:
    """A private copy of the messy database (uploads write to it)."""
    target = tmp_path / "netralitas.duckdb"
    shutil.copyfile(messy_db, target)
    return target


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        zf.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def commit_buttons(at: AppTest) -> list:
    """The "Muat ke basis data" button, if the page shows it."""
    return [b for b in at.button if b.key == "muat"]


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].upload(name, data)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_upload_dry_run_then_commit(upload_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = count(upload_db, "SELECT count(*) FROM violations")
    mtime = upload_db.stat().st_mtime_ns
    at = open_page(upload_db, monkeypatch, "pages/unggah.py")
    data = register_bytes({"Pilkada 2024": person_rows("U", 7)})
    _upload(at, "Register Unggah 2024.xlsx", data)

    assert _metric(at, "Akan dimuat") == 7
    assert _metric(at, "Ditolak") == 0
    assert "Uji coba: Register Unggah 2024.xlsx" in [markdown_shows(s.value) for s in at.subheader]
    sheets = at.dataframe[0].value
    assert list(sheets["sheet"]) == ["Pilkada 2024"] and list(sheets["loaded"]) == [7]
    assert upload_db.stat().st_mtime_ns == mtime  # a dry run writes nothing
    assert count(upload_db, "SELECT count(*) FROM violations") == before

    at.button(key="muat").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("dimuat ke basis data: 7 baris" in s.value for s in at.success)
    assert count(upload_db, "SELECT count(*) FROM violations WHERE source_file = 'Register Unggah 2024.xlsx'") == 7
    assert count(upload_db, "SELECT count(*) FROM violations") == before + 7
    assert count(upload_db, "SELECT count(*) FROM load_batches WHERE source_file = 'Register Unggah 2024.xlsx'") == 1
    assert not at.file_uploader[0].value  # ready for the next file

    at.switch_page("pages/data.py")
    at.run()
    assert caption_number(at, "terlapor") == before + 7  # the caches were cleared

    # the same bytes again: skipped, nothing changes
    at.switch_page("pages/unggah.py")
    at.run()
    mtime = upload_db.stat().st_mtime_ns
    _upload(at, "Register Unggah 2024.xlsx", data)
    assert any("identik" in i.value for i in at.info)
    assert not commit_buttons(at)  # nothing to commit
    assert upload_db.stat().st_mtime_ns == mtime


def test_upload_same_name_replaces_its_rows(upload_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(upload_db, monkeypatch, "pages/unggah.py")
    _upload(at, "register_uji.xlsx", register_bytes({"Pemilu 2024": person_rows("R", 3, dt.date(2023, 12, 1))}))
    assert any("mengganti" in w.value for w in at.warning)
    at.button(key="muat").click()
    at.run()
    assert any("baris lama dari file bernama sama telah diganti" in s.value for s in at.success)
    assert count(upload_db, "SELECT count(*) FROM violations WHERE source_file = 'register_uji.xlsx'") == 3
    assert count(upload_db, "SELECT count(*) FROM violations") == 3


@pytest.mark.parametrize(
    ("name", "data", "message"),
    first_fast([
        ("acak.xlsx", bytes(range(256)) * 20, "bukan workbook Excel"),
        ("kosong.xlsx", b"", "kosong"),
        ("kosong.csv", b"", "kosong"),
        ("laporan.xlsx", _docx_bytes(), "Excel"),
    ]),
)
def test_upload_bad_file_shows_indonesian_error_and_writes_nothing(
    upload_db: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, message: str
) -> None:
    mtime = upload_db.stat().st_mtime_ns
    at = open_page(upload_db, monkeypatch, "pages/unggah.py")
    _upload(at, name, data)
    errors = [e.value for e in at.error]
    assert errors and "tidak dapat dibaca" in errors[0] and message in errors[0], errors
    assert "Tidak ada yang ditulis" in errors[0]
    assert not commit_buttons(at)
    assert upload_db.stat().st_mtime_ns == mtime


def test_upload_without_recognisable_header_cannot_be_committed(upload_db: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["Daftar belanja"])
    wb.active.append(["kertas", 3])
    wb.save(buffer)
    at = open_page(upload_db, monkeypatch, "pages/unggah.py")
    _upload(at, "belanja.xlsx", buffer.getvalue())
    assert _metric(at, "Akan dimuat") == 0
    assert at.button(key="muat").disabled
    assert any("Tidak ada baris data yang dikenali" in w.value for w in at.warning)


def test_upload_page_is_not_for_guests(upload_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(upload_db, monkeypatch, "pages/unggah.py", role="tamu")
    assert not at.file_uploader
    assert not commit_buttons(at)


def test_upload_page_on_empty_database(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page(empty_db, monkeypatch, "pages/unggah.py", params={"siklus": "Pemilu 2024"})
    assert at.file_uploader[0].allowed_type
    _upload(at, "baru.csv", b"No. Register;Nama Terlapor;Status Kepegawaian\n001/X;Budi Santoso;PNS\n")
    assert _metric(at, "Akan dimuat") == 1
    at.button(key="muat").click()
    at.run()
    assert count(empty_db, "SELECT count(*) FROM violations WHERE source_file = 'baru.csv'") == 1


# ---------------------------------------------------------------------------------------------------------------
# Upload names and the queries added for these pages
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Register 2024.xlsx", "Register 2024.xlsx"),
        ("C:\\Users\\staf\\Desktop\\Register 2024.XLSX", "Register 2024.XLSX"),
        ("../../etc/rekap.csv", "rekap.csv"),
        ("  .rekap\x00 pilkada.xls ", "rekap pilkada.xls"),
    ],
)
def test_safe_upload_name(raw: str, expected: str) -> None:
    assert safe_upload_name(raw) == expected


@pytest.mark.parametrize("raw", ["laporan.docx", "register", "", "../", ".xlsx", "x.xlsx.exe"])
def test_safe_upload_name_rejects(raw: str) -> None:
    with pytest.raises(UploadError):
        safe_upload_name(raw)


def test_save_upload_keeps_name_inside_folder(tmp_path: Path) -> None:
    path = save_upload("../../Register Kota.xlsx", b"abc", tmp_path)
    assert path == tmp_path / "Register Kota.xlsx" and path.read_bytes() == b"abc"
    assert UPLOAD_SUFFIXES == SUPPORTED_SUFFIXES


def test_abandoned_upload_folders_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import tempfile

    from netralitas.uploads import UPLOAD_DIR_PREFIX, new_upload_dir, remove_upload_dir

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    old, recent = tmp_path / f"{UPLOAD_DIR_PREFIX}lama", tmp_path / f"{UPLOAD_DIR_PREFIX}baru"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "register.xlsx").write_bytes(b"x")
    os.utime(old, (0, 0))
    fresh = new_upload_dir()
    assert fresh.parent == tmp_path and fresh.is_dir()
    assert not old.exists() and recent.exists()
    remove_upload_dir(fresh)
    assert not fresh.exists()


def test_quality_summary_and_file_batch_equal_sql(messy_db: Path) -> None:
    con = duckdb.connect(str(messy_db), read_only=True)
    try:
        summary = queries.quality_summary(con)
        assert summary == {
            "files": count(messy_db, "SELECT count(*) FROM load_batches WHERE active"),
            "rows_loaded": count(messy_db, "SELECT count(*) FROM violations"),
            "rows_rejected": count(messy_db, "SELECT count(*) FROM rejected_rows"),
            "notes": count(messy_db, "SELECT count(*) FROM quality_notes"),
            "rows_with_notes": count(messy_db, "SELECT count(DISTINCT (source_file, source_sheet, source_row)) "
                                               "FROM quality_notes"),
        }
        batch = queries.file_batch(con, "register_uji.xlsx")
        assert batch is not None
        assert batch["rows_now"] == count(messy_db, "SELECT count(*) FROM violations WHERE source_file = ?",
                                          ["register_uji.xlsx"])
        assert batch["batch_id"] == count(messy_db, "SELECT max(batch_id) FROM load_batches")
        assert queries.file_batch(con, "tidak-ada.xlsx") is None
    finally:
        con.close()


def test_case_detail_masks_nip_in_note_messages_for_guests(messy_db: Path) -> None:
    con = duckdb.connect(str(messy_db), read_only=True)
    try:
        row = con.execute("SELECT source_file, source_sheet, source_row FROM quality_notes "
                          "WHERE kind = 'nip_angka'").fetchone()
        guest = queries.case_detail(con, *row, queries.Viewer("tamu"))
        staff = queries.case_detail(con, *row, queries.Viewer("staf"))
    finally:
        con.close()
    assert guest and staff
    assert not any(re.search(r"\d{9,}", n["message"]) for n in guest["notes"])
    assert any(re.search(r"\d{9,}", n["message"]) for n in staff["notes"])


def test_undo_last_load_from_the_quality_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Staff can undo the last load on /kualitas (the same as `python -m loaders --undo`); guests see no button."""
    from tests.registers import fetch_rows, table_snapshot, write_register

    db_path = tmp_path / "t.duckdb"
    load_paths([write_register(tmp_path / "a.xlsx", [("R-1", "Satu")])], db_path)
    before = table_snapshot(db_path)
    load_paths([write_register(tmp_path / "b.xlsx", [("R-2", "Dua")])], db_path)
    assert len(fetch_rows(db_path)) == 2
    guest = open_page(db_path, monkeypatch, "pages/kualitas.py", role="tamu")
    assert not [b for b in guest.button if b.key == "undo_tombol"]
    at = open_page(db_path, monkeypatch, "pages/kualitas.py", role="staf")
    button = next(b for b in at.button if b.key == "undo_tombol")
    assert button.disabled
    at.checkbox(key="undo_yakin").check().run()
    at.button(key="undo_tombol").click().run()
    assert not at.exception
    assert any("dibatalkan" in s.value for s in at.success)
    assert table_snapshot(db_path) == before
