"""The fictional terlapor of the demo register, drawn with a fixed seed: cases per cycle, the persons of each case,
their process dates, and a handful of deliberately doubtful rows. The same seed always gives the same persons, so
tests can compare what a loader reads with the truth each :class:`DemoPerson` holds."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from netralitas.demo_data.names import FEMALE_NAMES, MALE_NAMES
from netralitas.demo_data.person import DemoPerson
from netralitas.demo_data.places import DISTRICT_RAW, KELURAHAN, agency_name, register_number
from netralitas.demo_data.tables import (
    ACTOR_RAW,
    BKN_FROM,
    CYCLE_SPECS,
    CYCLES,
    FORWARD_DAYS,
    FORWARDED_STATUSES,
    IMPOSED,
    KASN_TO_BKN,
    MULTI_SHARE,
    OTHER_SANCTION,
    POSITIONS,
    RECOMMEND_DAYS,
    RECOMMENDED_STATUSES,
    S_BERAT_2020,
    S_BERAT_2024,
    S_BERHENTI,
    S_MORAL,
    S_RINGAN,
    S_RINGAN_THL,
    S_SEDANG_2020,
    S_SEDANG_2024,
    SANCTION_DAYS,
    SOURCE_RAW,
    STATUS_RAW,
    TODAY_ORD,
    UNDATED_SHARE,
    VIOLATIONS,
    CycleSpec,
    flat,
)
from netralitas.demo_data.terms import (
    ACTOR_CANON,
    BERAT,
    BERHENTI,
    KECAMATAN,
    MORAL,
    RINGAN,
    SEDANG,
    ST_BKN,
    ST_KASN,
    ST_REKOM,
    ST_SANKSI,
    ST_TIDAK_REG,
    TIDAK_TAHU,
)


def generate_demo_persons(n: int = 320, seed: int = 20241127) -> list[DemoPerson]:
    """Generate ``n`` fictional terlapor rows, deterministically from ``seed``.

    Persons come grouped by cycle (in :data:`CYCLES` order), chronologically within a cycle, and the
    persons of one case are adjacent. About 15% of cases name 2–4 persons. When ``n >= 60`` a handful of
    deliberately doubtful rows (see :data:`DOUBT_KINDS`, field ``doubt``) are planted in single-person cases;
    their truth fields hold what a correct loader must produce. All fields come from ``random.Random(seed)``
    except the process dates (``forwarded_on``, ``recommended_on``, ``sanctioned_on``), which are drawn from a
    separate ``random.Random(seed + 1)`` so that adding them changed no other generated value:

    - only cases with a forwarded-or-later status get them (:data:`FORWARDED_STATUSES`); about
      :data:`UNDATED_SHARE` of those cases get none at all (registers are incomplete);
    - forwarded 3–28 days after the finding, on the side of the vocabulary's KASN → BKN switch date that the
      status names (where no day in that range fits, the case gets no dates; the status is never changed);
      all persons of a case share the forwarding and the recommendation date;
    - recommended 3–12 weeks after forwarding (Rekomendasi terbit and later); sanctioned per person 1–6
      months after the recommendation (Sanksi dijatuhkan only); none after :data:`DEMO_TODAY`.

    A doubtful row keeps the dates of the row it replaced (they stay valid for its status).
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rnd = random.Random(seed).random
    rnd_dates = random.Random(seed + 1).random  # process dates only (kept apart: see the docstring)
    cases = _draw_cases(n, rnd)
    pools = _Pools.build()
    out: list[DemoPerson] = []
    singles: list[list[int]] = [[] for _ in CYCLE_SPECS]  # indices of persons in single-person cases, per cycle
    for c, spec in enumerate(CYCLE_SPECS):
        actor_pick = flat(spec.actor_weights)
        status_pick = flat(spec.status_weights)
        for seq, (ordinal, _serial, k) in enumerate(sorted(cases[c]), start=1):
            case = _draw_case(spec, seq, ordinal, status_pick, pools, rnd, rnd_dates)
            if k == 1:
                singles[c].append(len(out))
            out.extend(_draw_person(case, actor_pick, pools, rnd, rnd_dates) for _ in range(k))
    if n >= 60:
        _plant_doubts(out, singles)
    return out


