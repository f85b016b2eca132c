"""Guests never see personal data in data-quality notes, rejection reasons or load metadata.

A register whose personal cells are written in every odd way (NIP with spaces, dots, dashes, slashes, a leading
apostrophe, ``=``, ``+`` or ``@``, as a number and in scientific notation; names with a leading ``=``; a NIP in
the Nama column; a name in the NIP column; NIP-like text in other columns; rejected rows holding a name in the
Jabatan column) is loaded by the real loader, then read as a guest through the query layer and through the
pages. A detector finds the digits of every planted NIP even when split by separators, and every planted name
token; the same detector must find them in what staff see, so it cannot pass by finding nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from loaders.pipeline import LoadedBy, load_paths
from netralitas import queries
from netralitas.normalize import NOTE_KINDS, REJECTION_REASONS
from tests.registers import new_workbook, put_rows, run_cli
from tests.roles import as_role

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SHEET = "Pemilu 2024"
HEADER = ["No", "No. Register", "Tgl Temuan/Laporan", "Nama Terlapor", "NIP", "Status Kepegawaian", "Jabatan",
          "Instansi", "Kecamatan", "Siklus", "Status Penanganan", "Sanksi"]
DAY = dt.date(2024, 1, 15)

# (register no, date, name, NIP cell, actor type, position, agency, kecamatan, cycle, status, sanction)
ROWS: list[tuple] = [
    # NIP written with separators, too short or too long: nip_panjang quotes the NIP
    ("P-01", DAY, "Tjokroaminoto Prawiranegara", "19651123 198903 2 07", "PNS", "Lurah", "Kelurahan Jatingaleh",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-02", DAY, "Sastrodiharjo Kusumawardhani", "1972.0417.1999.03.1.0055", "PNS", "Guru", "SD Negeri 3",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-03", DAY, "Wirjosandjojo Setyaningsih", "19830925-200604-1-01", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-04", DAY, "Mangkudiningrat Purbonegoro", "1969/0806/1992/03/2/0", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-05", DAY, "Hadiwinoto Suryaningrat", "'1977061420030210", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    # NIP as a number: in scientific notation as text, and as a number cell (nip_angka)
    ("P-06", DAY, "Djojodikromo Wulandarisari", "1.98112072005011E+17", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-07", DAY, "Notodiharjo Brotodiningrat", 197410282000121003, "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    # NIP with a leading =, + or @ (rumus for "=", nip_panjang for the short ones)
    ("P-08", DAY, "Reksodipuro Handayaningsih", "=19880214 201101 1 04", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-09", DAY, "Soemodilogo Rahayuningtyas", "+19790330 200212 1 0", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-10", DAY, "Kartowiryono Sulistyaningrum", "@1985 0722 2009 0120 0", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    # a name in the NIP column (NIP without digits); a name with a leading "="; a NIP in the Nama column
    ("P-11", DAY, "Poncowardoyo Mulyaningsih", "Gondokusumo Pringgodigdo", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-12", DAY, "=Martodihardjo Sekarningrum", "196701011990031001", "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-13", DAY, "19910818 201402 2 003", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
    ("P-14", DAY, "=19920505.201503.1.002", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
    # NIP-like text in columns that are not personal: each quoted by its note
    ("P-15", DAY, "Prawirodirdjo Kartikasari", None, "1966 0512 1990 0310 02", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-16", "1970 0101 1995 0311 01", "Sosrodiningrat Puspitasari", None, "PNS", "Staf", "Dinas Perhubungan",
     "Tembalang", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-17", DAY, "Cokrodiharjo Anggraeniwati", None, "PNS", "Staf", "Dinas Perhubungan",
     "Kec. 1968.1231.1994.03.1.008", None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-18", DAY, "Mertodiwiryo Kusumaningayu", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang",
     "Pilkades 1975-0620-2000-0310-03", "Sanksi dijatuhkan", "teguran lisan"),
    ("P-19", DAY, "Soerjodiningrat Pratiwiningsih", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "kode 1963/0228/1988/03/1/004", "teguran lisan"),
    # the other kinds: status without a date, conflicting sanction words, a future date, outside ASN, no actor
    ("P-20", None, "Wongsodiharjo Lestariningsih", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "diteruskan", None),
    ("P-21", DAY, "Darmodiharjo Kusumastuti", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "Rekomendasi terbit", "hukdis ringan (penundaan KGB)"),
    ("P-22", dt.date(2099, 5, 1), "Sumodiharjo Ratnaningsih", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang",
     None, "Sanksi dijatuhkan", "teguran lisan"),
    ("P-23", DAY, "Joyodiningrat Suciningtyas", None, "Swasta", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
    ("P-24", DAY, "Handokodiharjo Winarningsih", None, None, "Staf", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
    # the same person twice in one case within this file
    ("P-25", DAY, "Kertonegoro Sundariningsih", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
    ("P-25", DAY, "Kertonegoro Sundariningsih", None, "PNS", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
    # rejected rows (no name, NIP or register number) whose cells hold a name, a NIP and a name with "="
    (None, None, None, None, "PNS", "Purwodiningrat Suryokusumo", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
    (None, None, None, None, "PNS", "1960.0909.1985.03.1.011", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
    (None, None, None, None, "=Wirodiharjo Sekartaji", "Staf", "Dinas Perhubungan", "Tembalang", None,
     "Sanksi dijatuhkan", "teguran lisan"),
]
# a second file: the person of P-01 again in the same case (a duplicate across files)
OTHER_ROWS: list[tuple] = [ROWS[0]]

PLANTED_NIPS = [
    "1965112319890320" + "7", "197204171999031" + "0055", "19830925200604101", "1969080619920320",
    "1977061420030210", "198112072005011", "197410282000121", "19880214201101104", "1979033020021210",
    "19850722200901200", "196701011990031001", "19910818201402200" + "3", "19920505201503100" + "2",
    "19660512199003100" + "2", "19700101199503110" + "1", "196812311994031008", "197506202000031003",
    "196302281988031004", "196009091985031011",
]
PLANTED_NAMES = [
    "Tjokroaminoto", "Prawiranegara", "Sastrodiharjo", "Kusumawardhani", "Wirjosandjojo", "Setyaningsih",
    "Mangkudiningrat", "Purbonegoro", "Hadiwinoto", "Suryaningrat", "Djojodikromo", "Wulandarisari",
    "Notodiharjo", "Brotodiningrat", "Reksodipuro", "Handayaningsih", "Soemodilogo", "Rahayuningtyas",
    "Kartowiryono", "Sulistyaningrum", "Poncowardoyo", "Mulyaningsih", "Gondokusumo", "Pringgodigdo",
    "Martodihardjo", "Sekarningrum", "Prawirodirdjo", "Kartikasari", "Sosrodiningrat", "Puspitasari",
    "Cokrodiharjo", "Anggraeniwati", "Mertodiwiryo", "Kusumaningayu", "Soerjodiningrat", "Pratiwiningsih",
    "Wongsodiharjo", "Lestariningsih", "Darmodiharjo", "Kusumastuti", "Sumodiharjo", "Ratnaningsih",
    "Joyodiningrat", "Suciningtyas", "Handokodiharjo", "Winarningsih", "Kertonegoro", "Sundariningsih",
    "Purwodiningrat", "Suryokusumo", "Wirodiharjo", "Sekartaji",
]
LOADER_USER = "kusnadi.rahasiawan"

# digits joined by separators a clerk (or a formula prefix, or a number format) may put between them
_DIGIT_GROUP = re.compile(r"\d(?:[\s.,'’/\\\-+=@_:]*\d)*")
WINDOW = 8  # this many consecutive digits of a planted NIP are a leak (a masked NIP keeps 4 + 2)


def leaks(text: str) -> list[str]:
    """Planted NIPs (8 or more of their consecutive digits, in any grouping) and planted name tokens in ``text``."""
    found: list[str] = []
    groups = ["".join(ch for ch in g if ch.isdigit()) for g in _DIGIT_GROUP.findall(text)]
    for nip in PLANTED_NIPS:
        windows = {nip[i : i + WINDOW] for i in range(len(nip) - WINDOW + 1)}
        if any(w in g for g in groups for w in windows):
            found.append(nip)
    lowered = text.lower()
    found.extend(name for name in PLANTED_NAMES if name.lower() in lowered)
    found.extend([LOADER_USER] if LOADER_USER in lowered else [])
    return found


def test_detector_finds_nips_in_any_grouping_and_names() -> None:
    assert leaks("NIP: '19651123 198903 2 07'") == ["19651123198903207"]
    assert leaks("x 1.98112072005011E+17 y") == ["198112072005011"]
    assert leaks("=1988-0214/2011.01'1_04") == ["19880214201101104"]
    assert leaks("isi: Jabatan='Purwodiningrat Suryokusumo'") == ["Purwodiningrat", "Suryokusumo"]
    assert leaks("1965************07 · Tjo*** P*** · 2024-01-15 · baris 12") == []


def write_register(path: Path, rows: list[tuple]) -> Path:
    """The register: title rows, the header, one row per entry (text starting with "=" stays text)."""
    wb = new_workbook(SHEET)
    put_rows(wb.active, [["REKAPITULASI PELANGGARAN NETRALITAS ASN"], [], HEADER]
             + [[i, *row] for i, row in enumerate(rows, start=1)])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def planted_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The planted registers loaded by the real loader: the first as the upload page loads it (a staff user), the
    second from the command line."""
    folder = tmp_path_factory.mktemp("pribadi")
    path = folder / "netralitas.duckdb"
    first = load_paths([write_register(folder / "register_a.xlsx", ROWS)], path,
                       loaded_by=LoadedBy(LOADER_USER, "staf"))
    assert all(r.ok for r in first)
    code, _out, err = run_cli(str(write_register(folder / "register_b.xlsx", OTHER_ROWS)), "--db", str(path))
    assert code == 0, err
    code, _out, err = run_cli(str(write_prevention_register(folder / "kegiatan_c.xlsx")), "--db", str(path))
    assert code == 0, err
    return path


