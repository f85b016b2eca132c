"""Register text on the pages, in AppTest: the record view of Data Kasus, the chart selection on Pelaku and every
page's Markdown show the hostile registers (tests/hostile.py: a case register and a prevention register) as
written — no raw markup in any Markdown element, no element that allows HTML, and the text readable as it stands in
the file. The pages that show prevention activities (Pencegahan, Siklus, Ringkasan, Laporan Supervisi, Kualitas
Data) show their cells, sheet and file name as written, and every text of their Plotly figures carries register
text only as :func:`netralitas.literal.plotly_literal` made it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from loaders.pipeline import load_paths
from netralitas import queries
from netralitas.charts import short_label
from netralitas.formatting import format_number
from netralitas.literal import plotly_literal, visible_text
from netralitas.queries import Viewer
from tests.fast_loop import first_fast
from tests.hostile import (
    MARKER,
    PAYLOADS,
    PORTABLE_FILE_NAME,
    PORTABLE_PREVENTION_FILE_NAME,
    PREVENTION_SHEET_NAME,
    SHEET_NAME,
    write_hostile_prevention_register,
    write_hostile_register,
)
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
    cases, activities = load_paths([write_hostile_register(folder, PORTABLE_FILE_NAME),
                                    write_hostile_prevention_register(folder, PORTABLE_PREVENTION_FILE_NAME)],
                                   folder / "netralitas.duckdb")
    assert cases.ok and cases.rows_loaded == 2 * len(PAYLOADS), cases
    assert activities.ok and activities.rows_loaded == 2 * len(PAYLOADS) and activities.rows_rejected == 1, activities
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
                 "pages/kualitas.py", "pages/unggah.py", "pages/pencegahan.py"):
        at = open_page(hostile_db, monkeypatch, page, "staf")
        assert_no_live_markup(at, list(PAYLOADS.values()) + [PORTABLE_FILE_NAME, SHEET_NAME,
                                                              PORTABLE_PREVENTION_FILE_NAME, PREVENTION_SHEET_NAME])
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


# ---- prevention registers ---------------------------------------------------------------------------------------

PREVENTION_VALUES = [*PAYLOADS.values(), PORTABLE_PREVENTION_FILE_NAME, PREVENTION_SHEET_NAME, PORTABLE_FILE_NAME,
                     SHEET_NAME]
# Keys of a figure whose values the chart never draws as text (kept for a click on a point, or a trace's identity).
NOT_DRAWN = {"customdata", "meta", "uid", "ids"}
# Plotly's pseudo-HTML tags, and the app's own: <br>, <b>, <i> around or between literal texts.
PLOTLY_TAG = re.compile(r"<[^<>]*>")
APP_TAGS = {"<br>", "<b>", "</b>", "<i>", "</i>"}


def figure_texts(spec: object, key: str = "") -> Iterator[str]:
    """Every string of a Plotly figure's JSON that the chart may draw (titles, labels, tick and hover texts, trace
    names, annotations), without the values kept for clicks."""
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k not in NOT_DRAWN:
                yield from figure_texts(v, k)
    elif isinstance(spec, list):
        for v in spec:
            yield from figure_texts(v, key)
    elif isinstance(spec, str):
        yield spec


def assert_figures_carry_text_literally(at: AppTest, values: list[str]) -> int:
    """No text of the page's Plotly figures holds a register value as markup: no tag but the app's own, no tag or
    formula holding a marker, no raw register value with Plotly's special characters in it; a marker in a text
    stands in a value as :func:`plotly_literal` made it (whole or cut to a tick label). Returns the number of
    figures."""
    literal = sorted({f(v) for v in values for f in (plotly_literal, lambda v: plotly_literal(short_label(v)))},
                     key=len, reverse=True)
    special = [v for v in values if plotly_literal(v) != v]
    charts = at.get("plotly_chart")
    for chart in charts:
        for text in figure_texts(json.loads(chart.proto.spec)):
            tags = [t for t in PLOTLY_TAG.findall(text) if t.lower() not in APP_TAGS]
            assert not tags, (tags, text)
            assert not [v for v in special if v in text], text
            rest = text
            for shown in literal:
                rest = rest.replace(shown, "")
            rest = re.sub(r"\w*…", "", rest)  # a tick label cut short
            assert MARKER not in rest.lower(), (rest, text)
    return len(charts)


def dataframe_with(at: AppTest, column: str):
    """The (first) table of the page that has ``column``."""
    tables = [t.value for t in at.dataframe if column in t.value.columns]
    assert tables, (column, [list(t.value.columns) for t in at.dataframe])
    return tables[0]


def activities_in(db_path: Path) -> list[dict]:
    with contextlib.closing(duckdb.connect(str(db_path), read_only=True)) as con:
        rel = con.execute("SELECT * FROM prevention_activities ORDER BY source_row")
        names = [d[0] for d in rel.description]
        return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]


PREVENTION_PAGES = ["pages/pencegahan.py", "pages/siklus.py", "pages/ringkasan.py", "pages/supervisi.py",
                    "pages/kualitas.py"]


@pytest.mark.parametrize(("page", "role"), first_fast([("pages/pencegahan.py", "tamu"), *(
    (page, "staf") for page in PREVENTION_PAGES)]))
def test_prevention_register_text_shown_as_written(hostile_db: Path, monkeypatch: pytest.MonkeyPatch, page: str,
                                                   role: str) -> None:
    at = open_page(hostile_db, monkeypatch, page, role)
    activities = activities_in(hostile_db)
    assert len(activities) == 2 * len(PAYLOADS)
    assert_no_live_markup(at, PREVENTION_VALUES)
    figures = assert_figures_carry_text_literally(at, PREVENTION_VALUES)
    if page == "pages/pencegahan.py":
        assert figures >= 3
        listed = dataframe_with(at, "title")
        for column in ("title", "organiser", "audience", "place"):
            assert set(PAYLOADS.values()) <= set(listed[column]), column
        assert any(f"{PORTABLE_PREVENTION_FILE_NAME}, sheet {PREVENTION_SHEET_NAME}" in s for s in listed["source"])
    elif page == "pages/siklus.py":
        markers = [t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]
                   if t.get("yaxis") == "y2"]
        assert markers, "the timeline shows no prevention activity"
    elif page == "pages/ringkasan.py":
        assert [m.value for m in at.metric if m.label == "Kegiatan pencegahan"] == [format_number(len(activities))]
    elif page == "pages/supervisi.py":
        dataframe_with(at, "Sasaran")
        shown = [t.value for t in at.dataframe if "Sasaran" in t.value.columns]  # one list per cycle
        for column in ("Sasaran", "Tempat"):
            values = {v for table in shown for v in table[column]}
            assert set(PAYLOADS.values()) <= values, column
    elif page == "pages/kualitas.py":
        at.selectbox(key="jenis_catatan").set_value("jenis_kegiatan").run()
        assert not at.exception, [e.value for e in at.exception]
        assert_no_live_markup(at, PREVENTION_VALUES)
        notes = dataframe_with(at, "message")
        for payload in PAYLOADS.values():
            assert any(f"'{payload.strip()}'" in m for m in notes["message"]), payload
        assert set(notes["source_sheet"]) == {PREVENTION_SHEET_NAME}
        assert set(notes["source_file"]) == {PORTABLE_PREVENTION_FILE_NAME}
        rejected = dataframe_with(at, "reason")
        assert any(PAYLOADS["iframe"][:40] in r for r in rejected["reason"])