def _draw_cases(n: int, rnd: Callable[[], float]) -> list[list[tuple[int, int, int]]]:
    """The cases of ``n`` persons, per cycle: (day ordinal of the finding, serial, number of persons). About
    :data:`MULTI_SHARE` of the cases name 2–4 persons; cycles and dates are drawn by the cycles' weights."""
    cycle_pick = flat((i, spec.weight) for i, spec in enumerate(CYCLE_SPECS))
    seg_picks = [flat((seg, seg[2]) for seg in spec.segments) for spec in CYCLE_SPECS]
    cases: list[list[tuple[int, int, int]]] = [[] for _ in CYCLE_SPECS]
    total = 0
    serial = 0
    while total < n:
        k = 1 if rnd() >= MULTI_SHARE else 2 + int(rnd() * 3)
        k = min(k, n - total)
        c = cycle_pick[int(rnd() * len(cycle_pick))]
        segs = seg_picks[c]
        first, last, _w = segs[int(rnd() * len(segs))]
        cases[c].append((first + int(rnd() * (last - first + 1)), serial, k))
        serial += 1
        total += k
    return cases


@dataclass(frozen=True)
class _Pools:
    """The weighted pick lists of the draws (a uniform pick from one is a weighted pick), built once."""

    violations: list[tuple[str, bool]]
    positions: dict[str, list]
    actor_raws: dict[str, tuple[list[str], list[str]]]
    imposed: dict[tuple[str, bool], list[str]]
    kelurahan: list[tuple[str, ...]]
    mmdd: list[str]
    seq3: list[str]
    month2: list[str]

    @classmethod
    def build(cls) -> _Pools:
        """The pools from the generation tables."""
        return cls(
            violations=flat(((text, party), w) for text, w, party in VIOLATIONS),
            positions={a: flat((e, e[0]) for e in entries) for a, entries in POSITIONS.items()},
            actor_raws={a: (flat(tables[0]), flat(tables[1])) for a, tables in ACTOR_RAW.items()},
            imposed=IMPOSED,
            kelurahan=[KELURAHAN[k] for k in KECAMATAN],
            mmdd=[f"{m:02d}{d:02d}" for m in range(1, 13) for d in range(1, 29)],
            seq3=[f"{i:03d}" for i in range(1, 1000)],
            month2=[f"{m:02d}" for m in range(1, 13)],
        )


@dataclass(frozen=True)
class _Case:
    """What the persons of one case share: the register entry, the place, the handling and its dates."""

    spec: CycleSpec
    case_id: str
    day: dt.date
    kind: str
    source_raw: str
    violation: str
    party: bool  # the violation is party membership: dismissal
    kec: str
    kel: str
    district_raws: list[str]
    after_candidacy: bool
    status: str | None
    status_raw: str
    org: str  # "KASN" or "BKN": where the case went
    forwarded_on: dt.date | None
    recommended_on: dt.date | None
    recommended_ordinal: int


def _draw_case(spec: CycleSpec, seq: int, ordinal: int, status_pick: list, pools: _Pools,
               rnd: Callable[[], float], rnd_dates: Callable[[], float]) -> _Case:
    """The ``seq``-th case of a cycle, found on day ``ordinal``: its status (KASN or BKN by the switch), register
    number, source, violation, kecamatan and kelurahan, and its process dates (from ``rnd_dates``)."""
    day = dt.date.fromordinal(ordinal)
    status = status_pick[int(rnd() * len(status_pick))]
    if status == ST_TIDAK_REG:
        kind = "Laporan" if rnd() < 0.8 else "Temuan"
    else:
        kind = "Temuan" if rnd() < 0.65 else "Laporan"
    to_bkn = ordinal >= BKN_FROM
    if status == ST_KASN and to_bkn:
        status = ST_BKN
    elif status == ST_BKN and not to_bkn:
        status = ST_KASN
    org = "BKN" if to_bkn else "KASN"
    src_raws = SOURCE_RAW[kind]
    source_raw = src_raws[int(rnd() * len(src_raws))]
    violation, party = pools.violations[int(rnd() * len(pools.violations))]
    kec_i = int(rnd() * len(KECAMATAN))
    kels = pools.kelurahan[kec_i]
    kel = kels[int(rnd() * len(kels))]
    raws = STATUS_RAW[status]
    status_raw = raws[int(rnd() * len(raws))].replace("{org}", org)
    forwarded_on, recommended_on, rec = _process_dates(status, ordinal, to_bkn, rnd_dates)
    return _Case(spec, register_number(seq, kind, spec.code, day), day, kind, source_raw, violation, party,
                 KECAMATAN[kec_i], kel, DISTRICT_RAW[kec_i], ordinal >= spec.candidacy, status, status_raw, org,
                 forwarded_on, recommended_on, rec)


