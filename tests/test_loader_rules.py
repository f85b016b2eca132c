"""The loader's row rules on plain values (no file, no database): case and person, NIK column, status day,
sanction cells, cycle precedence, formula and duplicate notes, dataset — and the column-wise forms the loader
runs (Arrow kernels, memoised halves) equal to the rules they apply, value by value."""

from __future__ import annotations

import datetime as dt
import string

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.columns import formula_notes
from loaders.remap import RawCells, StoredReading, read_again
from loaders.rules import (
    CYCLE_FROM_COLUMN,
    CYCLE_FROM_DATE,
    CYCLE_FROM_FILE,
    CYCLE_FROM_NOTHING,
    CYCLE_FROM_SECTION,
    CYCLE_FROM_SHEET,
    CYCLE_FROM_TITLE,
    FORMULA_QUOTE_CHARS,
    CycleReading,
    case_id_of,
    cycle_of_row,
    cycle_of_sheet,
    detect_dataset,
    duplicate_note,
    formula_note,
    formula_note_of,
    joined_sanction,
    nip_column_may_hold_nik,
    person_key,
    personal_columns,
    same_person_note,
    sanction_cells,
    source_kind_of_row,
    split_sanction,
    status_day,
)
from netralitas.columns import FIELD_MASKS
from netralitas.normalize import normalize_source_kind, normalize_status, severity_of
from netralitas.privacy import MASK_NIP, QUOTE_SLOT
from netralitas.vocab import vocabulary

VOC = vocabulary()
D = dt.date
SWITCH = VOC.forwarding_switch
BEFORE, AFTER = SWITCH - dt.timedelta(days=1), SWITCH
PW20, PL24, PK24 = "Pilwakot 2020", "Pemilu 2024", "Pilkada 2024"


# ---- the case and the person ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("written", "sheet", "row", "expected"), [
    ("001/TM/PL/2024", "Pemilu 2024", 7, "001/TM/PL/2024"),
    (None, "Pemilu 2024", 7, "TANPA-NOREG:register.xlsx:Pemilu 2024:7"),
    ("", "Rekap", 12, "TANPA-NOREG:register.xlsx:Rekap:12"),
    (None, None, 3, "TANPA-NOREG:register.xlsx:csv:3"),
])
def test_a_row_without_register_number_is_a_case_of_its_own_place(written, sheet, row, expected) -> None:
    assert case_id_of(written, "register.xlsx", sheet, row) == expected


@pytest.mark.parametrize(("nip", "folded_name", "expected"), [
    ("198503122010011003", "budi santoso", "198503122010011003"),
    (None, "budi santoso", "budi santoso"),
    (None, "", None),
    (None, None, None),
    ("", None, None),
])
def test_the_person_is_the_nip_else_the_folded_name(nip, folded_name, expected) -> None:
    assert person_key(nip, folded_name) == expected


@pytest.mark.parametrize(("labels", "expected"), [
    (["NIP"], False),
    ([], False),
    (["NIP/NIK"], True),
    (["NIK"], True),
    (["Terlapor / NIP", "No. KTP"], True),
    (["Nomor Induk Kependudukan"], True),
    (["NIP Baru"], False),
])
def test_a_nip_column_may_hold_a_nik_when_its_header_names_one(labels, expected) -> None:
    assert nip_column_may_hold_nik(labels, VOC) is expected


SOURCE_CELLS = [None, "", "-", "Temuan", "laporan masyarakat", "LHP", "Pengaduan", "Form A", "patroli siber",
                "dari berita", "TM", "lp", "12"]
CASE_NUMBERS = [None, "", "001/TM/PL/2024", "002/LP/PK/2024", "003/PL/2024", "tm", "Reg. 5 LP", "lp-4/2020",
                "TANPA-NOREG:x.xlsx:S:3"]


@pytest.mark.parametrize("cell", SOURCE_CELLS)
@pytest.mark.parametrize("case", CASE_NUMBERS)
def test_source_kind_read_in_two_memoised_halves_is_the_rule(cell, case) -> None:
    """The loader reads the source cell and the register number apart (each remembered per value); together they
    give what :func:`normalize_source_kind` gives for the pair."""
    got = source_kind_of_row(normalize_source_kind(cell, None, VOC), case,
                             lambda number: normalize_source_kind(None, number, VOC))
    assert got == normalize_source_kind(cell, case or None, VOC)


