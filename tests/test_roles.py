"""Roles in the app (AppTest on the bundled data): which pages each role gets, that a guest never receives a name
or NIP anywhere (every element of every page and its drill-downs, every export file), that staff and leadership
do, the local sign-in form (wrong password, lockout, disabled account, sign-out), the audit page, and the audit
rows written for each of those actions."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import openpyxl
import pytest
from argon2 import PasswordHasher
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from netralitas import accounts, audit, export, queries
from netralitas.queries import Filters, Viewer
from netralitas.roles import may_open
from pages.shared.auth import AUTH_KEY
from tests.fast_loop import first_fast
from tests.markdown import markdown_shows
from tests.roles import app_test, as_role, page_path
from tests.shown import shown_db

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Sandi-Kantor-2024"
PAGE_FILES = sorted(p.name for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_"))
URL_OF = {"unggah.py": "unggah", "audit.py": "audit"}


@pytest.fixture(autouse=True)
def fast_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    """No wait after a failed sign-in and a cheap argon2id in tests (see tests/test_accounts.py)."""
    monkeypatch.setattr(accounts, "FAILURE_DELAY_SECONDS", 0)
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


@pytest.fixture(scope="module")
def people(bundled_db: Path) -> tuple[list[str], list[str]]:
    """Every full name and NIP of the bundled data (as stored, and as typed in the workbook)."""
    with contextlib.closing(duckdb.connect(str(bundled_db), read_only=True)) as con:
        names = {r[0].strip() for r in
                 con.execute("SELECT person_name FROM violations WHERE person_name IS NOT NULL").fetchall()}
        nips = set()
        for nip, raw in con.execute("SELECT nip, nip_raw FROM violations WHERE nip IS NOT NULL").fetchall():
            nips.add(nip)
            digits = re.sub(r"\D", "", str(raw or ""))
            if len(digits) >= 15:
                nips.add(digits)
    assert len(names) > 100 and len(nips) > 100
    return sorted(names), sorted(nips)


def leaks(text: str, people: tuple[list[str], list[str]]) -> list[str]:
    """The names and NIPs of ``people`` that occur in ``text`` (names case-insensitively, as whole words)."""
    names, nips = people
    lower = text.lower()
    found = [n for n in names if re.search(r"(?<!\w)" + re.escape(n.lower()) + r"(?!\w)", lower)]
    digits_only = re.sub(r"\D", "", text)
    found += [n for n in nips if n in text or n in digits_only]
    return found


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _strings(message) -> Iterator[str]:
    """Every text field of a protobuf message, nested ones included."""
    for field, value in message.ListFields():
        for item in value if field.is_repeated else [value]:
            if isinstance(item, str):
                yield item
            elif hasattr(item, "ListFields"):
                yield from _strings(item)


def page_text(at: AppTest) -> str:
    """Everything the browser would receive for the page: every element's protobuf as text (labels, bodies,
    options, values, help, chart specs), each text field also as a reader sees it (Markdown escapes resolved),
    plus the cells of every table."""
    parts = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            if "arrow_data" in proto.DESCRIPTOR.fields_by_name:  # the cells are read below, as a table
                bare = type(proto)()
                bare.CopyFrom(proto)
                bare.ClearField("arrow_data")
                proto = bare
            parts.append(text_format.MessageToString(proto, as_utf8=True))
            parts.extend(markdown_shows(text) for text in _strings(proto))
        if getattr(node, "type", None) in ("arrow_data_frame", "dataframe", "table"):
            parts.append(node.value.astype(str).to_csv())
    return "\n".join(parts)


def open_app(db: Path, monkeypatch: pytest.MonkeyPatch, role: str = "tamu", page: str | None = None,
             params: dict | None = None) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = as_role(app_test(monkeypatch), role)
    if page and page != "ringkasan.py":
        at.run()  # app.py registers the pages this role gets
        at.switch_page(page_path(page))
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def registered_pages(at: AppTest) -> set[str]:
    """The page files the navigation offers this session."""
    return {Path(info["script_path"]).name for info in at._registered_pages.values() if info.get("script_path")}


def expected_pages(role: str) -> set[str]:
    return {p for p in PAGE_FILES if may_open(role, URL_OF.get(p, ""))}


# ---- which pages each role gets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", first_fast(["tamu", "staf", "pimpinan"]))
def test_pages_per_role(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, role: str) -> None:
    at = open_app(bundled_db, monkeypatch, role)
    pages = registered_pages(at)
    assert pages == expected_pages(role)
    assert ("unggah.py" in pages) == (role != "tamu")
    assert ("audit.py" in pages) == (role == "pimpinan")
    if role == "tamu":
        with pytest.raises(ValueError):
            at.switch_page(page_path("unggah.py"))
    sidebar = page_text(at)
    if role == "tamu":  # the open demo: everyone a guest, and how to create accounts
        assert "Mode terbuka" in sidebar and "netralitas.accounts users add" in sidebar
    else:
        assert f"uji-{role}" in sidebar


# ---- a guest never receives a name or NIP ---------------------------------------------------------------------


def _chart_click(at: AppTest) -> bool:
    """Click the first point of the first clickable chart (as the browser would report it); False if none."""
    for node in _nodes(at._tree):
        if getattr(node, "type", None) != "plotly_chart" or not list(node.proto.selection_mode):
            continue
        match = re.match(r"^chart_([a-z]+)_(.+)_(\d+)$", node.key or "")
        if not match:
            continue
        spec = json.loads(node.proto.spec)
        for trace in spec.get("data", []):
            for custom in trace.get("customdata") or []:
                if custom and all(v not in (None, "") for v in (custom if isinstance(custom, list) else [custom])):
                    at.session_state[f"_chart_active_{match.group(1)}"] = match.group(2)
                    at.session_state[node.key] = {"selection": {"points": [{"customdata": custom}], "box": [],
                                                                "lasso": [], "point_indices": [0]}}
                    return True
    return False


def _visit(at: AppTest) -> Iterator[tuple[str, str]]:
    """Every state of the current page worth scanning: as opened, after a chart click, each tab, each option of
    a select box in the page, a selected table row (Data Kasus)."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    yield "dibuka", page_text(at)
    if _chart_click(at):
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        text = page_text(at)
        assert "pilihan:" in text  # the drill-down table is there
        yield "klik grafik", text
    for node in list(_nodes(at.main)):
        if getattr(node, "type", None) == "tab_container" and node.key:
            for tab in [c for c in node.children.values() if getattr(c, "type", None) == "tab"][1:]:
                at.session_state[node.key] = tab.label
                at.run()
                assert not at.exception, [e.value for e in at.exception]
                yield f"tab {tab.label}", page_text(at)
    for box in list(at.main.selectbox):
        for option in box.options[1:]:
            at.selectbox(key=box.key).set_value(option).run() if box.key else box.set_value(option).run()
            assert not at.exception, [e.value for e in at.exception]
            yield f"pilihan {option}", page_text(at)
    tables = [t for t in at.main.dataframe if t.key and t.key.startswith("tabel_")]
    for row in (0,):
        if tables:
            at.session_state[tables[0].key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
            at.run()
            assert not at.exception, [e.value for e in at.exception]
            text = page_text(at)
            assert "Rincian:" in text
            yield f"baris {row}", text


@pytest.mark.parametrize("page", sorted(expected_pages("tamu")))
@pytest.mark.slow
def test_guest_never_receives_a_name_or_nip(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, people, page) -> None:
    at = open_app(bundled_db, monkeypatch, "tamu", page)
    visited = 0
    for state, text in _visit(at):
        visited += 1
        assert not leaks(text, people), f"{page} ({state}) shows: {leaks(text, people)[:5]}"
    assert visited >= 1


@pytest.mark.slow
def test_guest_search_does_not_look_into_names_or_nip(bundled_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                      people) -> None:
    """Otherwise a guest could confirm that someone is in the register, or rebuild a NIP from the row counts."""
    names, nips = people
    guest = open_app(bundled_db, monkeypatch, "tamu", "data.py")
    staff = open_app(bundled_db, monkeypatch, "staf", "data.py")
    assert guest.sidebar.text_input(key="cari").label == "Cari no. register, instansi"
    for term in (names[0], nips[0][:8]):
        guest.sidebar.text_input(key="cari").input(term).run()
        assert any("Tidak ada data" in i.value for i in guest.info), term
        staff.sidebar.text_input(key="cari").input(term).run()
        assert leaks(page_text(staff), people), term
    # register numbers and agencies stay searchable for guests
    guest.sidebar.text_input(key="cari").input("Kecamatan").run()
    assert 0 < len(guest.main.dataframe[0].value) < len(people[0])


@pytest.mark.slow
def test_staff_and_leadership_see_names(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, people) -> None:
    for role in ("staf", "pimpinan"):
        at = open_app(bundled_db, monkeypatch, role, "data.py")
        shown = leaks(page_text(at), people)
        assert len(shown) > 20, role
        assert "disamarkan untuk tamu" not in page_text(at)
    guest = open_app(bundled_db, monkeypatch, "tamu", "data.py")
    assert "Nama dan NIP disamarkan untuk tamu" in page_text(guest)
    masked = guest.main.dataframe[0].value["person_name"].dropna()
    assert len(masked) and all("***" in v for v in masked)


def _xlsx_text(data: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
                     if v is not None)


def _zip_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("filters", [Filters(), Filters(cycles=("Pemilu 2024",), actor_types=("PNS",))],
                         ids=["semua", "filter"])
@pytest.mark.slow
def test_guest_exports_hold_no_name_or_nip(bundled_db: Path, people, filters: Filters, tmp_path: Path) -> None:
    """Every file a guest can download: the filtered data (xlsx, csv), a chart's table with the data (xlsx), the
    supervision brief (pdf, pptx). A guest's export is masked even when unmasking is asked for."""
    from netralitas import brief as briefs
    from netralitas.report_pdf import render_pdf
    from netralitas.report_pptx import render_pptx
    from pages.shared.downloads import _file_builder

    guest = Viewer(role="tamu", user="anonim")
    with contextlib.closing(duckdb.connect(str(bundled_db), read_only=True)) as con:
        chart = export.ChartTable("Tabel grafik: Siklus", queries.counts_by(con, filters, ["cycle", "actor_type"]))
        brief = briefs.build_brief(briefs.runner_for(con), filters, today=dt.date(2026, 1, 5),
                                   generated_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    files = {
        "xlsx": _xlsx_text(_file_builder("xlsx", shown_db(bundled_db), filters, guest, False)().data),
        "xlsx+tabel": _xlsx_text(_file_builder("xlsx", shown_db(bundled_db), filters, guest, False, chart)().data),
        "csv": _file_builder("csv", shown_db(bundled_db), filters, guest, False)().data.decode("utf-8-sig"),
        "csv tabel": export.table_csv(chart).decode("utf-8-sig"),
    }
    if filters.is_default:  # the brief never holds persons; rendering it once is enough
        files["pptx"] = _zip_text(render_pptx(brief))
        pdf = tmp_path / "laporan.pdf"
        pdf.write_bytes(render_pdf(brief))
        files["pdf"] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                      check=True).stdout
        assert "Laporan Supervisi" in files["pdf"]
    for kind, text in files.items():
        assert not leaks(text, people), f"{kind}: {leaks(text, people)[:5]}"
    assert "***" in files["csv"]  # masked names are there, not dropped
    # the same export for staff who turn masking off does hold them
    staff = Viewer(role="staf", user="budi")
    assert leaks(_file_builder("csv", shown_db(bundled_db), filters, staff, False)().data.decode("utf-8-sig"), people)


# ---- local sign-in -------------------------------------------------------------------------------------------


@pytest.fixture()
def users(_own_accounts_and_audit: Path) -> dict[str, str]:
    accounts.add_user("budi", "staf", PASSWORD)
    accounts.add_user("kepala", "pimpinan", PASSWORD)
    return {"budi": "staf", "kepala": "pimpinan"}


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def on_sign_in_page(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Masuk"] and len(at.text_input) == 2


@pytest.mark.slow
def test_sign_in_required_when_accounts_exist(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, users,
                                              people) -> None:
    at = open_app(bundled_db, monkeypatch, params={"siklus": "Pemilu 2024"})
    assert on_sign_in_page(at)
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")  # no figure before sign-in
    assert "Mode terbuka" not in page_text(at)
    assert not leaks(page_text(at), people)

    sign_in(at, "budi", "salah-sandi-1")
    assert on_sign_in_page(at)
    assert [e.value for e in at.error] == ["Nama pengguna atau kata sandi salah."]

    sign_in(at, "Budi", PASSWORD)
    assert not on_sign_in_page(at)
    assert at.session_state[AUTH_KEY] == {"user": "budi", "role": "staf", "method": "lokal"}
    assert registered_pages(at) == expected_pages("staf")
    assert at.sidebar.multiselect(key="siklus").value == ["Pemilu 2024"]  # the link's filters survive sign-in
    at.switch_page(page_path("data.py"))
    at.run()
    assert leaks(page_text(at), people)  # staff see the names
    assert "budi" in page_text(at) and "Keluar" in [b.label for b in at.sidebar.button]

    at.sidebar.button(key="keluar").click()
    at.run()
    assert on_sign_in_page(at)
    assert any("Anda telah keluar" in i.value for i in at.info)
    assert AUTH_KEY not in at.session_state
    rows = audit.read()
    assert list(reversed(rows["action"]))[-3:] == ["masuk_gagal", "masuk", "keluar"]
    assert list(reversed(rows["user"]))[-3:] == ["budi", "budi", "budi"]


def test_lockout_through_the_form(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, users) -> None:
    at = open_app(bundled_db, monkeypatch)
    for _ in range(accounts.MAX_FAILURES):
        sign_in(at, "kepala", "salah-sandi-1")
    assert "terkunci" in at.error[0].value
    sign_in(at, "kepala", PASSWORD)
    assert on_sign_in_page(at) and "terkunci sampai" in at.error[0].value
    failures = audit.read(actions=["masuk_gagal"])
    assert len(failures) == accounts.MAX_FAILURES + 1
    assert audit.details_of(failures.iloc[0]["details"])["alasan"] == "terkunci"


@pytest.mark.slow
def test_disabled_account_and_role_change_apply_at_the_next_click(bundled_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  users, people) -> None:
    at = sign_in(open_app(bundled_db, monkeypatch), "budi", PASSWORD)
    at.switch_page(page_path("data.py"))
    at.run()
    assert leaks(page_text(at), people)
    accounts.set_role("budi", "tamu")
    at.run()
    assert not leaks(page_text(at), people)  # masked at once
    assert "unggah.py" not in registered_pages(at)
    accounts.set_active("budi", False)
    at.run()
    assert on_sign_in_page(at)
    assert any("akun dinonaktifkan" in i.value for i in at.info)
    ended = audit.read(actions=["keluar"]).iloc[0]
    assert ended["user"] == "budi" and audit.details_of(ended["details"])["alasan"] == "akun_nonaktif"
    # a disabled account cannot sign in again
    sign_in(at, "budi", PASSWORD)
    assert on_sign_in_page(at) and "dinonaktifkan" in at.error[0].value


def test_disabling_the_last_account_opens_the_app_as_guest(bundled_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                           _own_accounts_and_audit: Path) -> None:
    accounts.add_user("budi", "staf", PASSWORD)
    accounts.set_active("budi", False)
    at = open_app(bundled_db, monkeypatch)
    assert not on_sign_in_page(at) and at.metric  # no active account: the open demo, as tamu
    assert "Mode terbuka" in page_text(at)


# ---- the audit page and the audit rows of the app -------------------------------------------------------------


def test_audit_page_for_leadership_only(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, users) -> None:
    at = open_app(bundled_db, monkeypatch)
    sign_in(at, "budi", "salah-sandi-1")
    sign_in(at, "kepala", PASSWORD)
    assert "audit.py" in registered_pages(at)
    at.switch_page(page_path("audit.py"))
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Jejak Audit"]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Masuk"] == "1" and shown["Gagal masuk"] == "1"
    table = at.dataframe[0].value
    assert list(table["action"])[:2] == ["Masuk (sign-in)", "Gagal masuk"]
    assert {"pengguna_tambah"} <= set(audit.read()["action"])  # the accounts were made from the command line
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Unduh Excel (.xlsx)", "Unduh CSV"]
    # filter by action
    at.multiselect(key="audit_tindakan").set_value(["masuk_gagal"]).run()
    assert list(at.dataframe[0].value["user"]) == ["budi"]
    # staff do not get the page
    staff = open_app(bundled_db, monkeypatch, "staf")
    with pytest.raises(ValueError):
        staff.switch_page(page_path("audit.py"))


def test_audit_page_refuses_a_guest_even_when_opened_directly(bundled_db: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRALITAS_DB", str(bundled_db))
    at = AppTest.from_file(str(ROOT / "pages" / "audit.py"), default_timeout=60)
    at.run()
    assert [e.value for e in at.error] == ["Halaman ini hanya untuk peran: Pimpinan."]
    assert not at.dataframe


def test_upload_is_recorded(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = tmp_path / "netralitas.duckdb"
    db.write_bytes(bundled_db.read_bytes())
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pilkada 2024"
    ws.append(["No. Reg", "Tanggal Temuan", "Nama", "NIP", "Status Kepegawaian", "Sanksi"])
    ws.append(["901/PL/2024", "2024-10-01", "Budi Unggah Uji", "198503122010011003", "PNS", "teguran tertulis"])
    buffer = io.BytesIO()
    wb.save(buffer)
    at = open_app(db, monkeypatch, "staf", "unggah.py")
    at.file_uploader[0].upload("register_unggah_audit.xlsx", buffer.getvalue())
    at.run()
    at.button(key="muat").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    row = audit.read(actions=["unggah"]).iloc[0]
    assert (row["user"], row["role"]) == ("uji-staf", "staf")
    details = audit.details_of(row["details"])
    assert details["file"] == "register_unggah_audit.xlsx" and details["status"] == "dimuat"
    assert details["baris_dimuat"] == 1 and details["batch"] is not None


@pytest.mark.slow
def test_no_role_backdoor_in_the_environment(bundled_db: Path, monkeypatch: pytest.MonkeyPatch, people) -> None:
    """The role comes from a sign-in only; no environment variable makes a visitor staff."""
    monkeypatch.setenv("NETRALITAS_ROLE", "pimpinan")
    at = open_app(bundled_db, monkeypatch, "tamu", "data.py")
    assert not leaks(page_text(at), people)
    assert registered_pages(at) == expected_pages("tamu")
    assert os.environ["NETRALITAS_ROLE"] == "pimpinan"
