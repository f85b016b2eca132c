"""Charts built once and reused (``pages.shared.figures.figure``): a page shows exactly the figure its chart builder
makes from the query results, the same one again when a filter comes back, and a new one when the results change.

Also the Sanksi page's follow-up figures, now computed in the database, equal those of the whole list."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.io as pio
import pytest
from streamlit.testing.v1 import AppTest
from test_pages_analysis import chart_specs, expected, metrics, run_page
from test_queries import build_analysis_db

from netralitas import charts, clock, queries
from netralitas.formatting import format_number
from netralitas.queries import Filters, Viewer
from tests.fast_loop import first_fast
from tests.markdown import markdown_shows

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs

RINGKASAN_TITLES = {
    "Terlapor per siklus dan jenis pegawai": lambda db, f: charts.bar_by(
        expected(db, queries.counts_by, f, ["cycle", "actor_type"]), "cycle", "actor_type",
        title="Terlapor per siklus dan jenis pegawai", height=420),
    "Tingkat sanksi dan hasil penanganan": lambda db, f: charts.severity_distribution(
        expected(db, queries.counts_by, f, ["severity"]), expected(db, queries.sanctions_by_severity, f),
        title="Tingkat sanksi dan hasil penanganan"),
    "Alur penanganan: dari temuan sampai sanksi": lambda db, f: charts.funnel_chart(
        expected(db, queries.funnel, f), title="Alur penanganan: dari temuan sampai sanksi"),
    "Perbandingan antarsiklus pemilihan": lambda db, f: charts.cycles_side_by_side(
        expected(db, queries.headline_by_cycle, f), title="Perbandingan antarsiklus pemilihan"),
}


@pytest.fixture(scope="module")
def analysis_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analysis_db(tmp_path_factory.mktemp("grafik"))


def _by_title(at: AppTest) -> dict[str, dict]:
    return {((s.get("layout") or {}).get("title") or {}).get("text"): s for s in chart_specs(at)}


def _spec(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


def _rerun_with_cycles(at: AppTest, cycles: list[str]) -> dict[str, dict]:
    at.multiselect(key="siklus").set_value(cycles)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return _by_title(at)


def test_ringkasan_shows_the_builders_figures_and_reuses_them(monkeypatch, analysis_db) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/ringkasan.py")
    at.run()  # AppTest gives widgets new ids on the second run; settle them before setting a value
    first = _by_title(at)
    assert set(first) == set(RINGKASAN_TITLES)
    for title, build in RINGKASAN_TITLES.items():
        assert first[title] == _spec(build(analysis_db, Filters())), title

    filtered = _rerun_with_cycles(at, ["Pemilu 2024"])
    pemilu = Filters(cycles=("Pemilu 2024",))
    for title, build in RINGKASAN_TITLES.items():
        assert filtered[title] == _spec(build(analysis_db, pemilu)), title
    assert filtered["Terlapor per siklus dan jenis pegawai"] != first["Terlapor per siklus dan jenis pegawai"]

    again = _rerun_with_cycles(at, [])  # back to no filter: the cached figures, unchanged by being shown
    assert again == first


def test_figure_cache_gives_one_shared_figure_per_input(monkeypatch, analysis_db) -> None:
    monkeypatch.setenv("NETRALITAS_DB", str(analysis_db))
    from pages.shared import database, figures

    df = expected(analysis_db, queries.counts_by, Filters(), ["severity"])
    split = expected(analysis_db, queries.sanctions_by_severity, Filters())
    one = figures.figure(charts.severity_distribution, df, split, title="A")
    assert figures.figure(charts.severity_distribution, df.copy(), split.copy(), title="A") is one  # same content
    assert figures.figure(charts.severity_distribution, df, split, title="B") is not one
    other = df.assign(persons=df["persons"] + 1)
    changed = figures.figure(charts.severity_distribution, other, split, title="A")
    assert changed is not one and _spec(changed) == _spec(charts.severity_distribution(other, split, title="A"))
    database.clear_caches()  # after a load: built again
    assert figures.figure(charts.severity_distribution, df, split, title="A") is not one


@pytest.mark.parametrize("params", first_fast([pytest.param({}, id="semua"),
                                                pytest.param({"siklus": ["Pemilu 2024"]}, id="pemilu"),
                                                pytest.param({"cari": "tidak ada orang seperti ini"}, id="kosong")]))
def test_sanksi_follow_up_figures_equal_the_whole_list(monkeypatch, analysis_db, params) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/sanksi.py", params)
    filters = Filters(cycles=tuple(params.get("siklus", ())), search=params.get("cari", ""), search_names=False)
    waiting = expected(analysis_db, queries.follow_up, filters, Viewer(), today=clock.today())
    if "cari" in params:
        assert waiting.empty
        return
    shown = metrics(at)
    days = waiting["days_waiting"].dropna()
    assert shown["Menunggu sanksi"] == format_number(len(waiting))
    assert shown["Terlama menunggu"] == (f"{format_number(int(days.max()))} hari" if len(days) else "–")
    assert shown["Median lama menunggu"] == (f"{format_number(float(days.median()))} hari" if len(days) else "–")
    by_status = waiting["status"].fillna("Tidak diketahui").value_counts()
    listing = "  \n".join(f"- {status}: **{format_number(int(n))}**" for status, n in by_status.items())
    assert listing in [markdown_shows(m.value) for m in at.markdown]
    age = next(s for s in chart_specs(at) if (s["layout"].get("title") or {}).get("text") == "Lama menunggu")
    assert age == _spec(charts.follow_up_age_chart(queries.follow_up_buckets(waiting), title="Lama menunggu"))


def test_figure_key_pins_down_content_and_type() -> None:
    import pandas as pd

    from pages.shared.figures import figure_key

    df = pd.DataFrame({"agency": [f"Instansi {i}" for i in range(3_000)], "persons": range(3_000)})
    key = figure_key("bar_by", (df, "agency"), {"title": "A"})
    assert figure_key("bar_by", (df.copy(), "agency"), {"title": "A"}) == key  # same content, same figure
    changed = df.copy()
    changed.loc[1_500, "persons"] = -1  # a row in the middle: a summarised repr would not see it
    others = [
        figure_key("bar_by", (changed, "agency"), {"title": "A"}),
        figure_key("bar_by", (df.astype({"persons": "float64"}), "agency"), {"title": "A"}),  # same numbers, new type
        figure_key("bar_by", (df, "agency"), {"title": "B"}),
        figure_key("bar_by", (df, "agency"), {"title": "A", "height": 420}),
        figure_key("ranked_bars", (df, "agency"), {"title": "A"}),
        figure_key("bar_by", (df.rename(columns={"persons": "cases"}), "agency"), {"title": "A"}),
        figure_key("bar_by", (df, "agency", "1"), {"title": "A"}),
        figure_key("bar_by", (df, "agency", 1), {"title": "A"}),
    ]
    assert len({key, *others}) == len(others) + 1


def test_ringkasan_on_a_filter_without_persons_stops_after_the_figures(monkeypatch, analysis_db) -> None:
    at = run_page(monkeypatch, analysis_db, "pages/ringkasan.py", {"cari": "tidak ada orang seperti ini"})
    assert not at.exception
    assert metrics(at)["Terlapor"] == "0"
    assert not chart_specs(at)
    assert any("Tidak ada data untuk filter ini" in i.value for i in at.info)


def test_table_behind_leaves_its_input_alone() -> None:
    import pandas as pd

    df = pd.DataFrame({"cycle": ["Pemilu 2024"], "persons": [3], "is_other": [False]})
    shown = charts.table_behind(df)
    assert list(shown.columns) == ["Siklus pemilihan", "Jumlah terlapor"]
    assert list(df.columns) == ["cycle", "persons", "is_other"]
    plain = pd.DataFrame({"cycle": ["Pemilu 2024"], "persons": [3]})
    assert list(charts.table_behind(plain).columns) == ["Siklus pemilihan", "Jumlah terlapor"]
    assert list(plain.columns) == ["cycle", "persons"]
