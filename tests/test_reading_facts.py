"""A sheet's XML facts are read in pieces, never whole, and give what reading the whole XML gives.

The facts (dimension, hidden columns, merged ranges, formulas, long numbers) of a sheet are found by scanning
its XML. At a million rows a sheet's XML is hundreds of megabytes, so it is decompressed and scanned a
megabyte at a time, cut between cells. These tests cut the XML into very small pieces and compare with the
whole-XML reading, so a cell or tag split between two pieces would show.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from loaders import reading


def _workbook(path: Path, rows: int) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Register"
    ws.column_dimensions["C"].hidden = True
    ws.append(["No", "Nama", "Tersembunyi", "NIP", "Nilai", "Rumus"])
    for i in range(1, rows + 1):
        nip = 198501012010011000 + i if i % 7 == 0 else f"19850101201001{i:04d}"  # every 7th typed as a number
        value = 1.5e20 if i % 11 == 0 else (-0.0 if i % 13 == 0 else i)
        ws.append([i, f"Nama <{i}> &amp; \"kutip\" </c> panjang " + "x" * (i % 50), "rahasia", nip, value,
                   f"=A{i + 1}*2" if i % 17 == 0 else None])  # fmt: skip
        if i % 97 == 0:
            ws.merge_cells(start_row=i + 1, start_column=2, end_row=i + 2, end_column=3)
    wb.save(path)


def _part(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return reading._sheet_xml_paths(zf)["Register"]


@pytest.mark.parametrize("chunk", [7, 4096, reading._FACTS_CHUNK])
@pytest.mark.slow
def test_facts_read_in_pieces_equal_facts_of_the_whole_xml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    path = tmp_path / "register.xlsx"
    _workbook(path, 4_000)
    part = _part(path)
    with zipfile.ZipFile(path) as zf:
        xml = zf.read(part)
    assert len(xml) > 3 * reading._HEAD_BYTES  # several pieces even at the real chunk size
    whole = reading._facts_of_pieces(iter((xml,)), lambda: io.BytesIO(xml))  # the XML as one piece
    assert whole.dimension == (0, 0, 4_000, 5)
    assert whole.hidden == {2}
    assert len(whole.merged) == 4_000 // 97
    assert len(whole.formulas) == 4_000 // 17
    assert (7, 3) in whole.long_numbers and (11, 4) in whole.long_numbers and (13, 4) in whole.long_numbers

    monkeypatch.setattr(reading, "_FACTS_CHUNK", chunk)
    pieces = reading._part_facts(path, part)
    assert pieces == whole


def test_pieces_are_cut_between_cells_and_lose_no_byte() -> None:
    xml = b"<worksheet><sheetData>" + b"".join(
        b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>a&gt;b</t></is></c></row>'
        % (i, i, i, i)
        for i in range(1, 40_000)
    ) + b"</sheetData></worksheet>"
    chunks = (xml[i : i + 1000] for i in range(0, len(xml), 1000))
    pieces = list(reading._complete_cells(chunks))
    assert b"".join(pieces) == xml
    assert len(pieces) > 1
    assert len(pieces[0]) >= reading._HEAD_BYTES
    assert all(p.endswith(b"</c>") for p in pieces[:-1])


def test_a_missing_part_has_no_facts(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    _workbook(path, 3)
    assert reading._part_facts(path, "xl/worksheets/tidak_ada.xml") == reading._SheetFacts()
