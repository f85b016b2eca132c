"""Places and offices of Kota Semarang for the demo register: a few real kelurahan per kecamatan (public place
names), the ways registers write a kecamatan, the agencies a terlapor works for, and Bawaslu-style register
numbers."""

from __future__ import annotations

import datetime as dt

from netralitas.demo_data.tables import flat
from netralitas.demo_data.terms import KECAMATAN

#: A few real kelurahan per kecamatan (public place names), used to build office names.
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

#: Kecamatan written as two words (besides "Smg …" for the "Semarang …" ones), as registers write them.
_DISTRICT_SPACED = {
    "Gajahmungkur": "Gajah Mungkur",
    "Gunungpati": "Gunung Pati",
    "Banyumanik": "Banyu Manik",
    "Candisari": "Candi Sari",
    "Gayamsari": "Gayam Sari",
    "Ngaliyan": "Ngalian",
}


def _district_raw_pool(kec: str) -> list[str]:
    """Written variants of one kecamatan, weighted (canonical text is the most common)."""
    short = kec.replace("Semarang ", "Smg ") if kec.startswith("Semarang ") else _DISTRICT_SPACED.get(kec, kec)
    pairs = [(kec, 60), (kec.upper(), 10), (f"Kec. {kec}", 10), (kec.lower(), 5), (short, 10), (f"Kec. {short}", 5)]
    return flat(pairs)


#: Written variants of each kecamatan of KECAMATAN (same order), weighted.
DISTRICT_RAW = [_district_raw_pool(k) for k in KECAMATAN]

_DINAS = (
    "Dinas Pendidikan Kota Semarang", "Dinas Kesehatan Kota Semarang", "Dinas Perhubungan Kota Semarang",
    "Diskominfo Kota Semarang", "DPU Kota Semarang", "Bappeda Kota Semarang", "Sekretariat Daerah Kota Semarang",
    "BKPP Kota Semarang", "Satpol PP Kota Semarang", "Inspektorat Kota Semarang",
)


def agency_name(kind: str, kec: str, kel: str, n: int) -> str:
    """The office of a position of ``kind`` in kecamatan ``kec`` / kelurahan ``kel`` (``n`` picks among several)."""
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


_ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def register_number(seq: int, kind: str, code: str, day: dt.date) -> str:
    """Bawaslu-style register number: Temuan with a Roman month, Laporan with a two-digit month."""
    if kind == "Temuan":
        return f"{seq:03d}/TM/{code}/Kota/14.29/{_ROMAN[day.month]}/{day.year}"
    return f"{seq:03d}/LP/{code}/Kota/14.29/{day.month:02d}/{day.year}"
