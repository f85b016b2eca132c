"""AppTest of the four analysis pages (Ringkasan, Siklus Pemilihan, Pelaku, Sanksi & Tindak Lanjut): default
view, filtered through the URL query parameters, and empty databases — no exceptions, charts present, and the
numbers on screen equal the query layer's counts under the same filters."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import duckdb
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest
from test_queries import build_analysis_db, build_empty_loaded_db

from loaders.pipeline import load_paths
from netralitas import clock, queries
from netralitas.formatting import format_number
from netralitas.queries import Filters, Viewer
from netralitas.vocab import vocabulary
from tests.fast_loop import first_fast
from tests.markdown import markdown_shows

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
PAGES = ["pages/ringkasan.py", "pages/siklus.py", "pages/pelaku.py", "pages/sanksi.py"]
FILTERED = {"siklus": ["Pemilu 2024"], "pegawai": ["PNS"]}
FILTERED_AS = Filters(cycles=("Pemilu 2024",), actor_types=("PNS",))


@pytest.fixture(scope="module")
def analysis_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analysis_db(tmp_path_factory.mktemp("halaman"))


@pytest.fixture(scope="module")
def empty_loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_empty_loaded_db(tmp_path_factory.mktemp("kosong"))


def run_page(monkeypatch: pytest.MonkeyPatch, db_path: Path, page: str, params: dict | None = None,
             state: dict | None = None) -> AppTest:
    """Open ``page`` of the app on ``db_path`` with URL query parameters ``params``."""
    monkeypatch.setenv("NETRALITAS_DB", str(db_path))
    monkeypatch.delenv("NETRALITAS_ROLE", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    if page != "pages/ringkasan.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def expected(db_path: Path, fn, *args, **kwargs):
    with contextlib.closing(duckdb.connect(str(db_path), read_only=True)) as con:
        return fn(con, *args, **kwargs)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    return [((spec.get("layout") or {}).get("title") or {}).get("text") or "" for spec in chart_specs(at)]


def caption_text(at: AppTest) -> str:
    """Every caption as the page shows it (Markdown escapes removed)."""
    return "\n".join(markdown_shows(c.value) for c in at.caption)


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    return "\n".join(parts)


# ---- Ringkasan ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "filters"), [({}, Filters()), (FILTERED, FILTERED_AS)], ids=["semua", "filter"])
def test_ringkasan_numbers_and_charts(monkeypatch, analysis_db, params, filters) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/ringkasan.py", params)
    head = expected(analysis_db, queries.headline, filters)
    shown = metrics(at)
    assert shown["Terlapor"] == format_number(head["persons"])
    assert shown["Kasus"] == format_number(head["cases"])
    assert shown["Terbukti"] == format_number(head["proven"])
    assert shown["Sanksi dijatuhkan"] == format_number(head["sanctioned"])
    assert shown["Dalam proses"] == format_number(head["in_process"])
    assert shown["Median hari ke sanksi"] == "–"  # the fixture register records no sanction dates
    assert "Filter aktif: " + filters.describe() in caption_text(at)
    titles = chart_titles(at)
    assert titles == ["Terlapor per siklus dan jenis pegawai", "Tingkat sanksi dan hasil penanganan",
                      "Alur penanganan: dari temuan sampai sanksi", "Perbandingan antarsiklus pemilihan"]
    specs = chart_specs(at)
    # the stacked bars add up to the headline; the funnel starts at everyone
    stacked = sum(sum(trace["y"]) for trace in specs[0]["data"])
    assert stacked == head["persons"]
    assert specs[2]["data"][0]["x"][0] == head["persons"]
    # the two upper charts can be clicked, the click hint is shown, every chart has its table behind it
    elements = at.get("plotly_chart")
    assert [bool(el.proto.selection_mode) for el in elements] == [True, True, False, False]
    assert "Klik satu batang" in caption_text(at)
    assert len(at.expander) >= 4
    if filters.actor_types:
        assert {trace["name"] for trace in specs[0]["data"]} == {"PNS"}


def test_ringkasan_median_days_shown_when_sanction_dates_exist(monkeypatch, tmp_path) -> None:
    path = tmp_path / "bertanggal.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pilkada 2024"
    ws.append(["No. Register", "Tanggal Temuan", "Nama Terlapor", "Status Kepegawaian", "Status Penanganan",
               "Sanksi", "Tanggal SK"])
    ws.append(["001/TM/2024", dt.date(2024, 10, 1), "Anton", "PNS", "Sanksi dijatuhkan", "Penundaan KGB 1 tahun",
               dt.date(2025, 1, 10)])
    ws.append(["002/TM/2024", dt.date(2024, 10, 5), "Bambang", "PNS", "Sanksi dijatuhkan", "Teguran tertulis",
               dt.date(2024, 11, 4)])
    wb.save(path)
    db_path = tmp_path / "bertanggal.duckdb"
    assert all(r.ok for r in load_paths([path], db_path))
    at = run_page(monkeypatch, db_path, "pages/ringkasan.py")
    head = expected(db_path, queries.headline, Filters())
    assert head["median_days_to_sanction"] is not None
    assert metrics(at)["Median hari ke sanksi"] == f"{format_number(head['median_days_to_sanction'])} hari"


# ---- Siklus ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "filters"), [({}, Filters()), (FILTERED, FILTERED_AS)], ids=["semua", "filter"])
def test_siklus_first_tab_numbers_timeline_and_milestones(monkeypatch, analysis_db, params, filters) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/siklus.py", params)
    present = expected(analysis_db, queries.counts_by, filters, ["cycle"])
    order = [c for c in ("Pilwakot 2020", "Pemilu 2024", "Pilkada 2024") if c in set(present["cycle"])]
    assert [t.label for t in at.tabs] == order
    first = filters.with_(cycles=(order[0],))
    head = expected(analysis_db, queries.headline, first)
    assert metrics(at)["Terlapor"] == format_number(head["persons"])
    assert metrics(at)["Dalam proses"] == format_number(head["in_process"])
    titles = chart_titles(at)
    assert titles[0] == f"Temuan/laporan per bulan — {order[0]}"
    assert "Jenis pelanggaran (10 terbanyak)" in titles and "Jenis pegawai" in titles
    timeline = chart_specs(at)[0]
    undated = expected(analysis_db, queries.undated_count, first)
    assert sum(timeline["data"][0]["y"]) == head["persons"] - undated
    milestone_labels = {a["text"] for a in timeline["layout"]["annotations"]}
    assert {m.label for m in vocabulary().cycle(order[0]).milestones} <= milestone_labels
    if undated:
        assert f"{format_number(undated)} terlapor tanpa tanggal" in caption_text(at)


def test_siklus_other_tab_is_computed_when_opened(monkeypatch, analysis_db) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/siklus.py", state={"tab_siklus": "Pilkada 2024"})
    head = expected(analysis_db, queries.headline, Filters(cycles=("Pilkada 2024",)))
    assert metrics(at)["Terlapor"] == format_number(head["persons"])
    assert chart_titles(at)[0] == "Temuan/laporan per bulan — Pilkada 2024"
    assert len(at.get("plotly_chart")) == 5  # only the open tab is drawn


# ---- Pelaku ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "filters"), [({}, Filters()), (FILTERED, FILTERED_AS)], ids=["semua", "filter"])
def test_pelaku_actor_figures_and_breakdown(monkeypatch, analysis_db, params, filters) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/pelaku.py", params)
    by_actor = expected(analysis_db, queries.counts_by, filters, ["actor_type"])
    counts = dict(zip(by_actor["actor_type"], by_actor["persons"], strict=True))
    shown = metrics(at)
    assert shown["PNS"] == format_number(int(counts.get("PNS", 0)))
    assert shown["PPPK"] == format_number(int(counts.get("PPPK", 0)))
    assert shown["THL / Non-ASN"] == format_number(int(counts.get("THL", 0)))
    rest = sum(int(v) for k, v in counts.items() if k not in ("PNS", "PPPK", "THL"))
    assert shown["Lainnya / tidak dirinci"] == format_number(rest)
    spec = chart_specs(at)[0]
    assert chart_titles(at) == ["Jenis pegawai menurut tingkat sanksi"]
    assert sum(sum(trace["x"]) for trace in spec["data"]) == sum(counts.values())
    assert "Klik satu batang atau petak" in caption_text(at)


@pytest.mark.parametrize(
    ("tab", "titles"),
    first_fast([
        ("Kelompok jabatan", ["Kelompok jabatan menurut tingkat sanksi"]),
        ("Kecamatan", ["Peta petak 16 kecamatan", "Kecamatan menurut tingkat sanksi"]),
        ("Instansi", ["15 instansi dengan terlapor terbanyak"]),
        ("Jenis pelanggaran", ["10 jenis pelanggaran terbanyak"]),
    ]),
)
def test_pelaku_tabs(monkeypatch, analysis_db, tab, titles) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/pelaku.py", FILTERED, state={"tab_pelaku": tab})
    assert chart_titles(at) == titles
    specs = chart_specs(at)
    if tab == "Kecamatan":
        tiles = [s for s in specs[0]["layout"]["shapes"] if s["type"] == "rect"]
        assert len(tiles) == 16
        districts = expected(analysis_db, queries.counts_by, FILTERED_AS, ["district"])
        in_16 = int(districts.loc[districts["district"] != "Tidak diketahui", "persons"].sum())
        tile_numbers = [a["text"] for a in specs[0]["layout"]["annotations"] if a["text"].startswith("<b>")]
        assert sum(int(t.strip("<b>/").replace(".", "")) for t in tile_numbers) == in_16
    if tab in ("Instansi", "Jenis pelanggaran"):
        dim = "agency" if tab == "Instansi" else "violation_type"
        n = 15 if tab == "Instansi" else 10
        top = expected(analysis_db, queries.counts_top, FILTERED_AS, dim, n, "severity")
        drawn = sum(sum(trace["x"]) for trace in specs[0]["data"])
        assert drawn == int(top.loc[~top["is_other"], "persons"].sum())


# ---- Sanksi --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "filters"), [({}, Filters()), (FILTERED, FILTERED_AS)], ids=["semua", "filter"])
def test_sanksi_breakdowns_and_follow_up(monkeypatch, analysis_db, params, filters) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/sanksi.py", params)
    titles = chart_titles(at)
    assert titles[:2] == ["Menurut jenis pegawai", "Menurut siklus pemilihan"]
    total = expected(analysis_db, queries.total_persons, filters)
    specs = chart_specs(at)
    for spec in specs[:2]:
        drawn = [trace for trace in spec["data"] if (trace.get("meta") or {}).get("color")]  # not the legend entry
        assert sum(sum(trace["x"]) for trace in drawn) == total
        names = list(dict.fromkeys(trace["name"] for trace in drawn))
        order = [n for n in vocabulary().severity_names if n in names]
        assert names == order  # sanctions light → heavy, then the outcomes
    waiting = expected(analysis_db, queries.follow_up, filters, Viewer(), today=clock.today())
    shown = metrics(at)
    assert shown["Menunggu sanksi"] == format_number(len(waiting))
    if len(waiting):
        assert "Lama menunggu" in titles
        assert shown["Terlama menunggu"] == f"{format_number(int(waiting['days_waiting'].max()))} hari"
        table = at.dataframe[-1].value
        assert len(table) == len(waiting)
        assert list(table["No. register"]) == list(waiting["case_id"])  # oldest first
        assert table["Hari menunggu"].iloc[0] == f"{format_number(int(waiting['days_waiting'].iloc[0]))} hari"


# ---- empty databases ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", first_fast(PAGES))
def test_pages_on_a_database_without_terlapor(monkeypatch, empty_loaded_db, page) -> None:
    at = run_page(monkeypatch, empty_loaded_db, page)
    assert "Basis data belum berisi terlapor" in all_text(at)
    assert not at.get("plotly_chart")
    if page == "pages/ringkasan.py":
        assert metrics(at)["Terlapor"] == "0"


@pytest.mark.parametrize("page", first_fast(PAGES))
def test_pages_on_the_empty_db_fixture(monkeypatch, empty_db, page) -> None:
    # An empty file is filled from the bundled workbooks on first start (if data/ has any): either way the page
    # must render without an exception and show numbers equal to the database's.
    at = run_page(monkeypatch, empty_db, page)
    total = expected(empty_db, queries.total_persons, Filters())
    if page == "pages/ringkasan.py":
        assert metrics(at)["Terlapor"] == format_number(total)
    if not total:
        assert not at.get("plotly_chart")


@pytest.mark.parametrize("page", first_fast(PAGES))
def test_filter_that_leaves_nothing_shows_a_friendly_note(monkeypatch, analysis_db, page) -> None:
    at = run_page(monkeypatch, analysis_db, page, {"cari": "tidak ada orang seperti ini"})
    assert "Tidak ada data untuk filter ini" in all_text(at)
    assert not at.get("plotly_chart")
