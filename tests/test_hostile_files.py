"""Hostile files are refused (or read) at once, with a one-line Indonesian reason, and change nothing.

A register file is small on disk but may be built to expand: one part of the package expanding a thousand
times (while the archive as a whole looks ordinary), a header that lies about a part's size, one text cell
of hundreds of megabytes, a CSV field of tens of megabytes. Each shape is built here small (the benchmark
builds them full size, ``python -m bench --only hostile``): the tests assert the refusal, its message and
that the database did not change; the scanner's linear work is asserted by counting what it examines.
"""

from __future__ import annotations

import logging
import os
import re
import struct
import zipfile
from pathlib import Path

import pytest
import xlwt

from bench import crafted
from loaders import reading
from loaders.pipeline import load_file_into
from netralitas.excel_limits import MAX_CELL_CHARACTERS
from tests.markdown import markdown_shows
from tests.registers import fetch_rows, run_cli, table_snapshot, write_register

pytestmark = pytest.mark.slow  # crafted large files, each built and refused in turn

ENGLISH = re.compile(r"\b(?:the|for|than|larger|field|limit|entity|unrecognized|undefined|Bad|invalid|unexpected|"
                     r"[Ee]rror|found|cannot|failed|expected)\b")  # fmt: skip


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """A database that already holds one load (the state every refusal must leave untouched)."""
    path = tmp_path / "t.duckdb"
    assert run_cli(str(write_register(tmp_path / "awal.xlsx", [("R-0", "Awal")])), "--db", str(path))[0] == 0
    return path


def _refused(path: Path, db: Path) -> str:
    """Load ``path`` from the command line: it must fail alone, say why in one Indonesian line, change nothing;
    the dry run the upload page does must say the same. Returns the reason."""
    before = table_snapshot(db)
    code, out, err = run_cli(str(path), "--db", str(db))
    assert code == 1, out
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith(path.name + ": "), err
    reason = lines[0][len(path.name) + 2 :]
    assert not ENGLISH.search(reason.replace(path.name, "")), reason
    assert table_snapshot(db) == before
    dry = load_file_into(None, path, dry_run=True)
    assert dry.status == "gagal" and dry.error == reason
    return reason


def _says_cell_too_long(reason: str) -> None:
    assert "32.767" in reason and "karakter" in reason, reason


# ---- one cell longer than Excel allows ------------------------------------------------------------------------


def test_a_huge_inline_cell_behind_an_ordinary_looking_archive_is_refused(tmp_path: Path, db: Path) -> None:
    path = crafted.long_cell_xlsx(tmp_path / "sel.xlsx", 4 * 1024 * 1024, padding_bytes=200_000)
    with zipfile.ZipFile(path) as zf:  # the archive as a whole compresses like an ordinary workbook
        infos = zf.infolist()
        assert sum(i.file_size for i in infos) / sum(i.compress_size for i in infos) < reading.MAX_COMPRESSION_RATIO
    reason = _refused(path, db)
    assert "mengembang" in reason and "sheet1.xml" in reason


def test_a_cell_just_over_the_limit_is_refused_and_one_at_the_limit_loads(tmp_path: Path, db: Path) -> None:
    over = crafted.long_cell_xlsx(tmp_path / "lebih.xlsx", MAX_CELL_CHARACTERS + 1)
    reason = _refused(over, db)
    _says_cell_too_long(reason)
    assert "B2" in reason and "Pemilu 2024" in reason
    at = crafted.long_cell_xlsx(tmp_path / "pas.xlsx", MAX_CELL_CHARACTERS)
    assert run_cli(str(at), "--db", str(db))[0] == 0
    assert max(len(r["person_name"]) for r in fetch_rows(db)) == MAX_CELL_CHARACTERS


def test_characters_not_bytes_are_counted(tmp_path: Path, db: Path) -> None:
    """A cell of 32,767 characters that take four bytes each is Excel's own limit, not over it."""
    from tests.registers import new_workbook, put_rows

    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [crafted.HEADER, ["R-1", "😀" * MAX_CELL_CHARACTERS, "PNS", "teguran lisan"]])
    wb.save(tmp_path / "emoji.xlsx")
    assert run_cli(str(tmp_path / "emoji.xlsx"), "--db", str(db))[0] == 0