# ---- the status day -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("forwarded", "found", "switch", "expected"), [
    (None, None, SWITCH, None),
    (BEFORE, None, SWITCH, dt.date.min),
    (AFTER, None, SWITCH, SWITCH),
    (None, BEFORE, SWITCH, dt.date.min),
    (None, D(2025, 1, 1), SWITCH, SWITCH),
    (BEFORE, D(2025, 1, 1), SWITCH, dt.date.min),  # the forwarding date decides over the finding date
    (AFTER, D(2020, 1, 1), SWITCH, SWITCH),
    (AFTER, None, None, None),  # no switch date: no day is needed
])
def test_the_forwarding_date_else_the_finding_date_decides_the_side_of_the_switch(forwarded, found, switch,
                                                                                   expected) -> None:
    assert status_day(forwarded, found, switch) == expected


STATUS_WORDS = ["diteruskan", "Sudah diteruskan", "pelanggaran", "Diteruskan ke KASN", "diteruskan ke BKN",
                "dilimpahkan", "proses", "Rekomendasi terbit", "zzz", None, "-"]
DAYS = [None, D(2020, 9, 16), BEFORE, AFTER, AFTER + dt.timedelta(days=1), D(2025, 1, 1)]


@pytest.mark.parametrize("word", STATUS_WORDS)
@pytest.mark.parametrize("forwarded", DAYS)
@pytest.mark.parametrize("found", DAYS[:3])
def test_the_side_of_the_switch_reads_a_status_as_the_day_itself_does(word, forwarded, found) -> None:
    """Only the side of the switch matters, so the loader remembers one reading per side, not per day."""
    side = status_day(forwarded, found, SWITCH)
    assert normalize_status(word, VOC, side) == normalize_status(word, VOC, forwarded or found)


# ---- the severity ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("texts", "cells", "stored"), [
    ((None,), (), None),
    (("teguran lisan",), ("teguran lisan",), "teguran lisan"),
    ((None, "PTDH", None), ("PTDH",), "PTDH"),
    (("-", "PTDH", "teguran"), ("-", "PTDH", "teguran"), "- | PTDH | teguran"),
    ((None, None), (), None),
])
def test_sanction_cells_in_column_order_joined_and_split_again(texts, cells, stored) -> None:
    assert sanction_cells(texts) == cells
    assert joined_sanction(cells) == stored
    assert split_sanction(stored) == [c for c in cells if c.strip()]


@pytest.mark.parametrize(("texts", "status", "expected"), [
    (("teguran lisan", "PTDH"), None, "Ringan"),  # the first cell that names something decides
    (("-", "PTDH"), None, "Pemberhentian"),  # a placeholder names nothing
    (("qqq", "dalam proses"), None, "Dalam proses"),
    ((), "Sanksi dijatuhkan", None),  # no sanction text: the status's outcome
    ((), None, VOC.unknown),
])
def test_severity_from_the_first_sanction_cell_that_names_one_else_the_status(texts, status, expected) -> None:
    reading = severity_of(sanction_cells(texts), status, VOC)
    outcome = VOC.status(status).outcome if status else None
    assert reading.severity == (expected if expected is not None else outcome)


# ---- the cycle ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("sheet", "titles", "source_file", "expected"), [
    ("Pemilu 2024", ["REKAP PILKADA 2024"], "pilwakot_2020.xlsx", (PL24, CYCLE_FROM_SHEET, "Pemilu 2024")),
    ("Lama", ["BAWASLU KOTA SEMARANG", "REKAP PILKADA 2024", "Pemilu 2024"], "pilwakot_2020.xlsx",
     (PK24, CYCLE_FROM_TITLE, "REKAP PILKADA 2024")),
    ("Lama", ["BAWASLU KOTA SEMARANG"], "register pilwakot 2020.xlsx",
     (PW20, CYCLE_FROM_FILE, "register pilwakot 2020.xlsx")),
    (None, [], "Pemilu 2024.csv", (PL24, CYCLE_FROM_FILE, "Pemilu 2024.csv")),
    ("Lama", ["BAWASLU KOTA SEMARANG"], "register.xlsx", None),
])
def test_a_sheet_names_its_cycle_by_name_then_title_then_file(sheet, titles, source_file, expected) -> None:
    got = cycle_of_sheet(sheet, titles, source_file, VOC)
    assert (got and (got.cycle, got.basis, got.raw)) == expected
    assert got is None or got.note is None


