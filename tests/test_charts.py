"""Chart builders, tested without Streamlit: small DataFrames in, Plotly figures out."""

from __future__ import annotations

import datetime as dt
import json
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from netralitas import charts
from netralitas.vocab import Milestone, vocabulary

VOC = vocabulary()


def texts_of(fig: go.Figure) -> str:
    """Every text a reader can see or hover in a figure, as one string."""
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False)


def hovers(fig: go.Figure) -> list[str]:
    out: list[str] = []
    for trace in fig.data:
        if trace.hovertext is not None:
            out.extend(trace.hovertext if isinstance(trace.hovertext, list | tuple) else [trace.hovertext])
    return out


def cycle_actor_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "cycle": ["Pemilu 2024", "Pemilu 2024", "Pilwakot 2020", "Pilkada 2024"],
            "actor_type": ["PNS", "PPPK", "PNS", "THL"],
            "persons": [1200, 3, 5, 2],
            "cases": [1000, 3, 5, 2],
        }
    )


def severity_frame(**counts: int) -> pd.DataFrame:
    return pd.DataFrame({"severity": list(counts), "persons": list(counts.values())})


def sanctions_of(counts: pd.DataFrame, recommended: dict[str, int] | None = None,
                 by: str | None = None) -> pd.DataFrame:
    """A ``queries.sanctions_by_severity`` frame for ``counts`` (columns ``severity``, ``persons`` and ``by``): of
    each sanction's persons, ``recommended[severity]`` (per category the same) are only recommended."""
    recommended = recommended or {}
    rows = []
    groups = sorted(set(counts[by])) if by else [None]
    for g in groups:
        part = counts if by is None else counts[counts[by] == g]
        per = part.groupby("severity")["persons"].sum()
        for s in VOC.severities:
            if s.rank is not None:
                n = int(per.get(s.name, 0))
                rec = min(n, recommended.get(s.name, 0))
                rows.append(([g] if by else []) + [s.name, s.rank, n - rec, rec])
    columns = ([by] if by else []) + ["severity", "severity_rank", "imposed", "recommended_only"]
    out = pd.DataFrame(rows, columns=columns)
    out["severity_rank"] = out["severity_rank"].astype("Int64")
    return out


# ---- empty input ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.bar_by(pd.DataFrame(columns=["cycle", "persons"]), "cycle"),
        lambda: charts.severity_distribution(pd.DataFrame(columns=["severity", "persons"]),
                                             sanctions_of(severity_frame())),
        lambda: charts.severity_breakdown(pd.DataFrame(columns=["actor_type", "severity", "persons"]), "actor_type",
                                          pd.DataFrame(columns=["actor_type", "severity", "severity_rank", "imposed",
                                                                "recommended_only"])),
        lambda: charts.cycles_side_by_side(pd.DataFrame(columns=["cycle", "persons", "proven", "sanctioned",
                                                                  "in_process", "not_proven"])),
        lambda: charts.funnel_chart(pd.DataFrame({"stage": ["Temuan/laporan", "Diregister"], "persons": [0, 0]})),
        lambda: charts.timeline_chart(pd.DataFrame(columns=["month", "persons"])),
        lambda: charts.ranked_bars(pd.DataFrame(columns=["violation_type", "persons", "is_other"]), "violation_type"),
        lambda: charts.follow_up_age_chart(pd.DataFrame({"age_bucket": ["≤ 30 hari"], "persons": [0]})),
    ],
)
def test_empty_input_gives_a_friendly_empty_figure(build) -> None:
    fig = build()
    assert charts.is_empty_figure(fig)
    assert not fig.data
    assert "Tidak ada" in fig.layout.annotations[0].text
    assert charts.chart_dims(fig) == []


def test_tile_map_with_no_rows_still_draws_sixteen_zero_tiles() -> None:
    fig = charts.district_tile_map(pd.DataFrame(columns=["district", "persons"]))
    assert len(fig.layout.shapes) == 16
    assert {s.fillcolor for s in fig.layout.shapes} == {charts.ZERO_TILE}


# ---- bar_by ------------------------------------------------------------------------------------------------


