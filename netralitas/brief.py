"""The supervision brief: figures per election cycle and the Indonesian sentences that tell them.

Every figure comes from a function of :mod:`netralitas.queries`, run through a *query runner* — a callable
``run(fn, *args)`` that executes ``fn`` on a database connection. On a page that runner is the cached
``pages.shared.database.query``; elsewhere (tests, exports) :func:`runner_for` wraps a DuckDB connection. The brief is
plain data (figures, tables and paragraphs), rendered on the page, as PDF (:mod:`netralitas.report_pdf`) and as a
slide deck (:mod:`netralitas.report_pptx`). No Streamlit here.

Each cycle opens with its prevention work (:data:`PREVENTION_TOPIC`): the activities per kind, the participants
written, the first date, and the list of activities in date order — before the violations of the cycle, as the
office answers a supervision visit.

Names and NIP never enter the brief: person-level queries run for a guest :class:`~netralitas.queries.Viewer`,
and the follow-up list keeps only register number, cycle, actor type, position, agency, status and days waited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from netralitas import clock, queries, signatories
from netralitas.formatting import counted, format_date_long, format_number, format_percent, number_words
from netralitas.queries import DEMO_DATASET, Filters, Viewer
from netralitas.vocab import Vocabulary, vocabulary

ORGANISATION = "Bawaslu Kota Semarang"
TITLE = "Laporan Supervisi"
SUBTITLE = "Penanganan Pelanggaran Netralitas ASN"
CONFIDENTIALITY = "TERBATAS — untuk keperluan supervisi"
PRIVACY_NOTE = (
    "Nama dan NIP terlapor tidak dicantumkan dalam laporan ini (UU 27/2022 tentang Pelindungan Data Pribadi); "
    "terlapor disebut menurut nomor register, jenis pegawai, jabatan dan instansinya."
)
TOP_VIOLATIONS = 3

# Columns of the follow-up list that may leave the database in a brief (no name, no NIP, no free sanction text).
FOLLOW_UP_COLUMNS = [
    "case_id", "cycle", "actor_type", "position", "agency", "days_waiting", "waiting_since", "waiting_basis",
    "status", "age_bucket",
]
FOLLOW_UP_LABELS = {
    "case_id": "No. register",
    "cycle": "Siklus",
    "actor_type": "Jenis pegawai",
    "position": "Jabatan",
    "agency": "Instansi",
    "status": "Status penanganan",
    "waiting_since": "Menunggu sejak",
    "waiting_basis": "Dihitung dari",
    "days_waiting": "Hari menunggu",
    "age_bucket": "Lama menunggu",
}

# How an actor type is counted in running text ("54 PNS", "dua orang di luar ASN"); others: "n orang berstatus X".
ACTOR_PHRASES = {
    "PNS": "{n} PNS",
    "PPPK": "{n} PPPK",
    "THL": "{n} THL/non-ASN",
    "ASN (tidak dirinci)": "{n} ASN yang jenisnya tidak dirinci",
    "Lainnya": "{n} orang di luar ASN",
}
BASIS_PHRASES = {
    "penerusan": "sejak tanggal penerusan",
    "rekomendasi": "sejak tanggal rekomendasi (tanggal penerusan tidak tercatat)",
    "temuan/laporan": "sejak tanggal temuan/laporan (tanggal penerusan dan rekomendasi tidak tercatat)",
}
DESTINATION_PHRASES = {"KASN": "ke KASN", "BKN": "ke BKN", "Gakkumdu": "ke Sentra Gakkumdu"}
NO_DESTINATION = "Tidak tercatat"
LONG_WAIT_BUCKET = queries.AGE_BUCKETS[-1][2]
_LONG_DIGITS = re.compile(r"\d{9,}")

QueryRunner = Callable[..., Any]

# Prevention work opens each cycle: the topic of its paragraph, and the columns of its list in a brief (date, kind,
# audience as written, place — no column of the prevention register names a person).
PREVENTION_TOPIC = "Upaya pencegahan"
PREVENTION_COLUMNS = ["held_on", "kind", "audience", "place"]
PREVENTION_TABLE_LABELS = {"held_on": "Tanggal", "kind": "Jenis kegiatan", "audience": "Sasaran", "place": "Tempat"}


def runner_for(con: duckdb.DuckDBPyConnection) -> QueryRunner:
    """A query runner on a DuckDB connection: ``run(fn, *args)`` calls ``fn(con, *args)``."""

    def run(fn: Callable, *args: Any, **kwargs: Any) -> Any:
        return fn(con, *args, **kwargs)

    return run


def scrub(text: object) -> str:
    """Free text of a register made safe for a brief: digit runs that could be a NIP are hidden."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return "–"
    value = str(text).strip()
    return _LONG_DIGITS.sub(lambda m: "*" * len(m.group(0)), value) or "–"