def _process_dates(status: str | None, ordinal: int, to_bkn: bool,
                   rnd_dates: Callable[[], float]) -> tuple[dt.date | None, dt.date | None, int]:
    """Forwarding and recommendation date of a case found on day ``ordinal`` (and the recommendation's ordinal,
    0 when none): only for a forwarded-or-later status, not for :data:`UNDATED_SHARE` of them; forwarded
    :data:`FORWARD_DAYS` after the finding on the side of the switch the status names, recommended
    :data:`RECOMMEND_DAYS` later; none after :data:`DEMO_TODAY`."""
    forwarded_on = recommended_on = None
    rec = 0
    if status in FORWARDED_STATUSES and rnd_dates() >= UNDATED_SHARE:
        f_lo, f_hi = FORWARD_DAYS
        if to_bkn:  # forwarded on/after the KASN → BKN switch
            lo, hi = max(f_lo, KASN_TO_BKN - ordinal), f_hi
        else:
            lo, hi = f_lo, min(f_hi, KASN_TO_BKN - 1 - ordinal)
        if lo <= hi:
            fwd = ordinal + lo + int(rnd_dates() * (hi - lo + 1))
            if fwd <= TODAY_ORD:
                forwarded_on = dt.date.fromordinal(fwd)
                if status in RECOMMENDED_STATUSES:
                    r_lo, r_hi = RECOMMEND_DAYS
                    rec = fwd + r_lo + int(rnd_dates() * (r_hi - r_lo + 1))
                    if rec <= TODAY_ORD:
                        recommended_on = dt.date.fromordinal(rec)
    return forwarded_on, recommended_on, rec


def _draw_person(case: _Case, actor_pick: list[str], pools: _Pools, rnd: Callable[[], float],
                 rnd_dates: Callable[[], float]) -> DemoPerson:
    """One person of ``case``: actor group, position and agency, name and NIP, kecamatan as written, the sanction
    text with its severity, and the decree date of an imposed sanction (from ``rnd_dates``)."""
    group = actor_pick[int(rnd() * len(actor_pick))]
    entries = pools.positions[group]
    _w, position, agency_kind, titles, teacher = entries[int(rnd() * len(entries))]
    agency = agency_name(agency_kind, case.kec, case.kel, int(rnd() * 1000))
    raw_pool = pools.actor_raws[group][1 if teacher else 0]
    actor_raw = raw_pool[int(rnd() * len(raw_pool))]
    sex, name = _draw_name(titles, rnd)
    nip = _draw_nip(group, actor_raw, sex, case.day.year, pools, rnd)
    if rnd() < 0.05:
        district, d_raw = None, ""
    else:
        district, d_raw = case.kec, case.district_raws[int(rnd() * len(case.district_raws))]
    sanction, severity = _draw_sanction(case, "PNS" if group == "ASN" else group, pools, rnd)
    sanctioned_on = None
    if case.status == ST_SANKSI and case.recommended_on is not None:
        s_lo, s_hi = SANCTION_DAYS
        sanc = case.recommended_ordinal + s_lo + int(rnd_dates() * (s_hi - s_lo + 1))
        if sanc <= TODAY_ORD:
            sanctioned_on = dt.date.fromordinal(sanc)
    return DemoPerson(
        case.case_id, case.spec.name, case.day, case.kind, case.source_raw, name, nip,
        ACTOR_CANON[group], actor_raw, position, agency, district,
        d_raw, case.violation, case.status, case.status_raw, sanction, severity,
        None, None, case.forwarded_on, case.recommended_on, sanctioned_on,
    )  # fmt: skip