def test_stacked_bars_use_actor_colours_vocabulary_order_and_indonesian_labels() -> None:
    fig = charts.bar_by(cycle_actor_frame(), "cycle", "actor_type", title="Terlapor per siklus")
    assert [t.name for t in fig.data] == ["PNS", "PPPK", "THL"]
    colors = VOC.actor_colors()
    assert [t.marker.color for t in fig.data] == [colors["PNS"], colors["PPPK"], colors["THL"]]
    assert list(fig.layout.xaxis.categoryarray) == ["Pilwakot 2020", "Pemilu 2024", "Pilkada 2024"]
    assert fig.layout.yaxis.title.text == "Jumlah terlapor"
    assert fig.layout.barmode == "stack"
    pns = fig.data[0]
    assert list(pns.y) == [5, 1200, 0]
    assert "Siklus pemilihan: Pemilu 2024<br>Jenis pegawai: PNS<br>Jumlah terlapor: 1.200" in hovers(fig)
    # totals above the stacks, with the Indonesian thousands separator
    assert any("1.203" in a.text for a in fig.layout.annotations)
    # clickable: [category, group] on every bar
    assert charts.chart_dims(fig) == ["cycle", "actor_type"]
    assert list(pns.customdata[1]) == ["Pemilu 2024", "PNS"]


def test_single_series_bars_use_the_colour_of_each_value() -> None:
    df = pd.DataFrame({"actor_type": ["THL", "PNS"], "persons": [2, 7]})
    fig = charts.bar_by(df, "actor_type")
    assert len(fig.data) == 1
    assert list(fig.data[0].x) == ["PNS", "THL"]
    assert list(fig.data[0].marker.color) == [VOC.actor_colors()["PNS"], VOC.actor_colors()["THL"]]
    assert charts.chart_dims(fig) == ["actor_type", None]


# ---- severity ------------------------------------------------------------------------------------------------


def test_severity_distribution_keeps_sanctions_light_to_heavy_and_outcomes_apart() -> None:
    counts = severity_frame(Berat=2, **{"Sanksi moral": 5, "Dalam proses": 9})
    fig = charts.severity_distribution(counts, sanctions_of(counts))
    assert len(fig.data) == 3
    imposed, recommended, outcomes = fig.data
    assert list(imposed.y) == list(recommended.y) == VOC.sanction_names
    assert list(outcomes.y) == VOC.outcome_names
    assert list(imposed.x) == [5, 0, 0, 2, 0] and list(recommended.x) == [0] * 5
    colors = VOC.severity_colors()
    assert list(imposed.marker.color) == [colors[n] for n in VOC.sanction_names]
    # the two groups sit on different panels (never one averaged axis)
    assert imposed.yaxis != outcomes.yaxis
    titles = [a.text for a in fig.layout.annotations]
    assert "Sanksi (ringan → berat)" in titles and "Hasil lain (bukan tingkat sanksi)" in titles
    assert "Hasil penanganan: Dalam proses<br>Jumlah terlapor: 9 (56%)" in hovers(fig)
    assert charts.chart_dims(fig) == ["severity", "sanction_state"]


def test_severity_distribution_splits_imposed_from_only_recommended() -> None:
    counts = severity_frame(Sedang=27, Berat=3, **{"Dalam proses": 9})
    fig = charts.severity_distribution(counts, sanctions_of(counts, {"Sedang": 6}))
    imposed, recommended, _ = fig.data
    assert imposed.name == "Dijatuhkan" and recommended.name == "Baru direkomendasikan"
    sedang = VOC.sanction_names.index("Sedang")
    assert imposed.x[sedang] == 21 and recommended.x[sedang] == 6
    assert fig.layout.barmode == "stack"
    assert recommended.marker.pattern.shape == "/"  # hatched, in the same colour as the imposed part
    assert list(recommended.marker.color) == list(imposed.marker.color)
    assert recommended.text[sedang] == "21 + 6"
    assert list(imposed.customdata[sedang]) == ["Sedang", "Dijatuhkan"]
    assert list(recommended.customdata[sedang]) == ["Sedang", "Baru direkomendasikan"]
    assert "Tingkat sanksi: Sedang<br>Baru direkomendasikan, belum dijatuhkan: 6 terlapor" in hovers(fig)
    table = charts.severity_split_table(counts, sanctions_of(counts, {"Sedang": 6}))
    row = table[table["Tingkat sanksi / hasil"] == "Sedang"].iloc[0]
    assert (row["Sanksi dijatuhkan"], row["Baru direkomendasikan"], row["Jumlah terlapor"]) == (21, 6, 27)


