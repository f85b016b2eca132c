"""Each chart builder's exact figure for the small fixture register, compared with tests/snapshots/charts/: the
figure as Plotly's JSON (trace types, x/y/values, colours, hover texts, titles, axis labels, annotations, layout;
keys sorted, Plotly's default template left out) and the table shown and downloaded under the chart.

The figures are made from the query functions with the arguments the pages give them: Ringkasan, one cycle's tab
of Siklus Pemilihan (a cycle with milestones and the cycle "Tidak diketahui"), every tab of Pelaku, Sanksi &
Tindak Lanjut, the empty-state figure and a figure in the projector view.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pytest

from netralitas import charts, clock, queries
from netralitas.queries import Filters
from netralitas.vocab import vocabulary
from tests import fixture_register
from tests.snapshot import frame, plain

pytestmark = pytest.mark.integration

ALL = Filters()
TOP_AGENCIES = 15  # as on Pelaku
TOP_VIOLATION_TYPES = 10  # as on Pelaku and Siklus Pemilihan
CYCLE_TABS = ("Pilkada 2024", "Tidak diketahui")

Chart = tuple[go.Figure, pd.DataFrame | None]


def sorted_keys(value: Any) -> Any:
    """``value`` with the keys of every mapping in sorted order and empty mappings left out: a figure's JSON does
    not depend on the order its builder set them in, nor on whether Plotly validated it (which drops ``{}``)."""
    if isinstance(value, dict):
        out = {k: sorted_keys(value[k]) for k in sorted(value)}
        return {k: v for k, v in out.items() if v != {}}
    if isinstance(value, list):
        return [sorted_keys(v) for v in value]
    return value


def figure_json(fig: go.Figure) -> dict:
    spec = fig.to_plotly_json()
    layout = dict(spec.get("layout") or {})
    layout.pop("template", None)
    return sorted_keys(plain({"data": spec.get("data") or [], "layout": layout}))


def ringkasan(con) -> dict[str, Chart]:
    by_cycle_actor = queries.counts_by(con, ALL, ["cycle", "actor_type"])
    by_severity = queries.counts_by(con, ALL, ["severity"])
    sanctions = queries.sanctions_by_severity(con, ALL)
    funnel = queries.funnel(con, ALL)
    by_cycle = queries.headline_by_cycle(con, ALL)
    return {
        "siklus_pegawai": (charts.bar_by(by_cycle_actor, "cycle", "actor_type",
                                         title="Terlapor per siklus dan jenis pegawai", height=420),
                           charts.table_behind(by_cycle_actor)),
        "sanksi": (charts.severity_distribution(by_severity, sanctions, title="Tingkat sanksi dan hasil penanganan"),
                   charts.severity_split_table(by_severity, sanctions)),
        "alur": (charts.funnel_chart(funnel, title="Alur penanganan: dari temuan sampai sanksi"),
                 charts.table_behind(funnel)),
        "perbandingan": (charts.cycles_side_by_side(by_cycle, title="Perbandingan antarsiklus pemilihan"),
                         charts.table_behind(by_cycle)),
    }


def cycle_tab(con, cycle: str) -> dict[str, Chart]:
    f = ALL.with_(cycles=(cycle,))
    info = vocabulary().cycle(cycle)
    timeline = queries.monthly_timeline(con, f)
    types = queries.counts_top(con, f, "violation_type", TOP_VIOLATION_TYPES)
    actors = queries.counts_by(con, f, ["actor_type"])
    severities = queries.counts_by(con, f, ["severity"])
    sanctions = queries.sanctions_by_severity(con, f)
    funnel = queries.funnel(con, f)
    return {
        "garis_waktu": (charts.timeline_chart(timeline, tuple(info.milestones if info else ()),
                                              title=f"Temuan/laporan per bulan — {cycle}", colored_by=("cycle", cycle)),
                        charts.table_behind(timeline.drop(columns="cycle", errors="ignore"))),
        "jenis_pelanggaran": (charts.ranked_bars(types, "violation_type", colored_by=("cycle", cycle),
                                                 title=f"Jenis pelanggaran ({TOP_VIOLATION_TYPES} terbanyak)"),
                              charts.table_behind(types)),
        "jenis_pegawai": (charts.bar_by(actors, "actor_type", title="Jenis pegawai", height=380),
                          charts.table_behind(actors)),
        "sanksi": (charts.severity_distribution(severities, sanctions, title="Tingkat sanksi dan hasil penanganan"),
                   charts.severity_split_table(severities, sanctions)),
        "alur": (charts.funnel_chart(funnel, title="Alur penanganan", height=420), charts.table_behind(funnel)),
    }


def pelaku(con) -> dict[str, Chart]:
    out: dict[str, Chart] = {}
    for dim, title, name in (("actor_type", "Jenis pegawai menurut tingkat sanksi", "pegawai"),
                             ("position_group", "Kelompok jabatan menurut tingkat sanksi", "jabatan"),
                             ("district", "Kecamatan menurut tingkat sanksi", "kecamatan")):
        df = queries.counts_by(con, ALL, [dim, "severity"])
        sanctions = queries.sanctions_by_severity(con, ALL, by=dim)
        out[name] = (charts.severity_breakdown(df, dim, sanctions, title=title, sort_by_total=dim != "actor_type"),
                     charts.severity_table(df, dim, sanctions))
    districts = queries.counts_by(con, ALL, ["district"])
    out["peta"] = (charts.district_tile_map(districts, title="Peta petak 16 kecamatan"), charts.table_behind(districts))
    for dim, n, title, name in (("agency", TOP_AGENCIES, f"{TOP_AGENCIES} instansi dengan terlapor terbanyak",
                                 "instansi"),
                                ("violation_type", TOP_VIOLATION_TYPES,
                                 f"{TOP_VIOLATION_TYPES} jenis pelanggaran terbanyak", "jenis"),
                                ("agency", 4, "4 instansi dengan terlapor terbanyak", "instansi_4_teratas")):
        df = queries.counts_top(con, ALL, dim, n, "severity")
        sanctions = queries.sanctions_by_severity(con, ALL, by=dim)
        order = list(dict.fromkeys(str(v) for v in df[dim]))
        rest = df[df["is_other"]]
        other = str(rest[dim].iloc[0]) if not rest.empty else None
        out[name] = (charts.severity_breakdown(df[~df["is_other"]], dim, sanctions, title=title, order=tuple(order)),
                     charts.severity_table(df.drop(columns="is_other"), dim, sanctions, order=order, other=other))
    return out


def sanksi(con) -> dict[str, Chart]:
    out: dict[str, Chart] = {}
    for dim, title, name in (("actor_type", "Menurut jenis pegawai", "menurut_pegawai"),
                             ("cycle", "Menurut siklus pemilihan", "menurut_siklus")):
        df = queries.counts_by(con, ALL, [dim, "severity"])
        sanctions = queries.sanctions_by_severity(con, ALL, by=dim)
        out[name] = (charts.severity_breakdown(df, dim, sanctions, title=title),
                     charts.severity_table(df, dim, sanctions))
    buckets = queries.follow_up_summary(con, ALL, today=clock.today())["buckets"]
    out["lama_menunggu"] = (charts.follow_up_age_chart(buckets, title="Lama menunggu"), charts.table_behind(buckets))
    return out


def others(con) -> dict[str, Chart]:
    by_cycle = queries.headline_by_cycle(con, ALL)
    return {
        "kosong": (charts.empty_figure(), None),
        "proyektor_perbandingan": (charts.for_projector(
            charts.cycles_side_by_side(by_cycle, title="Perbandingan antarsiklus pemilihan")), None),
    }


def _slug(text: str) -> str:
    return "_".join(text.lower().split())


PAGES: dict[str, Callable[[duckdb.DuckDBPyConnection], dict[str, Chart]]] = {
    "ringkasan": ringkasan,
    **{f"siklus_{_slug(c)}": (lambda con, c=c: cycle_tab(con, c)) for c in CYCLE_TABS},
    "pelaku": pelaku,
    "sanksi": sanksi,
    "lain": others,
}


@pytest.fixture(scope="module")
def con(fixture_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with contextlib.closing(duckdb.connect(str(fixture_db), read_only=True)) as connection, \
            clock.frozen(fixture_register.TODAY_AT):
        yield connection


@pytest.mark.parametrize("page", list(PAGES))
def test_chart_figures(con, snapshot, page: str) -> None:
    for name, (fig, table) in PAGES[page](con).items():
        entry: dict[str, Any] = {"figure": figure_json(fig)}
        if table is not None:
            entry["table"] = frame(table)
        snapshot.check(f"charts/{page}/{name}.json", entry)
