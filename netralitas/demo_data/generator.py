"""The fictional terlapor of the demo register, drawn with a fixed seed: cases per cycle, the persons of each case,
their process dates, and a handful of deliberately doubtful rows. The same seed always gives the same persons, so
tests can compare what a loader reads with the truth each :class:`DemoPerson` holds."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import replace

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
    rng = random.Random(seed)
    rnd = rng.random
    rnd_dates = random.Random(seed + 1).random  # process dates only (kept apart: see the docstring)

    cycle_pick = flat((i, spec.weight) for i, spec in enumerate(CYCLE_SPECS))
    seg_picks = [flat((seg, seg[2]) for seg in spec.segments) for spec in CYCLE_SPECS]

    # Phase 1: cases (cycle, date, number of persons).
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

    # Phase 2: persons, case by case in register order. (Hot loop: locals and precomputed lengths.)
    violation_pick = flat(((text, party), w) for text, w, party in VIOLATIONS)
    n_viol = len(violation_pick)
    position_picks = {
        a: (lst, len(lst)) for a, entries in POSITIONS.items() for lst in [flat((e, e[0]) for e in entries)]
    }
    actor_raw_picks = {
        a: tuple((lst, len(lst)) for lst in (flat(tables[0]), flat(tables[1]))) for a, tables in ACTOR_RAW.items()
    }
    mmdd = [f"{m:02d}{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    n_mmdd = len(mmdd)
    seq3 = [f"{i:03d}" for i in range(1, 1000)]
    month2 = [f"{m:02d}" for m in range(1, 13)]
    male_names, n_male = MALE_NAMES, len(MALE_NAMES)
    female_names, n_female = FEMALE_NAMES, len(FEMALE_NAMES)
    district_raw = [(v, len(v)) for v in DISTRICT_RAW]
    imposed = {k: (v, len(v)) for k, v in IMPOSED.items()}
    other_sanction = {k: (v, len(v)) for k, v in OTHER_SANCTION.items()}
    actor_canon = ACTOR_CANON
    agency_of = agency_name
    person = DemoPerson
    date_cache: dict[int, dt.date] = {}
    out: list[DemoPerson] = []
    append = out.append
    # indices of persons in single-person cases, per cycle
    singles: list[list[int]] = [[] for _ in CYCLE_SPECS]
    kel_by_kec = [KELURAHAN[k] for k in KECAMATAN]
    n_kec = len(KECAMATAN)
    fromordinal = dt.date.fromordinal
    f_lo, f_hi = FORWARD_DAYS
    r_lo, r_hi = RECOMMEND_DAYS
    s_lo, s_span = SANCTION_DAYS[0], SANCTION_DAYS[1] - SANCTION_DAYS[0] + 1

    for c, spec in enumerate(CYCLE_SPECS):
        actor_pick = flat(spec.actor_weights)
        n_actor = len(actor_pick)
        status_pick = flat(spec.status_weights)
        n_status = len(status_pick)
        cycle_name = spec.name
        s_sedang = S_SEDANG_2020 if spec.pp53 else S_SEDANG_2024
        s_berat = S_BERAT_2020 if spec.pp53 else S_BERAT_2024
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
            to_bkn = ordinal >= BKN_FROM
            if status == ST_KASN and to_bkn:
                status = ST_BKN
            elif status == ST_BKN and not to_bkn:
                status = ST_KASN
            org = "BKN" if to_bkn else "KASN"
            case_id = register_number(seq, kind, spec.code, day)
            src_raws = SOURCE_RAW[kind]
            source_raw = src_raws[int(rnd() * len(src_raws))]
            violation, party = violation_pick[int(rnd() * n_viol)]
            kec_i = int(rnd() * n_kec)
            kec = KECAMATAN[kec_i]
            kels = kel_by_kec[kec_i]
            kel = kels[int(rnd() * len(kels))]
            d_pool, n_d_pool = district_raw[kec_i]
            after = ordinal >= spec.candidacy
            raws = STATUS_RAW[status]
            status_raw = raws[int(rnd() * len(raws))].replace("{org}", org)
            if status == ST_SANKSI:
                other, n_other = None, 0
            else:
                other, n_other = other_sanction[status]
            # process dates of the case (separate random stream)
            forwarded_on = recommended_on = None
            rec = 0
            if status in FORWARDED_STATUSES and rnd_dates() >= UNDATED_SHARE:
                if to_bkn:  # forwarded on/after the KASN → BKN switch
                    lo, hi = max(f_lo, KASN_TO_BKN - ordinal), f_hi
                else:
                    lo, hi = f_lo, min(f_hi, KASN_TO_BKN - 1 - ordinal)
                if lo <= hi:
                    fwd = ordinal + lo + int(rnd_dates() * (hi - lo + 1))
                    if fwd <= TODAY_ORD:
                        forwarded_on = fromordinal(fwd)
                        if status in RECOMMENDED_STATUSES:
                            rec = fwd + r_lo + int(rnd_dates() * (r_hi - r_lo + 1))
                            if rec <= TODAY_ORD:
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
                        texts = S_MORAL
                    elif severity == RINGAN:
                        texts = S_RINGAN_THL if sgroup == "THL" else S_RINGAN
                    elif severity == SEDANG:
                        texts = s_sedang
                    elif severity == BERAT:
                        texts = s_berat
                    else:
                        texts = S_BERHENTI[sgroup]
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
                    if sanc <= TODAY_ORD:
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
