"""The cell normalisers over every phrase and spelling variant of the domain rules (docs/aturan-netralitas.md): actor
types, election cycles, the sanction severity scale and the 16 kecamatan."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from netralitas.normalize import (
    cell_text,
    cycle_from_date,
    cycle_from_text,
    decide_severity,
    normalize_actor_type,
    normalize_district,
    normalize_nip,
    normalize_source_kind,
    normalize_status,
    parse_date,
    position_group,
    read_sanction,
)
from netralitas.vocab import VOCABULARY_FILE, parse_vocabulary, vocabulary

# --- severity scale ---------------------------------------------------------------------------------------------------
SEVERITY_CASES = [
    # rank 5
    ("Pemberhentian tidak dengan hormat", "Pemberhentian"),
    ("PTDH", "Pemberhentian"),
    ("pemberhentian dengan hormat tidak atas permintaan sendiri", "Pemberhentian"),
    ("PDHTAPS", "Pemberhentian"),
    ("Diberhentikan", "Pemberhentian"),
    ("THL dipecat", "Pemberhentian"),
    ("PHK", "Pemberhentian"),
    ("PHPK tidak dengan hormat", "Pemberhentian"),
    ("P.H.P.K dengan hormat", "Pemberhentian"),
    ("Pemutusan hubungan perjanjian kerja", "Pemberhentian"),
    ("putus kontrak", "Pemberhentian"),
    ("Kontrak tidak diperpanjang", "Pemberhentian"),
    ("Hukuman disiplin berat berupa pemberhentian dengan hormat tidak atas permintaan sendiri", "Pemberhentian"),
    # rank 4
    ("Hukuman disiplin berat", "Berat"),
    ("hukdis berat", "Berat"),
    ("HD Berat", "Berat"),
    ("Berat", "Berat"),
    ("Penurunan jabatan setingkat lebih rendah selama 12 bulan", "Berat"),
    ("Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan", "Berat"),
    ("dibebaskan dari jabatan", "Berat"),
    ("Non job", "Berat"),
    ("demosi", "Berat"),
    ("turun pangkat 3 tahun", "Berat"),
    ("Penurunan pangkat setingkat lebih rendah selama 3 (tiga) tahun", "Berat"),
    ("pemindahan dalam rangka penurunan jabatan setingkat lebih rendah", "Berat"),
    # rank 3
    ("Hukuman disiplin sedang", "Sedang"),
    ("HD Tk. Sedang", "Sedang"),
    ("Sedang", "Sedang"),
    ("Pemotongan tunjangan kinerja 25% selama 6 bulan", "Sedang"),
    ("potong tukin 25% 9 bulan", "Sedang"),
    ("TPP tidak dibayarkan 1 bulan", "Sedang"),
    ("TPP tidak diberikan", "Sedang"),
    ("Penundaan KGB 1 tahun", "Sedang"),
    ("penundaan kenaikan gaji berkala selama 1 tahun", "Sedang"),
    ("Penundaan kenaikan pangkat selama 1 tahun", "Sedang"),
    ("Penurunan pangkat setingkat lebih rendah selama 1 tahun", "Sedang"),
    ("penurunan pangkat 1 th", "Sedang"),
    # rank 2
    ("Hukuman disiplin ringan", "Ringan"),
    ("Ringan", "Ringan"),
    ("Teguran lisan", "Ringan"),
    ("teguran tertulis", "Ringan"),
    ("Pernyataan tidak puas secara tertulis", "Ringan"),
    ("SP1", "Ringan"),
    ("SP 1", "Ringan"),
    ("Surat peringatan I", "Ringan"),
    ("peringatan", "Ringan"),
    # rank 1
    ("Sanksi moral", "Sanksi moral"),
    ("sanksi moral berupa pernyataan secara tertutup", "Sanksi moral"),
    ("Pernyataan secara terbuka", "Sanksi moral"),
    ("MORAL", "Sanksi moral"),
    # several sanctions: the heaviest wins
    ("sanksi moral + TPP tidak dibayarkan 1 bulan", "Sedang"),
    ("teguran tertulis; TPP dipotong", "Sedang"),
    ("teguran lisan, kemudian diberhentikan", "Pemberhentian"),
    # outcomes
    ("Tidak terbukti", "Tidak terbukti"),
    ("Bukan pelanggaran", "Tidak terbukti"),
    ("Dihentikan", "Tidak terbukti"),
    ("tidak memenuhi unsur", "Tidak terbukti"),
    ("Tidak terbukti, bukan teguran", "Tidak terbukti"),
    ("Dalam proses", "Dalam proses"),
    ("menunggu rekomendasi KASN", "Dalam proses"),
    ("Diteruskan ke BKN", "Dalam proses"),
    ("klarifikasi", "Dalam proses"),
    ("kajian", "Dalam proses"),
    ("pemeriksaan oleh Inspektorat", "Dalam proses"),
    ("Sudah ditindaklanjuti", "Terbukti, sanksi belum tercatat"),
    ("rekomendasi terbit", "Terbukti, sanksi belum tercatat"),
    ("Rekomendasi KASN sudah terbit", "Terbukti, sanksi belum tercatat"),
    ("menunggu rekomendasi KASN terbit", "Dalam proses"),
    ("Sanksi dijatuhkan", "Terbukti, sanksi belum tercatat"),
    ("sudah dijatuhi sanksi (SK terbit)", "Terbukti, sanksi belum tercatat"),
    ("Sanksi dijatuhkan: teguran tertulis", "Ringan"),
]


@pytest.mark.parametrize(("text", "expected"), SEVERITY_CASES)
def test_read_sanction_domain_phrases(text: str, expected: str) -> None:
    assert read_sanction(text).severity == expected


def test_sanction_ranks_match_scale() -> None:
    voc = vocabulary()
    assert voc.sanction_names == ["Sanksi moral", "Ringan", "Sedang", "Berat", "Pemberhentian"]
    assert read_sanction("PTDH").rank == 5
    assert read_sanction("teguran lisan").rank == 2
    assert read_sanction("tidak terbukti").rank is None


def test_conflicting_level_word_loses_to_concrete_sanction_and_is_noted() -> None:
    reading = read_sanction("hukdis ringan (penundaan KGB)")
    assert reading.severity == "Sedang"
    assert reading.note is not None and reading.note.kind == "sanksi_bertentangan"
    assert "Ringan" in reading.note.message


@pytest.mark.parametrize(
    "text",
    ["sanksi moral + TPP tidak dibayarkan", "Hukuman disiplin berat berupa PTDH", "hukdis sedang: potong TPP 25%"],
)
def test_consistent_words_are_not_a_conflict(text: str) -> None:
    assert read_sanction(text).note is None


@pytest.mark.parametrize("blank", [None, "", "-", " - ", "n/a", "belum diisi"])
def test_blank_sanction_names_nothing(blank: object) -> None:
    assert read_sanction(blank).severity is None


@pytest.mark.parametrize(
    ("sanction", "status", "expected"),
    [
        ("-", "Sanksi dijatuhkan", "Terbukti, sanksi belum tercatat"),
        (None, "Rekomendasi terbit", "Terbukti, sanksi belum tercatat"),
        (None, "Diteruskan ke KASN", "Dalam proses"),
        (None, "Diteruskan ke BKN", "Dalam proses"),
        (None, "Tidak diregister", "Tidak terbukti"),
        (None, "Bukan pelanggaran/Dihentikan", "Tidak terbukti"),
        (None, None, "Tidak diketahui"),
        ("keterangan lain", None, "Tidak diketahui"),
        ("teguran tertulis", "Diteruskan ke KASN", "Ringan"),
    ],
)
def test_severity_falls_back_to_status(sanction: object, status: str | None, expected: str) -> None:
    assert decide_severity(sanction, status).severity == expected


# --- actor type -------------------------------------------------------------------------------------------------------
ACTOR_CASES = {
    "PNS": ["PNS", "P.N.S", "Pegawai Negeri Sipil", "ASN PNS", "ASN (PNS)", "PNS Guru", "CPNS", "pns", " PNS "],
    "PPPK": ["PPPK", "P3K", "p3k", "PPPK Guru", "Guru P3K", "ASN PPPK", "PPPK Paruh Waktu", "PPPK PW"],
    "THL": ["THL", "Tenaga Harian Lepas", "Harian Lepas", "Non ASN", "Non-ASN", "Non PNS", "Honorer",
            "Tenaga Honorer", "Tenaga Kontrak", "TK", "PTT", "GTT", "PPNPN", "Outsourcing"],
    "ASN (tidak dirinci)": ["ASN", "Aparatur Sipil Negara", "asn"],
    "Lainnya": ["TNI", "Polri", "Kepala Desa"],
}


@pytest.mark.parametrize(("expected", "variant"), [(k, v) for k, vs in ACTOR_CASES.items() for v in vs])
def test_actor_type_variants(expected: str, variant: str) -> None:
    result = normalize_actor_type(variant)
    assert result.value == expected
    assert (result.note.kind if result.note else None) == ("bukan_asn" if expected == "Lainnya" else None)


@pytest.mark.parametrize("raw", [None, "", "-", "Tenaga Ahli", "xyz"])
def test_unknown_actor_type_is_kept_and_noted(raw: object) -> None:
    result = normalize_actor_type(raw)
    assert result.value == "Tidak diketahui"
    assert result.note is not None and result.note.kind == "jenis_pegawai"


# --- election cycle ---------------------------------------------------------------------------------------------------
CYCLE_CASES = {
    "Pilwakot 2020": ["Pilwakot 2020", "Pilwalkot 2020", "Pilwalkot Semarang 2020", "Pilkada 2020",
                      "Pilkada Serentak 2020", "Pemilihan 2020", "PILWALKOT SEMARANG TAHUN 2020",
                      "Pemilihan Wali Kota dan Wakil Wali Kota Semarang 2020", "register_pilwakot2020.xlsx"],
    "Pemilu 2024": ["Pemilu 2024", "Pemilu Serentak 2024", "Pemilihan Umum 2024", "Pileg 2024", "Pilpres 2024",
                    "REKAP PEMILU 2024"],
    "Pilkada 2024": ["Pilkada 2024", "Pilkada Serentak 2024", "Pemilihan 2024", "Pemilihan Serentak 2024",
                     "Pilwakot Semarang 2024", "Pilwalkot Semarang 2024", "Pilgub Jateng 2024", "pilkada2024"],
}


@pytest.mark.parametrize(("expected", "variant"), [(k, v) for k, vs in CYCLE_CASES.items() for v in vs])
def test_cycle_variants(expected: str, variant: str) -> None:
    assert cycle_from_text(variant) == expected


@pytest.mark.parametrize("text", ["Rekap 2023", "Sheet1", "", None, "Pemilu 2019"])
def test_text_without_cycle(text: object) -> None:
    assert cycle_from_text(text) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2020, 9, 16), "Pilwakot 2020"),
        (dt.date(2021, 6, 30), "Pilwakot 2020"),
        (dt.date(2021, 7, 1), "Tidak diketahui"),
        (dt.date(2022, 6, 1), "Pemilu 2024"),
        (dt.date(2024, 3, 31), "Pemilu 2024"),
        (dt.date(2024, 4, 1), "Pilkada 2024"),
        (dt.date(2025, 12, 31), "Pilkada 2024"),
        (dt.date(2026, 1, 1), "Tidak diketahui"),
        (None, "Tidak diketahui"),
    ],
)
def test_cycle_from_date_windows(day: dt.date | None, expected: str) -> None:
    assert cycle_from_date(day) == expected


def test_new_cycle_is_a_data_change_only() -> None:
    data = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    data["cycle"].append(
        {"name": "Pemilu 2029", "from": dt.date(2027, 6, 1), "to": dt.date(2029, 3, 31), "color": "#000000",
         "variants": ["Pemilu 2029", "Pileg 2029"], "milestones": []}
    )
    voc = parse_vocabulary(data)
    assert cycle_from_text("PILEG 2029", voc) == "Pemilu 2029"
    assert cycle_from_date(dt.date(2028, 5, 1), voc) == "Pemilu 2029"
    assert "Pemilu 2029" in voc.cycle_names


# --- kecamatan --------------------------------------------------------------------------------------------------------
DISTRICT_CASES = [
    ("Smg Barat", "Semarang Barat"), ("Kec. Semarang Barat", "Semarang Barat"), ("SEMARANG BARAT", "Semarang Barat"),
    ("Gajah Mungkur", "Gajahmungkur"), ("Gunung Pati", "Gunungpati"), ("Banyu Manik", "Banyumanik"),
    ("Candi Sari", "Candisari"), ("Gayam Sari", "Gayamsari"), ("Ngalian", "Ngaliyan"), ("kecamatan tugu", "Tugu"),
    ("GENUK", "Genuk"), ("Mijen", "Mijen"), ("Pedurungan", "Pedurungan"), ("Semarang Selatan", "Semarang Selatan"),
    ("Semarang Tengah", "Semarang Tengah"), ("Semarang Timur", "Semarang Timur"), ("Semarang Utara", "Semarang Utara"),
    ("Tembalang", "Tembalang"), ("Kec.Tembalang", "Tembalang"),
]


@pytest.mark.parametrize(("raw", "expected"), DISTRICT_CASES)
def test_district_variants(raw: str, expected: str) -> None:
    assert normalize_district(raw).value == expected


def test_all_sixteen_districts() -> None:
    assert len(vocabulary().district_names) == 16


def test_unknown_district_is_null_and_noted() -> None:
    result = normalize_district("Ungaran")
    assert result.value is None and result.note is not None
    assert normalize_district(None).value is None and normalize_district(None).note is None


# --- dates ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(2020, 9, 16), dt.date(2020, 9, 16)),
        (dt.date(2020, 9, 16), dt.date(2020, 9, 16)),
        (44090, dt.date(2020, 9, 16)),
        (44090.0, dt.date(2020, 9, 16)),
        ("16 September 2020", dt.date(2020, 9, 16)),
        ("Rabu, 16/9/2020", dt.date(2020, 9, 16)),
        ("16-09-2020", dt.date(2020, 9, 16)),
        ("16.09.2020", dt.date(2020, 9, 16)),
        ("16/09/20", dt.date(2020, 9, 16)),
        ("2020-09-16", dt.date(2020, 9, 16)),
        ("16 Sep 2020", dt.date(2020, 9, 16)),
        ("16 Agustus 2023", dt.date(2023, 8, 16)),
        ("1 Pebruari 2024", dt.date(2024, 2, 1)),
        ("Senin, 5 Oktober 2020", dt.date(2020, 10, 5)),
        ("09/10/2020", dt.date(2020, 10, 9)),  # day first
        ("5 Nopember 2024", dt.date(2024, 11, 5)),
        ("17 Des 2023", dt.date(2023, 12, 17)),
    ],
)
def test_dates_day_first(raw: object, expected: dt.date) -> None:
    result = parse_date(raw, today=dt.date(2026, 11, 22))
    assert result.value == expected
    assert result.note is None


@pytest.mark.parametrize("raw", ["31/02/2024", "32/13/2023", "kemarin", "2024", "13-13-2013"])
def test_unreadable_dates_are_null_and_noted(raw: str) -> None:
    result = parse_date(raw)
    assert result.value is None
    assert result.note is not None and result.note.kind == "tanggal"


def test_future_date_is_kept_and_noted() -> None:
    result = parse_date("1 Januari 2030", today=dt.date(2026, 11, 22))
    assert result.value == dt.date(2030, 1, 1)
    assert result.note is not None and result.note.kind == "tanggal_masa_depan"


# --- NIP --------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected", "kind"),
    [
        ("19850312 201001 1 003", "198503122010011003", None),
        ("198503122010011003", "198503122010011003", None),
        ("'198503122010011003", "198503122010011003", None),
        ("NIP. 19850312.201001.1.003", "198503122010011003", None),
        (1.98503122010011e17, "198503122010011000", "nip_angka"),
        (198503122010011003, "198503122010011003", "nip_angka"),
        ("1,98503E+17", "198503000000000000", "nip_angka"),
        ("1985031220", "1985031220", "nip_panjang"),
        ("-", None, None),
        (None, None, None),
    ],
)
def test_nip(raw: object, expected: str | None, kind: str | None) -> None:
    result = normalize_nip(raw)
    assert result.value == expected
    assert (result.note.kind if result.note else None) == kind
    if result.value:
        assert "e" not in result.value and "." not in result.value


# --- statuses, source kind, position groups, cell text ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Diteruskan ke KASN", "Diteruskan ke KASN"),
        ("diteruskan ke BKN melalui SBT", "Diteruskan ke BKN"),
        ("Tidak diregister", "Tidak diregister"),
        ("Diregister", "Diregister"),
        ("bukan pelanggaran", "Bukan pelanggaran/Dihentikan"),
        ("Rekomendasi terbit", "Rekomendasi terbit"),
        ("Proses PPK/BKPP", "Proses PPK/BKPP"),
        ("Sanksi dijatuhkan", "Sanksi dijatuhkan"),
        ("Tidak ditindaklanjuti PPK", "Tidak ditindaklanjuti PPK"),
        ("Diteruskan ke Gakkumdu", "Diteruskan ke Gakkumdu"),
        ("masih proses", "Klarifikasi/Kajian"),
    ],
)
def test_status_variants(raw: str, expected: str) -> None:
    assert normalize_status(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "day", "expected"),
    [
        ("Diteruskan", dt.date(2024, 9, 3), "Diteruskan ke KASN"),
        ("diteruskan", dt.date(2024, 9, 4), "Diteruskan ke BKN"),
        ("Pelanggaran", dt.date(2020, 10, 1), "Diteruskan ke KASN"),
        ("Pelanggaran", dt.date(2024, 10, 7), "Diteruskan ke BKN"),
        ("Diteruskan ke KASN", dt.date(2024, 10, 7), "Diteruskan ke KASN"),
        ("Diteruskan", None, None),
        ("Laporan", None, "Diterima/Dicatat"),
        ("Menunggu rekomendasi KASN", None, "Diteruskan ke KASN"),
        ("Belum ada rekomendasi", dt.date(2024, 10, 1), "Diteruskan ke BKN"),
        ("Menunggu SK sanksi", None, "Proses PPK/BKPP"),
        ("Proses penjatuhan sanksi", None, "Proses PPK/BKPP"),
        ("Sanksi dijatuhkan", None, "Sanksi dijatuhkan"),
        ("Rekomendasi terbit", None, "Rekomendasi terbit"),
    ],
)
def test_generic_forwarding_status_is_decided_by_date(raw: str, day: dt.date | None, expected: str | None) -> None:
    assert normalize_status(raw, day=day).value == expected


def test_source_kind_from_cell_and_register_number() -> None:
    assert normalize_source_kind("Temuan") == "Temuan"
    assert normalize_source_kind("Laporan masyarakat") == "Laporan"
    assert normalize_source_kind(None, "001/Reg/LP/PB/Kota/14.29/X/2020") == "Laporan"
    assert normalize_source_kind(None, "003/TM/PL/Kota/14.29/I/2023") == "Temuan"
    assert normalize_source_kind(None, "12") is None


@pytest.mark.parametrize(
    ("position", "group"),
    [("Lurah Tugurejo", "Kepala Wilayah"), ("Sekretaris Camat", "Kepala Wilayah"), ("Kepala Dinas Pendidikan", "JPT"),
     ("Kabid Pembinaan", "Administrator"), ("Kasubag Umum", "Pengawas"), ("Guru SD", "Fungsional"),
     ("Staf pelaksana", "Pelaksana"), (None, "Lainnya / tidak diketahui")],
)
def test_position_groups(position: str | None, group: str) -> None:
    assert position_group(position) == group


def test_cell_text_keeps_digits_and_text() -> None:
    assert cell_text(3.0) == "3"
    assert cell_text(1.98503122010011e17) == "198503122010011000"
    assert cell_text("  a   b ") == "a   b"
    assert cell_text(dt.datetime(2020, 9, 16)) == "2020-09-16"
    assert cell_text("=SUM(A1)") == "=SUM(A1)"