SHEET_SAYS = CycleReading(PW20, CYCLE_FROM_SHEET, "Pilwakot 2020")


@pytest.mark.parametrize(("written", "section", "sheet", "day", "expected", "noted"), [
    ("Pemilu 2024", PK24, SHEET_SAYS, D(2020, 9, 1), (PL24, CYCLE_FROM_COLUMN, "Pemilu 2024"), False),
    (2024.0, None, None, None, (VOC.unknown, CYCLE_FROM_NOTHING, None), True),  # a number names no cycle
    ("Pemilu 2099", PK24, SHEET_SAYS, None, (PK24, CYCLE_FROM_SECTION, PK24), True),
    (None, PK24, SHEET_SAYS, None, (PK24, CYCLE_FROM_SECTION, PK24), False),
    (None, None, SHEET_SAYS, D(2024, 1, 1), (PW20, CYCLE_FROM_SHEET, "Pilwakot 2020"), False),
    ("??", None, SHEET_SAYS, None, (PW20, CYCLE_FROM_SHEET, "Pilwakot 2020"), True),
    (None, None, None, D(2024, 1, 1), (PL24, CYCLE_FROM_DATE, "2024-01-01"), False),
    (None, None, None, D(2024, 4, 1), (PK24, CYCLE_FROM_DATE, "2024-04-01"), False),
    (None, None, None, D(2021, 12, 1), (VOC.unknown, CYCLE_FROM_DATE, "2021-12-01"), False),  # between windows
    (None, None, None, None, (VOC.unknown, CYCLE_FROM_NOTHING, None), False),
])
def test_a_row_takes_its_cycle_from_column_section_sheet_then_date(written, section, sheet, day, expected,
                                                                  noted) -> None:
    got = cycle_of_row(written, section, sheet, day, VOC)
    assert (got.cycle, got.basis, got.raw) == expected
    assert (got.note is not None) is noted
    if noted:
        assert got.note.kind == "siklus" and QUOTE_SLOT in got.note.message


# ---- notes ----------------------------------------------------------------------------------------------------
def test_personal_columns_are_the_name_and_nip_columns() -> None:
    fields = {"person_name": [1], "nip": [2, 6], "position": [3], "case_id": [0]}
    assert personal_columns(fields) == {1: FIELD_MASKS["person_name"], 2: MASK_NIP, 6: MASK_NIP}
    assert personal_columns({}) == {}


@pytest.mark.parametrize(("cells", "expected"), [
    ([("Nama", "Budi", None), ("Jabatan", "Lurah", None)], None),
    ([("Nama", "=Budi", "nama"), ("Jabatan", "=SUM(A1)", None)], ("Nama", "=Budi", "nama")),
    ([("Nama", None, "nama"), ("Sanksi", "=teguran", None)], ("Sanksi", "=teguran", None)),
    ([("Catatan", " =x", None)], None),  # the text as stored is trimmed: a cell starting with a space is not one
    ([("Catatan", "=" + "x" * 100, None)], ("Catatan", "=" + "x" * (FORMULA_QUOTE_CHARS - 1), None)),
])
def test_a_row_gets_one_formula_note_for_its_first_formula_cell(cells, expected) -> None:
    got = formula_note(cells)
    if expected is None:
        assert got is None
        return
    label, quoted, mask = expected
    assert got == formula_note_of(label, quoted, mask)
    assert got.kind == "rumus" and got.quoted == quoted and f"'{label}'" in got.message
    assert QUOTE_SLOT in got.message and quoted not in got.message.replace(QUOTE_SLOT, "")


def test_a_quoted_nip_is_masked_whatever_its_column() -> None:
    assert formula_note_of("Catatan", "=198503122010011003").quoted_mask == MASK_NIP


