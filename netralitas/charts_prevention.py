"""Charts of prevention work (pencegahan): activities per kind and per audience group, the 16-kecamatan tile map of
activities, the monthly timeline of findings with prevention activities as markers, and the comparison per
kecamatan of activities held and persons reported. Plain functions from query DataFrames to Plotly figures or
tables (no Streamlit here).

Bars are coloured by cycle with the cycles' fixed colours (the colour means the same as on every other page);
the timeline's activity markers are told apart by shape, not colour, so they never look like a cycle. Every text a
figure shows goes through :func:`netralitas.literal.plotly_literal` (the chart helpers of :mod:`netralitas.charts`
do it for categories, names and titles).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from netralitas import charts
from netralitas.formatting import format_month, format_number
from netralitas.labels import PREVENTION_CITYWIDE, PREVENTION_LABELS
from netralitas.literal import plotly_literal
from netralitas.vocab import Milestone, Vocabulary, vocabulary

ACTIVITY_MARKER_COLOR = "#1a1a1a"  # ink: the markers are told apart by shape, never by a colour of a cycle
# Marker shapes of the kinds of activity, in the vocabulary's order of kinds (repeated if there were more kinds).
KIND_SYMBOLS = ("circle", "triangle-up", "star", "square", "diamond-wide", "cross", "hexagon")
MARKER_FILL = "#ffffff"  # white inside an ink outline: seen on a bar of any colour


def _kind_symbol(kind: str, voc: Vocabulary) -> str:
    names = voc.prevention_kind_names
    index = names.index(kind) if kind in names else len(names)
    return KIND_SYMBOLS[index % len(KIND_SYMBOLS)]


def _order(values: Sequence[str], canonical: Sequence[str]) -> list[str]:
    """``values`` in ``canonical`` order, any other value after them in the order given."""
    present = list(dict.fromkeys(values))
    return [v for v in canonical if v in present] + [v for v in present if v not in canonical]


def activities_by(df: pd.DataFrame, dim: str, title: str | None = None, height: int = 380) -> go.Figure:
    """Horizontal bars of activities per ``dim`` (``kind`` or ``audience_group``, in vocabulary order from the top),
    stacked by cycle in the cycles' fixed colours, the total at the end of each bar. ``df`` from
    ``queries.prevention_counts(…, ["cycle", dim])``."""
    if df.empty or int(df["activities"].sum()) == 0:
        return charts.empty_figure("Tidak ada kegiatan pencegahan untuk filter ini")
    voc = vocabulary()
    canonical = voc.prevention_kind_names if dim == "kind" else voc.audience_group_names
    categories = _order([str(v) for v in df[dim]], canonical)
    colors = voc.cycle_colors()
    dim_label, value_label = PREVENTION_LABELS[dim], PREVENTION_LABELS["activities"]
    counts = df.groupby([df["cycle"].astype(str), df[dim].astype(str)])["activities"].sum()
    data = []
    for cycle in charts.category_order("cycle", [str(c) for c in df["cycle"]], voc):
        ys = [int(counts.get((cycle, c), 0)) for c in categories]
        data.append(charts._bar(categories, ys, cycle, colors.get(cycle, charts.UNKNOWN_GREY), True, dim_label,
                                value_label, PREVENTION_LABELS["cycle"], charts.color_key("cycle", value=cycle)))
    totals = df.groupby(df[dim].astype(str))["activities"].sum()
    shown = [plotly_literal(c) for c in categories]
    annotations = [{"x": int(totals.get(c, 0)), "y": s, "text": format_number(int(totals.get(c, 0))),
                    "showarrow": False, "xanchor": "left", "xshift": 4, "font": {"size": 13}}
                   for c, s in zip(categories, shown, strict=True)]
    layout = {
        "barmode": "stack", "annotations": annotations, "meta": {"dims": [None, None]},
        "uniformtext": {"minsize": 11, "mode": "hide"},  # no count squeezed into a sliver of a bar
        "xaxis": {"title": {}, "range": [0, max(int(totals.max()), 1) * 1.15]},  # the title says what is counted
        "yaxis": {"title": {}, "categoryorder": "array", "categoryarray": list(reversed(shown)), "automargin": True,
                  "tickvals": shown, "ticktext": [plotly_literal(charts.short_label(c)) for c in categories]},
    }
    charts._style(layout, title, height=height, legend_title=PREVENTION_LABELS["cycle"])
    charts._legend_below(layout)
    return charts._figure(data, layout)


def citywide_as_place(df: pd.DataFrame) -> pd.DataFrame:
    """Counts per kecamatan with the city-wide activities (no kecamatan) under :data:`PREVENTION_CITYWIDE`."""
    out = df.copy()
    out["district"] = [PREVENTION_CITYWIDE if d is None or pd.isna(d) else d for d in out["district"]]
    return out


def activities_tile_map(df: pd.DataFrame, title: str | None = None, height: int = 420) -> go.Figure:
    """The 16-kecamatan tile map of activities held in each kecamatan (the tile map of the cases); city-wide
    activities are counted in the note under the map. ``df`` from ``queries.prevention_counts(…, ["district"])``."""
    return charts.district_tile_map(citywide_as_place(df), title=title, height=height, value="activities",
                                    value_label=PREVENTION_LABELS["activities"], noun="kegiatan")


def timeline_with_activities(timeline: pd.DataFrame, milestones: Sequence[Milestone], activities: pd.DataFrame,
                             title: str | None = None, height: int = 440,
                             colored_by: tuple[str, str] | None = None) -> go.Figure:
    """The monthly timeline of findings (:func:`netralitas.charts.timeline_chart`) with the prevention activities
    of each month as markers on a second axis (one shape per kind, the number of activities written beside it).
    ``activities`` from ``queries.prevention_monthly``. Months of activities outside the findings' months widen
    the axis so that a briefing before the wave of cases shows."""
    if activities.empty:
        return charts.timeline_chart(timeline, milestones, title=title, height=height, colored_by=colored_by)
    voc = vocabulary()
    act = activities.assign(month=pd.to_datetime(activities["month"]).dt.date)
    fig = charts.timeline_chart(timeline, milestones, title=title, height=height, colored_by=colored_by)
    if charts.is_empty_figure(fig):
        return fig
    spec = fig.to_plotly_json()
    data, layout = spec["data"], spec["layout"]
    kinds = _order([str(k) for k in act["kind"]], voc.prevention_kind_names)
    top = max(int(act.groupby("month")["activities"].max().max()), 1)
    for i, kind in enumerate(kinds):
        rows = act[act["kind"] == kind]
        xs = [m + dt.timedelta(days=4 + 3 * i) for m in rows["month"]]
        ys = [int(n) for n in rows["activities"]]
        data.append({
            "type": "scatter", "x": xs, "y": ys, "yaxis": "y2", "mode": "markers+text", "name": plotly_literal(kind),
            "marker": {"symbol": _kind_symbol(kind, voc), "size": 14, "color": MARKER_FILL,
                       "line": {"width": 2, "color": ACTIVITY_MARKER_COLOR}},
            "text": [format_number(y) if y > 1 else "" for y in ys], "textposition": "top center",
            "hovertext": [f"Bulan: {format_month(m)}<br>{PREVENTION_LABELS['kind']}: {plotly_literal(kind)}<br>"
                          f"{PREVENTION_LABELS['activities']}: {format_number(y)}"
                          for m, y in zip(rows["month"], ys, strict=True)],
            "hoverinfo": "text", "customdata": [[None, None] for _ in ys], "showlegend": True,
        })
    for trace in data:
        if trace.get("yaxis") != "y2":
            trace["showlegend"] = False
    _widen_months(layout, min(act["month"]), max(act["month"]))
    layout["yaxis2"] = {"title": {"text": "Kegiatan"}, "automargin": True, "overlaying": "y", "side": "right",
                        "range": [0, top * 2.2], "showgrid": False, "zeroline": False}
    if top < 6:
        layout["yaxis2"]["dtick"] = 1
    layout["showlegend"] = True
    layout["legend"] = {"title": {"text": "Kegiatan pencegahan: "}, "orientation": "h", "x": 0, "xanchor": "left",
                        "y": -0.12, "yanchor": "top"}
    layout["margin"] = {**layout.get("margin", {}), "b": 70, "r": 70}
    return charts._figure(data, layout)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first days of the months from ``first``'s month to ``last``'s."""
    months, cur = [], first.replace(day=1)
    while cur <= last:
        months.append(cur)
        cur = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