@pytest.mark.parametrize("runs", [1, 40])
def test_a_long_shared_string_is_refused_whole_or_in_short_runs(tmp_path: Path, db: Path, runs: int) -> None:
    path = crafted.long_shared_string_xlsx(tmp_path / f"bersama{runs}.xlsx", 2 * MAX_CELL_CHARACTERS, runs=runs)
    _says_cell_too_long(_refused(path, db))


def _upack2_past_excel(s: str, encoding: str = "ascii") -> bytes:
    """xlwt's string packing without its 32,767-character check (the format itself holds up to 65,535)."""
    return struct.pack("<HB", len(s), 0) + s.encode("latin1")


def test_a_cell_of_many_short_runs_is_refused_before_it_is_parsed(tmp_path: Path, db: Path) -> None:
    """Text that compresses like a real sheet, in short rich-text runs: no node is long, only the cell."""
    inline = crafted.rich_text_cell_xlsx(tmp_path / "runs.xlsx", 2 * reading.MAX_ITEM_BYTES, runs=400)
    shared = crafted.long_shared_string_xlsx(tmp_path / "runs_bersama.xlsx", 2 * reading.MAX_ITEM_BYTES, runs=400,
                                             random=True)
    for path, part in ((inline, "sheet1.xml"), (shared, "sharedStrings.xml")):
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(f"xl/{'worksheets/' if part == 'sheet1.xml' else ''}{part}")
            assert info.file_size < reading.MAX_PART_RATIO * info.compress_size  # an ordinary ratio
        reason = _refused(path, db)
        _says_cell_too_long(reason)
        assert part in reason


def test_one_long_text_node_that_compresses_like_a_sheet_is_refused(tmp_path: Path, db: Path) -> None:
    path = crafted.long_cell_xlsx(tmp_path / "acak.xlsx", 3 * reading.MAX_NODE_BYTES, random=True)
    reason = _refused(path, db)
    _says_cell_too_long(reason)
    assert "sheet1.xml" in reason


def test_a_long_cell_in_an_old_xls_is_refused(tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlwt.BIFFRecords, "upack2", _upack2_past_excel)  # the writer, not the product under test
    book = xlwt.Workbook()
    sheet = book.add_sheet("Pemilu 2024")
    for c, value in enumerate(["No. Reg", "Nama", "Status Kepegawaian", "Sanksi"]):
        sheet.write(0, c, value)
    for c, value in enumerate(["R-1", "x" * (MAX_CELL_CHARACTERS + 100), "PNS", "teguran lisan"]):
        sheet.write(1, c, value)
    book.save(str(tmp_path / "lama.xls"))
    _says_cell_too_long(_refused(tmp_path / "lama.xls", db))


@pytest.mark.parametrize("quoted", [True, False])
@pytest.mark.parametrize("length", [MAX_CELL_CHARACTERS + 1, 300_000])
def test_a_long_csv_field_is_refused(tmp_path: Path, db: Path, quoted: bool, length: int) -> None:
    path = crafted.long_field_csv(tmp_path / f"panjang{int(quoted)}_{length}.csv", length, quoted=quoted)
    reason = _refused(path, db)
    _says_cell_too_long(reason)
    assert "baris 2" in reason


# ---- parts that expand too far, or lie about it ------------------------------------------------------------------


def test_a_lying_size_in_the_zip_header_is_refused(tmp_path: Path, db: Path) -> None:
    path = crafted.lying_size_xlsx(tmp_path / "bohong.xlsx", 2 * 1024 * 1024)
    with zipfile.ZipFile(path) as zf:  # Python's own reader is fooled: it stops at the declared size
        assert len(zf.read("xl/worksheets/sheet1.xml")) == 4096
    reason = _refused(path, db)
    assert "sheet1.xml" in reason and "dinyatakan" in reason