CELLS = st.one_of(st.none(), st.sampled_from(["=", "=SUM(A1)", "=Budi", "==", "x=y", "198503122010011003",
                                              "=198503122010011003", "=" + "y" * 80]),
                  st.text(alphabet=string.printable + "é", max_size=12))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(columns=st.lists(st.lists(CELLS, min_size=6, max_size=6), min_size=0, max_size=5),
       masked=st.sets(st.integers(min_value=0, max_value=4)))
def test_formula_notes_column_by_column_are_the_rule_row_by_row(columns: list[list[str | None]],
                                                                masked: set[int]) -> None:
    labels = [f"Kolom {c}" for c in range(len(columns))]
    masks = {c: MASK_NIP for c in masked}
    found = formula_notes(labels, [pa.array(col, type=pa.string()) for col in columns], masks)
    for k in range(6):
        row = [(label, col[k], masks.get(c)) for c, (label, col) in enumerate(zip(labels, columns, strict=True))]
        assert found.get(k) == formula_note(row)


def test_a_duplicate_from_another_file_names_where_it_was() -> None:
    note = duplicate_note("R-1", "lama.xlsx", "Pemilu 2024", 9)
    assert note.kind == "duplikat"
    assert "kasus R-1 juga ada di lama.xlsx, sheet 'Pemilu 2024', baris 9" in note.message
    assert "lama.csv, baris 4;" in duplicate_note("R-1", "lama.csv", None, 4).message


@pytest.mark.parametrize(("places", "listed"), [
    ([("S", 9), ("S", 22)], "(baris 9 dan 22)"),
    ([("S", 2), ("S", 4), ("S", 6)], "(baris 2, 4 dan 6)"),
    ([("Lama", 2), ("Baru", 3)], "(baris 2 sheet 'Lama' dan baris 3 sheet 'Baru')"),
])
def test_the_same_person_twice_in_a_file_names_every_place(places, listed) -> None:
    note = same_person_note(places)
    assert note.kind == "ganda_file"
    assert f"ditulis {len(places)} kali: ganda dalam file ini {listed}; baris terbawah dipakai" in note.message


# ---- the file -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("texts", "expected"), [
    (["", "register_2024"], "sendiri"),
    (["DATA CONTOH FIKTIF", "register"], "contoh"),
    (["Rekam publik netralitas"], "publik"),
    (["rekam publik", "contoh_register_netralitas_FIKTIF"], "contoh"),  # demo data before public record
    ([None, "Pemilu 2024"], "sendiri"),
])
def test_the_dataset_is_named_by_its_markers(texts, expected) -> None:
    assert detect_dataset(texts, VOC) == expected


# ---- a loaded row read again ----------------------------------------------------------------------------------
STORED = StoredReading("Diregister", "PNS", "Tugu", "Dalam proses", None)


@pytest.mark.parametrize(("fields", "raw", "expected"), [
    ({"district"}, RawCells(None, None, "Smg Barat", None, None), {"district": "Semarang Barat"}),
    ({"actor_type"}, RawCells(None, "P3K", None, None, None), {"actor_type": "PPPK"}),
    ({"status"}, RawCells("diteruskan", None, None, None, dt.date.min),
     {"status": "Diteruskan ke KASN", "severity": "Dalam proses"}),
    ({"status"}, RawCells("Sanksi dijatuhkan", None, None, "teguran lisan", None),
     {"status": "Sanksi dijatuhkan", "severity": "Ringan", "severity_rank": 2}),
    ({"sanction"}, RawCells(None, None, None, "qqq | PTDH", None),
     {"severity": "Pemberhentian", "severity_rank": 5}),
])
def test_a_loaded_row_read_again_changes_only_what_its_fields_decide(fields, raw, expected) -> None:
    new, readings = read_again(STORED, fields, raw, VOC)
    changed = {name: value for name, value in vars(new).items() if value != vars(STORED)[name]}
    assert changed == {k: v for k, v in expected.items() if v != vars(STORED)[k]}
    assert set(readings) == (fields - {"sanction"}) | ({"severity"} if fields & {"status", "sanction"} else set())