def sentence(text: str) -> str:
    """Capitalise the first letter of a sentence (a count in words may start it)."""
    return text[:1].upper() + text[1:] if text else text


def join_words(items: Sequence[str]) -> str:
    """An Indonesian list: "A", "A dan B", "A, B, dan C"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} dan {items[1]}"
    return ", ".join(items[:-1]) + f", dan {items[-1]}"


def duration_words(days: int) -> str:
    """A waiting time in words for a sentence: "lebih dari dua tahun", "sekitar lima bulan", "12 hari"."""
    days = int(days)
    if days >= 365:
        years = days // 365
        return f"lebih dari {counted(years, 'tahun')}" if days % 365 else counted(years, "tahun")
    if days >= 60:
        return f"sekitar {counted(round(days / 30), 'bulan')}"
    return counted(days, "hari")


def persons_phrase(n: int) -> str:
    """ "dua orang", "12 orang"."""
    return counted(n, "orang")


@dataclass
class CycleBrief:
    """Figures and sentences of one election cycle under the brief's filters."""

    cycle: str
    filters: Filters
    headline: dict
    actor_types: pd.DataFrame
    violation_types: pd.DataFrame
    violation_type_count: int
    funnel: pd.DataFrame
    destinations: pd.DataFrame
    sanctions: pd.DataFrame
    follow_up: pd.DataFrame
    follow_up_buckets: pd.DataFrame
    previous_cycle: str | None
    previous_headline: dict | None
    is_first_cycle: bool
    prevention: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PREVENTION_COLUMNS))
    prevention_by_kind: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["kind", "activities"]))
    prevention_not_applied: list[str] = field(default_factory=list)
    paragraphs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when the cycle has no person under the filters."""
        return not self.headline["persons"]

    @property
    def forwarded(self) -> int:
        """Persons who reached the forwarding stage (KASN/BKN) or further."""
        return _stage(self.funnel, 3)

    @property
    def recommended(self) -> int:
        """Persons for whom a recommendation was issued (or who went further)."""
        return _stage(self.funnel, 4)

    @property
    def waiting(self) -> int:
        """Persons forwarded or recommended who still wait for a sanction."""
        return len(self.follow_up)


@dataclass
class Brief:
    """The whole brief: cover data, an overview, one section per cycle, and the cycles side by side."""

    title: str
    subtitle: str
    organisation: str
    generated_at: dt.datetime
    today: dt.date
    filters: Filters
    filters_text: str
    dataset_labels: list[str]
    is_demo: bool
    totals: dict
    total_waiting: int
    cycles: list[CycleBrief]
    comparison: pd.DataFrame
    overview: list[str]
    signatories: tuple[signatories.Signatory, ...] = signatories.DEFAULTS

    @property
    def is_signed(self) -> bool:
        """True when every signatory of the signature block has a name set."""
        return all(s.is_set for s in self.signatories)

    @property
    def cycle_names(self) -> list[str]:
        """The cycles the brief covers, in vocabulary order."""
        return [c.cycle for c in self.cycles]

    @property
    def dataset_marker(self) -> str:
        """What data the brief is made of (demo / public record / own data), for covers and footers."""
        return " + ".join(self.dataset_labels) if self.dataset_labels else "Basis data kosong"

    @property
    def generated_text(self) -> str:
        """The generation time in words, e.g. "22 November 2025 pukul 18.30 WIB"."""
        return clock.format_timestamp(self.generated_at)

    def follow_up_all(self) -> pd.DataFrame:
        """The follow-up lists of all cycles in one table, oldest wait first."""
        frames = [c.follow_up for c in self.cycles if not c.follow_up.empty]
        if not frames:
            return pd.DataFrame(columns=FOLLOW_UP_COLUMNS)
        df = pd.concat(frames, ignore_index=True)
        return df.sort_values(["days_waiting", "case_id"], ascending=[False, True], na_position="last",
                              kind="stable").reset_index(drop=True)

    def key_figures(self) -> pd.DataFrame:
        """One row per cycle with the figures a cover page or a key-figure slide shows."""
        rows = []
        for c in self.cycles:
            h = c.headline
            rows.append({
                "Siklus": c.cycle, "Kasus": h["cases"], "Terlapor": h["persons"], "Terbukti": h["proven"],
                "Diteruskan": c.forwarded, "Rekomendasi": c.recommended, "Sanksi dijatuhkan": h["sanctioned"],
                "Menunggu sanksi": c.waiting,
            })
        return pd.DataFrame(rows, columns=["Siklus", "Kasus", "Terlapor", "Terbukti", "Diteruskan", "Rekomendasi",
                                           "Sanksi dijatuhkan", "Menunggu sanksi"])

    def text(self) -> str:
        """The whole brief as plain text (overview, then each cycle's paragraphs)."""
        parts = [f"{self.title} — {self.subtitle}", self.organisation, *self.overview]
        for c in self.cycles:
            parts.append(c.cycle)
            parts.extend(f"{topic}. {body}" for topic, body in c.paragraphs)
        return "\n\n".join(parts)


SANCTION_COLUMNS = ["Tingkat sanksi", "Dijatuhkan", "Baru direkomendasikan", "Jumlah"]
UNRANKED_LABEL = "Tingkat tidak tercatat"


def sanction_table(c: CycleBrief) -> pd.DataFrame:
    """The sanctions of a cycle as a table: per sanction (light → heavy) the persons on whom it is imposed, those
    for whom it is only recommended so far, and both; imposed sanctions whose level the register does not name; a
    last row "Jumlah" (its imposed figure is the cycle's "sanksi dijatuhkan")."""
    rows = []
    for r in c.sanctions.itertuples():
        label = str(r.severity) if pd.notna(r.severity_rank) else f"{UNRANKED_LABEL} ({r.severity})"
        rows.append([label, int(r.imposed), int(r.recommended_only), int(r.imposed) + int(r.recommended_only)])
    imposed = sum(r[1] for r in rows)
    recommended = sum(r[2] for r in rows)
    rows.append(["Jumlah", imposed, recommended, imposed + recommended])
    return pd.DataFrame(rows, columns=SANCTION_COLUMNS)


def _stage(funnel: pd.DataFrame, index: int) -> int:
    return int(funnel["persons"].iloc[index]) if len(funnel) > index else 0


def follow_up_table(df: pd.DataFrame, labels: bool = True) -> pd.DataFrame:
    """A follow-up list for display: safe columns only, free text scrubbed, dates as "16 Sep 2024"."""
    from netralitas.formatting import format_date

    out = df[FOLLOW_UP_COLUMNS].copy() if not df.empty else pd.DataFrame(columns=FOLLOW_UP_COLUMNS)
    for col in ("position", "agency", "case_id"):
        out[col] = [scrub(v) for v in out[col]]
    out["waiting_since"] = [format_date(v.date()) if pd.notna(v) else "–" for v in pd.to_datetime(out["waiting_since"])]
    out["days_waiting"] = [int(v) if pd.notna(v) else None for v in out["days_waiting"]]
    return out.rename(columns=FOLLOW_UP_LABELS) if labels else out


def prevention_table(c: CycleBrief, labels: bool = True) -> pd.DataFrame:
    """A cycle's prevention activities for display, in date order: date as "16 Sep 2020" ("–" when unknown), kind,
    audience as written and place (free text scrubbed)."""
    from netralitas.formatting import format_date

    out = c.prevention[PREVENTION_COLUMNS].copy()
    out["held_on"] = [format_date(v) if v is not None and not pd.isna(v) else "–" for v in out["held_on"]]
    for col in ("audience", "place"):
        out[col] = [scrub(v) for v in out[col]]
    return out.rename(columns=PREVENTION_TABLE_LABELS) if labels else out


# ---- Sentences ----------------------------------------------------------------------------------------------


def _actor_phrase(name: str, n: int, voc: Vocabulary) -> str:
    if name == voc.actor_unknown.name:
        return f"{persons_phrase(n)} yang status kepegawaiannya tidak diketahui"
    template = ACTOR_PHRASES.get(name)
    return template.format(n=number_words(n)) if template else f"{persons_phrase(n)} berstatus {name}"


def _everyone(n: int) -> str:
    """The subject "all reported persons" for n persons: "terlapor tersebut", "kedua terlapor", "seluruh terlapor"."""
    return {1: "terlapor tersebut", 2: "kedua terlapor"}.get(n, "seluruh terlapor")


def _sentence_counts(c: CycleBrief) -> str:
    h = c.headline
    return f"Pada {c.cycle} tercatat {counted(h['cases'], 'kasus')} dengan {persons_phrase(h['persons'])} terlapor."


def _sentence_actors(c: CycleBrief, voc: Vocabulary) -> str:
    df = c.actor_types
    persons = c.headline["persons"]
    if len(df) == 1:
        name = str(df["actor_type"].iloc[0])
        if name == voc.actor_unknown.name:
            return sentence(f"status kepegawaian {_everyone(persons)} tidak diketahui.")
        label = ACTOR_PHRASES.get(name, "{n}").format(n="").strip() or name
        return sentence(f"{_everyone(persons)} berstatus {label}.")
    parts = [_actor_phrase(str(r.actor_type), int(r.persons), voc) for r in df.itertuples()]
    return f"Menurut jenis kepegawaian, terlapor terdiri atas {join_words(parts)}."


def _violation_label(value: str) -> str:
    return "tanpa keterangan jenis pelanggaran" if value == vocabulary().unknown else f"“{scrub(value)}”"


def _sentence_violations(c: CycleBrief) -> str:
    df = c.violation_types
    persons = c.headline["persons"]
    if c.violation_type_count == 1:
        label = _violation_label(str(df["violation_type"].iloc[0]))
        if persons == 1:
            return f"Jenis pelanggarannya: {label}."
        return sentence(f"{_everyone(persons)} tercatat dengan jenis pelanggaran yang sama: {label}.")
    rows = [(_violation_label(str(r.violation_type)), int(r.persons)) for r in df.itertuples()]
    top = [label for label, n in rows if n == rows[0][1]]
    rest = [f"{label} ({persons_phrase(n)})" for label, n in rows if n != rows[0][1]]
    if len(top) == 1:
        text = f"Jenis pelanggaran yang paling sering adalah {top[0]} ({persons_phrase(rows[0][1])})"
    else:
        text = (f"Jenis pelanggaran yang paling sering adalah {join_words(top)} (masing-masing "
                f"{persons_phrase(rows[0][1])})")
    if rest:
        text += f", disusul {join_words(rest)}"
    if c.violation_type_count > len(rows):
        text += f", dari {counted(c.violation_type_count, 'jenis pelanggaran')} yang tercatat"
    return text + "."


def _sentence_handling(c: CycleBrief) -> str:
    h = c.headline
    outcomes = [f"{persons_phrase(h['proven'])} terbukti melanggar"]
    if h["not_proven"]:
        outcomes.append(f"{persons_phrase(h['not_proven'])} tidak terbukti atau tidak diregister")
    if h["in_process"]:
        outcomes.append(f"{persons_phrase(h['in_process'])} masih dalam proses")
    if h["persons"] == 1:
        if h["proven"]:
            first = "Terlapor tersebut terbukti melanggar."
        elif h["not_proven"]:
            first = "Terlapor tersebut tidak terbukti melanggar atau tidak diregister."
        elif h["in_process"]:
            first = "Penanganan terlapor tersebut masih dalam proses."
        else:
            first = "Hasil penanganan terlapor tersebut belum tercatat."
    else:
        first = f"Dari {persons_phrase(h['persons'])} terlapor, {join_words(outcomes)}."
    return f"{first} {_sentence_forwarding(c)} {_sentence_recommended(c)}"


def _subject(n: int) -> str:
    """The subject of a sentence about n persons: "Satu orang", "Sebanyak dua orang"."""
    return "Satu orang" if n == 1 else f"Sebanyak {persons_phrase(n)}"


def _sentence_forwarding(c: CycleBrief) -> str:
    forwarded = c.forwarded
    if not forwarded:
        return "Belum ada terlapor yang diteruskan ke KASN atau BKN."
    counts = dict(zip(c.destinations["destination"], c.destinations["persons"], strict=True))
    places = [d for d in DESTINATION_PHRASES if counts.get(d)]
    unknown = int(counts.get(NO_DESTINATION, 0))
    subject = "Terlapor tersebut" if c.headline["persons"] == 1 else _subject(forwarded)
    if not places:
        return (f"{subject} telah diteruskan; tujuan penerusannya (KASN atau BKN) tidak tercatat karena status "
                "penanganannya sudah melewati tahap penerusan.")
    if not unknown and len(places) == 1:
        return f"{subject} telah diteruskan {DESTINATION_PHRASES[places[0]]}."
    known = [f"{persons_phrase(int(counts[d]))} {DESTINATION_PHRASES[d]}" for d in places]
    text = f"{_subject(forwarded)} telah diteruskan, yaitu {join_words(known)}"
    if not unknown:
        return text + "."
    return (f"{text}; untuk {persons_phrase(unknown)} lainnya tujuan penerusan tidak tercatat karena status "
            "penanganannya sudah melewati tahap penerusan.")


def _sentence_recommended(c: CycleBrief) -> str:
    h = c.headline
    rec = c.recommended
    rec_text = (f"Rekomendasi telah terbit untuk {persons_phrase(rec)}" if rec
                else "Belum ada rekomendasi yang tercatat terbit")
    if h["sanctioned"]:
        return f"{rec_text}, dan sanksi telah dijatuhkan kepada {persons_phrase(h['sanctioned'])}."
    return f"{rec_text}, dan belum ada sanksi yang tercatat dijatuhkan."


def _severity_phrase(name: str, rank: int | None, voc: Vocabulary) -> str:
    max_rank = max(s.rank for s in voc.severities if s.rank is not None)
    lower = name.lower()
    return lower if lower.startswith("sanksi") or rank == max_rank else f"sanksi {lower}"


def _sentence_sanctions(c: CycleBrief, voc: Vocabulary) -> str:
    h = c.headline
    df = c.sanctions
    ranked = df[df["severity_rank"].notna() & (df["imposed"] > 0)]
    unranked = int(df.loc[df["severity_rank"].isna(), "imposed"].sum())
    recommended_only = int(df["recommended_only"].sum())
    parts = []
    if not h["sanctioned"]:
        parts.append("Belum ada sanksi yang tercatat dijatuhkan pada siklus ini.")
    else:
        items = [f"{_severity_phrase(str(r.severity), int(r.severity_rank), voc)} ({persons_phrase(int(r.imposed))})"
                 for r in ranked.itertuples()]
        if items and len(items) == 1 and not unranked:
            parts.append(f"Seluruh sanksi yang dijatuhkan berupa {items[0]}." if h["sanctioned"] > 1
                         else f"Sanksi yang dijatuhkan berupa {items[0]}.")
        elif items:
            parts.append(f"Menurut tingkatnya, sanksi yang dijatuhkan terdiri atas {join_words(items)}.")
        if unranked:
            if items:
                parts.append(f"Untuk {persons_phrase(unranked)} lainnya, tingkat sanksinya tidak tercatat di register.")
            else:
                parts.append("Tingkat sanksi yang dijatuhkan tidak tercatat di register.")
        heaviest = ranked[ranked["severity_rank"] == ranked["severity_rank"].max()] if not ranked.empty else ranked
        if len(ranked) > 1 and not heaviest.empty:
            r = heaviest.iloc[0]
            parts.append(f"Sanksi terberat, {_severity_phrase(str(r.severity), int(r.severity_rank), voc)}, "
                         f"dijatuhkan kepada {persons_phrase(int(r.imposed))}.")
    if recommended_only:
        parts.append(f"Selain itu, {persons_phrase(recommended_only)} telah direkomendasikan untuk dijatuhi sanksi, "
                     "tetapi sanksinya belum tercatat dijatuhkan.")
    return " ".join(parts)


def _sentence_follow_up(c: CycleBrief) -> str:
    df = c.follow_up
    waiting = len(df)
    if not waiting:
        if c.forwarded:
            return "Tidak ada terlapor yang masih menunggu penjatuhan sanksi."
        return "Tidak ada terlapor yang menunggu tindak lanjut KASN/BKN atau PPK."
    dated = df[df["days_waiting"].notna()]
    parts = [f"{_subject(waiting)} yang telah diteruskan atau direkomendasikan masih menunggu penjatuhan sanksi."]
    if not dated.empty:
        oldest = dated.iloc[0]
        days = int(oldest["days_waiting"])
        basis = BASIS_PHRASES.get(str(oldest["waiting_basis"]), "")
        who = "Terlapor tersebut telah" if waiting == 1 else "Yang terlama telah"
        span = f"{format_number(days)} hari ({duration_words(days)})" if days >= 60 else counted(days, "hari")
        parts.append(f"{who} menunggu {span} {basis}, dengan nomor register {scrub(oldest['case_id'])}.")
        buckets = dict(zip(c.follow_up_buckets["age_bucket"], c.follow_up_buckets["persons"], strict=True))
        long_wait = int(buckets.get(LONG_WAIT_BUCKET, 0))
        if waiting > 1 and long_wait:
            if long_wait == waiting:
                parts.append("Seluruhnya telah menunggu lebih dari satu tahun.")
            else:
                parts.append(f"{_subject(long_wait)} di antaranya telah menunggu lebih dari satu "
                             "tahun.")
    undated = waiting - len(dated)
    if undated:
        parts.append(f"Untuk {persons_phrase(undated)}, lama menunggu tidak dapat dihitung karena tanggalnya tidak "
                     "tercatat.")
    parts.append("Daftarnya, diurutkan dari yang terlama, ada pada lampiran tindak lanjut.")
    return " ".join(parts)


def _change(now: int, before: int, noun: str) -> str:
    diff = now - before
    if diff == 0:
        return f"jumlah {noun} sama"
    word = "naik" if diff > 0 else "turun"
    text = f"jumlah {noun} {word} {counted(abs(diff), 'orang' if noun == 'terlapor' else 'kasus')}"
    if before:
        text += f" ({format_percent(abs(diff), before)})"
    return text


def _sentence_comparison(c: CycleBrief) -> str | None:
    if c.previous_cycle is None:
        if c.is_first_cycle:
            return (f"{c.cycle} adalah siklus paling awal yang dikenal dasbor, sehingga tidak ada siklus sebelumnya "
                    "sebagai pembanding.")
        return None
    prev = c.previous_headline or {"persons": 0, "cases": 0, "sanctioned": 0}
    h = c.headline
    if not prev["persons"]:
        if c.is_empty:
            return f"Pada siklus sebelumnya, {c.previous_cycle}, juga tidak tercatat kasus."
        return f"Pada siklus sebelumnya, {c.previous_cycle}, tidak tercatat kasus, sehingga tidak ada pembanding."
    prev_text = f"{counted(prev['cases'], 'kasus')}, {persons_phrase(prev['persons'])} terlapor"
    if c.is_empty:
        return f"Sebagai pembanding, pada {c.previous_cycle} tercatat {prev_text}."
    text = (f"Dibandingkan {c.previous_cycle} ({prev_text}), {_change(h['persons'], prev['persons'], 'terlapor')} dan "
            f"{_change(h['cases'], prev['cases'], 'kasus')}.")
    if h["sanctioned"] and prev["sanctioned"]:
        text += (f" Sanksi dijatuhkan kepada {persons_phrase(h['sanctioned'])}, dibandingkan "
                 f"{persons_phrase(prev['sanctioned'])} pada {c.previous_cycle}.")
    elif h["sanctioned"]:
        text += (f" Sanksi dijatuhkan kepada {persons_phrase(h['sanctioned'])}, sedangkan pada {c.previous_cycle} "
                 "belum ada sanksi yang tercatat dijatuhkan.")
    elif prev["sanctioned"]:
        text += (f" Belum ada sanksi yang tercatat dijatuhkan, sedangkan pada {c.previous_cycle} sanksi dijatuhkan "
                 f"kepada {persons_phrase(prev['sanctioned'])}.")
    else:
        text += " Pada kedua siklus belum ada sanksi yang tercatat dijatuhkan."
    return text


def _sentence_prevention(c: CycleBrief) -> str:
    """What was done to prevent violations in the cycle: activities per kind, participants, city-wide or per
    kecamatan, and the filters set that do not apply to activities."""
    df = c.prevention
    if df.empty:
        text = f"Tidak tercatat kegiatan pencegahan pada {c.cycle} untuk filter laporan ini."
    else:
        kinds = [f"{str(r.kind).lower()} ({counted(int(r.activities), 'kegiatan')})"
                 for r in c.prevention_by_kind.itertuples()]
        text = (f"Pada {c.cycle} tercatat {counted(len(df), 'kegiatan')} pencegahan: "
                f"{join_words(kinds)}.")
        participants = df["participants"].dropna()
        if len(participants):
            text += (f" Kegiatan yang mencatat jumlah pesertanya ({counted(len(participants), 'kegiatan')}) "
                     f"diikuti {format_number(int(participants.sum()))} peserta.")
        dated = [d for d in df["held_on"] if d is not None and not pd.isna(d)]
        if dated:
            text += f" Kegiatan pertama tercatat pada {format_date_long(min(dated))}."
        text += " Daftar kegiatannya, urut tanggal, menyertai bagian ini."
    if c.prevention_not_applied:
        text += f" Filter {join_words(c.prevention_not_applied)} tidak berlaku untuk kegiatan pencegahan."
    return text


def cycle_paragraphs(c: CycleBrief, voc: Vocabulary | None = None) -> list[tuple[str, str]]:
    """The paragraphs of one cycle as (topic, text), opening with the prevention work (:data:`PREVENTION_TOPIC`);
    a cycle without cases gets one plain paragraph after it."""
    voc = voc or vocabulary()
    out: list[tuple[str, str]] = [(PREVENTION_TOPIC, _sentence_prevention(c))]
    if c.is_empty:
        out.append(("Jumlah kasus", f"Pada {c.cycle} tidak tercatat kasus pelanggaran netralitas ASN untuk filter "
                                     "laporan ini."))
    else:
        out.append(("Jumlah kasus dan terlapor", f"{_sentence_counts(c)} {_sentence_actors(c, voc)}"))
        out.append(("Jenis pelanggaran", _sentence_violations(c)))
        out.append(("Penanganan", _sentence_handling(c)))
        out.append(("Sanksi", _sentence_sanctions(c, voc)))
        out.append(("Tindak lanjut", _sentence_follow_up(c)))
    comparison = _sentence_comparison(c)
    if comparison:
        out.append(("Perbandingan dengan siklus sebelumnya", comparison))
    return out


# ---- Building the brief -------------------------------------------------------------------------------------


def previous_cycle(cycle: str, voc: Vocabulary | None = None) -> str | None:
    """The cycle before ``cycle`` in vocabulary (calendar) order; None for the first or an unknown cycle."""
    voc = voc or vocabulary()
    names = voc.cycle_names
    if cycle in names and names.index(cycle) > 0:
        return names[names.index(cycle) - 1]
    return None


def _ordered_cycles(cycles: Sequence[str], voc: Vocabulary) -> list[str]:
    order = voc.cycle_names + [voc.cycle_unknown.name]
    known = [c for c in order if c in cycles]
    return known + [c for c in dict.fromkeys(cycles) if c not in order]


def build_cycle(run: QueryRunner, filters: Filters, cycle: str, today: dt.date,
                voc: Vocabulary | None = None) -> CycleBrief:
    """Figures and paragraphs of one cycle (``filters`` with the cycle filter replaced by ``cycle``)."""
    voc = voc or vocabulary()
    f = filters.with_(cycles=(cycle,))
    guest = Viewer()
    follow = run(queries.follow_up, f, guest, today)
    follow = follow[FOLLOW_UP_COLUMNS].reset_index(drop=True)
    prev = previous_cycle(cycle, voc)
    section = CycleBrief(
        cycle=cycle,
        filters=f,
        headline=run(queries.headline, f),
        actor_types=run(queries.counts_by, f, ["actor_type"]),
        violation_types=run(queries.counts_by, f, ["violation_type"], TOP_VIOLATIONS),
        violation_type_count=run(queries.distinct_values, f, "violation_type"),
        funnel=run(queries.funnel, f),
        destinations=run(queries.forwarding_destinations, f),
        sanctions=run(queries.sanctions_by_severity, f),
        follow_up=follow,
        follow_up_buckets=queries.follow_up_buckets(follow),
        previous_cycle=prev,
        previous_headline=run(queries.headline, filters.with_(cycles=(prev,))) if prev else None,
        is_first_cycle=bool(voc.cycle_names) and cycle == voc.cycle_names[0],
        prevention=run(queries.prevention_rows, f),
        prevention_by_kind=run(queries.prevention_counts, f, ["kind"])[["kind", "activities"]],
        prevention_not_applied=queries.prevention_filters_not_applied(f),
    )
    section.paragraphs = cycle_paragraphs(section, voc)
    return section


def _overview(brief_cycles: list[CycleBrief], totals: dict, total_waiting: int, filters: Filters,
              dataset_labels: list[str], is_demo: bool, generated: str) -> list[str]:
    names = [c.cycle for c in brief_cycles]
    paragraphs = []
    first = f"Laporan ini disusun otomatis dari basis data Dasbor Netralitas ASN {ORGANISATION} pada {generated}."
    if not names:
        paragraphs.append(first + " Basis data belum berisi kasus pelanggaran netralitas ASN untuk filter ini.")
        return paragraphs
    scope = (f"Laporan mencakup siklus {names[0]}." if len(names) == 1
             else f"Laporan mencakup {counted(len(names), 'siklus')} pemilihan: {join_words(names)}.")
    other = filters.with_(cycles=())
    if not other.is_default:
        scope += f" Filter yang berlaku: {other.describe()}."
    paragraphs.append(f"{first} {scope}")
    if len(names) > 1:
        if totals["persons"]:
            summary = (f"Secara keseluruhan tercatat {counted(totals['cases'], 'kasus')} dengan "
                       f"{persons_phrase(totals['persons'])} terlapor; {persons_phrase(totals['proven'])} terbukti "
                       f"melanggar dan sanksi telah dijatuhkan kepada {persons_phrase(totals['sanctioned'])}.")
            if total_waiting:
                summary += f" {_subject(total_waiting)} masih menunggu penjatuhan sanksi."
        else:
            summary = "Pada siklus-siklus tersebut tidak tercatat kasus pelanggaran netralitas ASN untuk filter ini."
        paragraphs.append(summary)
    source = f"Sumber data: {join_words(dataset_labels)}." if dataset_labels else ""
    if is_demo:
        source += (" Data contoh bersifat rekaan (fiktif) untuk peragaan; angka-angkanya tidak menggambarkan "
                   "kasus sebenarnya.")
    paragraphs.append(f"{source} {PRIVACY_NOTE}".strip())
    return paragraphs


def _dataset_labels(run: QueryRunner, filters: Filters, voc: Vocabulary) -> tuple[list[str], bool]:
    """The labels of the datasets the brief draws from (those the data filter names, else those an empty data filter
    shows), and whether the demo register is among them."""
    present = run(queries.datasets_present)
    keys = [str(k) for k in present["dataset"]] if not present.empty else []
    if filters.datasets:
        keys = [k for k in keys if k in filters.datasets]
    else:
        hidden = run(queries.default_hidden_datasets)
        keys = [k for k in keys if k not in hidden]
    order = list(voc.dataset_labels)
    keys.sort(key=lambda k: order.index(k) if k in order else len(order))
    return [voc.dataset_labels.get(k, k) for k in keys], DEMO_DATASET in keys


def build_brief(
    run: QueryRunner,
    filters: Filters = Filters(),
    cycles: Sequence[str] | None = None,
    today: dt.date | None = None,
    generated_at: dt.datetime | None = None,
    signed_by: Sequence[signatories.Signatory] | None = None,
) -> Brief:
    """The supervision brief for ``cycles`` (default: the filter's cycles, else every cycle with data), each
    under the other filters. ``today`` dates the waiting times (default: today in WIB); ``signed_by`` the
    signature block (default: the office's settings, :func:`netralitas.signatories.load`)."""
    voc = vocabulary()
    generated_at = clock.to_wib(generated_at or clock.utc_now())
    today = today or generated_at.date()
    if cycles is None:
        cycles = list(filters.cycles)
    if not cycles:
        cycles = [str(c) for c in run(queries.headline_by_cycle, filters)["cycle"]]
        cycles += [str(c) for c in run(queries.prevention_counts, filters, ["cycle"])["cycle"] if c not in cycles]
    names = _ordered_cycles(cycles, voc)
    sections = [build_cycle(run, filters, name, today, voc) for name in names]
    scope = filters.with_(cycles=tuple(names))
    totals = run(queries.headline, scope) if names else {k: 0 for k in ("persons", "cases", "proven", "sanctioned")}
    total_waiting = len(run(queries.follow_up, scope, Viewer(), today)) if names else 0
    compared = _ordered_cycles(names + [c.previous_cycle for c in sections if c.previous_cycle], voc)
    comparison = (run(queries.headline_by_cycle, filters.with_(cycles=tuple(compared))) if compared
                  else pd.DataFrame(columns=["cycle", "persons", "cases", "proven", "sanctioned", "in_process",
                                             "not_proven"]))
    labels, is_demo = _dataset_labels(run, filters, voc)
    return Brief(
        title=TITLE,
        subtitle=SUBTITLE,
        organisation=ORGANISATION,
        generated_at=generated_at,
        today=today,
        filters=filters,
        filters_text=run(queries.describe_filters, filters),
        dataset_labels=labels,
        is_demo=is_demo,
        totals=totals,
        total_waiting=total_waiting,
        cycles=sections,
        comparison=comparison,
        overview=_overview(sections, totals, total_waiting, filters, labels, is_demo,
                           clock.format_timestamp(generated_at)),
        signatories=tuple(signed_by) if signed_by is not None else signatories.load(),
    )


def report_file_name(brief: Brief, suffix: str) -> str:
    """A download file name such as ``laporan_supervisi_netralitas_pilkada-2024_20251122-1830.pdf``."""
    scope = "_".join(re.sub(r"[^0-9a-z]+", "-", c.lower()).strip("-") for c in brief.cycle_names) or "semua"
    if len(scope) > 60:
        scope = "beberapa-siklus"
    stamp = clock.to_wib(brief.generated_at).strftime("%Y%m%d-%H%M")
    return f"laporan_supervisi_netralitas_{scope}_{stamp}.{suffix}"
