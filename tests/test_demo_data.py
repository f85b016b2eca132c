"""Tests for the synthetic demo register and the public-record workbook (netralitas.demo_data)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from netralitas import demo_data as dd
from netralitas.demo_data import (
    CYCLES,
    DEMO_MARKER,
    PUBLIC_MARKER,
    PUBLIC_RECORD,
    DemoPerson,
    generate_demo_persons,
    persons_by_sheet,
    write_demo_register,
    write_public_record,
    write_register_fast,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
KECAMATAN = set(dd.KECAMATAN)
SEVERITIES = set(dd.SEVERITY_RANK)
STATUSES = {
    "Tidak diregister", "Klarifikasi/Kajian", "Bukan pelanggaran/Dihentikan", "Diteruskan ke KASN",
    "Diteruskan ke BKN", "Rekomendasi terbit", "Proses PPK/BKPP", "Sanksi dijatuhkan", "Tidak ditindaklanjuti PPK",
}  # fmt: skip
ACTORS = {"PNS", "PPPK", "THL", "ASN (tidak dirinci)", "Tidak diketahui"}
# Cycle date windows used when a row names no cycle.
DATE_WINDOWS = {
    "Pilwakot 2020": (dt.date(2019, 1, 1), dt.date(2021, 6, 30)),
    "Pemilu 2024": (dt.date(2022, 6, 1), dt.date(2024, 3, 31)),
    "Pilkada 2024": (dt.date(2024, 4, 1), dt.date(2025, 12, 31)),
}
SOCIAL_MEDIA = re.compile(r"like|share|komentar|posting|media sosial|follow", re.I)
# Statuses at which a case has been forwarded, and those with a recommendation issued (process order).
FORWARDED = {
    "Diteruskan ke KASN",
    "Diteruskan ke BKN",
    "Rekomendasi terbit",
    "Proses PPK/BKPP",
    "Sanksi dijatuhkan",
    "Tidak ditindaklanjuti PPK",
}
RECOMMENDED = FORWARDED - {"Diteruskan ke KASN", "Diteruskan ke BKN"}
PROCESS_DATES = ("forwarded_on", "recommended_on", "sanctioned_on")
KASN_TO_BKN = dt.date(2024, 9, 4)  # forwarded from this day on: to BKN, before it: to KASN
TODAY = dt.date(2026, 11, 22)


# ---------------------------------------------------------------------------------------------------
# A second reading of the severity scale, apart from the loader's, to prove the severity truth is unambiguous.
# ---------------------------------------------------------------------------------------------------

_NEGATIONS = ("tidak terbukti", "bukan pelanggaran", "dihentikan", "tidak memenuhi unsur")
_CONCRETE = {
    5: ("tidak dengan hormat", "ptdh", "pemberhentian", "diberhentikan", "dipecat", "phk", "phpk",
        "pemutusan hubungan", "putus kontrak", "tidak diperpanjang", "pdhtaps"),
    4: ("penurunan jabatan", "pembebasan dari jabatan", "dibebaskan dari jabatan", "non job", "demosi"),
    3: ("tunjangan kinerja", "tukin", "tpp", "kgb", "gaji berkala", "penundaan kenaikan pangkat"),
    2: ("teguran", "pernyataan tidak puas", "sp1", "peringatan"),
    1: ("moral", "pernyataan secara tertutup", "pernyataan secara terbuka"),
}  # fmt: skip
_LEVELS = {4: "berat", 3: "sedang", 2: "ringan"}
_PROCESS = ("proses", "menunggu", "diteruskan", "klarifikasi", "kajian", "pemeriksaan")
_RANK_NAME = {1: "Sanksi moral", 2: "Ringan", 3: "Sedang", 4: "Berat", 5: "Pemberhentian"}
_FROM_STATUS = {
    "Sanksi dijatuhkan": "Terbukti, sanksi belum tercatat",
    "Rekomendasi terbit": "Terbukti, sanksi belum tercatat",
    "Tidak ditindaklanjuti PPK": "Terbukti, sanksi belum tercatat",
    "Diteruskan ke KASN": "Dalam proses",
    "Diteruskan ke BKN": "Dalam proses",
    "Proses PPK/BKPP": "Dalam proses",
    "Klarifikasi/Kajian": "Dalam proses",
    "Bukan pelanggaran/Dihentikan": "Tidak terbukti",
    "Tidak diregister": "Tidak terbukti",
}


def _has(text: str, word: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text) is not None


def reference_severity(sanction: str, status: str | None) -> str:
    text = sanction.lower().replace(".", "")
    text = re.sub(r"\bp3k\b", "pppk", text)
    text = re.sub(r"\b(hukdis|hd)\b", "hukuman disiplin", text)
    text = re.sub(r"[^a-z0-9%]+", " ", text).strip()
    if text:
        if any(_has(text, w) for w in _NEGATIONS):
            return "Tidak terbukti"
        concrete = [r for r, words in _CONCRETE.items() if any(_has(text, w) for w in words)]
        if concrete:
            return _RANK_NAME[max(concrete)]
        levels = [r for r, w in _LEVELS.items() if _has(text, w)]
        if levels:
            return _RANK_NAME[max(levels)]
        if any(_has(text, w) for w in _PROCESS):
            return "Dalam proses"
    return _FROM_STATUS.get(status or "", "Tidak diketahui")


# ---------------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def persons() -> list[DemoPerson]:
    return generate_demo_persons()


@pytest.fixture(scope="module")
def big() -> list[DemoPerson]:
    return generate_demo_persons(4000, seed=11)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory, persons: list[DemoPerson]):
    path = tmp_path_factory.mktemp("demo") / dd.DEMO_REGISTER_FILE
    manifest = write_demo_register(path, persons)
    return path, manifest, openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("pub") / dd.PUBLIC_RECORD_FILE
    manifest = write_public_record(path)
    return path, manifest, openpyxl.load_workbook(path)


def _value(ws, row: int, col: int):
    """Cell value, resolving a merged cell to the value of its top-left cell."""
    cell = ws.cell(row=row, column=col)
    if isinstance(cell, openpyxl.cell.cell.MergedCell):
        for rng in ws.merged_cells.ranges:
            if cell.coordinate in rng:
                return ws.cell(row=rng.min_row, column=rng.min_col).value
    return cell.value


def _text(value) -> str:
    return "" if value is None else str(value).strip()


# ---------------------------------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------------------------------


def test_deterministic(persons: list[DemoPerson]) -> None:
    assert generate_demo_persons() == persons
    assert generate_demo_persons(320, seed=1) != persons
    assert len(persons) == 320
    assert generate_demo_persons(0) == []
    assert len(generate_demo_persons(7)) == 7


def test_values_are_canonical(big: list[DemoPerson]) -> None:
    for p in big:
        assert p.cycle in CYCLES
        assert p.actor_type in ACTORS
        assert p.severity in SEVERITIES
        assert p.status is None or p.status in STATUSES
        assert p.district is None or p.district in KECAMATAN
        assert (p.district is None) == (p.district_raw == "")
        assert p.source_kind in ("Temuan", "Laporan")
        assert p.person_name == p.person_name.strip() and p.person_name
        assert p.case_id.split("/")[1] == ("TM" if p.source_kind == "Temuan" else "LP")
        if p.reported_on is None:
            assert p.doubt == "unreadable_date" and p.date_raw
        else:
            lo, hi = DATE_WINDOWS[p.cycle]
            assert lo <= p.reported_on <= hi


def test_proportions(big: list[DemoPerson]) -> None:
    n = len(big)
    actors = Counter(p.actor_type for p in big)
    assert 0.62 <= actors["PNS"] / n <= 0.78
    assert 0.10 <= actors["PPPK"] / n <= 0.20
    assert 0.09 <= actors["THL"] / n <= 0.18
    assert 0.005 <= actors["ASN (tidak dirinci)"] / n <= 0.04
    cycles = Counter(p.cycle for p in big)
    assert 0.19 <= cycles["Pilwakot 2020"] / n <= 0.31
    assert 0.33 <= cycles["Pemilu 2024"] / n <= 0.47
    assert 0.28 <= cycles["Pilkada 2024"] / n <= 0.42
    sizes = Counter(Counter(p.case_id for p in big).values())
    cases = sum(sizes.values())
    assert set(sizes) <= {1, 2, 3, 4}
    assert 0.10 <= (cases - sizes[1]) / cases <= 0.20
    blank_district = sum(p.district is None for p in big) / n
    assert 0.02 <= blank_district <= 0.09
    assert len({p.district for p in big} - {None}) == 16
    # social-media campaigning is the most common kind of violation
    social = sum(bool(SOCIAL_MEDIA.search(p.violation_type)) for p in big)
    photo = sum("foto" in p.violation_type.lower() and "jari" in p.violation_type.lower() for p in big)
    assert social / n >= 0.35 and social > 2 * photo > 0
    # a real spread of severities; Pilkada 2024 has the most cases still in process
    sev = Counter(p.severity for p in big)
    assert set(sev) == SEVERITIES
    in_process = {c: sum(p.severity == "Dalam proses" for p in big if p.cycle == c) / cycles[c] for c in CYCLES}
    assert in_process["Pilkada 2024"] > 0.4 > max(in_process["Pilwakot 2020"], in_process["Pemilu 2024"])
    dismissed = Counter(p.actor_type for p in big if p.severity == "Pemberhentian")
    assert dismissed["THL"] > 0 and dismissed["PPPK"] > 0
    # dates mostly inside the campaign periods
    campaign = {
        "Pilwakot 2020": (dt.date(2020, 9, 26), dt.date(2020, 12, 5)),
        "Pemilu 2024": (dt.date(2023, 11, 28), dt.date(2024, 2, 10)),
        "Pilkada 2024": (dt.date(2024, 9, 25), dt.date(2024, 11, 23)),
    }
    dated = [p for p in big if p.reported_on]
    inside = sum(campaign[p.cycle][0] <= p.reported_on <= campaign[p.cycle][1] for p in dated)
    assert inside / len(dated) >= 0.65


def test_severity_truth_follows_domain_rules(big: list[DemoPerson]) -> None:
    for p in big:
        assert reference_severity(p.sanction, p.status) == p.severity, p
        if p.status == "Sanksi dijatuhkan":
            assert p.sanction not in ("", "-") and p.severity_rank is not None, p
    for r in PUBLIC_RECORD:
        assert reference_severity(r.sanction, r.status) == r.severity, r


def test_kasn_before_bkn_after(big: list[DemoPerson]) -> None:
    for p in big:
        if p.status == "Diteruskan ke BKN":
            assert p.cycle == "Pilkada 2024" and p.reported_on >= dt.date(2024, 8, 25)
        if p.status == "Diteruskan ke KASN" and p.reported_on:
            assert p.reported_on < dt.date(2024, 9, 4)


def test_nip_structure(big: list[DemoPerson]) -> None:
    for p in big:
        if p.actor_type == "THL":
            assert p.nip is None
        if p.actor_type in ("PNS", "PPPK"):
            assert p.nip is not None
        if p.nip is None:
            continue
        assert re.fullmatch(r"\d{18}", p.nip), p.nip
        birth = dt.date(int(p.nip[:4]), int(p.nip[4:6]), int(p.nip[6:8]))
        assert 1960 <= birth.year <= 2000
        assert p.nip[14] in "12"
        assert p.nip[15:] != "000"
        year = (p.reported_on or dt.date(int(p.case_id[-4:]), 12, 31)).year
        assert birth.year + 18 <= int(p.nip[8:12]) <= year
        if p.actor_type == "PPPK":
            assert p.nip[12:14] == "21"
        else:
            assert 1 <= int(p.nip[12:14]) <= 12


def test_doubtful_rows(persons: list[DemoPerson]) -> None:
    doubts = {p.doubt: p for p in persons if p.doubt}
    assert set(doubts) == set(dd.DOUBT_KINDS)
    assert doubts["unknown_actor"].actor_raw == "Tenaga Ahli"
    assert doubts["unknown_actor"].actor_type == "Tidak diketahui"
    assert doubts["blank_actor"].actor_raw == "" and doubts["blank_actor"].actor_type == "Tidak diketahui"
    assert doubts["conflicting_sanction"].severity == "Sedang"
    assert "ringan" in doubts["conflicting_sanction"].sanction.lower()
    assert doubts["leading_equals"].violation_type.startswith("=")
    unreadable = [p for p in persons if p.doubt == "unreadable_date"]
    assert len(unreadable) == 3 and all(p.reported_on is None and p.date_raw for p in unreadable)
    sizes = Counter(p.case_id for p in persons)
    assert all(sizes[p.case_id] == 1 for p in persons if p.doubt)


# Fingerprints of every field that existed before the process dates were added (seed 20241127, n=320 and
# seed 11, n=4000): adding forwarded_on / recommended_on / sanctioned_on changed no generated value.
_FINGERPRINTS = {
    (320, 20241127): "7b236828c96240a64e988a71a6e6468daa7bc16151eae6f1059505dcf98cca46",
    (4000, 11): "c35d4ec985323ccce609e6628cc2f8199c72ce31c442054d62eec20e4ba4040a",
}


def _fingerprint(people: list[DemoPerson]) -> str:
    fields = [f.name for f in dataclasses.fields(DemoPerson) if f.name not in PROCESS_DATES]
    return hashlib.sha256("\n".join(repr(tuple(getattr(p, f) for f in fields)) for p in people).encode()).hexdigest()


def test_process_dates_left_existing_values_unchanged(persons, big) -> None:
    assert _fingerprint(persons) == _FINGERPRINTS[(320, 20241127)]
    assert _fingerprint(big) == _FINGERPRINTS[(4000, 11)]


def test_process_dates_are_deterministic(persons) -> None:
    again = generate_demo_persons()
    assert [tuple(getattr(p, f) for f in PROCESS_DATES) for p in again] == [
        tuple(getattr(p, f) for f in PROCESS_DATES) for p in persons
    ]
    other = generate_demo_persons(320, seed=1)
    assert [p.forwarded_on for p in other] != [p.forwarded_on for p in persons]


def test_process_dates_follow_the_handling_order(big: list[DemoPerson]) -> None:
    for p in big:
        fwd, rec, sanc = p.forwarded_on, p.recommended_on, p.sanctioned_on
        if p.status not in FORWARDED:
            assert fwd is rec is sanc is None, p
        if p.status not in RECOMMENDED:
            assert rec is None, p
        if p.status != "Sanksi dijatuhkan":
            assert sanc is None, p
        # no later date without the earlier ones
        assert rec is None or fwd is not None, p
        assert sanc is None or rec is not None, p
        chain = [d for d in (p.reported_on, fwd, rec, sanc) if d is not None]
        assert chain == sorted(chain), p
        assert all(d <= TODAY for d in chain), p
        if fwd and p.reported_on:
            assert 3 <= (fwd - p.reported_on).days <= 28, p
        if rec:
            assert 21 <= (rec - fwd).days <= 84, p  # 3–12 weeks
        if sanc:
            assert 30 <= (sanc - rec).days <= 183, p  # 1–6 months


def test_process_dates_kasn_before_bkn_after(big: list[DemoPerson]) -> None:
    seen = Counter()
    for p in big:
        if p.forwarded_on is None:
            continue
        written = f"{p.status_raw} {p.sanction}"
        if p.status == "Diteruskan ke BKN" or "BKN" in written:
            assert p.forwarded_on >= KASN_TO_BKN, p
            seen["BKN"] += 1
        elif p.status == "Diteruskan ke KASN" or "KASN" in written:
            assert p.forwarded_on < KASN_TO_BKN, p
            seen["KASN"] += 1
        if p.cycle != "Pilkada 2024":
            assert p.forwarded_on < KASN_TO_BKN, p  # every earlier cycle went to KASN
    assert seen["BKN"] > 50 and seen["KASN"] > 50


def test_process_dates_per_case_and_incomplete(big: list[DemoPerson]) -> None:
    by_case: dict[str, list[DemoPerson]] = {}
    for p in big:
        by_case.setdefault(f"{p.cycle}|{p.case_id}", []).append(p)
    multi = [g for g in by_case.values() if len(g) > 1]
    assert multi
    for group in multi:  # one forwarding (and one recommendation) per case
        assert len({p.forwarded_on for p in group}) == 1
        assert len({p.recommended_on for p in group}) == 1
    assert any(len({p.sanctioned_on for p in g}) > 1 for g in multi)  # each person's own decree
    eligible = [p for p in big if p.status in FORWARDED and p.reported_on is not None]
    undated = sum(p.forwarded_on is None and p.recommended_on is None and p.sanctioned_on is None for p in eligible)
    assert 0.10 <= undated / len(eligible) <= 0.20
    sanctioned = [p for p in big if p.status == "Sanksi dijatuhkan"]
    assert 0.7 <= sum(p.sanctioned_on is not None for p in sanctioned) / len(sanctioned) <= 0.95
    for cycle in CYCLES:
        assert any(p.sanctioned_on for p in big if p.cycle == cycle)


# ---------------------------------------------------------------------------------------------------
# The messy register
# ---------------------------------------------------------------------------------------------------


def test_register_regenerates_identically(register, persons, tmp_path: Path) -> None:
    path, manifest, _wb = register
    again = tmp_path / "again.xlsx"
    assert write_demo_register(again, generate_demo_persons()) == manifest
    assert again.read_bytes() == path.read_bytes()


def test_sheets_and_markers(register) -> None:
    _path, manifest, wb = register
    assert wb.sheetnames == list(CYCLES) == list(manifest)
    assert DEMO_MARKER in wb.properties.title and DEMO_MARKER in wb.properties.subject
    assert wb.properties.created == dd.FIXED_TIMESTAMP == wb.properties.modified
    for ws in wb:
        title_text = " ".join(_text(ws.cell(row=r, column=1).value) for r in manifest[ws.title]["title_rows"])
        assert DEMO_MARKER in title_text
        assert "BAWASLU KOTA SEMARANG" in title_text
        assert "REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN" in title_text
        assert all(r < min(manifest[ws.title]["header_rows"]) for r in manifest[ws.title]["title_rows"])


def test_sheet1_merged_header_and_cases(register) -> None:
    _path, manifest, wb = register
    ws = wb["Pilwakot 2020"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:H5", "M5:M6"} <= merged
    assert [ws.cell(row=6, column=c).value for c in range(5, 9)] == ["Nama", "NIP", "Jabatan", "Status"]
    assert ws["E5"].value == "Terlapor"
    cases = manifest["Pilwakot 2020"]["merged_case_rows"]
    assert cases, "sheet 1 must have multi-person cases merged down"
    for top, bottom in cases:
        assert bottom > top
        for letter in "ABCD":
            assert f"{letter}{top}:{letter}{bottom}" in merged
        assert ws.cell(row=top + 1, column=2).value is None  # value only in the top cell
    assert any(isinstance(ws.cell(row=r, column=3).value, dt.datetime) for r in manifest["Pilwakot 2020"]["data_rows"])


def test_manifest_rows_point_at_persons(register, persons) -> None:
    _path, manifest, wb = register
    groups = persons_by_sheet(persons)
    for sheet, entry in manifest.items():
        ws = wb[sheet]
        cols = {field: spec["col"] for field, spec in entry["columns"].items()}
        assert len(entry["data_rows"]) == len(groups[sheet]) == entry["n_persons"]
        lossy, numeric = set(entry["lossy_nip_rows"]), set(entry["numeric_nip_rows"])
        for row, p in zip(entry["data_rows"], groups[sheet], strict=True):
            assert _text(ws.cell(row=row, column=cols["person_name"]).value) == p.person_name
            assert _text(_value(ws, row, cols["case_id"])) == p.case_id
            assert _text(ws.cell(row=row, column=cols["actor_type"]).value) == p.actor_raw
            assert _text(ws.cell(row=row, column=cols["district"]).value) == p.district_raw
            assert _text(ws.cell(row=row, column=cols["sanction"]).value) == p.sanction
            assert ws.cell(row=row, column=cols["violation_type"]).value == p.violation_type
            nip = ws.cell(row=row, column=cols["nip"]).value
            if p.nip is None:
                assert nip is None
            elif row in numeric:
                # what Excel keeps of a NIP typed as a number: 15 significant digits
                assert isinstance(nip, float)
                digits = format(Decimal(repr(nip)), "f")  # not f"{nip:.0f}": binary float noise
                assert digits == p.nip[:15] + "000"
                assert (digits != p.nip) == (row in lossy)
            else:
                assert re.sub(r"\D", "", nip) == p.nip
            day = _value(ws, row, cols["reported_on"])
            if isinstance(day, dt.datetime):
                assert day.date() == p.reported_on
            elif p.reported_on is None:
                assert day == p.date_raw
            else:
                assert str(p.reported_on.day) in day and str(p.reported_on.year) in day
        for row, kind in entry["doubtful_rows"].items():
            assert groups[sheet][entry["data_rows"].index(row)].doubt == kind
    assert any(manifest[s]["lossy_nip_rows"] for s in manifest)
    assert sum(len(m["doubtful_rows"]) for m in manifest.values()) == sum(1 for p in persons if p.doubt)


def test_reject_blank_total_and_footer_rows(register) -> None:
    _path, manifest, wb = register
    for sheet, entry in manifest.items():
        ws = wb[sheet]
        cols = {field: spec["col"] for field, spec in entry["columns"].items()}
        assert entry["reject_rows"]
        for row in entry["reject_rows"]:
            assert ws.cell(row=row, column=cols["violation_type"]).value
            for field in ("case_id", "person_name", "nip"):
                assert ws.cell(row=row, column=cols[field]).value is None
        for row in entry["blank_rows"]:
            assert all(c.value is None for c in ws[row])
        total = [c.value for c in ws[entry["total_row"]] if c.value is not None]
        assert total == ["JUMLAH", entry["n_persons"]]
        footer = [c.value for r in entry["footer_rows"] for c in ws[r] if c.value is not None]
        assert footer[0].startswith("Semarang, ") and "Ketua Bawaslu Kota Semarang" in footer
        assert entry["total_row"] > max(entry["data_rows"]) and min(entry["footer_rows"]) > entry["total_row"]
        assert ws.max_row == max(entry["footer_rows"])


def test_sheet_specific_mess(register) -> None:
    _path, manifest, wb = register
    b, c = wb["Pemilu 2024"], wb["Pilkada 2024"]
    assert [b.cell(row=5, column=i).value for i in (1, 7, 11)] == ["Nomor Register", "Status Kepegawaian", "Status"]
    assert manifest["Pilkada 2024"]["header_rows"] == [6]
    assert c.column_dimensions["L"].hidden and c["L6"].value == "Catatan"
    assert len(manifest["Pilkada 2024"]["blank_rows"]) >= 2
    texts = [b.cell(row=r, column=2).value for r in manifest["Pemilu 2024"]["data_rows"]]
    assert all(isinstance(t, str) for t in texts)
    assert any(re.match(r"^(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d", t) for t in texts)
    assert any(re.fullmatch(r"\d{2}-\d{2}-\d{4}", t) for t in texts)
    assert manifest["Pemilu 2024"]["numeric_nip_rows"]
    eq_row = next(r for r, k in manifest["Pemilu 2024"]["doubtful_rows"].items() if k == "leading_equals")
    cell = b.cell(row=eq_row, column=10)
    assert cell.value == "=like postingan calon" and cell.data_type == "s"


_MONTHS = {name.lower(): i for names in (dd.BULAN, dd.BULAN_SINGKAT) for i, name in enumerate(names) if name}


def _read_text_date(text: str) -> dt.date:
    """The text date forms of sheet "Pemilu 2024" (day first), read independently of the loader."""
    if m := re.fullmatch(r"(?:\w+, )?(\d{1,2})[/-](\d{1,2})[/-](\d{4})", text):
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{1,2}) (\w+) (\d{4})", text)
    assert m, text
    return dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))


def test_process_date_columns(register, persons) -> None:
    _path, manifest, wb = register
    groups = persons_by_sheet(persons)
    expected_headers = {
        "Pilwakot 2020": {"forwarded_on": "Tgl Penerusan", "sanctioned_on": "Tgl SK"},
        "Pemilu 2024": {"forwarded_on": "Tanggal Penerusan", "recommended_on": "Tanggal Rekomendasi",
                        "sanctioned_on": "Tanggal Sanksi"},
        "Pilkada 2024": {"forwarded_on": "Tgl Penerusan", "sanctioned_on": "Tgl Sanksi"},
    }  # fmt: skip
    for sheet, entry in manifest.items():
        ws = wb[sheet]
        cols = {field: spec["col"] for field, spec in entry["columns"].items()}
        headers = {f: entry["columns"][f]["header"] for f in PROCESS_DATES if f in cols}
        assert headers == expected_headers[sheet]
        header_row = max(entry["header_rows"])
        for field, text in headers.items():
            assert _value(ws, header_row, cols[field]) == text
            assert cols[field] < cols["sanction"] and cols[field] > cols["status"]  # before the sanction column
        written = Counter()
        for row, p in zip(entry["data_rows"], groups[sheet], strict=True):
            for field in headers:
                truth = getattr(p, field)
                value = _value(ws, row, cols[field])
                if truth is None:
                    assert value is None, (sheet, row, field)
                    continue
                written[field] += 1
                if entry["layout"] == "B":
                    assert isinstance(value, str) and _read_text_date(value) == truth, (sheet, row, field, value)
                else:
                    assert isinstance(value, dt.datetime) and value.date() == truth, (sheet, row, field, value)
                    top = ws.cell(row=row, column=cols[field])
                    if not isinstance(top, openpyxl.cell.cell.MergedCell):
                        assert top.number_format.lower() == "dd/mm/yyyy"
        assert written["forwarded_on"] > 20 and written["sanctioned_on"] > 10, (sheet, written)
    b_forms = [
        wb["Pemilu 2024"].cell(row=r, column=manifest["Pemilu 2024"]["columns"]["forwarded_on"]["col"]).value
        for r in manifest["Pemilu 2024"]["data_rows"]
    ]
    b_forms = [t for t in b_forms if t]
    assert any(re.match(r"^(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d", t) for t in b_forms)
    assert any(re.fullmatch(r"\d{2}-\d{2}-\d{4}", t) for t in b_forms)
    assert any(re.fullmatch(r"\d{1,2} [A-Za-z]+ \d{4}", t) for t in b_forms)
    # sheet A: one forwarding per case, merged down like the register number
    a = manifest["Pilwakot 2020"]
    col = a["columns"]["forwarded_on"]["col"]
    assert col in a["merged_case_columns"]
    merged = {str(r) for r in wb["Pilwakot 2020"].merged_cells.ranges}
    letter = a["columns"]["forwarded_on"]["letter"]
    assert all(f"{letter}{top}:{letter}{bottom}" in merged for top, bottom in a["merged_case_rows"])


# Fingerprints of every cell of the register as it was before the process-date columns were added; with those
# columns left out, every other cell (titles, headers, data, reject, blank, total and signature rows) is unchanged.
_SHEET_FINGERPRINTS = {
    "Pilwakot 2020": "46ea83463e26110991c785542735e5a8399d2abe37d3020b75fe0d93ec4ceb4e",
    "Pemilu 2024": "06051f90b7e20765b2103ced0d28a4cea9fda778ee515c733d6933555c00e0d2",
    "Pilkada 2024": "35c219320162399c3da6fa40d8e8c01d9b14de055be9abb4e59537a2b2b43fd3",
}


def test_other_cells_unchanged_by_process_date_columns(register) -> None:
    _path, manifest, wb = register
    for ws in wb:
        columns = manifest[ws.title]["columns"]
        drop = {columns[f]["col"] for f in PROCESS_DATES if f in columns}
        cells = [tuple(c.value for c in row if c.column not in drop) for row in ws.iter_rows()]
        assert hashlib.sha256(repr(cells).encode()).hexdigest() == _SHEET_FINGERPRINTS[ws.title], ws.title


# ---------------------------------------------------------------------------------------------------
# Fast writer and command line
# ---------------------------------------------------------------------------------------------------


def test_write_register_fast_splits_sheets(tmp_path: Path) -> None:
    people = generate_demo_persons(150, seed=3)
    path = tmp_path / "fast.xlsx"
    manifest = write_register_fast(path, people, max_rows_per_sheet=30)
    groups = persons_by_sheet(people)
    assert sum(m["n_persons"] for m in manifest.values()) == 150
    assert "Pemilu 2024 (2)" in manifest
    wb = openpyxl.load_workbook(path, read_only=True)
    assert wb.sheetnames == list(manifest)
    done: dict[str, int] = Counter()
    for sheet, m in manifest.items():
        rows = list(wb[sheet].iter_rows(values_only=True))
        assert DEMO_MARKER in rows[3][0] and rows[4][4] == "Nama"
        expected = groups[m["cycle"]][done[m["cycle"]] : done[m["cycle"]] + m["n_persons"]]
        got = [r[4] for r in rows[m["first_data_row"] - 1 : m["last_data_row"]]]
        assert got == [p.person_name for p in expected]
        assert rows[m["total_row"] - 1][0] == "JUMLAH"
        done[m["cycle"]] += m["n_persons"]
    plain = write_register_fast(tmp_path / "plain.xlsx", people, layout="plain")
    assert all(m["first_data_row"] == 2 and m["total_row"] is None for m in plain.values())


def test_cli_writes_both_workbooks(tmp_path: Path) -> None:
    assert dd.main(["--out", str(tmp_path), "--n", "80"]) == 0
    assert (tmp_path / dd.DEMO_REGISTER_FILE).exists() and (tmp_path / dd.PUBLIC_RECORD_FILE).exists()


# ---------------------------------------------------------------------------------------------------
# Public record
# ---------------------------------------------------------------------------------------------------


def test_public_record(public) -> None:
    _path, manifest, wb = public
    assert set(wb.sheetnames) == set(CYCLES)
    assert {s: m["n_persons"] for s, m in manifest.items()} == {
        "Pilwakot 2020": 9,
        "Pemilu 2024": 6,
        "Pilkada 2024": 2,
    }
    ids = []
    for sheet, entry in manifest.items():
        ws = wb[sheet]
        cols = {field: spec["col"] for field, spec in entry["columns"].items()}
        titles = " ".join(_text(ws.cell(row=r, column=1).value) for r in entry["title_rows"])
        assert PUBLIC_MARKER in titles and "bukan register resmi" in titles and DEMO_MARKER not in titles
        header = [ws.cell(row=entry["header_rows"][0], column=i).value for i in range(1, len(cols) + 1)]
        assert "Sumber Berita" in header and "Keterangan" in header and "Nama" in header
        for row in entry["data_rows"]:
            assert _text(ws.cell(row=row, column=cols["source_ref"]).value)  # a source on every row
            assert ws.cell(row=row, column=cols["person_name"]).value is None  # nobody is named
            assert ws.cell(row=row, column=cols["nip"]).value is None
            ids.append(_text(ws.cell(row=row, column=cols["case_id"]).value))
            assert _text(ws.cell(row=row, column=cols["actor_type"]).value)
        assert ws.cell(row=entry["total_row"], column=1).value == "JUMLAH"
    assert all(i.startswith("PUB-") for i in ids) and len(set(ids)) == len(ids)
    truth = Counter((r.cycle, r.actor_type, r.severity) for r in PUBLIC_RECORD)
    assert truth[("Pemilu 2024", "PPPK", "Pemberhentian")] == 1
    assert truth[("Pemilu 2024", "THL", "Pemberhentian")] == 1
    assert truth[("Pilkada 2024", "ASN (tidak dirinci)", "Sedang")] == 2
    assert sum(r.status == "Diteruskan ke KASN" for r in PUBLIC_RECORD if r.cycle == "Pilwakot 2020") == 8


def test_public_record_has_no_personal_names() -> None:
    names = set(dd.names.MALE_FIRST) | set(dd.names.FEMALE_FIRST) | set(dd.names.MALE_LAST) | set(dd.names.FEMALE_LAST)
    for r in PUBLIC_RECORD:
        words = set(re.findall(r"[A-Za-z]+", " ".join((r.position, r.agency, r.note))))
        assert not (words & names - {"Nur", "Tri", "Sari", "Ayu", "Dwi", "Eko", "Adi"}), r


# ---------------------------------------------------------------------------------------------------
# Bundled workbooks are up to date
# ---------------------------------------------------------------------------------------------------


def _cell_values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb}


def test_bundled_workbooks_match_generator(register, public) -> None:
    bundled_demo = DATA_DIR / dd.DEMO_REGISTER_FILE
    bundled_pub = DATA_DIR / dd.PUBLIC_RECORD_FILE
    if not bundled_demo.exists() or not bundled_pub.exists():
        pytest.skip("bundled workbooks not generated yet (python -m netralitas.demo_data)")
    assert _cell_values(bundled_demo) == _cell_values(register[0])
    assert _cell_values(bundled_pub) == _cell_values(public[0])
