"""Words that real registers use for handling statuses, actor types and sanctions: short forms, typos, English
("On process"), bare process words ("Proses") — read to the canonical values, without stealing longer phrases
that mean something else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from loaders.pipeline import load_paths
from netralitas.normalize import normalize_actor_type, normalize_status, read_sanction
from netralitas.vocab import parse_vocabulary, vocabulary
from tests.registers import fetch_rows, new_workbook, put_rows

STATUS_WORDS = [
    # in process at Bawaslu (Bawaslu's own counter says "masih proses")
    ("Proses", "Klarifikasi/Kajian"),
    ("PROSES", "Klarifikasi/Kajian"),
    ("proses.", "Klarifikasi/Kajian"),
    ("Masih proses", "Klarifikasi/Kajian"),
    ("Sdg proses", "Klarifikasi/Kajian"),
    ("msh proses", "Klarifikasi/Kajian"),
    ("Dlm proses", "Klarifikasi/Kajian"),
    ("Sedang diproses", "Klarifikasi/Kajian"),
    ("On process", "Klarifikasi/Kajian"),
    ("on progress", "Klarifikasi/Kajian"),
    ("In Progress", "Klarifikasi/Kajian"),
    ("Ongoing", "Klarifikasi/Kajian"),
    ("Proses klarifikasi", "Klarifikasi/Kajian"),
    ("Klarifkasi", "Klarifikasi/Kajian"),
    ("klarif", "Klarifikasi/Kajian"),
    ("Sedang dikaji", "Klarifikasi/Kajian"),
    # received / registered
    ("Belum diregister", "Diterima/Dicatat"),
    ("blm register", "Diterima/Dicatat"),
    ("Laporan diterima", "Diterima/Dicatat"),
    ("Sdh diregister", "Diregister"),
    ("Teregistrasi", "Diregister"),
    ("Tdk diregister", "Tidak diregister"),
    ("Tidak di register", "Tidak diregister"),
    ("Tidak memenuhi syarat formil", "Tidak diregister"),
    # not a violation
    ("Tdk terbukti", "Bukan pelanggaran/Dihentikan"),
    ("Bkn pelanggaran", "Bukan pelanggaran/Dihentikan"),
    ("Tidak melanggar", "Bukan pelanggaran/Dihentikan"),
    ("Penanganan dihentikan", "Bukan pelanggaran/Dihentikan"),
    ("Kadaluarsa", "Bukan pelanggaran/Dihentikan"),
    # forwarded
    ("Dikirim ke BKN", "Diteruskan ke BKN"),
    ("Disampaikan ke KASN", "Diteruskan ke KASN"),
    ("Diteruskan ke Komisi ASN", "Diteruskan ke KASN"),
    ("Gakumdu", "Diteruskan ke Gakkumdu"),
    ("Dugaan tindak pidana pemilu", "Diteruskan ke Gakkumdu"),
    # recommendation, PPK, sanction
    ("Rekom KASN terbit", "Rekomendasi terbit"),
    ("Sudah ada rekomendasi", "Rekomendasi terbit"),
    ("Proses PPK", "Proses PPK/BKPP"),
    ("Proses di BKPP", "Proses PPK/BKPP"),
    ("Pemeriksaan Inspektorat", "Proses PPK/BKPP"),
    ("Proses penjatuhan sanksi", "Proses PPK/BKPP"),
    ("Menunggu SK", "Proses PPK/BKPP"),
    ("blm ditindaklanjuti", "Proses PPK/BKPP"),
    ("sdh ditindaklanjuti", "Sanksi dijatuhkan"),
    ("Sudah ditindak lanjuti", "Sanksi dijatuhkan"),
    ("Sdh di tindak lanjuti", "Sanksi dijatuhkan"),
    ("Sudah TL", "Sanksi dijatuhkan"),
    ("Tuntas", "Sanksi dijatuhkan"),
    ("blm ditindaklanjuti PPK", "Tidak ditindaklanjuti PPK"),
    ("Tidak ada tindak lanjut", "Tidak ditindaklanjuti PPK"),
    ("Diabaikan", "Tidak ditindaklanjuti PPK"),
]


@pytest.mark.parametrize(("raw", "expected"), STATUS_WORDS)
def test_register_status_words(raw: str, expected: str) -> None:
    result = normalize_status(raw)
    assert result.value == expected
    assert result.note is None


@pytest.mark.parametrize(
    ("raw", "day", "expected"),
    [
        ("blm ada rekomendasi", dt.date(2024, 10, 1), "Diteruskan ke BKN"),
        ("Menunggu rekom", dt.date(2023, 1, 5), "Diteruskan ke KASN"),
        ("Sdh diteruskan", dt.date(2020, 10, 1), "Diteruskan ke KASN"),
    ],
)
def test_shorthand_keeps_the_forwarding_rules(raw: str, day: dt.date, expected: str) -> None:
    assert normalize_status(raw, day=day).value == expected


@pytest.mark.parametrize("raw", ["proses", "Proses"])
def test_bare_process_word_is_a_status_only_as_the_whole_cell(raw: str) -> None:
    # the bare word is exact-only: inside a longer text the other words decide
    assert normalize_status(raw).value == "Klarifikasi/Kajian"
    assert normalize_status(f"{raw} penjatuhan sanksi").value == "Proses PPK/BKPP"
    assert normalize_status(f"{raw} PPK").value == "Proses PPK/BKPP"
    assert normalize_status(f"{raw} di Inspektorat").value == "Proses PPK/BKPP"


SANCTION_WORDS = [
    ("Proses", "Dalam proses"),
    ("On process", "Dalam proses"),
    ("Sdg proses", "Dalam proses"),
    ("masih diproses", "Dalam proses"),
    ("blm ada sanksi", "Dalam proses"),
    ("Belum ada sanksi", "Dalam proses"),
    ("Belum dijatuhi sanksi", "Dalam proses"),
    ("blm ditindaklanjuti", "Dalam proses"),
    ("Proses PPK", "Dalam proses"),
    ("sdh ditindaklanjuti", "Terbukti, sanksi belum tercatat"),
    ("Sudah ditindak lanjuti", "Terbukti, sanksi belum tercatat"),
    ("Rekom sudah keluar", "Terbukti, sanksi belum tercatat"),
    ("Tdk terbukti", "Tidak terbukti"),
    ("Tidak melanggar", "Tidak terbukti"),
    ("Tidak dapat ditindaklanjuti", "Tidak terbukti"),
    ("Sangsi moral", "Sanksi moral"),
    ("Sanksi etik", "Sanksi moral"),
    ("sangsi ringan", "Ringan"),
    ("Tegoran lisan", "Ringan"),
    ("Ditegur", "Ringan"),
    ("SP I", "Ringan"),
    ("Pemotongan tunjangan 25% 6 bln", "Sedang"),
    ("Tunda KGB 1 thn", "Sedang"),
    ("Dicopot dari jabatan", "Berat"),
    ("Dibebastugaskan", "Berat"),
    ("Dinonjobkan", "Berat"),
    ("Pemecatan", "Pemberhentian"),
    ("Diputus kontrak", "Pemberhentian"),
    ("Kontrak diputus", "Pemberhentian"),
    ("Putus hubungan kerja", "Pemberhentian"),
]


@pytest.mark.parametrize(("raw", "expected"), SANCTION_WORDS)
def test_register_sanction_words(raw: str, expected: str) -> None:
    assert read_sanction(raw).severity == expected


def test_negations_still_come_first_and_a_named_sanction_still_wins() -> None:
    assert read_sanction("Tdk terbukti, tdk ada teguran").severity == "Tidak terbukti"
    assert read_sanction("sdh ditindaklanjuti: teguran tertulis").severity == "Ringan"
    assert read_sanction("blm ada sanksi (menunggu SK PTDH)").severity == "Pemberhentian"
    assert read_sanction("sudah dijatuhi sanksi (SK terbit)").severity == "Terbukti, sanksi belum tercatat"


ACTOR_WORDS = [
    ("P3K Guru", "PPPK"),
    ("P 3 K", "PPPK"),
    ("ASN P3K", "PPPK"),
    ("PPPK Penuh Waktu", "PPPK"),
    ("P3K Nakes", "PPPK"),
    ("Pegawai Negeri", "PNS"),
    ("C-PNS", "PNS"),
    ("PNS Pemkot", "PNS"),
    ("Pegawai Tidak Tetap", "THL"),
    ("TKK", "THL"),
    ("Tenaga Kerja Kontrak", "THL"),
    ("PHL", "THL"),
    ("Pekerja Harian Lepas", "THL"),
    ("Pegawai BLUD", "THL"),
    ("Tenaga Alih Daya", "THL"),
    ("Polisi", "Lainnya"),
    ("Kader Partai", "Lainnya"),
    ("Anggota DPRD", "Lainnya"),
    ("Ketua RT", "Lainnya"),
]


@pytest.mark.parametrize(("raw", "expected"), ACTOR_WORDS)
def test_register_actor_type_words(raw: str, expected: str) -> None:
    result = normalize_actor_type(raw)
    assert result.value == expected
    assert (result.note.kind if result.note else None) == ("bukan_asn" if expected == "Lainnya" else None)


def test_shorthand_is_data_not_code() -> None:
    import tomllib

    from netralitas.vocab import VOCABULARY_FILE

    data = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    data["shorthand"]["words"].append(["sdhlh", "sudah"])
    extended = parse_vocabulary(data)
    assert normalize_status("sdhlh diregister", extended).value == "Diregister"
    assert normalize_status("sdhlh diregister", vocabulary()).value == "Diregister"  # contained variant anyway
    assert extended.expand("sdhlh di register") == "sudah diregister"


def test_a_register_with_bare_proses_fills_the_funnel(tmp_path: Path) -> None:
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [
        ["No. Reg", "Nama", "Status Kepegawaian", "Status Penanganan", "Sanksi"],
        ["R-1", "Satu", "PNS", "Proses", None],
        ["R-2", "Dua", "P3K Guru", "Sdg proses", "blm ada sanksi"],
        ["R-3", "Tiga", "TKK", "On process", None],
        ["R-4", "Empat", "PNS", "sdh ditindaklanjuti", "Sangsi ringan"],
    ])
    path = tmp_path / "kata.xlsx"
    wb.save(path)
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([path], db)
    assert result.rows_loaded == 4
    rows = {r["person_name"]: r for r in fetch_rows(db)}
    assert [rows[n]["status"] for n in ("Satu", "Dua", "Tiga", "Empat")] == [
        "Klarifikasi/Kajian", "Klarifikasi/Kajian", "Klarifikasi/Kajian", "Sanksi dijatuhkan"]
    assert [rows[n]["severity"] for n in ("Satu", "Dua", "Tiga", "Empat")] == [
        "Dalam proses", "Dalam proses", "Dalam proses", "Ringan"]
    assert [rows[n]["actor_type"] for n in ("Satu", "Dua", "Tiga", "Empat")] == ["PNS", "PPPK", "THL", "PNS"]
    assert fetch_rows(db, "SELECT * FROM quality_notes") == []
