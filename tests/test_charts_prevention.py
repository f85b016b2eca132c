"""The prevention charts on query results from a real DuckDB file: valid Plotly figures (re-made with validation on),
the numbers they draw equal the query layer's, bars in the cycles' fixed colours, the timeline's activity markers
told apart by shape on their own axis, and the comparison per kecamatan marking the kecamatan without a briefing or
declaration."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pytest

from netralitas import charts, charts_prevention, queries
from netralitas.labels import PREVENTION_CITYWIDE, PREVENTION_LABELS
from netralitas.queries import Filters
from netralitas.vocab import vocabulary

pytestmark = pytest.mark.integration


def _ask(db: Path, fn, *args):
    with contextlib.closing(duckdb.connect(str(db), read_only=True)) as con:
        return fn(con, *args)


def valid(fig: go.Figure) -> dict:
    """The figure's plain form, after Plotly validated every value of it."""
    spec = fig.to_plotly_json()
    go.Figure(spec)  # raises on an invalid property or value
    return spec


@pytest.mark.parametrize("dim", ["kind", "audience_group"])
def test_activities_by_draws_the_counts_in_cycle_colours(prevention_db: Path, dim: str) -> None:
    df = _ask(prevention_db, queries.prevention_counts, Filters(), ["cycle", dim])
    spec = valid(charts_prevention.activities_by(df, dim, title="Uji"))
    colours = vocabulary().cycle_colors()
    drawn = 0
    for trace in spec["data"]:
        assert trace["marker"]["color"] == colours[trace["meta"]["color"]["value"]]
        drawn += sum(trace["x"])
    assert drawn == int(df["activities"].sum())
    names = vocabulary().prevention_kind_names if dim == "kind" else vocabulary().audience_group_names
    shown = spec["layout"]["yaxis"]["tickvals"]
    assert shown == [n for n in names if n in set(df[dim])]


def test_tile_map_counts_activities_and_names_the_city_wide_ones(prevention_db: Path) -> None:
    df = _ask(prevention_db, queries.prevention_counts, Filters(), ["district"])
    spec = valid(charts_prevention.activities_tile_map(df, title="Peta"))
    hovers = spec["data"][0]["hovertext"]
    assert "Kecamatan: Tugu<br>Jumlah kegiatan: 1" in hovers
    citywide = int(df.loc[df["district"].isna(), "activities"].sum())
    notes = [a["text"] for a in spec["layout"]["annotations"]]
    assert f"Tanpa kecamatan / di luar 16 kecamatan: {citywide} kegiatan" in notes
    assert charts_prevention.table_behind(df)[PREVENTION_LABELS["district"]].tolist().count(PREVENTION_CITYWIDE) == 1


def test_timeline_markers_beside_the_findings(prevention_db: Path) -> None:
    filters = Filters(cycles=("Pemilu 2024",))
    timeline = _ask(prevention_db, queries.monthly_timeline, filters)
    activities = _ask(prevention_db, queries.prevention_monthly, filters)
    milestones = tuple(vocabulary().cycle("Pemilu 2024").milestones)
    spec = valid(charts_prevention.timeline_with_activities(timeline, milestones, activities, title="Garis waktu",
                                                            colored_by=("cycle", "Pemilu 2024")))
    markers = [t for t in spec["data"] if t.get("yaxis") == "y2"]
    assert {t["name"] for t in markers} == set(activities["kind"])
    assert sum(sum(t["y"]) for t in markers) == int(activities["activities"].sum())
    assert len({t["marker"]["symbol"] for t in markers}) == len(markers)  # one shape per kind
    assert {t["marker"]["line"]["color"] for t in markers} == {charts_prevention.ACTIVITY_MARKER_COLOR}
    assert all("meta" not in t for t in markers)  # no colour meaning: never confused with a cycle
    # the first activity (July 2023) lies inside the month axis
    first = pd.Timestamp(spec["layout"]["xaxis"]["range"][0]).date()
    assert first <= dt.date(2023, 7, 1)
    bars = spec["data"][0]
    assert sum(bars["y"]) == int(timeline["persons"].sum())


def test_timeline_without_activities_is_the_plain_timeline(prevention_db: Path) -> None:
    filters = Filters(cycles=("Pemilu 2024",), date_to=dt.date(2023, 1, 31))
    timeline = _ask(prevention_db, queries.monthly_timeline, filters)
    activities = _ask(prevention_db, queries.prevention_monthly, filters)
    assert activities.empty
    fig = charts_prevention.timeline_with_activities(timeline, (), activities)
    assert fig.to_plotly_json() == charts.timeline_chart(timeline, (), height=440).to_plotly_json()


def test_comparison_table_marks_kecamatan_without_briefing(prevention_db: Path) -> None:
    df = _ask(prevention_db, queries.prevention_by_district, Filters())
    cycles = ["Pemilu 2024", "Pilkada 2024"]
    table = charts_prevention.district_comparison(df, cycles)
    assert len(table) == 2 * len(vocabulary().district_names) == 32
    rows = table.set_index([PREVENTION_LABELS["cycle"], PREVENTION_LABELS["district"]])
    assert rows.loc[("Pilkada 2024", "Tembalang"), PREVENTION_LABELS["briefings"]] == 1
    assert rows.loc[("Pemilu 2024", "Tembalang"), PREVENTION_LABELS["persons"]] == 2
    assert rows.loc[("Pemilu 2024", "Tembalang"), PREVENTION_LABELS["unbriefed"]] == "Ya"
    assert rows.loc[("Pilkada 2024", "Tembalang"), PREVENTION_LABELS["unbriefed"]] == "–"
    assert rows.loc[("Pemilu 2024", "Banyumanik"), PREVENTION_LABELS["unbriefed"]] == "–"  # no persons reported
    styles = charts_prevention.unbriefed_styles(table)
    flagged = table[PREVENTION_LABELS["unbriefed"]] == "Ya"
    assert (styles[flagged] == charts_prevention.UNBRIEFED_STYLE).all().all()
    assert (styles[~flagged] == "").all().all()