def write_prevention_register(path: Path) -> Path:
    """A prevention register whose rows carry the notes of prevention activities (an unknown kind, an unreadable
    number of participants) and one row that cannot be an activity."""
    wb = new_workbook(SHEET)
    put_rows(wb.active, [["No", "Tanggal", "Nama Kegiatan", "Jenis Kegiatan", "Jumlah Peserta"],
                         [1, DAY, "Senam bersama", "Olahraga", "seluruh lurah"], [2, DAY, None, None, "12"]])
    wb.save(path)
    return path


def _query(path: Path, fn, *args):
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        return fn(con, *args)


def test_every_note_kind_is_planted(planted_db: Path) -> None:
    kinds = {k for (k,) in _query(planted_db, lambda con: con.execute("SELECT DISTINCT kind FROM quality_notes")
                                  .fetchall())}
    assert kinds == set(NOTE_KINDS), f"missing: {set(NOTE_KINDS) - kinds}"
    reasons = [r for (r,) in _query(planted_db, lambda con: con.execute("SELECT reason FROM rejected_rows")
                                    .fetchall())]
    assert len(reasons) == 4
    assert all(any(r.startswith(known) for r in reasons) for known in REJECTION_REASONS.values())


def _guest_query_texts(path: Path, viewer: queries.Viewer) -> dict[str, str]:
    """Everything the query layer gives ``viewer`` about notes, rejected rows, loads and every record."""
    def read(con):
        out = {
            "notes": queries.quality_notes(con, viewer).to_csv(),
            "rejected": queries.rejected_rows(con, viewer).to_csv(),
            "batches": queries.load_batches(con, viewer).drop(columns=["file_sha256"]).to_csv(),
        }
        for file, sheet, row in con.execute("SELECT source_file, source_sheet, source_row FROM violations").fetchall():
            record = queries.case_detail(con, file, sheet, row, viewer)
            out[f"record {file} {row}"] = repr(record)
        return out
    return _query(path, read)