def _widen_months(layout: dict, first_activity: dt.date, last_activity: dt.date) -> None:
    """Widen the timeline's month axis (and its month ticks) to the months of the activities."""
    low, high = (pd.Timestamp(v).date() for v in layout["xaxis"]["range"])
    first = min(first_activity.replace(day=1), (low + dt.timedelta(days=5)).replace(day=1))
    last = max(last_activity.replace(day=1), (high - dt.timedelta(days=31)).replace(day=1))
    months = _months(first, last)
    step = max(1, -(-len(months) // 14))
    layout["xaxis"]["range"] = [first - dt.timedelta(days=5), last + dt.timedelta(days=31)]
    layout["xaxis"]["tickvals"] = [m + dt.timedelta(days=14) for m in months[::step]]
    layout["xaxis"]["ticktext"] = [format_month(m) for m in months[::step]]


def district_comparison(df: pd.DataFrame, cycles: Sequence[str], voc: Vocabulary | None = None) -> pd.DataFrame:
    """The comparison per kecamatan as a table: per cycle (in the order given) every one of the 16 kecamatan
    (alphabetical) with the activities held there, of them briefings or declarations, the persons reported there,
    and "Ya" where persons were reported and no briefing or declaration was held. ``df`` from
    ``queries.prevention_by_district``."""
    voc = voc or vocabulary()
    cells = {(r.district, r.cycle): r for r in df.itertuples()}
    rows = []
    for cycle in cycles:
        for district in voc.district_names:
            cell = cells.get((district, cycle))
            rows.append({
                PREVENTION_LABELS["cycle"]: cycle,
                PREVENTION_LABELS["district"]: district,
                PREVENTION_LABELS["activities"]: int(cell.activities) if cell else 0,
                PREVENTION_LABELS["briefings"]: int(cell.briefings) if cell else 0,
                PREVENTION_LABELS["persons"]: int(cell.persons) if cell else 0,
                PREVENTION_LABELS["unbriefed"]: UNBRIEFED_MARK if cell is not None and cell.unbriefed else "–",
            })
    columns = [PREVENTION_LABELS[k] for k in ("cycle", "district", "activities", "briefings", "persons", "unbriefed")]
    return pd.DataFrame(rows, columns=columns)


UNBRIEFED_MARK = "Ya"
UNBRIEFED_STYLE = "background-color: #f8d7da; color: #842029; font-weight: 600"


def unbriefed_styles(table: pd.DataFrame) -> pd.DataFrame:
    """CSS per cell of :func:`district_comparison`'s table: the rows of a kecamatan with reported persons and no
    briefing or declaration in that cycle stand out (red)."""
    styles = pd.DataFrame("", index=table.index, columns=table.columns)
    flagged = table[PREVENTION_LABELS["unbriefed"]] == UNBRIEFED_MARK
    styles.loc[flagged, :] = UNBRIEFED_STYLE
    return styles


def table_behind(df: pd.DataFrame) -> pd.DataFrame:
    """The table behind a prevention chart with Indonesian column names (months written out)."""
    out = df.copy()
    if "month" in out.columns:
        out["month"] = [format_month(pd.Timestamp(v).date()) for v in out["month"]]
    if "district" in out.columns:
        out = citywide_as_place(out)
    return out.rename(columns=lambda c: PREVENTION_LABELS.get(str(c), str(c)))
