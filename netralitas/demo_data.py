"""Synthetic demo register and public-record workbook for the netralitas ASN dashboard.

Everything in the demo register is FICTIONAL ("DATA CONTOH (FIKTIF)"): names are combinations of common
Javanese first names and surnames, NIPs are made up (but have the real 18-digit structure), register numbers
follow Bawaslu's pattern. The generator is seeded and deterministic, so tests can compare a loader's output
with the ground truth held in :class:`DemoPerson`.

Public API
----------
- :class:`DemoPerson` — one terlapor in one case: the cell texts as written *and* the canonical truth.
- :func:`generate_demo_persons` — seeded list of persons (fast enough for 1,000,000 rows).
- :func:`persons_by_sheet` — the persons grouped per sheet (one sheet per cycle), in row order.
- :func:`write_demo_register` — the messy hand-kept register (openpyxl), returns a manifest.
- :func:`write_register_fast` — large registers for benchmarks (xlsxwriter, constant memory).
- :data:`PUBLIC_RECORD` / :func:`write_public_record` — the Kota Semarang cases reported in the press.
- ``python -m netralitas.demo_data [--out data/]`` regenerates both bundled workbooks.

This module must not import streamlit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

__all__ = [
    "CYCLES",
    "DEMO_MARKER",
    "DEMO_REGISTER_FILE",
    "PUBLIC_MARKER",
    "PUBLIC_RECORD",
    "PUBLIC_RECORD_FILE",
    "SEVERITY_RANK",
    "DemoPerson",
    "PublicRecordRow",
    "generate_demo_persons",
    "main",
    "persons_by_sheet",
    "write_demo_register",
    "write_public_record",
    "write_register_fast",
]

# ---------------------------------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------------------------------

DEMO_MARKER = "DATA CONTOH (FIKTIF)"
DEMO_MARKER_LINE = "DATA CONTOH (FIKTIF) — bukan data sebenarnya"
PUBLIC_MARKER = "REKAM PUBLIK"
PUBLIC_MARKER_LINE = "Sumber Data: REKAM PUBLIK — dihimpun dari pemberitaan media; bukan register resmi"
TITLE_LINE = "REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN"
BAWASLU_LINE = "BAWASLU KOTA SEMARANG"

DEMO_REGISTER_FILE = "contoh_register_netralitas_FIKTIF.xlsx"
PUBLIC_RECORD_FILE = "rekam_publik_netralitas_semarang.xlsx"

#: Fixed workbook timestamp, so that regenerating a workbook gives byte-identical files.
FIXED_TIMESTAMP = dt.datetime(2025, 1, 1, 0, 0, 0)
_ZIP_DATE_TIME = (2025, 1, 1, 0, 0, 0)

#: Excel's last row (1-based).
EXCEL_MAX_ROWS = 1_048_576

CYCLES: tuple[str, ...] = ("Pilwakot 2020", "Pemilu 2024", "Pilkada 2024")

SEVERITY_RANK: dict[str, int | None] = {
    "Sanksi moral": 1,
    "Ringan": 2,
    "Sedang": 3,
    "Berat": 4,
    "Pemberhentian": 5,
    "Dalam proses": None,
    "Tidak terbukti": None,
    "Terbukti, sanksi belum tercatat": None,
    "Tidak diketahui": None,
}

MORAL, RINGAN, SEDANG, BERAT, BERHENTI = ("Sanksi moral", "Ringan", "Sedang", "Berat", "Pemberhentian")
PROSES, TIDAK_TERBUKTI, TERBUKTI, TIDAK_TAHU = (
    "Dalam proses",
    "Tidak terbukti",
    "Terbukti, sanksi belum tercatat",
    "Tidak diketahui",
)

# Canonical handling statuses (DOMAIN.md §2).
ST_TIDAK_REG = "Tidak diregister"
ST_KAJIAN = "Klarifikasi/Kajian"
ST_BUKAN = "Bukan pelanggaran/Dihentikan"
ST_KASN = "Diteruskan ke KASN"
ST_BKN = "Diteruskan ke BKN"
ST_REKOM = "Rekomendasi terbit"
ST_PPK = "Proses PPK/BKPP"
ST_SANKSI = "Sanksi dijatuhkan"
ST_ABAI = "Tidak ditindaklanjuti PPK"

#: Severity derived from the handling status when the sanction cell says nothing (DOMAIN.md §5).
STATUS_OUTCOME: dict[str | None, str] = {
    ST_TIDAK_REG: TIDAK_TERBUKTI,
    ST_BUKAN: TIDAK_TERBUKTI,
    ST_KAJIAN: PROSES,
    ST_KASN: PROSES,
    ST_BKN: PROSES,
    ST_PPK: PROSES,
    ST_REKOM: TERBUKTI,
    ST_SANKSI: TERBUKTI,
    ST_ABAI: TERBUKTI,
    None: TIDAK_TAHU,
}

# fmt: off
KECAMATAN: tuple[str, ...] = (
    "Banyumanik", "Candisari", "Gajahmungkur", "Gayamsari", "Genuk", "Gunungpati", "Mijen", "Ngaliyan",
    "Pedurungan", "Semarang Barat", "Semarang Selatan", "Semarang Tengah", "Semarang Timur", "Semarang Utara",
    "Tembalang", "Tugu",
)
# fmt: on

#: A few real kelurahan per kecamatan (public place names), used to build office names.
# fmt: off
KELURAHAN: dict[str, tuple[str, ...]] = {
    "Banyumanik": ("Srondol Wetan", "Pudakpayung", "Padangsari", "Sumurboto", "Tinjomoyo", "Ngesrep"),
    "Candisari": ("Jatingaleh", "Jomblang", "Kaliwiru", "Wonotingal", "Tegalsari", "Candi"),
    "Gajahmungkur": ("Bendan Duwur", "Sampangan", "Lempongsari", "Petompon", "Gajahmungkur", "Bendungan"),
    "Gayamsari": ("Sambirejo", "Tambakrejo", "Kaligawe", "Pandean Lamper", "Siwalan", "Sawah Besar"),
    "Genuk": ("Bangetayu Kulon", "Muktiharjo Lor", "Trimulyo", "Penggaron Lor", "Kudu", "Genuksari"),
    "Gunungpati": ("Sekaran", "Sukorejo", "Patemon", "Plalangan", "Cepoko", "Nongkosawit"),
    "Mijen": ("Jatibarang", "Wonoplumbon", "Ngadirgo", "Wonolopo", "Jatisari", "Pesantren"),
    "Ngaliyan": ("Tambakaji", "Purwoyoso", "Beringin", "Kalipancur", "Bambankerep", "Wates"),
    "Pedurungan": ("Tlogosari Kulon", "Palebon", "Gemah", "Plamongan Sari", "Muktiharjo Kidul", "Penggaron Kidul"),
    "Semarang Barat": ("Krapyak", "Kembangarum", "Bojongsalaman", "Tawangmas", "Kalibanteng Kidul", "Manyaran"),
    "Semarang Selatan": ("Peterongan", "Lamper Kidul", "Pleburan", "Wonodri", "Mugassari", "Randusari"),
    "Semarang Tengah": ("Pekunden", "Sekayu", "Kranggan", "Miroto", "Pindrikan Kidul", "Brumbungan"),
    "Semarang Timur": ("Rejosari", "Kemijen", "Bugangan", "Karangturi", "Mlatibaru", "Sarirejo"),
    "Semarang Utara": ("Bandarharjo", "Tanjung Mas", "Kuningan", "Panggung Lor", "Bulu Lor", "Plombokan"),
    "Tembalang": ("Bulusan", "Kramas", "Meteseh", "Rowosari", "Sendangmulyo", "Tandang"),
    "Tugu": ("Mangkang Kulon", "Mangunharjo", "Randugarut", "Karanganyar", "Tugurejo", "Jerakah"),
}
# fmt: on

_DISTRICT_SPACED = {
    "Gajahmungkur": "Gajah Mungkur",
    "Gunungpati": "Gunung Pati",
    "Banyumanik": "Banyu Manik",
    "Candisari": "Candi Sari",
    "Gayamsari": "Gayam Sari",
    "Ngaliyan": "Ngalian",
}

# fmt: off
BULAN = ("", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")
BULAN_SINGKAT = ("", "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# fmt: on

# ---------------------------------------------------------------------------------------------------
# The ground-truth record
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One terlapor (reported person) in one case of the fictional register.

    Fields ending in ``_raw`` and the free-text fields hold the text exactly as it is written to the
    workbook; the other fields hold the canonical truth a correct loader must produce (DATA_CONTRACT.md).
    Text fields are written with no surrounding whitespace unless a layout adds some on purpose, so the
    trimmed cell text equals the field.
    """

    case_id: str  #: register number as written (and as the loader must store it, trimmed)
    cycle: str  #: canonical cycle, one of :data:`CYCLES`
    reported_on: dt.date | None  #: date of finding/report; None when the written date is unreadable
    source_kind: str  #: "Temuan" or "Laporan"
    source_kind_raw: str  #: as written in the Sumber / Jenis Temuan column
    person_name: str  #: as written (trimmed)
    nip: str | None  #: 18 digits, canonical; None when no NIP is written
    actor_type: str  #: "PNS", "PPPK", "THL", "ASN (tidak dirinci)" or "Tidak diketahui"
    actor_raw: str  #: status kepegawaian as written ("P3K", "Honorer", "" ...)
    position: str  #: jabatan as written
    agency: str  #: unit kerja / instansi / OPD as written
    district: str | None  #: canonical kecamatan or None when the cell is blank
    district_raw: str  #: kecamatan as written ("Kec. Smg Barat", "GAJAH MUNGKUR", "")
    violation_type: str  #: jenis pelanggaran as written
    status: str | None  #: canonical handling status (DOMAIN.md §2) or None when blank
    status_raw: str  #: handling status as written
    sanction: str  #: sanction / recommendation text as written ("-" and "" included)
    severity: str  #: canonical severity expected under DOMAIN.md §5
    date_raw: str | None = None  #: text written instead of the date (unreadable dates); None = write the date
    doubt: str | None = None  #: deliberate data-quality problem of this row (see DOUBT_KINDS), else None
    #: date Bawaslu forwarded the case to KASN/BKN (shared by all persons of a case); None when the case was
    #: not forwarded or the register does not record it — see :func:`generate_demo_persons`
    forwarded_on: dt.date | None = None
    #: date KASN/BKN issued its recommendation (shared by the persons of a case); None when not recorded.
    #: Only layout B ("Pemilu 2024") has a column for it: a loader reads None from the other sheets (see the
    #: manifest's ``columns`` for which process dates a sheet records).
    recommended_on: dt.date | None = None
    #: date of the mayor's decree (SK) imposing the sanction; only for "Sanksi dijatuhkan", else None
    sanctioned_on: dt.date | None = None

    @property
    def severity_rank(self) -> int | None:
        """1–5 for the five sanctions, None for the four outcomes."""
        return SEVERITY_RANK[self.severity]