def test_query_layer_gives_guests_no_planted_value(planted_db: Path) -> None:
    guest = {where: leaks(text) for where, text in _guest_query_texts(planted_db, queries.Viewer("tamu")).items()}
    assert not {where: found for where, found in guest.items() if found}


def test_staff_see_every_planted_value_through_the_same_queries(planted_db: Path) -> None:
    """The detector is not blind: staff (who may see names and NIP) get every planted value back."""
    staff = "\n".join(_guest_query_texts(planted_db, queries.Viewer("staf", "uji-staf")).values())
    assert set(leaks(staff)) == set(PLANTED_NIPS) | set(PLANTED_NAMES) | {LOADER_USER}


# ---- the pages, as AppTest runs them ---------------------------------------------------------------------------

def page_text(at) -> str:
    """Every text an AppTest run shows: markdown, captions, headings, alerts, metrics, selectbox options and every
    cell of every table (all columns, shown or not: the browser receives them all)."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error", "code"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(f"{m.label} {m.value}" for m in at.metric)
    parts.extend(" | ".join(map(str, box.options)) for box in at.selectbox)
    parts.extend(df.value.drop(columns=["sha", "file_sha256"], errors="ignore").astype(str).to_csv()
                 for df in at.dataframe)
    parts.extend(str(chart.proto) for chart in at.get("plotly_chart"))  # labels, hover texts, titles
    return "\n".join(parts)


def open_page(path: Path, monkeypatch: pytest.MonkeyPatch, page: str, role: str = "tamu"):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NETRALITAS_DB", str(path))
    at = as_role(AppTest.from_file(APP, default_timeout=60), role)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def quality_page_texts(path: Path, monkeypatch: pytest.MonkeyPatch, role: str) -> str:
    """/kualitas as ``role``, with the rows behind every note kind shown in turn."""
    at = open_page(path, monkeypatch, "pages/kualitas.py", role)
    texts = [page_text(at)]
    kinds = [k for (k,) in _query(path, lambda con: con.execute("SELECT DISTINCT kind FROM quality_notes")
                                  .fetchall())]
    for kind in kinds:
        at.selectbox(key="jenis_catatan").set_value(kind)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        texts.append(page_text(at))
    return "\n".join(texts)


def record_view_texts(path: Path, monkeypatch: pytest.MonkeyPatch, role: str) -> str:
    """/data as ``role`` with the record view of every row opened in turn."""
    at = open_page(path, monkeypatch, "pages/data.py", role)
    texts = [page_text(at)]
    for row in range(len(at.dataframe[0].value)):
        table = at.dataframe[0]
        at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(s.value.startswith("Rincian:") for s in at.subheader)
        texts.append(page_text(at))
    return "\n".join(texts)


@pytest.mark.slow
def test_quality_page_shows_guests_no_planted_value(planted_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert leaks(quality_page_texts(planted_db, monkeypatch, "tamu")) == []


@pytest.mark.slow
def test_record_view_shows_guests_no_planted_value(planted_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert leaks(record_view_texts(planted_db, monkeypatch, "tamu")) == []


@pytest.mark.slow
def test_every_page_a_guest_can_open_shows_no_planted_value(planted_db: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from pages.shared.auth import page_allowed
    from pages.shared.startup import PAGES

    guest_pages = [path for path, _title, _icon, url, _default in PAGES if page_allowed(url, "tamu")]
    assert "pages/data.py" in guest_pages and "pages/kualitas.py" in guest_pages
    seen = []
    for page in guest_pages:
        at = open_page(planted_db, monkeypatch, page)
        seen.append(page_text(at))
        assert leaks(seen[-1]) == [], page
    assert "Kelurahan Jatingaleh" in "\n".join(seen)  # the planted register is what the pages show


@pytest.mark.slow
def test_staff_pages_show_the_planted_values(planted_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page scans are not blind: staff see the names, NIPs and the loader's user name in clear."""
    seen = set(leaks(quality_page_texts(planted_db, monkeypatch, "staf")))
    seen |= set(leaks(record_view_texts(planted_db, monkeypatch, "staf")))
    assert seen == set(PLANTED_NIPS) | set(PLANTED_NAMES) | {LOADER_USER}


