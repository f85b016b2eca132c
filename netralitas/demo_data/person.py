"""One terlapor of the fictional register: the cell texts as written, and the truth a correct loader must read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netralitas.demo_data.terms import SEDANG, SEVERITY_RANK, TIDAK_TAHU


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One terlapor (reported person) in one case of the fictional register.

    Fields ending in ``_raw`` and the free-text fields hold the text exactly as it is written to the
    workbook; the other fields hold the canonical truth a correct loader must store (in the columns of the
    ``violations`` table of the same names). Text fields are written with no surrounding whitespace unless a
    layout adds some on purpose, so the trimmed cell text equals the field.
    """

    case_id: str  #: register number as written (and as the loader must store it, trimmed)
    cycle: str  #: canonical cycle, one of :data:`CYCLES`
    reported_on: dt.date | None  #: date of finding/report; None when the written date is unreadable
    source_kind: str  #: "Temuan" or "Laporan"
    source_kind_raw: str  #: as written in the Sumber / Jenis Temuan column
    person_name: str  #: as written (trimmed)
    nip: str | None  #: 18 digits, canonical; None when no NIP is written
    actor_type: str  #: "PNS", "PPPK", "THL", "ASN (tidak dirinci)" or the vocabulary's unknown word
    actor_raw: str  #: status kepegawaian as written ("P3K", "Honorer", "" ...)
    position: str  #: jabatan as written
    agency: str  #: unit kerja / instansi / OPD as written
    district: str | None  #: canonical kecamatan or None when the cell is blank
    district_raw: str  #: kecamatan as written ("Kec. Smg Barat", "GAJAH MUNGKUR", "")
    violation_type: str  #: jenis pelanggaran as written
    status: str | None  #: canonical handling status or None when blank
    status_raw: str  #: handling status as written
    sanction: str  #: sanction / recommendation text as written ("-" and "" included)
    severity: str  #: canonical severity a correct reading of the sanction text (else the status) gives
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
    "unknown_actor": f"status kepegawaian tidak dikenal ('Tenaga Ahli' → {TIDAK_TAHU})",
    "blank_actor": f"status kepegawaian kosong (→ {TIDAK_TAHU})",
    "conflicting_sanction": f"sanksi dengan kata bertentangan: tingkat 'ringan' vs sanksi konkret 'KGB' (→ {SEDANG})",
    "leading_equals": "teks diawali '=' (harus disimpan sebagai teks, bukan rumus)",
    "leading_at": "teks diawali '@'",
}