def _draw_name(titles: tuple[tuple[str, str], ...], rnd: Callable[[], float]) -> tuple[str, str]:
    """The sex digit of the NIP ("1" male, "2" female) and a fictional name with the position's titles."""
    if rnd() < 0.55:
        sex, base = "1", MALE_NAMES[int(rnd() * len(MALE_NAMES))]
    else:
        sex, base = "2", FEMALE_NAMES[int(rnd() * len(FEMALE_NAMES))]
    prefix, suffix = titles[0] if len(titles) == 1 else titles[int(rnd() * len(titles))]
    return sex, (prefix + base + suffix if (prefix or suffix) else base)


def _draw_nip(group: str, actor_raw: str, sex: str, year: int, pools: _Pools,
              rnd: Callable[[], float]) -> str | None:
    """An 18-digit NIP for a PNS (and half of the "ASN" without detail): birth date, TMT (year and month), sex digit,
    sequence; for a PPPK: birth date, year, "21", sex digit, sequence. None for the others."""
    if group == "PNS" or (group == "ASN" and rnd() < 0.5):
        by = year - 24 - int(rnd() * 34)
        if actor_raw == "CPNS":
            ty = year - int(rnd() * 2)
        else:
            ty = min(by + 22 + int(rnd() * 11), year - 1)
        mmdd = pools.mmdd[int(rnd() * len(pools.mmdd))]
        month = pools.month2[int(rnd() * 12)]
        return f"{by}{mmdd}{ty}{month}{sex}{pools.seq3[int(rnd() * 999)]}"
    if group == "PPPK":
        by = year - 25 - int(rnd() * 26)
        ty = min(2019 + int(rnd() * 5), year)
        mmdd = pools.mmdd[int(rnd() * len(pools.mmdd))]
        return f"{by}{mmdd}{ty}21{sex}{pools.seq3[int(rnd() * 999)]}"
    return None


def _draw_sanction(case: _Case, sgroup: str, pools: _Pools, rnd: Callable[[], float]) -> tuple[str, str]:
    """The sanction text as written and its severity: for an imposed sanction a severity by actor group and
    candidacy (party membership: dismissal) and a text of that severity; otherwise a text of the status."""
    if case.status != ST_SANKSI:
        other = OTHER_SANCTION[case.status]
        if sgroup == "THL" and case.status == ST_REKOM:
            # no KASN/BKN recommendation names a sanction for a non-ASN worker
            sanction, severity = other[int(rnd() * 3)]
        else:
            sanction, severity = other[int(rnd() * len(other))]
        return sanction.replace("{org}", case.org), severity
    if case.party:
        severity = BERHENTI
    else:
        levels = pools.imposed[(sgroup, case.after_candidacy)]
        severity = levels[int(rnd() * len(levels))]
    texts = {
        MORAL: S_MORAL,
        RINGAN: S_RINGAN_THL if sgroup == "THL" else S_RINGAN,
        SEDANG: S_SEDANG_2020 if case.spec.pp53 else S_SEDANG_2024,
        BERAT: S_BERAT_2020 if case.spec.pp53 else S_BERAT_2024,
    }.get(severity) or S_BERHENTI[sgroup]
    return texts[int(rnd() * len(texts))], severity


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
                p = replace(p, actor_type=TIDAK_TAHU, actor_raw="Tenaga Ahli")
            elif kind == "blank_actor":
                p = replace(p, actor_type=TIDAK_TAHU, actor_raw="")
            elif kind == "conflicting_sanction":
                text = "hukdis ringan (penundaan KGB)" if c == 1 else "HD ringan: penundaan KGB 1 tahun"
                p = replace(p, status=ST_SANKSI, status_raw=ST_SANKSI, sanction=text, severity=SEDANG)
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
