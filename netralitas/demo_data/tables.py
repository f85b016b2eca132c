"""What the demo register is made of: per election cycle how many cases, when, which actor types and which handling
statuses; the violations, positions and titles; how registers write actor types, statuses and sanctions; how
severe the imposed sanctions are; and how long each handling step takes.

The weights follow what is publicly known of Kota Semarang (most violations on social media, most cases in the
campaign period, more cases still in process for the latest cycle); the canonical values come from
:mod:`netralitas.demo_data.terms`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from netralitas.demo_data.terms import (
    BERAT,
    BERHENTI,
    KASN_TO_BKN_DATE,
    MORAL,
    PROSES,
    RINGAN,
    SEDANG,
    ST_ABAI,
    ST_BKN,
    ST_BUKAN,
    ST_KAJIAN,
    ST_KASN,
    ST_PPK,
    ST_REKOM,
    ST_SANKSI,
    ST_TIDAK_REG,
    TERBUKTI,
    TIDAK_TAHU,
    TIDAK_TERBUKTI,
    cycle,
)


def flat(pairs: Iterable[tuple[Any, float]], scale: int = 1) -> list[Any]:
    """Expand (item, weight) pairs into a flat list so that a uniform pick is a weighted pick."""
    out: list[Any] = []
    for item, weight in pairs:
        out.extend([item] * round(weight * scale))
    return out


def _d(text: str) -> int:
    """The day ordinal of an ISO date text."""
    return dt.date.fromisoformat(text).toordinal()


@dataclass(frozen=True)
class CycleSpec:
    """How the demo register draws the cases of one election cycle (a cycle of the vocabulary)."""

    name: str
    code: str  # register-number code
    weight: int
    segments: tuple[tuple[int, int, int], ...]  # (first ordinal, last ordinal, weight)
    candidacy: int  # ordinal of the day candidates were officially set
    cycle_line: str
    signature_date: str
    actor_weights: tuple[tuple[str, int], ...]
    status_weights: tuple[tuple[str | None, int], ...]
    pp53: bool = False  # sanctions written as under PP 53/2010 (the 2020 cycle), else as under PP 94/2021
    layout: str = "B"  # how the cycle's sheet of the messy register is laid out ("A", "B" or "C")


CYCLE_SPECS: tuple[CycleSpec, ...] = (
    CycleSpec(
        name=cycle("Pilwakot 2020"),
        code="PW",
        weight=25,
        segments=(
            (_d("2020-07-01"), _d("2020-09-25"), 15),
            (_d("2020-09-26"), _d("2020-12-05"), 80),
            (_d("2020-12-06"), _d("2020-12-28"), 5),
        ),
        candidacy=_d("2020-09-23"),
        cycle_line="PEMILIHAN WALI KOTA DAN WAKIL WALI KOTA SEMARANG 2020",
        signature_date="Semarang, 31 Desember 2020",
        pp53=True,
        layout="A",
        actor_weights=(("PNS", 80), ("PPPK", 3), ("THL", 15), ("ASN", 2)),
        status_weights=(
            (ST_TIDAK_REG, 8),
            (ST_BUKAN, 8),
            (ST_KAJIAN, 2),
            (ST_KASN, 12),
            (ST_REKOM, 14),
            (ST_PPK, 8),
            (ST_SANKSI, 42),
            (ST_ABAI, 4),
            (None, 2),
        ),
    ),
    CycleSpec(
        name=cycle("Pemilu 2024"),
        code="PL",
        weight=40,
        segments=(
            (_d("2023-01-02"), _d("2023-11-27"), 22),
            (_d("2023-11-28"), _d("2024-02-10"), 73),
            (_d("2024-02-11"), _d("2024-03-15"), 5),
        ),
        candidacy=_d("2023-11-03"),
        cycle_line="PEMILIHAN UMUM 2024",
        signature_date="Semarang, 28 Maret 2024",
        actor_weights=(("PNS", 66), ("PPPK", 19), ("THL", 13), ("ASN", 2)),
        status_weights=(
            (ST_TIDAK_REG, 8),
            (ST_BUKAN, 8),
            (ST_KAJIAN, 3),
            (ST_KASN, 14),
            (ST_REKOM, 15),
            (ST_PPK, 10),
            (ST_SANKSI, 36),
            (ST_ABAI, 4),
            (None, 2),
        ),
    ),
    CycleSpec(
        name=cycle("Pilkada 2024"),
        code="PB",
        weight=35,
        segments=(
            (_d("2024-07-15"), _d("2024-09-24"), 15),
            (_d("2024-09-25"), _d("2024-11-23"), 80),
            (_d("2024-11-24"), _d("2024-12-20"), 5),
        ),
        candidacy=_d("2024-09-22"),
        cycle_line="PEMILIHAN SERENTAK 2024",
        signature_date="Semarang, 31 Desember 2024",
        layout="C",
        actor_weights=(("PNS", 66), ("PPPK", 19), ("THL", 13), ("ASN", 2)),
        status_weights=(
            (ST_TIDAK_REG, 8),
            (ST_BUKAN, 8),
            (ST_KAJIAN, 8),
            (ST_BKN, 35),
            (ST_REKOM, 8),
            (ST_PPK, 15),
            (ST_SANKSI, 15),
            (ST_ABAI, 1),
            (None, 2),
        ),
    ),
)

#: The cycles of the demo register, in calendar order (one sheet each).
CYCLES: tuple[str, ...] = tuple(spec.name for spec in CYCLE_SPECS)
CYCLE_INDEX = {spec.name: i for i, spec in enumerate(CYCLE_SPECS)}

#: The KASN → BKN switch (the vocabulary's): forwarded before this day → KASN, on or after → BKN.
KASN_TO_BKN = KASN_TO_BKN_DATE.toordinal()
#: A Pilkada 2024 case found from 10 days before the switch on is forwarded to BKN (forwarding takes 3–28 days).
BKN_FROM = KASN_TO_BKN - 10

#: "Today" of the demo register: no forwarding, recommendation or decree date lies after it.
DEMO_TODAY = dt.date(2026, 11, 22)

TODAY_ORD = DEMO_TODAY.toordinal()

#: Statuses at which a case has been forwarded, and those with a recommendation issued.
FORWARDED_STATUSES = frozenset({ST_KASN, ST_BKN, ST_REKOM, ST_PPK, ST_SANKSI, ST_ABAI})

RECOMMENDED_STATUSES = frozenset({ST_REKOM, ST_PPK, ST_SANKSI, ST_ABAI})
UNDATED_SHARE = 0.15  # share of forwarded cases whose register records none of the process dates
FORWARD_DAYS = (3, 28)  # finding → forwarding: a few days to ~4 weeks
RECOMMEND_DAYS = (21, 84)  # forwarding → recommendation: 3–12 weeks
SANCTION_DAYS = (30, 183)  # recommendation → decree (SK): 1–6 months
MULTI_SHARE = 0.15  # share of cases naming 2–4 persons

VIOLATIONS: tuple[tuple[str, int, bool], ...] = (
    # (text as written, weight, party membership → dismissal)
    ("Like postingan calon di Instagram", 9, False),
    ("Membagikan (share) konten kampanye di Facebook", 7, False),
    ("Komentar dukungan pada postingan paslon", 6, False),
    ("Posting foto paslon di status WhatsApp", 6, False),
    ("Kampanye di media sosial (Facebook)", 5, False),
    ("Mengikuti (follow) akun kampanye calon", 3, False),
    ("Like dan komentar di akun TikTok calon", 4, False),
    ("Foto bersama calon dengan gestur jari", 8, False),
    ("Foto bersama bakal calon dengan simbol jari", 4, False),
    ("Berfoto dengan paslon mengacungkan dua jari", 3, False),
    ("Menghadiri kampanye paslon", 6, False),
    ("Menghadiri deklarasi dukungan", 4, False),
    ("Hadir pada peresmian posko pemenangan", 2, False),
    ("Kegiatan yang mengarah keberpihakan", 5, False),
    ("Mengajak warga memilih calon tertentu", 3, False),
    ("Pendekatan ke partai politik", 3, False),
    ("Memasang spanduk/baliho calon", 3, False),
    ("Membuat keputusan yang menguntungkan calon", 2, False),
    ("Menggunakan fasilitas negara (mobil dinas) untuk kampanye", 3, False),
    ("Menjadi anggota partai politik", 1, True),
    ("Terdaftar sebagai bakal calon anggota DPRD", 1, True),
    ("Memberi dukungan dengan fotokopi KTP", 2, False),
)

# Title (prefix, suffix) options per kind of position.
_T_NONE = (("", ""),)

_T_ADM = (("", ""), ("", ""), ("", ", S.Sos."), ("", ", S.STP"), ("", ", S.H."), ("", ", S.E., M.M."), ("", ", M.Si."))
_T_GURU = (("", ""), ("", ", S.Pd."), ("", ", S.Pd."), ("", ", S.Pd.SD"), ("", ", M.Pd."))
_T_DOKTER = (("dr. ", ""),)
_T_PERAWAT = (("", ""), ("", ", S.Kep."), ("", ", A.Md.Kep."))
_T_BIDAN = (("", ""), ("", ", A.Md.Keb."))

# (weight, position, agency kind, titles, is_teacher)
_PositionEntry = tuple[int, str, str, tuple[tuple[str, str], ...], bool]

POSITIONS: dict[str, tuple[_PositionEntry, ...]] = {
    "PNS": (
        (3, "Camat", "kec", _T_ADM, False),
        (4, "Sekretaris Camat", "kec", _T_ADM, False),
        (8, "Lurah", "kel", _T_ADM, False),
        (5, "Sekretaris Kelurahan", "kel", _T_ADM, False),
        (3, "Kasi Pemerintahan", "kec", _T_ADM, False),
        (3, "Kasi Kesejahteraan Sosial", "kel", _T_ADM, False),
        (8, "Staf pelaksana", "kel", _T_NONE, False),
        (10, "Staf pelaksana", "dinas", _T_NONE, False),
        (2, "Kabid", "dinas", _T_ADM, False),
        (1, "Kepala Bidang", "dinas", _T_ADM, False),
        (3, "Kasubag Umum dan Kepegawaian", "dinas", _T_ADM, False),
        (1, "Kepala Dinas", "dinas", _T_ADM, False),
        (14, "Guru", "sd", _T_GURU, True),
        (6, "Guru", "smp", _T_GURU, True),
        (2, "Kepala Sekolah", "sd", _T_GURU, True),
        (2, "Dokter", "pusk", _T_DOKTER, False),
        (2, "Perawat", "rsud", _T_PERAWAT, False),
        (2, "Bidan", "pusk", _T_BIDAN, False),
        (1, "Analis Kepegawaian", "bkpp", _T_NONE, False),
        (1, "Auditor", "insp", _T_NONE, False),
        (2, "Anggota Satpol PP", "satpol", _T_NONE, False),
    ),
    "PPPK": (
        (30, "Guru", "sd", _T_GURU, True),
        (15, "Guru", "smp", _T_GURU, True),
        (5, "Perawat", "rsud", _T_PERAWAT, False),
        (4, "Perawat", "pusk", _T_PERAWAT, False),
        (6, "Bidan", "pusk", _T_BIDAN, False),
        (8, "Penyuluh", "dinas", _T_NONE, False),
        (10, "Pranata komputer", "dinas", _T_NONE, False),
    ),
    "THL": (
        (15, "Petugas kebersihan", "kel", _T_NONE, False),
        (10, "Sopir", "dinas", _T_NONE, False),
        (15, "Staf administrasi kelurahan", "kel", _T_NONE, False),
        (8, "Petugas parkir", "dishub", _T_NONE, False),
        (8, "Operator komputer", "kec", _T_NONE, False),
        (10, "Anggota Satpol PP", "satpol", _T_NONE, False),
        (8, "Guru honorer", "sd", _T_NONE, True),
        (5, "Petugas keamanan", "kec", _T_NONE, False),
    ),
}

POSITIONS["ASN"] = POSITIONS["PNS"]

# (raw text, weight); the second table is used for teachers.
ACTOR_RAW: dict[str, tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]] = {
    "PNS": (
        (("PNS", 60), ("P.N.S", 4), ("Pegawai Negeri Sipil", 8), ("ASN PNS", 8), ("ASN (PNS)", 5), ("CPNS", 3)),
        (("PNS", 50), ("PNS Guru", 20), ("Pegawai Negeri Sipil", 8), ("ASN PNS", 8), ("CPNS", 3)),
    ),
    "PPPK": (
        (("PPPK", 45), ("P3K", 20), ("p3k", 5), ("ASN PPPK", 10)),
        (("PPPK", 30), ("P3K", 15), ("Guru P3K", 15), ("PPPK Guru", 15), ("p3k", 5), ("ASN PPPK", 5)),
    ),
    "THL": (
        (
            ("THL", 35),
            ("Tenaga Harian Lepas", 15),
            ("Harian Lepas", 5),
            ("Non ASN", 8),
            ("Non-ASN", 5),
            ("Honorer", 10),
            ("Tenaga Honorer", 5),
            ("Tenaga Kontrak", 5),
            ("PTT", 2),
        ),
        (("GTT", 50), ("Honorer", 30), ("Guru Honorer", 20)),
    ),
    "ASN": ((("ASN", 80), ("Aparatur Sipil Negara", 20)), (("ASN", 100),)),
}

STATUS_RAW: dict[str | None, tuple[str, ...]] = {
    ST_TIDAK_REG: ("Tidak diregister", "Tidak diregister", "tidak diregistrasi"),
    ST_KAJIAN: ("Klarifikasi", "Kajian", "Proses kajian"),
    ST_BUKAN: ("Bukan pelanggaran", "Dihentikan", "Bukan Pelanggaran"),
    ST_KASN: ("Diteruskan ke KASN", "Diteruskan ke KASN", "Diteruskan KASN", "Penerusan ke KASN"),
    ST_BKN: ("Diteruskan ke BKN", "Diteruskan ke BKN (SBT)", "Penerusan ke BKN"),
    ST_REKOM: ("Rekomendasi terbit", "Rekomendasi {org} terbit", "Sudah ada rekomendasi"),
    ST_PPK: ("Proses PPK/BKPP", "Proses di BKPP", "Pemeriksaan BKPP/Inspektorat"),
    ST_SANKSI: ("Sanksi dijatuhkan", "Sanksi dijatuhkan", "Sudah dijatuhi sanksi", "Selesai (sanksi dijatuhkan)"),
    ST_ABAI: ("Tidak ditindaklanjuti PPK", "Tidak ditindaklanjuti oleh PPK"),
    None: ("", "-"),
}

# Sanction cell texts by severity; each text reads unambiguously as its severity under the vocabulary's keywords.
S_MORAL = (
    "Sanksi moral pernyataan secara terbuka",
    "Sanksi moral pernyataan secara tertutup",
    "sanksi moral berupa pernyataan secara terbuka",
    "Pernyataan secara tertutup",
)

S_RINGAN = (
    "Teguran tertulis",
    "Hukdis ringan: teguran lisan",
    "Hukuman disiplin ringan berupa teguran tertulis",
    "Pernyataan tidak puas secara tertulis",
    "teguran lisan",
)

S_RINGAN_THL = ("Surat peringatan I (SP1)", "Teguran tertulis", "SP1")

S_SEDANG_2020 = (
    "Penundaan KGB selama 1 tahun",
    "Hukdis sedang: penundaan kenaikan pangkat 1 tahun",
    "Penundaan kenaikan gaji berkala 1 tahun",
    "teguran tertulis; TPP dipotong",
    "TPP tidak dibayarkan 1 bulan",
)

S_SEDANG_2024 = (
    "Hukdis sedang: pemotongan TPP 25% selama 6 bulan",
    "Pemotongan TPP 25% selama 9 bulan",
    "Pemotongan tunjangan kinerja 25% selama 12 bulan",
    "teguran tertulis; TPP dipotong",
    "TPP tidak diberikan 1 bulan",
    "sanksi moral + TPP tidak dibayarkan 1 bulan",
)

S_BERAT_2020 = (
    "Hukdis berat: pembebasan dari jabatan",
    "Pemindahan dalam rangka penurunan jabatan setingkat lebih rendah",
)

S_BERAT_2024 = (
    "Hukdis berat: penurunan jabatan setingkat lebih rendah selama 12 bulan",
    "Pembebasan dari jabatan menjadi pelaksana selama 12 bulan",
    "Hukuman disiplin berat",
)

S_BERHENTI = {
    "PNS": ("Pemberhentian tidak dengan hormat (PTDH)", "Pemberhentian dengan hormat tidak atas permintaan sendiri"),
    "PPPK": (
        "PHPK tidak dengan hormat",
        "Pemutusan hubungan perjanjian kerja tidak dengan hormat",
        "PHPK dengan hormat",
    ),
    "THL": ("Diberhentikan", "Diberhentikan sebagai THL", "Kontrak tidak diperpanjang", "Putus kontrak"),
}

S_BERHENTI["ASN"] = S_BERHENTI["PNS"]

# Severity weights for "Sanksi dijatuhkan": (actor group, after candidacy) → flat list of severities.
IMPOSED: dict[tuple[str, bool], list[str]] = {
    ("PNS", False): flat([(MORAL, 55), (RINGAN, 25), (SEDANG, 20)]),
    ("PNS", True): flat([(MORAL, 15), (RINGAN, 20), (SEDANG, 40), (BERAT, 18), (BERHENTI, 7)]),
    ("PPPK", False): flat([(MORAL, 45), (RINGAN, 25), (SEDANG, 15), (BERHENTI, 15)]),
    ("PPPK", True): flat([(MORAL, 10), (RINGAN, 20), (SEDANG, 35), (BERAT, 5), (BERHENTI, 30)]),
    ("THL", False): flat([(RINGAN, 45), (BERHENTI, 55)]),
    ("THL", True): flat([(RINGAN, 45), (BERHENTI, 55)]),
}

IMPOSED[("ASN", False)] = IMPOSED[("PNS", False)]
IMPOSED[("ASN", True)] = IMPOSED[("PNS", True)]

# Sanction texts for the other statuses: (text, severity); "{org}" is KASN or BKN.
OTHER_SANCTION: dict[str | None, tuple[tuple[str, str], ...]] = {
    ST_TIDAK_REG: (("-", TIDAK_TERBUKTI), ("", TIDAK_TERBUKTI), ("Tidak memenuhi unsur", TIDAK_TERBUKTI)),
    ST_BUKAN: (
        ("-", TIDAK_TERBUKTI),
        ("Tidak terbukti", TIDAK_TERBUKTI),
        ("Bukan pelanggaran", TIDAK_TERBUKTI),
        ("Dihentikan, tidak memenuhi unsur", TIDAK_TERBUKTI),
    ),
    ST_KAJIAN: (("-", PROSES), ("", PROSES), ("Proses kajian", PROSES), ("Klarifikasi terlapor", PROSES)),
    ST_KASN: (("-", PROSES), ("menunggu rekomendasi KASN", PROSES), ("Diteruskan ke KASN", PROSES), ("", PROSES)),
    ST_BKN: (("-", PROSES), ("Diteruskan ke BKN melalui SBT", PROSES), ("menunggu rekomendasi BKN", PROSES)),
    ST_PPK: (
        ("-", PROSES),
        ("Proses pemeriksaan oleh BKPP dan Inspektorat", PROSES),
        ("Menunggu SK Wali Kota", PROSES),
        ("menunggu tindak lanjut PPK", PROSES),
    ),
    ST_REKOM: (
        ("-", TERBUKTI),
        ("-", TERBUKTI),
        ("", TERBUKTI),
        ("Rekomendasi {org}: sanksi moral", MORAL),
        ("Rekomendasi {org}: hukuman disiplin sedang", SEDANG),
        ("Rekomendasi {org}: hukuman disiplin berat", BERAT),
    ),
    ST_ABAI: (("-", TERBUKTI), ("", TERBUKTI)),
    None: (("-", TIDAK_TAHU), ("", TIDAK_TAHU)),
}

SOURCE_RAW = {
    "Temuan": ("Temuan", "Temuan", "Temuan", "temuan"),
    "Laporan": ("Laporan", "Laporan", "Laporan masyarakat", "laporan"),
}
