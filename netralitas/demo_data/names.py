"""Fictional names for the demo register: common Javanese first names and surnames, combined.

No name here belongs to a person in a register; the combinations are drawn with a fixed seed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

MALE_FIRST = (
    "Agus", "Bambang", "Budi", "Joko", "Slamet", "Sugeng", "Heru", "Wahyu", "Eko", "Dwi", "Teguh", "Arif", "Rudi",
    "Hendra", "Didik", "Priyo", "Bayu", "Dimas", "Galih", "Aji", "Setyo", "Yoga", "Rizky", "Fajar", "Ilham",
    "Nanang", "Sigit", "Wawan", "Yanto", "Hari",
)
MALE_MIDDLE = ("Adi", "Eko", "Tri", "Budi", "Dwi", "Nur", "Catur", "Aris", "Bagus", "Setyo")
MALE_LAST = (
    "Santoso", "Wibowo", "Prasetyo", "Susanto", "Setiawan", "Nugroho", "Purnomo", "Hartono", "Kurniawan",
    "Saputra", "Wijaya", "Haryanto", "Hidayat", "Mulyono", "Sulistyo", "Sasongko", "Raharjo", "Permana",
    "Pamungkas", "Wicaksono", "Sutrisno", "Budiman", "Gunawan", "Firmansyah", "Hermawan", "Kuncoro", "Darmawan",
    "Priyambodo", "Sasmito", "Hendarto",
)
MALE_MONO = ("Sukirno", "Sumarno", "Suparman", "Mujiyono", "Sutarno", "Kasmadi", "Paimin", "Ngadimin")
FEMALE_FIRST = (
    "Sri", "Siti", "Endang", "Wulan", "Rina", "Dewi", "Ani", "Yuli", "Ratna", "Retno", "Nur", "Tutik", "Indah",
    "Puji", "Diah", "Ayu", "Fitri", "Kartika", "Lina", "Maya", "Novi", "Erna", "Umi", "Yuni", "Sari", "Wiwik",
    "Lilis", "Dyah", "Anik", "Tri",
)
FEMALE_MIDDLE = ("Ayu", "Dwi", "Tri", "Nur", "Sri", "Puji", "Eka", "Rahayu")
FEMALE_LAST = (
    "Lestari", "Rahmawati", "Handayani", "Utami", "Wulandari", "Pratiwi", "Kusumawati", "Anggraini", "Astuti",
    "Suryani", "Rahayu", "Purwanti", "Setyowati", "Widyastuti", "Puspitasari", "Mulyani", "Susilowati", "Yuliani",
    "Kurniasih", "Hartati",
)
FEMALE_MONO = ("Sumiyati", "Suwarni", "Painem", "Ngatini", "Tukiyem", "Sulastri", "Suyatmi", "Wagiyem")


def _name_pool(first: Sequence[str], middle: Sequence[str], last: Sequence[str], mono: Sequence[str]) -> list[str]:
    """Precomputed fictional names, weighted: two-part 70%, three-part 22%, single name 8%."""
    two = [f"{a} {b}" for a in first for b in last]
    three = [f"{a} {m} {b}" for a in first[:12] for m in middle for b in last[:10]]
    random.Random(7).shuffle(three)
    three = three[: int(len(two) * 22 / 70)]
    singles = list(mono) * max(1, int(len(two) * 8 / 70) // len(mono))
    return two + three + singles


MALE_NAMES = _name_pool(MALE_FIRST, MALE_MIDDLE, MALE_LAST, MALE_MONO)
FEMALE_NAMES = _name_pool(FEMALE_FIRST, FEMALE_MIDDLE, FEMALE_LAST, FEMALE_MONO)