def test_imposed_sanctions_without_a_level_are_noted() -> None:
    counts = severity_frame(Ringan=2, **{"Terbukti, sanksi belum tercatat": 4})
    sanctions = pd.concat([sanctions_of(counts), pd.DataFrame({
        "severity": ["Terbukti, sanksi belum tercatat"], "severity_rank": pd.array([None], "Int64"), "imposed": [3],
        "recommended_only": [0]})], ignore_index=True)
    fig = charts.severity_distribution(counts, sanctions)
    assert any("3 sanksi dijatuhkan tanpa tingkat tercatat" in (a.text or "") for a in fig.layout.annotations)
    table = charts.severity_split_table(counts, sanctions)
    row = table[table["Tingkat sanksi / hasil"] == "Terbukti, sanksi belum tercatat"].iloc[0]
    assert (row["Sanksi dijatuhkan"], row["Jumlah terlapor"]) == (3, 4)


def test_severity_scale_is_light_to_dark() -> None:
    def lightness(hex_color: str) -> float:
        r, g, b = (int(hex_color[i: i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    colors = VOC.severity_colors()
    values = [lightness(colors[n]) for n in VOC.sanction_names]
    assert values == sorted(values, reverse=True)


def test_severity_breakdown_two_panels_in_order_with_totals_in_the_labels() -> None:
    df = pd.DataFrame(
        {
            "actor_type": ["PPPK", "PNS", "PNS", "PNS", "THL"],
            "severity": ["Pemberhentian", "Sanksi moral", "Berat", "Tidak terbukti", "Dalam proses"],
            "persons": [1, 4, 2, 3, 1],
        }
    )
    fig = charts.severity_breakdown(df, "actor_type", sanctions_of(df, {"Berat": 1}, by="actor_type"),
                                    title="Jenis pegawai")
    names = [t.name for t in fig.data]
    assert names == ["Sanksi moral", "Berat", "Berat", "Pemberhentian", "Arsir: baru direkomendasikan",
                     "Dalam proses", "Tidak terbukti"]
    imposed = {t.name: t for t in fig.data if t.marker.pattern.shape is None}
    hatched = {t.name: t for t in fig.data if t.marker.pattern.shape == "/"}
    assert imposed["Sanksi moral"].xaxis == "x" and imposed["Dalam proses"].xaxis == "x2"
    assert list(imposed["Sanksi moral"].y) == ["PNS", "PPPK", "THL"]
    assert list(imposed["Berat"].x) == [1, 0, 0] and list(hatched["Berat"].x) == [1, 0, 0]
    assert imposed["Berat"].marker.color == hatched["Berat"].marker.color == VOC.severity_colors()["Berat"]
    assert fig.layout.barmode == "stack"
    assert list(fig.layout.yaxis.ticktext)[0] == "PNS  <b>9</b>"
    assert "Jenis pegawai: PNS<br>Tingkat sanksi: Berat<br>Sanksi dijatuhkan: 1 dari 9 terlapor" in hovers(fig)
    assert charts.chart_dims(fig) == ["actor_type", "severity", "sanction_state"]
    assert list(imposed["Berat"].customdata[0]) == ["PNS", "Berat", "Dijatuhkan"]
    assert list(hatched["Berat"].customdata[0]) == ["PNS", "Berat", "Baru direkomendasikan"]
    assert list(imposed["Dalam proses"].customdata[2]) == ["THL", "Dalam proses", "Tidak berlaku"]


def test_severity_breakdown_sorted_by_total_and_blocked_values() -> None:
    df = pd.DataFrame(
        {
            "district": ["Tugu", "Genuk", "Tidak diketahui", "Genuk"],
            "severity": ["Ringan", "Ringan", "Ringan", "Berat"],
            "persons": [1, 2, 9, 2],
        }
    )
    fig = charts.severity_breakdown(df, "district", sanctions_of(df, by="district"), sort_by_total=True,
                                    not_clickable=["Tugu"])
    assert list(fig.layout.yaxis.categoryarray) == ["Genuk", "Tugu", "Tidak diketahui"]
    ringan = next(t for t in fig.data if t.name == "Ringan")
    assert [c[0] for c in ringan.customdata] == ["Genuk", None, "Tidak diketahui"]


@pytest.mark.slow
def test_severity_breakdown_caps_marks() -> None:
    n = charts.MAX_MARKS // (2 * len(VOC.sanction_names) + len(VOC.outcome_names)) + 50
    df = pd.DataFrame({"agency": [f"Instansi {i:05d}" for i in range(n)], "severity": "Ringan", "persons": 1})
    fig = charts.severity_breakdown(df, "agency", sanctions_of(df, by="agency"))
    assert charts.mark_count(fig) <= charts.MAX_MARKS
    assert fig.layout.meta["truncated"] == 50
    assert any("50 kategori lain tidak ditampilkan" in a.text for a in fig.layout.annotations)


def test_severity_table_columns_in_severity_order() -> None:
    df = pd.DataFrame({"cycle": ["Pemilu 2024", "Pilwakot 2020"], "severity": ["Berat", "Ringan"], "persons": [2, 1]})
    table = charts.severity_table(df, "cycle", sanctions_of(df, {"Berat": 1}, by="cycle"))
    split = [f"{s} — {state}" for s in VOC.sanction_names for state in ("dijatuhkan", "baru direkomendasikan")]
    assert list(table.columns) == ["Siklus pemilihan", *split, *VOC.outcome_names, "Jumlah"]
    assert list(table["Siklus pemilihan"]) == ["Pilwakot 2020", "Pemilu 2024"]
    assert list(table["Berat — dijatuhkan"]) == [0, 1] and list(table["Berat — baru direkomendasikan"]) == [0, 1]
    assert list(table["Jumlah"]) == [1, 2]
    # a top-N table gathers the sanctions of the values not listed into its "Lainnya" row
    top = pd.DataFrame({"cycle": ["Pemilu 2024", "Lainnya (1 nilai lain)"], "severity": ["Berat", "Ringan"],
                        "persons": [2, 1]})
    gathered = charts.severity_table(top, "cycle", sanctions_of(df, by="cycle"), order=list(top["cycle"]),
                                     other="Lainnya (1 nilai lain)")
    assert list(gathered["Ringan — dijatuhkan"]) == [0, 1]


# ---- cycles, funnel, timeline ------------------------------------------------------------------------------------


def test_cycles_side_by_side_one_colour_per_cycle() -> None:
    df = pd.DataFrame(
        {
            "cycle": ["Pilkada 2024", "Pilwakot 2020"],
            "persons": [10, 4], "cases": [8, 4], "proven": [5, 2], "sanctioned": [3, 1], "in_process": [4, 1],
            "not_proven": [1, 1],
        }
    )
    fig = charts.cycles_side_by_side(df)
    assert [t.name for t in fig.data] == ["Pilwakot 2020", "Pilkada 2024"]
    colors = VOC.cycle_colors()
    assert [t.marker.color for t in fig.data] == [colors["Pilwakot 2020"], colors["Pilkada 2024"]]
    assert fig.layout.barmode == "group"
    assert list(fig.data[1].y) == [10, 5, 3, 4, 1]
    assert "Siklus: Pilkada 2024<br>Sanksi dijatuhkan: 3 (30% dari terlapor)" in hovers(fig)
    assert charts.chart_dims(fig) == [None, "cycle"]


def test_funnel_shows_share_of_first_stage() -> None:
    df = pd.DataFrame({"stage": ["Temuan/laporan", "Diregister", "Sanksi dijatuhkan"], "persons": [2000, 1500, 500]})
    fig = charts.funnel_chart(df)
    assert isinstance(fig.data[0], go.Funnel)
    assert list(fig.data[0].text) == ["2.000 (100%)", "1.500 (75%)", "500 (25%)"]
    assert "Tahap: Sanksi dijatuhkan<br>Jumlah terlapor: 500<br>25% dari temuan/laporan" in hovers(fig)


def test_timeline_fills_empty_months_and_draws_milestones_with_indonesian_months() -> None:
    df = pd.DataFrame({"month": [dt.date(2024, 8, 1), dt.date(2024, 11, 1)], "persons": [3, 1200]})
    cycle = VOC.cycle("Pilkada 2024")
    fig = charts.timeline_chart(df, cycle.milestones, title="Pilkada 2024", colored_by=("cycle", "Pilkada 2024"))
    bars = fig.data[0]
    assert list(bars.y) == [3, 0, 0, 1200]
    assert bars.marker.color == cycle.color and bars.meta == {"color": {"dim": "cycle", "value": "Pilkada 2024"}}
    assert list(fig.layout.xaxis.ticktext) == ["Agu 2024", "Sep 2024", "Okt 2024", "Nov 2024"]
    assert "Bulan: Nov 2024<br>Jumlah terlapor: 1.200" in hovers(fig)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == len(cycle.milestones)
    labels = {a.text for a in fig.layout.annotations}
    assert {m.label for m in cycle.milestones} <= labels
    assert "Hari pemungutan suara<br>27 Nov 2024" in hovers(fig)
    assert fig.layout.yaxis.title.text == "Jumlah terlapor"


def test_timeline_labels_close_in_time_go_to_different_rows() -> None:
    milestones = [Milestone(dt.date(2024, 9, 22), "Penetapan paslon"), Milestone(dt.date(2024, 9, 25), "Awal kampanye")]
    placement = charts._label_rows(milestones, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert placement[0][0] != placement[1][0]
    far = [Milestone(dt.date(2024, 1, 5), "A"), Milestone(dt.date(2024, 12, 1), "B")]
    assert [row for row, _ in charts._label_rows(far, dt.date(2024, 1, 1), dt.date(2024, 12, 31))] == [0, 0]


# ---- tile map, follow-up, top-N ---------------------------------------------------------------------------------


def test_tile_map_places_sixteen_tiles_from_the_vocabulary() -> None:
    df = pd.DataFrame({"district": ["Tugu", "Genuk", "Tidak diketahui"], "persons": [4, 1200, 3]})
    fig = charts.district_tile_map(df)
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 16
    tugu = next(d for d in VOC.districts if d.name == "Tugu")
    row, col = tugu.extra["tile"]
    assert any(abs(r.x0 - (col + 0.04)) < 1e-9 and abs(r.y0 - (row + 0.05)) < 1e-9 and r.fillcolor != charts.ZERO_TILE
               for r in rects)
    texts = [a.text for a in fig.layout.annotations]
    assert "<b>1.200</b>" in texts and "<b>4</b>" in texts
    assert "Semarang<br>Barat" in texts
    assert any("Tanpa kecamatan" in t and "3 terlapor" in t for t in texts)
    assert "Kecamatan: Genuk<br>Jumlah terlapor: 1.200" in hovers(fig)
    assert charts.chart_dims(fig) == ["district", None]
    assert charts.mark_count(fig) < 100


def test_follow_up_ages_older_is_darker_unknown_grey() -> None:
    df = pd.DataFrame({"age_bucket": ["≤ 30 hari", "> 1 tahun", "Tanggal tidak diketahui"], "persons": [2, 1, 1]})
    fig = charts.follow_up_age_chart(df)
    colors = list(fig.data[0].marker.color)
    assert colors[-1] == charts.UNKNOWN_GREY
    assert colors[0] != colors[1]
    assert fig.layout.yaxis.title.text == "Jumlah terlapor"
    # drawn as "> 1 tahun": every category value is made literal for Plotly
    assert list(fig.layout.xaxis.categoryarray) == ["≤ 30 hari", "&gt; 1 tahun", "Tanggal tidak diketahui"]


def test_ranked_bars_keep_order_and_grey_other() -> None:
    df = pd.DataFrame({"violation_type": ["Like postingan", "Lainnya (3 jenis lain)"], "persons": [5, 9],
                       "is_other": [False, True]})
    fig = charts.ranked_bars(df, "violation_type", color="#123456")
    assert list(fig.layout.yaxis.categoryarray) == ["Like postingan", "Lainnya (3 jenis lain)"]
    assert [t.marker.color for t in fig.data] == ["#123456", charts.UNKNOWN_GREY]
    assert [c[0] for t in fig.data for c in t.customdata] == ["Like postingan", None]
    on_tab = charts.ranked_bars(df, "violation_type", colored_by=("cycle", "Pemilu 2024"))
    assert on_tab.data[0].marker.color == VOC.cycle_colors()["Pemilu 2024"]
    assert on_tab.data[0].meta == {"color": {"dim": "cycle", "value": "Pemilu 2024"}} and on_tab.data[1].meta is None
    assert fig.layout.xaxis.title.text == "Jumlah terlapor"


def test_long_labels_are_cut_for_ticks_but_kept_in_hover() -> None:
    long = "Menggunakan fasilitas negara (mobil dinas) untuk kampanye di luar jam kerja"
    df = pd.DataFrame({"violation_type": [long], "persons": [1], "is_other": [False]})
    fig = charts.ranked_bars(df, "violation_type")
    assert fig.layout.yaxis.ticktext[0].endswith("…") and len(fig.layout.yaxis.ticktext[0]) <= charts.TICK_LABEL_CHARS
    assert long in hovers(fig)[0]


# ---- selections and tables ------------------------------------------------------------------------------------


def test_selection_from_points_pairs_customdata_with_dims() -> None:
    points = [
        {"x": "Pemilu 2024", "customdata": ["Pemilu 2024", "PNS"]},
        {"x": "Pemilu 2024", "customdata": ["Pemilu 2024", "PNS"]},  # duplicate
        {"customdata": [None, "Berat"]},  # "Lainnya" bar: not usable
        {"x": "no customdata"},
    ]
    sel = charts.selection_from_points(points, ["cycle", "actor_type"])
    assert sel == ((("cycle", "Pemilu 2024"), ("actor_type", "PNS")),)
    assert charts.selection_from_points([{"customdata": "Tugu"}], ["district"]) == ((("district", "Tugu"),),)
    assert charts.selection_from_points([{"customdata": ["Terlapor", "Pemilu 2024"]}], [None, "cycle"]) == (
        (("cycle", "Pemilu 2024"),),
    )
    assert charts.selection_from_points([], ["cycle"]) == ()
    assert charts.describe_selection(sel) == "Siklus pemilihan: Pemilu 2024 · Jenis pegawai: PNS"
    sanction = charts.selection_from_points([{"customdata": ["Sedang", "Baru direkomendasikan"]},
                                             {"customdata": ["Dalam proses", "Tidak berlaku"]}],
                                            ["severity", "sanction_state"])
    assert charts.describe_selection(sanction) == (
        "Tingkat sanksi: Sedang · Status sanksi: Baru direkomendasikan; Tingkat sanksi: Dalam proses")


def test_tables_behind_have_indonesian_columns_and_dates() -> None:
    df = pd.DataFrame({"cycle": ["Pemilu 2024"], "persons": [3], "cases": [2], "is_other": [False]})
    assert list(charts.table_behind(df).columns) == ["Siklus pemilihan", "Jumlah terlapor", "Jumlah kasus"]
    rows = pd.DataFrame({"case_id": ["1/TM"], "reported_on": [dt.date(2024, 9, 16)], "person_name": ["A*** B***"]})
    shown = charts.display_rows(rows)
    assert list(shown.columns) == ["No. register", "Tanggal temuan/laporan", "Nama terlapor"]
    assert shown.iloc[0]["Tanggal temuan/laporan"] == "16 Sep 2024"
    months = charts.table_behind(pd.DataFrame({"month": [dt.date(2024, 8, 1)], "persons": [3]}))
    assert months.iloc[0]["Bulan"] == "Agu 2024"
    blanks = charts.display_rows(pd.DataFrame({"person_name": [None], "days_waiting": pd.array([400], "Int64")}))
    assert list(blanks.iloc[0]) == ["–", "400 hari"]


def test_all_chart_texts_are_indonesian() -> None:
    figs = [
        charts.bar_by(cycle_actor_frame(), "cycle", "actor_type"),
        charts.severity_distribution(severity_frame(Ringan=1), sanctions_of(severity_frame(Ringan=1))),
        charts.timeline_chart(pd.DataFrame({"month": [dt.date(2020, 10, 1)], "persons": [1]})),
    ]
    english = ["count", "Count", "persons", "value", "variable", "Jan 2020", "Oct", "Aug", "May", "Dec"]
    for fig in figs:
        visible = " ".join(
            [a.text or "" for a in fig.layout.annotations]
            + hovers(fig)
            + [str(fig.layout.xaxis.title.text or ""), str(fig.layout.yaxis.title.text or "")]
            + [str(t) for t in (fig.layout.xaxis.ticktext or ())]
        )
        for word in english:
            assert word not in visible, (word, visible)


# ---- built in one go (pages/shared/figures.figure caches them; the projector view copies them on every rerun) ---


def test_every_figure_carries_the_default_template_streamlits_chart_theme_styles() -> None:
    import plotly.io as pio

    default = pio.templates[pio.templates.default].to_plotly_json()
    figs = [
        charts.bar_by(cycle_actor_frame(), "cycle", "actor_type", title="Uji"),
        charts.severity_distribution(severity_frame(Ringan=1), sanctions_of(severity_frame(Ringan=1))),
        charts.funnel_chart(pd.DataFrame({"stage": ["Temuan/laporan"], "persons": [3]})),
        charts.empty_figure(),
    ]
    for fig in figs:
        assert fig.layout.template.to_plotly_json() == default
        assert charts.for_projector(fig).layout.template.to_plotly_json() == default


def test_projector_view_keeps_a_figures_own_template_and_fonts_of_every_axis() -> None:
    layout = {"template": "plotly_dark", "xaxis2": {"title": {"text": "b"}}}
    fig = go.Figure(go.Bar(x=[1], y=[2], textfont={"size": 10}), layout=layout)
    big = charts.for_projector(fig)
    assert big.layout.template.layout.paper_bgcolor == fig.layout.template.layout.paper_bgcolor
    assert big.data[0].textfont.size == round(10 * charts.PROJECTOR_FONT_SCALE)
    base = round(12 * charts.PROJECTOR_FONT_SCALE)
    assert big.layout.xaxis.tickfont.size == big.layout.xaxis2.tickfont.size == base
    assert fig.data[0].textfont.size == 10 and fig.layout.xaxis.tickfont.size is None  # the original is untouched


def test_subplot_figures_do_not_share_their_layout() -> None:
    one = charts.severity_distribution(severity_frame(Ringan=1), sanctions_of(severity_frame(Ringan=1)), title="Satu")
    two = charts.severity_distribution(severity_frame(Berat=4), sanctions_of(severity_frame(Berat=4)))
    assert one.layout.title.text == "Satu" and two.layout.title.text is None
    assert one.layout.xaxis.range != two.layout.xaxis.range
    assert one.layout.annotations[0].font.size == two.layout.annotations[0].font.size == 14


def _every_builder() -> list[go.Figure]:
    cycle = VOC.cycle("Pilkada 2024")
    breakdown = pd.DataFrame({"district": ["Tugu", "Genuk", "Tidak diketahui", "Genuk"],
                              "severity": ["Ringan", "Ringan", "Ringan", "Berat"], "persons": [1, 2, 9, 2]})
    many = pd.DataFrame({"agency": [f"Instansi {i:05d}" for i in range(charts.MAX_MARKS // 9 + 5)],
                         "severity": "Ringan", "persons": 1})
    headline = pd.DataFrame({"cycle": ["Pilkada 2024"], "persons": [10], "cases": [8], "proven": [5],
                             "sanctioned": [3], "in_process": [4], "not_proven": [1]})
    top = pd.DataFrame({"violation_type": ["A", "Lainnya"], "persons": [5, 3], "is_other": [False, True]})
    months = pd.DataFrame({"month": [dt.date(2024, 8, 1), dt.date(2024, 11, 1)], "persons": [3, 12]})
    return [
        charts.bar_by(cycle_actor_frame(), "cycle", "actor_type", title="Uji"),
        charts.bar_by(cycle_actor_frame(), "cycle", "actor_type", horizontal=True),
        charts.bar_by(pd.DataFrame({"district": ["Tugu", "Genuk"], "persons": [2, 7]}), "district", horizontal=True),
        charts.bar_by(pd.DataFrame({"actor_type": ["THL", "PNS"], "persons": [2, 7]}), "actor_type"),
        charts.severity_distribution(severity_frame(Berat=2, **{"Dalam proses": 9}),
                                     sanctions_of(severity_frame(Berat=2), {"Berat": 1}), title="Uji"),
        charts.severity_breakdown(breakdown, "district", sanctions_of(breakdown, {"Ringan": 1}, by="district"),
                                  title="Uji", sort_by_total=True, not_clickable=["Tugu"]),
        charts.severity_breakdown(many, "agency", sanctions_of(many, by="agency")),
        charts.cycles_side_by_side(headline),
        charts.ranked_bars(top, "violation_type", title="Uji"),
        charts.funnel_chart(pd.DataFrame({"stage": ["Temuan/laporan", "Diregister"], "persons": [20, 15]})),
        charts.timeline_chart(months, cycle.milestones, title="Uji", colored_by=("cycle", "Pilkada 2024")),
        charts.district_tile_map(pd.DataFrame({"district": ["Tugu", "Tidak diketahui"], "persons": [4, 3]})),
        charts.follow_up_age_chart(pd.DataFrame({"age_bucket": ["≤ 30 hari", "Tanggal tidak diketahui"],
                                                 "persons": [3, 1]})),
        charts.empty_figure(),
    ]


@pytest.mark.slow
def test_every_builder_makes_a_figure_plotly_validates() -> None:
    """The app makes figures without Plotly's per-value validation (charts.VALIDATE); here every builder's figure,
    and its projector copy, is made again with validation on, which refuses unknown properties and bad values, and
    must come out the same."""
    import plotly.io as pio

    def spec(fig: go.Figure) -> dict:
        def strip(value):  # an empty object means the same as none to Plotly
            if isinstance(value, dict):
                return {k: v for k, v in ((k, strip(v)) for k, v in value.items()) if v != {}}
            return [strip(v) for v in value] if isinstance(value, list) else value

        return strip(json.loads(pio.to_json(fig, validate=False)))

    with pytest.raises(ValueError):  # the check has teeth
        go.Figure({"data": [{"type": "bar", "colour": "red"}]})
    for fig in _every_builder():
        for made in (fig, charts.for_projector(fig)):
            assert spec(go.Figure(made.to_plotly_json())) == spec(made)


# ---- register text is drawn as written, never as Plotly markup ---------------------------------------------------

OWN_TAGS = re.compile(r"<br>|</?b>")
PLOTLY_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")


def _drawn(text: str) -> str:
    """What Plotly draws for a text without tags (its one-pass entity decoding)."""
    named = {"amp": "&", "lt": "<", "gt": ">"}
    return PLOTLY_ENTITY.sub(lambda m: chr(int(m.group(1)[1:])) if m.group(1)[0] == "#" else named[m.group(1)],
                             text)


def _texts(value: object, key: str = "") -> list[str]:
    """Every string of a figure's JSON that Plotly may draw (not customdata, meta, template or colours)."""
    if key in ("customdata", "meta", "template") or "color" in key:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in _texts(v, k)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v, key)]
    return []


HOSTILE = ['<a href="http://127.0.0.1:9/x">Dinas</a>', "<b>tebal</b><br>baris", "&lt;i&gt; &amp; 50%", "$x^2$",
           "Dinas\u202eKominfo", ":red[merah] ![g](http://127.0.0.1:9/g.png)"]


def _builders() -> dict:
    """Each builder fed hostile values where a register's text arrives; the values it must draw."""
    h = HOSTILE
    n = len(h)
    return {
        "bar": (lambda: charts.bar_by(pd.DataFrame({"agency": h, "persons": range(1, n + 1)}), "agency"), h),
        "bar_horizontal": (lambda: charts.bar_by(pd.DataFrame({"agency": h, "persons": range(1, n + 1)}), "agency",
                                                 horizontal=True), h),
        "bar_stacked": (lambda: charts.bar_by(pd.DataFrame({"cycle": ["Pemilu 2024"] * n, "agency": h,
                                                            "persons": range(1, n + 1)}), "cycle", "agency",
                                              title=h[0]), h),
        "severity_breakdown": (lambda: charts.severity_breakdown(
            frame := pd.DataFrame({"agency": h + h, "severity": ["Ringan"] * n + ["Tidak terbukti"] * n,
                                   "persons": list(range(1, 2 * n + 1))}),
            "agency", sanctions_of(frame, {"Ringan": 1}, by="agency"), title=h[1]), h),
        "ranked": (lambda: charts.ranked_bars(pd.DataFrame({"violation_type": h, "persons": range(n, 0, -1),
                                                            "is_other": [False] * n}), "violation_type"), h),
        "cycles": (lambda: charts.cycles_side_by_side(pd.DataFrame({
            "cycle": h, "persons": 3, "cases": 3, "proven": 2, "sanctioned": 1, "in_process": 1,
            "not_proven": 0})), h),
        "funnel": (lambda: charts.funnel_chart(pd.DataFrame({"stage": h, "persons": range(n, 0, -1)})), h),
        "age": (lambda: charts.follow_up_age_chart(pd.DataFrame({"age_bucket": h, "persons": range(1, n + 1)})), h),
        "timeline": (lambda: charts.timeline_chart(
            pd.DataFrame({"month": [dt.date(2024, 8, 1)], "persons": [2]}),
            [Milestone(dt.date(2024, 8, 10 + i), t) for i, t in enumerate(h)], title=h[2]), h),
        "empty": (lambda: charts.empty_figure(h[3]), h[3:4]),
    }


@pytest.mark.parametrize("name", list(_builders()))
def test_register_text_is_drawn_as_written(name: str) -> None:
    build, expected = _builders()[name]
    fig = build()
    texts = _texts(fig.to_plotly_json())
    for text in texts:
        bare = OWN_TAGS.sub("", text)
        assert "<" not in bare and ">" not in bare and "$" not in bare, text  # no tag, no formula from the data
        assert "\u202e" not in text
    drawn = [_drawn(part) for text in texts for part in OWN_TAGS.split(text)]
    for hostile in expected:
        shown = hostile.replace("\u202e", "[U+202E]")
        words = shown.split(" ")  # a wrapped tick label is drawn a few words per line
        assert any(shown in d for d in drawn) or all(any(w in d for d in drawn) for w in words), (hostile, drawn)
    if fig.layout.meta and charts.chart_dims(fig):  # a click selects by the value as stored, not as drawn
        clicked = {v for trace in fig.data for point in trace.customdata or () for v in point if isinstance(v, str)}
        assert set(expected) <= clicked, clicked
