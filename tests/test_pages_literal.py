"""Register text on the pages, in AppTest: the record view of Data Kasus, the chart selection on Pelaku and every
page's Markdown show the hostile register (tests/hostile.py) as written — no raw markup in any Markdown element,
no element that allows HTML, and the text readable as it stands in the file.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from loaders.pipeline import load_paths
from netralitas import queries
from netralitas.literal import visible_text
from netralitas.queries import Viewer
from tests.fast_loop import first_fast
from tests.hostile import MARKER, PAYLOADS, PORTABLE_FILE_NAME, SHEET_NAME, write_hostile_register
from tests.markdown import markdown_shows
from tests.roles import as_role

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TEXT_FIELDS = ["case_id", "source_kind", "person_name", "nip", "position", "agency", "violation_type", "sanction",
               "source_ref", "remarks", "cycle_raw", "actor_type_raw", "district_raw", "reported_on_raw", "nip_raw",
               "status_raw", "source_file", "source_sheet"]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile_pages")
    (result,) = load_paths([write_hostile_register(folder, PORTABLE_FILE_NAME)], folder / "netralitas.duckdb")
    assert result.ok and result.rows_loaded == 2 * len(PAYLOADS), result
    return folder / "netralitas.duckdb"


def open_page(db_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, role: str) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db_path))
    at = as_role(AppTest.from_file(APP, default_timeout=60), role)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_sources(at: AppTest) -> list[str]:
    """Every text of the page that Streamlit renders as Markdown."""
    out = [m.value for m in at.markdown] + [c.value for c in at.caption]
    out += [h.value for h in at.title] + [h.value for h in at.header] + [h.value for h in at.subheader]
    for alerts in (at.info, at.warning, at.error, at.success):
        out += [a.value for a in alerts]
    out += [e.label for e in at.expander] + [m.label for m in at.metric] + [t.label for t in at.tabs]
    return out


def raw_left_in(source: str, text: str) -> bool:
    """True when ``text`` stands in Markdown ``source`` unescaped (not right after the backslash of an escape)."""
    return re.search(r"(?<!\\)" + re.escape(text), source) is not None


def assert_no_live_markup(at: AppTest, values: list[str]) -> str:
    """No Markdown element allows HTML; none of ``values`` (file text with markup) stands raw in any Markdown
    source; returns what the page shows."""
    assert not [m.value for m in at.markdown if m.proto.allow_html]
    sources = markdown_sources(at)
    for value in values:
        if value != visible_text(value) or re.search(r"[!-/:-@\[-`{-~]", value):
            left = [s for s in sources if raw_left_in(s, value)]
            assert not left, (value, left)
    return "\n".join(markdown_shows(s) for s in sources)


def record_of(db_path: Path, row: dict, role: str) -> dict:
    with contextlib.closing(duckdb.connect(str(db_path), read_only=True)) as con:
        return queries.case_detail(con, row["source_file"], row["source_sheet"], int(row["source_row"]),
                                   Viewer(role=role))


@pytest.mark.parametrize("role", first_fast(["tamu", "staf"]))
def test_record_view_shows_register_text_as_written(hostile_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                    role: str) -> None:
    at = open_page(hostile_db, monkeypatch, "pages/data.py", role)
    table = at.dataframe[0]
    rows = table.value
    hostile = [i for i, case_id in enumerate(rows["case_id"]) if MARKER in str(case_id).lower()]
    assert len(hostile) == len(PAYLOADS)
    for index in (hostile[0], hostile[len(hostile) // 2], hostile[-1]):
        at.session_state[table.key] = {"selection": {"rows": [index], "columns": [], "cells": []}}
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        record = record_of(hostile_db, rows.iloc[index].to_dict(), role)
        values = [record[f] for f in TEXT_FIELDS if isinstance(record.get(f), str) and MARKER in record[f].lower()]
        values += [note["message"] for note in record["notes"]]
        assert len(values) >= 10
        shown = assert_no_live_markup(at, values)
        for value in values:
            assert visible_text(value.strip()) in shown, value
        assert PORTABLE_FILE_NAME in shown and SHEET_NAME in shown
        if role == "tamu":
            assert not record["nip_raw"]


@pytest.mark.slow
def test_chart_selection_and_pages_show_register_text_as_written(hostile_db: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    agency = PAYLOADS["md_image"]
    for page in ("pages/ringkasan.py", "pages/siklus.py", "pages/pelaku.py", "pages/sanksi.py", "pages/supervisi.py",
                 "pages/kualitas.py", "pages/unggah.py"):
        at = open_page(hostile_db, monkeypatch, page, "staf")
        assert_no_live_markup(at, list(PAYLOADS.values()) + [PORTABLE_FILE_NAME, SHEET_NAME])
    # a click on the agency chart: the selection is described in Markdown
    at = open_page(hostile_db, monkeypatch, "pages/pelaku.py", "tamu")
    at.session_state["_chart_active_pelaku"] = "instansi"
    at.session_state["_chart_dims_pelaku"] = {"instansi": ["agency", "severity"]}
    point = {"customdata": [agency, "Tidak diketahui"]}
    at.session_state["chart_pelaku_instansi_0"] = {"selection": {"points": [point]}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = assert_no_live_markup(at, list(PAYLOADS.values()))
    assert f"pilihan: Instansi: {agency}" in shown
