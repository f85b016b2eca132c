"""A NIK (16-digit population number) where a register keeps one: in a "NIP/NIK" or "NIK" column, or in the NIP
column of a person outside the civil service (THL and others have no NIP). It is kept in ``nip`` (digits only),
never flagged as a bad NIP, and masked like a NIP for guests."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import duckdb
import pytest

from loaders.columns import nip_column
from loaders.pipeline import load_paths
from netralitas import queries
from netralitas.normalize import nik_of_non_asn, normalize_nip
from netralitas.queries import Filters, Viewer
from netralitas.vocab import vocabulary
from tests.fast_loop import first_fast
from tests.registers import fetch_rows, new_workbook, put_rows

NIK_A = "3374011203850001"
NIK_B = "3374054507900002"  # a woman's NIK: day of birth + 40
NIP = "198503122010011003"


def _register(path: Path, header_nip: str, rows: list[tuple[str, str, object]]) -> Path:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [["No. Reg", "Nama", header_nip, "Status Kepegawaian", "Sanksi"]]
             + [[f"R-{k}", name, number, actor, "teguran lisan"] for k, (name, actor, number) in enumerate(rows)])
    wb.save(path)
    return path


def _notes(db: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in fetch_rows(db, "SELECT n.kind, v.person_name FROM quality_notes n JOIN violations v USING "
                           "(source_file, source_sheet, source_row)"):
        out.setdefault(r["person_name"], []).append(r["kind"])
    return out


@pytest.mark.parametrize("header", first_fast(["NIP/NIK", "NIK / NIP", "NIP / NIK", "NIK"]))
def test_nik_in_a_nip_nik_column_is_a_nik(tmp_path: Path, header: str) -> None:
    reg = _register(tmp_path / "thl.xlsx", header, [
        ("Thl Satu", "THL", NIK_A),
        ("Thl Dua", "THL", "3374 0545 0790 0002"),
        ("Pns Tiga", "PNS", NIP),
        ("Pns Empat", "PNS", NIP[:17]),  # 17 digits: neither a NIP nor a NIK
        ("Pns Lima", "PNS", NIK_A[:15]),
    ])
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([reg], db)
    assert result.rows_loaded == 5
    nips = {r["person_name"]: r["nip"] for r in fetch_rows(db)}
    assert nips == {"Thl Satu": NIK_A, "Thl Dua": NIK_B, "Pns Tiga": NIP, "Pns Empat": NIP[:17],
                    "Pns Lima": NIK_A[:15]}
    notes = _notes(db)
    assert "Thl Satu" not in notes and "Thl Dua" not in notes and "Pns Tiga" not in notes
    assert notes["Pns Empat"] == ["nip_panjang"] and notes["Pns Lima"] == ["nip_panjang"]


def test_nik_of_a_person_outside_the_civil_service_in_a_nip_column(tmp_path: Path) -> None:
    reg = _register(tmp_path / "campur.xlsx", "NIP", [
        ("Thl Satu", "Tenaga Harian Lepas", NIK_A),
        ("Lain Dua", "Kepala Desa", NIK_B),
        ("Pns Tiga", "PNS", NIK_A),  # a PNS has an 18-digit NIP: 16 digits in a NIP column is flagged
        ("Pppk Empat", "PPPK", NIK_B),
    ])
    db = tmp_path / "t.duckdb"
    load_paths([reg], db)
    notes = _notes(db)
    assert "Thl Satu" not in notes
    assert notes["Lain Dua"] == ["bukan_asn"]
    assert notes["Pns Tiga"] == ["nip_panjang"] and notes["Pppk Empat"] == ["nip_panjang"]


def test_nik_typed_as_a_number_is_still_flagged_as_lossy() -> None:
    result = normalize_nip(3374011203850001.0, nik_column=True)
    assert result.note is not None and result.note.kind == "nip_angka"


def test_nik_rules_are_the_same_in_the_fast_and_the_careful_path() -> None:
    voc = vocabulary()
    values = [NIK_A, "3374 0112 0385 0001", NIP, NIP[:17], None, "-", "'" + NIK_B]
    for nik_column in (False, True):
        fast = nip_column(values, lambda vs, n=nik_column: [normalize_nip(v, voc, nik_column=n) for v in vs],
                          nik_column=nik_column)
        careful = [normalize_nip(v, voc, nik_column=nik_column) for v in values]
        assert fast == careful
    assert nik_of_non_asn(normalize_nip(NIK_A), "THL").note is None
    assert nik_of_non_asn(normalize_nip(NIK_A), "PNS").note is not None
    assert nik_of_non_asn(normalize_nip(NIP[:17]), "THL").note is not None


def test_guest_sees_a_nik_masked_like_a_nip(tmp_path: Path) -> None:
    reg = _register(tmp_path / "thl.xlsx", "NIP/NIK", [("Thl Satu", "THL", NIK_A), ("Pns Dua", "PNS", NIP)])
    db = tmp_path / "t.duckdb"
    load_paths([reg], db)
    with contextlib.closing(duckdb.connect(str(db), read_only=True)) as con:
        guest = queries.case_rows(con, Filters(), Viewer(role="tamu", user="anonim"))
        staff = queries.case_rows(con, Filters(), Viewer(role="staf", user="uji"))
    assert set(staff["nip"]) == {NIK_A, NIP}
    assert set(guest["nip"]) == {"3374**********01", "1985************03"}
    assert not re.search(r"\d{9,}", guest.astype(str).to_csv())
