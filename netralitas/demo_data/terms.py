"""The canonical values the demo data is written in, taken from the vocabulary (``vocabulary.toml``).

The generator plants each row's truth in these words — the cycles, the severity scale, the outcomes, the 16
kecamatan, the handling statuses and the forwarding switch date — so that the truth is always what a correct loader
reads from the register, whatever the vocabulary spells.
"""

from __future__ import annotations

from netralitas.vocab import vocabulary

_VOC = vocabulary()


def cycle(name: str) -> str:
    """An election cycle of the vocabulary by its name (an error names a cycle the vocabulary does not have)."""
    if name not in _VOC.cycle_names:
        raise ValueError(f"the vocabulary has no election cycle {name!r}")
    return name


def _status(name: str) -> str:
    """A handling status of the vocabulary by its name (an error names a status the vocabulary does not have)."""
    if _VOC.status(name) is None:
        raise ValueError(f"the vocabulary has no handling status {name!r}")
    return name


#: Severity → rank (1–5 for the five sanctions light → heavy, None for the outcomes), in vocabulary order.
SEVERITY_RANK: dict[str, int | None] = {s.name: s.rank for s in _VOC.severities}
MORAL, RINGAN, SEDANG, BERAT, BERHENTI = _VOC.sanction_names
PROSES, TIDAK_TERBUKTI, TERBUKTI, TIDAK_TAHU = (_VOC.in_process, _VOC.not_proven, _VOC.proven_no_sanction,
                                                _VOC.unknown)

#: The 16 kecamatan, alphabetical.
KECAMATAN: tuple[str, ...] = tuple(_VOC.district_names)

#: Canonical handling statuses the demo register uses.
ST_TIDAK_REG = _VOC.not_registered_status
ST_KAJIAN = _status("Klarifikasi/Kajian")
ST_BUKAN = _status("Bukan pelanggaran/Dihentikan")
ST_KASN = _VOC.forwarding_before
ST_BKN = _VOC.forwarding_after
ST_REKOM = _status("Rekomendasi terbit")
ST_PPK = _status("Proses PPK/BKPP")
ST_SANKSI = _VOC.imposed_status
ST_ABAI = _status("Tidak ditindaklanjuti PPK")

#: The KASN → BKN switch: a case forwarded before this day went to KASN, on or after it to BKN.
KASN_TO_BKN_DATE = _VOC.forwarding_switch

#: The marker of the demo register (the label of the demo dataset): every title block and file property says it.
DEMO_MARKER = _VOC.dataset_labels[_VOC.dataset_keys.demo]

#: Canonical actor types of the demo register by the generator's actor group.
ACTOR_CANON = {"PNS": "PNS", "PPPK": "PPPK", "THL": "THL", "ASN": "ASN (tidak dirinci)"}
for _name in ACTOR_CANON.values():
    if _name not in _VOC.actor_type_names:
        raise ValueError(f"the vocabulary has no actor type {_name!r}")