def test_a_part_expanding_past_its_ratio_is_refused_even_when_small(tmp_path: Path, db: Path) -> None:
    good = write_register(tmp_path / "baik.xlsx", [("R-1", "Satu")])
    bomb = tmp_path / "bom_kecil.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        dst.writestr("docProps/custom.xml", b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>")
        dst.writestr("xl/media/image1.bin", os.urandom(200_000))  # the archive as a whole looks ordinary
    assert "mengembang" in _refused(bomb, db)


def test_a_bad_crc_is_an_indonesian_reason(tmp_path: Path, db: Path) -> None:
    good = write_register(tmp_path / "crc.xlsx", [("R-1", "Satu")])
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    struct.pack_into("<I", data, info.header_offset + 14, info.CRC ^ 0xFFFF)  # local header
    central = data.rfind(b"xl/worksheets/sheet1.xml") - 46
    struct.pack_into("<I", data, central + 16, info.CRC ^ 0xFFFF)  # central directory
    good.write_bytes(bytes(data))
    assert "rusak" in _refused(good, db)


def _with_sheet_changed(good: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, change(data) if item.filename == "xl/worksheets/sheet1.xml" else data)
    return target


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "docProps/core.xml"])
def test_an_xml_entity_bomb_is_refused_without_expanding(tmp_path: Path, db: Path, part: str) -> None:
    good = write_register(tmp_path / "baik.xlsx", [("R-1", "Satu")])
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    dtd = f'<!DOCTYPE x [<!ENTITY lol0 "lol">{entities}]>'.encode()
    lol = tmp_path / "lol.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(lol, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                head = data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0
                data = data[:head] + dtd + data[head:].replace(b"<t>Satu</t>", b"<t>&lol9;</t>")
            dst.writestr(item, data)
    reason = _refused(lol, db)
    assert "DTD" in reason and part in reason


def test_a_library_error_is_an_indonesian_reason_and_the_original_goes_to_the_log(
    tmp_path: Path, db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = write_register(tmp_path / "baik.xlsx", [("R-1", "Satu")])
    broken = _with_sheet_changed(good, tmp_path / "entitas.xlsx", lambda d: d.replace(b"<t>Satu</t>", b"<t>&lol9;</t>"))
    with caplog.at_level(logging.WARNING, logger="loaders"):
        reason = _refused(broken, db)
    assert "XML" in reason
    logged = [r for r in caplog.records if r.exc_info and "entitas.xlsx" in r.getMessage()]
    assert logged and "lol9" in caplog.text  # the library's own words, for whoever reads the server log


# ---- the scanner's work is linear -------------------------------------------------------------------------------


def _work_for(text_bytes: int, chunk: int) -> int:
    """Bytes the cell cutter examines for a sheet whose one cell holds ``text_bytes`` bytes of text (no tag
    inside: nothing to cut at until the cell ends), given in pieces of ``chunk`` bytes."""
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>' + b"x" * text_bytes
           + b"</t></is></c></row></sheetData></worksheet>")  # fmt: skip
    work = reading.ScanWork()
    pieces = list(reading._complete_cells((xml[i : i + chunk] for i in range(0, len(xml), chunk)), work))
    assert b"".join(pieces) == xml
    return work.bytes


def test_the_cell_cutter_examines_each_byte_a_bounded_number_of_times() -> None:
    small, large = _work_for(1_000_000, 1_000), _work_for(4_000_000, 1_000)
    assert small <= 4 * 1_000_000 and large <= 4 * 4_000_000, (small, large)
    assert large <= 5 * small  # four times the text: about four times the work, not sixteen


def test_the_node_guard_stops_a_long_text_node_whatever_the_pieces() -> None:
    """Every window of the guard's width holds a '<' in an ordinary sheet; a text node as wide fails at once."""
    for chunk in (1, 1000, 70_000, reading._FACTS_CHUNK):
        guard = reading._NodeGuard("xl/worksheets/sheet1.xml")
        xml = b"<a>" + b"y" * (2 * reading.MAX_NODE_BYTES) + b"</a>"
        with pytest.raises(reading.FileReadError, match="32.767"):
            for i in range(0, len(xml), chunk):
                guard.feed(xml[i : i + chunk])
        assert guard.examined <= reading.MAX_NODE_BYTES * 2 + chunk