# ---- a database of schema 2, whose notes and reasons hold the quoted cell inside their text ---------------------

# Texts no loader version wrote: an upgrade cannot split them, so it must hide them whole.
UNKNOWN_NOTE = ("kecamatan", "Kecamatan aneh Tjokroaminoto, NIP 1965 1123 1989 0320 7")
UNKNOWN_REASON = "Baris aneh: Purwodiningrat 1960-0909-1985-03-1-011"


def as_schema_2(path: Path) -> None:
    """Rewrite a database as schema 2 wrote it: each note and reason one text with its quoted cells inside (the
    texts the loader wrote then), no role of who loaded, version 2."""
    from netralitas.privacy import fill_quote

    with contextlib.closing(duckdb.connect(str(path))) as con:
        notes = con.execute("SELECT rowid, message, quoted, quoted_mask FROM quality_notes").fetchall()
        for rowid, message, quoted, mask in notes:
            con.execute("UPDATE quality_notes SET message = ? WHERE rowid = ?",
                        [fill_quote(message, quoted, mask, True), rowid])
        reasons = con.execute("SELECT rowid, reason_template, quoted FROM rejected_rows").fetchall()
        for rowid, reason, quoted in reasons:
            known = next(r for r in REJECTION_REASONS.values() if reason.startswith(r))
            con.execute("UPDATE rejected_rows SET reason = ? WHERE rowid = ?",
                        [known + (f" (isi: {quoted})" if quoted else ""), rowid])
        file, sheet, row, case_id = con.execute(
            "SELECT source_file, source_sheet, source_row, case_id FROM violations WHERE case_id = 'P-01'").fetchone()
        con.execute("INSERT INTO quality_notes (batch_id, source_file, source_sheet, source_row, case_id, kind, "
                    "message) VALUES (1, ?, ?, ?, ?, ?, ?)", [file, sheet, row, case_id, *UNKNOWN_NOTE])
        con.execute("INSERT INTO rejected_rows (batch_id, source_file, source_sheet, source_row, reason, raw) "
                    "VALUES (1, ?, ?, 99, ?, '{}')", [file, sheet, UNKNOWN_REASON])
        for table in ("quality_notes", "rejected_rows"):
            con.execute(f"ALTER TABLE {table} DROP COLUMN quoted")
            con.execute(f"ALTER TABLE {table} DROP COLUMN quoted_mask")
        con.execute("ALTER TABLE rejected_rows DROP COLUMN reason_template")
        con.execute("ALTER TABLE load_batches DROP COLUMN loaded_by_role")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