#: Deliberate data-quality problems planted by :func:`generate_demo_persons`.
DOUBT_KINDS: dict[str, str] = {
    "unreadable_date": "tanggal tidak terbaca (reported_on = None)",
    "unknown_actor": "status kepegawaian tidak dikenal ('Tenaga Ahli' → Tidak diketahui)",
    "blank_actor": "status kepegawaian kosong (→ Tidak diketahui)",
    "conflicting_sanction": "sanksi dengan kata bertentangan: tingkat 'ringan' vs sanksi konkret 'KGB' (→ Sedang)",
    "leading_equals": "teks diawali '=' (harus disimpan sebagai teks, bukan rumus)",
    "leading_at": "teks diawali '@'",
}

# ---------------------------------------------------------------------------------------------------
# Generation tables
# ---------------------------------------------------------------------------------------------------


def _flat(pairs: Iterable[tuple[Any, float]], scale: int = 1) -> list[Any]:
    """Expand (item, weight) pairs into a flat list so that a uniform pick is a weighted pick."""
    out: list[Any] = []
    for item, weight in pairs:
        out.extend([item] * round(weight * scale))
    return out


def _d(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


@dataclass(frozen=True)
class _CycleSpec:
    name: str
    code: str  # register-number code
    weight: int
    segments: tuple[tuple[int, int, int], ...]  # (first ordinal, last ordinal, weight)
    candidacy: int  # ordinal of the day candidates were officially set
    cycle_line: str
    signature_date: str
    actor_weights: tuple[tuple[str, int], ...]
    status_weights: tuple[tuple[str | None, int], ...]


_CYCLE_SPECS: tuple[_CycleSpec, ...] = (
    _CycleSpec(
        name="Pilwakot 2020",
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
    _CycleSpec(
        name="Pemilu 2024",
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
    _CycleSpec(
        name="Pilkada 2024",
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
_CYCLE_INDEX = {spec.name: i for i, spec in enumerate(_CYCLE_SPECS)}
#: Forwarding on/after 2024-09-04 goes to BKN; reports before ~2024-08-25 were forwarded to KASN.
_BKN_FROM = _d("2024-08-25")
#: KASN → BKN switch (DOMAIN.md §1): forwarded before this day → KASN, on or after → BKN.
_KASN_TO_BKN = _d("2024-09-04")
#: "Today" of the demo register: no forwarding, recommendation or decree date lies after it.
DEMO_TODAY = dt.date(2026, 11, 22)
_TODAY_ORD = DEMO_TODAY.toordinal()
#: Statuses at which a case has been forwarded (DOMAIN.md §2), and those with a recommendation issued.
_FORWARDED_STATUSES = frozenset({ST_KASN, ST_BKN, ST_REKOM, ST_PPK, ST_SANKSI, ST_ABAI})
_RECOMMENDED_STATUSES = frozenset({ST_REKOM, ST_PPK, ST_SANKSI, ST_ABAI})
_UNDATED_SHARE = 0.15  # share of forwarded cases whose register records none of the process dates
_FORWARD_DAYS = (3, 28)  # finding → forwarding: a few days to ~4 weeks
_RECOMMEND_DAYS = (21, 84)  # forwarding → recommendation: 3–12 weeks
_SANCTION_DAYS = (30, 183)  # recommendation → decree (SK): 1–6 months

_MULTI_SHARE = 0.15  # share of cases naming 2–4 persons

_VIOLATIONS: tuple[tuple[str, int, bool], ...] = (
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

# fmt: off
_DINAS = (
    "Dinas Pendidikan Kota Semarang", "Dinas Kesehatan Kota Semarang", "Dinas Perhubungan Kota Semarang",
    "Diskominfo Kota Semarang", "DPU Kota Semarang", "Bappeda Kota Semarang", "Sekretariat Daerah Kota Semarang",
    "BKPP Kota Semarang", "Satpol PP Kota Semarang", "Inspektorat Kota Semarang",
)
# fmt: on

# Title (prefix, suffix) options per kind of position.
_T_NONE = (("", ""),)
_T_ADM = (("", ""), ("", ""), ("", ", S.Sos."), ("", ", S.STP"), ("", ", S.H."), ("", ", S.E., M.M."), ("", ", M.Si."))
_T_GURU = (("", ""), ("", ", S.Pd."), ("", ", S.Pd."), ("", ", S.Pd.SD"), ("", ", M.Pd."))
_T_DOKTER = (("dr. ", ""),)
_T_PERAWAT = (("", ""), ("", ", S.Kep."), ("", ", A.Md.Kep."))
_T_BIDAN = (("", ""), ("", ", A.Md.Keb."))

# (weight, position, agency kind, titles, is_teacher)
_PositionEntry = tuple[int, str, str, tuple[tuple[str, str], ...], bool]
_POSITIONS: dict[str, tuple[_PositionEntry, ...]] = {
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
_POSITIONS["ASN"] = _POSITIONS["PNS"]

_ACTOR_CANON = {"PNS": "PNS", "PPPK": "PPPK", "THL": "THL", "ASN": "ASN (tidak dirinci)"}
# (raw text, weight); the second table is used for teachers.
_ACTOR_RAW: dict[str, tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]] = {
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

_STATUS_RAW: dict[str | None, tuple[str, ...]] = {
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

# Sanction cell texts by severity; each text is unambiguous under DOMAIN.md §5.
_S_MORAL = (
    "Sanksi moral pernyataan secara terbuka",
    "Sanksi moral pernyataan secara tertutup",
    "sanksi moral berupa pernyataan secara terbuka",
    "Pernyataan secara tertutup",
)
_S_RINGAN = (
    "Teguran tertulis",
    "Hukdis ringan: teguran lisan",
    "Hukuman disiplin ringan berupa teguran tertulis",
    "Pernyataan tidak puas secara tertulis",
    "teguran lisan",
)
_S_RINGAN_THL = ("Surat peringatan I (SP1)", "Teguran tertulis", "SP1")
_S_SEDANG_2020 = (
    "Penundaan KGB selama 1 tahun",
    "Hukdis sedang: penundaan kenaikan pangkat 1 tahun",
    "Penundaan kenaikan gaji berkala 1 tahun",
    "teguran tertulis; TPP dipotong",
    "TPP tidak dibayarkan 1 bulan",
)
_S_SEDANG_2024 = (
    "Hukdis sedang: pemotongan TPP 25% selama 6 bulan",
    "Pemotongan TPP 25% selama 9 bulan",
    "Pemotongan tunjangan kinerja 25% selama 12 bulan",
    "teguran tertulis; TPP dipotong",
    "TPP tidak diberikan 1 bulan",
    "sanksi moral + TPP tidak dibayarkan 1 bulan",
)
_S_BERAT_2020 = (
    "Hukdis berat: pembebasan dari jabatan",
    "Pemindahan dalam rangka penurunan jabatan setingkat lebih rendah",
)
_S_BERAT_2024 = (
    "Hukdis berat: penurunan jabatan setingkat lebih rendah selama 12 bulan",
    "Pembebasan dari jabatan menjadi pelaksana selama 12 bulan",
    "Hukuman disiplin berat",
)
_S_BERHENTI = {
    "PNS": ("Pemberhentian tidak dengan hormat (PTDH)", "Pemberhentian dengan hormat tidak atas permintaan sendiri"),
    "PPPK": (
        "PHPK tidak dengan hormat",
        "Pemutusan hubungan perjanjian kerja tidak dengan hormat",
        "PHPK dengan hormat",
    ),
    "THL": ("Diberhentikan", "Diberhentikan sebagai THL", "Kontrak tidak diperpanjang", "Putus kontrak"),
}
_S_BERHENTI["ASN"] = _S_BERHENTI["PNS"]

# Severity weights for "Sanksi dijatuhkan": (actor group, after candidacy) → flat list of severities.
_IMPOSED: dict[tuple[str, bool], list[str]] = {
    ("PNS", False): _flat([(MORAL, 55), (RINGAN, 25), (SEDANG, 20)]),
    ("PNS", True): _flat([(MORAL, 15), (RINGAN, 20), (SEDANG, 40), (BERAT, 18), (BERHENTI, 7)]),
    ("PPPK", False): _flat([(MORAL, 45), (RINGAN, 25), (SEDANG, 15), (BERHENTI, 15)]),
    ("PPPK", True): _flat([(MORAL, 10), (RINGAN, 20), (SEDANG, 35), (BERAT, 5), (BERHENTI, 30)]),
    ("THL", False): _flat([(RINGAN, 45), (BERHENTI, 55)]),
    ("THL", True): _flat([(RINGAN, 45), (BERHENTI, 55)]),
}
_IMPOSED[("ASN", False)] = _IMPOSED[("PNS", False)]
_IMPOSED[("ASN", True)] = _IMPOSED[("PNS", True)]

# Sanction texts for the other statuses: (text, severity); "{org}" is KASN or BKN.
_OTHER_SANCTION: dict[str | None, tuple[tuple[str, str], ...]] = {
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

_SOURCE_RAW = {
    "Temuan": ("Temuan", "Temuan", "Temuan", "temuan"),
    "Laporan": ("Laporan", "Laporan", "Laporan masyarakat", "laporan"),
}

# fmt: off
_MALE_FIRST = (
    "Agus", "Bambang", "Budi", "Joko", "Slamet", "Sugeng", "Heru", "Wahyu", "Eko", "Dwi", "Teguh", "Arif", "Rudi",
    "Hendra", "Didik", "Priyo", "Bayu", "Dimas", "Galih", "Aji", "Setyo", "Yoga", "Rizky", "Fajar", "Ilham",
    "Nanang", "Sigit", "Wawan", "Yanto", "Hari",
)
_MALE_MIDDLE = ("Adi", "Eko", "Tri", "Budi", "Dwi", "Nur", "Catur", "Aris", "Bagus", "Setyo")
_MALE_LAST = (
    "Santoso", "Wibowo", "Prasetyo", "Susanto", "Setiawan", "Nugroho", "Purnomo", "Hartono", "Kurniawan",
    "Saputra", "Wijaya", "Haryanto", "Hidayat", "Mulyono", "Sulistyo", "Sasongko", "Raharjo", "Permana",
    "Pamungkas", "Wicaksono", "Sutrisno", "Budiman", "Gunawan", "Firmansyah", "Hermawan", "Kuncoro", "Darmawan",
    "Priyambodo", "Sasmito", "Hendarto",
)
_MALE_MONO = ("Sukirno", "Sumarno", "Suparman", "Mujiyono", "Sutarno", "Kasmadi", "Paimin", "Ngadimin")
_FEMALE_FIRST = (
    "Sri", "Siti", "Endang", "Wulan", "Rina", "Dewi", "Ani", "Yuli", "Ratna", "Retno", "Nur", "Tutik", "Indah",
    "Puji", "Diah", "Ayu", "Fitri", "Kartika", "Lina", "Maya", "Novi", "Erna", "Umi", "Yuni", "Sari", "Wiwik",
    "Lilis", "Dyah", "Anik", "Tri",
)
_FEMALE_MIDDLE = ("Ayu", "Dwi", "Tri", "Nur", "Sri", "Puji", "Eka", "Rahayu")
_FEMALE_LAST = (
    "Lestari", "Rahmawati", "Handayani", "Utami", "Wulandari", "Pratiwi", "Kusumawati", "Anggraini", "Astuti",
    "Suryani", "Rahayu", "Purwanti", "Setyowati", "Widyastuti", "Puspitasari", "Mulyani", "Susilowati", "Yuliani",
    "Kurniasih", "Hartati",
)
_FEMALE_MONO = ("Sumiyati", "Suwarni", "Painem", "Ngatini", "Tukiyem", "Sulastri", "Suyatmi", "Wagiyem")
# fmt: on


def _name_pool(first: Sequence[str], middle: Sequence[str], last: Sequence[str], mono: Sequence[str]) -> list[str]:
    """Precomputed fictional names, weighted: two-part 70%, three-part 22%, single name 8%."""
    two = [f"{a} {b}" for a in first for b in last]
    three = [f"{a} {m} {b}" for a in first[:12] for m in middle for b in last[:10]]
    random.Random(7).shuffle(three)
    three = three[: int(len(two) * 22 / 70)]
    singles = list(mono) * max(1, int(len(two) * 8 / 70) // len(mono))
    return two + three + singles


_MALE_NAMES = _name_pool(_MALE_FIRST, _MALE_MIDDLE, _MALE_LAST, _MALE_MONO)
_FEMALE_NAMES = _name_pool(_FEMALE_FIRST, _FEMALE_MIDDLE, _FEMALE_LAST, _FEMALE_MONO)


def _district_raw_pool(kec: str) -> list[str]:
    """Written variants of one kecamatan, weighted (canonical text is the most common)."""
    short = kec.replace("Semarang ", "Smg ") if kec.startswith("Semarang ") else _DISTRICT_SPACED.get(kec, kec)
    pairs = [(kec, 60), (kec.upper(), 10), (f"Kec. {kec}", 10), (kec.lower(), 5), (short, 10), (f"Kec. {short}", 5)]
    return _flat(pairs)


_DISTRICT_RAW = [_district_raw_pool(k) for k in KECAMATAN]


def _agency(kind: str, kec: str, kel: str, n: int) -> str:
    if kind == "kec":
        return f"Kecamatan {kec}"
    if kind == "kel":
        return f"Kelurahan {kel}"
    if kind == "sd":
        return f"SD Negeri {kel} {n % 3 + 1:02d}"
    if kind == "smp":
        return f"SMP Negeri {n % 44 + 1} Semarang"
    if kind == "pusk":
        return f"Puskesmas {kel}"
    if kind == "rsud":
        return "RSUD K.R.M.T. Wongsonegoro"
    if kind == "bkpp":
        return "BKPP Kota Semarang"
    if kind == "insp":
        return "Inspektorat Kota Semarang"
    if kind == "satpol":
        return "Satpol PP Kota Semarang"
    if kind == "dishub":
        return "Dinas Perhubungan Kota Semarang"
    return _DINAS[n % len(_DINAS)]


def _register_number(seq: int, kind: str, code: str, day: dt.date) -> str:
    """Bawaslu-style register number: Temuan with a Roman month, Laporan with a two-digit month."""
    if kind == "Temuan":
        return f"{seq:03d}/TM/{code}/Kota/14.29/{_ROMAN[day.month]}/{day.year}"
    return f"{seq:03d}/LP/{code}/Kota/14.29/{day.month:02d}/{day.year}"


# ---------------------------------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------------------------------


def generate_demo_persons(n: int = 320, seed: int = 20241127) -> list[DemoPerson]:
    """Generate ``n`` fictional terlapor rows, deterministically from ``seed``.

    Persons come grouped by cycle (in :data:`CYCLES` order), chronologically within a cycle, and the
    persons of one case are adjacent. About 15% of cases name 2–4 persons. When ``n >= 60`` a handful of
    deliberately doubtful rows (see :data:`DOUBT_KINDS`, field ``doubt``) are planted in single-person cases;
    their truth fields hold what a correct loader must produce. All fields come from ``random.Random(seed)``
    except the process dates (``forwarded_on``, ``recommended_on``, ``sanctioned_on``), which are drawn from a
    separate ``random.Random(seed + 1)`` so that adding them changed no other generated value:

    - only cases with a forwarded-or-later status get them (:data:`_FORWARDED_STATUSES`); about
      :data:`_UNDATED_SHARE` of those cases get none at all (registers are incomplete);
    - forwarded 3–28 days after the finding, on the side of the KASN → BKN switch (2024-09-04) that the
      status names (where no day in that range fits, the case gets no dates; the status is never changed);
      all persons of a case share the forwarding and the recommendation date;
    - recommended 3–12 weeks after forwarding (Rekomendasi terbit and later); sanctioned per person 1–6
      months after the recommendation (Sanksi dijatuhkan only); none after :data:`DEMO_TODAY`.

    A doubtful row keeps the dates of the row it replaced (they stay valid for its status).
    Takes about 15 s for 1,000,000 persons (write_register_fast then needs ~2 min for the file).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    rnd = rng.random
    rnd_dates = random.Random(seed + 1).random  # process dates only (kept apart: see the docstring)

    cycle_pick = _flat((i, spec.weight) for i, spec in enumerate(_CYCLE_SPECS))
    seg_picks = [_flat((seg, seg[2]) for seg in spec.segments) for spec in _CYCLE_SPECS]

    # Phase 1: cases (cycle, date, number of persons).
    cases: list[list[tuple[int, int, int]]] = [[] for _ in _CYCLE_SPECS]
    total = 0
    serial = 0
    while total < n:
        k = 1 if rnd() >= _MULTI_SHARE else 2 + int(rnd() * 3)
        k = min(k, n - total)
        c = cycle_pick[int(rnd() * len(cycle_pick))]
        segs = seg_picks[c]
        first, last, _w = segs[int(rnd() * len(segs))]
        cases[c].append((first + int(rnd() * (last - first + 1)), serial, k))
        serial += 1
        total += k

    # Phase 2: persons, case by case in register order. (Hot loop: locals and precomputed lengths.)
    violation_pick = _flat(((text, party), w) for text, w, party in _VIOLATIONS)
    n_viol = len(violation_pick)
    position_picks = {
        a: (lst, len(lst)) for a, entries in _POSITIONS.items() for lst in [_flat((e, e[0]) for e in entries)]
    }
    actor_raw_picks = {
        a: tuple((lst, len(lst)) for lst in (_flat(tables[0]), _flat(tables[1]))) for a, tables in _ACTOR_RAW.items()
    }
    mmdd = [f"{m:02d}{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    n_mmdd = len(mmdd)
    seq3 = [f"{i:03d}" for i in range(1, 1000)]
    month2 = [f"{m:02d}" for m in range(1, 13)]
    male_names, n_male = _MALE_NAMES, len(_MALE_NAMES)
    female_names, n_female = _FEMALE_NAMES, len(_FEMALE_NAMES)
    district_raw = [(v, len(v)) for v in _DISTRICT_RAW]
    imposed = {k: (v, len(v)) for k, v in _IMPOSED.items()}
    other_sanction = {k: (v, len(v)) for k, v in _OTHER_SANCTION.items()}
    actor_canon = _ACTOR_CANON
    agency_of = _agency
    person = DemoPerson
    date_cache: dict[int, dt.date] = {}
    out: list[DemoPerson] = []
    append = out.append
    # indices of persons in single-person cases, per cycle
    singles: list[list[int]] = [[] for _ in _CYCLE_SPECS]
    kel_by_kec = [KELURAHAN[k] for k in KECAMATAN]
    n_kec = len(KECAMATAN)
    fromordinal = dt.date.fromordinal
    f_lo, f_hi = _FORWARD_DAYS
    r_lo, r_hi = _RECOMMEND_DAYS
    s_lo, s_span = _SANCTION_DAYS[0], _SANCTION_DAYS[1] - _SANCTION_DAYS[0] + 1

    for c, spec in enumerate(_CYCLE_SPECS):
        actor_pick = _flat(spec.actor_weights)
        n_actor = len(actor_pick)
        status_pick = _flat(spec.status_weights)
        n_status = len(status_pick)
        cycle_name = spec.name
        after_2020 = cycle_name != "Pilwakot 2020"
        s_sedang = _S_SEDANG_2024 if after_2020 else _S_SEDANG_2020
        s_berat = _S_BERAT_2024 if after_2020 else _S_BERAT_2020
        cases[c].sort()
        for seq, (ordinal, _serial, k) in enumerate(cases[c], start=1):
            day = date_cache.get(ordinal)
            if day is None:
                day = date_cache[ordinal] = dt.date.fromordinal(ordinal)
            year = day.year
            status = status_pick[int(rnd() * n_status)]
            if status == ST_TIDAK_REG:
                kind = "Laporan" if rnd() < 0.8 else "Temuan"
            else:
                kind = "Temuan" if rnd() < 0.65 else "Laporan"
            to_bkn = c == 2 and ordinal >= _BKN_FROM
            if status == ST_KASN and to_bkn:
                status = ST_BKN
            elif status == ST_BKN and not to_bkn:
                status = ST_KASN
            org = "BKN" if to_bkn else "KASN"
            case_id = _register_number(seq, kind, spec.code, day)
            src_raws = _SOURCE_RAW[kind]
            source_raw = src_raws[int(rnd() * len(src_raws))]
            violation, party = violation_pick[int(rnd() * n_viol)]
            kec_i = int(rnd() * n_kec)
            kec = KECAMATAN[kec_i]
            kels = kel_by_kec[kec_i]
            kel = kels[int(rnd() * len(kels))]
            d_pool, n_d_pool = district_raw[kec_i]
            after = ordinal >= spec.candidacy
            raws = _STATUS_RAW[status]
            status_raw = raws[int(rnd() * len(raws))].replace("{org}", org)
            if status == ST_SANKSI:
                other, n_other = None, 0
            else:
                other, n_other = other_sanction[status]
            # process dates of the case (separate random stream)
            forwarded_on = recommended_on = None
            rec = 0
            if status in _FORWARDED_STATUSES and rnd_dates() >= _UNDATED_SHARE:
                if to_bkn:  # forwarded on/after the KASN → BKN switch
                    lo, hi = max(f_lo, _KASN_TO_BKN - ordinal), f_hi
                else:
                    lo, hi = f_lo, min(f_hi, _KASN_TO_BKN - 1 - ordinal)
                if lo <= hi:
                    fwd = ordinal + lo + int(rnd_dates() * (hi - lo + 1))
                    if fwd <= _TODAY_ORD:
                        forwarded_on = fromordinal(fwd)
                        if status in _RECOMMENDED_STATUSES:
                            rec = fwd + r_lo + int(rnd_dates() * (r_hi - r_lo + 1))
                            if rec <= _TODAY_ORD:
                                recommended_on = fromordinal(rec)
            dated_sanction = status == ST_SANKSI and recommended_on is not None
            if k == 1:
                singles[c].append(len(out))
            for _ in range(k):
                group = actor_pick[int(rnd() * n_actor)]
                entries, n_entries = position_picks[group]
                _w, position, agency_kind, titles, teacher = entries[int(rnd() * n_entries)]
                agency = agency_of(agency_kind, kec, kel, int(rnd() * 1000))
                raw_pool, n_raw = actor_raw_picks[group][1 if teacher else 0]
                actor_raw = raw_pool[int(rnd() * n_raw)]
                if rnd() < 0.55:
                    sex = "1"
                    base = male_names[int(rnd() * n_male)]
                else:
                    sex = "2"
                    base = female_names[int(rnd() * n_female)]
                if len(titles) == 1:
                    prefix, suffix = titles[0]
                else:
                    prefix, suffix = titles[int(rnd() * len(titles))]
                name = prefix + base + suffix if (prefix or suffix) else base
                # NIP: birth date + TMT + sex digit + sequence
                # (PPPK: birth date + year + "21" + sex digit + sequence).
                nip: str | None = None
                if group == "PNS" or (group == "ASN" and rnd() < 0.5):
                    by = year - 24 - int(rnd() * 34)
                    if actor_raw == "CPNS":
                        ty = year - int(rnd() * 2)
                    else:
                        ty = min(by + 22 + int(rnd() * 11), year - 1)
                    nip = f"{by}{mmdd[int(rnd() * n_mmdd)]}{ty}{month2[int(rnd() * 12)]}{sex}{seq3[int(rnd() * 999)]}"
                elif group == "PPPK":
                    by = year - 25 - int(rnd() * 26)
                    ty = min(2019 + int(rnd() * 5), year)
                    nip = f"{by}{mmdd[int(rnd() * n_mmdd)]}{ty}21{sex}{seq3[int(rnd() * 999)]}"
                if rnd() < 0.05:
                    district, d_raw = None, ""
                else:
                    district, d_raw = kec, d_pool[int(rnd() * n_d_pool)]
                sgroup = "PNS" if group == "ASN" else group
                if other is None:
                    if party:
                        severity = BERHENTI
                    else:
                        levels, n_levels = imposed[(sgroup, after)]
                        severity = levels[int(rnd() * n_levels)]
                    if severity == MORAL:
                        texts = _S_MORAL
                    elif severity == RINGAN:
                        texts = _S_RINGAN_THL if sgroup == "THL" else _S_RINGAN
                    elif severity == SEDANG:
                        texts = s_sedang
                    elif severity == BERAT:
                        texts = s_berat
                    else:
                        texts = _S_BERHENTI[sgroup]
                    sanction = texts[int(rnd() * len(texts))]
                else:
                    if sgroup == "THL" and status == ST_REKOM:
                        # no KASN/BKN recommendation names a sanction for a non-ASN worker
                        sanction, severity = other[int(rnd() * 3)]
                    else:
                        sanction, severity = other[int(rnd() * n_other)]
                    if "{" in sanction:
                        sanction = sanction.replace("{org}", org)
                sanctioned_on = None
                if dated_sanction:
                    sanc = rec + s_lo + int(rnd_dates() * s_span)
                    if sanc <= _TODAY_ORD:
                        sanctioned_on = fromordinal(sanc)
                append(
                    person(
                        case_id, cycle_name, day, kind, source_raw, name, nip,
                        actor_canon[group], actor_raw, position, agency, district,
                        d_raw, violation, status, status_raw, sanction, severity,
                        None, None, forwarded_on, recommended_on, sanctioned_on,
                    )
                )  # fmt: skip
    if n >= 60:
        _plant_doubts(out, singles)
    return out


def _plant_doubts(out: list[DemoPerson], singles: list[list[int]]) -> None:
    """Replace a few single-person rows with deliberately doubtful ones (in place)."""
    bad_dates = ("32/13/2020", "belum diisi", "31/11/2024")
    plans: tuple[tuple[str, ...], ...] = (
        ("unreadable_date", "unknown_actor"),
        ("unreadable_date", "conflicting_sanction", "leading_equals"),
        ("unreadable_date", "blank_actor", "conflicting_sanction", "leading_at"),
    )
    for c, kinds in enumerate(plans):
        candidates = [i for i in singles[c] if out[i].actor_type == "PNS"]
        if len(candidates) < 2 * len(kinds):
            continue
        for j, kind in enumerate(kinds):
            i = candidates[(j + 1) * len(candidates) // (len(kinds) + 1)]
            p = out[i]
            if kind == "unreadable_date":
                p = replace(p, reported_on=None, date_raw=bad_dates[c])
            elif kind == "unknown_actor":
                p = replace(p, actor_type="Tidak diketahui", actor_raw="Tenaga Ahli")
            elif kind == "blank_actor":
                p = replace(p, actor_type="Tidak diketahui", actor_raw="")
            elif kind == "conflicting_sanction":
                text = "hukdis ringan (penundaan KGB)" if c == 1 else "HD ringan: penundaan KGB 1 tahun"
                p = replace(p, status=ST_SANKSI, status_raw="Sanksi dijatuhkan", sanction=text, severity=SEDANG)
            elif kind == "leading_equals":
                p = replace(p, violation_type="=like postingan calon")
            elif kind == "leading_at":
                p = replace(p, violation_type="@akun_paslon di-tag pada unggahan")
            out[i] = replace(p, doubt=kind)


def persons_by_sheet(persons: Iterable[DemoPerson]) -> dict[str, list[DemoPerson]]:
    """Group persons per sheet (sheet name = cycle), keeping their order; sheets in :data:`CYCLES` order."""
    groups: dict[str, list[DemoPerson]] = {}
    for p in persons:
        groups.setdefault(p.cycle, []).append(p)
    order = {name: i for i, name in enumerate(CYCLES)}
    return {k: groups[k] for k in sorted(groups, key=lambda k: (order.get(k, len(order)), k))}


# ---------------------------------------------------------------------------------------------------
# Text helpers for writing
# ---------------------------------------------------------------------------------------------------


def _nip_spaced(nip: str) -> str:
    """ "198503122010011003" → "19850312 201001 1 003" (the way NIPs are printed)."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def _date_text(day: dt.date, form: int) -> str:
    """Indonesian date texts seen in hand-kept registers (all day-first)."""
    if form == 0:
        return f"{day.day} {BULAN[day.month]} {day.year}"
    if form == 1:
        return f"{HARI[day.weekday()]}, {day.day}/{day.month}/{day.year}"
    if form == 2:
        return f"{day.day:02d}-{day.month:02d}-{day.year}"
    if form == 3:
        return f"{day.day} {BULAN_SINGKAT[day.month]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _case_groups(persons: Sequence[DemoPerson]) -> list[list[DemoPerson]]:
    """Consecutive persons with the same register number form one case."""
    groups: list[list[DemoPerson]] = []
    for p in persons:
        if groups and groups[-1][0].case_id == p.case_id:
            groups[-1].append(p)
        else:
            groups.append([p])
    return groups


# ---------------------------------------------------------------------------------------------------
# Deterministic saving
# ---------------------------------------------------------------------------------------------------


def _save_deterministic(wb: Any, path: Path) -> None:
    """Save an openpyxl workbook with fixed timestamps (document properties and zip entries)."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # openpyxl's save_workbook would stamp "modified" with now()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with (
            os.fdopen(fd, "wb") as fh,
            zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as out,
            zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src,
        ):
            for info in src.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE_TIME)
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o600 << 16
                out.writestr(fixed, src.read(info.filename))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------------------------------------------
# The messy register (openpyxl)
# ---------------------------------------------------------------------------------------------------

_LAYOUT_OF_CYCLE = {"Pilwakot 2020": "A", "Pemilu 2024": "B", "Pilkada 2024": "C"}

# fmt: off
# The process-date headers are names the loader's vocabulary knows exactly ("Tgl SK Sanksi" would not do:
# the header matcher reads the word "Sanksi" in it as the sanction column).
_HEADERS_A = (
    "No", "No. Reg", "Tgl Temuan/Laporan", "Sumber", "Nama", "NIP", "Jabatan", "Status", "Unit Kerja",
    "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Tgl Penerusan", "Tgl SK", "Tindak Lanjut / Sanksi",
)
_HEADERS_B = (
    "Nomor Register", "Tanggal", "Jenis Temuan", "Nama Terlapor", "NIP", "Jabatan", "Status Kepegawaian",
    "Instansi", "Kec.", "Bentuk Pelanggaran", "Status", "Tanggal Penerusan", "Tanggal Rekomendasi",
    "Tanggal Sanksi", "Rekomendasi KASN/BKN / Sanksi",
)
_HEADERS_C = (
    "No.", "No Reg", "Tgl", "Sumber", "Nama", "NIP", "Jabatan", "Jenis ASN", "OPD", "Kecamatan", "Uraian",
    "Catatan", "Status Penanganan", "Tgl Penerusan", "Tgl Sanksi", "Sanksi",
)

#: Field of DemoPerson shown in each column ("_no" = running number, "_note" = internal note).
_FIELDS_A = ("_no", "case_id", "reported_on", "source_kind", "person_name", "nip", "position", "actor_type",
             "agency", "district", "violation_type", "status", "forwarded_on", "sanctioned_on", "sanction")
_FIELDS_B = ("case_id", "reported_on", "source_kind", "person_name", "nip", "position", "actor_type", "agency",
             "district", "violation_type", "status", "forwarded_on", "recommended_on", "sanctioned_on", "sanction")
_FIELDS_C = ("_no", "case_id", "reported_on", "source_kind", "person_name", "nip", "position", "actor_type",
             "agency", "district", "violation_type", "_note", "status", "forwarded_on", "sanctioned_on", "sanction")
# fmt: on


_SIGNERS = {
    "A": "Purnomo Adi Saputro, S.H.",
    "B": "Dyah Ayu Kusumaningrum, S.Sos.",
    "C": "Galih Prakoso Wibisono, S.IP., M.Si.",
}

_NOTES_C = ("", "", "", "", "cek berkas fisik", "sudah input SIPP", "konfirmasi ke kelurahan", "verifikasi ulang")


def _person_cells(p: DemoPerson) -> dict[str, Any]:
    """Person-level values by field name (as written)."""
    return {
        "person_name": p.person_name,
        "position": p.position,
        "actor_type": p.actor_raw,
        "agency": p.agency,
        "district": p.district_raw,
        "violation_type": p.violation_type,
        "status": p.status_raw,
        "sanction": p.sanction,
    }


def _set(ws: Any, row: int, col: int, value: Any, number_format: str | None = None) -> Any:
    """Write one cell; blank strings and None leave the cell empty; '='-texts stay strings."""
    if value is None or value == "":
        return None
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a text that looks like a formula, never a formula
    if number_format:
        cell.number_format = number_format
    return cell


def _title_rows(ws: Any, lines: Sequence[str | None], ncols: int) -> list[int]:
    from openpyxl.styles import Alignment, Font

    rows = []
    for r, line in enumerate(lines, start=1):
        if line is None:
            continue
        cell = _set(ws, r, 1, line)
        cell.font = Font(bold=r <= 3, italic=DEMO_MARKER in line or PUBLIC_MARKER in line)
        cell.alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        rows.append(r)
    return rows


def _style_header(ws: Any, rows: Sequence[int], ncols: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin")
    fill = PatternFill("solid", fgColor="D9E1F2")
    for r in rows:
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _widths(ws: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _footer(
    ws: Any, row: int, label_col: int, count_col: int, count: int, sign_col: int, sign_date: str, signer: str
) -> tuple[int, list[int]]:
    """JUMLAH row, two blank rows, signature block. Returns (total row, footer rows)."""
    from openpyxl.styles import Font

    cell = _set(ws, row, label_col, "JUMLAH")
    cell.font = Font(bold=True)
    _set(ws, row, count_col, count).font = Font(bold=True)
    r = row + 3
    rows = []
    for line in (sign_date, "Ketua Bawaslu Kota Semarang", None, signer):
        if line:
            _set(ws, r, sign_col, line)
        rows.append(r)
        r += 1
    return row, rows


#: Columns of layout A merged down over a multi-person case: No, No. Reg, Tgl, Sumber and Tgl Penerusan.
_MERGED_CASE_COLUMNS_A = (1, 2, 3, 4, 13)


def _write_layout_a(ws: Any, spec: _CycleSpec, persons: Sequence[DemoPerson]) -> dict[str, Any]:
    """Two-row merged header; No/No. Reg/Tgl/Sumber/Tgl Penerusan merged down over a multi-person case;
    real dates (also in Tgl Penerusan and Tgl SK)."""
    ncols = len(_HEADERS_A)
    title_rows = _title_rows(ws, (TITLE_LINE, spec.cycle_line, BAWASLU_LINE, DEMO_MARKER_LINE), ncols)
    # Header: rows 5-6. "Terlapor" over Nama/NIP/Jabatan/Status.
    for c, name in enumerate(_HEADERS_A, start=1):
        if 5 <= c <= 8:
            _set(ws, 6, c, name)
        else:
            _set(ws, 5, c, name)
            ws.merge_cells(start_row=5, start_column=c, end_row=6, end_column=c)
    _set(ws, 5, 5, "Terlapor")
    ws.merge_cells(start_row=5, start_column=5, end_row=5, end_column=8)
    _style_header(ws, (5, 6), ncols)
    _widths(ws, (5, 30, 14, 10, 28, 22, 24, 12, 30, 16, 40, 24, 14, 12, 40))

    rng = random.Random(2020)
    groups = _case_groups(persons)
    reject_at = max(1, len(groups) * 2 // 5) if len(groups) >= 5 else -1
    row = 7
    data_rows: list[int] = []
    reject_rows: list[int] = []
    doubtful: dict[int, str] = {}
    merged: list[list[int]] = []
    spaced_nip_rows: list[int] = []
    for gi, group in enumerate(groups):
        if gi == reject_at:
            _set(ws, row, 10, "Tembalang")
            _set(ws, row, 11, "Baliho paslon terpasang di pagar kantor kelurahan (terlapor belum diketahui)")
            reject_rows.append(row)
            row += 1
        first = group[0]
        top = row
        _set(ws, top, 1, gi + 1)
        _set(ws, top, 2, first.case_id)
        if first.date_raw is not None:
            _set(ws, top, 3, first.date_raw)
        else:
            _set(ws, top, 3, first.reported_on, "DD/MM/YYYY")
        _set(ws, top, 4, first.source_kind_raw)
        for p in group:
            cells = _person_cells(p)
            _set(ws, row, 5, cells["person_name"])
            if p.nip is not None:
                if rng.random() < 0.25:
                    _set(ws, row, 6, _nip_spaced(p.nip))
                    spaced_nip_rows.append(row)
                else:
                    _set(ws, row, 6, p.nip)
            _set(ws, row, 7, cells["position"])
            _set(ws, row, 8, cells["actor_type"])
            _set(ws, row, 9, cells["agency"])
            _set(ws, row, 10, cells["district"])
            _set(ws, row, 11, cells["violation_type"])
            _set(ws, row, 12, cells["status"])
            if row == top:  # one forwarding per case: written once, merged down like the register number
                _set(ws, row, 13, p.forwarded_on, "DD/MM/YYYY")
            _set(ws, row, 14, p.sanctioned_on, "DD/MM/YYYY")
            _set(ws, row, 15, cells["sanction"])
            data_rows.append(row)
            if p.doubt:
                doubtful[row] = p.doubt
            row += 1
        if len(group) > 1:
            for c in _MERGED_CASE_COLUMNS_A:
                ws.merge_cells(start_row=top, start_column=c, end_row=row - 1, end_column=c)
            merged.append([top, row - 1])
    total_row, footer_rows = _footer(ws, row, 1, 5, len(persons), 12, spec.signature_date, _SIGNERS["A"])
    ws.merge_cells(start_row=total_row, start_column=1, end_row=total_row, end_column=4)
    return {
        "layout": "A",
        "title_rows": title_rows,
        "header_rows": [5, 6],
        "columns": _columns(_HEADERS_A, _FIELDS_A),
        "data_rows": data_rows,
        "reject_rows": reject_rows,
        "blank_rows": [],
        "lossy_nip_rows": [],
        "numeric_nip_rows": [],
        "spaced_nip_rows": spaced_nip_rows,
        "text_date_rows": [r for r, k in doubtful.items() if k == "unreadable_date"],
        "doubtful_rows": doubtful,
        "merged_case_rows": merged,
        "merged_case_columns": list(_MERGED_CASE_COLUMNS_A),
        "hidden_columns": [],
        "total_row": total_row,
        "footer_rows": footer_rows,
    }


def _write_layout_b(ws: Any, spec: _CycleSpec, persons: Sequence[DemoPerson]) -> dict[str, Any]:
    """Single header row with other names; dates as text (process dates too, in mixed forms); NIPs partly
    typed as numbers (some lossy)."""
    ncols = len(_HEADERS_B)
    title_rows = _title_rows(ws, (BAWASLU_LINE, TITLE_LINE, spec.cycle_line, DEMO_MARKER_LINE), ncols)
    for c, name in enumerate(_HEADERS_B, start=1):
        _set(ws, 5, c, name)
    _style_header(ws, (5,), ncols)
    _widths(ws, (30, 20, 12, 28, 22, 24, 16, 30, 16, 40, 22, 20, 20, 20, 40))

    rng = random.Random(2024)
    rng_dates = random.Random(2026)  # forms of the process dates (apart, so the other cells stay as they were)
    groups = _case_groups(persons)
    reject_at = max(1, len(groups) * 3 // 5) if len(groups) >= 5 else -1
    row = 6
    data_rows: list[int] = []
    reject_rows: list[int] = []
    doubtful: dict[int, str] = {}
    numeric: list[int] = []
    lossy: list[int] = []
    text_dates: list[int] = []
    for gi, group in enumerate(groups):
        if gi == reject_at:
            _set(ws, row, 2, "12 Januari 2024")
            _set(ws, row, 10, "Kepala sekolah mengarahkan wali murid memilih caleg tertentu (identitas belum ada)")
            reject_rows.append(row)
            row += 1
        form = int(rng.random() * 4)
        for p in group:
            cells = _person_cells(p)
            _set(ws, row, 1, p.case_id)
            if p.date_raw is not None:
                _set(ws, row, 2, p.date_raw)
            elif p.reported_on is not None:
                _set(ws, row, 2, _date_text(p.reported_on, form))
            text_dates.append(row)
            _set(ws, row, 3, p.source_kind_raw)
            _set(ws, row, 4, cells["person_name"])
            if p.nip is not None:
                if rng.random() < 0.16:
                    # A NIP typed as a number: real Excel keeps only 15 significant digits, so the
                    # cell holds e.g. 198503122010011000 (shown as 1,98503E+17). openpyxl would even
                    # write int(nip) with "%.16g", so every numeric NIP here is lossy.
                    _set(ws, row, 5, float(p.nip[:15] + "000"))
                    numeric.append(row)
                    lossy.append(row)
                else:
                    _set(ws, row, 5, p.nip)
            _set(ws, row, 6, cells["position"])
            _set(ws, row, 7, cells["actor_type"])
            _set(ws, row, 8, cells["agency"])
            _set(ws, row, 9, cells["district"])
            _set(ws, row, 10, cells["violation_type"])
            _set(ws, row, 11, cells["status"])
            for col, day in ((12, p.forwarded_on), (13, p.recommended_on), (14, p.sanctioned_on)):
                if day is not None:
                    _set(ws, row, col, _date_text(day, int(rng_dates.random() * 4)))
            _set(ws, row, 15, cells["sanction"])
            data_rows.append(row)
            if p.doubt:
                doubtful[row] = p.doubt
            row += 1
    total_row, footer_rows = _footer(ws, row, 1, 4, len(persons), 11, spec.signature_date, _SIGNERS["B"])
    return {
        "layout": "B",
        "title_rows": title_rows,
        "header_rows": [5],
        "columns": _columns(_HEADERS_B, _FIELDS_B),
        "data_rows": data_rows,
        "reject_rows": reject_rows,
        "blank_rows": [],
        "lossy_nip_rows": lossy,
        "numeric_nip_rows": numeric,
        "spaced_nip_rows": [],
        "text_date_rows": text_dates,
        "doubtful_rows": doubtful,
        "merged_case_rows": [],
        "merged_case_columns": [],
        "hidden_columns": [],
        "total_row": total_row,
        "footer_rows": footer_rows,
    }


def _write_layout_c(ws: Any, spec: _CycleSpec, persons: Sequence[DemoPerson]) -> dict[str, Any]:
    """Blank row above the header, blank separator row mid-data, hidden 'Catatan' column, mixed finding dates;
    Tgl Penerusan and Tgl Sanksi as real dates."""
    ncols = len(_HEADERS_C)
    title_rows = _title_rows(ws, (TITLE_LINE, spec.cycle_line, BAWASLU_LINE, DEMO_MARKER_LINE), ncols)
    for c, name in enumerate(_HEADERS_C, start=1):
        _set(ws, 6, c, name)
    _style_header(ws, (6,), ncols)
    _widths(ws, (5, 30, 12, 10, 28, 22, 24, 14, 30, 16, 40, 20, 24, 14, 12, 40))
    ws.column_dimensions["L"].hidden = True

    rng = random.Random(2025)
    groups = _case_groups(persons)
    blank_at = len(groups) // 2 if len(groups) >= 4 else -1
    reject_at = (max(1, len(groups) // 4), max(2, len(groups) * 4 // 5)) if len(groups) >= 8 else ()
    row = 7
    no = 0
    data_rows: list[int] = []
    reject_rows: list[int] = []
    blank_rows: list[int] = []
    doubtful: dict[int, str] = {}
    spaced: list[int] = []
    text_dates: list[int] = []
    for gi, group in enumerate(groups):
        if gi == blank_at:
            blank_rows.append(row)
            row += 1
        if gi in reject_at:
            no += 1
            if gi == reject_at[0]:
                _set(ws, row, 1, no)
                _set(ws, row, 11, "Unggahan dukungan paslon di grup WhatsApp RT (akun tidak teridentifikasi)")
                _set(ws, row, 16, "-")
            else:
                _set(ws, row, 10, "Pedurungan")
                _set(ws, row, 11, "Spanduk dukungan di pagar puskesmas")
            reject_rows.append(row)
            row += 1
        as_text = rng.random() < 0.3
        for p in group:
            no += 1
            cells = _person_cells(p)
            _set(ws, row, 1, no)
            _set(ws, row, 2, p.case_id + (" " if rng.random() < 0.05 else ""))
            if p.date_raw is not None:
                _set(ws, row, 3, p.date_raw)
                text_dates.append(row)
            elif p.reported_on is not None:
                if as_text:
                    _set(ws, row, 3, _date_text(p.reported_on, 4))
                    text_dates.append(row)
                else:
                    day = p.reported_on
                    _set(ws, row, 3, dt.datetime(day.year, day.month, day.day), "DD/MM/YYYY")
            _set(ws, row, 4, p.source_kind_raw)
            name = cells["person_name"]
            _set(ws, row, 5, name + "  " if rng.random() < 0.05 else name)
            if p.nip is not None:
                if rng.random() < 0.10:
                    _set(ws, row, 6, _nip_spaced(p.nip))
                    spaced.append(row)
                else:
                    _set(ws, row, 6, p.nip)
            _set(ws, row, 7, cells["position"])
            _set(ws, row, 8, cells["actor_type"])
            _set(ws, row, 9, cells["agency"])
            _set(ws, row, 10, cells["district"])
            _set(ws, row, 11, cells["violation_type"])
            _set(ws, row, 12, _NOTES_C[int(rng.random() * len(_NOTES_C))])
            _set(ws, row, 13, cells["status"])
            for col, day in ((14, p.forwarded_on), (15, p.sanctioned_on)):
                if day is not None:
                    _set(ws, row, col, dt.datetime(day.year, day.month, day.day), "DD/MM/YYYY")
            _set(ws, row, 16, cells["sanction"])
            data_rows.append(row)
            if p.doubt:
                doubtful[row] = p.doubt
            row += 1
    total_row, footer_rows = _footer(ws, row, 2, 5, len(persons), 13, spec.signature_date, _SIGNERS["C"])
    return {
        "layout": "C",
        "title_rows": title_rows,
        "header_rows": [6],
        "columns": _columns(_HEADERS_C, _FIELDS_C),
        "data_rows": data_rows,
        "reject_rows": reject_rows,
        "blank_rows": [5, *blank_rows],
        "lossy_nip_rows": [],
        "numeric_nip_rows": [],
        "spaced_nip_rows": spaced,
        "text_date_rows": text_dates,
        "doubtful_rows": doubtful,
        "merged_case_rows": [],
        "merged_case_columns": [],
        "hidden_columns": ["L"],
        "total_row": total_row,
        "footer_rows": footer_rows,
    }


def _columns(headers: Sequence[str], fields: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Manifest entry: field → {"col": 1-based column, "letter": "A", "header": text}."""
    from openpyxl.utils import get_column_letter

    return {
        f: {"col": i, "letter": get_column_letter(i), "header": h}
        for i, (h, f) in enumerate(zip(headers, fields, strict=True), start=1)
    }


def write_demo_register(path: Path, persons: list[DemoPerson]) -> dict[str, dict[str, Any]]:
    """Write the messy fictional register: one .xlsx, one sheet per cycle, each in a different layout.

    Layouts (DOMAIN.md §8): "Pilwakot 2020" → A (two-row merged header, merged case cells, real dates),
    "Pemilu 2024" → B (single header, text dates, NIPs as numbers), "Pilkada 2024" → C (blank rows, hidden
    column). Every sheet has the process dates before the sanction column: A "Tgl Penerusan" (merged down over
    a case) and "Tgl SK", C "Tgl Penerusan" and "Tgl Sanksi", as real dates; B "Tanggal Penerusan",
    "Tanggal Rekomendasi" and "Tanggal Sanksi" as text. Returns a manifest ``{sheet_name: {...}}`` with, per sheet:

    - ``layout`` ("A"/"B"/"C"), ``title_rows``, ``header_rows``, ``columns`` (field → {col, letter, header});
    - ``data_rows``: Excel row of each person of ``persons_by_sheet(persons)[sheet]``, in order;
    - ``reject_rows`` (rows a loader must reject), ``blank_rows``, ``total_row``, ``footer_rows``;
    - ``numeric_nip_rows`` (NIP typed as a number) and ``lossy_nip_rows`` (number ≠ true NIP; today the same
      rows: the cell keeps 15 significant digits, the truth ``DemoPerson.nip`` keeps all 18);
    - ``spaced_nip_rows``, ``text_date_rows``, ``doubtful_rows`` (row → doubt kind, see DOUBT_KINDS);
    - ``merged_case_rows`` ([top, bottom] of each multi-person case, merged down over
      ``merged_case_columns``), ``hidden_columns``, ``n_persons``.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = f"Register penanganan pelanggaran netralitas ASN — {DEMO_MARKER}"
    wb.properties.subject = DEMO_MARKER_LINE
    wb.properties.creator = "netralitas.demo_data"
    wb.properties.lastModifiedBy = "netralitas.demo_data"
    wb.properties.description = "Data sintetis untuk demo dasbor; semua nama, NIP dan nomor register fiktif."
    manifest: dict[str, dict[str, Any]] = {}
    writers = {"A": _write_layout_a, "B": _write_layout_b, "C": _write_layout_c}
    for sheet, group in persons_by_sheet(persons).items():
        ci = _CYCLE_INDEX.get(sheet)
        spec = _CYCLE_SPECS[ci] if ci is not None else replace(_CYCLE_SPECS[1], name=sheet, cycle_line=sheet.upper())
        ws = wb.create_sheet(title=sheet[:31])
        entry = writers[_LAYOUT_OF_CYCLE.get(sheet, "B")](ws, spec, group)
        entry["n_persons"] = len(group)
        manifest[ws.title] = entry
    if not manifest:
        ws = wb.create_sheet(title="Data")
        _title_rows(ws, (TITLE_LINE, BAWASLU_LINE, DEMO_MARKER_LINE), 4)
    _save_deterministic(wb, Path(path))
    return manifest


# ---------------------------------------------------------------------------------------------------
# Large registers for benchmarks (xlsxwriter, constant memory)
# ---------------------------------------------------------------------------------------------------

# fmt: off
_FAST_HEADERS = (
    "No", "No. Reg", "Tanggal", "Sumber", "Nama", "NIP", "Jabatan", "Status Kepegawaian", "Unit Kerja",
    "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Sanksi",
)
# fmt: on
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


def write_register_fast(
    path: Path, persons: Sequence[DemoPerson], layout: str = "messy", max_rows_per_sheet: int | None = None
) -> dict[str, dict[str, Any]]:
    """Write a large register quickly with xlsxwriter (``constant_memory``), for benchmarks.

    One sheet per cycle; a cycle with more rows than fit in one sheet continues on "<cycle> (2)", ...
    ``layout="messy"``: four title rows (incl. the DATA CONTOH marker), one header row (row 5), data from
    row 6, a JUMLAH row. ``layout="plain"``: header in row 1, data from row 2, no title or total rows.
    Dates are real Excel dates, NIPs text. ``max_rows_per_sheet`` (data rows) defaults to what Excel allows.
    Returns ``{sheet: {"header_rows", "first_data_row", "last_data_row", "n_persons", "total_row",
    "cycle"}}``; data rows hold the sheet's persons in order, one per row.
    """
    import xlsxwriter

    if layout not in ("messy", "plain"):
        raise ValueError("layout must be 'messy' or 'plain'")
    messy = layout == "messy"
    first_data = 6 if messy else 2  # 1-based
    limit = EXCEL_MAX_ROWS - (first_data - 1) - (1 if messy else 0)
    if max_rows_per_sheet is not None:
        limit = max(1, min(limit, max_rows_per_sheet))

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    wb.set_properties(
        {
            "title": f"Register netralitas ASN (besar) — {DEMO_MARKER}",
            "subject": DEMO_MARKER_LINE,
            "author": "netralitas.demo_data",
            "created": FIXED_TIMESTAMP,
        }
    )
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    manifest: dict[str, dict[str, Any]] = {}
    for cycle, group in persons_by_sheet(persons).items():
        ci = _CYCLE_INDEX.get(cycle)
        cycle_line = _CYCLE_SPECS[ci].cycle_line if ci is not None else cycle.upper()
        for part, start in enumerate(range(0, len(group), limit), start=1):
            chunk = group[start : start + limit]
            name = cycle if part == 1 else f"{cycle} ({part})"
            ws = wb.add_worksheet(name[:31])
            r = 0
            if messy:
                for line in (TITLE_LINE, cycle_line, BAWASLU_LINE, DEMO_MARKER_LINE):
                    ws.write_string(r, 0, line, bold)
                    r += 1
            for c, h in enumerate(_FAST_HEADERS):
                ws.write_string(r, c, h, bold)
            r += 1
            ws_str = ws.write_string
            ws_num = ws.write_number
            no = start
            for p in chunk:
                no += 1
                ws_num(r, 0, no)
                ws_str(r, 1, p.case_id)
                if p.date_raw is not None:
                    ws_str(r, 2, p.date_raw)
                elif p.reported_on is not None:
                    ws_num(r, 2, p.reported_on.toordinal() - _EXCEL_EPOCH, date_fmt)
                ws_str(r, 3, p.source_kind_raw)
                ws_str(r, 4, p.person_name)
                if p.nip is not None:
                    ws_str(r, 5, p.nip)
                ws_str(r, 6, p.position)
                if p.actor_raw:
                    ws_str(r, 7, p.actor_raw)
                ws_str(r, 8, p.agency)
                if p.district_raw:
                    ws_str(r, 9, p.district_raw)
                ws_str(r, 10, p.violation_type)
                if p.status_raw:
                    ws_str(r, 11, p.status_raw)
                if p.sanction:
                    ws_str(r, 12, p.sanction)
                r += 1
            total_row = None
            if messy:
                ws.write_string(r, 0, "JUMLAH", bold)
                ws.write_number(r, 4, len(chunk), bold)
                total_row = r + 1
            manifest[name[:31]] = {
                "cycle": cycle,
                "header_rows": [first_data - 1],
                "first_data_row": first_data,
                "last_data_row": first_data + len(chunk) - 1,
                "n_persons": len(chunk),
                "total_row": total_row,
            }
    if not manifest:
        wb.add_worksheet("Data").write_string(0, 0, DEMO_MARKER_LINE)
    wb.close()
    return manifest


# ---------------------------------------------------------------------------------------------------
# Public record (real, from press reports; DOMAIN.md §6)
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicRecordRow:
    """One person in a case of Kota Semarang reported in the press. Nobody is named: role only."""

    case_id: str  #: register-like id "PUB-<year>-<case>-<person>" (not a Bawaslu register number)
    cycle: str
    reported_on: dt.date | None  #: first of the month when only the month is known (see ``note``)
    source_kind_raw: str  #: "" when the press does not say whether it was a temuan or a laporan
    position: str
    actor_raw: str
    actor_type: str
    agency: str
    violation_type: str
    status_raw: str
    status: str | None
    sanction: str
    severity: str
    source: str  #: press source(s)
    note: str  #: how precise the date is and what is not known


_SRC_2020 = "Pemberitaan media, Okt 2020 (lihat DOMAIN.md §6)"
_SRC_2023 = "Tribun Jateng 22 Sep 2023; SuaraBaru.id; Tuturpedia (lihat DOMAIN.md §6)"
_SRC_2024_WALKOT = "Pernyataan Wali Kota Semarang 31 Jan 2024 dalam pemberitaan media (lihat DOMAIN.md §6)"
_SRC_2024_PILKADA = "Pemberitaan media Okt 2024 dan Jan 2025 (lihat DOMAIN.md §6)"
_NOTE_2020 = (
    "Tanggal persis tidak dipublikasikan; diisi 1 Okt 2020 (awal bulan pemberitaan penerusan ke KASN). "
    "Pembagian 6 pejabat kelurahan/kecamatan + 2 staf (swafoto) adalah tafsiran pemberitaan; "
    "hasil rekomendasi KASN tidak ditemukan dalam pemberitaan."
)


def _pub_2020() -> list[PublicRecordRow]:
    rows = []
    for i in range(1, 7):
        rows.append(
            PublicRecordRow(
                case_id=f"PUB-2020-{i:02d}",
                cycle="Pilwakot 2020",
                reported_on=dt.date(2020, 10, 1),
                source_kind_raw="",
                position="Pejabat tingkat kelurahan/kecamatan (jabatan tidak dipublikasikan)",
                actor_raw="ASN",
                actor_type="ASN (tidak dirinci)",
                agency="Pemerintah Kota Semarang (kelurahan/kecamatan)",
                violation_type=(
                    "Menghadiri deklarasi/peresmian posko pemenangan paslon dan mengunggah foto bersama paslon"
                ),
                status_raw="Diteruskan ke KASN",
                status=ST_KASN,
                sanction="-",
                severity=PROSES,
                source=_SRC_2020,
                note=_NOTE_2020,
            )
        )
    for i in range(7, 9):
        rows.append(
            PublicRecordRow(
                case_id=f"PUB-2020-{i:02d}",
                cycle="Pilwakot 2020",
                reported_on=dt.date(2020, 10, 1),
                source_kind_raw="",
                position="Staf Pemkot Semarang",
                actor_raw="ASN",
                actor_type="ASN (tidak dirinci)",
                agency="Pemerintah Kota Semarang",
                violation_type="Swafoto bersama paslon dan mengunggahnya",
                status_raw="Diteruskan ke KASN",
                status=ST_KASN,
                sanction="-",
                severity=PROSES,
                source=_SRC_2020,
                note=_NOTE_2020,
            )
        )
    rows.append(
        PublicRecordRow(
            case_id="PUB-2020-09",
            cycle="Pilwakot 2020",
            reported_on=dt.date(2020, 10, 1),
            source_kind_raw="",
            position="Pegawai instansi (tidak dirinci)",
            actor_raw="ASN",
            actor_type="ASN (tidak dirinci)",
            agency="Instansi tidak disebutkan",
            violation_type="Menyukai (like) dan mengomentari konten kampanye di media sosial",
            status_raw="",
            status=None,
            sanction="",
            severity=TIDAK_TAHU,
            source=_SRC_2020,
            note="Tanggal persis tidak dipublikasikan; diisi 1 Okt 2020 (awal bulan pemberitaan). "
            "Status penanganan dan sanksi tidak disebut dalam pemberitaan.",
        )
    )
    return rows


PUBLIC_RECORD: tuple[PublicRecordRow, ...] = (
    *_pub_2020(),
    # Pemilu 2024 — case 1 (Jan 2023): Sekretaris Camat + Lurah, both PNS → KASN: sanksi moral.
    PublicRecordRow(
        case_id="PUB-2024-01-1",
        cycle="Pemilu 2024",
        reported_on=dt.date(2023, 1, 1),
        source_kind_raw="",
        position="Sekretaris Camat",
        actor_raw="PNS",
        actor_type="PNS",
        agency="Kecamatan (tidak disebutkan)",
        violation_type="Pelanggaran netralitas (bentuk tidak dirinci dalam pemberitaan)",
        status_raw="Rekomendasi KASN terbit",
        status=ST_REKOM,
        sanction="Rekomendasi KASN: sanksi moral",
        severity=MORAL,
        source=_SRC_2023,
        note="Kasus 1 (dua terlapor, satu kasus). Hanya bulan diketahui (Jan 2023); diisi tanggal 1.",
    ),
    PublicRecordRow(
        case_id="PUB-2024-01-2",
        cycle="Pemilu 2024",
        reported_on=dt.date(2023, 1, 1),
        source_kind_raw="",
        position="Lurah",
        actor_raw="PNS",
        actor_type="PNS",
        agency="Kelurahan (tidak disebutkan)",
        violation_type="Pelanggaran netralitas (bentuk tidak dirinci dalam pemberitaan)",
        status_raw="Rekomendasi KASN terbit",
        status=ST_REKOM,
        sanction="Rekomendasi KASN: sanksi moral",
        severity=MORAL,
        source=_SRC_2023,
        note="Kasus 1 (dua terlapor, satu kasus). Hanya bulan diketahui (Jan 2023); diisi tanggal 1.",
    ),
    # Pemilu 2024 — case 2 (Aug 2023): PPPK teacher on the provisional candidate list → PHPK tidak dengan hormat.
    PublicRecordRow(
        case_id="PUB-2024-02-1",
        cycle="Pemilu 2024",
        reported_on=dt.date(2023, 8, 1),
        source_kind_raw="",
        position="Guru",
        actor_raw="PPPK Guru",
        actor_type="PPPK",
        agency="Sekolah (tidak disebutkan)",
        violation_type="Terdaftar sebagai bakal calon anggota legislatif (DCS)",
        status_raw="Rekomendasi KASN terbit",
        status=ST_REKOM,
        sanction="Rekomendasi KASN: PHPK tidak dengan hormat",
        severity=BERHENTI,
        source=_SRC_2023,
        note="Kasus 2. Hanya bulan diketahui (Agu 2023); diisi tanggal 1. Pelaksanaan PHPK tidak diberitakan.",
    ),
    # Pemilu 2024 — the mayor, 31 Jan 2024: two employees sanctioned before the campaign, one THL dismissed.
    *(
        PublicRecordRow(
            case_id=f"PUB-2024-0{k}-1",
            cycle="Pemilu 2024",
            reported_on=None,
            source_kind_raw="",
            position="Pegawai Pemkot Semarang (jabatan tidak disebutkan)",
            actor_raw="ASN",
            actor_type="ASN (tidak dirinci)",
            agency="Pemerintah Kota Semarang",
            violation_type="Pelanggaran netralitas sebelum masa kampanye (bentuk tidak dirinci)",
            status_raw="Sanksi dijatuhkan",
            status=ST_SANKSI,
            sanction="TPP tidak diberikan",
            severity=SEDANG,
            source=_SRC_2024_WALKOT,
            note="Tanggal temuan tidak dipublikasikan (dikosongkan); disanksi sebelum masa kampanye "
            "(28 Nov 2023). Bisa tumpang tindih dengan kasus lain di lembar ini.",
        )
        for k in (3, 4)
    ),
    PublicRecordRow(
        case_id="PUB-2024-05-1",
        cycle="Pemilu 2024",
        reported_on=None,
        source_kind_raw="",
        position="Tenaga Harian Lepas (jabatan tidak disebutkan)",
        actor_raw="THL",
        actor_type="THL",
        agency="Pemerintah Kota Semarang",
        violation_type="Pelanggaran netralitas (bentuk tidak dirinci)",
        status_raw="Sanksi dijatuhkan",
        status=ST_SANKSI,
        sanction="Diberhentikan",
        severity=BERHENTI,
        source=_SRC_2024_WALKOT,
        note="Tanggal temuan tidak dipublikasikan (dikosongkan).",
    ),
    # Pilkada 2024 — two ASN forwarded to BKN via SBT (Oct 2024); sanction reported Jan 2025: penundaan KGB.
    PublicRecordRow(
        case_id="PUB-2024-P01-1",
        cycle="Pilkada 2024",
        reported_on=dt.date(2024, 10, 1),
        source_kind_raw="",
        position="Pegawai Pemkot Semarang (jabatan tidak disebutkan)",
        actor_raw="ASN",
        actor_type="ASN (tidak dirinci)",
        agency="Pemerintah Kota Semarang",
        violation_type="Menyukai (like) unggahan calon di media sosial",
        status_raw="Sanksi dijatuhkan",
        status=ST_SANKSI,
        sanction="Penundaan KGB",
        severity=SEDANG,
        source=_SRC_2024_PILKADA,
        note="Diteruskan ke BKN melalui SBT Okt 2024 (diisi tanggal 1); diperiksa BKPP dan Inspektorat; "
        "sanksi diberitakan Jan 2025.",
    ),
    PublicRecordRow(
        case_id="PUB-2024-P02-1",
        cycle="Pilkada 2024",
        reported_on=dt.date(2024, 10, 1),
        source_kind_raw="",
        position="Guru",
        actor_raw="ASN",
        actor_type="ASN (tidak dirinci)",
        agency="SMA Negeri (Pemerintah Provinsi Jawa Tengah)",
        violation_type="Menghadiri kampanye",
        status_raw="Sanksi dijatuhkan",
        status=ST_SANKSI,
        sanction="Penundaan KGB",
        severity=SEDANG,
        source=_SRC_2024_PILKADA,
        note="Diteruskan ke BKN melalui SBT Okt 2024 (diisi tanggal 1). Status PNS/PPPK tidak disebut. "
        "Pemberitaan Jan 2025 menyebut sanksi penundaan KGB untuk kedua ASN.",
    ),
)

# fmt: off
_PUBLIC_HEADERS = (
    "No", "No. Reg", "Tanggal", "Sumber Temuan", "Nama", "NIP", "Jabatan", "Status Kepegawaian", "Instansi",
    "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Sanksi/Tindak Lanjut", "Sumber Berita", "Keterangan",
)
_PUBLIC_FIELDS = (
    "_no", "case_id", "reported_on", "source_kind", "person_name", "nip", "position", "actor_type", "agency",
    "district", "violation_type", "status", "sanction", "source_ref", "note",
)
# fmt: on


def write_public_record(path: Path, rows: Sequence[PublicRecordRow] = PUBLIC_RECORD) -> dict[str, dict[str, Any]]:
    """Write the public-record workbook (one sheet per cycle) from :data:`PUBLIC_RECORD`.

    Layout per sheet: row 1 title, row 2 cycle line, row 3 "Sumber Data: REKAM PUBLIK — ...", row 4 header,
    data from row 5, then a JUMLAH row. Nama and NIP are always blank (nobody is named); every row has a
    register-like id in "No. Reg" and a press source in "Sumber Berita". Returns a manifest like
    :func:`write_demo_register` (``data_rows`` in the order of the rows of that cycle).
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = "Rekam publik pelanggaran netralitas ASN Kota Semarang"
    wb.properties.subject = PUBLIC_MARKER_LINE
    wb.properties.creator = "netralitas.demo_data"
    wb.properties.lastModifiedBy = "netralitas.demo_data"
    ncols = len(_PUBLIC_HEADERS)
    manifest: dict[str, dict[str, Any]] = {}
    by_cycle: dict[str, list[PublicRecordRow]] = {}
    for r in rows:
        by_cycle.setdefault(r.cycle, []).append(r)
    for cycle in sorted(by_cycle, key=lambda c: (_CYCLE_INDEX.get(c, 99), c)):
        ws = wb.create_sheet(title=cycle[:31])
        ci = _CYCLE_INDEX.get(cycle)
        cycle_line = _CYCLE_SPECS[ci].cycle_line if ci is not None else cycle.upper()
        title_rows = _title_rows(
            ws, ("REKAM PUBLIK PELANGGARAN NETRALITAS ASN — KOTA SEMARANG", cycle_line, PUBLIC_MARKER_LINE), ncols
        )
        for c, h in enumerate(_PUBLIC_HEADERS, start=1):
            _set(ws, 4, c, h)
        _style_header(ws, (4,), ncols)
        _widths(ws, (5, 18, 12, 12, 10, 10, 34, 14, 34, 12, 48, 22, 36, 48, 70))
        data_rows = []
        row = 5
        for no, rec in enumerate(by_cycle[cycle], start=1):
            values = (
                no,
                rec.case_id,
                rec.reported_on,
                rec.source_kind_raw,
                "",
                "",
                rec.position,
                rec.actor_raw,
                rec.agency,
                "",
                rec.violation_type,
                rec.status_raw,
                rec.sanction,
                rec.source,
                rec.note,
            )
            for c, v in enumerate(values, start=1):
                _set(ws, row, c, v, "DD/MM/YYYY" if isinstance(v, dt.date) else None)
            data_rows.append(row)
            row += 1
        from openpyxl.styles import Font

        _set(ws, row, 1, "JUMLAH").font = Font(bold=True)
        _set(ws, row, 5, len(by_cycle[cycle])).font = Font(bold=True)
        manifest[ws.title] = {
            "layout": "public",
            "title_rows": title_rows,
            "header_rows": [4],
            "columns": _columns(_PUBLIC_HEADERS, _PUBLIC_FIELDS),
            "data_rows": data_rows,
            "reject_rows": [],
            "total_row": row,
            "n_persons": len(by_cycle[cycle]),
        }
    _save_deterministic(wb, Path(path))
    return manifest


# ---------------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m netralitas.demo_data [--out DIR] [--n N] [--seed S] [--fast-rows N --fast-path FILE]``."""
    parser = argparse.ArgumentParser(
        prog="python -m netralitas.demo_data",
        description="Buat ulang workbook contoh (FIKTIF) dan rekam publik secara deterministik.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "data",
        help="folder tujuan (bawaan: data/)",
    )
    parser.add_argument("--n", type=int, default=320, help="jumlah terlapor contoh (bawaan 320)")
    parser.add_argument("--seed", type=int, default=20241127, help="seed acak (bawaan 20241127)")
    parser.add_argument(
        "--fast-rows", type=int, default=0, help="tulis juga register besar N baris dengan xlsxwriter (untuk benchmark)"
    )
    parser.add_argument(
        "--fast-path", type=Path, default=None, help="berkas register besar (bawaan: bench/out/register_besar_<N>.xlsx)"
    )
    args = parser.parse_args(argv)

    persons = generate_demo_persons(args.n, args.seed)
    demo_path = args.out / DEMO_REGISTER_FILE
    manifest = write_demo_register(demo_path, persons)
    print(f"{demo_path}: {len(persons)} terlapor; " + ", ".join(f"{k}: {v['n_persons']}" for k, v in manifest.items()))
    pub_path = args.out / PUBLIC_RECORD_FILE
    pub = write_public_record(pub_path)
    print(f"{pub_path}: " + ", ".join(f"{k}: {v['n_persons']}" for k, v in pub.items()))
    if args.fast_rows > 0:
        fast_path = args.fast_path or (
            Path(__file__).resolve().parent.parent / "bench" / "out" / f"register_besar_{args.fast_rows}.xlsx"
        )
        big = generate_demo_persons(args.fast_rows, args.seed)
        fm = write_register_fast(fast_path, big)
        print(f"{fast_path}: " + ", ".join(f"{k}: {v['n_persons']}" for k, v in fm.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