@pytest.mark.parametrize("chunk", [1000, 70_000, reading._FACTS_CHUNK])
def test_the_cell_guard_looks_only_where_the_cells_are(chunk: int) -> None:
    """Long stretches outside ``<sheetData>`` (thousands of conditional formats copied along) are no cell; a
    cell of many runs inside it is, even when its runs carry formatting tags."""
    cells = b'<row r="1"><c r="A1"><v>1</v></c></row>' * 10
    rules = b"<cfRule><formula>1</formula></cfRule>" * (reading.MAX_ITEM_BYTES // 20)
    ordinary = b"<worksheet><sheetData>" + cells + b"</sheetData>" + rules + b"</worksheet>"
    run = b"<r><rPr><b/><sz val=\"11\"/></rPr><t>" + b"ab" * 5000 + b"</t></r>"
    long_cell = b'<c r="B2" t="inlineStr"><is>' + run * (reading.MAX_ITEM_BYTES // len(run) + 2) + b"</is></c>"
    hostile = b"<worksheet><sheetData>" + cells + b'<row r="2">' + long_cell + b"</row></sheetData></worksheet>"
    guard = reading._NodeGuard("xl/worksheets/sheet1.xml", reading.SHEET_ITEMS)
    for i in range(0, len(ordinary), chunk):
        guard.feed(ordinary[i : i + chunk])
    guard = reading._NodeGuard("xl/worksheets/sheet1.xml", reading.SHEET_ITEMS)
    with pytest.raises(reading.FileReadError, match="32.767"):
        for i in range(0, len(hostile), max(chunk, 1000)):
            guard.feed(hostile[i : i + max(chunk, 1000)])


# ---- the upload page: the same refusals, and a bound on what one upload may cost the server ---------------------


def _upload_page(db: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes):
    from streamlit.testing.v1 import AppTest

    from tests.roles import as_role, page_path

    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = as_role(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120), "staf")
    at.switch_page(page_path("unggah.py"))
    at.run()
    at.file_uploader[0].upload(name, data)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("kind", ["sel", "bohong"])
def test_the_upload_page_refuses_a_hostile_file_in_indonesian(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    build = {"sel": lambda p: crafted.long_cell_xlsx(p, MAX_CELL_CHARACTERS + 10),
             "bohong": lambda p: crafted.lying_size_xlsx(p, 1024 * 1024)}[kind]  # fmt: skip
    path = build(tmp_path / f"{kind}.xlsx")
    before = table_snapshot(db)
    at = _upload_page(db, monkeypatch, path.name, path.read_bytes())
    errors = [markdown_shows(e.value) for e in at.error]  # as the page shows them
    assert errors and "tidak dapat dibaca" in errors[0] and "Tidak ada yang ditulis" in errors[0], errors
    assert not ENGLISH.search(errors[0].replace(path.name, "")), errors[0]
    assert table_snapshot(db) == before


def test_an_upload_with_more_cells_than_the_server_checks_is_sent_to_the_command_line(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netralitas import uploads

    path = crafted.many_rows_xlsx(tmp_path / "besar.xlsx", 150)  # 151 rows of 4 cells: 604 cells
    with reading.cell_limit(400):
        refused = load_file_into(None, path, dry_run=True)
    assert refused.status == "gagal" and "python -m loaders" in refused.error and "400 sel" in refused.error
    with reading.cell_limit(700):
        assert load_file_into(None, path, dry_run=True).status == "uji"
    monkeypatch.setattr(uploads, "MAX_UPLOAD_CELLS", 400)  # the page takes its bound from here
    before = table_snapshot(db)
    at = _upload_page(db, monkeypatch, path.name, path.read_bytes())
    errors = [markdown_shows(e.value) for e in at.error]  # as the page shows them
    assert errors and "python -m loaders" in errors[0], errors
    assert table_snapshot(db) == before
    assert run_cli(str(path), "--db", str(db))[0] == 0  # the command line has no such bound