@pytest.fixture(scope="module")
def upgraded_db(planted_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The planted database as schema 2 wrote it, then upgraded; with its notes and reasons before the upgrade."""
    import shutil

    from netralitas import db

    path = tmp_path_factory.mktemp("skema2") / "netralitas.duckdb"
    shutil.copyfile(planted_db, path)
    as_schema_2(path)
    assert db.database_state(path) == "skema_lama"
    before = _query(path, lambda con: {
        "notes": sorted(con.execute("SELECT source_file, source_row, kind, message FROM quality_notes").fetchall()),
        "reasons": sorted(con.execute("SELECT source_row, reason FROM rejected_rows").fetchall()),
        "violations": sorted(con.execute("SELECT * FROM violations").fetchall(), key=repr),
    })
    db.upgrade_schema(path)
    assert db.schema_is_current(path)
    return {"path": path, "before": before}


def test_upgrade_keeps_every_note_and_reason_for_staff(upgraded_db: dict) -> None:
    path, before = upgraded_db["path"], upgraded_db["before"]
    staff = queries.Viewer("staf", "uji-staf")
    notes = _query(path, lambda con: queries.quality_notes(con, staff))
    assert sorted(zip(notes["source_file"], notes["source_row"], notes["kind"], notes["message"],
                      strict=True)) == before["notes"]
    reasons = _query(path, lambda con: queries.rejected_rows(con, staff))
    for (row, old), new in zip(before["reasons"], sorted(zip(reasons["source_row"], reasons["reason"],
                                                              strict=True)), strict=True):
        assert new[0] == row
        cells = re.fullmatch(r".* \(isi: (.*)\)", old)
        assert new[1] == old if cells is None else new[1].endswith(cells.group(1))
    assert sorted(_query(path, lambda con: con.execute("SELECT * FROM violations").fetchall()),
                  key=repr) == before["violations"]


def test_upgrade_moves_each_recognised_quote_out_and_hides_the_rest(upgraded_db: dict) -> None:
    from netralitas.privacy import MASK_HIDE, QUOTE_SLOT

    rows = _query(upgraded_db["path"], lambda con: con.execute(
        "SELECT kind, message, quoted, quoted_mask FROM quality_notes").fetchall())
    unknown = [r for r in rows if r[2] == UNKNOWN_NOTE[1]]
    assert unknown == [(UNKNOWN_NOTE[0], QUOTE_SLOT, UNKNOWN_NOTE[1], MASK_HIDE)]
    for kind, message, quoted, _mask in rows:
        assert not leaks(message), (kind, message)  # no template holds a planted value
        assert (quoted is None) == (QUOTE_SLOT not in message)
    reasons = _query(upgraded_db["path"], lambda con: con.execute(
        "SELECT reason, reason_template, quoted, quoted_mask FROM rejected_rows").fetchall())
    for reason, template, quoted, mask in reasons:  # the full reason stays; its template holds no planted value
        assert mask == MASK_HIDE and not leaks(template)
        assert quoted in reason


@pytest.mark.slow
def test_upgraded_database_gives_guests_no_planted_value(upgraded_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    path = upgraded_db["path"]
    guest = {where: leaks(text) for where, text in _guest_query_texts(path, queries.Viewer("tamu")).items()}
    assert not {where: found for where, found in guest.items() if found}
    assert leaks(quality_page_texts(path, monkeypatch, "tamu")) == []
    assert leaks(record_view_texts(path, monkeypatch, "tamu")) == []
    batches = _query(path, lambda con: queries.load_batches(con, queries.Viewer("tamu")))
    assert set(batches["loaded_by"]) == {queries.LOADER_UNRECORDED}


# ---- who loaded; staff surfaces (command line, upload page) show the quoted cells in clear ------------------------

def test_load_history_shows_guests_the_role_and_staff_the_user(planted_db: Path) -> None:
    guest = _query(planted_db, lambda con: queries.load_batches(con, queries.Viewer("tamu")))
    staff = _query(planted_db, lambda con: queries.load_batches(con, queries.Viewer("staf", "uji-staf")))
    by_file = dict(zip(guest["source_file"], guest["loaded_by"], strict=True))
    assert by_file == {"register_a.xlsx": "staf", "register_b.xlsx": "baris perintah (operator)",
                       "kegiatan_c.xlsx": "baris perintah (operator)"}
    staff_by_file = dict(zip(staff["source_file"], staff["loaded_by"], strict=True))
    assert staff_by_file["register_a.xlsx"] == f"{LOADER_USER} · staf"
    assert staff_by_file["register_b.xlsx"].endswith("· baris perintah (operator)")


def test_command_line_prints_rejection_reasons_in_clear(tmp_path: Path) -> None:
    from netralitas.privacy import QUOTE_SLOT

    code, out, err = run_cli(str(write_register(tmp_path / "register_a.xlsx", ROWS)), "--dry-run",
                             "--db", str(tmp_path / "n.duckdb"))
    assert code == 0, err
    assert "Jabatan='Purwodiningrat Suryokusumo'" in out and QUOTE_SLOT not in out


@pytest.mark.slow
def test_upload_page_shows_staff_the_reasons_and_stores_the_role(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The upload page (staff only) shows a dry run's reasons with their cells; the load it commits stores the
    user's role, which is what guests then see on /kualitas."""
    path = tmp_path / "netralitas.duckdb"
    load_paths([write_register(tmp_path / "register_b.xlsx", OTHER_ROWS)], path)
    at = open_page(path, monkeypatch, "pages/unggah.py", "staf")
    at.file_uploader[0].upload("register_a.xlsx", write_register(tmp_path / "a.xlsx", ROWS).read_bytes())
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    reasons = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    assert any("Jabatan='Purwodiningrat Suryokusumo'" in r for r in reasons["reason"])
    at.button(key="muat").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    stored = _query(path, lambda con: con.execute(
        "SELECT loaded_by, loaded_by_role FROM load_batches WHERE source_file = 'register_a.xlsx'").fetchall())
    assert stored == [("uji-staf", "staf")]
    guest = open_page(path, monkeypatch, "pages/kualitas.py")
    batches = next(df.value for df in guest.dataframe if "loaded_by" in df.value.columns)
    assert set(batches["loaded_by"]) == {"staf", queries.LOADER_UNRECORDED}
    assert "uji-staf" not in page_text(guest)


# ---- the masking of a quoted value, on generated values ----------------------------------------------------------

def _digit_windows_leak(digits: str, text: str) -> bool:
    groups = ["".join(ch for ch in g if ch.isdigit()) for g in _DIGIT_GROUP.findall(text)]
    return any(digits[i : i + WINDOW] in g for g in groups for i in range(len(digits) - WINDOW + 1))


@pytest.mark.slow
def test_a_nip_in_any_grouping_is_masked_whatever_column_it_came_from() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from netralitas.privacy import QUOTE_MASKS, QUOTE_SLOT, fill_quote

    separators = st.text(alphabet=" .-/'_,", min_size=0, max_size=2)

    @settings(max_examples=300, deadline=None)
    @given(digits=st.text(alphabet="0123456789", min_size=16, max_size=18),
           seps=st.lists(separators, min_size=18, max_size=18),
           prefix=st.sampled_from(["", "=", "+", "@", "'", "Kec. ", "kode "]),
           mask=st.sampled_from([None, *QUOTE_MASKS]))
    def check(digits: str, seps: list[str], prefix: str, mask: str | None) -> None:
        written = prefix + "".join(d + s for d, s in zip(digits, seps, strict=False)).strip()
        guest = fill_quote(f"Nilai '{QUOTE_SLOT}' tidak dikenal", written, mask, reveal=False)
        assert not _digit_windows_leak(digits, guest), (written, guest)
        assert fill_quote(f"Nilai '{QUOTE_SLOT}' tidak dikenal", written, mask, reveal=True).count(written) == 1

    check()


def test_a_name_quoted_from_a_personal_column_or_a_rejected_row_is_masked() -> None:
    from netralitas.privacy import HIDDEN, MASK_HIDE, MASK_NAME, QUOTE_SLOT, fill_quote

    template = f"Kolom 'Nama' diawali '=' dan disimpan sebagai teks: '{QUOTE_SLOT}'"
    assert fill_quote(template, "=Tjokroaminoto Prawiranegara", MASK_NAME, False).endswith("'=Tj*** P***'")
    hidden = fill_quote(f"ditolak (isi: {QUOTE_SLOT})", "Jabatan='Sekartaji'", MASK_HIDE, False)
    assert hidden == f"ditolak (isi: {HIDDEN})"
    shown = fill_quote(f"Kecamatan tidak dikenal: '{QUOTE_SLOT}'", "Tembalang Barat", None, False)
    assert shown == "Kecamatan tidak dikenal: 'Tembalang Barat'"


@pytest.mark.slow
def test_app_start_upgrades_a_schema_2_database_before_a_guest_sees_it(
    planted_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from netralitas import db

    path = tmp_path / "netralitas.duckdb"
    shutil.copyfile(planted_db, path)
    as_schema_2(path)
    assert leaks(quality_page_texts(path, monkeypatch, "tamu")) == []
    assert db.schema_is_current(path)
